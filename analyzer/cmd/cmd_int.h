/*
 * cmd_int.h - the commands of analyzer/cmd and what their files share
 * beside run.h: the inputs named on the command line or by default.  Not
 * for other modules.
 */
#ifndef CMD_INT_H
#define CMD_INT_H

#include "cli.h"
#include "scan/scan.h"

/*
 * cmd_scan, cmd_rules, cmd_trace - the commands scan (cmd.c: also -F and
 * --plan), rules (cmd_rules.c) and trace (cmd_trace.c); the exit status.
 */
int	cmd_scan(const struct cli_opts *);
int	cmd_rules(const struct cli_opts *);
int	cmd_trace(const struct cli_opts *);

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
