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
"       smtplog scan [options] -F FILE\n"
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
"options, exit status and examples; 'man smtplog' gives them all, with the\n"
"JSON schema and the rule-file format.\n"
"\n"
"OPTIONS\n";

static const char overview_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog scan /var/log/mail.log.1 /var/log/mail.log\n"
"  smtplog explain \"554 5.7.1 Relay access denied\"\n"
"  smtplog help scan\n";

static const char exit_status[] =
"\n"
"EXIT STATUS\n"
"  0  Success: scan read every input to its end (findings or not);\n"
"     explain explained every reply; rules loaded the rules, or --check\n"
"     found no problem; merge wrote the summary.\n"
"  1  Trouble, said on standard error with the file name (and line or\n"
"     byte offset): an input could not be read to its end (missing or\n"
"     unreadable file, corrupt or truncated gzip, unknown format, only\n"
"     empty directories), and the other inputs were still scanned, the\n"
"     lines before the damage kept; the output failed (disk full); the\n"
"     rules could not be loaded (a bad rule file, no rule file found).\n"
"     explain: a line held no reply code (the others are still\n"
"     explained).  rules --check: a problem was found.  merge: a\n"
"     partial is missing or bad (nothing is written).\n"
"  2  Usage error: an unknown command or option, a bad option value,\n"
"     an unknown --format name, merge with an output other than\n"
"     summary-json.\n"
"  3  trace: every input was read and nothing matched the query.\n"
"  Output into a pipe that closes early (| head) ends smtplog at once\n"
"  by SIGPIPE, without a message.\n";

static const char env_rules[] =
"\n"
"ENVIRONMENT\n"
"  SMTPLOG_RULES  The default rules directory (see --rules-dir).\n";

static const char env_scan[] =
"  NO_COLOR       When set and not empty, --color auto gives no colour.\n"
"  TERM           When unset or \"dumb\", --color auto gives no colour.\n"
"  TZ             The zone of log times that have none (syslog\n"
"                 timestamps); output times are always UTC.\n"
"  SMTPLOG_PIPELINE  0 or 1: whether a serial scan parses a regular file\n"
"                 on a second thread while the first builds sessions\n"
"                 (default: when more than one CPU is online; never for\n"
"                 stdin or pipes).  Same output either way.\n";

static const char opt_rules[] =
"  -r, --rules FILE      Add a rule file after the default rules; its rules\n"
"                        win over default rules of equal priority.  Repeat\n"
"                        for more files.\n"
"      --rules-dir DIR   Default rules directory: every *.json file in it,\n"
"                        in name order.  Default: $SMTPLOG_RULES, else the\n"
"                        first of rules/, ../rules and\n"
"                        ../share/smtplog/rules beside the smtplog binary\n"
"                        that holds rule files, else\n"
"                        " SMTPLOG_RULEDIR ".\n"
"      --lang LANG       Give titles and advice in LANG (fr, pt-BR ...) where\n"
"                        a translation file (a rule file with \"lang\") has\n"
"                        them; English, the default, is always complete and\n"
"                        fills any gap.  Shipped: en, fr (the fallback advice\n"
"                        for each code).\n";

static const char opt_common[] =
"  -h, --help            This text.\n"
"  -V, --version         Print the version (smtplog X.Y.Z) and exit.\n";

static const char scan_head[] =
"usage: smtplog scan [options] [FILE | DIR | -]...\n"
"       smtplog scan [options] -F FILE\n"
"\n"
"Scan the inputs (default: standard input, or the system's mail logs: see\n"
"DEFAULT INPUTS) and report every reply with one of the chosen codes as a\n"
"finding: the reply (logged, or inferred from the server's behaviour, with\n"
"the reasoning), its session and message, and the rule that explains it\n"
"(cause, who must act, advice).\n"
"\n"
"A FILE may be plain or gzip-compressed, also multi-member (detected by\n"
"content, not by name); \"-\" is standard input; a DIR stands for the\n"
"regular files in it (not its subdirectories).  Every line read is\n"
"accounted for in the summary:\n"
"used, ignored (other programs, noise) or unrecognized (a known program's\n"
"message the parser does not know); also counted: truncated, NUL bytes,\n"
"invalid UTF-8.  Each input's format is detected from its first 50 lines;\n"
"when another format's lines follow later (5 in a row, none used between),\n"
"the line where they begin is said once; they stay counted, not used.\n"
"Log text is escaped in the text output (no terminal control bytes).\n"
"\n"
"ARCHIVES\n"
"The inputs are read in the order of their first timestamps (read through\n"
"the parser from the first lines of each, gzip too), not of their names or\n"
"mtimes; equal times go by name.  Files of several hosts interleave by time\n"
"a whole file at a time.  \"-\" keeps its place and no file moves across\n"
"it; a file without a timestamp in its first 2000 lines keeps its place.\n"
"Sessions and messages continue from one input to the next, so a message\n"
"received in one file and bounced in the next is one story.\n"
"\n"
"Year-less syslog stamps: a file's first stamp is in the --year, or the\n"
"latest year that puts it no more than a day after the file's mtime (now\n"
"for \"-\"); inside a file Dec -> Jan starts the next year; and a file that\n"
"would start before the last event of the previous file of its host is\n"
"read in that file's year instead (the year is carried forward, as at\n"
"Dec -> Jan), so a misleading mtime does not send it back in time.\n"
"\n"
"A file with the same text as one read before it (the first 64 KiB, then\n"
"the whole; mail.log.1 and mail.log.1.gz) is skipped with a warning and\n"
"listed in the summary as \"skipped\": \"duplicate of FILE\".  A file that\n"
"starts before the last event of the previous file of its host is read,\n"
"with a warning naming both.  Neither changes the exit status.\n"
"\n"
"OPTIONS\n"
"  -o, --output FORMAT   text, json, ndjson, html, prometheus or\n"
"                        summary-json.\n"
"                        Default: text on a terminal, json otherwise.  json\n"
"                        is one document with \"findings\", \"patterns\" and\n"
"                        \"summary\"; ndjson is one finding object per line,\n"
"                        then the pattern objects, then one summary object;\n"
"                        prometheus is the counts in the text exposition\n"
"                        format, for node_exporter's\n"
"                        textfile collector; summary-json is the summary\n"
"                        object alone, one line (a partial for merge);\n"
"                        html is one self-contained page (charts, advice\n"
"                        by cause, a table of the first 20000 findings).\n"
"  -f, --format NAME     Log format: postfix, exim (mainlog or rejectlog,\n"
"                        Exim's own or syslog'd), transcript (a raw SMTP\n"
"                        dialogue: swaks, smtplib, C:/S:, >>>/<<<, In:/Out:,\n"
"                        telnet), or auto (default) to detect it from the\n"
"                        first 50 lines of each input.\n"
"  -y, --year YEAR       Year of the first year-less syslog timestamp of\n"
"                        each input (then forward at each Dec-Jan\n"
"                        rollover, and carried from file to file: see\n"
"                        ARCHIVES).  Default: from the file's mtime.\n"
"                        Times without a zone are read in the local time\n"
"                        zone (set TZ to the log's zone).\n"
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
"                        a serial scan of each file.  The year is not\n"
"                        carried and overlaps are not detected then.\n"
"      --since TIME      Report only findings at or after TIME, and skip\n"
"                        the files that end before it (a file ends where\n"
"                        the next file of its host begins).\n"
"      --until TIME      Report only findings before TIME, and skip the\n"
"                        files that start at or after it.  TIME is an ISO\n"
"                        8601 date (2026-01-01: local midnight) or\n"
"                        date-time (2026-01-01T10:00, seconds and a zone\n"
"                        Z or +01:00 optional), today or yesterday (local\n"
"                        midnight: --since yesterday --until today is\n"
"                        yesterday's whole day), or a time before now: a\n"
"                        number and s, m, h, d or w (30m, 2h, 7d, 1w).\n"
"                        The files at the edges are read whole (sessions\n"
"                        keep their context); the findings left out are\n"
"                        counted in the summary (findings.out_of_range),\n"
"                        the files skipped listed with the reason, the\n"
"                        range given as \"range\": {\"since\", \"until\"}.\n"
"      --keep-order      Read the inputs in the order given, not by time\n"
"                        (copied archives whose mtimes mislead: give them\n"
"                        oldest first, and the year is carried over).\n"
"      --color WHEN      Colour in the text output: auto (the default:\n"
"      --colour WHEN     only on a terminal, and not when NO_COLOR is set\n"
"                        or TERM is dumb), always or never.\n"
"      --pattern NAME=COUNT[/WINDOW]\n"
"                        Report a session-level pattern when COUNT of its\n"
"                        findings for one key fall within WINDOW (seconds,\n"
"                        or with s, m, h, d); NAME=off turns one off,\n"
"                        all=off all.  Repeatable.  Defaults:\n"
"                        repeat-offender=10/10m (one client IP, any flagged\n"
"                        code), pipelining-abuse=2/10m (one session ignores\n"
"                        replies), non-smtp-probe=1/1h (HTTP, TLS or binary\n"
"                        answered 500/502), submission-misconfig=5/1h (530\n"
"                        to one client, or from one relay domain),\n"
"                        vrfy-expn-harvest=5/10m, greeting-storm=20/10m\n"
"                        (554 at CONNECT on one host), provider-rejects=\n"
"                        10/1h (554 from one relay domain to us).\n"
"      --pattern-window DURATION\n"
"                        The window of every pattern (a --pattern WINDOW\n"
"                        still wins).\n"
"      --no-patterns     No session-level patterns.\n";

static const char scan_tail[] =
"  -v, --verbose         Show the lines of a known format that the parser\n"
"                        did not understand.\n"
"  -q, --quiet           No progress line on standard error.  It is shown\n"
"                        only when standard error is a terminal, for scans\n"
"                        longer than a second, and not with -j: files done\n"
"                        of all, MB and lines read, lines/s; erased at the\n"
"                        end.\n"
"  -F, --follow          Follow one growing FILE, as tail -F (see FOLLOW\n"
"                        MODE).\n"
"      --from-start      With -F: read what FILE holds already first.\n"
"                        Default: start at its end.\n"
"      --session-timeout SECONDS\n"
"                        With -F: close a session with no event for this\n"
"                        long in log time (counted as evicted), so that\n"
"                        its findings come out.  Default: 600.\n"
"      --state FILE      With -F: keep the position reached in FILE, and\n"
"                        resume there at the next start (see FOLLOW MODE).\n"
"      --prom-file FILE  With -F: keep the counts so far in FILE as\n"
"                        Prometheus metrics (-o prometheus), replaced\n"
"                        atomically, for node_exporter's textfile\n"
"                        collector.\n";

static const char default_inputs[] =
"\n"
"DEFAULT INPUTS\n"
"  With no FILE, DIR or -: standard input when it is a pipe or a file\n"
"  (zcat x.gz | smtplog scan); otherwise the system's mail logs, the files\n"
"  that match /var/log/mail.log* (Postfix through syslog, Debian),\n"
"  /var/log/maillog* (Red Hat) and /var/log/exim4/mainlog* (Exim), all of\n"
"  them, read by first timestamp.  The files chosen are said on standard\n"
"  error (not with -q); when none exists, smtplog says so and exits 1.\n"
"  SMTPLOG_DEFAULT_INPUTS replaces the patterns (glob patterns separated\n"
"  by spaces); set and empty, no operand always means standard input.\n";

static const char scan_follow[] =
"\n"
"FOLLOW MODE\n"
"  -F follows FILE as it grows and writes each finding when its session\n"
"  ends (ndjson, flushed at once; -o text writes its report at the stop;\n"
"  other outputs are refused).  It starts at the end of FILE (after its\n"
"  last newline) unless --from-start, waits for FILE to appear when it is\n"
"  missing, and survives rotation (FILE renamed and a new one created:\n"
"  the old file is read to its end, then the new one from its start) and\n"
"  truncation (copytruncate: reading starts again at 0, said on standard\n"
"  error).  It polls every 250 ms.  Without --format the format is\n"
"  detected from the first 50 lines, or from fewer once the file has been\n"
"  idle for a second; give --format for a quiet log.  SIGINT or SIGTERM\n"
"  stops it: open sessions are closed, the summary written, exit 0.\n"
"  Lines are numbered in the order read, across rotations.\n"
"  --state FILE and --prom-file FILE are written at the start (the\n"
"  textfile), then at most once a second while lines come, and at the\n"
"  stop; each is replaced atomically (written beside, then renamed).  With\n"
"  --state, a restart resumes at the saved position instead of the end:\n"
"  in the same file when it is still there (same inode and first bytes);\n"
"  after a rotation while stopped, in the old file found beside it under\n"
"  its new name (mail.log.1), then the new file from its start; a file\n"
"  truncated or replaced while stopped is read from its start.  Each case\n"
"  is said on standard error.  After a stop by a signal no line is read\n"
"  twice or skipped (sessions open at the stop are closed then, counted\n"
"  incomplete); after a crash, the lines read since the last save are\n"
"  read again.  The metrics count what this run read (a restart starts\n"
"  them at 0, as a counter's reset).\n";

static const char scan_examples[] =
"\n"
"EXAMPLES\n"
"  smtplog scan /var/log/mail.log /var/log/mail.log.2.gz\n"
"  smtplog scan --since 7d /var/log/         # the last week, rotated logs\n"
"  smtplog scan --since yesterday --until today   # the system's logs\n"
"  smtplog scan --output ndjson mail.log.gz | jq .\n"
"  zcat old.gz | smtplog scan --format postfix --year 2024 -\n"
"  smtplog scan -F --format postfix /var/log/mail.log >>findings.ndjson\n"
"  smtplog scan -F -q --state /var/lib/smtplog/follow.state \\\n"
"      --prom-file /run/smtplog/smtplog.prom /var/log/mail.log >/dev/null\n"
"  smtplog scan -o html /var/log/ > report.html\n"
"  ls /var/log/mail.log* | parallel 'smtplog scan -o summary-json {}' |\n"
"      smtplog merge\n";

static const char trace_head[] =
"usage: smtplog trace [options] QUERY [FILE | DIR | -]...\n"
"\n"
"Find every message and session that QUERY names in the inputs (default:\n"
"standard input, or the system's mail logs: see DEFAULT INPUTS) and tell\n"
"each one's story on a timeline: the inbound\n"
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
"gzip, \"-\" for standard input, in the order of their first timestamps,\n"
"the year carried from file to file, duplicates skipped: see ARCHIVES in\n"
"scan --help) and sessions and messages continue across inputs.\n"
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
"      --keep-order      Read the inputs in the order given, not by time.\n"
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
"  smtplog trace 3F1A2B4C5D               # in the system's mail logs\n"
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
"                        keys always present, null when unknown:\n"
"                        schema_version, type (\"explanation\"), input,\n"
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
"instead.  A rule file is JSON: {\"rules\": [RULE, ...]}, each RULE\n"
"{\"id\", \"priority\", \"match\": {\"code\", \"enhanced\", \"text\",\n"
"\"command\", \"direction\", \"code_source\"}, \"cause\", \"severity\",\n"
"\"title\", \"advice\": {\"who\", \"meaning\", \"when\", \"fix\"}}, where\n"
"enhanced and text are PCRE2 patterns; the full format is in README.md\n"
"and smtplog(1).  The highest priority wins; on equal priority, the file\n"
"loaded later.\n"
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
"OPTIONS\n"
"  -o, --output FORMAT   summary-json, the only one (and the default).\n";

static const char merge_examples[] =
"\n"
"EXAMPLES\n"
"  ls /var/log/mail.log* | parallel 'smtplog scan -o summary-json {}' |\n"
"      smtplog merge\n"
"  smtplog merge host1.json host2.json | jq .findings\n";

/* Each command's text, in the order its parts are printed. */
static const struct usage {
	const char	*command;
	const char	*part[10];
} usages[] = {
	{ "scan", { scan_head, opt_rules, scan_tail, opt_common,
	    default_inputs, scan_follow, exit_status, env_rules, env_scan,
	    scan_examples } },
	{ "trace", { trace_head, opt_rules, trace_tail, opt_common,
	    default_inputs, trace_exit, env_rules, trace_examples } },
	{ "explain", { explain_head, opt_rules, opt_common, exit_status,
	    env_rules, explain_examples } },
	{ "rules", { rules_head, opt_rules, opt_common, exit_status,
	    env_rules, rules_examples } },
	{ "merge", { merge_text, opt_common, exit_status, merge_examples } },
	/* smtplog --help, smtplog help, smtplog help help */
	{ "help", { overview, opt_common, exit_status, env_rules, env_scan,
	    overview_examples } },
};

#define NPARTS	(sizeof(usages[0].part) / sizeof(usages[0].part[0]))
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
	size_t	i, j;

	if (command == NULL || !cli_usage_known(command))
		command = "help";
	for (i = 0; i < NUSAGES; i++) {
		if (strcmp(usages[i].command, command) != 0)
			continue;
		for (j = 0; j < NPARTS && usages[i].part[j] != NULL; j++)
			fputs(usages[i].part[j], fp);
	}
}
