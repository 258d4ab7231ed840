/*
 * report_html_page.h - the HTML report's frame and the pieces that put
 * the catalogue's words into it (report_html_page.c).  Private to the
 * HTML writers in report/.  Every function writes to fp; errors are left
 * in ferror(fp).
 */
#ifndef REPORT_HTML_PAGE_H
#define REPORT_HTML_PAGE_H

#include <stdio.h>

#include "lib/msg.h"

/* hpage_head - from "<!DOCTYPE html>" to the <h1>: <html lang> is the
 * catalogue's language (msg_lang), the title its word, the styles. */
void	hpage_head(FILE *fp);

/*
 * hpage_table - the findings table to the end of the page: filters and
 * column heads in the catalogue's words, the rows (compact JSON arrays
 * joined by commas, "<" already escaped; NULL: none) and the script that
 * draws them.
 */
void	hpage_table(FILE *fp, const char *rows);

/* hpage_elem - open, the message id escaped, close. */
void	hpage_elem(FILE *fp, const char *open, enum msg_id id,
	    const char *close);
#define hpage_note(fp, id)	hpage_elem(fp, "<p class=note>", id, "</p>\n")
#define hpage_heading(fp, id)	hpage_elem(fp, "<h2>", id, "</h2>\n")

/* hpage_heads - a table's header cells, "<th>label</th>" for each id. */
void	hpage_heads(FILE *fp, const enum msg_id *ids, size_t n);

/* hpage_para - "<p><b>label (sub):</b> s</p>", each escaped; sub may be
 * NULL. */
void	hpage_para(FILE *fp, enum msg_id id, const char *sub, const char *s);

/* hpage_fmt - a catalogue format of one "%s" with arg, all escaped. */
void	hpage_fmt(FILE *fp, const char *fmt, const char *arg);

#endif /* REPORT_HTML_PAGE_H */
