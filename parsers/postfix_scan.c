/*
 * postfix_scan.c - scanning helpers shared by the Postfix handlers: queue
 * ids, "name[addr]:port", SMTP replies, the envelope tail of reject lines
 * and command names.  They cut the line copy in place and never read past
 * its terminating NUL; what they do not recognize they leave alone.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lex.h"
#include "postfix_int.h"

#define ISUPPER(c)	((unsigned)(c) - 'A' < 26)
#define ISLOWER(c)	((unsigned)(c) - 'a' < 26)

/*
 * Classes of queue id bytes: digits, the upper-case hex letters, other
 * letters, vowels (which long ids never hold) and 'z' (which they do).
 */
enum {
	QC_DIGIT = 1, QC_HEX = 2, QC_NONHEX = 4, QC_VOWEL = 8, QC_Z = 16
};
static const unsigned char qclass[256] = {
	['0'] = QC_DIGIT, ['1'] = QC_DIGIT, ['2'] = QC_DIGIT,
	['3'] = QC_DIGIT, ['4'] = QC_DIGIT, ['5'] = QC_DIGIT,
	['6'] = QC_DIGIT, ['7'] = QC_DIGIT, ['8'] = QC_DIGIT,
	['9'] = QC_DIGIT,
	['A'] = QC_HEX | QC_VOWEL, ['B'] = QC_HEX, ['C'] = QC_HEX,
	['D'] = QC_HEX, ['E'] = QC_HEX | QC_VOWEL, ['F'] = QC_HEX,
	['G'] = QC_NONHEX, ['H'] = QC_NONHEX, ['I'] = QC_NONHEX | QC_VOWEL,
	['J'] = QC_NONHEX, ['K'] = QC_NONHEX, ['L'] = QC_NONHEX,
	['M'] = QC_NONHEX, ['N'] = QC_NONHEX, ['O'] = QC_NONHEX | QC_VOWEL,
	['P'] = QC_NONHEX, ['Q'] = QC_NONHEX, ['R'] = QC_NONHEX,
	['S'] = QC_NONHEX, ['T'] = QC_NONHEX, ['U'] = QC_NONHEX | QC_VOWEL,
	['V'] = QC_NONHEX, ['W'] = QC_NONHEX, ['X'] = QC_NONHEX,
	['Y'] = QC_NONHEX, ['Z'] = QC_NONHEX,
	['a'] = QC_NONHEX | QC_VOWEL, ['b'] = QC_NONHEX, ['c'] = QC_NONHEX,
	['d'] = QC_NONHEX, ['e'] = QC_NONHEX | QC_VOWEL, ['f'] = QC_NONHEX,
	['g'] = QC_NONHEX, ['h'] = QC_NONHEX, ['i'] = QC_NONHEX | QC_VOWEL,
	['j'] = QC_NONHEX, ['k'] = QC_NONHEX, ['l'] = QC_NONHEX,
	['m'] = QC_NONHEX, ['n'] = QC_NONHEX, ['o'] = QC_NONHEX | QC_VOWEL,
	['p'] = QC_NONHEX, ['q'] = QC_NONHEX, ['r'] = QC_NONHEX,
	['s'] = QC_NONHEX, ['t'] = QC_NONHEX, ['u'] = QC_NONHEX | QC_VOWEL,
	['v'] = QC_NONHEX, ['w'] = QC_NONHEX, ['x'] = QC_NONHEX,
	['y'] = QC_NONHEX, ['z'] = QC_NONHEX | QC_Z,
};

/*
 * pf_qid_len - the length of a queue id at s that is followed by ": ", or
 * 0.  Short ids are upper-case hex; long ids (enable_long_queue_ids) use
 * digits and letters without vowels, with a 'z' between time and inode.
 * A short id within 16 bytes of the line is found by one SSE2 compare;
 * else one table lookup per byte, the classes of all bytes or'ed together.
 */
size_t
pf_qid_len(const struct pf *p, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n;
	unsigned		 c, seen = 0;
#ifdef __SSE2__
	__m128i			 v, d, h;
	unsigned		 colon, hex;

	/* A short id, all digits and A-F before its ':', in 16 bytes. */
	if (pf_room(p, s) >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)s);
		colon = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8(':')));
		d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
		h = _mm_sub_epi8(v, _mm_set1_epi8('A'));
		hex = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d),
		    _mm_cmpeq_epi8(_mm_min_epu8(h, _mm_set1_epi8(5)), h)));
		if (colon != 0) {
			n = (size_t)__builtin_ctz(colon);
			if (n >= 5 && (hex & ((1u << n) - 1)) == (1u << n) - 1)
				return s[n + 1] == ' ' ? n : 0;
		}
	}
#else
	(void)p;
#endif

	/* Four bytes a step, as lex_until(): the NUL (class 0) ends it. */
	for (n = 0;; n += 4) {
		if ((c = qclass[u[n]]) == 0)
			break;
		seen |= c;
		if ((c = qclass[u[n + 1]]) == 0) {
			n += 1;
			break;
		}
		seen |= c;
		if ((c = qclass[u[n + 2]]) == 0) {
			n += 2;
			break;
		}
		seen |= c;
		if ((c = qclass[u[n + 3]]) == 0) {
			n += 3;
			break;
		}
		seen |= c;
	}
	if (n > 24 || s[n] != ':' || s[n + 1] != ' ')
		return 0;
	if (!(seen & QC_NONHEX) && n >= 5 && n <= 24)
		return n;
	if (!(seen & QC_VOWEL) && (seen & QC_Z) && n >= 10 && n <= 24)
		return n;
	return 0;
}

/*
 * pf_client - "name[addr]", "name[addr]:port" or "[addr]:port" at s.
 * Terminates name and addr in place and returns what follows, or NULL
 * (leaving s alone) when s does not start that way.  *name is NULL when
 * the name part is empty; *port is 0 when absent.
 */
/* Where a client's name ends, and where its address ends. */
static const unsigned char name_end[256] = {
	['\0'] = 1, [' '] = 1, ['['] = 1,
};
static const unsigned char addr_end[256] = {
	['\0'] = 1, [' '] = 1, [']'] = 1,
};

char *
pf_client(const struct pf *p, char *s, char **name, char **ip, int *port)
{
	char	*b, *e, *q;
	long	 v = 0;

	b = s + lex_until16(s, pf_room(p, s), name_end, '\0', ' ', '[', '[');
	if (*b != '[')
		return NULL;
	e = b + 1 + lex_until16(b + 1, pf_room(p, b + 1), addr_end, '\0', ' ',
	    ']', ']');
	if (*e != ']' || e == b + 1)
		return NULL;
	q = e + 1;
	*port = 0;
	if (*q == ':' && PF_ISDIGIT(q[1])) {
		for (q++; PF_ISDIGIT(*q) && v < 100000; q++)
			v = v * 10 + (*q - '0');
		*port = v <= 65535 ? (int)v : 0;
	}
	*b = '\0';
	*e = '\0';
	*name = b == s ? NULL : s;
	*ip = b + 1;
	return q;
}

/* pf_enhanced_len, pf_reply - see lex.h; NULL for an empty text. */
size_t
pf_enhanced_len(const char *s)
{
	return lex_enhanced_len(s);
}

int
pf_reply(char *s, int *code, char **enh, char **text)
{
	return lex_reply(s, code, enh, text);
}

/* Envelope fields of reject lines, and whether they hold <address>. */
enum { ENV_FROM, ENV_TO, ENV_PROTO, ENV_HELO, ENV_SASL, ENV_NKEYS };
static const struct {
	const char	*key;
	size_t		 len;
	int		 angle;
} env_keys[ENV_NKEYS] = {
	{ "from=", 5, 1 }, { "to=", 3, 1 }, { "proto=", 6, 0 },
	{ "helo=", 5, 1 }, { "sasl_username=", 14, 1 },
};

/* env_key - which field name starts at p (by its first byte), or -1. */
static int
env_key(const char *p)
{
	int	k;

	switch (p[0]) {
	case 'f':
		k = ENV_FROM;
		break;
	case 't':
		k = ENV_TO;
		break;
	case 'p':
		k = ENV_PROTO;
		break;
	case 'h':
		k = ENV_HELO;
		break;
	case 's':
		k = ENV_SASL;
		break;
	default:
		return -1;
	}
	return strncmp(p, env_keys[k].key, env_keys[k].len) == 0 ? k : -1;
}

/* Where an address in <...> ends. */
static const unsigned char angle_end[256] = {
	['\0'] = 1, ['<'] = 1, ['>'] = 1,
};

/* Where tail() found the fields, to cut them out once it parsed. */
struct env_cut {
	char	*vals[ENV_NKEYS];
	char	*ends[ENV_NKEYS + 1];
	size_t	 nends;
	char	*trail;
};

/*
 * tail - parse an envelope tail at t (what follows the ';'): fields
 * separated by " " (smtpd, cleanup) or ", " (postscreen), each at most
 * once, to the end of the string or, with trailer, to ": text".  An
 * address holds no '<' or '>' but in a quoted local part; a HELO at the
 * end of the string holds anything but a space.  Writes nothing but c.  Returns 0 when the
 * whole tail parses.
 */
static int
tail(char *t, int trailer, struct env_cut *c)
{
	char	*p = t, *v, *end;
	int	 k, seen = 0;

	memset(c, 0, sizeof(*c));
	for (;;) {
		if (*p == '\0')
			break;
		if (trailer && seen != 0 && p[0] == ':' && p[1] == ' ') {
			c->ends[c->nends++] = p;
			c->trail = p + 2;
			break;
		}
		if (p[0] == ',' && p[1] == ' ' && seen != 0)
			p += 2;
		else if (p[0] == ' ')
			p++;
		else
			return -1;
		if ((k = env_key(p)) < 0 || (seen & (1 << k)))
			return -1;
		seen |= 1 << k;
		v = p + env_keys[k].len;
		if (env_keys[k].angle && *v == '<' && k == ENV_HELO &&
		    !trailer && (end = strrchr(v, '>')) != NULL &&
		    end[1] == '\0' && memchr(v, ' ', (size_t)(end - v)) ==
		    NULL) {
			/* The client's HELO, last: the whole rest of the line
			 * however it looks ("x>;from=<y>"), but a HELO has no
			 * space (smtpd answers 501 to one). */
			v++;
			p = end + 1;
		} else if (env_keys[k].angle) {
			if (*v++ != '<')
				return -1;
			/* A quoted local part may hold anything but '"'. */
			end = v;
			if (*end == '"' && (end = strchr(end + 1, '"')) == NULL)
				return -1;
			end += lex_until(end, angle_end);
			if (*end != '>')
				return -1;
			p = end + 1;
		} else {
			for (end = v; ISUPPER(*end) || ISLOWER(*end) ||
			    PF_ISDIGIT(*end); end++)
				;
			if (end == v)
				return -1;
			p = end;
		}
		if (*p != '\0' && *p != ' ' && *p != ',' && *p != ':')
			return -1;
		c->vals[k] = v;
		c->ends[c->nends++] = end;
	}
	return 0;
}

/* cut - cut the fields tail() found out of the line, into e. */
static void
cut(const struct env_cut *c, struct pf_env *e)
{
	size_t	k;

	for (k = 0; k < c->nends; k++)
		*c->ends[k] = '\0';
	/* The null sender stays visible as "<>"; see postfix.c. */
	e->from = c->vals[ENV_FROM] != NULL && *c->vals[ENV_FROM] == '\0' ?
	    "<>" : c->vals[ENV_FROM];
	e->to = pf_nul_if_empty(c->vals[ENV_TO]);
	e->proto = c->vals[ENV_PROTO];
	e->helo = pf_nul_if_empty(c->vals[ENV_HELO]);
	e->trailer = pf_nul_if_empty(c->trail);
}

/*
 * pf_envelope - find the envelope tail of a reject-style line: the last
 * ';' after which the rest parses as an envelope (the reply text itself
 * may hold ';').  Cuts the line there and fills e.  Returns the start of
 * the tail's ';' (now NUL), or NULL when there is no tail (e is zeroed).
 */
char *
pf_envelope(char *s, struct pf_env *e, int trailer)
{
	struct env_cut	 c;
	char		*q;
	int		 tries = 0;

	memset(e, 0, sizeof(*e));
	/* The last ';' by strrchr, the ones before it byte by byte. */
	for (q = strrchr(s, ';'); q != NULL && tries < 64; ) {
		tries++;
		if (tail(q + 1, trailer, &c) == 0) {
			cut(&c, e);
			*q = '\0';
			return q;
		}
		do
			if (q == s)
				return NULL;
		while (*--q != ';');
	}
	return NULL;
}

/*
 * A command name NUL-padded to PF_CMD_MAX bytes, compared as two words.
 * commands[] is the words Postfix logs upper case (its SMTP client's
 * LHLO and END-OF-MESSAGE too), kept as static strings; another word is
 * copied, not refused.  Not ex_verb()'s list (Exim's verbs, the others
 * "UNKNOWN") nor failcount.c's (Postfix's counters): they differ on
 * purpose.
 */
union pf_cmd {
	char		s[PF_CMD_MAX];
	uint64_t	w[PF_CMD_MAX / 8];
};

static const union pf_cmd commands[] = {
	{ "CONNECT" }, { "EHLO" }, { "HELO" }, { "LHLO" }, { "MAIL" },
	{ "RCPT" }, { "DATA" }, { "BDAT" }, { "END-OF-MESSAGE" }, { "AUTH" },
	{ "STARTTLS" }, { "VRFY" }, { "EXPN" }, { "ETRN" }, { "RSET" },
	{ "NOOP" }, { "QUIT" }, { "HELP" }, { "XCLIENT" }, { "XFORWARD" },
	{ "UNKNOWN" },
};

/*
 * pf_command - the upper-case form of a command word (to a NUL in it): a
 * static string for the known ones, else an arena copy cut to
 * PF_CMD_MAX - 1 bytes; NULL for an empty word.
 */
const char *
pf_command(struct pf *p, const char *s, size_t n)
{
	union pf_cmd	b = { { 0 } };
	size_t		i;

	if (n == 0)
		return NULL;
	if (n >= PF_CMD_MAX)
		n = PF_CMD_MAX - 1;
	for (i = 0; i < n && s[i] != '\0'; i++)
		b.s[i] = ISLOWER(s[i]) ? s[i] - 'a' + 'A' : s[i];
	for (n = 0; n < sizeof(commands) / sizeof(commands[0]); n++)
		if (b.w[0] == commands[n].w[0] && b.w[1] == commands[n].w[1])
			return commands[n].s;
	return pf_save(p, b.s, i);
}

/*
 * pf_reply_command - the command a remote reply answered, from the text of
 * smtp_proto.c's "(in reply to %s)": xfer_request[] ("RCPT TO command",
 * "end of DATA command", "RSET probe", ...) or the handshake commands.
 */
const char *
pf_reply_command(const char *s, size_t n)
{
	static const struct {
		const char	*text;
		const char	*cmd;
	} map[] = {
		{ "RCPT TO command", "RCPT" },
		{ "MAIL FROM command", "MAIL" },
		{ "end of DATA command", "END-OF-MESSAGE" },
		{ "DATA command", "DATA" },
		{ "EHLO command", "EHLO" },
		{ "HELO command", "HELO" },
		{ "LHLO command", "LHLO" },
		{ "STARTTLS command", "STARTTLS" },
		{ "AUTH command", "AUTH" },
		{ "BDAT command", "BDAT" },
		{ "QUIT command", "QUIT" },
		{ "RSET command", "RSET" },
		{ "final RSET command", "RSET" },
		{ "RSET probe", "RSET" },
		{ "XFORWARD name/address command", "XFORWARD" },
		{ "XFORWARD helo/protocol command", "XFORWARD" },
		{ "XCLIENT command", "XCLIENT" },
	};
	size_t	i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].text) == n && memcmp(s, map[i].text, n) == 0)
			return map[i].cmd;
	return NULL;
}

int
pf_set_reply(struct smtp_event *ev, char *s)
{
	char	*enh, *text;
	int	 code;

	if (pf_reply(s, &code, &enh, &text) == 0) {
		ev->code = code;
		ev->code_src = EV_CODE_LOGGED;
		ev->enhanced = enh;
		ev->text = text;
		return 0;
	}
	ev->text = pf_nul_if_empty(s);
	return -1;
}

/*
 * pf_action_flags - smtpd_check.c's HOLD, DISCARD and WARN results
 * (logged "hold", "discard", "reject_warning"), cleanup's header/body
 * checks of the same names ("warning" for WARN), and a milter's
 * ("milter-hold", "milter-discard").
 */
unsigned
pf_action_flags(const char *act)
{
	if (strncmp(act, "milter-", 7) == 0)
		act += 7;
	if (strcmp(act, "hold") == 0)
		return EV_F_HOLD;
	if (strcmp(act, "discard") == 0)
		return EV_F_DISCARD;
	if (strcmp(act, "reject_warning") == 0 || strcmp(act, "warning") == 0)
		return EV_F_WARN;
	return 0;
}

/*
 * pf_verb_from - "CMD from NAME[IP]:PORT: REPLY; from=<x> to=<y> ...", the
 * shape of smtpd's, cleanup's milter and postscreen's rejects and policy
 * actions: CMD cut at its end (its length in v->cmdlen), the client and
 * the envelope of the tail into *v; returns the reply (what is left
 * before the envelope), or NULL when rest is not of that shape.
 */
char *
pf_verb_from(const struct pf *p, char *rest, struct pf_verb *v)
{
	char	*sp, *c, *q;

	if ((sp = strchr(rest, ' ')) == NULL ||
	    (c = PF_AFTER(p, sp, " from ")) == NULL ||
	    (q = pf_client(p, c, &v->name, &v->ip, &v->port)) == NULL ||
	    q[0] != ':' || q[1] != ' ')
		return NULL;
	*sp = '\0';
	v->cmdlen = (size_t)(sp - rest);
	q += 2;
	pf_envelope(q, &v->env, 0);
	return q;
}
