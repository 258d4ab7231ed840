/*
 * postfix_sess.c - what the Postfix parser remembers about each smtpd
 * process between lines (a small LRU table), and the dialogue of verbose
 * logging, whose "<" and ">" lines go to parsers/dialog.c (joining,
 * matching, redaction) and come back as events.  The smtpd handlers use
 * the table for the disconnect counters.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postfix_int.h"
#include "lib/xmalloc.h"

/*
 * key_hash - the hash of a session key for the slot table: keys are
 * "HOST/PROGRAM[PID]" and differ mostly in their last bytes, so those
 * (a word of them) and the length are hashed, not every byte; a key is
 * looked up at every connect and disconnect.
 */
static unsigned
key_hash(const char *key)
{
	size_t		n = strlen(key);
	uint64_t	w = 0;

	if (n >= 8)
		memcpy(&w, key + n - 8, 8);
	else
		memcpy(&w, key, n);
	w = (w ^ n) * 0x9e3779b97f4a7c15u;
	return (unsigned)(w >> 32);
}

struct pf_sess *
pf_sess_find(struct pf *p, const char *key)
{
	unsigned	 h;
	int		 i;

	if (p->nsess == 0 || key == NULL)
		return NULL;
	h = key_hash(key);
	if (p->nbucket[h % PF_SESS_BUCKETS] == 0)
		return NULL;
	for (i = 0; i < PF_SESS_MAX; i++)
		if (p->sess[i].key[0] != '\0' && p->sess[i].hash == h &&
		    strcmp(p->sess[i].key, key) == 0) {
			p->sess[i].stamp = ++p->clock;
			return &p->sess[i];
		}
	return NULL;
}

/*
 * dlg_events - the events the slot's dialogue made, as events of the
 * current line, their strings copied to the arena (the slot may be reused
 * at once); host, program and pid come from the session key, since a
 * held reply may come out on another process's line.
 */
static void
dlg_events(struct pf *p, struct pf_sess *s)
{
	struct smtp_event	 tmp, *ev;
	const char		*slash, *br, *key;
	long			 pid = -1;

	if (s->dlg == NULL)
		return;
	while (dlg_next(s->dlg, &tmp) == 1) {
		ev = pf_event(p, tmp.kind);
		key = pf_save(p, s->key, strlen(s->key));
		ev->session_key = key;
		if (key != NULL && (slash = strchr(key, '/')) != NULL) {
			ev->host = pf_save(p, key, slash - key);
			br = strrchr(slash, '[');
			if (br != NULL) {
				ev->program = pf_save(p, slash + 1,
				    br - slash - 1);
				for (pid = 0, br++; PF_ISDIGIT(*br); br++)
					pid = pid * 10 + (*br - '0');
			} else
				ev->program = pf_save(p, slash + 1,
				    strlen(slash + 1));
		}
		ev->pid = pid;
		ev->when = tmp.when;
		ev->usec = tmp.usec;
		ev->line = tmp.line;
		ev->dir = EV_DIR_IN;
		ev->client_name = pf_nul_if_empty(pf_save(p, s->rname,
		    strlen(s->rname)));
		ev->client_ip = pf_nul_if_empty(pf_save(p, s->rip,
		    strlen(s->rip)));
#define COPY(f) ev->f = tmp.f != NULL ? pf_save(p, tmp.f, strlen(tmp.f)) : NULL
		COPY(command);
		COPY(arg);
		COPY(helo);
		COPY(enhanced);
		COPY(text);
#undef COPY
		ev->cmd_len = tmp.cmd_len;
		ev->note = tmp.note;
		ev->code = tmp.code;
		ev->code_src = tmp.code_src;
	}
	dlg_release(s->dlg);
}

/* pf_sess_emit - the reply a slot holds back, and any queued event. */
void
pf_sess_emit(struct pf *p, struct pf_sess *s)
{
	if (s->dlg == NULL)
		return;
	dlg_flush(s->dlg);
	dlg_events(p, s);
}

/* pf_sess_get - the slot of key, made (LRU replacement) when missing. */
struct pf_sess *
pf_sess_get(struct pf *p, const char *key)
{
	struct pf_sess	*s, *victim;
	int		 i;

	if (key == NULL || strlen(key) >= sizeof(p->sess[0].key))
		return NULL;
	if (p->sess == NULL)
		p->sess = xcalloc(PF_SESS_MAX, sizeof(*p->sess));
	if ((s = pf_sess_find(p, key)) != NULL)
		return s;
	victim = &p->sess[0];
	for (i = 0; i < PF_SESS_MAX; i++) {
		if (p->sess[i].key[0] == '\0') {
			victim = &p->sess[i];
			p->nsess++;
			break;
		}
		if (p->sess[i].stamp < victim->stamp)
			victim = &p->sess[i];
	}
	if (victim->key[0] != '\0') {
		pf_sess_emit(p, victim);
		p->nbucket[victim->hash % PF_SESS_BUCKETS]--;
	}
	memset(victim, 0, offsetof(struct pf_sess, dlg));
	if (victim->dlg != NULL)
		dlg_reset(victim->dlg);
	snprintf(victim->key, sizeof(victim->key), "%s", key);
	victim->hash = key_hash(key);
	p->nbucket[victim->hash % PF_SESS_BUCKETS]++;
	victim->stamp = ++p->clock;
	return victim;
}

/* pf_sess_end - a session is over: emit its pending reply, free the slot. */
void
pf_sess_end(struct pf *p, struct pf_sess *s)
{
	pf_sess_emit(p, s);
	s->key[0] = '\0';
	p->nsess--;
	p->nbucket[s->hash % PF_SESS_BUCKETS]--;
}

void
pf_sess_free(struct pf *p)
{
	int	i;

	if (p->sess != NULL)
		for (i = 0; i < PF_SESS_MAX; i++)
			dlg_free(p->sess[i].dlg);
	free(p->sess);
	p->sess = NULL;
}

int
pf_sess_drain(struct pf *p)
{
	if (p->sess == NULL)
		return 0;
	for (; p->flushpos < PF_SESS_MAX; p->flushpos++)
		if (p->sess[p->flushpos].key[0] != '\0' &&
		    p->sess[p->flushpos].dlg != NULL &&
		    dlg_held(p->sess[p->flushpos].dlg)) {
			pf_sess_emit(p, &p->sess[p->flushpos]);
			return 1;
		}
	return 0;
}

/* copy - s (NULL: "") into buf of size n, cut to fit, as snprintf. */
static void
copy(char *buf, size_t n, const char *s)
{
	size_t	l = s != NULL ? strlen(s) : 0;

	if (l >= n)
		l = n - 1;
	memcpy(buf, s != NULL ? s : "", l);
	buf[l] = '\0';
}

/*
 * verbose - the slot of the current line's session, its dialogue made on
 * first use and its client noted; NULL for an untrackable (over-long) key.
 */
static struct pf_sess *
verbose(struct pf *p, const char *name, const char *ip, struct dlg_pos *pos)
{
	struct pf_sess	*s;

	if ((s = pf_sess_get(p, pf_session_key(p))) == NULL)
		return NULL;
	if (s->dlg == NULL)
		s->dlg = dlg_new(0);
	copy(s->rname, sizeof(s->rname), name);
	copy(s->rip, sizeof(s->rip), ip);
	pos->line = p->pl.at.line;
	pos->when = p->pl.at.when;
	pos->usec = p->pl.at.usec;
	return s;
}

/*
 * pf_verbose_command - "< CLIENT: LINE" of verbose logging, handed to the
 * dialogue: a command (with EV_HELO for EHLO/HELO), or AUTH data after a
 * 334, which makes no event; AUTH initial responses come out redacted.
 */
enum parse_result
pf_verbose_command(struct pf *p, char *rest)
{
	struct pf_sess		*s;
	struct dlg_pos		 pos;
	char			*name, *ip, *q;
	int			 port;

	/* A client line may hold a credential: it is never reported
	 * unrecognized, so that -v never shows it raw. */
	if ((q = pf_client(p, rest, &name, &ip, &port)) == NULL ||
	    q[0] != ':' || q[1] != ' ')
		return PARSE_USED;
	q += 2;
	if ((s = verbose(p, name, ip, &pos)) == NULL)
		return PARSE_USED;	/* a forged key: no dialogue */
	dlg_client(s->dlg, q, strlen(q), &pos);
	dlg_events(p, s);
	return PARSE_USED;
}

/*
 * pf_verbose_reply - "> CLIENT: NNN-text" lines: the dialogue joins them
 * (RFC 5321 4.2.1) into one event when "NNN text" ends the reply, and
 * names the command it answers (CONNECT for the greeting, END-OF-MESSAGE
 * after 354).
 */
enum parse_result
pf_verbose_reply(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	struct dlg_pos		 pos;
	char			*name, *ip, *q, *enh, *text;
	int			 port, code;

	if ((q = pf_client(p, rest, &name, &ip, &port)) == NULL ||
	    q[0] != ':' || q[1] != ' ')
		return PARSE_USED;	/* never echoed: see above */
	q += 2;
	if ((s = verbose(p, name, ip, &pos)) != NULL) {
		/* Not a reply line: verbose output, understood. */
		dlg_server(s->dlg, q, strlen(q), &pos);
		dlg_events(p, s);
		return PARSE_USED;
	}
	/* Not trackable (absurd key): one event per line. */
	if (pf_reply(q, &code, &enh, &text) < 0)
		return PARSE_USED;
	ev = pf_session_event(p, EV_REPLY, NULL);
	pf_set_client(ev, name, ip, port);
	ev->code = code;
	ev->code_src = EV_CODE_LOGGED;
	ev->enhanced = enh;
	ev->text = text;
	return PARSE_USED;
}
