/*
 * input_gz.c - a gzip input inflated (gzdec.c), member after member, with
 * padding and trailing garbage told apart and damage placed by member,
 * deflate block and lines; on a thread of its own into a short ring of
 * blocks, or inline.  Splitting the text into lines is input.c's.
 */
#include <stdlib.h>

#include "input_int.h"
#include "lib/xmalloc.h"

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
	if ((r = input_readin(in, in->raw + n, in->limit != 0 &&
	    in->limit - in->zraw < in->blksz ? in->limit - in->zraw :
	    in->blksz)) == -1) {
		input_read_failed(in);
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
 * input_gz_fill - inflate up to n bytes into dst, across deflate blocks while
 * the compressed bytes read so far last (a pipe is not waited on when
 * there is output to give).  Returns the count, 0 at the end of the last
 * member, or -1 with in->err set.  When inflate fails after producing
 * output, that output is returned first and the error on the next call,
 * so no decoded line is lost.
 */
ssize_t
input_gz_fill(struct input *in, char *dst, size_t n)
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
	struct timespec	 ts;

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

		r = input_gz_fill(in, b->data + GZ_AT(in), in->blksz);
		b->n = r;
		b->raw_bytes = in->zraw;
		b->cpu_ns = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 ?
		    (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec : 0;
		pthread_mutex_lock(&p->mu);
		p->tail++;
		pthread_cond_signal(&p->full);
		pthread_mutex_unlock(&p->mu);
	} while (r > 0);
	return NULL;
}

ssize_t
input_gz_take(struct input *in)
{
	struct gzpipe	*p = in->pipe;
	struct gzblock	*b;
	ssize_t		 r;
	char		*old = in->buf;

	pthread_mutex_lock(&p->mu);
	while (p->tail == p->head)
		pthread_cond_wait(&p->full, &p->mu);
	b = &p->blk[p->head % GZ_SLOTS];
	pthread_mutex_unlock(&p->mu);
	r = b->n;
	in->st.raw_bytes = b->raw_bytes;
	in->gz_cpu_ns = b->cpu_ns;
	if (r <= 0) {
		in->st.damaged = in->damaged;
		return r;	/* the last block: the thread has ended */
	}
	/* The block's buffer for ours: the slot is the reader's until it
	 * is handed back below. */
	input_rebase(in, b->data, GZ_AT(in) - (in->end - in->start));
	b->data = old;
	pthread_mutex_lock(&p->mu);
	p->head++;
	pthread_cond_signal(&p->free);
	pthread_mutex_unlock(&p->mu);
	return r;
}

/* input_gz_start - run inflate on a thread; without one, inflate inline. */
void
input_gz_start(struct input *in)
{
	struct gzpipe	*p = xcalloc(1, sizeof(*p));
	int		 i;

	for (i = 0; i < GZ_SLOTS; i++)
		p->blk[i].data = xmalloc(INPUT_BUF(in));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->full, NULL);
	pthread_cond_init(&p->free, NULL);
	in->pipe = p;
	if (pthread_create(&p->th, NULL, gz_thread, in) != 0) {
		in->pipe = NULL;
		gz_free(p);
	}
}

void
input_gz_stop(struct input *in)
{
	pthread_mutex_lock(&in->pipe->mu);
	in->pipe->stop = 1;
	pthread_cond_signal(&in->pipe->free);
	pthread_mutex_unlock(&in->pipe->mu);
	pthread_join(in->pipe->th, NULL);
	gz_free(in->pipe);
	in->pipe = NULL;
}
