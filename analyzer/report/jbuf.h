/*
 * jbuf.h - a JSON writer into one reusable memory buffer, for the JSON and
 * NDJSON reports.  It writes exactly what jansson's dump writes for the
 * same values (compact, or indented by 2 with ": "), keys in the order
 * they are added, without building a tree: a finding costs one pass over
 * its strings and no allocation once the buffer has grown to fit.
 *
 * Strings are made valid UTF-8 (bad bytes become U+FFFD, as utf8_sanitize)
 * and escaped as jansson does, but for U+0085, U+2028 and U+2029, written
 * as \u0085, \u2028 and \u2029 so that no reader splitting lines as
 * Unicode does cuts a record.  Keys are written as given: they are
 * literals of the caller and must need no escaping.
 */
#ifndef JBUF_H
#define JBUF_H

#include <stddef.h>
#include <string.h>

#define JB_MAXDEPTH	16

struct jbuf {
	char	*buf;
	size_t	 len, cap;
	int	 indent;		/* 0: compact; else spaces a level */
	int	 base;			/* spaces before every new line */
	int	 depth;
	unsigned long count[JB_MAXDEPTH];	/* members written per level */
};

/* jb_init - an empty buffer; indent 0 writes compact JSON. */
void	jb_init(struct jbuf *, int indent);
/* jb_release - free the memory; the buffer may be jb_init'ed again. */
void	jb_release(struct jbuf *);
/* jb_reset - start a new value; every new line is shifted by base spaces
 * (a record inside an enclosing document). */
void	jb_reset(struct jbuf *, int base);

/*
 * Members: key is the member name inside an object, NULL inside an array
 * or for the top value.  jb_str writes null for a NULL s.  Nesting deeper
 * than JB_MAXDEPTH is a bug (assert).
 *
 * They are inline, so that a key given as a literal is counted and copied
 * as constants, and a compact buffer with room writes a member without a
 * call; the rest is done by the jbk_ functions below, not to be called
 * otherwise.
 */

/* jbk_member - the comma, layout and "key": of a member (key klen bytes)
 * with room for value more bytes after them; returns where the value
 * goes, and the caller sets j->len past it. */
char	*jbk_member(struct jbuf *, const char *key, size_t klen, size_t value);
/* jbk_string - s[0..len) as a JSON string at p, where jbk_member left room
 * for len * 6 + 2 bytes; sets j->len past it. */
void	jbk_string(struct jbuf *, char *p, const char *s, size_t len);
void	jbk_int(struct jbuf *, const char *key, size_t klen, long long v);

#define JB_KLEN(key)	((key) != NULL ? strlen(key) : 0)
/* Always inline: left to itself the compiler keeps jb_str out of line,
 * and counts and copies every key at run time. */
#define JB_INLINE	static inline __attribute__((always_inline))

/* jbk_at - jbk_member, without a call for a compact buffer with room. */
JB_INLINE char *
jbk_at(struct jbuf *j, const char *key, size_t kl, size_t value)
{
	char	*p;

	if (j->indent != 0 || j->cap - j->len < kl + 4 + value)
		return jbk_member(j, key, kl, value);
	p = j->buf + j->len;
	*p = ',';
	p += j->count[j->depth]++ > 0;
	if (key != NULL) {
		*p++ = '"';
		memcpy(p, key, kl);
		p += kl;
		*p++ = '"';
		*p++ = ':';
	}
	return p;
}

/* jbk_lit - a member whose value is the bytes v[0..n) as they are. */
JB_INLINE void
jbk_lit(struct jbuf *j, const char *key, size_t kl, const char *v, size_t n)
{
	char	*p = jbk_at(j, key, kl, n);

	memcpy(p, v, n);
	j->len = (size_t)(p + n - j->buf);
}

/* jbk_open - an object or array (c is '{' or '['), one level down. */
void	jbk_open(struct jbuf *, const char *key, size_t klen, char c);

JB_INLINE void
jb_obj(struct jbuf *j, const char *key)
{
	jbk_open(j, key, JB_KLEN(key), '{');
}

JB_INLINE void
jb_arr(struct jbuf *j, const char *key)
{
	jbk_open(j, key, JB_KLEN(key), '[');
}

void	jb_end(struct jbuf *, int close);	/* close is '}' or ']' */

/* jb_strn - the string s[0..len), which may hold NUL bytes (\u0000). */
JB_INLINE void
jb_strn(struct jbuf *j, const char *key, const char *s, size_t len)
{
	jbk_string(j, jbk_at(j, key, JB_KLEN(key), len * 6 + 2), s, len);
}

/* jb_plain - the string s[0..len) that the caller knows needs no escape:
 * ASCII without control bytes, '"' or '\\' (a time, a number in hex). */
JB_INLINE void
jb_plain(struct jbuf *j, const char *key, const char *s, size_t len)
{
	char	*p = jbk_at(j, key, JB_KLEN(key), len + 2);

	*p++ = '"';
	memcpy(p, s, len);
	p[len] = '"';
	j->len = (size_t)(p + len + 1 - j->buf);
}

JB_INLINE void
jb_null(struct jbuf *j, const char *key)
{
	jbk_lit(j, key, JB_KLEN(key), "null", 4);
}

JB_INLINE void
jb_str(struct jbuf *j, const char *key, const char *s)
{
	if (s == NULL)
		jb_null(j, key);
	else
		jb_strn(j, key, s, strlen(s));
}

JB_INLINE void
jb_int(struct jbuf *j, const char *key, long long v)
{
	jbk_int(j, key, JB_KLEN(key), v);
}

JB_INLINE void
jb_bool(struct jbuf *j, const char *key, int v)
{
	if (v)
		jbk_lit(j, key, JB_KLEN(key), "true", 4);
	else
		jbk_lit(j, key, JB_KLEN(key), "false", 5);
}

/*
 * jb_members - append n members that were written before, by the caller
 * (who kept j->buf[start..j->len) then), into a buffer of the same indent
 * and base at the same depth: a run of members that is the same in many
 * records is escaped once.  The bytes start with their comma, so the run
 * must not be the first of its object, neither when kept nor here
 * (assert).
 */
void	jb_members(struct jbuf *, const char *s, size_t len, unsigned long n);
/* jb_raw - append bytes as they are (layout between records). */
void	jb_raw(struct jbuf *, const char *s, size_t len);
/* jb_put - jb_raw of a NUL-terminated string. */
void	jb_put(struct jbuf *, const char *s);

#endif /* JBUF_H */
