/*
 * rule_json.c - a quick reader for rule files that are plain, well-formed
 * JSON: it builds the tree json_loadb() builds, and gives up on anything
 * it is not sure of, so that jansson reads that file instead and says
 * what is wrong, with its own messages and lines.  jansson's reader took
 * about 140 instructions a byte, most of the start-up of every scan.
 * Checking what the tree holds is rule_load.c's job.
 *
 * What it reads: one object at the top; objects, arrays, strings with
 * the escapes \" \\ \/ \b \f \n \r \t and well-formed UTF-8, integers of
 * up to 18 digits, true, false and null; blanks as JSON has them.  What
 * makes it give up (all of it either wrong, which jansson reports, or
 * rare): \u escapes, other numbers, duplicate keys (jansson reports them:
 * JSON_REJECT_DUPLICATES), keys of 64 bytes or more, nesting deeper than
 * RJ_MAXDEPTH, anything after the top object, and any error.
 */
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "utf8.h"
#include "xmalloc.h"

#define RJ_MAXDEPTH	32
#define RJ_MAXKEY	64
#define RJ_MAXDIGITS	18	/* always within a json_int_t */

struct rd {
	const char	*p, *end;
	char		*buf;		/* the last string read, decoded */
	size_t		 cap;
	int		 depth;
};

static json_t	*value(struct rd *);

static void
blanks(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' ||
	    *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

/*
 * string - the string whose opening quote is at r->p, decoded into r->buf
 * (NUL-terminated) with its length in *len; -1 to give up.
 */
static int
string(struct rd *r, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)r->p + 1;
	const unsigned char	*end = (const unsigned char *)r->end;
	const unsigned char	*run;
	size_t			 n = 0, k;
	int			 high = 0;
	char			 c;

	for (;;) {
		/* A run of bytes that stand for themselves. */
		for (run = s; s < end && *s != '"' && *s != '\\' && *s >= 0x20;
		    s++)
			high |= *s >= 0x80;
		k = (size_t)(s - run);
		if (r->cap - n < k + 2) {
			while (r->cap - n < k + 2)
				r->cap = r->cap ? r->cap * 2 : 256;
			r->buf = xrealloc(r->buf, r->cap);
		}
		memcpy(r->buf + n, run, k);
		n += k;
		if (s >= end || *s < 0x20)
			return -1;	/* unterminated, or a control byte */
		if (*s == '"')
			break;
		if (++s >= end)
			return -1;
		switch (*s) {
		case '"': case '\\': case '/': c = (char)*s; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		default:
			return -1;	/* \u, or not an escape */
		}
		r->buf[n++] = c;
		s++;
	}
	r->buf[n] = '\0';
	r->p = (const char *)s + 1;
	if (high && !utf8_valid(r->buf, n))
		return -1;
	*len = n;
	return 0;
}

/* word - the literal w at r->p (true, false, null). */
static int
word(struct rd *r, const char *w)
{
	size_t	n = strlen(w);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return -1;
	r->p += n;
	return 0;
}

/* integer - -?(0|[1-9][0-9]*) not followed by what makes it a real. */
static json_t *
integer(struct rd *r)
{
	const char	*s = r->p;
	json_int_t	 v = 0;
	int		 neg = 0, digits = 0;

	if (s < r->end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s >= r->end || *s < '0' || *s > '9')
		return NULL;
	if (*s == '0')
		s++;
	else
		for (; s < r->end && *s >= '0' && *s <= '9'; s++) {
			if (++digits > RJ_MAXDIGITS)
				return NULL;
			v = v * 10 + (*s - '0');
		}
	if (s < r->end && ((*s >= '0' && *s <= '9') || *s == '.' ||
	    *s == 'e' || *s == 'E'))
		return NULL;
	r->p = s;
	return json_integer(neg ? -v : v);
}

static json_t *
object(struct rd *r)
{
	json_t	*o = json_object(), *v;
	char	 key[RJ_MAXKEY];
	size_t	 n, size;

	r->p++;
	blanks(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return o;
	}
	for (;;) {
		blanks(r);
		if (r->p >= r->end || *r->p != '"' || string(r, &n) != 0 ||
		    n >= sizeof(key))
			break;
		memcpy(key, r->buf, n + 1);
		blanks(r);
		if (r->p >= r->end || *r->p++ != ':')
			break;
		if ((v = value(r)) == NULL)
			break;
		/* string() checked the UTF-8; a key seen before replaces
		 * its value instead of adding one: give up on it. */
		size = json_object_size(o);
		if (json_object_set_new_nocheck(o, key, v) != 0 ||
		    json_object_size(o) == size)
			break;
		blanks(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return o;
		}
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *
array(struct rd *r)
{
	json_t	*a = json_array(), *v;

	r->p++;
	blanks(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return a;
	}
	for (;;) {
		if ((v = value(r)) == NULL ||
		    json_array_append_new(a, v) != 0)
			break;
		blanks(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return a;
		}
		break;
	}
	json_decref(a);
	return NULL;
}

static json_t *
value(struct rd *r)
{
	json_t	*v = NULL;
	size_t	 n;

	blanks(r);
	if (r->p >= r->end || ++r->depth > RJ_MAXDEPTH)
		return NULL;
	switch (*r->p) {
	case '{':
		v = object(r);
		break;
	case '[':
		v = array(r);
		break;
	case '"':
		if (string(r, &n) == 0)	/* UTF-8 checked */
			v = json_stringn_nocheck(r->buf, n);
		break;
	case 't':
		if (word(r, "true") == 0)
			v = json_true();
		break;
	case 'f':
		if (word(r, "false") == 0)
			v = json_false();
		break;
	case 'n':
		if (word(r, "null") == 0)
			v = json_null();
		break;
	default:
		v = integer(r);
	}
	r->depth--;
	return v;
}

json_t *
rule_json_read(const char *text, size_t len)
{
	struct rd	 r;
	json_t		*root = NULL;

	memset(&r, 0, sizeof(r));
	r.p = text;
	r.end = text + len;
	blanks(&r);
	if (r.p < r.end && *r.p == '{' && (root = value(&r)) != NULL) {
		blanks(&r);
		if (r.p != r.end) {
			json_decref(root);
			root = NULL;
		}
	}
	free(r.buf);
	return root;
}
