/*
 * rule_prefilter.h - a quick test of a reply against the literal strings
 * a rule pattern cannot match without (rule_need_literals() in
 * rule_int.h finds them): a pattern whose literals are all absent from a
 * reply cannot match it and need not run.  Private to rules/.
 */
#ifndef RULE_PREFILTER_H
#define RULE_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* Bits of the bigram set of a subject (a power of two). */
#define RULE_PF_BITS	1024

struct rule_prefilter;

/*
 * A reply's text as the prefilter sees it: lower case, and the set of
 * its byte pairs (hashed).  usable is 0 when the prefilter must not be
 * used on it (a byte outside ASCII: Unicode case folding can make such a
 * text match a pattern's ASCII letters).  low is borrowed from the
 * caller's buffer.
 */
struct rule_pf_subject {
	const char	*low;
	size_t		 len;
	int		 usable;
	uint64_t	 pairs[RULE_PF_BITS / 64];
};

/*
 * rule_prefilter_new - the test for pattern pat: its literals
 * (rule_need_literals) made ready to look for, or NULL when it has none
 * and must always run.  Free with rule_prefilter_free().
 */
struct rule_prefilter *rule_prefilter_new(const char *pat);
void		 rule_prefilter_free(struct rule_prefilter *);

/* rule_prefilter_count - how many literals pf holds (tests). */
size_t		 rule_prefilter_count(const struct rule_prefilter *);

/* rule_prefilter_literal - the i-th literal, lower case (tests). */
const char	*rule_prefilter_literal(const struct rule_prefilter *, size_t);

/*
 * rule_prefilter_subject - prepare text (NUL-terminated) for tests: its
 * lower-case copy goes into buf, which must hold strlen(text) + 1 bytes
 * and stay alive while s is used.
 */
void		 rule_prefilter_subject(struct rule_pf_subject *s,
		    const char *text, char *buf);

/*
 * rule_prefilter_may - 0 when the pattern behind pf cannot match the
 * subject (none of its literals occurs), else 1 (pf NULL, an unusable
 * subject, or a literal found).
 */
int		 rule_prefilter_may(const struct rule_prefilter *pf,
		    const struct rule_pf_subject *s);

#endif /* RULE_PREFILTER_H */
