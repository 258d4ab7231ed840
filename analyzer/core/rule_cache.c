/*
 * rule_cache.c - a direct-mapped cache of rule_match() answers, keyed by every
 * field of the query.  Each slot's strings share one allocation; queries
 * with long texts are not kept, so the cache stays under a few hundred
 * KiB.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/htab.h"
#include "rule_cache.h"
#include "lib/xmalloc.h"

#define RULE_CACHE_SLOTS	512		/* a power of two */
#define RULE_CACHE_MAX_TEXT	512		/* longer queries are not kept */

/* A query's strings as lengths plus one: 0 for NULL. */
struct qlens {
	size_t	enh, text, cmd;
};

struct slot {
	int			 used;
	uint32_t		 hash;
	int			 code;
	enum ev_dir		 dir;
	enum ev_code_src	 code_src;
	struct qlens		 len;
	char			*strs;		/* enhanced, text, command */
	const struct rule_info	*rule;
};

struct rule_cache {
	const struct ruleset	*rs;
	struct slot		 slot[RULE_CACHE_SLOTS];
};

struct rule_cache *
rule_cache_new(const struct ruleset *rs)
{
	struct rule_cache	*c = xcalloc(1, sizeof(*c));

	c->rs = rs;
	return c;
}

void
rule_cache_free(struct rule_cache *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < RULE_CACHE_SLOTS; i++)
		free(c->slot[i].strs);
	free(c);
}

static size_t
len1(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

static uint32_t
hash1(const char *s, size_t len1)
{
	return len1 > 0 ? htab_hashn(s, len1 - 1) : 0x5bd1e995u;
}

/* same - does slot e hold q (whose lengths are ql)? */
static int
same(const struct slot *e, const struct rule_query *q, const struct qlens *ql)
{
	const char	*p = e->strs;

	if (e->code != q->code || e->dir != q->dir ||
	    e->code_src != q->code_src || e->len.enh != ql->enh ||
	    e->len.text != ql->text || e->len.cmd != ql->cmd)
		return 0;
	if (ql->enh > 0 && memcmp(p, q->enhanced, ql->enh) != 0)
		return 0;
	p += ql->enh;
	if (ql->text > 0 && memcmp(p, q->text, ql->text) != 0)
		return 0;
	p += ql->text;
	return ql->cmd == 0 || memcmp(p, q->command, ql->cmd) == 0;
}

static void
keep(struct slot *e, const struct rule_query *q, const struct qlens *ql,
    uint32_t h, const struct rule_info *rule)
{
	char	*p;

	free(e->strs);
	e->strs = p = xmalloc(ql->enh + ql->text + ql->cmd + 1);
	if (ql->enh > 0)
		memcpy(p, q->enhanced, ql->enh);
	p += ql->enh;
	if (ql->text > 0)
		memcpy(p, q->text, ql->text);
	p += ql->text;
	if (ql->cmd > 0)
		memcpy(p, q->command, ql->cmd);
	e->used = 1;
	e->hash = h;
	e->code = q->code;
	e->dir = q->dir;
	e->code_src = q->code_src;
	e->len = *ql;
	e->rule = rule;
}

const struct rule_info *
rule_cache_match(struct rule_cache *c, const struct rule_query *q)
{
	struct qlens		 ql;
	struct slot		*e;
	const struct rule_info	*rule;
	unsigned long		 errors;
	uint32_t		 h;

	if (c->rs == NULL)
		return NULL;
	ql.enh = len1(q->enhanced);
	ql.text = len1(q->text);
	ql.cmd = len1(q->command);
	/* A cut text is long (and rare): not kept. */
	if (ql.enh + ql.text + ql.cmd > RULE_CACHE_MAX_TEXT ||
	    q->text_truncated)
		return rule_match(c->rs, q);
	h = hash1(q->text, ql.text);
	h = h * 31 + hash1(q->enhanced, ql.enh);
	h = h * 31 + hash1(q->command, ql.cmd);
	h = h * 31 + (uint32_t)q->code * 4 + (uint32_t)q->dir;
	h = h * 31 + (uint32_t)q->code_src;
	e = &c->slot[(h ^ h >> 16) & (RULE_CACHE_SLOTS - 1)];
	if (e->used && e->hash == h && same(e, q, &ql))
		return e->rule;
	errors = rule_match_errors(c->rs);
	rule = rule_match(c->rs, q);
	if (rule_match_errors(c->rs) == errors)
		keep(e, q, &ql, h, rule);
	return rule;
}
