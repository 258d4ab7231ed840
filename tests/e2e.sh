#!/bin/sh
# e2e.sh - end-to-end tests: run the real binary on samples/ and on the real
# logs in tests/corpus, and check its JSON with jq.  Expected numbers
# were established by reading the logs (the grep that gives each is beside
# it), never copied from smtplog's output.
#
# usage: sh tests/e2e.sh [path/to/smtplog]
set -u
BIN=${1:-./smtplog}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${SMTPLOG_CORPUS:-$TOP/tests/corpus}
export SMTPLOG_RULES="$TOP/rules" TZ=UTC
unset NO_COLOR
# The words of the reports follow the locale (--lang auto): the tests read
# English, whatever this machine's locale; 48-lang sets its own.
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C
T=$(mktemp -d)
# No test reads this machine's mail logs: a run without inputs whose
# standard input is not a pipe finds none (43-inputs sets its own).
export SMTPLOG_DEFAULT_INPUTS="$T/no-default-input/*"
E2E_CLEANUP=:
trap 'eval "$E2E_CLEANUP"; rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# eq NAME GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', want '$3'"; fi
}

# q FILE JQ-EXPR: evaluate on an NDJSON file as one array (slurp).
q() { jq -r -s "$2" "$1"; }

# scan OUT ARGS...: ndjson scan into OUT, exit status into $rc, stderr in OUT.err
scan() {
	out=$1; shift
	"$BIN" scan -q -o ndjson "$@" >"$out" 2>"$out.err"
	rc=$?
	printf '%s\n' "$out" >>"$T/.scans"
}

# every_line_json FILE: each line parses, the last is the summary.
every_line_json() {
	n=$(wc -l <"$1")
	good=$(jq -c . "$1" 2>/dev/null | wc -l)
	eq "$1 lines are JSON" "$good" "$n"
	eq "$1 ends with summary" "$(tail -n 1 "$1" | jq -r .type)" summary
}

# accounted FILE: every line read is used, ignored or unrecognized.
accounted() {
	eq "$1 lines accounted" "$(q "$1" '.[-1].lines | (.used + .ignored + .unrecognized) == .read')" true
	eq "$1 inputs accounted" "$(q "$1" '[.[-1].inputs[] | (.used + .ignored + .unrecognized) == .lines] | all')" true
}

# The checks live in tests/e2e/NN-topic.sh, sourced in name order with the
# helpers above; each part sets the variables it uses.  E2E_ONLY=50 runs
# only the parts whose name starts with 50.
# Each part prints one line with its count when it ends.
for part in "$TOP"/tests/e2e/${E2E_ONLY:-}*.sh; do
	[ -f "$part" ] || continue
	p0=$pass f0=$fail t0=$(date +%s)
	. "$part"
	name=${part##*/}
	printf 'e2e %-16s %4d passed, %d failed (%ds)\n' "${name%.sh}" \
	    $((pass - p0)) $((fail - f0)) $(($(date +%s) - t0))
done

## Every record of every scan above, against the JSON Schema in schema/.
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	printf 'SKIP: schema validation needs python3-jsonschema (make deps-test installs it)\n' >&2
elif [ -s "$T/.scans" ]; then
	sort -u "$T/.scans" | while read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done >"$T/.scans.ok"
	"$BIN" scan -q -o json --year 2025 "$TOP"/samples/*/* >"$T/doc.json" 2>/dev/null
	# shellcheck disable=SC2046
	"$PY" "$TOP/tests/schema_check.py" "$TOP/schema" --doc "$T/doc.json" \
	    $(cat "$T/.scans.ok") >"$T/schema.out" 2>&1
	eq "every record matches schema/ ($(tail -n 1 "$T/schema.out"))" $? 0
	grep -v 'records checked' "$T/schema.out" | head -n 20 >&2
fi

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
