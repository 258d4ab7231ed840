/*
 * sess_fixture.h - what the session builder's test suites share: a table
 * whose findings are collected into got[], hand-built events and the
 * summary.  Static
 * (inline) so each suite has its own copy of got[].
 */
#ifndef SESS_FIXTURE_H
#define SESS_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "core/finding.h"
#include "core/session.h"

#define MAXF	64

/* What the builder emitted, copied. */
static struct finding	*got[MAXF];
static int		 ngot;

static inline int
collect(void *arg, const struct finding *f)
{
	(void)arg;
	if (ngot < MAXF)
		got[ngot++] = finding_dup(f);
	return 0;
}

static inline void
reset(void)
{
	while (ngot > 0)
		free(got[--ngot]);
}

static const int codes[] = { 500, 502, 503, 530, 554 };

/* table - a builder for the five codes, emitting into got[] (emptied);
 * max_sessions 0: the default. */
static inline struct sess_table *
table(size_t max_sessions)
{
	struct sess_config	c;

	memset(&c, 0, sizeof(c));
	c.codes = codes;
	c.ncodes = 5;
	c.max_sessions = max_sessions;
	c.emit = collect;
	reset();
	return sess_new(&c);
}

/* ev - an inbound event of kind on session key at line (time 1000+line). */
static inline struct smtp_event
ev(enum ev_kind kind, const char *key, unsigned long line)
{
	struct smtp_event	e;

	ev_clear(&e);
	e.kind = kind;
	e.session_key = key;
	e.file = "t.log";
	e.line = line;
	e.when = 1000 + (time_t)line;
	e.dir = EV_DIR_IN;
	e.client_name = "c.example";
	e.client_ip = "192.0.2.1";
	return e;
}

/* reply - ev() of a logged reply code to cmd, with the text "text". */
static inline struct smtp_event
reply(enum ev_kind kind, const char *key, unsigned long line, int code,
    const char *cmd)
{
	struct smtp_event	e = ev(kind, key, line);

	e.code = code;
	e.code_src = EV_CODE_LOGGED;
	e.command = cmd;
	e.text = "text";
	return e;
}

/* feed - ev(kind, key, line) into t, no more. */
static inline void
feed(struct sess_table *t, enum ev_kind kind, const char *key,
    unsigned long line)
{
	struct smtp_event	e = ev(kind, key, line);

	sess_feed(t, &e);
}

/* summary_of - t's summary so far. */
static inline struct summary
summary_of(struct sess_table *t)
{
	struct summary	s;

	memset(&s, 0, sizeof(s));
	sess_summary(t, &s);
	return s;
}

/* counter - c as a disconnect counter "name=ok/total" whose failures the
 * server answers with code (0: varies). */
static inline void
counter(struct ev_counter *c, const char *name, int ok, int total, int code)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->ok = ok;
	c->total = total;
	c->implied_code = code;
}

#endif /* SESS_FIXTURE_H */
