/*
 * session_mem.c - what the session builder's open records cost: the heap
 * of the sessions holding findings (the oldest held, at once) and the
 * bytes charged to the memory budget, with the record to close when over
 * it.  Closing records and counting is session.c's job.
 */
#include <stdlib.h>
#include <string.h>

#include "session_int.h"
#include "smtpstate.h"
#include "lib/xmalloc.h"

/* held_set - put s at place i (0-based) of the heap. */
static void
held_set(struct sess_table *t, size_t i, struct session *s)
{
	t->held[i] = s;
	s->hpos = i + 1;
}

/* held_sift - move the entry at i up or down to its place. */
static void
held_sift(struct sess_table *t, size_t i)
{
	struct session	*s = t->held[i];
	size_t		 c;

	while (i > 0 && t->held[(i - 1) / 2]->hwhen > s->hwhen) {
		held_set(t, i, t->held[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	while ((c = 2 * i + 1) < t->nheld) {
		if (c + 1 < t->nheld && t->held[c + 1]->hwhen <
		    t->held[c]->hwhen)
			c++;
		if (t->held[c]->hwhen >= s->hwhen)
			break;
		held_set(t, i, t->held[c]);
		i = c;
	}
	held_set(t, i, s);
}

/*
 * smem_held - after s's held findings changed: its key is the time of
 * the first that has one (they are held in arrival order); in the heap
 * when there is one, out of it when not.
 */
void
smem_held(struct sess_table *t, struct session *s)
{
	time_t	when = 0;
	size_t	i;

	for (i = 0; i < s->npend && when == 0; i++)
		when = s->pend[i]->when;
	if (when == 0 && s->hpos != 0) {
		i = s->hpos - 1;
		s->hpos = 0;
		if (i != --t->nheld) {
			t->held[i] = t->held[t->nheld];
			held_sift(t, i);
		}
	} else if (when != 0 && s->hpos == 0) {
		if (t->nheld == t->capheld) {
			t->capheld = t->capheld ? t->capheld * 2 : 64;
			t->held = xreallocarray(t->held, t->capheld,
			    sizeof(*t->held));
		}
		s->hwhen = when;
		t->held[t->nheld++] = s;
		held_sift(t, t->nheld - 1);
	} else if (when != 0 && when != s->hwhen) {
		s->hwhen = when;
		held_sift(t, s->hpos - 1);
	}
}

time_t
smem_oldest(const struct sess_table *t)
{
	return t->nheld > 0 ? t->held[0]->hwhen : 0;
}

/*
 * The memory budget.  A record's bytes are estimated from what it holds:
 * the record, its table entry (a 128-byte pooled entry and its share of
 * the bucket array; a long key is allocated beside it), the strings too
 * long for their room, the dialogue state and the findings held.  Each
 * record is charged again after an event used it; beyond the budget the
 * least recently used records go, sessions and messages alike.
 */
#define ENTRY_COST	144
#define ALLOC_COST	16	/* malloc's own bytes per allocation */

/* spill_cost - the bytes of a string held out of its record's room. */
static size_t
spill_cost(const char *p)
{
	return strlen(p) + 1 + ALLOC_COST;
}

static inline int
spilled(const struct shortstr *k)
{
	return k->p != NULL && k->p != k->buf;
}

static inline size_t
key_cost(const struct htab_key *k)
{
	return k->len >= 100 ? k->len + 1 + ALLOC_COST : 0;
}

/*
 * What a record holds outside it, findings aside, part by part as
 * X(held, bytes).  The usual record holds none of them: session_cost()
 * tests each inline and sums the record without them, and leaves the
 * record that holds one to a call (session_sum_out()), one formula both.
 */
#define SESSION_OUT(X, s)						\
	X(spilled(&(s)->client_name), spill_cost((s)->client_name.p))	\
	X(spilled(&(s)->client_ip), spill_cost((s)->client_ip.p))	\
	X(spilled(&(s)->helo), spill_cost((s)->helo.p))			\
	X((s)->id != NULL && (s)->id != (s)->room, spill_cost((s)->id))	\
	X((s)->st != NULL, smst_size() + ALLOC_COST)
#define MESSAGE_OUT(X, m)						\
	X(spilled(&(m)->queue_id), spill_cost((m)->queue_id.p))		\
	X(spilled(&(m)->from), spill_cost((m)->from.p))			\
	X(spilled(&(m)->message_id), spill_cost((m)->message_id.p))	\
	X(spilled(&(m)->bounce_of), spill_cost((m)->bounce_of.p))
#define OUT_HELD(held, bytes)	|| (held)
#define OUT_BYTES(held, bytes)	+ ((held) ? (bytes) : 0)

/* session_sum, message_sum - a record's bytes, the parts outside if out. */
static inline size_t
session_sum(const struct session *s, int out)
{
	size_t	n = sizeof(*s) + ENTRY_COST + key_cost(&s->key);

	if (out)
		n += 0 SESSION_OUT(OUT_BYTES, s);
	if (s->pend != NULL)
		n += s->cappend * sizeof(*s->pend) + ALLOC_COST;
	return n + s->pbytes + s->npend * ALLOC_COST;
}

static inline size_t
message_sum(const struct message *m, int out)
{
	size_t	n = sizeof(*m) + ENTRY_COST + key_cost(&m->key);

	if (out)
		n += 0 MESSAGE_OUT(OUT_BYTES, m);
	return n + (m->link != NULL ? m->linksz + ALLOC_COST : 0);
}

static __attribute__((noinline)) size_t
session_sum_out(const struct session *s)
{
	return session_sum(s, 1);
}

static __attribute__((noinline)) size_t
message_sum_out(const struct message *m)
{
	return message_sum(m, 1);
}

/* session_cost, message_cost - the bytes a record is charged. */
static inline size_t
session_cost(const struct session *s)
{
	return 0 SESSION_OUT(OUT_HELD, s) ? session_sum_out(s) :
	    session_sum(s, 0);
}

static inline size_t
message_cost(const struct message *m)
{
	return 0 MESSAGE_OUT(OUT_HELD, m) ? message_sum_out(m) :
	    message_sum(m, 0);
}

void
smem_charge(struct sess_table *t)
{
	struct session	*s = t->used_s;
	struct message	*m = t->used_m;

	if (s != NULL) {
		t->mem -= s->mem;
		t->mem += s->mem = session_cost(s);
	}
	if (m != NULL) {
		t->mem -= m->mem;
		t->mem += m->mem = message_cost(m);
	}
}

int
smem_victim(struct sess_table *t, struct session **s, struct message **m)
{
	*s = NULL;
	*m = NULL;
	if (t->mem <= t->cfg.max_memory)
		return 0;
	if (t->slru.prev != &t->slru)
		*s = (struct session *)t->slru.prev;
	if (t->mlru.prev != &t->mlru)
		*m = (struct message *)t->mlru.prev;
	if (*s != NULL && *m != NULL && (*s)->tick < (*m)->tick)
		*m = NULL;
	else if (*m != NULL)
		*s = NULL;
	return *s != NULL || *m != NULL;
}
