/*
 * traffic.c - the traffic accountant: counts from the event stream what
 * pflogsumm and eximstats count from the lines (see traffic.h for what
 * each count means and doc/output.md for how it compares with theirs).
 * The few facts it keeps per queued message (size, whether it was
 * received here, whether it was deferred) live in the session builder's
 * record of the message, handed in with each event (traffic.h struct
 * traffic_msg), or aside when the builder's budget closes it early
 * (traffic_kept.c).  The strings it counts by are traffic_key.c's;
 * reports, and adding accountants and reports up, traffic_result.c's;
 * presentation the writers'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traffic_int.h"
#include "lib/htab.h"
#include "lib/xmalloc.h"

/* The work of the few events that count stays out of traffic_count,
 * which every event of those kinds enters. */
#define NOINLINE	__attribute__((noinline))

static const char *const list_names[TRAFFIC__NLISTS] = {
	"senders", "recipients", "sending_hosts", "recipient_domains",
	"deferral_reasons", "bounce_reasons",
};

const char *
traffic_list_name(enum traffic_list l)
{
	return (unsigned)l < TRAFFIC__NLISTS ? list_names[l] : "?";
}

struct traffic *
traffic_new(const struct traffic_config *cfg)
{
	struct traffic	*t;
	size_t		 i, keys;

	t = xcalloc(1, sizeof(*t));
	keys = cfg != NULL && cfg->max_keys > 0 ? cfg->max_keys :
	    TRAFFIC_DEFAULT_KEYS;
	for (i = 0; i < 4; i++)
		t->dist[i] = distinct_new(cfg != NULL ? cfg->max_exact : 0);
	for (i = 0; i < TRAFFIC__NLISTS; i++)
		t->tops[i] = tally_new(keys);
	t->lastday = -1;
	t->hstart = TRAFFIC_NO_HOUR;
	return t;
}

void
traffic_free(struct traffic *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < 4; i++)
		distinct_free(t->dist[i]);
	for (i = 0; i < TRAFFIC__NLISTS; i++)
		tally_free(t->tops[i]);
	traffic_kept_free(t);
	free(t->days);
	free(t->items);
	free(t->strs);
	free(t->sketches);
	free(t);
}

/* traffic_day_counts - the counts of the UTC day of when; NULL without a time
 * or past TRAFFIC_MAX_DAYS different days (counted). */
struct traffic_counts *
traffic_day_counts(struct traffic *t, time_t when)
{
	long	day;
	size_t	lo, hi, mid;

	if (when <= 0)
		return NULL;
	day = (long)(when / 86400);
	if (day == t->lastday)
		return &t->days[t->lastidx].c;
	for (lo = 0, hi = t->ndays; lo < hi;) {
		mid = (lo + hi) / 2;
		if (t->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->ndays || t->days[lo].day != day) {
		if (t->ndays == TRAFFIC_MAX_DAYS) {
			t->r.days_dropped++;
			return NULL;
		}
		if (t->ndays == t->capdays) {
			t->capdays = t->capdays ? t->capdays * 2 : 16;
			t->days = xreallocarray(t->days, t->capdays,
			    sizeof(*t->days));
		}
		memmove(&t->days[lo + 1], &t->days[lo],
		    (t->ndays - lo) * sizeof(*t->days));
		memset(&t->days[lo], 0, sizeof(t->days[lo]));
		t->days[lo].day = day;
		t->ndays++;
		t->hstart = TRAFFIC_NO_HOUR;	/* the days moved */
	}
	t->lastday = day;
	t->lastidx = lo;
	return &t->days[lo].c;
}

/*
 * hour_find - the counts of the UTC hour of day of when (> 0) and of its
 * day, kept for the events after it: most are within the hour of the
 * one before.  hstart is that hour's first second, TRAFFIC_NO_HOUR when
 * the days moved or its day is not kept (past TRAFFIC_MAX_DAYS: then the
 * day's counts go to a scratch record, and each event looks again and
 * is counted in days_dropped).
 */
static void NOINLINE
hour_find(struct traffic *t, time_t when)
{
	t->hhour = &t->r.hours[(when % 86400) / 3600];
	if ((t->hday = traffic_day_counts(t, when)) == NULL) {
		t->hday = &t->noday;
		t->hstart = TRAFFIC_NO_HOUR;
		return;
	}
	t->hstart = when - when % 3600;
}

/* COUNT - one more in field of the day and of the hour of day of ev (the
 * unsigned difference is 3600 or more when hstart is TRAFFIC_NO_HOUR). */
#define COUNT(t, ev, field) do { \
		if ((ev)->when > 0) { \
			if ((unsigned long long)((ev)->when - (t)->hstart) >= \
			    3600) \
				hour_find((t), (ev)->when); \
			(t)->hday->field++; \
			(t)->hhour->field++; \
		} \
	} while (0)

/*
 * count_key - s (of length len, hash h) into a top list and its distinct
 * counter; the list's values, or NULL.  A key the list kept is in the
 * counter already when it was counted then: always (by < 0), or when its
 * value by is not 0; the counter is skipped for it.  *added: the list did
 * not keep it.
 */
static unsigned long long *
count_key(struct distinct *d, struct tally *ty, const char *s, size_t len,
    uint64_t h, int by, int *added)
{
	unsigned long long	*v;

	v = tally_hit_new(ty, s, len, h, added);
	if (*added || (by >= 0 && v[by] == 0))
		distinct_add_hash(d, h);
	return v;
}

static void NOINLINE
received(struct traffic *t, const struct smtp_event *ev,
    struct traffic_msg *m)
{
	unsigned long long	*v = NULL;
	const char		*host, *dom;
	uint64_t		 h = 0;
	size_t			 len = 0;
	int			 named;

	t->r.received++;
	COUNT(t, ev, received);
	named = ev->client_name != NULL && (ev->client_name[0] != 'u' ||
	    strcmp(ev->client_name, "unknown") != 0);
	host = named ? ev->client_name : ev->client_ip;
	if (host != NULL) {
		len = strlen(host);
		v = tally_hit_hash(t->tops[TRAFFIC_SENDING_HOSTS], host, len,
		    h = htab_hash64(host, len), NULL, 1);
	}
	if (m == NULL)
		return;
	m->flags |= TRAFFIC_M_RECEIVED;
	/* The client's domain, for a sender without one: the IP when the
	 * name is unknown, none for a local submission; the host's own hash
	 * when it is the host (an address, a short name).  A name's is kept
	 * with it in the list. */
	if (host == NULL)
		m->dom = 0;
	else if (!named)
		m->dom = h;
	else if (v != NULL && v[TRAFFIC_V_DOMAIN] != 0)
		m->dom = v[TRAFFIC_V_DOMAIN];
	else {
		dom = traffic_host_domain(host, len);
		m->dom = dom == host ? h : htab_hash64(dom,
		    len - (size_t)(dom - host));
		if (v != NULL)
			v[TRAFFIC_V_DOMAIN] = m->dom;
	}
}

/* sized - a message's size (and sender): bytes and senders of the
 * messages received here, counted once per message. */
static void NOINLINE
sized(struct traffic *t, const struct smtp_event *ev, struct traffic_msg *m)
{
	unsigned long long	*v;
	struct traffic_addr	 from;
	char			 buf[512];
	uint64_t		 h;
	int			 added;

	if (m == NULL || (m->flags & TRAFFIC_M_SIZED))
		return;
	m->flags |= TRAFFIC_M_SIZED;
	m->size = ev->size;
	if (!(m->flags & TRAFFIC_M_RECEIVED))
		return;
	t->r.bytes_received += ev->size;
	traffic_address(ev->from, buf, sizeof(buf), &from);
	h = htab_hash64(from.s, from.len);
	if ((v = count_key(t->dist[0], t->tops[TRAFFIC_SENDERS], from.s,
	    from.len, h, -1, &added)) != NULL)
		v[TRAFFIC_V_BYTES] += ev->size;
	/* The sending domain: of the address (a sender the list kept was
	 * counted with it), else the client's, else (pickup) the address. */
	if (from.dom != 0) {
		if (added)
			distinct_add_hash(t->dist[1], htab_hash64(from.s +
			    from.dom, from.len - from.dom));
	} else
		distinct_add_hash(t->dist[1], m->dom != 0 ? m->dom : h);
}

static inline __attribute__((always_inline)) void
delivered(struct traffic *t, const struct smtp_event *ev,
    const struct traffic_msg *m)
{
	unsigned long long	*v, size = m != NULL ? m->size : 0;
	struct traffic_addr	 to;
	char			 buf[512];
	uint64_t		 h, dh = 0;
	int			 added;

	t->r.delivered++;
	COUNT(t, ev, delivered);
	t->r.bytes_delivered += size;
	traffic_address(ev->to, buf, sizeof(buf), &to);
	h = htab_hash64(to.s, to.len);
	if ((v = count_key(t->dist[2], t->tops[TRAFFIC_RECIPIENTS], to.s,
	    to.len, h, -1, &added)) != NULL) {
		v[TRAFFIC_V_BYTES] += size;
		dh = v[TRAFFIC_V_DOMAIN];
	}
	/* The domain (its hash kept with the address in the list), or the
	 * address without one.  A domain of the list that was only
	 * deferred to is not in the counter yet. */
	if (dh == 0) {
		dh = to.dom != 0 ? htab_hash64(to.s + to.dom, to.len - to.dom) :
		    h;
		if (v != NULL)
			v[TRAFFIC_V_DOMAIN] = dh;
	}
	if ((v = count_key(t->dist[3], t->tops[TRAFFIC_RECIPIENT_DOMAINS],
	    to.s + to.dom, to.len - to.dom, dh, TRAFFIC_V_DELIVERED,
	    &added)) == NULL)
		return;
	v[TRAFFIC_V_DELIVERED]++;
	v[TRAFFIC_V_BYTES] += size;
	if (ev->flags & EV_F_DELAY) {
		v[TRAFFIC_V_DELAY_SUM] += (unsigned long long)ev->delay_ms;
		if ((unsigned long long)ev->delay_ms > v[TRAFFIC_V_DELAY_MAX])
			v[TRAFFIC_V_DELAY_MAX] = (unsigned long long)ev->delay_ms;
	}
}

static void
deferred(struct traffic *t, const struct smtp_event *ev,
    struct traffic_msg *m)
{
	unsigned long long	*v;
	struct traffic_addr	 to;
	char			 buf[512];

	t->r.deferrals++;
	COUNT(t, ev, deferred);
	if (m == NULL || !(m->flags & TRAFFIC_M_DEFERRED))
		t->r.deferred++;
	if (m != NULL)
		m->flags |= TRAFFIC_M_DEFERRED;
	(void)tally_hit(t->tops[TRAFFIC_DEFERRAL_REASONS],
	    traffic_reason(ev, buf, sizeof(buf)), NULL);
	traffic_address(ev->to, buf, sizeof(buf), &to);
	if ((v = tally_hit(t->tops[TRAFFIC_RECIPIENT_DOMAINS], to.s + to.dom,
	    NULL)) == NULL)
		return;
	v[TRAFFIC_V_DEFERRED]++;
	if ((ev->flags & EV_F_DELAY) &&
	    (unsigned long long)ev->delay_ms > v[TRAFFIC_V_DELAY_MAX])
		v[TRAFFIC_V_DELAY_MAX] = (unsigned long long)ev->delay_ms;
}

static void
bounced(struct traffic *t, const struct smtp_event *ev)
{
	char		 key[TRAFFIC_REASON_MAX + 300];
	const char	*relay;
	size_t		 len, l;

	t->r.bounced++;
	COUNT(t, ev, bounced);
	/* Key: reason, a unit separator, the relay (split at result). */
	len = strlen(traffic_reason(ev, key, sizeof(key)));
	relay = ev->relay_name != NULL ? ev->relay_name : "none";
	if ((l = strlen(relay)) > 255)
		l = 255;
	key[len++] = '\x1f';
	memcpy(key + len, relay, l);
	key[len + l] = '\0';
	(void)tally_hit(t->tops[TRAFFIC_BOUNCE_REASONS], key, NULL);
}

static void NOINLINE
delivery(struct traffic *t, const struct smtp_event *ev,
    struct traffic_msg *m)
{
	const char	*st = ev->status;

	if (st == NULL)
		return;
	if (m != NULL)
		m->flags |= TRAFFIC_M_TRIED;
	/* "sent" by hand: most deliveries are, and a call costs more. */
	if (st[0] == 's' && st[1] == 'e' && st[2] == 'n' && st[3] == 't' &&
	    st[4] == '\0') {
		if (ev->flags & EV_F_FORWARDED)
			t->r.forwarded++;
		else
			delivered(t, ev, m);
	} else if (strcmp(st, "deferred") == 0)
		deferred(t, ev, m);
	else if (strcmp(st, "bounced") == 0)
		bounced(t, ev);
	else if (strcmp(st, "expired") == 0)
		t->r.expired++;
}

/* other - the events of no message that traffic_count takes. */
static void NOINLINE
other(struct traffic *t, const struct smtp_event *ev)
{
	switch (ev->kind) {
	case EV_REJECT:
		/* A failed AUTH is a login failure and a protocol error
		 * a client's mistake, not refused mail: neither pflogsumm
		 * (smtpd logs neither as a reject) nor eximstats (no
		 * "rejected" in the line) counts them. */
		if ((ev->command != NULL && ev->command[0] == 'A' &&
		    strcmp(ev->command, "AUTH") == 0) ||
		    (ev->flags & EV_F_PROTOCOL))
			break;
		t->r.rejected++;
		COUNT(t, ev, rejected);
		break;
	case EV_NOTE:
		if (ev->flags & EV_F_HOLD)
			t->r.held++;
		if (ev->flags & EV_F_DISCARD)
			t->r.discarded++;
		if (ev->flags & EV_F_WARN)
			t->r.reject_warnings++;
		break;
	case EV_LOG:
		if (ev->note == NULL)
			break;
		if (strcmp(ev->note, "warning") == 0)
			t->r.warning++;
		else if (strcmp(ev->note, "error") == 0)
			t->r.error++;
		else if (strcmp(ev->note, "fatal") == 0)
			t->r.fatal++;
		else if (strcmp(ev->note, "panic") == 0)
			t->r.panic++;
		break;
	default:
		break;
	}
}

/* traffic_count - a message's events first, most of those that come
 * here; each kind's work in a function of its own, so that this one is
 * only a few compares and a jump. */
void
traffic_count(struct traffic *t, const struct smtp_event *ev,
    struct traffic_msg *m)
{
	if (ev->kind == EV_DELIVERY)
		delivery(t, ev, m);
	else if (ev->kind == EV_MSG_INFO)
		sized(t, ev, m);	/* with a size: traffic_feed */
	else if (ev->kind == EV_MSG_QUEUED)
		received(t, ev, m);
	else
		other(t, ev);
}
