# Part of tests/e2e.sh (sourced): the benchmark's log generator
# (bench/gen.c, built by make check into build/bench/gen) is deterministic
# for a seed, and smtplog accounts for every line it writes, with findings
# of all five codes.  Counts come from grepping the generated log.

GEN=${SMTPLOG_GEN:-$TOP/build/bench/gen}
if [ ! -x "$GEN" ]; then
	ko "bench generator $GEN not built (make build/bench/gen)"
else
	"$GEN" postfix 600K 7 >"$T/g1.log"; eq "gen exit" $? 0
	"$GEN" postfix 600K 7 >"$T/g2.log"
	"$GEN" postfix 600K 8 >"$T/g3.log"
	cmp -s "$T/g1.log" "$T/g2.log"; eq "gen same seed, same bytes" $? 0
	cmp -s "$T/g1.log" "$T/g3.log"; eq "gen other seed, other bytes" $? 1
	sz=$(wc -c <"$T/g1.log")
	eq "gen size reached, not overshot" "$([ "$sz" -ge 614400 ] && [ "$sz" -lt 615400 ] && echo ok)" ok
	"$GEN" exim 100K 7 | cksum >"$T/e1"; "$GEN" exim 100K 7 | cksum >"$T/e2"
	eq "gen exim deterministic" "$(cat "$T/e1")" "$(cat "$T/e2")"
	"$GEN" nosuch 1K >/dev/null 2>&1; eq "gen bad format exit" $? 2

	G=$T/g1.log
	scan "$T/gs" --year 2024 "$G"
	eq "gen scan exit" "$rc" 0
	every_line_json "$T/gs"
	accounted "$T/gs"
	eq "gen lines read" "$(q "$T/gs" '.[-1].lines.read')" "$(wc -l <"$G")"
	# The generator writes only lines the Postfix parser knows.
	eq "gen unrecognized" "$(q "$T/gs" '.[-1].lines.unrecognized')" 0
	# Ignored: the kernel and dovecot lines and opendkim's.
	eq "gen ignored" "$(q "$T/gs" '.[-1].lines.ignored')" "$(grep -c -e ' kernel: ' -e ' dovecot: ' -e ' opendkim\[' "$G")"
	f() { q "$T/gs" "[.[] | select(.type == \"finding\" and $1)] | length"; }
	eq "gen 554 rejects" "$(f '.code == 554 and .event == "reject"')" \
	    "$(grep -c 'NOQUEUE: reject: RCPT from [^[]*\[[^]]*\]: 554 ' "$G")"
	eq "gen 554 bounces" "$(f '.code == 554 and .direction == "outbound"')" "$(grep -c 'said: 554 ' "$G")"
	eq "gen 530" "$(f '.code == 530')" "$(grep -c -e ': > .*: 530 ' -e 'said: 530' "$G")"
	eq "gen 500" "$(f '.code == 500')" "$(grep -c ': > .*: 500 ' "$G")"
	eq "gen 503 rejects" "$(f '.code == 503 and .event == "reject"')" "$(grep -c 'NOQUEUE: reject: DATA .*: 503 ' "$G")"
	eq "gen 502 logged" "$(f '.code == 502 and .code_source == "logged"')" "$(grep -c ': > .*: 502 ' "$G")"
	# Inferred 502s: every unknown=0/N counter, but in the -v sessions
	# (quit=1 unknown=0/1), whose 502 was logged as a reply.
	eq "gen 502 inferred" "$(f '.code == 502 and .code_source == "inferred"')" \
	    "$(grep -v 'quit=1 unknown=' "$G" | grep -o 'unknown=0/[0-9]*' | awk -F/ '{ s += $2 } END { print s }')"
	for c in 500 502 503 530 554; do
		eq "gen has code $c" "$(f ".code == $c" | awk '{ print ($1 > 0) }')" 1
	done
fi
