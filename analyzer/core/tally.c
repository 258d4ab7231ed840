/*
 * tally.c - bounded counting of string keys for "top N" lists: an
 * open-addressing hash over a flat array of entries, with the Misra-Gries
 * decrement when the array is full.  Presentation is left to the writers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "tally.h"
#include "lib/xmalloc.h"

struct entry {
	char		*key;
	char		*label;
	unsigned long	 count;
};

struct tally {
	struct entry	*ents;		/* ents[0..n), n <= max */
	size_t		 n, max;
	size_t		*slots;		/* index + 1 into ents; 0 is free */
	size_t		 nslots;	/* a power of two, >= 2 * max */
	int		 dropped;
};

/*
 * slot_of - the slot holding key, or the free slot where it would go.
 * Linear probing; there are at least twice as many slots as entries, so
 * a free slot always ends the probe.
 */
static size_t
slot_of(const struct tally *t, const char *key)
{
	size_t	i = htab_hash(key) & (t->nslots - 1);

	while (t->slots[i] != 0 && strcmp(t->ents[t->slots[i] - 1].key,
	    key) != 0)
		i = (i + 1) & (t->nslots - 1);
	return i;
}

/* reindex - rebuild the slots after ents moved or shrank. */
static void
reindex(struct tally *t)
{
	size_t	i;

	memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	for (i = 0; i < t->n; i++)
		t->slots[slot_of(t, t->ents[i].key)] = i + 1;
}

struct tally *
tally_new(size_t max)
{
	struct tally	*t;

	t = xcalloc(1, sizeof(*t));
	t->max = max > 0 ? max : 1;
	t->ents = xreallocarray(NULL, t->max, sizeof(*t->ents));
	for (t->nslots = 2; t->nslots < 2 * t->max; t->nslots <<= 1)
		;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	return t;
}

void
tally_free(struct tally *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->ents[i].key);
		free(t->ents[i].label);
	}
	free(t->ents);
	free(t->slots);
	free(t);
}

/*
 * Misra-Gries: when a new key finds the array full, every count drops by
 * d (and so does the new key's), and the keys that reach 0 are dropped.
 * Each such pass removes d * (max + 1) from the sum of counts, so passes
 * cost O(1) per counted occurrence over a run.
 */
static void
decrement(struct tally *t, unsigned long d)
{
	size_t	i, j;

	for (i = j = 0; i < t->n; i++) {
		if ((t->ents[i].count -= d) == 0) {
			free(t->ents[i].key);
			free(t->ents[i].label);
			continue;
		}
		t->ents[j++] = t->ents[i];
	}
	t->n = j;
	t->dropped = 1;
	reindex(t);
}

void
tally_add(struct tally *t, const char *key, const char *label)
{
	tally_add_n(t, key, label, 1);
}

void
tally_add_n(struct tally *t, const char *key, const char *label,
    unsigned long n)
{
	struct entry	*e;
	unsigned long	 d;
	size_t		 i;

	i = slot_of(t, key);
	if (t->slots[i] != 0) {
		t->ents[t->slots[i] - 1].count += n;
		return;
	}
	while (n > 0 && t->n == t->max) {
		for (d = n, i = 0; i < t->n; i++)
			if (t->ents[i].count < d)
				d = t->ents[i].count;
		decrement(t, d);
		n -= d;
	}
	if (n == 0)
		return;
	i = slot_of(t, key);
	e = &t->ents[t->n++];
	e->key = xstrdup(key);
	e->label = xstrdup_or_null(label);
	e->count = n;
	t->slots[i] = t->n;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

/*
 * tally_top - sorts the entries in place, so the slots must be rebuilt;
 * this is meant for the end of a run, not for every line.
 */
size_t
tally_top(struct tally *t, struct tally_item *out, size_t n)
{
	size_t	i;

	qsort(t->ents, t->n, sizeof(*t->ents), entry_cmp);
	reindex(t);
	for (i = 0; i < n && i < t->n; i++) {
		out[i].key = t->ents[i].key;
		out[i].label = t->ents[i].label;
		out[i].count = t->ents[i].count;
	}
	return i;
}

int
tally_exact(const struct tally *t)
{
	return !t->dropped;
}
