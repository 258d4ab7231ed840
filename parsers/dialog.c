/*
 * dialog.c - SMTP dialogue assembly: client and server lines in, commands
 * and whole replies matched to the command they answer out, with message
 * bodies skipped and credentials redacted.  Which line is the client's and
 * which the server's is the caller's business (its line prefix); what the
 * dialogue means (RFC 5321 state) is analyzer/core/smtpstate.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialog.h"
#include "lib/xmalloc.h"

#define NAME_MAX_	16	/* upper-cased command word, with NUL */
#define ARG_MAX_	256	/* command argument kept */
#define CMDQ_MAX	256	/* commands awaiting a reply */
#define HELD_MAX	256	/* DLG_F_ALIGN: replies awaiting a match */
#define TEXT_MAX	4096	/* joined reply text kept */

#define ISDIGIT(c)	((unsigned)(c) - '0' < 10)
#define ISLOWER(c)	((unsigned)(c) - 'a' < 26)
#define ISBLANK(c)	((c) == ' ' || (c) == '\t')

struct dcmd {
	char		 name[NAME_MAX_];	/* "" for an empty line */
	char		 arg[ARG_MAX_];
	size_t		 len;
};

struct drep {
	int		 code;		/* 0: none */
	char		 enh[16];
	char		*text;		/* owned, joined with "\n" */
	size_t		 tlen;
	int		 cut;		/* text cut at TEXT_MAX */
	struct dlg_pos	 pos;		/* of the last line */
};

struct dout {
	enum ev_kind	 kind;
	struct dlg_pos	 pos;
	const char	*command;	/* owned unless static */
	char		*cmd_owned;
	char		*arg;
	char		*helo;
	size_t		 cmd_len;
	int		 code;
	char		*enh;		/* owned: events point at it while
					 * the out array grows */
	char		*text;
	int		 cut;		/* text cut at TEXT_MAX */
	const char	*note;		/* static */
};

struct dlg {
	int		 flags;
	struct dcmd	*cmds;		/* FIFO, [0] oldest */
	size_t		 ncmd, capcmd;
	struct drep	 cur;		/* reply whose "NNN-" lines come */
	struct drep	*held;		/* DLG_F_ALIGN */
	size_t		 nheld, capheld;

	int		 seen;		/* anything this connection */
	int		 ncommands;	/* commands this connection */
	int		 greeted;
	int		 replied;	/* a reply was emitted this connection */
	int		 in_body;	/* 3yz to DATA: client sends content */
	int		 auth_cont;	/* 334 to AUTH: next line is AUTH data */
	int		 last_auth;	/* the last command was AUTH */
	unsigned long	 bdat_left;	/* octets of a BDAT chunk to skip */
	int		 prdr_left;	/* replies still due to END-OF-MESSAGE */
	int		 rcpt_ok;	/* RCPTs accepted in this transaction */

	struct dout	*out;
	size_t		 nout, capout, outpos;
};

static const char EOM[] = "END-OF-MESSAGE";

struct dlg *
dlg_new(int flags)
{
	struct dlg	*d;

	d = xcalloc(1, sizeof(*d));
	d->flags = flags;
	return d;
}

void
dlg_release(struct dlg *d)
{
	size_t	i;

	for (i = 0; i < d->nout; i++) {
		free(d->out[i].cmd_owned);
		free(d->out[i].arg);
		free(d->out[i].helo);
		free(d->out[i].text);
		free(d->out[i].enh);
	}
	d->nout = d->outpos = 0;
}

void
dlg_free(struct dlg *d)
{
	size_t	i;

	if (d == NULL)
		return;
	dlg_release(d);
	free(d->out);
	free(d->cur.text);
	for (i = 0; i < d->nheld; i++)
		free(d->held[i].text);
	free(d->held);
	free(d->cmds);
	free(d);
}

int
dlg_reply_line(const char *s, size_t len, int *code, int *more)
{
	if (len < 3 || s[0] < '2' || s[0] > '5' || !ISDIGIT(s[1]) ||
	    !ISDIGIT(s[2]))
		return 0;
	if (len > 3 && s[3] != ' ' && s[3] != '-')
		return 0;
	*code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	*more = len > 3 && s[3] == '-';
	return 1;
}

static char *
dupn(const char *s, size_t n)
{
	char	*d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static struct dout *
out_new(struct dlg *d, enum ev_kind kind, const struct dlg_pos *pos)
{
	struct dout	*o;

	if (d->nout == d->capout) {
		d->capout = d->capout ? d->capout * 2 : 8;
		d->out = xreallocarray(d->out, d->capout, sizeof(*d->out));
	}
	o = &d->out[d->nout++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->pos = *pos;
	return o;
}

/* set_command - the command an event names; "" (an empty line) is none. */
static void
set_command(struct dout *o, const char *name)
{
	if (name == NULL || name[0] == '\0')
		return;
	if (name == EOM) {
		o->command = EOM;
		return;
	}
	o->cmd_owned = xstrdup(name);
	o->command = o->cmd_owned;
}

static int
is(const struct dcmd *c, const char *name)
{
	return c != NULL && strcmp(c->name, name) == 0;
}

/* emit_reply - one whole reply, answering c (NULL: a command not seen). */
static void
emit_reply(struct dlg *d, struct drep *r, const struct dcmd *c,
    const char *pseudo)
{
	struct dout	*o;
	int		 greeting;

	greeting = c == NULL && pseudo == NULL && d->ncommands == 0 &&
	    !d->greeted && !d->replied && (r->code == 220 || r->code == 421 ||
	    r->code == 554);
	if (greeting)
		d->greeted = 1;
	d->replied = 1;
	o = out_new(d, greeting ? EV_GREETING : EV_REPLY, &r->pos);
	if (greeting)
		o->command = "CONNECT";
	else if (pseudo != NULL)
		set_command(o, pseudo);
	else if (c != NULL) {
		if (c->name[0] == '\0')
			o->note = DLG_EMPTY_LINE;
		set_command(o, c->name);
		if (c->arg[0] != '\0')
			o->arg = xstrdup(c->arg);
		o->cmd_len = c->len;
	}
	/* RFC 4954 4: the client line after a 334 answers a challenge,
	 * whatever command the 334 answered (AUTH may not be shown); any
	 * other reply ends the exchange (pipelined AUTH data came before). */
	d->auth_cont = r->code == 334 && pseudo == NULL &&
	    !(c != NULL && (is(c, "DATA") || is(c, "BDAT") || is(c, EOM)));
	o->code = r->code;
	if (r->enh[0] != '\0')
		o->enh = xstrdup(r->enh);
	o->text = r->text;
	o->cut = r->cut;
	r->text = NULL;
	r->tlen = 0;
	r->cut = 0;
	r->code = 0;
}

static void
pop(struct dlg *d)
{
	if (d->ncmd == 0)
		return;
	memmove(d->cmds, d->cmds + 1, (d->ncmd - 1) * sizeof(*d->cmds));
	d->ncmd--;
}

static struct dcmd *
push_cmd(struct dlg *d, int front)
{
	struct dcmd	*c;

	if (d->ncmd == CMDQ_MAX)
		pop(d);		/* never answered: the oldest goes */
	if (d->ncmd == d->capcmd) {
		d->capcmd = d->capcmd ? d->capcmd * 2 : 4;
		d->cmds = xreallocarray(d->cmds, d->capcmd, sizeof(*d->cmds));
	}
	if (front) {
		memmove(d->cmds + 1, d->cmds, d->ncmd * sizeof(*d->cmds));
		c = &d->cmds[0];
	} else
		c = &d->cmds[d->ncmd];
	d->ncmd++;
	memset(c, 0, sizeof(*c));
	return c;
}

/*
 * answer - a whole reply meets the oldest waiting command.  A 334 keeps
 * AUTH waiting (RFC 4954 4); a 3yz to DATA opens the body, whose end
 * (the "." or, when the body is not shown, the next reply) is the
 * END-OF-MESSAGE command; a 353 to it (PRDR) announces one reply per
 * accepted recipient and a final one.
 */
static void
answer(struct dlg *d, struct drep *r)
{
	struct dcmd	*c;
	int		 code = r->code;

	d->seen = 1;
	if (d->in_body) {
		/* The body's end was not shown. */
		d->in_body = 0;
		c = push_cmd(d, 1);
		memcpy(c->name, EOM, sizeof(EOM));
	}
	if (d->prdr_left > 0) {
		d->prdr_left--;
		emit_reply(d, r, NULL, EOM);
		return;
	}
	if (d->ncmd == 0) {
		emit_reply(d, r, NULL, NULL);
		return;
	}
	c = &d->cmds[0];
	if (is(c, EOM)) {
		emit_reply(d, r, NULL, EOM);
		if (code == 353)
			d->prdr_left = d->rcpt_ok + 1;
		d->rcpt_ok = 0;
		pop(d);
		return;
	}
	emit_reply(d, r, c, NULL);
	d->last_auth = 0;
	if (code == 334 && is(c, "AUTH"))
		return;		/* emit_reply() set auth_cont */
	if (is(c, "DATA") && code / 100 == 3)
		d->in_body = 1;
	else if (is(c, "RCPT") && code / 100 == 2)
		d->rcpt_ok++;
	else if (is(c, "MAIL") || is(c, "RSET") || is(c, "EHLO") ||
	    is(c, "HELO"))
		d->rcpt_ok = 0;
	pop(d);
}

/*
 * surplus - DLG_F_ALIGN: how many held replies answer no command in view,
 * by matching them in order as answer() would.  *waiting is set to the
 * commands still waiting after them.
 */
static size_t
surplus(const struct dlg *d, size_t *waiting, int *in_body)
{
	size_t	i, pos = 0, extra = 0;
	int	body = d->in_body, eom = 0, prdr = d->prdr_left;
	int	rcpt = d->rcpt_ok;

	for (i = 0; i < d->nheld; i++) {
		int	code = d->held[i].code;

		if (body) {
			body = 0;
			eom = 1;
		}
		if (prdr > 0) {
			prdr--;
			continue;
		}
		if (eom || (pos < d->ncmd && is(&d->cmds[pos], EOM))) {
			if (eom)
				eom = 0;
			else
				pos++;
			if (code == 353)
				prdr = rcpt + 1;
			rcpt = 0;
			continue;
		}
		if (pos >= d->ncmd) {
			extra++;
			continue;
		}
		if (code == 334 && is(&d->cmds[pos], "AUTH"))
			continue;
		if (is(&d->cmds[pos], "DATA") && code / 100 == 3)
			body = 1;
		else if (is(&d->cmds[pos], "RCPT") && code / 100 == 2)
			rcpt++;
		else if (is(&d->cmds[pos], "MAIL") || is(&d->cmds[pos], "RSET"))
			rcpt = 0;
		pos++;
	}
	if (waiting != NULL)
		*waiting = d->ncmd - pos + (body || eom);
	if (in_body != NULL)
		*in_body = body;
	return extra;
}

/* resolve - DLG_F_ALIGN: match the held replies, surplus first. */
static void
resolve(struct dlg *d)
{
	size_t	i, extra;

	if (d->nheld == 0)
		return;
	extra = surplus(d, NULL, NULL);
	for (i = 0; i < d->nheld; i++) {
		if (i < extra) {
			d->seen = 1;
			emit_reply(d, &d->held[i], NULL, NULL);
		} else
			answer(d, &d->held[i]);
	}
	d->nheld = 0;
}

/* finish - the reply in d->cur is whole. */
static void
finish(struct dlg *d)
{
	struct drep	*r;

	if (d->cur.code == 0)
		return;
	if (!(d->flags & DLG_F_ALIGN)) {
		answer(d, &d->cur);
		return;
	}
	if (d->nheld == HELD_MAX)
		resolve(d);
	if (d->nheld == d->capheld) {
		d->capheld = d->capheld ? d->capheld * 2 : 4;
		d->held = xreallocarray(d->held, d->capheld,
		    sizeof(*d->held));
	}
	r = &d->held[d->nheld++];
	*r = d->cur;
	d->cur.text = NULL;
	d->cur.tlen = 0;
	d->cur.code = 0;
	d->seen = 1;
}

/* enhanced_len - length of an RFC 3463 code "C.S.D" at s, or 0. */
static size_t
enhanced_len(const char *s, size_t len)
{
	size_t	i = 0, part;
	int	dots = 0;

	if (len == 0 || (s[0] != '2' && s[0] != '4' && s[0] != '5'))
		return 0;
	for (;;) {
		for (part = 0; i < len && ISDIGIT(s[i]) && part < 3; i++)
			part++;
		if (part == 0)
			return 0;
		if (dots == 2)
			break;
		if (i >= len || s[i] != '.')
			return 0;
		i++;
		dots++;
	}
	return i < len && s[i] != ' ' ? 0 : i;
}

int
dlg_server(struct dlg *d, const char *line, size_t len,
    const struct dlg_pos *pos)
{
	const char	*t;
	size_t		 n, e;
	int		 code, more;

	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	if (!dlg_reply_line(line, len, &code, &more))
		return -1;
	d->bdat_left = 0;	/* a chunk the transcript does not show */
	if (d->cur.code != 0 && d->cur.code != code)
		finish(d);	/* a reply cut short */
	t = len > 4 ? line + 4 : "";
	n = len > 4 ? len - 4 : 0;
	e = enhanced_len(t, n);
	if (d->cur.code == 0) {
		d->cur.code = code;
		d->cur.enh[0] = '\0';
		if (e > 0 && e < sizeof(d->cur.enh)) {
			memcpy(d->cur.enh, t, e);
			d->cur.enh[e] = '\0';
		}
		d->cur.tlen = 0;
		d->cur.cut = 0;
		if (d->cur.text == NULL)
			d->cur.text = xmalloc(TEXT_MAX);
		d->cur.text[0] = '\0';
	}
	/* RFC 3463: the code repeats on every line; the text keeps one. */
	if (e > 0) {
		t += e;
		n -= e;
		while (n > 0 && *t == ' ') {
			t++;
			n--;
		}
	}
	/* Longer texts are cut, and flagged as cut (text_truncated). */
	if (d->cur.tlen > 0 && d->cur.tlen < TEXT_MAX - 1)
		d->cur.text[d->cur.tlen++] = '\n';
	else if (d->cur.tlen > 0)
		d->cur.cut = 1;
	if (n > TEXT_MAX - 1 - d->cur.tlen) {
		n = TEXT_MAX - 1 - d->cur.tlen;
		d->cur.cut = 1;
	}
	memcpy(d->cur.text + d->cur.tlen, t, n);
	d->cur.tlen += n;
	d->cur.text[d->cur.tlen] = '\0';
	d->cur.pos = *pos;
	if (!more)
		finish(d);
	return 0;
}

/* base64ish - one word of base64 (or "*", the AUTH cancel), no verb. */
static int
base64ish(const char *s, size_t len)
{
	static const char *const verbs[] = {
		"QUIT", "RSET", "DATA", "NOOP", "HELP", "EHLO", "HELO",
		"STARTTLS", "AUTH", "TURN", "ATRN", "ETRN",
	};
	size_t	i;

	if (len == 1 && s[0] == '*')
		return 1;
	if (len < 4)
		return 0;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strlen(verbs[i]) == len &&
		    strncasecmp(s, verbs[i], len) == 0)
			return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || ISDIGIT(s[i]) ||
		    s[i] == '+' || s[i] == '/' || s[i] == '='))
			return 0;
	return 1;
}

/*
 * cmd_arg - the argument of command c, line[a..len), kept cut to its
 * room; AUTH's initial response redacted.
 */
static void
cmd_arg(struct dcmd *c, const char *line, size_t a, size_t len)
{
	size_t	alen = len - a, m = len, room = ARG_MAX_ - 1;

	if (is(c, "AUTH")) {
		/* RFC 4954 4: an initial response is a credential. */
		for (m = a; m < len && !ISBLANK(line[m]); m++)
			;
		alen = m - a;
		while (m < len && ISBLANK(line[m]))
			m++;
		room = ARG_MAX_ - sizeof(DLG_REDACTED) - 2;
	}
	if (alen > room)
		alen = room;
	memcpy(c->arg, line + a, alen);
	c->arg[alen] = '\0';
	if (m < len)	/* AUTH's response follows */
		strcat(c->arg, " " DLG_REDACTED);
}

enum dlg_client_kind
dlg_client(struct dlg *d, const char *line, size_t len,
    const struct dlg_pos *pos)
{
	struct dcmd	*c;
	struct dout	*o;
	size_t		 w, i, a, sent;
	unsigned long	 size;

	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	finish(d);
	resolve(d);
	d->seen = 1;
	if (d->auth_cont) {
		/* RFC 4954 4: the client's answer to a 334 challenge. */
		d->auth_cont = 0;
		return DLG_SECRET;
	}
	if (d->in_body) {
		if (len == 1 && line[0] == '.') {
			d->in_body = 0;
			c = push_cmd(d, 0);
			memcpy(c->name, EOM, sizeof(EOM));
			c->len = 1;
		}
		return DLG_BODY;
	}
	if (d->bdat_left > 0) {
		d->bdat_left = len + 2 >= d->bdat_left ? 0 :
		    d->bdat_left - len - 2;
		return DLG_BODY;
	}
	/* The command word, after any stray leading blanks. */
	sent = len;
	while (len > 0 && ISBLANK(line[0])) {
		line++;
		len--;
	}
	for (w = 0; w < len && !ISBLANK(line[w]); w++)
		;
	/* AUTH data whose 334 the transcript does not show (trailing
	 * blanks are no part of the word). */
	if (d->last_auth) {
		for (i = w; i < len && ISBLANK(line[i]); i++)
			;
		if (i == len && base64ish(line, w))
			return DLG_SECRET;
	}
	c = push_cmd(d, 0);
	d->ncommands++;
	c->len = sent;
	for (i = 0; i < w && i < NAME_MAX_ - 1; i++)
		c->name[i] = ISLOWER(line[i]) ? line[i] - 'a' + 'A' : line[i];
	c->name[i] = '\0';
	for (a = w; a < len && ISBLANK(line[a]); a++)
		;
	cmd_arg(c, line, a, len);
	d->last_auth = is(c, "AUTH");
	if (is(c, "BDAT") && a < len && ISDIGIT(line[a])) {
		for (size = 0, i = a; i < len && ISDIGIT(line[i]) &&
		    size < 1000000000UL; i++)
			size = size * 10 + (line[i] - '0');
		d->bdat_left = size;
	}

	o = out_new(d, EV_COMMAND, pos);
	if (c->name[0] == '\0')
		o->note = DLG_EMPTY_LINE;
	set_command(o, c->name);
	o->arg = c->arg[0] != '\0' ? xstrdup(c->arg) : NULL;
	o->cmd_len = c->len;
	if ((is(c, "EHLO") || is(c, "HELO") || is(c, "LHLO")) &&
	    c->arg[0] != '\0') {
		for (i = 0; c->arg[i] != '\0' && c->arg[i] != ' '; i++)
			;
		o = out_new(d, EV_HELO, pos);
		set_command(o, c->name);
		o->arg = dupn(c->arg, i);
		o->helo = dupn(c->arg, i);
	}
	return DLG_COMMAND;
}

void
dlg_flush(struct dlg *d)
{
	finish(d);
	resolve(d);
}

void
dlg_reset(struct dlg *d)
{
	dlg_flush(d);
	d->ncmd = 0;
	d->seen = d->ncommands = d->greeted = d->replied = 0;
	d->in_body = d->auth_cont = d->last_auth = 0;
	d->bdat_left = 0;
	d->prdr_left = d->rcpt_ok = 0;
}

int
dlg_held(const struct dlg *d)
{
	return d->cur.code != 0 || d->nheld > 0;
}

int
dlg_idle(const struct dlg *d)
{
	size_t	waiting = d->ncmd;

	if (!d->seen || d->cur.code != 0)
		return 0;
	if (d->nheld > 0)
		surplus(d, &waiting, NULL);
	else if (d->in_body || d->prdr_left > 0 || d->auth_cont)
		return 0;
	return waiting == 0;
}

int
dlg_in_body(const struct dlg *d)
{
	int	body = 0;

	if (d->cur.code == 0 && d->nheld > 0)
		surplus(d, NULL, &body);	/* a 354 not yet matched */
	else
		body = d->in_body;
	return body;
}

int
dlg_next(struct dlg *d, struct smtp_event *ev)
{
	const struct dout	*o;

	if (d->outpos >= d->nout)
		return 0;
	o = &d->out[d->outpos++];
	ev->kind = o->kind;
	ev->line = o->pos.line;
	ev->when = o->pos.when;
	ev->usec = o->pos.usec;
	ev->command = o->command;
	ev->arg = o->arg;
	ev->cmd_len = o->cmd_len;
	ev->helo = o->helo;
	ev->code = o->code;
	ev->code_src = o->code != 0 ? EV_CODE_LOGGED : EV_CODE_NONE;
	ev->enhanced = o->enh;
	ev->text = o->text != NULL && o->text[0] != '\0' ? o->text : NULL;
	ev->text_truncated = o->cut;
	ev->note = o->note;
	return 1;
}
