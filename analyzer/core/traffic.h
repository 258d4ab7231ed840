/*
 * traffic.h - the mail traffic a log shows, as an admin's morning report
 * counts it (pflogsumm, eximstats): messages received, delivered,
 * forwarded, deferred, bounced, rejected ...; bytes; different senders and
 * recipients; per day and per hour of day; the top senders, recipients,
 * sending hosts and recipient domains; deferral and bounce reasons; and
 * the daemons' warning, error, fatal and panic lines.
 *
 * The accountant is fed every event by the session builder (session.h
 * sess_config.traffic), with the builder's record of the event's
 * message, and knows nothing of log formats.  Memory is bounded: the top
 * lists are Misra-Gries tallies (tally.h), the counts of different
 * addresses exact up to a bound then estimated (distinct.h), and the
 * facts kept per message (struct traffic_msg: size, received, deferred)
 * live in the builder's record, within its memory budget: dropped when
 * the message leaves the queue; when the budget closes it early they are
 * kept aside if they still matter (traffic_evicted), else dropped
 * (counted).  The totals are exact.
 */
#ifndef TRAFFIC_H
#define TRAFFIC_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/event.h"
#include "tally.h"

#define TRAFFIC_DEFAULT_TOP		10
#define TRAFFIC_MAX_TOP			1000
#define TRAFFIC_MAX_DAYS		4000	/* about eleven years */

/*
 * The lists of counts, each written once here and expanded by every
 * writer, by merge and by the tests.  Totals are exact; the distinct
 * counts may be estimates (traffic_report.estimated); the day counts are
 * per UTC day and hour of day: their deferred is deferral lines (a
 * message deferred on two days is deferred on each), so that each
 * column adds up to its total (received, delivered, deferrals, bounced,
 * rejected).
 */
#define TRAFFIC_TOTALS(X) \
	X(received) X(delivered) X(forwarded) X(deferred) X(deferrals) \
	X(bounced) X(expired) X(rejected) X(reject_warnings) X(held) \
	X(discarded) X(bytes_received) X(bytes_delivered)
#define TRAFFIC_DISTINCT(X) \
	X(senders) X(sending_domains) X(recipients) X(recipient_domains)
#define TRAFFIC_DAY(X) \
	X(received) X(delivered) X(deferred) X(bounced) X(rejected)
#define TRAFFIC_LEVELS(X) \
	X(warning) X(error) X(fatal) X(panic)

struct traffic_counts {
#define TRAFFIC_FIELD(n) unsigned long long n;
	TRAFFIC_DAY(TRAFFIC_FIELD)
};

struct traffic_day {
	long			 day;	/* days since 1970-01-01 (UTC) */
	struct traffic_counts	 c;
};

/*
 * The top lists.  Each item has a key, a count and TALLY_NV values whose
 * meaning is the list's (TRAFFIC_V_*): senders, recipients and sending
 * hosts count messages and bytes; recipient domains count delivery
 * attempts (count), deliveries, bytes, deferrals and the delays of the
 * deliveries; the reasons count lines (and see TRAFFIC_V_DOMAIN).  A
 * bounce reason's label is the relay that gave it.
 */
enum traffic_list {
	TRAFFIC_SENDERS,
	TRAFFIC_RECIPIENTS,
	TRAFFIC_SENDING_HOSTS,
	TRAFFIC_RECIPIENT_DOMAINS,
	TRAFFIC_DEFERRAL_REASONS,
	TRAFFIC_BOUNCE_REASONS,
	TRAFFIC__NLISTS
};
#define TRAFFIC_V_BYTES		0
#define TRAFFIC_V_DELIVERED	1
#define TRAFFIC_V_DEFERRED	2
#define TRAFFIC_V_DELAY_SUM	3	/* ms, over the deliveries with a delay */
#define TRAFFIC_V_DELAY_MAX	4	/* ms, of deliveries and deferrals */
/* Not a count: the accountant's own note of the htab_hash64 of a
 * sender's, recipient's or sending host's domain (0: none yet), kept and
 * dropped with its key; no report shows it. */
#define TRAFFIC_V_DOMAIN	5

struct traffic_item {
	const char		*key;
	const char		*label;	/* or NULL */
	unsigned long long	 count;
	unsigned long long	 v[TALLY_NV];
};

/* traffic_list_name - "senders", "bounce_reasons" ... (JSON keys). */
const char	*traffic_list_name(enum traffic_list);

/*
 * What a report shows: plain data, filled by traffic_result() or by merge
 * from partial summaries.  Pointers are borrowed from whoever filled it.
 */
struct traffic_report {
	time_t			 first, last;	/* the period; 0: no time */
#define TRAFFIC_FIELDLL(n) unsigned long long n;
	TRAFFIC_TOTALS(TRAFFIC_FIELDLL)
	TRAFFIC_DISTINCT(TRAFFIC_FIELDLL)
	TRAFFIC_LEVELS(TRAFFIC_FIELDLL)
	/* bit i set: the i-th TRAFFIC_DISTINCT count is an estimate */
	unsigned		 estimated;
	int			 top_exact;	/* no top list dropped a key */
	size_t			 top_limit;	/* items asked per list */
	/* The distinct counters' sketches (distinct.h), for merge; NULL:
	 * none. */
	const char		*sketch[4];
	unsigned long long	 messages_evicted;	/* facts dropped by
						 * the budget before any
						 * delivery attempt */
	size_t			 ndays;
	const struct traffic_day *days;	/* oldest first */
	unsigned long long	 days_dropped;	/* events past TRAFFIC_MAX_DAYS */
	struct traffic_counts	 hours[24];
	size_t			 ntop[TRAFFIC__NLISTS];
	const struct traffic_item *top[TRAFFIC__NLISTS];
	/* The year of year-less stamps, when the content proved it
	 * (scan_order.h): the year read and the year the file time gave;
	 * 0 when it did not. */
	int			 year_content, year_assumed;
};

struct traffic_config {
	size_t		 max_keys;	/* per top list; 0: 1024 */
	size_t		 max_exact;	/* distinct.h bound; 0: its default */
};

struct traffic;

struct traffic	*traffic_new(const struct traffic_config *);
/* traffic_free - NULL does nothing. */
void		 traffic_free(struct traffic *);

/*
 * What the accountant keeps of one queued message: zero when the message
 * is new.  It lives in the session builder's record of the message
 * (session_int.h), which the accountant is handed with each event of it.
 */
struct traffic_msg {
	unsigned long long	 size;
	uint64_t		 dom;	/* hash of the client's domain, for a
					 * sender without one */
	unsigned		 flags;	/* traffic_int.h TRAFFIC_M_* */
};

/*
 * traffic_feed - one event, borrowed for the call, with the facts of its
 * message (NULL: it names none, or none is kept: it left the queue).
 * Every event passes here and most count nothing but the period: the
 * head of the accountant (its first member) is visible so that they cost
 * a few compares inline; traffic_count does the rest, for the kinds in
 * TRAFFIC_KINDS.
 */
struct traffic_head {
	time_t		 first, last;	/* the period; 0: no time yet */
	size_t		 kept;		/* messages kept aside: see
					 * traffic_recall() */
};
#define TRAFFIC_KINDS	((1u << EV_MSG_QUEUED) | (1u << EV_MSG_INFO) | \
			 (1u << EV_DELIVERY) | (1u << EV_REJECT) | \
			 (1u << EV_NOTE) | (1u << EV_LOG))
void		 traffic_count(struct traffic *, const struct smtp_event *,
		    struct traffic_msg *);

static inline void
traffic_feed(struct traffic *t, const struct smtp_event *ev,
    struct traffic_msg *m)
{
	struct traffic_head	*h = (struct traffic_head *)(void *)t;

	if (ev->when > 0) {
		if (ev->when > h->last)
			h->last = ev->when;
		if (h->first == 0 || ev->when < h->first)
			h->first = ev->when;
	}
	/* A message's note or Message-ID, a note of no policy action:
	 * nothing to count. */
	if (ev->kind == EV_MSG_INFO ? ev->size > 0 : ev->kind == EV_NOTE ?
	    (ev->flags & (EV_F_HOLD | EV_F_DISCARD | EV_F_WARN)) != 0 :
	    (TRAFFIC_KINDS >> ev->kind) & 1u)
		traffic_count(t, ev, m);
}

/*
 * traffic_evicted - the builder's budget closes early the message of key
 * (len bytes) with facts m.  When it was tried or sized they are kept
 * aside (a bounded number, the oldest going first, the tried last) for
 * its record made again: it is not counted as deferred twice and its
 * later deliveries count its size.  A message the accountant knew whose
 * facts go untried is counted in messages_evicted.
 *
 * traffic_recall - the builder made the record m (zero) for key: the
 * facts kept aside for it, if any, move into it.  A few compares inline
 * while nothing is kept.
 */
void		 traffic_evicted(struct traffic *, const struct traffic_msg *m,
		    const char *key, size_t len);
void		 traffic_recall_kept(struct traffic *, struct traffic_msg *m,
		    const char *key, size_t len);

static inline void
traffic_recall(struct traffic *t, struct traffic_msg *m, const char *key,
    size_t len)
{
	if (((struct traffic_head *)(void *)t)->kept != 0)
		traffic_recall_kept(t, m, key, len);
}

/*
 * traffic_merge - add what src counted to dst (-j: a file's own
 * accountant into the scan's); messages are not joined across them.
 */
void		 traffic_merge(struct traffic *dst, const struct traffic *src);

/*
 * traffic_add_report - add a report (a partial summary's, read back by
 * merge) to an accountant that is fed no events: sums, days, hours, the
 * top items with their values, the sketches.  A different-address count
 * stays exact when only one report has it; else it is the sketches'
 * estimate.  The lists stay exact when every report's were and none was
 * cut at its limit.  0, or -1 when a sketch is malformed.
 */
int		 traffic_add_report(struct traffic *, const struct traffic_report *);

/*
 * traffic_result - fill *r with the counts and the top ntop (at most
 * TRAFFIC_MAX_TOP) items of each list.  The pointers in *r are owned by
 * the accountant and valid until its next traffic_feed, traffic_result
 * or traffic_free.
 */
void		 traffic_result(struct traffic *, size_t ntop,
		    struct traffic_report *r);

/* traffic_day_name - "2015-11-02" of a day number into buf[11]. */
char		*traffic_day_name(long day, char buf[11]);

#endif /* TRAFFIC_H */
