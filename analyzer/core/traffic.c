/*
 * traffic.c - the traffic accountant: counts from the event stream what
 * pflogsumm and eximstats count from the lines (see traffic.h for what
 * each count means and doc/output.md for how it compares with theirs).
 * It keeps a few facts per queued message (size, whether it was received
 * here, whether it was deferred) in two generations of a hash table of
 * 64-bit key hashes.  The strings it counts by are traffic_key.c's;
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
	t->max_messages = cfg != NULL && cfg->max_messages > 0 ?
	    cfg->max_messages : TRAFFIC_DEFAULT_MAX_MESSAGES;
	keys = cfg != NULL && cfg->max_keys > 0 ? cfg->max_keys :
	    TRAFFIC_DEFAULT_KEYS;
	for (i = 0; i < 4; i++)
		t->dist[i] = distinct_new(cfg != NULL ? cfg->max_exact : 0);
	for (i = 0; i < TRAFFIC__NLISTS; i++)
		t->tops[i] = tally_new(keys);
	t->lastday = -1;
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
	free(t->cur.slots);
	free(t->old.slots);
	free(t->days);
	free(t->items);
	free(t->strs);
	free(t->sketches);
	free(t);
}

/* The slots of a new generation: messages are dropped when they leave
 * the queue, so a table holds the open ones, a few thousand at most in
 * busy logs; a small one stays in the cache. */
#define GEN_MIN		1024

/* gen_slot - the slot of key in g (which has slots), or the free one
 * where it would go.  gen_find - the record of key in g, or NULL. */
static inline size_t
gen_slot(const struct gen *g, uint64_t key)
{
	size_t	i;

	for (i = (size_t)key & (g->cap - 1); g->slots[i].key != 0 &&
	    g->slots[i].key != key; i = (i + 1) & (g->cap - 1))
		;
	return i;
}

static inline struct msg *
gen_find(const struct gen *g, uint64_t key)
{
	size_t	i;

	if (g->cap == 0 || g->slots[i = gen_slot(g, key)].key == 0)
		return NULL;
	return &g->slots[i];
}

/* gen_fill - a new zeroed record for key in g at its free slot i. */
static struct msg *
gen_fill(struct gen *g, size_t i, uint64_t key)
{
	memset(&g->slots[i], 0, sizeof(g->slots[i]));
	g->slots[i].key = key;
	g->n++;
	return &g->slots[i];
}

/* gen_put - gen_fill for a key not in g, which has room. */
static struct msg *
gen_put(struct gen *g, uint64_t key)
{
	return gen_fill(g, gen_slot(g, key), key);
}

/*
 * gen_drop - take the record at slot i out of g: the records after it in
 * its run move back into the gap where their own slot allows (backward
 * shift deletion), so lookups need no marks of deleted records.
 */
static void
gen_drop(struct gen *g, size_t i)
{
	size_t	j, home, mask = g->cap - 1;

	for (j = (i + 1) & mask; g->slots[j].key != 0; j = (j + 1) & mask) {
		home = (size_t)g->slots[j].key & mask;
		/* j's record may fill the gap when its home is not in
		 * (i, j], cyclically. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			g->slots[i] = g->slots[j];
			i = j;
		}
	}
	g->slots[i].key = 0;
	g->n--;
}

/* gen_grow - a bigger table: twice the slots; a new one at once as big
 * as want (the generation before it grew to that: the next will too). */
static void
gen_grow(struct gen *g, size_t want)
{
	struct gen	 n;
	size_t		 i;

	n.cap = g->cap ? g->cap * 2 : want > GEN_MIN ? want : GEN_MIN;
	n.n = 0;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < g->cap; i++)
		if (g->slots[i].key != 0)
			*gen_put(&n, g->slots[i].key) = g->slots[i];
	free(g->slots);
	*g = n;
}

/*
 * msg_key - the key of ev's message in the tables: the word hash of its
 * message key (htab.h), as given (w: the session builder's, which looked
 * the key up for the same event) or made here, its high bits folded into
 * the low ones that pick a slot (a bijection, as the word hash's steps
 * are: no more keys share one than share the word hash); 0 without a
 * message key.
 */
static inline uint64_t
msg_key(const struct smtp_event *ev, uint64_t w)
{
	if (ev->message_key == NULL)
		return 0;
	if (w == 0)
		w = htab_words(ev->message_key, strlen(ev->message_key));
	w ^= w >> 29;
	return w != 0 ? w : 1;
}

/* msg_find - the record of key, or NULL: the last one found first (the
 * next event is often of the same message: Exim's arrival line makes
 * two), then the current generation, then the old one. */
static inline struct msg *
msg_find(struct traffic *t, uint64_t key)
{
	struct msg	*m;

	if (t->last_m != NULL && t->last_key == key)
		return t->last_m;
	if ((m = gen_find(&t->cur, key)) == NULL &&
	    (m = gen_find(&t->old, key)) == NULL)
		return NULL;
	t->last_m = m;
	t->last_key = key;
	return m;
}

/*
 * msg_new - a record for key, known in neither generation; slot is its
 * free slot in the current one (when it has slots).  When the current
 * generation holds half the bound, the old one is dropped (its messages
 * counted as evicted) and the current one becomes old: a message's facts
 * live for at least max_messages / 2 newer messages.
 */
static struct msg * NOINLINE
msg_new(struct traffic *t, uint64_t key, size_t slot)
{
	struct msg	*m;
	size_t		 i;

	if (t->cur.n >= t->max_messages / 2 + 1) {
		for (i = 0; i < t->old.cap; i++)
			if (t->old.slots[i].key != 0 &&
			    !(t->old.slots[i].flags & TRAFFIC_M_TRIED))
				t->r.messages_evicted++;
		free(t->old.slots);
		t->old = t->cur;
		memset(&t->cur, 0, sizeof(t->cur));
	}
	if ((t->cur.n + 1) * 2 > t->cur.cap) {
		gen_grow(&t->cur, t->old.cap);
		slot = gen_slot(&t->cur, key);
	}
	m = gen_fill(&t->cur, slot, key);
	t->last_m = m;
	t->last_key = key;
	return m;
}

/* msg_get - msg_find, and msg_new when not found (in the free slot the
 * look in the current generation found); NULL without a key. */
static inline struct msg *
msg_get(struct traffic *t, uint64_t key)
{
	struct msg	*m;
	size_t		 i = 0;

	if (key == 0)
		return NULL;
	if (t->last_m != NULL && t->last_key == key)
		return t->last_m;
	if (t->cur.cap != 0 && t->cur.slots[i = gen_slot(&t->cur,
	    key)].key != 0)
		m = &t->cur.slots[i];
	else if ((m = gen_find(&t->old, key)) == NULL)
		return msg_new(t, key, i);
	t->last_m = m;
	t->last_key = key;
	return m;
}

/*
 * removed - ev's message left the queue: its facts are dropped, so the
 * tables hold the messages still queued (and a queue id used again is a
 * new message).
 */
static void NOINLINE
removed(struct traffic *t, uint64_t key)
{
	struct gen	*g = &t->cur;
	size_t		 i;

	if (key == 0)
		return;
	if (g->cap == 0 || g->slots[i = gen_slot(g, key)].key == 0) {
		g = &t->old;
		if (g->cap == 0 || g->slots[i = gen_slot(g, key)].key == 0)
			return;
	}
	gen_drop(g, i);
	t->last_m = NULL;	/* records may have moved */
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
		t->hstart = 0;	/* the days moved: see hour_find() */
	}
	t->lastday = day;
	t->lastidx = lo;
	return &t->days[lo].c;
}

/*
 * hour_find - the counts of the UTC hour of day of when (> 0) and of its
 * day (NULL past TRAFFIC_MAX_DAYS, counted), kept for the events after
 * it: most are within the hour of the one before.  hstart is that hour's
 * first second, 0 when its day is not kept (then each event looks again
 * and is counted in days_dropped) or the days moved.
 */
static void NOINLINE
hour_find(struct traffic *t, time_t when)
{
	t->hhour = &t->r.hours[(when % 86400) / 3600];
	if ((t->hday = traffic_day_counts(t, when)) == NULL) {
		t->hstart = 0;
		return;
	}
	t->hstart = when - when % 3600;
}

/* COUNT - one more in field of the day and of the hour of day of ev. */
#define COUNT(t, ev, field) do { \
		if ((ev)->when > 0) { \
			if ((unsigned long long)((ev)->when - (t)->hstart) >= \
			    3600 || (t)->hstart == 0) \
				hour_find((t), (ev)->when); \
			if ((t)->hday != NULL) \
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
received(struct traffic *t, const struct smtp_event *ev, uint64_t mkey)
{
	struct msg		*m;
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
	if ((m = msg_get(t, mkey)) == NULL)
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
sized(struct traffic *t, const struct smtp_event *ev, uint64_t mkey)
{
	struct msg		*m;
	unsigned long long	*v;
	struct traffic_addr	 from;
	char			 buf[512];
	uint64_t		 h;
	int			 added;

	if ((m = msg_get(t, mkey)) == NULL || (m->flags & TRAFFIC_M_SIZED))
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

static inline void
delivered(struct traffic *t, const struct smtp_event *ev,
    const struct msg *m)
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
deferred(struct traffic *t, const struct smtp_event *ev, struct msg *m)
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
delivery(struct traffic *t, const struct smtp_event *ev, uint64_t mkey)
{
	struct msg	*m = NULL;
	const char	*st = ev->status;

	if (st == NULL)
		return;
	if (mkey != 0 && (m = msg_find(t, mkey)) != NULL)
		m->flags |= TRAFFIC_M_TRIED;
	/* "sent" by hand: most deliveries are, and a call costs more. */
	if (st[0] == 's' && st[1] == 'e' && st[2] == 'n' && st[3] == 't' &&
	    st[4] == '\0') {
		if (ev->flags & EV_F_FORWARDED)
			t->r.forwarded++;
		else
			delivered(t, ev, m);
	} else if (strcmp(st, "deferred") == 0)
		deferred(t, ev, m != NULL ? m : msg_get(t, mkey));
	else if (strcmp(st, "bounced") == 0)
		bounced(t, ev);
	else if (strcmp(st, "expired") == 0)
		t->r.expired++;
}

void
traffic_count(struct traffic *t, const struct smtp_event *ev, uint64_t mwords)
{
	/* A message's events first: most of those that come here. */
	if (ev->kind == EV_DELIVERY) {
		delivery(t, ev, msg_key(ev, mwords));
		return;
	}
	if (ev->kind == EV_MSG_INFO) {
		if (ev->size > 0)
			sized(t, ev, msg_key(ev, mwords));
		return;
	}
	if (ev->kind == EV_MSG_QUEUED) {
		received(t, ev, msg_key(ev, mwords));
		return;
	}
	if (ev->kind == EV_MSG_REMOVED) {
		removed(t, msg_key(ev, mwords));
		return;
	}
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
