/*
 * check_jbuf.c - the JSON buffer writer must write what jansson's dump
 * writes for the same values (the reports used jansson before, and their
 * output is a contract): every byte value in a string, bad UTF-8 (made
 * valid as utf8_sanitize does), nesting, empty containers, compact and
 * indented layout with a base shift.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/jbuf.h"
#include "lib/utf8.h"

/*
 * jansson_str - jansson's compact dump of s, made valid UTF-8 first, with
 * U+0085, U+2028 and U+2029 escaped as jbuf does (jansson keeps them).
 */
static char *
jansson_str(const char *s)
{
	char	*clean = utf8_sanitize(s, strlen(s)), *dump, *out, *o;
	const char *p;
	json_t	*j = json_stringn(clean, strlen(clean));

	ck_assert_ptr_nonnull(j);
	dump = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	free(clean);
	o = out = malloc(strlen(dump) * 2 + 1);
	for (p = dump; *p != '\0'; )
		if (strncmp(p, "\xc2\x85", 2) == 0) {
			o += sprintf(o, "\\u0085");
			p += 2;
		} else if (strncmp(p, "\xe2\x80\xa8", 3) == 0 ||
		    strncmp(p, "\xe2\x80\xa9", 3) == 0) {
			o += sprintf(o, "\\u202%c", p[2] == '\xa8' ? '8' : '9');
			p += 3;
		} else
			*o++ = *p++;
	*o = '\0';
	free(dump);
	return out;
}

/* The characters that line-splitting readers (Python's splitlines, some
 * log shippers) take for line ends are escaped: a record stays one line. */
START_TEST(test_jbuf_line_separators)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "a\xe2\x80\xa8" "b", "\"a\\u2028b\"" },
		{ "a\xe2\x80\xa9" "b", "\"a\\u2029b\"" },
		{ "a\xc2\x85" "b", "\"a\\u0085b\"" },
		{ "0123456789\xe2\x80\xa8", "\"0123456789\\u2028\"" },
		/* Neighbours stay as they are. */
		{ "\xe2\x80\xaa\xc2\x84\xe2\x80\xa7",
		    "\"\xe2\x80\xaa\xc2\x84\xe2\x80\xa7\"" },
		/* In a string with bad UTF-8 too (written again, sanitized). */
		{ "\xff\xe2\x80\xa8", "\"\xef\xbf\xbd\\u2028\"" },
	};
	struct jbuf	 jb;
	size_t		 i;

	jb_init(&jb, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jb_reset(&jb, 0);
		jb_str(&jb, NULL, cases[i].in);
		ck_assert_msg(jb.len == strlen(cases[i].out) &&
		    memcmp(jb.buf, cases[i].out, jb.len) == 0,
		    "%zu: got %.*s, want %s", i, (int)jb.len, jb.buf,
		    cases[i].out);
	}
	jb_release(&jb);
}
END_TEST

static void
same_str(const char *s)
{
	struct jbuf	 jb;
	char		*want = jansson_str(s);

	jb_init(&jb, 0);
	jb_reset(&jb, 0);
	jb_str(&jb, NULL, s);
	ck_assert_msg(jb.len == strlen(want) && memcmp(jb.buf, want,
	    jb.len) == 0, "got %.*s, want %s", (int)jb.len, jb.buf, want);
	free(want);
	jb_release(&jb);
}

START_TEST(test_jbuf_every_byte)
{
	char	s[24];
	int	c, pos;

	/* Each byte at each place of a string long enough for the
	 * word-at-a-time path of the escaper. */
	for (c = 1; c < 256; c++)
		for (pos = 0; pos < 20; pos++) {
			memset(s, 'x', 20);
			s[20] = '\0';
			s[pos] = (char)c;
			same_str(s);
		}
}
END_TEST

/* Every length up to three words, with one or two bytes to escape at
 * every place: the word-at-a-time paths and the end of the string. */
START_TEST(test_jbuf_lengths)
{
	static const char	specials[] = "\"\\\n\x01\x1f\xc3\xff";
	char			s[32];
	size_t			len, i, j, k;

	for (len = 0; len <= 25; len++) {
		memset(s, 'a', len);
		s[len] = '\0';
		same_str(s);
		for (i = 0; i < len; i++)
			for (k = 0; k < sizeof(specials) - 1; k++) {
				memset(s, 'a', len);
				s[i] = specials[k];
				same_str(s);
				for (j = i + 1; j < len; j += 3) {
					s[j] = specials[(k + j) %
					    (sizeof(specials) - 1)];
					same_str(s);
					s[j] = 'a';
				}
			}
	}
}
END_TEST

START_TEST(test_jbuf_utf8)
{
	static const char *const cases[] = {
		"", "plain", "caf\xc3\xa9", "\xf0\x9f\x98\x80 emoji",
		"bad \xff byte", "cut \xc3", "surrogate \xed\xa0\x80",
		"overlong \xc0\xaf", "\"quoted\" \\back\\ /slash/",
		"tab\tnl\ncr\rbs\bff\f esc\x1b del\x7f",
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same_str(cases[i]);
}
END_TEST

START_TEST(test_jbuf_random)
{
	uint32_t	x = 12345;
	char		s[64];
	int		i, k;

	for (i = 0; i < 5000; i++) {
		for (k = 0; k < 63; k++) {
			x = x * 1103515245u + 12345u;
			s[k] = (char)(1 + (x >> 16) % 255);
		}
		s[k] = '\0';
		same_str(s);
	}
}
END_TEST

/*
 * Every escape class, and characters of one to four bytes with the line
 * separators among them, inserted at every place of strings of every
 * length up to three words: the word-at-a-time test of plain strings,
 * its four-byte and byte-wise forms for short strings, and the hand-over
 * to the escaper at each offset of a word.
 */
START_TEST(test_jbuf_classes_everywhere)
{
	static const char *const ins[] = {
		"\"", "\\", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f",
		"\x7f", "/", "\x80", "\xc3", "\xff", "\xc3\xa9",
		"\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc2\x85",
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80",
	};
	char	s[48];
	size_t	len, at, k, n;

	for (len = 0; len <= 24; len++)
		for (at = 0; at <= len; at++)
			for (k = 0; k < sizeof(ins) / sizeof(ins[0]); k++) {
				n = strlen(ins[k]);
				memset(s, 'a', at);
				memcpy(s + at, ins[k], n);
				memset(s + at + n, 'b', len - at);
				s[len + n] = '\0';
				same_str(s);
			}
}
END_TEST

/* jb_plain writes what jb_str writes for a string that needs no escape,
 * at every length, and both give what jansson gives. */
START_TEST(test_jbuf_plain)
{
	struct jbuf	 a, b;
	char		 s[48];
	size_t		 len;

	jb_init(&a, 0);
	jb_init(&b, 0);
	for (len = 0; len < 40; len++) {
		memset(s, 'T', len);
		memcpy(s, "2024-01-01T00:00:07.123456Z", len < 27 ? len : 27);
		s[len] = '\0';
		jb_reset(&a, 0);
		jb_reset(&b, 0);
		jb_plain(&a, NULL, s, len);
		jb_str(&b, NULL, s);
		ck_assert_msg(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0,
		    "%zu: got %.*s, want %.*s", len, (int)a.len, a.buf,
		    (int)b.len, b.buf);
		same_str(s);
	}
	jb_release(&a);
	jb_release(&b);
}
END_TEST

/*
 * same_dump - jb holds jansson's dump of o with that indent, every line
 * after a newline shifted by base (jansson knows no base).
 */
static void
same_dump(const struct jbuf *jb, json_t *o, int indent, int base)
{
	char	*want, *shifted, *p, *q;
	size_t	 at = 0;

	want = json_dumps(o, JSON_PRESERVE_ORDER |
	    (indent ? JSON_INDENT(indent) : JSON_COMPACT));
	shifted = calloc(strlen(want) * (size_t)(base + 1) + 1, 1);
	for (p = want, q = shifted; *p != '\0'; p++) {
		*q++ = *p;
		if (*p == '\n') {
			memset(q, ' ', (size_t)base);
			q += base;
		}
	}
	while (at < jb->len && shifted[at] != '\0' && jb->buf[at] == shifted[at])
		at++;
	ck_assert_msg(jb->len == strlen(shifted) && at == jb->len,
	    "indent %d base %d: got %zu bytes, want %zu; from byte %zu got "
	    "%.*s, want %.40s", indent, base, jb->len, strlen(shifted), at,
	    (int)(jb->len - at < 40 ? jb->len - at : 40), jb->buf + at,
	    shifted + at);
	free(shifted);
	free(want);
}

/*
 * keys_doc - an object of 600 members with keys of every length up to 40
 * (literal keys are copied a word, two words or bytes at a time) and
 * values of every kind, in jbuf and in jansson; long enough that members
 * are written both with the room at hand and where the buffer grows.
 */
static void
keys_doc(int indent, int base)
{
	static const char	alpha[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	struct jbuf	 jb;
	json_t		*o = json_object(), *v;
	char		 key[48], val[48];
	size_t		 i, k, kl, vl;

	jb_init(&jb, indent);
	jb_reset(&jb, base);
	jb_obj(&jb, NULL);
	for (i = 0; i < 600; i++) {
		/* Distinct keys: those of one length differ in the first
		 * letter. */
		kl = 1 + i % 40;
		for (k = 0; k < kl; k++)
			key[k] = alpha[(k == 0 ? i / 40 : i + k) % 52];
		key[kl] = '\0';
		vl = i % 37;
		memset(val, 'v', vl);
		val[vl] = '\0';
		switch (i % 5) {
		case 0:
			jb_str(&jb, key, val);
			v = json_string(val);
			break;
		case 1:
			jb_int(&jb, key, (long long)i * 7919 - 1000000);
			v = json_integer((json_int_t)i * 7919 - 1000000);
			break;
		case 2:
			jb_null(&jb, key);
			v = json_null();
			break;
		case 3:
			jb_bool(&jb, key, (int)(i & 8));
			v = (i & 8) ? json_true() : json_false();
			break;
		default:
			jb_plain(&jb, key, val, vl);
			v = json_string(val);
			break;
		}
		json_object_set_new(o, key, v);
	}
	jb_end(&jb, '}');
	same_dump(&jb, o, indent, base);
	json_decref(o);
	jb_release(&jb);
}

START_TEST(test_jbuf_keys)
{
	keys_doc(0, 0);
	keys_doc(2, 0);
	keys_doc(2, 4);
}
END_TEST

/* build - the same document in jbuf and in jansson. */
static void
build(struct jbuf *jb, json_t **out)
{
	json_t	*o = json_object(), *a = json_array(), *e;

	jb_obj(jb, NULL);
	jb_str(jb, "type", "summary");
	json_object_set_new(o, "type", json_string("summary"));
	jb_int(jb, "n", -42);
	json_object_set_new(o, "n", json_integer(-42));
	jb_null(jb, "none");
	json_object_set_new(o, "none", json_null());
	jb_bool(jb, "yes", 1);
	json_object_set_new(o, "yes", json_true());
	jb_obj(jb, "empty");
	jb_end(jb, '}');
	json_object_set_new(o, "empty", json_object());
	jb_arr(jb, "nothing");
	jb_end(jb, ']');
	json_object_set_new(o, "nothing", json_array());
	jb_arr(jb, "list");
	jb_obj(jb, NULL);
	jb_int(jb, "code", 554);
	jb_bool(jb, "f", 0);
	jb_end(jb, '}');
	jb_int(jb, NULL, 7);
	jb_end(jb, ']');
	e = json_object();
	json_object_set_new(e, "code", json_integer(554));
	json_object_set_new(e, "f", json_false());
	json_array_append_new(a, e);
	json_array_append_new(a, json_integer(7));
	json_object_set_new(o, "list", a);
	jb_end(jb, '}');
	*out = o;
}

static void
same_doc(int indent, int base)
{
	struct jbuf	 jb;
	json_t		*o;

	jb_init(&jb, indent);
	jb_reset(&jb, base);
	build(&jb, &o);
	same_dump(&jb, o, indent, base);
	ck_assert_int_eq(jb.depth, 0);
	json_decref(o);
	jb_release(&jb);
}

START_TEST(test_jbuf_layout)
{
	same_doc(0, 0);
	same_doc(2, 0);
	same_doc(2, 4);
}
END_TEST

/* run - two members that several records share, one of them nested. */
static void
run(struct jbuf *jb)
{
	jb_str(jb, "b", "x\"y\tz");
	jb_obj(jb, "c");
	jb_null(jb, "d");
	jb_arr(jb, "e");
	jb_int(jb, NULL, 1);
	jb_end(jb, ']');
	jb_end(jb, '}');
}

/* A run of members kept from one record and copied into the next must
 * give the bytes of writing it there, in each layout. */
static void
same_members(int indent, int base)
{
	struct jbuf	 want, first, second;
	char		*kept;
	size_t		 start, len;
	int		 i;

	jb_init(&want, indent);
	jb_init(&first, indent);
	jb_init(&second, indent);
	jb_reset(&want, base);
	jb_obj(&want, NULL);
	jb_int(&want, "a", 1);
	run(&want);
	jb_bool(&want, "f", 1);
	jb_end(&want, '}');

	jb_reset(&first, base);
	jb_obj(&first, NULL);
	jb_int(&first, "a", 1);
	start = first.len;
	run(&first);
	len = first.len - start;
	kept = malloc(len);
	memcpy(kept, first.buf + start, len);
	for (i = 0; i < 2; i++) {
		jb_reset(&second, base);
		jb_obj(&second, NULL);
		jb_int(&second, "a", 1);
		jb_members(&second, kept, len, 2);
		jb_bool(&second, "f", 1);
		jb_end(&second, '}');
		ck_assert_msg(second.len == want.len && memcmp(second.buf,
		    want.buf, want.len) == 0, "got %.*s, want %.*s",
		    (int)second.len, second.buf, (int)want.len, want.buf);
		ck_assert_int_eq(second.depth, 0);
	}
	free(kept);
	jb_release(&want);
	jb_release(&first);
	jb_release(&second);
}

START_TEST(test_jbuf_members)
{
	same_members(0, 0);
	same_members(2, 0);
	same_members(2, 4);
}
END_TEST

/* Strings far longer than the buffer's first size, with bad bytes that
 * grow when made valid. */
START_TEST(test_jbuf_long)
{
	static const char	fill[] = "ab\xff\"\x01\xc3\xa9";
	char			*s;
	size_t			 n = 20000, i;

	s = malloc(n + 1);
	for (i = 0; i < n; i++)
		s[i] = fill[i % (sizeof(fill) - 1)];
	s[n] = '\0';
	same_str(s);
	memset(s, 0xff, n);
	same_str(s);
	memset(s, 'x', n);
	same_str(s);
	free(s);
}
END_TEST

/* A buffer reused for many records must not keep anything of the last. */
START_TEST(test_jbuf_reuse)
{
	struct jbuf	jb;
	int		i;

	jb_init(&jb, 0);
	for (i = 0; i < 3; i++) {
		jb_reset(&jb, 0);
		jb_obj(&jb, NULL);
		jb_int(&jb, "i", i);
		jb_end(&jb, '}');
	}
	ck_assert_int_eq((int)jb.len, 7);
	ck_assert(memcmp(jb.buf, "{\"i\":2}", 7) == 0);
	jb_release(&jb);
}
END_TEST

Suite *
jbuf_suite(void)
{
	Suite	*s = suite_create("jbuf");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_jbuf_every_byte);
	tcase_add_test(tc, test_jbuf_line_separators);
	tcase_add_test(tc, test_jbuf_lengths);
	tcase_add_test(tc, test_jbuf_utf8);
	tcase_add_test(tc, test_jbuf_random);
	tcase_add_test(tc, test_jbuf_layout);
	tcase_add_test(tc, test_jbuf_reuse);
	tcase_add_test(tc, test_jbuf_members);
	tcase_add_test(tc, test_jbuf_long);
	tcase_add_test(tc, test_jbuf_classes_everywhere);
	tcase_add_test(tc, test_jbuf_plain);
	tcase_add_test(tc, test_jbuf_keys);
	suite_add_tcase(s, tc);
	return s;
}
