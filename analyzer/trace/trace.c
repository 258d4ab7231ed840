/*
 * trace.c - the stories of a trace: per-object timelines of the open
 * sessions and messages, linked into groups, kept when the query matches,
 * dropped when every object of an unmatched group has closed.  See trace.h.
 *
 * An object's close is finished at the start of the next event (or by
 * trace_finish), not at once: the session builder emits the findings it
 * held for a session while it handles the closing event, after the tap,
 * and trace_emit must still find the session then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "trace_int.h"
#include "lib/xmalloc.h"


struct trace {
	struct trace_query	*q;
	struct htab		*sessions;	/* session_key -> open obj */
	struct htab		*messages;	/* message_key -> open obj */
	struct htab		*msgids;	/* Message-ID -> open msg */
	struct htab		*strings;	/* interned names */
	struct trace_obj	*lru_head, *lru_tail;	/* oldest first */
	size_t			 nopen;
	struct trace_obj	**closing;
	size_t			 nclosing, capclosing;
	struct trace_group	*groups;
	unsigned long long	 seq;
	unsigned long		 evicted;
	/* the last event: its findings come while the builder handles it */
	const char		*last_file;
	unsigned long		 last_line;
	struct trace_obj	*last_obj;
	const char		*file_raw, *file;	/* intern cache */
	const char		*progs[8];	/* recent programs, interned */
	unsigned		 nextprog;
};

struct trace *
trace_new(struct trace_query *q)
{
	struct trace	*t = xcalloc(1, sizeof(*t));

	t->q = q;
	t->sessions = htab_new();
	t->messages = htab_new();
	t->msgids = htab_new();
	t->strings = htab_new();
	return t;
}

static const char *
intern(struct trace *t, const char *s)
{
	char	*v;

	if (s == NULL)
		return NULL;
	if ((v = htab_get(t->strings, s)) == NULL) {
		v = xstrdup(s);
		htab_put(t->strings, s, v);
	}
	return v;
}

/* program - intern(s) through a few recent ones: a log has few programs,
 * and a compare is cheaper than a hash lookup. */
static const char *
program(struct trace *t, const char *s)
{
	size_t	i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < 8 && t->progs[i] != NULL; i++)
		if (strcmp(t->progs[i], s) == 0)
			return t->progs[i];
	t->progs[t->nextprog++ % 8] = intern(t, s);
	return t->progs[(t->nextprog - 1) % 8];
}


/* LRU of open objects: the tail is the most recently active. */
static void
lru_unlink(struct trace *t, struct trace_obj *o)
{
	if (o->lprev != NULL)
		o->lprev->lnext = o->lnext;
	else if (t->lru_head == o)
		t->lru_head = o->lnext;
	if (o->lnext != NULL)
		o->lnext->lprev = o->lprev;
	else if (t->lru_tail == o)
		t->lru_tail = o->lprev;
	o->lprev = o->lnext = NULL;
}

static void
lru_push(struct trace *t, struct trace_obj *o)
{
	o->lprev = t->lru_tail;
	o->lnext = NULL;
	if (t->lru_tail != NULL)
		t->lru_tail->lnext = o;
	else
		t->lru_head = o;
	t->lru_tail = o;
}

static void
group_unlink(struct trace *t, struct trace_group *g)
{
	if (g->prev != NULL)
		g->prev->next = g->next;
	else
		t->groups = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
}

/* group_free - a group whose objects have all closed (or the end). */
static void
group_free(struct trace *t, struct trace_group *g)
{
	struct trace_obj	*o, *next;
	struct trace_fnd	*f, *fn;

	group_unlink(t, g);
	for (f = g->fhead; f != NULL; f = fn) {
		fn = f->next;
		free(f->f);
		free(f);
	}
	/* g may live in one of its objects' blocks: last use of g here. */
	o = g->head;
	if (!g->embedded)
		free(g);
	for (; o != NULL; o = next) {
		next = o->gnext;
		trace_obj_free(o);
	}
}

/* The block of a new object: the object, its first group, its first
 * chunk; one allocation, since most objects stay small. */
#define ALIGN16(n)	(((n) + 15) & ~(size_t)15)
#define BLOCK_GROUP	ALIGN16(sizeof(struct trace_obj))
#define BLOCK_CHUNK	(BLOCK_GROUP + ALIGN16(sizeof(struct trace_group)))

/*
 * obj_new - an open object under key, alone in a new group.  Sessions get
 * the id the session builder gives them ("KEY@FILE:LINE" of the first
 * event), by which findings name them.
 */
static struct trace_obj *
obj_new(struct trace *t, int is_msg, const char *key, const char *label,
    const struct smtp_event *ev)
{
	char			*block = xmalloc(BLOCK_CHUNK +
				    sizeof(struct trace_chunk) + TRACE_CHUNK_FIRST);
	struct trace_obj	*o = (struct trace_obj *)block;
	struct trace_group	*g = (struct trace_group *)(block + BLOCK_GROUP);
	struct trace_chunk	*c = (struct trace_chunk *)(block + BLOCK_CHUNK);
	size_t			 n;

	memset(o, 0, sizeof(*o));
	memset(g, 0, sizeof(*g));
	g->embedded = 1;
	c->next = NULL;
	c->used = 0;
	c->cap = TRACE_CHUNK_FIRST;
	c->embedded = 1;
	o->chunks = c;

	o->is_msg = is_msg;
	o->open = 1;
	o->key = trace_cstr(o, key);
	o->label = label != NULL ? trace_cstr(o, label) : o->key;
	o->first = ev->when;
	o->first_seq = t->seq;
	if (!is_msg) {
		const char	*file = ev->file != NULL ? ev->file : "-";

		char		 num[24], *q = num + sizeof(num);
		unsigned long	 line = ev->line;
		size_t		 kl = strlen(key), fl = strlen(file), nl;

		/* "KEY@FILE:LINE" by hand, as the session builder does. */
		*--q = '\0';
		do
			*--q = (char)('0' + line % 10);
		while ((line /= 10) != 0);
		nl = strlen(q);
		char		*sid;

		n = kl + 1 + fl + 1 + nl + 1;
		sid = trace_chunk_alloc(o, n);
		memcpy(sid, key, kl);
		sid[kl] = '@';
		memcpy(sid + kl + 1, file, fl);
		sid[kl + 1 + fl] = ':';
		memcpy(sid + kl + fl + 2, q, nl + 1);
		/* Cut as the session builder cuts its ids (session.c idcat,
		 * 1024 bytes with the NUL), so that findings find it. */
		if (n > 1024)
			sid[1023] = '\0';
		o->sid = sid;
	}
	htab_put(is_msg ? t->messages : t->sessions, key, o);
	g->head = g->tail = o;
	g->nobj = g->nopen = 1;
	g->next = t->groups;
	if (t->groups != NULL)
		t->groups->prev = g;
	t->groups = g;
	o->group = g;
	lru_push(t, o);
	t->nopen++;
	return o;
}

/* obj_link - one story from now on: the smaller group joins the larger. */
static void
obj_link(struct trace *t, struct trace_obj *a, struct trace_obj *b)
{
	struct trace_group	*ga = a->group, *gb = b->group, *tmp;
	struct trace_obj	*o;

	if (ga == gb)
		return;
	if (gb->nobj > ga->nobj) {
		tmp = ga;
		ga = gb;
		gb = tmp;
	}
	for (o = gb->head; o != NULL; o = o->gnext)
		o->group = ga;
	ga->tail->gnext = gb->head;
	ga->tail = gb->tail;
	ga->nobj += gb->nobj;
	ga->nopen += gb->nopen;
	ga->nsteps += gb->nsteps;
	ga->hidden += gb->hidden;
	ga->matched |= gb->matched;
	if (gb->fhead != NULL) {
		if (ga->ftail != NULL)
			ga->ftail->next = gb->fhead;
		else
			ga->fhead = gb->fhead;
		ga->ftail = gb->ftail;
	}
	group_unlink(t, gb);
	if (!gb->embedded)
		free(gb);
}

/* obj_close - the object ends: no event reaches it by its key any more;
 * the rest waits for finalize(). */
static void
obj_close(struct trace *t, struct trace_obj *o, int well)
{
	struct htab		*h = o->is_msg ? t->messages : t->sessions;
	struct trace_obj	*other;

	if (!o->open)
		return;
	o->open = 0;
	o->closed_well = well;
	if ((other = htab_del(h, o->key)) != o && other != NULL)
		htab_put(h, o->key, other);	/* not its entry: put back */
	lru_unlink(t, o);
	t->nopen--;
	if (t->nclosing == t->capclosing) {
		t->capclosing = t->capclosing ? 2 * t->capclosing : 16;
		t->closing = xreallocarray(t->closing, t->capclosing,
		    sizeof(*t->closing));
	}
	t->closing[t->nclosing++] = o;
}

/* finalize - the closes of the last event: drop unmatched stories that
 * nothing open holds any more. */
static void
finalize(struct trace *t)
{
	struct trace_obj	*o, *other;
	struct trace_group	*g;
	size_t			 i;

	for (i = 0; i < t->nclosing; i++) {
		o = t->closing[i];
		if (o->message_id != NULL && (other = htab_del(t->msgids,
		    o->message_id)) != o && other != NULL)
			htab_put(t->msgids, o->message_id, other);
		g = o->group;
		if (--g->nopen == 0 && !g->matched)
			group_free(t, g);
	}
	t->nclosing = 0;
	t->last_obj = NULL;
}

static int
session_kind(enum ev_kind k)
{
	switch (k) {
	case EV_CONNECT:
	case EV_GREETING:
	case EV_REPLY:
	case EV_REJECT:
	case EV_HELO:
	case EV_COMMAND:
	case EV_NOTE:
	case EV_DISCONNECT:
		return 1;
	default:
		return 0;
	}
}

/* message_id - m carries Message-ID mid: the messages that share it are
 * one story (a content filter's re-injection, a relay's next hop). */
static void
message_id(struct trace *t, struct trace_obj *m, const char *mid)
{
	struct trace_obj	*other;

	if (m->message_id != NULL)
		return;
	m->message_id = trace_cstr(m, mid);
	if ((other = htab_get(t->msgids, mid)) != NULL && other != m)
		obj_link(t, m, other);
	htab_put(t->msgids, mid, m);
}

static struct trace_obj *
message_get(struct trace *t, const char *key, const char *qid,
    const struct smtp_event *ev)
{
	struct trace_obj	*m;

	if ((m = htab_get(t->messages, key)) != NULL)
		return m;
	return obj_new(t, 1, key, qid, ev);
}

static void
touch(struct trace *t, struct trace_obj *o)
{
	if (o != NULL && o->open && t->lru_tail != o) {
		lru_unlink(t, o);
		lru_push(t, o);
	}
}

void
trace_tap(void *arg, const struct smtp_event *ev)
{
	struct trace		*t = arg;
	struct trace_obj	*s = NULL, *m = NULL, *n = NULL, *owner;

	finalize(t);
	t->seq++;
	if (ev->session_key != NULL) {
		s = htab_get(t->sessions, ev->session_key);
		if (s != NULL && ev->kind == EV_CONNECT) {
			obj_close(t, s, 0);
			s = NULL;
		}
		if (s == NULL && session_kind(ev->kind)) {
			s = obj_new(t, 0, ev->session_key, NULL, ev);
			/* complete as the session builder says it */
			s->connected = ev->kind == EV_CONNECT;
		}
	}
	if (ev->message_key != NULL)
		m = message_get(t, ev->message_key, ev->queue_id, ev);
	if (ev->kind == EV_BOUNCE && ev->related_key != NULL) {
		n = message_get(t, ev->related_key, ev->related_id, ev);
		trace_set_once(n, &n->bounce_of, ev->queue_id);
		if (m != NULL)
			obj_link(t, m, n);
		touch(t, n);
	}
	if (s != NULL && m != NULL) {
		obj_link(t, s, m);
		trace_set_once(m, &m->session_sid, s->sid);
		trace_set_once(m, &m->client_name, s->client_name);
		trace_set_once(m, &m->client_ip, s->client_ip);
	}
	owner = s != NULL && (session_kind(ev->kind) || m == NULL) ? s : m;
	if (owner == NULL)
		return;
	if (ev->file != t->file_raw || t->file == NULL ||
	    strcmp(ev->file, t->file) != 0) {
		t->file_raw = ev->file;
		t->file = intern(t, ev->file != NULL ? ev->file : "-");
	}
	trace_step_add(owner, ev, t->seq, t->file, program(t, ev->program));
	trace_learn(owner, ev);
	if (m != NULL && ev->message_id != NULL)
		message_id(t, m, ev->message_id);
	if (trace_query_match(t->q, ev)) {
		owner->matched = 1;
		owner->group->matched = 1;
	}
	touch(t, s);
	touch(t, m);
	t->last_file = t->file;	/* interned: the parser frees ev->file */
	t->last_line = ev->line;
	t->last_obj = owner;
	if (ev->kind == EV_DISCONNECT && s != NULL)
		obj_close(t, s, 1);
	if (ev->kind == EV_MSG_REMOVED && m != NULL)
		obj_close(t, m, 1);
	while (t->nopen > TRACE_MAX_OPEN && t->lru_head != NULL) {
		t->lru_head->evicted = 1;
		t->evicted++;
		obj_close(t, t->lru_head, 0);
	}
}

/*
 * find_session - the open or closing session whose id is sid
 * ("KEY@FILE:LINE"): the key is sid up to one of its '@'.
 */
static struct trace_obj *
find_session(struct trace *t, const char *sid)
{
	struct trace_obj	*o;
	const char		*at;
	char			 key[1024];
	size_t			 i;

	for (i = 0; i < t->nclosing; i++)
		if (t->closing[i]->sid != NULL &&
		    strcmp(t->closing[i]->sid, sid) == 0)
			return t->closing[i];
	for (at = strchr(sid, '@'); at != NULL; at = strchr(at + 1, '@')) {
		if ((size_t)(at - sid) >= sizeof(key))
			break;
		memcpy(key, sid, (size_t)(at - sid));
		key[at - sid] = '\0';
		if ((o = htab_get(t->sessions, key)) != NULL && o->sid != NULL &&
		    strcmp(o->sid, sid) == 0)
			return o;
	}
	return NULL;
}

int
trace_emit(void *arg, const struct finding *f)
{
	struct trace		*t = arg;
	struct trace_obj	*o = NULL;
	struct trace_fnd	*fn;
	struct trace_group	*g;

	if (t->last_obj != NULL && f->line == t->last_line &&
	    f->file != NULL && t->last_file != NULL &&
	    strcmp(f->file, t->last_file) == 0)
		o = t->last_obj;
	else if (f->session_id != NULL)
		o = find_session(t, f->session_id);
	if (o == NULL)
		return 0;
	g = o->group;
	/* Bounded like the steps: a finding past the cap is counted with
	 * the steps not shown. */
	if (g->nfindings >= TRACE_MAX_STEPS) {
		g->hidden++;
		return 0;
	}
	g->nfindings++;
	fn = xcalloc(1, sizeof(*fn));
	fn->f = finding_dup(f);
	if (g->ftail != NULL)
		g->ftail->next = fn;
	else
		g->fhead = fn;
	g->ftail = fn;
	return 0;
}

void
trace_finish(struct trace *t)
{
	finalize(t);
	while (t->lru_head != NULL)
		obj_close(t, t->lru_head, 0);
	finalize(t);
}

size_t
trace_nmatches(const struct trace *t)
{
	const struct trace_group	*g;
	size_t				 n = 0;

	for (g = t->groups; g != NULL; g = g->next)
		n += g->matched != 0;
	return n;
}

const struct trace_group *
trace_groups(const struct trace *t)
{
	return t->groups;
}

const struct trace_query *
trace_get_query(const struct trace *t)
{
	return t->q;
}

unsigned long
trace_evicted(const struct trace *t)
{
	return t->evicted;
}

void
trace_free(struct trace *t)
{
	if (t == NULL)
		return;
	while (t->groups != NULL)
		group_free(t, t->groups);
	htab_free(t->sessions, NULL);
	htab_free(t->messages, NULL);
	htab_free(t->msgids, NULL);
	htab_free(t->strings, free);
	free(t->closing);
	trace_query_free(t->q);
	free(t);
}
