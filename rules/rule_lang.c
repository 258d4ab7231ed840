/*
 * rule_lang.c - translation files: a rule file whose top-level "lang" is
 * not "en" gives, for rules already loaded, their title and advice in that
 * language, and the catalogue's words (lib/msg.h) in its "messages".
 * Each entry is checked like a rule (unknown keys, empty texts, an id no
 * rule has, a message the catalogue does not have or whose printf
 * conversions differ from the English); the texts replace the English
 * ones only when the file serves the language chosen with rule_set_lang()
 * and has no problem.  Reading the file and the English rules is
 * rule_load.c's job; which texts must stay as they are,
 * rule_lang_check.c's.
 *
 *   {"lang": "fr",
 *    "messages": {"who_must_act": "Qui doit agir", ...},
 *    "rules": [
 *     {"id": "base-554-inbound", "title": "...",
 *      "advice": {"meaning": "...", "when": "...", "fix": "...",
 *                 "fix_postfix": "...", "fix_exim": "..."}}]}
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
rule_lang_match(const char *file, const char *want)
{
	size_t	n = strlen(file);

	if (want == NULL || *want == '\0')
		return 0;
	return strcmp(file, want) == 0 || (strchr(file, '-') == NULL &&
	    strncmp(file, want, n) == 0 && want[n] == '-');
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

void
rule_set_all_langs(struct ruleset *rs, int on)
{
	rs->all_langs = on;
}

int
rule_lang_skip(const struct ruleset *rs, const char *name)
{
	char	tag[16];
	size_t	n = strlen(name);

	if (rs->all_langs || strncmp(name, "lang-", 5) != 0 || n < 10 ||
	    n - 10 >= sizeof(tag) || strcmp(name + n - 5, ".json") != 0)
		return 0;
	memcpy(tag, name + 5, n - 10);
	tag[n - 10] = '\0';
	return rule_lang_valid(tag) && !rule_lang_match(tag, rs->lang);
}

size_t
rule_translated(const struct ruleset *rs)
{
	return rs != NULL ? rs->ntranslated : 0;
}

const char *const *
rule_messages(const struct ruleset *rs, const char **lang)
{
	int	i;

	for (i = 0; i < MSG__COUNT; i++)
		if (rs->msgs[i] != NULL) {
			*lang = rs->msg_lang;
			return (const char *const *)rs->msgs;
		}
	*lang = NULL;
	return NULL;
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
/* The advice keys, in the order of RULE_T_MEANING .. RULE_T_FIX_EXIM. */
static const char *const advice_keys[] = {
	"meaning", "when", "fix", "fix_postfix", "fix_exim", NULL
};

struct entry {
	struct rule	*r;
	char		*t[RULE_T_N];	/* NULL: keep the English text */
};

static struct rule *
find(const struct ruleset *rs, const char *id)
{
	size_t	i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->info.id, id) == 0)
			return rs->rules[i];
	return NULL;
}

/* text_of - the English text slot of r for RULE_T_* k. */
static const char **
text_of(struct rule *r, int k)
{
	switch (k) {
	case RULE_T_TITLE: return &r->info.title;
	case RULE_T_MEANING: return &r->info.meaning;
	case RULE_T_WHEN: return &r->info.when;
	case RULE_T_FIX: return &r->info.fix;
	case RULE_T_FIX_POSTFIX: return &r->info.fix_postfix;
	default: return &r->info.fix_exim;
	}
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
	rule_get_string(ld, j, "title", "", 0, &e->t[RULE_T_TITLE]);
	if ((a = json_object_get(j, "advice")) != NULL) {
		if (!json_is_object(a))
			rule_problem(ld, "\"advice\" must be an object");
		else {
			rule_unknown_keys(ld, a, advice_keys, "advice");
			for (k = RULE_T_MEANING; k < RULE_T_N; k++)
				rule_get_string(ld, a, advice_keys[k - 1],
				    "advice", 0, &e->t[k]);
		}
	}
	if ((v = json_object_get(j, "comment")) != NULL && !json_is_string(v))
		rule_problem(ld, "\"comment\" must be a string");
	/* A per-MTA fix translates one the rule has: else it would add
	 * advice the English does not give. */
	for (k = RULE_T_FIX_POSTFIX; e->r != NULL && k < RULE_T_N; k++)
		if (e->t[k] != NULL && *text_of(e->r, k) == NULL &&
		    e->r->en[k] == NULL)
			rule_problem(ld, "advice.%s: the rule has no such fix "
			    "to translate", advice_keys[k - 1]);
	for (k = 0; k < RULE_T_N && e->t[k] == NULL; k++)
		;
	if (k == RULE_T_N && ld->nerr == nerr0)
		rule_problem(ld, "nothing to translate: give \"title\" or "
		    "\"advice\" texts");
	return ld->nerr == nerr0 ? 0 : -1;
}

/* apply - put the texts of e in place of the rule's, keeping the
 * English ones (once) for rule_lang_gaps(). */
static void
apply(struct entry *e, const char *lang)
{
	const char	**dst;
	int		  k;

	for (k = 0; k < RULE_T_N; k++) {
		if (e->t[k] == NULL)
			continue;
		dst = text_of(e->r, k);
		if (e->r->en[k] == NULL)
			e->r->en[k] = (char *)*dst;
		else
			free((char *)*dst);
		*dst = e->t[k];
		e->t[k] = NULL;
	}
	snprintf(e->r->lang, sizeof(e->r->lang), "%s", lang);
	e->r->info.lang = e->r->lang;
}

/*
 * messages - check the file's "messages" object: each key a message of
 * the catalogue, each value a non-empty string with the printf
 * conversions of the English.  With use, the texts go into the ruleset.
 */
static void
messages(struct load *ld, json_t *root, const char *lang, int check_only)
{
	json_t		*m, *v;
	const char	*key;
	int		 id, nerr0 = ld->nerr;

	if ((m = json_object_get(root, "messages")) == NULL)
		return;
	ld->line = 0;
	snprintf(ld->rule, sizeof(ld->rule), "messages");
	if (!json_is_object(m)) {
		rule_problem(ld, "\"messages\" must be an object of message "
		    "keys and texts");
		return;
	}
	json_object_foreach(m, key, v) {
		if ((id = msg_find(key)) < 0)
			rule_problem(ld, "no message \"%s\" in the catalogue",
			    key);
		else if (!json_is_string(v) || json_string_length(v) == 0)
			rule_problem(ld, "message \"%s\" must be a non-empty "
			    "string", key);
		else if (!msg_format_same(msg_en((enum msg_id)id),
		    json_string_value(v)))
			rule_problem(ld, "message \"%s\": the conversions "
			    "(%%s, %%lu ...) must be the English text's, in its "
			    "order: \"%s\"", key, msg_en((enum msg_id)id));
	}
	if (check_only || ld->nerr != nerr0)
		return;
	json_object_foreach(m, key, v) {
		id = msg_find(key);
		free(ld->rs->msgs[id]);
		ld->rs->msgs[id] = xstrdup(json_string_value(v));
	}
	snprintf(ld->rs->msg_lang, sizeof(ld->rs->msg_lang), "%s", lang);
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
	use = rule_lang_match(lang, ld->rs->lang);
	messages(ld, root, lang, 1);

	/* All or nothing, as for rules: a file with a problem changes none. */
	use = use && ld->nerr == nerr0;
	if (use)
		messages(ld, root, lang, 0);
	for (i = 0; i < n; i++) {
		if (use) {
			apply(&es[i], lang);
			ld->rs->ntranslated++;
		}
		for (k = 0; k < RULE_T_N; k++)
			free(es[i].t[k]);
	}
	free(es);
}

size_t
rule_lang_gaps(const struct ruleset *rs, void (*fn)(void *,
    const struct rule_info *, const char *, const char *), void *arg)
{
	static const char *const field[RULE_T_N] = { "title",
	    "advice.meaning", "advice.when", "advice.fix",
	    "advice.fix_postfix", "advice.fix_exim" };
	struct rule	*r;
	const char	*t;
	char		 miss[128];
	size_t		 i, n = 0;
	int		 k;

	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		for (k = 0; k < RULE_T_N; k++) {
			t = *text_of(r, k);
			if (r->en[k] == NULL && t != NULL) {
				fn(arg, &r->info, field[k], NULL);
				n++;
			} else if (r->en[k] != NULL &&
			    !rule_lang_kept(r->en[k], t, miss, sizeof(miss))) {
				fn(arg, &r->info, field[k], miss);
				n++;
			}
		}
	}
	return n;
}
