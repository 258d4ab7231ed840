/*
 * traffic_result.c - the traffic accountant's reports (traffic_result),
 * and the adding up of accountants (-j) and of reports (merge); the
 * counting itself is traffic.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "traffic_int.h"
#include "lib/xmalloc.h"

#define ADD_HOUR(n) dst->r.hours[i].n += src->r.hours[i].n;
#define ADD_DAY(n) c->n += src->days[i].c.n;

/* fold - the values of one key of two top lists: sums, the maximum
 * delay, and the domain's hash (of the same key: either). */
static void
fold(unsigned long long *d, const unsigned long long *s)
{
	size_t	i;

	for (i = 0; i < TALLY_NV; i++)
		if (i == TRAFFIC_V_DELAY_MAX)
			d[i] = s[i] > d[i] ? s[i] : d[i];
		else if (i == TRAFFIC_V_DOMAIN)
			d[i] = d[i] != 0 ? d[i] : s[i];
		else
			d[i] += s[i];
}

void
traffic_merge(struct traffic *dst, const struct traffic *src)
{
	struct traffic_counts	*c;
	size_t			 i;

	if (src->head.first != 0 && (dst->head.first == 0 ||
	    src->head.first < dst->head.first))
		dst->head.first = src->head.first;
	if (src->head.last > dst->head.last)
		dst->head.last = src->head.last;
#define ADD(n) dst->r.n += src->r.n;
	TRAFFIC_TOTALS(ADD)
	TRAFFIC_LEVELS(ADD)
	ADD(messages_evicted)
	ADD(days_dropped)
	for (i = 0; i < 24; i++) {
		TRAFFIC_DAY(ADD_HOUR)
	}
	for (i = 0; i < src->ndays; i++) {
		if ((c = traffic_day_counts(dst, (time_t)src->days[i].day * 86400)) ==
		    NULL)
			continue;
		TRAFFIC_DAY(ADD_DAY)
	}
#undef ADD
	for (i = 0; i < 4; i++)
		distinct_merge(dst->dist[i], src->dist[i]);
	for (i = 0; i < TRAFFIC__NLISTS; i++)
		tally_merge(dst->tops[i], src->tops[i], fold);
}

char *
traffic_day_name(long day, char buf[11])
{
	time_t		 t = (time_t)day * 86400;
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(buf, 11, "?");
	else
		snprintf(buf, 11, "%04u-%02u-%02u",
		    (unsigned)(tm.tm_year + 1900) % 10000u,
		    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
	return buf;
}

void
traffic_result(struct traffic *t, size_t ntop, struct traffic_report *r)
{
	struct tally_item	 ti[TRAFFIC_MAX_TOP];
	struct traffic_item	*it;
	size_t			 i, k, n, nitems = 0, slen = 0;
	char			*s, *sep;
	int			 est;

	if (ntop > TRAFFIC_MAX_TOP)
		ntop = TRAFFIC_MAX_TOP;
	free(t->items);
	free(t->strs);
	t->items = xcalloc(TRAFFIC__NLISTS * ntop + 1, sizeof(*t->items));
	/* Bounce keys are split in a copy: the longest possible total. */
	t->strs = xmalloc(ntop * (TRAFFIC_REASON_MAX + 300) + 1);
	*r = t->r;
	r->first = t->head.first;
	r->last = t->head.last;
	r->estimated = 0;
	r->top_exact = 1;
	for (i = 0; i < 4; i++) {
		unsigned long long c = distinct_count(t->dist[i], &est);

		if (est)
			r->estimated |= 1u << i;
		switch (i) {
		case 0: r->senders = c; break;
		case 1: r->sending_domains = c; break;
		case 2: r->recipients = c; break;
		default: r->recipient_domains = c; break;
		}
	}
	for (i = 0; i < TRAFFIC__NLISTS; i++) {
		n = tally_top(t->tops[i], ti, ntop);
		r->top[i] = it = &t->items[nitems];
		r->ntop[i] = n;
		nitems += n;
		if (!tally_exact(t->tops[i]))
			r->top_exact = 0;
		for (k = 0; k < n; k++) {
			it[k].key = ti[k].key;
			it[k].label = ti[k].label;
			it[k].count = ti[k].count;
			memcpy(it[k].v, ti[k].v, sizeof(it[k].v));
			if (i != TRAFFIC_BOUNCE_REASONS ||
			    (sep = strchr(ti[k].key, '\x1f')) == NULL)
				continue;
			s = t->strs + slen;
			memcpy(s, ti[k].key, (size_t)(sep - ti[k].key));
			s[sep - ti[k].key] = '\0';
			it[k].key = s;
			it[k].label = sep + 1;
			slen += (size_t)(sep - ti[k].key) + 1;
		}
	}
	r->ndays = t->ndays;
	r->days = t->days;
	r->top_limit = ntop;
	if (t->sketches == NULL)
		t->sketches = xmalloc(4 * DISTINCT_SKETCH_MAX);
	for (i = 0; i < 4; i++)
		r->sketch[i] = distinct_sketch(t->dist[i],
		    t->sketches + i * DISTINCT_SKETCH_MAX);
	if (!t->merged)
		return;
	/* A merge: one report's exact count stays exact. */
	if (t->lists_cut)
		r->top_exact = 0;
	for (i = 0; i < 4; i++) {
		/* None had any: 0, exactly; one had some: its count. */
		if (t->nsrc[i] == 0)
			t->srcval[i] = 0;
		else if (t->nsrc[i] > 1 || !t->srcexact[i])
			continue;
		r->estimated &= ~(1u << i);
		switch (i) {
		case 0: r->senders = t->srcval[i]; break;
		case 1: r->sending_domains = t->srcval[i]; break;
		case 2: r->recipients = t->srcval[i]; break;
		default: r->recipient_domains = t->srcval[i]; break;
		}
	}
}

int
traffic_add_report(struct traffic *t, const struct traffic_report *r)
{
	struct traffic_counts	*c;
	unsigned long long	*v, val;
	const struct traffic_item *it;
	size_t			 i, k;
	char			 key[TRAFFIC_REASON_MAX + 300];

	t->merged = 1;
	if (r->first != 0 && (t->head.first == 0 || r->first < t->head.first))
		t->head.first = r->first;
	if (r->last > t->head.last)
		t->head.last = r->last;
#define ADD(n) t->r.n += r->n;
	TRAFFIC_TOTALS(ADD)
	TRAFFIC_LEVELS(ADD)
	ADD(messages_evicted)
	ADD(days_dropped)
#undef ADD
#define ADD_H(n) t->r.hours[i].n += r->hours[i].n;
	for (i = 0; i < 24; i++) {
		TRAFFIC_DAY(ADD_H)
	}
#undef ADD_H
#define ADD_D(n) c->n += r->days[i].c.n;
	for (i = 0; i < r->ndays; i++)
		if ((c = traffic_day_counts(t, (time_t)r->days[i].day * 86400)) != NULL) {
			TRAFFIC_DAY(ADD_D)
		}
#undef ADD_D
	for (i = 0; i < 4; i++) {
		switch (i) {
		case 0: val = r->senders; break;
		case 1: val = r->sending_domains; break;
		case 2: val = r->recipients; break;
		default: val = r->recipient_domains; break;
		}
		if (r->sketch[i] != NULL &&
		    distinct_add_sketch(t->dist[i], r->sketch[i]) != 0)
			return -1;
		if (val == 0)
			continue;
		t->nsrc[i]++;
		t->srcval[i] = val;
		t->srcexact[i] = !(r->estimated & (1u << i)) &&
		    r->sketch[i] != NULL;
	}
	if (!r->top_exact)
		t->lists_cut = 1;
	for (i = 0; i < TRAFFIC__NLISTS; i++) {
		if (r->ntop[i] >= r->top_limit)
			t->lists_cut = 1;
		for (k = 0; k < r->ntop[i]; k++) {
			it = &r->top[i][k];
			if (i == TRAFFIC_BOUNCE_REASONS) {
				snprintf(key, sizeof(key), "%s\x1f%s", it->key,
				    it->label != NULL ? it->label : "none");
				v = tally_hit_n(t->tops[i], key, NULL,
				    (unsigned long)it->count);
			} else
				v = tally_hit_n(t->tops[i], it->key,
				    it->label, (unsigned long)it->count);
			if (v != NULL)
				fold(v, it->v);
		}
	}
	return 0;
}
