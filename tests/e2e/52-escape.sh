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
grep -F -q '554 5.7.1 <x@y>: \x1b[2J \\x1b[2J' "$X/bs.txt"
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
