# Part of tests/e2e.sh (sourced): raw SMTP transcripts - samples/transcript
# (one file per style, written for this project) and the real transcripts
# of the corpus - their findings, the explanations, and that no credential
# reaches any writer.  A "finding" is a final reply line ("NNN text", not
# "NNN-text") with one of the five codes; each count's grep is beside it.

X=$TOP/samples/transcript
FIVE='(500|502|503|530|554)'

# finding_at FILE LINE: the explanation of the finding on that line.
finding_at() { q "$1" "[.[] | select(.type == \"finding\" and .source.line == $2)][0].explanation"; }

## Samples: one per style.
scan "$T/x" "$X"
eq "transcripts exit" "$rc" 0
every_line_json "$T/x"
accounted "$T/x"
eq "transcripts format" "$(q "$T/x" '[.[-1].inputs[].format] | unique | join(",")')" transcript
eq "transcripts unrecognized" "$(q "$T/x" '.[-1].lines.unrecognized')" 0

# scan_one NAME WANT: the findings of one sample.
scan_one() {
	scan "$T/x-$1" "$X/$1"
	eq "$1 exit" "$rc" 0
	eq "$1 findings" "$(q "$T/x-$1" '.[-1].findings.total')" "$2"
}

# swaks: grep -cE "^<\*\* $FIVE " -> 2 (530 at MAIL, 554 at DATA);
# grep -c '^=== Trying' -> 2 sessions, both said goodbye (221).
scan_one swaks.txt "$(grep -cE "^<\*\* $FIVE " "$X/swaks.txt")"
eq "swaks sessions" "$(q "$T/x-swaks.txt" '.[-1].sessions | [.total, .incomplete] | join(" ")')" "$(grep -c '^=== Trying' "$X/swaks.txt") 0"
eq "swaks 530" "$(q "$T/x-swaks.txt" '.[] | select(.code == 530) | [.command, .direction, .session.complete, .cause] | join(" ")')" \
    "MAIL outbound true auth-required"
eq "swaks 530 why" "$(finding_at "$T/x-swaks.txt" 19 | grep -c 'AUTH was advertised (PLAIN LOGIN) but the client did not authenticate successfully')" 1
eq "swaks 554 why" "$(finding_at "$T/x-swaks.txt" 36)" \
    "554 at DATA: no recipient had been accepted: MAIL FROM was accepted, 1 RCPT refused (550)"

# smtplib: one 554 ("reply: b'554 "), after the body, whose lines look
# like RCPT, QUIT and a 503 reply but are content.
scan_one smtplib.txt "$(grep -cE "^reply: b'$FIVE " "$X/smtplib.txt")"
eq "smtplib 554" "$(q "$T/x-smtplib.txt" '.[] | select(.code == 554) | [.command, .source.line] | join(" ")')" \
    "END-OF-MESSAGE $(grep -n "reply: b'554 " "$X/smtplib.txt" | cut -d: -f1)"
eq "smtplib sessions" "$(q "$T/x-smtplib.txt" '.[-1].sessions.total')" 1
eq "smtplib why" "$(finding_at "$T/x-smtplib.txt" 28)" \
    "554 at the end of DATA: the message was refused after its content was sent (1 RCPT accepted)"

# C:/S: (MailKit style): grep -cE "^S: $FIVE " -> 3.
scan_one cs.txt "$(grep -cE "^S: $FIVE " "$X/cs.txt")"
eq "cs 503 before EHLO" "$(finding_at "$T/x-cs.txt" 4)" "MAIL before EHLO/HELO: none was accepted"
eq "cs 502 lists EHLO" "$(finding_at "$T/x-cs.txt" 14)" \
    "502 to VRFY dave: the server does not implement the command or has it disabled; EHLO advertised: SIZE 52428800, 8BITMIME, PIPELINING, AUTH PLAIN LOGIN, STARTTLS, HELP"
eq "cs nested MAIL" "$(finding_at "$T/x-cs.txt" 20)" \
    "a second MAIL without RSET: MAIL FROM was already accepted at line 18"

# Sendmail bounce: grep -cE "^<<< $FIVE " -> 1; the 550 before it answers
# the RCPT the excerpt does not quote.
scan_one sendmail-dsn.txt "$(grep -cE "^<<< $FIVE " "$X/sendmail-dsn.txt")"
eq "sendmail 503" "$(q "$T/x-sendmail-dsn.txt" '.[] | select(.type == "finding") | [.code, .command, .direction] | join(" ")')" "503 DATA outbound"
eq "sendmail why" "$(finding_at "$T/x-sendmail-dsn.txt" 17 | grep -c 'the reply before it (550) answered a command the dialogue does not show')" 1

# Postfix In:/Out:: grep -cE "^ Out: $FIVE " -> 2, the server's view.
scan_one postfix-dsn.txt "$(grep -cE "^ Out: $FIVE " "$X/postfix-dsn.txt")"
eq "postfix-dsn rules" "$(q "$T/x-postfix-dsn.txt" '[.[] | select(.type == "finding") | .rule + "/" + .direction] | join(" ")')" \
    "postfix-relay-denied/inbound postfix-no-valid-recipients/inbound"
eq "postfix-dsn 554 DATA why" "$(finding_at "$T/x-postfix-dsn.txt" 20)" \
    "554 at DATA: no recipient had been accepted: MAIL FROM was accepted, 1 RCPT refused (554)"

# telnet: grep -cE "^$FIVE " -> 2 (500 twice); the second answers a
# command line of (awk length + CRLF) octets, over 512.
scan_one telnet.txt "$(grep -cE "^$FIVE " "$X/telnet.txt")"
long=$(awk 'length > 512 { print length + 2 }' "$X/telnet.txt")
eq "telnet 500 long" "$(finding_at "$T/x-telnet.txt" 20 | grep -c "the command line is $long octets with CRLF, over the 512-octet limit of RFC 5321 4.5.3.1.4")" 1
eq "telnet 500 short" "$(finding_at "$T/x-telnet.txt" 16 | grep -c 'is 7 octets with CRLF, within')" 1
eq "telnet chatter" "$(q "$T/x-telnet.txt" '.[-1].lines.ignored')" 1

# openssl s_client: grep -cE "^$FIVE " -> 2 (the body's "221 ..." is
# content); the TLS details before the greeting make no command.
scan_one openssl.txt "$(grep -cE "^$FIVE " "$X/openssl.txt")"
eq "openssl 530 why" "$(finding_at "$T/x-openssl.txt" 68 | grep -c 'AUTH was advertised (PLAIN LOGIN) but the client did not authenticate$')" 1
eq "openssl 503 why" "$(finding_at "$T/x-openssl.txt" 76)" "AUTH after the client had authenticated"
eq "openssl sessions" "$(q "$T/x-openssl.txt" '.[-1].sessions | [.total, .incomplete] | join(" ")')" "1 0"

## Credentials: in the inputs, never in any writer's output.
SECRETS="YWxpY2VAZXhhbXBsZS5vcmc= aHVudGVyMi1zd2Frcy1zZWNyZXQ=
AGJvYkBleGFtcGxlLmNvbQBweXRob24tc2VjcmV0LTQy AGRhdmUAY3Mtc3R5bGUtc2VjcmV0
ZnJhbmtAZXhhbXBsZS5vcmc= b3BlbnNzbC1zZWNyZXQtcGFzcw==
AGZyYW5rAG9wZW5zc2wtc2VjcmV0LXBhc3M= AHVzZXJ4AHNlY3JldA=="
E3450=$CORPUS/exim-testsuite/stdout-3450
"$BIN" scan -q -o ndjson "$X" "$E3450" >"$T/r.ndjson" 2>&1
"$BIN" scan -q -o json "$X" "$E3450" >"$T/r.json" 2>&1
"$BIN" scan -q -o text --color never "$X" "$E3450" >"$T/r.text" 2>&1
"$BIN" scan -v -o text --color never "$X" "$E3450" >"$T/r.v" 2>&1
"$BIN" scan -v -o ndjson --format transcript "$X" "$E3450" >"$T/r.vf" 2>&1
"$BIN" scan -q -o html "$X" "$E3450" >"$T/r.html" 2>&1
"$BIN" scan -q -o prometheus "$X" "$E3450" >"$T/r.prom" 2>&1
for s in $SECRETS; do
	eq "secret $s is in the input" "$(cat "$X"/* "$E3450" | grep -q -- "$s" && echo yes)" yes
	for w in ndjson json text v vf html prom; do
		eq "secret $s not in $w" "$(grep -c -- "$s" "$T/r.$w")" 0
	done
done
eq "writers ran" "$(jq -r '.summary.findings.total' "$T/r.json")" "$(q "$T/r.ndjson" '.[-1].findings.total')"

## The real corpus: every reply of the five codes found and explained.

# count_style DIR GLOB REGEX NAME: per file, findings = final reply lines
# of the five codes (grep -cE REGEX), each with an explanation.
count_style() {
	for f in $1/$2; do
		n=$(grep -cE "$3" "$f")
		scan "$T/c" "$f"
		eq "$4 $(basename "$f") exit" "$rc" 0
		eq "$4 $(basename "$f") findings" "$(q "$T/c" '.[-1].findings.total')" "$n"
		eq "$4 $(basename "$f") explained" "$(q "$T/c" '[.[] | select(.type == "finding" and .explanation == null)] | length')" 0
		eq "$4 $(basename "$f") unrecognized" "$(q "$T/c" '.[-1].lines.unrecognized')" 0
	done
}
# swaks reference outputs: "<-  NNN " or "<** NNN " lines.
count_style "$CORPUS/swaks" '*' "^<(-|\*\*) +$FIVE " swaks
# Sendmail bounces (">>>"/"<<<") and Postfix's In:/Out:.
count_style "$CORPUS/transcript" 'sisimai-*' "^(<<<| Out:) +$FIVE " dsn
# Exim's test suite: client (">>>"/"<<<"), server and -bh/-bs styles.
count_style "$CORPUS/exim-testsuite" 'stdout-*' "^(<<< )?$FIVE " exim
# RFC 5321 Appendix D: no reply of the five codes; one session per
# greeting (grep -c 'S: 220 ').
scan "$T/rfc" "$CORPUS/rfc-examples/rfc5321-appendixD-scenarios.txt"
eq "rfc findings" "$(q "$T/rfc" '.[-1].findings.total')" 0
eq "rfc sessions" "$(q "$T/rfc" '.[-1].sessions.total')" "$(grep -c 'S: 220 ' "$CORPUS/rfc-examples/rfc5321-appendixD-scenarios.txt")"

# Explanations of specific real findings, read from the dialogue.
scan "$T/e" "$CORPUS/exim-testsuite/stdout-0217"
# lines 79-91: MAIL 250, RCPT l@ 451, RCPT m@ 451, DATA 503
eq "exim 0217 503" "$(finding_at "$T/e" 91)" \
    "DATA with no accepted RCPT: MAIL FROM was accepted, 2 RCPT refused (451, 451)"
# lines 49-53: MAIL 451, then RCPT 503 "No sender given"
eq "exim 0217 rcpt" "$(finding_at "$T/e" 53)" "RCPT before MAIL: MAIL FROM was refused (451)"
scan "$T/e" "$CORPUS/exim-testsuite/stdout-0300"
# line 4: ">>> ehlo abcd\r\nmail from:..." before the EHLO reply, no PIPELINING
eq "exim 0300 sync" "$(finding_at "$T/e" 6 | grep -c 'before the replies to earlier ones although PIPELINING was not advertised')" 1
# line 144-147: "helo abcd" sent before any greeting
eq "exim 0300 early" "$(finding_at "$T/e" 147 | grep -c "before any reply of the server was seen")" 1
scan "$T/e" "$CORPUS/exim-testsuite/stdout-3453"
# STARTTLS accepted, then AUTH without a new EHLO (RFC 3207 4.2)
eq "exim 3453 auth" "$(finding_at "$T/e" 26)" \
    "AUTH without an accepted EHLO: no EHLO was accepted since the server accepted STARTTLS (220), so nothing is advertised"
scan "$T/e" "$CORPUS/swaks/exec-transactions-00056.stdout"
# pipelined MAIL, RCPT, RCPT, DATA: 250, 550, 550, 503
eq "swaks 00056 503" "$(q "$T/e" '.[] | select(.type == "finding") | .explanation')" \
    "DATA with no accepted RCPT: MAIL FROM was accepted, 2 RCPT refused (550, 550)"
scan "$T/e" "$CORPUS/transcript/sisimai-lhost-sendmail-10.eml.txt"
eq "sendmail-10 554" "$(q "$T/e" '[.[] | select(.type == "finding") | .command] | join(" ")')" "DATA DATA DATA"
scan "$T/e" "$CORPUS/exim-testsuite/stdout-0019"
# -bh output: replies only
eq "exim 0019 replies only" "$(finding_at "$T/e" 8)" \
    "500 answers a command the dialogue does not show; the replies before it in this session: 220, 501"

## Postfix verbose dialogue: the same logic explains its replies.
scan "$T/pv" --year 2025 "$TOP/samples/postfix/mail.log"
eq "postfix -v 502 why" "$(q "$T/pv" '.[] | select(.code == 502 and .code_source == "logged") | .explanation' | grep -c 'EHLO advertised: PIPELINING, SIZE 52428800, ETRN, STARTTLS, ENHANCEDSTATUSCODES, 8BITMIME, DSN$')" 1
eq "postfix -v 500 why" "$(q "$T/pv" '.[] | select(.code == 500) | .explanation')" "500 to an empty command line"
eq "postfix -v 530 why" "$(q "$T/pv" '.[] | select(.code == 530 and .direction == "inbound") | .explanation' | grep -c 'EHLO advertised STARTTLS but the client did not use it')" 1
# Plain Postfix lines (no dialogue): no explanation.
eq "postfix plain no why" "$(q "$T/pv" '[.[] | select(.type == "finding" and .event == "reject")][0].explanation')" null

## Postfix verbose AUTH lines, well-formed or not, never show the secret.
cat > "$T/pfauth.log" <<'LOG'
Nov 21 10:14:52 mx1 postfix/smtpd[20610]: connect from client.example.net[198.51.100.9]
Nov 21 10:14:53 mx1 postfix/smtpd[20610]: < client.example.net[198.51.100.9]: AUTH PLAIN cG9zdGZpeC1wbGFpbi1zZWNyZXQ=
Nov 21 10:14:53 mx1 postfix/smtpd[20610]: > client.example.net[198.51.100.9]: 535 5.7.8 Error: authentication failed
Nov 21 10:14:54 mx1 postfix/smtpd[20610]: < client.example.net[198.51.100.9]: AUTH LOGIN
Nov 21 10:14:54 mx1 postfix/smtpd[20610]: > client.example.net[198.51.100.9]: 334 VXNlcm5hbWU6
Nov 21 10:14:54 mx1 postfix/smtpd[20610]: < client.example.net[198.51.100.9]: cG9zdGZpeC11c2Vy
Nov 21 10:14:54 mx1 postfix/smtpd[20610]: < not a client: cG9zdGZpeC1nYXJibGVk
Nov 21 10:14:55 mx1 postfix/smtpd[20610]: disconnect from client.example.net[198.51.100.9] auth=0/2 commands=0/2
LOG
for w in ndjson json text; do
	"$BIN" scan -v -o "$w" --year 2025 "$T/pfauth.log" >"$T/pfauth.$w" 2>&1
	for s in cG9zdGZpeC1wbGFpbi1zZWNyZXQ= cG9zdGZpeC11c2Vy cG9zdGZpeC1nYXJibGVk; do
		eq "postfix -v secret $s not in $w" "$(grep -c -- "$s" "$T/pfauth.$w")" 0
	done
done
eq "postfix -v auth lines used" "$(q "$T/pfauth.ndjson" '.[-1].lines.unrecognized')" 0

## The Postfix SMTP client's verbose lines ("> server[ip]:port: AUTH ...")
## and malformed "<"/">" lines: used, never echoed by -v, never in a writer.
cat > "$T/pfc.log" <<'LOG'
Nov 23 10:00:00 mx postfix/smtp[200]: > smtp.example.com[198.51.100.7]:587: EHLO mx.example.net
Nov 23 10:00:00 mx postfix/smtp[200]: < smtp.example.com[198.51.100.7]:587: 250-smtp.example.com
Nov 23 10:00:00 mx postfix/smtp[200]: < smtp.example.com[198.51.100.7]:587: 250 AUTH PLAIN LOGIN
Nov 23 10:00:00 mx postfix/smtp[200]: > smtp.example.com[198.51.100.7]:587: AUTH PLAIN AGJvYgBTRUNSRVQ3
Nov 23 10:00:00 mx postfix/smtp[200]: < smtp.example.com[198.51.100.7]:587: 554 5.7.8 nope
Nov 23 10:00:00 mx postfix/lmtp[201]: > lmtp.example.com[198.51.100.8]:24: AUTH PLAIN AGJvYgBTRUNSRVQ0
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown[2001:db8::1]: AUTH PLAIN AGJvYgBTRUNSRVQ4
Nov 23 10:00:00 mx postfix/smtpd[100]: > unknown[2001:db8::1]: 554 5.7.8 nope
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown: AUTH PLAIN AGJvYgBTRUNSRVQ5
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown[192.0.2.9]:: AUTH PLAIN AGJvYgBTRUNSRVQ2
Nov 23 10:00:00 mx postfix/smtpd[100]: > unknown: 554 AGJvYgBTRUNSRVQ1
LOG
for w in ndjson json text; do
	"$BIN" scan -v -o "$w" --year 2025 "$T/pfc.log" >"$T/pfc.$w" 2>&1
	for s in AGJvYgBTRUNSRVQ3 AGJvYgBTRUNSRVQ0 AGJvYgBTRUNSRVQ4 AGJvYgBTRUNSRVQ5 AGJvYgBTRUNSRVQ2 AGJvYgBTRUNSRVQ1; do
		eq "postfix client -v secret $s not in $w" "$(grep -c -- "$s" "$T/pfc.$w")" 0
	done
done
# 11 lines, each "<" or ">" (grep -c ': [<>] '): all used.
eq "postfix client -v lines used" "$(q "$T/pfc.ndjson" '.[-1].lines | [.read, .used] | join(" ")')" \
    "$(grep -c ': [<>] ' "$T/pfc.log") $(grep -c ': [<>] ' "$T/pfc.log")"

## A tab before the AUTH argument, and AUTH data after a 334 whose AUTH is
## not shown (or pipelined, with a trailing blank): never in any writer.
printf 'S: 220 mx.example.net ESMTP\nC: EHLO client\nS: 250-mx\nS: 250 AUTH PLAIN LOGIN\nC: AUTH PLAIN\tAGJvYgBTRUNSRVQx\nS: 535 5.7.8 bad\nC: AUTH\tPLAIN AGJvYgBTRUNSRVQy\nS: 554 5.7.8 bad\nC: QUIT\nS: 221 bye\n' >"$T/tab.txt"
printf "connect: ('smtp.example.com', 587)\nreply: b'220 smtp.example.com ESMTP ready\\\\r\\\\n'\nsend: 'ehlo c\\\\r\\\\n'\nreply: b'250 AUTH PLAIN\\\\r\\\\n'\nsend: 'AUTH\\\\tPLAIN AGJvYgBTRUNSRVQz\\\\r\\\\n'\nreply: b'554 5.7.8 bad\\\\r\\\\n'\n" >"$T/tab-smtplib.txt"
printf 'S: 220 mx ESMTP\nC: EHLO c\nS: 250 AUTH LOGIN\nC: AUTH LOGIN\nC: Ym9iU1JWUTc \nC: U1JWUTYx\nC: MAIL FROM:<a@b>\nS: 334 VXNlcm5hbWU6\nS: 334 UGFzc3dvcmQ6\nS: 554 5.7.8 nope\nS: 554 nope\nC: QUIT\nS: 221 bye\n' >"$T/pipe.txt"
printf 'AUTH LOGIN\n334 VXNlcm5hbWU6\nYm9iU1JWUTM=\n334 UGFzc3dvcmQ6\nU1JWUTQ=\n554 5.7.8 no\n' >"$T/bare.txt"
cat > "$T/tab.log" <<'LOG'
Nov 23 10:00:00 mx postfix/smtpd[100]: < unknown[192.0.2.1]: AUTH	PLAIN AGJvYgBTRUNSRVQ5
Nov 23 10:00:00 mx postfix/smtpd[100]: > unknown[192.0.2.1]: 554 5.7.8 nope
Nov 23 10:00:01 mx postfix/smtpd[101]: > unknown[192.0.2.2]: 334 UGFzc3dvcmQ6
Nov 23 10:00:01 mx postfix/smtpd[101]: < unknown[192.0.2.2]: U1JWUTk=
Nov 23 10:00:01 mx postfix/smtpd[101]: > unknown[192.0.2.2]: 535 5.7.8 Error: authentication failed
LOG
eq "tab secrets in the input" "$(cat "$T/tab.txt" "$T/tab-smtplib.txt" "$T/pipe.txt" "$T/bare.txt" "$T/tab.log" | grep -oE 'AGJvYgBTRUNSRVQ[xyz5]|Ym9iU1JWUTc|U1JWUTYx|Ym9iU1JWUTM=|U1JWUTQ=|U1JWUTk=' | wc -l)" 9
for w in ndjson json text; do
	"$BIN" scan -v -c 535 -o "$w" "$T/tab.txt" "$T/tab-smtplib.txt" "$T/pipe.txt" "$T/bare.txt" >"$T/tab.$w" 2>&1
	"$BIN" scan -v -c 535 -o "$w" --year 2025 "$T/tab.log" >>"$T/tab.$w" 2>&1
	# the secrets, and their upper-cased forms (a secret taken for a command)
	eq "tab/334 secrets not in $w" "$(grep -ciE 'SRVQ[xyz5]|Ym9i|U1JWU' "$T/tab.$w")" 0
done
scan "$T/tab.nd" "$T/tab.txt"
eq "tab AUTH arg" "$(q "$T/tab.nd" '[.[] | select(.type == "finding") | .explanation | startswith("554 at AUTH PLAIN [redacted]")] | all')" true
scan "$T/pipe.nd" "$T/pipe.txt"
# replies 334, 334, 554 (AUTH), 554 (MAIL): the pipelined data is no command
eq "pipelined AUTH data" "$(q "$T/pipe.nd" '[.[] | select(.type == "finding") | .command] | join(" ")')" "AUTH MAIL"

## smtplib escapes: "\x41" is "A"; "\x4'" (one hex digit) is no escape and
## does not swallow the closing quote.
printf "connect: ('smtp.example.com', 25)\nreply: b'220 mx ESMTP\\\\r\\\\n'\nsend: 'NOOP x\\\\x4'\nreply: b'500 5.5.2 bad\\\\r\\\\n'\nsend: 'NOOP \\\\x41\\\\r\\\\n'\nreply: b'500 5.5.2 bad\\\\r\\\\n'\n" >"$T/x4.txt"
scan "$T/x4" "$T/x4.txt"
# "NOOP xx4" is 8 characters, "NOOP A" 6; each + CRLF
eq "smtplib one-digit \\x" "$(q "$T/x4" '[.[] | select(.type == "finding") | .explanation | capture("^500 to \"(?<c>[^\"]*)\": the command line is (?<n>[0-9]+) octets") | "\(.c)=\(.n)"] | join(" ")')" "NOOP xx4=10 NOOP A=8"
