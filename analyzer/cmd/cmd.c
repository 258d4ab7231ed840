/*
 * cmd.c - the scan command: the inputs read in the plan's order (or on
 * -j's workers), the summary, the messages about bounds, limits and
 * signals, and the exit status.  The setup it shares with follow and
 * trace is run.c's; following a file is cmd_follow.c's, planning
 * cmd_plan.c's.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_int.h"
#include "core/pattern.h"
#include "core/session.h"
#include "core/traffic.h"
#include "lib/htab.h"
#include "lib/log.h"
#include "lib/stop.h"
#include "lib/xmalloc.h"
#include "rule.h"
#include "run.h"
#include "scan/scan.h"
#include "scan/scan_jobs.h"
#include "scan/scan_order.h"

/* The workers of -j: each with rules of its own (a ruleset's match
 * scratch is not shared). */
struct workers {
	struct scan_jobs	*par;
	struct ruleset		*rs[64];
	size_t			 nrs;
	int			 failed;	/* an input could not be read */
};

/*
 * scan_parallel - -j: paths[0..npaths) on worker threads (scan_jobs.c),
 * their records in ins[]; the number of inputs scanned.
 */
static size_t
scan_parallel(struct run *r, struct workers *w, char **paths, size_t npaths,
    struct summary_input *ins)
{
	const struct cli_opts	*o = r->o;
	struct scan_jobs_in	 in;
	size_t			 nw, i, ndone = 0;

	nw = (size_t)o->jobs < npaths ? (size_t)o->jobs : npaths;
	for (w->nrs = 0; w->nrs < nw; w->nrs++)
		if ((w->rs[w->nrs] = cli_load_rules(o)) == NULL)
			break;
	if (w->nrs == 0) {
		r->status = EXIT_TROUBLE;
		return 0;
	}
	memset(&in, 0, sizeof(in));
	in.paths = paths;
	in.npaths = npaths;
	in.jobs = (int)w->nrs;
	in.sopts = &r->sopts;
	in.cfg = &r->cfg;
	in.rulesets = w->rs;
	in.main_rules = r->rs;
	w->par = scan_jobs_run(&in, ins, &ndone, &r->sum, &w->failed,
	    &r->werr);
	for (i = 0; i < ndone; i++)
		summary_add_input(&r->sum, &ins[i]);
	if (w->failed)
		r->status = EXIT_TROUBLE;
	return ndone;
}

/*
 * scan_archive_parallel - -j over the inputs the plan reads, in its
 * order; the records of the skipped ones put back in their places.
 */
static void
scan_archive_parallel(struct run *r, struct workers *w)
{
	size_t			 n = scan_order_count(r->order), nread = 0;
	size_t			 ndone = 0, i, k;
	char			**rpaths = xcalloc(n + 1, sizeof(*rpaths));
	struct summary_input	*rins = xcalloc(n + 1, sizeof(*rins));

	for (i = 0; i < n; i++)
		if (scan_order_skipped(r->order, i) == NULL)
			rpaths[nread++] = (char *)scan_order_path(r->order, i);
	if (nread > 0)
		ndone = scan_parallel(r, w, rpaths, nread, rins);
	for (i = k = 0; i < n; i++) {
		if (run_skipped(r, i))
			continue;
		if (k == ndone)
			break;
		r->ins[i] = rins[k++];
	}
	r->sum.ninputs = i;
	r->sum.inputs = r->ins;
	free(rins);
	free(rpaths);
}

/* named - path is one the user named (or standard input), not a file of
 * a directory given or of the default inputs. */
static int
named(const struct cli_opts *o, const char *path)
{
	size_t	i;

	if (strcmp(path, "-") == 0)
		return 1;
	for (i = 0; i < o->nargs; i++)
		if (strcmp(o->args[i], path) == 0)
			return 1;
	return 0;
}

/*
 * judge - never a silent all-clear: an input read to its end that gave
 * almost nothing (scan_judge) is said, with a line it could not read, and
 * the run fails; a file of a directory given that is plainly no mail log
 * (dpkg.log, auth.log) is listed as skipped instead.  Returns the exit
 * status it calls for.
 */
static int
judge(struct run *r)
{
	const struct cli_opts	*o = r->o;
	struct summary		*sum = &r->sum;
	struct summary_input	*ins = r->ins;
	size_t			 n = r->sum.ninputs;
	enum scan_judgement	 j;
	uintptr_t		 nf;
	size_t			 i;
	int			 status = EXIT_OK;

	for (i = 0; i < n; i++) {
		nf = run_sink_count(&r->sink, ins[i].name);
		if ((j = scan_judge(&ins[i], nf)) == SCAN_JUDGE_OK)
			continue;
		if (j == SCAN_JUDGE_NOT_MAIL && !named(o, ins[i].name)) {
			ins[i].skipped = "not a mail log";
			sum->inputs_skipped++;
			continue;
		}
		scan_judge_say(&ins[i], j, o->format);
		if (j == SCAN_JUDGE_NOT_MAIL) {
			ins[i].error = "not a mail log";
			sum->input_errors++;
		}
		status = EXIT_TROUBLE;
	}
	return status;
}

/*
 * say_evicted - a bound closed sessions or messages early: not a failure,
 * but what it closed is less complete (counted in the summary as evicted);
 * say which bound, and what to raise.
 */
static void
say_evicted(const struct cli_opts *o, const struct summary *sum)
{
	unsigned long	ns = sum->sessions_evicted - sum->sessions_evicted_count;
	unsigned long	nm = sum->messages_evicted;
	size_t		mib = (o->max_memory ? o->max_memory :
			    SESS_DEFAULT_MAX_MEMORY) >> 20;

	if (ns > 0 || nm > 0)
		warnx("the memory budget (--max-memory %zuM%s) closed %lu "
		    "session%s and %lu message%s early (counted as evicted; "
		    "their findings may lack later context); raise "
		    "--max-memory if memory allows", mib, o->jobs > 1 ?
		    ", shared by the -j workers" : "", ns, ns == 1 ? "" : "s",
		    nm, nm == 1 ? "" : "s");
	if (sum->sessions_evicted_count > 0)
		warnx("the --max-sessions bound (%zu) closed %lu session%s "
		    "early (counted as evicted; their findings may lack later "
		    "context); raise --max-sessions if memory allows",
		    o->max_sessions, sum->sessions_evicted_count,
		    sum->sessions_evicted_count == 1 ? "" : "s");
}

/*
 * The pattern windows of a serial scan close as the log goes on, so that
 * the detector holds only what is still inside a window: every 4096
 * events, up to the oldest of the input's log time less a slack (lines a
 * little out of order), the oldest finding an open session still holds, and the
 * first timestamp of the inputs still to read (archive.h).  Not with -j:
 * the files' findings come a file at a time, in input order.
 */
#define PAT_SLACK	300	/* seconds */

struct pat_clock {
	struct pat		*pat;
	struct sess_table	*sess;
	struct scan_order		*arch;
	size_t			 cur;	/* reading index of the input */
	time_t			 now;	/* latest log time of this input */
	unsigned long		 n;
	int			 failed;
};

static void
pat_clock_tap(void *arg, const struct smtp_event *ev)
{
	struct pat_clock	*c = arg;
	time_t			 h, x;

	if (ev->when > c->now)
		c->now = ev->when;
	if ((++c->n & 4095) != 0 || c->now <= PAT_SLACK || c->failed)
		return;
	h = c->now - PAT_SLACK;
	if ((x = sess_oldest_pending(c->sess)) != 0 && x < h)
		h = x;
	if ((x = scan_order_first_after(c->arch, c->cur)) != 0 && x < h)
		h = x;
	if (pat_advance(c->pat, h) != 0)
		c->failed = 1;
}

/* pat_clock_next - before the i-th input: the clock starts again (an
 * input may be older than the last); stop when the patterns failed. */
static int
pat_clock_next(void *arg, size_t i)
{
	struct pat_clock	*c = arg;

	if (c->failed)
		return 1;
	c->cur = i;
	c->now = 0;
	return 0;
}

/* scan_read - the inputs read, serially or on -j's workers, and the
 * patterns closed after the last finding. */
static void
scan_read(struct run *r, struct workers *w)
{
	struct pat_clock	clock;

	if (r->o->jobs > 1 && r->npaths > 1) {
		scan_archive_parallel(r, w);
	} else {
		memset(&clock, 0, sizeof(clock));
		clock.pat = r->sink.pat;
		clock.sess = r->sopts.sess;
		clock.arch = r->order;
		run_read(r, pat_clock_tap, pat_clock_next, &clock);
		if (sess_finish(r->sopts.sess) != 0 || clock.failed)
			r->werr = 1;
	}
	/* The patterns close with the input: after every finding. */
	if (!r->werr && pat_flush(r->sink.pat) != 0)
		r->werr = 1;
}

/* scan_finish - the summary written, and what the run must say on
 * standard error: the year, a write error, a signal, empty standard
 * input, runaway patterns, bounds hit. */
static void
scan_finish(struct run *r, const struct workers *w)
{
	const struct cli_opts	*o = r->o;
	struct summary		*sum = &r->sum;
	struct traffic_report	 trep;
	unsigned long		 gaveup;
	size_t			 i;

	sum->interrupted = stop_signal() != 0;
	if (!r->werr && judge(r) != EXIT_OK)
		r->status = EXIT_TROUBLE;
	sess_summary(r->sopts.sess, sum);
	pat_summary(r->sink.pat, sum);
	unmatched_summary(r->sink.unm, sum);
	traffic_result(r->sopts.traffic, cli_top(o), &trep);
	trep.year_content = scan_order_year_proved(r->order,
	    &trep.year_assumed);
	sum->traffic = &trep;
	/* The text report says it in its head; the others here. */
	if (trep.year_content != 0 && strcmp(r->sink.ops->name, "text") != 0)
		warnx("note: read in %d, the year the logs' own Message-IDs "
		    "give, not in %d of the file time (--year sets it)",
		    trep.year_content, trep.year_assumed);
	if (!r->werr && r->sink.ops->finish(r->sink.ctx, sum) != 0)
		r->werr = 1;
	run_output_end(r);
	if (sum->interrupted) {
		warnx("stopped by %s: the output covers the lines read until "
		    "then", stop_signal() == SIGINT ? "SIGINT" : "SIGTERM");
		r->status = stop_exit_status();
	}
	cmd_inputs_end(&r->src, sum);
	/* A runaway pattern does not stop the scan; say that it happened
	 * (the workers of -j match with rule sets of their own). */
	gaveup = rule_match_errors(r->rs);
	for (i = 0; i < w->nrs; i++)
		gaveup += rule_match_errors(w->rs[i]);
	if (gaveup > 0)
		warnx("%lu rule pattern match%s gave up at the PCRE2 limits and "
		    "counted as no match; find the pattern with 'smtplog rules "
		    "--check FILE'", gaveup, gaveup == 1 ? "" : "es");
	say_evicted(o, sum);
	sum->traffic = NULL;	/* trep is this function's */
}

/* scan_start - parser, rules, inputs, writer, session table and plan:
 * EXIT_OK, or the exit status of what failed (said). */
static int
scan_start(struct run *r, const struct cli_opts *o)
{
	int	rc;

	if ((rc = run_open(r, o)) != EXIT_OK || (rc = run_rules(r)) !=
	    EXIT_OK || (rc = run_inputs(r, o->args, o->nargs, 1)) != EXIT_OK)
		return rc;
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	/* The report people read, terminal or not; machines ask for JSON. */
	run_wire(r, o->output ? o->output : "text");
	r->sink.byfile = htab_new();
	r->cfg.since = o->since;
	r->cfg.until = o->until;
	run_sessions(r, 1);
	/* Standard input or the journal read for want of operands, empty,
	 * is said (below), not an error: only a "-" given is a mapper's
	 * input. */
	r->sopts.allow_empty = o->allow_empty || r->src.implicit_stdin ||
	    r->src.journal != NULL;
	run_progress(r);
	r->sopts.pipeline = 1;
	run_plan(r);
	return EXIT_OK;
}

int
cmd_scan(const struct cli_opts *o)
{
	struct run	r;
	struct workers	w;
	size_t		i;
	int		rc;

	if (o->follow)
		return cmd_scan_follow(o);
	if (o->plan)
		return cmd_scan_plan(o);
	/* SIGINT, SIGTERM: stop reading, finish, say so (stop.h). */
	stop_catch();
	memset(&w, 0, sizeof(w));
	if ((rc = scan_start(&r, o)) != EXIT_OK) {
		(void)run_free(&r);
		return rc;
	}
	scan_read(&r, &w);
	scan_finish(&r, &w);
	scan_jobs_free(w.par);
	for (i = 0; i < w.nrs; i++)
		rule_free(w.rs[i]);
	return run_free(&r);
}
