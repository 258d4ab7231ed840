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

/* word_eq16 - whether a[0..n) and b[0..n) are equal, 8 <= n <= 16: two
 * words, which may overlap. */
static inline int
word_eq16(const char *a, const char *b, size_t n)
{
	uint64_t	x, y, u, v;

	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	memcpy(&u, a + n - 8, 8);
	memcpy(&v, b + n - 8, 8);
	return x == y && u == v;
}

/* word_eq - whether a[0..n) and b[0..n) are equal: bytes below 8, else
 * words, the last one ending at n. */
static inline int
word_eq(const char *a, const char *b, size_t n)
{
	uint64_t	x, y;
	size_t		i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	for (i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

#endif /* WORD_H */
