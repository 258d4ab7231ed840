/*
 * jbuf.c - write JSON values into a growing buffer, escaped and laid out
 * as jansson's json_dump does, so that the reports need no tree.  What to
 * write and in which order is report_json.c's business.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "lib/fmt.h"
#include "lib/utf8.h"
#include "lib/word.h"
#include "lib/xmalloc.h"

/* Bytes that a JSON string cannot hold as they are: 1, and 2 for >= 0x80
 * (valid only as part of well-formed UTF-8). */
static unsigned char	special[256];

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

void
jb_init(struct jbuf *j, int indent)
{
	int	c;

	memset(j, 0, sizeof(*j));
	j->indent = indent;
	if (special['"'] == 0) {
		for (c = 0; c < 0x20; c++)
			special[c] = 1;
		for (c = 0x80; c < 0x100; c++)
			special[c] = 2;
		special['\\'] = 1;
		special['"'] = 1;
	}
}

void
jb_release(struct jbuf *j)
{
	free(j->buf);
	j->buf = NULL;
	j->len = j->cap = 0;
}

void
jb_reset(struct jbuf *j, int base)
{
	j->len = 0;
	j->base = base;
	j->depth = 0;
	j->count[0] = 0;
}

/* grow_to - make room for more bytes; kept out of line, as it is rare
 * once the buffer fits a record. */
static void
grow_to(struct jbuf *j, size_t more)
{
	while (j->cap - j->len < more)
		j->cap = j->cap ? j->cap * 2 : 4096;
	j->buf = xrealloc(j->buf, j->cap);
}

static inline void
grow(struct jbuf *j, size_t more)
{
	if (j->cap - j->len < more)
		grow_to(j, more);
}

void
jb_raw(struct jbuf *j, const char *s, size_t len)
{
	grow(j, len);
	memcpy(j->buf + j->len, s, len);
	j->len += len;
}

void
jb_members(struct jbuf *j, const char *s, size_t len, unsigned long n)
{
	assert(j->count[j->depth] > 0);
	jb_raw(j, s, len);
	j->count[j->depth] += n;
}

void
jb_put(struct jbuf *j, const char *s)
{
	jb_raw(j, s, strlen(s));
}

/* newline - a line break and the indentation of level depth, at p, which
 * has room for it and NEWLINE_SLACK bytes more; returns the end.  The
 * spaces go eight at a time, past the end by up to seven: no call. */
#define NEWLINE_SLACK	8

static char *
newline(const struct jbuf *j, char *p, int depth)
{
	size_t	 n = (size_t)j->base + (size_t)j->indent * (size_t)depth, i;

	*p++ = '\n';
	for (i = 0; i < n; i += 8)
		memcpy(p + i, "        ", 8);
	return p + n;
}

char *
jbk_member(struct jbuf *j, const char *key, size_t kl, size_t value)
{
	char	*p;

	/* ",", "\n" and the indentation, "\"key\": " */
	grow(j, 2 + (size_t)j->base + (size_t)j->indent * (size_t)j->depth +
	    NEWLINE_SLACK + kl + 4 + value);
	p = j->buf + j->len;
	*p = ',';
	p += j->count[j->depth]++ > 0;
	if (j->indent && j->depth > 0)
		p = newline(j, p, j->depth);
	if (key == NULL)
		return p;
	*p = '"';
	word_copy(p + 1, key, kl);
	p += kl + 1;
	*p++ = '"';
	*p++ = ':';
	if (j->indent)
		*p++ = ' ';
	return p;
}

void
jbk_open(struct jbuf *j, const char *key, size_t kl, char c)
{
	char	*p = jbk_at(j, key, kl, 1);

	*p++ = c;
	j->len = (size_t)(p - j->buf);
	assert(j->depth + 1 < JB_MAXDEPTH);
	j->count[++j->depth] = 0;
}

void
jb_end(struct jbuf *j, int close)
{
	char	*p;

	assert(j->depth > 0);
	grow(j, 2 + (size_t)j->base + (size_t)j->indent * (size_t)j->depth +
	    NEWLINE_SLACK);
	p = j->buf + j->len;
	/* jansson writes an empty container as {} or [], on one line. */
	if (j->indent && j->count[j->depth] > 0)
		p = newline(j, p, j->depth - 1);
	j->depth--;
	*p++ = (char)close;
	j->len = (size_t)(p - j->buf);
}

/*
 * plain8 - none of the eight bytes of w needs an escape: no byte >= 0x80,
 * < 0x20, '"' or '\\'.  A byte below 0x20, or equal to '"' or '\\' after
 * the xor, borrows in the subtraction and sets its top bit; a byte >=
 * 0x80 has it set already.  A borrow may set the top bit of a higher
 * byte too, but only above a byte that is special itself, so the answer
 * for the word is exact.
 */
static inline int
plain8(uint64_t w)
{
	uint64_t	q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return (((w - ONES * 0x20) | (q - ONES) | (b - ONES) | w) & HIGHS) ==
	    0;
}

/* plain4 - plain8 for a word of four bytes. */
static inline int
plain4(uint32_t w)
{
	uint32_t	q = w ^ (uint32_t)(ONES * '"'), b = w ^ (uint32_t)(ONES *
			    '\\');

	return (((w - (uint32_t)(ONES * 0x20)) | (q - (uint32_t)ONES) |
	    (b - (uint32_t)ONES) | w) & (uint32_t)HIGHS) == 0;
}

/* u_escape - "\uXXXX" for the character c at out; returns the end. */
static char *
u_escape(char *out, unsigned c)
{
	static const char	hex[] = "0123456789ABCDEF";

	*out++ = '\\';
	*out++ = 'u';
	*out++ = hex[c >> 12 & 15];
	*out++ = hex[c >> 8 & 15];
	*out++ = hex[c >> 4 & 15];
	*out++ = hex[c & 15];
	return out;
}

/*
 * line_end - the bytes of U+0085 (NEL), U+2028 or U+2029 at p (before e),
 * or 0.  Valid JSON as they are, but readers that split lines as Unicode
 * does (Python's str.splitlines, some log shippers) would cut a record
 * in two there: they are written escaped.  In well-formed UTF-8 their
 * first byte only ever starts a character.
 */
static inline size_t
line_end(const unsigned char *p, const unsigned char *e)
{
	if (p[0] == 0xc2 && e - p >= 2 && p[1] == 0x85)
		return 2;
	if (p[0] == 0xe2 && e - p >= 3 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	return 0;
}

/*
 * escape - s[0..len) as a JSON string body at out, which has room for 6
 * bytes a byte; returns the end, and in *ascii whether s held no byte
 * >= 0x80 (else the caller must check for well-formed UTF-8).
 */
static char *
escape(char *out, const char *s, size_t len, int *ascii)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + len;
	const unsigned char	*run = p;	/* since the last escape */
	uint64_t		 w;
	size_t			 n;

	*ascii = 1;
	for (;;) {
		/* Eight bytes at a time, copied as they are tested: most
		 * strings need no escape. */
		while (e - p >= 8) {
			memcpy(&w, p, 8);
			if (!plain8(w))
				break;
			memcpy(out, &w, 8);
			out += 8;
			p += 8;
		}
		/*
		 * The last bytes, as the word that ends the string, when the
		 * bytes of that word before them went out as they are: they
		 * are written again, the same.
		 */
		if (p < e && e - p < 8 && (size_t)(p - run) >= (size_t)(8 -
		    (e - p))) {
			memcpy(&w, e - 8, 8);
			if (plain8(w)) {
				memcpy(out - (8 - (e - p)), &w, 8);
				return out + (e - p);
			}
		}
		/* Byte by byte up to the special one. */
		while (p < e && special[*p] == 0)
			*out++ = (char)*p++;
		if (p == e)
			return out;
		if (special[*p] == 2) {
			*ascii = 0;
			if ((n = line_end(p, e)) > 0) {
				out = u_escape(out, n == 2 ? 0x85 :
				    p[2] == 0xa8 ? 0x2028 : 0x2029);
				p += n;
			} else
				*out++ = (char)*p++;
			run = p;
			continue;
		}
		*out++ = '\\';
		switch (*p) {
		case '"': case '\\': *out++ = (char)*p; break;
		case '\b': *out++ = 'b'; break;
		case '\f': *out++ = 'f'; break;
		case '\n': *out++ = 'n'; break;
		case '\r': *out++ = 'r'; break;
		case '\t': *out++ = 't'; break;
		default:
			out = u_escape(out - 1, *p);
		}
		run = ++p;
	}
}

/*
 * plain - copy s[0..len) to out when none of its bytes needs an escape
 * (most strings), a word at a time, the last word overlapping the one
 * before; returns the end, or NULL and how many bytes went out as they
 * are in *done.
 */
static inline char *
plain(char *out, const char *s, size_t len, size_t *done)
{
	const char	*q = s, *e = s + len;
	uint64_t	 w;
	uint32_t	 a, b;

	if (len >= 8) {
		for (; e - q > 8; q += 8, out += 8) {
			memcpy(&w, q, 8);
			if (!plain8(w))
				goto stop;
			memcpy(out, &w, 8);
		}
		memcpy(&w, e - 8, 8);
		if (!plain8(w))
			goto stop;
		memcpy(out + (e - q) - 8, &w, 8);
		return out + (e - q);
	}
	if (len >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, e - 4, 4);
		if (!plain4(a) || !plain4(b))
			goto stop;
		memcpy(out, &a, 4);
		memcpy(out + len - 4, &b, 4);
		return out + len;
	}
	for (; q < e; q++)
		if (special[(unsigned char)*q] != 0)
			goto stop;
		else
			*out++ = *q;
	return out;
stop:
	*done = (size_t)(q - s);
	return NULL;
}

/*
 * string_rest - the rest of a string from s[done], where plain() met a
 * byte to escape: what went before is ASCII, so the rest alone tells
 * whether s is UTF-8.  Out of line, so that the common case saves no
 * registers for it.
 */
static __attribute__((noinline)) void
string_rest(struct jbuf *j, char *p, const char *s, size_t len, size_t done)
{
	size_t	 start = (size_t)(p - j->buf);
	char	*clean;
	int	 ascii;

	p = escape(p + done, s + done, len - done, &ascii);
	if (!ascii && !utf8_valid(s + done, len - done)) {
		/* Rare: write it again, made valid (longer: U+FFFD is
		 * three bytes for one). */
		j->len = start;
		clean = utf8_sanitize(s, len);
		len = strlen(clean);
		grow(j, len * 6 + 1);
		p = escape(j->buf + start, clean, len, &ascii);
		free(clean);
	}
	*p++ = '"';
	j->len = (size_t)(p - j->buf);
}

void
jbk_string(struct jbuf *j, char *p, const char *s, size_t len)
{
	size_t	 done;
	char	*end;

	*p++ = '"';
	if ((end = plain(p, s, len, &done)) == NULL) {
		string_rest(j, p, s, len, done);
		return;
	}
	*end++ = '"';
	j->len = (size_t)(end - j->buf);
}

void
jbk_int(struct jbuf *j, const char *key, size_t kl, long long v)
{
	char			 tmp[FMT_DEC_MAX + 1], *p, *out;
	size_t			 n;
	unsigned long long	 u = v < 0 ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;

	p = fmt_udec_back(tmp + sizeof(tmp), u);
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	out = jbk_at(j, key, kl, n);
	word_copy(out, p, n);
	j->len = (size_t)(out + n - j->buf);
}
