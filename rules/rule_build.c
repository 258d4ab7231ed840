/*
 * rule_build.c - one rule built from its JSON object: id, priority, match
 * (codes, commands, patterns compiled), cause, severity, title and advice,
 * every field checked and every problem told (rule_field.c); and a rule
 * freed.  Reading the files and adding their rules is rule_load.c's; the
 * file format is described there.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

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
	if (!rule_in_list(rule_commands, s)) {
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
	rule_get_member(ld, a, "who", "advice", rule_whos, &s);
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
		if (!rule_in_list(rule_commands, s))
			rule_problem(ld, "unknown command \"%s\" in stage", s);
	}
}

/*
 * rule_parse - the idx-th rule of the file, or NULL after reporting every
 * problem it has.  batch holds the rules of this file checked so far.
 */
struct rule *
rule_parse(struct load *ld, json_t *j, size_t idx, struct rule **batch)
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
	rule_get_member(ld, j, "cause", "", rule_causes, &s);
	r->info.cause = s;
	rule_get_member(ld, j, "severity", "", rule_severities, &s);
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
