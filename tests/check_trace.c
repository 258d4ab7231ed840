/*
 * check_trace.c - trace queries: which kind each form is taken as, what an
 * event must hold to match; and the stories: a session, its message, the
 * bounce notification linked into one; an unmatched story dropped once all
 * its objects closed; the step cap counted.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "trace/trace_int.h"

START_TEST(test_trace_recognize)
{
	static const struct {
		const char	*q;
		enum trace_kind	 k;
	} t[] = {
		/* Postfix short ids: digits and A-F, 5 to 24 */
		{ "3F1A2B4C5D", TRACE_POSTFIX_ID },
		{ "A4C392432F", TRACE_POSTFIX_ID },
		{ "5EDC01104345", TRACE_POSTFIX_ID },
		{ "12345", TRACE_POSTFIX_ID },
		/* long ids: no vowels, a 'z', 10 to 24 */
		{ "4Ld8Qv2Kq3z1xYZ", TRACE_POSTFIX_ID },
		{ "4MZx2T0bQ1z9sWn", TRACE_POSTFIX_ID },
		/* a vowel, or no 'z': not a long id: a host name */
		{ "4Ld8Qv2Kq3z1xYA", TRACE_HOST },
		{ "4Ld8Qv2Kq3x1xYW", TRACE_HOST },
		{ "ABC", TRACE_HOST },
		{ "3f1a2b4c5d", TRACE_HOST },
		/* Exim ids */
		{ "1a2B3c-000ABC-DE", TRACE_EXIM_ID },
		{ "1j5NyY-0004Xp-NZ", TRACE_EXIM_ID },
		{ "10HmaX-000000005vi-0000", TRACE_EXIM_ID },
		{ "1a2B3c-000ABC-DEF", TRACE_HOST },
		{ "1a2B3c-000ABC-D", TRACE_HOST },
		/* Message-ID in brackets; an address-like one without them */
		{ "<20151022114109.68AF424356@conch.seaglass.com>",
		    TRACE_MESSAGE_ID },
		{ "<x>", TRACE_MESSAGE_ID },
		{ "alice@example.org", TRACE_ADDRESS },
		{ "CAF3kY8q1@mail.gmail.com", TRACE_ADDRESS },
		/* IP addresses, as inet_pton takes them */
		{ "192.0.2.1", TRACE_IP },
		{ "2001:db8::1", TRACE_IP },
		{ "[2001:db8::1]", TRACE_IP },
		{ "::ffff:192.0.2.1", TRACE_IP },
		{ "192.0.2.256", TRACE_HOST },
		{ "mail.example.net", TRACE_HOST },
		{ "unknown", TRACE_HOST },
	};
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(trace_recognize(t[i].q) == t[i].k,
		    "%s: got %s, want %s", t[i].q,
		    trace_kind_name(trace_recognize(t[i].q)),
		    trace_kind_name(t[i].k));
}
END_TEST

START_TEST(test_trace_kind_names)
{
	enum trace_kind	k;

	ck_assert_int_eq(trace_kind_parse("ip", &k), 0);
	ck_assert_int_eq(k, TRACE_IP);
	ck_assert_int_eq(trace_kind_parse("queue-id", &k), 0);
	ck_assert_int_eq(k, TRACE_QUEUE_ID);
	ck_assert_int_eq(trace_kind_parse("message-id", &k), 0);
	ck_assert_int_eq(k, TRACE_MESSAGE_ID);
	ck_assert_int_eq(trace_kind_parse("IP", &k), -1);
	ck_assert_int_eq(trace_kind_parse("", &k), -1);
	ck_assert_str_eq(trace_kind_name(TRACE_POSTFIX_ID), "postfix-queue-id");
	ck_assert_str_eq(trace_kind_name(TRACE_EXIM_ID), "exim-message-id");
}
END_TEST

/* match - whether query q (forced kind k) matches ev. */
static int
match(const char *q, enum trace_kind k, const struct smtp_event *ev)
{
	struct trace_query	*tq = trace_query_new(q, k);
	int			 r = trace_query_match(tq, ev);

	trace_query_free(tq);
	return r;
}

START_TEST(test_trace_match)
{
	struct smtp_event	ev;

	ev_clear(&ev);
	ev.kind = EV_CONNECT;
	ev.client_name = "Mail.Example.NET";
	ev.client_ip = "2001:db8:0:0:0:0:0:1";
	ck_assert(match("2001:DB8::1", TRACE_AUTO, &ev));
	ck_assert(match("[2001:db8::1]", TRACE_AUTO, &ev));
	ck_assert(!match("2001:db8::2", TRACE_AUTO, &ev));
	ck_assert(match("mail.example.net", TRACE_AUTO, &ev));
	ck_assert(match("mail.example.net.", TRACE_AUTO, &ev));
	ck_assert(!match("example.net", TRACE_AUTO, &ev));
	ev.client_name = NULL;
	ev.relay_name = "mail.example.net:587";
	ck_assert(match("mail.example.net", TRACE_AUTO, &ev));
	ev.relay_name = "mail.example.net:x";
	ck_assert(!match("mail.example.net", TRACE_AUTO, &ev));

	ev_clear(&ev);
	ev.kind = EV_DELIVERY;
	ev.queue_id = "A4C392432F";
	ev.to = "Kdent@Seaglass.com";
	ck_assert(match("A4C392432F", TRACE_AUTO, &ev));
	ck_assert(!match("A4C392432", TRACE_AUTO, &ev));
	ck_assert(match("kdent@seaglass.com", TRACE_AUTO, &ev));
	ck_assert(match("<kdent@seaglass.com>", TRACE_ADDRESS, &ev));
	ck_assert(!match("dent@seaglass.com", TRACE_AUTO, &ev));

	/* A bounce line matches the notification's id too. */
	ev_clear(&ev);
	ev.kind = EV_BOUNCE;
	ev.queue_id = "A4C392432F";
	ev.related_id = "68AF424356";
	ck_assert(match("68AF424356", TRACE_AUTO, &ev));
	ck_assert(match("68AF424356", TRACE_QUEUE_ID, &ev));

	/* Message-ID with or without brackets; an address found by its form
	 * also finds it, --by address does not. */
	ev_clear(&ev);
	ev.kind = EV_MSG_INFO;
	ev.message_id = "CAF3kY8q1@mail.gmail.com";
	ck_assert(match("<CAF3kY8q1@mail.gmail.com>", TRACE_AUTO, &ev));
	ck_assert(match("CAF3kY8q1@mail.gmail.com", TRACE_MESSAGE_ID, &ev));
	ck_assert(match("CAF3kY8q1@mail.gmail.com", TRACE_AUTO, &ev));
	ck_assert(!match("CAF3kY8q1@mail.gmail.com", TRACE_ADDRESS, &ev));
	ck_assert(!match("<caf3ky8q1@mail.gmail.com>", TRACE_AUTO, &ev));

	/* MAIL FROM / RCPT TO of a dialogue. */
	ev_clear(&ev);
	ev.kind = EV_COMMAND;
	ev.command = "MAIL";
	ev.arg = "FROM:<Alice@Example.org> SIZE=100";
	ck_assert(match("alice@example.org", TRACE_AUTO, &ev));
	ev.command = "HELO";
	ck_assert(!match("alice@example.org", TRACE_AUTO, &ev));
}
END_TEST

/* ev - an event of the story below. */
static struct smtp_event
ev(enum ev_kind k, unsigned long line, const char *skey, const char *qid)
{
	static char		 mkey[64];
	struct smtp_event	 e;

	ev_clear(&e);
	e.kind = k;
	e.file = "t.log";
	e.line = line;
	e.when = 1000 + (time_t)line;
	e.session_key = skey;
	if (qid != NULL) {
		snprintf(mkey, sizeof(mkey), "mx/postfix/%s", qid);
		e.message_key = mkey;
		e.queue_id = qid;
	}
	return e;
}

static size_t
ngroups(const struct trace *t)
{
	const struct trace_group	*g;
	size_t				 n = 0;

	for (g = trace_groups(t); g != NULL; g = g->next)
		n++;
	return n;
}

START_TEST(test_trace_story)
{
	struct trace		*t;
	struct smtp_event	 e;
	const struct trace_group *g;
	const struct trace_obj	*o;
	size_t			 nmsg = 0, nsess = 0;

	t = trace_new(trace_query_new("ABCDE12345", TRACE_AUTO));
	/* An unrelated session: dropped once it closed and the next event
	 * came. */
	e = ev(EV_CONNECT, 1, "mx/smtpd[1]", NULL);
	e.client_ip = "192.0.2.9";
	trace_tap(t, &e);
	e = ev(EV_DISCONNECT, 2, "mx/smtpd[1]", NULL);
	trace_tap(t, &e);
	ck_assert_uint_eq(ngroups(t), 1);
	/* The session that brings ABCDE12345 in. */
	e = ev(EV_CONNECT, 3, "mx/smtpd[2]", NULL);
	e.client_ip = "192.0.2.1";
	trace_tap(t, &e);
	ck_assert_uint_eq(ngroups(t), 1);	/* the first one is gone */
	e = ev(EV_MSG_QUEUED, 4, "mx/smtpd[2]", "ABCDE12345");
	trace_tap(t, &e);
	e = ev(EV_DISCONNECT, 5, "mx/smtpd[2]", NULL);
	trace_tap(t, &e);
	e = ev(EV_DELIVERY, 6, NULL, "ABCDE12345");
	e.status = "bounced";
	e.code = 550;
	trace_tap(t, &e);
	/* The notification exists before the bounce line names it. */
	e = ev(EV_MSG_INFO, 7, NULL, "F0F0F0F0F0");
	e.message_id = "n@mx";
	trace_tap(t, &e);
	e = ev(EV_BOUNCE, 8, NULL, "ABCDE12345");
	e.related_id = "F0F0F0F0F0";
	e.related_key = "mx/postfix/F0F0F0F0F0";
	trace_tap(t, &e);
	e = ev(EV_MSG_REMOVED, 9, NULL, "ABCDE12345");
	trace_tap(t, &e);
	e = ev(EV_MSG_REMOVED, 10, NULL, "F0F0F0F0F0");
	trace_tap(t, &e);
	/* Another message, never matched, still open at the end. */
	e = ev(EV_MSG_INFO, 11, NULL, "0000011111");
	trace_tap(t, &e);
	trace_finish(t);

	ck_assert_uint_eq(trace_nmatches(t), 1);
	ck_assert_uint_eq(ngroups(t), 1);
	g = trace_groups(t);
	ck_assert_uint_eq(g->nsteps, 8);	/* lines 3 to 10 */
	ck_assert_uint_eq(g->hidden, 0);
	for (o = g->head; o != NULL; o = o->gnext) {
		if (o->is_msg) {
			nmsg++;
			if (strcmp(o->label, "F0F0F0F0F0") == 0)
				ck_assert_str_eq(o->bounce_of, "ABCDE12345");
			else {
				ck_assert_str_eq(o->label, "ABCDE12345");
				ck_assert_int_eq(o->matched, 1);
				ck_assert_str_eq(o->session_sid,
				    "mx/smtpd[2]@t.log:3");
				ck_assert_str_eq(o->status, "bounced");
			}
			ck_assert_int_eq(o->closed_well, 1);
		} else {
			nsess++;
			ck_assert_str_eq(o->sid, "mx/smtpd[2]@t.log:3");
			ck_assert_str_eq(o->client_ip, "192.0.2.1");
		}
	}
	ck_assert_uint_eq(nmsg, 2);
	ck_assert_uint_eq(nsess, 1);
	trace_free(t);
}
END_TEST

/* Steps beyond TRACE_MAX_STEPS are counted, not kept. */
START_TEST(test_trace_cap)
{
	struct trace		*t;
	struct smtp_event	 e;
	unsigned long		 i;

	t = trace_new(trace_query_new("192.0.2.1", TRACE_AUTO));
	e = ev(EV_CONNECT, 1, "mx/smtpd[2]", NULL);
	e.client_ip = "192.0.2.1";
	trace_tap(t, &e);
	for (i = 0; i < TRACE_MAX_STEPS + 10; i++) {
		e = ev(EV_NOTE, 2 + i, "mx/smtpd[2]", NULL);
		e.note = "x";
		trace_tap(t, &e);
	}
	trace_finish(t);
	ck_assert_uint_eq(trace_nmatches(t), 1);
	ck_assert_uint_eq(trace_groups(t)->nsteps, TRACE_MAX_STEPS);
	ck_assert_uint_eq(trace_groups(t)->hidden, 11);
	trace_free(t);
}
END_TEST

/*
 * trace_what: the words of a step, its length returned; a multi-line
 * reply on one line; cut to the buffer.  Made-up events with the fields
 * of a Postfix bounce ("to=<...>, relay=..., dsn=5.1.1, status=bounced
 * (host ... said: 550 ...)") and of an smtpd connect.
 */
START_TEST(test_trace_what)
{
	struct smtp_event	 e;
	char			 buf[256], small[12];
	size_t			 n;
	const char		*want = "to=<user@example.org> "
	    "relay=mx.example.org[192.0.2.25]:25 status=bounced dsn=5.1.1: "
	    "550 5.1.1 user unknown  try later (after RCPT TO)";

	e = ev(EV_DELIVERY, 1, NULL, "ABCDE12345");
	e.to = "user@example.org";
	e.relay_name = "mx.example.org";
	e.relay_ip = "192.0.2.25";
	e.relay_port = 25;
	e.status = "bounced";
	e.dsn = "5.1.1";
	e.code = 550;
	e.enhanced = "5.1.1";
	e.text = "user unknown\n\ntry later";
	e.command = "RCPT TO";
	n = trace_what(&e, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
	n = trace_what(&e, small, sizeof(small));
	ck_assert_str_eq(small, "to=<user@ex");
	ck_assert_uint_eq(n, 11);
	e = ev(EV_CONNECT, 1, "mx/smtpd[1]", NULL);
	e.client_name = "unknown";
	e.client_ip = "192.0.2.9";
	n = trace_what(&e, buf, sizeof(buf));
	ck_assert_str_eq(buf, "connect from unknown[192.0.2.9]");
	ck_assert_uint_eq(n, 31);
}
END_TEST

Suite *
trace_suite(void)
{
	Suite	*s = suite_create("trace");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_trace_recognize);
	tcase_add_test(tc, test_trace_kind_names);
	tcase_add_test(tc, test_trace_match);
	tcase_add_test(tc, test_trace_story);
	tcase_add_test(tc, test_trace_cap);
	tcase_add_test(tc, test_trace_what);
	suite_add_tcase(s, tc);
	return s;
}
