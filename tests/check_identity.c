/*
 * check_identity.c - tests for what names inputs and findings across
 * machines: the content identity of an input (input_identity) whatever
 * the block size and plain or gzip, the head-only reading of
 * input_open_head, the tail that scan --plan reads (scan_plan_tail), and
 * finding ids (finding_input_key, finding_id).  The expected identities
 * are computed here with an FNV-1a of this file's own.  Data is made at
 * run time in a temp dir.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/finding.h"
#include "parser.h"
#include "scan/input.h"
#include "scan/scan_plan.h"
#include "lib/xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void	input_set_blocksize_for_test(size_t);

static char	 dir[64];
static char	 pplain[96], pgz[96];

/* ref_fnv - FNV-1a 64, written apart from lib/fnv.h as the oracle. */
static uint64_t
ref_fnv(const char *p, size_t n)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ULL;
	return h;
}

/* ref_id - the identity input.h promises for text[0..n). */
static void
ref_id(char *buf, size_t size, const char *text, size_t n)
{
	size_t	k = n < INPUT_ID_BYTES ? n : INPUT_ID_BYTES;

	snprintf(buf, size, "%zu-%016llx-%016llx", n,
	    (unsigned long long)ref_fnv(text, k),
	    (unsigned long long)ref_fnv(text + n - k, k));
}

/* logtext - n bytes of Postfix lines (a time a line, one host), the last
 * line whole; the caller frees it. */
static char *
logtext(size_t n, size_t *len)
{
	char	*t = xmalloc(n + 256);
	size_t	 off = 0;
	int	 i = 0;

	while (off < n) {
		off += (size_t)snprintf(t + off, 256, "Mar %2d %02d:%02d:%02d mx7 "
		    "postfix/smtpd[%d]: connect from unknown[192.0.2.%d]\n",
		    1 + i / 86400 % 28, i / 3600 % 24, i / 60 % 60, i % 60,
		    1000 + i % 500, i % 250);
		i += 7;
	}
	*len = off;
	return t;
}

static void
put(const char *path, const void *data, size_t len)
{
	FILE	*fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "fopen %s: %s", path, strerror(errno));
	ck_assert(len == 0 || fwrite(data, 1, len, fp) == len);
	ck_assert(fclose(fp) == 0);
}

static void
put_gz(const char *path, const char *data, size_t len)
{
	gzFile	g = gzopen(path, "wb");

	ck_assert(g != NULL);
	ck_assert(len == 0 || gzwrite(g, data, (unsigned)len) == (int)len);
	ck_assert(gzclose(g) == Z_OK);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/check_identity.XXXXXX");
	ck_assert(mkdtemp(dir) != NULL);
	snprintf(pplain, sizeof(pplain), "%s/mail.log", dir);
	snprintf(pgz, sizeof(pgz), "%s/mail.log.gz", dir);
	input_set_blocksize_for_test(0);
}

static void
teardown(void)
{
	input_set_blocksize_for_test(0);
	unlink(pplain);
	unlink(pgz);
	rmdir(dir);
}

/* read_id - read path to its end; its identity into buf. */
static void
read_id(const char *path, char *buf)
{
	struct input	*in;
	const char	*line;
	size_t		 len;

	ck_assert((in = input_open(path, 0)) != NULL);
	while (input_next(in, &line, &len) == 1)
		;
	input_identity(in, buf);
	input_close(in);
}

/* Sizes around the hashed ends: empty, short, both ends overlapping,
 * exactly one end, one byte more, ends apart. */
static const size_t sizes[] = { 0, 100, 50000, 65536, 65537, 131072,
    300000 };
/* Block sizes: byte by byte (short texts only), odd, the default. */
static const size_t blocks[] = { 1, 4093, 0 };

START_TEST(test_identity_sizes)
{
	char	 want[INPUT_ID_LEN], got[INPUT_ID_LEN], *t = NULL;
	size_t	 len = 0, b;

	if (sizes[_i] > 0)
		t = logtext(sizes[_i], &len);
	ref_id(want, sizeof(want), t != NULL ? t : "", len);
	put(pplain, t, len);
	put_gz(pgz, t != NULL ? t : "", len);
	for (b = 0; b < NELEM(blocks); b++) {
		if (blocks[b] == 1 && len > 70000)
			continue;	/* a byte at a time: slow */
		input_set_blocksize_for_test(blocks[b]);
		read_id(pplain, got);
		ck_assert_msg(strcmp(got, want) == 0,
		    "plain, %zu bytes, block %zu: got %s, want %s", len,
		    blocks[b], got, want);
		read_id(pgz, got);
		ck_assert_msg(strcmp(got, want) == 0,
		    "gzip, %zu bytes, block %zu: got %s, want %s", len,
		    blocks[b], got, want);
	}
	free(t);
}
END_TEST

/* input_open_head: at most the limit of text, whole lines only, and cut
 * said; a file within the limit is read whole and not cut. */
START_TEST(test_identity_head_limit)
{
	struct input	*in;
	const char	*line;
	size_t		 len, n, total, tlen, i;
	const char	*paths[2] = { pplain, pgz };
	char		*t = logtext(300000, &tlen);
	int		 rc;

	put(pplain, t, tlen);
	put_gz(pgz, t, tlen);
	for (i = 0; i < NELEM(paths); i++) {
		ck_assert((in = input_open_head(paths[i], 0, 65536)) != NULL);
		total = n = 0;
		while ((rc = input_next(in, &line, &len)) == 1) {
			ck_assert_msg(memcmp(line, t + total, len) == 0 &&
			    t[total + len] == '\n', "%s: line %zu is not the "
			    "file's", paths[i], n + 1);
			total += len + 1;
			n++;
		}
		ck_assert_int_eq(rc, 0);
		ck_assert_msg(total <= 65536 && total > 65536 - 200,
		    "%s: got %zu bytes of whole lines, want up to 65536",
		    paths[i], total);
		ck_assert(input_cut(in));
		input_close(in);
	}
	put(pplain, t, 1000);
	ck_assert((in = input_open_head(pplain, 0, 65536)) != NULL);
	while (input_next(in, &line, &len) == 1)
		;
	ck_assert(!input_cut(in));
	input_close(in);
	free(t);
}
END_TEST

/* scan_plan_tail: the identity a full read gives, and the time of the
 * last line (Postfix, year 2025, TZ as the test runs). */
START_TEST(test_identity_plan_tail)
{
	struct scan_plan_tail	 pt;
	char			 want[INPUT_ID_LEN], *t;
	size_t			 tlen;
	const struct parser_ops	*ops = parser_find("postfix");
	struct tm		 tm;

	t = logtext(300000, &tlen);
	put(pplain, t, tlen);
	ref_id(want, sizeof(want), t, tlen);
	ck_assert(scan_plan_tail(pplain, 1, ops, 2025, 0, 0, &pt) == 0);
	ck_assert_msg(strcmp(pt.id, want) == 0, "got %s, want %s", pt.id,
	    want);
	ck_assert_int_eq(pt.size, tlen);
	/* The last line's stamp, read back from the text itself. */
	memset(&tm, 0, sizeof(tm));
	{
		const char	*last = t + tlen - 2;

		while (last > t && last[-1] != '\n')
			last--;
		/* logtext writes March only */
		ck_assert(sscanf(last, "Mar %d %d:%d:%d", &tm.tm_mday,
		    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 4);
	}
	tm.tm_mon = 2;
	tm.tm_year = 2025 - 1900;
	tm.tm_isdst = -1;
	ck_assert_int_eq(pt.last, mktime(&tm));
	/* gzip: larger than its head, nothing known of its end. */
	put_gz(pgz, t, tlen);
	ck_assert(scan_plan_tail(pgz, 1, ops, 2025, 0, 1, &pt) == 0);
	ck_assert_int_eq(pt.last, 0);
	ck_assert_str_eq(pt.id, "");
	/* gzip held whole in its head: as the plain file. */
	put_gz(pgz, t, 4000);
	put(pplain, t, 4000);
	ck_assert(scan_plan_tail(pgz, 1, ops, 2025, 0, 1, &pt) == 0);
	ref_id(want, sizeof(want), t, 4000);
	ck_assert_str_eq(pt.id, want);
	ck_assert(pt.last != 0);
	free(t);
}
END_TEST

/* Finding ids: a function of their arguments only; each argument counts. */
START_TEST(test_identity_finding_ids)
{
	uint64_t	k = finding_input_key(NULL, "mail.log", "Mar  1 x", 8);
	uint64_t	id = finding_id(k, 12, 554, 0);

	ck_assert(id != 0);
	ck_assert(finding_id(k, 12, 554, 0) == id);
	ck_assert(finding_id(k, 13, 554, 0) != id);
	ck_assert(finding_id(k, 12, 550, 0) != id);
	ck_assert(finding_id(k, 12, 554, 1) != id);
	ck_assert(finding_input_key("mx1", "mail.log", "Mar  1 x", 8) != k);
	ck_assert(finding_input_key(NULL, "mail.log.1", "Mar  1 x", 8) != k);
	ck_assert(finding_input_key(NULL, "mail.log", "Mar  2 x", 8) != k);
	/* label "a", name "b" is not label "", name "ab" */
	ck_assert(finding_input_key("a", "b", "", 0) !=
	    finding_input_key("", "ab", "", 0));
	/* A known value, the same on every machine (FNV-1a 64 of
	 * "0123456789abcdef:1:500:0", then MurmurHash3's finalizer, in
	 * Python). */
	ck_assert_msg(finding_id(0x0123456789abcdefULL, 1, 500, 0) ==
	    0xe477285ac932ade0ULL, "got %016llx", (unsigned long long)
	    finding_id(0x0123456789abcdefULL, 1, 500, 0));
}
END_TEST

Suite *
identity_suite(void)
{
	Suite	*s = suite_create("identity");
	TCase	*tc = tcase_create("input");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_identity_sizes, 0, NELEM(sizes));
	tcase_add_test(tc, test_identity_head_limit);
	tcase_add_test(tc, test_identity_plan_tail);
	suite_add_tcase(s, tc);
	tc = tcase_create("finding");
	tcase_add_test(tc, test_identity_finding_ids);
	suite_add_tcase(s, tc);
	return s;
}
