# Part of tests/e2e.sh (sourced): outputs for dashboards (issue 9).  The
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
