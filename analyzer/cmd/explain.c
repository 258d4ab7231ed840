/*
 * explain.c - the explain command: take reply codes or reply lines (from
 * the command line or one per line on standard input), split each into
 * code, enhanced status and text, and print the rule that explains it,
 * as text or as one JSON object per reply.  Matching is the rule engine's
 * job (rules/), option parsing cli.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/escape.h"
#include "lib/event.h"
#include "explain.h"
#include "lib/log.h"
#include "lib/msg.h"
#include "report/jbuf.h"
#include "rule.h"
#include "lib/xmalloc.h"

/* Longest input line kept; the rest of a longer line is ignored. */
#define EXPLAIN_LINE_MAX	65536

/* Text output: wrap advice at this column. */
#define EXPLAIN_WIDTH		78
#define EXPLAIN_INDENT		12

/* enhanced - a status code "d.ddd.ddd" (RFC 3463) at s; its length or 0. */
static size_t
enhanced(const char *s, size_t len)
{
	size_t	 i = 0, n, part;

	if (len < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') ||
	    s[1] != '.')
		return 0;
	i = 2;
	for (part = 0; part < 2; part++) {
		for (n = 0; i < len && n < 4 && isdigit((unsigned char)s[i]);
		    n++)
			i++;
		if (n == 0 || n > 3)
			return 0;
		if (part == 0) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i;
}

int
explain_parse(const char *line, size_t len, struct explain_reply *r)
{
	const char	*p = line, *end = line + len, *q;
	size_t		 n;

	memset(r, 0, sizeof(*r));
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;

	/* A delivery status notification's "Diagnostic-Code: smtp; 554 ..." */
	if (end - p >= 5 && strncasecmp(p, "smtp;", 5) == 0) {
		p += 5;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}

	/* RFC 5321 4.2: three digits, then a space, a dash or the end. */
	if (end - p < 3 || p[0] < '2' || p[0] > '5' ||
	    !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
	    (end - p > 3 && p[3] != ' ' && p[3] != '-' && p[3] != '\t'))
		return -1;
	r->code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	p += 3;
	while (p < end && (*p == ' ' || *p == '-' || *p == '\t'))
		p++;

	/* RFC 2034: the enhanced status code starts the text (Gmail writes
	 * a comma after it at times: "550 5.7.0, Mail Sending denied"). */
	if ((n = enhanced(p, end - p)) > 0 && (p + n == end ||
	    isspace((unsigned char)p[n]) || p[n] == ',')) {
		memcpy(r->enhanced, p, n);
		r->enhanced[n] = '\0';
		p += n;
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
	}
	if (p < end) {
		r->text = p;
		r->textlen = end - p;
	}

	/* qmail ends the text with it instead: "... (#5.7.1)". */
	if (r->enhanced[0] == '\0' && r->text != NULL && r->textlen >= 8 &&
	    end[-1] == ')') {
		for (q = end - 2; q > r->text && *q != '#'; q--)
			;
		if (q > r->text && q[-1] == '(' &&
		    (n = enhanced(q + 1, end - 1 - (q + 1))) > 0 &&
		    q + 1 + n == end - 1) {
			memcpy(r->enhanced, q + 1, n);
			r->enhanced[n] = '\0';
		}
	}
	return 0;
}

static int
flagged(const struct cli_opts *o, int code)
{
	size_t	 i;

	for (i = 0; i < o->ncodes; i++)
		if (o->codes[i] == code)
			return 1;
	return 0;
}

/* classify - the rule for a parsed reply in one direction, or NULL; why
 * says what its match rested on. */
static const struct rule_info *
classify(const struct ruleset *rs, const struct explain_reply *r,
    const char *text, const char *cmd, enum ev_dir dir, struct rule_why *why)
{
	struct rule_query	 q;

	memset(&q, 0, sizeof(q));
	q.code = r->code;
	q.enhanced = r->enhanced[0] != '\0' ? r->enhanced : NULL;
	q.text = text;
	q.command = cmd;
	q.dir = dir;
	q.code_src = EV_CODE_LOGGED;
	return rule_match_why(rs, &q, why);
}

/*
 * evidence - what the winning rule's match rested on, as words: "text",
 * "enhanced", "stage" (the command given), "stage-from-text" (the rule's
 * text shows the stage), and "code" when the code alone decided (a
 * fallback).  Returns how many words went into w.
 */
static int
evidence(const struct rule_info *ri, const struct rule_why *why,
    const char *w[5])
{
	int	 n = 0;

	if (ri == NULL)
		return 0;
	if (why->evidence & RULE_EV_TEXT)
		w[n++] = "text";
	if (why->evidence & RULE_EV_ENHANCED)
		w[n++] = "enhanced";
	if (why->evidence & RULE_EV_STAGE)
		w[n++] = "stage";
	if (why->evidence & RULE_EV_STAGE_TEXT)
		w[n++] = "stage-from-text";
	if (n == 0)
		w[n++] = "code";
	return n;
}

/* One explain command: its options, rules and output buffer. */
struct run {
	const struct cli_opts	*o;
	const struct ruleset	*rs;
	struct jbuf		 jb;	/* one JSON line */
	int			 shown;	/* replies shown as text */
};

/*
 * put_json - one reply as one line of JSON: the keys are always present
 * (null when unknown), in a fixed order.  ok is 0 when the line held no
 * reply code.  Returns 0, or -1 on a write error.
 */
static int
put_json(struct run *x, const char *line, size_t len, int ok,
    const struct explain_reply *r, const char *text,
    const struct rule_info *ri, const struct rule_why *why, enum ev_dir dir)
{
	const struct cli_opts	*o = x->o;
	struct jbuf		*j = &x->jb;
	const char		*w[5];
	int			 i, n;

	jb_reset(j, 0);
	jb_obj(j, NULL);
	jb_int(j, "schema_version", 1);
	jb_str(j, "type", "explanation");
	jb_strn(j, "input", line, len);
	jb_str(j, "error", ok ? NULL :
	    "no reply code at the start of the line");
	if (ok)
		jb_int(j, "code", r->code);
	else
		jb_null(j, "code");
	jb_str(j, "enhanced", ok && r->enhanced[0] ? r->enhanced : NULL);
	jb_str(j, "text", ok ? text : NULL);
	jb_str(j, "direction", ev_dir_name(dir));
	jb_str(j, "command", o->cmd);
	if (ok)
		jb_bool(j, "flagged", flagged(o, r->code));
	else
		jb_null(j, "flagged");
	jb_str(j, "cause", ri != NULL ? ri->cause : NULL);
	jb_str(j, "rule", ri != NULL ? ri->id : NULL);
	jb_str(j, "rule_file", ri != NULL ? ri->file : NULL);
	jb_str(j, "rule_source", ri != NULL ? ri->source : NULL);
	if (ri != NULL) {
		n = evidence(ri, why, w);
		jb_arr(j, "evidence");
		for (i = 0; i < n; i++)
			jb_str(j, NULL, w[i]);
		jb_end(j, ']');
		jb_bool(j, "generic", ri->generic);
	} else {
		jb_null(j, "evidence");
		jb_null(j, "generic");
	}
	jb_str(j, "stage", o->cmd != NULL ? o->cmd : why->stage[0] != '\0' ?
	    why->stage : NULL);
	if (ok && text != NULL)
		jb_int(j, "lines", why->lines);
	else
		jb_null(j, "lines");
	jb_str(j, "severity", ri != NULL ? ri->severity : NULL);
	jb_str(j, "title", ri != NULL ? ri->title : NULL);
	if (ri != NULL) {
		jb_obj(j, "advice");
		jb_str(j, "who", ri->who);
		jb_str(j, "meaning", ri->meaning);
		jb_str(j, "when", ri->when);
		jb_str(j, "fix", ri->fix);
		jb_str(j, "fix_postfix", rule_fix(ri, "postfix"));
		jb_str(j, "fix_exim", rule_fix(ri, "exim"));
		jb_end(j, '}');
	} else
		jb_null(j, "advice");
	jb_str(j, "lang", ri == NULL ? NULL : ri->lang != NULL ? ri->lang :
	    "en");
	jb_end(j, '}');
	jb_raw(j, "\n", 1);
	if (fwrite(j->buf, 1, j->len, stdout) != j->len)
		return -1;
	return 0;
}

/*
 * indent - the column the values start at: the widest label of the
 * catalogue's language and two spaces, EXPLAIN_INDENT at least.
 */
static size_t
indent(void)
{
	static const enum msg_id labels[] = { MSG_EX_CAUSE, MSG_EX_RULE,
	    MSG_EX_BECAUSE, MSG_EX_SOURCE, MSG_EX_SEVERITY, MSG_EX_TITLE,
	    MSG_EX_WHO, MSG_EX_MEANING, MSG_EX_WHEN, MSG_EX_FIX,
	    MSG_EX_FIX_POSTFIX, MSG_EX_FIX_EXIM };
	static size_t	 in;	/* the catalogue is fixed once loaded */
	size_t		 i, w;

	if (in != 0)
		return in;
	for (in = EXPLAIN_INDENT, i = 0; i < sizeof(labels) /
	    sizeof(labels[0]); i++)
		if ((w = esc_width(msg(labels[i]), strlen(msg(labels[i]))) + 4) >
		    in)
			in = w;
	return in;
}

/* label - "  label" padded to the value's column. */
static void
label(enum msg_id id)
{
	fputs("  ", stdout);
	(void)esc_pad(stdout, msg(id), indent() - 2, 0);
}

/* wrapped - "  label     words..." wrapped under the words, in columns
 * (esc_wrap: CJK, Devanagari), each word one fwrite into stdout's
 * buffer (a printf for each word cost more than the matching). */
static void
wrapped(enum msg_id id, const char *s)
{
	size_t	in = indent();

	label(id);
	(void)esc_wrap(stdout, s != NULL ? s : "-", in, in, EXPLAIN_WIDTH > in +
	    20 ? EXPLAIN_WIDTH : in + 20, 0, 0);
	putchar('\n');
}

/* because - what the match rested on, in words. */
static void
because(const struct rule_info *ri, const struct rule_why *why)
{
	const char	*w[5];
	int		 i, n;

	label(MSG_EX_BECAUSE);
	n = evidence(ri, why, w);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", stdout);
		if (strcmp(w[i], "text") == 0)
			fputs(msg(why->lines > 1 ? MSG_EX_EV_TEXT_LINES :
			    MSG_EX_EV_TEXT), stdout);
		else if (strcmp(w[i], "enhanced") == 0)
			printf(msg(MSG_EX_EV_ENHANCED), why->enhanced);
		else if (strcmp(w[i], "stage") == 0)
			fputs(msg(MSG_EX_EV_STAGE), stdout);
		else if (strcmp(w[i], "stage-from-text") == 0)
			printf(msg(MSG_EX_EV_STAGE_TEXT), why->stage);
		else
			fputs(msg(MSG_EX_EV_CODE), stdout);
	}
	putchar('\n');
}

static void
put_text_dir(const struct rule_info *ri, const struct rule_why *why,
    enum ev_dir dir)
{
	printf("\n%s (%s):\n", ev_dir_name(dir), msg(dir == EV_DIR_IN ?
	    MSG_EX_DIR_IN : MSG_EX_DIR_OUT));
	if (ri == NULL) {
		printf("  %s\n", msg(MSG_EX_NO_RULE));
		return;
	}
	label(MSG_EX_CAUSE);
	printf("%s\n", ri->cause);
	label(MSG_EX_RULE);
	printf("%s (%s)\n", ri->id, ri->file);
	because(ri, why);
	if (ri->source != NULL)
		wrapped(MSG_EX_SOURCE, ri->source);
	label(MSG_EX_SEVERITY);
	printf("%s\n", ri->severity);
	wrapped(MSG_EX_TITLE, ri->title);
	label(MSG_EX_WHO);
	printf("%s\n", msg_value("who_", ri->who));
	wrapped(MSG_EX_MEANING, ri->meaning);
	wrapped(MSG_EX_WHEN, ri->when);
	wrapped(MSG_EX_FIX, ri->fix);
	if (ri->fix_postfix != NULL)
		wrapped(MSG_EX_FIX_POSTFIX, ri->fix_postfix);
	if (ri->fix_exim != NULL)
		wrapped(MSG_EX_FIX_EXIM, ri->fix_exim);
}

/* put_text - one reply for a reader: both directions unless one given. */
static void
put_text(const struct cli_opts *o, const struct ruleset *rs,
    const char *line, size_t len, const struct explain_reply *r,
    const char *text)
{
	struct rule_why	 why;
	const struct rule_info *ri;
	enum ev_dir	 d;

	esc_put(stdout, line, len, 0);
	printf("\n  ");
	printf(msg(MSG_EX_CODE), r->code);
	if (r->enhanced[0] != '\0') {
		putchar(' ');
		printf(msg(MSG_EX_ENHANCED), r->enhanced);
	}
	printf(", %s\n", msg(flagged(o, r->code) ? MSG_EX_FLAGGED :
	    MSG_EX_NOT_FLAGGED));
	if (o->cmd != NULL) {
		fputs("  ", stdout);
		printf(msg(MSG_EX_IN_REPLY_TO), o->cmd);
		putchar('\n');
	}
	for (d = EV_DIR_IN; d <= EV_DIR_OUT; d++)
		if (o->dir == EV_DIR_NONE || o->dir == (int)d) {
			ri = classify(rs, r, text, o->cmd, d, &why);
			put_text_dir(ri, &why, d);
		}
}

/*
 * one - explain line[0..len).  Returns 0, 1 when the line held no reply
 * code (reported), or -1 on a write error.
 */
static int
one(struct run *x, const char *line, size_t len, int lineno)
{
	const struct cli_opts	*o = x->o;
	struct explain_reply	 r;
	struct rule_why		 why;
	enum ev_dir		 dir;
	char			*text = NULL;
	int			 ok, rc = 0;

	ok = explain_parse(line, len, &r) == 0;
	if (ok && r.text != NULL) {
		text = xmalloc(r.textlen + 1);
		memcpy(text, r.text, r.textlen);
		text[r.textlen] = '\0';
	}
	if (o->json) {
		dir = o->dir != EV_DIR_NONE ? (enum ev_dir)o->dir : EV_DIR_IN;
		memset(&why, 0, sizeof(why));
		if (put_json(x, line, len, ok, &r, text, ok ? classify(x->rs,
		    &r, text, o->cmd, dir, &why) : NULL, &why, dir) != 0)
			rc = -1;
		else if (!ok)
			rc = 1;
	} else if (!ok) {
		fflush(stdout);
		if (lineno > 0)
			fprintf(stderr, "smtplog: -:%d: ", lineno);
		else
			fprintf(stderr, "smtplog: ");
		fprintf(stderr, "no reply code at the start of '");
		esc_put(stderr, line, len, 60);
		fprintf(stderr, "'\n");
		rc = 1;
	} else {
		if (x->shown++ > 0)
			putchar('\n');
		put_text(o, x->rs, line, len, &r, text);
	}
	free(text);
	return rc;
}

/* from_stdin - one reply per line; blank lines are skipped. */
static int
from_stdin(struct run *x, int *bad)
{
	char	*line = NULL;
	size_t	 cap = 0, len;
	ssize_t	 n;
	int	 lineno = 0, rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		len = (size_t)n;
		if (len > EXPLAIN_LINE_MAX)
			len = EXPLAIN_LINE_MAX;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			len--;
		if (strspn(line, " \t") >= len)
			continue;
		switch (one(x, line, len, lineno)) {
		case -1:
			rc = -1;
			break;
		case 1:
			*bad = 1;
			break;
		}
	}
	if (ferror(stdin)) {
		warn("standard input");
		*bad = 1;
	}
	free(line);
	return rc;
}

int
cli_explain(const struct cli_opts *o)
{
	struct ruleset	*rs;
	struct run	 x;
	size_t		 i;
	int		 bad = 0, werr = 0;

	if ((rs = cli_load_rules(o)) == NULL)
		return EXIT_TROUBLE;
	memset(&x, 0, sizeof(x));
	x.o = o;
	x.rs = rs;
	jb_init(&x.jb, 0);
	for (i = 0; i < o->nargs && !werr; i++) {
		if (strcmp(o->args[i], "-") == 0)
			werr = from_stdin(&x, &bad) != 0;
		else
			switch (one(&x, o->args[i], strlen(o->args[i]), 0)) {
			case -1:
				werr = 1;
				break;
			case 1:
				bad = 1;
				break;
			}
	}
	jb_release(&x.jb);
	if (rule_match_errors(rs) > 0)
		warnx("%lu pattern match%s gave up at the PCRE2 limits (counted "
		    "as no match); check the rules with 'smtplog rules "
		    "--check'", rule_match_errors(rs),
		    rule_match_errors(rs) == 1 ? "" : "es");
	rule_free(rs);
	if (werr || fflush(stdout) != 0 || ferror(stdout)) {
		warn("standard output: write error");
		return EXIT_TROUBLE;
	}
	return bad ? EXIT_TROUBLE : EXIT_OK;
}
