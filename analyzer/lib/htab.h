/*
 * htab.h - string-keyed hash table.  Keys are copied; values are borrowed
 * (the table never frees them unless htab_free is handed a free_fn).
 */
#ifndef HTAB_H
#define HTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct htab;

/*
 * htab_tail - the bytes s[i..len) (1 to 7 of them) as one word, as
 * memcpy(&w, s + i, len - i) into a zeroed word makes it; when s has 8
 * bytes or more, one load of its last 8 shifted, not a copy of n bytes.
 * For the word-at-a-time scans of strings (the hash, traffic_key.c).
 */
static inline uint64_t
htab_tail(const char *s, size_t i, size_t len)
{
	const uint16_t	one = 1;
	unsigned char	little;
	uint64_t	w = 0;

	if (len < 8) {
		memcpy(&w, s + i, len - i);
		return w;
	}
	memcpy(&little, &one, 1);	/* folded by the compiler */
	memcpy(&w, s + len - 8, 8);
	return little ? w >> 8 * (8 - (len - i)) : w << 8 * (8 - (len - i));
}

/* htab_hash - FNV-1a of a string: the table's hash, for other tables too. */
uint32_t	 htab_hash(const char *);

/* htab_hashn - the table's own hash of key[0..len), for other caches. */
uint32_t	 htab_hashn(const char *key, size_t len);

/* htab_hash64 - a 64-bit hash of key[0..len) whose every bit is mixed,
 * a word at a time: for counters of strings (tally.c, distinct.c). */
uint64_t	 htab_hash64(const char *key, size_t len);

struct htab	*htab_new(void);

/* htab_free - free the table; free_fn (may be NULL) is called per value. */
void		 htab_free(struct htab *, void (*free_fn)(void *));

/*
 * A key with its length and hash, worked out once by htab_key_make for
 * several calls (a lookup, then an insert or a delete).  s is borrowed:
 * the struct is valid while s is.
 */
struct htab_key {
	const char	*s;
	size_t		 len;
	uint32_t	 hash;
};

/* htab_key_make - fill *k for the string s. */
void		 htab_key_make(struct htab_key *k, const char *s);

/* htab_get - the value stored under key, or NULL. */
void		*htab_get(const struct htab *, const char *key);

/* htab_put - store val under key, replacing any old value (not freed). */
void		 htab_put(struct htab *, const char *key, void *val);

/* htab_del - remove key; returns its value (or NULL) for the caller to free. */
void		*htab_del(struct htab *, const char *key);

/* htab_kget, htab_kput, htab_kdel - the same with a made key.  htab_kput
 * returns the table's copy of the key (NUL-terminated), valid until the
 * key is deleted or the table freed. */
void		*htab_kget(const struct htab *, const struct htab_key *);
const char	*htab_kput(struct htab *, const struct htab_key *, void *val);
void		*htab_kdel(struct htab *, const struct htab_key *);

/* htab_kadd - htab_kput of a key known to be absent (htab_kget just said
 * so), without looking for it again. */
const char	*htab_kadd(struct htab *, const struct htab_key *, void *val);

size_t		 htab_count(const struct htab *);

/*
 * htab_foreach - call fn(key, val, arg) for every entry, in no fixed order.
 * fn must not change the table.
 */
void		 htab_foreach(const struct htab *,
		    void (*fn)(const char *, void *, void *), void *arg);

#endif /* HTAB_H */
