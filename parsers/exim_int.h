/*
 * exim_int.h - private to the Exim parser (exim*.c): the parser state, the
 * per-line context and the scanning helpers the line handlers share.
 * Nothing outside parsers/exim*.c includes this.
 *
 * Memory: each line is copied into the plumb (parsers/plumb.h; x->lbuf)
 * and cut into fields in place; strings the line does not hold (keys,
 * upper-cased commands) go to its arena, reset on every push and sized
 * from the (capped) line length.  Every event field stays valid until the
 * next push().
 */
#ifndef EXIM_INT_H
#define EXIM_INT_H

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "lib/event.h"
#include "parser.h"
#include "lex.h"
#include "plumb.h"

#define EX_LINE_MAX	65536	/* longer lines are parsed truncated */
#define EX_MAXEV	4	/* events one line's handlers can make */
#define EX_CMD_MAX	16	/* upper-cased command, with its NUL */

/*
 * Session keys without a pid (see exim_event.c): the state of each client
 * session key, in a table that grows.  A session that never logged its
 * connect and shows no line for EX_IDLE seconds (Exim's default
 * smtp_receive_timeout is 5 minutes), or shows another client port, is
 * taken as ended; a key with no line for EX_IDLE seconds before the
 * current line leaves the table, so it holds the keys of the last EX_IDLE
 * seconds (and a few lines' backlog).
 */
#define EX_IDLE		300
#define EX_ADDR_MAX	96
#define EX_KEY_MAX	160	/* longer keys keep no state */
#define EX_RETIRE	2	/* sessions one line may end by retiring */

#define EX_IDLEN_UNKNOWN ((size_t)-1)

#define EX_ISDIGIT(c)	((unsigned)(c) - '0' < 10)

struct ex_addr {
	char		 key[EX_KEY_MAX];	/* the session key */
	time_t		 last;		/* time of its last line */
	int		 port;		/* client port, 0 when not logged */
	int		 connected;	/* its connect line was seen */
	int		 closed;	/* its end line was seen */
	unsigned	 hash;
	unsigned	 older, newer;	/* activity list: entry + 1, 0 none;
					 * newer links the free entries */
};

/*
 * The keys: entries e[0..cap), an open-addressed index idx[0..mask] of
 * entry + 1 (0: empty; at least twice as many slots as entries), and the
 * entries in use from the least to the most recently active.
 */
struct ex_addrs {
	struct ex_addr	*e;
	unsigned	 n, cap, free;	/* free: the first free entry + 1 */
	unsigned	*idx;
	unsigned	 mask;
	unsigned	 oldest, newest;
};

/*
 * The last hour converted: "YYYY-MM-DDTHH" and zone, and its epoch; and
 * the last stamp read, as text (its seconds, bytes 17 and 18, as of the
 * last stamp native_ts() read; last_sec has the last one's): a stamp that
 * differs from it in the seconds alone is that time moved by the seconds.
 */
struct ex_tscache {
	char		 key[24];
	time_t		 base;
	int		 valid;

	char		 last[48];
	size_t		 last_len;	/* 0: none */
	time_t		 last_when;
	int		 last_usec;
	int		 last_sec;
};

struct ex {
	struct plumb	 pl;		/* line copy, arena, events, file */
	char		*lbuf;		/* pl's line copy */
	struct ex_tscache tsc;		/* Exim stamps, per hour */
	int		 year;		/* parser_opts, for env */
	time_t		 ref_time;
	struct env	*env;		/* push(): the envelope of lines not
					 * in Exim's own format, made on
					 * first use */

	struct ex_addrs	 addrs;		/* keys without a pid */
	int		 nretired;	/* splits of retire() this line */
	int		 dump;		/* a record that a rejectlog header
					 * dump may follow was just read */

	/* The current line (its time, host, program and pid in pl.at:
	 * no host and "exim" for Exim's own log lines). */
	const char	*id;		/* message id, or NULL */
	size_t		 idn;		/* its length */
	char		*lend;		/* the NUL after the line copy: no
					 * NUL before it until a handler cuts
					 * the line */
	size_t		 idlen;		/* ex_prefix(): of the id the message
					 * starts with, 0 for none, or
					 * EX_IDLEN_UNKNOWN */
	const char	*base;		/* "HOST/exim", made on first use */
	size_t		 baselen;
	const char	*mkey;		/* message key of mkey_id, made once */
	const char	*mkey_id;

	char		 err[128];
};

/*
 * A client as Exim's host_and_ident() writes it:
 * "H=name (helo) [ip]:port I=[ip]:port U=ident", each part optional;
 * for a local -bs session only "U=ident".
 */
struct ex_peer {
	char		*name, *helo, *ip, *ident;
	size_t		 iplen;		/* strlen(ip): must be set, keys
					 * copy this many bytes */
	int		 port;
};

/* How a line uses the session of its client (ex_session_key). */
enum ex_key_use {
	EX_KEY_USE,	/* continue it, or end it first after a pause */
	EX_KEY_NEW,	/* a connect line */
	EX_KEY_END,	/* the line ends the session */
	EX_KEY_PEEK	/* only the key: no state changes */
};

/*
 * exim_prefix.c: ex_prefix - the prefix of Exim's own log line (time,
 * pid) into x->pl.at, *msg the message's offset: 1; 0 when line is not
 * one.  ex_probe - parser_exim's probe (Exim's own lines only).
 * ex_syslog_message - where the message of a syslog'd line text[0..len)
 * whose syslog message starts at ms begins: after Exim's own stamp and
 * pid, which syslog_timestamp makes it repeat.  ex_is_exim - "exim",
 * "exim4", "exim-in", ...: Exim's syslog names.
 */
int		 ex_prefix(struct ex *, const char *, size_t, size_t *msg);
/* ex_msgid_len_n - ex_msgid_len() of s with n bytes before its NUL,
 * 16 bytes at a time (what ex_prefix() tests every line with). */
size_t		 ex_msgid_len_n(const char *, size_t n);
int		 ex_probe(const char *, size_t);
size_t		 ex_syslog_message(const char *text, size_t len, size_t ms);
int		 ex_is_exim(const char *, size_t);

/*
 * exim_addr.c: the table of keys.  ex_addr_find - the entry of key (h its
 * hash), or NULL.  ex_addr_add - a new entry for key[0..n), n <
 * EX_KEY_MAX, state zero, the most recently active (the table grows:
 * entry pointers do not survive an add).  ex_addr_touch - e becomes the
 * most recently active.  ex_addr_oldest - the least recently active, or
 * NULL.  ex_addr_del - e leaves the table.  ex_addr_free - all of it.
 */
struct ex_addr	*ex_addr_find(const struct ex_addrs *, const char *key,
		    unsigned h);
struct ex_addr	*ex_addr_add(struct ex_addrs *, const char *key, size_t n,
		    unsigned h);
void		 ex_addr_touch(struct ex_addrs *, struct ex_addr *);
struct ex_addr	*ex_addr_oldest(const struct ex_addrs *);
void		 ex_addr_del(struct ex_addrs *, struct ex_addr *);
void		 ex_addr_free(struct ex_addrs *);

/* exim_event.c: events, arena, keys. */
struct smtp_event *ex_event(struct ex *, enum ev_kind);
char		*ex_save(struct ex *, const char *, size_t);
const char	*ex_cat(struct ex *, const char *, const char *, const char *);
const char	*ex_session_key(struct ex *, const struct ex_peer *,
		    enum ex_key_use);
const char	*ex_message_key(struct ex *, const char *id);
struct smtp_event *ex_session_event(struct ex *, enum ev_kind,
		    const struct ex_peer *, enum ex_key_use);

#define EX_AFTER(s, lit) \
	((s)[0] == (lit)[0] && strncmp((s), (lit), sizeof(lit) - 1) == 0 ? \
	    (s) + sizeof(lit) - 1 : NULL)
/* EX_AFTER_IN - the same for s in the line copy, which ends at e
 * (x->lend): LEX_AFTER(), a few loads instead of a call. */
#define EX_AFTER_IN(s, e, lit)	LEX_AFTER((s), (e), (lit))

/* exim_scan.c: helpers that cut x->lbuf in place. */
size_t		 ex_msgid_len(const char *);
char		*ex_peer(char *, const char *end, struct ex_peer *);
/* ex_msgid_len - length of a message id at s (old 6-6-2 or 4.97+
 * 6-11-4 base-62 form) followed by a space or the end, else 0. */
/* ex_peer - parse a client at s, cut it in place into p; returns what
 * follows it (past one space), or NULL when s names no client.  end: the
 * NUL that ends the line copy s is in (x->lend); nothing past it is read. */
/*
 * ex_quote_end - the closing quote of a client's command quoted at cmd
 * ('"CMD" HOST ...'): the last quote followed by a space and the start of
 * a client (H=, U=, '[' or '('), and by tail when tail is not NULL.  A
 * command may hold such a quote itself ('"aUtH lOgIn" H=(test)
 * [8.8.8.8]" H=(roxzgj) [192.0.2.6] AUTH command ...', as fail2ban's test
 * logs show): what Exim writes after the client is its own text, so the
 * last one is the client's.  NULL when there is none.  end: the end of
 * cmd's text, which holds no NUL before it.
 */
char		*ex_quote_end(char *cmd, const char *end, const char *tail);
/* ex_reply - "554 5.7.1 text" into code, enh and text, in place: 0; -1
 * when s does not start with a reply code. */
int		 ex_reply(char *, int *code, char **enh, char **text);
/* ex_angle - "<addr>" at s: *addr is the address ("<>" for the empty
 * one), returns what follows '>', or NULL. */
char		*ex_angle(char *, const char **addr);
/* ex_verb - the upper-cased verb of a quoted client command ("mail
 * from:<a>" -> "MAIL"), "UNKNOWN" when it is no SMTP command. */
const char	*ex_verb(const char *);
/* ex_after_command - "RCPT TO:<x>: rest" after "... server after ":
 * the command it names ("RCPT", "END-OF-MESSAGE", "CONNECT"), and *s
 * moved past its ": "; NULL when unknown. */
const char	*ex_after_command(char **s);

/*
 * ex_find - the first lit[0..n) in s[0..e), which holds no NUL: what
 * strstr() finds, found by memchr() for its byte lit[k], chosen rare in
 * log lines (the 'j' of "rejected"), then memcmp(); NULL if none.
 * Inline: with the literal known, the compiler makes memcmp() loads.
 */
static inline char *
ex_find(const char *s, const char *e, const char *lit, size_t n, size_t k)
{
	const char	*p;

	if (s > e || (size_t)(e - s) < n)
		return NULL;
	for (p = s + k; (p = memchr(p, lit[k], (size_t)(e - n + k + 1 - p))) !=
	    NULL; p++)
		if (memcmp(p - k, lit, n) == 0)
			return (char *)(p - k);
	return NULL;
}
#define EX_FIND(s, e, lit, k)	ex_find((s), (e), (lit), sizeof(lit) - 1, (k))

/* exim_smtp.c: connection and protocol lines; exim_acl.c: rejections. */
enum parse_result ex_smtp(struct ex *, char *msg);
enum parse_result ex_acl(struct ex *, char *msg, char *rejected,
		    const struct ex_peer *);
enum parse_result ex_synprot(struct ex *, char *msg, int syntax);

/* exim_msg.c: lines of a message id. */
enum parse_result ex_message(struct ex *, char *msg);

#endif /* EXIM_INT_H */
