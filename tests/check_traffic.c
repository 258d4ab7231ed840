/*
 * check_traffic.c - the traffic accountant (core/traffic.c) on hand-built
 * events, fed by a session builder (whose message records keep its
 * facts), its bounded parts (core/distinct.c, the weighted and merged
 * tallies of core/tally.c), and the merge of reports.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/distinct.h"
#include "core/session.h"
#include "core/tally.h"
#include "core/traffic.h"
#include "lib/event.h"
#include "lib/htab.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define T0		1445480021	/* 2015-10-22T02:13:41Z */

/* ev - an event of kind k about message key mk at T0 + dt. */
static struct smtp_event
ev(enum ev_kind k, const char *mk, long dt)
{
	struct smtp_event	e;

	ev_clear(&e);
	e.kind = k;
	e.message_key = mk;
	e.when = T0 + dt;
	return e;
}

static int
ignore(void *arg, const struct finding *f)
{
	(void)arg;
	(void)f;
	return 0;
}

/* builder - a session builder that feeds t, with a memory budget of max
 * bytes (0: the default). */
static struct sess_table *
builder(struct traffic *t, size_t max)
{
	struct sess_config	c;

	memset(&c, 0, sizeof(c));
	c.emit = ignore;
	c.max_memory = max;
	c.traffic = t;
	return sess_new(&c);
}

/* feed - an event of kind k about message key mk at T0 + dt, no more. */
static void
feed(struct sess_table *b, enum ev_kind k, const char *mk, long dt)
{
	struct smtp_event	e = ev(k, mk, dt);

	sess_feed(b, &e);
}

/* feed_info - message mk's sender (NULL: none) and size, at T0 + dt. */
static void
feed_info(struct sess_table *b, const char *mk, long dt, const char *from,
    long size)
{
	struct smtp_event	e = ev(EV_MSG_INFO, mk, dt);

	e.from = from;
	e.size = size;
	sess_feed(b, &e);
}

/* feed_sent - message mk delivered to rcpt at T0 + dt. */
static void
feed_sent(struct sess_table *b, const char *mk, long dt, const char *rcpt)
{
	struct smtp_event	e = ev(EV_DELIVERY, mk, dt);

	e.status = "sent";
	e.to = rcpt;
	sess_feed(b, &e);
}

/* message - a message key received from host (name or NULL; IP
 * 192.0.2.1), from sender, 10 bytes, delivered to rcpt (NULL: not). */
static void
message(struct sess_table *b, const char *key, const char *host,
    const char *from, const char *rcpt)
{
	struct smtp_event	e;

	e = ev(EV_MSG_QUEUED, key, 0);
	e.client_name = host;
	e.client_ip = "192.0.2.1";
	sess_feed(b, &e);
	feed_info(b, key, 1, from, 10);
	if (rcpt != NULL)
		feed_sent(b, key, 2, rcpt);
}

START_TEST(test_traffic_counts)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r;
	struct smtp_event	 e;

	/* Message A: received from a client, 1000 bytes, delivered to two
	 * recipients (one with a delay), deferred twice, removed. */
	e = ev(EV_MSG_QUEUED, "mx/A", 0);
	e.client_name = "mail.example.com";
	e.client_ip = "192.0.2.1";
	sess_feed(b, &e);
	e = ev(EV_MSG_INFO, "mx/A", 1);
	e.from = "Alice@EXAMPLE.com";
	e.size = 1000;
	sess_feed(b, &e);
	sess_feed(b, &e);	/* qmgr again: counted once */
	e = ev(EV_DELIVERY, "mx/A", 2);
	e.status = "deferred";
	e.to = "bob@Example.NET";
	e.text = "connect to mx.example.net: Connection refused";
	e.flags = EV_F_DELAY;
	e.delay_ms = 9000;
	sess_feed(b, &e);
	sess_feed(b, &e);
	e.status = "sent";
	e.delay_ms = 4000;
	sess_feed(b, &e);
	feed_sent(b, "mx/A", 3, "carol@example.net");
	sess_feed(b, &(struct smtp_event){ .kind = EV_MSG_REMOVED,
	    .message_key = "mx/A", .when = T0 + 4 });
	/* Message B: made here (pickup, no client), forwarded, bounced,
	 * a day later. */
	feed(b, EV_MSG_QUEUED, "mx/B", 86400);
	feed_info(b, "mx/B", 86401, "<>", 500);
	e = ev(EV_DELIVERY, "mx/B", 86402);
	e.status = "sent";
	e.flags = EV_F_FORWARDED;
	sess_feed(b, &e);
	e = ev(EV_DELIVERY, "mx/B", 86403);
	e.status = "bounced";
	e.relay_name = "mx.example.org";
	e.code = 550;
	e.enhanced = "5.1.1";
	e.text = "User unknown";
	sess_feed(b, &e);
	/* Rejects: a policy one counts, a failed AUTH and a protocol
	 * error do not. */
	e = ev(EV_REJECT, NULL, 86404);
	e.command = "RCPT";
	sess_feed(b, &e);
	e.command = "AUTH";
	sess_feed(b, &e);
	e.command = "MAIL";
	e.flags = EV_F_PROTOCOL;
	sess_feed(b, &e);
	/* Actions and log levels. */
	e = ev(EV_NOTE, NULL, 86405);
	e.flags = EV_F_HOLD;
	sess_feed(b, &e);
	e.flags = EV_F_DISCARD | EV_F_WARN;
	sess_feed(b, &e);
	e = ev(EV_LOG, NULL, 86406);
	e.note = "warning";
	sess_feed(b, &e);
	e.note = "panic";
	sess_feed(b, &e);

	traffic_result(t, 10, &r);
	ck_assert_int_eq(r.received, 2);
	ck_assert_int_eq(r.delivered, 2);
	ck_assert_int_eq(r.forwarded, 1);
	ck_assert_int_eq(r.deferred, 1);
	ck_assert_int_eq(r.deferrals, 2);
	ck_assert_int_eq(r.bounced, 1);
	ck_assert_int_eq(r.rejected, 1);
	ck_assert_int_eq(r.held, 1);
	ck_assert_int_eq(r.discarded, 1);
	ck_assert_int_eq(r.reject_warnings, 1);
	ck_assert_int_eq(r.bytes_received, 1500);
	ck_assert_int_eq(r.bytes_delivered, 2000);
	ck_assert_int_eq(r.senders, 2);
	/* example.com, and the null sender's: no client, its address */
	ck_assert_int_eq(r.sending_domains, 2);
	ck_assert_int_eq(r.recipients, 2);	/* bob@example.net, carol */
	ck_assert_int_eq(r.recipient_domains, 1);
	ck_assert_int_eq(r.warning, 1);
	ck_assert_int_eq(r.panic, 1);
	ck_assert_uint_eq(r.estimated, 0);
	ck_assert_int_eq(r.first, T0);
	ck_assert_int_eq(r.last, T0 + 86406);
	/* Two days; each column adds up. */
	ck_assert_uint_eq(r.ndays, 2);
	ck_assert_int_eq(r.days[0].c.received + r.days[1].c.received, 2);
	ck_assert_int_eq(r.days[0].c.deferred, 2);
	ck_assert_int_eq(r.days[1].c.bounced, 1);
	ck_assert_int_eq(r.days[1].c.rejected, 1);
	ck_assert_int_eq(r.hours[2].received, 2);	/* 02:13, both days */
	/* The lists: the domain with its deliveries, deferrals, delays. */
	/* a tie: by key, "<>" before "A" */
	ck_assert_uint_eq(r.ntop[TRAFFIC_SENDERS], 2);
	ck_assert_str_eq(r.top[TRAFFIC_SENDERS][1].key, "Alice@example.com");
	ck_assert_int_eq(r.top[TRAFFIC_SENDERS][1].v[TRAFFIC_V_BYTES], 1000);
	ck_assert_str_eq(r.top[TRAFFIC_SENDING_HOSTS][0].key,
	    "mail.example.com");
	ck_assert_str_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].key,
	    "example.net");
	ck_assert_int_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].v[
	    TRAFFIC_V_DELIVERED], 2);
	ck_assert_int_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].v[
	    TRAFFIC_V_DEFERRED], 2);
	ck_assert_int_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].v[
	    TRAFFIC_V_DELAY_SUM], 4000);
	ck_assert_int_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].v[
	    TRAFFIC_V_DELAY_MAX], 9000);
	ck_assert_str_eq(r.top[TRAFFIC_BOUNCE_REASONS][0].key,
	    "550 5.1.1 User unknown");
	ck_assert_str_eq(r.top[TRAFFIC_BOUNCE_REASONS][0].label,
	    "mx.example.org");
	ck_assert_uint_eq(r.ntop[TRAFFIC_DEFERRAL_REASONS], 1);
	ck_assert(r.top_exact);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/*
 * A message's facts live in the builder's record of it, within its memory
 * budget (1 MiB: a few thousand messages never removed): the least
 * recently used are closed early, their facts with them; those closed
 * before any delivery attempt are counted.  The first 100 were tried
 * (deferred), so they are not.
 */
START_TEST(test_traffic_bound)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 1 << 20);
	struct traffic_report	 r;
	struct smtp_event	 e;
	struct summary		 s;
	char			 key[32];
	int			 i;

	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "mx/%d", i);
		feed(b, EV_MSG_QUEUED, key, i);
		if (i < 100) {
			e = ev(EV_DELIVERY, key, i);
			e.status = "deferred";
			e.to = "a@example.org";
			sess_feed(b, &e);
		}
	}
	/* The newest is still known as received here, the oldest untried
	 * one not. */
	feed_info(b, "mx/9999", 10000, NULL, 7);
	feed_info(b, "mx/100", 10001, NULL, 5);
	traffic_result(t, 10, &r);
	memset(&s, 0, sizeof(s));
	sess_summary(b, &s);
	ck_assert_int_eq(r.received, 10000);
	ck_assert_int_eq(r.bytes_received, 7);
	ck_assert_msg(s.messages_evicted > 5000 && s.messages_evicted < 9500,
	    "got %lu messages evicted", s.messages_evicted);
	ck_assert_uint_eq(r.messages_evicted, s.messages_evicted - 100);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/* feed_deferred - message mk deferred (to rcpt) at T0 + dt. */
static void
feed_deferred(struct sess_table *b, const char *mk, long dt,
    const char *rcpt)
{
	struct smtp_event	e = ev(EV_DELIVERY, mk, dt);

	e.status = "deferred";
	e.to = rcpt;
	sess_feed(b, &e);
}

/*
 * A deferred message the budget closes early keeps its facts aside for
 * when it is tried again: deferred once, its size delivered.  Two cases
 * under a budget of 1 MiB: Postfix (a message received, deferred, 20,000
 * connects, deferred again, delivered, removed: qmgr logs the size again
 * on each try) and Exim (S=18234 deferred, 12,000 other arrivals,
 * delivered: Exim logs the size once, on arrival).  The other arrivals,
 * sized, are kept too, up to a bound past which they count as evicted.
 */
START_TEST(test_traffic_evicted_tried)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 1 << 20);
	struct traffic_report	 r;
	struct summary		 s;
	char			 key[32];
	int			 i;

	/* Postfix: qmgr logs the size with each try. */
	feed(b, EV_MSG_QUEUED, "mx/4AAAAAAAAAA1", 0);
	feed_info(b, "mx/4AAAAAAAAAA1", 0, "bob@example.net", 5000);
	feed_deferred(b, "mx/4AAAAAAAAAA1", 2, "al@example.com");
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "mx/%d", i);
		feed(b, EV_MSG_QUEUED, key, 3);
	}
	feed_info(b, "mx/4AAAAAAAAAA1", 4, "bob@example.net", 5000);
	feed_deferred(b, "mx/4AAAAAAAAAA1", 5, "al@example.com");
	feed_sent(b, "mx/4AAAAAAAAAA1", 6, "al@example.com");
	feed(b, EV_MSG_REMOVED, "mx/4AAAAAAAAAA1", 6);
	traffic_result(t, 10, &r);
	memset(&s, 0, sizeof(s));
	sess_summary(b, &s);
	ck_assert_int_eq(r.deferred, 1);
	ck_assert_int_eq(r.deferrals, 2);
	ck_assert_int_eq(r.bytes_received, 5000);
	ck_assert_int_eq(r.bytes_delivered, 5000);
	/* It was closed early, and is not counted as its facts' loss. */
	ck_assert_msg(s.messages_evicted > 5000, "got %lu messages evicted",
	    s.messages_evicted);
	ck_assert_uint_eq(r.messages_evicted, s.messages_evicted - 1);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/* Exim: the size only on arrival (the second case above). */
START_TEST(test_traffic_evicted_exim)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 1 << 20);
	struct traffic_report	 r;
	struct summary		 s;
	char			 key[32];
	int			 i;

	feed(b, EV_MSG_QUEUED, "ex/1aBcDe-000001-AB", 0);
	feed_info(b, "ex/1aBcDe-000001-AB", 0, "bob@example.net", 18234);
	feed_deferred(b, "ex/1aBcDe-000001-AB", 1, "al@example.com");
	for (i = 0; i < 12000; i++) {
		snprintf(key, sizeof(key), "ex/%d", i);
		feed(b, EV_MSG_QUEUED, key, 2);
		feed_info(b, key, 2, "carol@example.net", 1);
	}
	feed_sent(b, "ex/1aBcDe-000001-AB", 3, "al@example.com");
	traffic_result(t, 10, &r);
	memset(&s, 0, sizeof(s));
	sess_summary(b, &s);
	ck_assert_int_eq(r.deferred, 1);
	ck_assert_int_eq(r.bytes_received, 18234 + 12000);
	ck_assert_int_eq(r.bytes_delivered, 18234);
	ck_assert_msg(s.messages_evicted > 5000, "got %lu messages evicted",
	    s.messages_evicted);
	ck_assert_int_eq(r.messages_evicted, 0);

	/* 40,000 more arrivals: what is kept aside is bounded (at most
	 * 2 * 8192 untried), the rest counted. */
	for (i = 12000; i < 52000; i++) {
		snprintf(key, sizeof(key), "ex/%d", i);
		feed(b, EV_MSG_QUEUED, key, 4);
		feed_info(b, key, 4, "carol@example.net", 1);
	}
	traffic_result(t, 10, &r);
	memset(&s, 0, sizeof(s));
	sess_summary(b, &s);
	ck_assert_msg(r.messages_evicted > 0 &&
	    r.messages_evicted + 2 * 8192 >= s.messages_evicted - 1,
	    "got %llu of %lu evicted messages counted", r.messages_evicted,
	    s.messages_evicted);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/*
 * A message's facts go when it leaves the queue: a queue id used again is
 * a new message (tests/corpus/postfix-real/kdent-mail3.log, 82B9E242D5:
 * size=4643 from one sender at 06:07, removed, size=5433 from another at
 * 09:43), and removed messages never fill the budget (none evicted).
 */
START_TEST(test_traffic_removed)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r;
	const char		*qid = "conch/postfix/82B9E242D5";
	char			 key[32];
	int			 i, j;

	feed(b, EV_MSG_QUEUED, qid, 0);
	feed_info(b, qid, 0, "Eliminate-Anxiety@dtedd.xyz", 4643);
	feed(b, EV_MSG_REMOVED, qid, 3);
	feed(b, EV_MSG_QUEUED, qid, 13000);
	feed_info(b, qid, 13000, "HomeSpecial@choicehomewarrantyaware.com",
	    5433);
	feed_sent(b, qid, 13003, "riley@seaglass.com");
	traffic_result(t, 10, &r);
	ck_assert_int_eq(r.received, 2);
	ck_assert_int_eq(r.bytes_received, 4643 + 5433);
	ck_assert_int_eq(r.bytes_delivered, 5433);
	ck_assert_int_eq(r.senders, 2);
	sess_free(b);
	traffic_free(t);

	/* 3000 messages, 480 queued at once, removed in another order than
	 * they came, under a budget of 1 MiB; each is found with its
	 * size. */
	t = traffic_new(NULL);
	b = builder(t, 1 << 20);
	for (i = 0; i < 3480; i++) {
		if (i < 3000) {
			snprintf(key, sizeof(key), "mx/%d", i);
			feed(b, EV_MSG_QUEUED, key, i);
			feed_info(b, key, i, NULL, 1);
		}
		if (i >= 480) {
			j = (i - 480) ^ 1;	/* each pair swapped */
			snprintf(key, sizeof(key), "mx/%d", j);
			feed_sent(b, key, i, "a@example.org");
			feed(b, EV_MSG_REMOVED, key, i);
		}
	}
	traffic_result(t, 10, &r);
	ck_assert_int_eq(r.received, 3000);
	ck_assert_int_eq(r.bytes_received, 3000);
	ck_assert_int_eq(r.delivered, 3000);
	ck_assert_int_eq(r.bytes_delivered, 3000);
	ck_assert_int_eq(r.messages_evicted, 0);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/* Exact up to the bound; past it a flagged estimate within 5 %. */
static const struct {
	unsigned	n, max;
	int		estimated;
} dcases[] = {
	{ 0, 100, 0 }, { 1, 100, 0 }, { 100, 100, 0 }, { 10000, 1000, 1 },
	{ 200000, 1000, 1 },
};

START_TEST(test_distinct_count)
{
	struct distinct	*d = distinct_new(dcases[_i].max), *e;
	char		 s[32], sk[DISTINCT_SKETCH_MAX];
	unsigned	 i;
	unsigned long	 c;
	int		 est;

	for (i = 0; i < dcases[_i].n; i++) {
		snprintf(s, sizeof(s), "user%u@example.org", i);
		distinct_add(d, s);
		distinct_add(d, s);
	}
	c = distinct_count(d, &est);
	ck_assert_int_eq(est, dcases[_i].estimated);
	if (!est)
		ck_assert_uint_eq(c, dcases[_i].n);
	else
		ck_assert_msg(c > dcases[_i].n * 0.95 && c < dcases[_i].n *
		    1.05, "got %lu, want %u within 5 %%", c, dcases[_i].n);
	/* The sketch as text, back: the same estimate. */
	e = distinct_new(0);
	ck_assert_int_eq(distinct_add_sketch(e, distinct_sketch(d, sk)), 0);
	distinct_count(d, &est);
	if (dcases[_i].n > 1000)
		ck_assert_uint_eq(distinct_count(e, &est), c);
	ck_assert_int_eq(distinct_add_sketch(e, "12A"), -1);
	ck_assert_int_eq(distinct_add_sketch(e, "4096Z"), -1);
	distinct_free(e);
	distinct_free(d);
}
END_TEST

/* Weighted Misra-Gries: a full tally takes the weight off every count. */
START_TEST(test_tally_weighted)
{
	struct tally		*a = tally_new(2);
	struct tally_item	 it[3];
	unsigned long long	*v;

	v = tally_hit_n(a, "x", NULL, 5);
	v[0] = 50;
	(void)tally_hit_n(a, "y", NULL, 2);
	ck_assert(tally_hit_n(a, "z", NULL, 1) == NULL);	/* x 4, y 1 */
	ck_assert(tally_exact(a) == 0);
	ck_assert(tally_hit_n(a, "w", NULL, 3) != NULL);	/* y gone */
	ck_assert_uint_eq(tally_top(a, it, 3), 2);
	ck_assert_str_eq(it[0].key, "x");
	ck_assert_uint_eq(it[0].count, 3);
	ck_assert_uint_eq(it[0].v[0], 50);
	ck_assert_str_eq(it[1].key, "w");
	ck_assert_uint_eq(it[1].count, 2);
	tally_free(a);
}
END_TEST

/* A few of many: the best n picked without sorting, in order, ties by
 * key; the tally keeps counting after. */
START_TEST(test_tally_top_few)
{
	struct tally		*t = tally_new(100);
	struct tally_item	 it[3];
	char			 key[16];
	int			 i;

	for (i = 0; i < 90; i++) {
		snprintf(key, sizeof(key), "k%02d", i);
		tally_hit_n(t, key, NULL, (unsigned long)(i % 30 + 1));
	}
	ck_assert_uint_eq(tally_top(t, it, 0), 0);
	ck_assert_uint_eq(tally_top(t, it, 3), 3);
	ck_assert_str_eq(it[0].key, "k29");	/* 30: k29, k59, k89 */
	ck_assert_str_eq(it[1].key, "k59");
	ck_assert_str_eq(it[2].key, "k89");
	ck_assert_uint_eq(it[2].count, 30);
	tally_hit_n(t, "k00", NULL, 100);
	ck_assert_uint_eq(tally_top(t, it, 1), 1);
	ck_assert_str_eq(it[0].key, "k00");
	ck_assert_uint_eq(it[0].count, 101);
	tally_free(t);
}
END_TEST

static void
sum0(unsigned long long *d, const unsigned long long *s)
{
	d[0] += s[0];
}

START_TEST(test_tally_merge)
{
	struct tally		*a = tally_new(8), *b = tally_new(8);
	struct tally_item	 it[2];

	tally_hit_n(a, "x", NULL, 3)[0] = 30;
	tally_hit_n(b, "x", NULL, 4)[0] = 40;
	tally_hit_n(b, "y", NULL, 1)[0] = 1;
	tally_merge(a, b, sum0);
	ck_assert_uint_eq(tally_top(a, it, 2), 2);
	ck_assert_str_eq(it[0].key, "x");
	ck_assert_uint_eq(it[0].count, 7);
	ck_assert_uint_eq(it[0].v[0], 70);
	ck_assert(tally_exact(a));
	tally_free(a);
	tally_free(b);
}
END_TEST

/* A report added to an empty accountant gives it back; two reports add
 * up, their different-address counts then estimated. */
START_TEST(test_traffic_add_report)
{
	struct traffic		*t = traffic_new(NULL), *m = traffic_new(NULL);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r, back;

	message(b, "mx/A", NULL, "a@example.org", NULL);
	traffic_result(t, 10, &r);
	ck_assert_int_eq(traffic_add_report(m, &r), 0);
	traffic_result(m, 10, &back);
	ck_assert_int_eq(back.received, 1);
	ck_assert_int_eq(back.senders, 1);
	ck_assert_uint_eq(back.estimated, 0);
	ck_assert_uint_eq(back.ndays, 1);
	ck_assert_int_eq(traffic_add_report(m, &r), 0);
	traffic_result(m, 10, &back);
	ck_assert_int_eq(back.received, 2);
	ck_assert_int_eq(back.senders, 1);	/* the same, united */
	ck_assert(back.estimated & 1u);
	ck_assert_int_eq(back.days[0].c.received, 2);
	ck_assert_int_eq(back.top[TRAFFIC_SENDERS][0].count, 2);
	sess_free(b);
	traffic_free(t);
	traffic_free(m);
}
END_TEST

/*
 * An address as counted: lower case from its first '@', its domain after
 * its last one (the whole address without one), whatever the length of
 * what follows the '@' (the accountant reads it a word at a time, the last
 * bytes as the string's last word).
 */
static const struct {
	const char	*addr, *key, *domain;
} acases[] = {
	{ "bob@example.net", "bob@example.net", "example.net" },
	{ "Bob@Example.NET", "Bob@example.net", "example.net" },
	{ "a@b.c", "a@b.c", "b.c" },
	{ "a@B.c", "a@b.c", "b.c" },
	{ "x@", "x@", "x@" },
	{ "user", "user", "user" },
	{ "a@b@C.org", "a@b@c.org", "c.org" },
	{ "a@b@c.org", "a@b@c.org", "c.org" },
	{ "first.last@mail.example.coM", "first.last@mail.example.com",
	    "mail.example.com" },
	{ "first.last@Mail.example.com", "first.last@mail.example.com",
	    "mail.example.com" },
	{ "abcdefgh@ABCDEFGH", "abcdefgh@abcdefgh", "abcdefgh" },
	{ "abcdefgh@abcdefg@", "abcdefgh@abcdefg@", "abcdefgh@abcdefg@" },
	{ "postmaster@[192.0.2.1]", "postmaster@[192.0.2.1]", "[192.0.2.1]" },
	/* a byte over 0x7f before a capital: no carry hides it */
	{ "a@\xdbZ.example", "a@\xdbz.example", "\xdbz.example" },
	{ "\xc3\xa9@\xc3\xa9.example", "\xc3\xa9@\xc3\xa9.example",
	    "\xc3\xa9.example" },
	/* the first '@' at the end of a word, at the start of the next, in
	 * the last bytes; a capital before it is kept */
	{ "Abcdefg@example.org", "Abcdefg@example.org", "example.org" },
	{ "abcdefgh@Example.org", "abcdefgh@example.org", "example.org" },
	{ "abcdefghijklmnopq@x.Y", "abcdefghijklmnopq@x.y", "x.y" },
	{ "abcdefgh.ijklmnop@Q", "abcdefgh.ijklmnop@q", "q" },
	{ "abcdefgh.ijklmnop", "abcdefgh.ijklmnop", "abcdefgh.ijklmnop" },
};

START_TEST(test_traffic_address)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r;

	message(b, "mx/A", NULL, acases[_i].addr, acases[_i].addr);
	traffic_result(t, 10, &r);
	ck_assert_str_eq(r.top[TRAFFIC_SENDERS][0].key, acases[_i].key);
	ck_assert_str_eq(r.top[TRAFFIC_RECIPIENTS][0].key, acases[_i].key);
	ck_assert_str_eq(r.top[TRAFFIC_RECIPIENT_DOMAINS][0].key,
	    acases[_i].domain);
	ck_assert_int_eq(r.sending_domains, 1);
	ck_assert_int_eq(r.recipient_domains, 1);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/*
 * What is counted once per key (a sender's or a recipient's domain, a
 * host's domain) comes back the same for a key seen again; the null
 * sender's domain is its client's, for each message.
 */
START_TEST(test_traffic_again)
{
	struct traffic		*t = traffic_new(NULL);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r;
	struct smtp_event	 e;

	message(b, "mx/1", "mx.a.com", "<>", "r@d.com");
	message(b, "mx/2", "mx.b.com", "<>", "r@d.com");
	message(b, "mx/3", "mx.a.com", "<>", "s@d.com");
	message(b, "mx/4", "mx.c.com", "x@c.com", NULL);
	message(b, "mx/5", "mx.c.com", "x@c.com", NULL);
	message(b, "mx/6", NULL, "local", NULL);
	/* A domain first deferred to, then delivered to. */
	e = ev(EV_DELIVERY, "mx/4", 3);
	e.status = "deferred";
	e.to = "t@e.com";
	sess_feed(b, &e);
	feed_sent(b, "mx/4", 3, "u@e.com");
	traffic_result(t, 10, &r);
	ck_assert_int_eq(r.senders, 3);
	/* a.com, b.com, c.com, the client's IP for "local" */
	ck_assert_int_eq(r.sending_domains, 4);
	ck_assert_int_eq(r.recipients, 3);
	ck_assert_int_eq(r.recipient_domains, 2);
	ck_assert_int_eq(r.bytes_delivered, 40);
	ck_assert_str_eq(r.top[TRAFFIC_SENDING_HOSTS][0].key, "mx.a.com");
	sess_free(b);
	traffic_free(t);
}
END_TEST

/*
 * The distinct counts stay exact while the top lists, two keys each,
 * push keys out and take them back: a key a list holds skips its
 * distinct counter, so one that left the list must be counted again when
 * it comes back (and only once).  Senders s0..s4 at d0..d4 in turn;
 * recipients r(i mod 7)@e(i mod 3): 21 pairs, as i mod 21 fixes both.
 */
START_TEST(test_traffic_churn)
{
	struct traffic_config	 cfg = { 2, 0 };
	struct traffic		*t = traffic_new(&cfg);
	struct sess_table	*b = builder(t, 0);
	struct traffic_report	 r;
	char			 key[16], from[32], to[32];
	int			 i;

	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "mx/%d", i);
		snprintf(from, sizeof(from), "s%d@d%d.com", i % 5, i % 5);
		snprintf(to, sizeof(to), "r%d@e%d.com", i % 7, i % 3);
		message(b, key, "mx.a.com", from, to);
	}
	traffic_result(t, 10, &r);
	ck_assert_int_eq(r.senders, 5);
	ck_assert_int_eq(r.sending_domains, 5);
	ck_assert_int_eq(r.recipients, 21);
	ck_assert_int_eq(r.recipient_domains, 3);
	ck_assert_int_eq(r.estimated, 0);
	ck_assert_int_eq(r.top_exact, 0);
	sess_free(b);
	traffic_free(t);
}
END_TEST

/* A key of no occurrence (a merged partial's "messages": 0) is not kept:
 * kept at 0, the next Misra-Gries step took 1 from it and it wrapped to
 * 2^64 - 1. */
START_TEST(test_tally_zero)
{
	struct tally		*t = tally_new(2);
	struct tally_item	 it[3];
	size_t			 i, n;

	ck_assert(tally_hit_n(t, "zero", NULL, 0) == NULL);
	tally_hit(t, "b", NULL);
	tally_hit(t, "c", NULL);
	tally_hit(t, "d", NULL);
	n = tally_top(t, it, 3);
	for (i = 0; i < n; i++) {
		ck_assert_str_ne(it[i].key, "zero");
		ck_assert_uint_le(it[i].count, 3);
	}
	tally_free(t);
}
END_TEST

static int
u64cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Keys that differ in a few bytes have different 64-bit hashes: the
 * accountant keys top lists and distinct counts by the hash alone.  With
 * the word hash as it was (a word's high bits cancelled by the next
 * word's low ones), Postfix-like message keys with sequential queue ids
 * shared hashes 54,272 times in 2^20, and 50,000 addresses
 * user00000@example.com.. counted 48,668.
 */
START_TEST(test_hash_sequential)
{
	enum { N = 1 << 20 };
	uint64_t	*h = malloc(N * sizeof(*h));
	char		 key[64];
	struct distinct	*d = distinct_new(0);
	size_t		 i, same = 0;
	int		 est;

	ck_assert(h != NULL);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "mail.example.com/postfix/3F2A1%05zX",
		    i);
		h[i] = htab_hash64(key, strlen(key));
	}
	qsort(h, N, sizeof(*h), u64cmp);
	for (i = 1; i < N; i++)
		same += h[i] == h[i - 1];
	ck_assert_uint_eq(same, 0);
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "user%05zu@example.com", i);
		distinct_add(d, key);
	}
	ck_assert_uint_eq(distinct_count(d, &est), 50000);
	ck_assert_int_eq(est, 0);
	distinct_free(d);
	free(h);
}
END_TEST

Suite *
traffic_suite(void)
{
	Suite	*s = suite_create("traffic");
	TCase	*tc = tcase_create("traffic");

	tcase_add_test(tc, test_traffic_counts);
	tcase_add_test(tc, test_traffic_bound);
	tcase_add_test(tc, test_traffic_evicted_tried);
	tcase_add_test(tc, test_traffic_evicted_exim);
	tcase_add_test(tc, test_traffic_removed);
	tcase_add_test(tc, test_traffic_add_report);
	tcase_add_loop_test(tc, test_traffic_address, 0, NELEM(acases));
	tcase_add_test(tc, test_traffic_again);
	tcase_add_test(tc, test_traffic_churn);
	suite_add_tcase(s, tc);
	tc = tcase_create("bounded");
	tcase_add_loop_test(tc, test_distinct_count, 0, NELEM(dcases));
	tcase_add_test(tc, test_tally_weighted);
	tcase_add_test(tc, test_tally_merge);
	tcase_add_test(tc, test_tally_top_few);
	tcase_add_test(tc, test_tally_zero);
	tcase_add_test(tc, test_hash_sequential);
	suite_add_tcase(s, tc);
	return s;
}
