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
