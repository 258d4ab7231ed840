/*
 * fuzz_input.c - libFuzzer harness for the input layer (analyzer/scan/input.c):
 * the fuzz bytes are a file, plain or gzip, read to the end through
 * input_next().  Every line is checked against a reference model written
 * here from input.h's contract (split at "\n", one "\r" stripped, cut at
 * maxline, NUL bytes shown as spaces); gzip is inflated independently with
 * zlib for the model.  Each input runs twice: the default block size, then
 * a small block size and maxline chosen from a hash of the bytes, so that
 * buffer boundaries fall everywhere.
 *
 * fuzz-max-len: 65536 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "scan/input.h"
#include "fuzz_util.h"

/* The test hook of input.c (not in input.h; tests/check_input.c uses it). */
void	input_set_blocksize_for_test(size_t);

#define REF_MAX		(16u * 1024 * 1024)	/* model output bound */

/* The uncompressed stream the model splits; ok 0 when it ends in error. */
struct ref {
	unsigned char	*u;
	size_t		 n, cap;
	int		 ok;
	int		 capped;	/* more than REF_MAX: no model */
};

static void
ref_put(struct ref *r, const unsigned char *p, size_t n)
{
	if (r->capped || n == 0)
		return;
	if (r->n + n > REF_MAX) {
		r->capped = 1;
		return;
	}
	if (r->n + n > r->cap) {
		r->cap = (r->n + n) * 2;
		if ((r->u = realloc(r->u, r->cap)) == NULL)
			abort();
	}
	memcpy(r->u + r->n, p, n);
	r->n += n;
}

/*
 * ref_gunzip - inflate every member as input.h describes: members follow
 * each other; after the last one only NUL padding may follow.  On a
 * decompression error, r->u holds what was decoded before it and r->ok
 * is 0.
 */
static void
ref_gunzip(struct ref *r, const uint8_t *data, size_t len)
{
	unsigned char	 out[65536];
	z_stream	 zs;
	size_t		 i;
	int		 ret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		abort();
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)len;
	r->ok = 0;
	for (;;) {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		ret = inflate(&zs, Z_NO_FLUSH);
		ref_put(r, out, sizeof(out) - zs.avail_out);
		if (r->capped)
			break;
		if (ret == Z_STREAM_END) {
			if (zs.avail_in == 0) {
				r->ok = 1;
				break;
			}
			if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f &&
			    zs.next_in[1] == 0x8b) {
				inflateReset(&zs);
				continue;
			}
			for (i = 0; i < zs.avail_in; i++)
				if (zs.next_in[i] != 0)
					break;
			r->ok = i == zs.avail_in;
			break;
		}
		if (ret == Z_OK)
			continue;
		/* Z_BUF_ERROR: no input left (truncated); else corrupt. */
		break;
	}
	inflateEnd(&zs);
}

/* The model's cursor over the uncompressed stream. */
struct model {
	const unsigned char	*u;
	size_t			 n, pos;
	size_t			 maxline;
	unsigned long		 lines, truncated, nul_lines;
};

/*
 * model_next - the next line as input.h promises it: 1 with *p and *len (the
 * bytes before NUL replacement, already cut), 0 at the end.
 */
static int
model_next(struct model *m, const unsigned char **p, size_t *len)
{
	const unsigned char	*s, *nl;
	size_t			 n;

	if (m->pos >= m->n)
		return 0;
	s = m->u + m->pos;
	nl = memchr(s, '\n', m->n - m->pos);
	n = nl != NULL ? (size_t)(nl - s) : m->n - m->pos;
	m->pos += n + (nl != NULL);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > m->maxline) {
		n = m->maxline;
		m->truncated++;
	}
	if (memchr(s, '\0', n) != NULL)
		m->nul_lines++;
	m->lines++;
	*p = s;
	*len = n;
	return 1;
}

/*
 * drain - read the whole input with the given maxline and block size and
 * hold every line and counter to the model (when there is one).
 */
static void
drain(const char *path, const uint8_t *data, size_t size,
    const struct ref *ref, size_t maxline, size_t blksz)
{
	const struct input_stats *st;
	struct input		*in;
	struct model		 m;
	const unsigned char	*mp;
	const char		*line;
	size_t			 len, mlen, i;
	unsigned long		 count = 0;
	int			 r, r2, gz, model;

	gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
	model = !ref->capped;
	memset(&m, 0, sizeof(m));
	m.u = ref->u;
	m.n = ref->n;
	m.maxline = maxline;

	input_set_blocksize_for_test(blksz);
	in = input_open(path, maxline);
	input_set_blocksize_for_test(0);
	if (in == NULL) {
		perror(path);
		FUZZ_CHECK(0, "input_open failed on a readable file");
	}
	FUZZ_CHECK(input_stats(in)->compressed == gz, "compressed %d, magic %d",
	    input_stats(in)->compressed, gz);

	while ((r = input_next(in, &line, &len)) == 1) {
		count++;
		FUZZ_CHECK(line != NULL, "line %lu is NULL", count);
		FUZZ_CHECK(len <= maxline, "line %lu: len %zu > maxline %zu",
		    count, len, maxline);
		FUZZ_CHECK(line[len] == '\0', "line %lu not terminated",
		    count);
		FUZZ_CHECK(memchr(line, '\0', len) == NULL,
		    "line %lu holds a NUL byte", count);
		FUZZ_CHECK(input_lineno(in) == count, "lineno %lu, count %lu",
		    input_lineno(in), count);
		FUZZ_CHECK(input_stats(in)->lines == count,
		    "stats lines %lu, count %lu", input_stats(in)->lines,
		    count);
		if (!model)
			continue;
		FUZZ_CHECK(model_next(&m, &mp, &mlen) == 1,
		    "line %lu beyond the model's %lu lines", count, m.lines);
		FUZZ_CHECK(len == mlen, "line %lu: len %zu, model %zu", count,
		    len, mlen);
		for (i = 0; i < len; i++)
			FUZZ_CHECK((unsigned char)line[i] ==
			    (mp[i] == '\0' ? ' ' : mp[i]),
			    "line %lu differs from the model at byte %zu",
			    count, i);
	}
	FUZZ_CHECK(r == 0 || r == -1, "input_next returned %d", r);
	r2 = input_next(in, &line, &len);
	FUZZ_CHECK(r2 == r, "input_next returned %d after %d", r2, r);
	r2 = input_next(in, &line, &len);
	FUZZ_CHECK(r2 == r, "input_next returned %d twice after %d", r2, r);

	FUZZ_CHECK(input_error(in) != NULL, "input_error is NULL");
	FUZZ_CHECK((r == -1) == (input_error(in)[0] != '\0'),
	    "return %d with error \"%s\"", r, input_error(in));
	st = input_stats(in);
	FUZZ_CHECK(st->lines == count, "stats lines %lu, count %lu",
	    st->lines, count);
	FUZZ_CHECK(st->truncated <= count && st->nul_lines <= count,
	    "truncated %lu, nul_lines %lu of %lu lines", st->truncated,
	    st->nul_lines, count);
	FUZZ_CHECK(st->raw_bytes <= size, "raw_bytes %llu of a %zu-byte file",
	    st->raw_bytes, size);
	if (!gz) {
		FUZZ_CHECK(r == 0, "plain file ended with %d: %s", r,
		    input_error(in));
		FUZZ_CHECK(st->bytes == size && st->raw_bytes == size,
		    "plain bytes %llu raw %llu of %zu", st->bytes,
		    st->raw_bytes, size);
	}
	if (model) {
		FUZZ_CHECK(model_next(&m, &mp, &mlen) == 0,
		    "input ended at %lu lines, model has more", count);
		FUZZ_CHECK(r == (ref->ok ? 0 : -1),
		    "input_next ended with %d, model says %s (%s)", r,
		    ref->ok ? "ok" : "error", input_error(in));
		FUZZ_CHECK(st->truncated == m.truncated,
		    "truncated %lu, model %lu", st->truncated, m.truncated);
		FUZZ_CHECK(st->nul_lines == m.nul_lines,
		    "nul_lines %lu, model %lu", st->nul_lines, m.nul_lines);
		FUZZ_CHECK(st->bytes == ref->n, "bytes %llu, model %zu",
		    st->bytes, ref->n);
		if (ref->ok)
			FUZZ_CHECK(st->raw_bytes == size,
			    "raw_bytes %llu of %zu after a clean end",
			    st->raw_bytes, size);
	}
	input_close(in);
}

static size_t
hash(const uint8_t *data, size_t size)
{
	size_t	h = 2166136261u ^ size, i;

	for (i = 0; i < size && i < 64; i++)
		h = (h ^ data[i]) * 16777619u;
	for (i = size > 64 ? size - 64 : 64; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t	maxlines[] = { 1, 2, 3, 7, 64, 256, 257 };
	static const size_t	blocks[] = { 1, 2, 3, 5, 16, 255, 4096 };
	struct ref		 ref;
	char			 path[64];
	size_t			 h, maxline, blksz, work;
	int			 fd;

	if ((fd = fuzz_memfile(data, size, path, sizeof(path))) == -1)
		return 0;
	memset(&ref, 0, sizeof(ref));
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		ref_gunzip(&ref, data, size);
	else {
		ref.u = (unsigned char *)data;
		ref.n = size;
		ref.ok = 1;
	}

	/* The default block size with a small maxline. */
	drain(path, data, size, &ref, 256, 0);

	/* Small blocks, a hashed maxline; bounded work per input. */
	h = hash(data, size);
	maxline = maxlines[h % (sizeof(maxlines) / sizeof(maxlines[0]))];
	blksz = blocks[(h >> 8) % (sizeof(blocks) / sizeof(blocks[0]))];
	work = size > ref.n ? size : ref.n;
	if (blksz < work / 8192 + 1)
		blksz = work / 8192 + 1;
	if (!ref.capped)
		drain(path, data, size, &ref, maxline, blksz);

	if (ref.u != data)
		free(ref.u);
	close(fd);
	return 0;
}
