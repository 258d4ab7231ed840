# Part of tests/e2e.sh (sourced): untrusted text shown safely everywhere
# it goes.  The text writer escapes backslashes (a literal "\x1b" must not
# look like an escaped ESC); JSON escapes the characters that
# line-splitting readers take for line ends; names on stderr are escaped
# as on stdout.

X=$T/esc
mkdir -p "$X"

## Text: a real ESC is shown as \x1b, a literal backslash as \\.
printf 'Nov 10 06:00:01 mx postfix/smtpd[10]: connect from unknown[192.0.2.1]\n' >"$X/bs.log"
printf 'Nov 10 06:00:02 mx postfix/smtpd[10]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: \033[2J \\x1b[2J; from=<a@b.example> to=<x@y.example> proto=ESMTP helo=<h>\n' >>"$X/bs.log"
printf 'Nov 10 06:00:03 mx postfix/smtpd[10]: disconnect from unknown[192.0.2.1]\n' >>"$X/bs.log"
"$BIN" scan -q -o text -v --color never --year 2025 "$X/bs.log" >"$X/bs.txt" 2>"$X/bs.err"
eq "backslash: exit" $? 0
grep -F -q '<x@y>: \x1b[2J \\x1b[2J' "$X/bs.txt"
eq "backslash: escaped in text ($(grep -F '<x@y>' "$X/bs.txt" | head -n 1))" $? 0
eq "backslash: kept as data in JSON" "$("$BIN" scan -q -o ndjson --year 2025 "$X/bs.log" | jq -r -s '.[0].text')" \
    "$(printf '<x@y>: \033[2J \\x1b[2J')"

## JSON: U+2028, U+2029 and U+0085 in a reply are escaped, so a reader
## that splits lines as Unicode does (Python's splitlines) sees one record
## a line; the text decodes to the same characters.
printf 'Nov 10 06:00:01 mx postfix/smtpd[11]: connect from unknown[192.0.2.1]\n' >"$X/ls.log"
printf 'Nov 10 06:00:02 mx postfix/smtpd[11]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: a\342\200\250b\342\200\251c\302\205d; from=<a@b.example> to=<x@y.example> proto=ESMTP helo=<h>\n' >>"$X/ls.log"
for fmt in ndjson json; do
	"$BIN" scan -q -o $fmt --year 2025 "$X/ls.log" >"$X/ls.$fmt" 2>"$X/ls.err"
	eq "line separators ($fmt): exit" $? 0
	eq "line separators ($fmt): none raw" "$(LC_ALL=C grep -c "$(printf '\342\200\250\|\342\200\251\|\302\205')" "$X/ls.$fmt")" 0
done
eq "line separators: the text decodes back" "$(jq -r -s '.[0].text' "$X/ls.ndjson")" \
    "$(printf '<x@y>: a\342\200\250b\342\200\251c\302\205d')"
if command -v python3 >/dev/null; then
	eq "line separators: splitlines sees one record a line" \
	    "$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$X/ls.ndjson")" \
	    "$(wc -l <"$X/ls.ndjson" | tr -d ' ')"
else
	printf 'SKIP: the splitlines check needs python3\n' >&2
fi

## Names on stderr: every message that names a file, directory or option
## argument escapes it as the text report does; no ESC or BEL reaches the
## terminal.  noctl NAME COMMAND...: stderr holds a message, shows the
## escape, and no control byte but the line ends.
noctl() {
	name=$1; shift
	"$@" >"$X/nc.out" 2>"$X/nc.err"
	eq "$name: controls on stderr ($(LC_ALL=C tr -d '\n' <"$X/nc.err" | od -An -c | tr -s ' ' | head -c 200))" \
	    "$(LC_ALL=C tr -d '\n' <"$X/nc.err" | LC_ALL=C tr -cd '\000-\037\177' | wc -c)" 0
	grep -F -q 'x1b' "$X/nc.err"; eq "$name: escape shown" $? 0
}
E=$(printf 'bad\033]0;x\007')
noctl "missing input" "$BIN" scan -q "$X/$E.log"
noctl "missing input, -j" "$BIN" scan -q -j 2 "$X/$E.log" "$X/$E.2.log"
noctl "missing input, trace" "$BIN" trace -q 192.0.2.1 "$X/$E.log"
noctl "missing rule file" "$BIN" scan -q --rules "$X/$E.json" "$X/bs.log"
noctl "missing rule file, --check" "$BIN" rules --check "$X/$E.json"
noctl "missing rules dir" "$BIN" scan -q --rules-dir "$X/$E" "$X/bs.log"
mkdir -p "$X/$E.d"
noctl "empty directory" "$BIN" scan -q "$X/$E.d"
noctl "unknown option" "$BIN" scan "--$E"
noctl "unknown short option" "$BIN" scan "-$(printf '\033')"
noctl "bad output" "$BIN" scan -o "$E" "$X/bs.log"
noctl "bad format" "$BIN" scan --format "$E" "$X/bs.log"
noctl "bad year" "$BIN" scan --year "$E" "$X/bs.log"
noctl "unknown command" "$BIN" "$E"
noctl "follow a missing file" timeout -s INT 2 "$BIN" scan -F "$X/$E.log"
cp "$X/bs.log" "$X/$E.log"
noctl "duplicate" "$BIN" scan -q -o ndjson "$X/$E.log" "$X/bs.log"
printf 'Nov 10 06:00:09 mx postfix/smtpd[12]: connect from unknown[192.0.2.9]\n' >>"$X/$E.log"
printf 'Nov 10 06:00:05 mx postfix/smtpd[13]: connect from unknown[192.0.2.9]\n' >"$X/late.log"
noctl "overlap" "$BIN" scan -q -o ndjson "$X/$E.log" "$X/late.log"
grep -q 'overlaps' "$X/nc.err"; eq "overlap: said" $? 0
noctl "default inputs" env SMTPLOG_DEFAULT_INPUTS="$X/$E.log" "$BIN" scan -o ndjson </dev/null
grep -q 'no input given: reading' "$X/nc.err"; eq "default inputs: said" $? 0
rm -f "$X/$E.log"
