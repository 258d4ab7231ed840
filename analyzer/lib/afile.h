/*
 * afile.h - replace a file atomically: write a temporary file beside it,
 * then rename it over the file, so that a reader (node_exporter's textfile
 * collector, a restarted follower) sees the old content or the new one,
 * never a part.
 */
#ifndef AFILE_H
#define AFILE_H

#include <stdio.h>
#include <sys/types.h>

/*
 * afile_open - a new temporary file beside path, named path.XXXXXX (so a
 * reader that takes *.prom files does not take it), open for writing.
 * *tmp gets its name (owned: afile_commit or afile_abort frees it).  NULL
 * on failure, errno kept.
 */
FILE	*afile_open(const char *path, char **tmp);

/*
 * afile_commit - flush and close fp, give it mode, fsync it when sync, and
 * rename it over path.  0, or -1 with errno kept and the temporary file
 * removed.  Frees tmp.
 */
int	 afile_commit(FILE *fp, char *tmp, const char *path, mode_t mode,
	    int sync);

/* afile_abort - close fp and remove the temporary file; frees tmp. */
void	 afile_abort(FILE *fp, char *tmp);

#endif /* AFILE_H */
