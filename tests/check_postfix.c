/*
 * check_postfix.c - tests for the Postfix parser (parsers/postfix*.c) and
 * the parser registry: one table row per log construct, with lines copied
 * exactly from the real logs in the shared corpus (rows written here say
 * so); the -v dialogue, the disconnect counters and the replies they
 * imply; hostile input; and every line of the real Postfix logs.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "dialog.h"
#include "lib/event.h"
#include "envelope.h"
#include "parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXEV		8

/*
 * One line and what its first event must look like.  A string field NULL
 * is not checked, "-" must be absent, anything else must be equal (textp:
 * a prefix of text).  code, src and dir are always checked; ports, pid
 * and when only when non-zero.
 */
struct pcase {
	const char	*line;
	int		 result;	/* enum parse_result */
	int		 nev;		/* events the line makes */
	int		 kind, code, src, dir;
	int		 client_port, relay_port;
	long		 pid;
	long long	 when;
	int		 usec;
	const char	*host, *program, *command, *arg, *enhanced, *text;
	const char	*textp, *note, *client_name, *client_ip, *relay_name;
	const char	*relay_ip, *session_key, *message_key, *queue_id;
	const char	*from, *to, *orig_to, *helo, *proto, *status, *dsn;
	const char	*message_id, *related_id, *related_key;
};

static const struct pcase cases[] = {
	/* kdent-mail.log: smtpd connect */
	{ .line =
	    "Oct 22 02:13:41 conch postfix/smtpd[26895]: connect from "
	    "jurann.biz[77.95.228.43]",
	    .nev = 1, .kind = EV_CONNECT, .dir = EV_DIR_IN,
	    .client_name = "jurann.biz", .client_ip = "77.95.228.43",
	    .session_key = "conch/postfix/smtpd[26895]", .host = "conch",
	    .program = "postfix/smtpd", .pid = 26895 },
	/* infohtreasure-maillog: smtpd connect, IPv6 */
	{ .line =
	    "Feb 25 15:35:16 server1 postfix/smtpd[24974]: connect from "
	    "localhost[::1]",
	    .nev = 1, .kind = EV_CONNECT, .dir = EV_DIR_IN,
	    .client_name = "localhost", .client_ip = "::1" },
	/* kdent-mail.log: NOQUEUE reject; the text holds ";" */
	{ .line =
	    "Oct 22 02:13:42 conch postfix/smtpd[26895]: NOQUEUE: "
	    "reject: RCPT from jurann.biz[77.95.228.43]: 554 5.7.1 "
	    "Service unavailable; Client host [77.95.228.43] blocked "
	    "using zen.spamhaus.org; "
	    "http://www.spamhaus.org/sbl/query/SBLCSS; "
	    "from=<botanised@jurann.biz> to=<kdent@seaglass.com> "
	    "proto=ESMTP helo=<jurann.biz>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 554,
	    .src = EV_CODE_LOGGED, .command = "RCPT", .enhanced = "5.7.1",
	    .text =
	        "Service unavailable; Client host [77.95.228.43] "
	        "blocked using zen.spamhaus.org; "
	        "http://www.spamhaus.org/sbl/query/SBLCSS",
	    .from = "botanised@jurann.biz", .to = "kdent@seaglass.com",
	    .proto = "ESMTP", .helo = "jurann.biz",
	    .client_ip = "77.95.228.43",
	    .session_key = "conch/postfix/smtpd[26895]", .message_key = "-" },
	/* infohtreasure-maillog: QID: reject */
	{ .line =
	    "Feb 26 12:27:16 server1 postfix/smtpd[6006]: A3EF4405DD14: "
	    "reject: RCPT from localhost[127.0.0.1]: 550 5.1.1 "
	    "<This@server1.alsoft.org>: Recipient address rejected: "
	    "User unknown in local recipient table; "
	    "from=<root@server1.alsoft.org> "
	    "to=<This@server1.alsoft.org> proto=ESMTP "
	    "helo=<server1.alsoft.org>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 550,
	    .src = EV_CODE_LOGGED, .command = "RCPT", .enhanced = "5.1.1",
	    .queue_id = "A3EF4405DD14",
	    .message_key = "server1/postfix/A3EF4405DD14",
	    .textp = "<This@server1.alsoft.org>: Recipient address rejected",
	    .from = "root@server1.alsoft.org" },
	/*
	 * kdent-mail.log:
	 * reject of MAIL with a tail that lacks from= and to=
	 */
	{ .line =
	    "Oct 22 14:14:13 conch postfix/smtpd[4795]: NOQUEUE: "
	    "reject: MAIL from "
	    "103-47-210-166.ip4.readyserver.sg[103.47.210.166]: 452 "
	    "4.3.1 Insufficient system storage; proto=ESMTP "
	    "helo=<baffle.hemansites.com>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 452,
	    .src = EV_CODE_LOGGED, .command = "MAIL", .enhanced = "4.3.1",
	    .text = "Insufficient system storage", .from = "-",
	    .proto = "ESMTP" },
	/* grok-patterns-messages.log: IPv6 client, 504 */
	{ .line =
	    "Mar  1 00:02:12 mx postfix/smtpd[1132]: NOQUEUE: reject: "
	    "RCPT from unknown[2001:980:cfb1:1:82f:f74e:a45c:3033]: 504 "
	    "5.5.2 <aap@henk>: Sender address rejected: need "
	    "fully-qualified address; from=<aap@henk> "
	    "to=<user@example.com> proto=SMTP helo=<test>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 504,
	    .src = EV_CODE_LOGGED, .command = "RCPT",
	    .client_ip = "2001:980:cfb1:1:82f:f74e:a45c:3033", .helo = "test",
	    .proto = "SMTP" },
	/* grok-patterns-messages.log: VRFY reject */
	{ .line =
	    "Mar  1 00:02:21 mx postfix/smtpd[1141]: NOQUEUE: reject: "
	    "VRFY from unknown[2001:968:9999:20:88b:9b7d:2a54:2bd2]: "
	    "454 4.7.1 <aap@henk.com>: Relay access denied; "
	    "to=<aap@henk.com> proto=SMTP helo=<me>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 454,
	    .src = EV_CODE_LOGGED, .command = "VRFY", .from = "-",
	    .to = "aap@henk.com" },
	/*
	 * grok-patterns-messages.log:
	 * reject_warning is a note: nothing was sent
	 */
	{ .line =
	    "Mar  1 00:02:35 mx postfix/smtpd[1155]: NOQUEUE: "
	    "reject_warning: RCPT from example.com[93.184.216.34]: 553 "
	    "5.7.1 <sender@example.com>: Sender address rejected: not "
	    "owned by user ph123; from=<sender@example.com> "
	    "to=<recipient@example.com> proto=ESMTP helo=<example.com>",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "RCPT",
	    .note = "reject_warning",
	    .textp = "553 5.7.1 <sender@example.com>" },
	/* grok-patterns-messages.log: discard action */
	{ .line =
	    "Mar  1 00:02:30 mx postfix/smtpd[1150]: NOQUEUE: discard: "
	    "MAIL from ccm231.constantcontact.com[208.75.123.231]: "
	    "<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com>: "
	    "Sender address SPAM; "
	    "from=<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com> "
	    "proto=ESMTP helo=<ccm231.constantcontact.com>",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "MAIL",
	    .note = "discard" },
	/* grok-patterns-messages.log: filter action */
	{ .line =
	    "Mar  1 00:02:31 mx postfix/smtpd[1151]: NOQUEUE: filter: "
	    "RCPT from unknown[85.25.255.255]: <mail@sender.com>: "
	    "Sender address triggers FILTER "
	    "smtp-amavis:[127.0.0.1]:10024; from=<mail@sender.com> "
	    "to=<user@domain.com> proto=ESMTP helo=<plutoapp.biz>",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "RCPT",
	    .note = "filter", .to = "user@domain.com" },
	/*
	 * grok-patterns-messages.log:
	 * milter-reject in smtpd logs the reply
	 */
	{ .line =
	    "Mar  1 00:02:42 mx postfix/smtpd[1162]: NOQUEUE: "
	    "milter-reject: RCPT from mailrelay.example.com[8.8.8.8]: "
	    "451 4.7.1 Greylisting in action, please come back later; "
	    "from=<support@example.com> to=<example@example.org> "
	    "proto=ESMTP helo=<mailrelay.example.com>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 451,
	    .src = EV_CODE_LOGGED, .enhanced = "4.7.1", .command = "RCPT",
	    .text = "Greylisting in action, please come back later" },
	/* grok-patterns-messages.log: proxy-reject */
	{ .line =
	    "Mar  1 00:02:26 mx postfix/smtpd[1146]: proxy-reject: "
	    "END-OF-MESSAGE: 554 5.7.0 Reject, contact "
	    "postmaster@example.com, id=31619-02 - spam; from=<> "
	    "to=<user2@example2.com> proto=SMTP helo=<17.33.12.53>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 554,
	    .src = EV_CODE_LOGGED, .enhanced = "5.7.0",
	    .command = "END-OF-MESSAGE", .textp = "Reject, contact postmaster",
	    .from = "<>", .to = "user2@example2.com" },
	/* pflgviewer-mail.log: client= with SASL */
	{ .line =
	    "Dec 15 12:14:21 phoenix postfix/smtpd[6270]: 7C220110013E: "
	    "client=phoenix.shared.net.au[127.0.0.1], "
	    "sasl_method=LOGIN, sasl_username=jordy",
	    .nev = 1, .kind = EV_MSG_QUEUED, .dir = EV_DIR_IN,
	    .queue_id = "7C220110013E",
	    .session_key = "phoenix/postfix/smtpd[6270]",
	    .message_key = "phoenix/postfix/7C220110013E",
	    .client_ip = "127.0.0.1" },
	/*
	 * postfix-parser-test-syslog-lines.log:
	 * client= of a master.cf service, long queue id
	 */
	{ .line =
	    "Nov 28 22:50:29 smtp postfix/submission/smtpd[70013]: "
	    "3p7RMT0zrYz20p: client=unknown[192.168.0.100], "
	    "sasl_method=DIGEST-MD5, sasl_username=user@dmain.com",
	    .nev = 1, .kind = EV_MSG_QUEUED, .dir = EV_DIR_IN,
	    .queue_id = "3p7RMT0zrYz20p",
	    .session_key = "smtp/postfix/submission/smtpd[70013]",
	    .message_key = "smtp/postfix/3p7RMT0zrYz20p",
	    .client_ip = "192.168.0.100",
	    .program = "postfix/submission/smtpd" },
	/*
	 * The row above with its id made 24 bytes long, the most a long id
	 * has (pf_qid_len), and 25, which is no id: the line is no client=.
	 */
	{ .line =
	    "Nov 28 22:50:29 smtp postfix/submission/smtpd[70013]: "
	    "3p7RMT0zrYz20pBCDFGHJKLM: client=unknown[192.168.0.100]",
	    .nev = 1, .kind = EV_MSG_QUEUED, .dir = EV_DIR_IN,
	    .queue_id = "3p7RMT0zrYz20pBCDFGHJKLM",
	    .message_key = "smtp/postfix/3p7RMT0zrYz20pBCDFGHJKLM",
	    .client_ip = "192.168.0.100" },
	{ .line =
	    "Nov 28 22:50:29 smtp postfix/submission/smtpd[70013]: "
	    "3p7RMT0zrYz20pBCDFGHJKLMN: client=unknown[192.168.0.100]",
	    .result = PARSE_UNRECOGNIZED },
	/* kdent-mail.log: lost connection */
	{ .line =
	    "Oct 22 02:13:42 conch postfix/smtpd[26895]: lost "
	    "connection after RCPT from jurann.biz[77.95.228.43]",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "RCPT",
	    .note = "lost connection after RCPT", .client_ip = "77.95.228.43",
	    .text = "-" },
	/* kdent-mail3.log: too many errors, with a byte count */
	{ .line =
	    "Nov  7 05:45:25 conch postfix/smtpd[19865]: too many "
	    "errors after DATA (approximately 0 bytes) from "
	    "unknown[112.90.183.141]",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "DATA",
	    .note = "too many errors after DATA",
	    .text = "(approximately 0 bytes)" },
	/* grok-patterns-messages.log: timeout */
	{ .line =
	    "Mar  1 00:02:11 mx postfix/smtpd[1131]: timeout after "
	    "CONNECT from unknown[177.227.18.3]",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "CONNECT",
	    .note = "timeout after CONNECT" },
	/* grok-patterns-messages.log: improper pipelining */
	{ .line =
	    "Mar  1 00:02:19 mx postfix/smtpd[1139]: improper command "
	    "pipelining after EHLO from "
	    "unknown[2001:968:9999:20:415c:cd2:da8e:d0cf]: MAIL "
	    "FROM:<>\\nRCPT TO:<tom@example.net>\\nDATA\\nSubject: "
	    "pipeline test\\n\\nThis is a test\\n.\\nQUIT\\n\\r\\n",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "EHLO",
	    .note = "improper command pipelining after EHLO",
	    .textp = "MAIL FROM:<>\\nRCPT TO:" },
	/* crowdsec-postfix-non-smtp.log: non-SMTP command, RFC 3339 stamp */
	{ .line =
	    "2024-10-31T12:38:21.817327+00:00 machine "
	    "postfix/submission/smtpd[2634372]: warning: non-SMTP "
	    "command from unknown[192.168.1.1]: GET / HTTP/1.1",
	    .nev = 2, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "UNKNOWN",
	    .note = "non-SMTP command", .text = "GET / HTTP/1.1",
	    .client_ip = "192.168.1.1", .when = 1730378301, .usec = 817327 },
	/*
	 * nole-mail.log:
	 * SASL failure: Postfix answers 535 without logging it
	 */
	{ .line =
	    "Aug 30 23:51:00 activeweb1 postfix/smtpd[26393]: warning: "
	    "unknown[190.102.254.46]: SASL LOGIN authentication failed: "
	    "authentication failure",
	    .nev = 2, .kind = EV_REPLY, .dir = EV_DIR_IN, .code = 535,
	    .src = EV_CODE_INFERRED, .enhanced = "5.7.8", .command = "AUTH",
	    .arg = "LOGIN",
	    .text = "Error: authentication failed: authentication failure",
	    .client_ip = "190.102.254.46" },
	/*
	 * crowdsec-postfix-honeypot-users.log:
	 * SASL failure with sasl_username=
	 */
	{ .line =
	    "May  6 09:25:41 mail postfix/smtps/smtpd[16997]: warning: "
	    "unknown[203.0.113.10]: SASL LOGIN authentication failed: "
	    "(reason unavailable), sasl_username=postmaster@example.org",
	    .nev = 2, .kind = EV_REPLY, .dir = EV_DIR_IN, .code = 535,
	    .src = EV_CODE_INFERRED, .command = "AUTH",
	    .text = "Error: authentication failed: (reason unavailable)",
	    .program = "postfix/smtps/smtpd" },
	/* grok-patterns-messages.log: hostname does not resolve */
	{ .line =
	    "Mar  1 00:02:10 mx postfix/smtpd[1130]: warning: hostname "
	    "exemple.com does not resolve to address 185.14.29.32",
	    .nev = 2, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "hostname does not resolve to address",
	    .client_ip = "185.14.29.32" },
	/* kdent-mail.log: Illegal address syntax: 501 5.1.7 */
	{ .line =
	    "Oct 22 06:00:14 conch postfix/smtpd[27701]: warning: "
	    "Illegal address syntax from "
	    "1e.f5.089f.ip4.static.sl-reverse.com[159.8.245.30] in MAIL "
	    "command: <www-data@159.8.245.30>",
	    .nev = 2, .kind = EV_REPLY, .dir = EV_DIR_IN, .code = 501,
	    .src = EV_CODE_INFERRED, .enhanced = "5.1.7", .command = "MAIL",
	    .text = "Bad sender address syntax",
	    .arg = "<www-data@159.8.245.30>" },
	/* pflgviewer-mail.log: SASL library warning: understood, no event */
	{ .line =
	    "Dec 15 23:01:23 phoenix postfix/smtpd[24226]: warning: "
	    "SASL authentication failure: Password verification failed",
	    .nev = 1, .kind = EV_LOG, .note = "warning" },
	/* infohtreasure-maillog: verbose trace */
	{ .line =
	    "Feb 25 15:35:55 server1 postfix/smtpd[24974]: "
	    "smtpd_check_addr: addr=sender@tecadmin.net",
	    .nev = 0 },
	/* infohtreasure-maillog: verbose greeting: the first reply */
	{ .line =
	    "Feb 25 15:35:16 server1 postfix/smtpd[24974]: > "
	    "localhost[::1]: 220 server1.alsoft.org ESMTP Postfix",
	    .nev = 1, .kind = EV_GREETING, .dir = EV_DIR_IN, .code = 220,
	    .src = EV_CODE_LOGGED, .command = "CONNECT",
	    .text = "server1.alsoft.org ESMTP Postfix", .client_ip = "::1" },
	/* infohtreasure-maillog: verbose command, with EV_HELO */
	{ .line =
	    "Feb 26 12:27:16 server1 postfix/smtpd[6006]: < "
	    "localhost[127.0.0.1]: EHLO server1.alsoft.org",
	    .nev = 2, .kind = EV_COMMAND, .dir = EV_DIR_IN, .command = "EHLO",
	    .arg = "server1.alsoft.org" },
	/* infohtreasure-maillog: verbose reply continuation: held back */
	{ .line =
	    "Feb 26 12:27:16 server1 postfix/smtpd[6006]: > "
	    "localhost[127.0.0.1]: 250-PIPELINING",
	    .nev = 0 },
	/* kumina-test-lines.log: table changed */
	{ .line =
	    "Feb 14 19:05:25 123-mail postfix/smtpd[1517]: table "
	    "hash:/etc/postfix/virtual_mailbox_maps(0,lock|fold_fix) "
	    "has changed -- restarting",
	    .nev = 0 },
	/* grok-patterns-messages.log: postscreen CONNECT */
	{ .line =
	    "Mar  1 00:00:47 mx postfix/postscreen[1047]: CONNECT from "
	    "[61.238.241.86]:53024 to [89.105.204.244]:25",
	    .nev = 1, .kind = EV_CONNECT, .dir = EV_DIR_IN,
	    .client_ip = "61.238.241.86", .client_port = 53024,
	    .client_name = "-",
	    .session_key =
	        "mx/postfix/postscreen[1047]/[61.238.241.86]:53024" },
	/* grok-patterns-messages.log: postscreen PASS NEW, IPv6: the hand-off to smtpd ends the postscreen session */
	{ .line =
	    "Mar  1 00:00:51 mx postfix/postscreen[1051]: PASS NEW "
	    "[2607:f8b0:4003:c01::23a]:36051",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN, .note = "PASS NEW",
	    .client_ip = "2607:f8b0:4003:c01::23a", .client_port = 36051 },
	/* grok-patterns-messages.log: postscreen PASS OLD */
	{ .line =
	    "Mar  1 00:00:49 mx postfix/postscreen[1049]: PASS OLD "
	    "[61.238.241.86]:53024",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN, .note = "PASS OLD" },
	/* grok-patterns-messages.log: postscreen DISCONNECT */
	{ .line =
	    "Mar  1 00:00:48 mx postfix/postscreen[1048]: DISCONNECT "
	    "[216.81.72.72]:43421",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN,
	    .client_ip = "216.81.72.72",
	    .session_key = "mx/postfix/postscreen[1048]/[216.81.72.72]:43421" },
	/* grok-patterns-messages.log: postscreen PREGREET */
	{ .line =
	    "Mar  1 00:00:55 mx postfix/postscreen[1055]: PREGREET 6 "
	    "after 1.2 from [216.81.72.72]:43421: RSET\\r\\n",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "PREGREET 6 after 1.2", .text = "RSET\\r\\n" },
	/* grok-patterns-messages.log: postscreen HANGUP */
	{ .line =
	    "Mar  1 00:00:57 mx postfix/postscreen[1057]: HANGUP after "
	    "63 from [111.73.45.149]:1038 in tests after SMTP handshake",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "HANGUP after 63 in tests after SMTP handshake" },
	/* grok-patterns-messages.log: postscreen DNSBL rank */
	{ .line =
	    "Mar  1 00:00:56 mx postfix/postscreen[1056]: DNSBL rank 3 "
	    "for [111.73.45.149]:1038",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "DNSBL rank 3", .client_ip = "111.73.45.149" },
	/*
	 * grok-patterns-messages.log:
	 * postscreen reject: commas in the tail
	 */
	{ .line =
	    "Mar  1 00:01:13 mx postfix/postscreen[1073]: NOQUEUE: "
	    "reject: RCPT from [27.157.200.233]:4984: 550 5.7.1 Service "
	    "unavailable; client [27.157.200.233] blocked using "
	    "zen.spamhaus.org; from=<hcdvbnm@qhhn.com>, "
	    "to=<4ECEA00F.9040306@example.com>, proto=ESMTP, "
	    "helo=<qhhn.com>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 550,
	    .src = EV_CODE_LOGGED, .enhanced = "5.7.1", .command = "RCPT",
	    .text =
	        "Service unavailable; client [27.157.200.233] blocked "
	        "using zen.spamhaus.org",
	    .from = "hcdvbnm@qhhn.com", .to = "4ECEA00F.9040306@example.com",
	    .proto = "ESMTP", .helo = "qhhn.com" },
	/*
	 * grok-patterns-messages.log:
	 * postscreen 421 at CONNECT: logged reason, fixed reply
	 */
	{ .line =
	    "Mar  1 00:01:08 mx postfix/postscreen[1068]: NOQUEUE: "
	    "reject: CONNECT from [1.2.3.4]:1337: too many connections",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 421,
	    .src = EV_CODE_INFERRED, .enhanced = "4.7.0", .command = "CONNECT",
	    .text = "Error: too many connections" },
	/* grok-patterns-messages.log: postscreen all ports busy */
	{ .line =
	    "Mar  1 00:01:09 mx postfix/postscreen[1069]: NOQUEUE: "
	    "reject: CONNECT from [5.6.7.8]:1337: all server ports busy",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 421,
	    .src = EV_CODE_INFERRED, .enhanced = "4.3.2",
	    .command = "CONNECT" },
	/* grok-patterns-messages.log: postscreen COMMAND PIPELINING */
	{ .line =
	    "Mar  1 00:01:10 mx postfix/postscreen[1070]: COMMAND "
	    "PIPELINING from [88.208.233.4]:42606 after .: \\n",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "COMMAND PIPELINING after .", .command = ".",
	    .text = "\\n" },
	/* grok-patterns-messages.log: postscreen NON-SMTP COMMAND */
	{ .line =
	    "Mar  1 00:01:07 mx postfix/postscreen[1067]: NON-SMTP "
	    "COMMAND from [93.174.93.51]:45284 after CONNECT: GET "
	    "http://ipv4scan.com/hello/check.txt HTTP/1.1",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "NON-SMTP COMMAND after CONNECT", .command = "CONNECT",
	    .text = "GET http://ipv4scan.com/hello/check.txt HTTP/1.1" },
	/* grok-patterns-messages.log: postscreen BARE NEWLINE */
	{ .line =
	    "Mar  1 00:01:11 mx postfix/postscreen[1071]: BARE NEWLINE "
	    "from [88.208.233.4]:42606 after .",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "BARE NEWLINE after ." },
	/* grok-patterns-messages.log: postscreen COMMAND TIME LIMIT */
	{ .line =
	    "Mar  1 00:01:00 mx postfix/postscreen[1060]: COMMAND TIME "
	    "LIMIT from [182.246.250.243]:51799 after HELO",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "COMMAND TIME LIMIT after HELO", .command = "HELO" },
	/* grok-patterns-messages.log: postscreen COMMAND COUNT LIMIT */
	{ .line =
	    "Mar  1 00:01:05 mx postfix/postscreen[1065]: COMMAND COUNT "
	    "LIMIT from [182.246.250.243]:51796 after RCPT",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "COMMAND COUNT LIMIT after RCPT" },
	/* grok-patterns-messages.log: postscreen COMMAND LENGTH LIMIT */
	{ .line =
	    "Mar  1 00:01:06 mx postfix/postscreen[1066]: COMMAND "
	    "LENGTH LIMIT from [182.246.250.243]:51796 after RCPT",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "COMMAND LENGTH LIMIT after RCPT" },
	/* grok-patterns-messages.log: postscreen WHITELISTED */
	{ .line =
	    "Mar  1 00:00:52 mx postfix/postscreen[1052]: WHITELISTED "
	    "[61.238.241.86]:53024",
	    .nev = 1, .kind = EV_DISCONNECT, .dir = EV_DIR_IN, .note = "WHITELISTED",
	    .client_ip = "61.238.241.86" },
	/* grok-patterns-messages.log: postscreen BLACKLISTED */
	{ .line =
	    "Mar  1 00:00:53 mx postfix/postscreen[1053]: BLACKLISTED "
	    "[61.238.241.86]:53024",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "BLACKLISTED" },
	/* grok-patterns-messages.log: postscreen ALLOWLIST VETO */
	{ .line =
	    "Mar  1 00:01:15 mx postfix/postscreen[1075]: ALLOWLIST "
	    "VETO [61.238.241.86]:53024",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN,
	    .note = "ALLOWLIST VETO" },
	/* kdent-mail.log: message-id */
	{ .line =
	    "Oct 22 02:30:02 conch postfix/cleanup[26958]: E2C08243CB: "
	    "message-id=<f7ff48ad-1798-4ac6-aa6b-288e9bbf4548@xtinmta"
	    "488.xt.local>",
	    .nev = 1, .kind = EV_MSG_INFO,
	    .message_id =
	        "f7ff48ad-1798-4ac6-aa6b-288e9bbf4548@xtinmta488.xt.local",
	    .message_key = "conch/postfix/E2C08243CB" },
	/*
	 * grok-patterns-messages.log:
	 * cleanup milter-reject: the code is not logged
	 */
	{ .line =
	    "Mar  1 00:00:17 mx postfix/cleanup[1017]: 4104E3D: "
	    "milter-reject: END-OF-MESSAGE from "
	    "061238241086.static.ctinets.com[61.238.241.86]: 5.7.1 "
	    "Blocked by SpamAssassin; from=<wumt5@cchfdc.com> "
	    "to=<voorzitter@example.com> proto=ESMTP "
	    "helo=<ecsolved.com>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 0,
	    .src = EV_CODE_NONE, .enhanced = "5.7.1",
	    .text = "Blocked by SpamAssassin", .command = "END-OF-MESSAGE",
	    .client_ip = "61.238.241.86", .from = "wumt5@cchfdc.com",
	    .helo = "ecsolved.com", .queue_id = "4104E3D" },
	/* grok-patterns-messages.log: milter header action is understood */
	{ .line =
	    "Mar  1 00:00:16 mx postfix/cleanup[1016]: 4104E3D: "
	    "milter-header-redirect: header X-Spam-Status: Yes, "
	    "score=39.3 required=5.0 tests=ADVANCE_FE from "
	    "061238241086.static.ctinets.com[61.238.241.86]; "
	    "from=<wumt5@cchfdc.com> to=<voorzitter@example.com> "
	    "proto=ESMTP helo=<ecsolved.com>: tom@example.com",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .note = "redirect" },
	/* kdent-mail.log: qmgr queue active */
	{ .line =
	    "Oct 22 02:20:45 conch postfix/qmgr[25409]: A63ED24324: "
	    "from=<NewDentalTips@implanttips.seenewdentalimplantinfo.eu>, "
	    "size=7559, nrcpt=1 (queue active)",
	    .nev = 1, .kind = EV_MSG_INFO,
	    .from = "NewDentalTips@implanttips.seenewdentalimplantinfo.eu",
	    .queue_id = "A63ED24324" },
	/* kdent-mail.log: qmgr removed */
	{ .line =
	    "Oct 22 02:30:05 conch postfix/qmgr[25409]: E2C08243CB: "
	    "removed",
	    .nev = 1, .kind = EV_MSG_REMOVED,
	    .message_key = "conch/postfix/E2C08243CB" },
	/*
	 * The row above with a 5-byte id, the shortest (pf_qid_len), which
	 * the line's end leaves no 16 bytes to compare at once; then with 4
	 * bytes, and with no space after the ':', neither of which is an id.
	 */
	{ .line =
	    "Oct 22 02:30:05 conch postfix/qmgr[25409]: E2C08: removed",
	    .nev = 1, .kind = EV_MSG_REMOVED, .queue_id = "E2C08",
	    .message_key = "conch/postfix/E2C08" },
	{ .line =
	    "Oct 22 02:30:05 conch postfix/qmgr[25409]: E2C0: removed "
	    "and more",
	    .result = PARSE_UNRECOGNIZED },
	{ .line =
	    "Oct 22 02:30:05 conch postfix/qmgr[25409]: E2C08243CB:removed "
	    "and more",
	    .result = PARSE_UNRECOGNIZED },
	/* grok-patterns-messages.log: qmgr expired, null sender */
	{ .line =
	    "Mar  1 00:01:27 mx postfix/qmgr[1087]: 585BC3F: from=<>, "
	    "status=expired, returned to sender",
	    .nev = 1, .kind = EV_DELIVERY, .status = "expired", .from = "<>" },
	/* kdent-mail.log: bounced: remote reply to end of DATA */
	{ .line =
	    "Oct 22 04:41:09 conch postfix/smtp[27408]: A4C392432F: "
	    "to=<kdent@seaglass.com>, "
	    "relay=mail.seaglass.com[74.220.219.61]:25, delay=3, "
	    "delays=0.51/0/2.2/0.3, dsn=5.0.0, status=bounced (host "
	    "mail.seaglass.com[74.220.219.61] said: 550 Administrative "
	    "prohibition (in reply to end of DATA command))",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 550,
	    .src = EV_CODE_LOGGED, .command = "END-OF-MESSAGE",
	    .text = "Administrative prohibition", .enhanced = "-",
	    .status = "bounced", .dsn = "5.0.0", .to = "kdent@seaglass.com",
	    .relay_name = "mail.seaglass.com", .relay_ip = "74.220.219.61",
	    .relay_port = 25 },
	/* kdent-mail.log: deferred: connect failure, no code */
	{ .line =
	    "Oct 22 02:20:45 conch postfix/smtp[26919]: 59F49243F8: "
	    "to=<noreply@drozta.us>, relay=none, delay=67596, "
	    "delays=67596/0.01/0.09/0, dsn=4.4.1, status=deferred "
	    "(connect to drozta.us[213.163.84.205]:25: Connection "
	    "refused)",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT,
	    .status = "deferred", .dsn = "4.4.1", .relay_name = "none",
	    .text =
	        "connect to drozta.us[213.163.84.205]:25: Connection "
	        "refused" },
	/* kdent-mail.log: sent: the reply to end of DATA */
	{ .line =
	    "Oct 22 02:30:05 conch postfix/smtp[26959]: E2C08243CB: "
	    "to=<becky@seaglass.com>, "
	    "relay=mail.seaglass.com[74.220.219.61]:25, delay=3.1, "
	    "delays=0.35/0.01/2.2/0.54, dsn=2.0.0, status=sent (250 OK "
	    "id=1ZpCCD-0002J4-Ej)",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 250,
	    .src = EV_CODE_LOGGED, .command = "END-OF-MESSAGE",
	    .text = "OK id=1ZpCCD-0002J4-Ej", .status = "sent" },
	/*
	 * grok-patterns-messages.log:
	 * multi-line remote reply joined by Postfix
	 */
	{ .line =
	    "Mar  1 00:01:46 mx postfix/smtp[1106]: 4E74613FE76: "
	    "to=<redacted@gmail.com>, "
	    "relay=gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b]:25, "
	    "delay=1.9, delays=0.05/0/1.1/0.71, dsn=5.7.1, "
	    "status=bounced (host "
	    "gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b] said: "
	    "550-5.7.1 [2607:4100:3:25:100::2      12] Our system has "
	    "detected that this 550-5.7.1 message is likely unsolicited "
	    "mail. To reduce the amount of spam sent 550-5.7.1 to "
	    "Gmail, this message has been blocked. Please visit "
	    "550-5.7.1 "
	    "http://support.google.com/mail/bin/answer.py?hl=en&answer=188131 "
	    "for 550 5.7.1 more information. qc12si8475009pab.211 - "
	    "gsmtp (in reply to end of DATA command))",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 550,
	    .src = EV_CODE_LOGGED, .enhanced = "5.7.1",
	    .command = "END-OF-MESSAGE", .relay_ip = "2607:f8b0:400e:c04::1b",
	    .textp = "[2607:4100:3:25:100::2      12] Our system" },
	/* nole-mail.log: local delivery with orig_to */
	{ .line =
	    "Aug 30 06:40:55 activeweb1 postfix/local[9720]: "
	    "7E3F528BA0: to=<root@activeweb.cl>, orig_to=<root>, "
	    "relay=local, delay=0.09, delays=0.05/0/0/0.03, dsn=2.0.0, "
	    "status=sent (delivered to command: "
	    "/usr/bin/procmail-wrapper -o -a $DOMAIN -d $LOGNAME)",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_NONE,
	    .status = "sent", .to = "root@activeweb.cl", .orig_to = "root",
	    .relay_name = "local",
	    .text =
	        "delivered to command: /usr/bin/procmail-wrapper -o -a "
	        "$DOMAIN -d $LOGNAME" },
	/* grok-patterns-messages.log: local bounce: no SMTP code */
	{ .line =
	    "Mar  1 00:00:35 mx postfix/local[1035]: 892A0205B6: "
	    "to=ghdsgfhdslfh@localhost, relay=local, delay=0.05, "
	    "delays=0.02/0/0/0.02, dsn=5.1.1, status=bounced (unknown "
	    "user: \"ghdsgfhdslfh\")",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_NONE,
	    .status = "bounced", .dsn = "5.1.1",
	    .text = "unknown user: \"ghdsgfhdslfh\"" },
	/* grok-patterns-messages.log: lmtp delivery */
	{ .line =
	    "Mar  1 00:00:33 mx postfix/lmtp[1033]: 7EE668039: "
	    "to=<admin@example.com>, relay=127.0.0.1[127.0.0.1]:2525, "
	    "delay=3.6, delays=0.2/0.02/0.04/3.3, dsn=2.0.0, "
	    "status=sent (250 2.0.0 Ok: queued as 153053D)",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 250,
	    .src = EV_CODE_LOGGED, .relay_port = 2525 },
	/* grok-patterns-messages.log: standalone remote reply */
	{ .line =
	    "Mar  1 00:01:48 mx postfix/smtp[1108]: ED59C3D: host "
	    "mail2.example.com[1.74.253.23] said: 450 4.7.1 "
	    "<user@example.com>: Recipient address rejected: Greylisted "
	    "for 5 minutes (in reply to RCPT TO command)",
	    .nev = 1, .kind = EV_REPLY, .dir = EV_DIR_OUT, .code = 450,
	    .src = EV_CODE_LOGGED, .enhanced = "4.7.1", .command = "RCPT",
	    .relay_name = "mail2.example.com", .relay_ip = "1.74.253.23",
	    .textp = "<user@example.com>: Recipient address rejected" },
	/*
	 * grok-patterns-messages.log:
	 * greeting refused by the remote server
	 */
	{ .line =
	    "Mar  1 00:02:02 mx postfix/smtp[1122]: 40197AA: host "
	    "mg2.egov.bg[213.91.191.86] refused to talk to me: 450 "
	    "4.3.2 try again later",
	    .nev = 1, .kind = EV_REPLY, .dir = EV_DIR_OUT, .code = 450,
	    .src = EV_CODE_LOGGED, .enhanced = "4.3.2", .command = "CONNECT",
	    .text = "try again later" },
	/* grok-patterns-messages.log: remote SASL failure */
	{ .line =
	    "Mar  1 00:02:00 mx postfix/smtp[1120]: D0F29603B4: SASL "
	    "authentication failed; server xyz.example.com[1.2.3.4] "
	    "said: 535 5.7.8 Error: authentication failed: "
	    "authentication failure",
	    .nev = 1, .kind = EV_REPLY, .dir = EV_DIR_OUT, .code = 535,
	    .src = EV_CODE_LOGGED, .command = "AUTH", .enhanced = "5.7.8" },
	/* kdent-mail.log: connect to server failed */
	{ .line =
	    "Oct 22 02:20:45 conch postfix/smtp[26919]: connect to "
	    "drozta.us[213.163.84.205]:25: Connection refused",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_OUT,
	    .note = "connect to server failed", .text = "Connection refused",
	    .relay_ip = "213.163.84.205", .relay_port = 25 },
	/* grok-patterns-messages.log: lost connection with server */
	{ .line =
	    "Mar  1 00:02:01 mx postfix/smtp[1121]: 745137AA: lost "
	    "connection with "
	    "hotmail-com.olc.protection.outlook.com[104.47.55.161] "
	    "while sending RCPT TO",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_OUT,
	    .note = "lost connection while sending RCPT TO",
	    .relay_ip = "104.47.55.161" },
	/* grok-patterns-messages.log: conversation timed out */
	{ .line =
	    "Mar  1 00:01:50 mx postfix/smtp[1110]: 78D6B41: "
	    "conversation with mx00.gmx.com[74.208.5.4] timed out while "
	    "receiving the initial server greeting",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_OUT,
	    .note =
	        "conversation timed out while receiving the initial "
	        "server greeting" },
	/* grok-patterns-messages.log: sender non-delivery notification */
	{ .line =
	    "Mar  1 00:00:10 mx postfix/bounce[1010]: 17CCA8044: sender "
	    "non-delivery notification: ADD2F8052",
	    .nev = 1, .kind = EV_BOUNCE, .queue_id = "17CCA8044",
	    .related_id = "ADD2F8052", .related_key = "mx/postfix/ADD2F8052",
	    .note = "sender non-delivery notification" },
	/* grok-patterns-messages.log: sender delivery status notification */
	{ .line =
	    "Mar  1 00:00:11 mx postfix/bounce[1011]: 65AFB8B5: sender "
	    "delivery status notification: 1DF35917",
	    .nev = 1, .kind = EV_BOUNCE, .related_id = "1DF35917" },
	/* grok-patterns-messages.log: sender delay notification */
	{ .line =
	    "Mar  1 00:00:12 mx postfix/bounce[1012]: 264FE1A18: sender "
	    "delay notification: 0A87A1A08",
	    .nev = 1, .kind = EV_BOUNCE, .related_id = "0A87A1A08" },
	/* grok-patterns-messages.log: postmaster non-delivery notification */
	{ .line =
	    "Mar  1 00:00:13 mx postfix/bounce[1013]: 482E4404AC8: "
	    "postmaster non-delivery notification: 47335405A44",
	    .nev = 1, .kind = EV_BOUNCE, .related_id = "47335405A44" },
	/* nole-mail.log: pickup */
	{ .line =
	    "Aug 30 06:40:55 activeweb1 postfix/pickup[8637]: "
	    "7E3F528BA0: uid=0 from=<root>",
	    .nev = 1, .kind = EV_MSG_QUEUED, .from = "root",
	    .session_key = "-", .queue_id = "7E3F528BA0" },
	/* kdent-mail.log: anvil statistics */
	{ .line =
	    "Oct 22 02:12:45 conch postfix/anvil[26709]: statistics: "
	    "max connection rate 3/60s for (smtp:94.156.37.30) at Oct "
	    "22 02:04:14",
	    .nev = 0 },
	/* shlomif-postfix-problem-maillog: master */
	{ .line =
	    "Oct  2 18:37:35 telaviv1 postfix/master[1086605]: daemon "
	    "started -- version 3.5.10, configuration /etc/postfix",
	    .nev = 0 },
	/* shlomif-postfix-problem-maillog: postfix command */
	{ .line =
	    "Oct  2 18:37:35 telaviv1 postfix[1086537]: Postfix is "
	    "running with backwards-compatible default settings",
	    .nev = 0 },
	/* nole-mail.log: trivial-rewrite warning */
	{ .line =
	    "Aug 30 06:40:55 activeweb1 postfix/trivial-rewrite[9716]: "
	    "warning: do not list domain activeweb.cl in BOTH "
	    "mydestination and virtual_alias_domains",
	    .nev = 1, .kind = EV_LOG, .note = "warning" },
	/* infohtreasure-maillog: qmgr verbose */
	{ .line =
	    "Feb 25 14:09:43 server1 postfix/qmgr[5898]: done incoming "
	    "queue scan",
	    .nev = 0 },
	/* gomaillex-maillog: sendmail */
	{ .line =
	    "Jun 29 03:10:03 RHL058 sendmail[3569]: s5T68YTv003569: "
	    "from=<no-reply@grooveshark.com>, size=25274, class=0, "
	    "nrcpts=1, "
	    "msgid=<1404025803.53afbbcb667b9@swift.generated>, "
	    "proto=SMTP, relay=root@localhost",
	    .result = PARSE_IGNORED, .nev = 0 },
	/* nole-mail.log: dovecot */
	{ .line =
	    "Aug 30 07:05:12 activeweb1 dovecot: imap-login: "
	    "Disconnected (no auth attempts): rip=141.212.122.178, "
	    "lip=104.236.216.254, TLS: Disconnected",
	    .result = PARSE_IGNORED, .nev = 0 },
	/* securepostfix-mail.log: postgrey */
	{ .line =
	    "Jun  1 07:23:35 postfix postgrey[989]: Process "
	    "Backgrounded",
	    .result = PARSE_IGNORED, .nev = 0 },
	/* securepostfix-mail.log: amavis */
	{ .line =
	    "Jun  1 07:23:36 postfix amavis[783]: starting. "
	    "/usr/sbin/amavisd-new at mail.u10.cyberlab.fhnw.ch "
	    "amavisd-new-2.12.2 (20211013), Unicode aware, "
	    "LANG=\"en_US.UTF-8\"",
	    .result = PARSE_IGNORED, .nev = 0 },

	/*
	 * Constructs absent from the corpus, written here from the format
	 * strings of Postfix's source (named in the comments).
	 */

	/* smtpd.c smtpd_proto(), Postfix >= 3.x: "%s: %s after %s from %s". */
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3001]: NOQUEUE: "
	    "lost connection after RCPT from unknown[192.0.2.1]",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "RCPT",
	    .note = "lost connection after RCPT", .queue_id = "-",
	    .client_ip = "192.0.2.1" },
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3001]: 5BC8F3F7A5: "
	    "lost connection after DATA (1234 bytes) from unknown[192.0.2.1]",
	    .nev = 1, .kind = EV_NOTE, .dir = EV_DIR_IN, .command = "DATA",
	    .note = "lost connection after DATA", .text = "(1234 bytes)",
	    .message_key = "mx/postfix/5BC8F3F7A5" },
	/* smtpd_check.c, smtpd_delay_reject = no: a reject at CONNECT. */
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3002]: NOQUEUE: reject: "
	    "CONNECT from unknown[192.0.2.66]: 554 5.7.1 "
	    "<unknown[192.0.2.66]>: Client host rejected: Access denied; "
	    "proto=SMTP",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 554,
	    .src = EV_CODE_LOGGED, .command = "CONNECT", .enhanced = "5.7.1",
	    .text = "<unknown[192.0.2.66]>: Client host rejected: Access "
	    "denied", .proto = "SMTP", .from = "-", .helo = "-" },
	/* cleanup_message.c cleanup_act_log(): header_checks REJECT. */
	{ .line = "Nov 23 06:56:20 mx postfix/cleanup[2201]: 5BC8F3F7A5: "
	    "reject: header Subject: You have won from "
	    "mail.example.com[192.0.2.10]; from=<spam@example.com> "
	    "to=<user@example.org> proto=ESMTP helo=<mail.example.com>: "
	    "5.7.1 Spam is not welcome here",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 550,
	    .src = EV_CODE_INFERRED, .command = "END-OF-MESSAGE",
	    .enhanced = "5.7.1", .text = "Spam is not welcome here",
	    .note = "header Subject: You have won", .client_ip = "192.0.2.10",
	    .from = "spam@example.com", .to = "user@example.org",
	    .helo = "mail.example.com", .proto = "ESMTP" },
	/* The same for a local submission: no SMTP reply. */
	{ .line = "Nov 23 06:56:20 mx postfix/cleanup[2201]: 5BC8F3F7A6: "
	    "reject: body Buy cheap stuff; now from local; "
	    "from=<root@example.org> to=<user@example.org>: 5.7.1 message "
	    "content rejected",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 0,
	    .src = EV_CODE_NONE, .command = "-", .enhanced = "5.7.1",
	    .text = "message content rejected", .client_ip = "-",
	    .note = "body Buy cheap stuff; now", .to = "user@example.org" },
	/* milter8.c default reply for SMFIR_REJECT, logged by cleanup. */
	{ .line = "Nov 23 06:56:20 mx postfix/cleanup[2201]: 5BC8F3F7A7: "
	    "milter-reject: END-OF-MESSAGE from unknown[192.0.2.11]: 5.7.1 "
	    "Command rejected; from=<a@example.com> to=<b@example.org> "
	    "proto=ESMTP helo=<x>",
	    .nev = 1, .kind = EV_REJECT, .dir = EV_DIR_IN, .code = 550,
	    .src = EV_CODE_INFERRED, .enhanced = "5.7.1",
	    .text = "Command rejected", .command = "END-OF-MESSAGE" },
	/* smtpd_sasl_glue.c: the client gave up with "*". */
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3003]: warning: "
	    "unknown[192.0.2.7]: SASL LOGIN authentication aborted",
	    .nev = 2, .kind = EV_REPLY, .dir = EV_DIR_IN, .code = 501,
	    .src = EV_CODE_INFERRED, .enhanced = "5.7.0", .command = "AUTH",
	    .text = "Authentication aborted" },
	/* smtpd.c extract_addr() in RCPT. */
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3003]: warning: Illegal "
	    "address syntax from unknown[192.0.2.7] in RCPT command: <a b>",
	    .nev = 2, .kind = EV_REPLY, .dir = EV_DIR_IN, .code = 501,
	    .src = EV_CODE_INFERRED, .enhanced = "5.1.3", .command = "RCPT",
	    .text = "Bad recipient address syntax", .arg = "<a b>" },
	/* An RFC 3339 stamp with an offset; an IPv6 client. */
	{ .line = "2026-11-23T06:56:20.123456+01:00 mx postfix/smtpd[3004]: "
	    "connect from unknown[2001:db8::1]",
	    .nev = 1, .kind = EV_CONNECT, .dir = EV_DIR_IN,
	    .client_name = "unknown", .client_ip = "2001:db8::1",
	    .when = 1795413380, .usec = 123456 },
	/* A second instance: its messages have their own keys. */
	{ .line = "Nov 23 06:56:20 mx postfix-out/smtp[4242]: 5BC8F3F7A5: "
	    "to=<a@example.com>, relay=mx.example.com[192.0.2.25]:25, "
	    "delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent "
	    "(250 2.0.0 Ok)",
	    .nev = 1, .kind = EV_DELIVERY, .dir = EV_DIR_OUT, .code = 250,
	    .src = EV_CODE_LOGGED, .message_key = "mx/postfix-out/5BC8F3F7A5",
	    .program = "postfix-out/smtp", .relay_port = 25 },
	/* postsuper -d. */
	{ .line = "Nov 23 06:56:20 mx postfix/postsuper[77]: 5BC8F3F7A5: "
	    "removed",
	    .nev = 1, .kind = EV_MSG_REMOVED },
	/* A Postfix SMTP server message nobody knows. */
	{ .line = "Nov 23 06:56:20 mx postfix/smtpd[3005]: frobnicated the "
	    "widget",
	    .result = PARSE_UNRECOGNIZED },
	/* Not Postfix, not syslog. */
	{ .line = "", .result = PARSE_IGNORED },
	{ .line = "garbage without a timestamp", .result = PARSE_IGNORED },
	{ .line = "Nov 23 06:56:20 mx postfix-policyd[1]: hello",
	    .result = PARSE_IGNORED },
	{ .line = "Nov 23 06:56:20 mx kernel: [12.3] eth0 up",
	    .result = PARSE_IGNORED },
};

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
	struct parser_opts	o = { "test.log", 2026, 0 };

	memset(r, 0, sizeof(*r));
	r->p = parser_postfix.open(&o);
	ck_assert(r->p != NULL);
}

static void
run_close(struct run *r)
{
	parser_postfix.close(r->p);
	r->p = NULL;
}

/*
 * check_event - what every event must satisfy: a known kind, absent
 * strings NULL (never ""), origin filled in, bounded counters.
 */
static void
check_event(const struct smtp_event *ev, unsigned long lineno)
{
	/* Every string field (event.h's list). */
#define FIELD(name)	ev->name,
	const char *const s[] = { EV_STRINGS(FIELD) };
#undef FIELD
	size_t	i;

	ck_assert_int_lt(ev->kind, EV__COUNT);
	ck_assert(ev->ncounters >= 0 && ev->ncounters <= EV_MAX_COUNTERS);
	for (i = 0; i < NELEM(s); i++)
		ck_assert_msg(s[i] == NULL || s[i][0] != '\0',
		    "line %lu: field %zu is \"\"", lineno, i);
	ck_assert(ev->file != NULL && strcmp(ev->file, "test.log") == 0);
	ck_assert(ev->line >= 1 && ev->line <= lineno);
	ck_assert(ev->host != NULL && ev->program != NULL);
	ck_assert((ev->code == 0) == (ev->code_src == EV_CODE_NONE));
	ck_assert((ev->why != NULL) == (ev->code_src == EV_CODE_INFERRED));
}

static void
drain(struct run *r)
{
	const struct smtp_event	*e;

	r->nev = 0;
	while (r->nev < MAXEV && parser_postfix.next(r->p, &e) == 1) {
		r->ev[r->nev] = *e;
		check_event(&r->ev[r->nev++], r->lineno);
	}
	while (parser_postfix.next(r->p, &e) == 1)
		r->nev++;
}

/*
 * push - one line from an exact-size heap copy that is freed at once:
 * events must not point into the caller's line, and any read past its
 * end shows under AddressSanitizer.
 */
static void
push(struct run *r, const char *line)
{
	size_t	 len = strlen(line);
	char	*copy = malloc(len + 1);

	ck_assert(copy != NULL);
	memcpy(copy, line, len + 1);
	r->result = parser_postfix.push(r->p, copy, len, ++r->lineno);
	free(copy);
	ck_assert_msg(r->result >= PARSE_USED &&
	    r->result <= PARSE_UNRECOGNIZED, "%s: result %d", line, r->result);
	drain(r);
}

static void
flush(struct run *r)
{
	parser_postfix.flush(r->p);
	drain(r);
}

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

START_TEST(test_postfix_line)
{
	const struct pcase	*c = &cases[_i];
	const struct smtp_event	*ev;
	struct run		 r;

	run_open(&r);
	push(&r, c->line);
	ck_assert_msg(r.result == c->result, "%s\nresult: got %d, want %d",
	    c->line, r.result, c->result);
	ck_assert_msg(r.nev == c->nev, "%s\nevents: got %d, want %d", c->line,
	    r.nev, c->nev);
	if (c->nev > 0) {
		ev = &r.ev[0];
		ck_assert_msg(ev->kind == (enum ev_kind)c->kind,
		    "%s\nkind: got %s, want %s", c->line,
		    ev_kind_name(ev->kind), ev_kind_name(c->kind));
		ck_assert_msg(ev->code == c->code, "%s\ncode: got %d, want %d",
		    c->line, ev->code, c->code);
		ck_assert_msg(ev->code_src == (enum ev_code_src)c->src,
		    "%s\ncode_src: got %d, want %d", c->line, ev->code_src,
		    c->src);
		ck_assert_msg(ev->dir == (enum ev_dir)c->dir,
		    "%s\ndir: got %d, want %d", c->line, ev->dir, c->dir);
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
		check_str(c->line, "host", ev->host, c->host);
		check_str(c->line, "program", ev->program, c->program);
		check_str(c->line, "command", ev->command, c->command);
		check_str(c->line, "arg", ev->arg, c->arg);
		check_str(c->line, "enhanced", ev->enhanced, c->enhanced);
		check_str(c->line, "text", ev->text, c->text);
		if (c->textp != NULL)
			ck_assert_msg(ev->text != NULL && strncmp(ev->text,
			    c->textp, strlen(c->textp)) == 0,
			    "%s\ntext: got \"%s\", want \"%s...\"", c->line,
			    ev->text ? ev->text : "(null)", c->textp);
		check_str(c->line, "note", ev->note, c->note);
		check_str(c->line, "client_name", ev->client_name,
		    c->client_name);
		check_str(c->line, "client_ip", ev->client_ip, c->client_ip);
		check_str(c->line, "relay_name", ev->relay_name, c->relay_name);
		check_str(c->line, "relay_ip", ev->relay_ip, c->relay_ip);
		check_str(c->line, "session_key", ev->session_key,
		    c->session_key);
		check_str(c->line, "message_key", ev->message_key,
		    c->message_key);
		check_str(c->line, "queue_id", ev->queue_id, c->queue_id);
		check_str(c->line, "from", ev->from, c->from);
		check_str(c->line, "to", ev->to, c->to);
		check_str(c->line, "orig_to", ev->orig_to, c->orig_to);
		check_str(c->line, "helo", ev->helo, c->helo);
		check_str(c->line, "proto", ev->proto, c->proto);
		check_str(c->line, "status", ev->status, c->status);
		check_str(c->line, "dsn", ev->dsn, c->dsn);
		check_str(c->line, "message_id", ev->message_id,
		    c->message_id);
		check_str(c->line, "related_id", ev->related_id,
		    c->related_id);
		check_str(c->line, "related_key", ev->related_key,
		    c->related_key);
	}
	run_close(&r);
}
END_TEST

/*
 * The router gives Postfix exactly the lines of its programs: the
 * envelope's program is owned by parser_postfix just when the parser does
 * not ignore the line.
 */
START_TEST(test_postfix_owner)
{
	const struct pcase	*c = &cases[_i];
	struct env		*e = env_new(2025, 0, 0);
	struct env_rec		 rec;
	const char		*prog = NULL;
	size_t			 len = strlen(c->line), n = 0;
	int			 mine;

	if (env_read(e, c->line, len, &rec) == ENV_R_OK)
		prog = env_program(&rec, &n);
	mine = prog != NULL && parser_owner(prog, n) == &parser_postfix;
	ck_assert_msg(mine == (c->result != PARSE_IGNORED),
	    "%s: owned %d, result %d", c->line, mine, c->result);
	ck_assert_ptr_null(parser_postfix.probe);
	env_free(e);
}
END_TEST

/*
 * A verbose (debug_peer_list) dialogue: lines copied from
 * infohtreasure-maillog (smtpd[6006]), with the trace lines between them
 * left out; then an AUTH exchange written here, whose credentials must
 * not show, and replies cut short by a disconnect and by the end of input.
 */
#define V	"Feb 26 12:27:16 server1 postfix/smtpd[6006]: "
static const struct {
	const char	*line;
	int		 nev;
	int		 kind;		/* of the first event */
	const char	*command;
	int		 code;
	const char	*text;
} dialogue[] = {
	{ V "connect from localhost[127.0.0.1]", 1, EV_CONNECT, NULL, 0, NULL },
	{ V "smtpd_check_addr: addr=root@server1.alsoft.org", 0, 0, NULL, 0,
	    NULL },
	{ V "> localhost[127.0.0.1]: 220 server1.alsoft.org ESMTP Postfix", 1,
	    EV_GREETING, "CONNECT", 220, "server1.alsoft.org ESMTP Postfix" },
	{ V "< localhost[127.0.0.1]: EHLO server1.alsoft.org", 2, EV_COMMAND,
	    "EHLO", 0, NULL },
	{ V "> localhost[127.0.0.1]: 250-server1.alsoft.org", 0, 0, NULL, 0,
	    NULL },
	{ V "> localhost[127.0.0.1]: 250-PIPELINING", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 250-SIZE 10240000", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 250-VRFY", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 250-ETRN", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 250-ENHANCEDSTATUSCODES", 0, 0, NULL, 0,
	    NULL },
	{ V "> localhost[127.0.0.1]: 250-8BITMIME", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 250 DSN", 1, EV_REPLY, "EHLO", 250,
	    "server1.alsoft.org\nPIPELINING\nSIZE 10240000\nVRFY\nETRN\n"
	    "ENHANCEDSTATUSCODES\n8BITMIME\nDSN" },
	{ V "< localhost[127.0.0.1]: MAIL From:<root@server1.alsoft.org> "
	    "SIZE=30", 1, EV_COMMAND, "MAIL", 0, NULL },
	{ V "> localhost[127.0.0.1]: 250 2.1.0 Ok", 1, EV_REPLY, "MAIL", 250,
	    "Ok" },
	{ V "< localhost[127.0.0.1]: RCPT To:<This@server1.alsoft.org>", 1,
	    EV_COMMAND, "RCPT", 0, NULL },
	{ V "> localhost[127.0.0.1]: 550 5.1.1 <This@server1.alsoft.org>: "
	    "Recipient address rejected: User unknown in local recipient table",
	    1, EV_REPLY, "RCPT", 550, "<This@server1.alsoft.org>: Recipient "
	    "address rejected: User unknown in local recipient table" },
	{ V "< localhost[127.0.0.1]: DATA", 1, EV_COMMAND, "DATA", 0, NULL },
	{ V "> localhost[127.0.0.1]: 354 End data with <CR><LF>.<CR><LF>", 1,
	    EV_REPLY, "DATA", 354, "End data with <CR><LF>.<CR><LF>" },
	{ V "> localhost[127.0.0.1]: 250 2.0.0 Ok: queued as A3EF4405DD14", 1,
	    EV_REPLY, "END-OF-MESSAGE", 250, "Ok: queued as A3EF4405DD14" },
	/* Written here: AUTH LOGIN; the client's answers are secrets. */
	{ V "< localhost[127.0.0.1]: AUTH LOGIN", 1, EV_COMMAND, "AUTH", 0,
	    NULL },
	{ V "> localhost[127.0.0.1]: 334 VXNlcm5hbWU6", 1, EV_REPLY, "AUTH",
	    334, "VXNlcm5hbWU6" },
	{ V "< localhost[127.0.0.1]: dXNlcg==", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 334 UGFzc3dvcmQ6", 1, EV_REPLY, "AUTH",
	    334, "UGFzc3dvcmQ6" },
	{ V "< localhost[127.0.0.1]: c2VjcmV0", 0, 0, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 535 5.7.8 Error: authentication failed: "
	    "authentication failure", 1, EV_REPLY, "AUTH", 535,
	    "Error: authentication failed: authentication failure" },
	{ V "< localhost[127.0.0.1]: AUTH PLAIN AGZvbwBzZWNyZXQ=", 1,
	    EV_COMMAND, "AUTH", 0, NULL },
	{ V "> localhost[127.0.0.1]: 535 5.7.8 Error: authentication failed: "
	    "x", 1, EV_REPLY, "AUTH", 535, NULL },
	/* A reply cut short by the disconnect comes out before it. */
	{ V "< localhost[127.0.0.1]: HELP", 1, EV_COMMAND, "HELP", 0, NULL },
	{ V "> localhost[127.0.0.1]: 214-2.0.0 Commands: AUTH BDAT DATA", 0, 0,
	    NULL, 0, NULL },
	{ V "disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=0/1 "
	    "data=1 auth=0/2 help=1 quit=1 commands=5/8", 2, EV_REPLY, "HELP",
	    214, "Commands: AUTH BDAT DATA" },
	/* A new session: its first reply is a greeting again. */
	{ V "connect from localhost[127.0.0.1]", 1, EV_CONNECT, NULL, 0, NULL },
	{ V "> localhost[127.0.0.1]: 220-server1.alsoft.org ESMTP", 0, 0, NULL,
	    0, NULL },
};
#undef V

START_TEST(test_postfix_dialogue)
{
	struct run	r;
	size_t		i;

	run_open(&r);
	for (i = 0; i < NELEM(dialogue); i++) {
		push(&r, dialogue[i].line);
		ck_assert_int_eq(r.result, PARSE_USED);
		ck_assert_msg(r.nev == dialogue[i].nev,
		    "%s\nevents: got %d, want %d", dialogue[i].line, r.nev,
		    dialogue[i].nev);
		if (r.nev == 0)
			continue;
		ck_assert_msg(r.ev[0].kind == (enum ev_kind)dialogue[i].kind,
		    "%s\nkind: got %s", dialogue[i].line,
		    ev_kind_name(r.ev[0].kind));
		check_str(dialogue[i].line, "command", r.ev[0].command,
		    dialogue[i].command);
		check_str(dialogue[i].line, "text", r.ev[0].text,
		    dialogue[i].text);
		ck_assert_int_eq(r.ev[0].code, dialogue[i].code);
		ck_assert_str_eq(r.ev[0].session_key,
		    "server1/postfix/smtpd[6006]");
		ck_assert_str_eq(r.ev[0].client_ip, "127.0.0.1");
		/* Secrets stay out: AUTH shows the mechanism, and the
		 * marker in place of an initial response. */
		if (r.ev[0].kind == EV_COMMAND &&
		    strcmp(r.ev[0].command, "AUTH") == 0)
			ck_assert_msg(r.ev[0].arg != NULL &&
			    (strcmp(r.ev[0].arg, "LOGIN") == 0 ||
			    strcmp(r.ev[0].arg, "PLAIN " DLG_REDACTED) == 0),
			    "AUTH arg \"%s\"", r.ev[0].arg);
	}
	/* EHLO also made EV_HELO; the disconnect came after the reply. */
	push(&r, "Feb 26 12:27:17 server1 postfix/smtpd[6007]: < "
	    "x[192.0.2.1]: HELO a.example");
	ck_assert_int_eq(r.nev, 2);
	ck_assert_int_eq(r.ev[1].kind, EV_HELO);
	ck_assert_str_eq(r.ev[1].helo, "a.example");

	/* The end of input lets out the held-back greeting. */
	flush(&r);
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].kind, EV_GREETING);
	ck_assert_int_eq(r.ev[0].code, 220);
	ck_assert_str_eq(r.ev[0].text, "server1.alsoft.org ESMTP");
	ck_assert_str_eq(r.ev[0].program, "postfix/smtpd");
	ck_assert_str_eq(r.ev[0].host, "server1");
	ck_assert_int_eq(r.ev[0].pid, 6006);
	ck_assert_int_eq(r.ev[0].line, NELEM(dialogue));
	flush(&r);
	ck_assert_int_eq(r.nev, 0);
	run_close(&r);
}
END_TEST

/* Continuation lines of two processes interleave; each joins its own. */
START_TEST(test_postfix_interleaved_replies)
{
	struct run	r;

	run_open(&r);
	push(&r, "Nov 23 06:56:20 mx postfix/smtpd[1]: > a[192.0.2.1]: 250-a1");
	push(&r, "Nov 23 06:56:20 mx postfix/smtpd[2]: > b[192.0.2.2]: 250-b1");
	push(&r, "Nov 23 06:56:20 mx postfix/smtpd[1]: > a[192.0.2.1]: 250 a2");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_str_eq(r.ev[0].text, "a1\na2");
	ck_assert_str_eq(r.ev[0].session_key, "mx/postfix/smtpd[1]");
	/* A different code ends the pending reply and starts another. */
	push(&r, "Nov 23 06:56:21 mx postfix/smtpd[2]: > b[192.0.2.2]: 550 b2");
	ck_assert_int_eq(r.nev, 2);
	ck_assert_int_eq(r.ev[0].code, 250);
	ck_assert_str_eq(r.ev[0].text, "b1");
	ck_assert_int_eq(r.ev[1].code, 550);
	ck_assert_str_eq(r.ev[1].client_ip, "192.0.2.2");
	run_close(&r);
}
END_TEST

/* More sessions than the table holds: the oldest goes, its reply first. */
START_TEST(test_postfix_session_table_full)
{
	struct run	r;
	char		line[128];
	int		i, seen = 0;

	run_open(&r);
	for (i = 0; i < 1000; i++) {
		snprintf(line, sizeof(line), "Nov 23 06:56:20 mx "
		    "postfix/smtpd[%d]: > a[192.0.2.1]: 250-pending %d", i, i);
		push(&r, line);
		seen += r.nev;
	}
	flush(&r);
	while (r.nev > 0) {
		seen += r.nev;
		drain(&r);
	}
	ck_assert_int_eq(seen, 1000);
	run_close(&r);
}
END_TEST

/*
 * Disconnect counters and the reply each failed counter implies (see
 * why_* in postfix_smtpd.c).  "before" is a line of the same smtpd
 * process logged earlier in the session.  Rows marked "corpus" are copied
 * from grok-patterns-messages.log; the others are written here.
 */
#define D	"Nov 23 06:56:20 mx postfix/smtpd[1200]: "
static const struct {
	const char	*before;
	const char	*line;
	const char	*name;		/* the counter checked */
	int		 ok, total, code;
	const char	*enhanced;
} counters[] = {
	/* corpus: no recipient, so DATA got "554 5.5.1 no valid ..." */
	{ NULL, "Mar  1 00:02:32 mx postfix/smtpd[1152]: disconnect from "
	    "unknown[72.10.165.66] ehlo=2 starttls=1 mail=1 rcpt=0/1 data=0/1 "
	    "quit=1 commands=5/7", "data", 0, 1, 554, "5.5.1" },
	{ NULL, "Mar  1 00:02:32 mx postfix/smtpd[1152]: disconnect from "
	    "unknown[72.10.165.66] ehlo=2 starttls=1 mail=1 rcpt=0/1 data=0/1 "
	    "quit=1 commands=5/7", "rcpt", 0, 1, 0, NULL },
	{ NULL, "Mar  1 00:02:32 mx postfix/smtpd[1152]: disconnect from "
	    "unknown[72.10.165.66] ehlo=2 starttls=1 mail=1 rcpt=0/1 data=0/1 "
	    "quit=1 commands=5/7", "commands", 5, 7, 0, NULL },
	{ NULL, "Mar  1 00:02:32 mx postfix/smtpd[1152]: disconnect from "
	    "unknown[72.10.165.66] ehlo=2 starttls=1 mail=1 rcpt=0/1 data=0/1 "
	    "quit=1 commands=5/7", "ehlo", 2, 2, 0, NULL },
	/* corpus: "commands=0/0" marks a session without any command. */
	{ NULL, "Mar  1 00:02:37 mx postfix/smtpd[1157]: disconnect from "
	    "unknown[unknown] commands=0/0", "commands", 0, 0, 0, NULL },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 unknown=0/1 "
	    "quit=1 commands=2/3", "unknown", 0, 1, 502, "5.5.2" },
	/* Without STARTTLS, 503 and a required-TLS 530 look alike. */
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 mail=0/1 "
	    "rcpt=0/1 data=0/1 quit=1 commands=2/5", "rcpt", 0, 1, 0, NULL },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 mail=0/1 "
	    "rcpt=0/1 data=0/1 quit=1 commands=2/5", "data", 0, 1, 0, NULL },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=2 starttls=1 "
	    "mail=0/1 rcpt=0/1 data=0/1 quit=1 commands=4/7", "rcpt", 0, 1,
	    503, "5.5.1" },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=2 starttls=1 "
	    "mail=0/1 rcpt=0/1 data=0/1 quit=1 commands=4/7", "data", 0, 1,
	    503, "5.5.1" },
	/* A logged MAIL reject shows MAIL got past any STARTTLS check. */
	{ D "NOQUEUE: reject: MAIL from unknown[192.0.2.9]: 553 5.7.1 <x>: "
	    "Sender address rejected: not logged in; proto=ESMTP helo=<x>",
	    D "disconnect from unknown[192.0.2.9] ehlo=1 mail=0/1 rcpt=0/1 "
	    "quit=1 commands=2/4", "rcpt", 0, 1, 503, "5.5.1" },
	{ D "warning: non-SMTP command from unknown[192.0.2.9]: GET / "
	    "HTTP/1.1", D "disconnect from unknown[192.0.2.9] unknown=0/1 "
	    "commands=0/1", "unknown", 0, 1, 0, NULL },
	{ D "NOQUEUE: reject: CONNECT from unknown[192.0.2.9]: 554 5.7.1 "
	    "<unknown[192.0.2.9]>: Client host rejected: Access denied; "
	    "proto=SMTP", D "disconnect from unknown[192.0.2.9] ehlo=0/1 "
	    "unknown=0/1 quit=1 commands=1/3", "unknown", 0, 1, 503, "5.7.0" },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 mail=1 rcpt=1 "
	    "data=0/1 commands=3/4", "data", 0, 1, 0, NULL },
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 mail=1 rcpt=0/2 "
	    "rset=1 data=0/1 commands=3/6", "data", 0, 1, 0, NULL },
	/* Non-counter tokens are skipped. */
	{ NULL, D "disconnect from unknown[192.0.2.9] ehlo=1 quit=1 "
	    "commands=2 notes=bare_lf", "quit", 1, 1, 0, NULL },
};
#undef D

START_TEST(test_postfix_counters)
{
	const struct smtp_event	*ev;
	const struct ev_counter	*c = NULL;
	struct run		 r;
	int			 i;

	run_open(&r);
	if (counters[_i].before != NULL)
		push(&r, counters[_i].before);
	push(&r, counters[_i].line);
	ck_assert_int_eq(r.nev, 1);
	ev = &r.ev[0];
	ck_assert_int_eq(ev->kind, EV_DISCONNECT);
	for (i = 0; i < ev->ncounters; i++)
		if (strcmp(ev->counters[i].name, counters[_i].name) == 0)
			c = &ev->counters[i];
	ck_assert_msg(c != NULL, "%s: no counter %s", counters[_i].line,
	    counters[_i].name);
	ck_assert_int_eq(c->ok, counters[_i].ok);
	ck_assert_int_eq(c->total, counters[_i].total);
	ck_assert_msg(c->implied_code == counters[_i].code,
	    "%s\n%s: implied %d, want %d (%s)", counters[_i].line, c->name,
	    c->implied_code, counters[_i].code, c->why ? c->why : "");
	check_str(counters[_i].line, "implied_enhanced", c->implied_enhanced,
	    counters[_i].enhanced ? counters[_i].enhanced : "-");
	/* A failed counter always says why; a clean one never does. */
	ck_assert((c->why != NULL) == (c->ok < c->total));
	ck_assert((c->implied_text != NULL) == (c->implied_code != 0));
	run_close(&r);
}
END_TEST

/*
 * Hostile input: nothing crashes, reads past a line or grows without
 * bound, and what is parsed stays plausible.
 */
#define H	"Oct 22 02:13:41 conch "
START_TEST(test_postfix_hostile)
{
	static const char *const lines[] = {
		H "postfix/smtpd[26895]:",
		H "postfix/smtpd[26895]: ",
		H "postfix/smtpd[",
		H "postfix/smtpd[26895",
		H "postfix/smtpd[12345678901]: connect from "
		    "a[1.2.3.4]",
		H "postfix/smtpd[x]: connect from a[1.2.3.4]",
		H "postfix/smtpd: connect from a[1.2.3.4]",
		"Oct 22 02:13:41  conch",
		"Oct 22 02:13:41 ",
		H "postfix/smtpd[1]: connect from",
		H "postfix/smtpd[1]: connect from a[",
		H "postfix/smtpd[1]: connect from a[1.2.3.4",
		H "postfix/smtpd[1]: disconnect from a[1]:",
		H "postfix/smtpd[1]: disconnect from a[1] =",
		H "postfix/smtpd[1]: disconnect from a[1] "
		    "rcpt=/ x=1/ =3 rcpt=99999999999999/9999999999999",
		H "postfix/smtpd[1]: NOQUEUE: reject:",
		H "postfix/smtpd[1]: NOQUEUE: reject: RCPT",
		H "postfix/smtpd[1]: NOQUEUE: reject: RCPT "
		    "from a[1.2.3.4]: 5",
		H "postfix/smtpd[1]: NOQUEUE: reject: RCPT "
		    "from a[1.2.3.4]: 554 5.",
		H "postfix/smtpd[1]: NOQUEUE: reject: RCPT "
		    "from a[1.2.3.4]: ;;;; from=<; from=<a> to=<",
		H "postfix/smtpd[1]: ABCDEF: client=",
		H "postfix/smtpd[1]: < a[1]:",
		H "postfix/smtpd[1]: < a[1]: ",
		H "postfix/smtpd[1]: > a[1]: 25",
		H "postfix/smtpd[1]: > a[1]: 250-",
		H "postfix/smtpd[1]: warning: a[1]: SASL",
		H "postfix/smtp[1]: ABCDEF: to=",
		H "postfix/smtp[1]: ABCDEF: to=<a, status=",
		H "postfix/smtp[1]: ABCDEF: to=<a>, status=x "
		    "(host a[1] said: 5 (in reply to",
		H "postfix/smtp[1]: ABCDEF: host a[1] said:",
		H "postfix/cleanup[1]: ABCDEF: reject: header",
		H "postfix/cleanup[1]: ABCDEF: reject: header "
		    "x from ; from=<a>: ",
		H "postfix/cleanup[1]: ABCDEF: message-id=<",
		H "postfix/bounce[1]: ABCDEF: sender x "
		    "notification: ",
		H "postfix/qmgr[1]: ABCDEF: from=<",
		H "postfix/postscreen[1]: CONNECT from [",
		H "postfix/postscreen[1]: PREGREET 1 from",
		H "postfix/postscreen[1]: COMMAND x from "
		    "[1]:2 after",
		H "postfix/postscreen[1]: NOQUEUE: reject: "
		    "RCPT from [1]:2: ",
		"\xff\xfe\xfd",
		"Oct 22 02:13:41 \xff\xfe postfix/smtpd[1]: \xc3\x28",
	};
	struct run	r;
	size_t		i;

	run_open(&r);
	for (i = 0; i < NELEM(lines); i++)
		push(&r, lines[i]);
	flush(&r);
	run_close(&r);
}
END_TEST
#undef H

START_TEST(test_postfix_long_lines)
{
	struct run	 r;
	const char	*h;
	char		*big;
	size_t		 n = 100 * 1024;

	run_open(&r);
	big = malloc(n + 1);
	ck_assert(big != NULL);

	/* 64 KiB of 'A': no prefix. */
	memset(big, 'A', 64 * 1024);
	big[64 * 1024] = '\0';
	push(&r, big);
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	ck_assert_int_eq(r.nev, 0);

	/* A Postfix prefix and 100 KiB of reply text: parsed, cut short. */
	memset(big, 'A', n);
	big[n] = '\0';
	h = "Oct 22 02:13:41 conch postfix/smtpd[1]: NOQUEUE: reject: "
	    "RCPT from a[1.2.3.4]: 554 5.7.1 ";
	memcpy(big, h, strlen(h));
	push(&r, big);
	ck_assert_int_eq(r.result, PARSE_USED);
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].code, 554);
	ck_assert(strlen(r.ev[0].text) < 65536);

	/* An attacker's long reply text in -v logging: kept, bounded. */
	h = "Oct 22 02:13:41 conch postfix/smtpd[1]: > a[1.2.3.4]: 250-";
	memcpy(big, h, strlen(h));
	push(&r, big);
	ck_assert_int_eq(r.nev, 0);
	big[strlen(h) - 1] = ' ';
	push(&r, big);
	ck_assert_int_eq(r.nev, 1);
	ck_assert(strlen(r.ev[0].text) < 4096);
	free(big);
	run_close(&r);
}
END_TEST

/* The envelope tail is the last "; from=" that parses; text keeps ';'. */
START_TEST(test_postfix_envelope_tail)
{
	struct run	r;

	run_open(&r);
	/* No tail at all. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[1]: NOQUEUE: reject: "
	    "RCPT from a[192.0.2.1]: 554 5.7.1 no tail here; really");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_str_eq(r.ev[0].text, "no tail here; really");
	ck_assert(r.ev[0].from == NULL && r.ev[0].helo == NULL);
	/*
	 * HELOs that try to forge a tail; smtpd.c neuters "<>" in them
	 * (NEUTER_CHARACTERS), not ';'.
	 */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[1]: NOQUEUE: reject: "
	    "RCPT from a[192.0.2.1]: 554 5.7.1 Access denied; "
	    "from=<a@example.com> to=<b@example.org> proto=ESMTP "
	    "helo=<x; from=?evil?>");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_str_eq(r.ev[0].from, "a@example.com");
	ck_assert_str_eq(r.ev[0].helo, "x; from=?evil?");
	ck_assert_str_eq(r.ev[0].text, "Access denied");
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[1]: NOQUEUE: reject: "
	    "RCPT from a[192.0.2.1]: 554 5.7.1 Access denied; "
	    "from=<a@example.com> to=<b@example.org> proto=ESMTP "
	    "helo=<x; proto=SMTP>");
	ck_assert_str_eq(r.ev[0].helo, "x; proto=SMTP");
	ck_assert_str_eq(r.ev[0].proto, "ESMTP");
	/* An empty whatsup: the line ends with ';'. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[1]: NOQUEUE: reject: "
	    "CONNECT from a[192.0.2.1]: 421 4.3.2 busy;");
	ck_assert_str_eq(r.ev[0].text, "busy");
	ck_assert(r.ev[0].proto == NULL);
	run_close(&r);
}
END_TEST

/*
 * The parser remembers program names (postfix_prog.c): a cached name must
 * end the program exactly where a scan would, and entries are replaced
 * when more names come than the cache holds.
 */
START_TEST(test_postfix_program_cache)
{
	struct run	 r;
	char		 line[256];
	int		 i;

	run_open(&r);
	/* "postfix/smtp" is cached; "postfix/smtpd" starts with it. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtp[7]: ABCDE12345: "
	    "removed");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].kind, EV_MSG_REMOVED);
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[8]: connect from "
	    "a[192.0.2.1]");
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].kind, EV_CONNECT);
	ck_assert_str_eq(r.ev[0].program, "postfix/smtpd");
	ck_assert_str_eq(r.ev[0].session_key, "conch/postfix/smtpd[8]");
	/* A cached name followed by a space is no prefix at all. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd [8]: connect from "
	    "a[192.0.2.1]");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	ck_assert_int_eq(r.nev, 0);
	/* Nor one with a bad pid. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[8x]: connect from "
	    "a[192.0.2.1]");
	ck_assert_int_eq(r.result, PARSE_IGNORED);
	/* Another host, the same program. */
	push(&r, "Oct 22 02:13:41 mx2 postfix/smtpd[9]: connect from "
	    "a[192.0.2.1]");
	ck_assert_str_eq(r.ev[0].session_key, "mx2/postfix/smtpd[9]");
	/* A pid with leading zeros is printed as a number in the key. */
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[0042]: connect from "
	    "a[192.0.2.1]");
	ck_assert_int_eq(r.ev[0].pid, 42);
	ck_assert_str_eq(r.ev[0].session_key, "conch/postfix/smtpd[42]");
	push(&r, "Oct 22 02:13:41 conch postfix/smtpd[0]: connect from "
	    "a[192.0.2.1]");
	ck_assert_str_eq(r.ev[0].session_key, "conch/postfix/smtpd[0]");
	/* Forty other names push the first ones out of the cache. */
	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "Oct 22 02:13:41 conch "
		    "%s%d/smtpd[%d]: connect from a[192.0.2.1]",
		    i % 2 ? "postfix-i" : "other", i, i + 1);
		push(&r, line);
		ck_assert_int_eq(r.result, i % 2 ? PARSE_USED : PARSE_IGNORED);
		ck_assert_int_eq(r.nev, i % 2);
	}
	push(&r, "Oct 22 02:13:41 conch postfix/smtp[7]: ABCDE12345: "
	    "removed");
	ck_assert_int_eq(r.ev[0].kind, EV_MSG_REMOVED);
	ck_assert_str_eq(r.ev[0].message_key, "conch/postfix/ABCDE12345");
	push(&r, "Oct 22 02:13:41 conch postfix-i39/smtpd[40]: disconnect "
	    "from a[192.0.2.1]");
	ck_assert_int_eq(r.ev[0].kind, EV_DISCONNECT);
	ck_assert_str_eq(r.ev[0].session_key, "conch/postfix-i39/smtpd[40]");
	/* A program name too long to cache is still classified. */
	push(&r, "Oct 22 02:13:41 conch postfix-a-very-long-instance-name-"
	    "indeed/submission/smtpd[5]: connect from a[192.0.2.1]");
	ck_assert_int_eq(r.ev[0].kind, EV_CONNECT);
	/* postscreen keys: the port as a number, whatever its digits. */
	push(&r, "Oct 22 02:13:41 conch postfix/postscreen[3]: CONNECT from "
	    "[192.0.2.1]:0123 to [192.0.2.10]:25");
	ck_assert_str_eq(r.ev[0].session_key,
	    "conch/postfix/postscreen[3]/[192.0.2.1]:123");
	push(&r, "Oct 22 02:13:41 conch postfix/postscreen[3]: CONNECT from "
	    "[192.0.2.1]:65535 to [192.0.2.10]:25");
	ck_assert_str_eq(r.ev[0].session_key,
	    "conch/postfix/postscreen[3]/[192.0.2.1]:65535");
	push(&r, "Oct 22 02:13:41 conch postfix/postscreen[3]: CONNECT from "
	    "[192.0.2.1]:99999 to [192.0.2.10]:25");
	ck_assert_str_eq(r.ev[0].session_key,
	    "conch/postfix/postscreen[3]/[192.0.2.1]:0");
	run_close(&r);
}
END_TEST

START_TEST(test_postfix_many_counters)
{
	struct run	r;
	char		line[1024];
	size_t		n;
	int		i;

	run_open(&r);
	n = snprintf(line, sizeof(line), "Oct 22 02:13:41 conch "
	    "postfix/smtpd[1]: disconnect from a[192.0.2.1]");
	for (i = 0; i < 30; i++)
		n += snprintf(line + n, sizeof(line) - n, " c%c=%d/%d",
		    'a' + i % 26, i, i + 1);
	push(&r, line);
	ck_assert_int_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].ncounters, EV_MAX_COUNTERS);
	for (i = 0; i < EV_MAX_COUNTERS; i++) {
		ck_assert_int_eq(r.ev[0].counters[i].ok, i);
		ck_assert_int_eq(r.ev[0].counters[i].total, i + 1);
	}
	run_close(&r);
}
END_TEST

/*
 * Every prefix of the table's lines, and random mutations of them: the
 * parser copes and every event stays well-formed (check_event()).
 */
START_TEST(test_postfix_mutations)
{
	static const char	 special[] = "[]<>;:, =/()-\xff";
	struct run		 r;
	char			 buf[1024];
	size_t			 i, len, k, k2;
	unsigned long		 seed = 12345;
	int			 round;

	run_open(&r);
	for (i = 0; i < NELEM(cases); i++) {
		len = strlen(cases[i].line);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		for (k = 0; k <= len; k++) {
			memcpy(buf, cases[i].line, k);
			buf[k] = '\0';
			push(&r, buf);
		}
		for (round = 0; round < 200; round++) {
			memcpy(buf, cases[i].line, len + 1);
			buf[len] = '\0';
			for (k = 0; k < 4 && len > 0; k++) {
				seed = seed * 6364136223846793005UL + 1;
				k2 = (seed >> 17) % (sizeof(special) - 1);
				buf[(seed >> 33) % len] = special[k2];
			}
			push(&r, buf);
		}
	}
	flush(&r);
	run_close(&r);
}
END_TEST

/*
 * The real Postfix logs, every line.  Expected counts of rejects with the
 * codes smtplog flags (500 502 503 530 554) were established with
 *
 *   grep -cE ': (reject|milter-reject|proxy-reject): [^ ]+ from [^ ]*: \
 *       5(00|02|03|30|54) ' FILE
 *
 * (kdent-mail.log: 450 lines, all "NOQUEUE: reject: RCPT from ...: 554
 * 5.7.1" for RBL hits and "Relay access denied"; kdent-mail3.log: 344 of
 * the same; one "554 5.7.1 ... Relay access denied" each in nole-mail.log
 * and shlomif-postfix-problem-maillog; none elsewhere: pflgviewer's and
 * infohtreasure's rejects are 450/550).
 */
static const struct {
	const char	*path;		/* under the corpus */
	unsigned long	 rejects;
} corpus[] = {
	{ "postfix-real/kdent-mail.log", 450 },
	{ "postfix-real/kdent-mail3.log", 344 },
	{ "postfix-real/nole-mail.log", 1 },
	{ "postfix-real/pflgviewer-mail.log.gz", 0 },
	{ "postfix-real/securepostfix-mail.log", 0 },
	{ "maillog-dumps/anantg21-maillog", 0 },
	{ "maillog-dumps/gomaillex-maillog", 0 },
	{ "maillog-dumps/infohtreasure-maillog.gz", 0 },
	{ "maillog-dumps/infohtreasure-mailog2", 0 },
	{ "maillog-dumps/shlomif-postfix-problem-maillog", 1 },
};

static const char *
corpus_dir(void)
{
	const char	*d = getenv("SMTPLOG_CORPUS");

	return d != NULL && *d != '\0' ? d : "tests/corpus";
}

struct tally {
	unsigned long	lines, res[3], rejects, events;
};

/* read_all - the whole of a corpus file, gzip or plain (zlib reads both). */
static char *
read_all(const char *path, size_t *len)
{
	gzFile		 gz;
	char		*buf = NULL;
	size_t		 cap = 0;
	int		 n;

	gz = gzopen(path, "rb");
	ck_assert_msg(gz != NULL, "%s: %s (corpus: tests/corpus, or set "
	    "SMTPLOG_CORPUS)", path, strerror(errno));
	*len = 0;
	do {
		if (cap - *len < 65536) {
			cap = cap * 2 + 65536;
			buf = realloc(buf, cap);
			ck_assert(buf != NULL);
		}
		n = gzread(gz, buf + *len, (unsigned)(cap - *len));
		ck_assert_msg(n >= 0, "%s: read error", path);
		*len += (size_t)n;
	} while (n > 0);
	gzclose(gz);
	return buf;
}

static void
run_file(const char *path, struct tally *t)
{
	struct parser_opts	 o = { "test.log", 0, 0 };
	const struct smtp_event	*ev;
	char			*buf, *line, *end, *eol, *nul;
	size_t			 len, n;
	void			*p;
	int			 res;

	memset(t, 0, sizeof(*t));
	buf = read_all(path, &len);
	end = buf + len;
	p = parser_postfix.open(&o);
	for (line = buf; line < end; line = eol + 1) {
		if ((eol = memchr(line, '\n', end - line)) == NULL)
			eol = end;
		n = eol - line;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if ((nul = memchr(line, '\0', n)) != NULL)
			n = nul - line;
		res = parser_postfix.push(p, line, n, ++t->lines);
		ck_assert_msg(res >= PARSE_USED && res <= PARSE_UNRECOGNIZED,
		    "%s:%lu: result %d: %s", path, t->lines, res,
		    parser_postfix.error(p));
		t->res[res]++;
		while ((res = parser_postfix.next(p, &ev)) == 1) {
			check_event(ev, t->lines);
			t->events++;
			if (ev->kind == EV_REJECT && (ev->code == 500 ||
			    ev->code == 502 || ev->code == 503 ||
			    ev->code == 530 || ev->code == 554))
				t->rejects++;
		}
		ck_assert_msg(res == 0, "%s:%lu: next() %d", path, t->lines,
		    res);
	}
	parser_postfix.flush(p);
	while (parser_postfix.next(p, &ev) == 1)
		t->events++;
	parser_postfix.close(p);
	free(buf);
}

START_TEST(test_postfix_corpus)
{
	char		path[4096];
	struct tally	t;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), corpus[_i].path);
	run_file(path, &t);
	ck_assert_msg(t.lines > 0, "%s: empty", path);
	ck_assert_msg(t.res[PARSE_USED] + t.res[PARSE_IGNORED] +
	    t.res[PARSE_UNRECOGNIZED] == t.lines, "%s: results do not add up",
	    path);
	ck_assert_msg(t.rejects == corpus[_i].rejects,
	    "%s: %lu rejects with 500/502/503/530/554, want %lu", path,
	    t.rejects, corpus[_i].rejects);
	ck_assert_msg(t.res[PARSE_USED] > 0 && t.events > 0,
	    "%s: nothing understood", path);
}
END_TEST

static int
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every file of the two directories has a row above. */
START_TEST(test_postfix_corpus_listed)
{
	static const char *const dirs[] = { "postfix-real", "maillog-dumps" };
	char		 path[4096], rel[4096];
	DIR		*d;
	struct dirent	*de;
	size_t		 i, k, n = 0;

	for (i = 0; i < NELEM(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", corpus_dir(), dirs[i]);
		d = opendir(path);
		ck_assert_msg(d != NULL, "corpus directory %s: %s (set "
		    "SMTPLOG_CORPUS to the corpus)", path,
		    strerror(errno));
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (i == 0 && !ends_with(de->d_name, ".log") &&
			    !ends_with(de->d_name, ".log.gz"))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i],
			    de->d_name);
			for (k = 0; k < NELEM(corpus); k++)
				if (strcmp(corpus[k].path, rel) == 0)
					break;
			ck_assert_msg(k < NELEM(corpus), "%s: new corpus file; "
			    "add its reject count to corpus[]", rel);
			n++;
		}
		closedir(d);
	}
	ck_assert_uint_eq(n, NELEM(corpus));
}
END_TEST

START_TEST(test_parser_registry)
{
	static const char *const postfix_sample[] = {
		"Jun 29 03:10:03 RHL058 sendmail[3569]: s5T68YTv003569: "
		    "from=<no-reply@grooveshark.com>, size=25274",
		"Oct 22 02:13:41 conch postfix/smtpd[26895]: connect from "
		    "jurann.biz[77.95.228.43]",
		NULL,
	};
	static const char *const other_sample[] = {
		"2017-04-08 03:12:10 1cwfmY-0001C2-8k <= user@example.com",
		"hello",
	};
	size_t	lens[3];
	size_t	i;

	ck_assert_ptr_eq(parser_find("postfix"), &parser_postfix);
	ck_assert_ptr_null(parser_find("nonesuch"));
	ck_assert_ptr_null(parser_find(NULL));
	ck_assert(strstr(parser_names(), "postfix") != NULL);
	ck_assert_str_eq(parser_postfix.name, "postfix");

	/* Postfix's lines have an envelope: the router gives them to it by
	 * their program, detection never names it. */
	for (i = 0; i < 3; i++)
		lens[i] = postfix_sample[i] ? strlen(postfix_sample[i]) : 0;
	ck_assert_ptr_null(parser_detect(postfix_sample, lens, 3));
	ck_assert_ptr_eq(parser_owner("postfix/smtpd", 13), &parser_postfix);
	ck_assert_ptr_eq(parser_owner("postfix-out/qmgr", 16),
	    &parser_postfix);
	ck_assert_ptr_null(parser_owner("postfixx", 8));
	ck_assert_ptr_null(parser_owner("sendmail", 8));
	for (i = 0; i < 2; i++)
		lens[i] = strlen(other_sample[i]);
	/* An Exim line is now some parser's business, but not Postfix's. */
	ck_assert_ptr_eq(parser_detect(other_sample, lens, 2), &parser_exim);
	ck_assert_ptr_null(parser_detect(other_sample + 1, lens + 1, 1));
	ck_assert_ptr_null(parser_detect(other_sample, lens, 0));
}
END_TEST

Suite *
postfix_suite(void)
{
	Suite	*s = suite_create("postfix");
	TCase	*tc;

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_postfix_line, 0, NELEM(cases));
	tcase_add_loop_test(tc, test_postfix_owner, 0, NELEM(cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_postfix_dialogue);
	tcase_add_test(tc, test_postfix_interleaved_replies);
	tcase_add_test(tc, test_postfix_session_table_full);
	tcase_add_test(tc, test_postfix_program_cache);
	tcase_add_loop_test(tc, test_postfix_counters, 0, NELEM(counters));
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_postfix_hostile);
	tcase_add_test(tc, test_postfix_long_lines);
	tcase_add_test(tc, test_postfix_envelope_tail);
	tcase_add_test(tc, test_postfix_many_counters);
	tcase_add_test(tc, test_postfix_mutations);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_postfix_corpus, 0, NELEM(corpus));
	tcase_add_test(tc, test_postfix_corpus_listed);
	suite_add_tcase(s, tc);

	tc = tcase_create("registry");
	tcase_add_test(tc, test_parser_registry);
	suite_add_tcase(s, tc);
	return s;
}
