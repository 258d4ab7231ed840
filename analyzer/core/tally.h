/*
 * tally.h - count how often string keys occur, in bounded memory, so that a
 * report can name the most frequent ones ("top 10 clients").  At most max
 * distinct keys are kept; past that the counts become Misra-Gries lower
 * bounds: every kept count is then short by at most total/(max+1), and
 * any key seen more often than that is still kept.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>

struct tally;

/* One counted key, as tally_top returns it. */
struct tally_item {
	const char	*key;
	const char	*label;		/* the first label given, or NULL */
	unsigned long	 count;
};

/* tally_new - an empty tally keeping at most max (> 0) keys. */
struct tally	*tally_new(size_t max);

/* tally_free - free the tally and every copied key; NULL does nothing. */
void		 tally_free(struct tally *);

/*
 * tally_add - count key once more.  key and label are copied on first
 * sight; a label given later for the same key is ignored.
 */
void		 tally_add(struct tally *, const char *key, const char *label);

/*
 * tally_add_n - tally_add for n occurrences at once (a count made
 * elsewhere, merged).  When the tally is full, the weighted Misra-Gries
 * step takes min(n, smallest count) from every count and from n before
 * the key may be kept.
 */
void		 tally_add_n(struct tally *, const char *key,
		    const char *label, unsigned long n);

/*
 * tally_top - fill out[0..n) with the most counted keys, most first, ties
 * in key order; returns how many were filled.  The pointers in out live
 * until the next tally_add or tally_free.
 */
size_t		 tally_top(struct tally *, struct tally_item *out, size_t n);

/* tally_exact - 1 while no key was ever dropped (counts are exact). */
int		 tally_exact(const struct tally *);

#endif /* TALLY_H */
