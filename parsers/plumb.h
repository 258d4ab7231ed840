/*
 * plumb.h - what every log parser needs around its reading of a line: a
 * copy of the line to cut into fields in place, an arena for the strings
 * the line does not hold (keys, upper-cased commands), and the events the
 * line made, handed out one by one by next().  One struct plumb is
 * embedded in each parser's state; nothing here knows a log format.
 *
 * Ownership and lifetime: the line copy, the arena and the events belong
 * to the plumb; what plumb_line(), plumb_save() ... return, and every
 * event field pointing into them, stays valid until the next
 * plumb_reset() (the parser's next push) or plumb_free().
 *
 * Memory is bounded by the line: the arena is sized once per line from
 * its (capped) length, and the events by max_events (or, when that is 0,
 * by what one line makes: transcripts).
 */
#ifndef PLUMB_H
#define PLUMB_H

#include <stddef.h>

#include "lib/event.h"

struct plumb {
	char		*file;		/* input name, copied; NULL for none */

	char		*line;		/* the current line, cut into fields */
	size_t		 linecap;
	char		*arena;		/* derived strings of the line */
	size_t		 acap, alen;
	size_t		 amin;		/* arena bytes beyond 4 x the line */

	struct smtp_event *ev;		/* events of the current line */
	size_t		 nev, evpos, evcap;
	size_t		 maxev;		/* 0: grows as needed */
	struct smtp_event junk;		/* where an event beyond maxev goes */
};

/*
 * plumb_init - an empty plumb for the input file (copied; may be NULL),
 * with an arena of at least arena_min bytes and room for max_events
 * events a line (0: as many as a line makes).  Free with plumb_free(),
 * which frees what it holds, not p itself.
 */
void		 plumb_init(struct plumb *p, const char *file,
		    size_t arena_min, size_t max_events);
void		 plumb_free(struct plumb *p);

/* plumb_reset - a new line: no events, an empty arena. */
void		 plumb_reset(struct plumb *p);

/*
 * plumb_line - copy line[0..len) into p->line with nul NUL bytes after
 * it (1 or 2: a second one lets a scan look one byte past the end), and
 * size the arena for it; returns the copy.
 */
char		*plumb_line(struct plumb *p, const char *line, size_t len,
		    int nul);

/*
 * plumb_event - a new event of the current line, all zero (strings NULL,
 * pid 0: the caller sets the line's origin); beyond max_events a scratch
 * event that is never handed out.
 */
struct smtp_event *plumb_event(struct plumb *p);

/* plumb_drop - forget the last event made (it turned out empty). */
void		 plumb_drop(struct plumb *p);

/* plumb_next - the next event of the line into *ev: 1; 0 when none is
 * left.  Strings stay borrowed (see above). */
int		 plumb_next(struct plumb *p, struct smtp_event *ev);

/*
 * Arena copies, NUL-terminated; NULL when they do not fit (the arena is
 * sized from the line, so only hostile input gets there).
 * plumb_save - s[0..n).  plumb_cat - a + b + c (NULL if one is NULL).
 * plumb_join - a[0..la) + b[0..lb) + c[0..lc).  plumb_reserve - n bytes
 * and a NUL after them for the caller to fill.
 */
char		*plumb_save(struct plumb *p, const char *s, size_t n);
const char	*plumb_cat(struct plumb *p, const char *a, const char *b,
		    const char *c);
const char	*plumb_join(struct plumb *p, const char *a, size_t la,
		    const char *b, size_t lb, const char *c, size_t lc);
char		*plumb_reserve(struct plumb *p, size_t n);

#endif /* PLUMB_H */
