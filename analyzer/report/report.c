/*
 * report.c - the registry of writers, looked up by the name given to
 * --output, and the timestamp form they share.  The writers themselves
 * live in report_json.c, report_text.c and report_prom.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

char *
report_isotime(char *buf, time_t when, int usec)
{
	struct tm	tm;
	size_t		n;

	buf[0] = '\0';
	if (when == 0 || gmtime_r(&when, &tm) == NULL)
		return NULL;
	if ((n = strftime(buf, REPORT_TIMELEN, "%Y-%m-%dT%H:%M:%S", &tm)) == 0)
		return NULL;
	/* A microsecond part only when the log had one: most syslog lines
	 * are whole seconds, and "…:42.000000Z" would only add noise. */
	if (usec > 0 && usec < 1000000)
		snprintf(buf + n, REPORT_TIMELEN - n, ".%06dZ", usec);
	else
		snprintf(buf + n, REPORT_TIMELEN - n, "Z");
	return buf;
}
