/*
 * smtpstate.h - the RFC 5321 state of one SMTP session, rebuilt from its
 * dialogue events (greeting, commands, replies), and for each failing
 * reply a sentence saying what the dialogue shows about it: the step
 * missing or out of order (503), what was advertised and used (530),
 * what EHLO advertised (502), the command's length against the 512-octet
 * limit (500), the stage (554).  Format-blind: it sees events only.
 */
#ifndef SMTPSTATE_H
#define SMTPSTATE_H

#include "lib/event.h"

struct smst;

/* smst_new - a session before its greeting; connected: its start (the
 * connection) was seen, so nothing before is missing.  smst_free(NULL)
 * does nothing. */
struct smst	*smst_new(int connected);
/* smst_size - the bytes smst_new allocates, for memory accounting. */
size_t		 smst_size(void);
void		 smst_free(struct smst *);

/*
 * smst_feed - one event of the session: EV_GREETING, EV_COMMAND and
 * EV_REPLY move the state (others are ignored).  For a reply with a code
 * from 400 to 599 it returns the explanation, judged on the state before
 * the reply, valid until the next call; otherwise NULL.
 */
const char	*smst_feed(struct smst *, const struct smtp_event *);

#endif /* SMTPSTATE_H */
