/*
 * rule_cache.h - remember the rule engine's answers: the same failing reply
 * (code, enhanced code, text, command, direction, code source) gets the
 * same rule, and logs repeat their replies, so the builder asks
 * rule_match() once per distinct reply instead of running the rules'
 * patterns for every finding.  A bounded cache: a slot holds the last
 * reply that hashed to it.
 */
#ifndef RULE_CACHE_H
#define RULE_CACHE_H

#include "rule.h"

struct rule_cache;

/* rule_cache_new - a cache in front of rs (borrowed, outlives the cache; may
 * be NULL: every answer is then NULL). */
struct rule_cache		*rule_cache_new(const struct ruleset *rs);
void			 rule_cache_free(struct rule_cache *);

/*
 * rule_cache_match - rule_match(rs, q), from the cache when q was asked
 * before.  An answer during which a pattern gave up (rule_match_errors()
 * grew) is not kept, so that every such give-up is still counted.
 */
const struct rule_info	*rule_cache_match(struct rule_cache *, const struct rule_query *q);

#endif /* RULE_CACHE_H */
