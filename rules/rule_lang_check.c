/*
 * rule_lang_check.c - what a translation must keep as the English has it:
 * the words an admin types or greps for, which no language translates.
 * A token of the English text must occur in the translation as it is:
 *
 *   printf conversions and placeholders   %s %lu {rows}
 *   URLs and absolute paths               https://... /etc/postfix/main.cf
 *   command-line options                  --year --auth
 *   configuration names (snake_case)      smtpd_recipient_restrictions
 *   commands, codes and acronyms          EHLO RCPT STARTTLS DNSBL TLS
 *   reply codes and other numbers of 3+   554 587 5321
 *   dotted names and enhanced codes       zen.spamhaus.org 5.7.1 main.cf
 *   words with letters and digits         fail2ban IPv6 S3140
 *
 * A few everyday abbreviations that languages do translate (ISP, ID, PC,
 * OK, URL, CA) are not tokens.  Which texts are compared is
 * rule_lang.c's business.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rule_int.h"

static const char *const free_words[] = {
	"ISP", "ID", "IDs", "PC", "OK", "URL", "URLs", "CA", "XL", NULL
};

static int
wordch(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* dotted - w (n bytes) is a dotted name or number worth keeping: parts
 * between dots of two characters or more, or a part of digits (5.7.x),
 * but not "e.g" nor "i.e". */
static int
dotted(const char *w, size_t n)
{
	size_t	i, start = 0, parts = 0;
	int	digits = 0, short_part = 0, alldig;

	for (i = 0; i <= n; i++) {
		if (i < n && w[i] != '.')
			continue;
		if (i == start)
			return 0;	/* ".." or a leading dot */
		alldig = 1;
		for (size_t k = start; k < i; k++)
			if (!isdigit((unsigned char)w[k]))
				alldig = 0;
		digits |= alldig;
		short_part |= i - start < 2 && !alldig;
		parts++;
		start = i + 1;
	}
	return parts > 1 && (digits || !short_part);
}

/* keep - the word w (n bytes) must stay as it is. */
static int
keep(const char *w, size_t n)
{
	size_t	i, letters = 0, digs = 0, lower = 0, under = 0;
	char	buf[64];

	for (i = 0; i < n; i++) {
		if (isalpha((unsigned char)w[i]))
			letters++;
		if (isdigit((unsigned char)w[i]))
			digs++;
		if (islower((unsigned char)w[i]))
			lower++;
		if (w[i] == '_' && i > 0 && i + 1 < n)
			under++;
	}
	if (under > 0 || (memchr(w, '.', n) != NULL && dotted(w, n)))
		return 1;
	if (letters == 0)
		return digs >= 3 && digs == n;
	if (digs > 0)
		return 1;	/* fail2ban, IPv6, S3140 */
	if (lower > 0 || letters < 2 || memchr(w, '-', n) != NULL)
		return 0;
	if (n < sizeof(buf)) {
		memcpy(buf, w, n);
		buf[n] = '\0';
		if (rule_in_list(free_words, buf))
			return 0;
	}
	return 1;	/* EHLO, TLS, DNSBL */
}

/* found - the token t (n bytes) is in s. */
static int
found(const char *s, const char *t, size_t n)
{
	for (; *s != '\0'; s++)
		if (*s == *t && strncmp(s, t, n) == 0)
			return 1;
	return 0;
}

/* token - the token at p (at a word's start), its length into *n; 0
 * when none starts there. */
static int
token(const char *s, const char *p, size_t *n)
{
	const char	*q;

	if (*p == '%' && p[1] != '%') {
		q = p + 1 + strspn(p + 1, "-+ #0123456789.*$");
		q += strspn(q, "hlLqjzt");
		if (!isalpha((unsigned char)*q))
			return 0;
		*n = (size_t)(q + 1 - p);
		return 1;
	}
	if (*p == '{' && (q = strchr(p, '}')) != NULL && q > p + 1 &&
	    strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(q - p - 1)) {
		*n = (size_t)(q + 1 - p);
		return 1;
	}
	if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
	    p[-1] == '/' || p[-1] == '-' || p[-1] == '.'))
		return 0;	/* inside a word */
	if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0 ||
	    (p[0] == '/' && isalnum((unsigned char)p[1])) ||
	    (p[0] == '-' && p[1] == '-' && isalpha((unsigned char)p[2]))) {
		q = p + strcspn(p, " \t\n\"'<>)]\xc2\xe3\xef");
		while (q > p && strchr(".,;:", q[-1]) != NULL)
			q--;
		*n = (size_t)(q - p);
		return 1;
	}
	if (!isalnum((unsigned char)*p))
		return 0;
	for (q = p; wordch((unsigned char)*q); q++)
		;
	while (q > p && (q[-1] == '.' || q[-1] == '-'))
		q--;
	*n = (size_t)(q - p);
	return keep(p, *n);
}

int
rule_lang_kept(const char *en, const char *tr, char *miss, size_t size)
{
	const char	*p;
	size_t		 n;

	if (en == NULL)
		return 1;
	for (p = en; *p != '\0'; p++) {
		if (!token(en, p, &n) || n == 0)
			continue;
		if (tr == NULL || !found(tr, p, n)) {
			snprintf(miss, size, "%.*s", (int)n, p);
			return 0;
		}
		p += n - 1;
	}
	return 1;
}
