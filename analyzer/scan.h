/*
 * scan.h - the scan loop: one input at a time, lines through a parser
 * (forced or detected from the first lines), events into the session
 * builder, and every line accounted for in a struct summary_input.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

#include "finding.h"
#include "parser.h"
#include "session.h"

#define SCAN_PROBE_LINES	50

struct scan_opts {
	const struct parser_ops	*parser;	/* forced, or NULL: detect */
	int			 year;		/* --year, 0: infer */
	size_t			 maxline;	/* 0: input default */
	int			 verbose;	/* show unrecognized lines */
	int			 progress;	/* progress line on stderr */
	struct sess_table	*sess;
};

/*
 * scan_input - scan one input into opts->sess.  *in is filled (name is
 * path, borrowed; error is a static or owned-by-scan string kept until
 * scan_cleanup()).  Returns 0; -1 when the input could not be read to its
 * end or its format is unknown (already printed, with the file name), -2
 * when the session builder's output failed (write error: stop).
 */
int	scan_input(const char *path, const struct scan_opts *opts,
	    struct summary_input *in);

/*
 * scan_expand - the inputs named by args: a directory stands for the
 * regular files in it, oldest modification time first (then by name).
 * Returns a NULL-terminated array of owned strings (free with
 * scan_free_paths), or NULL with a message printed when a directory cannot
 * be read.
 */
char	**scan_expand(char *const *args, size_t nargs, size_t *npaths);
void	  scan_free_paths(char **);

/* scan_cleanup - free the error strings scan_input kept. */
void	  scan_cleanup(void);

#endif /* SCAN_H */
