/*
 * escape.h - show untrusted text on a terminal safely.  C0 controls, DEL,
 * the C1 controls U+0080..U+009F and bytes that are not well-formed UTF-8
 * become "\xNN"; the Unicode bidi and line-separator controls become
 * "\uNNNN"; a backslash becomes "\\", so that every escape shown is one
 * (a literal "\x1b" in a reply reads "\\x1b").  Everything else,
 * including valid multibyte UTF-8, is kept.
 * Widths are terminal columns: two for a wide CJK character, none for a
 * combining mark (utf8_cpwidth), one for the rest.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* esc_width - the columns s[0..len) takes once escaped. */
size_t	esc_width(const char *s, size_t len);

/*
 * esc_put - write s[0..len) escaped to fp in at most max columns (0: no
 * limit); when it does not fit, it is cut and "..." ends it.  Returns the
 * columns written.  Write errors are left in ferror(fp).
 */
size_t	esc_put(FILE *fp, const char *s, size_t len, size_t max);

/*
 * esc_pad - s (NULL: "") escaped, then spaces to width columns; a longer
 * s is not cut.  right: the spaces first.  Returns the columns written.
 */
size_t	esc_pad(FILE *fp, const char *s, size_t width, int right);

/*
 * esc_wrap - the words of s escaped to fp from column col, a line break
 * before a word that would pass width columns (but at the start of a
 * line), each further line starting at column indent.  Words are split at
 * spaces and, as CJK text has none, beside each wide character (not
 * before closing nor after opening punctuation).  A space goes between
 * two words where s had one, and before the first when lead is set.
 * With cut, a word longer than a line is cut to fit (esc_put's "...");
 * without, it passes the width.  Returns the column where it ends, before
 * the caller's newline.
 */
size_t	esc_wrap(FILE *fp, const char *s, size_t col, size_t indent,
	    size_t width, int lead, int cut);

/*
 * esc_html - write s (NULL: "") as HTML text or attribute value: & < > " '
 * as entities, C0 controls but newline and tab as "\xNN", invalid UTF-8
 * as U+FFFD.
 */
void	esc_html(FILE *fp, const char *s);

#endif /* ESCAPE_H */
