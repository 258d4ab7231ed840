/*
 * check_ts.c - tests for syslog_ts.c: both timestamp forms, RFC 3339
 * offsets, year inference from a reference time and from --year, the
 * Dec -> Jan rollover, local-time conversion (TZ=UTC and a POSIX TZ with
 * daylight saving), garbage that must be refused without reading past
 * the given length, and the memory of the last stamp's text.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslog_ts.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
utc_setup(void)
{
	set_tz("UTC");
}

/* utc - seconds since the epoch of a UTC date (month 1..12). */
static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/*
 * parse_exact - ts_parse() on a heap copy of exactly len bytes, so that
 * AddressSanitizer catches any read past len.
 */
static size_t
parse_exact(struct ts_state *st, const char *s, size_t len, time_t *when,
    int *usec)
{
	char	*copy;
	size_t	 n;

	copy = malloc(len > 0 ? len : 1);
	ck_assert(copy != NULL);
	memcpy(copy, s, len);
	n = ts_parse(st, copy, len, when, usec);
	free(copy);
	return n;
}

static const struct {
	const char	*in;
	size_t		 len;		/* consumed; 0 = refused */
	int		 y, mo, d, h, mi, s;
	int		 usec;
} formats[] = {
	/* RFC 3164, space- and zero-padded day, bare day, fraction. */
	{ "Nov  3 06:56:20 conch postfix/smtpd[1]: x", 15,
	    2026, 11, 3, 6, 56, 20, 0 },
	{ "Nov 03 06:56:20 host", 15, 2026, 11, 3, 6, 56, 20, 0 },
	{ "Nov 3 06:56:20 host", 14, 2026, 11, 3, 6, 56, 20, 0 },
	{ "Nov 23 06:56:20.123456 host", 22, 2026, 11, 23, 6, 56, 20, 123456 },
	{ "Nov 23 06:56:20.5 host", 17, 2026, 11, 23, 6, 56, 20, 500000 },
	{ "Nov 23 06:56:20", 15, 2026, 11, 23, 6, 56, 20, 0 },
	/* RFC 3339 with offsets. */
	{ "2026-11-23T06:56:20.123456+01:00 host", 32,
	    2026, 11, 23, 5, 56, 20, 123456 },
	{ "2026-11-23T06:56:20Z host", 20, 2026, 11, 23, 6, 56, 20, 0 },
	{ "2026-11-23t06:56:20z", 20, 2026, 11, 23, 6, 56, 20, 0 },
	{ "2026-11-23 06:56:20+00:00 host", 25, 2026, 11, 23, 6, 56, 20, 0 },
	{ "2026-11-23T06:56:20-05:30 host", 25, 2026, 11, 23, 12, 26, 20, 0 },
	{ "2026-01-01T00:30:00+01:00", 25, 2025, 12, 31, 23, 30, 0, 0 },
	{ "2026-11-23T06:56:20+0100 host", 24, 2026, 11, 23, 5, 56, 20, 0 },
	{ "2026-11-23T06:56:20.1234567891Z", 31,
	    2026, 11, 23, 6, 56, 20, 123456 },
	/* No offset: local time, which the fixture sets to UTC. */
	{ "2026-11-23T06:56:20 host", 19, 2026, 11, 23, 6, 56, 20, 0 },
	{ "2024-02-29T12:00:00Z", 20, 2024, 2, 29, 12, 0, 0, 0 },
	/* Garbage. */
	{ "", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "N", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Foo  3 06:56:20 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "nov  3 06:56:20 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov 32 06:56:20 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  0 06:56:20 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 24:00:00 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:60:00 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:56:61 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:56", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:56:2", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:56:20x", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 06:56:20. host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov  3 6:56:20 host", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Nov   3 06:56:20", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-13-01T00:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-00-01T00:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-32T00:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23X06:56:20Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56:20+25:00", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56:20+01:", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56:20+1", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56:20.Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56:20ZZ", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-11-23T06:56", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "20261123T065620Z", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "\xff\xfe\x00garbage", 0, 0, 0, 0, 0, 0, 0, 0 },
};

START_TEST(test_ts_formats)
{
	int		 i = _i;
	struct ts_state	*st;
	time_t		 when = -7;
	int		 usec = -7;
	size_t		 n;

	st = ts_new(2026, 0);
	n = parse_exact(st, formats[i].in, strlen(formats[i].in), &when,
	    &usec);
	ck_assert_msg(n == formats[i].len, "\"%s\": consumed %zu, want %zu",
	    formats[i].in, n, formats[i].len);
	if (formats[i].len == 0) {
		ck_assert_msg(when == -7 && usec == -7,
		    "\"%s\": outputs changed on refusal", formats[i].in);
		ck_assert_int_eq(ts_year(st), 0);
	} else {
		time_t want = utc(formats[i].y, formats[i].mo, formats[i].d,
		    formats[i].h, formats[i].mi, formats[i].s);

		ck_assert_msg(when == want, "\"%s\": got %lld, want %lld",
		    formats[i].in, (long long)when, (long long)want);
		ck_assert_msg(usec == formats[i].usec,
		    "\"%s\": usec %d, want %d", formats[i].in, usec,
		    formats[i].usec);
	}
	/* ts_skip agrees on the length and needs no state. */
	ck_assert_uint_eq(ts_skip(formats[i].in, strlen(formats[i].in)),
	    formats[i].len);
	ts_free(st);
}
END_TEST

/* Every prefix of a valid stamp is refused (or shorter), never overread. */
START_TEST(test_ts_truncated)
{
	static const char *const full[] = {
		"Nov 23 06:56:20.123456",
		"2026-11-23T06:56:20.123456+01:00",
	};
	struct ts_state	*st;
	time_t		 when;
	int		 usec;
	size_t		 i, len, n;

	for (i = 0; i < NELEM(full); i++)
		for (len = 0; len <= strlen(full[i]); len++) {
			st = ts_new(2026, 0);
			n = parse_exact(st, full[i], len, &when, &usec);
			ck_assert_msg(n <= len, "%s/%zu: consumed %zu",
			    full[i], len, n);
			ts_free(st);
		}
}
END_TEST

/*
 * Year inference: the latest year that puts the first line no more than a
 * day after the reference time (the 15th, 12:00 UTC).
 */
static const struct {
	const char	*line;
	int		 year;		/* --year */
	int		 ref_y, ref_mo;
	int		 want;
} years[] = {
	{ "Mar  1 00:00:00", 0, 2026, 6, 2026 },
	{ "Jun 16 11:59:59", 0, 2026, 6, 2026 },
	{ "Jun 16 12:00:01", 0, 2026, 6, 2025 },
	{ "Jun 30 23:59:59", 0, 2026, 6, 2025 },
	{ "Jan  1 00:00:00", 0, 2026, 12, 2026 },
	{ "Jul  1 00:00:00", 0, 2026, 6, 2025 },
	{ "Dec 30 12:00:00", 0, 2026, 1, 2025 },
	{ "Jan  5 12:00:00", 0, 2026, 1, 2026 },
	{ "Dec 30 12:00:00", 2020, 2026, 1, 2020 },
	{ "Jan  5 12:00:00", 2031, 2026, 6, 2031 },
};

START_TEST(test_ts_year_inference)
{
	int		 i = _i;
	struct ts_state	*st;
	time_t		 when, ref;
	int		 usec;

	ref = utc(years[i].ref_y, years[i].ref_mo, 15, 12, 0, 0);
	st = ts_new(years[i].year, ref);
	ck_assert_int_eq(ts_year(st), 0);
	ck_assert(ts_parse(st, years[i].line, strlen(years[i].line), &when,
	    &usec) > 0);
	ck_assert_msg(ts_year(st) == years[i].want, "%s ref %d-%02d: year %d, "
	    "want %d", years[i].line, years[i].ref_y, years[i].ref_mo,
	    ts_year(st), years[i].want);
	ts_free(st);
}
END_TEST

/*
 * Dec -> Jan starts the next year; a late Dec line steps back; five months
 * forward (Feb -> Jul) is no jump.
 */
START_TEST(test_ts_rollover)
{
	static const struct {
		const char	*line;
		int		 y, mo, d, h, mi, s;
	} seq[] = {
		{ "Dec 30 23:00:00", 2025, 12, 30, 23, 0, 0 },
		{ "Dec 31 23:59:59", 2025, 12, 31, 23, 59, 59 },
		{ "Jan  1 00:00:01", 2026, 1, 1, 0, 0, 1 },
		{ "Dec 31 23:59:58", 2025, 12, 31, 23, 59, 58 },
		{ "Jan  1 00:00:02", 2026, 1, 1, 0, 0, 2 },
		{ "Feb  1 00:00:00", 2026, 2, 1, 0, 0, 0 },
		{ "Jul  1 00:00:00", 2026, 7, 1, 0, 0, 0 },
		{ "Dec  1 00:00:00", 2026, 12, 1, 0, 0, 0 },
		{ "Jan  1 00:00:00", 2027, 1, 1, 0, 0, 0 },
	};
	struct ts_state	*st;
	time_t		 when, want;
	int		 usec;
	size_t		 i;

	st = ts_new(0, utc(2026, 1, 2, 0, 0, 0));
	for (i = 0; i < NELEM(seq); i++) {
		ck_assert(ts_parse(st, seq[i].line, strlen(seq[i].line),
		    &when, &usec) > 0);
		want = utc(seq[i].y, seq[i].mo, seq[i].d, seq[i].h, seq[i].mi,
		    seq[i].s);
		ck_assert_msg(when == want, "%s: got %lld, want %lld",
		    seq[i].line, (long long)when, (long long)want);
		ck_assert_int_eq(ts_year(st), seq[i].y);
	}
	ts_free(st);
}
END_TEST

/* Garbage between stamps neither moves the year nor breaks the cache. */
START_TEST(test_ts_garbage_keeps_state)
{
	struct ts_state	*st;
	time_t		 when, w1;
	int		 usec;

	st = ts_new(0, utc(2026, 3, 1, 0, 0, 0));
	ck_assert(ts_parse(st, "Feb 27 10:00:00", 15, &w1, &usec) == 15);
	ck_assert(ts_parse(st, "Aug 27 10:00:00x", 16, &when, &usec) == 0);
	ck_assert_int_eq(ts_year(st), 2026);
	ck_assert(ts_parse(st, "Feb 27 10:00:00", 15, &when, &usec) == 15);
	ck_assert(when == w1);
	ck_assert(ts_parse(st, "Feb 27 10:59:59", 15, &when, &usec) == 15);
	ck_assert(when == w1 + 3599);
	ts_free(st);
}
END_TEST

/*
 * The last stamp's text is remembered: a repeat, or a stamp of the same
 * minute, must give what a state that never saw the earlier stamps gives,
 * and a fraction, a bad second or a missing space must not be taken for a
 * repeat.  Each expected time is the stamp's own text as UTC.
 */
static const struct {
	const char	*s;
	size_t		 n;		/* bytes consumed, 0: refused */
	time_t		 when;
	int		 usec;
} seq[] = {
	{ "Mar  3 10:00:05", 15, 0, 0 },
	{ "Mar  3 10:00:05 mx1 x", 15, 0, 0 },
	{ "Mar  3 10:00:59", 15, 0, 0 },
	{ "Mar  3 10:00:60", 15, 0, 0 },
	{ "Mar  3 10:00:61", 0, 0, 0 },
	{ "Mar  3 10:00:07.250 x", 19, 0, 250000 },
	{ "Mar  3 10:00:07.250", 19, 0, 250000 },
	{ "Mar  3 10:00:07", 15, 0, 0 },
	{ "Mar  3 10:00:08x", 0, 0, 0 },
	{ "Mar  3 10:00:0", 0, 0, 0 },
	{ "Mar  3 10:01:09", 15, 0, 0 },
	{ "Mar  4 10:01:09", 15, 0, 0 },
	{ "2026-03-04T10:01:09.5+01:00", 27, 0, 500000 },
	{ "2026-03-04T10:01:09.5+01:00 x", 27, 0, 500000 },
	{ "2026-03-04T10:01:10+01:00", 25, 0, 0 },
	{ "Mar  4 10:01:10", 15, 0, 0 },
};

START_TEST(test_ts_last_stamp)
{
	struct ts_state	*st, *fresh;
	time_t		 want[NELEM(seq)], when, fwhen;
	int		 usec, fusec;
	size_t		 i, n;

	want[0] = want[1] = utc(2026, 3, 3, 10, 0, 5);
	want[2] = utc(2026, 3, 3, 10, 0, 59);
	want[3] = utc(2026, 3, 3, 10, 1, 0);
	want[5] = want[6] = want[7] = utc(2026, 3, 3, 10, 0, 7);
	want[10] = utc(2026, 3, 3, 10, 1, 9);
	want[11] = utc(2026, 3, 4, 10, 1, 9);
	want[12] = want[13] = utc(2026, 3, 4, 9, 1, 9);
	want[14] = utc(2026, 3, 4, 9, 1, 10);
	want[15] = utc(2026, 3, 4, 10, 1, 10);
	st = ts_new(2026, 0);
	for (i = 0; i < NELEM(seq); i++) {
		when = fwhen = -1;
		usec = fusec = -1;
		n = parse_exact(st, seq[i].s, strlen(seq[i].s), &when, &usec);
		ck_assert_msg(n == seq[i].n, "%s: %zu bytes", seq[i].s, n);
		fresh = ts_new(2026, 0);
		ck_assert(parse_exact(fresh, seq[i].s, strlen(seq[i].s),
		    &fwhen, &fusec) == n);
		ts_free(fresh);
		if (n == 0)
			continue;
		ck_assert_msg(when == want[i] && when == fwhen, "%s", seq[i].s);
		ck_assert_msg(usec == seq[i].usec && usec == fusec, "%s",
		    seq[i].s);
	}
	ts_free(st);
}
END_TEST

/*
 * Local time with daylight saving, from a POSIX TZ string (no tzdata
 * needed): CET is UTC+1, CEST UTC+2 from the last Sunday of March 02:00.
 * The per-hour cache must not carry one offset into the next hour.
 */
START_TEST(test_ts_local_dst)
{
	struct ts_state	*st;
	time_t		 when;
	int		 usec;

	set_tz("CET-1CEST,M3.5.0,M10.5.0/3");
	st = ts_new(2026, 0);
	ck_assert(ts_parse(st, "Jan 15 12:00:00", 15, &when, &usec) == 15);
	ck_assert(when == utc(2026, 1, 15, 11, 0, 0));
	ck_assert(ts_parse(st, "Jul 15 12:00:00", 15, &when, &usec) == 15);
	ck_assert(when == utc(2026, 7, 15, 10, 0, 0));
	/* 2026-03-29: 01:59:59 CET, then 03:00:00 CEST. */
	ck_assert(ts_parse(st, "Mar 29 01:59:59", 15, &when, &usec) == 15);
	ck_assert(when == utc(2026, 3, 29, 0, 59, 59));
	ck_assert(ts_parse(st, "Mar 29 03:00:00", 15, &when, &usec) == 15);
	ck_assert(when == utc(2026, 3, 29, 1, 0, 0));
	/* RFC 3339 ignores TZ. */
	ck_assert(ts_parse(st, "2026-07-15T12:00:00Z", 20, &when, &usec) == 20);
	ck_assert(when == utc(2026, 7, 15, 12, 0, 0));
	ts_free(st);
	set_tz("UTC");
}
END_TEST

START_TEST(test_ts_now_reference)
{
	struct ts_state	*st;
	time_t		 when, now = time(NULL);
	struct tm	 tm;
	int		 usec;

	/* ref_time 0 means now: Jan 1 is this year's, or next year's on
	 * Dec 31 (within a day of now). */
	gmtime_r(&now, &tm);
	st = ts_new(0, 0);
	ck_assert(ts_parse(st, "Jan  1 00:00:00", 15, &when, &usec) == 15);
	ck_assert_int_eq(ts_year(st), tm.tm_year + 1900 +
	    (tm.tm_mon == 11 && tm.tm_mday == 31));
	ts_free(st);
	ts_free(NULL);
}
END_TEST

Suite *
ts_suite(void)
{
	Suite	*s = suite_create("ts");
	TCase	*tc;

	tc = tcase_create("formats");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_ts_formats, 0, NELEM(formats));
	tcase_add_test(tc, test_ts_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("year");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_ts_year_inference, 0, NELEM(years));
	tcase_add_test(tc, test_ts_rollover);
	tcase_add_test(tc, test_ts_garbage_keeps_state);
	tcase_add_test(tc, test_ts_last_stamp);
	tcase_add_test(tc, test_ts_now_reference);
	suite_add_tcase(s, tc);

	tc = tcase_create("local");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_ts_local_dst);
	suite_add_tcase(s, tc);
	return s;
}
