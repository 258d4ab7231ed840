/*
 * traffic_key.c - the strings the traffic accountant counts by, made from
 * an event's: an address as pflogsumm counts it, the domain a client's
 * host name stands for, a reason for a deferral or a bounce.  What is
 * counted by them is traffic.c's.
 */
#include <stdint.h>
#include <string.h>

#include "traffic_int.h"
#include "lib/htab.h"

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * plain - whether a[i..len) (i < len) holds no byte from '@' to 'Z': no
 * capital and no other '@', the common case, eight bytes at a time.  A
 * byte's top bit is set in x + 0x40 when it is '@' or above and in
 * x + 0x25 when above 'Z', x being the bytes without their top bits (so
 * that none carries into the next; ~w leaves out the bytes over 0x7f).
 * The last bytes as one word (htab_tail).
 */
static inline int
plain(const char *a, size_t i, size_t len)
{
	uint64_t	w, x, hit = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, a + i, 8);
		x = w & ~HIGHS;
		hit |= (x + 0x40 * ONES) & ~(x + 0x25 * ONES) & ~w;
	}
	if (i < len) {
		w = htab_tail(a, i, len);
		x = w & ~HIGHS;
		hit |= (x + 0x40 * ONES) & ~(x + 0x25 * ONES) & ~w;
	}
	return (hit & HIGHS) == 0;
}

/* lower - traffic_address() for an address with a capital or a second
 * '@' after its first one (at): the copy, lower case from at, when it has
 * a capital; the domain after the last '@'. */
static void __attribute__((noinline))
lower(const char *a, const char *at, char *buf, size_t n,
    struct traffic_addr *r)
{
	const char	*last;
	size_t		 i, len = r->len;

	for (i = (size_t)(at - a); i < len; i++)
		if ((unsigned)a[i] - 'A' < 26)
			break;
	if (i < len) {
		if (len >= n)
			len = n - 1;
		memcpy(buf, a, len);
		for (; i < len; i++)
			if ((unsigned)buf[i] - 'A' < 26)
				buf[i] = (char)(buf[i] - 'A' + 'a');
		buf[len] = '\0';
		r->s = buf;
		r->len = len;
	}
	if ((last = strrchr(r->s, '@')) != NULL && last[1] != '\0')
		r->dom = (size_t)(last + 1 - r->s);
}

/* traffic_address - what follows the first '@' is read a word at a
 * time (plain()), the byte loop only for the rare address with a capital
 * or another '@' there. */
void
traffic_address(const char *a, char *buf, size_t n, struct traffic_addr *r)
{
	const char	*at;
	size_t		 len;

	r->dom = 0;
	if (a == NULL || a[0] == '\0' || (a[0] == '<' && a[1] == '>' &&
	    a[2] == '\0')) {
		r->s = "<>";
		r->len = 2;
		return;
	}
	r->s = a;
	r->len = len = strlen(a);
	if ((at = memchr(a, '@', len)) == NULL)
		return;
	if ((size_t)(at + 1 - a) == len)
		return;		/* nothing after it: no domain */
	if (!plain(a, (size_t)(at + 1 - a), len))
		lower(a, at, buf, n, r);
	else
		r->dom = (size_t)(at + 1 - a);
}

const char *
traffic_host_domain(const char *name, size_t len)
{
	const char	*p = name + len, *dot0 = NULL, *dot1 = NULL;
	size_t		 last;

	/* The last two dots, from the end: the labels that matter are the
	 * last ones; a third only for a two-letter top-level domain. */
	while (p > name && dot1 == NULL)
		if (*--p == '.') {
			if (dot0 == NULL)
				dot0 = p;
			else
				dot1 = p;
		}
	if (dot1 == NULL)
		return name;
	last = (size_t)(name + len - (dot0 + 1));
	if (last == 3)
		return dot1 + 1;	/* "x.example.com" */
	if (last == 2 && dot0 - dot1 - 1 >= 2 && dot0 - dot1 - 1 <= 3)
		while (p > name)
			if (*--p == '.')
				return p + 1;	/* "x.example.co.uk" */
	return name;
}

const char *
traffic_reason(const struct smtp_event *ev, char *buf, size_t n)
{
	const char	*text = ev->text != NULL ? ev->text : ev->status;
	char		*sp;
	size_t		 len = 0, l;
	int		 c;

	/* By hand: snprintf costs more than the rest of a bounce. */
	if (ev->code > 0 && ev->code < 1000) {
		for (c = 100; c > 0; c /= 10)
			buf[len++] = (char)('0' + ev->code / c % 10);
		if (ev->enhanced != NULL && (l = strlen(ev->enhanced)) < 16) {
			buf[len++] = ' ';
			memcpy(buf + len, ev->enhanced, l);
			len += l;
		}
		buf[len++] = ' ';
	}
	if (text == NULL)
		text = "?";
	l = strlen(text);
	if (len + l > TRAFFIC_REASON_MAX)
		l = TRAFFIC_REASON_MAX - len;
	memcpy(buf + len, text, l);
	len += l;
	buf[len] = '\0';
	if (text[l] != '\0' && n > TRAFFIC_REASON_MAX + 4) {
		/* Cut at a space with "..." to say so. */
		if ((sp = strrchr(buf, ' ')) != NULL &&
		    sp - buf > TRAFFIC_REASON_MAX / 2)
			*sp = '\0';
		strcat(buf, " ...");
	}
	return buf;
}
