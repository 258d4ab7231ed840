/*
 * rule_stage.c - read the stage hints of a rule file: texts that show which
 * command a reply answered, so that a reply given without its command
 * (explain, a bounce's Diagnostic-Code) still meets the rules that ask for
 * one.  Reading rules is rule_load.c's job; using the stage rule_match.c's.
 *
 * The top-level "stages" list of a rule file holds objects:
 *
 *   id        required  unique among rules and hints (as a rule's id)
 *   stage     required  the command the reply answered, as match.command
 *                       names it (CONNECT, RCPT, END-OF-MESSAGE ...)
 *   match     required  as a rule's, with a "text" or "enhanced" pattern
 *                       and no "command"
 *   priority  optional  as a rule's: the first hint that matches, in the
 *                       order rules are tried, gives the stage
 *   source    optional  where the texts come from
 *   comment   optional  ignored
 *
 * A rule with a "stage" key is a hint too: its text shows that stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_int.h"
#include "lib/xmalloc.h"

static const char *const hint_keys[] = {
	"id", "stage", "match", "priority", "source", "comment", NULL
};

/* hint - the idx-th stage hint, or NULL after reporting its problems. */
static struct rule *
hint(struct load *ld, json_t *j, size_t idx, struct rule **batch)
{
	struct rule	*r;
	int		 nerr0 = ld->nerr;

	ld->line = 0;
	snprintf(ld->rule, sizeof(ld->rule), "stages #%zu", idx + 1);
	if (!json_is_object(j)) {
		rule_problem(ld, "a stage hint must be an object");
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->seq = idx;
	rule_parse_head(ld, j, batch, r, hint_keys, "stage hint");
	if (json_object_get(j, "stage") == NULL)
		rule_problem(ld, "missing \"stage\" in stage hint");
	if (r->ncommands > 0)
		rule_problem(ld, "a stage hint takes no \"command\" in match");
	if (json_is_object(json_object_get(j, "match")) &&
	    json_object_get(json_object_get(j, "match"), "text") == NULL &&
	    json_object_get(json_object_get(j, "match"), "enhanced") == NULL)
		rule_problem(ld, "a stage hint needs a \"text\" or \"enhanced\" "
		    "pattern in match");
	if (ld->nerr != nerr0) {
		rule_destroy(r);
		return NULL;
	}
	return r;
}

struct rule **
rule_stage_parse(struct load *ld, json_t *root, size_t *n)
{
	struct rule	**batch;
	json_t		*list, *v;
	size_t		 i, k = 0;

	*n = 0;
	if (!json_is_object(root) ||
	    (list = json_object_get(root, "stages")) == NULL)
		return NULL;
	if (!json_is_array(list)) {
		ld->line = 0;
		snprintf(ld->rule, sizeof(ld->rule), "stages");
		rule_problem(ld, "\"stages\" must be a list");
		return NULL;
	}
	batch = xcalloc(json_array_size(list) + 1, sizeof(*batch));
	json_array_foreach(list, i, v)
		batch[i] = hint(ld, v, i, batch);
	/* Keep the good ones together; a file with a problem adds none. */
	for (i = 0; i < json_array_size(list); i++)
		if (batch[i] != NULL)
			batch[k++] = batch[i];
	*n = k;
	return batch;
}
