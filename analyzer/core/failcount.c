/*
 * failcount.c - failed commands per counter name, for the session
 * builder's reconciliation with Postfix's disconnect counters.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "failcount.h"

#define CMD_MAX		16	/* a command is compared on 15 bytes */

/*
 * The counters failures are counted under: Postfix's names for them
 * (smtpd's disconnect line), and the commands as they are logged, upper
 * case, zero-padded to 8 bytes (none is longer) and a NUL: a command of
 * at most 8 bytes is one of them when its first 8 bytes, zero-padded,
 * are.  The parsers' lists of commands (pf_command(), ex_verb()) differ
 * on purpose: they name what each MTA logs, this one counters.
 */
static const struct {
	char		 upper[9];
	const char	*name;
} counters[] = {
	{ "HELO", "helo" }, { "EHLO", "ehlo" }, { "STARTTLS", "starttls" },
	{ "AUTH", "auth" }, { "MAIL", "mail" }, { "RCPT", "rcpt" },
	{ "DATA", "data" }, { "BDAT", "bdat" }, { "RSET", "rset" },
	{ "NOOP", "noop" }, { "VRFY", "vrfy" }, { "EXPN", "expn" },
	{ "ETRN", "etrn" }, { "QUIT", "quit" }, { "XCLIENT", "xclient" },
	{ "XFORWARD", "xforward" }, { "HELP", "help" }, { "TURN", "turn" },
	{ "ATRN", "atrn" }, { "CONNECT", "connect" },
	{ "UNKNOWN", "unknown" }
};
_Static_assert(sizeof(counters) / sizeof(counters[0]) == FC_NCOUNTERS,
    "FC_NCOUNTERS names");
#define COUNTER_DATA	6
#define COUNTER_UNKNOWN	20

/* counter_find - the index in counters[] of name, or -1. */
static int
counter_find(const char *name)
{
	size_t	i;

	for (i = 0; i < FC_NCOUNTERS; i++)
		if (counters[i].name[0] == name[0] &&
		    strcmp(counters[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* counter_of - the counter a command's failures are counted under: its
 * name in lower case (cut to 15 bytes), when known. */
static int
counter_of(const char *cmd)
{
	char		lower[CMD_MAX], b[8] = { 0 };
	uint64_t	w, u;
	size_t		i;
	int		c;

	if (cmd == NULL)
		return COUNTER_UNKNOWN;
	/* Commands come upper case: the table's names, as they are. */
	for (i = 0; i < sizeof(b) && cmd[i] != '\0'; i++)
		b[i] = cmd[i];
	if (cmd[i] == '\0') {
		memcpy(&w, b, sizeof(w));
		for (i = 0; i < FC_NCOUNTERS; i++) {
			memcpy(&u, counters[i].upper, sizeof(u));
			if (u == w)
				return (int)i;
		}
	} else if (strcmp(cmd, "END-OF-MESSAGE") == 0)
		return COUNTER_DATA;
	for (i = 0; i < CMD_MAX - 1 && cmd[i] != '\0'; i++)
		lower[i] = tolower((unsigned char)cmd[i]);
	lower[i] = '\0';
	return (c = counter_find(lower)) >= 0 ? c : COUNTER_UNKNOWN;
}

void
fc_init(struct failcount *fc)
{
	fc->nnames = 0;
}

void
fc_count(struct failcount *fc, const char *cmd)
{
	int	c = counter_of(cmd);

	if (fc->nnames == 0)
		memset(fc->n, 0, sizeof(fc->n));
	if (fc->n[c] == 0) {
		if (fc->nnames == FC_MAX_NAMES)
			return;
		fc->nnames++;
	}
	fc->n[c]++;
}

int
fc_logged(const struct failcount *fc, const char *name)
{
	int	c;

	if (fc->nnames == 0)
		return 0;
	return (c = counter_find(name)) >= 0 ? fc->n[c] : 0;
}
