/*
 * stream.c - the binding of a name to an open descriptor (stream.h); the
 * reading is input.c's, the program behind it its binder's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "stream.h"

/* fd is -1 once an input took it. */
static struct {
	char		*name;
	int		 fd;
	stream_done_fn	 done;
	void		*arg;
} bound = { NULL, -1, NULL, NULL };

void
stream_bind(const char *name, int fd, stream_done_fn done, void *arg)
{
	stream_unbind();
	bound.name = xstrdup(name);
	bound.fd = fd;
	bound.done = done;
	bound.arg = arg;
}

void
stream_unbind(void)
{
	if (bound.fd != -1)
		close(bound.fd);
	free(bound.name);
	bound.name = NULL;
	bound.fd = -1;
	bound.done = NULL;
	bound.arg = NULL;
}

int
stream_is(const char *path)
{
	return strcmp(path, "-") == 0 ||
	    (bound.name != NULL && strcmp(path, bound.name) == 0);
}

int
stream_take(const char *path, int *fd, stream_done_fn *done, void **arg)
{
	if (bound.name == NULL || strcmp(path, bound.name) != 0)
		return 0;
	if (bound.fd == -1) {
		errno = EBADF;
		return -1;
	}
	*fd = bound.fd;
	*done = bound.done;
	*arg = bound.arg;
	bound.fd = -1;
	return 1;
}
