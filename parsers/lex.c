/*
 * lex.c - lexing helpers shared by the log parsers; see lex.h.
 */
#include <stdint.h>
#include <string.h>

#include "lex.h"

/*
 * Bytes that end a host name and a program name.  NUL ends both: the line
 * is NUL-terminated at or after len (see lex.h), so the scans need no
 * bounds test per byte; where they stop is checked against len after.
 */
const unsigned char lex_host_end[256] = {
	['\0'] = 1, [' '] = 1,
};
const unsigned char lex_prog_end[256] = {
	['\0'] = 1, [' '] = 1, [':'] = 1, ['['] = 1,
};

const unsigned char lex_key_char[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['_'] = 1,
};

/*
 * host, pid - the syslog prefix's host and pid (lex_syslog_pid()),
 * inline: the prefix of every line reads both, and calls would cost
 * what the reading does.
 */
static inline __attribute__((always_inline)) size_t
host(const unsigned char *u, size_t len, size_t i, struct lex_span *sp)
{
	while (u[i] == ' ')
		i++;
	if (i >= len)
		return 0;
	sp->hs = i;
	i = lex_until16_at((const char *)u, i, len, lex_host_end, ' ', '\0',
	    ' ', '\0');
	if (i >= len || u[i] != ' ')
		return 0;
	sp->he = i++;
	sp->ps = i;
	return i;
}

/*
 * digits8 - the value of the 0 to 7 decimal digits at s, which has 8
 * bytes, and their count in *n; -1 when all 8 are digits.  Whole words:
 * b - '0' + 0x76 has its top bit set for a byte above '9', b - '0' for
 * one below '0', and a borrow or carry reaches only the bytes after the
 * first such byte (the first byte is the lowest: little-endian only).
 * The digits, moved to the top of the word, are summed in pairs, fours
 * and eights.
 */
static inline __attribute__((always_inline)) long
digits8(const unsigned char *s, unsigned *n)
{
	uint64_t	w, t, stop;

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	(void)s;
	(void)n;
	return -1;	/* the byte loop of pid() */
#endif
	memcpy(&w, s, 8);
	t = w - 0x3030303030303030ULL;
	stop = (t | (t + 0x7676767676767676ULL)) & 0x8080808080808080ULL;
	if (stop == 0)
		return -1;
	*n = (unsigned)__builtin_ctzll(stop) / 8;
	if (*n == 0)
		return 0;
	t = (t & 0x0f0f0f0f0f0f0f0fULL) << (64 - 8 * *n);
	t = (t * 2561) >> 8 & 0x00ff00ff00ff00ffULL;
	t = (t * 6553601) >> 16 & 0x0000ffff0000ffffULL;
	t = (t * 42949672960001ULL) >> 32;
	return (long)t;
}

static inline __attribute__((always_inline)) size_t
pid(const unsigned char *u, size_t len, size_t i, struct lex_span *sp)
{
	size_t		 end;
	unsigned	 d;
	long		 v = -1;

	sp->pe = i;
	if (u[i] == '[') {
		/* At most 10 digits are read: no overflow on hostile input. */
		if (++i + 8 > len || (v = digits8(u + i, &d)) < 0)
			for (v = 0, end = i + 10; i < end &&
			    (d = u[i] - '0') < 10; i++)
				v = v * 10 + d;
		else
			i += d;
		if (i == sp->pe + 1 || i >= len || u[i] != ']')
			return 0;
		i++;
	}
	sp->pid = v;
	sp->ie = i;
	if (i >= len || u[i] != ':')
		return 0;
	i++;
	if (i < len && u[i] == ' ')
		i++;
	sp->ms = i;
	return i;
}

size_t
lex_syslog_pid(const char *line, size_t len, size_t i, struct lex_span *sp)
{
	return pid((const unsigned char *)line, len, i, sp);
}

size_t
lex_syslog_prefix(const char *line, size_t len, size_t i,
    struct lex_span *sp)
{
	const unsigned char	*u = (const unsigned char *)line;

	if ((i = host(u, len, i, sp)) == 0)
		return 0;
	i = lex_until16_at(line, i, len, lex_prog_end, ' ', '\0', ':', '[');
	if (i == sp->ps || i >= len || u[i] == ' ' || u[i] == '\0')
		return 0;
	return pid(u, len, i, sp);
}

size_t
lex_enhanced_len(const char *s)
{
	size_t	i, n;
	int	part;

	if (s[0] != '2' && s[0] != '4' && s[0] != '5')
		return 0;
	i = 1;
	for (part = 0; part < 2; part++) {
		if (s[i] != '.')
			return 0;
		for (n = 0, i++; LEX_ISDIGIT(s[i]) && n < 4; i++, n++)
			;
		if (n == 0 || n > 3)
			return 0;
	}
	return s[i] == ' ' || s[i] == '\0' ? i : 0;
}

int
lex_reply(char *s, int *code, char **enh, char **text)
{
	size_t	n;

	if (s[0] < '2' || s[0] > '5' || !LEX_ISDIGIT(s[1]) ||
	    !LEX_ISDIGIT(s[2]) || (s[3] != ' ' && s[3] != '-' && s[3] != '\0'))
		return -1;
	*code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	*enh = NULL;
	*text = NULL;
	if (s[3] == '\0')
		return 0;
	s += 4;
	if ((n = lex_enhanced_len(s)) > 0) {
		*enh = s;
		if (s[n] == '\0')
			return 0;
		s[n] = '\0';
		s += n + 1;
	}
	*text = *s != '\0' ? s : NULL;
	return 0;
}

char *
lex_save(char *buf, size_t cap, size_t *used, const char *s, size_t n)
{
	char	*d;

	if (*used + n + 1 > cap)
		return NULL;
	d = buf + *used;
	memcpy(d, s, n);
	d[n] = '\0';
	*used += n + 1;
	return d;
}

const char *
lex_join(char *buf, size_t cap, size_t *used, const char *a, size_t la,
    const char *b, size_t lb, const char *c, size_t lc)
{
	char	*d;

	if (*used + la + lb + lc + 1 > cap)
		return NULL;
	d = buf + *used;
	memcpy(d, a, la);
	memcpy(d + la, b, lb);
	memcpy(d + la + lb, c, lc);
	d[la + lb + lc] = '\0';
	*used += la + lb + lc + 1;
	return d;
}

const char *
lex_cat(char *buf, size_t cap, size_t *used, const char *a, const char *b,
    const char *c)
{
	if (a == NULL || b == NULL || c == NULL)
		return NULL;
	return lex_join(buf, cap, used, a, strlen(a), b, strlen(b), c,
	    strlen(c));
}
