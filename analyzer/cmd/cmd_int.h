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

/*
 * cmd_inputs - the inputs of scan or trace (cmd_inputs.c), as scan_expand
 * gives them: the operands args[0..nargs) when there are any; with none,
 * standard input ("-", *implicit_stdin set) when it is a pipe, a file or
 * a socket, or when the default patterns are empty; otherwise the regular
 * files the default patterns match, said on standard error unless quiet.
 * NULL after a message: a directory could not be read, or no default
 * input exists.
 */
char	**cmd_inputs(char *const *args, size_t nargs, int quiet,
	    size_t *npaths, int *implicit_stdin);

/* cmd_inputs_check_stdin - say so when standard input, read for want of
 * operands, held nothing (a cron job's empty pipe). */
void	cmd_inputs_check_stdin(int implicit_stdin, const struct summary *);

/* cmd_default_patterns - the default inputs: $SMTPLOG_DEFAULT_INPUTS when
 * set (an empty value: none), else the built-in list; glob patterns
 * separated by white space.  Borrowed. */
const char *cmd_default_patterns(void);

/* cmd_scan_follow - scan -F (cmd_follow.c); the exit status. */
int	cmd_scan_follow(const struct cli_opts *);

#endif /* CMD_INT_H */
