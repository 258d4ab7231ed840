/*
 * replay.c - a main for a libFuzzer harness without libFuzzer: each
 * argument, a file or a directory of files (in name order), is read and
 * handed to LLVMFuzzerTestOneInput once.  `make check` builds every
 * harness with it and the normal compiler and replays the kept corpus
 * and the regression inputs (under `make asan`, with the sanitizers), so
 * that what the fuzzers found stays found without clang.  A harness
 * aborts on a failed check: the exit status says so.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* one - run the harness on the bytes of path; -1 when it cannot be read. */
static int
one(const char *path)
{
	FILE	*fp;
	uint8_t	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				fclose(fp);
				return -1;
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* A copy of exactly len bytes: reading past it is caught. */
	if (len > 0 && (buf = realloc(buf, len)) == NULL)
		return -1;
	(void)LLVMFuzzerTestOneInput(len > 0 ? buf : (const uint8_t *)"", len);
	free(buf);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir - every regular file of path, in name order; how many, or -1. */
static long
dir(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		**names = NULL, *p;
	size_t		 n = 0, cap = 0, i;
	long		 done = 0;

	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				return -1;
		}
		if ((p = malloc(strlen(path) + strlen(de->d_name) + 2)) == NULL)
			return -1;
		sprintf(p, "%s/%s", path, de->d_name);
		names[n++] = p;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (done >= 0 && stat(names[i], &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			done = one(names[i]) == 0 ? done + 1 : -1;
		free(names[i]);
	}
	free(names);
	return done;
}

int
main(int argc, char **argv)
{
	struct stat	sb;
	long		n, total = 0;
	int		i;

	if (LLVMFuzzerInitialize != NULL)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 1;
		}
		n = S_ISDIR(sb.st_mode) ? dir(argv[i]) : one(argv[i]) == 0 ?
		    1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%ld inputs\n", total);
	return 0;
}
