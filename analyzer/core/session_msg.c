/*
 * session_msg.c - the session builder's queued messages: a record per
 * queue id, made on first sight, linked to the inbound session that
 * brought it, closed when removed from the queue or evicted.  When they
 * close is session.c's to say.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/pool.h"
#include "lib/xmalloc.h"
#include "session_int.h"

void
smsg_free(struct sess_table *t, struct message *m)
{
	keep_drop(&m->queue_id);
	keep_drop(&m->from);
	keep_drop(&m->message_id);
	keep_drop(&m->bounce_of);
	if (m->link != NULL)
		free(m->link);
	t->mem -= m->mem;
	if (t->used_m == m)
		t->used_m = NULL;
	if (t->ev_m == m)
		t->ev_m = NULL;
	pool_put(t->mpool, m);
}

void
smsg_close(struct sess_table *t, struct message *m, int removed,
    int evicted)
{
	if (!removed)
		t->nmsg_incomplete++;
	if (evicted) {
		t->nmsg_evicted++;
		if (t->cfg.traffic != NULL)
			traffic_evicted(t->cfg.traffic, &m->traffic,
			    m->key.s, m->key.len);
	}
	htab_kdel(t->messages, &m->key);
	lru_unlink(&m->lru);
	smsg_free(t, m);
}

/* make - a new record for key (not open), with queue_id: out of
 * smsg_get, whose calls mostly find the message open. */
static struct message * __attribute__((noinline))
make(struct sess_table *t, const struct htab_key *key, const char *queue_id)
{
	struct message	*m;

	m = pool_get(t->mpool);
	memset(m, 0, offsetof(struct message, queue_id));
	m->tick = ++t->tick;
	t->used_m = m;
	shortstr_init(&m->queue_id);
	shortstr_init(&m->from);
	shortstr_init(&m->message_id);
	shortstr_init(&m->bounce_of);
	keep_set(&m->queue_id, queue_id);
	lru_init(&m->lru);
	m->key = *key;
	m->key.s = htab_kadd(t->messages, key, m);
	lru_push(&t->mlru, &m->lru);
	t->nmessages++;
	if (t->cfg.traffic != NULL)
		traffic_recall(t->cfg.traffic, &m->traffic, m->key.s,
		    m->key.len);
	return m;
}

struct message *
smsg_get(struct sess_table *t, const char *keystr, const char *queue_id)
{
	struct message	*m;
	struct htab_key	 key;

	htab_key_make(&key, keystr);
	if ((m = htab_kget(t->messages, &key)) != NULL) {
		lru_touch(&t->mlru, &m->lru);
		m->tick = ++t->tick;
		return m;
	}
	return make(t, &key, queue_id);
}

/* put - copy src (n bytes with its NUL; NULL: none) to *buf, which moves
 * on; *dst is set to the copy, or NULL. */
static inline void
put(char **dst, char **buf, const char *src, size_t n)
{
	if (src == NULL) {
		*dst = NULL;
		return;
	}
	*dst = memcpy(*buf, src, n);
	*buf += n;
}

/*
 * smsg_link - remember which inbound session brought the message: its
 * strings, in linkbuf when they fit, else in one allocation; what the
 * session does not know (NULL) keeps the value of an earlier link.  Such
 * a value may be in linkbuf itself: the strings are then put together
 * in tmp first.
 */
void
smsg_link(struct message *m, struct session *s)
{
	const char	*id, *name, *ip, *helo;
	char		*base, *buf, *old = m->link, tmp[LINK_ROOM];
	size_t		 lk, li, ln, lp, lh, size;
	int		 kept = 0;	/* a value of m's is used */

	id = sfind_id(s);
	if ((name = s->client_name.p) == NULL)
		kept |= (name = m->client_name) != NULL;
	if ((ip = s->client_ip.p) == NULL)
		kept |= (ip = m->client_ip) != NULL;
	if ((helo = s->helo.p) == NULL)
		kept |= (helo = m->helo) != NULL;
	lk = s->key.len + 1;
	li = strlen(id) + 1;
	ln = name != NULL ? strlen(name) + 1 : 0;
	lp = ip != NULL ? strlen(ip) + 1 : 0;
	lh = helo != NULL ? strlen(helo) + 1 : 0;
	size = lk + li + ln + lp + lh;
	if (size > sizeof(tmp))
		base = xmalloc(size);
	else
		base = kept && old == NULL ? tmp : m->linkbuf;
	buf = base;
	put(&m->session_key, &buf, s->key.s, lk);
	put(&m->session_id, &buf, id, li);
	put(&m->client_name, &buf, name, ln);
	put(&m->client_ip, &buf, ip, lp);
	put(&m->helo, &buf, helo, lh);
	if (base == tmp) {
		memcpy(m->linkbuf, tmp, size);
		m->session_key = m->linkbuf;
		m->session_id = m->linkbuf + lk;
		if (m->client_name != NULL)
			m->client_name = m->linkbuf + lk + li;
		if (m->client_ip != NULL)
			m->client_ip = m->linkbuf + lk + li + ln;
		if (m->helo != NULL)
			m->helo = m->linkbuf + lk + li + ln + lp;
	}
	if (base == tmp || base == m->linkbuf) {
		m->link = NULL;
		m->linksz = 0;
	} else {
		m->link = base;
		m->linksz = size;
	}
	if (old != NULL)
		free(old);
	m->client_port = s->client_port;
	m->session_start = s->start;
}
