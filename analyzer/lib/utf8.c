/*
 * utf8.c - validate UTF-8 and replace what is not well-formed with U+FFFD,
 * so that whatever bytes a log holds, the JSON we write stays valid.
 * RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "utf8.h"
#include "xmalloc.h"

/* seqlen - length of the well-formed sequence at s, or 0. */
static size_t
seqlen(const unsigned char *s, size_t left)
{
	unsigned char	c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (left >= 2 && (s[1] & 0xc0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (left < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && s[1] > 0x9f)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (left < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xf4 && s[1] > 0x8f)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

#define HIGH8	0x8080808080808080ULL

/* utf8_valid - the ASCII runs skipped by utf8_ascii_len(), the other
 * sequences checked one by one. */
int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while ((i += utf8_ascii_len(s + i, len - i)) < len) {
		if ((n = seqlen(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * With SSE2 (every x86-64), 64 bytes a step: the or of four vectors, the
 * high bit of each byte gathered by one movemask.  Elsewhere words.
 */
size_t
utf8_ascii_len(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;
	uint64_t		 w;

#ifdef __SSE2__
	__m128i			 a, b, c, d;

	for (; len - i >= 64; i += 64) {
		a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		b = _mm_loadu_si128((const __m128i *)(const void *)(p + i +
		    16));
		c = _mm_loadu_si128((const __m128i *)(const void *)(p + i +
		    32));
		d = _mm_loadu_si128((const __m128i *)(const void *)(p + i +
		    48));
		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b),
		    _mm_or_si128(c, d))) != 0)
			break;
	}
#endif
	for (; len - i >= 8; i += 8) {
		memcpy(&w, p + i, 8);
		if (w & HIGH8)
			break;
	}
	/* Fewer than 8 left: if the word that ends s is all ASCII, so are
	 * they. */
	if (len - i < 8 && len >= 8) {
		memcpy(&w, p + len - 8, 8);
		if (!(w & HIGH8))
			return len;
	}
	while (i < len && p[i] < 0x80)
		i++;
	return i;
}

char *
utf8_sanitize(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *o;
	size_t			 i = 0, n;

	/* Each bad byte grows to 3 bytes at most. */
	o = out = xmalloc(len * 3 + 1);
	while (i < len) {
		if ((n = seqlen(p + i, len - i)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(o, p + i, n);
		o += n;
		i += n;
	}
	*o = '\0';
	return out;
}

size_t
utf8_decode(const char *s, size_t left, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i;

	if (left == 0 || (n = seqlen(p, left)) == 0)
		return 0;
	*cp = n == 1 ? p[0] : n == 2 ? (p[0] & 0x1fU) : n == 3 ?
	    (p[0] & 0x0fU) : (p[0] & 7U);
	for (i = 1; i < n; i++)
		*cp = *cp << 6 | (p[i] & 0x3fU);
	return n;
}

/*
 * The width tables: ranges of code points, sorted, searched by halves.
 * Drawn from Unicode's EastAsianWidth.txt (W and F) and the nonspacing
 * (Mn), enclosing (Me) and format (Cf) marks of the scripts smtplog's
 * translations and common logs use; tests/check_escape.c compares them
 * with glibc's wcwidth in a UTF-8 locale where one is installed.
 */
struct range {
	uint32_t	lo, hi;
};

static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed },
	/* Devanagari: candrabindu, anusvara, nukta, vowel signs, virama */
	{ 0x0900, 0x0902 }, { 0x093a, 0x093a }, { 0x093c, 0x093c },
	{ 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 },
	/* Bengali, Gurmukhi, Gujarati, Tamil, Telugu: the common signs */
	{ 0x0981, 0x0981 }, { 0x09bc, 0x09bc }, { 0x09c1, 0x09c4 },
	{ 0x09cd, 0x09cd }, { 0x09e2, 0x09e3 }, { 0x0a01, 0x0a02 },
	{ 0x0a3c, 0x0a3c }, { 0x0a41, 0x0a42 }, { 0x0a47, 0x0a48 },
	{ 0x0a4b, 0x0a4d }, { 0x0a70, 0x0a71 }, { 0x0a81, 0x0a82 },
	{ 0x0abc, 0x0abc }, { 0x0ac1, 0x0ac5 }, { 0x0ac7, 0x0ac8 },
	{ 0x0acd, 0x0acd }, { 0x0b82, 0x0b82 }, { 0x0bc0, 0x0bc0 },
	{ 0x0bcd, 0x0bcd }, { 0x0c3e, 0x0c40 }, { 0x0c46, 0x0c48 },
	{ 0x0c4a, 0x0c4d },
	/* Thai */
	{ 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x1160, 0x11ff },	/* Hangul medial vowels, final consonants */
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff },
	{ 0x200b, 0x200f }, { 0x202a, 0x202e }, { 0x2060, 0x206f },
	{ 0x20d0, 0x20f0 },
	{ 0x302a, 0x302d },	/* ideographic tone marks */
	{ 0x3099, 0x309a },	/* kana voicing marks */
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef },
};

static const struct range wide[] = {
	{ 0x1100, 0x115f },	/* Hangul initial consonants */
	{ 0x231a, 0x231b }, { 0x2329, 0x232a }, { 0x23e9, 0x23ec },
	{ 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 }, { 0x25fd, 0x25fe },
	{ 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x267f, 0x267f },
	{ 0x2693, 0x2693 }, { 0x26a1, 0x26a1 }, { 0x26aa, 0x26ab },
	{ 0x26bd, 0x26be }, { 0x26c4, 0x26c5 }, { 0x26ce, 0x26ce },
	{ 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea }, { 0x26f2, 0x26f3 },
	{ 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa }, { 0x26fd, 0x26fd },
	{ 0x2705, 0x2705 }, { 0x270a, 0x270b }, { 0x2728, 0x2728 },
	{ 0x274c, 0x274c }, { 0x274e, 0x274e }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27b0, 0x27b0 },
	{ 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 },
	{ 0x2b55, 0x2b55 },
	/* CJK radicals, punctuation, kana, CJK ideographs, Yi, Hangul */
	{ 0x2e80, 0x3029 }, { 0x302e, 0x303e }, { 0x3041, 0x3098 },
	{ 0x309b, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff01, 0xff60 }, { 0xffe0, 0xffe6 },
	{ 0x16fe0, 0x16fe4 }, { 0x17000, 0x18aff }, { 0x1b000, 0x1b2ff },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f900, 0x1f9ff },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static int
in(const struct range *r, size_t n, uint32_t cp)
{
	size_t	lo = 0, hi = n, mid;

	if (cp < r[0].lo || cp > r[n - 1].hi)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int
utf8_cpwidth(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in(zero, sizeof(zero) / sizeof(zero[0]), cp))
		return 0;
	if (cp >= 0x1100 && in(wide, sizeof(wide) / sizeof(wide[0]), cp))
		return 2;
	return 1;
}
