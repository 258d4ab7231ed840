/*
 * fuzz_rules.c - libFuzzer harness for the rule-file loader and matcher
 * (rules/rule_load.c, rules/rule_match.c): the fuzz bytes are a rule file
 * loaded into a fresh ruleset.  Checked: the error contract of rule.h (a
 * bad file adds no rule, every problem reaches the reporter, nerr counts
 * them), that loaded rules hold valid taxonomy values, that loading the
 * same file again fails on its duplicate ids without changing the set, and
 * that rule_match() only ever answers with a loaded rule.
 *
 * fuzz-max-len: 16384 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rule.h"
#include "fuzz_util.h"

struct rep {
	int	calls;
	int	other;		/* problems that are not a duplicate id */
};

static void
reporter(const struct rule_err *e, void *arg)
{
	struct rep	*r = arg;

	FUZZ_CHECK(memchr(e->file, '\0', sizeof(e->file)) != NULL &&
	    memchr(e->rule, '\0', sizeof(e->rule)) != NULL &&
	    memchr(e->msg, '\0', sizeof(e->msg)) != NULL,
	    "unterminated rule_err");
	FUZZ_CHECK(e->msg[0] != '\0', "empty problem message");
	FUZZ_CHECK(e->line >= 0, "negative line %d", e->line);
	r->calls++;
	if (strncmp(e->msg, "duplicate id ", 13) != 0)
		r->other++;
}

static const struct rule_query queries[] = {
	{ 554, "5.7.1", "Service unavailable; Client host [192.0.2.1] "
	    "blocked using zen.spamhaus.org", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED, 0 },
	{ 550, "5.1.1", "<nobody@example.com>: Recipient address rejected: "
	    "User unknown in local recipient table", "RCPT", EV_DIR_IN,
	    EV_CODE_LOGGED, 0 },
	{ 503, "5.5.1", "Error: need RCPT command", "DATA", EV_DIR_IN,
	    EV_CODE_INFERRED, 0 },
	{ 421, "4.7.0", "mx.example.com Error: too many errors", NULL,
	    EV_DIR_OUT, EV_CODE_LOGGED, 0 },
	{ 0, NULL, NULL, NULL, EV_DIR_NONE, EV_CODE_NONE, 0 },
	{ 250, NULL, "", "end-of-message", EV_DIR_OUT, EV_CODE_LOGGED, 0 },
	{ 599, "5.9.99", "\xff\xfe invalid \xc3\x28 UTF-8 \xed\xa0\x80",
	    "UNKNOWN", EV_DIR_IN, EV_CODE_LOGGED, 0 },
	{ 600, "x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	    "bogus", EV_DIR_NONE, EV_CODE_NONE, 0 },
	{ -1, "", "\xc3\xa9t\xc3\xa9 \xe2\x80\xae", "HELO", EV_DIR_IN,
	    EV_CODE_INFERRED, 0 },
	/* A text cut at the bound: $ must not match at its end. */
	{ 554, "5.7.1", "<x@example.com>: Relay access denied and then some",
	    "RCPT", EV_DIR_IN, EV_CODE_LOGGED, 1 },
};

static void
check_set(const struct ruleset *rs)
{
	const struct rule_info	*ri, *m;
	size_t			 i, j, n = rule_count(rs);

	for (i = 0; i < n; i++) {
		ri = rule_get(rs, i);
		FUZZ_CHECK(ri != NULL, "rule_get(%zu) NULL of %zu", i, n);
		FUZZ_CHECK(ri->id != NULL && ri->id[0] != '\0', "rule %zu id",
		    i);
		FUZZ_CHECK(rule_cause_valid(ri->cause), "rule %s cause",
		    ri->id);
		FUZZ_CHECK(rule_severity_valid(ri->severity),
		    "rule %s severity", ri->id);
		FUZZ_CHECK(rule_who_valid(ri->who), "rule %s who", ri->id);
		FUZZ_CHECK(ri->title != NULL && ri->meaning != NULL &&
		    ri->when != NULL && ri->fix != NULL && ri->file != NULL,
		    "rule %s has a NULL string", ri->id);
		FUZZ_CHECK(ri->priority >= -1000 && ri->priority <= 1000,
		    "rule %s priority %d", ri->id, ri->priority);
	}
	FUZZ_CHECK(rule_get(rs, n) == NULL, "rule_get(count) not NULL");
	for (j = 0; j < sizeof(queries) / sizeof(queries[0]); j++) {
		if ((m = rule_match(rs, &queries[j])) == NULL)
			continue;
		for (i = 0; i < n; i++)
			if (rule_get(rs, i) == m)
				break;
		FUZZ_CHECK(i < n, "rule_match answered with no loaded rule");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset	*rs;
	struct rule_err	 err;
	struct rep	 rep = { 0 };
	char		 path[64];
	size_t		 n;
	int		 fd, rc, nerr = -1;

	if ((fd = fuzz_memfile(data, size, path, sizeof(path))) == -1)
		return 0;
	rs = rule_new();
	rule_set_reporter(rs, reporter, &rep);
	rc = rule_load_file(rs, path, &err, &nerr);
	FUZZ_CHECK(rc == 0 || rc == -1, "rule_load_file returned %d", rc);
	FUZZ_CHECK(nerr == rep.calls, "nerr %d, reporter called %d times",
	    nerr, rep.calls);
	if (rc == -1) {
		FUZZ_CHECK(nerr > 0, "failed with nerr %d", nerr);
		FUZZ_CHECK(err.msg[0] != '\0', "failed without a message");
		FUZZ_CHECK(rule_count(rs) == 0, "a bad file added %zu rules",
		    rule_count(rs));
	} else
		FUZZ_CHECK(nerr == 0, "loaded with nerr %d", nerr);
	check_set(rs);

	/* Again: every id is now a duplicate, of a rule or of a stage hint
	 * (which rule_count does not count); the set must not change. */
	if (rc == 0) {
		n = rule_count(rs);
		rep.calls = rep.other = 0;
		rc = rule_load_file(rs, path, &err, &nerr);
		FUZZ_CHECK(nerr == rep.calls, "reload: nerr %d, reporter %d",
		    nerr, rep.calls);
		FUZZ_CHECK(rep.other == 0, "reload: %d problems other than a "
		    "duplicate id (%s)", rep.other, err.msg);
		FUZZ_CHECK(n == 0 ? rc == 0 || nerr > 0 : rc == -1 &&
		    nerr >= (int)n, "reload of %zu rules returned %d with nerr "
		    "%d", n, rc, nerr);
		FUZZ_CHECK(rule_count(rs) == n * (rc == 0 ? 2 : 1),
		    "reload left %zu rules of %zu", rule_count(rs), n);
		check_set(rs);
	}
	rule_free(rs);
	close(fd);
	return 0;
}
