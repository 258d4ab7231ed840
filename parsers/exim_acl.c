/*
 * exim_acl.c - Exim's refusals of client commands: ACL rejections
 * ("H=... F=<a> rejected RCPT <b>: text", written by smtp_handle_acl_fail()
 * in smtp_in.c), the fixed refusals smtp_in.c logs as "rejected ..."
 * without a host first, and SMTP syntax and protocol errors
 * (synprot_error()).  Connection lines are exim_smtp.c's job.
 *
 * Exim rarely writes the reply code in these lines.  Where its source
 * fixes the code, the event carries it as EV_CODE_INFERRED with a why
 * that names the source; where it does not, no code is given.
 */
#include <stddef.h>
#include <string.h>

#include "exim_int.h"

/*
 * The phrases of the whys below: the source that fixes the reply and,
 * where an ACL message may set the code, that it does.
 */
#define ACL_SRC		"(acl_wherecodes in globals.c)"
#define ACL_SRC_FAIL	"(acl_wherecodes in globals.c, smtp_handle_acl_fail " \
			    "in smtp_in.c)"
#define ACL_UNLESS	" unless the ACL message starts with another code, " \
			    "which the log would show"

static const char WHY_ACL_TEMP[] =
    "Exim answers an ACL defer with 451 (smtp_handle_acl_fail in "
    "smtp_in.c)" ACL_UNLESS;
static const char WHY_DEFAULT_TEXT[] =
    "; with no ACL message the reply text is Exim's default";

/* The reply of an ACL deny per place (acl_wherecodes in globals.c). */
static const struct {
	const char	*what;		/* start of "what" in the log line */
	const char	*cmd;
	int		 code;		/* 0: not a failure reply (VRFY) */
	const char	*why;
} places[] = {
	{ "RCPT", "RCPT", 550, "Exim answers an ACL deny at RCPT with 550 "
	    ACL_SRC_FAIL ACL_UNLESS },
	{ "MAIL", "MAIL", 550, "Exim answers an ACL deny at MAIL with 550 "
	    ACL_SRC_FAIL ACL_UNLESS },
	{ "after DATA", "END-OF-MESSAGE", 550, "Exim answers a deny of the "
	    "DATA ACL (after the message) with 550 " ACL_SRC_FAIL ACL_UNLESS },
	{ "during MIME ACL checks", "END-OF-MESSAGE", 550, "Exim answers a "
	    "deny of the MIME ACL with 550 " ACL_SRC ACL_UNLESS },
	{ "DATA", "DATA", 550, "Exim answers a deny of the predata ACL with "
	    "550 " ACL_SRC_FAIL ACL_UNLESS },
	{ "connection", "CONNECT", 550, "Exim answers a deny of the connect "
	    "ACL with 550 " ACL_SRC ACL_UNLESS },
	{ "EHLO or HELO", "EHLO", 550, "Exim answers a deny of the HELO ACL "
	    "with 550 " ACL_SRC ACL_UNLESS },
	{ "AUTH", "AUTH", 503, "Exim answers a deny of the AUTH ACL with 503 "
	    ACL_SRC ACL_UNLESS },
	{ "ETRN", "ETRN", 458, "Exim answers a deny of the ETRN ACL with 458 "
	    ACL_SRC },
	{ "EXPN", "EXPN", 550, "Exim answers a deny of the EXPN ACL with 550 "
	    ACL_SRC },
	{ "STARTTLS", "STARTTLS", 550, "Exim answers a deny of the STARTTLS "
	    "ACL with 550 " ACL_SRC },
	{ "VRFY", "VRFY", 0, NULL },
};

/*
 * set_text - the logged reason: when it starts with a reply code, Exim
 * used that code (smtp_message_code() in smtp_in.c; a code of the wrong
 * class is rewritten in the log to the default), so it is logged.
 */
static int
set_text(struct smtp_event *ev, char *text)
{
	int	 code;
	char	*enh, *t;

	if (text != NULL && ex_reply(text, &code, &enh, &t) == 0) {
		ev->code = code;
		ev->code_src = EV_CODE_LOGGED;
		ev->enhanced = enh;
		ev->text = t;
		return 1;
	}
	ev->text = text;
	return 0;
}

static void
infer(struct smtp_event *ev, int code, const char *why)
{
	ev->code = code;
	ev->code_src = code != 0 ? EV_CODE_INFERRED : EV_CODE_NONE;
	ev->why = code != 0 ? why : NULL;
}

/*
 * ex_acl - "[temporarily ]rejected WHAT[: text]" in rest, after the
 * client (and TLS, F=<sender>, SPF, DMARC fields) of an ACL failure;
 * rejected is the first "rejected " in msg, which runs uncut to the
 * line's end.
 */
enum parse_result
ex_acl(struct ex *x, char *msg, char *rejected, const struct ex_peer *peer)
{
	struct smtp_event	*ev;
	char			*r, *what, *text = NULL, *f, *colon, *cut;
	const char		*from = NULL, *to = NULL;
	int			 temp = 0;
	size_t			 i, l;

	for (r = rejected; r != NULL; r = EX_FIND(r + 1, x->lend,
	    "rejected ", 2))
		if (r == msg || r[-1] == ' ')
			break;
	if (r == NULL)
		return PARSE_UNRECOGNIZED;
	cut = x->lend;
	if (r - msg >= 12 && memcmp(r - 12, "temporarily ", 12) == 0) {
		temp = 1;
		*(cut = r - 12) = '\0';
	} else if (r > msg)
		*(cut = r - 1) = '\0';
	what = r + 9;
	if ((f = EX_FIND(msg, cut, "F=<", 0)) != NULL && (f == msg ||
	    f[-1] == ' '))
		ex_angle(f + 2, &from);

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		if (what[0] != places[i].what[0])
			continue;
		l = strlen(places[i].what);
		if (strncmp(what, places[i].what, l) == 0 &&
		    (what[l] == ' ' || what[l] == ':' || what[l] == '\0'))
			break;
	}
	if (i == sizeof(places) / sizeof(places[0]))
		return PARSE_UNRECOGNIZED;
	what += l;
	if (i == 0 && *what == ' ') {
		/* "RCPT <addr>: text" or "RCPT addr: text" */
		what++;
		if (*what == '<') {
			if ((what = ex_angle(what, &to)) == NULL)
				return PARSE_UNRECOGNIZED;
		} else {
			to = what;
			what += strcspn(what, ":");
			if (*what == ':')
				*what++ = '\0';
			text = *what == ' ' ? what + 1 : NULL;
			what = NULL;
		}
	}
	if (i == 1 && what[0] == ' ' && what[1] == '<')
		what = ex_angle(what + 1, &from);	/* "MAIL <addr>" */
	if (what != NULL && (colon = strstr(what, ": ")) != NULL)
		text = colon + 2;
	else if (what != NULL && what[0] == ':' && what[1] == ' ')
		text = what + 2;

	ev = ex_session_event(x, EV_REJECT, peer, EX_KEY_USE);
	ev->command = places[i].cmd;
	ev->from = from;
	ev->to = to;
	if (!set_text(ev, text)) {
		if (temp)
			infer(ev, 451, WHY_ACL_TEMP);
		else
			infer(ev, places[i].code, places[i].why);
		if (text == NULL && ev->code != 0) {
			ev->text = temp ? "Temporary local problem - please try "
			    "later" : "Administrative prohibition";
			ev->why = ex_cat(x, ev->why, WHY_DEFAULT_TEXT, "");
		}
	}
	return PARSE_USED;
}

/* The reply synprot_error() sends for each error text (smtp_in.c). */
static const struct {
	const char	*text;
	int		 code;
} synprot_codes[] = {
	{ "unrecognized command", 500 },
	{ "AUTH command used when not advertised", 503 },
	{ "already authenticated", 503 },
	{ "not permitted in mail transaction", 503 },
	{ "sender already given", 503 },
	{ "sender not yet given", 503 },
	{ "valid RCPT command must precede DATA", 503 },
	{ "valid RCPT command must precede BDAT", 503 },
	{ "STARTTLS command used when not advertised", 503 },
	{ "ETRN is not permitted inside a transaction", 503 },
	{ "BDAT command used when CHUNKING not advertised", 503 },
	{ "HELO or EHLO required", 503 },
	{ "MAIL must have an address operand", 501 },
	{ "missing size for BDAT command", 501 },
};

static const char WHY_SYNTAX[] =
    "Exim answers an SMTP syntax error other than an unrecognized command "
    "with 501 (synprot_error calls in smtp_in.c)";
static const char WHY_SYNPROT[] =
    "Exim sends this reply for this error text (synprot_error call in "
    "smtp_in.c)";
static const char WHY_MECH[] =
    "Exim answers AUTH with an unsupported mechanism with 504 (smtp_in.c)";

/*
 * ex_synprot - "SMTP syntax|protocol error in "CMD" HOST ERRMESS" as
 * synprot_error() logs it; msg points at "in ".
 */
enum parse_result
ex_synprot(struct ex *x, char *msg, int syntax)
{
	struct smtp_event	*ev;
	struct ex_peer		 peer;
	char			*cmd, *e, *rest;
	size_t			 i;

	if (EX_AFTER_IN(msg, x->lend, "in \"") == NULL)
		return PARSE_UNRECOGNIZED;
	cmd = msg + 4;
	if ((e = ex_quote_end(cmd, x->lend, NULL)) == NULL)
		return PARSE_UNRECOGNIZED;
	*e = '\0';
	if ((rest = ex_peer(e + 2, x->lend, &peer)) == NULL)
		return PARSE_UNRECOGNIZED;

	ev = ex_session_event(x, EV_REJECT, &peer, EX_KEY_USE);
	ev->flags |= EV_F_PROTOCOL;
	ev->text = *rest != '\0' ? rest : NULL;
	ev->command = ex_verb(cmd);
	/* The command as sent, but never AUTH's: it may hold credentials. */
	if (strcmp(ev->command, "AUTH") != 0)
		ev->arg = cmd;
	if (syntax && strcmp(rest, "unrecognized command") == 0) {
		ev->command = "UNKNOWN";
		infer(ev, 500, "Exim answers an unrecognized command with 500 "
		    "(synprot_error call in smtp_in.c)");
		return PARSE_USED;
	}
	if (syntax && strncmp(cmd, "xclient", 7) != 0 &&
	    strncmp(cmd, "XCLIENT", 7) != 0) {
		infer(ev, 501, WHY_SYNTAX);
		return PARSE_USED;
	}
	for (i = 0; i < sizeof(synprot_codes) / sizeof(synprot_codes[0]); i++)
		if (strcmp(rest, synprot_codes[i].text) == 0) {
			infer(ev, synprot_codes[i].code, WHY_SYNPROT);
			return PARSE_USED;
		}
	e = strstr(rest, " authentication mechanism not supported");
	if (e != NULL && e[39] == '\0')
		infer(ev, 504, WHY_MECH);
	return PARSE_USED;
}
