/*
 * check_escape.c - terminal escaping: what is kept, what becomes \xNN or
 * \uNNNN, the width counted, and where a text too wide is cut.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*in;
	size_t		 max;
	const char	*out;
	size_t		 cols;
} cases[] = {
	{ "hello", 0, "hello", 5 },
	{ "hello", 5, "hello", 5 },
	{ "hello world", 8, "hello...", 8 },
	{ "abcd", 4, "abcd", 4 },
	{ "abcde", 4, "a...", 4 },
	{ "abc", 2, "...", 3 },
	{ "", 0, "", 0 },
	{ "ab\x1b[2Jcd", 0, "ab\\x1b[2Jcd", 11 },
	{ "ab\x1b" "cd", 6, "ab...", 5 },
	{ "ab\x1b" "cd", 8, "ab\\x1bcd", 8 },
	{ "ab\x1b" "cdef", 9, "ab\\x1b...", 9 },
	{ "tab\there\x7f", 0, "tab\\x09here\\x7f", 15 },
	{ "caf\xc3\xa9 ok", 0, "caf\xc3\xa9 ok", 7 },
	{ "caf\xc3\xa9 ok and more", 8, "caf\xc3\xa9 ...", 8 },
	{ "x\xe2\x80\xaey", 0, "x\\u202ey", 8 },
	{ "\xc2\x9b" "2J", 0, "\\x9b2J", 6 },
	{ "bad\xff", 0, "bad\\xff", 7 },
	{ "cut \xc3", 0, "cut \\xc3", 8 },
	/* A literal backslash is doubled: "\\x1b" is text, "\x1b" an ESC. */
	{ "lit \\x1b[2J", 0, "lit \\\\x1b[2J", 12 },
	{ "\x1b\\", 0, "\\x1b\\\\", 6 },
	{ "ab\\cd", 4, "a...", 4 },
	{ "a\\", 3, "a\\\\", 3 },
	{ "a long line of plain text that goes on", 20,
	  "a long line of pl...", 20 },
};

START_TEST(test_escape_put)
{
	char	*buf = NULL;
	size_t	 len = 0, cols;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	cols = esc_put(fp, cases[_i].in, strlen(cases[_i].in), cases[_i].max);
	fclose(fp);
	ck_assert_msg(strcmp(buf, cases[_i].out) == 0 &&
	    cols == cases[_i].cols, "%zu: got %s (%zu columns), want %s (%zu)",
	    (size_t)_i, buf, cols, cases[_i].out, cases[_i].cols);
	/* Uncut, the width is what esc_put wrote. */
	if (cases[_i].max == 0)
		ck_assert_uint_eq(esc_width(cases[_i].in,
		    strlen(cases[_i].in)), cols);
	free(buf);
}
END_TEST

Suite *
escape_suite(void)
{
	Suite	*s = suite_create("escape");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_escape_put, 0, (int)NELEM(cases));
	suite_add_tcase(s, tc);
	return s;
}
