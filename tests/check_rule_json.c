/*
 * check_rule_json.c - the quick rule file reader must give jansson's tree
 * (json_loadb with JSON_REJECT_DUPLICATES), key order included, or give
 * up: never read a text jansson refuses, never read one differently.  It
 * must read the shipped rule files (else start-up is slow again).
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DATA		"tests/data/rules/"

/* slurp - a whole file, NUL-terminated. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static char *
dump(const json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
}

/*
 * agree - rule_json_read on text is jansson's tree or NULL; returns 1
 * when it read the text.  what names the text in messages.
 */
static int
agree(const char *what, const char *text, size_t len)
{
	json_error_t	 e;
	json_t		*want, *got;
	char		*ws, *gs;
	int		 read;

	want = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	got = rule_json_read(text, len);
	read = got != NULL;
	ck_assert_msg(want != NULL || got == NULL,
	    "%s: read a text jansson refuses (%s)", what, e.text);
	if (got != NULL) {
		ws = dump(want);
		gs = dump(got);
		ck_assert_msg(strcmp(ws, gs) == 0 && json_equal(want, got),
		    "%s: got %s, want %s", what, gs, ws);
		free(ws);
		free(gs);
	}
	json_decref(want);
	json_decref(got);
	return read;
}

START_TEST(test_rule_json_files)
{
	static const char *const shipped[] = {
		"rules/00-base.json", "rules/10-postfix.json",
		"rules/20-exim.json", "rules/30-common.json",
		"rules/lang-fr.json",
	};
	static const char *const data[] = {
		"backtrack.json", "bad-regex.json", "dup-key.json",
		"id-lines.json", "lang-bad.json", "lang-de.json",
		"lang-tag.json", "many-errors.json", "missing-advice.json",
		"missing-fix.json", "not-object.json", "prec-a.json",
		"prec-b.json", "site.json", "syntax.json",
		"unknown-cause.json", "unknown-key.json", "dup/10-first.json",
		"dup/20-second.json",
	};
	char	 path[256], *text;
	size_t	 i, len;

	for (i = 0; i < NELEM(shipped); i++) {
		text = slurp(shipped[i], &len);
		ck_assert_msg(agree(shipped[i], text, len),
		    "%s: got jansson's reader, want the quick one", shipped[i]);
		free(text);
	}
	for (i = 0; i < NELEM(data); i++) {
		snprintf(path, sizeof(path), DATA "%s", data[i]);
		text = slurp(path, &len);
		(void)agree(path, text, len);
		free(text);
	}
}
END_TEST

/* Texts it must read (1) or leave to jansson (0). */
static const struct {
	const char	*text;
	int		 read;
} cases[] = {
	{ "{}", 1 },
	{ " \t\r\n{ \"a\" : [ ] , \"b\":{}}\n", 1 },
	{ "{\"a\":1,\"b\":-5,\"c\":0,\"d\":-0,\"e\":123456789012345678}", 1 },
	{ "{\"a\":true,\"b\":false,\"c\":null,\"d\":[1,\"x\",[{}]]}", 1 },
	{ "{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"}", 1 },
	{ "{\"fr\":\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\"}", 1 },
	{ "{\"\":\"empty key\"}", 1 },
	{ "{\"z\":1,\"a\":2,\"m\":3}", 1 },
	{ "{\"a\":\"\\u0041\"}", 0 },
	{ "{\"a\":\"\\u0000\"}", 0 },
	{ "{\"a\":1.5}", 0 },
	{ "{\"a\":1e3}", 0 },
	{ "{\"a\":1E3}", 0 },
	{ "{\"a\":01}", 0 },
	{ "{\"a\":-}", 0 },
	{ "{\"a\":+1}", 0 },
	{ "{\"a\":1234567890123456789}", 0 },
	{ "{\"a\":99999999999999999999999}", 0 },
	{ "{\"a\":1,\"a\":2}", 0 },
	{ "{\"a\":{\"b\":1,\"b\":1}}", 0 },
	{ "{\"a\":1,}", 0 },
	{ "{\"a\":[1,]}", 0 },
	{ "{\"a\" 1}", 0 },
	{ "{\"a\":1}x", 0 },
	{ "{\"a\":1}{}", 0 },
	{ "{\"a\":1", 0 },
	{ "{\"a\":\"open", 0 },
	{ "{\"a\":\"tab\there\"}", 0 },
	{ "{\"a\":\"nl\nhere\"}", 0 },
	{ "{\"a\":\"bad \xff\"}", 0 },
	{ "{\"a\":\"cut \xc3\"}", 0 },
	{ "{\"a\":\"surrogate \xed\xa0\x80\"}", 0 },
	{ "{\"a\":\"overlong \xc0\xaf\"}", 0 },
	{ "{\"a\":\"\\x\"}", 0 },
	{ "{\"a\":tru}", 0 },
	{ "{\"a\":truex}", 0 },
	{ "{\"a\":nulls}", 0 },
	{ "{\"a\":True}", 0 },
	{ "{a:1}", 0 },
	{ "{'a':1}", 0 },
	{ "[]", 0 },
	{ "\"top\"", 0 },
	{ "", 0 },
	{ "   ", 0 },
	{ "\xef\xbb\xbf{}", 0 },
	{ "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]"
	  "]]]]]]]]]]}", 0 },
	{ "{\"a-key-of-sixty-three-bytes-is-read-and-one-more-is-not-xxxxxxxx\":"
	  "1}", 1 },
	{ "{\"a-key-of-sixty-four-bytes-is-left-to-jansson-to-read-it-xxxxxxxx\":"
	  "1}", 0 },
};

START_TEST(test_rule_json_cases)
{
	char	what[32];
	int	got;

	snprintf(what, sizeof(what), "case %d", _i);
	got = agree(what, cases[_i].text, strlen(cases[_i].text));
	ck_assert_msg(got == cases[_i].read, "case %d (%s): got %s, want %s",
	    _i, cases[_i].text, got ? "read" : "left to jansson",
	    cases[_i].read ? "read" : "left to jansson");
}
END_TEST

/* A NUL byte inside the text (a file can hold one) is left to jansson. */
START_TEST(test_rule_json_nul)
{
	static const char	text[] = "{\"a\":\"x\0y\"}";
	static const char	after[] = "{\"a\":1}\0";

	ck_assert_int_eq(agree("NUL in a string", text, sizeof(text) - 1), 0);
	ck_assert_int_eq(agree("NUL after", after, sizeof(after) - 1), 0);
}
END_TEST

/* Shipped rules with bytes changed at random: jansson's tree or nothing. */
START_TEST(test_rule_json_mutated)
{
	static const char	alphabet[] = "{}[]\",:\\ /0-9.eEtrufalsn\n\t"
				    "\x01\x7f\xc3\xa9\xff";
	char			*text, *copy;
	size_t			 len, i, pos;
	uint32_t		 x = 7;
	int			 k, nread = 0;

	text = slurp("rules/20-exim.json", &len);
	copy = malloc(len + 1);
	for (i = 0; i < 2000; i++) {
		memcpy(copy, text, len + 1);
		for (k = 0; k < 1 + (int)(i % 3); k++) {
			x = x * 1103515245u + 12345u;
			pos = (x >> 8) % len;
			x = x * 1103515245u + 12345u;
			copy[pos] = alphabet[(x >> 8) % (sizeof(alphabet) - 1)];
		}
		nread += agree("mutated", copy, len);
	}
	/* Most changes fall inside texts, which stay readable. */
	ck_assert_int_gt(nread, 100);
	free(copy);
	free(text);
}
END_TEST

Suite *
rule_json_suite(void)
{
	Suite	*s = suite_create("rule_json");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_rule_json_files);
	tcase_add_loop_test(tc, test_rule_json_cases, 0, (int)NELEM(cases));
	tcase_add_test(tc, test_rule_json_nul);
	tcase_add_test(tc, test_rule_json_mutated);
	suite_add_tcase(s, tc);
	return s;
}
