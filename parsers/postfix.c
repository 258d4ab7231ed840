/*
 * postfix.c - the Postfix log parser: the parser_ops object, the syslog
 * prefix ("TIMESTAMP HOST PROGRAM[PID]: MESSAGE"), dispatch on the daemon
 * name, and the per-line event queue.  The daemons' messages are read in
 * postfix_smtpd.c, postfix_sess.c (the -v dialogue), postfix_postscreen.c
 * and postfix_queue.c; scanning helpers live in postfix_scan.c.
 *
 * Classification of lines (enum parse_result):
 *  - PARSE_IGNORED: no syslog prefix, or a program that is not Postfix
 *    ("postfix", "postfix/NAME", "postfix-INST/.../NAME" are Postfix).
 *  - PARSE_USED: a Postfix message that was understood, with or without
 *    events.  Messages of support daemons (master, anvil, scache, tlsmgr,
 *    postqueue, ...) are all USED without events: none of them logs SMTP
 *    traffic.  So are warnings, statistics and the internal traces of
 *    verbose logging ("smtpd_check_addr: ...", "send attr ...").
 *  - PARSE_UNRECOGNIZED: a message of an SMTP or queue daemon that none
 *    of the handlers knows.
 * PARSE_ERROR is never returned: a hostile line is data, not a failure.
 *
 * Field conventions beyond event.h: addresses lose their angle brackets,
 * except the null sender, which is "<>" (not absent); session keys are
 * "HOST/PROGRAM[PID]" (postscreen adds "/[ADDR]:PORT"), message keys
 * "HOST/INSTANCE/QUEUEID"; a -v reply split over "NNN-" lines is one event
 * whose text joins the lines with "\n".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "parser.h"
#include "postfix_int.h"
#include "lib/xmalloc.h"

#define HEAD_SIZE	offsetof(struct smtp_event, counters)

/*
 * The arena holds what one line derives: keys and command names (a few
 * times the line at most) and a joined -v reply, or two when a session
 * slot is taken over in the same push.
 */
#define ARENA_MIN	(2 * PF_REPLY_MAX + 1024)

/* pf_event - a new event of the current line, prefix fields filled in. */
struct smtp_event *
pf_event(struct pf *p, enum ev_kind kind)
{
	struct smtp_event	*ev;

	/* No handler makes more than PF_MAXEV events; if one did, drop. */
	ev = p->nev < PF_MAXEV ? &p->ev[p->nev++] : &p->junk;
	memset(ev, 0, HEAD_SIZE);
	ev->kind = kind;
	ev->pid = p->pid;
	ev->when = p->when;
	ev->usec = p->usec;
	ev->file = p->file;
	ev->line = p->lineno;
	ev->host = p->host;
	ev->program = p->program;
	return ev;
}

void
pf_set_client(struct smtp_event *ev, char *name, char *ip, int port)
{
	ev->client_name = name;
	ev->client_ip = ip;
	ev->client_port = port;
}

/* pf_save - copy s[0..n) into the arena; NULL if it does not fit. */
char *
pf_save(struct pf *p, const char *s, size_t n)
{
	return lex_save(p->abuf, p->acap, &p->alen, s, n);
}

char *
pf_reserve(struct pf *p, size_t n)
{
	char	*d;

	if (p->alen + n + 1 > p->acap)
		return NULL;
	d = p->abuf + p->alen;
	d[n] = '\0';
	p->alen += n + 1;
	return d;
}

/* pf_cat - the arena copy of a + b + c; NULL if it does not fit. */
const char *
pf_cat(struct pf *p, const char *a, const char *b, const char *c)
{
	return lex_cat(p->abuf, p->acap, &p->alen, a, b, c);
}

/*
 * pf_session_key - "HOST/PROGRAM[PID]" of the current line, made once per
 * line (keys are made for most lines).  Usually the line holds it as is,
 * but for the space after the host, and one copy makes it; a pid written
 * with leading zeros is printed again.
 */
const char *
pf_session_key(struct pf *p)
{
	char	 pidbuf[16], *q = pidbuf + sizeof(pidbuf), *d;
	long	 pid = p->pid;
	size_t	 n;

	if (p->skey != NULL)
		return p->skey;
	if (p->skeyline) {
		/* p->host runs on into the program and pid in p->lbuf, where
		 * only the NULs after host and program were written. */
		if ((d = pf_reserve(p, p->skeylen)) == NULL)
			return NULL;
		memcpy(d, p->host, p->skeylen);
		d[p->hostlen] = '/';
		if (pid >= 0)
			d[p->hostlen + 1 + p->proglen] = '[';
		return p->skey = d;
	}
	/* pid has at most 10 digits: see prefix(). */
	if (pid >= 0) {
		*--q = ']';
		do
			*--q = '0' + pid % 10;
		while ((pid /= 10) > 0);
		*--q = '[';
	}
	n = pidbuf + sizeof(pidbuf) - q;
	p->skeylen = p->hostlen + 1 + p->proglen + n;
	if ((d = pf_reserve(p, p->skeylen)) == NULL)
		return NULL;
	memcpy(d, p->host, p->hostlen);
	d[p->hostlen] = '/';
	memcpy(d + p->hostlen + 1, p->program, p->proglen);
	memcpy(d + p->hostlen + 1 + p->proglen, q, n);
	return p->skey = d;
}

char *
pf_key_reserve(struct pf *p, size_t extra)
{
	const char	*sk;
	char		*d;

	if (p->skeyline && p->skey == NULL) {
		/* As pf_session_key(), without keeping a copy of its own. */
		if ((d = pf_reserve(p, p->skeylen + extra)) == NULL)
			return NULL;
		memcpy(d, p->host, p->skeylen);
		d[p->hostlen] = '/';
		if (p->pid >= 0)
			d[p->hostlen + 1 + p->proglen] = '[';
		return d;
	}
	if ((sk = pf_session_key(p)) == NULL ||
	    (d = pf_reserve(p, p->skeylen + extra)) == NULL)
		return NULL;
	memcpy(d, sk, p->skeylen);
	return d;
}

/* pf_message_key - "HOST/INSTANCE/QID". */
const char *
pf_message_key(struct pf *p, const char *qid)
{
	size_t	 hl = p->hostlen, il = p->instlen, ql;
	char	*d;

	if (qid == NULL)
		return NULL;
	ql = strlen(qid);
	if ((d = pf_reserve(p, hl + 1 + il + 1 + ql)) == NULL)
		return NULL;
	memcpy(d, p->host, hl);
	d[hl] = '/';
	memcpy(d + hl + 1, p->program, il);
	d[hl + 1 + il] = '/';
	memcpy(d + hl + 1 + il + 1, qid, ql);
	return d;
}

/* pf_session_event - an inbound event of the current line's session. */
struct smtp_event *
pf_session_event(struct pf *p, enum ev_kind kind, const char *qid)
{
	struct smtp_event	*ev;

	ev = pf_event(p, kind);
	ev->dir = EV_DIR_IN;
	ev->session_key = pf_session_key(p);
	if (qid != NULL) {
		ev->queue_id = qid;
		ev->message_key = pf_message_key(p, qid);
	}
	return ev;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * is_trace - the internal traces of verbose logging and other messages
 * that describe Postfix itself: "ident: ..." (msg_info("%s: ...", myname)
 * in the source), "name = value", attribute-protocol dumps.
 */
static int
is_trace(const char *m)
{
	static const char *const prefixes[] = {
		"send attr ", "input attribute ", "connect to subsystem",
		"connection established", "connection closed", "idle timeout",
		"rewrite stream disconnect", "proxymap stream disconnect",
		"master disconnect", "request: ", "request ignored",
		"wakeup ", ">>> ", "start ", "end ", "process generation",
		"private/", "public/", "Compiled against", "Run-time linked",
		"disconnect event", "dict_", "auto_clnt_", "trigger_",
		"daemon started", "reload ", "terminating on", "table ",
		"cache ", "lookup ", "pref ", "host name ", "flush_",
		"certificate verification", "Verified TLS", "Untrusted TLS",
		"Trusted TLS", "Anonymous TLS", "enabling PIX", "done ",
		"recipient limit ", "before ", "after ", "initial envelope ",
		"extracted envelope ", "cleanup flags = ", "open ",
		"connecting to ", "begin ", "SSL_connect error ",
		"SSL_accept error ",
	};
	const char	*q;
	size_t		 i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (m[0] == prefixes[i][0] && starts(m, prefixes[i]))
			return 1;
	if (strstr(m, " socket: wanted attribute: ") != NULL)
		return 1;

	/* "ident: ..." or "ident = ..." with a lower-case C identifier. */
	if (*m < 'a' || *m > 'z')
		return 0;
	for (q = m; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
	    *q == '_'; q++)
		;
	return (q[0] == ':' && (q[1] == ' ' || q[1] == '\0')) ||
	    (q[0] == ' ' && q[1] == '=' && q[2] == ' ');
}

/*
 * pf_generic - a message no handler claimed: warnings, fatal errors,
 * statistics and traces are understood (USED); anything else is not.
 */
enum parse_result
pf_generic(struct pf *p, const char *msg)
{
	(void)p;
	if (starts(msg, "warning: ") || starts(msg, "fatal: ") ||
	    starts(msg, "error: ") || starts(msg, "panic: ") ||
	    starts(msg, "statistics: ") || is_trace(msg))
		return PARSE_USED;
	return PARSE_UNRECOGNIZED;
}

static int
postfix_probe(const char *line, size_t len)
{
	struct lex_span	sp;
	size_t		n;

	if ((n = ts_skip(line, len)) == 0 ||
	    lex_syslog_prefix(line, len, n, &sp) == 0)
		return 0;
	return pf_is_postfix(line + sp.ps, sp.pe - sp.ps) ? 100 : 0;
}

static void *
postfix_open(const struct parser_opts *opts)
{
	struct pf	*p;

	p = xcalloc(1, sizeof(*p));
	p->file = xstrdup_or_null(opts->file);
	p->ts = ts_new(opts->year, opts->ref_time);
	p->acap = ARENA_MIN;
	p->abuf = xmalloc(p->acap);
	return p;
}

static void
postfix_close(void *v)
{
	struct pf	*p = v;

	if (p == NULL)
		return;
	pf_sess_free(p);
	ts_free(p->ts);
	free(p->lbuf);
	free(p->abuf);
	free(p->file);
	free(p);
}

/* dispatch - hand the message to the handler of its daemon. */
static enum parse_result
dispatch(struct pf *p, char *msg)
{
	switch (p->daemon) {
	case PF_D_SMTPD:
		return pf_smtpd(p, msg);
	case PF_D_POSTSCREEN:
		return pf_postscreen(p, msg);
	case PF_D_SMTP:
	case PF_D_LMTP:
	case PF_D_DELIVER:
		return pf_deliver(p, msg);
	case PF_D_CLEANUP:
		return pf_cleanup(p, msg);
	case PF_D_QMGR:
		return pf_qmgr(p, msg);
	case PF_D_PICKUP:
		return pf_pickup(p, msg);
	case PF_D_POSTSUPER:
		return pf_postsuper(p, msg);
	case PF_D_BOUNCE:
		return pf_bounce(p, msg);
	case PF_D_SUPPORT:
		break;
	}
	/* A support daemon: master, anvil, scache, tlsmgr, postqueue, ... */
	return PARSE_USED;
}

/*
 * log_level - msg_warn(), msg_error(), msg_fatal() and msg_panic() of
 * Postfix's msg(3) write "warning: ", "error: ", "fatal: " or "panic: "
 * before the text: the level, with an arena copy of the text in *text
 * (the handlers cut the line in place), or NULL.
 */
static const char *
log_level(struct pf *p, const char *msg, size_t len, const char **text)
{
	static const struct {
		const char	*level;
		size_t		 len;
	} levels[] = {
		{ "warning", 7 }, { "error", 5 }, { "fatal", 5 }, { "panic", 5 },
	};
	size_t	i, n;

	if (msg[0] != 'w' && msg[0] != 'e' && msg[0] != 'f' && msg[0] != 'p')
		return NULL;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		n = levels[i].len;
		if (len > n + 2 && memcmp(msg, levels[i].level, n) == 0 &&
		    msg[n] == ':' && msg[n + 1] == ' ') {
			*text = pf_save(p, msg + n + 2, len - n - 2);
			return levels[i].level;
		}
	}
	return NULL;
}

/*
 * dispatch_line - the handler's events, then for a line of a log level
 * an EV_LOG event, whatever else the handler made of it.
 */
static enum parse_result
dispatch_line(struct pf *p, char *msg, size_t len)
{
	struct smtp_event	*ev;
	enum parse_result	 r;
	const char		*level, *text = NULL;

	level = log_level(p, msg, len, &text);
	r = dispatch(p, msg);
	if (level != NULL && text != NULL && *text != '\0') {
		ev = pf_event(p, EV_LOG);
		ev->note = level;
		ev->text = text;
	}
	return r;
}

/* grow - make *buf hold at least need bytes. */
static void
grow(char **buf, size_t *cap, size_t need)
{
	if (*cap >= need)
		return;
	free(*buf);
	*buf = xmalloc(need);
	*cap = need;
}

static enum parse_result
postfix_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct pf	*p = v;
	struct lex_span	 sp;
	const struct pf_prog *pr;
	size_t		 n;

	p->nev = p->evpos = 0;
	p->alen = 0;
	p->skey = NULL;
	p->flushing = 0;
	p->lineno = lineno;
	if (len > PF_LINE_MAX)
		len = PF_LINE_MAX;
	while (len > 0 && line[len - 1] == '\r')
		len--;

	if ((n = ts_parse(p->ts, line, len, &p->when, &p->usec)) == 0 ||
	    (pr = pf_prog_prefix(p, line, len, n, &sp)) == NULL ||
	    !pr->postfix)
		return PARSE_IGNORED;

	grow(&p->lbuf, &p->lcap, len + 1);
	grow(&p->abuf, &p->acap, 4 * len + ARENA_MIN);
	memcpy(p->lbuf, line, len);
	p->lbuf[len] = '\0';
	p->lbuf[sp.he] = '\0';
	p->lbuf[sp.pe] = '\0';
	p->host = p->lbuf + sp.hs;
	p->hostlen = sp.he - sp.hs;
	p->program = p->lbuf + sp.ps;
	p->proglen = sp.pe - sp.ps;
	p->pid = sp.pid;
	p->instlen = pr->instlen;
	p->daemon = pr->daemon;
	/* The key is the line's text unless the pid has leading zeros. */
	p->skeyline = sp.pid < 0 || line[sp.pe + 1] != '0' ||
	    sp.ie - sp.pe == 3;
	p->skeylen = sp.ie - sp.hs;
	if (sp.ms >= len)
		return PARSE_UNRECOGNIZED;	/* a prefix and nothing else */
	return dispatch_line(p, p->lbuf + sp.ms, len - sp.ms);
}

static int
postfix_next(void *v, struct smtp_event *ev)
{
	struct pf		*p = v;
	const struct smtp_event	*src;

	if (p->evpos >= p->nev && p->flushing) {
		p->nev = p->evpos = 0;
		p->alen = 0;
		if (pf_sess_drain(p) == 0)
			p->flushing = 0;
	}
	if (p->evpos >= p->nev)
		return 0;
	src = &p->ev[p->evpos++];
	memcpy(ev, src, HEAD_SIZE + src->ncounters * sizeof(src->counters[0]));
	return 1;
}

static void
postfix_flush(void *v)
{
	struct pf	*p = v;

	p->nev = p->evpos = 0;
	p->flushing = 1;
	p->flushpos = 0;
}

static const char *
postfix_error(void *v)
{
	struct pf	*p = v;

	return p->err;
}

const struct parser_ops parser_postfix = {
	"postfix",
	postfix_probe,
	postfix_open,
	postfix_close,
	postfix_push,
	postfix_next,
	postfix_flush,
	postfix_error,
};
