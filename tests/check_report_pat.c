/*
 * check_report_pat.c - pattern records through every writer: the NDJSON
 * line and the document's "patterns" array, the text and HTML sections
 * (hostile key text escaped), the Prometheus counts, the summary's counts.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static const char *const refs[] = { "mail.log:7", "mail.log:9" };

static void
pattern_fill(struct pattern *p)
{
	memset(p, 0, sizeof(*p));
	p->name = "repeat-offender";
	p->dir = EV_DIR_IN;
	p->key_kind = "client_ip";
	p->key = "192.0.2.1\033[2J<script>";
	p->count = 12;
	p->first = 1741000000;
	p->last = 1741000300;
	p->threshold = 10;
	p->window = 600;
	p->ncodes = 1;
	p->codes[0].code = 554;
	p->codes[0].count = 12;
	p->cause = "blocklisted-ip";
	p->severity = "notice";
	p->title = "One client keeps drawing rejections";
	p->who = "local-admin";
	p->meaning = "m";
	p->when = "w";
	p->fix = "f";
	p->nrefs = 2;
	p->refs = refs;
	p->refs_more = 10;
}

/* render - a finding, then the pattern, then the summary. */
static char *
render(const char *writer)
{
	const struct report_ops	*ops = report_find(writer);
	struct report_opts	 o = { 0, 0, "0.1.0", 0 };
	struct finding		 f;
	struct pattern		 p;
	struct summary		 s;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;
	void			*w;

	ck_assert_ptr_nonnull(ops);
	ck_assert_ptr_nonnull(ops->pattern);
	memset(&f, 0, sizeof(f));
	f.code = 554;
	f.dir = EV_DIR_IN;
	f.event = "reject";
	f.file = "mail.log";
	f.line = 7;
	pattern_fill(&p);
	memset(&s, 0, sizeof(s));
	s.findings = 1;
	s.patterns_enabled = 1;
	s.patterns = 1;
	s.npatterns = 1;
	s.by_pattern[0].name = "repeat-offender";
	s.by_pattern[0].count = 1;
	fp = open_memstream(&buf, &len);
	w = ops->open(fp, &o);
	ck_assert_int_eq(ops->finding(w, &f), 0);
	ck_assert_int_eq(ops->pattern(w, &p), 0);
	ck_assert_int_eq(ops->finish(w, &s), 0);
	ops->free(w);
	fclose(fp);
	return buf;
}

START_TEST(test_report_pat_ndjson)
{
	char		*buf = render("ndjson"), *l2;
	json_t		*j;
	json_error_t	 e;

	ck_assert_ptr_nonnull(l2 = strchr(buf, '\n'));
	j = json_loadb(l2 + 1, strcspn(l2 + 1, "\n"), 0, &e);
	ck_assert_msg(j != NULL, "got %s, want JSON", e.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "type")),
	    "pattern");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
	    "key"), "value")), "192.0.2.1\033[2J<script>");
	ck_assert_str_eq(json_string_value(json_object_get(j, "first_seen")),
	    "2025-03-03T11:06:40Z");
	ck_assert_int_eq(json_integer_value(json_object_get(j,
	    "finding_refs_more")), 10);
	ck_assert_int_eq(json_array_size(json_object_get(j, "finding_refs")),
	    2);
	json_decref(j);
	/* The summary last, with the counts by name. */
	j = json_loads(strrchr(buf, '{') != NULL ? strstr(buf,
	    "{\"type\":\"summary\"") : "", 0, &e);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j,
	    "patterns"), "total")), 1);
	json_decref(j);
	free(buf);
}
END_TEST

START_TEST(test_report_pat_json)
{
	char		*buf = render("json");
	json_t		*j, *a;
	json_error_t	 e;

	j = json_loads(buf, 0, &e);
	ck_assert_msg(j != NULL, "got %s, want a document", e.text);
	ck_assert_int_eq(json_array_size(json_object_get(j, "findings")), 1);
	a = json_object_get(j, "patterns");
	ck_assert_int_eq(json_array_size(a), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a,
	    0), "pattern")), "repeat-offender");
	json_decref(j);
	free(buf);
}
END_TEST

START_TEST(test_report_pat_text)
{
	char	*buf = render("text");

	ck_assert_ptr_nonnull(strstr(buf, "\nPatterns\n"));
	ck_assert_ptr_nonnull(strstr(buf, "repeat-offender client_ip "
	    "192.0.2.1\\x1b[2J<script>: 12 findings"));
	ck_assert_ptr_null(strchr(buf, '\033'));
	ck_assert_ptr_nonnull(strstr(buf, "mail.log:7 mail.log:9 ... and 10 "
	    "more"));
	free(buf);
}
END_TEST

START_TEST(test_report_pat_html)
{
	char	*buf = render("html");

	ck_assert_ptr_nonnull(strstr(buf, "<h2 id=patterns>Patterns</h2>"));
	ck_assert_ptr_nonnull(strstr(buf, "192.0.2.1\\x1b[2J&lt;script&gt;"));
	ck_assert_ptr_null(strstr(buf, "<script>:"));
	free(buf);
}
END_TEST

START_TEST(test_report_pat_prometheus)
{
	char	*buf = render("prometheus");

	ck_assert_ptr_nonnull(strstr(buf, "smtplog_patterns{pattern=\""
	    "repeat-offender\",direction=\"inbound\"} 1\n"));
	free(buf);
}
END_TEST

START_TEST(test_report_pat_summary)
{
	char	*buf = render("summary-json");

	/* One line: the summary, the pattern counted in it. */
	ck_assert_ptr_null(strstr(buf, "\"type\":\"pattern\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"by_name\":[{\"pattern\":"
	    "\"repeat-offender\",\"count\":1}]"));
	free(buf);
}
END_TEST

START_TEST(test_report_pat_dup)
{
	struct pattern	 p, *d;

	pattern_fill(&p);
	d = pat_dup(&p);
	ck_assert_ptr_ne(d->key, p.key);
	ck_assert_str_eq(d->key, p.key);
	ck_assert_ptr_ne(d->refs, p.refs);
	ck_assert_str_eq(d->refs[1], "mail.log:9");
	ck_assert_str_eq(d->fix, "f");
	ck_assert_uint_eq(d->codes[0].count, 12);
	free(d);
}
END_TEST

Suite *
report_pat_suite(void)
{
	Suite	*s = suite_create("report_pat");
	TCase	*tc = tcase_create("writers");

	tcase_add_test(tc, test_report_pat_ndjson);
	tcase_add_test(tc, test_report_pat_json);
	tcase_add_test(tc, test_report_pat_text);
	tcase_add_test(tc, test_report_pat_html);
	tcase_add_test(tc, test_report_pat_prometheus);
	tcase_add_test(tc, test_report_pat_summary);
	tcase_add_test(tc, test_report_pat_dup);
	suite_add_tcase(s, tc);
	return s;
}
