/*
 * check_envelope.c - tests for the envelope layer (parsers/envelope*.c):
 * one example of each envelope and what it hands on (kind, container,
 * time, host, program, pid, message); hostile variants (broken JSON, a
 * journal entry without MESSAGE, impossible dates, cut headers, partial
 * lines never completed) that must be refused or counted, never crash;
 * the JSON scanner against jansson's reading; and the router
 * (parsers/route.c): lines to the parser of their program, late
 * detection of lines without an envelope, every line counted once.
 *
 * The example lines are written after the formats' documents (RFC 3164,
 * RFC 5424, journalctl(1)'s -o short-full/short-unix/json, docker's
 * json-file driver, the CRI logging format) and, for their messages, the
 * Postfix lines of samples/postfix/mail.log.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "envelope.h"
#include "envelope_int.h"
#include "lex.h"
#include "parser.h"
#include "route.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 2025-03-01T10:00:00Z */
#define T0	((time_t)1740823200)

static void
utc_setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

static const struct ecase {
	const char	*line;
	enum env_result	 result;
	enum env_kind	 kind;
	enum env_wrap	 wrap;
	time_t		 when;		/* -1: do not check */
	int		 usec;
	const char	*host, *prog;	/* NULL: none */
	long		 pid;
	const char	*msg;		/* OK: the message; NONE: the text */
} ecases[] = {
	/* Classic RFC 3164, zero- and space-padded day. */
	{ "Mar  1 10:00:00 mx1 postfix/smtpd[1234]: connect from x[192.0.2.1]",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_NONE, T0, 0, "mx1",
	  "postfix/smtpd", 1234, "connect from x[192.0.2.1]" },
	/* journalctl -o short-precise: a fraction. */
	{ "Mar 01 10:00:00.250000 mx1 postfix/qmgr[9]: ABC123: removed",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_NONE, T0, 250000, "mx1",
	  "postfix/qmgr", 9, "ABC123: removed" },
	/* RFC 3164 with its priority kept. */
	{ "<22>Mar  1 10:00:00 mx1 postfix/smtpd[7]: lost connection",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_NONE, T0, 0, "mx1",
	  "postfix/smtpd", 7, "lost connection" },
	/* RFC 3339 (rsyslog's high precision), and short-iso's +HHMM. */
	{ "2025-03-01T11:00:00.123456+01:00 mx1 postfix/smtpd[7]: x",
	  ENV_R_OK, ENV_RFC3339, ENV_WRAP_NONE, T0, 123456, "mx1",
	  "postfix/smtpd", 7, "x" },
	{ "2025-03-01T10:00:00+0000 mx1 exim[3]: 2025-03-01 10:00:00 x",
	  ENV_R_OK, ENV_RFC3339, ENV_WRAP_NONE, T0, 0, "mx1", "exim", 3,
	  "2025-03-01 10:00:00 x" },
	/* RFC 5424: no structured data, then two elements with escapes. */
	{ "<22>1 2025-03-01T10:00:00.123+00:00 mx1 postfix/smtpd 1234 - - msg",
	  ENV_R_OK, ENV_RFC5424, ENV_WRAP_NONE, T0, 123000, "mx1",
	  "postfix/smtpd", 1234, "msg" },
	{ "<22>1 2025-03-01T10:00:00Z mx1 postfix/smtpd 5 ID7 "
	  "[a@1 x=\"q\\\"]\"][b y=\"1\"] \xef\xbb\xbfhello",
	  ENV_R_OK, ENV_RFC5424, ENV_WRAP_NONE, T0, 0, "mx1",
	  "postfix/smtpd", 5, "hello" },
	{ "<22>1 - - - - - -", ENV_R_OK, ENV_RFC5424, ENV_WRAP_NONE, 0, 0,
	  NULL, NULL, -1, "" },
	/* rsyslog with a year and milliseconds (the fgforrest logs). */
	{ "2013 Jun 16 16:05:06.123 gds39d postfix/smtpd[7052]: x: "
	  "client=a[81.95.110.19]", ENV_R_OK, ENV_RSYSLOG_YEAR,
	  ENV_WRAP_NONE, 1371398706, 123000, "gds39d", "postfix/smtpd", 7052,
	  "x: client=a[81.95.110.19]" },
	/* journalctl -o short-full: a weekday and a zone. */
	{ "Sat 2025-03-01 11:00:00 CET mx1 postfix/smtpd[5]: x", ENV_R_OK,
	  ENV_SHORT_FULL, ENV_WRAP_NONE, T0, 0, "mx1", "postfix/smtpd", 5,
	  "x" },
	{ "Sat 2025-03-01 10:00:00 UTC mx1 postfix/smtpd[5]: x", ENV_R_OK,
	  ENV_SHORT_FULL, ENV_WRAP_NONE, T0, 0, "mx1", "postfix/smtpd", 5,
	  "x" },
	/* journalctl -o short-unix. */
	{ "1740823200.500000 mx1 postfix/smtpd[5]: x", ENV_R_OK,
	  ENV_SHORT_UNIX, ENV_WRAP_NONE, T0, 500000, "mx1", "postfix/smtpd",
	  5, "x" },
	/* journalctl -o json: a string, an array of bytes, no host. */
	{ "{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1740823200000001\","
	  "\"_HOSTNAME\":\"mx1\",\"SYSLOG_IDENTIFIER\":\"postfix/smtpd\","
	  "\"_PID\":\"44\",\"MESSAGE\":\"a \\\"q\\\" \\u00e9\\ud83d\\ude00\"}",
	  ENV_R_OK, ENV_JOURNAL_JSON, ENV_WRAP_NONE, T0, 1, "mx1",
	  "postfix/smtpd", 44, "a \"q\" \xc3\xa9\xf0\x9f\x98\x80" },
	{ "{\"MESSAGE\":[104,105,0,255],\"SYSLOG_IDENTIFIER\":\"postfix/qmgr\","
	  "\"SYSLOG_PID\":\"3\",\"_PID\":\"4\","
	  "\"__REALTIME_TIMESTAMP\":\"1740823200000000\"}",
	  ENV_R_OK, ENV_JOURNAL_JSON, ENV_WRAP_NONE, T0, 0, NULL,
	  "postfix/qmgr", 3, "hi \xff" },
	/* A field twice (journald writes it as an array): jansson's. */
	{ "{\"MESSAGE\":[\"one\",\"two\"],\"_COMM\":\"smtpd\","
	  "\"__REALTIME_TIMESTAMP\":\"1740823200000000\"}",
	  ENV_R_OK, ENV_JOURNAL_JSON, ENV_WRAP_NONE, T0, 0, NULL, "smtpd", -1,
	  "one" },
	/* docker compose logs, coloured or not, with -t. */
	{ "postfix-mailcow_1  | Mar  1 10:00:00 mx1 postfix/smtpd[1]: x",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_COMPOSE, T0, 0, "mx1",
	  "postfix/smtpd", 1, "x" },
	{ "\033[36mpostfix_1  |\033[0m Mar  1 10:00:00 mx1 postfix/smtpd[1]: x",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_COMPOSE, T0, 0, "mx1",
	  "postfix/smtpd", 1, "x" },
	{ "postfix-1  | 2025-03-01T10:00:00.250000000Z Mar  1 09:00:00 mx1 "
	  "postfix/smtpd[1]: x", ENV_R_OK, ENV_RFC3164, ENV_WRAP_COMPOSE, T0,
	  250000, "mx1", "postfix/smtpd", 1, "x" },
	/* compose -t and an RFC 3339 syslog line: the stamp is the line's
	 * own, not compose's; and compose's stamp, then an RFC 3339 one
	 * with its zone: that one is taken as it is. */
	{ "postfix-1  | 2025-03-01T10:00:00.250Z mx1 postfix/smtpd[1]: x",
	  ENV_R_OK, ENV_RFC3339, ENV_WRAP_COMPOSE, T0, 250000, "mx1",
	  "postfix/smtpd", 1, "x" },
	{ "postfix-1  | 2025-03-01T10:00:00.5Z 2025-03-01T11:00:00+01:00 mx1 "
	  "postfix/smtpd[1]: x", ENV_R_OK, ENV_RFC3339, ENV_WRAP_COMPOSE, T0,
	  0, "mx1", "postfix/smtpd", 1, "x" },
	/* Exim's own line in a container: no envelope inside. */
	{ "exim_1  | 2025-03-01 10:00:00 1abc12-000ABC-12 <= a@b",
	  ENV_R_NONE, ENV_NONE, ENV_WRAP_COMPOSE, -1, 0, NULL, NULL, -1,
	  "2025-03-01 10:00:00 1abc12-000ABC-12 <= a@b" },
	/* docker json-file: the container's time stands for the year-less
	 * stamp inside. */
	{ "{\"log\":\"Mar  1 09:00:00 mx1 postfix/smtpd[1]: x\\n\","
	  "\"stream\":\"stdout\",\"time\":\"2025-03-01T10:00:00.5Z\"}",
	  ENV_R_OK, ENV_RFC3164, ENV_WRAP_DOCKER_JSON, T0, 500000, "mx1",
	  "postfix/smtpd", 1, "x" },
	/* Kubernetes CRI. */
	{ "2025-03-01T10:00:00.123456789Z stdout F Mar  1 09:00:00 mx1 "
	  "postfix/smtpd[1]: x", ENV_R_OK, ENV_RFC3164, ENV_WRAP_CRI, T0,
	  123456, "mx1", "postfix/smtpd", 1, "x" },
	/* A bare message in a container: the container's time. */
	{ "{\"log\":\"postfix/smtpd[1]: x\\n\",\"stream\":\"stdout\","
	  "\"time\":\"2025-03-01T10:00:00.5Z\"}", ENV_R_OK, ENV_BARE,
	  ENV_WRAP_DOCKER_JSON, T0, 500000, NULL, "postfix/smtpd", 1, "x" },
	{ "2025-03-01T10:00:00.25Z stdout F postfix/smtpd[1]: x", ENV_R_OK,
	  ENV_BARE, ENV_WRAP_CRI, T0, 250000, NULL, "postfix/smtpd", 1, "x" },
	/* Bare messages: a pid, or a '/' in the name. */
	{ "postfix/smtpd[6741]: NOQUEUE: reject: x", ENV_R_OK, ENV_BARE,
	  ENV_WRAP_NONE, 0, 0, NULL, "postfix/smtpd", 6741,
	  "NOQUEUE: reject: x" },
	{ "postfix/qmgr: ABC: removed", ENV_R_OK, ENV_BARE, ENV_WRAP_NONE, 0,
	  0, NULL, "postfix/qmgr", -1, "ABC: removed" },
	/* No envelope: Exim's own lines, transcripts, prose. */
	{ "2025-03-01 10:00:00 1abc12-000ABC-12 <= a@b H=x", ENV_R_NONE,
	  ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1,
	  "2025-03-01 10:00:00 1abc12-000ABC-12 <= a@b H=x" },
	{ "2025-03-01 10:00:00 1abc12-000ABC-12 qualify/rewrite: x",
	  ENV_R_NONE, ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1,
	  "2025-03-01 10:00:00 1abc12-000ABC-12 qualify/rewrite: x" },
	/* Exim's stamp before a syslog prefix (made up): one with a pid is
	 * an envelope, one without is Exim's own line. */
	{ "2025-03-01 10:00:00 mx1 postfix/smtpd[5]: x", ENV_R_OK,
	  ENV_RFC3339, ENV_WRAP_NONE, T0, 0, "mx1", "postfix/smtpd", 5,
	  "x" },
	{ "2025-03-01 10:00:00 mx1 postfix/smtpd: x", ENV_R_NONE, ENV_NONE,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1,
	  "2025-03-01 10:00:00 mx1 postfix/smtpd: x" },
	{ "S: 220 mx.example.com ESMTP", ENV_R_NONE, ENV_NONE, ENV_WRAP_NONE,
	  -1, 0, NULL, NULL, -1, "S: 220 mx.example.com ESMTP" },
	{ "", ENV_R_NONE, ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1,
	  "" },
	/* A syslog daemon's own line: an envelope without a program. */
	{ "Mar  1 10:00:00 mx1 last message repeated 3 times", ENV_R_OK,
	  ENV_RFC3164, ENV_WRAP_NONE, T0, 0, NULL, NULL, -1, NULL },

	/* Hostile and broken: refused (BAD), never misread. */
	{ "Feb 30 10:00:00 mx1 postfix/smtpd[1]: x", ENV_R_BAD, ENV_NONE,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "2025-02-29T10:00:00Z mx1 postfix/smtpd[1]: x", ENV_R_BAD,
	  ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "Sat 2025-02-30 10:00:00 UTC mx1 postfix/smtpd[5]: x", ENV_R_NONE,
	  ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "{\"MESSAGE\":\"cut", ENV_R_BAD, ENV_JOURNAL_JSON, ENV_WRAP_NONE, -1,
	  0, NULL, NULL, -1, NULL },
	{ "{\"_PID\":\"1\",\"SYSLOG_IDENTIFIER\":\"postfix/smtpd\"}",
	  ENV_R_BAD, ENV_JOURNAL_JSON, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1,
	  NULL },
	{ "{\"MESSAGE\":\"a\",\"MESSAGE\":\"b\"}", ENV_R_BAD,
	  ENV_JOURNAL_JSON, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "{\"MESSAGE\":{\"nested\":1}}", ENV_R_BAD, ENV_JOURNAL_JSON,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "{} trailing", ENV_R_BAD, ENV_JOURNAL_JSON, ENV_WRAP_NONE, -1, 0,
	  NULL, NULL, -1, NULL },
	{ "{\"log\":\"x\\n\",\"time\":\"not a time\"}", ENV_R_BAD, ENV_NONE,
	  ENV_WRAP_DOCKER_JSON, -1, 0, NULL, NULL, -1, NULL },
	{ "<22>1 2025-03-01T10:00:00Z mx1", ENV_R_BAD, ENV_RFC5424,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "<22>1 2025-03-01T10:00:00Z mx1 p 1 - [x a=\"]", ENV_R_BAD,
	  ENV_RFC5424, ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "<22>1 yesterday mx1 p 1 - - x", ENV_R_BAD, ENV_RFC5424,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "<999>Mar  1 10:00:00 mx1 postfix/smtpd[1]: x", ENV_R_BAD, ENV_NONE,
	  ENV_WRAP_NONE, -1, 0, NULL, NULL, -1, NULL },
	{ "<13>just text", ENV_R_BAD, ENV_NONE, ENV_WRAP_NONE, -1, 0, NULL,
	  NULL, -1, NULL },
	/* A pid of 11 digits is no pid: no program either (lex.h). */
	{ "Mar  1 10:00:00 mx1 postfix/smtpd[12345678901]: x", ENV_R_OK,
	  ENV_RFC3164, ENV_WRAP_NONE, T0, 0, NULL, NULL, -1, NULL },
	/* The classic line above with 10 digits, the most a pid has, with
	 * none, and with a letter among them (made up). */
	{ "Mar  1 10:00:00 mx1 postfix/smtpd[1234567890]: x", ENV_R_OK,
	  ENV_RFC3164, ENV_WRAP_NONE, T0, 0, "mx1", "postfix/smtpd",
	  1234567890, "x" },
	{ "Mar  1 10:00:00 mx1 postfix/smtpd[]: x", ENV_R_OK,
	  ENV_RFC3164, ENV_WRAP_NONE, T0, 0, NULL, NULL, -1, NULL },
	{ "Mar  1 10:00:00 mx1 postfix/smtpd[12a]: x", ENV_R_OK,
	  ENV_RFC3164, ENV_WRAP_NONE, T0, 0, NULL, NULL, -1, NULL },
	/* A partial CRI line, held for the rest. */
	{ "2025-03-01T10:00:00Z stdout P Mar  1 10:00:00 mx1 ", ENV_R_HELD,
	  ENV_NONE, ENV_WRAP_CRI, -1, 0, NULL, NULL, -1, NULL },
};

static void
check_str(const char *line, const char *what, const char *got, size_t n,
    const char *want)
{
	if (want == NULL) {
		ck_assert_msg(n == 0, "%s: %s: got '%.*s', want none", line,
		    what, (int)n, got);
		return;
	}
	ck_assert_msg(n == strlen(want) && memcmp(got, want, n) == 0,
	    "%s: %s: got '%.*s', want '%s'", line, what, (int)n, got, want);
}

START_TEST(test_envelope_line)
{
	const struct ecase	*c = &ecases[_i];
	struct env		*e = env_new(2025, T0 + 86400, 0);
	struct env_rec		 rec;
	enum env_result		 r;
	size_t			 len = strlen(c->line);
	char			*copy = malloc(len + 1);

	/* A copy of exactly its length and NUL: ASan sees any read past. */
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, c->line, len + 1);
	r = env_read(e, copy, len, &rec);
	ck_assert_msg(r == c->result, "%s: result %d, want %d", c->line, r,
	    c->result);
	if (r == ENV_R_BAD)
		ck_assert_msg(rec.why != NULL && *rec.why != '\0', "%s: no why",
		    c->line);
	ck_assert_msg(rec.wrap == c->wrap, "%s: wrap %d, want %d", c->line,
	    rec.wrap, c->wrap);
	if (r == ENV_R_NONE && c->msg != NULL)
		check_str(c->line, "text", rec.text, rec.len, c->msg);
	if (r == ENV_R_OK) {
		ck_assert_msg(rec.kind == c->kind, "%s: kind %s, want %s",
		    c->line, env_kind_name(rec.kind), env_kind_name(c->kind));
		ck_assert_msg(rec.text[rec.len] == '\0', "%s: not NUL-ended",
		    c->line);
		ck_assert_msg(memchr(rec.text, '\0', rec.len) == NULL,
		    "%s: a NUL inside", c->line);
		if (c->when >= 0)
			ck_assert_msg(rec.when == c->when &&
			    rec.usec == c->usec, "%s: when %lld.%06d, want "
			    "%lld.%06d", c->line, (long long)rec.when,
			    rec.usec, (long long)c->when, c->usec);
		check_str(c->line, "host", rec.text + rec.sp.hs,
		    rec.sp.he - rec.sp.hs, c->host);
		check_str(c->line, "program", rec.text + rec.sp.ps,
		    rec.sp.pe - rec.sp.ps, c->prog);
		ck_assert_msg(rec.sp.pid == c->pid, "%s: pid %ld, want %ld",
		    c->line, rec.sp.pid, c->pid);
		if (c->msg != NULL)
			check_str(c->line, "message", rec.text + rec.sp.ms,
			    rec.len - rec.sp.ms, c->msg);
	}
	env_free(e);
	free(copy);
}
END_TEST

/*
 * Partial lines: CRI "P" and docker records without "\n" are joined to
 * the line that completes them, per stream; one never completed is read
 * at the end of the input.
 */
START_TEST(test_envelope_partial)
{
	static const char *const lines[] = {
		"2025-03-01T10:00:00Z stdout P Mar  1 10:00:00 mx1 postfix",
		"2025-03-01T10:00:00Z stderr P half of another",
		"2025-03-01T10:00:00Z stdout P /smtpd[1]: conn",
		"2025-03-01T10:00:00Z stdout F ect from x[192.0.2.1]",
		"{\"log\":\"Mar  1 10:00:00 mx1 postfix/qmgr[2]: AB\","
		    "\"stream\":\"stdout\",\"time\":\"2025-03-01T10:00:00Z\"}",
		"{\"log\":\"C: removed\\n\",\"stream\":\"stdout\","
		    "\"time\":\"2025-03-01T10:00:01Z\"}",
	};
	static const enum env_result want[] = {
		ENV_R_HELD, ENV_R_HELD, ENV_R_HELD, ENV_R_OK, ENV_R_HELD,
		ENV_R_OK,
	};
	struct env	*e = env_new(2025, 0, 0);
	struct env_rec	 rec;
	enum env_result	 r;
	size_t		 i;

	for (i = 0; i < NELEM(lines); i++) {
		r = env_read(e, lines[i], strlen(lines[i]), &rec);
		ck_assert_msg(r == want[i], "line %zu: %d, want %d", i, r,
		    want[i]);
		if (i == 3) {
			ck_assert_uint_eq(rec.lines, 3);
			check_str(lines[i], "message", rec.text + rec.sp.ms,
			    rec.len - rec.sp.ms, "connect from x[192.0.2.1]");
		}
		if (i == 5) {
			ck_assert_uint_eq(rec.lines, 2);
			check_str(lines[i], "message", rec.text + rec.sp.ms,
			    rec.len - rec.sp.ms, "ABC: removed");
		}
	}
	/* The end: stderr's part, never completed, is read as it is. */
	ck_assert_int_eq(env_end(e, &rec, &r), 1);
	ck_assert_int_eq(r, ENV_R_NONE);
	ck_assert_uint_eq(rec.lines, 1);
	check_str("end", "text", rec.text, rec.len, "half of another");
	ck_assert_int_eq(env_end(e, &rec, &r), 0);
	env_free(e);
}
END_TEST

/* A partial line never grows past the bound. */
START_TEST(test_envelope_partial_bound)
{
	struct env	*e = env_new(2025, 0, 100);
	struct env_rec	 rec;
	enum env_result	 r;
	char		 line[200];
	int		 i;

	snprintf(line, sizeof(line), "2025-03-01T10:00:00Z stdout P %080d",
	    0);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(env_read(e, line, strlen(line), &rec),
		    ENV_R_HELD);
	ck_assert_int_eq(env_end(e, &rec, &r), 1);
	ck_assert_uint_le(rec.len, 100);
	ck_assert_uint_eq(rec.lines, 1000);
	env_free(e);
}
END_TEST

/*
 * The JSON scanner reads what jansson reads: the same values for the
 * same keys, on lines the scanner handles itself and on those it leaves
 * to jansson.
 */
static const char *const jlines[] = {
	"{\"a\":\"x\",\"b\":\"y\"}",
	" { \"b\" : \"\\\\ \\/ \\b\\f\\n\\r\\t\" , \"a\" : 12 } ",
	"{\"skip\":{\"a\":\"inner\",\"l\":[1,{\"x\":\"]\"}]},\"a\":\"outer\"}",
	"{\"a\":\"\\u0000nul\",\"b\":[0,65,255]}",
	"{\"a\":null,\"b\":true,\"c\":false}",
	"{\"b\":\"\\uDBFF\\uDFFF\"}",
	"{\"a\\u0062\":\"escaped key\"}",
	"{\"b\":[\"first\",\"second\"]}",
	"{\"a\":\"x\\\"\",\"b\":\"\\\\\"}",
};

static const char *const jkeys[] = { "a", "b", "c" };

static void
json_want(const char *line, const char *key, char *buf, size_t *n)
{
	json_t		*root, *v;
	json_error_t	 err;
	size_t		 i;

	*n = (size_t)-1;
	root = json_loads(line, JSON_ALLOW_NUL, &err);
	ck_assert_ptr_nonnull(root);
	if ((v = json_object_get(root, key)) != NULL) {
		if (json_is_array(v) && json_array_size(v) > 0 &&
		    json_is_string(json_array_get(v, 0)))
			v = json_array_get(v, 0);
		if (json_is_string(v)) {
			*n = json_string_length(v);
			memcpy(buf, json_string_value(v), *n);
		} else if (json_is_integer(v))
			*n = (size_t)sprintf(buf, "%lld",
			    (long long)json_integer_value(v));
		else if (json_is_array(v)) {
			*n = json_array_size(v);
			for (i = 0; i < *n; i++)
				buf[i] = (char)json_integer_value(
				    json_array_get(v, i));
		}
		for (i = 0; *n != (size_t)-1 && i < *n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
	}
	json_decref(root);
}

START_TEST(test_envelope_json)
{
	const char	*line = jlines[_i];
	struct env_jval	 v[NELEM(jkeys)];
	char		 out[512], want[256];
	const char	*why = NULL;
	size_t		 k, n;

	ck_assert_int_eq(env_json_get(line, strlen(line), jkeys,
	    NELEM(jkeys), v, out, &why), 0);
	for (k = 0; k < NELEM(jkeys); k++) {
		json_want(line, jkeys[k], want, &n);
		if (n == (size_t)-1) {
			ck_assert_msg(v[k].s == NULL, "%s: %s: got '%s', want "
			    "none", line, jkeys[k], v[k].s);
			continue;
		}
		ck_assert_msg(v[k].s != NULL && v[k].n == n &&
		    memcmp(v[k].s, want, n) == 0, "%s: %s: got '%.*s', want "
		    "'%.*s'", line, jkeys[k], v[k].s ? (int)v[k].n : 4,
		    v[k].s ? v[k].s : "none", (int)n, want);
	}
}
END_TEST

/* A lone surrogate, which jansson refuses, is U+FFFD to the scanner:
 * the rest of the message is still read. */
START_TEST(test_envelope_json_surrogate)
{
	static const char line[] = "{\"a\":\"\\ud800 lone\"}";
	struct env_jval	 v[NELEM(jkeys)];
	char		 out[64];
	const char	*why = NULL;

	ck_assert_int_eq(env_json_get(line, strlen(line), jkeys,
	    NELEM(jkeys), v, out, &why), 0);
	ck_assert_str_eq(v[0].s, "\xef\xbf\xbd lone");
}
END_TEST

/* What is no JSON object is said, whatever it looks like. */
START_TEST(test_envelope_json_broken)
{
	static const char *const bad[] = {
		"{", "{\"a\"", "{\"a\":", "{\"a\":\"x", "{\"a\":\"x\"", "[1,2]",
		"{\"a\":\"x\"}}", "{\"a\" \"x\"}", "{\"a\":tru}", "{,}",
		"{\"a\":[1,2}", "{\"a\":\"x\",}", "{\"a\":\"x\" \"b\":1}",
		"{\"a\":1,\"a\":2}",
	};
	struct env_jval	 v[NELEM(jkeys)];
	char		 out[256];
	const char	*why;
	size_t		 i;

	for (i = 0; i < NELEM(bad); i++) {
		why = NULL;
		ck_assert_msg(env_json_get(bad[i], strlen(bad[i]), jkeys,
		    NELEM(jkeys), v, out, &why) == -1 && why != NULL,
		    "%s: taken", bad[i]);
	}
}
END_TEST

/*
 * The router: a line to the parser of its program, other programs'
 * lines ignored, every line counted once; lines without an envelope
 * detected however late their first comes.
 */
struct tally {
	unsigned long	 events, verdicts;
};

static void
verdict(void *arg, const struct route_verdict *v)
{
	struct tally	*t = arg;

	t->verdicts += v->lines;
}

static void
route_run(const char *const *lines, size_t n, const struct parser_ops *fmt,
    struct route_counts *c, struct tally *t, char *format, size_t fsize)
{
	struct route_opts	 o;
	struct route		*r;
	const struct smtp_event	*ev;
	const char		*f;
	size_t			 i;

	memset(&o, 0, sizeof(o));
	memset(t, 0, sizeof(*t));
	o.forced = fmt;
	o.file = "test.log";
	o.year = 2025;
	o.verdict = verdict;
	o.arg = t;
	r = route_new(&o);
	for (i = 0; i < n; i++) {
		route_push(r, lines[i], strlen(lines[i]), i + 1);
		while (route_next(r, &ev) == 1)
			t->events++;
	}
	route_end(r);
	while (route_next(r, &ev) == 1)
		t->events++;
	*c = *route_counts(r);
	f = route_format(r);
	snprintf(format, fsize, "%s", f != NULL ? f : "-");
	route_free(r);
}

START_TEST(test_route_mixed)
{
	static const char *const lines[] = {
		"Nov 21 10:00:00 mx1 dovecot: imap-login: Login: user=<u>",
		"Nov 21 10:00:01 mx1 postfix/smtpd[1]: connect from "
		    "x[192.0.2.1]",
		"Nov 21 10:00:01 mx1 exim[2]: 2025-11-21 10:00:01 SMTP "
		    "connection from [192.0.2.2]:1111 I=[192.0.2.10]:25 (TCP/IP "
		    "connection count = 1)",
		"Nov 21 10:00:02 mx1 postfix/smtpd[1]: frobnicated",
		"{\"MESSAGE\":\"broken",
		"Nov 21 10:00:03 mx1 postfix/smtpd[1]: disconnect from "
		    "x[192.0.2.1]",
	};
	struct route_counts	c;
	struct tally		t;
	char			fmt[64];

	route_run(lines, NELEM(lines), NULL, &c, &t, fmt, sizeof(fmt));
	ck_assert_str_eq(fmt, "postfix+exim");
	ck_assert_uint_eq(c.used, 3);
	ck_assert_uint_eq(c.ignored, 1);
	ck_assert_uint_eq(c.unrecognized, 2);
	ck_assert_uint_eq(c.claimed, 4);	/* not the broken JSON */
	ck_assert_uint_eq(c.used + c.ignored + c.unrecognized, NELEM(lines));
	ck_assert_uint_eq(t.verdicts, 3);	/* each line not used */
	ck_assert_uint_ge(t.events, 3);

	/* Forced: the other parser's lines are ignored. */
	route_run(lines, NELEM(lines), &parser_exim, &c, &t, fmt, sizeof(fmt));
	ck_assert_str_eq(fmt, "exim");
	ck_assert_uint_eq(c.used, 1);
	ck_assert_uint_eq(c.claimed, 1);
	ck_assert_uint_eq(c.used + c.ignored + c.unrecognized, NELEM(lines));
}
END_TEST

/* Exim's own lines after 120 lines of other text: detected all the
 * same, every line counted once. */
START_TEST(test_route_late)
{
	const char	*lines[130];
	struct route_counts c;
	struct tally	 t;
	char		 fmt[64];
	size_t		 i;

	for (i = 0; i < 120; i++)
		lines[i] = i % 2 ? "some text that is no log at all" : "";
	for (; i < 130; i++)
		lines[i] = "2025-11-21 10:00:00 1abc12-000ABC-12 Completed";
	route_run(lines, NELEM(lines), NULL, &c, &t, fmt, sizeof(fmt));
	ck_assert_str_eq(fmt, "exim");
	ck_assert_uint_eq(c.used, 10);
	ck_assert_uint_eq(c.used + c.ignored + c.unrecognized, 130);
}
END_TEST

/* A transcript forced: no line is read for an envelope. */
START_TEST(test_route_transcript)
{
	static const char *const lines[] = {
		"=== Trying mx.example.com:25...",
		"<-  220 mx.example.com ESMTP",
		" -> postfix/smtpd[1]: looks like a bare line",
		"<** 500 5.5.2 Error: command not recognized",
	};
	struct route_counts	c;
	struct tally		t;
	char			fmt[64];

	route_run(lines, NELEM(lines), &parser_transcript, &c, &t, fmt,
	    sizeof(fmt));
	ck_assert_str_eq(fmt, "transcript");
	ck_assert_uint_eq(c.used, NELEM(lines));
}
END_TEST

/*
 * pid_ref - lex_syslog_pid() done a byte at a time: ms, or 0, and the pid
 * (made up to check the word-wide reading of the digits against).
 */
static size_t
pid_ref(const char *s, size_t len, size_t i, long *pid)
{
	size_t	j;

	*pid = -1;
	if (s[i] == '[') {
		*pid = 0;
		for (j = ++i; i - j < 10 && s[i] >= '0' && s[i] <= '9'; i++)
			*pid = *pid * 10 + (s[i] - '0');
		if (i == j || i >= len || s[i] != ']')
			return 0;
		i++;
	}
	if (i >= len || s[i] != ':')
		return 0;
	i++;
	return i < len && s[i] == ' ' ? i + 1 : i;
}

/*
 * Pids of 0 to 12 digits, with a letter, a space or a ']' put at each
 * place in turn, and every length of the line: as pid_ref() reads them.
 */
START_TEST(test_lex_pid)
{
	static const char	 digits[] = "090817263544";
	static const char	 other[] = "a ]";
	struct lex_span		 sp;
	char			 line[64];
	size_t			 nd, at, o, len, full, got, want;
	long			 pid;

	for (nd = 0; nd <= 12; nd++)
		for (at = 0; at <= nd; at++)
			for (o = 0; o < sizeof(other) - 1; o++) {
				full = (size_t)snprintf(line, sizeof(line),
				    "p[%.*s]: message", (int)nd, digits);
				if (at < nd)
					line[2 + at] = other[o];
				for (len = 1; len <= full; len++) {
					memset(&sp, 0, sizeof(sp));
					got = lex_syslog_pid(line, len, 1, &sp);
					want = pid_ref(line, len, 1, &pid);
					ck_assert_msg(got == want &&
					    (want == 0 || sp.pid == pid),
					    "%s (len %zu): got %zu pid %ld, "
					    "want %zu pid %ld", line, len, got,
					    sp.pid, want, pid);
				}
			}
}
END_TEST

Suite *
envelope_suite(void)
{
	Suite	*s = suite_create("envelope");
	TCase	*tc;

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_envelope_line, 0, NELEM(ecases));
	tcase_add_test(tc, test_envelope_partial);
	tcase_add_test(tc, test_envelope_partial_bound);
	tcase_add_test(tc, test_lex_pid);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_loop_test(tc, test_envelope_json, 0, NELEM(jlines));
	tcase_add_test(tc, test_envelope_json_broken);
	tcase_add_test(tc, test_envelope_json_surrogate);
	suite_add_tcase(s, tc);

	tc = tcase_create("route");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_route_mixed);
	tcase_add_test(tc, test_route_late);
	tcase_add_test(tc, test_route_transcript);
	suite_add_tcase(s, tc);
	return s;
}
