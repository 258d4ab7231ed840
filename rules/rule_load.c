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
#include <ctype.h>
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


static const char *const causes[] = { RULE_CAUSES, NULL };
static const char *const whos[] = { RULE_WHO, NULL };
static const char *const severities[] = { RULE_SEVERITIES, NULL };

static const char *const commands[] = {
	"CONNECT", "HELO", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA",
	"BDAT", "END-OF-MESSAGE", "RSET", "VRFY", "EXPN", "HELP", "NOOP",
	"QUIT", "ETRN", "TURN", "ATRN", "XCLIENT", "XFORWARD", "UNKNOWN", NULL
};

static const char *const rule_keys[] = {
	"id", "priority", "match", "cause", "severity", "title", "advice",
	"comment", "source", "stage", NULL
};
static const char *const match_keys[] = {
	"code", "enhanced", "text", "unless", "command", "direction",
	"code_source", NULL
};
static const char *const advice_keys[] = {
	"who", "meaning", "when", "fix", "fix_postfix", "fix_exim", NULL
};

int
rule_in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int
rule_cause_valid(const char *s)
{
	return s != NULL && rule_in_list(causes, s);
}

int
rule_command_valid(const char *s)
{
	return s != NULL && rule_in_list(commands, s);
}

int
rule_who_valid(const char *s)
{
	return s != NULL && rule_in_list(whos, s);
}

int
rule_severity_valid(const char *s)
{
	return s != NULL && rule_in_list(severities, s);
}

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
rule_destroy(struct rule *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	free((char *)r->info.id);
	free((char *)r->info.cause);
	free((char *)r->info.severity);
	free((char *)r->info.title);
	free((char *)r->info.who);
	free((char *)r->info.meaning);
	free((char *)r->info.when);
	free((char *)r->info.fix);
	free((char *)r->info.fix_postfix);
	free((char *)r->info.fix_exim);
	free((char *)r->info.source);
	free((char *)r->info.stage);
	for (i = 0; i < RULE_T_N; i++)
		free(r->en[i]);
	free(r->codes);
	rule_pat_free(&r->enhanced);
	rule_pat_free(&r->text);
	rule_pat_free(&r->unless);
	for (i = 0; i < r->ncommands; i++)
		free(r->commands[i]);
	free(r->commands);
	free(r);
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
	pcre2_match_context_free(rs->mctx);
	pcre2_compile_context_free(rs->cctx);
	pcre2_general_context_free(rs->gctx);
	free(rs);
}

/*
 * compile - the pattern of match.<key> into p; a problem when it is bad.
 * A text pattern sees a reply line by line (^ and $ at every line).
 */
static void
compile(struct load *ld, const char *key, const char *pat,
    struct rule_pat *p)
{
	char	 msg[300];

	if (rule_pat_compile(ld->rs, p, pat, strcmp(key, "enhanced") != 0,
	    msg, sizeof(msg)) != 0)
		rule_problem(ld, "bad regex in match.%s %s", key, msg);
}

static void
add_code(struct rule *r, json_int_t c)
{
	size_t	 i;

	for (i = 0; i < r->ncodes; i++)
		if (r->codes[i] == c)
			return;
	r->codes = xreallocarray(r->codes, r->ncodes + 1, sizeof(int));
	r->codes[r->ncodes++] = (int)c;
}

static void
parse_codes(struct load *ld, struct rule *r, json_t *v)
{
	json_t	*e;
	size_t	 i;

	if (json_is_array(v) && json_array_size(v) > 0) {
		json_array_foreach(v, i, e) {
			if (!json_is_integer(e))
				break;
		}
		if (i == json_array_size(v)) {
			json_array_foreach(v, i, e)
				parse_codes(ld, r, e);
			return;
		}
	} else if (json_is_integer(v)) {
		if (json_integer_value(v) < RULE_CODE_MIN ||
		    json_integer_value(v) > RULE_CODE_MAX)
			rule_problem(ld, "bad code %lld in match: use a reply code "
			    "from %d to %d", (long long)json_integer_value(v),
			    RULE_CODE_MIN, RULE_CODE_MAX);
		else
			add_code(r, json_integer_value(v));
		return;
	}
	rule_problem(ld, "\"code\" in match must be a reply code or a non-empty "
	    "list of them");
}

static void
add_command(struct load *ld, struct rule *r, json_t *v)
{
	char	*s, *p;

	if (!json_is_string(v)) {
		rule_problem(ld, "\"command\" in match must be a command name or a "
		    "non-empty list of them");
		return;
	}
	s = xstrdup(json_string_value(v));
	for (p = s; *p != '\0'; p++)
		*p = toupper((unsigned char)*p);
	if (!rule_in_list(commands, s)) {
		rule_problem(ld, "unknown command \"%s\" in match",
		    json_string_value(v));
		free(s);
		return;
	}
	r->commands = xreallocarray(r->commands, r->ncommands + 1,
	    sizeof(char *));
	r->commands[r->ncommands++] = s;
}

static void
parse_match(struct load *ld, struct rule *r, json_t *m)
{
	json_t	*v;
	char	*s;
	size_t	 i;

	if (!json_is_object(m)) {
		rule_problem(ld, "\"match\" must be an object");
		return;
	}
	rule_unknown_keys(ld, m, match_keys, "match");
	if (json_object_get(m, "code") == NULL &&
	    json_object_get(m, "enhanced") == NULL &&
	    json_object_get(m, "text") == NULL)
		rule_problem(ld, "match needs at least one of \"code\", "
		    "\"enhanced\" or \"text\"");

	if ((v = json_object_get(m, "code")) != NULL)
		parse_codes(ld, r, v);
	if (rule_get_string(ld, m, "enhanced", "match", 0, &s) > 0) {
		compile(ld, "enhanced", s, &r->enhanced);
		free(s);
	}
	if (rule_get_string(ld, m, "text", "match", 0, &s) > 0) {
		compile(ld, "text", s, &r->text);
		free(s);
	}
	if (rule_get_string(ld, m, "unless", "match", 0, &s) > 0) {
		compile(ld, "unless", s, &r->unless);
		free(s);
	}
	if ((v = json_object_get(m, "command")) != NULL) {
		if (json_is_array(v) && json_array_size(v) > 0) {
			json_t	*e;

			json_array_foreach(v, i, e)
				add_command(ld, r, e);
		} else if (json_is_array(v))
			rule_problem(ld, "\"command\" in match must be a command "
			    "name or a non-empty list of them");
		else
			add_command(ld, r, v);
	}
	if (rule_get_string(ld, m, "direction", "match", 0, &s) > 0) {
		if (strcmp(s, "inbound") == 0)
			r->dir = EV_DIR_IN;
		else if (strcmp(s, "outbound") == 0)
			r->dir = EV_DIR_OUT;
		else
			rule_problem(ld, "unknown direction \"%s\" in match", s);
		free(s);
	}
	if (rule_get_string(ld, m, "code_source", "match", 0, &s) > 0) {
		if (strcmp(s, "logged") == 0)
			r->code_src = EV_CODE_LOGGED;
		else if (strcmp(s, "inferred") == 0)
			r->code_src = EV_CODE_INFERRED;
		else
			rule_problem(ld, "unknown code_source \"%s\" in match", s);
		free(s);
	}
}

static void
parse_advice(struct load *ld, struct rule *r, json_t *a)
{
	char	*s;

	if (a == NULL) {
		rule_problem(ld, "missing \"advice\"");
		return;
	}
	if (!json_is_object(a)) {
		rule_problem(ld, "\"advice\" must be an object");
		return;
	}
	rule_unknown_keys(ld, a, advice_keys, "advice");
	rule_get_member(ld, a, "who", "advice", whos, &s);
	r->info.who = s;
	rule_get_string(ld, a, "meaning", "advice", 1, &s);
	r->info.meaning = s;
	rule_get_string(ld, a, "when", "advice", 1, &s);
	r->info.when = s;
	rule_get_string(ld, a, "fix", "advice", 1, &s);
	r->info.fix = s;
	if (rule_get_string(ld, a, "fix_postfix", "advice", 0, &s) > 0)
		r->info.fix_postfix = s;
	if (rule_get_string(ld, a, "fix_exim", "advice", 0, &s) > 0)
		r->info.fix_exim = s;
}

/* first_with_id - where an id was first seen: a loaded rule or stage
 * hint, or this file. */
static const char *
first_with_id(struct load *ld, struct rule **batch, size_t nbatch,
    const char *id)
{
	size_t	 i;

	for (i = 0; i < ld->rs->nrules; i++)
		if (strcmp(ld->rs->rules[i]->info.id, id) == 0)
			return ld->rs->rules[i]->info.file;
	for (i = 0; i < ld->rs->nhints; i++)
		if (strcmp(ld->rs->hints[i]->info.id, id) == 0)
			return ld->rs->hints[i]->info.file;
	for (i = 0; i < nbatch; i++)
		if (batch[i] != NULL && strcmp(batch[i]->info.id, id) == 0)
			return ld->path;
	return NULL;
}

void
rule_parse_head(struct load *ld, json_t *j, struct rule **batch,
    struct rule *r, const char *const *keys, const char *what)
{
	json_t		*v;
	const char	*first;
	char		*s;

	r->info.priority = RULE_PRIO_DEF;
	/* The id first: it names the rule and finds its line. */
	if ((v = json_object_get(j, "id")) != NULL && json_is_string(v) &&
	    json_string_length(v) > 0) {
		snprintf(ld->rule, sizeof(ld->rule), "%s",
		    json_string_value(v));
		ld->line = rule_id_line(ld, json_string_value(v));
		r->line = ld->line;
	}
	if (rule_get_string(ld, j, "id", "", 1, &s) > 0) {
		r->info.id = s;
		if (!rule_id_valid(s))
			rule_problem(ld, "bad id \"%s\": use 1 to %zu of a-z, 0-9, "
			    "\".\" and \"-\"", s, sizeof(ld->rule) - 1);
		else if ((first = first_with_id(ld, batch, r->seq, s)) !=
		    NULL)
			rule_problem(ld, "duplicate id \"%s\" (first in %s)", s,
			    first);
	}
	rule_unknown_keys(ld, j, keys, what);

	if ((v = json_object_get(j, "priority")) != NULL) {
		if (!json_is_integer(v) ||
		    json_integer_value(v) < RULE_PRIO_MIN ||
		    json_integer_value(v) > RULE_PRIO_MAX)
			rule_problem(ld, "\"priority\" must be an integer from %d "
			    "to %d", RULE_PRIO_MIN, RULE_PRIO_MAX);
		else
			r->info.priority = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "match")) == NULL)
		rule_problem(ld, "missing \"match\"");
	else
		parse_match(ld, r, v);
	if ((v = json_object_get(j, "comment")) != NULL && !json_is_string(v))
		rule_problem(ld, "\"comment\" must be a string");
	if (rule_get_string(ld, j, "source", "", 0, &s) > 0)
		r->info.source = s;
	if (rule_get_string(ld, j, "stage", "", 0, &s) > 0) {
		r->info.stage = s;
		if (!rule_in_list(commands, s))
			rule_problem(ld, "unknown command \"%s\" in stage", s);
	}
}

/*
 * parse_rule - the idx-th rule of the file, or NULL after reporting every
 * problem it has.  batch holds the rules of this file checked so far.
 */
static struct rule *
parse_rule(struct load *ld, json_t *j, size_t idx, struct rule **batch)
{
	struct rule	*r;
	char		*s;
	int		 nerr0 = ld->nerr;

	ld->line = 0;
	snprintf(ld->rule, sizeof(ld->rule), "#%zu", idx + 1);
	if (!json_is_object(j)) {
		rule_problem(ld, "a rule must be an object");
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->seq = idx;
	rule_parse_head(ld, j, batch, r, rule_keys, "rule");
	rule_get_member(ld, j, "cause", "", causes, &s);
	r->info.cause = s;
	rule_get_member(ld, j, "severity", "", severities, &s);
	r->info.severity = s;
	rule_get_string(ld, j, "title", "", 1, &s);
	r->info.title = s;
	parse_advice(ld, r, json_object_get(j, "advice"));
	r->info.generic = r->text.re == NULL && r->enhanced.re == NULL &&
	    r->ncommands == 0 && r->unless.re == NULL;

	if (ld->nerr != nerr0) {
		rule_destroy(r);
		return NULL;
	}
	return r;
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

/*
 * rule_top_rules - check the top-level object every rule file shares
 * ({"rules": [...], "lang": ..., "comment": "..."}) and return its "rules"
 * list, or NULL after saying what is wrong.
 */
json_t *
rule_top_rules(struct load *ld, json_t *root)
{
	json_t	*rules, *v;

	rule_unknown_keys(ld, root, (const char *const []){ "rules", "comment",
	    "lang", "stages", "messages", NULL }, "the top-level object");
	if ((v = json_object_get(root, "comment")) != NULL &&
	    !json_is_string(v))
		rule_problem(ld, "\"comment\" must be a string");
	if ((rules = json_object_get(root, "rules")) == NULL) {
		rule_problem(ld, "missing \"rules\"");
		return NULL;
	}
	if (!json_is_array(rules)) {
		rule_problem(ld, "\"rules\" must be a list");
		return NULL;
	}
	return rules;
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
		batch[i] = parse_rule(ld, v, i, batch);
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
