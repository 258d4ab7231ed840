/*
 * envelope_rec.c - what the envelope's readers share below them: the
 * growable buffers of the state, a pid's digits, the record's text
 * written from a journal entry's or a container's fields, and the table
 * of the bytes of a program's name.  envelope.c and envelope_wrap.c call
 * these; they call neither.  See envelope_int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "envelope_int.h"
#include "lib/xmalloc.h"

/*
 * The bytes of a syslog tag and of a compose service's name: 1 in both
 * ([A-Za-z0-9_.-]), 2 in a tag only ('/', '@').
 */
const unsigned char env_name_char[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
	['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
	['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
	['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['0'] = 1, ['1'] = 1,
	['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 2,
	['@'] = 2,
};

char *
env_buf_get(struct env_buf *b, size_t n)
{
	if (b->cap < n) {
		free(b->b);
		b->cap = n < 256 ? 256 : n;
		b->b = xmalloc(b->cap);
	}
	return b->b;
}

long
env_pid(const char *s, size_t n)
{
	long	pid = 0;
	size_t	i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ENV_ISDIGIT(s[i]))
			return -1;
		pid = pid * 10 + (s[i] - '0');
	}
	return pid;
}

void
env_write(struct env *e, struct env_rec *rec, const char *host,
    size_t hostlen, const char *prog, size_t proglen, long pid,
    const char *msg, size_t msglen)
{
	char	*d, num[16], *q = num + sizeof(num);
	size_t	 i = 0, n;
	long	 v = pid;

	if (host == NULL)
		hostlen = 0;
	if (prog == NULL)
		proglen = 0;
	if (pid >= 0) {
		*--q = ']';
		do
			*--q = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		*--q = '[';
	}
	n = (size_t)(num + sizeof(num) - q);
	d = env_buf_get(&e->text, hostlen + proglen + n + msglen + 4);
	rec->sp.hs = rec->sp.he = 0;
	if (host != NULL && hostlen > 0) {
		memcpy(d, host, hostlen);
		rec->sp.he = hostlen;
		d[hostlen] = ' ';
		i = hostlen + 1;
	}
	rec->sp.ps = i;
	if (prog != NULL && proglen > 0) {
		memcpy(d + i, prog, proglen);
		i += proglen;
	}
	rec->sp.pe = i;
	memcpy(d + i, q, n);
	i += n;
	rec->sp.ie = i;
	rec->sp.pid = pid;
	d[i++] = ':';
	d[i++] = ' ';
	rec->sp.ms = i;
	if (msglen > 0)
		memcpy(d + i, msg, msglen);
	i += msglen;
	d[i] = '\0';
	/* Decoded text may hold NUL bytes: spaces, as input.c makes them. */
	for (n = 0; n < i; n++)
		if (d[n] == '\0')
			d[n] = ' ';
	rec->text = d;
	rec->len = i;
}
