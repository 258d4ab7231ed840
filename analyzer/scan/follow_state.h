/*
 * follow_state.h - the state file of a follower (scan -F --state FILE):
 * the position reached in the followed file (follow.h), saved atomically
 * as the lines are read and at the stop, and read at the next start so
 * that a restart neither reads a line twice nor skips one.
 *
 * The file is text, one "key value" per line, in this order:
 *
 *	smtplog-follow-state 1
 *	file /var/log/mail.log
 *	device 2049
 *	inode 1311
 *	offset 81920
 *	head 256 3a7f0c6d2e91b845
 *
 * (head: the length and FNV-1a 64 of the file's first bytes, in hex).
 */
#ifndef FOLLOW_STATE_H
#define FOLLOW_STATE_H

#include <stddef.h>

#include "follow.h"

/*
 * follow_state_load - read the position saved in state for the followed
 * file path: 1 with *pos set; 0 when state does not exist (a first
 * start); -1 when it cannot be read, is not a state file, or is for
 * another file, with the reason in err.
 */
int	follow_state_load(const char *state, const char *path,
	    struct follow_pos *pos, char *err, size_t errlen);

/* follow_state_save - write *pos for path into state (atomically, synced
 * to disk).  0, or -1 with errno kept. */
int	follow_state_save(const char *state, const char *path,
	    const struct follow_pos *pos);

#endif /* FOLLOW_STATE_H */
