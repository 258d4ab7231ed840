/*
 * escape.c - make untrusted text harmless on a terminal: a hostile HELO
 * name or reply text must not move the cursor, clear the screen or
 * reorder what is shown (ECMA-48 C0/C1 controls, Unicode bidi controls).
 * Layout and colour are the report's business.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

/*
 * unit - the next character of s as it is to be shown: its bytes or an
 * escape in rep (NUL-terminated), and the number of input bytes it takes
 * in *used.  Returns its width in columns, counting one per character.
 */
static int
unit(const unsigned char *s, size_t left, char rep[16], size_t *used)
{
	size_t		n, i;
	uint32_t	cp;

	*used = 1;
	if (s[0] == '\\') {	/* a literal "\x1b" must not pass for an escape */
		memcpy(rep, "\\\\", 3);
		return 2;
	}
	if (s[0] >= 0x20 && s[0] < 0x7f) {
		rep[0] = (char)s[0];
		rep[1] = '\0';
		return 1;
	}
	if (s[0] < 0x80)	/* C0 controls and DEL */
		goto byte;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (n > left || !utf8_valid((const char *)s, n))
		goto byte;	/* not well-formed: show the byte */
	cp = n == 2 ? (s[0] & 0x1fU) : n == 3 ? (s[0] & 0x0fU) : (s[0] & 7U);
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3fU);
	*used = n;
	if (cp <= 0x9f) {	/* C1 controls: CSI is U+009B */
		snprintf(rep, 16, "\\x%02x", (unsigned)cp);
		return 4;
	}
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
		snprintf(rep, 16, "\\u%04x", (unsigned)cp);
		return 6;
	}
	memcpy(rep, s, n);
	rep[n] = '\0';
	return 1;
byte:
	snprintf(rep, 16, "\\x%02x", s[0]);
	return 4;
}

/* plain - how many of the first len bytes of s (at most max) are
 * printable ASCII but the backslash: shown as they are, one column
 * each. */
static size_t
plain(const unsigned char *s, size_t len, size_t max)
{
	size_t	n;

	if (max < len)
		len = max;
	for (n = 0; n < len && s[n] >= 0x20 && s[n] < 0x7f && s[n] != '\\';
	    n++)
		continue;
	return n;
}

size_t
esc_width(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 rep[16];
	size_t			 cols = 0, used;

	while (len > 0) {
		if ((used = plain(p, len, SIZE_MAX)) > 0)
			cols += used;
		else
			cols += (size_t)unit(p, len, rep, &used);
		p += used;
		len -= used;
	}
	return cols;
}

/*
 * esc_put - measure first, so that a cut is only made, and "..." only
 * shown, when the whole text does not fit.  Runs of printable ASCII, most
 * of any log text, go out in one write.
 */
size_t
esc_put(FILE *fp, const char *s, size_t len, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 rep[16];
	size_t			 cols = 0, used, w, room;

	room = max == 0 || esc_width(s, len) <= max ? SIZE_MAX :
	    max > 3 ? max - 3 : 0;
	while (len > 0) {
		if ((used = plain(p, len, room - cols)) > 0) {
			fwrite(p, 1, used, fp);
			cols += used;
			p += used;
			len -= used;
			continue;
		}
		w = (size_t)unit(p, len, rep, &used);
		if (cols + w > room)
			break;
		fputs(rep, fp);
		cols += w;
		p += used;
		len -= used;
	}
	if (len > 0) {
		fputs("...", fp);
		cols += 3;
	}
	return cols;
}

void
esc_html(FILE *fp, const char *s)
{
	char		*clean = NULL;
	const unsigned char *p;

	if (s == NULL)
		s = "";
	if (!utf8_valid(s, strlen(s)))
		s = clean = utf8_sanitize(s, strlen(s));
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			if (*p < 0x20 && *p != '\n' && *p != '\t')
				fprintf(fp, "\\x%02x", *p);
			else
				putc(*p, fp);
		}
	}
	free(clean);
}

size_t
esc_wrap(FILE *fp, const char *s, size_t col, size_t indent, size_t width,
    int lead, int cut)
{
	const char	*w, *end;
	size_t		 wc;
	int		 space = lead;

	for (w = s; *w != '\0'; w = end) {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			break;
		if ((end = strchr(w, ' ')) == NULL)
			end = w + strlen(w);
		wc = esc_width(w, (size_t)(end - w));
		if (col > indent && col + (size_t)space + wc > width) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else if (space) {
			putc(' ', fp);
			col++;
		}
		col += esc_put(fp, w, (size_t)(end - w), cut ? (width > col ?
		    width - col : 1) : 0);
		space = 1;
	}
	return col;
}
