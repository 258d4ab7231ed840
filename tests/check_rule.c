/*
 * check_rule.c - the rule engine: loading and validating rule files (with
 * the exact error each broken file in tests/data/rules/ must give), which
 * rule wins, runaway patterns and invalid UTF-8, and the shipped rules/
 * against real replies quoted from the corpus logs.  Paths are relative to
 * the repository root, where the test runner runs.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DATA		"tests/data/rules/"

/* Shipped rules, loaded once per TCase by an unchecked fixture. */
static struct ruleset	*shipped;

static void
shipped_setup(void)
{
	struct rule_err	 err;
	int		 nerr;

	shipped = rule_new();
	if (rule_load_dir(shipped, "rules", &err, &nerr) != 0) {
		fprintf(stderr, "%s:%d: %s: %s\n", err.file, err.line,
		    err.rule, err.msg);
		abort();
	}
}

static void
shipped_teardown(void)
{
	rule_free(shipped);
	shipped = NULL;
}

/* Load files in order into a fresh ruleset; each load must succeed. */
static struct ruleset *
load(const char *first, const char *second)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	int		 nerr;

	ck_assert_msg(rule_load_file(rs, first, &err, &nerr) == 0,
	    "%s:%d: %s: %s", err.file, err.line, err.rule, err.msg);
	if (second != NULL)
		ck_assert_msg(rule_load_file(rs, second, &err, &nerr) == 0,
		    "%s:%d: %s: %s", err.file, err.line, err.rule, err.msg);
	return rs;
}

static const char *
match_id(const struct ruleset *rs, int code, const char *enhanced,
    const char *text, const char *command, enum ev_dir dir,
    enum ev_code_src src)
{
	struct rule_query	 q;
	const struct rule_info	*ri;

	memset(&q, 0, sizeof(q));
	q.code = code;
	q.enhanced = enhanced;
	q.text = text;
	q.command = command;
	q.dir = dir;
	q.code_src = src;
	ri = rule_match(rs, &q);
	return ri != NULL ? ri->id : "(none)";
}

#define ck_id(got, want) \
	ck_assert_msg(strcmp((got), (want)) == 0, "got %s, want %s", \
	    (got), (want))

/* ------------------------------------------------------------------ load */

START_TEST(test_rule_load_shipped)
{
	const struct rule_info	*ri;
	size_t			 i;

	ck_assert_msg(rule_count(shipped) >= 40, "got %zu rules, want >= 40",
	    rule_count(shipped));
	for (i = 0; (ri = rule_get(shipped, i)) != NULL; i++) {
		ck_assert_msg(rule_cause_valid(ri->cause), "%s: cause %s",
		    ri->id, ri->cause);
		ck_assert_msg(rule_who_valid(ri->who), "%s: who %s", ri->id,
		    ri->who);
		ck_assert_msg(rule_severity_valid(ri->severity),
		    "%s: severity %s", ri->id, ri->severity);
		ck_assert(*ri->title && *ri->meaning && *ri->when && *ri->fix);
		ck_assert(strncmp(ri->file, "rules/", 6) == 0);
	}
	ck_assert_msg(i == rule_count(shipped), "got %zu, want %zu", i,
	    rule_count(shipped));
	ck_assert_ptr_null(rule_get(shipped, i));
}
END_TEST

/* Every code of the base file has a fallback in both directions. */
START_TEST(test_rule_load_fallbacks)
{
	static const int	 codes[] = { 500, 502, 503, 530, 554 };
	static const char *const causes[] = {
		"syntax", "command-disabled", "bad-sequence", "auth-required",
		"other"
	};
	struct rule_query	 q;
	const struct rule_info	*ri;
	size_t			 i;
	int			 d;

	memset(&q, 0, sizeof(q));
	q.text = "no rule knows this text";
	q.code_src = EV_CODE_LOGGED;
	for (i = 0; i < NELEM(codes); i++) {
		for (d = EV_DIR_IN; d <= EV_DIR_OUT; d++) {
			q.code = codes[i];
			q.dir = d;
			ri = rule_match(shipped, &q);
			ck_assert_msg(ri != NULL, "no fallback for %d",
			    codes[i]);
			ck_assert_msg(ri->priority == 0 &&
			    strcmp(ri->cause, causes[i]) == 0 &&
			    strcmp(ri->who, d == EV_DIR_IN ? "sending-client" :
			    "local-admin") == 0, "%d %s: got %s/%s, want %s",
			    codes[i], ev_dir_name(d), ri->cause, ri->who,
			    causes[i]);
		}
	}

	/* Other failure codes have a fallback below every rule, cause
	 * "other"; positive replies have none. */
	q.code = 550;
	q.dir = EV_DIR_IN;
	ri = rule_match(shipped, &q);
	ck_assert_msg(ri != NULL && strcmp(ri->id, "base-failure-inbound") == 0,
	    "550: got %s, want base-failure-inbound", ri ? ri->id : "none");
	q.dir = EV_DIR_OUT;
	ri = rule_match(shipped, &q);
	ck_assert_msg(ri != NULL && strcmp(ri->who, "local-admin") == 0,
	    "550 outbound: got %s", ri ? ri->id : "none");
	q.code = 250;
	ck_assert_ptr_null(rule_match(shipped, &q));
}
END_TEST

/* The error each broken file must give, exactly. */
static const struct {
	const char	*path;
	int		 line;
	const char	*rule;
	const char	*msg;
	int		 nerr;
} broken[] = {
	{ DATA "bad-regex.json", 4, "bad-re",
	  "bad regex in match.text at offset 4: missing closing parenthesis",
	  1 },
	{ DATA "unknown-cause.json", 6, "bad-cause", "unknown cause \"spam\"",
	  1 },
	{ DATA "missing-advice.json", 4, "no-advice", "missing \"advice\"", 1 },
	{ DATA "missing-fix.json", 4, "no-fix", "missing \"fix\" in advice",
	  1 },
	{ DATA "syntax.json", 6, "",
	  "'}' expected near '\"cause\"' (column 13)", 1 },
	{ DATA "unknown-key.json", 4, "typo",
	  "unknown key \"texts\" in match", 1 },
	{ DATA "many-errors.json", 0, "#1", "missing \"id\"", 3 },
	{ DATA "dup-key.json", 3, "",
	  "duplicate object key near '\"id\"' (column 22)", 1 },
	{ DATA "not-object.json", 0, "",
	  "the file must hold one object with a \"rules\" list", 1 },
	{ DATA "no-such-file.json", 0, "",
	  "cannot read: No such file or directory", 1 },
	{ DATA "lang-tag.json", 0, "",
	  "\"lang\" must be a language tag such as \"fr\" or \"pt-BR\"", 1 },
};

START_TEST(test_rule_load_errors)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	int		 nerr = -1;

	ck_assert_int_eq(rule_load_file(rs, broken[_i].path, &err, &nerr), -1);
	ck_assert_msg(strcmp(err.file, broken[_i].path) == 0,
	    "got %s, want %s", err.file, broken[_i].path);
	ck_assert_msg(err.line == broken[_i].line, "%s: got line %d, want %d",
	    broken[_i].path, err.line, broken[_i].line);
	ck_assert_msg(strcmp(err.rule, broken[_i].rule) == 0,
	    "%s: got %s, want %s", broken[_i].path, err.rule, broken[_i].rule);
	ck_assert_msg(strcmp(err.msg, broken[_i].msg) == 0,
	    "%s: got %s, want %s", broken[_i].path, err.msg, broken[_i].msg);
	ck_assert_msg(nerr == broken[_i].nerr, "%s: got %d problems, want %d",
	    broken[_i].path, nerr, broken[_i].nerr);

	/* A bad file adds nothing, not even its good rules. */
	ck_assert_uint_eq(rule_count(rs), 0);
	rule_free(rs);
}
END_TEST

START_TEST(test_rule_load_duplicate_across_files)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	int		 nerr;

	ck_assert_int_eq(rule_load_dir(rs, DATA "dup", &err, &nerr), -1);
	ck_assert_int_eq(nerr, 1);
	ck_assert_str_eq(err.file, DATA "dup/20-second.json");
	ck_assert_int_eq(err.line, 5);
	ck_assert_str_eq(err.rule, "shared");
	ck_assert_str_eq(err.msg,
	    "duplicate id \"shared\" (first in " DATA "dup/10-first.json)");
	ck_assert_uint_eq(rule_count(rs), 1);
	rule_free(rs);

	/* The same file twice: every id is a duplicate of itself. */
	rs = load(DATA "prec-b.json", NULL);
	ck_assert_int_eq(rule_load_file(rs, DATA "prec-b.json", &err, &nerr),
	    -1);
	ck_assert_int_eq(nerr, 2);
	ck_assert_int_eq(err.line, 3);
	ck_assert_str_eq(err.msg,
	    "duplicate id \"b-shared\" (first in " DATA "prec-b.json)");
	rule_free(rs);
}
END_TEST

/* count_problem - a reporter that counts and keeps the last problem. */
static void
count_problem(const struct rule_err *e, void *arg)
{
	struct rule_err	*last = arg;

	*last = *e;
	last->line++;	/* calls, as the directory problem has line 0 */
}

START_TEST(test_rule_load_dir_errors)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err, told;
	int		 nerr;

	/* The reporter hears of a directory that cannot be read too. */
	memset(&told, 0, sizeof(told));
	rule_set_reporter(rs, count_problem, &told);
	ck_assert_int_eq(rule_load_dir(rs, DATA "no-such-dir", &err, &nerr),
	    -1);
	ck_assert_int_eq(nerr, 1);
	ck_assert_str_eq(err.file, DATA "no-such-dir");
	ck_assert_str_eq(err.msg,
	    "cannot read the rules directory: No such file or directory");
	ck_assert_int_eq(told.line, 1);
	ck_assert_str_eq(told.file, DATA "no-such-dir");
	ck_assert_str_eq(told.msg, err.msg);
	rule_set_reporter(rs, NULL, NULL);

	/* err and nerr are optional. */
	ck_assert_int_eq(rule_load_file(rs, DATA "syntax.json", NULL, NULL),
	    -1);
	rule_free(rs);
	rule_free(NULL);
}
END_TEST

/* Problems told to the reporter, kept for the checks (below). */
static struct rule_err	told[8];
static int		ntold;
static void	keep(const struct rule_err *, void *);

/* ------------------------------------------------------------- languages */

static const struct rule_info *
find_rule(const struct ruleset *rs, const char *id)
{
	const struct rule_info	*ri;
	size_t			 i;

	for (i = 0; (ri = rule_get(rs, i)) != NULL; i++)
		if (strcmp(ri->id, id) == 0)
			return ri;
	return NULL;
}

/*
 * The French file (rules/wip/ while it is being completed, rules/ once
 * shipped) translates the fallbacks; who stays a value of the taxonomy.
 */
START_TEST(test_rule_lang_french)
{
	struct ruleset		*rs = rule_new();
	const struct rule_info	*ri;
	struct rule_err		 err;
	FILE			*fp;
	int			 nerr;

	ck_assert_int_eq(rule_set_lang(rs, "fr"), 0);
	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	if ((fp = fopen("rules/lang-fr.json", "r")) != NULL)
		fclose(fp);
	else
		ck_assert_int_eq(rule_load_file(rs, "rules/wip/lang-fr.json",
		    &err, &nerr), 0);
	ck_assert_uint_ge(rule_translated(rs), 10);
	ri = find_rule(rs, "base-554-inbound");
	ck_assert_str_eq(ri->title, "Ce serveur a refusé la transaction (554)");
	ck_assert_str_eq(ri->who, "sending-client");
	ck_assert_str_eq(ri->lang, "fr");
	ck_assert(strncmp(ri->fix, "L'administrateur", 16) == 0);
	rule_free(rs);

	/* English by default: a French file is checked, not used. */
	rs = rule_new();
	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	ck_assert_uint_eq(rule_translated(rs), 0);
	ri = find_rule(rs, "base-554-inbound");
	ck_assert_str_eq(ri->title, "This server refused the transaction (554)");
	ck_assert_ptr_null(ri->lang);
	rule_free(rs);
}
END_TEST

/* A translation of another language is not used; a later one wins. */
START_TEST(test_rule_lang_choice)
{
	struct ruleset		*rs = rule_new();
	struct rule_err		 err;
	int			 nerr;

	ck_assert_int_eq(rule_set_lang(rs, "de"), 0);
	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	ck_assert_uint_eq(rule_translated(rs), 0);
	ck_assert_int_eq(rule_load_file(rs, DATA "lang-de.json", &err, &nerr),
	    0);
	ck_assert_uint_eq(rule_translated(rs), 1);
	ck_assert_str_eq(find_rule(rs, "base-554-inbound")->title,
	    "Dieser Server hat die Transaktion abgelehnt (554)");
	/* Texts it does not give stay English. */
	ck_assert(strncmp(find_rule(rs, "base-554-inbound")->meaning,
	    "The mail transaction", 20) == 0);
	rule_free(rs);

	rs = rule_new();
	ck_assert_int_eq(rule_set_lang(rs, "French"), -1);
	ck_assert_int_eq(rule_set_lang(rs, "pt-BR"), 0);
	ck_assert_int_eq(rule_set_lang(rs, "en"), 0);
	ck_assert_int_eq(rule_set_lang(rs, NULL), 0);
	ck_assert(rule_lang_valid("zh-Hans"));
	ck_assert(!rule_lang_valid("f"));
	ck_assert(!rule_lang_valid("fr-"));
	ck_assert(!rule_lang_valid("fr_FR"));
	rule_free(rs);
}
END_TEST

/* Every problem of a translation file, with its line; none is applied. */
START_TEST(test_rule_lang_errors)
{
	struct ruleset		*rs = rule_new();
	struct rule_err		 err;
	int			 nerr;

	ntold = 0;
	rule_set_reporter(rs, keep, NULL);
	ck_assert_int_eq(rule_set_lang(rs, "fr"), 0);
	ck_assert_int_eq(rule_load_file(rs, "rules/00-base.json", &err, &nerr),
	    0);
	ck_assert_int_eq(rule_load_file(rs, DATA "lang-bad.json", &err, &nerr),
	    -1);
	ck_assert_int_eq(nerr, 3);
	ck_assert_int_eq(told[0].line, 5);
	ck_assert_str_eq(told[0].rule, "no-such-rule");
	ck_assert_str_eq(told[0].msg, "no rule \"no-such-rule\" to translate "
	    "(a translation file only gives texts for rules loaded before it)");
	ck_assert_int_eq(told[1].line, 6);
	ck_assert_str_eq(told[1].msg, "unknown key \"who\" in advice");
	ck_assert_int_eq(told[2].line, 7);
	ck_assert_str_eq(told[2].rule, "base-530-inbound");
	ck_assert_str_eq(told[2].msg,
	    "nothing to translate: give \"title\" or \"advice\" texts");
	ck_assert_uint_eq(rule_translated(rs), 0);
	ck_assert_str_eq(find_rule(rs, "base-554-inbound")->title,
	    "This server refused the transaction (554)");
	rule_free(rs);
}
END_TEST

/* ------------------------------------------------------------ precedence */

START_TEST(test_rule_priority_wins)
{
	struct ruleset	*rs = load(DATA "prec-a.json", NULL);

	ck_id(match_id(rs, 554, "5.7.1", "you are blocked", "RCPT",
	    EV_DIR_IN, EV_CODE_LOGGED), "a-high");
	rule_free(rs);
}
END_TEST

START_TEST(test_rule_first_in_file_wins)
{
	struct ruleset	*rs = load(DATA "prec-a.json", DATA "prec-b.json");

	/* b-low is later but has a lower priority. */
	ck_id(match_id(rs, 550, NULL, "access denied", NULL, EV_DIR_OUT,
	    EV_CODE_LOGGED), "a-first");
	rule_free(rs);
}
END_TEST

START_TEST(test_rule_later_file_wins)
{
	struct ruleset	*rs;

	rs = load(DATA "prec-a.json", DATA "prec-b.json");
	ck_id(match_id(rs, 552, NULL, NULL, NULL, EV_DIR_IN, EV_CODE_LOGGED),
	    "b-shared");
	rule_free(rs);

	rs = load(DATA "prec-b.json", DATA "prec-a.json");
	ck_id(match_id(rs, 552, NULL, NULL, NULL, EV_DIR_IN, EV_CODE_LOGGED),
	    "a-shared");
	rule_free(rs);
}
END_TEST

START_TEST(test_rule_conditions)
{
	struct ruleset	*rs = load(DATA "prec-a.json", NULL);

	/* Every condition holds; the command compares without case. */
	ck_id(match_id(rs, 530, "5.7.0", "Must issue a STARTTLS command first",
	    "Rcpt", EV_DIR_IN, EV_CODE_LOGGED), "a-cond");
	ck_id(match_id(rs, 530, "5.7.0", "must issue", "data", EV_DIR_IN,
	    EV_CODE_LOGGED), "a-cond");

	/* One condition fails at a time. */
	ck_id(match_id(rs, 530, "5.7.0", "Must", "MAIL", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", "Must", NULL, EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", "Must", "RCPT", EV_DIR_OUT,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", "Must", "RCPT", EV_DIR_NONE,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", "Must", "RCPT", EV_DIR_IN,
	    EV_CODE_INFERRED), "(none)");
	ck_id(match_id(rs, 530, "5.7.1", "Must", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, NULL, "Must", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", "You must", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 530, "5.7.0", NULL, "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_id(match_id(rs, 535, "5.7.0", "Must", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");

	/* A rule without a code condition matches any code, even none. */
	ck_id(match_id(rs, 0, NULL, "catch all", NULL, EV_DIR_NONE,
	    EV_CODE_NONE), "a-anycode");
	ck_id(match_id(rs, 999, NULL, "Catch All", NULL, EV_DIR_NONE,
	    EV_CODE_NONE), "a-anycode");
	ck_id(match_id(rs, 421, NULL, "catch all", NULL, EV_DIR_IN,
	    EV_CODE_LOGGED), "a-anycode");
	ck_id(match_id(rs, 0, NULL, "blocked", NULL, EV_DIR_NONE,
	    EV_CODE_NONE), "(none)");
	ck_assert_ptr_null(rule_match(rs, NULL));
	ck_assert_ptr_null(rule_match(NULL, NULL));
	rule_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- safety */

START_TEST(test_rule_runaway_pattern_stops)
{
	struct ruleset	*rs = load(DATA "backtrack.json", NULL);

	ck_assert_uint_eq(rule_match_errors(rs), 0);
	ck_id(match_id(rs, 554, NULL,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", NULL, EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_assert_msg(rule_match_errors(rs) == 1, "got %lu errors, want 1",
	    rule_match_errors(rs));

	/* The same pattern still matches where it can. */
	ck_id(match_id(rs, 554, NULL, "aaaa", NULL, EV_DIR_IN,
	    EV_CODE_LOGGED), "runaway");
	ck_assert_uint_eq(rule_match_errors(rs), 1);
	rule_free(rs);
}
END_TEST

static void
keep(const struct rule_err *e, void *arg)
{
	(void)arg;
	if (ntold < (int)NELEM(told))
		told[ntold] = *e;
	ntold++;
}

START_TEST(test_rule_check_runaway)
{
	struct ruleset	*rs = load(DATA "backtrack.json", NULL);

	ntold = 0;
	rule_set_reporter(rs, keep, NULL);
	ck_assert_int_eq(rule_check_patterns(rs, DATA "backtrack.json"), 1);
	ck_assert_int_eq(ntold, 1);
	ck_assert_str_eq(told[0].file, DATA "backtrack.json");
	ck_assert_int_eq(told[0].line, 3);
	ck_assert_str_eq(told[0].rule, "runaway");
	ck_assert_msg(strstr(told[0].msg, "runaway pattern in match.text") &&
	    strstr(told[0].msg, "limit"), "got %s", told[0].msg);
	ck_assert_uint_eq(rule_match_errors(rs), 0);

	/* Only the rules of the file named; a file not loaded has none. */
	ck_assert_int_eq(rule_check_patterns(rs, DATA "prec-a.json"), 0);
	ck_assert_int_eq(rule_check_patterns(rs, NULL), 1);
	ck_assert(rule_has_file(rs, "tests/data/../data/rules/backtrack.json"));
	ck_assert(!rule_has_file(rs, DATA "prec-a.json"));
	ck_assert(!rule_has_file(rs, DATA "no-such-file.json"));
	rule_free(rs);
}
END_TEST

/*
 * The line of each rule's id, counted on from the previous id: blank
 * lines between rules, an id below its rule's other keys and split from
 * its value by newlines, an id whose value is "id", a repeated id.
 */
START_TEST(test_rule_load_id_lines)
{
	static const struct {
		int		 line;
		const char	*rule;
	} want[] = {
		{ 4, "l-one" }, { 11, "l-two" }, { 17, "l-three" }, { 21, "id" },
	};
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	size_t		 i;
	int		 nerr;

	ntold = 0;
	rule_set_reporter(rs, keep, NULL);
	ck_assert_int_eq(rule_load_file(rs, DATA "id-lines.json", &err, &nerr),
	    -1);
	ck_assert_int_eq(nerr, (int)NELEM(want));
	for (i = 0; i < NELEM(want); i++) {
		ck_assert_msg(told[i].line == want[i].line &&
		    strcmp(told[i].rule, want[i].rule) == 0,
		    "problem %zu: got %s line %d, want %s line %d", i,
		    told[i].rule, told[i].line, want[i].rule, want[i].line);
	}
	ck_assert_str_eq(told[3].msg,
	    "duplicate id \"id\" (first in " DATA "id-lines.json)");
	rule_free(rs);
}
END_TEST

/* No shipped pattern runs away. */
START_TEST(test_rule_check_shipped)
{
	ntold = 0;
	rule_set_reporter(shipped, keep, NULL);
	ck_assert_msg(rule_check_patterns(shipped, NULL) == 0,
	    "%s:%d: %s: %s", told[0].file, told[0].line, told[0].rule,
	    told[0].msg);
}
END_TEST

START_TEST(test_rule_invalid_utf8_no_error)
{
	struct ruleset	*rs = load(DATA "backtrack.json", NULL);

	ck_id(match_id(rs, 554, NULL, "Caf\xc3\xa9 ferm\xc3\xa9", NULL,
	    EV_DIR_IN, EV_CODE_LOGGED), "utf8");
	ck_id(match_id(rs, 554, NULL, "\xff\xfe caf\xc3\xa9 ferm\xc3\xa9 \xc3",
	    NULL, EV_DIR_IN, EV_CODE_LOGGED), "utf8");
	ck_id(match_id(rs, 554, NULL, "caf\xe9 ferm\xe9", NULL, EV_DIR_IN,
	    EV_CODE_LOGGED), "(none)");
	ck_assert_uint_eq(rule_match_errors(rs), 0);
	rule_free(rs);

	ck_id(match_id(shipped, 554, "5.7.1",
	    "<\xe9t\xe9@example.com>: Relay access denied \xc0\xaf", "RCPT",
	    EV_DIR_IN, EV_CODE_LOGGED), "postfix-relay-denied");
	ck_assert_uint_eq(rule_match_errors(shipped), 0);
}
END_TEST

/* --------------------------------------------------------- real replies */

#define IN	EV_DIR_IN
#define OUT	EV_DIR_OUT
#define LOG	EV_CODE_LOGGED
#define INF	EV_CODE_INFERRED

/*
 * Reply texts quoted from the corpus logs (tests/corpus: the kdent
 * mail logs in postfix-real, postfix, maillog-dumps, postfix_exporter)
 * without Postfix's "; from=<...> to=<...>" log suffix, and from Postfix's
 * own source for the replies smtpd does not log.
 */
static const struct {
	int		 code;
	const char	*enhanced;
	const char	*text;
	const char	*command;
	enum ev_dir	 dir;
	enum ev_code_src src;
	const char	*cause;
	const char	*id;
} replies[] = {
	{ 554, "5.7.1", "Service unavailable; Client host [198.8.81.26] "
	  "blocked using zen.spamhaus.org; http://www.spamhaus.org/sbl/query/"
	  "SBL275332", "RCPT", IN, LOG, "blocklisted-ip",
	  "postfix-dnsbl-client" },
	{ 554, "5.7.1", "Service unavailable; Client host [27.46.49.67] "
	  "blocked using zen.spamhaus.org; http://www.spamhaus.org/sbl/query/"
	  "SBLCSS / http://www.spamhaus.org/query/bl?ip=27.46.49.67", "RCPT",
	  IN, LOG, "blocklisted-ip", "postfix-dnsbl-client" },
	{ 554, "5.7.1", "Service unavailable; Helo command "
	  "[news.zihan-promo.com] blocked using dbl.spamhaus.org; "
	  "http://www.spamhaus.org/query/dbl?domain=zihan-promo.com", "RCPT",
	  IN, LOG, "policy-rejected-sender", "postfix-dnsbl-helo" },
	{ 554, "5.7.1", "<xbehjm@seaglass.com>: Sender address rejected: "
	  "Access denied", "RCPT", IN, LOG, "policy-rejected-sender",
	  "postfix-sender-access-denied" },
	{ 554, "5.7.1", "<content@seaglass.com>: Recipient address rejected: "
	  "Access denied", "RCPT", IN, LOG, "policy-rejected-recipient",
	  "postfix-recipient-access-denied" },
	{ 554, "5.7.1", "<vkihwpdh@yahoo.com.tw>: Relay access denied", "RCPT",
	  IN, LOG, "relay-denied", "postfix-relay-denied" },
	{ 554, "5.7.1", "<shlomif@gmail.com>: Recipient address rejected: "
	  "Relay access denied", "RCPT", IN, LOG, "relay-denied",
	  "postfix-relay-denied" },
	{ 454, "4.7.1", "<aap@henk.com>: Relay access denied", "VRFY", IN, LOG,
	  "relay-denied", "postfix-relay-denied" },
	{ 554, "5.7.1", "Service unavailable", "RCPT", IN, LOG, "other",
	  "base-554-inbound" },
	{ 554, "5.7.0", "Reject, contact postmaster@example.com, id=31619-02 - "
	  "spam", "END-OF-MESSAGE", IN, LOG, "spam-content",
	  "postfix-amavis-spam" },
	{ 504, "5.5.2", "<WIN-9QL4SDRB93L>: Helo command rejected: need "
	  "fully-qualified hostname", "RCPT", IN, LOG,
	  "policy-rejected-sender", "postfix-helo-invalid" },
	{ 504, "5.5.2", "<aap@henk>: Sender address rejected: need "
	  "fully-qualified address", "MAIL", IN, LOG,
	  "policy-rejected-sender", "postfix-sender-domain" },
	{ 554, NULL, "DT:SPM 163 mx9,O8CowEDJVFKCokVaRhz+AA--.26016S3 "
	  "1514513028,please see http://mail.domain.com/help/help_spam.htm?ip=",
	  "END-OF-MESSAGE", OUT, LOG, "spam-content", "remote-163-spam" },
	{ 554, NULL, "smtp2.hiltonhhonors.net 554 Your access to this mail "
	  "system has been rejected due to the sending MTA's poor reputation. "
	  "If you believe that this failure is in error, please contact the "
	  "intended recipient via alternate means.", "CONNECT", OUT, LOG,
	  "blocklisted-ip", "remote-poor-reputation" },
	{ 554, NULL, "delivery error: dd This user doesn't have a yahoo.com "
	  "account (ronnienorcross@yahoo.com) [-9] - "
	  "mta4420.mail.bf1.yahoo.com",
	  "END-OF-MESSAGE", OUT, LOG, "policy-rejected-recipient",
	  "remote-unknown-recipient" },
	{ 550, "5.7.1", "[2607:4100:3:25:100::2      12] Our system has "
	  "detected that this message is likely unsolicited mail. To reduce "
	  "the amount of spam sent to Gmail, this message has been blocked.",
	  "END-OF-MESSAGE", OUT, LOG, "spam-content", "remote-spam" },
	{ 550, "5.7.23", "<reflector@cyberlab.fhnw.ch>: Recipient address "
	  "rejected: Message rejected due to: SPF fail - not authorized. "
	  "Please see http://www.openspf.net/Why?s=mfrom;"
	  "id=damjan@u10.cyberlab.fhnw.ch;ip=2001:470:b78e:f100::e77e;"
	  "r=<UNKNOWN>", "RCPT", OUT, LOG, "spf-dmarc-dkim-fail",
	  "postfix-spf-dmarc-out" },
	{ 535, "5.7.8", "Error: authentication failed: authentication failure",
	  "AUTH", OUT, LOG, "auth-failed", "postfix-auth-failed-out" },
	{ 550, "5.1.1", "<x@example.com>: Recipient address rejected: User "
	  "unknown in relay recipient table", "RCPT", OUT, LOG,
	  "policy-rejected-recipient", "remote-unknown-recipient" },
	{ 503, "5.0.0", "Need RCPT (recipient)", "DATA", IN, LOG,
	  "bad-sequence", "common-bad-sequence-in" },
	{ 530, "5.7.0", "Must issue a STARTTLS command first", "MAIL", OUT, LOG,
	  "starttls-required", "postfix-starttls-required-out" },

	/* Postfix smtpd replies it sends without logging them. */
	{ 503, "5.5.1", "Error: need RCPT command", "DATA", IN, INF,
	  "bad-sequence", "postfix-need-rcpt" },
	{ 503, "5.5.1", "Error: send HELO/EHLO first", "MAIL", IN, LOG,
	  "bad-sequence", "postfix-need-helo" },
	{ 554, "5.5.1", "Error: no valid recipients", "DATA", IN, LOG, "bad-sequence",
	  "postfix-no-valid-recipients" },
	{ 500, "5.5.2", "Error: bad syntax", NULL, IN, INF, "syntax",
	  "postfix-bad-syntax" },
	{ 502, "5.5.2", "Error: command not recognized", "UNKNOWN", IN, INF,
	  "unknown-command", "postfix-unknown-command" },
	{ 502, "5.5.1", "VRFY command is disabled", "VRFY", IN, LOG,
	  "command-disabled", "postfix-vrfy-disabled" },
	{ 503, "5.5.1", "Error: authentication not enabled", "AUTH", IN, LOG,
	  "command-disabled", "postfix-auth-not-enabled" },
	{ 530, "5.7.0", "Must issue a STARTTLS command first", "MAIL", IN, INF,
	  "starttls-required", "postfix-starttls-required-in" },
	{ 503, "5.5.0", "<mail.example.com>: Helo command rejected: Improper "
	  "use of SMTP command pipelining", "RCPT", IN, LOG,
	  "pipelining-violation", "postfix-pipelining" },
	{ 554, NULL, "mx.example.com ESMTP not accepting connections",
	  "CONNECT", IN, LOG, "greeting-rejection", "postfix-not-accepting" },

	/* Inferred replies without text fall back to their code. */
	{ 502, NULL, NULL, "UNKNOWN", IN, INF, "unknown-command",
	  "base-502-inferred" },
	{ 554, NULL, NULL, NULL, IN, INF, "other", "base-554-inferred" },
	{ 500, NULL, NULL, NULL, OUT, LOG, "syntax", "base-500-outbound" },
};

START_TEST(test_rule_real_reply)
{
	struct rule_query	 q;
	const struct rule_info	*ri;

	q.code = replies[_i].code;
	q.enhanced = replies[_i].enhanced;
	q.text = replies[_i].text;
	q.command = replies[_i].command;
	q.dir = replies[_i].dir;
	q.code_src = replies[_i].src;
	ri = rule_match(shipped, &q);
	ck_assert_msg(ri != NULL, "%d %s: got no rule, want %s",
	    replies[_i].code, replies[_i].text, replies[_i].id);
	ck_assert_msg(strcmp(ri->cause, replies[_i].cause) == 0 &&
	    strcmp(ri->id, replies[_i].id) == 0,
	    "%d %s: got %s (%s), want %s (%s)", replies[_i].code,
	    replies[_i].text, ri->id, ri->cause, replies[_i].id,
	    replies[_i].cause);
}
END_TEST

/*
 * The same reply in both directions: the same cause, but the advice is
 * for the other side (rules/30-common.json pairs, 00-base.json).
 */
static const struct {
	int		 code;
	const char	*text;
	const char	*command;
	const char	*cause;
} both[] = {
	{ 500, "unrecognized command", NULL, "unknown-command" },
	{ 503, "sender not yet given", "RCPT", "bad-sequence" },
	{ 502, "Unimplemented command.", NULL, "command-disabled" },
	{ 530, "Must issue a STARTTLS command first", "MAIL",
	  "starttls-required" },
	{ 530, "Client not authenticated to send mail.", "MAIL",
	  "auth-required" },
	{ 554, "SMTP synchronization error", NULL, "pipelining-violation" },
	{ 502, "Too many unrecognized commands, goodbye.", NULL,
	  "too-many-errors" },
	{ 554, "Service unavailable; Client host [192.0.2.1] blocked using "
	  "bl.spamcop.net", "RCPT", "blocklisted-ip" },
	{ 450, "Greylisted for 5 minutes", "RCPT", "other" },
	{ 554, NULL, NULL, "other" },
};

START_TEST(test_rule_direction_advice)
{
	const struct rule_info	*in, *out;
	struct rule_query	 q;

	memset(&q, 0, sizeof(q));
	q.code = both[_i].code;
	q.text = both[_i].text;
	q.command = both[_i].command;
	q.code_src = EV_CODE_LOGGED;
	q.dir = EV_DIR_IN;
	in = rule_match(shipped, &q);
	q.dir = EV_DIR_OUT;
	out = rule_match(shipped, &q);
	ck_assert_msg(in != NULL && out != NULL, "%d %s: no rule", q.code,
	    q.text);
	ck_assert_msg(strcmp(in->cause, both[_i].cause) == 0 &&
	    strcmp(out->cause, both[_i].cause) == 0, "%d %s: got %s/%s, want %s",
	    q.code, q.text, in->cause, out->cause, both[_i].cause);
	ck_assert_msg(in != out && strcmp(in->fix, out->fix) != 0,
	    "%d %s: the same advice both ways (%s)", q.code, q.text, in->id);
	ck_assert_msg(strcmp(in->who, "sending-client") == 0 &&
	    strcmp(out->who, "local-admin") == 0, "%d %s: got who %s/%s",
	    q.code, q.text, in->who, out->who);
}
END_TEST

Suite *
rule_suite(void)
{
	Suite	*s = suite_create("rule");
	TCase	*tc;

	tc = tcase_create("load");
	tcase_add_unchecked_fixture(tc, shipped_setup, shipped_teardown);
	tcase_add_test(tc, test_rule_load_shipped);
	tcase_add_test(tc, test_rule_load_fallbacks);
	tcase_add_loop_test(tc, test_rule_load_errors, 0, NELEM(broken));
	tcase_add_test(tc, test_rule_load_duplicate_across_files);
	tcase_add_test(tc, test_rule_load_dir_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("languages");
	tcase_add_test(tc, test_rule_lang_french);
	tcase_add_test(tc, test_rule_lang_choice);
	tcase_add_test(tc, test_rule_lang_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("precedence");
	tcase_add_test(tc, test_rule_priority_wins);
	tcase_add_test(tc, test_rule_first_in_file_wins);
	tcase_add_test(tc, test_rule_later_file_wins);
	tcase_add_test(tc, test_rule_conditions);
	suite_add_tcase(s, tc);

	tc = tcase_create("safety");
	tcase_add_unchecked_fixture(tc, shipped_setup, shipped_teardown);
	tcase_add_test(tc, test_rule_runaway_pattern_stops);
	tcase_add_test(tc, test_rule_invalid_utf8_no_error);
	tcase_add_test(tc, test_rule_check_runaway);
	tcase_add_test(tc, test_rule_check_shipped);
	tcase_add_test(tc, test_rule_load_id_lines);
	suite_add_tcase(s, tc);

	tc = tcase_create("replies");
	tcase_add_unchecked_fixture(tc, shipped_setup, shipped_teardown);
	tcase_add_loop_test(tc, test_rule_real_reply, 0, NELEM(replies));
	tcase_add_loop_test(tc, test_rule_direction_advice, 0, NELEM(both));
	suite_add_tcase(s, tc);
	return s;
}
