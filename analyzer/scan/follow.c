/*
 * follow.c - read a growing log file as lines across rotation and
 * truncation, polling (no inotify: the same on every file system, NFS
 * included).  What the lines mean is the scan stream's business; when to
 * stop is the caller's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "stream.h"
#include "lib/xmalloc.h"

#define BLKSZ		(64 * 1024)
#define DEF_MAXLINE	(64 * 1024)
#define MAX_MAXLINE	(1024 * 1024)
#define TAIL		64	/* bytes kept from before the read offset */

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
	int		 resuming;	/* pos applies to the first open */
	struct follow_pos pos;

	/*
	 * The last bytes before off as they were read, and whether the last
	 * read found the end: before reading on, they are read again, and a
	 * difference is a file emptied and written again past off between
	 * two polls (copytruncate), which its size does not show.
	 */
	char		 tail[TAIL];
	size_t		 tlen;
	int		 idle;

	/* buf[start, end) is unread; the search for "\n" resumes at scan;
	 * skipping: the rest of a cut line is being dropped. */
	char		*buf;
	size_t		 cap, start, end, scan;
	int		 skipping;

	/* A named stream (stream.h: journalctl -f) instead of a file: read
	 * as it comes, never reopened; its end is the end of following. */
	int		 stream;
	stream_done_fn	 done;
	void		*done_arg;

	struct follow_stats st;
	char		 err[512];
};

/* say - a notice about the followed file, printf-style. */
static void	say(struct follow *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
say(struct follow *f, const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;

	if (f->notice == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
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
	f->tlen = 0;
	f->idle = 0;
	f->start = f->scan = f->end = 0;
	f->skipping = 0;
}

/* head_sum - FNV-1a 64 of the first hlen bytes of fd; -1 when it has
 * fewer, or hlen is over FOLLOW_HEAD. */
static int
head_sum(int fd, unsigned hlen, unsigned long long *sum)
{
	unsigned char		b[FOLLOW_HEAD];
	unsigned long long	h = 14695981039346656037ULL;
	unsigned		i;

	if (hlen > FOLLOW_HEAD || pread(fd, b, hlen, 0) != (ssize_t)hlen)
		return -1;
	for (i = 0; i < hlen; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	*sum = h;
	return 0;
}

/* same_file - fd (sb) is the file of the saved position: its inode, its
 * head, and at least as long as the offset. */
static int
same_file(const struct follow_pos *p, int fd, const struct stat *sb)
{
	unsigned long long	h;

	return (unsigned long long)sb->st_dev == p->dev &&
	    (unsigned long long)sb->st_ino == p->ino &&
	    (unsigned long long)sb->st_size >= p->off &&
	    head_sum(fd, p->hlen, &h) == 0 && h == p->head;
}

/* seek_to - continue at off; mid-line, the head of that line was read
 * before (or never): skip its rest. */
static void
seek_to(struct follow *f, off_t off)
{
	ssize_t	n;

	f->off = lseek(f->fd, off, SEEK_SET);
	f->tlen = 0;
	if (f->off <= 0)
		return;
	n = pread(f->fd, f->tail, f->off < TAIL ? (size_t)f->off : TAIL,
	    f->off < TAIL ? 0 : f->off - TAIL);
	if (n > 0)
		f->tlen = (size_t)n;
	if (n > 0 && f->tail[n - 1] != '\n')
		f->skipping = 1;
}

/* keep_tail - the n bytes at p were read at the offset before off. */
static void
keep_tail(struct follow *f, const char *p, size_t n)
{
	size_t	drop;

	if (n >= TAIL) {
		memcpy(f->tail, p + n - TAIL, TAIL);
		f->tlen = TAIL;
		return;
	}
	drop = f->tlen + n > TAIL ? f->tlen + n - TAIL : 0;
	memmove(f->tail, f->tail + drop, f->tlen - drop);
	f->tlen -= drop;
	memcpy(f->tail + f->tlen, p, n);
	f->tlen += n;
}

/*
 * refilled - after the end was read, the bytes before off are no longer
 * those read there: emptied and written again past off (copytruncate,
 * the writer faster than the poll).  Then read again from the start.
 */
static int
refilled(struct follow *f)
{
	char	b[TAIL];

	if (f->draining || f->tlen == 0 || f->off < (off_t)f->tlen ||
	    pread(f->fd, b, f->tlen, f->off - (off_t)f->tlen) !=
	    (ssize_t)f->tlen || memcmp(b, f->tail, f->tlen) == 0)
		return 0;
	say(f, "%s: truncated and refilled past the read offset since the "
	    "last poll; reading it again from its start", f->path);
	f->st.truncations++;
	f->off = lseek(f->fd, 0, SEEK_SET);
	f->tlen = 0;
	return 1;
}

/*
 * open_old - the file of the saved position found under another name in
 * the path's directory (rotated while stopped: mail.log.1), open as the
 * file being read out, at the saved offset.  1, or 0 when not found.
 */
static int
open_old(struct follow *f)
{
	char		 dir[4096], name[4096 + 256], *slash;
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	int		 fd = -1;

	snprintf(dir, sizeof(dir), "%s", f->path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';	/* "/x" -> "/" */
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (fd < 0 && (de = readdir(d)) != NULL) {
		snprintf(name, sizeof(name), "%s/%s", dir, de->d_name);
		if (stat(name, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (unsigned long long)sb.st_ino != f->pos.ino ||
		    (fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
			continue;
		if (fstat(fd, &sb) != 0 || !same_file(&f->pos, fd, &sb)) {
			close(fd);
			fd = -1;
		}
	}
	closedir(d);
	if (fd < 0)
		return 0;
	f->fd = fd;
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	seek_to(f, (off_t)f->pos.off);
	f->draining = 1;
	say(f, "%s: rotated while stopped: reading the rest of %s from byte "
	    "%llu, then the new file from its start", f->path, name,
	    f->pos.off);
	return 1;
}

/*
 * resume - the first open with a saved position, the path's file open
 * (sb): 1 when it is that file (read on from the offset) or the old
 * file was found (read out first); 0 to read the path's file from its
 * start.
 */
static int
resume(struct follow *f, const struct stat *sb)
{
	int	newfd = f->fd;

	if (same_file(&f->pos, f->fd, sb)) {
		seek_to(f, (off_t)f->pos.off);
		say(f, "%s: resuming at byte %llu (the saved position)",
		    f->path, f->pos.off);
		return 1;
	}
	if ((unsigned long long)sb->st_dev == f->pos.dev &&
	    (unsigned long long)sb->st_ino == f->pos.ino) {
		say(f, "%s: changed while stopped (truncated or replaced): "
		    "reading it from its start", f->path);
		return 0;
	}
	f->fd = -1;
	if (open_old(f)) {
		close(newfd);
		return 1;
	}
	f->fd = newfd;
	say(f, "%s: rotated while stopped, the old file not found beside it "
	    "(compressed?): reading the new file from its start; what was "
	    "written to the old one after the stop is not read", f->path);
	return 0;
}

/*
 * open_stream - when the path is a named stream: its descriptor taken, made
 * non-blocking (1); -1 with f->err set when it cannot be; 0 for a file.
 */
static int
open_stream(struct follow *f)
{
	int	fd, fl;

	switch (stream_take(f->path, &fd, &f->done, &f->done_arg)) {
	case 0:
		return 0;
	case -1:
		snprintf(f->err, sizeof(f->err), "%s", strerror(errno));
		return -1;
	}
	f->fd = fd;
	f->stream = 1;
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		snprintf(f->err, sizeof(f->err), "%s", strerror(errno));
		f->stream = 0;
		return -1;
	}
	return 1;
}

/*
 * stream_ended - the end of a followed stream: its program's verdict, or
 * that it ended at all (it should follow for ever), in f->err.
 */
static void
stream_ended(struct follow *f)
{
	stream_done_fn	done = f->done;

	f->done = NULL;
	if (done == NULL || done(f->done_arg, f->err, sizeof(f->err)) == 0 ||
	    f->err[0] == '\0')
		snprintf(f->err, sizeof(f->err), "its program ended");
}

/*
 * open_path - 1 when the path is open, 0 when it does not exist (yet), -1
 * on another error.  Only the first open, when the file is there already,
 * starts elsewhere than at its start: at the saved position (resume), or
 * at its end (after its last newline) unless from_start.
 */
static int
open_path(struct follow *f)
{
	struct stat	sb;
	int		first = !f->opened_once;

	f->opened_once = 1;
	if (first && open_stream(f) != 0)
		return f->stream ? 1 : -1;
	if ((f->fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		/* Rotated while stopped, the new file not there yet. */
		if (first && f->resuming && errno == ENOENT && open_old(f))
			return 1;
		/* Missing: wait.  Unreadable after a rotation: wait too, a
		 * new file may get its owner and mode after its creation. */
		if (errno == ENOENT || (errno == EACCES && !first)) {
			if (!f->said_missing)
				say(f, "%s: waiting for the file to appear%s",
				    f->path, errno == ENOENT ? "" :
				    " (or to become readable)");
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
		say(f, "%s: the file appeared; reading it from its start",
		    f->path);
	f->said_missing = 0;
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->off = 0;
	if (first && f->resuming && resume(f, &sb))
		return 1;
	if (first && !f->resuming && !f->from_start && sb.st_size > 0)
		seek_to(f, sb.st_size);
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
			    "file until a new one appears", f->path);
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
		say(f, "%s: truncated; reading it again from its start",
		    f->path);
		f->st.truncations++;
		f->off = lseek(f->fd, 0, SEEK_SET);
		f->tlen = 0;
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
		/* Truncated and refilled since the end was read: what was
		 * held of the old content is a line, then from 0. */
		if (f->idle) {
			f->idle = 0;
			if (refilled(f)) {
				if (partial(f, line, len))
					return 1;
				continue;
			}
		}
		if (f->start > 0) {
			memmove(f->buf, f->buf + f->start, f->end - f->start);
			f->scan -= f->start;
			f->end -= f->start;
			f->start = 0;
		}
		n = read(f->fd, f->buf + f->end, f->cap - f->end);
		if (n > 0) {
			keep_tail(f, f->buf + f->end, (size_t)n);
			f->end += n;
			f->off += n;
			f->st.bytes += n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (f->stream && n < 0 && errno == EAGAIN)
			return 0;	/* nothing yet */
		if (f->stream && n == 0) {
			/* Its last line without a newline, then the end. */
			if (partial(f, line, len))
				return 1;
			stream_ended(f);
			return -1;
		}
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
			    "start", f->path);
			continue;
		}
		if (at_eof(f) == 0) {
			f->idle = 1;
			return 0;
		}
		/* Truncated (not rotated, which drains first): what was held
		 * of the old content is a line. */
		if (!f->draining && partial(f, line, len))
			return 1;
	}
}

int
follow_position(struct follow *f, struct follow_pos *pos)
{
	struct stat	sb;

	if (f->fd < 0 || f->stream || fstat(f->fd, &sb) != 0)
		return -1;
	pos->dev = f->dev;
	pos->ino = f->ino;
	pos->off = (unsigned long long)f->off - (f->end - f->start);
	pos->hlen = sb.st_size < FOLLOW_HEAD ? (unsigned)sb.st_size :
	    FOLLOW_HEAD;
	return head_sum(f->fd, pos->hlen, &pos->head);
}

void
follow_resume(struct follow *f, const struct follow_pos *pos)
{
	f->pos = *pos;
	f->resuming = 1;
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
