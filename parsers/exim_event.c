/*
 * exim_event.c - what the Exim line handlers share: a new event of the
 * current line with its prefix fields, the line's arena (through
 * parsers/plumb.c), and session and message keys.  exim.c dispatches to
 * the handlers; this file calls none of them.
 *
 * Session keys: with a pid (log_selector +pid, or syslog) the key is the
 * process, "HOST/exim[PID]", and Exim's one process per connection makes
 * it exact.  Without a pid, the key is the client address, "exim/[IP]",
 * and the builder's rules do the rest: "SMTP connection from" starts a
 * session, a line that ends one (closed by QUIT, lost, dropped, ...)
 * closes it, and the next line of that address starts another.  A session
 * whose connect was not logged (Exim does not log connects by default) is
 * also taken as ended after EX_IDLE seconds without a line, or when a line
 * shows another client port (split()).  Since the key holds no counter, a
 * session that spans rotated files continues in the next one.  Limits
 * (see doc/formats.md): two connections of one address at the same time
 * whose lines carry no port are merged; the pause test does not reach
 * across inputs.  Each key's state stays in a table (exim_addr.c) until
 * the key shows no line for EX_IDLE seconds: then retire() ends its
 * session as its next line would have, and the builder need not keep it
 * open until the end of the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exim_int.h"
#include "plumb.h"
#include "lib/xmalloc.h"
#include "lib/word.h"

/* line_key - the message key of the line's id, made once a line; out of
 * line, so that ex_event() keeps a small frame. */
static void __attribute__((noinline))
line_key(struct ex *x)
{
	x->mkey = ex_message_key(x, x->id);
	x->mkey_id = x->id;
}

/* ex_event - a new event of the current line, prefix fields filled in. */
struct smtp_event *
ex_event(struct ex *x, enum ev_kind kind)
{
	struct smtp_event	*ev;

	ev = plumb_event(&x->pl, kind);	/* beyond EX_MAXEV: dropped */
	if (x->id != NULL) {
		ev->queue_id = x->id;
		if (x->mkey_id != x->id)
			line_key(x);
		ev->message_key = x->mkey;
	}
	return ev;
}

/* ex_save - copy s[0..n) into the arena; NULL if it does not fit. */
char *
ex_save(struct ex *x, const char *s, size_t n)
{
	return plumb_save(&x->pl, s, n);
}

/* ex_cat - the arena copy of a + b + c; NULL if it does not fit. */
const char *
ex_cat(struct ex *x, const char *a, const char *b, const char *c)
{
	return plumb_cat(&x->pl, a, b, c);
}

/* base - "HOST/exim" or "exim": what keys of this input start with;
 * its length in x->baselen. */
static const char *
base(struct ex *x)
{
	if (x->base != NULL)
		return x->base;
	if (x->pl.at.host == NULL)
		x->base = x->pl.at.program;
	else
		x->base = ex_cat(x, x->pl.at.host, "/", x->pl.at.program);
	if (x->base != NULL)
		x->baselen = strlen(x->base);
	return x->base;
}

/*
 * join - base + "/" + s[0..n) in the arena, or base + s[0..n) when slash
 * is 0; NULL if it does not fit.  Inline, with word_copy(): lex_join()'s
 * general form cost more than its copies on the keys most lines make.
 */
static inline const char *
join(struct ex *x, int slash, const char *s, size_t n)
{
	const char	*b;
	char		*d;
	size_t		 bl;

	if ((b = base(x)) == NULL)
		return NULL;
	bl = x->baselen + (slash != 0);
	if ((d = plumb_reserve(&x->pl, bl + n)) == NULL)
		return NULL;
	word_copy(d, b, x->baselen);
	if (slash)
		d[x->baselen] = '/';
	word_copy(d + bl, s, n);
	return d;
}

const char *
ex_message_key(struct ex *x, const char *id)
{
	if (id == NULL)
		return NULL;
	/* dispatch() knows the length of the line's id. */
	return join(x, 1, id, id == x->id ? x->idn : strlen(id));
}

/* hash - FNV-1a of s[0..n): the length is known, no NUL test a byte;
 * four bytes a step (gcc -O2 does not unroll it). */
static unsigned
hash(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned		 h = 2166136261u;

	for (; n >= 4; u += 4, n -= 4) {
		h = (h ^ u[0]) * 16777619u;
		h = (h ^ u[1]) * 16777619u;
		h = (h ^ u[2]) * 16777619u;
		h = (h ^ u[3]) * 16777619u;
	}
	for (; n > 0; u++, n--)
		h = (h ^ *u) * 16777619u;
	return h;
}

/* wrap - pre[0..lp) + s[0..n) + post[0..lq) in the arena (*len its
 * length), or NULL. */
static inline char *
wrap(struct ex *x, const char *pre, size_t lp, const char *s, size_t n,
    const char *post, size_t lq, size_t *len)
{
	char	*d;

	*len = lp + n + lq;
	if ((d = plumb_reserve(&x->pl, *len)) == NULL)
		return NULL;
	word_copy(d, pre, lp);
	word_copy(d + lp, s, n);
	word_copy(d + lp + n, post, lq);
	return d;
}

#define IDLE_NOTE	"no line for 5 minutes: taken as ended"

/*
 * split - the session of entry s shows no line for EX_IDLE seconds or
 * another client port, and its connect line was not seen: it is taken as
 * ended.  The disconnect event says so; it cannot make the session look
 * complete, since a session is complete only when its connect was seen.
 */
static void
split(struct ex *x, struct ex_addr *s, const char *key, const char *why)
{
	struct smtp_event	*ev;

	ev = ex_event(x, EV_DISCONNECT);
	ev->dir = EV_DIR_IN;
	ev->session_key = key;
	ev->when = s->last;
	ev->usec = 0;
	ev->queue_id = ev->message_key = NULL;
	ev->note = why;
}

/*
 * retire - the keys whose last line is more than EX_IDLE seconds before
 * the current line's leave the table, oldest first, so that it holds only
 * what may still matter; a session among them whose connect was not seen
 * and that did not end is taken as ended now (split()), as its next line
 * would have found.  At most EX_RETIRE splits a line, beyond what its
 * handlers make (EX_MAXEV); the rest leave on later lines.  Lines out of
 * time order retire nothing early: a key leaves only when the current
 * line is more than EX_IDLE after its own last line.
 */
static void
retire(struct ex *x)
{
	struct ex_addr	*e;
	const char	*key;

	while ((e = ex_addr_oldest(&x->addrs)) != NULL &&
	    x->pl.at.when - e->last > EX_IDLE) {
		if (!e->connected && !e->closed) {
			if (x->nretired == EX_RETIRE || (key = ex_save(x,
			    e->key, strlen(e->key))) == NULL)
				return;
			split(x, e, key, IDLE_NOTE);
			x->nretired++;
		}
		ex_addr_del(&x->addrs, e);
	}
}

/*
 * ex_session_key - the session key of the current line for client peer;
 * see the top of this file.  NULL when the line names no client (and
 * has no pid).  May queue disconnects (split()) of the client's previous
 * session and of sessions retire() ends before the caller's event.
 */
const char *
ex_session_key(struct ex *x, const struct ex_peer *peer, enum ex_key_use use)
{
	struct ex_addr	*s;
	const char	*addr, *key;
	char		 num[24];
	size_t		 alen, klen;
	unsigned	 h;
	int		 port = peer != NULL ? peer->port : 0;

	if (x->pl.at.pid >= 0) {
		/* "[%ld]" by hand: snprintf cost 1 % of a scan here. */
		char	*q = num + sizeof(num);
		long	 pid = x->pl.at.pid;

		*--q = ']';
		do
			*--q = (char)('0' + pid % 10);
		while ((pid /= 10) > 0);
		*--q = '[';
		return join(x, 0, q, (size_t)(num + sizeof(num) - q));
	}
	if (peer == NULL)
		return NULL;
	/* "[ip]" or "U=ident": the key's end. */
	if (peer->ip != NULL)
		addr = wrap(x, "[", 1, peer->ip, peer->iplen, "]", 1, &alen);
	else if (peer->ident != NULL)
		addr = wrap(x, "U=", 2, peer->ident, strlen(peer->ident), "",
		    0, &alen);
	else
		return NULL;
	if (addr == NULL || alen >= EX_ADDR_MAX)
		return NULL;
	key = join(x, 1, addr, alen);
	klen = x->baselen + 1 + alen;
	if (use == EX_KEY_PEEK || key == NULL || klen >= EX_KEY_MAX)
		return key;
	h = hash(addr, alen);
	if ((s = ex_addr_find(&x->addrs, key, h)) == NULL) {
		/* First line of this key in this input, or none for
		 * EX_IDLE seconds: continue whatever the builder has open
		 * (retire() ended it if it had to). */
		s = ex_addr_add(&x->addrs, key, klen, h);
		goto keep;
	}
	ex_addr_touch(&x->addrs, s);
	if (s->closed) {
		s->connected = s->closed = 0;	/* the builder closed it */
		s->port = 0;
	} else if (use != EX_KEY_NEW && !s->connected) {
		if (x->pl.at.when - s->last > EX_IDLE)
			split(x, s, key, IDLE_NOTE);
		else if (port != 0 && s->port != 0 && port != s->port)
			split(x, s, key, "another client port: taken as "
			    "ended");
		else
			goto keep;
		s->port = 0;
	}
keep:
	if (use == EX_KEY_NEW) {
		s->connected = 1;
		s->port = port;
	}
	if (use == EX_KEY_END)
		s->closed = 1;
	if (port != 0)
		s->port = port;
	s->last = x->pl.at.when;
	retire(x);
	return key;
}

/* ex_session_event - an inbound event of the session of peer. */
struct smtp_event *
ex_session_event(struct ex *x, enum ev_kind kind, const struct ex_peer *peer,
    enum ex_key_use use)
{
	struct smtp_event	*ev;
	const char		*key;

	key = ex_session_key(x, peer, use);	/* may queue a split first */
	ev = ex_event(x, kind);
	ev->dir = EV_DIR_IN;
	ev->session_key = key;
	if (peer != NULL) {
		ev->client_name = peer->name;
		ev->client_ip = peer->ip;
		ev->client_port = peer->port;
		ev->helo = peer->helo;
	}
	return ev;
}
