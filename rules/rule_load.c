/*
 * rule_load.c - read JSON rule files into a ruleset: check every field,
 * compile every PCRE2 pattern once (JIT-compiled on first use: rule_pat.c),
 * and say precisely what is wrong (file, line, rule, message).  Choosing
 * the winning rule for a reply is rule_match.c's job.
 *
 * RULE FILE FORMAT
 *
 * A rule file is one JSON object with a "rules" list (and optionally a
 * "comment" string).  Each rule is an object:
 *
 *   id        required  unique across every file loaded; a-z, 0-9, "." and
 *                       "-" only, at most 127 characters
 *   priority  optional  integer from -1000 to 1000, default 50; higher wins
 *   match     required  object; every condition given must hold, and at
 *                       least one of code, enhanced or text must be given:
 *     code         a reply code (200..599) or a list of them
 *     enhanced     PCRE2 pattern for the enhanced status code ("5.7.1")
 *     text         PCRE2 pattern for the reply text after the codes
 *     unless       PCRE2 pattern: the rule does not apply when it matches
 *     command      a command name or a list of them, compared without
 *                  regard to case with the command the reply answers:
 *                  CONNECT HELO EHLO STARTTLS AUTH MAIL RCPT DATA BDAT
 *                  END-OF-MESSAGE RSET VRFY EXPN HELP NOOP QUIT ETRN TURN
 *                  ATRN XCLIENT XFORWARD UNKNOWN
 *     direction    "inbound" (this server answered a client) or
 *                  "outbound" (a remote server answered this one)
 *     code_source  "logged" (code written in the log) or "inferred"
 *   cause     required  one of RULE_CAUSES (rule.h)
 *   severity  required  one of RULE_SEVERITIES
 *   title     required  non-empty string, one line
 *   advice    required  object: who (one of RULE_WHO), meaning, when, fix
 *                       (non-empty strings); fix_postfix and fix_exim
 *                       optional (rule_fix)
 *   comment   optional  string, ignored: JSON has no comments
 *   source    optional  where the rule's texts come from
 *   stage     optional  the command its text shows the reply answered
 *
 * The top-level object may also hold "stages", a list of stage hints
 * (rule_stage.c), and "lang" (a translation file, rule_lang.c).
 *
 * Patterns are compiled with PCRE2_UTF, PCRE2_CASELESS and
 * PCRE2_MATCH_INVALID_UTF, so case never matters (write "(?-i)" to make it
 * matter) and a reply with invalid UTF-8 simply does not match where the
 * bad bytes are.  Any other key is an error, so that a typo such as "texts"
 * cannot silently drop a condition.  Duplicate keys are an error too.
 *
 * Which rule wins is documented in rule.h.  Errors read, for example:
 *   rules/10-postfix.json:42: postfix-dnsbl: unknown cause "spam"
 * The line of a syntax error comes from jansson; the line of any other
 * problem is the line of the rule's "id" in the file, or 0 when the rule
 * has no usable id (it is then named "#N", N counting rules from 1).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

/* A rule file larger than this is refused rather than read. */
#define RULE_FILE_MAX	(16 * 1024 * 1024)


/* PCRE2 allocates through these, so running out of memory is fatal. */
static void *
x_pcre_malloc(PCRE2_SIZE n, void *unused)
{
	(void)unused;
	return xmalloc(n);
}

static void
x_pcre_free(void *p, void *unused)
{
	(void)unused;
	free(p);
}

struct ruleset *
rule_new(void)
{
	struct ruleset	*rs;

	rs = xcalloc(1, sizeof(*rs));
	rs->gctx = pcre2_general_context_create(x_pcre_malloc, x_pcre_free,
	    NULL);
	rs->cctx = pcre2_compile_context_create(rs->gctx);
	rs->mctx = pcre2_match_context_create(rs->gctx);
	pcre2_set_match_limit(rs->mctx, RULE_MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, RULE_DEPTH_LIMIT);
	rs->scratch = xcalloc(1, sizeof(*rs->scratch));
	rs->scratch->md = pcre2_match_data_create(1, rs->gctx);
	/*
	 * Without JIT support (some platforms) pcre2_match() falls back to
	 * the interpreter, with the same results and limits.  The JIT reads
	 * whole words past the end of a subject (safe: never across a page),
	 * which valgrind's memcheck reports as uninitialised reads; make
	 * valgrind sets SMTPLOG_NO_JIT to run the interpreter instead.
	 */
	rs->jit = getenv("SMTPLOG_NO_JIT") == NULL;
	/* For tests: every pattern runs, as without the prefilter. */
	rs->prefilter = getenv("SMTPLOG_NO_PREFILTER") == NULL;
	return rs;
}

void
rule_free(struct ruleset *rs)
{
	size_t	 i;

	if (rs == NULL)
		return;
	rule_index_free(rs);
	for (i = 0; i < rs->nrules; i++)
		rule_destroy(rs->rules[i]);
	free(rs->rules);
	for (i = 0; i < rs->nhints; i++)
		rule_destroy(rs->hints[i]);
	free(rs->hints);
	for (i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	for (i = 0; i < MSG__COUNT; i++)
		free(rs->msgs[i]);
	pcre2_match_data_free(rs->scratch->md);
	free(rs->scratch->text);
	free(rs->scratch->low);
	free(rs->scratch);
	rule_pat_table_free(rs);
	pcre2_match_context_free(rs->mctx);
	pcre2_compile_context_free(rs->cctx);
	pcre2_general_context_free(rs->gctx);
	free(rs);
}

/* read_file - the whole file, NUL-terminated; NULL with errno set. */
static char *
read_file(const char *path, size_t *lenp)
{
	FILE	*fp;
	char	*buf;
	size_t	 len = 0, cap = 8192, n;
	int	 saved;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += n;
		if (len > RULE_FILE_MAX) {
			fclose(fp);
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		if (cap - len - 1 == 0)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(fp)) {
		saved = errno;
		fclose(fp);
		free(buf);
		errno = saved ? saved : EIO;
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* parse_file - check every rule of root; the good ones go into batch. */
static void
parse_file(struct load *ld, json_t *root, struct rule **batch)
{
	json_t	*rules, *v;
	size_t	 i;

	if (!json_is_object(root)) {
		rule_problem(ld, "the file must hold one object with a \"rules\" "
		    "list");
		return;
	}
	if ((rules = rule_top_rules(ld, root)) == NULL)
		return;
	if (json_object_get(root, "messages") != NULL)
		rule_problem(ld, "\"messages\" belongs in a translation file "
		    "(one with a \"lang\")");
	json_array_foreach(rules, i, v)
		batch[i] = rule_parse(ld, v, i, batch);
}

int
rule_load_file(struct ruleset *rs, const char *path, struct rule_err *err,
    int *nerr)
{
	struct load	 ld;
	struct rule_err	 dummy;
	struct rule	**batch = NULL, **hints = NULL;
	json_error_t	 jerr;
	json_t		*root;
	const char	*lang;
	char		*text;
	size_t		 len, n = 0, nh = 0, i;

	memset(&ld, 0, sizeof(ld));
	ld.rs = rs;
	ld.path = path;
	ld.err = err != NULL ? err : &dummy;
	memset(ld.err, 0, sizeof(*ld.err));

	if ((text = read_file(path, &len)) == NULL) {
		rule_problem(&ld, "cannot read: %s", strerror(errno));
		goto done;
	}
	ld.text = text;
	ld.len = len;

	/*
	 * jansson reads the text we already hold (json_loadb, the same parser
	 * as json_load_file) so that error lines and the id search agree.
	 */
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		ld.line = jerr.line > 0 ? jerr.line : 0;
		if (jerr.column > 0)
			rule_problem(&ld, "%s (column %d)", jerr.text, jerr.column);
		else
			rule_problem(&ld, "%s", jerr.text);
		free(text);
		goto done;
	}
	/* A file in another language translates rules; it adds none. */
	switch (rule_file_lang(&ld, root, &lang)) {
	case -1:
		json_decref(root);
		free(text);
		goto done;
	case 1:
		rule_lang_file(&ld, root, lang);
		json_decref(root);
		free(text);
		goto done;
	}
	if (json_is_object(root) && json_is_array(json_object_get(root,
	    "rules")))
		n = json_array_size(json_object_get(root, "rules"));
	batch = xcalloc(n + 1, sizeof(*batch));
	parse_file(&ld, root, batch);
	hints = rule_stage_parse(&ld, root, &nh);
	json_decref(root);
	free(text);

	if (ld.nerr > 0) {
		for (i = 0; i < n; i++)
			rule_destroy(batch[i]);
		for (i = 0; i < nh; i++)
			rule_destroy(hints[i]);
		goto done;
	}

	/* All good: the file's rules join the set, as one unit. */
	rs->files = xreallocarray(rs->files, rs->nfiles + 1, sizeof(char *));
	rs->files[rs->nfiles] = xstrdup(path);
	if (rs->nrules + n > rs->cap) {
		rs->cap = (rs->nrules + n) * 2;
		rs->rules = xreallocarray(rs->rules, rs->cap,
		    sizeof(struct rule *));
	}
	for (i = 0; i < n; i++) {
		batch[i]->info.file = rs->files[rs->nfiles];
		batch[i]->fileno = rs->nfiles;
		rs->rules[rs->nrules++] = batch[i];
	}
	rs->hints = xreallocarray(rs->hints, rs->nhints + nh + 1,
	    sizeof(*rs->hints));
	for (i = 0; i < nh; i++) {
		hints[i]->info.file = rs->files[rs->nfiles];
		hints[i]->fileno = rs->nfiles;
		rs->hints[rs->nhints++] = hints[i];
	}
	rs->nfiles++;
	rule_index_build(rs);
done:
	free(batch);
	free(hints);
	if (nerr != NULL)
		*nerr = ld.nerr;
	return ld.nerr > 0 ? -1 : 0;
}

static int
is_rule_file(const struct dirent *d)
{
	size_t	 len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 5 &&
	    strcmp(d->d_name + len - 5, ".json") == 0;
}

int
rule_load_dir(struct ruleset *rs, const char *dir, struct rule_err *err,
    int *nerr)
{
	struct dirent	**names;
	struct rule_err	 first, one;
	char		*path;
	size_t		 dlen = strlen(dir);
	int		 n, i, total = 0, k;

	memset(&first, 0, sizeof(first));
	if ((n = scandir(dir, &names, is_rule_file, alphasort)) < 0) {
		snprintf(first.file, sizeof(first.file), "%s", dir);
		snprintf(first.msg, sizeof(first.msg),
		    "cannot read the rules directory: %s", strerror(errno));
		total = 1;
		if (rs->report != NULL)
			rs->report(&first, rs->report_arg);
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (rule_lang_skip(rs, names[i]->d_name)) {
			free(names[i]);
			continue;
		}
		path = xmalloc(dlen + strlen(names[i]->d_name) + 2);
		sprintf(path, "%s%s%s", dir,
		    dlen > 0 && dir[dlen - 1] == '/' ? "" : "/",
		    names[i]->d_name);
		if (rule_load_file(rs, path, &one, &k) < 0) {
			if (total == 0)
				first = one;
			total += k;
		}
		free(path);
		free(names[i]);
	}
	free(names);
done:
	if (err != NULL)
		*err = first;
	if (nerr != NULL)
		*nerr = total;
	return total > 0 ? -1 : 0;
}
