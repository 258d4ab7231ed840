/*
 * fuzz_ts.c - libFuzzer harness for syslog timestamps (parsers/syslog_ts.c).
 * The fuzz bytes are one or more candidate stamps separated by "\n", each
 * copied to a heap buffer of exactly its length with no terminator, so
 * that ASan catches any read past len (syslog_ts.h: "never read past
 * len").  Every stamp goes through ts_skip, ts_parse_rfc3339 and ts_parse
 * with an inferred-year state and a --year 2020 state, in a zone with
 * daylight saving time.  Checked: all agree on the length, nothing is
 * written on failure, microseconds are in range, the year moves at most
 * one step per stamp, and RFC 3339 stamps with an offset convert exactly
 * as timegm() says.
 *
 * fuzz-max-len: 64 (the -max_len of make fuzz and fuzz-long)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslog_ts.h"
#include "fuzz_util.h"

#define SENTINEL_WHEN	((time_t)123456789)
#define SENTINEL_USEC	(-7)

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_dst_zone();
	return 0;
}

#define DIG(c)	((unsigned)(c) - '0' < 10)

/*
 * expect_3339 - an independent reading of an RFC 3339 stamp with an
 * explicit offset ("Z", "+HH:MM", "+HHMM") of n bytes: 1 with *t set, 0
 * when it has no offset (local time: not checked here).
 */
static int
expect_3339(const char *s, size_t n, time_t *t)
{
	struct tm	tm;
	size_t		i = 19;
	long		off = 0;
	int		sign;

	while (i < n && s[i] != 'Z' && s[i] != 'z' && s[i] != '+' &&
	    s[i] != '-')
		i++;
	if (i >= n)
		return 0;
	if (s[i] != 'Z' && s[i] != 'z') {
		sign = s[i] == '-' ? -1 : 1;
		if (n - i - 1 >= 5 && s[i + 3] == ':')
			off = ((s[i + 1] - '0') * 10 + (s[i + 2] - '0')) *
			    3600L + ((s[i + 4] - '0') * 10 +
			    (s[i + 5] - '0')) * 60L;
		else
			off = ((s[i + 1] - '0') * 10 + (s[i + 2] - '0')) *
			    3600L + ((s[i + 3] - '0') * 10 +
			    (s[i + 4] - '0')) * 60L;
		off *= sign;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = ((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0')) - 1900;
	tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	tm.tm_hour = (s[11] - '0') * 10 + (s[12] - '0');
	tm.tm_min = (s[14] - '0') * 10 + (s[15] - '0');
	tm.tm_sec = (s[17] - '0') * 10 + (s[18] - '0');
	*t = timegm(&tm) - off;
	return 1;
}

static int
year_of(time_t t)
{
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	return tm.tm_year + 1900;
}

/* one - every entry point on one stamp; st0 infers, st1 has --year. */
static void
one(struct ts_state *st0, struct ts_state *st1, const char *s, size_t len)
{
	struct ts_state	*sts[2] = { st0, st1 };
	time_t		 when, want;
	size_t		 skip, n, k;
	int		 usec, y0, y1;

	skip = ts_skip(s, len);
	FUZZ_CHECK(skip <= len, "ts_skip %zu > len %zu", skip, len);
	if (skip > 0 && skip < len)
		FUZZ_CHECK(s[skip] == ' ', "stamp followed by 0x%02x",
		    (unsigned char)s[skip]);

	when = SENTINEL_WHEN;
	usec = SENTINEL_USEC;
	n = ts_parse_rfc3339(s, len, &when, &usec);
	FUZZ_CHECK(n == 0 || n == skip, "rfc3339 %zu, skip %zu", n, skip);
	if (n == 0)
		FUZZ_CHECK(when == SENTINEL_WHEN && usec == SENTINEL_USEC,
		    "rfc3339 failed but wrote its outputs");
	else {
		FUZZ_CHECK(DIG(s[0]), "rfc3339 accepted a non-digit start");
		FUZZ_CHECK(usec >= 0 && usec <= 999999, "usec %d", usec);
		if (expect_3339(s, n, &want))
			FUZZ_CHECK(when == want, "rfc3339 %.*s: %lld, timegm "
			    "%lld", (int)n, s, (long long)when,
			    (long long)want);
	}

	for (k = 0; k < 2; k++) {
		y0 = ts_year(sts[k]);
		when = SENTINEL_WHEN;
		usec = SENTINEL_USEC;
		n = ts_parse(sts[k], s, len, &when, &usec);
		y1 = ts_year(sts[k]);
		FUZZ_CHECK(n == 0 || n == skip, "ts_parse %zu, skip %zu", n,
		    skip);
		if (n == 0) {
			FUZZ_CHECK(when == SENTINEL_WHEN &&
			    usec == SENTINEL_USEC,
			    "ts_parse failed but wrote its outputs");
			FUZZ_CHECK(y0 == y1, "failed parse moved the year");
			continue;
		}
		FUZZ_CHECK(usec >= 0 && usec <= 999999, "usec %d", usec);
		if (DIG(s[0])) {
			FUZZ_CHECK(y0 == y1, "rfc3339 stamp moved the year");
			continue;
		}
		/* Year-less: the state's year is the stamp's year. */
		FUZZ_CHECK(y1 > 0, "year %d after a stamp", y1);
		if (y0 == 0 && k == 1)
			FUZZ_CHECK(y1 == 2020, "--year 2020 gave %d", y1);
		if (y0 != 0)
			FUZZ_CHECK(y1 - y0 >= -1 && y1 - y0 <= 1,
			    "year moved from %d to %d", y0, y1);
		FUZZ_CHECK(year_of(when) == y1 || year_of(when - 1) == y1,
		    "stamp %.*s in year %d, state says %d", (int)n, s,
		    year_of(when), y1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ts_state	*st0, *st1;
	const uint8_t	*p = data, *end = data + size, *nl;
	char		*buf;
	size_t		 len;

	st0 = ts_new(0, (time_t)1700000000);	/* 2023-11-14 */
	st1 = ts_new(2020, 0);
	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		/* Exactly len bytes, no terminator: ASan guards the end. */
		if ((buf = malloc(len ? len : 1)) == NULL)
			abort();
		memcpy(buf, p, len);
		one(st0, st1, buf, len);
		free(buf);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	ts_free(st0);
	ts_free(st1);
	return 0;
}
