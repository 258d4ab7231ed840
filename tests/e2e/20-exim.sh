# Part of tests/e2e.sh (sourced): samples/exim, format detection on every
# corpus file, --format, and the real Exim logs of tests/corpus.
# Expected numbers come from reading the logs: the grep for each is beside
# it, or the line it names.

X=$TOP/samples/exim

# n FILE ERE: lines of FILE (gzip or not) matching ERE.
n() { gzip -cdf "$1" | grep -cE "$2"; }
# f OUT JQ-FILTER: how many findings of a scan match the filter.
f() { q "$1" "[.[] | select(.type == \"finding\") | select($2)] | length"; }

## samples/exim/mainlog.1.gz: no pid, client ports; Exim 4.96 ids.
scan "$T/x1" "$X/mainlog.1.gz"
eq "exim sample1 exit" "$rc" 0
every_line_json "$T/x1"
accounted "$T/x1"
eq "exim sample1 format" "$(q "$T/x1" '.[-1].inputs[0].format')" exim
eq "exim sample1 compressed" "$(q "$T/x1" '.[-1].inputs[0].compressed')" true
eq "exim sample1 all used" "$(q "$T/x1" '.[-1].lines.used')" "$(n "$X/mainlog.1.gz" .)"
# 2 "AUTH command used when not advertised" + 1 "valid RCPT ... DATA": 503
eq "exim sample1 503 inferred" "$(f "$T/x1" '.code == 503 and .code_source == "inferred"')" \
    "$(n "$X/mainlog.1.gz" 'when not advertised$|must precede DATA$')"
# 4 "unrecognized command" lines; the 4th reply is "500 Too many
# unrecognized commands", logged once more on the "dropped" line: merged.
eq "exim sample1 500 inferred" "$(f "$T/x1" '.code == 500 and .code_source == "inferred"')" \
    "$(n "$X/mainlog.1.gz" 'unrecognized command$')"
# 2 synchronization errors: 554, inferred
eq "exim sample1 554 inferred" "$(f "$T/x1" '.code == 554 and .code_source == "inferred"')" \
    "$(n "$X/mainlog.1.gz" 'synchronization error')"
# line 21: the ACL message starts with 530, so the code is logged
eq "exim sample1 530" "$(q "$T/x1" '.[] | select(.source.line == 21) | [.code, .code_source, .command, .cause, .session.client_port] | join(" ")')" \
    "530 logged RCPT auth-required 52311"
# line 31: 163.com refuses at end of data: outbound, logged
eq "exim sample1 163" "$(q "$T/x1" '.[] | select(.source.line == 31) | [.code, .direction, .command, .remote.ip, .message.queue_id] | join(" ")')" \
    "554 outbound END-OF-MESSAGE 220.181.15.111 1vKuQj-0006Hc-2B"
eq "exim sample1 total" "$(q "$T/x1" '.[-1].findings.total')" 11
eq "exim sample1 why" "$(q "$T/x1" '.[] | select(.source.line == 13) | .why | test("554 SMTP synchronization error")')" true
# 8 clients; the last has no "SMTP connection from" line: incomplete
eq "exim sample1 sessions" "$(q "$T/x1" '.[-1].sessions | [.total, .incomplete] | join(" ")')" "8 1"
eq "exim sample1 session by port" "$(q "$T/x1" '.[] | select(.source.line == 5) | .session | [.client_ip, .client_port, .helo, .complete] | join(" ")')" \
    "185.234.219.12 51542 User true"
# 3 ids, all Completed; 1vKuQl is the bounce of 1vKuQj (R=)
eq "exim sample1 messages" "$(q "$T/x1" '.[-1].messages | [.total, .incomplete] | join(" ")')" "3 0"
eq "exim sample1 550 not a finding" "$(f "$T/x1" '.code == 550')" 0

## samples/exim/mainlog: +pid, millisec, zone +0100, 4.97 ids.
scan "$T/x2" "$X/mainlog"
eq "exim sample2 exit" "$rc" 0
every_line_json "$T/x2"
accounted "$T/x2"
eq "exim sample2 all used" "$(q "$T/x2" '.[-1].lines.used')" "$(n "$X/mainlog" .)"
for pair in 4:503:inferred 5:503:inferred 6:500:inferred 15:554:inferred 17:502:logged \
    18:500:logged 19:503:logged 25:530:logged 31:554:logged; do
	l=${pair%%:*}; cs=${pair#*:}
	eq "exim sample2 line $l" "$(q "$T/x2" ".[] | select(.type == \"finding\" and .source.line == $l) | [.code, .code_source] | join(\" \")")" "${cs%%:*} ${cs#*:}"
done
eq "exim sample2 total" "$(q "$T/x2" '.[-1].findings.total')" 9
# zone +0100: 07:30:01.220 local is 06:30:01.220Z
eq "exim sample2 zone" "$(q "$T/x2" '.[] | select(.source.line == 17) | .timestamp')" 2026-11-23T06:30:01.220000Z
eq "exim sample2 pid session" "$(q "$T/x2" '.[] | select(.source.line == 15) | [.session.id, .session.helo, .session.complete] | join(" ")')" \
    "exim[3520]@$X/mainlog:13 User true"
eq "exim sample2 ipv6" "$(q "$T/x2" '.[] | select(.source.line == 31) | [.peer_ip, .command, .message.queue_id] | join(" ")')" \
    "2001:db8:4f::25 END-OF-MESSAGE 1vLBNN-00000000rb2-4aQe"
eq "exim sample2 outbound 530" "$(q "$T/x2" '.[] | select(.source.line == 25) | [.direction, .cause, .remote.name, .message.from] | join(" ")')" \
    "outbound starttls-required smtp.provider.example billing@example.org"
# every "SMTP connection from ... (TCP/IP" has its end line
eq "exim sample2 sessions" "$(q "$T/x2" '.[-1].sessions | [.total, .incomplete] | join(" ")')" \
    "$(n "$X/mainlog" 'TCP/IP connection count') 0"

## samples/exim/rejectlog: header dumps belong to the record above.
scan "$T/x3" "$X/rejectlog"
eq "exim rejectlog exit" "$rc" 0
accounted "$T/x3"
eq "exim rejectlog all used" "$(q "$T/x3" '.[-1].lines.used')" "$(n "$X/rejectlog" .)"
# records are the lines with a timestamp; the dumps make no rejects
eq "exim rejectlog rejects" "$(q "$T/x3" '.[-1].rejects')" \
    "$(n "$X/rejectlog" '^2026-.*(rejected|synchronization error|too many nonmail)')"
eq "exim rejectlog findings" "$(q "$T/x3" '[.[] | select(.type == "finding") | "\(.source.line):\(.code):\(.code_source)"] | sort | join(" ")')" \
    "1:554:inferred 20:554:logged 34:503:inferred 35:503:inferred 37:554:inferred"
eq "exim rejectlog local_scan" "$("$BIN" scan -q -o ndjson --codes 550 "$X/rejectlog" | jq -r 'select(.source.line == 6) | [.code, .code_source, .command, .rule] | join(" ")')" \
    "550 inferred END-OF-MESSAGE exim-local-scan"

## The three together, and through stdin.
"$BIN" scan -q -o json "$X" >"$T/xdir"; eq "exim dir exit" $? 0
eq "exim dir total" "$(jq '.summary.findings.total' "$T/xdir")" 25
"$BIN" scan -q -o ndjson - <"$X/mainlog.1.gz" >"$T/xstdin"; eq "exim stdin exit" $? 0
eq "exim stdin findings" "$(grep -c '"finding"' "$T/xstdin")" 11

## --format overrides detection.
scan "$T/xf1" --format postfix "$X/mainlog"
eq "exim as postfix: nothing used" "$(q "$T/xf1" '.[-1].lines | [.used, .ignored] | join(" ")')" "0 $(n "$X/mainlog" .)"
scan "$T/xf2" --format exim "$TOP/samples/postfix/mail.log"
eq "postfix as exim: nothing used" "$(q "$T/xf2" '.[-1].lines.used')" 0
eq "postfix as exim: format" "$(q "$T/xf2" '.[-1].inputs[0].format')" exim

if [ -d "$CORPUS" ]; then
## Detection on every corpus file the MANIFEST says is Exim or Postfix.
	while IFS="$(printf '\t')" read -r lp _repo _path _commit _lic fmt _rest; do
		case $fmt in
		exim-main|exim-reject) want=exim ;;
		postfix)
			# Postfix logs whose lines have no envelope
			# (templates, TSV dumps, messages without their
			# program) are no format's: their first line starts
			# with no stamp (a month name, RFC 3339, or rsyslog's
			# year first; comments of test logs left out).
			if gzip -dcf "$CORPUS/$lp" | grep -m 1 -v -e '^$' -e '^#' | grep -qE '^([A-Z][a-z][a-z] |[0-9]{4}-[0-9]{2}-[0-9]{2}T|[0-9]{4} [A-Z][a-z][a-z] )'; then
				want=postfix
			else
				want=null
			fi ;;
		*) continue ;;
		esac
		got=$("$BIN" scan -q -o ndjson "$CORPUS/$lp" 2>/dev/null | tail -n 1 | jq -r '.inputs[0].format')
		eq "detect $lp" "$got" "$want"
	done <"$CORPUS/MANIFEST.tsv"

## Every Exim corpus file: lines and findings by code, logged vs inferred.
# What stays unrecognized in the Exim test suite's logs are the lines its
# test configurations write themselves (logwrite, event_action): this
# pattern names them.
	TESTCONF='^[0-9-]+ [0-9:.]+( ([0-9A-Za-z-]{16,23} )?(event |\(random\)$|spf_result |Authentication-Results: |\$h_from: |qualify/rewrite: |malware_name |(router|transport) +was called for |where=|[MT] <dns:fail>|playout$|deliver DSN$|[a-z]+/[a-z+]+$|$)|$)'
	for path in "$CORPUS"/exim/* "$CORPUS"/exim-real/* "$CORPUS"/sshguard/tests-exim.log; do
		b=${path##*/}
		scan "$T/xc" --codes 500,501,502,503,504,530,535,550,554 "$path"
		eq "$b exit" "$rc" 0
		accounted "$T/xc"
		eq "$b read" "$(q "$T/xc" '.[-1].lines.read')" "$(wc -l <"$path")"
		# Ignored: blank lines, test-suite separators, and lines
		# without an Exim timestamp that follow no record.
		case $b in
		testsuite-rejectlog-*)
			ign=$(grep -cE '^$|^\*\*\*' "$path") ;;
		tests-exim.log)
			# "Oct 14 19:45:05 [exim] ...": no host, no syslog name
			ign=$(grep -cE '^[A-Z][a-z][a-z] [0-9 ]+ [0-9:]+ \[exim\]' "$path") ;;
		*)
			ign=$(grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2} |^[A-Z][a-z][a-z] [ 0-9]+ [0-9:]+ [^ ]+ exim' "$path") ;;
		esac
		eq "$b ignored" "$(q "$T/xc" '.[-1].lines.ignored')" "$ign"
		eq "$b unrecognized" "$(q "$T/xc" '.[-1].lines.unrecognized')" \
		    "$(grep -cE "$TESTCONF" "$path")"
		# 500: unrecognized commands (synprot_error, smtp_in.c)
		eq "$b 500 inferred" "$(f "$T/xc" '.code == 500 and .code_source == "inferred"')" \
		    "$(grep -cE 'SMTP syntax error in .* unrecognized command$' "$path")"
		# 501: the other syntax errors, invalid HELO arguments
		eq "$b 501 inferred" "$(f "$T/xc" '.code == 501 and .code_source == "inferred"')" \
		    "$(($(grep -c 'SMTP syntax error in ' "$path") - $(grep -c 'SMTP syntax error in .* unrecognized command$' "$path") + $(grep -cE 'syntactically invalid argument|SMTP protocol error in .* (MAIL must have an address operand|missing size for BDAT command)$' "$path")))"
		# 503: protocol errors with a fixed 503 and MAIL without HELO
		eq "$b 503 inferred" "$(f "$T/xc" '.code == 503 and .code_source == "inferred"')" \
		    "$(grep -cE 'SMTP protocol error in .* (AUTH command used when not advertised|already authenticated|not permitted in mail transaction|sender (already|not yet) given|valid RCPT command must precede (DATA|BDAT)|ETRN is not permitted inside a transaction)$|no HELO/EHLO given' "$path")"
		# 554: synchronization errors and too many nonmail commands
		eq "$b 554 inferred" "$(f "$T/xc" '.code == 554 and .code_source == "inferred"')" \
		    "$(grep -cE 'synchronization error .*rejected|dropped: too many nonmail' "$path")"
		# 550: ACL denies (RCPT, MAIL, DATA, connect, HELO) without a
		# code in their message, and local_scan rejections from a host
		eq "$b 550 inferred" "$(f "$T/xc" '.code == 550 and .code_source == "inferred"')" \
		    "$(grep -E '[^y] rejected (RCPT|MAIL <|after DATA|DATA|connection|EHLO or HELO)|H=.*[^y] rejected by local_scan' "$path" | grep -vE 'synchronization error' | grep -cvE 'rejected [^:]*: [245][0-9][0-9] ')"
		# logged: remote replies on ** and == lines, ACL messages
		# that start with a code, authenticator failures
		for c in 500 502 503 530 535 550 554; do
			eq "$b $c logged" "$(f "$T/xc" ".code == $c and .code_source == \"logged\"")" \
			    "$(grep -E "(\*\*|==) .*SMTP error from remote mail server after [^:]*(:<[^>]*>)?[^:]*: (host [^ ]+ \[[^]]*\]: )?$c[ -]|rejected [^:]*: $c |authenticator failed for .*: $c " "$path" | grep -cvE '^[A-Z][a-z][a-z] [ 0-9]+ [0-9:]+ \[exim\]')"
		done
	done

## The real production log (ddgrey-mainlog, Exim 4.92, 3086 lines, no pid).
	DD=$CORPUS/exim-real/ddgrey-mainlog
	scan "$T/dd" "$DD"
	eq "ddgrey all used" "$(q "$T/dd" '.[-1].lines | [.used, .ignored, .unrecognized] | join(" ")')" "3086 0 0"
	# With the default codes one finding: line 1944, yahoo answers 554
	# after end of data (grep -n ': 554 ' -> 1944).
	eq "ddgrey default findings" "$(q "$T/dd" '.[-1].findings.total')" "$(grep -c ': 554 ' "$DD")"
	eq "ddgrey 554" "$(q "$T/dd" '.[] | select(.type == "finding") | [.source.line, .code_source, .direction, .command, .remote.ip, .message.queue_id, .message.to] | join(" ")')" \
	    "$(grep -n ': 554 ' "$DD" | cut -d: -f1) logged outbound END-OF-MESSAGE 67.195.204.72 1j5NyY-0004Xp-NZ ronnienorcross@yahoo.com"
	scan "$T/dd2" --codes 550,554 "$DD"
	# 1157 "rejected RCPT" (ACL deny, 550 implied), 17 "rejected by
	# local_scan()" (550 whatever the text), 1 remote 550 after MAIL FROM
	eq "ddgrey 550 inferred" "$(f "$T/dd2" '.code == 550 and .code_source == "inferred"')" \
	    "$(grep -cE 'rejected RCPT|rejected by local_scan' "$DD")"
	eq "ddgrey 550 logged" "$(f "$T/dd2" '.code == 550 and .code_source == "logged"')" "$(grep -cE '\*\* .*: 550 ' "$DD")"
	eq "ddgrey 550 local_scan" "$(f "$T/dd2" '.command == "END-OF-MESSAGE" and .code == 550 and .rule == "exim-local-scan"')" \
	    "$(grep -c 'rejected by local_scan' "$DD")"
	eq "ddgrey relay" "$(f "$T/dd2" '.cause == "relay-denied"')" "$(grep -c 'relay not permitted' "$DD")"
	eq "ddgrey unrouteable" "$(f "$T/dd2" '.rule == "exim-unrouteable"')" "$(grep -c 'rejected RCPT.*Unrouteable address' "$DD")"
	eq "ddgrey why" "$(q "$T/dd2" '[.[] | select(.code_source == "inferred" and .command == "RCPT")][0].why | test("ACL deny at RCPT with 550")')" true
	# messages: one per id; deliveries: =>, ->, ** and == lines
	eq "ddgrey messages" "$(q "$T/dd" '.[-1].messages.total')" \
	    "$(grep -oE '^[0-9-]+ [0-9:]+ [0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2} ' "$DD" | cut -d' ' -f3 | sort -u | wc -l)"
	eq "ddgrey deliveries" "$(q "$T/dd" '.[-1].deliveries')" "$(grep -cE '^[^ ]+ [^ ]+ [^ ]+ (=>|->|\*\*|==) ' "$DD")"
	# no "SMTP connection from" lines: every session is incomplete
	eq "ddgrey sessions incomplete" "$(q "$T/dd" '.[-1].sessions | .total == .incomplete')" true
	# bounce 1j5Nye-0004Xw-5I (R=1j5NyY-0004Xp-NZ) is linked: a finding
	# about the notice would name 1j5NyY; the source checks the link
	# (check_exim.c), here the notice's own delivery failure has no code.
	# Rotated and whole give the same findings, and a session that spans
	# the rotation continues: lines 1-3 are one client (no host name, then
	# rejected RCPT); rotated after line 2, line 3's finding still names
	# the session that line 1 started.
	head -n 2 "$DD" >"$T/dd.1"; tail -n +3 "$DD" | gzip -c >"$T/dd.2.gz"
	scan "$T/dd3" --codes 550,554 "$T/dd.1" "$T/dd.2.gz"
	eq "ddgrey rotated same findings" "$(q "$T/dd3" '.[-1].findings.total')" "$(q "$T/dd2" '.[-1].findings.total')"
	eq "ddgrey rotated session continues" "$(q "$T/dd3" '[.[] | select(.type == "finding" and .source.file == "'"$T"'/dd.2.gz" and .source.line == 1)][0].session.id')" \
	    "exim/[185.143.223.168]@$T/dd.1:1"
	eq "ddgrey whole session" "$(q "$T/dd2" '[.[] | select(.type == "finding" and .source.line == 3)][0].session.id')" \
	    "exim/[185.143.223.168]@$DD:1"
fi
