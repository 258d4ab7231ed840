/*
 * postfix_int.h - private to the Postfix parser (postfix*.c): the parser
 * state, the per-line context, and the scanning helpers the daemon
 * handlers share.  Nothing outside parsers/postfix*.c includes this.
 *
 * Memory: each pushed line is copied into the plumb (parsers/plumb.h) and
 * cut into fields in place (NUL bytes written over separators); event
 * fields point into that copy.  Strings the line does not contain (keys,
 * upper-cased commands) go to the plumb's arena, reset on every push,
 * built from known lengths.  Both are sized once per line from the
 * (capped) line length, so no line allocates more than a bounded amount,
 * and every event field stays valid until the next push().
 */
#ifndef POSTFIX_INT_H
#define POSTFIX_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "lib/event.h"
#include "parser.h"
#include "envelope.h"
#include "dialog.h"
#include "lex.h"
#include "plumb.h"
#include "progmap.h"

#define PF_LINE_MAX	65536	/* longer lines are parsed truncated */
#define PF_MAXEV	4	/* events one line can make */
#define PF_SESS_MAX	128	/* smtpd sessions tracked */
#define PF_SESS_BUCKETS	1024
#define PF_REPLY_MAX	4096	/* joined multi-line reply text kept
				 * (dialog.c's bound) */
#define PF_CMD_MAX	16	/* upper-cased command, with its NUL */

#define PF_ISDIGIT(c)	((unsigned)(c) - '0' < 10)

/*
 * The daemons with handlers, named by the last part of the program
 * ("postfix/submission/smtpd" is PF_D_SMTPD); PF_D_SUPPORT is every other
 * one (master, anvil, scache, tlsmgr, postqueue, ...).
 */
enum pf_daemon {
	PF_D_SUPPORT,
	PF_D_SMTPD,
	PF_D_POSTSCREEN,
	PF_D_SMTP,		/* smtp and lmtp: they talk to a server */
	PF_D_LMTP,
	PF_D_DELIVER,		/* local, virtual, pipe, error, retry, discard */
	PF_D_CLEANUP,
	PF_D_QMGR,		/* qmgr, nqmgr, oqmgr */
	PF_D_PICKUP,
	PF_D_POSTSUPER,
	PF_D_BOUNCE
};

/*
 * What a program name is, remembered per name (progmap.h): most logs have
 * a handful of them, so each line's program is classified by one compare.
 */
struct pf_prog {
	int		 postfix;	/* a Postfix program at all */
	size_t		 instlen;	/* see struct pf */
	enum pf_daemon	 daemon;
};

/*
 * What the parser remembers about one smtpd process between lines: the
 * verbose dialogue (parsers/dialog.c, made on first use), the client it
 * names, and how many non-SMTP commands it logged (see the disconnect
 * counters).
 */
struct pf_sess {
	char		 key[160];	/* session key; "" when free */
	unsigned	 hash;		/* of key */
	unsigned long	 stamp;		/* last use, for LRU replacement */
	int		 nonsmtp;	/* "non-SMTP command" warnings */
	int		 mail_rejects;	/* logged rejects of MAIL */
	int		 denied;	/* a logged reject at CONNECT */
	char		 rname[128], rip[64];	/* client of the dialogue */
	struct dlg	*dlg;		/* last: kept when the slot is reused */
};

struct pf {
	struct plumb	 pl;		/* line copy, arena, events, file */
	int		 year;		/* parser_opts, for env */
	time_t		 ref_time;
	struct ev_counter counters[EV_MAX_COUNTERS];	/* of the line's
					 * disconnect */

	struct pf_sess	*sess;		/* PF_SESS_MAX slots, or NULL */
	int		 nsess;		/* slots in use */
	unsigned char	 nbucket[PF_SESS_BUCKETS];	/* slots per hash
					 * bucket: 0 proves a key absent */
	unsigned long	 clock;
	int		 flushing;	/* flush(): drain pending replies */
	int		 flushpos;

	/* The current line's prefix; its time, host, program
	 * ("postfix-out/submission/smtpd") and pid are in pl.at. */
	size_t		 pfxlen;	/* "HOST/" in keys: host + 1, or 0 */
	size_t		 proglen;
	size_t		 instlen;	/* of the instance, the program's
					 * first part: "postfix-out" */
	enum pf_daemon	 daemon;
	const char	*skey;		/* session key, made on demand */
	size_t		 skeylen;
	const char	*keytext;	/* where the key's text starts */
	int		 skeyline;	/* the key is the prefix's text with
					 * '/' for the space: see
					 * pf_session_key() */
	const char	*lend;		/* the end (NUL) of the line's copy:
					 * what the scans may read */
	const char	*qid;		/* the line's queue id, cut out ... */
	size_t		 qidlen;	/* ... and its length, or NULL */
	struct env	*env;		/* push(): the envelope of whole
					 * lines, made on first use */

	struct progmap	 progmap;	/* program names seen ... */
	struct pf_prog	 progs[PM_SIZE];	/* ... and their classes */
	struct pf_prog	 progmiss;	/* a name too long to remember */

	char		 err[128];
};

/* The envelope tail of reject lines: "; from=<a> to=<b> proto=P helo=<h>". */
struct pf_env {
	const char	*from;		/* "<>" for the null sender */
	const char	*to, *proto, *helo;
	char		*trailer;	/* cleanup: text after "helo=<h>: " */
};

/* What pf_verb_from() cuts of "CMD from NAME[IP]:PORT: REPLY; envelope". */
struct pf_verb {
	char		*name, *ip;	/* the client */
	int		 port;
	size_t		 cmdlen;	/* CMD, at the start of the line's rest */
	struct pf_env	 env;
};

/*
 * postfix_prog.c: pf_prog - the class of the program name s[0..n), found
 * among the names seen before when it can be (valid until the next
 * call).  pf_is_postfix - whether a program name is Postfix's.
 */
const struct pf_prog *pf_prog(struct pf *, const char *s, size_t n);

/* pf_prog_pack - a class as one non-zero word (for push_rec()'s memo);
 * pf_prog_unpack - the class back. */
static inline uintptr_t
pf_prog_pack(const struct pf_prog *pr)
{
	return 1 | (uintptr_t)(pr->postfix != 0) << 1 |
	    (uintptr_t)pr->daemon << 2 | (uintptr_t)pr->instlen << 8;
}

static inline void
pf_prog_unpack(uintptr_t w, struct pf_prog *pr)
{
	pr->postfix = (int)(w >> 1 & 1);
	pr->daemon = (enum pf_daemon)(w >> 2 & 0x3f);
	pr->instlen = (size_t)(w >> 8);
}
int		 pf_is_postfix(const char *, size_t);

/* postfix_event.c: events, arena, keys. */
/* pf_event - a new event of the current line, prefix fields filled in
 * (no handler makes more than PF_MAXEV events; the plumb drops more). */
#define pf_event(p, kind)	plumb_event(&(p)->pl, (kind))
char		*pf_save(struct pf *, const char *, size_t);
/* pf_reserve - n bytes of the arena and a NUL after them, for the caller
 * to fill; NULL if they do not fit. */
char		*pf_reserve(struct pf *, size_t n);
const char	*pf_cat(struct pf *, const char *, const char *, const char *);
const char	*pf_session_key(struct pf *);
/* pf_key_reserve - the session key and extra bytes after it (and a NUL)
 * in the arena, for the caller to fill; NULL if they do not fit. */
char		*pf_key_reserve(struct pf *, size_t extra);
struct smtp_event *pf_session_event(struct pf *, enum ev_kind,
		    const char *qid);
const char	*pf_message_key(struct pf *, const char *qid);
enum parse_result pf_generic(struct pf *, const char *msg);

/* pf_set_client - the client of an event. */
static inline void
pf_set_client(struct smtp_event *ev, char *name, char *ip, int port)
{
	ev->client_name = name;
	ev->client_ip = ip;
	ev->client_port = port;
}

/* pf_nul_if_empty - NULL for "", as events want. */
static inline char *
pf_nul_if_empty(char *s)
{
	return s != NULL && *s == '\0' ? NULL : s;
}

/* pf_set_envelope - from, to, proto and helo of a reject's tail. */
static inline void
pf_set_envelope(struct smtp_event *ev, const struct pf_env *env)
{
	ev->from = env->from;
	ev->to = env->to;
	ev->proto = env->proto;
	ev->helo = env->helo;
}

/* pf_room - the bytes of the line's copy that may be read from s on. */
static inline size_t
pf_room(const struct pf *p, const char *s)
{
	return lex_room(s, p->lend);
}

/* PF_AFTER - LEX_AFTER() for s in the line's copy. */
#define PF_AFTER(p, s, lit)	LEX_AFTER((s), (p)->lend, (lit))

/* postfix_scan.c: helpers that cut the line's copy in place (the
 * strings they take lie in it: p->lend bounds what they read). */
size_t		 pf_qid_len(const struct pf *, const char *);
char		*pf_client(const struct pf *, char *, char **name, char **ip,
		    int *port);
size_t		 pf_enhanced_len(const char *);
int		 pf_reply(char *, int *code, char **enh, char **text);
char		*pf_envelope(char *, struct pf_env *, int trailer);
char		*pf_verb_from(const struct pf *, char *rest,
		    struct pf_verb *);
const char	*pf_command(struct pf *, const char *, size_t);
const char	*pf_reply_command(const char *, size_t);
/* pf_action_flags - the EV_F_HOLD, EV_F_DISCARD or EV_F_WARN of a policy
 * action ("hold", "milter-discard", "reject_warning", "warning"), else 0. */
unsigned	 pf_action_flags(const char *act);
/* pf_set_reply - "NNN X.Y.Z text" into code (logged), enhanced and text:
 * 0; else the whole string as text (NULL if empty) and -1. */
int		 pf_set_reply(struct smtp_event *, char *);

/*
 * postfix_sess.c: the smtpd process table and the -v dialogue.
 * pf_sess_find() returns the slot of a session key or NULL;
 * pf_sess_get() also makes one, replacing the least recently used slot
 * (whose pending reply becomes an event first), and returns NULL only for
 * an over-long key.  pf_sess_emit() turns a slot's pending reply into an
 * event of the current line; pf_sess_end() does that and frees the slot.
 * pf_sess_drain() emits one pending reply per call for flush(), 0 when
 * none is left.
 */
struct pf_sess	*pf_sess_find(struct pf *, const char *key);
struct pf_sess	*pf_sess_get(struct pf *, const char *key);
void		 pf_sess_emit(struct pf *, struct pf_sess *);
void		 pf_sess_end(struct pf *, struct pf_sess *);
void		 pf_sess_free(struct pf *);
int		 pf_sess_drain(struct pf *);
enum parse_result pf_verbose_command(struct pf *, char *rest);
enum parse_result pf_verbose_reply(struct pf *, char *rest);

/* postfix_counters.c: "disconnect from CLIENT[ counters]". */
enum parse_result pf_disconnect(struct pf *, char *rest);

/* postfix_smtpd.c, postfix_postscreen.c */
enum parse_result pf_smtpd(struct pf *, char *msg);
enum parse_result pf_postscreen(struct pf *, char *msg);

/* postfix_queue.c */
enum parse_result pf_cleanup(struct pf *, char *msg);
enum parse_result pf_qmgr(struct pf *, char *msg);
enum parse_result pf_deliver(struct pf *, char *msg);
enum parse_result pf_delivery(struct pf *, const char *qid, char *rest);
enum parse_result pf_bounce(struct pf *, char *msg);
enum parse_result pf_pickup(struct pf *, char *msg);
enum parse_result pf_postsuper(struct pf *, char *msg);

#endif /* POSTFIX_INT_H */
