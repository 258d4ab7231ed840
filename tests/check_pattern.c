/*
 * check_pattern.c - the session-level pattern detector on hand-built
 * findings: windows and bursts, thresholds, order independence, the
 * incremental use (advance, late findings), the memory bounds, the
 * option syntax and the classification of probes and providers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pattern.h"
#include "core/pattern_int.h"

#define MAXP	32
#define T0	1741000000	/* 2025-03-03T11:06:40Z */

static struct pattern	*got[MAXP];
static int		 ngot;

static int
collect(void *arg, const struct pattern *p)
{
	(void)arg;
	if (ngot < MAXP)
		got[ngot++] = pat_dup(p);
	return 0;
}

static void
reset(void)
{
	while (ngot > 0)
		free(got[--ngot]);
}

/* detector - every pattern on with its defaults, repeat-offender at
 * count/window, bounds as given (0: default). */
static struct pat *
detector(unsigned count, long window, size_t max_keys, size_t max_events,
    size_t max_refs)
{
	struct pat_config	c;

	pat_config_init(&c);
	c.th[PAT_REPEAT].count = count;
	c.th[PAT_REPEAT].window = window;
	c.max_keys = max_keys;
	c.max_events = max_events;
	if (max_refs > 0)
		c.max_refs = max_refs;
	c.emit = collect;
	reset();
	return pat_new(&c);
}

/* inbound - a 554 to RCPT from ip at when, from file:line. */
static struct finding
inbound(const char *ip, time_t when, unsigned long line)
{
	struct finding	f;

	memset(&f, 0, sizeof(f));
	f.when = when;
	f.code = 554;
	f.command = "RCPT";
	f.dir = EV_DIR_IN;
	f.client_ip = ip;
	f.host = "mx1";
	f.file = "mail.log";
	f.line = line;
	return f;
}

static void
feed_at(struct pat *p, const char *ip, const time_t *t, size_t n)
{
	struct finding	f;
	size_t		i;

	for (i = 0; i < n; i++) {
		f = inbound(ip, t[i], 100 + i);
		ck_assert_int_eq(pat_feed(p, &f), 0);
	}
}

START_TEST(test_pattern_window)
{
	struct pat	*p = detector(10, 600, 0, 0, 0);
	time_t		 t[11];
	size_t		 i;

	/* Ten within 540 s: one pattern of ten. */
	for (i = 0; i < 10; i++)
		t[i] = T0 + (time_t)i * 60;
	feed_at(p, "192.0.2.1", t, 10);
	/* Eleven 70 s apart: one burst (gaps <= 600) in which no 600 s
	 * span holds ten (any ten span 630 s): none. */
	for (i = 0; i < 11; i++)
		t[i] = T0 + (time_t)i * 70;
	feed_at(p, "192.0.2.2", t, 11);
	/* Nine: below the threshold. */
	feed_at(p, "192.0.2.3", t, 9);
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_str_eq(got[0]->name, "repeat-offender");
	ck_assert_str_eq(got[0]->key, "192.0.2.1");
	ck_assert_str_eq(got[0]->key_kind, "client_ip");
	ck_assert_uint_eq(got[0]->count, 10);
	ck_assert_int_eq(got[0]->first, T0);
	ck_assert_int_eq(got[0]->last, T0 + 540);
	ck_assert_uint_eq(got[0]->ncodes, 1);
	ck_assert_int_eq(got[0]->codes[0].code, 554);
	ck_assert_str_eq(got[0]->refs[0], "mail.log:100");
	ck_assert_str_eq(got[0]->refs[9], "mail.log:109");
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_gap)
{
	struct pat	*p = detector(3, 600, 0, 0, 0);
	time_t		 a[] = { T0, T0 + 10, T0 + 20, T0 + 621, T0 + 630,
			    T0 + 640 };
	time_t		 b[] = { T0, T0 + 10, T0 + 20, T0 + 620, T0 + 630,
			    T0 + 640 };

	/* A gap of 601 s ends a burst: two patterns of three. */
	feed_at(p, "192.0.2.1", a, 6);
	/* A gap of exactly the window joins: one pattern of six. */
	feed_at(p, "192.0.2.2", b, 6);
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 3);
	/* Order: first seen, then name, then key. */
	ck_assert_str_eq(got[0]->key, "192.0.2.1");
	ck_assert_uint_eq(got[0]->count, 3);
	ck_assert_str_eq(got[1]->key, "192.0.2.2");
	ck_assert_uint_eq(got[1]->count, 6);
	ck_assert_str_eq(got[2]->key, "192.0.2.1");
	ck_assert_int_eq(got[2]->first, T0 + 621);
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_order)
{
	struct pat	*p;
	struct finding	 f;
	char		 one[512], two[512];
	int		 i, pass;

	/* The same findings forwards and backwards: the same record. */
	for (pass = 0; pass < 2; pass++) {
		p = detector(4, 600, 0, 0, 0);
		for (i = 0; i < 6; i++) {
			int	k = pass ? 5 - i : i;

			f = inbound("2001:db8::1", T0 + k * 30, 10 + k);
			pat_feed(p, &f);
		}
		ck_assert_int_eq(pat_flush(p), 0);
		ck_assert_int_eq(ngot, 1);
		snprintf(pass ? two : one, sizeof(one), "%lu %ld %ld %s %s",
		    got[0]->count, (long)got[0]->first, (long)got[0]->last,
		    got[0]->refs[0], got[0]->refs[5]);
		pat_free(p);
		reset();
	}
	ck_assert_str_eq(one, two);
	ck_assert_str_eq(one, "6 1741000000 1741000150 mail.log:10 "
	    "mail.log:15");
}
END_TEST

START_TEST(test_pattern_advance)
{
	struct pat	*p = detector(3, 600, 0, 0, 0);
	struct summary	 s;
	struct finding	 f;
	time_t		 t[] = { T0, T0 + 5, T0 + 9 };

	feed_at(p, "192.0.2.9", t, 3);
	/* The burst may still grow until 600 s after its last finding. */
	ck_assert_int_eq(pat_advance(p, T0 + 9 + 600), 0);
	ck_assert_int_eq(ngot, 0);
	ck_assert_int_eq(pat_advance(p, T0 + 9 + 601), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0]->count, 3);
	/* A finding older than the promise is late: counted, not used. */
	f = inbound("192.0.2.9", T0 + 20, 1);
	pat_feed(p, &f);
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 1);
	memset(&s, 0, sizeof(s));
	pat_summary(p, &s);
	ck_assert_int_eq(s.patterns_enabled, 1);
	ck_assert_uint_eq(s.patterns, 1);
	ck_assert_uint_eq(s.patterns_dropped, 1);
	ck_assert_uint_eq(s.npatterns, 1);
	ck_assert_str_eq(s.by_pattern[0].name, "repeat-offender");
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_bounds)
{
	struct pat	*p = detector(2, 600, 2, 5, 3);
	struct summary	 s;
	time_t		 t[] = { T0, T0 + 1, T0 + 2, T0 + 3 };

	/* Two keys fit; the third key's finding is dropped.  Five
	 * findings fit; two more are dropped. */
	feed_at(p, "192.0.2.1", t, 4);
	feed_at(p, "192.0.2.2", t, 1);
	feed_at(p, "192.0.2.3", t, 1);
	feed_at(p, "192.0.2.2", t + 1, 2);
	ck_assert_int_eq(pat_flush(p), 0);
	memset(&s, 0, sizeof(s));
	pat_summary(p, &s);
	ck_assert_uint_eq(s.patterns_dropped, 3);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0]->count, 4);
	/* Three references, the rest counted. */
	ck_assert_uint_eq(got[0]->nrefs, 3);
	ck_assert_uint_eq(got[0]->refs_more, 1);
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_kinds)
{
	struct pat	*p = detector(10, 600, 0, 0, 0);
	struct finding	 f;
	int		 i;

	/* A transcript (no time, no address): an HTTP probe keyed by its
	 * session; DATA refused twice and a body line: pipelining-abuse. */
	memset(&f, 0, sizeof(f));
	f.dir = EV_DIR_IN;
	f.session_id = "t#1@t.txt:1";
	f.file = "t.txt";
	f.code = 500;
	f.command = "GET";
	f.arg = "/ HTTP/1.1";
	f.line = 3;
	pat_feed(p, &f);
	f.command = "DATA";
	f.arg = NULL;
	f.code = 554;
	for (i = 0; i < 2; i++) {
		f.line = 5 + (unsigned long)i;
		pat_feed(p, &f);
	}
	f.command = "SUBJECT:";
	f.arg = "hello";
	f.code = 500;
	f.line = 7;
	pat_feed(p, &f);
	/* Outbound 554 from two MX hosts of one provider, threshold 10. */
	memset(&f, 0, sizeof(f));
	f.dir = EV_DIR_OUT;
	f.code = 554;
	f.file = "mail.log";
	for (i = 0; i < 10; i++) {
		f.when = T0 + i;
		f.line = 20 + (unsigned long)i;
		f.relay_name = i % 2 ? "mx1.mail.bigmail.example" :
		    "MX2.mail.bigmail.example.";
		pat_feed(p, &f);
	}
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 3);
	/* Untimed first: pipelining-abuse before non-smtp-probe by name
	 * order of the kinds. */
	ck_assert_str_eq(got[0]->name, "pipelining-abuse");
	ck_assert_uint_eq(got[0]->count, 2);
	ck_assert_str_eq(got[0]->refs[0], "t.txt:6");
	ck_assert_str_eq(got[0]->refs[1], "t.txt:7");
	ck_assert_int_eq(got[0]->first, 0);
	ck_assert_str_eq(got[1]->name, "non-smtp-probe");
	ck_assert_str_eq(got[1]->key_kind, "session");
	ck_assert_str_eq(got[1]->detail, "http");
	ck_assert_str_eq(got[1]->cause, "unknown-command");
	ck_assert_str_eq(got[2]->name, "provider-rejects");
	ck_assert_str_eq(got[2]->key, "bigmail.example");
	ck_assert_str_eq(got[2]->key_kind, "relay_domain");
	ck_assert_int_eq(got[2]->dir, EV_DIR_OUT);
	ck_assert_str_eq(got[2]->cause, "other");	/* no rule */
	ck_assert_str_eq(got[2]->who, "local-admin");
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_config)
{
	struct pat_config	c;
	char			err[256];

	pat_config_init(&c);
	ck_assert_uint_eq(c.th[PAT_REPEAT].count, 10);
	ck_assert_int_eq(c.th[PAT_REPEAT].window, 600);
	ck_assert_int_eq(pat_config_set(&c, "greeting-storm=50/2h", err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(c.th[PAT_GREETING].count, 50);
	ck_assert_int_eq(c.th[PAT_GREETING].window, 7200);
	ck_assert_int_eq(pat_config_set(&c, "provider-rejects=3", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(c.th[PAT_PROVIDER].window, 3600);
	ck_assert_int_eq(pat_config_set(&c, "non-smtp-probe=off", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(c.th[PAT_PROBE].enabled, 0);
	ck_assert_int_eq(pat_config_window(&c, "90s", err, sizeof(err)), 0);
	ck_assert_int_eq(c.th[PAT_GREETING].window, 90);
	ck_assert_int_eq(pat_config_set(&c, "all=off", err, sizeof(err)), 0);
	ck_assert_int_eq(c.th[PAT_REPEAT].enabled, 0);
	ck_assert_int_eq(pat_config_set(&c, "nosuch=3", err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown pattern"));
	ck_assert_int_eq(pat_config_set(&c, "repeat-offender=0", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(pat_config_set(&c, "repeat-offender=3/5x", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(pat_config_set(&c, "repeat-offender", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(pat_config_set(&c, "all=5", err, sizeof(err)), -1);
	ck_assert_int_eq(pat_duration("10m"), 600);
	ck_assert_int_eq(pat_duration("1d"), 86400);
	ck_assert_int_eq(pat_duration("0"), -1);
	ck_assert_int_eq(pat_duration("-5"), -1);
	ck_assert_int_eq(pat_duration("367d"), -1);
	ck_assert_int_eq(pat_duration("5mm"), -1);
}
END_TEST

/* Probe classification: command and argument as the parsers give them. */
static const struct {
	int		 code;
	const char	*command, *arg, *text;
	int		 want;
} probes[] = {
	{ 500, "UNKNOWN", "GET / HTTP/1.1", NULL, PAT_DET_HTTP },
	{ 500, "GET", "/ HTTP/1.1", NULL, PAT_DET_HTTP },
	{ 502, "HOST:", "mx.example.org", NULL, PAT_DET_HTTP },
	{ 500, "UNKNOWN", "\\026\\003\\001\\002\\000", NULL, PAT_DET_TLS },
	{ 502, "\x16\x03\x01", NULL, NULL, PAT_DET_TLS },
	{ 500, "UNKNOWN", "\\001\\000\\000S", NULL, PAT_DET_BINARY },
	{ 502, "X\x01Y", NULL, NULL, PAT_DET_BINARY },
	{ 500, "UNKNOWN", "x", "NUL character(s) present", PAT_DET_BINARY },
	{ 500, "UNKNOWN", "HELLO laptop", NULL, PAT_DET_NONE },
	{ 500, "GETX", "/", NULL, PAT_DET_NONE },
	{ 554, "UNKNOWN", "GET / HTTP/1.1", NULL, PAT_DET_NONE },
	{ 502, "UNKNOWN", NULL, NULL, PAT_DET_NONE },
	/* A word is tried only when its first letter is the line's (any
	 * case).  bench/gen.c's Exim log ("SMTP syntax error in "XYZZY""):
	 * a letter no word starts with. */
	{ 500, "UNKNOWN", "XYZZY", NULL, PAT_DET_NONE },
	/* tests/corpus/exim/testsuite-log-0019; samples/exim/mainlog. */
	{ 500, "UNKNOWN", "rhubarb", NULL, PAT_DET_NONE },
	{ 500, "UNKNOWN", "Subject: invoice", NULL, PAT_DET_NONE },
	/* tests/corpus/postfix/crowdsec-postfix-non-smtp.log. */
	{ 502, "UNKNOWN", "GET / HTTP/1.1", NULL, PAT_DET_HTTP },
	/* Made by hand: lower case; a letter several words start with,
	 * none of them matching; the last method and header. */
	{ 500, "UNKNOWN", "get / http/1.0", NULL, PAT_DET_HTTP },
	{ 500, "UNKNOWN", "host: mx.example.org", NULL, PAT_DET_HTTP },
	{ 500, "UNKNOWN", "Content-Type: text/plain", NULL, PAT_DET_NONE },
	{ 500, "UNKNOWN", "pri * HTTP/2.0", NULL, PAT_DET_HTTP },
	{ 500, "UNKNOWN", "upgrade-insecure-requests: 1", NULL, PAT_DET_HTTP },
	/* Made by hand: a TLS hello escaped in hex, either case. */
	{ 500, "UNKNOWN", "\\x16\\x03\\x01\\x02\\x00", NULL, PAT_DET_TLS },
	{ 500, "UNKNOWN", "\\X16\\X03\\X01", NULL, PAT_DET_TLS },
};

START_TEST(test_pattern_probe)
{
	struct finding	f;

	memset(&f, 0, sizeof(f));
	f.code = probes[_i].code;
	f.command = probes[_i].command;
	f.arg = probes[_i].arg;
	f.text = probes[_i].text;
	ck_assert_msg(pat_probe_kind(&f) == probes[_i].want,
	    "case %d: got %d, want %d", _i, pat_probe_kind(&f),
	    probes[_i].want);
}
END_TEST

START_TEST(test_pattern_domain)
{
	static const char *const cases[][2] = {
		{ "mx1.mail.bigmail.example", "bigmail.example" },
		{ "gmail-smtp-in.l.google.com.", "google.com" },
		{ "mx.provider.co.uk", "provider.co.uk" },
		{ "a.b.example.com.au", "example.com.au" },
		{ "example.org", "example.org" },
		{ "localhost", "localhost" },
		{ "192.0.2.7", "192.0.2.7" },
		{ "2001:db8::25", "2001:db8::25" },
	};
	char	buf[256];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pat_domain_of(cases[i][0], buf, sizeof(buf));
		ck_assert_msg(strcmp(buf, cases[i][1]) == 0,
		    "%s: got %s, want %s", cases[i][0], buf, cases[i][1]);
	}
	/* A name longer than the buffer is cut first, as snprintf cuts:
	 * "mail.bigmail.example" in 13 bytes is "mail.bigmail." */
	pat_domain_of("mail.bigmail.example", buf, 13);
	ck_assert_str_eq(buf, "mail.bigmail");
	pat_domain_of("mx.a.example", buf, 7);
	ck_assert_str_eq(buf, "a.e");
	pat_domain_of("mx.a.example", buf, 8);
	ck_assert_str_eq(buf, "a.ex");
}
END_TEST

/*
 * pipelining-abuse remembers the last 64 sessions: DATA refused twice in
 * each of 64 sessions taken in turn is a sign in each; in 65 the first
 * is forgotten before its second DATA comes, and so on for every one.
 */
START_TEST(test_pattern_sessions_remembered)
{
	static const size_t	 nsess[] = { 64, 65 };
	struct pat_config	 c;
	struct pat		*p;
	struct summary		 sum;
	struct finding		 f;
	char			 id[64];
	size_t			 t, i, round;

	for (t = 0; t < 2; t++) {
		pat_config_init(&c);
		(void)pat_config_set(&c, "all=off", NULL, 0);
		(void)pat_config_set(&c, "pipelining-abuse=1", NULL, 0);
		c.emit = collect;
		reset();
		p = pat_new(&c);
		for (round = 0; round < 2; round++)
			for (i = 0; i < nsess[t]; i++) {
				snprintf(id, sizeof(id),
				    "mx1/postfix/smtpd[%zu]@mail.log:%zu",
				    1000 + i, i + 1);
				f = inbound(NULL, 0, 1 + round * 100 + i);
				f.session_id = id;
				f.command = "DATA";
				pat_feed(p, &f);
			}
		ck_assert_int_eq(pat_flush(p), 0);
		memset(&sum, 0, sizeof(sum));
		pat_summary(p, &sum);
		ck_assert_msg(sum.patterns == (t == 0 ? 64 : 0),
		    "%zu sessions: got %lu patterns, want %d", nsess[t],
		    sum.patterns, t == 0 ? 64 : 0);
		pat_free(p);
		reset();
	}
}
END_TEST

/* A key longer than the detector keeps is cut, and still groups; a
 * reference shows any line number. */
START_TEST(test_pattern_long_key)
{
	struct pat	*p = detector(2, 600, 0, 0, 0);
	struct finding	 f;
	char		*ip = malloc(2001);
	int		 i;

	memset(ip, 'a', 2000);
	ip[2000] = '\0';
	for (i = 0; i < 2; i++) {
		ip[1999] = (char)('x' + i);	/* past the cut: one key */
		f = inbound(ip, T0 + i, i == 0 ? 7 : 4000000000UL);
		pat_feed(p, &f);
	}
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(strlen(got[0]->key), 1040);
	ck_assert_uint_eq(got[0]->count, 2);
	ck_assert_str_eq(got[0]->refs[0], "mail.log:7");
	ck_assert_str_eq(got[0]->refs[1], "mail.log:4000000000");
	free(ip);
	pat_free(p);
	reset();
}
END_TEST

/* Without an advice cause, the most frequent cause of the findings. */
START_TEST(test_pattern_cause)
{
	static const struct rule_info	relay = { .id = "r", .cause =
					    "relay-denied" };
	static const struct rule_info	syntax = { .id = "s", .cause =
					    "syntax" };
	struct pat	*p = detector(5, 600, 0, 0, 0);
	struct finding	 f;
	int		 i;

	for (i = 0; i < 5; i++) {
		f = inbound("192.0.2.9", T0 + i, 1 + (unsigned long)i);
		f.rule = i == 1 || i == 3 ? &syntax : &relay;
		pat_feed(p, &f);
	}
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_str_eq(got[0]->cause, "relay-denied");
	pat_free(p);
	reset();
}
END_TEST

START_TEST(test_pattern_off)
{
	struct pat_config	c;
	struct pat		*p;
	struct summary		 s;
	struct finding		 f = inbound("192.0.2.1", T0, 1);
	int			 i;

	pat_config_init(&c);
	(void)pat_config_set(&c, "all=off", NULL, 0);
	c.emit = collect;
	reset();
	p = pat_new(&c);
	for (i = 0; i < 20; i++)
		pat_feed(p, &f);
	ck_assert_int_eq(pat_flush(p), 0);
	ck_assert_int_eq(ngot, 0);
	memset(&s, 0, sizeof(s));
	pat_summary(p, &s);
	ck_assert_int_eq(s.patterns_enabled, 0);
	ck_assert_uint_eq(s.patterns_dropped, 0);
	pat_free(p);
	pat_free(NULL);
}
END_TEST

Suite *
pattern_suite(void)
{
	Suite	*s = suite_create("pattern");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_pattern_window);
	tcase_add_test(tc, test_pattern_gap);
	tcase_add_test(tc, test_pattern_order);
	tcase_add_test(tc, test_pattern_advance);
	tcase_add_test(tc, test_pattern_bounds);
	tcase_add_test(tc, test_pattern_kinds);
	tcase_add_test(tc, test_pattern_config);
	tcase_add_loop_test(tc, test_pattern_probe, 0,
	    sizeof(probes) / sizeof(probes[0]));
	tcase_add_test(tc, test_pattern_domain);
	tcase_add_test(tc, test_pattern_off);
	tcase_add_test(tc, test_pattern_sessions_remembered);
	tcase_add_test(tc, test_pattern_long_key);
	tcase_add_test(tc, test_pattern_cause);
	suite_add_tcase(s, tc);
	return s;
}
