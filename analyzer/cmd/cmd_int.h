/*
 * cmd_int.h - what the command files (cmd.c, cmd_follow.c, cmd_trace.c)
 * share: the sink that takes the session builder's findings to the pattern
 * detector and the writer, and the reading of one input of an archive
 * plan.  Not for other modules.
 */
#ifndef CMD_INT_H
#define CMD_INT_H

#include "cli.h"
#include "core/finding.h"
#include "core/pattern.h"
#include "core/unmatched.h"
#include "report/report.h"
#include "scan/scan.h"

struct scan_order;
struct htab;

/* Distinct texts the count of replies no text rule knew keeps. */
#define CMD_UNMATCHED	1024

struct cmd_sink {
	const struct report_ops	*ops;
	void			*ctx;
	struct pat		*pat;	/* session-level patterns */
	struct htab		*byfile;	/* findings per input name
					 * (counts as pointers), when the
					 * caller made it; NULL: none */
	struct unmatched	*unm;	/* replies no text rule knew */
	/* follow --prom-file: a report_prometheus context counting beside
	 * the writer (NULL: none) */
	void			*prom;
};

/* cmd_sink_finding - a sess_config emit: the finding to the pattern
 * detector and the writer; cmd_sink_pattern - a pat_config emit. */
int	cmd_sink_finding(void *arg, const struct finding *f);
int	cmd_sink_pattern(void *arg, const struct pattern *p);

/*
 * cmd_wire - the writer named output opened on stdout (buffering set by
 * the caller first), the pattern detector writing through it, and *cfg
 * made so that the session builder's findings go to both, with o's codes,
 * bound and the rules rs; the caller sets what differs (since, until) and
 * frees sink->ctx, sink->pat and sink->unm.
 */
struct ruleset;
struct sess_config;
void	cmd_wire(const struct cli_opts *o, const char *output,
	    const struct ruleset *rs, struct cmd_sink *sink,
	    struct sess_config *cfg);

/*
 * cmd_read_input - the i-th input of an archive plan (archive.h): skipped
 * (its record says why, counted) or scanned into sopts->sess with the year
 * the plan gives it; its counts added to *sum.  Returns 0 (also when
 * skipped), or scan_input's -1 (input trouble) or -2 (output failed).
 */
int	cmd_read_input(struct scan_order *, size_t i, struct scan_opts *,
	    struct summary_input *in, struct summary *sum);

/* cmd_scan_plan - scan --plan (cmd_plan.c); the exit status. */
int	cmd_scan_plan(const struct cli_opts *);

/* What the inputs are when none was named (cmd_inputs). */
struct cmd_journal;
struct cmd_source {
	int			 implicit_stdin;	/* "-" */
	struct cmd_journal	*journal;	/* the journal, running */
};

/*
 * cmd_inputs - the inputs of scan or trace (cmd_inputs.c), as scan_expand
 * gives them: the operands args[0..nargs) when there are any; with none,
 * standard input ("-", src->implicit_stdin set) when it is a pipe, a file
 * or a socket, or when the default patterns are empty; otherwise the
 * regular files the default patterns match, or, when none does and the
 * patterns hold the word "journal" and journal_ok, the journal's mail
 * messages in o's --since/--until (one input, "journal": journalctl is
 * running, src->journal set); said on standard error unless o->quiet.
 * NULL after a message: a directory could not be read, or no default
 * input exists.  Call cmd_inputs_end() after the scan.
 */
char	**cmd_inputs(char *const *args, size_t nargs,
	    const struct cli_opts *o, int journal_ok, size_t *npaths,
	    struct cmd_source *src);

/* cmd_inputs_end - say so when standard input or the journal, read for
 * want of operands, held nothing (a cron job's empty pipe, a quiet day);
 * stop journalctl if it still runs (cmd_journal_end). */
void	cmd_inputs_end(struct cmd_source *, const struct summary *);

/* cmd_default_patterns - the default inputs: $SMTPLOG_DEFAULT_INPUTS when
 * set (an empty value: none), else the built-in list; glob patterns
 * separated by white space, and the word "journal".  Borrowed. */
const char *cmd_default_patterns(void);

/* cmd_scan_follow - scan -F (cmd_follow.c); the exit status. */
int	cmd_scan_follow(const struct cli_opts *);

#endif /* CMD_INT_H */
