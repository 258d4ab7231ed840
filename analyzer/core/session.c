/*
 * session.c - the session builder's hub: each event to the session it
 * belongs to (opened, closed, evicted here) and to the findings
 * (session_find.c) and queued messages (session_msg.c) it concerns.
 * Parsing is the parsers' job and printing the writers'.
 *
 * A session is one connection (OpenSMTPD's split): it starts at a connect,
 * or at the first event seen for its key when the log starts mid-session,
 * and ends at a disconnect, at a new connect on the same key (a process
 * serving its next client), when evicted by the bound, or at end of input.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pool.h"
#include "rule_cache.h"
#include "session_int.h"
#include "smtpstate.h"
#include "lib/xmalloc.h"

struct sess_table *
sess_new(const struct sess_config *cfg)
{
	struct sess_table	*t;
	size_t			 i;

	t = xcalloc(1, sizeof(*t));
	t->cfg = *cfg;
	if (t->cfg.max_memory == 0)
		t->cfg.max_memory = SESS_DEFAULT_MAX_MEMORY;
	if (t->cfg.max_sessions == 0)
		t->cfg.max_sessions = SIZE_MAX;
	if (t->cfg.max_pending == 0)
		t->cfg.max_pending = SESS_DEFAULT_MAX_PENDING;
	t->sessions = htab_new();
	t->messages = htab_new();
	t->spool = pool_new(sizeof(struct session), POOL_SPARE);
	t->files = htab_new();
	t->mpool = pool_new(sizeof(struct message), POOL_SPARE);
	t->rcache = rule_cache_new(t->cfg.rules);
	for (i = 0; i < t->cfg.ncodes; i++)
		if (t->cfg.codes[i] >= 0 && t->cfg.codes[i] < CODE_LIMIT)
			t->wanted[t->cfg.codes[i]] = 1;
	lru_init(&t->slru);
	lru_init(&t->mlru);
	return t;
}

static void
session_free(struct sess_table *t, struct session *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++)
		free(s->pend[i]);
	s->npend = 0;
	if (s->hpos != 0)	/* else not in the heap, nor to be */
		smem_held(t, s);
	t->mem -= s->mem;
	if (t->used_s == s)
		t->used_s = NULL;
	if (s->pend != NULL)
		free(s->pend);
	if (s->st != NULL)
		smst_free(s->st);
	keep_drop(&s->client_name);
	keep_drop(&s->client_ip);
	keep_drop(&s->helo);
	if (s->id != NULL && s->id != s->room)
		free(s->id);
	pool_put(t->spool, s);
}

/* session_close - end a session: emit its findings, count it, free it. */
static int
session_close(struct sess_table *t, struct session *s, time_t end,
    int disconnected, int evicted)
{
	int	complete = s->connected && disconnected;
	int	rc;

	rc = sfind_flush(t, s, end, complete);
	if (!complete)
		t->nincomplete++;
	if (evicted)
		t->nevicted++;
	htab_kdel(t->sessions, &s->key);
	lru_unlink(&s->lru);
	session_free(t, s);
	return rc;
}

/* intern - the table's copy of an input name, kept until sess_free (the
 * event's is borrowed); the last one is checked first. */
static const char *
intern(struct sess_table *t, const char *file)
{
	char	*copy;

	if (t->lastfile != NULL && strcmp(t->lastfile, file) == 0)
		return t->lastfile;
	if ((copy = htab_get(t->files, file)) == NULL) {
		copy = xstrdup(file);
		htab_put(t->files, copy, copy);
	}
	return t->lastfile = copy;
}

/* session_new - a session for ev, under key (made from ev->session_key). */
static struct session *
session_new(struct sess_table *t, const struct smtp_event *ev,
    const struct htab_key *key)
{
	struct session	*s;
	int		 rc = 0;

	/* The count bound: the least recently used session goes first. */
	while (htab_count(t->sessions) >= t->cfg.max_sessions &&
	    t->slru.prev != &t->slru) {
		rc |= session_close(t, (struct session *)t->slru.prev, 0, 0, 1);
		t->nevicted_count++;
	}
	(void)rc;	/* t->failed keeps a write error for the caller */

	s = pool_get(t->spool);
	memset(s, 0, offsetof(struct session, fails));
	s->tick = ++t->tick;
	t->used_s = s;
	fc_init(&s->fails);
	s->file = intern(t, ev->file ? ev->file : "-");
	s->line = ev->line;
	shortstr_init(&s->client_name);
	shortstr_init(&s->client_ip);
	shortstr_init(&s->helo);
	s->key = *key;
	s->key.s = htab_kadd(t->sessions, key, s);
	lru_init(&s->lru);
	s->start = ev->when;
	s->connected = ev->kind == EV_CONNECT;
	lru_push(&t->slru, &s->lru);
	t->nsessions++;
	return s;
}

/* session_learn - what ev tells about its session s. */
static struct session *
session_learn(struct session *s, const struct smtp_event *ev)
{
	if (ev->when != 0)
		s->last = ev->when;	/* for sess_expire */
	if (s->client_ip.p == NULL && ev->client_ip != NULL) {
		keep_set(&s->client_name, ev->client_name);
		keep_set(&s->client_ip, ev->client_ip);
		s->client_port = ev->client_port;
	}
	/* Reject lines repeat the HELO name: the session learns it there
	 * when no HELO event was logged. */
	if (s->helo.p == NULL && ev->helo != NULL)
		shortstr_set(&s->helo, ev->helo);
	return s;
}

/* session_get - the open session of ev, made on first sight. */
static struct session *
session_get(struct sess_table *t, const struct smtp_event *ev)
{
	struct session	*s;
	struct htab_key	 key;

	htab_key_make(&key, ev->session_key);
	if ((s = htab_kget(t->sessions, &key)) == NULL)
		s = session_new(t, ev, &key);
	else {
		lru_touch(&t->slru, &s->lru);
		s->tick = ++t->tick;
		t->used_s = s;
	}
	return session_learn(s, ev);
}

/* feed_event - ev to its session and message; sess_feed's body, apart
 * for the charge after it. */
static inline __attribute__((always_inline)) int
feed_event(struct sess_table *t, const struct smtp_event *ev)
{
	struct session	*s;
	struct message	*m = NULL;
	struct htab_key	 key;

	if (ev->message_key != NULL && ev->kind != EV_BOUNCE)
		t->ev_m = m = smsg_get(t, ev->message_key, ev->queue_id);

	switch (ev->kind) {
	case EV_CONNECT:
		if (ev->session_key == NULL)
			break;
		htab_key_make(&key, ev->session_key);
		if ((s = htab_kget(t->sessions, &key)) != NULL)
			session_close(t, s, ev->when, 0, 0);
		session_learn(session_new(t, ev, &key), ev);
		break;
	case EV_GREETING:
	case EV_REPLY:
	case EV_REJECT:
		if (ev->kind == EV_REJECT)
			t->nrejects++;
		/* A session's own replies; outbound ones come from a
		 * transcript captured on the client side. */
		if (ev->session_key != NULL)
			return sfind_reply(t, session_get(t, ev), ev, m);
		if (m != NULL && m->session_key != NULL &&
		    ev->dir != EV_DIR_OUT &&
		    htab_get(t->sessions, m->session_key) != NULL) {
			struct smtp_event	sev = *ev;

			sev.session_key = m->session_key;
			return sfind_reply(t, session_get(t, &sev), &sev, m);
		}
		return sfind_message(t, ev, m);
	case EV_HELO:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		keep_set(&s->helo, ev->arg ? ev->arg : ev->helo);
		break;
	case EV_COMMAND:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		if (s->st == NULL)
			s->st = smst_new(s->connected);
		smst_feed(s->st, ev);
		break;
	case EV_NOTE:
		if (ev->session_key != NULL)
			session_get(t, ev);
		break;
	case EV_DISCONNECT:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		sfind_infer(t, s, ev);
		session_close(t, s, ev->when, 1, 0);
		break;
	case EV_MSG_QUEUED:
		if (m != NULL && ev->session_key != NULL &&
		    (s = htab_get(t->sessions, ev->session_key)) != NULL) {
			smsg_link(m, s);
			t->used_m = m;
		}
		break;
	case EV_MSG_INFO:
		if (m != NULL) {
			keep_set(&m->from, ev->from);
			keep_set(&m->message_id, ev->message_id);
			t->used_m = m;
		}
		break;
	case EV_DELIVERY:
		t->ndeliveries++;
		if (m != NULL && ev->code != 0)
			return sfind_message(t, ev, m);
		break;
	case EV_BOUNCE:
		/* The notification is a message of its own, linked back. */
		if (ev->related_key != NULL) {
			m = smsg_get(t, ev->related_key, ev->related_id);
			keep_set(&m->bounce_of, ev->queue_id);
			t->used_m = m;
		}
		break;
	case EV_MSG_REMOVED:
		if (m != NULL)
			smsg_close(t, m, 1, 0);
		break;
	default:
		break;
	}
	return t->failed ? -1 : 0;
}

/*
 * trim - close the least recently used sessions and messages (counted as
 * evicted) until the open ones fit the budget again; a session's held
 * findings go out first.
 */
static void
trim(struct sess_table *t)
{
	struct session	*s;
	struct message	*m;

	while (smem_victim(t, &s, &m)) {
		if (s != NULL)
			(void)session_close(t, s, 0, 0, 1);
		else
			smsg_close(t, m, 0, 1);
	}
}

int
sess_feed(struct sess_table *t, const struct smtp_event *ev)
{
	int	rc;

	t->used_s = NULL;
	t->used_m = NULL;
	t->ev_m = NULL;
	rc = feed_event(t, ev);
	if (t->cfg.traffic != NULL && rc == 0)
		traffic_feed(t->cfg.traffic, ev, t->ev_m != NULL ?
		    &t->ev_m->traffic : NULL);
	smem_charge(t);
	if (t->mem > t->cfg.max_memory)
		trim(t);
	return rc != 0 || t->failed ? -1 : 0;
}

void
sess_input_key(struct sess_table *t, uint64_t key)
{
	t->input_key = key;
}

int
sess_finish(struct sess_table *t)
{
	while (t->slru.next != &t->slru)
		session_close(t, (struct session *)t->slru.next, 0, 0, 0);
	while (t->mlru.next != &t->mlru)
		smsg_close(t, (struct message *)t->mlru.next, 0, 0);
	return t->failed ? -1 : 0;
}

void
sess_unfeed_traffic(struct sess_table *t)
{
	t->cfg.traffic = NULL;
}

void
sess_free(struct sess_table *t)
{
	if (t == NULL)
		return;
	while (t->slru.next != &t->slru) {
		struct session	*s = (struct session *)t->slru.next;

		lru_unlink(&s->lru);
		session_free(t, s);
	}
	while (t->mlru.next != &t->mlru) {
		struct message	*m = (struct message *)t->mlru.next;

		lru_unlink(&m->lru);
		smsg_free(t, m);
	}
	htab_free(t->sessions, NULL);
	htab_free(t->messages, NULL);
	pool_free(t->spool);
	pool_free(t->mpool);
	htab_free(t->files, free);
	free(t->held);
	rule_cache_free(t->rcache);
	free(t);
}

/*
 * sess_expire - close the sessions whose last event is older than before
 * (log time), as incomplete and evicted.  The walk starts at the least
 * recently active session and stops at the first one active since: the
 * LRU order is the order of the log, so a session logged out of order
 * waits for a later call.  A session without a time is left open.
 */
int
sess_expire(struct sess_table *t, time_t before, unsigned long *closed)
{
	struct lru	*e, *prev;
	struct session	*s;

	for (e = t->slru.prev; e != &t->slru; e = prev) {
		prev = e->prev;
		s = (struct session *)e;
		if (s->last == 0)
			continue;
		if (s->last >= before)
			break;
		session_close(t, s, s->last, 0, 1);
		if (closed != NULL)
			(*closed)++;
	}
	return t->failed ? -1 : 0;
}

time_t
sess_oldest_pending(const struct sess_table *t)
{
	return smem_oldest(t);
}
