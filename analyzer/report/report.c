/*
 * report.c - the registry of writers, looked up by the name given to
 * --output, and the summary-json writer.  The others live in
 * report_json.c, report_text.c, report_html.c and report_prom.c; the
 * timestamp form they share in report_time.c.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

/*
 * summary-json: the summary record alone, one line, as NDJSON ends with.
 * Partials for `smtplog merge`; the findings are counted, not written.
 */
static int
summary_finding(void *arg, const struct finding *f)
{
	(void)arg;
	(void)f;
	return 0;
}

static void *
summary_open(FILE *out, const struct report_opts *opts)
{
	return report_ndjson.open(out, opts);
}

static int
summary_finish(void *arg, const struct summary *s)
{
	return report_ndjson.finish(arg, s);
}

static void
summary_free(void *arg)
{
	report_ndjson.free(arg);
}

/* The summary counts patterns by name itself (pat_summary). */
static int
summary_pattern(void *arg, const struct pattern *p)
{
	(void)arg;
	(void)p;
	return 0;
}

const struct report_ops report_summary = {
	.pattern = summary_pattern,
	.name = "summary-json",
	.open = summary_open,
	.finding = summary_finding,
	.finish = summary_finish,
	.free = summary_free,
};

static const struct report_ops *const writers[] = {
	&report_json,
	&report_ndjson,
	&report_text,
	&report_prometheus,
	&report_summary,
	&report_html,
};

const struct report_ops *
report_find(const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}
