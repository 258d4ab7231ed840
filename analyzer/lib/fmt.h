/*
 * fmt.h - numbers written in decimal, and 64-bit ids in hex, without
 * snprintf, which costs hundreds of instructions a number: decimal two
 * digits a step, as a division is dear.  Pure functions on the caller's
 * memory.
 */
#ifndef FMT_H
#define FMT_H

#include <stdint.h>
#include <string.h>

/* fmt_digits2 - "00" to "99", two bytes each: the pair of n at 2 * n. */
extern const char fmt_digits2[201];

/* FMT_DEC_MAX - the bytes fmt_udec_back() may write. */
#define FMT_DEC_MAX	20

/*
 * fmt_udec_back - v in decimal, its last digit just before end; returns
 * its first byte.  At most FMT_DEC_MAX bytes before end are written.
 * Inline: writers call it for every number of a record.
 */
static inline char *
fmt_udec_back(char *end, unsigned long long v)
{
	for (; v >= 100; v /= 100) {
		end -= 2;
		memcpy(end, fmt_digits2 + 2 * (v % 100), 2);
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, fmt_digits2 + 2 * v, 2);
	} else
		*--end = (char)('0' + v);
	return end;
}

/* FMT_HEX64 - the bytes fmt_hex64() writes. */
#define FMT_HEX64	16

/*
 * fmt_hex64 - v as FMT_HEX64 lower-case hex digits at p, as "%016llx"
 * writes them but with no NUL; returns p + FMT_HEX64.
 */
static inline char *
fmt_hex64(char *p, uint64_t v)
{
	int	i;

	for (i = 0; i < FMT_HEX64; i++, v <<= 4)
		p[i] = "0123456789abcdef"[v >> 60];
	return p + FMT_HEX64;
}

#endif /* FMT_H */
