# Part of tests/e2e.sh (sourced): fault and bad-input tests:
# empty file, corrupt gzip member, gzip bomb, directories and unreadable
# files, hostile bytes, 10 MB line, never-ending sessions, SIGPIPE, then
# truncated gzip, binary garbage, invalid UTF-8, disk full in every format
# and command, a format switch midway, a runaway rule pattern.
# For each: the exact message and exit status, every output line is JSON,
# every input line is accounted for, and the other inputs still scanned.
#
# SMTPLOG_E2E_SESSIONS scales the never-ending-sessions test (10 million by
# default; make asan and make valgrind use fewer).  SMTPLOG_E2E_NO_RSS=1
# skips the peak-memory checks, which mean nothing under ASan or valgrind.

F=$T/faults
mkdir -p "$F"
S=$TOP/samples/postfix
NS=$(wc -l <"$S/mail.log")
# Another host's log of the same size: inputs are read in time order, a
# file with the text of one read before is a duplicate (skipped) and one
# of the same host that starts before the end of the previous overlaps
# (said); a second good input must be none of these.
sed 's/ mx1 / mx2 /' "$S/mail.log" >"$F/other.log"

## An empty file is a log with nothing in it yet (a fresh rotation): exit 0.
: >"$F/empty.log"
scan "$F/empty" --year 2025 "$F/empty.log" "$S/mail.log"
eq "empty file exit" "$rc" 0
eq "empty file: nothing said" "$(cat "$F/empty.err")" ""
eq "empty file counted, no format" "$(q "$F/empty" '.[-1].inputs[0] | [.lines, .format] | tostring')" '[0,null]'
eq "empty file: next input scanned" "$(q "$F/empty" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/empty"

## Corrupt gzip in the middle of a multi-member file: the members before
## it are read, the error names the file, the member (its number and first
## byte) and the compressed byte offset where inflate failed (or the
## member's end, when only its check finds the damage); the lines decoded
## from the damaged part are counted.
head -n 20 "$S/mail.log" | gzip >"$F/m1.gz"
sed -n '21,40p' "$S/mail.log" | gzip >"$F/m2.gz"
sed -n '41,$p' "$S/mail.log" | gzip >"$F/m3.gz"
m1=$(wc -c <"$F/m1.gz")
# Flip 20 bytes of the second member's deflate data (its header is 10 bytes).
cp "$F/m2.gz" "$F/m2x.gz"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of="$F/m2x.gz" bs=1 seek=12 conv=notrunc 2>/dev/null
cat "$F/m1.gz" "$F/m2x.gz" "$F/m3.gz" >"$F/multi.gz"
scan "$F/multi" --year 2025 "$F/multi.gz" "$F/other.log"
eq "corrupt member exit" "$rc" 1
eq "corrupt member message" "$(sed 's/): .*/): .../' "$F/multi.err")" \
    "smtplog: $F/multi.gz: corrupt gzip data in member 2 (from byte $m1): ..."
off=$(sed -n 's/.*): [^0-9]* byte \([0-9]*\).*/\1/p' "$F/multi.err")
eq "corrupt member: offset is past the good first member" "$([ "${off:-0}" -ge "$m1" ] && echo yes)" yes
eq "corrupt member: damaged lines counted (none: its block header is hit), not the first member's" \
    "$(q "$F/multi" '.[-1] | .inputs[0].damaged <= .inputs[0].lines - 20 and .lines.damaged == .inputs[0].damaged')" true
eq "corrupt member: first member's lines kept" "$(q "$F/multi" '.[-1].inputs[0] | .lines >= 20 and .used == .lines')" true
eq "corrupt member: error in summary" "$(q "$F/multi" '.[-1].inputs[0].error | test("corrupt gzip")')" true
eq "corrupt member: next input scanned" "$(q "$F/multi" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/multi"
accounted "$F/multi"

## Damage in the middle of one long member (20,000 lines, many deflate
## blocks): it is placed in the member, never reported as the file being
## cut short at its end, and the lines decoded from the damaged part are
## counted as damaged.  Inflate often decodes on past such damage (Huffman
## codes fall back into step) and only the member's check at its end
## finds it: then the whole member is counted.
awk 'BEGIN { for (i = 0; i < 20000; i++)
    printf "Nov 10 06:%02d:%02d mx postfix/smtpd[%d]: connect from h%d.example[10.%d.%d.%d]\n",
	int(i / 60) % 60, i % 60, 1000 + i % 977, i * 7919 % 100003, i % 256, int(i / 7) % 256, i * 13 % 256 }' |
    gzip -n >"$F/long.gz"
lsz=$(wc -c <"$F/long.gz")
cp "$F/long.gz" "$F/mid.gz"
printf '\125\252\125\252' | dd of="$F/mid.gz" bs=1 seek=$((lsz / 2)) conv=notrunc 2>/dev/null
scan "$F/mid" --year 2025 "$F/mid.gz"
eq "damage mid-member: exit" "$rc" 1
eq "damage mid-member: placed in member 1, not 'truncated at the end'" \
    "$(grep -c "corrupt gzip data in member 1 (from byte 0): \(its check failed at its end\|inflate failed at byte\)" "$F/mid.err")" 1
eq "damage mid-member: lines from the damaged part counted" \
    "$(q "$F/mid" '.[-1].inputs[0] | .damaged > 0 and .damaged <= .lines')" true
every_line_json "$F/mid"
accounted "$F/mid"

## A gzip bomb-like ratio: 200 MB of NUL bytes in ~200 KB.  Streamed in
## bounded memory: one line, cut at the line bound, counted.
head -c 200000000 /dev/zero | gzip -1 >"$F/bomb.gz"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$F/bomb.rss" "$BIN" scan -q -o ndjson --format postfix \
	    "$F/bomb.gz" >"$F/bomb" 2>"$F/bomb.err"
	rc=$?
	rss=$(tail -n 1 "$F/bomb.rss")
	[ -n "${SMTPLOG_E2E_NO_RSS:-}" ] ||
	    eq "gzip bomb: peak RSS under 64 MiB" "$([ "$rss" -lt 65536 ] && echo yes)" yes
else
	scan "$F/bomb" --format postfix "$F/bomb.gz"
fi
# Never a silent all-clear: no Postfix line in it, said, exit 1.
eq "gzip bomb exit" "$rc" 1
eq "gzip bomb: said" "$(cat "$F/bomb.err")" \
    "smtplog: $F/bomb.gz: no postfix line in its 1 line; its lines are blank or NUL bytes"
eq "gzip bomb: all bytes inflated" "$(q "$F/bomb" '.[-1].bytes')" 200000000
eq "gzip bomb: one line, cut, with NULs" "$(q "$F/bomb" '.[-1].lines | [.read, .truncated, .nul_bytes, .unrecognized + .ignored] | tostring')" '[1,1,1,1]'
every_line_json "$F/bomb"
# Without --format nothing claims it: exit 1, said, and what was read of it
# (one cut line of NULs, all 200 MB inflated) still counted.
scan "$F/bomb2" "$F/bomb.gz"
eq "gzip bomb, unknown format: exit" "$rc" 1
eq "gzip bomb, unknown format: said" "$(cat "$F/bomb2.err")" \
    "smtplog: $F/bomb.gz: not a mail log: none of its 1 line is a postfix, exim, transcript line; its lines are blank or NUL bytes"
every_line_json "$F/bomb2"
accounted "$F/bomb2"
eq "gzip bomb, unknown format: counted" "$(q "$F/bomb2" '.[-1].inputs[0] | [.compressed, .lines, .ignored, .truncated, .nul_bytes, .bytes] | tostring')" '[true,1,1,1,1,200000000]'

## A directory among good files: regular files in it are scanned, its
## subdirectories are not (said); an unreadable file is named, exit 1,
## the others still scanned.
mkdir -p "$F/dir/sub"
cp "$S/mail.log" "$F/dir/a.log"
cp "$S/mail.log" "$F/dir/sub/b.log"
mkdir -p "$F/emptydir/sub"
# --keep-order: a.log and other.log start at the same second, and by
# time their order would hang on the temp directory's path.
scan "$F/dirs" --year 2025 --keep-order "$F/dir" "$F/emptydir" "$F/other.log"
eq "directory among files exit" "$rc" 0
grep -q "emptydir: no regular files in this directory (subdirectories are not scanned)" "$F/dirs.err"
eq "directory without files is said" $? 0
eq "directory: its file and the next input scanned, not the subdirectory" \
    "$(q "$F/dirs" '[.[-1].inputs[] | .file | sub(".*/"; "")] | join(" ")')" "a.log other.log"
cp "$S/mail.log" "$F/unreadable.log"
chmod 000 "$F/unreadable.log"
# Root (or CAP_DAC_OVERRIDE) reads a mode-000 file: then run the scan as
# nobody to see the error a user sees; skip, saying why, when that is not
# possible or nobody can read it too.
AS=
if cat "$F/unreadable.log" >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
		AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 711 "$T"
		chmod 755 "$F"
		if $AS cat "$F/unreadable.log" >/dev/null 2>&1; then
			printf 'SKIP: unreadable file test: mode 000 does not stop even nobody from reading here\n' >&2
			AS=skip
		fi
	else
		printf 'SKIP: unreadable file test: this user reads a mode-000 file (root without setpriv, or CAP_DAC_OVERRIDE)\n' >&2
		AS=skip
	fi
fi
if [ "$AS" != skip ]; then
	if [ -n "$AS" ]; then
		cp "$S/mail.log" "$F/readable.log"
		$AS "$BIN" scan -q -o ndjson --year 2025 "$F/readable.log" >/dev/null 2>&1
		eq "as nobody, a readable file in the same place scans" $? 0
	fi
	$AS "$BIN" scan -q -o ndjson --year 2025 "$F/unreadable.log" "$S/mail.log" \
	    >"$F/unr" 2>"$F/unr.err"
	rc=$?
	eq "unreadable file exit" "$rc" 1
	eq "unreadable file message" "$(cat "$F/unr.err")" "smtplog: $F/unreadable.log: Permission denied"
	eq "unreadable file: next input scanned" "$(q "$F/unr" '.[-1].inputs[1].lines')" "$NS"
	eq "unreadable file: error in summary" "$(q "$F/unr" '.[-1].inputs[0].error')" "Permission denied"
	every_line_json "$F/unr"
	accounted "$F/unr"
fi
chmod 644 "$F/unreadable.log"

## NUL bytes, invalid UTF-8 (an overlong "/" and a stray 0xff) and terminal
## escape sequences in attacker-controlled fields: counted, kept out of
## the terminal, valid JSON with the bytes visible.
printf 'Nov 10 06:00:01 mx postfix/smtpd[10]: connect from unknown[192.0.2.1]\n' >"$F/hostile.log"
printf 'Nov 10 06:00:02 mx postfix/smtpd[10]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <\033]0;pwned\007\033[2Jx@y.example>: Relay access denied; from=<a\300\257b@example.org> to=<x@y.example> proto=ESMTP helo=<\033]0;pwned\007evil\377>\n' >>"$F/hostile.log"
printf 'Nov 10 06:00:02 mx postfix/smtpd[10]: warning: nul \000 here\n' >>"$F/hostile.log"
printf 'Nov 10 06:00:03 mx postfix/smtpd[10]: disconnect from unknown[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 commands=2/3\n' >>"$F/hostile.log"
scan "$F/hos" --year 2025 "$F/hostile.log"
eq "hostile bytes exit" "$rc" 0
every_line_json "$F/hos"
accounted "$F/hos"
eq "hostile: counters" "$(q "$F/hos" '.[-1].lines | [.read, .nul_bytes, .invalid_utf8] | tostring')" '[4,1,1]'
eq "hostile: the finding survives" "$(q "$F/hos" '[.[] | select(.type == "finding")] | map(.code) | tostring')" '[554]'
eq "hostile: escape kept as data in JSON" "$(q "$F/hos" '.[0].session.helo | startswith("\u001b]0;pwned\u0007evil")')" true
"$BIN" scan -q -o text --color always --year 2025 "$F/hostile.log" >"$F/hos.txt" 2>/dev/null
eq "hostile: no OSC or BEL reaches the terminal" "$(LC_ALL=C tr -d '\n' <"$F/hos.txt" | LC_ALL=C tr -cd '\007' | wc -c)" 0
eq "hostile: only colour escapes in text" "$(LC_ALL=C grep -a -o "$(printf '\033')[^m]*" "$F/hos.txt" | LC_ALL=C grep -v -c '^.\[[0-9;]*$')" 0
grep -q 'x1b\]0;pwned' "$F/hos.txt"; eq "hostile: escape shown escaped" $? 0

## A 10 MB line between good lines: cut at the bound and counted; the
## lines around it are parsed.
{
	sed -n '1,5p' "$S/mail.log"
	printf 'Nov 10 06:00:02 mx postfix/smtpd[10]: warning: '
	head -c 10485760 /dev/zero | tr '\0' 'A'
	printf '\n'
	sed -n '6,$p' "$S/mail.log"
} >"$F/long.log"
scan "$F/long" --year 2025 "$F/long.log"
eq "10 MB line exit" "$rc" 0
eq "10 MB line: nothing said" "$(cat "$F/long.err")" ""
every_line_json "$F/long"
eq "10 MB line: counted as truncated" "$(q "$F/long" '.[-1].lines | [.read, .truncated] | tostring')" "[$((NS + 1)),1]"
scan "$F/long0" --year 2025 "$S/mail.log"
eq "10 MB line: findings around it unchanged" "$(q "$F/long" '.[-1].findings.total')" "$(q "$F/long0" '.[-1].findings.total')"
accounted "$F/long"

## Sessions that never disconnect: memory stays bounded by --max-sessions,
## the overflow is counted.
NSESS=${SMTPLOG_E2E_SESSIONS:-10000000}
MAXS=$((NSESS / 100))
awk -v n="$NSESS" 'BEGIN { for (i = 0; i < n; i++)
    printf "Nov 10 06:00:00 mx postfix/smtpd[%d]: connect from unknown[10.%d.%d.%d]\n",
	i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$F/sess.log"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$F/sess.rss" "$BIN" scan -q -o ndjson --year 2025 \
	    --max-sessions $MAXS "$F/sess.log" >"$F/sess" 2>"$F/sess.err"
	rc=$?
	rss=$(tail -n 1 "$F/sess.rss")
	# NSESS/100 sessions (100000 by default) of a few hundred bytes
	# each; the input size is no factor.
	[ -n "${SMTPLOG_E2E_NO_RSS:-}" ] ||
	    eq "never-ending sessions: peak RSS under 256 MiB" "$([ "$rss" -lt 262144 ] && echo yes)" yes
else
	scan "$F/sess" --year 2025 --max-sessions $MAXS "$F/sess.log"
fi
eq "never-ending sessions exit" "$rc" 0
eq "never-ending sessions: all counted, overflow evicted" \
    "$(q "$F/sess" '.[-1].sessions | [.total, .evicted] | tostring')" "[$NSESS,$((NSESS - MAXS))]"
grep -q "the --max-sessions bound ($MAXS) closed $((NSESS - MAXS)) sessions early.*raise --max-sessions" "$F/sess.err"
eq "never-ending sessions: the eviction is said, with the bound hit" $? 0
eq "never-ending sessions: every line used" "$(q "$F/sess" '.[-1].lines | [.read, .used] | tostring')" "[$NSESS,$NSESS]"
every_line_json "$F/sess"

## The same under a memory budget alone (--max-memory): sessions and
## messages share it, whatever their number; peak RSS stays near it.
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$F/mem.rss" "$BIN" scan -q -o ndjson --year 2025 \
	    --max-memory 32M "$F/sess.log" >"$F/mem" 2>"$F/mem.err"
	rc=$?
	[ -n "${SMTPLOG_E2E_NO_RSS:-}" ] ||
	    eq "memory budget: peak RSS under the budget + 32 MiB" "$([ "$(tail -n 1 "$F/mem.rss")" -lt 65536 ] && echo yes)" yes
else
	scan "$F/mem" --year 2025 --max-memory 32M "$F/sess.log"
fi
eq "memory budget: exit" "$rc" 0
ev=$(q "$F/mem" '.[-1].sessions.evicted')
eq "memory budget: sessions evicted, tens of thousands kept" \
    "$([ "$ev" -gt $((NSESS - 100000)) ] && [ "$ev" -lt $((NSESS - 10000)) ] && echo yes)" yes
grep -q "the memory budget (--max-memory 32M) closed $ev sessions and 0 messages early.*raise --max-memory" "$F/mem.err"
eq "memory budget: the eviction is said, with the bound hit" $? 0
rm -f "$F/sess.log"
# Queued messages that never leave the queue share the budget too (ids of
# six hex digits or more, as Postfix writes them, whatever NSESS is).
awk -v n=$((NSESS / 10)) 'BEGIN { for (i = 0; i < n; i++)
    printf "Nov 10 06:00:00 mx postfix/qmgr[9]: %X: from=<s%d@example.org>, size=1000, nrcpt=1 (queue active)\n", i + 1048576, i }' >"$F/msg.log"
scan "$F/msg" --year 2025 --max-memory 4M "$F/msg.log"
eq "memory budget, messages: exit" "$rc" 0
em=$(q "$F/msg" '.[-1] | [.messages.total, .messages.evicted, .lines.used] | tostring')
eq "memory budget, messages: all counted, the overflow evicted" \
    "$(echo "$em" | jq -r '(.[0] == .[2]) and .[0] > 10000 and .[1] > 0 and .[1] < .[0]')" true
grep -q "the memory budget (--max-memory 4M) closed 0 sessions and $(echo "$em" | jq -r '.[1]') messages early" "$F/msg.err"
eq "memory budget, messages: said" $? 0
rm -f "$F/msg.log"

## Piped into head: the scan stops at once (SIGPIPE), quietly.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	cat "$S/mail.log"
done >"$F/rep.log"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$F/rep.log"; done >"$F/rep10.log"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$F/rep10.log"; done >"$F/rep.log"
rm -f "$F/rep10.log"
("$BIN" scan -o ndjson --year 2025 "$F/rep.log" 2>"$F/pipe.err"; echo $? >"$F/pipe.rc") | head -n 1 >"$F/pipe.out"
eq "SIGPIPE: head got a line" "$(wc -l <"$F/pipe.out")" 1
eq "SIGPIPE: killed by the signal, not an error exit" "$(cat "$F/pipe.rc")" 141
eq "SIGPIPE: nothing on stderr" "$(wc -c <"$F/pipe.err")" 0
rm -f "$F/rep.log"

## A truncated gzip file among good ones: the lines before the cut are
## kept, the cut is named with its byte, the next input is scanned.
head -n 30 "$S/mail.log" | gzip >"$F/t.gz"
tsz=$(wc -c <"$F/t.gz")
head -c $((tsz - 20)) "$F/t.gz" >"$F/trunc.gz"
scan "$F/trunc" --year 2025 --keep-order "$F/trunc.gz" "$F/other.log"
eq "truncated gzip exit" "$rc" 1
eq "truncated gzip message" "$(sed 's/deflate \(block\|data\) from byte [0-9]*; [0-9]* lines/deflate block from byte N; K lines/' "$F/trunc.err")" \
    "smtplog: $F/trunc.gz: gzip data truncated in member 1 (from byte 0): the file ends at byte $((tsz - 20)) inside the deflate block from byte N; K lines from it counted as damaged"
eq "truncated gzip: error in summary" "$(q "$F/trunc" '.[-1].inputs[0].error')" \
    "$(sed 's/^smtplog: [^:]*: //' "$F/trunc.err")"
# The 20 bytes cut are the 8-byte trailer and the end of the deflate data:
# most of the 30 lines come out, never more.
eq "truncated gzip: lines before the cut kept" \
    "$(q "$F/trunc" '.[-1].inputs[0] | .lines > 0 and .lines <= 30 and .compressed')" true
eq "truncated gzip: next input scanned" "$(q "$F/trunc" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/trunc"
accounted "$F/trunc"

## Binary garbage between good inputs: no line of it is a mail log's
## (exit 1, said with a line of it), every line read and counted (not
## used), the inputs around it are scanned.  Each line starts with "x",
## so that it is never taken for gzip nor any line for a transcript's
## (a random line may start with "S: "), and there are more than 50
## (~1,000 in 256 KiB of pseudo-random bytes): the lines held for
## detection are more than the first 50.  The bytes come from a fixed
## seed, so every run reads the same garbage (with /dev/urandom, the
## transcript case below passed or failed with the random line count).
LC_ALL=C awk 'BEGIN { srand(8); for (i = 0; i < 262144; i++)
    printf "%c", int(rand() * 255) + 1 }' | sed 's/^/x/' >"$F/garbage.bin"
printf '\n' >>"$F/garbage.bin"
ngl=$(tr -cd '\n' <"$F/garbage.bin" | wc -c)
scan "$F/garb" --year 2025 "$S/mail.log" "$F/garbage.bin" "$F/other.log"
eq "binary garbage exit" "$rc" 1
eq "binary garbage message" "$(sed 's/; line [0-9].*//' "$F/garb.err")" \
    "smtplog: $F/garbage.bin: not a mail log: none of its $ngl lines is a postfix, exim, transcript line"
eq "binary garbage: every line counted, none used" \
    "$(q "$F/garb" '.[-1].inputs[1] | [.format, .lines, .ignored + .unrecognized, .used, .error] | tostring')" \
    "[null,$ngl,$ngl,0,\"not a mail log\"]"
eq "binary garbage: inputs around it scanned" "$(q "$F/garb" '[.[-1].inputs[0,2].lines] | tostring')" "[$NS,$NS]"
eq "binary garbage: input_errors" "$(q "$F/garb" '.[-1].input_errors')" 1
every_line_json "$F/garb"
accounted "$F/garb"

## The same garbage with one transcript line in its middle: the lines
## without an envelope from there on are the transcript parser's, and it
## understood one of them: said, and exit 1.
{ head -n 150 "$F/garbage.bin"; echo 'S: 220 mx.example.com ESMTP'
  tail -n +151 "$F/garbage.bin"; } >"$F/garbage2.bin"
scan "$F/garb2" --year 2025 "$F/garbage2.bin"
eq "garbage and a transcript line: exit" "$rc" 1
eq "garbage and a transcript line: message" "$(sed 's/ were understood.*//; s/of its [0-9]* /of its N /' "$F/garb2.err")" \
    "smtplog: $F/garbage2.bin: only 1 of its N transcript lines"
eq "garbage and a transcript line: counted" \
    "$(q "$F/garb2" '.[-1].inputs[0] | [.format, .lines - .ignored - .unrecognized, .used] | tostring')" \
    '["transcript",1,1]'

## Invalid UTF-8, one kind per line in the HELO name of a reject: overlong
## forms of 2, 3 and 4 bytes, a UTF-16 surrogate, a code point above
## U+10FFFF, a sequence cut short, a stray continuation byte; and one line
## of valid multi-byte UTF-8 that must not be counted.  Each bad byte
## becomes one U+FFFD in the JSON; the JSON stays valid UTF-8.
u8line() {	# u8line SECOND HELO-BYTES
	printf 'Nov 10 07:00:%02d mx postfix/smtpd[20]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@y.example>: Relay access denied; from=<a@example.org> to=<x@y.example> proto=ESMTP helo=<a%bb>\n' "$1" "$2"
}
{
	printf 'Nov 10 07:00:00 mx postfix/smtpd[20]: connect from unknown[192.0.2.9]\n'
	u8line 1 '\300\257'		# overlong "/" (2 bytes)
	u8line 2 '\340\200\257'		# overlong "/" (3 bytes)
	u8line 3 '\360\200\200\257'	# overlong "/" (4 bytes)
	u8line 4 '\355\240\200'		# U+D800, a surrogate
	u8line 5 '\364\220\200\200'	# U+110000
	u8line 6 '\342\202'		# the euro sign cut short
	u8line 7 '\200'			# a continuation byte alone
	u8line 8 '\303\251\346\227\245\360\237\230\200'	# valid: e-acute, a CJK sign, an emoji
	printf 'Nov 10 07:00:09 mx postfix/smtpd[20]: disconnect from unknown[192.0.2.9] ehlo=1 mail=8 rcpt=0/8 commands=9/17\n'
} >"$F/utf8.log"
scan "$F/u8" --year 2025 "$F/utf8.log"
eq "invalid UTF-8 exit" "$rc" 0
eq "invalid UTF-8: 7 lines counted, the valid one not" "$(q "$F/u8" '.[-1].lines | [.read, .invalid_utf8] | tostring')" '[10,7]'
R=$(printf '\357\277\275')	# U+FFFD
eq "invalid UTF-8: one U+FFFD per bad byte, valid text kept" \
    "$(q "$F/u8" '[.[] | select(.type == "finding") | .session.helo] | join(" ")')" \
    "a$R${R}b a$R$R${R}b a$R$R$R${R}b a$R$R${R}b a$R$R$R${R}b a$R${R}b a${R}b a$(printf '\303\251\346\227\245\360\237\230\200')b"
iconv -f UTF-8 -t UTF-8 "$F/u8" >/dev/null 2>&1
eq "invalid UTF-8: the output is valid UTF-8" $? 0
every_line_json "$F/u8"
accounted "$F/u8"
# The text report shows no raw bad byte either, nor a C1 control (U+009B
# is CSI to some terminals): they are shown escaped.
printf 'Nov 10 07:00:00 mx postfix/smtpd[21]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@y.example>: Relay access denied \302\2332J\2332J; from=<a@example.org> to=<x@y.example> proto=ESMTP helo=<a\300\257b>\n' >"$F/c1.log"
"$BIN" scan -q -o text --color never --year 2025 "$F/c1.log" >"$F/c1.txt" 2>/dev/null
eq "C1 control: exit" $? 0
eq "C1 control: no 0x9b byte in the text report" "$(LC_ALL=C tr -cd '\233' <"$F/c1.txt" | wc -c)" 0
eq "C1 control and bad bytes: no byte >= 0x80 at all in the text report" \
    "$(LC_ALL=C tr -cd '\200-\377' <"$F/c1.txt" | wc -c)" 0

## Disk full on output: a clear error and exit 1 in every output format
## and every command, never a silent truncated file.
for fmt in text json ndjson html prometheus summary-json; do
	"$BIN" scan -q -o "$fmt" --year 2025 "$S/mail.log" >/dev/full 2>"$F/full.err"
	eq "disk full, scan -o $fmt: exit" $? 1
	eq "disk full, scan -o $fmt: message" "$(cat "$F/full.err")" "smtplog: standard output: write error: No space left on device"
done
"$BIN" scan -q -o ndjson -j 2 --year 2025 "$S/mail.log" "$F/other.log" >/dev/full 2>"$F/full.err"
eq "disk full, scan -j 2: exit" $? 1
eq "disk full, scan -j 2: message" "$(cat "$F/full.err")" "smtplog: standard output: write error: No space left on device"
"$BIN" explain 554 >/dev/full 2>"$F/full.err"
eq "disk full, explain: exit and message" "$?:$(cat "$F/full.err")" "1:smtplog: standard output: write error: No space left on device"
"$BIN" rules >/dev/full 2>"$F/full.err"
eq "disk full, rules: exit and message" "$?:$(cat "$F/full.err")" "1:smtplog: standard output: write error: No space left on device"
"$BIN" scan -q -o summary-json --year 2025 "$S/mail.log" >"$F/part.json" 2>/dev/null
"$BIN" merge "$F/part.json" >/dev/full 2>"$F/full.err"
eq "disk full, merge: exit and message" "$?:$(cat "$F/full.err")" "1:smtplog: standard output: write error: No space left on device"

## A log that switches format midway: Postfix lines, then an Exim
## mainlog, then Postfix again, then Exim again.  Each line goes to its
## parser (the Postfix lines by their envelope, the Exim ones, which have
## none, by detection): the file gives what its parts give, and nothing
## is said.
E=$TOP/samples/exim
NE=$(wc -l <"$E/mainlog")
cat "$S/mail.log" "$E/mainlog" "$S/mail.log" "$E/mainlog" >"$F/switch.log"
scan "$F/sw" --year 2025 --keep-order "$F/switch.log" "$E/mainlog"
eq "format switch exit" "$rc" 0
eq "format switch: nothing said" "$(cat "$F/sw.err")" ""
scan "$F/sw1" --year 2025 "$S/mail.log"
scan "$F/sw2" --year 2025 "$E/mainlog"
eq "format switch: every line counted, both formats" "$(q "$F/sw" '.[-1].inputs[0] | [.format, .lines] | tostring')" "[\"postfix+exim\",$((2 * NS + 2 * NE))]"
pu=$(q "$F/sw1" '.[-1].inputs[0].used')
eu=$(q "$F/sw2" '.[-1].inputs[0].used')
eq "format switch: the lines used are those of the parts" \
    "$(q "$F/sw" '.[-1].inputs[0].used')" "$((2 * pu + 2 * eu))"
eq "format switch: the next input scanned as ever" \
    "$(q "$F/sw" '[.[-1].inputs[1] | .format, .lines, .used] | tostring')" \
    "$(q "$F/sw2" '[.[-1].inputs[0] | .format, .lines, .used] | tostring')"
# The findings: the sum of the parts (the Exim mainlog read twice in the
# file keys its sessions by process, so its second copy repeats them).
eq "format switch: the findings of the parts" \
    "$(q "$F/sw" '[.[] | select(.type == "finding" and (.source.file | endswith("switch.log")))] | length')" \
    "$(($(q "$F/sw1" '.[-1].findings.total') * 2 + $(q "$F/sw2" '.[-1].findings.total') * 2))"
every_line_json "$F/sw"
accounted "$F/sw"
# Exim first, then Postfix; and a few Postfix lines before the Exim ones.
cat "$E/mainlog" "$S/mail.log" >"$F/switch2.log"
scan "$F/sw3" --year 2025 "$F/switch2.log"
eq "Exim then Postfix: nothing said" "$(cat "$F/sw3.err")" ""
eq "Exim then Postfix: both read" "$(q "$F/sw3" '.[-1].inputs[0] | [.format, .used] | tostring')" "[\"postfix+exim\",$((pu + eu))]"
accounted "$F/sw3"
{ head -n 10 "$S/mail.log"; cat "$E/mainlog"; } >"$F/switch3.log"
scan "$F/sw4" --year 2025 "$F/switch3.log"
eq "Postfix lines before Exim ones: both read" \
    "$(q "$F/sw4" '.[-1].inputs[0] | [.format, .lines] | tostring')" "[\"postfix+exim\",$((NE + 10))]"
accounted "$F/sw4"
# Other programs' lines between Postfix lines are counted as ignored:
# the samples (Postfix among other daemons) say nothing.
scan "$F/sw5" --year 2025 "$S/mail.log" "$S/mail.log.1.gz"
eq "no format change in the samples: nothing said" "$(cat "$F/sw5.err")" ""

## A catastrophic-backtracking pattern in a rule file: PCRE2's limits stop
## it, the reply falls to the next rule, the scan says so once at the end
## and goes on with the next input.
A=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
printf 'Nov 22 09:00:01 mx postfix/smtpd[600]: connect from a[192.0.2.5]\nNov 22 09:00:02 mx postfix/smtpd[600]: NOQUEUE: reject: RCPT from a[192.0.2.5]: 554 5.7.1 <x@example.com>: %s!; from=<s@example.org> to=<x@example.com> proto=ESMTP helo=<a>\nNov 22 09:00:03 mx postfix/smtpd[600]: disconnect from a[192.0.2.5]\n' "$A" >"$F/runaway.log"
scan "$F/rx" --year 2025 --keep-order --rules "$TOP/tests/data/rules/backtrack.json" "$F/runaway.log" "$S/mail.log"
eq "runaway pattern exit" "$rc" 0
eq "runaway pattern: said once" "$(cat "$F/rx.err")" \
    "smtplog: 1 rule pattern match gave up at the PCRE2 limits and counted as no match; find the pattern with 'smtplog rules --check FILE'"
eq "runaway pattern: the reply falls to the next rule" \
    "$(q "$F/rx" '[.[] | select(.type == "finding" and .source.file == "'"$F/runaway.log"'") | .rule] | join(" ")')" base-554-inbound
eq "runaway pattern: the next input scanned" "$(q "$F/rx" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/rx"
accounted "$F/rx"
