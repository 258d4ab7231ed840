/*
 * fuzz_postfix.c - libFuzzer harness for the whole pipeline behind the
 * Postfix parser: the fuzz bytes are log lines, pushed through
 * parser_postfix into a session table diagnosed by the real rules
 * (every .json file of rules/, loaded once), with every finding written by the NDJSON
 * writer and the text writer.  Checked: every NDJSON line parses as a JSON
 * object, each finding's strings come out unchanged (or made valid UTF-8,
 * never dropped), the summary comes last, and the text report holds no
 * terminal control byte.  Everything is freed, so LeakSanitizer sees
 * leaks per input.
 *
 * fuzz-max-len: 8192 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/event.h"
#include "core/finding.h"
#include "parser.h"
#include "report/report.h"
#include "rule.h"
#include "core/session.h"
#include "fuzz_util.h"

/* fuzz_exim.c and fuzz_transcript.c build this harness around another
 * parser. */
#ifndef FUZZ_PARSER
#define FUZZ_PARSER	parser_postfix
#endif

#ifndef FUZZ_RULEDIR
#define FUZZ_RULEDIR	"rules"
#endif

/* The parser under test: another harness may define it and include this
 * file (fuzz_exim.c, fuzz_transcript.c). */
#ifndef FUZZ_PARSER
#define FUZZ_PARSER	parser_postfix
#endif

#define MAX_LINES	4096

static struct ruleset	*rules;
static int		 debug;		/* FUZZ_DEBUG set: print the output */

static const int	 codes[] = { 500, 502, 503, 530, 554 };

/* The writers the session table emits into, and what was emitted. */
struct out {
	void		*nd, *tx;
	FILE		*ndf, *txf;
	char		*ndbuf, *txbuf;
	size_t		 ndlen, txlen;
	size_t		 ndseen;	/* bytes of ndbuf already checked */
	unsigned long	 findings;
	struct pat	*pat;		/* session-level patterns */
	unsigned long	 patterns;
};

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct rule_err	 err;
	const char	*dir;
	int		 nerr = 0;

	(void)argc;
	(void)argv;
	debug = getenv("FUZZ_DEBUG") != NULL;
	setenv("TZ", "UTC", 1);
	tzset();
	if ((dir = getenv("SMTPLOG_FUZZ_RULES")) == NULL)
		dir = FUZZ_RULEDIR;
	rules = rule_new();
	if (rule_load_dir(rules, dir, &err, &nerr) != 0 ||
	    rule_count(rules) == 0) {
		fprintf(stderr, "fuzz_postfix: %s: %s:%d: %s (%d problems, "
		    "%zu rules)\n", dir, err.file, err.line, err.msg, nerr,
		    rule_count(rules));
		exit(1);
	}
	return 0;
}

/*
 * same_str - a C string of the finding against its JSON value: NULL must
 * be null; a string must stay a string, byte for byte when it was valid
 * UTF-8 (otherwise the writer may repair it).
 */
static void
same_str(const char *what, const char *s, json_t *j)
{
	FUZZ_CHECK(j != NULL, "%s: key missing", what);
	if (s == NULL) {
		FUZZ_CHECK(json_is_null(j), "%s: NULL written as non-null",
		    what);
		return;
	}
	FUZZ_CHECK(json_is_string(j), "%s: \"%s\" written as non-string",
	    what, s);
	if (fuzz_utf8_ok((const unsigned char *)s, strlen(s)))
		FUZZ_CHECK(json_string_length(j) == strlen(s) &&
		    memcmp(json_string_value(j), s, strlen(s)) == 0,
		    "%s: \"%s\" written as \"%s\"", what, s,
		    json_string_value(j));
}

/* obj_or_null - o[k], which must be an object (has != 0) or null. */
static json_t *
obj_or_null(json_t *o, const char *k, int has)
{
	json_t	*j = json_object_get(o, k);

	FUZZ_CHECK(j != NULL, "%s: key missing", k);
	FUZZ_CHECK(has ? json_is_object(j) : json_is_null(j),
	    "%s: %s expected", k, has ? "object" : "null");
	return j;
}

/* check_finding - the NDJSON line just written for f. */
static void
check_finding(const struct finding *f, const char *line, size_t len)
{
	json_error_t	 jerr;
	json_t		*o, *s, *c;

	FUZZ_CHECK(len > 0 && line[len - 1] == '\n' &&
	    memchr(line, '\n', len - 1) == NULL,
	    "a finding is not exactly one line");
	o = json_loadb(line, len, 0, &jerr);
	FUZZ_CHECK(o != NULL, "finding is not JSON: %s: %.*s", jerr.text,
	    (int)len, line);
	FUZZ_CHECK(json_is_object(o), "finding is not an object");
	same_str("type", "finding", json_object_get(o, "type"));
	same_str("host", f->host, json_object_get(o, "host"));
	same_str("program", f->program, json_object_get(o, "program"));
	same_str("enhanced", f->enhanced, json_object_get(o, "enhanced"));
	same_str("text", f->text, json_object_get(o, "text"));
	same_str("command", f->command, json_object_get(o, "command"));
	same_str("why", f->why, json_object_get(o, "why"));
	same_str("event", f->event, json_object_get(o, "event"));
	c = json_object_get(o, "code");
	FUZZ_CHECK(c != NULL && (f->code != 0 ? json_is_integer(c) &&
	    json_integer_value(c) == f->code : json_is_null(c)),
	    "code %d written wrong", f->code);
	same_str("rule", f->rule != NULL ? f->rule->id : NULL,
	    json_object_get(o, "rule"));

	s = obj_or_null(o, "session", f->session_id != NULL);
	if (f->session_id != NULL) {
		same_str("session.id", f->session_id, json_object_get(s, "id"));
		same_str("session.client_name", f->client_name,
		    json_object_get(s, "client_name"));
		same_str("session.client_ip", f->client_ip,
		    json_object_get(s, "client_ip"));
		same_str("session.helo", f->helo, json_object_get(s, "helo"));
	}
	s = obj_or_null(o, "remote", f->relay_name != NULL ||
	    f->relay_ip != NULL);
	if (f->relay_name != NULL || f->relay_ip != NULL) {
		same_str("remote.name", f->relay_name,
		    json_object_get(s, "name"));
		same_str("remote.ip", f->relay_ip, json_object_get(s, "ip"));
	}
	s = obj_or_null(o, "message", f->queue_id != NULL || f->from != NULL ||
	    f->to != NULL || f->message_id != NULL);
	if (!json_is_null(s)) {
		same_str("message.queue_id", f->queue_id,
		    json_object_get(s, "queue_id"));
		same_str("message.from", f->from, json_object_get(s, "from"));
		same_str("message.to", f->to, json_object_get(s, "to"));
		same_str("message.message_id", f->message_id,
		    json_object_get(s, "message_id"));
	}
	s = obj_or_null(o, "source", 1);
	same_str("source.file", f->file, json_object_get(s, "file"));
	json_decref(o);
}

static int
emit(void *arg, const struct finding *f)
{
	struct out	*out = arg;

	FUZZ_CHECK(report_ndjson.finding(out->nd, f) == 0,
	    "ndjson finding() failed");
	FUZZ_CHECK(report_text.finding(out->tx, f) == 0,
	    "text finding() failed");
	FUZZ_CHECK(fflush(out->ndf) == 0, "fflush");
	check_finding(f, out->ndbuf + out->ndseen, out->ndlen - out->ndseen);
	out->ndseen = out->ndlen;
	out->findings++;
	FUZZ_CHECK(pat_feed(out->pat, f) == 0, "pat_feed");
	return 0;
}

/* emit_pattern - a pattern record into both writers. */
static int
emit_pattern(void *arg, const struct pattern *p)
{
	struct out	*out = arg;

	FUZZ_CHECK(p->count >= 1 && p->nrefs <= p->count &&
	    p->nrefs + p->refs_more == p->count, "pattern of %lu findings "
	    "with %zu refs and %lu more", p->count, p->nrefs, p->refs_more);
	FUZZ_CHECK(report_ndjson.pattern(out->nd, p) == 0,
	    "ndjson pattern() failed");
	FUZZ_CHECK(report_text.pattern(out->tx, p) == 0,
	    "text pattern() failed");
	out->patterns++;
	return 0;
}

/* check_text - no byte of the report can drive a terminal (no colour). */
static void
check_text(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	FUZZ_CHECK(fuzz_utf8_ok(p, len), "text report is not valid UTF-8");
	for (i = 0; i < len; i++) {
		FUZZ_CHECK(p[i] >= 0x20 ? p[i] != 0x7f : p[i] == '\n',
		    "text report holds control byte 0x%02x at %zu", p[i], i);
		/* C1 controls U+0080..U+009F */
		FUZZ_CHECK(!(p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f), "text report holds a C1 control at %zu",
		    i);
		/* U+2028, U+2029, U+202A..U+202E, U+2066..U+2069 */
		if (p[i] == 0xe2 && i + 2 < len &&
		    ((p[i + 1] == 0x80 && p[i + 2] >= 0xa8 &&
		    p[i + 2] <= 0xae) ||
		    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 &&
		    p[i + 2] <= 0xa9)))
			FUZZ_CHECK(0, "text report holds a bidi/separator "
			    "control at %zu", i);
	}
}

/* check_ndjson - after finish: findings + 1 lines, the last the summary. */
static void
check_ndjson(const struct out *out)
{
	json_error_t	 jerr;
	json_t		*o;
	const char	*p = out->ndbuf, *end = out->ndbuf + out->ndlen, *nl;
	unsigned long	 n = 0;

	FUZZ_CHECK(out->ndlen > 0 && end[-1] == '\n',
	    "NDJSON does not end with a newline");
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		o = json_loadb(p, (size_t)(nl - p), 0, &jerr);
		FUZZ_CHECK(o != NULL && json_is_object(o),
		    "NDJSON line %lu is not a JSON object: %s", n + 1,
		    jerr.text);
		n++;
		if (nl + 1 == end)
			FUZZ_CHECK(json_is_string(json_object_get(o,
			    "type")) && strcmp(json_string_value(
			    json_object_get(o, "type")), "summary") == 0,
			    "last NDJSON line is not the summary");
		json_decref(o);
	}
	FUZZ_CHECK(n == out->findings + out->patterns + 1, "%lu NDJSON lines "
	    "for %lu findings and %lu patterns", n, out->findings,
	    out->patterns);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct parser_ops	*ops = &FUZZ_PARSER;
	struct parser_opts	 popts;
	struct report_opts	 ropts;
	struct sess_config	 cfg;
	struct summary_input	 in;
	struct summary		 sum;
	const struct smtp_event	*ev;
	struct sess_table	*st;
	struct out		 out;
	const uint8_t		*p = data, *end = data + size, *nl;
	char			*lines[MAX_LINES];
	size_t			 lens[MAX_LINES];
	size_t			 nlines = 0, i, len;
	void			*pst;
	int			 r;

	/* Lines as input.c hands them over: no newline, no NUL inside. */
	while (p < end && nlines < MAX_LINES) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lines[nlines] = malloc(len + 1);
		for (i = 0; i < len; i++)
			lines[nlines][i] = p[i] != '\0' ? (char)p[i] : ' ';
		lines[nlines][len] = '\0';
		lens[nlines++] = len;
		p += len + (nl != NULL);
	}

	memset(&out, 0, sizeof(out));
	out.ndf = open_memstream(&out.ndbuf, &out.ndlen);
	out.txf = open_memstream(&out.txbuf, &out.txlen);
	FUZZ_CHECK(out.ndf != NULL && out.txf != NULL, "open_memstream");
	memset(&ropts, 0, sizeof(ropts));
	ropts.version = "fuzz";
	out.nd = report_ndjson.open(out.ndf, &ropts);
	out.tx = report_text.open(out.txf, &ropts);
	{
		struct pat_config	pc;

		pat_config_init(&pc);
		pc.emit = emit_pattern;
		pc.arg = &out;
		out.pat = pat_new(&pc);
	}

	memset(&cfg, 0, sizeof(cfg));
	cfg.codes = codes;
	cfg.ncodes = sizeof(codes) / sizeof(codes[0]);
	cfg.rules = rules;
	cfg.emit = emit;
	cfg.arg = &out;
	st = sess_new(&cfg);

	memset(&popts, 0, sizeof(popts));
	popts.file = "fuzz.log";
	popts.year = 2020;
	popts.ref_time = 1600000000;
	pst = ops->open(&popts);

	memset(&in, 0, sizeof(in));
	in.name = "fuzz.log";
	in.format = ops->name;
	(void)parser_detect((const char *const *)lines, lens,
	    nlines < 50 ? nlines : 50);
	for (i = 0; i < nlines; i++) {
		if (ops->probe != NULL)	/* NULL: lines with an envelope */
			(void)ops->probe(lines[i], lens[i]);
		switch (ops->push(pst, lines[i], lens[i], i + 1)) {
		case PARSE_USED:
			in.used++;
			break;
		case PARSE_IGNORED:
			in.ignored++;
			break;
		default:
			in.unrecognized++;
			break;
		}
		while ((r = ops->next(pst, &ev)) == 1)
			FUZZ_CHECK(sess_feed(st, ev) == 0, "sess_feed");
		FUZZ_CHECK(r == 0 || r == -1, "next() returned %d", r);
		if (r == -1)
			FUZZ_CHECK(ops->error(pst) != NULL, "error() is NULL");
	}
	ops->flush(pst);
	while ((r = ops->next(pst, &ev)) == 1)
		FUZZ_CHECK(sess_feed(st, ev) == 0, "sess_feed after flush");
	FUZZ_CHECK(sess_finish(st) == 0, "sess_finish");
	FUZZ_CHECK(pat_flush(out.pat) == 0, "pat_flush");
	in.lines = nlines;

	memset(&sum, 0, sizeof(sum));
	sum.ninputs = 1;
	sum.inputs = &in;
	sum.lines = in.lines;
	sum.used = in.used;
	sum.ignored = in.ignored;
	sum.unrecognized = in.unrecognized;
	sum.bytes = size;
	sess_summary(st, &sum);
	pat_summary(out.pat, &sum);
	FUZZ_CHECK(sum.patterns == out.patterns, "summary says %lu patterns, "
	    "%lu emitted", sum.patterns, out.patterns);
	FUZZ_CHECK(sum.findings == out.findings, "summary says %lu findings, "
	    "%lu emitted", sum.findings, out.findings);
	FUZZ_CHECK(report_ndjson.finish(out.nd, &sum) == 0, "ndjson finish");
	FUZZ_CHECK(report_text.finish(out.tx, &sum) == 0, "text finish");
	FUZZ_CHECK(fflush(out.ndf) == 0 && fflush(out.txf) == 0, "fflush");
	if (debug)
		fprintf(stderr, "%.*s%.*s", (int)out.ndlen, out.ndbuf,
		    (int)out.txlen, out.txbuf);
	check_ndjson(&out);
	check_text(out.txbuf, out.txlen);

	ops->close(pst);
	sess_free(st);
	pat_free(out.pat);
	report_ndjson.free(out.nd);
	report_text.free(out.tx);
	fclose(out.ndf);
	fclose(out.txf);
	free(out.ndbuf);
	free(out.txbuf);
	for (i = 0; i < nlines; i++)
		free(lines[i]);
	return 0;
}
