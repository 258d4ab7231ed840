/*
 * rule_field.c - the checks every field of a rule file goes through, and
 * how a problem is told: a required non-empty string, a member of a list
 * (cause, who, severity), an id's form, unknown keys, and the line of the
 * rule it is in, each problem counted and passed to the ruleset's reporter;
 * the lists a field may take its value from, and the top-level object.
 * What each rule and stage hint holds is rule_build.c's and rule_stage.c's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

/* problem - count one problem; the first one goes into *err. */
void
rule_problem(struct load *ld, const char *fmt, ...)
{
	struct rule_err	 e;
	va_list		 ap;

	memset(&e, 0, sizeof(e));
	snprintf(e.file, sizeof(e.file), "%s", ld->path);
	e.line = ld->line;
	snprintf(e.rule, sizeof(e.rule), "%s", ld->rule);
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	if (ld->nerr++ == 0)
		*ld->err = e;
	if (ld->rs->report != NULL)
		ld->rs->report(&e, ld->rs->report_arg);
}

void
rule_set_reporter(struct ruleset *rs,
    void (*fn)(const struct rule_err *, void *), void *arg)
{
	rs->report = fn;
	rs->report_arg = arg;
}

/*
 * lines_to - the line of text[pos], counting on from the cursor's line:
 * ids are found in file order, so each byte is counted once per file
 * (counting from the start every time was quadratic in the rules).
 */
static int
lines_to(struct load *ld, size_t pos)
{
	const char	*p = ld->text + ld->cursor, *end = ld->text + pos;
	int		 line = ld->cursor_line > 0 ? ld->cursor_line : 1;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/*
 * rule_id_line - the line of `"id": "<id>"` in the raw file, searching
 * from the previous rule's id on so that a duplicate id within one file
 * gets its own line; 0 when not found (e.g. the id was written with \u
 * escapes).  The text is NUL-terminated and, as jansson accepted it, holds
 * no NUL byte.
 */
int
rule_id_line(struct load *ld, const char *id)
{
	const char	*p, *q, *end;
	size_t		 idlen = strlen(id);
	int		 line;

	end = ld->text + ld->len;
	for (p = ld->text + ld->cursor; p < end; p++) {
		if ((p = strstr(p, "\"id\"")) == NULL)
			break;
		q = p + 4;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if (q >= end || *q++ != ':')
			continue;
		while (q < end && isspace((unsigned char)*q))
			q++;
		if ((size_t)(end - q) < idlen + 2 || q[0] != '"' ||
		    memcmp(q + 1, id, idlen) != 0 || q[idlen + 1] != '"')
			continue;
		line = lines_to(ld, (size_t)(p - ld->text));
		ld->cursor_line = line;
		ld->cursor = (size_t)(p - ld->text);
		/* The next id starts after this one's value. */
		ld->cursor_line = lines_to(ld, (size_t)(q - ld->text));
		ld->cursor = (size_t)(q - ld->text);
		return line;
	}
	return 0;
}

int
rule_id_valid(const char *id)
{
	const char	*p;

	if (*id == '\0' || strlen(id) >= sizeof(((struct rule_err *)0)->rule))
		return 0;
	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-'))
			return 0;
	return 1;
}

/* unknown_keys - report each key of obj that is not in allowed. */
void
rule_unknown_keys(struct load *ld, json_t *obj, const char *const *allowed,
    const char *where)
{
	const char	*key;
	json_t		*val;

	json_object_foreach(obj, key, val) {
		(void)val;
		if (!rule_in_list(allowed, key))
			rule_problem(ld, "unknown key \"%s\" in %s", key, where);
	}
}

/*
 * get_string - the non-empty string obj[key], copied into *out.  Returns 1
 * when found, 0 when absent (a problem when required), -1 when it is not a
 * non-empty string.  where names obj in messages ("" for the rule itself).
 */
int
rule_get_string(struct load *ld, json_t *obj, const char *key,
    const char *where, int required, char **out)
{
	json_t	*v;

	*out = NULL;
	if ((v = json_object_get(obj, key)) == NULL) {
		if (required)
			rule_problem(ld, "missing \"%s\"%s%s", key,
			    *where ? " in " : "", where);
		return 0;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		rule_problem(ld, "\"%s\"%s%s must be a non-empty string", key,
		    *where ? " in " : "", where);
		return -1;
	}
	*out = xstrdup(json_string_value(v));
	return 1;
}

/* rule_get_member - obj[key] as one of list, copied into *out; 1, 0 or -1. */
int
rule_get_member(struct load *ld, json_t *obj, const char *key,
    const char *where, const char *const *list, char **out)
{
	int	 rc;

	if ((rc = rule_get_string(ld, obj, key, where, 1, out)) <= 0)
		return rc;
	if (!rule_in_list(list, *out)) {
		rule_problem(ld, "unknown %s \"%s\"%s%s", key, *out,
		    *where ? " in " : "", where);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 1;
}

/* The taxonomy (rule.h) and the commands a rule may name. */
const char *const rule_causes[] = { RULE_CAUSES, NULL };
const char *const rule_whos[] = { RULE_WHO, NULL };
const char *const rule_severities[] = { RULE_SEVERITIES, NULL };

const char *const rule_commands[] = {
	"CONNECT", "HELO", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA",
	"BDAT", "END-OF-MESSAGE", "RSET", "VRFY", "EXPN", "HELP", "NOOP",
	"QUIT", "ETRN", "TURN", "ATRN", "XCLIENT", "XFORWARD", "UNKNOWN", NULL
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
	return s != NULL && rule_in_list(rule_causes, s);
}

int
rule_command_valid(const char *s)
{
	return s != NULL && rule_in_list(rule_commands, s);
}

int
rule_who_valid(const char *s)
{
	return s != NULL && rule_in_list(rule_whos, s);
}

int
rule_severity_valid(const char *s)
{
	return s != NULL && rule_in_list(rule_severities, s);
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
