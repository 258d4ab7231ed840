#!/bin/sh
# long.sh - the long fuzzing campaign behind `make fuzz-long`: each
# harness named runs for FUZZ_SECONDS (niced) from its kept corpus
# (tests/fuzz/corpus/<harness>/) and its seeds; what it found is then
# minimised together with the kept corpus and the seeds (libFuzzer
# -merge=1) into a new
# kept corpus, bounded by FUZZ_KEEP_FILES and FUZZ_KEEP_BYTES (the largest
# inputs go first when it is over), which replaces the old one.  Prints
# the table of tests/fuzz/README.md: harness, hours, executions, coverage
# (cov/ft, as libFuzzer counts them), crashes.  A crash, leak, timeout or
# out-of-memory input fails the run; it is kept in
# build/fuzz/long/<harness>/artifacts/ (minimise it and keep it in
# tests/fuzz/regress/<harness>/, see the README).
#
#   sh tests/fuzz/long.sh HARNESS...   (run from the top of the tree)
# environment: FUZZ_B (build/fuzz), FUZZ_SECONDS (3600), FUZZ_FLAGS,
#   FUZZ_KEEP_FILES (400), FUZZ_KEEP_BYTES (2000000), FUZZ_LONG (the work
#   directory, FUZZ_B/long: give each of several runs at once its own)
set -u
cd "$(dirname "$0")/../.."
FB=${FUZZ_B:-build/fuzz}
SECS=${FUZZ_SECONDS:-3600}
KEEPF=${FUZZ_KEEP_FILES:-400}
KEEPB=${FUZZ_KEEP_BYTES:-2000000}
L=${FUZZ_LONG:-$FB/long}
mkdir -p "$L"
TABLE=$L/table.md
printf '| harness | hours | executions | coverage (cov/ft) | crashes | kept corpus |\n' >"$TABLE"
printf '|---------|-------|------------|-------------------|---------|-------------|\n' >>"$TABLE"
failed=0

# final LOG NAME: libFuzzer's final stat::NAME.
final() { sed -n "s/^stat::$2: *\([0-9]*\).*/\1/p" "$1" | tail -n 1; }
# bytes DIR: the bytes of its files.
bytes() { find "$1" -type f -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }'; }

for h in "$@"; do
	bin=$FB/fuzz_$h
	kept=tests/fuzz/corpus/$h
	w=$L/$h
	rm -rf "$w"
	mkdir -p "$w/new" "$w/artifacts" "$w/min" "$kept" "$FB/seeds/$h"
	ml=$(sed -n 's/.*fuzz-max-len: *\([0-9][0-9]*\).*/\1/p' \
	    "tests/fuzz/fuzz_$h.c" | head -n 1)
	ml=${ml:-8192}
	dict=
	[ -f "tests/fuzz/$h.dict" ] && dict=-dict=tests/fuzz/$h.dict
	echo "fuzz-long: $h for ${SECS}s (-max_len=$ml)"
	# New inputs go to the first directory; the kept corpus and the
	# seeds are read.
	# shellcheck disable=SC2086
	nice "$bin" -max_len="$ml" -max_total_time="$SECS" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 $dict \
	    -artifact_prefix="$w/artifacts/" ${FUZZ_FLAGS:-} \
	    "$w/new" "$kept" "$FB/seeds/$h" >"$w/log" 2>&1
	rc=$?
	crashes=$(find "$w/artifacts" -type f | wc -l | tr -d ' ')
	[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes="exit $rc"
	execs=$(final "$w/log" number_of_executed_units)
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$w/log" | tail -n 1 |
	    sed 's/cov: \([0-9]*\) ft: \([0-9]*\)/\1\/\2/')
	# Minimised: the fewest inputs that keep every feature reached,
	# from the kept corpus, what was found and the seeds.
	nice "$bin" -merge=1 -max_len="$ml" -timeout=10 -rss_limit_mb=2048 \
	    "$w/min" "$kept" "$w/new" "$FB/seeds/$h" >"$w/merge.log" 2>&1 ||
	    { echo "fuzz-long: $h: the merge failed (see $w/merge.log)" >&2; failed=1; continue; }
	# Bounded: drop the largest until it fits.
	ls -S "$w/min" | while read -r f; do
		n=$(find "$w/min" -type f | wc -l)
		b=$(bytes "$w/min")
		[ "$n" -le "$KEEPF" ] && [ "$b" -le "$KEEPB" ] && break
		rm -f "$w/min/$f"
	done
	rm -rf "$kept"
	mkdir -p "$kept"
	cp "$w/min"/* "$kept"/ 2>/dev/null
	nk=$(find "$kept" -type f | wc -l | tr -d ' ')
	kb=$(($(bytes "$kept") / 1024))
	printf '| `fuzz_%s` | %s | %s | %s | %s | %s files, %s KiB |\n' "$h" \
	    "$(echo "$SECS" | awk '{ printf "%.2f", $1 / 3600 }')" \
	    "${execs:-?}" "${cov:-?}" "$crashes" "$nk" "$kb" >>"$TABLE"
	[ "$crashes" != 0 ] && failed=1
done
echo
cat "$TABLE"
[ $failed -eq 0 ] || { echo "fuzz-long: a harness crashed or failed: see $L/<harness>/" >&2; exit 1; }
