/*
 * input_int.h - what input.c (blocks to lines) and input_gz.c (gzip
 * inflated, inline or on a thread of its own) share: the state of one
 * input and the reads of its file.  Not for other modules.
 */
#ifndef INPUT_INT_H
#define INPUT_INT_H

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "gzdec.h"
#include "input.h"
#include "lib/stop.h"
#include "stream.h"

#define INPUT_BLOCK	(256 * 1024)	/* bytes per read and inflate */
/* input.buf's size: a partial line, one block and a terminator. */
#define INPUT_BUF(in)	((in)->maxline + 2 + (in)->blksz + 1)
#define NONE		SIZE_MAX	/* no NUL byte in the buffer */

#define GZ_SLOTS	4		/* inflated blocks in flight */
#define GZ_MIN_THREAD_BLOCK 4096	/* smaller blocks: inflate inline */

enum { SRC_OK, SRC_EOF, SRC_ERR };

/*
 * The inflate thread fills blocks in ring order; the reader takes them in
 * the same order.  A block with n <= 0 is the last: 0 at the end, -1 on
 * an error (text in input.err, written before the block is published).
 * A block's buffer is the size of input.buf and its text starts at
 * GZ_AT(in), leaving room for a partial line before it: the reader takes
 * the buffer as its own and gives the ring the one it had.
 */
#define GZ_AT(in)	((in)->maxline + 1)

struct gzblock {
	char			*data;		/* text at data[GZ_AT] */
	ssize_t			 n;
	unsigned long long	 raw_bytes;	/* compressed bytes read so far */
	long long		 cpu_ns;	/* the inflate thread's CPU time */
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
	size_t		 high;		/* the first byte above 0x7f at or
					 * after start, or NONE */
	int		 ascii;		/* the last line returned: all ASCII */
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
	long long	 gz_cpu_ns;	/* the pipe's cpu_ns of the last block */

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

/* readfull - read(2) that retries on EINTR. */
static inline ssize_t
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
static inline ssize_t
input_readin(struct input *in, void *dst, size_t n)
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

static inline void
input_read_failed(struct input *in)
{
	snprintf(in->err, sizeof(in->err), "read error at byte %llu: %s",
	    in->st.compressed ? in->zraw : in->st.raw_bytes, strerror(errno));
}

/*
 * input_gz_start - inflate on a thread of its own into a ring of blocks
 * (in->pipe); without a thread, in->pipe stays NULL: inflate inline.
 * input_gz_take - the next inflated block: its buffer becomes buf, the
 * partial line moved in front of its text (input_rebase()); its length,
 * 0 at the end, -1 with in->err set.  input_gz_fill - inflate
 * up to n bytes into dst on this thread, the same returns.  input_gz_stop
 * - the thread stopped and its ring freed.
 */
void	input_gz_start(struct input *);
ssize_t	input_gz_take(struct input *);
ssize_t	input_gz_fill(struct input *, char *dst, size_t n);
void	input_gz_stop(struct input *);

/* input_rebase - the partial line buf[start, end) moved to to[at], and to
 * the buffer from now on (the old one is the caller's). */
void	input_rebase(struct input *, char *to, size_t at);

#endif /* INPUT_INT_H */
