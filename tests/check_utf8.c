/*
 * check_utf8.c - tests for lib/utf8.c's validation: utf8_ascii_len()
 * against a byte loop for every length 0 to 80 and every place of a byte
 * at or above 0x80 (both sides of its 64- and 8-byte strides), and
 * utf8_valid() on the well-formed and ill-formed sequences of RFC 3629
 * (sections 3 and 10: overlong forms, surrogates, above U+10FFFF, cut
 * short), each after 0 to 70 ASCII bytes and before 0 to 9.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "heap_block.h"
#include "lib/utf8.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

START_TEST(test_utf8_ascii_len)
{
	char	 buf[80], *s;
	size_t	 n = (size_t)_i, at, want;

	for (at = 0; at <= n; at++) {
		memset(buf, 'a', sizeof(buf));
		if (at < n)
			buf[at] = (char)0xc3;
		want = at;
		s = heap_block(buf, n);
		ck_assert_msg(utf8_ascii_len(s, n) == want,
		    "length %zu, high byte at %zu: got %zu, want %zu", n, at,
		    utf8_ascii_len(s, n), want);
		free(s);
	}
}
END_TEST

static const struct {
	const char	*seq;
	int		 valid;
} seqs[] = {
	{ "\xc3\xa9", 1 },		/* U+00E9 */
	{ "\xe2\x82\xac", 1 },		/* U+20AC */
	{ "\xf0\x9f\x98\x80", 1 },	/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 1 },	/* U+10FFFF, the last */
	{ "\xed\x9f\xbf", 1 },		/* U+D7FF, before the surrogates */
	{ "\xc0\x80", 0 },		/* overlong NUL */
	{ "\xc1\xbf", 0 },		/* overlong */
	{ "\xe0\x80\x80", 0 },		/* overlong */
	{ "\xf0\x80\x80\x80", 0 },	/* overlong */
	{ "\xed\xa0\x80", 0 },		/* U+D800, a surrogate */
	{ "\xf4\x90\x80\x80", 0 },	/* above U+10FFFF */
	{ "\xf5\x80\x80\x80", 0 },	/* no such lead byte */
	{ "\x80", 0 },			/* a lone continuation */
	{ "\xc3", 0 },			/* cut short */
	{ "\xe2\x82", 0 },		/* cut short */
	{ "\xf0\x9f\x98", 0 },		/* cut short */
	{ "\xc3\x28", 0 },		/* not a continuation */
	{ "\xff", 0 },
};

START_TEST(test_utf8_valid)
{
	char	 buf[96], *s;
	size_t	 before, after, k = strlen(seqs[_i].seq), n;
	int	 got;

	for (before = 0; before <= 70; before++)
		for (after = 0; after < 10; after++) {
			memset(buf, 'a', sizeof(buf));
			memcpy(buf + before, seqs[_i].seq, k);
			n = before + k + after;
			s = heap_block(buf, n);
			got = utf8_valid(s, n);
			ck_assert_msg(got == seqs[_i].valid,
			    "case %d after %zu bytes, before %zu: got %d, "
			    "want %d", _i, before, after, got, seqs[_i].valid);
			free(s);
		}
}
END_TEST

Suite *
utf8_suite(void)
{
	Suite	*s = suite_create("utf8");
	TCase	*tc = tcase_create("valid");

	tcase_add_loop_test(tc, test_utf8_ascii_len, 0, 81);
	tcase_add_loop_test(tc, test_utf8_valid, 0, NELEM(seqs));
	suite_add_tcase(s, tc);
	return s;
}
