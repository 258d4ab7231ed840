/*
 * rule_match.c - pick the rule that explains a failing reply: an index by
 * reply code narrows the candidates to a short list already sorted by
 * precedence, and the first candidate whose conditions all hold wins.
 * Reading and checking rule files is rule_load.c's job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

size_t
rule_count(const struct ruleset *rs)
{
	return rs != NULL ? rs->nrules : 0;
}

const struct rule_info *
rule_get(const struct ruleset *rs, size_t i)
{
	if (rs == NULL || i >= rs->nrules)
		return NULL;
	return &rs->rules[i]->info;
}

unsigned long
rule_match_errors(const struct ruleset *rs)
{
	return rs != NULL ? rs->scratch->match_errors : 0;
}

/*
 * precedence - rule.h: the higher priority first; on equal priority the
 * rule from the file loaded later; within a file, the rule written first.
 * (fileno, seq) is unique, so this is a total order and qsort() needs no
 * stability.
 */
static int
precedence(const void *a, const void *b)
{
	const struct rule	*ra = *(struct rule *const *)a;
	const struct rule	*rb = *(struct rule *const *)b;

	if (ra->info.priority != rb->info.priority)
		return ra->info.priority > rb->info.priority ? -1 : 1;
	if (ra->fileno != rb->fileno)
		return ra->fileno > rb->fileno ? -1 : 1;
	if (ra->seq != rb->seq)
		return ra->seq < rb->seq ? -1 : 1;
	return 0;
}

void
rule_index_free(struct ruleset *rs)
{
	size_t	 i;

	for (i = 0; i < RULE_NSLOTS; i++) {
		free(rs->by_code[i].v);
		rs->by_code[i].v = NULL;
		rs->by_code[i].n = 0;
	}
}

static void
slot_add(struct ruleset *rs, size_t slot, struct rule *r, const size_t *cap)
{
	struct rule_list	*l = &rs->by_code[slot];

	if (l->v == NULL)
		l->v = xreallocarray(NULL, cap[slot], sizeof(*l->v));
	l->v[l->n++] = r;
}

/*
 * rule_index_build - a rule without a code condition goes into every slot;
 * a rule with codes goes into the slots of its codes (rule_load.c removed
 * duplicate codes).  Filling the slots in precedence order keeps each list
 * sorted.  Rebuilt after each file: cheap next to compiling the patterns.
 */
void
rule_index_build(struct ruleset *rs)
{
	struct rule	**sorted;
	size_t		*cap;
	size_t		 i, j, slot;

	rule_index_free(rs);
	if (rs->nrules == 0)
		return;
	sorted = xreallocarray(NULL, rs->nrules, sizeof(*sorted));
	memcpy(sorted, rs->rules, rs->nrules * sizeof(*sorted));
	qsort(sorted, rs->nrules, sizeof(*sorted), precedence);

	cap = xcalloc(RULE_NSLOTS, sizeof(*cap));
	for (i = 0; i < rs->nrules; i++) {
		if (sorted[i]->ncodes == 0) {
			for (slot = RULE_CODE_MIN; slot < RULE_NSLOTS; slot++)
				cap[slot]++;
		} else {
			for (j = 0; j < sorted[i]->ncodes; j++)
				cap[sorted[i]->codes[j]]++;
		}
	}
	for (i = 0; i < rs->nrules; i++) {
		if (sorted[i]->ncodes == 0) {
			for (slot = RULE_CODE_MIN; slot < RULE_NSLOTS; slot++)
				slot_add(rs, slot, sorted[i], cap);
		} else {
			for (j = 0; j < sorted[i]->ncodes; j++)
				slot_add(rs, sorted[i]->codes[j], sorted[i],
				    cap);
		}
	}
	free(cap);
	free(sorted);
}

void
rule_jit(const struct ruleset *rs, struct rule *r)
{
	if (r->jitted)
		return;
	r->jitted = 1;
	if (!rs->jit)
		return;
	if (r->enhanced != NULL)
		r->enhanced_jit = pcre2_jit_compile(r->enhanced,
		    PCRE2_JIT_COMPLETE) == 0;
	if (r->text != NULL)
		r->text_jit = pcre2_jit_compile(r->text,
		    PCRE2_JIT_COMPLETE) == 0;
	if (r->unless != NULL)
		r->unless_jit = pcre2_jit_compile(r->unless,
		    PCRE2_JIT_COMPLETE) == 0;
}

/*
 * pattern - does re match s?  A match that PCRE2 gives up on (match or
 * depth limit, JIT stack, heap limit) counts as no match, and is counted.
 * Invalid UTF-8 in s is no error: the patterns were compiled with
 * PCRE2_MATCH_INVALID_UTF.  A JIT-compiled pattern (jit) runs through
 * pcre2_jit_match(), which pcre2_match() would call after checks that
 * these arguments always pass.  opts: PCRE2_NOTEOL for a text that was
 * cut, so that $ does not match at the cut.
 */
static int
pattern(const struct ruleset *rs, const pcre2_code *re, int jit,
    const char *s, uint32_t opts)
{
	int	 rc;

	if (jit)
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, strlen(s), 0, opts,
		    rs->scratch->md, rs->mctx);
	else
		rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, opts,
		    rs->scratch->md, rs->mctx);
	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH)
		rs->scratch->match_errors++;
	return 0;
}

static int
command_ok(const struct rule *r, const char *cmd)
{
	size_t	 i;

	if (cmd == NULL)
		return 0;
	for (i = 0; i < r->ncommands; i++)
		if (strcasecmp(r->commands[i], cmd) == 0)
			return 1;
	return 0;
}

/*
 * lines - the text the patterns see: q->text itself when it is one line,
 * else its lines (rule_text_lines) in the scratch buffer.  A text holds
 * more than one line when it has a line break ("\n" as Exim logs it, or a
 * newline) or the reply code again after a space (Postfix's joined lines).
 */
static const char *
lines(const struct ruleset *rs, const struct rule_query *q, char *enh,
    size_t enhsz, int *nlines)
{
	struct rule_scratch	*sc = rs->scratch;
	const char		*t = q->text, *p;
	char			 cs[16];
	size_t			 len;

	*nlines = 1;
	enh[0] = '\0';
	len = strlen(t);
	snprintf(cs, sizeof(cs), " %03d", q->code % 1000);
	if (strpbrk(t, "\\\n\r") == NULL && (q->code <= 0 ||
	    (p = strstr(t, cs)) == NULL))
		return t;
	if (len + 1 > sc->textcap) {
		sc->textcap = len + 1;
		sc->text = xreallocarray(sc->text, sc->textcap, 1);
	}
	*nlines = rule_text_lines(t, q->code, sc->text, sc->textcap, enh,
	    enhsz);
	return sc->text;
}

const struct rule_info *
rule_match_why(const struct ruleset *rs, const struct rule_query *q,
    struct rule_why *why)
{
	const struct rule_list	*l;
	struct rule		*r;
	const char		*text = NULL, *enhanced;
	char			 enh[16];
	size_t			 i, slot;
	int			 nlines = 0;
	uint32_t		 eol;

	if (why != NULL)
		memset(why, 0, sizeof(*why));
	if (rs == NULL || q == NULL)
		return NULL;
	slot = q->code >= RULE_CODE_MIN && q->code <= RULE_CODE_MAX ?
	    (size_t)q->code : RULE_SLOT_ANY;
	l = &rs->by_code[slot];
	enh[0] = '\0';
	if (q->text != NULL)
		text = lines(rs, q, enh, sizeof(enh), &nlines);
	enhanced = q->enhanced != NULL ? q->enhanced : enh[0] != '\0' ? enh :
	    NULL;
	eol = q->text_truncated ? PCRE2_NOTEOL : 0;

	/* Every rule in the list holds the code condition already. */
	for (i = 0; i < l->n; i++) {
		r = l->v[i];
		if (r->dir != EV_DIR_NONE && r->dir != q->dir)
			continue;
		if (r->code_src != EV_CODE_NONE && r->code_src != q->code_src)
			continue;
		if (r->ncommands > 0 && !command_ok(r, q->command))
			continue;
		rule_jit(rs, r);
		if (r->enhanced != NULL && (enhanced == NULL ||
		    !pattern(rs, r->enhanced, r->enhanced_jit, enhanced, 0)))
			continue;
		if (r->text != NULL && (text == NULL ||
		    !pattern(rs, r->text, r->text_jit, text, eol)))
			continue;
		if (r->unless != NULL && text != NULL &&
		    pattern(rs, r->unless, r->unless_jit, text, eol))
			continue;
		if (why != NULL) {
			why->lines = nlines;
			if (enhanced != NULL)
				snprintf(why->enhanced, sizeof(why->enhanced),
				    "%s", enhanced);
			if (r->text != NULL)
				why->evidence |= RULE_EV_TEXT;
			if (r->enhanced != NULL)
				why->evidence |= RULE_EV_ENHANCED;
			if (r->ncommands > 0)
				why->evidence |= RULE_EV_STAGE;
			if (r->ncodes > 0)
				why->evidence |= RULE_EV_CODE;
		}
		return &r->info;
	}
	return NULL;
}

const struct rule_info *
rule_match(const struct ruleset *rs, const struct rule_query *q)
{
	return rule_match_why(rs, q, NULL);
}

const char *
rule_fix(const struct rule_info *ri, const char *mta)
{
	if (ri == NULL)
		return NULL;
	if (mta != NULL && strncmp(mta, "postfix", 7) == 0 &&
	    ri->fix_postfix != NULL)
		return ri->fix_postfix;
	if (mta != NULL && strncmp(mta, "exim", 4) == 0 &&
	    strcmp(mta, "exim-test") != 0 && ri->fix_exim != NULL)
		return ri->fix_exim;
	return ri->fix;
}
