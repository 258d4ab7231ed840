/*
 * afile.c - replace a file atomically (a temporary file beside it, then
 * rename).  What goes into the file is the caller's business.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "xmalloc.h"

FILE *
afile_open(const char *path, char **tmp)
{
	size_t	 n = strlen(path) + sizeof(".XXXXXX");
	FILE	*fp;
	int	 fd, e;

	*tmp = xmalloc(n);
	snprintf(*tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(*tmp)) < 0) {
		e = errno;
		free(*tmp);
		*tmp = NULL;
		errno = e;
		return NULL;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		errno = e;
	}
	return fp;
}

int
afile_commit(FILE *fp, char *tmp, const char *path, mode_t mode, int sync)
{
	int	bad, e;

	bad = fflush(fp) != 0 || ferror(fp) || fchmod(fileno(fp), mode) != 0 ||
	    (sync && fsync(fileno(fp)) != 0);
	e = errno;
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad && rename(tmp, path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad)
		unlink(tmp);
	free(tmp);
	errno = e;
	return bad ? -1 : 0;
}

void
afile_abort(FILE *fp, char *tmp)
{
	fclose(fp);
	unlink(tmp);
	free(tmp);
}
