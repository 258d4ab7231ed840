/*
 * report_traffic.c - the summary's "period" and "traffic" objects in
 * JSON (core/traffic.h says what each count means), for the JSON,
 * NDJSON and summary writers and for merge, which reads them back.
 */
#include <stdio.h>

#include "core/distinct.h"
#include "core/traffic.h"
#include "jbuf.h"
#include "report.h"
#include "report_traffic.h"

/* One top list's item: which values it shows, under which names. */
static void
item_json(struct jbuf *j, enum traffic_list l, const struct traffic_item *it)
{
	const unsigned long long	*v = it->v;

	jb_obj(j, NULL);
	switch (l) {
	case TRAFFIC_SENDERS:
	case TRAFFIC_RECIPIENTS:
		jb_str(j, "address", it->key);
		jb_int(j, "messages", (long long)it->count);
		jb_int(j, "bytes", (long long)v[TRAFFIC_V_BYTES]);
		break;
	case TRAFFIC_SENDING_HOSTS:
		jb_str(j, "host", it->key);
		jb_int(j, "messages", (long long)it->count);
		break;
	case TRAFFIC_RECIPIENT_DOMAINS:
		jb_str(j, "domain", it->key);
		jb_int(j, "delivered", (long long)v[TRAFFIC_V_DELIVERED]);
		jb_int(j, "bytes", (long long)v[TRAFFIC_V_BYTES]);
		jb_int(j, "deferred", (long long)v[TRAFFIC_V_DEFERRED]);
		jb_int(j, "delay_avg_ms", v[TRAFFIC_V_DELIVERED] > 0 ?
		    (long long)(v[TRAFFIC_V_DELAY_SUM] /
		    v[TRAFFIC_V_DELIVERED]) : 0);
		jb_int(j, "delay_max_ms", (long long)v[TRAFFIC_V_DELAY_MAX]);
		break;
	case TRAFFIC_DEFERRAL_REASONS:
		jb_str(j, "reason", it->key);
		jb_int(j, "count", (long long)it->count);
		break;
	case TRAFFIC_BOUNCE_REASONS:
		jb_str(j, "relay", it->label);
		jb_str(j, "reason", it->key);
		jb_int(j, "count", (long long)it->count);
		break;
	default:
		break;
	}
	jb_end(j, '}');
}

static void
counts_json(struct jbuf *j, const struct traffic_counts *c)
{
#define TRAFFIC_JSON_INT(n) jb_int(j, #n, (long long)c->n);
	TRAFFIC_DAY(TRAFFIC_JSON_INT)
#undef TRAFFIC_JSON_INT
}

void
report_period_json(struct jbuf *j, const struct traffic_report *r)
{
	char	buf[REPORT_TIMELEN];

	jb_obj(j, "period");
	jb_str(j, "first", r != NULL ? report_isotime(buf, r->first, 0) :
	    NULL);
	jb_str(j, "last", r != NULL ? report_isotime(buf, r->last, 0) : NULL);
	if (r != NULL && r->year_content != 0) {
		jb_obj(j, "year_from_content");
		jb_int(j, "assumed", r->year_assumed);
		jb_int(j, "used", r->year_content);
		jb_end(j, '}');
	} else
		jb_null(j, "year_from_content");
	jb_end(j, '}');
}

void
report_traffic_json(struct jbuf *j, const struct traffic_report *r)
{
	static const char *const distinct[] = {
#define TRAFFIC_JSON_NAME(n) #n,
		TRAFFIC_DISTINCT(TRAFFIC_JSON_NAME)
#undef TRAFFIC_JSON_NAME
	};
	char		 day[11];
	size_t		 i, k;

	if (r == NULL) {
		jb_null(j, "traffic");
		return;
	}
	jb_obj(j, "traffic");
#define TRAFFIC_JSON_INT(n) jb_int(j, #n, (long long)r->n);
	TRAFFIC_TOTALS(TRAFFIC_JSON_INT)
	TRAFFIC_DISTINCT(TRAFFIC_JSON_INT)
	jb_arr(j, "estimated");
	for (i = 0; i < sizeof(distinct) / sizeof(distinct[0]); i++)
		if (r->estimated & (1u << i))
			jb_str(j, NULL, distinct[i]);
	jb_end(j, ']');
	jb_obj(j, "log_lines");
	TRAFFIC_LEVELS(TRAFFIC_JSON_INT)
	jb_end(j, '}');
	jb_int(j, "messages_evicted", (long long)r->messages_evicted);
	jb_int(j, "days_dropped", (long long)r->days_dropped);
#undef TRAFFIC_JSON_INT
	jb_arr(j, "by_day");
	for (i = 0; i < r->ndays; i++) {
		jb_obj(j, NULL);
		jb_str(j, "day", traffic_day_name(r->days[i].day, day));
		counts_json(j, &r->days[i].c);
		jb_end(j, '}');
	}
	jb_end(j, ']');
	jb_arr(j, "by_hour");
	for (i = 0; i < 24; i++) {
		jb_obj(j, NULL);
		jb_int(j, "hour", (long long)i);
		counts_json(j, &r->hours[i]);
		jb_end(j, '}');
	}
	jb_end(j, ']');
	jb_obj(j, "top");
	jb_bool(j, "exact", r->top_exact);
	jb_int(j, "limit", (long long)r->top_limit);
	for (i = 0; i < TRAFFIC__NLISTS; i++) {
		jb_arr(j, traffic_list_name((enum traffic_list)i));
		for (k = 0; k < r->ntop[i]; k++)
			item_json(j, (enum traffic_list)i, &r->top[i][k]);
		jb_end(j, ']');
	}
	jb_end(j, '}');
	/* For merge: the HyperLogLog registers of the distinct counts. */
	jb_obj(j, "sketches");
	for (i = 0; i < sizeof(distinct) / sizeof(distinct[0]); i++)
		jb_str(j, distinct[i], r->sketch[i]);
	jb_int(j, "hash", DISTINCT_HASH);
	jb_end(j, '}');
	jb_end(j, '}');
}
