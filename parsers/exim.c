/*
 * exim.c - the Exim log parser: the parser_ops object, Exim's own log
 * lines and syslog'd ones (their prefix read by exim_prefix.c, the
 * syslog envelope by envelope.c), rejectlog header dumps, and dispatch
 * of the message.  Connection lines are read in exim_smtp.c and exim_acl.c,
 * message lines in exim_msg.c, fields in exim_scan.c; the events, arena
 * and keys they share are made in exim_event.c (which also says how
 * sessions are keyed).
 *
 * Classification of lines (enum parse_result):
 *  - PARSE_IGNORED: no timestamp (blank lines, test-suite separators,
 *    paniclog noise), or an enveloped line of another program.
 *  - PARSE_USED: an Exim record that was understood, with or without
 *    events; and the header dump a rejectlog writes under a rejection
 *    ("Envelope-from:", "P Received: ...", tab continuations): it belongs
 *    to the record above and never makes events of its own.
 *  - PARSE_UNRECOGNIZED: an Exim record the handlers do not know.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "lex.h"
#include "exim_int.h"
#include "parser.h"
#include "plumb.h"
#include "lib/xmalloc.h"

#define ARENA_MIN	2048	/* arena bytes beyond 4 x the line */

static void *
exim_open(const struct parser_opts *opts)
{
	struct ex	*x;

	x = xcalloc(1, sizeof(*x));
	/* An empty name is none (nul_empty() then need not look). */
	plumb_init(&x->pl, opts->file != NULL && opts->file[0] != '\0' ?
	    opts->file : NULL, ARENA_MIN, EX_MAXEV + EX_RETIRE);
	x->year = opts->year;
	x->ref_time = opts->ref_time;
	return x;
}

static void
exim_close(void *v)
{
	struct ex	*x = v;

	if (x == NULL)
		return;
	env_free(x->env);
	ex_addr_free(&x->addrs);
	plumb_free(&x->pl);
	free(x);
}

/*
 * is_dump - a line of the header dump a rejectlog writes under a
 * rejection: "Envelope-from: <a>", "Envelope-to: <b>", a header with its
 * one-character flag ("P Received: ...", "  Subject: ..."), or a folded
 * continuation starting with white space.
 */
static int
is_dump(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[0] == '\t')
		return 1;
	if (EX_AFTER(s, "Envelope-from: ") != NULL ||
	    EX_AFTER(s, "Envelope-to: ") != NULL ||
	    EX_AFTER(s, "Recipients: ") != NULL)
		return 1;
	if (len < 4 || s[1] != ' ' || s[0] < '!' || s[0] > '~')
		return 0;
	for (i = 2; i < len && s[i] != ':' && s[i] != ' '; i++)
		;
	return i > 2 && i < len && s[i] == ':';
}

/* dispatch - a message id line, or a connection-level line. */
static enum parse_result
dispatch(struct ex *x, char *msg)
{
	size_t	n;
	char	c;

	if ((n = x->idlen) == EX_IDLEN_UNKNOWN)
		n = ex_msgid_len(msg);
	if (n > 0) {
		c = msg[n];
		msg[n] = '\0';
		x->id = msg;
		x->idn = n;
		return ex_message(x, c == ' ' ? msg + n + 1 : msg + n);
	}
	return ex_smtp(x, msg);
}

/* begin - a new line: no events, nothing known of it yet. */
static void
begin(struct ex *x, unsigned long lineno)
{
	plumb_reset(&x->pl);
	x->pl.at.line = lineno;
	x->pl.at.when = 0;
	x->pl.at.usec = 0;
	x->pl.at.host = NULL;
	x->pl.at.program = "exim";
	x->pl.at.pid = -1;
	x->id = NULL;
	x->idlen = EX_IDLEN_UNKNOWN;
	x->mkey = x->mkey_id = NULL;
	x->base = "exim";	/* base() of Exim's own lines, known */
	x->baselen = 4;
	x->dump = 0;
	x->nretired = 0;
}

/* record - the message at x->lbuf[n..len) of a record. */
static enum parse_result
record(struct ex *x, size_t n, size_t len)
{
	enum parse_result	r;

	if (n >= len)
		return PARSE_UNRECOGNIZED;
	r = dispatch(x, x->lbuf + n);
	/* Any record may head a dump in a rejectlog; in a mainlog the
	 * next record comes with its timestamp and clears this. */
	x->dump = 1;
	return r;
}

/*
 * exim_push_rec - a line whose envelope was read (syslog, journald,
 * containers: see envelope.h): host, program and pid come from it.
 */
static enum parse_result
exim_push_rec(void *v, const struct env_rec *rec, uintptr_t *memo,
    unsigned long lineno)
{
	struct ex		*x = v;
	const struct lex_span	*sp = &rec->sp;
	size_t			 len = rec->len;

	(void)memo;		/* the router knows Exim's names already */
	begin(x, lineno);
	if (len > EX_LINE_MAX)
		len = EX_LINE_MAX;
	while (len > 0 && rec->text[len - 1] == '\r')
		len--;
	if (sp->pe <= sp->ps || sp->ie > len ||
	    !ex_is_exim(rec->text + sp->ps, sp->pe - sp->ps))
		return PARSE_IGNORED;
	x->lbuf = plumb_line(&x->pl, rec->text, len, 2);
	x->lend = x->lbuf + len;
	if (sp->he > sp->hs) {
		x->lbuf[sp->he] = '\0';
		x->pl.at.host = x->lbuf + sp->hs;
	}
	x->lbuf[sp->pe] = '\0';
	x->pl.at.program = x->lbuf + sp->ps;
	x->base = NULL;		/* base() makes it when a key needs it */
	x->pl.at.pid = sp->pid;
	x->pl.at.when = rec->when;
	x->pl.at.usec = rec->usec;
	return record(x, ex_syslog_message(rec->text, len, sp->ms), len);
}

/*
 * enveloped - exim_push() for a line that is no Exim line of its own:
 * read as the scan's router does.  Out of line, so that Exim's own lines
 * keep a small frame.
 */
static enum parse_result __attribute__((noinline))
enveloped(struct ex *x, const char *line, size_t len, unsigned long lineno,
    int dump)
{
	struct env_rec		 rec;

	if (x->env == NULL)
		x->env = env_new(x->year, x->ref_time, 0);
	switch (env_read(x->env, line, len, &rec)) {
	case ENV_R_OK:
		return exim_push_rec(x, &rec, NULL, lineno);
	case ENV_R_NONE:
		/* No record: the header dump of the rejection above, or
		 * nothing of ours. */
		if (dump && is_dump(line, len)) {
			x->dump = 1;
			return PARSE_USED;
		}
		return PARSE_IGNORED;
	default:
		return PARSE_IGNORED;
	}
}

/*
 * exim_push - a whole line: Exim's own log line ("2026-11-23 06:56:20
 * ..."), the header dump under a rejectlog record, or a line with an
 * envelope, read here as the scan's router does (for callers that feed
 * this parser alone).
 */
static enum parse_result
exim_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct ex		*x = v;
	size_t			 n;
	int			 dump = x->dump;

	begin(x, lineno);
	if (len > EX_LINE_MAX)
		len = EX_LINE_MAX;
	while (len > 0 && line[len - 1] == '\r')
		len--;
	x->lbuf = plumb_line(&x->pl, line, len, 2);
	x->lend = x->lbuf + len;
	if (ex_prefix(x, x->lbuf, len, &n))
		return record(x, n, len);
	return enveloped(x, line, len, lineno, dump);
}

/*
 * KEYED - the fields this parser sets only to keys, ids, constants or
 * spans it checked are not empty (host, program: exim_push_rec(); file:
 * exim_open()), never to text that may be "": nul_empty() passes them
 * over (a test per field and event; the compiler drops the test).  A new
 * field of EV_STRINGS is checked until it is named here.
 */
#define EX_OFF(f)	offsetof(struct smtp_event, f)
#define KEYED(o) \
	((o) == EX_OFF(file) || (o) == EX_OFF(host) || \
	 (o) == EX_OFF(program) || \
	 (o) == EX_OFF(session_key) || (o) == EX_OFF(message_key) || \
	 (o) == EX_OFF(queue_id) || (o) == EX_OFF(related_id) || \
	 (o) == EX_OFF(related_key) || (o) == EX_OFF(status) || \
	 (o) == EX_OFF(why) || (o) == EX_OFF(proto) || (o) == EX_OFF(dsn))

/*
 * nul_empty - absent strings are NULL, never "" (event.h).  A removal
 * ("Completed", "removed by": ex_message()) has no field but KEYED ones.
 */
static void
nul_empty(struct smtp_event *ev)
{
	if (ev->kind == EV_MSG_REMOVED)
		return;
#define NUL_EMPTY(f) \
	if (!KEYED(EX_OFF(f)) && ev->f != NULL && ev->f[0] == '\0') \
		ev->f = NULL;
	EV_STRINGS(NUL_EMPTY)
#undef NUL_EMPTY
	if (ev->code_src != EV_CODE_INFERRED)
		ev->why = NULL;
}

static int
exim_next(void *v, const struct smtp_event **ev)
{
	struct ex		*x = v;
	struct smtp_event	*e;

	if (plumb_next(&x->pl, &e) == 0)
		return 0;
	nul_empty(e);
	*ev = e;
	return 1;
}

static void
exim_flush(void *v)
{
	struct ex	*x = v;

	plumb_reset(&x->pl);
}

static const char *
exim_error(void *v)
{
	struct ex	*x = v;

	return x->err;
}

/* exim_owns - Exim's syslog names: "exim", "exim4", "exim-in" ... */
static int
exim_owns(const char *prog, size_t len)
{
	return ex_is_exim(prog, len);
}

static const struct plumb *
exim_plumb(void *v)
{
	return &((struct ex *)v)->pl;
}

const struct parser_ops parser_exim = {
	.name = "exim",
	.probe = ex_probe,
	.owns = exim_owns,
	.open = exim_open,
	.close = exim_close,
	.push = exim_push,
	.push_rec = exim_push_rec,
	.next = exim_next,
	.flush = exim_flush,
	.error = exim_error,
	.plumb = exim_plumb,
};
