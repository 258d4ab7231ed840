/*
 * report_text.c - the "text" writer: a report for people at a terminal,
 * like pflogsumm but about failures.  It keeps bounded aggregates while
 * findings arrive and prints everything at finish; the counting of top
 * clients and hosts is tally.c's, the totals are the summary's.
 *
 * Log text is hostile: a client chooses its HELO name and part of every
 * reply text.  Everything that comes from a log or a rule file is written
 * through put_text(), that is escape.c, so that no input can move the
 * cursor, clear the screen or reorder what is shown.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/htab.h"
#include "report.h"
#include "report_fix.h"
#include "report_pat.h"
#include "report_traffic.h"
#include "report_unmatched.h"
#include "core/session.h"
#include "lib/escape.h"
#include "lib/msg.h"
#include "core/tally.h"
#include "lib/xmalloc.h"

#define TEXT_EXAMPLES	5	/* example lines kept per rule */
#define TEXT_TOP	10	/* clients and remote hosts shown */
#define TEXT_WIDTH	80	/* columns off a terminal, without COLUMNS */
#define TEXT_WRAP	100	/* at most, for advice (reading width) */
#define TEXT_TALLY	4096	/* distinct clients or hosts counted */
#define MAX_GROUPS	4096	/* distinct rules */
#define NCODES		1000

#define NO_RULE_CAUSE	"(no rule)"	/* a key, as the causes are */

/* The findings explained by one rule; the strings are copies. */
struct group {
	char		*id;		/* NULL: findings no rule explains */
	char		*cause, *severity, *title;
	char		*who, *meaning, *when;
	struct rfix	 fixes;		/* the fix for each MTA seen */
	unsigned long	 n;
	char		*examples[TEXT_EXAMPLES];	/* rendered lines */
	size_t		 nex;
	size_t		 rank;		/* of its cause, set at finish */
};

/*
 * Memory stays bounded whatever the input: code counts are a fixed array,
 * rules are bounded by the rule set (and MAX_GROUPS), each keeps at most
 * TEXT_EXAMPLES rendered lines, and clients and hosts go to tallies.
 */
struct tw {
	FILE		*out;
	int		 color;
	int		 width;		/* columns (text_width) */
	char		*version;	/* copied from the options */
	unsigned long	 codes[2][NCODES];	/* [inferred][code] */
	unsigned long	 nocode;
	struct group	*groups;
	size_t		 ngroups;
	size_t		 gslots[2 * MAX_GROUPS];	/* index + 1 */
	unsigned long	 ungrouped;	/* findings past MAX_GROUPS rules */
	struct tally	*clients, *remotes;
	struct rpat	*pats;		/* session-level patterns */
	int		 err;
};

/* A cause and its findings, built at finish to order the groups. */
struct cause {
	const char	*name;
	unsigned long	 n;
};

/* SGR sequences, written only when colour is on. */
#define SGR_BOLD	"\033[1m"
#define SGR_RED		"\033[31m"
#define SGR_YELLOW	"\033[33m"
#define SGR_OFF		"\033[0m"

static void
sgr(const struct tw *t, FILE *fp, const char *seq)
{
	if (t->color)
		fputs(seq, fp);
}

static size_t
put_text(FILE *fp, const char *s, size_t max)
{
	if (s == NULL)
		s = "-";
	return esc_put(fp, s, strlen(s), max);
}

/* put_pad - s escaped, cut to width and padded with spaces to it. */
static void
put_pad(FILE *fp, const char *s, size_t width)
{
	size_t	cols;

	cols = put_text(fp, s, width);
	if (cols < width)
		fprintf(fp, "%*s", (int)(width - cols), "");
}

/*
 * text_width - the columns to fit: --width, else the terminal's (ioctl
 * TIOCGWINSZ on the output), else $COLUMNS, else TEXT_WIDTH; 40 at least.
 */
static int
text_width(FILE *out, int asked)
{
	struct winsize	 ws;
	const char	*e = getenv("COLUMNS");
	long		 n;
	char		*end;

	if (asked > 0)
		return asked < 40 ? 40 : asked;
	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col < 40 ? 40 : ws.ws_col;
	if (e != NULL && (n = strtol(e, &end, 10)) > 0 && *end == '\0' &&
	    n <= 1000)
		return n < 40 ? 40 : (int)n;
	return TEXT_WIDTH;
}

/*
 * put_wrapped - "label: s" with s escaped and wrapped to width columns
 * (at most TEXT_WRAP), continuation lines indented by indent + 2.  The
 * label is a catalogue word (msg.h): its columns, not its bytes, count.
 */
static void
put_wrapped(FILE *fp, int width, int indent, const char *label,
    const char *s)
{
	size_t	wrap, col;

	if (s == NULL || *s == '\0')
		return;
	wrap = width < TEXT_WRAP ? (size_t)width : TEXT_WRAP;
	fprintf(fp, "%*s", indent, "");
	col = (size_t)indent + esc_put(fp, label, strlen(label), 0);
	fputs(msg(MSG_COLON), fp);
	col += esc_width(msg(MSG_COLON), strlen(msg(MSG_COLON)));
	(void)esc_wrap(fp, s, col, (size_t)indent + 2, wrap, 1, 0);
	putc('\n', fp);
}

/* put_code - "554", "502 (inferred)" or "---", coloured by class. */
static size_t
put_code(const struct tw *t, FILE *fp, int code, int inferred)
{
	size_t	cols;

	if (code >= 500)
		sgr(t, fp, SGR_RED);
	else if (code >= 400)
		sgr(t, fp, SGR_YELLOW);
	if (code > 0)
		cols = (size_t)fprintf(fp, "%d", code);
	else
		cols = (size_t)fprintf(fp, "---");
	if (inferred) {
		putc(' ', fp);
		cols += 1 + esc_put(fp, msg(MSG_CODE_INFERRED),
		    strlen(msg(MSG_CODE_INFERRED)), 0);
	}
	if (code >= 400)
		sgr(t, fp, SGR_OFF);
	return cols;
}

/* put_peer - "name[ip]" of the other end, or "-". */
static size_t
put_peer(FILE *fp, const char *name, const char *ip, size_t max)
{
	size_t	cols = 0;

	if (name == NULL && ip == NULL)
		return put_text(fp, "-", 0);
	if (name != NULL)
		cols += put_text(fp, name, max / 2);
	if (ip != NULL) {
		cols += (size_t)fprintf(fp, "[");
		cols += put_text(fp, ip, max / 2);
		cols += (size_t)fprintf(fp, "]");
	}
	return cols;
}

/*
 * example - one finding as a line of at most about TEXT_WIDTH columns:
 * time, file:line, the other end, code, enhanced code and text.  Returns
 * a string the caller frees, or NULL.
 */
static char *
example(const struct tw *t, const struct finding *f)
{
	char	 ts[REPORT_TIMELEN], *buf = NULL;
	size_t	 len = 0, cols;
	FILE	*fp;
	int	 out;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	cols = (size_t)fprintf(fp, "    %-20s ",
	    report_isotime(ts, f->when, f->usec) ? ts : "-");
	cols += put_text(fp, f->file, 40);
	cols += (size_t)fprintf(fp, ":%lu ", f->line);
	out = f->dir == EV_DIR_OUT ||
	    (f->dir == EV_DIR_NONE && f->client_ip == NULL);
	if (out)
		cols += put_peer(fp, f->relay_name, f->relay_ip, 60);
	else
		cols += put_peer(fp, f->client_name, f->client_ip, 60);
	putc(' ', fp);
	cols += 1 + put_code(t, fp, f->code, f->code_src == EV_CODE_INFERRED);
	if (f->enhanced != NULL) {
		putc(' ', fp);
		cols += 1 + put_text(fp, f->enhanced, 12);
	}
	if (f->text != NULL) {
		/* The reply whole, wrapped to the width under the line. */
		fputc('\n', fp);
		put_wrapped(fp, t->width, 6, msg(MSG_EXAMPLE_REPLY), f->text);
	} else
		fputc('\n', fp);
	if (f->explanation != NULL)
		put_wrapped(fp, t->width, 6, msg(MSG_EXAMPLE_WHY), f->explanation);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * group_get - the group of rule r (NULL: no rule), made on first sight;
 * NULL once MAX_GROUPS rules are held.  Keyed by the rule id, which is
 * copied, since the rule is only borrowed for the call.
 */
static struct group *
group_get(struct tw *t, const struct rule_info *r)
{
	const size_t	 mask = sizeof(t->gslots) / sizeof(t->gslots[0]) - 1;
	const char	*key = r != NULL && r->id != NULL ? r->id : "";
	struct group	*g;
	size_t		 i;

	for (i = htab_hash(key) & mask; t->gslots[i] != 0; i = (i + 1) & mask) {
		g = &t->groups[t->gslots[i] - 1];
		if (strcmp(g->id != NULL ? g->id : "", key) == 0)
			return g;
	}
	if (t->ngroups == MAX_GROUPS)
		return NULL;
	if ((t->ngroups & (t->ngroups - 1)) == 0)	/* 0, 1, 2, 4, ... */
		t->groups = xreallocarray(t->groups,
		    t->ngroups == 0 ? 1 : t->ngroups * 2, sizeof(*t->groups));
	g = &t->groups[t->ngroups++];
	memset(g, 0, sizeof(*g));
	t->gslots[i] = t->ngroups;
	if (r == NULL || r->id == NULL) {
		g->cause = xstrdup(NO_RULE_CAUSE);
		g->title = xstrdup(msg(MSG_NO_RULE_TITLE));
		return g;
	}
	g->id = xstrdup(r->id);
	g->cause = xstrdup(r->cause != NULL ? r->cause : "other");
	g->severity = xstrdup_or_null(r->severity);
	g->title = xstrdup_or_null(r->title);
	g->who = xstrdup_or_null(r->who);
	g->meaning = xstrdup_or_null(r->meaning);
	g->when = xstrdup_or_null(r->when);
	return g;
}

static void *
text_open(FILE *out, const struct report_opts *opts)
{
	struct tw	*t;

	t = xcalloc(1, sizeof(*t));
	t->out = out;
	t->color = opts != NULL && opts->color;
	t->width = text_width(out, opts != NULL ? opts->width : 0);
	t->version = xstrdup_or_null(opts != NULL ? opts->version : NULL);
	t->clients = tally_new(TEXT_TALLY);
	t->pats = rpat_new();
	t->remotes = tally_new(TEXT_TALLY);
	return t;
}

/*
 * remote - count a remote server by name.  A name is shown with its
 * address only while it had one: values 0 and 1 of its tally entry hold
 * the hash (+ 1) of the first address and whether another came.
 */
static void
remote(struct tw *t, const char *name, const char *ip)
{
	unsigned long long	*v;
	unsigned long long	 h;

	if ((v = tally_hit(t->remotes, name, ip)) == NULL || ip == NULL)
		return;
	h = (unsigned long long)htab_hash(ip) + 1;
	if (v[0] == 0)
		v[0] = h;
	else if (v[0] != h)
		v[1] = 1;
}

/*
 * text_finding - count f; nothing is written before finish.  An example
 * is rendered now, while f's strings are still valid, and only for the
 * first few findings of its rule.
 */
static int
text_finding(void *arg, const struct finding *f)
{
	struct tw	*t = arg;
	struct group	*g;

	if (f->code > 0 && f->code < NCODES)
		t->codes[f->code_src == EV_CODE_INFERRED][f->code]++;
	else
		t->nocode++;

	if ((g = group_get(t, f->rule)) == NULL)
		t->ungrouped++;
	else {
		rfix_add(&g->fixes, f->rule, f->program);
		if (g->n++ < TEXT_EXAMPLES && g->nex < TEXT_EXAMPLES)
			g->examples[g->nex++] = example(t, f);
	}

	/*
	 * Clients count by address, remote servers by name (one name, many
	 * MX addresses); the label is the other half, when there is one.
	 */
	if (f->dir == EV_DIR_OUT ||
	    (f->dir == EV_DIR_NONE && f->client_ip == NULL)) {
		if (f->relay_name != NULL)
			remote(t, f->relay_name, f->relay_ip);
		else if (f->relay_ip != NULL)
			tally_add(t->remotes, f->relay_ip, NULL);
	} else if (f->client_ip != NULL)
		tally_add(t->clients, f->client_ip, f->client_name);
	else if (f->client_name != NULL)
		tally_add(t->clients, f->client_name, NULL);
	return 0;
}

#define heading(t, title)	report_text_heading((t)->out, (t)->color, title)

/* totals - the period, the traffic (report_text_traffic.c), then where
 * the lines went and what was found (report_text_scan.c). */
static void
totals(const struct tw *t, const struct summary *s, const char *version)
{
	report_text_period(t->out, s->traffic, version, t->width, t->color);
	if (s->interrupted)
		fprintf(t->out, "\n  %s\n", msg(MSG_INTERRUPTED));
	report_text_traffic(t->out, s->traffic, t->width, t->color);
	report_text_scan(t->out, s, t->color);
}

static void
by_code(const struct tw *t)
{
	size_t	code, cols;
	int	inf;

	heading(t, MSG_HEAD_BY_CODE);
	for (code = 1; code < NCODES; code++)
		for (inf = 0; inf < 2; inf++) {
			if (t->codes[inf][code] == 0)
				continue;
			fputs("  ", t->out);
			cols = put_code(t, t->out, (int)code, inf);
			fprintf(t->out, "%*s %10lu\n",
			    cols < 16 ? (int)(16 - cols) : 0, "",
			    t->codes[inf][code]);
		}
	if (t->nocode > 0) {
		fputs("  ", t->out);
		(void)esc_pad(t->out, msg(MSG_NO_CODE), 16, 0);
		fprintf(t->out, " %10lu\n", t->nocode);
	}
}

/*
 * top - the TEXT_TOP keys of a tally: count, then "name[ip]".  Clients are
 * keyed by address with the name as label, remote hosts the other way.
 */
static void
top(const struct tw *t, struct tally *ty, enum msg_id title, int by_name)
{
	struct tally_item	it[TEXT_TOP];
	size_t			i, n;

	if ((n = tally_top(ty, it, TEXT_TOP)) == 0)
		return;
	heading(t, title);
	for (i = 0; i < n; i++) {
		fprintf(t->out, "  %10lu  ", it[i].count);
		if (by_name && it[i].v[1] != 0) {
			put_peer(t->out, it[i].key, NULL, 100);
			fprintf(t->out, " %s", msg(MSG_SEVERAL_ADDRESSES));
		} else if (by_name || it[i].label == NULL)
			put_peer(t->out, it[i].key, it[i].label, 100);
		else
			put_peer(t->out, it[i].label, it[i].key, 100);
		fputc('\n', t->out);
	}
	if (!tally_exact(ty)) {
		fputs("  ", t->out);
		fprintf(t->out, msg(MSG_TALLY_INEXACT), TEXT_TALLY);
		fputc('\n', t->out);
	}
}

static int
cause_cmp(const void *a, const void *b)
{
	const struct cause	*x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
group_cmp(const void *a, const void *b)
{
	const struct group	*x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->id != NULL ? x->id : "", y->id != NULL ? y->id : "");
}

/*
 * rank - the causes with their findings, most first, and every group's
 * place in that order; groups are sorted by it.  Returns the causes (the
 * caller frees) and their number in *n.
 */
static struct cause *
rank(struct tw *t, size_t *n)
{
	struct cause	*c;
	size_t		 i, j, nc = 0;

	c = xreallocarray(NULL, t->ngroups + 1, sizeof(*c));
	for (i = 0; i < t->ngroups; i++) {
		for (j = 0; j < nc; j++)
			if (strcmp(c[j].name, t->groups[i].cause) == 0)
				break;
		if (j == nc) {
			c[nc].name = t->groups[i].cause;
			c[nc++].n = 0;
		}
		c[j].n += t->groups[i].n;
	}
	qsort(c, nc, sizeof(*c), cause_cmp);
	for (i = 0; i < t->ngroups; i++)
		for (j = 0; j < nc; j++)
			if (strcmp(c[j].name, t->groups[i].cause) == 0)
				t->groups[i].rank = j;
	/* The slots point into groups by index: sorting ends lookups,
	 * which is fine at finish. */
	qsort(t->groups, t->ngroups, sizeof(*t->groups), group_cmp);
	*n = nc;
	return c;
}

/* advice - a rule's explanation, once, then its examples. */
static void
advice(const struct tw *t, const struct group *g)
{
	FILE		*fp = t->out;
	const char	*label[RULE_MTA_N], *fix[RULE_MTA_N];
	char		 lb[160];
	size_t		 i, nf;

	fputs("\n  ", fp);
	sgr(t, fp, SGR_BOLD);
	if (g->id != NULL) {
		put_text(fp, g->id, 60);
		fputs(": ", fp);
	}
	put_text(fp, g->title, 100);
	sgr(t, fp, SGR_OFF);
	fprintf(fp, "  (%lu", g->n);
	if (g->severity != NULL) {
		fputs(", ", fp);
		put_text(fp, g->severity, 20);
	}
	fputs(")\n", fp);
	put_wrapped(fp, t->width, 4, msg(MSG_WHO_MUST_ACT),
	    msg_value("who_", g->who));
	put_wrapped(fp, t->width, 4, msg(MSG_MEANING), g->meaning);
	put_wrapped(fp, t->width, 4, msg(MSG_WHEN), g->when);
	/* The fix for the MTA of the findings' logs, each when several. */
	nf = rfix_list(&g->fixes, label, fix);
	for (i = 0; i < nf; i++) {
		snprintf(lb, sizeof(lb), "%s%s%s%s", msg(MSG_FIX),
		    label[i] ? " (" : "", label[i] ? label[i] : "",
		    label[i] ? ")" : "");
		put_wrapped(fp, t->width, 4, lb, fix[i]);
	}
	for (i = 0; i < g->nex; i++)
		if (g->examples[i] != NULL)
			fputs(g->examples[i], fp);
	if (g->n > g->nex) {
		fputs("    ", fp);
		fprintf(fp, msg(MSG_AND_MORE), g->n - g->nex);
		fputc('\n', fp);
	}
}

/* causes - the findings grouped by cause, most first, then by rule. */
static void
causes(struct tw *t)
{
	struct cause	*c;
	size_t		 nc, i, g = 0;

	c = rank(t, &nc);
	heading(t, MSG_HEAD_BY_CAUSE);
	for (i = 0; i < nc; i++) {
		fputs("  ", t->out);
		put_pad(t->out, c[i].name, 28);
		fprintf(t->out, " %10lu\n", c[i].n);
	}
	for (i = 0; i < nc; i++) {
		fputc('\n', t->out);
		sgr(t, t->out, SGR_BOLD);
		put_text(t->out, c[i].name, 60);
		fputs(": ", t->out);
		fprintf(t->out, msg(c[i].n == 1 ? MSG_N_FINDING :
		    MSG_N_FINDINGS), c[i].n);
		sgr(t, t->out, SGR_OFF);
		fputc('\n', t->out);
		for (; g < t->ngroups && t->groups[g].rank == i; g++)
			advice(t, &t->groups[g]);
	}
	if (t->ungrouped > 0) {
		fputc('\n', t->out);
		fprintf(t->out, msg(MSG_FURTHER_RULES), t->ungrouped);
		fputc('\n', t->out);
	}
	free(c);
}

static int
text_finish(void *arg, const struct summary *s)
{
	struct tw	*t = arg;
	int		 rv = 0;

	errno = 0;
	totals(t, s, t->version);
	if (s->findings == 0 && t->ngroups == 0)
		fprintf(t->out, "\n%s\n", msg(MSG_NO_FAILURES));
	else {
		by_code(t);
		top(t, t->clients, MSG_HEAD_TOP_CLIENTS, 0);
		top(t, t->remotes, MSG_HEAD_TOP_REMOTES, 1);
		causes(t);
	}
	report_unmatched_text(t->out, s, t->color, t->width);
	rpat_text(t->pats, t->out, t->color, t->width);
	if (fflush(t->out) != 0 || ferror(t->out))
		rv = -1;
	if (rv != 0 && t->err == 0)
		t->err = errno != 0 ? errno : EIO;
	if (t->err != 0) {
		errno = t->err;
		return -1;
	}
	return 0;
}

static void
text_free(void *arg)
{
	struct tw	*t = arg;
	struct group	*g;
	size_t		 i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->ngroups; i++) {
		g = &t->groups[i];
		free(g->id);
		free(g->cause);
		free(g->severity);
		free(g->title);
		free(g->who);
		free(g->meaning);
		free(g->when);
		rfix_free(&g->fixes);
		for (j = 0; j < g->nex; j++)
			free(g->examples[j]);
	}
	free(t->groups);
	free(t->version);
	tally_free(t->clients);
	tally_free(t->remotes);
	rpat_free(t->pats);
	free(t);
}

static int
text_pattern(void *arg, const struct pattern *p)
{
	struct tw	*t = arg;

	rpat_add(t->pats, p);
	return 0;
}

const struct report_ops report_text = {
	"text", text_open, text_finding, text_finish, text_free, text_pattern
};
