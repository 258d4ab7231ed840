/*
 * smtpstate.c - replay one session's dialogue against RFC 5321 (and RFC
 * 3207 STARTTLS, RFC 4954 AUTH, RFC 2920 PIPELINING) and explain failing
 * replies from what it established.  Parsing is the parsers' job; this
 * file states only what the events show, never what a server might think.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpstate.h"
#include "lib/xmalloc.h"

#define EXPL_MAX	1024
#define EXT_MAX		400	/* advertised keywords kept, ", "-joined */
#define CODES_MAX	48	/* refused RCPT codes kept, ", "-joined */
#define SHOW_MAX	60	/* command shown in explanations */
#define LINE_LIMIT	512	/* RFC 5321 4.5.3.1.4, with CRLF */

enum helo_state { NO_HELO, HELO_OK, EHLO_OK };

struct smst {
	int		 connected;	/* the session's start was seen */
	int		 early;		/* a command came before any reply */
	int		 replies;
	int		 greeting;	/* code of the greeting, 0 unseen */
	enum helo_state	 helo;
	int		 helo_failed;	/* the last EHLO/HELO was refused */
	int		 helo_seen;	/* a reply to EHLO/HELO/LHLO was seen */
	char		 ext[EXT_MAX];	/* what the last EHLO advertised */
	char		 auth_mechs[128];
	int		 adv_starttls, adv_auth, adv_pipelining;
	int		 tls;		/* 220 to STARTTLS */
	int		 tls_adv_before;	/* STARTTLS advertised before */
	int		 authed;	/* 235 to AUTH */
	int		 auth_tried;
	int		 mail;		/* MAIL accepted, transaction open */
	unsigned long	 mail_line;
	int		 mail_refused;	/* code of the last refused MAIL */
	int		 rcpt_ok, rcpt_bad;
	char		 rcpt_codes[CODES_MAX];
	int		 unseen_code;	/* previous reply answered a command
					 * the dialogue does not show */
	int		 xclient;	/* 220 to XCLIENT restarted it */
	char		 hist[96];	/* codes of the replies so far */
	int		 commands;	/* EV_COMMAND seen */
	int		 outstanding;	/* commands sent, not yet answered */
	int		 pipelined;	/* a command sent while others waited
					 * and PIPELINING not advertised */

	char		 expl[EXPL_MAX];
	size_t		 elen;
};

size_t
smst_size(void)
{
	return sizeof(struct smst);
}

struct smst *
smst_new(int connected)
{
	struct smst	*st = xcalloc(1, sizeof(struct smst));

	st->connected = connected;
	return st;
}

void
smst_free(struct smst *st)
{
	free(st);
}

/* say - append to the explanation (cut at EXPL_MAX). */
static void
say(struct smst *st, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (st->elen >= sizeof(st->expl) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(st->expl + st->elen, sizeof(st->expl) - st->elen, fmt,
	    ap);
	va_end(ap);
	if (n > 0)
		st->elen += (size_t)n;
	if (st->elen >= sizeof(st->expl))
		st->elen = sizeof(st->expl) - 1;
}

/* append - add s to a ", "-joined list held in buf[size]. */
static void
append(char *buf, size_t size, const char *s, size_t n)
{
	size_t	len = strlen(buf);

	if (len + 2 + n + 1 > size)
		return;
	if (len > 0) {
		memcpy(buf + len, ", ", 2);
		len += 2;
	}
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
}

static int
cmd_is(const struct smtp_event *ev, const char *name)
{
	return ev->command != NULL && strcmp(ev->command, name) == 0;
}

/* show - "CMD arg" as sent, cut to SHOW_MAX, into buf. */
static const char *
show(const struct smtp_event *ev, char *buf, size_t size)
{
	int	n;

	if (ev->command == NULL)
		return ev->note != NULL ? ev->note :
		    "a command the dialogue does not show";
	n = snprintf(buf, size, "%s%s%.*s", ev->command, ev->arg ? " " : "",
	    SHOW_MAX, ev->arg ? ev->arg : "");
	if (ev->arg != NULL && strlen(ev->arg) > SHOW_MAX && n > 0)
		snprintf(buf + strlen(buf), size - strlen(buf), "...");
	return buf;
}

/* ehlo_reply - note what a 250 to EHLO advertises (RFC 5321 4.1.1.1). */
static void
ehlo_reply(struct smst *st, const char *text)
{
	const char	*l, *e;
	size_t		 n;

	st->ext[0] = '\0';
	st->auth_mechs[0] = '\0';
	st->adv_starttls = st->adv_auth = st->adv_pipelining = 0;
	if (text == NULL || (l = strchr(text, '\n')) == NULL)
		return;		/* the first line is the greeting name */
	for (l++; *l != '\0'; l = *e ? e + 1 : e) {
		e = strchr(l, '\n');
		if (e == NULL)
			e = l + strlen(l);
		n = e - l;
		if (n == 0)
			continue;
		append(st->ext, sizeof(st->ext), l, n);
		if (n == 8 && strncasecmp(l, "STARTTLS", 8) == 0)
			st->adv_starttls = 1;
		else if (n == 10 && strncasecmp(l, "PIPELINING", 10) == 0)
			st->adv_pipelining = 1;
		else if (n >= 4 && strncasecmp(l, "AUTH", 4) == 0 &&
		    (n == 4 || l[4] == ' ' || l[4] == '=')) {
			st->adv_auth = 1;
			if (l[4] == ' ' && st->auth_mechs[0] == '\0')
				snprintf(st->auth_mechs,
				    sizeof(st->auth_mechs), "%.*s",
				    (int)(n - 5), l + 5);
		}
	}
}

/*
 * excerpt - the dialogue shown starts after the session's start: no
 * connect, no greeting, no EHLO/HELO answered, so what was advertised
 * before is unknown.
 */
static int
excerpt(const struct smst *st)
{
	return !st->connected && st->greeting == 0 && !st->helo_seen &&
	    !st->tls && !st->xclient;
}

/* no_helo - there is no accepted EHLO/HELO: what the dialogue shows. */
static void
no_helo(struct smst *st)
{
	if (excerpt(st))
		say(st, "the dialogue shown (an excerpt without the "
		    "greeting) has no EHLO/HELO");
	else
		say(st, "no EHLO/HELO was accepted");
}

/* in_transaction - a command of the mail transaction (RFC 5321 3.3). */
static int
in_transaction(const struct smtp_event *ev)
{
	return cmd_is(ev, "MAIL") || cmd_is(ev, "RCPT") ||
	    cmd_is(ev, "DATA") || cmd_is(ev, "BDAT") ||
	    cmd_is(ev, "END-OF-MESSAGE");
}

static void transaction(struct smst *);

/*
 * state - "CODE to CMD" and what the dialogue shows for it: the
 * transaction so far for transaction commands, only a missing EHLO/HELO
 * for the others (AUTH, EHLO, STARTTLS...).
 */
static void
state(struct smst *st, const struct smtp_event *ev, const char *cmd)
{
	if (!in_transaction(ev)) {
		say(st, "%d to %s", ev->code, cmd);
		if (st->helo == NO_HELO && !cmd_is(ev, "EHLO") &&
		    !cmd_is(ev, "HELO") && !cmd_is(ev, "LHLO")) {
			say(st, ": ");
			no_helo(st);
		}
		return;
	}
	say(st, "%d to %s: ", ev->code, cmd);
	if (st->helo == NO_HELO) {
		no_helo(st);
		say(st, "; ");
	}
	transaction(st);
}

static void
advertised(struct smst *st)
{
	if (st->helo == EHLO_OK)
		say(st, "EHLO advertised: %s",
		    st->ext[0] ? st->ext : "no extensions");
	else if (st->helo == HELO_OK)
		say(st, "the client used HELO, so no extensions were "
		    "advertised");
	else if (st->tls)
		say(st, "no EHLO was accepted since the server accepted "
		    "STARTTLS (220), so nothing is advertised");
	else if (excerpt(st))
		say(st, "the dialogue shown (an excerpt without the "
		    "greeting) has no EHLO");
	else
		say(st, "no EHLO was accepted, so nothing was advertised");
}

/* transaction - what MAIL and RCPT achieved so far. */
static void
transaction(struct smst *st)
{
	if (!st->mail) {
		if (st->mail_refused)
			say(st, "MAIL FROM was refused (%d)", st->mail_refused);
		else if (!st->connected && st->greeting == 0 &&
		    st->helo == NO_HELO)
			say(st, "the dialogue shown (an excerpt without the "
			    "greeting) has no accepted MAIL FROM");
		else
			say(st, "no MAIL FROM was accepted");
		return;
	}
	say(st, "MAIL FROM was accepted");
	if (st->rcpt_ok > 0)
		say(st, ", %d RCPT accepted", st->rcpt_ok);
	if (st->rcpt_bad > 0)
		say(st, ", %d RCPT refused (%s)", st->rcpt_bad,
		    st->rcpt_codes);
	if (st->rcpt_ok == 0 && st->rcpt_bad == 0)
		say(st, ", no RCPT TO was answered");
}

static void
unseen_note(struct smst *st)
{
	if (st->unseen_code != 0)
		say(st, "; the reply before it (%d) answered a command the "
		    "dialogue does not show, such as a pipelined RCPT",
		    st->unseen_code);
}

static void
pipelining(struct smst *st)
{
	if (st->pipelined)
		say(st, "; the client sent commands before the replies to "
		    "earlier ones although PIPELINING was not advertised "
		    "(RFC 2920)");
}

static void
explain_503(struct smst *st, const struct smtp_event *ev, const char *cmd)
{
	if (cmd_is(ev, "DATA") || cmd_is(ev, "BDAT")) {
		if (!st->mail)
			say(st, "%s with no accepted MAIL or RCPT: ",
			    ev->command);
		else if (st->rcpt_ok == 0)
			say(st, "%s with no accepted RCPT: ", ev->command);
		else
			say(st, "%s after MAIL and RCPT were accepted, so no "
			    "step is missing in the dialogue shown: ",
			    ev->command);
		transaction(st);
		unseen_note(st);
	} else if (cmd_is(ev, "RCPT")) {
		if (st->mail)
			say(st, "503 to %s: MAIL FROM was accepted at line "
			    "%lu, so the dialogue shows no missing step", cmd,
			    st->mail_line);
		else {
			say(st, "RCPT before MAIL: ");
			transaction(st);
		}
	} else if (cmd_is(ev, "MAIL") && st->helo == NO_HELO) {
		if (st->xclient)
			say(st, "MAIL after XCLIENT without a new EHLO: XCLIENT "
			    "restarts the session");
		else if (st->tls)
			say(st, "MAIL after STARTTLS without a new EHLO: "
			    "TLS resets the session (RFC 3207 4.2)");
		else if (excerpt(st))
			say(st, "503 to %s: the dialogue shown (an excerpt "
			    "without the greeting) has no EHLO/HELO", cmd);
		else
			say(st, "MAIL before EHLO/HELO%s",
			    st->helo_failed ? ": the EHLO/HELO was refused" :
			    ": none was accepted");
	} else if (cmd_is(ev, "MAIL") && st->mail)
		say(st, "a second MAIL without RSET: MAIL FROM was already "
		    "accepted at line %lu", st->mail_line);
	else if (cmd_is(ev, "AUTH")) {
		if (st->authed)
			say(st, "AUTH after the client had authenticated");
		else if (st->helo != EHLO_OK) {
			say(st, "AUTH without an accepted EHLO: ");
			advertised(st);
		} else if (!st->adv_auth) {
			say(st, "AUTH when EHLO did not advertise it; ");
			advertised(st);
		} else if (st->mail)
			say(st, "AUTH during a mail transaction (RFC 4954 4)");
		else {
			say(st, "AUTH was advertised (%s) after an accepted "
			    "EHLO, outside a transaction; ", st->auth_mechs[0] ?
			    st->auth_mechs : "AUTH");
			if (st->tls)
				say(st, "the server had accepted STARTTLS "
				    "(220)");
			else if (st->adv_starttls)
				say(st, "STARTTLS was advertised but not "
				    "accepted in the dialogue shown");
			else
				say(st, "no STARTTLS was accepted in the "
				    "dialogue shown");
		}
	} else if (cmd_is(ev, "STARTTLS") && st->tls)
		say(st, "STARTTLS after the server had accepted STARTTLS "
		    "(220)");
	else
		state(st, ev, cmd);
	pipelining(st);
}

static void
explain_530(struct smst *st, const struct smtp_event *ev, const char *cmd)
{
	say(st, "530 to %s: ", cmd);
	(void)ev;
	if (st->tls)
		say(st, "the server accepted STARTTLS (220)");
	else if (st->adv_starttls)
		say(st, "EHLO advertised STARTTLS but the client did not use "
		    "it");
	else if (st->helo == EHLO_OK)
		say(st, "STARTTLS was not advertised");
	else if (excerpt(st))
		say(st, "the dialogue shown (an excerpt without the "
		    "greeting) has no EHLO");
	else
		say(st, "no EHLO was accepted, so STARTTLS was not "
		    "advertised");
	if (st->authed)
		say(st, "; the client authenticated");
	else if (st->adv_auth)
		say(st, "; AUTH was advertised (%s) but the client %s",
		    st->auth_mechs[0] ? st->auth_mechs : "AUTH",
		    st->auth_tried ? "did not authenticate successfully" :
		    "did not authenticate");
	else if (st->helo == EHLO_OK)
		say(st, "; AUTH was not advertised%s",
		    st->tls ? "" : " (servers often offer it only after "
		    "STARTTLS)");
}

static void
explain_500(struct smst *st, const struct smtp_event *ev, const char *cmd)
{
	size_t	octets = ev->cmd_len + 2;

	if (ev->command == NULL) {
		say(st, "500 to %s", ev->note != NULL &&
		    strcmp(ev->note, "empty command line") == 0 ?
		    "an empty command line" : cmd);
		return;
	}
	say(st, "500 to \"%s\"", cmd);
	if (ev->cmd_len == 0)
		return;
	if (octets > LINE_LIMIT)
		say(st, ": the command line is %zu octets with CRLF, over the "
		    "512-octet limit of RFC 5321 4.5.3.1.4", octets);
	else
		say(st, ": the command line is %zu octets with CRLF, within "
		    "the 512-octet limit of RFC 5321 4.5.3.1.4, so its length "
		    "is not the problem", octets);
}

static void
explain_554(struct smst *st, const struct smtp_event *ev, const char *cmd)
{
	if (ev->kind == EV_GREETING || cmd_is(ev, "CONNECT"))
		say(st, "554 at the greeting: the server refused the session "
		    "before any command");
	else if (cmd_is(ev, "RCPT")) {
		say(st, "554 at RCPT (%s): ", cmd);
		transaction(st);
	} else if (cmd_is(ev, "END-OF-MESSAGE"))
		say(st, "554 at the end of DATA: the message was refused "
		    "after its content was sent (%d RCPT accepted)",
		    st->rcpt_ok);
	else if (cmd_is(ev, "DATA")) {
		say(st, "554 at DATA: ");
		if (st->mail && st->rcpt_ok == 0)
			say(st, "no recipient had been accepted: ");
		transaction(st);
		unseen_note(st);
	} else if (cmd_is(ev, "MAIL"))
		say(st, "554 at MAIL (%s): the MAIL command was refused", cmd);
	else if (in_transaction(ev)) {
		say(st, "554 at %s: ", cmd);
		transaction(st);
	} else
		say(st, "554 at %s", cmd);
	pipelining(st);
}

static void
explain(struct smst *st, const struct smtp_event *ev)
{
	char	cmdbuf[SHOW_MAX + 32];
	const char *cmd = show(ev, cmdbuf, sizeof(cmdbuf));

	if (st->early && st->replies == 0) {
		/* RFC 5321 3.1: the client waits for the greeting. */
		say(st, "%d to %s, which the client sent before any reply "
		    "of the server was seen (RFC 5321 3.1: a client waits for "
		    "the greeting)", ev->code, cmd);
		return;
	}
	if (ev->kind == EV_REPLY && ev->command == NULL && ev->note == NULL) {
		/* Replies only (a server's -bs run, a bounce's excerpt). */
		say(st, "%d answers a command the dialogue does not show",
		    ev->code);
		if (st->hist[0] != '\0')
			say(st, "; the replies before it in this session: %s",
			    st->hist);
		return;
	}
	switch (ev->code) {
	case 500:
		explain_500(st, ev, cmd);
		break;
	case 502:
		say(st, "502 to %s: the server does not implement the "
		    "command or has it disabled; ", cmd);
		advertised(st);
		break;
	case 503:
		explain_503(st, ev, cmd);
		break;
	case 530:
		explain_530(st, ev, cmd);
		break;
	case 554:
		explain_554(st, ev, cmd);
		break;
	default:
		if (ev->kind == EV_GREETING)
			say(st, "%d at the greeting", ev->code);
		else
			state(st, ev, cmd);
		break;
	}
}

/* end_transaction - RFC 5321 4.1.1.5 (RSET), 4.1.4 (EHLO), end of DATA. */
static void
end_transaction(struct smst *st)
{
	st->mail = 0;
	st->mail_refused = 0;
	st->rcpt_ok = st->rcpt_bad = 0;
	st->rcpt_codes[0] = '\0';
}

/* apply - what a reply establishes. */
static void
apply(struct smst *st, const struct smtp_event *ev)
{
	int	ok = ev->code / 100 == 2, fail = ev->code >= 400;
	char	num[16];

	if (ev->command == NULL) {
		st->unseen_code = ev->note == NULL ? ev->code : 0;
		return;
	}
	st->unseen_code = 0;
	if (cmd_is(ev, "EHLO") || cmd_is(ev, "HELO") || cmd_is(ev, "LHLO")) {
		st->helo_seen = 1;
		st->helo_failed = fail;
		if (ok) {
			st->helo = cmd_is(ev, "HELO") ? HELO_OK : EHLO_OK;
			st->xclient = 0;
			if (st->helo == EHLO_OK)
				ehlo_reply(st, ev->text);
			else
				ehlo_reply(st, NULL);
			end_transaction(st);
		}
	} else if (cmd_is(ev, "STARTTLS") && ev->code == 220) {
		/* RFC 3207 4.2: back to the state after the greeting. */
		st->tls = 1;
		st->xclient = 0;
		st->tls_adv_before = st->adv_starttls;
		st->helo = NO_HELO;
		ehlo_reply(st, NULL);
		st->authed = 0;
		end_transaction(st);
	} else if (cmd_is(ev, "XCLIENT") && ev->code == 220) {
		st->xclient = 1;
		st->helo = NO_HELO;
		end_transaction(st);
	} else if (cmd_is(ev, "AUTH")) {
		st->auth_tried = 1;
		if (ok)
			st->authed = 1;
	} else if (cmd_is(ev, "MAIL")) {
		if (ok) {
			end_transaction(st);
			st->mail = 1;
			st->mail_line = ev->line;
		} else if (fail && !st->mail)
			st->mail_refused = ev->code;
	} else if (cmd_is(ev, "RCPT")) {
		if (ok)
			st->rcpt_ok++;
		else if (fail) {
			st->rcpt_bad++;
			snprintf(num, sizeof(num), "%d", ev->code);
			append(st->rcpt_codes, sizeof(st->rcpt_codes), num,
			    strlen(num));
		}
	} else if (cmd_is(ev, "RSET") && ok)
		end_transaction(st);
	else if (cmd_is(ev, "END-OF-MESSAGE") && ev->code / 100 != 3)
		end_transaction(st);
}

const char *
smst_feed(struct smst *st, const struct smtp_event *ev)
{
	const char	*ret = NULL;

	switch (ev->kind) {
	case EV_COMMAND:
		if (st->connected && st->replies == 0)
			st->early = 1;
		if (st->outstanding > 0 && !st->adv_pipelining)
			st->pipelined = 1;
		st->outstanding++;
		st->commands++;
		return NULL;
	case EV_GREETING:
	case EV_REPLY:
		break;
	default:
		return NULL;
	}
	if (ev->kind == EV_REPLY && ev->command != NULL &&
	    st->outstanding > 0 && ev->code / 100 != 3)
		st->outstanding--;
	st->elen = 0;
	st->expl[0] = '\0';
	if (ev->code >= 400 && ev->code <= 599) {
		explain(st, ev);
		ret = st->expl;
	}
	if (ev->kind == EV_GREETING)
		st->greeting = ev->code;
	else
		apply(st, ev);
	st->replies++;
	{
		char	num[16];

		snprintf(num, sizeof(num), "%d", ev->code);
		append(st->hist, sizeof(st->hist), num, strlen(num));
	}
	return ret;
}
