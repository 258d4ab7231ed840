/*
 * report_html.c - the HTML writer: one self-contained page (no network
 * fetch: styles, charts and script are inline) with the summary, findings
 * over time by code as an SVG chart, causes and top clients as bar
 * charts, the advice of every rule that fired grouped by cause, and a
 * table of findings with filtering and pages in the browser.
 *
 * Memory is bounded whatever the input: the charts are aggregates (time
 * buckets, counts per cause, a bounded tally of clients) and the table
 * keeps the first HTML_MAX_ROWS findings as compact JSON text; the page
 * says how many it shows.  Every string from the log is escaped for its
 * context (HTML text, attribute, or JSON inside a script element with
 * "/" escaped so that "</script>" cannot end it), and bytes that are not
 * UTF-8 become U+FFFD.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/escape.h"
#include "lib/msg.h"
#include "report.h"
#include "report_traffic.h"
#include "report_fix.h"
#include "report_html_chart.h"
#include "report_html_page.h"
#include "report_pat.h"
#include "core/tally.h"
#include "lib/utf8.h"
#include "lib/xmalloc.h"

#define HTML_MAX_ROWS		20000	/* findings kept for the table */
#define HTML_MAX_BUCKETS	100000	/* hours on the chart (11 years) */
#define HTML_MAX_RULES		512
#define HTML_TALLY		4096
#define HTML_TOP		15
#define HTML_NO_CAUSE		"unclassified"

struct hrule {
	char		*id, *cause, *title, *severity;
	char		*who, *meaning, *when;
	struct rfix	 fixes;		/* the fix for each MTA seen */
	unsigned long	 n;
};

struct hw {
	FILE		*out;
	char		*version;

	int		 codes[HTML_NCODES];	/* code of each column */
	size_t		 ncodes;
	unsigned long	 othercode;	/* findings past HTML_NCODES codes */

	struct hbucket	*b;		/* sorted by hour */
	size_t		 nb, capb;
	unsigned long	 notime, offchart;

	struct hrule	 rules[HTML_MAX_RULES];
	size_t		 nrules;
	unsigned long	 norule;	/* findings no rule explains */

	struct tally	*clients, *remotes;

	struct rpat	*pats;		/* session-level patterns */
	char		*rows;		/* "[...],[...]" */
	size_t		 rowlen, rowcap;
	unsigned long	 nrows, nfindings;
};

static void *
html_open(FILE *out, const struct report_opts *opts)
{
	struct hw	*h;

	h = xcalloc(1, sizeof(*h));
	h->out = out;
	h->version = xstrdup(opts != NULL && opts->version != NULL ?
	    opts->version : "");
	h->clients = tally_new(HTML_TALLY);
	h->pats = rpat_new();
	h->remotes = tally_new(HTML_TALLY);
	return h;
}

/* code_col - the chart column of code, made on first sight; -1: full. */
static int
code_col(struct hw *h, int code)
{
	size_t	i;

	for (i = 0; i < h->ncodes; i++)
		if (h->codes[i] == code)
			return (int)i;
	if (h->ncodes == HTML_NCODES)
		return -1;
	/* Keep the columns in code order, so colours follow codes. */
	for (i = h->ncodes; i > 0 && h->codes[i - 1] > code; i--)
		;
	memmove(&h->codes[i + 1], &h->codes[i],
	    (h->ncodes - i) * sizeof(h->codes[0]));
	h->codes[i] = code;
	h->ncodes++;
	for (size_t k = 0; k < h->nb; k++) {
		memmove(&h->b[k].n[i + 1], &h->b[k].n[i],
		    (h->ncodes - 1 - i) * sizeof(h->b[k].n[0]));
		h->b[k].n[i] = 0;
	}
	return (int)i;
}

/* bucket_get - the bucket of an hour, inserted in order; NULL: full. */
static struct hbucket *
bucket_get(struct hw *h, long hour)
{
	size_t	lo = 0, hi = h->nb, mid;

	/* Logs come in time order: the last bucket is the usual hit. */
	if (h->nb > 0 && h->b[h->nb - 1].hour == hour)
		return &h->b[h->nb - 1];
	if (h->nb > 0 && h->b[h->nb - 1].hour < hour)
		lo = h->nb;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->b[mid].hour == hour)
			return &h->b[mid];
		if (h->b[mid].hour < hour)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (h->nb == HTML_MAX_BUCKETS)
		return NULL;
	if (h->nb == h->capb) {
		h->capb = h->capb ? h->capb * 2 : 256;
		h->b = xreallocarray(h->b, h->capb, sizeof(*h->b));
	}
	memmove(&h->b[lo + 1], &h->b[lo], (h->nb - lo) * sizeof(*h->b));
	memset(&h->b[lo], 0, sizeof(*h->b));
	h->b[lo].hour = hour;
	h->nb++;
	return &h->b[lo];
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
html_rule_add(struct hw *h, const struct rule_info *r, const char *program)
{
	size_t	i;

	if (r == NULL || r->id == NULL) {
		h->norule++;
		return;
	}
	for (i = 0; i < h->nrules; i++)
		if (strcmp(h->rules[i].id, r->id) == 0) {
			h->rules[i].n++;
			rfix_add(&h->rules[i].fixes, r, program);
			return;
		}
	if (h->nrules == HTML_MAX_RULES) {
		h->norule++;
		return;
	}
	h->rules[i].id = xstrdup(r->id);
	h->rules[i].cause = xstrdup(r->cause != NULL ? r->cause : "other");
	h->rules[i].title = dup_or_null(r->title);
	h->rules[i].severity = dup_or_null(r->severity);
	h->rules[i].who = dup_or_null(r->who);
	h->rules[i].meaning = dup_or_null(r->meaning);
	h->rules[i].when = dup_or_null(r->when);
	memset(&h->rules[i].fixes, 0, sizeof(h->rules[i].fixes));
	rfix_add(&h->rules[i].fixes, r, program);
	h->rules[i].n = 1;
	h->nrules++;
}

/* jstr - a JSON string of untrusted text (U+FFFD for bad bytes). */
static json_t *
jstr(const char *s)
{
	json_t	*j;
	char	*clean;

	if (s == NULL)
		return json_null();
	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	clean = utf8_sanitize(s, strlen(s));
	j = json_string(clean);
	free(clean);
	return j;
}

/* row_add - the finding as one table row of compact JSON text. */
static void
row_add(struct hw *h, const struct finding *f)
{
	char		 ts[REPORT_TIMELEN], peer[512], src[512];
	const char	*name, *ip;
	json_t		*row;
	char		*txt;
	const char	*p;
	size_t		 len;
	int		 out = f->dir == EV_DIR_OUT;

	name = out ? f->relay_name : f->client_name;
	ip = out ? f->relay_ip : f->client_ip;
	if (name != NULL && ip != NULL)
		snprintf(peer, sizeof(peer), "%s[%s]", name, ip);
	else
		snprintf(peer, sizeof(peer), "%s", ip != NULL ? ip :
		    name != NULL ? name : "");
	snprintf(src, sizeof(src), "%s:%lu", f->file != NULL ? f->file : "-",
	    f->line);
	row = json_array();
	json_array_append_new(row, jstr(report_isotime(ts, f->when, f->usec) ?
	    ts : NULL));
	json_array_append_new(row, json_integer(f->code));
	json_array_append_new(row, json_string(f->code_src ==
	    EV_CODE_INFERRED ? "inferred" : "logged"));
	json_array_append_new(row, jstr(f->rule != NULL && f->rule->cause ?
	    f->rule->cause : HTML_NO_CAUSE));
	json_array_append_new(row, jstr(f->rule != NULL ? f->rule->id : NULL));
	json_array_append_new(row, jstr(ev_dir_name(f->dir)));
	json_array_append_new(row, jstr(peer));
	json_array_append_new(row, jstr(f->command));
	json_array_append_new(row, jstr(f->enhanced));
	json_array_append_new(row, jstr(f->text));
	json_array_append_new(row, jstr(f->explanation != NULL ?
	    f->explanation : f->why));
	json_array_append_new(row, jstr(src));
	txt = json_dumps(row, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_decref(row);
	if (txt == NULL)
		return;
	/* '<' only occurs inside JSON strings: as \u003c no "<!--" or
	 * "<script" can change how the HTML parser reads the element. */
	len = strlen(txt);
	if (h->rowlen + len * 6 + 2 > h->rowcap) {
		h->rowcap = (h->rowlen + len * 6 + 2) * 2;
		h->rows = xrealloc(h->rows, h->rowcap);
	}
	if (h->rowlen > 0)
		h->rows[h->rowlen++] = ',';
	for (p = txt; *p != '\0'; p++) {
		if (*p == '<') {
			memcpy(h->rows + h->rowlen, "\\u003c", 6);
			h->rowlen += 6;
		} else
			h->rows[h->rowlen++] = *p;
	}
	h->rows[h->rowlen] = '\0';
	free(txt);
	h->nrows++;
}

static int
html_finding(void *arg, const struct finding *f)
{
	struct hw	*h = arg;
	struct hbucket	*b;
	int		 col;

	h->nfindings++;
	col = code_col(h, f->code);
	if (col < 0)
		h->othercode++;
	else if (f->when == 0)
		h->notime++;
	else if ((b = bucket_get(h, (long)(f->when / 3600))) == NULL)
		h->offchart++;
	else
		b->n[col]++;
	html_rule_add(h, f->rule, f->program);
	if (f->dir == EV_DIR_OUT) {
		if (f->relay_name != NULL || f->relay_ip != NULL)
			tally_add(h->remotes, f->relay_name != NULL ?
			    f->relay_name : f->relay_ip, f->relay_ip);
	} else if (f->client_ip != NULL)
		tally_add(h->clients, f->client_ip, f->client_name);
	if (h->nrows < HTML_MAX_ROWS)
		row_add(h, f);
	return 0;
}

/* chart_time - the time chart of what h gathered (report_html_chart.c). */
static void
chart_time(const struct hw *h)
{
	struct hchart_time	tc;

	tc.b = h->b;
	tc.nb = h->nb;
	tc.codes = h->codes;
	tc.ncodes = h->ncodes;
	tc.notime = h->notime;
	tc.offchart = h->offchart;
	tc.othercode = h->othercode;
	hchart_time(h->out, &tc);
}

/* kv_row - "<tr><th>label</th><td [id]>n</td><td>" and the detail. */
static void
kv_row(FILE *fp, enum msg_id label, const char *id, unsigned long n)
{
	fputs("<tr><th>", fp);
	esc_html(fp, msg(label));
	fprintf(fp, "</th><td%s%s>%lu</td><td>", id != NULL ? " id=" : "",
	    id != NULL ? id : "", n);
}

static void
summary_table(struct hw *h, const struct summary *s)
{
	static const enum msg_id heads[] = { MSG_HTML_COL_FILE,
	    MSG_HTML_COL_FORMAT, MSG_HTML_COL_LINES, MSG_HTML_COL_ERROR };
	FILE	*fp = h->out;
	size_t	 i;

	if (s->interrupted) {
		fputs("<p id=interrupted>", fp);
		esc_html(fp, msg(MSG_INTERRUPTED));
		fputs("</p>\n", fp);
	}
	fputs("<table class=kv>\n", fp);
	kv_row(fp, MSG_FINDINGS, "n-findings", s->findings);
	fprintf(fp, msg(MSG_HTML_FINDINGS_SPLIT), s->findings_logged,
	    s->findings_inferred, s->findings_inbound, s->findings_outbound);
	fputs("</td></tr>\n", fp);
	kv_row(fp, MSG_LINES_READ, "n-lines", s->lines);
	fprintf(fp, msg(MSG_HTML_LINES_SPLIT), s->used, s->ignored,
	    s->unrecognized, s->truncated);
	fputs("</td></tr>\n", fp);
	kv_row(fp, MSG_SESSIONS, NULL, s->sessions);
	fprintf(fp, msg(MSG_HTML_SESSIONS_SPLIT), s->sessions_incomplete,
	    s->sessions_evicted);
	fputs("</td></tr>\n", fp);
	kv_row(fp, MSG_MESSAGES, NULL, s->messages);
	fprintf(fp, msg(MSG_HTML_MESSAGES_SPLIT), s->deliveries,
	    s->rejects);
	fputs("</td></tr>\n</table>\n<details><summary>", fp);
	esc_html(fp, msg(MSG_HTML_INPUTS));
	fputs("</summary><table class=grid><tr>", fp);
	hpage_heads(fp, heads, sizeof(heads) / sizeof(heads[0]));
	fputs("</tr>\n", fp);
	for (i = 0; i < s->ninputs; i++) {
		fputs("<tr><td>", fp);
		esc_html(fp, s->inputs[i].name);
		fputs("</td><td>", fp);
		esc_html(fp, s->inputs[i].format != NULL ? s->inputs[i].format :
		    "-");
		fprintf(fp, "</td><td>%lu</td><td>", s->inputs[i].lines);
		esc_html(fp, s->inputs[i].error);	/* NULL: "" */
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></details>\n", fp);
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct hrule	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->cause, y->cause)) != 0)
		return c;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
advice(struct hw *h)
{
	FILE		*fp = h->out;
	const char	*label[RULE_MTA_N], *fix[RULE_MTA_N];
	size_t		 i, k, nf;

	qsort(h->rules, h->nrules, sizeof(h->rules[0]), rule_cmp);
	for (i = 0; i < h->nrules; i++) {
		const struct hrule	*r = &h->rules[i];

		if (i == 0 || strcmp(r->cause, h->rules[i - 1].cause) != 0) {
			if (i > 0)
				fputs("</section>\n", fp);
			fputs("<section class=cause id=\"cause-", fp);
			esc_html(fp, r->cause);
			fputs("\"><h3>", fp);
			esc_html(fp, r->cause);
			fputs("</h3>\n", fp);
		}
		fprintf(fp, "<div class=rule><h4>");
		esc_html(fp, r->title != NULL ? r->title : r->id);
		fprintf(fp, " <small>%lu &middot; ", r->n);
		esc_html(fp, msg(MSG_HTML_RULE));
		fputs(" ", fp);
		esc_html(fp, r->id);
		fputs(" &middot; ", fp);
		esc_html(fp, r->severity);
		fputs("</small></h4>\n", fp);
		hpage_para(fp, MSG_WHO_MUST_ACT, NULL, msg_value("who_", r->who));
		hpage_para(fp, MSG_MEANING, NULL, r->meaning);
		hpage_para(fp, MSG_WHEN_SEEN, NULL, r->when);
		/* The fix for the MTA of the findings' logs, each when
		 * several. */
		nf = rfix_list(&r->fixes, label, fix);
		for (k = 0; k < nf; k++)
			hpage_para(fp, MSG_FIX, label[k], fix[k]);
		fputs("</div>\n", fp);
	}
	if (h->nrules > 0)
		fputs("</section>\n", fp);
	if (h->norule > 0) {
		fputs("<p class=note>", fp);
		fprintf(fp, msg(MSG_HTML_NO_RULE), h->norule);
		fputs("</p>\n", fp);
	}
}

/* count_cmp - most first, then by name. */
static int
count_cmp(const void *a, const void *b)
{
	const struct summary_count	*x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name != NULL ? x->name : "",
	    y->name != NULL ? y->name : "");
}

/*
 * top_bars - the bar chart of a top list, each bar labelled with its key
 * and, when sub, the item's label below it.
 */
static void
top_bars(FILE *fp, const char *id, const struct tally_item *top, size_t nt,
    int sub, const char *color)
{
	const char	*labels[HTML_TOP], *subs[HTML_TOP];
	unsigned long	 n[HTML_TOP];
	size_t		 i;

	for (i = 0; i < nt; i++) {
		labels[i] = top[i].key;
		subs[i] = sub ? top[i].label : NULL;
		n[i] = top[i].count;
	}
	hchart_bars(fp, id, labels, subs, n, nt, color);
}

static int
html_finish(void *arg, const struct summary *s)
{
	struct hw		*h = arg;
	FILE			*fp = h->out;
	struct tally_item	 top[HTML_TOP];
	const char		*labels[32];
	unsigned long		 n[32];
	size_t			 i, nt;
	char			 now[REPORT_TIMELEN];
	struct summary_count	 causes[sizeof(s->by_cause) /
				    sizeof(s->by_cause[0])];

	hpage_head(fp);
	fputs("<p class=note>", fp);
	/* The version is smtplog's own ("0.1.0"): no markup. */
	fprintf(fp, msg(s->ninputs == 1 ? MSG_HTML_INTRO_1 : MSG_HTML_INTRO_N),
	    s->ninputs, h->version, report_isotime(now, time(NULL), 0) ? now :
	    "?");
	fputs("</p>\n", fp);

	report_html_traffic(fp, s->traffic);

	hpage_heading(fp, MSG_HTML_SUMMARY);
	summary_table(h, s);

	hpage_heading(fp, MSG_HTML_OVER_TIME);
	chart_time(h);

	hpage_heading(fp, MSG_HTML_CAUSES);
	memcpy(causes, s->by_cause, s->ncauses * sizeof(causes[0]));
	qsort(causes, s->ncauses, sizeof(causes[0]), count_cmp);
	for (i = 0; i < s->ncauses && i < 32; i++) {
		labels[i] = causes[i].name;
		n[i] = causes[i].count;
	}
	if (i > 0)
		hchart_bars(fp, "chart-causes", labels, NULL, n, i, "#c0392b");
	else
		hpage_note(fp, MSG_HTML_NO_FINDINGS);

	hpage_heading(fp, MSG_HTML_TOP_CLIENTS);
	nt = tally_top(h->clients, top, HTML_TOP);
	if (nt > 0)
		top_bars(fp, "chart-clients", top, nt, 1, "#2980b9");
	else
		hpage_note(fp, MSG_HTML_NO_INBOUND);
	nt = tally_top(h->remotes, top, HTML_TOP);
	if (nt > 0) {
		hpage_heading(fp, MSG_HTML_TOP_REMOTES);
		top_bars(fp, "chart-remotes", top, nt, 0, "#d68910");
	}

	hpage_heading(fp, MSG_HTML_ADVICE);
	advice(h);
	rpat_html(h->pats, fp);

	hpage_heading(fp, MSG_HTML_FINDINGS);
	if (h->nfindings > h->nrows) {
		fputs("<p class=note id=rows-cut>", fp);
		fprintf(fp, msg(MSG_HTML_ROWS_CUT), h->nrows, h->nfindings);
		fputs("</p>\n", fp);
	}
	hpage_table(fp, h->rows);
	if (fflush(fp) != 0 || ferror(fp))
		return -1;
	return 0;
}

static void
html_free(void *arg)
{
	struct hw	*h = arg;
	size_t		 i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nrules; i++) {
		free(h->rules[i].id);
		free(h->rules[i].cause);
		free(h->rules[i].title);
		free(h->rules[i].severity);
		free(h->rules[i].who);
		free(h->rules[i].meaning);
		free(h->rules[i].when);
		rfix_free(&h->rules[i].fixes);
	}
	tally_free(h->clients);
	tally_free(h->remotes);
	rpat_free(h->pats);
	free(h->b);
	free(h->rows);
	free(h->version);
	free(h);
}

static int
html_pattern(void *arg, const struct pattern *p)
{
	struct hw	*h = arg;

	rpat_add(h->pats, p);
	return 0;
}

const struct report_ops report_html = {
	.pattern = html_pattern,
	.name = "html",
	.open = html_open,
	.finding = html_finding,
	.finish = html_finish,
	.free = html_free,
};
