/*
 * merge_cmd.h - reading the partials of `smtplog merge`: summary records
 * streamed from files or standard input one at a time into the merged
 * summary (merge.h), a partial whose inputs were all merged already (a
 * retried task) skipped with a warning, and the inputs checked against
 * what was expected (--expect, --manifest).  cli_merge (cli.h) writes the
 * result.
 *
 * Every problem is printed with its place ("part.nd:3: ...") and makes
 * the functions return -1; the merged summary must then not be written.
 */
#ifndef MERGE_CMD_H
#define MERGE_CMD_H

#include "merge.h"

struct merge_cmd_opts {
	int		 allow_empty;	/* an empty partial is no error */
	long		 expect;	/* inputs expected; -1: not checked */
	const char	*manifest;	/* file naming the expected inputs */
};

struct merge_cmd;

/* merge_cmd_new - opts is copied; free with merge_cmd_free (NULL: no-op). */
struct merge_cmd *merge_cmd_new(const struct merge_cmd_opts *);
void		 merge_cmd_free(struct merge_cmd *);

/*
 * merge_cmd_read - every summary record of path ("-": standard input):
 * NDJSON lines of type "summary" (other records are passed over), or one
 * --output json document holding "summary" (a file only).  0, or -1.
 */
int		 merge_cmd_read(struct merge_cmd *, const char *path);

/* merge_cmd_check - after the last read: the inputs against --expect and
 * --manifest.  0, or -1. */
int		 merge_cmd_check(struct merge_cmd *);

/* merge_cmd_result - the merged state (borrowed until merge_cmd_free);
 * merge_cmd_repeats - the partials skipped as repeats. */
struct merge	*merge_cmd_result(struct merge_cmd *);
unsigned long	 merge_cmd_repeats(const struct merge_cmd *);

#endif /* MERGE_CMD_H */
