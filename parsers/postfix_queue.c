/*
 * postfix_queue.c - what happens to a queued message: cleanup (message-id,
 * milter and header/body_checks rejects), qmgr (sender, removal,
 * expiry), the delivery agents (smtp, lmtp, local, virtual, pipe, error,
 * discard, retry), bounce notices and pickup.  Formats follow Postfix's
 * cleanup_milter.c, cleanup_message.c, qmgr_active.c, log_adhoc.c,
 * smtp_proto.c, smtp_connect.c and bounce_notify_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "lex.h"
#include "postfix_int.h"


/* take_qid - split "QID: rest"; NULL when msg has no queue id. */
static char *
take_qid(struct pf *p, char *msg, char **rest)
{
	size_t	n;

	if ((n = pf_qid_len(p, msg)) == 0)
		return NULL;
	msg[n] = '\0';
	p->qid = msg;
	p->qidlen = n;
	*rest = msg + n + 2;
	return msg;
}

/* qevent - an event about message qid. */
static struct smtp_event *
qevent(struct pf *p, enum ev_kind kind, const char *qid)
{
	struct smtp_event	*ev;

	ev = pf_event(p, kind);
	ev->queue_id = qid;
	ev->message_key = pf_message_key(p, qid);
	return ev;
}

/* remote - whether the current daemon talks SMTP/LMTP to a server. */
static int
remote(const struct pf *p)
{
	return p->daemon == PF_D_SMTP || p->daemon == PF_D_LMTP;
}

/*
 * angle - the address in "<...>" at s, cut in place; "<>" stays "<>".
 * A bare address (some test logs) runs to ", " or the end.
 */
static const char *
angle(char *s, char **end)
{
	char	*e;

	*end = s;
	if (*s != '<') {
		if ((e = strstr(s, ", ")) == NULL)
			e = s + strlen(s);
		if (e == s)
			return NULL;
		*end = e;
		if (*e != '\0') {
			/* Keep ", " visible to the caller: cut at ','. */
			*e = '\0';
			*end = e + 1;
		}
		return s;
	}
	if ((e = strchr(s + 1, '>')) == NULL)
		return NULL;
	*end = e + 1;
	if (e == s + 1)
		return "<>";
	*e = '\0';
	return s + 1;
}

/*
 * remote_reply - "REPLY (in reply to X command)" of smtp_proto.c, where
 * the remote server's multi-line reply is joined with spaces.  Fills
 * code, enhanced, text and command of ev; the enhanced code of a
 * multi-line reply is taken from its last line when the first has none.
 */
static void
remote_reply(struct pf *p, struct smtp_event *ev, char *s)
{
	char	*in, *enh, *text, *e, pat[8];
	size_t	 n;
	int	 code;

	if ((in = strstr(s, " (in reply to ")) != NULL) {
		e = in + strlen(" (in reply to ");
		n = strlen(e);
		if (n > 0 && e[n - 1] == ')')
			n--;
		ev->command = pf_reply_command(e, n);
		*in = '\0';
	}
	if (pf_reply(s, &code, &enh, &text) < 0) {
		ev->text = pf_nul_if_empty(s);
		return;
	}
	ev->code = code;
	ev->code_src = EV_CODE_LOGGED;
	ev->enhanced = enh;
	ev->text = text;
	if (enh == NULL && text != NULL) {
		snprintf(pat, sizeof(pat), " %03d ", code);
		for (e = text; (e = strstr(e, pat)) != NULL; e += 5)
			if ((n = pf_enhanced_len(e + 5)) > 0) {
				ev->enhanced = pf_save(p, e + 5, n);
				break;
			}
	}
}

/* relay - "NAME[ADDR]:PORT", or a bare name ("none", "local"). */
static void
relay(const struct pf *p, struct smtp_event *ev, char *v)
{
	char	*name, *ip;
	int	 port;

	if (pf_client(p, v, &name, &ip, &port) != NULL) {
		ev->relay_name = name;
		ev->relay_ip = ip;
		ev->relay_port = port;
	} else
		ev->relay_name = pf_nul_if_empty(v);
}

/*
 * seconds_ms - "12", "0.52" or "1.2e-05" (log_adhoc.c writes delay= with
 * at most two decimals, or an exponent below 0.01 s) as milliseconds;
 * -1 when s is no number.
 */
static long
seconds_ms(const char *s)
{
	long	ms = 0, scale = 100;

	if (!PF_ISDIGIT(*s))
		return -1;
	for (; PF_ISDIGIT(*s); s++)
		ms = ms < 100000000 ? ms * 10 + (*s - '0') : ms;
	ms *= 1000;
	if (*s == '.')
		for (s++; PF_ISDIGIT(*s); s++, scale /= 10)
			ms += scale * (*s - '0');
	if (*s == 'e')
		ms = 0;		/* "1.2e-05": under a millisecond */
	return ms;
}

/* Where pf_delivery() looks for the end of a value. */
static const unsigned char gt_end[256] = { ['\0'] = 1, ['>'] = 1 };
static const unsigned char comma_end[256] = { ['\0'] = 1, [','] = 1 };

/* KEY_IS - the key k of length kl is the literal lit. */
#define KEY_IS(k, kl, lit) \
	((kl) == sizeof(lit) - 1 && memcmp((k), (lit), sizeof(lit) - 1) == 0)

/*
 * pf_delivery - "to=<x>, [orig_to=<y>,] relay=R, ..., dsn=D,
 * status=S (DETAIL)" (log_adhoc.c).  Unknown fields (conn_use=, tls=,
 * delays=) are skipped; DETAIL runs to the end of the line.
 */
enum parse_result
pf_delivery(struct pf *p, const char *qid, char *rest)
{
	struct smtp_event	*ev;
	char			*q = rest, *k, *v, *e, *detail = NULL, *said;
	size_t			 n, kl;
	int			 host;

	ev = qevent(p, EV_DELIVERY, qid);
	ev->dir = remote(p) ? EV_DIR_OUT : EV_DIR_NONE;
	while (*q != '\0') {
		k = q;
		q += lex_while(q, lex_key_char);
		if (*q != '=' || q == k)
			break;
		kl = (size_t)(q - k);
		*q++ = '\0';
		v = q;
		if (KEY_IS(k, kl, "status")) {
			while (*q != ' ' && *q != '\0')
				q++;
			if (q[0] == ' ' && q[1] == '(') {
				detail = q + 2;
				n = strlen(detail);
				if (n > 0 && detail[n - 1] == ')')
					detail[n - 1] = '\0';
			}
			*q = '\0';
			ev->status = pf_nul_if_empty(v);
			break;
		}
		if (*v == '<') {
			/* To a '>' that a ',' or the end follows. */
			for (e = v + 1; *(e += lex_until16(e, pf_room(p, e), gt_end, '\0',
			    '>', '>', '>')) != '\0' &&
			    e[1] != ',' && e[1] != '\0'; e++)
				;
			q = *e == '>' ? e + 1 : e;
		} else {
			/* To a ", ". */
			for (e = v; *(e += lex_until16(e, pf_room(p, e), comma_end,
			    '\0', ',', ',', ',')) != '\0' &&
			    e[1] != ' '; e++)
				;
			q = e;
		}
		if (q[0] == ',' && q[1] == ' ')
			q += 2;
		if (*v == '<' && *e == '>') {
			*e = '\0';
			v++;
		} else
			*e = '\0';
		if (KEY_IS(k, kl, "to"))
			ev->to = pf_nul_if_empty(v);
		else if (KEY_IS(k, kl, "orig_to"))
			ev->orig_to = pf_nul_if_empty(v);
		else if (KEY_IS(k, kl, "relay"))
			relay(p, ev, v);
		else if (KEY_IS(k, kl, "dsn"))
			ev->dsn = pf_nul_if_empty(v);
		else if (KEY_IS(k, kl, "delay") && (ev->delay_ms =
		    seconds_ms(v)) >= 0)
			ev->flags |= EV_F_DELAY;
		else if (KEY_IS(k, kl, "from"))
			ev->from = *v == '\0' ? "<>" : v;
	}
	if (!(ev->flags & EV_F_DELAY))
		ev->delay_ms = 0;
	if (ev->status == NULL)
		return PARSE_USED;
	if (detail == NULL)
		return PARSE_USED;
	/* local(8) forwarding to another address (forward.c). */
	if (PF_AFTER(p, detail, "forwarded as ") != NULL &&
	    strcmp(ev->status, "sent") == 0)
		ev->flags |= EV_F_FORWARDED;
	/* The server's words follow "host NAME[IP]" (smtp_proto.c). */
	host = PF_AFTER(p, detail, "host ") != NULL;
	if (host && (said = strstr(detail, " said: ")) != NULL) {
		remote_reply(p, ev, said + 7);
	} else if (host && (said = strstr(detail,
	    " refused to talk to me: ")) != NULL) {
		/* smtp_proto.c: the server's greeting was a refusal. */
		remote_reply(p, ev, said + 24);
		ev->command = "CONNECT";
	} else if (remote(p) && strcmp(ev->status, "sent") == 0 &&
	    PF_ISDIGIT(detail[0])) {
		/* The server's reply to the end of the message. */
		remote_reply(p, ev, detail);
		if (ev->code != 0)
			ev->command = "END-OF-MESSAGE";
	} else
		ev->text = pf_nul_if_empty(detail);
	return PARSE_USED;
}

/*
 * relay_event - an outbound event of message qid about the server named at
 * r ("name[ip]:port"); *q is set to what follows the name.  NULL when r
 * holds no server.
 */
static inline struct smtp_event *
relay_event(struct pf *p, enum ev_kind kind, const char *qid, char *r,
    char **q)
{
	struct smtp_event	*ev;
	char			*name, *ip;
	int			 port;

	if ((*q = pf_client(p, r, &name, &ip, &port)) == NULL)
		return NULL;
	ev = qevent(p, kind, qid);
	ev->dir = EV_DIR_OUT;
	ev->relay_name = name;
	ev->relay_ip = ip;
	ev->relay_port = port;
	return ev;
}

/*
 * server - smtp/lmtp lines about a remote server that are not delivery
 * results (smtp_proto.c, smtp_connect.c, smtp_trouble.c).
 */
static enum parse_result
server(struct pf *p, const char *qid, char *rest)
{
	struct smtp_event	*ev;
	char			*r, *q;

	if ((r = PF_AFTER(p, rest, "host ")) != NULL) {
		if ((ev = relay_event(p, EV_REPLY, qid, r, &q)) == NULL)
			return PARSE_UNRECOGNIZED;
		if ((r = PF_AFTER(p, q, " said: ")) != NULL)
			remote_reply(p, ev, r);
		else if ((r = PF_AFTER(p, q, " refused to talk to me: ")) !=
		    NULL) {
			remote_reply(p, ev, r);
			ev->command = "CONNECT";
		} else
			ev->text = pf_nul_if_empty(q[0] == ' ' ? q + 1 : q);
		return PARSE_USED;
	}
	if ((r = PF_AFTER(p, rest, "SASL authentication failed; server ")) !=
	    NULL) {
		if ((ev = relay_event(p, EV_REPLY, qid, r, &q)) == NULL)
			return PARSE_UNRECOGNIZED;
		if ((r = PF_AFTER(p, q, " said: ")) != NULL)
			remote_reply(p, ev, r);
		ev->command = "AUTH";
		return PARSE_USED;
	}
	if ((r = PF_AFTER(p, rest, "lost connection with ")) != NULL ||
	    (r = PF_AFTER(p, rest, "conversation with ")) != NULL) {
		if ((ev = relay_event(p, EV_NOTE, qid, r, &q)) == NULL)
			return PARSE_UNRECOGNIZED;
		/* "lost connection while ...", "conversation timed out ..." */
		ev->note = pf_cat(p, rest[0] == 'l' ? "lost connection" :
		    "conversation", q, "");
		return PARSE_USED;
	}
	return pf_generic(p, rest);
}

enum parse_result
pf_deliver(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*qid, *rest, *r, *q, *name, *ip;
	int			 port;

	/* Verbose logging of the SMTP/LMTP client: "> SERVER:PORT: CMD"
	 * (its own commands, credentials included) and "< SERVER:PORT:
	 * REPLY".  Not assembled into a dialogue yet; never unrecognized,
	 * so that -v never echoes a credential. */
	if ((msg[0] == '<' || msg[0] == '>') && msg[1] == ' ')
		return PARSE_USED;
	if ((qid = take_qid(p, msg, &rest)) != NULL) {
		if (PF_AFTER(p, rest, "to=") != NULL)
			return pf_delivery(p, qid, rest);
		if (strcmp(rest, "removed") == 0) {
			qevent(p, EV_MSG_REMOVED, qid);
			return PARSE_USED;
		}
		return server(p, qid, rest);
	}
	/* "connect to NAME[ADDR]:PORT: Connection refused" */
	if ((r = PF_AFTER(p, msg, "connect to ")) != NULL &&
	    (q = pf_client(p, r, &name, &ip, &port)) != NULL) {
		ev = pf_event(p, EV_NOTE);
		ev->dir = EV_DIR_OUT;
		ev->relay_name = name;
		ev->relay_ip = ip;
		ev->relay_port = port;
		ev->note = "connect to server failed";
		ev->text = q[0] == ':' && q[1] == ' ' ?
		    pf_nul_if_empty(q + 2) : NULL;
		return PARSE_USED;
	}
	return pf_generic(p, msg);
}

/*
 * milter_reject - cleanup_milter.c's cleanup_milter_apply(): "QID:
 * milter-reject: EVENT from NAME[ADDR]: 5.7.1 TEXT;WHATSUP".  The log
 * shows the reply after its first four bytes (text = resp + 4): the code
 * is the milter's and not logged.  Only the two default replies of
 * milter8.c (SMFIR_REJECT, SMFIR_TEMPFAIL) identify it.
 */
static enum parse_result
milter(struct pf *p, const char *qid, const char *act, char *rest)
{
	struct smtp_event	*ev;
	struct pf_verb		 v;
	char			*q;
	size_t			 n;

	if ((q = pf_verb_from(p, rest, &v)) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = qevent(p, strcmp(act, "milter-reject") == 0 ? EV_REJECT : EV_NOTE,
	    qid);
	ev->dir = EV_DIR_IN;
	ev->client_name = v.name;
	ev->client_ip = v.ip;
	ev->client_port = v.port;
	ev->command = pf_command(p, rest, v.cmdlen);
	pf_set_envelope(ev, &v.env);
	if (ev->kind == EV_NOTE) {
		ev->note = act;
		ev->flags |= pf_action_flags(act);
		ev->text = pf_nul_if_empty(q);
		return PARSE_USED;
	}
	if ((n = pf_enhanced_len(q)) > 0) {
		ev->enhanced = q;
		if (q[n] != '\0') {
			q[n] = '\0';
			ev->text = pf_nul_if_empty(q + n + 1);
		}
	} else
		ev->text = pf_nul_if_empty(q);
	if (ev->text != NULL && ev->enhanced != NULL &&
	    strcmp(ev->enhanced, "5.7.1") == 0 &&
	    strcmp(ev->text, "Command rejected") == 0)
		ev->code = 550;
	else if (ev->text != NULL && ev->enhanced != NULL &&
	    strcmp(ev->enhanced, "4.7.1") == 0 &&
	    strcmp(ev->text, "Service unavailable - try again later") == 0)
		ev->code = 451;
	if (ev->code != 0) {
		ev->code_src = EV_CODE_INFERRED;
		ev->why = "cleanup logs a milter reply without its code; this "
		    "text is the default reply of milter8.c for a milter's "
		    "reject or tempfail, which carries this code";
	}
	return PARSE_USED;
}

/*
 * checks - header/body_checks actions (cleanup_message.c's
 * cleanup_act_log()): "QID: ACTION: header|body CONTENT from ORIGIN;
 * from=<x> to=<y> proto=P helo=<h>[: TEXT]".  A REJECT of mail that
 * smtpd received is answered "550 TEXT" (smtpd.c, CLEANUP_STAT_CONT of
 * cleanup_strerror.c); cleanup logs TEXT only.  Other actions that
 * change the message's fate are notes; the rest is just understood.
 */
static enum parse_result
checks(struct pf *p, const char *qid, const char *act, char *rest)
{
	struct smtp_event	*ev;
	struct pf_env		 env;
	char			*f, *last = NULL, *name = NULL, *ip = NULL;
	char			*enh, *text;
	size_t			 n;
	int			 port = 0, code, rej;

	rej = strcmp(act, "reject") == 0;
	if (!rej && strcmp(act, "discard") != 0 && strcmp(act, "hold") != 0 &&
	    strcmp(act, "redirect") != 0 && strcmp(act, "filter") != 0 &&
	    strcmp(act, "warning") != 0)
		return PARSE_USED;
	pf_envelope(rest, &env, 1);
	for (f = rest; (f = strstr(f, " from ")) != NULL; f++)
		last = f;
	if (last != NULL) {
		*last = '\0';
		pf_client(p, last + 6, &name, &ip, &port);
	}
	ev = qevent(p, rej ? EV_REJECT : EV_NOTE, qid);
	ev->dir = EV_DIR_IN;
	ev->client_name = name;
	ev->client_ip = ip;
	ev->client_port = port;
	pf_set_envelope(ev, &env);
	ev->note = rest;		/* "header Subject: ..." */
	if (!rej) {
		ev->note = act;
		ev->flags |= pf_action_flags(act);
		ev->text = rest;
		return PARSE_USED;
	}
	if (ip != NULL)
		ev->command = "END-OF-MESSAGE";
	if (env.trailer == NULL)
		return PARSE_USED;
	enh = NULL;
	text = env.trailer;
	if ((n = pf_enhanced_len(env.trailer)) > 0) {
		enh = env.trailer;
		text = enh[n] != '\0' ? enh + n + 1 : NULL;
		enh[n] = '\0';
	}
	ev->enhanced = enh;
	ev->text = pf_nul_if_empty(text);
	code = 0;
	if (ip != NULL && enh != NULL && enh[0] == '5')
		code = 550;
	if (code != 0) {
		ev->code = code;
		ev->code_src = EV_CODE_INFERRED;
		ev->why = "cleanup logs a header/body_checks REJECT without "
		    "the reply code; smtpd.c answers it with 550 (cleanup "
		    "status CLEANUP_STAT_CONT) and the logged text";
	}
	return PARSE_USED;
}

static const char *const check_actions[] = {
	"reject", "warning", "info", "discard", "hold", "redirect", "filter",
	"replace", "prepend", "strip", "bcc", "ignore", "dunno",
};

enum parse_result
pf_cleanup(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*qid, *rest, *r, *end;
	size_t			 i, n;

	if ((qid = take_qid(p, msg, &rest)) == NULL)
		return pf_generic(p, msg);
	if ((r = PF_AFTER(p, rest, "message-id=")) != NULL) {
		ev = qevent(p, EV_MSG_INFO, qid);
		if (*r == '<' && (end = strrchr(r, '>')) != NULL) {
			*end = '\0';
			r++;
		}
		ev->message_id = pf_nul_if_empty(r);
		return PARSE_USED;
	}
	if ((r = PF_AFTER(p, rest, "milter-reject: ")) != NULL)
		return milter(p, qid, "milter-reject", r);
	if ((r = PF_AFTER(p, rest, "milter-hold: ")) != NULL)
		return milter(p, qid, "milter-hold", r);
	if ((r = PF_AFTER(p, rest, "milter-discard: ")) != NULL)
		return milter(p, qid, "milter-discard", r);
	/* milter_header_checks: "milter-header-reject: header ...". */
	if ((r = PF_AFTER(p, rest, "milter-header-")) != NULL ||
	    (r = PF_AFTER(p, rest, "milter-body-")) != NULL)
		rest = r;
	for (i = 0; i < sizeof(check_actions) / sizeof(check_actions[0]);
	    i++) {
		n = strlen(check_actions[i]);
		if (strncmp(rest, check_actions[i], n) == 0 &&
		    rest[n] == ':' && rest[n + 1] == ' ' &&
		    (PF_AFTER(p, rest + n + 2, "header ") != NULL ||
		    PF_AFTER(p, rest + n + 2, "body ") != NULL))
			return checks(p, qid, check_actions[i], rest + n + 2);
	}
	if (PF_AFTER(p, rest, "resent-message-id=") != NULL)
		return PARSE_USED;
	return pf_generic(p, rest);
}

/* size_nrcpt - ", size=N, nrcpt=N (queue active)" (qmgr_active.c). */
static void
size_nrcpt(const struct pf *p, struct smtp_event *ev, const char *s)
{
	unsigned long long	 n = 0;
	unsigned		 r = 0;

	if ((s = PF_AFTER(p, s, ", size=")) == NULL || !PF_ISDIGIT(*s))
		return;
	for (; PF_ISDIGIT(*s); s++)
		n = n < 100000000000000ULL ? n * 10 + (unsigned)(*s - '0') : n;
	ev->size = n;
	if ((s = PF_AFTER(p, s, ", nrcpt=")) == NULL)
		return;
	for (; PF_ISDIGIT(*s); s++)
		r = r < 100000000 ? r * 10 + (unsigned)(*s - '0') : r;
	ev->nrcpt = r;
}

/*
 * pf_qmgr - "QID: from=<x>, size=N, nrcpt=N (queue active)", "QID:
 * removed", "QID: from=<x>, status=expired, returned to sender", and
 * deliveries qmgr itself defers ("QID: to=<x>, relay=none, ...").
 */
enum parse_result
pf_qmgr(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*qid, *rest, *r, *end;
	const char		*from;

	if ((qid = take_qid(p, msg, &rest)) == NULL)
		return pf_generic(p, msg);
	if ((r = PF_AFTER(p, rest, "from=")) != NULL) {
		if ((from = angle(r, &end)) == NULL)
			return PARSE_UNRECOGNIZED;
		if ((r = strstr(end, "status=expired")) != NULL) {
			ev = qevent(p, EV_DELIVERY, qid);
			ev->status = "expired";
			r += strlen("status=expired");
			while (*r == ',' || *r == ' ')
				r++;
			ev->text = pf_nul_if_empty(r);
		} else {
			ev = qevent(p, EV_MSG_INFO, qid);
			size_nrcpt(p, ev, end);
		}
		ev->from = from;
		return PARSE_USED;
	}
	if (strcmp(rest, "removed") == 0) {
		qevent(p, EV_MSG_REMOVED, qid);
		return PARSE_USED;
	}
	if (PF_AFTER(p, rest, "to=") != NULL)
		return pf_delivery(p, qid, rest);
	if (PF_AFTER(p, rest, "skipped, still being delivered") != NULL)
		return PARSE_USED;
	return pf_generic(p, rest);
}

/*
 * pf_bounce - "QID: sender non-delivery notification: NEWQID" and the
 * other notices of bounce_notify_*.c and bounce_warn_service.c.
 */
enum parse_result
pf_bounce(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*qid, *rest, *c, *id;
	size_t			 n;

	if ((qid = take_qid(p, msg, &rest)) == NULL)
		return pf_generic(p, msg);
	if ((PF_AFTER(p, rest, "sender ") == NULL &&
	    PF_AFTER(p, rest, "postmaster ") == NULL) ||
	    (c = strstr(rest, " notification: ")) == NULL)
		return pf_generic(p, rest);
	id = c + strlen(" notification: ");
	for (n = 0; (id[n] >= '0' && id[n] <= '9') ||
	    (id[n] >= 'A' && id[n] <= 'Z') || (id[n] >= 'a' && id[n] <= 'z');
	    n++)
		;
	if (n == 0 || id[n] != '\0')
		return PARSE_UNRECOGNIZED;
	c[strlen(" notification")] = '\0';
	ev = qevent(p, EV_BOUNCE, qid);
	ev->note = rest;
	ev->related_id = id;
	ev->related_key = pf_message_key(p, id);
	return PARSE_USED;
}

/* pf_pickup - "QID: uid=N from=<x>": a local submission was queued. */
enum parse_result
pf_pickup(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*qid, *rest, *r, *end;

	if ((qid = take_qid(p, msg, &rest)) == NULL ||
	    PF_AFTER(p, rest, "uid=") == NULL)
		return pf_generic(p, msg);
	ev = qevent(p, EV_MSG_QUEUED, qid);
	if ((r = strstr(rest, " from=")) != NULL)
		ev->from = angle(r + 6, &end);
	return PARSE_USED;
}

/* pf_postsuper - "QID: removed" (postsuper -d); the rest is understood. */
enum parse_result
pf_postsuper(struct pf *p, char *msg)
{
	char	*qid, *rest;

	if ((qid = take_qid(p, msg, &rest)) != NULL &&
	    strcmp(rest, "removed") == 0)
		qevent(p, EV_MSG_REMOVED, qid);
	return PARSE_USED;
}
