/*
 * fnv.h - FNV-1a 64, the hash of identities that must be the same on every
 * machine and in every run: an input's content identity (input.c), a
 * finding's id (finding.c).  Not for hash tables (htab.h has its own) and
 * not a defence against a forger: it tells apart logs, not adversaries.
 * Header-only, as it is a loop of two lines.
 */
#ifndef FNV_H
#define FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV64_OFFSET	14695981039346656037ULL
#define FNV64_PRIME	1099511628211ULL

/* fnv64 - h (FNV64_OFFSET to start) extended by p[0..len). */
static inline uint64_t
fnv64(uint64_t h, const void *p, size_t len)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * FNV64_PRIME;
	return h;
}

/*
 * fnv64_mix - h with its bits mixed (MurmurHash3's 64-bit finalizer): FNV
 * spreads a change of the last bytes over few bits, and ids that differ
 * in one character should not look alike.
 */
static inline uint64_t
fnv64_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

#endif /* FNV_H */
