/*
 * session.c - rebuild SMTP sessions and queued messages from events, and
 * turn failing replies into diagnosed findings.  Parsing is the parsers'
 * job and printing the writers'; this file only links and counts.
 *
 * A session is one connection (OpenSMTPD's split): it starts at a connect,
 * or at the first event seen for its key when the log starts mid-session,
 * and ends at a disconnect, at a new connect on the same key (a process
 * serving its next client), when evicted by the bound, or at end of input.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pool.h"
#include "rule_cache.h"
#include "session_int.h"
#include "smtpstate.h"
#include "lib/xmalloc.h"

static void
lru_init(struct lru *l)
{
	l->prev = l->next = l;
}

static void
lru_unlink(struct lru *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e->next = e;
}

static void
lru_push(struct lru *head, struct lru *e)
{
	e->next = head->next;
	e->prev = head;
	head->next->prev = e;
	head->next = e;
}

static void
lru_touch(struct lru *head, struct lru *e)
{
	lru_unlink(e);
	lru_push(head, e);
}

struct sess_table *
sess_new(const struct sess_config *cfg)
{
	struct sess_table	*t;
	size_t			 i;

	t = xcalloc(1, sizeof(*t));
	t->cfg = *cfg;
	if (t->cfg.max_memory == 0)
		t->cfg.max_memory = SESS_DEFAULT_MAX_MEMORY;
	if (t->cfg.max_sessions == 0)
		t->cfg.max_sessions = SIZE_MAX;
	if (t->cfg.max_pending == 0)
		t->cfg.max_pending = SESS_DEFAULT_MAX_PENDING;
	t->sessions = htab_new();
	t->messages = htab_new();
	t->spool = pool_new(sizeof(struct session), POOL_SPARE);
	t->files = htab_new();
	t->mpool = pool_new(sizeof(struct message), POOL_SPARE);
	t->rcache = rule_cache_new(t->cfg.rules);
	for (i = 0; i < t->cfg.ncodes; i++)
		if (t->cfg.codes[i] >= 0 && t->cfg.codes[i] < CODE_LIMIT)
			t->wanted[t->cfg.codes[i]] = 1;
	lru_init(&t->slru);
	lru_init(&t->mlru);
	return t;
}

static int
code_wanted(const struct sess_table *t, int code)
{
	size_t	i;

	if (code >= 0 && code < CODE_LIMIT)
		return t->wanted[code];
	for (i = 0; i < t->cfg.ncodes; i++)
		if (t->cfg.codes[i] == code)
			return 1;
	return 0;
}

/* set - replace a kept string with a copy of s, when s is given. */
static void
set(struct shortstr *dst, const char *s)
{
	if (s != NULL)
		shortstr_set(dst, s);
}

/*
 * count_finding - account for a finding in the summary.  Code names live
 * in the table so the summary can point at them.
 */
static void
count_finding(struct sess_table *t, const struct finding *f)
{
	size_t	i;

	t->nfindings++;
	if (f->text_truncated)
		t->ntext_cut++;
	if (f->code_src == EV_CODE_INFERRED)
		t->ninferred++;
	else
		t->nlogged++;
	if (f->dir == EV_DIR_OUT)
		t->nout++;
	else
		t->nin++;
	for (i = 0; i < t->ncodes; i++)
		if (t->codevals[i] == f->code)
			break;
	if (i == t->ncodes && t->ncodes < SUMMARY_MAX_CODES) {
		snprintf(t->codenames[i], sizeof(t->codenames[i]), "%d",
		    f->code);
		t->codevals[i] = atoi(t->codenames[i]);
		t->ncodes++;
	}
	if (i < t->ncodes) {
		t->by_code[i].name = t->codenames[i];
		t->by_code[i].count++;
	}
	summary_count_add(t->by_cause, &t->ncauses,
	    sizeof(t->by_cause) / sizeof(t->by_cause[0]),
	    f->rule ? f->rule->cause : "unclassified", 1);
}

static int
emit(struct sess_table *t, const struct finding *f)
{
	/* Outside --since/--until (a time unknown is not inside): left
	 * out, counted apart. */
	if ((t->cfg.since != 0 && f->when < t->cfg.since) ||
	    (t->cfg.until != 0 && (f->when == 0 || f->when >= t->cfg.until))) {
		t->nout_of_range++;
		return t->failed ? -1 : 0;
	}
	count_finding(t, f);
	if (t->failed)
		return -1;
	if (t->cfg.emit != NULL && t->cfg.emit(t->cfg.arg, f) != 0) {
		t->failed = 1;
		return -1;
	}
	return 0;
}

/* flush_pending - emit a session's held findings with what it knows now. */
static int
flush_pending(struct sess_table *t, struct session *s, time_t end,
    int complete)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < s->npend; i++) {
		struct finding	*f = s->pend[i];

		f->session_end = end;
		f->session_complete = complete;
		if (f->helo == NULL)
			f->helo = s->helo.p;
		if (emit(t, f) != 0)
			rc = -1;
		free(f);
	}
	s->npend = 0;
	s->pbytes = 0;
	s->last_find = NULL;
	smem_held(t, s);
	return rc;
}

/* drop - free a kept string of a record about to go: most are empty or
 * in the record, and need no call. */
static void
drop(struct shortstr *k)
{
	if (k->p != NULL && k->p != k->buf)
		shortstr_clear(k);
}

static void
session_free(struct sess_table *t, struct session *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++)
		free(s->pend[i]);
	s->npend = 0;
	smem_held(t, s);
	t->mem -= s->mem;
	if (t->used_s == s)
		t->used_s = NULL;
	if (s->pend != NULL)
		free(s->pend);
	if (s->st != NULL)
		smst_free(s->st);
	drop(&s->client_name);
	drop(&s->client_ip);
	drop(&s->helo);
	if (s->id != NULL && s->id != s->room)
		free(s->id);
	pool_put(t->spool, s);
}

/* session_close - end a session: emit its findings, count it, free it. */
static int
session_close(struct sess_table *t, struct session *s, time_t end,
    int disconnected, int evicted)
{
	int	complete = s->connected && disconnected;
	int	rc;

	rc = flush_pending(t, s, end, complete);
	if (!complete)
		t->nincomplete++;
	if (evicted)
		t->nevicted++;
	htab_kdel(t->sessions, &s->key);
	lru_unlink(&s->lru);
	session_free(t, s);
	return rc;
}

static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* cut_copy - append n bytes of src at p, stopping at end; the new p. */
static char *
cut_copy(char *p, const char *end, const char *src, size_t n)
{
	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	memcpy(p, src, n);
	return p + n;
}

/*
 * session_id - the session's id, "KEY@FILE:LINE" of its first event, cut
 * at 1023 bytes as snprintf would cut it into a 1024-byte buffer; built by
 * hand, since snprintf cost 5 % of a scan here.
 */
static const char *
session_id(struct session *s)
{
	char		 num[24], *q = num + sizeof(num), *p, *end;
	unsigned long	 line = s->line;
	size_t		 flen, idlen;

	if (s->id != NULL)
		return s->id;
	/* Two digits a step: a division is dear. */
	for (; line >= 100; line /= 100) {
		q -= 2;
		memcpy(q, digits2 + 2 * (line % 100), 2);
	}
	if (line >= 10) {
		q -= 2;
		memcpy(q, digits2 + 2 * line, 2);
	} else
		*--q = (char)('0' + line);
	flen = strlen(s->file);
	idlen = s->key.len + 1 + flen + 1 + (size_t)(num + sizeof(num) - q);
	if (idlen > 1023)
		idlen = 1023;
	s->id = idlen < sizeof(s->room) ? s->room : xmalloc(idlen + 1);
	p = s->id;
	end = s->id + idlen;
	p = cut_copy(p, end, s->key.s, s->key.len);
	p = cut_copy(p, end, "@", 1);
	p = cut_copy(p, end, s->file, flen);
	p = cut_copy(p, end, ":", 1);
	p = cut_copy(p, end, q, (size_t)(num + sizeof(num) - q));
	*p = '\0';
	return s->id;
}

/* intern - the table's copy of an input name, kept until sess_free (the
 * event's is borrowed); the last one is checked first. */
static const char *
intern(struct sess_table *t, const char *file)
{
	char	*copy;

	if (t->lastfile != NULL && strcmp(t->lastfile, file) == 0)
		return t->lastfile;
	if ((copy = htab_get(t->files, file)) == NULL) {
		copy = xstrdup(file);
		htab_put(t->files, copy, copy);
	}
	return t->lastfile = copy;
}

/* session_new - a session for ev, under key (made from ev->session_key). */
static struct session *
session_new(struct sess_table *t, const struct smtp_event *ev,
    const struct htab_key *key)
{
	struct session	*s;
	int		 rc = 0;

	/* The count bound: the least recently used session goes first. */
	while (htab_count(t->sessions) >= t->cfg.max_sessions &&
	    t->slru.prev != &t->slru) {
		rc |= session_close(t, (struct session *)t->slru.prev, 0, 0, 1);
		t->nevicted_count++;
	}
	(void)rc;	/* t->failed keeps a write error for the caller */

	s = pool_get(t->spool);
	memset(s, 0, offsetof(struct session, fails));
	s->tick = ++t->tick;
	t->used_s = s;
	fc_init(&s->fails);
	s->file = intern(t, ev->file ? ev->file : "-");
	s->line = ev->line;
	shortstr_init(&s->client_name);
	shortstr_init(&s->client_ip);
	shortstr_init(&s->helo);
	s->key = *key;
	s->key.s = htab_kadd(t->sessions, key, s);
	lru_init(&s->lru);
	s->start = ev->when;
	s->connected = ev->kind == EV_CONNECT;
	lru_push(&t->slru, &s->lru);
	t->nsessions++;
	return s;
}

/* session_learn - what ev tells about its session s. */
static struct session *
session_learn(struct session *s, const struct smtp_event *ev)
{
	if (ev->when != 0)
		s->last = ev->when;	/* for sess_expire */
	if (s->client_ip.p == NULL && ev->client_ip != NULL) {
		set(&s->client_name, ev->client_name);
		set(&s->client_ip, ev->client_ip);
		s->client_port = ev->client_port;
	}
	/* Reject lines repeat the HELO name: the session learns it there
	 * when no HELO event was logged. */
	if (s->helo.p == NULL && ev->helo != NULL)
		shortstr_set(&s->helo, ev->helo);
	return s;
}

/* session_get - the open session of ev, made on first sight. */
static struct session *
session_get(struct sess_table *t, const struct smtp_event *ev)
{
	struct session	*s;
	struct htab_key	 key;

	htab_key_make(&key, ev->session_key);
	if ((s = htab_kget(t->sessions, &key)) == NULL)
		s = session_new(t, ev, &key);
	else {
		lru_touch(&t->slru, &s->lru);
		s->tick = ++t->tick;
		t->used_s = s;
	}
	return session_learn(s, ev);
}

static void
message_free(struct sess_table *t, struct message *m)
{
	drop(&m->queue_id);
	drop(&m->from);
	drop(&m->message_id);
	drop(&m->bounce_of);
	if (m->link != NULL)
		free(m->link);
	t->mem -= m->mem;
	if (t->used_m == m)
		t->used_m = NULL;
	pool_put(t->mpool, m);
}

static void
message_close(struct sess_table *t, struct message *m, int removed,
    int evicted)
{
	if (!removed)
		t->nmsg_incomplete++;
	if (evicted)
		t->nmsg_evicted++;
	htab_kdel(t->messages, &m->key);
	lru_unlink(&m->lru);
	message_free(t, m);
}

static struct message *
message_get(struct sess_table *t, const char *keystr, const char *queue_id)
{
	struct message	*m;
	struct htab_key	 key;

	htab_key_make(&key, keystr);
	if ((m = htab_kget(t->messages, &key)) != NULL) {
		lru_touch(&t->mlru, &m->lru);
		m->tick = ++t->tick;
		t->used_m = m;
		return m;
	}
	m = pool_get(t->mpool);
	memset(m, 0, offsetof(struct message, queue_id));
	m->tick = ++t->tick;
	t->used_m = m;
	shortstr_init(&m->queue_id);
	shortstr_init(&m->from);
	shortstr_init(&m->message_id);
	shortstr_init(&m->bounce_of);
	set(&m->queue_id, queue_id);
	lru_init(&m->lru);
	m->key = key;
	m->key.s = htab_kadd(t->messages, &key, m);
	lru_push(&t->mlru, &m->lru);
	t->nmessages++;
	return m;
}

/*
 * link_session - remember which inbound session brought the message: its
 * strings, in linkbuf when they fit, else in one allocation; what the
 * session does not know (NULL) keeps the value of an earlier link.  The
 * strings are put together in tmp first: the earlier link they may come
 * from can be in linkbuf.
 */
static void
link_session(struct message *m, struct session *s)
{
	const char	*src[5];
	char		**dst[5], *base, *buf, *old = m->link, tmp[LINK_ROOM];
	size_t		 len[5], size = 0, i;

	src[0] = s->key.s;
	src[1] = session_id(s);
	src[2] = s->client_name.p != NULL ? s->client_name.p : m->client_name;
	src[3] = s->client_ip.p != NULL ? s->client_ip.p : m->client_ip;
	src[4] = s->helo.p != NULL ? s->helo.p : m->helo;
	dst[0] = &m->session_key;
	dst[1] = &m->session_id;
	dst[2] = &m->client_name;
	dst[3] = &m->client_ip;
	dst[4] = &m->helo;
	for (i = 0; i < 5; i++)
		size += len[i] = src[i] != NULL ? strlen(src[i]) + 1 : 0;
	base = size <= sizeof(tmp) ? tmp : xmalloc(size);
	for (buf = base, i = 0; i < 5; i++) {
		if (src[i] != NULL)
			memcpy(buf, src[i], len[i]);
		buf += len[i];
	}
	if (base == tmp) {
		base = memcpy(m->linkbuf, tmp, size);
		m->link = NULL;
		m->linksz = 0;
	} else {
		m->link = base;
		m->linksz = size;
	}
	for (buf = base, i = 0; i < 5; i++) {
		*dst[i] = src[i] != NULL ? buf : NULL;
		buf += len[i];
	}
	free(old);
	m->client_port = s->client_port;
	m->session_start = s->start;
}

/*
 * next_rank - how many findings with this code were made before from the
 * event's line: the findings of one line are made one after another
 * (while its events are fed), so a few counters for the current line do.
 */
static unsigned
next_rank(struct sess_table *t, unsigned long line, int code)
{
	size_t	i;

	if (t->rank_key != t->input_key || t->rank_line != line) {
		t->rank_key = t->input_key;
		t->rank_line = line;
		t->nranks = 0;
	}
	for (i = 0; i < t->nranks; i++)
		if (t->ranks[i].code == code)
			return t->ranks[i].n++;
	if (t->nranks == sizeof(t->ranks) / sizeof(t->ranks[0]))
		i = t->nranks - 1;	/* nine codes from one line: forged */
	else
		i = t->nranks++;
	t->ranks[i].code = code;
	t->ranks[i].n = 1;
	return 0;
}

/*
 * make_finding - fill a finding from an event and what the session and
 * message know; the rule engine diagnoses it.
 */
static void
make_finding(struct sess_table *t, struct finding *f,
    const struct smtp_event *ev, struct session *s,
    const struct message *m)
{
	struct rule_query	q;

	memset(f, 0, sizeof(*f));
	f->when = ev->when;
	f->usec = ev->usec;
	f->host = ev->host;
	f->program = ev->program;
	f->code = ev->code;
	f->code_src = ev->code_src;
	f->enhanced = ev->enhanced;
	f->text = ev->text;
	f->text_truncated = ev->text_truncated;
	f->command = ev->command;
	f->why = ev->why;
	f->dir = ev->dir == EV_DIR_NONE ? EV_DIR_IN : ev->dir;
	f->event = ev_kind_name(ev->kind);
	f->relay_name = ev->relay_name;
	f->relay_ip = ev->relay_ip;
	f->relay_port = ev->relay_port;
	f->queue_id = ev->queue_id;
	f->from = ev->from;
	f->to = ev->to;
	f->message_id = NULL;
	f->file = ev->file;
	f->line = ev->line;
	f->id = finding_id(t->input_key, ev->line, ev->code,
	    next_rank(t, ev->line, ev->code));
	f->arg = ev->command != NULL && strcmp(ev->command, "AUTH") == 0 ?
	    NULL : ev->arg;
	if (s != NULL) {
		f->session_id = session_id(s);
		f->client_name = s->client_name.p;
		f->client_ip = s->client_ip.p;
		f->client_port = s->client_port;
		f->helo = s->helo.p;
		f->session_start = s->start;
	} else if (m != NULL && m->session_id != NULL &&
	    f->dir == EV_DIR_IN) {
		f->session_id = m->session_id;
		f->client_name = m->client_name;
		f->client_ip = m->client_ip;
		f->client_port = m->client_port;
		f->helo = m->helo;
		f->session_start = m->session_start;
	}
	if (f->client_ip == NULL && f->dir == EV_DIR_IN) {
		f->client_name = ev->client_name;
		f->client_ip = ev->client_ip;
		f->client_port = ev->client_port;
	}
	if (ev->helo != NULL)
		f->helo = ev->helo;
	if (m != NULL) {
		if (f->queue_id == NULL)
			f->queue_id = m->queue_id.p;
		if (f->from == NULL)
			f->from = m->from.p;
		f->message_id = m->message_id.p;
		f->bounce_of = m->bounce_of.p;
	}
	q.code = f->code;
	q.enhanced = f->enhanced;
	q.text = f->text;
	q.text_truncated = f->text_truncated;
	q.command = f->command;
	q.dir = f->dir;
	q.code_src = f->code_src;
	f->rule = rule_cache_match(t->rcache, &q);
}

/* hold - keep a session's finding until the session ends. */
static struct finding *
hold(struct sess_table *t, struct session *s, const struct finding *f)
{
	if (s->npend == s->cappend) {
		s->cappend = s->cappend ? s->cappend * 2 : 4;
		s->pend = xreallocarray(s->pend, s->cappend, sizeof(*s->pend));
	}
	s->pend[s->npend] = finding_dup(f);
	s->pbytes += finding_size(s->pend[s->npend]);
	/* Bounded: a session that never ends cannot hold findings forever. */
	if (s->npend + 1 >= t->cfg.max_pending) {
		s->npend++;
		flush_pending(t, s, 0, 0);
		return NULL;
	}
	s->npend++;
	smem_held(t, s);
	return s->pend[s->npend - 1];
}

/* copy_cut - s (NULL: "") into dst of size bytes, cut as snprintf cuts. */
static void
copy_cut(char *dst, size_t size, const char *s)
{
	size_t	n = 0;

	if (s != NULL)
		memcpy(dst, s, n = strnlen(s, size - 1));
	dst[n] = '\0';
}

/*
 * session_reply - a reply, greeting or reject inside a session.  A verbose
 * "> client: 554 ..." reply and the "reject: ... 554" line that logs the
 * same refusal are one failure: the second merges into the first.
 */
static int
session_reply(struct sess_table *t, const struct smtp_event *ev,
    struct message *m)
{
	struct session	*s = session_get(t, ev);
	struct finding	 f;
	const char	*expl = NULL;
	int		 is_reject = ev->kind == EV_REJECT;

	/* A dialogue (greeting, commands, replies) explains its replies. */
	if (ev->kind == EV_GREETING && s->st == NULL)
		s->st = smst_new(s->connected);
	if (s->st != NULL && !is_reject && ev->code_src == EV_CODE_LOGGED)
		expl = smst_feed(s->st, ev);
	if (ev->code < 400 || ev->code > 599)
		return 0;
	if (s->last_code == ev->code && !s->last_merged &&
	    (s->last_kind == EV_REJECT) != is_reject &&
	    strcmp(s->last_cmd, ev->command ? ev->command : "") == 0) {
		s->last_merged = 1;
		if (s->last_find != NULL && (is_reject || expl != NULL)) {
			struct finding	*old = s->last_find;
			size_t		 i;

			for (i = 0; i < s->npend; i++)
				if (s->pend[i] == old)
					break;
			if (i == s->npend)
				return 0;
			/* The reject line is richer: envelope and source;
			 * the explanation comes from the dialogue's reply. */
			if (is_reject) {
				make_finding(t, &f, ev, s, m);
				f.explanation = old->explanation;
			} else {
				f = *old;
				f.explanation = expl;
			}
			s->last_find = s->pend[i] = finding_dup(&f);
			s->pbytes += finding_size(s->pend[i]);
			s->pbytes -= finding_size(old);
			free(old);
			smem_held(t, s);
		}
		return 0;
	}
	fc_count(&s->fails, ev->command);
	s->last_code = ev->code;
	s->last_kind = ev->kind;
	s->last_merged = 0;
	copy_cut(s->last_cmd, sizeof(s->last_cmd), ev->command);
	s->last_find = NULL;
	if (code_wanted(t, ev->code)) {
		make_finding(t, &f, ev, s, m);
		f.explanation = expl;
		s->last_find = hold(t, s, &f);
	}
	return t->failed ? -1 : 0;
}

/*
 * infer_counters - a disconnect's counters say how many commands failed;
 * those no other line logged become inferred failures, findings when the
 * parser knows the one reply the server gives for them.
 */
static void
infer_counters(struct sess_table *t, struct session *s,
    const struct smtp_event *ev)
{
	struct smtp_event	 iev;
	struct finding		 f;
	char			 cmd[CMD_MAX], why[1024];
	int			 i, j, failed, missing;
	size_t			 k;

	for (i = 0; i < ev->ncounters; i++) {
		const struct ev_counter	*c = &ev->counters[i];

		/* Most counters show no failure: nothing to infer. */
		if ((failed = c->total - c->ok) <= 0)
			continue;
		if (strcmp(c->name, "commands") == 0)
			continue;
		/* A name given twice (forged) counts once. */
		for (j = 0; j < i; j++)
			if (ev->counters[j].name[0] == c->name[0] &&
			    strcmp(ev->counters[j].name, c->name) == 0)
				break;
		if (j < i)
			continue;
		missing = failed - fc_logged(&s->fails, c->name);
		if (missing <= 0)
			continue;
		if (c->implied_code == 0) {
			t->inferred_without_code += missing;
			continue;
		}
		if (!code_wanted(t, c->implied_code))
			continue;
		if (missing > SESS_MAX_INFERRED) {
			t->inferred_over_cap += missing - SESS_MAX_INFERRED;
			missing = SESS_MAX_INFERRED;
		}
		for (k = 0; k < CMD_MAX - 1 && c->name[k] != '\0'; k++)
			cmd[k] = toupper((unsigned char)c->name[k]);
		cmd[k] = '\0';
		snprintf(why, sizeof(why), "%s=%d/%d: %d failed, %d logged; %s",
		    c->name, c->ok, c->total, failed, failed - missing,
		    c->why ? c->why : "the server gives this reply");
		iev = *ev;
		iev.kind = EV_REPLY;
		iev.dir = EV_DIR_IN;
		iev.command = cmd;
		iev.code = c->implied_code;
		iev.code_src = EV_CODE_INFERRED;
		iev.enhanced = c->implied_enhanced;
		iev.text = c->implied_text;
		iev.why = why;
		for (j = 0; j < missing; j++) {
			make_finding(t, &f, &iev, s, NULL);
			hold(t, s, &f);
		}
	}
}

/* message_finding - a finding outside any session (a remote server's reply to us, or a reject of a message whose session is gone):
 * emitted at once. */
static int
message_finding(struct sess_table *t, const struct smtp_event *ev,
    struct message *m)
{
	struct finding	f;

	if (!code_wanted(t, ev->code))
		return 0;
	make_finding(t, &f, ev, NULL, m);
	return emit(t, &f);
}

static int
feed_event(struct sess_table *t, const struct smtp_event *ev)
{
	struct session	*s;
	struct message	*m = NULL;
	struct htab_key	 key;

	if (ev->message_key != NULL && ev->kind != EV_BOUNCE)
		m = message_get(t, ev->message_key, ev->queue_id);

	switch (ev->kind) {
	case EV_CONNECT:
		if (ev->session_key == NULL)
			break;
		htab_key_make(&key, ev->session_key);
		if ((s = htab_kget(t->sessions, &key)) != NULL)
			session_close(t, s, ev->when, 0, 0);
		session_learn(session_new(t, ev, &key), ev);
		break;
	case EV_GREETING:
	case EV_REPLY:
	case EV_REJECT:
		if (ev->kind == EV_REJECT)
			t->nrejects++;
		/* A session's own replies; outbound ones come from a
		 * transcript captured on the client side. */
		if (ev->session_key != NULL)
			return session_reply(t, ev, m);
		if (m != NULL && m->session_key != NULL &&
		    ev->dir != EV_DIR_OUT &&
		    htab_get(t->sessions, m->session_key) != NULL) {
			struct smtp_event	sev = *ev;

			sev.session_key = m->session_key;
			return session_reply(t, &sev, m);
		}
		return message_finding(t, ev, m);
	case EV_HELO:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		set(&s->helo, ev->arg ? ev->arg : ev->helo);
		break;
	case EV_COMMAND:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		if (s->st == NULL)
			s->st = smst_new(s->connected);
		smst_feed(s->st, ev);
		break;
	case EV_NOTE:
		if (ev->session_key != NULL)
			session_get(t, ev);
		break;
	case EV_DISCONNECT:
		if (ev->session_key == NULL)
			break;
		s = session_get(t, ev);
		infer_counters(t, s, ev);
		session_close(t, s, ev->when, 1, 0);
		break;
	case EV_MSG_QUEUED:
		if (m != NULL && ev->session_key != NULL &&
		    (s = htab_get(t->sessions, ev->session_key)) != NULL)
			link_session(m, s);
		break;
	case EV_MSG_INFO:
		if (m != NULL) {
			set(&m->from, ev->from);
			set(&m->message_id, ev->message_id);
		}
		break;
	case EV_DELIVERY:
		t->ndeliveries++;
		if (m != NULL && ev->code != 0)
			return message_finding(t, ev, m);
		break;
	case EV_BOUNCE:
		/* The notification is a message of its own, linked back. */
		if (ev->related_key != NULL) {
			m = message_get(t, ev->related_key, ev->related_id);
			set(&m->bounce_of, ev->queue_id);
		}
		break;
	case EV_MSG_REMOVED:
		if (m != NULL)
			message_close(t, m, 1, 0);
		break;
	default:
		break;
	}
	return t->failed ? -1 : 0;
}

/*
 * trim - close the least recently used sessions and messages (counted as
 * evicted) until the open ones fit the budget again; a session's held
 * findings go out first.
 */
static void
trim(struct sess_table *t)
{
	struct session	*s;
	struct message	*m;

	while (smem_victim(t, &s, &m)) {
		if (s != NULL)
			(void)session_close(t, s, 0, 0, 1);
		else
			message_close(t, m, 0, 1);
	}
}

int
sess_feed(struct sess_table *t, const struct smtp_event *ev)
{
	int	rc;

	t->used_s = NULL;
	t->used_m = NULL;
	rc = feed_event(t, ev);
	smem_charge(t);
	trim(t);
	return rc != 0 || t->failed ? -1 : 0;
}

void
sess_input_key(struct sess_table *t, uint64_t key)
{
	t->input_key = key;
}

int
sess_finish(struct sess_table *t)
{
	while (t->slru.next != &t->slru)
		session_close(t, (struct session *)t->slru.next, 0, 0, 0);
	while (t->mlru.next != &t->mlru)
		message_close(t, (struct message *)t->mlru.next, 0, 0);
	return t->failed ? -1 : 0;
}

static int
code_cmp(const void *a, const void *b)
{
	const struct summary_count *x = a, *y = b;

	return atoi(x->name) - atoi(y->name);
}

static int
count_cmp(const void *a, const void *b)
{
	const struct summary_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->name, y->name);
}

void
sess_summary(const struct sess_table *t, struct summary *s)
{
	size_t	i;

	s->sessions += t->nsessions;
	s->sessions_incomplete += t->nincomplete;
	s->sessions_evicted += t->nevicted;
	s->messages += t->nmessages;
	s->messages_incomplete += t->nmsg_incomplete;
	s->messages_evicted += t->nmsg_evicted;
	s->deliveries += t->ndeliveries;
	s->rejects += t->nrejects;
	s->findings += t->nfindings;
	s->findings_logged += t->nlogged;
	s->findings_inferred += t->ninferred;
	s->findings_inbound += t->nin;
	s->findings_outbound += t->nout;
	s->inferred_failures_without_code += t->inferred_without_code;
	s->inferred_over_cap += t->inferred_over_cap;
	s->sessions_evicted_count += t->nevicted_count;
	s->text_truncated += t->ntext_cut;
	s->findings_out_of_range += t->nout_of_range;
	for (i = 0; i < t->ncodes; i++)
		summary_count_add(s->by_code, &s->ncodes, SUMMARY_MAX_CODES,
		    t->by_code[i].name, t->by_code[i].count);
	for (i = 0; i < t->ncauses; i++)
		summary_count_add(s->by_cause, &s->ncauses,
		    sizeof(s->by_cause) / sizeof(s->by_cause[0]),
		    t->by_cause[i].name, t->by_cause[i].count);
	qsort(s->by_code, s->ncodes, sizeof(s->by_code[0]), code_cmp);
	qsort(s->by_cause, s->ncauses, sizeof(s->by_cause[0]), count_cmp);
}

void
sess_free(struct sess_table *t)
{
	if (t == NULL)
		return;
	while (t->slru.next != &t->slru) {
		struct session	*s = (struct session *)t->slru.next;

		lru_unlink(&s->lru);
		session_free(t, s);
	}
	while (t->mlru.next != &t->mlru) {
		struct message	*m = (struct message *)t->mlru.next;

		lru_unlink(&m->lru);
		message_free(t, m);
	}
	htab_free(t->sessions, NULL);
	htab_free(t->messages, NULL);
	pool_free(t->spool);
	pool_free(t->mpool);
	htab_free(t->files, free);
	free(t->held);
	rule_cache_free(t->rcache);
	free(t);
}

/*
 * sess_expire - close the sessions whose last event is older than before
 * (log time), as incomplete and evicted.  The walk starts at the least
 * recently active session and stops at the first one active since: the
 * LRU order is the order of the log, so a session logged out of order
 * waits for a later call.  A session without a time is left open.
 */
int
sess_expire(struct sess_table *t, time_t before, unsigned long *closed)
{
	struct lru	*e, *prev;
	struct session	*s;

	for (e = t->slru.prev; e != &t->slru; e = prev) {
		prev = e->prev;
		s = (struct session *)e;
		if (s->last == 0)
			continue;
		if (s->last >= before)
			break;
		session_close(t, s, s->last, 0, 1);
		if (closed != NULL)
			(*closed)++;
	}
	return t->failed ? -1 : 0;
}

time_t
sess_oldest_pending(const struct sess_table *t)
{
	return smem_oldest(t);
}
