/*
 * rule_lang.c - translation files: a rule file whose top-level "lang" is
 * not "en" gives, for rules already loaded, their title and advice in that
 * language.  Each entry is checked like a rule (unknown keys, empty texts,
 * an id no rule has); the texts replace the English ones only when the
 * file is in the language chosen with rule_set_lang() and has no problem.
 * Reading the file and the English rules is rule_load.c's job; which
 * language a file is in, and which one the ruleset wants, are here.
 *
 *   {"lang": "fr", "rules": [
 *     {"id": "base-554-inbound", "title": "...",
 *      "advice": {"meaning": "...", "when": "...", "fix": "..."}}]}
 *
 * Who must act ("who") is not translated: it is a value of the taxonomy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

int
rule_lang_valid(const char *s)
{
	size_t	 n;

	/* BCP 47, the common part: "fr", "pt-BR", "zh-Hans". */
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
	if (n < 2 || n > 3)
		return 0;
	if (s[n] == '\0')
		return 1;
	if (s[n] != '-')
		return 0;
	s += n + 1;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789");
	return n >= 2 && n <= 8 && s[n] == '\0';
}

int
rule_set_lang(struct ruleset *rs, const char *lang)
{
	if (lang == NULL || strcmp(lang, "en") == 0) {
		rs->lang[0] = '\0';
		return 0;
	}
	if (!rule_lang_valid(lang) || strlen(lang) >= sizeof(rs->lang))
		return -1;
	snprintf(rs->lang, sizeof(rs->lang), "%s", lang);
	return 0;
}

size_t
rule_translated(const struct ruleset *rs)
{
	return rs != NULL ? rs->ntranslated : 0;
}

/*
 * rule_file_lang - the language of the file: 0 for English (no "lang", or
 * "en"), 1 with *lang set for another, -1 after reporting a bad "lang".
 */
int
rule_file_lang(struct load *ld, json_t *root, const char **lang)
{
	json_t	*v;

	if (!json_is_object(root) || (v = json_object_get(root, "lang")) ==
	    NULL)
		return 0;
	if (!json_is_string(v) || !rule_lang_valid(json_string_value(v)) ||
	    json_string_length(v) >= sizeof(ld->rs->lang)) {
		rule_problem(ld, "\"lang\" must be a language tag such as "
		    "\"fr\" or \"pt-BR\"");
		return -1;
	}
	if (strcmp(json_string_value(v), "en") == 0)
		return 0;
	*lang = json_string_value(v);
	return 1;
}

static const char *const entry_keys[] = {
	"id", "title", "advice", "comment", NULL
};
static const char *const advice_keys[] = {
	"meaning", "when", "fix", NULL
};

/* The texts an entry gives, in the order of struct rule_info. */
enum { T_TITLE, T_MEANING, T_WHEN, T_FIX, T_N };

struct entry {
	struct rule	*r;
	char		*t[T_N];	/* NULL: keep the English text */
};

static struct rule *
find(const struct ruleset *rs, const char *id)
{
	size_t	 i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->info.id, id) == 0)
			return rs->rules[i];
	return NULL;
}

/* entry - check one entry; fill *e when it is good.  Returns 0 or -1. */
static int
entry(struct load *ld, json_t *j, size_t idx, struct entry *e)
{
	json_t	*a, *v;
	char	*id;
	int	 nerr0 = ld->nerr, k;

	ld->line = 0;
	snprintf(ld->rule, sizeof(ld->rule), "#%zu", idx + 1);
	if (!json_is_object(j)) {
		rule_problem(ld, "a translation must be an object");
		return -1;
	}
	if (rule_get_string(ld, j, "id", "", 1, &id) > 0) {
		snprintf(ld->rule, sizeof(ld->rule), "%s", id);
		ld->line = rule_id_line(ld, id);
		if ((e->r = find(ld->rs, id)) == NULL)
			rule_problem(ld, "no rule \"%s\" to translate (a "
			    "translation file only gives texts for rules "
			    "loaded before it)", id);
		free(id);
	}
	rule_unknown_keys(ld, j, entry_keys, "a translation");
	rule_get_string(ld, j, "title", "", 0, &e->t[T_TITLE]);
	if ((a = json_object_get(j, "advice")) != NULL) {
		if (!json_is_object(a))
			rule_problem(ld, "\"advice\" must be an object");
		else {
			rule_unknown_keys(ld, a, advice_keys, "advice");
			rule_get_string(ld, a, "meaning", "advice", 0,
			    &e->t[T_MEANING]);
			rule_get_string(ld, a, "when", "advice", 0,
			    &e->t[T_WHEN]);
			rule_get_string(ld, a, "fix", "advice", 0, &e->t[T_FIX]);
		}
	}
	if ((v = json_object_get(j, "comment")) != NULL && !json_is_string(v))
		rule_problem(ld, "\"comment\" must be a string");
	for (k = 0; k < T_N && e->t[k] == NULL; k++)
		;
	if (k == T_N && ld->nerr == nerr0)
		rule_problem(ld, "nothing to translate: give \"title\" or "
		    "\"advice\" texts");
	return ld->nerr == nerr0 ? 0 : -1;
}

/* apply - put the texts of e in place of the rule's. */
static void
apply(struct entry *e)
{
	const char	**dst[T_N];
	int		  k;

	dst[T_TITLE] = &e->r->info.title;
	dst[T_MEANING] = &e->r->info.meaning;
	dst[T_WHEN] = &e->r->info.when;
	dst[T_FIX] = &e->r->info.fix;
	for (k = 0; k < T_N; k++) {
		if (e->t[k] == NULL)
			continue;
		free((char *)*dst[k]);
		*dst[k] = e->t[k];
		e->t[k] = NULL;
	}
}

void
rule_lang_file(struct load *ld, json_t *root, const char *lang)
{
	struct entry	*es;
	json_t		*rules, *v;
	size_t		 i, n, k;
	int		 nerr0 = ld->nerr, use;

	if ((rules = rule_top_rules(ld, root)) == NULL)
		return;
	n = json_array_size(rules);
	es = xcalloc(n + 1, sizeof(*es));
	json_array_foreach(rules, i, v)
		(void)entry(ld, v, i, &es[i]);

	/* All or nothing, as for rules: a file with a problem changes none. */
	use = ld->nerr == nerr0 && strcmp(lang, ld->rs->lang) == 0;
	for (i = 0; i < n; i++) {
		if (use) {
			apply(&es[i]);
			ld->rs->ntranslated++;
		}
		for (k = 0; k < T_N; k++)
			free(es[i].t[k]);
	}
	free(es);
}
