/*
 * traffic.c - the traffic accountant: counts from the event stream what
 * pflogsumm and eximstats count from the lines (see traffic.h for what
 * each count means and doc/output.md for how it compares with theirs).
 * It keeps a few facts per queued message (size, whether it was received
 * here, whether it was deferred) in two generations of a hash table of
 * 64-bit key hashes.  Reports, and adding accountants and reports up, are
 * traffic_result.c's; presentation is the writers'.
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

/* gen_find - the slot of key in g, or NULL. */
static struct msg *
gen_find(const struct gen *g, uint64_t key)
{
	size_t	i;

	if (g->cap == 0)
		return NULL;
	for (i = (size_t)key & (g->cap - 1); g->slots[i].key != 0;
	    i = (i + 1) & (g->cap - 1))
		if (g->slots[i].key == key)
			return &g->slots[i];
	return NULL;
}

/* gen_put - a new zeroed record for key in g, which has room. */
static struct msg *
gen_put(struct gen *g, uint64_t key)
{
	size_t	i;

	for (i = (size_t)key & (g->cap - 1); g->slots[i].key != 0;
	    i = (i + 1) & (g->cap - 1))
		;
	memset(&g->slots[i], 0, sizeof(g->slots[i]));
	g->slots[i].key = key;
	g->n++;
	return &g->slots[i];
}

/* gen_grow - a bigger table: twice the slots; a new one at once as big
 * as want (the generation before it grew to that: the next will too). */
static void
gen_grow(struct gen *g, size_t want)
{
	struct gen	 n;
	size_t		 i;

	n.cap = g->cap ? g->cap * 2 : want > 4096 ? want : 4096;
	n.n = 0;
	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < g->cap; i++)
		if (g->slots[i].key != 0)
			*gen_put(&n, g->slots[i].key) = g->slots[i];
	free(g->slots);
	*g = n;
}

/*
 * msg_get - the record of message key mkey, made when create is set and
 * it is not known; NULL otherwise.  When the current generation holds
 * half the bound, the old one is dropped (its messages counted as
 * evicted) and the current one becomes old: a message's facts live for
 * at least max_messages / 2 newer messages.
 */
static struct msg *
msg_get(struct traffic *t, const char *mkey, int create)
{
	struct msg	*m;
	uint64_t	 key;
	size_t		 i;

	if (mkey == NULL)
		return NULL;
	if ((key = htab_hash64(mkey, strlen(mkey))) == 0)
		key = 1;
	if (t->last_m != NULL && t->last_key == key)
		return t->last_m;
	if ((m = gen_find(&t->cur, key)) != NULL ||
	    (m = gen_find(&t->old, key)) != NULL) {
		t->last_m = m;
		t->last_key = key;
		return m;
	}
	if (!create)
		return NULL;
	t->last_m = NULL;	/* the tables may move below */
	if (t->cur.n >= t->max_messages / 2 + 1) {
		for (i = 0; i < t->old.cap; i++)
			if (t->old.slots[i].key != 0 &&
			    !(t->old.slots[i].flags & TRAFFIC_M_TRIED))
				t->r.messages_evicted++;
		free(t->old.slots);
		t->old = t->cur;
		memset(&t->cur, 0, sizeof(t->cur));
	}
	if ((t->cur.n + 1) * 2 > t->cur.cap)
		gen_grow(&t->cur, t->old.cap);
	t->last_m = m = gen_put(&t->cur, key);
	t->last_key = key;
	return m;
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
	}
	t->lastday = day;
	t->lastidx = lo;
	return &t->days[lo].c;
}

/*
 * day_counts - traffic_day_counts with its common case inline: the day of
 * the last event again.  hour_counts - the counts of the UTC hour of day
 * of when, or NULL.
 */
static inline struct traffic_counts *
day_counts(struct traffic *t, time_t when)
{
	if (when > 0 && (long)(when / 86400) == t->lastday)
		return &t->days[t->lastidx].c;
	return traffic_day_counts(t, when);
}

static inline struct traffic_counts *
hour_counts(struct traffic *t, time_t when)
{
	return when > 0 ? &t->r.hours[(when % 86400) / 3600] : NULL;
}

#define COUNT(t, ev, field) do { \
		struct traffic_counts *c_; \
		if ((c_ = day_counts((t), (ev)->when)) != NULL) \
			c_->field++; \
		if ((c_ = hour_counts((t), (ev)->when)) != NULL) \
			c_->field++; \
	} while (0)

/*
 * address - an address as pflogsumm counts it: from its first '@' lower
 * case, "<>" for the null sender; a into buf (size n) only when that
 * changes it, else a itself.  *len is its length.
 */
static const char *
address(const char *a, char *buf, size_t n, size_t *len)
{
	const char	*at;
	size_t		 i;

	if (a == NULL || a[0] == '\0' || (a[0] == '<' && a[1] == '>' &&
	    a[2] == '\0')) {
		*len = 2;
		return "<>";
	}
	*len = strlen(a);
	if ((at = memchr(a, '@', *len)) == NULL)
		return a;
	/* Eight bytes at a time: a byte from 'A' to 'Z' has its top bit
	 * set in (w + 0x3f) and not in (w + 0x25) (a byte over 0x7f may
	 * carry into the next: at worst a copy made for nothing). */
	for (i = (size_t)(at - a); i + 8 <= *len; i += 8) {
		uint64_t	w;

		memcpy(&w, a + i, 8);
		if (((w + 0x3f3f3f3f3f3f3f3fULL) & ~(w + 0x2525252525252525ULL) &
		    ~w & 0x8080808080808080ULL) != 0)
			break;
	}
	for (; i < *len; i++)
		if ((unsigned)a[i] - 'A' < 26)
			break;
	if (i == *len)
		return a;
	if (*len >= n)
		*len = n - 1;
	memcpy(buf, a, *len);
	for (; i < *len; i++)
		if ((unsigned)buf[i] - 'A' < 26)
			buf[i] = (char)(buf[i] - 'A' + 'a');
	buf[*len] = '\0';
	return buf;
}

/* count_key - s (of length len) into a distinct counter and a top list
 * with one hash; the list's values, or NULL. */
static unsigned long long *
count_key(struct distinct *d, struct tally *ty, const char *s, size_t len)
{
	uint64_t	h = htab_hash64(s, len);

	distinct_add_hash(d, h);
	return tally_hit_hash(ty, s, len, h, NULL, 1);
}

/* domain_of - what follows the last '@' of an address, or NULL. */
static const char *
domain_of(const char *a)
{
	const char	*at = strrchr(a, '@');

	return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}

/*
 * host_domain - the domain a client's host name (of length len, known:
 * not "unknown") stands for, as pflogsumm's gimme_domain() reduces it
 * ("mail.example.com" -> "example.com", "a.b.example.co.uk" ->
 * "example.co.uk"): a suffix of name.
 */
static const char *
host_domain(const char *name, size_t len)
{
	const char	*p = name + len, *dot0 = NULL, *dot1 = NULL;
	size_t		 last;

	/* The last two dots, from the end: the labels that matter are the
	 * last ones; a third only for a two-letter top-level domain. */
	while (p > name && dot1 == NULL)
		if (*--p == '.') {
			if (dot0 == NULL)
				dot0 = p;
			else
				dot1 = p;
		}
	if (dot1 == NULL)
		return name;
	last = (size_t)(name + len - (dot0 + 1));
	if (last == 3)
		return dot1 + 1;	/* "x.example.com" */
	if (last == 2 && dot0 - dot1 - 1 >= 2 && dot0 - dot1 - 1 <= 3)
		while (p > name)
			if (*--p == '.')
				return p + 1;	/* "x.example.co.uk" */
	return name;
}

static void NOINLINE
received(struct traffic *t, const struct smtp_event *ev)
{
	struct msg	*m;
	const char	*host, *dom;
	uint64_t	 h = 0;
	size_t		 len = 0;
	int		 named;

	t->r.received++;
	COUNT(t, ev, received);
	named = ev->client_name != NULL && (ev->client_name[0] != 'u' ||
	    strcmp(ev->client_name, "unknown") != 0);
	host = named ? ev->client_name : ev->client_ip;
	if (host != NULL) {
		len = strlen(host);
		(void)tally_hit_hash(t->tops[TRAFFIC_SENDING_HOSTS], host, len,
		    h = htab_hash64(host, len), NULL, 1);
	}
	if ((m = msg_get(t, ev->message_key, 1)) == NULL)
		return;
	m->flags |= TRAFFIC_M_RECEIVED;
	/* The client's domain, for a sender without one: the IP when the
	 * name is unknown, none for a local submission; the host's own hash
	 * when it is the host (an address, a short name). */
	dom = named ? host_domain(host, len) : host;
	m->dom = dom == NULL ? 0 : dom == host ? h : htab_hash64(dom,
	    len - (size_t)(dom - host));
}

/* sized - a message's size (and sender): bytes and senders of the
 * messages received here, counted once per message. */
static void NOINLINE
sized(struct traffic *t, const struct smtp_event *ev)
{
	struct msg		*m;
	unsigned long long	*v;
	const char		*from, *dom;
	char			 buf[512];
	size_t			 len;

	if ((m = msg_get(t, ev->message_key, 1)) == NULL ||
	    (m->flags & TRAFFIC_M_SIZED))
		return;
	m->flags |= TRAFFIC_M_SIZED;
	m->size = ev->size;
	if (!(m->flags & TRAFFIC_M_RECEIVED))
		return;
	t->r.bytes_received += ev->size;
	from = address(ev->from, buf, sizeof(buf), &len);
	if ((v = count_key(t->dist[0], t->tops[TRAFFIC_SENDERS], from, len)) !=
	    NULL)
		v[TRAFFIC_V_BYTES] += ev->size;
	/* The domain ends where the address does: len - its offset. */
	if ((dom = domain_of(from)) != NULL)
		distinct_add_hash(t->dist[1], htab_hash64(dom,
		    len - (size_t)(dom - from)));
	else if (m->dom != 0)
		distinct_add_hash(t->dist[1], m->dom);
	else	/* pickup: the address */
		distinct_add_hash(t->dist[1], htab_hash64(from, len));
}

/* reason - "CODE X.Y.Z text" of a reply (or the text alone) into buf;
 * past TRAFFIC_REASON_MAX bytes cut at a space, with "..." to say so (the key
 * of a list is bounded). */
static const char *
reason(const struct smtp_event *ev, char *buf, size_t n)
{
	const char	*text = ev->text != NULL ? ev->text : ev->status;
	char		*sp;
	size_t		 len = 0, l;
	int		 c;

	/* By hand: snprintf costs more than the rest of a bounce. */
	if (ev->code > 0 && ev->code < 1000) {
		for (c = 100; c > 0; c /= 10)
			buf[len++] = (char)('0' + ev->code / c % 10);
		if (ev->enhanced != NULL && (l = strlen(ev->enhanced)) < 16) {
			buf[len++] = ' ';
			memcpy(buf + len, ev->enhanced, l);
			len += l;
		}
		buf[len++] = ' ';
	}
	if (text == NULL)
		text = "?";
	l = strlen(text);
	if (len + l > TRAFFIC_REASON_MAX)
		l = TRAFFIC_REASON_MAX - len;
	memcpy(buf + len, text, l);
	len += l;
	buf[len] = '\0';
	if (text[l] != '\0' && n > TRAFFIC_REASON_MAX + 4) {
		/* Cut at a space with "..." to say so. */
		if ((sp = strrchr(buf, ' ')) != NULL &&
		    sp - buf > TRAFFIC_REASON_MAX / 2)
			*sp = '\0';
		strcat(buf, " ...");
	}
	return buf;
}

static void
delivered(struct traffic *t, const struct smtp_event *ev,
    const struct msg *m)
{
	unsigned long long	*v, size = m != NULL ? m->size : 0;
	const char		*to, *dom;
	char			 buf[512];
	size_t			 len;

	t->r.delivered++;
	COUNT(t, ev, delivered);
	t->r.bytes_delivered += size;
	to = address(ev->to, buf, sizeof(buf), &len);
	if ((v = count_key(t->dist[2], t->tops[TRAFFIC_RECIPIENTS], to, len)) !=
	    NULL)
		v[TRAFFIC_V_BYTES] += size;
	if ((dom = domain_of(to)) == NULL)
		dom = to;
	if ((v = count_key(t->dist[3], t->tops[TRAFFIC_RECIPIENT_DOMAINS], dom,
	    len - (size_t)(dom - to))) == NULL)
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
	const char		*to, *dom;
	char			 buf[512];
	size_t			 len;

	t->r.deferrals++;
	COUNT(t, ev, deferred);
	if (m == NULL || !(m->flags & TRAFFIC_M_DEFERRED))
		t->r.deferred++;
	if (m != NULL)
		m->flags |= TRAFFIC_M_DEFERRED;
	(void)tally_hit(t->tops[TRAFFIC_DEFERRAL_REASONS],
	    reason(ev, buf, sizeof(buf)), NULL);
	to = address(ev->to, buf, sizeof(buf), &len);
	if ((dom = domain_of(to)) == NULL)
		dom = to;
	if ((v = tally_hit(t->tops[TRAFFIC_RECIPIENT_DOMAINS], dom, NULL)) ==
	    NULL)
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
	len = strlen(reason(ev, key, sizeof(key)));
	relay = ev->relay_name != NULL ? ev->relay_name : "none";
	if ((l = strlen(relay)) > 255)
		l = 255;
	key[len++] = '\x1f';
	memcpy(key + len, relay, l);
	key[len + l] = '\0';
	(void)tally_hit(t->tops[TRAFFIC_BOUNCE_REASONS], key, NULL);
}

static void NOINLINE
delivery(struct traffic *t, const struct smtp_event *ev)
{
	struct msg	*m;
	const char	*st = ev->status;

	if (st == NULL)
		return;
	if ((m = msg_get(t, ev->message_key, 0)) != NULL)
		m->flags |= TRAFFIC_M_TRIED;
	/* "sent" by hand: most deliveries are, and a call costs more. */
	if (st[0] == 's' && st[1] == 'e' && st[2] == 'n' && st[3] == 't' &&
	    st[4] == '\0') {
		if (ev->flags & EV_F_FORWARDED)
			t->r.forwarded++;
		else
			delivered(t, ev, m);
	} else if (strcmp(st, "deferred") == 0)
		deferred(t, ev, m != NULL ? m : msg_get(t, ev->message_key,
		    1));
	else if (strcmp(st, "bounced") == 0)
		bounced(t, ev);
	else if (strcmp(st, "expired") == 0)
		t->r.expired++;
}

void
traffic_count(struct traffic *t, const struct smtp_event *ev)
{
	switch (ev->kind) {
	case EV_MSG_QUEUED:
		received(t, ev);
		break;
	case EV_MSG_INFO:
		if (ev->size > 0)
			sized(t, ev);
		break;
	case EV_DELIVERY:
		delivery(t, ev);
		break;
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
