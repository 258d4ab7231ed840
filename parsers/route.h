/*
 * route.h - the front of the parsers for one input: each line's envelope
 * is read (envelope.h) and the line goes to the parser of its program
 * ("postfix/smtpd" to Postfix, "exim4" to Exim; other programs' lines
 * are ignored), so a shared mail.log, a journal or a file where Postfix
 * and Exim interleave is read line by line.  Lines without an envelope
 * (Exim's own log, transcripts) go to the parser that the probes find
 * for them, detected on the first lines of that kind however late they
 * come, and then to that parser.
 *
 * Shape: as a parser's (parser.h), push a line, then call next() until
 * it returns 0.  The router counts every line as used, ignored or
 * unrecognized (route_counts), later than its push when it was held
 * (lines waiting for detection, a container's partial line); each line
 * not used is also handed to the callback (for -v, and for a sample of
 * what an input held).
 */
#ifndef ROUTE_H
#define ROUTE_H

#include <stddef.h>
#include <time.h>

#include "lib/event.h"
#include "parser.h"

/* Lines without an envelope held for detection at most. */
#define ROUTE_PROBE_LINES	50

/* What became of one line not used (or of several joined into one). */
struct route_verdict {
	unsigned long	 lineno;	/* the line's number (the last one's
					 * for joined lines) */
	const char	*text;		/* the line, for -v; borrowed */
	size_t		 len;
	enum parse_result r;
	unsigned	 lines;		/* physical lines it stands for */
	int		 claimed;	/* a parser took it as its format
					 * (used, or unrecognized by it; any
					 * line given to the parser detected
					 * for lines without an envelope) */
	const char	*why;		/* a broken envelope: what is wrong
					 * (static), else NULL */
};

struct route_opts {
	const struct parser_ops	*forced;	/* --format, or NULL */
	const char		*file;		/* input name, for events */
	int			 year;		/* --year, 0: infer */
	time_t			 ref_time;	/* the file's mtime */
	size_t			 maxline;	/* joined partial lines */
	void			(*verdict)(void *arg,
				    const struct route_verdict *);
	void			*arg;
};

/* Every line read, counted once. */
struct route_counts {
	unsigned long	 used;
	unsigned long	 ignored;
	unsigned long	 unrecognized;
	unsigned long	 claimed;	/* used, or unrecognized by a parser
					 * that took it as its format, or
					 * given to the detected one */
};

struct route;

/* route_new - the router of one input; opts is copied.  Never NULL.
 * Free with route_free(); route_free(NULL) does nothing. */
struct route	*route_new(const struct route_opts *);
void		 route_free(struct route *);

/* route_push - one line, as parser.h's push() takes it. */
void		 route_push(struct route *, const char *line, size_t len,
		    unsigned long lineno);

/*
 * route_next - the next event: 1 with *ev pointing to it (a parser's,
 * valid until the next call or push), 0 when none is left, -1 on a
 * parser's error (route_error()).  Lines held for detection are read
 * here once their parser is known.
 */
int		 route_next(struct route *, const struct smtp_event **ev);

/*
 * route_plumb - the plumb of the parser whose event route_next() gave
 * last (parser.h's plumb()), or NULL; borrowed, as long as the router.
 */
const struct plumb *route_plumb(const struct route *);

/* route_detect - detect the format of the lines held so far now, if a
 * parser is confident about them (a followed file that grows slowly);
 * then route_next() as after a push. */
void		 route_detect(struct route *);

/* route_end - the end of the input: what is still held is read or
 * counted, then every parser flushed; then route_next() until 0. */
void		 route_end(struct route *);

/* route_format - the parsers that took lines, in the registry's order:
 * "postfix", "postfix+exim" (the forced one always), or NULL; valid until
 * the next call or route_free(). */
const char	*route_format(struct route *);

/* route_error - the text of the last -1 of route_next(). */
const char	*route_error(const struct route *);

/* route_counts - the lines counted so far (borrowed). */
const struct route_counts *route_counts(const struct route *);

/* route_year - the year of the last year-less stamp read, 0 if none. */
int		 route_year(const struct route *);

#endif /* ROUTE_H */
