/*
 * check_main.c - one Check runner for every suite; the list of suites is
 * generated from the tests/check_NAME.c file names (see Makefile).  Each
 * suite runs on its own and prints one line with its count, so a long run
 * shows its progress; failures are printed as Check writes them.
 * CK_RUN_SUITE=NAME narrows a run, CK_FORK=no helps gdb and valgrind.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

static const struct {
	const char	*name;
	Suite		*(*make)(void);
} suites[] = {
#define SUITE(name) { #name, name##_suite },
#include "suites.h"
#undef SUITE
};

int
main(void)
{
	const char	*only = getenv("CK_RUN_SUITE");
	SRunner		*sr;
	size_t		 i;
	int		 run, failed, total = 0, total_failed = 0;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (only != NULL && *only != '\0' &&
		    strcmp(only, suites[i].name) != 0)
			continue;
		sr = srunner_create(suites[i].make());
		srunner_run_all(sr, CK_SILENT);
		run = srunner_ntests_run(sr);
		failed = srunner_ntests_failed(sr);
		printf("unit %-12s %4d checks, %d failed\n", suites[i].name,
		    run, failed);
		fflush(stdout);
		if (failed > 0)
			srunner_print(sr, CK_NORMAL);
		total += run;
		total_failed += failed;
		srunner_free(sr);
	}
	printf("unit: %d checks, %d failed\n", total, total_failed);
	return total_failed == 0 && total > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
