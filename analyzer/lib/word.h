/*
 * word.h - copies and compares of short strings (keys, names, numbers,
 * stamps) a machine word at a time: the words may overlap, no byte past
 * the string is read, and no call is made, where memcpy() and memcmp()
 * cost more than the work.  Header-only: every caller is a hot loop.
 */
#ifndef WORD_H
#define WORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * word_copy - memcpy(d, s, n): up to 32 bytes by two loads and two
 * stores of a fixed size, a call to memcpy() beyond.  d and s must not
 * overlap.
 */
static inline void
word_copy(char *d, const char *s, size_t n)
{
	uint64_t	a, b, c, e;
	uint32_t	x, y;

	if (n >= 8) {
		if (n <= 16) {
			memcpy(&a, s, 8);
			memcpy(&b, s + n - 8, 8);
			memcpy(d, &a, 8);
			memcpy(d + n - 8, &b, 8);
		} else if (n <= 32) {
			memcpy(&a, s, 8);
			memcpy(&b, s + 8, 8);
			memcpy(&c, s + n - 16, 8);
			memcpy(&e, s + n - 8, 8);
			memcpy(d, &a, 8);
			memcpy(d + 8, &b, 8);
			memcpy(d + n - 16, &c, 8);
			memcpy(d + n - 8, &e, 8);
		} else
			memcpy(d, s, n);
	} else if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

#endif /* WORD_H */
