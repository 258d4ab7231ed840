/*
 * rule_pat.c - one pattern of a rule and what makes it cheap to run: the
 * form for a one-line text, compiled at load; the form for a multi-line
 * text (^ and $ at each line), compiled when the first such text comes;
 * their JIT code; and the literals a match needs (rule_prefilter.c),
 * tested before the pattern runs.  Which rule wins is rule_match.c's job.
 *
 * A one-line text has no newline, so the two forms agree on it; the
 * one-line form lets PCRE2 give up on an anchored pattern ("^Rejected$")
 * after the first position instead of looking for a line start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/htab.h"
#include "lib/xmalloc.h"

/* Patterns match whatever the case, and invalid UTF-8 is no error. */
#define PAT_OPTIONS	(PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF)

int
rule_pat_compile(struct ruleset *rs, struct rule_pat *p, const char *src,
    int lines, char *err, size_t errsz)
{
	PCRE2_SIZE	 off;
	PCRE2_UCHAR	 buf[256];
	int		 code;

	memset(p, 0, sizeof(*p));
	p->src = xstrdup(src);
	p->lines = lines;
	/* Rules often repeat a pattern: it is compiled once. */
	if (rs->pats == NULL)
		rs->pats = htab_new();
	if ((p->re = htab_get(rs->pats, src)) != NULL)
		return 0;
	p->re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PAT_OPTIONS, &code, &off, rs->cctx);
	if (p->re != NULL)
		htab_put(rs->pats, src, p->re);
	else {
		if (pcre2_get_error_message(code, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", code);
		snprintf(err, errsz, "at offset %zu: %s", (size_t)off,
		    (char *)buf);
		return -1;
	}
	return 0;
}

static void
code_free(void *re)
{
	pcre2_code_free(re);
}

void
rule_pat_table_free(struct ruleset *rs)
{
	htab_free(rs->pats, code_free);
	rs->pats = NULL;
}

void
rule_pat_free(struct rule_pat *p)
{
	pcre2_code_free(p->rem);
	rule_prefilter_free(p->pf);
	free(p->src);
	memset(p, 0, sizeof(*p));
}

/* filter - the prefilter literals of a text pattern, found once. */
static void
filter(const struct ruleset *rs, struct rule_pat *p)
{
	if (p->filtered)
		return;
	p->filtered = 1;
	if (p->lines && rs->prefilter)
		p->pf = rule_prefilter_new(p->src);
}

/* jit - JIT-compile the one-line form, once, if the ruleset uses JIT. */
static void
jit(const struct ruleset *rs, struct rule_pat *p)
{
	if (p->jitted)
		return;
	p->jitted = 1;
	if (rs->jit)
		p->jit = pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) == 0;
}

void
rule_pat_prepare(const struct ruleset *rs, struct rule_pat *p)
{
	if (p->re == NULL)
		return;
	filter(rs, p);
	jit(rs, p);
}

/*
 * multi - the multi-line form, compiled on first use; the one-line form
 * should that fail (it cannot: the option changes no syntax).
 */
static const pcre2_code *
multi(const struct ruleset *rs, struct rule_pat *p, int *jit)
{
	PCRE2_SIZE	 off;
	int		 code;

	if (p->rem == NULL && !p->rem_failed) {
		p->rem = pcre2_compile((PCRE2_SPTR)p->src,
		    PCRE2_ZERO_TERMINATED, PAT_OPTIONS | PCRE2_MULTILINE, &code,
		    &off, rs->cctx);
		p->rem_failed = p->rem == NULL;
		if (p->rem != NULL && rs->jit)
			p->remjit = pcre2_jit_compile(p->rem,
			    PCRE2_JIT_COMPLETE) == 0;
	}
	if (p->rem == NULL) {
		*jit = p->jit;
		return p->re;
	}
	*jit = p->remjit;
	return p->rem;
}

/* low - the lower-case copy and byte pairs of s, made once per subject. */
static void
low(const struct ruleset *rs, struct rule_subject *s)
{
	struct rule_scratch	*sc = rs->scratch;

	if (s->len + 1 > sc->lowcap) {
		sc->lowcap = s->len + 1;
		sc->low = xreallocarray(sc->low, sc->lowcap, 1);
	}
	rule_prefilter_subject(&s->pf, s->text, sc->low);
	s->ready = 1;
}

/*
 * rule_pat_match - A match that PCRE2 gives up on (match or depth limit,
 * JIT stack, heap limit) counts as no match, and is counted.  A
 * JIT-compiled pattern runs through pcre2_jit_match(), which
 * pcre2_match() would call after checks that these arguments always pass.
 * The subject's options go with it ($ not at the end of a cut text).
 */
int
rule_pat_match(const struct ruleset *rs, struct rule_pat *p,
    struct rule_subject *s)
{
	const pcre2_code	*re = p->re;
	int			 usejit, rc;

	filter(rs, p);
	if (p->pf != NULL) {
		if (!s->ready)
			low(rs, s);
		if (!rule_prefilter_may(p->pf, &s->pf))
			return 0;
	}
	jit(rs, p);
	usejit = p->jit;
	if (p->lines && s->multi)
		re = multi(rs, p, &usejit);
	if (usejit)
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s->text, s->len, 0,
		    s->opts, rs->scratch->md, rs->mctx);
	else
		rc = pcre2_match(re, (PCRE2_SPTR)s->text, s->len, 0, s->opts,
		    rs->scratch->md, rs->mctx);
	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH)
		rs->scratch->match_errors++;
	return 0;
}
