/*
 * check_finding.c - an owned copy of a finding: every string field of
 * FINDING_STRINGS copied (the constant one shared), and the size the
 * memory budget is charged counting each of them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"

START_TEST(test_finding_dup_every_string)
{
	struct finding	 f, *c;
	char		 buf[32][24];
	size_t		 n = 0, want = sizeof(f), size;

	memset(&f, 0, sizeof(f));
#define SET_OWNED(name) \
	ck_assert_uint_lt(n, 32); \
	snprintf(buf[n], sizeof(buf[n]), "%s", #name); \
	f.name = buf[n++]; \
	want += strlen(#name) + 1;
#define SET_CONSTANT(name)	f.name = "constant";
	FINDING_STRINGS(SET_OWNED, SET_CONSTANT)
	c = finding_dup(&f);
#define CHECK_OWNED(name) \
	ck_assert_msg(c->name != f.name && strcmp(c->name, #name) == 0, \
	    "%s: got %s at %p, want a copy of %s", #name, c->name, \
	    (const void *)c->name, f.name);
#define CHECK_CONSTANT(name)	ck_assert_ptr_eq(c->name, f.name);
	FINDING_STRINGS(CHECK_OWNED, CHECK_CONSTANT)
	ck_assert_uint_eq(finding_size(c), want);
	ck_assert_uint_eq(finding_size(&f), want);
	free(c);
	/* The size the copy reports is the one finding_size counts. */
	c = finding_dup_sized(&f, &size);
	ck_assert_uint_eq(size, want);
	ck_assert_uint_eq(finding_size(c), want);
	free(c);
}
END_TEST

Suite *
finding_suite(void)
{
	Suite	*s = suite_create("finding");
	TCase	*tc = tcase_create("copy");

	tcase_add_test(tc, test_finding_dup_every_string);
	suite_add_tcase(s, tc);
	return s;
}
