/*
 * exim_scan.c - field scanners of the Exim parser: message ids, the
 * client as host_and_ident() writes it, SMTP replies, <addresses>, the
 * command of a quoted client line or of "SMTP error ... after X".  They
 * cut the line copy in place; what the line does not hold goes to the
 * arena.  Deciding what a line means is left to the handlers.
 */
#include <stddef.h>
#include <string.h>

#include "lex.h"
#include "exim_int.h"

/* Base-62 digits, case folded (ids are looked for at the start of every
 * line, so a table rather than tests). */
static const unsigned char b62[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* B62(u, i) - u[i] is a base-62 digit. */
#define B62(u, i)	(b62[(u)[i]] != 0)

/*
 * ex_msgid_len - Exim message ids: "1kXYZa-000abc-12" (6-6-2, before
 * 4.97) and "1rXYZa-00000000abc-ABCD" (6-11-4, 4.97 and later).  Every
 * line's start is tested, so the positions are tested one by one, in
 * order: a byte is read only when the ones before it were digits or
 * dashes, so never past the NUL.
 */
size_t
ex_msgid_len(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (!(B62(u, 0) && B62(u, 1) && B62(u, 2) && B62(u, 3) &&
	    B62(u, 4) && B62(u, 5) && u[6] == '-' && B62(u, 7) && B62(u, 8) &&
	    B62(u, 9) && B62(u, 10) && B62(u, 11) && B62(u, 12)))
		return 0;
	if (u[13] == '-')	/* 6-6-2 */
		return B62(u, 14) && B62(u, 15) &&
		    (u[16] == ' ' || u[16] == '\0') ? 16 : 0;
	/* 6-11-4 */
	return B62(u, 13) && B62(u, 14) && B62(u, 15) && B62(u, 16) &&
	    B62(u, 17) && u[18] == '-' && B62(u, 19) && B62(u, 20) &&
	    B62(u, 21) && B62(u, 22) && (u[23] == ' ' || u[23] == '\0') ?
	    23 : 0;
}

/* tok_end - the end of the token at s (NUL or space, as a syslog
 * host's), no byte past end read (lex_until16()).  Always inline: a call
 * cost what a short token does. */
static inline __attribute__((always_inline)) char *
tok_end(char *s, const char *end)
{
	return s + lex_until16(s, lex_room(s, end), lex_host_end, ' ', '\0',
	    ' ', '\0');
}

/* port - ":NNNN" at s into *port; returns s past it. */
static char *
port(char *s, int *port)
{
	long	v = 0;

	*port = 0;
	if (*s != ':' || !EX_ISDIGIT(s[1]))
		return s;
	for (s++; EX_ISDIGIT(*s) && v < 100000; s++)
		v = v * 10 + (*s - '0');
	*port = v <= 65535 ? (int)v : 0;
	return s;
}

/*
 * ex_peer - "[H=]name (helo) [ip]:port" with the name and helo optional,
 * then optional " I=[ip]:port", " Ci=N", " U=ident"; or "U=ident" alone
 * (a local -bs session).  The line is only cut once the whole form is
 * known to match.
 */
char *
ex_peer(char *s, const char *end, struct ex_peer *p)
{
	char	*q = s, *e, *b;
	char	*name = NULL, *ne = NULL, *helo = NULL, *he = NULL;
	char	*ip = NULL, *ie = NULL, *id = NULL, *de = NULL;
	int	 i, prt = 0;

	memset(p, 0, sizeof(*p));
	if (q[0] == 'D' && q[1] == 'S' && q[2] == ' ')
		q += 3;
	if (q[0] == 'H' && q[1] == '=')
		q += 2;
	for (i = 0; i < 3 && ip == NULL; i++) {
		e = tok_end(q, end);
		if (*q == '[') {
			if ((b = memchr(q + 1, ']', (size_t)(e - q - 1))) ==
			    NULL || b == q + 1)
				return NULL;
			ip = q + 1;
			ie = b;
			/* "[ip]:port" or, before ": text", "[ip]:" */
			b = port(b + 1, &prt);
			if (*b == ':' && b + 1 == e)
				b++;
			if (b != e)
				return NULL;
			b = ie;
		} else if (*q == '(' && helo == NULL && e - q >= 3 &&
		    e[-1] == ')') {
			helo = q + 1;
			he = e - 1;
		} else if (i == 0 && q[0] == 'U' && q[1] == '=' && e > q + 2) {
			id = q + 2;
			de = e;
			q = e;
			break;
		} else if (i == 0 && e > q && *q != '(') {
			name = q;
			ne = e;
		} else
			return NULL;
		q = e;
		if (ip == NULL && *q != ' ')
			return NULL;
		if (ip == NULL)
			q++;
	}
	if (ip == NULL && id == NULL)
		return NULL;
	/* Optional parts after the address; the token's end is looked for
	 * only when it is one (the next is often a long F=<sender>). */
	while (ip != NULL && *q == ' ') {
		if (EX_AFTER(q + 1, "I=") != NULL ||
		    EX_AFTER(q + 1, "Ci=") != NULL)
			q = tok_end(q + 1, end);
		else if (EX_AFTER(q + 1, "U=") != NULL && id == NULL) {
			id = q + 3;
			de = q = tok_end(q + 1, end);
		} else
			break;
	}
	if (name != NULL)
		*ne = '\0';
	if (helo != NULL)
		*he = '\0';
	if (ip != NULL)
		*ie = '\0';
	if (*q == ' ')
		q++;
	if (id != NULL)
		*de = '\0';
	p->name = name;
	p->helo = helo;
	p->ip = ip;
	p->iplen = ip != NULL ? (size_t)(ie - ip) : 0;
	p->port = prt;
	p->ident = id;
	return q;
}

char *
ex_quote_end(char *cmd, const char *end, const char *tail)
{
	char	*e, *best = NULL;

	for (e = cmd; (e = EX_FIND(e, end, "\" ", 0)) != NULL; e++)
		if ((e[2] == 'H' || e[2] == 'U' || e[2] == '[' ||
		    e[2] == '(') && (tail == NULL || strstr(e, tail) != NULL))
			best = e;
	return best;
}

int
ex_reply(char *s, int *code, char **enh, char **text)
{
	return lex_reply(s, code, enh, text);
}

char *
ex_angle(char *s, const char **addr)
{
	char	*e;

	if (*s != '<' || (e = strchr(s + 1, '>')) == NULL)
		return NULL;
	*e = '\0';
	*addr = e == s + 1 ? "<>" : s + 1;
	return e + 1;
}

/*
 * The verbs Exim's SMTP server knows (WELLKNOWN too); any other
 * is "UNKNOWN".  Not pf_command()'s list (what Postfix logs, any word
 * kept) nor failcount.c's (Postfix's counters): they differ on purpose.
 */
static const char *const verbs[] = {
	"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP",
	"QUIT", "VRFY", "EXPN", "ETRN", "ATRN", "AUTH", "STARTTLS", "HELP",
	"XCLIENT", "WELLKNOWN", NULL
};

/* ex_verb: upper case by hand (toupper() is a call a byte; the program
 * keeps the C locale), and the table's own string for a verb. */
const char *
ex_verb(const char *cmd)
{
	char	buf[EX_CMD_MAX];
	size_t	i;

	for (i = 0; i < EX_CMD_MAX - 1 && cmd[i] != '\0' && cmd[i] != ' ' &&
	    cmd[i] != ':' && cmd[i] != '"'; i++)
		buf[i] = (unsigned)cmd[i] - 'a' < 26 ? (char)(cmd[i] - 'a' +
		    'A') : cmd[i];
	buf[i] = '\0';
	for (i = 0; verbs[i] != NULL; i++)
		if (buf[0] == verbs[i][0] && strcmp(buf, verbs[i]) == 0)
			return verbs[i];
	return "UNKNOWN";
}

/*
 * ex_after_command - what Exim's smtp transport writes after "SMTP error
 * from remote mail server after " (transport smtp.c, the "smtp_command"
 * it was sending): "RCPT TO:<a>", "MAIL FROM:<a> SIZE=..", "end of data",
 * "pipelined ...", "initial connection", "EHLO name", "DATA", ...
 */
const char *
ex_after_command(char **sp)
{
	static const struct {
		const char	*text;
		const char	*cmd;
	} map[] = {
		{ "RCPT TO:", "RCPT" }, { "MAIL FROM:", "MAIL" },
		{ "end of data", "END-OF-MESSAGE" },
		{ "initial connection", "CONNECT" },
		{ "DATA", "DATA" }, { "EHLO", "EHLO" }, { "HELO", "HELO" },
		{ "LHLO", "LHLO" }, { "STARTTLS", "STARTTLS" },
		{ "AUTH", "AUTH" }, { "BDAT", "BDAT" },
		{ "sending data block", "DATA" }, { "QUIT", "QUIT" },
		{ "RSET", "RSET" },
	};
	char	*s = *sp, *e;
	size_t	 i, l;

	if (EX_AFTER(s, "pipelined ") != NULL)
		s += 10;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		l = strlen(map[i].text);
		if (strncmp(s, map[i].text, l) != 0)
			continue;
		s += l;
		/* An address may hold ": "; it ends at '>'. */
		if (*s == '<' && (e = strchr(s, '>')) != NULL)
			s = e + 1;
		if ((e = strstr(s, ": ")) == NULL)
			return NULL;
		*sp = e + 2;
		return map[i].cmd;
	}
	return NULL;
}
