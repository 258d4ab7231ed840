/*
 * trace.h - smtplog trace: follow one message, address, client or server
 * through the event stream and tell its whole story.
 *
 * The trace sits beside the session builder: trace_tap() sees every event
 * (scan_opts.tap) and trace_emit() every finding (sess_config.emit).  It
 * keeps a compact timeline for each OPEN session (by session_key) and
 * message (by message_key), links them into stories (a session and the
 * messages queued in it, a message and its bounce notification, messages
 * that share a Message-ID), and keeps a story once any of its events
 * matches the query.  A story whose objects have all closed without a
 * match is dropped, and at most TRACE_MAX_OPEN objects stay open (the
 * least recently active is closed first, counted), so memory stays
 * bounded on archives of any size.  A story keeps at most TRACE_MAX_STEPS
 * steps; the rest are counted as not shown.
 *
 * Query recognition and event matching are trace_query.c's, the writers
 * trace_out.c's.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdio.h>

#include "lib/event.h"
#include "core/finding.h"

#define TRACE_MAX_STEPS	2000
#define TRACE_MAX_OPEN	100000

/* Exit status of trace when nothing matched (1 is trouble, 2 usage). */
#define TRACE_EXIT_NOMATCH	3

enum trace_kind {
	TRACE_AUTO,		/* recognize from the text */
	TRACE_QUEUE_ID,		/* --by queue-id: any queue or message id */
	TRACE_POSTFIX_ID,
	TRACE_EXIM_ID,
	TRACE_MESSAGE_ID,
	TRACE_ADDRESS,
	TRACE_IP,
	TRACE_HOST
};

/* trace_kind_name - "postfix-queue-id", "ip" ... (JSON query.kind). */
const char	*trace_kind_name(enum trace_kind);

/* trace_kind_parse - a --by name ("queue-id", "message-id", "address",
 * "ip", "host"); 0, or -1 when unknown. */
int		 trace_kind_parse(const char *name, enum trace_kind *);

/* trace_recognize - the kind of a query given without --by. */
enum trace_kind	 trace_recognize(const char *query);

/*
 * The query made ready for matching: q is copied.  An address found
 * automatically also matches a Message-ID equal to it.
 */
struct trace_query;
struct trace_query	*trace_query_new(const char *q, enum trace_kind forced);
void			 trace_query_free(struct trace_query *);
enum trace_kind		 trace_query_kind(const struct trace_query *);
const char		*trace_query_text(const struct trace_query *);
/* trace_query_match - ev names what the query looks for. */
int			 trace_query_match(const struct trace_query *,
			    const struct smtp_event *ev);

struct trace;

/* trace_new - a trace of query (owned by the trace from now on). */
struct trace	*trace_new(struct trace_query *query);
void		 trace_free(struct trace *);

/* trace_tap - scan_opts.tap: one event, borrowed for the call. */
void		 trace_tap(void *trace, const struct smtp_event *);

/* trace_emit - sess_config.emit: one finding, borrowed; returns 0. */
int		 trace_emit(void *trace, const struct finding *);

/* trace_finish - end of input, after sess_finish(): close what is open. */
void		 trace_finish(struct trace *);

/* trace_nmatches - the stories kept. */
size_t		 trace_nmatches(const struct trace *);

/*
 * The writers (trace_out.c): 0, or -1 when the output failed.  sum is
 * the scan's summary (lines read, per input); version goes in JSON.
 */
int	trace_write_text(const struct trace *, FILE *, int color,
	    const struct summary *sum);
int	trace_write_json(const struct trace *, FILE *, const struct summary *,
	    const char *version);

#endif /* TRACE_H */
