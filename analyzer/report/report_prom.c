/*
 * report_prom.c - the Prometheus writer: the scan's counts in the text
 * exposition format (version 0.0.4), for node_exporter's textfile
 * collector.  Findings are counted by code, cause, direction and code
 * source as they come; nothing is written before finish(), so the output
 * is one consistent snapshot.
 *
 * Every metric is a gauge: it describes the logs scanned by this run, not
 * a counter that only grows (a scan of other files may give less).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/traffic.h"
#include "report.h"
#include "lib/xmalloc.h"

#define PROM_NO_CAUSE	"unclassified"

struct prom_key {
	int		 code;
	enum ev_code_src src;
	enum ev_dir	 dir;
	char		 cause[32];
	unsigned long	 n;
};

struct prom {
	FILE		*out;
	char		*version;
	struct prom_key	*keys;
	size_t		 nkeys, capkeys;
	size_t		 last;		/* index of the last key hit */
	unsigned long	 pats[PAT__COUNT][3];	/* [kind][enum ev_dir] */
};

static void *
prom_open(FILE *out, const struct report_opts *opts)
{
	struct prom	*p;

	p = xcalloc(1, sizeof(*p));
	p->out = out;
	p->version = xstrdup(opts != NULL && opts->version != NULL ?
	    opts->version : "unknown");
	return p;
}

static int
key_eq(const struct prom_key *k, int code, enum ev_code_src src,
    enum ev_dir dir, const char *cause)
{
	return k->code == code && k->src == src && k->dir == dir &&
	    strcmp(k->cause, cause) == 0;
}

/*
 * prom_finding - count f under its labels.  The label sets are few (codes
 * x causes x 2 x 2), so a linear search with a cache of the last hit
 * costs less than hashing.
 */
static int
prom_finding(void *arg, const struct finding *f)
{
	struct prom	*p = arg;
	const char	*cause = f->rule != NULL && f->rule->cause != NULL ?
			    f->rule->cause : PROM_NO_CAUSE;
	size_t		 i;

	if (p->nkeys > 0 && key_eq(&p->keys[p->last], f->code, f->code_src,
	    f->dir, cause)) {
		p->keys[p->last].n++;
		return 0;
	}
	for (i = 0; i < p->nkeys; i++)
		if (key_eq(&p->keys[i], f->code, f->code_src, f->dir, cause))
			break;
	if (i == p->nkeys) {
		if (p->nkeys == p->capkeys) {
			p->capkeys = p->capkeys ? p->capkeys * 2 : 32;
			p->keys = xreallocarray(p->keys, p->capkeys,
			    sizeof(*p->keys));
		}
		memset(&p->keys[i], 0, sizeof(p->keys[i]));
		p->keys[i].code = f->code;
		p->keys[i].src = f->code_src;
		p->keys[i].dir = f->dir;
		snprintf(p->keys[i].cause, sizeof(p->keys[i].cause), "%s",
		    cause);
		p->nkeys++;
	}
	p->keys[i].n++;
	p->last = i;
	return 0;
}

/* key_cmp - a stable order: code, cause, direction, source. */
static int
key_cmp(const void *a, const void *b)
{
	const struct prom_key	*x = a, *y = b;
	int			 c;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if ((c = strcmp(x->cause, y->cause)) != 0)
		return c;
	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return 0;
}

/* label - a label value escaped as the exposition format wants. */
static void
label(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(fp, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", fp);
		else
			putc(*s, fp);
	}
}

static void
head(FILE *fp, const char *name, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
gauge(FILE *fp, const char *name, const char *help, unsigned long long v)
{
	head(fp, name, help);
	fprintf(fp, "%s %llu\n", name, v);
}

/*
 * traffic - the traffic counts (core/traffic.h), one metric per kind of
 * count with a label for which; message states from TRAFFIC_TOTALS but
 * for the deferral lines and the bytes, which have their own.
 */
static void
traffic(FILE *fp, const struct traffic_report *r)
{
	if (r == NULL)
		return;
	head(fp, "smtplog_traffic_messages", "Messages by what happened to "
	    "them, as pflogsumm and eximstats count them (delivered, "
	    "bounced: per recipient; deferred: messages with a deferral).");
#define PROM_STATE(n) 	if (strcmp(#n, "deferrals") != 0 && strncmp(#n, "bytes_", 6) != 0) 		fprintf(fp, "smtplog_traffic_messages{state=\"%s\"} %llu\n", 		    #n, r->n);
	TRAFFIC_TOTALS(PROM_STATE)
#undef PROM_STATE
	gauge(fp, "smtplog_traffic_deferrals", "Deferral lines (delivery "
	    "attempts that will be retried).", r->deferrals);
	head(fp, "smtplog_traffic_bytes", "Bytes of the messages received "
	    "here, and of each delivery.");
	fprintf(fp, "smtplog_traffic_bytes{direction=\"received\"} %llu\n",
	    r->bytes_received);
	fprintf(fp, "smtplog_traffic_bytes{direction=\"delivered\"} %llu\n",
	    r->bytes_delivered);
	head(fp, "smtplog_traffic_addresses", "Different sender and recipient "
	    "addresses and domains (estimated beyond 50000 each).");
#define PROM_KIND(n) 	fprintf(fp, "smtplog_traffic_addresses{kind=\"%s\"} %llu\n", #n, 	    r->n);
	TRAFFIC_DISTINCT(PROM_KIND)
#undef PROM_KIND
	head(fp, "smtplog_traffic_log_lines", "The mail daemons' own warning, "
	    "error, fatal and panic lines.");
#define PROM_LEVEL(n) 	fprintf(fp, "smtplog_traffic_log_lines{level=\"%s\"} %llu\n", #n, 	    r->n);
	TRAFFIC_LEVELS(PROM_LEVEL)
#undef PROM_LEVEL
	if (r->first == 0)
		return;
	head(fp, "smtplog_traffic_period_seconds", "The first and last event "
	    "read, seconds since the epoch.");
	fprintf(fp, "smtplog_traffic_period_seconds{edge=\"first\"} %lld\n",
	    (long long)r->first);
	fprintf(fp, "smtplog_traffic_period_seconds{edge=\"last\"} %lld\n",
	    (long long)r->last);
}

static int
prom_finish(void *arg, const struct summary *s)
{
	struct prom	*p = arg;

	return report_prom_write(p, p->out, s);
}

int
report_prom_write(void *arg, FILE *fp, const struct summary *s)
{
	struct prom	*p = arg;
	const char	*dir, *src;
	size_t		 i;

	head(fp, "smtplog_info", "Version of smtplog that wrote these "
	    "metrics.");
	fputs("smtplog_info{version=\"", fp);
	label(fp, p->version);
	fputs("\"} 1\n", fp);

	if (p->nkeys > 1)	/* keys is NULL before the first finding */
		qsort(p->keys, p->nkeys, sizeof(*p->keys), key_cmp);
	head(fp, "smtplog_findings", "Failing SMTP replies found in the "
	    "scanned logs, by reply code, cause, direction and whether the "
	    "code was logged or inferred.");
	for (i = 0; i < p->nkeys; i++) {
		dir = ev_dir_name(p->keys[i].dir);
		src = ev_code_src_name(p->keys[i].src);
		fprintf(fp, "smtplog_findings{code=\"%d\",cause=\"",
		    p->keys[i].code);
		label(fp, p->keys[i].cause);
		fprintf(fp, "\",direction=\"%s\",code_source=\"%s\"} %lu\n",
		    dir != NULL ? dir : "", src != NULL ? src : "none",
		    p->keys[i].n);
	}

	head(fp, "smtplog_lines", "Log lines read, by what the parser made "
	    "of them; their sum is every line read.");
	fprintf(fp, "smtplog_lines{state=\"used\"} %lu\n", s->used);
	fprintf(fp, "smtplog_lines{state=\"ignored\"} %lu\n", s->ignored);
	fprintf(fp, "smtplog_lines{state=\"unrecognized\"} %lu\n",
	    s->unrecognized);
	gauge(fp, "smtplog_lines_truncated", "Lines cut at the line bound.",
	    s->truncated);
	gauge(fp, "smtplog_lines_nul_bytes", "Lines that held NUL bytes.",
	    s->nul_bytes);
	gauge(fp, "smtplog_lines_invalid_utf8", "Lines with invalid UTF-8.",
	    s->invalid_utf8);
	gauge(fp, "smtplog_lines_damaged", "Lines decoded from damaged gzip "
	    "data.", s->damaged);
	gauge(fp, "smtplog_findings_text_truncated", "Findings whose reply "
	    "text was cut at the 4095-byte bound.", s->text_truncated);
	gauge(fp, "smtplog_bytes_read", "Uncompressed bytes read.", s->bytes);
	gauge(fp, "smtplog_interrupted", "1 when SIGINT or SIGTERM stopped "
	    "the scan before the end of its input.", s->interrupted != 0);
	gauge(fp, "smtplog_inputs", "Inputs scanned.", s->ninputs);
	gauge(fp, "smtplog_input_errors", "Inputs that could not be read to "
	    "their end (missing, corrupt gzip, unknown format).",
	    s->input_errors);
	gauge(fp, "smtplog_sessions", "SMTP sessions seen.", s->sessions);
	gauge(fp, "smtplog_sessions_incomplete", "Sessions still open at the "
	    "end of the input.", s->sessions_incomplete);
	gauge(fp, "smtplog_sessions_evicted", "Sessions closed early by the "
	    "memory bound (--max-sessions).", s->sessions_evicted);
	gauge(fp, "smtplog_messages", "Queued messages seen.", s->messages);
	gauge(fp, "smtplog_messages_incomplete", "Messages still queued at "
	    "the end of the input.", s->messages_incomplete);
	gauge(fp, "smtplog_messages_evicted", "Messages closed early by the "
	    "memory bound.", s->messages_evicted);
	gauge(fp, "smtplog_deliveries", "Delivery attempts seen.",
	    s->deliveries);
	gauge(fp, "smtplog_rejects", "Rejections logged by the server, any "
	    "code.", s->rejects);
	gauge(fp, "smtplog_inferred_failures_without_code", "Failed commands "
	    "known from counters whose reply code the server does not fix.",
	    s->inferred_failures_without_code);
	head(fp, "smtplog_patterns", "Session-level patterns found (each a "
	    "burst of findings of one key), by pattern and direction.");
	for (i = 0; i < PAT__COUNT; i++) {
		int	d;

		for (d = EV_DIR_IN; d <= EV_DIR_OUT; d++)
			if (p->pats[i][d] > 0)
				fprintf(fp, "smtplog_patterns{pattern=\"%s\","
				    "direction=\"%s\"} %lu\n",
				    pat_name((enum pat_kind)i),
				    ev_dir_name((enum ev_dir)d), p->pats[i][d]);
	}
	gauge(fp, "smtplog_patterns_dropped", "Findings the pattern detector "
	    "did not use (its memory bounds).", s->patterns_dropped);
	traffic(fp, s->traffic);
	gauge(fp, "smtplog_scan_timestamp_seconds", "When this scan ended, "
	    "seconds since the epoch.", (unsigned long long)time(NULL));
	if (fflush(fp) != 0 || ferror(fp))
		return -1;
	return 0;
}

static void
prom_free(void *arg)
{
	struct prom	*p = arg;

	if (p == NULL)
		return;
	free(p->keys);
	free(p->version);
	free(p);
}

static int
prom_pattern(void *arg, const struct pattern *pt)
{
	struct prom	*p = arg;
	int		 k = pat_kind_find(pt->name);

	if (k >= 0 && pt->dir >= EV_DIR_NONE && pt->dir <= EV_DIR_OUT)
		p->pats[k][pt->dir]++;
	return 0;
}

const struct report_ops report_prometheus = {
	.pattern = prom_pattern,
	.name = "prometheus",
	.open = prom_open,
	.finding = prom_finding,
	.finish = prom_finish,
	.free = prom_free,
};
