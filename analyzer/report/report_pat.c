/*
 * report_pat.c - the patterns section of the text and HTML reports, from
 * a bounded list of pattern copies.  Detecting patterns is pattern.c's
 * job; the rest of each report is report_text.c's and report_html.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/msg.h"
#include "report.h"
#include "report_html_page.h"
#include "report_pat.h"
#include "lib/utf8.h"
#include "lib/xmalloc.h"

#define TEXT_REFS	5	/* findings named per pattern in text */

struct rpat {
	struct pattern	*kept[RPAT_SHOWN];
	size_t		 nkept;
	unsigned long	 total;
	unsigned long	 by[PAT__COUNT];
};

struct rpat *
rpat_new(void)
{
	return xcalloc(1, sizeof(struct rpat));
}

void
rpat_free(struct rpat *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nkept; i++)
		free(r->kept[i]);
	free(r);
}

void
rpat_add(struct rpat *r, const struct pattern *p)
{
	int	k = pat_kind_find(p->name);

	r->total++;
	if (k >= 0)
		r->by[k]++;
	if (r->nkept < RPAT_SHOWN)
		r->kept[r->nkept++] = pat_dup(p);
}

static void
tput(FILE *fp, const char *s, size_t max)
{
	if (s == NULL)
		s = "-";
	esc_put(fp, s, strlen(s), max);
}

/* twrap - "label: s", s escaped and wrapped to width columns (at most
 * 100); label is a catalogue word, measured in columns. */
static void
twrap(FILE *fp, enum msg_id label, const char *s, int width)
{
	size_t	col;

	if (s == NULL)
		return;
	fputs("    ", fp);
	col = 4 + esc_put(fp, msg(label), strlen(msg(label)), 0);
	col += esc_put(fp, msg(MSG_COLON), strlen(msg(MSG_COLON)), 0);
	(void)esc_wrap(fp, s, col, 6, width > 0 && width < 100 ?
	    (size_t)width : 100, 1, 0);
	putc('\n', fp);
}

static const char *
when(char *buf, time_t t, int usec)
{
	return report_isotime(buf, t, usec) != NULL ? buf : "-";
}

void
rpat_text(const struct rpat *r, FILE *fp, int color, int width)
{
	char	 a[REPORT_TIMELEN], b[REPORT_TIMELEN];
	size_t	 i, j;
	int	 k;

	if (r->total == 0)
		return;
	fprintf(fp, "\n%s%s%s\n", color ? "\033[1m" : "",
	    msg(MSG_HEAD_PATTERNS), color ? "\033[0m" : "");
	for (k = 0; k < PAT__COUNT; k++)
		if (r->by[k] > 0)
			fprintf(fp, "  %-28s %10lu\n", pat_name(k), r->by[k]);
	for (i = 0; i < r->nkept; i++) {
		const struct pattern	*p = r->kept[i];

		fprintf(fp, "\n  %s%s%s ", color ? "\033[1m" : "", p->name,
		    color ? "\033[0m" : "");
		tput(fp, p->key_kind, 20);
		putc(' ', fp);
		tput(fp, p->key, 80);
		fputs(": ", fp);
		fprintf(fp, msg(p->count == 1 ? MSG_N_FINDING : MSG_N_FINDINGS),
		    p->count);
		if (p->detail != NULL)
			fprintf(fp, " (%s)", p->detail);
		fprintf(fp, ", %s .. %s\n", when(a, p->first, p->first_usec),
		    when(b, p->last, p->last_usec));
		fprintf(fp, "    ");
		tput(fp, p->title, 100);
		fprintf(fp, "  (%s, ", p->severity != NULL ? p->severity : "-");
		fprintf(fp, msg(MSG_PAT_CAUSE_THRESHOLD), p->cause != NULL ?
		    p->cause : "-", p->threshold, p->window);
		fprintf(fp, ")\n    %s%s", msg(MSG_PAT_CODES), msg(MSG_COLON));
		for (j = 0; j < p->ncodes; j++)
			fprintf(fp, " %d x%lu", p->codes[j].code,
			    p->codes[j].count);
		putc('\n', fp);
		twrap(fp, MSG_WHO_MUST_ACT, msg_value("who_", p->who), width);
		twrap(fp, MSG_MEANING, p->meaning, width);
		twrap(fp, MSG_FIX, p->fix, width);
		fprintf(fp, "    %s%s", msg(MSG_PAT_FINDINGS), msg(MSG_COLON));
		for (j = 0; j < p->nrefs && j < TEXT_REFS; j++) {
			putc(' ', fp);
			tput(fp, p->refs[j], 80);
		}
		if (p->count > j) {
			putc(' ', fp);
			fprintf(fp, msg(MSG_AND_MORE), p->count - j);
		}
		putc('\n', fp);
	}
	if (r->total > r->nkept) {
		fputs("\n  ", fp);
		fprintf(fp, msg(MSG_MORE_PATTERNS), r->total - r->nkept);
		fputc('\n', fp);
	}
}

void
rpat_html(const struct rpat *r, FILE *fp)
{
	char	 a[REPORT_TIMELEN], b[REPORT_TIMELEN];
	size_t	 i, j;
	int	 k;

	hpage_elem(fp, "<h2 id=patterns>", MSG_HEAD_PATTERNS, "</h2>\n");
	if (r->total == 0) {
		hpage_note(fp, MSG_HTML_NO_PATTERN);
		return;
	}
	fputs("<table class=kv>", fp);
	for (k = 0; k < PAT__COUNT; k++)
		if (r->by[k] > 0)
			fprintf(fp, "<tr><th>%s</th><td>%lu</td></tr>",
			    pat_name(k), r->by[k]);
	fputs("</table>\n", fp);
	for (i = 0; i < r->nkept; i++) {
		const struct pattern	*p = r->kept[i];

		fprintf(fp, "<div class=rule><h4>%s <small>", p->name);
		esc_html(fp, p->key_kind);
		fputs(" ", fp);
		esc_html(fp, p->key);
		fputs(" &middot; ", fp);
		fprintf(fp, msg(p->count == 1 ? MSG_N_FINDING : MSG_N_FINDINGS),
		    p->count);
		if (p->detail != NULL)
			fprintf(fp, " &middot; %s", p->detail);
		fprintf(fp, " &middot; %s &ndash; %s &middot; ",
		    when(a, p->first, p->first_usec),
		    when(b, p->last, p->last_usec));
		esc_html(fp, msg(MSG_HTML_CAUSE));
		fputs(" ", fp);
		esc_html(fp, p->cause);
		fputs("</small></h4>\n<p><b>", fp);
		esc_html(fp, p->title);
		fputs("</b></p>\n", fp);
		hpage_para(fp, MSG_WHO_MUST_ACT, NULL, msg_value("who_", p->who));
		hpage_para(fp, MSG_MEANING, NULL, p->meaning);
		hpage_para(fp, MSG_FIX, NULL, p->fix);
		fputs("<p class=note>", fp);
		esc_html(fp, msg(MSG_PAT_CODES_CAP));
		esc_html(fp, msg(MSG_COLON));
		for (j = 0; j < p->ncodes; j++)
			fprintf(fp, " %d &times;%lu", p->codes[j].code,
			    p->codes[j].count);
		fputs(". ", fp);
		esc_html(fp, msg(MSG_PAT_FINDINGS_CAP));
		esc_html(fp, msg(MSG_COLON));
		for (j = 0; j < p->nrefs; j++) {
			fputs(" ", fp);
			esc_html(fp, p->refs[j]);
		}
		if (p->refs_more > 0) {
			fputs(" ", fp);
			fprintf(fp, msg(MSG_AND_MORE), p->refs_more);
		}
		fputs(".</p></div>\n", fp);
	}
	if (r->total > r->nkept) {
		fputs("<p class=note>", fp);
		fprintf(fp, msg(MSG_MORE_PATTERNS), r->total - r->nkept);
		fputs("</p>\n", fp);
	}
}
