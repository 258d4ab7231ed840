/*
 * input.c - turn one file or stdin, plain or gzip, into lines: block reads
 * with read(2), memchr to split.  A gzip file is inflated by input_gz.c on
 * a thread of its own into a short queue of blocks, so that decompression
 * and parsing run on two cores; gzip on a pipe is inflated inline.  What
 * the lines mean is left to the parsers.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "input_int.h"
#include "lib/fnv.h"
#include "lib/utf8.h"
#include "lib/xmalloc.h"

static size_t	 test_blksz;

void		 input_set_blocksize_for_test(size_t);

/*
 * input_set_blocksize_for_test - make later opens use n-byte blocks (0:
 * the default), so tests can put buffer boundaries where they like.
 */
void
input_set_blocksize_for_test(size_t n)
{
	test_blksz = n;
}

/*
 * bound - input_open_head: n cut to what the limit leaves of the text (and
 * of a plain file); 0 once it is reached, with cut set.
 */
static size_t
bound(struct input *in, size_t n)
{
	unsigned long long	used = in->st.bytes;

	if (!in->st.compressed && in->st.raw_bytes > used)
		used = in->st.raw_bytes;
	if (used >= in->limit) {
		/* A plain file that ends at the limit was read whole. */
		in->cut = in->st.compressed || !in->regular ||
		    in->size > in->limit;
		return 0;
	}
	return in->limit - used < n ? (size_t)(in->limit - used) : n;
}

static ssize_t
fill(struct input *in, char *dst, size_t n)
{
	ssize_t	 r;

	if (in->limit != 0 && (n = bound(in, n)) == 0)
		return 0;
	if (in->pipe != NULL)
		return input_gz_take(in);
	if (in->st.compressed) {
		r = input_gz_fill(in, dst, n);
		in->st.raw_bytes = in->zraw;
		/* The compressed bytes ran out at the limit: a cut, not
		 * truncated data. */
		if (r == -1 && in->limit != 0 && in->zraw >= in->limit) {
			in->err[0] = '\0';
			in->cut = 1;
			return 0;
		}
		in->st.damaged = in->damaged;
		return r;
	}
	if (in->raweof)
		return 0;
	if ((r = input_readin(in, dst, n)) == -1) {
		input_read_failed(in);
		return -1;
	}
	if (r == 0)
		in->raweof = 1;
	in->st.raw_bytes += r;
	return r;
}

/* ident - the content identity sees n new bytes of text at p. */
static void
ident(struct input *in, const char *p, size_t n)
{
	size_t	k;

	if (in->st.bytes < INPUT_ID_BYTES) {
		k = INPUT_ID_BYTES - (size_t)in->st.bytes;
		in->head = fnv64(in->head, p, n < k ? n : k);
	}
	if (n >= INPUT_ID_BYTES) {
		memcpy(in->ring, p + n - INPUT_ID_BYTES, INPUT_ID_BYTES);
		in->ringpos = 0;
		in->ringfull = 1;
		return;
	}
	k = INPUT_ID_BYTES - in->ringpos;
	if (k > n)
		k = n;
	memcpy(in->ring + in->ringpos, p, k);
	memcpy(in->ring, p + k, n - k);
	if (in->ringpos + n >= INPUT_ID_BYTES)
		in->ringfull = 1;
	in->ringpos = (in->ringpos + n) % INPUT_ID_BYTES;
}

/* first_high - the offset of the first byte above 0x7f in
 * buf[at, at + n), or NONE. */
static size_t
first_high(struct input *in, size_t at, size_t n)
{
	size_t	k = utf8_ascii_len(in->buf + at, n);

	return k < n ? at + k : NONE;
}

/* took - account for n new bytes at buf[end]. */
static void
took(struct input *in, size_t n)
{
	char	*p;

	ident(in, in->buf + in->end, n);

	if (in->nul == NONE &&
	    (p = memchr(in->buf + in->end, '\0', n)) != NULL)
		in->nul = p - in->buf;
	if (in->high == NONE)
		in->high = first_high(in, in->end, n);
	in->end += n;
	in->st.bytes += n;
}

void
input_rebase(struct input *in, char *to, size_t at)
{
	size_t	n = in->end - in->start;

	memmove(to + at, in->buf + in->start, n);
	/* NONE stays NONE. */
	if (in->nul != NONE)
		in->nul = in->nul - in->start + at;
	if (in->high != NONE)
		in->high = in->high - in->start + at;
	in->scan = in->scan - in->start + at;
	in->start = at;
	in->end = at + n;
	in->buf = to;
}

/* rescan - the first NUL and the first byte above 0x7f from buf[next]
 * on, when the ones known were dropped. */
static void __attribute__((noinline))
rescan(struct input *in, size_t next)
{
	char	*p;

	if (in->nul < next) {
		p = memchr(in->buf + next, '\0', in->end - next);
		in->nul = p != NULL ? (size_t)(p - in->buf) : NONE;
	}
	if (in->high < next)
		in->high = first_high(in, next, in->end - next);
}

/* consume - drop buf[start, next) as returned or skipped (NONE is above
 * every offset). */
static inline void
consume(struct input *in, size_t next)
{
	in->start = in->scan = next;
	if (in->nul < next || in->high < next)
		rescan(in, next);
}

/*
 * blank_nuls - the NUL bytes of the line s[0..len) at buf[start] made
 * spaces.
 */
static void __attribute__((noinline))
blank_nuls(struct input *in, char *s, size_t len)
{
	char	*p, *e = s + len;

	for (p = in->buf + in->nul; p != NULL;
	    p = memchr(p + 1, '\0', e - p - 1))
		*p = ' ';
	in->st.nul_lines++;
}

/*
 * emit - return the line at buf[start] of len bytes (cut to maxline) and
 * continue at buf[next].  Inline: once a line.
 */
static inline int
emit(struct input *in, size_t len, size_t next, const char **line,
    size_t *lenp)
{
	char	*s = in->buf + in->start;

	if (len > in->maxline) {
		len = in->maxline;
		in->st.truncated++;
	}
	/* NONE is above every offset. */
	if (in->nul < in->start + len)
		blank_nuls(in, s, len);
	in->ascii = in->high >= in->start + len;
	consume(in, next);
	s[len] = '\0';
	in->st.lines++;
	in->lineno++;
	*line = s;
	*lenp = len;
	return 1;
}

/* stream_end - a named stream's bytes ended (not at a limit of
 * input_open_head, nor at a stop request: its program still runs, and
 * its binder stops it): -1 with in->err set when its program failed. */
static int
stream_end(struct input *in)
{
	stream_done_fn	 done = in->done;

	if (done == NULL || in->cut || in->stopped)
		return 0;
	in->done = NULL;
	if (done(in->done_arg, in->err, sizeof(in->err)) == 0)
		return 0;
	if (in->err[0] == '\0')
		snprintf(in->err, sizeof(in->err), "its program failed");
	return -1;
}

/*
 * skip - drop the rest of a long line up to its newline, or all that is
 * buffered.  Out of line: were both searches for "\n" in input_next(),
 * gcc would make the one of every line twice.
 */
static void __attribute__((noinline))
skip(struct input *in)
{
	char	*p;

	p = memchr(in->buf + in->scan, '\n', in->end - in->scan);
	if (p != NULL) {
		in->skipping = 0;
		consume(in, p + 1 - in->buf);
	} else
		consume(in, in->end);
}

int
input_next(struct input *in, const char **line, size_t *len)
{
	char	*p;
	size_t	 n, e;
	ssize_t	 got;

	for (;;) {
		if (in->skipping)
			skip(in);
		if (!in->skipping) {
			p = memchr(in->buf + in->scan, '\n',
			    in->end - in->scan);
			if (p != NULL) {
				e = p - in->buf;
				n = e - in->start;
				if (n > 0 && in->buf[e - 1] == '\r')
					n--;
				return emit(in, n, e + 1, line, len);
			}

			/*
			 * No newline yet.  Once more than maxline bytes are
			 * certain to be content (not a "\r" that a "\n" may
			 * follow), return the cut line and skip the rest.
			 */
			n = in->end - in->start;
			if (n > in->maxline + 1 || (n == in->maxline + 1 &&
			    in->buf[in->end - 1] != '\r')) {
				in->skipping = 1;
				return emit(in, n, in->start + in->maxline + 1,
				    line, len);
			}
			in->scan = in->end;
		}
		if (in->src != SRC_OK) {
			n = in->end - in->start;
			/* A line cut by input_open_head's limit is no line. */
			if (n > 0 && !in->skipping && !in->cut) {
				if (in->buf[in->end - 1] == '\r')
					n--;
				return emit(in, n, in->end, line, len);
			}
			return in->src == SRC_EOF ? 0 : -1;
		}

		/* Move the partial line to the front and read a block (an
		 * inflated block comes with its own buffer). */
		if (in->start > 0 && in->pipe == NULL)
			input_rebase(in, in->buf, 0);
		if ((got = fill(in, in->buf + in->end, in->blksz)) > 0)
			took(in, got);
		else if (got == 0 && stream_end(in) != 0)
			in->src = SRC_ERR;
		else
			in->src = got == 0 ? SRC_EOF : SRC_ERR;
	}
}

/*
 * peek - read until the two bytes of the gzip magic are there or the file
 * ends, into buf; for gzip, hand them to inflate instead.
 */
static int
peek(struct input *in)
{
	ssize_t	 r;
	size_t	 n = 0;

	while (n < 2) {
		if ((r = input_readin(in, in->buf + n, in->blksz)) == -1)
			return -1;
		if (r == 0) {
			in->raweof = 1;
			break;
		}
		n += r;
	}
	in->st.raw_bytes = n;
	if (n >= 2 && (unsigned char)in->buf[0] == 0x1f &&
	    (unsigned char)in->buf[1] == 0x8b) {
		in->st.compressed = 1;
		in->raw = xmalloc(in->blksz + 1);
		memcpy(in->raw, in->buf, n);
		in->zraw = n;
		in->member = 1;
		if ((in->gz = gzd_new()) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		gzd_set_input(in->gz, in->raw, n);
		/*
		 * Not on a pipe: closing early must not wait on its reader.
		 * Not for the tiny blocks of the unit tests either, where a
		 * hand-over per byte costs more than inflating it.
		 */
		if (in->regular && in->blksz >= GZ_MIN_THREAD_BLOCK &&
		    in->limit == 0)
			input_gz_start(in);
	} else
		took(in, n);
	return 0;
}

struct input *
input_open(const char *path, size_t maxline)
{
	return input_open_head(path, maxline, 0);
}

struct input *
input_open_head(const char *path, size_t maxline, size_t limit)
{
	struct input	*in;
	struct stat	 sb;
	size_t		 blksz;
	stream_done_fn	 done = NULL;
	void		*done_arg = NULL;
	int		 fd, serrno, stream;

	if (maxline == 0)
		maxline = INPUT_DEFAULT_MAXLINE;
	blksz = test_blksz != 0 ? test_blksz : INPUT_BLOCK;
	if (limit != 0 && limit < blksz)
		blksz = limit;
	if (maxline > SIZE_MAX / 2 - blksz) {
		errno = EINVAL;
		return NULL;
	}
	if ((stream = stream_take(path, &fd, &done, &done_arg)) == -1)
		return NULL;
	if (!stream && strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if (!stream && (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &sb) == -1) {
		serrno = errno;
		goto fail;
	}
	if (S_ISDIR(sb.st_mode)) {
		serrno = EISDIR;
		goto fail;
	}
	if (S_ISREG(sb.st_mode))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(path);
	in->fd = fd;
	in->mtime = fd == STDIN_FILENO || stream ? time(NULL) : sb.st_mtime;
	in->done = done;
	in->done_arg = done_arg;
	in->maxline = maxline;
	in->blksz = blksz;
	in->nul = NONE;
	in->high = NONE;
	in->regular = S_ISREG(sb.st_mode);
	in->buf = xmalloc(INPUT_BUF(in));
	in->limit = limit;
	in->size = (unsigned long long)sb.st_size;
	in->ring = xmalloc(INPUT_ID_BYTES);
	in->head = FNV64_OFFSET;
	if (peek(in) == -1) {
		serrno = errno;
		input_close(in);
		errno = serrno;
		return NULL;
	}
	return in;

fail:
	if (fd != STDIN_FILENO)
		close(fd);
	errno = serrno;
	return NULL;
}

const char *
input_error(const struct input *in)
{
	return in->err;
}

int
input_ascii(const struct input *in)
{
	return in->ascii;
}

unsigned long
input_lineno(const struct input *in)
{
	return in->lineno;
}

time_t
input_mtime(const struct input *in)
{
	return in->mtime;
}

int
input_regular(const struct input *in)
{
	return in->regular;
}

int
input_busy_inflate(const struct input *in)
{
	return in->pipe != NULL && !gzd_cheap();
}

long long
input_inflate_ns(const struct input *in)
{
	return in->gz_cpu_ns;
}

int
input_cut(const struct input *in)
{
	return in->cut;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

const struct input_stats *
input_stats(const struct input *in)
{
	return &in->st;
}

char *
input_identity(const struct input *in, char *buf)
{
	uint64_t	tail = FNV64_OFFSET;

	if (in->ringfull)
		tail = fnv64(tail, in->ring + in->ringpos,
		    INPUT_ID_BYTES - in->ringpos);
	tail = fnv64(tail, in->ring, in->ringpos);
	snprintf(buf, INPUT_ID_LEN, "%llu-%016llx-%016llx",
	    (unsigned long long)in->st.bytes, (unsigned long long)in->head,
	    (unsigned long long)tail);
	return buf;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->pipe != NULL)
		input_gz_stop(in);
	gzd_free(in->gz);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in->ring);
	free(in->name);
	free(in);
}
