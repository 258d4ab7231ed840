/*
 * scan_order.c - the reading order of many inputs (see scan_order.h): a probe of
 * the first lines of each file through its parser for the first timestamp
 * and the host, a hash of its first text for duplicates, then the order,
 * the skips, and during the scan the year carried from file to file.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "scan_order.h"
#include "lib/fnv.h"
#include "input.h"
#include "lib/log.h"
#include "route.h"
#include "scan.h"
#include "stream.h"
#include "syslog_ts.h"
#include "lib/xmalloc.h"

struct afile {
	const char	*path;		/* borrowed */
	size_t		 given;		/* index in the order given */
	int		 is_stdin;	/* "-", a pipe, a stream: not probed */
	time_t		 first;		/* first event time; 0: none */
	time_t		 last;		/* last event time read; 0: none */
	char		*host;		/* of the first event; owned */
	int		 yearless;	/* the first stamp had no year */
	int		 read;		/* begun */
	uint64_t	 hash;		/* FNV-1a of the first text */
	size_t		 hashed;	/* bytes hashed (lines + "\n") */
	int		 whole;		/* the hash covers the whole file */
	char		*skip;		/* reason; owned */
	char		*format;	/* the parsers' names (route_format);
					 * owned; NULL */
	/* The year the content proved (year_proof), and the year the file
	 * time gave its first stamp; 0: no proof. */
	int		 year_proved, year_assumed;
	int		 want_proof;	/* no --year: look for one */
	int		 compressed;	/* gzip */
};

struct scan_order {
	struct afile	*f;		/* in the order given */
	size_t		*order;		/* reading order: indices into f */
	size_t		 n;
	struct scan_order_opts opts;
	size_t		 cur;		/* reading index begun last */
	int		 begun;
	void		(*tap)(void *, const struct smtp_event *);
	void		*tap_arg;
};

static time_t	with_year(time_t, int);

/* iso - t as "2026-01-01T00:10:00Z" into buf (at least 21 bytes). */
static const char *
iso(time_t t, char *buf, size_t size)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "%lld", (long long)t);
	return buf;
}

/*
 * year_proof - the years to add to ev's time, when ev is proof of the
 * year: the Message-ID that Postfix's cleanup gives a message it makes
 * (bounces, local mail) is "<YYYYMMDDhhmmss.QUEUEID@myhostname>", the
 * date in UTC and the message's own queue id.  The logged time, in the
 * year that is right, lies within a day and a half of that date (zones
 * run from -12 to +14 hours).  0 when ev proves nothing or agrees.
 */
static int
year_proof(const struct smtp_event *ev)
{
	const char	*m = ev->message_id;
	struct tm	 tm;
	time_t		 p, t;
	size_t		 i, ql;
	int		 y, d;

	if (ev->kind != EV_MSG_INFO || m == NULL || ev->queue_id == NULL ||
	    ev->when == 0)
		return 0;
	for (i = 0; i < 14; i++)
		if (!isdigit((unsigned char)m[i]))
			return 0;
	ql = strlen(ev->queue_id);
	if (m[14] != '.' || strncmp(m + 15, ev->queue_id, ql) != 0 ||
	    m[15 + ql] != '@')
		return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(m, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	y = tm.tm_year;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((p = timegm(&tm)) == (time_t)-1)
		return 0;
	if (localtime_r(&ev->when, &tm) == NULL)
		return 0;
	for (d = -1; d <= 1; d++) {
		t = with_year(ev->when, y + d);
		if (t > p - 129600 && t < p + 129600)
			return y + d - (tm.tm_year + 1900);
	}
	return 0;
}

/* events - drain the router; the first event with a time sets first;
 * a proof of the year (year_proof) moves it. */
static void
events(struct route *r, struct afile *f)
{
	const struct smtp_event	*ev;
	struct tm		 tm;
	int			 d;

	while (route_next(r, &ev) == 1) {
		if (f->first == 0 && ev->when != 0) {
			f->first = ev->when;
			f->host = xstrdup(ev->host != NULL ? ev->host : "");
			/* Its year was inferred: the year-less stamp of that
			 * line. */
			f->yearless = route_year(r) != 0;
		}
		if (f->want_proof && f->yearless && f->first != 0 &&
		    f->year_proved == 0 &&
		    (d = year_proof(ev)) != 0 &&
		    localtime_r(&f->first, &tm) != NULL) {
			f->year_assumed = tm.tm_year + 1900;
			f->year_proved = f->year_assumed + d;
			f->first = with_year(f->first, f->year_proved);
		}
	}
}

/*
 * probe - the first timestamp and host of a file (through the router,
 * forced parser or not, at most SCAN_ORDER_PROBE_LINES lines) and the hash
 * of its first SCAN_ORDER_DUP_BYTES of text.  A file that cannot be read
 * is left without either: the scan says what is wrong with it.
 */
static void
probe(struct afile *f, const struct scan_order_opts *o)
{
	struct route_opts	 ro;
	struct route		*r;
	struct input		*in;
	const char		*line;
	size_t			 len;
	unsigned long		 n = 0;
	int			 rc;

	if ((in = input_open_head(f->path, o->maxline, o->head_bytes)) ==
	    NULL)
		return;
	f->compressed = input_stats(in)->compressed;
	memset(&ro, 0, sizeof(ro));
	ro.forced = o->parser;
	ro.file = f->path;
	ro.year = o->year;
	ro.ref_time = input_mtime(in);
	ro.maxline = o->maxline;
	r = route_new(&ro);
	f->hash = FNV64_OFFSET;
	f->want_proof = o->year == 0;
	while ((rc = input_next(in, &line, &len)) == 1) {
		n++;
		if (f->hashed < SCAN_ORDER_DUP_BYTES) {
			f->hash = fnv64(fnv64(f->hash, line, len), "\n", 1);
			f->hashed += len + 1;
		}
		if ((f->first == 0 || (f->want_proof && f->yearless &&
		    f->year_proved == 0)) && n <= SCAN_ORDER_PROBE_LINES) {
			route_push(r, line, len, n);
			events(r, f);
		} else if (f->hashed >= SCAN_ORDER_DUP_BYTES)
			break;
	}
	if (f->first == 0) {
		/* A short file, or lines held for detection: read them. */
		route_end(r);
		events(r, f);
	}
	if (rc == 0)
		f->whole = !input_cut(in);
	if (route_format(r) != NULL)
		f->format = xstrdup(route_format(r));
	route_free(r);
	input_close(in);
}

/* same_text - the two files hold the same lines, read to their ends. */
static int
same_text(const char *a, const char *b, size_t maxline)
{
	struct input	*x, *y;
	const char	*lx, *ly;
	size_t		 nx, ny;
	int		 rx, ry, same = 0;

	x = input_open(a, maxline);
	y = input_open(b, maxline);
	if (x != NULL && y != NULL) {
		do {
			rx = input_next(x, &lx, &nx);
			ry = input_next(y, &ly, &ny);
		} while (rx == 1 && ry == 1 && nx == ny &&
		    memcmp(lx, ly, nx) == 0);
		same = rx == 0 && ry == 0;
	}
	input_close(x);
	input_close(y);
	return same;
}

static int
dup_of(const struct afile *f, const struct afile *g, size_t maxline)
{
	if (f->is_stdin || g->is_stdin || f->hashed == 0 ||
	    f->hash != g->hash || f->hashed != g->hashed ||
	    f->whole != g->whole)
		return 0;
	/* Read to its end and every line hashed: the hash and length say it;
	 * else the text past the hashed part must be compared. */
	if (f->whole && f->hashed < SCAN_ORDER_DUP_BYTES)
		return 1;
	return same_text(f->path, g->path, maxline);
}

static const struct afile	*sort_f;	/* qsort has no argument */

static int
order_cmp(const void *pa, const void *pb)
{
	const struct afile	*x = &sort_f[*(const size_t *)pa];
	const struct afile	*y = &sort_f[*(const size_t *)pb];
	int			 c;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	return x->given < y->given ? -1 : x->given > y->given;
}

static int
same_host(const struct afile *x, const struct afile *y)
{
	return x->host != NULL && y->host != NULL &&
	    strcmp(x->host, y->host) == 0;
}

/* skip_range - mark the files wholly outside --since/--until. */
static void
skip_range(struct scan_order *a)
{
	struct afile	*f, *g;
	size_t		 i, j;

	for (i = 0; i < a->n; i++) {
		f = &a->f[a->order[i]];
		if (f->skip != NULL || f->first == 0)
			continue;
		if (a->opts.until != 0 && f->first >= a->opts.until) {
			f->skip = xstrdup("after --until");
			continue;
		}
		if (a->opts.since == 0)
			continue;
		/* Its lines end where the next file of its host begins. */
		for (j = i + 1; j < a->n; j++) {
			g = &a->f[a->order[j]];
			if (g->skip == NULL && g->first != 0 && same_host(f, g))
				break;
		}
		if (j < a->n && g->first < a->opts.since)
			f->skip = xstrdup("before --since");
	}
}

struct scan_order *
scan_order_plan(char *const *paths, size_t npaths, const struct scan_order_opts *o)
{
	struct scan_order	*a = xcalloc(1, sizeof(*a));
	size_t		 i, j, k, nt, seg, *timed;
	struct stat	 st;
	char		 msg[PATH_MAX + 32];

	a->opts = *o;
	a->n = npaths;
	a->f = xcalloc(npaths ? npaths : 1, sizeof(*a->f));
	a->order = xcalloc(npaths ? npaths : 1, sizeof(*a->order));
	for (i = 0; i < npaths; i++) {
		a->f[i].path = paths[i];
		a->f[i].given = i;
		a->order[i] = i;
		/* A pipe or a terminal (<(zcat ...), /dev/stdin) cannot be
		 * read twice: it is kept in place, as "-" and a named
		 * stream (the journal) are. */
		if (stream_is(paths[i]) || (stat(paths[i], &st) == 0 &&
		    !S_ISREG(st.st_mode)))
			a->f[i].is_stdin = 1;
		else
			probe(&a->f[i], o);
	}
	/* Sort the files with a time of each run between "-" inputs into
	 * the places of that run's files with a time. */
	sort_f = a->f;
	timed = xcalloc(npaths ? npaths : 1, sizeof(*timed));
	for (seg = 0; !o->keep_order && seg < npaths; seg = j + 1) {
		for (j = seg, nt = 0; j < npaths && !a->f[j].is_stdin; j++)
			if (a->f[j].first != 0)
				timed[nt++] = j;
		if (nt > 1)
			qsort(timed, nt, sizeof(*timed), order_cmp);
		for (i = seg, k = 0; i < j; i++)
			if (a->f[i].first != 0)
				a->order[i] = timed[k++];
	}
	free(timed);
	sort_f = NULL;
	for (i = 1; i < npaths; i++) {
		struct afile	*f = &a->f[a->order[i]];

		for (j = 0; j < i; j++) {
			const struct afile *g = &a->f[a->order[j]];

			if (g->skip == NULL &&
			    dup_of(f, g, o->maxline)) {
				snprintf(msg, sizeof(msg), "duplicate of %s",
				    g->path);
				f->skip = xstrdup(msg);
				warnx("%s: skipped, a duplicate of %s", f->path,
				    g->path);
				break;
			}
		}
	}
	skip_range(a);
	return a;
}

void
scan_order_free(struct scan_order *a)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->f[i].host);
		free(a->f[i].format);
		free(a->f[i].skip);
	}
	free(a->f);
	free(a->order);
	free(a);
}

size_t
scan_order_count(const struct scan_order *a)
{
	return a->n;
}

const char *
scan_order_path(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].path;
}

const char *
scan_order_skipped(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].skip;
}

const char *
scan_order_host(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].host;
}

time_t
scan_order_first(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].first;
}

const char *
scan_order_format(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].format;
}

int
scan_order_compressed(const struct scan_order *a, size_t i)
{
	return a->f[a->order[i]].compressed;
}

time_t
scan_order_first_after(const struct scan_order *a, size_t i)
{
	time_t	min = 0;
	size_t	j;

	for (j = i + 1; j < a->n; j++) {
		const struct afile *f = &a->f[a->order[j]];

		if (f->skip == NULL && f->first != 0 &&
		    (min == 0 || f->first < min))
			min = f->first;
	}
	return min;
}

int
scan_order_carry_year(time_t first, time_t prev_last)
{
	struct tm	f, p;
	int		y;

	if (first == 0 || prev_last == 0 || first >= prev_last ||
	    localtime_r(&first, &f) == NULL ||
	    localtime_r(&prev_last, &p) == NULL)
		return 0;
	y = p.tm_year + 1900;
	if (p.tm_mon - f.tm_mon > 6)
		y++;
	else if (f.tm_mon - p.tm_mon > 6)
		y--;
	return y;
}

/* with_year - t's local date and time in another year. */
static time_t
with_year(time_t t, int year)
{
	struct tm	tm;
	time_t		r;

	if (localtime_r(&t, &tm) == NULL)
		return t;
	tm.tm_year = year - 1900;
	tm.tm_isdst = -1;
	return (r = mktime(&tm)) == (time_t)-1 ? t : r;
}

int
scan_order_begin(struct scan_order *a, size_t i)
{
	struct afile	*f = &a->f[a->order[i]], *p = NULL;
	char		 t1[32], t2[32];
	size_t		 j;
	int		 year = a->opts.year, carried;

	a->cur = i;
	a->begun = 1;
	f->read = 1;
	for (j = i; j-- > 0;) {
		p = &a->f[a->order[j]];
		if (p->read && p->last != 0 && same_host(f, p))
			break;
		p = NULL;
	}
	/* The content proved the year: it wins over the file time, and
	 * over the year carried. */
	if (f->year_proved != 0 && year == 0)
		return f->year_proved;
	if (p == NULL || f->first == 0)
		return year;
	if (f->yearless &&
	    (carried = scan_order_carry_year(f->first, p->last)) != 0) {
		year = carried;
		f->first = with_year(f->first, year);
	}
	if (f->first < p->last) {
		/* The names come from outside: warnx escapes them. */
		warnx("%s: overlaps %s (host %.255s): it starts at %s, before "
		    "the last event of %s at %s", f->path, p->path,
		    f->host != NULL ? f->host : "", iso(f->first, t1,
		    sizeof(t1)), p->path, iso(p->last, t2, sizeof(t2)));
	}
	return year;
}

int
scan_order_year_proved(const struct scan_order *a, int *assumed)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		if (a->f[a->order[i]].year_proved != 0 &&
		    a->f[a->order[i]].read && a->opts.year == 0) {
			*assumed = a->f[a->order[i]].year_assumed;
			return a->f[a->order[i]].year_proved;
		}
	return 0;
}

void
scan_order_tap(void *arg, const struct smtp_event *ev)
{
	struct scan_order	*a = arg;
	struct afile	*f;

	if (a->begun) {
		f = &a->f[a->order[a->cur]];
		if (ev->when > f->last)
			f->last = ev->when;
		if (f->host == NULL && ev->host != NULL)
			f->host = xstrdup(ev->host);
	}
	if (a->tap != NULL)
		a->tap(a->tap_arg, ev);
}

void
scan_order_chain(struct scan_order *a, void (*tap)(void *, const struct smtp_event *),
    void *arg)
{
	a->tap = tap;
	a->tap_arg = arg;
}

/*
 * midnight - the local midnight that starts the day of now, less days
 * days (mktime counts days across DST changes, which a day of 86400
 * seconds would not).
 */
static int
midnight(time_t now, int days, time_t *out)
{
	struct tm	tm;
	time_t		t;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	tm.tm_mday -= days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}

int
scan_order_time(const char *s, time_t now, time_t *out)
{
	static const struct { char unit; long long secs; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 7 * 86400 },
	};
	char		 buf[64];
	size_t		 n = strlen(s), i;
	long long	 v;
	int		 usec;
	char		*end;

	/* A daily job's range: --since yesterday --until today. */
	if (strcmp(s, "today") == 0)
		return midnight(now, 0, out);
	if (strcmp(s, "yesterday") == 0)
		return midnight(now, 1, out);
	if (n >= 2 && isdigit((unsigned char)s[0]) &&
	    strchr("smhdw", s[n - 1]) != NULL) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno != 0 || end != s + n - 1)
			return -1;
		for (i = 0; units[i].unit != s[n - 1]; i++)
			;
		if (v > (long long)(now / units[i].secs))
			return -1;
		*out = now - (time_t)(v * units[i].secs);
		return 0;
	}
	if (n < 10 || n >= sizeof(buf) - 4)
		return -1;
	if (n == 10)		/* a date: its local midnight */
		snprintf(buf, sizeof(buf), "%sT00:00:00", s);
	else if (n >= 16 && s[13] == ':' && (n == 16 || s[16] != ':'))
		/* HH:MM without seconds */
		snprintf(buf, sizeof(buf), "%.16s:00%s", s, s + 16);
	else
		snprintf(buf, sizeof(buf), "%s", s);
	n = strlen(buf);
	if (ts_parse_rfc3339(buf, n, out, &usec) != n)
		return -1;
	return 0;
}
