/*
 * traffic_int.h - what the traffic accountant's files share (traffic.c
 * counts the events, traffic_key.c makes the strings it counts by,
 * traffic_result.c makes reports and adds accountants and reports up):
 * its state.  Not for other modules.
 */
#ifndef TRAFFIC_INT_H
#define TRAFFIC_INT_H

#include <stdint.h>
#include <time.h>

#include "distinct.h"
#include "tally.h"
#include "traffic.h"

#define TRAFFIC_DEFAULT_KEYS	1024
#define TRAFFIC_REASON_MAX		200	/* bytes of a reason kept as its key */
#define TRAFFIC_NO_HOUR		((time_t)-3600)	/* traffic.c hour_find() */

/* The flags of a message's facts (struct traffic_msg). */
#define TRAFFIC_M_RECEIVED	0x01	/* received here (smtpd, pickup, Exim <=) */
#define TRAFFIC_M_SIZED		0x02	/* its size line was seen */
#define TRAFFIC_M_DEFERRED	0x04	/* counted in deferred */
#define TRAFFIC_M_TRIED		0x08	/* a delivery attempt was seen */

/*
 * traffic_kept.c: the facts of messages the builder's budget closed while
 * tried or sized, in two sets (kept[0] the tried, kept[1] the others) of
 * two generations each (the old one goes when the current one holds
 * TRAFFIC_KEPT_GEN: at most 4 * TRAFFIC_KEPT_GEN messages, 2 MiB).
 * traffic_kept_free - free them.
 */
#define TRAFFIC_KEPT_GEN	8192
struct traffic_gen {
	struct traffic_slot {
		uint64_t		 key;	/* 0: free */
		struct traffic_msg	 m;
	}			*slots;
	size_t			 cap, n;
};
struct traffic_kept {
	struct traffic_gen	 cur, old;
};
void		 traffic_kept_free(struct traffic *);

struct traffic {
	struct traffic_head	 head;	/* first: see traffic_feed() */
	struct traffic_kept	 kept[2];
	struct traffic_report	 r;	/* counts; lists made at result */
	struct distinct		*dist[4];	/* TRAFFIC_DISTINCT order */
	struct tally		*tops[TRAFFIC__NLISTS];
	struct traffic_day	*days;
	size_t			 ndays, capdays;
	long			 lastday;	/* index of the last day used */
	size_t			 lastidx;
	/* The hour of the last event counted: traffic.c hour_find(). */
	time_t			 hstart;
	struct traffic_counts	*hday, *hhour;
	struct traffic_counts	 noday;	/* a day not kept counts here */

	struct traffic_item	*items;		/* of the last result */
	char			*strs;		/* their split keys */
	char			*sketches;	/* 4 * DISTINCT_SKETCH_MAX */

	/* traffic_add_report: reports that had each distinct count, the
	 * last one's value if exact, and whether all lists were whole. */
	unsigned		 nsrc[4];
	unsigned long long	 srcval[4];
	int			 srcexact[4];
	int			 merged, lists_cut;
};

/* traffic_day_counts - the counts of the UTC day of when; NULL without a
 * time or past TRAFFIC_MAX_DAYS different days (counted). */
struct traffic_counts *traffic_day_counts(struct traffic *, time_t when);

/*
 * traffic_key.c.  traffic_address - the address a as pflogsumm counts it:
 * from its first '@' lower case, "<>" for the null sender (a NULL or
 * ""), into *r: a itself, or its copy in buf (of size n) when that
 * changes it (cut at n - 1 bytes); its domain is what follows its last
 * '@'.  r->s lives as long as a and buf.
 */
struct traffic_addr {
	const char	*s;
	size_t		 len, dom;	/* dom: offset of the domain, 0: none */
};
void		 traffic_address(const char *a, char *buf, size_t n,
		    struct traffic_addr *r);

/*
 * traffic_host_domain - the domain a client's host name (of length len,
 * known: not "unknown") stands for, as pflogsumm's gimme_domain() reduces
 * it ("mail.example.com" -> "example.com", "a.b.example.co.uk" ->
 * "example.co.uk"): a suffix of name.
 */
const char	*traffic_host_domain(const char *name, size_t len);

/* traffic_reason - "CODE X.Y.Z text" of a reply (or the text alone) into
 * buf; past TRAFFIC_REASON_MAX bytes cut at a space, with "..." to say so
 * (the key of a list is bounded). */
const char	*traffic_reason(const struct smtp_event *, char *buf, size_t n);

#endif /* TRAFFIC_INT_H */
