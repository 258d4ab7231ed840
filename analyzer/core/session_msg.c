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
	pool_put(t->mpool, m);
}

void
smsg_close(struct sess_table *t, struct message *m, int removed,
    int evicted)
{
	if (!removed)
		t->nmsg_incomplete++;
	if (evicted)
		t->nmsg_evicted++;
	htab_kdel(t->messages, &m->key);
	lru_unlink(&m->lru);
	smsg_free(t, m);
}

struct message *
smsg_get(struct sess_table *t, const char *keystr, const char *queue_id,
    uint64_t *words)
{
	struct message	*m;
	struct htab_key	 key;
	uint64_t	 w;

	w = htab_key_make_words(&key, keystr);
	if (words != NULL)
		*words = w;
	if ((m = htab_kget(t->messages, &key)) != NULL) {
		lru_touch(&t->mlru, &m->lru);
		m->tick = ++t->tick;
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
	keep_set(&m->queue_id, queue_id);
	lru_init(&m->lru);
	m->key = key;
	m->key.s = htab_kadd(t->messages, &key, m);
	lru_push(&t->mlru, &m->lru);
	t->nmessages++;
	return m;
}

/*
 * smsg_link - remember which inbound session brought the message: its
 * strings, in linkbuf when they fit, else in one allocation; what the
 * session does not know (NULL) keeps the value of an earlier link.  The
 * strings are put together in tmp first: the earlier link they may come
 * from can be in linkbuf.
 */
void
smsg_link(struct message *m, struct session *s)
{
	const char	*src[5];
	char		**dst[5], *base, *buf, *old = m->link, tmp[LINK_ROOM];
	size_t		 len[5], size = 0, i;

	src[0] = s->key.s;
	src[1] = sfind_id(s);
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
