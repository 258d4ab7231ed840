/*
 * report_json.c - the machine-readable writers: "json", one document, and
 * "ndjson", one object per line.  Both stream: a finding is written when it
 * arrives and then forgotten.  Readable output is report_text.c's job.
 *
 * Every record has a fixed set of keys in a fixed order: an absent value
 * is written as null, never left out, so the schema does not vary with the
 * data.  Records are written with jbuf.c into one reused buffer, in the
 * layout jansson's dump gives (jansson itself cost half of a scan's time
 * in building and freeing a tree per finding), and every string is made
 * valid UTF-8 there, so the output is valid JSON whatever the bytes of
 * the input.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "json_frag.h"
#include "report.h"
#include "report_traffic.h"
#include "report_unmatched.h"
#include "lib/fmt.h"
#include "lib/xmalloc.h"

#define SCHEMA_VERSION	2

struct jw {
	FILE		*out;
	int		 ndjson;
	char		*version;	/* copied from the options */
	unsigned long	 nfindings;
	int		 err;		/* errno of the first write failure */
	struct jbuf	 jb;		/* one record, reused */
	struct json_frag	*rules;		/* each rule's members of a finding */
	/* json: the "patterns" array, written at finish (patterns are few:
	 * the detector's bounds hold them). */
	char		*pats;
	size_t		 patlen, patcap;
	unsigned long	 npats;
};

/* jint - an integer, or null when the value is not known. */
JB_INLINE void
jint(struct jbuf *j, const char *k, long long v, int known)
{
	if (known)
		jb_int(j, k, v);
	else
		jb_null(j, k);
}

/*
 * The times of a record, each with the text of the last second it had:
 * a session's findings share their times.  Writers run on one thread
 * only.
 */
enum { T_WHEN, T_START, T_END, T_PATTERN, T_NSLOTS };

#define TIME_MAX	REPORT_TIMELEN	/* up to the seconds, as strftime
					 * writes them into REPORT_TIMELEN */

struct time_slot {
	time_t	 when;			/* 0: none yet */
	size_t	 len;
	char	 text[TIME_MAX];	/* up to the seconds */
};

/*
 * time_text - when as report_isotime() writes it, with usec when it is
 * one, at out (room for TIME_MAX + 8 bytes); returns the length, 0 when the
 * time cannot be written.  The date is kept for the last day seen and the
 * time of day written by hand: gmtime+strftime cost more than the rest of
 * a record.
 */
static size_t
time_text(char *out, time_t when, int usec, int slot)
{
	static struct time_slot	 slots[T_NSLOTS];
	static long long	 day = LLONG_MIN;
	static char		 date[REPORT_TIMELEN];
	static size_t		 dlen;
	struct time_slot	*ts = &slots[slot];
	char			 buf[REPORT_TIMELEN], *t, *p;
	long long		 d, sod;
	int			 i, h, m;

	if (ts->when != when) {
		d = (long long)when / 86400;
		if ((long long)when % 86400 < 0)
			d--;
		sod = (long long)when - d * 86400;
		if (d != day) {
			if (report_isotime(buf, when, 0) == NULL ||
			    (t = strchr(buf, 'T')) == NULL)
				return 0;
			dlen = (size_t)(t + 1 - buf);
			memcpy(date, buf, dlen);
			day = d;
		}
		memcpy(ts->text, date, dlen);
		p = ts->text + dlen;
		h = (int)(sod / 3600);
		m = (int)(sod % 3600) / 60;
		memcpy(p, fmt_digits2 + 2 * h, 2);
		p[2] = ':';
		memcpy(p + 3, fmt_digits2 + 2 * m, 2);
		p[5] = ':';
		memcpy(p + 6, fmt_digits2 + 2 * (sod % 60), 2);
		ts->len = (size_t)(p + 8 - ts->text);
		ts->when = when;
	}
	/* All of the slot (its bytes past len are room): no call. */
	memcpy(out, ts->text, TIME_MAX);
	p = out + ts->len;
	if (usec > 0 && usec < 1000000) {
		*p++ = '.';
		for (i = 5; i >= 0; i--, usec /= 10)
			p[i] = (char)('0' + usec % 10);
		p += 6;
	}
	*p++ = 'Z';
	return (size_t)(p - out);
}

/* jtime - an ISO 8601 time, or null when it is not known; slot: which
 * time of the record it is (T_WHEN...). */
JB_INLINE void
jtime(struct jbuf *j, const char *k, time_t when, int usec, int slot)
{
	char	*p;
	size_t	 n;

	if (when == 0) {
		jb_null(j, k);
		return;
	}
	/* The quotes, the text, and room for time_text's whole copy. */
	p = jbk_at(j, k, JB_KLEN(k), TIME_MAX + 8 + 2);
	if ((n = time_text(p + 1, when, usec, slot)) == 0) {
		memcpy(p, "null", 4);
		j->len = (size_t)(p + 4 - j->buf);
		return;
	}
	p[0] = '"';
	p[n + 1] = '"';
	j->len = (size_t)(p + n + 2 - j->buf);
}

/* advice_json - the rule's advice, with the fix for the MTA whose log it
 * is (mta: the finding's program, "postfix/smtp", "exim"; rule_fix). */
static void
advice_json(struct jbuf *j, const struct rule_info *r, const char *mta)
{
	if (r == NULL) {
		jb_null(j, "advice");
		return;
	}
	jb_obj(j, "advice");
	jb_str(j, "who", r->who);
	jb_str(j, "meaning", r->meaning);
	jb_str(j, "when", r->when);
	jb_str(j, "fix", rule_fix(r, mta));
	jb_end(j, '}');
}

static void
session_json(struct jbuf *j, const struct finding *f)
{
	if (f->session_id == NULL) {
		jb_null(j, "session");
		return;
	}
	jb_obj(j, "session");
	jb_str(j, "id", f->session_id);
	jb_str(j, "client_name", f->client_name);
	jb_str(j, "client_ip", f->client_ip);
	jint(j, "client_port", f->client_port, f->client_port > 0);
	jb_str(j, "helo", f->helo);
	jtime(j, "start", f->session_start, 0, T_START);
	jtime(j, "end", f->session_end, 0, T_END);
	jb_bool(j, "complete", f->session_complete);
	jb_end(j, '}');
}

static void
remote_json(struct jbuf *j, const struct finding *f)
{
	if (f->relay_name == NULL && f->relay_ip == NULL) {
		jb_null(j, "remote");
		return;
	}
	jb_obj(j, "remote");
	jb_str(j, "name", f->relay_name);
	jb_str(j, "ip", f->relay_ip);
	jint(j, "port", f->relay_port, f->relay_port > 0);
	jb_end(j, '}');
}

static void
message_json(struct jbuf *j, const struct finding *f)
{
	if (f->queue_id == NULL && f->from == NULL && f->to == NULL &&
	    f->message_id == NULL) {
		jb_null(j, "message");
		return;
	}
	jb_obj(j, "message");
	jb_str(j, "queue_id", f->queue_id);
	jb_str(j, "from", f->from);
	jb_str(j, "to", f->to);
	jb_str(j, "message_id", f->message_id);
	jb_str(j, "bounce_of", f->bounce_of);
	jb_end(j, '}');
}

/*
 * peer_ip - the other end of the conversation: the client for a reply we
 * gave, the remote server for a reply we got.  One key, so that a query on
 * an address (IPv4 or IPv6) need not know the direction.
 */
static const char *
peer_ip(const struct finding *f)
{
	switch (f->dir) {
	case EV_DIR_IN:
		return f->client_ip;
	case EV_DIR_OUT:
		return f->relay_ip;
	default:
		return f->client_ip != NULL ? f->client_ip : f->relay_ip;
	}
}

/*
 * rule_json - the members a finding takes from its rule, cause to advice.
 * They are the same bytes in every finding of the rule and most of the
 * record, so with a cache they are written (and escaped) once per rule.
 */
static void
rule_json(struct jbuf *j, const struct rule_info *r, const char *mta,
    struct json_frag *cache)
{
	const char	*kept;
	size_t		 start = j->len, len;

	/* A rule with fixes per MTA is written afresh: its text depends on
	 * the finding's MTA, not on the rule alone. */
	if (r != NULL && (r->fix_postfix != NULL || r->fix_exim != NULL))
		cache = NULL;
	if (cache != NULL && r != NULL &&
	    (kept = json_frag_get(cache, r, &len)) != NULL) {
		jb_members(j, kept, len, 6);
		return;
	}
	jb_str(j, "cause", r != NULL ? r->cause : NULL);
	jb_str(j, "rule", r != NULL ? r->id : NULL);
	jb_str(j, "severity", r != NULL ? r->severity : NULL);
	jb_str(j, "title", r != NULL ? r->title : NULL);
	advice_json(j, r, mta);
	/* The language of title and advice; keys and values stay English. */
	jb_str(j, "lang", r == NULL ? NULL : r->lang != NULL ? r->lang : "en");
	if (cache != NULL && r != NULL)
		(void)json_frag_put(cache, r, j->buf + start, j->len - start);
}

/* finding_json - the finding record, keys in the documented order;
 * cache (optional) keeps the rules' members for a writer's records. */
static void
finding_json(struct jbuf *j, const struct finding *f, struct json_frag *cache)
{
	jb_obj(j, NULL);
	jb_str(j, "type", "finding");
	jb_int(j, "schema_version", SCHEMA_VERSION);
	if (f->id != 0) {
		char	id[FMT_HEX64];

		fmt_hex64(id, f->id);
		jb_plain(j, "id", id, sizeof(id));
	} else
		jb_null(j, "id");
	jtime(j, "timestamp", f->when, f->usec, T_WHEN);
	jb_str(j, "host", f->host);
	jb_str(j, "program", f->program);
	jint(j, "code", f->code, f->code != 0);
	jb_str(j, "code_source", ev_code_src_name(f->code_src));
	jb_str(j, "enhanced", f->enhanced);
	jb_str(j, "text", f->text);
	jb_bool(j, "text_truncated", f->text_truncated);
	jb_str(j, "command", f->command);
	jb_str(j, "direction", ev_dir_name(f->dir));
	jb_str(j, "event", f->event);
	jb_str(j, "why", f->why);
	jb_str(j, "explanation", f->explanation);
	rule_json(j, f->rule, f->program, cache);
	session_json(j, f);
	remote_json(j, f);
	jb_str(j, "peer_ip", peer_ip(f));
	message_json(j, f);
	jb_obj(j, "source");
	jb_str(j, "file", f->file);
	jint(j, "line", (long long)f->line, f->line > 0);
	jb_end(j, '}');
	jb_end(j, '}');
}

/* pattern_json - a session-level pattern record (pattern.h). */
static void
pattern_json(struct jbuf *j, const struct pattern *p)
{
	size_t	i;

	jb_obj(j, NULL);
	jb_str(j, "type", "pattern");
	jb_int(j, "schema_version", SCHEMA_VERSION);
	jb_str(j, "pattern", p->name);
	jb_str(j, "direction", ev_dir_name(p->dir));
	jb_obj(j, "key");
	jb_str(j, "kind", p->key_kind);
	jb_str(j, "value", p->key);
	jb_end(j, '}');
	jb_str(j, "detail", p->detail);
	jb_int(j, "count", (long long)p->count);
	jtime(j, "first_seen", p->first, p->first_usec, T_PATTERN);
	jtime(j, "last_seen", p->last, p->last_usec, T_PATTERN);
	jb_obj(j, "threshold");
	jb_int(j, "count", p->threshold);
	jb_int(j, "window_seconds", p->window);
	jb_end(j, '}');
	jb_arr(j, "codes");
	for (i = 0; i < p->ncodes; i++) {
		jb_obj(j, NULL);
		jb_int(j, "code", p->codes[i].code);
		jb_int(j, "count", (long long)p->codes[i].count);
		jb_end(j, '}');
	}
	jb_end(j, ']');
	jb_str(j, "cause", p->cause);
	jb_str(j, "severity", p->severity);
	jb_str(j, "title", p->title);
	jb_obj(j, "advice");
	jb_str(j, "who", p->who);
	jb_str(j, "meaning", p->meaning);
	jb_str(j, "when", p->when);
	jb_str(j, "fix", p->fix);
	jb_end(j, '}');
	jb_str(j, "lang", p->lang != NULL ? p->lang : "en");
	/* Not "findings": a key keeps one type across record types, and the
	 * summary's "findings" is an object. */
	jb_arr(j, "finding_refs");
	for (i = 0; i < p->nrefs; i++)
		jb_str(j, NULL, p->refs[i]);
	jb_end(j, ']');
	jb_int(j, "finding_refs_more", (long long)p->refs_more);
	jb_end(j, '}');
}

/* code_cmp - by_code entries in code order; names are "554". */
static int
code_cmp(const void *a, const void *b)
{
	const struct summary_count	*x = a, *y = b;
	long				 cx, cy;

	cx = x->name != NULL ? strtol(x->name, NULL, 10) : 0;
	cy = y->name != NULL ? strtol(y->name, NULL, 10) : 0;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* cause_cmp - most findings first, then by name. */
static int
cause_cmp(const void *a, const void *b)
{
	const struct summary_count	*x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/*
 * counts_json - an array of {key: name, "count": n}, sorted.  An array,
 * not an object keyed by name, so that the keys never vary with the data.
 * For codes the name becomes a number when it is one.
 */
static void
counts_json(struct jbuf *j, const char *name, const struct summary_count *in,
    size_t n, size_t cap, const char *key, int numeric)
{
	struct summary_count	 sorted[64];
	char			*end;
	long			 code;
	size_t			 i;

	if (cap > sizeof(sorted) / sizeof(sorted[0]))
		cap = sizeof(sorted) / sizeof(sorted[0]);
	if (n > cap)
		n = cap;
	memcpy(sorted, in, n * sizeof(*in));
	qsort(sorted, n, sizeof(*sorted), numeric ? code_cmp : cause_cmp);
	jb_arr(j, name);
	for (i = 0; i < n; i++) {
		jb_obj(j, NULL);
		code = 0;
		end = NULL;
		if (numeric && sorted[i].name != NULL)
			code = strtol(sorted[i].name, &end, 10);
		if (numeric && end != NULL && end != sorted[i].name &&
		    *end == '\0')
			jb_int(j, key, code);
		else
			jb_str(j, key, sorted[i].name);
		jb_int(j, "count", (long long)sorted[i].count);
		jb_end(j, '}');
	}
	jb_end(j, ']');
}

static void
input_json(struct jbuf *j, const struct summary_input *in)
{
	jb_obj(j, NULL);
	jb_str(j, "file", in->name);
	jb_str(j, "label", in->label);
	jb_str(j, "id", in->id[0] != '\0' ? in->id : NULL);
	jb_str(j, "format", in->format);
	jb_bool(j, "compressed", in->compressed);
	jb_int(j, "lines", (long long)in->lines);
	jb_int(j, "used", (long long)in->used);
	jb_int(j, "ignored", (long long)in->ignored);
	jb_int(j, "unrecognized", (long long)in->unrecognized);
	jb_int(j, "truncated", (long long)in->truncated);
	jb_int(j, "nul_bytes", (long long)in->nul_bytes);
	jb_int(j, "invalid_utf8", (long long)in->invalid_utf8);
	jb_int(j, "damaged", (long long)in->damaged);
	jb_int(j, "bytes", (long long)in->bytes);
	jb_str(j, "error", in->error);
	jb_str(j, "skipped", in->skipped);
	jb_end(j, '}');
}

/* range_time - a --since/--until bound as ISO 8601 UTC, or null. */
static void
range_time(struct jbuf *j, const char *key, time_t t)
{
	struct tm	tm;
	char		buf[32];

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		jb_null(j, key);
	else
		jb_str(j, key, buf);
}

/* triple - {"total", "incomplete", "evicted"} for sessions and messages. */
static void
triple(struct jbuf *j, const char *name, unsigned long total,
    unsigned long incomplete, unsigned long evicted)
{
	jb_obj(j, name);
	jb_int(j, "total", (long long)total);
	jb_int(j, "incomplete", (long long)incomplete);
	jb_int(j, "evicted", (long long)evicted);
	jb_end(j, '}');
}

/* summary_json - the summary record. */
static void
summary_json(struct jbuf *j, const struct summary *s, const char *version)
{
	size_t	i;

	jb_obj(j, NULL);
	jb_str(j, "type", "summary");
	jb_int(j, "schema_version", SCHEMA_VERSION);
	jb_str(j, "version", version);
	report_period_json(j, s->traffic);

	jb_obj(j, "lines");
	jb_int(j, "read", (long long)s->lines);
	jb_int(j, "used", (long long)s->used);
	jb_int(j, "ignored", (long long)s->ignored);
	jb_int(j, "unrecognized", (long long)s->unrecognized);
	jb_int(j, "truncated", (long long)s->truncated);
	jb_int(j, "nul_bytes", (long long)s->nul_bytes);
	jb_int(j, "invalid_utf8", (long long)s->invalid_utf8);
	jb_int(j, "damaged", (long long)s->damaged);
	jb_end(j, '}');
	jb_int(j, "bytes", (long long)s->bytes);

	jb_arr(j, "inputs");
	for (i = 0; i < s->ninputs && s->inputs != NULL; i++)
		input_json(j, &s->inputs[i]);
	jb_end(j, ']');
	jb_int(j, "input_errors", (long long)s->input_errors);
	triple(j, "sessions", s->sessions, s->sessions_incomplete,
	    s->sessions_evicted);
	triple(j, "messages", s->messages, s->messages_incomplete,
	    s->messages_evicted);
	jb_int(j, "deliveries", (long long)s->deliveries);
	jb_int(j, "rejects", (long long)s->rejects);

	jb_obj(j, "findings");
	jb_int(j, "total", (long long)s->findings);
	jb_int(j, "logged", (long long)s->findings_logged);
	jb_int(j, "inferred", (long long)s->findings_inferred);
	jb_int(j, "inbound", (long long)s->findings_inbound);
	jb_int(j, "outbound", (long long)s->findings_outbound);
	jb_int(j, "inferred_failures_without_code",
	    (long long)s->inferred_failures_without_code);
	jb_int(j, "inferred_over_cap", (long long)s->inferred_over_cap);
	jb_int(j, "out_of_range", (long long)s->findings_out_of_range);
	jb_int(j, "text_truncated", (long long)s->text_truncated);
	counts_json(j, "by_code", s->by_code, s->ncodes,
	    sizeof(s->by_code) / sizeof(s->by_code[0]), "code", 1);
	counts_json(j, "by_cause", s->by_cause, s->ncauses,
	    sizeof(s->by_cause) / sizeof(s->by_cause[0]), "cause", 0);
	jb_end(j, '}');
	/* Archives (added in schema 1, after the older keys). */
	jb_int(j, "inputs_skipped", (long long)s->inputs_skipped);
	jb_bool(j, "interrupted", s->interrupted);
	jb_obj(j, "range");
	range_time(j, "since", s->since);
	range_time(j, "until", s->until);
	jb_end(j, '}');

	jb_obj(j, "patterns");
	jb_bool(j, "enabled", s->patterns_enabled);
	jb_int(j, "total", (long long)s->patterns);
	jb_int(j, "dropped", (long long)s->patterns_dropped);
	counts_json(j, "by_name", s->by_pattern, s->npatterns,
	    sizeof(s->by_pattern) / sizeof(s->by_pattern[0]), "pattern", 0);
	jb_end(j, '}');
	report_traffic_json(j, s->traffic);
	report_unmatched_json(j, s);
	jb_end(j, '}');
}

/*
 * check - fold the result of a write into the writer's error state.
 * Callers clear errno before writing, so that errno here is the cause;
 * stdio may have failed earlier in a buffered write, which ferror sees.
 */
static int
check(struct jw *w, int rv)
{
	if (w->err == 0 && (rv != 0 || ferror(w->out)))
		w->err = errno != 0 ? errno : EIO;
	if (w->err != 0) {
		errno = w->err;
		return -1;
	}
	return 0;
}

/* flush_record - write the record built in w->jb. */
static int
flush_record(struct jw *w)
{
	return fwrite(w->jb.buf, 1, w->jb.len, w->out) == w->jb.len ? 0 : -1;
}

/*
 * The document is written in three parts so that no finding is held:
 * open() writes the head up to the opening bracket of "findings", each
 * finding() its element (a comma before all but the first), and finish()
 * closes the array and writes the summary and the closing brace.  If the
 * scan stops early, the output is cut short and fails to parse, which is
 * the honest result.
 */
static void *
jw_open(FILE *out, const struct report_opts *opts, int ndjson)
{
	struct jw	*w;
	int		 rv = 0;

	w = xcalloc(1, sizeof(*w));
	w->out = out;
	w->ndjson = ndjson;
	w->version = xstrdup_or_null(opts != NULL ? opts->version : NULL);
	jb_init(&w->jb, ndjson ? 0 : 2);
	w->rules = json_frag_new();
	errno = 0;
	if (!ndjson && fprintf(out, "{\n  \"schema_version\": %d,\n"
	    "  \"findings\": [", SCHEMA_VERSION) < 0)
		rv = -1;
	(void)check(w, rv);
	return w;
}

static void *
json_open(FILE *out, const struct report_opts *opts)
{
	return jw_open(out, opts, 0);
}

static void *
ndjson_open(FILE *out, const struct report_opts *opts)
{
	return jw_open(out, opts, 1);
}

/*
 * record_begin - start one record in the buffer: ndjson, at the margin;
 * json, as element n of an array four columns in.
 */
static void
record_begin(struct jw *w, unsigned long n)
{
	jb_reset(&w->jb, w->ndjson ? 0 : 4);
	if (!w->ndjson)
		jb_put(&w->jb, n > 0 ? ",\n    " : "\n    ");
}

static int
jw_finding(void *arg, const struct finding *f)
{
	struct jw	*w = arg;

	/* After a failed write the stream is lost: write no more, fail. */
	if (w->err != 0)
		return check(w, 0);
	record_begin(w, w->nfindings);
	finding_json(&w->jb, f, w->rules);
	if (w->ndjson)
		jb_put(&w->jb, "\n");
	errno = 0;
	w->nfindings++;
	return check(w, flush_record(w));
}

/*
 * jw_pattern - ndjson: one line now; json: kept for the "patterns" array,
 * which finish() writes between "findings" and "summary", so that a
 * pattern may come before the last finding.
 */
static int
jw_pattern(void *arg, const struct pattern *p)
{
	struct jw	*w = arg;

	if (w->err != 0)
		return check(w, 0);
	record_begin(w, w->npats);
	pattern_json(&w->jb, p);
	w->npats++;
	if (w->ndjson) {
		jb_put(&w->jb, "\n");
		errno = 0;
		return check(w, flush_record(w));
	}
	if (w->patlen + w->jb.len + 1 > w->patcap) {
		w->patcap = (w->patlen + w->jb.len + 1) * 2;
		w->pats = xrealloc(w->pats, w->patcap);
	}
	memcpy(w->pats + w->patlen, w->jb.buf, w->jb.len);
	w->patlen += w->jb.len;
	return 0;
}

static int
jw_finish(void *arg, const struct summary *s)
{
	struct jw	*w = arg;
	int		 rv;

	if (w->err != 0)
		return check(w, 0);
	jb_reset(&w->jb, w->ndjson ? 0 : 2);
	if (!w->ndjson) {
		jb_put(&w->jb, w->nfindings > 0 ? "\n  ],\n  \"patterns\": [" :
		    "],\n  \"patterns\": [");
		errno = 0;
		if (flush_record(w) != 0 || (w->patlen > 0 &&
		    fwrite(w->pats, 1, w->patlen, w->out) != w->patlen))
			return check(w, -1);
		jb_reset(&w->jb, 2);
		jb_put(&w->jb, w->npats > 0 ? "\n  ],\n  \"summary\": " :
		    "],\n  \"summary\": ");
	}
	summary_json(&w->jb, s, w->version);
	jb_put(&w->jb, w->ndjson ? "\n" : "\n}\n");
	errno = 0;
	rv = flush_record(w);
	/* Most write errors surface here, when stdio's buffer goes out. */
	if (fflush(w->out) != 0)
		rv = -1;
	return check(w, rv);
}

static void
jw_free(void *arg)
{
	struct jw	*w = arg;

	if (w == NULL)
		return;
	jb_release(&w->jb);
	json_frag_free(w->rules);
	free(w->pats);
	free(w->version);
	free(w);
}

const struct report_ops report_json = {
	"json", json_open, jw_finding, jw_finish, jw_free, jw_pattern
};

const struct report_ops report_ndjson = {
	"ndjson", ndjson_open, jw_finding, jw_finish, jw_free, jw_pattern
};

void
report_json_finding(struct jbuf *j, const struct finding *f)
{
	finding_json(j, f, NULL);
}

void
report_json_summary(struct jbuf *j, const struct summary *s,
    const char *version)
{
	summary_json(j, s, version);
}
