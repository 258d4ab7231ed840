/*
 * route.c - one input's lines to their parsers: the envelope read once
 * (envelope.c), the line handed to the parser that owns its program, and
 * lines without an envelope held until the probes name their format.
 * Counting the verdicts is the caller's (see route.h); the parsers' own
 * work is theirs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "plumb.h"
#include "progmap.h"
#include "route.h"
#include "lib/xmalloc.h"

#define ROUTE_PARSERS	8	/* at least the registry's size */

/* A parser of this input, opened when its first line comes. */
struct slot {
	const struct parser_ops	*ops;
	void			*st;
	const struct plumb	*pl;		/* ops->plumb(st), or NULL */
	int			 claimed;	/* took a line as its own */
};

/* A line without an envelope, waiting for detection. */
struct held {
	char		*text;
	size_t		 len;
	unsigned long	 lineno;
	unsigned	 lines;
};

struct route {
	struct route_opts	 o;
	struct env		*env;
	struct slot		 slot[ROUTE_PARSERS];
	size_t			 nslot;
	struct slot		*cur;		/* whose events next() gives */
	struct slot		*native;	/* lines without envelope */
	unsigned long		 lastline;	/* the last line's number */
	int			 ending;	/* route_end(): 1 partial lines,
					 * 2 held lines, 3 flush */

	struct held		 held[ROUTE_PROBE_LINES];
	size_t			 nheld, replay;	/* replay < nheld: replaying */
	int			 replaying;
	size_t			 flushing;	/* 1 + the slot flushed next */

	struct progmap		 progs;		/* program names seen */
	struct slot		*owners[PM_SIZE];	/* their parsers */
	uintptr_t		 memos[PM_SIZE];	/* and memos */
	struct route_counts	 n;

	char			 format[64];
	char			 err[256];
};

struct route *
route_new(const struct route_opts *o)
{
	struct route		*r = xcalloc(1, sizeof(*r));
	const struct parser_ops	*ops;

	r->o = *o;
	r->env = env_new(o->year, o->ref_time, o->maxline);
	for (r->nslot = 0; r->nslot < ROUTE_PARSERS &&
	    (ops = parser_get(r->nslot)) != NULL; r->nslot++)
		r->slot[r->nslot].ops = ops;
	return r;
}

static void
held_clear(struct route *r)
{
	size_t	i;

	for (i = 0; i < r->nheld; i++)
		free(r->held[i].text);
	r->nheld = r->replay = 0;
	r->replaying = 0;
}

void
route_free(struct route *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nslot; i++)
		if (r->slot[i].st != NULL)
			r->slot[i].ops->close(r->slot[i].st);
	held_clear(r);
	env_free(r->env);
	free(r);
}

/* slot - the slot of ops, its parser opened. */
static struct slot *
slot(struct route *r, const struct parser_ops *ops)
{
	struct parser_opts	 po;
	struct slot		*s = NULL;
	size_t			 i;

	for (i = 0; i < r->nslot; i++)
		if (r->slot[i].ops == ops)
			s = &r->slot[i];
	if (s == NULL)
		return NULL;	/* not in the registry: a caller's bug */
	if (s->st == NULL) {
		memset(&po, 0, sizeof(po));
		po.file = r->o.file;
		po.year = r->o.year;
		po.ref_time = r->o.ref_time;
		s->st = ops->open(&po);
		s->pl = ops->plumb != NULL ? ops->plumb(s->st) : NULL;
	}
	return s;
}

/* claim - slot s took a line as its format. */
static void
claim(struct route *r, struct slot *s)
{
	(void)r;
	s->claimed = 1;
}

/* say - the verdict on a line: counted, and a line not used handed to
 * the caller. */
static void
say(struct route *r, struct slot *s, enum parse_result pr,
    unsigned long lineno, const char *text, size_t len, unsigned lines,
    const char *why)
{
	struct route_verdict	v;

	if (pr == PARSE_USED) {
		r->n.used += lines;
		if (s != NULL) {
			r->n.claimed += lines;
			if (!s->claimed)
				claim(r, s);
		}
		return;
	}
	/* A line without an envelope handed to the parser the held lines
	 * chose is that parser's, whatever it made of it: a file of
	 * garbage where one line looked like a transcript's is a
	 * transcript read almost in nothing, not a mail log read well. */
	v.claimed = s != NULL && (pr == PARSE_UNRECOGNIZED || s == r->native);
	if (pr == PARSE_IGNORED)
		r->n.ignored += lines;
	else
		r->n.unrecognized += lines;	/* also PARSE_ERROR */
	if (v.claimed) {
		r->n.claimed += lines;
		if (!s->claimed)
			claim(r, s);
	}
	v.lineno = lineno;
	v.text = text;
	v.len = len;
	v.r = pr;
	v.lines = lines;
	v.why = why;
	if (r->o.verdict != NULL)
		r->o.verdict(r->o.arg, &v);
}

/* feed - a line to the parser of slot s; its events are next()'s. */
static void
feed(struct route *r, struct slot *s, const char *text, size_t len,
    unsigned long lineno, unsigned lines)
{
	say(r, s, s->ops->push(s->st, text, len, lineno), lineno, text, len,
	    lines, NULL);
	r->cur = s;
}

/*
 * detect - the format of the held lines: replayed into its parser by
 * next(), or, when none is confident (and force), counted as ignored.
 */
static void
detect(struct route *r, int force)
{
	const char		*lines[ROUTE_PROBE_LINES];
	size_t			 lens[ROUTE_PROBE_LINES], i;
	const struct parser_ops	*ops;

	if (r->nheld == 0 || r->replaying)
		return;
	for (i = 0; i < r->nheld; i++) {
		lines[i] = r->held[i].text;
		lens[i] = r->held[i].len;
	}
	if ((ops = parser_detect(lines, lens, r->nheld)) != NULL) {
		r->native = slot(r, ops);
		r->replaying = 1;
		r->replay = 0;
		return;
	}
	if (!force)
		return;
	for (i = 0; i < r->nheld; i++)
		say(r, NULL, PARSE_IGNORED, r->held[i].lineno,
		    r->held[i].text, r->held[i].len, r->held[i].lines, NULL);
	held_clear(r);
}

/* native - a line without an envelope (text: the line, or what a
 * container wrapped). */
static void
native(struct route *r, const char *text, size_t len, unsigned long lineno,
    unsigned lines)
{
	struct held	*h;

	if (r->o.forced != NULL) {
		if (r->o.forced->probe == NULL)
			say(r, NULL, PARSE_IGNORED, lineno, text, len, lines,
			    NULL);
		else
			feed(r, slot(r, r->o.forced), text, len, lineno, lines);
		return;
	}
	if (r->native != NULL && !r->replaying) {
		feed(r, r->native, text, len, lineno, lines);
		return;
	}
	h = &r->held[r->nheld++];
	h->text = xstrndup(text, len);
	h->len = len;
	h->lineno = lineno;
	h->lines = lines;
	if (r->nheld == ROUTE_PROBE_LINES)
		detect(r, 1);
}

/* owned - the slot of the parser that owns program p[0..n), opened. */
static struct slot *
owned(struct route *r, const char *p, size_t n)
{
	const struct parser_ops	*ops = parser_owner(p, n);

	return ops != NULL && ops->push_rec != NULL ? slot(r, ops) : NULL;
}

/*
 * owner - the slot of the parser that owns program p[0..n) (n > 0; its
 * parser opened), or NULL: remembered per name.  Always inline: a call's
 * register saves cost what the lookup costs.
 */
static inline __attribute__((always_inline)) struct slot *
owner(struct route *r, const char *p, size_t n, uintptr_t **memo)
{
	int	i, fresh;

	if ((i = pm_find(&r->progs, p, n, &fresh)) < 0) {
		*memo = NULL;
		return owned(r, p, n);
	}
	if (fresh) {
		r->owners[i] = owned(r, p, n);
		r->memos[i] = 0;
	}
	*memo = &r->memos[i];
	return r->owners[i];
}

/* enveloped - a line with an envelope, to the parser of its program. */
static void
enveloped(struct route *r, const struct env_rec *rec, const char *line,
    size_t len, unsigned long lineno)
{
	struct slot	*s = NULL;
	uintptr_t	*memo = NULL;
	size_t		 n = rec->sp.pe - rec->sp.ps;

	if (n > 0)
		s = owner(r, rec->text + rec->sp.ps, n, &memo);
	if (s == NULL || (r->o.forced != NULL && s->ops != r->o.forced)) {
		say(r, NULL, PARSE_IGNORED, lineno, line, len, rec->lines,
		    NULL);
		return;
	}
	r->cur = s;
	say(r, s, s->ops->push_rec(s->st, rec, memo, lineno), lineno, line,
	    len, rec->lines, NULL);
}

/* one - what env_read() or env_end() made of a line. */
static void
one(struct route *r, enum env_result er, const struct env_rec *rec,
    const char *line, size_t len, unsigned long lineno)
{
	switch (er) {
	case ENV_R_OK:
		enveloped(r, rec, line, len, lineno);
		break;
	case ENV_R_BAD:
		say(r, NULL, PARSE_UNRECOGNIZED, lineno, line, len, rec->lines,
		    rec->why);
		break;
	case ENV_R_NONE:
		native(r, rec->text, rec->len, lineno, rec->lines);
		break;
	case ENV_R_HELD:
		break;		/* said with the line that completes it */
	}
}

/*
 * slow - a line the fast path of route_push() did not finish: its parser
 * s did not use it (pr: counted, shown), or it went no further than
 * env_read() (s NULL).  Out of line, so that the fast path stays small.
 */
static void __attribute__((noinline))
slow(struct route *r, enum env_result er, const struct env_rec *rec,
    const char *line, size_t len, unsigned long lineno, struct slot *s,
    enum parse_result pr)
{
	if (s != NULL)
		say(r, s, pr, lineno, line, len, rec->lines, NULL);
	else
		one(r, er, rec, line, len, lineno);
}

void
route_push(struct route *r, const char *line, size_t len,
    unsigned long lineno)
{
	struct env_rec		 rec;
	struct slot		*s;
	uintptr_t		*memo;
	enum env_result		 er;
	enum parse_result	 pr = PARSE_USED;

	r->cur = NULL;
	r->lastline = lineno;
	if (r->o.forced != NULL && r->o.forced->owns == NULL) {
		/* A transcript: its lines are never enveloped. */
		feed(r, slot(r, r->o.forced), line, len, lineno, 1);
		return;
	}
	er = env_read(r->env, line, len, &rec);
	/* Most lines: an envelope, a program with its parser, used. */
	if (er == ENV_R_OK && rec.sp.pe > rec.sp.ps && r->o.forced == NULL &&
	    (s = owner(r, rec.text + rec.sp.ps, rec.sp.pe - rec.sp.ps,
	    &memo)) != NULL && s->claimed) {
		r->cur = s;
		if ((pr = s->ops->push_rec(s->st, &rec, memo, lineno)) ==
		    PARSE_USED) {
			r->n.used += rec.lines;
			r->n.claimed += rec.lines;
		} else
			slow(r, er, &rec, line, len, lineno, s, pr);
		return;
	}
	/* And in Exim's own log: no envelope, its parser known. */
	if (er == ENV_R_NONE && (s = r->native) != NULL && !r->replaying &&
	    r->o.forced == NULL && s->claimed) {
		r->cur = s;
		if ((pr = s->ops->push(s->st, rec.text, rec.len, lineno)) ==
		    PARSE_USED) {
			r->n.used += rec.lines;
			r->n.claimed += rec.lines;
		} else
			say(r, s, pr, lineno, rec.text, rec.len, rec.lines,
			    NULL);
		return;
	}
	slow(r, er, &rec, line, len, lineno, NULL, pr);
}

/* failed - the parser that read the line failed: say which, -1. */
static int
failed(struct route *r)
{
	snprintf(r->err, sizeof(r->err), "%s: %s", r->cur->ops->name,
	    r->cur->ops->error(r->cur->st));
	r->cur = NULL;
	return -1;
}

/*
 * current - the next event of the parser that read the last line: 1, or
 * 0 when it has none left (then no parser has one), or -1.  Inline: it is
 * on every line's path.
 */
static inline __attribute__((always_inline)) int
current(struct route *r, const struct smtp_event **ev)
{
	int	rc;

	if ((rc = r->cur->ops->next(r->cur->st, ev)) > 0)
		return rc;
	if (rc < 0)
		return failed(r);
	r->cur = NULL;
	return 0;
}

/*
 * later - what comes after the line's own events: lines held for
 * detection replayed into their parser, and at the end of the input the
 * partial lines, the held lines and the parsers' flushes; each of their
 * events in turn.
 */
static int
later(struct route *r, const struct smtp_event **ev)
{
	struct env_rec	 rec;
	enum env_result	 er;
	struct held	*h;
	struct slot	*s;
	int		 rc;

	for (;;) {
		if (r->cur != NULL && (rc = current(r, ev)) != 0)
			return rc;
		if (r->replaying) {
			if (r->replay < r->nheld) {
				h = &r->held[r->replay++];
				feed(r, r->native, h->text, h->len, h->lineno,
				    h->lines);
				continue;
			}
			held_clear(r);
		}
		if (r->ending == 1) {
			/* Partial lines still held are read as they are,
			 * one at a time: each may make events. */
			if (env_end(r->env, &rec, &er)) {
				one(r, er, &rec, rec.text, rec.len,
				    r->lastline);
				continue;
			}
			r->ending = 2;
			detect(r, 1);
			continue;
		}
		if (r->ending == 2) {
			r->ending = 3;
			r->flushing = 1;
		}
		if (r->flushing > 0 && r->flushing <= r->nslot) {
			s = &r->slot[r->flushing++ - 1];
			if (s->st != NULL) {
				s->ops->flush(s->st);
				r->cur = s;
			}
			continue;
		}
		return 0;
	}
}

/* next_else - route_next() where the plumb does not answer: a parser
 * without one, the lines replayed, the end of the input. */
static int __attribute__((noinline))
next_else(struct route *r, const struct smtp_event **ev)
{
	int	rc;

	if (r->cur != NULL && (rc = current(r, ev)) != 0)
		return rc;
	if (!r->replaying && r->ending == 0)
		return 0;
	return later(r, ev);
}

int
route_next(struct route *r, const struct smtp_event **ev)
{
	const struct plumb	*pl;

	/* After a push, a parser with a plumb gives the plumb's events,
	 * each a 1, then 0 (parser.h, plumb): a tail call, or no call. */
	if (r->cur != NULL && (pl = r->cur->pl) != NULL && r->ending == 0) {
		if (pl->evpos < pl->nev)
			return r->cur->ops->next(r->cur->st, ev);
		r->cur = NULL;
		if (!r->replaying)
			return 0;	/* after most lines */
	}
	return next_else(r, ev);
}

const struct plumb *
route_plumb(const struct route *r)
{
	return r->cur != NULL ? r->cur->pl : NULL;
}

void
route_detect(struct route *r)
{
	detect(r, 0);
}

void
route_end(struct route *r)
{
	r->cur = NULL;
	if (r->ending == 0)
		r->ending = 1;
}

const char *
route_format(struct route *r)
{
	size_t	i, n = 0;

	if (r->o.forced != NULL)
		return r->o.forced->name;
	r->format[0] = '\0';
	for (i = 0; i < r->nslot; i++)
		if (r->slot[i].claimed && n < sizeof(r->format))
			n += (size_t)snprintf(r->format + n,
			    sizeof(r->format) - n, "%s%s", n > 0 ? "+" : "",
			    r->slot[i].ops->name);
	return n > 0 ? r->format : NULL;
}

const struct route_counts *
route_counts(const struct route *r)
{
	return &r->n;
}

const char *
route_error(const struct route *r)
{
	return r->err;
}

int
route_year(const struct route *r)
{
	return env_year(r->env);
}
