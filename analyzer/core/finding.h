/*
 * finding.h - what smtplog reports: one failing reply (logged or inferred)
 * with its context and the rule that explains it, and the scan summary.
 * Built by the session builder, read by the writers.  Plain visible data;
 * all pointers are borrowed for the duration of the writer call.
 */
#ifndef FINDING_H
#define FINDING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/event.h"
#include "rule.h"

struct traffic_report;

/*
 * FINDING_STRINGS(X, S) - every string field of struct finding, once, in
 * one order: X(name) for those a copy of the finding owns (finding_dup,
 * finding_size), S(name) for event, which points at a constant string
 * (ev_kind_name).  Whatever copies or spools a finding expands this list
 * (finding.c, scan/scan_jobs.c); a new string field goes here.
 */
#define FINDING_STRINGS(X, S) \
	X(host) X(program) X(enhanced) X(text) X(command) X(why) \
	X(explanation) S(event) X(session_id) X(client_name) X(client_ip) \
	X(helo) X(relay_name) X(relay_ip) X(queue_id) X(from) X(to) \
	X(message_id) X(bounce_of) X(file) X(arg)

struct finding {
	/* A stable id (finding_id): the same finding of the same input has
	 * the same id in every run, on every machine, so that the findings
	 * of a retried task can be told from new ones.  0: none. */
	uint64_t	 id;
	time_t		 when;		/* 0 when unknown */
	int		 usec;
	const char	*host;
	const char	*program;

	/* The reply. */
	int		 code;
	enum ev_code_src code_src;
	const char	*enhanced;
	const char	*text;
	int		 text_truncated;	/* text cut at the parser's bound */
	const char	*command;	/* the command it answers */
	const char	*why;		/* inferred: the reasoning */
	/* What the dialogue shows about this reply, when the session's
	 * commands and replies were seen (verbose logs, transcripts): the
	 * step missing or out of order, what EHLO advertised... NULL when
	 * the log holds no dialogue. */
	const char	*explanation;
	enum ev_dir	 dir;
	const char	*event;		/* ev_kind_name() of the source event */

	/* Diagnosis; rule NULL when no rule matched. */
	const struct rule_info *rule;

	/* The session it happened in (inbound), if known. */
	const char	*session_id;	/* stable: "<session_key>@<file>:<line>" */
	const char	*client_name;
	const char	*client_ip;
	int		 client_port;
	const char	*helo;
	time_t		 session_start;
	time_t		 session_end;	/* 0 when still open */
	int		 session_complete;	/* saw connect and disconnect */

	/* The remote server (outbound), if any. */
	const char	*relay_name;
	const char	*relay_ip;
	int		 relay_port;

	/* The message. */
	const char	*queue_id;
	const char	*from;
	const char	*to;
	const char	*message_id;
	const char	*bounce_of;	/* a notification: the queue id of the
					 * message it reports on */

	/* Source. */
	const char	*file;
	unsigned long	 line;

	/* The argument of the command the reply answered, or the whole
	 * line when the command was not recognized ("/ HTTP/1.1", "GET /
	 * HTTP/1.1"); NULL when the log does not show it, and never AUTH's.
	 * Used by the pattern detector (non-smtp-probe); not written by the
	 * writers. */
	const char	*arg;
};

/* Summary counters: every line read is accounted for. */
#define SUMMARY_ID_LEN	64	/* room for an input's content identity */

struct summary_input {
	const char	*name;
	const char	*label;		/* --label: where the input came from
					 * (a host, a task), or NULL */
	/* The content identity "SIZE-HEAD-TAIL": bytes of text read, and
	 * FNV-1a 64 of the first and of the last INPUT_ID_BYTES of them, in
	 * hex (input.h); "" when the input was not read. */
	char		 id[SUMMARY_ID_LEN];
	const char	*format;	/* parser used, or NULL */
	unsigned long	 lines;		/* lines read */
	unsigned long	 used;		/* lines understood by the parser */
	unsigned long	 ignored;	/* other programs, blank, noise */
	unsigned long	 unrecognized;	/* the parser's format, not understood */
	unsigned long	 truncated;	/* longer than the line bound */
	unsigned long	 nul_bytes;	/* lines that held NUL bytes */
	unsigned long	 invalid_utf8;	/* lines with invalid UTF-8 */
	unsigned long	 damaged;	/* lines from damaged gzip data */
	unsigned long long bytes;	/* uncompressed bytes read */
	int		 compressed;	/* gzip */
	const char	*error;		/* read/decompress error, or NULL */
	const char	*skipped;	/* not read: why ("duplicate of ..."),
					 * or NULL */
	/*
	 * For the scan's verdict on an input that gave almost nothing
	 * (not written to the JSON): lines a parser took as its format
	 * (used, or unrecognized by it), and a line that was not used
	 * (the first unrecognized one, else the first ignored one that is
	 * not blank) with its number and, for a broken envelope, what is
	 * wrong with it; NULL when none.
	 */
	unsigned long	 claimed;
	const char	*sample;
	unsigned long	 sample_line;
	const char	*sample_why;
};

#define SUMMARY_MAX_CODES	16
#define SUMMARY_MAX_UNMATCHED	10

struct summary_count {
	const char	*name;
	unsigned long	 count;
};

/* A reply text no text rule knew, as core/unmatched.h counts them. */
struct summary_unmatched {
	const char	*reply;		/* addresses, IPs, ids ... masked */
	const char	*rule;		/* the fallback that explained it, or
					 * NULL for none */
	int		 code;
	unsigned long	 count;
};

struct summary {
	size_t			 ninputs;
	const struct summary_input *inputs;

	/* totals over inputs */
	unsigned long		 lines, used, ignored, unrecognized;
	unsigned long		 truncated, nul_bytes, invalid_utf8;
	unsigned long		 damaged;
	unsigned long long	 bytes;
	unsigned long		 input_errors;

	unsigned long		 sessions;		/* all seen */
	unsigned long		 sessions_incomplete;	/* open at end */
	unsigned long		 sessions_evicted;	/* closed by a bound */
	unsigned long		 sessions_evicted_count;	/* of them, by
							 * --max-sessions (the
							 * rest, and messages,
							 * by the memory
							 * budget) */
	unsigned long		 messages;
	unsigned long		 messages_incomplete;
	unsigned long		 messages_evicted;
	unsigned long		 deliveries;
	unsigned long		 rejects;		/* any code */

	unsigned long		 findings;
	unsigned long		 findings_logged;
	unsigned long		 findings_inferred;
	unsigned long		 findings_inbound;
	unsigned long		 findings_outbound;
	/* failed commands known from counters, whose code the server's
	 * behaviour does not fix: not findings, counted here */
	unsigned long		 inferred_failures_without_code;
	/* inferred failures beyond SESS_MAX_INFERRED for one counter of one
	 * session (a forged or absurd counter): counted, not reported */
	unsigned long		 inferred_over_cap;
	/* findings whose reply text was cut at the parser's bound */
	unsigned long		 text_truncated;

	size_t			 ncodes;
	struct summary_count	 by_code[SUMMARY_MAX_CODES];	/* "554" */
	size_t			 ncauses;
	struct summary_count	 by_cause[32];

	/* archives: inputs not read (duplicates, outside the range), and
	 * findings left out by the range since <= when < until (0: none) */
	unsigned long		 inputs_skipped;
	unsigned long		 findings_out_of_range;
	/* SIGINT or SIGTERM stopped the scan before the end of its input:
	 * everything counts what was read until then. */
	int			 interrupted;
	time_t			 since, until;
	/* Session-level patterns (pattern.h): records written, by name
	 * (static names), and findings the detector did not use (its
	 * memory bounds, or late in a follow mode). */
	int			 patterns_enabled;
	unsigned long		 patterns;
	unsigned long		 patterns_dropped;
	size_t			 npatterns;
	struct summary_count	 by_pattern[16];
	/*
	 * Replies no text rule knew (core/unmatched.h): findings with a
	 * text that only a code fallback, or no rule, explained; the most
	 * frequent texts, masked, most first.  inexact: the counts are
	 * lower bounds (the bounded count dropped texts); more: other texts
	 * than those listed were seen.  counted 0: not counted (trace, a
	 * partial from before), written as null, never as none.
	 */
	int			 unmatched_counted;
	unsigned long		 unmatched_findings;
	int			 unmatched_inexact;
	int			 unmatched_more;
	size_t			 nunmatched;
	struct summary_unmatched unmatched[SUMMARY_MAX_UNMATCHED];
	/* The traffic report (core/traffic.h), borrowed; NULL: none. */
	const struct traffic_report *traffic;
};



/*
 * finding_dup - a deep copy of f whose strings live in one block; free it
 * with free().  The rule pointer is shared (rules outlive findings).
 */
struct finding	*finding_dup(const struct finding *f);

/* finding_dup_sized - finding_dup, with the bytes it allocates in *size
 * (finding_size of the copy, without counting its strings again). */
struct finding	*finding_dup_sized(const struct finding *f, size_t *size);

/* finding_size - the bytes finding_dup(f) allocates. */
size_t		 finding_size(const struct finding *f);

/*
 * finding_input_key - the part of finding ids that names their input:
 * FNV-1a 64 of the --label (NULL: none), the input's name and its first
 * line.  The first line (with its time and host, in a log) tells apart
 * inputs of one name (a rotated mail.log, the same path on two hosts)
 * and is known before any finding, unlike the hash of the input's last
 * text in its content identity.
 */
uint64_t	 finding_input_key(const char *label, const char *name,
		    const char *line, size_t len);

/*
 * finding_id - the id of the rank-th finding (0 first) with this code made
 * from the line-th line of the input of key.  Never 0.
 */
uint64_t	 finding_id(uint64_t key, unsigned long line, int code,
		    unsigned rank);

/* summary_add_input - add one input's line counts to the totals of s. */
void		 summary_add_input(struct summary *s,
		    const struct summary_input *in);

/* summary_count_add - add n to the entry named name of an array of cap
 * entries holding *len; new names are copied pointers (must be static or
 * outlive the summary).  Returns -1 when the array is full. */
int		 summary_count_add(struct summary_count *arr, size_t *len,
		    size_t cap, const char *name, unsigned long n);
#endif /* FINDING_H */
