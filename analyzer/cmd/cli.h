/*
 * cli.h - the command line: options parsed into one struct with the id of
 * its command (main() dispatches on it), the usage text, and what the
 * options mean for every command (colour, top lists, patterns).
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define CLI_MAX_RULES	32
#define CLI_MAX_CODES	16
#define CLI_MAX_PATTERNS	32

/* Exit statuses. */
#define EXIT_OK		0
#define EXIT_TROUBLE	1	/* an input, output or rule file failed */
#define EXIT_USAGE	2

/* The commands, as cli_parse knows them. */
enum cli_command {
	CLI_SCAN, CLI_TRACE, CLI_EXPLAIN, CLI_RULES, CLI_MERGE, CLI__COUNT
};

struct cli_opts {
	const char	*command;	/* "scan", "rules", "merge" */
	enum cli_command id;		/* the command, by its id */
	const char	*output;	/* "text", "json", "ndjson"; NULL: auto */
	const char	*format;	/* parser name; NULL: detect */
	const char	*color;		/* "auto", "always", "never" */
	const char	*rules_dir;	/* NULL: default */
	const char	*rules[CLI_MAX_RULES];
	size_t		 nrules;
	int		 codes[CLI_MAX_CODES];
	size_t		 ncodes;
	int		 year;
	size_t		 maxline;
	size_t		 max_sessions;
	size_t		 max_memory;	/* --max-memory, bytes; 0: default */
	int		 verbose;
	int		 quiet;
	int		 jobs;		/* -j: files scanned at once */
	char *const	*args;		/* inputs */
	size_t		 nargs;

	/* explain */
	int		 json;		/* --json: one JSON object per line */
	int		 dir;		/* enum ev_dir; 0 (NONE): both */
	const char	*cmd;		/* --command: the command replied to */

	const char	*lang;		/* --lang: advice language; NULL:
					 * auto, the locale's (msg_locale) */

	/* rules --check FILE... */
	const char	*checks[CLI_MAX_RULES];
	size_t		 nchecks;

	/* scan -F FILE: follow a growing log (cmd.c, follow.c) */
	int		 follow;
	int		 from_start;	/* --from-start: read what it holds */
	long		 session_timeout; /* seconds of log time; 0: default */
	const char	*state;		/* --state FILE: the saved position */
	const char	*prom_file;	/* --prom-file FILE: metrics kept there */
	/* scan: archives (scan_order.c) */
	time_t		 since, until;	/* --since/--until; 0: unbounded */
	int		 keep_order;	/* --keep-order: read as given */
	/* scan: session-level patterns (pattern.h); checked by cli_parse,
	 * applied in order by cmd.c: the window, then each --pattern. */
	const char	*patterns[CLI_MAX_PATTERNS];	/* NAME=COUNT[/W] */
	size_t		 npatterns;
	const char	*pattern_window;
	int		 no_patterns;
	/* scan: the traffic report (core/traffic.h, report_text.c) */
	int		 top;		/* --top N: items per list; 0: default */
	int		 width;		/* --width N: text columns; 0: terminal */
	/* trace QUERY [INPUT]...: args[0] is the query */
	const char	*trace_by;	/* --by KIND; NULL: recognize */
	/* scale-out: scan --label, --plan; merge --expect, --manifest;
	 * both --allow-empty (merge_cmd.c, cmd_plan.c) */
	const char	*label;		/* where the inputs come from */
	int		 plan;		/* --plan: the reading plan only */
	int		 allow_empty;	/* an empty stdin or partial is ok */
	long		 expect;	/* inputs expected; -1: any */
	const char	*manifest;	/* the inputs expected, one a line */
};

/* cli_pattern_config - the pattern settings of o applied to *c; 0, or -1
 * with the problem in err. */
struct pat_config;
int	cli_pattern_config(const struct cli_opts *o, struct pat_config *c,
	    char *err, size_t errlen);

/* cli_parse - fill *o from argv; returns 0, 1 after --help/--version
 * were printed (exit 0), or -1 after a usage error was printed. */
int	cli_parse(int argc, char **argv, struct cli_opts *o);

/* cli_size - a --max-memory value ("256M", "2G", bytes) in bytes, from
 * 1 MiB to 1 TiB; 0 when it is not one. */
size_t	cli_size(const char *s);

/* cli_usage - the help text of command (NULL or unknown: the overview);
 * cli_usage_known - command has a help text of its own (usage.c). */
void	cli_usage(FILE *, const char *command);
int	cli_usage_known(const char *command);

/* cli_explain - run the explain command (explain.c); the exit status. */
int	cli_explain(const struct cli_opts *);

/*
 * cli_load_rules (cmd_rules.c) - the default rules directory, then each --rules file;
 * every problem is printed.  NULL when a file is bad or no rule was found.
 */
struct ruleset;
struct ruleset	*cli_load_rules(const struct cli_opts *);

/* cli_want_color - ANSI colour for --color WHEN ("auto": stdout is a
 * terminal, NO_COLOR unset or empty, TERM set and not dumb). */
int	cli_want_color(const char *when);

/* cli_top - the items per top list of --top (0: none). */
size_t	cli_top(const struct cli_opts *);

/* cli_merge - add up summary records of separate scans (merge_cmd.c). */
int	cli_merge(const struct cli_opts *);

#endif /* CLI_H */
