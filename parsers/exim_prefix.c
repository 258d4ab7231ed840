/*
 * exim_prefix.c - what comes before an Exim message: Exim's own
 * "2026-11-23 06:56:20.123 +0100 [4821] " (the fraction with
 * log_selector +millisec, the zone with log_timezone, the pid with +pid),
 * also where a syslog'd message repeats it, and whether the message
 * starts with a message id; and the probe that detection uses.  Syslog
 * envelopes are envelope.c's, the message itself is the handlers'
 * business.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lex.h"
#include "exim_int.h"
#include "syslog_ts.h"
#include "lib/word.h"

#ifdef __SSE2__
/*
 * b62_mask - of the 16 bytes at u, a bit per base-62 digit and in *dash a
 * bit per '-'.  A byte is in [lo, hi] when clamping it there leaves it
 * alone; letters are folded to lower case by OR 0x20, which maps no other
 * byte into a-z.
 */
static inline unsigned
b62_mask(const unsigned char *u, unsigned *dash)
{
	__m128i	x = _mm_loadu_si128((const __m128i *)(const void *)u);
	__m128i	y = _mm_or_si128(x, _mm_set1_epi8(0x20));
	__m128i	l, d;

	l = _mm_cmpeq_epi8(y, _mm_max_epu8(_mm_min_epu8(y,
	    _mm_set1_epi8('z')), _mm_set1_epi8('a')));
	d = _mm_cmpeq_epi8(x, _mm_max_epu8(_mm_min_epu8(x,
	    _mm_set1_epi8('9')), _mm_set1_epi8('0')));
	*dash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('-')));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(l, d));
}
#endif

/*
 * msgid_len_n - ex_msgid_len() of s, which has n bytes before its NUL:
 * with 24 or more, the positions are tested 16 at a time.  Always inline
 * in ex_prefix(), which tests every line's start.
 */
static inline __attribute__((always_inline)) size_t
msgid_len_n(const char *s, size_t n)
{
#ifdef __SSE2__
	const unsigned char	*u = (const unsigned char *)s;
	unsigned		 m, dash, m2, dash2;

	if (n < 24)
		return ex_msgid_len(s);
	/* 0-5 and 7-12 digits, '-' at 6 */
	m = b62_mask(u, &dash);
	if ((m & 0x1fbf) != 0x1fbf || !(dash & 0x40))
		return 0;
	if (dash & 0x2000)	/* 6-6-2: 14 and 15 digits */
		return (m & 0xc000) == 0xc000 &&
		    (u[16] == ' ' || u[16] == '\0') ? 16 : 0;
	/* 6-11-4: 13-17 and 19-22 digits, '-' at 18 (bits from 8 on) */
	m2 = b62_mask(u + 8, &dash2);
	return (m & 0xe000) == 0xe000 && (m2 & 0x7b00) == 0x7b00 &&
	    (dash2 & 0x0400) && (u[23] == ' ' || u[23] == '\0') ? 23 : 0;
#else
	(void)n;
	return ex_msgid_len(s);
#endif
}

size_t
ex_msgid_len_n(const char *s, size_t n)
{
	return msgid_len_n(s, n);
}

/*
 * same_minute - s starts with the last stamp of c but for the seconds
 * (positions 17 and 18), ending where it ended: the same fraction and
 * zone, so the same hour; the time moves by the seconds.
 */
static size_t
same_minute(struct ex_tscache *c, const char *s, size_t len, time_t *when,
    int *usec)
{
	size_t	n = c->last_len;
	int	sec;

	if (n == 0 || len < n || (len > n && s[n] != ' ') ||
	    !EX_ISDIGIT(s[17]) || !EX_ISDIGIT(s[18]))
		return 0;
	/* Bytes 0..16 by words: a memcmp() call costs more than the test
	 * it makes, on every line. */
	if (!word_eq(s, c->last, 17) ||
	    (n > 19 && memcmp(s + 19, c->last + 19, n - 19) != 0) ||
	    (sec = (s[17] - '0') * 10 + (s[18] - '0')) > 60)
		return 0;
	*when = c->last_when + (sec - c->last_sec);
	*usec = c->last_usec;
	c->last_when = *when;
	c->last_sec = sec;	/* the text's seconds are never compared */
	return n;
}

/*
 * native_ts - Exim's own timestamp: "YYYY-MM-DD HH:MM:SS", an optional
 * ".fff" (log_selector +millisec) and " +HHMM" (log_timezone).  Returns
 * the bytes consumed, 0 when s has none.
 */
static size_t
native_ts(const char *s, size_t len, time_t *when, int *usec,
    struct ex_tscache *c)
{
	char	buf[48], key[24];
	size_t	i, n, f, zs;
	int	min, sec, us = 0, scale;

	if (len < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	for (i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    !EX_ISDIGIT(s[i]))
			return 0;
	memcpy(buf, s, 19);
	buf[10] = 'T';
	n = 19;
	i = 19;
	if (i < len && s[i] == '.') {
		for (f = i + 1; f < len && f - i <= 6 && EX_ISDIGIT(s[f]); f++)
			;
		if (f == i + 1 || (f < len && EX_ISDIGIT(s[f])))
			return 0;
		for (scale = 100000, n = i + 1; n < f; n++, scale /= 10)
			us += (s[n] - '0') * scale;
		memcpy(buf + 19, s + i, f - i);
		n = 19 + (f - i);
		i = f;
	}
	zs = n;
	if (i + 6 <= len && s[i] == ' ' && (s[i + 1] == '+' ||
	    s[i + 1] == '-') && EX_ISDIGIT(s[i + 2]) && EX_ISDIGIT(s[i + 3]) &&
	    EX_ISDIGIT(s[i + 4]) && EX_ISDIGIT(s[i + 5]) &&
	    (i + 6 == len || s[i + 6] == ' ')) {
		buf[n++] = s[i + 1];
		buf[n++] = s[i + 2];
		buf[n++] = s[i + 3];
		buf[n++] = ':';
		buf[n++] = s[i + 4];
		buf[n++] = s[i + 5];
		i += 6;
	}
	if (i < len && s[i] != ' ')
		return 0;
	min = (s[14] - '0') * 10 + (s[15] - '0');
	sec = (s[17] - '0') * 10 + (s[18] - '0');
	/*
	 * The conversion of the hour is cached: local time goes through
	 * mktime(), which is slow, and a log has many lines per hour.
	 */
	memcpy(key, buf, 13);
	memcpy(key + 13, buf + zs, n - zs);
	key[13 + n - zs] = '\0';
	if (c != NULL && c->valid && strcmp(c->key, key) == 0 && min < 60 &&
	    sec < 61) {
		*when = c->base + min * 60 + sec;
		*usec = us;
	} else {
		if (ts_parse_rfc3339(buf, n, when, usec) != n)
			return 0;
		if (c != NULL) {
			snprintf(c->key, sizeof(c->key), "%s", key);
			c->base = *when - min * 60 - sec;
			c->valid = 1;
		}
	}
	if (c != NULL && i <= sizeof(c->last)) {
		memcpy(c->last, s, i);
		c->last_len = i;
		c->last_when = *when;
		c->last_usec = *usec;
		c->last_sec = sec;
	} else if (c != NULL)
		c->last_len = 0;
	return i;
}

/*
 * native_anyway - an Exim line whose start happens to look like a syslog
 * prefix: "ID SA: ..." (a message id, then a word and a colon), or any
 * "WORD WORD: ..." without a pid, which syslog always writes for a
 * program that is not Exim.
 */
static int
native_anyway(const char *line, const struct lex_span *sp)
{
	if (ex_is_exim(line + sp->ps, sp->pe - sp->ps))
		return 0;
	return sp->pid < 0 || ex_msgid_len(line + sp->hs) == sp->he - sp->hs;
}

int
ex_is_exim(const char *s, size_t n)
{
	return n >= 4 && memcmp(s, "exim", 4) == 0 &&
	    (n == 4 || EX_ISDIGIT(s[4]) || s[4] == '-' || s[4] == '_');
}

/*
 * native_pid - "[4821] " after the stamp (log_selector +pid); returns the
 * bytes it takes, 0 if none.
 */
static size_t
native_pid(const char *s, size_t len, long *pid)
{
	size_t	i;
	long	v = 0;

	if (len < 4 || s[0] != '[')
		return 0;
	for (i = 1; i < len && i <= 10 && EX_ISDIGIT(s[i]); i++)
		v = v * 10 + (s[i] - '0');
	if (i == 1 || i >= len || s[i] != ']' ||
	    (i + 1 < len && s[i + 1] != ' '))
		return 0;
	*pid = v;
	return i + 1 < len ? i + 2 : i + 1;
}

/* A recognizable start of an Exim message, for probing. */
static int
exim_shape(const char *m, size_t n)
{
	static const char *const starts[] = {
		"H=", "U=", "SMTP ", "no host name found", "no IP address",
		"Start queue run", "End queue run", "unexpected disconnection",
		"no MAIL in SMTP", "TLS error on connection", "Connection from",
		"exim ", "F=<", "ETRN ", "rejected ", "Warning: ",
	};
	size_t	i, l;

	if (ex_msgid_len(m) > 0)
		return 1;
	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		l = strlen(starts[i]);
		if (n >= l && memcmp(m, starts[i], l) == 0)
			return 1;
	}
	return strstr(m, " authenticator failed for ") != NULL;
}

int
ex_probe(const char *line, size_t len)
{
	struct lex_span	sp;
	time_t		when;
	size_t		n;
	int		usec;
	long		pid;

	if ((n = native_ts(line, len, &when, &usec, NULL)) == 0)
		return 0;
	/* A syslog line with Exim's stamp is the envelope's business. */
	if (lex_syslog_prefix(line, len, n, &sp) > 0 &&
	    !native_anyway(line, &sp))
		return 0;
	if (n < len && line[n] == ' ')
		n++;
	if (native_pid(line + n, len - n, &pid) > 0)
		return 100;
	return exim_shape(line + n, len - n) ? 100 : 30;
}

/*
 * id_syslog - whether the message id of idlen bytes at line[i] (the
 * stamp's space before it) starts a syslog prefix that makes the line no
 * Exim line of its own: lex_syslog_prefix() and native_anyway() for a
 * host that is a message id, which only an Exim program name with a
 * syslog pid or colon after it can do.  The program's end is tested
 * first: on most lines ("<=", "Completed") it is a space.
 */
static int
id_syslog(const char *line, size_t len, size_t i, size_t idlen)
{
	struct lex_span	sp;
	size_t		ps = i + idlen + 1, e;

	if (ps >= len)
		return 0;	/* no program after the host */
	e = ps + lex_until(line + ps, lex_prog_end);
	if (e == ps || e >= len || line[e] == ' ' || line[e] == '\0' ||
	    !ex_is_exim(line + ps, e - ps))
		return 0;
	return lex_syslog_prefix(line, len, i - 1, &sp) > 0 &&
	    !native_anyway(line, &sp);
}

/*
 * no_id - ex_prefix() for a line whose message does not start with a
 * message id, the stamp's n bytes read: the syslog test, then the pid.
 * Out of line, so that the lines with an id keep a small frame.
 */
static int __attribute__((noinline))
no_id(struct ex *x, const char *line, size_t len, size_t n, size_t *msg)
{
	struct lex_span	sp;
	size_t		k;

	if (lex_syslog_prefix(line, len, n, &sp) > 0 &&
	    !native_anyway(line, &sp))
		return 0;
	if (n < len && line[n] == ' ')
		n++;
	if ((k = native_pid(line + n, len - n, &x->pl.at.pid)) > 0) {
		n += k;
		x->idlen = EX_IDLEN_UNKNOWN;
	}
	*msg = n;
	return 1;
}

/*
 * ex_prefix - the prefix of Exim's own log line into x (when, usec,
 * pid); *msg the offset of the message.  Returns 1, or 0 when the line is
 * not one (no Exim stamp, or a syslog line with that stamp).  When the
 * message starts with a message id, its length goes to x->idlen (it
 * decides the syslog test, and dispatch() needs it again).
 */
int
ex_prefix(struct ex *x, const char *line, size_t len, size_t *msg)
{
	size_t		n, k;

	x->idlen = EX_IDLEN_UNKNOWN;
	if ((n = same_minute(&x->tsc, line, len, &x->pl.at.when,
	    &x->pl.at.usec)) == 0 && (n = native_ts(line, len, &x->pl.at.when,
	    &x->pl.at.usec, &x->tsc)) == 0)
		return 0;
	if (n < len && line[n] == ' ') {
		/* Most lines: the pid (a '[') cannot come before an id. */
		if ((k = msgid_len_n(line + n + 1, len - n - 1)) > 0) {
			if (id_syslog(line, len, n + 1, k))
				return 0;
			x->idlen = k;
			*msg = n + 1;
			return 1;
		}
		x->idlen = 0;	/* unless a pid comes first */
	}
	return no_id(x, line, len, n, msg);
}

size_t
ex_syslog_message(const char *text, size_t len, size_t ms)
{
	size_t	n, k;
	time_t	when;
	int	usec;
	long	pid;

	/* With syslog_timestamp (Exim's default) the message repeats
	 * Exim's own stamp, and with +pid its pid (also without the stamp,
	 * as syslog-ng passes it on): the syslog ones stay. */
	if ((n = native_ts(text + ms, len - ms, &when, &usec, NULL)) > 0) {
		n += ms;
		if (n < len && text[n] == ' ')
			n++;
	} else
		n = ms;
	if ((k = native_pid(text + n, len - n, &pid)) > 0)
		n += k;
	return n;
}
