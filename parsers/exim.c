/*
 * exim.c - the Exim log parser: the parser_ops object, the line prefix
 * (read by exim_prefix.c), rejectlog header dumps, and dispatch of the
 * message.  Connection lines are read in exim_smtp.c and exim_acl.c,
 * message lines in exim_msg.c, fields in exim_scan.c; the events, arena
 * and keys they share are made in exim_event.c (which also says how
 * sessions are keyed).
 *
 * Classification of lines (enum parse_result):
 *  - PARSE_IGNORED: no timestamp (blank lines, test-suite separators,
 *    paniclog noise), or a syslog line of another program.
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
	plumb_init(&x->pl, opts->file, ARENA_MIN, EX_MAXEV);
	x->ts = ts_new(opts->year, opts->ref_time);
	return x;
}

static void
exim_close(void *v)
{
	struct ex	*x = v;

	if (x == NULL)
		return;
	ts_free(x->ts);
	free(x->slots);
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

	if ((n = ex_msgid_len(msg)) > 0) {
		c = msg[n];
		msg[n] = '\0';
		x->id = msg;
		return ex_message(x, c == ' ' ? msg + n + 1 : msg + n);
	}
	return ex_smtp(x, msg);
}

static enum parse_result
exim_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct ex		*x = v;
	enum parse_result	 r;
	size_t			 n;
	int			 dump = x->dump;

	plumb_reset(&x->pl);
	x->lineno = lineno;
	x->host = NULL;
	x->program = "exim";
	x->pid = -1;
	x->id = NULL;
	x->base = x->mkey = x->mkey_id = NULL;
	x->dump = 0;
	if (len > EX_LINE_MAX)
		len = EX_LINE_MAX;
	while (len > 0 && line[len - 1] == '\r')
		len--;

	x->lbuf = plumb_line(&x->pl, line, len, 2);

	switch (ex_prefix(x, line, len, &n)) {
	case -1:
		return PARSE_IGNORED;	/* another program's syslog line */
	case 0:
		/* No record: the header dump of the rejection above, or
		 * nothing of ours. */
		if (dump && is_dump(line, len)) {
			x->dump = 1;
			return PARSE_USED;
		}
		return PARSE_IGNORED;
	}
	if (n >= len)
		return PARSE_UNRECOGNIZED;
	r = dispatch(x, x->lbuf + n);
	/* Any record may head a dump in a rejectlog; in a mainlog the
	 * next record comes with its timestamp and clears this. */
	x->dump = 1;
	return r;
}

/* nul_empty - absent strings are NULL, never "" (event.h). */
static void
nul_empty(struct smtp_event *ev)
{
#define NUL_EMPTY(f) \
	if (ev->f != NULL && ev->f[0] == '\0') \
		ev->f = NULL;
	EV_STRINGS(NUL_EMPTY)
#undef NUL_EMPTY
	if (ev->code_src != EV_CODE_INFERRED)
		ev->why = NULL;
}

static int
exim_next(void *v, struct smtp_event *ev)
{
	struct ex	*x = v;

	if (plumb_next(&x->pl, ev) == 0)
		return 0;
	nul_empty(ev);
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

const struct parser_ops parser_exim = {
	"exim",
	ex_probe,
	exim_open,
	exim_close,
	exim_push,
	exim_next,
	exim_flush,
	exim_error,
};
