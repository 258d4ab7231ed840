/*
 * cmd_trace.c - the trace command: the query, the inputs scanned with the
 * trace tapping every event and collecting the findings, then the stories
 * written as text or one JSON document.  The stories are trace.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/scan_order.h"
#include "cli.h"
#include "cmd_int.h"
#include "lib/log.h"
#include "parser.h"
#include "report/report.h"
#include "rule.h"
#include "scan/scan.h"
#include "core/session.h"
#include "trace/trace.h"
#include "lib/xmalloc.h"

int
cli_trace(const struct cli_opts *o)
{
	enum trace_kind		 kind = TRACE_AUTO;
	struct sess_config	 cfg;
	struct scan_opts	 sopts;
	struct summary		 sum;
	struct summary_input	*ins;
	struct ruleset		*rs;
	struct trace		*tr;
	struct scan_order_opts	 aopts;
	struct scan_order		*arch;
	const char		*output;
	char			**paths;
	size_t			 npaths, i;
	struct cmd_source	 src;
	int			 status = EXIT_OK, r, werr = 0;

	memset(&sopts, 0, sizeof(sopts));
	sopts.pipeline = 1;
	if (o->format != NULL && (sopts.parser = parser_find(o->format)) ==
	    NULL) {
		warnx("bad --format '%s' (known: %s)", o->format,
		    parser_names());
		return EXIT_USAGE;
	}
	if (o->trace_by != NULL && trace_kind_parse(o->trace_by, &kind) != 0)
		return EXIT_USAGE;	/* checked by cli_parse() */
	output = o->output != NULL ? o->output : "text";
	if (strcmp(output, "text") != 0 && strcmp(output, "json") != 0) {
		warnx("bad --output '%s': trace writes text or json", output);
		return EXIT_USAGE;
	}
	if ((rs = cli_load_rules(o)) == NULL)
		return EXIT_TROUBLE;
	paths = cmd_inputs(o->args + 1, o->nargs - 1, o, 1, &npaths, &src);
	if (paths == NULL) {
		rule_free(rs);
		return EXIT_TROUBLE;
	}
	tr = trace_new(trace_query_new(o->args[0], kind));

	memset(&cfg, 0, sizeof(cfg));
	cfg.max_sessions = o->max_sessions;
	/* trace keeps its open objects beside (trace.h, bounded apart):
	 * the session builder gets half the budget. */
	cfg.max_memory = (o->max_memory ? o->max_memory :
	    SESS_DEFAULT_MAX_MEMORY) / 2;
	cfg.codes = o->codes;
	cfg.ncodes = o->ncodes;
	cfg.rules = rs;
	cfg.emit = trace_emit;
	cfg.arg = tr;
	sopts.sess = sess_new(&cfg);
	sopts.year = o->year;
	sopts.maxline = o->maxline;
	sopts.verbose = o->verbose;
	/* The journal on a quiet day is said (below), not an error. */
	sopts.allow_empty = src.journal != NULL;
	sopts.progress = !o->quiet && isatty(STDERR_FILENO);
	if (sopts.progress)
		log_set_clear(scan_progress_clear);	/* warnings erase it */

	if (npaths == 0)
		status = EXIT_TROUBLE;	/* only empty directories */
	ins = xcalloc(npaths ? npaths : 1, sizeof(*ins));
	memset(&sum, 0, sizeof(sum));
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	/* The inputs in time order, the year carried from file to file,
	 * duplicates skipped: as scan reads them (archive.h). */
	memset(&aopts, 0, sizeof(aopts));
	aopts.parser = sopts.parser;
	aopts.year = o->year;
	aopts.maxline = o->maxline;
	aopts.keep_order = o->keep_order;
	arch = scan_order_plan(paths, npaths, &aopts);
	scan_order_chain(arch, trace_tap, tr);
	sopts.tap = scan_order_tap;
	sopts.tap_arg = arch;
	sopts.nfiles = npaths;
	for (i = 0; i < npaths && !werr; i++) {
		r = cmd_read_input(arch, i, &sopts, &ins[i], &sum);
		if (r == -1)
			status = EXIT_TROUBLE;
		else if (r == -2)
			werr = 1;
	}
	if (sopts.progress)
		scan_progress_end();
	(void)sess_finish(sopts.sess);
	trace_finish(tr);
	sum.ninputs = i;
	sum.inputs = ins;
	sess_summary(sopts.sess, &sum);
	if (!werr) {
		if (strcmp(output, "json") == 0)
			werr = trace_write_json(tr, stdout, &sum,
			    SMTPLOG_VERSION) != 0;
		else
			werr = trace_write_text(tr, stdout,
			    cli_want_color(o->color), &sum) != 0;
	}
	if (!werr && (fflush(stdout) != 0 || ferror(stdout)))
		werr = 1;
	if (werr) {
		warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	cmd_inputs_end(&src, &sum);
	if (status == EXIT_OK && trace_nmatches(tr) == 0)
		status = TRACE_EXIT_NOMATCH;
	trace_free(tr);
	scan_order_free(arch);
	sess_free(sopts.sess);
	scan_cleanup();
	free(ins);
	scan_free_paths(paths);
	rule_free(rs);
	return status;
}
