# Part of tests/e2e.sh (sourced): a reply text longer than the bound the
# dialogue keeps (4,095 bytes) is cut, and the cut is not silent: the
# finding says text_truncated, the summary counts it, and a rule pattern
# anchored at the end ($) does not match where the text was cut.

X=$T/cut
mkdir -p "$X"
A=$(head -c 5000 /dev/zero | tr '\0' 'a')
{
	printf 'S: 220 mx.example.com ESMTP\nC: EHLO client.example.org\nS: 250 mx.example.com\n'
	printf 'C: MAIL FROM:<a@example.org>\nS: 250 OK\nC: RCPT TO:<b@example.com>\n'
	printf 'S: 554-5.7.1 short\nS: 554 5.7.1 %s blocked\nC: QUIT\nS: 221 bye\n' "$A"
} >"$X/long.txt"
{
	printf 'S: 220 mx.example.com ESMTP\nC: EHLO client.example.org\nS: 250 mx.example.com\n'
	printf 'C: MAIL FROM:<a@example.org>\nS: 250 OK\nC: RCPT TO:<b@example.com>\n'
	printf 'S: 554 5.7.1 short aaa\nC: QUIT\nS: 221 bye\n'
} >"$X/short.txt"
cat >"$X/enda.json" <<'JSON'
{"rules": [{"id": "site-ends-in-a", "priority": 99, "match": {"code": 554, "text": "a$"},
 "cause": "other", "severity": "info", "title": "The reply ends in a",
 "advice": {"who": "local-admin", "meaning": "m", "when": "w", "fix": "f"}}]}
JSON
scan "$X/long" --format transcript --rules "$X/enda.json" "$X/long.txt"
eq "cut text: exit" "$rc" 0
every_line_json "$X/long"
eq "cut text: flagged" "$(q "$X/long" '[.[] | select(.type == "finding") | .text_truncated] | tostring')" '[true]'
eq "cut text: cut at the bound" "$(q "$X/long" '.[0].text | utf8bytelength')" 4095
eq "cut text: counted" "$(q "$X/long" '.[-1].findings.text_truncated')" 1
eq "cut text: \$ does not match at the cut" "$(q "$X/long" '.[0].rule == "site-ends-in-a"')" false
scan "$X/short" --format transcript --rules "$X/enda.json" "$X/short.txt"
eq "whole text: not flagged" "$(q "$X/short" '[.[] | select(.type == "finding") | .text_truncated] | tostring')" '[false]'
eq "whole text: none counted" "$(q "$X/short" '.[-1].findings.text_truncated')" 0
eq "whole text: \$ matches at the end" "$(q "$X/short" '.[0].rule')" site-ends-in-a
# -j spools findings to files and replays them: the flag survives.
sed "s/mx.example.com ESMTP/mx2.example.com ESMTP/" "$X/long.txt" >"$X/long2.txt"
scan "$X/longj" -j 2 --format transcript "$X/long.txt" "$X/long2.txt"
eq "cut text, -j: flagged" "$(q "$X/longj" '[.[] | select(.type == "finding") | .text_truncated] | tostring')" '[true,true]'
eq "cut text, -j: counted" "$(q "$X/longj" '.[-1].findings.text_truncated')" 2
"$BIN" scan -q -o text --format transcript "$X/long.txt" >"$X/long.out" 2>&1
grep -q 'texts cut  *1   (reply texts cut at 4095 bytes)' "$X/long.out"; eq "cut text: said in the text report" $? 0
