/*
 * report_html_traffic.c - the HTML report's traffic part: the period, the
 * grand totals as a table, and a chart per day (or week, or 30 days, so
 * that there are at most HTML_DAY_BARS groups) of received, delivered,
 * deferred, bounced and rejected, as inline SVG.  The rest of the page is
 * report_html.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/traffic.h"
#include "lib/escape.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"
#include "report.h"
#include "report_html_chart.h"
#include "report_html_page.h"
#include "report_traffic.h"

#define HTML_DAY_BARS	120	/* groups of bars on the day chart */

/* The five series of the chart, in the order of TRAFFIC_DAY. */
static const struct {
	enum msg_id	 name;
	const char	*colour;
} series[] = {
	{ MSG_COL_RECEIVED, "#2980b9" }, { MSG_COL_DELIVERED, "#27ae60" },
	{ MSG_COL_DEFERRED, "#d68910" }, { MSG_COL_BOUNCED, "#8e44ad" },
	{ MSG_COL_REJECTED, "#c0392b" },
};
#define NSERIES	(sizeof(series) / sizeof(series[0]))

static unsigned long long
value(const struct traffic_counts *c, size_t k)
{
	const unsigned long long v[] = {
#define TRAFFIC_HTML_V(n) c->n,
		TRAFFIC_DAY(TRAFFIC_HTML_V)
#undef TRAFFIC_HTML_V
	};

	return k < sizeof(v) / sizeof(v[0]) ? v[k] : 0;
}

static void
totals(FILE *fp, const struct traffic_report *r)
{
	fputs("<table class=kv id=traffic>\n", fp);
#define TRAFFIC_HTML_ROW(n) \
	fputs("<tr><th>", fp); \
	esc_html(fp, msg_value("t_", #n)); \
	fprintf(fp, "</th><td id=t-%s>%llu</td></tr>\n", #n, r->n);
	TRAFFIC_TOTALS(TRAFFIC_HTML_ROW)
	TRAFFIC_DISTINCT(TRAFFIC_HTML_ROW)
#undef TRAFFIC_HTML_ROW
	fputs("<tr><th>", fp);
	esc_html(fp, msg(MSG_HTML_LOG_LINES));
	fprintf(fp, "</th><td>%llu</td><td>", r->warning);
	fprintf(fp, msg(MSG_HTML_LOG_LINES_SPLIT), r->error, r->fatal,
	    r->panic);
	fputs("</td></tr>\n</table>\n", fp);
	if (r->estimated != 0)
		hpage_note(fp, MSG_HTML_ESTIMATED);
}

/* chart - grouped bars, one group per slot of days. */
static void
chart(FILE *fp, const struct traffic_report *r)
{
	static const long	 slots[] = { 1, 7, 30, 365 };
	static const enum msg_id names[] = { MSG_PER_DAY_1, MSG_PER_WEEK_1,
				    MSG_PER_DAYS_30, MSG_PER_YEAR_1 };
	struct traffic_counts	*g;
	unsigned long long	 max = 1, v;
	const int		 W = 960, H = 220, L = 50, B = 30;
	long			 first, last, slot = 1;
	size_t			 ng, i, k, si;
	char			 d1[11], d2[11];

	first = r->days[0].day;
	last = r->days[r->ndays - 1].day;
	for (si = 0; si + 1 < sizeof(slots) / sizeof(slots[0]); si++)
		if ((last - first) / slots[si] + 1 <= HTML_DAY_BARS)
			break;
	slot = slots[si];
	ng = (size_t)((last - first) / slot + 1);
	g = xcalloc(ng, sizeof(*g));
	for (i = 0; i < r->ndays; i++) {
		struct traffic_counts	*c = &g[(r->days[i].day - first) / slot];

#define TRAFFIC_HTML_ADD(n) c->n += r->days[i].c.n;
		TRAFFIC_DAY(TRAFFIC_HTML_ADD)
#undef TRAFFIC_HTML_ADD
	}
	for (i = 0; i < ng; i++)
		for (k = 0; k < NSERIES; k++)
			if ((v = value(&g[i], k)) > max)
				max = v;
	fprintf(fp, "<svg id=chart-days class=chart viewBox=\"0 0 %d %d\" "
	    "role=img aria-label=\"", W, H);
	fprintf(fp, msg(MSG_HTML_CHART_DAYS_LABEL), msg(names[si]));
	fputs("\">\n", fp);
	hchart_axes(fp, W, H, L, B, max);
	for (i = 0; i < ng; i++) {
		double	gw = (double)(W - 10 - L) / (double)ng;
		double	bw = gw / (NSERIES + 1);

		traffic_day_name(first + (long)i * slot, d1);
		for (k = 0; k < NSERIES; k++) {
			double	bh = (double)(H - B - 10) *
			    (double)value(&g[i], k) / (double)max;

			if (value(&g[i], k) == 0)
				continue;
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\"><title>%s: %llu "
			    "%s</title></rect>\n", L + gw * (double)i +
			    bw * (double)k, H - B - bh, bw > 1.5 ? bw - 0.5 :
			    bw, bh, series[k].colour, d1, value(&g[i], k),
			    msg(series[k].name));
		}
	}
	traffic_day_name(first, d1);
	traffic_day_name(first + (long)(ng - 1) * slot, d2);
	fprintf(fp, "<text x=%d y=%d class=lbl>%s</text>\n<text x=%d y=%d "
	    "class=lbl text-anchor=end>%s</text>\n</svg>\n<p class=legend>",
	    L, H - 10, d1, W - 10, H - 10, d2);
	for (k = 0; k < NSERIES; k++)
		fprintf(fp, "<span><i style=\"background:%s\"></i>%s</span> ",
		    series[k].colour, msg(series[k].name));
	fputs("&nbsp; ", fp);
	fprintf(fp, msg(MSG_HTML_ONE_GROUP_PER), msg(names[si]));
	fputs("</p>\n", fp);
	free(g);
}

void
report_html_traffic(FILE *fp, const struct traffic_report *r)
{
	char	a[REPORT_TIMELEN], b[REPORT_TIMELEN];

	if (r == NULL)
		return;
	fprintf(fp, "<h2>%s</h2>\n<p class=note id=period>",
	    msg(MSG_HEAD_TRAFFIC));
	if (r->first != 0)
		fprintf(fp, msg(MSG_HTML_FROM_TO), report_isotime(a, r->first,
		    0), report_isotime(b, r->last, 0));
	else
		fputs(msg(MSG_HTML_NO_TIME_LINE), fp);
	if (r->year_content != 0) {
		fputs(" ", fp);
		fprintf(fp, msg(MSG_HTML_YEAR_NOTE), r->year_content,
		    r->year_assumed);
	}
	fputs("</p>\n", fp);
	totals(fp, r);
	if (r->ndays > 0)
		chart(fp, r);
}
