/*
 * cli.c - parse smtplog's command line into struct cli_opts and print the
 * usage text.  Running the commands is cmd.c's job.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"

static const char usage_text[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog rules [--rules FILE]... [--rules-dir DIR]\n"
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
"  rules    Load and validate the rule files, then list the rules.\n"
"\n"
"OPTIONS\n"
"  -o, --output FORMAT   text, json or ndjson.  Default: text on a terminal,\n"
"                        json otherwise.  json is one document with\n"
"                        \"findings\" and \"summary\"; ndjson is one finding\n"
"                        object per line, then one summary object.\n"
"  -f, --format NAME     Log format: postfix, exim (mainlog or rejectlog,\n"
"                        Exim's own or syslog'd), or auto (default) to\n"
"                        detect it from the first 50 lines of each input.\n"
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
"      --color WHEN      auto (default: only on a terminal, and not when\n"
"                        NO_COLOR is set), always or never.\n"
"  -v, --verbose         Show the lines of a known format that the parser\n"
"                        did not understand.\n"
"  -q, --quiet           No progress line on standard error.\n"
"  -h, --help            This text.\n"
"  -V, --version         Version.\n"
"\n"
"EXIT STATUS\n"
"  0  the scan completed (findings or not)\n"
"  1  an input could not be read to its end (missing file, corrupt gzip,\n"
"     unknown format), the output failed, or a rule file is invalid;\n"
"     the other inputs are still scanned\n"
"  2  usage error\n"
"\n"
"EXAMPLES\n"
"  smtplog scan /var/log/mail.log /var/log/mail.log.2.gz\n"
"  smtplog scan --output ndjson mail.log.gz | jq .\n"
"  zcat old.gz | smtplog scan --format postfix --year 2024 -\n"
"  smtplog rules --rules site.json\n";

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
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "year", required_argument, NULL, 'y' },
		{ "codes", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "rules-dir", required_argument, NULL, O_RULES_DIR },
		{ "max-line", required_argument, NULL, O_MAX_LINE },
		{ "max-sessions", required_argument, NULL, O_MAX_SESS },
		{ "color", required_argument, NULL, O_COLOR },
		{ "colour", required_argument, NULL, O_COLOR },
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
	while ((ch = getopt_long(argc, argv, "o:f:y:c:r:vqhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "ndjson"))
				return bad("unknown output format '%s' "
				    "(text, json, ndjson)", optarg);
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
		case O_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return bad("bad --color '%s' (auto, always, "
				    "never)", optarg);
			o->color = optarg;
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
		return bad("no command given%s (scan or rules)", "");
	if (strcmp(o->command, "help") == 0) {
		cli_usage(stdout);
		return 1;
	}
	if (strcmp(o->command, "scan") && strcmp(o->command, "rules"))
		return bad("unknown command '%s' (scan or rules)", o->command);
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	if (strcmp(o->command, "rules") == 0 && o->nargs > 0)
		return bad("rules takes no inputs: '%s'", o->args[0]);
	return 0;
}
