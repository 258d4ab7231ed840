/*
 * trace_store.c - the memory of a trace's objects: chunks that hold an
 * object's steps and strings (freed with the object, never one by one),
 * the steps made from events, and what an event teaches about its object.
 */
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"
#include "lib/xmalloc.h"

#define WHAT_MAX	2048

/* trace_chunk_alloc - n bytes (aligned to 16) from o's chunks. */
void *
trace_chunk_alloc(struct trace_obj *o, size_t n)
{
	struct trace_chunk	*c = o->chunks;
	void			*p;
	size_t			 cap;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->cap - c->used < n) {
		/* Most objects are small and short-lived: start small. */
		cap = c == NULL ? TRACE_CHUNK_FIRST : c->cap * 2;
		if (cap > TRACE_CHUNK_MAX)
			cap = TRACE_CHUNK_MAX;
		if (cap < n)
			cap = n;
		c = xmalloc(sizeof(*c) + cap);
		c->embedded = 0;
		c->used = 0;
		c->cap = cap;
		c->next = o->chunks;
		o->chunks = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

/* trace_cstr - a copy of s in o's chunks. */
const char *
trace_cstr(struct trace_obj *o, const char *s)
{
	size_t	n = strlen(s) + 1;
	char	*p;

	p = trace_chunk_alloc(o, n);
	memcpy(p, s, n);
	return p;
}

void
trace_set(struct trace_obj *o, const char **dst, const char *s)
{
	if (s == NULL || (*dst != NULL && strcmp(*dst, s) == 0))
		return;
	*dst = trace_cstr(o, s);
}

void
trace_set_once(struct trace_obj *o, const char **dst, const char *s)
{
	if (*dst == NULL && s != NULL)
		*dst = trace_cstr(o, s);
}

void
trace_obj_free(struct trace_obj *o)
{
	struct trace_chunk	*c, *next;

	for (c = o->chunks; c != NULL; c = next) {
		next = c->next;
		if (!c->embedded)
			free(c);
	}
	free(o);	/* with its first chunk and first group */
}

/* copy - s into the block at *p; returns where it went, or NULL. */
static const char *
copy(char **p, const char *s)
{
	char	*r = *p;
	size_t	 n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(r, s, n);
	*p += n;
	return r;
}

void
trace_step_add(struct trace_obj *o, const struct smtp_event *ev,
    unsigned long long seq, const char *file, const char *program)
{
	struct trace_group	*g = o->group;
	struct trace_step	*s;
	char			 what[WHAT_MAX], *p;
	size_t			 n, wlen;

	if (g->nsteps >= TRACE_MAX_STEPS) {
		g->hidden++;
		return;
	}
	wlen = trace_what(ev, what, sizeof(what));
	n = sizeof(*s) + wlen + 1;
	if (ev->enhanced != NULL)
		n += strlen(ev->enhanced) + 1;
	if (ev->status != NULL)
		n += strlen(ev->status) + 1;
	if (ev->dsn != NULL)
		n += strlen(ev->dsn) + 1;
	s = trace_chunk_alloc(o, n);
	p = (char *)(s + 1);
	s->seq = seq;
	s->when = ev->when;
	s->usec = ev->usec;
	s->file = file;
	s->line = ev->line;
	s->program = program;
	s->obj = o;
	s->kind = ev->kind;
	s->dir = ev->dir;
	s->code = ev->code;
	s->what = p;
	memcpy(p, what, wlen + 1);
	p += wlen + 1;
	s->enhanced = copy(&p, ev->enhanced);
	s->status = copy(&p, ev->status);
	s->dsn = copy(&p, ev->dsn);
	s->next = NULL;
	if (o->stail != NULL)
		o->stail->next = s;
	else
		o->shead = s;
	o->stail = s;
	o->nsteps++;
	g->nsteps++;
}

/* trace_learn - what the event says about its object. */
void
trace_learn(struct trace_obj *o, const struct smtp_event *ev)
{
	/* Past its story's step cap an object stops learning what changes
	 * (HELO, status): each change would take memory again. */
	int	capped = o->group != NULL && o->group->hidden > 0;

	if (ev->when != 0) {
		if (o->first == 0)
			o->first = ev->when;
		o->last = ev->when;
	}
	if (o->client_ip == NULL && ev->client_ip != NULL) {
		trace_set(o, &o->client_name, ev->client_name);
		trace_set(o, &o->client_ip, ev->client_ip);
	}
	if (ev->kind == EV_HELO && !capped)
		trace_set(o, &o->helo, ev->arg != NULL ? ev->arg : ev->helo);
	else
		trace_set_once(o, &o->helo, ev->helo);
	if (!o->is_msg)
		return;
	if (ev->kind == EV_MSG_INFO || ev->kind == EV_MSG_QUEUED)
		trace_set_once(o, &o->from, ev->from);
	if (ev->kind == EV_DELIVERY) {
		o->deliveries++;
		trace_set_once(o, &o->to, ev->to);
		if (!capped)
			trace_set(o, &o->status, ev->status);
	}
}

