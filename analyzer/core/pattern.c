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

const char *const pat_causes[] = { RULE_CAUSES };
const char *const pat_details[] = { NULL, "http", "tls", "binary" };

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
	for (k = 0; k < (int)PAT_NCAUSES; k++)
		if (strcmp(pat_causes[k], "pipelining-violation") == 0)
			p->pipecause = k + 1;
	p->keys = htab_new();
	p->fileidx = htab_new();
	return p;
}


void
pat_free(struct pat *p)
{
	size_t	i;

	if (p == NULL)
		return;
	htab_free(p->keys, pat_pkey_free);
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
	    strcmp(pat_causes[p->lastcause - 1], f->rule->cause) == 0)
		return p->lastcause;
	for (i = 0; i < PAT_NCAUSES; i++)
		if (strcmp(pat_causes[i], f->rule->cause) == 0)
			return p->lastcause = (int)i + 1;
	return 0;
}

static int
is_cmd(const struct finding *f, const char *name)
{
	return f->command != NULL && f->command[0] == name[0] &&
	    strcmp(f->command, name) == 0;
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
	size_t		 i, len;
	uint32_t	 h;
	int		 sig = 0, data;

	if (f->session_id == NULL)
		return 0;
	/* A session's findings come together: its slot is most often the
	 * last one used.  Else the hash spares comparing the id (long, and
	 * alike up to the pid) with every slot's. */
	len = strlen(f->session_id);
	h = htab_hashn(f->session_id, len);
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
		if (c->idcap < len + 1) {
			free(c->id);
			c->idcap = len + 1 > 64 ? len + 1 : 64;
			c->id = xmalloc(c->idcap);
		}
		memcpy(c->id, f->session_id, len + 1);
		c->hash = h;
		c->ndata = 0;
	}
	data = is_cmd(f, "DATA") || is_cmd(f, "BDAT");
	if (cause > 0 && cause == p->pipecause)
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

/* put_int - v in decimal at p; returns the end. */
static char *
put_int(char *p, int v)
{
	if (v < 0) {
		*p++ = '-';
		return pat_put_uint(p, 0UL - (unsigned long)(long)v);
	}
	return pat_put_uint(p, (unsigned long)v);
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
	struct htab_key	 hkey;
	struct pkey	*k;
	struct pev	*e;

	if (!p->cfg.th[kind].enabled || key == NULL)
		return;
	shown = table_key(hk, kind, dir, key);
	htab_key_make(&hkey, hk);
	if ((k = htab_kget(p->keys, &hkey)) == NULL) {
		if (p->nkeys >= p->cfg.max_keys) {
			p->dropped++;
			return;
		}
		k = xmalloc(sizeof(*k) + PKEY_INLINE * sizeof(*k->ev) +
		    hkey.len + 1);
		memset(k, 0, sizeof(*k));
		k->kind = kind;
		k->dir = dir;
		k->key_kind = kk;
		k->ev = pkey_inline(k);
		k->cap = PKEY_INLINE;
		k->hkey = (char *)(k->ev + PKEY_INLINE);
		memcpy(k->hkey, hk, hkey.len + 1);
		k->key = k->hkey + (shown - hk);
		k->sorted = 1;
		(void)htab_kadd(p->keys, &hkey, k);
		p->nkeys++;
	}
	if (p->nevents >= p->cfg.max_events) {
		p->dropped++;
		return;
	}
	if (k->n == k->cap) {
		k->cap *= 2;
		if (k->ev == pkey_inline(k)) {
			e = xreallocarray(NULL, k->cap, sizeof(*k->ev));
			memcpy(e, k->ev, k->n * sizeof(*k->ev));
			k->ev = e;
		} else
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
