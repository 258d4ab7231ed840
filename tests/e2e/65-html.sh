# Part of tests/e2e.sh (sourced): --output html, checked in a real browser
# (Debian's chromium, headless; .ci/deps test installs it, else the browser
# checks are skipped with the reason): the DOM after the page's script ran,
# the filters, a screenshot, hostile text, and a million findings.

H=$T/html
mkdir -p "$H"
K=$CORPUS/postfix-real/kdent-mail.log
CHROME=$(command -v chromium || command -v chromium-browser || true)
# dom FILE[#FRAGMENT]: the DOM once the page's script ran.
dom() {
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$H/profile" --dump-dom "file://$1" 2>/dev/null
}
pageinfo() { dom "$1" | sed -n 's/.*<span id="pageinfo"[^>]*>\([^<]*\)<.*/\1/p'; }

## Self-contained: nothing fetched from anywhere.
"$BIN" scan -q -o html --year 2025 "$TOP/samples/postfix" >"$H/s.html" 2>"$H/s.err"
eq "html exit" $? 0
eq "html: no external resource" "$(grep -c -i -E '(src|href)=|@import|url\(' "$H/s.html")" 0
eq "html: one document" "$(grep -c '^</html>$' "$H/s.html")" 1

## Hostile text: markup in a reply and a HELO stays text.
printf '%s\n' \
    'Nov 10 06:00:01 mx postfix/smtpd[10]: connect from unknown[192.0.2.1]' \
    'Nov 10 06:00:02 mx postfix/smtpd[10]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: Relay access denied </script><script>document.title="pwned"</script><img src=x onerror=alert(1)>; from=<a@b> to=<x@y> proto=ESMTP helo=<"><b>bold</b>>' \
    'Nov 10 06:00:03 mx postfix/smtpd[10]: disconnect from unknown[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 commands=2/3' >"$H/hostile.log"
"$BIN" scan -q -o html --year 2025 "$H/hostile.log" >"$H/h.html" 2>/dev/null
eq "html hostile: no markup from the log in the page" "$(grep -c -E '<img|<b>bold' "$H/h.html")" 0
eq "html hostile: script element not closed by the log" "$(grep -c '</script><script>document' "$H/h.html")" 0

if [ -z "$CHROME" ]; then
	printf 'SKIP: HTML browser tests: chromium is not installed (make deps-test installs it)\n' >&2
else
	## The table is built by the page: all findings of the sample, pages
	## of 50; the filters, set from the address, narrow it.
	# samples/postfix: 7 findings in mail.log, 6 in mail.log.1.gz (read line
	# by line, asserted in 10-postfix.sh)
	eq "html dom: rows of the samples" "$(pageinfo "$H/s.html")" "13 rows, page 1 of 1"
	if [ -f "$K" ]; then
		"$BIN" scan -q -o html "$K" >"$H/k.html" 2>/dev/null
		# grep -c 'reject: .*554' kdent-mail.log -> 450
		dom "$H/k.html" >"$H/k.dom"
		eq "html dom: kdent rows and pages" "$(sed -n 's/.*<span id="pageinfo"[^>]*>\([^<]*\)<.*/\1/p' "$H/k.dom")" "450 rows, page 1 of 9"
		# grep -c 'reject: .*Recipient address rejected' -> 38
		eq "html dom: text filter from the address" \
		    "$(pageinfo "$H/k.html#q=Recipient%20address%20rejected")" "38 rows, page 1 of 1"
		eq "html dom: cause filter from the address" \
		    "$(pageinfo "$H/k.html#cause=relay-denied")" "1 rows, page 1 of 1"
		# kdent-mail.log is of 2015: its own Message-IDs say so.
		eq "html dom: 50 rows on a page" "$(grep -o '<tr><td>2015-' "$H/k.dom" | wc -l)" 50
		eq "html dom: charts" "$(grep -o '<svg id="chart-[a-z]*"' "$H/k.dom" | sort | tr '\n' ' ')" \
		    '<svg id="chart-causes" <svg id="chart-clients" <svg id="chart-days" <svg id="chart-time" '
		# The traffic: totals as the summary has them, a day's bars.
		eq "html dom: traffic received" "$(sed -n 's/.*<td id="t-received">\([0-9]*\)<.*/\1/p' "$H/k.dom")" \
		    "$("$BIN" scan -q -o summary-json "$K" 2>/dev/null | jq .traffic.received)"
		eq "html dom: a day of traffic, five series" "$(grep -o '<title>2015-10-22: [0-9]* [a-z]*</title>' "$H/k.dom" | sed 's/.* //; s/<.*//' | sort | tr '\n' ' ')" \
		    "bounced deferred delivered received rejected "
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --user-data-dir="$H/profile" \
		    --window-size=1100,1600 --screenshot="$H/k.png" "file://$H/k.html" >/dev/null 2>&1
		eq "html screenshot taken" "$([ -s "$H/k.png" ] && head -c 8 "$H/k.png" | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
		# A blank page compresses to a few KB; charts and text do not.
		eq "html screenshot is not blank" "$([ "$(wc -c <"$H/k.png")" -gt 40000 ] && echo yes)" yes
	fi
	dom "$H/h.html" >"$H/h.dom"
	eq "html hostile dom: title unchanged" "$(grep -o '<title>[^<]*</title>' "$H/h.dom" | head -n 1)" "<title>smtplog report</title>"
	eq "html hostile dom: no injected element" "$(grep -c -E '<img|<b>bold' "$H/h.dom")" 0
	grep -q '&lt;/script&gt;&lt;script&gt;document.title' "$H/h.dom"
	eq "html hostile dom: the text shows as text" $? 0
fi

## A million findings: the page stays small and usable (aggregates, the
## first 20000 rows, paginated).
HN=${SMTPLOG_E2E_HTML_FINDINGS:-1000000}
awk -v n="$HN" 'BEGIN { for (i = 0; i < n; i++)
    printf "Nov 10 %02d:%02d:%02d mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[10.%d.%d.%d]: 554 5.7.1 Service unavailable; Client host [10.%d.%d.%d] blocked using zen.spamhaus.org; from=<a@b.example> to=<c@d.example> proto=ESMTP helo=<x>\n",
	int(i / 3600) % 24, int(i / 60) % 60, i % 60, 1000 + i % 50,
	int(i / 65536) % 256, int(i / 256) % 256, i % 256,
	int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$H/million.log"
"$BIN" scan -q -o html --year 2025 "$H/million.log" >"$H/m.html" 2>/dev/null
eq "html million: exit" $? 0
rm -f "$H/million.log"
eq "html million: under 16 MB" "$([ "$(wc -c <"$H/m.html")" -lt 16777216 ] && echo yes)" yes
if [ "$HN" -gt 20000 ]; then
	grep -q "The table holds the first 20000 of $HN findings" "$H/m.html"
	eq "html million: says how many rows it holds" $? 0
fi
if [ -n "$CHROME" ]; then
	want=$((HN < 20000 ? HN : 20000))
	eq "html million dom: paginated" "$(pageinfo "$H/m.html")" "$want rows, page 1 of $(((want + 49) / 50))"
fi
