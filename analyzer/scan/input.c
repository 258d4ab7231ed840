/*
 * input.c - turn one file or stdin, plain or gzip, into lines: block reads
 * with read(2), memchr to split.  A gzip file is inflated by a thread of
 * its own into a short queue of blocks, so that decompression and parsing
 * run on two cores; gzip on a pipe is inflated inline.  What the lines
 * mean is left to the parsers.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gzdec.h"
#include "input.h"
#include "lib/fnv.h"
#include "lib/stop.h"
#include "lib/xmalloc.h"
#include "stream.h"

#define INPUT_BLOCK	(256 * 1024)	/* bytes per read and inflate */
#define NONE		SIZE_MAX	/* no NUL byte in the buffer */

#define GZ_SLOTS	4		/* inflated blocks in flight */
#define GZ_MIN_THREAD_BLOCK 4096	/* smaller blocks: inflate inline */

enum { SRC_OK, SRC_EOF, SRC_ERR };

/*
 * The inflate thread fills blocks in ring order; the reader takes them in
 * the same order.  A block with n <= 0 is the last: 0 at the end, -1 on
 * an error (text in input.err, written before the block is published).
 */
struct gzblock {
	char			*data;
	ssize_t			 n;
	unsigned long long	 raw_bytes;	/* compressed bytes read so far */
};

struct gzpipe {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 full, free;	/* a block was filled / taken */
	struct gzblock	 blk[GZ_SLOTS];
	unsigned long	 head, tail;	/* next to take, next to fill */
	int		 stop;
};

struct input {
	char		*name;
	int		 fd;
	time_t		 mtime;
	size_t		 maxline;
	size_t		 blksz;
	unsigned long	 lineno;
	struct input_stats st;
	int		 src;		/* SRC_*: last word of source */
	char		 err[256];

	/*
	 * Uncompressed bytes not yet returned are buf[start, end).  scan is
	 * where the search for "\n" resumes, nul the first NUL byte at or
	 * after start (NONE if there is none).  The buffer holds a partial
	 * line of up to maxline + 1 bytes plus one block, plus one byte for
	 * the terminator of a last line without newline.
	 */
	char		*buf;
	size_t		 start, end, scan, nul;
	int		 skipping;	/* dropping a long line's rest */

	/* gzip only: the compressed bytes read but not yet inflated. */
	unsigned char	*raw;
	int		 raweof;
	int		 member_end;	/* inflate ended a member */
	int		 regular;	/* a regular file */
	int		 stopped;	/* a stop request ended a pipe's input */
	int		 padding;	/* in NULs after the last member */
	struct gzdec	*gz;		/* the decoder, NULL for plain */
	/* Compressed bytes read; owned by the inflate thread if any, which
	 * hands copies to st.raw_bytes with each block. */
	unsigned long long zraw;
	struct gzpipe	*pipe;		/* NULL: inflate inline */

	/*
	 * Where damage is, for its message, and the lines decoded from the
	 * damaged part (owned by the inflate thread until it publishes the
	 * error; then st.damaged): the member (1-based) and its first byte,
	 * the current deflate block's first byte, and what each decoded.
	 */
	unsigned long	 member;
	unsigned long long member_at, block_at;
	unsigned long	 nl_member, nl_block;	/* newlines decoded */
	unsigned long long out_member, out_block;	/* bytes decoded */
	int		 last_nl;	/* the last byte decoded was "\n" */
	unsigned long	 damaged;

	/* The content identity: the hash of the first INPUT_ID_BYTES of
	 * text, and the last INPUT_ID_BYTES in a ring (hashed when asked). */
	uint64_t	 head;
	char		*ring;
	size_t		 ringpos;	/* next byte to write */
	int		 ringfull;	/* wrapped at least once */

	/* input_open_head: read at most limit bytes of the file and of its
	 * text (0: no limit); cut once the limit stopped the reading. */
	unsigned long long limit;
	unsigned long long size;	/* of a regular file when opened */
	int		 cut;

	/* A named stream's check at its end (stream.h); NULL once called. */
	stream_done_fn	 done;
	void		*done_arg;
};

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

/* readfull - read(2) that retries on EINTR. */
static ssize_t
readfull(int fd, void *dst, size_t n)
{
	ssize_t	 r;

	do
		r = read(fd, dst, n);
	while (r == -1 && errno == EINTR);
	return r;
}

/*
 * readin - readfull from the input.  A pipe or FIFO may never be written
 * again: it is waited on with poll, looking at a stop request (stop.h)
 * four times a second, which ends its input there (0, as at its end).
 */
static ssize_t
readin(struct input *in, void *dst, size_t n)
{
	struct pollfd	pfd;
	int		r;

	if (in->regular)
		return readfull(in->fd, dst, n);
	pfd.fd = in->fd;
	pfd.events = POLLIN;
	for (;;) {
		if (stop_signal() != 0) {
			in->stopped = 1;
			return 0;
		}
		if ((r = poll(&pfd, 1, 250)) > 0 || (r == -1 && errno != EINTR))
			return readfull(in->fd, dst, n);	/* it says */
	}
}

static void
read_failed(struct input *in)
{
	snprintf(in->err, sizeof(in->err), "read error at byte %llu: %s",
	    in->st.compressed ? in->zraw : in->st.raw_bytes, strerror(errno));
}

/* compressed offset of the next byte inflate would take */
static unsigned long long
zoffset(const struct input *in)
{
	return in->zraw - gzd_avail_in(in->gz);
}

/*
 * raw_more - append compressed bytes after those inflate has not taken
 * yet.  Returns 0 (raweof set at the end of the file) or -1.
 */
static int
raw_more(struct input *in)
{
	size_t	 n = gzd_avail_in(in->gz);
	ssize_t	 r;

	if (in->raweof)
		return 0;
	if (n > 0)
		memmove(in->raw, gzd_next_in(in->gz), n);
	gzd_set_input(in->gz, in->raw, n);
	if (in->limit != 0 && in->zraw >= in->limit) {
		in->raweof = 1;
		return 0;
	}
	if ((r = readin(in, in->raw + n, in->limit != 0 &&
	    in->limit - in->zraw < in->blksz ? in->limit - in->zraw :
	    in->blksz)) == -1) {
		read_failed(in);
		return -1;
	}
	if (r == 0)
		in->raweof = 1;
	gzd_set_input(in->gz, in->raw, n + r);
	in->zraw += r;
	return 0;
}

/*
 * next_member - after the end of a gzip member, start the next one.  A
 * run of NUL bytes up to the end of the file is padding (tape blocks, as
 * gzip(1) allows); anything else is trailing garbage.  Returns 1 when a
 * member follows, 0 at a clean end, -1 on error.
 */
static int
next_member(struct input *in)
{
	unsigned char	*p, *q;
	size_t		 n;

	for (;;) {
		n = gzd_avail_in(in->gz);
		q = gzd_next_in(in->gz);
		if (n < 2 && !in->raweof) {
			if (raw_more(in) == -1)
				return -1;
			continue;
		}
		if (n == 0)
			return 0;
		if (in->padding) {
			for (p = q; p < q + n; p++)
				if (*p != 0)
					break;
			gzd_set_input(in->gz, p, n - (p - q));
			if (p < q + n)
				break;
			continue;
		}
		if (n >= 2 && q[0] == 0x1f && q[1] == 0x8b) {
			gzd_reset(in->gz);
			in->member_end = 0;
			in->member++;
			in->member_at = in->block_at = zoffset(in);
			in->nl_member = in->nl_block = 0;
			in->out_member = in->out_block = 0;
			return 1;
		}
		if (q[0] != 0)
			break;
		in->padding = 1;
	}
	snprintf(in->err, sizeof(in->err),
	    "trailing garbage after gzip member at byte %llu", zoffset(in));
	return -1;
}

/* decoded - count the lines in n bytes inflate made, for damage. */
static void
decoded(struct input *in, const char *p, size_t n)
{
	const char	*q = p, *e = p + n;
	unsigned long	 k = 0;

	if (n == 0)
		return;
	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		k++;
		q++;
	}
	in->nl_block += k;
	in->nl_member += k;
	in->out_block += n;
	in->out_member += n;
	in->last_nl = p[n - 1] == '\n';
}

enum damage { DMG_INFLATE, DMG_CHECK, DMG_CUT };

/*
 * damage - the error text for damage found at the current offset, and
 * the lines decoded from the damaged part: the deflate block inflate
 * failed in, or the whole member when only its check at the end found
 * it.  A last line without its newline is a line too (input_next
 * returns it).
 */
static void
damage(struct input *in, enum damage kind)
{
	unsigned long	nl = kind == DMG_CHECK ? in->nl_member : in->nl_block;
	unsigned long long out = kind == DMG_CHECK ? in->out_member :
			    in->out_block;
	const char	*what = kind == DMG_CUT ? "gzip data truncated" :
			    "corrupt gzip data";
	int		 k;

	in->damaged = nl + (out > 0 && !in->last_nl);
	k = snprintf(in->err, sizeof(in->err), "%s in member %lu (from byte "
	    "%llu): ", what, in->member, in->member_at);
	if (k < 0 || (size_t)k >= sizeof(in->err))
		return;
	if (kind == DMG_CHECK)
		snprintf(in->err + k, sizeof(in->err) - k, "its check failed "
		    "at its end, byte %llu (%s): the damage is somewhere in "
		    "it; its %lu lines counted as damaged", zoffset(in),
		    gzd_error(in->gz), in->damaged);
	else if (kind == DMG_CUT)
		snprintf(in->err + k, sizeof(in->err) - k, "the file ends at "
		    "byte %llu inside the deflate %s from byte %llu; %lu "
		    "lines from it counted as damaged", in->zraw,
		    gzd_block_word(), in->block_at, in->damaged);
	else
		snprintf(in->err + k, sizeof(in->err) - k, "inflate failed at "
		    "byte %llu (%s) in the deflate %s from byte %llu; %lu "
		    "lines from it counted as damaged", zoffset(in),
		    gzd_error(in->gz), gzd_block_word(), in->block_at,
		    in->damaged);
}

/*
 * gz_fill - inflate up to n bytes into dst, across deflate blocks while
 * the compressed bytes read so far last (a pipe is not waited on when
 * there is output to give).  Returns the count, 0 at the end of the last
 * member, or -1 with in->err set.  When inflate fails after producing
 * output, that output is returned first and the error on the next call,
 * so no decoded line is lost.
 */
static ssize_t
gz_fill(struct input *in, char *dst, size_t n)
{
	size_t		 got, filled = 0, before;
	enum gzd_rc	 ret;

	for (;;) {
		if (in->err[0] != '\0')
			return filled > 0 ? (ssize_t)filled : -1;
		if (in->member_end) {
			if (filled > 0)
				return filled;
			if ((ret = next_member(in)) <= 0)
				return ret;
		}
		if (gzd_avail_in(in->gz) == 0) {
			if (filled > 0)
				return filled;
			if (raw_more(in) == -1)
				return -1;
		}
		if (filled == n)
			return filled;
		before = gzd_avail_in(in->gz);
		ret = gzd_run(in->gz, dst + filled, n - filled, &got);
		decoded(in, dst + filled, got);
		filled += got;
		if (ret == GZD_END)
			in->member_end = 1;
		else if (ret == GZD_ERR)
			damage(in, gzd_check_failed(in->gz) ? DMG_CHECK :
			    DMG_INFLATE);
		else if (got > 0 || gzd_avail_in(in->gz) != before) {
			if (gzd_new_block(in->gz)) {
				in->block_at = in->member_at +
				    gzd_block_in(in->gz);
				in->nl_block = 0;
				in->out_block = 0;
			}
		} else if (gzd_avail_in(in->gz) == 0 && in->stopped)
			return filled;		/* asked to stop: an end */
		else if (gzd_avail_in(in->gz) == 0 && in->raweof)
			damage(in, DMG_CUT);	/* no progress: the file ends */
		else if (gzd_avail_in(in->gz) > 0)
			snprintf(in->err, sizeof(in->err),
			    "corrupt gzip data at byte %llu: no progress",
			    zoffset(in));
	}
}

static void
gz_free(struct gzpipe *p)
{
	int	i;

	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->full);
	pthread_cond_destroy(&p->free);
	for (i = 0; i < GZ_SLOTS; i++)
		free(p->blk[i].data);
	free(p);
}

/* gz_thread - inflate the whole file into the ring, block by block. */
static void *
gz_thread(void *arg)
{
	struct input	*in = arg;
	struct gzpipe	*p = in->pipe;
	struct gzblock	*b;
	ssize_t		 r;

	do {
		pthread_mutex_lock(&p->mu);
		while (p->tail - p->head == GZ_SLOTS && !p->stop)
			pthread_cond_wait(&p->free, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		b = &p->blk[p->tail % GZ_SLOTS];
		pthread_mutex_unlock(&p->mu);

		r = gz_fill(in, b->data, in->blksz);
		b->n = r;
		b->raw_bytes = in->zraw;
		pthread_mutex_lock(&p->mu);
		p->tail++;
		pthread_cond_signal(&p->full);
		pthread_mutex_unlock(&p->mu);
	} while (r > 0);
	return NULL;
}

/* gz_take - the next inflated block into dst (n >= blksz bytes). */
static ssize_t
gz_take(struct input *in, char *dst)
{
	struct gzpipe	*p = in->pipe;
	struct gzblock	*b;
	ssize_t		 r;

	pthread_mutex_lock(&p->mu);
	while (p->tail == p->head)
		pthread_cond_wait(&p->full, &p->mu);
	b = &p->blk[p->head % GZ_SLOTS];
	pthread_mutex_unlock(&p->mu);
	if ((r = b->n) > 0)
		memcpy(dst, b->data, (size_t)r);
	in->st.raw_bytes = b->raw_bytes;
	if (r <= 0) {
		in->st.damaged = in->damaged;
		return r;	/* the last block: the thread has ended */
	}
	pthread_mutex_lock(&p->mu);
	p->head++;
	pthread_cond_signal(&p->free);
	pthread_mutex_unlock(&p->mu);
	return r;
}

/* gz_start - run inflate on a thread; without one, inflate inline. */
static void
gz_start(struct input *in)
{
	struct gzpipe	*p = xcalloc(1, sizeof(*p));
	int		 i;

	for (i = 0; i < GZ_SLOTS; i++)
		p->blk[i].data = xmalloc(in->blksz);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->full, NULL);
	pthread_cond_init(&p->free, NULL);
	in->pipe = p;
	if (pthread_create(&p->th, NULL, gz_thread, in) != 0) {
		in->pipe = NULL;
		gz_free(p);
	}
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
		return gz_take(in, dst);
	if (in->st.compressed) {
		r = gz_fill(in, dst, n);
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
	if ((r = readin(in, dst, n)) == -1) {
		read_failed(in);
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

/* took - account for n new bytes at buf[end]. */
static void
took(struct input *in, size_t n)
{
	char	*p;

	ident(in, in->buf + in->end, n);

	if (in->nul == NONE &&
	    (p = memchr(in->buf + in->end, '\0', n)) != NULL)
		in->nul = p - in->buf;
	in->end += n;
	in->st.bytes += n;
}

/* consume - drop buf[start, next) as returned or skipped. */
static void
consume(struct input *in, size_t next)
{
	char	*p;

	in->start = in->scan = next;
	if (in->nul != NONE && in->nul < next) {
		p = memchr(in->buf + next, '\0', in->end - next);
		in->nul = p != NULL ? (size_t)(p - in->buf) : NONE;
	}
}

/*
 * emit - return the line at buf[start] of len bytes (cut to maxline) and
 * continue at buf[next].
 */
static int
emit(struct input *in, size_t len, size_t next, const char **line,
    size_t *lenp)
{
	char	*s = in->buf + in->start, *p, *e;

	if (len > in->maxline) {
		len = in->maxline;
		in->st.truncated++;
	}
	if (in->nul != NONE && in->nul < in->start + len) {
		e = s + len;
		for (p = in->buf + in->nul; p != NULL;
		    p = memchr(p + 1, '\0', e - p - 1))
			*p = ' ';
		in->st.nul_lines++;
	}
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

int
input_next(struct input *in, const char **line, size_t *len)
{
	char	*p;
	size_t	 n, e;
	ssize_t	 got;

	for (;;) {
		if (in->skipping) {
			p = memchr(in->buf + in->scan, '\n',
			    in->end - in->scan);
			if (p != NULL) {
				in->skipping = 0;
				consume(in, p + 1 - in->buf);
			} else
				consume(in, in->end);
		}
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

		/* Move the partial line to the front and read a block. */
		if (in->start > 0) {
			n = in->end - in->start;
			memmove(in->buf, in->buf + in->start, n);
			if (in->nul != NONE)
				in->nul -= in->start;
			in->scan -= in->start;
			in->start = 0;
			in->end = n;
		}
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
		if ((r = readin(in, in->buf + n, in->blksz)) == -1)
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
			gz_start(in);
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
	in->regular = S_ISREG(sb.st_mode);
	in->buf = xmalloc(maxline + 2 + blksz + 1);
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
	if (in->pipe != NULL) {
		pthread_mutex_lock(&in->pipe->mu);
		in->pipe->stop = 1;
		pthread_cond_signal(&in->pipe->free);
		pthread_mutex_unlock(&in->pipe->mu);
		pthread_join(in->pipe->th, NULL);
		gz_free(in->pipe);
	}
	gzd_free(in->gz);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in->ring);
	free(in->name);
	free(in);
}
