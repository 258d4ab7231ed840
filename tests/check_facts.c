/*
 * check_facts.c - the traffic facts the parsers put on events (sizes,
 * recipient counts, delays, forwarding, policy actions, log levels,
 * Exim's additional addresses): one table row per line, each copied from
 * a real log of tests/corpus (the comment names the file and line; a
 * syslog prefix added to a bare message says so).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "parser.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXEV		8

struct fcase {
	const struct parser_ops	*ops;
	const char		*line;
	enum ev_kind		 kind;	/* the event that carries the fact */
	unsigned long long	 size;
	unsigned		 nrcpt;
	long			 delay_ms;
	unsigned		 flags;	/* all of them, EV_F_DELAY included */
	const char		*note;	/* NULL: not checked */
};

static const struct fcase cases[] = {
	/* postfix-real/kdent-mail.log:11 */
	{ &parser_postfix, "Oct 22 02:20:45 conch postfix/qmgr[25409]: "
	    "A63ED24324: from=<NewDentalTips@implanttips.seenewdentalimplant"
	    "info.eu>, size=7559, nrcpt=1 (queue active)",
	    EV_MSG_INFO, 7559, 1, 0, 0, NULL },
	/* postfix-real/kdent-mail.log:5346 */
	{ &parser_postfix, "Oct 22 14:14:14 conch postfix/local[4831]: "
	    "C9ED424A20: to=<kdent@conch.seaglass.com>, orig_to=<postmaster>, "
	    "relay=local, delay=1.2, delays=0.66/0.28/0/0.27, dsn=2.0.0, "
	    "status=sent (delivered to mailbox)",
	    EV_DELIVERY, 0, 0, 1200, EV_F_DELAY, NULL },
	/* postfix-real/nole-mail.log:5 */
	{ &parser_postfix, "Aug 30 06:40:55 activeweb1 postfix/local[9720]: "
	    "7E3F528BA0: to=<root@activeweb.cl>, orig_to=<root>, relay=local, "
	    "delay=0.09, delays=0.05/0/0/0.03, dsn=2.0.0, status=sent "
	    "(delivered to command: /usr/bin/procmail-wrapper -o -a $DOMAIN "
	    "-d $LOGNAME)",
	    EV_DELIVERY, 0, 0, 90, EV_F_DELAY, NULL },
	/* msimerson/postfix-parser-test-messages.txt (syslog prefix added) */
	{ &parser_postfix, "Jan  1 00:00:00 mx postfix/local[1]: "
	    "3mLQKH6hqhz7sWK: to=<logspam@system.alerts>, relay=local, "
	    "delay=3.1, delays=1.8/0.86/0/0.44, dsn=2.0.0, status=sent "
	    "(forwarded as 3mLQKK4rDdz7sVS)",
	    EV_DELIVERY, 0, 0, 3100, EV_F_DELAY | EV_F_FORWARDED, NULL },
	/* postfix/grok-patterns-messages.log:156 */
	{ &parser_postfix, "Mar  1 00:02:35 mx postfix/smtpd[1155]: NOQUEUE: "
	    "reject_warning: RCPT from example.com[93.184.216.34]: 553 5.7.1 "
	    "<sender@example.com>: Sender address rejected: not owned by user "
	    "ph123; from=<sender@example.com> to=<recipient@example.com> "
	    "proto=ESMTP helo=<example.com>",
	    EV_NOTE, 0, 0, 0, EV_F_WARN, "reject_warning" },
	/* postfix/grok-patterns-messages.log:151 */
	{ &parser_postfix, "Mar  1 00:02:30 mx postfix/smtpd[1150]: NOQUEUE: "
	    "discard: MAIL from ccm231.constantcontact.com[208.75.123.231]: "
	    "<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact.com>: Sender "
	    "address SPAM; from=<bsdbdsfbw==_4343_sdfbddw==@in.constantcontact"
	    ".com> proto=ESMTP helo=<ccm231.constantcontact.com>",
	    EV_NOTE, 0, 0, 0, EV_F_DISCARD, "discard" },
	/* postfix/grok-patterns-messages.log:19 (shortened subject) */
	{ &parser_postfix, "Mar  1 00:00:19 mx postfix/cleanup[1019]: "
	    "D8B07E3DB6: warning: header Subject: https://drive.google.com/ "
	    "from o1678917x173.outbound-mail.sendgrid.net[167.89.17.173]; "
	    "from=<bounces@sendgrid.net> to=<frank.test@hsdjasdd.co.uk> "
	    "proto=ESMTP helo=<o1678917x173.outbound-mail.sendgrid.net>",
	    EV_NOTE, 0, 0, 0, EV_F_WARN, "warning" },
	/* postfix-real/kdent-mail.log: a smtpd warning */
	{ &parser_postfix, "Oct 22 02:38:35 conch postfix/smtpd[26965]: "
	    "warning: 122.179.84.12: address not listed for hostname "
	    "abts-kk-dynamic-012.84.179.122.airtelbroadband.in",
	    EV_LOG, 0, 0, 0, 0, "warning" },
	/* postfix/grok-patterns-messages.log: sendmail(1) fatal */
	{ &parser_postfix, "Mar  1 00:01:35 mx postfix/sendmail[1095]: fatal: "
	    "root(0): message file too big",
	    EV_LOG, 0, 0, 0, 0, "fatal" },
	/* exim-real/ddgrey-mainlog:218 */
	{ &parser_exim, "2020-02-22 01:01:56 1j5IF1-0006A7-Ub <= "
	    "root@edward.rosnix.net U=root P=local S=18235693",
	    EV_MSG_INFO, 18235693, 0, 0, 0, NULL },
	/* exim/testsuite-log-0019:2 */
	{ &parser_exim, "1999-03-02 09:44:33 SMTP syntax error in \"debug\" "
	    "U=CALLER unrecognized command",
	    EV_REJECT, 0, 0, 0, EV_F_PROTOCOL, NULL },
	/* exim-real/ddgrey-mainlog:282: a client before the size */
	{ &parser_exim, "2020-02-22 01:31:25 1j5IhX-0006pK-Rt <= "
	    "plusgirot@nordea.com H=mail1.bemta26.messagelabs.com "
	    "[85.158.142.5] P=esmtp S=4502 id=xPvw9194h6.plusgirot@nordea.com",
	    EV_MSG_INFO, 4502, 0, 0, 0, NULL },
	/* exim/testsuite-log-0023:56 */
	{ &parser_exim, "1999-03-02 09:44:33 10HmbN-000000005vi-0000 -> ok2 "
	    "<ok2@test.ex> R=r0 T=t2",
	    EV_DELIVERY, 0, 0, 0, EV_F_ADDED, NULL },
	/* exim-real/ddgrey-mainlog (QT= as log_selector +queue_time adds
	 * it, after the fields of the real line) */
	{ &parser_exim, "2020-02-22 01:02:05 1j5IF1-0006A7-Ub => per@rosnix.net "
	    "<root@edward.rosnix.net> R=dnslookup_vpn T=remote_smtp_smarthost "
	    "H=dront.rosnix [192.168.120.5] QT=1m9s",
	    EV_DELIVERY, 0, 0, 69000, EV_F_DELAY, NULL },
};

START_TEST(test_facts_line)
{
	const struct fcase	*c = &cases[_i];
	struct parser_opts	 o = { "test.log", 2022, 0 };
	const struct smtp_event	*ev;
	struct smtp_event	 got;
	void			*p;
	int			 found = 0;

	setenv("TZ", "UTC", 1);
	p = c->ops->open(&o);
	ck_assert(p != NULL);
	ck_assert_int_eq(c->ops->push(p, c->line, strlen(c->line), 1),
	    PARSE_USED);
	memset(&got, 0, sizeof(got));
	while (c->ops->next(p, &ev) == 1)
		if (ev->kind == c->kind && !found) {
			got = *ev;
			found = 1;
			if (got.note != NULL)
				got.note = strdup(got.note);
		}
	c->ops->close(p);
	ck_assert_msg(found, "%s\nno %s event", c->line,
	    ev_kind_name(c->kind));
	ck_assert_msg(got.size == c->size, "%s\nsize: got %llu, want %llu",
	    c->line, got.size, c->size);
	ck_assert_msg(got.nrcpt == c->nrcpt, "%s\nnrcpt: got %u, want %u",
	    c->line, got.nrcpt, c->nrcpt);
	ck_assert_msg(got.delay_ms == c->delay_ms,
	    "%s\ndelay_ms: got %ld, want %ld", c->line, got.delay_ms,
	    c->delay_ms);
	ck_assert_msg(got.flags == c->flags, "%s\nflags: got %#x, want %#x",
	    c->line, got.flags, c->flags);
	if (c->note != NULL)
		ck_assert_msg(got.note != NULL && strcmp(got.note, c->note) ==
		    0, "%s\nnote: got %s, want %s", c->line,
		    got.note ? got.note : "(null)", c->note);
	free((char *)got.note);
}
END_TEST

Suite *
facts_suite(void)
{
	Suite	*s = suite_create("facts");
	TCase	*tc = tcase_create("lines");

	tcase_add_loop_test(tc, test_facts_line, 0, NELEM(cases));
	suite_add_tcase(s, tc);
	return s;
}
