/*
 * report_traffic.h - the summary's "period" and "traffic" members in
 * JSON (report_traffic.c), and the text report's traffic and scan
 * sections (report_text_traffic.c, report_text_scan.c).  Private to the
 * writers in report/.
 */
#ifndef REPORT_TRAFFIC_H
#define REPORT_TRAFFIC_H

#include <stdio.h>

#include "lib/msg.h"

struct jbuf;
struct summary;
struct traffic_report;

/* report_period_json / report_traffic_json - the "period" and "traffic"
 * members of the summary record; r NULL writes nulls. */
void	report_period_json(struct jbuf *, const struct traffic_report *r);
void	report_traffic_json(struct jbuf *, const struct traffic_report *r);

/*
 * report_text_period - the text report's first line: the period the
 * inputs cover (UTC), and a note when the year came from the content.
 * report_text_traffic - its traffic section, fitted to width columns;
 * r NULL writes nothing.
 */
void	report_text_period(FILE *, const struct traffic_report *r,
	    const char *version, int width, int color);
void	report_text_traffic(FILE *, const struct traffic_report *r,
	    int width, int color);

/*
 * report_text_scan - the text report's Scan section: lines, inputs,
 * sessions, messages, findings (report_text_scan.c).
 * report_text_heading - a section's heading: a blank line, then the
 * message, bold when color is set.
 */
void	report_text_scan(FILE *, const struct summary *s, int color);
void	report_text_heading(FILE *, int color, enum msg_id title);

/* report_html_traffic - the HTML report's traffic part: period, totals
 * and a chart per day (report_html_traffic.c); r NULL writes nothing. */
void	report_html_traffic(FILE *, const struct traffic_report *r);

#endif /* REPORT_TRAFFIC_H */
