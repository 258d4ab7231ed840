/*
 * session_int.h - what the files of the session builder share: its
 * records (sessions, messages, the table), their lists and kept strings,
 * and the functions of session_find.c (findings), session_msg.c (queued
 * messages) and session_mem.c (memory accounting).  session.c, the hub,
 * calls them; they do not call it.  Not for other modules.
 */
#ifndef SESSION_INT_H
#define SESSION_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "failcount.h"
#include "lib/htab.h"
#include "lib/shortstr.h"
#include "session.h"
#include "lib/event.h"

struct pool;
struct rule_cache;

#define CMD_MAX		16

/* Records come from pools (a session per connection, a message per queue
 * id): a session's id lives in its record when shorter than ID_ROOM, a
 * message's link to its session when it fits in LINK_ROOM. */
#define ID_ROOM		256
#define LINK_ROOM	192
#define CODE_LIMIT	1000	/* codes below it are looked up in a table */
#define POOL_SPARE	256

struct lru {
	struct lru	*prev, *next;
};

struct session {
	struct lru	 lru;		/* first: the list links sessions */
	struct htab_key	 key;		/* s is the table's copy */
	unsigned long	 tick;		/* t->tick when last used */
	size_t		 mem;		/* bytes charged to the budget */
	size_t		 pbytes;	/* of the findings held */
	/* The id "KEY@FILE:LINE" of the first event, made when first
	 * needed (a finding, a message link): most sessions need none. */
	char		*id;		/* NULL, in room, or allocated */
	const char	*file;		/* interned in the table */
	unsigned long	 line;
	int		 client_port;
	time_t		 start;
	int		 connected;	/* saw the connect */

	struct finding	**pend;		/* findings held until the end */
	size_t		  npend, cappend;
	/* Its place in t->held (1-based; 0: not there) and the log time of
	 * its first held finding with a time, the heap's key. */
	size_t		  hpos;
	time_t		  hwhen;

	/* The last failure, to merge a verbose "> 554 ..." reply with the
	 * "reject:" line that logs the same refusal. */
	int		  last_code;
	char		  last_cmd[CMD_MAX];
	enum ev_kind	  last_kind;
	struct finding	 *last_find;	/* in pend, or NULL */
	int		  last_merged;

	/* The RFC 5321 state, when the session's dialogue is seen. */
	struct smst	 *st;

	time_t		  last;		/* log time of its last event */

	/* Last, as session_new zeroes what comes before: the failures
	 * logged (to reconcile with the disconnect's counters), the kept
	 * strings, the room for the id. */
	struct failcount  fails;
	struct shortstr	  client_name;
	struct shortstr	  client_ip;
	struct shortstr	  helo;
	char		  room[ID_ROOM];	/* the id, when it fits */
};

struct message {
	struct lru	 lru;
	struct htab_key	 key;		/* s is the table's copy */
	unsigned long	 tick;		/* t->tick when last used */
	size_t		 mem;		/* bytes charged to the budget */
	size_t		 linksz;	/* of link, when allocated */
	/* The inbound session that brought it, as known when linked; the
	 * five strings share linkbuf, or the allocation link when longer. */
	char		*link;
	char		*session_key;
	char		*session_id;
	char		*client_name;
	char		*client_ip;
	int		 client_port;
	char		*helo;
	time_t		 session_start;
	struct traffic_msg traffic;	/* the accountant's facts */

	/* Last, as message_get zeroes what comes before. */
	struct shortstr	 queue_id;
	struct shortstr	 from;
	struct shortstr	 message_id;
	struct shortstr	 bounce_of;	/* queue id of the message this
					 * notification reports on */
	char		 linkbuf[LINK_ROOM];
};

struct sess_table {
	struct sess_config	 cfg;
	struct htab		*sessions;
	struct htab		*messages;
	struct lru		 slru, mlru;	/* most recent at head */
	struct pool		*spool, *mpool;	/* session, message records */
	struct htab		*files;		/* input names, interned */
	const char		*lastfile;	/* the last one used */
	struct rule_cache		*rcache;		/* rule answers */
	/* The sessions holding a finding with a time, a binary min-heap on
	 * the time of the first: sess_oldest_pending, asked every few
	 * thousand events, without a walk over every open session. */
	struct session		**held;
	size_t			 nheld, capheld;
	unsigned char		 wanted[CODE_LIMIT];	/* cfg.codes, as flags */
	int			 failed;	/* emit() failed once */

	/* The budget: bytes charged by the open records, a clock of use
	 * (the least recently used of sessions and messages goes first),
	 * and the records this event used, charged again after it: the
	 * session it used, the message it made or changed (only session.c
	 * and session_msg.c change a message). */
	size_t			 mem;
	unsigned long		 tick;
	struct session		*used_s;
	struct message		*used_m;
	/* The message the event names (NULL: none, or closed), for the
	 * traffic accountant. */
	struct message		*ev_m;
	unsigned long		 nevicted_count;	/* by max_sessions */

	unsigned long		 nsessions, nincomplete, nevicted;
	unsigned long		 nmessages, nmsg_incomplete, nmsg_evicted;
	unsigned long		 ndeliveries, nrejects;
	unsigned long		 nfindings, nlogged, ninferred, nin, nout;
	unsigned long		 inferred_without_code;
	unsigned long		 inferred_over_cap;
	unsigned long		 ntext_cut;	/* text_truncated findings */
	unsigned long		 nout_of_range;	/* --since/--until */

	char			 codenames[SUMMARY_MAX_CODES][8];
	int			 codevals[SUMMARY_MAX_CODES];	/* atoi of
							 * codenames */
	size_t			 ncodes;
	struct summary_count	 by_code[SUMMARY_MAX_CODES];
	size_t			 ncauses;
	struct summary_count	 by_cause[32];

	/* Finding ids (finding.h): the key of the input being read, and
	 * the findings made so far from its current line, by code. */
	uint64_t		 input_key;
	uint64_t		 rank_key;
	unsigned long		 rank_line;
	size_t			 nranks;
	struct { int code; unsigned n; } ranks[8];
};

/* The lists of sessions and of messages, most recently used first. */
static inline void
lru_init(struct lru *l)
{
	l->prev = l->next = l;
}

static inline void
lru_unlink(struct lru *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e->next = e;
}

static inline void
lru_push(struct lru *head, struct lru *e)
{
	e->next = head->next;
	e->prev = head;
	head->next->prev = e;
	head->next = e;
}

static inline void
lru_touch(struct lru *head, struct lru *e)
{
	lru_unlink(e);
	lru_push(head, e);
}

/* keep_set - replace a kept string with a copy of s, when s is given. */
static inline void
keep_set(struct shortstr *dst, const char *s)
{
	if (s != NULL)
		shortstr_set(dst, s);
}

/* keep_drop - free a kept string of a record about to go: most are empty or
 * in the record, and need no call. */
static inline void
keep_drop(struct shortstr *k)
{
	if (k->p != NULL && k->p != k->buf)
		shortstr_clear(k);
}

/*
 * sfind_id - s's id, "KEY@FILE:LINE" of its first event, made on first
 * use; lives as long as s.
 * sfind_reply - a reply, greeting or reject of the open session s (which
 * ev names): its dialogue state, and a finding held when its code is
 * wanted.  sfind_infer - the failures a disconnect's counters show that
 * no line logged, held as inferred findings of s.  sfind_message - a
 * finding outside any session, emitted at once.  sfind_flush - s's held
 * findings emitted with what it knows now (its end, complete or not).
 * The int ones return -1 once the output failed (t->failed), else 0.
 */
const char	*sfind_id(struct session *);
int		 sfind_reply(struct sess_table *, struct session *,
		    const struct smtp_event *, struct message *);
void		 sfind_infer(struct sess_table *, struct session *,
		    const struct smtp_event *);
int		 sfind_message(struct sess_table *, const struct smtp_event *,
		    struct message *);
int		 sfind_flush(struct sess_table *, struct session *, time_t end,
		    int complete);

/*
 * smsg_get - the open message of key keystr, made (with queue_id, and
 * set as t->used_m) on first sight.  smsg_link - remember the inbound
 * session s that brought m.  smsg_close - m ended (removed from the
 * queue, or not: incomplete; evicted by the budget, which the traffic
 * accountant is told), freed; smsg_free - m freed uncounted.
 */
struct message	*smsg_get(struct sess_table *, const char *keystr,
		    const char *queue_id);
void		 smsg_link(struct message *, struct session *);
void		 smsg_close(struct sess_table *, struct message *, int removed,
		    int evicted);
void		 smsg_free(struct sess_table *, struct message *);

/*
 * smem_held - after s's held findings changed: keep the heap of sessions
 * holding a finding with a time (keyed by the first one's) up to date.
 * smem_oldest - the top of that heap's key (sess_oldest_pending), 0 when
 * empty.
 */
void		 smem_held(struct sess_table *, struct session *);
time_t		 smem_oldest(const struct sess_table *);

/*
 * smem_charge - charge again the session the last event used and the
 * message it made or changed (t->used_s, t->used_m; NULL for none) what
 * they hold now.
 * smem_victim - while the records charged are over the budget, the least
 * recently used one to close (*s or *m set, the other NULL): 1; 0 when
 * they fit (or none is left).  Closing it must free it (session_free,
 * message_free take its charge back).
 */
void		 smem_charge(struct sess_table *);
int		 smem_victim(struct sess_table *, struct session **s,
		    struct message **m);

#endif /* SESSION_INT_H */
