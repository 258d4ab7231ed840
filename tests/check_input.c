/*
 * check_input.c - tests for input.c: line splitting, CRLF, NUL bytes, long
 * lines, gzip (multi-member, empty, truncated, corrupt, trailing bytes),
 * stdin and buffer boundaries.  Data is made at run time in a temp dir.
 */
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "scan/gzdec.h"
#include "scan/input.h"
#include "lib/xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Not public: input.c exports it for tests only. */
void	input_set_blocksize_for_test(size_t);

static char	 tmpdir[64];

struct got {
	char			*text;	/* each line + "\n" */
	size_t			 len, cap;
	unsigned long		 n;
	int			 rc;
	char			 err[256];
	struct input_stats	 st;
	unsigned long		 lineno;
};

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_input.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	input_set_blocksize_for_test(0);
}

static void
teardown(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[512];

	input_set_blocksize_for_test(0);
	if ((d = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
		if (unlink(p) == -1)
			rmdir(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

static void
tpath(char *dst, size_t n, const char *name)
{
	snprintf(dst, n, "%s/%s", tmpdir, name);
}

static void
put(const char *path, const void *data, size_t len)
{
	FILE	*fp;

	ck_assert_msg((fp = fopen(path, "wb")) != NULL, "fopen %s", path);
	ck_assert(len == 0 || fwrite(data, 1, len, fp) == len);
	ck_assert(fclose(fp) == 0);
}

/* gz - one gzip member holding data[0, len); the caller frees it. */
static unsigned char *
gz(const void *data, size_t len, size_t *outlen)
{
	z_stream	 zs;
	unsigned char	*out;
	size_t		 cap;

	memset(&zs, 0, sizeof(zs));
	ck_assert(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) == Z_OK);
	cap = deflateBound(&zs, len) + 64;
	out = xmalloc(cap);
	zs.next_in = (Bytef *)data;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	ck_assert(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

/* buffer append, for building test data */
static void
app(char **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* ascii - no byte of s[0..n) is above 0x7f. */
static int
ascii(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] > 0x7f)
			return 0;
	return 1;
}

/*
 * slurp - read path to the end, checking on the way what every line must
 * satisfy: NUL-terminated, no NUL or newline inside, at most maxline.
 */
static void
slurp(const char *path, size_t maxline, struct got *g)
{
	struct input	*in;
	const char	*line;
	size_t		 len, bound;

	bound = maxline != 0 ? maxline : INPUT_DEFAULT_MAXLINE;
	memset(g, 0, sizeof(*g));
	in = input_open(path, maxline);
	ck_assert_msg(in != NULL, "input_open %s: %s", path, strerror(errno));
	while ((g->rc = input_next(in, &line, &len)) == 1) {
		ck_assert_msg(line[len] == '\0', "line %lu not terminated",
		    g->n + 1);
		ck_assert_msg(memchr(line, '\0', len) == NULL &&
		    memchr(line, '\n', len) == NULL,
		    "line %lu holds NUL or newline", g->n + 1);
		ck_assert_msg(len <= bound, "got len %zu, want <= %zu", len,
		    bound);
		ck_assert_msg(input_ascii(in) == ascii(line, len),
		    "line %lu: got input_ascii %d", g->n + 1, input_ascii(in));
		app(&g->text, &g->len, &g->cap, line, len);
		app(&g->text, &g->len, &g->cap, "\n", 1);
		g->n++;
	}
	if (g->text == NULL)
		g->text = xstrdup("");
	/* The end is sticky: the same answer again. */
	ck_assert_msg(input_next(in, &line, &len) == g->rc,
	    "got a different result after %d", g->rc);
	snprintf(g->err, sizeof(g->err), "%s", input_error(in));
	g->st = *input_stats(in);
	g->lineno = input_lineno(in);
	input_close(in);
}

static void
check_text(const struct got *g, const char *want, size_t wantlen)
{
	ck_assert_msg(g->len == wantlen && memcmp(g->text, want, wantlen) == 0,
	    "got \"%.200s\" (%zu bytes), want \"%.200s\" (%zu bytes)",
	    g->text, g->len, want, wantlen);
}

/*
 * reference - what input.c must make of data, computed the slow and
 * obvious way: split at "\n", strip one "\r", cut, NUL to space.
 */
static void
reference(const char *data, size_t len, size_t maxline, struct got *r)
{
	size_t	 i, s, e, n;
	char	*line;

	memset(r, 0, sizeof(*r));
	r->text = xstrdup("");
	line = xmalloc(maxline + 1);
	for (s = 0; s < len; s = e + 1) {
		for (e = s; e < len && data[e] != '\n'; e++)
			;
		n = e - s;
		if (n > 0 && data[s + n - 1] == '\r')
			n--;
		if (n > maxline) {
			n = maxline;
			r->st.truncated++;
		}
		memcpy(line, data + s, n);
		if (memchr(line, '\0', n) != NULL)
			r->st.nul_lines++;
		for (i = 0; i < n; i++)
			if (line[i] == '\0')
				line[i] = ' ';
		app(&r->text, &r->len, &r->cap, line, n);
		app(&r->text, &r->len, &r->cap, "\n", 1);
		r->n++;
	}
	free(line);
}

static void
plain_case(const char *data, size_t len, size_t maxline, const char *want,
    size_t wantlen)
{
	char		 p[256];
	struct got	 g;

	tpath(p, sizeof(p), "in.log");
	put(p, data, len);
	slurp(p, maxline, &g);
	ck_assert_msg(g.rc == 0, "got rc %d (%s), want 0", g.rc, g.err);
	check_text(&g, want, wantlen);
	free(g.text);
}

START_TEST(test_input_plain_lines)
{
	static const char	 data[] = "a\nbb\n\nccc\n";
	char			 p[256];
	struct got		 g;

	tpath(p, sizeof(p), "plain.log");
	put(p, data, sizeof(data) - 1);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0, "got rc %d, want 0", g.rc);
	check_text(&g, data, sizeof(data) - 1);
	ck_assert_msg(g.st.lines == 4 && g.lineno == 4,
	    "got lines %lu lineno %lu, want 4 4", g.st.lines, g.lineno);
	ck_assert_msg(g.st.bytes == 10 && g.st.raw_bytes == 10,
	    "got bytes %llu raw %llu, want 10 10", g.st.bytes,
	    g.st.raw_bytes);
	ck_assert_msg(g.st.compressed == 0 && g.st.truncated == 0 &&
	    g.st.nul_lines == 0, "got compressed/truncated/nul %d/%lu/%lu, "
	    "want 0/0/0", g.st.compressed, g.st.truncated, g.st.nul_lines);
	ck_assert_msg(strcmp(g.err, "") == 0, "got error %s, want none",
	    g.err);
	free(g.text);
}
END_TEST

START_TEST(test_input_crlf)
{
	static const char	 data[] = "a\r\nb\r\n\r\nc\rd\r\n\r\r\n";

	/* Only the "\r" right before "\n" goes; others are data. */
	plain_case(data, sizeof(data) - 1, 0, "a\nb\n\nc\rd\n\r\n", 11);
}
END_TEST

START_TEST(test_input_no_final_newline)
{
	plain_case("a\nlast", 6, 0, "a\nlast\n", 7);
	plain_case("a\nlast\r", 7, 0, "a\nlast\n", 7);
	plain_case("x", 1, 0, "x\n", 2);
	/* One gzip magic byte alone is text. */
	plain_case("\x1f", 1, 0, "\x1f\n", 2);
}
END_TEST

START_TEST(test_input_empty_file)
{
	char		 p[256];
	struct got	 g;

	tpath(p, sizeof(p), "empty.log");
	put(p, "", 0);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0 && g.n == 0 && g.lineno == 0,
	    "got rc %d lines %lu, want 0 0", g.rc, g.n);
	ck_assert_msg(g.st.compressed == 0 && g.st.bytes == 0,
	    "got compressed %d bytes %llu, want 0 0", g.st.compressed,
	    g.st.bytes);
	free(g.text);
}
END_TEST

START_TEST(test_input_nul_byte)
{
	static const char	 data[] = "ab\0c\n\0\0\nok\nz\0";
	char			 p[256];
	struct got		 g;

	tpath(p, sizeof(p), "nul.log");
	put(p, data, sizeof(data) - 1);
	slurp(p, 0, &g);
	check_text(&g, "ab c\n  \nok\nz \n", 14);
	ck_assert_msg(g.st.nul_lines == 3, "got nul_lines %lu, want 3",
	    g.st.nul_lines);
	free(g.text);
}
END_TEST

/* Block sizes for the loop tests, 0 being the default. */
static const size_t	 blocks[] = { 0, 1, 2, 3, 5, 7, 16, 17, 18, 19, 64,
	4096 };

/*
 * Bytes above 0x7f (made up: UTF-8, a stray Latin-1 byte, one past a long
 * line's cut, lines of 64 bytes and more for the 64-byte steps) for
 * input_ascii(), which slurp() checks on every line.
 */
START_TEST(test_input_ascii)
{
	static const char	 data[] =
	    "plain\n"
	    "caf\xc3\xa9\n"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    "xyz\n"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"
	    "\xff\n"
	    "\xe9t\xe9\r\n"
	    "\n"
	    "after\n"
	    "long line cut before its\xc3\xa9\n"
	    "last \xe2\x82\xac";
	char			 p[256];
	struct got		 g;

	input_set_blocksize_for_test(blocks[_i]);
	tpath(p, sizeof(p), "ascii.log");
	put(p, data, sizeof(data) - 1);
	slurp(p, 0, &g);
	ck_assert_msg(g.n == 9, "got %lu lines, want 9", g.n);
	free(g.text);
	slurp(p, 24, &g);
	ck_assert_msg(g.st.truncated == 3, "got truncated %lu, want 3",
	    g.st.truncated);
	free(g.text);
}
END_TEST

START_TEST(test_input_long_line)
{
	char		*data = NULL, *want = NULL, p[256];
	size_t		 len = 0, cap = 0, wlen = 0, wcap = 0, i;
	struct got	 g;

	input_set_blocksize_for_test(blocks[_i]);
	app(&data, &len, &cap, "short\n", 6);
	for (i = 0; i < 1024 * 1024; i++)
		app(&data, &len, &cap, i % 2 ? "x" : "\r", 1);
	app(&data, &len, &cap, "\nafter\n", 7);
	app(&data, &len, &cap, "0123456789abcdef\n", 17);	/* 16 */
	app(&data, &len, &cap, "0123456789abcdefg\n", 18);	/* 17 */
	app(&data, &len, &cap, "0123456789abcdef\r\n", 18);	/* 16 */
	app(&data, &len, &cap, "0123456789abcdef\0\n", 18);	/* NUL cut */
	app(&data, &len, &cap, "0123456789abcdefghij", 20);	/* last */

	app(&want, &wlen, &wcap, "short\n", 6);
	for (i = 0; i < 16; i++)
		app(&want, &wlen, &wcap, i % 2 ? "x" : "\r", 1);
	app(&want, &wlen, &wcap, "\nafter\n", 7);
	for (i = 0; i < 5; i++)
		app(&want, &wlen, &wcap, "0123456789abcdef\n", 17);

	tpath(p, sizeof(p), "long.log");
	put(p, data, len);
	slurp(p, 16, &g);
	ck_assert_msg(g.rc == 0, "got rc %d, want 0", g.rc);
	check_text(&g, want, wlen);
	ck_assert_msg(g.st.truncated == 4, "got truncated %lu, want 4",
	    g.st.truncated);
	ck_assert_msg(g.st.nul_lines == 0, "got nul_lines %lu, want 0",
	    g.st.nul_lines);
	ck_assert_msg(g.st.bytes == len, "got bytes %llu, want %zu",
	    g.st.bytes, len);
	free(g.text);
	free(data);
	free(want);
}
END_TEST

START_TEST(test_input_default_maxline)
{
	char		*data, p[256];
	size_t		 len = INPUT_DEFAULT_MAXLINE + 100;
	struct got	 g;

	data = xmalloc(len + 1);
	memset(data, 'y', len);
	data[len] = '\n';
	tpath(p, sizeof(p), "default.log");
	put(p, data, len + 1);
	slurp(p, 0, &g);
	ck_assert_msg(g.n == 1 && g.len == INPUT_DEFAULT_MAXLINE + 1,
	    "got %lu lines of %zu bytes, want 1 of %d", g.n, g.len - 1,
	    INPUT_DEFAULT_MAXLINE);
	ck_assert_msg(g.st.truncated == 1, "got truncated %lu, want 1",
	    g.st.truncated);
	free(g.text);
	free(data);
}
END_TEST

START_TEST(test_input_gzip_single)
{
	static const char	 data[] = "a\nb\r\nc";
	unsigned char		*z;
	size_t			 zlen;
	char			 p[256];
	struct got		 g;

	/* The name says nothing: detection is by magic bytes. */
	z = gz(data, sizeof(data) - 1, &zlen);
	tpath(p, sizeof(p), "gzip.txt");
	put(p, z, zlen);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0, "got rc %d (%s), want 0", g.rc, g.err);
	check_text(&g, "a\nb\nc\n", 6);
	ck_assert_msg(g.st.compressed == 1, "got compressed %d, want 1",
	    g.st.compressed);
	ck_assert_msg(g.st.bytes == sizeof(data) - 1 && g.st.raw_bytes == zlen,
	    "got bytes %llu raw %llu, want %zu %zu", g.st.bytes,
	    g.st.raw_bytes, sizeof(data) - 1, zlen);
	free(g.text);
	free(z);
}
END_TEST

/* write the members for parts[] one after another, as cat a.gz b.gz */
static size_t
put_members(const char *path, const char *const *parts, size_t nparts)
{
	char		*all = NULL;
	unsigned char	*z;
	size_t		 len = 0, cap = 0, zlen, i;

	for (i = 0; i < nparts; i++) {
		z = gz(parts[i], strlen(parts[i]), &zlen);
		app(&all, &len, &cap, z, zlen);
		free(z);
	}
	put(path, all, len);
	free(all);
	return len;
}

START_TEST(test_input_gzip_multi_member)
{
	/* A line runs across members, and one member is empty. */
	static const char *const parts[] = { "one\ntw", "", "o\nthree\n",
	    "four" };
	char		 p[256];
	struct got	 g;

	input_set_blocksize_for_test(blocks[_i]);
	tpath(p, sizeof(p), "multi.gz");
	put_members(p, parts, NELEM(parts));
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0, "got rc %d (%s), want 0", g.rc, g.err);
	check_text(&g, "one\ntwo\nthree\nfour\n", 19);
	free(g.text);
}
END_TEST

START_TEST(test_input_gzip_empty)
{
	unsigned char	*z;
	size_t		 zlen;
	char		 p[256];
	struct got	 g;

	z = gz("", 0, &zlen);
	tpath(p, sizeof(p), "empty.gz");
	put(p, z, zlen);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0 && g.n == 0, "got rc %d lines %lu, want 0 0",
	    g.rc, g.n);
	ck_assert_msg(g.st.compressed == 1, "got compressed %d, want 1",
	    g.st.compressed);
	free(g.text);
	free(z);
}
END_TEST

/* text - n numbered lines that do not compress to nothing */
static char *
text(const char *tag, int n, size_t *len)
{
	char	*buf = NULL, line[128];
	size_t	 cap = 0;
	int	 i, k;

	*len = 0;
	for (i = 0; i < n; i++) {
		k = snprintf(line, sizeof(line), "%s %d host%u.example %x\n",
		    tag, i, (unsigned)(i * 2654435761u) % 9973,
		    (unsigned)(i * 40503u));
		app(&buf, len, &cap, line, k);
	}
	return buf;
}

START_TEST(test_input_gzip_truncated)
{
	char			*data, p[256], want[128];
	unsigned char		*z;
	size_t			 len, zlen;
	struct got		 g;

	data = text("line", 20000, &len);
	z = gz(data, len, &zlen);
	tpath(p, sizeof(p), "cut.gz");
	put(p, z, zlen / 2);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == -1, "got rc %d, want -1", g.rc);
	ck_assert_msg(g.n > 1000, "got %lu lines, want > 1000", g.n);
	/* Whole lines, then maybe the start of one. */
	ck_assert_msg(g.len - 1 <= len && memcmp(g.text, data, g.len - 1) == 0,
	    "got lines that are not a prefix of the input");
	snprintf(want, sizeof(want), "gzip data truncated in member 1 (from "
	    "byte 0): the file ends at byte %zu inside the deflate %s "
	    "from byte ", zlen / 2, gzd_block_word());
	ck_assert_msg(strncmp(g.err, want, strlen(want)) == 0,
	    "got %s, want %s...", g.err, want);
	free(g.text);
	free(data);
	free(z);
}
END_TEST

START_TEST(test_input_gzip_corrupt)
{
	char			*one, *two, *all = NULL, p[256];
	unsigned char		*z1, *z2;
	size_t			 l1, l2, zl1, zl2, len = 0, cap = 0;
	unsigned long long	 at;
	struct got		 g;
	const char		*s;

	input_set_blocksize_for_test(blocks[_i]);
	one = text("first", 1000, &l1);
	two = text("second", 5000, &l2);
	z1 = gz(one, l1, &zl1);
	z2 = gz(two, l2, &zl2);
	memset(z2 + zl2 / 2, 0xff, 64);
	app(&all, &len, &cap, z1, zl1);
	app(&all, &len, &cap, z2, zl2);
	tpath(p, sizeof(p), "corrupt.gz");
	put(p, all, len);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == -1, "got rc %d, want -1", g.rc);
	ck_assert_msg(g.len >= l1 && memcmp(g.text, one, l1) == 0,
	    "got %zu bytes, want the %zu of the first member first", g.len,
	    l1);
	/* Where inflate failed, or the member's end when only its check
	 * found the damage. */
	ck_assert_msg(sscanf(g.err, "corrupt gzip data in member 2 (from byte "
	    "%llu): ", &at) == 1 && at == zl1, "got %s, want corrupt gzip "
	    "data in member 2 (from byte %zu): ...", g.err, zl1);
	ck_assert_msg((s = strstr(g.err, "byte ")) != NULL &&
	    (s = strstr(s + 5, "byte ")) != NULL &&
	    sscanf(s, "byte %llu", &at) == 1, "got %s", g.err);
	ck_assert_msg(at > zl1 + zl2 / 2 && at <= len,
	    "got byte %llu, want in (%zu, %zu]", at, zl1 + zl2 / 2, len);
	free(g.text);
	free(one);
	free(two);
	free(z1);
	free(z2);
	free(all);
}
END_TEST

/*
 * Damage inside a member is placed: the message names the member (its
 * number and first byte), where inflate failed and the deflate block it
 * failed in; the lines decoded from that block (or the whole member, when
 * only its check at the end finds the damage) are counted as damaged.
 * Member 2 is 40,000 lines: several deflate blocks.
 */
enum { DMG_BYTES, DMG_CUT, DMG_CHECK };

static const struct {
	int	 kind;
	int	 at;		/* per mille of member 2 */
} damage[] = {
	{ DMG_BYTES, 500 },
	{ DMG_BYTES, 800 },
	{ DMG_CUT, 500 },
	{ DMG_CUT, 900 },
	{ DMG_CHECK, 0 },
};

START_TEST(test_input_gzip_damage)
{
	char			*one, *two, *all = NULL, p[256], want[160];
	unsigned char		*z1, *z2;
	size_t			 l1, l2, zl1, zl2, len = 0, cap = 0, at;
	unsigned long long	 fail, blk;
	unsigned long		 member, lines;
	struct got		 g;
	const char		*s;

	one = text("first", 1000, &l1);
	two = text("second", 40000, &l2);
	z1 = gz(one, l1, &zl1);
	z2 = gz(two, l2, &zl2);
	at = zl2 * (size_t)damage[_i].at / 1000;
	app(&all, &len, &cap, z1, zl1);
	if (damage[_i].kind == DMG_BYTES)
		memset(z2 + at, 0xff, 64);
	else if (damage[_i].kind == DMG_CHECK)
		z2[zl2 - 8] ^= 1;	/* the CRC-32 of the trailer */
	app(&all, &len, &cap, z2, damage[_i].kind == DMG_CUT ? at : zl2);
	tpath(p, sizeof(p), "damage.gz");
	put(p, all, len);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == -1, "got rc %d, want -1", g.rc);
	snprintf(want, sizeof(want), "member 2 (from byte %zu)", zl1);
	ck_assert_msg(strstr(g.err, want) != NULL, "got %s, want %s in it",
	    g.err, want);
	ck_assert_msg(g.st.damaged > 0 && g.st.damaged <= 40000,
	    "got %lu damaged lines, want 1 to 40000 (%s)", g.st.damaged,
	    g.err);
	switch (damage[_i].kind) {
	case DMG_CHECK:
		/* The whole member: only its check found the damage. */
		ck_assert_msg(strstr(g.err, "check failed") != NULL &&
		    g.st.damaged == 40000, "got %s, %lu damaged; want the "
		    "check, 40000", g.err, g.st.damaged);
		break;
	case DMG_CUT:
		ck_assert_msg(sscanf(g.err, "gzip data truncated in member %lu "
		    "(from byte %*u): the file ends at byte %llu inside the "
		    "deflate %*s from byte %llu", &member, &fail, &blk) == 3,
		    "got %s", g.err);
		/* igzip does not stop at block starts: its "deflate data"
		 * may start with the member. */
		ck_assert_msg(fail == len && blk < fail && (blk > zl1 + 10 ||
		    strcmp(gzd_block_word(), "data") == 0), "got end %llu "
		    "block %llu, want %zu, block in (%zu, end)", fail, blk,
		    len, zl1 + 10);
		/* One block's lines (igzip: maybe all the member's). */
		lines = 40000 * (unsigned long)damage[_i].at / 1000;
		ck_assert_msg(g.st.damaged < lines ||
		    strcmp(gzd_block_word(), "data") == 0, "got %lu damaged "
		    "lines, want fewer than the member's lines before the cut",
		    g.st.damaged);
		break;
	default:
		/* Either inflate fails in a block at or after the damage, or
		 * the member's check at its end does. */
		if ((s = strstr(g.err, "inflate failed at byte")) != NULL) {
			ck_assert(sscanf(s, "inflate failed at byte %llu",
			    &fail) == 1);
			ck_assert((s = strstr(g.err, " from byte ")) != NULL &&
			    (s = strstr(s + 1, " from byte ")) != NULL &&
			    sscanf(s, " from byte %llu", &blk) == 1);
			ck_assert_msg(blk <= zl1 + at && fail >= zl1 + at &&
			    fail <= len, "got block %llu failure %llu, want "
			    "block <= %zu <= failure", blk, fail, zl1 + at);
			lines = 40000;
			ck_assert_msg(g.st.damaged < lines, "got %lu damaged, "
			    "want fewer than the member's", g.st.damaged);
		} else
			ck_assert_msg(strstr(g.err, "check failed") != NULL,
			    "got %s", g.err);
	}
	free(g.text);
	free(one);
	free(two);
	free(z1);
	free(z2);
	free(all);
}
END_TEST

START_TEST(test_input_gzip_trailing)
{
	unsigned char	*z;
	char		*all = NULL, p[256], want[128];
	size_t		 zlen, len = 0, cap = 0;
	static const char zeros[100];
	struct got	 g;

	input_set_blocksize_for_test(blocks[_i]);
	z = gz("a\nb\n", 4, &zlen);
	tpath(p, sizeof(p), "trail.gz");

	/* NUL padding is ignored, as gzip(1) does. */
	app(&all, &len, &cap, z, zlen);
	app(&all, &len, &cap, zeros, sizeof(zeros));
	put(p, all, len);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == 0, "got rc %d (%s), want 0", g.rc, g.err);
	check_text(&g, "a\nb\n", 4);
	free(g.text);

	/* Anything else is an error, after the lines. */
	app(&all, &len, &cap, "junk", 4);
	put(p, all, len);
	slurp(p, 0, &g);
	ck_assert_msg(g.rc == -1, "got rc %d, want -1", g.rc);
	check_text(&g, "a\nb\n", 4);
	snprintf(want, sizeof(want),
	    "trailing garbage after gzip member at byte %zu", len - 4);
	ck_assert_msg(strcmp(g.err, want) == 0, "got %s, want %s", g.err,
	    want);
	free(g.text);

	len = zlen;
	app(&all, &len, &cap, "\x1f", 1);
	put(p, all, len);
	slurp(p, 0, &g);
	snprintf(want, sizeof(want),
	    "trailing garbage after gzip member at byte %zu", zlen);
	ck_assert_msg(g.rc == -1 && strcmp(g.err, want) == 0,
	    "got %d %s, want -1 %s", g.rc, g.err, want);
	free(g.text);
	free(all);
	free(z);
}
END_TEST

START_TEST(test_input_directory)
{
	struct input	*in;

	errno = 0;
	in = input_open(tmpdir, 0);
	ck_assert_msg(in == NULL && errno == EISDIR,
	    "got %p errno %s, want NULL EISDIR", (void *)in, strerror(errno));
}
END_TEST

START_TEST(test_input_nonexistent)
{
	struct input	*in;
	char		 p[256];

	tpath(p, sizeof(p), "no-such-file");
	errno = 0;
	in = input_open(p, 0);
	ck_assert_msg(in == NULL && errno == ENOENT,
	    "got %p errno %s, want NULL ENOENT", (void *)in, strerror(errno));
	input_close(NULL);
}
END_TEST

START_TEST(test_input_unreadable)
{
	struct input	*in;
	char		 p[256];

	if (geteuid() == 0)
		return;		/* root reads anything */
	tpath(p, sizeof(p), "secret.log");
	put(p, "x\n", 2);
	ck_assert(chmod(p, 0) == 0);
	errno = 0;
	in = input_open(p, 0);
	ck_assert_msg(in == NULL && errno == EACCES,
	    "got %p errno %s, want NULL EACCES", (void *)in, strerror(errno));
}
END_TEST

/* stdin_slurp - read "-" with fd 0 replaced by fd, then put fd 0 back. */
static void
stdin_slurp(int fd, struct got *g, time_t *mtime, char *name, size_t n)
{
	struct input	*in;
	const char	*line;
	size_t		 len;
	int		 saved;

	ck_assert((saved = dup(0)) != -1);
	ck_assert(dup2(fd, 0) == 0);
	close(fd);
	memset(g, 0, sizeof(*g));
	in = input_open("-", 0);
	ck_assert_msg(in != NULL, "input_open -: %s", strerror(errno));
	while ((g->rc = input_next(in, &line, &len)) == 1) {
		app(&g->text, &g->len, &g->cap, line, len);
		app(&g->text, &g->len, &g->cap, "\n", 1);
		g->n++;
	}
	g->st = *input_stats(in);
	*mtime = input_mtime(in);
	snprintf(name, n, "%s", input_name(in));
	input_close(in);
	/* input_close() leaves stdin open. */
	ck_assert_msg(fcntl(0, F_GETFD) != -1, "got stdin closed, want open");
	ck_assert(dup2(saved, 0) == 0);
	close(saved);
}

START_TEST(test_input_stdin_pipe)
{
	static const char	 data[] = "from\r\na pipe";
	int			 fds[2];
	time_t			 t0 = time(NULL), mt;
	char			 name[16];
	struct got		 g;

	ck_assert(pipe(fds) == 0);
	ck_assert(write(fds[1], data, sizeof(data) - 1) ==
	    (ssize_t)sizeof(data) - 1);
	close(fds[1]);
	stdin_slurp(fds[0], &g, &mt, name, sizeof(name));
	ck_assert_msg(g.rc == 0, "got rc %d, want 0", g.rc);
	check_text(&g, "from\na pipe\n", 12);
	ck_assert_msg(strcmp(name, "-") == 0, "got %s, want -", name);
	ck_assert_msg(mt >= t0 && mt <= time(NULL) + 1,
	    "got mtime %lld, want now", (long long)mt);
	free(g.text);
}
END_TEST

START_TEST(test_input_stdin_gzip)
{
	static const char *const parts[] = { "x\n", "y\nz" };
	char		 p[256], name[16];
	int		 fd;
	time_t		 mt;
	struct got	 g;

	tpath(p, sizeof(p), "stdin.gz");
	put_members(p, parts, NELEM(parts));
	ck_assert((fd = open(p, O_RDONLY)) != -1);
	stdin_slurp(fd, &g, &mt, name, sizeof(name));
	ck_assert_msg(g.rc == 0, "got rc %d, want 0", g.rc);
	check_text(&g, "x\ny\nz\n", 6);
	ck_assert_msg(g.st.compressed == 1, "got compressed %d, want 1",
	    g.st.compressed);
	free(g.text);
}
END_TEST

START_TEST(test_input_mtime)
{
	struct input	*in;
	struct timespec	 ts[2] = { { 1000000000, 0 },
	    { 1000000000, 0 } };
	char		 p[256];

	tpath(p, sizeof(p), "old.log");
	put(p, "x\n", 2);
	ck_assert(utimensat(AT_FDCWD, p, ts, 0) == 0);
	ck_assert((in = input_open(p, 0)) != NULL);
	ck_assert_msg(input_mtime(in) == 1000000000,
	    "got %lld, want 1000000000", (long long)input_mtime(in));
	ck_assert_msg(strcmp(input_name(in), p) == 0, "got %s, want %s",
	    input_name(in), p);
	input_close(in);
}
END_TEST

/* many_lines - 200k lines, read plain (gzip = 0) or compressed */
static void
many_lines(int gzip)
{
	struct input	*in;
	const char	*line;
	char		*data, p[256], want[128];
	unsigned char	*z = NULL;
	size_t		 len, zlen, n;
	unsigned long	 i;
	int		 rc;

	data = text("line", 200000, &len);
	tpath(p, sizeof(p), "many");
	if (gzip) {
		z = gz(data, len, &zlen);
		put(p, z, zlen);
	} else
		put(p, data, len);
	ck_assert((in = input_open(p, 0)) != NULL);
	for (i = 0; (rc = input_next(in, &line, &n)) == 1; i++) {
		snprintf(want, sizeof(want), "line %lu host%u.example %x", i,
		    (unsigned)(i * 2654435761u) % 9973,
		    (unsigned)(i * 40503u));
		if (strcmp(line, want) != 0 || n != strlen(want))
			ck_abort_msg("line %lu: got %s, want %s", i + 1, line,
			    want);
		if (input_lineno(in) != i + 1)
			ck_abort_msg("got lineno %lu, want %lu",
			    input_lineno(in), i + 1);
	}
	ck_assert_msg(rc == 0, "got rc %d (%s), want 0", rc, input_error(in));
	ck_assert_msg(i == 200000 && input_stats(in)->lines == 200000,
	    "got %lu lines, want 200000", i);
	ck_assert_msg(input_stats(in)->bytes == len,
	    "got bytes %llu, want %zu", input_stats(in)->bytes, len);
	ck_assert_msg(input_stats(in)->raw_bytes == (gzip ? zlen : len),
	    "got raw_bytes %llu, want %zu", input_stats(in)->raw_bytes,
	    gzip ? zlen : len);
	input_close(in);
	free(data);
	free(z);
}

START_TEST(test_input_many_lines)
{
	many_lines(0);
}
END_TEST

START_TEST(test_input_many_lines_gzip)
{
	many_lines(1);
}
END_TEST

/*
 * Lines straddling the default 256 KiB block: a "\r\n" split between two
 * reads, and a line whose "\n" is the first byte of the next block.
 */
START_TEST(test_input_block_straddle)
{
	const size_t	 blk = 256 * 1024;
	char		*data = NULL, p[256], l[100];
	size_t		 len = 0, cap = 0, want;
	struct got	 g, r;

	memset(l, 'a', sizeof(l) - 1);
	l[sizeof(l) - 1] = '\n';
	for (want = blk - 1; len < 3 * blk; want += blk) {
		while (len + sizeof(l) < want)
			app(&data, &len, &cap, l, sizeof(l));
		while (len < want)
			app(&data, &len, &cap, "b", 1);
		/* "\r" ends one block, "\n" starts the next. */
		app(&data, &len, &cap, want == blk - 1 ? "\r\n" : "c\n", 2);
	}
	tpath(p, sizeof(p), "straddle.log");
	put(p, data, len);
	slurp(p, 0, &g);
	reference(data, len, INPUT_DEFAULT_MAXLINE, &r);
	ck_assert_msg(g.rc == 0, "got rc %d, want 0", g.rc);
	check_text(&g, r.text, r.len);
	free(g.text);
	free(r.text);
	free(data);
}
END_TEST

/* random_text - len bytes from a small alphabet, mostly letters (so some
 * lines run past a maxline of 8), with "\r", NUL and newlines. */
static char *
random_text(size_t len)
{
	static const char	 alpha[] = "ab\r\n\0\r\n";
	char			*data = xmalloc(len);
	unsigned		 seed = 12345;
	size_t			 i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		data[i] = (seed >> 16) % 4 ? (char)('a' + (seed >> 20) % 3) :
		    alpha[(seed >> 18) % 7];
	}
	return data;
}

/*
 * Random bytes from a small alphabet, read at every block size and as
 * plain text and three gzip members, must match reference().
 */
START_TEST(test_input_boundaries)
{
	char			*data, *parts[3], p[256];
	size_t			 len = 20000, i, maxline = 8, cut1, cut2;
	struct got		 g, r;
	unsigned char		*z;
	size_t			 zlen, zall = 0, zcap = 0;
	char			*zbuf = NULL;

	data = random_text(len);
	reference(data, len, maxline, &r);
	ck_assert(r.st.truncated > 0 && r.st.nul_lines > 0);

	input_set_blocksize_for_test(_i);
	tpath(p, sizeof(p), "random.log");
	put(p, data, len);
	slurp(p, maxline, &g);
	ck_assert_msg(g.rc == 0, "block %d: got rc %d, want 0", _i, g.rc);
	check_text(&g, r.text, r.len);
	ck_assert_msg(g.st.truncated == r.st.truncated &&
	    g.st.nul_lines == r.st.nul_lines && g.n == r.n,
	    "block %d: got %lu/%lu/%lu, want %lu/%lu/%lu", _i, g.st.truncated,
	    g.st.nul_lines, g.n, r.st.truncated, r.st.nul_lines, r.n);
	free(g.text);

	cut1 = len / 3 + _i;
	cut2 = 2 * len / 3 - _i;
	parts[0] = data;
	parts[1] = data + cut1;
	parts[2] = data + cut2;
	for (i = 0; i < 3; i++) {
		z = gz(parts[i], i == 0 ? cut1 : i == 1 ? cut2 - cut1 :
		    len - cut2, &zlen);
		app(&zbuf, &zall, &zcap, z, zlen);
		free(z);
	}
	tpath(p, sizeof(p), "random.gz");
	put(p, zbuf, zall);
	slurp(p, maxline, &g);
	ck_assert_msg(g.rc == 0, "block %d: got rc %d (%s), want 0", _i, g.rc,
	    g.err);
	check_text(&g, r.text, r.len);
	ck_assert_msg(g.st.truncated == r.st.truncated &&
	    g.st.nul_lines == r.st.nul_lines,
	    "block %d gzip: got %lu/%lu, want %lu/%lu", _i, g.st.truncated,
	    g.st.nul_lines, r.st.truncated, r.st.nul_lines);
	free(g.text);
	free(r.text);
	free(zbuf);
	free(data);
}
END_TEST

/*
 * Blocks inflated on the inflate thread (4096 bytes and up): the reader
 * takes each block's buffer and moves its partial line in front of the
 * text (up to maxline + 1 bytes, a "\r" that a "\n" may follow), some
 * hundred times per block size here.
 */
static const size_t	thread_blocks[] = { 4096, 4097, 5003 };

START_TEST(test_input_gzip_thread)
{
	size_t		 len = 400000, zlen, maxline = 8;
	char		*data = random_text(len), p[256];
	unsigned char	*z = gz(data, len, &zlen);
	struct got	 g, r;

	reference(data, len, maxline, &r);
	input_set_blocksize_for_test(thread_blocks[_i]);
	tpath(p, sizeof(p), "thread.gz");
	put(p, z, zlen);
	slurp(p, maxline, &g);
	ck_assert_msg(g.rc == 0, "block %zu: got rc %d (%s), want 0",
	    thread_blocks[_i], g.rc, g.err);
	check_text(&g, r.text, r.len);
	ck_assert_msg(g.st.truncated == r.st.truncated &&
	    g.st.nul_lines == r.st.nul_lines && g.n == r.n,
	    "block %zu: got %lu/%lu/%lu, want %lu/%lu/%lu", thread_blocks[_i],
	    g.st.truncated, g.st.nul_lines, g.n, r.st.truncated,
	    r.st.nul_lines, r.n);
	free(g.text);
	free(r.text);
	free(z);
	free(data);
}
END_TEST

Suite *
input_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("input");

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_input_plain_lines);
	tcase_add_test(tc, test_input_crlf);
	tcase_add_test(tc, test_input_no_final_newline);
	tcase_add_test(tc, test_input_empty_file);
	tcase_add_test(tc, test_input_nul_byte);
	tcase_add_loop_test(tc, test_input_long_line, 0, NELEM(blocks));
	tcase_add_loop_test(tc, test_input_ascii, 0, NELEM(blocks));
	tcase_add_test(tc, test_input_default_maxline);
	tcase_add_test(tc, test_input_mtime);
	suite_add_tcase(s, tc);

	tc = tcase_create("gzip");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_input_gzip_single);
	tcase_add_loop_test(tc, test_input_gzip_multi_member, 0,
	    NELEM(blocks));
	tcase_add_test(tc, test_input_gzip_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_input_gzip_truncated);
	tcase_add_loop_test(tc, test_input_gzip_damage, 0, NELEM(damage));
	tcase_add_loop_test(tc, test_input_gzip_corrupt, 0, NELEM(blocks));
	tcase_add_loop_test(tc, test_input_gzip_trailing, 0, NELEM(blocks));
	tcase_add_test(tc, test_input_directory);
	tcase_add_test(tc, test_input_nonexistent);
	tcase_add_test(tc, test_input_unreadable);
	suite_add_tcase(s, tc);

	tc = tcase_create("stdin");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_input_stdin_pipe);
	tcase_add_test(tc, test_input_stdin_gzip);
	suite_add_tcase(s, tc);

	tc = tcase_create("bulk");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_input_many_lines);
	tcase_add_test(tc, test_input_many_lines_gzip);
	tcase_add_test(tc, test_input_block_straddle);
	/* The default block size (0), then every size from 1 to 40 bytes. */
	tcase_add_loop_test(tc, test_input_boundaries, 0, 41);
	tcase_add_loop_test(tc, test_input_gzip_thread, 0,
	    NELEM(thread_blocks));
	suite_add_tcase(s, tc);

	return s;
}
