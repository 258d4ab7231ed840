/*
 * fmt.h - numbers written in decimal without snprintf, which costs
 * hundreds of instructions a number: two digits a step, as a division is
 * dear.  Pure functions on the caller's memory.
 */
#ifndef FMT_H
#define FMT_H

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

#endif /* FMT_H */
