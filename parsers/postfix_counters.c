/*
 * postfix_counters.c - smtpd's "disconnect from" line: the per-command
 * counters Postfix 3.x logs there, and the replies that failed counters
 * imply where smtpd.c fixes them (given what the session logged before,
 * which postfix_sess.c keeps).  The other smtpd messages are read in
 * postfix_smtpd.c.
 */
#include <string.h>

#include "lex.h"
#include "postfix_int.h"
#include "lib/word.h"

/*
 * Reasons for the reply implied by a failed command counter.  smtpd.c
 * counts every command in smtpd_cmd_table[] and logs the totals at
 * disconnect; a failure that no other line logged is known only by its
 * count.  Its reply is fixed for these cases only.
 */
static const char why_unknown[] =
    "Postfix counts unrecognized commands as unknown= and logs no line "
    "for them; smtpd.c's smtpd_proto() answers each with \"502 5.5.2 "
    "Error: command not recognized\" (the newest releases: 500 5.5.2), "
    "unless a milter overrides that reply";
static const char why_unknown_nonsmtp[] =
    "the failed unknown command was the non-SMTP command logged before; "
    "smtpd.c answers that with 221 2.7.0 and hangs up";
static const char why_rcpt_nomail[] =
    "no MAIL command succeeded, and smtpd.c's rcpt_cmd() answers RCPT "
    "outside a mail transaction with \"503 5.5.1 Error: need MAIL "
    "command\" before any other check";
static const char why_data_nomail[] =
    "no MAIL command succeeded, and smtpd.c's data_cmd() answers DATA "
    "without a mail transaction with \"503 5.5.1 Error: need RCPT "
    "command\"";
static const char why_tls_unsure[] =
    "smtpd.c answers this with 503 5.5.1 (no mail transaction) unless "
    "STARTTLS was required (530 5.7.0, checked first); the log does not "
    "say which";
static const char why_data_norcpt[] =
    "MAIL succeeded but no RCPT did, and smtpd.c's data_cmd() answers "
    "DATA in a transaction without recipients with \"554 5.5.1 Error: "
    "no valid recipients\" (assuming no RSET ended the transaction "
    "first)";
static const char why_denied[] =
    "smtpd rejected this client at CONNECT (logged) and smtpd.c's "
    "smtpd_proto() then answers every command but QUIT with \"503 5.7.0 "
    "Error: access denied for NAME[ADDR]\"";
static const char why_commands[] =
    "commands= is the sum of the other counters";
static const char why_varies[] =
    "the reply to this failure depends on its cause and on the "
    "configuration (restrictions, syntax, milters), and no line logged it";

/* counter_val - digits at *s (at most 9), advancing *s; -1 if none. */
static int
counter_val(const char **s)
{
	const char	*q = *s;
	int		 v = 0, n = 0;

	while (PF_ISDIGIT(*q)) {
		if (n++ < 9)
			v = v * 10 + (*q - '0');
		q++;
	}
	*s = q;
	return n == 0 ? -1 : v;
}

/* The counter names implied() looks at; the others are CN_OTHER. */
enum cname {
	CN_OTHER, CN_MAIL, CN_RCPT, CN_RSET, CN_STARTTLS, CN_COMMANDS,
	CN_QUIT, CN_UNKNOWN, CN_DATA, CN__COUNT
};

/* cname - which counter the name nm[0..n) is: by length, then bytes. */
static enum cname
cname(const char *nm, size_t n)
{
	switch (n) {
	case 4:
		if (memcmp(nm, "mail", 4) == 0)
			return CN_MAIL;
		if (memcmp(nm, "rcpt", 4) == 0)
			return CN_RCPT;
		if (memcmp(nm, "rset", 4) == 0)
			return CN_RSET;
		if (memcmp(nm, "quit", 4) == 0)
			return CN_QUIT;
		if (memcmp(nm, "data", 4) == 0)
			return CN_DATA;
		break;
	case 7:
		if (memcmp(nm, "unknown", 7) == 0)
			return CN_UNKNOWN;
		break;
	case 8:
		if (memcmp(nm, "starttls", 8) == 0)
			return CN_STARTTLS;
		if (memcmp(nm, "commands", 8) == 0)
			return CN_COMMANDS;
		break;
	}
	return CN_OTHER;
}

static void
imply(struct ev_counter *c, int code, const char *enh, const char *text,
    const char *why)
{
	c->implied_code = code;
	c->implied_enhanced = enh;
	c->implied_text = text;
	c->why = why;
}

/*
 * implied - the reply of each failed counter where smtpd.c fixes it (see
 * the why_* texts), given what this session logged before (s, or NULL).
 * kind[i] is the name of counter i; first[c] the first counter named c,
 * or -1.
 */
static void
implied(struct ev_counter *cs, int nc, const struct pf_sess *s,
    const unsigned char *kind, const int *first)
{
	struct ev_counter	*k;
	int			 mail_ok, rcpt_ok, rset, tls_ok, no_530, i;

	mail_ok = first[CN_MAIL] >= 0 ? cs[first[CN_MAIL]].ok : 0;
	rcpt_ok = first[CN_RCPT] >= 0 ? cs[first[CN_RCPT]].ok : 0;
	rset = first[CN_RSET] >= 0 ? cs[first[CN_RSET]].total : 0;
	tls_ok = first[CN_STARTTLS] >= 0 ? cs[first[CN_STARTTLS]].ok : 0;
	/* A logged MAIL reject means MAIL got past the STARTTLS check. */
	no_530 = tls_ok > 0 || (s != NULL && s->mail_rejects > 0);

	for (i = 0; i < nc; i++) {
		k = &cs[i];
		if (k->ok >= k->total)
			continue;
		if (kind[i] == CN_COMMANDS)
			imply(k, 0, NULL, NULL, why_commands);
		else if (s != NULL && s->denied && kind[i] != CN_QUIT)
			imply(k, 503, "5.7.0", "Error: access denied",
			    why_denied);
		else if (kind[i] == CN_UNKNOWN) {
			if (s != NULL && s->nonsmtp >= k->total - k->ok)
				imply(k, 0, NULL, NULL, why_unknown_nonsmtp);
			else
				imply(k, 502, "5.5.2",
				    "Error: command not recognized",
				    why_unknown);
		} else if (kind[i] == CN_RCPT && mail_ok == 0)
			imply(k, no_530 ? 503 : 0, no_530 ? "5.5.1" : NULL,
			    no_530 ? "Error: need MAIL command" : NULL,
			    no_530 ? why_rcpt_nomail : why_tls_unsure);
		else if (kind[i] == CN_DATA && rcpt_ok == 0 && mail_ok == 0)
			imply(k, no_530 ? 503 : 0, no_530 ? "5.5.1" : NULL,
			    no_530 ? "Error: need RCPT command" : NULL,
			    no_530 ? why_data_nomail : why_tls_unsure);
		else if (kind[i] == CN_DATA && rcpt_ok == 0 && rset == 0)
			imply(k, 554, "5.5.1", "Error: no valid recipients",
			    why_data_norcpt);
		else
			imply(k, 0, NULL, NULL, why_varies);
	}
}

/*
 * pf_disconnect - "disconnect from CLIENT[ name=ok[/total] ...]" (Postfix
 * 3.0 and later log the counters).  "commands=" is kept as a counter
 * named "commands" (the sum, implied_code 0); tokens that are no
 * counter ("notes=bare_lf") are skipped; more than EV_MAX_COUNTERS are
 * dropped.  The event borrows the counters from p->counters (one
 * disconnect a line).
 */
enum parse_result
pf_disconnect(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	struct ev_counter	*k, *cs = p->counters;
	char			*name, *ip, *q;
	const char		*t, *nm;
	size_t			 nlen;
	int			 port, ok, total, first[CN__COUNT], i, nc = 0;
	unsigned char		 kind[EV_MAX_COUNTERS];

	if ((q = pf_client(p, rest, &name, &ip, &port)) == NULL)
		return PARSE_UNRECOGNIZED;
	for (i = 0; i < CN__COUNT; i++)
		first[i] = -1;
	s = pf_sess_find(p, pf_session_key(p));
	if (s != NULL)
		pf_sess_emit(p, s);
	ev = pf_session_event(p, EV_DISCONNECT, NULL);
	pf_set_client(ev, name, ip, port);
	for (t = q; *t == ' '; ) {
		nm = ++t;
		t += lex_while(t, lex_key_char);
		nlen = t - nm;
		if (*t != '=') {
			while (*t != ' ' && *t != '\0')
				t++;
			continue;
		}
		t++;
		if ((ok = counter_val(&t)) < 0) {
			while (*t != ' ' && *t != '\0')
				t++;
			continue;
		}
		total = ok;
		if (*t == '/') {
			t++;
			if ((total = counter_val(&t)) < 0)
				total = ok;
		}
		if (nlen == 0 || nlen >= sizeof(k->name) ||
		    nc >= EV_MAX_COUNTERS)
			continue;
		kind[nc] = cname(nm, nlen);
		if (first[kind[nc]] < 0)
			first[kind[nc]] = nc;
		k = &cs[nc++];
		word_copy(k->name, nm, nlen);
		k->name[nlen] = '\0';
		k->ok = ok;
		k->total = total < ok ? ok : total;
		imply(k, 0, NULL, NULL, NULL);
	}
	implied(cs, nc, s, kind, first);
	ev->counters = nc > 0 ? cs : NULL;
	ev->ncounters = nc;
	if (s != NULL)
		pf_sess_end(p, s);
	return PARSE_USED;
}
