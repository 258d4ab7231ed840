/*
 * exim_smtp.c - Exim's connection-level lines (no message id): connects
 * and disconnects, synchronization errors, dropped calls, timeouts,
 * authenticator failures, host lookups, and the "rejected ..." lines
 * smtp_in.c writes with fixed replies.  ACL rejections and syntax errors
 * are read in exim_acl.c.
 */
#include <stddef.h>
#include <string.h>

#include "exim_int.h"

/* AFTER - EX_AFTER() of s in the line copy of x. */
#define AFTER(s, lit)	EX_AFTER_IN((s), x->lend, lit)

static const char WHY_SYNC[] =
    "Exim answers a synchronization error with 554 SMTP synchronization "
    "error and drops the connection (smtp_in.c)";

/* disconnect - the session of peer ended; note says how. */
static void
disconnect(struct ex *x, const struct ex_peer *peer, const char *note)
{
	struct smtp_event	*ev;

	ev = ex_session_event(x, EV_DISCONNECT, peer, EX_KEY_END);
	ev->note = note;
}

static void
note(struct ex *x, const struct ex_peer *peer, const char *text)
{
	struct smtp_event	*ev;

	ev = ex_session_event(x, EV_NOTE, peer, EX_KEY_USE);
	ev->note = text;
}

/* inferred - a refusal whose reply smtp_in.c fixes. */
static struct smtp_event *
inferred(struct ex *x, enum ev_kind kind, const struct ex_peer *peer,
    const char *cmd, int code, const char *text, const char *why)
{
	struct smtp_event	*ev;

	ev = ex_session_event(x, kind, peer, EX_KEY_USE);
	ev->command = cmd;
	ev->code = code;
	ev->code_src = EV_CODE_INFERRED;
	ev->text = text;
	ev->why = why;
	return ev;
}

/*
 * peer_upto - the client written before the literal stop in s
 * (host_and_ident(FALSE): "name (helo) [ip]:port", or a bare ident for
 * a local session); returns what follows stop, or NULL.
 */
static char *
peer_upto(char *s, const char *stop, struct ex_peer *peer)
{
	char	*e, *r;

	if ((e = strstr(s, stop)) == NULL)
		return NULL;
	*e = '\0';
	r = e + strlen(stop);
	if (ex_peer(s, e, peer) != NULL)
		return r;
	if (strchr(s, ' ') != NULL || *s == '\0')
		return NULL;
	memset(peer, 0, sizeof(*peer));
	peer->ident = s;
	return r;
}

/* sync_error - "SMTP protocol synchronization error (...): rejected ..." */
static enum parse_result
sync_error(struct ex *x, char *msg)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	char			*r, *cmd, *e;

	/* msg runs uncut to the line's end: the 'j' is looked for. */
	if ((r = EX_FIND(msg, x->lend, "): rejected connection from ", 5)) !=
	    NULL) {
		if (peer_upto(r + 28, " input=", &peer) == NULL)
			return PARSE_UNRECOGNIZED;
		inferred(x, EV_REJECT, &peer, "CONNECT", 554,
		    "SMTP synchronization error", WHY_SYNC);
		disconnect(x, &peer, "synchronization error");
		return PARSE_USED;
	}
	if ((r = EX_FIND(msg, x->lend, "): rejected \"", 5)) == NULL)
		return PARSE_UNRECOGNIZED;
	cmd = r + 13;
	/* The client's next input is quoted after it: the command's end
	 * is the last quote before a client that it follows. */
	if ((e = ex_quote_end(cmd, x->lend, " next input=")) == NULL)
		return PARSE_UNRECOGNIZED;
	*e = '\0';
	if (ex_peer(e + 2, x->lend, &peer) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = inferred(x, EV_REJECT, &peer, ex_verb(cmd), 554,
	    "SMTP synchronization error", WHY_SYNC);
	if (strcmp(ev->command, "AUTH") != 0)
		ev->arg = cmd;	/* never AUTH's: it may hold credentials */
	disconnect(x, &peer, "synchronization error");
	return PARSE_USED;
}

/* dropped - "SMTP call from HOST dropped: REASON" */
static enum parse_result
dropped(struct ex *x, char *msg)
{
	struct ex_peer	 peer;
	char		*r, *last;

	if ((r = peer_upto(msg, " dropped: ", &peer)) == NULL)
		return PARSE_UNRECOGNIZED;
	if ((last = strstr(r, "(last was \"")) != NULL)
		last += 11;
	if (AFTER(r, "too many nonmail commands") != NULL) {
		inferred(x, EV_REJECT, &peer, last ? ex_verb(last) :
		    "UNKNOWN", 554, "Too many nonmail commands", "Exim drops "
		    "the call with 554 Too many nonmail commands "
		    "(smtp_notquit_exit in smtp_in.c)");
		disconnect(x, &peer, "too many nonmail commands");
	} else if (AFTER(r, "too many unrecognized commands") != NULL) {
		/* A reply event: it merges with the syntax error line Exim
		 * logs for the same command, if that line is there. */
		inferred(x, EV_REPLY, &peer, "UNKNOWN", 500,
		    "Too many unrecognized commands", "Exim drops the call "
		    "with 500 Too many unrecognized commands "
		    "(smtp_notquit_exit in smtp_in.c)");
		disconnect(x, &peer, "too many unrecognized commands");
	} else if (AFTER(r, "too many syntax or protocol errors") != NULL) {
		/* The reply repeats the code of the error that crossed the
		 * limit (synprot_error in smtp_in.c): not known here. */
		disconnect(x, &peer, "too many syntax or protocol errors");
	} else
		disconnect(x, &peer, "dropped");
	return PARSE_USED;
}

/* connection - "SMTP connection from HOST ..." */
static enum parse_result
connection(struct ex *x, char *msg)
{
	struct ex_peer		 peer;
	char			*r;

	if ((r = ex_peer(msg, x->lend, &peer)) == NULL || peer.ip == NULL)
		return PARSE_UNRECOGNIZED;
	if (*r == '\0' || EX_AFTER(r, "(TCP/IP connection count") != NULL) {
		ex_session_event(x, EV_CONNECT, &peer, EX_KEY_NEW);
		return PARSE_USED;
	}
	if (EX_AFTER(r, "D=") != NULL)
		r += strcspn(r, " ") + (r[strcspn(r, " ")] == ' ');
	if (strstr(r, "closed by QUIT") != NULL)
		disconnect(x, &peer, "closed by QUIT");
	else if (strstr(r, "closed by DROP in ACL") != NULL)
		disconnect(x, &peer, "dropped by ACL");
	else if (strstr(r, "lost") != NULL)
		disconnect(x, &peer, "lost connection");
	else if (strstr(r, "closed") != NULL)
		disconnect(x, &peer, "closed");
	else
		return PARSE_UNRECOGNIZED;
	return PARSE_USED;
}

/* Lines that are Exim's own business and carry no SMTP traffic. */
static int
housekeeping(const char *m)
{
	static const char *const starts[] = {
		"Start queue run", "End queue run", "exim ", "ETRN ",
		"Connection from ", "ignoring AUTH=", "VRFY failed for ",
		"daemon started", "SIGHUP received", "pid written to ",
		"Received SIGHUP", "Spool file ", "spool directory space check failed",
		"bind of ", "sender verify defer (", "recipient verify defer (",
		"sender verify fail (", "recipient verify fail (",
		"configured error code starts with incorrect digit",
	};
	size_t	i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (strncmp(m, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

/*
 * panic_noise - what Exim writes to its paniclog (and its mainlog) about
 * itself: configuration and file errors, failed forks and binds, its
 * command lines (+arguments).  Not SMTP traffic: ignored.
 */
static int
panic_noise(const char *m)
{
	static const char *const starts[] = {
		"Exim configuration error", "failed to ", "Failed to ",
		"failure to ", "Cannot open ", "cannot open ", "socket bind() ",
		"daemon: ", "exim: ", "cwd=", "LOG: ", "write failed",
		"Unable to ", "unable to ", "panic: ", "PANIC",
		"Too many ", "Temporary failure ", "malware acl condition: ",
		"spam acl condition: ", "DB open failed",
	};
	size_t	i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (strncmp(m, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

/* host_line - a line that starts with the client: "H=... rest". */
static enum parse_result
host_line(struct ex *x, char *msg)
{
	struct ex_peer	 peer;
	char		*r, *j;

	if ((r = ex_peer(msg, x->lend, &peer)) == NULL)
		return PARSE_UNRECOGNIZED;
	/* Per-host outbound errors; the delivery line repeats them. */
	if (EX_AFTER(r, "SMTP error from remote mail server") != NULL)
		return PARSE_USED;
	/* ex_peer() cut nothing after r: it ends at the line's end. */
	if ((j = EX_FIND(r, x->lend, "rejected ", 2)) != NULL)
		return ex_acl(x, r, j, &peer);
	if (strstr(r, "sender verify ") != NULL ||
	    EX_AFTER(r, "Warning: ") != NULL) {
		note(x, &peer, "verification or warning");
		return PARSE_USED;
	}
	if (strstr(r, ": discarded by ") != NULL)
		return PARSE_USED;
	return PARSE_UNRECOGNIZED;
}

/* fixed_reject - "rejected ..." lines of smtp_in.c with fixed replies. */
static enum parse_result
fixed_reject(struct ex *x, char *msg)
{
	struct ex_peer		 peer;
	char			*r, *cmd;
	int			 temp = 0;

	if ((r = EX_AFTER(msg, "temporarily ")) != NULL) {
		temp = 1;
		msg = r;
	}
	msg += 9;	/* "rejected " */
	if ((r = EX_AFTER(msg, "MAIL from ")) != NULL &&
	    peer_upto(r, ": no HELO/EHLO given", &peer) != NULL) {
		inferred(x, EV_REJECT, &peer, "MAIL", 503,
		    "HELO or EHLO required", "Exim answers MAIL before "
		    "HELO/EHLO with 503 when HELO is required (smtp_in.c)");
		return PARSE_USED;
	}
	if ((r = EX_AFTER(msg, "MAIL command ")) != NULL &&
	    peer_upto(r, ": too many messages", &peer) != NULL) {
		inferred(x, EV_REJECT, &peer, "MAIL", 421,
		    "too many messages in this connection", "Exim answers "
		    "with 421 (smtp_in.c)");
		return PARSE_USED;
	}
	if ((r = EX_AFTER(msg, "MAIL FROM:<")) != NULL &&
	    (r = strchr(r, '>')) != NULL && r[1] == ' ' &&
	    peer_upto(r + 2, ": message too big", &peer) != NULL) {
		inferred(x, EV_REJECT, &peer, "MAIL", 552,
		    "Message size exceeds maximum permitted", "Exim answers "
		    "a SIZE over the limit with 552 (smtp_in.c)");
		return PARSE_USED;
	}
	if ((EX_AFTER(msg, "EHLO from ") != NULL ||
	    EX_AFTER(msg, "HELO from ") != NULL) &&
	    peer_upto(msg + 10, ": syntactically invalid argument", &peer) !=
	    NULL) {
		msg[4] = '\0';
		inferred(x, EV_REJECT, &peer, msg, 501,
		    "Syntactically invalid argument(s)", "Exim answers an "
		    "invalid HELO/EHLO argument with 501 (smtp_in.c)");
		return PARSE_USED;
	}
	if (*msg == '"' && (EX_AFTER(msg + 1, "EHLO ") != NULL ||
	    EX_AFTER(msg + 1, "HELO ") != NULL) &&
	    (r = strstr(msg, "\" from ")) != NULL &&
	    ex_peer(r + 7, x->lend, &peer) != NULL) {
		cmd = msg + 1;
		cmd[4] = '\0';
		inferred(x, EV_REJECT, &peer, cmd, temp ? 451 : 550,
		    "argument does not match calling host", "Exim answers a "
		    "failed helo_verify with 550, or 451 when the lookup "
		    "failed temporarily (smtp_in.c)");
		return PARSE_USED;
	}
	return PARSE_UNRECOGNIZED;
}

/* auth_failed - "NAME authenticator failed for HOST: 535 text" */
static enum parse_result
auth_failed(struct ex *x, char *msg, char *at)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	char			*r, *sp, *enh, *text;
	int			 code;

	(void)msg;
	r = at + 26;
	/* The client ends at the last ": NNN " of the line. */
	for (sp = NULL; (r = strstr(r, ": ")) != NULL; r += 2)
		if (r[2] >= '2' && r[2] <= '5' && EX_ISDIGIT(r[3]) &&
		    EX_ISDIGIT(r[4]) && (r[5] == ' ' || r[5] == '\0'))
			sp = r;
	if (sp == NULL)
		return PARSE_UNRECOGNIZED;
	*sp = '\0';
	if (ex_peer(at + 26, x->lend, &peer) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = ex_session_event(x, EV_REJECT, &peer, EX_KEY_USE);
	ev->command = "AUTH";
	if (ex_reply(sp + 2, &code, &enh, &text) == 0) {
		ev->code = code;
		ev->code_src = EV_CODE_LOGGED;
		ev->enhanced = enh;
		ev->text = text;
	}
	return PARSE_USED;
}

/*
 * too_many_rcpt - "too many recipients: message rejected: sender=<a> HOST"
 * (552 too many recipients) or "...: excess temporarily rejected: ..."
 * (452), as smtp_in.c writes when recipients_max is exceeded.
 */
static enum parse_result
too_many_rcpt(struct ex *x, char *r)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	const char		*from = NULL;
	char			*s;
	int			 temp;

	if (EX_AFTER(r, "message rejected: sender=") != NULL)
		temp = 0;
	else if (EX_AFTER(r, "excess temporarily rejected: sender=") != NULL)
		temp = 1;
	else
		return PARSE_UNRECOGNIZED;
	s = strchr(r, '=') + 1;
	if ((s = ex_angle(s, &from)) == NULL || *s != ' ' ||
	    ex_peer(s + 1, x->lend, &peer) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = inferred(x, EV_REJECT, &peer, "RCPT", temp ? 452 : 552,
	    "too many recipients", temp ? "Exim answers recipients over "
	    "recipients_max with 452 (smtp_in.c)" : "Exim answers recipients "
	    "over recipients_max with 552 when recipients_max_reject is set "
	    "(smtp_in.c)");
	ev->from = from;
	return PARSE_USED;
}

/*
 * smtp_line - the lines that start "SMTP " (m: what follows), tested
 * from m so that EX_AFTER()'s first byte tells them apart ("connection",
 * "syntax", "protocol", "call" ...); *res and 1 when one is, else 0.
 */
static int
smtp_line(struct ex *x, char *msg, char *m, enum parse_result *res)
{
	struct ex_peer	 peer;
	char		*r;

	*res = PARSE_USED;
	if ((r = AFTER(m, "connection from ")) != NULL) {
		if (connection(x, r) != PARSE_USED)
			*res = PARSE_UNRECOGNIZED;
	} else if ((r = AFTER(m, "connection Ci=")) != NULL &&
	    (r = strstr(r, " from ")) != NULL)
		*res = connection(x, r + 6);
	else if ((r = AFTER(m, "syntax error ")) != NULL)
		*res = ex_synprot(x, r, 1);
	else if ((r = AFTER(m, "protocol error ")) != NULL)
		*res = ex_synprot(x, r, 0);
	else if (AFTER(m, "protocol synchronization error") != NULL ||
	    AFTER(m, "protocol violation: synchronization error") != NULL)
		*res = sync_error(x, msg);
	else if ((r = AFTER(m, "call from ")) != NULL)
		*res = dropped(x, r);
	else if ((r = AFTER(m, "command timeout on ")) != NULL ||
	    (r = AFTER(m, "data timeout (message abandoned) on ")) !=
	    NULL) {
		if ((r = strstr(r, "connection from ")) == NULL ||
		    ex_peer(r + 16, x->lend, &peer) == NULL)
			*res = PARSE_UNRECOGNIZED;
		else
			disconnect(x, &peer, "timeout");
	} else
		return 0;
	return 1;
}

enum parse_result
ex_smtp(struct ex *x, char *msg)
{
	struct ex_peer		 peer;
	enum parse_result	 res;
	char			*r;

	if (msg[0] == 'H' && msg[1] == '=')
		return host_line(x, msg);
	if ((msg[0] == 'U' && msg[1] == '=') ||
	    (msg[0] == 'D' && msg[1] == 'S' && msg[2] == ' '))
		return host_line(x, msg);
	if ((r = AFTER(msg, "SMTP ")) != NULL && smtp_line(x, msg, r, &res))
		return res;
	if ((r = AFTER(msg, "unexpected disconnection while reading ")) !=
	    NULL) {
		if ((r = strstr(r, " from ")) == NULL ||
		    ex_peer(r + 6, x->lend, &peer) == NULL)
			return PARSE_UNRECOGNIZED;
		disconnect(x, &peer, "lost connection");
		return PARSE_USED;
	}
	if ((r = AFTER(msg, "no MAIL in SMTP connection from ")) != NULL) {
		if (ex_peer(r, x->lend, &peer) == NULL)
			return PARSE_UNRECOGNIZED;
		disconnect(x, &peer, "no MAIL in connection");
		return PARSE_USED;
	}
	if ((r = AFTER(msg, "TLS error on ")) != NULL) {
		if ((r = strstr(r, "connection from ")) == NULL ||
		    ex_peer(r + 16, x->lend, &peer) == NULL)
			return PARSE_UNRECOGNIZED;
		note(x, &peer, "TLS error");
		return PARSE_USED;
	}
	if ((r = AFTER(msg, "no host name found for IP address ")) !=
	    NULL) {
		memset(&peer, 0, sizeof(peer));
		peer.ip = r;
		peer.iplen = strlen(r);
		note(x, &peer, "no host name");
		return PARSE_USED;
	}
	if ((r = AFTER(msg, "no IP address found for host ")) != NULL) {
		if ((r = strstr(r, "(during SMTP connection from ")) != NULL &&
		    peer_upto(r + 29, ")", &peer) != NULL)
			note(x, &peer, "no IP address for host name");
		return PARSE_USED;
	}
	if (AFTER(msg, "rejected ") != NULL ||
	    AFTER(msg, "temporarily rejected ") != NULL)
		return fixed_reject(x, msg);
	if ((r = strstr(msg, " authenticator failed for ")) != NULL &&
	    strchr(msg, ' ') == r)
		return auth_failed(x, msg, r);
	if ((r = AFTER(msg, "too many recipients: ")) != NULL)
		return too_many_rcpt(x, r);
	if (housekeeping(msg))
		return PARSE_USED;
	if (panic_noise(msg))
		return PARSE_IGNORED;
	return PARSE_UNRECOGNIZED;
}
