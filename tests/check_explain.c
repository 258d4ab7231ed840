/*
 * check_explain.c - splitting reply lines for `smtplog explain`: code,
 * enhanced status (leading, or qmail's trailing "(#5.7.1)"), text, and the
 * lines that are not replies.
 */
#include <check.h>
#include <string.h>

#include "cmd/explain.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*line;
	int		 rc;
	int		 code;
	const char	*enhanced;
	const char	*text;		/* NULL: none */
} lines[] = {
	{ "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked",
	  0, 554, "5.7.1", "Service unavailable; Client host [192.0.2.1] blocked" },
	{ "503 sender not yet given", 0, 503, "", "sender not yet given" },
	{ "502 unimplemented (#5.5.1)", 0, 502, "5.5.1",
	  "unimplemented (#5.5.1)" },
	{ "530 Authorization required (#5.7.1) ", 0, 530, "5.7.1",
	  "Authorization required (#5.7.1)" },
	{ "  554  ", 0, 554, "", NULL },
	{ "554", 0, 554, "", NULL },
	{ "530-5.7.0 Authentication Required.", 0, 530, "5.7.0",
	  "Authentication Required." },
	{ "smtp; 550 5.7.26 Unauthenticated email", 0, 550, "5.7.26",
	  "Unauthenticated email" },
	{ "550 5.1.1", 0, 550, "5.1.1", NULL },
	{ "421 4.7.0 [TSS04] Messages", 0, 421, "4.7.0", "[TSS04] Messages" },
	/* Not an enhanced code: too many digits, no space after it. */
	{ "550 5.1234.1 x", 0, 550, "", "5.1234.1 x" },
	{ "550 5.1.1x y", 0, 550, "", "5.1.1x y" },
	{ "554 (#5.7)", 0, 554, "", "(#5.7)" },
	{ "not a reply", -1, 0, "", NULL },
	{ "5541 too many digits", -1, 0, "", NULL },
	{ "654 out of range", -1, 0, "", NULL },
	{ "154 out of range", -1, 0, "", NULL },
	{ "55", -1, 0, "", NULL },
	{ "", -1, 0, "", NULL },
	{ "250x", -1, 0, "", NULL },
};

START_TEST(test_explain_parse)
{
	struct explain_reply	 r;
	const char		*line = lines[_i].line;
	int			 rc;

	rc = explain_parse(line, strlen(line), &r);
	ck_assert_msg(rc == lines[_i].rc, "%s: got rc %d, want %d", line, rc,
	    lines[_i].rc);
	if (rc != 0)
		return;
	ck_assert_msg(r.code == lines[_i].code, "%s: got %d, want %d", line,
	    r.code, lines[_i].code);
	ck_assert_msg(strcmp(r.enhanced, lines[_i].enhanced) == 0,
	    "%s: got enhanced '%s', want '%s'", line, r.enhanced,
	    lines[_i].enhanced);
	if (lines[_i].text == NULL)
		ck_assert_msg(r.text == NULL, "%s: got text '%.*s', want none",
		    line, (int)r.textlen, r.text);
	else
		ck_assert_msg(r.text != NULL &&
		    r.textlen == strlen(lines[_i].text) &&
		    memcmp(r.text, lines[_i].text, r.textlen) == 0,
		    "%s: got text '%.*s', want '%s'", line,
		    r.text ? (int)r.textlen : 0, r.text ? r.text : "",
		    lines[_i].text);
}
END_TEST

Suite *
explain_suite(void)
{
	Suite	*s = suite_create("explain");
	TCase	*tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_explain_parse, 0, NELEM(lines));
	suite_add_tcase(s, tc);
	return s;
}
