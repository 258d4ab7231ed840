/*
 * postfix_sess.c - what the Postfix parser remembers about each smtpd
 * process between lines (a small LRU table), and the dialogue of verbose
 * logging that needs it: commands, and replies joined from their "NNN-"
 * lines.  The smtpd handlers use the table for the disconnect counters.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "postfix_int.h"
#include "xmalloc.h"

struct pf_sess *
pf_sess_find(struct pf *p, const char *key)
{
	unsigned	 h;
	int		 i;

	if (p->nsess == 0 || key == NULL)
		return NULL;
	h = htab_hash(key);
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

/* pf_sess_emit - the joined reply a slot holds, as an event. */
void
pf_sess_emit(struct pf *p, struct pf_sess *s)
{
	struct smtp_event	*ev;
	const char		*slash, *br;
	char			*key;
	long			 pid = -1;

	if (s->rcode == 0)
		return;
	ev = pf_event(p, s->replies == 0 && s->last_cmd[0] == '\0' ?
	    EV_GREETING : EV_REPLY);
	/* The slot may be reused at once: copy what the event shows. */
	key = pf_save(p, s->key, strlen(s->key));
	ev->session_key = key;
	if (key != NULL && (slash = strchr(key, '/')) != NULL) {
		ev->host = pf_save(p, key, slash - key);
		br = strrchr(slash, '[');
		if (br != NULL) {
			ev->program = pf_save(p, slash + 1, br - slash - 1);
			for (pid = 0, br++; PF_ISDIGIT(*br); br++)
				pid = pid * 10 + (*br - '0');
		} else
			ev->program = pf_save(p, slash + 1, strlen(slash + 1));
	}
	ev->pid = pid;
	ev->when = s->rwhen;
	ev->usec = s->rusec;
	ev->line = s->rline;
	ev->dir = EV_DIR_IN;
	ev->client_name = pf_nul_if_empty(pf_save(p, s->rname,
	    strlen(s->rname)));
	ev->client_ip = pf_nul_if_empty(pf_save(p, s->rip, strlen(s->rip)));
	ev->command = ev->kind == EV_GREETING ? "CONNECT" :
	    s->last_cmd[0] != '\0' ?
	    pf_command(p, s->last_cmd, strlen(s->last_cmd)) : NULL;
	ev->code = s->rcode;
	ev->code_src = EV_CODE_LOGGED;
	ev->enhanced = s->renh[0] != '\0' ?
	    pf_save(p, s->renh, strlen(s->renh)) : NULL;
	ev->text = s->rlen > 0 ? pf_save(p, s->rtext, s->rlen) : NULL;

	s->replies++;
	s->in_auth = s->rcode == 334;
	if (s->rcode == 354)
		snprintf(s->last_cmd, sizeof(s->last_cmd), "END-OF-MESSAGE");
	s->rcode = 0;
	s->rlen = 0;
	s->renh[0] = '\0';
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
	memset(victim, 0, offsetof(struct pf_sess, rtext));
	victim->rlen = 0;
	snprintf(victim->key, sizeof(victim->key), "%s", key);
	victim->hash = htab_hash(key);
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
		    p->sess[p->flushpos].rcode != 0) {
			pf_sess_emit(p, &p->sess[p->flushpos]);
			return 1;
		}
	return 0;
}

/*
 * pf_verbose_command - "< CLIENT: LINE" of verbose logging.  After a 334
 * reply the client sends AUTH data, which is neither a command nor shown;
 * the initial response of "AUTH PLAIN xxx" is cut off for the same reason.
 */
enum parse_result
pf_verbose_command(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	char			*name, *ip, *q, *w, *arg;
	const char		*cmd;
	int			 port;

	if ((q = pf_client(rest, &name, &ip, &port)) == NULL ||
	    q[0] != ':' || q[1] != ' ')
		return PARSE_UNRECOGNIZED;
	q += 2;
	s = pf_sess_get(p, pf_session_key(p));
	if (s != NULL && s->in_auth)
		return PARSE_USED;
	if (s != NULL)
		pf_sess_emit(p, s);
	for (w = q; *w != ' ' && *w != '\0'; w++)
		;
	if (w == q) {
		/* An empty line: its reply ("500 5.5.2 Error: bad syntax")
		 * answers no command, not the one before. */
		if (s != NULL)
			s->last_cmd[0] = '\0';
		return PARSE_USED;
	}
	cmd = pf_command(p, q, w - q);
	for (arg = w; *arg == ' '; arg++)
		;
	*w = '\0';
	if (cmd != NULL && strcmp(cmd, "AUTH") == 0 &&
	    (w = strchr(arg, ' ')) != NULL)
		*w = '\0';
	if (s != NULL)
		snprintf(s->last_cmd, sizeof(s->last_cmd), "%s",
		    cmd != NULL ? cmd : "");
	ev = pf_session_event(p, EV_COMMAND, NULL);
	pf_set_client(ev, name, ip, port);
	ev->command = cmd;
	ev->arg = pf_nul_if_empty(arg);
	if (cmd != NULL && ev->arg != NULL &&
	    (strcmp(cmd, "EHLO") == 0 || strcmp(cmd, "HELO") == 0)) {
		ev = pf_session_event(p, EV_HELO, NULL);
		pf_set_client(ev, name, ip, port);
		ev->command = cmd;
		ev->arg = ev->helo = pf_nul_if_empty(arg);
	}
	return PARSE_USED;
}

/*
 * pf_verbose_reply - "> CLIENT: NNN-text" lines are joined with "\n" (RFC
 * 5321 4.2.1 multi-line replies) into one event when "NNN text" ends the
 * reply.  The reply answers the session's last command; one before any
 * command is the greeting, and one after 354 answers END-OF-MESSAGE.
 */
enum parse_result
pf_verbose_reply(struct pf *p, char *rest)
{
	struct smtp_event	*ev;
	struct pf_sess		*s;
	char			*name, *ip, *q, *enh, *text;
	size_t			 n;
	int			 port, code, more;

	if ((q = pf_client(rest, &name, &ip, &port)) == NULL ||
	    q[0] != ':' || q[1] != ' ')
		return PARSE_UNRECOGNIZED;
	q += 2;
	more = q[0] != '\0' && q[1] != '\0' && q[2] != '\0' && q[3] == '-';
	if (pf_reply(q, &code, &enh, &text) < 0)
		return PARSE_USED;	/* verbose output, not a reply */
	if ((s = pf_sess_get(p, pf_session_key(p))) == NULL) {
		/* Not trackable (absurd key): one event per line. */
		ev = pf_session_event(p, EV_REPLY, NULL);
		pf_set_client(ev, name, ip, port);
		ev->code = code;
		ev->code_src = EV_CODE_LOGGED;
		ev->enhanced = enh;
		ev->text = text;
		return PARSE_USED;
	}
	if (s->rcode != 0 && s->rcode != code)
		pf_sess_emit(p, s);
	if (s->rcode == 0) {
		s->rcode = code;
		s->rlen = 0;
		snprintf(s->renh, sizeof(s->renh), "%s", enh ? enh : "");
	}
	snprintf(s->rname, sizeof(s->rname), "%s", name ? name : "");
	snprintf(s->rip, sizeof(s->rip), "%s", ip);
	s->rwhen = p->when;
	s->rusec = p->usec;
	s->rline = p->lineno;
	if (text != NULL) {
		if (s->rlen > 0 && s->rlen < sizeof(s->rtext) - 1)
			s->rtext[s->rlen++] = '\n';
		n = strlen(text);
		if (n > sizeof(s->rtext) - 1 - s->rlen)
			n = sizeof(s->rtext) - 1 - s->rlen;
		memcpy(s->rtext + s->rlen, text, n);
		s->rlen += n;
	}
	if (!more)
		pf_sess_emit(p, s);
	return PARSE_USED;
}
