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
	free(rs->stages.v);
	rs->stages.v = NULL;
	rs->stages.n = 0;
}

/* stages - the stage hints and the rules with a stage, best first. */
static void
stages(struct ruleset *rs)
{
	struct rule_list	*l = &rs->stages;
	size_t			 i;

	l->v = xreallocarray(NULL, rs->nhints + rs->nrules + 1,
	    sizeof(*l->v));
	for (i = 0; i < rs->nhints; i++)
		l->v[l->n++] = rs->hints[i];
	for (i = 0; i < rs->nrules; i++)
		if (rs->rules[i]->info.stage != NULL &&
		    rs->rules[i]->ncommands == 0)
			l->v[l->n++] = rs->rules[i];
	qsort(l->v, l->n, sizeof(*l->v), precedence);
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
 * a rule with codes goes into the slots of its codes (rule_build.c removed
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
	stages(rs);
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

/* code_ok - r names no code, or q's. */
static int
code_ok(const struct rule *r, int code)
{
	size_t	 i;

	if (r->ncodes == 0)
		return 1;
	for (i = 0; i < r->ncodes; i++)
		if (r->codes[i] == code)
			return 1;
	return 0;
}

/*
 * holds - every condition of r but its code holds for q, whose text and
 * enhanced code are the subjects given, and cmd its command (or the stage
 * its text shows).
 */
static int
holds(const struct ruleset *rs, struct rule *r, const struct rule_query *q,
    struct rule_subject *text, struct rule_subject *enh, const char *cmd)
{
	if (r->dir != EV_DIR_NONE && r->dir != q->dir)
		return 0;
	if (r->code_src != EV_CODE_NONE && r->code_src != q->code_src)
		return 0;
	if (r->ncommands > 0 && !command_ok(r, cmd))
		return 0;
	if (r->enhanced.re != NULL && (enh->text == NULL ||
	    !rule_pat_match(rs, &r->enhanced, enh)))
		return 0;
	if (r->text.re != NULL && (text->text == NULL ||
	    !rule_pat_match(rs, &r->text, text)))
		return 0;
	if (r->unless.re != NULL && text->text != NULL &&
	    rule_pat_match(rs, &r->unless, text))
		return 0;
	return 1;
}

/* stage - the stage q's text shows: the first hint that holds, or NULL. */
static const char *
stage(const struct ruleset *rs, const struct rule_query *q,
    struct rule_subject *text, struct rule_subject *enh)
{
	struct rule	*r;
	size_t		 i;

	for (i = 0; i < rs->stages.n; i++) {
		r = rs->stages.v[i];
		if (code_ok(r, q->code) && holds(rs, r, q, text, enh, NULL))
			return r->info.stage;
	}
	return NULL;
}

/* fill_why - what the match of r rested on; shown: the stage hint's. */
static void
fill_why(struct rule_why *why, const struct rule *r, int nlines,
    const char *enhanced, const struct rule_query *q, const char *shown)
{
	why->lines = nlines;
	if (enhanced != NULL)
		snprintf(why->enhanced, sizeof(why->enhanced), "%s", enhanced);
	if (r->text.re != NULL)
		why->evidence |= RULE_EV_TEXT;
	if (r->enhanced.re != NULL)
		why->evidence |= RULE_EV_ENHANCED;
	if (r->ncommands > 0)
		why->evidence |= q->command != NULL ? RULE_EV_STAGE :
		    RULE_EV_STAGE_TEXT;
	if (r->ncodes > 0)
		why->evidence |= RULE_EV_CODE;
	if (q->command != NULL)
		return;
	/* A rule whose own text shows the stage says so itself. */
	if (r->info.stage != NULL && r->text.re != NULL) {
		why->evidence |= RULE_EV_STAGE_TEXT;
		shown = r->info.stage;
	}
	if (shown != NULL)
		snprintf(why->stage, sizeof(why->stage), "%s", shown);
}

const struct rule_info *
rule_match_why(const struct ruleset *rs, const struct rule_query *q,
    struct rule_why *why)
{
	const struct rule_list	*l;
	struct rule		*r;
	struct rule_subject	 text, enh;
	const char		*cmd;
	char			 lenh[16];
	size_t			 i, slot;
	int			 nlines = 0, inferred = 0;

	if (why != NULL)
		memset(why, 0, sizeof(*why));
	if (rs == NULL || q == NULL)
		return NULL;
	slot = q->code >= RULE_CODE_MIN && q->code <= RULE_CODE_MAX ?
	    (size_t)q->code : RULE_SLOT_ANY;
	l = &rs->by_code[slot];
	lenh[0] = '\0';
	memset(&text, 0, sizeof(text));
	if (q->text != NULL) {
		text.text = lines(rs, q, lenh, sizeof(lenh), &nlines);
		text.len = strlen(text.text);
		text.multi = nlines > 1;
		/* A text cut short does not end where it was cut. */
		text.opts = q->text_truncated ? PCRE2_NOTEOL : 0;
	}
	memset(&enh, 0, sizeof(enh));
	enh.text = q->enhanced != NULL ? q->enhanced : lenh[0] != '\0' ?
	    lenh : NULL;
	if (enh.text != NULL)
		enh.len = strlen(enh.text);

	/*
	 * Every rule in the list holds the code condition already.  The
	 * stage the text shows stands for a missing command; it is looked
	 * for when a rule names commands, or to be shown.
	 */
	cmd = q->command;
	for (i = 0; i < l->n; i++) {
		r = l->v[i];
		if (r->ncommands > 0 && q->command == NULL && !inferred) {
			cmd = stage(rs, q, &text, &enh);
			inferred = 1;
		}
		if (!holds(rs, r, q, &text, &enh, cmd))
			continue;
		if (why != NULL) {
			if (q->command == NULL && !inferred)
				cmd = stage(rs, q, &text, &enh);
			fill_why(why, r, nlines, enh.text, q, cmd);
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

int
rule_mta(const char *mta)
{
	if (mta == NULL)
		return RULE_MTA_OTHER;
	if (strncmp(mta, "postfix", 7) == 0)
		return RULE_MTA_POSTFIX;
	if (strncmp(mta, "exim", 4) == 0 && strcmp(mta, "exim-test") != 0)
		return RULE_MTA_EXIM;
	return RULE_MTA_OTHER;
}

const char *
rule_fix(const struct rule_info *ri, const char *mta)
{
	if (ri == NULL)
		return NULL;
	switch (rule_mta(mta)) {
	case RULE_MTA_POSTFIX:
		if (ri->fix_postfix != NULL)
			return ri->fix_postfix;
		break;
	case RULE_MTA_EXIM:
		if (ri->fix_exim != NULL)
			return ri->fix_exim;
		break;
	}
	return ri->fix;
}
