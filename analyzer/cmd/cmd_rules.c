/*
 * cmd_rules.c - the rules: where the rules directory is, the rule files
 * loaded for a command (cli_load_rules), and the rules command (the
 * list, --check, --lang's gaps).  Matching is rules/'s.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_int.h"
#include "lib/log.h"
#include "lib/msg.h"
#include "rule.h"

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
cmd_rules(const struct cli_opts *o)
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
