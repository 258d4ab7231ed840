/*
 * trace_query.c - what a trace query is (a queue id, a Message-ID, an
 * address, an IP address, a host name) and whether an event names it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trace.h"
#include "lib/xmalloc.h"

struct trace_query {
	enum trace_kind	 kind;
	char		*text;		/* as given */
	char		*bare;		/* without <> or [] */
	int		 also_msgid;	/* an address recognized: Message-ID too */
	int		 af;		/* IP: AF_INET or AF_INET6 */
	unsigned char	 addr[16];
};

static const struct {
	enum trace_kind	 kind;
	const char	*name;
} kinds[] = {
	{ TRACE_QUEUE_ID, "queue-id" },
	{ TRACE_POSTFIX_ID, "postfix-queue-id" },
	{ TRACE_EXIM_ID, "exim-message-id" },
	{ TRACE_MESSAGE_ID, "message-id" },
	{ TRACE_ADDRESS, "address" },
	{ TRACE_IP, "ip" },
	{ TRACE_HOST, "host" },
};

const char *
trace_kind_name(enum trace_kind k)
{
	size_t	i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "auto";
}

int
trace_kind_parse(const char *name, enum trace_kind *k)
{
	size_t	i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*k = kinds[i].kind;
			return 0;
		}
	return -1;
}

static int
is62(int c)
{
	return isascii(c) && isalnum(c);
}

/* run62 - letters and digits at s. */
static size_t
run62(const char *s)
{
	size_t	n = 0;

	while (is62((unsigned char)s[n]))
		n++;
	return n;
}

/* exim_id - "1a2B3c-000ABC-DE" (6-6-2) or "1rXYZa-00000000abc-ABCD"
 * (6-11-4, Exim 4.97 and later), the whole of s. */
static int
exim_id(const char *s)
{
	size_t	b, c;

	if (run62(s) != 6 || s[6] != '-')
		return 0;
	b = run62(s + 7);
	if ((b != 6 && b != 11) || s[7 + b] != '-')
		return 0;
	c = run62(s + 8 + b);
	return ((b == 6 && c == 2) || (b == 11 && c == 4)) &&
	    s[8 + b + c] == '\0';
}

/*
 * postfix_id - the whole of s is a Postfix queue id as the parser takes
 * it: short ids are 5 to 24 digits and upper-case hex letters; long ids
 * (enable_long_queue_ids) 10 to 24 digits and letters without vowels,
 * with a 'z' between the time and the inode parts.
 */
static int
postfix_id(const char *s)
{
	size_t	n;
	int	hex = 1, lng = 1, z = 0;

	for (n = 0; s[n] != '\0'; n++) {
		if (isdigit((unsigned char)s[n]))
			continue;
		if (!isascii((unsigned char)s[n]) ||
		    !isalpha((unsigned char)s[n]))
			return 0;
		if (s[n] > 'F' || islower((unsigned char)s[n]))
			hex = 0;
		if (strchr("AEIOUaeiou", s[n]) != NULL)
			lng = 0;
		if (s[n] == 'z')
			z = 1;
	}
	return (hex && n >= 5 && n <= 24) || (lng && z && n >= 10 && n <= 24);
}

/* ip_parse - s as an IPv4 or IPv6 address (brackets allowed). */
static int
ip_parse(const char *s, unsigned char *addr, int *af)
{
	char	buf[64];
	size_t	n = strlen(s);

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1) {
		*af = AF_INET;
		return 1;
	}
	if (inet_pton(AF_INET6, buf, addr) == 1) {
		*af = AF_INET6;
		return 1;
	}
	return 0;
}

enum trace_kind
trace_recognize(const char *q)
{
	unsigned char	addr[16];
	size_t		n = strlen(q);
	int		af;

	if (n >= 2 && q[0] == '<' && q[n - 1] == '>')
		return TRACE_MESSAGE_ID;
	if (ip_parse(q, addr, &af))
		return TRACE_IP;
	if (exim_id(q))
		return TRACE_EXIM_ID;
	if (postfix_id(q))
		return TRACE_POSTFIX_ID;
	if (strchr(q, '@') != NULL)
		return TRACE_ADDRESS;
	return TRACE_HOST;
}

/* strip - s without one pair of <> or [] around it, and without a
 * trailing dot (host names). */
static char *
strip(const char *s)
{
	size_t	n = strlen(s);

	if (n >= 2 && ((s[0] == '<' && s[n - 1] == '>') ||
	    (s[0] == '[' && s[n - 1] == ']')))
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

struct trace_query *
trace_query_new(const char *text, enum trace_kind forced)
{
	struct trace_query	*q = xcalloc(1, sizeof(*q));

	q->text = xstrdup(text);
	q->kind = forced != TRACE_AUTO ? forced : trace_recognize(text);
	q->also_msgid = forced == TRACE_AUTO && q->kind == TRACE_ADDRESS;
	q->bare = strip(text);
	if (q->kind == TRACE_HOST) {
		size_t	n = strlen(q->bare);

		if (n > 1 && q->bare[n - 1] == '.')
			q->bare[n - 1] = '\0';
	}
	if (q->kind == TRACE_IP && !ip_parse(q->bare, q->addr, &q->af))
		q->af = 0;	/* forced on a non-address: text compare */
	return q;
}

void
trace_query_free(struct trace_query *q)
{
	if (q == NULL)
		return;
	free(q->text);
	free(q->bare);
	free(q);
}

enum trace_kind
trace_query_kind(const struct trace_query *q)
{
	return q->kind;
}

const char *
trace_query_text(const struct trace_query *q)
{
	return q->text;
}

/* same_bare - s, less one pair of <> (or []), equals want; case-insensitive
 * when icase. */
static int
same_bare(const char *s, const char *want, int icase)
{
	size_t	n, w = strlen(want);

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n >= 2 && ((s[0] == '<' && s[n - 1] == '>') ||
	    (s[0] == '[' && s[n - 1] == ']'))) {
		s++;
		n -= 2;
	}
	if (n != w)
		return 0;
	return icase ? strncasecmp(s, want, n) == 0 : memcmp(s, want, n) == 0;
}

/* same_host - a host name equal to the query, perhaps with ":port"
 * after it (transcripts name the server they connected to so). */
static int
same_host(const char *s, const char *want)
{
	size_t	w = strlen(want);
	size_t	i;

	if (s == NULL)
		return 0;
	if (same_bare(s, want, 1))
		return 1;
	if (strncasecmp(s, want, w) != 0 || s[w] != ':' || s[w + 1] == '\0')
		return 0;
	for (i = w + 1; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
same_ip(const struct trace_query *q, const char *s)
{
	unsigned char	addr[16];
	int		af;

	if (s == NULL)
		return 0;
	if (strcmp(s, q->bare) == 0)
		return 1;
	if (q->af == 0 || !ip_parse(s, addr, &af) || af != q->af)
		return 0;
	return memcmp(addr, q->addr, af == AF_INET ? 4 : 16) == 0;
}

/* command_address - the address in a MAIL FROM:<x> or RCPT TO:<x>
 * argument equals the query. */
static int
command_address(const struct trace_query *q, const struct smtp_event *ev)
{
	const char	*a, *e;
	size_t		 n = strlen(q->bare);

	if (ev->command == NULL || ev->arg == NULL ||
	    (strcmp(ev->command, "MAIL") != 0 &&
	    strcmp(ev->command, "RCPT") != 0))
		return 0;
	if ((a = strchr(ev->arg, '<')) == NULL || (e = strchr(a, '>')) == NULL)
		return 0;
	return (size_t)(e - a - 1) == n && strncasecmp(a + 1, q->bare, n) == 0;
}

int
trace_query_match(const struct trace_query *q, const struct smtp_event *ev)
{
	switch (q->kind) {
	case TRACE_QUEUE_ID:
	case TRACE_POSTFIX_ID:
	case TRACE_EXIM_ID:
		return (ev->queue_id != NULL &&
		    strcmp(ev->queue_id, q->bare) == 0) ||
		    (ev->related_id != NULL &&
		    strcmp(ev->related_id, q->bare) == 0);
	case TRACE_MESSAGE_ID:
		return same_bare(ev->message_id, q->bare, 0);
	case TRACE_ADDRESS:
		return same_bare(ev->from, q->bare, 1) ||
		    same_bare(ev->to, q->bare, 1) ||
		    same_bare(ev->orig_to, q->bare, 1) ||
		    command_address(q, ev) ||
		    (q->also_msgid && same_bare(ev->message_id, q->bare, 0));
	case TRACE_IP:
		return same_ip(q, ev->client_ip) || same_ip(q, ev->relay_ip);
	case TRACE_HOST:
		return same_host(ev->client_name, q->bare) ||
		    same_host(ev->relay_name, q->bare);
	default:
		return 0;
	}
}
