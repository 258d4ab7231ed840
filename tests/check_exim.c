/*
 * check_exim.c - tests for the Exim parser (parsers/exim*.c): one table
 * row per line kind, copied from the real logs in the shared corpus (the
 * comment names the file) or written here from Exim's source formats
 * (said so); timestamps and message ids; sessions keyed by pid or by
 * client; rejectlog header dumps; hostile input; detection.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/event.h"
#include "parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXEV		8

struct run {
	void			*p;
	unsigned long		 lineno;
	int			 result;
	int			 nev;
	struct smtp_event	 ev[MAXEV];
};

static void
utc_setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
run_open(struct run *r)
{
	struct parser_opts	o = { "test.log", 2022, 0 };

	memset(r, 0, sizeof(*r));
	r->p = parser_exim.open(&o);
	ck_assert(r->p != NULL);
}

static void
run_close(struct run *r)
{
	parser_exim.close(r->p);
	r->p = NULL;
}

/* check_event - absent strings are NULL, never ""; an inferred code has
 * a why and only then. */
static void
check_event(const struct smtp_event *ev)
{
	/* Every string field (event.h's list). */
#define FIELD(name)	ev->name,
	const char *const s[] = { EV_STRINGS(FIELD) };
#undef FIELD
	size_t	i;

	ck_assert_int_lt(ev->kind, EV__COUNT);
	for (i = 0; i < NELEM(s); i++)
		ck_assert_msg(s[i] == NULL || s[i][0] != '\0',
		    "field %zu is \"\"", i);
	ck_assert((ev->code == 0) == (ev->code_src == EV_CODE_NONE));
	ck_assert((ev->why != NULL) == (ev->code_src == EV_CODE_INFERRED));
	ck_assert_str_eq(ev->file, "test.log");
	ck_assert_int_eq(ev->ncounters, 0);
}

static void
push(struct run *r, const char *line)
{
	size_t			 len = strlen(line);
	char			*copy = malloc(len + 1);
	const struct smtp_event	*e;

	ck_assert(copy != NULL);
	memcpy(copy, line, len + 1);
	r->result = parser_exim.push(r->p, copy, len, ++r->lineno);
	free(copy);
	r->nev = 0;
	while (r->nev < MAXEV && parser_exim.next(r->p, &e) == 1) {
		r->ev[r->nev] = *e;
		check_event(&r->ev[r->nev++]);
	}
	while (parser_exim.next(r->p, &e) == 1)
		r->nev++;
}

/*
 * One line and one of its events (index idx).  A string NULL is not
 * checked, "-" must be absent; code, src, dir always; port, pid, when
 * only when non-zero.
 */
struct xcase {
	const char	*line;
	int		 result, nev, idx;
	int		 kind, code, src, dir;
	int		 client_port, relay_port;
	long		 pid;
	long long	 when;
	int		 usec;
	const char	*command, *text, *enhanced, *session_key, *message_key;
	const char	*queue_id, *client_ip, *client_name, *helo, *from, *to;
	const char	*relay_ip, *relay_name, *status, *note, *related_id;
	const char	*related_key, *message_id, *whyp;
};

static const struct xcase cases[] = {
	/* ddgrey-mainlog: ACL deny at RCPT, no port, no pid: 550 implied */
	{ .line = "2020-02-22 00:48:43 H=([185.143.223.163]) "
	    "[185.143.223.168] F=<fhlon4qcwjl2f1m@mirdifphysiorehab.com> "
	    "rejected RCPT <explain@dissonantia.se>: Unrouteable address",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "RCPT", .text = "Unrouteable address",
	    .when = 1582332523, .client_ip = "185.143.223.168",
	    .client_name = "-", .helo = "[185.143.223.163]",
	    .from = "fhlon4qcwjl2f1m@mirdifphysiorehab.com",
	    .to = "explain@dissonantia.se", .session_key =
	    "exim/[185.143.223.168]", .message_key = "-",
	    .whyp = "Exim answers an ACL deny at RCPT with 550" },
	/* crowdsec-exim-logs.log: with port, TLS fields */
	{ .line = "2022-06-29 13:54:29 H=(smtpclient.test) [1.136.28.14]:17125"
	    " X=TLS1.3:TLS_AES_128_GCM_SHA256:128 CV=no F=<info@toto.com.au> "
	    "rejected RCPT <tutu@titi.com.au>: SMTP AUTH is required for "
	    "message submission on port 587",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "RCPT", .client_port = 17125,
	    .client_ip = "1.136.28.14", .helo = "smtpclient.test",
	    .from = "info@toto.com.au", .to = "tutu@titi.com.au",
	    .text = "SMTP AUTH is required for message submission on port 587"},
	/* crowdsec-exim-logs.log: connect ACL defer: 451 */
	{ .line = "2022-06-29 14:33:43 H=test.sa.com [1.2.3.4]:18146 "
	    "temporarily rejected connection in \"connect\" ACL: \"Host is "
	    "ratelimited (1.9/1h max:1.2)\"",
	    .nev = 1, .kind = EV_REJECT, .code = 451, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "CONNECT", .client_name = "test.sa.com",
	    .client_port = 18146 },
	/* testsuite-log-0536 (exim test suite): the ACL message sets the
	 * code, so the log shows it */
	{ .line = "1999-03-02 09:44:33 U=CALLER F=<> rejected RCPT "
	    "<user4@test.ex>: 599 5.2.3 Main and extended code",
	    .nev = 1, .kind = EV_REJECT, .code = 599, .src = EV_CODE_LOGGED,
	    .dir = EV_DIR_IN, .command = "RCPT", .enhanced = "5.2.3",
	    .text = "Main and extended code", .from = "<>",
	    .session_key = "exim/U=CALLER" },
	/* testsuite-log-0027: no ACL message: Exim's default text */
	{ .line = "1999-03-02 09:44:33 U=CALLER F=<x@y> rejected RCPT <a@b>",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .text = "Administrative prohibition" },
	/* testsuite-log-0458: MAIL deny */
	{ .line = "1999-03-02 09:44:33 H=(rhu.barb) [127.0.0.1]:10003 "
	    "I=[127.0.0.1]:PORT_D rejected MAIL <deny@test.ex>",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "MAIL", .client_port = 10003,
	    .from = "deny@test.ex", .text = "Administrative prohibition" },
	/* testsuite-rejectlog-0027: DATA ACL with a message id */
	{ .line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 U=CALLER F=<> "
	    "temporarily rejected after DATA: cannot verify recipient in ACL "
	    "for DATA",
	    .nev = 1, .kind = EV_REJECT, .code = 451, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "END-OF-MESSAGE",
	    .queue_id = "10HmaX-000000005vi-0000",
	    .message_key = "exim/10HmaX-000000005vi-0000" },
	/* testsuite-log-0019: syntax error, unrecognized command: 500 */
	{ .line = "1999-03-02 09:44:33 SMTP syntax error in \"rhubarb\" "
	    "U=CALLER unrecognized command",
	    .nev = 1, .kind = EV_REJECT, .code = 500, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "UNKNOWN",
	    .text = "unrecognized command" },
	/* testsuite-log-0019: other syntax errors: 501 */
	{ .line = "1999-03-02 09:44:33 SMTP syntax error in \"etrn abc\" "
	    "U=CALLER argument must begin with #",
	    .nev = 1, .kind = EV_REJECT, .code = 501, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "ETRN" },
	/* testsuite-log-0458: protocol error, 503 */
	{ .line = "1999-03-02 09:44:33 SMTP protocol error in \"DATA\" "
	    "H=(rhu.barb) [127.0.0.1]:10002 I=[127.0.0.1]:PORT_D valid RCPT "
	    "command must precede DATA",
	    .nev = 1, .kind = EV_REJECT, .code = 503, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "DATA", .client_port = 10002,
	    .text = "valid RCPT command must precede DATA" },
	/* sshguard tests-exim.log: a logwatch suffix: text unknown, no code */
	{ .line = "2018-06-03 13:16:08 SMTP protocol error in \"AUTH LOGIN\" "
	    "H=(mail.example.com) [123.24.161.123] AUTH command used when not "
	    "advertised: 1 Time(s)",
	    .nev = 1, .kind = EV_REJECT, .code = 0, .src = EV_CODE_NONE,
	    .dir = EV_DIR_IN, .command = "AUTH" },
	/* written from smtp_in.c: AUTH not advertised, 4.97 Ci= field */
	{ .line = "2024-09-10 02:20:07.641 [20764] SMTP protocol error in "
	    "\"AUTH LOGIN\" H=(User) [203.0.113.7]:58870 I=[198.51.100.1]:25 "
	    "Ci=111810 AUTH command used when not advertised",
	    .nev = 1, .kind = EV_REJECT, .code = 503, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "AUTH", .pid = 20764,
	    .when = 1725934807, .usec = 641000, .session_key = "exim[20764]",
	    .client_port = 58870 },
	/* testsuite-log-0300: synchronization error: 554 */
	{ .line = "1999-03-02 09:44:33 SMTP protocol synchronization error "
	    "(next input sent too soon: pipelining was not advertised): "
	    "rejected \"mail from:<userx@test.ex>\" H=(abcd) [127.0.0.1] next "
	    "input=\"rcpt to<suppressed>\"",
	    .nev = 2, .kind = EV_REJECT, .code = 554, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "MAIL",
	    .text = "SMTP synchronization error" },
	{ .line = "1999-03-02 09:44:33 SMTP protocol synchronization error "
	    "(input sent without waiting for greeting): rejected connection "
	    "from H=[127.0.0.1] input=\"helo abcd\\r\\n\"",
	    .nev = 2, .idx = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN,
	    .client_ip = "127.0.0.1", .note = "synchronization error" },
	/* testsuite-log-0637: too many errors: no code (it repeats the
	 * triggering error's) */
	{ .line = "1999-03-02 09:44:33 SMTP call from [127.0.0.1] dropped: "
	    "too many syntax or protocol errors (last command was \"mail "
	    "from:<u4@cus.cam.ac.uk>\",  C=MAIL,MAIL,MAIL,MAIL)",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN,
	    .note = "too many syntax or protocol errors" },
	/* testsuite-log-0637: MAIL without HELO */
	{ .line = "1999-03-02 09:44:33 rejected MAIL from [127.0.0.1]: no "
	    "HELO/EHLO given",
	    .nev = 1, .kind = EV_REJECT, .code = 503, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "MAIL",
	    .text = "HELO or EHLO required" },
	/* written from smtp_in.c: too many nonmail commands */
	{ .line = "2026-11-23 06:56:20 SMTP call from (x) [192.0.2.9]:4242 "
	    "dropped: too many nonmail commands (last was \"RSET\")",
	    .nev = 2, .kind = EV_REJECT, .code = 554, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "RSET" },
	/* testsuite-log-0019: invalid HELO argument: 501 */
	{ .line = "1999-03-02 09:44:33 rejected HELO from CALLER: "
	    "syntactically invalid argument(s): !@#$%^&*(",
	    .nev = 1, .kind = EV_REJECT, .code = 501, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "HELO" },
	/* crowdsec-exim-bf.log: authenticator failure, code logged */
	{ .line = "2022-06-29 16:04:08 dovecot_login authenticator failed for "
	    "ppp-1-2-3-4.test.test.co.th ([1.2.3.5]) [1.2.3.4]:51451: 535 "
	    "Incorrect authentication data (set_id=info1@test.com)",
	    .nev = 1, .kind = EV_REJECT, .code = 535, .src = EV_CODE_LOGGED,
	    .dir = EV_DIR_IN, .command = "AUTH", .client_port = 51451,
	    .client_name = "ppp-1-2-3-4.test.test.co.th", .helo = "[1.2.3.5]",
	    .text = "Incorrect authentication data (set_id=info1@test.com)" },
	/* crowdsec-exim-syslog-logs.log: syslog'd, pid from syslog */
	{ .line = "Jun 29 15:33:46 server exim[1234]: H=test.com [1.2.3.4]:53343"
	    " F=<info@test.com> rejected RCPT <toto@toto.com>: \"JunkMail "
	    "rejected - test.com [1.2.3.4]:53343 is in an RBL: "
	    "https://www.spamhaus.org/sbl/query/SBLCSS\"",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "RCPT", .pid = 1234,
	    .session_key = "server/exim[1234]", .when = 1656516826 },
	/* written: syslog'd with syslog_timestamp (Exim's default) and +pid:
	 * Exim's stamp and pid repeat inside the message */
	{ .line = "Nov 23 06:56:20 mx1 exim[4821]: 2022-11-23 06:56:20 [4821] "
	    "1kXYZa-000abc-12 Completed",
	    .nev = 1, .kind = EV_MSG_REMOVED, .pid = 4821,
	    .queue_id = "1kXYZa-000abc-12",
	    .message_key = "mx1/exim/1kXYZa-000abc-12" },
	/* written: 4.97 message id, fraction and zone: arrival */
	{ .line = "2026-11-23 06:56:20.123 +0100 1rXYZa-00000000abc-ABCD <= "
	    "alice@example.org H=mx.example.net [192.0.2.1]:41234 P=esmtps "
	    "S=1234 id=abc@example.org",
	    .nev = 2, .kind = EV_MSG_QUEUED, .dir = EV_DIR_IN,
	    .when = 1795413380, .usec = 123000,
	    .queue_id = "1rXYZa-00000000abc-ABCD",
	    .message_key = "exim/1rXYZa-00000000abc-ABCD",
	    .client_ip = "192.0.2.1", .client_port = 41234 },
	{ .line = "2026-11-23 06:56:20.123 +0100 1rXYZa-00000000abc-ABCD <= "
	    "alice@example.org H=mx.example.net [192.0.2.1]:41234 P=esmtps "
	    "S=1234 id=abc@example.org",
	    .nev = 2, .idx = 1, .kind = EV_MSG_INFO,
	    .from = "alice@example.org", .message_id = "abc@example.org" },
	/* ddgrey-mainlog: bounce linking to the original with R= */
	{ .line = "2020-02-22 07:09:24 1j5Nye-0004Xw-5I <= <> "
	    "R=1j5NyY-0004Xp-NZ U=Debian-exim P=local S=2233",
	    .nev = 3, .idx = 2, .kind = EV_BOUNCE,
	    .queue_id = "1j5NyY-0004Xp-NZ",
	    .message_key = "exim/1j5NyY-0004Xp-NZ",
	    .related_id = "1j5Nye-0004Xw-5I",
	    .related_key = "exim/1j5Nye-0004Xw-5I" },
	/* ddgrey-mainlog: delivery */
	{ .line = "2020-02-22 01:02:05 1j5IF1-0006A7-Ub => per@rosnix.net "
	    "<root@edward.rosnix.net> R=dnslookup_vpn T=remote_smtp_smarthost "
	    "H=dront.rosnix [192.168.120.5]",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .status = "sent",
	    .to = "per@rosnix.net", .relay_ip = "192.168.120.5",
	    .relay_name = "dront.rosnix", .queue_id = "1j5IF1-0006A7-Ub" },
	/* ddgrey-mainlog: remote 554 after end of data, old format */
	{ .line = "2020-02-22 07:09:24 1j5NyY-0004Xp-NZ ** "
	    "ronnienorcross@yahoo.com R=dnslookup T=remote_smtp: SMTP error "
	    "from remote mail server after end of data: host "
	    "mta5.am0.yahoodns.net [67.195.204.72]: 554 delivery error: dd "
	    "This user doesn't have a yahoo.com account "
	    "(ronnienorcross@yahoo.com) [-9] - mta4420.mail.bf1.yahoo.com",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 554,
	    .src = EV_CODE_LOGGED, .command = "END-OF-MESSAGE",
	    .status = "bounced", .relay_ip = "67.195.204.72",
	    .relay_name = "mta5.am0.yahoodns.net",
	    .to = "ronnienorcross@yahoo.com" },
	/* ddgrey-mainlog: remote 550 after MAIL FROM */
	{ .line = "2020-02-22 08:47:17 1j5PVL-00068g-Vf ** wwyc@sbcglobal.net "
	    "R=dnslookup T=remote_smtp: SMTP error from remote mail server "
	    "after MAIL FROM:<noreply@pilgrimbrevet.se>: host "
	    "ff-ip4-mx-vip2.prodigy.net [144.160.159.22]: 550 5.7.1 "
	    "Connections not accepted from servers without a valid sender "
	    "domain.flph831 Fix reverse DNS for 95.142.170.63",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 550,
	    .src = EV_CODE_LOGGED, .command = "MAIL", .enhanced = "5.7.1" },
	/* testsuite-log-0227: deferral, new format with H= before */
	{ .line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 == "
	    "rmt_defer@test.ex R=r2 T=smtp defer (-44) H=127.0.0.1 "
	    "[127.0.0.1]: SMTP error from remote mail server after RCPT "
	    "TO:<rmt_defer@test.ex>: 451 Temporary local problem - please try "
	    "later",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 451,
	    .src = EV_CODE_LOGGED, .command = "RCPT", .status = "deferred",
	    .relay_ip = "127.0.0.1" },
	/* ddgrey-mainlog: a router failure: no remote reply */
	{ .line = "2020-02-22 01:41:08 1j4ZTB-0001Sv-P4 ** "
	    "noreply@pilgrimbrevet.se: Unrouteable address",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT,
	    .status = "bounced", .to = "noreply@pilgrimbrevet.se",
	    .text = "Unrouteable address" },
	/* ddgrey-mainlog */
	{ .line = "2020-02-22 01:02:05 1j5IF1-0006A7-Ub Completed",
	    .nev = 1, .kind = EV_MSG_REMOVED, .queue_id = "1j5IF1-0006A7-Ub" },
	/* ddgrey-mainlog: local_scan rejection: 550 whatever the text */
	{ .line = "2020-02-22 00:58:55 1j5IBw-00064P-De "
	    "F=toyaedypo@evowpmy.com H=xdsl-178-35-123-109.soes.su "
	    "(evowpmy.com) [178.35.123.109] P=smtp rejected by local_scan(): "
	    "Rejected",
	    .nev = 1, .kind = EV_REJECT, .code = 550, .src = EV_CODE_INFERRED,
	    .dir = EV_DIR_IN, .command = "END-OF-MESSAGE", .text = "Rejected",
	    .from = "toyaedypo@evowpmy.com", .helo = "evowpmy.com",
	    .queue_id = "1j5IBw-00064P-De" },
	/* ddgrey-mainlog: SA-Exim line that looks like a syslog prefix */
	{ .line = "2020-02-22 00:58:46 1j5IBw-00064P-De SA: Debug: "
	    "SAEximRunCond expand returned: 'true'", .nev = 1,
	    .kind = EV_MSG_INFO, .queue_id = "1j5IBw-00064P-De" },
	/* ddgrey-mainlog */
	{ .line = "2020-02-22 00:48:43 unexpected disconnection while reading "
	    "SMTP command from ([185.143.223.163]) [185.143.223.168]",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN,
	    .client_ip = "185.143.223.168", .note = "lost connection" },
	/* testsuite-log-0180 (exim test suite) */
	{ .line = "1999-03-02 09:44:33 SMTP connection from localhost "
	    "(myhost.test.ex) [127.0.0.1] D=qqs closed by QUIT",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN,
	    .note = "closed by QUIT", .client_name = "localhost" },
	/* written from smtp_in.c: connect with pid */
	{ .line = "2026-11-23 06:56:20 [4821] SMTP connection from "
	    "(helo.example) [192.0.2.44]:51234 (TCP/IP connection count = 1)",
	    .nev = 1, .kind = EV_CONNECT, .dir = EV_DIR_IN, .pid = 4821,
	    .session_key = "exim[4821]", .client_port = 51234 },
	/* written from Exim's messages: paniclog noise is ignored */
	{ .line = "2026-11-23 06:56:20 socket bind() to port 25 for address "
	    "(any IPv4) failed: Address already in use: waiting before trying "
	    "again", .result = PARSE_IGNORED },
	{ .line = "2026-11-23 06:56:20 failed to open DB file "
	    "/var/spool/exim4/db/retry: Permission denied",
	    .result = PARSE_IGNORED },
	/* not Exim: another program in a syslog'd log */
	{ .line = "Jun 29 15:33:46 server dovecot[99]: imap-login: Login",
	    .result = PARSE_IGNORED },
	{ .line = "", .result = PARSE_IGNORED },
	{ .line = "******** SERVER ********", .result = PARSE_IGNORED },
	/* testsuite-log-0612: a logwrite of the test configuration */
	{ .line = "1999-03-02 09:44:33 playout",
	    .result = PARSE_UNRECOGNIZED },
};

static void
check_str(const char *line, const char *name, const char *got,
    const char *want)
{
	if (want == NULL)
		return;
	if (strcmp(want, "-") == 0)
		ck_assert_msg(got == NULL, "%s\n%s: got \"%s\", want absent",
		    line, name, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s\n%s: got \"%s\", want \"%s\"", line, name,
		    got ? got : "(null)", want);
}

START_TEST(test_exim_line)
{
	const struct xcase	*c = &cases[_i];
	const struct smtp_event	*ev;
	struct run		 r;

	run_open(&r);
	push(&r, c->line);
	ck_assert_msg(r.result == c->result, "%s\nresult: got %d, want %d",
	    c->line, r.result, c->result);
	ck_assert_msg(r.nev == c->nev, "%s\nevents: got %d, want %d", c->line,
	    r.nev, c->nev);
	if (c->nev > 0) {
		ev = &r.ev[c->idx];
		ck_assert_msg(ev->kind == (enum ev_kind)c->kind,
		    "%s\nkind: got %s, want %s", c->line,
		    ev_kind_name(ev->kind), ev_kind_name(c->kind));
		ck_assert_msg(ev->code == c->code, "%s\ncode: got %d, want %d",
		    c->line, ev->code, c->code);
		ck_assert_int_eq(ev->code_src, c->src);
		ck_assert_int_eq(ev->dir, c->dir);
		if (c->client_port)
			ck_assert_int_eq(ev->client_port, c->client_port);
		if (c->relay_port)
			ck_assert_int_eq(ev->relay_port, c->relay_port);
		if (c->pid)
			ck_assert_int_eq(ev->pid, c->pid);
		if (c->when) {
			ck_assert_int_eq(ev->when, c->when);
			ck_assert_int_eq(ev->usec, c->usec);
		}
		check_str(c->line, "command", ev->command, c->command);
		check_str(c->line, "text", ev->text, c->text);
		check_str(c->line, "enhanced", ev->enhanced, c->enhanced);
		check_str(c->line, "session_key", ev->session_key,
		    c->session_key);
		check_str(c->line, "message_key", ev->message_key,
		    c->message_key);
		check_str(c->line, "queue_id", ev->queue_id, c->queue_id);
		check_str(c->line, "client_ip", ev->client_ip, c->client_ip);
		check_str(c->line, "client_name", ev->client_name,
		    c->client_name);
		check_str(c->line, "helo", ev->helo, c->helo);
		check_str(c->line, "from", ev->from, c->from);
		check_str(c->line, "to", ev->to, c->to);
		check_str(c->line, "relay_ip", ev->relay_ip, c->relay_ip);
		check_str(c->line, "relay_name", ev->relay_name, c->relay_name);
		check_str(c->line, "status", ev->status, c->status);
		check_str(c->line, "note", ev->note, c->note);
		check_str(c->line, "related_id", ev->related_id, c->related_id);
		check_str(c->line, "related_key", ev->related_key,
		    c->related_key);
		check_str(c->line, "message_id", ev->message_id,
		    c->message_id);
		if (c->whyp != NULL)
			ck_assert_msg(ev->why != NULL && strncmp(ev->why,
			    c->whyp, strlen(c->whyp)) == 0, "%s\nwhy: %s",
			    c->line, ev->why ? ev->why : "(null)");
	}
	run_close(&r);
}
END_TEST

/* Timestamps: Exim's own form with fraction and zone, and message ids. */
START_TEST(test_exim_timestamps)
{
	static const struct {
		const char	*line;
		long long	 when;
		int		 usec;
	} t[] = {
		{ "2026-11-23 06:56:20 1kXYZa-000abc-12 Completed",
		    1795416980, 0 },
		{ "2026-11-23 06:56:20.5 1kXYZa-000abc-12 Completed",
		    1795416980, 500000 },
		{ "2026-11-23 06:56:20 +0100 1kXYZa-000abc-12 Completed",
		    1795413380, 0 },
		{ "2026-11-23 06:56:20.123456 -0230 [77] 1kXYZa-000abc-12 "
		    "Completed", 1795425980, 123456 },
		{ "2026-11-23 06:56:20 1rXYZa-00000000abc-ABCD Completed",
		    1795416980, 0 },
	};
	struct run	r;
	size_t		i;

	for (i = 0; i < NELEM(t); i++) {
		run_open(&r);
		push(&r, t[i].line);
		ck_assert_msg(r.result == PARSE_USED && r.nev == 1, "%s",
		    t[i].line);
		ck_assert_int_eq(r.ev[0].kind, EV_MSG_REMOVED);
		ck_assert_msg(r.ev[0].when == t[i].when, "%s: got %lld, want "
		    "%lld", t[i].line, (long long)r.ev[0].when, t[i].when);
		ck_assert_int_eq(r.ev[0].usec, t[i].usec);
		run_close(&r);
	}
	/* One parser: the hour's conversion is cached, minutes and zones
	 * still count. */
	run_open(&r);
	for (i = 0; i < NELEM(t); i++) {
		push(&r, t[i].line);
		ck_assert_msg(r.nev == 1 && r.ev[0].when == t[i].when &&
		    r.ev[0].usec == t[i].usec, "cached: %s", t[i].line);
	}
	push(&r, "2026-11-23 06:59:59 1kXYZa-000abc-12 Completed");
	ck_assert_int_eq(r.ev[0].when, 1795416980 + 3 * 60 + 39);
	push(&r, "2026-11-23 07:00:00 1kXYZa-000abc-12 Completed");
	ck_assert_int_eq(r.ev[0].when, 1795416980 + 3 * 60 + 40);
	push(&r, "2026-11-23 07:61:00 1kXYZa-000abc-12 Completed");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	run_close(&r);
	/* Not ids: wrong part lengths; not stamps: bad fields. */
	run_open(&r);
	push(&r, "2026-11-23 06:56:20 1kXYZa-000abc-123 Completed");
	ck_assert_int_eq(r.result, PARSE_UNRECOGNIZED);
	push(&r, "2026-11-23 06:56:20 1rXYZa-00000000ab-ABCD Completed");
	ck_assert_int_eq(r.result, PARSE_UNRECOGNIZED);
	push(&r, "2026-13-23 06:56:20 1kXYZa-000abc-12 Completed");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	push(&r, "2026-11-23 06:56 1kXYZa-000abc-12 Completed");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	run_close(&r);
}
END_TEST

/* Sessions without a pid: client address, port, pause, disconnect. */
START_TEST(test_exim_session_keys)
{
	struct run	r;

	run_open(&r);
	push(&r, "2020-02-22 00:48:41 no host name found for IP address "
	    "192.0.2.1");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	push(&r, "2020-02-22 00:48:43 H=(x) [192.0.2.1] F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	/* another client meanwhile */
	push(&r, "2020-02-22 00:48:44 H=(y) [192.0.2.2] F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.2]");
	push(&r, "2020-02-22 00:48:45 unexpected disconnection while reading "
	    "SMTP command from (x) [192.0.2.1]");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	/* after the disconnect the builder starts anew on the same key */
	push(&r, "2020-02-22 00:48:46 H=(x) [192.0.2.1] F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_int_eq(r.nev, 1);
	/* after a pause longer than 5 minutes: the session is taken as
	 * ended, at the time of its last line */
	push(&r, "2020-02-22 00:58:46 H=(x) [192.0.2.1] F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_int_eq(r.nev, 3);
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	ck_assert_int_eq(r.ev[0].when, 1582332526);
	ck_assert_ptr_nonnull(strstr(r.ev[0].note, "5 minutes"));
	/* the other client, silent as long, is taken as ended too */
	ck_assert_int_eq(r.ev[1].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[1].session_key, "exim/[192.0.2.2]");
	ck_assert_int_eq(r.ev[1].when, 1582332524);
	ck_assert_ptr_nonnull(strstr(r.ev[1].note, "5 minutes"));
	ck_assert_int_eq(r.ev[2].kind, EV_REJECT);
	/* a port first seen continues; another port ends the session */
	push(&r, "2020-02-22 00:58:47 H=(x) [192.0.2.1]:1000 F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_int_eq(r.nev, 1);
	push(&r, "2020-02-22 00:58:48 H=(x) [192.0.2.1]:1001 F=<a@b> rejected "
	    "RCPT <c@d>: no");
	ck_assert_int_eq(r.nev, 2);
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	/* an arrival names the session and changes nothing */
	push(&r, "2020-02-22 00:58:49 1j5IBw-00064P-De <= a@b H=(x) "
	    "[192.0.2.1]:1001 P=esmtp S=1");
	ck_assert_int_eq(r.nev, 2);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	/* a logged connect: no pause test, the connect decides */
	push(&r, "2020-02-22 01:00:00 SMTP connection from [192.0.2.3]:5 "
	    "(TCP/IP connection count = 1)");
	ck_assert_int_eq(r.ev[0].kind, EV_CONNECT);
	push(&r, "2020-02-22 01:20:00 H=(z) [192.0.2.3]:5 F=<a@b> rejected "
	    "RCPT <c@d>: no");
	/* ... while 192.0.2.1, silent since 00:58:48, is taken as ended */
	ck_assert_int_eq(r.nev, 2);
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	ck_assert_int_eq(r.ev[1].kind, EV_REJECT);
	ck_assert_str_eq(r.ev[1].session_key, "exim/[192.0.2.3]");
	/* local -bs sessions are keyed by the ident */
	push(&r, "1999-03-02 09:44:33 SMTP syntax error in \"rhubarb\" "
	    "U=CALLER unrecognized command");
	ck_assert_str_eq(r.ev[0].session_key, "exim/U=CALLER");
	run_close(&r);

	/* with a pid the key is the process */
	run_open(&r);
	push(&r, "2026-11-23 06:56:20 [4821] H=(x) [192.0.2.1]:5 F=<a@b> "
	    "rejected RCPT <c@d>: no");
	ck_assert_str_eq(r.ev[0].session_key, "exim[4821]");
	run_close(&r);
}
END_TEST

/*
 * Many addresses between two lines of one: no address's pause state is
 * lost however many others come between (the lines are written here from
 * Exim's reject format, as in test_exim_session_keys; the last one is
 * testsuite-log-0300's synchronization error, which makes two events).
 * The lines between span `span` seconds after A's first line; A comes
 * again `gap` seconds after it, with `splits` pauses of A found.
 */
static const struct {
	int	 between, span, gap, splits;
} many_cases[] = {
	{ 20000, 250, 600, 1 },	/* split when A comes again */
	{ 20000, 400, 450, 1 },	/* split by retiring A meanwhile */
	{ 20000, 250, 280, 0 },	/* no pause of 5 minutes */
	{ 10, 250, 600, 1 },
};

static void
many_line(char *buf, size_t n, time_t t, const char *ip, int sync)
{
	struct tm	tm;
	char		ts[32];

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	if (sync)
		snprintf(buf, n, "%s SMTP protocol synchronization error (next "
		    "input sent too soon: pipelining was not advertised): "
		    "rejected \"mail from:<a@b>\" H=(x) [%s] next "
		    "input=\"rcpt to<suppressed>\"", ts, ip);
	else
		snprintf(buf, n, "%s H=(x) [%s] F=<a@b> rejected RCPT <c@d>: "
		    "no", ts, ip);
}

/* many_count - A's pause splits among r's events, checked as found. */
static int
many_count(const struct run *r, time_t t0)
{
	int	i, n = 0;

	for (i = 0; i < r->nev && i < MAXEV; i++)
		if (r->ev[i].kind == EV_DISCONNECT &&
		    strcmp(r->ev[i].session_key, "exim/[192.0.2.1]") == 0 &&
		    r->ev[i].note != NULL &&
		    strstr(r->ev[i].note, "5 minutes") != NULL) {
			ck_assert_int_eq(r->ev[i].when, t0);
			n++;
		}
	return n;
}

START_TEST(test_exim_many_addresses)
{
	struct run	r;
	char		line[512], ip[32];
	const time_t	t0 = 1582332526;
	int		i, n = 0, c = _i;

	run_open(&r);
	many_line(line, sizeof(line), t0, "192.0.2.1", 0);
	push(&r, line);
	for (i = 0; i < many_cases[c].between; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", i >> 16 & 255,
		    i >> 8 & 255, i & 255);
		many_line(line, sizeof(line), t0 + 1 + (time_t)i *
		    many_cases[c].span / many_cases[c].between, ip, 0);
		push(&r, line);
		/* the line's own event is never crowded out */
		ck_assert_int_le(r.nev, MAXEV);
		ck_assert_int_eq(r.ev[r.nev - 1].kind, EV_REJECT);
		n += many_count(&r, t0);
	}
	many_line(line, sizeof(line), t0 + many_cases[c].gap, "192.0.2.1", 1);
	push(&r, line);
	ck_assert_int_le(r.nev, MAXEV);
	ck_assert_int_eq(r.ev[r.nev - 2].kind, EV_REJECT);
	ck_assert_int_eq(r.ev[r.nev - 1].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[r.nev - 1].session_key, "exim/[192.0.2.1]");
	n += many_count(&r, t0);
	ck_assert_int_eq(n, many_cases[c].splits);
	run_close(&r);
}
END_TEST

/*
 * Lines out of time order retire nothing early: a key leaves only when a
 * line comes more than 5 minutes after its own last (lines written here
 * from Exim's reject format).
 */
START_TEST(test_exim_out_of_order)
{
	struct run	r;
	char		line[512];
	const time_t	t0 = 1582332526;

	run_open(&r);
	many_line(line, sizeof(line), t0 + 400, "192.0.2.1", 0);
	push(&r, line);
	many_line(line, sizeof(line), t0, "192.0.2.2", 0);
	push(&r, line);
	ck_assert_int_eq(r.nev, 1);
	many_line(line, sizeof(line), t0 + 350, "192.0.2.3", 0);
	push(&r, line);
	ck_assert_int_eq(r.nev, 1);
	/* more than 5 minutes after 192.0.2.1's last line (t0 + 400): all
	 * three are taken as ended, in the order of their lines, at most
	 * two on one line */
	many_line(line, sizeof(line), t0 + 701, "192.0.2.4", 0);
	push(&r, line);
	ck_assert_int_eq(r.nev, 3);
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.1]");
	ck_assert_int_eq(r.ev[0].when, t0 + 400);
	ck_assert_str_eq(r.ev[1].session_key, "exim/[192.0.2.2]");
	ck_assert_int_eq(r.ev[1].when, t0);
	ck_assert_int_eq(r.ev[2].kind, EV_REJECT);
	many_line(line, sizeof(line), t0 + 702, "192.0.2.4", 0);
	push(&r, line);
	ck_assert_int_eq(r.nev, 2);
	ck_assert_str_eq(r.ev[0].session_key, "exim/[192.0.2.3]");
	ck_assert_int_eq(r.ev[0].when, t0 + 350);
	run_close(&r);
}
END_TEST

/* A rejectlog: the header dump belongs to the record above it. */
START_TEST(test_exim_rejectlog_dump)
{
	static const char *const lines[] = {
		/* testsuite-rejectlog-0027 */
		"1999-03-02 09:44:33 10HmaX-000000005vi-0000 U=CALLER F=<> "
		    "temporarily rejected after DATA: cannot verify recipient "
		    "in ACL for DATA",
		"Envelope-from: <>",
		"Envelope-to: <data@test.ex>",
		"P Received: from CALLER (helo=test)",
		"\tby myhost.test.ex with local-smtp (Exim x.yz)",
		"\tid 10HmaX-000000005vi-0000",
		"  Subject: data1",
		"I Message-Id: <E10HmaX-000000005vi-0000@myhost.test.ex>",
		"F From: user1@test.ex",
	};
	struct run	r;
	size_t		i;

	run_open(&r);
	for (i = 0; i < NELEM(lines); i++) {
		push(&r, lines[i]);
		ck_assert_msg(r.result == PARSE_USED, "%s", lines[i]);
		ck_assert_int_eq(r.nev, i == 0 ? 1 : 0);
	}
	/* A dump line without a record above it is not ours. */
	run_close(&r);
	run_open(&r);
	push(&r, "P Received: from CALLER (helo=test)");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	push(&r, "\tby myhost.test.ex");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	run_close(&r);
}
END_TEST

/* Hostile input: cut lines, odd bytes, never a crash or a "" field. */
START_TEST(test_exim_hostile)
{
	static const char *const bases[] = {
		"2020-02-22 00:48:43 H=([185.143.223.163]) [185.143.223.168] "
		    "F=<a@b> rejected RCPT <c@d>: Unrouteable address",
		"2020-02-22 07:09:24 1j5NyY-0004Xp-NZ ** a@b R=d T=r: SMTP "
		    "error from remote mail server after RCPT TO:<a@b>: host "
		    "h [1.2.3.4]: 554 5.7.1 no",
		"1999-03-02 09:44:33 SMTP protocol synchronization error "
		    "(input sent without waiting for greeting): rejected "
		    "connection from H=[127.0.0.1] input=\"x\"",
		"1999-03-02 09:44:33 SMTP syntax error in \"x\" H=[1.2.3.4]:1 "
		    "unrecognized command",
		"2022-06-29 16:04:08 l authenticator failed for (h) [1.2.3.4]:5:"
		    " 535 x",
		"2020-02-22 07:09:24 1j5Nye-0004Xw-5I <= <> R=1j5NyY-0004Xp-NZ "
		    "U=x P=local S=1",
		"2026-11-23 06:56:20 [4821] SMTP connection from (h) [::1]:5 "
		    "closed by QUIT",
	};
	struct run	r;
	char		buf[512];
	size_t		i, n, len;

	run_open(&r);
	for (i = 0; i < NELEM(bases); i++) {
		len = strlen(bases[i]);
		for (n = 0; n <= len; n++) {
			memcpy(buf, bases[i], n);
			buf[n] = '\0';
			push(&r, buf);
		}
		for (n = 20; n < len; n++) {
			memcpy(buf, bases[i], len + 1);
			buf[n] = buf[n] == ' ' ? ':' : ' ';
			push(&r, buf);
		}
	}
	run_close(&r);
}
END_TEST

/* Detection: Exim lines probe high, Postfix lines not. */
START_TEST(test_exim_probe)
{
	static const char *const exim_lines[] = {
		"2020-02-22 00:48:41 no host name found for IP address 1.2.3.4",
		"2020-02-22 01:02:05 1j5IF1-0006A7-Ub Completed",
		"2024-09-10 02:20:07.641 [20764] SMTP protocol error in \"x\"",
	};
	/* Syslog'd lines are the envelope's: the router gives those of
	 * Exim's programs to it by name, without a probe. */
	static const char *const other[] = {
		"Jun 29 16:04:19 server exim[1234]: dovecot_login "
		    "authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 x",
		"Oct 22 02:13:41 conch postfix/smtpd[26895]: connect from "
		    "jurann.biz[77.95.228.43]",
		"2026-11-23T06:56:20+01:00 mx postfix/smtpd[1]: connect from x",
		"hello",
	};
	size_t	i;

	for (i = 0; i < NELEM(exim_lines); i++)
		ck_assert_msg(parser_exim.probe(exim_lines[i],
		    strlen(exim_lines[i])) >= 50, "%s", exim_lines[i]);
	for (i = 0; i < NELEM(other); i++)
		ck_assert_msg(parser_exim.probe(other[i], strlen(other[i])) ==
		    0, "%s", other[i]);
	ck_assert_ptr_eq(parser_owner("exim", 4), &parser_exim);
	ck_assert_ptr_eq(parser_owner("exim4", 5), &parser_exim);
	ck_assert_ptr_eq(parser_owner("exim-in", 7), &parser_exim);
	ck_assert_ptr_null(parser_owner("eximstats", 9));
	ck_assert_ptr_eq(parser_find("exim"), &parser_exim);
	ck_assert(strstr(parser_names(), "exim") != NULL);
}
END_TEST

Suite *
exim_suite(void)
{
	Suite	*s = suite_create("exim");
	TCase	*tc;

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_exim_line, 0, NELEM(cases));
	tcase_add_test(tc, test_exim_timestamps);
	suite_add_tcase(s, tc);

	tc = tcase_create("sessions");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_exim_session_keys);
	tcase_add_test(tc, test_exim_rejectlog_dump);
	tcase_add_loop_test(tc, test_exim_many_addresses, 0,
	    NELEM(many_cases));
	tcase_add_test(tc, test_exim_out_of_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("robust");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_exim_hostile);
	tcase_add_test(tc, test_exim_probe);
	suite_add_tcase(s, tc);
	return s;
}
