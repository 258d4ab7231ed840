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
	uint64_t	 hash;		/* htab_hash64 of key */
	size_t		 len;		/* of key */
	unsigned long	 count;
	unsigned long long v[TALLY_NV];
};

/*
 * Keys shorter than this get a block of the tally's own: a full tally
 * makes and drops one per new key (most of a long run's new keys are seen
 * once and dropped by the next Misra-Gries step), so a block is a pop off
 * a stack of free ones.  Blocks come KEY_CHUNK at a time and never move;
 * as at most max keys are kept, there are at most max of them (rounded
 * up to a chunk).
 */
#define KEY_BLOCK	64
#define KEY_CHUNK	64

struct tally {
	struct entry	*ents;		/* ents[0..n), n <= max */
	size_t		 n, max;
	uint32_t	*slots;		/* index + 1 into ents; 0 is free */
	size_t		 nslots;	/* a power of two, >= 2 * max */
	char		**kfree;	/* free key blocks: kfree[0..nkfree) */
	size_t		 nkfree;
	char		**chunks;	/* what to free at the end */
	size_t		 nchunks;
	int		 dropped;
};

/* key_more - a chunk of new blocks onto the free stack, which has room:
 * a block is either kept by an entry or on the stack. */
static void __attribute__((noinline))
key_more(struct tally *t)
{
	char	*c;
	size_t	 i;

	c = xreallocarray(NULL, KEY_CHUNK, KEY_BLOCK);
	t->chunks = xreallocarray(t->chunks, t->nchunks + 1,
	    sizeof(*t->chunks));
	t->chunks[t->nchunks++] = c;
	for (i = 0; i < KEY_CHUNK; i++)
		t->kfree[t->nkfree++] = c + (KEY_CHUNK - 1 - i) * KEY_BLOCK;
}

/* copy - n bytes (the key and its NUL) from s into a block, eight at a
 * time, the last eight ending where the key does: most keys are a few
 * words long, and a call to memcpy costs as much as the copy. */
static inline void
copy(char *d, const char *s, size_t n)
{
	size_t	i;

	if (n < 8) {
		memcpy(d, s, n);
		return;
	}
	for (i = 0; i + 8 < n; i += 8)
		memcpy(d + i, s + i, 8);
	memcpy(d + n - 8, s + n - 8, 8);
}

/* key_dup, key_free - a key's copy (of length len), a block when it
 * fits. */
static char *
key_dup(struct tally *t, const char *key, size_t len)
{
	char	*k;

	if (len >= KEY_BLOCK)
		return xstrdup(key);
	if (t->nkfree == 0)
		key_more(t);
	k = t->kfree[--t->nkfree];
	copy(k, key, len + 1);
	return k;
}

static void
key_free(struct tally *t, char *k, size_t len)
{
	if (len >= KEY_BLOCK)
		free(k);
	else
		t->kfree[t->nkfree++] = k;
}

/*
 * slot_of - the slot holding the key of hash h, or the free slot where it
 * would go.
 * Linear probing; there are at least twice as many slots as entries, so
 * a free slot always ends the probe.
 */
static size_t
slot_of(const struct tally *t, uint64_t h)
{
	const struct entry	*e;
	size_t			 i = (size_t)h & (t->nslots - 1);

	/* Keys are told apart by their 64-bit hash alone: two keys share
	 * one with a chance of about n^2 / 2^65, as in distinct.c. */
	while (t->slots[i] != 0) {
		e = &t->ents[t->slots[i] - 1];
		if (e->hash == h)
			break;
		i = (i + 1) & (t->nslots - 1);
	}
	return i;
}

/* reindex - rebuild the slots after ents moved or shrank. */
static void
reindex(struct tally *t)
{
	size_t	i, j;

	memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	for (i = 0; i < t->n; i++) {
		for (j = (size_t)t->ents[i].hash & (t->nslots - 1);
		    t->slots[j] != 0; j = (j + 1) & (t->nslots - 1))
			;
		t->slots[j] = (uint32_t)(i + 1);
	}
}

struct tally *
tally_new(size_t max)
{
	struct tally	*t;

	t = xcalloc(1, sizeof(*t));
	t->max = max > 0 ? max < TALLY_MAX ? max : TALLY_MAX : 1;
	t->ents = xreallocarray(NULL, t->max, sizeof(*t->ents));
	for (t->nslots = 2; t->nslots < 2 * t->max; t->nslots <<= 1)
		;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	t->kfree = xreallocarray(NULL, t->max + KEY_CHUNK, sizeof(*t->kfree));
	return t;
}

void
tally_free(struct tally *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		key_free(t, t->ents[i].key, t->ents[i].len);
		free(t->ents[i].label);
	}
	free(t->ents);
	free(t->slots);
	for (i = 0; i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->kfree);
	free(t);
}

/*
 * Misra-Gries: when a new key finds the array full, every count drops by
 * one (by the weight, for a weighted add) and the new key is kept only if
 * weight is left.  Each such pass removes at least max from the sum of
 * counts, so passes cost O(1) per tally_add over a run.
 */
/*
 * take - the weighted decrement: min(*n, smallest count) off every count
 * and off *n, dropping the keys that reach 0.
 */
static void
take(struct tally *t, unsigned long *n)
{
	unsigned long	m = *n;
	size_t		i, j;

	/* Every count is 1 or more: the smallest needs no look for one. */
	for (i = 0; m > 1 && i < t->n; i++)
		if (t->ents[i].count < m)
			m = t->ents[i].count;
	for (i = j = 0; i < t->n; i++) {
		if ((t->ents[i].count -= m) == 0) {
			key_free(t, t->ents[i].key, t->ents[i].len);
			if (t->ents[i].label != NULL)	/* most have none */
				free(t->ents[i].label);
			continue;
		}
		if (j != i)
			t->ents[j] = t->ents[i];
		j++;
	}
	t->n = j;
	t->dropped = 1;
	*n -= m;
	reindex(t);
}

unsigned long long *
tally_hit_n(struct tally *t, const char *key, const char *label,
    unsigned long n)
{
	size_t	len = strlen(key);

	return tally_hit_hash(t, key, len, htab_hash64(key, len), label, n);
}

/*
 * add - a key not kept (its free slot is i): kept when there is room or
 * the Misra-Gries step makes some.  Out of tally_hit_hash, whose common
 * case (a key kept) then stays a probe and an add.
 */
static unsigned long long * __attribute__((noinline))
add(struct tally *t, const char *key, size_t len, uint64_t h,
    const char *label, unsigned long n, size_t i)
{
	struct entry	*e;

	/* A key of no occurrence (a merged partial's 0) is not kept: every
	 * count kept is 1 or more, which take() relies on. */
	if (n == 0)
		return NULL;
	if (t->n == t->max) {
		take(t, &n);
		if (n == 0 || t->n == t->max)
			return NULL;
		i = slot_of(t, h);
	}
	e = &t->ents[t->n++];
	e->key = key_dup(t, key, len);
	e->len = len;
	e->hash = h;
	e->label = label != NULL ? xstrdup(label) : NULL;
	e->count = n;
	memset(e->v, 0, sizeof(e->v));
	t->slots[i] = (uint32_t)t->n;
	return e->v;
}

unsigned long long *
tally_hit_hash(struct tally *t, const char *key, size_t len, uint64_t h,
    const char *label, unsigned long n)
{
	struct entry	*e;
	size_t		 i;

	i = slot_of(t, h);
	if (t->slots[i] == 0)
		return add(t, key, len, h, label, n, i);
	e = &t->ents[t->slots[i] - 1];
	e->count += n;
	return e->v;
}

unsigned long long *
tally_hit_new(struct tally *t, const char *key, size_t len, uint64_t h,
    int *added)
{
	size_t	i = slot_of(t, h);

	if ((*added = t->slots[i] == 0))
		return add(t, key, len, h, NULL, 1, i);
	t->ents[t->slots[i] - 1].count++;
	return t->ents[t->slots[i] - 1].v;
}

unsigned long long *
tally_hit(struct tally *t, const char *key, const char *label)
{
	return tally_hit_n(t, key, label, 1);
}

void
tally_merge(struct tally *dst, const struct tally *src,
    void (*fold)(unsigned long long *, const unsigned long long *))
{
	unsigned long long	*v;
	size_t			 i;

	for (i = 0; i < src->n; i++)
		if ((v = tally_hit_hash(dst, src->ents[i].key,
		    src->ents[i].len, src->ents[i].hash, src->ents[i].label,
		    src->ents[i].count)) != NULL)
			fold(v, src->ents[i].v);
	if (src->dropped)
		dst->dropped = 1;
}

void
tally_add(struct tally *t, const char *key, const char *label)
{
	(void)tally_hit(t, key, label);
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
	const struct entry	*e, **best;
	size_t			 i, k, len = 0;

	if (n == 0)
		return 0;
	if (n * 8 < t->n) {
		/* A few of many: the best n by insertion, in order; the
		 * entries stay where they are. */
		best = xreallocarray(NULL, n, sizeof(*best));
		for (i = 0; i < t->n; i++) {
			e = &t->ents[i];
			if (len == n && entry_cmp(e, best[n - 1]) >= 0)
				continue;
			for (k = len < n ? len++ : n - 1; k > 0 &&
			    entry_cmp(e, best[k - 1]) < 0; k--)
				best[k] = best[k - 1];
			best[k] = e;
		}
		for (i = 0; i < len; i++) {
			out[i].key = best[i]->key;
			out[i].label = best[i]->label;
			out[i].count = best[i]->count;
			out[i].v = best[i]->v;
		}
		free(best);
		return len;
	}
	qsort(t->ents, t->n, sizeof(*t->ents), entry_cmp);
	reindex(t);
	for (i = 0; i < n && i < t->n; i++) {
		out[i].key = t->ents[i].key;
		out[i].label = t->ents[i].label;
		out[i].count = t->ents[i].count;
		out[i].v = t->ents[i].v;
	}
	return i;
}

int
tally_exact(const struct tally *t)
{
	return !t->dropped;
}
