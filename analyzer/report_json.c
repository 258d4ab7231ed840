/*
 * report_json.c - the machine-readable writers: "json", one document, and
 * "ndjson", one object per line.  Both stream: a finding is written when it
 * arrives and then forgotten.  Readable output is report_text.c's job.
 *
 * Every record has a fixed set of keys in a fixed order (jansson keeps
 * insertion order, JSON_PRESERVE_ORDER states it): an absent value is
 * written as null, never left out, so the schema does not vary with the
 * data.  Every string that may come from a log passes through jstr(),
 * which makes it valid UTF-8, so the output is valid JSON whatever the
 * bytes of the input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

#define SCHEMA_VERSION	1

struct jw {
	FILE		*out;
	int		 ndjson;
	char		*version;	/* copied from the options */
	unsigned long	 nfindings;
	int		 err;		/* errno of the first write failure */
};

/* A callback of json_dump_callback that indents continuation lines. */
struct indent {
	FILE	*out;
	int	 depth;
};

/* jstr - a JSON string for s, made valid UTF-8; JSON null for NULL. */
static json_t *
jstr(const char *s)
{
	json_t	*j;
	char	*clean;
	size_t	 len;

	if (s == NULL)
		return json_null();
	len = strlen(s);
	if (utf8_valid(s, len))
		return json_stringn(s, len);
	clean = utf8_sanitize(s, len);
	j = json_stringn(clean, strlen(clean));
	free(clean);
	return j;
}

/* jint - a JSON integer, or null when the value is not known. */
static json_t *
jint(long long v, int known)
{
	return known ? json_integer((json_int_t)v) : json_null();
}

static json_t *
jtime(time_t when, int usec)
{
	char	buf[REPORT_TIMELEN];

	if (report_isotime(buf, when, usec) == NULL)
		return json_null();
	return json_string(buf);
}

/* put - o[k] = v, taking v; a NULL v (failed allocation) becomes null. */
static void
put(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v != NULL ? v : json_null());
}

static json_t *
advice_json(const struct rule_info *r)
{
	json_t	*o;

	if (r == NULL)
		return json_null();
	o = json_object();
	put(o, "who", jstr(r->who));
	put(o, "meaning", jstr(r->meaning));
	put(o, "when", jstr(r->when));
	put(o, "fix", jstr(r->fix));
	return o;
}

static json_t *
session_json(const struct finding *f)
{
	json_t	*o;

	if (f->session_id == NULL)
		return json_null();
	o = json_object();
	put(o, "id", jstr(f->session_id));
	put(o, "client_name", jstr(f->client_name));
	put(o, "client_ip", jstr(f->client_ip));
	put(o, "client_port", jint(f->client_port, f->client_port > 0));
	put(o, "helo", jstr(f->helo));
	put(o, "start", jtime(f->session_start, 0));
	put(o, "end", jtime(f->session_end, 0));
	put(o, "complete", json_boolean(f->session_complete));
	return o;
}

static json_t *
remote_json(const struct finding *f)
{
	json_t	*o;

	if (f->relay_name == NULL && f->relay_ip == NULL)
		return json_null();
	o = json_object();
	put(o, "name", jstr(f->relay_name));
	put(o, "ip", jstr(f->relay_ip));
	put(o, "port", jint(f->relay_port, f->relay_port > 0));
	return o;
}

static json_t *
message_json(const struct finding *f)
{
	json_t	*o;

	if (f->queue_id == NULL && f->from == NULL && f->to == NULL &&
	    f->message_id == NULL)
		return json_null();
	o = json_object();
	put(o, "queue_id", jstr(f->queue_id));
	put(o, "from", jstr(f->from));
	put(o, "to", jstr(f->to));
	put(o, "message_id", jstr(f->message_id));
	put(o, "bounce_of", jstr(f->bounce_of));
	return o;
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

/* finding_json - the finding record; the caller decrefs. */
static json_t *
finding_json(const struct finding *f)
{
	const struct rule_info	*r = f->rule;
	json_t			*o, *src;

	/* Keys go in in the documented order, which is the order out. */
	o = json_object();
	put(o, "type", json_string("finding"));
	put(o, "schema_version", json_integer(SCHEMA_VERSION));
	put(o, "timestamp", jtime(f->when, f->usec));
	put(o, "host", jstr(f->host));
	put(o, "program", jstr(f->program));
	put(o, "code", jint(f->code, f->code != 0));
	put(o, "code_source", jstr(ev_code_src_name(f->code_src)));
	put(o, "enhanced", jstr(f->enhanced));
	put(o, "text", jstr(f->text));
	put(o, "command", jstr(f->command));
	put(o, "direction", jstr(ev_dir_name(f->dir)));
	put(o, "event", jstr(f->event));
	put(o, "why", jstr(f->why));
	put(o, "explanation", jstr(f->explanation));
	put(o, "cause", jstr(r != NULL ? r->cause : NULL));
	put(o, "rule", jstr(r != NULL ? r->id : NULL));
	put(o, "severity", jstr(r != NULL ? r->severity : NULL));
	put(o, "title", jstr(r != NULL ? r->title : NULL));
	put(o, "advice", advice_json(r));
	put(o, "session", session_json(f));
	put(o, "remote", remote_json(f));
	put(o, "peer_ip", jstr(peer_ip(f)));
	put(o, "message", message_json(f));
	src = json_object();
	put(src, "file", jstr(f->file));
	put(src, "line", jint((long long)f->line, f->line > 0));
	put(o, "source", src);
	return o;
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
static json_t *
counts_json(const struct summary_count *in, size_t n, size_t cap,
    const char *key, int numeric)
{
	struct summary_count	 sorted[64];
	json_t			*a, *o;
	char			*end;
	long			 code;
	size_t			 i;

	if (cap > sizeof(sorted) / sizeof(sorted[0]))
		cap = sizeof(sorted) / sizeof(sorted[0]);
	if (n > cap)
		n = cap;
	memcpy(sorted, in, n * sizeof(*in));
	qsort(sorted, n, sizeof(*sorted), numeric ? code_cmp : cause_cmp);
	a = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		code = 0;
		end = NULL;
		if (numeric && sorted[i].name != NULL)
			code = strtol(sorted[i].name, &end, 10);
		if (numeric && end != NULL && end != sorted[i].name &&
		    *end == '\0')
			put(o, key, json_integer(code));
		else
			put(o, key, jstr(sorted[i].name));
		put(o, "count", json_integer((json_int_t)sorted[i].count));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
input_json(const struct summary_input *in)
{
	json_t	*o;

	o = json_object();
	put(o, "file", jstr(in->name));
	put(o, "format", jstr(in->format));
	put(o, "compressed", json_boolean(in->compressed));
	put(o, "lines", json_integer((json_int_t)in->lines));
	put(o, "used", json_integer((json_int_t)in->used));
	put(o, "ignored", json_integer((json_int_t)in->ignored));
	put(o, "unrecognized", json_integer((json_int_t)in->unrecognized));
	put(o, "truncated", json_integer((json_int_t)in->truncated));
	put(o, "nul_bytes", json_integer((json_int_t)in->nul_bytes));
	put(o, "invalid_utf8", json_integer((json_int_t)in->invalid_utf8));
	put(o, "bytes", json_integer((json_int_t)in->bytes));
	put(o, "error", jstr(in->error));
	return o;
}

/* triple - {"total", "incomplete", "evicted"} for sessions and messages. */
static json_t *
triple(unsigned long total, unsigned long incomplete, unsigned long evicted)
{
	json_t	*o;

	o = json_object();
	put(o, "total", json_integer((json_int_t)total));
	put(o, "incomplete", json_integer((json_int_t)incomplete));
	put(o, "evicted", json_integer((json_int_t)evicted));
	return o;
}

/* summary_json - the summary record; the caller decrefs. */
static json_t *
summary_json(const struct summary *s, const char *version)
{
	json_t	*o, *lines, *inputs, *fnd;
	size_t	 i;

	o = json_object();
	put(o, "type", json_string("summary"));
	put(o, "schema_version", json_integer(SCHEMA_VERSION));
	put(o, "version", jstr(version));

	lines = json_object();
	put(lines, "read", json_integer((json_int_t)s->lines));
	put(lines, "used", json_integer((json_int_t)s->used));
	put(lines, "ignored", json_integer((json_int_t)s->ignored));
	put(lines, "unrecognized", json_integer((json_int_t)s->unrecognized));
	put(lines, "truncated", json_integer((json_int_t)s->truncated));
	put(lines, "nul_bytes", json_integer((json_int_t)s->nul_bytes));
	put(lines, "invalid_utf8", json_integer((json_int_t)s->invalid_utf8));
	put(o, "lines", lines);
	put(o, "bytes", json_integer((json_int_t)s->bytes));

	inputs = json_array();
	for (i = 0; i < s->ninputs && s->inputs != NULL; i++)
		json_array_append_new(inputs, input_json(&s->inputs[i]));
	put(o, "inputs", inputs);
	put(o, "input_errors", json_integer((json_int_t)s->input_errors));
	put(o, "sessions", triple(s->sessions, s->sessions_incomplete,
	    s->sessions_evicted));
	put(o, "messages", triple(s->messages, s->messages_incomplete,
	    s->messages_evicted));
	put(o, "deliveries", json_integer((json_int_t)s->deliveries));
	put(o, "rejects", json_integer((json_int_t)s->rejects));

	fnd = json_object();
	put(fnd, "total", json_integer((json_int_t)s->findings));
	put(fnd, "logged", json_integer((json_int_t)s->findings_logged));
	put(fnd, "inferred", json_integer((json_int_t)s->findings_inferred));
	put(fnd, "inbound", json_integer((json_int_t)s->findings_inbound));
	put(fnd, "outbound", json_integer((json_int_t)s->findings_outbound));
	put(fnd, "inferred_failures_without_code",
	    json_integer((json_int_t)s->inferred_failures_without_code));
	put(fnd, "inferred_over_cap",
	    json_integer((json_int_t)s->inferred_over_cap));
	put(fnd, "by_code", counts_json(s->by_code, s->ncodes,
	    sizeof(s->by_code) / sizeof(s->by_code[0]), "code", 1));
	put(fnd, "by_cause", counts_json(s->by_cause, s->ncauses,
	    sizeof(s->by_cause) / sizeof(s->by_cause[0]), "cause", 0));
	put(o, "findings", fnd);
	return o;
}

/*
 * indent_cb - write a piece of jansson's indented output, shifting every
 * new line right by depth spaces so that a record sits at its place in
 * the document.  A raw newline is only ever layout: inside strings jansson
 * writes "\n".
 */
static int
indent_cb(const char *buf, size_t size, void *arg)
{
	struct indent	*in = arg;
	const char	*nl;

	while (size > 0) {
		if ((nl = memchr(buf, '\n', size)) == NULL)
			return fwrite(buf, 1, size, in->out) == size ? 0 : -1;
		if (fwrite(buf, 1, (size_t)(nl - buf) + 1, in->out) !=
		    (size_t)(nl - buf) + 1 ||
		    fprintf(in->out, "%*s", in->depth, "") < 0)
			return -1;
		size -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	return 0;
}

/* emit - write one record: a line of NDJSON, or indented in the document. */
static int
emit(struct jw *w, const json_t *j, int depth)
{
	struct indent	in = { w->out, depth };

	if (w->ndjson) {
		if (json_dumpf(j, w->out, JSON_COMPACT | JSON_PRESERVE_ORDER))
			return -1;
		return putc('\n', w->out) == EOF ? -1 : 0;
	}
	return json_dump_callback(j, indent_cb, &in,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER);
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

static int
jw_finding(void *arg, const struct finding *f)
{
	struct jw	*w = arg;
	json_t		*j;
	int		 rv = 0;

	/* After a failed write the stream is lost: write no more, fail. */
	if (w->err != 0)
		return check(w, 0);
	j = finding_json(f);
	errno = 0;
	if (!w->ndjson && fputs(w->nfindings > 0 ? ",\n    " : "\n    ",
	    w->out) == EOF)
		rv = -1;
	if (rv == 0)
		rv = emit(w, j, 4);
	json_decref(j);
	w->nfindings++;
	return check(w, rv);
}

static int
jw_finish(void *arg, const struct summary *s)
{
	struct jw	*w = arg;
	json_t		*j;
	int		 rv = 0;

	if (w->err != 0)
		return check(w, 0);
	j = summary_json(s, w->version);
	errno = 0;
	if (!w->ndjson && fputs(w->nfindings > 0 ? "\n  ],\n  \"summary\": " :
	    "],\n  \"summary\": ", w->out) == EOF)
		rv = -1;
	if (rv == 0)
		rv = emit(w, j, 2);
	if (rv == 0 && !w->ndjson && fputs("\n}\n", w->out) == EOF)
		rv = -1;
	json_decref(j);
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
	free(w->version);
	free(w);
}

const struct report_ops report_json = {
	"json", json_open, jw_finding, jw_finish, jw_free
};

const struct report_ops report_ndjson = {
	"ndjson", ndjson_open, jw_finding, jw_finish, jw_free
};
