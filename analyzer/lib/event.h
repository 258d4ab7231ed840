/*
 * event.h - the normalized SMTP event: the ONLY type parsers and the core share.
 *
 * A parser turns log lines into a stream of struct smtp_event; the session
 * builder, rule engine and writers see nothing else.  Nothing after a parser
 * may know which log format an event came from.
 *
 * Ownership: every pointer in an event is borrowed from the parser that made
 * it and stays valid until that parser's next push() or next() call.  Whoever
 * keeps a field copies it.  Absent string fields are NULL, never "".
 * A new string field must also be added to str_off[] in scan/scan_queue.c, which
 * copies every string of an event for the pipelined scan.
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

	/* Origin: input name as the user gave it, 1-based line number. */
	const char	*file;
	unsigned long	 line;

	/* Syslog-style source of the line. */
	const char	*host;		/* "mx1" */
	const char	*program;	/* "postfix/smtpd", "postfix-out/smtp" */
	long		 pid;		/* -1 when absent */

	/*
	 * Keys built by the parser.  session_key identifies one connection
	 * handler ("mx1/postfix/smtpd[4821]"): a connect on a key that is
	 * already open starts a new session.  message_key identifies one
	 * queued message uniquely across the input ("mx1/postfix/ABC123");
	 * queue_id is its display form.
	 */
	const char	*session_key;
	const char	*message_key;
	const char	*queue_id;

	/* The SMTP client (inbound). */
	const char	*client_name;	/* "unknown" when no reverse DNS */
	const char	*client_ip;
	int		 client_port;	/* 0 when absent */

	/* The remote SMTP server (outbound): "mx.example.com", IP, port. */
	const char	*relay_name;
	const char	*relay_ip;
	int		 relay_port;

	/* The command a reply answers, or the command sent, upper case:
	 * "CONNECT", "EHLO", "MAIL", "RCPT", "DATA", "END-OF-MESSAGE", "AUTH",
	 * "STARTTLS", "VRFY", "UNKNOWN" ... */
	const char	*command;
	const char	*arg;		/* command argument, HELO name */
	size_t		 cmd_len;	/* EV_COMMAND, and EV_REPLY for the
					 * command it answers: length of the
					 * command line as sent, without CRLF;
					 * 0 when unknown */

	/* The reply.  code 0 with code_src EV_CODE_NONE when unknown. */
	int		 code;
	enum ev_code_src code_src;
	int		 text_truncated;	/* 1: text was cut at the
						 * parser's bound */
	const char	*enhanced;	/* "5.7.1" */
	const char	*text;		/* reply text after code and enhanced */
	const char	*why;		/* for EV_CODE_INFERRED: the reasoning */

	/* Envelope and message. */
	const char	*from;
	const char	*to;
	const char	*orig_to;
	const char	*helo;
	const char	*proto;		/* "ESMTP", "SMTP" */
	const char	*message_id;
	const char	*related_id;	/* EV_BOUNCE: queue id of the notice */
	const char	*related_key;	/* EV_BOUNCE: its message key */

	/* EV_DELIVERY. */
	const char	*status;	/* "sent", "deferred", "bounced", ... */
	const char	*dsn;		/* "5.7.1" as logged in dsn= */

	/* EV_NOTE, EV_DISCONNECT: what happened ("lost connection after
	 * RCPT", "too many errors after DATA"). */
	const char	*note;

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

	/* EV_DISCONNECT: Postfix's per-command counters, if logged. */
	int		 ncounters;
	struct ev_counter counters[EV_MAX_COUNTERS];
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
