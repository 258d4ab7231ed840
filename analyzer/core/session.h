/*
 * session.h - the session builder: rebuilds SMTP sessions (one per
 * connection) and queued messages from the event stream, turns every reply
 * whose code is in the chosen set into a finding diagnosed by the rules,
 * and keeps memory bounded: the open sessions and messages share one
 * budget of bytes (their records, table entries, kept strings and held
 * findings, as estimated here), and beyond it the least recently used of
 * them is closed early (counted as evicted).
 *
 * Findings of a session are held until the session ends, so that they carry
 * its HELO name, end time and completeness; findings of deliveries are
 * emitted at once.  Emission order is deterministic for a given input.
 *
 * The traffic accountant (traffic.h), when given, is fed each event by the
 * builder, with the facts it keeps of the event's message in the builder's
 * record of it (one lookup of the message for both).
 */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "lib/event.h"
#include "finding.h"
#include "rule.h"
#include "traffic.h"

#define SESS_DEFAULT_MAX_MEMORY		(256UL << 20)
#define SESS_DEFAULT_MAX_PENDING	256
/* Inferred findings made from one counter of one session at most; Postfix
 * hangs up after smtpd_hard_error_limit (20) errors, so more is forged. */
#define SESS_MAX_INFERRED		100

struct sess_config {
	size_t			 max_memory;	/* bytes; 0: default */
	size_t			 max_sessions;	/* 0: no bound but memory */
	size_t			 max_pending;	/* findings held per session */
	const int		*codes;		/* codes that make findings */
	size_t			 ncodes;
	const struct ruleset	*rules;		/* borrowed; may be NULL */
	/* emit - called once per finding, borrowed for the call; a
	 * non-zero return (write error) is handed back by feed/finish. */
	int			(*emit)(void *arg, const struct finding *);
	void			*arg;
	/* since, until - only findings with since <= when < until are
	 * counted and emitted (0: unbounded); the others are counted in
	 * summary.findings_out_of_range. */
	time_t			 since, until;
	/* traffic - when set (borrowed), fed every event after the builder
	 * took it, with the facts the builder's record of its message
	 * keeps for it (traffic.h traffic_feed), told of the messages
	 * the budget closes early (traffic_evicted) and asked for what it
	 * kept of them when they come back (traffic_recall). */
	struct traffic		*traffic;
};

struct sess_table;

/* sess_new - config is copied (codes and rules stay borrowed). */
struct sess_table	*sess_new(const struct sess_config *);
void			 sess_free(struct sess_table *);

/* sess_feed - one event; 0, or -1 when emit() failed. */
int			 sess_feed(struct sess_table *, const struct smtp_event *);

/* sess_input_key - the events fed from now on come from the input of key
 * (finding_input_key): the ids of the findings made from them build on it.
 * 0 until set. */
void			 sess_input_key(struct sess_table *, uint64_t key);

/* sess_finish - end of input: close every open session and message as
 * incomplete, emitting what they held; 0, or -1 when emit() failed. */
int			 sess_finish(struct sess_table *);

/* sess_oldest_pending - the log time of the oldest finding an open
 * session still holds (0: none): findings to come are not older, so a
 * follow mode's pattern windows may advance to it.  The first timed
 * finding of each session counts (they are held in arrival order); kept
 * in a heap, so asking costs nothing whatever the sessions open. */
time_t			 sess_oldest_pending(const struct sess_table *);

/* sess_expire - close every session whose last event was logged before
 * before (its log time; a followed log's sessions that never end), as at
 * end of input, emitting what they held; each is counted as incomplete and
 * evicted, and added to *closed when closed is not NULL.  0, or -1 when
 * emit() failed. */
int			 sess_expire(struct sess_table *, time_t before,
			    unsigned long *closed);

/* sess_unfeed_traffic - the builder forgets its traffic accountant
 * (sess_config.traffic), which its owner frees: it is fed no more. */
void			 sess_unfeed_traffic(struct sess_table *);

/* sess_summary - add the builder's counts (sessions, messages, findings by
 * code and cause) to *s. */
void			 sess_summary(const struct sess_table *, struct summary *s);

#endif /* SESSION_H */
