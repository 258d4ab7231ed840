/*
 * failcount.h - a session's failed commands, counted under the names of
 * Postfix's disconnect counters ("rcpt", "unknown"), so that the builder
 * can tell which failures a counter shows that no line logged.  At most
 * FC_MAX_NAMES names are counted per session (a bound on forged logs);
 * failures under a further name are not counted.
 */
#ifndef FAILCOUNT_H
#define FAILCOUNT_H

#define FC_MAX_NAMES	16
#define FC_NCOUNTERS	21	/* the counter names known */

/* Visible so that a session can hold one; zeroed lazily: fc_init is all
 * a new one needs. */
struct failcount {
	int	nnames;			/* names counted so far */
	int	n[FC_NCOUNTERS];	/* valid once nnames > 0 */
};

/* fc_init - no failure counted. */
void	fc_init(struct failcount *);

/* fc_count - one failure of the command cmd (as logged, upper case
 * mostly; NULL: unknown): END-OF-MESSAGE counts as data, a command that
 * is not a counter's name as unknown. */
void	fc_count(struct failcount *, const char *cmd);

/* fc_logged - failures counted under the counter name (lower case, as
 * the disconnect line writes it); 0 for a name not known. */
int	fc_logged(const struct failcount *, const char *name);

#endif /* FAILCOUNT_H */
