/*
 * envelope_int.h - private to the envelope reader (envelope*.c): its
 * state, and what envelope.c (syslog headers, journalctl text),
 * envelope_wrap.c (containers, journald JSON) and envelope_json.c (the
 * JSON scanner) call in each other.  Nothing else includes this.
 */
#ifndef ENVELOPE_INT_H
#define ENVELOPE_INT_H

#include <stddef.h>
#include <time.h>

#include "envelope.h"
#include "syslog_ts.h"

#define ENV_ISDIGIT(c)	((unsigned)(c) - '0' < 10)

/* A growable buffer of the state. */
struct env_buf {
	char		*b;
	size_t		 cap;
};

/* A container's partial line (CRI "P", docker json-file without "\n"),
 * waiting for the rest; one per stream, stdout and stderr. */
struct env_part {
	enum env_wrap	 wrap;		/* whose part it is */
	struct env_buf	 buf;
	size_t		 len;
	unsigned	 lines;		/* 0: none held */
};

struct env_ctime;

struct env {
	struct ts_state	*ts;
	size_t		 maxline;
	struct env_buf	 text;		/* a record's text, when written */
	struct env_buf	 json;		/* decoded JSON values */
	struct env_part	 part[2];
	/* The last zone abbreviation read (short-full) and its reading. */
	char		 zone[8];
	size_t		 zonelen;
	int		 zonekind, zoneoff;
	/* env_inner, for envelope_wrap.c to read a container's line again
	 * without calling back into envelope.c (set by env_new). */
	enum env_result	(*inner)(struct env *, const char *, size_t,
			    const struct env_ctime *, struct env_rec *);
};

/* A container's stamp for the line it wraps (ctime->when 0: none). */
struct env_ctime {
	time_t		 when;
	int		 usec;
};

/* env_name_char - the bytes of a syslog tag (non-zero) and of a compose
 * service's name (1). */
extern const unsigned char env_name_char[256];

/* env_buf_get - b holding at least n bytes (content not kept). */
char		*env_buf_get(struct env_buf *b, size_t n);

/*
 * env_inner - the syslog envelope of line[0..len) (no container around
 * it), into *rec; a container's stamp stands in for a stamp without year
 * or zone when ct->when is set.  Returns as env_read().
 */
enum env_result	 env_inner(struct env *, const char *line, size_t len,
		    const struct env_ctime *ct, struct env_rec *rec);

/*
 * env_write - the record's text written as "HOST PROGRAM[PID]: MESSAGE"
 * into e->text, from parts that may be absent (NULL or empty host and
 * program; pid -1); sets rec->text, len and sp.
 */
void		 env_write(struct env *, struct env_rec *rec,
		    const char *host, size_t hostlen, const char *prog,
		    size_t proglen, long pid, const char *msg, size_t msglen);

/* env_pid - digits s[0..n) as a pid (at most 10 digits), else -1. */
long		 env_pid(const char *s, size_t n);

/* envelope_wrap.c: lines that start with '{' (journald JSON, docker
 * json-file), CRI and compose lines; -1 when the line is not one. */
enum env_result	 env_json_line(struct env *, const char *line, size_t len,
		    struct env_rec *rec);
int		 env_cri(struct env *, const char *line, size_t len,
		    struct env_rec *rec, enum env_result *r);
int		 env_compose(struct env *, const char *line, size_t len,
		    struct env_rec *rec, enum env_result *r);

/*
 * envelope_json.c - the values of some keys of a flat JSON object.
 * env_json_get() fills v[i] for keys[i] (decoded: JSON escapes undone,
 * an array of byte values as those bytes, a number as its text; NUL
 * bytes made spaces) into out, which must hold len + nkeys bytes.
 * A value of another type (object, array of strings ...) is left unset.
 * Returns 0, or -1 when s is no JSON object (*why says what is wrong).
 * A small scanner reads the common shape; what it cannot read (a key
 * twice, escapes in keys, arrays of strings) goes to jansson.
 */
struct env_jval {
	char		*s;		/* NULL: absent */
	size_t		 n;
};

int		 env_json_get(const char *s, size_t len,
		    const char *const *keys, size_t nkeys, struct env_jval *v,
		    char *out, const char **why);

#endif /* ENVELOPE_INT_H */
