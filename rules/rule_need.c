/*
 * rule_need.c - read a PCRE2 pattern's text for literal strings one of
 * which every match must contain ("\bunknown (?:user|mailbox)\b" needs
 * "unknown user" or "unknown mailbox").  Testing replies for them is
 * rule_prefilter.c's job; compiling and running the pattern is left to
 * rule_pat.c.
 *
 * The pattern is read as PCRE2 reads it (caseless, no extended mode), in
 * one pass: an alternation needs one of its branches, a branch needs the
 * best of what its parts need (a run of literal characters, or a group
 * that is not optional), and anything the reader does not know (back
 * references, \Q...\E, (?x), recursion ...) gives up on the whole
 * pattern, which then always runs.  Zero-width items (\b, ^, $,
 * lookaround) do not break a run: the characters around them are still
 * next to each other in the subject.  A piece that can match only a few
 * strings (a group of literals, a short class, an optional character) is
 * kept exact, and the run is every way of joining them, while few.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

#define NEED_MAXLIT	256	/* literals kept per pattern, else none */
#define NEED_MAXSET	64	/* strings an exact set may hold */
#define NEED_MAXLEN	48	/* longest string built */
#define NEED_MINLEN	2	/* a set with a shorter literal is useless */
#define NEED_MAXCLASS	16	/* characters a class may name to be exact */

/* A string being built, kept in place: no allocation for each. */
struct str {
	unsigned char	 len;
	char		 s[NEED_MAXLEN];
};

/* A set of strings (duplicates are removed at the end). */
struct set {
	struct str	*v;
	size_t		 n, cap;
};

/*
 * What a piece of a pattern tells: one string of need occurs in every
 * match (any: nothing is known), and when exact, every match is one of
 * the strings of exact ("unrecogni[sz]ed" is exactly two strings).
 */
struct info {
	struct set	 need;
	int		 any;
	struct set	 exact;
	int		 is_exact;
};

/* A branch being read: the best need so far and the strings of the run. */
struct branch {
	struct set	 best;
	struct set	 run;		/* exact strings since the last break */
	int		 is_exact;	/* no break yet */
};

/* A quantifier's counts; max -1 is unbounded.  None is {1,1}. */
struct quant {
	int		 min, max;
};

struct reader {
	const char	*p;
	int		 bad;		/* a construct the reader does not know */
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static void
set_free(struct set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void
set_add(struct set *s, const char *str, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap > 0 ? 2 * s->cap : 8;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n].len = (unsigned char)len;
	memcpy(s->v[s->n].s, str, len);
	s->n++;
}

static void
set_union(struct set *to, const struct set *from)
{
	size_t	 i;

	for (i = 0; i < from->n; i++)
		set_add(to, from->v[i].s, from->v[i].len);
}

static size_t
maxlen(const struct set *s)
{
	size_t	 i, m = 0;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len > m)
			m = s->v[i].len;
	return m;
}

/* score - the length of the shortest string: how selective a set is. */
static size_t
score(const struct set *s)
{
	size_t	 i, m = (size_t)-1;

	if (s->n == 0)
		return 0;
	for (i = 0; i < s->n; i++)
		if (s->v[i].len < m)
			m = s->v[i].len;
	return m;
}

/* offer - cand becomes *best when more selective; cand is used up. */
static void
offer(struct set *best, struct set *cand)
{
	size_t	 sc = score(cand), sb = score(best);

	if (sc > sb || (sc == sb && sc > 0 && cand->n < best->n)) {
		set_free(best);
		*best = *cand;
	} else
		set_free(cand);
	memset(cand, 0, sizeof(*cand));
}

/* flush - the run is a candidate need; a new run starts, empty. */
static void
flush(struct branch *b)
{
	offer(&b->best, &b->run);
	set_add(&b->run, "", 0);
}

/* brk - something not exact: the run ends, and so does exactness. */
static void
brk(struct branch *b)
{
	flush(b);
	b->is_exact = 0;
}

/* times - the run followed by one of e: every pair, when not too many. */
static void
times(struct branch *b, const struct set *e)
{
	struct set	 out = { NULL, 0, 0 };
	struct str	*o;
	size_t		 i, j;

	if (b->run.n * e->n > NEED_MAXSET ||
	    maxlen(&b->run) + maxlen(e) > NEED_MAXLEN)
		brk(b);
	for (i = 0; i < b->run.n; i++)
		for (j = 0; j < e->n; j++) {
			set_add(&out, b->run.v[i].s, b->run.v[i].len);
			o = &out.v[out.n - 1];
			memcpy(o->s + o->len, e->v[j].s, e->v[j].len);
			o->len += e->v[j].len;
		}
	set_free(&b->run);
	b->run = out;
}

/*
 * item - a piece that matches exactly one of e, with its quantifier:
 * once or optional, the run goes on; repeated, the run ends after it
 * (after one copy when at least one is needed).
 */
static void
item(struct branch *b, const struct set *e, struct quant q)
{
	struct set	 opt = { NULL, 0, 0 };

	if (q.max == 0)
		return;
	if (q.max == 1) {
		if (q.min == 1) {
			times(b, e);
			return;
		}
		set_union(&opt, e);
		set_add(&opt, "", 0);
		times(b, &opt);
		set_free(&opt);
		return;
	}
	if (q.min >= 1)
		times(b, e);
	brk(b);
}

/*
 * quantifier - skip a quantifier at r->p (with its lazy or possessive
 * mark).  A '{' that is not a quantifier is a literal to PCRE2; the
 * reader gives up on it.
 */
static struct quant
quantifier(struct reader *r)
{
	const char	*p = r->p;
	struct quant	 q = { 1, 1 };

	switch (*p) {
	case '?':
		q.min = 0;
		p++;
		break;
	case '*':
		q.min = 0;
		q.max = -1;
		p++;
		break;
	case '+':
		q.max = -1;
		p++;
		break;
	case '{':
		p++;
		if (!isdigit((unsigned char)*p)) {
			r->bad = 1;
			return q;
		}
		for (q.min = 0; isdigit((unsigned char)*p); p++)
			q.min = q.min > 1000 ? q.min : q.min * 10 + (*p - '0');
		q.max = q.min;
		if (*p == ',') {
			p++;
			q.max = isdigit((unsigned char)*p) ? 0 : -1;
			for (; isdigit((unsigned char)*p); p++)
				q.max = q.max > 1000 ? q.max :
				    q.max * 10 + (*p - '0');
		}
		if (*p != '}') {
			r->bad = 1;
			return q;
		}
		p++;
		break;
	default:
		return q;
	}
	if (*p == '?' || *p == '+')
		p++;
	r->p = p;
	return q;
}

/*
 * class_atom - one member of a class at *pp: its character, or -1 for
 * one the reader cannot name (\d, [:alpha:], a byte outside ASCII).
 */
static int
class_atom(struct reader *r, const char **pp)
{
	const char	*p = *pp, *e;
	int		 c;

	if (p[0] == '[' && p[1] == ':') {
		if ((e = strstr(p + 2, ":]")) == NULL) {
			r->bad = 1;
			return -1;
		}
		*pp = e + 2;
		return -1;
	}
	if (p[0] == '\\') {
		c = (unsigned char)p[1];
		if (c == '\0' || c == 'Q' || c == 'E') {
			r->bad = 1;
			return -1;
		}
		*pp = p + 2;
		return c < 0x80 && !isalnum(c) ? c : -1;
	}
	c = (unsigned char)*p;
	*pp = p + 1;
	return c < 0x80 ? c : -1;
}

/*
 * class - a character class at r->p ('['): the set of its characters
 * (one-byte strings, lower case) when it is a short list of ASCII
 * characters and ranges; else an empty set.
 */
static struct set
class(struct reader *r)
{
	struct set	 s = { NULL, 0, 0 };
	const char	*p = r->p + 1;
	char		 ch[NEED_MAXCLASS];
	size_t		 n = 0, i;
	int		 lo, hi, simple = 1;

	if (*p == '^') {
		simple = 0;
		p++;
	}
	if (*p == ']') {
		ch[n++] = ']';
		p++;
	}
	while (!r->bad && *p != '\0' && *p != ']') {
		lo = class_atom(r, &p);
		hi = lo;
		if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
			p++;
			hi = class_atom(r, &p);
		}
		if (lo < 0 || hi < lo || n + (size_t)(hi - lo) + 1 >
		    NEED_MAXCLASS) {
			simple = 0;
			continue;
		}
		for (; lo <= hi; lo++)
			ch[n++] = (char)lower(lo);
	}
	if (r->bad || *p != ']') {
		r->bad = 1;
		return s;
	}
	r->p = p + 1;
	for (i = 0; simple && i < n; i++)
		set_add(&s, &ch[i], 1);
	return s;
}

static struct info alternation(struct reader *);

/* assertion - "(?=", "(?!", "(?<=", "(?<!" at p: its length, else 0. */
static size_t
assertion(const char *p)
{
	if (p[0] != '(' || p[1] != '?')
		return 0;
	if (p[2] == '=' || p[2] == '!')
		return 3;
	if (p[2] == '<' && (p[3] == '=' || p[3] == '!'))
		return 4;
	return 0;
}

/*
 * group - "(" at r->p: a group, an assertion (zero width: the run goes
 * on across it) or an option setting ((?i), (?-i); (?x) changes how the
 * pattern reads, so the reader gives up on it).
 */
static void
group(struct reader *r, struct branch *b)
{
	const char	*p = r->p + 1, *f;
	struct info	 in;
	struct quant	 q;
	size_t		 zero;

	if ((zero = assertion(r->p)) > 0)
		p = r->p + zero;
	else if (*p == '?') {
		p++;
		if (*p == ':')
			p++;
		else {
			for (f = p; isalpha((unsigned char)*f) || *f == '-';
			    f++)
				if (*f == 'x')
					break;
			if (f == p || (*f != ')' && *f != ':')) {
				r->bad = 1;
				return;
			}
			if (*f == ')') {
				r->p = f + 1;
				return;
			}
			p = f + 1;
		}
	}
	r->p = p;
	in = alternation(r);
	if (!r->bad && *r->p != ')')
		r->bad = 1;
	if (!r->bad) {
		r->p++;
		q = quantifier(r);
		if (zero > 0)
			;
		else if (in.is_exact && in.exact.n > 0)
			item(b, &in.exact, q);
		else {
			brk(b);
			if (q.min >= 1 && !in.any)
				offer(&b->best, &in.need);
		}
	}
	set_free(&in.need);
	set_free(&in.exact);
}

/* escape - a backslash at r->p. */
static void
escape(struct reader *r, struct branch *b)
{
	struct set	 one = { NULL, 0, 0 };
	struct quant	 q;
	int		 e = (unsigned char)r->p[1];
	char		 c;

	if (e == '\0') {
		r->bad = 1;
		return;
	}
	r->p += 2;
	if (strchr("bBAzZG", e) != NULL)
		return;
	if (strchr("dDwWsShHvVNRX", e) != NULL) {
		(void)quantifier(r);
		brk(b);
		return;
	}
	if (e >= 0x80 || isalnum(e)) {
		r->bad = 1;
		return;
	}
	c = (char)e;
	set_add(&one, &c, 1);
	q = quantifier(r);
	item(b, &one, q);
	set_free(&one);
}

/* branch - one branch of an alternation, up to '|', ')' or the end. */
static struct info
branch(struct reader *r)
{
	struct branch	 b;
	struct info	 out;
	struct set	 e;
	struct quant	 q;
	char		 c;

	memset(&b, 0, sizeof(b));
	memset(&out, 0, sizeof(out));
	set_add(&b.run, "", 0);
	b.is_exact = 1;
	while (!r->bad && *r->p != '\0' && *r->p != '|' && *r->p != ')') {
		c = *r->p;
		switch (c) {
		case '\\':
			escape(r, &b);
			break;
		case '[':
			e = class(r);
			q = quantifier(r);
			if (e.n > 0)
				item(&b, &e, q);
			else
				brk(&b);
			set_free(&e);
			break;
		case '.':
			r->p++;
			(void)quantifier(r);
			brk(&b);
			break;
		case '^':
		case '$':
			r->p++;
			break;
		case '(':
			group(r, &b);
			break;
		case '*':
		case '+':
		case '?':
		case '{':
			r->bad = 1;
			break;
		default:
			r->p++;
			if ((unsigned char)c >= 0x80) {
				/* A character outside ASCII: its bytes. */
				while ((*r->p & 0xc0) == 0x80)
					r->p++;
				(void)quantifier(r);
				brk(&b);
				break;
			}
			c = (char)lower(c);
			memset(&e, 0, sizeof(e));
			set_add(&e, &c, 1);
			q = quantifier(r);
			item(&b, &e, q);
			set_free(&e);
		}
	}
	if (b.is_exact) {
		out.is_exact = 1;
		set_union(&out.exact, &b.run);
	}
	flush(&b);
	set_free(&b.run);
	out.need = b.best;
	out.any = score(&out.need) < NEED_MINLEN;
	return out;
}

/*
 * alternation - branches separated by '|': one of their needs is
 * needed; exact when every branch is.
 */
static struct info
alternation(struct reader *r)
{
	struct info	 all, one;

	memset(&all, 0, sizeof(all));
	all.is_exact = 1;
	for (;;) {
		one = branch(r);
		if (one.any)
			all.any = 1;
		if (!all.any)
			set_union(&all.need, &one.need);
		if (one.is_exact && all.is_exact)
			set_union(&all.exact, &one.exact);
		else
			all.is_exact = 0;
		set_free(&one.need);
		set_free(&one.exact);
		if (r->bad || *r->p != '|')
			break;
		r->p++;
	}
	if (all.any || all.need.n > NEED_MAXLIT)
		all.any = 1;
	if (all.exact.n > NEED_MAXSET)
		all.is_exact = 0;
	if (!all.is_exact)
		set_free(&all.exact);
	return all;
}

/* contains - h[0..hl) holds n[0..nl) (nl >= 1). */
static int
contains(const char *h, size_t hl, const char *n, size_t nl)
{
	const char	*p = h, *last = h + hl - nl;

	while (hl >= nl && p <= last && (p = memchr(p, n[0],
	    (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(p, n, nl) == 0)
			return 1;
		p++;
	}
	return 0;
}

static int
by_length(const void *a, const void *b)
{
	const struct str	*x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

/*
 * needed - s sorted by length, without duplicates and without any string
 * that holds a shorter one: it adds nothing to the test.
 */
static void
needed(struct set *s)
{
	size_t	 i, j, n = 0;

	qsort(s->v, s->n, sizeof(*s->v), by_length);
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < n; j++)
			if (s->v[j].len <= s->v[i].len && contains(s->v[i].s,
			    s->v[i].len, s->v[j].s, s->v[j].len))
				break;
		if (j == n)
			s->v[n++] = s->v[i];
	}
	s->n = n;
}

char **
rule_need_literals(const char *pat, size_t *n)
{
	struct reader	 r;
	struct info	 in;
	char		**out = NULL;
	size_t		 i;

	*n = 0;
	r.p = pat;
	r.bad = 0;
	in = alternation(&r);
	if (r.bad || *r.p != '\0' || in.any || score(&in.need) < NEED_MINLEN)
		goto done;
	needed(&in.need);
	out = xcalloc(in.need.n + 1, sizeof(*out));
	for (i = 0; i < in.need.n; i++) {
		out[i] = xmalloc(in.need.v[i].len + 1);
		memcpy(out[i], in.need.v[i].s, in.need.v[i].len);
		out[i][in.need.v[i].len] = '\0';
	}
	*n = in.need.n;
done:
	set_free(&in.need);
	set_free(&in.exact);
	return out;
}
