/*
 * merge.c - `smtplog merge`: add up summary records written by separate
 * scans (`--output summary-json`, or the last line of `--output ndjson`,
 * or the "summary" of `--output json`) into the one summary a single scan
 * of all their inputs would give, for scale-out: many mappers scan a file
 * each, one reducer merges.
 *
 * Every count of a summary is a sum over inputs, so the merge is exact,
 * with one limit: a session or message that spans two files scanned by
 * different mappers is counted once by each (incomplete in both), where
 * one scan would have joined it.  Session-level patterns are added up by
 * name the same way: a burst that crosses two partials is one pattern in
 * each, or none when neither half reaches the threshold; they are not
 * joined.  A bad partial makes the merge fail with nothing written: a
 * wrong total is worse than none.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/finding.h"
#include "lib/log.h"
#include "report/report.h"
#include "lib/xmalloc.h"

#define MERGE_MAX_CAUSES	(sizeof(((struct summary *)0)->by_cause) / \
				 sizeof(((struct summary *)0)->by_cause[0]))

struct merge {
	struct summary		 sum;
	struct summary_input	*ins;
	size_t			 capins;
	json_t			*keep;		/* owns the strings borrowed
						 * by sum and ins */
	char			 codes[SUMMARY_MAX_CODES][16];
	const char		*version;
	unsigned long		 nparts;
};

/* num - the count at obj.key, or -1 when it is not a whole number >= 0. */
static long long
num(const json_t *obj, const char *key)
{
	const json_t	*v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	return json_integer_value(v);
}

/* The summary's scalar counts: JSON path (object, key) -> field. */
#define F(field)	offsetof(struct summary, field)
static const struct {
	const char	*obj;		/* NULL: top level */
	const char	*key;
	size_t		 off;
	int		 wide;		/* unsigned long long */
} counts[] = {
	{ "lines", "read", F(lines), 0 },
	{ "lines", "used", F(used), 0 },
	{ "lines", "ignored", F(ignored), 0 },
	{ "lines", "unrecognized", F(unrecognized), 0 },
	{ "lines", "truncated", F(truncated), 0 },
	{ "lines", "nul_bytes", F(nul_bytes), 0 },
	{ "lines", "invalid_utf8", F(invalid_utf8), 0 },
	{ NULL, "bytes", F(bytes), 1 },
	{ NULL, "input_errors", F(input_errors), 0 },
	{ "sessions", "total", F(sessions), 0 },
	{ "sessions", "incomplete", F(sessions_incomplete), 0 },
	{ "sessions", "evicted", F(sessions_evicted), 0 },
	{ "messages", "total", F(messages), 0 },
	{ "messages", "incomplete", F(messages_incomplete), 0 },
	{ "messages", "evicted", F(messages_evicted), 0 },
	{ NULL, "deliveries", F(deliveries), 0 },
	{ NULL, "rejects", F(rejects), 0 },
	{ "findings", "total", F(findings), 0 },
	{ "findings", "logged", F(findings_logged), 0 },
	{ "findings", "inferred", F(findings_inferred), 0 },
	{ "findings", "inbound", F(findings_inbound), 0 },
	{ "findings", "outbound", F(findings_outbound), 0 },
	{ "findings", "inferred_failures_without_code",
	    F(inferred_failures_without_code), 0 },
	{ "findings", "inferred_over_cap", F(inferred_over_cap), 0 },
};
#undef F

/* input_add - one entry of a partial's "inputs" array. */
static const char *
input_add(struct merge *m, const json_t *j)
{
	struct summary_input	*in;
	const json_t		*v;

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "file")))
		return "an input without a file name";
	if (m->sum.ninputs == m->capins) {
		m->capins = m->capins ? m->capins * 2 : 16;
		m->ins = xreallocarray(m->ins, m->capins, sizeof(*m->ins));
	}
	in = &m->ins[m->sum.ninputs];
	memset(in, 0, sizeof(*in));
	in->name = json_string_value(json_object_get(j, "file"));
	v = json_object_get(j, "format");
	in->format = json_is_string(v) ? json_string_value(v) : NULL;
	v = json_object_get(j, "error");
	in->error = json_is_string(v) ? json_string_value(v) : NULL;
	in->compressed = json_is_true(json_object_get(j, "compressed"));
	v = json_object_get(j, "skipped");
	in->skipped = json_is_string(v) ? json_string_value(v) : NULL;
#define IN(field, key) do { \
		long long n_ = num(j, key); \
		if (n_ < 0) \
			return "an input count is missing or not a number: " key; \
		in->field = (unsigned long)n_; \
	} while (0)
	IN(lines, "lines");
	IN(used, "used");
	IN(ignored, "ignored");
	IN(unrecognized, "unrecognized");
	IN(truncated, "truncated");
	IN(nul_bytes, "nul_bytes");
	IN(invalid_utf8, "invalid_utf8");
#undef IN
	/* Later additions, absent from older partials: 0 then. */
	if (num(j, "damaged") > 0)
		in->damaged = (unsigned long)num(j, "damaged");
	if (num(j, "bytes") < 0)
		return "an input's bytes is missing or not a number";
	in->bytes = (unsigned long long)num(j, "bytes");
	m->sum.ninputs++;
	return NULL;
}

/* list_add - add a by_code or by_cause array into the summary's. */
static const char *
list_add(struct merge *m, const json_t *arr, int bycode)
{
	const json_t	*e, *name;
	size_t		 i;
	long long	 n;
	char		 buf[16];
	const char	*key;

	if (!json_is_array(arr))
		return bycode ? "findings.by_code is not a list" :
		    "findings.by_cause is not a list";
	json_array_foreach(arr, i, e) {
		name = json_object_get(e, bycode ? "code" : "cause");
		if ((n = num(e, "count")) < 0)
			return "a by_code/by_cause entry without a count";
		if (bycode) {
			size_t	k;

			if (!json_is_integer(name))
				return "a by_code entry without a code";
			snprintf(buf, sizeof(buf), "%lld",
			    (long long)json_integer_value(name));
			for (k = 0; k < m->sum.ncodes; k++)
				if (strcmp(m->codes[k], buf) == 0)
					break;
			if (k == m->sum.ncodes) {
				if (k == SUMMARY_MAX_CODES)
					return "more distinct codes than a "
					    "summary holds";
				snprintf(m->codes[k], sizeof(m->codes[k]),
				    "%s", buf);
			}
			key = m->codes[k];
			if (summary_count_add(m->sum.by_code, &m->sum.ncodes,
			    SUMMARY_MAX_CODES, key, (unsigned long)n) != 0)
				return "more distinct codes than a summary "
				    "holds";
		} else {
			if (!json_is_string(name))
				return "a by_cause entry without a cause";
			if (summary_count_add(m->sum.by_cause,
			    &m->sum.ncauses, MERGE_MAX_CAUSES,
			    json_string_value(name), (unsigned long)n) != 0)
				return "more distinct causes than a summary "
				    "holds";
		}
	}
	return NULL;
}

/* patterns_add - a partial's "patterns" (absent in partials written
 * before patterns existed: nothing to add). */
static const char *
patterns_add(struct merge *m, const json_t *obj)
{
	const json_t	*e, *name;
	long long	 total, dropped, n;
	size_t		 i;

	if (obj == NULL)
		return NULL;
	if (!json_is_object(obj) || (total = num(obj, "total")) < 0 ||
	    (dropped = num(obj, "dropped")) < 0 ||
	    !json_is_array(json_object_get(obj, "by_name")))
		return "patterns is not an object with total, dropped and "
		    "by_name";
	m->sum.patterns += (unsigned long)total;
	m->sum.patterns_dropped += (unsigned long)dropped;
	if (json_is_true(json_object_get(obj, "enabled")))
		m->sum.patterns_enabled = 1;
	json_array_foreach(json_object_get(obj, "by_name"), i, e) {
		name = json_object_get(e, "pattern");
		if (!json_is_string(name) || (n = num(e, "count")) < 0)
			return "a patterns.by_name entry without a pattern or "
			    "count";
		if (summary_count_add(m->sum.by_pattern, &m->sum.npatterns,
		    sizeof(m->sum.by_pattern) / sizeof(m->sum.by_pattern[0]),
		    json_string_value(name), (unsigned long)n) != 0)
			return "more distinct patterns than a summary holds";
	}
	return NULL;
}

/* part_add - add one summary record; NULL, or what is wrong with it. */
static const char *
part_add(struct merge *m, json_t *rec)
{
	const json_t	*v, *obj, *e;
	const char	*err;
	size_t		 i;
	long long	 n;

	/*
	 * Keep the record first: the summary borrows its strings (input
	 * names, causes) as they are added, also when a later field turns
	 * out bad and the caller goes on reading other partials.
	 */
	json_array_append(m->keep, rec);
	v = json_object_get(rec, "schema_version");
	if (!json_is_integer(v) || json_integer_value(v) != 1)
		return "not a schema_version 1 summary";
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		obj = counts[i].obj != NULL ?
		    json_object_get(rec, counts[i].obj) : rec;
		if ((n = num(obj, counts[i].key)) < 0)
			return "a count is missing or not a number";
		if (counts[i].wide)
			*(unsigned long long *)((char *)&m->sum +
			    counts[i].off) += (unsigned long long)n;
		else
			*(unsigned long *)((char *)&m->sum + counts[i].off) +=
			    (unsigned long)n;
	}
	/* Later additions, absent from older partials: 0 then. */
	if ((n = num(rec, "inputs_skipped")) > 0)
		m->sum.inputs_skipped += (unsigned long)n;
	if ((n = num(json_object_get(rec, "findings"), "out_of_range")) > 0)
		m->sum.findings_out_of_range += (unsigned long)n;
	if (json_is_true(json_object_get(rec, "interrupted")))
		m->sum.interrupted = 1;
	if ((n = num(json_object_get(rec, "lines"), "damaged")) > 0)
		m->sum.damaged += (unsigned long)n;
	if ((n = num(json_object_get(rec, "findings"), "text_truncated")) > 0)
		m->sum.text_truncated += (unsigned long)n;
	if (!json_is_array(v = json_object_get(rec, "inputs")))
		return "inputs is not a list";
	json_array_foreach(v, i, e)
		if ((err = input_add(m, e)) != NULL)
			return err;
	obj = json_object_get(rec, "findings");
	if ((err = list_add(m, json_object_get(obj, "by_code"), 1)) != NULL ||
	    (err = list_add(m, json_object_get(obj, "by_cause"), 0)) != NULL ||
	    (err = patterns_add(m, json_object_get(rec, "patterns"))) != NULL)
		return err;
	if (json_is_string(v = json_object_get(rec, "version")))
		m->version = json_string_value(v);
	m->nparts++;
	return NULL;
}

/* merge_document - the "summary" of a --output json document. */
static int
merge_document(struct merge *m, const char *path, FILE *fp)
{
	json_error_t	 jerr;
	const char	*err;
	json_t		*j, *rec;
	int		 rc = 0;

	if ((j = json_loadf(fp, 0, &jerr)) == NULL) {
		warnx("%s:%d: not JSON: %s", path, jerr.line, jerr.text);
		return -1;
	}
	rec = json_object_get(j, "summary");
	if (!json_is_object(rec)) {
		warnx("%s: a JSON document without a summary", path);
		rc = -1;
	} else if ((err = part_add(m, rec)) != NULL) {
		warnx("%s: summary: %s", path, err);
		rc = -1;
	}
	json_decref(j);
	return rc;
}

/*
 * merge_file - every summary record in one file: NDJSON lines of type
 * "summary", or one JSON document holding "summary".  Returns 0, or -1
 * after saying what is wrong and where.
 */
static int
merge_file(struct merge *m, const char *path)
{
	FILE		*fp;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	unsigned long	 lineno = 0, found = 0;
	json_t		*j;
	json_error_t	 jerr;
	const char	*err;
	int		 rc = 0;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len <= 1 || strspn(line, " \t\r\n") == (size_t)len)
			continue;
		if ((j = json_loads(line, 0, &jerr)) == NULL && lineno == 1 &&
		    line[0] == '{' && fp != stdin) {
			/* Not one record per line: a --output json
			 * document, read whole. */
			rewind(fp);
			rc = merge_document(m, path, fp);
			found += rc == 0;
			break;
		}
		if (j == NULL) {
			warnx("%s:%lu: not JSON%s: %s", path, lineno,
			    fp == stdin && lineno == 1 ? " (a --output json "
			    "document must be given as a file)" : "",
			    jerr.text);
			rc = -1;
			break;
		}
		if (json_is_object(j) && json_is_string(json_object_get(j,
		    "type")) && strcmp(json_string_value(json_object_get(j,
		    "type")), "summary") == 0) {
			if ((err = part_add(m, j)) != NULL) {
				warnx("%s:%lu: summary: %s", path, lineno,
				    err);
				rc = -1;
			} else
				found++;
		}
		json_decref(j);
	}
	if (rc == 0 && ferror(fp)) {
		warn("%s", path);
		rc = -1;
	}
	if (rc == 0 && found == 0) {
		warnx("%s: no summary record in it (write partials with "
		    "--output summary-json or ndjson)", path);
		rc = -1;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
cli_merge(const struct cli_opts *o)
{
	static char *const	 stdin_arg[] = { "-" };
	char *const		*args = o->nargs ? o->args : stdin_arg;
	size_t			 nargs = o->nargs ? o->nargs : 1, i;
	const struct report_ops	*ops;
	struct report_opts	 ropts;
	struct merge		 m;
	void			*w;
	int			 status = EXIT_OK;

	/* Only the summary record: the other writers need the findings. */
	if (o->output != NULL && strcmp(o->output, "summary-json") != 0) {
		warnx("merge writes summary-json only, not %s", o->output);
		return EXIT_USAGE;
	}
	memset(&m, 0, sizeof(m));
	m.keep = json_array();
	for (i = 0; i < nargs; i++)
		if (merge_file(&m, args[i]) != 0)
			status = EXIT_TROUBLE;
	if (status != EXIT_OK) {
		warnx("merge: nothing written: a partial is missing or bad");
		goto out;
	}
	m.sum.inputs = m.ins;
	ops = report_find("summary-json");
	memset(&ropts, 0, sizeof(ropts));
	ropts.version = m.version != NULL ? m.version : SMTPLOG_VERSION;
	w = ops->open(stdout, &ropts);
	if (ops->finish(w, &m.sum) != 0 || fflush(stdout) != 0) {
		warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	ops->free(w);
out:
	free(m.ins);
	json_decref(m.keep);
	return status;
}
