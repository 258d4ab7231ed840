/*
 * check_rule_prefilter.c - the literals a pattern needs (rules/rule_need.c,
 * rules/rule_prefilter.c): what is found for each construct, what makes the
 * reader give up, and that the prefilter never rules out a pattern that
 * matches, for every text pattern of the shipped rules on every reply of
 * tests/replies/replies.tsv.  Paths are relative to the repository root.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* pattern -> its literals, sorted and joined by '|'; NULL: none found. */
static const struct {
	const char	*pat;
	const char	*want;
} lits[] = {
	/* a run of literal characters, lower case; \b does not break it */
	{ "\\bRelay access denied\\b", "relay access denied" },
	/* an alternation needs one of its branches */
	{ "\\bspam\\b|\\bvirus\\b", "spam|virus" },
	/* a group's exact strings join the run around them */
	{ "\\bunknown (?:user|mailbox)\\b", "unknown mailbox|unknown user" },
	{ "unrecogni[sz]ed", "unrecognised|unrecognized" },
	/* an optional character or group: with and without it */
	{ "\\bover ?quota\\b", "over quota|overquota" },
	{ "\\bAUTH(?:entication)? required", "auth required|"
	    "authentication required" },
	/* the best run of a branch broken by a repeat or a class */
	{ "\\bReject\\b.*\\bid=\\S+ - spam\\b", " - spam" },
	{ "client host \\[[^\\]]*\\] blocked using",
	    "] blocked using" },
	/* lookaround is zero-width: the run goes on across it */
	{ "(?<!not )\\blisted in\\b", "listed in" },
	{ "\\bdelivery error: dd\\b(?!.*aborted)", "delivery error: dd" },
	/* a repeated character ends the run after one copy */
	{ "x+ too long", " too long" },
	/* a string holding another adds nothing */
	{ "\\bspam\\b|\\bspam sender\\b", "spam" },
	/* (?i) is an option setting, not a group */
	{ "(?i)Rejected", "rejected" },
	/* an escaped metacharacter is a literal */
	{ "^unimplemented \\(#5\\.5\\.1\\)$", "unimplemented (#5.5.1)" },
	/* nothing useful: one branch needs too little, or nothing */
	{ "\\bspam\\b|x", NULL },
	{ ".*", NULL },
	{ "^\\d+$", NULL },
	/* a short class is its characters; repeated, one copy ends the run */
	{ "^5\\.1\\.[0-3]+$", "5.1.0|5.1.1|5.1.2|5.1.3" },
	/* constructs the reader does not know: it gives up */
	{ "(a)\\1 foo bar", NULL },
	{ "(?x) foo bar", NULL },
	{ "\\Qfoo bar\\E", NULL },
	{ "foo{bar", NULL },
	{ "(?|foo|bar)", NULL },
	/* a character outside ASCII breaks the run */
	{ "boîte pleine", "te pleine" },
};

START_TEST(test_rule_prefilter_literals)
{
	struct rule_prefilter	*pf = rule_prefilter_new(lits[_i].pat);
	char			 got[1024] = "";
	const char		*v[64];
	size_t			 i, j, n = rule_prefilter_count(pf);

	ck_assert_uint_le(n, NELEM(v));
	for (i = 0; i < n; i++)
		v[i] = rule_prefilter_literal(pf, i);
	/* Sorted, so that the order the reader found them in is free. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
		    i ? "|" : "", v[i]);
	if (lits[_i].want == NULL)
		ck_assert_msg(pf == NULL, "%s: got %s, want none",
		    lits[_i].pat, got);
	else
		ck_assert_msg(pf != NULL && strcmp(got, lits[_i].want) == 0,
		    "%s: got %s, want %s", lits[_i].pat, pf ? got : "none",
		    lits[_i].want);
	rule_prefilter_free(pf);
}
END_TEST

START_TEST(test_rule_prefilter_subject)
{
	struct rule_prefilter	*pf = rule_prefilter_new("\\bspam\\b");
	struct rule_pf_subject	 s;
	char			 buf[64];

	rule_prefilter_subject(&s, "554 Message is SPAM", buf);
	ck_assert_int_eq(rule_prefilter_may(pf, &s), 1);
	rule_prefilter_subject(&s, "554 Message refused", buf);
	ck_assert_int_eq(rule_prefilter_may(pf, &s), 0);
	/*
	 * Outside ASCII, PCRE2's case folding may match an ASCII letter
	 * (U+017F LONG S is "s" to a caseless pattern): no prefilter then.
	 */
	rule_prefilter_subject(&s, "554 \xc5\xbfpam", buf);
	ck_assert_int_eq(rule_prefilter_may(pf, &s), 1);
	rule_prefilter_free(pf);
}
END_TEST

/* The reply texts of the evaluation set, as the rules see them. */
static char	**texts;
static size_t	  ntexts;

static void
texts_setup(void)
{
	FILE	*fp = fopen("tests/replies/replies.tsv", "r");
	char	 line[8192], out[8192], enh[16], *f;
	int	 col, code;

	if (fp == NULL) {
		perror("tests/replies/replies.tsv");
		abort();
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		/* id set code enhanced reply ...: the 3rd and 5th columns */
		f = line;
		code = 0;
		for (col = 1; col < 5 && f != NULL; col++) {
			if (col == 3)
				code = atoi(f);
			if ((f = strchr(f, '\t')) != NULL)
				f++;
		}
		if (f == NULL || code == 0)
			continue;
		f[strcspn(f, "\t")] = '\0';
		texts = realloc(texts, (ntexts + 2) * sizeof(*texts));
		/* The text after the code, and its lines as matched. */
		texts[ntexts++] = strdup(strlen(f) >= 4 ? f + 4 : f);
		rule_text_lines(f, code, out, sizeof(out), enh, sizeof(enh));
		texts[ntexts++] = strdup(out);
	}
	fclose(fp);
}

static void
texts_teardown(void)
{
	size_t	 i;

	for (i = 0; i < ntexts; i++)
		free(texts[i]);
	free(texts);
	texts = NULL;
	ntexts = 0;
}

/* sound - no text that p matches is ruled out by its literals. */
static void
sound(const struct rule *r, const struct rule_pat *p, const char *key,
    pcre2_match_data *md, size_t *checks, size_t *ruled_out)
{
	struct rule_prefilter	*pf;
	struct rule_pf_subject	 s;
	pcre2_code		*re;
	PCRE2_SIZE		 off;
	char			*buf;
	size_t			 i;
	int			 err, rc;

	if (p->re == NULL)
		return;
	pf = rule_prefilter_new(p->src);
	re = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_MULTILINE, &err, &off, NULL);
	ck_assert_ptr_nonnull(re);
	for (i = 0; i < ntexts; i++) {
		buf = malloc(strlen(texts[i]) + 1);
		rule_prefilter_subject(&s, texts[i], buf);
		rc = pcre2_match(re, (PCRE2_SPTR)texts[i], strlen(texts[i]), 0,
		    0, md, NULL);
		(*checks)++;
		if (!rule_prefilter_may(pf, &s)) {
			(*ruled_out)++;
			ck_assert_msg(rc < 0, "%s match.%s rules out \"%s\", "
			    "which it matches", r->info.id, key, texts[i]);
		}
		free(buf);
	}
	pcre2_code_free(re);
	rule_prefilter_free(pf);
}

START_TEST(test_rule_prefilter_sound)
{
	struct ruleset		*rs = rule_new();
	struct rule_err		 err;
	pcre2_match_data	*md = pcre2_match_data_create(1, NULL);
	size_t			 i, checks = 0, out = 0;
	int			 nerr;

	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	ck_assert_uint_gt(ntexts, 1000);
	for (i = 0; i < rs->nrules; i++) {
		sound(rs->rules[i], &rs->rules[i]->text, "text", md, &checks,
		    &out);
		sound(rs->rules[i], &rs->rules[i]->unless, "unless", md,
		    &checks, &out);
	}
	/* Not a test that cannot fail: most checks must rule out. */
	ck_assert_msg(out * 10 > checks * 9, "%zu of %zu ruled out", out,
	    checks);
	pcre2_match_data_free(md);
	rule_free(rs);
}
END_TEST

Suite *
rule_prefilter_suite(void)
{
	Suite	*s = suite_create("rule_prefilter");
	TCase	*tc;

	tc = tcase_create("literals");
	tcase_add_loop_test(tc, test_rule_prefilter_literals, 0, NELEM(lits));
	tcase_add_test(tc, test_rule_prefilter_subject);
	suite_add_tcase(s, tc);

	tc = tcase_create("sound");
	tcase_add_unchecked_fixture(tc, texts_setup, texts_teardown);
	tcase_add_test(tc, test_rule_prefilter_sound);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
