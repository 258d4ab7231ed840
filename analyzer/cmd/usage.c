/*
 * usage.c - the help texts: one screen per command (smtplog COMMAND
 * --help, smtplog help COMMAND) and an overview (smtplog --help).  Each is
 * a synopsis, one line per option; the reference is the manual page,
 * doc/smtplog.1, and tests/e2e/15-help.sh checks that both list the same
 * options for each command.  Parsing options is cli.c's job.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char overview[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog scan [options] -F FILE\n"
"       smtplog trace [options] QUERY [FILE | DIR | -]...\n"
"       smtplog explain [--json] [--inbound | --outbound] [--command CMD]\n"
"                       CODE | REPLY | - ...\n"
"       smtplog rules [--rules FILE]... [--rules-dir DIR] [--check FILE]...\n"
"       smtplog merge [PARTIAL]...\n"
"       smtplog help [COMMAND]\n"
"       smtplog --help | --version\n"
"\n"
"Find failed SMTP replies (500, 502, 503, 530, 554) in mail logs: why,\n"
"who must act, what to do.\n"
"\n"
"COMMANDS\n"
"  scan     Scan logs and report the findings (text, JSON, HTML, metrics).\n"
"  trace    Tell the whole story of one message, address, client or server.\n"
"  explain  Say what a reply code or a reply line means and what to do.\n"
"  rules    List the loaded rules, or validate rule files (--check).\n"
"  merge    Add up the summaries of separate scans (scale-out).\n"
"  help     This text, or the synopsis of one command.\n"
"\n"
"  -h, --help, -V, --version\n"
"Exit status: 0 ok, 1 trouble, 2 usage error, 3 trace matched nothing.\n"
"'smtplog COMMAND --help' for a command; every option: smtplog(1).\n";

static const char scan_text[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog scan [options] -F FILE\n"
"Report every reply with a chosen code as a finding with cause and advice.\n"
"No FILE: standard input if a pipe, else the system's mail logs (smtplog(1)).\n"
"\n"
"  -o, --output FMT      text, json, ndjson, html, prometheus, summary-json\n"
"  -f, --format NAME     postfix, exim, transcript, or auto (the default)\n"
"  -y, --year YEAR       year of year-less syslog timestamps\n"
"  -c, --codes LIST      codes that make findings (500,502,503,530,554)\n"
"  -r, --rules FILE      add a rule file (repeatable)\n"
"      --rules-dir DIR, --lang LANG   default rules dir; words in LANG (auto)\n"
"  -j, --jobs N          scan up to N files at once, each its own stream\n"
"      --since TIME, --until TIME   in [since, until): 2026-01-01, 7d, yesterday\n"
"      --keep-order, --top N, --width N   inputs as given; list items; columns\n"
"      --max-line N, --max-memory SIZE, --max-sessions N   (65536, 256M, none)\n"
"      --pattern NAME=COUNT[/WINDOW], --pattern-window DURATION, --no-patterns\n"
"      --color WHEN, --colour WHEN   auto (the default), always, never\n"
"  -F, --follow, --from-start, --session-timeout SECONDS   follow FILE, tail -F\n"
"      --state FILE, --prom-file FILE   with -F: keep the position, the metrics\n"
"      --plan, --label TEXT, --allow-empty   scale-out: plan, name, empty -\n"
"  -v, --verbose, -q, --quiet   show the lines not understood; no progress line\n"
"  -h, --help, -V, --version\n"
"Exit status: 0 done, 1 input/output/rules failed, 2 usage, 130/143 stopped.\n"
"Every option, the formats and the JSON fields: smtplog(1).\n";

static const char trace_text[] =
"usage: smtplog trace [options] QUERY [FILE | DIR | -]...\n"
"Tell the story of every message and session QUERY names: a queue id, a\n"
"<Message-ID>, an address, an IP address or a host name.  No FILE: standard\n"
"input if a pipe, else the system's mail logs (smtplog(1)).\n"
"\n"
"      --by KIND         queue-id, postfix-queue-id, exim-message-id,\n"
"                        message-id, address, ip or host\n"
"  -o, --output FMT      text or json\n"
"  -f, --format NAME     postfix, exim, transcript, or auto (the default)\n"
"  -y, --year YEAR       year of year-less syslog timestamps\n"
"  -c, --codes LIST      codes that make findings (500,502,503,530,554)\n"
"  -r, --rules FILE      add a rule file (repeatable)\n"
"      --rules-dir DIR   the default rules directory\n"
"      --lang LANG       words and advice in LANG (auto: the locale's)\n"
"      --keep-order      read the inputs as given, not by first timestamp\n"
"      --max-line N, --max-memory SIZE, --max-sessions N   (65536, 256M, none)\n"
"      --color WHEN, --colour WHEN   auto (the default), always, never\n"
"  -v, --verbose         show the lines the parser did not understand\n"
"  -q, --quiet           no progress line\n"
"  -h, --help, -V, --version\n"
"Exit status: 0 a story matched, 1 trouble, 2 usage, 3 nothing matched.\n"
"Every option and the JSON document: smtplog(1).\n";

static const char explain_text[] =
"usage: smtplog explain [--json] [--inbound | --outbound] [--command CMD]\n"
"                       CODE | REPLY | - ...\n"
"Say what a reply code or reply line (\"554 5.7.1 ...\"; - reads one per\n"
"line) means, why it was sent, who must act and what to do.\n"
"\n"
"      --json            one JSON object per reply (NDJSON)\n"
"      --inbound         this server sent the reply to a client\n"
"      --outbound        a remote server sent the reply to this server\n"
"      --command CMD     the command the reply answered (RCPT, CONNECT ...)\n"
"  -c, --codes LIST      codes reported as flagged (500,502,503,530,554)\n"
"  -r, --rules FILE      add a rule file (repeatable)\n"
"      --rules-dir DIR   the default rules directory\n"
"      --lang LANG       words and advice in LANG (auto: the locale's)\n"
"  -h, --help, -V, --version\n"
"Exit status: 0 ok, 1 a line held no reply code or the rules failed,\n"
"2 usage.  Every option and the JSON record: smtplog(1).\n";

static const char rules_text[] =
"usage: smtplog rules [--rules FILE]... [--rules-dir DIR] [--check FILE]...\n"
"       smtplog rules --lang LANG [--rules FILE]...\n"
"List the loaded rules (id, priority, cause, who must act, file), validate\n"
"user rule files, or list what LANG's translation lacks.\n"
"\n"
"      --check FILE      validate FILE as --rules would load it (repeatable)\n"
"  -r, --rules FILE      add a rule file (repeatable)\n"
"      --rules-dir DIR   the default rules directory\n"
"      --lang LANG       list the texts LANG lacks or whose tokens it drops\n"
"  -h, --help, -V, --version\n"
"Default rules: $SMTPLOG_RULES, else rules/ beside smtplog, else\n"
SMTPLOG_RULEDIR ".\n"
"Exit status: 0 ok, 1 a rule file has a problem, 2 usage.\n"
"Every option and the rule-file format: smtplog(1).\n";

static const char merge_text[] =
"usage: smtplog merge [PARTIAL]...\n"
"Add up the summary records of separate scans (scan -o summary-json,\n"
"ndjson or json; default: standard input) into the summary one scan of\n"
"all their inputs gives.\n"
"\n"
"A repeated partial (a retried task) is skipped; no input counts twice.\n"
"\n"
"  -o, --output FMT      summary-json, the only one\n"
"      --expect N        exactly N inputs: a lost partial is an error\n"
"      --manifest FILE   the inputs expected (names, or scan --plan)\n"
"      --allow-empty     an empty partial is no error\n"
"  -h, --help, -V, --version\n"
"Exit status: 0 ok, 1 a partial is missing or bad (nothing written),\n"
"2 usage.  Every option: smtplog(1).\n";

/* Each command's text; "help" is the overview (smtplog help help). */
static const struct usage {
	const char	*command;
	const char	*text;
} usages[] = {
	{ "scan", scan_text },
	{ "trace", trace_text },
	{ "explain", explain_text },
	{ "rules", rules_text },
	{ "merge", merge_text },
	{ "help", overview },
};

#define NUSAGES	(sizeof(usages) / sizeof(usages[0]))

int
cli_usage_known(const char *command)
{
	size_t	i;

	for (i = 0; i < NUSAGES; i++)
		if (strcmp(usages[i].command, command) == 0)
			return 1;
	return 0;
}

void
cli_usage(FILE *fp, const char *command)
{
	size_t	i;

	if (command == NULL || !cli_usage_known(command))
		command = "help";
	for (i = 0; i < NUSAGES; i++)
		if (strcmp(usages[i].command, command) == 0)
			fputs(usages[i].text, fp);
}
