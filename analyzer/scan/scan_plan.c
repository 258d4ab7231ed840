/*
 * scan_plan.c - the end of a file for `scan --plan` (scan_plan.h): its
 * last INPUT_ID_BYTES read with pread and parsed for the time of the last
 * event, and both ends hashed into the content identity input.c gives the
 * same text.  Choosing the order of files is scan_order.c's job.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/fnv.h"
#include "lib/xmalloc.h"
#include "route.h"
#include "scan_plan.h"

/* pread_all - len bytes at off, or -1. */
static int
pread_all(int fd, char *buf, size_t len, off_t off)
{
	ssize_t	r;
	size_t	got = 0;

	while (got < len) {
		r = pread(fd, buf + got, len - got, off + (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;	/* shrank while read */
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* drain - the router's events: the latest time into *last. */
static void
drain(struct route *r, time_t *last)
{
	const struct smtp_event	*ev;

	while (route_next(r, &ev) == 1)
		if (ev->when > *last)
			*last = ev->when;
}

/*
 * last_time - the latest event time of the lines in buf[0..len), as the
 * router reads them (parsers/route.h; ro says how): a first line cut by
 * the window (partial) and NUL bytes as input.c treats them (the line
 * dropped, a space), lines cut at maxline.
 */
static time_t
last_time(const struct route_opts *ro, char *buf, size_t len, int partial,
    size_t maxline)
{
	struct route	*r;
	char		*p = buf, *e = buf + len, *nl, *q;
	size_t		 n;
	unsigned long	 lineno = 0;
	time_t		 last = 0;

	if (ro == NULL)
		return 0;
	r = route_new(ro);
	if (partial && (nl = memchr(p, '\n', len)) != NULL)
		p = nl + 1;
	else if (partial)
		p = e;
	for (; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;		/* the last line, without newline */
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > maxline)
			n = maxline;
		for (q = p; (q = memchr(q, '\0', n - (size_t)(q - p))) != NULL;)
			*q = ' ';
		p[n] = '\0';	/* over the newline, the \r, or cut text */
		route_push(r, p, n, ++lineno);
		drain(r, &last);
		if (nl == e)
			break;
	}
	route_end(r);
	drain(r, &last);
	route_free(r);
	return last;
}

/* plain - a plain file: both ends read, the tail parsed. */
static int
plain(int fd, const struct route_opts *ro, size_t maxline,
    struct scan_plan_tail *t)
{
	char		*buf;
	size_t		 n = t->size < INPUT_ID_BYTES ? (size_t)t->size :
			    INPUT_ID_BYTES;
	uint64_t	 head, tail;
	int		 rc = -1;

	/* One more byte: last_time ends a last line without newline in
	 * place. */
	buf = xmalloc(n + 1);
	if (pread_all(fd, buf, n, 0) != 0)
		goto out;
	head = fnv64(FNV64_OFFSET, buf, n);
	if (pread_all(fd, buf, n, (off_t)(t->size - n)) != 0)
		goto out;
	tail = fnv64(FNV64_OFFSET, buf, n);
	snprintf(t->id, sizeof(t->id), "%llu-%016llx-%016llx", t->size,
	    (unsigned long long)head, (unsigned long long)tail);
	t->last = last_time(ro, buf, n, t->size > n, maxline);
	rc = 0;
out:
	free(buf);
	return rc;
}

/* gzip - a gzip file held whole in its head: read through input.c. */
static void
gzip(const char *path, const struct route_opts *ro, size_t maxline,
    struct scan_plan_tail *t)
{
	struct input	*in;
	const char	*line;
	size_t		 len;
	char		*text = NULL;
	size_t		 tlen = 0;
	int		 rc;

	if ((in = input_open_head(path, maxline, INPUT_ID_BYTES)) == NULL)
		return;
	/* Kept as lines, to be parsed only when the head is the whole. */
	text = xmalloc(INPUT_ID_BYTES + 1);
	while ((rc = input_next(in, &line, &len)) == 1 &&
	    tlen + len + 1 <= INPUT_ID_BYTES) {
		memcpy(text + tlen, line, len);
		text[tlen + len] = '\n';
		tlen += len + 1;
	}
	if (rc == 0 && !input_cut(in)) {
		(void)input_identity(in, t->id);
		t->last = last_time(ro, text, tlen, 0,
		    maxline != 0 ? maxline : INPUT_DEFAULT_MAXLINE);
	}
	free(text);
	input_close(in);
}

int
scan_plan_tail(const char *path, int parse, const struct parser_ops *forced,
    int year, size_t maxline, int compressed, struct scan_plan_tail *t)
{
	struct route_opts	ro;
	struct stat		sb;
	int			fd, rc = 0, serrno;

	memset(t, 0, sizeof(*t));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		serrno = S_ISDIR(sb.st_mode) ? EISDIR : errno;
		close(fd);
		errno = serrno;
		return -1;
	}
	t->size = (unsigned long long)sb.st_size;
	t->mtime = sb.st_mtime;
	memset(&ro, 0, sizeof(ro));
	ro.forced = forced;
	ro.file = path;
	ro.year = year;
	ro.ref_time = sb.st_mtime;
	ro.maxline = maxline;
	if (maxline == 0)
		maxline = INPUT_DEFAULT_MAXLINE;
	if (!compressed)
		rc = plain(fd, parse ? &ro : NULL, maxline, t);
	else
		gzip(path, parse ? &ro : NULL, maxline, t);
	serrno = errno;
	close(fd);
	errno = serrno;
	return rc;
}
