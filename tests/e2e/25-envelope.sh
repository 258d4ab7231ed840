# Part of tests/e2e.sh (sourced): envelopes and per-line dispatch
# (doc/formats.md).  The real logs rewritten into every envelope give the
# findings they give as they are; a shared mail.log, mixed Postfix and
# Exim lines, a log whose mail lines start late; an input read to its end
# that gave almost nothing is said and fails the run; broken envelopes are
# counted, shown with -v, and crash nothing.

EV=$T/envelope
mkdir -p "$EV"
S=$TOP/samples/postfix
X=$TOP/samples/exim

# findings FILE...: "FILE LINE CODE CAUSE" of each finding, each input its
# own stream (-j 2), in the order given; the traffic totals, without the
# days and hours (a bare message has no time), into $EV/traffic.
findings() {
	"$BIN" scan -q -j 2 --keep-order -o ndjson --year 2025 "$@" 2>/dev/null >"$EV/nd"
	jq -c 'select(.type == "summary") | .traffic | del(.by_day, .by_hour)' \
	    "$EV/nd" >"$EV/traffic"
	jq -r 'select(.type == "finding") | "\(.source.file) \(.source.line) \(.code) \(.cause)"' "$EV/nd"
}

## Every real Postfix and Exim log of the corpus, in every envelope
## (tests/envelope_gen.py writes them, a line map with each): the same
## findings, code, cause and source line, as the log as it is, and the
## same traffic totals.
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: envelopes of the corpus: python3 is missing (tests/envelope_gen.py)"
elif [ -d "$CORPUS" ]; then
	: >"$EV/list"
	while IFS="$(printf '\t')" read -r lp _repo _path _commit _lic fmt _rest; do
		case $fmt in
		postfix|exim-main|exim-reject|mixed)
			[ -f "$CORPUS/$lp" ] && echo "$CORPUS/$lp" >>"$EV/list" ;;
		esac
	done <"$CORPUS/MANIFEST.tsv"
	nlogs=$(wc -l <"$EV/list")
	# shellcheck disable=SC2046
	python3 "$TOP/tests/envelope_gen.py" --year 2025 "$EV/gen" $(cat "$EV/list")
	eq "envelopes: written for each log" "$(ls "$EV/gen" | wc -l)" "$nlogs"
	# The original findings, the file named by its number in the list.
	findings $(cat "$EV/list") | awk 'NR == FNR { n[$0] = FNR; next }
	    { $1 = n[$1]; print }' "$EV/list" - | sort >"$EV/orig"
	cp "$EV/traffic" "$EV/traffic.orig"
	eq "envelopes: the corpus has findings to compare" "$([ "$(wc -l <"$EV/orig")" -gt 500 ] && echo yes)" yes
	for e in $(cd "$EV/gen/1" && ls *.log | sed 's/\.log$//'); do
		i=1
		: >"$EV/elist"
		while [ $i -le "$nlogs" ]; do
			echo "$EV/gen/$i/$e.log" >>"$EV/elist"
			i=$((i + 1))
		done
		# Each finding's file back to its number, its line back to the
		# original's through the map.
		findings $(cat "$EV/elist") | awk '
		    FILENAME == ARGV[1] { n[$0] = FNR; next }
		    { f = n[$1]; m = $1; sub(/\.log$/, ".map", m)
		      if (!(m in seen)) { while ((getline l < m) > 0) {
		          split(l, a, " "); map[m, a[1]] = a[2] } seen[m] = 1 }
		      $1 = f; $2 = map[m, $2]; print }' "$EV/elist" - |
		    sort >"$EV/new"
		eq "envelope $e: the findings of the $nlogs logs" \
		    "$(cksum <"$EV/new")" "$(cksum <"$EV/orig")"
		eq "envelope $e: the traffic totals of the $nlogs logs" \
		    "$(cksum <"$EV/traffic")" "$(cksum <"$EV/traffic.orig")"
	done
	rm -rf "$EV/gen"
fi

## The fgforrest logs (rsyslog's "2013 Jun 16 16:05:06.123 host ...") are
## read with their real times, whatever --year says.
F=$CORPUS/fgforrest/parser-backup-single-client.log.1
if [ -f "$F" ]; then
	"$BIN" trace -o json --year 2020 3bZLDk1V50z37Dv "$F" >"$EV/fg.json" 2>/dev/null
	eq "fgforrest: the year and the milliseconds of the line" \
	    "$(jq -r '.matches[0].timeline[0].time' "$EV/fg.json")" "2013-06-16T16:05:06.123000Z"
	scan "$EV/fg" "$F"
	eq "fgforrest: read as Postfix" "$(q "$EV/fg" '.[-1].inputs[0] | [.format, .unrecognized] | tostring')" '["postfix",0]'
fi

## One example line of each envelope, the same Postfix reject in each:
## every one a finding, with its time.
R='NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@example.org> to=<x@example.com> proto=ESMTP helo=<h>'
RJ=$(printf '%s' "$R" | sed 's/"/\\"/g')
{
	printf 'Mar  1 10:00:00 mx1 postfix/smtpd[101]: %s\n' "$R"
	printf '<22>Mar  1 10:00:00 mx1 postfix/smtpd[102]: %s\n' "$R"
	printf '2025-03-01T10:00:00.123+00:00 mx1 postfix/smtpd[103]: %s\n' "$R"
	printf '<22>1 2025-03-01T10:00:00.123+00:00 mx1 postfix/smtpd 104 - - %s\n' "$R"
	printf '<22>1 2025-03-01T10:00:00Z mx1 postfix/smtpd 105 ID1 [meta seq="1" x="a\\"]b"] %s\n' "$R"
	printf '2025 Mar  1 10:00:00.123 mx1 postfix/smtpd[106]: %s\n' "$R"
	printf 'Sat 2025-03-01 10:00:00 UTC mx1 postfix/smtpd[107]: %s\n' "$R"
	printf '1740823200.123456 mx1 postfix/smtpd[108]: %s\n' "$R"
	printf 'Mar 01 10:00:00.123456 mx1 postfix/smtpd[109]: %s\n' "$R"
	printf '2025-03-01T10:00:00+0000 mx1 postfix/smtpd[110]: %s\n' "$R"
	printf '{"__REALTIME_TIMESTAMP":"1740823200123456","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"111","MESSAGE":"%s"}\n' "$RJ"
	printf 'postfix-mailcow_1  | Mar  1 10:00:00 mx1 postfix/smtpd[112]: %s\n' "$R"
	printf '{"log":"Mar  1 10:00:00 mx1 postfix/smtpd[113]: %s\\n","stream":"stdout","time":"2025-03-01T10:00:00.5Z"}\n' "$RJ"
	printf '2025-03-01T10:00:00.123456789Z stdout F Mar  1 10:00:00 mx1 postfix/smtpd[114]: %s\n' "$R"
	printf '2025-03-01T10:00:00.123456789Z stdout P Mar  1 10:00:00 mx1 postfix/smtpd[115]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 \n'
	printf '2025-03-01T10:00:00.123456789Z stdout F <x@example.com>: Relay access denied; from=<a@example.org> to=<x@example.com> proto=ESMTP helo=<h>\n'
	printf 'postfix/smtpd[116]: %s\n' "$R"
} >"$EV/each.log"
scan "$EV/each" --year 2025 "$EV/each.log"
eq "each envelope: exit" "$rc" 0
eq "each envelope: every line used" "$(q "$EV/each" '.[-1].inputs[0] | [.lines, .used] | tostring')" "[17,17]"
eq "each envelope: a finding each" "$(q "$EV/each" '[.[] | select(.type == "finding" and .code == 554)] | length')" 16
eq "each envelope: its session (the pid)" "$(q "$EV/each" '[.[] | select(.type == "finding") | .session.id | capture("\\[(?<p>[0-9]+)\\]").p] | sort | join(" ")')" \
    "101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116"
eq "each envelope: the time of each" "$(q "$EV/each" '[.[] | select(.type == "finding") | .timestamp // "none"] | unique | join(" ")')" \
    "2025-03-01T10:00:00.123000Z 2025-03-01T10:00:00.123456Z 2025-03-01T10:00:00.500000Z 2025-03-01T10:00:00Z none"
eq "each envelope: the bare line has none" "$(q "$EV/each" '.[] | select(.type == "finding" and .timestamp == null) | .source.line')" 17

## A shared mail.log whose first 120 lines are other daemons'; a log
## whose Exim lines (no envelope) come after 120 such lines; Postfix and
## Exim lines interleaved: each gives what its mail lines give alone.
awk 'BEGIN { for (i = 1; i <= 60; i++) {
    printf "Nov 21 10:00:%02d mx1 dovecot: imap-login: Login: user=<u%d>, method=PLAIN, rip=192.0.2.%d\n", i % 60, i, i
    printf "Nov 21 10:00:%02d mx1 opendkim[77]: 4A1B2C3D4E: DKIM-Signature field added (s=mail, d=example.org)\n", i % 60 } }' >"$EV/others"
cat "$EV/others" "$S/mail.log" >"$EV/shared.log"
scan "$EV/shared" --year 2025 "$EV/shared.log"
scan "$EV/alone" --year 2025 "$S/mail.log"
eq "shared mail.log: exit" "$rc" 0
eq "shared mail.log: the findings of its Postfix lines" \
    "$(q "$EV/shared" '[.[] | select(.type == "finding") | "\(.source.line - 120) \(.code) \(.cause)"] | join(",")')" \
    "$(q "$EV/alone" '[.[] | select(.type == "finding") | "\(.source.line) \(.code) \(.cause)"] | join(",")')"
eq "shared mail.log: the other daemons ignored" "$(q "$EV/shared" '.[-1].inputs[0].ignored')" \
    "$(( 120 + $(q "$EV/alone" '.[-1].inputs[0].ignored') ))"
cat "$EV/others" "$X/mainlog" >"$EV/late.log"
scan "$EV/late" --year 2025 "$EV/late.log"
scan "$EV/xalone" --year 2025 "$X/mainlog"
eq "Exim after 120 other lines: read as Exim" "$(q "$EV/late" '.[-1].inputs[0] | [.format, .used] | tostring')" \
    "[\"exim\",$(q "$EV/xalone" '.[-1].inputs[0].used')]"
eq "Exim after 120 other lines: its findings" "$(q "$EV/late" '.[-1].findings.total')" "$(q "$EV/xalone" '.[-1].findings.total')"
# Interleaved: Postfix's lines, and Exim's as syslog'd, one of each in turn.
sed 's/^\([0-9-]*\) \([0-9:]*\)\.[0-9]* +0100 \[\([0-9]*\)\] /Nov 23 \2 mx2 exim[\3]: /' "$X/mainlog" >"$EV/xsys"
awk 'NR == FNR { a[FNR] = $0; na = FNR; next } { b[FNR] = $0; nb = FNR }
    END { for (i = 1; i <= na || i <= nb; i++) { if (i <= na) print a[i]; if (i <= nb) print b[i] } }' \
    "$S/mail.log" "$EV/xsys" >"$EV/mixed.log"
scan "$EV/mixed" --year 2025 "$EV/mixed.log"
scan "$EV/xs" --year 2025 "$EV/xsys"
eq "interleaved: exit, nothing said" "$rc:$(cat "$EV/mixed.err")" "0:"
eq "interleaved: both formats" "$(q "$EV/mixed" '.[-1].inputs[0].format')" "postfix+exim"
eq "interleaved: the findings of both" \
    "$(q "$EV/mixed" '[.[] | select(.type == "finding") | "\(.code) \(.cause)"] | sort | join(",")')" \
    "$( (q "$EV/alone" '.[] | select(.type == "finding") | "\(.code) \(.cause)"'; q "$EV/xs" '.[] | select(.type == "finding") | "\(.code) \(.cause)"') | sort | paste -sd, -)"
accounted "$EV/mixed"

## Never a silent all-clear.  --format postfix on a log with no Postfix
## line: said, exit 1.
scan "$EV/fp" --format postfix "$X/mainlog"
eq "--format postfix on Exim: exit" "$rc" 1
eq "--format postfix on Exim: said" "$(sed 's/; line .*//' "$EV/fp.err")" "smtplog: $X/mainlog: no postfix line in its 39 lines"
# A named file that is no mail log: said with a line of it, exit 1.
printf '2025-03-01 10:00:00 status installed libc6:amd64 2.36-9\n2025-03-01 10:00:01 configure base-files:amd64 12.4 <none>\n' >"$EV/dpkg.log"
printf 'Mar  1 10:00:00 mx1 sshd[200]: Accepted publickey for root from 192.0.2.3 port 50000 ssh2\nMar  1 10:00:01 mx1 CRON[201]: pam_unix(cron:session): session opened\n' >"$EV/auth.log"
scan "$EV/np" "$EV/auth.log"
eq "named auth.log: exit" "$rc" 1
eq "named auth.log: said" "$(cat "$EV/np.err")" \
    "smtplog: $EV/auth.log: not a mail log: none of its 2 lines is a postfix, exim, transcript line; line 1 was not read: Mar  1 10:00:00 mx1 sshd[200]: Accepted publickey for root from 192.0.2.3 port 50000 ssh2"
eq "named auth.log: in the summary" "$(q "$EV/np" '.[-1].inputs[0] | [.error, .ignored] | tostring')" '["not a mail log",2]'
# In a directory given: listed as skipped, the run does not fail.
mkdir -p "$EV/dir"
cp "$EV/dpkg.log" "$EV/auth.log" "$S/mail.log" "$EV/dir/"
scan "$EV/d" --year 2025 "$EV/dir"
eq "directory: exit" "$rc" 0
eq "directory: nothing said" "$(cat "$EV/d.err")" ""
eq "directory: the non-mail logs skipped" \
    "$(q "$EV/d" '[.[-1].inputs[] | select(.skipped != null) | "\(.file | sub(".*/"; "")): \(.skipped)"] | sort | join(", ")')" \
    "auth.log: not a mail log, dpkg.log: not a mail log"
eq "directory: the mail log read" "$(q "$EV/d" '[.[-1].inputs[] | select(.skipped == null) | .file | sub(".*/"; "")] | join(" ")')" "mail.log"
eq "directory: counted as skipped" "$(q "$EV/d" '.[-1].inputs_skipped')" 2
# A Postfix log the parser understands almost nothing of (a message it
# does not know, 200 times): said, exit 1.
awk 'BEGIN { for (i = 1; i <= 200; i++) printf "Mar  1 10:00:00 mx1 postfix/smtpd[300]: frobnicated the widget %d\n", i }' >"$EV/odd.log"
scan "$EV/odd" --year 2025 "$EV/odd.log"
eq "almost nothing understood: exit" "$rc" 1
eq "almost nothing understood: said" "$(cat "$EV/odd.err")" \
    "smtplog: $EV/odd.log: only 0 of its 200 postfix lines were understood, and nothing was found; line 1 was not read: Mar  1 10:00:00 mx1 postfix/smtpd[300]: frobnicated the widget 1"
# A log with few Postfix lines among many others, all understood: fine.
{ cat "$EV/others" "$EV/others" "$EV/others"; sed -n 1,2p "$S/mail.log"; } >"$EV/few.log"
scan "$EV/few" --year 2025 "$EV/few.log"
eq "few mail lines, understood: exit, nothing said" "$rc:$(cat "$EV/few.err")" "0:"

## Broken envelopes: counted as unrecognized, -v says why, nothing else
## is disturbed (the good line among them gives its finding).
{
	printf '{"MESSAGE":"unterminated\n'
	printf '{"__REALTIME_TIMESTAMP":"1740823200000000","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"1"}\n'
	printf '{"MESSAGE":"twice","MESSAGE":"again","SYSLOG_IDENTIFIER":"postfix/smtpd"}\n'
	printf 'Feb 30 10:00:00 mx1 postfix/smtpd[1]: %s\n' "$R"
	printf '2025-13-01T10:00:00Z mx1 postfix/smtpd[1]: %s\n' "$R"
	printf '<22>1 2025-03-01T10:00:00Z mx1 postfix/smtpd\n'
	printf '<22>1 2025-03-01T10:00:00Z mx1 postfix/smtpd 1 - [unclosed x="y" %s\n' "$R"
	printf '{"log":"x\\n","stream":"stdout","time":"yesterday"}\n'
	printf '<999>Mar  1 10:00:00 mx1 postfix/smtpd[1]: %s\n' "$R"
	# journald's byte array for a message that is no valid UTF-8.
	printf '{"__REALTIME_TIMESTAMP":"1740823200000000","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"9","MESSAGE":[%s,255]}\n' \
	    "$(printf 'connect from unknown[192.0.2.9]' | od -An -tu1 | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"
	printf '{"__REALTIME_TIMESTAMP":"1740823200000000","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"9","MESSAGE":"%s"}\n' "$RJ"
} >"$EV/bad.log"
"$BIN" scan -q -v -o ndjson --year 2025 "$EV/bad.log" >"$EV/bad" 2>"$EV/bad.err"
eq "broken envelopes: exit" "$?" 0
accounted "$EV/bad"
every_line_json "$EV/bad"
eq "broken envelopes: counted" "$(q "$EV/bad" '.[-1].inputs[0] | [.lines, .used, .unrecognized] | tostring')" "[11,2,9]"
eq "broken envelopes: each said with -v, and why" \
    "$(sed -n 's/^smtplog: [^:]*:\([0-9]*\): unrecognized, \([^:]*\):.*/\1 \2/p' "$EV/bad.err" | paste -sd, -)" \
    "1 broken JSON,2 journal entry without MESSAGE,3 broken JSON,4 impossible date,5 impossible date,6 RFC 5424 header cut short,7 RFC 5424 structured data malformed,8 docker record with an invalid time,9 priority out of range"
eq "broken envelopes: the good line's finding" "$(q "$EV/bad" '[.[] | select(.type == "finding") | .source.line] | join(" ")')" 11

## Injected text moves no field: fail2ban's Exim line whose quoted command
## carries a fake 'H=(test) [8.8.8.8]"' before the real client.
F=$CORPUS/fail2ban/exim
if [ -f "$F" ]; then
	scan "$EV/f2b" "$F"
	eq "fail2ban exim: the real client of the injected line" \
	    "$(q "$EV/f2b" '.[] | select(.type == "finding" and .source.line == 114) | [.code, .session.client_ip, .session.helo, .command] | join(" ")')" \
	    "503 192.0.2.6 roxzgj AUTH"
	eq "fail2ban exim: no finding names the fake client" "$(q "$EV/f2b" '[.[] | select(.type == "finding" and .session.client_ip == "8.8.8.8")] | length')" 0
fi
# Postfix: a reply text and a HELO that carry a fake second record.
printf '%s\n' \
    'Mar  1 10:00:00 mx1 postfix/smtpd[400]: NOQUEUE: reject: RCPT from unknown[192.0.2.40]: 554 5.7.1 <"evil; from=<fake@x> to=<fake@y> proto=SMTP helo=<fake>"@example.com>: Relay access denied; from=<real@example.org> to=<"evil; from=<fake@x> to=<fake@y> proto=SMTP helo=<fake>"@example.com> proto=ESMTP helo=<real>' \
    'Mar  1 10:00:01 mx1 postfix/smtpd[401]: NOQUEUE: reject: RCPT from unknown[192.0.2.41]: 554 5.7.1 <x@example.com>: Relay access denied; from=<real@example.org> to=<x@example.com> proto=ESMTP helo=<x>;from=<fake@x>' \
    >"$EV/inject.log"
scan "$EV/inj" --year 2025 "$EV/inject.log"
eq "postfix injection: the reply texts, without the envelope" \
    "$(q "$EV/inj" '[.[] | select(.type == "finding") | "\(.session.client_ip) \(.text)"] | sort | join(",")')" \
    '192.0.2.40 <"evil; from=<fake@x> to=<fake@y> proto=SMTP helo=<fake>"@example.com>: Relay access denied,192.0.2.41 <x@example.com>: Relay access denied'
"$BIN" trace -o json --year 2025 192.0.2.41 "$EV/inject.log" >"$EV/inj.json" 2>/dev/null
eq "postfix injection: the real sender" "$(jq -r '.matches[0].timeline[0].what' "$EV/inj.json")" \
    "reject RCPT: 554 5.7.1 <x@example.com>: Relay access denied from=<real@example.org> to=<x@example.com>"
