/*
 * cmd_follow.c - scan -F: one growing file followed (follow.c), its lines
 * through the same stream, session builder, pattern detector and writer
 * as a scan (cmd.c), findings written as sessions end, the summary when
 * SIGINT or SIGTERM stops it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_int.h"
#include "scan/follow.h"
#include "lib/log.h"
#include "parser.h"
#include "core/pattern.h"
#include "report/report.h"
#include "rule.h"
#include "scan/scan.h"
#include "core/session.h"
#include "lib/xmalloc.h"

/*
 * Follow mode (scan -F): one growing file, lines from follow.c through the
 * same stream, session builder and sink as a scan, findings written as
 * sessions end, the summary when SIGINT or SIGTERM stops it.
 */
#define FOLLOW_SESSION_TIMEOUT	600	/* seconds of log time */
#define FOLLOW_DETECT_IDLE	4	/* idle polls before early detection */

static volatile sig_atomic_t	follow_stop;

static void
follow_signal(int sig)
{
	follow_stop = sig;
}

static void
follow_notice(void *arg, const char *msg)
{
	(void)arg;
	warnx("%s", msg);
}

/* follow_clock - the tap: the latest log time seen. */
static void
follow_clock(void *arg, const struct smtp_event *ev)
{
	time_t	*now = arg;

	if (ev->when > *now)
		*now = ev->when;
}

/* Lines held by the stream until its format is known, copied, to try
 * detection early without making it final when it fails. */
struct follow_probe {
	char	*line[SCAN_PROBE_LINES];
	size_t	 len[SCAN_PROBE_LINES];
	size_t	 n;
};

static void
probe_clear(struct follow_probe *p)
{
	while (p->n > 0)
		free(p->line[--p->n]);
}

/*
 * follow_lines - read lines until stopped, idle work between polls: try
 * format detection on the lines held so far, close the sessions idle for
 * longer than the timeout, flush the output.  0, -1 (input or format
 * trouble, printed), -2 (output failed).
 */
static int
follow_lines(struct follow *f, struct scan_stream *s,
    const struct summary_input *in, struct sess_table *sess,
    struct pat *pat, const time_t *now, long timeout)
{
	struct follow_probe	 pr;
	const char		*line;
	size_t			 len;
	unsigned		 idle = 0;
	int			 r, rc = 0;

	pr.n = 0;
	while (rc == 0 && !follow_stop) {
		if ((r = follow_next(f, &line, &len)) < 0) {
			warnx("%s: %s", in->name, follow_error(f));
			rc = -1;
			break;
		}
		if (r == 1) {
			idle = 0;
			if (in->format == NULL && pr.n < SCAN_PROBE_LINES) {
				pr.line[pr.n] = xstrndup(line, len);
				pr.len[pr.n++] = len;
			}
			rc = scan_stream_line(s, line, len,
			    follow_stats(f)->lines);
			if (rc == 0 && (follow_stats(f)->lines & 4095) == 0 &&
			    *now > timeout &&
			    sess_expire(sess, *now - timeout, NULL) != 0)
				rc = -2;
			continue;
		}
		if (in->format == NULL && pr.n > 0 &&
		    ++idle >= FOLLOW_DETECT_IDLE &&
		    parser_detect((const char *const *)pr.line, pr.len,
		    pr.n) != NULL)
			rc = scan_stream_detect(s);
		if (in->format != NULL)
			probe_clear(&pr);
		if (rc == 0 && *now > timeout &&
		    sess_expire(sess, *now - timeout, NULL) != 0)
			rc = -2;
		/* Patterns slide with the log, but no further than the
		 * oldest finding an open session still holds (a session
		 * emits its findings when it ends). */
		if (rc == 0 && *now > timeout) {
			time_t	h = *now - timeout;
			time_t	held = sess_oldest_pending(sess);

			if (held != 0 && held < h)
				h = held;
			if (pat_advance(pat, h) != 0)
				rc = -2;
		}
		if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
			rc = -2;
		if (rc == 0 && !follow_stop)
			follow_wait();
	}
	probe_clear(&pr);
	/* Stopped: what was read is still scanned and counted. */
	while (rc == 0 && follow_rest(f, &line, &len) == 1)
		rc = scan_stream_line(s, line, len, follow_stats(f)->lines);
	return rc;
}

int
cmd_scan_follow(const struct cli_opts *o)
{
	struct sess_config	 cfg;
	struct scan_opts	 sopts;
	struct summary		 sum;
	struct summary_input	 in;
	struct sigaction	 sa;
	struct cmd_sink		 sink;
	struct ruleset		*rs;
	struct follow		*f;
	struct scan_stream	*s;
	const struct follow_stats *st;
	const char		*path = o->args[0];
	time_t			 now = 0;
	int			 status = EXIT_OK, r, r2, werr = 0;

	memset(&sopts, 0, sizeof(sopts));
	if (o->format != NULL && (sopts.parser = parser_find(o->format)) ==
	    NULL) {
		warnx("bad --format '%s' (known: %s)", o->format,
		    parser_names());
		return EXIT_USAGE;
	}
	if ((rs = cli_load_rules(o)) == NULL)
		return EXIT_TROUBLE;
	setvbuf(stdout, NULL, _IOLBF, 1 << 16);	/* a finding, a write */
	cmd_wire(o, o->output ? o->output : "ndjson", rs, &sink, &cfg);
	sopts.sess = sess_new(&cfg);
	sopts.year = o->year;
	sopts.maxline = o->maxline;
	sopts.verbose = o->verbose;
	sopts.tap = follow_clock;
	sopts.tap_arg = &now;

	/* A signal ends follow_wait's sleep at once (nanosleep is never
	 * restarted); SA_RESTART keeps a write blocked on a slow reader of
	 * the output from failing with EINTR, so the summary still goes
	 * out. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = follow_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	f = follow_new(path, o->maxline, o->from_start, follow_notice, NULL);
	s = scan_stream_new(path, time(NULL), &sopts, &in);
	r = follow_lines(f, s, &in, sopts.sess, sink.pat, &now,
	    o->session_timeout ?
	    o->session_timeout : FOLLOW_SESSION_TIMEOUT);
	/* A second signal, while the rest is written, ends it at once. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	r2 = r != -2 ? scan_stream_end(s) : 0;
	if (r == -2 || r2 == -2)
		werr = 1;
	else if (r == -1 || r2 == -1) {
		status = EXIT_TROUBLE;
		if (in.error == NULL)
			in.error = follow_error(f);
	}
	st = follow_stats(f);
	in.lines = st->lines;
	in.truncated = st->truncated;
	in.nul_bytes = st->nul_lines;
	in.bytes = st->bytes;
	if (sess_finish(sopts.sess) != 0)
		werr = 1;

	if (!werr && pat_flush(sink.pat) != 0)
		werr = 1;

	memset(&sum, 0, sizeof(sum));
	summary_add_input(&sum, &in);
	sum.ninputs = 1;
	sum.inputs = &in;
	sess_summary(sopts.sess, &sum);
	pat_summary(sink.pat, &sum);
	if (!werr && sink.ops->finish(sink.ctx, &sum) != 0)
		werr = 1;
	if (!werr && (fflush(stdout) != 0 || ferror(stdout)))
		werr = 1;
	if (werr) {
		warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	if (rule_match_errors(rs) > 0)
		warnx("%lu rule pattern matches gave up at the PCRE2 limits "
		    "and counted as no match", rule_match_errors(rs));
	sink.ops->free(sink.ctx);
	pat_free(sink.pat);
	scan_stream_free(s);
	follow_free(f);
	sess_free(sopts.sess);
	scan_cleanup();
	rule_free(rs);
	return status;
}
