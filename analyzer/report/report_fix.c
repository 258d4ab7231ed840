/*
 * report_fix.c - keep, per group of findings, the fix for each MTA whose
 * logs they came from, and list the distinct ones to print.  Which fix a
 * rule gives for an MTA is rule_fix()'s answer.
 */
#include <stdlib.h>
#include <string.h>

#include "report_fix.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"

static const enum msg_id labels[RULE_MTA_N] = {
	[RULE_MTA_OTHER] = MSG_FIX_OTHER_LOGS,
	[RULE_MTA_POSTFIX] = MSG_EX_FIX_POSTFIX,
	[RULE_MTA_EXIM] = MSG_EX_FIX_EXIM,
};

void
rfix_add(struct rfix *x, const struct rule_info *r, const char *program)
{
	const char	*fix;
	int		 k = rule_mta(program);

	if (r == NULL || x->fix[k] != NULL || (fix = rule_fix(r, program)) ==
	    NULL)
		return;
	x->fix[k] = xstrdup(fix);
}

void
rfix_free(struct rfix *x)
{
	int	 k;

	for (k = 0; k < RULE_MTA_N; k++) {
		free(x->fix[k]);
		x->fix[k] = NULL;
	}
}

size_t
rfix_list(const struct rfix *x, const char *label[RULE_MTA_N],
    const char *fix[RULE_MTA_N])
{
	size_t	 n = 0, i;
	int	 k, same = 1;

	for (k = 0; k < RULE_MTA_N; k++) {
		if (x->fix[k] == NULL)
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(fix[i], x->fix[k]) != 0)
				same = 0;
		label[n] = msg(labels[k]);
		fix[n++] = x->fix[k];
	}
	if (n > 1 && same)
		n = 1;
	if (n == 1)
		label[0] = NULL;
	/* A fix that starts with its MTA's name ("Postfix: ...") says it. */
	for (i = 0; i < n; i++)
		if (label[i] != NULL && strncmp(fix[i], label[i],
		    strlen(label[i])) == 0 && fix[i][strlen(label[i])] == ':')
			label[i] = NULL;
	return n;
}
