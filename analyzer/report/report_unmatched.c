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
#include "lib/msg.h"

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
	char				 intro[512];

	/* "  1234567890  " before each text; at least 20 columns of it. */
	room = width > 34 ? (size_t)width - 14 : 20;

	if (!s->unmatched_counted || s->nunmatched == 0)
		return;
	fputc('\n', fp);
	if (color)
		fputs("\033[1m", fp);
	fputs(msg(MSG_UNMATCHED_HEAD), fp);
	if (color)
		fputs("\033[0m", fp);
	msg_format(intro, sizeof(intro), s->unmatched_findings == 1 ?
	    MSG_UNMATCHED_INTRO_1 : MSG_UNMATCHED_INTRO_N,
	    s->unmatched_findings);
	fputs("\n  ", fp);
	(void)esc_wrap(fp, intro, 2, 2, width > 20 ? (size_t)width : 20, 0, 0);
	fputc('\n', fp);
	for (i = 0; i < s->nunmatched; i++) {
		m = &s->unmatched[i];
		fprintf(fp, "  %10lu  ", m->count);
		esc_put(fp, m->reply, strlen(m->reply), room);
		fprintf(fp, "\n              %s ", msg(MSG_UNMATCHED_RULE));
		if (m->rule != NULL)
			esc_put(fp, m->rule, strlen(m->rule), room);
		else
			fputs(msg(MSG_UNMATCHED_NONE), fp);
		fputc('\n', fp);
	}
	fputs("  (", fp);
	if (s->unmatched_more)
		fprintf(fp, "%s; ", msg(MSG_UNMATCHED_OTHERS));
	fprintf(fp, "%s)\n", msg(s->unmatched_inexact ? MSG_UNMATCHED_INEXACT :
	    MSG_UNMATCHED_EXACT));
}
