/*
 * splitmix.h - splitmix64, the seeded generator of bench/'s programs:
 * small, fast and the same everywhere, so that a seed always gives the
 * same bytes.
 */
#ifndef SPLITMIX_H
#define SPLITMIX_H

#include <stdint.h>

/* splitmix64 - the next number of the sequence that *state holds. */
static inline uint64_t
splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
