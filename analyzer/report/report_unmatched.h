/*
 * report_unmatched.h - the replies no text rule knew (the summary's
 * "unmatched", core/unmatched.h) as the writers show them: a member of
 * the JSON summary and a section of the text report.
 */
#ifndef REPORT_UNMATCHED_H
#define REPORT_UNMATCHED_H

#include <stdio.h>

#include "core/finding.h"

struct jbuf;

/* report_unmatched_json - the summary member "unmatched" into j: null when
 * s did not count them (s->unmatched_counted 0). */
void	report_unmatched_json(struct jbuf *j, const struct summary *s);

/* report_unmatched_text - the text report's section of them in width
 * columns, every text escaped (escape.c); nothing when none were counted
 * or found. */
void	report_unmatched_text(FILE *fp, const struct summary *s, int color,
	    int width);

#endif /* REPORT_UNMATCHED_H */
