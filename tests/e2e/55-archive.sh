# Part of tests/e2e.sh (sourced): archives (samples/archive).  rotated/ is
# one host (mx1) rotated over a year boundary: mail.log.2.gz on Dec 31,
# mail.log.1 from Dec 31 22:05 to Jan 1 00:20, mail.log on Jan 1; message
# 4dQm1H2xYzz7kT9 is received in mail.log.1 and bounced in mail.log.  old/
# is another host (relay1) in March 2023.  git keeps no mtimes: the files
# are copied and their mtimes set here.

AR=$TOP/samples/archive
A=$T/arch
mkdir -p "$A/rot" "$A/old"
cp "$AR"/rotated/* "$A/rot/"
cp "$AR"/old/* "$A/old/"
# set_mtimes DIR: what logrotate leaves (each file's last write).
set_mtimes() {
	touch -d '2025-12-31 18:30:00 UTC' "$1/mail.log.2.gz"
	touch -d '2026-01-01 00:25:00 UTC' "$1/mail.log.1"
	touch -d '2026-01-01 09:10:00 UTC' "$1/mail.log"
}
set_mtimes "$A/rot"
touch -d '2023-03-04 02:00:00 UTC' "$A/old/maillog.1.gz"
touch -d '2023-03-05 00:00:00 UTC' "$A/old/maillog"

# The findings of the rotated set, from the logs: rejects and bounces with
# a default code (8: 2 + 3 + 3), with the year each must get (Dec 2025,
# Jan 2026), as ISO timestamps in order.
FIND='reject: .*: (500|502|503|530|554) |status=bounced .* said: (500|502|503|530|554) '
rot_want() {	# rot_want DECYEAR
	{ zcat "$A/rot/mail.log.2.gz"; cat "$A/rot/mail.log.1" "$A/rot/mail.log"; } |
	    grep -E "$FIND" | awk -v y="$1" '{
		m = $1 == "Dec" ? 12 : 1; yy = m == 12 ? y : y + 1
		printf "%04d-%02d-%02dT%sZ\n", yy, m, $2, $3 }'
}
rot_want 2025 >"$T/ar.want"
eq "archive: findings in the logs" "$(wc -l <"$T/ar.want")" 8

## Given shuffled: read in time order, whatever the order given.
scan "$T/ar1" "$A/rot/mail.log" "$A/rot/mail.log.2.gz" "$A/rot/mail.log.1"
eq "archive shuffled exit" "$rc" 0
every_line_json "$T/ar1"
accounted "$T/ar1"
eq "archive shuffled: inputs in time order" "$(q "$T/ar1" '[.[-1].inputs[].file] | join(" ")')" \
    "$A/rot/mail.log.2.gz $A/rot/mail.log.1 $A/rot/mail.log"
eq "archive shuffled: years across the boundary" \
    "$(q "$T/ar1" '.[] | select(.type == "finding") | .timestamp')" "$(cat "$T/ar.want")"
eq "archive shuffled: no warning" "$(cat "$T/ar1.err")" ""
eq "archive lines read" "$(q "$T/ar1" '.[-1].lines.read')" \
    "$(zcat "$A/rot/mail.log.2.gz" | cat - "$A/rot/mail.log.1" "$A/rot/mail.log" | wc -l)"

## The directory: the same.
scan "$T/ar2" "$A/rot"
eq "archive dir exit" "$rc" 0
eq "archive dir: same findings" "$(grep -v '"type":"summary"' "$T/ar2" | sed "s|$A/rot/||g" | cksum)" \
    "$(grep -v '"type":"summary"' "$T/ar1" | sed "s|$A/rot/||g" | cksum)"
eq "archive dir: inputs in time order" "$(q "$T/ar2" '[.[-1].inputs[].file] | join(" ")')" \
    "$A/rot/mail.log.2.gz $A/rot/mail.log.1 $A/rot/mail.log"

## One story across two files: the bounce in mail.log (line 1) carries
## the sender and Message-ID logged in mail.log.1 (lines 6-7).
eq "archive cross-file bounce" "$(q "$T/ar1" '.[] | select(.type == "finding" and .source.line == 1 and (.source.file | endswith("/mail.log"))) | [.code, .direction, .message.queue_id, .message.from, .message.message_id] | join(" ")')" \
    "554 outbound 4dQm1H2xYzz7kT9 carol@example.org 20251231235840.4dQm1H2xYzz7kT9@example.org"
scan "$T/ar3" "$A/rot/mail.log"
eq "archive bounce alone has no sender" "$(q "$T/ar3" '.[] | select(.type == "finding" and .source.line == 1) | .message.from')" null
eq "archive: one message joined" "$(q "$T/ar1" '.[-1].messages.total')" \
    "$(q "$T/ar2" '.[-1].messages.total')"

## The old archive (2023, mtimes from then) and both hosts together: by
## time, 2023 first.  grep -E "$FIND" old/* -> 3 findings, Mar 3 and 4.
scan "$T/ar4" "$A/rot" "$A/old"
eq "archive two hosts exit" "$rc" 0
accounted "$T/ar4"
eq "archive two hosts: order" "$(q "$T/ar4" '[.[-1].inputs[].file | sub(".*/"; "")] | join(" ")')" \
    "maillog.1.gz maillog mail.log.2.gz mail.log.1 mail.log"
eq "archive old: years" "$(q "$T/ar4" '[.[] | select(.type == "finding" and .host == "relay1") | .timestamp] | join(" ")')" \
    "2023-03-03T10:12:02Z 2023-03-03T16:44:31Z 2023-03-04T06:02:12Z"
eq "archive two hosts: all findings" "$(q "$T/ar4" '.[-1].findings.total')" 11

## Misleading mtimes, all now (a copied archive): still one year boundary
## in the right place, the year being the latest that puts Dec 31 no more
## than a day after now (exact only away from the new year).
mkdir "$A/now"
cp "$A/rot"/* "$A/now/"
touch "$A/now"/*
scan "$T/ar5" "$A/now"
eq "archive now: inputs in time order" "$(q "$T/ar5" '[.[-1].inputs[].file | sub(".*/"; "")] | join(" ")')" \
    "mail.log.2.gz mail.log.1 mail.log"
eq "archive now: message joined" "$(q "$T/ar5" '.[] | select(.type == "finding" and .source.line == 1 and (.source.file | endswith("/mail.log"))) | .message.from')" \
    carol@example.org
case $(date -u +%m%d) in
1230|1231|0101) ;;
*)	rot_want $(($(date -u +%Y) - 1)) >"$T/ar5.want"
	eq "archive now: years" "$(q "$T/ar5" '.[] | select(.type == "finding") | .timestamp')" "$(cat "$T/ar5.want")" ;;
esac

## The year carried forward: mail.log's mtime says June 2025 (restored
## from a backup), which alone puts its Jan 1 in 2025; read after
## mail.log.1 (--keep-order, given oldest first) it continues in 2026.
mkdir "$A/bad"
cp "$A/rot"/* "$A/bad/"
set_mtimes "$A/bad"
touch -d '2025-06-01 00:00:00 UTC' "$A/bad/mail.log"
scan "$T/ar6" --keep-order "$A/bad/mail.log.2.gz" "$A/bad/mail.log.1" "$A/bad/mail.log"
eq "archive carry exit" "$rc" 0
eq "archive carry: years" "$(q "$T/ar6" '.[] | select(.type == "finding") | .timestamp')" "$(cat "$T/ar.want")"
eq "archive carry: joined" "$(q "$T/ar6" '.[] | select(.type == "finding" and .source.line == 1 and (.source.file | endswith("/mail.log"))) | .message.from')" \
    carol@example.org
# --year names the first file's year; the others carry it over Dec -> Jan.
scan "$T/ar6y" --keep-order --year 2025 "$A/bad/mail.log.2.gz" "$A/bad/mail.log.1" "$A/bad/mail.log"
eq "archive carry with --year: years" "$(q "$T/ar6y" '.[] | select(.type == "finding") | .timestamp')" "$(cat "$T/ar.want")"
# Alone, its mtime would say 2025; but the bounce notice cleanup made
# there has Postfix's own Message-ID, <20260101003102.4dQmPq3LkDz7kTB@mx1.example.org>,
# with the full date: the content wins, and the summary and stderr say so.
scan "$T/ar7" --keep-order "$A/bad/mail.log"
eq "archive: alone, the year of its Message-IDs" "$(q "$T/ar7" '[.[] | select(.type == "finding")][0].timestamp')" "2026-01-01T00:31:02Z"
eq "archive: year from content in period" "$(q "$T/ar7" '.[-1].period.year_from_content | "\(.assumed) \(.used)"')" "2025 2026"
eq "archive: year from content said" "$(grep -c "note: read in 2026, the year the logs' own Message-IDs give, not in 2025" "$T/ar7.err")" 1
# --year wins over the content.
scan "$T/ar7y" --keep-order --year 2025 "$A/bad/mail.log"
eq "archive: --year wins over the content" "$(q "$T/ar7y" '[[.[] | select(.type == "finding")][0].timestamp, .[-1].period.year_from_content]' | jq -c .)" '["2025-01-01T00:31:02Z",null]'

## A duplicate: mail.log.1 and mail.log.1.gz with the same text.  Skipped
## with a warning, shown in the summary; exit 0 (nothing is missing).
gzip -c "$A/rot/mail.log.1" >"$A/rot/mail.log.1.gz"
touch -d '2026-01-01 00:26:00 UTC' "$A/rot/mail.log.1.gz"
scan "$T/ar8" "$A/rot"
eq "archive dup exit" "$rc" 0
accounted "$T/ar8"
eq "archive dup warning" "$(cat "$T/ar8.err")" \
    "smtplog: $A/rot/mail.log.1.gz: skipped, a duplicate of $A/rot/mail.log.1"
eq "archive dup skipped" "$(q "$T/ar8" '.[-1].inputs[] | select(.skipped != null) | [.file, .skipped, .lines] | join(" ")')" \
    "$A/rot/mail.log.1.gz duplicate of $A/rot/mail.log.1 0"
eq "archive dup count" "$(q "$T/ar8" '.[-1].inputs_skipped')" 1
eq "archive dup: same findings" "$(q "$T/ar8" '.[-1].findings.total')" 8
eq "archive dup: lines once" "$(q "$T/ar8" '.[-1].lines.read')" "$(q "$T/ar1" '.[-1].lines.read')"
"$BIN" scan -q -o text --color never "$A/rot" 2>/dev/null | grep -q ' 0 lines  skipped: duplicate of .*/mail.log.1$'
eq "archive dup in the text summary" $? 0
rm "$A/rot/mail.log.1.gz"

## An overlap: part.log holds lines 9-16 of mail.log.1 (Dec 31 23:58:46
## on); mail.log.1's last event is the disconnect of Jan 1 00:05:13.
sed -n '9,16p' "$A/rot/mail.log.1" >"$A/rot/part.log"
touch -d '2026-01-01 00:25:00 UTC' "$A/rot/part.log"
scan "$T/ar9" "$A/rot/mail.log.1" "$A/rot/part.log"
eq "archive overlap exit" "$rc" 0
accounted "$T/ar9"
eq "archive overlap warning" "$(cat "$T/ar9.err")" \
    "smtplog: $A/rot/part.log: overlaps $A/rot/mail.log.1 (host mx1): it starts at 2025-12-31T23:58:46Z, before the last event of $A/rot/mail.log.1 at 2026-01-01T00:05:13Z"
rm "$A/rot/part.log"

## --since / --until.  Since Jan 1 00:30: mail.log.2.gz ends before the
## next file starts (Dec 31 22:05): skipped; mail.log.1 is read (the
## message) but its 3 findings are out of range; mail.log's 3 are in.
scan "$T/ar10" --since 2026-01-01T00:30 "$A/rot"
eq "archive since exit" "$rc" 0
accounted "$T/ar10"
eq "archive since: skipped" "$(q "$T/ar10" '[.[-1].inputs[] | select(.skipped != null) | (.file | sub(".*/"; "")) + ": " + .skipped] | join(", ")')" \
    "mail.log.2.gz: before --since"
eq "archive since: findings" "$(q "$T/ar10" '[.[] | select(.type == "finding") | .timestamp] | join(" ")')" \
    "$(grep '^2026-01-01T0[0-9]' "$T/ar.want" | awk '$0 >= "2026-01-01T00:30"' | tr '\n' ' ' | sed 's/ $//')"
eq "archive since: total" "$(q "$T/ar10" '.[-1].findings.total')" 3
eq "archive since: out of range" "$(q "$T/ar10" '.[-1].findings.out_of_range')" 3
eq "archive since: range" "$(q "$T/ar10" '.[-1].range | [.since, .until] | tostring')" '["2026-01-01T00:30:00Z",null]'
eq "archive since: skipped count" "$(q "$T/ar10" '.[-1].inputs_skipped')" 1
eq "archive since: still joined" "$(q "$T/ar10" '.[] | select(.type == "finding" and .source.line == 1) | .message.from')" carol@example.org
# -j reads the same files, the skipped ones listed in their places.
scan "$T/ar10j" -j 2 --since 2026-01-01T00:30 "$A/rot"
eq "archive since -j: same inputs and counts" "$(q "$T/ar10j" '.[-1] | [[.inputs[] | [.file, .lines, .skipped]], .inputs_skipped, .findings.total, .findings.out_of_range] | tostring')" \
    "$(q "$T/ar10" '.[-1] | [[.inputs[] | [.file, .lines, .skipped]], .inputs_skipped, .findings.total, .findings.out_of_range] | tostring')"
# Until Jan 1 (midnight UTC): mail.log starts after it; 4 findings before
# midnight, 1 (Jan 1 00:05:13 in mail.log.1) out of range.
scan "$T/ar11" --since 2025-12-31 --until 2026-01-01 "$A/rot"
eq "archive until exit" "$rc" 0
eq "archive until: skipped" "$(q "$T/ar11" '[.[-1].inputs[] | select(.skipped != null) | (.file | sub(".*/"; "")) + ": " + .skipped] | join(", ")')" \
    "mail.log: after --until"
eq "archive until: total" "$(q "$T/ar11" '.[-1].findings.total')" "$(grep -c '^2025-12-31' "$T/ar.want")"
eq "archive until: out of range" "$(q "$T/ar11" '.[-1].findings.out_of_range')" 1
eq "archive until: by code" "$(q "$T/ar11" '.[-1].findings.by_code | map(.count) | add')" 4
# Relative: a week ago is long after these files; all but the last of the
# host are skipped; the last is read, its findings out of range.
scan "$T/ar12" --since 1w "$A/rot"
eq "archive since 1w: skipped" "$(q "$T/ar12" '.[-1].inputs_skipped')" 2
eq "archive since 1w: findings" "$(q "$T/ar12" '[.[-1].findings.total, .[-1].findings.out_of_range] | join(" ")')" "0 3"
eq "archive since 1w: lines" "$(q "$T/ar12" '.[-1].lines.read')" "$(wc -l <"$A/rot/mail.log")"
"$BIN" scan -q --since tomorrow "$A/rot" >/dev/null 2>&1; eq "archive bad --since exit" $? 2
"$BIN" scan -q --since 2026-01-02 --until 2026-01-01 "$A/rot" >/dev/null 2>&1; eq "archive until before since exit" $? 2
"$BIN" rules --since 2h >/dev/null 2>&1; eq "archive --since with rules exit" $? 2

## Standard input keeps its place; the files on each side are ordered.
zcat "$A/rot/mail.log.2.gz" | "$BIN" scan -q -o ndjson "$A/old/maillog" - "$A/rot/mail.log" "$A/rot/mail.log.1" >"$T/ar13" 2>/dev/null
eq "archive stdin: order" "$(q "$T/ar13" '[.[-1].inputs[].file | sub(".*/"; "")] | join(" ")')" \
    "maillog - mail.log.1 mail.log"

# A pipe is not read before the scan either: all its lines are scanned.
mkfifo "$T/ar.fifo"
zcat "$A/rot/mail.log.2.gz" >"$T/ar.fifo" &
scan "$T/ar15" "$A/rot/mail.log" "$T/ar.fifo" "$A/rot/mail.log.1"
wait
eq "archive fifo: order" "$(q "$T/ar15" '[.[-1].inputs[].file | sub(".*/"; "")] | join(" ")')" \
    "mail.log ar.fifo mail.log.1"
eq "archive fifo: lines" "$(q "$T/ar15" '.[-1].inputs[1].lines')" "$(zcat "$A/rot/mail.log.2.gz" | wc -l)"

## No progress line when stderr is not a terminal, nor with -q on one.
"$BIN" scan -o json "$A/rot" >/dev/null 2>"$T/ar14.err"
eq "archive no progress off a tty" "$(cat "$T/ar14.err")" ""

## The progress line, on a terminal (script(1) gives one): standard input
## with a pause of 1.3 s, then 200000 more lines, so that the scan lasts
## more than a second; erased at the end ("\r" ESC "[K" last).  -q: none.
if command -v script >/dev/null 2>&1; then
	cat >"$T/prog.sh" <<'EOS'
{ cat "$1"; sleep 1.3; yes 'Jan  1 00:21:00 mx1 kernel: [12345.678] eth0: link up' |
    head -n 200000; } | "$2" scan $3 -o json - >"$4"
EOS
	script -qec "sh '$T/prog.sh' '$A/rot/mail.log.1' '$BIN' '' '$T/prog.json'" /dev/null >"$T/prog.tty" 2>&1
	eq "progress on a tty" "$(grep -c 'smtplog: 0/1 files, .* MB, .* lines, .* lines/s: -' "$T/prog.tty")" 1
	eq "progress erased at the end" "$(tail -c 4 "$T/prog.tty" | od -An -c | tr -d ' \n')" '\r033[K'
	eq "progress scan complete" "$(jq '.summary.lines.read' "$T/prog.json")" $((200000 + $(wc -l <"$A/rot/mail.log.1")))
	script -qec "sh '$T/prog.sh' '$A/rot/mail.log.1' '$BIN' -q '$T/prog.json'" /dev/null >"$T/prog.tty" 2>&1
	eq "progress off with -q" "$(grep -c 'lines/s' "$T/prog.tty")" 0
fi

## merge adds up what was skipped and left out: 1 + 2 files (since Jan 1
## 00:30, since a week ago), 3 + 3 findings (see above).  Both read the
## same files: merge refuses that (the same text scanned twice), so the
## second partial's inputs lose their identities here (as a partial of
## schema 1 has none) to test the arithmetic.
"$BIN" scan -q -o summary-json --since 2026-01-01T00:30 "$A/rot" >"$T/arm1" 2>/dev/null
"$BIN" scan -q -o summary-json --since 1w "$A/rot" >"$T/arm2" 2>/dev/null
cat "$T/arm1" "$T/arm2" | "$BIN" merge >/dev/null 2>"$T/arm.err"
eq "archive merge: the same files scanned twice: exit" $? 1
eq "archive merge: the same files scanned twice: said" "$(grep -c 'merged already from another summary' "$T/arm.err")" 1
jq -c '.inputs[].id = null' "$T/arm2" >"$T/arm2.noid"
cat "$T/arm1" "$T/arm2.noid" | "$BIN" merge >"$T/arm"
eq "archive merge: skipped" "$(jq -c '[.inputs_skipped, .findings.out_of_range, ([.inputs[] | select(.skipped != null)] | length)]' "$T/arm")" "[3,6,3]"

## Two files with the same first 64 KiB and different ends are not
## duplicates, even when the first lines give no time (transcripts: the
## whole file is read for the probe but only 64 KiB of it is hashed).
i=0
while [ $i -lt 1800 ]; do
	printf 'S: 250-mx.example.org line %04d of a long EHLO reply, padding\n' $i
	i=$((i + 1))
done >"$A/same-start.txt"
cp "$A/same-start.txt" "$A/same-start2.txt"
printf 'C: QUIT\nS: 221 bye\n' >>"$A/same-start.txt"
printf 'C: QUIT\nS: 554 no\n' >>"$A/same-start2.txt"
"$BIN" scan -q -o ndjson "$A/same-start.txt" "$A/same-start2.txt" >"$A/ss.nd" 2>"$A/ss.err"
eq "same start, other end: not a duplicate" "$(jq -s -r '[.[-1].inputs[] | .skipped] | map(tostring) | join(" ")' "$A/ss.nd")" "null null"
eq "same start, other end: nothing said" "$(cat "$A/ss.err")" ""
