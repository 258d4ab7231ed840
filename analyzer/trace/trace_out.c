/*
 * trace_out.c - the trace writers: a timeline per story for people
 * (escaped with escape.c, colour only when asked), or one JSON document
 * (schema/trace.schema.json) whose findings and summary are the records
 * the scan's JSON writer makes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/msg.h"
#include "report/jbuf.h"
#include "report/report.h"
#include "trace_int.h"
#include "lib/xmalloc.h"

#define TRACE_SCHEMA_VERSION	2
#define COL_MAX			100

#define SGR_BOLD	"\033[1m"
#define SGR_RED		"\033[31m"
#define SGR_YELLOW	"\033[33m"
#define SGR_OFF		"\033[0m"

/* One story made ready to write. */
struct story {
	const struct trace_group *g;
	const struct trace_obj	**objs;
	size_t			 nobjs;
	const struct trace_step	**steps;
	size_t			 nsteps;
	unsigned long		 not_shown;
	unsigned long long	 first;
};

static int
obj_cmp(const void *a, const void *b)
{
	const struct trace_obj	*x = *(const struct trace_obj *const *)a;
	const struct trace_obj	*y = *(const struct trace_obj *const *)b;

	if (x->is_msg != y->is_msg)
		return x->is_msg ? -1 : 1;
	return x->first_seq < y->first_seq ? -1 : x->first_seq > y->first_seq;
}

static int
step_cmp(const void *a, const void *b)
{
	const struct trace_step	*x = *(const struct trace_step *const *)a;
	const struct trace_step	*y = *(const struct trace_step *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
story_cmp(const void *a, const void *b)
{
	const struct story	*x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* stories - the matched groups, each with its objects and steps sorted;
 * free with stories_free. */
static struct story *
stories(const struct trace *t, size_t *n)
{
	const struct trace_group	*g;
	const struct trace_obj		*o;
	const struct trace_step		*st;
	struct story			*v, *s;
	size_t				 i;

	*n = trace_nmatches(t);
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (g = trace_groups(t), i = 0; g != NULL; g = g->next) {
		if (!g->matched)
			continue;
		s = &v[i++];
		s->g = g;
		s->objs = xcalloc(g->nobj, sizeof(*s->objs));
		s->steps = xcalloc(g->nsteps ? g->nsteps : 1,
		    sizeof(*s->steps));
		s->first = ~0ULL;
		for (o = g->head; o != NULL; o = o->gnext) {
			s->objs[s->nobjs++] = o;
			if (o->first_seq < s->first)
				s->first = o->first_seq;
			for (st = o->shead; st != NULL; st = st->next)
				s->steps[s->nsteps++] = st;
		}
		qsort(s->objs, s->nobjs, sizeof(*s->objs), obj_cmp);
		qsort(s->steps, s->nsteps, sizeof(*s->steps), step_cmp);
		s->not_shown = g->hidden;
		if (s->nsteps > TRACE_MAX_STEPS) {
			s->not_shown += s->nsteps - TRACE_MAX_STEPS;
			s->nsteps = TRACE_MAX_STEPS;
		}
	}
	qsort(v, *n, sizeof(*v), story_cmp);
	return v;
}

static void
stories_free(struct story *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].objs);
		free(v[i].steps);
	}
	free(v);
}

/* short_label - a session key without its host and program path:
 * "mx1/postfix/smtpd[4821]" is shown as "smtpd[4821]". */
static const char *
short_label(const struct trace_obj *o)
{
	const char	*p;

	if (o->is_msg || (p = strrchr(o->label, '/')) == NULL || p[1] == '\0')
		return o->label;
	return p + 1;
}

/* complete - a session both connected and disconnected, as the session
 * builder counts it (a session ended by a parser's "taken as ended" split
 * has no connect line). */
static int
complete(const struct trace_obj *o)
{
	return o->connected && o->closed_well;
}

/* step_finding - a finding of the story whose source is this step. */
static const struct finding *
step_finding(const struct trace_group *g, const struct trace_step *s)
{
	const struct trace_fnd	*f;

	for (f = g->fhead; f != NULL; f = f->next)
		if (f->f->line == s->line && f->f->file != NULL &&
		    strcmp(f->f->file, s->file) == 0)
			return f->f;
	return NULL;
}

/* ---- text ---- */

struct tx {
	FILE	*fp;
	int	 color;
};

static void
sgr(const struct tx *x, const char *seq)
{
	if (x->color)
		fputs(seq, x->fp);
}

static size_t
text(const struct tx *x, const char *s, size_t max)
{
	if (s == NULL)
		s = "-";
	return esc_put(x->fp, s, strlen(s), max);
}

static void
pad(const struct tx *x, const char *s, size_t width)
{
	size_t	cols = text(x, s, width);

	if (cols < width)
		fprintf(x->fp, "%*s", (int)(width - cols), "");
}

static void
when(char *buf, time_t t, int usec)
{
	if (report_isotime(buf, t, usec) == NULL)
		strcpy(buf, "-");
}

static void
text_obj(const struct tx *x, const struct trace_obj *o)
{
	char	a[REPORT_TIMELEN], b[REPORT_TIMELEN];

	fprintf(x->fp, "  %s%s ", o->matched ? "*" : " ",
	    msg(o->is_msg ? MSG_TR_MESSAGE : MSG_TR_SESSION));
	sgr(x, SGR_BOLD);
	text(x, o->label, 0);
	sgr(x, SGR_OFF);
	if (o->bounce_of != NULL) {
		fprintf(x->fp, "  %s ", msg(MSG_TR_NOTIFICATION_OF));
		text(x, o->bounce_of, 0);
	}
	if (o->client_ip != NULL || o->client_name != NULL) {
		fprintf(x->fp, "  %s ", msg(MSG_TR_CLIENT));
		if (o->client_name != NULL)
			text(x, o->client_name, 0);
		if (o->client_ip != NULL) {
			fputc('[', x->fp);
			text(x, o->client_ip, 0);
			fputc(']', x->fp);
		}
	}
	if (o->helo != NULL) {
		fprintf(x->fp, "  %s ", msg(MSG_TR_HELO));
		text(x, o->helo, 0);
	}
	when(a, o->first, 0);
	when(b, o->last, 0);
	fprintf(x->fp, "\n      %s .. %s", a, b);
	if (o->is_msg) {
		fprintf(x->fp, "  %s ", msg(MSG_TR_FROM));
		text(x, o->from, 0);
		fputs("  ", x->fp);
		fprintf(x->fp, msg(o->deliveries == 1 ? MSG_TR_DELIVERY_1 :
		    MSG_TR_DELIVERY_N), o->deliveries);
		if (o->status != NULL) {
			fprintf(x->fp, ", %s ", msg(MSG_TR_LAST));
			text(x, o->status, 0);
		}
		fprintf(x->fp, "  %s", msg(o->closed_well ? MSG_TR_REMOVED :
		    MSG_TR_STILL_QUEUED));
		if (o->message_id != NULL) {
			fprintf(x->fp, "\n      %s ", msg(MSG_TR_MESSAGE_ID));
			text(x, o->message_id, 0);
		}
	} else
		fprintf(x->fp, "  %s", msg(complete(o) ? MSG_TR_COMPLETE :
		    o->evicted ? MSG_TR_CLOSED_EARLY : o->closed_well ?
		    MSG_TR_NO_CONNECT : MSG_TR_NO_DISCONNECT));
	fputc('\n', x->fp);
}

/* text_timeline - a story's steps, one a line, in columns as wide as the
 * widest source and object (within bounds). */
static void
text_timeline(const struct tx *x, const struct story *s)
{
	const struct finding	*fd;
	char			 t[REPORT_TIMELEN], src[64];
	size_t			 k, wsrc = 6, wobj = 6, w;

	for (k = 0; k < s->nsteps; k++) {
		snprintf(src, sizeof(src), ":%lu", s->steps[k]->line);
		w = esc_width(s->steps[k]->file, strlen(s->steps[k]->file)) +
		    strlen(src);
		wsrc = w > wsrc ? (w < COL_MAX ? w : COL_MAX) : wsrc;
		w = esc_width(short_label(s->steps[k]->obj),
		    strlen(short_label(s->steps[k]->obj)));
		wobj = w > wobj ? (w < 24 ? w : 24) : wobj;
	}
	fprintf(x->fp, "\n  %s\n", msg(MSG_TR_TIMELINE));
	for (k = 0; k < s->nsteps; k++) {
		const struct trace_step *st = s->steps[k];

		when(t, st->when, st->usec);
		fd = step_finding(s->g, st);
		fprintf(x->fp, "  %s", fd != NULL ? "!" : " ");
		fprintf(x->fp, " %-20s  ", t);
		w = text(x, st->file, COL_MAX);
		w += (size_t)fprintf(x->fp, ":%lu", st->line);
		if (w < wsrc)
			fprintf(x->fp, "%*s", (int)(wsrc - w), "");
		fputs("  ", x->fp);
		pad(x, short_label(st->obj), wobj);
		fputs("  ", x->fp);
		pad(x, ev_kind_name(st->kind), 12);
		fputs("  ", x->fp);
		if (st->code >= 500)
			sgr(x, SGR_RED);
		else if (st->code >= 400)
			sgr(x, SGR_YELLOW);
		text(x, st->what, 0);
		if (st->code >= 400)
			sgr(x, SGR_OFF);
		fputc('\n', x->fp);
	}
	if (s->not_shown > 0) {
		fputs("  ", x->fp);
		fprintf(x->fp, msg(s->not_shown == 1 ? MSG_TR_NOT_SHOWN_1 :
		    MSG_TR_NOT_SHOWN_N), s->not_shown, TRACE_MAX_STEPS);
		fputc('\n', x->fp);
	}
}

/* text_findings - a story's findings, one or two lines each; how many. */
static size_t
text_findings(const struct tx *x, const struct story *s)
{
	const struct trace_fnd	*f;
	const struct finding	*fd;
	size_t			 nf = 0;

	for (f = s->g->fhead; f != NULL; f = f->next)
		nf++;
	if (nf == 0)
		return 0;
	fputs("\n  ", x->fp);
	fprintf(x->fp, msg(MSG_TR_FINDINGS), nf);
	fputc('\n', x->fp);
	for (f = s->g->fhead; f != NULL; f = f->next) {
		fd = f->f;
		fputs("    ", x->fp);
		sgr(x, SGR_RED);
		if (fd->code > 0)
			fprintf(x->fp, "%d", fd->code);
		else
			fputs("---", x->fp);
		sgr(x, SGR_OFF);
		if (fd->code_src == EV_CODE_INFERRED)
			fprintf(x->fp, " %s", msg(MSG_CODE_INFERRED));
		fprintf(x->fp, " %s ", msg(MSG_TR_AT));
		text(x, fd->command, 0);
		fputs("  ", x->fp);
		text(x, fd->file, COL_MAX);
		fprintf(x->fp, ":%lu  %s ", fd->line, msg(MSG_HTML_CAUSE));
		text(x, fd->rule != NULL ? fd->rule->cause : "(no rule)", 0);
		if (fd->rule != NULL) {
			fputs(" (", x->fp);
			text(x, fd->rule->id, 0);
			fputs(")", x->fp);
		}
		fputc('\n', x->fp);
		if (fd->text != NULL) {
			fputs("      ", x->fp);
			text(x, fd->text, 100);
			fputc('\n', x->fp);
		}
	}
	return nf;
}

/* text_advice - the advice of a story's findings, once per rule. */
static void
text_advice(const struct tx *x, const struct story *s)
{
	const struct trace_fnd	*f;
	size_t			 shown = 0;

	for (f = s->g->fhead; f != NULL; f = f->next) {
		const struct trace_fnd	*e;
		const struct rule_info	*r = f->f->rule;

		if (r == NULL)
			continue;
		for (e = s->g->fhead; e != f && e->f->rule != r; e = e->next)
			;
		if (e != f)
			continue;
		if (shown++ == 0)
			fprintf(x->fp, "\n  %s\n", msg(MSG_TR_ADVICE));
		fputs("    ", x->fp);
		sgr(x, SGR_BOLD);
		text(x, r->title != NULL ? r->title : r->id, 0);
		sgr(x, SGR_OFF);
		fputs(" [", x->fp);
		text(x, r->id, 0);
		fprintf(x->fp, "]\n      %s%s ", msg(MSG_TR_WHO), msg(MSG_COLON));
		text(x, msg_value("who_", r->who), 0);
		fprintf(x->fp, "\n      %s%s ", msg(MSG_TR_FIX), msg(MSG_COLON));
		text(x, r->fix, 0);
		fputc('\n', x->fp);
	}
}

static void
text_story(const struct tx *x, const struct story *s, size_t i, size_t n)
{
	size_t	k;

	fputc('\n', x->fp);
	sgr(x, SGR_BOLD);
	fprintf(x->fp, msg(MSG_TR_STORY), i + 1, n);
	sgr(x, SGR_OFF);
	fprintf(x->fp, " %s\n", msg(MSG_TR_STORY_MARK));
	for (k = 0; k < s->nobjs; k++)
		text_obj(x, s->objs[k]);
	text_timeline(x, s);
	if (text_findings(x, s) > 0)
		text_advice(x, s);
}

int
trace_write_text(const struct trace *t, FILE *fp, int color,
    const struct summary *sum)
{
	const struct trace_query	*q = trace_get_query(t);
	struct tx			 x = { fp, color };
	struct story			*v;
	size_t				 n, i;

	v = stories(t, &n);
	errno = 0;
	fprintf(fp, "%s ", msg(MSG_TR_TRACE_OF));
	text(&x, trace_query_text(q), 0);
	fprintf(fp, " (%s): ", trace_kind_name(trace_query_kind(q)));
	fprintf(fp, msg(n == 1 ? MSG_TR_N_STORY : MSG_TR_N_STORIES), n);
	fputc('\n', fp);
	for (i = 0; i < n; i++)
		text_story(&x, &v[i], i, n);
	fputc('\n', fp);
	fprintf(fp, msg(sum->lines == 1 ? (sum->ninputs == 1 ? MSG_TR_READ_11 :
	    MSG_TR_READ_1N) : (sum->ninputs == 1 ? MSG_TR_READ_N1 :
	    MSG_TR_READ_NN)), sum->lines, sum->ninputs, sum->used, sum->ignored,
	    sum->unrecognized, sum->truncated);
	if (sum->input_errors > 0) {
		fputs("; ", fp);
		fprintf(fp, msg(sum->input_errors == 1 ? MSG_TR_FAILED_1 :
		    MSG_TR_FAILED_N), sum->input_errors);
	}
	fputs(".\n", fp);
	if (trace_evicted(t) > 0) {
		fprintf(fp, msg(trace_evicted(t) == 1 ? MSG_TR_EVICTED_1 :
		    MSG_TR_EVICTED_N), trace_evicted(t), TRACE_MAX_OPEN);
		fputc('\n', fp);
	}
	stories_free(v, n);
	return ferror(fp) ? -1 : 0;
}

/* ---- JSON ---- */

static void
jtime(struct jbuf *j, const char *k, time_t t, int usec)
{
	char	buf[REPORT_TIMELEN];

	if (report_isotime(buf, t, usec) == NULL)
		jb_null(j, k);
	else
		jb_str(j, k, buf);
}

static void
json_obj(struct jbuf *j, const struct trace_obj *o)
{
	jb_obj(j, NULL);
	jb_bool(j, "matched", o->matched);
	if (o->is_msg) {
		jb_str(j, "queue_id", o->label);
		jb_str(j, "key", o->key);
		jb_str(j, "from", o->from);
		jb_str(j, "to", o->to);
		jb_str(j, "message_id", o->message_id);
		jb_str(j, "bounce_of", o->bounce_of);
		jb_str(j, "session", o->session_sid);
		jb_str(j, "client_name", o->client_name);
		jb_str(j, "client_ip", o->client_ip);
		jb_int(j, "deliveries", (long long)o->deliveries);
		jb_str(j, "status", o->status);
		jb_bool(j, "removed", o->closed_well);
	} else {
		jb_str(j, "id", o->sid);
		jb_str(j, "key", o->key);
		jb_str(j, "client_name", o->client_name);
		jb_str(j, "client_ip", o->client_ip);
		jb_str(j, "helo", o->helo);
		jb_bool(j, "complete", complete(o));
	}
	jtime(j, "first", o->first, 0);
	jtime(j, "last", o->last, 0);
	jb_end(j, '}');
}

static void
json_step(struct jbuf *j, const struct trace_step *s)
{
	jb_obj(j, NULL);
	jtime(j, "time", s->when, s->usec);
	jb_str(j, "file", s->file);
	jb_int(j, "line", (long long)s->line);
	jb_str(j, "object", s->obj->is_msg ? "message" : "session");
	jb_str(j, "object_id", s->obj->is_msg ? s->obj->label : s->obj->sid);
	jb_str(j, "event", ev_kind_name(s->kind));
	jb_str(j, "program", s->program);
	jb_str(j, "direction", ev_dir_name(s->dir));
	if (s->code != 0)
		jb_int(j, "code", s->code);
	else
		jb_null(j, "code");
	jb_str(j, "enhanced", s->enhanced);
	jb_str(j, "status", s->status);
	jb_str(j, "dsn", s->dsn);
	jb_str(j, "what", s->what);
	jb_end(j, '}');
}

static void
json_story(struct jbuf *j, const struct story *s)
{
	const struct trace_fnd	*f;
	size_t			 k;

	jb_obj(j, NULL);
	jb_arr(j, "messages");
	for (k = 0; k < s->nobjs; k++)
		if (s->objs[k]->is_msg)
			json_obj(j, s->objs[k]);
	jb_end(j, ']');
	jb_arr(j, "sessions");
	for (k = 0; k < s->nobjs; k++)
		if (!s->objs[k]->is_msg)
			json_obj(j, s->objs[k]);
	jb_end(j, ']');
	jb_arr(j, "timeline");
	for (k = 0; k < s->nsteps; k++)
		json_step(j, s->steps[k]);
	jb_end(j, ']');
	jb_int(j, "steps_not_shown", (long long)s->not_shown);
	jb_arr(j, "findings");
	for (f = s->g->fhead; f != NULL; f = f->next)
		report_json_finding(j, f->f);
	jb_end(j, ']');
	jb_end(j, '}');
}

int
trace_write_json(const struct trace *t, FILE *fp, const struct summary *sum,
    const char *version)
{
	const struct trace_query	*q = trace_get_query(t);
	struct jbuf			 j;
	struct story			*v;
	size_t				 n, i;
	int				 rv = 0;

	v = stories(t, &n);
	jb_init(&j, 2);
	jb_reset(&j, 0);
	jb_obj(&j, NULL);
	jb_int(&j, "schema_version", TRACE_SCHEMA_VERSION);
	jb_obj(&j, "query");
	jb_str(&j, "text", trace_query_text(q));
	jb_str(&j, "kind", trace_kind_name(trace_query_kind(q)));
	jb_end(&j, '}');
	jb_arr(&j, "matches");
	for (i = 0; i < n; i++)
		json_story(&j, &v[i]);
	jb_end(&j, ']');
	jb_int(&j, "evicted", (long long)trace_evicted(t));
	jb_put(&j, ",\n  \"summary\": ");
	errno = 0;
	if (fwrite(j.buf, 1, j.len, fp) != j.len)
		rv = -1;
	jb_reset(&j, 2);
	report_json_summary(&j, sum, version);
	jb_put(&j, "\n}\n");
	if (fwrite(j.buf, 1, j.len, fp) != j.len)
		rv = -1;
	jb_release(&j);
	stories_free(v, n);
	return rv != 0 || ferror(fp) ? -1 : 0;
}
