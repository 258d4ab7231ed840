/*
 * transcript_line.c - what one line of an SMTP transcript is, from its
 * prefix: swaks, Python smtplib debug output, Sendmail ">>>"/"<<<",
 * Postfix "In:"/"Out:", "C:"/"S:" and their variants, and the chatter of
 * the Exim test harness, telnet and openssl s_client.  Sessions and the
 * dialogue itself are transcript.c's business.
 */
#include <string.h>

#include "transcript_int.h"

static int
starts(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

	return n >= l && memcmp(s, lit, l) == 0;
}

static void
set(struct tl *t, enum tl_kind kind, const char *s, size_t n,
    const char *style, enum tl_side side)
{
	t->kind = kind;
	t->s = s;
	t->n = n;
	t->style = style;
	t->side = side;
}

/* payload - what follows a prefix of p bytes (and one optional space). */
static void
payload(struct tl *t, const char *line, size_t len, size_t p)
{
	t->s = line + p;
	t->n = len - p;
}

/* swaks - its output prefixes (swaks(1), "--show-raw-text" off). */
static int
swaks(const char *line, size_t len, struct tl *t)
{
	static const char *const client[] = { " -> ", " ~> " };
	static const char *const server[] = {
		"<-  ", "<~  ", "<** ", "<~* ",
	};
	size_t	i;

	for (i = 0; i < sizeof(client) / sizeof(client[0]); i++)
		if (starts(line, len, client[i])) {
			set(t, TL_CLIENT, line + 4, len - 4, "swaks",
			    TL_SIDE_CLIENT);
			return 1;
		}
	for (i = 0; i < sizeof(server) / sizeof(server[0]); i++)
		if (starts(line, len, server[i])) {
			set(t, TL_SERVER, line + 4, len - 4, "swaks",
			    TL_SIDE_CLIENT);
			return 1;
		}
	if (starts(line, len, "=== Trying ")) {
		set(t, TL_OPEN, line, len, "swaks", TL_SIDE_CLIENT);
		t->peer = line + 11;
		for (t->peerlen = 0; 11 + t->peerlen < len &&
		    line[11 + t->peerlen] != ' ' &&
		    strncmp(line + 11 + t->peerlen, "...", 3) != 0;
		    t->peerlen++)
			;
		return 1;
	}
	if (starts(line, len, "=== Connection closed")) {
		set(t, TL_CLOSE, line, len, "swaks", TL_SIDE_CLIENT);
		return 1;
	}
	if (starts(line, len, "=== ") || starts(line, len, "*** ")) {
		set(t, TL_NOISE, line, len, "swaks", TL_SIDE_CLIENT);
		return 1;
	}
	return 0;
}

/* smtplib - Python's smtplib with set_debuglevel(1). */
static int
smtplib(const char *line, size_t len, struct tl *t)
{
	if (starts(line, len, "send: ")) {
		set(t, TL_CLIENT, line + 6, len - 6, "smtplib",
		    TL_SIDE_CLIENT);
		t->pyrepr = t->split = 1;
		return 1;
	}
	if (starts(line, len, "reply: retcode") ||
	    starts(line, len, "data: ")) {
		set(t, TL_NOISE, line, len, "smtplib", TL_SIDE_CLIENT);
		return 1;
	}
	if (starts(line, len, "reply: ")) {
		set(t, TL_SERVER, line + 7, len - 7, "smtplib",
		    TL_SIDE_CLIENT);
		t->pyrepr = 1;
		return 1;
	}
	if (starts(line, len, "connect: (") ||
	    starts(line, len, "connect: to (")) {
		set(t, TL_OPEN, line, len, "smtplib", TL_SIDE_CLIENT);
		return 1;
	}
	if (starts(line, len, "connect: ")) {
		/* "connect: b'GREETING'": the greeting, again. */
		set(t, TL_NOISE, line, len, "smtplib", TL_SIDE_CLIENT);
		return 1;
	}
	return 0;
}

/*
 * harness - the Exim test suite's own lines (client, server and -bh/-bs
 * styles; see test/README in Exim's source) and telnet/openssl chatter.
 */
static int
harness(const char *line, size_t len, struct tl *t)
{
	static const char *const exim_noise[] = {
		"Listening on port", "End of script", "*sleep",
		"Expected EOF read from client", "Transaction started in line",
		"Error detected in line", "******** SERVER", "****",
		"Comparison failed", "Expected: ", "Attempting to start TLS",
		"Succeeded in starting TLS", "Failed to start TLS",
	};
	static const char *const tool_noise[] = {
		"Escape character is", "read R BLOCK", "RENEGOTIATING",
		"read:errno=", "DONE", "depth=", "verify return:",
		"Connected to ",
	};
	size_t	i;

	if (starts(line, len, "Connecting to ") && len > 9 &&
	    memcmp(line + len - 9, "connected", 9) == 0) {
		set(t, TL_OPEN, line, len, "exim-test", TL_SIDE_SERVER);
		t->peer = line + 14;
		for (t->peerlen = 0; 14 + t->peerlen < len &&
		    line[14 + t->peerlen] != ' '; t->peerlen++)
			;
		return 1;
	}
	if (starts(line, len, "Connection request from [")) {
		/* The harness plays the server; Exim is the client. */
		set(t, TL_OPEN, line, len, "exim-test", TL_SIDE_CLIENT);
		return 1;
	}
	if (starts(line, len, "**** SMTP testing session")) {
		set(t, TL_OPEN, line, len, "exim-test", TL_SIDE_SERVER);
		return 1;
	}
	if (starts(line, len, "End of script")) {
		set(t, TL_CLOSE, line, len, "exim-test", TL_SIDE_UNKNOWN);
		return 1;
	}
	for (i = 0; i < sizeof(exim_noise) / sizeof(exim_noise[0]); i++)
		if (starts(line, len, exim_noise[i])) {
			set(t, TL_NOISE, line, len, "exim-test",
			    TL_SIDE_UNKNOWN);
			return 1;
		}
	if (starts(line, len, "Trying ") || starts(line, len, "CONNECTED(")) {
		set(t, TL_OPEN, line, len, "bare", TL_SIDE_CLIENT);
		if (line[0] == 'T') {
			t->peer = line + 7;
			for (t->peerlen = 0; 7 + t->peerlen < len &&
			    line[7 + t->peerlen] != ' ' &&
			    strncmp(line + 7 + t->peerlen, "...", 3) != 0;
			    t->peerlen++)
				;
		}
		return 1;
	}
	if (starts(line, len, "Connection closed by foreign host") ||
	    (len == 6 && memcmp(line, "closed", 6) == 0)) {
		set(t, TL_CLOSE, line, len, "bare", TL_SIDE_CLIENT);
		return 1;
	}
	for (i = 0; i < sizeof(tool_noise) / sizeof(tool_noise[0]); i++)
		if (starts(line, len, tool_noise[i])) {
			set(t, TL_NOISE, line, len, "bare", TL_SIDE_UNKNOWN);
			return 1;
		}
	return 0;
}

/*
 * The first bytes of every prefix tested below ('\t' and ' ' for the
 * indented ones).  Most lines of a log that is no transcript start with
 * none of them and are prose at once: the prober sees every line that
 * another parser did not use.  A new prefix must add its first byte.
 */
static const unsigned char first[256] = {
	['\t'] = 1, [' '] = 1, ['*'] = 1, ['+'] = 1, ['<'] = 1, ['='] = 1,
	['>'] = 1, ['?'] = 1, ['A'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
	['F'] = 1, ['I'] = 1, ['L'] = 1, ['O'] = 1, ['R'] = 1, ['S'] = 1,
	['T'] = 1, ['c'] = 1, ['d'] = 1, ['r'] = 1, ['s'] = 1, ['v'] = 1,
};

int
tl_classify(const char *line, size_t len, struct tl *t)
{
	size_t	i, ws;

	memset(t, 0, sizeof(*t));
	t->kind = TL_PROSE;
	t->s = line;
	t->n = len;
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	t->n = len;
	for (ws = 0; ws < len && (line[ws] == ' ' || line[ws] == '\t'); ws++)
		;
	if (ws == len) {
		t->kind = TL_BLANK;
		return 0;
	}
	if (!first[(unsigned char)line[0]])
		return 0;
	if (swaks(line, len, t) || smtplib(line, len, t))
		return 1;

	/* Sendmail's bounce transcripts; Exim's test client. */
	if (starts(line, len, ">>> ") || (len == 3 && !memcmp(line, ">>>", 3))) {
		set(t, TL_CLIENT, line + 3, len - 3, ">>>", TL_SIDE_UNKNOWN);
		payload(t, line, len, len > 3 ? 4 : 3);
		t->split = 1;
		return 1;
	}
	if (starts(line, len, "<<< ")) {
		set(t, TL_SERVER, line + 4, len - 4, ">>>", TL_SIDE_UNKNOWN);
		return 1;
	}
	if (starts(line, len, "??? ") || starts(line, len, "+++ ")) {
		set(t, TL_NOISE, line, len, "exim-test", TL_SIDE_SERVER);
		return 1;
	}
	if (harness(line, len, t))
		return 1;

	/* Prefixes that may be indented: "In:"/"Out:" (Postfix's
	 * transcripts), "C:"/"S:", "C>"/"S>" (RFC examples, MailKit). */
	{
		const char	*l = line + ws;
		size_t		 n = len - ws;

		if (starts(l, n, "In:") || starts(l, n, "Out:")) {
			i = l[0] == 'I' ? 3 : 4;
			set(t, l[0] == 'I' ? TL_CLIENT : TL_SERVER, NULL, 0,
			    "postfix-dsn", TL_SIDE_SERVER);
			while (i < n && l[i] == ' ')
				i++;
			payload(t, l, n, i);
			return 1;
		}
		if (n >= 2 && (l[0] == 'C' || l[0] == 'S') &&
		    (l[1] == ':' || l[1] == '>') && (n == 2 || l[2] == ' ')) {
			set(t, l[0] == 'C' ? TL_CLIENT : TL_SERVER, NULL, 0,
			    "c-s", TL_SIDE_UNKNOWN);
			payload(t, l, n, n > 2 ? 3 : 2);
			return 1;
		}
	}
	if ((line[0] == '<' || line[0] == '>') && (len == 1 || line[1] == ' ')) {
		set(t, line[0] == '<' ? TL_ANGLE_LT : TL_ANGLE_GT, NULL, 0,
		    "angle", TL_SIDE_UNKNOWN);
		payload(t, line, len, len > 1 ? 2 : 1);
		return 1;
	}
	return 0;
}
