/*
 * check_scan_queue.c - tests for scan_queue.c: records arrive in order and intact across
 * threads (events with every string field, texts, marks), strings are the
 * queue's own copies, a record larger than a batch, and a consumer that
 * stops: the producer is told and nothing hangs.  Events named with the
 * memory their strings lie in (a parser's line and arena, reused at every
 * generation) arrive intact however the producer reuses that memory, and
 * each batch holds its own copy of it.
 */
#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan_queue.h"

#define NREC	200000		/* many times the ring's size */

static const char	*keep = "input-name";
/* No spans, only the input name not to copy. */
static const struct scan_queue_mem km = { NULL, 0, { NULL, NULL }, { 0, 0 },
    "input-name" };

/* fill - event i: string fields set or NULL by i, texts made from i in a
 * buffer the producer overwrites at once (so a shallow copy would show). */
static void
fill(struct smtp_event *ev, char buf[][48], struct ev_counter *cs,
    unsigned long i)
{
	ev_clear(ev);
	ev->kind = (enum ev_kind)(i % EV__COUNT);
	ev->line = i;
	ev->when = (time_t)i * 7;
	ev->file = keep;
	snprintf(buf[0], 48, "host%lu", i % 13);
	ev->host = buf[0];
	snprintf(buf[1], 48, "session-%lu", i);
	ev->session_key = buf[1];
	if (i % 3 == 0) {
		snprintf(buf[2], 48, "reply text %lu", i);
		ev->text = buf[2];
	}
	if (i % 5 == 0) {
		snprintf(buf[3], 48, "<to%lu@example.org>", i);
		ev->to = buf[3];
	}
	snprintf(buf[4], 48, "note %lu", i);
	ev->note = buf[4];
	ev->ncounters = (int)(i % 4);
	memset(cs, 0, 4 * sizeof(*cs));
	if (ev->ncounters > 0) {
		ev->counters = cs;
		snprintf(cs[0].name, sizeof(cs[0].name), "c%lu", i % 100);
		cs[ev->ncounters - 1].total = (int)i;
		cs[ev->ncounters - 1].implied_text = "static";
	}
}

struct prod {
	struct scan_queue	*q;
	unsigned long	 n, done;
	int		 rc;
};

static void *
produce(void *arg)
{
	struct prod		*p = arg;
	struct smtp_event	 ev;
	struct ev_counter	 cs[4];
	char			 buf[5][48], text[64];
	unsigned long		 i;
	int			 n;

	p->rc = 0;
	for (i = 0; i < p->n && p->rc == 0; i++) {
		fill(&ev, buf, cs, i);
		p->rc = scan_queue_event(p->q, &ev, &km);
		memset(buf, 'x', sizeof(buf));	/* the parser reuses it */
		memset(cs, 'x', sizeof(cs));
		if (p->rc == 0 && i % 1000 == 0) {
			n = snprintf(text, sizeof(text), "message %lu\n", i);
			p->rc = scan_queue_text(p->q, text, (size_t)n);
		}
		if (p->rc == 0 && i % 4096 == 0)
			p->rc = scan_queue_mark(p->q, i * 100ULL, i);
		p->done = i + 1;
	}
	scan_queue_end(p->q);
	return NULL;
}

START_TEST(test_order)
{
	struct prod		 p = { scan_queue_new(), NREC, 0, 0 };
	struct smtp_event	 want;
	struct ev_counter	 cs[4];
	struct scan_queue_rec		 r;
	char			 buf[5][48], text[64];
	pthread_t		 th;
	unsigned long		 i = 0, texts = 0, marks = 0;

	ck_assert_int_eq(pthread_create(&th, NULL, produce, &p), 0);
	while (scan_queue_next(p.q, &r) != SCAN_QUEUE_END) {
		switch (r.kind) {
		case SCAN_QUEUE_EVENT:
			fill(&want, buf, cs, i);
			ck_assert_int_eq(r.ev->kind, want.kind);
			ck_assert_uint_eq(r.ev->line, i);
			ck_assert(r.ev->when == want.when);
			ck_assert_ptr_eq(r.ev->file, keep);
			ck_assert_str_eq(r.ev->host, want.host);
			ck_assert_ptr_ne(r.ev->host, want.host);
			ck_assert_str_eq(r.ev->session_key, want.session_key);
			if (want.text == NULL)
				ck_assert_ptr_null(r.ev->text);
			else
				ck_assert_str_eq(r.ev->text, want.text);
			if (want.to == NULL)
				ck_assert_ptr_null(r.ev->to);
			else
				ck_assert_str_eq(r.ev->to, want.to);
			ck_assert_str_eq(r.ev->note, want.note);
			ck_assert_ptr_null(r.ev->from);
			ck_assert_int_eq(r.ev->pid, -1);
			ck_assert_int_eq(r.ev->ncounters, want.ncounters);
			if (want.ncounters > 0) {
				ck_assert_str_eq(r.ev->counters[0].name,
				    want.counters[0].name);
				ck_assert_int_eq(r.ev->counters[
				    want.ncounters - 1].total, (int)i);
				ck_assert_str_eq(r.ev->counters[
				    want.ncounters - 1].implied_text, "static");
			}
			i++;
			break;
		case SCAN_QUEUE_TEXT:
			/* Texts follow event i - 1 where i % 1000 == 0. */
			snprintf(text, sizeof(text), "message %lu\n",
			    texts * 1000);
			ck_assert_uint_eq(i - 1, texts * 1000);
			ck_assert_uint_eq(r.len, strlen(text));
			ck_assert_str_eq(r.text, text);
			texts++;
			break;
		case SCAN_QUEUE_MARK:
			ck_assert_uint_eq(r.lines, marks * 4096);
			ck_assert(r.bytes == marks * 4096 * 100ULL);
			marks++;
			break;
		default:
			ck_abort_msg("unknown record kind %d", (int)r.kind);
		}
	}
	pthread_join(th, NULL);
	ck_assert_int_eq(p.rc, 0);
	ck_assert_uint_eq(i, NREC);
	ck_assert_uint_eq(texts, NREC / 1000);
	ck_assert_uint_eq(marks, (NREC + 4095) / 4096);
	ck_assert_int_eq(scan_queue_next(p.q, &r), SCAN_QUEUE_END);	/* and stays so */
	scan_queue_free(p.q);
}
END_TEST

/* A record larger than a batch (a line of megabytes): it grows a batch,
 * arrives whole, and the records around it too. */
START_TEST(test_huge)
{
	struct scan_queue		*q = scan_queue_new();
	struct smtp_event	 ev;
	struct scan_queue_rec		 r;
	size_t			 n = 3 * SCAN_QUEUE_BATCH_BYTES + 17, i;
	char			*big = malloc(n + 1);

	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	big[n] = '\0';
	ev_clear(&ev);
	ev.note = "before";
	ck_assert_int_eq(scan_queue_event(q, &ev, NULL), 0);
	ev.note = NULL;
	ev.text = big;
	ev.file = "not kept";
	ck_assert_int_eq(scan_queue_event(q, &ev, NULL), 0);
	ck_assert_int_eq(scan_queue_text(q, "after\n", 6), 0);
	scan_queue_end(q);	/* one thread: everything fits the ring */

	ck_assert_int_eq(scan_queue_next(q, &r), SCAN_QUEUE_EVENT);
	ck_assert_str_eq(r.ev->note, "before");
	ck_assert_int_eq(scan_queue_next(q, &r), SCAN_QUEUE_EVENT);
	ck_assert_uint_eq(strlen(r.ev->text), n);
	ck_assert(memcmp(r.ev->text, big, n) == 0);
	ck_assert_str_eq(r.ev->file, "not kept");
	ck_assert_ptr_ne(r.ev->file, ev.file);
	ck_assert_int_eq(scan_queue_next(q, &r), SCAN_QUEUE_TEXT);
	ck_assert_str_eq(r.text, "after\n");
	ck_assert_int_eq(scan_queue_next(q, &r), SCAN_QUEUE_END);
	scan_queue_free(q);
	free(big);
}
END_TEST

/* Every string field of the event (EV_STRINGS) arrives as a copy of its
 * own: a field left out of the queue's table would arrive as the
 * producer's pointer. */
START_TEST(test_every_string)
{
	struct scan_queue	*q = scan_queue_new();
	struct smtp_event	 ev;
	struct scan_queue_rec	 r;
	char			 buf[64][32];
	size_t			 n = 0;

	ev_clear(&ev);
#define SET(name) \
	snprintf(buf[n], sizeof(buf[n]), "%s-%zu", #name, n); \
	ev.name = buf[n++];
	EV_STRINGS(SET)
#undef SET
	ck_assert_int_eq(scan_queue_event(q, &ev, NULL), 0);
	scan_queue_end(q);
	ck_assert_int_eq(scan_queue_next(q, &r), SCAN_QUEUE_EVENT);
	n = 0;
#define CHECK(name) \
	ck_assert_str_eq(r.ev->name, buf[n]); \
	ck_assert_ptr_ne(r.ev->name, buf[n]); \
	n++;
	EV_STRINGS(CHECK)
#undef CHECK
	ck_assert_ptr_null(r.ev->counters);
	scan_queue_free(q);
}
END_TEST

/* The consumer stops early (its output failed): the producer's calls
 * return -1 from then on, it ends, and the consumer sees the end. */
START_TEST(test_stop)
{
	struct prod	 p = { scan_queue_new(), NREC, 0, 0 };
	struct scan_queue_rec	 r;
	pthread_t	 th;
	int		 i;

	ck_assert_int_eq(pthread_create(&th, NULL, produce, &p), 0);
	for (i = 0; i < 10; i++)
		ck_assert_int_ne(scan_queue_next(p.q, &r), SCAN_QUEUE_END);
	scan_queue_stop(p.q);
	pthread_join(th, NULL);
	ck_assert_int_eq(p.rc, -1);
	ck_assert_uint_lt(p.done, NREC);
	ck_assert_int_eq(scan_queue_next(p.q, &r), SCAN_QUEUE_END);
	scan_queue_free(p.q);
}
END_TEST

/*
 * A parser's memory as the scan names it (plumb.h): a line copy cut in
 * place and an arena, rewritten at every generation.  Generation g's line
 * is mlen(g) bytes, mostly short, every 10th long (a few per batch), every
 * 500th longer than a batch; it makes 1 + g % 5 events.  The first event
 * of every 7th generation also has a string of BIG bytes outside that
 * memory, more than the queue sets aside for such strings.
 */
#define BIG	2000
#define NGEN	6000
#define LINEMAX	(3 * SCAN_QUEUE_BATCH_BYTES / 2)

static size_t
mlen(unsigned long g)
{
	if (g % 500 == 499)
		return LINEMAX;
	if (g % 10 == 9)
		return 20000 + g % 7 * 1000;
	return 40 + g * 7919 % 400;
}

/* line - generation g's line: letters from g, a NUL at 10 (the host)
 * and at the end (the text from 11). */
static void
mline(char *line, unsigned long g)
{
	size_t	i, n = mlen(g);

	for (i = 0; i + 1 < n; i++)
		line[i] = (char)('a' + (g + i) % 26);
	line[10] = '\0';
	line[n - 1] = '\0';
}

/* mwant - the strings event e of generation g has (the consumer's side). */
static void
mwant(unsigned long g, unsigned long e, char *host, char *text, char *key,
    char *more, char *note)
{
	size_t	n = mlen(g);
	char	*line = malloc(n);

	ck_assert_ptr_nonnull(line);
	mline(line, g);
	memcpy(host, line, 11);
	memcpy(text, line + 11, n - 11);
	free(line);
	sprintf(key, "key-%lu", g);
	sprintf(more, "more-%lu", g);
	sprintf(note, "note-%lu-%lu", g, e);
}

struct mprod {
	struct scan_queue	*q;
	int			 rc;
};

static void *
mproduce(void *arg)
{
	struct mprod		*p = arg;
	struct smtp_event	 ev;
	struct scan_queue_mem	 m;
	char			*line = malloc(LINEMAX), arena[64], note[64],
				 big[BIG + 1];
	unsigned long		 g, e;
	size_t			 alen;

	ck_assert_ptr_nonnull(line);
	p->rc = 0;
	m.owner = line;
	m.lo[0] = line;
	m.lo[1] = arena;
	m.keep = keep;
	for (g = 0; g < NGEN && p->rc == 0; g++) {
		/* The last generation's bytes are gone: the parser reuses
		 * its memory. */
		memset(line, 'x', LINEMAX);
		memset(arena, 'y', sizeof(arena));
		mline(line, g);
		alen = (size_t)sprintf(arena, "key-%lu", g) + 1;
		m.gen = g;
		m.len[0] = mlen(g);
		for (e = 0; e <= g % 5 && p->rc == 0; e++) {
			if (e == 2) {
				/* Appended to after an event was queued. */
				alen += (size_t)sprintf(arena + alen,
				    "more-%lu", g) + 1;
			}
			m.len[1] = alen;
			ev_clear(&ev);
			ev.line = g;
			ev.pid = (long)e;
			ev.file = keep;
			ev.host = line;
			ev.text = line + 11;
			ev.session_key = arena;
			ev.command = "RCPT";
			if (e >= 2)
				ev.to = arena + strlen(arena) + 1;
			sprintf(note, "note-%lu-%lu", g, e);
			ev.note = note;
			if (g % 7 == 3 && e == 0) {
				memset(big, 'b', BIG);
				big[BIG] = '\0';
				ev.arg = big;
			}
			p->rc = scan_queue_event(p->q, &ev, &m);
			memset(note, 'z', sizeof(note));
			memset(big, 'z', sizeof(big));
		}
	}
	scan_queue_end(p->q);
	free(line);
	return NULL;
}

START_TEST(test_mem)
{
	struct mprod		 p = { scan_queue_new(), 0 };
	struct scan_queue_rec	 r;
	pthread_t		 th;
	unsigned long		 g = 0, e = 0, n = 0;
	char			*host = malloc(16), *text = malloc(LINEMAX),
				 key[64], more[64], note[64];

	ck_assert_ptr_nonnull(host);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(pthread_create(&th, NULL, mproduce, &p), 0);
	while (scan_queue_next(p.q, &r) != SCAN_QUEUE_END) {
		ck_assert_int_eq(r.kind, SCAN_QUEUE_EVENT);
		ck_assert_uint_eq(r.ev->line, g);
		ck_assert_int_eq(r.ev->pid, (long)e);
		mwant(g, e, host, text, key, more, note);
		ck_assert_ptr_eq(r.ev->file, keep);
		ck_assert_str_eq(r.ev->host, host);
		ck_assert_str_eq(r.ev->text, text);
		ck_assert_str_eq(r.ev->session_key, key);
		ck_assert_str_eq(r.ev->command, "RCPT");
		if (e >= 2)
			ck_assert_str_eq(r.ev->to, more);
		else
			ck_assert_ptr_null(r.ev->to);
		ck_assert_str_eq(r.ev->note, note);
		if (g % 7 == 3 && e == 0) {
			ck_assert_uint_eq(strlen(r.ev->arg), BIG);
			ck_assert_uint_eq(strspn(r.ev->arg, "b"), BIG);
		} else
			ck_assert_ptr_null(r.ev->arg);
		/* Now and then a slow consumer: the producer fills the
		 * ring and takes each batch back as soon as it is free. */
		if (++n % 64 == 0)
			sched_yield();
		if (++e > g % 5) {
			e = 0;
			g++;
		}
	}
	pthread_join(th, NULL);
	ck_assert_int_eq(p.rc, 0);
	ck_assert_uint_eq(g, NGEN);
	scan_queue_free(p.q);
	free(host);
	free(text);
}
END_TEST

/*
 * The events of one generation that do not fit the batch its memory was
 * copied into go to the next batch with a copy of their own (the first
 * batch is the consumer's to release while the second is read), and the
 * events of one batch share one copy.  One thread: the records fit the
 * ring.
 */
START_TEST(test_mem_batches)
{
	struct scan_queue	*q = scan_queue_new();
	struct scan_queue_mem	 m;
	struct smtp_event	 ev;
	struct scan_queue_rec	 r;
	size_t			 n = SCAN_QUEUE_BATCH_BYTES - 4096, i, nev = 0;
	char			*line = malloc(n), arena[16] = "key";
	const char		*first = NULL, *prev = NULL;
	unsigned		 copies = 0;

	ck_assert_ptr_nonnull(line);
	memset(line, 'h', n - 1);
	line[n - 1] = '\0';
	memset(&m, 0, sizeof(m));
	m.owner = line;
	m.gen = 1;
	m.lo[0] = line;
	m.len[0] = n;
	m.lo[1] = arena;
	m.len[1] = 4;
	ev_clear(&ev);
	ev.host = line + n - 8;
	ev.session_key = arena;
	for (i = 0; i < 40; i++)	/* about 400 bytes each */
		ck_assert_int_eq(scan_queue_event(q, &ev, &m), 0);
	scan_queue_end(q);
	while (scan_queue_next(q, &r) == SCAN_QUEUE_EVENT) {
		ck_assert_str_eq(r.ev->host, "hhhhhhh");
		ck_assert_str_eq(r.ev->session_key, "key");
		ck_assert_ptr_ne(r.ev->host, ev.host);
		if (first == NULL)
			first = r.ev->host;
		if (r.ev->host != prev)
			copies++;
		prev = r.ev->host;
		nev++;
	}
	/* A batch holds the copy and about ten of these events. */
	ck_assert_uint_eq(nev, 40);
	ck_assert_uint_ge(copies, 2);
	ck_assert_uint_lt(copies, nev);
	ck_assert_ptr_ne(prev, first);
	scan_queue_free(q);
	free(line);
}
END_TEST

Suite *
scan_queue_suite(void)
{
	Suite	*s = suite_create("scan_queue");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_huge);
	tcase_add_test(tc, test_every_string);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_mem);
	tcase_add_test(tc, test_mem_batches);
	suite_add_tcase(s, tc);
	return s;
}
