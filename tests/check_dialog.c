/*
 * check_dialog.c - the dialogue assembler: multi-line replies joined,
 * pipelined commands matched in order, bodies skipped whatever they look
 * like, credentials redacted, and the DLG_F_ALIGN matching of excerpts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXE		64

/* The events of a script, copied (strings leak into a fixed pool). */
struct got {
	int		 kind;
	char		 command[32];
	char		 arg[300];
	char		 text[600];
	char		 note[32];
	int		 code;
	size_t		 cmd_len;
	unsigned long	 line;
	size_t		 tlen;		/* of the whole text */
	int		 cut;		/* text_truncated */
};

static struct got	ev[MAXE];
static int		nev;

static void
take(struct dlg *d)
{
	struct smtp_event	e;

	for (;;) {
		memset(&e, 0, sizeof(e));
		if (dlg_next(d, &e) == 0)
			break;
		ck_assert_int_lt(nev, MAXE);
		ev[nev].kind = e.kind;
		snprintf(ev[nev].command, sizeof(ev[nev].command), "%s",
		    e.command ? e.command : "-");
		snprintf(ev[nev].arg, sizeof(ev[nev].arg), "%s",
		    e.arg ? e.arg : "-");
		snprintf(ev[nev].text, sizeof(ev[nev].text), "%s",
		    e.text ? e.text : "-");
		snprintf(ev[nev].note, sizeof(ev[nev].note), "%s",
		    e.note ? e.note : "-");
		ev[nev].code = e.code;
		ev[nev].cmd_len = e.cmd_len;
		ev[nev].line = e.line;
		ev[nev].tlen = e.text ? strlen(e.text) : 0;
		ev[nev].cut = e.text_truncated;
		nev++;
	}
	dlg_release(d);
}

/*
 * run - a script: "C:" client lines and "S:" server lines, fed in order;
 * returns what dlg_client said for each client line in kinds[].
 */
static void
run(struct dlg *d, const char *const *script, size_t n, int *kinds)
{
	struct dlg_pos	pos = { 0, 0, 0 };
	size_t		i;

	nev = 0;
	for (i = 0; i < n; i++) {
		const char	*l = script[i] + 2;

		pos.line = i + 1;
		if (script[i][0] == 'C') {
			int	k = dlg_client(d, l, strlen(l), &pos);

			if (kinds != NULL)
				kinds[i] = k;
		} else
			ck_assert_int_eq(dlg_server(d, l, strlen(l), &pos), 0);
		take(d);
	}
	dlg_flush(d);
	take(d);
}

/* replies - the EV_REPLY/EV_GREETING events as "CODE:COMMAND" list. */
static const char *
replies(void)
{
	static char	buf[1024];
	size_t		n = 0;
	int		i;

	buf[0] = '\0';
	for (i = 0; i < nev; i++)
		if (ev[i].kind == EV_REPLY || ev[i].kind == EV_GREETING)
			n += snprintf(buf + n, sizeof(buf) - n, "%s%d:%s",
			    n ? " " : "", ev[i].code, ev[i].command);
	return buf;
}

static const char *
commands(void)
{
	static char	buf[1024];
	size_t		n = 0;
	int		i;

	buf[0] = '\0';
	for (i = 0; i < nev; i++)
		if (ev[i].kind == EV_COMMAND)
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s",
			    n ? " " : "", ev[i].command);
	return buf;
}

START_TEST(test_dialog_join)
{
	static const char *const s[] = {
		"S:220-mx.example.org ESMTP",
		"S:220 no UCE",
		"C:EHLO client.example",
		"S:250-mx.example.org",
		"S:250-PIPELINING",
		"S:250-SIZE 10240000",
		"S:250 8BITMIME",
		"C:HELP",
		"S:214-2.0.0 Commands: AUTH DATA",
		"S:214 2.0.0 EHLO HELO",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "220:CONNECT 250:EHLO 214:HELP");
	ck_assert_int_eq(ev[0].kind, EV_GREETING);
	ck_assert_str_eq(ev[0].text, "mx.example.org ESMTP\nno UCE");
	ck_assert_int_eq(ev[0].line, 2);
	/* EHLO makes EV_COMMAND and EV_HELO. */
	ck_assert_int_eq(ev[1].kind, EV_COMMAND);
	ck_assert_int_eq(ev[2].kind, EV_HELO);
	ck_assert_str_eq(ev[2].arg, "client.example");
	ck_assert_str_eq(ev[3].text,
	    "mx.example.org\nPIPELINING\nSIZE 10240000\n8BITMIME");
	/* The enhanced code repeats on each line; the text keeps it once. */
	ck_assert_str_eq(ev[nev - 1].text, "Commands: AUTH DATA\nEHLO HELO");
	dlg_free(d);
}
END_TEST

/*
 * A joined reply text is kept up to 4,095 bytes; a longer one is cut
 * and says so (text_truncated), also when what is lost is a line break.
 * Each case: the lengths of the reply's lines (0 ends the list).
 */
static const struct {
	size_t	 lines[3];
	size_t	 tlen;
	int	 cut;
} bound[] = {
	{ { 4095, 0 }, 4095, 0 },
	{ { 4096, 0 }, 4095, 1 },
	{ { 50000, 0 }, 4095, 1 },
	{ { 4093, 1, 0 }, 4095, 0 },
	{ { 4094, 1, 0 }, 4095, 1 },
	{ { 4095, 1, 0 }, 4095, 1 },
	{ { 10, 20, 0 }, 31, 0 },
};

START_TEST(test_dialog_text_bound)
{
	const char	*s[4] = { "C:RCPT TO:<a@example.com>" };
	char		*line[3] = { NULL, NULL, NULL };
	struct dlg	*d = dlg_new(0);
	size_t		 i, n;

	for (i = 0; i < 3 && (n = bound[_i].lines[i]) > 0; i++) {
		line[i] = malloc(n + 7);
		memcpy(line[i], "S:554", 5);
		line[i][5] = i + 1 < 3 && bound[_i].lines[i + 1] > 0 ? '-' :
		    ' ';
		memset(line[i] + 6, 'a', n);
		line[i][n + 6] = '\0';
		s[i + 1] = line[i];
	}
	run(d, s, i + 1, NULL);
	ck_assert_str_eq(replies(), "554:RCPT");
	ck_assert_msg(ev[nev - 1].tlen == bound[_i].tlen &&
	    ev[nev - 1].cut == bound[_i].cut, "%d: got %zu bytes, cut %d; "
	    "want %zu, %d", _i, ev[nev - 1].tlen, ev[nev - 1].cut,
	    bound[_i].tlen, bound[_i].cut);
	for (i = 0; i < 3; i++)
		free(line[i]);
	dlg_free(d);
}
END_TEST

/* A different code, or the client speaking, ends a reply cut short. */
START_TEST(test_dialog_cut_short)
{
	static const char *const s[] = {
		"S:220 ready",
		"C:EHLO a",
		"S:250-a",
		"C:QUIT",
		"S:221 bye",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "220:CONNECT 250:EHLO 221:QUIT");
	dlg_free(d);
	d = dlg_new(0);
	nev = 0;
	{
		struct dlg_pos	p = { 1, 0, 0 };

		dlg_server(d, "250-a", 5, &p);
		ck_assert_int_eq(dlg_held(d), 1);
		dlg_server(d, "550-b", 5, &p);
		take(d);
		ck_assert_int_eq(nev, 1);
		ck_assert_int_eq(ev[0].code, 250);
		dlg_flush(d);
		take(d);
		ck_assert_int_eq(nev, 2);
		ck_assert_int_eq(ev[1].code, 550);
		ck_assert_int_eq(dlg_server(d, "hello", 5, &p), -1);
	}
	dlg_free(d);
}
END_TEST

/* RFC 2920: replies answer pipelined commands in the order sent. */
START_TEST(test_dialog_pipelining)
{
	static const char *const s[] = {
		"S:220 ready",
		"C:EHLO a",
		"S:250 PIPELINING",
		"C:MAIL FROM:<a@example.org>",
		"C:RCPT TO:<b@example.net>",
		"C:RCPT TO:<c@example.net>",
		"C:DATA",
		"S:250 2.1.0 Ok",
		"S:550 5.1.1 no b",
		"S:250 2.1.5 Ok",
		"S:354 go",
		"C:Subject: x",
		"C:.",
		"S:250 queued",
		"C:RSET",
		"C:QUIT",
		"S:250 reset",
		"S:221 bye",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "220:CONNECT 250:EHLO 250:MAIL 550:RCPT "
	    "250:RCPT 354:DATA 250:END-OF-MESSAGE 250:RSET 221:QUIT");
	ck_assert_str_eq(commands(), "EHLO MAIL RCPT RCPT DATA RSET QUIT");
	/* The refused RCPT names its argument and length. */
	{
		int	i;

		for (i = 0; i < nev && ev[i].code != 550; i++)
			;
		ck_assert_int_lt(i, nev);
		ck_assert_str_eq(ev[i].arg, "TO:<b@example.net>");
		ck_assert_int_eq(ev[i].cmd_len,
		    strlen("RCPT TO:<b@example.net>"));
	}
	dlg_free(d);
}
END_TEST

/* A body holds lines that look like commands, replies and AUTH data. */
START_TEST(test_dialog_body)
{
	static const char *const s[] = {
		"S:220 ready",
		"C:MAIL FROM:<a@example.org>",
		"S:250 ok",
		"C:RCPT TO:<b@example.net>",
		"S:250 ok",
		"C:DATA",
		"S:354 go",
		"C:RCPT TO:<evil@example.net>",
		"C:503 not a reply",
		"C:QUIT",
		"C:..leading dot",
		"C:",
		"C:AUTH PLAIN c2VjcmV0",
		"C:.",
		"S:554 5.7.1 spam",
		"C:QUIT",
		"S:221 bye",
	};
	int		 kinds[NELEM(s)];
	struct dlg	*d = dlg_new(0);
	size_t		 i;

	run(d, s, NELEM(s), kinds);
	ck_assert_str_eq(commands(), "MAIL RCPT DATA QUIT");
	ck_assert_str_eq(replies(), "220:CONNECT 250:MAIL 250:RCPT 354:DATA "
	    "554:END-OF-MESSAGE 221:QUIT");
	for (i = 7; i <= 13; i++)
		ck_assert_int_eq(kinds[i], DLG_BODY);
	for (i = 0; i < (size_t)nev; i++)
		ck_assert_ptr_null(strstr(ev[i].arg, "c2VjcmV0"));
	dlg_free(d);
}
END_TEST

/* A log that does not show the body (Postfix -v): the next reply ends it. */
START_TEST(test_dialog_body_unseen)
{
	static const char *const s[] = {
		"C:DATA",
		"S:354 End data with <CR><LF>.<CR><LF>",
		"S:250 2.0.0 Ok: queued as ABC",
		"C:QUIT",
		"S:221 bye",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "354:DATA 250:END-OF-MESSAGE 221:QUIT");
	dlg_free(d);
}
END_TEST

/* BDAT chunks (RFC 3030) are data, skipped by their size. */
START_TEST(test_dialog_bdat)
{
	static const char *const s[] = {
		"C:BDAT 12 LAST",
		"C:Subject: x",	/* 10 + CRLF = 12 */
		"C:QUIT",
		"S:250 2.0.0 queued",
		"S:221 bye",
	};
	int		 kinds[NELEM(s)];
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), kinds);
	ck_assert_int_eq(kinds[1], DLG_BODY);
	ck_assert_int_eq(kinds[2], DLG_COMMAND);
	ck_assert_str_eq(replies(), "250:BDAT 221:QUIT");
	dlg_free(d);
}
END_TEST

/* RFC 4954: initial responses and 334 answers never come out. */
START_TEST(test_dialog_redaction)
{
	static const char *const s[] = {
		"S:220 ready",
		"C:AUTH LOGIN",
		"S:334 VXNlcm5hbWU6",
		"C:dXNlckBleGFtcGxlLm9yZw==",
		"S:334 UGFzc3dvcmQ6",
		"C:c2VjcmV0LXBhc3N3b3Jk",
		"S:535 5.7.8 authentication failed",
		"C:AUTH PLAIN AHVzZXIAc2VjcmV0LXBhc3N3b3Jk",
		"S:535 5.7.8 authentication failed",
		"C:auth login dXNlcg==",
		"S:334 UGFzc3dvcmQ6",
		"C:*",
		"S:501 5.7.0 Authentication aborted",
		"C:AUTH CRAM-MD5",
		"S:334 PDQxOTI5NDIzNDEuMTI4Mjg0NzJAc291cmNlZm91ci5hbmRyZXcuY211LmVkdT4=",
		"C:dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
		"S:235 2.7.0 ok",
	};
	static const char *const secrets[] = {
		"dXNlckBleGFtcGxlLm9yZw==", "c2VjcmV0LXBhc3N3b3Jk",
		"AHVzZXIAc2VjcmV0LXBhc3N3b3Jk", "dXNlcg==",
		"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
	};
	int		 kinds[NELEM(s)];
	struct dlg	*d = dlg_new(0);
	size_t		 i, j;

	run(d, s, NELEM(s), kinds);
	ck_assert_int_eq(kinds[3], DLG_SECRET);
	ck_assert_int_eq(kinds[5], DLG_SECRET);
	ck_assert_int_eq(kinds[11], DLG_SECRET);
	ck_assert_int_eq(kinds[15], DLG_SECRET);
	ck_assert_str_eq(commands(), "AUTH AUTH AUTH AUTH");
	ck_assert_str_eq(replies(), "220:CONNECT 334:AUTH 334:AUTH 535:AUTH "
	    "535:AUTH 334:AUTH 501:AUTH 334:AUTH 235:AUTH");
	for (i = 0; i < (size_t)nev; i++)
		for (j = 0; j < NELEM(secrets); j++) {
			ck_assert_msg(strstr(ev[i].arg, secrets[j]) == NULL,
			    "event %zu arg \"%s\" holds a secret", i,
			    ev[i].arg);
			ck_assert_ptr_null(strstr(ev[i].text, secrets[j]));
		}
	/* The mechanism stays; the response becomes the marker. */
	ck_assert_str_eq(ev[nev - 1].arg, "CRAM-MD5");
	for (i = 0; i < (size_t)nev; i++)
		if (ev[i].kind == EV_COMMAND && ev[i].line == 8)
			ck_assert_str_eq(ev[i].arg, "PLAIN " DLG_REDACTED);
	dlg_free(d);
}
END_TEST

/* An excerpt that shows AUTH but not the 334: the base64 is still data. */
START_TEST(test_dialog_redaction_no_334)
{
	static const char *const s[] = {
		"C:AUTH LOGIN",
		"C:dXNlcg==",
		"C:cGFzcw==",
		"S:535 no",
		"C:QUIT",
	};
	int		 kinds[NELEM(s)];
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), kinds);
	ck_assert_int_eq(kinds[1], DLG_SECRET);
	ck_assert_str_eq(commands(), "AUTH QUIT");
	dlg_free(d);
}
END_TEST

/* no_secret - no event of the last run holds needle anywhere. */
static void
no_secret(const char *needle)
{
	int	i;

	for (i = 0; i < nev; i++) {
		ck_assert_ptr_null(strstr(ev[i].command, needle));
		ck_assert_ptr_null(strstr(ev[i].arg, needle));
		ck_assert_ptr_null(strstr(ev[i].text, needle));
		ck_assert_ptr_null(strstr(ev[i].note, needle));
	}
}

/* A tab between AUTH, the mechanism and the initial response. */
START_TEST(test_dialog_redaction_tab)
{
	static const char *const s[] = {
		"S:220 mx ESMTP",
		"C:AUTH PLAIN\tAGJvYgBTRUNSRVQx",
		"S:535 5.7.8 bad",
		"C:AUTH\tPLAIN AGJvYgBTRUNSRVQy",
		"S:554 5.7.8 bad",
		"C:auth\tplain\t AGJvYgBTRUNSRVQz  extra",
		"S:554 5.7.8 bad",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	no_secret("SRVQ");
	ck_assert_str_eq(commands(), "AUTH AUTH AUTH");
	ck_assert_str_eq(ev[1].arg, "PLAIN " DLG_REDACTED);
	ck_assert_str_eq(ev[nev - 1].arg, "plain " DLG_REDACTED);
	dlg_free(d);
}
END_TEST

/* A 334 whose AUTH is not shown: the next client line is a secret. */
START_TEST(test_dialog_redaction_334_unseen)
{
	static const char *const s[] = {
		"S:334 UGFzc3dvcmQ6",
		"C:U1JWUTk=",
		"S:535 5.7.8 Error: authentication failed",
		"C:QUIT",
	};
	static const char *const a[] = {
		"C:AUTH LOGIN",
		"C:Ym9i ",
		"C:c2VjcmV0cGFzcw==\t",
		"C:MAIL FROM:<a@b>",
		"S:334 VXNlcm5hbWU6",
		"S:334 UGFzc3dvcmQ6",
		"S:554 5.7.8 nope",
		"S:554 nope",
		"C:QUIT",
	};
	int		 kinds[NELEM(a)];
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), kinds);
	ck_assert_int_eq(kinds[1], DLG_SECRET);
	no_secret("U1JWUTk");
	no_secret("U1JWUTK");
	ck_assert_str_eq(commands(), "QUIT");
	dlg_free(d);

	/* Pipelined AUTH data, a trailing blank after a word. */
	d = dlg_new(DLG_F_ALIGN);
	run(d, a, NELEM(a), kinds);
	ck_assert_int_eq(kinds[1], DLG_SECRET);
	ck_assert_int_eq(kinds[2], DLG_SECRET);
	no_secret("Ym9i");
	no_secret("YM9I");
	no_secret("c2Vj");
	ck_assert_str_eq(commands(), "AUTH MAIL QUIT");
	ck_assert_str_eq(replies(), "334:AUTH 334:AUTH 554:AUTH 554:MAIL");
	dlg_free(d);
}
END_TEST

/* An empty line is a command whose reply answers nothing named. */
START_TEST(test_dialog_empty_line)
{
	static const char *const s[] = {
		"S:220 ready",
		"C:",
		"S:500 5.5.2 Error: bad syntax",
	};
	struct dlg	*d = dlg_new(0);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "220:CONNECT 500:-");
	ck_assert_str_eq(ev[nev - 1].note, DLG_EMPTY_LINE);
	dlg_free(d);
}
END_TEST

/*
 * DLG_F_ALIGN: a bounce's ">>> DATA / <<< 550 / <<< 503" - the 550
 * answers a RCPT the excerpt does not show, the 503 answers DATA.
 */
START_TEST(test_dialog_align)
{
	static const char *const s[] = {
		"C:DATA",
		"S:550 5.1.1 <x@example.com>... User unknown",
		"S:503 5.0.0 Need RCPT (recipient)",
		"C:RSET",
		"S:421 4.7.0 too many errors",
	};
	static const char *const body[] = {
		"S:220 mx",
		"C:DATA",
		"S:354 go",
		"S:451 4.3.0 queue file write error",
		"C:QUIT",
		"S:221 bye",
	};
	struct dlg	*d = dlg_new(DLG_F_ALIGN);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "550:- 503:DATA 421:RSET");
	ck_assert_str_eq(ev[1].note, "-");	/* not an empty line */
	dlg_reset(d);
	run(d, body, NELEM(body), NULL);
	ck_assert_str_eq(replies(),
	    "220:CONNECT 354:DATA 451:END-OF-MESSAGE 221:QUIT");
	dlg_free(d);
}
END_TEST

/* dlg_idle: a greeting then means a new connection. */
START_TEST(test_dialog_idle)
{
	struct dlg	*d = dlg_new(DLG_F_ALIGN);
	struct dlg_pos	 p = { 1, 0, 0 };

	ck_assert_int_eq(dlg_idle(d), 0);
	dlg_server(d, "220 hi", 6, &p);
	ck_assert_int_eq(dlg_idle(d), 1);
	dlg_client(d, "STARTTLS", 8, &p);
	ck_assert_int_eq(dlg_idle(d), 0);
	dlg_server(d, "220 2.0.0 go ahead", 18, &p);
	ck_assert_int_eq(dlg_idle(d), 1);
	dlg_client(d, "DATA", 4, &p);
	dlg_server(d, "354 go", 6, &p);
	ck_assert_int_eq(dlg_in_body(d), 1);
	ck_assert_int_eq(dlg_idle(d), 0);
	take(d);
	dlg_free(d);
}
END_TEST

/* PRDR (draft-hall-prdr): 353, then one reply per accepted RCPT and one. */
START_TEST(test_dialog_prdr)
{
	static const char *const s[] = {
		"C:MAIL FROM:<a@example.org> PRDR",
		"S:250 ok",
		"C:RCPT TO:<b@example.net>",
		"S:250 ok",
		"C:RCPT TO:<c@example.net>",
		"S:250 ok",
		"C:DATA",
		"S:354 go",
		"C:.",
		"S:353 PRDR content analysis beginning",
		"S:550 refused for b",
		"S:250 accepted for c",
		"S:250 OK id=1",
		"C:QUIT",
		"S:221 bye",
	};
	struct dlg	*d = dlg_new(DLG_F_ALIGN);

	run(d, s, NELEM(s), NULL);
	ck_assert_str_eq(replies(), "250:MAIL 250:RCPT 250:RCPT 354:DATA "
	    "353:END-OF-MESSAGE 550:END-OF-MESSAGE 250:END-OF-MESSAGE "
	    "250:END-OF-MESSAGE 221:QUIT");
	dlg_free(d);
}
END_TEST

Suite *
dialog_suite(void)
{
	Suite	*s = suite_create("dialog");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_dialog_join);
	tcase_add_loop_test(tc, test_dialog_text_bound, 0, NELEM(bound));
	tcase_add_test(tc, test_dialog_cut_short);
	tcase_add_test(tc, test_dialog_pipelining);
	tcase_add_test(tc, test_dialog_body);
	tcase_add_test(tc, test_dialog_body_unseen);
	tcase_add_test(tc, test_dialog_bdat);
	tcase_add_test(tc, test_dialog_redaction);
	tcase_add_test(tc, test_dialog_redaction_no_334);
	tcase_add_test(tc, test_dialog_redaction_tab);
	tcase_add_test(tc, test_dialog_redaction_334_unseen);
	tcase_add_test(tc, test_dialog_empty_line);
	tcase_add_test(tc, test_dialog_align);
	tcase_add_test(tc, test_dialog_idle);
	tcase_add_test(tc, test_dialog_prdr);
	suite_add_tcase(s, tc);
	return s;
}
