/*
 * traffic_kept.c - the facts of the messages the session builder's
 * memory budget closed early while they still matter: tried (often
 * deferred, to be tried again: the least recently active are the
 * long-deferred; it must not count as deferred twice) or sized (Exim
 * logs the size once, at arrival, and a later delivery counts it).  They
 * wait here until the builder makes a record for the message again
 * (traffic_recall), in two sets (the tried, the sized untried) of two
 * generations of a hash table of 64-bit key hashes each: a set's old
 * generation goes when its current one holds TRAFFIC_KEPT_GEN, and the
 * untried that go are counted in messages_evicted.  The builder looks
 * here only while something is kept (traffic_head.kept).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traffic_int.h"
#include "lib/htab.h"
#include "lib/xmalloc.h"

/* The slots of a new generation; it doubles while at most half full. */
#define KEPT_MIN	64

void
traffic_kept_free(struct traffic *t)
{
	size_t	i;

	for (i = 0; i < 2; i++) {
		free(t->kept[i].cur.slots);
		free(t->kept[i].old.slots);
	}
}

/* key_of - the hash of a message key (htab_hash64 mixes every bit into
 * the low ones that pick a slot); never 0 (a free slot). */
static uint64_t
key_of(const char *key, size_t len)
{
	uint64_t	h = htab_hash64(key, len);

	return h != 0 ? h : 1;
}

/* slot - the slot of key in g (which has slots), or the free one where
 * it would go. */
static size_t
slot(const struct traffic_gen *g, uint64_t key)
{
	size_t	i, mask = g->cap - 1;

	for (i = (size_t)key & mask; g->slots[i].key != 0 &&
	    g->slots[i].key != key; i = (i + 1) & mask)
		;
	return i;
}

/* put - key's facts m into g, which has room; one already there is
 * replaced. */
static void
put(struct traffic_gen *g, uint64_t key, const struct traffic_msg *m)
{
	size_t	i = slot(g, key);

	if (g->slots[i].key == 0)
		g->n++;
	g->slots[i].key = key;
	g->slots[i].m = *m;
}

/* grow - twice the slots (KEPT_MIN at first). */
static void
grow(struct traffic_gen *g)
{
	struct traffic_gen	n;
	size_t			i;

	n.cap = g->cap ? g->cap * 2 : KEPT_MIN;
	n.n = 0;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < g->cap; i++)
		if (g->slots[i].key != 0)
			put(&n, g->slots[i].key, &g->slots[i].m);
	free(g->slots);
	*g = n;
}

/*
 * drop - take the record at slot i out of g: the records after it in its
 * run move back into the gap where their own slot allows (backward shift
 * deletion), so lookups need no marks of deleted records.
 */
static void
drop(struct traffic_gen *g, size_t i)
{
	size_t	j, home, mask = g->cap - 1;

	for (j = (i + 1) & mask; g->slots[j].key != 0; j = (j + 1) & mask) {
		home = (size_t)g->slots[j].key & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			g->slots[i] = g->slots[j];
			i = j;
		}
	}
	g->slots[i].key = 0;
	g->n--;
}

static void
count(struct traffic *t)
{
	t->head.kept = t->kept[0].cur.n + t->kept[0].old.n +
	    t->kept[1].cur.n + t->kept[1].old.n;
}

void
traffic_evicted(struct traffic *t, const struct traffic_msg *m,
    const char *key, size_t len)
{
	struct traffic_kept	*k;

	if (!(m->flags & (TRAFFIC_M_TRIED | TRAFFIC_M_SIZED))) {
		if (m->flags != 0)
			t->r.messages_evicted++;
		return;
	}
	k = &t->kept[(m->flags & TRAFFIC_M_TRIED) ? 0 : 1];
	if (k->cur.n >= TRAFFIC_KEPT_GEN) {
		/* The old generation goes, the current one becomes old. */
		if (k == &t->kept[1])
			t->r.messages_evicted += k->old.n;
		free(k->old.slots);
		k->old = k->cur;
		memset(&k->cur, 0, sizeof(k->cur));
	}
	if ((k->cur.n + 1) * 2 > k->cur.cap)
		grow(&k->cur);
	put(&k->cur, key_of(key, len), m);
	count(t);
}

void
traffic_recall_kept(struct traffic *t, struct traffic_msg *m,
    const char *key, size_t len)
{
	struct traffic_gen	*g[4];
	uint64_t		 k = key_of(key, len);
	size_t			 i, j;

	g[0] = &t->kept[0].cur;
	g[1] = &t->kept[0].old;
	g[2] = &t->kept[1].cur;
	g[3] = &t->kept[1].old;
	for (j = 0; j < 4; j++) {
		if (g[j]->cap == 0 || g[j]->slots[i = slot(g[j], k)].key == 0)
			continue;
		*m = g[j]->slots[i].m;
		drop(g[j], i);
		count(t);
		return;
	}
}
