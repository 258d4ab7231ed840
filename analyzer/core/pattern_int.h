/*
 * pattern_int.h - shared between pattern.c (the detector) and
 * pattern_advice.c (names, thresholds, advice).  Not for other modules.
 */
#ifndef PATTERN_INT_H
#define PATTERN_INT_H

#include "lib/event.h"
#include "lib/msg.h"
#include "pattern.h"

/* The advice of one pattern for one direction: static strings, and its
 * texts as messages of the catalogue (lib/msg_pat.h) to be translated.
 * cause NULL: the most frequent cause of the grouped findings. */
struct pat_advice {
	enum pat_kind	 kind;
	enum ev_dir	 dir;
	const char	*cause;
	const char	*who;
	const char	*severity;
	enum msg_id	 title;
	enum msg_id	 meaning;
	enum msg_id	 when;
	enum msg_id	 fix;
};

/* pat_advice_get - the advice for kind in direction dir, else the
 * kind's first entry. */
const struct pat_advice *pat_advice_get(enum pat_kind, enum ev_dir);

/* What a refused command line was, when not SMTP. */
enum { PAT_DET_NONE, PAT_DET_HTTP, PAT_DET_TLS, PAT_DET_BINARY,
    PAT_DET__COUNT };

/* pat_probe_kind - PAT_DET_* for a 500 or 502 finding (pattern_classify.c). */
int		 pat_probe_kind(const struct finding *);

/* pat_domain_of - the provider part of a host name into buf: the last two
 * labels, three under a country's second level ("example.co.uk"); an
 * address stays as it is. */
void		 pat_domain_of(const char *name, char *buf, size_t len);

/* pat_relay_key - the provider of an outbound finding in buf: the domain
 * of the relay's name, else of the recipient, else the relay's address;
 * NULL when none is known. */
const char	*pat_relay_key(const struct finding *, char *buf, size_t len);

#endif /* PATTERN_INT_H */
