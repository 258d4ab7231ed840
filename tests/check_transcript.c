/*
 * check_transcript.c - the transcript parser, one style per test: which
 * lines are dialogue, how sessions split, the direction each style
 * implies, and that no credential and no raw line leaves the parser.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A summary of the events of a run: "kind:command:code" per event. */
static char	 trace[8192];
static char	 keys[8][128];
static int	 nkeys;
static int	 dirs_in, dirs_out;
static char	 program[32];
static int	 results[4];		/* PARSE_USED.. counts; [3] errors */
static char	 all[16384];		/* every string field, for secrets */

static void
note_key(const char *k)
{
	int	i;

	if (k == NULL)
		return;
	for (i = 0; i < nkeys; i++)
		if (strcmp(keys[i], k) == 0)
			return;
	if (nkeys < 8)
		snprintf(keys[nkeys++], sizeof(keys[0]), "%s", k);
}

static void
collect(const struct parser_ops *ops, void *p)
{
	const struct smtp_event	*ev;
	size_t			n;

	while (ops->next(p, &ev) == 1) {
		n = strlen(trace);
		snprintf(trace + n, sizeof(trace) - n, "%s%s:%s:%d",
		    n ? " " : "", ev_kind_name(ev->kind),
		    ev->command ? ev->command : "-", ev->code);
		note_key(ev->session_key);
		if (ev->kind == EV_REPLY || ev->kind == EV_GREETING) {
			dirs_in += ev->dir == EV_DIR_IN;
			dirs_out += ev->dir == EV_DIR_OUT;
		}
		if (ev->program != NULL)
			snprintf(program, sizeof(program), "%s", ev->program);
		n = strlen(all);
		snprintf(all + n, sizeof(all) - n, "|%s|%s|%s|%s",
		    ev->arg ? ev->arg : "", ev->text ? ev->text : "",
		    ev->helo ? ev->helo : "", ev->note ? ev->note : "");
	}
}

/* run - the lines through the transcript parser, then its flush. */
static void
run(const char *const *lines, size_t n)
{
	const struct parser_ops	*ops = parser_find("transcript");
	struct parser_opts	 o = { "t.txt", 0, 0 };
	void			*p;
	size_t			 i;
	int			 r;

	ck_assert_ptr_nonnull(ops);
	trace[0] = all[0] = program[0] = '\0';
	nkeys = dirs_in = dirs_out = 0;
	memset(results, 0, sizeof(results));
	p = ops->open(&o);
	for (i = 0; i < n; i++) {
		r = ops->push(p, lines[i], strlen(lines[i]), i + 1);
		ck_assert_msg(r != PARSE_UNRECOGNIZED && r != PARSE_ERROR,
		    "%s: result %d", lines[i], r);
		results[r]++;
		collect(ops, p);
	}
	ops->flush(p);
	collect(ops, p);
	ops->close(p);
}

/* has - the trace holds this sequence of "kind:command:code" items. */
static void
has(const char *want)
{
	ck_assert_msg(strstr(trace, want) != NULL, "trace \"%s\"\nlacks \"%s\"",
	    trace, want);
}

static int
count(const char *item)
{
	const char	*t = trace;
	int		 n = 0;
	size_t		 l = strlen(item);

	while ((t = strstr(t, item)) != NULL) {
		if ((t == trace || t[-1] == ' ') && (t[l] == ' ' || t[l] == '\0'))
			n++;
		t += l;
	}
	return n;
}

START_TEST(test_transcript_swaks)
{
	static const char *const l[] = {
		"=== Trying mail.example.net:587...",
		"=== Connected to mail.example.net.",
		"<-  220 mail.example.net ESMTP",
		" -> EHLO laptop",
		"<-  250-mail.example.net",
		"<-  250 AUTH LOGIN",
		" -> AUTH LOGIN",
		"<-  334 VXNlcm5hbWU6",
		" -> c3dha3MtdXNlcg==",
		"<-  334 UGFzc3dvcmQ6",
		" -> c3dha3Mtc2VjcmV0",
		"<** 535 5.7.8 failed",
		" -> MAIL FROM:<a@example.org>",
		"<** 530 5.7.0 Authentication required",
		" -> QUIT",
		"<-  221 bye",
		"=== Connection closed with remote host.",
		"=== Trying mail.example.net:25...",
		"<-  220 mail.example.net ESMTP",
		" ~> QUIT",
		"<~  221 bye",
	};

	run(l, NELEM(l));
	has("connect:-:0 greeting:CONNECT:220 command:EHLO:0 helo:EHLO:0 "
	    "reply:EHLO:250 command:AUTH:0 reply:AUTH:334 reply:AUTH:334 "
	    "reply:AUTH:535 command:MAIL:0 reply:MAIL:530 command:QUIT:0 "
	    "reply:QUIT:221 disconnect:-:0 connect:-:0 greeting:CONNECT:220");
	ck_assert_int_eq(nkeys, 2);
	ck_assert_str_eq(keys[0], "t.txt#1");
	ck_assert_str_eq(keys[1], "t.txt#2");
	ck_assert_int_eq(count("disconnect:-:0"), 2);
	ck_assert_int_eq(dirs_in, 0);	/* swaks is the client */
	ck_assert_str_eq(program, "swaks");
	ck_assert_ptr_null(strstr(all, "c3dha3M"));
}
END_TEST

START_TEST(test_transcript_smtplib)
{
	static const char *const l[] = {
		"connect: ('smtp.example.com', 587)",
		"connect: to ('smtp.example.com', 587) None",
		"reply: b'220 smtp.example.com ESMTP\\r\\n'",
		"reply: retcode (220); Msg: b'smtp.example.com ESMTP'",
		"connect: b'smtp.example.com ESMTP'",
		"send: 'ehlo [127.0.0.1]\\r\\n'",
		"reply: b'250-smtp.example.com\\r\\n'",
		"reply: b'250 AUTH PLAIN\\r\\n'",
		"send: 'AUTH PLAIN AHB5AHNtdHBsaWItc2VjcmV0\\r\\n'",
		"reply: b'235 2.7.0 ok\\r\\n'",
		"send: 'mail FROM:<a@example.org>\\r\\n'",
		"reply: b'250 ok\\r\\n'",
		"send: 'rcpt TO:<b@example.net>\\r\\n'",
		"reply: b'250 ok\\r\\n'",
		"send: 'data\\r\\n'",
		"reply: b'354 go\\r\\n'",
		"data: (354, b'go')",
		"send: b'Subject: x\\r\\n\\r\\nQUIT\\r\\n250 fake\\r\\n.\\r\\n'",
		"reply: b'554 5.7.1 spam\\r\\n'",
		"send: 'quit\\r\\n'",
		"reply: b'221 bye\\r\\n'",
	};

	run(l, NELEM(l));
	has("connect:-:0 greeting:CONNECT:220 command:EHLO:0");
	has("command:DATA:0 reply:DATA:354 reply:END-OF-MESSAGE:554 "
	    "command:QUIT:0 reply:QUIT:221 disconnect:-:0");
	ck_assert_int_eq(nkeys, 1);
	ck_assert_int_eq(count("command:QUIT:0"), 1);	/* not the body's */
	ck_assert_ptr_null(strstr(all, "AHB5AHNtdHBsaWItc2VjcmV0"));
	ck_assert_ptr_nonnull(strstr(all, "PLAIN [redacted]"));
	ck_assert_str_eq(program, "smtplib");
}
END_TEST

/* "C:"/"S:" indented as in RFC 5321 D, "C>"/"S>", prose between. */
START_TEST(test_transcript_cs)
{
	static const char *const l[] = {
		"D.2.  Aborted SMTP Transaction Scenario",
		"",
		"      S: 220 foo.com Simple Mail Transfer Service Ready",
		"      C: EHLO bar.com",
		"      S: 250-foo.com greets bar.com",
		"      S: 250 HELP",
		"      C: RSET",
		"      S: 250 OK",
		"      C: QUIT",
		"      S: 221 foo.com Service closing transmission channel",
		"   The relay host then forwards the message:",
		"S> 220 xyz.com ready",
		"C> MAIL FROM:<a@bar.com>",
		"S> 503 5.5.1 send HELO first",
	};

	run(l, NELEM(l));
	has("reply:QUIT:221 disconnect:-:0 connect:-:0 greeting:CONNECT:220 "
	    "command:MAIL:0 reply:MAIL:503");
	ck_assert_int_eq(nkeys, 2);
	ck_assert_int_eq(results[PARSE_IGNORED], 3);
}
END_TEST

/* Sendmail's ">>>"/"<<<": its own unprefixed error lines are prose. */
START_TEST(test_transcript_sendmail)
{
	static const char *const l[] = {
		"   ----- Transcript of session follows -----",
		"... while talking to mx.example.com.:",
		">>> DATA",
		"<<< 550 5.1.1 <x@example.com>... User unknown",
		"550 5.1.1 <x@example.com>... User unknown",
		"<<< 503 5.0.0 Need RCPT (recipient)",
	};

	run(l, NELEM(l));
	ck_assert_str_eq(trace, "command:DATA:0 reply:-:550 reply:DATA:503");
	ck_assert_int_eq(dirs_out, 2);
	ck_assert_str_eq(program, "sendmail");
	ck_assert_int_eq(results[PARSE_IGNORED], 3);
}
END_TEST

/* Postfix's "In:"/"Out:": the server's transcript, so inbound. */
START_TEST(test_transcript_postfix_dsn)
{
	static const char *const l[] = {
		" Out: 220 mx1.example.org ESMTP Postfix",
		" In:  EHLO client.example",
		" Out: 250-mx1.example.org",
		" Out: 250 DSN",
		" In:  RCPT TO:<a@example.net>",
		" Out: 554 5.7.1 <a@example.net>: Relay access denied",
	};

	run(l, NELEM(l));
	has("greeting:CONNECT:220 command:EHLO:0 helo:EHLO:0 reply:EHLO:250 "
	    "command:RCPT:0 reply:RCPT:554");
	ck_assert_int_eq(dirs_in, 3);
	ck_assert_int_eq(dirs_out, 0);
}
END_TEST

/* Exim's test client: literal "\r\n" joins pipelined lines. */
START_TEST(test_transcript_exim_client)
{
	static const char *const l[] = {
		"Connecting to 127.0.0.1 port 1225 ... connected",
		"??? 220",
		"<<< 220 myhost.test.ex ESMTP Exim x.yz",
		">>> ehlo abcd\\r\\nmail from:<userx@test.ex>",
		"??? 554",
		"<<< 554 SMTP synchronization error",
		"End of script",
		"Connecting to 127.0.0.1 port 1225 ... connected",
		"<<< 220 myhost.test.ex ESMTP Exim x.yz",
		">>> helo abcd",
		"<<< 250 myhost.test.ex Hello abcd",
	};

	run(l, NELEM(l));
	has("connect:-:0 greeting:CONNECT:220 command:EHLO:0 helo:EHLO:0 "
	    "command:MAIL:0 reply:EHLO:554 disconnect:-:0 connect:-:0");
	ck_assert_int_eq(nkeys, 2);
	ck_assert_int_eq(dirs_out, 0);
	ck_assert_str_eq(program, "exim-test");
}
END_TEST

/* Exim -bh: server replies only; each greeting after a 221 is a session. */
START_TEST(test_transcript_replies_only)
{
	static const char *const l[] = {
		"",
		"**** SMTP testing session as if from host 10.10.10.10",
		"**** This is not for real!",
		"",
		"220 the.local.host.name ESMTP Exim x.yz",
		"501 Syntactically invalid HELO argument(s)",
		"500 unrecognized command",
		"221 the.local.host.name closing connection",
		"220 the.local.host.name ESMTP Exim x.yz",
		"503 sender not yet given",
	};

	run(l, NELEM(l));
	ck_assert_str_eq(trace, "connect:-:0 greeting:CONNECT:220 reply:-:501 "
	    "reply:-:500 reply:-:221 disconnect:-:0 connect:-:0 "
	    "greeting:CONNECT:220 reply:-:503");
	ck_assert_int_eq(nkeys, 2);
}
END_TEST

/* Excerpts separated by a blank line are separate sessions. */
START_TEST(test_transcript_blocks)
{
	static const char *const l[] = {
		">>> DATA",
		"<<< 550 5.1.1 no such user",
		"<<< 503 5.0.0 Need RCPT",
		"",
		">>> DATA",
		"<<< 554 5.5.1 no valid recipients",
		">>> QUIT",
		"",
		"<<< 221 bye",
	};

	run(l, NELEM(l));
	ck_assert_str_eq(trace, "command:DATA:0 reply:-:550 reply:DATA:503 "
	    "command:DATA:0 reply:DATA:554 command:QUIT:0 reply:QUIT:221 "
	    "disconnect:-:0");
	ck_assert_int_eq(nkeys, 2);	/* QUIT was waiting: no split */
}
END_TEST

/* "<"/">": the side whose first line is a reply is the server. */
START_TEST(test_transcript_angle)
{
	static const char *const l[] = {
		"> 220 mx ready",
		"< EHLO me",
		"> 250 mx",
		"< XYZZY",
		"> 502 5.5.2 Error: command not recognized",
	};

	run(l, NELEM(l));
	has("greeting:CONNECT:220 command:EHLO:0 helo:EHLO:0 reply:EHLO:250 "
	    "command:XYZZY:0 reply:XYZZY:502");
}
END_TEST

/* telnet and openssl captures: chatter before the greeting is ignored. */
START_TEST(test_transcript_bare)
{
	static const char *const l[] = {
		"Trying 192.0.2.25...",
		"Connected to mx.example.com.",
		"Escape character is '^]'.",
		"220 mx.example.com ESMTP",
		"---",
		"Post-Handshake New Session Ticket arrived:",
		"    Protocol  : TLSv1.3",
		"---",
		"read R BLOCK",
		"HELO me",
		"250 mx.example.com",
		"DATA",
		"354 go",
		"250 this is content",
		"MAIL FROM:<content@example.org>",
		".",
		"554 5.7.1 rejected",
		"QUIT",
		"221 bye",
		"Connection closed by foreign host.",
	};

	run(l, NELEM(l));
	ck_assert_str_eq(trace, "connect:-:0 greeting:CONNECT:220 "
	    "command:HELO:0 helo:HELO:0 reply:HELO:250 command:DATA:0 "
	    "reply:DATA:354 reply:END-OF-MESSAGE:554 command:QUIT:0 "
	    "reply:QUIT:221 disconnect:-:0");
	ck_assert_int_eq(dirs_in, 0);	/* telnet: the client's capture */
}
END_TEST

START_TEST(test_transcript_probe)
{
	const struct parser_ops	*t = parser_find("transcript");
	const struct parser_ops	*pf = parser_find("postfix");
	static const char *const yes[] = {
		" -> EHLO x", "<-  220 x", "C: EHLO x", ">>> DATA",
		" In:  EHLO x", "send: 'ehlo x\\r\\n'", "220 mx ESMTP",
	};
	static const char *const no[] = {
		"Nov 21 10:14:52 mx1 postfix/smtpd[20610]: connect from x[1.2.3.4]",
		"hello world", "",
	};
	size_t	i;

	for (i = 0; i < NELEM(yes); i++)
		ck_assert_msg(t->probe(yes[i], strlen(yes[i])) >= 50, "%s",
		    yes[i]);
	for (i = 0; i < NELEM(no); i++)
		ck_assert_msg(t->probe(no[i], strlen(no[i])) == 0, "%s",
		    no[i]);
	{
		const char	*lines[] = { " -> EHLO x", "<-  250 x" };
		size_t		 lens[] = { 10, 9 };

		ck_assert_ptr_eq(parser_detect(lines, lens, 2), t);
		/* Syslog lines are no transcript, and Postfix's are read by
		 * their envelope, not detected. */
		lines[0] = no[0];
		lens[0] = strlen(no[0]);
		lines[1] = no[0];
		lens[1] = lens[0];
		ck_assert_ptr_null(parser_detect(lines, lens, 2));
		(void)pf;
	}
}
END_TEST

Suite *
transcript_suite(void)
{
	Suite	*s = suite_create("transcript");
	TCase	*tc = tcase_create("styles");

	tcase_add_test(tc, test_transcript_swaks);
	tcase_add_test(tc, test_transcript_smtplib);
	tcase_add_test(tc, test_transcript_cs);
	tcase_add_test(tc, test_transcript_sendmail);
	tcase_add_test(tc, test_transcript_postfix_dsn);
	tcase_add_test(tc, test_transcript_exim_client);
	tcase_add_test(tc, test_transcript_replies_only);
	tcase_add_test(tc, test_transcript_blocks);
	tcase_add_test(tc, test_transcript_angle);
	tcase_add_test(tc, test_transcript_bare);
	tcase_add_test(tc, test_transcript_probe);
	suite_add_tcase(s, tc);
	return s;
}
