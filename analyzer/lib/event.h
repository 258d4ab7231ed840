/*
 * event.h - the normalized SMTP event: the ONLY type parsers and the core share.
 *
 * A parser turns log lines into a stream of struct smtp_event; the session
 * builder, rule engine and writers see nothing else.  Nothing after a parser
 * may know which log format an event came from.
 *
 * Ownership: every pointer in an event is borrowed from whoever handed it
 * out.  From a parser (parser.h) it stays valid until that parser's next
 * push() or next() call; from a pipelined scan's queue (scan_queue.h), where
 * the strings are the queue's copies, until the consumer's next
 * scan_queue_next().  Whoever keeps a field copies it.  Absent string fields
 * are NULL, never "".
 * The string fields are listed once, in EV_STRINGS below.
 */
#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>
#include <time.h>

enum ev_kind {
	EV_CONNECT,	/* a client connected (inbound) */
	EV_GREETING,	/* the server's first reply (220, or 554 at connect) */
	EV_HELO,	/* HELO/EHLO seen; arg = the name given */
	EV_COMMAND,	/* a client command as sent (verbose logs, transcripts) */
	EV_REPLY,	/* a server reply to .command (verbose logs, transcripts) */
	EV_REJECT,	/* the server logged that it rejected .command */
	EV_NOTE,	/* protocol incident without a reply code: .note says
			 * which ("lost connection", "improper pipelining",
			 * "too many errors", "non-SMTP command", ...) */
	EV_MSG_QUEUED,	/* a message got a queue id (client=, pickup, ...) */
	EV_MSG_INFO,	/* more about a queued message: from, size, message-id */
	EV_DELIVERY,	/* a delivery attempt: relay, status, dsn, remote reply */
	EV_BOUNCE,	/* a notification for .queue_id was queued as .related_id */
	EV_MSG_REMOVED,	/* the message left the queue */
	EV_DISCONNECT,	/* the client went away; counters when logged */
	EV_LOG,		/* a daemon's own warning, error, fatal or panic line:
			 * .note is the level ("warning", "error", "fatal",
			 * "panic"), .text the rest */
	EV__COUNT
};

/*
 * Direction of a reply.  Inbound: this server answered a client.  Outbound:
 * a remote server answered this server (delivery attempts).
 */
enum ev_dir {
	EV_DIR_NONE,
	EV_DIR_IN,
	EV_DIR_OUT
};

/* Where a reply code comes from. */
enum ev_code_src {
	EV_CODE_NONE,		/* no code known */
	EV_CODE_LOGGED,		/* the code is written in the log line */
	EV_CODE_INFERRED	/* implied by the server's behaviour; see .why */
};

/*
 * One SMTP command counter of a disconnect line, as Postfix logs them:
 * "rcpt=0/1" is ok=0, total=1.  When every attempt succeeded Postfix writes
 * "rcpt=1", which is ok=total=1.  A failed attempt that no other line logged
 * is an inferred failure: implied_code is the reply the server sends for it
 * when that reply is fixed by the server's source (0 when it varies), with
 * implied_enhanced/implied_text and why saying so.
 */
#define EV_MAX_COUNTERS	24
struct ev_counter {
	char		 name[16];	/* lower case: "rcpt", "unknown" */
	int		 ok;
	int		 total;
	int		 implied_code;
	const char	*implied_enhanced;	/* static strings */
	const char	*implied_text;
	const char	*why;
};

/*
 * The string fields of an event, listed once: the struct below declares
 * them from this list, and every place that walks them (the pipelined
 * scan's copy, the parsers' "" -> NULL normalisation, the tests) expands
 * it, so a new string field is added here and nowhere else.
 */
#define EV_STRINGS(X) \
	/* Origin: the input name as the user gave it. */ \
	X(file) \
	/* Syslog-style source of the line: "mx1", "postfix/smtpd". */ \
	X(host) \
	X(program) \
	/* \
	 * Keys built by the parser.  session_key identifies one connection \
	 * handler ("mx1/postfix/smtpd[4821]"): a connect on a key that is \
	 * already open starts a new session.  message_key identifies one \
	 * queued message uniquely across the input ("mx1/postfix/ABC123"); \
	 * queue_id is its display form. \
	 */ \
	X(session_key) \
	X(message_key) \
	X(queue_id) \
	/* The SMTP client (inbound): name ("unknown" when no reverse \
	 * DNS) and address. */ \
	X(client_name) \
	X(client_ip) \
	/* The remote SMTP server (outbound): "mx.example.com", IP. */ \
	X(relay_name) \
	X(relay_ip) \
	/* The command a reply answers, or the command sent, upper case: \
	 * "CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-MESSAGE", \
	 * "AUTH", "STARTTLS", "VRFY", "UNKNOWN" ...; its argument (the \
	 * HELO name ...). */ \
	X(command) \
	X(arg) \
	/* The reply: enhanced code "5.7.1", text after code and enhanced \
	 * code; for EV_CODE_INFERRED, the reasoning. */ \
	X(enhanced) \
	X(text) \
	X(why) \
	/* Envelope and message. */ \
	X(from) \
	X(to) \
	X(orig_to) \
	X(helo) \
	X(proto)		/* "ESMTP", "SMTP" */ \
	X(message_id) \
	X(related_id)		/* EV_BOUNCE: queue id of the notice */ \
	X(related_key)		/* EV_BOUNCE: its message key */ \
	/* EV_DELIVERY: "sent", "deferred", "bounced" ...; dsn= as logged. */ \
	X(status) \
	X(dsn) \
	/* EV_NOTE, EV_DISCONNECT: what happened ("lost connection after \
	 * RCPT", "too many errors after DATA"). */ \
	X(note)

/*
 * Event flags.  FORWARDED: a "sent" delivery that handed the message on
 * as a new message (Postfix local(8) "forwarded as QID"); ADDED: a
 * delivery to one more address of the same message and destination
 * (Exim "->").  HOLD, DISCARD, WARN: an EV_NOTE of a policy action that
 * put the message on hold, discarded it, or only logged what a reject
 * would have done (Postfix reject_warning, header/body_checks WARN).
 * PROTOCOL: an EV_REJECT that answers a command's syntax or sequence
 * error (Exim's "SMTP syntax error", "SMTP protocol error"), not a
 * refusal of a client, sender, recipient or message.
 */
#define EV_F_DELAY	0x01u
#define EV_F_FORWARDED	0x02u
#define EV_F_ADDED	0x04u
#define EV_F_HOLD	0x08u
#define EV_F_DISCARD	0x10u
#define EV_F_WARN	0x20u
#define EV_F_PROTOCOL	0x40u

struct smtp_event {
	enum ev_kind	 kind;
	enum ev_dir	 dir;

	/* Time as seconds since the epoch (UTC); 0 when the line had none. */
	time_t		 when;
	int		 usec;

	/* 1-based line number in the input (file is a string field). */
	unsigned long	 line;

	long		 pid;		/* -1 when absent */
	int		 client_port;	/* 0 when absent */
	int		 relay_port;

	size_t		 cmd_len;	/* EV_COMMAND, and EV_REPLY for the
					 * command it answers: length of the
					 * command line as sent, without CRLF;
					 * 0 when unknown */

	/* The reply.  code 0 with code_src EV_CODE_NONE when unknown. */
	int		 code;
	enum ev_code_src code_src;
	int		 text_truncated;	/* 1: text was cut at the
						 * parser's bound */

	/* Every string field: see EV_STRINGS. */
#define EV_STRING_MEMBER(name)	const char *name;
	EV_STRINGS(EV_STRING_MEMBER)
#undef EV_STRING_MEMBER

	/*
	 * Traffic facts (core/traffic.c), 0 when the line does not give
	 * them.  size: EV_MSG_INFO, the message's size in bytes (Postfix
	 * qmgr "size=", Exim "<= ... S="); nrcpt: its recipients (qmgr
	 * "nrcpt=").  delay_ms: EV_DELIVERY, from the message's arrival to
	 * the end of this attempt (Postfix "delay=", Exim "QT="), valid
	 * with EV_F_DELAY.
	 */
	unsigned long long size;
	unsigned	 nrcpt;
	long		 delay_ms;
	unsigned	 flags;		/* EV_F_* */

	/*
	 * EV_DISCONNECT: Postfix's per-command counters, if logged; borrowed
	 * like the strings (NULL when ncounters is 0).
	 */
	int		 ncounters;
	const struct ev_counter *counters;
};

/* ev_kind_name - stable lower-case name of a kind ("reject"). */
const char	*ev_kind_name(enum ev_kind);

/* ev_dir_name - "inbound", "outbound" or NULL for EV_DIR_NONE. */
const char	*ev_dir_name(enum ev_dir);

/* ev_code_src_name - "logged", "inferred" or NULL. */
const char	*ev_code_src_name(enum ev_code_src);

/* ev_clear - reset an event to all-absent (pid -1, NULL strings). */
void		 ev_clear(struct smtp_event *);

#endif /* EVENT_H */
