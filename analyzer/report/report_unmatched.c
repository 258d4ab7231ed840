/*
 * report_unmatched.c - write the replies no text rule knew, from the
 * summary (core/unmatched.c counts them): the JSON member and the text
 * section, which points at explain and at writing a rule.
 */
#include <stdio.h>
#include <string.h>

#include "jbuf.h"
#include "report_unmatched.h"
#include "lib/escape.h"

void
report_unmatched_json(struct jbuf *j, const struct summary *s)
{
	const struct summary_unmatched	*m;
	size_t				 i;

	if (!s->unmatched_counted) {
		jb_null(j, "unmatched");
		return;
	}
	jb_obj(j, "unmatched");
	jb_int(j, "findings", (long long)s->unmatched_findings);
	jb_bool(j, "exact", !s->unmatched_inexact);
	jb_bool(j, "more", s->unmatched_more);
	jb_arr(j, "top");
	for (i = 0; i < s->nunmatched; i++) {
		m = &s->unmatched[i];
		jb_obj(j, NULL);
		jb_str(j, "reply", m->reply);
		if (m->code > 0)
			jb_int(j, "code", m->code);
		else
			jb_null(j, "code");
		jb_str(j, "rule", m->rule);
		jb_int(j, "count", (long long)m->count);
		jb_end(j, '}');
	}
	jb_end(j, ']');
	jb_end(j, '}');
}

void
report_unmatched_text(FILE *fp, const struct summary *s, int color,
    int width)
{
	const struct summary_unmatched	*m;
	size_t				 i, room;

	/* "  1234567890  " before each text; at least 20 columns of it. */
	room = width > 34 ? (size_t)width - 14 : 20;

	if (!s->unmatched_counted || s->nunmatched == 0)
		return;
	fputc('\n', fp);
	if (color)
		fputs("\033[1m", fp);
	fputs("Replies no rule knows by their text", fp);
	if (color)
		fputs("\033[0m", fp);
	fprintf(fp, "\n  %lu finding%s explained by the reply code alone; the "
	    "most frequent texts\n  (addresses, IPs, host names, ids and "
	    "numbers masked), to try with\n  'smtplog explain' and write a "
	    "rule for (doc/rules.md):\n", s->unmatched_findings,
	    s->unmatched_findings == 1 ? " was" : "s were");
	for (i = 0; i < s->nunmatched; i++) {
		m = &s->unmatched[i];
		fprintf(fp, "  %10lu  ", m->count);
		esc_put(fp, m->reply, strlen(m->reply), room);
		fputs("\n              rule ", fp);
		if (m->rule != NULL)
			esc_put(fp, m->rule, strlen(m->rule), room);
		else
			fputs("(none)", fp);
		fputc('\n', fp);
	}
	if (s->unmatched_more)
		fputs("  (other texts too; ", fp);
	else
		fputs("  (", fp);
	fputs(s->unmatched_inexact ? "counts are lower bounds)\n" :
	    "counts are exact)\n", fp);
}
