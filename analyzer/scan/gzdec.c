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
};

static void
start(struct gzdec *d)
{
	unsigned char	*p = d->st.next_in;
	uint32_t	 n = d->st.avail_in;

	isal_inflate_init(&d->st);
	d->st.crc_flag = ISAL_GZIP;	/* header, trailer and CRC checked */
	d->st.next_in = p;
	d->st.avail_in = n;
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

void
gzd_set_input(struct gzdec *d, unsigned char *p, size_t n)
{
	d->st.next_in = p;
	d->st.avail_in = (uint32_t)n;	/* blocks are far below 4 GiB */
}

unsigned char *
gzd_next_in(const struct gzdec *d)
{
	return d->st.next_in;
}

size_t
gzd_avail_in(const struct gzdec *d)
{
	return d->st.avail_in;
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
	int	rc;

	d->st.next_out = (uint8_t *)dst;
	d->st.avail_out = (uint32_t)n;
	rc = isal_inflate(&d->st);
	*got = n - d->st.avail_out;
	if (rc < 0 || rc == ISAL_NEED_DICT) {
		snprintf(d->err, sizeof(d->err), "%s", isal_msg(rc));
		return GZD_ERR;
	}
	if (d->st.block_state == ISAL_BLOCK_FINISH)
		return GZD_END;
	return GZD_OK;
}

const char *
gzd_library(void)
{
	return "isa-l igzip";
}

#else /* zlib */
#include <zlib.h>

struct gzdec {
	z_stream	zs;
	const char	*err;
};

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
}

void
gzd_set_input(struct gzdec *d, unsigned char *p, size_t n)
{
	d->zs.next_in = p;
	d->zs.avail_in = (uInt)n;
}

unsigned char *
gzd_next_in(const struct gzdec *d)
{
	return d->zs.next_in;
}

size_t
gzd_avail_in(const struct gzdec *d)
{
	return d->zs.avail_in;
}

enum gzd_rc
gzd_run(struct gzdec *d, char *dst, size_t n, size_t *got)
{
	int	ret;

	d->zs.next_out = (Bytef *)dst;
	d->zs.avail_out = (uInt)n;
	ret = inflate(&d->zs, Z_NO_FLUSH);
	*got = n - d->zs.avail_out;
	switch (ret) {
	case Z_STREAM_END:
		return GZD_END;
	case Z_OK:
	case Z_BUF_ERROR:
		return GZD_OK;
	default:
		d->err = d->zs.msg != NULL ? d->zs.msg : zError(ret);
		return GZD_ERR;
	}
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
gzd_free(struct gzdec *d)
{
	if (d == NULL)
		return;
#ifndef SMTPLOG_ISAL
	inflateEnd(&d->zs);
#endif
	free(d);
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
