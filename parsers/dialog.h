/*
 * dialog.h - the SMTP dialogue assembler shared by every parser that sees
 * both sides of a session (Postfix verbose logging, raw transcripts).
 *
 * The caller strips its own line prefix ("< client:", "C: ", " -> ", ...)
 * and hands each line to dlg_client() or dlg_server().  The assembler
 * joins multi-line replies (RFC 5321 4.2.1), skips message bodies (after a
 * 3yz reply to DATA, up to the lone "."; BDAT chunks by their size),
 * matches pipelined commands to replies in order, and replaces credentials
 * (the initial response of AUTH and every client line that answers a 334)
 * by DLG_REDACTED before anything leaves it.  Out come events: EV_COMMAND,
 * EV_HELO, EV_GREETING and EV_REPLY, whose .command is the command the
 * reply answers (with its .arg and .cmd_len).
 *
 * Ownership: the strings of events from dlg_next() belong to the dlg and
 * stay valid until dlg_release() or dlg_free(); nothing else frees them.
 * The dlg never prints and never fails (memory is bounded: queues and
 * texts are capped, the excess dropped).
 */
#ifndef DIALOG_H
#define DIALOG_H

#include <stddef.h>
#include <time.h>

#include "lib/event.h"

/* What replaces a credential, everywhere. */
#define DLG_REDACTED	"[redacted]"

/* The .note of an empty command line and of the reply to it (whose
 * .command is NULL, as for a reply to a command not shown). */
#define DLG_EMPTY_LINE	"empty command line"

/*
 * DLG_F_ALIGN - hold replies until the client speaks again (or the end),
 * then match them to the commands awaiting a reply from the end: surplus
 * replies answer commands the transcript does not show.  For excerpts
 * such as a bounce's ">>> DATA / <<< 550 / <<< 503", where the RCPT that
 * the 550 answers was pipelined but not quoted.  Without it, a reply
 * answers the oldest waiting command at once (logs, where order is sure).
 */
#define DLG_F_ALIGN	0x01

/* Where a line was: copied into the events made from it. */
struct dlg_pos {
	unsigned long	 line;
	time_t		 when;
	int		 usec;
};

/* What dlg_client() made of a line. */
enum dlg_client_kind {
	DLG_COMMAND,	/* a command (EV_COMMAND queued) */
	DLG_BODY,	/* message content or BDAT chunk: skipped */
	DLG_SECRET	/* AUTH data answering a 334: redacted, no event */
};

struct dlg;

/* dlg_new - flags are DLG_F_*; dlg_free(NULL) does nothing. */
struct dlg	*dlg_new(int flags);
void		 dlg_free(struct dlg *);

/* dlg_client - one line the client sent (without CRLF). */
enum dlg_client_kind dlg_client(struct dlg *, const char *line, size_t len,
		    const struct dlg_pos *);

/*
 * dlg_server - one line the server sent: "NNN text", "NNN-text" or "NNN".
 * Returns 0, or -1 (nothing done) when the line is no reply line.
 */
int		 dlg_server(struct dlg *, const char *line, size_t len,
		    const struct dlg_pos *);

/* dlg_flush - let out what is held: a multi-line reply whose last line
 * never came, and (DLG_F_ALIGN) replies waiting to be matched. */
void		 dlg_flush(struct dlg *);

/* dlg_reset - a new connection: dlg_flush(), then forget the dialogue
 * (events not yet taken stay queued). */
void		 dlg_reset(struct dlg *);

/* dlg_held - 1 when dlg_flush() would make an event. */
int		 dlg_held(const struct dlg *);

/*
 * dlg_idle - 1 when the dialogue has begun and no command waits for a
 * reply (so a new greeting means a new connection).
 */
int		 dlg_idle(const struct dlg *);

/* dlg_in_body - 1 while client lines are DATA content (a BDAT chunk,
 * sized, ends by its size or at the next server line). */
int		 dlg_in_body(const struct dlg *);

/*
 * dlg_next - the next event: sets kind, line, when, usec, command, arg,
 * cmd_len, helo, code, code_src, enhanced, text, text_truncated (a joined
 * reply text is kept up to 4,095 bytes) and note of *ev and leaves the
 * other fields as the caller set them.  1, or 0 when none is left.
 */
int		 dlg_next(struct dlg *, struct smtp_event *ev);

/* dlg_release - free the strings of the events taken so far. */
void		 dlg_release(struct dlg *);

/*
 * dlg_reply_line - whether s[0..len) is a reply line: a 3-digit code from
 * 2yz to 5yz followed by end, space or "-".  Sets *code and *more (1 for
 * "NNN-").  1 or 0.
 */
int		 dlg_reply_line(const char *s, size_t len, int *code,
		    int *more);

#endif /* DIALOG_H */
