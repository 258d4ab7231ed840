# Part of tests/e2e.sh (sourced): what scale-out stands on.  Content
# identities of inputs (summary inputs[].id), --label, stable finding ids,
# scan --plan (host, format, first and last time from the two ends of a
# file), and merge that survives retries and lost partials (repeats
# skipped, --expect, --manifest, empty partials).  Expected values come
# from the files themselves (wc, head, tail, grep, an FNV-1a written here
# in Python), not from smtplog's output.  The Dask job is 62-dask.sh.

SO=$T/e2e61
mkdir -p "$SO"
S=$TOP/samples/postfix
PY3=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1; then PY3=$p; break; fi
done

## Content identity: SIZE-HEAD-TAIL, FNV-1a 64 of the first and last 64 KiB
## of the text; the same for the text plain and gzip'd.
"$BIN" scan -q -o summary-json --year 2025 "$S/mail.log" "$S/mail.log.1.gz" >"$SO/id.json"
eq "id: size is the file's" "$(jq -r '.inputs[] | select(.file | endswith("/mail.log")) | .id | split("-")[0]' "$SO/id.json")" \
    "$(wc -c <"$S/mail.log" | tr -d ' ')"
eq "id: size of a gzip file is its text's" "$(jq -r '.inputs[] | select(.file | endswith(".gz")) | .id | split("-")[0]' "$SO/id.json")" \
    "$(gzip -dc "$S/mail.log.1.gz" | wc -c | tr -d ' ')"
gzip -dc "$S/mail.log.1.gz" >"$SO/plain.log"
gzip -c "$S/mail.log" >"$SO/mail.log.gz"
eq "id: the same text plain and gzip" \
    "$("$BIN" scan -q -o summary-json --year 2025 "$SO/plain.log" | jq -r '.inputs[0].id')" \
    "$(jq -r '.inputs[] | select(.file | endswith(".gz")) | .id' "$SO/id.json")"
# A file of more than twice 64 KiB: head and tail hashed apart.
BIG=$CORPUS/postfix-real/kdent-mail.log
[ -f "$BIG" ] || BIG=$S/mail.log
if [ -n "$PY3" ]; then
	fnv_id() {
		"$PY3" -c 'import sys
d = open(sys.argv[1], "rb").read()
def f(b):
    h = 14695981039346656037
    for c in b:
        h = ((h ^ c) * 1099511628211) & 0xffffffffffffffff
    return h
print("%d-%016x-%016x" % (len(d), f(d[:65536]), f(d[-65536:])))' "$1"
	}
	eq "id: FNV-1a of both ends ($(basename "$BIG"))" \
	    "$("$BIN" scan -q -o summary-json "$BIG" | jq -r '.inputs[0].id')" "$(fnv_id "$BIG")"
	eq "id: small file, the whole text at both ends" \
	    "$(jq -r '.inputs[] | select(.file | endswith("/mail.log")) | .id' "$SO/id.json")" "$(fnv_id "$S/mail.log")"
else
	printf 'SKIP: content identity check against an FNV-1a of its own needs python3\n' >&2
fi
eq "id: null when not read (a duplicate)" \
    "$("$BIN" scan -q -o summary-json --year 2025 "$SO/plain.log" "$S/mail.log.1.gz" 2>/dev/null | jq -c '[.inputs[] | .skipped != null, .id == null]')" \
    '[false,false,true,true]'

## --label: in each input's record; standard input named by it.
"$BIN" scan -q -o ndjson --year 2025 --label mx1.example "$S/mail.log" >"$SO/lab.nd"
eq "label in the input record" "$(tail -n 1 "$SO/lab.nd" | jq -r '.inputs[0].label')" mx1.example
eq "no label: null" "$(jq -r '.inputs[0].label' "$SO/id.json")" null
"$BIN" scan -q -o ndjson --year 2025 --label hdfs:/logs/mail.log - <"$S/mail.log" >"$SO/labin.nd"
eq "label of standard input" "$(tail -n 1 "$SO/labin.nd" | jq -c '.inputs[0] | [.file, .label]')" '["-","hdfs:/logs/mail.log"]'
"$BIN" merge --label x "$SO/id.json" >/dev/null 2>&1; eq "--label goes with scan: exit" $? 2

## Finding ids: one per finding, the same in every run and way of reading
## (pipelined or not, -j), different with another label or another text
## under the same name.
"$BIN" scan -q -o ndjson --year 2025 "$S/mail.log" "$S/mail.log.1.gz" >"$SO/f1.nd"
ids() { jq -r 'select(.type == "finding") | .id' "$1" | sort; }
ids "$SO/f1.nd" >"$SO/f1.ids"
eq "finding ids: 16 hex digits, one per finding" "$(grep -c '^[0-9a-f]\{16\}$' "$SO/f1.ids")" \
    "$(jq -s '[.[] | select(.type == "finding")] | length' "$SO/f1.nd")"
eq "finding ids: unique" "$(uniq -d "$SO/f1.ids" | wc -l)" 0
SMTPLOG_PIPELINE=0 "$BIN" scan -q -o ndjson --year 2025 "$S/mail.log" "$S/mail.log.1.gz" >"$SO/f2.nd"
ids "$SO/f2.nd" | cmp -s - "$SO/f1.ids"; eq "finding ids: the same on one thread" $? 0
"$BIN" scan -q -o ndjson -j 2 --year 2025 "$S/mail.log" "$S/mail.log.1.gz" >"$SO/f3.nd"
ids "$SO/f3.nd" | cmp -s - "$SO/f1.ids"; eq "finding ids: the same with -j 2" $? 0
eq "finding ids: another label, other ids" "$(ids "$SO/lab.nd" | comm -12 - "$SO/f1.ids" | wc -l)" 0
# One name, two texts (a log rotated between two runs): no id in common.
cp "$S/mail.log" "$SO/rot.log"
"$BIN" scan -q -o ndjson --year 2025 "$SO/rot.log" >"$SO/r1.nd"
cp "$SO/plain.log" "$SO/rot.log"
"$BIN" scan -q -o ndjson --year 2025 "$SO/rot.log" >"$SO/r2.nd"
eq "finding ids: same name, other text, other ids" "$(ids "$SO/r1.nd" | comm -12 - "$(ids "$SO/r2.nd" >"$SO/r2.ids"; echo "$SO/r2.ids")" | wc -l)" 0
# Every finding of every scan of this run so far: ids unique in each.
dup=0
touch "$T/.scans"
for f in $(sort -u "$T/.scans"); do
	[ -f "$f" ] || continue
	n=$(jq -r 'select(.type == "finding") | .id' "$f" 2>/dev/null | sort | uniq -d | wc -l)
	[ "$n" -eq 0 ] || { dup=$((dup + 1)); printf 'duplicate finding ids in %s\n' "$f" >&2; }
done
eq "finding ids unique in every scan of this run ($(sort -u "$T/.scans" | wc -l) scans)" "$dup" 0

## An empty standard input is an error (a mapper whose source failed),
## unless --allow-empty; an empty regular file is not.
printf '' | "$BIN" scan -q -o summary-json - >"$SO/empty.json" 2>"$SO/empty.err"
eq "empty stdin: exit" $? 1
eq "empty stdin: an input error" "$(jq -c '[.input_errors, (.inputs[0].error | test("empty"))]' "$SO/empty.json")" '[1,true]'
printf '' | "$BIN" scan -q -o summary-json --allow-empty - >/dev/null 2>&1
eq "empty stdin with --allow-empty: exit" $? 0
: >"$SO/empty.log"
"$BIN" scan -q -o summary-json "$SO/empty.log" >/dev/null 2>&1
eq "empty regular file: exit" $? 0

## scan --plan: one record per input in reading order, from its two ends.
"$BIN" scan -q -o ndjson --plan --year 2025 "$S" >"$SO/plan.nd"
printf '%s\n' "$SO/plan.nd" >>"$T/.scans"	# schema-checked at the end
eq "plan: records in reading order" "$(jq -r '.file | sub(".*/"; "")' "$SO/plan.nd" | tr '\n' ' ')" "mail.log.1.gz mail.log "
eq "plan: host, format" "$(jq -r 'select(.file | endswith("/mail.log")) | "\(.host) \(.format) \(.compressed)"' "$SO/plan.nd")" \
    "$(head -n 1 "$S/mail.log" | awk '{ print $4 }') postfix false"
# The first and last Postfix lines of mail.log: its first and last events.
# stamp YEAR: the syslog time of the line on standard input, ISO 8601.
stamp() { read -r m d t _; date -u -d "$m $d $1 $t" +%Y-%m-%dT%H:%M:%SZ; }
eq "plan: first" "$(jq -r 'select(.file | endswith("/mail.log")) | .first' "$SO/plan.nd")" \
    "$(grep ' postfix/' "$S/mail.log" | head -n 1 | stamp 2025)"
eq "plan: last" "$(jq -r 'select(.file | endswith("/mail.log")) | .last' "$SO/plan.nd")" \
    "$(grep ' postfix/' "$S/mail.log" | tail -n 1 | stamp 2025)"
eq "plan: id as a scan's" "$(jq -r 'select(.file | endswith("/mail.log")) | .id' "$SO/plan.nd")" \
    "$(jq -r '.inputs[] | select(.file | endswith("/mail.log")) | .id' "$SO/id.json")"
eq "plan: size" "$(jq -r 'select(.file | endswith("/mail.log")) | .size' "$SO/plan.nd")" "$(wc -c <"$S/mail.log" | tr -d ' ')"
eq "plan: a small gzip file whole: last and id known" \
    "$(jq -c 'select(.compressed) | [.last != null, .id]' "$SO/plan.nd")" \
    "[true,$(jq -c '.inputs[] | select(.file | endswith(".gz")) | .id' "$SO/id.json")]"
if [ -f "$BIG" ] && [ "$(wc -c <"$BIG")" -gt 262144 ]; then
	"$BIN" scan --plan "$BIG" >"$SO/plan-big.nd"
	y=$(jq -r '.first[0:4]' "$SO/plan-big.nd")
	eq "plan: last of a large file, from its tail" "$(jq -r '.last' "$SO/plan-big.nd")" \
	    "$(grep ' postfix/' "$BIG" | tail -n 1 | stamp "$y")"
	gzip -c "$BIG" >"$SO/big.gz"
	"$BIN" scan --plan "$SO/big.gz" >"$SO/plan-bgz.nd"
	eq "plan: a large gzip file: first known, last and id not" "$(jq -c '[.first != null, .last, .id]' "$SO/plan-bgz.nd")" '[true,null,null]'
	if command -v strace >/dev/null 2>&1; then
		for f in "$BIG" "$SO/big.gz"; do
			strace -f -e trace=openat,read,pread64 -o "$SO/strace" "$BIN" scan --plan "$f" >/dev/null 2>&1
			# Bytes read from the log's descriptor(s) after it was opened.
			got=$(awk -v f="$f" 'index($0, "\"" f "\"") && /openat/ { fd = $NF; on[fd] = 1; next }
			    /(read|pread64)\(/ { split($0, a, "("); split(a[2], b, ","); if (on[b[1]]) n += $NF }
			    END { print n + 0 }' "$SO/strace")
			eq "plan reads at most 64 KiB of each end of $(basename "$f") (read $got bytes, the head twice)" \
			    "$([ "$got" -le $((3 * 65536)) ] && [ "$got" -gt 0 ] && echo ok)" ok
		done
	else
		printf 'SKIP: the bound of what --plan reads needs strace\n' >&2
	fi
fi
"$BIN" scan --plan -o json "$S" >/dev/null 2>&1; eq "--plan with -o json: exit" $? 2

## merge: a repeated partial (a retried task) is skipped with a warning;
## the result is the merge of each once.
"$BIN" scan -q -o summary-json --year 2025 "$S/mail.log" >"$SO/p1.json"
"$BIN" scan -q -o summary-json --year 2025 "$S/mail.log.1.gz" >"$SO/p2.json"
"$BIN" merge "$SO/p1.json" "$SO/p2.json" >"$SO/m12.json"
cat "$SO/p1.json" "$SO/p2.json" "$SO/p1.json" | "$BIN" merge >"$SO/m121.json" 2>"$SO/m121.err"
eq "merge of a repeated partial: exit" $? 0
cmp -s "$SO/m12.json" "$SO/m121.json"; eq "merge of a repeated partial: counted once" $? 0
eq "merge of a repeated partial: said where" "$(grep -c -- '-:3: skipped: a repeat of the partial at -:1' "$SO/m121.err")" 1
"$BIN" merge "$SO/m12.json" "$SO/p2.json" >/dev/null 2>&1
eq "merge of a partial and a merge that holds it: exit" $? 1
"$BIN" scan -q -o summary-json --year 2025 "$S/mail.log" "$S/mail.log.1.gz" >"$SO/p12.json"
"$BIN" merge "$SO/p12.json" "$SO/p1.json" >"$SO/over.json" 2>"$SO/over.err"
eq "merge of overlapping partials: exit" $? 1
eq "merge of overlapping partials: nothing written" "$(wc -c <"$SO/over.json" | tr -d ' ')" 0
eq "merge of overlapping partials: said" "$(grep -c 'merged already' "$SO/over.err")" 1
# Partials without identities (schema 1) are added up as they come.
jq -c '.schema_version = 1 | .inputs[] |= del(.id, .label)' "$SO/p1.json" >"$SO/p1v1.json"
"$BIN" merge "$SO/p1v1.json" "$SO/p1v1.json" >"$SO/v1.json"
eq "merge of schema 1 partials: no identity, no dedup" "$(jq '.lines.read' "$SO/v1.json")" $((2 * $(wc -l <"$S/mail.log")))

## merge --expect N and --manifest: a lost partial fails the merge.
"$BIN" merge --expect 2 "$SO/p1.json" "$SO/p2.json" >/dev/null 2>&1; eq "merge --expect 2 of 2: exit" $? 0
"$BIN" merge --expect 3 "$SO/p1.json" "$SO/p2.json" >"$SO/e3.json" 2>"$SO/e3.err"
eq "merge --expect 3 of 2: exit" $? 1
eq "merge --expect 3 of 2: said" "$(grep -c '2 inputs merged, 3 expected: a partial is missing' "$SO/e3.err")" 1
"$BIN" merge --manifest "$SO/plan.nd" "$SO/p1.json" "$SO/p2.json" >/dev/null 2>&1
eq "merge --manifest (scan --plan records): exit" $? 0
"$BIN" merge --manifest "$SO/plan.nd" "$SO/p1.json" >/dev/null 2>"$SO/man.err"
eq "merge --manifest, a partial lost: exit" $? 1
eq "merge --manifest, a partial lost: named" "$(grep -c 'mail.log.1.gz: expected .*, but in no partial' "$SO/man.err")" 1
printf 'hdfs:/logs/mail.log\n' >"$SO/man.txt"
"$BIN" merge --manifest "$SO/man.txt" "$SO/labin.nd" >/dev/null 2>&1
eq "merge --manifest of names: a label matches" $? 0
: >"$SO/empty.nd"
"$BIN" merge "$SO/p1.json" "$SO/empty.nd" >/dev/null 2>"$SO/emp.err"
eq "merge of an empty partial: exit" $? 1
eq "merge of an empty partial: said" "$(grep -c 'empty.nd: empty' "$SO/emp.err")" 1
"$BIN" merge --allow-empty "$SO/p1.json" "$SO/empty.nd" | cmp -s - "$SO/p1.json"
eq "merge --allow-empty: the others' sum" $? 0
printf '' | "$BIN" merge >/dev/null 2>&1; eq "merge of an empty standard input: exit" $? 1
"$BIN" scan --expect 2 "$S" >/dev/null 2>&1; eq "--expect goes with merge: exit" $? 2

## Many partials (bench/partials.c): the merge adds them all up, and a
## second copy of some changes nothing.
PARTS=${SMTPLOG_PARTIALS:-$TOP/build/bench/partials}
if [ -x "$PARTS" ]; then
	"$PARTS" 500 3 >"$SO/many.nd" 2>"$SO/many.sums"
	"$BIN" merge --expect 500 "$SO/many.nd" >"$SO/many.json"
	eq "500 partials: exit" $? 0
	eq "500 partials: lines and findings" "$(jq -r '"lines \(.lines.read) findings \(.findings.total)"' "$SO/many.json")" \
	    "$(cat "$SO/many.sums")"
	head -n 100 "$SO/many.nd" | cat "$SO/many.nd" - | "$BIN" merge --expect 500 2>/dev/null | cmp -s - "$SO/many.json"
	eq "500 partials and 100 again: the same" $? 0
	eq "500 partials: findings by code add up" "$(jq '[.findings.by_code[].count] | add' "$SO/many.json")" \
	    "$(jq '.findings.total' "$SO/many.json")"
else
	ko "partials generator $PARTS not built (make build/bench/partials)"
fi
