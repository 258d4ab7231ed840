/*
 * htab.c - string-keyed hash table with separate chaining; the bucket
 * array doubles when the load passes 1.  Key and entry share one
 * allocation.  The table hashes a word at a time (keys are looked up for
 * nearly every event) and compares lengths before bytes; htab_hash stays
 * FNV-1a for the other tables that use it.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "htab.h"
#include "xmalloc.h"

struct hent {
	struct hent	*next;
	uint32_t	 hash;
	uint32_t	 len;		/* of key, cut to 32 bits */
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

/* hash - of key[0..len), eight bytes at a time (multiply and rotate). */
static uint32_t
hash(const char *key, size_t len)
{
	const uint64_t	 m = 0x9e3779b97f4a7c15ULL;
	uint64_t	 h = len * m, w;

	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = ((h << 5 | h >> 59) ^ w) * m;
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, key, len);
		h = ((h << 5 | h >> 59) ^ w) * m;
	}
	/* The bucket is the low bits: fold the well-mixed high ones in. */
	h ^= h >> 29;
	h *= m;
	return (uint32_t)(h ^ h >> 32);
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
lookup(const struct htab *t, const char *key, size_t len, uint32_t h)
{
	struct hent	**pp;

	for (pp = &t->b[h & (t->nb - 1)]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->len == (uint32_t)len &&
		    memcmp((*pp)->key, key, len) == 0)
			break;
	return pp;
}

void *
htab_get(const struct htab *t, const char *key)
{
	size_t		  len = strlen(key);
	struct hent	**pp = lookup(t, key, len, hash(key, len));

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
	size_t		  len = strlen(key);
	uint32_t	  h = hash(key, len);
	struct hent	**pp = lookup(t, key, len, h), *e;

	if (*pp != NULL) {
		(*pp)->val = val;
		return;
	}
	e = xmalloc(sizeof(*e) + len + 1);
	memcpy(e->key, key, len + 1);
	e->hash = h;
	e->len = (uint32_t)len;
	e->val = val;
	e->next = NULL;
	*pp = e;
	if (++t->n > t->nb)
		grow(t);
}

void *
htab_del(struct htab *t, const char *key)
{
	size_t		  len = strlen(key);
	struct hent	**pp = lookup(t, key, len, hash(key, len)), *e;
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
