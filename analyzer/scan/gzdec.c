/*
 * gzdec.c - a gzip member decoder: zlib by default, ISA-L's igzip when
 * built with SMTPLOG_ISAL (make ISAL=1).  See gzdec.h.
 *
 * igzip inflates about five times faster than zlib here (1 GiB of log:
 * 0.07 s against 0.47 s of CPU per 96 MiB), which matters once parsing
 * is cheap enough for inflate to be a large share of a gzip scan.  zlib
 * stays the default: it is everywhere, and its messages are the ones the
 * tests expect word for word.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gzdec.h"
#include "lib/xmalloc.h"

#ifdef SMTPLOG_ISAL
#include <isa-l/igzip_lib.h>

struct gzdec {
	struct inflate_state	 st;
	char			 err[128];
	int			 check;		/* the error was the check */
	int			 new_block;
	unsigned long long	 in_total;	/* bytes taken this member */
	unsigned long long	 block_in;
};
#define STREAM(d)	((d)->st)	/* next_in, avail_in */

static void
start(struct gzdec *d)
{
	unsigned char	*p = d->st.next_in;
	uint32_t	 n = d->st.avail_in;

	isal_inflate_init(&d->st);
	d->st.crc_flag = ISAL_GZIP;	/* header, trailer and CRC checked */
	d->st.next_in = p;
	d->st.avail_in = n;
	d->new_block = 0;
	d->in_total = d->block_in = 0;
}

struct gzdec *
gzd_new(void)
{
	struct gzdec	*d = xcalloc(1, sizeof(*d));

	start(d);
	return d;
}

void
gzd_reset(struct gzdec *d)
{
	start(d);
}

static const char *
isal_msg(int rc)
{
	switch (rc) {
	case ISAL_INVALID_BLOCK:	return "invalid deflate block";
	case ISAL_INVALID_SYMBOL:	return "invalid deflate symbol";
	case ISAL_INVALID_LOOKBACK:	return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER:	return "invalid gzip header";
	case ISAL_UNSUPPORTED_METHOD:	return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM:	return "incorrect data check";
	case ISAL_NEED_DICT:		return "needs a dictionary";
	default:			return "inflate error";
	}
}

enum gzd_rc
gzd_run(struct gzdec *d, char *dst, size_t n, size_t *got)
{
	uint32_t	before = d->st.avail_in;
	int		rc;

	d->st.next_out = (uint8_t *)dst;
	d->st.avail_out = (uint32_t)n;
	rc = isal_inflate(&d->st);
	*got = n - d->st.avail_out;
	d->in_total += before - d->st.avail_in;
	if (rc < 0 || rc == ISAL_NEED_DICT) {
		snprintf(d->err, sizeof(d->err), "%s", isal_msg(rc));
		d->check = rc == ISAL_INCORRECT_CHECKSUM;
		return GZD_ERR;
	}
	/* Bits read ahead into read_in belong to the block that starts. */
	if ((d->new_block = d->st.block_state == ISAL_BLOCK_NEW_HDR))
		d->block_in = d->in_total - (unsigned)d->st.read_in_length / 8;
	if (d->st.block_state == ISAL_BLOCK_FINISH)
		return GZD_END;
	return GZD_OK;
}

const char *
gzd_library(void)
{
	return "isa-l igzip";
}

const char *
gzd_block_word(void)
{
	return "data";
}

int
gzd_cheap(void)
{
	return 1;
}

#else /* zlib */
#include <zlib.h>

struct gzdec {
	z_stream	zs;
	const char	*err;
	int		 check;		/* the error was the check */
	int		 new_block;
	unsigned long long block_in;
};
#define STREAM(d)	((d)->zs)	/* next_in, avail_in */

/* zlib's allocations through xmalloc: out of memory is fatal. */
static voidpf
zalloc_x(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xreallocarray(NULL, items, size);
}

static void
zfree_x(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

struct gzdec *
gzd_new(void)
{
	struct gzdec	*d = xcalloc(1, sizeof(*d));

	d->zs.zalloc = zalloc_x;
	d->zs.zfree = zfree_x;
	/* 16 + MAX_WBITS: a gzip wrapper, checked. */
	if (inflateInit2(&d->zs, 16 + MAX_WBITS) != Z_OK) {
		free(d);
		return NULL;
	}
	return d;
}

void
gzd_reset(struct gzdec *d)
{
	inflateReset(&d->zs);
	d->new_block = 0;
	d->block_in = 0;
}

enum gzd_rc
gzd_run(struct gzdec *d, char *dst, size_t n, size_t *got)
{
	int	ret;

	d->zs.next_out = (Bytef *)dst;
	d->zs.avail_out = (uInt)n;
	/*
	 * Z_BLOCK: stop at the end of each deflate block (data_type 128),
	 * where the next block starts data_type & 7 bits before the end of
	 * what was taken; a block is tens of KiB of output.
	 */
	ret = inflate(&d->zs, Z_BLOCK);
	*got = n - d->zs.avail_out;
	switch (ret) {
	case Z_STREAM_END:
		return GZD_END;
	case Z_OK:
	case Z_BUF_ERROR:
		if ((d->new_block = (d->zs.data_type & 128) != 0))
			d->block_in = d->zs.total_in -
			    ((d->zs.data_type & 7) != 0);
		return GZD_OK;
	default:
		d->err = d->zs.msg != NULL ? d->zs.msg : zError(ret);
		/* zlib's words for the gzip trailer's CRC-32 and length. */
		d->check = ret == Z_DATA_ERROR && d->zs.msg != NULL &&
		    (strcmp(d->zs.msg, "incorrect data check") == 0 ||
		    strcmp(d->zs.msg, "incorrect length check") == 0);
		return GZD_ERR;
	}
}

const char *
gzd_block_word(void)
{
	return "block";
}

int
gzd_cheap(void)
{
	return 0;
}

const char *
gzd_library(void)
{
	static char	name[32];

	if (name[0] == '\0')
		snprintf(name, sizeof(name), "zlib %s", zlibVersion());
	return name;
}
#endif

void
gzd_set_input(struct gzdec *d, unsigned char *p, size_t n)
{
	STREAM(d).next_in = p;
	/* Both stream types count in 32 bits: blocks are far below 4 GiB. */
	STREAM(d).avail_in = (unsigned int)n;
}

unsigned char *
gzd_next_in(const struct gzdec *d)
{
	return STREAM(d).next_in;
}

size_t
gzd_avail_in(const struct gzdec *d)
{
	return STREAM(d).avail_in;
}

void
gzd_free(struct gzdec *d)
{
	if (d == NULL)
		return;
#ifndef SMTPLOG_ISAL
	inflateEnd(&d->zs);
#endif
	free(d);
}

int
gzd_check_failed(const struct gzdec *d)
{
	return d->check;
}

int
gzd_new_block(const struct gzdec *d)
{
	return d->new_block;
}

unsigned long long
gzd_block_in(const struct gzdec *d)
{
	return d->block_in;
}

const char *
gzd_error(const struct gzdec *d)
{
#ifdef SMTPLOG_ISAL
	return d->err;
#else
	return d->err != NULL ? d->err : "";
#endif
}
