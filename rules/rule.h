/*
 * rule.h - the data-driven diagnosis: JSON rule files (rules/NN-name.json) are
 * loaded and validated once, their PCRE2 patterns compiled with JIT, and a
 * failing reply is matched to the one rule that explains it.
 *
 * Which rule wins when several match: the highest "priority"; on equal
 * priority a rule from a file loaded later wins (so --rules files, loaded
 * after the defaults, override them); within one file, the rule written
 * first wins.  Leaf module: never prints, errors come back in rule_err.
 */
#ifndef RULE_H
#define RULE_H

#include <stddef.h>

#include "lib/event.h"

/* The cause taxonomy: a stable contract, dashboards group by it. */
#define RULE_CAUSES \
	"syntax", "unknown-command", "command-disabled", "line-too-long", \
	"bad-sequence", "pipelining-violation", "auth-required", \
	"starttls-required", "auth-failed", "relay-denied", "blocklisted-ip", \
	"spf-dmarc-dkim-fail", "spam-content", "policy-rejected-sender", \
	"policy-rejected-recipient", "greeting-rejection", "too-many-errors", \
	"message-too-large", "other"

/* Who must act on a finding. */
#define RULE_WHO "sending-client", "local-admin", "remote-admin"

#define RULE_SEVERITIES "info", "notice", "warning", "error"

/* A loaded rule, as writers show it.  Strings owned by the ruleset. */
struct rule_info {
	const char	*id;
	const char	*file;		/* rule file it came from */
	int		 priority;
	const char	*cause;		/* one of RULE_CAUSES */
	const char	*severity;	/* one of RULE_SEVERITIES */
	const char	*title;
	const char	*who;		/* one of RULE_WHO */
	const char	*meaning;	/* what it means */
	const char	*when;		/* when you see it */
	const char	*fix;		/* how to fix it */
	/*
	 * The fix for the MTA whose log it is, where the rule gives one
	 * (advice.fix_postfix, advice.fix_exim); NULL otherwise.  Use
	 * rule_fix() rather than reading these.
	 */
	const char	*fix_postfix;
	const char	*fix_exim;
	const char	*source;	/* where its texts come from, or NULL */
	const char	*lang;		/* the language a translation gave its
					 * texts in; NULL: English */
	const char	*stage;		/* the stage its text shows, or NULL */
	int		 generic;	/* matches on the code alone: a fallback */
};

/* Evidence a winning rule used (struct rule_why). */
#define RULE_EV_TEXT		0x01	/* a pattern on the reply's text */
#define RULE_EV_ENHANCED	0x02	/* the enhanced status code */
#define RULE_EV_STAGE		0x04	/* the command the reply answered */
#define RULE_EV_CODE		0x08	/* the reply code */
#define RULE_EV_STAGE_TEXT	0x10	/* the stage the text shows */

/* Why a rule won: filled by rule_match_why(). */
struct rule_why {
	unsigned	 evidence;	/* RULE_EV_* */
	int		 lines;		/* lines the reply's text holds */
	char		 enhanced[16];	/* the enhanced code used ("" none) */
	/*
	 * The stage the text shows, when the query has no command: the
	 * winner's own "stage", else the stage hint's; "" when none.
	 */
	char		 stage[24];
};

/* What a failing reply looks like to the rules. */
struct rule_query {
	int		 code;		/* 0 when unknown */
	const char	*enhanced;	/* NULL when absent */
	const char	*text;		/* NULL when absent */
	const char	*command;	/* "RCPT", ... NULL when unknown */
	enum ev_dir	 dir;
	enum ev_code_src code_src;
	int		 text_truncated;	/* 1: text was cut short */
};

/* Where a rule file is wrong: file, line (0 if unknown), rule id, message. */
struct rule_err {
	char	file[256];
	int	line;
	char	rule[128];
	char	msg[512];
};

struct ruleset;

/* rule_new - an empty ruleset. */
struct ruleset	*rule_new(void);
void		 rule_free(struct ruleset *);

/*
 * rule_load_file - add the rules of one JSON file (format: rule_load.c).
 * Returns 0, or -1 with *err filled for the first problem found; nerr
 * (optional) receives how many problems the file had.  Checking goes on
 * after the first problem, and a file with any problem adds no rules.  A
 * ruleset that failed to load a file must not be used to match: the caller
 * reports and exits.  rule_free() still frees it.
 */
int		 rule_load_file(struct ruleset *, const char *path,
		    struct rule_err *err, int *nerr);

/*
 * rule_set_reporter - have fn called with every problem the loaders find,
 * as they find it (err keeps only the first); fn may print: this is how
 * the caller shows every bad rule rather than the first.
 */
void		 rule_set_reporter(struct ruleset *,
		    void (*fn)(const struct rule_err *, void *), void *arg);

/*
 * rule_load_dir - rule_load_file on every *.json in dir (hidden files
 * skipped), in name order, going on past a bad file.  Returns 0, or -1
 * with *err the first problem of all; nerr (optional) receives the total.
 * A directory without rule files is not an error.  A translation file
 * named lang-LL.json is read only when LL serves the ruleset's language
 * (rule_lang_match), unless rule_set_all_langs asked for every one.
 */
int		 rule_load_dir(struct ruleset *, const char *dir,
		    struct rule_err *err, int *nerr);

/*
 * rule_set_lang - give advice in lang ("fr", "pt-BR"; NULL or "en":
 * English) where a translation file provides it.  Call it before loading.
 * A rule file with a top-level "lang" other than "en" is a translation
 * file: it gives title, meaning, when and fix for rules loaded before it,
 * and defines none, so English stays complete and any text a translation
 * lacks stays English.  Returns 0, or -1 for a tag that is not a language.
 */
int		 rule_set_lang(struct ruleset *, const char *lang);

/*
 * rule_set_all_langs - rule_load_dir reads every lang-LL.json, whatever
 * the language (rules --check: every file checked).  By default it reads
 * only the one of the language in use: parsing all of them took most of
 * the start-up.
 */
void		 rule_set_all_langs(struct ruleset *, int on);

/* rule_lang_skip - rule_load_dir leaves out the file named name. */
int		 rule_lang_skip(const struct ruleset *, const char *name);

/* rule_lang_valid - lang looks like a language tag ("fr", "pt-BR"). */
int		 rule_lang_valid(const char *lang);

/*
 * rule_lang_match - a translation file in language file serves the
 * language want: the same tag, or file is want's language without its
 * region ("pt" serves "pt-BR"; "pt-BR" does not serve "pt").
 */
int		 rule_lang_match(const char *file, const char *want);

/*
 * rule_messages - the catalogue's words (lib/msg.h) that the language
 * files gave in the chosen language: an array of MSG__COUNT (NULL where
 * a file gave none), for msg_set(), with their language in *lang; NULL
 * when no file gave any.  Owned by the ruleset.
 */
const char *const *rule_messages(const struct ruleset *, const char **lang);

/*
 * rule_lang_gaps - for the chosen language, call fn(arg, rule, field,
 * token) for each text of each rule that has no translation (token NULL;
 * field "title", "advice.meaning", ... "advice.fix_exim") and for each
 * translated text that lacks a token of its English (rule_lang_kept).
 * Returns how many calls.
 */
size_t		 rule_lang_gaps(const struct ruleset *, void (*fn)(void *,
		    const struct rule_info *, const char *field,
		    const char *token), void *arg);

/*
 * rule_lang_kept - 1 when the translation tr keeps every token of en
 * that must stay as it is (printf conversions, {placeholders}, URLs,
 * paths, --options, snake_case configuration names, commands and
 * acronyms in capitals, numbers of 3 digits or more, dotted names and
 * codes: rule_lang_check.c); else 0, with the first one missing in miss
 * (size bytes).
 */
int		 rule_lang_kept(const char *en, const char *tr, char *miss,
		    size_t size);

/* rule_translated - how many rules got a text in the chosen language. */
size_t		 rule_translated(const struct ruleset *);

/* rule_count - number of rules loaded. */
size_t		 rule_count(const struct ruleset *);

/*
 * rule_match - the winning rule for q, or NULL when none matches (the
 * default rule files hold a fallback per code, so NULL means a code the
 * rules do not cover).  The pointer lives as long as the ruleset.  Rules
 * are tried by precedence after a cheap pre-filter on the code; a rule's
 * patterns run only when its integer and string conditions hold.  Uses
 * scratch space inside the ruleset: one thread per ruleset at a time.
 */
const struct rule_info *rule_match(const struct ruleset *,
		    const struct rule_query *q);

/*
 * rule_match_why - rule_match(), and what the winner's match rested on.
 * A multi-line reply is matched as all its lines (RFC 5321 4.2.1): the
 * lines may be separated by newlines, by the two characters "\\n" (as
 * Exim logs them) or be joined with spaces, each after the first starting
 * with the reply code again (as Postfix logs them); each line's code and
 * enhanced status code are taken off and the text patterns see one line
 * per line (^ and $ match at each).  When the query has no enhanced code,
 * the first one a line carries is used.  When it has no command, the stage
 * the text shows (the first stage hint or rule with a "stage" that
 * matches, rule_stage.c) stands for the command in the rules that name
 * commands (evidence RULE_EV_STAGE_TEXT).  A text cut short
 * (q->text_truncated) does not end where it was cut: $ does not match
 * there (PCRE2_NOTEOL); \z still does.  why may be NULL.
 */
const struct rule_info *rule_match_why(const struct ruleset *,
		    const struct rule_query *q, struct rule_why *why);

/*
 * rule_fix - the fix of ri for the MTA whose log it is: mta is a parser's
 * program ("postfix/smtp", "exim", NULL for unknown); the generic fix when
 * the rule has none for that MTA.
 */
const char	*rule_fix(const struct rule_info *ri, const char *mta);

/* The MTA families rule_fix() tells apart. */
#define RULE_MTA_OTHER		0	/* transcripts, unknown programs */
#define RULE_MTA_POSTFIX	1
#define RULE_MTA_EXIM		2
#define RULE_MTA_N		3

/* rule_mta - the family of a parser's program, as rule_fix() sees it. */
int		 rule_mta(const char *mta);

/*
 * rule_text_lines - the text of a reply with code `code` as rule patterns
 * see it (rule_match_why above): into out (size outsz, always
 * NUL-terminated), one line per line.  Returns the number of lines; the
 * first enhanced code a line carries goes into enh (size enhsz, "" when
 * none).  Exposed for tests.
 */
int		 rule_text_lines(const char *text, int code, char *out,
		    size_t outsz, char *enh, size_t enhsz);

/* rule_get - the i-th loaded rule (for `smtplog rules`), or NULL. */
const struct rule_info *rule_get(const struct ruleset *, size_t i);

/*
 * rule_match_errors - how many pattern matches rule_match() gave up on
 * (PCRE2 match or depth limit hit by a runaway pattern); each counted as
 * no match.  Not zero means some rule's pattern needs rewriting.
 */
unsigned long	 rule_match_errors(const struct ruleset *);

/*
 * rule_check_patterns - try every pattern of the rules loaded from path
 * (every rule when path is NULL) on texts built to make a runaway pattern
 * (nested repeats such as "(a+)+$") hit PCRE2's match or depth limit.
 * Each pattern that gives up is a problem, told to the reporter
 * (rule_set_reporter) with file, line, rule id and message.  Returns how
 * many.  Such a pattern stays usable: at scan time a match that gives up
 * counts as no match (rule_match_errors()).  Resets rule_match_errors().
 */
int		 rule_check_patterns(struct ruleset *, const char *path);

/* rule_has_file - 1 when path, compared by real path, was loaded. */
int		 rule_has_file(const struct ruleset *, const char *path);

/* rule_cause_valid / rule_command_valid / rule_who_valid /
 * rule_severity_valid - membership in the taxonomy (command: a name rule
 * files may use in match.command, upper case). */
int		 rule_cause_valid(const char *);
int		 rule_command_valid(const char *);	/* upper case */
int		 rule_who_valid(const char *);
int		 rule_severity_valid(const char *);

#endif /* RULE_H */
