# Part of tests/e2e.sh (sourced): the diagnosis measured on the evaluation
# set of real replies, tests/replies/replies.tsv (see its README): smtplog
# explain gives each reply a cause, tests/replies/score.py prints the table
# per cause (tune, check, overall) and fails below 90 % overall.  When
# Sisimai is installed, the same table for Sisimai (tests/replies/sisimai_eval.pl).

RT=$TOP/tests/replies
if ! command -v python3 >/dev/null 2>&1; then
	printf 'SKIP: the reply evaluation needs python3\n' >&2
else
	# One explain per (direction, stage) group, then the answers back in
	# the order of the file.
	tail -n +2 "$RT/replies.tsv" | awk -F'\t' '{print NR "\t" $8 "\t" $6 "\t" $5}' >"$T/rrows"
	: >"$T/rgot.num"
	cut -f2,3 "$T/rrows" | sort -u >"$T/rgroups"
	while IFS="$(printf '\t')" read -r dir cmd; do
		opt=""
		[ "$cmd" != "-" ] && opt="--command $cmd"
		awk -F'\t' -v d="$dir" -v c="$cmd" '$2 == d && $3 == c' "$T/rrows" >"$T/rgrp"
		cut -f4 "$T/rgrp" | "$BIN" explain --json "--$dir" $opt - 2>/dev/null |
		    jq -r '.cause // "-"' >"$T/rgc"
		cut -f1 "$T/rgrp" | paste - "$T/rgc" >>"$T/rgot.num"
	done <"$T/rgroups"
	sort -n "$T/rgot.num" | cut -f2 >"$T/rgot"
	python3 "$RT/score.py" "$RT/replies.tsv" "$T/rgot" --min 90 --misses "$T/rmisses"
	eq "replies: cause right for at least 90% (score.py)" $? 0
	[ -n "${EXPLAIN_MISSES:-}" ] && cat "$T/rmisses" >&2
	# The texts a rule file changes the diagnosis of are real replies: a
	# check that every row has a source and a known cause.
	eq "replies: every row has a source" "$(tail -n +2 "$RT/replies.tsv" | awk -F'\t' '$10 == "" || $10 == "-"' | wc -l)" 0
	eq "replies: 600 or more" "$(tail -n +2 "$RT/replies.tsv" | wc -l | awk '{print ($1 >= 600)}')" 1

	if perl -MSisimai -e 1 2>/dev/null; then
		tail -n +2 "$RT/replies.tsv" | cut -f3,5 |
		    perl "$RT/sisimai_eval.pl" >"$T/sgot" 2>"$T/sgot.err"
		eq "replies: sisimai run" $? 0
		python3 "$RT/score.py" "$RT/replies.tsv" "$T/sgot" --name "Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION')"
	else
		printf 'SKIP: Sisimai baseline: perl module Sisimai not installed (apt-get install libsisimai-perl)\n' >&2
	fi
fi

## MTA-aware advice: the same remote 530 in a Postfix and in an Exim log
## gets the fix for that MTA; explain (no log) gives the generic fix and
## both MTA fixes.
scan "$T/mta-pf" --year 2025 "$TOP/tests/data/mta/postfix-530.log"
eq "mta: postfix fix" "$(q "$T/mta-pf" '.[] | select(.type == "finding") | .advice.fix | startswith("Postfix: smtp_sasl_auth_enable")')" true
scan "$T/mta-ex" --format exim "$TOP/tests/data/mta/exim-530.log"
eq "mta: exim fix" "$(q "$T/mta-ex" '.[] | select(.type == "finding") | .advice.fix | startswith("Exim: in the smtp transport")')" true
"$BIN" explain --json --outbound "530 5.7.0 Must issue a STARTTLS command first" >"$T/mta-e"
eq "mta: explain generic fix" "$(jq -r '.advice.fix | startswith("This server")' "$T/mta-e")" true
eq "mta: explain per-MTA fixes" "$(jq -r '[.advice.fix_postfix[0:8], .advice.fix_exim[0:5]] | join(" ")' "$T/mta-e")" "Postfix: Exim:"
# Every outbound rule that gives a Postfix fix gives an Exim one too.
eq "mta: fixes in pairs" "$(cat "$TOP"/rules/*.json | jq -s '[.[].rules[]? | .advice | select(.fix_postfix != null) | select(.fix_exim == null)] | length')" 0
## Why a rule won: the middle line of Exim's multi-line 503.
"$BIN" explain --json --outbound '503-All RCPT commands were rejected with this error:\n503-relay not permitted\n503 Valid RCPT command must precede DATA' >"$T/why"
eq "why: multi-line cause" "$(jq -r '[.cause, .lines, (.evidence | join(","))] | join(" ")' "$T/why")" "relay-denied 3 text"
"$BIN" explain --json --outbound "554 5.1.1 no words a rule knows" >"$T/why2"
eq "why: enhanced code as evidence" "$(jq -r '[.cause, (.evidence | join(","))] | join(" ")' "$T/why2")" "policy-rejected-recipient enhanced"
"$BIN" explain --json --outbound "554 no words a rule knows" >"$T/why3"
eq "why: code alone" "$(jq -r '[.cause, .generic, (.evidence | join(","))] | join(" ")' "$T/why3")" "other true code"
