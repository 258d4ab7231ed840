/*
 * scan.c - drive one input through its parser into the session builder,
 * counting every line; pick the parser by probing the first lines when the
 * user did not name one.  Printing here is limited to per-input errors,
 * -v detail and the progress line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/escape.h"
#include "plumb.h"
#include "route.h"
#include "scan_queue.h"
#include "input.h"
#include "lib/log.h"
#include "lib/stop.h"
#include "scan.h"
#include "lib/utf8.h"
#include "lib/xmalloc.h"

/* Error strings handed out in summary_input.error, freed at cleanup;
 * -j scans inputs on several threads. */
static char		**errs;
static size_t		  nerrs;
static pthread_mutex_t	  errs_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *
keep_error(const char *fmt, const char *a, const char *b)
{
	char		 buf[1024];
	const char	*e;

	snprintf(buf, sizeof(buf), fmt, a, b);
	pthread_mutex_lock(&errs_mu);
	errs = xreallocarray(errs, nerrs + 1, sizeof(*errs));
	e = errs[nerrs++] = xstrdup(buf);
	pthread_mutex_unlock(&errs_mu);
	return e;
}

/* keep_text - a copy of s[0..n) kept as the error strings are. */
static const char *
keep_text(const char *s, size_t n)
{
	const char	*e;

	pthread_mutex_lock(&errs_mu);
	errs = xreallocarray(errs, nerrs + 1, sizeof(*errs));
	e = errs[nerrs++] = xstrndup(s, n);
	pthread_mutex_unlock(&errs_mu);
	return e;
}

void
scan_cleanup(void)
{
	size_t	i;

	for (i = 0; i < nerrs; i++)
		free(errs[i]);
	free(errs);
	errs = NULL;
	nerrs = 0;
}

/* The progress line: counts of the inputs done, and when it began. */
static struct {
	struct timespec		 start;
	unsigned long long	 bytes;
	unsigned long		 lines;
	time_t			 last;
	int			 started, shown;
} prog;

void
scan_progress_clear(void)
{
	if (prog.shown)
		fputs("\r\033[K", stderr);
	prog.shown = 0;
	prog.last = 0;		/* drawn again at the next tick */
}

void
scan_progress_end(void)
{
	if (prog.shown)
		fputs("\r\033[K", stderr);
	memset(&prog, 0, sizeof(prog));
}

/* progress - redraw at most once a second, after the first second; with
 * done, add the input's counts to the totals. */
static void
progress(const char *name, const struct scan_opts *opts,
    const struct summary_input *in, int done)
{
	struct timespec	now;
	double		secs;
	time_t		t = time(NULL);

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!prog.started) {
		prog.start = now;
		prog.started = 1;
	}
	if (done) {
		prog.bytes += in->bytes;
		prog.lines += in->lines;
		if (opts->nfiles == 0)
			scan_progress_end();
		return;
	}
	secs = (double)(now.tv_sec - prog.start.tv_sec) +
	    (now.tv_nsec - prog.start.tv_nsec) / 1e9;
	if (secs < 1.0 || t == prog.last)
		return;
	prog.last = t;
	prog.shown = 1;
	fprintf(stderr, "\r\033[Ksmtplog: ");
	if (opts->nfiles > 0)
		fprintf(stderr, "%zu/%zu files, ", opts->file_no > 0 ?
		    opts->file_no - 1 : 0, opts->nfiles);
	fprintf(stderr, "%.1f MB, %lu lines, %.0f lines/s: ",
	    (prog.bytes + in->bytes) / 1e6, prog.lines + in->lines,
	    (prog.lines + in->lines) / secs);
	esc_put(stderr, name, strlen(name), 40);
}

struct scan_stream {
	const struct scan_opts	*opts;
	struct summary_input	*in;
	struct route		*route;
	unsigned long		 lineno;	/* of the last line pushed */
	int			 sample_rank;	/* of in->sample: see
						 * sample() */
	/* A pipelined scan: events and messages go to the session
	 * builder's thread through q instead of being handled here. */
	struct scan_queue		*q;
	/* The input's part of finding ids (finding_input_key), set at the
	 * first line, before any event: the session builder's thread reads
	 * it after taking an event from q. */
	uint64_t		 key;
	int			 keyed;
	/* A pipelined scan that watches whether its two threads run at
	 * once (see watch()): 0 no, 1 yes, 2 hand over at the first look
	 * (tests); the window being measured, in nanoseconds. */
	int			 watch;
	long long		 w_wall, w_cpu;
};

/*
 * queue_text - what fp (a memory stream) holds, as a text record of the
 * queue: the consumer writes it to stderr in its place.  Messages are
 * rare; a failed memory stream only loses the message.
 */
static void
queue_text(struct scan_stream *s, FILE *fp, char **buf, size_t *len)
{
	/* *buf and *len are only set by fclose(). */
	if (fclose(fp) == 0 && *buf != NULL)
		(void)scan_queue_text(s->q, *buf, *len);
	free(*buf);
}

/* say - warnx(), or the same line queued behind the events before it. */
static void	say(struct scan_stream *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
say(struct scan_stream *s, const char *fmt, ...)
{
	va_list	 ap;
	FILE	*fp;
	char	*buf = NULL;
	size_t	 len = 0;

	va_start(ap, fmt);
	if (s->q == NULL)
		vwarnx(fmt, ap);
	else if ((fp = open_memstream(&buf, &len)) != NULL) {
		log_vput(fp, fmt, ap);
		queue_text(s, fp, &buf, &len);
	}
	va_end(ap);
}

/* show - print a log line to stderr, escaped as the text report does;
 * locked, so that the lines of -j workers do not interleave. */
static void
show(struct scan_stream *s, unsigned long lineno, const char *what,
    const char *why, const char *line, size_t len)
{
	FILE	*fp = stderr;
	char	*buf = NULL;
	size_t	 blen = 0;

	if (s->q != NULL && (fp = open_memstream(&buf, &blen)) == NULL)
		return;
	flockfile(fp);
	if (fp == stderr)
		log_clear();
	fputs("smtplog: ", fp);
	esc_put(fp, s->in->name, strlen(s->in->name), 0);
	fprintf(fp, ":%lu: %s%s%s: ", lineno, what, why != NULL ? ", " : "",
	    why != NULL ? why : "");
	esc_put(fp, line, len, 300);
	fputc('\n', fp);
	funlockfile(fp);
	if (s->q != NULL)
		queue_text(s, fp, &buf, &blen);
}

/* blank - the line holds nothing but white space. */
static int
blank(const char *line, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return 0;
	return 1;
}

/*
 * sample - keep the line as the input's sample of what was not used: the
 * first unrecognized line, else the first ignored one that is not blank,
 * else the first blank one.
 */
static void
sample(struct scan_stream *s, const struct route_verdict *v)
{
	struct summary_input	*in = s->in;
	int			 rank;

	rank = v->r != PARSE_IGNORED ? 3 : blank(v->text, v->len) ? 1 : 2;
	if (rank <= s->sample_rank)
		return;
	in->sample = keep_text(v->text, v->len > 300 ? 300 : v->len);
	in->sample_line = v->lineno;
	in->sample_why = v->why;
	s->sample_rank = rank;
}

/* verdict - the router's word on a line not used (it counts them):
 * shown with -v when unrecognized, kept as a sample. */
static void
verdict(void *arg, const struct route_verdict *v)
{
	struct scan_stream	*s = arg;

	if (v->r == PARSE_UNRECOGNIZED && s->opts->verbose)
		show(s, v->lineno, "unrecognized", v->why, v->text, v->len);
	sample(s, v);
}

/* counts - the router's counts of the lines into *in. */
static void
counts(struct scan_stream *s)
{
	const struct route_counts	*n = route_counts(s->route);

	s->in->used = n->used;
	s->in->ignored = n->ignored;
	s->in->unrecognized = n->unrecognized;
	s->in->claimed = n->claimed;
}

/*
 * mem - where most strings of the router's last event lie: its parser's
 * line copy and arena, for the queue to copy once a generation, and its
 * copy of the input name, which outlives the queue (plumb.h); NULL when
 * the parser names none.
 */
static const struct scan_queue_mem *
mem(const struct route *r, struct scan_queue_mem *m)
{
	const struct plumb	*pl = route_plumb(r);

	if (pl == NULL)
		return NULL;
	m->owner = pl;
	m->gen = pl->gen;
	m->lo[0] = pl->line;
	m->len[0] = pl->llen;
	m->lo[1] = pl->arena;
	m->len[1] = pl->alen;
	m->keep = pl->file;
	return m;
}

/* feed - the events the router has ready: tap, then session builder. */
static int
feed(struct scan_stream *s)
{
	const struct scan_opts	*opts = s->opts;
	const struct smtp_event	*ev;
	struct scan_queue_mem	 m;
	int			 rc;

	while ((rc = route_next(s->route, &ev)) == 1) {
		if (s->q != NULL) {
			if (scan_queue_event(s->q, ev, mem(s->route, &m)) != 0)
				return -2;
			continue;
		}
		if (opts->tap != NULL)
			opts->tap(opts->tap_arg, ev);
		sess_input_key(opts->sess, s->key);
		if (sess_feed(opts->sess, ev) != 0)
			return -2;
	}
	if (rc < 0)
		say(s, "%s:%lu: %s", s->in->name, s->lineno,
		    route_error(s->route));
	return 0;
}

struct scan_stream *
scan_stream_new(const char *name, time_t ref_time,
    const struct scan_opts *opts, struct summary_input *in)
{
	struct scan_stream	*s = xcalloc(1, sizeof(*s));
	struct route_opts	 ro;

	memset(in, 0, sizeof(*in));
	in->name = name;
	in->label = opts->label;
	s->opts = opts;
	s->in = in;
	memset(&ro, 0, sizeof(ro));
	ro.forced = opts->parser;
	ro.file = name;
	ro.year = opts->year;
	ro.ref_time = ref_time;
	ro.maxline = opts->maxline;
	ro.verdict = verdict;
	ro.arg = s;
	s->route = route_new(&ro);
	return s;
}

int
scan_stream_detect(struct scan_stream *s, int detect)
{
	int	rc = 0;

	if (detect) {
		route_detect(s->route);
		rc = feed(s);
	}
	counts(s);
	return rc;
}

/* stream_line - scan_stream_line(), told whether the line is all ASCII
 * (then its UTF-8 is not checked again). */
static int
stream_line(struct scan_stream *s, const char *line, size_t len,
    unsigned long lineno, int ascii)
{
	if (!ascii && !utf8_valid(line, len))
		s->in->invalid_utf8++;
	s->lineno = lineno;
	if (!s->keyed) {
		s->key = finding_input_key(s->opts->label, s->in->name, line,
		    len);
		s->keyed = 1;
	}
	route_push(s->route, line, len, lineno);
	return feed(s);
}

int
scan_stream_line(struct scan_stream *s, const char *text, size_t len,
    unsigned long lineno)
{
	return stream_line(s, text, len, lineno, 0);
}

int
scan_stream_end(struct scan_stream *s)
{
	int		 rc;
	const char	*f;

	route_end(s->route);
	rc = feed(s);
	counts(s);
	if ((f = route_format(s->route)) != NULL)
		s->in->format = keep_text(f, strlen(f));
	return rc;
}

void
scan_stream_free(struct scan_stream *s)
{
	if (s == NULL)
		return;
	counts(s);		/* also of a scan stopped early */
	route_free(s->route);
	free(s);
}

/*
 * mark - how far the reading has come, for the progress line: shown now,
 * or queued for the thread that shows it.  -2 when the queue stopped.
 */
static int
mark(struct scan_stream *s, struct input *inp)
{
	if (s->q != NULL)
		return scan_queue_mark(s->q, input_stats(inp)->bytes,
		    input_lineno(inp)) == 0 ? 0 : -2;
	s->in->bytes = input_stats(inp)->bytes;
	s->in->lines = input_lineno(inp);
	progress(s->in->name, s->opts, s->in, 0);
	return 0;
}

/*
 * A pipelined scan pays for handing each event over (a copy, the other
 * core's cache); it gains only while its two threads really run at once.
 * On a busy machine, or one whose scheduler gives the process's group one
 * core's share, they take turns and the scan is slower than on one
 * thread.  So the reading thread looks, every WATCH_LINES lines, at the
 * CPU time the process used, less that of a thread inflating the input,
 * against the wall time over the last window of at least WATCH_NS, and
 * below WATCH_MIN (CPU seconds a second) hands the rest of the input to
 * the session builder's thread, which reads on alone (read_all() returns
 * HANDOVER).
 */
#define WATCH_LINES	0xfffUL		/* a look every 4096 lines */
#define WATCH_NS	100000000LL	/* a window of at least 0.1 s */
#define WATCH_MIN	1.2
#define HANDOVER	1

static long long
clock_ns(clockid_t id)
{
	struct timespec	ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* watch - 1 when the reading thread should hand over now. */
static int
watch(struct scan_stream *s, const struct input *inp)
{
	long long	wall, cpu;

	if (s->watch == 2)
		return 1;
	wall = clock_ns(CLOCK_MONOTONIC);
	cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - input_inflate_ns(inp);
	if (s->w_wall == 0 || wall - s->w_wall < WATCH_NS) {
		if (s->w_wall == 0) {
			s->w_wall = wall;
			s->w_cpu = cpu;
		}
		return 0;
	}
	if ((double)(cpu - s->w_cpu) < WATCH_MIN * (double)(wall -
	    s->w_wall))
		return 1;
	s->w_wall = wall;
	s->w_cpu = cpu;
	return 0;
}

/* read_all - every line of inp through the stream, then its end; a stop
 * request (stop.h) ends the input where it is.  HANDOVER: a pipelined
 * scan's reading thread stopped between two lines (see watch()). */
static int
read_all(struct scan_stream *s, struct input *inp)
{
	const char	*line;
	size_t		 len;
	int		 rc = 0;

	while (rc == 0 && stop_signal() == 0 &&
	    input_next(inp, &line, &len) == 1) {
		rc = stream_line(s, line, len, input_lineno(inp),
		    input_ascii(inp));
		if (rc == 0 && s->opts->progress &&
		    (input_lineno(inp) & 0xffff) == 0)
			rc = mark(s, inp);
		if (rc == 0 && s->q != NULL && s->watch && (input_lineno(inp) &
		    WATCH_LINES) == 0 && watch(s, inp))
			return HANDOVER;
	}
	if (rc == 0)
		rc = scan_stream_end(s);
	return rc;
}

/*
 * A pipelined scan: a thread reads and parses (read_all, its events and
 * messages into the queue) while the caller's thread runs the tap and the
 * session builder on them, in the same order as a serial scan would.
 */
struct reader {
	struct scan_stream	*s;
	struct input		*inp;
	int			 rc;
};

static void *
reader_main(void *arg)
{
	struct reader	*r = arg;

	r->rc = read_all(r->s, r->inp);
	scan_queue_end(r->s->q);
	return NULL;
}

/* consume - the queue's records until its end; -2 when the session
 * builder's output failed (the queue is stopped then). */
static int
consume(struct scan_queue *q, const struct scan_opts *opts, const char *path,
    const struct scan_stream *s)
{
	struct scan_queue_rec		r;
	struct summary_input	shown;

	while (scan_queue_next(q, &r) != SCAN_QUEUE_END) {
		switch (r.kind) {
		case SCAN_QUEUE_EVENT:
			if (opts->tap != NULL)
				opts->tap(opts->tap_arg, r.ev);
			sess_input_key(opts->sess, s->key);
			if (sess_feed(opts->sess, r.ev) != 0) {
				scan_queue_stop(q);
				return -2;
			}
			break;
		case SCAN_QUEUE_TEXT:
			flockfile(stderr);
			log_clear();
			fwrite(r.text, 1, r.len, stderr);
			funlockfile(stderr);
			break;
		case SCAN_QUEUE_MARK:
			/* The reader owns *in until it ends: show a copy. */
			memset(&shown, 0, sizeof(shown));
			shown.bytes = r.bytes;
			shown.lines = r.lines;
			progress(path, opts, &shown, 0);
			break;
		default:
			break;
		}
	}
	return 0;
}

/*
 * pipelined - whether to scan inp on two threads: asked for, a regular
 * file, and more than one core online; more than two when a thread of
 * its own keeps a core busy inflating it (zlib: on two cores, three busy
 * threads took longer than two; igzip's thread idles most of the time).
 * SMTPLOG_PIPELINE=0 or 1 decides the rest (tests run both ways; a user may want one core); "handover"
 * pipelines and hands over at the first look (tests).  Not stdin, pipes
 * or FIFOs: their lines come as a writer writes them and must be
 * handled as they come (the queue hands over a batch at a time), and a
 * read there may wait for ever after the output has failed.  *watching
 * says whether the scan watches itself (see watch()): 1 unless forced.
 */
static int
pipelined(const struct scan_opts *opts, const struct input *inp,
    int *watching)
{
	const char	*e = getenv("SMTPLOG_PIPELINE");
	long		 cores = sysconf(_SC_NPROCESSORS_ONLN);

	*watching = 0;
	if (!opts->pipeline || !input_regular(inp))
		return 0;
	if (e != NULL && (strcmp(e, "0") == 0 || strcmp(e, "1") == 0))
		return *e == '1';
	if (e != NULL && strcmp(e, "handover") == 0) {
		*watching = 2;
		return 1;
	}
	*watching = 1;
	return cores > (input_busy_inflate(inp) ? 2 : 1);
}

int
scan_input(const char *path, const struct scan_opts *opts,
    struct summary_input *in)
{
	struct scan_stream	*s;
	struct input		*inp;
	struct reader		 rd;
	pthread_t		 th;
	int			 rc = 0, crc;

	memset(in, 0, sizeof(*in));
	in->name = path;
	in->label = opts->label;
	if (opts->progress)
		progress(path, opts, in, 0);	/* starts the clock */
	if ((inp = input_open(path, opts->maxline)) == NULL) {
		in->error = keep_error("%s%s", strerror(errno), "");
		warnx("%s: %s", path, in->error);
		return -1;
	}
	s = scan_stream_new(path, input_mtime(inp), opts, in);
	s->q = pipelined(opts, inp, &s->watch) ? scan_queue_new() : NULL;
	rd.s = s;
	rd.inp = inp;
	rd.rc = 0;
	if (s->q != NULL && pthread_create(&th, NULL, reader_main, &rd) == 0) {
		crc = consume(s->q, opts, path, s);
		pthread_join(th, NULL);
		rc = crc != 0 ? crc : rd.rc;
		if (rc == HANDOVER) {
			/* Every queued event was handled: read on here. */
			scan_queue_free(s->q);
			s->q = NULL;
			s->watch = 0;
			rc = read_all(s, inp);
		}
	} else {
		/* One thread (or none to be had): read here. */
		scan_queue_free(s->q);
		s->q = NULL;
		rc = read_all(s, inp);
	}
	scan_queue_free(s->q);		/* NULL after the else */
	s->q = NULL;
	if (rc != -2 && input_error(inp) != NULL &&
	    *input_error(inp) != '\0') {
		in->error = keep_error("%s%s", input_error(inp), "");
		warnx("%s: %s", path, in->error);
		rc = -1;
	}
	{
		/* Also for an input of unknown format: what its probed
		 * lines held (compressed, cut, NUL bytes) is counted. */
		const struct input_stats *st = input_stats(inp);

		in->lines = st->lines;
		in->truncated = st->truncated;
		in->damaged = st->damaged;
		in->nul_bytes = st->nul_lines;
		in->bytes = st->bytes;
		in->compressed = st->compressed;
		(void)input_identity(inp, in->id);
		if (rc == 0 && st->bytes == 0 && st->raw_bytes == 0 &&
		    !input_regular(inp) && !opts->allow_empty) {
			in->error = keep_error("empty: nothing was written to "
			    "it (--allow-empty accepts that)%s%s", "", "");
			warnx("%s: %s", path, in->error);
			rc = -1;
		}
	}
	if (opts->progress)
		progress(path, opts, in, 1);
	scan_stream_free(s);
	input_close(inp);
	return rc;
}

enum scan_judgement
scan_judge(const struct summary_input *in, unsigned long findings)
{
	if (in->skipped != NULL || in->error != NULL || in->sample == NULL)
		return SCAN_JUDGE_OK;	/* said already, or nothing to say */
	/* Blank lines are nothing, but NUL bytes or a line cut at the
	 * bound are something no mail log holds. */
	if (in->claimed == 0 && (!blank(in->sample, strlen(in->sample)) ||
	    in->nul_bytes > 0 || in->truncated > 0))
		return SCAN_JUDGE_NOT_MAIL;
	if (in->claimed == 0)
		return SCAN_JUDGE_OK;
	if (in->used * 100 < in->claimed && findings == 0)
		return SCAN_JUDGE_ALMOST_NOTHING;
	return SCAN_JUDGE_OK;
}

void
scan_judge_say(const struct summary_input *in, enum scan_judgement j,
    const char *forced)
{
	flockfile(stderr);
	fprintf(stderr, "%s: ", log_name());
	esc_put(stderr, in->name, strlen(in->name), 0);
	if (j == SCAN_JUDGE_NOT_MAIL && forced != NULL)
		fprintf(stderr, ": no %s line in its %lu line%s", forced,
		    in->lines, in->lines == 1 ? "" : "s");
	else if (j == SCAN_JUDGE_NOT_MAIL)
		fprintf(stderr, ": not a mail log: none of its %lu line%s is a "
		    "%s line", in->lines, in->lines == 1 ? "" : "s",
		    parser_names());
	else
		fprintf(stderr, ": only %lu of its %lu %s lines were "
		    "understood, and nothing was found", in->used,
		    in->claimed, in->format != NULL ? in->format : "mail");
	if (blank(in->sample, strlen(in->sample)))
		fprintf(stderr, "; its lines are blank%s",
		    in->nul_bytes > 0 ? " or NUL bytes" : "");
	else {
		fprintf(stderr, "; line %lu", in->sample_line);
		if (in->sample_why != NULL)
			fprintf(stderr, " (%s)", in->sample_why);
		fputs(" was not read: ", stderr);
		esc_put(stderr, in->sample, strlen(in->sample), 120);
	}
	fputc('\n', stderr);
	funlockfile(stderr);
}
