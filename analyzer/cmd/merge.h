/*
 * merge.h - the arithmetic of `smtplog merge`: summary records of separate
 * scans added up into the one summary a single scan of all their inputs
 * would give.  Reading partials, dropping repeats and writing the result
 * is merge_cmd.c's job.
 *
 * The merged state owns every string it keeps (input names, causes ...),
 * so that a record can be freed as soon as it is added: memory is the
 * merged summary's, whatever the number of partials.
 */
#ifndef MERGE_H
#define MERGE_H

#include <jansson.h>

#include "core/finding.h"

/* The schema versions of the summary records merge reads. */
#define MERGE_SCHEMA_MIN	1
#define MERGE_SCHEMA_MAX	2

struct merge;

/* merge_new - an empty merged summary; free with merge_free (NULL: no-op). */
struct merge	*merge_new(void);
void		 merge_free(struct merge *);

/*
 * merge_add - add one summary record (borrowed for the call).  Returns
 * NULL, or what is wrong with it (a static string).  A bad record may
 * have been added in part: the merged summary is then not to be written.
 */
const char	*merge_add(struct merge *, const json_t *rec);

/*
 * merge_summary - the merged summary, its inputs in the order added;
 * borrowed until the next merge_add or merge_free.  merge_version - the
 * smtplog version named by the last record that had one, or NULL.
 */
const struct summary *merge_summary(struct merge *);
const char	*merge_version(const struct merge *);

/* merge_parts - the records added. */
unsigned long	 merge_parts(const struct merge *);

#endif /* MERGE_H */
