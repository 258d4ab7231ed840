/*
 * check_jfrag.c - the fragment cache: what is put comes back for its key
 * only, and the bounds refuse more keys or bytes instead of growing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jfrag.h"

START_TEST(test_jfrag_get_put)
{
	static int	 keys[JFRAG_MAX + 8];
	struct jfrag	*c = jfrag_new();
	const char	*got;
	char		 want[32];
	size_t		 len, i;

	ck_assert_ptr_null(jfrag_get(c, &keys[0], &len));
	/* Neighbouring addresses, as the rules of one file are. */
	for (i = 0; i < JFRAG_MAX; i++) {
		snprintf(want, sizeof(want), ",\"k\":%zu", i);
		ck_assert_int_eq(jfrag_put(c, &keys[i], want, strlen(want)), 0);
	}
	ck_assert_int_eq(jfrag_put(c, &keys[JFRAG_MAX], "x", 1), -1);
	for (i = 0; i < JFRAG_MAX; i++) {
		snprintf(want, sizeof(want), ",\"k\":%zu", i);
		got = jfrag_get(c, &keys[i], &len);
		ck_assert_msg(got != NULL && len == strlen(want) &&
		    memcmp(got, want, len) == 0, "key %zu: got %.*s, want %s",
		    i, got != NULL ? (int)len : 4, got != NULL ? got : "NULL",
		    want);
	}
	ck_assert_ptr_null(jfrag_get(c, &keys[JFRAG_MAX], &len));
	jfrag_free(c);
	jfrag_free(NULL);
}
END_TEST

START_TEST(test_jfrag_byte_bound)
{
	static int	 keys[3];
	struct jfrag	*c = jfrag_new();
	char		*big = calloc(JFRAG_MAXBYTES, 1);
	size_t		 len = 0;

	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(jfrag_put(c, &keys[0], big, JFRAG_MAXBYTES - 1), 0);
	ck_assert_int_eq(jfrag_put(c, &keys[1], big, 2), -1);
	ck_assert_ptr_null(jfrag_get(c, &keys[1], &len));
	ck_assert_int_eq(jfrag_put(c, &keys[2], "", 0), 0);
	ck_assert_ptr_nonnull(jfrag_get(c, &keys[2], &len));
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_nonnull(jfrag_get(c, &keys[0], &len));
	ck_assert_uint_eq(len, JFRAG_MAXBYTES - 1);
	free(big);
	jfrag_free(c);
}
END_TEST

Suite *
jfrag_suite(void)
{
	Suite	*s = suite_create("jfrag");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_jfrag_get_put);
	tcase_add_test(tc, test_jfrag_byte_bound);
	suite_add_tcase(s, tc);
	return s;
}
