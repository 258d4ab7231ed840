#!/bin/sh
# seed.sh - build the seed corpora of the fuzz harnesses under
# build/fuzz/seeds/<harness>/ from samples/, the real logs of tests/corpus
# (read in place), the rule files and a list of timestamps.  Seeds are named by their content hash, so running it again
# is harmless.
#
#   sh tests/fuzz/seed.sh [OUTDIR [CORPUS]]
#
# OUTDIR defaults to build/fuzz/seeds, CORPUS to tests/corpus (both
# relative to the top of the source tree, where this runs).
set -eu

cd "$(dirname "$0")/../.."
OUT=${1:-build/fuzz/seeds}
CORPUS=${2:-tests/corpus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/smtplog-seed.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

mkdir -p "$OUT/input" "$OUT/postfix" "$OUT/rules" "$OUT/ts" "$OUT/transcript" "$OUT/exim" "$OUT/envelope" "$OUT/journal" "$OUT/merge"

# put DIR FILE - move FILE into DIR under its content hash.
put() {
	h=$(sha1sum < "$2" | cut -c1-16)
	mv "$2" "$1/$h"
}

# ---- fuzz_input: whole files, plain and gzip, and their hard cases --------
SAMPLE=samples/postfix/mail.log
for f in samples/*/*; do
	[ -f "$f" ] || continue
	cp "$f" "$TMP/s" && put "$OUT/input" "$TMP/s"
done
if [ -f "$SAMPLE" ]; then
	head -c 2000 "$SAMPLE" > "$TMP/s" && put "$OUT/input" "$TMP/s"
	head -n 30 "$SAMPLE" | sed 's/$/\r/' > "$TMP/s" && put "$OUT/input" "$TMP/s"
	head -n 20 "$SAMPLE" | tr 'x' '\000' > "$TMP/s" && put "$OUT/input" "$TMP/s"
	head -n 5 "$SAMPLE" | tr -d '\n' > "$TMP/s" && put "$OUT/input" "$TMP/s"
	head -n 20 "$SAMPLE" | gzip -9 -n > "$TMP/s" && put "$OUT/input" "$TMP/s"
	# two members, then NUL padding, then garbage, then a cut member
	head -n 8 "$SAMPLE" | gzip -n > "$TMP/a"
	sed -n '9,16p' "$SAMPLE" | gzip -n > "$TMP/b"
	cat "$TMP/a" "$TMP/b" > "$TMP/s" && put "$OUT/input" "$TMP/s"
	{ cat "$TMP/a"; head -c 64 /dev/zero; } > "$TMP/s" && put "$OUT/input" "$TMP/s"
	{ cat "$TMP/a"; printf 'garbage'; } > "$TMP/s" && put "$OUT/input" "$TMP/s"
	n=$(wc -c < "$TMP/b")
	{ cat "$TMP/a"; head -c $((n - 9)) "$TMP/b"; } > "$TMP/s" && put "$OUT/input" "$TMP/s"
	# a last line without newline inside gzip; an empty member
	head -n 3 "$SAMPLE" | tr -d '\n' | gzip -n > "$TMP/s" && put "$OUT/input" "$TMP/s"
	{ printf '' | gzip -n; cat "$TMP/a"; } > "$TMP/s" && put "$OUT/input" "$TMP/s"
fi
# long lines around a 256-byte bound, CR at the cut
awk 'BEGIN { s = ""; for (i = 0; i < 255; i++) s = s "a";
	print s; print s "b"; print s "bc"; printf "%s\r\n%sb\r\n", s, s;
	printf "%s\r", s }' > "$TMP/s" && put "$OUT/input" "$TMP/s"
: > "$TMP/s" && put "$OUT/input" "$TMP/s"
printf '\n\r\n\r\r\n\000\n' > "$TMP/s" && put "$OUT/input" "$TMP/s"

# ---- fuzz_postfix: single lines and short chunks of Postfix logs ----------
postfix_logs() {
	[ -f "$SAMPLE" ] && echo "$SAMPLE"
	[ -f "$CORPUS/MANIFEST.tsv" ] || return 0
	awk -F '\t' '$6 == "postfix" || $6 == "mixed" { print $1 }' \
	    "$CORPUS/MANIFEST.tsv" | while read -r p; do
		[ -f "$CORPUS/$p" ] || continue
		case $p in
		*.gz)	u="$TMP/$(echo "$p" | tr / _)"
			gzip -dc "$CORPUS/$p" > "${u%.gz}" && echo "${u%.gz}" ;;
		*)	echo "$CORPUS/$p" ;;
		esac
	done
	return 0
}
postfix_logs > "$TMP/logs"
i=0
while read -r log; do
	i=$((i + 1))
	d="$TMP/pf$i"
	mkdir -p "$d"
	# One line per message shape (program + first words, digits folded),
	# at most two of each and 200 per file.
	grep -a 'postfix' "$log" | awk -v d="$d" '
	{
		m = $0
		sub(/^.*postfix[^ ]*\[[0-9]*\]: /, "", m)
		sub(/^[0-9A-F]+: /, "Q: ", m)
		split(m, w, " ")
		key = $5 " " w[1] " " w[2] " " w[3]
		gsub(/[0-9]+/, "0", key)
		if (seen[key]++ < 2 && n < 200) {
			f = d "/l" n++
			print > f
			close(f)
		}
	}'
	# Chunks: every line of a few smtpd/postscreen processes (a session
	# each, at most 40 lines), and windows of 12 consecutive lines.
	grep -a -o 'postfix[^ ]*/\(smtpd\|postscreen\)\[[0-9]*\]' "$log" |
	    awk '!seen[$0]++' | head -n 12 | while read -r proc; do
		grep -a -F "$proc: " "$log" | head -n 40 > "$d/p$(echo "$proc" | tr -c 'a-z0-9\n' '_')"
	done
	total=$(wc -l < "$log")
	for k in 0 1 2 3 4 5; do
		start=$((total * k / 6 + 1))
		sed -n "${start},$((start + 11))p" "$log" > "$d/w$k"
	done
	for f in "$d"/*; do
		[ -s "$f" ] && put "$OUT/postfix" "$f"
	done
	rm -rf "$d"
done < "$TMP/logs"

# ---- fuzz_rules: the rule files, whole and cut into small files -----------
for f in rules/*.json tests/data/rules/*.json tests/data/rules/*/*.json; do
	[ -f "$f" ] || continue
	cp "$f" "$TMP/s" && put "$OUT/rules" "$TMP/s"
done
if command -v jq > /dev/null 2>&1; then
	for f in rules/*.json; do
		n=$(jq '.rules | length' "$f" 2>/dev/null) || continue
		k=0
		while [ "$k" -lt "$n" ]; do
			jq --argjson k "$k" '{rules: [.rules[$k]]}' "$f" \
			    > "$TMP/s" && put "$OUT/rules" "$TMP/s"
			jq -c --argjson k "$k" '{comment: "chunk", rules:
			    .rules[$k:$k + 5]}' "$f" > "$TMP/s" &&
			    put "$OUT/rules" "$TMP/s"
			k=$((k + 5))
		done
	done
fi

# ---- fuzz_ts: timestamps, one per seed, and a few sequences ---------------
while IFS= read -r t; do
	printf '%s' "$t" > "$TMP/s" && put "$OUT/ts" "$TMP/s"
done <<'EOF'
Nov  3 06:56:20 mx1 postfix/smtpd[1]:
Nov 03 06:56:20
Jan 1 00:00:00
Dec 31 23:59:60.999999 x
Feb 29 12:00:00
Mar 29 02:30:00
Oct 25 02:30:00.5
Jul  4 12:34:56.1234567890
2026-11-23T06:56:20.123456+01:00
2026-11-23T06:56:20Z
2026-11-23 06:56:20
2026-11-23t06:56:20z host
2020-02-29T23:59:60-23:59
0000-01-01T00:00:00+0000
9999-12-31T23:59:59.9-00:00
2021-03-28T02:30:00
1970-01-01T00:00:00.
EOF
printf 'Dec 31 23:59:59\nJan  1 00:00:01\nJul  1 00:00:00\nDec 31 00:00:00' > "$TMP/s" && put "$OUT/ts" "$TMP/s"
printf 'Jan  1 00:00:00\nDec 31 23:59:59\nJun 15 12:00:00\nJan  2 00:00:00' > "$TMP/s" && put "$OUT/ts" "$TMP/s"

# ---- fuzz_transcript: the transcript samples and the corpus's dialogues ---
for f in samples/transcript/* "$CORPUS"/transcript/* "$CORPUS"/swaks/* \
    "$CORPUS"/exim-testsuite/* "$CORPUS"/rfc-examples/*; do
	[ -f "$f" ] || continue
	head -c 8192 "$f" > "$TMP/s" && put "$OUT/transcript" "$TMP/s"
done

# ---- fuzz_exim: the Exim samples and corpus logs, in 8 KiB pieces --------
for f in samples/exim/* "$CORPUS"/exim/* "$CORPUS"/exim-real/* "$CORPUS"/sshguard/tests-exim.log; do
	[ -f "$f" ] || continue
	case $f in
	*.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac | split -b 8192 - "$TMP/x."
	for c in "$TMP"/x.*; do
		[ -f "$c" ] && put "$OUT/exim" "$c"
	done
done

# ---- fuzz_merge: partials written by ./smtplog (when built) -------------
if [ -x ./smtplog ]; then
	for d in samples/postfix samples/exim samples/archive/rotated samples/transcript; do
		[ -d "$d" ] || continue
		SMTPLOG_RULES=rules ./smtplog scan -q -o summary-json --year 2025 "$d" \
		    > "$TMP/s" 2>/dev/null && put "$OUT/merge" "$TMP/s"
		SMTPLOG_RULES=rules ./smtplog scan -q -o json --year 2025 "$d" \
		    > "$TMP/s" 2>/dev/null && head -c 16384 "$TMP/s" > "$TMP/t" &&
		    put "$OUT/merge" "$TMP/t"
	done
	SMTPLOG_RULES=rules ./smtplog scan -q -o summary-json --year 2025 samples/postfix/mail.log > "$TMP/a" 2>/dev/null
	SMTPLOG_RULES=rules ./smtplog scan -q -o summary-json --year 2025 samples/postfix/mail.log.1.gz > "$TMP/b" 2>/dev/null
	cat "$TMP/a" "$TMP/b" "$TMP/a" > "$TMP/s" && put "$OUT/merge" "$TMP/s"
	SMTPLOG_RULES=rules ./smtplog scan -q -o ndjson --year 2025 samples/postfix/mail.log > "$TMP/s" 2>/dev/null &&
	    put "$OUT/merge" "$TMP/s"
	sed 's/"schema_version":2/"schema_version":1/' "$TMP/a" > "$TMP/s" && put "$OUT/merge" "$TMP/s"
fi
: > "$TMP/s" && put "$OUT/merge" "$TMP/s"

# ---- fuzz_envelope and fuzz_journal: one line of each envelope; the
# samples rewritten into every envelope by tests/envelope_gen.py (when
# python3 is there), in 8 KiB pieces behind a byte that picks the parser
# forced; and their JSON lines one by one -----------------------------------
R='NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@example.org> to=<x@example.com> proto=ESMTP helo=<h>'
{
	printf '\000'
	printf 'Mar  1 10:00:00 mx1 postfix/smtpd[101]: %s\n' "$R"
	printf '<22>Mar  1 10:00:00 mx1 postfix/smtpd[102]: %s\n' "$R"
	printf '<22>1 2025-03-01T10:00:00.123+00:00 mx1 postfix/smtpd 104 - [a b="c\\"]"] %s\n' "$R"
	printf '2025 Mar  1 10:00:00.123 mx1 postfix/smtpd[106]: %s\n' "$R"
	printf 'Sat 2025-03-01 10:00:00 CET mx1 postfix/smtpd[107]: %s\n' "$R"
	printf '1740823200.123456 mx1 postfix/smtpd[108]: %s\n' "$R"
	printf 'postfix-mailcow_1  | Mar  1 10:00:00 mx1 postfix/smtpd[112]: %s\n' "$R"
	printf '2025-03-01T10:00:00.1Z stdout P Mar  1 10:00:00 mx1 postfix/smtpd[114]: x\n'
	printf '2025-03-01T10:00:00.1Z stdout F y\n'
	printf 'postfix/smtpd[116]: %s\n' "$R"
	printf '2025-03-01 10:00:00 [3] 1abc12-000ABC-12 <= a@b H=x [192.0.2.1]\n'
} > "$TMP/s" && put "$OUT/envelope" "$TMP/s"
printf '{"__REALTIME_TIMESTAMP":"1740823200123456","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"111","MESSAGE":"%s"}' "$R" > "$TMP/s" && put "$OUT/journal" "$TMP/s"
printf '{"MESSAGE":[99,111,110,0,255],"SYSLOG_IDENTIFIER":["a","b"],"a":"\\ud83d\\ude00\\u0000"}' > "$TMP/s" && put "$OUT/journal" "$TMP/s"
printf '{"log":"Mar  1 10:00:00 mx1 postfix/smtpd[1]: x\\n","stream":"stderr","time":"2025-03-01T10:00:00.5Z"}' > "$TMP/s" && put "$OUT/journal" "$TMP/s"
if command -v python3 >/dev/null 2>&1; then
	python3 tests/envelope_gen.py --year 2025 "$TMP/env" \
	    samples/postfix/mail.log samples/exim/mainlog
	for f in "$TMP"/env/*/*.log; do
		{ printf '\000'; head -c 8191 "$f"; } > "$TMP/s" &&
		    put "$OUT/envelope" "$TMP/s"
	done
	for f in "$TMP"/env/*/journal-json.log "$TMP"/env/*/docker-json.log; do
		head -n 40 "$f" | while IFS= read -r l; do
			printf '%s' "$l" > "$TMP/s" && put "$OUT/journal" "$TMP/s"
		done
	done
	rm -rf "$TMP/env"
fi

for h in input postfix rules ts transcript exim merge envelope journal; do
	printf 'seed.sh: %s: %s seeds\n' "$h" "$(ls "$OUT/$h" | wc -l)"
done
