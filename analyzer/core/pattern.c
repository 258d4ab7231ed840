/*
 * pattern.c - the session-level pattern detector: each finding is sorted
 * into the patterns it can belong to under a key, kept compactly (time,
 * source, code, cause), and cut into bursts when windows close.  Names,
 * thresholds and advice are pattern_advice.c's; writing is the writers'.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "pattern.h"
#include "pattern_int.h"
#include "rule.h"
#include "lib/xmalloc.h"

#define KEY_MAX		1040	/* longer keys are cut; a session id
				 * (session.c) is at most 1023 bytes */
#define CTX_SLOTS	64	/* sessions remembered for pipelining-abuse */

static const char *const causes[] = { RULE_CAUSES };
#define NCAUSES	(sizeof(causes) / sizeof(causes[0]))

static const char *const details[] = { NULL, "http", "tls", "binary" };

/* One finding as a pattern keeps it: 24 bytes. */
struct pev {
	int64_t		 when;		/* 0: no time */
	uint32_t	 file;		/* index in pat.files */
	uint32_t	 line;
	int32_t		 usec;
	uint16_t	 code;
	uint8_t		 cause;		/* index in causes + 1; 0: none */
	uint8_t		 detail;
};

struct pkey {
	enum pat_kind	 kind;
	enum ev_dir	 dir;
	const char	*key_kind;	/* static */
	char		*key;		/* shown */
	char		*hkey;		/* in the table */
	struct pev	*ev;
	size_t		 n, cap;
	int		 sorted;
};

/* What one session has shown so far (pipelining-abuse). */
struct sctx {
	char		*id;
	uint32_t	 hash;		/* htab_hash(id) */
	unsigned	 ndata;		/* DATA/BDAT refusals */
};

struct pat {
	struct pat_config cfg;
	struct htab	*keys;
	size_t		 nkeys, nevents;
	char		**files;	/* interned source names */
	size_t		 nfiles, capfiles;
	struct htab	*fileidx;	/* name -> index + 1 */
	size_t		 lastfile;
	struct sctx	 ctx[CTX_SLOTS];
	size_t		 ctxnext, ctxlast;
	int		 lastcause;	/* cause_index() of the last finding */
	time_t		 horizon;	/* no finding older is taken */
	unsigned long	 dropped, emitted, by[PAT__COUNT];
	int		 any;		/* a pattern is enabled */

	/* Collected by a pass, sorted, then emitted. */
	struct pattern	**out;
	size_t		 nout, capout;
};

struct pat *
pat_new(const struct pat_config *cfg)
{
	struct pat	*p = xcalloc(1, sizeof(*p));
	int		 k;

	p->cfg = *cfg;
	if (p->cfg.max_keys == 0)
		p->cfg.max_keys = PAT_DEFAULT_MAX_KEYS;
	if (p->cfg.max_events == 0)
		p->cfg.max_events = PAT_DEFAULT_MAX_EVENTS;
	for (k = 0; k < PAT__COUNT; k++) {
		if (p->cfg.th[k].count < 1)
			p->cfg.th[k].count = 1;
		if (p->cfg.th[k].window < 1)
			p->cfg.th[k].window = 1;
		p->any |= p->cfg.th[k].enabled;
	}
	p->keys = htab_new();
	p->fileidx = htab_new();
	return p;
}

static void
pkey_free(void *v)
{
	struct pkey	*k = v;

	free(k->key);
	free(k->hkey);
	free(k->ev);
	free(k);
}

void
pat_free(struct pat *p)
{
	size_t	i;

	if (p == NULL)
		return;
	htab_free(p->keys, pkey_free);
	htab_free(p->fileidx, NULL);
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	for (i = 0; i < CTX_SLOTS; i++)
		free(p->ctx[i].id);
	for (i = 0; i < p->nout; i++)
		free(p->out[i]);
	free(p->out);
	free(p);
}

/* file_index - the interned index of a source name. */
static uint32_t
file_index(struct pat *p, const char *name)
{
	void	*v;

	if (name == NULL)
		name = "-";
	if (p->nfiles > 0 && strcmp(p->files[p->lastfile], name) == 0)
		return (uint32_t)p->lastfile;
	if ((v = htab_get(p->fileidx, name)) != NULL) {
		p->lastfile = (size_t)((uintptr_t)v - 1);
		return (uint32_t)p->lastfile;
	}
	if (p->nfiles == p->capfiles) {
		p->capfiles = p->capfiles ? p->capfiles * 2 : 16;
		p->files = xreallocarray(p->files, p->capfiles,
		    sizeof(*p->files));
	}
	p->files[p->nfiles] = xstrdup(name);
	htab_put(p->fileidx, name, (void *)(uintptr_t)(p->nfiles + 1));
	p->lastfile = p->nfiles++;
	return (uint32_t)p->lastfile;
}

/* cause_index - the index + 1 of f's cause in causes, 0 for none; the
 * last finding's cause is tried first, as findings come in runs. */
static int
cause_index(struct pat *p, const struct finding *f)
{
	size_t	i;

	if (f->rule == NULL || f->rule->cause == NULL)
		return 0;
	if (p->lastcause > 0 &&
	    strcmp(causes[p->lastcause - 1], f->rule->cause) == 0)
		return p->lastcause;
	for (i = 0; i < NCAUSES; i++)
		if (strcmp(causes[i], f->rule->cause) == 0)
			return p->lastcause = (int)i + 1;
	return 0;
}

static int
is_cmd(const struct finding *f, const char *name)
{
	return f->command != NULL && strcmp(f->command, name) == 0;
}

/*
 * pipelining_signal - one sign, in one session, that the client does not
 * wait for replies or ignores them: a pipelining violation; DATA (or
 * BDAT) sent again after DATA was refused; a command not recognized after
 * DATA was refused (the message body sent as commands).  The session's
 * findings come in order, so a few sessions remembered suffice.
 */
static int
pipelining_signal(struct pat *p, const struct finding *f, int cause)
{
	struct sctx	*c = NULL;
	size_t		 i;
	uint32_t	 h;
	int		 sig = 0, data;

	if (f->session_id == NULL)
		return 0;
	/* A session's findings come together: its slot is most often the
	 * last one used.  Else the hash spares comparing the id (long, and
	 * alike up to the pid) with every slot's. */
	h = htab_hash(f->session_id);
	if (p->ctx[p->ctxlast].id != NULL && p->ctx[p->ctxlast].hash == h &&
	    strcmp(p->ctx[p->ctxlast].id, f->session_id) == 0)
		c = &p->ctx[p->ctxlast];
	for (i = 0; c == NULL && i < CTX_SLOTS; i++)
		if (p->ctx[i].id != NULL && p->ctx[i].hash == h &&
		    strcmp(p->ctx[i].id, f->session_id) == 0)
			c = &p->ctx[i];
	if (c == NULL) {
		c = &p->ctx[p->ctxnext];
		p->ctxnext = (p->ctxnext + 1) % CTX_SLOTS;
		free(c->id);
		c->id = xstrdup(f->session_id);
		c->hash = h;
		c->ndata = 0;
	}
	data = is_cmd(f, "DATA") || is_cmd(f, "BDAT");
	if (cause > 0 && strcmp(causes[cause - 1], "pipelining-violation") == 0)
		sig = 1;
	else if (data && c->ndata > 0)
		sig = 1;
	else if (!data && c->ndata > 0 && (f->code == 500 || f->code == 502 ||
	    f->code == 501))
		sig = 1;
	if (data)
		c->ndata++;
	p->ctxlast = (size_t)(c - p->ctx);
	return sig;
}

/* put_uint - u in decimal at p; returns the end. */
static char *
put_uint(char *p, unsigned long u)
{
	char	 tmp[24], *t = tmp + sizeof(tmp);

	do
		*--t = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	memcpy(p, t, (size_t)(tmp + sizeof(tmp) - t));
	return p + (tmp + sizeof(tmp) - t);
}

/* put_int - v in decimal at p; returns the end. */
static char *
put_int(char *p, int v)
{
	if (v < 0) {
		*p++ = '-';
		return put_uint(p, 0UL - (unsigned long)(long)v);
	}
	return put_uint(p, (unsigned long)v);
}

/*
 * table_key - "KIND\037DIR\037KEY" in hk (KEY cut to KEY_MAX bytes), the
 * key of (kind, dir, key) in p->keys; returns where KEY starts in hk.
 * Written by hand: snprintf cost half of feeding a finding.
 */
static char *
table_key(char hk[KEY_MAX + 32], enum pat_kind kind, enum ev_dir dir,
    const char *key)
{
	char	*q = hk, *start;
	size_t	 n;

	q = put_int(q, (int)kind);
	*q++ = '\037';
	q = put_int(q, (int)dir);
	*q++ = '\037';
	start = q;
	n = strnlen(key, KEY_MAX);
	memcpy(q, key, n);
	q[n] = '\0';
	return start;
}

/* add - store one finding under (kind, dir, key). */
static void
add(struct pat *p, enum pat_kind kind, enum ev_dir dir, const char *kk,
    const char *key, const struct finding *f, int cause, int detail)
{
	char		 hk[KEY_MAX + 32], *shown;
	struct pkey	*k;
	struct pev	*e;

	if (!p->cfg.th[kind].enabled || key == NULL)
		return;
	shown = table_key(hk, kind, dir, key);
	if ((k = htab_get(p->keys, hk)) == NULL) {
		if (p->nkeys >= p->cfg.max_keys) {
			p->dropped++;
			return;
		}
		k = xcalloc(1, sizeof(*k));
		k->kind = kind;
		k->dir = dir;
		k->key_kind = kk;
		k->key = xstrdup(shown);
		k->hkey = xstrdup(hk);
		k->sorted = 1;
		htab_put(p->keys, hk, k);
		p->nkeys++;
	}
	if (p->nevents >= p->cfg.max_events) {
		p->dropped++;
		return;
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 4;
		k->ev = xreallocarray(k->ev, k->cap, sizeof(*k->ev));
	}
	e = &k->ev[k->n];
	e->when = f->when;
	e->usec = f->usec;
	e->file = file_index(p, f->file);
	e->line = f->line > UINT32_MAX ? UINT32_MAX : (uint32_t)f->line;
	e->code = (uint16_t)(f->code > 0 && f->code < 1000 ? f->code : 0);
	e->cause = (uint8_t)cause;
	e->detail = (uint8_t)detail;
	if (k->n > 0 && k->sorted && (e->when < k->ev[k->n - 1].when ||
	    (e->when == k->ev[k->n - 1].when && e->when != 0 &&
	    e->usec < k->ev[k->n - 1].usec)))
		k->sorted = 0;
	if (k->n > 0 && e->when == 0 && k->ev[k->n - 1].when != 0)
		k->sorted = 0;
	k->n++;
	p->nevents++;
}

int
pat_feed(struct pat *p, const struct finding *f)
{
	char		 buf[KEY_MAX];
	const char	*ip, *kk;
	int		 cause, det;

	if (!p->any)
		return 0;
	if (f->when != 0 && f->when < p->horizon) {
		p->dropped++;		/* late: its windows are closed */
		return 0;
	}
	cause = cause_index(p, f);
	if (f->dir == EV_DIR_OUT) {
		if (f->code == 554 || f->code == 530)
			add(p, f->code == 554 ? PAT_PROVIDER : PAT_SUBMISSION,
			    EV_DIR_OUT, "relay_domain",
			    pat_relay_key(f, buf, sizeof(buf)), f, cause, 0);
		return 0;
	}
	/* Inbound: by client address; by session when the log has none
	 * (transcripts), except repeat-offender, which is about addresses. */
	ip = f->client_ip;
	kk = ip != NULL ? "client_ip" : "session";
	if (ip == NULL)
		ip = f->session_id;
	if (f->client_ip != NULL)
		add(p, PAT_REPEAT, EV_DIR_IN, kk, ip, f, cause, 0);
	if (p->cfg.th[PAT_PIPELINING].enabled && pipelining_signal(p, f, cause))
		add(p, PAT_PIPELINING, EV_DIR_IN, "session", f->session_id, f,
		    cause, 0);
	if (p->cfg.th[PAT_PROBE].enabled && (det = pat_probe_kind(f)) != PAT_DET_NONE)
		add(p, PAT_PROBE, EV_DIR_IN, kk, ip, f, cause, det);
	if (f->code == 530)
		add(p, PAT_SUBMISSION, EV_DIR_IN, kk, ip, f, cause, 0);
	if (is_cmd(f, "VRFY") || is_cmd(f, "EXPN"))
		add(p, PAT_HARVEST, EV_DIR_IN, kk, ip, f, cause, 0);
	if (f->code == 554 && is_cmd(f, "CONNECT"))
		add(p, PAT_GREETING, EV_DIR_IN, "host", f->host ? f->host : "-",
		    f, cause, 0);
	return 0;
}

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

	for (i = 1; i <= (int)NCAUSES; i++)
		if (counts[i] > 0 && (best == 0 || counts[i] > counts[best] ||
		    (counts[i] == counts[best] &&
		    strcmp(causes[i - 1], causes[best - 1]) < 0)))
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
	unsigned long			 cc[NCAUSES + 1], dc[PAT_DET__COUNT];
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
	r.detail = details[dominant(dc, PAT_DET__COUNT)];
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
		r.cause = i > 0 ? causes[i - 1] : "other";
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
		off = (size_t)(put_uint(refbuf + off, k->ev[s + i].line) -
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
			pkey_free(c.k[i]);
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

void
pat_summary(const struct pat *p, struct summary *s)
{
	int	k;

	s->patterns_enabled = p->any;
	s->patterns += p->emitted;
	s->patterns_dropped += p->dropped;
	for (k = 0; k < PAT__COUNT; k++)
		if (p->by[k] > 0)
			summary_count_add(s->by_pattern, &s->npatterns,
			    sizeof(s->by_pattern) / sizeof(s->by_pattern[0]),
			    pat_name(k), p->by[k]);
}

/* pat_dup - one block: the struct, the refs array, then the strings. */
struct pattern *
pat_dup(const struct pattern *src)
{
	struct pattern	 tmp = *src, *r;
	const char	**fields[] = { &tmp.key, &tmp.detail, &tmp.meaning,
			    &tmp.when, &tmp.fix, &tmp.title, &tmp.lang };
	size_t		 i, n = sizeof(fields) / sizeof(fields[0]), size, len;
	const char	**refs;
	char		*q;

	/* name, key_kind, cause, who and severity are static strings, but
	 * a copy must not depend on that for key, texts and refs. */
	size = sizeof(*r) + src->nrefs * sizeof(char *);
	for (i = 0; i < n; i++)
		if (*fields[i] != NULL)
			size += strlen(*fields[i]) + 1;
	for (i = 0; i < src->nrefs; i++)
		size += strlen(src->refs[i]) + 1;
	r = xmalloc(size);
	refs = (const char **)(r + 1);
	q = (char *)(refs + src->nrefs);
	for (i = 0; i < n; i++) {
		if (*fields[i] == NULL)
			continue;
		len = strlen(*fields[i]) + 1;
		memcpy(q, *fields[i], len);
		*fields[i] = q;
		q += len;
	}
	for (i = 0; i < src->nrefs; i++) {
		len = strlen(src->refs[i]) + 1;
		memcpy(q, src->refs[i], len);
		refs[i] = q;
		q += len;
	}
	tmp.refs = refs;
	*r = tmp;
	return r;
}
