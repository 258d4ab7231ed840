/*
 * run.c - the setup, input loop and end that scan, scan -F and trace
 * share (run.h): parser, rules, sink, session table, reading plan,
 * summary.  What a command does with its findings is the command's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_int.h"
#include "core/traffic.h"
#include "lib/htab.h"
#include "lib/log.h"
#include "lib/stop.h"
#include "lib/xmalloc.h"
#include "parser.h"
#include "rule.h"
#include "run.h"
#include "scan/scan_order.h"

int
run_open(struct run *r, const struct cli_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->status = EXIT_OK;
	if (o->format != NULL &&
	    (r->sopts.parser = parser_find(o->format)) == NULL) {
		warnx("bad --format '%s' (known: %s)", o->format,
		    parser_names());
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
run_rules(struct run *r)
{
	if ((r->rs = cli_load_rules(r->o)) == NULL)
		return EXIT_TROUBLE;
	return EXIT_OK;
}

int
run_inputs(struct run *r, char *const *args, size_t nargs, int journal_ok)
{
	r->paths = cmd_inputs(args, nargs, r->o, journal_ok, &r->npaths,
	    &r->src);
	return r->paths != NULL ? EXIT_OK : EXIT_TROUBLE;
}

/* run_sink_finding - every finding, serial or -j (replayed on this
 * thread): to the writer and the pattern detector. */
int
run_sink_finding(void *arg, const struct finding *f)
{
	struct run_sink	*s = arg;
	struct htab_key	 k;

	/* Findings come in runs of one input: its count is kept aside
	 * and stored when another input's finding comes. */
	if (s->byfile != NULL && f->file != NULL) {
		if (s->lastfile == NULL || strcmp(s->lastfile, f->file) != 0) {
			if (s->lastfile != NULL)
				htab_put(s->byfile, s->lastfile,
				    (void *)s->lastn);
			htab_key_make(&k, f->file);
			s->lastn = (uintptr_t)htab_kget(s->byfile, &k);
			s->lastfile = htab_kput(s->byfile, &k,
			    (void *)s->lastn);
		}
		s->lastn++;
	}
	(void)pat_feed(s->pat, f);
	unmatched_add(s->unm, f);
	if (s->prom != NULL)
		(void)report_prometheus.finding(s->prom, f);
	return s->ops->finding(s->ctx, f);
}

uintptr_t
run_sink_count(const struct run_sink *s, const char *name)
{
	if (s->lastfile != NULL && strcmp(s->lastfile, name) == 0)
		return s->lastn;
	return (uintptr_t)htab_get(s->byfile, name);
}

int
run_sink_pattern(void *arg, const struct pattern *p)
{
	struct run_sink	*s = arg;

	if (s->prom != NULL)
		(void)report_prometheus.pattern(s->prom, p);
	return s->ops->pattern != NULL ? s->ops->pattern(s->ctx, p) : 0;
}

void
run_config(struct run *r, int (*emit)(void *, const struct finding *),
    void *arg)
{
	struct sess_config	*cfg = &r->cfg;

	memset(cfg, 0, sizeof(*cfg));
	cfg->max_sessions = r->o->max_sessions;
	cfg->max_memory = r->o->max_memory;
	cfg->codes = r->o->codes;
	cfg->ncodes = r->o->ncodes;
	cfg->rules = r->rs;
	cfg->emit = emit;
	cfg->arg = arg;
}

void
run_wire(struct run *r, const char *output)
{
	const struct cli_opts	*o = r->o;
	struct run_sink		*sink = &r->sink;
	struct report_opts	 ropts;
	struct pat_config	 pcfg;

	memset(&ropts, 0, sizeof(ropts));
	ropts.color = cli_want_color(o->color);
	ropts.verbose = o->verbose;
	ropts.version = SMTPLOG_VERSION;
	ropts.width = o->width;
	sink->ops = report_find(output);
	sink->ctx = sink->ops->open(stdout, &ropts);
	sink->byfile = NULL;
	sink->lastfile = NULL;
	sink->lastn = 0;
	sink->prom = NULL;
	(void)cli_pattern_config(o, &pcfg, NULL, 0);	/* checked by cli.c */
	pcfg.emit = run_sink_pattern;
	pcfg.arg = sink;
	sink->pat = pat_new(&pcfg);
	sink->unm = unmatched_new(RUN_UNMATCHED);
	run_config(r, run_sink_finding, sink);
}

void
run_sessions(struct run *r, int with_traffic)
{
	if (with_traffic)
		r->cfg.traffic = r->sopts.traffic = traffic_new(NULL);
	r->sopts.sess = sess_new(&r->cfg);
	r->sopts.year = r->o->year;
	r->sopts.maxline = r->o->maxline;
	r->sopts.verbose = r->o->verbose;
	r->sopts.label = r->o->label;
}

void
run_progress(struct run *r)
{
	/* Not with -j: the line is drawn by one scan at a time. */
	r->sopts.progress = !r->o->quiet && isatty(STDERR_FILENO) &&
	    r->o->jobs <= 1;
	if (r->sopts.progress)
		log_set_clear(scan_progress_clear);	/* warnings erase it */
}

void
run_plan(struct run *r)
{
	const struct cli_opts	*o = r->o;
	struct scan_order_opts	 aopts;

	memset(&aopts, 0, sizeof(aopts));
	aopts.parser = r->sopts.parser;
	aopts.year = o->year;
	aopts.maxline = o->maxline;
	aopts.keep_order = o->keep_order;
	aopts.since = o->since;
	aopts.until = o->until;
	r->order = scan_order_plan(r->paths, r->npaths, &aopts);
	if (r->npaths == 0)
		r->status = EXIT_TROUBLE;	/* only empty directories */
	r->ins = xcalloc(r->npaths ? r->npaths : 1, sizeof(*r->ins));
	memset(&r->sum, 0, sizeof(r->sum));
	r->sum.since = o->since;
	r->sum.until = o->until;
}

int
run_skipped(struct run *r, size_t i)
{
	struct summary_input	*in = &r->ins[i];
	const char		*why = scan_order_skipped(r->order, i);

	if (why == NULL)
		return 0;
	memset(in, 0, sizeof(*in));
	in->name = scan_order_path(r->order, i);
	in->label = r->sopts.label;
	in->skipped = why;
	r->sum.inputs_skipped++;
	return 1;
}

/*
 * read_input - the i-th input of the plan: skipped (counted) or scanned
 * into the session table with the year the plan gives it; its counts
 * added to the summary.  Returns 0 (also when skipped), or scan_input's
 * -1 (input trouble) or -2 (output failed).
 */
static int
read_input(struct run *r, size_t i)
{
	int	rc;

	if (run_skipped(r, i))
		return 0;
	r->sopts.year = scan_order_begin(r->order, i);
	r->sopts.file_no = i + 1;
	rc = scan_input(scan_order_path(r->order, i), &r->sopts, &r->ins[i]);
	summary_add_input(&r->sum, &r->ins[i]);
	return rc;
}

void
run_read(struct run *r, void (*tap)(void *, const struct smtp_event *),
    int (*next)(void *, size_t), void *arg)
{
	size_t	i;
	int	rc;

	scan_order_chain(r->order, tap, arg);
	r->sopts.tap = scan_order_tap;
	r->sopts.tap_arg = r->order;
	r->sopts.nfiles = r->npaths;
	for (i = 0; i < r->npaths && !r->werr && stop_signal() == 0; i++) {
		if (next != NULL && next(arg, i) != 0)
			break;
		if ((rc = read_input(r, i)) == -1)
			r->status = EXIT_TROUBLE;
		else if (rc == -2)
			r->werr = 1;
	}
	if (r->sopts.progress)
		scan_progress_end();
	r->sum.ninputs = i;
	r->sum.inputs = r->ins;
}

void
run_output_end(struct run *r)
{
	if (!r->werr && (fflush(stdout) != 0 || ferror(stdout)))
		r->werr = 1;
	if (r->werr) {
		warn("standard output: write error");
		r->status = EXIT_TROUBLE;
	}
}

int
run_free(struct run *r)
{
	if (r->sink.ops != NULL)
		r->sink.ops->free(r->sink.ctx);
	if (r->sink.prom != NULL)
		report_prometheus.free(r->sink.prom);
	pat_free(r->sink.pat);
	htab_free(r->sink.byfile, NULL);
	unmatched_free(r->sink.unm);
	sess_free(r->sopts.sess);
	traffic_free(r->sopts.traffic);
	scan_cleanup();
	free(r->ins);
	scan_order_free(r->order);
	scan_free_paths(r->paths);
	rule_free(r->rs);
	return r->status;
}
