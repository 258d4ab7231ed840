/*
 * usage.c - the help texts: an overview (smtplog --help) and one text per
 * command, written like a manual page (smtplog COMMAND --help, smtplog help
 * COMMAND).  Options shared by several commands are written once and put
 * together per command.  Parsing options is cli.c's job.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char overview[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog trace [options] QUERY [FILE | DIR | -]...\n"
"       smtplog explain [--json] [--inbound | --outbound] [--command CMD]\n"
"                       CODE | REPLY | - ...\n"
"       smtplog rules [--rules FILE]... [--rules-dir DIR] [--check FILE]...\n"
"       smtplog merge [PARTIAL]...\n"
"       smtplog help [COMMAND]\n"
"       smtplog --help | --version\n"
"\n"
"smtplog reads mail logs (Postfix, Exim, raw SMTP transcripts; plain or\n"
"gzip), rebuilds every SMTP session and message, and reports each reply\n"
"with code 500, 502, 503, 530 or 554 as a finding, with its cause, who must\n"
"act and what to do.\n"
"\n"
"COMMANDS\n"
"  scan     Scan logs and report the findings (text, JSON, NDJSON, HTML,\n"
"           Prometheus metrics).\n"
"  trace    Tell the whole story of one message, address, client or\n"
"           server: sessions, queue, deliveries, bounces, findings.\n"
"  explain  Say what a reply code or a reply line means and what to do.\n"
"  rules    List the loaded rules, or validate rule files (--check).\n"
"  merge    Add up the summaries of separate scans (scale-out).\n"
"  help     This text, or the full text of one command.\n"
"\n"
"'smtplog COMMAND --help' or 'smtplog help COMMAND' gives each command's\n"
"options, exit status and examples.\n";

static const char exit_status[] =
"\n"
"EXIT STATUS\n"
"  0  the scan completed (findings or not); explain explained every\n"
"     reply; rules --check found no problem\n"
"  1  an input could not be read to its end (missing file, corrupt gzip,\n"
"     unknown format), the output failed, or a rule file is invalid;\n"
"     the other inputs are still scanned.  explain: a line held no reply\n"
"     code (the others are still explained).  rules --check: a problem\n"
"  2  usage error\n";

static const char opt_rules[] =
"  -r, --rules FILE      Add a rule file after the default rules; its rules\n"
"                        win over default rules of equal priority.  Repeat\n"
"                        for more files.\n"
"      --rules-dir DIR   Default rules directory.  Default: $SMTPLOG_RULES,\n"
"                        else rules/ beside the smtplog binary, else\n"
"                        " SMTPLOG_RULEDIR ".\n"
"      --lang LANG       Give titles and advice in LANG (fr, pt-BR ...) where\n"
"                        a translation file (a rule file with \"lang\") has\n"
"                        them; English, the default, is always complete and\n"
"                        fills any gap.  Shipped: en, fr (the fallback advice\n"
"                        for each code).\n";

static const char opt_common[] =
"  -h, --help            This text.\n"
"  -V, --version         Version.\n";

static const char scan_head[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"\n"
"Scan the inputs (default: standard input) and report every reply with one\n"
"of the chosen codes as a finding: the reply (logged, or inferred from the\n"
"server's behaviour, with the reasoning), its session and message, and the\n"
"rule that explains it (cause, who must act, advice).\n"
"\n"
"A FILE may be plain or gzip-compressed (detected by content, not by\n"
"name); \"-\" is standard input; a DIR stands for the regular files in it,\n"
"oldest first.  Sessions and messages continue across inputs, so give\n"
"rotated logs oldest first.  Every line read is accounted for in the\n"
"summary: used, ignored (other programs, noise), unrecognized, truncated.\n"
"\n"
"OPTIONS\n"
"  -o, --output FORMAT   text, json, ndjson, html, prometheus or\n"
"                        summary-json.\n"
"                        Default: text on a terminal, json otherwise.  json\n"
"                        is one document with \"findings\" and \"summary\";\n"
"                        ndjson is one finding object per line, then one\n"
"                        summary object; prometheus is the counts in the\n"
"                        text exposition format, for node_exporter's\n"
"                        textfile collector; summary-json is the summary\n"
"                        object alone (a partial for merge); html is one\n"
"                        self-contained page (charts, advice by cause, a\n"
"                        table of the first 20000 findings).\n"
"  -f, --format NAME     Log format: postfix, exim (mainlog or rejectlog,\n"
"                        Exim's own or syslog'd), transcript (a raw SMTP\n"
"                        dialogue: swaks, smtplib, C:/S:, >>>/<<<, In:/Out:,\n"
"                        telnet), or auto (default) to detect it from the\n"
"                        first 50 lines of each input.\n"
"  -y, --year YEAR       Year of year-less syslog timestamps.  Default: the\n"
"                        year of the file's modification time (now for\n"
"                        standard input), stepping back a year for months\n"
"                        later than that time, and forward at each Dec-Jan\n"
"                        rollover.  Times without a zone are read in the\n"
"                        local time zone (set TZ to the log's zone).\n"
"  -c, --codes LIST      Reply codes that make findings, comma separated.\n"
"                        Default: 500,502,503,530,554.\n"
"      --max-line BYTES  Cut lines longer than this (counted as truncated),\n"
"                        64 to 65536.  Default: 65536.\n"
"      --max-sessions N  Open sessions kept in memory; beyond it the least\n"
"                        recently active is closed and counted as evicted.\n"
"                        Default: 100000.\n"
"  -j, --jobs N          Scan up to N files at once (1 to 64; default 1).\n"
"                        Each file is then its own stream: a session or\n"
"                        message that crosses files is not joined.  The\n"
"                        output is written in input order, the same as\n"
"                        a serial scan of each file.\n"
"      --color WHEN      auto (default: only on a terminal, and not when\n"
"                        NO_COLOR is set), always or never.\n";

static const char scan_tail[] =
"  -v, --verbose         Show the lines of a known format that the parser\n"
"                        did not understand.\n"
"  -q, --quiet           No progress line on standard error (it is shown\n"
"                        only when standard error is a terminal).\n";

static const char scan_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog scan /var/log/mail.log /var/log/mail.log.2.gz\n"
"  smtplog scan --output ndjson mail.log.gz | jq .\n"
"  zcat old.gz | smtplog scan --format postfix --year 2024 -\n"
"  smtplog scan -o html /var/log/ > report.html\n"
"  ls /var/log/mail.log* | parallel 'smtplog scan -o summary-json {}' |\n"
"      smtplog merge\n";

static const char trace_head[] =
"usage: smtplog trace [options] QUERY [FILE | DIR | -]...\n"
"\n"
"Find every message and session that QUERY names in the inputs (default:\n"
"standard input) and tell each one's story on a timeline: the inbound\n"
"session that brought the message in (connect, HELO/EHLO, TLS, AUTH, MAIL,\n"
"RCPT and the replies, as far as the log shows them), the queue events,\n"
"every delivery attempt with the remote server's reply, the deferrals over\n"
"time, the bounce notification with its own queue id and that\n"
"notification's deliveries.  Each step gives its time, FILE:LINE and what\n"
"happened; each failing reply (the codes of --codes) is a finding with its\n"
"cause, and the advice is given once per rule.\n"
"\n"
"What is linked into one story: a session and the messages queued in it;\n"
"a message and its bounce or delay notification; messages that carry the\n"
"same Message-ID (a content filter's re-injection, the next hop on another\n"
"host in the same inputs).  Inputs are read as scan reads them (plain or\n"
"gzip, directories oldest first, \"-\" for standard input) and sessions\n"
"and messages continue across inputs, so give rotated logs oldest first.\n"
"\n"
"QUERY is recognized by its form, in this order (--by forces a kind):\n"
"  <text>          in angle brackets: a Message-ID header value.\n"
"  IP address      what inet_pton(3) takes, IPv4 or IPv6, optionally in\n"
"                  [brackets]: a client or relay (remote server) address;\n"
"                  IPv6 matches in any spelling (2001:db8::1 =\n"
"                  2001:DB8:0:0:0:0:0:1).\n"
"  1a2B3c-000ABC-DE, 1rXYZa-00000000abc-ABCD\n"
"                  an Exim message id (6-6-2, or 6-11-4 from Exim 4.97).\n"
"  3F1A2B4C5D      a Postfix queue id: 5 to 24 digits and upper-case A-F\n"
"                  (short ids), or 10 to 24 letters and digits without\n"
"                  vowels holding a 'z' (long ids, 4Ld8Qv2Kq3z1xYZ).\n"
"  local@domain    an envelope address (sender, recipient, original\n"
"                  recipient, MAIL FROM / RCPT TO of a dialogue), compared\n"
"                  without case; it also matches a Message-ID written\n"
"                  without brackets, since those look like addresses.\n"
"  anything else   a client or relay host name, compared without case\n"
"                  (a trailing dot ignored).\n"
"A queue id matches the message with that id and the notification that\n"
"reports on it; a bounce notification's own id finds it and the original.\n"
"\n"
"Memory stays bounded on archives of any size: only open sessions and\n"
"messages and the stories that matched are kept; a story shows at most\n"
"2000 steps (the rest are counted as not shown), and at most 100000\n"
"sessions and messages stay open (the least recently active is closed\n"
"first, counted).\n"
"\n"
"OPTIONS\n"
"      --by KIND         Take QUERY as KIND: queue-id (any queue or Exim\n"
"                        message id, exact), postfix-queue-id,\n"
"                        exim-message-id, message-id, address (without the\n"
"                        Message-ID match), ip or host.\n"
"  -o, --output FORMAT   text (default on a terminal) or json (default\n"
"                        otherwise): one document with schema_version,\n"
"                        query {text, kind}, matches (one story each:\n"
"                        messages, sessions, timeline, steps_not_shown,\n"
"                        findings as scan's finding records), evicted and\n"
"                        the scan's summary record; schema/trace.schema.json.\n"
"  -f, --format NAME     Log format: postfix, exim, transcript or auto\n"
"                        (default), as for scan.\n"
"  -y, --year YEAR       Year of year-less syslog timestamps, as for scan.\n"
"  -c, --codes LIST      Reply codes that make findings.  Default:\n"
"                        500,502,503,530,554.\n"
"      --max-line BYTES  Cut longer lines (counted as truncated).\n"
"      --max-sessions N  Open sessions the finding builder keeps.\n"
"      --color WHEN      auto (default: only on a terminal, and not when\n"
"                        NO_COLOR is set), always or never.  Log text is\n"
"                        always escaped: control bytes show as \\xNN.\n";

static const char trace_tail[] =
"  -q, --quiet           No progress line on standard error.\n";

static const char trace_exit[] =
"\n"
"EXIT STATUS\n"
"  0  at least one story matched\n"
"  1  an input could not be read to its end (missing file, corrupt gzip,\n"
"     unknown format) or the output failed; the other inputs are still\n"
"     read and what matched is still written\n"
"  2  usage error\n"
"  3  every input was read and nothing matched the query\n";

static const char trace_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog trace 3F1A2B4C5D /var/log/mail.log.1.gz /var/log/mail.log\n"
"  smtplog trace user@example.com /var/log/mail/\n"
"  smtplog trace '<20240601091748.PYvbx@example.org>' mail.log\n"
"  smtplog trace --by host mx.example.net -o json mail.log | jq .matches\n"
"  zcat mainlog.*.gz | smtplog trace 1j5NyY-0004Xp-NZ -\n";

static const char explain_head[] =
"usage: smtplog explain [--json] [--inbound | --outbound] [--command CMD]\n"
"                       CODE | REPLY | - ...\n"
"\n"
"Say what a reply code or a whole reply line means, why it was sent, who\n"
"must act and what to do, from the same rules a scan uses.  Each argument\n"
"is a code (554) or a reply as a server sends it (\"554 5.7.1 Service\n"
"unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org\"):\n"
"the code, an optional enhanced status code (5.7.1, or qmail's trailing\n"
"\"(#5.7.1)\"), then the text; a leading \"smtp;\" (as in a bounce's\n"
"Diagnostic-Code) and a dash after the code are accepted.  \"-\" reads one\n"
"reply per line from standard input (blank lines skipped).  The text\n"
"output shows the diagnosis for both directions, since a reply this server\n"
"sent and the same reply a remote server sent are different jobs for\n"
"different people; --inbound or --outbound shows one.\n"
"\n"
"OPTIONS\n"
"      --json            One JSON object per reply on one line (NDJSON),\n"
"                        keys always present, null when unknown: input,\n"
"                        error, code, enhanced, text, direction, command,\n"
"                        flagged (the code is one smtplog reports), cause,\n"
"                        rule, rule_file, severity, title and advice {who,\n"
"                        meaning, when, fix}.  The direction is inbound\n"
"                        unless --outbound is given.  A line without a\n"
"                        reply code gives an object with error set, and\n"
"                        exit status 1 at the end.\n"
"      --inbound         The reply was sent by this server to a client (the\n"
"                        client's side must usually act).\n"
"      --outbound        The reply was sent to this server by a remote\n"
"                        server while delivering mail (this server's admin\n"
"                        must usually act).\n"
"      --command CMD     The command the reply answered (CONNECT, HELO,\n"
"                        EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, BDAT,\n"
"                        END-OF-MESSAGE, VRFY, EXPN, ETRN ...); some rules\n"
"                        depend on it, such as 554 at CONNECT.\n";

static const char explain_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog explain 554\n"
"  smtplog explain --outbound \"550 5.7.26 Unauthenticated email ...\"\n"
"  grep -o 'said: [245][0-9][0-9] .*' mail.log | cut -c7- |\n"
"      smtplog explain --json --outbound - | jq -r .cause | sort | uniq -c\n";

static const char rules_head[] =
"usage: smtplog rules [--rules FILE]... [--rules-dir DIR] [--check FILE]...\n"
"\n"
"Load and validate the rule files, then list the rules (id, priority,\n"
"cause, who must act, file).  With --check, validate the given rule files\n"
"instead.  The rule-file format is in README.md.\n"
"\n"
"OPTIONS\n"
"      --check FILE      Validate FILE as a user rule file, loaded after\n"
"                        the default rules as --rules would load it.  Every\n"
"                        problem is reported as FILE:LINE: rule ID: message\n"
"                        (bad JSON with its line and column, unknown keys,\n"
"                        causes or commands, bad regexes with their offset,\n"
"                        ids already used); then every pattern is tried on\n"
"                        texts that make runaway patterns (nested repeats\n"
"                        such as (a+)+$) hit PCRE2's match or depth limit,\n"
"                        and each such pattern is reported: a scan would go\n"
"                        on, counting those matches as failed.  Repeat for\n"
"                        more files.\n";

static const char rules_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog rules --rules site.json\n"
"  smtplog rules --check site.json\n";

static const char merge_text[] =
"usage: smtplog merge [PARTIAL]...\n"
"\n"
"Add up the summaries of separate scans (each PARTIAL holds one or more\n"
"summary records: scan --output summary-json, ndjson or json; default:\n"
"standard input) into the summary one scan of all their inputs gives,\n"
"written as one summary-json line.  For scale-out: scan files on many\n"
"machines, merge the partials.  A session that spans two files scanned\n"
"apart counts in each.  Any bad partial: nothing is written, exit 1.\n"
"\n"
"OPTIONS\n";

static const char merge_examples[] =
"\n"
"EXAMPLES\n"
"  ls /var/log/mail.log* | parallel 'smtplog scan -o summary-json {}' |\n"
"      smtplog merge\n"
"  smtplog merge host1.json host2.json | jq .findings\n";

/* Each command's text, in the order its parts are printed. */
static const struct usage {
	const char	*command;
	const char	*part[8];
} usages[] = {
	{ "scan", { scan_head, opt_rules, scan_tail, opt_common, exit_status,
	    scan_examples } },
	{ "trace", { trace_head, opt_rules, trace_tail, opt_common, trace_exit,
	    trace_examples } },
	{ "explain", { explain_head, opt_rules, opt_common, exit_status,
	    explain_examples } },
	{ "rules", { rules_head, opt_rules, opt_common, exit_status,
	    rules_examples } },
	{ "merge", { merge_text, opt_common, exit_status, merge_examples } },
};

int
cli_usage_known(const char *command)
{
	size_t	i;

	for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++)
		if (strcmp(usages[i].command, command) == 0)
			return 1;
	return 0;
}

void
cli_usage(FILE *fp, const char *command)
{
	size_t	i, j;

	for (i = 0; command != NULL &&
	    i < sizeof(usages) / sizeof(usages[0]); i++) {
		if (strcmp(usages[i].command, command) != 0)
			continue;
		for (j = 0; j < 8 && usages[i].part[j] != NULL; j++)
			fputs(usages[i].part[j], fp);
		return;
	}
	fputs(overview, fp);
	fputs(exit_status, fp);
	fputs("  3  trace: every input was read and nothing matched the query\n",
	    fp);
}
