# Part of tests/e2e.sh (sourced): the replies no text rule knew
# (core/unmatched.c) in the summary, masked and counted, in the text
# report, and added up by merge.

C=$CORPUS/exim-testsuite
## tests/corpus/exim-testsuite/stdout-2114: three "<<< 554 Security
## failure" (grep -c '<<< 554 Security failure'), a text no rule knows.
scan "$T/un1" "$C/stdout-2114"
eq "unmatched: counted" "$(q "$T/un1" '.[-1].unmatched | [.findings, .exact, .more, (.top | length)] | map(tostring) | join(" ")')" "3 true false 1"
eq "unmatched: the text and its fallback" "$(q "$T/un1" '.[-1].unmatched.top[0] | [.reply, .code, .rule, .count] | map(tostring) | join("|")')" "554 Security failure|554|base-554-inbound|3"
## stdout-0458:78-80: Exim's multi-line 503 quotes the RCPT's own reply,
## code and all ("503-503 sender not yet given"): the number is masked,
## so the variants of one text count together.
scan "$T/un2" "$C/stdout-0458"
eq "unmatched: number masked" "$(q "$T/un2" '[.[-1].unmatched.top[].reply | test("with this error: <n> sender not yet given")] | any')" true
eq "unmatched: nothing left unmasked" "$(q "$T/un2" '[.[-1].unmatched.top[].reply | test("error: 503")] | any')" false
## A log whose every finding a text rule explained lists none (kdent: the
## reject lines are Postfix's own texts).
scan "$T/un3" --year 2015 "$CORPUS/postfix-real/kdent-mail.log"
eq "unmatched: none" "$(q "$T/un3" '.[-1].unmatched | [.findings, (.top | length)] | map(tostring) | join(" ")')" "0 0"
## The text report prints them after the findings.
"$BIN" scan -o text "$C/stdout-2114" >"$T/un1.txt" 2>/dev/null
eq "unmatched: text section" "$(grep -c '^Replies no rule knows by their text' "$T/un1.txt")" 1
eq "unmatched: text line" "$(grep -cE '^ +3  554 Security failure$' "$T/un1.txt")" 1
"$BIN" scan -o text --year 2015 "$CORPUS/postfix-real/kdent-mail.log" >"$T/un3.txt" 2>/dev/null
eq "unmatched: no section when none" "$(grep -c '^Replies no rule knows' "$T/un3.txt")" 0
## merge adds the partials' lists up: 3 + 7 findings, four texts.
"$BIN" scan -q -o summary-json "$C/stdout-2114" >"$T/unp1" 2>/dev/null
## stdout-0217: seven 503s no rule knows (grep -c '^503 No sender given'
## is 4, '^503 No envelope' 2, '^503 Sorry perm data error' 1).
"$BIN" scan -q -o summary-json "$C/stdout-0217" >"$T/unp2" 2>/dev/null
cat "$T/unp1" "$T/unp2" | "$BIN" merge - >"$T/unm" 2>"$T/unm.err"
eq "unmatched: merged" "$(jq -r '.unmatched | [.findings, (.top | length), .exact, .top[0].reply, .top[0].count] | map(tostring) | join(" ")' "$T/unm")" "10 4 true 503 No sender given 4"
## A partial written before they were counted leaves the merged ones
## unknown (null), not zero.
jq -c 'del(.unmatched)' "$T/unp1" >"$T/unp1old"
cat "$T/unp1old" "$T/unp2" | "$BIN" merge - >"$T/unm2" 2>/dev/null
eq "unmatched: merged with an older partial" "$(jq -r '.unmatched' "$T/unm2")" null
