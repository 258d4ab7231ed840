/*
 * archive.h - many inputs read as one archive: put them in time order by
 * their first timestamp, carry the year of year-less logs from file to
 * file of one host, find duplicated and overlapping files, and skip whole
 * files outside --since/--until.
 *
 * The plan is made before the scan (scan_order_plan reads the first lines of
 * every file through the detected parser); during the scan, scan_order_begin
 * before each file and scan_order_tap on every event keep what the next file
 * of the same host is checked against.  Standard input ("-") is never
 * read twice: it keeps the place it was given at, and the files between
 * two "-" are ordered among themselves.
 */
#ifndef SCAN_ORDER_H
#define SCAN_ORDER_H

#include <stddef.h>
#include <time.h>

#include "lib/event.h"
#include "parser.h"

#define SCAN_ORDER_PROBE_LINES	2000	/* lines read for a first timestamp */
#define SCAN_ORDER_DUP_BYTES		(64 * 1024)	/* text compared for dups */

struct scan_order_opts {
	const struct parser_ops	*parser;	/* forced, or NULL: detect */
	int			 year;		/* --year: no inference */
	size_t			 maxline;	/* 0: input default */
	int			 keep_order;	/* read in the order given */
	time_t			 since, until;	/* 0: unbounded */
	size_t			 head_bytes;	/* probe at most this much of
						 * each file (0: no bound) */
};

struct scan_order;

/*
 * scan_order_plan - the reading order of paths[0..npaths) (borrowed for the
 * plan's life): unless keep_order, the files with a first timestamp in
 * its order (then by name), in the places such files were given at;
 * files without one (unreadable, unknown format) and "-" stay where they
 * were given, and no file moves across a "-" (or a pipe, which is not
 * read before the scan either).  Duplicated files (the same
 * first SCAN_ORDER_DUP_BYTES of text, then the same whole text) and files
 * wholly outside since/until marked skipped.  Prints one warning per
 * duplicate.  Never NULL; free with scan_order_free().
 */
struct scan_order	*scan_order_plan(char *const *paths, size_t npaths,
		    const struct scan_order_opts *);
void		 scan_order_free(struct scan_order *);

/* scan_order_count, scan_order_path - the i-th input in reading order (borrowed). */
size_t		 scan_order_count(const struct scan_order *);
const char	*scan_order_path(const struct scan_order *, size_t i);

/* scan_order_skipped - why the i-th input is not read ("duplicate of mail.log.1",
 * "before --since", "after --until"), or NULL; borrowed. */
const char	*scan_order_skipped(const struct scan_order *, size_t i);

/*
 * scan_order_host, scan_order_first, scan_order_format,
 * scan_order_compressed - what the probe of the i-th input found: the
 * host of its first event (NULL: none), that event's time (0: none), the
 * parser's name (NULL: the format is unknown, or the file was not read),
 * gzip.  Strings borrowed for the plan's life.
 */
const char	*scan_order_host(const struct scan_order *, size_t i);
time_t		 scan_order_first(const struct scan_order *, size_t i);
const char	*scan_order_format(const struct scan_order *, size_t i);
int		 scan_order_compressed(const struct scan_order *, size_t i);

/* scan_order_first_after - the earliest first timestamp of the inputs to be read
 * after the i-th (0: none known): the findings they will give are not
 * older, so pattern windows may close up to it. */
time_t		 scan_order_first_after(const struct scan_order *, size_t i);

/*
 * scan_order_begin - the i-th input is about to be read: returns the year to
 * give its first year-less timestamp: --year (0: infer from its mtime),
 * or the year of the previous file of the same host carried forward when
 * the file's own year (--year or mtime) would put its start before that
 * file's last event; warns when the file still starts before that event
 * (overlap).
 */
int		 scan_order_begin(struct scan_order *, size_t i);

/*
 * scan_order_year_proved - the year the content of the first input read
 * proved (a Postfix Message-ID with the full date, in its first
 * SCAN_ORDER_PROBE_LINES lines) where its file time gave another, with
 * that other in *assumed; 0 when none (and always with --year).  Such an
 * input is read in the proved year (scan_order_begin).
 */
int		 scan_order_year_proved(const struct scan_order *, int *assumed);

/*
 * scan_order_tap - a scan_opts tap (arg: the struct scan_order): notes the time and
 * host of each event of the input begun last, then hands the event to the
 * tap set with scan_order_chain, if any.
 */
void		 scan_order_tap(void *arg, const struct smtp_event *);
void		 scan_order_chain(struct scan_order *,
		    void (*tap)(void *, const struct smtp_event *), void *arg);

/*
 * scan_order_time - a --since/--until argument: an ISO 8601 date ("2026-01-01",
 * local midnight), date-time ("2026-01-01T10:00", seconds, a fraction and
 * a zone "Z"/"+01:00" optional; a space for "T"), or a time before now:
 * a number and s, m, h, d or w ("30m", "7d"), or "today" or "yesterday"
 * (the local midnight that starts that day).  Returns 0 with *out set, or
 * -1.
 */
int		 scan_order_time(const char *s, time_t now, time_t *out);

/*
 * scan_order_carry_year - the year rule across files: a year-less file whose
 * first stamp, read with its own mtime, is first, would lie before
 * prev_last (the last stamp of the previous file of its host) is read in
 * prev_last's year, or the year after when its month is more than six
 * months earlier than prev_last's (Dec -> Jan).  Returns that year, or 0
 * when there is nothing to carry (first >= prev_last, or either is 0).
 * Local time.
 */
int		 scan_order_carry_year(time_t first, time_t prev_last);

#endif /* SCAN_ORDER_H */
