/*
 * postfix.c - the Postfix log parser: the parser_ops object, the message
 * of a line whose envelope was read ("HOST PROGRAM[PID]: MESSAGE", see
 * envelope.h) and dispatch on the daemon name.  The daemons' messages are read in postfix_smtpd.c,
 * postfix_sess.c (the -v dialogue), postfix_postscreen.c and
 * postfix_queue.c; the events, arena and keys they share are made in
 * postfix_event.c, scanning helpers live in postfix_scan.c.
 *
 * Classification of lines (enum parse_result):
 *  - PARSE_IGNORED: no envelope, or a program that is not Postfix
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
 * "HOST/INSTANCE/QUEUEID" ("HOST/" left out for a line without host:
 * bare messages, journal entries without _HOSTNAME); a -v reply split over "NNN-" lines is one event
 * whose text joins the lines with "\n".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "lex.h"
#include "parser.h"
#include "plumb.h"
#include "postfix_int.h"
#include "lib/xmalloc.h"

/* postfix_owns - Postfix's programs: "postfix/smtpd", "postfix-out/qmgr". */
static int
postfix_owns(const char *prog, size_t len)
{
	return pf_is_postfix(prog, len);
}

/*
 * The arena holds what one line derives: keys and command names (a few
 * times the line at most) and a joined -v reply, or two when a session
 * slot is taken over in the same push.
 */
#define ARENA_MIN	(2 * PF_REPLY_MAX + 1024)

static void *
postfix_open(const struct parser_opts *opts)
{
	struct pf	*p;

	p = xcalloc(1, sizeof(*p));
	plumb_init(&p->pl, opts->file, ARENA_MIN, PF_MAXEV);
	p->year = opts->year;
	p->ref_time = opts->ref_time;
	return p;
}

static void
postfix_close(void *v)
{
	struct pf	*p = v;

	if (p == NULL)
		return;
	pf_sess_free(p);
	env_free(p->env);
	plumb_free(&p->pl);
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

/*
 * postfix_push_rec - a line whose envelope was read: its text "HOST
 * PROGRAM[PID]: MESSAGE" is copied and cut into host, program and
 * message; the program's daemon picks the handler.
 */
static enum parse_result
postfix_push_rec(void *v, const struct env_rec *rec, uintptr_t *memo,
    unsigned long lineno)
{
	struct pf		*p = v;
	const struct lex_span	*sp = &rec->sp;
	struct pf_prog		 pr;
	size_t			 len = rec->len;
	char			*lbuf;

	plumb_reset(&p->pl);
	p->skey = NULL;
	p->flushing = 0;
	p->pl.at.line = lineno;
	p->pl.at.when = rec->when;
	p->pl.at.usec = rec->usec;
	if (len > PF_LINE_MAX)
		len = PF_LINE_MAX;
	while (len > 0 && rec->text[len - 1] == '\r')
		len--;
	if (sp->pe <= sp->ps || sp->ie > len)
		return PARSE_IGNORED;
	/* The program's class: the caller's memo, else found out here. */
	if (memo != NULL && *memo != 0)
		pf_prog_unpack(*memo, &pr);
	else {
		pr = *pf_prog(p, rec->text + sp->ps, sp->pe - sp->ps);
		if (memo != NULL)
			*memo = pf_prog_pack(&pr);
	}
	if (!pr.postfix)
		return PARSE_IGNORED;

	lbuf = plumb_line(&p->pl, rec->text, len, 1);
	p->lend = lbuf + len;
	p->qid = NULL;
	p->pfxlen = 0;
	p->pl.at.host = NULL;
	if (sp->he > sp->hs) {
		lbuf[sp->he] = '\0';
		p->pl.at.host = lbuf + sp->hs;
		p->pfxlen = sp->he - sp->hs + 1;
	}
	lbuf[sp->pe] = '\0';
	p->pl.at.program = lbuf + sp->ps;
	p->proglen = sp->pe - sp->ps;
	p->pl.at.pid = sp->pid;
	p->instlen = pr.instlen;
	p->daemon = pr.daemon;
	/* The key is the line's text unless the pid has leading zeros. */
	p->keytext = lbuf + (p->pfxlen > 0 ? sp->hs : sp->ps);
	p->skeyline = sp->pid < 0 || rec->text[sp->pe + 1] != '0' ||
	    sp->ie - sp->pe == 3;
	p->skeylen = sp->ie - (p->pfxlen > 0 ? sp->hs : sp->ps);
	if (sp->ms >= len)
		return PARSE_UNRECOGNIZED;	/* a prefix and nothing else */
	return dispatch_line(p, lbuf + sp->ms, len - sp->ms);
}

/*
 * postfix_push - a whole line: its envelope read here (envelope.c), as
 * the scan's router does, for callers that feed this parser alone.
 */
static enum parse_result
postfix_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct pf	*p = v;
	struct env_rec	 rec;
	const char	*prog;
	size_t		 n;

	plumb_reset(&p->pl);
	p->flushing = 0;
	if (p->env == NULL)
		p->env = env_new(p->year, p->ref_time, 0);
	if (env_read(p->env, line, len, &rec) != ENV_R_OK ||
	    (prog = env_program(&rec, &n)) == NULL || !pf_is_postfix(prog, n))
		return PARSE_IGNORED;
	return postfix_push_rec(p, &rec, NULL, lineno);
}

static int
postfix_next(void *v, const struct smtp_event **ev)
{
	struct pf		*p = v;
	struct smtp_event	*e;

	if (p->pl.evpos >= p->pl.nev && p->flushing) {
		plumb_reset(&p->pl);
		if (pf_sess_drain(p) == 0)
			p->flushing = 0;
	}
	if (plumb_next(&p->pl, &e) == 0)
		return 0;
	*ev = e;
	return 1;
}

static void
postfix_flush(void *v)
{
	struct pf	*p = v;

	plumb_reset(&p->pl);
	p->flushing = 1;
	p->flushpos = 0;
}

static const char *
postfix_error(void *v)
{
	struct pf	*p = v;

	return p->err;
}

static const struct plumb *
postfix_plumb(void *v)
{
	return &((struct pf *)v)->pl;
}

const struct parser_ops parser_postfix = {
	.name = "postfix",
	.probe = NULL,		/* Postfix's lines always have an envelope */
	.owns = postfix_owns,
	.open = postfix_open,
	.close = postfix_close,
	.push = postfix_push,
	.push_rec = postfix_push_rec,
	.next = postfix_next,
	.flush = postfix_flush,
	.error = postfix_error,
	.plumb = postfix_plumb,
};
