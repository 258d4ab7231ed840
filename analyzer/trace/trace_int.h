/*
 * trace_int.h - the trace module's own types: the stories trace.c keeps
 * and trace_out.c writes.  Not for other modules (they see trace.h).
 */
#ifndef TRACE_INT_H
#define TRACE_INT_H

#include "trace.h"

/* What trace_out.c reads of the stories (trace.c keeps them). */
struct trace_step {
	unsigned long long	 seq;		/* read order */
	time_t			 when;
	int			 usec;
	const char		*file;		/* interned */
	unsigned long		 line;
	const char		*program;	/* interned, may be NULL */
	const struct trace_obj	*obj;
	enum ev_kind		 kind;
	enum ev_dir		 dir;
	int			 code;
	const char		*enhanced;	/* these point into the step */
	const char		*status;
	const char		*dsn;
	const char		*what;		/* one line, unescaped */
	const struct trace_step	*next;		/* of its object */
};

struct trace_obj {
	int			 is_msg;
	int			 matched;	/* one of its events matched */
	int			 open;
	int			 connected;	/* session: began with its connect */
	int			 closed_well;	/* disconnect / removed seen */
	int			 evicted;	/* closed by TRACE_MAX_OPEN */
	/* strings in the object's chunks */
	const char		*key;
	const char		*label;		/* queue id, or session key */
	const char		*sid;		/* session: "key@file:line" */
	const char		*from, *to, *message_id, *status;
	const char		*client_name, *client_ip, *helo;
	const char		*session_sid;	/* message: its inbound session */
	const char		*bounce_of;	/* message: a notification of */
	unsigned long		 deliveries;
	time_t			 first, last;
	unsigned long long	 first_seq;
	struct trace_step	*shead, *stail;	/* in read order */
	size_t			 nsteps;
	struct trace_chunk	*chunks;	/* memory of steps and strings */
	/* trace.c's links */
	struct trace_group	*group;
	struct trace_obj	*gnext;
	struct trace_obj	*lprev, *lnext;	/* LRU of open objects */
};

struct trace_fnd {
	struct finding		*f;		/* finding_dup() */
	struct trace_fnd	*next;
};

struct trace_group {
	struct trace_obj	*head, *tail;
	size_t			 nobj, nopen, nsteps;
	unsigned long		 hidden;	/* steps (and findings) beyond
						 * the cap */
	size_t			 nfindings;
	int			 matched;
	int			 embedded;	/* inside an object's block */
	struct trace_fnd	*fhead, *ftail;
	struct trace_group	*prev, *next;	/* all groups */
};

/* Steps and strings live in chunks of their object (trace_store.c). */
#define TRACE_CHUNK_FIRST	384
#define TRACE_CHUNK_MAX	8192
struct trace_chunk {
	struct trace_chunk	*next;
	size_t			 used, cap;
	int			 embedded;	/* inside the object's block */
	_Alignas(16) char	 data[];
};

/* trace_store.c */
void		*trace_chunk_alloc(struct trace_obj *, size_t n);
const char	*trace_cstr(struct trace_obj *, const char *s);
/* trace_set - *dst becomes a copy of s (when s is not NULL and differs);
 * trace_set_once - only while *dst is NULL. */
void		 trace_set(struct trace_obj *, const char **dst, const char *s);
void		 trace_set_once(struct trace_obj *, const char **dst,
		    const char *s);
/* trace_obj_free - the object and its chunks (not its group). */
void		 trace_obj_free(struct trace_obj *);
/* trace_step_add - a step of ev at the end of o's timeline, unless its
 * story is full (counted); file and program are interned. */
void		 trace_step_add(struct trace_obj *o, const struct smtp_event *ev,
		    unsigned long long seq, const char *file, const char *program);
/* trace_learn - what ev says about o (client, HELO, sender, status ...). */
void		 trace_learn(struct trace_obj *o, const struct smtp_event *ev);

/* trace_groups - the first group (walk ->next; keep those matched). */
const struct trace_group	*trace_groups(const struct trace *);
const struct trace_query	*trace_get_query(const struct trace *);
/* trace_evicted - objects closed early by TRACE_MAX_OPEN. */
unsigned long			 trace_evicted(const struct trace *);

/* trace_what - ev said in one line into buf (trace_what.c); its length. */
size_t	trace_what(const struct smtp_event *ev, char *buf, size_t size);

#endif /* TRACE_INT_H */
