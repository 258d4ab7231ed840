/*
 * session_find.c - the session builder's findings: made from an event and
 * what its session and message know, diagnosed by the rules, held with
 * their session until it ends (or emitted at once outside one), merged
 * when two lines log one refusal, inferred from a disconnect's counters,
 * and counted for the summary.  Sessions and messages are session.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fmt.h"
#include "lib/xmalloc.h"
#include "rule_cache.h"
#include "session_int.h"
#include "smtpstate.h"

static int
code_wanted(const struct sess_table *t, int code)
{
	size_t	i;

	if (code >= 0 && code < CODE_LIMIT)
		return t->wanted[code];
	for (i = 0; i < t->cfg.ncodes; i++)
		if (t->cfg.codes[i] == code)
			return 1;
	return 0;
}

/*
 * count_finding - account for a finding in the summary.  Code names live
 * in the table so the summary can point at them.
 */
static void
count_finding(struct sess_table *t, const struct finding *f)
{
	size_t	i;

	t->nfindings++;
	if (f->text_truncated)
		t->ntext_cut++;
	if (f->code_src == EV_CODE_INFERRED)
		t->ninferred++;
	else
		t->nlogged++;
	if (f->dir == EV_DIR_OUT)
		t->nout++;
	else
		t->nin++;
	for (i = 0; i < t->ncodes; i++)
		if (t->codevals[i] == f->code)
			break;
	if (i == t->ncodes && t->ncodes < SUMMARY_MAX_CODES) {
		snprintf(t->codenames[i], sizeof(t->codenames[i]), "%d",
		    f->code);
		t->codevals[i] = atoi(t->codenames[i]);
		t->ncodes++;
	}
	if (i < t->ncodes) {
		t->by_code[i].name = t->codenames[i];
		t->by_code[i].count++;
	}
	summary_count_add(t->by_cause, &t->ncauses,
	    sizeof(t->by_cause) / sizeof(t->by_cause[0]),
	    f->rule ? f->rule->cause : "unclassified", 1);
}

static int
emit(struct sess_table *t, const struct finding *f)
{
	/* Outside --since/--until (a time unknown is not inside): left
	 * out, counted apart. */
	if ((t->cfg.since != 0 && f->when < t->cfg.since) ||
	    (t->cfg.until != 0 && (f->when == 0 || f->when >= t->cfg.until))) {
		t->nout_of_range++;
		return t->failed ? -1 : 0;
	}
	count_finding(t, f);
	if (t->failed)
		return -1;
	if (t->cfg.emit != NULL && t->cfg.emit(t->cfg.arg, f) != 0) {
		t->failed = 1;
		return -1;
	}
	return 0;
}

/* sfind_flush - emit a session's held findings with what it knows now. */
int
sfind_flush(struct sess_table *t, struct session *s, time_t end,
    int complete)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < s->npend; i++) {
		struct finding	*f = s->pend[i];

		f->session_end = end;
		f->session_complete = complete;
		if (f->helo == NULL)
			f->helo = s->helo.p;
		if (emit(t, f) != 0)
			rc = -1;
		free(f);
	}
	s->npend = 0;
	s->pbytes = 0;
	s->last_find = NULL;
	smem_held(t, s);
	return rc;
}

/* cut_copy - append n bytes of src at p, stopping at end; the new p. */
static char *
cut_copy(char *p, const char *end, const char *src, size_t n)
{
	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	memcpy(p, src, n);
	return p + n;
}

/* cut_int - v in decimal appended at p, stopping at end; the new p. */
static char *
cut_int(char *p, const char *end, int v)
{
	char		 num[FMT_DEC_MAX + 1], *q;
	unsigned	 u = v < 0 ? 0U - (unsigned)v : (unsigned)v;

	q = fmt_udec_back(num + sizeof(num), u);
	if (v < 0)
		*--q = '-';
	return cut_copy(p, end, q, (size_t)(num + sizeof(num) - q));
}

/* cut_str - s appended at p, stopping at end; the new p. */
static char *
cut_str(char *p, const char *end, const char *s)
{
	return cut_copy(p, end, s, strlen(s));
}

/*
 * sfind_id - the session's id, "KEY@FILE:LINE" of its first event, cut
 * at 1023 bytes as snprintf would cut it into a 1024-byte buffer; built by
 * hand, since snprintf cost 5 % of a scan here.
 */
const char *
sfind_id(struct session *s)
{
	char		 num[FMT_DEC_MAX], *q, *p, *end;
	size_t		 flen, idlen;

	if (s->id != NULL)
		return s->id;
	q = fmt_udec_back(num + sizeof(num), s->line);
	flen = strlen(s->file);
	idlen = s->key.len + 1 + flen + 1 + (size_t)(num + sizeof(num) - q);
	if (idlen > 1023)
		idlen = 1023;
	s->id = idlen < sizeof(s->room) ? s->room : xmalloc(idlen + 1);
	p = s->id;
	end = s->id + idlen;
	p = cut_copy(p, end, s->key.s, s->key.len);
	p = cut_copy(p, end, "@", 1);
	p = cut_copy(p, end, s->file, flen);
	p = cut_copy(p, end, ":", 1);
	p = cut_copy(p, end, q, (size_t)(num + sizeof(num) - q));
	*p = '\0';
	return s->id;
}

/*
 * next_rank - how many findings with this code were made before from the
 * event's line: the findings of one line are made one after another
 * (while its events are fed), so a few counters for the current line do.
 */
static unsigned
next_rank(struct sess_table *t, unsigned long line, int code)
{
	size_t	i;

	if (t->rank_key != t->input_key || t->rank_line != line) {
		t->rank_key = t->input_key;
		t->rank_line = line;
		t->nranks = 0;
	}
	for (i = 0; i < t->nranks; i++)
		if (t->ranks[i].code == code)
			return t->ranks[i].n++;
	if (t->nranks == sizeof(t->ranks) / sizeof(t->ranks[0]))
		i = t->nranks - 1;	/* nine codes from one line: forged */
	else
		i = t->nranks++;
	t->ranks[i].code = code;
	t->ranks[i].n = 1;
	return 0;
}

/*
 * make_finding - fill a finding from an event and what the session and
 * message know; the rule engine diagnoses it.
 */
static void
make_finding(struct sess_table *t, struct finding *f,
    const struct smtp_event *ev, struct session *s,
    const struct message *m)
{
	struct rule_query	q;

	memset(f, 0, sizeof(*f));
	f->when = ev->when;
	f->usec = ev->usec;
	f->host = ev->host;
	f->program = ev->program;
	f->code = ev->code;
	f->code_src = ev->code_src;
	f->enhanced = ev->enhanced;
	f->text = ev->text;
	f->text_truncated = ev->text_truncated;
	f->command = ev->command;
	f->why = ev->why;
	f->dir = ev->dir == EV_DIR_NONE ? EV_DIR_IN : ev->dir;
	f->event = ev_kind_name(ev->kind);
	f->relay_name = ev->relay_name;
	f->relay_ip = ev->relay_ip;
	f->relay_port = ev->relay_port;
	f->queue_id = ev->queue_id;
	f->from = ev->from;
	f->to = ev->to;
	f->message_id = NULL;
	f->file = ev->file;
	f->line = ev->line;
	f->id = finding_id(t->input_key, ev->line, ev->code,
	    next_rank(t, ev->line, ev->code));
	f->arg = ev->command != NULL && strcmp(ev->command, "AUTH") == 0 ?
	    NULL : ev->arg;
	if (s != NULL) {
		f->session_id = sfind_id(s);
		f->client_name = s->client_name.p;
		f->client_ip = s->client_ip.p;
		f->client_port = s->client_port;
		f->helo = s->helo.p;
		f->session_start = s->start;
	} else if (m != NULL && m->session_id != NULL &&
	    f->dir == EV_DIR_IN) {
		f->session_id = m->session_id;
		f->client_name = m->client_name;
		f->client_ip = m->client_ip;
		f->client_port = m->client_port;
		f->helo = m->helo;
		f->session_start = m->session_start;
	}
	if (f->client_ip == NULL && f->dir == EV_DIR_IN) {
		f->client_name = ev->client_name;
		f->client_ip = ev->client_ip;
		f->client_port = ev->client_port;
	}
	if (ev->helo != NULL)
		f->helo = ev->helo;
	if (m != NULL) {
		if (f->queue_id == NULL)
			f->queue_id = m->queue_id.p;
		if (f->from == NULL)
			f->from = m->from.p;
		f->message_id = m->message_id.p;
		f->bounce_of = m->bounce_of.p;
	}
	q.code = f->code;
	q.enhanced = f->enhanced;
	q.text = f->text;
	q.text_truncated = f->text_truncated;
	q.command = f->command;
	q.dir = f->dir;
	q.code_src = f->code_src;
	f->rule = rule_cache_match(t->rcache, &q);
}

/* hold - keep a session's finding until the session ends. */
static struct finding *
hold(struct sess_table *t, struct session *s, const struct finding *f)
{
	size_t	size;

	if (s->npend == s->cappend) {
		s->cappend = s->cappend ? s->cappend * 2 : 4;
		s->pend = xreallocarray(s->pend, s->cappend, sizeof(*s->pend));
	}
	s->pend[s->npend] = finding_dup_sized(f, &size);
	s->pbytes += size;
	/* Bounded: a session that never ends cannot hold findings forever. */
	if (s->npend + 1 >= t->cfg.max_pending) {
		s->npend++;
		sfind_flush(t, s, 0, 0);
		return NULL;
	}
	s->npend++;
	smem_held(t, s);
	return s->pend[s->npend - 1];
}

/* copy_cut - s (NULL: "") into dst of size bytes, cut as snprintf cuts. */
static void
copy_cut(char *dst, size_t size, const char *s)
{
	size_t	n = 0;

	if (s != NULL)
		memcpy(dst, s, n = strnlen(s, size - 1));
	dst[n] = '\0';
}

/*
 * sfind_reply - a reply, greeting or reject inside a session.  A verbose
 * "> client: 554 ..." reply and the "reject: ... 554" line that logs the
 * same refusal are one failure: the second merges into the first.
 */
int
sfind_reply(struct sess_table *t, struct session *s,
    const struct smtp_event *ev, struct message *m)
{
	struct finding	 f;
	const char	*expl = NULL;
	int		 is_reject = ev->kind == EV_REJECT;

	/* A dialogue (greeting, commands, replies) explains its replies. */
	if (ev->kind == EV_GREETING && s->st == NULL)
		s->st = smst_new(s->connected);
	if (s->st != NULL && !is_reject && ev->code_src == EV_CODE_LOGGED)
		expl = smst_feed(s->st, ev);
	if (ev->code < 400 || ev->code > 599)
		return 0;
	if (s->last_code == ev->code && !s->last_merged &&
	    (s->last_kind == EV_REJECT) != is_reject &&
	    strcmp(s->last_cmd, ev->command ? ev->command : "") == 0) {
		s->last_merged = 1;
		if (s->last_find != NULL && (is_reject || expl != NULL)) {
			struct finding	*old = s->last_find;
			size_t		 i, size;

			for (i = 0; i < s->npend; i++)
				if (s->pend[i] == old)
					break;
			if (i == s->npend)
				return 0;
			/* The reject line is richer: envelope and source;
			 * the explanation comes from the dialogue's reply. */
			if (is_reject) {
				make_finding(t, &f, ev, s, m);
				f.explanation = old->explanation;
			} else {
				f = *old;
				f.explanation = expl;
			}
			s->last_find = s->pend[i] = finding_dup_sized(&f, &size);
			s->pbytes += size;
			s->pbytes -= finding_size(old);
			free(old);
			smem_held(t, s);
		}
		return 0;
	}
	fc_count(&s->fails, ev->command);
	s->last_code = ev->code;
	s->last_kind = ev->kind;
	s->last_merged = 0;
	copy_cut(s->last_cmd, sizeof(s->last_cmd), ev->command);
	s->last_find = NULL;
	if (code_wanted(t, ev->code)) {
		make_finding(t, &f, ev, s, m);
		f.explanation = expl;
		s->last_find = hold(t, s, &f);
	}
	return t->failed ? -1 : 0;
}

/*
 * sfind_infer - a disconnect's counters say how many commands failed;
 * those no other line logged become inferred failures, findings when the
 * parser knows the one reply the server gives for them.
 */
void
sfind_infer(struct sess_table *t, struct session *s,
    const struct smtp_event *ev)
{
	struct smtp_event	 iev;
	struct finding		 f;
	char			 cmd[CMD_MAX], why[1024], *p;
	const char		*end;
	int			 i, j, failed, missing;
	size_t			 k;

	for (i = 0; i < ev->ncounters; i++) {
		const struct ev_counter	*c = &ev->counters[i];

		/* Most counters show no failure: nothing to infer. */
		if ((failed = c->total - c->ok) <= 0)
			continue;
		if (strcmp(c->name, "commands") == 0)
			continue;
		/* A name given twice (forged) counts once. */
		for (j = 0; j < i; j++)
			if (ev->counters[j].name[0] == c->name[0] &&
			    strcmp(ev->counters[j].name, c->name) == 0)
				break;
		if (j < i)
			continue;
		missing = failed - fc_logged(&s->fails, c->name);
		if (missing <= 0)
			continue;
		if (c->implied_code == 0) {
			t->inferred_without_code += missing;
			continue;
		}
		if (!code_wanted(t, c->implied_code))
			continue;
		if (missing > SESS_MAX_INFERRED) {
			t->inferred_over_cap += missing - SESS_MAX_INFERRED;
			missing = SESS_MAX_INFERRED;
		}
		for (k = 0; k < CMD_MAX - 1 && c->name[k] != '\0'; k++)
			cmd[k] = toupper((unsigned char)c->name[k]);
		cmd[k] = '\0';
		/* "%s=%d/%d: %d failed, %d logged; %s" written by hand
		 * (snprintf was a fifth of inferring), cut as it cuts. */
		p = why;
		end = why + sizeof(why) - 1;
		p = cut_str(p, end, c->name);
		p = cut_str(p, end, "=");
		p = cut_int(p, end, c->ok);
		p = cut_str(p, end, "/");
		p = cut_int(p, end, c->total);
		p = cut_str(p, end, ": ");
		p = cut_int(p, end, failed);
		p = cut_str(p, end, " failed, ");
		p = cut_int(p, end, failed - missing);
		p = cut_str(p, end, " logged; ");
		p = cut_str(p, end, c->why ? c->why :
		    "the server gives this reply");
		*p = '\0';
		iev = *ev;
		iev.kind = EV_REPLY;
		iev.dir = EV_DIR_IN;
		iev.command = cmd;
		iev.code = c->implied_code;
		iev.code_src = EV_CODE_INFERRED;
		iev.enhanced = c->implied_enhanced;
		iev.text = c->implied_text;
		iev.why = why;
		for (j = 0; j < missing; j++) {
			make_finding(t, &f, &iev, s, NULL);
			hold(t, s, &f);
		}
	}
}

/* sfind_message - a finding outside any session (a remote server's reply
 * to us, or a reject of a message whose session is gone): emitted at
 * once. */
int
sfind_message(struct sess_table *t, const struct smtp_event *ev,
    struct message *m)
{
	struct finding	f;

	if (!code_wanted(t, ev->code))
		return 0;
	make_finding(t, &f, ev, NULL, m);
	return emit(t, &f);
}

static int
code_cmp(const void *a, const void *b)
{
	const struct summary_count *x = a, *y = b;

	return atoi(x->name) - atoi(y->name);
}

static int
count_cmp(const void *a, const void *b)
{
	const struct summary_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->name, y->name);
}

void
sess_summary(const struct sess_table *t, struct summary *s)
{
	size_t	i;

	s->sessions += t->nsessions;
	s->sessions_incomplete += t->nincomplete;
	s->sessions_evicted += t->nevicted;
	s->messages += t->nmessages;
	s->messages_incomplete += t->nmsg_incomplete;
	s->messages_evicted += t->nmsg_evicted;
	s->deliveries += t->ndeliveries;
	s->rejects += t->nrejects;
	s->findings += t->nfindings;
	s->findings_logged += t->nlogged;
	s->findings_inferred += t->ninferred;
	s->findings_inbound += t->nin;
	s->findings_outbound += t->nout;
	s->inferred_failures_without_code += t->inferred_without_code;
	s->inferred_over_cap += t->inferred_over_cap;
	s->sessions_evicted_count += t->nevicted_count;
	s->text_truncated += t->ntext_cut;
	s->findings_out_of_range += t->nout_of_range;
	for (i = 0; i < t->ncodes; i++)
		summary_count_add(s->by_code, &s->ncodes, SUMMARY_MAX_CODES,
		    t->by_code[i].name, t->by_code[i].count);
	for (i = 0; i < t->ncauses; i++)
		summary_count_add(s->by_cause, &s->ncauses,
		    sizeof(s->by_cause) / sizeof(s->by_cause[0]),
		    t->by_cause[i].name, t->by_cause[i].count);
	qsort(s->by_code, s->ncodes, sizeof(s->by_code[0]), code_cmp);
	qsort(s->by_cause, s->ncauses, sizeof(s->by_cause[0]), count_cmp);
}
