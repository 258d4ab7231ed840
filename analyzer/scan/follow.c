/*
 * follow.c - read a growing log file as lines across rotation and
 * truncation, polling (no inotify: the same on every file system, NFS
 * included).  What the lines mean is the scan stream's business; when to
 * stop is the caller's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "lib/xmalloc.h"

#define BLKSZ		(64 * 1024)
#define DEF_MAXLINE	(64 * 1024)
#define MAX_MAXLINE	(1024 * 1024)

struct follow {
	char		*path;
	size_t		 maxline;
	int		 from_start;
	int		 opened_once;	/* the first open was tried */
	void		(*notice)(void *, const char *);
	void		*arg;

	int		 fd;		/* -1: not open */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 off;		/* read offset in the open file */
	int		 draining;	/* rotated: read the old file out */
	int		 said_missing;	/* "waiting for" or "gone" said */

	/* buf[start, end) is unread; the search for "\n" resumes at scan;
	 * skipping: the rest of a cut line is being dropped. */
	char		*buf;
	size_t		 cap, start, end, scan;
	int		 skipping;

	struct follow_stats st;
	char		 err[512];
};

static void
say(struct follow *f, const char *fmt, const char *what)
{
	char	msg[1024];

	if (f->notice == NULL)
		return;
	snprintf(msg, sizeof(msg), fmt, f->path, what);
	f->notice(f->arg, msg);
}

struct follow *
follow_new(const char *path, size_t maxline, int from_start,
    void (*notice)(void *, const char *), void *arg)
{
	struct follow	*f = xcalloc(1, sizeof(*f));

	if (maxline == 0)
		maxline = DEF_MAXLINE;
	if (maxline > MAX_MAXLINE)
		maxline = MAX_MAXLINE;
	f->path = xstrdup(path);
	f->maxline = maxline;
	f->from_start = from_start;
	f->notice = notice;
	f->arg = arg;
	f->fd = -1;
	/* A cut line of maxline + 1 bytes, a block, and the NUL after a
	 * last line without newline. */
	f->cap = maxline + 2 + BLKSZ;
	f->buf = xmalloc(f->cap + 1);
	return f;
}

/*
 * emit - hand out buf[start] as a line of len bytes (cut to the bound,
 * NUL bytes made spaces) and continue at buf[next].
 */
static int
emit(struct follow *f, size_t len, size_t next, const char **line,
    size_t *lenp)
{
	char	*s = f->buf + f->start, *p, *e;

	if (len > f->maxline) {
		len = f->maxline;
		f->st.truncated++;
	}
	e = s + len;
	if ((p = memchr(s, '\0', len)) != NULL) {
		for (; p != NULL; p = memchr(p + 1, '\0', e - p - 1))
			*p = ' ';
		f->st.nul_lines++;
	}
	*e = '\0';
	f->start = f->scan = next;
	f->st.lines++;
	*line = s;
	*lenp = len;
	return 1;
}

/* take - a whole line from the buffer (or the cut head of a long one). */
static int
take(struct follow *f, const char **line, size_t *len)
{
	char	*p;
	size_t	 n, e;

	if (f->skipping) {
		p = memchr(f->buf + f->scan, '\n', f->end - f->scan);
		if (p == NULL) {
			f->start = f->scan = f->end;
			return 0;
		}
		f->skipping = 0;
		f->start = f->scan = p + 1 - f->buf;
	}
	p = memchr(f->buf + f->scan, '\n', f->end - f->scan);
	if (p != NULL) {
		e = p - f->buf;
		n = e - f->start;
		if (n > 0 && f->buf[e - 1] == '\r')
			n--;
		return emit(f, n, e + 1, line, len);
	}
	/* No newline: cut once more than maxline bytes are certain to be
	 * content (not a "\r" that a "\n" may follow), as input.c does. */
	n = f->end - f->start;
	if (n > f->maxline + 1 || (n == f->maxline + 1 &&
	    f->buf[f->end - 1] != '\r')) {
		f->skipping = 1;
		return emit(f, n, f->start + f->maxline + 1, line, len);
	}
	f->scan = f->end;
	return 0;
}

/* partial - a last line without its newline, as a line. */
static int
partial(struct follow *f, const char **line, size_t *len)
{
	size_t	n = f->end - f->start;

	if (f->skipping || n == 0) {
		f->start = f->scan = f->end = 0;
		f->skipping = 0;
		return 0;
	}
	if (f->buf[f->end - 1] == '\r')
		n--;
	return emit(f, n, f->end, line, len);
}

int
follow_rest(struct follow *f, const char **line, size_t *len)
{
	return take(f, line, len) || partial(f, line, len);
}

static void
close_file(struct follow *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->draining = 0;
	f->start = f->scan = f->end = 0;
	f->skipping = 0;
}

/*
 * open_path - 1 when the path is open, 0 when it does not exist (yet), -1
 * on another error.  Only the first open, when the file is there already
 * and not from_start, starts at its end (after its last newline).
 */
static int
open_path(struct follow *f)
{
	struct stat	sb;
	int		first = !f->opened_once;
	char		c;

	f->opened_once = 1;
	if ((f->fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		/* Missing: wait.  Unreadable after a rotation: wait too, a
		 * new file may get its owner and mode after its creation. */
		if (errno == ENOENT || (errno == EACCES && !first)) {
			if (!f->said_missing)
				say(f, "%s: waiting for the file to appear%s",
				    errno == ENOENT ? "" : " (or to become "
				    "readable)");
			f->said_missing = 1;
			return 0;
		}
		snprintf(f->err, sizeof(f->err), "%s", strerror(errno));
		return -1;
	}
	if (fstat(f->fd, &sb) != 0)
		snprintf(f->err, sizeof(f->err), "%s", strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		snprintf(f->err, sizeof(f->err), "not a regular file (pipe "
		    "a stream into 'smtplog scan -' instead)");
	if (f->err[0] != '\0') {
		close(f->fd);
		f->fd = -1;
		return -1;
	}
	if (f->said_missing)
		say(f, "%s: the file appeared; reading it from its start%s", "");
	f->said_missing = 0;
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->off = 0;
	if (first && !f->from_start && sb.st_size > 0) {
		f->off = lseek(f->fd, 0, SEEK_END);
		/* Mid-line: the head of that line was not read. */
		if (f->off > 0 && pread(f->fd, &c, 1, f->off - 1) == 1 &&
		    c != '\n')
			f->skipping = 1;
	}
	return 1;
}

/*
 * at_eof - the open file is read to its end: rotated (another file at the
 * path: 1 after the old one is read out), truncated (restart at 0: 1), or
 * nothing new (0).
 */
static int
at_eof(struct follow *f)
{
	struct stat	sb;

	if (stat(f->path, &sb) != 0) {
		if (!f->said_missing)
			say(f, "%s: gone (rotated?); still reading the old "
			    "file until a new one appears%s", "");
		f->said_missing = 1;
		return 0;
	}
	if (sb.st_dev != f->dev || sb.st_ino != f->ino) {
		/* Read the old file once more to its end: the writer may
		 * have added to it since the read that saw the end. */
		f->draining = 1;
		return 1;
	}
	if (fstat(f->fd, &sb) == 0 && sb.st_size < f->off) {
		say(f, "%s: truncated; reading it again from its start%s", "");
		f->st.truncations++;
		f->off = lseek(f->fd, 0, SEEK_SET);
		return 1;
	}
	return 0;
}

int
follow_next(struct follow *f, const char **line, size_t *len)
{
	ssize_t	n;
	int	r;

	for (;;) {
		if (take(f, line, len))
			return 1;
		if (f->fd < 0) {
			if ((r = open_path(f)) <= 0)
				return r;
			continue;
		}
		if (f->start > 0) {
			memmove(f->buf, f->buf + f->start, f->end - f->start);
			f->scan -= f->start;
			f->end -= f->start;
			f->start = 0;
		}
		n = read(f->fd, f->buf + f->end, f->cap - f->end);
		if (n > 0) {
			f->end += n;
			f->off += n;
			f->st.bytes += n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(f->err, sizeof(f->err), "read: %s",
			    strerror(errno));
			return -1;
		}
		if (f->draining) {
			/* The old file is done: its last line, if it had no
			 * newline, then the new file from its start. */
			if (partial(f, line, len))
				return 1;
			close_file(f);
			f->st.rotations++;
			f->said_missing = 0;
			say(f, "%s: rotated; reading the new file from its "
			    "start%s", "");
			continue;
		}
		if (at_eof(f) == 0)
			return 0;
		/* Truncated (not rotated, which drains first): what was held
		 * of the old content is a line. */
		if (!f->draining && partial(f, line, len))
			return 1;
	}
}

void
follow_wait(void)
{
	struct timespec	ts;

	ts.tv_sec = FOLLOW_POLL_MS / 1000;
	ts.tv_nsec = (FOLLOW_POLL_MS % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);	/* a signal ends it early */
}

const char *
follow_error(const struct follow *f)
{
	return f->err;
}

const struct follow_stats *
follow_stats(const struct follow *f)
{
	return &f->st;
}

void
follow_free(struct follow *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f->path);
	free(f->buf);
	free(f);
}
