# Part of tests/e2e.sh (sourced): SIGINT and SIGTERM during a scan.  The
# scan stops reading, finishes the record it is writing, writes the
# summary with "interrupted": true and exits 130 (SIGINT) or 143
# (SIGTERM), in every output format, read serially, pipelined (the
# default on a regular file) and with -j; a second signal ends it at once.
#
# To signal a scan that is surely in the middle of its input, without
# timing: it runs with -v, which shows each unrecognized line on stderr,
# and its stderr is a FIFO that nobody reads until the signal is sent.
# The input holds far more than a pipe's 64 KiB of such lines, so the
# scan is held in a write to stderr, or reading, when the signal comes.

X=$T/sig
mkdir -p "$X"
# NS sessions, each: connect, an unrecognized line (shown by -v), a 554
# (a finding when the session ends) and disconnect.
NS=10000
gen() {	# gen TAG
	awk -v n=$NS -v tag="$1" 'BEGIN { for (i = 0; i < n; i++) {
	    h = sprintf("Nov 10 %02d:%02d:%02d mx postfix/smtpd[%d]:", 6 + int(i / 3600), int(i / 60) % 60, i % 60, 1000 + i)
	    c = sprintf("c%d.%s.example[192.0.2.%d]", i, tag, i % 250 + 1)
	    print h, "connect from", c
	    print h, "gibberish that no parser knows, session", i, tag, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    print h, "NOQUEUE: reject: RCPT from", c ": 554 5.7.1 <x@y.example>: Relay access denied; from=<a@b.example> to=<x@y.example> proto=ESMTP helo=<h>"
	    print h, "disconnect from", c } }'
}
gen a >"$X/a.log"
gen b >"$X/b.log"
NL=$((NS * 4))

# sigrun OUT SIG ARGS...: scan -q -v ARGS with stdout to OUT and stderr
# to a FIFO held unread; when the first byte of stderr is there, send
# SIG, then read the FIFO into OUT.err.  The exit status is in $rc.  With
# SIG2 set, a second signal follows the first before the FIFO is read.
sigrun() {
	out=$1 sig=$2
	shift 2
	rm -f "$X/fifo"
	mkfifo "$X/fifo"
	exec 3<>"$X/fifo"
	env ${SIGENV:-} "$BIN" scan -q -v "$@" >"$out" 2>"$X/fifo" 3<&- &
	pid=$!
	dd bs=1 count=1 <&3 >/dev/null 2>&1
	# The scan held in a write to the full FIFO (one of its threads):
	# it has read well into its input, past findings (signalled at the
	# first byte, a slow scan may not have read the first reject yet),
	# and with two signals it cannot finish between them.
	n=0
	while ! cat /proc/$pid/task/*/wchan 2>/dev/null | grep -q pipe_write &&
	    [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
	kill -s "$sig" $pid
	if [ -n "${SIG2:-}" ]; then
		sleep 1		# the first has been handled (signals merge)
		kill -s "$SIG2" $pid
	fi
	# A reader first (the scan has the FIFO open: this does not wait),
	# then the FIFO let go: a scan without a reader would get EPIPE.
	exec 5<"$X/fifo"
	cat <&5 >"$out.err" 3<&- &
	cpid=$!
	exec 3<&- 5<&-
	wait $pid
	rc=$?
	wait $cpid
}

# check_out NAME FORMAT OUT: the output is whole and says it was
# interrupted, before the end of the input.
check_out() {
	name=$1 fmt=$2 out=$3
	case $fmt in
	ndjson)
		every_line_json "$out"
		accounted "$out"
		eq "$name: interrupted" "$(tail -n 1 "$out" | jq -r .interrupted)" true
		eq "$name: stopped before the end" "$(tail -n 1 "$out" | jq -r ".lines.read < $NL * (.inputs | length)")" true
		eq "$name: every finding whole" "$(q "$out" '[.[] | select(.type == "finding") | .code] | unique | tostring')" '[554]'
		;;
	json)
		eq "$name: one JSON document" "$(jq -r .summary.interrupted "$out" 2>&1)" true
		eq "$name: stopped before the end" "$(jq -r ".summary.lines.read < $NL * (.summary.inputs | length)" "$out")" true
		;;
	summary-json)
		eq "$name: the summary" "$(jq -r .interrupted "$out" 2>&1)" true
		;;
	text)
		grep -q '^  interrupted: stopped by a signal' "$out"
		eq "$name: said in the report" $? 0
		grep -q 'lines read' "$out"; eq "$name: the totals" $? 0
		;;
	html)
		eq "$name: the page is whole" "$(tail -n 1 "$out")" '</html>'
		grep -q 'id=interrupted' "$out"; eq "$name: said on the page" $? 0
		;;
	prometheus)
		grep -q '^smtplog_interrupted 1$' "$out"; eq "$name: the gauge" $? 0
		eq "$name: ends with a whole line" "$(tail -c 1 "$out" | od -An -c | tr -d ' ')" '\n'
		if [ -n "${PYP:-}" ]; then
			"$PYP" "$TOP/tests/prom_check.py" <"$out" >/dev/null 2>&1
			eq "$name: parses" $? 0
		fi
		;;
	esac
}

PYP=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import prometheus_client' 2>/dev/null; then PYP=$p; break; fi
done

## Every output format, read serially, pipelined and with -j.
for fmt in ndjson json summary-json text html prometheus; do
	for mode in serial pipelined jobs; do
		sig=TERM want=143
		o=$X/$fmt.$mode
		case $mode in
		serial)
			SIGENV=SMTPLOG_PIPELINE=0 sigrun "$o" $sig -o $fmt --year 2025 "$X/a.log" ;;
		pipelined)
			sig=INT want=130
			SIGENV=SMTPLOG_PIPELINE=1 sigrun "$o" $sig -o $fmt --year 2025 "$X/a.log" ;;
		jobs)
			sigrun "$o" $sig -o $fmt --year 2025 -j 2 "$X/a.log" "$X/b.log" ;;
		esac
		[ $fmt = ndjson ] && printf '%s\n' "$o" >>"$T/.scans"
		eq "$fmt, $mode, SIG$sig: exit" "$rc" "$want"
		grep -q "stopped by SIG$sig" "$o.err"; eq "$fmt, $mode: said on stderr" $? 0
		check_out "$fmt, $mode" $fmt "$o"
	done
done

## A second signal ends it at once: no summary.
if [ -r /proc/self/wchan ]; then
	# Another signal the second time: ThreadSanitizer's runtime holds
	# signals back while a write blocks, and two of one kind held become
	# one.
	SIG2=INT sigrun "$X/twice" TERM -o ndjson --year 2025 "$X/a.log"
	eq "second signal: exit" "$(case $rc in 130|143) echo ok ;; *) echo "$rc" ;; esac)" ok
	eq "second signal: no summary written" "$(grep -c '"type":"summary"' "$X/twice")" 0
else
	printf 'SKIP: the second-signal test needs /proc/PID/wchan (to see the scan held in a write)\n' >&2
fi

## Standard input that a writer keeps open without writing: the wait for
## more ends on the signal, with what was read.
rm -f "$X/in.fifo"
mkfifo "$X/in.fifo"
exec 4<>"$X/in.fifo"
head -n 400 "$X/a.log" >&4
"$BIN" scan -q -v -o ndjson --year 2025 <"$X/in.fifo" >"$X/stdin" 2>"$X/stdin.err" 4<&- &
pid=$!
n=0
# Its 400 lines read: the last unrecognized one (line 398) said.
while ! grep -q 'session 99 a ' "$X/stdin.err" 2>/dev/null && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -s INT $pid
( sleep 60; kill -s KILL $pid 2>/dev/null ) &
guard=$!
wait $pid
rc=$?
kill $guard 2>/dev/null
exec 4<&-
eq "standard input waiting: exit" "$rc" 130
every_line_json "$X/stdin"
eq "standard input waiting: what was written was read" "$(tail -n 1 "$X/stdin" | jq -c '[.interrupted, .lines.read]')" '[true,400]'

printf '%s\n' "$X/stdin" >>"$T/.scans"
