/*
 * report_html_chart.h - the SVG charts of the HTML report
 * (report_html_chart.c).  Private to the HTML writers in report/; errors
 * are left in ferror(fp).
 */
#ifndef REPORT_HTML_CHART_H
#define REPORT_HTML_CHART_H

#include <stddef.h>
#include <stdio.h>

#include "core/finding.h"

#define HTML_NCODES	SUMMARY_MAX_CODES

/* One hour's findings, per code column. */
struct hbucket {
	long		 hour;		/* when / 3600 */
	unsigned	 n[HTML_NCODES];
};

/* What the time chart shows: the hours (sorted), the code of each column,
 * and the findings it leaves out (no time, off the chart, too many
 * codes), which its legend counts. */
struct hchart_time {
	const struct hbucket	*b;
	size_t			 nb;
	const int		*codes;
	size_t			 ncodes;
	unsigned long		 notime, offchart, othercode;
};

/* hchart_axes - the axis and the max and 0 labels of a w x h chart whose
 * plot starts l from the left and b above the bottom. */
void	hchart_axes(FILE *fp, int w, int h, int l, int b,
	    unsigned long long max);

/* hchart_time - the stacked bars of findings per time slot and code, and
 * the legend; a note instead when no finding has a time. */
void	hchart_time(FILE *fp, const struct hchart_time *);

/* hchart_bars - a horizontal bar chart of labelled counts n[0..len)
 * (sub[i], when not NULL, in parentheses after labels[i]). */
void	hchart_bars(FILE *fp, const char *id, const char *const *labels,
	    const char *const *sub, const unsigned long *n, size_t len,
	    const char *colour);

#endif /* REPORT_HTML_CHART_H */
