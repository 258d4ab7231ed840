/*
 * syslog_ts.c - turn the timestamp that starts a syslog line into seconds
 * since the epoch.  Year inference and the local-time cache are described
 * in syslog_ts.h; what follows the timestamp is left to the parsers.
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "syslog_ts.h"
#include "lib/word.h"
#include "lib/xmalloc.h"

/*
 * mktime() reads the time zone again on every call; with TZ unset glibc
 * then frees and copies the zone's name each time, under a lock of its
 * own that ThreadSanitizer does not see, and reports the -j workers'
 * calls as a race (tzset() once up front does not help: an unset TZ is
 * never "unchanged" to glibc).  The calls are rare (the cache below
 * makes one per hour of log), so a lock of ours serializes them where
 * the tools see it.
 */
static pthread_mutex_t	tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* Longest stamp text remembered: RFC 3339 with nanoseconds and offset. */
#define TS_TEXT_MAX	40

struct ts_state {
	int		 explicit_year;	/* --year, or 0 */
	int		 ref_year;	/* of the reference time, local */
	int		 ref_mon;	/* 0..11 */
	time_t		 ref_time;	/* the reference itself */
	int		 year;		/* current year, 0 before the first */
	int		 last_mon;

	/* mktime() cache: the epoch of the start of one local hour. */
	long		 cache_key;
	time_t		 cache_base;

	/*
	 * The last stamp parsed, as text and result: consecutive lines
	 * mostly share their second, or at least their minute, and the
	 * same text parses to the same time and leaves the state as it was
	 * (same month, same year).  For an RFC 3164 stamp without fraction,
	 * sec_at is where its seconds are: a stamp equal up to there differs
	 * by the seconds alone.
	 */
	char		 last[TS_TEXT_MAX];
	size_t		 last_len;	/* 0: none */
	size_t		 sec_at;	/* 0: no such stamp */
	int		 last_sec;
	time_t		 last_when;
	int		 last_usec;
};

#define TS_SLACK	86400	/* a first stamp may be this much after ref */
#define ISDIGIT(c)	((unsigned)(c) - '0' < 10)
#define D2(s)		(((s)[0] - '0') * 10 + ((s)[1] - '0'))

struct ts_state *
ts_new(int year, time_t ref_time)
{
	struct ts_state	*st;
	struct tm	 tm;

	st = xcalloc(1, sizeof(*st));
	st->explicit_year = year > 0 ? year : 0;
	if (ref_time == 0)
		ref_time = time(NULL);
	st->ref_time = ref_time;
	if (localtime_r(&ref_time, &tm) != NULL) {
		st->ref_year = tm.tm_year + 1900;
		st->ref_mon = tm.tm_mon;
	} else {
		st->ref_year = 1970;
		st->ref_mon = 11;
	}
	st->last_mon = -1;
	st->cache_key = -1;
	return st;
}

void
ts_free(struct ts_state *st)
{
	free(st);
}

int
ts_year(const struct ts_state *st)
{
	return st->year;
}

/* month - 0..11 for an English month abbreviation, -1 otherwise. */
static int
month(const char *s)
{
	switch (s[0]) {
	case 'J':
		if (s[1] == 'a' && s[2] == 'n')
			return 0;
		if (s[1] == 'u' && s[2] == 'n')
			return 5;
		if (s[1] == 'u' && s[2] == 'l')
			return 6;
		break;
	case 'F':
		if (s[1] == 'e' && s[2] == 'b')
			return 1;
		break;
	case 'M':
		if (s[1] == 'a' && s[2] == 'r')
			return 2;
		if (s[1] == 'a' && s[2] == 'y')
			return 4;
		break;
	case 'A':
		if (s[1] == 'p' && s[2] == 'r')
			return 3;
		if (s[1] == 'u' && s[2] == 'g')
			return 7;
		break;
	case 'S':
		if (s[1] == 'e' && s[2] == 'p')
			return 8;
		break;
	case 'O':
		if (s[1] == 'c' && s[2] == 't')
			return 9;
		break;
	case 'N':
		if (s[1] == 'o' && s[2] == 'v')
			return 10;
		break;
	case 'D':
		if (s[1] == 'e' && s[2] == 'c')
			return 11;
		break;
	}
	return -1;
}

/*
 * days_from_civil - days since 1970-01-01 of a proleptic Gregorian date
 * (month 1..12); the usual era-based formula, valid for any year.
 */
static long long
days_from_civil(long long y, int m, int d)
{
	long long	era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/*
 * local_epoch - a local wall-clock time as seconds since the epoch,
 * with mktime() called once per hour when a state is given.
 */
static int
local_epoch(struct ts_state *st, int year, int mon, int mday, int hour,
    int min, int sec, time_t *out)
{
	struct tm	 tm;
	long		 key;
	time_t		 base;

	key = (((long)year * 12 + mon) * 32 + mday) * 24 + hour;
	if (st != NULL && st->cache_key == key) {
		*out = st->cache_base + min * 60 + sec;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_isdst = -1;
	pthread_mutex_lock(&tz_lock);
	base = mktime(&tm);
	pthread_mutex_unlock(&tz_lock);
	if (base == (time_t)-1)
		return -1;
	if (st != NULL) {
		st->cache_key = key;
		st->cache_base = base;
	}
	*out = base + min * 60 + sec;
	return 0;
}

/*
 * fraction - parse ".ddd" at s[*pos] (optional) into microseconds; extra
 * digits beyond six are skipped.  Returns -1 for a dot without digits.
 */
static int
fraction(const char *s, size_t len, size_t *pos, int *usec)
{
	size_t	i = *pos;
	int	n = 0, v = 0;

	*usec = 0;
	if (i >= len || s[i] != '.')
		return 0;
	for (i++; i < len && ISDIGIT(s[i]); i++, n++)
		if (n < 6)
			v = v * 10 + (s[i] - '0');
	if (n == 0)
		return -1;
	for (; n < 6; n++)
		v *= 10;
	*usec = v;
	*pos = i;
	return 0;
}

/* hms - "HH:MM:SS" at s (8 bytes available), range-checked. */
static int
hms(const char *s, int *h, int *m, int *sec)
{
	if (!ISDIGIT(s[0]) || !ISDIGIT(s[1]) || s[2] != ':' ||
	    !ISDIGIT(s[3]) || !ISDIGIT(s[4]) || s[5] != ':' ||
	    !ISDIGIT(s[6]) || !ISDIGIT(s[7]))
		return -1;
	*h = D2(s);
	*m = D2(s + 3);
	*sec = D2(s + 6);
	if (*h > 23 || *m > 59 || *sec > 60)
		return -1;
	return 0;
}

/*
 * rfc3339 - "YYYY-MM-DDTHH:MM:SS[.frac][Z|+HH:MM]"; with no output
 * pointer it only validates.
 */
static size_t
rfc3339(struct ts_state *st, const char *s, size_t len, time_t *when,
    int *usec)
{
	int		 y, mo, d, h, mi, sec, us, off = 0, have_off = 0;
	size_t		 pos;
	time_t		 t;

	/* "YYYY-MM-DDTHH:MM:SS" is 19 bytes. */
	if (len < 19 || !ISDIGIT(s[0]) || !ISDIGIT(s[1]) || !ISDIGIT(s[2]) ||
	    !ISDIGIT(s[3]) || s[4] != '-' || !ISDIGIT(s[5]) ||
	    !ISDIGIT(s[6]) || s[7] != '-' || !ISDIGIT(s[8]) ||
	    !ISDIGIT(s[9]) || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return 0;
	y = D2(s) * 100 + D2(s + 2);
	mo = D2(s + 5);
	d = D2(s + 8);
	if (mo < 1 || mo > 12 || d < 1 || d > ts_mdays(y, mo) ||
	    hms(s + 11, &h, &mi, &sec) < 0)
		return 0;
	pos = 19;
	if (fraction(s, len, &pos, &us) < 0)
		return 0;
	if (pos < len && (s[pos] == 'Z' || s[pos] == 'z')) {
		pos++;
		have_off = 1;
	} else if (pos < len && (s[pos] == '+' || s[pos] == '-')) {
		/* "+HH:MM" (RFC 3339); "+HHMM" is tolerated. */
		const char	*o = s + pos + 1;
		size_t		 left = len - pos - 1;
		int		 oh, om, neg = s[pos] == '-';

		if (left >= 5 && ISDIGIT(o[0]) && ISDIGIT(o[1]) &&
		    o[2] == ':' && ISDIGIT(o[3]) && ISDIGIT(o[4])) {
			om = D2(o + 3);
			pos += 6;
		} else if (left >= 4 && ISDIGIT(o[0]) && ISDIGIT(o[1]) &&
		    ISDIGIT(o[2]) && ISDIGIT(o[3])) {
			om = D2(o + 2);
			pos += 5;
		} else
			return 0;
		oh = D2(o);
		if (oh > 23 || om > 59)
			return 0;
		off = (oh * 60 + om) * 60;
		if (neg)
			off = -off;
		have_off = 1;
	}
	if (pos < len && s[pos] != ' ')
		return 0;
	if (when == NULL)
		return pos;
	if (have_off)
		t = (time_t)(days_from_civil(y, mo, d) * 86400 +
		    h * 3600 + mi * 60 + sec - off);
	else if (local_epoch(st, y, mo - 1, d, h, mi, sec, &t) < 0)
		return 0;
	*when = t;
	*usec = us;
	return pos;
}

size_t
ts_parse_rfc3339(const char *s, size_t len, time_t *when, int *usec)
{
	return rfc3339(NULL, s, len, when, usec);
}

/* The fields of an RFC 3164 stamp, read by stamp3164(). */
struct f3164 {
	int	mon, mday, h, mi, sec, us;	/* mon 0..11 */
};

/*
 * stamp3164 - "Mmm dd hh:mm:ss" with the day space- or zero-padded (a
 * bare one-digit day is accepted too), optionally with a fraction; its
 * length, or 0.
 */
static size_t
stamp3164(const char *s, size_t len, struct f3164 *f)
{
	size_t	pos;

	if (len < 14 || (f->mon = month(s)) < 0 || s[3] != ' ')
		return 0;
	if (ISDIGIT(s[4]) && s[5] == ' ') {
		f->mday = s[4] - '0';
		pos = 6;
	} else if ((s[4] == ' ' || ISDIGIT(s[4])) && ISDIGIT(s[5]) &&
	    s[6] == ' ' && len >= 15) {
		f->mday = (s[4] == ' ' ? 0 : (s[4] - '0') * 10) + (s[5] - '0');
		pos = 7;
	} else
		return 0;
	/* A day the month has in some year (February 29 is the year's
	 * business): "Feb 30" is no stamp. */
	if (f->mday < 1 || f->mday > ts_mdays(2000, f->mon + 1) ||
	    len - pos < 8 || hms(s + pos, &f->h, &f->mi, &f->sec) < 0)
		return 0;
	pos += 8;
	if (fraction(s, len, &pos, &f->us) < 0)
		return 0;
	if (pos < len && s[pos] != ' ')
		return 0;
	return pos;
}

/*
 * rfc3164 - an RFC 3164 stamp, its year inferred (see syslog_ts.h).
 * With no state it only validates.
 */
static size_t
rfc3164(struct ts_state *st, const char *s, size_t len, time_t *when,
    int *usec)
{
	struct f3164	 f;
	int		 year;
	size_t		 pos;
	time_t		 t;

	if ((pos = stamp3164(s, len, &f)) == 0)
		return 0;
	if (st == NULL)
		return pos;

	/* The stamp is valid: now it may move the year. */
	if (st->year == 0) {
		/* The latest year that does not put the first stamp more
		 * than a day (zones, clocks) after the reference time. */
		if (st->explicit_year)
			year = st->explicit_year;
		else
			for (year = st->ref_year + 1; year > st->ref_year - 1;
			    year--)
				if (local_epoch(st, year, f.mon, f.mday, f.h,
				    f.mi, f.sec, &t) == 0 &&
				    t <= st->ref_time + TS_SLACK)
					break;
	} else {
		year = st->year;
		if (f.mon < st->last_mon && st->last_mon - f.mon > 6)
			year++;
		else if (f.mon > st->last_mon && f.mon - st->last_mon > 6)
			year--;
	}
	if (local_epoch(st, year, f.mon, f.mday, f.h, f.mi, f.sec, &t) < 0)
		return 0;
	st->year = year;
	st->last_mon = f.mon;
	*when = t;
	*usec = f.us;
	return pos;
}

size_t
ts_parse_in_year(struct ts_state *st, int year, const char *s, size_t len,
    time_t *when, int *usec)
{
	struct f3164	f;
	size_t		pos;
	time_t		t;

	if ((pos = stamp3164(s, len, &f)) == 0 || year < 1 || year > 9999 ||
	    f.mday > ts_mdays(year, f.mon + 1) ||
	    local_epoch(st, year, f.mon, f.mday, f.h, f.mi, f.sec, &t) < 0)
		return 0;
	*when = t;
	*usec = f.us;
	return pos;
}

int
ts_mdays(int year, int mon)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (mon < 1 || mon > 12)
		return 0;
	if (mon == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[mon - 1];
}

int
ts_civil(struct ts_state *st, const int *civil, int zoned, int off,
    time_t *when)
{
	int	y = civil[0], mo = civil[1], d = civil[2];

	if (mo < 1 || mo > 12 || d < 1 || d > ts_mdays(y, mo) ||
	    civil[3] < 0 || civil[3] > 23 || civil[4] < 0 || civil[4] > 59 ||
	    civil[5] < 0 || civil[5] > 60)
		return -1;
	if (zoned) {
		*when = (time_t)(days_from_civil(y, mo, d) * 86400 +
		    civil[3] * 3600 + civil[4] * 60 + civil[5] - off);
		return 0;
	}
	return local_epoch(st, y, mo - 1, d, civil[3], civil[4], civil[5],
	    when);
}

size_t
ts_skip(const char *s, size_t len)
{
	int	usec;

	if (len == 0)
		return 0;
	if (ISDIGIT(s[0]))
		return rfc3339(NULL, s, len, NULL, &usec);
	return rfc3164(NULL, s, len, NULL, &usec);
}

/*
 * same_minute - the stamp at s is the last RFC 3164 stamp with other
 * seconds: the same text up to the seconds, two digits in range, and the
 * end of s or a space after them (no fraction), as rfc3164() requires.
 * Then the time is the last one moved by the seconds: the same local hour,
 * the same month, so neither the hour cache nor the year changes.
 */
static int
same_minute(struct ts_state *st, const char *s, size_t len, time_t *when)
{
	size_t	at = st->sec_at, n = at + 2;
	int	sec;

	if (at < 8 || at > 16 || len < n || (len > n && s[n] != ' ') ||
	    !ISDIGIT(s[at]) || !ISDIGIT(s[at + 1]) ||
	    !word_eq16(s, st->last, at) || (sec = D2(s + at)) > 60)
		return 0;
	*when = st->last_when + (sec - st->last_sec);
	st->last_when = *when;
	st->last_sec = sec;
	st->last[at] = s[at];
	st->last[at + 1] = s[at + 1];
	return 1;
}

/* parse - ts_parse() of a stamp that is not the last one's minute: out
 * of line, so that the call for most lines saves no registers. */
static size_t __attribute__((noinline))
parse(struct ts_state *st, const char *s, size_t len, time_t *when,
    int *usec)
{
	size_t	n = st->last_len;

	/* The same text as the last stamp, ending where it ended: both
	 * parsers stop at the text's end, a space or the end of s. */
	if (n > 0 && len >= n && (len == n || s[n] == ' ') &&
	    memcmp(s, st->last, n) == 0) {
		*when = st->last_when;
		*usec = st->last_usec;
		return n;
	}
	if (ISDIGIT(s[0]))
		n = rfc3339(st, s, len, when, usec);
	else
		n = rfc3164(st, s, len, when, usec);
	if (n > 0 && n <= sizeof(st->last)) {
		memcpy(st->last, s, n);
		st->last_len = n;
		st->last_when = *when;
		st->last_usec = *usec;
		/* "Mmm dd hh:mm:ss" (14 or 15 bytes) with nothing after. */
		st->sec_at = 0;
		if (!ISDIGIT(s[0]) && n <= 15 && s[n - 3] == ':') {
			st->sec_at = n - 2;
			st->last_sec = D2(s + n - 2);
		}
	} else if (n > 0)
		st->last_len = st->sec_at = 0;
	return n;
}

size_t
ts_parse(struct ts_state *st, const char *s, size_t len, time_t *when,
    int *usec)
{
	if (len == 0)
		return 0;
	if (same_minute(st, s, len, when)) {
		*usec = 0;
		return st->last_len;
	}
	return parse(st, s, len, when, usec);
}

/*
 * Zone abbreviations journalctl's short-full may print (strftime %Z) that
 * name one offset only.  Ambiguous ones (IST, CST, BST ...) are read as
 * the local zone when it has that name, else as listed here.
 */
static const struct {
	const char	*name;
	int		 off;		/* minutes east of UTC */
} zones[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "UT", 0 }, { "Z", 0 },
	{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "IST", 60 },
	{ "CET", 60 }, { "CEST", 120 }, { "MET", 60 }, { "MEST", 120 },
	{ "EET", 120 }, { "EEST", 180 }, { "MSK", 180 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
	{ "JST", 540 }, { "KST", 540 }, { "HKT", 480 }, { "SGT", 480 },
	{ "AWST", 480 }, { "ACST", 570 }, { "ACDT", 630 }, { "AEST", 600 },
	{ "AEDT", 660 }, { "NZST", 720 }, { "NZDT", 780 },
};

int
ts_zone(const char *s, size_t n, int *off)
{
	size_t	i;
	int	h, m, sign;

	/* "+0100", "-05:30": numeric offsets need no table. */
	if (n >= 5 && (s[0] == '+' || s[0] == '-') && ISDIGIT(s[1]) &&
	    ISDIGIT(s[2])) {
		sign = s[0] == '-' ? -1 : 1;
		h = D2(s + 1);
		if (n == 5 && ISDIGIT(s[3]) && ISDIGIT(s[4]))
			m = D2(s + 3);
		else if (n == 6 && s[3] == ':' && ISDIGIT(s[4]) &&
		    ISDIGIT(s[5]))
			m = D2(s + 4);
		else
			return -1;
		if (h > 23 || m > 59)
			return -1;
		*off = sign * (h * 3600 + m * 60);
		return 1;
	}
	tzset();
	for (i = 0; i < 2; i++)
		if (tzname[i] != NULL && strlen(tzname[i]) == n &&
		    memcmp(tzname[i], s, n) == 0 &&
		    !(n == 3 && memcmp(s, "UTC", 3) == 0))
			return 0;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == n &&
		    memcmp(zones[i].name, s, n) == 0) {
			*off = zones[i].off * 60;
			return 1;
		}
	return -1;
}
