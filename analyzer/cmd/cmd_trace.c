/*
 * cmd_trace.c - the trace command: the query, the inputs scanned with the
 * trace tapping every event and collecting the findings, then the stories
 * written as text or one JSON document.  The stories are trace.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_int.h"
#include "lib/log.h"
#include "parser.h"
#include "report/report.h"
#include "rule.h"
#include "scan/scan.h"
#include "core/session.h"
#include "trace/trace.h"
#include "run.h"

/* trace_start - parser, query kind, output, rules, inputs, session table
 * (its findings to the trace) and plan: EXIT_OK or the exit status. */
static int
trace_start(struct run *r, const struct cli_opts *o, struct trace **trp)
{
	enum trace_kind		 kind = TRACE_AUTO;
	const char		*output;
	int			 rc;

	if ((rc = run_open(r, o)) != EXIT_OK)
		return rc;
	r->sopts.pipeline = 1;
	if (o->trace_by != NULL && trace_kind_parse(o->trace_by, &kind) != 0)
		return EXIT_USAGE;	/* checked by cli_parse() */
	output = o->output != NULL ? o->output : "text";
	if (strcmp(output, "text") != 0 && strcmp(output, "json") != 0) {
		warnx("bad --output '%s': trace writes text or json", output);
		return EXIT_USAGE;
	}
	if ((rc = run_rules(r)) != EXIT_OK ||
	    (rc = run_inputs(r, o->args + 1, o->nargs - 1, 1)) != EXIT_OK)
		return rc;
	*trp = trace_new(trace_query_new(o->args[0], kind));
	run_config(r, trace_emit, *trp);
	/* trace keeps its open objects beside (trace.h, bounded apart):
	 * the session builder gets half the budget. */
	r->cfg.max_memory = (o->max_memory ? o->max_memory :
	    SESS_DEFAULT_MAX_MEMORY) / 2;
	run_sessions(r, 0);
	/* The journal on a quiet day is said (below), not an error. */
	r->sopts.allow_empty = r->src.journal != NULL;
	run_progress(r);
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	/* The inputs in time order, the year carried from file to file,
	 * duplicates skipped: as scan reads them (scan_order.h). */
	run_plan(r);
	return EXIT_OK;
}

int
cmd_trace(const struct cli_opts *o)
{
	struct run	 r;
	struct trace	*tr = NULL;
	int		 rc;

	if ((rc = trace_start(&r, o, &tr)) != EXIT_OK) {
		trace_free(tr);
		(void)run_free(&r);
		return rc;
	}
	run_read(&r, trace_tap, NULL, tr);
	(void)sess_finish(r.sopts.sess);
	trace_finish(tr);
	sess_summary(r.sopts.sess, &r.sum);
	if (!r.werr) {
		if (strcmp(o->output != NULL ? o->output : "text", "json") == 0)
			r.werr = trace_write_json(tr, stdout, &r.sum,
			    SMTPLOG_VERSION) != 0;
		else
			r.werr = trace_write_text(tr, stdout,
			    cli_want_color(o->color), &r.sum) != 0;
	}
	run_output_end(&r);
	cmd_inputs_end(&r.src, &r.sum);
	if (r.status == EXIT_OK && trace_nmatches(tr) == 0)
		r.status = TRACE_EXIT_NOMATCH;
	trace_free(tr);
	return run_free(&r);
}
