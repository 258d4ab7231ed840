/*
 * report_text_scan.c - the text report's "Scan" section: where the lines
 * went (used, ignored, unrecognized ...), each input, and the sessions,
 * messages and findings counted, with the catalogue's words (msg.h) in
 * columns.  The traffic before it is report_text_traffic.c's, the
 * findings after it report_text.c's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/session.h"
#include "lib/escape.h"
#include "lib/msg.h"
#include "report.h"
#include "report_traffic.h"

/* cut_pad - s (NULL: "-") escaped, cut to width and padded to it. */
static void
cut_pad(FILE *fp, const char *s, size_t width)
{
	size_t	cols;

	if (s == NULL)
		s = "-";
	cols = esc_put(fp, s, strlen(s), width);
	if (cols < width)
		fprintf(fp, "%*s", (int)(width - cols), "");
}

/* row - "  label" with the label padded to lw columns, for a number. */
static void
row(FILE *fp, int indent, enum msg_id label, size_t lw)
{
	fprintf(fp, "%*s", indent, "");
	(void)esc_pad(fp, msg(label), lw, 0);
}

/* num - a row and its number, right-aligned in 10 columns. */
static void
num(FILE *fp, int indent, enum msg_id label, size_t lw,
    unsigned long long n)
{
	row(fp, indent, label, lw);
	fprintf(fp, " %10llu\n", n);
}

/*
 * num_note - a summary row and its number, the note that the caller
 * writes next set off by three spaces.
 */
static void
num_note(FILE *fp, enum msg_id label, unsigned long n)
{
	row(fp, 2, label, 22);
	fprintf(fp, " %10lu   ", n);
}

/* range_line - the --since/--until range, in UTC. */
static void
range_line(FILE *fp, const struct summary *s)
{
	char		 a[32] = "-", b[32] = "-";
	struct tm	 tm;

	if (s->since != 0 && gmtime_r(&s->since, &tm) != NULL)
		strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (s->until != 0 && gmtime_r(&s->until, &tm) != NULL)
		strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm);
	row(fp, 2, MSG_TIME_RANGE, 22);
	fprintf(fp, " %s .. %s\n", a, b);
}

void
report_text_scan(FILE *fp, const struct summary *s, int color)
{
	size_t	 i;

	report_text_heading(fp, color, MSG_HEAD_SCAN);
	num(fp, 2, MSG_LINES_READ, 22, s->lines);
	num(fp, 4, MSG_LINES_USED, 20, s->used);
	num(fp, 4, MSG_LINES_IGNORED, 20, s->ignored);
	num(fp, 4, MSG_LINES_UNRECOGNIZED, 20, s->unrecognized);
	num(fp, 4, MSG_LINES_TRUNCATED, 20, s->truncated);
	if (s->nul_bytes > 0)
		num(fp, 4, MSG_LINES_NUL, 20, s->nul_bytes);
	if (s->invalid_utf8 > 0)
		num(fp, 4, MSG_LINES_BAD_UTF8, 20, s->invalid_utf8);
	if (s->damaged > 0)
		num(fp, 4, MSG_LINES_DAMAGED, 20, s->damaged);
	num(fp, 2, MSG_BYTES, 22, s->bytes);
	num(fp, 2, MSG_INPUTS, 22, s->ninputs);
	for (i = 0; i < s->ninputs && s->inputs != NULL; i++) {
		const struct summary_input *in = &s->inputs[i];

		fputs("    ", fp);
		cut_pad(fp, in->name, 28);
		fputc(' ', fp);
		cut_pad(fp, in->format, 10);
		fprintf(fp, " %-4s ", in->compressed ? "gzip" : "");
		fprintf(fp, msg(MSG_INPUT_LINES), in->lines);
		if (in->error != NULL) {
			fputs("  ", fp);
			fprintf(fp, "%s%s ", color ? "\033[31m" : "",
			    msg(MSG_INPUT_ERROR));
			esc_put(fp, in->error, strlen(in->error), 60);
			fputs(color ? "\033[0m" : "", fp);
		}
		if (in->skipped != NULL) {
			fprintf(fp, "  %s ", msg(MSG_INPUT_SKIPPED));
			esc_put(fp, in->skipped, strlen(in->skipped), 60);
		}
		fputc('\n', fp);
	}
	if (s->inputs_skipped > 0)
		num(fp, 2, MSG_INPUTS_SKIPPED, 22, s->inputs_skipped);
	if (s->since != 0 || s->until != 0)
		range_line(fp, s);
	if (s->input_errors > 0)
		num(fp, 2, MSG_INPUT_ERRORS, 22, s->input_errors);
	num_note(fp, MSG_SESSIONS, s->sessions);
	fprintf(fp, msg(MSG_INCOMPLETE_EVICTED), s->sessions_incomplete,
	    s->sessions_evicted);
	fputc('\n', fp);
	num_note(fp, MSG_MESSAGES, s->messages);
	fprintf(fp, msg(MSG_INCOMPLETE_EVICTED), s->messages_incomplete,
	    s->messages_evicted);
	fputc('\n', fp);
	num(fp, 2, MSG_DELIVERIES, 22, s->deliveries);
	num(fp, 2, MSG_REJECTS, 22, s->rejects);
	num_note(fp, MSG_FINDINGS, s->findings);
	fprintf(fp, msg(MSG_FINDINGS_SPLIT), s->findings_logged,
	    s->findings_inferred, s->findings_inbound, s->findings_outbound);
	fputc('\n', fp);
	if (s->inferred_failures_without_code > 0) {
		num_note(fp, MSG_FAILURES_NO_CODE,
		    s->inferred_failures_without_code);
		fputs(msg(MSG_FAILURES_NO_CODE_NOTE), fp);
		fputc('\n', fp);
	}
	if (s->inferred_over_cap > 0) {
		num_note(fp, MSG_INFERRED_OVER_CAP, s->inferred_over_cap);
		fprintf(fp, msg(MSG_INFERRED_OVER_CAP_NOTE), SESS_MAX_INFERRED);
		fputc('\n', fp);
	}
	if (s->text_truncated > 0) {
		num_note(fp, MSG_TEXTS_CUT, s->text_truncated);
		fputs(msg(MSG_TEXTS_CUT_NOTE), fp);
		fputc('\n', fp);
	}
	if (s->since != 0 || s->until != 0) {
		num_note(fp, MSG_OUT_OF_RANGE, s->findings_out_of_range);
		fputs(msg(MSG_OUT_OF_RANGE_NOTE), fp);
		fputc('\n', fp);
	}
}

