/*
 * pattern_classify.c - what a finding shows that the pattern detector
 * needs and the finding does not say outright: whether a refused command
 * line was HTTP, TLS or binary (non-smtp-probe), and which provider an
 * outbound reply came from (provider-rejects).  Grouping is pattern.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pattern.h"
#include "pattern_int.h"

/* esc_ctl - s holds a control byte escaped as the logs write them:
 * "\001" (octal) or "\x01". */
static int
esc_ctl(const char *s)
{
	for (; (s = strchr(s, '\\')) != NULL; s++) {
		if (s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7' &&
		    ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0') < 32))
			return 1;
		if ((s[1] == 'x' || s[1] == 'X') && (s[2] == '0' ||
		    s[2] == '1') && isxdigit((unsigned char)s[3]))
			return 1;
	}
	return 0;
}

/* tls_hello - a TLS handshake record: 0x16 0x03, raw or escaped. */
static int
tls_hello(const char *s)
{
	return (s[0] == 0x16 && s[1] == 0x03) || (s[0] == '\\' &&
	    (strncmp(s, "\\026\\003", 8) == 0 ||
	    strncasecmp(s, "\\x16\\x03", 8) == 0));
}

/* The words an HTTP request line or header starts with, and their
 * lengths; a word is tried only when its first letter is s's. */
#define WORD(w)	{ w, sizeof(w) - 1 }
static const struct http_word {
	const char	*w;
	size_t		 n;
} methods[] = {
	WORD("GET"), WORD("POST"), WORD("HEAD"), WORD("PUT"),
	WORD("OPTIONS"), WORD("CONNECT"), WORD("DELETE"), WORD("PATCH"),
	WORD("TRACE"), WORD("PRI")
}, headers[] = {
	WORD("Host:"), WORD("User-Agent:"), WORD("Accept:"),
	WORD("Accept-Encoding:"), WORD("Accept-Language:"),
	WORD("Connection:"), WORD("Cookie:"), WORD("Referer:"),
	WORD("Content-Length:"), WORD("Upgrade-Insecure-Requests:")
};
#undef WORD

static int
http_line(const char *s)
{
	int	c = toupper((unsigned char)s[0]);
	size_t	i, n;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		n = methods[i].n;
		if (methods[i].w[0] == c &&
		    strncasecmp(s, methods[i].w, n) == 0 &&
		    (s[n] == '\0' || (s[n] == ' ' && (s[n + 1] == '/' ||
		    strncasecmp(s + n + 1, "http", 4) == 0 ||
		    strstr(s + n, " HTTP/") != NULL))))
			return 1;
	}
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (headers[i].w[0] == c &&
		    strncasecmp(s, headers[i].w, headers[i].n) == 0)
			return 1;
	return 0;
}

/*
 * probe_kind - what a refused command line was when it was not SMTP: the
 * line is the argument when the command was not recognized (Exim logs the
 * whole line), else the command and its argument (transcripts).
 */
int
pat_probe_kind(const struct finding *f)
{
	char		 buf[512];
	const char	*line, *s;

	if (f->code != 500 && f->code != 502)
		return PAT_DET_NONE;
	if (f->text != NULL && strstr(f->text, "NUL character") != NULL)
		return PAT_DET_BINARY;
	if (f->arg != NULL && (f->command == NULL ||
	    strcmp(f->command, "UNKNOWN") == 0))
		line = f->arg;
	else if (f->arg != NULL) {
		snprintf(buf, sizeof(buf), "%s %s", f->command, f->arg);
		line = buf;
	} else if (f->command != NULL && strcmp(f->command, "UNKNOWN") != 0)
		line = f->command;
	else
		return PAT_DET_NONE;
	if (tls_hello(line))
		return PAT_DET_TLS;
	if (http_line(line))
		return PAT_DET_HTTP;
	for (s = line; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return PAT_DET_BINARY;
	return esc_ctl(line) ? PAT_DET_BINARY : PAT_DET_NONE;
}

/* domain_of - the provider part of a host name: the last two labels, or
 * three under a country's second level ("example.co.uk"); an address is
 * kept as it is. */
void
pat_domain_of(const char *name, char *buf, size_t len)
{
	static const char *const sld[] = { "co", "com", "net", "org", "gov",
	    "edu", "ac", "ne", "or", "go", "mil" };
	char	*d[3] = { NULL, NULL, NULL };	/* last, 2nd, 3rd last dot */
	size_t	 i, n;
	int	 ip = 1;

	if (len == 0)
		return;
	/* name cut to len - 1 bytes, as snprintf would cut it */
	n = strnlen(name, len - 1);
	memcpy(buf, name, n);
	buf[n] = '\0';
	for (i = 0; buf[i] != '\0'; i++) {
		buf[i] = (char)tolower((unsigned char)buf[i]);
		if (!isdigit((unsigned char)buf[i]) && buf[i] != '.')
			ip = 0;
	}
	while (i > 0 && buf[i - 1] == '.')
		buf[--i] = '\0';
	if (ip || strchr(buf, ':') != NULL || strchr(buf, '[') != NULL)
		return;
	for (n = 0; i > 0 && n < 3; i--)
		if (buf[i - 1] == '.')
			d[n++] = buf + i - 1;
	if (d[1] == NULL)
		return;
	n = (size_t)(d[0] - d[1] - 1);		/* second-level label */
	if (strlen(d[0] + 1) == 2)
		for (i = 0; i < sizeof(sld) / sizeof(sld[0]); i++)
			if (strlen(sld[i]) == n &&
			    strncmp(d[1] + 1, sld[i], n) == 0) {
				if (d[2] != NULL)
					memmove(buf, d[2] + 1,
					    strlen(d[2] + 1) + 1);
				return;
			}
	memmove(buf, d[1] + 1, strlen(d[1] + 1) + 1);
}

/* relay_key - the remote provider of an outbound finding: the domain of
 * the relay's name, else of the recipient, else the relay's address. */
const char *
pat_relay_key(const struct finding *f, char *buf, size_t len)
{
	const char	*at;

	if (f->relay_name != NULL && strchr(f->relay_name, '.') != NULL)
		pat_domain_of(f->relay_name, buf, len);
	else if (f->to != NULL && (at = strrchr(f->to, '@')) != NULL &&
	    at[1] != '\0')
		pat_domain_of(at + 1, buf, len);
	else if (f->relay_ip != NULL)
		snprintf(buf, len, "%s", f->relay_ip);
	else
		return NULL;
	return buf;
}

