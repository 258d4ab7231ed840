/*
 * scan_jobs.c - the -j scan: worker threads take files in order, each file
 * scanned into its own session table whose findings are written to a
 * spool (a temporary file, so memory stays bounded), and this thread
 * replays each spool into the writer as soon as its file is done.  What a
 * scan of one file does is scan.c's job.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/stop.h"
#include "scan_jobs.h"
#include "lib/xmalloc.h"

/* The string fields of a finding, in spool order (FINDING_STRINGS). */
#define STR_OFF(name)	offsetof(struct finding, name),
static const size_t	str_off[] = { FINDING_STRINGS(STR_OFF, STR_OFF) };
#undef STR_OFF
#define NSTR	(sizeof(str_off) / sizeof(str_off[0]))
#define NOSTR	UINT32_MAX

#define FSTR(f, i)	(*(const char **)((const char *)(f) + str_off[i]))

/* The fixed part of a spooled finding; the strings follow it. */
struct rec {
	uint64_t	 id;
	time_t		 when, session_start, session_end;
	unsigned long	 line;
	long		 rule;		/* index in the ruleset, -1: none */
	int		 usec, code, code_src, dir, client_port, relay_port;
	int		 session_complete, text_truncated;
	uint32_t	 len[NSTR];	/* NOSTR for NULL */
};

struct job {
	FILE			*spool;
	const struct ruleset	*rules;	/* the worker's */
	struct sess_table	*sess;
	struct traffic		*traffic;	/* its own, merged when replayed */
	int			 rc;	/* scan_input's, -2 also: spool failed */
	int			 done;
};

struct scan_jobs {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	size_t			 next, n;
	int			 stop;
	char *const		*paths;
	const struct scan_opts	*sopts;
	const struct sess_config *cfg;
	struct summary_input	*ins;
	struct job		*jobs;
	struct ruleset *const	*rulesets;
	size_t			 budget;	/* each worker's memory */
};

struct worker {
	struct scan_jobs	*p;
	size_t		 id;
	pthread_t	 th;
};

/* rule_index - the place of r in rs, -1 for none. */
static long
rule_index(const struct ruleset *rs, const struct rule_info *r)
{
	const struct rule_info	*x;
	size_t			 i;

	if (r == NULL)
		return -1;
	for (i = 0; (x = rule_get(rs, i)) != NULL; i++)
		if (x == r)
			return (long)i;
	return -1;
}

/* spool - sess emit callback: append the finding to the job's spool. */
static int
spool(void *arg, const struct finding *f)
{
	struct job	*j = arg;
	struct rec	 r;
	size_t		 i;

	memset(&r, 0, sizeof(r));
	r.id = f->id;
	r.when = f->when;
	r.session_start = f->session_start;
	r.session_end = f->session_end;
	r.line = f->line;
	r.rule = rule_index(j->rules, f->rule);
	r.usec = f->usec;
	r.code = f->code;
	r.code_src = (int)f->code_src;
	r.dir = (int)f->dir;
	r.client_port = f->client_port;
	r.relay_port = f->relay_port;
	r.session_complete = f->session_complete;
	r.text_truncated = f->text_truncated;
	for (i = 0; i < NSTR; i++)
		r.len[i] = FSTR(f, i) != NULL ? (uint32_t)strlen(FSTR(f, i)) :
		    NOSTR;
	if (fwrite(&r, sizeof(r), 1, j->spool) != 1)
		return -1;
	for (i = 0; i < NSTR; i++)
		if (r.len[i] != NOSTR && fwrite(FSTR(f, i), 1, r.len[i],
		    j->spool) != r.len[i])
			return -1;
	return 0;
}

/*
 * replay - read one spool back and hand each finding to emit.  Returns 0,
 * -1 when emit failed (output error), -2 when the spool could not be read.
 */
static int
replay(FILE *sp, const struct ruleset *rs, const struct sess_config *cfg)
{
	struct finding	 f;
	struct rec	 r;
	char		*buf = NULL, *p;
	size_t		 cap = 0, need, i;
	int		 rv = 0;

	while (fread(&r, sizeof(r), 1, sp) == 1) {
		for (need = 0, i = 0; i < NSTR; i++)
			need += r.len[i] != NOSTR ? r.len[i] + 1 : 0;
		if (need > cap) {
			cap = need;
			buf = xrealloc(buf, cap);
		}
		memset(&f, 0, sizeof(f));
		for (p = buf, i = 0; i < NSTR; i++) {
			if (r.len[i] == NOSTR)
				continue;
			if (fread(p, 1, r.len[i], sp) != r.len[i]) {
				rv = -2;
				goto out;
			}
			p[r.len[i]] = '\0';
			FSTR(&f, i) = p;
			p += r.len[i] + 1;
		}
		f.id = r.id;
		f.when = r.when;
		f.session_start = r.session_start;
		f.session_end = r.session_end;
		f.line = r.line;
		f.rule = r.rule >= 0 ? rule_get(rs, (size_t)r.rule) : NULL;
		f.usec = r.usec;
		f.code = r.code;
		f.code_src = (enum ev_code_src)r.code_src;
		f.dir = (enum ev_dir)r.dir;
		f.client_port = r.client_port;
		f.relay_port = r.relay_port;
		f.session_complete = r.session_complete;
		f.text_truncated = r.text_truncated;
		if (cfg->emit(cfg->arg, &f) != 0) {
			rv = -1;
			goto out;
		}
	}
	if (ferror(sp))
		rv = -2;
out:
	free(buf);
	return rv;
}

static void *
work(void *arg)
{
	struct worker		*w = arg;
	struct scan_jobs		*p = w->p;
	struct sess_config	 cfg;
	struct scan_opts	 so;
	struct job		*j;
	size_t			 i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		/* Asked to stop (stop.h): no file more; the replay waits for
		 * no file that was not started. */
		if (stop_signal() != 0)
			p->stop = 1;
		i = p->stop ? p->n : p->next++;
		if (i >= p->n)
			pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		j = &p->jobs[i];
		j->rules = p->rulesets[w->id];
		cfg = *p->cfg;
		cfg.max_memory = p->budget;
		cfg.rules = j->rules;
		cfg.emit = spool;
		cfg.arg = j;
		so = *p->sopts;
		so.progress = 0;
		so.pipeline = 0;	/* the workers use the cores already */
		so.traffic = NULL;	/* the builder feeds j->traffic */
		j->traffic = p->sopts->traffic != NULL ? traffic_new(NULL) :
		    NULL;
		cfg.traffic = j->traffic;
		so.sess = j->sess = sess_new(&cfg);
		if ((j->spool = tmpfile()) == NULL) {
			warn("temporary file for %s", p->paths[i]);
			j->rc = -2;
		} else {
			j->rc = scan_input(p->paths[i], &so, &p->ins[i]);
			if (j->rc != -2 && sess_finish(j->sess) != 0)
				j->rc = -2;
			if (j->rc != -2 && (fflush(j->spool) != 0 ||
			    fseek(j->spool, 0, SEEK_SET) != 0)) {
				warn("temporary file for %s", p->paths[i]);
				j->rc = -2;
			}
		}
		pthread_mutex_lock(&p->mu);
		j->done = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

struct scan_jobs *
scan_jobs_run(const struct scan_jobs_in *in, struct summary_input *ins,
    size_t *ninputs, struct summary *sum, int *input_failed, int *werr)
{
	char *const		*paths = in->paths;
	size_t			 npaths = in->npaths;
	int			 jobs = in->jobs;
	const struct scan_opts	*sopts = in->sopts;
	const struct sess_config *cfg = in->cfg;
	struct ruleset *const	*rulesets = in->rulesets;
	const struct ruleset	*main_rules = in->main_rules;
	struct scan_jobs	*p = xcalloc(1, sizeof(*p));
	struct worker	*w;
	size_t		 nw, i, started;
	int		 r, done;

	nw = (size_t)jobs < npaths ? (size_t)jobs : npaths;
	/* The workers share the memory budget. */
	p->budget = (cfg->max_memory ? cfg->max_memory :
	    SESS_DEFAULT_MAX_MEMORY) / (nw ? nw : 1);
	p->n = npaths;
	p->paths = paths;
	p->sopts = sopts;
	p->cfg = cfg;
	p->ins = ins;
	p->rulesets = rulesets;
	p->jobs = xcalloc(npaths ? npaths : 1, sizeof(*p->jobs));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	/* Warm what is made once on first use, before threads share it. */
	(void)parser_names();

	w = xcalloc(nw ? nw : 1, sizeof(*w));
	for (started = 0; started < nw; started++) {
		w[started].p = p;
		w[started].id = started;
		if (pthread_create(&w[started].th, NULL, work,
		    &w[started]) != 0)
			break;
	}
	if (started == 0 && npaths > 0) {
		/* No thread at all: run the one worker here. */
		w[0].p = p;
		w[0].id = 0;
		(void)work(&w[0]);
	}

	*ninputs = 0;
	for (i = 0; i < npaths; i++) {
		pthread_mutex_lock(&p->mu);
		while (!p->jobs[i].done && !(p->stop && i >= p->next))
			pthread_cond_wait(&p->cv, &p->mu);
		done = p->jobs[i].done;
		pthread_mutex_unlock(&p->mu);
		if (!done)
			break;		/* stopped before it began */
		(*ninputs)++;
		if (p->jobs[i].rc == -1)
			*input_failed = 1;
		if (p->jobs[i].rc == -2) {
			/* The worker could not write its findings out. */
			warnx("%s: cannot write the temporary file of its "
			    "findings (is $TMPDIR full?)", paths[i]);
			r = -2;
		} else if ((r = replay(p->jobs[i].spool, main_rules,
		    cfg)) == -2)
			warnx("%s: cannot read back the temporary file of its "
			    "findings", paths[i]);
		if (p->jobs[i].spool != NULL)
			fclose(p->jobs[i].spool);
		p->jobs[i].spool = NULL;
		/* Each file's traffic into the scan's, in input order. */
		if (p->jobs[i].traffic != NULL) {
			traffic_merge(sopts->traffic, p->jobs[i].traffic);
			sess_unfeed_traffic(p->jobs[i].sess);
			traffic_free(p->jobs[i].traffic);
			p->jobs[i].traffic = NULL;
		}
		if (r != 0) {
			*werr = 1;
			pthread_mutex_lock(&p->mu);
			p->stop = 1;
			pthread_mutex_unlock(&p->mu);
			break;
		}
	}
	for (i = 0; i < started; i++)
		pthread_join(w[i].th, NULL);
	free(w);
	for (i = 0; i < npaths; i++) {
		if (p->jobs[i].spool != NULL)
			fclose(p->jobs[i].spool);
		p->jobs[i].spool = NULL;
		if (i < *ninputs && p->jobs[i].sess != NULL)
			sess_summary(p->jobs[i].sess, sum);
	}
	return p;
}

void
scan_jobs_free(struct scan_jobs *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		sess_free(p->jobs[i].sess);
		traffic_free(p->jobs[i].traffic);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->jobs);
	free(p);
}
