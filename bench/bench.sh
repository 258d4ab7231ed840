#!/bin/sh
# bench.sh - the benchmark behind `make bench`: generate the logs (cached
# in the build directory by size and seed), run every command RUNS times in
# turn (round robin, so that load from other processes falls on all rows
# alike), and print median wall time, MB/s of uncompressed input and peak
# RSS, with the ratios the targets are stated in.
#
# usage: sh bench/bench.sh SMTPLOG GEN RUNSTAT DIR [SMTPLOG_ISAL]
#   SMTPLOG_ISAL: a build with ISA-L's inflate (make ISAL=1) for the
#   gzip rows "(isa-l)"
# environment: BENCH_MB (Postfix MiB, 1024), BENCH_EXIM_MB (256),
#   BENCH_SMALL_MB (128), BENCH_RUNS (3), BENCH_SEED (1), BENCH_PARTIALS
#   (summary records merged by the merge row, 20000; made by
#   bench/partials.c, beside GEN), BENCH_OPEN_LINES (lines of sessions
#   that never end, for the open-sessions rows, 4000000)
set -u
BIN=$1 GEN=$2 RUNSTAT=$3 D=$4 IBIN=${5:-}
MB=${BENCH_MB:-1024}
EMB=${BENCH_EXIM_MB:-256}
SMB=${BENCH_SMALL_MB:-128}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-1}
TOP=$(cd "$(dirname "$0")/.." && pwd)
export SMTPLOG_RULES="$TOP/rules" TZ=UTC LC_ALL=C
mkdir -p "$D"

say() { printf 'bench: %s\n' "$*" >&2; }

# gen FMT MIB SEED: the log and its gzip (default level, as logrotate),
# made once per (format, size, seed).
gen() {
	f="$D/$1-$2M-s$3.log"
	if [ ! -s "$f.gz" ] || [ "$GEN" -nt "$f.gz" ]; then
		say "generating $f and $f.gz"
		"$GEN" "$1" "$2M" "$3" > "$f.tmp" && mv "$f.tmp" "$f" &&
		    gzip -c "$f" > "$f.gz.tmp" && mv "$f.gz.tmp" "$f.gz" ||
		    { say "cannot generate $f"; exit 1; }
	fi
	echo "$f"
}

# Baselines: installed from Debian when missing and root; else a note.
notes=""
have() { command -v "$1" >/dev/null 2>&1; }
if ! have pflogsumm || ! have eximstats; then
	if [ "$(id -u)" = 0 ] && have apt-get; then
		say "installing pflogsumm and eximstats (exim4-base) with apt-get"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    pflogsumm exim4-base >/dev/null 2>&1 ||
		    { apt-get update -q >/dev/null 2>&1 &&
		    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    pflogsumm exim4-base >/dev/null 2>&1; }
	fi
fi
have pflogsumm || notes="$notes
note: pflogsumm is not installed (Debian: pflogsumm; run make bench as root to install it): its rows are skipped"
have eximstats || notes="$notes
note: eximstats is not installed (Debian: exim4-base): its rows are skipped"

P=$(gen postfix "$MB" "$SEED") || exit 1
PS=$(gen postfix "$SMB" "$SEED") || exit 1
HALF=$((MB / 2))
PJ1=$(gen postfix "$HALF" "$SEED") || exit 1
PJ2=$(gen postfix "$HALF" $((SEED + 1))) || exit 1
E=$(gen exim "$EMB" "$SEED") || exit 1

# The open-sessions rows: connects that never end, scanned with 100,000
# and with 2,000,000 sessions kept open; the time must follow the lines,
# not the sessions open.
NOPEN=${BENCH_OPEN_LINES:-4000000}
PO=$D/open-$NOPEN.log
if [ ! -s "$PO" ]; then
	say "generating $PO"
	awk -v n="$NOPEN" 'BEGIN { for (i = 0; i < n; i++)
	    printf "Nov 10 06:00:00 mx postfix/smtpd[%d]: connect from unknown[10.%d.%d.%d]\n",
		i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$PO.tmp" &&
	    mv "$PO.tmp" "$PO"
fi

# The explain rows: every reply of the evaluation set, 300 times over
# (200,700 replies), one per line, as a script feeds them.
RB=$D/replies-x300.txt
if [ ! -s "$RB" ] || [ "$TOP/tests/replies/replies.tsv" -nt "$RB" ]; then
	tail -n +2 "$TOP/tests/replies/replies.tsv" | cut -f5 >"$D/replies.tmp"
	i=0
	while [ $i -lt 300 ]; do cat "$D/replies.tmp"; i=$((i + 1)); done >"$RB"
	rm -f "$D/replies.tmp"
fi
NREPLIES=$(wc -l <"$RB")
# The baseline: a one-line classifier in awk, a case-blind regular
# expression tried on each reply (grep is too quick to time on this).
AWK_RE='{ t = tolower($0) } t ~ /spam|user unknown|relay|blocked|authentication|not accepting/ { n++ } END { print n + 0 }'
# The merge row: BENCH_PARTIALS summary records, as many mappers write.
NPART=${BENCH_PARTIALS:-20000}
PARTIALS_BIN=$(dirname "$GEN")/partials
PARTS=$D/partials-$NPART-s$SEED.ndjson
merge_ok=0
if [ -x "$PARTIALS_BIN" ]; then
	if [ ! -s "$PARTS" ] || [ "$PARTIALS_BIN" -nt "$PARTS" ]; then
		say "generating $PARTS"
		"$PARTIALS_BIN" "$NPART" "$SEED" >"$PARTS.tmp" 2>/dev/null &&
		    mv "$PARTS.tmp" "$PARTS"
	fi
	[ -s "$PARTS" ] && merge_ok=1
fi

# The small Postfix log stored as journald JSON and as Kubernetes CRI
# lines (bench/rewrap.c), made once per log and rewrap.
REWRAP=$(dirname "$GEN")/rewrap
wrap() {
	f="$PS.$1"
	if [ ! -s "$f" ] || [ "$REWRAP" -nt "$f" ] || [ "$PS" -nt "$f" ]; then
		say "writing $f"
		"$REWRAP" "$1" 2024 < "$PS" > "$f.tmp" && mv "$f.tmp" "$f" ||
		    { say "cannot write $f"; exit 1; }
	fi
	echo "$f"
}
wrap_ok=0
if [ -x "$REWRAP" ]; then
	PJS=$(wrap journal) || exit 1
	PCRI=$(wrap cri) || exit 1
	wrap_ok=1
fi

# The Exim rows run only when this smtplog reads the Exim log.
exim_ok=0
if "$BIN" scan -q -o ndjson "$E" 2>"$D/exim-probe.err" |
    tail -n 1 | grep -q '"format": *"exim"'; then
	exim_ok=1
else
	notes="$notes
note: this smtplog does not read the generated Exim log ($(head -n 1 "$D/exim-probe.err")): Exim rows skipped"
fi
jflag=0
"$BIN" scan --help 2>&1 | grep -q -- '-j, --jobs' && jflag=1
[ $jflag = 1 ] || notes="$notes
note: this smtplog has no -j: the parallel rows are skipped"
trace_ok=0
"$BIN" --help 2>&1 | grep -q 'smtplog trace' && trace_ok=1
[ $trace_ok = 1 ] || notes="$notes
note: this smtplog has no trace command: the trace row is skipped"
# A queue id from the middle of the log, for trace.
QID=$(sed -n '/postfix\/qmgr.*: removed$/{s/.*: \([0-9A-F]*\): removed$/\1/p;q;}' "$PS")

ROWS="sm_plain sm_1core sm_gz cat zcat"
have pflogsumm && ROWS="$ROWS pflogsumm"
ROWS="$ROWS sm_small sm_open_1 sm_open_20"
[ $jflag = 1 ] && ROWS="$ROWS sm_j1 sm_j1p sm_j2"
[ $trace_ok = 1 ] && ROWS="$ROWS trace"
if [ -n "$IBIN" ] && [ -x "$IBIN" ]; then
	ROWS="$ROWS sm_gz_isal"
	[ $trace_ok = 1 ] && ROWS="$ROWS trace_isal"
else
	notes="$notes
note: no ISA-L build (make ISAL=1 needs libisal-dev): its gzip rows are skipped"
fi
if [ $wrap_ok = 1 ]; then
	ROWS="$ROWS sm_journal sm_cri"
else
	notes="$notes
note: no $REWRAP (make bench-tools): the journald JSON and CRI rows are skipped"
fi
ROWS="$ROWS explain explain_txt awk_re"
[ $exim_ok = 1 ] && ROWS="$ROWS ex_plain ex_gz"
[ $exim_ok = 1 ] && have eximstats && ROWS="$ROWS eximstats"
if [ $merge_ok = 1 ]; then
	ROWS="$ROWS merge"
else
	notes="$notes
note: no partials generator ($PARTIALS_BIN; make bench-tools): the merge row is skipped"
fi

# run ID: one timed run of row ID, appended to $D/ID.res.
SM="$BIN scan -q -o ndjson --year 2024"
run() {
	id=$1
	o=/dev/null
	in=/dev/null
	case $id in
	sm_plain) o=$D/out.ndjson; set -- $SM "$P";;
	sm_1core) o=$D/out.ndjson; set -- env SMTPLOG_PIPELINE=0 $SM "$P";;
	sm_gz) o=$D/out.ndjson; set -- $SM "$P.gz";;
	cat) set -- cat "$P";;
	zcat) set -- zcat "$P.gz";;
	pflogsumm) set -- pflogsumm "$P";;
	sm_small) o=$D/out.ndjson; set -- $SM "$PS";;
	sm_open_1) set -- $SM --max-sessions 100000 --max-memory 4G "$PO";;
	sm_open_20) set -- $SM --max-sessions 2000000 --max-memory 4G "$PO";;
	sm_j1) o=$D/out.ndjson; set -- env SMTPLOG_PIPELINE=0 $SM -j 1 "$PJ1" "$PJ2";;
	sm_j1p) o=$D/out.ndjson; set -- $SM -j 1 "$PJ1" "$PJ2";;
	sm_j2) o=$D/out.ndjson; set -- $SM -j 2 "$PJ1" "$PJ2";;
	trace) set -- "$BIN" trace --year 2024 "$QID" "$P.gz";;
	sm_gz_isal) o=$D/out.ndjson; set -- "$IBIN" scan -q -o ndjson --year 2024 "$P.gz";;
	trace_isal) set -- "$IBIN" trace --year 2024 "$QID" "$P.gz";;
	ex_plain) o=$D/out.ndjson; set -- $SM "$E";;
	ex_gz) o=$D/out.ndjson; set -- $SM "$E.gz";;
	eximstats) set -- eximstats "$E";;
	sm_journal) o=$D/out.ndjson; set -- $SM "$PJS";;
	sm_cri) o=$D/out.ndjson; set -- $SM "$PCRI";;
	explain) in=$RB; set -- "$BIN" explain --json --outbound -;;
	explain_txt) in=$RB; set -- "$BIN" explain -;;
	awk_re) in=$RB; set -- awk "$AWK_RE";;
	merge) in=$PARTS; o=$D/merged.json; set -- "$BIN" merge --expect "$NPART";;
	esac
	r=$("$RUNSTAT" -i "$in" -o "$o" -- "$@" 2>>"$D/$id.err")
	set -- $r
	[ "${3:-1}" = 0 ] || say "$id exited with status ${3:-?} (see $D/$id.err)"
	echo "$1 $2" >> "$D/$id.res"
}

rm -f "$D"/*.res "$D"/*.err
# (not i: run sets i, the input of a row)
round=1
while [ $round -le "$RUNS" ]; do
	say "round $round of $RUNS: $ROWS"
	for id in $ROWS; do run "$id"; done
	round=$((round + 1))
done

# median FILE COLUMN
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
bytes() { cat $1 | wc -c; }

printf '\nsmtplog benchmark: %s, Postfix %s MiB, Exim %s MiB, seed %s, median of %s runs\n' \
    "$(date -u +%Y-%m-%d)" "$MB" "$EMB" "$SEED" "$RUNS"
printf '%-32s %9s %10s %12s\n' "command" "wall s" "MB/s" "peak RSS MiB"
for id in $ROWS; do
	case $id in
	sm_plain) l="smtplog scan -o ndjson plain"; b=$P;;
	sm_1core) l="smtplog plain, one thread"; b=$P;;
	sm_gz) l="smtplog scan -o ndjson .gz"; b=$P;;
	cat) l="cat > /dev/null"; b=$P;;
	zcat) l="zcat > /dev/null"; b=$P;;
	pflogsumm) l="pflogsumm"; b=$P;;
	sm_small) l="smtplog plain, ${SMB} MiB input"; b=$PS;;
	sm_open_1) l="open sessions: 100k kept"; b=$PO;;
	sm_open_20) l="open sessions: 2M kept"; b=$PO;;
	sm_j1) l="smtplog -j 1 one thread, 2 x ${HALF}"; b="$PJ1 $PJ2";;
	sm_j1p) l="smtplog -j 1, 2 x ${HALF} MiB"; b="$PJ1 $PJ2";;
	sm_j2) l="smtplog -j 2, 2 x ${HALF} MiB"; b="$PJ1 $PJ2";;
	trace) l="smtplog trace QID .gz"; b=$P;;
	sm_gz_isal) l="smtplog .gz (isa-l)"; b=$P;;
	trace_isal) l="smtplog trace QID .gz (isa-l)"; b=$P;;
	ex_plain) l="smtplog exim plain"; b=$E;;
	ex_gz) l="smtplog exim .gz"; b=$E;;
	eximstats) l="eximstats"; b=$E;;
	sm_journal) l="smtplog journald JSON, ${SMB} MiB"; b=$PJS;;
	sm_cri) l="smtplog CRI, ${SMB} MiB log"; b=$PCRI;;
	explain) l="smtplog explain --json"; b=$RB;;
	explain_txt) l="smtplog explain (text)"; b=$RB;;
	awk_re) l="awk regex over the replies"; b=$RB;;
	merge) l="smtplog merge, $NPART partials"; b=$PARTS;;
	esac
	w=$(median "$D/$id.res" 1)
	m=$(median "$D/$id.res" 2)
	n=$(bytes "$b")
	echo "$id $w $m $n" >> "$D/summary.tmp"
	printf '%-32s %9.2f %10.0f %12.1f\n' "$l" "$w" \
	    "$(echo "$n $w" | awk '{ print ($2 > 0 ? $1 / 1e6 / $2 : 0) }')" \
	    "$(echo "$m" | awk '{ print $1 / 1024 }')"
done
mv "$D/summary.tmp" "$D/summary.txt"

# ratio A B: wall(B) / wall(A), i.e. how many times faster A is than B.
wall() { awk -v id="$1" '$1 == id { print $2 }' "$D/summary.txt"; }
rss() { awk -v id="$1" '$1 == id { print $3 }' "$D/summary.txt"; }
ratio() { echo "$(wall "$2") $(wall "$1")" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }'; }
echo
printf 'smtplog .gz vs zcat:            %sx the speed of zcat (target >= 1.6)\n' "$(ratio sm_gz zcat)"
printf 'smtplog plain:                  %s MB/s (target >= 1000)\n' \
    "$(echo "$(bytes "$P") $(wall sm_plain)" | awk '{ printf "%.0f", $1 / 1e6 / $2 }')"
have pflogsumm && printf 'smtplog plain vs pflogsumm:     %sx faster (target >= 40)\n' "$(ratio sm_plain pflogsumm)"
[ $exim_ok = 1 ] && have eximstats && printf 'smtplog exim vs eximstats:      %sx faster (target >= 40)\n' "$(ratio ex_plain eximstats)"
printf 'peak RSS %s MiB vs %s MiB input: %.1f vs %.1f MiB (target <= 64, within 10%%)\n' \
    "$SMB" "$MB" "$(echo "$(rss sm_small)" | awk '{ print $1 / 1024 }')" \
    "$(echo "$(rss sm_plain)" | awk '{ print $1 / 1024 }')"
printf 'pipeline (2 threads) vs one:    %sx on the plain file\n' "$(ratio sm_plain sm_1core)"
printf 'open sessions 2M vs 100k:       %sx the time, %s lines (target <= 2)\n' \
    "$(echo "$(wall sm_open_20) $(wall sm_open_1)" | awk '{ printf "%.2f", $1 / $2 }')" "$NOPEN"
[ $jflag = 1 ] && printf -- '-j 2 vs -j 1 one thread:        %sx (target >= 1.8)\n' "$(ratio sm_j2 sm_j1)"
[ $jflag = 1 ] && printf -- '-j 2 vs -j 1 (pipelined):       %sx\n' "$(ratio sm_j2 sm_j1p)"
[ $trace_ok = 1 ] && printf 'trace vs zcat:                  %sx the time of zcat (target <= 1.2)\n' \
    "$(echo "$(wall trace) $(wall zcat)" | awk '{ printf "%.2f", $1 / $2 }')"
if [ -n "$IBIN" ] && [ -x "$IBIN" ]; then
	printf 'smtplog .gz (isa-l) vs zcat:    %sx the speed of zcat (target >= 1.6)\n' "$(ratio sm_gz_isal zcat)"
	[ $trace_ok = 1 ] && printf 'trace (isa-l) vs zcat:          %sx the time of zcat (target <= 1.2)\n' \
	    "$(echo "$(wall trace_isal) $(wall zcat)" | awk '{ printf "%.2f", $1 / $2 }')"
fi
if [ $wrap_ok = 1 ]; then
	printf 'journald JSON:                  %s MB/s of JSON (target >= 150); the same messages in %sx the time of the classic log\n' \
	    "$(echo "$(bytes "$PJS") $(wall sm_journal)" | awk '{ printf "%.0f", $1 / 1e6 / $2 }')" \
	    "$(echo "$(wall sm_journal) $(wall sm_small)" | awk '{ printf "%.2f", $1 / $2 }')"
	printf 'Kubernetes CRI:                 %s MB/s; the same messages in %sx the time of the classic log\n' \
	    "$(echo "$(bytes "$PCRI") $(wall sm_cri)" | awk '{ printf "%.0f", $1 / 1e6 / $2 }')" \
	    "$(echo "$(wall sm_cri) $(wall sm_small)" | awk '{ printf "%.2f", $1 / $2 }')"
fi
printf 'explain --json:                 %s replies/s (target >= 40000), %sx the time of the awk row\n' \
    "$(echo "$NREPLIES $(wall explain)" | awk '{ printf "%.0f", ($2 > 0 ? $1 / $2 : 0) }')" \
    "$(echo "$(wall explain) $(wall awk_re)" | awk '{ printf "%.1f", ($2 > 0 ? $1 / $2 : 0) }')"
printf 'explain (text, both directions): %s replies/s\n' \
    "$(echo "$NREPLIES $(wall explain_txt)" | awk '{ printf "%.0f", ($2 > 0 ? $1 / $2 : 0) }')"
if [ $merge_ok = 1 ]; then
	printf 'merge of %s partials:        %.2f s (target < 5), peak RSS %.1f MiB = %.1fx the merged summary (%.1f MiB; target: bounded by it)\n' \
	    "$NPART" "$(wall merge)" "$(echo "$(rss merge)" | awk '{ print $1 / 1024 }')" \
	    "$(echo "$(rss merge) $(bytes "$D/merged.json")" | awk '{ print $1 * 1024 / $2 }')" \
	    "$(echo "$(bytes "$D/merged.json")" | awk '{ print $1 / 1048576 }')"
fi
printf '%s\n' "$notes" | sed '/^$/d'
echo "machine: $(nproc) cores, $(uname -m); inputs in $D (page cache warm after round 1)"
