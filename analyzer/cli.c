/*
 * cli.c - parse smtplog's command line into struct cli_opts and print the
 * usage text.  Running the commands is cmd.c's job.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "event.h"
#include "log.h"
#include "report.h"
#include "rule.h"

static const char usage_text[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog explain [--json] [--inbound | --outbound] [--command CMD]\n"
"                       CODE | REPLY | - ...\n"
"       smtplog rules [--rules FILE]... [--rules-dir DIR] [--check FILE]...\n"
"       smtplog merge [PARTIAL]...\n"
"       smtplog --help | --version\n"
"\n"
"smtplog reads mail logs, rebuilds every SMTP session and message, and\n"
"reports each reply with code 500, 502, 503, 530 or 554 as a finding, with\n"
"its cause, who must act and what to do.\n"
"\n"
"COMMANDS\n"
"  scan     Scan the inputs (default: standard input).  A FILE may be plain\n"
"           or gzip-compressed (detected by content, not by name); \"-\" is\n"
"           standard input; a DIR stands for the regular files in it, oldest\n"
"           first.  Sessions and messages continue across inputs, so give\n"
"           rotated logs oldest first.\n"
"  explain  Say what a reply code or a whole reply line means, why it was\n"
"           sent, who must act and what to do, from the same rules a scan\n"
"           uses.  Each argument is a code (554) or a reply as a server\n"
"           sends it (\"554 5.7.1 Service unavailable; Client host\n"
"           [192.0.2.1] blocked using zen.spamhaus.org\"): the code, an\n"
"           optional enhanced status code (5.7.1, or qmail's trailing\n"
"           \"(#5.7.1)\"), then the text; a leading \"smtp;\" (as in a\n"
"           bounce's Diagnostic-Code) and a dash after the code are\n"
"           accepted.  \"-\" reads one reply per line from standard input\n"
"           (blank lines skipped).  The text output shows the diagnosis for\n"
"           both directions, since a reply this server sent and the same\n"
"           reply a remote server sent are different jobs for different\n"
"           people; --inbound or --outbound shows one.\n"
"  rules    Load and validate the rule files, then list the rules.  With\n"
"           --check, validate the given rule files instead (see below).\n"
"  merge    Add up the summaries of separate scans (each PARTIAL holds\n"
"           one or more summary records: --output summary-json, ndjson or\n"
"           json; default: standard input) into the summary one scan of\n"
"           all their inputs gives, written as one summary-json line.  For\n"
"           scale-out: scan files on many machines, merge the partials.\n"
"           A session that spans two files scanned apart counts in each.\n"
"           Any bad partial: nothing is written, exit 1.\n"
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
"  -r, --rules FILE      Add a rule file after the default rules; its rules\n"
"                        win over default rules of equal priority.  Repeat\n"
"                        for more files.\n"
"      --rules-dir DIR   Default rules directory.  Default: $SMTPLOG_RULES,\n"
"                        else rules/ beside the smtplog binary, else\n"
"                        " SMTPLOG_RULEDIR ".\n"
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
"                        NO_COLOR is set), always or never.\n"
"      --lang LANG       Give titles and advice in LANG (fr, pt-BR ...) where\n"
"                        a translation file (a rule file with \"lang\") has\n"
"                        them; English, the default, is always complete and\n"
"                        fills any gap.  Shipped: en, fr (the fallback advice\n"
"                        for each code).\n"
"      --json            explain: one JSON object per reply on one line\n"
"                        (NDJSON), keys always present, null when unknown:\n"
"                        input, error, code, enhanced, text, direction,\n"
"                        command, flagged (the code is one smtplog reports),\n"
"                        cause, rule, rule_file, severity, title and advice\n"
"                        {who, meaning, when, fix}.  The direction is\n"
"                        inbound unless --outbound is given.  A line\n"
"                        without a reply code gives an object with error\n"
"                        set, and exit status 1 at the end.\n"
"      --inbound         explain: the reply was sent by this server to a\n"
"                        client (the client's side must usually act).\n"
"      --outbound        explain: the reply was sent to this server by a\n"
"                        remote server while delivering mail (this\n"
"                        server's admin must usually act).\n"
"      --command CMD     explain: the command the reply answered (CONNECT,\n"
"                        HELO, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, BDAT,\n"
"                        END-OF-MESSAGE, VRFY, EXPN, ETRN ...); some rules\n"
"                        depend on it, such as 554 at CONNECT.\n"
"      --check FILE      rules: validate FILE as a user rule file, loaded\n"
"                        after the default rules as --rules would load it.\n"
"                        Every problem is reported as FILE:LINE: rule ID:\n"
"                        message (bad JSON with its line and column, unknown\n"
"                        keys, causes or commands, bad regexes with their\n"
"                        offset, ids already used); then every pattern is\n"
"                        tried on texts that make runaway patterns (nested\n"
"                        repeats such as (a+)+$) hit PCRE2's match or depth\n"
"                        limit, and each such pattern is reported: a scan\n"
"                        would go on, counting those matches as failed.\n"
"                        Repeat for more files.\n"
"  -v, --verbose         Show the lines of a known format that the parser\n"
"                        did not understand.\n"
"  -q, --quiet           No progress line on standard error.\n"
"  -h, --help            This text.\n"
"  -V, --version         Version.\n"
"\n"
"EXIT STATUS\n"
"  0  the scan completed (findings or not); explain explained every\n"
"     reply; rules --check found no problem\n"
"  1  an input could not be read to its end (missing file, corrupt gzip,\n"
"     unknown format), the output failed, or a rule file is invalid;\n"
"     the other inputs are still scanned.  explain: a line held no reply\n"
"     code (the others are still explained).  rules --check: a problem\n"
"  2  usage error\n"
"\n"
"EXAMPLES\n"
"  smtplog scan /var/log/mail.log /var/log/mail.log.2.gz\n"
"  smtplog scan --output ndjson mail.log.gz | jq .\n"
"  zcat old.gz | smtplog scan --format postfix --year 2024 -\n"
"  smtplog rules --rules site.json\n"
"  smtplog rules --check site.json\n"
"  smtplog explain 554\n"
"  smtplog explain --outbound \"550 5.7.26 Unauthenticated email ...\"\n"
"  grep -o 'said: [245][0-9][0-9] .*' mail.log | cut -c7- |\n"
"      smtplog explain --json --outbound - | jq -r .cause | sort | uniq -c\n"
"  ls /var/log/mail.log* | parallel 'smtplog scan -o summary-json {}' |\n"
"      smtplog merge\n";

void
cli_usage(FILE *fp)
{
	fputs(usage_text, fp);
}

static int
bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "smtplog: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'smtplog --help'.\n");
	return -1;
}

/*
 * command_name - s upper-cased when it names a command a reply can answer
 * (the names rule files use), or NULL.  The result lives in a static
 * buffer.
 */
static const char *
command_name(const char *s)
{
	static char	 buf[32];
	size_t		 i;

	if (strlen(s) >= sizeof(buf))
		return NULL;
	for (i = 0; s[i] != '\0'; i++)
		buf[i] = toupper((unsigned char)s[i]);
	buf[i] = '\0';
	return rule_command_valid(buf) ? buf : NULL;
}

/* number - a whole number in [lo, hi], or -1. */
static long
number(const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static int
parse_codes(const char *arg, struct cli_opts *o)
{
	char	buf[256], *tok, *save = NULL;
	long	c;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	o->ncodes = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((c = number(tok, 200, 599)) < 0 ||
		    o->ncodes == CLI_MAX_CODES)
			return -1;
		o->codes[o->ncodes++] = (int)c;
	}
	return o->ncodes > 0 ? 0 : -1;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o)
{
	enum { O_RULES_DIR = 256, O_MAX_LINE, O_MAX_SESS, O_COLOR };
	/* explain and rules --check */
	enum { O_JSON = 300, O_INBOUND, O_OUTBOUND, O_COMMAND, O_CHECK,
	    O_LANG };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "year", required_argument, NULL, 'y' },
		{ "codes", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "rules-dir", required_argument, NULL, O_RULES_DIR },
		{ "max-line", required_argument, NULL, O_MAX_LINE },
		{ "max-sessions", required_argument, NULL, O_MAX_SESS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "color", required_argument, NULL, O_COLOR },
		{ "colour", required_argument, NULL, O_COLOR },
		{ "json", no_argument, NULL, O_JSON },
		{ "inbound", no_argument, NULL, O_INBOUND },
		{ "outbound", no_argument, NULL, O_OUTBOUND },
		{ "command", required_argument, NULL, O_COMMAND },
		{ "check", required_argument, NULL, O_CHECK },
		{ "lang", required_argument, NULL, O_LANG },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const int defcodes[] = { 500, 502, 503, 530, 554 };
	long	v;
	int	ch;

	memset(o, 0, sizeof(*o));
	o->color = "auto";
	o->jobs = 1;
	memcpy(o->codes, defcodes, sizeof(defcodes));
	o->ncodes = sizeof(defcodes) / sizeof(defcodes[0]);

	/* The command comes first; options may follow it. */
	if (argc >= 2 && argv[1][0] != '-') {
		static char	progname[] = "smtplog";

		o->command = argv[1];
		argv++;
		argc--;
		argv[0] = progname;	/* getopt's messages name it */
	}
	while ((ch = getopt_long(argc, argv, "o:f:y:c:r:j:vqhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (report_find(optarg) == NULL)
				return bad("unknown output format '%s' "
				    "(text, json, ndjson, html, prometheus, "
				    "summary-json)", optarg);
			o->output = optarg;
			break;
		case 'f':
			o->format = strcmp(optarg, "auto") ? optarg : NULL;
			break;
		case 'y':
			if ((v = number(optarg, 1970, 9999)) < 0)
				return bad("bad year '%s'", optarg);
			o->year = (int)v;
			break;
		case 'c':
			if (parse_codes(optarg, o) != 0)
				return bad("bad code list '%s' (e.g. 500,554)",
				    optarg);
			break;
		case 'r':
			if (o->nrules == CLI_MAX_RULES)
				return bad("too many --rules files (%s)", "32");
			o->rules[o->nrules++] = optarg;
			break;
		case O_RULES_DIR:
			o->rules_dir = optarg;
			break;
		case O_MAX_LINE:
			if ((v = number(optarg, 64, 65536)) < 0)
				return bad("bad --max-line '%s' (64 to 65536)",
				    optarg);
			o->maxline = (size_t)v;
			break;
		case O_MAX_SESS:
			if ((v = number(optarg, 1, LONG_MAX)) < 0)
				return bad("bad --max-sessions '%s'", optarg);
			o->max_sessions = (size_t)v;
			break;
		case 'j':
			if ((v = number(optarg, 1, 64)) < 0)
				return bad("bad --jobs '%s' (1 to 64)", optarg);
			o->jobs = (int)v;
			break;
		case O_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return bad("bad --color '%s' (auto, always, "
				    "never)", optarg);
			o->color = optarg;
			break;
		case O_JSON:
			o->json = 1;
			break;
		case O_INBOUND:
		case O_OUTBOUND:
			if (o->dir != 0)
				return bad("give one of --inbound and "
				    "--outbound%s", "");
			o->dir = ch == O_INBOUND ? EV_DIR_IN : EV_DIR_OUT;
			break;
		case O_COMMAND:
			if ((o->cmd = command_name(optarg)) == NULL)
				return bad("bad --command '%s' (e.g. RCPT, "
				    "DATA, CONNECT)", optarg);
			break;
		case O_CHECK:
			if (o->nchecks == CLI_MAX_RULES)
				return bad("too many --check files (%s)", "32");
			o->checks[o->nchecks++] = optarg;
			break;
		case O_LANG:
			if (!rule_lang_valid(optarg))
				return bad("bad --lang '%s' (a language tag: "
				    "en, fr, pt-BR ...)", optarg);
			o->lang = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			cli_usage(stdout);
			return 1;
		case 'V':
			printf("smtplog %s\n", SMTPLOG_VERSION);
			return 1;
		default:
			fprintf(stderr, "Try 'smtplog --help'.\n");
			return -1;
		}
	}
	if (o->command == NULL)
		return bad("no command given%s (scan, explain, rules or merge)", "");
	if (strcmp(o->command, "help") == 0) {
		cli_usage(stdout);
		return 1;
	}
	if (strcmp(o->command, "scan") && strcmp(o->command, "rules") &&
	    strcmp(o->command, "explain") && strcmp(o->command, "merge"))
		return bad("unknown command '%s' (scan, explain, rules or merge)",
		    o->command);
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	if (strcmp(o->command, "rules") == 0 && o->nargs > 0)
		return bad("rules takes no inputs: '%s'", o->args[0]);
	if (strcmp(o->command, "explain") == 0 && o->nargs == 0)
		return bad("explain needs a code, a reply or '-'%s", "");
	if (strcmp(o->command, "explain") != 0 && (o->json || o->dir ||
	    o->cmd != NULL))
		return bad("--json, --inbound, --outbound and --command go "
		    "with explain%s", "");
	if (strcmp(o->command, "rules") != 0 && o->nchecks > 0)
		return bad("--check goes with rules%s", "");
	return 0;
}
