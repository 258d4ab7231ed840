/*
 * parser.c - the registry of log-format parsers: lookup by name, by the
 * program of an enveloped line, and detection from sample lines.  Each format lives in its own file and
 * exports one parser_ops object; adding one means adding it to parsers[].
 */
#include <stddef.h>
#include <string.h>

#include "parser.h"

/* In order of preference when two parsers are equally confident. */
static const struct parser_ops *const parsers[] = {
	&parser_postfix,
	&parser_exim,
	&parser_transcript,
};

#define NPARSERS	(sizeof(parsers) / sizeof(parsers[0]))

/* A line counts for a parser when it probes at least this confident. */
#define PROBE_HIT	50

const struct parser_ops *
parser_find(const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NPARSERS; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

/*
 * parser_detect - sum each parser's confidence over the sample; the
 * highest sum wins, provided that parser recognized at least one line
 * (logs mix daemons, so a minority of lines is normal).
 */
const struct parser_ops *
parser_detect(const char *const *lines, const size_t *lens, size_t nlines)
{
	const struct parser_ops	*best = NULL;
	unsigned long		 sum, best_sum = 0;
	size_t			 i, j, hits;
	int			 c;

	for (i = 0; i < NPARSERS; i++) {
		if (parsers[i]->probe == NULL)
			continue;
		sum = 0;
		hits = 0;
		for (j = 0; j < nlines; j++) {
			if (lines[j] == NULL)
				continue;
			c = parsers[i]->probe(lines[j], lens[j]);
			if (c < 0)
				c = 0;
			sum += (unsigned long)(c > 100 ? 100 : c);
			hits += c >= PROBE_HIT;
		}
		if (hits > 0 && sum > best_sum) {
			best = parsers[i];
			best_sum = sum;
		}
	}
	return best;
}

const struct parser_ops *
parser_get(size_t i)
{
	return i < NPARSERS ? parsers[i] : NULL;
}

const struct parser_ops *
parser_owner(const char *prog, size_t len)
{
	size_t	i;

	for (i = 0; i < NPARSERS; i++)
		if (parsers[i]->owns != NULL && parsers[i]->owns(prog, len))
			return parsers[i];
	return NULL;
}

/* parser_names - "postfix, exim, ..." from the table, made once. */
const char *
parser_names(void)
{
	static char	buf[256];
	size_t		i, n = 0, len;

	if (buf[0] != '\0')
		return buf;
	for (i = 0; i < NPARSERS; i++) {
		len = strlen(parsers[i]->name);
		if (n + len + 3 > sizeof(buf))
			break;
		if (n > 0) {
			memcpy(buf + n, ", ", 2);
			n += 2;
		}
		memcpy(buf + n, parsers[i]->name, len);
		n += len;
		buf[n] = '\0';
	}
	return buf;
}
