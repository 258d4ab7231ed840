/*
 * check_scan_order.c - tests for scan_order.c: --since/--until times (ISO 8601
 * and relative), the year carried from file to file, and a plan over
 * files written here (order by first timestamp, a duplicate, a file
 * before --since).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "scan/scan_order.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
utc_setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

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

static const struct {
	const char	*arg;
	int		 ok;
	int		 y, mo, d, h, mi, s;	/* or: seconds before now in s */
	int		 relative;
} times[] = {
	{ "2026-01-01", 1, 2026, 1, 1, 0, 0, 0, 0 },
	{ "2026-01-01T10:30", 1, 2026, 1, 1, 10, 30, 0, 0 },
	{ "2026-01-01 10:30", 1, 2026, 1, 1, 10, 30, 0, 0 },
	{ "2026-01-01T10:30:15", 1, 2026, 1, 1, 10, 30, 15, 0 },
	{ "2026-01-01T10:30:15Z", 1, 2026, 1, 1, 10, 30, 15, 0 },
	{ "2026-01-01T10:30+02:00", 1, 2026, 1, 1, 8, 30, 0, 0 },
	{ "2026-01-01T10:30:15.5-01:00", 1, 2026, 1, 1, 11, 30, 15, 0 },
	{ "30m", 1, 0, 0, 0, 0, 0, 30 * 60, 1 },
	{ "2h", 1, 0, 0, 0, 0, 0, 2 * 3600, 1 },
	{ "7d", 1, 0, 0, 0, 0, 0, 7 * 86400, 1 },
	{ "1w", 1, 0, 0, 0, 0, 0, 7 * 86400, 1 },
	{ "45s", 1, 0, 0, 0, 0, 0, 45, 1 },
	{ "", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "h", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2x", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "-2h", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2 h", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "99999999999999999999d", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-13-01", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-01-01T25:00", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026-01-01T10:30:15Zjunk", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "today", 1, 2026, 11, 23, 0, 0, 0, 0 },
	{ "yesterday", 1, 2026, 11, 22, 0, 0, 0, 0 },
	{ "Yesterday", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "tomorrow", 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "2026/01/01", 0, 0, 0, 0, 0, 0, 0, 0 },
};

START_TEST(test_arch_time)
{
	int	i = _i;
	time_t	now = utc(2026, 11, 23, 12, 0, 0), got = 12345, want;

	if (!times[i].ok) {
		ck_assert_msg(scan_order_time(times[i].arg, now, &got) == -1,
		    "'%s' accepted", times[i].arg);
		ck_assert(got == 12345);	/* untouched */
		return;
	}
	ck_assert_msg(scan_order_time(times[i].arg, now, &got) == 0, "'%s' refused",
	    times[i].arg);
	want = times[i].relative ? now - times[i].s : utc(times[i].y,
	    times[i].mo, times[i].d, times[i].h, times[i].mi, times[i].s);
	ck_assert_msg(got == want, "'%s': %lld, want %lld", times[i].arg,
	    (long long)got, (long long)want);
}
END_TEST

/* A date alone is local midnight: with TZ=UTC-2 (two hours east). */
START_TEST(test_arch_time_local)
{
	time_t	got;

	setenv("TZ", "UTC-2", 1);
	tzset();
	ck_assert(scan_order_time("2026-01-01", 0, &got) == 0);
	ck_assert(got == utc(2025, 12, 31, 22, 0, 0));
	utc_setup();
}
END_TEST

/*
 * yesterday and today are local midnights, a day apart in the calendar:
 * 23 hours across the switch to summer time (Central Europe, Sunday 29
 * March 2026, 02:00 -> 03:00; a POSIX TZ, no tzdata needed).
 */
START_TEST(test_arch_time_days_dst)
{
	time_t	now = utc(2026, 3, 30, 10, 0, 0), y, t;

	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	ck_assert(scan_order_time("yesterday", now, &y) == 0);
	ck_assert(scan_order_time("today", now, &t) == 0);
	ck_assert_msg(y == utc(2026, 3, 28, 23, 0, 0), "yesterday: %lld", (long long)y);
	ck_assert_msg(t == utc(2026, 3, 29, 22, 0, 0), "today: %lld", (long long)t);
	utc_setup();
}
END_TEST

/*
 * The year rule across files: carried only when the file would start
 * before the previous one's last line; Dec -> Jan steps a year, a late
 * Dec start after a Jan end steps back.
 */
START_TEST(test_arch_carry_year)
{
	/* Own mtime says Jan 1 2025; the previous file ended Jan 1 2026. */
	ck_assert_int_eq(scan_order_carry_year(utc(2025, 1, 1, 0, 40, 0),
	    utc(2026, 1, 1, 0, 20, 0)), 2026);
	/* Previous ended Dec 31 2025; this starts "Jan 2" read as 2025. */
	ck_assert_int_eq(scan_order_carry_year(utc(2025, 1, 2, 6, 0, 0),
	    utc(2025, 12, 31, 23, 0, 0)), 2026);
	/* Previous ended Jan 1 2026; this starts Dec 31 (overlap): 2025. */
	ck_assert_int_eq(scan_order_carry_year(utc(2024, 12, 31, 23, 50, 0),
	    utc(2026, 1, 1, 0, 20, 0)), 2025);
	/* Same month, a year off: the previous file's year. */
	ck_assert_int_eq(scan_order_carry_year(utc(2023, 3, 4, 6, 0, 0),
	    utc(2024, 3, 3, 16, 0, 0)), 2024);
	/* Not before the previous file's end: nothing to carry. */
	ck_assert_int_eq(scan_order_carry_year(utc(2026, 1, 1, 0, 30, 0),
	    utc(2026, 1, 1, 0, 20, 0)), 0);
	ck_assert_int_eq(scan_order_carry_year(utc(2026, 1, 1, 0, 20, 0),
	    utc(2026, 1, 1, 0, 20, 0)), 0);
	/* A gap of years stays (the mtime is believed when later). */
	ck_assert_int_eq(scan_order_carry_year(utc(2026, 3, 1, 0, 0, 0),
	    utc(2023, 3, 1, 0, 0, 0)), 0);
	ck_assert_int_eq(scan_order_carry_year(0, utc(2026, 1, 1, 0, 0, 0)), 0);
	ck_assert_int_eq(scan_order_carry_year(utc(2026, 1, 1, 0, 0, 0), 0), 0);
}
END_TEST

/* put - write a file and set its mtime. */
static void
put(const char *path, const char *text, time_t mtime)
{
	struct timeval	tv[2];
	FILE		*fp = fopen(path, "w");

	ck_assert(fp != NULL);
	fputs(text, fp);
	ck_assert(fclose(fp) == 0);
	tv[0].tv_sec = tv[1].tv_sec = mtime;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	ck_assert(utimes(path, tv) == 0);
}

#define L(t, pid, rest) t " mx1 postfix/smtpd[" pid "]: " rest "\n"

START_TEST(test_arch_plan)
{
	char			 dir[] = "/tmp/check_archive.XXXXXX";
	char			 p[5][64];
	char			*paths[5];
	const char		*names[] = { "mail.log", "copy", "mail.log.2",
				    "mail.log.1", "other" };
	struct scan_order_opts	 o;
	struct scan_order		*a;
	size_t			 i;

	ck_assert(mkdtemp(dir) != NULL);
	for (i = 0; i < 5; i++) {
		snprintf(p[i], sizeof(p[i]), "%s/%s", dir, names[i]);
		paths[i] = p[i];
	}
	/* Rotated: .2 on Dec 31, .1 over midnight, the current on Jan 1;
	 * "copy" the same text as .1 with a newer mtime; "other" another
	 * host.  Given in no order. */
	put(p[2], L("Dec 31 10:00:00", "1", "connect from a[192.0.2.1]")
	    L("Dec 31 10:00:01", "1", "disconnect from a[192.0.2.1]"),
	    utc(2025, 12, 31, 10, 5, 0));
	put(p[3], L("Dec 31 23:00:00", "2", "connect from b[192.0.2.2]")
	    L("Jan  1 00:10:00", "2", "disconnect from b[192.0.2.2]"),
	    utc(2026, 1, 1, 0, 15, 0));
	put(p[1], L("Dec 31 23:00:00", "2", "connect from b[192.0.2.2]")
	    L("Jan  1 00:10:00", "2", "disconnect from b[192.0.2.2]"),
	    utc(2026, 11, 1, 0, 0, 0));
	put(p[0], L("Jan  1 06:00:00", "3", "connect from c[192.0.2.3]"),
	    utc(2026, 1, 1, 6, 5, 0));
	put(p[4], "Dec 31 12:00:00 mx2 postfix/smtpd[9]: connect from "
	    "d[192.0.2.4]\n", utc(2025, 12, 31, 12, 5, 0));

	memset(&o, 0, sizeof(o));
	o.since = utc(2025, 12, 31, 22, 0, 0);
	a = scan_order_plan(paths, 5, &o);
	ck_assert_uint_eq(scan_order_count(a), 5);
	ck_assert_str_eq(scan_order_path(a, 0), p[2]);	/* Dec 31 10:00 */
	ck_assert_str_eq(scan_order_path(a, 1), p[4]);	/* Dec 31 12:00, mx2 */
	ck_assert_str_eq(scan_order_path(a, 2), p[1]);	/* Dec 31 23:00: "copy" */
	ck_assert_str_eq(scan_order_path(a, 3), p[3]);	/* sorts before ".1" */
	ck_assert_str_eq(scan_order_path(a, 4), p[0]);	/* Jan 1 06:00 */
	/* .2 ends where the next mx1 file begins, 23:00, after --since. */
	ck_assert(scan_order_skipped(a, 0) == NULL);
	ck_assert(scan_order_skipped(a, 1) == NULL);		/* last of mx2 */
	ck_assert(scan_order_skipped(a, 2) == NULL);
	ck_assert(scan_order_skipped(a, 3) != NULL);
	ck_assert(strncmp(scan_order_skipped(a, 3), "duplicate of ", 13) == 0);
	ck_assert_str_eq(scan_order_skipped(a, 3) + 13, p[1]);
	ck_assert(scan_order_skipped(a, 4) == NULL);
	scan_order_free(a);

	/* Since 23:30: .2 (the next mx1 file starts at 23:00) is wholly
	 * before; "copy" is not (the next read one starts Jan 1). */
	o.since = utc(2025, 12, 31, 23, 30, 0);
	a = scan_order_plan(paths, 5, &o);
	ck_assert_str_eq(scan_order_path(a, 0), p[2]);
	ck_assert(scan_order_skipped(a, 0) != NULL);
	ck_assert_str_eq(scan_order_skipped(a, 0), "before --since");
	ck_assert(scan_order_skipped(a, 2) == NULL);
	ck_assert(scan_order_skipped(a, 4) == NULL);
	scan_order_free(a);

	/* Until Jan 1: the Jan 1 file is after; in the order given, ".1"
	 * is the duplicate of "copy", given before it. */
	o.since = 0;
	o.until = utc(2026, 1, 1, 0, 0, 0);
	o.keep_order = 1;
	a = scan_order_plan(paths, 5, &o);
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(scan_order_path(a, i), p[i]);
	ck_assert(scan_order_skipped(a, 0) != NULL);
	ck_assert_str_eq(scan_order_skipped(a, 0), "after --until");
	ck_assert(scan_order_skipped(a, 1) == NULL);
	ck_assert(scan_order_skipped(a, 3) != NULL);
	ck_assert(strncmp(scan_order_skipped(a, 3), "duplicate of ", 13) == 0);
	ck_assert_str_eq(scan_order_skipped(a, 3) + 13, p[1]);
	scan_order_free(a);

	for (i = 0; i < 5; i++)
		unlink(p[i]);
	rmdir(dir);
}
END_TEST

Suite *
scan_order_suite(void)
{
	Suite	*s = suite_create("scan_order");
	TCase	*tc;

	tc = tcase_create("time");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_loop_test(tc, test_arch_time, 0, NELEM(times));
	tcase_add_test(tc, test_arch_time_local);
	tcase_add_test(tc, test_arch_time_days_dst);
	tcase_add_test(tc, test_arch_carry_year);
	suite_add_tcase(s, tc);

	tc = tcase_create("plan");
	tcase_add_checked_fixture(tc, utc_setup, NULL);
	tcase_add_test(tc, test_arch_plan);
	suite_add_tcase(s, tc);
	return s;
}
