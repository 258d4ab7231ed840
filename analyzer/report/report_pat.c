/*
 * report_pat.c - the patterns section of the text and HTML reports, from
 * a bounded list of pattern copies.  Detecting patterns is pattern.c's
 * job; the rest of each report is report_text.c's and report_html.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "report.h"
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

/* twrap - "label: s", s escaped and wrapped at spaces to 100 columns. */
static void
twrap(FILE *fp, const char *label, const char *s)
{
	if (s == NULL)
		return;
	fprintf(fp, "    %s:", label);
	(void)esc_wrap(fp, s, 5 + strlen(label), 6, 100, 1, 0);
	putc('\n', fp);
}

static const char *
when(char *buf, time_t t, int usec)
{
	return report_isotime(buf, t, usec) != NULL ? buf : "-";
}

void
rpat_text(const struct rpat *r, FILE *fp, int color)
{
	char	 a[REPORT_TIMELEN], b[REPORT_TIMELEN];
	size_t	 i, j;
	int	 k;

	if (r->total == 0)
		return;
	fprintf(fp, "\n%sPatterns%s\n", color ? "\033[1m" : "",
	    color ? "\033[0m" : "");
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
		fprintf(fp, ": %lu finding%s", p->count,
		    p->count == 1 ? "" : "s");
		if (p->detail != NULL)
			fprintf(fp, " (%s)", p->detail);
		fprintf(fp, ", %s .. %s\n", when(a, p->first, p->first_usec),
		    when(b, p->last, p->last_usec));
		fprintf(fp, "    ");
		tput(fp, p->title, 100);
		fprintf(fp, "  (%s, cause %s, threshold %u in %lds)\n",
		    p->severity != NULL ? p->severity : "-",
		    p->cause != NULL ? p->cause : "-", p->threshold,
		    p->window);
		fputs("    codes:", fp);
		for (j = 0; j < p->ncodes; j++)
			fprintf(fp, " %d x%lu", p->codes[j].code,
			    p->codes[j].count);
		putc('\n', fp);
		twrap(fp, "Who must act", p->who);
		twrap(fp, "Meaning", p->meaning);
		twrap(fp, "Fix", p->fix);
		fputs("    findings:", fp);
		for (j = 0; j < p->nrefs && j < TEXT_REFS; j++) {
			putc(' ', fp);
			tput(fp, p->refs[j], 80);
		}
		if (p->count > j)
			fprintf(fp, " ... and %lu more", p->count - j);
		putc('\n', fp);
	}
	if (r->total > r->nkept)
		fprintf(fp, "\n  ... and %lu more patterns (--output ndjson "
		    "has them all)\n", r->total - r->nkept);
}

void
rpat_html(const struct rpat *r, FILE *fp)
{
	char	 a[REPORT_TIMELEN], b[REPORT_TIMELEN];
	size_t	 i, j;
	int	 k;

	fputs("<h2 id=patterns>Patterns</h2>\n", fp);
	if (r->total == 0) {
		fputs("<p class=note>No session-level pattern.</p>\n", fp);
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
		fprintf(fp, " &middot; %lu finding%s", p->count,
		    p->count == 1 ? "" : "s");
		if (p->detail != NULL)
			fprintf(fp, " &middot; %s", p->detail);
		fprintf(fp, " &middot; %s &ndash; %s &middot; cause ",
		    when(a, p->first, p->first_usec),
		    when(b, p->last, p->last_usec));
		esc_html(fp, p->cause);
		fputs("</small></h4>\n<p><b>", fp);
		esc_html(fp, p->title);
		fputs("</b></p>\n<p><b>Who must act:</b> ", fp);
		esc_html(fp, p->who);
		fputs("</p>\n<p><b>Meaning:</b> ", fp);
		esc_html(fp, p->meaning);
		fputs("</p>\n<p><b>Fix:</b> ", fp);
		esc_html(fp, p->fix);
		fputs("</p>\n<p class=note>Codes:", fp);
		for (j = 0; j < p->ncodes; j++)
			fprintf(fp, " %d &times;%lu", p->codes[j].code,
			    p->codes[j].count);
		fputs(". Findings:", fp);
		for (j = 0; j < p->nrefs; j++) {
			fputs(" ", fp);
			esc_html(fp, p->refs[j]);
		}
		if (p->refs_more > 0)
			fprintf(fp, " and %lu more", p->refs_more);
		fputs(".</p></div>\n", fp);
	}
	if (r->total > r->nkept)
		fprintf(fp, "<p class=note>%lu more patterns; --output ndjson "
		    "has them all.</p>\n", r->total - r->nkept);
}
