/*
 * pattern_int.h - shared between pattern.c (the detector: findings
 * gathered per key), pattern_burst.c (windows closed into bursts) and
 * pattern_advice.c (names, thresholds, advice).  Not for other modules.
 */
#ifndef PATTERN_INT_H
#define PATTERN_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/event.h"
#include "lib/msg.h"
#include "pattern.h"
#include "rule.h"

/* The causes of the taxonomy (rule.h), and the details of a probe. */
extern const char *const pat_causes[], *const pat_details[];
#define PAT_NCAUSES \
	(sizeof((const char *const []){ RULE_CAUSES }) / sizeof(const char *))

#define KEY_MAX		1040	/* longer keys are cut; a session id
				 * (session_find.c) is at most 1023 bytes */
#define CTX_SLOTS	64	/* sessions remembered for pipelining-abuse */

/* One finding as a pattern keeps it: 24 bytes. */
struct pev {
	int64_t		 when;		/* 0: no time */
	uint32_t	 file;		/* index in pat.files */
	uint32_t	 line;
	int32_t		 usec;
	uint16_t	 code;
	uint8_t		 cause;		/* index in causes + 1; 0: none */
	uint8_t		 detail;
};

struct pkey {
	enum pat_kind	 kind;
	enum ev_dir	 dir;
	const char	*key_kind;	/* static */
	char		*key;		/* shown: the end of hkey */
	char		*hkey;		/* in the table */
	struct pev	*ev;		/* the first PKEY_INLINE: pkey_inline */
	size_t		 n, cap;
	int		 sorted;
};

/* A key's allocation: the struct, room for its first PKEY_INLINE
 * findings, then hkey. */
#define PKEY_INLINE	4

static inline struct pev *
pkey_inline(struct pkey *k)
{
	return (struct pev *)(void *)(k + 1);
}

/* What one session has shown so far (pipelining-abuse). */
struct sctx {
	char		*id;		/* NULL: slot unused */
	size_t		 idcap;		/* bytes allocated at id */
	uint32_t	 hash;		/* htab_hashn(id) */
	unsigned	 ndata;		/* DATA/BDAT refusals */
};

struct pat {
	struct pat_config cfg;
	struct htab	*keys;
	size_t		 nkeys, nevents;
	char		**files;	/* interned source names */
	size_t		 nfiles, capfiles;
	struct htab	*fileidx;	/* name -> index + 1 */
	size_t		 lastfile;
	struct sctx	 ctx[CTX_SLOTS];
	size_t		 ctxnext, ctxlast;
	int		 lastcause;	/* cause_index() of the last finding */
	int		 pipecause;	/* that of "pipelining-violation" */
	time_t		 horizon;	/* no finding older is taken */
	unsigned long	 dropped, emitted, by[PAT__COUNT];
	int		 any;		/* a pattern is enabled */

	/* Collected by a pass, sorted, then emitted. */
	struct pattern	**out;
	size_t		 nout, capout;
};


static inline void
pat_pkey_free(void *v)
{
	struct pkey	*k = v;

	if (k->ev != pkey_inline(k))
		free(k->ev);
	free(k);
}

/* pat_put_uint - u in decimal at p; returns the end. */
static inline char *
pat_put_uint(char *p, unsigned long u)
{
	char	 tmp[24], *t = tmp + sizeof(tmp);

	do
		*--t = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	memcpy(p, t, (size_t)(tmp + sizeof(tmp) - t));
	return p + (tmp + sizeof(tmp) - t);
}

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
