/*
 * check_word.c - tests for lib/word.h: word_copy() writes exactly the n
 * bytes memcpy() writes, and word_eq() (word_eq16() from 8 to 16 bytes)
 * answers as memcmp() == 0, for every length 0 to 40 (each size class
 * and both sides of its bounds) and a difference at every position.
 * Each string is a heap block of exactly its length, so that make asan
 * shows a read past its end.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "heap_block.h"
#include "lib/word.h"

#define MAXLEN	40

START_TEST(test_word_copy_lengths)
{
	const char	*text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH";
	char		 got[MAXLEN + 2], want[MAXLEN + 2], *s;
	size_t		 n = (size_t)_i;

	s = heap_block(text, n);
	memset(got, '.', sizeof(got));
	memset(want, '.', sizeof(want));
	word_copy(got + 1, s, n);
	memcpy(want + 1, s, n);
	ck_assert_msg(memcmp(got, want, sizeof(got)) == 0,
	    "length %zu: got %.*s, want %.*s", n, (int)sizeof(got), got,
	    (int)sizeof(want), want);
	free(s);
}
END_TEST

START_TEST(test_word_eq_lengths)
{
	const char	*text = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH";
	size_t		 n = (size_t)_i, i;
	char		*a, *b;

	a = heap_block(text, n);
	b = heap_block(text, n);
	ck_assert_msg(word_eq(a, b, n), "length %zu: got unequal, want equal",
	    n);
	if (n >= 8 && n <= 16)
		ck_assert_msg(word_eq16(a, b, n), "word_eq16, length %zu: got "
		    "unequal, want equal", n);
	for (i = 0; i < n; i++) {
		b[i] ^= 0x20;
		ck_assert_msg(!word_eq(a, b, n), "length %zu, byte %zu "
		    "differs: got equal, want unequal", n, i);
		if (n >= 8 && n <= 16)
			ck_assert_msg(!word_eq16(a, b, n), "word_eq16, length "
			    "%zu, byte %zu differs: got equal, want unequal", n,
			    i);
		b[i] ^= 0x20;
	}
	free(a);
	free(b);
}
END_TEST

Suite *
word_suite(void)
{
	Suite	*s = suite_create("word");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_word_copy_lengths, 0, MAXLEN + 1);
	tcase_add_loop_test(tc, test_word_eq_lengths, 0, MAXLEN + 1);
	suite_add_tcase(s, tc);
	return s;
}
