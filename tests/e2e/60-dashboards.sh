# Part of tests/e2e.sh (sourced): outputs for dashboards.  The
# JSON Schema check of every record is in tests/e2e.sh itself.

## Prometheus text exposition, read back by prometheus_client's parser; its
## numbers must be the scan's own summary.
PYP=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import prometheus_client' 2>/dev/null; then PYP=$p; break; fi
done
prom_vs_summary() {	# NAME ARGS...: compare --output prometheus with ndjson
	name=$1; shift
	"$BIN" scan -q -o prometheus "$@" >"$T/$name.prom" 2>/dev/null
	eq "$name: prometheus exit" $? 0
	"$PYP" "$TOP/tests/prom_check.py" <"$T/$name.prom" >"$T/$name.samples"
	eq "$name: prometheus parses" $? 0
	scan "$T/$name.nd" "$@"
	eq "$name: findings total" \
	    "$(awk '/^smtplog_findings\{/ { n += $NF } END { print n + 0 }' "$T/$name.samples")" \
	    "$(q "$T/$name.nd" '.[-1].findings.total')"
	eq "$name: findings by code" \
	    "$(sed -n 's/^smtplog_findings{.*code=\([0-9]*\),.*} \([0-9]*\)\.0$/\1 \2/p' "$T/$name.samples" |
	       awk '{ n[$1] += $2 } END { for (c in n) print c, n[c] }' | sort | tr '\n' ' ')" \
	    "$(q "$T/$name.nd" '.[-1].findings.by_code[] | "\(.code) \(.count)"' | sort | tr '\n' ' ')"
	eq "$name: findings by cause" \
	    "$(sed -n 's/^smtplog_findings{cause=\([^,]*\),.*} \([0-9]*\)\.0$/\1 \2/p' "$T/$name.samples" |
	       awk '{ n[$1] += $2 } END { for (c in n) print c, n[c] }' | sort | tr '\n' ' ')" \
	    "$(q "$T/$name.nd" '.[-1].findings.by_cause[] | "\(.cause) \(.count)"' | sort | tr '\n' ' ')"
	eq "$name: inferred findings" \
	    "$(awk '/^smtplog_findings\{.*code_source=inferred/ { n += $NF } END { print n + 0 }' "$T/$name.samples")" \
	    "$(q "$T/$name.nd" '.[-1].findings.inferred')"
	eq "$name: lines" \
	    "$(grep '^smtplog_lines{' "$T/$name.samples" | sed 's/.*state=\([a-z]*\)} \([0-9]*\)\.0/\1=\2/' | sort | tr '\n' ' ')" \
	    "$(q "$T/$name.nd" '.[-1].lines | "ignored=\(.ignored) unrecognized=\(.unrecognized) used=\(.used) "')"
	eq "$name: sessions" "$(sed -n 's/^smtplog_sessions{} \([0-9]*\)\.0$/\1/p' "$T/$name.samples")" \
	    "$(q "$T/$name.nd" '.[-1].sessions.total')"
	# Every traffic count, under its metric and label.
	eq "$name: traffic" \
	    "$(sed -n -e 's/^smtplog_traffic_messages{state=\([a-z_]*\)} \([0-9]*\)\.0$/\1 \2/p' \
	        -e 's/^smtplog_traffic_deferrals{} \([0-9]*\)\.0$/deferrals \1/p' \
	        -e 's/^smtplog_traffic_bytes{direction=\([a-z]*\)} \([0-9.e+]*\)$/bytes_\1 \2/p' \
	        -e 's/^smtplog_traffic_addresses{kind=\([a-z_]*\)} \([0-9]*\)\.0$/\1 \2/p' "$T/$name.samples" |
	       awk '{ printf "%s %d\n", $1, $2 }' | sort | tr '\n' ' ')" \
	    "$(q "$T/$name.nd" '.[-1].traffic | to_entries[] | select(.value | type == "number") | select(.key != "messages_evicted" and .key != "days_dropped") | "\(.key) \(.value)"' | sort | tr '\n' ' ')"
	eq "$name: traffic log lines" \
	    "$(sed -n 's/^smtplog_traffic_log_lines{level=\([a-z]*\)} \([0-9]*\)\.0$/\1=\2/p' "$T/$name.samples" | sort | tr '\n' ' ')" \
	    "$(q "$T/$name.nd" '.[-1].traffic.log_lines | to_entries[] | "\(.key)=\(.value)"' | sort | tr '\n' ' ')"
}
if [ -n "$PYP" ]; then
	prom_vs_summary prom-samples --year 2025 "$TOP/samples/postfix"
	if [ -f "$CORPUS/postfix-real/kdent-mail.log" ]; then
		prom_vs_summary prom-kdent "$CORPUS/postfix-real/kdent-mail.log"
	fi
else
	printf 'SKIP: prometheus output check needs python3-prometheus-client (make deps-test installs it)\n' >&2
fi
# The cause label follows the rules: a user rule for every 554 moves both
# 554s of the sample (one inbound, one outbound: two label sets) to "other".
printf '{"rules": [{"id": "q", "priority": 900, "match": {"code": 554}, "cause": "other", "severity": "info", "title": "t",\n  "advice": {"who": "local-admin", "meaning": "m", "when": "w", "fix": "f"}}]}\n' >"$T/q.json"
"$BIN" scan -q -o prometheus --rules "$T/q.json" --year 2025 "$TOP/samples/postfix/mail.log" >"$T/q.prom"
eq "prometheus: cause label follows a user rule" "$(grep -c '^smtplog_findings{code="554",cause="other"' "$T/q.prom")" 2

## Scale-out: map with GNU parallel (a scan per file, summary-json), reduce
## with merge; the result is the summary of one scan of all the files,
## but for what partials cannot add up exactly: the counts of different
## addresses (estimated from the partials' sketches, flagged) and the top
## lists (sums of each partial's top items).  APPROX removes those; they
## are checked apart below.
APPROX='del(.traffic.top, .traffic.sketches, .traffic.estimated, .traffic.senders, .traffic.sending_domains, .traffic.recipients, .traffic.recipient_domains)'
S=$TOP/samples/postfix
MAPFILES="$S/mail.log.1.gz $S/mail.log"
if [ -d "$CORPUS/postfix-real" ]; then
	MAPFILES="$MAPFILES $CORPUS/postfix-real/kdent-mail.log $CORPUS/postfix-real/kdent-mail3.log $CORPUS/postfix-real/nole-mail.log $CORPUS/postfix/grok-patterns-messages.log"
fi
# shellcheck disable=SC2086
"$BIN" scan -q -o ndjson --year 2025 $MAPFILES 2>/dev/null | tail -n 1 | jq -S . >"$T/one.json"
if command -v parallel >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	printf '%s\n' $MAPFILES | parallel -j 2 "$BIN scan -q -o summary-json --year 2025 {}" 2>/dev/null |
	    "$BIN" merge >"$T/merged.nd" 2>"$T/merged.err"
	eq "map/merge with parallel: exit" $? 0
	eq "map/merge: one summary line" "$(wc -l <"$T/merged.nd")" 1
	# parallel gives the partials in the order they finish: compare with
	# the inputs in file order.
	jq -S ".inputs |= sort_by(.file) | $APPROX" "$T/merged.nd" >"$T/merged.json"
	jq -S ".inputs |= sort_by(.file) | $APPROX" "$T/one.json" >"$T/one.sorted.json"
	cmp -s "$T/merged.json" "$T/one.sorted.json"
	eq "map/merge with parallel = one scan of all files" $? 0
else
	printf 'SKIP: map/merge test needs GNU parallel (make deps-test installs it)\n' >&2
fi
# Partials as files, one of them a --output json document, in file order:
# byte-identical to the one scan (read in the order given, as merged).
set -- $MAPFILES
"$BIN" scan -q -o json --year 2025 "$1" >"$T/part1.json" 2>/dev/null
shift
"$BIN" scan -q -o ndjson --year 2025 "$1" >"$T/part2.nd" 2>/dev/null
shift
if [ $# -gt 0 ]; then
	"$BIN" scan -q -o summary-json --year 2025 --keep-order "$@" >"$T/part3.nd" 2>/dev/null
else
	: >"$T/part3.nd"
fi
[ -s "$T/part3.nd" ] || rm -f "$T/part3.nd"
"$BIN" merge "$T/part1.json" "$T/part2.nd" $( [ -f "$T/part3.nd" ] && echo "$T/part3.nd") >"$T/merged2.nd"
eq "merge of json, ndjson and summary-json partials: exit" $? 0
"$BIN" scan -q -o ndjson --year 2025 --keep-order $MAPFILES 2>/dev/null | tail -n 1 >"$T/one.nd"
jq -c "$APPROX" "$T/merged2.nd" >"$T/merged2.cut"
jq -c "$APPROX" "$T/one.nd" >"$T/one.cut"
cmp -s "$T/merged2.cut" "$T/one.cut"
eq "merge: byte-identical to one scan (but for what is estimated)" $? 0
# The different senders ... of the partials, united by their sketches:
# within 3 % of the one scan's exact counts (HyperLogLog, 2^12 registers:
# 1.6 % standard error), and said to be estimates.
eq "merge: different-address counts within 3 % of one scan" "$(jq -s '[.[0].traffic, .[1].traffic] as [$m, $o] | [("senders", "sending_domains", "recipients", "recipient_domains") | (($m[.] - $o[.]) | fabs) <= 0.03 * $o[.] + 1] | all' "$T/merged2.nd" "$T/one.nd")" true
eq "merge: estimates flagged, lists not exact" "$(jq -c '[(.traffic.estimated | length > 0), .traffic.top.exact]' "$T/merged2.nd")" '[true,false]'
eq "merge: the top sender of one scan leads the merged list" "$(jq -r '.traffic.top.senders[0].address' "$T/merged2.nd")" "$(jq -r '.traffic.top.senders[0].address' "$T/one.nd")"
# Partials of two logs with no address in common (the Postfix and the
# Exim sample): united through their sketches, the different senders and
# recipients add up; a partial whose sketches name no hash (an earlier
# smtplog's, made with another hash) is not united through them: only
# the other partial's sketches count, and the result is flagged.
"$BIN" scan -q -o summary-json "$TOP/samples/postfix/mail.log" >"$T/pf.sum" 2>/dev/null
"$BIN" scan -q -o summary-json "$TOP/samples/exim/mainlog" >"$T/ex.sum" 2>/dev/null
jq -c 'del(.traffic.sketches.hash)' "$T/ex.sum" >"$T/exold.sum"
"$BIN" merge "$T/pf.sum" "$T/ex.sum" >"$T/merged4.nd"
"$BIN" merge "$T/pf.sum" "$T/exold.sum" >"$T/merged5.nd"
eq "merge: sketches of disjoint logs add up" "$(jq -s -c '[.[0].traffic.senders + .[1].traffic.senders, .[0].traffic.recipients + .[1].traffic.recipients]' "$T/pf.sum" "$T/ex.sum")" "$(jq -c '.traffic | [.senders, .recipients]' "$T/merged4.nd")"
eq "merge: sketches of another hash are not united" "$(jq -c '.traffic | [.senders, .recipients]' "$T/pf.sum")" "$(jq -c '.traffic | [.senders, .recipients]' "$T/merged5.nd")"
eq "merge: ... and the counts are flagged" "$(jq -c '.traffic.estimated | length' "$T/merged5.nd")" 4
eq "merge: sketches name their hash" "$(jq '.traffic.sketches.hash' "$T/pf.sum")" 2
printf '{"type":"summary","schema_version":1,"lines":{}}\nnot json\n' >"$T/badpart.nd"
"$BIN" merge "$T/part2.nd" "$T/badpart.nd" >"$T/merged3.nd" 2>"$T/merged3.err"
eq "merge of a bad partial: exit" $? 1
eq "merge of a bad partial: nothing written" "$(wc -c <"$T/merged3.nd")" 0
grep -q "badpart.nd:1: summary: a count is missing or not a number" "$T/merged3.err"
eq "merge of a bad partial: file and line named" $? 0
printf '{"type":"finding"}\n' >"$T/nosum.nd"
"$BIN" merge "$T/nosum.nd" >/dev/null 2>"$T/nosum.err"
eq "merge without a summary: exit" $? 1
grep -q "nosum.nd: no summary record in it" "$T/nosum.err"; eq "merge without a summary: said" $? 0
# A partial that goes bad half way (a cause without a count) before a good
# one: the strings it lent stay alive (ASan checks this under make asan).
jq -c '.findings.by_cause += [{"cause": "zzz"}]' "$T/part3.nd" >"$T/halfbad.nd" 2>/dev/null ||
    printf '{"type":"summary","schema_version":1}\n' >"$T/halfbad.nd"
"$BIN" merge "$T/halfbad.nd" "$T/part2.nd" >"$T/merged4.nd" 2>"$T/merged4.err"
eq "merge: half-bad partial then a good one: exit" $? 1
eq "merge: half-bad partial: nothing written" "$(wc -c <"$T/merged4.nd")" 0
