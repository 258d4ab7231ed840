# Part of tests/e2e.sh (sourced): command line, samples/postfix, the real
# Postfix corpus, bad input and rule files.

S=$TOP/samples/postfix

## Command line
"$BIN" --help >"$T/help" 2>&1; eq "--help exit" $? 0
grep -q '^usage: smtplog scan' "$T/help"; eq "--help usage line" $? 0
grep -q '^Exit status:' "$T/help"; eq "--help exit status line" $? 0
"$BIN" --version >/dev/null; eq "--version exit" $? 0
"$BIN" scan --bogus >/dev/null 2>&1; eq "bad option exit" $? 2
"$BIN" frobnicate >/dev/null 2>&1; eq "bad command exit" $? 2
"$BIN" scan -o xml x >/dev/null 2>&1; eq "bad output exit" $? 2
"$BIN" scan --format nosuch x >/dev/null 2>&1; eq "bad format exit" $? 2

## Samples: 6 findings in mail.log.1.gz, 7 in mail.log (see doc/testing.md).
scan "$T/s1" --year 2025 "$S/mail.log.1.gz"
eq "sample1 exit" "$rc" 0
every_line_json "$T/s1"
accounted "$T/s1"
eq "sample1 compressed" "$(q "$T/s1" '.[-1].inputs[0].compressed')" true
eq "sample1 lines" "$(q "$T/s1" '.[-1].lines.read')" "$(zcat "$S/mail.log.1.gz" | wc -l)"
# grep -c 'reject: .*: 554 ' -> 3; 'reject: .*: 503 ' -> 1; unknown=0/2 -> 2 inferred 502
eq "sample1 findings" "$(q "$T/s1" '.[-1].findings.total')" 6
eq "sample1 554" "$(q "$T/s1" '[.[] | select(.type == "finding" and .code == 554)] | length')" 3
eq "sample1 503" "$(q "$T/s1" '[.[] | select(.type == "finding" and .code == 503)] | length')" 1
eq "sample1 inferred 502" "$(q "$T/s1" '[.[] | select(.code == 502 and .code_source == "inferred")] | length')" 2
eq "sample1 inferred 502 line" "$(q "$T/s1" '[.[] | select(.code == 502)][0].source.line')" 22
eq "sample1 inferred why" "$(q "$T/s1" '[.[] | select(.code == 502)][0].why | test("unknown=0/2")')" true
eq "sample1 dnsbl" "$(q "$T/s1" '.[] | select(.source.line == 3) | [.cause, .session.client_ip, .direction, .command, .timestamp] | join(" ")')" \
    "blocklisted-ip 185.234.219.12 inbound RCPT 2025-11-20T06:31:08Z"
eq "sample1 relay" "$(q "$T/s1" '[.[] | select(.cause == "relay-denied")] | length')" 2
eq "sample1 helo" "$(q "$T/s1" '.[] | select(.source.line == 15) | .session.helo')" example.org
eq "sample1 session complete" "$(q "$T/s1" '.[] | select(.source.line == 15) | .session.complete')" true
eq "sample1 pipelining" "$(q "$T/s1" '.[] | select(.source.line == 20) | .cause')" pipelining-violation
eq "sample1 no 550 finding" "$(q "$T/s1" '[.[] | select(.code == 550)] | length')" 0

scan "$T/s2" --year 2025 "$S/mail.log"
eq "sample2 exit" "$rc" 0
every_line_json "$T/s2"
accounted "$T/s2"
# The verbose dialogue logs 502, 500, 503 (lines 16, 18, 20) and 530 (line 32);
# outbound 554 (163.com, line 39) and 530 (gmail, line 49); inbound 554 (line 54).
for pair in 16:502 18:500 20:503 32:530 39:554 49:530 54:554; do
	eq "sample2 line ${pair%%:*}" "$(q "$T/s2" ".[] | select(.type == \"finding\" and .source.line == ${pair%%:*}) | .code")" "${pair##*:}"
done
eq "sample2 empty line answers no command" "$(q "$T/s2" '.[] | select(.source.line == 18) | .command')" null
eq "sample2 logged" "$(q "$T/s2" '.[-1].findings.logged')" 7
eq "sample2 outbound" "$(q "$T/s2" '[.[] | select(.direction == "outbound")] | length')" 2
eq "sample2 163 spam" "$(q "$T/s2" '.[] | select(.source.line == 39) | [.cause, .command, .remote.ip, .message.queue_id] | join(" ")')" \
    "spam-content END-OF-MESSAGE 220.181.15.111 4Mb0Qx3KJtz9sX2"
eq "sample2 gmail auth" "$(q "$T/s2" '.[] | select(.source.line == 49) | [.cause, .direction, .advice.who] | join(" ")')" \
    "auth-required outbound local-admin"
eq "sample2 530 submission" "$(q "$T/s2" '.[] | select(.source.line == 32) | [.cause, .command, .session.client_ip] | join(" ")')" \
    "starttls-required MAIL 198.51.100.77"
eq "sample2 ipv6 client" "$(q "$T/s2" '.[] | select(.source.line == 54) | .peer_ip')" 2001:db8:4f::25
eq "sample2 kernel ignored" "$(q "$T/s2" '.[-1].lines.ignored')" 1

## The same through stdin, gzip detected by content; and the JSON document.
"$BIN" scan -q -o ndjson --year 2025 - <"$S/mail.log.1.gz" >"$T/s1stdin"
eq "stdin gzip exit" $? 0
eq "stdin gzip same findings" "$(grep -c '"finding"' "$T/s1stdin")" 6
"$BIN" scan -q -o json --year 2025 "$S" >"$T/doc.json"; eq "json exit" $? 0
eq "json one document" "$(jq -s length "$T/doc.json")" 1
eq "json findings = summary" "$(jq '(.findings | length) == .summary.findings.total' "$T/doc.json")" true
eq "json dir total" "$(jq ".summary.findings.total" "$T/doc.json")" 13
"$BIN" scan -q --year 2025 "$S/mail.log" </dev/null >"$T/auto" 2>/dev/null
eq "default output off a tty is the text report" "$(head -n 1 "$T/auto" | cut -c1-13)" "Mail report, "
eq "default output off a tty has no colour" "$(grep -c "$(printf '\033')" "$T/auto")" 0
"$BIN" scan -q -o text --year 2025 "$S" >"$T/text"; eq "text exit" $? 0
grep -q 'blocklisted-ip' "$T/text"; eq "text shows causes" $? 0
eq "text has no colour off a tty" "$(grep -c "$(printf '\033')" "$T/text")" 0

## Real Postfix logs (tests/corpus).
if [ ! -d "$CORPUS" ]; then
	ko "corpus not found at $CORPUS"
else
	# grep -c 'reject: [A-Z-]* from [^ ]*: 554 ' kdent-mail.log -> 450, of
	# which 411 'blocked using zen.spamhaus.org', 38 'Recipient address
	# rejected: Access denied', 1 'Relay access denied'.
	scan "$T/k1" "$CORPUS/postfix-real/kdent-mail.log"
	eq "kdent exit" "$rc" 0
	accounted "$T/k1"
	eq "kdent findings" "$(q "$T/k1" '.[-1].findings.total')" 450
	eq "kdent all 554" "$(q "$T/k1" '[.[] | select(.type == "finding" and .code != 554)] | length')" 0
	eq "kdent dnsbl" "$(q "$T/k1" '[.[] | select(.type == "finding" and .cause == "blocklisted-ip")] | length')" 411
	eq "kdent recipient" "$(q "$T/k1" '[.[] | select(.type == "finding" and .cause == "policy-rejected-recipient")] | length')" 38
	eq "kdent relay" "$(q "$T/k1" '[.[] | select(.type == "finding" and .cause == "relay-denied")] | length')" 1
	eq "kdent line 5" "$(q "$T/k1" '.[] | select(.source.line == 5) | [.session.client_ip, .session.helo, .message.from, .message.to] | join(" ")')" \
	    "77.95.228.43 jurann.biz botanised@jurann.biz kdent@seaglass.com"
	eq "kdent unrecognized" "$(q "$T/k1" '.[-1].lines.unrecognized')" 0
	# kdent-mail3.log: 344 = 294 dnsbl + 30 recipient + 20 sender (same greps)
	scan "$T/k3" "$CORPUS/postfix-real/kdent-mail3.log"
	eq "kdent3 findings" "$(q "$T/k3" '.[-1].findings.total')" 344
	eq "kdent3 dnsbl" "$(q "$T/k3" '[.[] | select(.type == "finding" and .cause == "blocklisted-ip")] | length')" 294
	eq "kdent3 sender" "$(q "$T/k3" '[.[] | select(.type == "finding" and .cause == "policy-rejected-sender")] | length')" 20
	scan "$T/nole" "$CORPUS/postfix-real/nole-mail.log"
	eq "nole findings" "$(q "$T/nole" '.[-1].findings.total')" 1
	eq "nole relay" "$(q "$T/nole" '.[] | select(.type == "finding") | [.cause, .session.client_ip] | join(" ")')" "relay-denied 114.45.20.59"
	scan "$T/pfl" "$CORPUS/postfix-real/pflgviewer-mail.log.gz"
	eq "pflgviewer findings" "$(q "$T/pfl" '.[-1].findings.total')" 0
	accounted "$T/pfl"
	scan "$T/sh" "$CORPUS/maillog-dumps/shlomif-postfix-problem-maillog"
	eq "shlomif findings" "$(q "$T/sh" '.[-1].findings.total')" 1
	eq "shlomif no inferred" "$(q "$T/sh" '.[-1].findings.inferred')" 0
	scan "$T/ku" "$CORPUS/postfix_exporter/kumina-test-lines.log"
	eq "kumina outbound 554" "$(q "$T/ku" '[.[] | select(.code == 554 and .direction == "outbound" and .command == "END-OF-MESSAGE")] | length')" 1
	# grok: 554 logged on lines 134 (HELO in dbl) and 147 (proxy-reject);
	# line 153 "mail=1 rcpt=0/1 data=0/1": DATA inside a transaction with
	# no accepted recipient, which smtpd.c answers 554 5.5.1, inferred.
	scan "$T/gr" "$CORPUS/postfix/grok-patterns-messages.log"
	eq "grok logged 554s" "$(q "$T/gr" '[.[] | select(.code == 554 and .code_source == "logged")] | map(.source.line) | sort | join(",")')" "134,147"
	eq "grok inferred 554" "$(q "$T/gr" '.[] | select(.source.line == 153) | [.code, .code_source, .command, .cause] | join(" ")')" "554 inferred DATA bad-sequence"
	scan "$T/x" "$CORPUS/maillog-dumps/infohtreasure-maillog.gz"
	eq "infohtreasure exit" "$rc" 0
	accounted "$T/x"
	# modoboa's log has a template "%(day)s" for the date: as it is, no
	# format is recognised; with a date put in, as its own test does, it is
	# Postfix with amavis lines (ignored).
	scan "$T/x" "$CORPUS/modoboa/mail.log"
	eq "modoboa template exit" "$rc" 1
	grep -q "modoboa/mail.log: not a mail log: .*line 1 was not read: %(day)s" "$T/x.err"; eq "modoboa template message" $? 0
	sed 's/^%(day)s/Nov 10/' "$CORPUS/modoboa/mail.log" >"$T/modoboa.log"
	scan "$T/x" --year 2020 "$T/modoboa.log"
	eq "modoboa exit" "$rc" 0
	accounted "$T/x"
	eq "modoboa lines" "$(q "$T/x" '.[-1].lines.read')" "$(wc -l <"$CORPUS/modoboa/mail.log")"
fi

## Constructs the corpus lacks, written after Postfix's formats (smtp_proto.c,
## postscreen.c, smtpd.c).
cat >"$T/made.log" <<'EOF'
Nov 22 09:00:01 mx postfix/smtp[311]: 4Mb3Zq0PqNz9sX7: to=<a@example.net>, relay=mx.example.net[203.0.113.5]:25, delay=0.5, delays=0.1/0/0.4/0, dsn=5.7.1, status=bounced (host mx.example.net[203.0.113.5] refused to talk to me: 554 5.7.1 Service unavailable; client [192.0.2.10] blocked)
Nov 22 09:00:02 mx postfix/postscreen[400]: CONNECT from [198.51.100.4]:40001 to [192.0.2.10]:25
Nov 22 09:00:02 mx postfix/postscreen[400]: PASS OLD [198.51.100.4]:40001
Nov 22 09:00:03 mx postfix/postscreen[400]: CONNECT from [198.51.100.5]:40002 to [192.0.2.10]:25
Nov 22 09:00:03 mx postfix/postscreen[400]: WHITELISTED [198.51.100.5]:40002
Nov 22 09:00:04 mx postfix/smtpd[99999999999999999999]: connect from a[192.0.2.99]
Nov 22 09:00:05 mx postfix/smtpd[501]: connect from a[192.0.2.98]
Nov 22 09:00:06 mx postfix/smtpd[501]: disconnect from a[192.0.2.98] unknown=0/999999 unknown=0/999999 commands=0/999999
Nov 22 09:01:00 mx postfix/bounce[320]: 4Mb3Zq0PqNz9sX7: sender non-delivery notification: 4Mb3Zr1BbCz9sX8
Nov 22 09:01:01 mx postfix/smtp[321]: 4Mb3Zr1BbCz9sX8: to=<s@example.org>, relay=mx.example.org[203.0.113.6]:25, delay=0.5, delays=0.1/0/0.4/0, dsn=5.7.1, status=bounced (host mx.example.org[203.0.113.6] said: 554 5.7.1 Message rejected (in reply to end of DATA command))
EOF
scan "$T/made" --year 2025 "$T/made.log"
eq "made exit" "$rc" 0
accounted "$T/made"
eq "refused to talk in a bounce" "$(q "$T/made" '.[] | select(.source.line == 1) | [.code, .command, .direction, .remote.ip] | join(" ")')" \
    "554 CONNECT outbound 203.0.113.5"
eq "postscreen hand-offs close sessions" "$(q "$T/made" '.[-1].sessions | [.total, .incomplete] | join(" ")')" "3 0"
eq "overlong pid: line not used" "$(q "$T/made" '.[-1].lines.used')" 9
eq "notification linked to its message" "$(q "$T/made" '.[] | select(.source.line == 10) | [.message.queue_id, .message.bounce_of] | join(" ")')" \
    "4Mb3Zr1BbCz9sX8 4Mb3Zq0PqNz9sX7"
eq "forged counter capped" "$(q "$T/made" '[.[] | select(.code == 502)] | length')" 100
eq "forged counter over cap counted" "$(q "$T/made" '.[-1].findings.inferred_over_cap')" 999899

## Rules beside the binary are found without SMTPLOG_RULES; none is an error.
(unset SMTPLOG_RULES; cd "$T" && "$TOP/smtplog" rules >"$T/rules.out" 2>&1)
eq "default rules found beside the binary" "$(tail -n 1 "$T/rules.out" | grep -c '^[1-9][0-9]* rules$')" 1
mkdir "$T/norules"
"$BIN" scan -q --rules-dir "$T/norules" "$S/mail.log" >/dev/null 2>"$T/norules.err"
eq "empty rules dir exit" $? 1
grep -q "norules: no rule files" "$T/norules.err"; eq "empty rules dir message" $? 0

## Inputs the fuzzers found trouble with (tests/fuzz/regress), replayed
## through the real binary: no crash (under `make asan`, no sanitizer
## report), valid JSON, every line accounted for.
## The directory names the harness, and so the parser (input: postfix).
for f in "$TOP"/tests/fuzz/regress/*/*; do
	[ -f "$f" ] || continue
	case $f in
	*/regress/exim/*) fmt=exim ;;
	*/regress/transcript/*) fmt=transcript ;;
	*/regress/rules/*|*/regress/merge/*)
		# A rule file is checked, a partial merged: no crash.
		case $f in
		*/rules/*) "$BIN" rules --check "$f" >"$T/rg" 2>"$T/rg.err" ;;
		*) "$BIN" merge "$f" >"$T/rg" 2>"$T/rg.err" ;;
		esac
		rc=$?
		eq "regress $(basename "$f") exit" "$([ "$rc" -le 1 ] && echo ok || echo "$rc")" ok
		continue ;;
	*) fmt=postfix ;;
	esac
	"$BIN" scan -q -o ndjson --format "$fmt" --year 2020 "$f" >"$T/rg" 2>"$T/rg.err"
	rc=$?
	eq "regress $(basename "$f") exit" "$([ "$rc" -le 1 ] && echo ok || echo "$rc")" ok
	every_line_json "$T/rg"
	accounted "$T/rg"
done

## Bad input: every other input still scanned, the user told, exit 1.
head -c 700 "$S/mail.log.1.gz" >"$T/trunc.gz"
scan "$T/tr" --year 2025 "$T/trunc.gz" "$S/mail.log"
eq "truncated gzip exit" "$rc" 1
grep -q "trunc.gz: .*byte" "$T/tr.err"; eq "truncated gzip message names file and byte" $? 0
eq "truncated gzip: next file scanned" "$(q "$T/tr" '.[-1].inputs[1].lines')" "$(wc -l <"$S/mail.log")"
eq "truncated gzip: error in summary" "$(q "$T/tr" '.[-1].inputs[0].error != null')" true
every_line_json "$T/tr"
scan "$T/nf" --year 2025 "$T/nonexistent" "$S/mail.log"
eq "missing file exit" "$rc" 1
grep -q "nonexistent: No such file" "$T/nf.err"; eq "missing file message" $? 0
LC_ALL=C awk 'BEGIN { srand(3); for (i = 0; i < 4096; i++)
    printf "%c", int(rand() * 255) + 1 }' >"$T/garbage"	# fixed seed: the same bytes every run
scan "$T/gb" "$T/garbage"
eq "garbage exit" "$rc" 1
grep -q "garbage: not a mail log: none of its" "$T/gb.err"; eq "garbage message" $? 0
"$BIN" scan -q -o ndjson --year 2025 "$S/mail.log" >/dev/full 2>"$T/full.err"
eq "disk full exit" $? 1
grep -q "write error" "$T/full.err"; eq "disk full message" $? 0
printf '{"rules": [{"id": "x", "match": {"text": "("}}]}\n' >"$T/bad.json"
"$BIN" scan -q -o ndjson --rules "$T/bad.json" "$S/mail.log" >/dev/null 2>"$T/rule.err"
eq "broken rule exit" $? 1
grep -q "bad.json:1: rule x: bad regex in match.text at offset 1" "$T/rule.err"; eq "broken rule message names file, line, rule" $? 0
# Every problem is shown, not only the first: x has a bad regex and lacks
# cause, severity, title and advice; y has an unknown cause.
printf '{"rules": [{"id": "x", "match": {"text": "("}},\n {"id": "y", "match": {"code": 554}, "cause": "spam", "severity": "error", "title": "t",\n  "advice": {"who": "sending-client", "meaning": "m", "when": "w", "fix": "f"}}]}\n' >"$T/bad2.json"
"$BIN" rules --rules "$T/bad2.json" >/dev/null 2>"$T/rule2.err"
eq "rules command exit on broken file" $? 1
eq "every rule problem shown" "$(grep -c 'bad2.json:' "$T/rule2.err")" 6
grep -q 'bad2.json:2: rule y: unknown cause "spam"' "$T/rule2.err"; eq "second rule's problem with its line" $? 0

## A verbose excerpt that starts at "< MAIL FROM" (no connect, greeting or
## EHLO shown): no claim about what EHLO advertised or whether one was accepted.
cat > "$T/exc.log" <<'LOG'
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown[192.0.2.1]: MAIL FROM:<a@b>
Nov 23 10:00:00 mx postfix/smtpd[100]: > unknown[192.0.2.1]: 530 5.7.0 Must issue a STARTTLS command first
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown[192.0.2.1]: FOO
Nov 23 10:00:00 mx postfix/smtpd[100]: > unknown[192.0.2.1]: 502 5.5.2 Error: command not recognized
LOG
scan "$T/exc" --year 2025 "$T/exc.log"
# the 530 (line 2) and the 502 (line 4)
eq "excerpt findings" "$(q "$T/exc" '.[-1].findings.total')" 2
eq "excerpt no EHLO claim" "$(q "$T/exc" '[.[] | select(.type == "finding") | .explanation | test("no EHLO was accepted|was not advertised|nothing was advertised")] | any')" false
eq "excerpt says so" "$(q "$T/exc" '[.[] | select(.type == "finding") | .explanation | test("excerpt without the greeting\\) has no EHLO")] | all')" true
