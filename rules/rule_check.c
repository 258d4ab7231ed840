/*
 * rule_check.c - look for runaway patterns in loaded rules: run each
 * pattern on texts that make nested repeats backtrack without end, and
 * report every pattern that hits PCRE2's match or depth limit.  Reading
 * and validating rule files is rule_load.c's job, matching replies
 * rule_match.c's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

/*
 * A run this long of one character defeats a nested repeat by far: "(a+)+$"
 * on 64 a's and a mismatch would try 2^64 paths, so any limit stops it.
 */
#define PROBE_RUN	64

/* The characters tried: those of the pattern, and what classes match. */
#define PROBE_CLASSES	"a0 ._-@"

/*
 * probe - does re give up on a run of c (or of "c " pairs when spaced),
 * followed by a byte no pattern expects?  Returns the PCRE2 error, or 0.
 */
static int
probe(const struct ruleset *rs, const pcre2_code *re, char c, int spaced)
{
	char	 buf[2 * PROBE_RUN + 2];
	size_t	 i, n = 0;
	int	 rc;

	for (i = 0; i < PROBE_RUN; i++) {
		buf[n++] = c;
		if (spaced)
			buf[n++] = ' ';
	}
	buf[n++] = '\x01';
	buf[n] = '\0';
	rc = pcre2_match(re, (PCRE2_SPTR)buf, n, 0, 0, rs->scratch->md,
	    rs->mctx);
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc;
}

/*
 * runaway - the first probe re gives up on, described in why; 0 when
 * none does.  The probes use every printable character of the pattern's
 * source and a few that the usual classes (\w, \d, \s, .) match.
 */
static int
runaway(const struct ruleset *rs, const pcre2_code *re, const char *src,
    char *why, size_t size)
{
	char		 seen[UCHAR_MAX + 1];
	const char	*p, *chars[2] = { PROBE_CLASSES, src };
	PCRE2_UCHAR	 msg[128];
	size_t		 k;
	int		 rc, spaced;

	memset(seen, 0, sizeof(seen));
	for (k = 0; k < 2; k++)
		for (p = chars[k]; *p != '\0'; p++) {
			unsigned char	c = (unsigned char)*p;

			if (c < 0x20 || c > 0x7e || c == '\\' || seen[c])
				continue;
			seen[c] = 1;
			for (spaced = 0; spaced <= 1; spaced++) {
				if ((rc = probe(rs, re, (char)c, spaced)) == 0)
					continue;
				if (pcre2_get_error_message(rc, msg,
				    sizeof(msg)) < 0)
					snprintf((char *)msg, sizeof(msg),
					    "error %d", rc);
				snprintf(why, size, "%d \"%c%s\" then a "
				    "mismatch: %s", PROBE_RUN, c,
				    spaced ? " " : "", (char *)msg);
				return rc;
			}
		}
	return 0;
}

static void
tell(const struct ruleset *rs, const struct rule *r, const char *key,
    const char *why)
{
	struct rule_err	 e;

	if (rs->report == NULL)
		return;
	memset(&e, 0, sizeof(e));
	snprintf(e.file, sizeof(e.file), "%s", r->info.file);
	e.line = r->line;
	snprintf(e.rule, sizeof(e.rule), "%s", r->info.id);
	snprintf(e.msg, sizeof(e.msg), "runaway pattern in match.%s: it "
	    "gives up on %s; a scan counts such a match as failed (rewrite "
	    "it without nested repeats such as (a+)+)", key, why);
	rs->report(&e, rs->report_arg);
}

/* loaded_name - the name a file was loaded under, compared by real path. */
static const char *
loaded_name(const struct ruleset *rs, const char *path)
{
	const char	*name = NULL;
	char		*want, *got;
	size_t		 i;

	if ((want = realpath(path, NULL)) == NULL)
		return NULL;
	for (i = 0; i < rs->nfiles && name == NULL; i++) {
		if ((got = realpath(rs->files[i], NULL)) == NULL)
			continue;
		if (strcmp(want, got) == 0)
			name = rs->files[i];
		free(got);
	}
	free(want);
	return name;
}

/* check - is p, when present, a runaway pattern?  Told if so. */
static int
check(const struct ruleset *rs, const struct rule *r, struct rule_pat *p,
    const char *key)
{
	char	 why[256];

	if (p->re == NULL)
		return 0;
	rule_pat_prepare(rs, p);
	if (runaway(rs, p->re, p->src, why, sizeof(why)) == 0)
		return 0;
	tell(rs, r, key, why);
	return 1;
}

int
rule_check_patterns(struct ruleset *rs, const char *path)
{
	struct rule		*r;
	const char		*name = NULL;
	size_t			 i;
	int			 n = 0;

	if (path != NULL && (name = loaded_name(rs, path)) == NULL)
		return 0;
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		if (name != NULL && r->info.file != name)
			continue;
		if (check(rs, r, &r->enhanced, "enhanced"))
			n++;
		if (check(rs, r, &r->text, "text"))
			n++;
		if (check(rs, r, &r->unless, "unless"))
			n++;
	}
	rs->scratch->match_errors = 0;
	return n;
}

int
rule_has_file(const struct ruleset *rs, const char *path)
{
	return loaded_name(rs, path) != NULL;
}
