/*
 * envelope.c - the syslog headers around a message (RFC 3164 with or
 * without <PRI>, RFC 3339, RFC 5424, rsyslog's "YEAR Mmm dd ...",
 * journalctl's short, short-iso, short-precise, short-full and
 * short-unix, and the bare "program[pid]: message"), and the entry that
 * sends JSON and container lines to envelope_wrap.c, handing it env_inner
 * (e->inner) to read a container's line again.  See envelope.h.
 *
 * The classic line is the hot path: its stamp (syslog_ts.c remembers the
 * last one), the host and the program, and the record's text points into
 * the line itself.  The other envelopes write the text into the state.
 */
#include <stdlib.h>
#include <string.h>

#include "envelope_int.h"
#include "lib/xmalloc.h"

static const char *const kind_names[ENV__COUNT] = {
#define ENV_KIND_NAME(k, name)	[ENV_##k] = name,
	ENV_KINDS(ENV_KIND_NAME)
#undef ENV_KIND_NAME
};

const char *
env_kind_name(enum env_kind k)
{
	return (unsigned)k < ENV__COUNT ? kind_names[k] : "?";
}

struct env *
env_new(int year, time_t ref_time, size_t maxline)
{
	struct env	*e = xcalloc(1, sizeof(*e));

	e->ts = ts_new(year, ref_time);
	e->maxline = maxline > 0 ? maxline : 65536;
	e->zonekind = -2;
	e->inner = env_inner;
	return e;
}

void
env_free(struct env *e)
{
	if (e == NULL)
		return;
	ts_free(e->ts);
	free(e->text.b);
	free(e->json.b);
	free(e->part[0].buf.b);
	free(e->part[1].buf.b);
	free(e);
}

int
env_year(const struct env *e)
{
	return ts_year(e->ts);
}

const char *
env_program(const struct env_rec *rec, size_t *len)
{
	*len = rec->sp.pe - rec->sp.ps;
	return *len > 0 ? rec->text + rec->sp.ps : NULL;
}

/*
 * prefix - "HOST PROGRAM[PID]: MESSAGE" at line[n..len): the record's
 * text is the line, its parts from the host on.  A stamp with something
 * else after it (a syslog daemon's own "last message repeated") is an
 * envelope without a program, which no parser reads.
 */
static void
no_program(struct env_rec *rec, size_t n)
{
	struct lex_span	*sp = &rec->sp;

	sp->hs = sp->he = sp->ps = sp->pe = sp->ie = n;
	sp->ms = n;
	sp->pid = -1;
}

static enum env_result
prefix(const char *line, size_t len, size_t n, struct env_rec *rec)
{
	rec->text = line;
	rec->len = len;
	if (lex_syslog_prefix(line, len, n, &rec->sp) == 0)
		no_program(rec, n);
	return ENV_R_OK;
}

/*
 * bare - "PROGRAM[PID]: MESSAGE" with no stamp and no host, as pasted or
 * as some collectors keep it.  A pid, or a '/' in the name (Postfix's
 * "postfix/smtpd"), is required: "S: 220 ..." is a transcript's line.
 */
static int
bare(const char *line, size_t len, struct env_rec *rec)
{
	struct lex_span	*sp = &rec->sp;
	size_t		 i;

	i = lex_while(line, env_name_char);
	if (i == 0 || i >= len || (line[i] != '[' && line[i] != ':') ||
	    (line[i] == ':' && memchr(line, '/', i) == NULL) ||
	    lex_syslog_pid(line, len, i, sp) == 0)
		return 0;
	sp->hs = sp->he = sp->ps = 0;
	rec->kind = ENV_BARE;
	rec->text = line;
	rec->len = len;
	return 1;
}

/* weekday - "Mon " ... "Sun ": journalctl's short-full. */
static int
weekday(const char *s, size_t len)
{
	static const char days[] = "MonTueWedThuFriSatSun";
	size_t		  i;

	if (len < 4 || s[3] != ' ')
		return 0;
	for (i = 0; i < sizeof(days) - 1; i += 3)
		if (memcmp(s, days + i, 3) == 0)
			return 1;
	return 0;
}

/* zone - the reading of a zone abbreviation, the last one remembered. */
static int
zone(struct env *e, const char *s, size_t n, int *off)
{
	if (n != e->zonelen || n > sizeof(e->zone) ||
	    memcmp(s, e->zone, n) != 0) {
		e->zonekind = ts_zone(s, n, &e->zoneoff);
		e->zonelen = n <= sizeof(e->zone) ? n : 0;
		memcpy(e->zone, s, e->zonelen);
	}
	*off = e->zoneoff;
	return e->zonekind;
}

/*
 * short_full - "Sat 2025-03-01 10:00:00 CET host prog[pid]: msg"
 * (journalctl -o short-full); the zone as ts_zone() reads it, an unknown
 * one as local time.  Returns the stamp's length, 0 if none.
 */
static size_t
short_full(struct env *e, const char *s, size_t len, time_t *when,
    int *usec)
{
	int	civil[6], off = 0, kind;
	size_t	i = 4, z;

	*usec = 0;
	if (len < 28 || s[8] != '-' || s[11] != '-' || s[14] != ' ' ||
	    s[17] != ':' || s[20] != ':')
		return 0;
	for (z = 4; z < 23; z++)
		if (z != 8 && z != 11 && z != 14 && z != 17 && z != 20 &&
		    !ENV_ISDIGIT(s[z]))
			return 0;
	civil[0] = (s[4] - '0') * 1000 + (s[5] - '0') * 100 +
	    (s[6] - '0') * 10 + (s[7] - '0');
	for (z = 1; z < 6; z++) {
		i = 6 + 3 * z;
		civil[z] = (s[i] - '0') * 10 + (s[i + 1] - '0');
	}
	i = 23;
	if (s[i] == '.') {
		int	scale = 100000;

		for (i++; i < len && ENV_ISDIGIT(s[i]); i++, scale /= 10)
			*usec += (s[i] - '0') * scale;
	}
	if (i >= len || s[i] != ' ')
		return 0;
	for (z = ++i; i < len && s[i] != ' '; i++)
		;
	if (i == z || i - z > 6)
		return 0;
	kind = zone(e, s + z, i - z, &off);
	if (ts_civil(e->ts, civil, kind > 0, off, when) != 0)
		return 0;
	return i;
}

/* unix_stamp - "1740819600.123456" (journalctl -o short-unix). */
static size_t
unix_stamp(const char *s, size_t len, time_t *when, int *usec)
{
	size_t	i, f;
	long long v = 0;
	int	scale = 100000;

	*usec = 0;
	for (i = 0; i < len && i < 12 && ENV_ISDIGIT(s[i]); i++)
		v = v * 10 + (s[i] - '0');
	if (i < 9 || i >= len || s[i] != '.')
		return 0;
	for (f = ++i; i < len && ENV_ISDIGIT(s[i]); i++, scale /= 10)
		if (scale > 0)
			*usec += (s[i] - '0') * scale;
	if (i == f || i - f > 9 || i >= len || s[i] != ' ')
		return 0;
	*when = (time_t)v;
	return i;
}

/* shaped - s starts like a stamp whatever its values ("Feb 30 25:61:00",
 * "2025-13-01T..."): such a line is an envelope with a bad date. */
static int
shaped(const char *s, size_t len)
{
	static const char d3339[] = "dddd-dd-dd?dd:dd:dd";
	static const char d3164[] = "Aaa ?d dd:dd:dd";
	const char	*pat;
	size_t		 i, n;

	pat = ENV_ISDIGIT(s[0]) ? d3339 : d3164;
	n = strlen(pat);
	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		switch (pat[i]) {
		case 'd':
			if (!ENV_ISDIGIT(s[i]))
				return 0;
			break;
		case 'A':
			if (s[i] < 'A' || s[i] > 'Z')
				return 0;
			break;
		case 'a':
			if (s[i] < 'a' || s[i] > 'z')
				return 0;
			break;
		case '?':
			if (s[i] != ' ' && s[i] != 'T' && !ENV_ISDIGIT(s[i]))
				return 0;
			break;
		default:
			if (s[i] != pat[i])
				return 0;
		}
	return 1;
}

static enum env_result
bad(struct env_rec *rec, const char *why)
{
	rec->why = why;
	return ENV_R_BAD;
}

/* zoned3339 - an RFC 3339 stamp of n bytes ends with its zone. */
static int
zoned3339(const char *s, size_t n)
{
	return n > 19 && (s[n - 1] == 'Z' || s[n - 1] == 'z' ||
	    s[n - 3] == ':' || s[n - 5] == '+' || s[n - 5] == '-');
}

/*
 * stamped - a stamp from st->ts, or the container's instead when the
 * stamp has no year or no zone (ts_skip only checks it then).
 */
static size_t
stamped(struct env *e, const char *line, size_t len,
    const struct env_ctime *ct, struct env_rec *rec)
{
	size_t	n;

	if (ct != NULL && ct->when != 0) {
		if ((n = ts_skip(line, len)) > 0 && line[4] == '-' &&
		    zoned3339(line, n))
			return ts_parse(e->ts, line, len, &rec->when,
			    &rec->usec);
		if (n > 0) {
			rec->when = ct->when;
			rec->usec = ct->usec;
			rec->zoned = 1;
		}
		return n;
	}
	return ts_parse(e->ts, line, len, &rec->when, &rec->usec);
}

/* rfc5424 - "VER TIMESTAMP HOST APP PROCID MSGID SD [MSG]" after <PRI>. */
static enum env_result
rfc5424(struct env *e, const char *s, size_t len, struct env_rec *rec)
{
	const char	*tok[5];
	size_t		 tl[5], i = 0, k, n;
	int		 q;

	while (i < len && ENV_ISDIGIT(s[i]))
		i++;
	i++;				/* the space after the version */
	for (k = 0; k < 5; k++) {
		tok[k] = s + i;
		while (i < len && s[i] != ' ')
			i++;
		if ((tl[k] = (size_t)(s + i - tok[k])) == 0 || i + 1 >= len)
			return bad(rec, "RFC 5424 header cut short");
		i++;
	}
	/* STRUCTURED-DATA: "-" or "[id k=\"v\" ...]..." (RFC 5424 6.3). */
	if (s[i] == '-')
		i++;
	else if (s[i] == '[') {
		while (i < len && s[i] == '[') {
			for (q = 0, i++; i < len && (q || s[i] != ']'); i++)
				if (s[i] == '\\' && q && i + 1 < len)
					i++;
				else if (s[i] == '"')
					q = !q;
			if (i >= len)
				return bad(rec, "RFC 5424 structured data "
				    "not closed");
			i++;
		}
	} else
		return bad(rec, "RFC 5424 structured data malformed");
	if (i < len && s[i] != ' ')
		return bad(rec, "RFC 5424 structured data malformed");
	if (i < len)
		i++;
	/* A UTF-8 message may start with a BOM (RFC 5424 6.4). */
	if (len - i >= 3 && memcmp(s + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;
	rec->kind = ENV_RFC5424;
	if (!(tl[0] == 1 && tok[0][0] == '-')) {
		if ((n = ts_parse(e->ts, tok[0], tl[0], &rec->when,
		    &rec->usec)) != tl[0])
			return bad(rec, "RFC 5424 timestamp invalid");
		rec->zoned = zoned3339(tok[0], n);
	}
	env_write(e, rec, tok[1], tl[1] == 1 && tok[1][0] == '-' ? 0 : tl[1],
	    tok[2], tl[2] == 1 && tok[2][0] == '-' ? 0 : tl[2],
	    env_pid(tok[3], tl[3]), s + i, len - i);
	return ENV_R_OK;
}

/* pri - "<N>": its length, or 0; *v its value (RFC 5424 6.2.1: a valid
 * one is 0..191). */
static size_t
pri(const char *s, size_t len, int *v)
{
	size_t	i;

	*v = 0;
	for (i = 1; i < len && i <= 3 && ENV_ISDIGIT(s[i]); i++)
		*v = *v * 10 + (s[i] - '0');
	if (i == 1 || i >= len || s[i] != '>')
		return 0;
	return i + 1;
}

/*
 * spaced - "YYYY-MM-DD hh:mm:ss HOST PROG[PID]: ...": Exim writes this
 * stamp too, and a syslog line needs a pid ("ID SA: ...", "ID
 * qualify/rewrite: ..." are Exim's).  The prefix is read first: Exim's
 * lines fail it within a few bytes.  len > 19.
 */
static enum env_result
spaced(struct env *e, const char *line, size_t len,
    const struct env_ctime *ct, struct env_rec *rec)
{
	size_t	n;

	for (n = 19; n < len && line[n] != ' '; n++)
		;
	if (lex_syslog_prefix(line, len, n, &rec->sp) == 0 ||
	    rec->sp.pid < 0)
		return ENV_R_NONE;	/* the parsers of Exim's own lines
					 * judge its stamp */
	if (ts_skip(line, len) != n)
		return shaped(line, len) ? bad(rec, "impossible date") :
		    ENV_R_NONE;
	(void)stamped(e, line, len, ct, rec);
	rec->kind = ENV_RFC3339;
	if (!rec->zoned)
		rec->zoned = zoned3339(line, n);
	return prefix(line, len, n, rec);
}

/* digits - an envelope that starts with a digit, or none. */
static enum env_result
digits(struct env *e, const char *line, size_t len,
    const struct env_ctime *ct, struct env_rec *rec)
{
	size_t	n;
	int	year;

	enum env_result	r;

	if (len > 10 && line[4] == '-' && (line[10] == 'T' ||
	    line[10] == 't')) {
		/* Kubernetes CRI: "STAMP stdout F ...", not in a container. */
		if (ct == NULL && env_cri(e, line, len, rec, &r))
			return r;
		if ((n = stamped(e, line, len, ct, rec)) == 0)
			return shaped(line, len) ? bad(rec, "impossible date") :
			    ENV_R_NONE;
		rec->kind = ENV_RFC3339;
		if (!rec->zoned)
			rec->zoned = zoned3339(line, n);
		return prefix(line, len, n, rec);
	}
	if (len > 19 && line[4] == '-' && line[10] == ' ')
		return spaced(e, line, len, ct, rec);
	if (len > 5 && line[4] == ' ' && ENV_ISDIGIT(line[1]) &&
	    ENV_ISDIGIT(line[2]) && ENV_ISDIGIT(line[3])) {
		/* rsyslog's "2013 Jun 10 06:27:30.123 host ...". */
		year = (line[0] - '0') * 1000 + (line[1] - '0') * 100 +
		    (line[2] - '0') * 10 + (line[3] - '0');
		if ((n = ts_parse_in_year(e->ts, year, line + 5, len - 5,
		    &rec->when, &rec->usec)) == 0)
			return shaped(line + 5, len - 5) ?
			    bad(rec, "impossible date") : ENV_R_NONE;
		rec->kind = ENV_RSYSLOG_YEAR;
		if (ct != NULL && ct->when != 0) {
			rec->when = ct->when;
			rec->usec = ct->usec;
			rec->zoned = 1;
		}
		return prefix(line, len, n + 5, rec);
	}
	if ((n = unix_stamp(line, len, &rec->when, &rec->usec)) > 0) {
		rec->kind = ENV_SHORT_UNIX;
		rec->zoned = 1;
		return prefix(line, len, n, rec);
	}
	return ENV_R_NONE;
}

/* rec_start - rec of a line not read yet: no time, no reason, the whole
 * line as its text. */
static inline void
rec_start(struct env_rec *rec, const char *line, size_t len)
{
	rec->when = 0;
	rec->usec = 0;
	rec->zoned = 0;
	rec->why = NULL;
	rec->text = line;
	rec->len = len;
}

enum env_result
env_inner(struct env *e, const char *line, size_t len,
    const struct env_ctime *ct, struct env_rec *rec)
{
	unsigned char	c = (unsigned char)line[0];
	size_t		n;
	int		prival;

	rec_start(rec, line, len);
	if (len == 0)
		return ENV_R_NONE;
	if (c >= 'A' && c <= 'Z') {
		if ((n = stamped(e, line, len, ct, rec)) > 0) {
			rec->kind = ENV_RFC3164;
			return prefix(line, len, n, rec);
		}
		if (weekday(line, len) && (n = short_full(e, line, len,
		    &rec->when, &rec->usec)) > 0) {
			rec->kind = ENV_SHORT_FULL;
			rec->zoned = 1;
			return prefix(line, len, n, rec);
		}
		if (shaped(line, len))
			return bad(rec, "impossible date");
	} else if (c >= '0' && c <= '9')
		return digits(e, line, len, ct, rec);
	else if (c == '<' && (n = pri(line, len, &prival)) > 0) {
		if (prival > 191)
			return bad(rec, "priority out of range");
		if (n < len && ENV_ISDIGIT(line[n]) && (line[n + 1] == ' ' ||
		    (ENV_ISDIGIT(line[n + 1]) && line[n + 2] == ' ')))
			return rfc5424(e, line + n, len - n, rec);
		if (n < len && line[n] != '<') {
			switch (env_inner(e, line + n, len - n, ct, rec)) {
			case ENV_R_OK:
				return ENV_R_OK;
			case ENV_R_BAD:
				return ENV_R_BAD;
			default:
				break;
			}
		}
		return bad(rec, "priority without a syslog header");
	}
	if (bare(line, len, rec)) {
		/* A container's message: the container's time. */
		if (ct != NULL && ct->when != 0) {
			rec->when = ct->when;
			rec->usec = ct->usec;
			rec->zoned = 1;
		}
		return ENV_R_OK;
	}
	rec->text = line;
	rec->len = len;
	return ENV_R_NONE;
}

/* other - every envelope but the classic one (env_read()). */
static enum env_result __attribute__((noinline))
other(struct env *e, const char *line, size_t len, struct env_rec *rec)
{
	enum env_result	r, c;

	rec->kind = ENV_NONE;
	if (len > 0 && line[0] == '{')
		return env_json_line(e, line, len, rec);
	/* What is no envelope may be a compose service's line, but for
	 * one that starts with a date (Exim's own lines). */
	if ((r = env_inner(e, line, len, NULL, rec)) == ENV_R_NONE &&
	    !(len > 10 && line[4] == '-' && ENV_ISDIGIT(line[0])) &&
	    env_compose(e, line, len, rec, &c))
		return c;
	return r;
}

enum env_result
env_read(struct env *e, const char *line, size_t len, struct env_rec *rec)
{
	size_t	n;

	rec->wrap = ENV_WRAP_NONE;
	rec->lines = 1;
	/* The classic line, "Mmm dd hh:mm:ss host prog[pid]: ...", first:
	 * it is most lines of most logs. */
	if (len > 0 && line[0] >= 'A' && line[0] <= 'Z' &&
	    (n = ts_parse(e->ts, line, len, &rec->when, &rec->usec)) > 0) {
		rec->kind = ENV_RFC3164;
		rec->zoned = 0;
		rec->why = NULL;
		rec->text = line;
		rec->len = len;
		if (lex_syslog_prefix(line, len, n, &rec->sp) == 0)
			no_program(rec, n);
		return ENV_R_OK;
	}
	/* Then Exim's own, "YYYY-MM-DD hh:mm:ss ...", as env_inner() and
	 * other() would read it. */
	if (len > 19 && ENV_ISDIGIT(line[0]) && line[4] == '-' &&
	    line[10] == ' ') {
		rec->kind = ENV_NONE;
		rec_start(rec, line, len);
		return spaced(e, line, len, NULL, rec);
	}
	return other(e, line, len, rec);
}
