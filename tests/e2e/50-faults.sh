# Part of tests/e2e.sh (sourced): fault and bad-input tests (issue 8).
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

## An empty file is a log with nothing in it yet (a fresh rotation): exit 0.
: >"$F/empty.log"
scan "$F/empty" "$F/empty.log" "$S/mail.log"
eq "empty file exit" "$rc" 0
eq "empty file counted, no format" "$(q "$F/empty" '.[-1].inputs[0] | [.lines, .format] | tostring')" '[0,null]'
eq "empty file: next input scanned" "$(q "$F/empty" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/empty"

## Corrupt gzip in the middle of a multi-member file: the members before
## it are read, the error names the file and the compressed byte offset.
head -n 20 "$S/mail.log" | gzip >"$F/m1.gz"
sed -n '21,40p' "$S/mail.log" | gzip >"$F/m2.gz"
sed -n '41,$p' "$S/mail.log" | gzip >"$F/m3.gz"
m1=$(wc -c <"$F/m1.gz")
# Flip 20 bytes of the second member's deflate data (its header is 10 bytes).
cp "$F/m2.gz" "$F/m2x.gz"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of="$F/m2x.gz" bs=1 seek=12 conv=notrunc 2>/dev/null
cat "$F/m1.gz" "$F/m2x.gz" "$F/m3.gz" >"$F/multi.gz"
scan "$F/multi" --year 2025 "$F/multi.gz" "$S/mail.log"
eq "corrupt member exit" "$rc" 1
grep -q "multi.gz: corrupt gzip data at byte [0-9]" "$F/multi.err"
eq "corrupt member message names file and byte" $? 0
off=$(sed -n 's/.*corrupt gzip data at byte \([0-9]*\).*/\1/p' "$F/multi.err")
eq "corrupt member: offset is past the good first member" "$([ "${off:-0}" -ge "$m1" ] && echo yes)" yes
eq "corrupt member: first member's lines kept" "$(q "$F/multi" '.[-1].inputs[0] | .lines >= 20 and .used == .lines')" true
eq "corrupt member: error in summary" "$(q "$F/multi" '.[-1].inputs[0].error | test("corrupt gzip")')" true
eq "corrupt member: next input scanned" "$(q "$F/multi" '.[-1].inputs[1].lines')" "$NS"
every_line_json "$F/multi"
accounted "$F/multi"

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
eq "gzip bomb exit" "$rc" 0
eq "gzip bomb: all bytes inflated" "$(q "$F/bomb" '.[-1].bytes')" 200000000
eq "gzip bomb: one line, cut, with NULs" "$(q "$F/bomb" '.[-1].lines | [.read, .truncated, .nul_bytes, .unrecognized + .ignored] | tostring')" '[1,1,1,1]'
every_line_json "$F/bomb"
# Without --format nothing claims it: exit 1, said, and what was read of it
# (one cut line of NULs, all 200 MB inflated) still counted.
scan "$F/bomb2" "$F/bomb.gz"
eq "gzip bomb, unknown format: exit" "$rc" 1
grep -q "bomb.gz: unknown log format" "$F/bomb2.err"; eq "gzip bomb, unknown format: said" $? 0
eq "gzip bomb, unknown format: counted" "$(q "$F/bomb2" '.[-1].inputs[0] | [.compressed, .lines, .ignored, .truncated, .nul_bytes, .bytes] | tostring')" '[true,1,1,1,1,200000000]'

## A directory among good files: regular files in it are scanned, its
## subdirectories are not (said); an unreadable file is named, exit 1,
## the others still scanned.
mkdir -p "$F/dir/sub"
cp "$S/mail.log" "$F/dir/a.log"
cp "$S/mail.log" "$F/dir/sub/b.log"
mkdir -p "$F/emptydir/sub"
scan "$F/dirs" --year 2025 "$F/dir" "$F/emptydir" "$S/mail.log"
eq "directory among files exit" "$rc" 0
grep -q "emptydir: no regular files in this directory (subdirectories are not scanned)" "$F/dirs.err"
eq "directory without files is said" $? 0
eq "directory: its file and the next input scanned, not the subdirectory" \
    "$(q "$F/dirs" '[.[-1].inputs[] | .file | sub(".*/"; "")] | join(" ")')" "a.log mail.log"
cp "$S/mail.log" "$F/unreadable.log"
chmod 000 "$F/unreadable.log"
if [ "$(id -u)" = 0 ]; then
	# root reads anything: drop to nobody to see the error a user sees.
	if command -v setpriv >/dev/null 2>&1; then
		chmod 711 "$T"
		chmod 755 "$F"
		cp "$S/mail.log" "$F/readable.log"
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$BIN" scan -q -o ndjson --year 2025 "$F/readable.log" >/dev/null 2>&1
		eq "as nobody, a readable file in the same place scans" $? 0
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		    "$BIN" scan -q -o ndjson --year 2025 "$F/unreadable.log" "$S/mail.log" \
		    >"$F/unr" 2>"$F/unr.err"
		rc=$?
	else
		printf 'SKIP: unreadable file test needs setpriv when run as root\n' >&2
		rc=skip
	fi
else
	scan "$F/unr" --year 2025 "$F/unreadable.log" "$S/mail.log"
fi
if [ "$rc" != skip ]; then
	eq "unreadable file exit" "$rc" 1
	grep -q "unreadable.log: Permission denied" "$F/unr.err"
	eq "unreadable file message" $? 0
	eq "unreadable file: next input scanned" "$(q "$F/unr" '.[-1].inputs[1].lines')" "$NS"
	eq "unreadable file: error in summary" "$(q "$F/unr" '.[-1].inputs[0].error')" "Permission denied"
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
rm -f "$F/sess.log"
eq "never-ending sessions exit" "$rc" 0
eq "never-ending sessions: all counted, overflow evicted" \
    "$(q "$F/sess" '.[-1].sessions | [.total, .evicted] | tostring')" "[$NSESS,$((NSESS - MAXS))]"
grep -q "the memory bound closed $((NSESS - MAXS)) sessions and 0 messages early" "$F/sess.err"
eq "never-ending sessions: the eviction is said" $? 0
eq "never-ending sessions: every line used" "$(q "$F/sess" '.[-1].lines | [.read, .used] | tostring')" "[$NSESS,$NSESS]"

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
