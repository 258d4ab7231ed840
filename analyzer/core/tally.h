/*
 * tally.h - count how often string keys occur, in bounded memory, so that a
 * report can name the most frequent ones ("top 10 clients").  At most max
 * distinct keys are kept; past that the counts become Misra-Gries lower
 * bounds: every kept count is then short by at most total/(max+1), and
 * any key seen more often than that is still kept.  Keys are told
 * apart by a 64-bit hash (lib/htab.h's htab_hash64): two keys share one
 * with a chance of about n^2 / 2^65.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>
#include <stdint.h>

struct tally;

/*
 * Values a caller keeps beside each count (bytes, delays ...): zero when a
 * key is first kept, and lost with it when the Misra-Gries decrement drops
 * it, so that they are lower bounds exactly when the counts are.
 */
#define TALLY_NV	6

/* One counted key, as tally_top returns it. */
struct tally_item {
	const char	*key;
	const char	*label;		/* the first label given, or NULL */
	unsigned long	 count;
	const unsigned long long *v;	/* TALLY_NV values */
};

/* tally_new - an empty tally keeping at most max (> 0, at most TALLY_MAX)
 * keys. */
#define TALLY_MAX	(1UL << 28)
struct tally	*tally_new(size_t max);

/* tally_free - free the tally and every copied key; NULL does nothing. */
void		 tally_free(struct tally *);

/*
 * tally_add - count key once more.  key and label are copied on first
 * sight; a label given later for the same key is ignored.
 */
void		 tally_add(struct tally *, const char *key, const char *label);

/*
 * tally_hit - tally_add, and the key's TALLY_NV values for the caller to
 * update, valid until the next call; NULL when the key was not kept.
 */
unsigned long long *tally_hit(struct tally *, const char *key,
		    const char *label);

/*
 * tally_hit_n - tally_hit for n occurrences at once (n >= 1).  When the
 * tally is full, the weighted Misra-Gries step takes min(n, smallest
 * count) from every count (and from n) before the key may be kept.
 */
unsigned long long *tally_hit_n(struct tally *, const char *key,
		    const char *label, unsigned long n);

/*
 * tally_hit_hash - tally_hit_n with the key's length (strlen) and its
 * htab_hash64 (lib/htab.h) of those bytes given, for a caller that has
 * them already.
 */
unsigned long long *tally_hit_hash(struct tally *, const char *key,
		    size_t len, uint64_t hash, const char *label,
		    unsigned long n);

/*
 * tally_hit_new - tally_hit_hash of one occurrence without a label, and
 * *added set to 1 when the key was not kept before the call (first seen,
 * or seen again after the Misra-Gries step dropped it), else 0.
 */
unsigned long long *tally_hit_new(struct tally *, const char *key,
		    size_t len, uint64_t hash, int *added);

/*
 * tally_merge - add every key of src to dst with its count; fold(dv, sv)
 * combines the values of a key kept in both (dv is zero for a new key).
 * dst is no longer exact when src was not or a key was dropped.
 */
void		 tally_merge(struct tally *dst, const struct tally *src,
		    void (*fold)(unsigned long long *, const unsigned long long *));

/*
 * tally_top - fill out[0..n) with the most counted keys, most first, ties
 * in key order; returns how many were filled.  The pointers in out live
 * until the next tally_add or tally_free.
 */
size_t		 tally_top(struct tally *, struct tally_item *out, size_t n);

/* tally_exact - 1 while no key was ever dropped (counts are exact). */
int		 tally_exact(const struct tally *);

#endif /* TALLY_H */
