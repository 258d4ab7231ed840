# Part of tests/e2e.sh (sourced): scan --follow.  A writer (this
# shell) appends the lines of samples/postfix/mail.log to a log that
# smtplog follows, rotates it (mv + new file, with lines still written to
# the old one) and truncates it (copytruncate: ': >'); findings must come
# out while smtplog runs, and after SIGTERM (or SIGINT) the summary must
# account for every line written.  No fixed sleeps: everything polls with
# a generous timeout.  The writer waits until smtplog has read the file to
# its end before a rotation or truncation (its read offset in
# /proc/PID/fdinfo), or lines written just before would be lost, as with
# tail -F.

FS=$TOP/samples/postfix/mail.log
FD=$(mkdir -p "$T/follow" && cd "$T/follow" && pwd -P)
FLOG=$FD/mail.log

# until_ok SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
until_ok() {
	_n=$(($1 * 10)); shift
	while ! "$@"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# caught_up PID FILE: PID has FILE open and its read offset is FILE's size.
caught_up() {
	_sz=$(wc -c <"$2") || return 1
	for _fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$_fd" 2>/dev/null)" = "$2" ] || continue
		[ "$(sed -n 's/^pos:[[:space:]]*//p' /proc/"$1"/fdinfo/"${_fd##*/}" 2>/dev/null)" = "$_sz" ] &&
		    return 0
	done
	return 1
}

# lines A B: lines A to B of the sample.
lines() { sed -n "$1,$2p" "$FS"; }
has() { grep -q "$2" "$1" 2>/dev/null; }
nfindings() { [ "$(grep -c '"type":"finding"' "$1")" -ge "$2" ]; }
running() { kill -0 "$1" 2>/dev/null; }

# follow_stop PID SIGNAL: send it and wait; the exit status in $rc.
FSAVED=$E2E_CLEANUP
follow_stop() {
	kill -"$2" "$1"
	wait "$1"
	rc=$?
	E2E_CLEANUP=$FSAVED
}

"$BIN" scan -F >/dev/null 2>&1; eq "follow: no file is a usage error" $? 2
"$BIN" scan -F a b >/dev/null 2>&1; eq "follow: two files is a usage error" $? 2
"$BIN" scan -F -o json x >/dev/null 2>"$T/f.err"; eq "follow: json refused" $? 2
eq "follow: json refused, said" "$(grep -c 'ndjson' "$T/f.err")" 1
"$BIN" scan --from-start x >/dev/null 2>&1; eq "follow: --from-start needs -F" $? 2

if [ ! -r /proc/self/fdinfo/0 ]; then
	printf 'SKIP: follow tests need /proc/PID/fdinfo (Linux)\n' >&2
else
	## Run 1 (SIGTERM): the file does not exist yet; no --format (the
	## first 23 lines are fewer than the 50 detection waits for: it is
	## tried when the log is idle).
	rm -f "$FLOG" "$FLOG.1"
	"$BIN" scan -F -q --year 2025 --pattern repeat-offender=2/1h "$FLOG" >"$T/f1.nd" 2>"$T/f1.err" &
	FPID=$!
	E2E_CLEANUP="kill $FPID 2>/dev/null; $E2E_CLEANUP"
	# The writer, a process of its own as a mail server is.  Each step
	# that fails is written to fw.bad.
	rm -f "$T/fw.bad"
	(
		bad() { printf '%s\n' "$*" >>"$T/fw.bad"; }
		until_ok 20 has "$T/f1.err" 'waiting for the file' ||
		    bad "no 'waiting for the file' notice"
		# Lines 1-23: postscreen, then session 20610 with 502, 500,
		# 503 (lines 16, 18, 20), ended by its disconnect (line 23).
		lines 1 23 | while IFS= read -r l; do printf '%s\n' "$l" >>"$FLOG"; done
		until_ok 20 caught_up "$FPID" "$FLOG" || bad "not caught up"
		# Rotation: the server still writes lines 24-28 to the old
		# file, then the new file gets 29-40 (session 20650 spans
		# both files).
		mv "$FLOG" "$FLOG.1"
		lines 24 28 >>"$FLOG.1"
		lines 29 40 | while IFS= read -r l; do printf '%s\n' "$l" >>"$FLOG"; done
		until_ok 20 caught_up "$FPID" "$FLOG" ||
		    bad "not reopened after the rotation"
		# copytruncate: the content copied away, the file emptied.
		: >"$FLOG"
		until_ok 20 caught_up "$FPID" "$FLOG" ||
		    bad "not back at 0 after the truncation"
		lines 41 56 | while IFS= read -r l; do printf '%s\n' "$l" >>"$FLOG"; done
		until_ok 20 caught_up "$FPID" "$FLOG" || bad "not caught up at the end"
	) &
	FWPID=$!
	until_ok 30 nfindings "$T/f1.nd" 3
	eq "follow: findings before the stop" $? 0
	eq "follow: still running then" "$(running "$FPID" && echo yes)" yes
	wait "$FWPID"
	eq "follow: writer steps" "$(cat "$T/fw.bad" 2>/dev/null)" ""
	eq "follow: waited for the file" "$(grep -c 'waiting for the file' "$T/f1.err")" 1
	until_ok 20 nfindings "$T/f1.nd" 7
	follow_stop "$FPID" TERM
	eq "follow: exit after SIGTERM" "$rc" 0
	every_line_json "$T/f1.nd"
	accounted "$T/f1.nd"
	printf '%s\n' "$T/f1.nd" >>"$T/.scans"
	eq "follow: every line written was read" "$(q "$T/f1.nd" '.[-1].lines.read')" "$(wc -l <"$FS")"
	# The findings of the sample, at the same line numbers (lines are
	# numbered across rotation and truncation, in the order read):
	# grep -nE '(: (50[023]|530|554) [0-9]\.[0-9]\.[0-9]|said: (530|554)[ -])' mail.log
	eq "follow: findings at their lines" \
	    "$(q "$T/f1.nd" '[.[] | select(.type == "finding") | .source.line] | sort | map(tostring) | join(" ")')" \
	    "$(grep -nE '(: (50[023]|530|554) [0-9]\.[0-9]\.[0-9]|said: (530|554)[ -])' "$FS" | cut -d: -f1 | tr '\n' ' ' | sed 's/ $//')"
	# grep -cE ' (connect|CONNECT) from' mail.log -> 4, each one ended.
	eq "follow: sessions" "$(q "$T/f1.nd" '.[-1].sessions | "\(.total) \(.incomplete) \(.evicted)"')" \
	    "$(grep -cE ' (connect|CONNECT) from' "$FS") 0 0"
	eq "follow: the session across the rotation is whole" \
	    "$(q "$T/f1.nd" '.[] | select(.source.line == 32) | .session.complete')" true
	eq "follow: rotation said" "$(grep -c 'rotated; reading the new file' "$T/f1.err")" 1
	eq "follow: truncation said" "$(grep -c 'truncated; reading it again' "$T/f1.err")" 1
	# Patterns work while following: the same records as a scan of the
	# lines written: client 198.51.100.9 has 3 findings within the hour
	# (grep -c 198.51.100.9 on the finding lines of the grep above), no
	# other client more than 1.
	"$BIN" scan -q -o ndjson --year 2025 --pattern repeat-offender=2/1h "$FS" >"$T/f1.scan"
	eq "follow: patterns as a scan gives them" \
	    "$(q "$T/f1.nd" '[.[] | select(.type == "pattern") | "\(.pattern) \(.key.value) \(.count)"] | join(",")')" \
	    "$(q "$T/f1.scan" '[.[] | select(.type == "pattern") | "\(.pattern) \(.key.value) \(.count)"] | join(",")')"
	eq "follow: patterns found" "$(q "$T/f1.nd" '[.[] | select(.type == "pattern") | "\(.key.value) \(.count)"] | join(",")')" "198.51.100.9 3"

	## Run 2 (SIGINT): the file holds lines 1-3 already and --format is
	## given; following starts at its end.  Session 20610 (lines 4-20)
	## never ends; line 36 comes 50 minutes later in log time, so the
	## session is closed by --session-timeout 600 and its 3 findings come
	## out (counted as evicted).  A last line without newline is read at
	## the stop.
	lines 1 3 >"$FLOG"
	"$BIN" scan -F -q --format postfix --year 2025 "$FLOG" >"$T/f2.nd" 2>"$T/f2.err" &
	FPID=$!
	E2E_CLEANUP="kill $FPID 2>/dev/null; $E2E_CLEANUP"
	until_ok 20 caught_up "$FPID" "$FLOG"
	lines 4 20 >>"$FLOG"
	lines 36 36 >>"$FLOG"
	until_ok 20 nfindings "$T/f2.nd" 3
	eq "follow: an idle session is closed by log time" $? 0
	printf 'Nov 21 15:00:00 mx1 kernel: no newline' >>"$FLOG"
	until_ok 20 caught_up "$FPID" "$FLOG"
	follow_stop "$FPID" INT
	eq "follow: exit after SIGINT" "$rc" 0
	every_line_json "$T/f2.nd"
	accounted "$T/f2.nd"
	printf '%s\n' "$T/f2.nd" >>"$T/.scans"
	# 17 + 1 lines, and the one without newline; not the 3 before.
	eq "follow: starts at the end" "$(q "$T/f2.nd" '.[-1].lines.read')" 19
	eq "follow: idle session evicted" "$(q "$T/f2.nd" '.[-1].sessions | "\(.total) \(.evicted)"')" "1 1"
	eq "follow: its findings incomplete" \
	    "$(q "$T/f2.nd" '[.[] | select(.type == "finding") | .session.complete] | unique | map(tostring) | join(" ")')" false
	rm -f "$FLOG" "$FLOG.1"

	## Run 3: the follower of smtplog-follow.service, --state and
	## --prom-file.  Stopped (SIGTERM) after lines 4-23, the log rotated
	## while it is down (lines 24-28 still written to the old file, 29-40
	## to the new one), started again: it reads the old file's rest, then
	## the new file, so the two runs read every line written once.
	FST=$FD/state/follow.state
	FPR=$FD/prom/smtplog.prom
	mkdir -p "$FD/state" "$FD/prom"
	# prom_lines FILE N: the textfile counts N lines read.
	prom_lines() {
		[ "$(awk '/^smtplog_lines\{/ { n += $2 } END { print n + 0 }' "$1" 2>/dev/null)" = "$2" ]
	}
	# state_at FILE N: the state file's offset is N.
	state_at() { [ "$(sed -n 's/^offset //p' "$1" 2>/dev/null)" = "$2" ]; }
	# follow3 OUT [ARGS]: a follower of FLOG with the state and the textfile.
	follow3() {
		_o=$1; shift
		"$BIN" scan -F -q --format postfix --year 2025 --state "$FST" \
		    --prom-file "$FPR" "$@" "$FLOG" >"$_o" 2>"$_o.err" &
		FPID=$!
		E2E_CLEANUP="kill $FPID 2>/dev/null; $FSAVED"
	}
	lines 1 3 >"$FLOG"
	follow3 "$T/f3a.nd"
	until_ok 20 prom_lines "$FPR" 0
	eq "follow state: textfile written at the start" $? 0
	until_ok 20 caught_up "$FPID" "$FLOG"
	lines 4 23 >>"$FLOG"
	until_ok 20 prom_lines "$FPR" 20
	eq "follow state: textfile follows the lines" $? 0
	eq "follow state: its findings" "$(awk '/^smtplog_findings\{/ { n += $2 } END { print n }' "$FPR")" 3
	eq "follow state: textfile whole" "$(tail -n 1 "$FPR" | cut -d' ' -f1)" smtplog_scan_timestamp_seconds
	until_ok 20 state_at "$FST" "$(wc -c <"$FLOG")"
	eq "follow state: position saved while running" $? 0
	follow_stop "$FPID" TERM
	eq "follow state: exit after SIGTERM" "$rc" 0
	eq "follow state: at the stop, the end" "$(sed -n 's/^offset //p' "$FST")" "$(wc -c <"$FLOG")"
	lines 24 28 >>"$FLOG"
	mv "$FLOG" "$FLOG.1"
	lines 29 40 >"$FLOG"
	follow3 "$T/f3b.nd"
	until_ok 20 caught_up "$FPID" "$FLOG"
	lines 41 56 >>"$FLOG"
	until_ok 20 prom_lines "$FPR" 33
	eq "follow state: textfile after the restart" $? 0
	follow_stop "$FPID" TERM
	eq "follow state: exit after the restart" "$rc" 0
	every_line_json "$T/f3b.nd"
	accounted "$T/f3b.nd"
	printf '%s\n%s\n' "$T/f3a.nd" "$T/f3b.nd" >>"$T/.scans"
	eq "follow state: the rest of the rotated file said" \
	    "$(grep -c "rotated while stopped: reading the rest of $FLOG.1 from byte $(($(wc -c <"$FLOG.1") - $(lines 24 28 | wc -c)))," "$T/f3b.nd.err")" 1
	# Lines 4-56 once: 20 before the stop, 5 + 28 after it.
	eq "follow state: lines of both runs" \
	    "$(q "$T/f3a.nd" '.[-1].lines.read') $(q "$T/f3b.nd" '.[-1].lines.read')" "20 33"
	eq "follow state: findings of both runs" \
	    "$(cat "$T/f3a.nd" "$T/f3b.nd" | grep -c '"type":"finding"')" \
	    "$(grep -cE '(: (50[023]|530|554) [0-9]\.[0-9]\.[0-9]|said: (530|554)[ -])' "$FS")"
	eq "follow state: no temporary file left" "$(ls "$FD/prom" "$FD/state" | grep -v '^/' | grep . | tr '\n' ' ')" "smtplog.prom follow.state "
	eq "follow state: the textfile's last numbers are the summary's" \
	    "$(awk '/^smtplog_lines\{state="used"\}/ { print $2 }' "$FPR")" "$(q "$T/f3b.nd" '.[-1].lines.used')"

	## Started again with nothing new: resumed at the end, no line read.
	follow3 "$T/f3c.nd"
	until_ok 20 has "$T/f3c.nd.err" 'resuming at byte'
	until_ok 20 caught_up "$FPID" "$FLOG"
	follow_stop "$FPID" TERM
	eq "follow state: resumed, nothing read again" "$(q "$T/f3c.nd" '.[-1].lines.read')" 0
	## Emptied and refilled with less while stopped (copytruncate): read
	## from its start, said.
	lines 1 3 >"$FLOG"
	follow3 "$T/f3d.nd"
	until_ok 20 has "$T/f3d.nd.err" 'changed while stopped'
	until_ok 20 caught_up "$FPID" "$FLOG"
	follow_stop "$FPID" TERM
	eq "follow state: truncated while stopped, read from the start" "$(q "$T/f3d.nd" '.[-1].lines.read')" 3
	## A state file of another file, or not a state file: said, and the
	## follower starts as without one (at the end).
	sed 's|^file .*|file /elsewhere/mail.log|' "$FST" >"$FST.x" && mv "$FST.x" "$FST"
	follow3 "$T/f3e.nd"
	until_ok 20 caught_up "$FPID" "$FLOG"
	follow_stop "$FPID" TERM
	eq "follow state: another file's position said" \
	    "$(grep -c "the saved position is in /elsewhere/mail.log, not in $FLOG; starting at the end" "$T/f3e.nd.err")" 1
	eq "follow state: then at the end" "$(q "$T/f3e.nd" '.[-1].lines.read')" 0
	echo junk >"$FST"
	follow3 "$T/f3f.nd"
	until_ok 20 caught_up "$FPID" "$FLOG"
	follow_stop "$FPID" TERM
	eq "follow state: not a state file, said" "$(grep -c 'not a state file' "$T/f3f.nd.err")" 1
	eq "follow state: the position written anew" "$(sed -n 1p "$FST")" "smtplog-follow-state 1"
	## Files that cannot be written stop it at once (exit 1, said).
	"$BIN" scan -F -q --format postfix --state "$FD/none/st" "$FLOG" >/dev/null 2>"$T/f3g.err"
	eq "follow state: state directory missing, exit" $? 1
	eq "follow state: state directory missing, said" "$(grep -c "$FD/none/st: cannot write the position" "$T/f3g.err")" 1
	"$BIN" scan -F -q --format postfix --prom-file "$FD/none/m.prom" "$FLOG" >/dev/null 2>"$T/f3h.err"
	eq "follow state: textfile directory missing, exit" $? 1
	eq "follow state: textfile directory missing, said" "$(grep -c "$FD/none/m.prom: cannot write the metrics" "$T/f3h.err")" 1
	rm -rf "$FLOG" "$FLOG.1" "$FD/state" "$FD/prom"
fi
"$BIN" scan --state x y >/dev/null 2>&1; eq "follow: --state needs -F" $? 2
"$BIN" scan --prom-file x y >/dev/null 2>&1; eq "follow: --prom-file needs -F" $? 2
