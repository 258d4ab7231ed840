/*
 * syslog_ts.h - syslog timestamps, shared by all parsers: RFC 3164
 * ("Nov  3 06:56:20", also zero-padded "Nov 03 06:56:20") and RFC 3339
 * ("2026-11-23T06:56:20.123456+01:00", "Z", or a space instead of "T").
 *
 * RFC 3164 stamps carry no year and no zone.  They are read as local time
 * of the process (the TZ environment variable), and the year comes from
 * a small per-input state:
 *
 *  - With an explicit year (--year), the first stamp is in that year.
 *  - Otherwise the year is inferred from a reference time, normally the
 *    file's mtime: the first stamp is in the latest year (the reference
 *    time's year, the one after or the one before) that does not put it
 *    more than a day after the reference time (a file's lines are never
 *    newer than its mtime; the day allows for zones and clocks).
 *  - While scanning, a month that goes backwards by more than six months
 *    (Dec -> Jan) starts the next year; one that goes forwards by more
 *    than six months (a late Dec line after Jan) steps back a year.
 *
 * Local-time conversion is cached per (year, month, day, hour), so
 * mktime() runs about once per hour of log.  In the repeated hour at the
 * end of daylight saving time, mktime() picks one of the two offsets.
 *
 * RFC 3339 stamps carry their own offset and need no state; a stamp
 * without an offset is taken as local time.
 */
#ifndef SYSLOG_TS_H
#define SYSLOG_TS_H

#include <stddef.h>
#include <time.h>

struct ts_state;

/*
 * ts_new - per-input timestamp state.  year > 0 forces the year of the
 * first year-less stamp; otherwise it is inferred from ref_time (0 means
 * now).  Free with ts_free(); ts_free(NULL) does nothing.
 */
struct ts_state	*ts_new(int year, time_t ref_time);
void		 ts_free(struct ts_state *);

/*
 * ts_parse - read the timestamp at the start of s (len bytes, not
 * necessarily NUL-terminated; never read past len).  Returns the number
 * of bytes consumed, with *when (seconds since the epoch, UTC) and *usec
 * set, or 0 when s does not start with a valid timestamp, leaving the
 * outputs and the state untouched.  Year-less stamps update the state.
 */
size_t		 ts_parse(struct ts_state *, const char *s, size_t len,
		    time_t *when, int *usec);

/* ts_parse_rfc3339 - the same for RFC 3339 only; needs no state. */
size_t		 ts_parse_rfc3339(const char *s, size_t len, time_t *when,
		    int *usec);

/*
 * ts_skip - the length of a valid timestamp (either form) at the start of
 * s, or 0; converts nothing and needs no state (for probing).
 */
size_t		 ts_skip(const char *s, size_t len);

/* ts_year - the year the state is in, 0 before the first year-less stamp. */
int		 ts_year(const struct ts_state *);

/*
 * ts_parse_in_year - an RFC 3164 stamp of the given year (rsyslog's
 * "2013 Jun 10 06:27:30.123" after its year), local time, with no year
 * inference; the state only caches the hour's conversion.  As ts_parse;
 * a day the month does not have is refused.
 */
size_t		 ts_parse_in_year(struct ts_state *, int year, const char *s,
		    size_t len, time_t *when, int *usec);

/*
 * ts_civil - civil[] = year, month (1..12), day, hour, minute, second as
 * seconds since the epoch: at UTC offset off (seconds east) when zoned,
 * else in local time (st caches the hour; may be NULL).  0, or -1 for a
 * date or time that does not exist (February 30, hour 24).
 */
int		 ts_civil(struct ts_state *, const int *civil, int zoned,
		    int off, time_t *when);

/*
 * ts_zone - a zone as journalctl prints it ("CET", "UTC", "+0100"): 1 with
 * *off (seconds east of UTC) for a known fixed offset; 0 for the local
 * zone's own name (read the time as local time); -1 when unknown.
 */
int		 ts_zone(const char *s, size_t n, int *off);

/* ts_mdays - the days of month mon (1..12) of year; 0 for no month. */
int		 ts_mdays(int year, int mon);

#endif /* SYSLOG_TS_H */
