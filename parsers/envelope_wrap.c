/*
 * envelope_wrap.c - the envelopes that are made of JSON or that wrap
 * another: journald's JSON export (journalctl -o json), docker's
 * json-file records, Kubernetes CRI lines and docker compose's
 * "service | line".  A container's line is read again by the reader
 * envelope.c hands over in the state (e->inner: env_inner) for the
 * syslog envelope inside, with the container's stamp
 * to stand in for one without year or zone; partial lines (CRI "P",
 * json-file records without their "\n") are joined first.  See envelope.h.
 */
#include <stdlib.h>
#include <string.h>

#include "envelope_int.h"

/* The JSON keys the envelopes read, journald's then docker's; J_* index
 * them. */
#define JOURNAL_KEYS(X) \
	X(J_MESSAGE, "MESSAGE") X(J_IDENT, "SYSLOG_IDENTIFIER") \
	X(J_COMM, "_COMM") X(J_SPID, "SYSLOG_PID") X(J_PID, "_PID") \
	X(J_SRCTIME, "_SOURCE_REALTIME_TIMESTAMP") \
	X(J_TIME, "__REALTIME_TIMESTAMP") X(J_HOST, "_HOSTNAME")
#define DOCKER_KEYS(X) \
	X(J_LOG, "log") X(J_DTIME, "time") X(J_STREAM, "stream")
#define KEY(e, k)	k,
#define IDX(e, k)	e,
static const char *const jkeys[] = { JOURNAL_KEYS(KEY) DOCKER_KEYS(KEY) };
enum { JOURNAL_KEYS(IDX) DOCKER_KEYS(IDX) J__COUNT };
_Static_assert(sizeof(jkeys) / sizeof(jkeys[0]) == J__COUNT, "jkeys");

const char *const env_journal_keys[] = { JOURNAL_KEYS(KEY) NULL };

/* micros - journald's microseconds since the epoch as *rec's time. */
static int
micros(const struct env_jval *v, struct env_rec *rec)
{
	unsigned long long	us = 0;
	size_t			i;

	if (v->s == NULL || v->n == 0 || v->n > 19)
		return -1;
	for (i = 0; i < v->n; i++) {
		if (!ENV_ISDIGIT(v->s[i]))
			return -1;
		us = us * 10 + (unsigned)(v->s[i] - '0');
	}
	rec->when = (time_t)(us / 1000000);
	rec->usec = (int)(us % 1000000);
	rec->zoned = 1;
	return 0;
}

/* journal - one entry of journalctl -o json (systemd.journal-fields(7)). */
static enum env_result
journal(struct env *e, const struct env_jval *v, struct env_rec *rec)
{
	const struct env_jval	*prog, *pid;

	rec->kind = ENV_JOURNAL_JSON;
	if (v[J_MESSAGE].s == NULL) {
		rec->why = "journal entry without MESSAGE";
		return ENV_R_BAD;
	}
	if (micros(&v[J_SRCTIME], rec) != 0 && micros(&v[J_TIME], rec) != 0) {
		rec->when = 0;
		rec->usec = 0;
		rec->zoned = 0;
	}
	prog = v[J_IDENT].s != NULL ? &v[J_IDENT] : &v[J_COMM];
	pid = v[J_SPID].s != NULL ? &v[J_SPID] : &v[J_PID];
	env_write(e, rec, v[J_HOST].s, v[J_HOST].n, prog->s, prog->n,
	    pid->s != NULL ? env_pid(pid->s, pid->n) : -1, v[J_MESSAGE].s,
	    v[J_MESSAGE].n);
	return ENV_R_OK;
}

/*
 * part - a partial line of stream (0 stdout, 1 stderr) kept: appended to
 * what is held, up to maxline bytes.
 */
static void
part(struct env *e, int stream, enum env_wrap wrap, const char *s, size_t n)
{
	struct env_part	*p = &e->part[stream];
	char		*keep;

	p->wrap = wrap;
	if (p->len + n > e->maxline)
		n = p->len < e->maxline ? e->maxline - p->len : 0;
	if (p->buf.cap < p->len + n + 1) {
		/* Grow, keeping what is held. */
		struct env_buf	nb = { NULL, 0 };

		keep = env_buf_get(&nb, 2 * (p->len + n + 1));
		if (p->len > 0)
			memcpy(keep, p->buf.b, p->len);
		free(p->buf.b);
		p->buf = nb;
	}
	memcpy(p->buf.b + p->len, s, n);
	p->len += n;
	p->buf.b[p->len] = '\0';
	p->lines++;
}

/*
 * whole - the end of a line of stream: joined to what is held (in the
 * part's buffer), *s and *n then the whole line; the physical lines it
 * took.
 */
static unsigned
whole(struct env *e, int stream, const char **s, size_t *n)
{
	struct env_part	*p = &e->part[stream];
	unsigned	 lines;

	if (p->lines == 0)
		return 1;
	part(e, stream, p->wrap, *s, *n);
	lines = p->lines;
	*s = p->buf.b;
	*n = p->len;
	p->len = 0;
	p->lines = 0;
	return lines;
}

/*
 * wrapped - the line s[0..n) a container logged (NUL-terminated at n) read
 * for its own envelope; one without is handed on as it is, for the
 * parsers of formats without one (Exim's own log in a container).
 */
static enum env_result
wrapped(struct env *e, const char *s, size_t n, const struct env_ctime *ct,
    enum env_wrap wrap, unsigned lines, struct env_rec *rec)
{
	enum env_result	r;

	r = e->inner(e, s, n, ct, rec);
	rec->wrap = wrap;
	rec->lines = lines;
	if (r == ENV_R_NONE) {
		rec->text = s;
		rec->len = n;
		rec->when = ct->when;
		rec->usec = ct->usec;
	}
	return r;
}

/* docker - a json-file record: {"log":"...\n","stream":...,"time":...}. */
static enum env_result
docker(struct env *e, struct env_jval *v, struct env_rec *rec)
{
	struct env_ctime ct = { 0, 0 };
	const char	*s = v[J_LOG].s;
	size_t		 n = v[J_LOG].n;
	int		 stream = v[J_STREAM].s != NULL &&
			    strcmp(v[J_STREAM].s, "stderr") == 0;
	unsigned	 lines;

	rec->wrap = ENV_WRAP_DOCKER_JSON;
	if (v[J_DTIME].s != NULL && ts_parse_rfc3339(v[J_DTIME].s,
	    v[J_DTIME].n, &ct.when, &ct.usec) != v[J_DTIME].n) {
		rec->why = "docker record with an invalid time";
		return ENV_R_BAD;
	}
	/* A record without its "\n" is a part of a long line (16 KiB). */
	if (n == 0 || s[n - 1] != '\n') {
		part(e, stream, ENV_WRAP_DOCKER_JSON, s, n);
		return ENV_R_HELD;
	}
	v[J_LOG].s[--n] = '\0';
	if (n > 0 && s[n - 1] == '\r')
		v[J_LOG].s[--n] = '\0';
	lines = whole(e, stream, &s, &n);
	return wrapped(e, s, n, &ct, ENV_WRAP_DOCKER_JSON, lines, rec);
}

enum env_result
env_json_line(struct env *e, const char *line, size_t len,
    struct env_rec *rec)
{
	struct env_jval	 v[J__COUNT];
	char		*out;

	rec->kind = ENV_JOURNAL_JSON;
	rec->why = NULL;
	rec->when = 0;
	rec->usec = 0;
	rec->zoned = 0;
	out = env_buf_get(&e->json, len + J__COUNT + 1);
	if (env_json_get(line, len, jkeys, J__COUNT, v, out, &rec->why) != 0)
		return ENV_R_BAD;
	if (v[J_LOG].s != NULL && v[J_MESSAGE].s == NULL)
		return docker(e, v, rec);
	return journal(e, v, rec);
}

/*
 * env_cri - "2025-03-01T10:00:00.123456789Z stdout F <line>" (the CRI
 * logging format of Kubernetes): 1 with *r set, 0 when the line is not
 * one.  A "P" (partial) line is held for the next ones of its stream.
 */
int
env_cri(struct env *e, const char *line, size_t len, struct env_rec *rec,
    enum env_result *r)
{
	struct env_ctime ct;
	size_t		 n, i;
	int		 stream;
	unsigned	 lines;
	const char	*s;

	if ((n = ts_parse_rfc3339(line, len, &ct.when, &ct.usec)) == 0 ||
	    len - n < 10 || line[n] != ' ')
		return 0;
	i = n + 1;
	if (memcmp(line + i, "stdout ", 7) == 0)
		stream = 0;
	else if (memcmp(line + i, "stderr ", 7) == 0)
		stream = 1;
	else
		return 0;
	i += 7;
	/* The tag: "F" or "P", maybe followed by ":"-joined others. */
	if ((line[i] != 'F' && line[i] != 'P') ||
	    (line[i + 1] != ' ' && line[i + 1] != ':' && line[i + 1] != '\0'))
		return 0;
	n = i;
	while (i < len && line[i] != ' ')
		i++;
	s = i < len ? line + i + 1 : line + len;
	rec->wrap = ENV_WRAP_CRI;
	if (line[n] == 'P') {
		part(e, stream, ENV_WRAP_CRI, s, (size_t)(line + len - s));
		*r = ENV_R_HELD;
		return 1;
	}
	n = (size_t)(line + len - s);
	lines = whole(e, stream, &s, &n);
	*r = wrapped(e, s, n, &ct, ENV_WRAP_CRI, lines, rec);
	return 1;
}

/* An ANSI colour sequence ("\033[36m"), as docker compose writes on a
 * terminal: its length, 0 if none. */
static size_t
ansi(const char *s, size_t len)
{
	size_t	i;

	if (len < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	for (i = 2; i < len && (ENV_ISDIGIT(s[i]) || s[i] == ';'); i++)
		;
	return i < len && s[i] == 'm' ? i + 1 : 0;
}

/*
 * env_compose - "postfix-mailcow_1  | <line>" (docker compose logs, the
 * name padded with spaces, maybe coloured; with -t the line starts with
 * the container's RFC 3339 stamp): 1 with *r set, 0 if not one.
 */
int
env_compose(struct env *e, const char *line, size_t len,
    struct env_rec *rec, enum env_result *r)
{
	struct env_ctime ct = { 0, 0 };
	size_t		 i, n, k;

	i = ansi(line, len);
	for (n = i; i < len && env_name_char[(unsigned char)line[i]] == 1;
	    i++)
		;
	if (i == n || i >= len || line[i] != ' ')
		return 0;
	while (i < len && line[i] == ' ')
		i++;
	if (i >= len || line[i] != '|')
		return 0;
	i++;
	i += ansi(line + i, len - i);
	if (i < len && line[i] != ' ')
		return 0;
	if (i < len)
		i++;
	/* compose logs -t: "2025-03-01T10:00:00.123456789Z " first (with
	 * its "T" and zone: Exim's own stamp has neither). */
	if (len - i > 20 && line[i + 10] == 'T' &&
	    (k = ts_parse_rfc3339(line + i, len - i, &ct.when, &ct.usec)) > 0 &&
	    i + k < len && line[i + k] == ' ' && line[i + k - 1] == 'Z') {
		*r = wrapped(e, line + i + k + 1, len - i - k - 1, &ct,
		    ENV_WRAP_COMPOSE, 1, rec);
		if (*r != ENV_R_NONE)
			return 1;
		/* No envelope after it: the stamp was the line's own, an
		 * RFC 3339 syslog line ("...Z host prog[pid]: msg"). */
		ct.when = ct.usec = 0;
		*r = wrapped(e, line + i, len - i, &ct, ENV_WRAP_COMPOSE, 1,
		    rec);
		if (*r == ENV_R_OK && rec->sp.pid >= 0)
			return 1;
		k = (size_t)ts_parse_rfc3339(line + i, len - i, &ct.when,
		    &ct.usec);
		i += k + 1;
	} else
		ct.when = ct.usec = 0;
	*r = wrapped(e, line + i, len - i, &ct, ENV_WRAP_COMPOSE, 1, rec);
	return 1;
}

int
env_end(struct env *e, struct env_rec *rec, enum env_result *r)
{
	struct env_ctime ct = { 0, 0 };
	const char	*s;
	size_t		 n;
	unsigned	 lines;
	int		 k;

	for (k = 0; k < 2; k++) {
		if (e->part[k].lines == 0)
			continue;
		s = "";
		n = 0;
		rec->kind = ENV_NONE;
		rec->wrap = e->part[k].wrap;
		lines = whole(e, k, &s, &n) - 1;	/* nothing added */
		*r = wrapped(e, s, n, &ct, rec->wrap, lines, rec);
		return 1;
	}
	return 0;
}
