/*
 * merge_traffic.c - merge's reading of a partial summary's "period" and
 * "traffic" (report/report_traffic.c writes them) into a traffic
 * accountant that adds them up (core/traffic.h: totals, days and hours
 * exactly; top lists and different-address counts as well as partials
 * allow, flagged).  What the rest of a summary holds is merge.c's.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/distinct.h"
#include "core/traffic.h"
#include "merge_traffic.h"
#include "lib/xmalloc.h"

/* count - obj.key as a count >= 0, or -1. */
static long long
count(const json_t *obj, const char *key)
{
	const json_t	*v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	return json_integer_value(v);
}

/* iso_time - "2016-10-22T02:13:41Z" (fraction allowed) as time_t; 0 for
 * null; -1 when malformed. */
static time_t
iso_time(const json_t *v)
{
	struct tm	tm;
	int		n = 0;

	if (json_is_null(v) || v == NULL)
		return 0;
	if (!json_is_string(v))
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(json_string_value(v), "%4d-%2d-%2dT%2d:%2d:%2d%n",
	    &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	    &tm.tm_sec, &n) != 6 || n == 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* day_of - "2016-10-22" as days since 1970-01-01, or -1. */
static long
day_of(const json_t *v)
{
	struct tm	tm;

	if (!json_is_string(v))
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(json_string_value(v), "%4d-%2d-%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long)(timegm(&tm) / 86400);
}

/* counts - a by_day or by_hour entry's five counts. */
static int
counts(const json_t *e, struct traffic_counts *c)
{
	long long	n;

#define TRAFFIC_READ(f) \
	if ((n = count(e, #f)) < 0) \
		return -1; \
	c->f = (unsigned long long)n;
	TRAFFIC_DAY(TRAFFIC_READ)
#undef TRAFFIC_READ
	return 0;
}

/* item - one top list item back into its key, count and values. */
static int
item(enum traffic_list l, const json_t *e, struct traffic_item *it)
{
	const char	*key = NULL;
	long long	 a = 0, b = 0, c = 0, d = 0, x = 0;

	memset(it, 0, sizeof(*it));
	switch (l) {
	case TRAFFIC_SENDERS:
	case TRAFFIC_RECIPIENTS:
		key = json_string_value(json_object_get(e, "address"));
		a = count(e, "messages");
		it->v[TRAFFIC_V_BYTES] = (unsigned long long)(b = count(e,
		    "bytes"));
		break;
	case TRAFFIC_SENDING_HOSTS:
		key = json_string_value(json_object_get(e, "host"));
		a = count(e, "messages");
		break;
	case TRAFFIC_RECIPIENT_DOMAINS:
		key = json_string_value(json_object_get(e, "domain"));
		b = count(e, "delivered");
		c = count(e, "deferred");
		d = count(e, "delay_avg_ms");
		x = count(e, "delay_max_ms");
		a = b + c;
		it->v[TRAFFIC_V_DELIVERED] = (unsigned long long)b;
		it->v[TRAFFIC_V_DEFERRED] = (unsigned long long)c;
		it->v[TRAFFIC_V_BYTES] = (unsigned long long)count(e, "bytes");
		it->v[TRAFFIC_V_DELAY_SUM] = (unsigned long long)(d * b);
		it->v[TRAFFIC_V_DELAY_MAX] = (unsigned long long)x;
		break;
	case TRAFFIC_DEFERRAL_REASONS:
		key = json_string_value(json_object_get(e, "reason"));
		a = count(e, "count");
		break;
	case TRAFFIC_BOUNCE_REASONS:
		key = json_string_value(json_object_get(e, "reason"));
		it->label = json_string_value(json_object_get(e, "relay"));
		a = count(e, "count");
		break;
	default:
		return -1;
	}
	if (key == NULL || a < 0 || b < 0 || c < 0 || d < 0 || x < 0)
		return -1;
	it->key = key;
	it->count = (unsigned long long)a;
	return 0;
}

static const char *
read_lists(const json_t *top, struct traffic_report *r,
    struct traffic_item **items)
{
	const json_t	*arr, *e;
	size_t		 i, k;
	long long	 n;

	if (!json_is_object(top) || (n = count(top, "limit")) < 0)
		return "traffic.top is not an object with a limit";
	r->top_exact = json_is_true(json_object_get(top, "exact"));
	r->top_limit = (size_t)n;
	for (i = 0; i < TRAFFIC__NLISTS; i++) {
		arr = json_object_get(top, traffic_list_name(i));
		if (!json_is_array(arr))
			return "a traffic.top list is missing";
		items[i] = xcalloc(json_array_size(arr) + 1, sizeof(**items));
		json_array_foreach(arr, k, e)
			if (item(i, e, &items[i][k]) != 0)
				return "a traffic.top item is malformed";
		r->top[i] = items[i];
		r->ntop[i] = json_array_size(arr);
	}
	return NULL;
}

static const char *
read_traffic(const json_t *t, struct traffic_report *r,
    struct traffic_day **days, struct traffic_item **items)
{
	static const char *const distinct[] = {
#define TRAFFIC_NAME(n) #n,
		TRAFFIC_DISTINCT(TRAFFIC_NAME)
#undef TRAFFIC_NAME
	};
	const json_t	*v, *e, *sk;
	long long	 n;
	size_t		 i;

#define TRAFFIC_READ(f) \
	if ((n = count(t, #f)) < 0) \
		return "traffic." #f " is missing or not a count"; \
	r->f = (unsigned long long)n;
	TRAFFIC_TOTALS(TRAFFIC_READ)
	TRAFFIC_DISTINCT(TRAFFIC_READ)
	v = json_object_get(t, "log_lines");
#define TRAFFIC_READ_LEVEL(f) \
	if ((n = count(v, #f)) < 0) \
		return "traffic.log_lines." #f " is missing"; \
	r->f = (unsigned long long)n;
	TRAFFIC_LEVELS(TRAFFIC_READ_LEVEL)
#undef TRAFFIC_READ_LEVEL
	TRAFFIC_READ(messages_evicted)
	TRAFFIC_READ(days_dropped)
#undef TRAFFIC_READ
	json_array_foreach(json_object_get(t, "estimated"), i, e)
		for (n = 0; n < 4; n++)
			if (json_is_string(e) && strcmp(json_string_value(e),
			    distinct[n]) == 0)
				r->estimated |= 1u << n;
	/* Sketches of another hash (none named: an earlier smtplog's) would
	 * count an address once per hash: not united, as if absent. */
	sk = json_object_get(t, "sketches");
	if (json_integer_value(json_object_get(sk, "hash")) != DISTINCT_HASH)
		sk = NULL;
	for (i = 0; i < 4; i++)
		r->sketch[i] = json_string_value(json_object_get(sk,
		    distinct[i]));
	v = json_object_get(t, "by_day");
	if (!json_is_array(v))
		return "traffic.by_day is not a list";
	*days = xcalloc(json_array_size(v) + 1, sizeof(**days));
	json_array_foreach(v, i, e)
		if (((*days)[i].day = day_of(json_object_get(e, "day"))) < 0 ||
		    counts(e, &(*days)[i].c) != 0)
			return "a traffic.by_day entry is malformed";
	r->days = *days;
	r->ndays = json_array_size(v);
	v = json_object_get(t, "by_hour");
	if (!json_is_array(v) || json_array_size(v) != 24)
		return "traffic.by_hour is not a list of 24";
	json_array_foreach(v, i, e)
		if (counts(e, &r->hours[i]) != 0)
			return "a traffic.by_hour entry is malformed";
	return read_lists(json_object_get(t, "top"), r, items);
}

const char *
merge_traffic_add(struct traffic *acc, const json_t *rec, int *absent,
    size_t *limit)
{
	struct traffic_report	 r;
	struct traffic_day	*days = NULL;
	struct traffic_item	*items[TRAFFIC__NLISTS];
	const json_t		*t = json_object_get(rec, "traffic");
	const json_t		*p = json_object_get(rec, "period");
	const char		*err;
	size_t			 i;

	if (!json_is_object(t)) {
		*absent = 1;	/* an older partial, or a merged null */
		return NULL;
	}
	memset(&r, 0, sizeof(r));
	memset(items, 0, sizeof(items));
	if ((r.first = iso_time(json_object_get(p, "first"))) < 0 ||
	    (r.last = iso_time(json_object_get(p, "last"))) < 0)
		err = "period is not two ISO 8601 times";
	else if ((err = read_traffic(t, &r, &days, items)) == NULL &&
	    traffic_add_report(acc, &r) != 0)
		err = "traffic.sketches holds a malformed sketch";
	if (err == NULL && r.top_limit > *limit)
		*limit = r.top_limit;
	free(days);
	for (i = 0; i < TRAFFIC__NLISTS; i++)
		free(items[i]);
	return err;
}
