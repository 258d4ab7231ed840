/*
 * scan_queue.h - a bounded queue of parsed events between two threads: a scan's
 * reading and parsing thread (the producer) and the session builder's
 * thread (the consumer), so that a serial scan uses two cores.
 *
 * The producer copies each event, with every string it points to, into
 * one of a few fixed batches; the consumer sees the records in the order
 * they were put, each event valid until its next scan_queue_next() call (the
 * event contract of event.h, moved one thread over).  Strings in the
 * memory the producer names with an event (a parser's line copy and
 * arena: plumb.h) are not copied one by one: that memory is copied into
 * the batch once for all the events of its generation there, and the
 * events point into the copy.  Text records carry messages the producer
 * would have written to stderr, so that the consumer writes them in their
 * place among its own.
 *
 * Memory: SCAN_QUEUE_BATCHES batches of SCAN_QUEUE_BATCH_BYTES; a batch grows only for a
 * record larger than itself (a line of megabytes), and shrinks back when
 * it is reused.
 */
#ifndef SCAN_QUEUE_H
#define SCAN_QUEUE_H

#include <stddef.h>

#include "lib/event.h"

#define SCAN_QUEUE_BATCHES	16
#define SCAN_QUEUE_BATCH_BYTES	(128 * 1024)

struct scan_queue;

enum scan_queue_kind {
	SCAN_QUEUE_END,	/* the producer is done (or the queue stopped) */
	SCAN_QUEUE_EVENT,	/* rec.ev */
	SCAN_QUEUE_TEXT,	/* rec.text, rec.len: bytes for stderr, newline included */
	SCAN_QUEUE_MARK	/* rec.bytes, rec.lines: how far the producer has read */
};

struct scan_queue_rec {
	enum scan_queue_kind			 kind;
	const struct smtp_event		*ev;
	const char			*text;
	size_t				 len;
	unsigned long long		 bytes;
	unsigned long			 lines;
};

/*
 * scan_queue_new - an empty queue.  Free with scan_queue_free() once both
 * threads are done with it.
 */
struct scan_queue	*scan_queue_new(void);
void		 scan_queue_free(struct scan_queue *);

/*
 * Where most strings of an event lie: bytes [lo[i], lo[i] + len[i]) of
 * two spans that, while owner and gen stay the same, keep their place
 * and their bytes and are only appended to (len grows): the queue copies
 * them at most once a batch.  owner NULL: no spans.  keep: a string not
 * copied at all, as it outlives the queue (the parser's input name).
 */
struct scan_queue_mem {
	const void	*owner;
	unsigned long	 gen;
	const char	*lo[2];
	size_t		 len[2];
	const char	*keep;
};

/*
 * Producer side.  Each returns 0, or -1 once the consumer has called
 * scan_queue_stop() (the producer should stop).  Records become visible to the
 * consumer a batch at a time, and all of them at scan_queue_end().
 * scan_queue_event - the event; mem may be NULL (every string copied).
 */
int		 scan_queue_event(struct scan_queue *, const struct smtp_event *,
		    const struct scan_queue_mem *mem);
int		 scan_queue_text(struct scan_queue *, const char *text, size_t len);
int		 scan_queue_mark(struct scan_queue *, unsigned long long bytes,
		    unsigned long lines);
void		 scan_queue_end(struct scan_queue *);

/*
 * Consumer side.  scan_queue_next - the next record (blocks until there is one);
 * its kind is returned too; SCAN_QUEUE_END once the producer has ended and every
 * record was seen.  scan_queue_stop - the consumer gives up: later records are
 * dropped and the producer's calls return -1.
 */
enum scan_queue_kind	 scan_queue_next(struct scan_queue *, struct scan_queue_rec *);
void		 scan_queue_stop(struct scan_queue *);

#endif /* SCAN_QUEUE_H */
