/*
 * run.h - one run of scan, scan -F or trace: the parser asked for, the
 * rules, the sink (writer, pattern detector, unmatched replies), the
 * session table, the inputs in their reading order, the input loop, the
 * summary and the end of the output.  The commands (cmd.c, cmd_follow.c,
 * cmd_trace.c) set it up with these steps and differ only in what they do
 * around the loop.  Not for other modules.
 */
#ifndef RUN_H
#define RUN_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "cmd_int.h"
#include "core/finding.h"
#include "core/pattern.h"
#include "core/session.h"
#include "core/unmatched.h"
#include "report/report.h"
#include "scan/scan.h"

struct htab;
struct ruleset;
struct scan_order;
struct smtp_event;

/* Distinct texts the count of replies no text rule knew keeps. */
#define RUN_UNMATCHED	1024

/* run_sink - where the session builder's findings go (run_wire). */
struct run_sink {
	const struct report_ops	*ops;
	void			*ctx;
	struct pat		*pat;	/* session-level patterns */
	struct htab		*byfile;	/* findings per input name
					 * (counts as pointers), when the
					 * caller made it; NULL: none */
	const char		*lastfile;	/* byfile's key of the last
						 * finding's input: its count
						 * is lastn, not yet stored */
	uintptr_t		 lastn;
	struct unmatched	*unm;	/* replies no text rule knew */
	/* follow --prom-file: a report_prometheus context counting beside
	 * the writer (NULL: none) */
	void			*prom;
};

struct run {
	const struct cli_opts	*o;
	struct ruleset		*rs;		/* run_rules */
	struct run_sink		 sink;		/* run_wire (not trace) */
	struct sess_config	 cfg;		/* run_config, run_wire */
	struct scan_opts	 sopts;		/* parser (run_open), sess... */
	char			**paths;	/* run_inputs */
	size_t			 npaths;
	struct cmd_source	 src;		/* what stood for no operand */
	struct scan_order	*order;		/* run_plan: the reading plan */
	struct summary_input	*ins;		/* run_plan: one per path */
	struct summary		 sum;
	int			 status;	/* the exit status so far */
	int			 werr;		/* the output failed */
};

/* run_open - *r emptied for o, the parser of --format found: EXIT_OK, or
 * EXIT_USAGE after a message. */
int	run_open(struct run *r, const struct cli_opts *o);

/* run_rules - the rules loaded (cli_load_rules): EXIT_OK, or EXIT_TROUBLE
 * after the problems were printed. */
int	run_rules(struct run *r);

/* run_inputs - the inputs args[0..nargs) expanded, or the default ones
 * (the journal too when journal_ok): cmd_inputs; EXIT_OK, or
 * EXIT_TROUBLE after a message.  cmd_inputs_end(&r->src, ...) after the
 * scan. */
int	run_inputs(struct run *r, char *const *args, size_t nargs,
	    int journal_ok);

/* run_config - r->cfg made from the options (codes, bounds) and the
 * rules, its findings to emit(arg, f); the caller may change it before
 * run_sessions. */
void	run_config(struct run *r, int (*emit)(void *, const struct finding *),
	    void *arg);

/*
 * run_wire - the writer named output opened on stdout (buffering set by
 * the caller first), the pattern detector writing through it, and
 * r->cfg made (run_config) so that the findings go to both.
 */
void	run_wire(struct run *r, const char *output);

/* run_sessions - the session table of r->cfg (and the traffic counts when
 * with_traffic), and the scan options that come from the command line. */
void	run_sessions(struct run *r, int with_traffic);

/* run_progress - the progress line on stderr, unless quiet, -j or not a
 * terminal. */
void	run_progress(struct run *r);

/* run_plan - the reading plan of the inputs (scan_order.h: time order,
 * duplicates, --since/--until, the year carried), their records and the
 * summary; no input at all makes the run fail. */
void	run_plan(struct run *r);

/*
 * run_skipped - the i-th input of the plan is not read: its record says
 * why (counted as skipped).  Returns 1 when skipped, else 0.
 */
int	run_skipped(struct run *r, size_t i);

/*
 * run_read - the inputs read in the plan's order, one stream of events:
 * tap(arg, ev) sees every event before the session builder; next(arg, i),
 * when not NULL, is called before the i-th input and stops the loop by
 * returning non-zero.  Stops also when the output fails or a signal
 * asks (stop.h).  Sets sum.inputs and sum.ninputs.
 */
void	run_read(struct run *r, void (*tap)(void *, const struct smtp_event *),
	    int (*next)(void *, size_t), void *arg);

/* run_output_end - stdout flushed; a write error (then or before) said
 * once and made the exit status. */
void	run_output_end(struct run *r);

/* run_free - everything r holds; the exit status. */
int	run_free(struct run *r);

/* run_sink_finding - a sess_config emit: the finding to the pattern
 * detector and the writer; run_sink_pattern - a pat_config emit. */
int	run_sink_finding(void *arg, const struct finding *f);

/* run_sink_count - the findings counted for the input name (byfile). */
uintptr_t	run_sink_count(const struct run_sink *, const char *name);
int	run_sink_pattern(void *arg, const struct pattern *p);

#endif /* RUN_H */
