/*
 * report_text_traffic.c - the text report's first part: the period on
 * the first line, then the traffic as pflogsumm and eximstats show it
 * (grand totals, a table per day, the top lists, deferral and bounce
 * reasons, the daemons' warnings), fitted to the width.  The failures
 * and their advice that follow are report_text.c's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/traffic.h"
#include "lib/escape.h"
#include "lib/msg.h"
#include "report.h"
#include "report_traffic.h"

/* human - bytes as "8.2 MB" (1024-based, as pflogsumm's k and m). */
static const char *
human(unsigned long long n, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
	double	 v = (double)n;
	size_t	 u = 0;

	while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", n);
	else
		snprintf(buf, size, "%.1f %s", v, unit[u]);
	return buf;
}

/* duration - milliseconds as "850 ms", "12.3 s", "4.2 min", "3.1 h",
 * "2.0 d". */
static const char *
duration(unsigned long long ms, char *buf, size_t size)
{
	if (ms < 1000)
		snprintf(buf, size, "%llu ms", ms);
	else if (ms < 60000)
		snprintf(buf, size, "%.1f s", ms / 1000.0);
	else if (ms < 3600000)
		snprintf(buf, size, "%.1f min", ms / 60000.0);
	else if (ms < 86400000ULL)
		snprintf(buf, size, "%.1f h", ms / 3600000.0);
	else
		snprintf(buf, size, "%.1f d", ms / 86400000.0);
	return buf;
}

/* wrapped - s from column col to the width (esc_wrap), cut where a word
 * is longer than a line, and the newline. */
static void
wrapped(FILE *fp, const char *s, size_t col, size_t indent, size_t width)
{
	(void)esc_wrap(fp, s, col, indent, width, 0, 1);
	putc('\n', fp);
}

void
report_text_heading(FILE *fp, int color, enum msg_id title)
{
	fprintf(fp, "\n%s%s%s\n", color ? "\033[1m" : "", msg(title),
	    color ? "\033[0m" : "");
}

/* line - "  count  label" of the totals, the label a catalogue format
 * taking the further numbers. */
#define LINE(fp, n, id, ...) do { \
	fprintf(fp, "  %10llu  ", (unsigned long long)(n)); \
	fprintf(fp, msg(id), __VA_ARGS__); \
	fputc('\n', fp); \
} while (0)

/* isoday - "2016-10-22 02:13:41" in UTC, or "-". */
static const char *
when(time_t t, char *buf, size_t size)
{
	struct tm	tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		snprintf(buf, size, "-");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

void
report_text_period(FILE *fp, const struct traffic_report *r,
    const char *version, int width, int color)
{
	char	a[32], b[32], line[1024];	/* a translated note is longer */
	size_t	n;

	if (r != NULL && r->first != 0)
		msg_format(line, sizeof(line), MSG_MAIL_REPORT_PERIOD,
		    when(r->first, a, sizeof(a)), when(r->last, b, sizeof(b)));
	else
		snprintf(line, sizeof(line), "%s", msg(MSG_MAIL_REPORT));
	n = esc_width(line, strlen(line));
	/* The version after the period, on the next line if it does not
	 * fit: the period stays on the first. */
	fprintf(fp, "%s%s%s%s(smtplog ", color ? "\033[1m" : "", line,
	    color ? "\033[0m" : "", n + 12 + strlen(version != NULL ?
	    version : "?") <= (size_t)width ? " " : "\n");
	esc_put(fp, version != NULL ? version : "?", strlen(version != NULL ?
	    version : "?"), 20);
	fputs(")\n", fp);
	if (r == NULL || r->year_content == 0)
		return;
	msg_format(line, sizeof(line), MSG_YEAR_NOTE, r->year_content,
	    r->year_assumed);
	wrapped(fp, line, 0, 6, (size_t)width);
}

static void
totals(FILE *fp, const struct traffic_report *r)
{
	unsigned long long	all = r->delivered + r->rejected + r->discarded;
	char			h[32];

	LINE(fp, r->received, MSG_T_RECEIVED, 0);
	LINE(fp, r->delivered, MSG_T_DELIVERED, 0);
	LINE(fp, r->forwarded, MSG_T_FORWARDED, 0);
	LINE(fp, r->deferred, r->deferrals == 1 ? MSG_TT_DEFERRED_1 :
	    MSG_TT_DEFERRED_N, r->deferrals);
	LINE(fp, r->bounced, MSG_T_BOUNCED, 0);
	if (r->expired > 0)
		LINE(fp, r->expired, MSG_TT_EXPIRED, 0);
	LINE(fp, r->rejected, MSG_TT_REJECTED, all > 0 ? r->rejected * 100 /
	    all : 0);
	LINE(fp, r->reject_warnings, MSG_T_REJECT_WARNINGS, 0);
	LINE(fp, r->held, MSG_T_HELD, 0);
	LINE(fp, r->discarded, MSG_T_DISCARDED, 0);
	fprintf(fp, "  %10s  %s\n", human(r->bytes_received, h, sizeof(h)),
	    msg(MSG_T_BYTES_RECEIVED));
	fprintf(fp, "  %10s  %s\n", human(r->bytes_delivered, h, sizeof(h)),
	    msg(MSG_T_BYTES_DELIVERED));
#define DISTINCT_LINE(i, n, label) \
	fprintf(fp, "  %10llu  %s%s%s\n", r->n, msg(label), \
	    (r->estimated & (1u << (i))) ? " " : "", \
	    (r->estimated & (1u << (i))) ? msg(MSG_TT_ESTIMATED) : "")
	DISTINCT_LINE(0, senders, MSG_T_SENDERS);
	DISTINCT_LINE(1, sending_domains, MSG_T_SENDING_DOMAINS);
	DISTINCT_LINE(2, recipients, MSG_T_RECIPIENTS);
	DISTINCT_LINE(3, recipient_domains, MSG_T_RECIPIENT_DOMAINS);
#undef DISTINCT_LINE
	if (r->warning + r->error + r->fatal + r->panic > 0) {
		fprintf(fp, "  %10llu  ", r->warning);
		fprintf(fp, msg(MSG_TT_WARNING_LINES), r->error, r->fatal,
		    r->panic);
		fputc('\n', fp);
	}
	if (r->messages_evicted > 0)
		LINE(fp, r->messages_evicted, MSG_TT_FORGOTTEN, 0);
}

/* The tables' columns: 10 wide, narrower to fit the width (a row is
 * 20 + 5 columns); below 9 the headings are shortened. */
static int
column(int width)
{
	int	cw = (width - 20) / 5;

	return cw > 10 ? 10 : cw < 6 ? 6 : cw;
}

/* cell - s right-aligned in cw columns, cut to fit. */
static void
cell(FILE *fp, const char *s, int cw)
{
	size_t	w = esc_width(s, strlen(s));

	putc(' ', fp);
	if (w < (size_t)cw)
		fprintf(fp, "%*s", cw - (int)w, "");
	(void)esc_put(fp, s, strlen(s), (size_t)cw);
}

static void
table_head(FILE *fp, int color, enum msg_id label, int cw)
{
	static const enum msg_id col[2][5] = {
		{ MSG_COL_RECEIVED, MSG_COL_DELIVERED, MSG_COL_DEFERRED,
		  MSG_COL_BOUNCED, MSG_COL_REJECTED },
		{ MSG_COL_RECEIVED_SHORT, MSG_COL_DELIVERED_SHORT,
		  MSG_COL_DEFERRED_SHORT, MSG_COL_BOUNCED_SHORT,
		  MSG_COL_REJECTED_SHORT },
	};
	int	s = cw < 9, k;

	fprintf(fp, "\n%s", color ? "\033[1m" : "");
	(void)esc_pad(fp, msg(label), 14, 0);
	for (k = 0; k < 5; k++)
		cell(fp, msg(col[s][k]), cw);
	fprintf(fp, "%s\n", color ? "\033[0m" : "");
}

static void
table_row(FILE *fp, const char *label, const struct traffic_counts *c,
    int cw)
{
	fprintf(fp, "  %-12s %*llu %*llu %*llu %*llu %*llu\n", label, cw,
	    c->received, cw, c->delivered, cw, c->deferred, cw, c->bounced, cw,
	    c->rejected);
}

static void
by_day(FILE *fp, const struct traffic_report *r, int width, int color)
{
	char	day[11], hour[8];
	size_t	i;
	int	cw = column(width);

	if (r->ndays == 0)
		return;
	table_head(fp, color, MSG_PER_DAY, cw);
	for (i = 0; i < r->ndays; i++)
		table_row(fp, traffic_day_name(r->days[i].day, day),
		    &r->days[i].c, cw);
	if (r->ndays != 1)
		return;
	/* One day: its hours tell more than its one row. */
	table_head(fp, color, MSG_PER_HOUR, cw);
	for (i = 0; i < 24; i++) {
		snprintf(hour, sizeof(hour), "%02zu-%02zu", i, i + 1);
		table_row(fp, hour, &r->hours[i], cw);
	}
}

/* list - one top list, its items wrapped to the width. */
static void
list(FILE *fp, const struct traffic_report *r, enum traffic_list l,
    enum msg_id title, int width, int color)
{
	const struct traffic_item	*it;
	const unsigned long long	*v;
	char				 a[32], b[32], c[32];
	size_t				 i, col;

	if (r->ntop[l] == 0)
		return;
	report_text_heading(fp, color, title);
	for (i = 0; i < r->ntop[l]; i++) {
		it = &r->top[l][i];
		v = it->v;
		switch (l) {
		case TRAFFIC_SENDERS:
		case TRAFFIC_RECIPIENTS:
			col = (size_t)fprintf(fp, "  %8llu %10s  ", it->count,
			    human(v[TRAFFIC_V_BYTES], a, sizeof(a)));
			break;
		case TRAFFIC_RECIPIENT_DOMAINS:
			/* the average delay of the deliveries, then the
			 * longest of deliveries and deferrals */
			col = (size_t)fprintf(fp, "  %8llu %10s %8llu %9s "
			    "%9s  ", v[TRAFFIC_V_DELIVERED],
			    human(v[TRAFFIC_V_BYTES], a, sizeof(a)),
			    v[TRAFFIC_V_DEFERRED],
			    duration(v[TRAFFIC_V_DELIVERED] > 0 ?
			    v[TRAFFIC_V_DELAY_SUM] / v[TRAFFIC_V_DELIVERED] :
			    0, b, sizeof(b)),
			    duration(v[TRAFFIC_V_DELAY_MAX], c, sizeof(c)));
			break;
		case TRAFFIC_BOUNCE_REASONS:
			col = (size_t)fprintf(fp, "  %8llu  ", it->count);
			col += esc_put(fp, it->label != NULL ? it->label :
			    msg(MSG_NONE), strlen(it->label != NULL ?
			    it->label : msg(MSG_NONE)), (size_t)width / 2);
			fputs(": ", fp);
			col += 2;
			break;
		default:
			col = (size_t)fprintf(fp, "  %8llu  ", it->count);
			break;
		}
		wrapped(fp, it->key, col, col < (size_t)width / 2 ? col : 12,
		    (size_t)width);
	}
}

void
report_text_traffic(FILE *fp, const struct traffic_report *r, int width,
    int color)
{
	if (r == NULL)
		return;
	report_text_heading(fp, color, MSG_HEAD_TRAFFIC);
	totals(fp, r);
	by_day(fp, r, width, color);
	list(fp, r, TRAFFIC_SENDERS, MSG_TOP_SENDERS, width, color);
	list(fp, r, TRAFFIC_RECIPIENTS, MSG_TOP_RECIPIENTS, width, color);
	list(fp, r, TRAFFIC_SENDING_HOSTS, MSG_TOP_SENDING_HOSTS, width,
	    color);
	list(fp, r, TRAFFIC_RECIPIENT_DOMAINS, MSG_RECIPIENT_DOMAINS, width,
	    color);
	list(fp, r, TRAFFIC_DEFERRAL_REASONS, MSG_DEFERRAL_REASONS, width,
	    color);
	list(fp, r, TRAFFIC_BOUNCE_REASONS, MSG_BOUNCE_REASONS, width, color);
	if (!r->top_exact && r->ntop[TRAFFIC_SENDERS] > 0)
		fprintf(fp, "  %s\n", msg(MSG_TOP_INEXACT));
}
