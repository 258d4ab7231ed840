/*
 * check_builder.c - the parts the session builder is made of for speed:
 * made hash keys, record pools, kept strings, the rule answer cache, and
 * the builder's behaviour where they meet the bounds (long ids, the
 * per-session limit of counted commands).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "lib/shortstr.h"
#include "lib/pool.h"
#include "core/rule_cache.h"
#include "rule.h"
#include "core/session.h"
#include "sess_fixture.h"

/* Keys of every length up to well past the pooled entries' room. */
START_TEST(test_builder_htab_keys)
{
	struct htab	*h = htab_new();
	struct htab_key	 k;
	char		 key[301];
	const char	*copy[301];
	int		 vals[301];
	size_t		 n;

	for (n = 0; n <= 300; n++) {
		memset(key, 'a' + (int)(n % 26), n);
		key[n] = '\0';
		vals[n] = (int)n;
		htab_key_make(&k, key);
		ck_assert_uint_eq(k.len, n);
		ck_assert_ptr_null(htab_kget(h, &k));
		copy[n] = htab_kput(h, &k, &vals[n]);
		ck_assert_ptr_ne(copy[n], key);
		ck_assert_str_eq(copy[n], key);
	}
	ck_assert_uint_eq(htab_count(h), 301);
	for (n = 0; n <= 300; n++) {
		memset(key, 'a' + (int)(n % 26), n);
		key[n] = '\0';
		ck_assert_ptr_eq(htab_get(h, key), &vals[n]);
	}
	/* A key made from the table's own copy deletes its entry. */
	for (n = 0; n <= 300; n += 2) {
		htab_key_make(&k, copy[n]);
		ck_assert_ptr_eq(htab_kdel(h, &k), &vals[n]);
	}
	ck_assert_uint_eq(htab_count(h), 150);
	for (n = 0; n <= 300; n++) {
		memset(key, 'a' + (int)(n % 26), n);
		key[n] = '\0';
		if (n % 2 == 0)
			ck_assert_ptr_null(htab_get(h, key));
		else
			ck_assert_ptr_eq(htab_get(h, key), &vals[n]);
	}
	/* Same length, same hash bucket or not: only equal bytes match. */
	htab_put(h, "mx1/postfix/smtpd[1]", &vals[1]);
	ck_assert_ptr_null(htab_get(h, "mx1/postfix/smtpd[2]"));
	ck_assert_uint_eq(htab_hashn("abcdefghij", 10),
	    htab_hashn("abcdefghijXYZ", 10));
	ck_assert_uint_ne(htab_hashn("abcdefghij", 10),
	    htab_hashn("abcdefghiJ", 10));
	htab_free(h, NULL);
}
END_TEST

/* keyed - key of len bytes: 'x' but for n in 4 base-36 digits at off. */
static void
keyed(char *key, size_t len, size_t off, unsigned long n)
{
	size_t	i;

	memset(key, 'x', len);
	key[len] = '\0';
	for (i = off + 4; i > off; i--, n /= 36)
		key[i - 1] = "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36];
}

struct hashed {
	uint32_t	hash;
	unsigned long	n;
};

static int
hashed_cmp(const void *a, const void *b)
{
	const struct hashed	*x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/*
 * Keys of equal length and equal hash (found among 300000 made ones: a
 * 32-bit hash has a few such pairs there) are told apart by their bytes:
 * keys shorter than a word, of one word, and of several with a partial
 * last one, differing only in their first, a middle or the last bytes.
 */
START_TEST(test_builder_htab_collisions)
{
	static const size_t	 at[][2] = {	/* length, where they differ */
		{ 5, 0 }, { 5, 1 }, { 7, 3 }, { 8, 0 }, { 8, 4 }, { 9, 0 },
		{ 9, 5 }, { 20, 0 }, { 20, 8 }, { 20, 16 }, { 23, 10 },
		{ 23, 19 } };
	struct hashed		*v;
	struct htab		*h;
	char			 a[32], b[32];
	int			 va, vb;
	size_t			 i, j, n = 300000, len, off, pairs;

	v = calloc(n, sizeof(*v));
	ck_assert_ptr_nonnull(v);
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		len = at[i][0];
		off = at[i][1];
		for (j = 0; j < n; j++) {
			keyed(a, len, off, j);
			v[j].hash = htab_hashn(a, len);
			v[j].n = j;
		}
		qsort(v, n, sizeof(*v), hashed_cmp);
		for (pairs = 0, j = 1; j < n; j++) {
			if (v[j].hash != v[j - 1].hash)
				continue;
			pairs++;
			keyed(a, len, off, v[j - 1].n);
			keyed(b, len, off, v[j].n);
			h = htab_new();
			htab_put(h, a, &va);
			ck_assert_ptr_null(htab_get(h, b));
			htab_put(h, b, &vb);
			ck_assert_ptr_eq(htab_get(h, a), &va);
			ck_assert_ptr_eq(htab_get(h, b), &vb);
			ck_assert_ptr_eq(htab_del(h, a), &va);
			ck_assert_ptr_null(htab_get(h, a));
			ck_assert_ptr_eq(htab_get(h, b), &vb);
			htab_free(h, NULL);
		}
		ck_assert_msg(pairs > 0, "got no keys of length %zu differing "
		    "at %zu that share a hash, want some to test", len, off);
	}
	free(v);
}
END_TEST

START_TEST(test_builder_pool)
{
	struct pool	*p = pool_new(64, 2);
	void		*a, *b, *c, *d;

	ck_assert_uint_eq(pool_size(p), 64);
	a = pool_get(p);
	b = pool_get(p);
	c = pool_get(p);
	memset(a, 1, 64);
	memset(b, 2, 64);
	memset(c, 3, 64);
	pool_put(p, a);
	pool_put(p, b);
	pool_put(p, c);		/* beyond max_spare: freed */
	pool_put(p, NULL);
	/* The spares come back, most recent first. */
	d = pool_get(p);
	ck_assert_ptr_eq(d, b);
	d = pool_get(p);
	ck_assert_ptr_eq(d, a);
	pool_put(p, a);
	pool_put(p, b);
	pool_free(p);
	pool_free(NULL);
}
END_TEST

START_TEST(test_builder_shortstr)
{
	struct shortstr	k;
	char		big[200];

	shortstr_init(&k);
	ck_assert_ptr_null(k.p);
	shortstr_set(&k, "192.0.2.1");
	ck_assert_str_eq(k.p, "192.0.2.1");
	ck_assert_ptr_eq(k.p, k.buf);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	shortstr_set(&k, big);
	ck_assert_str_eq(k.p, big);
	ck_assert_ptr_ne(k.p, k.buf);
	shortstr_set(&k, "");
	ck_assert_str_eq(k.p, "");
	big[SHORTSTR_ROOM - 1] = '\0';	/* exactly fills the room */
	shortstr_set(&k, big);
	ck_assert_ptr_eq(k.p, k.buf);
	ck_assert_uint_eq(strlen(k.p), SHORTSTR_ROOM - 1);
	shortstr_clear(&k);
	ck_assert_ptr_null(k.p);
	shortstr_clear(&k);
}
END_TEST

/* The cache answers as rule_match does, twice over, for queries that
 * differ in one field only (NULL and "" apart). */
START_TEST(test_builder_rule_cache)
{
	struct ruleset		*rs = rule_new();
	struct rule_err		 err;
	int			 nerr;
	size_t			 i, n;
	struct rule_cache		*c;
	struct rule_query	 q[12];
	const struct rule_info	*want[12];
	int			 pass;

	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	memset(q, 0, sizeof(q));
	for (i = 0; i < 12; i++) {
		q[i].code = 554;
		q[i].enhanced = "5.7.1";
		q[i].text = "Service unavailable; Client host [192.0.2.1] "
		    "blocked using zen.spamhaus.org";
		q[i].command = "RCPT";
		q[i].dir = EV_DIR_IN;
		q[i].code_src = EV_CODE_LOGGED;
	}
	q[1].command = "DATA";
	q[2].command = NULL;
	q[3].enhanced = NULL;
	q[4].enhanced = "";
	q[5].text = NULL;
	q[6].text = "";
	q[7].code = 550;
	q[8].dir = EV_DIR_OUT;
	q[9].code_src = EV_CODE_INFERRED;
	q[10].text = "<alice0@example.org>: Relay access denied";
	q[11].code = 503;
	q[11].enhanced = "5.5.1";
	q[11].text = "Error: need RCPT command";
	q[11].command = "DATA";
	n = 12;
	for (i = 0; i < n; i++)
		want[i] = rule_match(rs, &q[i]);
	/* The text alone decides between these two. */
	ck_assert_ptr_nonnull(want[0]);
	ck_assert_ptr_nonnull(want[10]);
	ck_assert_ptr_ne(want[10], want[0]);
	ck_assert_ptr_ne(want[11], want[0]);
	c = rule_cache_new(rs);
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < n; i++)
			ck_assert_msg(rule_cache_match(c, &q[i]) == want[i],
			    "pass %d query %zu", pass, i);
	rule_cache_free(c);
	c = rule_cache_new(NULL);
	ck_assert_ptr_null(rule_cache_match(c, &q[0]));
	rule_cache_free(c);
	rule_cache_free(NULL);
	rule_free(rs);
}
END_TEST

/* Session ids past the record's room, and past the 1023-byte cut. */
START_TEST(test_builder_long_ids)
{
	static const size_t	 klen[] = { 10, 300, 1100 };
	struct sess_table	*t;
	struct smtp_event	 e;
	char			*key, want[1200];
	size_t			 i;

	for (i = 0; i < sizeof(klen) / sizeof(klen[0]); i++) {
		t = table(0);
		key = malloc(klen[i] + 1);
		memset(key, 'k', klen[i]);
		key[klen[i]] = '\0';
		feed(t, EV_CONNECT, key, 7);
		e = reply(EV_REJECT, key, 12345, 554, "RCPT");
		sess_feed(t, &e);
		sess_finish(t);
		ck_assert_int_eq(ngot, 1);
		snprintf(want, 1024, "%s@t.log:7", key);
		ck_assert_str_eq(got[0]->session_id, want);
		sess_free(t);
		free(key);
		reset();
	}
}
END_TEST

/*
 * A session counts its failures under at most 16 command names: a 17th
 * name is not counted, so its disconnect counter is inferred; a counted
 * one is not.
 */
START_TEST(test_builder_fail_slots)
{
	static const char *const cmds[] = {
		"HELO", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA",
		"BDAT", "RSET", "NOOP", "VRFY", "EXPN", "ETRN", "QUIT",
		"XCLIENT", "XFORWARD", "HELP"
	};
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	struct ev_counter	 c[2];
	size_t			 i;

	feed(t, EV_CONNECT, "k", 1);
	for (i = 0; i < 17; i++) {
		e = reply(EV_REJECT, "k", 2 + i, 500, cmds[i]);
		sess_feed(t, &e);
	}
	e = ev(EV_DISCONNECT, "k", 30);
	counter(&c[0], "helo", 0, 1, 502);
	counter(&c[1], "help", 0, 1, 502);
	e.counters = c;
	e.ncounters = 2;
	sess_feed(t, &e);
	ck_assert_int_eq(ngot, 18);
	ck_assert_int_eq(got[17]->code, 502);
	ck_assert_int_eq(got[17]->code_src, EV_CODE_INFERRED);
	ck_assert_str_eq(got[17]->command, "HELP");
	sess_free(t);
	reset();

	/* A command in mixed case counts under its name all the same. */
	t = table(0);
	feed(t, EV_CONNECT, "k", 1);
	e = reply(EV_REJECT, "k", 2, 554, "rCpT");
	sess_feed(t, &e);
	e = ev(EV_DISCONNECT, "k", 3);
	counter(&c[0], "rcpt", 0, 1, 554);
	e.counters = c;
	e.ncounters = 1;
	sess_feed(t, &e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got[0]->code_src, EV_CODE_LOGGED);
	sess_free(t);
	reset();
}
END_TEST

/*
 * A message linked again to a session that knows less keeps what the
 * earlier link knew, whether the link strings fit in the message record
 * or not; a reject of the message after its session ended shows them.
 */
START_TEST(test_builder_relink)
{
	static const size_t	 hlen[] = { 5, 300 };
	struct sess_table	*t;
	struct smtp_event	 e;
	char			 helo[301];
	size_t			 i;

	for (i = 0; i < 2; i++) {
		t = table(0);
		memset(helo, 'h', hlen[i]);
		helo[hlen[i]] = '\0';
		e = ev(EV_CONNECT, "s1", 1);
		e.client_name = "a.example";
		sess_feed(t, &e);
		e = ev(EV_HELO, "s1", 2);
		e.arg = helo;
		sess_feed(t, &e);
		e = ev(EV_MSG_QUEUED, "s1", 3);
		e.message_key = "m1";
		e.queue_id = "Q1";
		sess_feed(t, &e);
		e = ev(EV_CONNECT, "s2-longer-key", 4);
		e.client_ip = NULL;
		sess_feed(t, &e);
		e = ev(EV_MSG_QUEUED, "s2-longer-key", 5);
		e.client_ip = NULL;
		e.message_key = "m1";
		sess_feed(t, &e);
		e = ev(EV_DISCONNECT, "s2-longer-key", 6);
		e.client_ip = NULL;
		sess_feed(t, &e);
		e = reply(EV_REJECT, NULL, 7, 554, "END-OF-MESSAGE");
		e.client_ip = NULL;
		e.message_key = "m1";
		sess_feed(t, &e);
		ck_assert_int_eq(ngot, 1);
		ck_assert_str_eq(got[0]->session_id, "s2-longer-key@t.log:4");
		ck_assert_str_eq(got[0]->client_name, "a.example");
		ck_assert_str_eq(got[0]->client_ip, "192.0.2.1");
		ck_assert_str_eq(got[0]->helo, helo);
		ck_assert_str_eq(got[0]->queue_id, "Q1");
		sess_free(t);
		reset();
	}
}
END_TEST

/* Ids name the input of each session's first event, as inputs alternate
 * (a merge), and "-" when the event has none. */
START_TEST(test_builder_id_files)
{
	static const char *const files[] = { "a.log", "b.log", "a.log", NULL };
	static const char *const want[] = {
		"k0@a.log:10", "k1@b.log:11", "k2@a.log:12", "k3@-:13"
	};
	struct sess_table	*t = table(0);
	struct smtp_event	 e;
	char			 key[16], copy[8];
	int			 i;

	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		/* The event's strings are borrowed: give each a new copy. */
		strcpy(copy, files[i] != NULL ? files[i] : "");
		e = ev(EV_CONNECT, key, 10 + (unsigned long)i);
		e.file = files[i] != NULL ? copy : NULL;
		sess_feed(t, &e);
		strcpy(copy, "zzzzz");
	}
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		e = reply(EV_REJECT, key, 20 + (unsigned long)i, 554, "RCPT");
		sess_feed(t, &e);
	}
	sess_finish(t);
	ck_assert_int_eq(ngot, 4);
	/* Emitted most recent session first. */
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(got[3 - i]->session_id, want[i]);
	sess_free(t);
	reset();
}
END_TEST

Suite *
builder_suite(void)
{
	Suite	*s = suite_create("builder");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_builder_htab_keys);
	tcase_add_test(tc, test_builder_htab_collisions);
	tcase_add_test(tc, test_builder_pool);
	tcase_add_test(tc, test_builder_shortstr);
	tcase_add_test(tc, test_builder_rule_cache);
	tcase_add_test(tc, test_builder_long_ids);
	tcase_add_test(tc, test_builder_fail_slots);
	tcase_add_test(tc, test_builder_relink);
	tcase_add_test(tc, test_builder_id_files);
	suite_add_tcase(s, tc);
	return s;
}
