/*
 * check_smtpstate.c - the RFC 5321 state machine on hand-built dialogues:
 * the explanation of each failing reply, and what resets the state.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/smtpstate.h"

/* One step: a command ("C MAIL FROM:<a>") or a reply ("R MAIL 250 text"). */
static const char *
step(struct smst *st, const char *s)
{
	struct smtp_event	ev;
	static char		cmd[32], arg[600], text[256], last[32];
	static size_t		lastlen;
	int			n = 0;

	ev_clear(&ev);
	ev.line = 1;
	if (s[0] == 'C') {
		arg[0] = '\0';
		sscanf(s + 2, "%31s %599[^\n]", cmd, arg);
		ev.kind = EV_COMMAND;
		ev.command = cmd;
		ev.arg = arg[0] ? arg : NULL;
		ev.cmd_len = lastlen = strlen(s + 2);
		snprintf(last, sizeof(last), "%s", cmd);
		return smst_feed(st, &ev);
	}
	text[0] = '\0';
	sscanf(s + 2, "%31s %d %n", cmd, &ev.code, &n);
	snprintf(text, sizeof(text), "%s", s + 2 + n);
	ev.kind = strcmp(cmd, "CONNECT") == 0 ? EV_GREETING : EV_REPLY;
	ev.command = strcmp(cmd, "-") == 0 ? NULL : cmd;
	ev.text = text;
	ev.code_src = EV_CODE_LOGGED;
	/* As from the dialogue: a reply names its command's argument. */
	if (ev.command != NULL && strcmp(cmd, last) == 0) {
		ev.arg = arg[0] ? arg : NULL;
		ev.cmd_len = lastlen;
	}
	return smst_feed(st, &ev);
}

/* play - the steps; the explanation of the last one. */
static const char *
play(struct smst *st, const char *const *steps)
{
	const char	*e = NULL;

	for (; *steps != NULL; steps++)
		e = step(st, *steps);
	return e;
}

#define EHLO_STEPS \
	"R CONNECT 220 mx", "C EHLO me", \
	"R EHLO 250 mx\nPIPELINING\nSTARTTLS\nAUTH PLAIN LOGIN\n8BITMIME"

START_TEST(test_smtpstate_503_data)
{
	static const char *const s[] = {
		EHLO_STEPS, "C MAIL FROM:<a@example.org>", "R MAIL 250 ok",
		"C RCPT TO:<b@example.net>", "R RCPT 550 no",
		"C RCPT TO:<c@example.net>", "R RCPT 450 later",
		"C DATA", "R DATA 503 need RCPT", NULL,
	};
	struct smst	*st = smst_new(1);

	ck_assert_str_eq(play(st, s), "DATA with no accepted RCPT: MAIL FROM "
	    "was accepted, 2 RCPT refused (550, 450)");
	smst_free(st);
}
END_TEST

START_TEST(test_smtpstate_503_order)
{
	static const char *const before_ehlo[] = {
		"R CONNECT 220 mx", "C MAIL FROM:<a>", "R MAIL 503 hello?", NULL,
	};
	static const char *const second_mail[] = {
		EHLO_STEPS, "C MAIL FROM:<a>", "R MAIL 250 ok",
		"C MAIL FROM:<a>", "R MAIL 503 nested", NULL,
	};
	static const char *const after_rset[] = {
		EHLO_STEPS, "C MAIL FROM:<a>", "R MAIL 250 ok", "C RSET",
		"R RSET 250 ok", "C RCPT TO:<b>", "R RCPT 503 need MAIL", NULL,
	};
	static const char *const after_tls[] = {
		EHLO_STEPS, "C STARTTLS", "R STARTTLS 220 go ahead",
		"C MAIL FROM:<a>", "R MAIL 503 EHLO first", NULL,
	};
	struct smst	*st;

	st = smst_new(1);
	ck_assert_str_eq(play(st, before_ehlo),
	    "MAIL before EHLO/HELO: none was accepted");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, second_mail), "a second MAIL without RSET: "
	    "MAIL FROM was already accepted at line 1");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, after_rset),
	    "RCPT before MAIL: no MAIL FROM was accepted");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, after_tls), "MAIL after STARTTLS without a "
	    "new EHLO: TLS resets the session (RFC 3207 4.2)");
	smst_free(st);
}
END_TEST

START_TEST(test_smtpstate_503_auth)
{
	static const char *const helo[] = {
		"R CONNECT 220 mx", "C HELO me", "R HELO 250 mx",
		"C AUTH PLAIN [redacted]", "R AUTH 503 no", NULL,
	};
	static const char *const twice[] = {
		EHLO_STEPS, "C AUTH PLAIN [redacted]", "R AUTH 235 ok",
		"C AUTH LOGIN", "R AUTH 503 already", NULL,
	};
	struct smst	*st;

	st = smst_new(1);
	ck_assert_str_eq(play(st, helo), "AUTH without an accepted EHLO: the "
	    "client used HELO, so no extensions were advertised");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, twice),
	    "AUTH after the client had authenticated");
	smst_free(st);
}
END_TEST

START_TEST(test_smtpstate_530)
{
	static const char *const s[] = {
		EHLO_STEPS, "C MAIL FROM:<a>", "R MAIL 530 STARTTLS first",
		NULL,
	};
	struct smst	*st = smst_new(1);

	ck_assert_str_eq(play(st, s), "530 to MAIL FROM:<a>: EHLO advertised "
	    "STARTTLS but the client did not use it; AUTH was advertised "
	    "(PLAIN LOGIN) but the client did not authenticate");
	smst_free(st);
}
END_TEST

START_TEST(test_smtpstate_502_500)
{
	static const char *const s502[] = {
		EHLO_STEPS, "C VRFY bob", "R VRFY 502 disabled", NULL,
	};
	static char	 longcmd[700] = "C RCPT TO:<";
	const char	*s500[] = { EHLO_STEPS, longcmd, "R RCPT 500 too long",
	    NULL };
	struct smst	*st;

	st = smst_new(1);
	ck_assert_str_eq(play(st, s502), "502 to VRFY bob: the server does not "
	    "implement the command or has it disabled; EHLO advertised: "
	    "PIPELINING, STARTTLS, AUTH PLAIN LOGIN, 8BITMIME");
	smst_free(st);
	/* "RCPT TO:<" + 600 x + ">" = 610 octets, 612 with CRLF. */
	memset(longcmd + 11, 'x', 600);
	strcpy(longcmd + 611, ">");
	st = smst_new(1);
	ck_assert_msg(strstr(play(st, s500), "the command line is 612 octets "
	    "with CRLF, over the 512-octet limit of RFC 5321 4.5.3.1.4") !=
	    NULL, "got %s", play(st, s500));
	smst_free(st);
}
END_TEST

START_TEST(test_smtpstate_554_stages)
{
	static const char *const greet[] = { "R CONNECT 554 go away", NULL };
	static const char *const eom[] = {
		EHLO_STEPS, "C MAIL FROM:<a>", "R MAIL 250 ok", "C RCPT TO:<b>",
		"R RCPT 250 ok", "C DATA", "R DATA 354 go",
		"R END-OF-MESSAGE 554 spam", NULL,
	};
	struct smst	*st;

	st = smst_new(1);
	ck_assert_str_eq(play(st, greet), "554 at the greeting: the server "
	    "refused the session before any command");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, eom), "554 at the end of DATA: the message "
	    "was refused after its content was sent (1 RCPT accepted)");
	smst_free(st);
}
END_TEST

/* Success explains nothing; a reply to a command not shown says so. */
START_TEST(test_smtpstate_other)
{
	static const char *const ok[] = { EHLO_STEPS, NULL };
	static const char *const unseen[] = {
		"R CONNECT 220 mx", "R - 250 ok", "R - 503 bad sequence", NULL,
	};
	struct smst	*st;

	st = smst_new(1);
	ck_assert_ptr_null(play(st, ok));
	smst_free(st);
	st = smst_new(0);
	ck_assert_str_eq(play(st, unseen), "503 answers a command the "
	    "dialogue does not show; the replies before it in this "
	    "session: 220, 250");
	smst_free(st);
}
END_TEST

/* An excerpt (Postfix verbose from "< MAIL FROM"): no claim about EHLO. */
START_TEST(test_smtpstate_excerpt)
{
	static const char *const s530[] = {
		"C MAIL FROM:<a@b>",
		"R MAIL 530 5.7.0 Must issue a STARTTLS command first", NULL,
	};
	static const char *const s502[] = {
		"C FOO", "R FOO 502 5.5.2 Error: command not recognized", NULL,
	};
	static const char *const s554[] = {
		"C RCPT TO:<x@y>", "R RCPT 554 5.7.1 no", NULL,
	};
	static const char *const s503[] = {
		"C MAIL FROM:<a@b>", "R MAIL 503 5.5.1 send HELO first", NULL,
	};
	struct smst	*st = smst_new(0);
	const char	*e;

	e = play(st, s530);
	ck_assert_ptr_null(strstr(e, "no EHLO was accepted"));
	ck_assert_str_eq(e, "530 to MAIL FROM:<a@b>: the dialogue shown (an "
	    "excerpt without the greeting) has no EHLO");
	e = play(st, s502);
	ck_assert_ptr_null(strstr(e, "no EHLO was accepted"));
	ck_assert_ptr_nonnull(strstr(e, "has no EHLO"));
	e = play(st, s554);
	ck_assert_ptr_null(strstr(e, "was accepted"));
	e = play(st, s503);
	ck_assert_ptr_null(strstr(e, "none was accepted"));
	smst_free(st);
}
END_TEST

/* AUTH, EHLO, STARTTLS: no MAIL/RCPT state in their explanation. */
START_TEST(test_smtpstate_no_transaction)
{
	static const char *const auth[] = {
		EHLO_STEPS, "C AUTH PLAIN [redacted]", "R AUTH 535 5.7.8 bad",
		NULL,
	};
	static const char *const auth554[] = {
		EHLO_STEPS, "C AUTH PLAIN [redacted]", "R AUTH 554 5.7.8 bad",
		NULL,
	};
	static const char *const ehlo[] = {
		"R CONNECT 220 mx", "C EHLO me", "R EHLO 550 go away", NULL,
	};
	static const char *const tls[] = {
		EHLO_STEPS, "C STARTTLS", "R STARTTLS 454 4.7.0 TLS not "
		"available", NULL,
	};
	struct smst	*st = smst_new(1);

	ck_assert_str_eq(play(st, auth), "535 to AUTH PLAIN [redacted]");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, auth554), "554 at AUTH PLAIN [redacted]");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, ehlo), "550 to EHLO me");
	smst_free(st);
	st = smst_new(1);
	ck_assert_str_eq(play(st, tls), "454 to STARTTLS");
	smst_free(st);
}
END_TEST

/* A 503 to RCPT after an accepted MAIL is not "RCPT before MAIL";
 * TLS is said as what the dialogue shows: a 220 to STARTTLS. */
START_TEST(test_smtpstate_wording)
{
	static const char *const rcpt[] = {
		EHLO_STEPS, "C MAIL FROM:<a>", "R MAIL 250 ok",
		"C RCPT TO:<b>", "R RCPT 503 5.5.1 bad sequence", NULL,
	};
	static const char *const tls530[] = {
		EHLO_STEPS, "C STARTTLS", "R STARTTLS 220 go ahead",
		"C EHLO me", "R EHLO 250 mx\nPIPELINING", "C MAIL FROM:<a>",
		"R MAIL 530 auth first", NULL,
	};
	struct smst	*st = smst_new(1);
	const char	*e;

	e = play(st, rcpt);
	ck_assert_ptr_null(strstr(e, "RCPT before MAIL"));
	ck_assert_str_eq(e, "503 to RCPT TO:<b>: MAIL FROM was accepted at "
	    "line 1, so the dialogue shows no missing step");
	smst_free(st);
	st = smst_new(1);
	e = play(st, tls530);
	ck_assert_ptr_null(strstr(e, "TLS was"));
	ck_assert_ptr_nonnull(strstr(e, "the server accepted STARTTLS (220)"));
	smst_free(st);
}
END_TEST

Suite *
smtpstate_suite(void)
{
	Suite	*s = suite_create("smtpstate");
	TCase	*tc = tcase_create("explain");

	tcase_add_test(tc, test_smtpstate_503_data);
	tcase_add_test(tc, test_smtpstate_503_order);
	tcase_add_test(tc, test_smtpstate_503_auth);
	tcase_add_test(tc, test_smtpstate_530);
	tcase_add_test(tc, test_smtpstate_502_500);
	tcase_add_test(tc, test_smtpstate_554_stages);
	tcase_add_test(tc, test_smtpstate_other);
	tcase_add_test(tc, test_smtpstate_excerpt);
	tcase_add_test(tc, test_smtpstate_no_transaction);
	tcase_add_test(tc, test_smtpstate_wording);
	suite_add_tcase(s, tc);
	return s;
}
