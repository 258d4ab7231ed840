/*
 * exim_addr.c - the Exim parser's table of session keys without a pid
 * (struct ex_addrs, exim_int.h): find, add, touch and remove a key, and
 * the least recently active one.  What the state means is exim_event.c's.
 *
 * Linear probing over at least twice as many index slots as entries;
 * removal shifts the probe run back, so no tombstones build up.
 */
#include <stdlib.h>
#include <string.h>

#include "exim_int.h"
#include "lib/xmalloc.h"

#define MIN_CAP	64

/* put - entry index i + 1 into the index. */
static void
put(struct ex_addrs *a, unsigned i)
{
	unsigned	j;

	for (j = a->e[i].hash & a->mask; a->idx[j] != 0; j = (j + 1) & a->mask)
		;
	a->idx[j] = i + 1;
}

/* grow - twice the entries (MIN_CAP at first) and the index rebuilt. */
static void
grow(struct ex_addrs *a)
{
	unsigned	i, cap = a->cap == 0 ? MIN_CAP : 2 * a->cap;

	a->e = xreallocarray(a->e, cap, sizeof(*a->e));
	for (i = cap; i > a->cap; i--) {	/* new ones on the free list */
		a->e[i - 1].newer = a->free;
		a->free = i;
	}
	a->cap = cap;
	free(a->idx);
	a->mask = 2 * cap - 1;
	a->idx = xcalloc((size_t)a->mask + 1, sizeof(*a->idx));
	for (i = a->oldest; i != 0; i = a->e[i - 1].newer)
		put(a, i - 1);
}

struct ex_addr *
ex_addr_find(const struct ex_addrs *a, const char *key, unsigned h)
{
	unsigned	j;

	if (a->cap == 0)
		return NULL;
	for (j = h & a->mask; a->idx[j] != 0; j = (j + 1) & a->mask) {
		struct ex_addr	*e = &a->e[a->idx[j] - 1];

		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

/* link - e (entry i + 1) as the most recently active. */
static void
link_newest(struct ex_addrs *a, struct ex_addr *e, unsigned i)
{
	e->older = a->newest;
	e->newer = 0;
	if (a->newest != 0)
		a->e[a->newest - 1].newer = i;
	else
		a->oldest = i;
	a->newest = i;
}

static void
unlink_entry(struct ex_addrs *a, struct ex_addr *e)
{
	if (e->older != 0)
		a->e[e->older - 1].newer = e->newer;
	else
		a->oldest = e->newer;
	if (e->newer != 0)
		a->e[e->newer - 1].older = e->older;
	else
		a->newest = e->older;
}

struct ex_addr *
ex_addr_add(struct ex_addrs *a, const char *key, size_t n, unsigned h)
{
	struct ex_addr	*e;
	unsigned	 i;

	if (a->free == 0)
		grow(a);
	i = a->free;
	e = &a->e[i - 1];
	a->free = e->newer;
	memcpy(e->key, key, n);
	e->key[n] = '\0';
	e->hash = h;
	e->last = 0;
	e->port = e->connected = e->closed = 0;
	link_newest(a, e, i);
	put(a, i - 1);
	a->n++;
	return e;
}

void
ex_addr_touch(struct ex_addrs *a, struct ex_addr *e)
{
	unsigned	i = (unsigned)(e - a->e) + 1;

	if (a->newest == i)
		return;
	unlink_entry(a, e);
	link_newest(a, e, i);
}

struct ex_addr *
ex_addr_oldest(const struct ex_addrs *a)
{
	return a->oldest != 0 ? &a->e[a->oldest - 1] : NULL;
}

void
ex_addr_del(struct ex_addrs *a, struct ex_addr *e)
{
	unsigned	i = (unsigned)(e - a->e) + 1, j, k, h;

	for (j = e->hash & a->mask; a->idx[j] != i; j = (j + 1) & a->mask)
		;
	/* Shift back the entries of the run after j that may sit at j. */
	for (k = (j + 1) & a->mask; a->idx[k] != 0; k = (k + 1) & a->mask) {
		h = a->e[a->idx[k] - 1].hash & a->mask;
		/* k's home h not cyclically in (j, k]: it may move to j. */
		if (((k - h) & a->mask) >= ((k - j) & a->mask)) {
			a->idx[j] = a->idx[k];
			j = k;
		}
	}
	a->idx[j] = 0;
	unlink_entry(a, e);
	e->newer = a->free;
	a->free = i;
	a->n--;
}

void
ex_addr_free(struct ex_addrs *a)
{
	free(a->e);
	free(a->idx);
	memset(a, 0, sizeof(*a));
}
