/*
 * check_report.c - the writers: findings and summaries built by hand are
 * written to memory, then parsed back (JSON) or searched (text).  The JSON
 * schema is a contract, so keys, order and null handling are asserted
 * exactly; the text report is checked for safety (escaping) and grouping.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/jbuf.h"
#include "report/report.h"
#include "core/tally.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct rule_info rule_relay = {
	.id = "postfix-relay-denied",
	.file = "rules/10-postfix.json",
	.priority = 50,
	.cause = "relay-denied",
	.severity = "warning",
	.title = "Relay access denied",
	.who = "sending-client",
	.meaning = "The client asked this server to relay mail to a domain "
	    "it does not serve, without authenticating.",
	.when = "Misconfigured clients, or open-relay probes.",
	.fix = "Authenticate (SMTP AUTH) before sending to outside domains.",
};

static const struct rule_info rule_tls = {
	.id = "starttls-required",
	.cause = "starttls-required",
	.severity = "notice",
	.title = "Must issue STARTTLS first",
	.who = "sending-client",
	.meaning = "The server requires TLS.",
	.fix = "Enable TLS on the client.",
};

/* A full inbound finding: every field set. */
static void
finding_full(struct finding *f)
{
	memset(f, 0, sizeof(*f));
	f->id = 0x0123456789abcdefULL;
	f->when = 1477102422;		/* 2016-10-22T02:13:42Z */
	f->host = "mx1";
	f->program = "postfix/smtpd";
	f->code = 554;
	f->code_src = EV_CODE_LOGGED;
	f->enhanced = "5.7.1";
	f->text = "<x@example.net>: Relay access denied";
	f->command = "RCPT";
	f->dir = EV_DIR_IN;
	f->event = "reject";
	f->rule = &rule_relay;
	f->session_id = "mx1/postfix/smtpd[4821]@maillog:10";
	f->client_name = "unknown";
	f->client_ip = "192.0.2.7";
	f->client_port = 50123;
	f->helo = "spammer.example";
	f->session_start = 1477102420;
	f->session_end = 1477102425;
	f->session_complete = 1;
	f->queue_id = "ABC123";
	f->from = "a@example.org";
	f->to = "x@example.net";
	f->file = "maillog";
	f->line = 12;
}

static void
summary_fill(struct summary *s, struct summary_input *in)
{
	memset(s, 0, sizeof(*s));
	memset(in, 0, sizeof(*in));
	in->name = "maillog";
	in->format = "postfix";
	in->lines = 100;
	in->used = 90;
	in->ignored = 8;
	in->unrecognized = 2;
	in->bytes = 12345;
	s->ninputs = 1;
	s->inputs = in;
	s->lines = 100;
	s->used = 90;
	s->ignored = 8;
	s->unrecognized = 2;
	s->bytes = 12345;
	s->sessions = 10;
	s->sessions_incomplete = 1;
	s->messages = 4;
	s->deliveries = 3;
	s->rejects = 5;
	s->findings = 7;
	s->findings_logged = 6;
	s->findings_inferred = 1;
	s->findings_inbound = 7;
	s->ncodes = 3;
	s->by_code[0] = (struct summary_count){ "554", 4 };
	s->by_code[1] = (struct summary_count){ "450", 2 };
	s->by_code[2] = (struct summary_count){ "502", 1 };
	s->ncauses = 3;
	s->by_cause[0] = (struct summary_count){ "syntax", 2 };
	s->by_cause[1] = (struct summary_count){ "relay-denied", 4 };
	s->by_cause[2] = (struct summary_count){ "other", 2 };
}

/* render - run a writer over findings and a summary into a new string. */
static char *
render(const struct report_ops *ops, int color, const struct finding *f,
    size_t nf, const struct summary *s)
{
	struct report_opts	 o = { color, 0, "0.1.0", 0 };
	char			*buf = NULL;
	size_t			 len = 0, i;
	FILE			*fp;
	void			*w;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	w = ops->open(fp, &o);
	for (i = 0; i < nf; i++)
		ck_assert_int_eq(ops->finding(w, &f[i]), 0);
	ck_assert_int_eq(ops->finish(w, s), 0);
	ops->free(w);
	fclose(fp);
	return buf;
}

/* line_json - parse the n-th line (0-based) of NDJSON output. */
static json_t *
line_json(const char *buf, int n)
{
	json_error_t	 e;
	const char	*p = buf, *nl;
	json_t		*j;

	while (n-- > 0 && (nl = strchr(p, '\n')) != NULL)
		p = nl + 1;
	nl = strchr(p, '\n');
	ck_assert_msg(nl != NULL, "got no line, want one");
	j = json_loadb(p, (size_t)(nl - p), 0, &e);
	ck_assert_msg(j != NULL, "got parse error %s, want JSON", e.text);
	return j;
}

static const char *
sget(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long
iget(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

START_TEST(test_report_find)
{
	ck_assert_ptr_eq(report_find("json"), &report_json);
	ck_assert_ptr_eq(report_find("ndjson"), &report_ndjson);
	ck_assert_ptr_eq(report_find("text"), &report_text);
	ck_assert_ptr_null(report_find("xml"));
	ck_assert_ptr_null(report_find(NULL));
}
END_TEST

START_TEST(test_report_isotime)
{
	char	buf[REPORT_TIMELEN];

	ck_assert_str_eq(report_isotime(buf, 1477102422, 0),
	    "2016-10-22T02:13:42Z");
	ck_assert_str_eq(report_isotime(buf, 1477102422, 123),
	    "2016-10-22T02:13:42.000123Z");
	ck_assert_ptr_null(report_isotime(buf, 0, 0));
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_report_ndjson_lines)
{
	struct summary		s;
	struct summary_input	in;
	struct finding		f[3];
	json_t			*j;
	char			*buf, *p;
	int			 i, n = 0;

	for (i = 0; i < 3; i++) {
		finding_full(&f[i]);
		f[i].line = 12 + (unsigned long)i;
	}
	summary_fill(&s, &in);
	buf = render(&report_ndjson, 0, f, 3, &s);
	for (p = buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	ck_assert_msg(n == 4, "got %d lines, want 4", n);
	for (i = 0; i < 4; i++) {
		j = line_json(buf, i);
		ck_assert_msg(strcmp(sget(j, "type"), i < 3 ? "finding" :
		    "summary") == 0, "got %s, want %s", sget(j, "type"),
		    i < 3 ? "finding" : "summary");
		if (i < 3)
			ck_assert_int_eq(iget(json_object_get(j, "source"),
			    "line"), 12 + i);
		json_decref(j);
	}
	free(buf);
}
END_TEST

START_TEST(test_report_json_document)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f[2];
	json_error_t		 e;
	json_t			*j, *a;
	char			*buf;

	finding_full(&f[0]);
	finding_full(&f[1]);
	f[1].rule = &rule_tls;
	summary_fill(&s, &in);
	buf = render(&report_json, 0, f, 2, &s);
	j = json_loads(buf, 0, &e);
	ck_assert_msg(j != NULL, "got %s, want a JSON document", e.text);
	ck_assert_int_eq(json_object_size(j), 4);
	ck_assert_int_eq(iget(j, "schema_version"), 2);
	ck_assert(json_is_array(json_object_get(j, "patterns")));
	a = json_object_get(j, "findings");
	ck_assert_msg(json_is_array(a) && json_array_size(a) == 2,
	    "got %zu findings, want 2", json_array_size(a));
	ck_assert_str_eq(sget(json_array_get(a, 1), "rule"),
	    "starttls-required");
	ck_assert_str_eq(sget(json_object_get(j, "summary"), "type"),
	    "summary");
	json_decref(j);
	free(buf);

	/* No findings: still one document, with an empty array. */
	buf = render(&report_json, 0, NULL, 0, &s);
	j = json_loads(buf, 0, &e);
	ck_assert_msg(j != NULL, "got %s, want a JSON document", e.text);
	ck_assert_int_eq(json_array_size(json_object_get(j, "findings")), 0);
	json_decref(j);
	free(buf);
}
END_TEST

/*
 * A writer writes each rule's members once and copies them into later
 * findings of the rule: every record must still be the bytes written
 * without the copy (report_json_finding), in both layouts, whatever the
 * order of rules, with a finding without a rule and one with invalid
 * UTF-8 in a rule text among them.
 */
START_TEST(test_report_rule_members_kept)
{
	static const struct rule_info rule_bad = {
		.id = "bad-utf8", .cause = "other", .severity = "info",
		.title = "caf\xe9 \"quoted\"\tand a tab",
		.who = "local-admin", .meaning = "m\xff", .when = "w",
		.fix = "f\n",
	};
	const struct rule_info	*order[] = { &rule_relay, &rule_tls, NULL,
		&rule_relay, &rule_bad, &rule_tls, &rule_bad, &rule_relay };
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f[NELEM(order)];
	struct jbuf		 jb;
	char			*buf, *want, *p;
	size_t			 i, n;
	int			 ndjson;

	for (i = 0; i < NELEM(order); i++) {
		finding_full(&f[i]);
		f[i].rule = order[i];
		f[i].line = 100 + i;
	}
	summary_fill(&s, &in);
	for (ndjson = 0; ndjson <= 1; ndjson++) {
		buf = render(ndjson ? &report_ndjson : &report_json, 0, f,
		    NELEM(f), &s);
		jb_init(&jb, ndjson ? 0 : 2);
		for (i = 0, p = buf; i < NELEM(f); i++) {
			jb_reset(&jb, ndjson ? 0 : 4);
			report_json_finding(&jb, &f[i]);
			want = strndup(jb.buf, jb.len);
			/* Records come in order: look from the last one on. */
			p = strstr(p, want);
			ck_assert_msg(p != NULL, "%s: record %zu: got no %s",
			    ndjson ? "ndjson" : "json", i, want);
			n = strlen(want);
			if (ndjson)
				ck_assert_int_eq(p[n], '\n');
			p += n;
			free(want);
		}
		jb_release(&jb);
		free(buf);
	}
}
END_TEST

START_TEST(test_report_finding_values)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	json_t			*j, *o;
	char			*buf;

	finding_full(&f);
	f.usec = 5;
	summary_fill(&s, &in);
	buf = render(&report_ndjson, 0, &f, 1, &s);
	j = line_json(buf, 0);
	ck_assert_str_eq(sget(j, "timestamp"), "2016-10-22T02:13:42.000005Z");
	ck_assert_int_eq(iget(j, "code"), 554);
	ck_assert_str_eq(sget(j, "code_source"), "logged");
	ck_assert_str_eq(sget(j, "direction"), "inbound");
	ck_assert_str_eq(sget(j, "cause"), "relay-denied");
	ck_assert_str_eq(sget(j, "peer_ip"), "192.0.2.7");
	o = json_object_get(j, "advice");
	ck_assert_str_eq(sget(o, "who"), "sending-client");
	o = json_object_get(j, "session");
	ck_assert_int_eq(iget(o, "client_port"), 50123);
	ck_assert_str_eq(sget(o, "start"), "2016-10-22T02:13:40Z");
	ck_assert(json_is_true(json_object_get(o, "complete")));
	ck_assert(json_is_null(json_object_get(j, "remote")));
	ck_assert(json_is_null(json_object_get(json_object_get(j, "message"),
	    "message_id")));
	json_decref(j);
	free(buf);

	/* Outbound: the peer is the remote server. */
	f.dir = EV_DIR_OUT;
	f.relay_name = "mx.example.net";
	f.relay_ip = "2001:db8::25";
	f.relay_port = 25;
	buf = render(&report_ndjson, 0, &f, 1, &s);
	j = line_json(buf, 0);
	ck_assert_str_eq(sget(j, "peer_ip"), "2001:db8::25");
	ck_assert_int_eq(iget(json_object_get(j, "remote"), "port"), 25);
	json_decref(j);
	free(buf);
}
END_TEST

/* Every key is written, null when absent, so the schema never varies. */
START_TEST(test_report_null_handling)
{
	static const char *const nulls[] = {
		"id", "timestamp", "host", "program", "code", "code_source",
		"enhanced", "text", "command", "direction", "event", "why",
		"explanation", "cause", "rule", "severity", "title", "advice",
		"lang", "session", "remote", "peer_ip", "message",
	};
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	json_t			*j, *src;
	char			*buf;
	size_t			 i;

	memset(&f, 0, sizeof(f));
	summary_fill(&s, &in);
	buf = render(&report_ndjson, 0, &f, 1, &s);
	j = line_json(buf, 0);
	ck_assert_int_eq(json_object_size(j), 27);
	for (i = 0; i < NELEM(nulls); i++)
		ck_assert_msg(json_is_null(json_object_get(j, nulls[i])),
		    "got %s for %s, want null",
		    json_object_get(j, nulls[i]) ? "a value" : "no key",
		    nulls[i]);
	src = json_object_get(j, "source");
	ck_assert(json_is_null(json_object_get(src, "file")));
	ck_assert(json_is_null(json_object_get(src, "line")));
	json_decref(j);
	free(buf);
}
END_TEST

START_TEST(test_report_invalid_utf8)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	json_t			*j;
	char			*buf;

	finding_full(&f);
	f.text = "bad \xff\xfe ctl \x01\x1b[2J \xc3\xa9";
	f.helo = "\xc0\xaf";		/* overlong "/" */
	summary_fill(&s, &in);
	in.name = "log\xff";
	buf = render(&report_ndjson, 0, &f, 1, &s);
	j = line_json(buf, 0);
	ck_assert_str_eq(sget(j, "text"),
	    "bad \xef\xbf\xbd\xef\xbf\xbd ctl \x01\x1b[2J \xc3\xa9");
	ck_assert_str_eq(sget(json_object_get(j, "session"), "helo"),
	    "\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_msg(strstr(buf, "\\u001B[2J") != NULL,
	    "got %s, want an escaped ESC", buf);
	json_decref(j);
	j = line_json(buf, 1);
	ck_assert_str_eq(sget(json_array_get(json_object_get(j, "inputs"), 0),
	    "file"), "log\xef\xbf\xbd");
	json_decref(j);
	free(buf);
}
END_TEST

/* One line compared byte for byte: key order and form are fixed. */
START_TEST(test_report_key_order)
{
	static const char want[] = "{\"type\":\"finding\","
	    "\"schema_version\":2,\"id\":\"0123456789abcdef\","
	    "\"timestamp\":\"2016-10-22T02:13:42Z\","
	    "\"host\":\"mx1\",\"program\":\"postfix/smtpd\",\"code\":554,"
	    "\"code_source\":\"logged\",\"enhanced\":\"5.7.1\","
	    "\"text\":\"<x@example.net>: Relay access denied\",\"text_truncated\":false,"
	    "\"command\":\"RCPT\",\"direction\":\"inbound\","
	    "\"event\":\"reject\",\"why\":null,\"explanation\":null,\"cause\":\"starttls-required\","
	    "\"rule\":\"starttls-required\",\"severity\":\"notice\","
	    "\"title\":\"Must issue STARTTLS first\","
	    "\"advice\":{\"who\":\"sending-client\","
	    "\"meaning\":\"The server requires TLS.\",\"when\":null,"
	    "\"fix\":\"Enable TLS on the client.\"},\"lang\":\"en\","
	    "\"session\":{\"id\":\"mx1/postfix/smtpd[4821]@maillog:10\","
	    "\"client_name\":\"unknown\",\"client_ip\":\"192.0.2.7\","
	    "\"client_port\":50123,\"helo\":\"spammer.example\","
	    "\"start\":\"2016-10-22T02:13:40Z\","
	    "\"end\":\"2016-10-22T02:13:45Z\",\"complete\":true},"
	    "\"remote\":null,\"peer_ip\":\"192.0.2.7\","
	    "\"message\":{\"queue_id\":\"ABC123\",\"from\":\"a@example.org\","
	    "\"to\":\"x@example.net\",\"message_id\":null,\"bounce_of\":null},"
	    "\"source\":{\"file\":\"maillog\",\"line\":12}}\n";
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	char			*buf;

	finding_full(&f);
	f.rule = &rule_tls;
	summary_fill(&s, &in);
	buf = render(&report_ndjson, 0, &f, 1, &s);
	ck_assert_msg(strncmp(buf, want, strlen(want)) == 0,
	    "got %.*s, want %s", (int)strlen(want), buf, want);
	free(buf);
}
END_TEST

START_TEST(test_report_summary)
{
	static const char *const keys[] = {
		"type", "schema_version", "version", "period", "lines",
		"bytes", "inputs", "input_errors", "sessions", "messages",
		"deliveries", "rejects", "findings", "inputs_skipped",
		"interrupted",
		"range", "patterns", "traffic", "unmatched",
	};
	struct summary		 s;
	struct summary_input	 in;
	json_t			*j, *fnd, *a;
	const char		*k;
	char			*buf;
	void			*it;
	size_t			 i = 0;

	summary_fill(&s, &in);
	in.error = "unexpected end of file";
	s.input_errors = 1;
	buf = render(&report_ndjson, 0, NULL, 0, &s);
	j = line_json(buf, 0);
	for (it = json_object_iter(j); it != NULL;
	    it = json_object_iter_next(j, it), i++) {
		k = json_object_iter_key(it);
		ck_assert_msg(i < NELEM(keys) && strcmp(k, keys[i]) == 0,
		    "got %s, want %s", k, i < NELEM(keys) ? keys[i] : "end");
	}
	ck_assert_int_eq(i, NELEM(keys));
	ck_assert_str_eq(sget(j, "version"), "0.1.0");
	/* Not counted by this summary: null, never an empty list. */
	ck_assert(json_is_null(json_object_get(j, "unmatched")));
	ck_assert_int_eq(iget(json_object_get(j, "lines"), "read"), 100);
	ck_assert_int_eq(iget(json_object_get(j, "sessions"), "incomplete"),
	    1);
	a = json_object_get(j, "inputs");
	ck_assert_str_eq(sget(json_array_get(a, 0), "error"),
	    "unexpected end of file");
	ck_assert(json_is_false(json_object_get(json_array_get(a, 0),
	    "compressed")));
	fnd = json_object_get(j, "findings");
	ck_assert_int_eq(iget(fnd, "total"), 7);
	ck_assert_int_eq(iget(fnd, "out_of_range"), 0);
	ck_assert_int_eq(iget(j, "inputs_skipped"), 0);
	ck_assert(json_is_null(json_object_get(json_object_get(j, "range"),
	    "since")));
	ck_assert(json_is_null(json_object_get(json_array_get(a, 0),
	    "skipped")));
	/* by_code: by code; by_cause: most first, then by name. */
	a = json_object_get(fnd, "by_code");
	ck_assert_int_eq(json_array_size(a), 3);
	ck_assert_int_eq(iget(json_array_get(a, 0), "code"), 450);
	ck_assert_int_eq(iget(json_array_get(a, 2), "code"), 554);
	ck_assert_int_eq(iget(json_array_get(a, 2), "count"), 4);
	a = json_object_get(fnd, "by_cause");
	ck_assert_str_eq(sget(json_array_get(a, 0), "cause"), "relay-denied");
	ck_assert_str_eq(sget(json_array_get(a, 1), "cause"), "other");
	ck_assert_str_eq(sget(json_array_get(a, 2), "cause"), "syntax");
	json_decref(j);
	free(buf);
}
END_TEST

/* A full disk: the error comes back from finish with errno kept. */
static const struct report_ops *const all_writers[] = {
	&report_json, &report_ndjson, &report_text, &report_prometheus,
	&report_summary, &report_html,
};

START_TEST(test_report_write_error)
{
	const struct report_ops	*ops = all_writers[_i];
	struct report_opts	 o = { 0, 0, "0.1.0", 0 };
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	FILE			*fp;
	void			*w;
	int			 rv, i;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;		/* not on this system */
	finding_full(&f);
	summary_fill(&s, &in);
	w = ops->open(fp, &o);
	for (i = 0; i < 3; i++)
		(void)ops->finding(w, &f);
	errno = 0;
	rv = ops->finish(w, &s);
	ck_assert_msg(rv == -1, "%s: got %d, want -1", ops->name, rv);
	ck_assert_msg(errno == ENOSPC, "%s: got %s, want %s", ops->name,
	    strerror(errno), strerror(ENOSPC));
	ops->free(w);
	fclose(fp);
}
END_TEST

START_TEST(test_report_text_escapes)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	char			*buf;

	finding_full(&f);
	f.text = "evil \x1b[2J\xc2\x9b" "31m \xff end";
	f.client_name = "a\x1b]0;pwned\x07";
	summary_fill(&s, &in);
	buf = render(&report_text, 0, &f, 1, &s);
	ck_assert_msg(strchr(buf, 0x1b) == NULL, "got an ESC byte, want none");
	ck_assert_msg(strchr(buf, '\x07') == NULL, "got a BEL byte, want none");
	ck_assert_msg(strstr(buf, "evil \\x1b[2J\\x9b31m \\xff end") != NULL,
	    "got %s, want the text escaped", buf);
	ck_assert_msg(strstr(buf, "a\\x1b]0;pwned\\x07[192.0.2.7]") != NULL,
	    "got %s, want the client name escaped", buf);
	free(buf);
}
END_TEST

START_TEST(test_report_text_groups)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f[8];
	const char		*p;
	char			*buf;
	int			 i, n;

	for (i = 0; i < 8; i++) {
		finding_full(&f[i]);
		f[i].line = 100 + (unsigned long)i;
	}
	f[7].rule = &rule_tls;		/* a second rule, its own group */
	summary_fill(&s, &in);
	buf = render(&report_text, 0, f, 8, &s);
	for (n = 0, p = buf; (p = strstr(p, "Relay access denied  (")) != NULL;
	    p++)
		n++;
	ck_assert_msg(n == 1, "got the advice %d times, want once", n);
	for (n = 0, p = buf; (p = strstr(p, "Meaning:")) != NULL; p++)
		n++;
	ck_assert_msg(n == 2, "got %d Meaning lines, want 2", n);
	ck_assert_msg(strstr(buf, "    ... and 2 more\n") != NULL,
	    "got %s, want \"... and 2 more\"", buf);
	ck_assert_msg(strstr(buf, "maillog:104 ") != NULL &&
	    strstr(buf, "maillog:105 ") == NULL,
	    "got %s, want examples up to line 104 only", buf);
	ck_assert_msg(strstr(buf, "relay-denied: 7 findings") != NULL,
	    "got %s, want a cause heading with 7", buf);
	ck_assert_msg(strstr(buf, "unknown[192.0.2.7]") != NULL,
	    "got %s, want the top client", buf);
	free(buf);
}
END_TEST

START_TEST(test_report_text_color)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	char			*buf;

	finding_full(&f);
	summary_fill(&s, &in);
	buf = render(&report_text, 0, &f, 1, &s);
	ck_assert_msg(strchr(buf, '\x1b') == NULL, "got ESC, want none");
	free(buf);
	buf = render(&report_text, 1, &f, 1, &s);
	ck_assert_msg(strstr(buf, "\x1b[31m554") != NULL,
	    "got no red 554, want one");
	free(buf);
}
END_TEST

START_TEST(test_report_text_inferred)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f;
	char			*buf;

	finding_full(&f);
	f.code = 502;
	f.code_src = EV_CODE_INFERRED;
	f.why = "rset=0/1 on disconnect";
	f.rule = NULL;
	summary_fill(&s, &in);
	buf = render(&report_text, 0, &f, 1, &s);
	ck_assert_msg(strstr(buf, " 502 (inferred) 5.7.1") != NULL,
	    "got %s, want \"502 (inferred)\"", buf);
	ck_assert_msg(strstr(buf, "(no rule): 1 finding\n") != NULL,
	    "got %s, want a no-rule group", buf);
	free(buf);

	memset(&s, 0, sizeof(s));
	buf = render(&report_text, 0, NULL, 0, &s);
	ck_assert_msg(strstr(buf, "No failures found.") != NULL,
	    "got %s, want \"No failures found.\"", buf);
	free(buf);
}
END_TEST

/* The bounded counter keeps frequent keys when distinct ones overflow. */
START_TEST(test_report_tally_bounded)
{
	struct tally_item	 it[3];
	struct tally		*t;
	char			 key[32];
	size_t			 n;
	int			 i;

	t = tally_new(4);
	for (i = 0; i < 50; i++)
		tally_add(t, "heavy", "h");
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		tally_add(t, key, NULL);
	}
	tally_add(t, "heavy", "ignored");
	n = tally_top(t, it, NELEM(it));
	ck_assert_uint_ge(n, 1);
	ck_assert_str_eq(it[0].key, "heavy");
	ck_assert_str_eq(it[0].label, "h");
	ck_assert_uint_ge(it[0].count, 51 - 20);
	ck_assert(!tally_exact(t));
	tally_free(t);

	t = tally_new(8);
	tally_add(t, "b", NULL);
	tally_add(t, "a", NULL);
	tally_add(t, "b", NULL);
	n = tally_top(t, it, NELEM(it));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(it[0].key, "b");
	ck_assert_uint_eq(it[0].count, 2);
	ck_assert(tally_exact(t));
	tally_free(t);
}
END_TEST

/*
 * Prometheus: findings counted under (code, cause, direction, source),
 * label sets in a fixed order whatever the input order, and the summary's
 * counts as gauges.
 */
START_TEST(test_report_prometheus)
{
	struct summary		 s;
	struct summary_input	 in;
	struct finding		 f[4];
	char			*buf;

	finding_full(&f[0]);			/* 554 relay-denied inbound */
	f[1] = f[0];
	f[1].code = 502;
	f[1].rule = NULL;			/* unclassified */
	f[2] = f[0];
	f[2].code_src = EV_CODE_INFERRED;
	f[3] = f[0];
	summary_fill(&s, &in);
	buf = render(&report_prometheus, 0, f, 4, &s);
	ck_assert_ptr_nonnull(strstr(buf, "# TYPE smtplog_findings gauge\n"
	    "smtplog_findings{code=\"502\",cause=\"unclassified\","
	    "direction=\"inbound\",code_source=\"logged\"} 1\n"
	    "smtplog_findings{code=\"554\",cause=\"relay-denied\","
	    "direction=\"inbound\",code_source=\"logged\"} 2\n"
	    "smtplog_findings{code=\"554\",cause=\"relay-denied\","
	    "direction=\"inbound\",code_source=\"inferred\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "smtplog_lines{state=\"used\"} 90\n"
	    "smtplog_lines{state=\"ignored\"} 8\n"
	    "smtplog_lines{state=\"unrecognized\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nsmtplog_sessions 10\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nsmtplog_sessions_incomplete 1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nsmtplog_bytes_read 12345\n"));
	ck_assert_ptr_nonnull(strstr(buf,
	    "smtplog_info{version=\"0.1.0\"} 1\n"));
	/* Every sample has its HELP and TYPE before it. */
	ck_assert_ptr_nonnull(strstr(buf, "# HELP smtplog_rejects "));
	ck_assert_ptr_nonnull(strstr(buf, "\nsmtplog_rejects 5\n"));
	free(buf);
}
END_TEST

Suite *
report_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("report");
	tc = tcase_create("json");
	tcase_add_test(tc, test_report_find);
	tcase_add_test(tc, test_report_isotime);
	tcase_add_test(tc, test_report_ndjson_lines);
	tcase_add_test(tc, test_report_json_document);
	tcase_add_test(tc, test_report_rule_members_kept);
	tcase_add_test(tc, test_report_finding_values);
	tcase_add_test(tc, test_report_null_handling);
	tcase_add_test(tc, test_report_invalid_utf8);
	tcase_add_test(tc, test_report_key_order);
	tcase_add_test(tc, test_report_summary);
	tcase_add_test(tc, test_report_prometheus);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_report_write_error, 0,
	    (int)NELEM(all_writers));
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_report_text_escapes);
	tcase_add_test(tc, test_report_text_groups);
	tcase_add_test(tc, test_report_text_color);
	tcase_add_test(tc, test_report_text_inferred);
	tcase_add_test(tc, test_report_tally_bounded);
	suite_add_tcase(s, tc);
	return s;
}
