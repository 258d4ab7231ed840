# Part of tests/e2e.sh (sourced): smtplog explain, on single replies and on
# the evaluation set of real reply texts in tests/replies/replies.tsv (see
# its README: every text with its source, expected code and cause), read
# here in the column order this part was written for (reply, code,
# enhanced, cause, direction, command, source).  41-replies.sh prints its
# per-cause table.

R=$T/replies-by-reply.tsv
awk -F'\t' 'BEGIN { OFS = "\t" } { print $5, $3, $4, $9, $8, $6, $10 }' \
    "$TOP/tests/replies/replies.tsv" >"$R"

## Command line
"$BIN" explain --help >"$T/ehelp" 2>&1; eq "explain --help exit" $? 0
grep -q 'smtplog explain \[--json\]' "$T/ehelp"; eq "explain in usage" $? 0
"$BIN" explain >/dev/null 2>&1; eq "explain without argument" $? 2
"$BIN" explain --inbound --outbound 554 >/dev/null 2>&1; eq "explain two directions" $? 2
"$BIN" explain --command FROB 554 >/dev/null 2>&1; eq "explain bad command" $? 2
"$BIN" scan --json x >/dev/null 2>&1; eq "--json outside explain" $? 2
"$BIN" scan --check x >/dev/null 2>&1; eq "--check outside rules" $? 2

## A code alone: the fallback advice, for each direction.
"$BIN" explain 554 >"$T/e554" 2>&1; eq "explain 554 exit" $? 0
eq "explain 554 both directions" "$(grep -c '^\(inbound\|outbound\) (' "$T/e554")" 2
grep -q 'base-554-inbound' "$T/e554"; eq "explain 554 inbound rule" $? 0
grep -q 'base-554-outbound' "$T/e554"; eq "explain 554 outbound rule" $? 0
"$BIN" explain --outbound 530 >"$T/e530" 2>&1
eq "explain --outbound one direction" "$(grep -c '^\(inbound\|outbound\) (' "$T/e530")" 1
grep -q 'who       local-admin' "$T/e530"; eq "explain 530 outbound: local admin acts" $? 0

## A reply line: parsed and classified.
"$BIN" explain --json "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org" >"$T/ej"
eq "explain reply exit" $? 0
eq "explain reply" "$(jq -r '[.code, .enhanced, .cause, .direction, .flagged, .advice.who] | join(" ")' "$T/ej")" \
    "554 5.7.1 blocklisted-ip inbound true sending-client"
eq "explain reply text" "$(jq -r .text "$T/ej")" \
    "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
"$BIN" explain --json --outbound "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org" >"$T/ej"
eq "explain reply outbound" "$(jq -r '[.cause, .direction, .advice.who] | join(" ")' "$T/ej")" \
    "blocklisted-ip outbound local-admin"
# qmail writes the enhanced code at the end; a DSN's "smtp;" prefix.
"$BIN" explain --json "502 unimplemented (#5.5.1)" "smtp; 550-5.7.1 no" "550" >"$T/ej"
eq "explain qmail enhanced" "$(jq -r -s '[.[] | .enhanced // "null"] | join(" ")' "$T/ej")" "5.5.1 5.7.1 null"
eq "explain flagged" "$(jq -r -s '[.[] | .flagged] | join(" ")' "$T/ej")" "true false false"
eq "explain bare code text" "$(jq -r -s '.[2].text' "$T/ej")" null

## Batch: one object per line; a line without a code is reported, the
## others are still explained, and the exit status says so.
printf '503 5.5.1 Error: need RCPT command\n\nnot a reply\n530 5.7.0 Must issue a STARTTLS command first\n' |
    "$BIN" explain --json --command DATA - >"$T/eb" 2>"$T/eb.err"
eq "explain batch exit" $? 1
eq "explain batch lines" "$(wc -l <"$T/eb")" 3
eq "explain batch error" "$(jq -r -s '[.[] | .error != null] | join(" ")' "$T/eb")" "false true false"
eq "explain batch causes" "$(jq -r -s '[.[] | .cause] | join(" ")' "$T/eb")" "bad-sequence  starttls-required"
eq "explain batch command" "$(jq -r -s '.[0].command' "$T/eb")" DATA
printf 'not a reply\n' | "$BIN" explain - >/dev/null 2>"$T/eb.err"
eq "explain text bad line exit" $? 1
grep -q -- '-:1: no reply code' "$T/eb.err"; eq "explain text bad line message" $? 0
"$BIN" explain 554 >/dev/full 2>/dev/null; eq "explain write error" $? 1

## The corpus of real replies.  Run explain once per (direction, command)
## group, in batch, and compare with the expected code, enhanced code,
## flag and cause of each line.
if [ ! -f "$R" ]; then
	ko "reply corpus not found at $R"
else
	: >"$T/corpus.got"
	: >"$T/corpus.want"
	tail -n +2 "$R" | cut -f5,6 | sort -u >"$T/groups"
	while IFS="$(printf '\t')" read -r dir cmd; do
		opt=""
		[ "$cmd" != "-" ] && opt="--command $cmd"
		tail -n +2 "$R" | awk -F'\t' -v d="$dir" -v c="$cmd" \
		    '$5 == d && $6 == c' >"$T/group"
		cut -f1 "$T/group" | "$BIN" explain --json "--$dir" $opt - >>"$T/corpus.got"
		cut -f1-4 "$T/group" >>"$T/corpus.want"
	done <"$T/groups"
	jq -r '[.code, (.enhanced // "-"), (.cause // "-"), .flagged] | @tsv' "$T/corpus.got" >"$T/corpus.got.tsv"
	n=$(wc -l <"$T/corpus.want")
	eq "corpus: one answer per reply" "$(wc -l <"$T/corpus.got.tsv")" "$n"
	# want: reply code enhanced cause | got: code enhanced cause flagged
	paste "$T/corpus.want" "$T/corpus.got.tsv" | awk -F'\t' -v out="$T/corpus.misses" '
	    BEGIN { fam = 0; ok = 0; causes = 0; good = 0 }
	    {
		f = ($2 == 500 || $2 == 502 || $2 == 503 || $2 == 530 || $2 == 554) ? "true" : "false"
		if ($5 == $2 && $6 == $3 && $8 == f) ok++
		else print "code: " $1 " -> " $5 " " $6 " " $8 > out
		fam++
		if ($4 != "-") {
			causes++
			if ($7 == $4) good++
			else print "cause: " $1 " -> " $7 " (want " $4 ")" > out
		}
	    }
	    END { printf "%d %d %d %d\n", ok, fam, good, causes }' >"$T/corpus.score"
	read -r code_ok code_n cause_ok cause_n <"$T/corpus.score"
	pct=$((cause_ok * 100 / cause_n))
	printf 'explain corpus: code family right %d/%d, cause right %d/%d (%d%%)\n' \
	    "$code_ok" "$code_n" "$cause_ok" "$cause_n" "$pct"
	[ -n "${EXPLAIN_MISSES:-}" ] && [ -f "$T/corpus.misses" ] && cat "$T/corpus.misses" >&2
	eq "corpus: code family right for every reply" "$code_ok" "$code_n"
	eq "corpus: cause right for at least 90%" "$([ "$pct" -ge 90 ] && echo yes || echo "no ($pct%)")" yes
	# At least 15 texts of each flagged code (the corpus's promise).
	for c in 500 502 503 530 554; do
		eq "corpus: 15 texts for $c" "$(tail -n +2 "$R" | awk -F'\t' -v c=$c '$2 == c' | sort -u | wc -l | awk '{print ($1 >= 15)}')" 1
	done
fi

## Languages: --lang gives the translated titles and advice where a
## translation file has them, English elsewhere and by default.  The
## French file ships in rules/ once complete, in rules/wip/ until then.
FR=$TOP/rules/lang-fr.json
[ -f "$FR" ] || FR=$TOP/rules/wip/lang-fr.json
"$BIN" explain --json --lang fr --rules "$FR" 554 >"$T/efr" 2>"$T/efr.err"
eq "explain --lang fr exit" $? 0
eq "explain --lang fr title" "$(jq -r -s '.[0].title' "$T/efr")" "Ce serveur a refusé la transaction (554)"
eq "explain --lang fr: lang" "$(jq -r -s '.[0].lang' "$T/efr")" fr
eq "explain --lang fr: who is not translated" "$(jq -r -s '.[0].advice.who' "$T/efr")" sending-client
"$BIN" explain --json --lang de --rules "$TOP/tests/data/rules/lang-de.json" 554 "554 5.7.1 <a@example.net>: Relay access denied" >"$T/ede1" 2>/dev/null
eq "explain --lang de: untranslated rule in English" "$(jq -r -s '.[1].title' "$T/ede1")" \
    "$("$BIN" explain --json "554 5.7.1 <a@example.net>: Relay access denied" | jq -r .title)"
eq "explain --lang de: langs" "$(jq -r -s 'map(.lang) | join(" ")' "$T/ede1")" "de en"
"$BIN" explain --json --lang de 554 >"$T/ede" 2>"$T/ede.err"
eq "explain --lang de exit" $? 0
grep -q "no rule file gives advice in 'de'" "$T/ede.err"; eq "explain --lang de warns" $? 0
eq "explain --lang de in English" "$(jq -r .title "$T/ede")" "This server refused the transaction (554)"
"$BIN" explain --lang 'fr!' 554 >/dev/null 2>&1; eq "explain bad --lang" $? 2
"$BIN" rules --check "$FR" >/dev/null 2>&1; eq "check the French file" $? 0
"$BIN" rules --check "$TOP/tests/data/rules/lang-bad.json" >/dev/null 2>"$T/lb.err"
eq "check a bad translation" $? 1
grep -q 'lang-bad.json:5: rule no-such-rule: no rule "no-such-rule" to translate' "$T/lb.err"; eq "check a bad translation message" $? 0
# A scan in French: a refusal no specific rule knows gets the French
# fallback advice.
printf 'Nov 22 09:00:01 mx postfix/smtpd[700]: connect from a[192.0.2.5]\nNov 22 09:00:02 mx postfix/smtpd[700]: NOQUEUE: reject: RCPT from a[192.0.2.5]: 554 5.7.1 Service unavailable; from=<s@example.org> to=<x@example.com> proto=ESMTP helo=<a>\nNov 22 09:00:03 mx postfix/smtpd[700]: disconnect from a[192.0.2.5]\n' >"$T/fr.log"
scan "$T/sfr" --year 2025 --lang fr --rules "$FR" "$T/fr.log"
eq "scan --lang fr exit" "$rc" 0
eq "scan --lang fr advice" "$(q "$T/sfr" '.[] | select(.type == "finding") | [.rule, .title] | join(" ")')" \
    "base-554-inbound Ce serveur a refusé la transaction (554)"
