/*
 * cli.c - parse smtplog's command line into struct cli_opts and print the
 * usage text.  Running the commands is cmd.c's job.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/scan_order.h"
#include "cli.h"
#include "scan/gzdec.h"
#include "lib/event.h"
#include "lib/log.h"
#include "core/pattern.h"
#include "core/traffic.h"
#include "report/report.h"
#include "rule.h"
#include "trace/trace.h"

/* bad - a usage error: the message (escaped by log.c: it quotes the
 * argument) and where to read more.  Returns -1. */
static int	bad(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

static int
bad(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'smtplog --help'.\n");
	return -1;
}

/*
 * bad_option - what getopt_long found wrong with argv[optind - 1] (its
 * own messages are off: they would show the argument raw): ch is ':' for
 * an option without its argument, '?' for the rest; optopt is the short
 * option, or the long one given an argument it does not take, or 0 for
 * an unknown or ambiguous long option.
 */
static int
bad_option(int argc, char **argv, int ch)
{
	const char	*arg = optind > 0 && optind <= argc ? argv[optind - 1] :
			    "";
	int		 islong = strncmp(arg, "--", 2) == 0;

	if (ch == ':' && islong)
		return bad("option '%s' needs an argument", arg);
	if (ch == ':')
		return bad("option '-%c' needs an argument", optopt);
	if (islong && optopt != 0)
		return bad("option '%.*s' takes no argument",
		    (int)strcspn(arg, "="), arg);
	if (islong)
		return bad("unknown or ambiguous option '%s'", arg);
	return bad("unknown option '-%c'", optopt);
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

/* cli_size - "512M", "2G", "300000000": bytes, K/M/G powers of 1024
 * (an optional "iB" or "B" after it), from 1 MiB to 1 TiB; 0 if bad. */
size_t
cli_size(const char *s)
{
	unsigned long long	 v, mul = 1;
	char			*end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return 0;
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	if (mul > 1 && strcmp(end, "iB") == 0)
		end += 2;
	else if (mul > 1 && strcmp(end, "B") == 0)
		end++;
	if (errno != 0 || *end != '\0' || v > (1ULL << 40) / mul ||
	    v * mul < (1ULL << 20) || v * mul > SIZE_MAX)
		return 0;
	return (size_t)(v * mul);
}

/*
 * follow_usage - scan -F takes one file and writes a stream: ndjson (the
 * default) or text (its report when stopped); the options of following go
 * with -F only.
 */
static int
follow_usage(const struct cli_opts *o)
{
	if (!o->follow) {
		if (o->from_start || o->session_timeout || o->state != NULL ||
		    o->prom_file != NULL)
			return bad("--from-start, --session-timeout, --state "
			    "and --prom-file go with --follow");
		return 0;
	}
	if ((o->state != NULL && *o->state == '\0') ||
	    (o->prom_file != NULL && *o->prom_file == '\0'))
		return bad("--state and --prom-file take a file name");
	if (o->id != CLI_SCAN)
		return bad("--follow goes with scan");
	if (o->nargs != 1 || strcmp(o->args[0], "-") == 0)
		return bad("--follow takes one FILE to follow (for standard "
		    "input, scan '-' without --follow)");
	if (o->jobs > 1)
		return bad("--follow reads one file: no --jobs");
	if (o->since || o->until || o->keep_order)
		return bad("--follow reads one file as it grows: no --since, "
		    "--until or --keep-order");
	if (o->output != NULL && strcmp(o->output, "ndjson") != 0 &&
	    strcmp(o->output, "text") != 0)
		return bad("--follow writes ndjson (findings as they come, "
		    "then the summary) or text (a report when stopped), "
		    "not '%s'", o->output);
	return 0;
}

/*
 * scaleout_usage - --label and --plan go with scan, --expect and
 * --manifest with merge, --allow-empty with both; --plan writes the plan
 * (NDJSON) and nothing else.
 */
static int
scaleout_usage(const struct cli_opts *o)
{
	int	scan = o->id == CLI_SCAN;

	if (!scan && (o->label != NULL || o->plan))
		return bad("--label and --plan go with scan");
	if (o->id != CLI_MERGE && (o->expect >= 0 ||
	    o->manifest != NULL))
		return bad("--expect and --manifest go with merge");
	if (!scan && o->id != CLI_MERGE && o->allow_empty)
		return bad("--allow-empty goes with scan and merge");
	if (o->plan && (o->follow || o->jobs > 1 || (o->output != NULL &&
	    strcmp(o->output, "ndjson") != 0)))
		return bad("--plan writes NDJSON and reads the heads and tails "
		    "of files: no --follow, --jobs or --output");
	return 0;
}

/* The long options without a short one. */
enum { O_RULES_DIR = 256, O_MAX_LINE, O_MAX_SESS, O_COLOR, O_MAX_MEM };
/* explain and rules --check */
enum { O_JSON = 300, O_INBOUND, O_OUTBOUND, O_COMMAND, O_CHECK,
    O_LANG };
/* scan --follow */
enum { O_FROM_START = 400, O_SESS_TIMEOUT, O_STATE, O_PROM_FILE };
/* scan: archives */
enum { O_SINCE = 410, O_UNTIL, O_KEEP_ORDER };
/* scan: patterns */
enum { O_PATTERN = 420, O_PATTERN_WINDOW, O_NO_PATTERNS };
/* trace */
enum { O_BY = 430 };
/* scan: the traffic report */
enum { O_TOP = 450, O_WIDTH };
/* scale-out */
enum { O_LABEL = 440, O_PLAN, O_ALLOW_EMPTY, O_EXPECT, O_MANIFEST };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "year", required_argument, NULL, 'y' },
	{ "codes", required_argument, NULL, 'c' },
	{ "rules", required_argument, NULL, 'r' },
	{ "rules-dir", required_argument, NULL, O_RULES_DIR },
	{ "max-line", required_argument, NULL, O_MAX_LINE },
	{ "max-sessions", required_argument, NULL, O_MAX_SESS },
	{ "max-memory", required_argument, NULL, O_MAX_MEM },
	{ "jobs", required_argument, NULL, 'j' },
	{ "color", required_argument, NULL, O_COLOR },
	{ "colour", required_argument, NULL, O_COLOR },
	{ "json", no_argument, NULL, O_JSON },
	{ "inbound", no_argument, NULL, O_INBOUND },
	{ "outbound", no_argument, NULL, O_OUTBOUND },
	{ "command", required_argument, NULL, O_COMMAND },
	{ "check", required_argument, NULL, O_CHECK },
	{ "lang", required_argument, NULL, O_LANG },
	{ "follow", no_argument, NULL, 'F' },
	{ "from-start", no_argument, NULL, O_FROM_START },
	{ "session-timeout", required_argument, NULL, O_SESS_TIMEOUT },
	{ "state", required_argument, NULL, O_STATE },
	{ "prom-file", required_argument, NULL, O_PROM_FILE },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "keep-order", no_argument, NULL, O_KEEP_ORDER },
	{ "pattern", required_argument, NULL, O_PATTERN },
	{ "pattern-window", required_argument, NULL, O_PATTERN_WINDOW },
	{ "no-patterns", no_argument, NULL, O_NO_PATTERNS },
	{ "by", required_argument, NULL, O_BY },
	{ "top", required_argument, NULL, O_TOP },
	{ "width", required_argument, NULL, O_WIDTH },
	{ "label", required_argument, NULL, O_LABEL },
	{ "plan", no_argument, NULL, O_PLAN },
	{ "allow-empty", no_argument, NULL, O_ALLOW_EMPTY },
	{ "expect", required_argument, NULL, O_EXPECT },
	{ "manifest", required_argument, NULL, O_MANIFEST },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* What an option function returns for an option that is not its own. */
#define NOT_MINE	2

/*
 * opt_general - the options most commands share (output, input, rules,
 * bounds, words): 0, -1 after a usage error, or NOT_MINE.
 */
static int
opt_general(struct cli_opts *o, int ch, const char *arg)
{
	long	v;

	switch (ch) {
	case 'o':
		if (report_find(arg) == NULL)
			return bad("bad --output '%s' (text, json, "
			    "ndjson, html, prometheus, summary-json)",
			    arg);
		o->output = arg;
		break;
	case 'f':
		o->format = strcmp(arg, "auto") ? arg : NULL;
		break;
	case 'y':
		if ((v = number(arg, 1970, 9999)) < 0)
			return bad("bad --year '%s' (1970 to 9999)",
			    arg);
		o->year = (int)v;
		break;
	case 'c':
		if (parse_codes(arg, o) != 0)
			return bad("bad --codes '%s' (e.g. 500,554)",
			    arg);
		break;
	case 'r':
		if (o->nrules == CLI_MAX_RULES)
			return bad("too many --rules files (32)");
		o->rules[o->nrules++] = arg;
		break;
	case O_RULES_DIR:
		o->rules_dir = arg;
		break;
	case O_MAX_LINE:
		if ((v = number(arg, 64, 65536)) < 0)
			return bad("bad --max-line '%s' (64 to 65536)",
			    arg);
		o->maxline = (size_t)v;
		break;
	case O_MAX_SESS:
		if ((v = number(arg, 1, LONG_MAX)) < 0)
			return bad("bad --max-sessions '%s'", arg);
		o->max_sessions = (size_t)v;
		break;
	case O_MAX_MEM:
		if ((o->max_memory = cli_size(arg)) == 0)
			return bad("bad --max-memory '%s' (bytes, or with "
			    "K, M, G: 1M to 1024G)", arg);
		break;
	case 'j':
		if ((v = number(arg, 1, 64)) < 0)
			return bad("bad --jobs '%s' (1 to 64)", arg);
		o->jobs = (int)v;
		break;
	case O_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") &&
		    strcmp(arg, "never"))
			return bad("bad --color '%s' (auto, always, "
			    "never)", arg);
		o->color = arg;
		break;
	case O_LANG:
		if (strcmp(arg, "auto") == 0) {
			o->lang = NULL;	/* the locale's */
			break;
		}
		if (!rule_lang_valid(arg))
			return bad("bad --lang '%s' (auto, or a language "
			    "tag: en, fr, pt-BR ...)", arg);
		o->lang = arg;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case 'q':
		o->quiet = 1;
		break;
	default:
		return NOT_MINE;
	}
	return 0;
}

/*
 * opt_scan - the options of scan alone or with trace (follow, archives,
 * patterns, the traffic report): 0, -1 after a usage error, or NOT_MINE.
 */
static int
opt_scan(struct cli_opts *o, int ch, const char *arg)
{
	long	v;

	switch (ch) {
	case 'F':
		o->follow = 1;
		break;
	case O_FROM_START:
		o->from_start = 1;
		break;
	case O_SESS_TIMEOUT:
		if ((v = number(arg, 1, 31 * 86400)) < 0)
			return bad("bad --session-timeout '%s' (seconds, "
			    "1 to 2678400)", arg);
		o->session_timeout = v;
		break;
	case O_STATE:
		o->state = arg;
		break;
	case O_PROM_FILE:
		o->prom_file = arg;
		break;
	case O_SINCE:
	case O_UNTIL:
		if (scan_order_time(arg, time(NULL), ch == O_SINCE ?
		    &o->since : &o->until) != 0)
			return bad("bad --%s '%s' (an ISO 8601 date or "
			    "date-time, today, yesterday, or 30m, 2h, 7d, "
			    "1w before now)", ch == O_SINCE ? "since" :
			    "until", arg);
		break;
	case O_KEEP_ORDER:
		o->keep_order = 1;
		break;
	case O_PATTERN:
		if (o->npatterns == CLI_MAX_PATTERNS)
			return bad("too many --pattern settings (32)");
		o->patterns[o->npatterns++] = arg;
		break;
	case O_PATTERN_WINDOW:
		o->pattern_window = arg;
		break;
	case O_NO_PATTERNS:
		o->no_patterns = 1;
		break;
	case O_TOP:
		if ((v = number(arg, 0, TRAFFIC_MAX_TOP)) < 0)
			return bad("bad --top '%s' (0 to 1000)", arg);
		o->top = v == 0 ? -1 : (int)v;
		break;
	case O_WIDTH:
		if ((v = number(arg, 40, 1000)) < 0)
			return bad("bad --width '%s' (40 to 1000)",
			    arg);
		o->width = (int)v;
		break;
	default:
		return NOT_MINE;
	}
	return 0;
}

/*
 * opt_command - the options of the other commands (explain, rules
 * --check, trace --by) and of scale-out (scan and merge): 0, -1 after a
 * usage error, or NOT_MINE.
 */
static int
opt_command(struct cli_opts *o, int ch, const char *arg)
{
	long	v;

	switch (ch) {
	case O_JSON:
		o->json = 1;
		break;
	case O_INBOUND:
	case O_OUTBOUND:
		if (o->dir != 0)
			return bad("give one of --inbound and "
			    "--outbound");
		o->dir = ch == O_INBOUND ? EV_DIR_IN : EV_DIR_OUT;
		break;
	case O_COMMAND:
		if ((o->cmd = command_name(arg)) == NULL)
			return bad("bad --command '%s' (e.g. RCPT, "
			    "DATA, CONNECT)", arg);
		break;
	case O_CHECK:
		if (o->nchecks == CLI_MAX_RULES)
			return bad("too many --check files (32)");
		o->checks[o->nchecks++] = arg;
		break;
	case O_BY: {
		enum trace_kind	k;

		if (trace_kind_parse(arg, &k) != 0)
			return bad("bad --by '%s' (queue-id, "
			    "postfix-queue-id, exim-message-id, "
			    "message-id, address, ip, host)", arg);
		o->trace_by = arg;
		break;
	}
	case O_LABEL:
		if (*arg == '\0' || strlen(arg) > 1024)
			return bad("bad --label '%s' (1 to 1024 "
			    "bytes)", arg);
		o->label = arg;
		break;
	case O_PLAN:
		o->plan = 1;
		break;
	case O_ALLOW_EMPTY:
		o->allow_empty = 1;
		break;
	case O_EXPECT:
		if ((v = number(arg, 0, LONG_MAX)) < 0)
			return bad("bad --expect '%s' (a number of "
			    "inputs)", arg);
		o->expect = v;
		break;
	case O_MANIFEST:
		o->manifest = arg;
		break;
	default:
		return NOT_MINE;
	}
	return 0;
}

/* The commands cli_parse knows, with their ids (cli.h). */
static const struct {
	const char		*name;
	enum cli_command	 id;
} commands[] = {
	{ "scan", CLI_SCAN },
	{ "trace", CLI_TRACE },
	{ "explain", CLI_EXPLAIN },
	{ "rules", CLI_RULES },
	{ "merge", CLI_MERGE },
};

/* command_find - the command named name: 0 with *id set, or -1. */
static int
command_find(const char *name, enum cli_command *id)
{
	size_t	i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0) {
			*id = commands[i].id;
			return 0;
		}
	return -1;
}

/*
 * command_usage - after the options: the command known, its operands,
 * and every option one that goes with it.  0; 1 after help was written;
 * -1 after a usage error.
 */
static int
command_usage(int argc, char **argv, struct cli_opts *o)
{
	if (o->command == NULL)
		return bad("no command given (scan, trace, explain, rules or "
		    "merge)");
	if (strcmp(o->command, "help") == 0) {
		if (optind < argc && !cli_usage_known(argv[optind]))
			return bad("no help for '%s' (scan, trace, explain, "
			    "rules or merge)", argv[optind]);
		cli_usage(stdout, optind < argc ? argv[optind] : NULL);
		return 1;
	}
	if (command_find(o->command, &o->id) != 0)
		return bad("unknown command '%s' (scan, trace, explain, rules "
		    "or merge)", o->command);
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	if (o->id == CLI_RULES && o->nargs > 0)
		return bad("rules takes no inputs: '%s'", o->args[0]);
	if (o->id == CLI_EXPLAIN && o->nargs == 0)
		return bad("explain needs a code, a reply or '-'");
	if (o->id != CLI_EXPLAIN && (o->json || o->dir || o->cmd != NULL))
		return bad("--json, --inbound, --outbound and --command go "
		    "with explain");
	if (o->id != CLI_SCAN && o->id != CLI_TRACE && o->keep_order)
		return bad("--keep-order goes with scan and trace");
	if (o->id != CLI_SCAN && (o->since || o->until))
		return bad("--since and --until go with scan");
	if (o->since != 0 && o->until != 0 && o->until <= o->since)
		return bad("--until is not after --since");
	if (o->id != CLI_RULES && o->nchecks > 0)
		return bad("--check goes with rules");
	if (o->id != CLI_SCAN && (o->top != 0 || o->width != 0))
		return bad("--top and --width go with scan");
	if (o->id != CLI_TRACE && o->trace_by != NULL)
		return bad("--by goes with trace");
	if (o->id == CLI_TRACE && (o->nargs == 0 || o->args[0][0] == '\0'))
		return bad("trace needs a query: a queue id, Message-ID, "
		    "address, IP address or host name");
	if (o->id == CLI_TRACE && o->jobs > 1)
		return bad("trace reads its inputs in order: no --jobs");
	if (o->npatterns > 0 || o->pattern_window != NULL || o->no_patterns) {
		struct pat_config	pc;
		char			err[512];

		if (o->id != CLI_SCAN)
			return bad("--pattern, --pattern-window and "
			    "--no-patterns go with scan");
		if (cli_pattern_config(o, &pc, err, sizeof(err)) != 0)
			return bad("%s", err);
	}
	if (scaleout_usage(o) != 0)
		return -1;
	return follow_usage(o);
}

int
cli_parse(int argc, char **argv, struct cli_opts *o)
{
	static const int defcodes[] = { 500, 502, 503, 530, 554 };
	int	ch, r;

	memset(o, 0, sizeof(*o));
	o->color = "auto";
	o->jobs = 1;
	o->expect = -1;
	memcpy(o->codes, defcodes, sizeof(defcodes));
	o->ncodes = sizeof(defcodes) / sizeof(defcodes[0]);

	/* The command comes first; options may follow it. */
	if (argc >= 2 && argv[1][0] != '-') {
		static char	progname[] = "smtplog";

		o->command = argv[1];
		argv++;
		argc--;
		argv[0] = progname;
	}
	opterr = 0;
	/* The leading ':' tells a missing argument from an unknown option. */
	while ((ch = getopt_long(argc, argv, ":o:f:y:c:r:j:FvqhV", longopts,
	    NULL)) != -1) {
		if ((r = opt_general(o, ch, optarg)) != NOT_MINE ||
		    (r = opt_scan(o, ch, optarg)) != NOT_MINE ||
		    (r = opt_command(o, ch, optarg)) != NOT_MINE) {
			if (r != 0)
				return r;
			continue;
		}
		switch (ch) {
		case 'h':
			cli_usage(stdout, o->command);
			return 1;
		case 'V':
			printf("smtplog %s\n", SMTPLOG_VERSION);
			if (strcmp(gzd_library(), "isa-l igzip") == 0)
				printf("gzip: %s\n", gzd_library());
			return 1;
		default:
			return bad_option(argc, argv, ch);
		}
	}
	return command_usage(argc, argv, o);
}

int
cli_pattern_config(const struct cli_opts *o, struct pat_config *c,
    char *err, size_t errlen)
{
	size_t	i;

	pat_config_init(c);
	if (o->pattern_window != NULL &&
	    pat_config_window(c, o->pattern_window, err, errlen) != 0)
		return -1;
	for (i = 0; i < o->npatterns; i++)
		if (pat_config_set(c, o->patterns[i], err, errlen) != 0)
			return -1;
	if (o->no_patterns)
		(void)pat_config_set(c, "all=off", err, errlen);
	return 0;
}

size_t
cli_top(const struct cli_opts *o)
{
	return o->top == 0 ? TRAFFIC_DEFAULT_TOP : o->top < 0 ? 0 :
	    (size_t)o->top;
}

int
cli_want_color(const char *when)
{
	const char	*term = getenv("TERM");
	const char	*nc = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0') &&
	    term != NULL && strcmp(term, "dumb") != 0;
}
