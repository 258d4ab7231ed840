/*
 * check_rule_stage.c - the stage a reply's text shows (rules/rule_stage.c,
 * rules/05-stages.json) standing for the command it answered when none is
 * given: real replies from the corpus and the evaluation set, the command
 * given winning over the text, and the errors of a bad "stages" list.
 * Paths are relative to the repository root.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rule.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*files[2];	/* loaded in order; NULL: rules/ */
	int		 code;
	const char	*enhanced;
	const char	*text;
	const char	*command;
	const char	*id;		/* the winner */
	const char	*stage;		/* why.stage */
	int		 from_text;	/* RULE_EV_STAGE_TEXT */
} cases[] = {
	/* tests/corpus/postfix-real/kdent-mail.log:519 */
	{ { NULL, NULL }, 550, NULL, "Administrative prohibition (in reply "
	  "to end of DATA command)", NULL, "base-failure-outbound",
	  "END-OF-MESSAGE", 0 },
	/* tests/corpus/msimerson/postfix-parser-test-messages.txt:3: the
	 * stage is RCPT, so the end-of-data content rule does not apply... */
	{ { NULL, NULL }, 550, "5.7.1", "Unable to deliver to "
	  "<jpayne@recipient.com> (in reply to RCPT TO command)", NULL,
	  "base-failure-outbound", "RCPT", 0 },
	/* ... unless the command given says so: it wins over the text. */
	{ { NULL, NULL }, 550, "5.7.1", "Unable to deliver to "
	  "<jpayne@recipient.com> (in reply to RCPT TO command)",
	  "END-OF-MESSAGE", "common-content-eom-out", "", 0 },
	/* A text that names its cause keeps it; the stage is shown
	 * (evaluation set: a Postfix bounce quoted by Sisimai). */
	{ { NULL, NULL }, 550, "5.7.1", "rejected by DMARC policy for "
	  "example.com (in reply to end of DATA command),", NULL,
	  "postfix-spf-dmarc-out", "END-OF-MESSAGE", 0 },
	/* Sisimai set-of-emails lhost-sendmail-56 (Apple): the greeting rule
	 * has its own stage... */
	{ { NULL, NULL }, 554, NULL, "st11p00im-smtpin005.me.com ESMTP not "
	  "accepting connections", NULL, "reply-greeting-out", "CONNECT", 1 },
	/* ... and without it, the banner hint meets a rule asking for
	 * CONNECT. */
	{ { "rules/05-stages.json", "tests/data/rules/stage-greeting.json" },
	  554, NULL, "st11p00im-smtpin005.me.com ESMTP not accepting "
	  "connections", NULL, "t-greeting-554", "CONNECT", 1 },
	/* tests/corpus/exim-testsuite/stdout-0900:187: Exim's 421 names the
	 * host too, in the middle of DATA: no stage from it. */
	{ { "rules/05-stages.json", "tests/data/rules/stage-greeting.json" },
	  421, NULL, "testhost.test.ex SMTP incoming data timeout - closing "
	  "connection.", NULL, NULL, "", 0 },
	/* Gmail's 421 4.7.0 (evaluation set, go-sisimai rhost/for-google.go) */
	{ { NULL, NULL }, 421, "4.7.0", "Try again later, closing connection. "
	  "This usually indicates a Denial of Service (DoS) for the SMTP relay "
	  "at the HELO stage.", NULL, "base-failure-outbound", "HELO", 0 },
};

static struct ruleset *
load(const char *const files[2])
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	int		 nerr, i;

	if (files[0] == NULL)
		ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	for (i = 0; i < 2 && files[i] != NULL; i++)
		ck_assert_msg(rule_load_file(rs, files[i], &err, &nerr) == 0,
		    "%s:%d: %s", err.file, err.line, err.msg);
	return rs;
}

START_TEST(test_rule_stage_from_text)
{
	struct ruleset		*rs = load(cases[_i].files);
	struct rule_query	 q;
	struct rule_why		 why;
	const struct rule_info	*ri;

	memset(&q, 0, sizeof(q));
	q.code = cases[_i].code;
	q.enhanced = cases[_i].enhanced;
	q.text = cases[_i].text;
	q.command = cases[_i].command;
	q.dir = EV_DIR_OUT;
	q.code_src = EV_CODE_LOGGED;
	ri = rule_match_why(rs, &q, &why);
	if (cases[_i].id == NULL)
		ck_assert_msg(ri == NULL, "%s: got %s, want no rule",
		    cases[_i].text, ri->id);
	else
		ck_assert_msg(ri != NULL && strcmp(ri->id, cases[_i].id) == 0,
		    "%s: got %s, want %s", cases[_i].text, ri ? ri->id : "none",
		    cases[_i].id);
	ck_assert_msg(strcmp(why.stage, cases[_i].stage) == 0,
	    "%s: stage %s, want %s", cases[_i].text, why.stage,
	    cases[_i].stage);
	ck_assert_int_eq(!!(why.evidence & RULE_EV_STAGE_TEXT),
	    cases[_i].from_text);
	if (cases[_i].command != NULL && ri != NULL)
		ck_assert(why.evidence & RULE_EV_STAGE);
	rule_free(rs);
}
END_TEST

/* Every problem of tests/data/rules/stage-bad.json, in order. */
static const struct {
	int		 line;
	const char	*rule;
	const char	*msg;
} bad[] = {
	{ 4, "no-stage", "missing \"stage\" in stage hint" },
	{ 5, "with-command", "a stage hint takes no \"command\" in match" },
	{ 6, "code-only", "a stage hint needs a \"text\" or \"enhanced\" "
	  "pattern in match" },
	{ 7, "bad-stage", "unknown command \"GREETING\" in stage" },
	{ 8, "typo", "unknown key \"cause\" in stage hint" },
};

static struct rule_err	seen[NELEM(bad) + 1];
static size_t		nseen;

static void
collect(const struct rule_err *e, void *arg)
{
	(void)arg;
	if (nseen < NELEM(seen))
		seen[nseen] = *e;
	nseen++;
}

START_TEST(test_rule_stage_errors)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	size_t		 i;
	int		 nerr;

	nseen = 0;
	rule_set_reporter(rs, collect, NULL);
	ck_assert_int_eq(rule_load_file(rs, "tests/data/rules/stage-bad.json",
	    &err, &nerr), -1);
	ck_assert_int_eq(nerr, (int)NELEM(bad));
	ck_assert_uint_eq(nseen, NELEM(bad));
	for (i = 0; i < NELEM(bad); i++) {
		ck_assert_msg(seen[i].line == bad[i].line &&
		    strcmp(seen[i].rule, bad[i].rule) == 0 &&
		    strcmp(seen[i].msg, bad[i].msg) == 0,
		    "got %d %s: %s, want %d %s: %s", seen[i].line, seen[i].rule,
		    seen[i].msg, bad[i].line, bad[i].rule, bad[i].msg);
	}
	/* A file with a problem adds nothing. */
	ck_assert_uint_eq(rule_count(rs), 0);
	rule_free(rs);
}
END_TEST

Suite *
rule_stage_suite(void)
{
	Suite	*s = suite_create("rule_stage");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_rule_stage_from_text, 0, NELEM(cases));
	tcase_add_test(tc, test_rule_stage_errors);
	suite_add_tcase(s, tc);
	return s;
}
