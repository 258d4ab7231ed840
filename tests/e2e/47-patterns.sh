# Part of tests/e2e.sh (sourced): session-level patterns ("type":"pattern")
# on logs built for each pattern (tests/data/patterns/, expected records
# from reading them: the grep that gives each number is beside it), on the
# real corpus (checked against an independent jq computation over the
# findings), and through every writer, merge and the options.

P=$TOP/tests/data/patterns
PT=$T/patterns	# this part's outputs, apart from the other parts'
mkdir -p "$PT"
# pat FILE JQ: the pattern records of an NDJSON scan, through JQ.
pat() { jq -c -s "[.[] | select(.type == \"pattern\")] | $2" "$1"; }

## repeat-offender: 203.0.113.5 has 12 rejects 10:00:01-10:03:56 (grep
## '203.0.113.5' | grep -c ' 10:0.*reject') and 10 at 11:00:10-19 (grep
## -c ' 11:00:1.*reject'), over an hour apart; 198.51.100.20 has only 9
## (grep -c 'reject.*198.51.100.20'); 192.0.2.33 has 10, two minutes apart,
## so no 10-minute span holds 10.
scan "$PT/r" --year 2025 "$P/repeat-offender.log"
eq "repeat-offender exit" "$rc" 0
eq "repeat-offender records" "$(pat "$PT/r" 'map([.pattern, .key.kind, .key.value, .count, .first_seen, .last_seen, .cause, .direction])')" \
    '[["repeat-offender","client_ip","203.0.113.5",12,"2025-03-03T10:00:01Z","2025-03-03T10:03:56Z","blocklisted-ip","inbound"],["repeat-offender","client_ip","203.0.113.5",10,"2025-03-03T11:00:10Z","2025-03-03T11:00:19Z","blocklisted-ip","inbound"]]'
# The references are the reject lines: grep -n '203.0.113.5.*10:00:0[1-6]\|10:03:5[1-6]' gives 2-7 and 51-56.
eq "repeat-offender refs" "$(pat "$PT/r" '.[0].finding_refs | map(sub(".*:"; "")) | join(",")')" '"2,3,4,5,6,7,51,52,53,54,55,56"'
eq "repeat-offender threshold" "$(pat "$PT/r" '.[0].threshold')" '{"count":10,"window_seconds":600}'
eq "repeat-offender summary" "$(q "$PT/r" '.[-1].patterns | [.enabled, .total, .by_name[0].pattern, .by_name[0].count] | @csv')" \
    'true,2,"repeat-offender",2'
# Thresholds are options: 9 in 10 minutes adds 198.51.100.20; a 20-minute
# window adds 192.0.2.33 (its 10 rejects span 18 minutes).
scan "$PT/r9" --year 2025 --pattern repeat-offender=9 "$P/repeat-offender.log"
eq "repeat-offender=9 keys" "$(pat "$PT/r9" 'map(.key.value) | unique')" '["198.51.100.20","203.0.113.5"]'
scan "$PT/r20" --year 2025 --pattern repeat-offender=10/20m "$P/repeat-offender.log"
eq "repeat-offender=10/20m keys" "$(pat "$PT/r20" 'map(.key.value) | unique')" '["192.0.2.33","203.0.113.5"]'
scan "$PT/rw" --year 2025 --pattern-window 1h "$P/repeat-offender.log"
eq "--pattern-window 1h joins the hour" "$(pat "$PT/rw" 'map([.key.value, .count])')" '[["203.0.113.5",22],["192.0.2.33",10]]'
scan "$PT/rn" --year 2025 --no-patterns "$P/repeat-offender.log"
eq "--no-patterns" "$(q "$PT/rn" '[([.[] | select(.type == "pattern")] | length), .[-1].patterns.enabled] | @csv')" '0,false'
eq "--no-patterns keeps the findings" "$(q "$PT/rn" '.[-1].findings.total')" "$(q "$PT/r" '.[-1].findings.total')"
"$BIN" scan -q --pattern nosuch=3 "$P/repeat-offender.log" >/dev/null 2>&1; eq "--pattern unknown exit" $? 2
"$BIN" scan -q --pattern repeat-offender=5/0 "$P/repeat-offender.log" >/dev/null 2>&1; eq "--pattern bad window exit" $? 2
"$BIN" explain --no-patterns 554 >/dev/null 2>&1; eq "--no-patterns with explain exit" $? 2

## pipelining-abuse: session 4001 had a pipelining 503 (line 3) and then
## sent two lines that were not commands (unknown=0/2 on line 4); session
## 4002 only the 503; session 4003 a refused RCPT and DATA once (legal
## with PIPELINING).
scan "$PT/p" --year 2025 "$P/pipelining-abuse.log"
eq "pipelining-abuse records" "$(pat "$PT/p" 'map([.pattern, .key.kind, .key.value, .count, .cause, .finding_refs])')" \
    "[[\"pipelining-abuse\",\"session\",\"mx1/postfix/smtpd[4001]@$P/pipelining-abuse.log:1\",3,\"pipelining-violation\",[\"$P/pipelining-abuse.log:3\",\"$P/pipelining-abuse.log:4\",\"$P/pipelining-abuse.log:4\"]]]"

## non-smtp-probe: three HTTP lines from 198.51.100.77 (grep -c
## 'syntax error in "\(GET\|Host:\|User-Agent:\)'), answered 500; "HELLO"
## is a typo, not a probe.  The transcript sends a TLS ClientHello (bytes
## 0x16 0x03 on line 2), answered 502 on line 3.
scan "$PT/n" --year 2025 "$P/non-smtp-probe.log"
eq "non-smtp-probe http" "$(pat "$PT/n" 'map([.pattern, .key.value, .count, .detail, .cause, .codes])')" \
    '[["non-smtp-probe","198.51.100.77",3,"http","unknown-command",[{"code":500,"count":3}]]]'
scan "$PT/t" --year 2025 "$P/non-smtp-probe.txt"
eq "non-smtp-probe tls" "$(pat "$PT/t" 'map([.key.kind, .count, .detail, .first_seen, .finding_refs])')" \
    "[[\"session\",1,\"tls\",null,[\"$P/non-smtp-probe.txt:3\"]]]"

## submission-misconfig: printer.lan drew 530 in 5 sessions 15:00-15:40
## (grep -c '> printer.*: 530'); smtp.office365.com answered 530 to 5 of
## our messages (grep -c 'said: 530').
scan "$PT/s" --year 2025 "$P/submission-misconfig.log"
eq "submission-misconfig records" "$(pat "$PT/s" 'map([.direction, .key.kind, .key.value, .count, .cause, .advice.who])')" \
    '[["inbound","client_ip","192.168.1.50",5,"starttls-required","sending-client"],["outbound","relay_domain","office365.com",5,"auth-required","local-admin"]]'

## vrfy-expn-harvest: 203.0.113.99 got 5 refused VRFY and 1 EXPN in 6 s
## (grep -c '> unknown\[203.0.113.99\]: 502' minus the one to the
## unknown counter: 6); the partner's single VRFY is not a pattern.
scan "$PT/v" --year 2025 "$P/vrfy-expn-harvest.log"
eq "vrfy-expn-harvest records" "$(pat "$PT/v" 'map([.key.value, .count, .cause, .first_seen, .last_seen])')" \
    '[["203.0.113.99",6,"command-disabled","2025-03-03T12:00:02Z","2025-03-03T12:00:07Z"]]'

## greeting-storm: 20 CONNECT rejects 14:00:00-14:04:45 (grep -c
## 'reject: CONNECT.* 14:0'), then 4 at 14:41-14:44, too few.
scan "$PT/g" --year 2025 "$P/greeting-storm.log"
eq "greeting-storm records" "$(pat "$PT/g" 'map([.key.kind, .key.value, .count, .first_seen, .last_seen, .cause, .finding_refs_more, (.finding_refs | length)])')" \
    '[["host","mx1",20,"2025-03-03T14:00:00Z","2025-03-03T14:04:45Z","greeting-rejection",0,20]]'

## provider-rejects: mx1 and mx2.mail.bigmail.example refused 10 of our
## messages in 27 minutes (grep -c 'bigmail.example.*said: 554');
## provider.co.uk only 3.
scan "$PT/w" --year 2025 "$P/provider-rejects.log"
eq "provider-rejects records" "$(pat "$PT/w" 'map([.direction, .key.value, .count, .cause, .severity])')" \
    '[["outbound","bigmail.example",10,"blocklisted-ip","error"]]'
scan "$PT/w3" --year 2025 --pattern provider-rejects=3 "$P/provider-rejects.log"
eq "provider-rejects=3" "$(pat "$PT/w3" 'map(.key.value)')" '["bigmail.example","provider.co.uk"]'

## All the built logs at once: the same records (nothing joins wrongly),
## in time order, with the same set under -j.
scan "$PT/all" --year 2025 "$P"/*.log "$P"/*.txt
eq "all built logs: patterns" "$(q "$PT/all" '[.[] | select(.type == "pattern")] | length')" 10
eq "all built logs: by name" "$(q "$PT/all" '.[-1].patterns.by_name | map("\(.pattern)=\(.count)") | join(" ")')" \
    "non-smtp-probe=2 repeat-offender=2 submission-misconfig=2 greeting-storm=1 pipelining-abuse=1 provider-rejects=1 vrfy-expn-harvest=1"
eq "all built logs: time order" "$(pat "$PT/all" '[.[] | .first_seen // ""] | . == sort')" true
scan "$PT/allj" --year 2025 -j 3 "$P"/*.log "$P"/*.txt
eq "all built logs: -j 3 same patterns" "$(grep '"type":"pattern"' "$PT/allj" | cksum)" "$(grep '"type":"pattern"' "$PT/all" | cksum)"

## The writers.  JSON: a "patterns" array between findings and summary.
"$BIN" scan -q -o json --year 2025 "$P"/*.log >"$PT/doc.json" 2>/dev/null
eq "json document patterns" "$(jq '.patterns | length' "$PT/doc.json")" 9
eq "json document keys" "$(jq -c 'keys_unsorted' "$PT/doc.json")" '["schema_version","findings","patterns","summary"]'
# Text: a Patterns section, log text escaped (a client's HELO cannot
# reach the terminal raw; the keys are what the log says).
"$BIN" scan -q -o text --color never --year 2025 "$P"/*.log >"$PT/text" 2>/dev/null
eq "text Patterns section" "$(sed -n '/^Patterns$/,/^$/p' "$PT/text" | grep -c -E '^  [a-z-]+ +[0-9]+$')" 7
eq "text repeat-offender line" "$(grep -c '^  repeat-offender client_ip 203.0.113.5: 12 findings' "$PT/text")" 1
# HTML: a Patterns section with each record.
"$BIN" scan -q -o html --year 2025 "$P"/*.log >"$PT/html" 2>/dev/null
eq "html Patterns section" "$(grep -c '<h2 id=patterns>Patterns</h2>' "$PT/html")" 1
eq "html pattern records" "$(grep -c '^<div class=rule><h4>[a-z-]* <small>' "$PT/html")" 9
# Prometheus: counts by pattern and direction.
"$BIN" scan -q -o prometheus --year 2025 "$P"/*.log >"$PT/prom" 2>/dev/null
eq "prometheus patterns" "$(grep -E '^smtplog_patterns\{' "$PT/prom" | sort | tr '\n' ' ')" \
    'smtplog_patterns{pattern="greeting-storm",direction="inbound"} 1 smtplog_patterns{pattern="non-smtp-probe",direction="inbound"} 1 smtplog_patterns{pattern="pipelining-abuse",direction="inbound"} 1 smtplog_patterns{pattern="provider-rejects",direction="outbound"} 1 smtplog_patterns{pattern="repeat-offender",direction="inbound"} 2 smtplog_patterns{pattern="submission-misconfig",direction="inbound"} 1 smtplog_patterns{pattern="submission-misconfig",direction="outbound"} 1 smtplog_patterns{pattern="vrfy-expn-harvest",direction="inbound"} 1 '
PPY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import prometheus_client' 2>/dev/null; then PPY=$p; break; fi
done
if [ -n "$PPY" ]; then
	"$PPY" "$TOP/tests/prom_check.py" <"$PT/prom" >"$PT/prom.samples" 2>&1
	eq "prometheus with patterns parses" $? 0
	eq "prometheus parsed pattern samples" "$(grep -c '^smtplog_patterns{' "$PT/prom.samples")" 8
fi
# merge adds the partials' patterns by name (a burst across partials is
# not joined: here none crosses).
for f in "$P"/*.log; do "$BIN" scan -q -o summary-json --year 2025 "$f"; done >"$PT/parts" 2>/dev/null
eq "merge patterns" "$("$BIN" merge "$PT/parts" | jq -c '.patterns | [.total, (.by_name | map("\(.pattern)=\(.count)") | sort | join(" "))]')" \
    '[9,"greeting-storm=1 non-smtp-probe=1 pipelining-abuse=1 provider-rejects=1 repeat-offender=2 submission-misconfig=2 vrfy-expn-harvest=1"]'

## The real corpus.  Independent check: over the findings themselves,
## bursts per client IP (gaps of at most 600 s) in which 10 consecutive
## findings span at most 600 s.
REPEAT_JQ='def bursts: reduce .[] as $t ([]; if length == 0 or ($t - .[-1][-1]) > 600 then . + [[$t]] else .[:-1] + [.[-1] + [$t]] end);
def qual: . as $b | any(range(0; ($b | length) - 9); $b[. + 9] - $b[.] <= 600);
[.[] | select(.type == "finding" and .direction == "inbound" and .peer_ip != null and .timestamp != null)
 | {ip: .peer_ip, t: (.timestamp | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601)}]
| group_by(.ip) | map([.[].t] | sort | bursts | map(select(qual)) | length) | add // 0'
for f in postfix-real/kdent-mail.log postfix-real/kdent-mail3.log postfix-real/nole-mail.log \
    exim-real/ddgrey-mainlog exim/testsuite-log-0300; do
	[ -f "$CORPUS/$f" ] || continue
	scan "$PT/c" --year 2016 "$CORPUS/$f"
	eq "corpus $f: repeat-offender = jq over findings" \
	    "$(pat "$PT/c" 'map(select(.pattern == "repeat-offender")) | length')" "$(q "$PT/c" "$REPEAT_JQ")"
done
# kdent-mail.log: 1 (59.18.82.146: 12 rejects at 03:41:21-03:42:38, grep
# '59.18.82.146' | grep -c ' 554 '); kdent-mail3.log: 1 (112.90.183.141:
# 20 rejects at 05:44:58-05:45:51, grep '112.90.183.141' | grep -c ' 554 ').
scan "$PT/k1" --year 2016 "$CORPUS/postfix-real/kdent-mail.log"
eq "kdent patterns" "$(pat "$PT/k1" 'map([.pattern, .key.value, .count])')" '[["repeat-offender","59.18.82.146",12]]'
scan "$PT/k3" --year 2016 "$CORPUS/postfix-real/kdent-mail3.log"
eq "kdent3 patterns" "$(pat "$PT/k3" 'map([.pattern, .key.value, .count])')" '[["repeat-offender","112.90.183.141",20]]'
# The Exim test suite's 0900: a client sends DATA after a BDAT chunk and
# again after the 503 (lines 254, 288, 296, by grep -n '^<<< 503'): one
# pipelining-abuse of two in that session; and 0901 the same once.
scan "$PT/x" "$CORPUS/exim-testsuite/stdout-0900"
eq "exim 0900 pipelining-abuse" "$(pat "$PT/x" 'map(select(.pattern == "pipelining-abuse") | .count)')" '[2,3]'
