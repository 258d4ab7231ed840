/*
 * rule_text.c - a reply's text as the rule patterns see it: the lines of
 * a multi-line reply one per line, each without its reply code and
 * enhanced status code.  Matching is rule_match.c's job.
 */
#include <ctype.h>
#include <string.h>

#include "rule.h"

/* enh_len - an enhanced status code "d.ddd.ddd" at s (RFC 3463); its length. */
static size_t
enh_len(const char *s)
{
	size_t	 i = 2, n, part;

	if ((s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	for (part = 0; part < 2; part++) {
		for (n = 0; n < 4 && isdigit((unsigned char)s[i]); n++)
			i++;
		if (n == 0 || n > 3)
			return 0;
		if (part == 0) {
			if (s[i] != '.')
				return 0;
			i++;
		}
	}
	return s[i] == '\0' || s[i] == ' ' || s[i] == ',' ? i : 0;
}

/*
 * code_at - s starts a line of a reply with this code: "554-", or "554 "
 * (the last line; only after a "554-" was seen, so that a number in the
 * text is not taken for one), or "554" at the end.  Returns its length.
 */
static size_t
code_at(const char *s, const char *code, int cont_seen)
{
	if (strncmp(s, code, 3) != 0)
		return 0;
	if (s[3] == '-')
		return 4;
	if ((s[3] == ' ' && cont_seen) || s[3] == '\0')
		return s[3] == '\0' ? 3 : 4;
	return 0;
}

int
rule_text_lines(const char *text, int code, char *out, size_t outsz,
    char *enh, size_t enhsz)
{
	const char	*p = text;
	char		 cs[4];
	size_t		 w = 0, n;
	int		 lines = 1, cont = 0, bol = 1;

	if (enhsz > 0)
		enh[0] = '\0';
	if (outsz == 0)
		return 0;
	cs[0] = '0' + code / 100 % 10;
	cs[1] = '0' + code / 10 % 10;
	cs[2] = '0' + code % 10;
	cs[3] = '\0';
	while (*p != '\0') {
		/* A line break: a newline, or the two characters "\n". */
		if (*p == '\n' || *p == '\r' || (p[0] == '\\' && p[1] == 'n')) {
			p += *p == '\\' ? 2 : 1;
			bol = 1;
			continue;
		}
		/* Postfix joins a reply's lines with a space: " 554-5.7.1 ". */
		if (!bol && *p == ' ' && code > 0 &&
		    code_at(p + 1, cs, cont) > 0) {
			p++;
			bol = 1;
		}
		if (bol) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (code > 0 && (n = code_at(p, cs, 1)) > 0) {
				cont |= p[3] == '-';
				p += n;
				while (*p == ' ')
					p++;
				if ((n = enh_len(p)) > 0) {
					if (enhsz > n && enh[0] == '\0') {
						memcpy(enh, p, n);
						enh[n] = '\0';
					}
					p += n;
					while (*p == ' ' || *p == ',')
						p++;
				}
			}
			if (*p == '\0' || *p == '\n' || *p == '\r' ||
			    (p[0] == '\\' && p[1] == 'n'))
				continue;
			if (w > 0 && w + 1 < outsz) {
				out[w++] = '\n';
				lines++;
			}
			bol = 0;
		}
		if (w + 1 < outsz)
			out[w++] = *p;
		p++;
	}
	while (w > 0 && (out[w - 1] == ' ' || out[w - 1] == '\t'))
		w--;
	out[w] = '\0';
	return lines;
}
