/*
 * cmd.c - the scan and rules commands: load the rules, wire inputs (in the
 * archive's order), session builder, pattern detector and writer together,
 * add up the summary and choose the exit status.  Parsing options is
 * cli.c's job, scanning an input scan.c's, following a file
 * cmd_follow.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/scan_order.h"
#include "cli.h"
#include "cmd_int.h"
#include "lib/htab.h"
#include "lib/log.h"
#include "lib/stop.h"
#include "lib/msg.h"
#include "scan/scan_jobs.h"
#include "parser.h"
#include "core/pattern.h"
#include "report/report.h"
#include "rule.h"
#include "scan/scan.h"
#include "core/session.h"
#include "core/traffic.h"
#include "lib/xmalloc.h"

/* has_rule_files - dir holds at least one *.json file. */
static int
has_rule_files(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 n;
	int		 found = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL)
		found = (n = strlen(de->d_name)) > 5 &&
		    strcmp(de->d_name + n - 5, ".json") == 0;
	closedir(d);
	return found;
}

/*
 * rules_dir - the rules directory: --rules-dir; $SMTPLOG_RULES; rules/
 * beside the binary, or one up (build/smtplog), or ../share/smtplog/rules
 * (an installed tree, also one staged under DESTDIR or moved elsewhere)
 * when it holds rule files; else the directory compiled in.  *from says
 * which ("from SMTPLOG_RULES", "beside the binary" ...), for messages.
 */
static const char *
rules_dir(const struct cli_opts *o, char *buf, size_t size,
    const char **from)
{
	const char	*env = getenv("SMTPLOG_RULES");
	char		 exe[PATH_MAX];
	ssize_t		 n;

	*from = "from --rules-dir";
	if (o->rules_dir != NULL)
		return o->rules_dir;
	*from = "from SMTPLOG_RULES";
	if (env != NULL && *env != '\0')
		return env;
	*from = "beside the binary";
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		const char	*rel[] = { "rules", "../rules",
		    "../share/smtplog/rules" };
		const char	*dir;
		size_t		 i;

		exe[n] = '\0';
		dir = dirname(exe);
		/* ./smtplog and build/smtplog both find the repo's rules. */
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(buf, size, "%s/%s", dir, rel[i]);
			if (has_rule_files(buf))
				return buf;
		}
	}
	*from = "compiled in";
	return SMTPLOG_RULEDIR;
}

/* rule_problem - print one problem of a rule file, with its place. */
static void
rule_problem(const struct rule_err *e, void *arg)
{
	char	line[16] = "";

	(void)arg;
	if (e->line > 0)
		snprintf(line, sizeof(line), ":%d", e->line);
	warnx("%s%s: %s%s%s%s", e->file, line, e->rule[0] != '\0' ?
	    "rule " : "", e->rule, e->rule[0] != '\0' ? ": " : "", e->msg);
}

/* rule_report - the count of problems, and the rules directory with
 * where its name came from: a missing directory is often the cause. */
static void
rule_report(int nerr, const char *dir, const char *from)
{
	warnx("%d problem%s in the rule files; rules directory %s (%s); no "
	    "log was read", nerr, nerr == 1 ? "" : "s", dir, from);
}

/*
 * cli_lang - the language asked for: --lang, else (auto) the locale's
 * (LC_ALL, LC_MESSAGES, LANG: msg_locale), into buf.
 */
static const char *
cli_lang(const struct cli_opts *o, char *buf, size_t size)
{
	return o->lang != NULL ? o->lang : msg_locale(buf, size);
}

/*
 * use_messages - the catalogue's words in the rules' language, once per
 * run, before any thread starts (the rule sets of -j's workers are
 * loaded later and give the same words).
 */
static void
use_messages(const struct ruleset *rs)
{
	static int	 done;
	const char	*const *texts, *lang;

	if (done++)
		return;
	texts = rule_messages(rs, &lang);
	msg_set(lang, texts);
}

struct ruleset *
cli_load_rules(const struct cli_opts *o)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	char		 buf[PATH_MAX + 32], lb[16];
	const char	*dir, *from, *lang = cli_lang(o, lb, sizeof(lb)), *ml;
	size_t		 i;
	int		 nerr = 0;

	rule_set_reporter(rs, rule_problem, NULL);
	if (rule_set_lang(rs, lang) != 0)	/* --lang: checked by cli.c */
		(void)rule_set_lang(rs, "en");
	dir = rules_dir(o, buf, sizeof(buf), &from);
	memset(&err, 0, sizeof(err));
	if (rule_load_dir(rs, dir, &err, &nerr) != 0) {
		rule_report(nerr, dir, from);
		rule_free(rs);
		return NULL;
	}
	for (i = 0; i < o->nrules; i++) {
		memset(&err, 0, sizeof(err));
		if (rule_load_file(rs, o->rules[i], &err, &nerr) != 0) {
			rule_report(nerr, dir, from);
			rule_free(rs);
			return NULL;
		}
	}
	/* No rules means no diagnosis: never a silent scan without them. */
	if (rule_count(rs) == 0) {
		warnx("%s: no rule files here (rules directory %s); use "
		    "--rules-dir or set SMTPLOG_RULES", dir, from);
		rule_free(rs);
		return NULL;
	}
	/* Auto: English where the locale's language has no translation. */
	if (o->lang != NULL && strcmp(o->lang, "en") != 0 &&
	    rule_translated(rs) == 0 && rule_messages(rs, &ml) == NULL)
		warnx("no rule file gives advice in '%s': it stays in English",
		    o->lang);
	use_messages(rs);
	return rs;
}

/*
 * check_files - rules --check: load the default rules and the --rules
 * files, then each file to check (a file already loaded is not loaded
 * twice), printing every problem; then look for runaway patterns in it.
 */
static int
check_files(const struct cli_opts *o)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	char		 buf[PATH_MAX + 32];
	const char	*dir, *f, *from;
	size_t		 i, before;
	int		 k, n, total = 0, already;

	rule_set_reporter(rs, rule_problem, NULL);
	(void)rule_set_lang(rs, o->lang);	/* auto: none */
	rule_set_all_langs(rs, 1);
	dir = rules_dir(o, buf, sizeof(buf), &from);
	if (rule_load_dir(rs, dir, &err, &k) != 0) {
		warnx("%s: %d problem%s in the default rules (rules directory "
		    "%s)", dir, k, k == 1 ? "" : "s", from);
		total += k;
	}
	for (i = 0; i < o->nrules; i++)
		if (rule_load_file(rs, o->rules[i], &err, &k) != 0)
			total += k;
	for (i = 0; i < o->nchecks; i++) {
		f = o->checks[i];
		before = rule_count(rs);
		n = 0;
		already = rule_has_file(rs, f);
		if (!already && rule_load_file(rs, f, &err, &n) != 0) {
			printf("%s: %d problem%s\n", f, n, n == 1 ? "" : "s");
			total += n;
			continue;
		}
		n = rule_check_patterns(rs, f);
		total += n;
		if (n > 0)
			printf("%s: %d problem%s\n", f, n, n == 1 ? "" : "s");
		else if (rule_count(rs) > before)
			printf("%s: ok, %zu rules\n", f, rule_count(rs) - before);
		else if (already)
			printf("%s: ok (already loaded as a default rule "
			    "file)\n", f);
		else
			printf("%s: ok (no rules added: a translation file, "
			    "or an empty list)\n", f);
	}
	rule_free(rs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("standard output: write error");
		return EXIT_TROUBLE;
	}
	return total > 0 ? EXIT_TROUBLE : EXIT_OK;
}

/* gap - one text a language lacks, or one whose translation lacks a
 * token of the English. */
static void
gap(void *arg, const struct rule_info *r, const char *field,
    const char *token)
{
	const char	*lang = arg;

	if (token == NULL)
		printf("%s: rule %s: %s: no translation in %s\n", r->file,
		    r->id, field, lang);
	else
		printf("%s: rule %s: %s: the translation lacks \"%s\"\n",
		    r->file, r->id, field, token);
}

/*
 * lang_gaps - rules --lang LL: every text of the loaded rules (default
 * and --rules files) and of the catalogue (lib/msg.h: the report's words
 * and the patterns' advice) that has no translation in LL, and every
 * translation that lacks a token its English has (rule_lang_kept).  The
 * coverage test of the shipped languages (tests/e2e/48-lang.sh).
 */
static int
lang_gaps(const struct cli_opts *o, struct ruleset *rs)
{
	const char	*const *texts, *ml;
	char		 key[64], miss[128];
	size_t		 n, nmsg = 0;
	int		 i;

	n = rule_lang_gaps(rs, gap, (void *)o->lang);
	texts = rule_messages(rs, &ml);
	for (i = 0; i < MSG__COUNT; i++) {
		msg_key((enum msg_id)i, key, sizeof(key));
		if (texts == NULL || texts[i] == NULL) {
			printf("message %s: no translation in %s\n", key,
			    o->lang);
			nmsg++;
		} else if (!rule_lang_kept(msg_en((enum msg_id)i), texts[i],
		    miss, sizeof(miss))) {
			printf("message %s: the translation lacks \"%s\"\n",
			    key, miss);
			nmsg++;
		}
	}
	printf("%s: %zu of the rules' texts and %zu of %d messages to do\n",
	    o->lang, n, nmsg, MSG__COUNT);
	return n + nmsg > 0 ? EXIT_TROUBLE : EXIT_OK;
}

int
cli_rules(const struct cli_opts *o)
{
	struct ruleset		*rs;
	const struct rule_info	*r;
	size_t			 i;
	int			 rc;

	if (o->nchecks > 0)
		return check_files(o);
	if (o->lang != NULL && strcmp(o->lang, "en") != 0) {
		if ((rs = cli_load_rules(o)) == NULL)
			return EXIT_TROUBLE;
		rc = lang_gaps(o, rs);
		rule_free(rs);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			warn("write error");
			return EXIT_TROUBLE;
		}
		return rc;
	}
	if ((rs = cli_load_rules(o)) == NULL)
		return EXIT_TROUBLE;
	printf("%-36s %4s  %-26s %-15s %s\n", "ID", "PRIO", "CAUSE", "WHO",
	    "FILE");
	for (i = 0; (r = rule_get(rs, i)) != NULL; i++)
		printf("%-36s %4d  %-26s %-15s %s\n", r->id, r->priority,
		    r->cause, r->who, r->file);
	printf("%zu rules\n", rule_count(rs));
	rule_free(rs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("standard output: write error");
		return EXIT_TROUBLE;
	}
	return EXIT_OK;
}

/* cmd_sink_finding - every finding, serial or -j (replayed on this
 * thread): to the writer and the pattern detector. */
int
cmd_sink_finding(void *arg, const struct finding *f)
{
	struct cmd_sink	*s = arg;
	uintptr_t	 n;

	if (s->byfile != NULL && f->file != NULL) {
		n = (uintptr_t)htab_get(s->byfile, f->file);
		htab_put(s->byfile, f->file, (void *)(n + 1));
	}
	(void)pat_feed(s->pat, f);
	unmatched_add(s->unm, f);
	if (s->prom != NULL)
		(void)report_prometheus.finding(s->prom, f);
	return s->ops->finding(s->ctx, f);
}

int
cmd_sink_pattern(void *arg, const struct pattern *p)
{
	struct cmd_sink	*s = arg;

	if (s->prom != NULL)
		(void)report_prometheus.pattern(s->prom, p);
	return s->ops->pattern != NULL ? s->ops->pattern(s->ctx, p) : 0;
}

void
cmd_wire(const struct cli_opts *o, const char *output,
    const struct ruleset *rs, struct cmd_sink *sink, struct sess_config *cfg)
{
	struct report_opts	ropts;
	struct pat_config	pcfg;

	memset(&ropts, 0, sizeof(ropts));
	ropts.color = cli_want_color(o->color);
	ropts.verbose = o->verbose;
	ropts.version = SMTPLOG_VERSION;
	ropts.width = o->width;
	sink->ops = report_find(output);
	sink->ctx = sink->ops->open(stdout, &ropts);
	sink->byfile = NULL;
	sink->prom = NULL;
	(void)cli_pattern_config(o, &pcfg, NULL, 0);	/* checked by cli.c */
	pcfg.emit = cmd_sink_pattern;
	pcfg.arg = sink;
	sink->pat = pat_new(&pcfg);
	sink->unm = unmatched_new(CMD_UNMATCHED);

	memset(cfg, 0, sizeof(*cfg));
	cfg->max_sessions = o->max_sessions;
	cfg->max_memory = o->max_memory;
	cfg->codes = o->codes;
	cfg->ncodes = o->ncodes;
	cfg->rules = rs;
	cfg->emit = cmd_sink_finding;
	cfg->arg = sink;
}

size_t
cli_top(const struct cli_opts *o)
{
	return o->top == 0 ? TRAFFIC_DEFAULT_TOP : o->top < 0 ? 0 :
	    (size_t)o->top;
}

int
cli_want_color(const char *when)
{
	const char	*term = getenv("TERM");
	const char	*nc = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0') &&
	    term != NULL && strcmp(term, "dumb") != 0;
}

/*
 * scan_parallel - -j: the files on worker threads (scan_jobs.c), each thread
 * with rules of its own (a ruleset's match scratch is not shared).
 */
static struct scan_jobs *
scan_parallel(const struct cli_opts *o, char **paths, size_t npaths,
    const struct scan_opts *sopts, const struct sess_config *cfg,
    const struct ruleset *rs, struct summary_input *ins, size_t *ninputs,
    struct summary *sum, int *status, struct ruleset **wrs, size_t *nrs,
    int *werr)
{
	struct scan_jobs	*par;
	size_t		 nw, i;
	int		 failed = 0;

	nw = (size_t)o->jobs < npaths ? (size_t)o->jobs : npaths;
	for (*nrs = 0; *nrs < nw; (*nrs)++)
		if ((wrs[*nrs] = cli_load_rules(o)) == NULL)
			break;
	if (*nrs == 0) {
		*status = EXIT_TROUBLE;
		*ninputs = 0;
		return NULL;
	}
	par = scan_jobs_run(paths, npaths, (int)*nrs, sopts, cfg, wrs, rs, ins,
	    ninputs, sum, &failed, werr);
	for (i = 0; i < *ninputs; i++)
		summary_add_input(sum, &ins[i]);
	if (failed)
		*status = EXIT_TROUBLE;
	return par;
}

/*
 * skip_input - the i-th input of the plan is not read: its record says
 * why, and it is counted as skipped.  Returns 1 when skipped.
 */
static int
skip_input(struct summary *sum, struct summary_input *in,
    const struct scan_order *arch, size_t i, const char *label)
{
	const char	*why = scan_order_skipped(arch, i);

	if (why == NULL)
		return 0;
	memset(in, 0, sizeof(*in));
	in->name = scan_order_path(arch, i);
	in->label = label;
	in->skipped = why;
	sum->inputs_skipped++;
	return 1;
}

int
cmd_read_input(struct scan_order *arch, size_t i, struct scan_opts *sopts,
    struct summary_input *in, struct summary *sum)
{
	int	r;

	if (skip_input(sum, in, arch, i, sopts->label))
		return 0;
	sopts->year = scan_order_begin(arch, i);
	sopts->file_no = i + 1;
	r = scan_input(scan_order_path(arch, i), sopts, in);
	summary_add_input(sum, in);
	return r;
}

/*
 * scan_archive_parallel - -j over the inputs the plan reads, in its
 * order; the records of the skipped ones put back in their places.
 */
static struct scan_jobs *
scan_archive_parallel(const struct cli_opts *o, const struct scan_order *arch,
    const struct scan_opts *sopts, const struct sess_config *cfg,
    const struct ruleset *rs, struct summary_input *ins, size_t *ninputs,
    struct summary *sum, int *status, struct ruleset **wrs, size_t *nrs,
    int *werr)
{
	size_t			 n = scan_order_count(arch), nread = 0, ndone, i, k;
	char			**rpaths = xcalloc(n + 1, sizeof(*rpaths));
	struct summary_input	*rins = xcalloc(n + 1, sizeof(*rins));
	struct scan_jobs		*par;

	for (i = 0; i < n; i++)
		if (scan_order_skipped(arch, i) == NULL)
			rpaths[nread++] = (char *)scan_order_path(arch, i);
	par = nread == 0 ? NULL : scan_parallel(o, rpaths, nread, sopts, cfg,
	    rs, rins, &ndone, sum, status, wrs, nrs, werr);
	if (nread == 0)
		ndone = 0;
	for (i = k = 0; i < n; i++) {
		if (skip_input(sum, &ins[i], arch, i, sopts->label))
			continue;
		if (k == ndone)
			break;
		ins[i] = rins[k++];
	}
	*ninputs = i;
	free(rins);
	free(rpaths);
	return par;
}

/* named - path is one the user named (or standard input), not a file of
 * a directory given or of the default inputs. */
static int
named(const struct cli_opts *o, const char *path)
{
	size_t	i;

	if (strcmp(path, "-") == 0)
		return 1;
	for (i = 0; i < o->nargs; i++)
		if (strcmp(o->args[i], path) == 0)
			return 1;
	return 0;
}

/*
 * judge - never a silent all-clear: an input read to its end that gave
 * almost nothing (scan_judge) is said, with a line it could not read, and
 * the run fails; a file of a directory given that is plainly no mail log
 * (dpkg.log, auth.log) is listed as skipped instead.  Returns the exit
 * status it calls for.
 */
static int
judge(const struct cli_opts *o, struct summary *sum,
    struct summary_input *ins, size_t n, const struct cmd_sink *sink)
{
	enum scan_judgement	 j;
	uintptr_t		 nf;
	size_t			 i;
	int			 status = EXIT_OK;

	for (i = 0; i < n; i++) {
		nf = (uintptr_t)htab_get(sink->byfile, ins[i].name);
		if ((j = scan_judge(&ins[i], nf)) == SCAN_JUDGE_OK)
			continue;
		if (j == SCAN_JUDGE_NOT_MAIL && !named(o, ins[i].name)) {
			ins[i].skipped = "not a mail log";
			sum->inputs_skipped++;
			continue;
		}
		scan_judge_say(&ins[i], j, o->format);
		if (j == SCAN_JUDGE_NOT_MAIL) {
			ins[i].error = "not a mail log";
			sum->input_errors++;
		}
		status = EXIT_TROUBLE;
	}
	return status;
}

/*
 * say_evicted - a bound closed sessions or messages early: not a failure,
 * but what it closed is less complete (counted in the summary as evicted);
 * say which bound, and what to raise.
 */
static void
say_evicted(const struct cli_opts *o, const struct summary *sum)
{
	unsigned long	ns = sum->sessions_evicted - sum->sessions_evicted_count;
	unsigned long	nm = sum->messages_evicted;
	size_t		mib = (o->max_memory ? o->max_memory :
			    SESS_DEFAULT_MAX_MEMORY) >> 20;

	if (ns > 0 || nm > 0)
		warnx("the memory budget (--max-memory %zuM%s) closed %lu "
		    "session%s and %lu message%s early (counted as evicted; "
		    "their findings may lack later context); raise "
		    "--max-memory if memory allows", mib, o->jobs > 1 ?
		    ", shared by the -j workers" : "", ns, ns == 1 ? "" : "s",
		    nm, nm == 1 ? "" : "s");
	if (sum->sessions_evicted_count > 0)
		warnx("the --max-sessions bound (%zu) closed %lu session%s "
		    "early (counted as evicted; their findings may lack later "
		    "context); raise --max-sessions if memory allows",
		    o->max_sessions, sum->sessions_evicted_count,
		    sum->sessions_evicted_count == 1 ? "" : "s");
}

/*
 * The pattern windows of a serial scan close as the log goes on, so that
 * the detector holds only what is still inside a window: every 4096
 * events, up to the oldest of the input's log time less a slack (lines a
 * little out of order), the oldest finding an open session still holds, and the
 * first timestamp of the inputs still to read (archive.h).  Not with -j:
 * the files' findings come a file at a time, in input order.
 */
#define PAT_SLACK	300	/* seconds */

struct pat_clock {
	struct pat		*pat;
	struct sess_table	*sess;
	struct scan_order		*arch;
	size_t			 cur;	/* reading index of the input */
	time_t			 now;	/* latest log time of this input */
	unsigned long		 n;
	int			 failed;
};

static void
pat_clock_tap(void *arg, const struct smtp_event *ev)
{
	struct pat_clock	*c = arg;
	time_t			 h, x;

	if (ev->when > c->now)
		c->now = ev->when;
	if ((++c->n & 4095) != 0 || c->now <= PAT_SLACK || c->failed)
		return;
	h = c->now - PAT_SLACK;
	if ((x = sess_oldest_pending(c->sess)) != 0 && x < h)
		h = x;
	if ((x = scan_order_first_after(c->arch, c->cur)) != 0 && x < h)
		h = x;
	if (pat_advance(c->pat, h) != 0)
		c->failed = 1;
}

int
cli_scan(const struct cli_opts *o)
{
	struct sess_config	 cfg;
	struct scan_opts	 sopts;
	struct summary		 sum;
	struct summary_input	*ins;
	struct cmd_sink		 sink;
	struct ruleset		*rs, *wrs[64];
	struct scan_jobs		*par = NULL;
	struct scan_order_opts	 aopts;
	struct scan_order		*arch;
	struct pat_clock	 clock;
	struct traffic_report	 trep;
	char			**paths;
	size_t			 npaths, i, nrs = 0;
	struct cmd_source	 src;
	int			 status = EXIT_OK, r, werr = 0;
	unsigned long		 gaveup;

	if (o->follow)
		return cmd_scan_follow(o);
	if (o->plan)
		return cmd_scan_plan(o);
	/* SIGINT, SIGTERM: stop reading, finish, say so (stop.h). */
	stop_catch();
	memset(&sopts, 0, sizeof(sopts));
	if (o->format != NULL && (sopts.parser = parser_find(o->format)) ==
	    NULL) {
		warnx("bad --format '%s' (known: %s)", o->format,
		    parser_names());
		return EXIT_USAGE;
	}
	if ((rs = cli_load_rules(o)) == NULL)
		return EXIT_TROUBLE;
	paths = cmd_inputs(o->args, o->nargs, o, 1, &npaths, &src);
	if (paths == NULL) {
		rule_free(rs);
		return EXIT_TROUBLE;
	}

	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	/* The report people read, terminal or not; machines ask for JSON. */
	cmd_wire(o, o->output ? o->output : "text", rs, &sink, &cfg);
	sink.byfile = htab_new();
	cfg.since = o->since;
	cfg.until = o->until;
	sopts.sess = sess_new(&cfg);
	sopts.traffic = traffic_new(NULL);
	sopts.year = o->year;
	sopts.maxline = o->maxline;
	sopts.verbose = o->verbose;
	sopts.label = o->label;
	/* Standard input or the journal read for want of operands, empty,
	 * is said (below), not an error: only a "-" given is a mapper's
	 * input. */
	sopts.allow_empty = o->allow_empty || src.implicit_stdin ||
	    src.journal != NULL;
	/* Not with -j: the line is drawn by one scan at a time. */
	sopts.progress = !o->quiet && isatty(STDERR_FILENO) && o->jobs <= 1;
	if (sopts.progress)
		log_set_clear(scan_progress_clear);	/* warnings erase it */
	sopts.pipeline = 1;
	memset(&aopts, 0, sizeof(aopts));
	aopts.parser = sopts.parser;
	aopts.year = o->year;
	aopts.maxline = o->maxline;
	aopts.keep_order = o->keep_order;
	aopts.since = o->since;
	aopts.until = o->until;
	arch = scan_order_plan(paths, npaths, &aopts);

	if (npaths == 0)
		status = EXIT_TROUBLE;	/* only empty directories: say so */
	ins = xcalloc(npaths ? npaths : 1, sizeof(*ins));
	memset(&sum, 0, sizeof(sum));
	sum.since = o->since;
	sum.until = o->until;
	if (o->jobs > 1 && npaths > 1) {
		par = scan_archive_parallel(o, arch, &sopts, &cfg, rs, ins, &i,
		    &sum, &status, wrs, &nrs, &werr);
	} else {
		memset(&clock, 0, sizeof(clock));
		clock.pat = sink.pat;
		clock.sess = sopts.sess;
		clock.arch = arch;
		scan_order_chain(arch, pat_clock_tap, &clock);
		sopts.tap = scan_order_tap;
		sopts.tap_arg = arch;
		sopts.nfiles = npaths;
		for (i = 0; i < npaths && !werr && !clock.failed &&
		    stop_signal() == 0; i++) {
			clock.cur = i;
			clock.now = 0;	/* an input may be older than the last */
			r = cmd_read_input(arch, i, &sopts, &ins[i], &sum);
			if (r == -1)
				status = EXIT_TROUBLE;
			else if (r == -2)
				werr = 1;
		}
		if (sopts.progress)
			scan_progress_end();
		if (sess_finish(sopts.sess) != 0 || clock.failed)
			werr = 1;
	}
	/* The patterns close with the input: after every finding. */
	if (!werr && pat_flush(sink.pat) != 0)
		werr = 1;
	sum.ninputs = i;
	sum.inputs = ins;
	sum.interrupted = stop_signal() != 0;
	if (!werr && judge(o, &sum, ins, i, &sink) != EXIT_OK)
		status = EXIT_TROUBLE;
	sess_summary(sopts.sess, &sum);
	pat_summary(sink.pat, &sum);
	unmatched_summary(sink.unm, &sum);
	traffic_result(sopts.traffic, cli_top(o), &trep);
	trep.year_content = scan_order_year_proved(arch, &trep.year_assumed);
	sum.traffic = &trep;
	/* The text report says it in its head; the others here. */
	if (trep.year_content != 0 && strcmp(sink.ops->name, "text") != 0)
		warnx("note: read in %d, the year the logs' own Message-IDs "
		    "give, not in %d of the file time (--year sets it)",
		    trep.year_content, trep.year_assumed);
	if (!werr && sink.ops->finish(sink.ctx, &sum) != 0)
		werr = 1;
	if (!werr && (fflush(stdout) != 0 || ferror(stdout)))
		werr = 1;
	if (werr) {
		warn("standard output: write error");
		status = EXIT_TROUBLE;
	}
	if (sum.interrupted) {
		warnx("stopped by %s: the output covers the lines read until "
		    "then", stop_signal() == SIGINT ? "SIGINT" : "SIGTERM");
		status = stop_exit_status();
	}
	cmd_inputs_end(&src, &sum);
	/* A runaway pattern does not stop the scan; say that it happened
	 * (the workers of -j match with rule sets of their own). */
	gaveup = rule_match_errors(rs);
	for (i = 0; i < nrs; i++)
		gaveup += rule_match_errors(wrs[i]);
	if (gaveup > 0)
		warnx("%lu rule pattern match%s gave up at the PCRE2 limits and "
		    "counted as no match; find the pattern with 'smtplog rules "
		    "--check FILE'", gaveup, gaveup == 1 ? "" : "es");
	say_evicted(o, &sum);
	sink.ops->free(sink.ctx);
	pat_free(sink.pat);
	htab_free(sink.byfile, NULL);
	unmatched_free(sink.unm);
	scan_jobs_free(par);
	for (i = 0; i < nrs; i++)
		rule_free(wrs[i]);
	sess_free(sopts.sess);
	traffic_free(sopts.traffic);
	scan_cleanup();
	free(ins);
	scan_order_free(arch);
	scan_free_paths(paths);
	rule_free(rs);
	return status;
}
