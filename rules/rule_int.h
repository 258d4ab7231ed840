/*
 * rule_int.h - the private shape of a ruleset, shared by the files that
 * build it (rule_load.c, rule_build.c, rule_field.c, rule_stage.c,
 * rule_lang.c) and rule_match.c, which reads it.  Nothing outside rules/
 * includes this file.
 */
#ifndef RULE_INT_H
#define RULE_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <jansson.h>

#include "lib/msg.h"
#include "rule.h"
#include "rule_prefilter.h"

/* The texts of a rule that a translation gives, in this order. */
enum { RULE_T_TITLE, RULE_T_MEANING, RULE_T_WHEN, RULE_T_FIX,
    RULE_T_FIX_POSTFIX, RULE_T_FIX_EXIM, RULE_T_N };

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
 * One pattern of a rule (rule_pat.c).  re is the form for a one-line
 * text, compiled at load (or shared with an earlier pattern of the same
 * source: the ruleset's, see pats); rem the form for a multi-line text
 * (^ and $ at each line), compiled on first use; pf the literals a match needs, found
 * on first use (NULL: the pattern always runs).  lines is 0 for a pattern
 * on the enhanced code, which is never more than one line.
 */
struct rule_pat {
	char		*src;		/* as written */
	pcre2_code	*re;		/* borrowed from rs->pats */
	pcre2_code	*rem;
	struct rule_prefilter *pf;
	int		 lines;
	int		 filtered;	/* pf was looked for */
	int		 jitted;	/* the JIT was tried on re */
	int		 jit;		/* re is JIT-compiled */
	int		 remjit;
	int		 rem_failed;
};

/*
 * A text the patterns of one query see: its lines (one per line), and
 * its lower-case copy for the prefilter, made when a pattern first needs
 * it (ready).
 */
struct rule_subject {
	const char	*text;
	size_t		 len;
	int		 multi;		/* more than one line */
	uint32_t	 opts;		/* match options: PCRE2_NOTEOL when
					 * the text was cut short */
	int		 ready;
	struct rule_pf_subject pf;
};

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
	struct rule_pat	 enhanced;	/* re NULL when absent */
	struct rule_pat	 text;
	struct rule_pat	 unless;	/* match.unless: the rule does not apply */
	char		**commands;	/* upper case */
	size_t		 ncommands;
	enum ev_dir	 dir;
	enum ev_code_src code_src;

	int		 line;		/* of its "id" in the file, 0 if unknown */

	/*
	 * Translation (rule_lang.c): the English texts a translation
	 * replaced (NULL: not replaced), kept for rule_lang_gaps(), and the
	 * language info.lang names.
	 */
	char		*en[RULE_T_N];
	char		 lang[16];

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
	char		*low;		/* the lower-case text (rule_pat.c) */
	size_t		 lowcap;
};

struct ruleset {
	struct rule	**rules;	/* load order, for rule_get() */
	size_t		 nrules;
	size_t		 cap;

	/* Stage hints (rule_stage.c), load order; info has id, stage,
	 * source and file only. */
	struct rule	**hints;
	size_t		 nhints;
	/*
	 * What tells the stage of a reply given without its command: the
	 * stage hints and the rules with a "stage", in precedence order.
	 */
	struct rule_list stages;

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
	/* The one-line form of every pattern compiled, by its source: the
	 * rules written with the same pattern share it (rule_pat.c).  The
	 * table owns them. */
	struct htab	*pats;

	int		 jit;		/* JIT-compile patterns (rule_pat.c) */
	int		 prefilter;	/* rule out patterns by their literals */
	char		 lang[16];	/* advice language; "" is English */
	int		 all_langs;	/* read every lang-LL.json */
	size_t		 ntranslated;	/* rules given a text in lang */
	/* The catalogue's words in lang (msg.h), from the language files'
	 * "messages"; NULL: none given.  msg_lang: the files' tag. */
	char		*msgs[MSG__COUNT];
	char		 msg_lang[16];

	/* Told of every problem as it is found (rule_set_reporter). */
	void		(*report)(const struct rule_err *, void *);
	void		*report_arg;
};

/* A rule's priority: the range and the default. */
#define RULE_PRIO_MIN	(-1000)
#define RULE_PRIO_MAX	1000
#define RULE_PRIO_DEF	50

/* PCRE2 limits: a runaway pattern gives up instead of hanging the scan. */
#define RULE_MATCH_LIMIT	100000
#define RULE_DEPTH_LIMIT	5000

/*
 * rule_need_literals - the literals one of which every match of the
 * pattern pat (compiled caseless, as rule_pat.c does) contains: lower
 * case, at least two bytes, none holding another, n of them in a
 * NULL-terminated array the caller frees with each string.  NULL when no
 * useful set can be told from the text (rule_need.c): the pattern must
 * then always run.  Conservative: a construct the reader does not know
 * gives NULL, never a wrong set.
 */
char	**rule_need_literals(const char *pat, size_t *n);

/*
 * rule_pat_compile - compile src, one-line form, into p (lines: a text
 * pattern, which may see a multi-line text), or take rs's code of an
 * earlier pattern of the same source.  Returns 0, or -1 with the PCRE2
 * message ("at offset 7: ...") in err; p is to be freed either way.
 */
int	rule_pat_compile(struct ruleset *rs, struct rule_pat *p,
	    const char *src, int lines, char *err, size_t errsz);

/* rule_pat_free - release what p holds (not p itself; its one-line form
 * is rs->pats', freed by rule_pat_table_free() with the ruleset). */
void	rule_pat_free(struct rule_pat *p);
void	rule_pat_table_free(struct ruleset *rs);

/*
 * rule_pat_prepare - find p's prefilter literals and JIT-compile it, once.
 * Loading compiles every pattern (to check it) but leaves both to the
 * first use (rule_pat_match does them then, the JIT only when the
 * prefilter lets the pattern run): the JIT cost most of the start-up,
 * and most patterns never run in a small scan.  Writes to p through a
 * const ruleset, as the scratch space does.
 */
void	rule_pat_prepare(const struct ruleset *rs, struct rule_pat *p);

/*
 * rule_pat_match - does p match s?  A pattern whose literals s lacks is
 * not run.  A match PCRE2 gives up on (match or depth limit) counts as no
 * match and is counted in the scratch space.
 */
int	rule_pat_match(const struct ruleset *rs, struct rule_pat *p,
	    struct rule_subject *s);

/* rule_index_build - (re)build by_code[] after rules were added. */
void	rule_index_build(struct ruleset *);

/* rule_index_free - release by_code[]. */
void	rule_index_free(struct ruleset *);

/* rule_destroy - free one rule and everything it owns (rule_build.c). */
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

/*
 * rule_parse_head - what a rule and a stage hint share, from object j into
 * r (whose seq is its place in the file): id (unique among what is loaded
 * and batch[0..seq)), the keys allowed (keys, for messages what), priority,
 * match, comment, source and stage.  Problems go through rule_problem().
 */
void	rule_parse_head(struct load *ld, json_t *j, struct rule **batch,
	    struct rule *r, const char *const *keys, const char *what);

/*
 * rule_stage_parse - the "stages" list of a rule file's root (rule_stage.c):
 * the good hints, *n of them, in an array the caller frees (NULL when
 * none); every problem goes through rule_problem().
 */
struct rule **rule_stage_parse(struct load *ld, json_t *root, size_t *n);

/* rule_in_list - s is one of the NULL-terminated list. */
int	rule_in_list(const char *const *list, const char *s);

/* The NULL-terminated lists of rule.h's taxonomy (RULE_CAUSES, RULE_WHO,
 * RULE_SEVERITIES) and of the commands a rule may name (rule_field.c). */
extern const char *const rule_causes[], *const rule_whos[];
extern const char *const rule_severities[], *const rule_commands[];

/*
 * rule_parse - the idx-th rule of a file from its object j (rule_build.c),
 * or NULL after every problem it has was told; batch holds the rules of
 * the file checked so far.
 */
struct rule	*rule_parse(struct load *ld, json_t *j, size_t idx,
		    struct rule **batch);

/* rule_problem - count one problem of the file (the first goes into
 * *ld->err) and tell the reporter; ld->line and ld->rule place it. */
void	rule_problem(struct load *ld, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* rule_id_valid - id is a-z, 0-9, "." and "-", 1 to 127 of them. */
int	rule_id_valid(const char *id);

/* rule_get_member - obj[key] as one of list (a problem when it is not),
 * copied into *out; 1, 0 (absent: a problem, it is required) or -1. */
int	rule_get_member(struct load *ld, json_t *obj, const char *key,
	    const char *where, const char *const *list, char **out);

/* rule_id_line - the line of `"id": "<id>"` after the previous one, or 0. */
int	rule_id_line(struct load *ld, const char *id);

/* rule_top_rules - the "rules" list of a file's top-level object, whose
 * keys and comment it checks; NULL after a problem (rule_field.c). */
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
 * check each entry ({id, title, advice: {meaning, when, fix, fix_postfix,
 * fix_exim}, comment}) against the rules loaded so far and each of its
 * "messages" against the catalogue (msg.h), and when lang serves the
 * ruleset's language (rule_lang_match) and the file has no problem, put
 * the texts in place of the English ones.  Problems go through
 * rule_problem().
 */
void	rule_lang_file(struct load *ld, json_t *root, const char *lang);

#endif /* RULE_INT_H */
