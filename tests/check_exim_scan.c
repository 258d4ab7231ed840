/*
 * check_exim_scan.c - the Exim parser's fast paths (parsers/exim*.c):
 * the message id read in the prefix and the syslog test it decides, the
 * fields of an arrival found in one pass, markers found by a rare byte
 * (ex_find), notes told by their first byte, keys copied in pieces.  One
 * table row per path, copied from the real logs of the shared corpus (the
 * comment names the file) or written here (said so); check_exim.c has
 * the line kinds themselves.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "parser.h"

size_t	ex_msgid_len(const char *);		/* parsers/exim_int.h */
size_t	ex_msgid_len_n(const char *, size_t);

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * A line, what push() makes of it and how many events; then one event
 * (index idx): its kind and the fields given (NULL: not checked, "-":
 * absent), size and delay when non-zero, or none when no_size, no_delay.
 */
struct scase {
	const char	*line;
	int		 result, nev, idx, kind;
	const char	*session_key, *message_key, *queue_id, *related_key;
	const char	*client_ip, *relay_ip, *from, *message_id, *text;
	const char	*note, *to;
	unsigned long long size;
	long		 delay_ms;
	int		 no_size, no_delay;
};

static const struct scase cases[] = {
	/* testsuite-log-0536: a bounce's arrival names the message in R=;
	 * the id as the first 23 bytes of a key */
	{ .line = "1999-03-02 09:44:33 10HmaZ-000000005vi-0000 <= <> "
	    "R=10HmaX-000000005vi-0000 U=EXIMUSER P=local S=sss",
	    .nev = 3, .idx = 2, .kind = EV_BOUNCE,
	    .queue_id = "10HmaX-000000005vi-0000",
	    .message_key = "exim/10HmaX-000000005vi-0000",
	    .related_key = "exim/10HmaZ-000000005vi-0000" },
	/* the same: "S=sss" is no size, so none */
	{ .line = "1999-03-02 09:44:33 10HmaZ-000000005vi-0000 <= <> "
	    "R=10HmaX-000000005vi-0000 U=EXIMUSER P=local S=sss",
	    .nev = 3, .idx = 1, .kind = EV_MSG_INFO, .from = "<>",
	    .message_id = "-", .no_size = 1 },
	/* ddgrey-mainlog: an arrival's H=, S= and id= in one pass */
	{ .line = "2020-02-22 01:31:25 1j5IhX-0006pK-Rt <= "
	    "plusgirot@nordea.com H=mail1.bemta26.messagelabs.com "
	    "[85.158.142.5] P=esmtp S=4502 id=xPvw9194h6.plusgirot@nordea.com",
	    .nev = 2, .idx = 1, .kind = EV_MSG_INFO, .size = 4502,
	    .from = "plusgirot@nordea.com",
	    .message_id = "xPvw9194h6.plusgirot@nordea.com" },
	{ .line = "2020-02-22 01:31:25 1j5IhX-0006pK-Rt <= "
	    "plusgirot@nordea.com H=mail1.bemta26.messagelabs.com "
	    "[85.158.142.5] P=esmtp S=4502 id=xPvw9194h6.plusgirot@nordea.com",
	    .nev = 2, .idx = 0, .kind = EV_MSG_QUEUED,
	    .session_key = "exim/[85.158.142.5]", .client_ip = "85.158.142.5",
	    .message_key = "exim/1j5IhX-0006pK-Rt" },
	/* written here: " S=" without a digit first, then the size; an id=
	 * inside a word is none */
	{ .line = "2020-02-22 00:58:47 1j5IBq-00064E-4f <= a@b xid=no S=x "
	    "H=(h) [192.0.2.9] S=77 id=yes",
	    .nev = 2, .idx = 0, .kind = EV_MSG_QUEUED,
	    .session_key = "exim/[192.0.2.9]", .client_ip = "192.0.2.9" },
	{ .line = "2020-02-22 00:58:47 1j5IBq-00064E-4f <= a@b xid=no S=x "
	    "H=(h) [192.0.2.9] S=77 id=yes",
	    .nev = 2, .idx = 1, .kind = EV_MSG_INFO, .size = 77,
	    .message_id = "yes" },
	/* testsuite-log-0536: rejected by a non-SMTP ACL: no traffic */
	{ .line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 "
	    "F=<user1@test.ex> rejected by non-SMTP ACL: No code",
	    .nev = 0 },
	/* written here from ddgrey-mainlog's local_scan line: both markers,
	 * local_scan() wins wherever it is */
	{ .line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 F=<a@b> "
	    "rejected by non-SMTP ACL, then H=x [192.0.2.1] P=smtp rejected "
	    "by local_scan(): Rejected",
	    .nev = 1, .kind = EV_REJECT, .session_key = "exim/[192.0.2.1]",
	    .text = "Rejected" },
	/* ddgrey-mainlog: a DKIM note, told by its first byte */
	{ .line = "2020-02-22 01:31:23 1j5IhX-0006pK-Rt DKIM: d=nordea.com "
	    "s=nordeacom201804dpqlbrw c=relaxed/relaxed a=rsa-sha256 "
	    "i=@nordea.com t=1582327222 [verification succeeded]",
	    .nev = 1, .kind = EV_MSG_INFO, .message_key =
	    "exim/1j5IhX-0006pK-Rt", .note = "DKIM: d=nordea.com "
	    "s=nordeacom201804dpqlbrw c=relaxed/relaxed a=rsa-sha256 "
	    "i=@nordea.com t=1582327222 [verification succeeded]" },
	/* testsuite-log-0612: a multi-line reply, joined; H= after T= */
	{ .line = "1999-03-02 09:44:33 10HmbB-000000005vi-0000 ** "
	    "rmt_fakereject@test.ex R=r2 T=smtp H=127.0.0.1 [127.0.0.1] : "
	    "SMTP error from remote mail server after end of data: "
	    "550-Your message has been rejected but is being kept for "
	    "evaluation.\\n550-If it was a legitimate message, it may still "
	    "be delivered to the target\\n550 recipient(s).",
	    .nev = 1, .kind = EV_DELIVERY, .relay_ip = "127.0.0.1",
	    .text = "Your message has been rejected but is being kept for "
	    "evaluation. If it was a legitimate message, it may still be "
	    "delivered to the target recipient(s)." },
	/* written here (log_selector +queue_time, readconf_printtime()'s
	 * form): QT= found by its 'Q' */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad => noreply2@orange.fr "
	    "R=dnslookup T=remote_smtp H=mx.orange.fr [203.0.113.15]:25 "
	    "C=\"250 2.0.0 OK\" QT=1d2h3m4s",
	    .nev = 1, .kind = EV_DELIVERY, .relay_ip = "203.0.113.15",
	    .to = "noreply2@orange.fr", .delay_ms = 93784000 },
	/* testsuite-log-0227: U= after the address, F=< before the
	 * rejection */
	{ .line = "1999-03-02 09:44:33 H=(test) [V4NET.0.0.1] U=root "
	    "F=<bad@localhost> rejected RCPT <z@test.ex>: Sender verify "
	    "failed",
	    .nev = 1, .kind = EV_REJECT, .session_key = "exim/[V4NET.0.0.1]",
	    .from = "bad@localhost", .to = "z@test.ex",
	    .text = "Sender verify failed" },
	/* written here: a message id where a syslog host would be, then an
	 * Exim name with a pid: a syslog line from host 10000E-000007-ad,
	 * whose message is read (its key names the host); read as Exim's
	 * own line, "exim[4821]:" would be no line kind */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad exim[4821]: "
	    "10000E-000007-ad Completed",
	    .nev = 1, .kind = EV_MSG_REMOVED,
	    .message_key = "10000E-000007-ad/exim/10000E-000007-ad" },
	/* ... with a colon and no pid: no envelope either, so not Exim's */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad exim: => a@b R=x",
	    .result = PARSE_IGNORED },
	/* ... another program: Exim's own line whatever it says */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad DKIM[12]: x",
	    .result = PARSE_UNRECOGNIZED },
	/* ... the id alone, and the id then a space */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad",
	    .result = PARSE_UNRECOGNIZED },
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad ",
	    .result = PARSE_UNRECOGNIZED },
	/* ... an id one byte short is no id */
	{ .line = "2024-01-01 00:00:09 10000E-000007-a Completed",
	    .result = PARSE_UNRECOGNIZED },
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad Completed",
	    .nev = 1, .kind = EV_MSG_REMOVED, .queue_id = "10000E-000007-ad" },
	/* written here: the markers ex_find() looks for in the last bytes of
	 * the line: " QT=" with no time is no delay */
	{ .line = "2024-01-01 00:00:09 10000E-000007-ad => a@b.example "
	    "R=dnslookup T=remote_smtp H=mx.b.example [203.0.113.15] QT=",
	    .nev = 1, .kind = EV_DELIVERY, .relay_ip = "203.0.113.15",
	    .to = "a@b.example", .no_delay = 1 },
	/* ... "rejected by " with no name after it is no rejection */
	{ .line = "1999-03-02 09:44:33 10HmaX-000000005vi-0000 F=<a@b> "
	    "rejected by ", .result = PARSE_UNRECOGNIZED },
};

/* str - a field against its expectation (see struct scase). */
static void
str(const char *name, const char *got, const char *want)
{
	if (want == NULL)
		return;
	if (strcmp(want, "-") == 0)
		ck_assert_msg(got == NULL, "%s: got %s, want none", name, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s: got %s, want %s", name, got ? got : "(none)", want);
}

START_TEST(test_exim_scan_line)
{
	const struct scase	*c = &cases[_i];
	struct parser_opts	 o = { "test.log", 2022, 0 };
	const struct smtp_event	*e, *ev = NULL;
	struct smtp_event	 keep;
	size_t			 len = strlen(c->line);
	char			*copy = malloc(len + 1);
	void			*p;
	int			 r, n = 0;

	setenv("TZ", "UTC", 1);
	ck_assert(copy != NULL);
	memcpy(copy, c->line, len + 1);
	p = parser_exim.open(&o);
	r = parser_exim.push(p, copy, len, 1);
	ck_assert_msg(r == c->result, "result: got %d, want %d", r, c->result);
	while (parser_exim.next(p, &e) == 1)
		if (n++ == c->idx) {
			keep = *e;
			ev = &keep;
		}
	ck_assert_msg(n == c->nev, "events: got %d, want %d", n, c->nev);
	if (c->nev > 0) {
		ck_assert(ev != NULL);
		ck_assert_int_eq(ev->kind, c->kind);
		str("session_key", ev->session_key, c->session_key);
		str("message_key", ev->message_key, c->message_key);
		str("queue_id", ev->queue_id, c->queue_id);
		str("related_key", ev->related_key, c->related_key);
		str("client_ip", ev->client_ip, c->client_ip);
		str("relay_ip", ev->relay_ip, c->relay_ip);
		str("from", ev->from, c->from);
		str("to", ev->to, c->to);
		str("message_id", ev->message_id, c->message_id);
		str("text", ev->text, c->text);
		str("note", ev->note, c->note);
		if (c->size != 0 || c->no_size)
			ck_assert_uint_eq(ev->size, c->size);
		if (c->delay_ms != 0 || c->no_delay)
			ck_assert_int_eq(ev->delay_ms, c->delay_ms);
	}
	parser_exim.close(p);	/* after the checks: fields are its */
	free(copy);
}
END_TEST

/*
 * The id test of the prefix, 16 bytes at a time, against the byte one:
 * ids from the real logs (testsuite-log-0536's 6-11-4, ddgrey-mainlog's
 * 6-6-2), each byte in turn replaced by the bytes around the classes'
 * edges, and what follows the id cut at each length.
 */
START_TEST(test_exim_msgid_len_n)
{
	static const char *const ids[] = {
		"10HmaX-000000005vi-0000 <= <> R=10HmaX-000000005vi-0000",
		"1j5IhX-0006pK-Rt <= plusgirot@nordea.com H=mail1.bemta26",
	};
	static const unsigned char subst[] = {
		'-', ' ', '/', '0', '9', ':', '@', 'A', 'Z', '[', '`', 'a',
		'z', '{', 0x10, 0x19, 0x80, 0xc1, 0xff, 0x7f,
	};
	char		 buf[64];
	size_t		 i, j, k, n;

	for (i = 0; i < NELEM(ids); i++)
		for (j = 0; j <= 24; j++)
			for (k = 0; k <= NELEM(subst); k++)
				for (n = 0; n <= strlen(ids[i]); n++) {
					memcpy(buf, ids[i], n);
					buf[n] = '\0';
					if (k < NELEM(subst) && j < n)
						buf[j] = (char)subst[k];
					ck_assert_msg(ex_msgid_len_n(buf,
					    n) == ex_msgid_len(buf),
					    "id %zu, byte %zu = %zu, length %zu",
					    i, j, k, n);
				}
	/* they agree, and find both forms */
	ck_assert_uint_eq(ex_msgid_len_n(ids[0], strlen(ids[0])), 23);
	ck_assert_uint_eq(ex_msgid_len_n(ids[1], strlen(ids[1])), 16);
}
END_TEST

Suite *
exim_scan_suite(void)
{
	Suite	*s = suite_create("exim_scan");
	TCase	*tc = tcase_create("paths");

	tcase_add_loop_test(tc, test_exim_scan_line, 0, NELEM(cases));
	tcase_add_test(tc, test_exim_msgid_len_n);
	suite_add_tcase(s, tc);
	return s;
}
