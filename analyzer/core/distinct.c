/*
 * distinct.c - counting different strings: an open-addressing set of
 * 64-bit hashes up to a bound, and a HyperLogLog sketch (Flajolet et
 * al., 2007, with the small-range linear counting of the paper) for
 * what lies beyond it.  What the strings are is the caller's business.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distinct.h"
#include "lib/htab.h"
#include "lib/xmalloc.h"

#define NREG	(1u << DISTINCT_P)

struct distinct {
	uint64_t	*set;		/* 0 is a free slot; NULL once over */
	size_t		 nset, cap;	/* cap: a power of two */
	size_t		 max;
	unsigned char	 reg[NREG];
};

struct distinct *
distinct_new(size_t max)
{
	struct distinct	*d;

	d = xcalloc(1, sizeof(*d));
	d->max = max > 0 ? max : DISTINCT_DEFAULT_MAX;
	d->cap = 1024;
	d->set = xcalloc(d->cap, sizeof(*d->set));
	return d;
}

void
distinct_free(struct distinct *d)
{
	if (d == NULL)
		return;
	free(d->set);
	free(d);
}

uint64_t
distinct_hash(const char *s, size_t len)
{
	return htab_hash64(s, len);
}

/* set_put - h into the set (which has room); 1 when it was new. */
static int
set_put(uint64_t *set, size_t cap, uint64_t h)
{
	size_t	i = (size_t)h & (cap - 1);

	while (set[i] != 0) {
		if (set[i] == h)
			return 0;
		i = (i + 1) & (cap - 1);
	}
	set[i] = h;
	return 1;
}

/* grow - twice the slots, the hashes put again. */
static void
grow(struct distinct *d)
{
	uint64_t	*n;
	size_t		 i, cap = d->cap * 2;

	n = xcalloc(cap, sizeof(*n));
	for (i = 0; i < d->cap; i++)
		if (d->set[i] != 0)
			(void)set_put(n, cap, d->set[i]);
	free(d->set);
	d->set = n;
	d->cap = cap;
}

/* reg_put - h into the registers: its top DISTINCT_P bits pick one, the
 * place of the first 1 in the rest is the rank kept if larger. */
static void
reg_put(unsigned char *reg, uint64_t h)
{
	uint64_t	w = h << DISTINCT_P;
	unsigned	rank;

	rank = w == 0 ? 64 - DISTINCT_P + 1 : (unsigned)__builtin_clzll(w) + 1;
	if (rank > 64 - DISTINCT_P + 1)
		rank = 64 - DISTINCT_P + 1;
	if (rank > reg[h >> (64 - DISTINCT_P)])
		reg[h >> (64 - DISTINCT_P)] = (unsigned char)rank;
}

/*
 * The registers are a function of the hashes: while the exact set is
 * kept they are not updated (a hash each costs time), and are made from
 * the set when it is dropped or a sketch is asked for.
 */
static void
set_to_regs(const struct distinct *d, unsigned char *reg)
{
	size_t	i;

	for (i = 0; i < d->cap; i++)
		if (d->set[i] != 0)
			reg_put(reg, d->set[i]);
}

/* drop_set - from now on the registers alone. */
static void
drop_set(struct distinct *d)
{
	if (d->set == NULL)
		return;
	set_to_regs(d, d->reg);
	free(d->set);
	d->set = NULL;
}

void
distinct_add_hash(struct distinct *d, uint64_t h)
{
	if (h == 0)
		h = 1;		/* 0 marks a free slot */
	if (d->set == NULL) {
		reg_put(d->reg, h);
		return;
	}
	if (set_put(d->set, d->cap, h) && ++d->nset * 2 > d->cap) {
		if (d->nset > d->max)
			drop_set(d);	/* over the bound */
		else
			grow(d);
	}
}

void
distinct_add(struct distinct *d, const char *s)
{
	distinct_add_hash(d, distinct_hash(s, strlen(s)));
}

void
distinct_merge(struct distinct *dst, const struct distinct *src)
{
	size_t	i;

	if (src->set != NULL) {
		for (i = 0; i < src->cap; i++)
			if (src->set[i] != 0)
				distinct_add_hash(dst, src->set[i]);
		return;
	}
	drop_set(dst);
	for (i = 0; i < NREG; i++)
		if (src->reg[i] > dst->reg[i])
			dst->reg[i] = src->reg[i];
}

static const char rank_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+";

char *
distinct_sketch(const struct distinct *d, char *buf)
{
	unsigned char	 reg[NREG];
	size_t		 len = 0;
	unsigned	 i, zeros = 0;

	memcpy(reg, d->reg, sizeof(reg));
	if (d->set != NULL)
		set_to_regs(d, reg);
	for (i = 0; i <= NREG; i++) {
		if (i < NREG && reg[i] == 0) {
			zeros++;
			continue;
		}
		if (zeros > 0)
			len += (size_t)snprintf(buf + len, DISTINCT_SKETCH_MAX -
			    len, "%u", zeros);
		zeros = 0;
		if (i < NREG)
			buf[len++] = rank_chars[reg[i] - 1];
	}
	buf[len] = '\0';
	return buf;
}

int
distinct_add_sketch(struct distinct *d, const char *s)
{
	unsigned char	 reg[NREG];
	const char	*c;
	unsigned	 i = 0;
	unsigned long	 n;

	while (*s != '\0') {
		if (*s >= '0' && *s <= '9') {
			for (n = 0; *s >= '0' && *s <= '9' && n <= NREG; s++)
				n = n * 10 + (unsigned long)(*s - '0');
			if (n > NREG - i)
				return -1;
			memset(reg + i, 0, n);
			i += (unsigned)n;
			continue;
		}
		if (i == NREG || (c = strchr(rank_chars, *s)) == NULL)
			return -1;
		reg[i++] = (unsigned char)(c - rank_chars + 1);
		s++;
	}
	if (i != NREG)
		return -1;
	drop_set(d);
	for (i = 0; i < NREG; i++)
		if (reg[i] > d->reg[i])
			d->reg[i] = reg[i];
	return 0;
}

/* estimate - the HyperLogLog estimate of the registers. */
static double
estimate(const unsigned char *reg)
{
	double		sum = 0, m = NREG, e;
	unsigned	i, zeros = 0;

	for (i = 0; i < NREG; i++) {
		sum += ldexp(1.0, -(int)reg[i]);
		zeros += reg[i] == 0;
	}
	e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
	if (e <= 2.5 * m && zeros > 0)
		e = m * log(m / zeros);
	return e;
}

unsigned long
distinct_count(const struct distinct *d, int *estimated)
{
	if (d->set != NULL) {
		*estimated = 0;
		return (unsigned long)d->nset;
	}
	*estimated = 1;
	return (unsigned long)(estimate(d->reg) + 0.5);
}
