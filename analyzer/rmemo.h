/*
 * rmemo.h - remember the rule engine's answers: the same failing reply
 * (code, enhanced code, text, command, direction, code source) gets the
 * same rule, and logs repeat their replies, so the builder asks
 * rule_match() once per distinct reply instead of running the rules'
 * patterns for every finding.  A bounded cache: a slot holds the last
 * reply that hashed to it.
 */
#ifndef RMEMO_H
#define RMEMO_H

#include "rule.h"

struct rmemo;

/* rmemo_new - a cache in front of rs (borrowed, outlives the cache; may
 * be NULL: every answer is then NULL). */
struct rmemo		*rmemo_new(const struct ruleset *rs);
void			 rmemo_free(struct rmemo *);

/*
 * rmemo_match - rule_match(rs, q), from the cache when q was asked
 * before.  An answer during which a pattern gave up (rule_match_errors()
 * grew) is not kept, so that every such give-up is still counted.
 */
const struct rule_info	*rmemo_match(struct rmemo *, const struct rule_query *q);

#endif /* RMEMO_H */
