/*
 * unmatched.h - the replies no text rule knew: findings explained by a
 * code fallback alone (a generic rule) or by no rule, counted by their
 * text with addresses, IPs, host names, ids and numbers masked, in
 * bounded memory, so that the summary can name the most frequent ones:
 * what to write a rule for.
 */
#ifndef UNMATCHED_H
#define UNMATCHED_H

#include <stddef.h>

#include "finding.h"

struct unmatched;

/* unmatched_new - an empty count keeping at most max (> 0) texts. */
struct unmatched *unmatched_new(size_t max);
void		 unmatched_free(struct unmatched *);

/*
 * unmatched_add - count f when no text or enhanced-code rule explained it
 * (its rule is generic, or it has none) and it has a reply text.  f is
 * only read during the call.
 */
void		 unmatched_add(struct unmatched *, const struct finding *f);

/*
 * unmatched_merge - add what a partial summary counted (smtplog merge):
 * its findings, and each text it listed (rule NULL for none) with its
 * count.  A partial whose counts were lower bounds, or that had more
 * texts than it listed, makes the merged counts lower bounds.
 */
void		 unmatched_merge(struct unmatched *, unsigned long findings,
		    int inexact, int more);
void		 unmatched_merge_text(struct unmatched *, const char *rule,
		    const char *reply, unsigned long count);

/*
 * unmatched_summary - the most frequent texts into s->unmatched (up to
 * SUMMARY_MAX_UNMATCHED), with s->unmatched_findings, _inexact and _more
 * (finding.h), and s->unmatched_counted set.  The strings live until the
 * next unmatched_add or unmatched_free.
 */
void		 unmatched_summary(struct unmatched *, struct summary *s);

/*
 * unmatched_text - the text of a reply as it is counted: "554 5.7.1 " and
 * the text, every address "<addr>", IP "<ip>", host name "<host>", id
 * "<id>" and other number "<n>", white space collapsed, at most outsz - 1
 * bytes (cut at a word, "..." added).  Enhanced status codes are kept.
 * Returns out.  Exposed for tests.
 */
char		*unmatched_text(char *out, size_t outsz, int code,
		    const char *enhanced, const char *text);

#endif /* UNMATCHED_H */
