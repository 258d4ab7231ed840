# Part of tests/e2e.sh (sourced): a serial scan parses on a second thread
# while the first builds sessions (scan.c, scan_queue.c) when the machine
# has two cores; SMTPLOG_PIPELINE=0/1 forces either way ("handover": the
# parsing thread hands the rest of the input to the other at line 4096, as
# a scan does when its threads do not run at once).  All ways must write the
# same bytes to stdout and stderr and exit the same, on generated logs
# (many queue batches), real logs, -v, bad inputs and a failing output.

GEN=${SMTPLOG_GEN:-$TOP/build/bench/gen}
PL="$T/pipe"
mkdir -p "$PL"

# same NAME ARGS...: smtplog ARGS both ways; stdout, stderr, exit equal.
same() {
	nm=$1; shift
	SMTPLOG_PIPELINE=0 "$BIN" "$@" >"$PL/0.out" 2>"$PL/0.err"; r0=$?
	SMTPLOG_PIPELINE=1 "$BIN" "$@" >"$PL/1.out" 2>"$PL/1.err"; r1=$?
	eq "pipeline $nm exit" "$r1" "$r0"
	eq "pipeline $nm stdout" "$(cksum <"$PL/1.out")" "$(cksum <"$PL/0.out")"
	eq "pipeline $nm stderr" "$(cat "$PL/1.err")" "$(cat "$PL/0.err")"
	case $nm in generated*|trace)
		SMTPLOG_PIPELINE=handover "$BIN" "$@" >"$PL/h.out" 2>"$PL/h.err"
		eq "pipeline $nm handover exit" "$?" "$r0"
		eq "pipeline $nm handover stdout" "$(cksum <"$PL/h.out")" "$(cksum <"$PL/0.out")"
		eq "pipeline $nm handover stderr" "$(cat "$PL/h.err")" "$(cat "$PL/0.err")"
	esac
}

if [ -x "$GEN" ]; then
	# 3 MB: some 30,000 events, dozens of the queue's batches.
	"$GEN" postfix 3M 21 >"$PL/g.log"
	gzip -c "$PL/g.log" >"$PL/g.log.gz"
	"$GEN" exim 1M 22 >"$PL/e.log"
	same "generated ndjson" scan -q -o ndjson "$PL/g.log"
	eq "pipeline generated has findings" "$(grep -c '"type":"finding"' "$PL/1.out" | awk '$1 > 100 { print "yes" }')" yes
	same "generated gz json" scan -q -o json "$PL/g.log.gz"
	# Damage halfway through the gzip file (the inflate thread's error
	# reaches a pipelined scan mid-stream): the same lines and message.
	cp "$PL/g.log.gz" "$PL/gd.gz"
	gsz=$(wc -c <"$PL/gd.gz")
	printf '\125\252\125\252' | dd of="$PL/gd.gz" bs=1 seek=$((gsz / 2)) conv=notrunc 2>/dev/null
	same "generated gz damaged" scan -q -o ndjson "$PL/gd.gz"
	eq "pipeline generated gz damaged said" "$(grep -c "gd.gz: corrupt gzip data in member 1 (from byte 0): " "$PL/1.err")" 1
	same "generated exim text" scan -o text --color never "$PL/e.log"
	SMTPLOG_PIPELINE=0 "$BIN" scan -q -o ndjson - <"$PL/g.log" >"$PL/s0.out" 2>&1
	SMTPLOG_PIPELINE=1 "$BIN" scan -q -o ndjson - <"$PL/g.log" >"$PL/s1.out" 2>&1
	eq "pipeline generated stdin" "$(cksum <"$PL/s1.out")" "$(cksum <"$PL/s0.out")"
	qid=$(sed -n '/qmgr.*: removed$/{s/.*: \([0-9A-F]*\): removed$/\1/p;q;}' "$PL/g.log")
	same "trace" trace -o json "$qid" "$PL/g.log.gz"
	eq "pipeline trace found" "$(jq '.matches | length' "$PL/1.out")" 1
	# The output fails (a full disk): both stop the same way, the
	# parsing thread told to stop (no hang).
	SMTPLOG_PIPELINE=0 "$BIN" scan -q -o ndjson "$PL/g.log" >/dev/full 2>"$PL/f0.err"; r0=$?
	SMTPLOG_PIPELINE=1 "$BIN" scan -q -o ndjson "$PL/g.log" >/dev/full 2>"$PL/f1.err"; r1=$?
	eq "pipeline dev full exit" "$r1" "$r0"
	eq "pipeline dev full said" "$(cat "$PL/f1.err")" "$(cat "$PL/f0.err")"
fi
if [ -d "$CORPUS" ]; then
	same "corpus postfix -v" scan -v -o ndjson "$CORPUS"/postfix-real
	same "corpus exim wide" scan -q -o json -c 500,501,502,503,530,550,554 "$CORPUS"/exim-real
	same "corpus transcripts" scan -q -o ndjson --format transcript "$CORPUS"/swaks
fi
same "samples text" scan -o text --color never --year 2025 "$TOP"/samples/postfix "$TOP"/samples/exim
# Messages of the parsing thread keep their place: a cut gzip,
# unrecognized lines (-v); then a file that is no mail log is said.
head -c 3000 /bin/sh >"$PL/bin.log"
cat "$TOP/samples/postfix/mail.log" "$TOP/samples/exim/mainlog" >"$PL/mixed.log"
head -c 700 "$TOP/samples/postfix/mail.log.1.gz" >"$PL/cut.gz"
same "bad inputs" scan -v -o ndjson --year 2025 "$PL/bin.log" "$PL/mixed.log" "$PL/cut.gz" "$TOP/samples/postfix/mail.log"
eq "pipeline bad inputs said" "$(grep -c -e 'not a mail log' -e 'truncated' "$PL/1.err")" 2

# The pipeline does run: while its output waits on a FIFO nobody reads
# yet, a pipelined scan of a regular file has one thread more than a
# serial one (the parsing thread, waiting for room in the queue); a
# sanitizer may add threads of its own to both.  threads MODE: the count
# once the scan blocks (it has written the FIFO's fill), then drained.
threads() {
	rm -f "$PL/fifo"
	mkfifo "$PL/fifo"
	SMTPLOG_PIPELINE=$1 "$BIN" scan -q -o ndjson "$PL/g.log" >"$PL/fifo" 2>/dev/null &
	pid=$!
	exec 7<"$PL/fifo"
	# Wait until the scan blocks on the full FIFO: its state is S.
	n=0 tries=0
	while [ $tries -lt 100 ]; do
		sleep 0.1
		st=$(awk '{ print $3 }' /proc/$pid/stat 2>/dev/null)
		n=$(ls /proc/$pid/task 2>/dev/null | wc -l)
		[ "$st" = S ] && [ $tries -ge 3 ] && break
		tries=$((tries + 1))
	done
	cat <&7 >/dev/null
	exec 7<&-
	wait $pid
	echo "$n"
}
if [ -x "$GEN" ] && [ -d /proc/self/task ] && command -v mkfifo >/dev/null; then
	base=$(threads 0)
	on=$(threads 1)
	eq "pipeline threads on ($on, serial $base)" "$([ "$on" -gt "$base" ] && echo more)" more
	# stdin and FIFOs are read as their writer writes: never pipelined.
	rm -f "$PL/in"; mkfifo "$PL/in"
	SMTPLOG_PIPELINE=1 "$BIN" scan -q -o ndjson "$PL/in" >/dev/null 2>&1 &
	pid=$!
	exec 8>"$PL/in"
	head -n 60 "$TOP/samples/postfix/mail.log" >&8
	sleep 0.5
	n=$(ls /proc/$pid/task 2>/dev/null | wc -l)
	exec 8>&-
	wait $pid
	eq "pipeline not on a FIFO" "$n" "$base"
else
	printf 'SKIP: pipeline thread count needs bench/gen, /proc and mkfifo\n' >&2
fi
