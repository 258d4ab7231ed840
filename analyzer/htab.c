/*
 * htab.c - string-keyed hash table with separate chaining and FNV-1a; the
 * bucket array doubles when the load passes 1.  Key and entry share one
 * allocation.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "htab.h"
#include "xmalloc.h"

struct hent {
	struct hent	*next;
	uint32_t	 hash;
	void		*val;
	char		 key[];
};

struct htab {
	struct hent	**b;
	size_t		  nb;
	size_t		  n;
};

uint32_t
htab_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct htab *
htab_new(void)
{
	struct htab	*t;

	t = xcalloc(1, sizeof(*t));
	t->nb = 64;
	t->b = xcalloc(t->nb, sizeof(*t->b));
	return t;
}

void
htab_free(struct htab *t, void (*free_fn)(void *))
{
	struct hent	*e, *next;
	size_t		 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nb; i++)
		for (e = t->b[i]; e != NULL; e = next) {
			next = e->next;
			if (free_fn != NULL)
				free_fn(e->val);
			free(e);
		}
	free(t->b);
	free(t);
}

static struct hent **
lookup(const struct htab *t, const char *key, uint32_t h)
{
	struct hent	**pp;

	for (pp = &t->b[h & (t->nb - 1)]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && strcmp((*pp)->key, key) == 0)
			break;
	return pp;
}

void *
htab_get(const struct htab *t, const char *key)
{
	struct hent	**pp = lookup(t, key, htab_hash(key));

	return *pp ? (*pp)->val : NULL;
}

static void
grow(struct htab *t)
{
	struct hent	**nb, *e, *next;
	size_t		  i, n = t->nb * 2;

	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < t->nb; i++)
		for (e = t->b[i]; e != NULL; e = next) {
			next = e->next;
			e->next = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(t->b);
	t->b = nb;
	t->nb = n;
}

void
htab_put(struct htab *t, const char *key, void *val)
{
	uint32_t	  h = htab_hash(key);
	struct hent	**pp = lookup(t, key, h), *e;
	size_t		  klen;

	if (*pp != NULL) {
		(*pp)->val = val;
		return;
	}
	klen = strlen(key);
	e = xmalloc(sizeof(*e) + klen + 1);
	memcpy(e->key, key, klen + 1);
	e->hash = h;
	e->val = val;
	e->next = NULL;
	*pp = e;
	if (++t->n > t->nb)
		grow(t);
}

void *
htab_del(struct htab *t, const char *key)
{
	struct hent	**pp = lookup(t, key, htab_hash(key)), *e;
	void		 *val;

	if ((e = *pp) == NULL)
		return NULL;
	*pp = e->next;
	val = e->val;
	free(e);
	t->n--;
	return val;
}

size_t
htab_count(const struct htab *t)
{
	return t->n;
}

void
htab_foreach(const struct htab *t, void (*fn)(const char *, void *, void *),
    void *arg)
{
	struct hent	*e;
	size_t		 i;

	for (i = 0; i < t->nb; i++)
		for (e = t->b[i]; e != NULL; e = e->next)
			fn(e->key, e->val, arg);
}
