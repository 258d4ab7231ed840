# Part of tests/e2e.sh (sourced): the Dask job of examples/dask/ on a
# LocalCluster of 2 worker processes, compared with one serial scan of the
# same files: the same summary (lines, inputs, sessions, messages,
# findings by code and cause, patterns), the same findings (by id) and
# patterns in the --findings files.  The files are the logs of six hosts,
# several with rotated files, and Exim logs that name no host.  Needs Dask
# distributed (Debian: python3-distributed; make deps-test installs it,
# best effort): without it, a visible SKIP.

DK=$T/e2e62
mkdir -p "$DK"
PYD=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import distributed' 2>/dev/null; then PYD=$p; break; fi
done
DFILES="$TOP/samples/postfix $TOP/samples/archive/old $TOP/samples/exim"
for f in kdent-mail.log kdent-mail3.log nole-mail.log securepostfix-mail.log; do
	[ -f "$CORPUS/postfix-real/$f" ] && DFILES="$DFILES $CORPUS/postfix-real/$f"
done
if [ -z "$PYD" ]; then
	printf 'SKIP: the Dask job test needs python3-distributed (make deps-test installs it)\n' >&2
else
	BINABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
	# shellcheck disable=SC2086
	"$PYD" "$TOP/examples/dask/smtplog_dask.py" --workers 2 --smtplog "$BINABS" \
	    --year 2025 --findings "$DK/findings" $DFILES >"$DK/dask.json" 2>"$DK/dask.err"
	eq "dask job: exit ($(tail -n 3 "$DK/dask.err" | tr '\n' ' '))" $? 0
	eq "dask job: tasks, one per host" "$(sed -n 's/^smtplog_dask: \([0-9]* files, [0-9]* tasks\)$/\1/p' "$DK/dask.err")" \
	    "$(echo $DFILES | xargs -n 1 sh -c 'if [ -d "$0" ]; then ls "$0"; else echo "$0"; fi' | wc -l | tr -d ' ') files, $(
	    for f in $DFILES; do if [ -d "$f" ]; then for g in "$f"/*; do echo "$g"; done; else echo "$f"; fi; done |
	    while read -r g; do
		case $g in *.gz) gzip -dc "$g" ;; *) cat "$g" ;; esac | grep -m 1 ' postfix/' | awk '{ print $4 }' |
		    grep . || dirname "$g"
	    done | sort -u | wc -l | tr -d ' ') tasks"
	# shellcheck disable=SC2086
	"$BIN" scan -q -o ndjson --year 2025 $(for f in $DFILES; do echo "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"; done) \
	    >"$DK/serial.nd" 2>/dev/null
	tail -n 1 "$DK/serial.nd" | jq -S '.inputs |= sort_by(.file)' >"$DK/serial.json"
	jq -S '.inputs |= sort_by(.file)' "$DK/dask.json" >"$DK/dask.sorted.json" 2>/dev/null
	for k in lines inputs sessions messages findings.by_code findings.by_cause findings patterns; do
		eq "dask job = serial scan: $k" "$(jq -c ".$k" "$DK/dask.sorted.json")" "$(jq -c ".$k" "$DK/serial.json")"
	done
	# The whole summary, but for the traffic's estimated parts (the
	# partials' different-address counts are united through sketches and
	# their top lists added: doc/scale-out.md); its totals, days and hours
	# are exact.
	EST='del(.traffic.top, .traffic.sketches, .traffic.estimated, .traffic.senders, .traffic.sending_domains, .traffic.recipients, .traffic.recipient_domains)'
	jq -S "$EST" "$DK/dask.sorted.json" >"$DK/dask.cut.json"
	jq -S "$EST" "$DK/serial.json" >"$DK/serial.cut.json"
	cmp -s "$DK/dask.cut.json" "$DK/serial.cut.json"
	eq "dask job = serial scan: the whole summary" $? 0
	eq "dask job = serial scan: traffic totals" "$(jq -c '.traffic | [.received, .delivered, .rejected, .bytes_received]' "$DK/dask.sorted.json")" \
	    "$(jq -c '.traffic | [.received, .delivered, .rejected, .bytes_received]' "$DK/serial.json")"
	eq "dask job: findings to compare" "$(jq '.findings.total > 100 and .patterns.total > 0 and .sessions.total > 100' "$DK/serial.json")" true
	cat "$DK"/findings/*.ndjson >"$DK/findings.nd" 2>/dev/null
	eq "dask --findings: the same findings (ids)" \
	    "$(jq -r 'select(.type == "finding") | .id' "$DK/findings.nd" | sort | cksum)" \
	    "$(jq -r 'select(.type == "finding") | .id' "$DK/serial.nd" | sort | cksum)"
	eq "dask --findings: the same patterns" \
	    "$(jq -c 'select(.type == "pattern") | del(.finding_refs)' "$DK/findings.nd" | sort | cksum)" \
	    "$(jq -c 'select(.type == "pattern") | del(.finding_refs)' "$DK/serial.nd" | sort | cksum)"
	eq "dask --findings: no summary in them" "$(grep -c '"type":"summary"' "$DK/findings.nd")" 0
	printf '%s\n' "$DK/findings.nd" >>"$T/.scans"	# schema-checked at the end
	# A file that cannot be read: its input error in the summary, exit 1,
	# as a serial scan.
	"$PYD" "$TOP/examples/dask/smtplog_dask.py" --workers 2 --smtplog "$BINABS" \
	    --year 2025 "$TOP/samples/postfix" "$DK/no-such.log" >"$DK/bad.json" 2>"$DK/bad.err"
	eq "dask job with a missing file: exit" $? 1
	eq "dask job with a missing file: in the summary" "$(jq -c '[.input_errors, (.inputs | length)]' "$DK/bad.json")" '[1,3]'
fi
