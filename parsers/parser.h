/*
 * parser.h - the interface every log-format parser implements, and the
 * registry that picks one by name, by the program of an enveloped line,
 * or by probing lines without an envelope.
 *
 * Shape (OpenSMTPD table_backend + rfc5322 push/next): the caller pushes one
 * line, then calls next() until it returns 0, then pushes the next line.
 * Parsers never print and never see sessions.
 */
#ifndef PARSER_H
#define PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "envelope.h"
#include "lib/event.h"

struct plumb;

/* Per-input options handed to open(). */
struct parser_opts {
	const char	*file;		/* input name, copied into events */
	int		 year;		/* --year, or 0 to infer */
	time_t		 ref_time;	/* file mtime (now for stdin): for year
					 * inference of year-less timestamps */
};

/* What push() made of a line; every line read is exactly one of these. */
enum parse_result {
	PARSE_ERROR = -1,	/* internal failure; see error() */
	PARSE_USED = 0,		/* a line of this format, understood */
	PARSE_IGNORED,		/* not this format's business (other daemons,
				 * blank lines, paniclog noise) */
	PARSE_UNRECOGNIZED	/* looks like this format (e.g. a postfix/
				 * program) but the parser does not know
				 * the message: counted, shown with -v */
};

struct parser_ops {
	const char	*name;		/* "postfix", "exim", "transcript" */

	/*
	 * probe - confidence 0..100 that a line without an envelope
	 * (envelope.h: Exim's own log, a transcript) is of this format, for
	 * detection; NULL for a format whose lines all have one.
	 */
	int		(*probe)(const char *line, size_t len);

	/* owns - whether the lines of program prog[0..len) in an envelope
	 * are this parser's ("postfix/smtpd"); NULL: none are. */
	int		(*owns)(const char *prog, size_t len);

	/* open - per-input state; NULL only on allocation failure (which
	 * xmalloc turns into exit). opts is copied. */
	void		*(*open)(const struct parser_opts *opts);
	void		(*close)(void *);

	/*
	 * push - one whole line, NUL-terminated at line[len], without its
	 * newline, with no NUL bytes inside; borrowed until push() returns.
	 * lineno is the 1-based line number in the input.  A line with an
	 * envelope is read through one of the parser's own, as if alone in
	 * its input (the scan's router reads envelopes for all parsers and
	 * calls push_rec() instead).
	 */
	enum parse_result (*push)(void *, const char *line, size_t len,
			    unsigned long lineno);

	/*
	 * push_rec - a line whose envelope was read, for a program this
	 * parser owns; borrowed until it returns.  memo, when not NULL, is
	 * a word the caller keeps for this parser with the program's name
	 * (0 the first time): the parser may keep there what it found out
	 * about the program, to skip that work on the next line of the
	 * same program.  NULL when owns is.
	 */
	enum parse_result (*push_rec)(void *, const struct env_rec *rec,
			    uintptr_t *memo, unsigned long lineno);

	/* next - 1: *ev points to the next event of the line (the parser's
	 * own, valid until the next push or next; not to be changed); 0: no
	 * more events for this line; -1: error, see error(). */
	int		(*next)(void *, const struct smtp_event **ev);

	/* flush - end of input: lets a parser emit what it held back
	 * (e.g. a multi-line reply); then next() is called until 0. */
	void		(*flush)(void *);

	const char	*(*error)(void *);

	/*
	 * plumb - the plumb (plumb.h) whose line copy, arena and file name
	 * hold most strings of next()'s events, for a reader that copies
	 * them once a generation (the pipelined scan).  NULL for a parser
	 * whose strings lie elsewhere: each is then copied on its own.
	 * After a push, such a parser's next() hands out the plumb's events
	 * in turn (1 each) and then says 0; only after flush() may it make
	 * more or fail.  The router learns from the plumb whether one is
	 * left.
	 */
	const struct plumb *(*plumb)(void *);
};

extern const struct parser_ops parser_postfix;
extern const struct parser_ops parser_exim;
extern const struct parser_ops parser_transcript;

/* parser_find - the parser named name, or NULL. */
const struct parser_ops	*parser_find(const char *name);

/*
 * parser_detect - the parser most confident about the given sample lines
 * (each NUL-terminated; lines without an envelope), or NULL when none
 * reaches a useful confidence.  Only parsers with a probe take part.
 */
const struct parser_ops	*parser_detect(const char *const *lines,
			    const size_t *lens, size_t nlines);

/* parser_get - the i-th parser of the registry, NULL past its end. */
const struct parser_ops	*parser_get(size_t i);

/* parser_owner - the parser that owns program prog[0..len) (see owns),
 * or NULL. */
const struct parser_ops	*parser_owner(const char *prog, size_t len);

/* parser_names - comma-separated list of known parser names, for --help. */
const char		*parser_names(void);

#endif /* PARSER_H */
