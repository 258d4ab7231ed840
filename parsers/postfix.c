/*
 * postfix.c - the Postfix log parser: the parser_ops object, the syslog
 * prefix ("TIMESTAMP HOST PROGRAM[PID]: MESSAGE") and dispatch on the
 * daemon name.  The daemons' messages are read in postfix_smtpd.c,
 * postfix_sess.c (the -v dialogue), postfix_postscreen.c and
 * postfix_queue.c; the events, arena and keys they share are made in
 * postfix_event.c, scanning helpers live in postfix_scan.c.
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
#include "plumb.h"
#include "postfix_int.h"
#include "lib/xmalloc.h"

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
	p->ts = ts_new(opts->year, opts->ref_time);
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

static enum parse_result
postfix_push(void *v, const char *line, size_t len, unsigned long lineno)
{
	struct pf	*p = v;
	struct lex_span	 sp;
	const struct pf_prog *pr;
	size_t		 n;
	char		*lbuf;

	plumb_reset(&p->pl);
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

	lbuf = plumb_line(&p->pl, line, len, 1);
	lbuf[sp.he] = '\0';
	lbuf[sp.pe] = '\0';
	p->host = lbuf + sp.hs;
	p->hostlen = sp.he - sp.hs;
	p->program = lbuf + sp.ps;
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
	return dispatch(p, lbuf + sp.ms);
}

static int
postfix_next(void *v, struct smtp_event *ev)
{
	struct pf	*p = v;

	if (p->pl.evpos >= p->pl.nev && p->flushing) {
		plumb_reset(&p->pl);
		if (pf_sess_drain(p) == 0)
			p->flushing = 0;
	}
	return plumb_next(&p->pl, ev);
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
