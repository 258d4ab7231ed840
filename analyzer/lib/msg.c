/*
 * msg.c - the message catalogue: ids to texts in the language in use,
 * English by default, and the language the locale asks for.  The texts
 * are msg_list.h's; loading translations is rules/rule_lang.c's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "xmalloc.h"

static const struct {
	const char	*id;		/* upper case; the key is its lower */
	const char	*en;
} list[MSG__COUNT] = {
#define MSG(id, en)	{ #id, en },
	MSG_LIST
#undef MSG
};

/* The translations in use: NULL stays English. */
static char	*tr[MSG__COUNT];
static char	 lang[16] = "en";

const char *
msg(enum msg_id id)
{
	if ((unsigned)id >= MSG__COUNT)
		return "?";
	return tr[id] != NULL ? tr[id] : list[id].en;
}

const char *
msg_en(enum msg_id id)
{
	return (unsigned)id < MSG__COUNT ? list[id].en : "?";
}

const char *
msg_key(enum msg_id id, char *buf, size_t size)
{
	size_t	i;

	if (size == 0)
		return buf;
	for (i = 0; (unsigned)id < MSG__COUNT && list[id].id[i] != '\0' &&
	    i + 1 < size; i++)
		buf[i] = (char)tolower((unsigned char)list[id].id[i]);
	buf[i] = '\0';
	return buf;
}

int
msg_find(const char *key)
{
	int	i;

	for (i = 0; i < MSG__COUNT; i++)
		if (strcasecmp(list[i].id, key) == 0)
			return i;
	return -1;
}

const char *
msg_value(const char *prefix, const char *value)
{
	char	key[64];
	size_t	i, n;
	int	id;

	if (value == NULL)
		return NULL;
	n = (size_t)snprintf(key, sizeof(key), "%s%s", prefix, value);
	if (n >= sizeof(key))
		return value;
	for (i = 0; i < n; i++)
		if (key[i] == '-')
			key[i] = '_';
	return (id = msg_find(key)) >= 0 ? msg((enum msg_id)id) : value;
}

void
msg_reset(void)
{
	int	i;

	for (i = 0; i < MSG__COUNT; i++) {
		free(tr[i]);
		tr[i] = NULL;
	}
	snprintf(lang, sizeof(lang), "en");
}

void
msg_set(const char *l, const char *const *texts)
{
	int	i;

	msg_reset();
	if (l == NULL || texts == NULL)
		return;
	snprintf(lang, sizeof(lang), "%s", l);
	for (i = 0; i < MSG__COUNT; i++)
		tr[i] = texts[i] != NULL ? xstrdup(texts[i]) : NULL;
}

const char *
msg_lang(void)
{
	return lang;
}

int
msg_translated(enum msg_id id)
{
	return (unsigned)id < MSG__COUNT && tr[id] != NULL;
}

const char *
msg_lang_of(enum msg_id id)
{
	return msg_translated(id) ? lang : "en";
}

/* conv - the next conversion of s from *p, into buf; 0 at the end. */
static int
conv(const char **p, char *buf, size_t size)
{
	const char	*s = *p, *c;
	size_t		 n;

	while ((s = strchr(s, '%')) != NULL) {
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		c = s + 1;
		c += strspn(c, "-+ #0'123456789.*$");
		c += strspn(c, "hlLqjzt");
		if (*c != '\0')
			c++;
		n = (size_t)(c - s) < size - 1 ? (size_t)(c - s) : size - 1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		*p = c;
		return 1;
	}
	*p = NULL;
	return 0;
}

int
msg_format_same(const char *a, const char *b)
{
	char	ca[32], cb[32];
	int	ra, rb;

	for (;;) {
		ra = a != NULL && conv(&a, ca, sizeof(ca));
		rb = b != NULL && conv(&b, cb, sizeof(cb));
		if (ra != rb)
			return 0;
		if (!ra)
			return 1;
		if (strcmp(ca, cb) != 0)
			return 0;
	}
}

const char *
msg_locale(char *buf, size_t size)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v = NULL;
	size_t		 i, n, r;

	snprintf(buf, size, "en");
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			break;
	if (v == NULL || *v == '\0' || strcmp(v, "C") == 0 ||
	    strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0)
		return buf;
	/* language[_territory][.codeset][@modifier] */
	n = strspn(v, "abcdefghijklmnopqrstuvwxyz");
	if (n < 2 || n > 3 || n + 4 > size)
		return buf;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (v[n] == '_' && (r = strspn(v + n + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789")) >= 2 && r <= 3 && n + 1 + r < size &&
	    strchr(".@", v[n + 1 + r]) != NULL) {
		buf[n] = '-';
		memcpy(buf + n + 1, v + n + 1, r);
		buf[n + 1 + r] = '\0';
	}
	return buf;
}

size_t
msg_format(char *buf, size_t size, enum msg_id id, ...)
{
	va_list	ap;
	size_t	n;
	int	r;

	if (size == 0)
		return 0;
	va_start(ap, id);
	r = vsnprintf(buf, size, msg(id), ap);
	va_end(ap);
	if (r < 0) {
		buf[0] = '\0';
		return 0;
	}
	n = (size_t)r < size ? (size_t)r : size - 1;
	/* Cut: drop a multibyte character the bound split. */
	if ((size_t)r >= size) {
		size_t	k = n;

		while (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && (unsigned char)buf[k - 1] >= 0xc0) {
			unsigned char	c = (unsigned char)buf[k - 1];
			size_t		want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

			if (n - (k - 1) < want)
				n = k - 1;
		}
		buf[n] = '\0';
	}
	return n;
}
