/*
 * plumb.c - a parser's per-line work area: the line's copy, the arena of
 * derived strings and the events of the line (see plumb.h).  The parsers
 * decide what goes in; this file only keeps it and hands it out.
 */
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "plumb.h"
#include "lib/xmalloc.h"

void
plumb_init(struct plumb *p, const char *file, size_t arena_min,
    size_t max_events)
{
	memset(p, 0, sizeof(*p));
	p->file = xstrdup_or_null(file);
	p->at.pid = -1;
	p->amin = arena_min;
	p->acap = arena_min;
	p->arena = xmalloc(p->acap);
	p->maxev = max_events;
	if (max_events > 0) {
		p->evcap = max_events;
		p->ev = xcalloc(max_events, sizeof(*p->ev));
	}
}

void
plumb_free(struct plumb *p)
{
	if (p == NULL)
		return;
	free(p->file);
	free(p->line);
	free(p->arena);
	free(p->ev);
	memset(p, 0, sizeof(*p));
}

void
plumb_reset(struct plumb *p)
{
	p->nev = p->evpos = 0;
	p->alen = 0;
	p->gen++;
}

/* grow - make *buf hold at least need bytes; its content is not kept. */
static void
grow(char **buf, size_t *cap, size_t need)
{
	if (*cap >= need)
		return;
	free(*buf);
	*buf = xmalloc(need);
	*cap = need;
}

char *
plumb_grow(struct plumb *p, size_t len, int nul)
{
	grow(&p->line, &p->linecap, len + (size_t)nul);
	grow(&p->arena, &p->acap, 4 * len + p->amin);
	return p->line;
}

struct smtp_event *
plumb_event(struct plumb *p, enum ev_kind kind)
{
	struct smtp_event	*ev;

	if (p->nev < p->evcap)
		ev = &p->ev[p->nev++];
	else if (p->maxev > 0)
		ev = &p->junk;
	else {
		p->evcap = p->evcap ? p->evcap * 2 : 8;
		p->ev = xreallocarray(p->ev, p->evcap, sizeof(*p->ev));
		ev = &p->ev[p->nev++];
	}
	/* A compound literal: the compiler zeroes the rest in line. */
	*ev = (struct smtp_event){
		.kind = kind,
		.file = p->file,
		.when = p->at.when,
		.usec = p->at.usec,
		.line = p->at.line,
		.host = p->at.host,
		.program = p->at.program,
		.pid = p->at.pid,
	};
	return ev;
}

void
plumb_drop(struct plumb *p)
{
	if (p->nev > p->evpos)
		p->nev--;
}

char *
plumb_save(struct plumb *p, const char *s, size_t n)
{
	return lex_save(p->arena, p->acap, &p->alen, s, n);
}

const char *
plumb_cat(struct plumb *p, const char *a, const char *b, const char *c)
{
	return lex_cat(p->arena, p->acap, &p->alen, a, b, c);
}
