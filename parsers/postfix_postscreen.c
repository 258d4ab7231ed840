/*
 * postfix_postscreen.c - postscreen's messages (postscreen.c,
 * postscreen_early.c, postscreen_smtpd.c, postscreen_dnsbl.c).  One
 * postscreen process serves many clients at once, so its session key adds
 * the client address: "HOST/postfix/postscreen[PID]/[ADDR]:PORT".
 */
#include <stdio.h>
#include <string.h>

#include "postfix_int.h"
#include "lib/word.h"

/* ps_event - an inbound event of the client at name/ip/port; ip as
 * pf_client() left it. */
static struct smtp_event *
ps_event(struct pf *p, enum ev_kind kind, char *ip, int port)
{
	struct smtp_event	*ev;
	char			 tail[16], *t = tail + sizeof(tail), *d;
	unsigned		 u = port < 0 ? 0u - (unsigned)port :
				    (unsigned)port;
	size_t			 il, tl;

	ev = pf_event(p, kind);
	ev->dir = EV_DIR_IN;
	/* "SKEY/[IP]:PORT" by hand: snprintf cost 3.6 % of a scan here.
	 * pf_client() cut ip out of "[IP]:PORT": a port it read is the
	 * digits there, which are copied unless a leading 0 makes them
	 * differ from the number. */
	il = strlen(ip);
	if (port > 0 && ip[il + 1] == ':' && ip[il + 2] != '0') {
		/* "IP]:PORT" is the line's text, but for the NUL on ']'. */
		for (tl = 0; PF_ISDIGIT(ip[il + 2 + tl]); tl++)
			;
		if ((d = pf_key_reserve(p, 2 + il + 2 + tl)) != NULL) {
			d[p->skeylen] = '/';
			d[p->skeylen + 1] = '[';
			word_copy(d + p->skeylen + 2, ip, il + 2 + tl);
			d[p->skeylen + 2 + il] = ']';
			ev->session_key = d;
		}
	} else {
		do
			*--t = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (port < 0)
			*--t = '-';
		*--t = ':';
		*--t = ']';
		tl = (size_t)(tail + sizeof(tail) - t);
		if ((d = pf_key_reserve(p, 2 + il + tl)) != NULL) {
			memcpy(d + p->skeylen, "/[", 2);
			word_copy(d + p->skeylen + 2, ip, il);
			memcpy(d + p->skeylen + 2 + il, t, tl);
			ev->session_key = d;
		}
	}
	ev->client_ip = ip;
	ev->client_port = port;
	return ev;
}

/* client_only - "[ADDR]:PORT" and nothing after it, as an event. */
static enum parse_result
client_only(struct pf *p, char *s, enum ev_kind kind, const char *note)
{
	struct smtp_event	*ev;
	char			*name, *ip, *q;
	int			 port;

	if ((q = pf_client(p, s, &name, &ip, &port)) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = ps_event(p, kind, ip, port);
	ev->note = note;
	ev->text = pf_nul_if_empty(q[0] == ' ' ? q + 1 : q);
	return PARSE_USED;
}

/*
 * from_after - "WHAT from [ADDR]:PORT after CMD[: TEXT]": the protocol
 * tests of postscreen_smtpd.c ("COMMAND PIPELINING", "NON-SMTP COMMAND",
 * "BARE NEWLINE", "COMMAND TIME/COUNT/LENGTH LIMIT").
 */
static enum parse_result
from_after(struct pf *p, char *msg, char *from)
{
	struct smtp_event	*ev;
	char			*name, *ip, *q, *c, *e;
	int			 port;

	if ((q = pf_client(p, from, &name, &ip, &port)) == NULL ||
	    (c = PF_AFTER(p, q, " after ")) == NULL)
		return PARSE_UNRECOGNIZED;
	from[-6] = '\0';	/* the " from " before the client */
	ev = ps_event(p, EV_NOTE, ip, port);
	if ((e = strstr(c, ": ")) != NULL) {
		*e = '\0';
		ev->text = pf_nul_if_empty(e + 2);
	}
	ev->command = pf_command(p, c, strlen(c));
	ev->note = pf_cat(p, msg, " after ", c);
	return PARSE_USED;
}

/*
 * reject - "NOQUEUE: reject: CMD from [ADDR]:PORT: REPLY; from=<x>,
 * to=<y>, proto=P, helo=<h>" (note the commas).  The CONNECT rejects of
 * postscreen.c log a reason instead of the reply, which is fixed.
 */
static enum parse_result
reject(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_verb		 v;
	char			*q;

	if ((q = pf_verb_from(p, rest, &v)) == NULL)
		return PARSE_UNRECOGNIZED;
	ev = ps_event(p, EV_REJECT, v.ip, v.port);
	ev->command = pf_command(p, rest, v.cmdlen);
	pf_set_envelope(ev, &v.env);
	if (pf_set_reply(ev, q) == 0)
		return PARSE_USED;
	if (strcmp(q, "too many connections") == 0) {
		ev->code = 421;
		ev->enhanced = "4.7.0";
		ev->text = "Error: too many connections";
	} else if (strcmp(q, "all server ports busy") == 0) {
		ev->code = 421;
		ev->enhanced = "4.3.2";
		ev->text = "All server ports are busy";
	} else
		return PARSE_USED;
	ev->code_src = EV_CODE_INFERRED;
	ev->why = "postscreen.c logs the reason of this CONNECT reject and "
	    "drops the client with a fixed 421 reply that it does not log";
	return PARSE_USED;
}

enum parse_result
pf_postscreen(struct pf *p, char *msg)
{
	struct smtp_event	*ev;
	char			*r, *f, *name, *ip, *q;
	int			 port;

	if ((r = PF_AFTER(p, msg, "CONNECT from ")) != NULL) {
		if (pf_client(p, r, &name, &ip, &port) == NULL)
			return PARSE_UNRECOGNIZED;
		ps_event(p, EV_CONNECT, ip, port);
		return PARSE_USED;
	}
	if ((r = PF_AFTER(p, msg, "DISCONNECT ")) != NULL)
		return client_only(p, r, EV_DISCONNECT, NULL);
	/*
	 * A client that passes is handed to a real smtpd, which logs its own
	 * connect; postscreen logs no DISCONNECT for it, so its session with
	 * postscreen ends here.
	 */
	if ((r = PF_AFTER(p, msg, "PASS NEW ")) != NULL)
		return client_only(p, r, EV_DISCONNECT, "PASS NEW");
	if ((r = PF_AFTER(p, msg, "PASS OLD ")) != NULL)
		return client_only(p, r, EV_DISCONNECT, "PASS OLD");
	if ((r = PF_AFTER(p, msg, "NOQUEUE: reject: ")) != NULL)
		return reject(p, r);

	/* "PREGREET 11 after 0.1 from [ADDR]:PORT: EHLO x". */
	if ((r = PF_AFTER(p, msg, "PREGREET ")) != NULL ||
	    (r = PF_AFTER(p, msg, "HANGUP ")) != NULL) {
		if ((f = strstr(r, " from ")) == NULL ||
		    (q = pf_client(p, f + 6, &name, &ip, &port)) == NULL)
			return PARSE_UNRECOGNIZED;
		*f = '\0';
		ev = ps_event(p, EV_NOTE, ip, port);
		if (q[0] == ':' && q[1] == ' ') {
			ev->note = msg;
			ev->text = pf_nul_if_empty(q + 2);
		} else		/* HANGUP ... in tests after SMTP handshake */
			ev->note = pf_cat(p, msg, "", q);
		return PARSE_USED;
	}
	if ((r = PF_AFTER(p, msg, "DNSBL rank ")) != NULL) {
		if ((f = strstr(r, " for ")) == NULL ||
		    pf_client(p, f + 5, &name, &ip, &port) == NULL)
			return PARSE_UNRECOGNIZED;
		*f = '\0';
		ev = ps_event(p, EV_NOTE, ip, port);
		ev->note = msg;
		return PARSE_USED;
	}
	if (PF_AFTER(p, msg, "COMMAND ") != NULL ||
	    PF_AFTER(p, msg, "NON-SMTP COMMAND ") != NULL ||
	    PF_AFTER(p, msg, "BARE NEWLINE ") != NULL) {
		if ((f = strstr(msg, " from ")) == NULL)
			return PARSE_UNRECOGNIZED;
		return from_after(p, msg, f + 6);
	}
	if ((r = PF_AFTER(p, msg, "WHITELISTED ")) != NULL ||
	    (r = PF_AFTER(p, msg, "ALLOWLISTED ")) != NULL) {
		/* Allowlisted clients are handed to smtpd at once. */
		r[-1] = '\0';
		return client_only(p, r, EV_DISCONNECT, msg);
	}
	if ((r = PF_AFTER(p, msg, "BLACKLISTED ")) != NULL ||
	    (r = PF_AFTER(p, msg, "DENYLISTED ")) != NULL ||
	    (r = PF_AFTER(p, msg, "WHITELIST VETO ")) != NULL ||
	    (r = PF_AFTER(p, msg, "ALLOWLIST VETO ")) != NULL) {
		r[-1] = '\0';
		return client_only(p, r, EV_NOTE, msg);
	}
	return pf_generic(p, msg);
}
