/*
 * envelope.h - what a logging system wraps around a daemon's message: the
 * syslog header (RFC 3164 with or without <PRI>, RFC 3339, RFC 5424,
 * rsyslog with a year and milliseconds), journalctl's text and JSON
 * output, container logs (docker compose, docker json-file, Kubernetes
 * CRI) around any of those, and the bare "program[pid]: message".  One
 * line in, one record out: time, host, program, pid and the message,
 * whatever the wrapping.  Which daemon's parser reads the message is the
 * caller's business (parsers/route.c); nothing here knows a mail format.
 *
 * Times: an envelope with a full date and a zone (RFC 3339 with an
 * offset, RFC 5424, journalctl's short-full, short-unix and JSON, the
 * container runtimes' stamps) is taken as it is.  One without a year
 * (RFC 3164, journalctl's short and short-precise) gets its year from
 * the per-input state (syslog_ts.h); one without a zone is local time
 * (TZ).  A container's own stamp (docker json-file, CRI, compose -t)
 * stands for a wrapped line whose stamp lacks the year or the zone.
 *
 * The message text handed on has the shape of a classic syslog line
 * after its stamp, "HOST PROGRAM[PID]: MESSAGE" (or "PROGRAM[PID]:
 * MESSAGE" when there is no host), with the offsets of its parts: for a
 * classic line it is the line itself, for the others it is written into
 * the state's buffer (JSON strings decoded, NUL bytes made spaces).
 */
#ifndef ENVELOPE_H
#define ENVELOPE_H

#include <stddef.h>
#include <time.h>

#include "lex.h"

/* The envelopes, for messages and documentation; ENV_NONE: no envelope
 * (Exim's own log format, transcripts, other text). */
#define ENV_KINDS(X) \
	X(NONE, "none") \
	X(RFC3164, "rfc3164") \
	X(RFC3339, "rfc3339") \
	X(RFC5424, "rfc5424") \
	X(RSYSLOG_YEAR, "rsyslog-year") \
	X(SHORT_FULL, "journal-short-full") \
	X(SHORT_UNIX, "journal-short-unix") \
	X(JOURNAL_JSON, "journal-json") \
	X(BARE, "bare")

enum env_kind {
#define ENV_KIND_ENUM(k, name)	ENV_##k,
	ENV_KINDS(ENV_KIND_ENUM)
#undef ENV_KIND_ENUM
	ENV__COUNT
};

/* The container wrappings, around any of the above. */
enum env_wrap {
	ENV_WRAP_NONE,
	ENV_WRAP_COMPOSE,	/* "service  | ..." */
	ENV_WRAP_DOCKER_JSON,	/* {"log":"...\n","stream":...,"time":...} */
	ENV_WRAP_CRI		/* "TIME stdout F ..." */
};

/* What env_read made of a line. */
enum env_result {
	ENV_R_NONE,	/* no envelope: text is the line (or what a container
			 * wrapped), for the parsers of formats without one */
	ENV_R_OK,	/* an envelope: every field below is set */
	ENV_R_BAD,	/* an envelope, but broken (JSON that does not parse,
			 * no MESSAGE, an impossible date): why says how */
	ENV_R_HELD	/* a container's partial line, kept to be joined to
			 * the next ones: nothing to read yet */
};

struct env_rec {
	enum env_kind	 kind;
	enum env_wrap	 wrap;
	time_t		 when;		/* 0: the line has no time */
	int		 usec;
	int		 zoned;		/* the time came with date and zone */
	/*
	 * A text whose part from sp.hs on is "HOST PROGRAM[PID]: MESSAGE"
	 * (what comes before, a stamp, is not for the parsers),
	 * NUL-terminated at len, with no other NUL byte; sp has its parts
	 * (lex.h; sp.hs == sp.he when there is no host, sp.ps == sp.pe when
	 * there is no program, sp.pid -1 when there is no pid).  For
	 * ENV_R_NONE, the text to read (sp unset).
	 */
	const char	*text;
	size_t		 len;
	struct lex_span	 sp;
	unsigned	 lines;		/* physical lines it took: 1, more
					 * for joined partial lines */
	const char	*why;		/* ENV_R_BAD: static text */
};

struct env;

/*
 * env_new - the state of one input: year inference (year > 0: --year;
 * else from ref_time, the file's mtime, 0 meaning now) and the partial
 * lines of containers, which are joined up to maxline bytes (longer
 * joins are cut).  Free with env_free(); env_free(NULL) does nothing.
 */
struct env	*env_new(int year, time_t ref_time, size_t maxline);
void		 env_free(struct env *);

/*
 * env_read - read the envelope of line[0..len) (NUL-terminated at len, no
 * NUL byte before).  *rec's pointers are borrowed from line or from the
 * state, valid until the next env_read(), env_end() or env_free().  A
 * CR at the end of the line stays at the end of the text (parsers drop
 * it).
 */
enum env_result	 env_read(struct env *, const char *line, size_t len,
		    struct env_rec *rec);

/*
 * env_end - the end of the input: a partial line still held is read as
 * it is, into *rec and *r: 1; 0 when none is left.  Call until 0.
 */
int		 env_end(struct env *, struct env_rec *rec,
		    enum env_result *r);

/* env_year - the year of the last year-less stamp read, 0 before one. */
int		 env_year(const struct env *);

/*
 * env_journal_keys - the fields of a journal entry that the journal-json
 * envelope reads (for journalctl --output-fields), NULL-terminated; those
 * starting with "__" are ones journalctl always writes.
 */
extern const char *const env_journal_keys[];

/* env_kind_name - "rfc3164", "journal-json" ... */
const char	*env_kind_name(enum env_kind);

/*
 * env_program - the program of a record and its length (NULL, 0 when it
 * has none).
 */
const char	*env_program(const struct env_rec *, size_t *len);

#endif /* ENVELOPE_H */
