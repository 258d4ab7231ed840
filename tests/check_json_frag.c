/*
 * check_json_frag.c - the fragment cache: what is put comes back for its key
 * only, and the bounds refuse more keys or bytes instead of growing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/json_frag.h"

START_TEST(test_json_frag_get_put)
{
	static int	 keys[JSON_FRAG_MAX + 8];
	struct json_frag	*c = json_frag_new();
	const char	*got;
	char		 want[32];
	size_t		 len, i;

	ck_assert_ptr_null(json_frag_get(c, &keys[0], &len));
	/* Neighbouring addresses, as the rules of one file are. */
	for (i = 0; i < JSON_FRAG_MAX; i++) {
		snprintf(want, sizeof(want), ",\"k\":%zu", i);
		ck_assert_int_eq(json_frag_put(c, &keys[i], want, strlen(want)), 0);
	}
	ck_assert_int_eq(json_frag_put(c, &keys[JSON_FRAG_MAX], "x", 1), -1);
	for (i = 0; i < JSON_FRAG_MAX; i++) {
		snprintf(want, sizeof(want), ",\"k\":%zu", i);
		got = json_frag_get(c, &keys[i], &len);
		ck_assert_msg(got != NULL && len == strlen(want) &&
		    memcmp(got, want, len) == 0, "key %zu: got %.*s, want %s",
		    i, got != NULL ? (int)len : 4, got != NULL ? got : "NULL",
		    want);
	}
	ck_assert_ptr_null(json_frag_get(c, &keys[JSON_FRAG_MAX], &len));
	json_frag_free(c);
	json_frag_free(NULL);
}
END_TEST

START_TEST(test_json_frag_byte_bound)
{
	static int	 keys[3];
	struct json_frag	*c = json_frag_new();
	char		*big = calloc(JSON_FRAG_MAXBYTES, 1);
	size_t		 len = 0;

	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(json_frag_put(c, &keys[0], big, JSON_FRAG_MAXBYTES - 1), 0);
	ck_assert_int_eq(json_frag_put(c, &keys[1], big, 2), -1);
	ck_assert_ptr_null(json_frag_get(c, &keys[1], &len));
	ck_assert_int_eq(json_frag_put(c, &keys[2], "", 0), 0);
	ck_assert_ptr_nonnull(json_frag_get(c, &keys[2], &len));
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_nonnull(json_frag_get(c, &keys[0], &len));
	ck_assert_uint_eq(len, JSON_FRAG_MAXBYTES - 1);
	free(big);
	json_frag_free(c);
}
END_TEST

Suite *
json_frag_suite(void)
{
	Suite	*s = suite_create("json_frag");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_json_frag_get_put);
	tcase_add_test(tc, test_json_frag_byte_bound);
	suite_add_tcase(s, tc);
	return s;
}
