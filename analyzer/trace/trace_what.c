/*
 * trace_what.c - one event said in one line for a trace timeline:
 * "connect from unknown[198.51.100.7]", "to=<a@b> relay=mx[192.0.2.1]:25
 * status=bounced dsn=5.0.0: 550 Administrative prohibition (END-OF-MESSAGE)".
 * The words are the log's own; nothing is escaped here (the writers do).
 */
#include <stdio.h>
#include <string.h>

#include "trace_int.h"

struct out {
	char	*buf;
	size_t	 size, len;
};

/* putl - n bytes of s appended, cut to the buffer (trace_what ends the
 * string). */
static inline void
putl(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->size)
		return;
	if (n > o->size - 1 - o->len)
		n = o->size - 1 - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* PUT_LIT - putl() of a string literal: its length known, the copy inlined. */
#define PUT_LIT(o, lit)	putl((o), (lit), sizeof(lit) - 1)

/* put - s appended (nothing when NULL). */
static void
put(struct out *o, const char *s)
{
	if (s != NULL)
		putl(o, s, strlen(s));
}

/* putn - prefix, then n in decimal (no printf: this runs per event). */
static void
putn(struct out *o, const char *prefix, long n)
{
	char		 tmp[32], *q = tmp + sizeof(tmp);
	unsigned long	 v = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

	*--q = '\0';
	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (n < 0)
		*--q = '-';
	put(o, prefix);
	put(o, q);
}

static void
sp(struct out *o)
{
	if (o->len > 0 && o->buf[o->len - 1] != ' ')
		PUT_LIT(o, " ");
}

/* peer - "name[ip]:port" with the parts that are known. */
static void
peer(struct out *o, const char *name, const char *ip, int port)
{
	put(o, name != NULL ? name : ip != NULL ? "" : "?");
	if (ip != NULL) {
		PUT_LIT(o, "[");
		put(o, ip);
		PUT_LIT(o, "]");
	}
	if (port > 0)
		putn(o, ":", port);
}

/* reply - "CODE ENH TEXT" with the parts that are known. */
static void
reply(struct out *o, const struct smtp_event *ev)
{
	if (ev->code != 0) {
		sp(o);
		putn(o, "", ev->code);
		if (ev->code_src == EV_CODE_INFERRED)
			PUT_LIT(o, " (inferred)");
	}
	if (ev->enhanced != NULL) {
		sp(o);
		put(o, ev->enhanced);
	}
	if (ev->text != NULL) {
		sp(o);
		put(o, ev->text);
	}
}

static void
addr(struct out *o, const char *key, const char *a)
{
	if (a == NULL)
		return;
	sp(o);
	put(o, key);
	if (a[0] == '<')
		put(o, a);
	else {
		PUT_LIT(o, "<");
		put(o, a);
		PUT_LIT(o, ">");
	}
}

static void
counters(struct out *o, const struct smtp_event *ev)
{
	int	i;

	for (i = 0; i < ev->ncounters && i < EV_MAX_COUNTERS; i++) {
		const struct ev_counter *c = &ev->counters[i];

		sp(o);
		put(o, c->name);
		if (c->ok == c->total)
			putn(o, "=", c->total);
		else {
			putn(o, "=", c->ok);
			putn(o, "/", c->total);
		}
	}
}

/* The words of each kind of event (trace_what). */
static void
what_connect(struct out *o, const struct smtp_event *ev)
{
	PUT_LIT(o, "connect");
	if (ev->client_name != NULL || ev->client_ip != NULL) {
		PUT_LIT(o, " from ");
		peer(o, ev->client_name, ev->client_ip,
		    ev->client_port);
	} else if (ev->relay_name != NULL) {
		PUT_LIT(o, " to ");
		peer(o, ev->relay_name, ev->relay_ip, ev->relay_port);
	}
}

static void
what_greeting(struct out *o, const struct smtp_event *ev)
{
	PUT_LIT(o, "greeting");
	reply(o, ev);
}

static void
what_helo(struct out *o, const struct smtp_event *ev)
{
	put(o, ev->command != NULL ? ev->command : "HELO");
	sp(o);
	put(o, ev->arg != NULL ? ev->arg : ev->helo);
}

static void
what_command(struct out *o, const struct smtp_event *ev)
{
	put(o, ev->dir == EV_DIR_OUT ? "sent: " : "client: ");
	put(o, ev->command);
	if (ev->arg != NULL) {
		sp(o);
		put(o, ev->arg);
	}
}

static void
what_reply(struct out *o, const struct smtp_event *ev)
{
	put(o, ev->dir == EV_DIR_OUT ? "remote reply" : "reply");
	if (ev->relay_name != NULL || ev->relay_ip != NULL) {
		PUT_LIT(o, " from ");
		peer(o, ev->relay_name, ev->relay_ip, ev->relay_port);
	}
	if (ev->command != NULL) {
		PUT_LIT(o, " to ");
		put(o, ev->command);
	}
	PUT_LIT(o, ":");
	reply(o, ev);
}

static void
what_reject(struct out *o, const struct smtp_event *ev)
{
	PUT_LIT(o, "reject");
	if (ev->command != NULL) {
		sp(o);
		put(o, ev->command);
	}
	PUT_LIT(o, ":");
	reply(o, ev);
	addr(o, "from=", ev->from);
	addr(o, "to=", ev->to);
}

static void
what_note(struct out *o, const struct smtp_event *ev)
{
	put(o, ev->note != NULL ? ev->note : "note");
	if (ev->text != NULL) {
		PUT_LIT(o, ": ");
		put(o, ev->text);
	}
}

static void
what_msg_queued(struct out *o, const struct smtp_event *ev)
{
	PUT_LIT(o, "queued as ");
	put(o, ev->queue_id != NULL ? ev->queue_id : "?");
	if (ev->client_name != NULL || ev->client_ip != NULL) {
		PUT_LIT(o, " client=");
		peer(o, ev->client_name, ev->client_ip,
		    ev->client_port);
	}
	addr(o, "from=", ev->from);
}

static void
what_msg_info(struct out *o, const struct smtp_event *ev)
{
	addr(o, "from=", ev->from);
	if (ev->message_id != NULL) {
		sp(o);
		PUT_LIT(o, "message-id=");
		put(o, ev->message_id);
	}
	if (ev->note != NULL) {
		sp(o);
		put(o, ev->note);
	}
	if (o->len == 0)
		PUT_LIT(o, "message info");
}

static void
what_delivery(struct out *o, const struct smtp_event *ev)
{
	addr(o, "to=", ev->to);
	addr(o, "orig_to=", ev->orig_to);
	if (ev->relay_name != NULL || ev->relay_ip != NULL) {
		sp(o);
		PUT_LIT(o, "relay=");
		peer(o, ev->relay_name, ev->relay_ip, ev->relay_port);
	}
	if (ev->status != NULL) {
		sp(o);
		PUT_LIT(o, "status=");
		put(o, ev->status);
	}
	if (ev->dsn != NULL) {
		sp(o);
		PUT_LIT(o, "dsn=");
		put(o, ev->dsn);
	}
	if (ev->code != 0 || ev->text != NULL) {
		PUT_LIT(o, ":");
		reply(o, ev);
		if (ev->command != NULL) {
			PUT_LIT(o, " (after ");
			put(o, ev->command);
			PUT_LIT(o, ")");
		}
	}
}

static void
what_bounce(struct out *o, const struct smtp_event *ev)
{
	put(o, ev->note != NULL ? ev->note : "notification");
	PUT_LIT(o, " queued as ");
	put(o, ev->related_id != NULL ? ev->related_id : "?");
}

static void
what_msg_removed(struct out *o, const struct smtp_event *ev)
{
	(void)ev;
	PUT_LIT(o, "removed from the queue");
}

static void
what_disconnect(struct out *o, const struct smtp_event *ev)
{
	PUT_LIT(o, "disconnect");
	if (ev->note != NULL) {
		PUT_LIT(o, " (");
		put(o, ev->note);
		PUT_LIT(o, ")");
	}
	counters(o, ev);
}

size_t
trace_what(const struct smtp_event *ev, char *buf, size_t size)
{
	static void	(*const what[EV__COUNT])(struct out *,
			    const struct smtp_event *) = {
		[EV_CONNECT] = what_connect,
		[EV_GREETING] = what_greeting,
		[EV_HELO] = what_helo,
		[EV_COMMAND] = what_command,
		[EV_REPLY] = what_reply,
		[EV_REJECT] = what_reject,
		[EV_NOTE] = what_note,
		[EV_MSG_QUEUED] = what_msg_queued,
		[EV_MSG_INFO] = what_msg_info,
		[EV_DELIVERY] = what_delivery,
		[EV_BOUNCE] = what_bounce,
		[EV_MSG_REMOVED] = what_msg_removed,
		[EV_DISCONNECT] = what_disconnect,
	};
	struct out	o = { buf, size, 0 };
	char		*p;

	if ((unsigned)ev->kind < EV__COUNT && what[ev->kind] != NULL)
		what[ev->kind](&o, ev);
	else
		put(&o, ev_kind_name(ev->kind));
	buf[o.len] = '\0';
	/* A multi-line reply on one line; other controls stay for the
	 * writers to escape. */
	for (p = memchr(buf, '\n', o.len); p != NULL;
	    p = memchr(p + 1, '\n', o.len - (size_t)(p + 1 - buf)))
		*p = ' ';
	return o.len;
}
