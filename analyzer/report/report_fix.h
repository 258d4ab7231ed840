/*
 * report_fix.h - the fixes a group of findings needs, one per MTA: the
 * text and HTML writers group findings by rule, and a rule may give a fix
 * for Postfix and one for Exim besides its generic one (rule_fix); a
 * group keeps the fix for the MTA of each of its findings' logs, so that
 * a report on an Exim log says what to change in Exim.
 */
#ifndef REPORT_FIX_H
#define REPORT_FIX_H

#include <stddef.h>

#include "rule.h"

/* The fixes seen, by MTA family (RULE_MTA_*): copies, NULL until seen. */
struct rfix {
	char	*fix[RULE_MTA_N];
};

/* rfix_add - keep the fix r gives for the log of program (a finding's
 * program: "postfix/smtp", "exim", NULL); r and program are borrowed. */
void	rfix_add(struct rfix *, const struct rule_info *r,
	    const char *program);

/* rfix_free - free the copies; the struct may be used again. */
void	rfix_free(struct rfix *);

/*
 * rfix_list - the distinct fixes to print: their number, each with a
 * label ("Postfix", "Exim", "other logs"); the label is NULL when a
 * single text serves every log seen, or when the fix starts with its
 * MTA's name ("Exim: ...").  The strings live as x does.
 */
size_t	rfix_list(const struct rfix *x, const char *label[RULE_MTA_N],
	    const char *fix[RULE_MTA_N]);

#endif /* REPORT_FIX_H */
