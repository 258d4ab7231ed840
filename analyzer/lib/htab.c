/*
 * htab.c - string-keyed hash table with separate chaining; the bucket
 * array doubles when the load passes 1.  Key and entry share one
 * allocation.  The table hashes a word at a time (keys are looked up for
 * nearly every event) and compares lengths before bytes; htab_hash stays
 * FNV-1a for the other tables that use it.  Entries of short keys come
 * from a pool: the session tables make and drop one per connection.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "htab.h"
#include "pool.h"
#include "xmalloc.h"

struct hent {
	struct hent	*next;
	uint32_t	 hash;
	size_t		 len;		/* of key */
	void		*val;
	char		 key[];
};

/* Pooled entries hold keys shorter than this (session and message keys
 * are 20 to 60 bytes); a longer key gets an entry of its own size. */
#define HENT_SIZE	128
#define HENT_ROOM	(HENT_SIZE - offsetof(struct hent, key))
#define HENT_SPARE	1024

struct htab {
	struct hent	**b;
	size_t		  nb;
	size_t		  n;
	struct pool	 *ents;
};

uint32_t
htab_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * word - one word of a key, mixed before it is combined (MurmurHash64A's
 * step): every bit of w then moves every bit of the result.  Combining
 * the raw word (multiply and rotate) let a difference in the high bits
 * of one word cancel one in the low bits of the next: sequential queue
 * ids shared hashes by the thousand, and the traffic accountant, which
 * keys distinct counts by the hash alone, merged them.
 */
static inline uint64_t
word(uint64_t h, uint64_t w)
{
	const uint64_t	m = 0xc6a4a7935bd1e995ULL;

	w *= m;
	w ^= w >> 47;
	w *= m;
	return (h ^ w) * m;
}

/*
 * hash - of key[0..len), eight bytes at a time, the last 1 to 7 as one
 * word (htab_tail).
 */
static inline __attribute__((always_inline)) uint64_t
hash_words(const char *key, size_t len)
{
	uint64_t	h = len * 0x9e3779b97f4a7c15ULL, w;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, key + i, 8);
		h = word(h, w);
	}
	if (i < len)
		h = word(h, htab_tail(key, i, len));
	return h;
}

/* fold - the table's 32-bit hash of a word hash: the bucket is the low
 * bits, so the well-mixed high ones are folded in. */
static inline uint32_t
fold(uint64_t h)
{
	h ^= h >> 29;
	h *= 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(h ^ h >> 32);
}

static inline uint32_t
hash(const char *key, size_t len)
{
	return fold(hash_words(key, len));
}

uint32_t
htab_hashn(const char *key, size_t len)
{
	return hash(key, len);
}

/* htab_hash64 - the word hash, every bit mixed (MurmurHash3's 64-bit
 * finalizer): its top bits index HyperLogLog registers too. */
uint64_t
htab_hash64(const char *key, size_t len)
{
	uint64_t	h = hash_words(key, len);

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

struct htab *
htab_new(void)
{
	struct htab	*t;

	t = xcalloc(1, sizeof(*t));
	t->nb = 64;
	t->b = xcalloc(t->nb, sizeof(*t->b));
	t->ents = pool_new(HENT_SIZE, HENT_SPARE);
	return t;
}

static void
ent_free(struct htab *t, struct hent *e)
{
	if (e->len < HENT_ROOM)
		pool_put(t->ents, e);
	else
		free(e);
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
			ent_free(t, e);
		}
	pool_free(t->ents);
	free(t->b);
	free(t);
}

/* same - whether a[0..len) and b[0..len) are equal, a word at a time,
 * the last word ending at len: the keys are short, and a call to
 * memcmp() costs more than the compare (and the registers a lookup must
 * save around it). */
static inline int
same(const char *a, const char *b, size_t len)
{
	uint64_t	x, y;
	size_t		i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	for (i = 0; i + 8 < len; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + len - 8, 8);
	memcpy(&y, b + len - 8, 8);
	return x == y;
}

/* lookup - the link to key's entry, or to the NULL ending its chain; a
 * key given as the table's own copy (a delete) needs no compare. */
static inline struct hent **
lookup(const struct htab *t, const char *key, size_t len, uint32_t h)
{
	struct hent	**pp;

	for (pp = &t->b[h & (t->nb - 1)]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->len == len &&
		    ((*pp)->key == key || same((*pp)->key, key, len)))
			break;
	return pp;
}

void
htab_key_make(struct htab_key *k, const char *s)
{
	k->s = s;
	k->len = strlen(s);
	k->hash = fold(hash_words(s, k->len));
}

void *
htab_kget(const struct htab *t, const struct htab_key *k)
{
	struct hent	*e = *lookup(t, k->s, k->len, k->hash);

	return e != NULL ? e->val : NULL;
}

void *
htab_get(const struct htab *t, const char *key)
{
	struct htab_key	k;

	htab_key_make(&k, key);
	return htab_kget(t, &k);
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

/* add - a new entry for k at *pp (a chain's end, or its head). */
static const char *
add(struct htab *t, struct hent **pp, const struct htab_key *k, void *val)
{
	struct hent	*e;

	if (k->len < HENT_ROOM)
		e = pool_get(t->ents);
	else
		e = xmalloc(offsetof(struct hent, key) + k->len + 1);
	memcpy(e->key, k->s, k->len);
	e->key[k->len] = '\0';
	e->hash = k->hash;
	e->len = k->len;
	e->val = val;
	e->next = *pp;
	*pp = e;
	if (++t->n > t->nb)
		grow(t);
	return e->key;
}

const char *
htab_kput(struct htab *t, const struct htab_key *k, void *val)
{
	struct hent	**pp = lookup(t, k->s, k->len, k->hash);

	if (*pp != NULL) {
		(*pp)->val = val;
		return (*pp)->key;
	}
	return add(t, pp, k, val);
}

const char *
htab_kadd(struct htab *t, const struct htab_key *k, void *val)
{
	return add(t, &t->b[k->hash & (t->nb - 1)], k, val);
}

void
htab_put(struct htab *t, const char *key, void *val)
{
	struct htab_key	k;

	htab_key_make(&k, key);
	(void)htab_kput(t, &k, val);
}

void *
htab_kdel(struct htab *t, const struct htab_key *k)
{
	struct hent	**pp = lookup(t, k->s, k->len, k->hash), *e;
	void		 *val;

	if ((e = *pp) == NULL)
		return NULL;
	*pp = e->next;
	val = e->val;
	ent_free(t, e);
	t->n--;
	return val;
}

void *
htab_del(struct htab *t, const char *key)
{
	struct htab_key	k;

	htab_key_make(&k, key);
	return htab_kdel(t, &k);
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
