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
 * in *used.  Returns its width in columns: 2 for a wide CJK character, 0
 * for a combining mark (utf8_cpwidth), the escape's length for an escape.
 */
static int
unit(const unsigned char *s, size_t left, char rep[16], size_t *used)
{
	size_t		n;
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
	if ((n = utf8_decode((const char *)s, left, &cp)) == 0)
		goto byte;	/* not well-formed: show the byte */
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
	return utf8_cpwidth(cp);
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

size_t
esc_pad(FILE *fp, const char *s, size_t width, int right)
{
	size_t	cols;

	if (s == NULL)
		s = "";
	cols = esc_width(s, strlen(s));
	if (right && cols < width)
		fprintf(fp, "%*s", (int)(width - cols), "");
	(void)esc_put(fp, s, strlen(s), 0);
	if (!right && cols < width)
		fprintf(fp, "%*s", (int)(width - cols), "");
	return cols < width ? width : cols;
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

/*
 * Line breaks where no space is (UAX #14, its simple part): before and
 * after a wide character, as CJK text is written without spaces, but not
 * before closing punctuation ("\u3002", "\uff0c", ")") nor after opening
 * punctuation, and never before a combining mark.
 */
static int
no_start(uint32_t cp)
{
	static const uint32_t cl[] = { 0x3001, 0x3002, 0xff0c, 0xff0e, 0xff1a,
	    0xff1b, 0xff01, 0xff1f, 0xff09, 0x300d, 0x300f, 0x3011, 0x3009,
	    0x300b, 0x3015, 0xff3d, 0xff5d, 0x30fc, 0x2019, 0x201d, 0x2026,
	    ')', ']', '}', ',', '.', ':', ';', '!', '?', '%' };
	size_t	i;

	for (i = 0; i < sizeof(cl) / sizeof(cl[0]); i++)
		if (cl[i] == cp)
			return 1;
	return utf8_cpwidth(cp) == 0;
}

static int
no_end(uint32_t cp)
{
	static const uint32_t op[] = { 0xff08, 0x300c, 0x300e, 0x3010, 0x3008,
	    0x300a, 0x3014, 0xff3b, 0xff5b, 0x2018, 0x201c, '(', '[', '{',
	    '<', '"', '\'' };
	size_t	i;

	for (i = 0; i < sizeof(op) / sizeof(op[0]); i++)
		if (op[i] == cp)
			return 1;
	return 0;
}

/* cp_at - the code point at s for line breaking: a bad byte is one
 * narrow character. */
static size_t
cp_at(const char *s, uint32_t *cp)
{
	size_t	n;

	if ((n = utf8_decode(s, strnlen(s, 4), cp)) == 0) {
		*cp = 0xfffd;
		n = 1;
	}
	return n;
}

/* word_end - the end of the word at w (not a space): the next space or
 * the next break beside a wide character. */
static const char *
word_end(const char *w)
{
	uint32_t	a, b;
	size_t		n;

	w += cp_at(w, &a);
	while (*w != '\0' && *w != ' ') {
		n = cp_at(w, &b);
		if ((utf8_cpwidth(a) == 2 || utf8_cpwidth(b) == 2) &&
		    !no_start(b) && !no_end(a))
			break;
		a = b;
		w += n;
	}
	return w;
}

size_t
esc_wrap(FILE *fp, const char *s, size_t col, size_t indent, size_t width,
    int lead, int cut)
{
	const char	*w, *end;
	size_t		 wc;
	int		 space, gap, first = 1;

	for (w = s; *w != '\0'; w = end) {
		for (gap = 0; *w == ' '; w++)
			gap = 1;
		if (*w == '\0')
			break;
		/* A space goes where the text had one; CJK words join. */
		space = first ? lead : gap;
		first = 0;
		end = word_end(w);
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
	}
	return col;
}
