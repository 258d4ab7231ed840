/*
 * check_follow.c - tests for follow.c (lines of a growing file: partial
 * lines, CRLF, NUL bytes, the line bound, start at the end, a file that
 * appears later, rotation with lines still written to the old file,
 * truncation; the saved position and the state file) and for
 * sess_expire, which follow mode calls.  Files are made
 * at run time in a temp dir.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/follow.h"
#include "scan/follow_state.h"
#include "core/session.h"
#include "lib/xmalloc.h"

static char	tmpdir[64];
static char	logpath[128], oldpath[128];
static char	notices[4096];

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_follow.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(logpath, sizeof(logpath), "%s/mail.log", tmpdir);
	snprintf(oldpath, sizeof(oldpath), "%s/mail.log.1", tmpdir);
	notices[0] = '\0';
}

static void
teardown(void)
{
	unlink(logpath);
	unlink(oldpath);
	rmdir(tmpdir);
}

static void
note(void *arg, const char *msg)
{
	(void)arg;
	strncat(notices, msg, sizeof(notices) - strlen(notices) - 2);
	strcat(notices, "\n");
}

/* add - append len bytes to path (created when missing). */
static void
add(const char *path, const char *s, size_t len)
{
	FILE	*fp;

	ck_assert_msg((fp = fopen(path, "ab")) != NULL, "fopen %s", path);
	ck_assert_int_eq(fwrite(s, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/* occurs - how many notices hold w. */
static int
occurs(const char *w)
{
	const char	*p;
	int		 n = 0;

	for (p = notices; (p = strstr(p, w)) != NULL; p++)
		n++;
	return n;
}

#define ADD(path, lit)	add(path, lit, sizeof(lit) - 1)

/* want - the next line is exactly w (wlen bytes). */
static void
want_line(struct follow *f, const char *w, size_t wlen)
{
	const char	*line;
	size_t		 len;
	int		 r = follow_next(f, &line, &len);

	ck_assert_msg(r == 1, "got %d, want a line '%s' (%s)", r, w,
	    follow_error(f));
	ck_assert_msg(len == wlen && memcmp(line, w, len) == 0 &&
	    line[len] == '\0', "got '%.*s' (%zu), want '%s' (%zu)", (int)len,
	    line, len, w, wlen);
}

#define WANT(f, lit)	want_line(f, lit, sizeof(lit) - 1)

static void
want_none(struct follow *f)
{
	const char	*line;
	size_t		 len;
	int		 r = follow_next(f, &line, &len);

	ck_assert_msg(r == 0, "got %d ('%.*s'), want 0 (no line yet)", r,
	    r == 1 ? (int)len : 0, r == 1 ? line : "");
}

START_TEST(test_follow_lines)
{
	struct follow	*f;
	const char	*line;
	size_t		 len;

	ADD(logpath, "one\r\ntw\0o\n\nthr");
	f = follow_new(logpath, 0, 1, note, NULL);
	WANT(f, "one");
	WANT(f, "tw o");
	WANT(f, "");
	/* A line without its newline waits for it. */
	want_none(f);
	ADD(logpath, "ee\r");
	want_none(f);
	ADD(logpath, "\nfour\n");
	WANT(f, "three");
	WANT(f, "four");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->lines, 5);
	ck_assert_int_eq(follow_stats(f)->nul_lines, 1);
	ck_assert_int_eq(follow_stats(f)->bytes, 5 + 5 + 1 + 3 + 3 + 6);
	/* At the end, the lines read already are handed out, a held
	 * partial line included; nothing more is read. */
	ADD(logpath, "five\nsix\nseven\r");
	WANT(f, "five");
	ADD(logpath, "eight\n");
	ck_assert_int_eq(follow_rest(f, &line, &len), 1);
	ck_assert_str_eq(line, "six");
	ck_assert_int_eq(follow_rest(f, &line, &len), 1);
	ck_assert_str_eq(line, "seven");
	ck_assert_int_eq(follow_rest(f, &line, &len), 0);
	ck_assert_int_eq(follow_stats(f)->lines, 8);
	follow_free(f);
}
END_TEST

START_TEST(test_follow_max_line)
{
	struct follow	*f;
	char		 big[200];

	memset(big, 'x', sizeof(big));
	f = follow_new(logpath, 64, 1, note, NULL);
	/* Written in pieces: cut once more than 64 bytes are there. */
	add(logpath, big, 50);
	want_none(f);
	add(logpath, big, 50);
	want_line(f, big, 64);
	add(logpath, big, 100);
	want_none(f);
	ADD(logpath, "\nnext\n");
	WANT(f, "next");
	ck_assert_int_eq(follow_stats(f)->truncated, 1);
	ck_assert_int_eq(follow_stats(f)->lines, 2);
	/* Exactly 64 bytes and CRLF: not cut. */
	add(logpath, big, 64);
	ADD(logpath, "\r\n");
	want_line(f, big, 64);
	ck_assert_int_eq(follow_stats(f)->truncated, 1);
	follow_free(f);
}
END_TEST

START_TEST(test_follow_start_at_end)
{
	struct follow	*f;

	ADD(logpath, "old 1\nold 2\npart");
	f = follow_new(logpath, 0, 0, note, NULL);
	want_none(f);
	/* The head of the line in progress was not read: the line is
	 * skipped, not counted. */
	ADD(logpath, "ial\nnew\n");
	WANT(f, "new");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->lines, 1);
	follow_free(f);
}
END_TEST

START_TEST(test_follow_appears)
{
	struct follow	*f;

	/* Not there yet: said once; once there, read from its start even
	 * without from_start. */
	f = follow_new(logpath, 0, 0, note, NULL);
	want_none(f);
	want_none(f);
	ck_assert_msg(occurs("waiting for the file") == 1, "notices: %s",
	    notices);
	ADD(logpath, "first\n");
	WANT(f, "first");
	ck_assert_msg(occurs("appeared") == 1, "notices: %s", notices);
	follow_free(f);
}
END_TEST

START_TEST(test_follow_rotation)
{
	struct follow	*f;

	ADD(logpath, "1\n2\n");
	f = follow_new(logpath, 0, 1, note, NULL);
	WANT(f, "1");
	WANT(f, "2");
	want_none(f);
	/* Renamed; the writer still has the old file open. */
	ck_assert_int_eq(rename(logpath, oldpath), 0);
	ADD(oldpath, "3\n");
	WANT(f, "3");
	want_none(f);
	ck_assert_msg(strstr(notices, "gone") != NULL, "notices: %s", notices);
	ADD(oldpath, "4 without newline");
	ADD(logpath, "5\n");
	/* The old file is read to its end first, its last line included. */
	WANT(f, "4 without newline");
	WANT(f, "5");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->rotations, 1);
	ck_assert_int_eq(follow_stats(f)->lines, 5);
	ck_assert_msg(strstr(notices, "rotated") != NULL, "notices: %s",
	    notices);
	/* Writes to the old file after the switch are not read. */
	ADD(oldpath, "lost\n");
	want_none(f);
	follow_free(f);
}
END_TEST

START_TEST(test_follow_truncation)
{
	struct follow	*f;

	ADD(logpath, "aaaa\nbbbb\ncc");
	f = follow_new(logpath, 0, 1, note, NULL);
	WANT(f, "aaaa");
	WANT(f, "bbbb");
	want_none(f);
	ck_assert_int_eq(truncate(logpath, 0), 0);
	ADD(logpath, "d\n");
	/* What was held of the old content is a line, then from 0. */
	WANT(f, "cc");
	WANT(f, "d");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->truncations, 1);
	ck_assert_msg(strstr(notices, "truncated") != NULL, "notices: %s",
	    notices);
	follow_free(f);
}
END_TEST

/*
 * copytruncate with the file refilled past the old offset between two
 * polls: the size alone does not show it; the bytes before the old
 * offset changed do.  Read again from the start, said, counted.
 */
START_TEST(test_follow_truncation_refilled)
{
	struct follow	*f;
	FILE		*fp;

	ADD(logpath, "aaaa\nbbbb\n");
	f = follow_new(logpath, 0, 1, note, NULL);
	WANT(f, "aaaa");
	WANT(f, "bbbb");
	want_none(f);
	/* Emptied and written again, longer, before the next poll. */
	ck_assert((fp = fopen(logpath, "wb")) != NULL);
	ck_assert_int_eq(fputs("new line one\nnew line two\n", fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
	WANT(f, "new line one");
	WANT(f, "new line two");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->truncations, 1);
	ck_assert_msg(strstr(notices, "refilled") != NULL, "notices: %s",
	    notices);
	/* Appending as usual is not taken for a refill. */
	ADD(logpath, "three\n");
	WANT(f, "three");
	want_none(f);
	ck_assert_int_eq(follow_stats(f)->truncations, 1);
	follow_free(f);
}
END_TEST

/* stop_at - the position after reading lines from path from its start,
 * the follower freed (a stop). */
static struct follow_pos
stop_at(int nlines)
{
	struct follow		*f = follow_new(logpath, 0, 1, note, NULL);
	struct follow_pos	 pos;
	const char		*line;
	size_t			 len;
	int			 i;

	for (i = 0; i < nlines; i++)
		ck_assert_int_eq(follow_next(f, &line, &len), 1);
	ck_assert_int_eq(follow_position(f, &pos), 0);
	follow_free(f);
	return pos;
}

/* The position is after the lines handed out: a line held without its
 * newline is read again whole at the restart. */
START_TEST(test_follow_resume)
{
	struct follow_pos	 pos;
	struct follow		*f;

	ADD(logpath, "one\ntwo\nthr");
	pos = stop_at(2);
	ck_assert_int_eq(pos.off, 8);
	ck_assert_int_eq(pos.hlen, 11);
	ADD(logpath, "ee\nfour\n");
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	WANT(f, "three");
	WANT(f, "four");
	want_none(f);
	ck_assert_msg(occurs("resuming at byte 8") == 1, "notices: %s",
	    notices);
	follow_free(f);
}
END_TEST

/* A position inside a line (a line cut at the stop): its rest skipped. */
START_TEST(test_follow_resume_mid_line)
{
	struct follow_pos	 pos;
	struct follow		*f;

	ADD(logpath, "one\ntwo\n");
	pos = stop_at(1);
	pos.off = 5;
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	ADD(logpath, "three\n");
	WANT(f, "three");
	want_none(f);
	follow_free(f);
}
END_TEST

/* Rotated while stopped: the rest of the old file (found by its inode
 * and head under its new name), then the new file from its start. */
START_TEST(test_follow_resume_rotated)
{
	struct follow_pos	 pos;
	struct follow		*f;

	ADD(logpath, "1\n2\n");
	pos = stop_at(2);
	ADD(logpath, "3\n");
	ck_assert_int_eq(rename(logpath, oldpath), 0);
	ADD(logpath, "4\n");
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	WANT(f, "3");
	WANT(f, "4");
	want_none(f);
	ck_assert_msg(occurs("rotated while stopped: reading the rest of") ==
	    1 && strstr(notices, oldpath) != NULL, "notices: %s", notices);
	follow_free(f);
	/* The new file not there yet: the old one's rest all the same. */
	unlink(logpath);
	ck_assert_int_eq(rename(oldpath, logpath), 0);
	pos = stop_at(3);
	ck_assert_int_eq(rename(logpath, oldpath), 0);
	ADD(oldpath, "5\n");
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	WANT(f, "5");
	want_none(f);
	ADD(logpath, "6\n");
	WANT(f, "6");
	follow_free(f);
}
END_TEST

/* Rotated while stopped and the old file gone (compressed): the new
 * one from its start, said. */
START_TEST(test_follow_resume_old_gone)
{
	struct follow_pos	 pos;
	struct follow		*f;

	ADD(logpath, "1\n");
	pos = stop_at(1);
	unlink(logpath);
	ADD(logpath, "2\n");
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	/* The new file may reuse the old inode: then its head differs. */
	WANT(f, "2");
	want_none(f);
	ck_assert_msg(occurs("from its start") == 1, "notices: %s", notices);
	follow_free(f);
}
END_TEST

/* The same inode with other first bytes (emptied and refilled past the
 * offset while stopped), or shorter than the offset: from its start. */
START_TEST(test_follow_resume_changed)
{
	struct follow_pos	 pos;
	struct follow		*f;
	FILE			*fp;

	ADD(logpath, "aa\nbb\n");
	pos = stop_at(2);
	ck_assert((fp = fopen(logpath, "r+")) != NULL);
	ck_assert_int_eq(fputs("xx\nyy\nzz\n", fp) >= 0, 1);
	ck_assert_int_eq(fclose(fp), 0);
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	WANT(f, "xx");
	follow_free(f);
	ck_assert_int_eq(truncate(logpath, 3), 0);
	f = follow_new(logpath, 0, 0, note, NULL);
	follow_resume(f, &pos);
	WANT(f, "xx");
	want_none(f);
	ck_assert_msg(occurs("changed while stopped") == 2, "notices: %s",
	    notices);
	follow_free(f);
}
END_TEST

/* The state file: saved and read back; missing, for another file, or
 * not a state file. */
START_TEST(test_follow_state_file)
{
	struct follow_pos	 pos = { 2049, 1311, 81920, 0xabcdefULL, 256 };
	struct follow_pos	 got;
	char			 st[160], err[512];

	snprintf(st, sizeof(st), "%s/state", tmpdir);
	ck_assert_int_eq(follow_state_load(st, logpath, &got, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(follow_state_save(st, logpath, &pos), 0);
	ck_assert_int_eq(follow_state_load(st, logpath, &got, err,
	    sizeof(err)), 1);
	ck_assert(got.dev == 2049 && got.ino == 1311 && got.off == 81920 &&
	    got.head == 0xabcdefULL && got.hlen == 256);
	ck_assert_int_eq(follow_state_load(st, oldpath, &got, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "the saved position is in") != NULL, "%s",
	    err);
	ADD(st, "trailing junk\n");
	ck_assert_int_eq(follow_state_load(st, logpath, &got, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "not a state file") != NULL, "%s", err);
	unlink(st);
}
END_TEST

START_TEST(test_follow_not_regular)
{
	struct follow	*f;
	const char	*line;
	size_t		 len;

	f = follow_new(tmpdir, 0, 1, note, NULL);
	ck_assert_int_eq(follow_next(f, &line, &len), -1);
	ck_assert_msg(strstr(follow_error(f), "not a regular file") != NULL,
	    "got '%s'", follow_error(f));
	follow_free(f);
}
END_TEST

/* sess_expire: what the builder emitted, counted. */
static int	nemitted, ncomplete;

static int
count(void *arg, const struct finding *f)
{
	(void)arg;
	nemitted++;
	ncomplete += f->session_complete;
	return 0;
}

static void
feed(struct sess_table *t, enum ev_kind kind, const char *key, time_t when,
    int code)
{
	struct smtp_event	e;

	ev_clear(&e);
	e.kind = kind;
	e.session_key = key;
	e.file = "t.log";
	e.line = (unsigned long)when;
	e.when = when;
	e.dir = EV_DIR_IN;
	e.code = code;
	e.code_src = EV_CODE_LOGGED;
	e.command = "RCPT";
	e.text = "no";
	ck_assert_int_eq(sess_feed(t, &e), 0);
}

START_TEST(test_sess_expire)
{
	static const int	 codes[] = { 554 };
	struct sess_config	 c;
	struct sess_table	*t;
	struct summary		 s;
	unsigned long		 closed = 0;

	memset(&c, 0, sizeof(c));
	c.codes = codes;
	c.ncodes = 1;
	c.emit = count;
	t = sess_new(&c);
	nemitted = ncomplete = 0;
	feed(t, EV_CONNECT, "a", 1000, 0);
	feed(t, EV_CONNECT, "b", 1001, 0);
	feed(t, EV_REJECT, "a", 1002, 554);
	feed(t, EV_REJECT, "b", 1003, 554);
	feed(t, EV_NOTE, "b", 1500, 0);
	ck_assert_int_eq(nemitted, 0);
	/* The oldest finding held: a's reject at 1002 (follow mode's
	 * pattern windows stop there). */
	ck_assert_int_eq(sess_oldest_pending(t), 1002);
	/* a was last active at 1002, b at 1500. */
	ck_assert_int_eq(sess_expire(t, 1002, &closed), 0);
	ck_assert_int_eq(closed, 0);
	ck_assert_int_eq(sess_expire(t, 1400, &closed), 0);
	ck_assert_int_eq(closed, 1);
	ck_assert_int_eq(nemitted, 1);
	ck_assert_int_eq(ncomplete, 0);
	ck_assert_int_eq(sess_oldest_pending(t), 1003);	/* b's */
	/* The same key later is a new session. */
	feed(t, EV_REJECT, "a", 1600, 554);
	ck_assert_int_eq(sess_expire(t, 1501, &closed), 0);
	ck_assert_int_eq(closed, 2);
	ck_assert_int_eq(nemitted, 2);
	ck_assert_int_eq(sess_finish(t), 0);
	ck_assert_int_eq(nemitted, 3);
	ck_assert_int_eq(sess_oldest_pending(t), 0);	/* none open */
	memset(&s, 0, sizeof(s));
	sess_summary(t, &s);
	ck_assert_int_eq(s.sessions, 3);
	ck_assert_int_eq(s.sessions_evicted, 2);
	ck_assert_int_eq(s.sessions_incomplete, 3);
	ck_assert_int_eq(s.findings, 3);
	sess_free(t);
}
END_TEST

/*
 * The oldest finding held, over many sessions opening, holding findings
 * and closing in a random order, against a model: per open session the
 * time of its first finding with a time.
 */
START_TEST(test_sess_oldest_pending_many)
{
	enum { NKEYS = 500, STEPS = 20000 };
	static const int	 codes[] = { 554 };
	static time_t		 first[NKEYS];
	static int		 open_[NKEYS];
	struct sess_config	 c;
	struct sess_table	*t;
	char			 key[16];
	unsigned		 r = 12345;
	time_t			 want, when;
	int			 i, k, op;

	memset(&c, 0, sizeof(c));
	c.codes = codes;
	c.ncodes = 1;
	c.emit = count;
	c.max_sessions = NKEYS + 1;
	c.max_pending = 1000000;
	t = sess_new(&c);
	for (i = 0; i < STEPS; i++) {
		r = r * 1103515245u + 12345u;
		k = (int)(r >> 8) % NKEYS;
		op = (int)(r >> 20) % 4;
		when = 1000 + (time_t)((r >> 4) % 5000);
		snprintf(key, sizeof(key), "k%d", k);
		if (op == 0) {		/* a new connection on the key */
			feed(t, EV_CONNECT, key, when, 0);
			open_[k] = 1;
			first[k] = 0;
		} else if (op == 3 && open_[k]) {
			feed(t, EV_DISCONNECT, key, when, 0);
			open_[k] = 0;
		} else {		/* a finding, opening the session */
			feed(t, EV_REJECT, key, when, 554);
			if (!open_[k])
				first[k] = 0;
			open_[k] = 1;
			if (first[k] == 0)
				first[k] = when;
		}
		for (want = 0, k = 0; k < NKEYS; k++)
			if (open_[k] && first[k] != 0 &&
			    (want == 0 || first[k] < want))
				want = first[k];
		ck_assert_msg(sess_oldest_pending(t) == want, "step %d: got "
		    "%lld, want %lld", i, (long long)sess_oldest_pending(t),
		    (long long)want);
	}
	ck_assert_int_eq(sess_finish(t), 0);
	ck_assert_int_eq(sess_oldest_pending(t), 0);
	sess_free(t);
}
END_TEST

Suite *
follow_suite(void)
{
	Suite	*s = suite_create("follow");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_follow_lines);
	tcase_add_test(tc, test_follow_max_line);
	tcase_add_test(tc, test_follow_start_at_end);
	tcase_add_test(tc, test_follow_appears);
	tcase_add_test(tc, test_follow_rotation);
	tcase_add_test(tc, test_follow_truncation);
	tcase_add_test(tc, test_follow_truncation_refilled);
	tcase_add_test(tc, test_follow_not_regular);
	tcase_add_test(tc, test_follow_resume);
	tcase_add_test(tc, test_follow_resume_mid_line);
	tcase_add_test(tc, test_follow_resume_rotated);
	tcase_add_test(tc, test_follow_resume_old_gone);
	tcase_add_test(tc, test_follow_resume_changed);
	tcase_add_test(tc, test_follow_state_file);
	tcase_add_test(tc, test_sess_expire);
	tcase_add_test(tc, test_sess_oldest_pending_many);
	suite_add_tcase(s, tc);
	return s;
}
