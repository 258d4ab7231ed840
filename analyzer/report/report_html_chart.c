/*
 * report_html_chart.c - the HTML report's SVG charts: findings over time,
 * stacked by code, in slots of 1 h to 1 year; horizontal bars of labelled
 * counts.  What goes into them is report_html.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/escape.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"
#include "report_html_chart.h"
#include "report_html_page.h"

#define HTML_BARS	160	/* most bars on the time chart */

/* Colours per code column: the five codes first, then a neutral cycle. */
static const char *
code_colour(int code)
{
	switch (code) {
	case 500: return "#8e44ad";
	case 502: return "#2980b9";
	case 503: return "#16a085";
	case 530: return "#d68910";
	case 554: return "#c0392b";
	default: return code >= 500 ? "#7f8c8d" : "#95a5a6";
	}
}

static void
date_of(char *buf, size_t len, long hour, int with_hour)
{
	time_t		t = (time_t)hour * 3600;
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(buf, len, "?");
	else
		strftime(buf, len, with_hour ? "%Y-%m-%d %H:00" : "%Y-%m-%d",
		    &tm);
}

/*
 * hchart_time - stacked bars of findings per time slot and code.  The slot
 * is the smallest of 1 h, 6 h, 1 d, 7 d, 30 d that gives at most
 * HTML_BARS bars.
 */
void
hchart_axes(FILE *fp, int w, int h, int l, int b, unsigned long long max)
{
	fprintf(fp, "<line x1=%d y1=%d x2=%d y2=%d class=axis />\n", l,
	    h - b, w - 10, h - b);
	fprintf(fp, "<text x=%d y=14 class=lbl text-anchor=end>%llu</text>\n",
	    l - 4, max);
	fprintf(fp, "<text x=%d y=%d class=lbl text-anchor=end>0</text>\n",
	    l - 4, h - b);
}

void
hchart_time(FILE *fp, const struct hchart_time *h)
{
	static const long	 slots[] = { 1, 6, 24, 24 * 7, 24 * 30,
				    24 * 365 };
	static const enum msg_id names[] = { MSG_PER_HOUR_1, MSG_PER_HOURS_6,
				    MSG_PER_DAY_1, MSG_PER_WEEK_1,
				    MSG_PER_DAYS_30, MSG_PER_YEAR_1 };
	unsigned long		*tot, max = 1;
	unsigned long		(*per)[HTML_NCODES];
	long			 first, last, slot = 1;
	size_t			 nbars, i, k, si;
	const int		 W = 960, H = 220, L = 50, B = 30;
	char			 d1[32], d2[32];

	if (h->nb == 0) {
		hpage_note(fp, MSG_HTML_NO_TIME);
		return;
	}
	first = h->b[0].hour;
	last = h->b[h->nb - 1].hour;
	for (si = 0; si < sizeof(slots) / sizeof(slots[0]); si++) {
		slot = slots[si];
		if ((last - first) / slot + 1 <= HTML_BARS)
			break;
	}
	if (si == sizeof(slots) / sizeof(slots[0]))
		si--;
	first -= first % slot;
	nbars = (size_t)((last - first) / slot + 1);
	tot = xcalloc(nbars, sizeof(*tot));
	per = xcalloc(nbars, sizeof(*per));
	for (i = 0; i < h->nb; i++) {
		size_t	 bi = (size_t)((h->b[i].hour - first) / slot);

		if (bi >= nbars)
			bi = nbars - 1;
		for (k = 0; k < h->ncodes; k++) {
			per[bi][k] += h->b[i].n[k];
			tot[bi] += h->b[i].n[k];
		}
	}
	for (i = 0; i < nbars; i++)
		if (tot[i] > max)
			max = tot[i];
	fprintf(fp, "<svg id=chart-time class=chart viewBox=\"0 0 %d %d\" "
	    "role=img aria-label=\"", W, H);
	hpage_fmt(fp, msg(MSG_HTML_CHART_TIME_LABEL), msg(names[si]));
	fputs("\">\n", fp);
	hchart_axes(fp, W, H, L, B, max);
	for (i = 0; i < nbars; i++) {
		double	 bw = (double)(W - 10 - L) / (double)nbars;
		double	 x = L + bw * (double)i, y = H - B;

		for (k = 0; k < h->ncodes; k++) {
			double	 bh;

			if (per[i][k] == 0)
				continue;
			bh = (double)(H - B - 10) * (double)per[i][k] /
			    (double)max;
			y -= bh;
			date_of(d1, sizeof(d1), first + (long)i * slot,
			    slot < 24);
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>%s: %lu x %d</title></rect>\n", x, y,
			    bw > 2 ? bw - 1 : bw, bh,
			    code_colour(h->codes[k]), d1, per[i][k],
			    h->codes[k]);
		}
	}
	date_of(d1, sizeof(d1), first, slot < 24);
	date_of(d2, sizeof(d2), first + (long)(nbars - 1) * slot, slot < 24);
	fprintf(fp, "<text x=%d y=%d class=lbl>%s</text>\n", L, H - 10, d1);
	fprintf(fp, "<text x=%d y=%d class=lbl text-anchor=end>%s</text>\n",
	    W - 10, H - 10, d2);
	fputs("</svg>\n<p class=legend>", fp);
	for (k = 0; k < h->ncodes; k++)
		fprintf(fp, "<span><i style=\"background:%s\"></i>%d</span> ",
		    code_colour(h->codes[k]), h->codes[k]);
	fputs("&nbsp; ", fp);
	hpage_fmt(fp, msg(MSG_HTML_ONE_BAR_PER), msg(names[si]));
	if (h->notime + h->offchart + h->othercode > 0) {
		fputs("; ", fp);
		fprintf(fp, msg(MSG_HTML_NOT_ON_CHART), h->notime,
		    h->offchart, h->othercode);
	}
	fputs("</p>\n", fp);
	free(tot);
	free(per);
}

void
hchart_bars(FILE *fp, const char *id, const char *const *labels,
    const char *const *sub, const unsigned long *n, size_t len,
    const char *colour)
{
	const int	 W = 960, ROW = 22, L = 330;
	unsigned long	 max = 1;
	size_t		 i;

	for (i = 0; i < len; i++)
		if (n[i] > max)
			max = n[i];
	fprintf(fp, "<svg id=%s class=chart viewBox=\"0 0 %d %zu\">\n", id, W,
	    len * ROW + 4);
	for (i = 0; i < len; i++) {
		double	w = (double)(W - L - 80) * (double)n[i] / (double)max;

		fprintf(fp, "<text x=%d y=%zu class=lbl text-anchor=end>",
		    L - 6, i * ROW + 15);
		esc_html(fp, labels[i]);
		if (sub != NULL && sub[i] != NULL) {
			fputs(" (", fp);
			esc_html(fp, sub[i]);
			fputs(")", fp);
		}
		fprintf(fp, "</text><rect x=%d y=%zu width=\"%.1f\" height=%d "
		    "fill=\"%s\" /><text x=\"%.1f\" y=%zu class=lbl>%lu"
		    "</text>\n", L, i * ROW + 3, w < 1 ? 1 : w, ROW - 6,
		    colour, L + (w < 1 ? 1 : w) + 6, i * ROW + 15, n[i]);
	}
	fputs("</svg>\n", fp);
}
