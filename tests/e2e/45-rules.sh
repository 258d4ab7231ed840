# Part of tests/e2e.sh (sourced): user rule files. `smtplog rules --check`
# on every kind of invalid file, a runaway pattern that PCRE2's limits stop
# while the scan goes on, and precedence of user rules over the defaults.

D=$TOP/tests/data/rules

## rules --check: each problem with file, line, rule id and message.
check() {	# check NAME FILE WANT-EXIT WANT-STDERR-PATTERN
	"$BIN" rules --check "$2" >"$T/chk" 2>"$T/chk.err"
	eq "check $1 exit" $? "$3"
	grep -q -- "$4" "$T/chk.err"; eq "check $1 message" $? 0
}
check "bad JSON" "$D/syntax.json" 1 "syntax.json:6: '}' expected near '\"cause\"' (column 13)"
check "duplicate key" "$D/dup-key.json" 1 "dup-key.json:3: duplicate object key"
check "unknown cause" "$D/unknown-cause.json" 1 'unknown-cause.json:6: rule bad-cause: unknown cause "spam"'
check "bad regex" "$D/bad-regex.json" 1 "bad-regex.json:4: rule bad-re: bad regex in match.text at offset 4: missing closing parenthesis"
check "unknown key" "$D/unknown-key.json" 1 'unknown-key.json:4: rule typo: unknown key "texts" in match'
check "missing advice" "$D/missing-fix.json" 1 'missing-fix.json:4: rule no-fix: missing "fix" in advice'
check "runaway regex" "$D/backtrack.json" 1 "backtrack.json:3: rule runaway: runaway pattern in match.text: .*match limit exceeded"
eq "check runaway: the other rule is fine" "$(grep -c 'rule utf8' "$T/chk.err")" 0
grep -q "backtrack.json: 1 problem" "$T/chk"; eq "check runaway summary" $? 0
check "missing file" "$D/no-such-file.json" 1 "no-such-file.json: cannot read: No such file"
"$BIN" rules --check "$D/many-errors.json" >"$T/chk" 2>"$T/chk.err"
eq "check every problem of a file" "$(grep -c 'many-errors.json' "$T/chk.err")" 3
grep -q "many-errors.json: 3 problems" "$T/chk"; eq "check problem count" $? 0
# An id already used by a default rule.
printf '{"rules": [{"id": "base-554-inbound", "match": {"code": 554}, "cause": "other",\n "severity": "info", "title": "t", "advice": {"who": "sending-client", "meaning": "m", "when": "w", "fix": "f"}}]}\n' >"$T/dupid.json"
check "id of a default rule" "$T/dupid.json" 1 'dupid.json:1: rule base-554-inbound: duplicate id "base-554-inbound" (first in .*00-base.json)'
"$BIN" rules --check "$D/site.json" >"$T/chk" 2>&1
eq "check good file exit" $? 0
eq "check good file" "$(cat "$T/chk")" "$D/site.json: ok, 3 rules"
"$BIN" rules --check "$TOP/rules/30-common.json" >"$T/chk" 2>&1
eq "check a default file" $? 0
"$BIN" rules --check "$D/site.json" --check "$D/bad-regex.json" >"$T/chk" 2>&1
eq "check two files, one bad" $? 1

## A runaway pattern is stopped by PCRE2's limits: the scan goes on, the
## reply falls to the next rule, and the user is told.
A=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
printf 'Nov 22 09:00:01 mx postfix/smtpd[600]: connect from a[192.0.2.5]\nNov 22 09:00:02 mx postfix/smtpd[600]: NOQUEUE: reject: RCPT from a[192.0.2.5]: 554 5.7.1 <x@example.com>: %s!; from=<s@example.org> to=<x@example.com> proto=ESMTP helo=<a>\nNov 22 09:00:03 mx postfix/smtpd[600]: disconnect from a[192.0.2.5]\n' "$A" >"$T/runaway.log"
scan "$T/rs" --year 2025 --rules "$D/backtrack.json" "$T/runaway.log"
eq "runaway scan exit" "$rc" 0
eq "runaway scan finding" "$(q "$T/rs" '.[] | select(.type == "finding") | [.code, .rule] | join(" ")')" "554 base-554-inbound"
grep -q "1 rule pattern match gave up at the PCRE2 limits" "$T/rs.err"; eq "runaway scan warns" $? 0
"$BIN" explain --json --rules "$D/backtrack.json" "554 5.7.1 <x@example.com>: $A!" >"$T/rx" 2>"$T/rx.err"
eq "runaway explain exit" $? 0
eq "runaway explain rule" "$(jq -r .rule "$T/rx")" base-554-inbound
grep -q "gave up at the PCRE2 limits" "$T/rx.err"; eq "runaway explain warns" $? 0

## Precedence: a user rule of equal priority overrides a default, a lower
## one loses, a new text extends the defaults.
"$BIN" explain --json --rules "$D/site.json" "554 5.7.1 <a@example.net>: Relay access denied" \
    "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org" \
    "554 5.7.1 Rejected by the Example filter (score 12)" >"$T/prec"
eq "precedence exit" $? 0
eq "precedence rules" "$(jq -r -s '[.[] | .rule] | join(" ")' "$T/prec")" "site-relay postfix-dnsbl-client site-filter"
eq "precedence who" "$(jq -r -s '.[0].advice.who' "$T/prec")" local-admin
"$BIN" explain --json "554 5.7.1 <a@example.net>: Relay access denied" >"$T/prec0"
eq "without the user file" "$(jq -r .rule "$T/prec0")" postfix-relay-denied
# The scan uses the same precedence: sample 1's two relay refusals.
scan "$T/ps" --year 2025 --rules "$D/site.json" "$TOP/samples/postfix/mail.log.1.gz"
eq "precedence in a scan" "$(q "$T/ps" '[.[] | select(.cause == "relay-denied") | .rule] | unique | join(" ")')" site-relay

## A rules directory that cannot be read is named, with where the name
## came from, and no log is read.
rdir() {	# rdir NAME WANT-STDERR-PATTERN COMMAND...
	name=$1 want=$2; shift 2
	"$@" >"$T/rdir" 2>"$T/rdir.err"
	eq "$name exit" $? 1
	eq "$name: nothing written" "$(wc -c <"$T/rdir")" 0
	grep -F -q -- "$want" "$T/rdir.err"; eq "$name message ($(head -c 300 "$T/rdir.err"))" $? 0
}
L=$TOP/samples/postfix/mail.log
rdir "SMTPLOG_RULES missing" "/nonexistent-rules: cannot read the rules directory: No such file" \
    env SMTPLOG_RULES=/nonexistent-rules "$BIN" scan -q "$L"
rdir "SMTPLOG_RULES missing: source" "rule files; rules directory /nonexistent-rules (from SMTPLOG_RULES); no log was read" \
    env SMTPLOG_RULES=/nonexistent-rules "$BIN" scan -q "$L"
rdir "--rules-dir missing" "rule files; rules directory /nonexistent-rules (from --rules-dir); no log was read" \
    "$BIN" scan -q --rules-dir /nonexistent-rules "$L"
rdir "rules --rules-dir missing" "/nonexistent-rules: cannot read the rules directory: No such file" \
    "$BIN" rules --rules-dir /nonexistent-rules
# A binary with no rules beside it falls back to the directory compiled in.
# (Not when BIN is a wrapper script, as under make valgrind: a copy of it
# runs the real binary, which has its rules beside it.)
mkdir -p "$T/lonebin"
cp "$BIN" "$T/lonebin/smtplog"
if [ "$(head -c 4 "$BIN" | od -An -c | tr -d ' ')" != '177ELF' ]; then
	printf 'SKIP: the rules directory beside a copied binary: %s is not the binary itself\n' "$BIN" >&2
else
CDIR=$("$T/lonebin/smtplog" rules --help | sed -n 's|^\(/.*\)\.$|\1|p' | tail -n 1)
if [ -d "$CDIR" ]; then
	printf 'SKIP: %s exists here: the compiled-in fallback is not missing\n' "$CDIR" >&2
else
	rdir "compiled-in dir missing" "rule files; rules directory $CDIR (compiled in); no log was read" \
	    env -u SMTPLOG_RULES "$T/lonebin/smtplog" scan -q "$L"
fi
mkdir -p "$T/lonebin/rules" && cp "$TOP/rules/00-base.json" "$T/lonebin/rules/"
printf '{"rules": [' >"$T/lonebin/rules/99-bad.json"
rdir "beside the binary" "rule files; rules directory $T/lonebin/rules (beside the binary); no log was read" \
    env -u SMTPLOG_RULES "$T/lonebin/smtplog" scan -q "$L"
fi
rm -r "$T/lonebin"
