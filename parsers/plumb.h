/*
 * plumb.h - what every log parser needs around its reading of a line: a
 * copy of the line to cut into fields in place, an arena for the strings
 * the line does not hold (keys, upper-cased commands), and the events the
 * line made, handed out one by one by next().  One struct plumb is
 * embedded in each parser's state; nothing here knows a log format.
 *
 * Ownership and lifetime: the line copy, the arena and the events belong
 * to the plumb.  What plumb_line(), plumb_save() ... return, and every
 * event field pointing into them, stays valid until the next
 * plumb_reset() (the parser's next push) or plumb_free(); the line copy
 * (and so p->at.host and p->at.program, which point into it) until the
 * next plumb_line() or plumb_free(), so that events made at a flush
 * may still name the last line's host.  The file name lives as long as
 * the plumb.
 *
 * Generations: gen changes at every plumb_reset() and plumb_line().
 * Within one generation, once next() has handed out an event, the parser
 * no longer rewrites the first llen bytes of the line copy or the first
 * alen bytes of the arena (it may append to the arena), so a reader of
 * the events may copy those bytes once for all the events of the
 * generation (the pipelined scan's queue does: scan_queue.h).
 *
 * Memory is bounded by the line: the arena is sized once per line from
 * its (capped) length, and the events by max_events (or, when that is 0,
 * by what one line makes: transcripts).
 */
#ifndef PLUMB_H
#define PLUMB_H

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "lib/event.h"

/* Where the current line's events come from: every event gets it. */
struct plumb_origin {
	time_t		 when;		/* 0: the line has no time */
	int		 usec;
	unsigned long	 line;		/* 1-based line number */
	const char	*host;		/* NULL: none */
	const char	*program;
	long		 pid;		/* -1: none */
};

struct plumb {
	char		*file;		/* input name, copied; NULL for none */
	struct plumb_origin at;		/* of the current line */

	char		*line;		/* the current line, cut into fields */
	size_t		 linecap;
	size_t		 llen;		/* of line, its NULs included */
	char		*arena;		/* derived strings of the line */
	size_t		 acap, alen;
	size_t		 amin;		/* arena bytes beyond 4 x the line */
	unsigned long	 gen;		/* see "Generations" above */

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
 * size the arena for it; returns the copy.  plumb_grow - its slow path:
 * the buffers made big enough.  Inline: once a line.
 */
char		*plumb_grow(struct plumb *p, size_t len, int nul);

static inline char *
plumb_line(struct plumb *p, const char *line, size_t len, int nul)
{
	if (p->linecap < len + (size_t)nul || p->acap < 4 * len + p->amin)
		(void)plumb_grow(p, len, nul);
	memcpy(p->line, line, len);
	p->line[len] = '\0';
	if (nul > 1)
		p->line[len + 1] = '\0';
	p->llen = len + (size_t)nul;
	p->gen++;
	return p->line;
}

/*
 * plumb_event - a new event of the current line: kind, the input name
 * and the line's origin (p->at) filled in, everything else zero or NULL;
 * beyond max_events a scratch event that is never handed out.
 */
struct smtp_event *plumb_event(struct plumb *p, enum ev_kind kind);

/* plumb_drop - forget the last event made (it turned out empty). */
void		 plumb_drop(struct plumb *p);

/* plumb_next - the next event of the line: 1 with *ev pointing to it
 * (the plumb's, valid as its strings are: see above); 0 when none is
 * left.  Inline: it runs once or twice a line. */
static inline int
plumb_next(struct plumb *p, struct smtp_event **ev)
{
	if (p->evpos >= p->nev)
		return 0;
	*ev = &p->ev[p->evpos++];
	return 1;
}

/*
 * Arena copies, NUL-terminated; NULL when they do not fit (the arena is
 * sized from the line, so only hostile input gets there).
 * plumb_save - s[0..n).  plumb_cat - a + b + c (NULL if one is NULL).
 * plumb_reserve - n bytes and a NUL after them for the caller to fill.
 */
char		*plumb_save(struct plumb *p, const char *s, size_t n);
const char	*plumb_cat(struct plumb *p, const char *a, const char *b,
		    const char *c);

/* Inline: the Exim parser builds every key with it. */
static inline char *
plumb_reserve(struct plumb *p, size_t n)
{
	char	*d;

	if (p->alen + n + 1 > p->acap)
		return NULL;
	d = p->arena + p->alen;
	d[n] = '\0';
	p->alen += n + 1;
	return d;
}

#endif /* PLUMB_H */
