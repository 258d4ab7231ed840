/*
 * postfix_event.c - what the Postfix daemon handlers share: a new event
 * of the current line with its prefix fields, the line's arena (through
 * parsers/plumb.c), session and message keys, and the verdict on messages
 * no handler claimed.  postfix.c dispatches to the handlers; this file
 * calls none of them.
 */
#include <stddef.h>
#include <string.h>

#include "plumb.h"
#include "postfix_int.h"
#include "lib/word.h"

/* pf_save - copy s[0..n) into the arena; NULL if it does not fit. */
char *
pf_save(struct pf *p, const char *s, size_t n)
{
	return plumb_save(&p->pl, s, n);
}

char *
pf_reserve(struct pf *p, size_t n)
{
	return plumb_reserve(&p->pl, n);
}

/* pf_cat - the arena copy of a + b + c; NULL if it does not fit. */
const char *
pf_cat(struct pf *p, const char *a, const char *b, const char *c)
{
	return plumb_cat(&p->pl, a, b, c);
}

/*
 * pf_session_key - "HOST/PROGRAM[PID]" ("PROGRAM[PID]" for a line without
 * host) of the current line, made once per line (keys are made for most
 * lines).  Usually the line holds it as is, but for the space after the
 * host, and one copy makes it; a pid written with leading zeros is
 * printed again.
 */
const char *
pf_session_key(struct pf *p)
{
	char	 pidbuf[16], *q = pidbuf + sizeof(pidbuf), *d;
	long	 pid = p->pl.at.pid;
	size_t	 n;

	if (p->skey != NULL)
		return p->skey;
	if (p->skeyline)
		return p->skey = pf_key_reserve(p, 0);
	/* pid has at most 10 digits: see lex_syslog_pid(). */
	if (pid >= 0) {
		*--q = ']';
		do
			*--q = '0' + pid % 10;
		while ((pid /= 10) > 0);
		*--q = '[';
	}
	n = pidbuf + sizeof(pidbuf) - q;
	p->skeylen = p->pfxlen + p->proglen + n;
	if ((d = pf_reserve(p, p->skeylen)) == NULL)
		return NULL;
	if (p->pfxlen > 0) {
		word_copy(d, p->pl.at.host, p->pfxlen - 1);
		d[p->pfxlen - 1] = '/';
	}
	word_copy(d + p->pfxlen, p->pl.at.program, p->proglen);
	word_copy(d + p->pfxlen + p->proglen, q, n);
	return p->skey = d;
}

char *
pf_key_reserve(struct pf *p, size_t extra)
{
	const char	*sk;
	char		*d;

	if (p->skeyline && p->skey == NULL) {
		/* The key's text runs on in the line's copy, where only the
		 * NULs after host and program were written. */
		if ((d = pf_reserve(p, p->skeylen + extra)) == NULL)
			return NULL;
		word_copy(d, p->keytext, p->skeylen);
		if (p->pfxlen > 0)
			d[p->pfxlen - 1] = '/';
		if (p->pl.at.pid >= 0)
			d[p->pfxlen + p->proglen] = '[';
		return d;
	}
	if ((sk = pf_session_key(p)) == NULL ||
	    (d = pf_reserve(p, p->skeylen + extra)) == NULL)
		return NULL;
	word_copy(d, sk, p->skeylen);
	return d;
}

/* pf_message_key - "HOST/INSTANCE/QID" ("INSTANCE/QID" without host). */
const char *
pf_message_key(struct pf *p, const char *qid)
{
	size_t	 hl = p->pfxlen, il = p->instlen, ql;
	char	*d;

	if (qid == NULL)
		return NULL;
	ql = qid == p->qid ? p->qidlen : strlen(qid);
	if ((d = pf_reserve(p, hl + il + 1 + ql)) == NULL)
		return NULL;
	if (hl > 0 && p->pl.at.program == p->pl.at.host + hl) {
		/* "HOST INSTANCE" in the line's copy: one piece. */
		word_copy(d, p->pl.at.host, hl + il);
		d[hl - 1] = '/';
	} else {
		if (hl > 0) {
			word_copy(d, p->pl.at.host, hl - 1);
			d[hl - 1] = '/';
		}
		word_copy(d + hl, p->pl.at.program, il);
	}
	d[hl + il] = '/';
	word_copy(d + hl + il + 1, qid, ql);
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
