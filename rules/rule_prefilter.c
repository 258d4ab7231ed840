/*
 * rule_prefilter.c - test a reply for the literals a pattern needs
 * (rule_need.c finds them) before the pattern runs: a table of the byte
 * pairs of the reply rules out most literals at once, and a search
 * confirms the others.  It never decides a match, it only rules some out;
 * running the patterns is rule_pat.c's job.
 */
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

#define PF_NPAIR	4	/* byte pairs of a literal checked first */

struct lit {
	char		*s;
	size_t		 len;
	uint16_t	 pair[PF_NPAIR];
	int		 npair;
};

struct rule_prefilter {
	struct lit	*v;
	size_t		 n;
};

static unsigned
pair(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) & (RULE_PF_BITS - 1);
}

/* find - needle n (nl >= 1 bytes) in h[0..hl). */
static int
find(const char *h, size_t hl, const char *n, size_t nl)
{
	const char	*p = h, *last = h + hl - nl;

	while (p <= last && (p = memchr(p, n[0], (size_t)(last - p) + 1)) !=
	    NULL) {
		if (memcmp(p, n, nl) == 0)
			return 1;
		p++;
	}
	return 0;
}

struct rule_prefilter *
rule_prefilter_new(const char *pat)
{
	struct rule_prefilter	*pf;
	struct lit		*l;
	char			**lits;
	size_t			 i, k, at, n;

	if ((lits = rule_need_literals(pat, &n)) == NULL)
		return NULL;
	pf = xcalloc(1, sizeof(*pf));
	pf->v = xcalloc(n, sizeof(*pf->v));
	for (i = 0; i < n; i++) {
		l = &pf->v[pf->n++];
		l->s = lits[i];
		l->len = strlen(l->s);
		/* Pairs spread over the literal: first, last, two between. */
		for (k = 0; k < PF_NPAIR; k++) {
			at = (l->len - 2) * k / (PF_NPAIR - 1);
			if (l->npair > 0 && l->pair[l->npair - 1] ==
			    pair(l->s[at], l->s[at + 1]))
				continue;
			l->pair[l->npair++] = pair(l->s[at], l->s[at + 1]);
		}
	}
	free(lits);
	return pf;
}

void
rule_prefilter_free(struct rule_prefilter *pf)
{
	size_t	 i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->n; i++)
		free(pf->v[i].s);
	free(pf->v);
	free(pf);
}

size_t
rule_prefilter_count(const struct rule_prefilter *pf)
{
	return pf != NULL ? pf->n : 0;
}

const char *
rule_prefilter_literal(const struct rule_prefilter *pf, size_t i)
{
	return pf != NULL && i < pf->n ? pf->v[i].s : NULL;
}

void
rule_prefilter_subject(struct rule_pf_subject *s, const char *text,
    char *buf)
{
	const unsigned char	*t = (const unsigned char *)text;
	size_t			 i;
	unsigned		 c, prev = 0;
	int			 ascii = 1;

	memset(s->pairs, 0, sizeof(s->pairs));
	for (i = 0; (c = t[i]) != '\0'; i++) {
		if (c >= 0x80)
			ascii = 0;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		buf[i] = (char)c;
		if (i > 0) {
			unsigned h = pair((unsigned char)prev, (unsigned char)c);

			s->pairs[h / 64] |= (uint64_t)1 << (h % 64);
		}
		prev = c;
	}
	buf[i] = '\0';
	s->low = buf;
	s->len = i;
	s->usable = ascii;
}

int
rule_prefilter_may(const struct rule_prefilter *pf,
    const struct rule_pf_subject *s)
{
	const struct lit	*l;
	size_t			 i;
	int			 k;

	if (pf == NULL || !s->usable)
		return 1;
	for (i = 0; i < pf->n; i++) {
		l = &pf->v[i];
		if (l->len > s->len)
			continue;
		for (k = 0; k < l->npair; k++)
			if (!(s->pairs[l->pair[k] / 64] &
			    ((uint64_t)1 << (l->pair[k] % 64))))
				break;
		if (k == l->npair && find(s->low, s->len, l->s, l->len))
			return 1;
	}
	return 0;
}
