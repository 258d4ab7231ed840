/*
 * check_unmatched.c - the replies no text rule knew (core/unmatched.c):
 * how a text is masked (real replies, each with its source), which
 * findings count, the list in the summary and its flags, the merge of
 * partial lists and the weighted count under it (tally_hit_n), and the
 * per-MTA fixes the text and HTML reports print (report/report_fix.c).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/tally.h"
#include "core/unmatched.h"
#include "report/report_fix.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	int		 code;
	const char	*enhanced;
	const char	*text;
	const char	*want;
} masks[] = {
	/* tests/corpus/postfix-real/kdent-mail.log: an address and a host */
	{ 550, "5.1.1", "<kdent@seaglass.com>: Recipient address rejected: "
	  "User unknown in virtual mailbox table",
	  "550 5.1.1 <<addr>>: Recipient address rejected: User unknown in "
	  "virtual mailbox table" },
	/* tests/replies: Spamcop through Postfix, an IP in brackets and in a
	 * URL's query */
	{ 554, "5.7.1", "Service unavailable; Client host [208.72.237.4] "
	  "blocked using bl.spamcop.net",
	  "554 5.7.1 Service unavailable; Client host [<ip>] blocked using "
	  "<host>" },
	/* tests/replies: Gmail's id at the end, numbers */
	{ 550, "5.7.1", "No such user c18si2365148hub",
	  "550 5.7.1 No such user <id>" },
	{ 452, NULL, "4.5.3 Maximum limit of 50 recipients reached",
	  "452 4.5.3 Maximum limit of <n> recipients reached" },
	/* an enhanced code inside the text stays (qmail) */
	{ 553, NULL, "sorry, that domain isn't in my list of allowed "
	  "rcpthosts (#5.7.1)",
	  "553 sorry, that domain isn't in my list of allowed rcpthosts "
	  "(#5.7.1)" },
	/* IPv6 and white space */
	{ 554, NULL, "  refused   for 2001:db8::25 ",
	  "554 refused for <ip>" },
	/* no text: the code alone */
	{ 554, NULL, NULL, "554" },
};

START_TEST(test_unmatched_text)
{
	char	 out[200];

	unmatched_text(out, sizeof(out), masks[_i].code, masks[_i].enhanced,
	    masks[_i].text);
	ck_assert_msg(strcmp(out, masks[_i].want) == 0, "got \"%s\", want "
	    "\"%s\"", out, masks[_i].want);
}
END_TEST

START_TEST(test_unmatched_text_cut)
{
	char		 out[24];
	const char	*t = "Requested action not taken: mailbox unavailable";

	unmatched_text(out, sizeof(out), 550, NULL, t);
	ck_assert_str_eq(out, "550 Requested action...");
	ck_assert_uint_lt(strlen(out), sizeof(out));
}
END_TEST

static const struct rule_info generic = {
	.id = "base-554-inbound", .cause = "other", .generic = 1,
	.fix = "generic fix",
};
static const struct rule_info texty = {
	.id = "reply-spam-content-in", .cause = "spam-content",
	.fix = "spam fix",
};

static struct finding
finding(const struct rule_info *r, const char *text, const char *program)
{
	struct finding	 f;

	memset(&f, 0, sizeof(f));
	f.code = 554;
	f.rule = r;
	f.text = text;
	f.program = program;
	return f;
}

START_TEST(test_unmatched_counts)
{
	struct unmatched	*u = unmatched_new(16);
	struct summary		 s;
	struct finding		 f;
	int			 i;

	/* One text to three clients: one line; a rule that knew the text,
	 * or no text at all, is not counted. */
	for (i = 0; i < 3; i++) {
		char	 t[64];

		snprintf(t, sizeof(t), "<u%d@example.org>: Transaction failed",
		    i);
		f = finding(&generic, t, "postfix/smtpd");
		unmatched_add(u, &f);
	}
	f = finding(NULL, "No rule at all", NULL);
	unmatched_add(u, &f);
	f = finding(&texty, "spam", "postfix/smtpd");
	unmatched_add(u, &f);
	f = finding(&generic, NULL, "postfix/smtpd");
	unmatched_add(u, &f);
	memset(&s, 0, sizeof(s));
	unmatched_summary(u, &s);
	ck_assert(s.unmatched_counted);
	ck_assert_uint_eq(s.unmatched_findings, 4);
	ck_assert_uint_eq(s.nunmatched, 2);
	ck_assert_str_eq(s.unmatched[0].reply,
	    "554 <<addr>>: Transaction failed");
	ck_assert_str_eq(s.unmatched[0].rule, "base-554-inbound");
	ck_assert_int_eq(s.unmatched[0].code, 554);
	ck_assert_uint_eq(s.unmatched[0].count, 3);
	ck_assert_ptr_null(s.unmatched[1].rule);
	ck_assert(!s.unmatched_inexact && !s.unmatched_more);
	unmatched_free(u);
}
END_TEST

START_TEST(test_unmatched_bounds)
{
	struct unmatched	*u = unmatched_new(4);
	struct summary		 s;
	struct finding		 f;
	char			 t[64];
	int			 i;

	/* More texts than kept: lower bounds, and "more" than listed. */
	for (i = 0; i < 40; i++) {
		snprintf(t, sizeof(t), "text %c%c", 'a' + i % 26, 'a' + i / 26);
		f = finding(&generic, t, NULL);
		unmatched_add(u, &f);
	}
	memset(&s, 0, sizeof(s));
	unmatched_summary(u, &s);
	ck_assert_uint_eq(s.unmatched_findings, 40);
	ck_assert(s.unmatched_inexact);
	unmatched_free(u);

	/* More than SUMMARY_MAX_UNMATCHED texts, all kept: exact, more. */
	u = unmatched_new(64);
	for (i = 0; i < SUMMARY_MAX_UNMATCHED + 2; i++) {
		snprintf(t, sizeof(t), "text %c", 'a' + i);
		f = finding(&generic, t, NULL);
		unmatched_add(u, &f);
	}
	memset(&s, 0, sizeof(s));
	unmatched_summary(u, &s);
	ck_assert_uint_eq(s.nunmatched, SUMMARY_MAX_UNMATCHED);
	ck_assert(!s.unmatched_inexact && s.unmatched_more);
	unmatched_free(u);
}
END_TEST

START_TEST(test_unmatched_merge)
{
	struct unmatched	*u = unmatched_new(16);
	struct summary		 s;

	unmatched_merge(u, 5, 0, 0);
	unmatched_merge_text(u, "base-554-inbound", "554 Transaction failed",
	    3);
	unmatched_merge_text(u, "base-503-inbound", "503 No sender given", 2);
	unmatched_merge(u, 4, 0, 0);
	unmatched_merge_text(u, "base-554-inbound", "554 Transaction failed",
	    4);
	memset(&s, 0, sizeof(s));
	unmatched_summary(u, &s);
	ck_assert_uint_eq(s.unmatched_findings, 9);
	ck_assert_uint_eq(s.nunmatched, 2);
	ck_assert_uint_eq(s.unmatched[0].count, 7);
	ck_assert(!s.unmatched_inexact);
	/* A partial that listed fewer texts than it saw: lower bounds. */
	unmatched_merge(u, 1, 0, 1);
	unmatched_summary(u, &s);
	ck_assert(s.unmatched_inexact && s.unmatched_more);
	unmatched_free(u);
}
END_TEST

/* The weighted Misra-Gries count under the merge (tally_hit_n) keeps what
 * occurs more than total / (max + 1) times, each count short by at most
 * that. */
START_TEST(test_tally_hit_n)
{
	struct tally		*t = tally_new(2);
	struct tally_item	 it[3];
	size_t			 n;

	(void)tally_hit_n(t, "a", NULL, 10);
	(void)tally_hit_n(t, "b", NULL, 3);
	(void)tally_hit_n(t, "c", NULL, 2);	/* full: 2 off a, b and c */
	(void)tally_hit_n(t, "a", NULL, 5);
	n = tally_top(t, it, 3);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(it[0].key, "a");
	ck_assert_uint_eq(it[0].count, 13);	/* 15 - 2 */
	ck_assert_str_eq(it[1].key, "b");
	ck_assert_uint_eq(it[1].count, 1);
	ck_assert(!tally_exact(t));
	tally_free(t);
}
END_TEST

static const struct rule_info both = {
	.id = "r", .fix = "generic", .fix_postfix = "Postfix: set this",
	.fix_exim = "Exim: set that",
};
static const struct rule_info plain = { .id = "p", .fix = "one fix" };

START_TEST(test_report_fix)
{
	struct rfix	 x;
	const char	*label[RULE_MTA_N], *fix[RULE_MTA_N];
	size_t		 n;

	/* One MTA: its fix, no label. */
	memset(&x, 0, sizeof(x));
	rfix_add(&x, &both, "exim");
	n = rfix_list(&x, label, fix);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_null(label[0]);
	ck_assert_str_eq(fix[0], "Exim: set that");
	/* Exim and a transcript: each fix; the generic one labelled, the
	 * Exim one says its name itself. */
	rfix_add(&x, &both, NULL);
	rfix_add(&x, &both, "exim");
	n = rfix_list(&x, label, fix);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(fix[0], "generic");
	ck_assert_str_eq(label[0], "other logs");
	ck_assert_ptr_null(label[1]);
	rfix_free(&x);
	/* A rule with one fix for all: printed once. */
	rfix_add(&x, &plain, "postfix/smtp");
	rfix_add(&x, &plain, "exim");
	n = rfix_list(&x, label, fix);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_null(label[0]);
	ck_assert_str_eq(fix[0], "one fix");
	rfix_free(&x);
	/* Exim's own test harness is not Exim's log. */
	ck_assert_int_eq(rule_mta("exim-test"), RULE_MTA_OTHER);
	ck_assert_int_eq(rule_mta("postfix/submission/smtpd"),
	    RULE_MTA_POSTFIX);
}
END_TEST

Suite *
unmatched_suite(void)
{
	Suite	*s = suite_create("unmatched");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_unmatched_text, 0, NELEM(masks));
	tcase_add_test(tc, test_unmatched_text_cut);
	tcase_add_test(tc, test_unmatched_counts);
	tcase_add_test(tc, test_unmatched_bounds);
	tcase_add_test(tc, test_unmatched_merge);
	tcase_add_test(tc, test_tally_hit_n);
	tcase_add_test(tc, test_report_fix);
	suite_add_tcase(s, tc);
	return s;
}
