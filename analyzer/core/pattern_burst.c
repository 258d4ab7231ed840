/*
 * pattern_burst.c - the pattern detector's windows closed: each key's
 * findings sorted by time, cut into bursts that pass their threshold,
 * each made a pattern record (dominant code, cause, detail; references
 * to its findings) and emitted in a stable order.  Gathering the findings
 * is pattern.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "lib/xmalloc.h"
#include "pattern.h"
#include "pattern_int.h"
#include "rule.h"

/* ev_cmp - time order; findings without a time first; then by source. */
static const struct pat *cmp_pat;	/* for qsort: one thread only */

static int
ev_cmp(const void *a, const void *b)
{
	const struct pev	*x = a, *y = b;
	int			 c;

	if ((x->when == 0) != (y->when == 0))
		return x->when == 0 ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	if (x->usec != y->usec)
		return x->usec < y->usec ? -1 : 1;
	if (x->file != y->file && (c = strcmp(cmp_pat->files[x->file],
	    cmp_pat->files[y->file])) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return 0;
}

/* dominant - the most frequent non-zero value of counts[1..n), ties to
 * the lower index; 0 when all are zero. */
static int
dominant(const unsigned long *counts, int n)
{
	int	i, best = 0;

	for (i = 1; i < n; i++)
		if (counts[i] > counts[best] || (best == 0 && counts[i] > 0))
			best = i;
	return counts[best] > 0 ? best : 0;
}

/* cause_order - causes compared by name, for ties. */
static int
dominant_cause(const unsigned long *counts)
{
	int	i, best = 0;

	for (i = 1; i <= (int)PAT_NCAUSES; i++)
		if (counts[i] > 0 && (best == 0 || counts[i] > counts[best] ||
		    (counts[i] == counts[best] &&
		    strcmp(pat_causes[i - 1], pat_causes[best - 1]) < 0)))
			best = i;
	return best;
}

/* burst_out - the pattern record of events [s, e] of k, kept in p->out. */
static void
burst_out(struct pat *p, const struct pkey *k, size_t s, size_t e)
{
	const struct pat_threshold	*th = &p->cfg.th[k->kind];
	const struct pat_advice		*a = pat_advice_get(k->kind, k->dir);
	struct pattern			 r;
	unsigned long			 cc[PAT_NCAUSES + 1];
	unsigned long			 dc[PAT_DET__COUNT];
	const char			*refs[256];
	char				*refbuf;
	size_t				 i, j, nref, off = 0, cap, len;

	memset(&r, 0, sizeof(r));
	memset(cc, 0, sizeof(cc));
	memset(dc, 0, sizeof(dc));
	r.name = pat_name(k->kind);
	r.dir = k->dir;
	r.key_kind = k->key_kind;
	r.key = k->key;
	r.count = (unsigned long)(e - s + 1);
	r.first = (time_t)k->ev[s].when;
	r.first_usec = k->ev[s].usec;
	r.last = (time_t)k->ev[e].when;
	r.last_usec = k->ev[e].usec;
	r.threshold = th->count;
	r.window = th->window;
	for (i = s; i <= e; i++) {
		cc[k->ev[i].cause]++;
		dc[k->ev[i].detail < PAT_DET__COUNT ? k->ev[i].detail : 0]++;
		for (j = 0; j < r.ncodes; j++)
			if (r.codes[j].code == k->ev[i].code)
				break;
		if (j == r.ncodes && j < PAT_MAX_CODES)
			r.codes[r.ncodes++].code = k->ev[i].code;
		if (j < r.ncodes)
			r.codes[j].count++;
	}
	/* Codes in numeric order. */
	for (i = 1; i < r.ncodes; i++)
		for (j = i; j > 0 && r.codes[j].code < r.codes[j - 1].code;
		    j--) {
			int		 c = r.codes[j].code;
			unsigned long	 n = r.codes[j].count;

			r.codes[j] = r.codes[j - 1];
			r.codes[j - 1].code = c;
			r.codes[j - 1].count = n;
		}
	r.detail = pat_details[dominant(dc, PAT_DET__COUNT)];
	if (a != NULL) {
		r.cause = a->cause;
		r.who = a->who;
		r.severity = a->severity;
		r.title = msg(a->title);
		r.meaning = msg(a->meaning);
		r.when = msg(a->when);
		r.fix = msg(a->fix);
		r.lang = msg_lang_of(a->title);
	}
	if (r.cause == NULL) {
		i = (size_t)dominant_cause(cc);
		r.cause = i > 0 ? pat_causes[i - 1] : "other";
	}
	nref = r.count < p->cfg.max_refs ? r.count : p->cfg.max_refs;
	if (nref > sizeof(refs) / sizeof(refs[0]))
		nref = sizeof(refs) / sizeof(refs[0]);
	/* "file:line" each, written by hand as table_key() is. */
	cap = 1;
	for (i = 0; i < nref; i++)
		cap += strlen(p->files[k->ev[s + i].file]) + 16;
	refbuf = xmalloc(cap);
	for (i = 0; i < nref; i++) {
		refs[i] = refbuf + off;
		len = strlen(p->files[k->ev[s + i].file]);
		memcpy(refbuf + off, p->files[k->ev[s + i].file], len);
		off += len;
		refbuf[off++] = ':';
		off = (size_t)(pat_put_uint(refbuf + off, k->ev[s + i].line) -
		    refbuf);
		refbuf[off++] = '\0';
	}
	r.nrefs = nref;
	r.refs = refs;
	r.refs_more = r.count - nref;
	if (p->nout == p->capout) {
		p->capout = p->capout ? p->capout * 2 : 16;
		p->out = xreallocarray(p->out, p->capout, sizeof(*p->out));
	}
	p->out[p->nout++] = pat_dup(&r);
	free(refbuf);
}

/* qualifies - some window-long span of [s, e] holds count events. */
static int
qualifies(const struct pkey *k, size_t s, size_t e, unsigned count,
    long window)
{
	size_t	j;

	if (e - s + 1 < count)
		return 0;
	for (j = s + count - 1; j <= e; j++)
		if (k->ev[j].when - k->ev[j - count + 1].when <= window)
			return 1;
	return 0;
}

/*
 * key_pass - cut k's events into bursts; each burst closed before now
 * (flush: every burst) is reported if it qualifies, and its events are
 * forgotten.  Events without a time are one burst, closed only by flush.
 */
static void
key_pass(struct pat *p, struct pkey *k, time_t now, int flush)
{
	const struct pat_threshold	*th = &p->cfg.th[k->kind];
	size_t				 m, s, e, keep;

	if (!k->sorted) {
		cmp_pat = p;
		qsort(k->ev, k->n, sizeof(*k->ev), ev_cmp);
		k->sorted = 1;
	}
	for (m = 0; m < k->n && k->ev[m].when == 0; m++)
		;
	if (flush && m > 0 && m >= th->count)
		burst_out(p, k, 0, m - 1);
	for (s = m; s < k->n; s = e + 1) {
		for (e = s; e + 1 < k->n &&
		    k->ev[e + 1].when - k->ev[e].when <= th->window; e++)
			;
		if (!flush && k->ev[e].when + th->window >= (int64_t)now)
			break;
		if (qualifies(k, s, e, th->count, th->window))
			burst_out(p, k, s, e);
	}
	/* Forget the closed bursts (and, at flush, everything). */
	keep = flush ? 0 : m;
	p->nevents -= (s - m) + (flush ? m : 0);
	if (!flush && s > m)
		memmove(k->ev + m, k->ev + s, (k->n - s) * sizeof(*k->ev));
	k->n = flush ? 0 : keep + (k->n - s);
}

/* out_cmp - the order patterns are written in: first seen (untimed
 * first), name, key, first reference. */
static int
out_cmp(const void *a, const void *b)
{
	const struct pattern	*x = *(struct pattern *const *)a;
	const struct pattern	*y = *(struct pattern *const *)b;
	int			 c;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->first_usec != y->first_usec)
		return x->first_usec < y->first_usec ? -1 : 1;
	if ((c = pat_kind_find(x->name) - pat_kind_find(y->name)) != 0)
		return c;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	if (x->nrefs > 0 && y->nrefs > 0)
		return strcmp(x->refs[0], y->refs[0]);
	return 0;
}

struct collect {
	struct pkey	**k;
	size_t		 n;
};

static void
collect(const char *key, void *val, void *arg)
{
	struct collect	*c = arg;

	(void)key;
	c->k[c->n++] = val;
}

/* pass - a pass over every key, then the records emitted in order. */
static int
pass(struct pat *p, time_t now, int flush)
{
	struct collect	 c;
	size_t		 i;
	int		 rc = 0;

	c.k = xreallocarray(NULL, p->nkeys ? p->nkeys : 1, sizeof(*c.k));
	c.n = 0;
	htab_foreach(p->keys, collect, &c);
	for (i = 0; i < c.n; i++) {
		key_pass(p, c.k[i], now, flush);
		if (c.k[i]->n == 0) {
			htab_del(p->keys, c.k[i]->hkey);
			pat_pkey_free(c.k[i]);
			p->nkeys--;
		}
	}
	free(c.k);
	if (p->nout > 1)
		qsort(p->out, p->nout, sizeof(*p->out), out_cmp);
	for (i = 0; i < p->nout; i++) {
		if (rc == 0) {
			p->emitted++;
			p->by[pat_kind_find(p->out[i]->name)]++;
			if (p->cfg.emit != NULL &&
			    p->cfg.emit(p->cfg.arg, p->out[i]) != 0)
				rc = -1;
		}
		free(p->out[i]);
	}
	p->nout = 0;
	return rc;
}

int
pat_advance(struct pat *p, time_t now)
{
	if (now <= p->horizon)
		return 0;
	p->horizon = now;
	return pass(p, now, 0);
}

int
pat_flush(struct pat *p)
{
	return pass(p, 0, 1);
}
