/*
 * transcript.c - the parser of raw SMTP transcripts: the parser_ops
 * object, sessions split at connection boundaries, and the events of the
 * dialogue.  transcript_line.c says what each line is; parsers/dialog.c
 * assembles the dialogue (and redacts credentials); the meaning of the
 * dialogue is analyzer/core/smtpstate.c's.
 *
 * Sessions: a connection marker (swaks "=== Trying", telnet "Trying",
 * openssl "CONNECTED(", Exim's harness, smtplib "connect:") or a greeting
 * (a 220 when no command waits for a reply) starts one, with EV_CONNECT;
 * a 221 or 421 reply, a closing marker or the next start ends it, with
 * EV_DISCONNECT.  Dialogue without either (a bounce's excerpt) makes a
 * session of its own that was never seen to start; in prefixed styles a
 * blank line while no command waits ends such a block.  Keys are
 * "FILE#N".  Transcripts have no time: events carry when = 0.
 *
 * Classification: dialogue and tool lines are PARSE_USED; blank lines and
 * prose are PARSE_IGNORED.  PARSE_UNRECOGNIZED is never returned, so no
 * line (a credential, say) is ever shown raw by -v.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "parser.h"
#include "plumb.h"
#include "transcript_int.h"
#include "lib/xmalloc.h"

#define TR_LINE_MAX	65536
#define ISDIGIT(c)	((unsigned)(c) - '0' < 10)

struct tr {
	struct plumb	 pl;		/* the events of a push; the file */
	const char	*file;		/* pl's copy, "-" for none */
	struct dlg	*dlg;
	unsigned long	 lineno;

	enum tl_side	 side;		/* learnt from the file's styles */
	const char	*style;		/* of the current session */
	int		 prefixed;	/* prefixed dialogue seen: the rest is
					 * prose, not a bare dialogue */
	int		 angle_server;	/* '<' or '>' once known */
	int		 ossl;		/* inside an openssl "---" block */
	int		 blank;		/* a blank line ended a prefixed block */

	int		 open;		/* a session is open */
	int		 talked;	/* it has dialogue lines */
	int		 heard;		/* it has server lines */
	int		 closed;	/* it saw 221/421: over */
	unsigned long	 nsess;
	char		*key;		/* of the open session */
	char		*relay;		/* the server it talks to */
	char		**old;		/* keys and relays of sessions ended
					 * in this push, freed at the next */
	size_t		 nold, capold;


	char		*buf;		/* an unescaped payload */
	size_t		 bufcap;
	char		 err[64];
};

static void
retire(struct tr *tr, char *s)
{
	if (s == NULL)
		return;
	if (tr->nold == tr->capold) {
		tr->capold = tr->capold ? tr->capold * 2 : 4;
		tr->old = xreallocarray(tr->old, tr->capold,
		    sizeof(*tr->old));
	}
	tr->old[tr->nold++] = s;
}

/*
 * side - who captured the dialogue: as the file's markers say, else as
 * the style suggests (a bounce's ">>>" and "C:" are the client's view; a
 * bare list of replies is a server's -bs/-bh run; "<"/">" is a server
 * log's view).
 */
static enum tl_side
side(const struct tr *tr)
{
	if (tr->side != TL_SIDE_UNKNOWN)
		return tr->side;
	if (tr->style != NULL && (strcmp(tr->style, "bare") == 0 ||
	    strcmp(tr->style, "angle") == 0))
		return TL_SIDE_SERVER;
	return TL_SIDE_CLIENT;
}

/* newev - an event of the current session, as far as the parser knows. */
static struct smtp_event *
newev(struct tr *tr, enum ev_kind kind)
{
	struct smtp_event	*ev;

	/* May move the events made before. */
	ev = plumb_event(&tr->pl, kind);
	ev->line = tr->lineno;
	ev->program = tr->style;
	if (tr->style != NULL && strcmp(tr->style, ">>>") == 0)
		ev->program = side(tr) == TL_SIDE_SERVER ? "exim-test" :
		    "sendmail";
	ev->session_key = tr->key;
	ev->dir = side(tr) == TL_SIDE_SERVER ? EV_DIR_IN : EV_DIR_OUT;
	ev->relay_name = tr->relay;
	return ev;
}

/* drain - the dialogue's events; a 221 or 421 ends the session. */
static void
drain(struct tr *tr)
{
	struct smtp_event	*ev;
	int			 code;

	for (;;) {
		ev = newev(tr, EV_NOTE);
		if (dlg_next(tr->dlg, ev) == 0) {
			plumb_drop(&tr->pl);
			return;
		}
		code = ev->code;
		if (ev->kind == EV_REPLY && (code == 221 || code == 421) &&
		    !tr->closed) {
			unsigned long	line = ev->line;

			/* newev() may move the array ev points into. */
			newev(tr, EV_DISCONNECT)->line = line;
			tr->closed = 1;
		}
	}
}

static void
session_end(struct tr *tr, int disconnect)
{
	if (!tr->open)
		return;
	dlg_flush(tr->dlg);
	drain(tr);
	if (disconnect && !tr->closed)
		newev(tr, EV_DISCONNECT);
	dlg_reset(tr->dlg);
	tr->open = tr->closed = tr->talked = tr->heard = tr->blank = 0;
	tr->ossl = 0;
	retire(tr, tr->key);
	retire(tr, tr->relay);
	tr->key = tr->relay = NULL;
}

static void
session_begin(struct tr *tr, int connect, const char *peer, size_t peerlen)
{
	char	buf[64];
	size_t	n;

	session_end(tr, 1);
	tr->nsess++;
	snprintf(buf, sizeof(buf), "#%lu", tr->nsess);
	n = strlen(tr->file) + strlen(buf) + 1;
	tr->key = xmalloc(n);
	snprintf(tr->key, n, "%s%s", tr->file, buf);
	if (peer != NULL && peerlen > 0 && peerlen < 256) {
		tr->relay = xmalloc(peerlen + 1);
		memcpy(tr->relay, peer, peerlen);
		tr->relay[peerlen] = '\0';
	}
	tr->open = 1;
	tr->closed = 0;
	if (connect)
		newev(tr, EV_CONNECT);
}

/* greeting - a 220 that opens a connection, not STARTTLS's "go ahead". */
static int
greeting(const char *s, size_t n)
{
	int	code, more;
	size_t	i;

	if (!dlg_reply_line(s, n, &code, &more) || code != 220)
		return 0;
	if (n > 5 && ISDIGIT(s[4]) && s[5] == '.')
		return 0;	/* "220 2.0.0 Ready to start TLS" */
	for (i = 4; i + 3 <= n; i++)
		if (memcmp(s + i, "TLS", 3) == 0)
			return 0;
	return 1;
}

static void
server(struct tr *tr, const char *s, size_t n)
{
	struct dlg_pos	pos = { tr->lineno, 0, 0 };
	int		code, more;

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!dlg_reply_line(s, n, &code, &more))
		return;
	if (greeting(s, n) && (!tr->open || tr->closed ||
	    dlg_idle(tr->dlg)))
		session_begin(tr, 1, NULL, 0);
	else if (!tr->open || tr->closed)
		session_begin(tr, 0, NULL, 0);
	tr->talked = tr->heard = 1;
	dlg_server(tr->dlg, s, n, &pos);
	drain(tr);
}

static void
client(struct tr *tr, const char *s, size_t n)
{
	struct dlg_pos	pos = { tr->lineno, 0, 0 };

	if (!tr->open || tr->closed)
		session_begin(tr, 0, NULL, 0);
	tr->talked = 1;
	dlg_client(tr->dlg, s, n, &pos);
	drain(tr);
}

/* hexval - the value of a hex digit, or 16. */
static unsigned
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

/*
 * unrepr - a Python str/bytes repr ('...' or b'...') into tr->buf; its
 * length, or -1 when s is no repr.
 */
static long
unrepr(struct tr *tr, const char *s, size_t n)
{
	size_t	i = 0, o = 0;
	char	 q;
	unsigned h;

	if (tr->bufcap < n + 1) {
		free(tr->buf);
		tr->bufcap = n + 1;
		tr->buf = xmalloc(tr->bufcap);
	}
	if (i < n && s[i] == 'b')
		i++;
	if (i >= n || (s[i] != '\'' && s[i] != '"'))
		return -1;
	q = s[i++];
	for (; i < n && s[i] != q; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			tr->buf[o++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'r':
			tr->buf[o++] = '\r';
			break;
		case 'n':
			tr->buf[o++] = '\n';
			break;
		case 't':
			tr->buf[o++] = '\t';
			break;
		case 'x':
			/* Exactly two hex digits (Python's repr), else
			 * the "x" stands for itself. */
			if (i + 2 < n && (h = hexval(s[i + 1])) < 16 &&
			    hexval(s[i + 2]) < 16) {
				tr->buf[o++] = (char)(h * 16 +
				    hexval(s[i + 2]));
				i += 2;
			} else
				tr->buf[o++] = 'x';
			break;
		default:
			tr->buf[o++] = s[i];
			break;
		}
	}
	tr->buf[o] = '\0';
	return (long)o;
}

/*
 * pieces - feed s[0..n) to fn line by line, cut at sep (CRLF, or the
 * four characters "\r\n" of Exim's test scripts); a separator at the end
 * ends the last line rather than starting an empty one.
 */
static void
pieces(struct tr *tr, const char *s, size_t n, const char *sep,
    void (*fn)(struct tr *, const char *, size_t))
{
	size_t	sl = strlen(sep), i, start = 0;

	for (i = 0; i + sl <= n; i++)
		if (memcmp(s + i, sep, sl) == 0) {
			fn(tr, s + start, i - start);
			start = i + sl;
			i += sl - 1;
		}
	if (start < n || start == 0)
		fn(tr, s + start, n - start);
}

static void
feed(struct tr *tr, const struct tl *t, int is_client)
{
	void	(*fn)(struct tr *, const char *, size_t) =
		    is_client ? client : server;
	long	 len;

	if (t->pyrepr) {
		if ((len = unrepr(tr, t->s, t->n)) < 0)
			return;
		pieces(tr, tr->buf, (size_t)len, "\r\n", fn);
	} else if (t->split)
		pieces(tr, t->s, t->n, "\\r\\n", fn);
	else
		fn(tr, t->s, t->n);
}

/* clock_prefix - the length of smtplib's "HH:MM:SS.ffffff " (debug 2). */
static size_t
clock_prefix(const char *s, size_t n)
{
	size_t	i;

	if (n < 9 || !ISDIGIT(s[0]) || !ISDIGIT(s[1]) || s[2] != ':' ||
	    !ISDIGIT(s[3]) || !ISDIGIT(s[4]) || s[5] != ':' ||
	    !ISDIGIT(s[6]) || !ISDIGIT(s[7]))
		return 0;
	i = 8;
	if (s[i] == '.')
		for (i++; i < n && ISDIGIT(s[i]); i++)
			;
	if (i >= n || s[i] != ' ')
		return 0;
	return i + 1;
}

static int
transcript_probe(const char *line, size_t len)
{
	struct tl	t;
	int		code, more;
	size_t		c = clock_prefix(line, len);

	if (tl_classify(line + c, len - c, &t))
		return t.kind == TL_NOISE ? 50 : 90;
	if (t.kind == TL_PROSE && dlg_reply_line(line, len, &code, &more))
		return 60;
	return 0;
}

static void *
transcript_open(const struct parser_opts *opts)
{
	struct tr	*tr;

	tr = xcalloc(1, sizeof(*tr));
	/* Events grow as the line needs: a line of the Exim test suite's
	 * scripts holds a whole dialogue. */
	plumb_init(&tr->pl, opts->file ? opts->file : "-", 0, 0);
	tr->file = tr->pl.file;
	tr->dlg = dlg_new(DLG_F_ALIGN);
	return tr;
}

static void
reset_push(struct tr *tr)
{
	size_t	i;

	dlg_release(tr->dlg);
	for (i = 0; i < tr->nold; i++)
		free(tr->old[i]);
	tr->nold = 0;
	plumb_reset(&tr->pl);
}

static void
transcript_close(void *v)
{
	struct tr	*tr = v;

	if (tr == NULL)
		return;
	reset_push(tr);
	dlg_free(tr->dlg);
	free(tr->old);
	free(tr->key);
	free(tr->relay);
	free(tr->buf);
	plumb_free(&tr->pl);
	free(tr);
}

/* angle - "<"/">": the side whose first line is a reply is the server. */
static int
angle(struct tr *tr, const struct tl *t)
{
	int	mine = t->kind == TL_ANGLE_LT ? '<' : '>';
	int	code, more;

	if (tr->angle_server == 0)
		tr->angle_server = dlg_reply_line(t->s, t->n, &code, &more) ?
		    mine : (mine == '<' ? '>' : '<');
	return mine != tr->angle_server;	/* 1: a client line */
}

/* bare - an unprefixed line of a bare (telnet, openssl) dialogue. */
static enum parse_result
bare(struct tr *tr, const char *s, size_t n)
{
	int	code, more;

	if (n == 3 && memcmp(s, "---", 3) == 0) {
		/* openssl s_client: blocks of TLS details between "---". */
		tr->ossl = !tr->ossl;
		return PARSE_USED;
	}
	if (tr->open && !tr->closed && dlg_in_body(tr->dlg)) {
		client(tr, s, n);	/* content, whatever it looks like */
		return PARSE_USED;
	}
	if (dlg_reply_line(s, n, &code, &more)) {
		tr->ossl = 0;
		if (tr->style == NULL)
			tr->style = "bare";
		server(tr, s, n);
		return PARSE_USED;
	}
	if (tr->ossl)
		return PARSE_USED;
	if (!tr->open || tr->closed || !tr->heard)
		return PARSE_IGNORED;	/* before the greeting: chatter */
	client(tr, s, n);
	return PARSE_USED;
}

static enum parse_result
transcript_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct tr	*tr = v;
	struct tl	 t;
	size_t		 c;

	reset_push(tr);
	tr->lineno = lineno;
	if (len > TR_LINE_MAX)
		len = TR_LINE_MAX;
	c = clock_prefix(line, len);
	tl_classify(line + c, len - c, &t);
	if (tr->side == TL_SIDE_UNKNOWN && t.side != TL_SIDE_UNKNOWN)
		tr->side = t.side;
	if (t.style != NULL && t.kind != TL_NOISE && t.kind != TL_CLOSE)
		tr->style = t.style;
	switch (t.kind) {
	case TL_BLANK:
		/* Prefixed styles: a blank line while no command waits
		 * ends a block; dialogue after it is another session. */
		if (tr->prefixed && tr->open && tr->talked &&
		    !dlg_in_body(tr->dlg) && dlg_idle(tr->dlg))
			tr->blank = 1;
		return PARSE_IGNORED;
	case TL_NOISE:
		return PARSE_USED;
	case TL_OPEN:
		/* "connect: (h, p)" then "connect: to (h, p)": one. */
		if (!tr->open || tr->talked)
			session_begin(tr, 1, t.peer, t.peerlen);
		return PARSE_USED;
	case TL_CLOSE:
		session_end(tr, 1);
		return PARSE_USED;
	case TL_CLIENT:
	case TL_SERVER:
	case TL_ANGLE_LT:
	case TL_ANGLE_GT:
		tr->prefixed = 1;
		if (tr->blank && tr->open)
			session_end(tr, 0);
		tr->blank = 0;
		/* "<"/">" name no side: angle() tells it. */
		feed(tr, &t, t.kind == TL_CLIENT || t.kind == TL_SERVER ?
		    t.kind == TL_CLIENT : angle(tr, &t));
		return PARSE_USED;
	case TL_PROSE:
		if (tr->prefixed)
			return PARSE_IGNORED;
		return bare(tr, t.s, t.n);
	}
	return PARSE_IGNORED;
}

static int
transcript_next(void *v, const struct smtp_event **ev)
{
	struct tr		*tr = v;
	struct smtp_event	*e;

	if (plumb_next(&tr->pl, &e) == 0)
		return 0;
	*ev = e;
	return 1;
}

/* flush - the end of the input ends its last session (not seen closing
 * unless it said goodbye). */
static void
transcript_flush(void *v)
{
	struct tr	*tr = v;

	reset_push(tr);
	if (tr->open) {
		dlg_flush(tr->dlg);
		drain(tr);
		session_end(tr, 0);
	}
}

static const char *
transcript_error(void *v)
{
	struct tr	*tr = v;

	return tr->err;
}

const struct parser_ops parser_transcript = {
	.name = "transcript",
	.probe = transcript_probe,
	.owns = NULL,		/* no line of a transcript has an envelope */
	.open = transcript_open,
	.close = transcript_close,
	.push = transcript_push,
	.push_rec = NULL,
	.next = transcript_next,
	.flush = transcript_flush,
	.error = transcript_error,
};
