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
 */
void	jb_obj(struct jbuf *, const char *key);
void	jb_arr(struct jbuf *, const char *key);
void	jb_end(struct jbuf *, int close);	/* close is '}' or ']' */
void	jb_str(struct jbuf *, const char *key, const char *s);
/* jb_strn - the string s[0..len), which may hold NUL bytes (\u0000). */
void	jb_strn(struct jbuf *, const char *key, const char *s, size_t len);
void	jb_int(struct jbuf *, const char *key, long long v);
void	jb_null(struct jbuf *, const char *key);
void	jb_bool(struct jbuf *, const char *key, int v);
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
