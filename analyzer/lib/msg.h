/*
 * msg.h - the message catalogue: the fixed words that people read in
 * smtplog's output (the headings, labels and notes of the text and HTML
 * reports and of explain's text, and the titles and advice of the
 * session-level patterns), each with an id, a stable key (the id in lower
 * case: MSG_WHO_MUST_ACT is "who_must_act") and its English text, listed
 * once in msg_list.h.  Writers print msg(MSG_...), never a literal.
 *
 * Translations come from the "messages" object of a language file
 * (rules/lang-LL.json; reading and checking it is rules/rule_lang.c's
 * job): msg_set() installs them.  A message without a translation stays
 * English.  A message with printf conversions ("%lu findings") is a
 * format: a translation must keep the same conversions in the same order
 * (msg_format_same), which the loader checks before msg_set() sees it.
 *
 * The catalogue is process-wide, as setlocale(3) is: set it once before
 * any thread starts; msg() only reads it.
 */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>

#include "msg_list.h"

enum msg_id {
#define MSG(id, en)	MSG_##id,
	MSG_LIST
#undef MSG
	MSG__COUNT
};

/* msg - the text of id in the catalogue's language, else English. */
const char	*msg(enum msg_id id);

/* msg_en - the English text of id. */
const char	*msg_en(enum msg_id id);

/* msg_key - the key of id ("who_must_act") into buf; returns buf. */
const char	*msg_key(enum msg_id id, char *buf, size_t size);

/* msg_find - the id whose key is key, or -1. */
int		 msg_find(const char *key);

/*
 * msg_set - use texts (an array of MSG__COUNT, NULL for "stays English")
 * in language lang ("fr", "pt-BR"); the strings are copied.  lang NULL
 * or texts NULL: English everywhere.
 */
void		 msg_set(const char *lang, const char *const *texts);

/*
 * msg_format - snprintf of id's text with the arguments that follow, into
 * buf of size bytes; a text cut by the bound never ends in the middle of
 * a UTF-8 character.  Returns the length written.
 */
size_t		 msg_format(char *buf, size_t size, enum msg_id id, ...);

/* msg_lang - the language of the translations in use: "en" when none. */
const char	*msg_lang(void);

/* msg_translated - 1 when id has a translation in use. */
int		 msg_translated(enum msg_id id);

/* msg_lang_of - the language id's text is in: msg_lang() or "en". */
const char	*msg_lang_of(enum msg_id id);

/*
 * msg_value - a value of a taxonomy ("sending-client") as people read it:
 * the text of the message whose key is prefix and the value with "-" as
 * "_" ("who_sending_client"), or the value itself when there is none.
 */
const char	*msg_value(const char *prefix, const char *value);

/* msg_reset - back to English, the copies freed (at exit, for leak
 * checkers). */
void		 msg_reset(void);

/*
 * msg_format_same - 1 when b has the same printf conversions as a ("%lu",
 * "%s", "%d": flags, width, precision and length included), in the same
 * order, "%%" aside.  A translation that does not is refused: printf
 * would read its arguments wrongly.
 */
int		 msg_format_same(const char *a, const char *b);

/*
 * msg_locale - the language the environment asks for, as a language tag
 * into buf: the first of LC_ALL, LC_MESSAGES, LANG that is set and not
 * empty, "pt_BR.UTF-8" giving "pt-BR" and "zh_CN.UTF-8" "zh-CN"; "en" for
 * "C", "POSIX", none set, or a value that names no language.  Returns buf.
 */
const char	*msg_locale(char *buf, size_t size);

#endif /* MSG_H */
