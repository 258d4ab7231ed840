/*
 * merge.c - the arithmetic of `smtplog merge` (merge.h): summary records
 * written by separate scans (`--output summary-json`, the last line of
 * `--output ndjson`, the "summary" of `--output json`) added up into the
 * one summary a single scan of all their inputs would give, for
 * scale-out: many mappers scan a file each, one reducer merges.  Reading
 * the partials and dropping repeated ones is merge_cmd.c's job.
 *
 * Every count of a summary is a sum over inputs, so the merge is exact,
 * with one limit: a session or message that spans two files scanned by
 * different mappers is counted once by each (incomplete in both), where
 * one scan would have joined it.  Session-level patterns are added up by
 * name the same way: a burst that crosses two partials is one pattern in
 * each, or none when neither half reaches the threshold; they are not
 * joined.
 *
 * Strings are copied into the merged state (kept once each), so that a
 * record is freed as soon as it is added.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unmatched.h"
#include "lib/htab.h"
#include "lib/xmalloc.h"
#include "merge.h"
#include "merge_traffic.h"
#include "core/traffic.h"

/* Distinct unmatched texts the merge keeps (a bounded count, as a scan). */
#define MERGE_UNMATCHED	1024

#define MERGE_MAX_CAUSES	(sizeof(((struct summary *)0)->by_cause) / \
				 sizeof(((struct summary *)0)->by_cause[0]))

struct merge {
	struct summary		 sum;
	struct summary_input	*ins;
	size_t			 capins;
	struct htab		*strs;		/* every string kept: key and
						 * value are the table's copy */
	char			 codes[SUMMARY_MAX_CODES][16];
	const char		*version;
	unsigned long		 nparts;
	struct unmatched	*unm;
	int			 unm_missing;	/* a partial without them */
	/* The traffic (merge_traffic.c): added up here, reported from
	 * trep; unknown once a record lacks it. */
	struct traffic		*traffic;
	struct traffic_report	 trep;
	int			 traffic_absent;
	size_t			 top_limit;
};

/* keep - the merge's copy of s (NULL stays NULL), made once per text. */
static const char *
keep(struct merge *m, const char *s)
{
	struct htab_key	 k;
	const char	*c;

	if (s == NULL)
		return NULL;
	htab_key_make(&k, s);
	if ((c = htab_kget(m->strs, &k)) != NULL)
		return c;
	c = htab_kadd(m->strs, &k, NULL);
	htab_kput(m->strs, &k, (void *)(uintptr_t)c);
	return c;
}

/* str - the string at obj.key kept, or NULL when it is not a string. */
static const char *
str(struct merge *m, const json_t *obj, const char *key)
{
	const json_t	*v = json_object_get(obj, key);

	return json_is_string(v) ? keep(m, json_string_value(v)) : NULL;
}

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
	in->name = str(m, j, "file");
	in->format = str(m, j, "format");
	in->error = str(m, j, "error");
	in->compressed = json_is_true(json_object_get(j, "compressed"));
	in->skipped = str(m, j, "skipped");
	/* Schema 2: where it came from and what it held. */
	in->label = str(m, j, "label");
	v = json_object_get(j, "id");
	if (json_is_string(v)) {
		if (json_string_length(v) >= sizeof(in->id))
			return "an input id longer than a content identity";
		memcpy(in->id, json_string_value(v), json_string_length(v) + 1);
	}
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
			    keep(m, json_string_value(name)),
			    (unsigned long)n) != 0)
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
		    keep(m, json_string_value(name)), (unsigned long)n) != 0)
			return "more distinct patterns than a summary holds";
	}
	return NULL;
}

/*
 * unmatched_part - a partial's "unmatched" (replies no text rule knew);
 * one that has none (null, or written before they were counted) leaves
 * the merged ones uncounted rather than understated.
 */
static const char *
unmatched_part(struct merge *m, const json_t *obj)
{
	const json_t	*e, *top;
	long long	 n;
	size_t		 i;

	if (obj == NULL || json_is_null(obj)) {
		m->unm_missing = 1;
		return NULL;
	}
	if (!json_is_object(obj) || (n = num(obj, "findings")) < 0 ||
	    !json_is_array(top = json_object_get(obj, "top")))
		return "unmatched is not an object with findings and top";
	unmatched_merge(m->unm, (unsigned long)n,
	    json_is_false(json_object_get(obj, "exact")),
	    json_is_true(json_object_get(obj, "more")));
	json_array_foreach(top, i, e) {
		if (!json_is_string(json_object_get(e, "reply")) ||
		    (n = num(e, "count")) < 0)
			return "an unmatched entry without a reply or count";
		unmatched_merge_text(m->unm,
		    json_string_value(json_object_get(e, "rule")),
		    json_string_value(json_object_get(e, "reply")),
		    (unsigned long)n);
	}
	return NULL;
}

const char *
merge_add(struct merge *m, const json_t *rec)
{
	const json_t	*v, *obj, *e;
	const char	*err;
	size_t		 i;
	long long	 n;

	v = json_object_get(rec, "schema_version");
	if (!json_is_integer(v) || json_integer_value(v) < MERGE_SCHEMA_MIN ||
	    json_integer_value(v) > MERGE_SCHEMA_MAX)
		return "not a summary of schema_version 1 or 2";
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
	    (err = patterns_add(m, json_object_get(rec, "patterns"))) != NULL ||
	    (err = unmatched_part(m, json_object_get(rec, "unmatched"))) != NULL ||
	    (err = merge_traffic_add(m->traffic, rec, &m->traffic_absent,
	    &m->top_limit)) != NULL)
		return err;
	if ((v = json_object_get(rec, "version")) != NULL &&
	    json_is_string(v))
		m->version = keep(m, json_string_value(v));
	m->nparts++;
	return NULL;
}

struct merge *
merge_new(void)
{
	struct merge	*m = xcalloc(1, sizeof(*m));

	m->strs = htab_new();
	m->unm = unmatched_new(MERGE_UNMATCHED);
	m->traffic = traffic_new(NULL);
	return m;
}

void
merge_free(struct merge *m)
{
	if (m == NULL)
		return;
	free(m->ins);
	htab_free(m->strs, NULL);
	unmatched_free(m->unm);
	traffic_free(m->traffic);
	free(m);
}

const struct summary *
merge_summary(struct merge *m)
{
	m->sum.inputs = m->ins;
	m->sum.unmatched_counted = 0;
	if (!m->unm_missing && m->nparts > 0)
		unmatched_summary(m->unm, &m->sum);
	m->sum.traffic = NULL;
	if (!m->traffic_absent && m->nparts > 0) {
		traffic_result(m->traffic, m->top_limit, &m->trep);
		m->sum.traffic = &m->trep;
	}
	return &m->sum;
}

const char *
merge_version(const struct merge *m)
{
	return m->version;
}

unsigned long
merge_parts(const struct merge *m)
{
	return m->nparts;
}
