/*
 * rule_int.h - the private shape of a ruleset, shared by rule_load.c (which
 * builds it) and rule_match.c (which reads it).  Nothing outside rules/
 * includes this file.
 */
#ifndef RULE_INT_H
#define RULE_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <jansson.h>

#include "rule.h"

/* Reply codes a rule may name: the failing and the positive ones. */
#define RULE_CODE_MIN	200
#define RULE_CODE_MAX	599

/*
 * Index slot for a query whose code is 0 or outside the range above: only
 * rules without a code condition can match it.
 */
#define RULE_SLOT_ANY	(RULE_CODE_MAX + 1)
#define RULE_NSLOTS	(RULE_CODE_MAX + 2)

/*
 * One loaded rule.  info is what callers see; its strings, like every
 * other pointer here, are owned by the rule (info.file is owned by the
 * ruleset's file list).  A condition that is absent matches anything:
 * ncodes 0, a NULL pattern, ncommands 0, EV_DIR_NONE, EV_CODE_NONE.
 */
struct rule {
	struct rule_info info;

	int		*codes;
	size_t		 ncodes;
	pcre2_code	*enhanced;
	pcre2_code	*text;
	pcre2_code	*unless;	/* match.unless: the rule does not apply */
	char		*enhanced_src;	/* the patterns as written, for */
	char		*text_src;	/* rule_check_patterns() */
	char		*unless_src;
	char		**commands;	/* upper case */
	size_t		 ncommands;
	enum ev_dir	 dir;
	enum ev_code_src code_src;

	int		 line;		/* of its "id" in the file, 0 if unknown */
	int		 jitted;	/* rule_jit() has run on its patterns */
	int		 enhanced_jit;	/* ... and JIT-compiled this one */
	int		 text_jit;
	int		 unless_jit;

	/* Precedence keys besides info.priority (see rule.h). */
	size_t		 fileno;	/* 0 for the first file loaded */
	size_t		 seq;		/* position in its file */
};

/* One list of candidate rules, best first. */
struct rule_list {
	struct rule	**v;
	size_t		 n;
};

/*
 * Scratch space that rule_match() writes through a const ruleset: the
 * match data block and the error counter.  This makes a ruleset unsafe to
 * match from two threads at once; smtplog is single-threaded.
 */
struct rule_scratch {
	pcre2_match_data *md;
	unsigned long	 match_errors;
	char		*text;		/* a multi-line reply's lines */
	size_t		 textcap;
};

struct ruleset {
	struct rule	**rules;	/* load order, for rule_get() */
	size_t		 nrules;
	size_t		 cap;

	char		**files;	/* paths of the files loaded */
	size_t		 nfiles;

	/*
	 * by_code[c] holds every rule that can match a query with code c:
	 * the rules naming c and the rules with no code condition, merged in
	 * precedence order, so the first rule in the list whose other
	 * conditions hold is the winner.
	 */
	struct rule_list by_code[RULE_NSLOTS];

	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	struct rule_scratch *scratch;

	int		 jit;		/* JIT-compile patterns (rule_jit) */
	char		 lang[16];	/* advice language; "" is English */
	size_t		 ntranslated;	/* rules given a text in lang */

	/* Told of every problem as it is found (rule_set_reporter). */
	void		(*report)(const struct rule_err *, void *);
	void		*report_arg;
};

/* PCRE2 limits: a runaway pattern gives up instead of hanging the scan. */
#define RULE_MATCH_LIMIT	100000
#define RULE_DEPTH_LIMIT	5000

/*
 * rule_jit - JIT-compile the patterns of r, once, before their first
 * match.  Loading compiles every pattern (to check it) but leaves the JIT
 * to this: the JIT cost most of the start-up, and most rules never see a
 * reply that gets as far as their patterns in a small scan.  Every match
 * (rule_match, rule_check_patterns) calls it first, so a pattern always
 * runs JIT-compiled where it did before, with the same limits.  Writes
 * to r through a const ruleset, as the scratch space does.
 */
void	rule_jit(const struct ruleset *rs, struct rule *r);

/* rule_index_build - (re)build by_code[] after rules were added. */
void	rule_index_build(struct ruleset *);

/* rule_index_free - release by_code[]. */
void	rule_index_free(struct ruleset *);

/* rule_destroy - free one rule and everything it owns. */
void	rule_destroy(struct rule *);

/* State of one rule_load_file() call, shared with rule_lang.c. */
struct load {
	struct ruleset	*rs;
	const char	*path;
	const char	*text;		/* the raw file, for finding lines */
	size_t		 len;
	size_t		 cursor;	/* where the next rule's id may start */
	int		 cursor_line;	/* the line cursor is on, from 1; 0
					 * until set (rule_id_line) */
	struct rule_err	*err;
	int		 nerr;
	int		 line;		/* of the rule being checked */
	char		 rule[sizeof(((struct rule_err *)0)->rule)];
};

/* rule_in_list - s is one of the NULL-terminated list. */
int	rule_in_list(const char *const *list, const char *s);

/* rule_problem - count one problem of the file (the first goes into
 * *ld->err) and tell the reporter; ld->line and ld->rule place it. */
void	rule_problem(struct load *ld, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* rule_id_line - the line of `"id": "<id>"` after the previous one, or 0. */
int	rule_id_line(struct load *ld, const char *id);

/* rule_top_rules - the "rules" list of a file's top-level object, whose
 * keys and comment it checks; NULL after a problem (rule_load.c). */
json_t	*rule_top_rules(struct load *ld, json_t *root);

/* rule_unknown_keys - a problem for each key of obj not in allowed. */
void	rule_unknown_keys(struct load *ld, json_t *obj,
	    const char *const *allowed, const char *where);

/*
 * rule_get_string - the non-empty string obj[key], copied into *out:
 * 1 when found, 0 when absent (a problem when required), -1 when it is
 * not a non-empty string.  where names obj in messages ("" for a rule).
 */
int	rule_get_string(struct load *ld, json_t *obj, const char *key,
	    const char *where, int required, char **out);

/*
 * rule_file_lang - the language of a parsed file: 0 for English (no
 * "lang", or "en"), 1 with *lang set (borrowed from root) for another,
 * -1 after reporting a "lang" that is not a language tag.
 */
int	rule_file_lang(struct load *ld, json_t *root, const char **lang);

/*
 * rule_lang_file - root is a translation file (its "lang" is not "en"):
 * check each entry ({id, title, advice: {meaning, when, fix}, comment})
 * against the rules loaded so far, and when lang is the ruleset's
 * language and the file has no problem, put the texts in place of the
 * English ones.  Problems go through rule_problem().
 */
void	rule_lang_file(struct load *ld, json_t *root, const char *lang);

#endif /* RULE_INT_H */
