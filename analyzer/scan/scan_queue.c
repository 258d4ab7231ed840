/*
 * scan_queue.c - the event queue between a scan's parsing thread and its session
 * builder's thread.  See scan_queue.h.
 *
 * A ring of SCAN_QUEUE_BATCHES batches numbered by a running count: the producer
 * fills batch pw, the consumer reads batch cr; batches between them are
 * published and wait to be read.  The producer moves to the next batch
 * only once the consumer has released it, so memory stays at the ring.
 * The lock is taken once per batch, not per record.
 *
 * An event's strings that lie in the memory named with it (struct
 * scan_queue_mem) point into a copy of that memory made once for the
 * events of its generation in the batch, at the head of the first one's
 * record.  A batch is read and released as a whole, so the copy lives as
 * long as the events that point into it.
 *
 * A thread that has to wait sleeps until half the ring is there for it
 * (WAKE batches published, or freed), not until the next batch: each
 * sleep and wake-up costs a context switch, and on a virtual machine or
 * a busy one the woken thread may wait long for its core.  Waking per
 * batch made the two threads take turns instead of running together
 * (13,600 context switches on 256 MiB of log, slower than one thread).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan_queue.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#define ALIGN		16
#define ROUND(n)	(((n) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

/* A record: this header, then its payload (event, strings; or text). */
struct rhdr {
	uint32_t	kind;		/* enum scan_queue_kind */
	uint32_t	pad;
	uint64_t	size;		/* whole record, a multiple of ALIGN */
	uint64_t	a, b;		/* EVENT: where the event starts,
					 * counters;
					 * TEXT: length; MARK: bytes, lines */
};
#define HDR	ROUND(sizeof(struct rhdr))

/* Room an event's strings outside its spans may take before they are
 * measured and copied the exact way (see scan_queue_event()). */
#define SLACK		512

/* The memory of scan_queue_mem as copied into the producer's batch:
 * copy[i] holds lo[i][0..len[i]). */
struct pmem {
	const void	*owner;		/* NULL: no copy in the batch */
	unsigned long	 gen;
	uintptr_t	 lo[2];
	size_t		 len[2];
	char		*copy[2];
};

struct batch {
	char	*mem;
	size_t	 cap;
	size_t	 used;		/* set when published */
};

/*
 * What each thread touches per record lives in its own cache lines: a
 * line written by one core and read by the other per record would move
 * between the cores each time (it doubled the CPU time of a scan).  The
 * shared part is touched once per batch, under the lock.
 */
#define CACHE_LINE	64

/* Batches a sleeping thread waits for (published, or freed). */
#define WAKE		(SCAN_QUEUE_BATCHES / 2)

struct scan_queue {
	/* Shared, under mu. */
	pthread_mutex_t		 mu;
	pthread_cond_t		 ready;		/* a batch was published */
	pthread_cond_t		 freed;		/* a batch was released */
	struct batch		 b[SCAN_QUEUE_BATCHES];
	size_t			 published;	/* batches below are readable */
	size_t			 released;	/* batches below are free */
	int			 ended;
	int			 cwaiting;	/* the consumer sleeps on ready */
	int			 pwaiting;	/* the producer sleeps on freed */
	/* scan_queue_stop() was called: set under mu (so waiters see it when
	 * woken), and read without it by the producer at each record (so
	 * it stops at once, not at its batch's end) and by the consumer. */
	atomic_int		 stopped;

	/* The producer's: the batch it fills. */
	_Alignas(CACHE_LINE) size_t pw;
	char			*pmem;
	size_t			 pcap, pused;
	struct pmem		 copied;		/* in batch pw */

	/* The consumer's: the batch it reads. */
	_Alignas(CACHE_LINE) size_t cr;
	const char		*cmem;
	size_t			 coff, cend;
	int			 holding;	/* batch cr is in hand */
};

/*
 * Every string field of struct smtp_event (event.h's EV_STRINGS): the
 * consumer must not read the parser's memory while the parser reuses it.
 * The counters' implied_* and why are static strings (event.h) and are
 * not copied; the counters themselves are.  The fields follow each other
 * in the struct (checked below), so they are read and written as one
 * array of pointers.
 */
enum {
#define STR_IDX(name)	STR_I_##name,
	EV_STRINGS(STR_IDX)
#undef STR_IDX
	NSTR
};
#define STR0	offsetof(struct smtp_event, file)
#define STR_AT(name) _Static_assert(offsetof(struct smtp_event, name) == \
    STR0 + (STR_I_##name - STR_I_file) * sizeof(const char *), \
    "EV_STRINGS fields must follow each other, file first");
EV_STRINGS(STR_AT)
#undef STR_AT

struct scan_queue *
scan_queue_new(void)
{
	struct scan_queue	*q;
	size_t		 i;

	/* Aligned, so that the two threads' parts share no cache line. */
	if ((q = aligned_alloc(CACHE_LINE, sizeof(*q))) == NULL)
		fatal("out of memory");
	memset(q, 0, sizeof(*q));
	atomic_init(&q->stopped, 0);

	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->ready, NULL);
	pthread_cond_init(&q->freed, NULL);
	for (i = 0; i < SCAN_QUEUE_BATCHES; i++) {
		q->b[i].cap = SCAN_QUEUE_BATCH_BYTES;
		q->b[i].mem = xmalloc(SCAN_QUEUE_BATCH_BYTES);
	}
	q->pmem = q->b[0].mem;
	q->pcap = q->b[0].cap;
	return q;
}

void
scan_queue_free(struct scan_queue *q)
{
	size_t	i;

	if (q == NULL)
		return;
	for (i = 0; i < SCAN_QUEUE_BATCHES; i++)
		free(q->b[i].mem);
	pthread_cond_destroy(&q->ready);
	pthread_cond_destroy(&q->freed);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

/* forget - no copy of memory is in the producer's batch (a new one). */
static void
forget(struct scan_queue *q)
{
	q->copied.owner = NULL;
}

/*
 * publish - hand the producer's batch to the consumer and take the next
 * free one.  -1 when the consumer stopped.
 */
static int
publish(struct scan_queue *q)
{
	struct batch	*b;
	int		 rc = 0;

	pthread_mutex_lock(&q->mu);
	q->b[q->pw % SCAN_QUEUE_BATCHES].used = q->pused;
	q->published = q->pw + 1;
	if (q->cwaiting && q->published - q->released >= WAKE)
		pthread_cond_signal(&q->ready);
	if (q->published - q->released >= SCAN_QUEUE_BATCHES) {
		/* The ring is full: wait until half of it is free. */
		q->pwaiting = 1;
		while (!q->stopped && q->published - q->released >
		    SCAN_QUEUE_BATCHES - WAKE)
			pthread_cond_wait(&q->freed, &q->mu);
		q->pwaiting = 0;
	}
	if (q->stopped)
		rc = -1;
	else
		q->pw++;
	pthread_mutex_unlock(&q->mu);
	if (rc == 0) {
		b = &q->b[q->pw % SCAN_QUEUE_BATCHES];
		if (b->cap > SCAN_QUEUE_BATCH_BYTES) {
			/* Grown for one huge record: back to size. */
			free(b->mem);
			b->cap = SCAN_QUEUE_BATCH_BYTES;
			b->mem = xmalloc(b->cap);
		}
		q->pmem = b->mem;
		q->pcap = b->cap;
		q->pused = 0;
		forget(q);
	}
	return rc;
}

/* fresh - room() when the batch is full: it is published and the next
 * one taken, grown for a record larger than a batch. */
static int __attribute__((noinline))
fresh(struct scan_queue *q, size_t n)
{
	struct batch	*b;

	if (q->pused > 0 && publish(q) != 0)
		return -1;
	if (q->pcap < n) {
		b = &q->b[q->pw % SCAN_QUEUE_BATCHES];
		free(b->mem);
		b->cap = n;
		b->mem = xmalloc(n);
		q->pmem = b->mem;
		q->pcap = n;
		forget(q);
	}
	return 0;
}

/* room - n bytes free in the producer's batch, or a new batch; -1 when
 * the consumer stopped.  Inline: once a record. */
static inline int
room(struct scan_queue *q, size_t n)
{
	if (atomic_load_explicit(&q->stopped, memory_order_relaxed))
		return -1;
	if (q->pcap - q->pused >= n)
		return 0;
	return fresh(q, n);
}

/* reserve - a record of n bytes (header included) in the producer's
 * batch; NULL when the consumer stopped. */
static char *
reserve(struct scan_queue *q, size_t n)
{
	char	*p;

	if (room(q, n) != 0)
		return NULL;
	p = q->pmem + q->pused;
	q->pused += n;
	return p;
}

static void
header(char *p, enum scan_queue_kind kind, size_t size, uint64_t a, uint64_t b)
{
	struct rhdr	h;

	memset(&h, 0, sizeof(h));
	h.kind = kind;
	h.size = size;
	h.a = a;
	h.b = b;
	memcpy(p, &h, sizeof(h));
}

/* ncounters - the counters of ev the queue copies. */
static int
ncounters(const struct smtp_event *ev)
{
	int	nc = ev->ncounters;

	if (nc < 0 || ev->counters == NULL)
		return 0;
	return nc > EV_MAX_COUNTERS ? EV_MAX_COUNTERS : nc;
}

/*
 * copy - a record of the event, its counters and its strings, each
 * string pointer then pointing at its copy in the record; keep (may be
 * NULL) is not copied.
 */
static int
copy(struct scan_queue *q, const struct smtp_event *ev, const char *keep)
{
	const char		*sp[NSTR];
	size_t			 slen[NSTR], cbytes, size, i, n = 0;
	unsigned char		 set[NSTR];	/* fields to copy */
	int			 nc = ncounters(ev);
	char			*p, *d;
	struct smtp_event	*out;

	cbytes = (size_t)nc * sizeof(ev->counters[0]);
	size = HDR + ROUND(sizeof(*ev)) + ROUND(cbytes);
	memcpy(sp, (const char *)ev + STR0, sizeof(sp));
	for (i = 0; i < NSTR; i++) {
		if (sp[i] != NULL && sp[i] != keep) {
			slen[n] = strlen(sp[i]) + 1;
			size += slen[n];
			set[n++] = (unsigned char)i;
		}
	}
	size = ROUND(size);
	if ((p = reserve(q, size)) == NULL)
		return -1;
	header(p, SCAN_QUEUE_EVENT, size, HDR, (uint64_t)nc);
	/* The consumer reads the event where it lies: its pointers point
	 * into the record already. */
	out = (struct smtp_event *)(void *)(p + HDR);
	memcpy(out, ev, sizeof(*ev));
	out->ncounters = nc;
	out->counters = NULL;
	d = p + HDR + ROUND(sizeof(*ev));
	if (nc > 0) {
		memcpy(d, ev->counters, cbytes);
		out->counters = (const struct ev_counter *)(void *)d;
	}
	d += ROUND(cbytes);
	for (i = 0; i < n; i++) {
		memcpy(d, sp[set[i]], slen[i]);
		sp[set[i]] = d;
		d += slen[i];
	}
	memcpy((char *)out + STR0, sp, sizeof(sp));
	return 0;
}

/*
 * other - a copy at *d (moved past it) of string s of an event, which
 * lies in no copied memory; s itself when it is keep; NULL when the copy
 * would pass end.
 */
static const char *
other(const char *s, const char *keep, char **d, const char *end)
{
	size_t	 n;
	char	*r;

	if (s == keep)
		return s;
	n = strlen(s) + 1;
	if (n > (size_t)(end - *d))
		return NULL;
	memcpy(*d, s, n);
	r = *d;
	*d += n;
	return r;
}

/*
 * scan_queue_event - the event's record: when the batch holds no copy of
 * mem's spans of this generation, one at its head; then the event, its
 * counters, and a copy of each string outside the spans, in SLACK bytes
 * reserved for them (what is left given back).  When those do not fit,
 * every string is measured and copied the exact way (copy()).
 */
int
scan_queue_event(struct scan_queue *q, const struct smtp_event *ev,
    const struct scan_queue_mem *mem)
{
	struct smtp_event	*out;
	struct pmem		*c = &q->copied;
	const char		*s;
	uintptr_t		 off, l0, l1;
	size_t			 cbytes, head, blob = 0, n, n0, n1;
	int			 nc;
	char			*rec, *d, *end, *c0, *c1;

	if (mem == NULL || mem->owner == NULL)
		return copy(q, ev, mem != NULL ? mem->keep : NULL);
	nc = ncounters(ev);
	cbytes = (size_t)nc * sizeof(ev->counters[0]);
	head = HDR + ROUND(sizeof(*ev)) + ROUND(cbytes);
	if (c->owner != mem->owner || c->gen != mem->gen) {
		blob = ROUND(mem->len[0] + mem->len[1]);
		if (room(q, blob + head + SLACK) != 0)
			return -1;
	} else if (room(q, head + SLACK) != 0)
		return -1;
	else if (c->owner == NULL) {
		/* A new batch was taken: the copy is not in it. */
		blob = ROUND(mem->len[0] + mem->len[1]);
		if (room(q, blob + head + SLACK) != 0)
			return -1;	/* the batch is empty: not taken */
	}
	rec = q->pmem + q->pused;
	if (blob > 0) {
		c->owner = mem->owner;
		c->gen = mem->gen;
		c->lo[0] = (uintptr_t)mem->lo[0];
		c->lo[1] = (uintptr_t)mem->lo[1];
		c->len[0] = mem->len[0];
		c->len[1] = mem->len[1];
		c->copy[0] = rec + HDR;
		c->copy[1] = rec + HDR + mem->len[0];
		if (mem->len[0] > 0)	/* lo may be NULL then */
			memcpy(c->copy[0], mem->lo[0], mem->len[0]);
		if (mem->len[1] > 0)
			memcpy(c->copy[1], mem->lo[1], mem->len[1]);
	}
	l0 = c->lo[0], n0 = c->len[0], c0 = c->copy[0];
	l1 = c->lo[1], n1 = c->len[1], c1 = c->copy[1];

	out = (struct smtp_event *)(void *)(rec + HDR + blob);
	memcpy(out, ev, sizeof(*ev));
	out->ncounters = nc;
	out->counters = NULL;
	d = (char *)out + ROUND(sizeof(*ev));
	if (nc > 0) {
		memcpy(d, ev->counters, cbytes);
		out->counters = (const struct ev_counter *)(void *)d;
	}
	d += ROUND(cbytes);
	end = d + SLACK;
	/* The copied length, not mem's: what was appended since is not in
	 * the copy and goes the other way.  The exact way drops the copy
	 * made here (it is in no record yet). */
#define PUT(name) \
	if ((s = out->name) == NULL) \
		; \
	else if ((off = (uintptr_t)s - l0) < n0) \
		out->name = c0 + off; \
	else if ((off = (uintptr_t)s - l1) < n1) \
		out->name = c1 + off; \
	else if ((out->name = other(s, mem->keep, &d, end)) == NULL) { \
		if (blob > 0) \
			forget(q); \
		return copy(q, ev, mem->keep); \
	}
	EV_STRINGS(PUT)
#undef PUT
	n = ROUND((size_t)(d - rec));
	header(rec, SCAN_QUEUE_EVENT, n, HDR + blob, (uint64_t)nc);
	q->pused += n;
	return 0;
}

int
scan_queue_text(struct scan_queue *q, const char *text, size_t len)
{
	size_t	 size = ROUND(HDR + len + 1);
	char	*p;

	if ((p = reserve(q, size)) == NULL)
		return -1;
	header(p, SCAN_QUEUE_TEXT, size, len, 0);
	memcpy(p + HDR, text, len);
	p[HDR + len] = '\0';
	return 0;
}

int
scan_queue_mark(struct scan_queue *q, unsigned long long bytes, unsigned long lines)
{
	char	*p;

	if ((p = reserve(q, HDR)) == NULL)
		return -1;
	header(p, SCAN_QUEUE_MARK, HDR, bytes, lines);
	return 0;
}

void
scan_queue_end(struct scan_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->b[q->pw % SCAN_QUEUE_BATCHES].used = q->pused;
	q->published = q->pw + 1;
	q->ended = 1;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->mu);
}

enum scan_queue_kind
scan_queue_next(struct scan_queue *q, struct scan_queue_rec *r)
{
	struct rhdr	 h;
	const char	*rec;

	memset(r, 0, sizeof(*r));
	if (atomic_load_explicit(&q->stopped, memory_order_relaxed))
		return r->kind = SCAN_QUEUE_END;
	/* The lock only when the batch in hand is read to its end (or
	 * none is in hand yet): records within a batch need none. */
	while (!q->holding || q->coff >= q->cend) {
		pthread_mutex_lock(&q->mu);
		if (q->holding) {
			/* Give it back. */
			q->released = ++q->cr;
			q->holding = 0;
			if (q->pwaiting && q->published - q->released <=
			    SCAN_QUEUE_BATCHES - WAKE)
				pthread_cond_signal(&q->freed);
		}
		if (!q->stopped && q->published <= q->cr && !q->ended) {
			/* Nothing to read: wait until half the ring is. */
			q->cwaiting = 1;
			while (!q->stopped && !q->ended &&
			    q->published - q->cr < WAKE)
				pthread_cond_wait(&q->ready, &q->mu);
			q->cwaiting = 0;
		}
		if (q->stopped || q->published <= q->cr) {
			pthread_mutex_unlock(&q->mu);
			return r->kind = SCAN_QUEUE_END;
		}
		q->holding = 1;
		q->cmem = q->b[q->cr % SCAN_QUEUE_BATCHES].mem;
		q->cend = q->b[q->cr % SCAN_QUEUE_BATCHES].used;
		q->coff = 0;
		pthread_mutex_unlock(&q->mu);
	}
	rec = q->cmem + q->coff;
	memcpy(&h, rec, sizeof(h));
	r->kind = h.kind;
	switch (h.kind) {
	case SCAN_QUEUE_EVENT:
		r->ev = (const struct smtp_event *)(const void *)(rec + h.a);
		break;
	case SCAN_QUEUE_TEXT:
		r->text = rec + HDR;
		r->len = h.a;
		break;
	case SCAN_QUEUE_MARK:
		r->bytes = h.a;
		r->lines = h.b;
		break;
	default:
		break;
	}
	q->coff += h.size;
	return r->kind;
}

void
scan_queue_stop(struct scan_queue *q)
{
	pthread_mutex_lock(&q->mu);
	atomic_store(&q->stopped, 1);
	pthread_cond_broadcast(&q->freed);
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->mu);
}
