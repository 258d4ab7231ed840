/*
 * cmd_follow.c - scan -F: one growing file followed (follow.c), its lines
 * through the same stream, session builder, pattern detector and writer
 * as a scan (cmd.c), findings written as sessions end, the summary when
 * SIGINT or SIGTERM stops it; beside the output, the Prometheus textfile
 * and the state file kept up to date (--prom-file, --state).  The word
 * "journal" follows the systemd journal (journalctl -f, cmd_journal.c).
 */
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_int.h"
#include "cmd_journal.h"
#include "core/traffic.h"
#include "scan/follow.h"
#include "scan/follow_state.h"
#include "lib/afile.h"
#include "lib/log.h"
#include "parser.h"
#include "core/pattern.h"
#include "report/report.h"
#include "rule.h"
#include "scan/scan.h"
#include "core/session.h"
#include "lib/xmalloc.h"
#include "run.h"

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

/*
 * What a follower keeps beside its output (--prom-file, --state): written
 * together once lines were read since the last time, at most once a
 * second, when the follower has read to the end of the file (after the
 * output is flushed, so that the saved position never runs ahead of the
 * findings written), and at the stop.
 */
#define FOLLOW_SAVE_SECONDS	1

struct follow_keep {
	const struct cli_opts	*o;
	const char		*path;		/* the followed file */
	struct follow		*f;
	struct run		*r;
	unsigned long		 lines;		/* lines read at the last save */
	time_t			 at;		/* when; 0: not yet */
	int			 prom_bad, state_bad;	/* failing, said */
};

/* follow_summary - the summary of what r read so far, the traffic (its
 * top --top items) in *trep. */
static void
follow_summary(struct run *r, const struct follow *f, struct summary *sum,
    struct traffic_report *trep)
{
	const struct follow_stats	*st = follow_stats(f);
	struct summary_input		*in = &r->ins[0];

	in->lines = st->lines;
	in->truncated = st->truncated;
	in->nul_bytes = st->nul_lines;
	in->bytes = st->bytes;
	memset(sum, 0, sizeof(*sum));
	summary_add_input(sum, in);
	sum->ninputs = 1;
	sum->inputs = in;
	sess_summary(r->sopts.sess, sum);
	pat_summary(r->sink.pat, sum);
	unmatched_summary(r->sink.unm, sum);
	traffic_result(r->sopts.traffic, cli_top(r->o), trep);
	sum->traffic = trep;
}

/* said - a failure of one of the kept files, said when it starts; and
 * when it ends.  Returns -1 for a failure. */
static int
said(int *bad, int failed, const char *file, const char *what)
{
	if (failed && !*bad)
		warn("%s: cannot write the %s", file, what);
	else if (!failed && *bad)
		warnx("%s: written again", file);
	*bad = failed;
	return failed ? -1 : 0;
}

static int
keep_prom(struct follow_keep *k)
{
	struct summary		 sum;
	struct traffic_report	 trep;
	char			*tmp;
	FILE			*fp;
	int			 e, failed = 0;

	follow_summary(k->r, k->f, &sum, &trep);
	if ((fp = afile_open(k->o->prom_file, &tmp)) == NULL)
		failed = 1;
	else if (report_prom_write(k->r->sink.prom, fp, &sum) != 0) {
		e = errno;
		afile_abort(fp, tmp);
		errno = e;
		failed = 1;
	} else if (afile_commit(fp, tmp, k->o->prom_file, 0644, 0) != 0)
		failed = 1;
	return said(&k->prom_bad, failed, k->o->prom_file, "metrics");
}

/*
 * keep - write the textfile and the state file when due (always when
 * final); the state only when with_state (not after the output failed:
 * what was read is not written).  0, or -1 when one failed (said once).
 */
static int
keep(struct follow_keep *k, int final, int with_state)
{
	struct follow_pos	pos;
	unsigned long		lines = follow_stats(k->f)->lines;
	time_t			now = time(NULL);
	int			r = 0;

	if (!final && k->at != 0 && (lines == k->lines ||
	    now - k->at < FOLLOW_SAVE_SECONDS))
		return 0;
	k->lines = lines;
	k->at = now;
	if (k->o->prom_file != NULL && keep_prom(k) != 0)
		r = -1;
	if (k->o->state != NULL && with_state &&
	    follow_position(k->f, &pos) == 0 &&
	    said(&k->state_bad, follow_state_save(k->o->state, k->path,
	    &pos) != 0, k->o->state, "position") != 0)
		r = -1;
	return r;
}

/*
 * keep_start - the saved position taken up (or why not, said), the state
 * file's directory checked, the textfile written a first time: -1 when a
 * file to keep cannot be written (said).
 */
static int
keep_start(struct follow_keep *k)
{
	struct follow_pos	 pos;
	char			 err[4200], *dir;
	int			 r = 0;

	if (k->o->state != NULL) {
		switch (follow_state_load(k->o->state, k->path, &pos, err,
		    sizeof(err))) {
		case 1:
			follow_resume(k->f, &pos);
			break;
		case -1:
			warnx("%s: %s; starting at the %s of %s", k->o->state,
			    err, k->o->from_start ? "start" : "end", k->path);
			break;
		}
		dir = xstrdup(k->o->state);
		if (access(dirname(dir), W_OK) != 0) {
			warn("%s: cannot write the position there", k->o->state);
			r = -1;
		}
		free(dir);
	}
	if (r == 0 && keep(k, 1, 0) != 0)
		r = -1;
	return r;
}

/* keep_init - *k made for r's --state and --prom-file (a Prometheus
 * context counting beside the writer, in r->sink.prom), then keep_start. */
static int
keep_init(struct follow_keep *k, struct run *r, struct follow *f)
{
	struct report_opts	popts;

	if (r->o->prom_file != NULL) {
		memset(&popts, 0, sizeof(popts));
		popts.version = SMTPLOG_VERSION;
		r->sink.prom = report_prometheus.open(NULL, &popts);
	}
	memset(k, 0, sizeof(*k));
	k->o = r->o;
	k->path = r->o->args[0];
	k->f = f;
	k->r = r;
	return keep_start(k);
}

/*
 * follow_lines - read lines until stopped, idle work between polls: try
 * format detection on the lines held so far, close the sessions idle for
 * longer than the timeout, flush the output.  0, -1 (input trouble,
 * printed), -2 (output failed).
 */
static int
follow_lines(struct follow *f, struct scan_stream *s,
    const struct summary_input *in, struct sess_table *sess,
    struct pat *pat, const time_t *now, long timeout, struct follow_keep *k)
{
	const char		*line;
	size_t			 len;
	unsigned		 idle = 0;
	int			 r, rc = 0;

	while (rc == 0 && !follow_stop) {
		if ((r = follow_next(f, &line, &len)) < 0) {
			warnx("%s: %s", in->name, follow_error(f));
			rc = -1;
			break;
		}
		if (r == 1) {
			idle = 0;
			rc = scan_stream_line(s, line, len,
			    follow_stats(f)->lines);
			if (rc == 0 && (follow_stats(f)->lines & 4095) == 0 &&
			    *now > timeout &&
			    sess_expire(sess, *now - timeout, NULL) != 0)
				rc = -2;
			continue;
		}
		/* Lines without an envelope wait for their format: detect
		 * it from those there are once the file pauses; the counts
		 * of the lines are brought up to date for keep(). */
		rc = scan_stream_detect(s, ++idle >= FOLLOW_DETECT_IDLE);
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
		if (rc == 0)
			(void)keep(k, 0, 1);	/* said; following goes on */
		if (rc == 0 && !follow_stop)
			follow_wait();
	}
	/* Stopped: what was read is still scanned and counted. */
	while (rc == 0 && follow_rest(f, &line, &len) == 1)
		rc = scan_stream_line(s, line, len, follow_stats(f)->lines);
	return rc;
}

/*
 * follow_journal - for the word "journal": journalctl following the
 * journal's mail messages, bound to that name for follow_new; *jo a copy
 * of o without --state (a journal has no position in a file: said).
 * NULL after a message when journalctl cannot run.
 */
static struct cmd_journal *
follow_journal(const struct cli_opts **o, struct cli_opts *jo)
{
	struct cmd_journal	*j;

	if ((j = cmd_journal_start(0, 0, (*o)->from_start ?
	    CMD_JOURNAL_FOLLOW_ALL : CMD_JOURNAL_FOLLOW)) == NULL) {
		if (errno == ENOENT)
			warnx("%s: journalctl is not on PATH (a file of that "
			    "name: ./%s)", CMD_JOURNAL_NAME, CMD_JOURNAL_NAME);
		return NULL;
	}
	if (!(*o)->quiet)
		warnx("following the journal: %s", cmd_journal_cmdline(j));
	if ((*o)->state != NULL) {
		warnx("%s: the journal's position is not kept: following "
		    "it from %s", (*o)->state, (*o)->from_start ? "its start" :
		    "now");
		*jo = **o;
		jo->state = NULL;
		*o = jo;
	}
	return j;
}

/* follow_start - parser, rules, the journal for its word (*j; o copied
 * into *jo without --state), writer, session table, the tap of the log's
 * clock, and the signals that stop following: EXIT_OK or the exit
 * status. */
static int
follow_start(struct run *r, const struct cli_opts *o, time_t *now,
    struct cmd_journal **j, struct cli_opts *jo)
{
	struct sigaction	sa;
	int			rc;

	if ((rc = run_open(r, o)) != EXIT_OK || (rc = run_rules(r)) != EXIT_OK)
		return rc;
	if (strcmp(o->args[0], CMD_JOURNAL_NAME) == 0) {
		if ((*j = follow_journal(&o, jo)) == NULL)
			return EXIT_TROUBLE;
		r->o = o;	/* jo when --state was given */
	}
	setvbuf(stdout, NULL, _IOLBF, 1 << 16);	/* a finding, a write */
	run_wire(r, o->output ? o->output : "ndjson");
	run_sessions(r, 1);
	r->sopts.tap = follow_clock;
	r->sopts.tap_arg = now;
	r->ins = xcalloc(1, sizeof(*r->ins));

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
	return EXIT_OK;
}

int
cmd_scan_follow(const struct cli_opts *o)
{
	struct run		 r;
	struct traffic_report	 trep;
	struct follow_keep	 keep_;
	struct summary_input	*in;
	struct follow		*f;
	struct scan_stream	*s;
	struct cmd_journal	*j = NULL;
	struct cli_opts		 jo;
	const char		*path = o->args[0];
	time_t			 now = 0;
	int			 rc, r2, kept;

	if ((rc = follow_start(&r, o, &now, &j, &jo)) != EXIT_OK) {
		(void)run_free(&r);
		return rc;
	}
	o = r.o;
	in = &r.ins[0];
	f = follow_new(path, o->maxline, o->from_start, follow_notice, NULL);
	s = scan_stream_new(path, time(NULL), &r.sopts, in);
	kept = keep_init(&keep_, &r, f) == 0;
	if (!kept) {
		follow_stop = SIGTERM;	/* nothing is read: the summary only */
		r.status = EXIT_TROUBLE;
	}
	rc = follow_lines(f, s, in, r.sopts.sess, r.sink.pat, &now,
	    o->session_timeout ?
	    o->session_timeout : FOLLOW_SESSION_TIMEOUT, &keep_);
	/* A second signal, while the rest is written, ends it at once. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	r2 = rc != -2 ? scan_stream_end(s) : 0;
	if (rc == -2 || r2 == -2)
		r.werr = 1;
	else if (rc == -1 || r2 == -1) {
		r.status = EXIT_TROUBLE;
		if (in->error == NULL)
			in->error = follow_error(f);
	}
	if (sess_finish(r.sopts.sess) != 0)
		r.werr = 1;
	if (!r.werr && pat_flush(r.sink.pat) != 0)
		r.werr = 1;

	follow_summary(&r, f, &r.sum, &trep);
	if (!r.werr && r.sink.ops->finish(r.sink.ctx, &r.sum) != 0)
		r.werr = 1;
	run_output_end(&r);
	/* The last metrics, and the position unless the output failed. */
	if (kept && keep(&keep_, 1, !r.werr) != 0)
		r.status = EXIT_TROUBLE;
	if (rule_match_errors(r.rs) > 0)
		warnx("%lu rule pattern matches gave up at the PCRE2 limits "
		    "and counted as no match", rule_match_errors(r.rs));
	r.sum.traffic = NULL;	/* trep is this function's */
	scan_stream_free(s);
	follow_free(f);
	cmd_journal_end(j);
	return run_free(&r);
}
