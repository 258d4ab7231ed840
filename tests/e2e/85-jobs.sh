# Part of tests/e2e.sh (sourced): -j N scans files in parallel and writes
# what a serial scan writes: the same findings (compared sorted, and in
# the same order when each file is its own stream) and the same summary.
# Inputs: two generated logs (different seeds, one gzipped) and a sample;
# no session crosses from one to the next, so the serial scan that joins
# streams finds the same.

"$BIN" scan -j 0 x >/dev/null 2>&1; eq "-j 0 exit" $? 2
"$BIN" scan -j 65 x >/dev/null 2>&1; eq "-j 65 exit" $? 2
if [ -x "$GEN" ]; then
	"$GEN" postfix 300K 11 >"$T/j1.log"
	"$GEN" postfix 200K 12 | gzip -c >"$T/j2.log.gz"
	# Given in time order (j2 starts a second before j1): inputs are
	# read in the order of their first timestamps.
	J="$T/j2.log.gz $T/j1.log $TOP/samples/postfix/mail.log"
	scan "$T/js" --year 2024 $J
	eq "-j serial exit" "$rc" 0
	scan "$T/jp" --year 2024 -j 2 $J
	eq "-j 2 exit" "$rc" 0
	every_line_json "$T/jp"
	accounted "$T/jp"
	eq "-j 2 findings sorted" "$(grep -v '"type":"summary"' "$T/jp" | sort | cksum)" \
	    "$(grep -v '"type":"summary"' "$T/js" | sort | cksum)"
	eq "-j 2 summary" "$(tail -n 1 "$T/jp" | jq -S -c .)" "$(tail -n 1 "$T/js" | jq -S -c .)"
	# Each file on its own: the concatenation is the -j output, in order
	# (the findings: patterns join files, written after all of them).
	for f in $J; do "$BIN" scan -q -o ndjson --year 2024 "$f" | grep -v -E '"type":"(summary|pattern)"'; done >"$T/jeach"
	eq "-j 2 order is input order" "$(grep -v -E '"type":"(summary|pattern)"' "$T/jp" | cksum)" "$(cksum <"$T/jeach")"
	eq "-j 2 lines read" "$(q "$T/jp" '.[-1].lines.read')" \
	    "$(cat "$T/j1.log" "$TOP/samples/postfix/mail.log" | wc -l | awk -v z="$(zcat "$T/j2.log.gz" | wc -l)" '{ print $1 + z }')"
	# More jobs than files, and the JSON document: the same findings.
	"$BIN" scan -q -o json --year 2024 -j 8 $J >"$T/jd8" 2>/dev/null
	eq "-j 8 json exit" $? 0
	"$BIN" scan -q -o json --year 2024 $J >"$T/jd1" 2>/dev/null
	eq "-j 8 json findings" "$(jq -c '.findings[]' "$T/jd8" | sort | cksum)" "$(jq -c '.findings[]' "$T/jd1" | sort | cksum)"
	# The text report gets the same findings through the spool: the same
	# counts up to its examples (which depend on the order findings come
	# in: a serial scan ends the sessions of all files last), and the
	# same report whatever the number of jobs.
	"$BIN" scan -q -o text --color never --year 2024 -j 2 $J >"$T/jt2" 2>/dev/null
	"$BIN" scan -q -o text --color never --year 2024 -j 3 $J >"$T/jt3" 2>/dev/null
	"$BIN" scan -q -o text --color never --year 2024 $J >"$T/jt1" 2>/dev/null
	eq "-j 2 text counts" "$(sed -n '/^Findings by code/,/^$/p' "$T/jt2" | cksum)" \
	    "$(sed -n '/^Findings by code/,/^$/p' "$T/jt1" | cksum)"
	eq "-j 2 text totals" "$(grep -E '^  (findings|sessions|lines read) ' "$T/jt2")" \
	    "$(grep -E '^  (findings|sessions|lines read) ' "$T/jt1")"
	eq "-j 2 and -j 3 text" "$(cksum <"$T/jt2")" "$(cksum <"$T/jt3")"
	# A missing file: exit 1, named in the summary; the others scanned.
	scan "$T/jm" --year 2024 -j 2 "$T/j1.log" "$T/nosuch" "$T/j2.log.gz"
	eq "-j missing exit" "$rc" 1
	eq "-j missing error" "$(q "$T/jm" '.[-1].inputs[1].error')" "No such file or directory"
	eq "-j missing others" "$(q "$T/jm" '[.[-1].inputs[] | select(.lines > 0)] | length')" 2
	# Output error: exit 1, no hang.
	"$BIN" scan -q -o ndjson --year 2024 -j 2 $J >/dev/full 2>/dev/null
	eq "-j write error exit" $? 1
fi

## -v with -j: each worker's lines come out whole (stderr is locked per
## line), however they interleave.
for f in 1 2 3 4; do
	awk -v f="$f" 'BEGIN { for (i = 1; i <= 5000; i++)
	    printf "Nov 23 10:00:00 mx postfix/smtpd[%d]: something odd number %d from file %d\n", 10 + f, i, f }' >"$T/v$f.log"
done
"$BIN" scan -q -v -j 4 -o ndjson --year 2025 "$T/v1.log" "$T/v2.log" "$T/v3.log" "$T/v4.log" >/dev/null 2>"$T/v.err"
# Each file then gets the warning that almost none of it was understood.
eq "-v -j 4: one line per unrecognized line" "$(grep -c ': unrecognized: ' "$T/v.err")" 20000
eq "-v -j 4: each file said to give almost nothing" "$(grep -c 'only 0 of its 5000 postfix lines were understood' "$T/v.err")" 4
eq "-v -j 4: no line torn" "$(grep -c -v -E -e '^smtplog: [^ ]*v[1-4]\.log:[0-9]+: unrecognized: Nov 23 10:00:00 mx postfix/smtpd\[1[1-4]\]: something odd number [0-9]+ from file [1-4]$' -e '^smtplog: [^ ]*v[1-4]\.log: only 0 of its' "$T/v.err")" 0
