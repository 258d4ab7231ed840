/*
 * pattern.h - session-level patterns: the findings of a scan grouped into
 * what no single reply shows (one client hitting the flagged codes again
 * and again, a spambot that ignores replies, HTTP or TLS sent to an SMTP
 * port, a submission client that never authenticates, VRFY/EXPN
 * harvesting, a storm of rejections at the greeting, one remote provider
 * refusing many of our messages).
 *
 * The detector is fed every finding (pat_feed) and emits pattern records
 * through a callback as their windows close: pat_advance(now) in a
 * follow mode, pat_flush() at the end of a scan.  Each pattern groups the
 * findings of one key (client IP, session, server host or relay domain)
 * into bursts: findings in time order at most WINDOW apart belong to one
 * burst, and a burst is reported when some WINDOW-long span of it holds
 * at least COUNT findings.  A burst closes when WINDOW passes without a
 * finding for its key.  Findings without a time (transcripts) form one
 * burst per key.  The result does not depend on the order findings come
 * in, only on the findings, so -j and a serial scan agree.
 *
 * Memory is bounded: at most max_keys keys and max_events stored findings;
 * what does not fit is counted (pat_summary), never silently lost.
 */
#ifndef PATTERN_H
#define PATTERN_H

#include <stddef.h>
#include <time.h>

#include "lib/event.h"
#include "finding.h"

enum pat_kind {
	PAT_REPEAT,		/* repeat-offender */
	PAT_PIPELINING,		/* pipelining-abuse */
	PAT_PROBE,		/* non-smtp-probe */
	PAT_SUBMISSION,		/* submission-misconfig */
	PAT_HARVEST,		/* vrfy-expn-harvest */
	PAT_GREETING,		/* greeting-storm */
	PAT_PROVIDER,		/* provider-rejects */
	PAT__COUNT
};

#define PAT_DEFAULT_MAX_KEYS	200000
#define PAT_DEFAULT_MAX_EVENTS	2000000
#define PAT_DEFAULT_MAX_REFS	20
#define PAT_MAX_CODES		8

struct pattern;

struct pat_threshold {
	int		 enabled;
	unsigned	 count;		/* findings in one window, >= 1 */
	long		 window;	/* seconds, >= 1 */
};

struct pat_config {
	struct pat_threshold th[PAT__COUNT];
	size_t		 max_keys;	/* 0: default */
	size_t		 max_events;	/* 0: default */
	size_t		 max_refs;	/* finding references per record */
	/* emit - called once per pattern, borrowed for the call; a
	 * non-zero return (write error) is handed back. */
	int		(*emit)(void *arg, const struct pattern *);
	void		*arg;
};

/* A pattern record, as the writers show it.  Every pointer is borrowed
 * for the emit() call (pat_dup() makes an owned copy). */
struct pattern {
	const char	*name;		/* "repeat-offender", stable */
	enum ev_dir	 dir;
	const char	*key_kind;	/* "client_ip", "session", "host",
					 * "relay_domain" */
	const char	*key;
	const char	*detail;	/* non-smtp-probe: "http", "tls",
					 * "binary"; else NULL */
	unsigned long	 count;		/* findings grouped */
	time_t		 first, last;	/* 0 when the findings had no time */
	int		 first_usec, last_usec;
	unsigned	 threshold;
	long		 window;	/* seconds */
	size_t		 ncodes;
	struct { int code; unsigned long count; } codes[PAT_MAX_CODES];

	/* Diagnosis: cause from the taxonomy (rule.h), advice per
	 * pattern and direction (pattern_advice.c). */
	const char	*cause;
	const char	*severity;
	const char	*title;
	const char	*who;
	const char	*meaning;
	const char	*when;
	const char	*fix;
	const char	*lang;		/* the language of title and advice:
					 * "en", or the catalogue's (msg.h) */

	/* References to the grouped findings, "file:line" of the log line
	 * each came from, in time order: the first nrefs, refs_more more. */
	size_t		 nrefs;
	const char *const *refs;
	unsigned long	 refs_more;
};

/* pat_name - the stable name of a kind; pat_kind_find - the kind named
 * name, or -1. */
const char	*pat_name(enum pat_kind);
int		 pat_kind_find(const char *name);

/* pat_config_init - every pattern on, with its documented threshold. */
void		 pat_config_init(struct pat_config *);

/*
 * pat_config_set - apply "NAME=COUNT[/WINDOW]", "NAME=off" or "NAME=on"
 * (NAME may be "all" for off/on); pat_config_window - set the window of
 * every pattern.  WINDOW is seconds or a number with s, m, h or d.  Both
 * return 0, or -1 with a message in err.
 */
int		 pat_config_set(struct pat_config *, const char *spec,
		    char *err, size_t errlen);
int		 pat_config_window(struct pat_config *, const char *dur,
		    char *err, size_t errlen);

/* pat_duration - "90", "90s", "10m", "2h", "1d" in seconds (1 to 366
 * days), or -1. */
long		 pat_duration(const char *);

struct pat;

/* pat_new - config is copied; pat_free(NULL) does nothing. */
struct pat	*pat_new(const struct pat_config *);
void		 pat_free(struct pat *);

/* pat_feed - one finding (borrowed for the call; what is kept is
 * copied).  Never emits; 0. */
int		 pat_feed(struct pat *, const struct finding *);

/*
 * pat_advance - the caller promises that no later finding is older than
 * now: emit the bursts that closed before it and forget what can no
 * longer be part of one.  A finding that breaks the promise is counted as
 * late and not used.  Returns 0, or -1 when emit() failed.
 */
int		 pat_advance(struct pat *, time_t now);

/* pat_flush - end of input: emit every burst that qualifies, in a fixed
 * order (first seen, name, key); 0, or -1 when emit() failed. */
int		 pat_flush(struct pat *);

/* pat_summary - patterns emitted, by name, and findings not examined
 * (bounds, late) into *s. */
void		 pat_summary(const struct pat *, struct summary *);

/* pat_dup - an owned deep copy in one block; free it with free(). */
struct pattern	*pat_dup(const struct pattern *);

#endif /* PATTERN_H */
