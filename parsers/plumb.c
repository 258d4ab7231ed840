/*
 * plumb.c - a parser's per-line work area: the line's copy, the arena of
 * derived strings and the events of the line (see plumb.h).  The parsers
 * decide what goes in; this file only keeps it and hands it out.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/*
 * ev_zero - all of *ev zero, 16 bytes a store: a compound literal or
 * memset() of the 320 bytes became "rep stosq", which costs one
 * instruction for each of its 40 words.
 */
static inline void
ev_zero(struct smtp_event *ev)
{
#ifdef __SSE2__
	char	*d = (char *)ev;
	__m128i	 z = _mm_setzero_si128();
	size_t	 i;

#pragma GCC unroll 32
	for (i = 0; i + 16 <= sizeof(*ev); i += 16)
		_mm_storeu_si128((__m128i *)(d + i), z);
	for (; i < sizeof(*ev); i++)
		d[i] = 0;
#else
	memset(ev, 0, sizeof(*ev));
#endif
}

/* fill - ev as plumb_event() hands it out. */
static inline __attribute__((always_inline)) struct smtp_event *
fill(struct smtp_event *ev, const struct plumb *p, enum ev_kind kind)
{
	ev_zero(ev);
	ev->kind = kind;
	ev->file = p->file;
	ev->when = p->at.when;
	ev->usec = p->at.usec;
	ev->line = p->at.line;
	ev->host = p->at.host;
	ev->program = p->at.program;
	ev->pid = p->at.pid;
	return ev;
}

/* beyond - plumb_event() past the room there is: the scratch event past
 * max_events, else one more of a grown array.  Out of line, so that
 * plumb_event() makes no call and saves no registers. */
static struct smtp_event * __attribute__((noinline))
beyond(struct plumb *p, enum ev_kind kind)
{
	if (p->maxev > 0)
		return fill(&p->junk, p, kind);
	p->evcap = p->evcap ? p->evcap * 2 : 8;
	p->ev = xreallocarray(p->ev, p->evcap, sizeof(*p->ev));
	return fill(&p->ev[p->nev++], p, kind);
}

struct smtp_event *
plumb_event(struct plumb *p, enum ev_kind kind)
{
	if (p->nev >= p->evcap)
		return beyond(p, kind);
	return fill(&p->ev[p->nev++], p, kind);
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
