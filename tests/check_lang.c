/*
 * check_lang.c - languages: the message catalogue (ids, keys, formats,
 * the language the locale asks for), translation files' "messages" and
 * per-MTA fixes with the exact problem each broken one gives, which file
 * serves which language, and the tokens a translation must keep
 * (rule_lang_kept, on texts of the shipped rules).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "rule.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DATA		"tests/data/rules/"

/* Every id has a key that finds it again, and English text. */
START_TEST(test_lang_msg_keys)
{
	char	key[64];
	int	i;

	for (i = 0; i < MSG__COUNT; i++) {
		msg_key((enum msg_id)i, key, sizeof(key));
		ck_assert_msg(msg_find(key) == i, "%s: got %d, want %d", key,
		    msg_find(key), i);
		ck_assert_str_eq(msg((enum msg_id)i), msg_en((enum msg_id)i));
		ck_assert_uint_gt(strlen(msg_en((enum msg_id)i)), 0);
	}
	ck_assert_str_eq(msg_key(MSG_WHO_MUST_ACT, key, sizeof(key)),
	    "who_must_act");
	ck_assert_int_eq(msg_find("no_such_message"), -1);
	ck_assert_str_eq(msg_lang(), "en");
}
END_TEST

/* msg_set: the translations in use, copied; NULL stays English. */
START_TEST(test_lang_msg_set)
{
	const char	*texts[MSG__COUNT];
	char		 fix[] = "Comment résoudre";

	memset(texts, 0, sizeof(texts));
	texts[MSG_FIX] = fix;
	texts[MSG_WHO_SENDING_CLIENT] = "le client émetteur";
	msg_set("fr", texts);
	fix[0] = 'X';	/* copied: the caller's buffer may change */
	ck_assert_str_eq(msg(MSG_FIX), "Comment résoudre");
	ck_assert_str_eq(msg(MSG_MEANING), "Meaning");
	ck_assert_str_eq(msg_lang(), "fr");
	ck_assert_str_eq(msg_lang_of(MSG_FIX), "fr");
	ck_assert_str_eq(msg_lang_of(MSG_MEANING), "en");
	ck_assert_str_eq(msg_value("who_", "sending-client"),
	    "le client émetteur");
	ck_assert_str_eq(msg_value("who_", "local-admin"), "local-admin");
	ck_assert_str_eq(msg_value("who_", "not-a-value"), "not-a-value");
	msg_reset();
	ck_assert_str_eq(msg(MSG_FIX), "Fix");
	ck_assert_str_eq(msg_lang(), "en");
}
END_TEST

/* msg_format: a text cut by its buffer never ends inside a character (a
 * Hindi year note once came out as "... तय क\xe0"). */
START_TEST(test_lang_msg_format_cut)
{
	const char	*texts[MSG__COUNT];
	char		 buf[8];
	size_t		 n;

	memset(texts, 0, sizeof(texts));
	texts[MSG_MAIL_REPORT] = "तयकरता";	/* 3-byte characters */
	msg_set("hi", texts);
	n = msg_format(buf, sizeof(buf), MSG_MAIL_REPORT);
	ck_assert_uint_eq(n, 6);	/* two whole characters, not 7 bytes */
	ck_assert_str_eq(buf, "तय");
	texts[MSG_MAIL_REPORT] = "ab";
	msg_set("hi", texts);
	ck_assert_uint_eq(msg_format(buf, sizeof(buf), MSG_MAIL_REPORT), 2);
	ck_assert_str_eq(buf, "ab");
	msg_reset();
}
END_TEST

static const struct {
	const char	*a, *b;
	int		 same;
} formats[] = {
	{ "%lu findings", "%lu constats", 1 },
	{ "rejected (%llu %%)", "reddedilen (%%%llu)", 1 },
	{ "%lu findings", "%s Befunde", 0 },
	{ "%lu findings", "Befunde", 0 },
	{ "from %s to %s", "de %s", 0 },
	{ "%10lu lines", "%10lu linhas", 1 },
	{ "%10lu lines", "%lu linhas", 0 },
	{ "no conversion", "100 %% sans", 1 },
	{ "%d of %s", "%s of %d", 0 },
};

START_TEST(test_lang_msg_format)
{
	ck_assert_msg(msg_format_same(formats[_i].a, formats[_i].b) ==
	    formats[_i].same, "\"%s\" vs \"%s\": got %d, want %d",
	    formats[_i].a, formats[_i].b, !formats[_i].same, formats[_i].same);
}
END_TEST

/* The locale's language: LC_ALL, then LC_MESSAGES, then LANG. */
static const struct {
	const char	*lc_all, *lc_messages, *lang;
	const char	*want;
} locales[] = {
	{ NULL, NULL, "pt_BR.UTF-8", "pt-BR" },
	{ NULL, NULL, "zh_CN.UTF-8", "zh-CN" },
	{ NULL, NULL, "hi_IN", "hi-IN" },
	{ NULL, NULL, "tr_TR.UTF-8@euro", "tr-TR" },
	{ NULL, NULL, "fr", "fr" },
	{ NULL, NULL, "C", "en" },
	{ NULL, NULL, "C.UTF-8", "en" },
	{ NULL, NULL, "POSIX", "en" },
	{ NULL, NULL, NULL, "en" },
	{ NULL, NULL, "", "en" },
	{ "fr_FR.UTF-8", "de_DE.UTF-8", "pt_BR.UTF-8", "fr-FR" },
	{ "", "de_DE.UTF-8", "pt_BR.UTF-8", "de-DE" },
	{ "C", NULL, "pt_BR.UTF-8", "en" },
	{ NULL, NULL, "en_US.UTF-8", "en-US" },
	{ NULL, NULL, "1234", "en" },
};

START_TEST(test_lang_locale)
{
	char	buf[16];

#define SET(var, v) ((v) != NULL ? setenv(var, v, 1) : unsetenv(var))
	SET("LC_ALL", locales[_i].lc_all);
	SET("LC_MESSAGES", locales[_i].lc_messages);
	SET("LANG", locales[_i].lang);
#undef SET
	ck_assert_str_eq(msg_locale(buf, sizeof(buf)), locales[_i].want);
}
END_TEST

/* Which file serves which language: its own, or a region of it. */
START_TEST(test_lang_match)
{
	ck_assert(rule_lang_match("pt", "pt"));
	ck_assert(rule_lang_match("pt", "pt-BR"));
	ck_assert(rule_lang_match("pt-BR", "pt-BR"));
	ck_assert(!rule_lang_match("pt-BR", "pt"));
	ck_assert(!rule_lang_match("pt", "ptx"));
	ck_assert(!rule_lang_match("zh", "en"));
	ck_assert(!rule_lang_match("zh", ""));
}
END_TEST

/*
 * Tokens a translation must keep, on texts of the shipped rules (the
 * rule named in each comment) and of the catalogue.
 */
static const struct {
	const char	*en, *tr;
	const char	*miss;		/* NULL: all kept */
} tokens[] = {
	/* base-530-outbound, a French draft that dropped the TLS */
	{ "configure SMTP client authentication for that relay, over TLS",
	  "configurer l'authentification du client SMTP pour ce relais",
	  "TLS" },
	{ "Postfix: smtp_sasl_auth_enable = yes, smtp_sasl_password_maps",
	  "Postfix : smtp_sasl_auth_enable = yes, smtp_sasl_password_maps",
	  NULL },
	{ "Postfix: smtp_sasl_auth_enable = yes, smtp_sasl_password_maps",
	  "Postfix : smtp_sasl_auth_enable = oui", "smtp_sasl_password_maps" },
	/* postfix-dnsbl-client: a URL and a dotted name */
	{ "look the IP up at the blocklist (e.g. https://check.spamhaus.org)",
	  "consultar o IP na blocklist (ex.: check.spamhaus.org)",
	  "https://check.spamhaus.org" },
	{ "the command line must not exceed 512 characters",
	  "命令行不得超过 512 个字符", NULL },
	{ "554 5.7.1 Relay access denied", "554 Relay access denied",
	  "5.7.1" },
	{ "Send EHLO first, then MAIL FROM", "Önce EHLO, sonra MAIL",
	  "FROM" },
	{ "%lu findings of further rules", "%lu संदेश", NULL },
	{ "{rows} rows, page {page} of {pages}", "{rows} 行，第 {page} 页",
	  "{pages}" },
	{ "--year sets it", "l'année", "--year" },
	/* words that are not tokens: e.g., ISP, plain words, Message-IDs */
	{ "e.g. ask the ISP about the Message-IDs", "zum Beispiel", NULL },
	{ "fail2ban or IPv6", "fail2ban ou IPv6", NULL },
	{ "fail2ban or IPv6", "fail2ban", "IPv6" },
	{ "edit /etc/postfix/main.cf.", "editar /etc/postfix/main.cf", NULL },
};

START_TEST(test_lang_kept)
{
	char	miss[128] = "";
	int	kept;

	kept = rule_lang_kept(tokens[_i].en, tokens[_i].tr, miss,
	    sizeof(miss));
	if (tokens[_i].miss == NULL)
		ck_assert_msg(kept, "%zu: got missing \"%s\", want all kept",
		    (size_t)_i, miss);
	else
		ck_assert_msg(!kept && strcmp(miss, tokens[_i].miss) == 0,
		    "%zu: got %s \"%s\", want missing \"%s\"", (size_t)_i,
		    kept ? "kept" : "missing", miss, tokens[_i].miss);
}
END_TEST

static int	ngaps, ntoken;

static void
gap(void *arg, const struct rule_info *r, const char *field,
    const char *token)
{
	(void)arg;
	(void)r;
	(void)field;
	if (token == NULL)
		ngaps++;
	else
		ntoken++;
}

/* A file's messages and texts, a per-MTA fix among them, in use. */
START_TEST(test_lang_file)
{
	struct ruleset		*rs = rule_new();
	struct rule_err		 err;
	const char		*const *texts, *lang;
	const struct rule_info	*ri;
	size_t			 i, before;
	int			 nerr;

	ck_assert_int_eq(rule_set_lang(rs, "xx-YY"), 0);
	ck_assert_int_eq(rule_load_dir(rs, "rules", &err, &nerr), 0);
	ngaps = ntoken = 0;
	(void)rule_lang_gaps(rs, gap, NULL);
	before = (size_t)ngaps;
	ck_assert_ptr_null(rule_messages(rs, &lang));
	ck_assert_int_eq(rule_load_file(rs, DATA "lang-xx-messages.json", &err,
	    &nerr), 0);
	texts = rule_messages(rs, &lang);
	ck_assert_ptr_nonnull(texts);
	ck_assert_str_eq(lang, "xx");
	ck_assert_str_eq(texts[MSG_WHO_MUST_ACT], "Wer handeln muss");
	ck_assert_ptr_null(texts[MSG_MEANING]);
	for (i = 0; (ri = rule_get(rs, i)) != NULL; i++) {
		if (strcmp(ri->id, "base-554-inbound") == 0) {
			ck_assert_str_eq(ri->lang, "xx");
			ck_assert_str_eq(ri->meaning,
			    "Die Transaktion ist gescheitert, an jeder Stelle "
			    "der SMTP-Sitzung, auch als Begrüßung, wenn der "
			    "Server die IP des Clients ablehnt.");
		} else if (strcmp(ri->id, "common-auth-required-out") == 0) {
			ck_assert(strstr(rule_fix(ri, "postfix/smtp"),
			    "zum Relay") != NULL);
			ck_assert(strstr(rule_fix(ri, "exim"), "zum Relay") ==
			    NULL);
		}
	}
	/* Three texts translated, none dropping a token. */
	ngaps = ntoken = 0;
	(void)rule_lang_gaps(rs, gap, NULL);
	ck_assert_int_eq(ngaps, (int)before - 3);
	ck_assert_int_eq(ntoken, 0);
	rule_free(rs);
}
END_TEST

static struct rule_err	told[8];
static int		ntold;

static void
keep(const struct rule_err *e, void *arg)
{
	(void)arg;
	if (ntold < (int)NELEM(told))
		told[ntold] = *e;
	ntold++;
}

/* Each broken message and an invented fix is a problem; nothing used. */
START_TEST(test_lang_file_errors)
{
	struct ruleset	*rs = rule_new();
	struct rule_err	 err;
	const char	*lang;
	int		 nerr;

	ntold = 0;
	rule_set_reporter(rs, keep, NULL);
	ck_assert_int_eq(rule_set_lang(rs, "xx"), 0);
	ck_assert_int_eq(rule_load_file(rs, "rules/00-base.json", &err, &nerr),
	    0);
	ck_assert_int_eq(rule_load_file(rs, DATA "lang-xx-bad-messages.json",
	    &err, &nerr), -1);
	ck_assert_int_eq(nerr, 5);
	ck_assert_str_eq(told[0].msg, "advice.fix_exim: the rule has no such "
	    "fix to translate");
	ck_assert_str_eq(told[1].msg, "no message \"no_such_message\" in the "
	    "catalogue");
	ck_assert_str_eq(told[2].msg, "message \"n_findings\": the conversions "
	    "(%s, %lu ...) must be the English text's, in its order: \"%lu "
	    "findings\"");
	ck_assert_str_eq(told[3].msg, "message \"head_scan\" must be a "
	    "non-empty string");
	ck_assert_str_eq(told[4].rule, "messages");
	ck_assert_ptr_null(rule_messages(rs, &lang));
	rule_free(rs);
}
END_TEST

Suite *
lang_suite(void)
{
	Suite	*s = suite_create("lang");
	TCase	*tc = tcase_create("catalogue");

	tcase_add_test(tc, test_lang_msg_keys);
	tcase_add_test(tc, test_lang_msg_set);
	tcase_add_test(tc, test_lang_msg_format_cut);
	tcase_add_loop_test(tc, test_lang_msg_format, 0, (int)NELEM(formats));
	tcase_add_loop_test(tc, test_lang_locale, 0, (int)NELEM(locales));
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, test_lang_match);
	tcase_add_loop_test(tc, test_lang_kept, 0, (int)NELEM(tokens));
	tcase_add_test(tc, test_lang_file);
	tcase_add_test(tc, test_lang_file_errors);
	suite_add_tcase(s, tc);
	return s;
}
