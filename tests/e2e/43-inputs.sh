# Part of tests/e2e.sh (sourced): the inputs of scan and trace when none
# is named.  Standard input when it is a pipe or a file; otherwise the
# files of SMTPLOG_DEFAULT_INPUTS (here a scratch tree standing for
# /var/log), said on stderr; none found is an error, never an empty
# report.  And a daily job's range, --since yesterday --until today, over
# logs dated yesterday and the day before.

DI=$T/e2e43
mkdir -p "$DI/log/exim4"
cp "$TOP/samples/postfix/mail.log" "$DI/log/mail.log"
cp "$TOP/samples/postfix/mail.log.1.gz" "$DI/log/mail.log.1.gz"
cp "$TOP/samples/exim/mainlog" "$DI/log/exim4/mainlog"
PATS="$DI/log/mail.log* $DI/log/maillog* $DI/log/exim4/mainlog*"
# ins FILE: the names of a JSON document's inputs, one line.
ins() { jq -r '[.summary.inputs[].file] | join(" ")' "$1"; }

## None named, standard input not a pipe: the default files, each
## pattern's in turn, said on stderr.
SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -o json --year 2025 </dev/null \
    >"$DI/d.json" 2>"$DI/d.err"
eq "default inputs: exit" $? 0
eq "default inputs: said" "$(grep '^smtplog: no input given: reading' "$DI/d.err")" \
    "smtplog: no input given: reading $DI/log/mail.log $DI/log/mail.log.1.gz $DI/log/exim4/mainlog"
eq "default inputs: all read" "$(jq -r '.summary.inputs | length' "$DI/d.json")" 3
# 7 Postfix findings (grep -cE '(: (50[023]|530|554) [0-9]\.|said: (530|554)[ -])'
# samples/postfix/mail.log), 9 in the Exim mainlog (30-exim's count).
eq "default inputs: findings of both servers" "$(jq -r '.summary.findings.total' "$DI/d.json")" \
    "$("$BIN" scan -q -o json --year 2025 "$DI/log/mail.log" "$DI/log/mail.log.1.gz" \
	"$DI/log/exim4/mainlog" | jq -r .summary.findings.total)"
SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -q -o json --year 2025 </dev/null \
    >/dev/null 2>"$DI/q.err"
eq "default inputs: -q says nothing" "$(grep -c 'no input given' "$DI/q.err")" 0

## trace finds the logs the same way: client 198.51.100.9 (grep -c
## 198.51.100.9 samples/postfix/mail.log: its sessions are there).
SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" trace -q -o json --year 2025 198.51.100.9 </dev/null \
    >"$DI/t.json" 2>"$DI/t.err"
eq "default inputs: trace exit" $? 0
eq "default inputs: trace matched" "$(jq -r '.matches | length > 0' "$DI/t.json")" true
eq "default inputs: trace read them" "$(ins "$DI/t.json" | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "$DI/log/exim4/mainlog $DI/log/mail.log $DI/log/mail.log.1.gz "

## A pipe, or '-', is read instead.
SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -o json --year 2025 <"$TOP/samples/postfix/mail.log" \
    >"$DI/p.json" 2>"$DI/p.err"
eq "default inputs: a file on stdin is read" "$(ins "$DI/p.json") $(jq -r .summary.lines.read "$DI/p.json")" \
    "- $(wc -l <"$TOP/samples/postfix/mail.log")"
eq "default inputs: not said then" "$(grep -c 'no input given' "$DI/p.err")" 0
cat "$TOP/samples/postfix/mail.log" | SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -o json --year 2025 \
    >"$DI/p2.json" 2>/dev/null
eq "default inputs: a pipe is read" "$(ins "$DI/p2.json")" "-"
SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -o json - </dev/null >"$DI/p3.json" 2>/dev/null
eq "default inputs: '-' is standard input" "$(ins "$DI/p3.json")" "-"

## None found: exit 1, said, nothing written.
SMTPLOG_DEFAULT_INPUTS="$DI/none/mail.log* $DI/none/maillog*" "$BIN" scan -o json </dev/null \
    >"$DI/n.out" 2>"$DI/n.err"
eq "no default input: exit" $? 1
eq "no default input: said" "$(grep -c "no input given, and no mail log found ($DI/none/mail.log\* $DI/none/maillog\*)" "$DI/n.err")" 1
eq "no default input: no report" "$(wc -c <"$DI/n.out")" 0
SMTPLOG_DEFAULT_INPUTS="$DI/none/*" "$BIN" trace -o json x </dev/null >"$DI/n2.out" 2>&1
eq "no default input: trace exit" $? 1

## An empty list: standard input, as before; an empty one is said.
SMTPLOG_DEFAULT_INPUTS= "$BIN" scan -o json </dev/null >"$DI/e.json" 2>"$DI/e.err"
eq "empty default list: exit" $? 0
eq "empty default list: standard input" "$(ins "$DI/e.json")" "-"
eq "empty default list: empty input said" "$(grep -c 'standard input held no line' "$DI/e.err")" 1

## Not readable by this user: said (only as another user than root).
if [ "$(id -u)" -eq 0 ]; then
	printf 'SKIP: the unreadable default input hint needs a user other than root\n' >&2
else
	cp "$TOP/samples/postfix/mail.log" "$DI/log/mail.log.2"
	chmod 0 "$DI/log/mail.log.2"
	SMTPLOG_DEFAULT_INPUTS=$PATS "$BIN" scan -q -o json </dev/null >/dev/null 2>"$DI/u.err"
	eq "unreadable default input: exit" $? 1
	eq "unreadable default input: said" "$(grep -c '1 of them is not readable' "$DI/u.err")" 1
	rm -f "$DI/log/mail.log.2"
fi

## The daily report's range: the sample dated two days ago (mail.log.1)
## and yesterday (mail.log); --since yesterday --until today reports
## yesterday's 7 findings, and the 7 of the day before are out of range.
## (Run again if midnight passed during the run.)
mkdir -p "$DI/day"
for try in 1 2; do
	d0=$(date +%F)
	sed "s/^Nov 21/$(date -d '2 days ago' '+%b %e')/" "$TOP/samples/postfix/mail.log" >"$DI/day/mail.log.1"
	sed "s/^Nov 21/$(date -d yesterday '+%b %e')/" "$TOP/samples/postfix/mail.log" >"$DI/day/mail.log"
	SMTPLOG_DEFAULT_INPUTS="$DI/day/mail.log*" "$BIN" scan -q -o json --since yesterday \
	    --until today </dev/null >"$DI/day.json" 2>"$DI/day.err"
	rc=$?
	[ "$(date +%F)" = "$d0" ] && break
done
eq "yesterday: exit" $rc 0
eq "yesterday: findings in range, out of range" \
    "$(jq -r '.summary.findings | "\(.total) \(.out_of_range)"' "$DI/day.json")" "7 7"
eq "yesterday: the range" "$(jq -r '.summary.range | "\(.since) \(.until)"' "$DI/day.json")" \
    "$(date -d yesterday +%F)T00:00:00Z $(date +%F)T00:00:00Z"

## No mail log file: the systemd journal (the word "journal" in the
## default inputs), read by journalctl -o json for the mail facility.
## A stand-in journalctl first on PATH writes the sample log as journald
## JSON (tests/envelope_gen.py), keeps its arguments, and fails as asked
## (FAKE_JOURNAL); no test reads this machine's journal.
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: the journal as a default input: python3 is missing (tests/envelope_gen.py)"
else
	JD=$DI/journal
	mkdir -p "$JD/bin" "$JD/nobin"
	python3 "$TOP/tests/envelope_gen.py" --year 2025 "$JD/gen" "$TOP/samples/postfix/mail.log"
	cat >"$JD/bin/journalctl" <<JEOF
#!/bin/sh
printf '%s\n' "\$@" >"$JD/args"
case "\${FAKE_JOURNAL:-ok}" in
ok)	exec cat "$JD/gen/1/journal-json.log" ;;
empty)	exit 0 ;;
denied)	echo "No journal files were opened due to insufficient permissions." >&2
	exit 1 ;;
partial) head -n 10 "$JD/gen/1/journal-json.log"
	printf 'Journal file system@1.journal~ is truncated, ignoring file.\nFailed to iterate through journal: Bad message\n' >&2
	exit 1 ;;
ctl)	printf 'Failed: \033]0;x\007\n' >&2; exit 2 ;;
hang)	echo \$\$ >"$JD/pid"
	head -n 10 "$JD/gen/1/journal-json.log"
	exec sleep 60 ;;
esac
JEOF
	chmod +x "$JD/bin/journalctl"
	JPATS="$DI/none/mail.log* journal"
	# jrun NAME MODE COMMAND...: smtplog with the stand-in, into NAME.out
	# and NAME.err, the exit status in $rc.
	jrun() {
		n=$1 m=$2; shift 2
		FAKE_JOURNAL=$m PATH="$JD/bin:$PATH" SMTPLOG_DEFAULT_INPUTS=$JPATS \
		    "$BIN" "$@" </dev/null >"$JD/$n.out" 2>"$JD/$n.err"
		rc=$?
	}
	# The journal's 56 messages are the sample's 56 lines: the same 7
	# findings as the file (see above).
	jrun ok ok scan -o json --year 2025
	eq "journal: exit" $rc 0
	eq "journal: the input" "$(ins "$JD/ok.out")" journal
	eq "journal: lines, findings" "$(jq -r '.summary | "\(.lines.read) \(.findings.total)"' "$JD/ok.out")" \
	    "56 $("$BIN" scan -q -o json --year 2025 "$TOP/samples/postfix/mail.log" | jq -r .summary.findings.total)"
	eq "journal: said" "$(grep -c '^smtplog: no input given, and no mail log file: reading the journal: journalctl --system --output=json ' "$JD/ok.err")" 1
	eq "journal: mail facility, JSON" "$(grep -cxE -e '--output=json|--system|SYSLOG_FACILITY=2|--output-fields=MESSAGE,.*' "$JD/args")" 4
	eq "journal: nothing else said" "$(grep -vc 'no input given' "$JD/ok.err")" 0
	jrun q ok scan -q -o json --year 2025
	eq "journal: -q says nothing" "$(wc -c <"$JD/q.err")" 0
	# A file found: the journal is not read.
	FAKE_JOURNAL=denied PATH="$JD/bin:$PATH" SMTPLOG_DEFAULT_INPUTS="$DI/log/mail.log journal" \
	    "$BIN" scan -q -o json --year 2025 </dev/null >"$JD/f.out" 2>&1
	eq "journal: not with a file" "$? $(ins "$JD/f.out")" "0 $DI/log/mail.log"
	# --since and --until go to journalctl as seconds since the epoch.
	jrun r ok scan -q -o json --year 2025 --since 2025-11-21 --until 2025-11-22
	eq "journal: range, exit" $rc 0
	eq "journal: range passed on" "$(grep -E -e '^--(since|until)=' "$JD/args" | tr '\n' ' ')" \
	    "--since=@1763683200 --until=@1763769600 "
	# trace reads it the same way (client 198.51.100.9, as above).
	jrun t ok trace -q -o json --year 2025 198.51.100.9
	eq "journal: trace" "$rc $(jq -r '.matches | length > 0' "$JD/t.out") $(ins "$JD/t.out")" \
	    "0 true journal"
	# Nothing in the journal: said, exit 0 (a quiet day).
	jrun e empty scan -o json
	eq "journal empty: exit" $rc 0
	eq "journal empty: said" "$(grep -c 'the journal held no mail message' "$JD/e.err")" 1
	# journalctl failing: exit 1, its words and the reason said, naming it,
	# the lines it wrote before still read.
	jrun d denied scan -o json
	eq "journal denied: exit" $rc 1
	eq "journal denied: said" "$(grep -c '^smtplog: journal: journalctl failed (exit status 1): No journal files were opened due to insufficient permissions; only root and the groups systemd-journal and adm may read the system journal$' "$JD/d.err")" 1
	eq "journal denied: in the report" "$(jq -r '.summary.inputs[0].error' "$JD/d.out")" \
	    "journalctl failed (exit status 1): No journal files were opened due to insufficient permissions; only root and the groups systemd-journal and adm may read the system journal"
	jrun p partial scan -o json --year 2025
	eq "journal partial: exit" $rc 1
	eq "journal partial: lines before" "$(jq -r .summary.lines.read "$JD/p.out")" 10
	eq "journal partial: its warning" "$(grep -c '^smtplog: journalctl: Journal file system@1.journal~ is truncated, ignoring file.$' "$JD/p.err")" 1
	eq "journal partial: its error" "$(grep -c '^smtplog: journal: journalctl failed (exit status 1): Failed to iterate through journal: Bad message$' "$JD/p.err")" 1
	# Its words reach the terminal escaped.
	jrun c ctl scan -o json
	eq "journal control characters: escaped" "$(grep -c 'exit status 2): Failed: \\x1b\]0;x\\x07$' "$JD/c.err")" 1
	# Not on PATH: said with the files not found, exit 1, no report.
	SMTPLOG_DEFAULT_INPUTS=$JPATS PATH="$JD/nobin" "$BIN" scan -o json </dev/null \
	    >"$JD/m.out" 2>"$JD/m.err"
	eq "journalctl missing: exit" $? 1
	eq "journalctl missing: said" "$(grep -c 'no mail log found (.*journal: no file, and journalctl is not on PATH)' "$JD/m.err")" 1
	eq "journalctl missing: no report" "$(wc -c <"$JD/m.out")" 0
	# Not planned: a stream is read once, by a scan.
	jrun pl ok scan --plan
	eq "journal: not planned" "$rc $(grep -c 'the journal is read by a scan, not planned' "$JD/pl.err")" "1 1"
	# Stopped (SIGTERM) while journalctl still runs: the summary of what
	# was read, journalctl stopped too, no hang.
	rm -f "$JD/pid"
	FAKE_JOURNAL=hang PATH="$JD/bin:$PATH" SMTPLOG_DEFAULT_INPUTS=$JPATS \
	    "$BIN" scan -o json --year 2025 </dev/null >"$JD/h.out" 2>"$JD/h.err" &
	jp=$!
	i=0
	while [ ! -s "$JD/pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	kill -TERM $jp
	wait $jp
	eq "journal stopped: exit" $? 143
	eq "journal stopped: summary" "$(jq -r '"\(.summary.lines.read) \(.summary.interrupted)"' "$JD/h.out")" "10 true"
	eq "journal stopped: journalctl stopped" "$(kill -0 "$(cat "$JD/pid")" 2>/dev/null && echo running)" ""
	eq "journal stopped: not taken for its failure" "$(grep -c 'journalctl failed' "$JD/h.err")" 0

	## scan -F journal: the follower of a system without rsyslog.
	rm -f "$JD/pid"
	FAKE_JOURNAL=hang PATH="$JD/bin:$PATH" "$BIN" scan -F --from-start --state "$JD/follow.state" \
	    --prom-file "$JD/f.prom" journal </dev/null >"$JD/fo.out" 2>"$JD/fo.err" &
	jp=$!
	i=0
	while [ ! -s "$JD/pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.6
	kill -TERM $jp
	wait $jp
	eq "follow journal: exit" $? 0
	eq "follow journal: journalctl --follow from the start" \
	    "$(grep -cxE -e '--follow|--lines=all|--output=json|SYSLOG_FACILITY=2' "$JD/args")" 4
	eq "follow journal: lines read" "$(tail -n 1 "$JD/fo.out" | jq -r '"\(.type) \(.lines.read)"')" "summary 10"
	eq "follow journal: said" "$(grep -c '^smtplog: following the journal: journalctl --system ' "$JD/fo.err")" 1
	eq "follow journal: no position" "$(grep -c "^smtplog: $JD/follow.state: the journal's position is not kept: following it from its start$" "$JD/fo.err") $(test -e "$JD/follow.state" && echo kept)" "1 "
	eq "follow journal: metrics" "$(awk '/^smtplog_lines\{/ { n += $2 } END { print n }' "$JD/f.prom")" 10
	eq "follow journal: journalctl stopped" "$(kill -0 "$(cat "$JD/pid")" 2>/dev/null && echo running)" ""
	# From now by default; journalctl ending or failing ends it, exit 1.
	FAKE_JOURNAL=ok PATH="$JD/bin:$PATH" "$BIN" scan -F -q journal </dev/null >"$JD/fe.out" 2>"$JD/fe.err"
	eq "follow journal ended: exit" $? 1
	eq "follow journal: from now" "$(grep -cx -e '--lines=0' "$JD/args")" 1
	eq "follow journal ended: said" "$(cat "$JD/fe.err")" "smtplog: journal: journalctl --follow ended (exit status 0)"
	eq "follow journal ended: what it wrote read" "$(tail -n 1 "$JD/fe.out" | jq -r .lines.read)" 56
	FAKE_JOURNAL=denied PATH="$JD/bin:$PATH" "$BIN" scan -F -q journal </dev/null >/dev/null 2>"$JD/fd.err"
	eq "follow journal denied: exit" $? 1
	eq "follow journal denied: said" "$(grep -c '^smtplog: journal: journalctl failed (exit status 1): No journal files' "$JD/fd.err")" 1
	PATH="$JD/nobin" "$BIN" scan -F -q journal </dev/null >/dev/null 2>"$JD/fm.err"
	eq "follow journal missing: exit" $? 1
	eq "follow journal missing: said" "$(cat "$JD/fm.err")" "smtplog: journal: journalctl is not on PATH (a file of that name: ./journal)"
fi
