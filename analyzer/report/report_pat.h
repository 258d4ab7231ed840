/*
 * report_pat.h - the session-level patterns for the people-facing writers
 * (text, html): a bounded list of owned pattern copies and the section
 * each writer prints from it.  The JSON writers write patterns as they
 * come (report_json.c).
 */
#ifndef REPORT_PAT_H
#define REPORT_PAT_H

#include <stdio.h>

#include "core/pattern.h"

#define RPAT_SHOWN	100	/* patterns kept and shown in full */

struct rpat;

/* rpat_new / rpat_free - an empty list; rpat_free(NULL) does nothing. */
struct rpat	*rpat_new(void);
void		 rpat_free(struct rpat *);

/* rpat_add - count p and keep a copy while fewer than RPAT_SHOWN are
 * kept; p is borrowed. */
void		 rpat_add(struct rpat *, const struct pattern *p);

/* rpat_text - the "Patterns" section of the text report: counts by name,
 * then each kept pattern with its evidence and advice; every string from
 * the log escaped (escape.c), advice wrapped to width columns (at most
 * 100).  Nothing when no pattern was added. */
void		 rpat_text(const struct rpat *, FILE *, int color, int width);

/* rpat_html - the same as an HTML section (<h2>Patterns</h2> ...), text
 * escaped for HTML. */
void		 rpat_html(const struct rpat *, FILE *);

#endif /* REPORT_PAT_H */
