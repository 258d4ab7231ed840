/*
 * check_escape.c - terminal escaping: what is kept, what becomes \xNN or
 * \uNNNN, the width counted (wide CJK, Devanagari marks), where a text
 * too wide is cut, and where a text is wrapped.
 */
#define _XOPEN_SOURCE 700	/* wcwidth */
#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/escape.h"
#include "lib/utf8.h"

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
	/* Wide CJK: two columns each, never cut in half. */
	{ "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d", 0,
	  "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d", 8 },
	{ "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d", 6,
	  "\xe5\xa6\x82...", 5 },
	/* Devanagari: the vowel signs and virama take no column. */
	{ "\xe0\xa4\x95\xe0\xa5\x88\xe0\xa4\xb8\xe0\xa5\x87", 0,
	  "\xe0\xa4\x95\xe0\xa5\x88\xe0\xa4\xb8\xe0\xa5\x87", 2 },
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

/*
 * Wrapping: CJK text (the seeds' Chinese headings, no spaces) breaks
 * between characters, not before its punctuation; Devanagari (the Hindi
 * heading "how to fix") at spaces, its marks counted as no column.  Each
 * output line is measured in columns with esc_width.
 */
static const struct {
	const char	*in;
	size_t		 width;
	const char	*out;
} wraps[] = {
	{ "one two three", 9, "one two\nthree" },
	/* "如何修复。如何修复" at 6 columns: 3 characters a line, the full
	 * stop kept with the character before it */
	{ "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d\xe3\x80\x82"
	  "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d", 6,
	  "\xe5\xa6\x82\xe4\xbd\x95\xe4\xbf\xae\n"
	  "\xe5\xa4\x8d\xe3\x80\x82\xe5\xa6\x82\n"
	  "\xe4\xbd\x95\xe4\xbf\xae\xe5\xa4\x8d" },
	/* "检查 EHLO 回复" keeps its spaces and the Latin word whole */
	{ "\xe6\xa3\x80\xe6\x9f\xa5 EHLO \xe5\x9b\x9e\xe5\xa4\x8d", 9,
	  "\xe6\xa3\x80\xe6\x9f\xa5 EHLO\n\xe5\x9b\x9e\xe5\xa4\x8d" },
	/* "कैसे ठीक करें" (13 characters, 9 columns) at 8 columns */
	{ "\xe0\xa4\x95\xe0\xa5\x88\xe0\xa4\xb8\xe0\xa5\x87 "
	  "\xe0\xa4\xa0\xe0\xa5\x80\xe0\xa4\x95 "
	  "\xe0\xa4\x95\xe0\xa4\xb0\xe0\xa5\x87\xe0\xa4\x82", 8,
	  "\xe0\xa4\x95\xe0\xa5\x88\xe0\xa4\xb8\xe0\xa5\x87 "
	  "\xe0\xa4\xa0\xe0\xa5\x80\xe0\xa4\x95\n"
	  "\xe0\xa4\x95\xe0\xa4\xb0\xe0\xa5\x87\xe0\xa4\x82" },
};

START_TEST(test_escape_wrap)
{
	char		*buf = NULL, *line, *nl;
	size_t		 len = 0;
	FILE		*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	(void)esc_wrap(fp, wraps[_i].in, 0, 0, wraps[_i].width, 0, 0);
	fclose(fp);
	ck_assert_msg(strcmp(buf, wraps[_i].out) == 0, "%zu: got '%s', "
	    "want '%s'", (size_t)_i, buf, wraps[_i].out);
	for (line = buf; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		ck_assert_uint_le(esc_width(line, nl != NULL ?
		    (size_t)(nl - line) : strlen(line)), wraps[_i].width);
	}
	free(buf);
}
END_TEST

/*
 * The width table against glibc's wcwidth in a UTF-8 locale, on the
 * scripts the translations use: Latin marks, Devanagari, CJK punctuation,
 * kana, ideographs, Hangul, fullwidth forms.  Skipped without such a
 * locale (every Debian has C.UTF-8).
 */
START_TEST(test_escape_wcwidth)
{
	static const uint32_t	 ranges[][2] = {
		{ 0x00a0, 0x036f }, { 0x0900, 0x097f }, { 0x3000, 0x30ff },
		{ 0x4e00, 0x4fff }, { 0x9f00, 0x9fff }, { 0xac00, 0xac7f },
		{ 0xff00, 0xffef }, { 0x2000, 0x206f },
	};
	wchar_t			 wc;
	size_t			 i;
	uint32_t		 cp;
	int			 w, differ = 0;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL) {
		fprintf(stderr, "SKIP: escape wcwidth: no C.UTF-8 locale\n");
		return;
	}
	for (i = 0; i < NELEM(ranges); i++)
		for (cp = ranges[i][0]; cp <= ranges[i][1]; cp++) {
			wc = (wchar_t)cp;
			if ((w = wcwidth(wc)) < 0 || cp == 0xad ||
			    (cp >= 0x200e && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				continue;	/* unassigned, or escaped */
			if (w != utf8_cpwidth(cp) && differ++ < 5)
				fprintf(stderr, "U+%04X: got %d, want %d\n",
				    (unsigned)cp, utf8_cpwidth(cp), w);
		}
	setlocale(LC_CTYPE, "C");
	ck_assert_int_eq(differ, 0);
}
END_TEST

Suite *
escape_suite(void)
{
	Suite	*s = suite_create("escape");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_escape_put, 0, (int)NELEM(cases));
	tcase_add_loop_test(tc, test_escape_wrap, 0, (int)NELEM(wraps));
	tcase_add_test(tc, test_escape_wcwidth);
	suite_add_tcase(s, tc);
	return s;
}
