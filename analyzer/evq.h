/*
 * evq.h - a bounded queue of parsed events between two threads: a scan's
 * reading and parsing thread (the producer) and the session builder's
 * thread (the consumer), so that a serial scan uses two cores.
 *
 * The producer copies each event, with every string it points to, into
 * one of a few fixed batches; the consumer sees the records in the order
 * they were put, each event valid until its next evq_next() call (the
 * event contract of event.h, moved one thread over).  Text records carry
 * messages the producer would have written to stderr, so that the
 * consumer writes them in their place among its own.
 *
 * Memory: EVQ_BATCHES batches of EVQ_BATCH_BYTES; a batch grows only for a
 * record larger than itself (a line of megabytes), and shrinks back when
 * it is reused.
 */
#ifndef EVQ_H
#define EVQ_H

#include <stddef.h>

#include "event.h"

#define EVQ_BATCHES	4
#define EVQ_BATCH_BYTES	(256 * 1024)

struct evq;

enum evq_kind {
	EVQ_END,	/* the producer is done (or the queue stopped) */
	EVQ_EVENT,	/* rec.ev */
	EVQ_TEXT,	/* rec.text, rec.len: bytes for stderr, newline included */
	EVQ_MARK	/* rec.bytes, rec.lines: how far the producer has read */
};

struct evq_rec {
	enum evq_kind			 kind;
	const struct smtp_event		*ev;
	const char			*text;
	size_t				 len;
	unsigned long long		 bytes;
	unsigned long			 lines;
};

/*
 * evq_new - an empty queue.  Events whose file field is the pointer keep
 * are not copied for that field (it outlives the queue: the input's name).
 * Free with evq_free() once both threads are done with it.
 */
struct evq	*evq_new(const char *keep);
void		 evq_free(struct evq *);

/*
 * Producer side.  Each returns 0, or -1 once the consumer has called
 * evq_stop() (the producer should stop).  Records become visible to the
 * consumer a batch at a time, and all of them at evq_end().
 */
int		 evq_event(struct evq *, const struct smtp_event *);
int		 evq_text(struct evq *, const char *text, size_t len);
int		 evq_mark(struct evq *, unsigned long long bytes,
		    unsigned long lines);
void		 evq_end(struct evq *);

/*
 * Consumer side.  evq_next - the next record (blocks until there is one);
 * its kind is returned too; EVQ_END once the producer has ended and every
 * record was seen.  evq_stop - the consumer gives up: later records are
 * dropped and the producer's calls return -1.
 */
enum evq_kind	 evq_next(struct evq *, struct evq_rec *);
void		 evq_stop(struct evq *);

#endif /* EVQ_H */
