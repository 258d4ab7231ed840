/*
 * lex.h - small lexing helpers every log parser needs: the syslog prefix
 * after a timestamp, an SMTP reply split into code, enhanced code and
 * text, and copies into a parser's per-line arena.  Pure functions on the
 * caller's buffers; nothing is allocated.
 */
#ifndef LEX_H
#define LEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif


#define LEX_ISDIGIT(c)	((unsigned)(c) - '0' < 10)

/* Offsets into a line of "HOST PROGRAM[PID]: MESSAGE". */
struct lex_span {
	size_t	hs, he;		/* host [hs, he) */
	size_t	ps, pe;		/* program [ps, pe) */
	size_t	ie;		/* after the pid's ']', or pe */
	size_t	ms;		/* message start */
	long	pid;		/* -1 when absent */
};

/*
 * lex_syslog_prefix - find host, program and pid from offset i (after the
 * timestamp) of line[0..len), which must be NUL-terminated at or after
 * len (lines of push() and probe() are) and hold no NUL before len.  At
 * most 10 pid digits are read.  Returns the offset of the message, or 0
 * when the prefix is malformed.
 */
size_t	lex_syslog_prefix(const char *line, size_t len, size_t i,
	    struct lex_span *sp);

/*
 * lex_syslog_pid - the second half of lex_syslog_prefix, for a caller
 * that finds the program its own way: from i, the end of the program
 * (a '[' or ':'): pe, pid, ie and ms; returns ms, or 0.
 */
size_t	lex_syslog_pid(const char *line, size_t len, size_t i,
	    struct lex_span *sp);

/*
 * lex_until - the number of bytes of s before the first one that tab
 * marks (tab[c] != 0); tab must mark NUL.  Four tests a step: gcc -O2
 * does not unroll such loops, and the scans of names and addresses are
 * most of a parser's work.  A byte is read only after the one before it
 * was found unmarked, so nothing past the NUL is read.  Inline: most
 * scans are short, and a call would cost what the unrolling saves.
 */
static inline size_t
lex_until(const char *s, const unsigned char *tab)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0;; i += 4) {
		if (tab[u[i]])
			return i;
		if (tab[u[i + 1]])
			return i + 1;
		if (tab[u[i + 2]])
			return i + 2;
		if (tab[u[i + 3]])
			return i + 3;
	}
}

/*
 * lex_until16 - lex_until(s, tab) for a tab that marks the bytes a, b, c
 * and d and no others, where s[0..n) may be read: with SSE2, 16 bytes a
 * step while they lie within those n (a host, a client's name or an
 * address is one or two steps, not 16 lookups), then as lex_until().
 * lex_until16_at - the same from s + i: i plus lex_until16(s + i, n - i).
 */
static inline __attribute__((always_inline)) size_t
lex_until16_at(const char *s, size_t i, size_t n, const unsigned char *tab,
    char a, char b, char c, char d)
{
#ifdef __SSE2__
	__m128i	v, m;
	int	bits;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8(a)), _mm_cmpeq_epi8(v, _mm_set1_epi8(b))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(d))));
		if ((bits = _mm_movemask_epi8(m)) != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#else
	(void)n;
	(void)a;
	(void)b;
	(void)c;
	(void)d;
#endif
	return i + lex_until(s + i, tab);
}

static inline __attribute__((always_inline)) size_t
lex_until16(const char *s, size_t n, const unsigned char *tab, char a,
    char b, char c, char d)
{
	return lex_until16_at(s, 0, n, tab, a, b, c, d);
}

/* lex_while - the number of bytes at the start of s that tab marks; tab
 * must not mark NUL.  Unrolled and inline as lex_until. */
static inline size_t
lex_while(const char *s, const unsigned char *tab)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0;; i += 4) {
		if (!tab[u[i]])
			return i;
		if (!tab[u[i + 1]])
			return i + 1;
		if (!tab[u[i + 2]])
			return i + 2;
		if (!tab[u[i + 3]])
			return i + 3;
	}
}

/* lex_host_end, lex_prog_end - the bytes that end a syslog host (NUL,
 * space) and a program name (NUL, space, ':', '['), for lex_until(). */
extern const unsigned char lex_host_end[256];
extern const unsigned char lex_prog_end[256];

/* lex_key_char - the bytes of Postfix's field names: a-z and '_'. */
extern const unsigned char lex_key_char[256];

/* lex_enhanced_len - length of an RFC 3463 status code at s ("5.7.1")
 * that ends at a space or the end of s; 0 when there is none. */
size_t	lex_enhanced_len(const char *s);

/*
 * lex_reply - split "554 5.7.1 text" (also "554-...", and replies without
 * an enhanced code) in place: NULs are written after the enhanced code.
 * *enh and *text are NULL when absent.  Returns 0, or -1 when s does not
 * start with a reply code.
 */
int	lex_reply(char *s, int *code, char **enh, char **text);

/*
 * lex_save / lex_cat - copy s[0..n), or a + b + c, into the arena buf of
 * cap bytes whose first *used bytes are taken; NUL-terminated.  NULL when
 * it does not fit (or an argument of lex_cat is NULL).
 */
char		*lex_save(char *buf, size_t cap, size_t *used, const char *s,
		    size_t n);
const char	*lex_cat(char *buf, size_t cap, size_t *used, const char *a,
		    const char *b, const char *c);

/* lex_join - lex_cat of a[0..la) + b[0..lb) + c[0..lc), lengths known. */
const char	*lex_join(char *buf, size_t cap, size_t *used, const char *a,
		    size_t la, const char *b, size_t lb, const char *c,
		    size_t lc);

/* lex_room - the bytes from s to e, the end of what may be read (0 when
 * s is past it). */
static inline size_t
lex_room(const char *s, const char *e)
{
	return e > s ? (size_t)(e - s) : 0;
}

/*
 * LEX_AFTER - s past the string literal lit when s starts with it, else
 * NULL; what may be read ends at e (see lex_room()).  A macro, so that
 * the length is known at compile time and the compare is a few loads.
 */
#define LEX_AFTER(s, e, lit) \
	((s)[0] == (lit)[0] && lex_room((s), (e)) >= sizeof(lit) - 1 && \
	    memcmp((s), (lit), sizeof(lit) - 1) == 0 ? \
	    (s) + sizeof(lit) - 1 : NULL)

#endif /* LEX_H */
