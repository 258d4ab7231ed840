/*
 * stream.h - named streams: a name that stands for an open descriptor, the
 * read end of a pipe from another program (journalctl: cmd_journal.c), as
 * "-" stands for standard input.  input_open (input.h) reads the bound
 * descriptor under that name, and at the end of its bytes asks the binder
 * how the program ended.  One binding at a time; set it up before the
 * inputs are opened, on the thread that opens them.
 */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>

/*
 * stream_done_fn - called once at the end of a bound stream's bytes: 0
 * when its program ended well, or -1 with a message written to msg (size
 * bytes), which makes that end a read error of the input.
 */
typedef int	(*stream_done_fn)(void *arg, char *msg, size_t size);

/* stream_bind - name (copied) stands for fd, which the binding owns until
 * an input takes it; done and arg as above.  Replaces any binding. */
void	stream_bind(const char *name, int fd, stream_done_fn done, void *arg);

/* stream_unbind - forget the binding, closing its fd when no input took
 * it; without one, nothing. */
void	stream_unbind(void);

/* stream_is - 1 when path is "-" or the bound name: an input read once, as
 * its writer gives it, never opened twice nor probed ahead. */
int	stream_is(const char *path);

/*
 * stream_take - when path is the bound name: its fd (now the caller's to
 * close), *done and *arg, and 1; -1 with errno EBADF when it was taken
 * before (a stream is read once); 0 for any other path.
 */
int	stream_take(const char *path, int *fd, stream_done_fn *done,
	    void **arg);

#endif /* STREAM_H */
