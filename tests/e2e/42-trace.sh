# Part of tests/e2e.sh (sourced): smtplog trace QUERY, through real corpus
# logs (Postfix, Exim) and samples/ (two rotated files, gz then plain, a
# verbose session, a transcript).  Every expected line number and count
# comes from grep on the log, written beside it.

KD=$CORPUS/postfix-real/kdent-mail.log
DG=$CORPUS/exim-real/ddgrey-mainlog
EX=$CORPUS/exim/testsuite-log-0612
PF1=$TOP/samples/postfix/mail.log.1.gz
PF2=$TOP/samples/postfix/mail.log
: >"$T/.traces"

# trace OUT ARGS...: JSON trace into OUT, exit status into $rc.
trace() {
	out=$1; shift
	"$BIN" trace -q -o json "$@" >"$out" 2>"$out.err"
	rc=$?
	printf '%s\n' "$out" >>"$T/.traces"
}

# lines FILE [STORY]: the sorted unique line numbers of a story's steps.
lines() {
	jq -r ".matches[${2:-0}].timeline[].line" "$1" | sort -n -u | tr '\n' ' '
}

## Command line
"$BIN" trace --help >"$T/thelp" 2>&1; eq "trace --help exit" $? 0
grep -q '^usage: smtplog trace \[options\] QUERY' "$T/thelp"; eq "trace usage line" $? 0
grep -q '^Exit status:.* 3 nothing matched' "$T/thelp"; eq "trace help: exit 3" $? 0
"$BIN" help trace | cmp -s - "$T/thelp"; eq "help trace = trace --help" $? 0
"$BIN" --help | grep -q 'smtplog trace \[options\] QUERY'; eq "trace in the overview" $? 0
"$BIN" trace >/dev/null 2>&1; eq "trace without query" $? 2
"$BIN" trace '' "$PF2" >/dev/null 2>&1; eq "trace empty query" $? 2
"$BIN" trace --by frob x "$PF2" >/dev/null 2>&1; eq "trace --by unknown" $? 2
"$BIN" scan --by ip "$PF2" >/dev/null 2>&1; eq "--by outside trace" $? 2
"$BIN" trace -j 2 x "$PF1" "$PF2" >/dev/null 2>&1; eq "trace -j" $? 2
"$BIN" trace -o ndjson x "$PF2" >/dev/null 2>&1; eq "trace -o ndjson" $? 2
"$BIN" trace x "$T/does-not-exist" >/dev/null 2>&1; eq "trace missing input" $? 1
"$BIN" trace -o json 198.51.100.9 "$PF2" >/dev/full 2>/dev/null; eq "trace json write error" $? 1
"$BIN" trace -o text 198.51.100.9 "$PF2" >/dev/full 2>/dev/null; eq "trace text write error" $? 1

if [ ! -f "$KD" ] || [ ! -f "$DG" ]; then
	ko "corpus logs for trace not found under $CORPUS"
else
## Postfix, kdent-mail.log: A4C392432F came in over smtpd[27411]
## (grep -n 'smtpd\[27411\]': connect 514, client= 515, disconnect 518; the
## same pid connects again at 526, another session), went cleanup 516 ->
## qmgr 517 -> smtp 519 (status=bounced, 550 after end of DATA) -> bounce
## 522 ("sender non-delivery notification: 68AF424356") -> removed 523.  The
## notification 68AF424356 (cleanup 520, qmgr 521) is deferred 14 times
## (grep -c '68AF424356: to=.*status=deferred') and never removed.
trace "$T/tkd" --year 2015 A4C392432F "$KD"
eq "trace postfix exit" "$rc" 0
eq "trace postfix query" "$(jq -r '.query | .kind + " " + .text' "$T/tkd")" "postfix-queue-id A4C392432F"
eq "trace postfix one story" "$(jq '.matches | length' "$T/tkd")" 1
want=$( { grep -n -e A4C392432F -e 68AF424356 "$KD"; grep -n 'smtpd\[27411\]' "$KD" | sed -n 1,3p; } |
    cut -d: -f1 | sort -n -u | tr '\n' ' ')
eq "trace postfix timeline lines" "$(lines "$T/tkd")" "$want"
eq "trace postfix steps in line order" "$(jq '[.matches[0].timeline[].line] | . == sort' "$T/tkd")" true
# Lines 514..525 read in order: connect, client= (queued), message-id=
# (message-info), from= (message-info), disconnect, delivery, the
# notification's message-id= and from=, bounce, removed, then (525) the
# notification's first delivery attempt.
eq "trace postfix first steps" \
    "$(jq -r '[.matches[0].timeline[:11][] | .event] | join(" ")' "$T/tkd")" \
    "connect queued message-info message-info disconnect delivery message-info message-info bounce removed delivery"
eq "trace postfix step objects" \
    "$(jq -r '[.matches[0].timeline[:11][] | .object_id | split("@")[0]] | join(" ")' "$T/tkd")" \
    "conch/postfix/smtpd[27411] A4C392432F A4C392432F A4C392432F conch/postfix/smtpd[27411] A4C392432F 68AF424356 68AF424356 A4C392432F A4C392432F 68AF424356"
eq "trace postfix delivery" \
    "$(jq -r '.matches[0].timeline[5] | [.file, .line, .status, .dsn, .code] | map(tostring) | join(" ")' "$T/tkd")" \
    "$KD 519 bounced 5.0.0 550"
eq "trace postfix time" "$(jq -r '.matches[0].timeline[0].time' "$T/tkd")" "2015-10-22T04:41:06Z"
eq "trace postfix deferrals" \
    "$(jq '[.matches[0].timeline[] | select(.object_id == "68AF424356" and .status == "deferred")] | length' "$T/tkd")" \
    "$(grep -c '68AF424356: to=.*status=deferred' "$KD")"
eq "trace postfix messages" \
    "$(jq -r '[.matches[0].messages[] | [.queue_id, (.bounce_of // "-"), (.removed | tostring), (.matched | tostring)] | join(",")] | join(" ")' "$T/tkd")" \
    "A4C392432F,-,true,true 68AF424356,A4C392432F,false,false"
eq "trace postfix message fields" \
    "$(jq -r '.matches[0].messages[0] | [.from, .to, .client_ip, .status] | join(" ")' "$T/tkd")" \
    "24@com-oct1022.ga kdent@seaglass.com 198.52.150.41 bounced"
eq "trace postfix session" \
    "$(jq -r '.matches[0].sessions | [length, .[0].id, .[0].complete] | map(tostring) | join(" ")' "$T/tkd")" \
    "1 conch/postfix/smtpd[27411]@$KD:514 true"
eq "trace postfix message's session" \
    "$(jq -r '.matches[0].messages[0].session == .matches[0].sessions[0].id' "$T/tkd")" true
eq "trace postfix lines read" "$(jq .summary.lines.read "$T/tkd")" "$(wc -l <"$KD")"

# The notification's id, its Message-ID (with <>), and the same log
# gzipped on standard input tell the same story.
trace "$T/tkd2" --year 2015 68AF424356 "$KD"
eq "trace notification id: same story" "$(lines "$T/tkd2")" "$want"
trace "$T/tkd3" --year 2015 '<20151022114109.68AF424356@conch.seaglass.com>' "$KD"
eq "trace Message-ID kind" "$(jq -r .query.kind "$T/tkd3")" message-id
eq "trace Message-ID: same story" "$(lines "$T/tkd3")" "$want"
gzip -c "$KD" | "$BIN" trace -q -o json --year 2015 A4C392432F - >"$T/tkd4" 2>/dev/null
eq "trace gzip stdin exit" $? 0
printf '%s\n' "$T/tkd4" >>"$T/.traces"
eq "trace gzip stdin: same story" "$(lines "$T/tkd4")" "$want"
eq "trace gzip stdin file name" "$(jq -r '[.matches[0].timeline[].file] | unique | join(" ")' "$T/tkd4")" "-"

# The address 24@com-oct1022.ga: sender of A4C392432F (517) and AEBB724340
# (529), recipient of their notifications 68AF424356 and 77116243CC
# (grep -n '24@com-oct1022.ga'): two stories of two messages each.
trace "$T/tkd5" 24@com-oct1022.ga "$KD"
eq "trace address kind" "$(jq -r .query.kind "$T/tkd5")" address
eq "trace address stories" \
    "$(jq -r '[.matches[] | [.messages[].queue_id] | join(",")] | join(" ")' "$T/tkd5")" \
    "A4C392432F,68AF424356 AEBB724340,77116243CC"
"$BIN" trace --by address 24@COM-OCT1022.GA "$KD" -o json -q >"$T/tkd6" 2>/dev/null
eq "trace address without case" "$(jq '.matches | length' "$T/tkd6")" 2

## Exim, ddgrey-mainlog (grep -n '1j5NyY-0004Xp-NZ\|1j5Nye-0004Xw-5I'):
## arrival 1943 from H=localhost [127.0.0.1], "**" 1944 with the remote 554
## after end of data, the bounce 1j5Nye-0004Xw-5I arrives at 1947 with
## R=1j5NyY-0004Xp-NZ, Completed 1948; the bounce fails (1949), is frozen
## (1950) and reported frozen until 3077.  Every line of both ids is a step.
trace "$T/tdg" 1j5NyY-0004Xp-NZ "$DG"
eq "trace exim exit" "$rc" 0
eq "trace exim kind" "$(jq -r .query.kind "$T/tdg")" exim-message-id
eq "trace exim one story" "$(jq '.matches | length' "$T/tdg")" 1
eq "trace exim timeline lines" "$(lines "$T/tdg")" \
    "$(grep -n -e 1j5NyY-0004Xp-NZ -e 1j5Nye-0004Xw-5I "$DG" | cut -d: -f1 | tr '\n' ' ')"
eq "trace exim messages" \
    "$(jq -r '[.matches[0].messages[] | .queue_id + "," + (.bounce_of // "-")] | join(" ")' "$T/tdg")" \
    "1j5NyY-0004Xp-NZ,- 1j5Nye-0004Xw-5I,1j5NyY-0004Xp-NZ"
eq "trace exim steps of 1943" \
    "$(jq -r '[.matches[0].timeline[] | select(.line == 1943) | .event] | join(" ")' "$T/tdg")" \
    "queued message-info"
eq "trace exim steps of 1947" \
    "$(jq -r '[.matches[0].timeline[] | select(.line == 1947) | .event] | join(" ")' "$T/tdg")" \
    "queued message-info bounce"
eq "trace exim remote reply" \
    "$(jq -r '.matches[0].timeline[] | select(.line == 1944) | [.event, .status, .code] | map(tostring) | join(" ")' "$T/tdg")" \
    "delivery bounced 554"
eq "trace exim finding" \
    "$(jq -r '[.matches[0].findings[] | [.code, .source.line, .direction] | map(tostring) | join(" ")] | join(",")' "$T/tdg")" \
    "554 1944 outbound"
eq "trace exim message-id and client" \
    "$(jq -r '.matches[0].messages[0] | [.message_id, .client_ip] | join(" ")' "$T/tdg")" \
    "20200222060918.2709.41867@edward.rosnix.net 127.0.0.1"
fi

## Exim 4.97 ids (6-11-4), testsuite-log-0612: 10HmaX-000000005vi-0000 is
## refused remotely (line 7, "**") and Completed (line 10); the test suite
## reuses the id for a new arrival at line 116 (grep -n
## 10HmaX-000000005vi-0000): two messages, two stories.
if [ -f "$EX" ]; then
	trace "$T/tex" 10HmaX-000000005vi-0000 "$EX"
	eq "trace exim long id kind" "$(jq -r .query.kind "$T/tex")" exim-message-id
	eq "trace exim long id stories" "$(jq '.matches | length' "$T/tex")" 2
	eq "trace exim long id first story" \
	    "$(jq -r '[.matches[0].timeline[] | select(.line == 7 or .line == 10) | .event] | join(" ")' "$T/tex")" \
	    "delivery removed"
	eq "trace exim long id second story" "$(jq '.matches[1].timeline[0].line' "$T/tex")" 116
fi

## samples/exim, mainlog.1.gz then mainlog (4.97 ids, syslog-less stamps
## with a zone): 1vLAXx-00000000r2M-0bC4 arrives at line 16 of mainlog,
## three recipients fail (17, 18, 19: 502, 500, 503 from the remote
## servers), one is deferred (20, "=="), and the bounce 1vLAY0-00000000r2P-1dE6
## (R= at 21) is delivered (22) and completed (23): grep -n of both ids.
EM1=$TOP/samples/exim/mainlog.1.gz
EM2=$TOP/samples/exim/mainlog
trace "$T/tem" 1vLAXx-00000000r2M-0bC4 "$EM1" "$EM2"
eq "trace exim sample lines" "$(lines "$T/tem")" \
    "$(grep -n -e 1vLAXx-00000000r2M-0bC4 -e 1vLAY0-00000000r2P-1dE6 "$EM2" | cut -d: -f1 | tr '\n' ' ')"
eq "trace exim sample findings" \
    "$(jq -r '[.matches[0].findings[] | "\(.code)@\(.source.line)"] | join(" ")' "$T/tem")" "502@17 500@18 503@19"
eq "trace exim sample statuses" \
    "$(jq -r '[.matches[0].timeline[] | select(.event == "delivery") | .status] | join(" ")' "$T/tem")" \
    "bounced bounced bounced deferred sent"
eq "trace exim sample time" "$(jq -r '.matches[0].timeline[0].time' "$T/tem")" "2026-11-23T06:30:00.015000Z"
# samples/exim/rejectlog logs no connections (grep -c 'SMTP connection from'
# is 0): the session of 192.0.2.150 (line 20) is one reject, ended by the
# 5-minute rule, so it is not complete, as the session builder counts it.
trace "$T/terj" 192.0.2.150 "$TOP/samples/exim/rejectlog"
eq "trace session without its connect" \
    "$(grep -c 'SMTP connection from' "$TOP/samples/exim/rejectlog") $(jq -r '.matches[0].sessions[0].complete' "$T/terj")" \
    "0 false"

## samples/postfix: mail.log.1.gz then mail.log.  The verbose session of
## 198.51.100.9 is smtpd[20610] in mail.log, lines 4 to 23 (grep -n
## 'smtpd\[20610\]'); its 502, 500 and 503 replies are lines 16, 18, 20
## (grep -n ': 50[0-9] ').  The "250-" lines 7-13 continue the EHLO reply
## that ends at line 14: one step there.
trace "$T/tpf" --year 2025 198.51.100.9 "$PF1" "$PF2"
eq "trace ip kind" "$(jq -r .query.kind "$T/tpf")" ip
eq "trace ip lines" "$(lines "$T/tpf")" \
    "$(grep -n 'smtpd\[20610\]' "$PF2" | grep -v ': 250-' | cut -d: -f1 | tr '\n' ' ')"
eq "trace ip session" \
    "$(jq -r '.matches[0].sessions[0] | [.client_name, .helo, .complete] | map(tostring) | join(" ")' "$T/tpf")" \
    "client.example.net laptop.example.net true"
eq "trace ip findings" \
    "$(jq -r '[.matches[0].findings[] | "\(.code)@\(.source.line)"] | join(" ")' "$T/tpf")" \
    "$(grep -n ': 50[0-9] ' "$PF2" | sed 's/^\([0-9]*\):.*: \(50[0-9]\) .*/\2@\1/' | tr '\n' ' ' | sed 's/ $//')"
eq "trace ip lines read" "$(jq .summary.lines.read "$T/tpf")" \
    "$(( $(gzip -dc "$PF1" | wc -l) + $(wc -l <"$PF2") ))"
# IPv6 in another spelling: smtpd[20701], lines 53-55 of mail.log; its
# 554 at line 54.
trace "$T/tpf6" --year 2025 2001:DB8:4F:0::25 "$PF1" "$PF2"
eq "trace ipv6 lines" "$(lines "$T/tpf6")" "53 54 55 "
eq "trace ipv6 finding" "$(jq -r '[.matches[0].findings[] | "\(.code)@\(.source.line)"] | join(" ")' "$T/tpf6")" "554@54"
# alice@example.org across both files, read by hand: the reject of
# smtpd[20411] (mail.log.1.gz:3), 4MZx2T0bQ1z9sWn delivered to her (12)
# with its session smtpd[20415] from line 5, her 4MZy8N2c7Mz9sWq (26) with
# its notification, then in mail.log her 4Mb0Qx3KJtz9sX2 (38) with its
# notification and the reject of smtpd[20701] (54).
trace "$T/tpfa" --year 2025 alice@example.org "$PF1" "$PF2"
eq "trace address across files" \
    "$(jq -r '[.matches[] | .timeline[0] | (.file | split("/") | last) + ":" + (.line | tostring)] | join(" ")' "$T/tpfa")" \
    "mail.log.1.gz:2 mail.log.1.gz:5 mail.log.1.gz:24 mail.log:36 mail.log:53"
# A directory is its files, oldest first, as scan takes them.
mkdir -p "$T/pfdir"
cp "$PF1" "$PF2" "$T/pfdir/"
touch -d '2025-11-20 12:00' "$T/pfdir/mail.log.1.gz"
touch -d '2025-11-21 16:00' "$T/pfdir/mail.log"
trace "$T/tpfd" alice@example.org "$T/pfdir"
eq "trace directory" "$(jq '.matches | length' "$T/tpfd")" 5
# A relay host name: mx1.163.com only in line 39 (grep -n mx1.163.com).
trace "$T/tpfh" --year 2025 mx1.163.com "$PF1" "$PF2"
eq "trace host kind" "$(jq -r .query.kind "$T/tpfh")" host
eq "trace host story" "$(jq -r '[.matches[].messages[].queue_id] | join(" ")' "$T/tpfh")" "4Mb0Qx3KJtz9sX2 4Mb0Qy1dNNz9sX3"
# Nothing matched: exit 3, an empty list, every line still read.
trace "$T/tnone" --year 2025 192.0.2.99 "$PF1" "$PF2"
eq "trace no match exit" "$rc" 3
eq "trace no match list" "$(jq '.matches | length' "$T/tnone")" 0
"$BIN" trace -o text --year 2025 192.0.2.99 "$PF2" >"$T/tnone.txt" 2>&1
grep -q '^Trace of 192.0.2.99 (ip): 0 stories' "$T/tnone.txt"; eq "trace no match text" $? 0

## Transcripts: the swaks sample names its server as host:port.
trace "$T/ttr" mail.example.net "$TOP/samples/transcript/swaks.txt"
eq "trace transcript sessions" "$(jq '[.matches[].sessions[]] | length' "$T/ttr")" \
    "$(grep -c '^=== Connected to' "$TOP/samples/transcript/swaks.txt")"

## Memory stays bounded: 250000 sessions that never disconnect, then the
## queried message.  At most 100000 objects stay open (smtplog(1), trace): the
## 250000 connects, the message's session and the message itself push
## 250002 - 100000 out, counted as evicted; the story is still whole.
awk 'BEGIN { for (i = 0; i < 250000; i++)
    printf "Nov 10 06:00:00 mx postfix/smtpd[%d]: connect from unknown[10.%d.%d.%d]\n",
	i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
    print "Nov 10 06:00:01 mx postfix/smtpd[999999]: connect from unknown[192.0.2.5]"
    print "Nov 10 06:00:01 mx postfix/smtpd[999999]: 3F1A2B4C5D: client=unknown[192.0.2.5]"
    print "Nov 10 06:00:02 mx postfix/smtpd[999999]: disconnect from unknown[192.0.2.5]" }' >"$T/open.log"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$T/open.rss" "$BIN" trace -q -o json --year 2025 \
	    3F1A2B4C5D "$T/open.log" >"$T/topen" 2>"$T/topen.err"
	rss=$(tail -n 1 "$T/open.rss")
	[ -n "${SMTPLOG_E2E_NO_RSS:-}" ] ||
	    eq "trace open objects: peak RSS under 256 MiB" "$([ "$rss" -lt 262144 ] && echo yes)" yes
else
	"$BIN" trace -q -o json --year 2025 3F1A2B4C5D "$T/open.log" >"$T/topen" 2>/dev/null
fi
printf '%s\n' "$T/topen" >>"$T/.traces"
rm -f "$T/open.log"
eq "trace open objects: evicted" "$(jq .evicted "$T/topen")" 150002
eq "trace open objects: the story" "$(lines "$T/topen")" "250001 250002 250003 "

## Text: the timeline with file:line, advice once per rule, log text
## escaped, colour only when asked.
"$BIN" trace -o text --color never --year 2025 198.51.100.9 "$PF2" >"$T/tpf.txt"
grep -q "mail.log:16 .*502 5.5.2 Error: command not recognized" "$T/tpf.txt"; eq "trace text step" $? 0
eq "trace text advice once per rule" "$(grep -c 'who must act:' "$T/tpf.txt")" 3
eq "trace text no colour" "$(grep -c "$(printf '\033')" "$T/tpf.txt")" 0
"$BIN" trace -o text --color always --year 2025 198.51.100.9 "$PF2" | grep -q "$(printf '\033')\["
eq "trace text colour always" $? 0
printf 'Nov 21 10:00:00 mx1 postfix/smtpd[7]: connect from evil.example[192.0.2.66]\nNov 21 10:00:01 mx1 postfix/smtpd[7]: NOQUEUE: reject: RCPT from evil.example[192.0.2.66]: 554 5.7.1 <a@b>: Relay access denied; from=<x@y> to=<a@b> proto=ESMTP helo=<\033[2Jpwn>\nNov 21 10:00:02 mx1 postfix/smtpd[7]: disconnect from evil.example[192.0.2.66]\n' >"$T/evil.log"
"$BIN" trace -o text --color never --year 2025 192.0.2.66 "$T/evil.log" >"$T/evil.txt"
eq "trace text escapes" "$(grep -c "$(printf '\033')" "$T/evil.txt")" 0
grep -q 'helo \\x1b\[2Jpwn' "$T/evil.txt"; eq "trace text shows escaped HELO" $? 0

## A log cut after a refusal: the session never ends, its finding comes
## out at the end of the input, after the parser that named its file was
## closed (make asan catches a file name kept from the event).
printf 'Nov 21 10:00:00 mx1 postfix/smtpd[8]: connect from cut.example[192.0.2.77]\nNov 21 10:00:01 mx1 postfix/smtpd[8]: NOQUEUE: reject: RCPT from cut.example[192.0.2.77]: 554 5.7.1 <a@b>: Relay access denied; from=<x@y> to=<a@b> proto=ESMTP helo=<cut>\n' >"$T/cut.log"
trace "$T/tcut" --year 2025 192.0.2.77 "$T/cut.log"
eq "trace cut log: exit" "$rc" 0
eq "trace cut log: the held finding in the story" \
    "$(jq -r '[.matches[0].findings[] | "\(.code) \(.source.line)"] | join(",")' "$T/tcut")" "554 2"

## An archive (samples/archive/rotated, built for this): a message
## received on Dec 31 in mail.log.1 and bounced on Jan 1 in mail.log, with
## its notification.  The files are given out of order and read in time
## order, as scan reads them; the years come from the mtimes (git keeps
## none: set here) and the Dec -> Jan rollover.
TA=$T/trace-archive
mkdir -p "$TA"
cp "$TOP"/samples/archive/rotated/* "$TA/"
touch -d '2025-12-31 18:30:00 UTC' "$TA/mail.log.2.gz"
touch -d '2026-01-01 00:25:00 UTC' "$TA/mail.log.1"
touch -d '2026-01-01 09:10:00 UTC' "$TA/mail.log"
trace "$T/tarch" 4dQm1H2xYzz7kT9 "$TA/mail.log" "$TA/mail.log.2.gz" "$TA/mail.log.1"
eq "trace archive: exit" "$rc" 0
eq "trace archive: one story" "$(jq '.matches | length' "$T/tarch")" 1
# The steps, in time order across the two files: the submission session
# (smtpd[30355]), the message, and its notification 4dQmPq3LkDz7kTB:
# grep -nE '4dQm1H2xYzz7kT9|4dQmPq3LkDz7kTB|smtpd\[30355\]' mail.log.1 mail.log
eq "trace archive: steps across the files" \
    "$(jq -r '[.matches[0].timeline[] | "\(.file | sub(".*/"; "")):\(.line)"] | join(" ")' "$T/tarch")" \
    "$(cd "$TA" && grep -nE '4dQm1H2xYzz7kT9|4dQmPq3LkDz7kTB|smtpd\[30355\]' mail.log.1 mail.log | cut -d: -f1,2 | tr '\n' ' ' | sed 's/ $//')"
eq "trace archive: the year turns" \
    "$(jq -r '[.matches[0].timeline[0].time, .matches[0].timeline[-1].time] | join(" ")' "$T/tarch")" \
    "2025-12-31T23:58:38Z 2026-01-01T00:31:03Z"
eq "trace archive: the 554 of the bounce" \
    "$(jq -r '[.matches[0].findings[] | "\(.code) \(.source.line)"] | join(",")' "$T/tarch")" "554 1"
eq "trace archive: the files in time order" \
    "$(jq -r '[.summary.inputs[] | .file | sub(".*/"; "")] | join(" ")' "$T/tarch")" "mail.log.2.gz mail.log.1 mail.log"
# --keep-order with the two files given oldest first: the same story.
trace "$T/tarch2" --keep-order 4dQm1H2xYzz7kT9 "$TA/mail.log.1" "$TA/mail.log"
eq "trace archive --keep-order: same steps" \
    "$(jq -c '[.matches[0].timeline[] | .line]' "$T/tarch2")" "$(jq -c '[.matches[0].timeline[] | .line]' "$T/tarch")"

## Every trace document above against schema/trace.schema.json.
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	printf 'SKIP: trace schema validation needs python3-jsonschema\n' >&2
else
	args=
	for f in $(cat "$T/.traces"); do args="$args --trace $f"; done
	# shellcheck disable=SC2086
	"$PY" "$TOP/tests/schema_check.py" "$TOP/schema" $args >"$T/tschema.out" 2>&1
	eq "trace documents match schema/trace.schema.json ($(tail -n 1 "$T/tschema.out"))" $? 0
	grep -v 'records checked' "$T/tschema.out" | head -n 20 >&2
fi
