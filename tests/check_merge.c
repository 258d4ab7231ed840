/*
 * check_merge.c - tests for merge's reading of partials (merge_cmd.c) and
 * its arithmetic (merge.c): repeats of a retried task skipped, any other
 * repeat refused, partials without identities added as they come, bad
 * records, empty partials, --expect and --manifest.  Table-driven: each
 * case is a partial file written at run time (the records are shaped as
 * scan -o summary-json writes them; samples/postfix/mail.log's own is in
 * tests/e2e/61-scaleout.sh).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/merge_cmd.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A summary record of one input: VERSION, INPUT (a JSON object), READ. */
#define REC(v, input, read) "{\"type\":\"summary\",\"schema_version\":" \
	#v ",\"version\":\"0.1.0\",\"lines\":{\"read\":" #read ",\"used\":" \
	#read ",\"ignored\":0,\"unrecognized\":0,\"truncated\":0," \
	"\"nul_bytes\":0,\"invalid_utf8\":0},\"bytes\":100,\"inputs\":[" \
	input "],\"input_errors\":0,\"sessions\":{\"total\":1," \
	"\"incomplete\":0,\"evicted\":0},\"messages\":{\"total\":0," \
	"\"incomplete\":0,\"evicted\":0},\"deliveries\":0,\"rejects\":0," \
	"\"findings\":{\"total\":1,\"logged\":1,\"inferred\":0,\"inbound\":1," \
	"\"outbound\":0,\"inferred_failures_without_code\":0," \
	"\"inferred_over_cap\":0,\"out_of_range\":0,\"by_code\":[{\"code\":" \
	"554,\"count\":1}],\"by_cause\":[{\"cause\":\"other\",\"count\":1}]}," \
	"\"inputs_skipped\":0,\"range\":{\"since\":null,\"until\":null}," \
	"\"patterns\":{\"enabled\":true,\"total\":0,\"dropped\":0," \
	"\"by_name\":[]}}\n"
#define IN(file, id) "{\"file\":\"" file "\",\"label\":null,\"id\":" id \
	",\"format\":\"postfix\",\"compressed\":false,\"lines\":1,\"used\":1," \
	"\"ignored\":0,\"unrecognized\":0,\"truncated\":0,\"nul_bytes\":0," \
	"\"invalid_utf8\":0,\"bytes\":100,\"error\":null,\"skipped\":null}"
#define IDA	"\"100-00000000000000aa-00000000000000aa\""
#define IDB	"\"100-00000000000000bb-00000000000000bb\""
#define ID0	"\"0-cbf29ce484222325-cbf29ce484222325\""

static const struct {
	const char	*what;
	const char	*text;
	int		 allow_empty;
	int		 rc;		/* merge_cmd_read's */
	unsigned long	 repeats;
	size_t		 ninputs;
	unsigned long	 read;		/* lines.read merged */
} cases[] = {
	{ "one partial", REC(2, IN("a", IDA), 5), 0, 0, 0, 1, 5 },
	{ "a retried task: the same partial twice",
	    REC(2, IN("a", IDA), 5) REC(2, IN("a", IDA), 5), 0, 0, 1, 1, 5 },
	{ "two partials", REC(2, IN("a", IDA), 5) REC(2, IN("b", IDB), 7),
	    0, 0, 0, 2, 12 },
	{ "one input, two other summaries: refused",
	    REC(2, IN("a", IDA), 5) REC(2, IN("a", IDA), 6), 0, -1, 0, 1, 5 },
	{ "the same input under another name: refused",
	    REC(2, IN("a", IDA), 5) REC(2, IN("copy", IDA), 6), 0, -1, 0, 1,
	    5 },
	{ "overlap: one input of two merged already: refused",
	    REC(2, IN("a", IDA), 5) REC(2, IN("a", IDA) "," IN("b", IDB), 9),
	    0, -1, 0, 1, 5 },
	{ "a retried merge of two partials",
	    REC(2, IN("a", IDA) "," IN("b", IDB), 9)
	    REC(2, IN("a", IDA) "," IN("b", IDB), 9), 0, 0, 1, 2, 9 },
	{ "empty inputs are never repeats",
	    REC(2, IN("-", ID0), 0) REC(2, IN("-", ID0), 0), 0, 0, 0, 2, 0 },
	{ "inputs not read (id null) are never repeats",
	    REC(2, IN("a", "null"), 1) REC(2, IN("a", "null"), 1), 0, 0, 0, 2,
	    2 },
	{ "schema 1 partials (no id) add up",
	    REC(1, "{\"file\":\"a\",\"format\":null,\"compressed\":false,"
	    "\"lines\":1,\"used\":1,\"ignored\":0,\"unrecognized\":0,"
	    "\"truncated\":0,\"nul_bytes\":0,\"invalid_utf8\":0,\"bytes\":1,"
	    "\"error\":null}", 3) REC(1, "", 4), 0, 0, 0, 1, 7 },
	{ "schema 3: refused", REC(3, IN("a", IDA), 5), 0, -1, 0, 0, 0 },
	{ "findings and patterns passed over",
	    "{\"type\":\"finding\",\"id\":\"x\"}\n{\"type\":\"pattern\"}\n"
	    REC(2, IN("a", IDA), 5), 0, 0, 0, 1, 5 },
	{ "blank lines", "\n  \n" REC(2, IN("a", IDA), 5) "\r\n", 0, 0, 0, 1,
	    5 },
	{ "not JSON", REC(2, IN("a", IDA), 5) "{\"type\":\n", 0, -1, 0, 1,
	    5 },
	{ "no summary record", "{\"type\":\"finding\"}\n", 0, -1, 0, 0, 0 },
	{ "empty", "", 0, -1, 0, 0, 0 },
	{ "empty, --allow-empty", "", 1, 0, 0, 0, 0 },
	{ "only blank lines, --allow-empty", "\n", 1, -1, 0, 0, 0 },
	{ "an id longer than an identity",
	    REC(2, IN("a", "\"1-" "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789\""), 5), 0, -1, 0, 0,
	    0 },
	{ "a count that is not a number",
	    "{\"type\":\"summary\",\"schema_version\":2,\"lines\":{\"read\":"
	    "\"5\"}}\n", 0, -1, 0, 0, 0 },
};

static char	 path[64];

static void
setup(void)
{
	int	fd;

	strcpy(path, "/tmp/check_merge.XXXXXX");
	ck_assert((fd = mkstemp(path)) != -1);
	close(fd);
}

static void
teardown(void)
{
	unlink(path);
}

/* run - merge the text of case i; the merge for the caller to check. */
static struct merge_cmd *
run(const char *text, int allow_empty, long expect, const char *manifest,
    int *rc)
{
	struct merge_cmd_opts	 o;
	struct merge_cmd	*c;
	FILE			*fp;

	ck_assert((fp = fopen(path, "w")) != NULL);
	fputs(text, fp);
	ck_assert(fclose(fp) == 0);
	memset(&o, 0, sizeof(o));
	o.allow_empty = allow_empty;
	o.expect = expect;
	o.manifest = manifest;
	c = merge_cmd_new(&o);
	*rc = merge_cmd_read(c, path);
	return c;
}

START_TEST(test_merge_case)
{
	struct merge_cmd	*c;
	const struct summary	*s;
	int			 rc;

	c = run(cases[_i].text, cases[_i].allow_empty, -1, NULL, &rc);
	s = merge_summary(merge_cmd_result(c));
	ck_assert_msg(rc == cases[_i].rc, "%s: got rc %d, want %d",
	    cases[_i].what, rc, cases[_i].rc);
	ck_assert_msg(merge_cmd_repeats(c) == cases[_i].repeats,
	    "%s: got %lu repeats, want %lu", cases[_i].what,
	    merge_cmd_repeats(c), cases[_i].repeats);
	if (rc == 0) {
		ck_assert_msg(s->ninputs == cases[_i].ninputs,
		    "%s: got %zu inputs, want %zu", cases[_i].what,
		    s->ninputs, cases[_i].ninputs);
		ck_assert_msg(s->lines == cases[_i].read,
		    "%s: got %lu lines read, want %lu", cases[_i].what,
		    s->lines, cases[_i].read);
	}
	merge_cmd_free(c);
}
END_TEST

/* The merged strings outlive the records they came from. */
START_TEST(test_merge_strings_kept)
{
	struct merge_cmd	*c;
	const struct summary	*s;
	int			 rc;

	c = run(REC(2, IN("a", IDA), 5) REC(2, IN("b", IDB), 7), 0, -1, NULL,
	    &rc);
	ck_assert_int_eq(rc, 0);
	s = merge_summary(merge_cmd_result(c));
	ck_assert_str_eq(s->inputs[0].name, "a");
	ck_assert_str_eq(s->inputs[1].id,
	    "100-00000000000000bb-00000000000000bb");
	ck_assert_str_eq(s->inputs[1].format, "postfix");
	ck_assert_str_eq(s->by_cause[0].name, "other");
	ck_assert_int_eq(s->by_cause[0].count, 2);
	ck_assert_str_eq(merge_version(merge_cmd_result(c)), "0.1.0");
	merge_cmd_free(c);
}
END_TEST

START_TEST(test_merge_expect)
{
	struct merge_cmd	*c;
	int			 rc;

	c = run(REC(2, IN("a", IDA), 5) REC(2, IN("a", IDA), 5), 0, 1, NULL,
	    &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(merge_cmd_check(c), 0);	/* the repeat dropped */
	merge_cmd_free(c);
	c = run(REC(2, IN("a", IDA), 5), 0, 2, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(merge_cmd_check(c), -1);
	merge_cmd_free(c);
}
END_TEST

START_TEST(test_merge_manifest)
{
	static const struct {
		const char	*manifest;
		int		 rc;
	} m[] = {
		{ "a\nb\n", 0 },
		{ "a\nb\nc\n", -1 },		/* c lost */
		{ "a\n", 0 },			/* b only warned about */
		{ "{\"type\":\"plan\",\"file\":\"a\",\"label\":null}\n"
		    "{\"type\":\"plan\",\"file\":\"b\"}\n", 0 },
		{ "{\"file\":\"x\",\"label\":\"a\"}\n", 0 },	/* label wins */
		{ "\r\n\n", 0 },
	};
	char			 mpath[64];
	struct merge_cmd	*c;
	size_t			 i;
	FILE			*fp;
	int			 fd, rc;

	strcpy(mpath, "/tmp/check_merge_m.XXXXXX");
	ck_assert((fd = mkstemp(mpath)) != -1);
	close(fd);
	for (i = 0; i < NELEM(m); i++) {
		ck_assert((fp = fopen(mpath, "w")) != NULL);
		fputs(m[i].manifest, fp);
		fclose(fp);
		c = run(REC(2, IN("a", IDA), 5) REC(2, IN("b", IDB), 7), 0, -1,
		    mpath, &rc);
		ck_assert_int_eq(rc, 0);
		ck_assert_msg(merge_cmd_check(c) == m[i].rc,
		    "manifest %zu: got %d, want %d", i, merge_cmd_check(c),
		    m[i].rc);
		merge_cmd_free(c);
	}
	unlink(mpath);
	c = run(REC(2, IN("a", IDA), 5), 0, -1, "/nonexistent/manifest", &rc);
	ck_assert_int_eq(merge_cmd_check(c), -1);
	merge_cmd_free(c);
}
END_TEST

Suite *
merge_suite(void)
{
	Suite	*s = suite_create("merge");
	TCase	*tc = tcase_create("partials");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_merge_case, 0, NELEM(cases));
	tcase_add_test(tc, test_merge_strings_kept);
	suite_add_tcase(s, tc);
	tc = tcase_create("expected");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_merge_expect);
	tcase_add_test(tc, test_merge_manifest);
	suite_add_tcase(s, tc);
	return s;
}
