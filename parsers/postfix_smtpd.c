/*
 * postfix_smtpd.c - the Postfix SMTP server's messages: connections,
 * rejects and protocol incidents.  "disconnect from" with its counters is
 * read in postfix_counters.c, the -v dialogue and the per-process memory
 * it needs in postfix_sess.c, postscreen in postfix_postscreen.c, queue
 * and delivery messages in postfix_queue.c.
 *
 * Message formats follow Postfix's smtpd.c, smtpd_check.c and
 * smtpd_sasl_glue.c (3.x, and 2.x where it differs).
 */
#include <stdio.h>
#include <string.h>

#include "postfix_int.h"


static enum parse_result
connect(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	char			*name, *ip;
	int			 port;

	if (pf_client(p, rest, &name, &ip, &port) == NULL)
		return PARSE_UNRECOGNIZED;
	if ((s = pf_sess_find(p, pf_session_key(p))) != NULL)
		pf_sess_end(p, s);
	ev = pf_session_event(p, EV_CONNECT, NULL);
	pf_set_client(ev, name, ip, port);
	return PARSE_USED;
}


/*
 * after - "lost connection after CMD from CLIENT", also "timeout after"
 * and "too many errors after", optionally with " (N bytes)" after DATA
 * (smtpd_proto(): "%s after %s from %s").
 */
static enum parse_result
after(struct pf *p, char *msg, const char *qid)
{
	struct smtp_event	*ev;
	char			*a, *c, *f, *name, *ip;
	int			 port;

	if ((a = strstr(msg, " after ")) == NULL ||
	    (f = strstr(a, " from ")) == NULL ||
	    pf_client(p, f + 6, &name, &ip, &port) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = pf_session_event(p, EV_NOTE, qid);
	pf_set_client(ev, name, ip, port);
	for (c = a + 7; *c != ' ' && *c != '\0'; c++)
		;
	ev->command = pf_command(p, a + 7, c - (a + 7));
	ev->note = pf_save(p, msg, c - msg);
	*f = '\0';
	ev->text = pf_nul_if_empty(*c == ' ' ? c + 1 : c);
	return PARSE_USED;
}

/* pipelining - "improper command pipelining after CMD from CLIENT: TEXT". */
static enum parse_result
pipelining(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*a, *c, *f, *q, *name, *ip;
	int			 port;

	a = msg + strlen("improper command pipelining");
	if ((f = strstr(a, " from ")) == NULL ||
	    (q = pf_client(p, f + 6, &name, &ip, &port)) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = pf_session_event(p, EV_NOTE, NULL);
	pf_set_client(ev, name, ip, port);
	for (c = a + 7; c < f && *c != ' '; c++)
		;
	ev->command = pf_command(p, a + 7, c - (a + 7));
	*f = '\0';
	ev->note = msg;
	ev->text = q[0] == ':' && q[1] == ' ' ? pf_nul_if_empty(q + 2) : NULL;
	return PARSE_USED;
}

/*
 * sasl - "CLIENT: SASL MECH authentication failed: REASON[,
 * sasl_username=U]".  smtpd_sasl_glue.c logs this warning and answers
 * "535 5.7.8 Error: authentication failed: REASON" (RFC 4954 6), which it
 * does not log; "... authentication aborted" is answered "501 5.7.0
 * Authentication aborted".
 */
static enum parse_result
sasl(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	char			*name, *ip, *q, *m, *why, *u;
	int			 port, aborted;

	if ((q = pf_client(p, rest, &name, &ip, &port)) == NULL ||
	    (q = PF_AFTER(p, q, ": SASL ")) == NULL ||
	    (m = strchr(q, ' ')) == NULL)
		return PARSE_USED;
	if ((why = PF_AFTER(p, m, " authentication failed")) != NULL)
		aborted = 0;
	else if (PF_AFTER(p, m, " authentication aborted") != NULL)
		aborted = 1;
	else
		return PARSE_USED;
	ev = pf_session_event(p, EV_REPLY, NULL);
	pf_set_client(ev, name, ip, port);
	ev->command = "AUTH";
	ev->arg = pf_save(p, q, m - q);
	ev->code_src = EV_CODE_INFERRED;
	if (aborted) {
		ev->code = 501;
		ev->enhanced = "5.7.0";
		ev->text = "Authentication aborted";
		ev->why = "smtpd_sasl_glue.c logs \"SASL authentication "
		    "aborted\" when the client sends \"*\" and answers \"501 "
		    "5.7.0 Authentication aborted\"";
		return PARSE_USED;
	}
	if (why[0] == ':' && why[1] == ' ')
		why += 2;
	if ((u = strstr(why, ", sasl_username=")) != NULL)
		*u = '\0';
	ev->code = 535;
	ev->enhanced = "5.7.8";
	ev->text = pf_cat(p, "Error: authentication failed: ", why, "");
	ev->why = "smtpd_sasl_glue.c logs the SASL failure as a warning "
	    "and answers \"535 5.7.8 Error: authentication failed: "
	    "REASON\" (RFC 4954 section 6) without logging the reply";
	return PARSE_USED;
}

/*
 * illegal - "Illegal address syntax from CLIENT in CMD command: ADDR":
 * extract_addr() failed, and smtpd.c answers "501 5.1.7 Bad sender
 * address syntax" in MAIL, "501 5.1.3 Bad recipient address syntax" in
 * RCPT and VRFY, without logging the reply.
 */
static enum parse_result
illegal(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	char			*name, *ip, *q, *c;
	int			 port;

	if ((q = pf_client(p, rest, &name, &ip, &port)) == NULL ||
	    (q = PF_AFTER(p, q, " in ")) == NULL ||
	    (c = strstr(q, " command: ")) == NULL)
		return PARSE_USED;
	ev = pf_session_event(p, EV_REPLY, NULL);
	pf_set_client(ev, name, ip, port);
	ev->command = pf_command(p, q, c - q);
	ev->arg = pf_nul_if_empty(c + strlen(" command: "));
	ev->code = 501;
	ev->code_src = EV_CODE_INFERRED;
	if (ev->command != NULL && strcmp(ev->command, "MAIL") == 0) {
		ev->enhanced = "5.1.7";
		ev->text = "Bad sender address syntax";
	} else {
		ev->enhanced = "5.1.3";
		ev->text = "Bad recipient address syntax";
	}
	ev->why = "smtpd.c logs \"Illegal address syntax\" when "
	    "extract_addr() fails and answers 501 with a fixed text, which "
	    "it does not log";
	return PARSE_USED;
}

/* upto_colon - an arena copy of s up to ": " (IPv6 has bare ':'). */
static const char *
upto_colon(struct pf *p, const char *s)
{
	const char	*e = strstr(s, ": ");
	size_t		 n = e != NULL ? (size_t)(e - s) : strlen(s);

	return n > 0 ? pf_save(p, s, n) : NULL;
}

/* warning - the smtpd warnings that concern one client. */
static enum parse_result
warning(struct pf *p, char *w)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	char			*q, *name, *ip, *x;
	int			 port;

	if ((q = PF_AFTER(p, w, "non-SMTP command from ")) != NULL) {
		if ((x = pf_client(p, q, &name, &ip, &port)) == NULL)
			return PARSE_USED;
		ev = pf_session_event(p, EV_NOTE, NULL);
		pf_set_client(ev, name, ip, port);
		ev->note = "non-SMTP command";
		ev->command = "UNKNOWN";
		ev->text = x[0] == ':' && x[1] == ' ' ?
		    pf_nul_if_empty(x + 2) : NULL;
		if ((s = pf_sess_get(p, pf_session_key(p))) != NULL)
			s->nonsmtp++;
		return PARSE_USED;
	}
	if ((q = PF_AFTER(p, w, "Illegal address syntax from ")) != NULL)
		return illegal(p, q);
	if ((q = PF_AFTER(p, w, "hostname ")) != NULL &&
	    (x = strstr(q, " does not resolve to address ")) != NULL) {
		ev = pf_session_event(p, EV_NOTE, NULL);
		ev->note = "hostname does not resolve to address";
		ev->client_ip = upto_colon(p, x + 29);
		ev->text = w;
		return PARSE_USED;
	}
	if (strstr(w, ": address not listed for hostname ") != NULL ||
	    (strstr(w, ": hostname ") != NULL &&
	    strstr(w, " verification failed") != NULL)) {
		ev = pf_session_event(p, EV_NOTE, NULL);
		ev->note = strstr(w, "address not listed") != NULL ?
		    "address not listed for hostname" :
		    "hostname verification failed";
		ev->client_ip = upto_colon(p, w);
		ev->text = w;
		return PARSE_USED;
	}
	if (strstr(w, ": SASL ") != NULL)
		return sasl(p, w);
	return PARSE_USED;
}

/*
 * action - smtpd_check.c's log_whatsup() and smtpd.c's
 * check_milter_reply(): "QID: ACTION: CMD from CLIENT: REPLY;WHATSUP".
 * reject and milter-reject are rejects with the logged reply;
 * reject_warning (not sent to the client), discard, hold, filter,
 * redirect, milter-hold and milter-discard are notes.
 */
static enum parse_result
action(struct pf *p, const char *act, char *rest, const char *qid)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	struct pf_verb		 v;
	char			*q;
	int			 rej;

	rej = strcmp(act, "reject") == 0 || strcmp(act, "milter-reject") == 0;
	if ((q = pf_verb_from(p, rest, &v)) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = pf_session_event(p, rej ? EV_REJECT : EV_NOTE, qid);
	pf_set_client(ev, v.name, v.ip, v.port);
	ev->command = pf_command(p, rest, v.cmdlen);
	pf_set_envelope(ev, &v.env);
	if (!rej) {
		ev->note = act;
		ev->flags |= pf_action_flags(act);
		ev->text = pf_nul_if_empty(q);
		return PARSE_USED;
	}
	pf_set_reply(ev, q);

	/* What postfix_counters.c needs at disconnect. */
	if (ev->command == NULL)
		return PARSE_USED;
	if (strcmp(ev->command, "MAIL") == 0 &&
	    (s = pf_sess_get(p, pf_session_key(p))) != NULL)
		s->mail_rejects++;
	if (strcmp(ev->command, "CONNECT") == 0 && strcmp(act, "reject") == 0 &&
	    ev->code != 421 && (s = pf_sess_get(p, pf_session_key(p))) != NULL)
		s->denied = 1;
	return PARSE_USED;
}

/* proxy - "QID: proxy-reject: END-OF-MESSAGE: REPLY;WHATSUP" (smtpd_proxy). */
static enum parse_result
proxy(struct pf *p, char *rest, const char *qid)
{
	struct smtp_event	*ev;
	struct pf_env		 env;
	char			*q;

	if ((q = strstr(rest, ": ")) == NULL)
		return PARSE_UNRECOGNIZED;
	*q = '\0';
	q += 2;
	pf_envelope(q, &env, 0);
	ev = pf_session_event(p, EV_REJECT, qid);
	ev->command = pf_command(p, rest, strlen(rest));
	pf_set_envelope(ev, &env);
	pf_set_reply(ev, q);
	return PARSE_USED;
}

/* queued - "QID: client=CLIENT[, sasl_method=M, sasl_username=U, ...]". */
static enum parse_result
queued(struct pf *p, char *rest, const char *qid)
{
	struct smtp_event	*ev;
	char			*name, *ip;
	int			 port;

	if (pf_client(p, rest, &name, &ip, &port) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = pf_session_event(p, EV_MSG_QUEUED, qid);
	pf_set_client(ev, name, ip, port);
	return PARSE_USED;
}

static const struct {
	const char	*name;
	size_t		 len;
} actions[] = {
	{ "reject", 6 }, { "reject_warning", 14 }, { "milter-reject", 13 },
	{ "discard", 7 }, { "hold", 4 }, { "filter", 6 }, { "redirect", 8 },
	{ "milter-hold", 11 }, { "milter-discard", 14 }, { "bcc", 3 },
};

/* The first bytes of actions[]. */
static const unsigned char action_first[256] = {
	['r'] = 1, ['m'] = 1, ['d'] = 1, ['h'] = 1, ['f'] = 1, ['b'] = 1,
};

enum parse_result
pf_smtpd(struct pf *p, char *msg)
{
	char		*r, *qid = NULL;
	size_t		 n, i;

	/* The messages of every line of a session first, by first byte. */
	switch (msg[0]) {
	case 'c':
		if ((r = PF_AFTER(p, msg, "connect from ")) != NULL)
			return connect(p, r);
		break;
	case 'd':
		if ((r = PF_AFTER(p, msg, "disconnect from ")) != NULL)
			return pf_disconnect(p, r);
		break;
	case '<':
		if (msg[1] == ' ')
			return pf_verbose_command(p, msg + 2);
		break;
	case '>':
		if (msg[1] == ' ')
			return pf_verbose_reply(p, msg + 2);
		break;
	}

	if ((n = pf_qid_len(p, msg)) > 0) {
		p->qid = qid = msg;
		p->qidlen = n;
		msg[n] = '\0';
		msg += n + 2;
	} else if ((r = PF_AFTER(p, msg, "NOQUEUE: ")) != NULL)
		msg = r;
	if (qid != NULL && (r = PF_AFTER(p, msg, "client=")) != NULL)
		return queued(p, r, qid);
	for (i = 0; action_first[(unsigned char)msg[0]] &&
	    i < sizeof(actions) / sizeof(actions[0]); i++) {
		n = actions[i].len;
		if (msg[0] == actions[i].name[0] &&
		    strncmp(msg, actions[i].name, n) == 0 &&
		    msg[n] == ':' && msg[n + 1] == ' ') {
			msg[n] = '\0';
			return action(p, actions[i].name, msg + n + 2, qid);
		}
	}
	if ((r = PF_AFTER(p, msg, "proxy-reject: ")) != NULL)
		return proxy(p, r, qid);
	if (PF_AFTER(p, msg, "lost connection after ") != NULL ||
	    PF_AFTER(p, msg, "timeout after ") != NULL ||
	    PF_AFTER(p, msg, "too many errors after ") != NULL ||
	    PF_AFTER(p, msg, "bare <LF> received after ") != NULL)
		return after(p, msg, qid);
	if (PF_AFTER(p, msg, "improper command pipelining after ") != NULL)
		return pipelining(p, msg);
	if ((r = PF_AFTER(p, msg, "warning: ")) != NULL)
		return warning(p, r);
	if (qid != NULL && PF_AFTER(p, msg, "to=") != NULL)
		return pf_delivery(p, qid, msg);
	if (PF_AFTER(p, msg, "proxy-accept: ") != NULL ||
	    strstr(msg, "TLS connection established from ") != NULL ||
	    PF_AFTER(p, msg, "SSL_accept error from ") != NULL ||
	    PF_AFTER(p, msg, "setting up TLS connection from ") != NULL ||
	    PF_AFTER(p, msg, "discarding EHLO keywords: ") != NULL)
		return PARSE_USED;
	return pf_generic(p, msg);
}
