/*
 * distinct.h - how many different strings were seen (senders, recipient
 * domains ...), in bounded memory: exact up to a bound, then an estimate.
 *
 * Each string is kept as a 64-bit hash (two different strings count as one
 * with a chance of about n^2 / 2^65: nil at mail-log sizes).  Up to max
 * different hashes the count is exact; past that the set is dropped and
 * the count comes from a HyperLogLog sketch of 2^DISTINCT_P one-byte
 * registers (standard error 1.04 / 2^(P/2), 1.6 % for P = 12), made from
 * the set when it is dropped, and is flagged as estimated.
 */
#ifndef DISTINCT_H
#define DISTINCT_H

#include <stddef.h>
#include <stdint.h>

#define DISTINCT_P		12
#define DISTINCT_DEFAULT_MAX	50000

struct distinct;

/* distinct_new - an empty counter, exact up to max (0: the default). */
struct distinct	*distinct_new(size_t max);
/* distinct_free - NULL does nothing. */
void		 distinct_free(struct distinct *);

/* distinct_hash - the 64-bit hash distinct_add_hash takes, of s[0..len). */
uint64_t	 distinct_hash(const char *s, size_t len);

/* distinct_add - count s (NUL-terminated) once, if new. */
void		 distinct_add(struct distinct *, const char *s);
void		 distinct_add_hash(struct distinct *, uint64_t h);

/* distinct_merge - count what src counted into dst (a union). */
void		 distinct_merge(struct distinct *dst, const struct distinct *src);

/*
 * A sketch as text, for summaries that are merged later: the registers
 * in order, a register of rank r (1..53) as one letter ('A' + r - 1 up to
 * 'Z', then 'a'.., then '+'), a run of n zero registers as the decimal n.
 * distinct_sketch writes it into buf (DISTINCT_SKETCH_MAX bytes, with
 * the NUL); distinct_add_sketch adds one into d (a union: d's count is an
 * estimate from then on), 0, or -1 when s is not a sketch.
 */
#define DISTINCT_SKETCH_MAX	(2 * (1u << DISTINCT_P) + 1)
/* The hash the registers are made with (lib/htab.h htab_hash64), named in
 * the sketches written: sketches of another hash cannot be united. */
#define DISTINCT_HASH		2
char		*distinct_sketch(const struct distinct *, char *buf);
int		 distinct_add_sketch(struct distinct *, const char *s);

/* distinct_count - the count; *estimated set to 1 when it is an estimate
 * (the bound was passed), else 0. */
unsigned long	 distinct_count(const struct distinct *, int *estimated);

#endif /* DISTINCT_H */
