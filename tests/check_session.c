/*
 * check_session.c - the session builder on hand-built event streams:
 * sessions, merged verbose replies, inferred failures from counters,
 * message linking and the memory bounds.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "core/failcount.h"
#include "core/session.h"
#include "sess_fixture.h"
#include "lib/xmalloc.h"

START_TEST(test_session_helo_and_end)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct summary		 s;

	feed(t, EV_CONNECT, "h/smtpd[1]", 1);
	e = ev(EV_HELO, "h/smtpd[1]", 2);
	e.arg = "client.example";
	sess_feed(t, &e);
	e = reply(EV_REJECT, "h/smtpd[1]", 3, 554, "RCPT");
	sess_feed(t, &e);
	ck_assert_msg(ngot == 0, "got %d findings before the end, want 0", ngot);
	feed(t, EV_DISCONNECT, "h/smtpd[1]", 4);
	ck_assert_int_eq(ngot, 1);
	ck_assert_str_eq(got[0]->helo, "client.example");
	ck_assert_str_eq(got[0]->session_id, "h/smtpd[1]@t.log:1");
	ck_assert_int_eq(got[0]->session_complete, 1);
	ck_assert_int_eq(got[0]->session_end, 1004);
	sess_finish(t);
	s = summary_of(t);
	ck_assert_int_eq(s.sessions, 1);
	ck_assert_int_eq(s.sessions_incomplete, 0);
	ck_assert_int_eq(s.findings, 1);
	ck_assert_int_eq(s.rejects, 1);
	ck_assert_str_eq(s.by_code[0].name, "554");
	sess_free(t);
	reset();
}
END_TEST

/* A verbose "> 554" reply and the reject line of the same refusal. */
START_TEST(test_session_merge_verbose)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;

	feed(t, EV_CONNECT, "k", 1);
	e = reply(EV_REJECT, "k", 2, 554, "RCPT");
	e.to = "a@example.org";
	sess_feed(t, &e);
	e = reply(EV_REPLY, "k", 3, 554, "RCPT");
	sess_feed(t, &e);
	/* A second, separate refusal is not merged. */
	e = reply(EV_REPLY, "k", 4, 554, "RCPT");
	sess_feed(t, &e);
	feed(t, EV_DISCONNECT, "k", 5);
	ck_assert_msg(ngot == 2, "got %d findings, want 2", ngot);
	ck_assert_int_eq(got[0]->line, 2);
	ck_assert_str_eq(got[0]->to, "a@example.org");
	ck_assert_int_eq(got[1]->line, 4);
	sess_free(t);
	reset();
}
END_TEST

/*
 * A dialogue explains its replies; the explanation survives the merge
 * with the reject line, whichever of the two comes first.
 */
START_TEST(test_session_merge_explained)
{
	struct sess_table	*t;
	struct smtp_event	 e;
	int			 order;

	for (order = 0; order < 2; order++) {
		t = table(0);
		feed(t, EV_CONNECT, "k", 1);
		e = reply(EV_GREETING, "k", 2, 220, "CONNECT");
		sess_feed(t, &e);
		e = ev(EV_COMMAND, "k", 3);
		e.command = "DATA";
		sess_feed(t, &e);
		if (order == 0) {
			e = reply(EV_REJECT, "k", 4, 554, "DATA");
			e.to = "a@example.org";
			sess_feed(t, &e);
		}
		e = reply(EV_REPLY, "k", 5, 554, "DATA");
		sess_feed(t, &e);
		if (order == 1) {
			e = reply(EV_REJECT, "k", 6, 554, "DATA");
			e.to = "a@example.org";
			sess_feed(t, &e);
		}
		feed(t, EV_DISCONNECT, "k", 7);
		ck_assert_msg(ngot == 1, "order %d: got %d findings", order,
		    ngot);
		ck_assert_str_eq(got[0]->to, "a@example.org");
		ck_assert_ptr_nonnull(got[0]->explanation);
		ck_assert_msg(strncmp(got[0]->explanation, "554 at DATA: ", 13)
		    == 0, "got %s", got[0]->explanation);
		sess_free(t);
		reset();
	}
	/* Without a dialogue, no explanation. */
	t = table(0);
	feed(t, EV_CONNECT, "k", 1);
	e = reply(EV_REJECT, "k", 2, 554, "RCPT");
	sess_feed(t, &e);
	feed(t, EV_DISCONNECT, "k", 3);
	ck_assert_int_eq(ngot, 1);
	ck_assert_ptr_null(got[0]->explanation);
	sess_free(t);
	reset();
}
END_TEST

/* unknown=0/2 with no logged failure: two inferred 502s. */
START_TEST(test_session_infer_counters)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct ev_counter	 c[3];
	struct summary		 s;

	feed(t, EV_CONNECT, "k", 1);
	e = reply(EV_REJECT, "k", 2, 554, "RCPT");
	sess_feed(t, &e);
	e = ev(EV_DISCONNECT, "k", 3);
	counter(&c[0], "rcpt", 0, 1, 0);
	counter(&c[1], "unknown", 0, 2, 502);
	c[1].implied_enhanced = "5.5.2";
	c[1].implied_text = "Error: command not recognized";
	c[1].why = "always 502";
	counter(&c[2], "mail", 1, 3, 0);
	e.counters = c;
	e.ncounters = 3;
	sess_feed(t, &e);
	ck_assert_msg(ngot == 3, "got %d findings, want 3", ngot);
	ck_assert_int_eq(got[1]->code, 502);
	ck_assert_int_eq(got[1]->code_src, EV_CODE_INFERRED);
	ck_assert_str_eq(got[1]->command, "UNKNOWN");
	ck_assert_str_eq(got[1]->why,
	    "unknown=0/2: 2 failed, 0 logged; always 502");
	ck_assert_str_eq(got[2]->why,
	    "unknown=0/2: 2 failed, 0 logged; always 502");
	s = summary_of(t);
	/* mail=1/3: two failures whose reply varies: counted, no finding */
	ck_assert_int_eq(s.inferred_failures_without_code, 2);
	ck_assert_int_eq(s.findings_inferred, 2);
	sess_free(t);
	reset();
}
END_TEST

/* An inferred failure's reasoning is cut at 1023 bytes (made by hand: the
 * parsers' reasons are short). */
START_TEST(test_session_infer_why_cut)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct ev_counter	 c;
	static char		 why[1100];
	const char		*head = "unknown=0/1: 1 failed, 0 logged; ";

	memset(why, 'x', sizeof(why) - 1);
	feed(t, EV_CONNECT, "k", 1);
	e = ev(EV_DISCONNECT, "k", 2);
	counter(&c, "unknown", 0, 1, 502);
	c.why = why;
	e.counters = &c;
	e.ncounters = 1;
	sess_feed(t, &e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(strlen(got[0]->why), 1023);
	ck_assert(strncmp(got[0]->why, head, strlen(head)) == 0);
	ck_assert(strspn(got[0]->why + strlen(head), "x") ==
	    1023 - strlen(head));
	sess_free(t);
	reset();
}
END_TEST

/* A forged counter cannot make unbounded findings; a repeated name counts
 * once. */
START_TEST(test_session_infer_cap)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct ev_counter	 c[2];
	struct summary		 s;
	int			 i;

	feed(t, EV_CONNECT, "k", 1);
	e = ev(EV_DISCONNECT, "k", 2);
	for (i = 0; i < 2; i++)
		counter(&c[i], "unknown", 0, 1000000, 502);
	e.counters = c;
	e.ncounters = 2;
	sess_feed(t, &e);
	s = summary_of(t);
	ck_assert_msg(s.findings == SESS_MAX_INFERRED, "got %lu findings, "
	    "want %d", s.findings, SESS_MAX_INFERRED);
	ck_assert_int_eq(s.inferred_over_cap, 1000000 - SESS_MAX_INFERRED);
	sess_free(t);
	reset();
}
END_TEST

/* A connect on an open key ends the old session as incomplete. */
START_TEST(test_session_pid_reuse)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct summary		 s;

	feed(t, EV_CONNECT, "k", 1);
	e = reply(EV_REJECT, "k", 2, 503, "DATA");
	sess_feed(t, &e);
	feed(t, EV_CONNECT, "k", 3);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got[0]->session_complete, 0);
	sess_finish(t);
	s = summary_of(t);
	ck_assert_int_eq(s.sessions, 2);
	ck_assert_int_eq(s.sessions_incomplete, 2);
	sess_free(t);
	reset();
}
END_TEST

/* Sessions beyond the bound are closed, oldest activity first. */
START_TEST(test_session_evict)
{
	struct sess_table	*t = table(10);
	struct summary		 s;
	char			 key[32];
	int			 i;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		feed(t, EV_CONNECT, key, (unsigned long)i + 1);
	}
	s = summary_of(t);
	ck_assert_int_eq(s.sessions, 1000);
	ck_assert_int_eq(s.sessions_evicted, 990);
	sess_finish(t);
	sess_free(t);
	reset();
}
END_TEST

/* budget_table - a session table with a 1 MiB memory budget, its findings
 * collected (reset first); c must outlive it. */
static struct sess_table *
budget_table(struct sess_config *c)
{
	memset(c, 0, sizeof(*c));
	c->codes = codes;
	c->ncodes = 5;
	c->emit = collect;
	c->max_memory = 1 << 20;
	reset();
	return sess_new(c);
}

/*
 * One memory budget for sessions and messages: beyond it the least
 * recently used of either goes (counted as evicted, none by the count
 * bound), and a session in use stays while old messages go.
 */
START_TEST(test_session_budget)
{
	struct sess_config	 c;
	struct sess_table	*t;
	struct smtp_event	 e;
	struct summary		 s;
	char			 key[32], qid[32];
	int			 i;

	t = budget_table(&c);
	feed(t, EV_CONNECT, "keep", 1);
	e = reply(EV_REJECT, "keep", 2, 554, "RCPT");
	sess_feed(t, &e);
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(qid, sizeof(qid), "h/postfix/Q%d", i);
		feed(t, EV_CONNECT, key, (unsigned long)i + 3);
		e = ev(EV_MSG_QUEUED, NULL, (unsigned long)i + 3);
		e.message_key = qid;
		e.queue_id = qid + 10;
		sess_feed(t, &e);
		if (i % 100 == 0) {	/* "keep" stays in use */
			feed(t, EV_NOTE, "keep", (unsigned long)i + 3);
		}
	}
	feed(t, EV_DISCONNECT, "keep", 30000);
	ck_assert_int_eq(ngot, 1);
	ck_assert_msg(got[0]->session_complete, "got the session in use "
	    "closed early, want it kept");
	s = summary_of(t);
	ck_assert_int_eq(s.sessions, 20001);
	ck_assert_int_eq(s.messages, 20000);
	ck_assert_int_eq(s.sessions_evicted_count, 0);
	ck_assert_msg(s.sessions_evicted > 10000 && s.messages_evicted > 10000,
	    "got %lu sessions and %lu messages evicted, want both over 10000",
	    s.sessions_evicted, s.messages_evicted);
	/* What stays open fits the budget: a few hundred bytes each. */
	ck_assert_msg(s.sessions - s.sessions_evicted < 2500 &&
	    s.messages - s.messages_evicted < 4000, "got %lu sessions and %lu "
	    "messages open", s.sessions - s.sessions_evicted,
	    s.messages - s.messages_evicted);
	sess_finish(t);
	sess_free(t);
	reset();
}
END_TEST

/*
 * open_under_budget - the sessions and messages left open when 4000 of
 * each, with HELO name helo and sender from, go through a 1 MiB budget.
 */
static void
open_under_budget(const char *helo, const char *from, unsigned long *nsess,
    unsigned long *nmsg)
{
	struct sess_config	 c;
	struct sess_table	*t;
	struct smtp_event	 e;
	struct summary		 s;
	char			 key[32], qid[32];
	int			 i;

	t = budget_table(&c);
	for (i = 0; i < 4000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(qid, sizeof(qid), "h/postfix/Q%d", i);
		feed(t, EV_CONNECT, key, (unsigned long)i + 1);
		e = ev(EV_HELO, key, (unsigned long)i + 1);
		e.arg = helo;
		sess_feed(t, &e);
		/* The message is made first, its sender learnt later. */
		e = ev(EV_MSG_INFO, NULL, (unsigned long)i + 1);
		e.message_key = qid;
		e.queue_id = qid + 10;
		sess_feed(t, &e);
		e.from = from;
		sess_feed(t, &e);
	}
	s = summary_of(t);
	*nsess = s.sessions - s.sessions_evicted;
	*nmsg = s.messages - s.messages_evicted;
	sess_finish(t);
	sess_free(t);
	reset();
}

/*
 * A string too long for its room in the record is charged to the budget:
 * with 1000-byte HELO names, or senders (learnt after the message was
 * made), fewer than two thirds as many records stay open as with short
 * ones (a session and a message cost under 1000 bytes each).
 */
START_TEST(test_session_budget_long_strings)
{
	char		 big[1001];
	unsigned long	 s_short, m_short, s_helo, m_helo, s_from, m_from;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	open_under_budget("client.example", "a@example.org", &s_short,
	    &m_short);
	open_under_budget(big, "a@example.org", &s_helo, &m_helo);
	open_under_budget("client.example", big, &s_from, &m_from);
	ck_assert_msg(s_helo * 3 < s_short * 2 && m_helo * 3 < m_short * 2,
	    "got %lu sessions and %lu messages open with long HELO names, "
	    "%lu and %lu with short ones, want under two thirds", s_helo,
	    m_helo, s_short, m_short);
	ck_assert_msg(s_from * 3 < s_short * 2 && m_from * 3 < m_short * 2,
	    "got %lu sessions and %lu messages open with long senders, "
	    "%lu and %lu with short ones, want under two thirds", s_from,
	    m_from, s_short, m_short);
}
END_TEST

/* A delivery's remote reply is a finding at once, with the message. */
START_TEST(test_session_delivery)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;

	feed(t, EV_CONNECT, "k", 1);
	e = ev(EV_HELO, "k", 2);
	e.arg = "helo.example";
	sess_feed(t, &e);
	e = ev(EV_MSG_QUEUED, "k", 3);
	e.message_key = "h/postfix/ABC";
	e.queue_id = "ABC";
	sess_feed(t, &e);
	e = ev(EV_MSG_INFO, NULL, 4);
	e.message_key = "h/postfix/ABC";
	e.from = "s@example.org";
	sess_feed(t, &e);
	e = reply(EV_DELIVERY, NULL, 5, 554, "END-OF-MESSAGE");
	e.dir = EV_DIR_OUT;
	e.message_key = "h/postfix/ABC";
	e.queue_id = "ABC";
	e.relay_ip = "203.0.113.9";
	sess_feed(t, &e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got[0]->dir, EV_DIR_OUT);
	ck_assert_str_eq(got[0]->from, "s@example.org");
	ck_assert_str_eq(got[0]->queue_id, "ABC");
	ck_assert_ptr_null(got[0]->session_id);
	sess_finish(t);
	sess_free(t);
	reset();
}
END_TEST

/*
 * relinked - a message queued by session "a" (client and HELO name
 * known, the HELO name helo_a), then by "sess-b" (neither known, or the
 * HELO name helo_b; a longer key, so that the strings kept move), after
 * "sess-b" ended: the finding of a reject logged with the message only.
 */
/* nameless - ev() of a line that names no client. */
static struct smtp_event
nameless(enum ev_kind kind, const char *key, unsigned long line)
{
	struct smtp_event	e = ev(kind, key, line);

	e.client_name = e.client_ip = NULL;
	return e;
}

static const struct finding *
relinked(const char *helo_a, const char *helo_b)
{
	struct sess_table	*t = table(0);
	struct smtp_event	 e;

	e = ev(EV_CONNECT, "a", 1);
	e.client_name = "a.example";
	e.client_ip = "192.0.2.1";
	sess_feed(t, &e);
	e = ev(EV_HELO, "a", 2);
	e.arg = helo_a;
	sess_feed(t, &e);
	e = ev(EV_MSG_QUEUED, "a", 3);
	e.message_key = "h/postfix/ABC";
	e.queue_id = "ABC";
	sess_feed(t, &e);
	e = nameless(EV_CONNECT, "sess-b", 4);
	sess_feed(t, &e);
	if (helo_b != NULL) {
		e = nameless(EV_HELO, "sess-b", 5);
		e.arg = helo_b;
		sess_feed(t, &e);
	}
	e = nameless(EV_MSG_QUEUED, "sess-b", 6);
	e.message_key = "h/postfix/ABC";
	e.queue_id = "ABC";
	sess_feed(t, &e);
	e = nameless(EV_DISCONNECT, "sess-b", 7);
	sess_feed(t, &e);
	e = reply(EV_REJECT, NULL, 8, 554, "DATA");
	e.client_name = e.client_ip = NULL;
	e.message_key = "h/postfix/ABC";
	e.queue_id = "ABC";
	sess_feed(t, &e);
	ck_assert_int_eq(ngot, 1);
	sess_finish(t);
	sess_free(t);
	return got[0];
}

/* A message queued again keeps what its new session does not know, in
 * its own room or allocated, whichever held the earlier link. */
START_TEST(test_session_relink)
{
	char			 big[151];
	const struct finding	*f;

	memset(big, 'h', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	f = relinked("first.example", NULL);		/* room, room */
	ck_assert_str_eq(f->session_id, "sess-b@t.log:4");
	ck_assert_str_eq(f->client_name, "a.example");
	ck_assert_str_eq(f->client_ip, "192.0.2.1");
	ck_assert_str_eq(f->helo, "first.example");
	reset();
	f = relinked(big, NULL);			/* allocated twice */
	ck_assert_str_eq(f->session_id, "sess-b@t.log:4");
	ck_assert_str_eq(f->client_ip, "192.0.2.1");
	ck_assert_str_eq(f->helo, big);
	reset();
	f = relinked(big, "second.example");		/* allocated, room */
	ck_assert_str_eq(f->session_id, "sess-b@t.log:4");
	ck_assert_str_eq(f->client_name, "a.example");
	ck_assert_str_eq(f->client_ip, "192.0.2.1");
	ck_assert_str_eq(f->helo, "second.example");
	reset();
	f = relinked("first.example", big);		/* room, allocated */
	ck_assert_str_eq(f->client_ip, "192.0.2.1");
	ck_assert_str_eq(f->helo, big);
	reset();
}
END_TEST

START_TEST(test_session_htab)
{
	struct htab	*h = htab_new();
	char		 key[32];
	int		 i, vals[2000];

	for (i = 0; i < 2000; i++) {
		vals[i] = i;
		snprintf(key, sizeof(key), "key%d", i);
		htab_put(h, key, &vals[i]);
	}
	ck_assert_int_eq(htab_count(h), 2000);
	ck_assert_int_eq(*(int *)htab_get(h, "key1234"), 1234);
	ck_assert_ptr_eq(htab_del(h, "key7"), &vals[7]);
	ck_assert_ptr_null(htab_get(h, "key7"));
	ck_assert_int_eq(htab_count(h), 1999);
	htab_free(h, NULL);
}
END_TEST

/*
 * The counter a failed command is counted under, read back by the name
 * a disconnect line gives it (samples/postfix/mail.log: "data=0/1 quit=1
 * unknown=0/1", "rcpt=0/1").  Commands as the parsers give them: upper
 * case, END-OF-MESSAGE, UNKNOWN, the verb of a bad line (bench/gen.c's
 * Exim log: "XYZZY"); the rest made by hand around the 8-byte words the
 * upper-case names are compared as.
 */
static const struct {
	const char	*cmd, *counter;
} failcounts[] = {
	{ "RCPT", "rcpt" }, { "HELO", "helo" }, { "STARTTLS", "starttls" },
	{ "XFORWARD", "xforward" }, { "XCLIENT", "xclient" },
	{ "CONNECT", "connect" }, { "END-OF-MESSAGE", "data" },
	{ "DATA", "data" }, { "UNKNOWN", "unknown" }, { "XYZZY", "unknown" },
	{ "rcpt", "rcpt" }, { "Mail", "mail" }, { "starttls", "starttls" },
	{ "RCPTX", "unknown" }, { "STARTTLSX", "unknown" }, { "HEL", "unknown" },
	{ "", "unknown" }, { NULL, "unknown" },
	{ "END-OF-MESSAGEX", "unknown" }, { "end-of-message", "unknown" },
};

START_TEST(test_session_failcount)
{
	struct failcount	fc;

	fc_init(&fc);
	ck_assert_int_eq(fc_logged(&fc, failcounts[_i].counter), 0);
	fc_count(&fc, failcounts[_i].cmd);
	fc_count(&fc, failcounts[_i].cmd);
	ck_assert_msg(fc_logged(&fc, failcounts[_i].counter) == 2,
	    "%s: not counted as %s", failcounts[_i].cmd ? failcounts[_i].cmd :
	    "(null)", failcounts[_i].counter);
	ck_assert_int_eq(fc_logged(&fc, strcmp(failcounts[_i].counter,
	    "rcpt") == 0 ? "mail" : "rcpt"), 0);
}
END_TEST

Suite *
session_suite(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_session_helo_and_end);
	tcase_add_test(tc, test_session_merge_verbose);
	tcase_add_test(tc, test_session_merge_explained);
	tcase_add_test(tc, test_session_infer_counters);
	tcase_add_test(tc, test_session_infer_cap);
	tcase_add_test(tc, test_session_infer_why_cut);
	tcase_add_test(tc, test_session_pid_reuse);
	tcase_add_test(tc, test_session_evict);
	tcase_add_test(tc, test_session_budget);
	tcase_add_test(tc, test_session_budget_long_strings);
	tcase_add_test(tc, test_session_delivery);
	tcase_add_test(tc, test_session_relink);
	tcase_add_test(tc, test_session_htab);
	tcase_add_loop_test(tc, test_session_failcount, 0,
	    sizeof(failcounts) / sizeof(failcounts[0]));
	suite_add_tcase(s, tc);
	return s;
}
