/*
 * unmatched.c - count the replies no text rule knew, by their text with
 * what varies from one occurrence to the next masked (addresses, IPs,
 * host names, ids, numbers), so that one server's refusal to many
 * clients is one line.  The bounded counting is tally.c's; writing the
 * list is the writers'.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"
#include "unmatched.h"
#include "lib/xmalloc.h"

/* The longest masked text kept: a rule is written from its start. */
#define UNMATCHED_TEXT	160

struct unmatched {
	struct tally	*t;
	unsigned long	 findings;
	int		 inexact, more;	/* from merged partials */
	/* The listed texts, split out of their keys "RULE\tTEXT". */
	char		*keys[SUMMARY_MAX_UNMATCHED];
};

struct unmatched *
unmatched_new(size_t max)
{
	struct unmatched	*u = xcalloc(1, sizeof(*u));

	u->t = tally_new(max);
	return u;
}

static void
keys_free(struct unmatched *u)
{
	size_t	 i;

	for (i = 0; i < SUMMARY_MAX_UNMATCHED; i++) {
		free(u->keys[i]);
		u->keys[i] = NULL;
	}
}

void
unmatched_free(struct unmatched *u)
{
	if (u == NULL)
		return;
	tally_free(u->t);
	keys_free(u);
	free(u);
}

/* Characters around a word that are kept as they are: <a@b>, [1.2.3.4]. */
static int
wrap(int c)
{
	return c != '\0' && strchr("<>[](){},;:'\"#", c) != NULL;
}

/* is_ip - an IPv4 address (a port may follow), or an IPv6 one. */
static int
is_ip(const char *w, size_t n)
{
	size_t	 i, digits = 0, dots = 0, colons = 0;
	int	 hex = 1;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			digits++;
		else if (w[i] == '.')
			dots++;
		else if (w[i] == ':')
			colons++;
		else if (!isxdigit((unsigned char)w[i]))
			hex = 0;
	}
	if (dots == 3 && digits >= 4 && hex && colons <= 1 &&
	    strspn(w, "0123456789.:") >= n)
		return 1;
	return colons >= 2 && hex;
}

/* is_host - a name of three labels or more: mx1.example.com. */
static int
is_host(const char *w, size_t n)
{
	size_t	 i, dots = 0, alpha = 0;

	for (i = 0; i < n; i++) {
		if (w[i] == '.') {
			if (i == 0 || i + 1 == n || w[i - 1] == '.')
				return 0;
			dots++;
		} else if (isalpha((unsigned char)w[i]))
			alpha++;
		else if (!isdigit((unsigned char)w[i]) && w[i] != '-' &&
		    w[i] != '_' && w[i] != '*')
			return 0;
	}
	return dots >= 2 && alpha > 0;
}

/* is_id - a queue id, a session id, a hash: long, letters and digits. */
static int
is_id(const char *w, size_t n)
{
	size_t	 i, digit = 0, alpha = 0;

	if (n < 8)
		return 0;
	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			digit++;
		else if (isalpha((unsigned char)w[i]))
			alpha++;
		else if (strchr("+/=_.-", w[i]) == NULL)
			return 0;
	}
	return digit > 0 && alpha > 0;
}

/* is_enhanced - an enhanced status code "5.7.1" (RFC 3463). */
static int
is_enhanced(const char *w, size_t n)
{
	size_t	 i, parts = 1, run = 0;

	if (n < 5 || (w[0] != '2' && w[0] != '4' && w[0] != '5') ||
	    w[1] != '.')
		return 0;
	for (i = 2; i < n; i++) {
		if (w[i] == '.') {
			if (run == 0)
				return 0;
			parts++;
			run = 0;
		} else if (isdigit((unsigned char)w[i]) && ++run <= 3)
			continue;
		else
			return 0;
	}
	return parts == 2 && run > 0;	/* class.subject.detail */
}

/* put - append s[0..n) to out at *len, as room allows; 0 when it did not
 * fit (the text is then cut). */
static int
put(char *out, size_t outsz, size_t *len, const char *s, size_t n)
{
	if (*len + n + 1 > outsz)
		return 0;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return 1;
}

/* word - one word of the text, masked, into out. */
static int
word(char *out, size_t outsz, size_t *len, const char *w, size_t n)
{
	const char	*end = w + n, *mask = NULL;
	size_t		 a = 0, b = n;

	while (a < n && wrap((unsigned char)w[a]))
		a++;
	while (b > a && (wrap((unsigned char)w[b - 1]) || w[b - 1] == '.'))
		b--;
	if (!put(out, outsz, len, w, a))
		return 0;
	w += a;
	n = b - a;
	if (memchr(w, '@', n) != NULL)
		mask = "<addr>";
	else if (is_ip(w, n))
		mask = "<ip>";
	else if (is_enhanced(w, n))
		mask = NULL;
	else if (is_host(w, n))
		mask = "<host>";
	else if (is_id(w, n))
		mask = "<id>";
	if (mask != NULL) {
		if (!put(out, outsz, len, mask, strlen(mask)))
			return 0;
	} else if (is_enhanced(w, n)) {
		if (!put(out, outsz, len, w, n))
			return 0;
	} else {
		/* Any other number: "<n>". */
		const char *p = w, *q = w + n;

		while (p < q) {
			const char *d = p;

			if (isdigit((unsigned char)*p)) {
				while (d < q && isdigit((unsigned char)*d))
					d++;
				if (!put(out, outsz, len, "<n>", 3))
					return 0;
			} else {
				while (d < q && !isdigit((unsigned char)*d))
					d++;
				if (!put(out, outsz, len, p, (size_t)(d - p)))
					return 0;
			}
			p = d;
		}
	}
	return put(out, outsz, len, w + n, (size_t)(end - (w + n)));
}

char *
unmatched_text(char *out, size_t outsz, int code, const char *enhanced,
    const char *text)
{
	const char	*p, *e;
	char		 cs[8];
	size_t		 len = 0;
	int		 n;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	n = code > 0 ? snprintf(cs, sizeof(cs), "%03d", code % 1000) :
	    snprintf(cs, sizeof(cs), "---");
	if (!put(out, outsz, &len, cs, (size_t)n))
		return out;
	if (enhanced != NULL && *enhanced != '\0' && (!put(out, outsz, &len,
	    " ", 1) || !put(out, outsz, &len, enhanced, strlen(enhanced))))
		return out;
	for (p = text != NULL ? text : ""; *p != '\0'; p = e) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && !isspace((unsigned char)*e); e++)
			;
		if (!put(out, outsz, &len, " ", 1) ||
		    !word(out, outsz, &len, p, (size_t)(e - p))) {
			/* Cut at the last whole word, and say so. */
			while (len > 0 && out[len - 1] != ' ')
				len--;
			while (len + 4 > outsz && len > 0)
				len--;
			out[len] = '\0';
			put(out, outsz, &len, "...", 3);
			break;
		}
	}
	return out;
}

/* key_rule - "RULE\tTEXT" into key (room for 128 + UNMATCHED_TEXT + 1);
 * returns where TEXT goes. */
static char *
key_rule(char *key, const char *rule)
{
	size_t	 rl = rule != NULL ? strlen(rule) : 0;

	if (rl > 127)
		rl = 127;
	memcpy(key, rule != NULL ? rule : "", rl);
	key[rl] = '\t';
	return key + rl + 1;
}

void
unmatched_add(struct unmatched *u, const struct finding *f)
{
	char		 key[UNMATCHED_TEXT + 130], *p;

	if (u == NULL || f->text == NULL || *f->text == '\0' ||
	    (f->rule != NULL && !f->rule->generic))
		return;
	u->findings++;
	/* "RULE\tTEXT": the same text under another fallback (the other
	 * direction) is another line. */
	p = key_rule(key, f->rule != NULL ? f->rule->id : NULL);
	unmatched_text(p, UNMATCHED_TEXT + 1, f->code, f->enhanced, f->text);
	tally_add(u->t, key, NULL);
}

void
unmatched_merge(struct unmatched *u, unsigned long findings, int inexact,
    int more)
{
	u->findings += findings;
	u->inexact |= inexact || more;
	u->more |= more;
}

void
unmatched_merge_text(struct unmatched *u, const char *rule,
    const char *reply, unsigned long count)
{
	char	 key[UNMATCHED_TEXT + 130], *p;

	if (count == 0)
		return;
	p = key_rule(key, rule);
	snprintf(p, UNMATCHED_TEXT + 1, "%s", reply);
	(void)tally_hit_n(u->t, key, NULL, count);
}

void
unmatched_summary(struct unmatched *u, struct summary *s)
{
	struct tally_item	 it[SUMMARY_MAX_UNMATCHED + 1];
	struct summary_unmatched *m;
	char			*tab;
	size_t			 i, n;

	s->unmatched_counted = 1;
	s->unmatched_findings = u->findings;
	s->unmatched_inexact = !tally_exact(u->t) || u->inexact;
	n = tally_top(u->t, it, SUMMARY_MAX_UNMATCHED + 1);
	s->unmatched_more = n > SUMMARY_MAX_UNMATCHED || u->more;
	if (n > SUMMARY_MAX_UNMATCHED)
		n = SUMMARY_MAX_UNMATCHED;
	keys_free(u);
	for (i = 0; i < n; i++) {
		u->keys[i] = xstrdup(it[i].key);
		m = &s->unmatched[i];
		tab = strchr(u->keys[i], '\t');
		*tab = '\0';
		m->rule = *u->keys[i] != '\0' ? u->keys[i] : NULL;
		m->reply = tab + 1;
		m->code = isdigit((unsigned char)tab[1]) ? atoi(tab + 1) : 0;
		m->count = it[i].count;
	}
	s->nunmatched = n;
}
