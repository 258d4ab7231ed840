/*
 * envelope_json.c - a few values of a flat JSON object, without building
 * a tree: journald's export of one entry and docker's json-file record
 * are one object a line whose values the envelope needs four or five of.
 * The scanner walks the object once, skips the values it does not want
 * (memchr to each closing quote) and decodes the ones it wants; what it
 * does not read itself (escaped keys, a key twice, arrays of strings)
 * goes to jansson, which also decides about lines the scanner finds
 * malformed.  Decoded values never grow: a JSON escape is longer than
 * what it stands for.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "envelope_int.h"

#define WS(c)	((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')

/* The scanner's verdict on a line. */
enum scan_r {
	SCAN_OK,
	SCAN_BAD,		/* not JSON as the scanner reads it */
	SCAN_JANSSON		/* JSON the scanner leaves to jansson */
};

static size_t
ws(const char *s, size_t len, size_t i)
{
	while (i < len && WS(s[i]))
		i++;
	return i;
}

/*
 * string_end - the index of the closing quote of the string whose content
 * starts at s[i], or len when there is none: the first quote not escaped
 * by an odd run of backslashes.
 */
static size_t
string_end(const char *s, size_t len, size_t i)
{
	const char	*q;
	size_t		 j, bs;

	while (i < len && (q = memchr(s + i, '"', len - i)) != NULL) {
		j = (size_t)(q - s);
		for (bs = 0; j - bs > i && s[j - bs - 1] == '\\'; bs++)
			;
		if (bs % 2 == 0)
			return j;
		i = j + 1;
	}
	return len;
}

/* hex4 - the value of four hex digits at s, or -1. */
static long
hex4(const char *s)
{
	long	v = 0;
	int	i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + ((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return v;
}

/* utf8 - code point cp as UTF-8 at d; its length. */
static size_t
utf8(unsigned long cp, char *d)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * unescape - the content s[0..n) of a JSON string (RFC 8259 7) decoded at
 * d; its length (never more than n).  A lone surrogate becomes U+FFFD, an
 * unknown escape its character.
 */
static size_t
unescape(const char *s, size_t n, char *d)
{
	const char	*p;
	size_t		 i = 0, o = 0, run;
	long		 cp, lo;

	while (i < n) {
		p = memchr(s + i, '\\', n - i);
		run = p != NULL ? (size_t)(p - (s + i)) : n - i;
		memcpy(d + o, s + i, run);
		o += run;
		i += run;
		if (p == NULL || ++i >= n)
			break;
		switch (s[i++]) {
		case 'b': d[o++] = '\b'; break;
		case 'f': d[o++] = '\f'; break;
		case 'n': d[o++] = '\n'; break;
		case 'r': d[o++] = '\r'; break;
		case 't': d[o++] = '\t'; break;
		case 'u':
			if (i + 4 > n || (cp = hex4(s + i)) < 0) {
				d[o++] = 'u';
				break;
			}
			i += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && i + 6 <= n &&
			    s[i] == '\\' && s[i + 1] == 'u' &&
			    (lo = hex4(s + i + 2)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			/* \uXXXX is 6 bytes, its UTF-8 at most 3; a pair is
			 * 12 bytes for 4. */
			o += utf8((unsigned long)cp, d + o);
			break;
		default:
			d[o++] = s[i - 1];	/* " \ / and the unknown */
			break;
		}
	}
	return o;
}

/* nul_spaces - NUL bytes of d[0..n) as spaces (input.c does the same). */
static void
nul_spaces(char *d, size_t n)
{
	char	*p = d, *e = d + n;

	while ((p = memchr(p, '\0', (size_t)(e - p))) != NULL)
		*p++ = ' ';
}

/*
 * bytes - an array of byte values "[78,79,...]" at s[i] ('['), journald's
 * form of a value that is not valid UTF-8, decoded at d: *o its length,
 * returns the index after ']'; 0 when it is an array of anything else.
 */
static size_t
bytes(const char *s, size_t len, size_t i, char *d, size_t *o)
{
	unsigned	v;
	size_t		n = 0, k;

	i = ws(s, len, i + 1);
	if (i < len && s[i] == ']') {
		*o = 0;
		return i + 1;
	}
	for (;;) {
		for (v = 0, k = 0; i < len && ENV_ISDIGIT(s[i]) && k < 4;
		    i++, k++)
			v = v * 10 + (unsigned)(s[i] - '0');
		if (k == 0 || v > 255 || (i < len && ENV_ISDIGIT(s[i])))
			return 0;
		d[n++] = (char)v;
		i = ws(s, len, i);
		if (i < len && s[i] == ',') {
			i = ws(s, len, i + 1);
			continue;
		}
		if (i < len && s[i] == ']')
			break;
		return 0;
	}
	*o = n;
	return i + 1;
}

/*
 * scalar - past the number or literal at s[i]: "true", "false", "null",
 * or the characters of a number; len when it is none of them.
 */
static size_t
scalar(const char *s, size_t len, size_t i)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t	k, n, j;

	for (k = 0; k < 3; k++) {
		n = strlen(lits[k]);
		if (s[i] == lits[k][0])
			return len - i >= n && memcmp(s + i, lits[k], n) == 0 ?
			    i + n : len;
	}
	for (j = i; j < len && (ENV_ISDIGIT(s[j]) || s[j] == '-' ||
	    s[j] == '+' || s[j] == '.' || s[j] == 'e' || s[j] == 'E'); j++)
		;
	return j > i ? j : len;
}

/* skip - past the value at s[i] that nobody wants; len when malformed.
 * Nested values are walked for their brackets and strings only. */
static size_t
skip(const char *s, size_t len, size_t i)
{
	int	depth = 0;

	do {
		if (i >= len)
			return len;
		switch (s[i]) {
		case '"':
			if ((i = string_end(s, len, i + 1)) >= len)
				return len;
			i++;
			break;
		case '{':
		case '[':
			depth++;
			i++;
			break;
		case '}':
		case ']':
			if (--depth < 0)
				return len;
			i++;
			break;
		default:
			if (depth == 0)
				return scalar(s, len, i);
			i++;
		}
	} while (depth > 0);
	return i;
}

/* The keys scan() looks for at most; their lengths are taken once a
 * line. */
#define SCAN_KEYS	16

/* The wanted keys by length: bit k of bylen[n] is set when key k is n
 * bytes long (n < SCAN_KEYLEN; a longer wanted key is jansson's). */
#define SCAN_KEYLEN	64

/* find - the index of key[0..n) among the wanted keys, or nkeys. */
static size_t
find(const char *key, size_t n, const char *const *keys,
    const uint16_t *bylen, size_t nkeys)
{
	unsigned	m;
	size_t		k;

	if (n >= SCAN_KEYLEN)
		return nkeys;
	for (m = bylen[n]; m != 0; m &= m - 1) {
		k = (size_t)__builtin_ctz(m);
		if (memcmp(keys[k], key, n) == 0)
			return k;
	}
	return nkeys;
}

/* value - the wanted value at s[i] decoded into out + *o; the index after
 * it, or 0 for SCAN_JANSSON and len for SCAN_BAD. */
static size_t
value(const char *s, size_t len, size_t i, struct env_jval *v, char *out,
    size_t *o)
{
	size_t	e, n;

	switch (s[i]) {
	case '"':
		if ((e = string_end(s, len, i + 1)) >= len)
			return len;
		n = unescape(s + i + 1, e - i - 1, out + *o);
		i = e + 1;
		break;
	case '[':
		if ((i = bytes(s, len, i, out + *o, &n)) == 0)
			return 0;
		break;
	case '{':
		return skip(s, len, i);		/* left unset */
	default:
		e = skip(s, len, i);
		if (e >= len || e == i)
			return len;
		if (s[i] == 't' || s[i] == 'f' || s[i] == 'n')
			return e;		/* left unset */
		n = e - i;
		memcpy(out + *o, s + i, n);
		i = e;
		break;
	}
	nul_spaces(out + *o, n);
	v->s = out + *o;
	v->n = n;
	out[*o + n] = '\0';
	*o += n + 1;
	return i;
}

static enum scan_r
scan(const char *s, size_t len, const char *const *keys, size_t nkeys,
    struct env_jval *v, char *out)
{
	size_t		i, e, k, n, o = 0;
	uint16_t	bylen[SCAN_KEYLEN];
	const char	*bs;

	if (nkeys > SCAN_KEYS)
		return SCAN_JANSSON;
	memset(bylen, 0, sizeof(bylen));
	for (k = 0; k < nkeys; k++) {
		if ((n = strlen(keys[k])) >= SCAN_KEYLEN)
			return SCAN_JANSSON;
		bylen[n] |= (uint16_t)(1u << k);
	}
	/* The first backslash: no key before it is escaped. */
	bs = memchr(s, '\\', len);
	i = ws(s, len, 0);
	if (i >= len || s[i] != '{')
		return SCAN_BAD;
	if ((i = ws(s, len, i + 1)) < len && s[i] == '}')
		return ws(s, len, i + 1) == len ? SCAN_OK : SCAN_BAD;
	for (;;) {
		if (i >= len || s[i] != '"')
			return SCAN_BAD;
		if ((e = string_end(s, len, i + 1)) >= len)
			return SCAN_BAD;
		if (bs != NULL && s + e > bs &&
		    memchr(s + i + 1, '\\', e - i - 1) != NULL)
			return SCAN_JANSSON;	/* an escaped key */
		k = find(s + i + 1, e - i - 1, keys, bylen, nkeys);
		i = ws(s, len, e + 1);
		if (i >= len || s[i] != ':')
			return SCAN_BAD;
		if ((i = ws(s, len, i + 1)) >= len)
			return SCAN_BAD;
		if (k < nkeys) {
			if (v[k].s != NULL)
				return SCAN_JANSSON;	/* a key twice */
			if ((i = value(s, len, i, &v[k], out, &o)) == 0)
				return SCAN_JANSSON;
		} else
			i = skip(s, len, i);
		if (i >= len)
			return SCAN_BAD;
		i = ws(s, len, i);
		if (i < len && s[i] == ',') {
			i = ws(s, len, i + 1);
			continue;
		}
		if (i < len && s[i] == '}')
			return ws(s, len, i + 1) == len ? SCAN_OK : SCAN_BAD;
		return SCAN_BAD;
	}
}

/* put - n bytes of p as the value v, in out at *o. */
static void
put(struct env_jval *v, const char *p, size_t n, char *out, size_t *o)
{
	memmove(out + *o, p, n);	/* byte arrays are decoded in place */
	nul_spaces(out + *o, n);
	v->s = out + *o;
	v->n = n;
	out[*o + n] = '\0';
	*o += n + 1;
}

/*
 * with_jansson - the same values read by jansson: a string, a field
 * given twice by journald (an array: its first string), an array of byte
 * values, an integer.  A key twice in the object is refused.
 */
static int
with_jansson(const char *s, size_t len, const char *const *keys,
    size_t nkeys, struct env_jval *v, char *out)
{
	json_t		*root, *x, *y;
	json_error_t	 err;
	size_t		 k, j, o = 0, n;
	char		 num[32];
	json_int_t	 b;

	root = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &err);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	for (k = 0; k < nkeys; k++) {
		v[k].s = NULL;
		v[k].n = 0;
		if ((x = json_object_get(root, keys[k])) == NULL)
			continue;
		if (json_is_array(x) && json_array_size(x) > 0 &&
		    json_is_string(json_array_get(x, 0)))
			x = json_array_get(x, 0);
		if (json_is_string(x)) {
			/* At most as long as its JSON text: fits out. */
			put(&v[k], json_string_value(x), json_string_length(x),
			    out, &o);
		} else if (json_is_integer(x)) {
			n = (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(x));
			put(&v[k], num, n < sizeof(num) ? n : 0, out, &o);
		} else if (json_is_array(x)) {
			/* Byte values: written in place, each from a JSON
			 * number of at least one character and a comma. */
			for (j = 0; j < json_array_size(x); j++) {
				y = json_array_get(x, j);
				b = json_integer_value(y);
				if (!json_is_integer(y) || b < 0 || b > 255)
					break;
				out[o + j] = (char)b;
			}
			if (j == json_array_size(x))
				put(&v[k], out + o, j, out, &o);
		}
	}
	json_decref(root);
	return 0;
}

int
env_json_get(const char *s, size_t len, const char *const *keys,
    size_t nkeys, struct env_jval *v, char *out, const char **why)
{
	size_t	k;

	for (k = 0; k < nkeys; k++) {
		v[k].s = NULL;
		v[k].n = 0;
	}
	if (scan(s, len, keys, nkeys, v, out) == SCAN_OK)
		return 0;
	/* Left to jansson, which also has the last word on what the
	 * scanner found malformed. */
	if (with_jansson(s, len, keys, nkeys, v, out) == 0)
		return 0;
	*why = "broken JSON";
	return -1;
}
