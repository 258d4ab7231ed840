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
#include "utf8.h"
#include "xmalloc.h"

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

static void
grow(struct jbuf *j, size_t more)
{
	if (j->cap - j->len >= more)
		return;
	while (j->cap - j->len < more)
		j->cap = j->cap ? j->cap * 2 : 4096;
	j->buf = xrealloc(j->buf, j->cap);
}

void
jb_raw(struct jbuf *j, const char *s, size_t len)
{
	grow(j, len);
	memcpy(j->buf + j->len, s, len);
	j->len += len;
}

void
jb_put(struct jbuf *j, const char *s)
{
	jb_raw(j, s, strlen(s));
}

/* newline - a line break and the indentation of level depth. */
static void
newline(struct jbuf *j, int depth)
{
	size_t	n = (size_t)j->base + (size_t)j->indent * (size_t)depth;

	grow(j, n + 1);
	j->buf[j->len++] = '\n';
	memset(j->buf + j->len, ' ', n);
	j->len += n;
}

/* member - the comma, layout and "key": before a value. */
static void
member(struct jbuf *j, const char *key)
{
	size_t	kl;

	if (j->count[j->depth]++ > 0)
		jb_raw(j, ",", 1);
	if (j->indent && j->depth > 0)
		newline(j, j->depth);
	if (key == NULL)
		return;
	kl = strlen(key);
	grow(j, kl + 4);
	j->buf[j->len++] = '"';
	memcpy(j->buf + j->len, key, kl);
	j->len += kl;
	j->buf[j->len++] = '"';
	j->buf[j->len++] = ':';
	if (j->indent)
		j->buf[j->len++] = ' ';
}

static void
open_(struct jbuf *j, const char *key, char c)
{
	member(j, key);
	jb_raw(j, &c, 1);
	assert(j->depth + 1 < JB_MAXDEPTH);
	j->count[++j->depth] = 0;
}

void
jb_obj(struct jbuf *j, const char *key)
{
	open_(j, key, '{');
}

void
jb_arr(struct jbuf *j, const char *key)
{
	open_(j, key, '[');
}

void
jb_end(struct jbuf *j, int close)
{
	char	c = (char)close;

	assert(j->depth > 0);
	/* jansson writes an empty container as {} or [], on one line. */
	if (j->indent && j->count[j->depth] > 0)
		newline(j, j->depth - 1);
	j->depth--;
	jb_raw(j, &c, 1);
}

/* escape - s[0..len) as a JSON string body; returns 0 when it held a byte
 * >= 0x80, which the caller must check for well-formed UTF-8. */
static int
escape(struct jbuf *j, const char *s, size_t len)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)s, *e = p + len;
	const unsigned char	*run;
	int			 ascii = 1;

	/* At most 6 bytes out for a byte in. */
	grow(j, len * 6 + 2);
	while (p < e) {
		run = p;
		/* Eight bytes at a time while none is special: no byte
		 * >= 0x80, < 0x20, '"' or '\\' (the SWAR zero-byte test). */
		while (e - p >= 8) {
			uint64_t	w, q, b;

			memcpy(&w, p, 8);
			q = w ^ (ONES * '"');
			b = w ^ (ONES * '\\');
			if ((((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) |
			    ((b - ONES) & ~b) | w) & HIGHS)
				break;
			p += 8;
		}
		while (p < e && special[*p] == 0)
			p++;
		memcpy(j->buf + j->len, run, (size_t)(p - run));
		j->len += (size_t)(p - run);
		if (p == e)
			break;
		if (special[*p] == 2) {
			ascii = 0;
			j->buf[j->len++] = (char)*p++;
			continue;
		}
		j->buf[j->len++] = '\\';
		switch (*p) {
		case '"': case '\\': j->buf[j->len++] = (char)*p; break;
		case '\b': j->buf[j->len++] = 'b'; break;
		case '\f': j->buf[j->len++] = 'f'; break;
		case '\n': j->buf[j->len++] = 'n'; break;
		case '\r': j->buf[j->len++] = 'r'; break;
		case '\t': j->buf[j->len++] = 't'; break;
		default:
			memcpy(j->buf + j->len, "u00", 3);
			j->len += 3;
			j->buf[j->len++] = hex[*p >> 4];
			j->buf[j->len++] = hex[*p & 15];
		}
		p++;
	}
	return ascii;
}

void
jb_str(struct jbuf *j, const char *key, const char *s)
{
	size_t	len, start;
	char	*clean;

	if (s == NULL) {
		jb_null(j, key);
		return;
	}
	member(j, key);
	len = strlen(s);
	jb_raw(j, "\"", 1);
	start = j->len;
	if (!escape(j, s, len) && !utf8_valid(s, len)) {
		/* Rare: write it again, made valid. */
		j->len = start;
		clean = utf8_sanitize(s, len);
		(void)escape(j, clean, strlen(clean));
		free(clean);
	}
	jb_raw(j, "\"", 1);
}

void
jb_int(struct jbuf *j, const char *key, long long v)
{
	char			 tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long	 u = v < 0 ? 0ULL - (unsigned long long)v :
				    (unsigned long long)v;

	/* snprintf costs hundreds of instructions a number. */
	member(j, key);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jb_raw(j, p, (size_t)(tmp + sizeof(tmp) - p));
}

void
jb_null(struct jbuf *j, const char *key)
{
	member(j, key);
	jb_raw(j, "null", 4);
}

void
jb_bool(struct jbuf *j, const char *key, int v)
{
	member(j, key);
	if (v)
		jb_raw(j, "true", 4);
	else
		jb_raw(j, "false", 5);
}
