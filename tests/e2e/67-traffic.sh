# Part of tests/e2e.sh (sourced): the traffic report (core/traffic.c)
# against the tools admins read it from: pflogsumm's Grand Totals on the
# real Postfix logs, eximstats' totals on the Exim logs (each within 1 %,
# when the tool is installed: .ci/deps installs both best effort); the
# days and hours add up to the totals; --top; -j gives the serial counts;
# the text report's period, traffic section and width.

TR=$T/traffic
mkdir -p "$TR"

# tsum FILE... : the summary's traffic object of a scan, on one line.
tsum() { "$BIN" scan -q -o summary-json "$@" 2>/dev/null | jq -c '.traffic'; }

# near NAME GOT WANT UNIT: GOT / UNIT within 1 % of WANT (pflogsumm shows
# large counts in k and m, cut to whole units: one unit of slack too).
near() {
	if awk -v g="$2" -v w="$3" -v u="$4" 'BEGIN {
		d = g / u - w; if (d < 0) d = -d
		exit !(d <= w / 100 || (u > 1 && d < 1))
	}'; then ok; else ko "$1: got $2 (/$4), want $3 within 1 %"; fi
}

## pflogsumm's Grand Totals, line by line, as "name value unit".
pflog_totals() {
	gzip -cdf "$1" | pflogsumm 2>/dev/null | awk '
	function put(name, v,   u) {
		u = 1
		if (v ~ /k$/) u = 1024
		if (v ~ /m$/) u = 1048576
		sub(/[km]$/, "", v)
		print name, v, u
	}
	/^Grand Totals/ { g = 1 } /^Per-/ { g = 0 }
	!g { next }
	/ received$/ && !/bytes/ { put("received", $1) }
	/ delivered$/ && !/bytes/ { put("delivered", $1) }
	/ forwarded$/ { put("forwarded", $1) }
	/ deferred/ {
		put("deferred", $1)
		n = 0
		if (match($0, /\([0-9]+[km]? +deferrals/)) { s = substr($0, RSTART + 1); split(s, a, " "); n = a[1] }
		put("deferrals", n)
	}
	/ bounced$/ { put("bounced", $1) }
	/ rejected \(/ { put("rejected", $1) }
	/ reject warnings$/ { put("reject_warnings", $1) }
	/ held$/ { put("held", $1) }
	/ discarded \(/ { put("discarded", $1) }
	/ bytes received$/ { put("bytes_received", $1) }
	/ bytes delivered$/ { put("bytes_delivered", $1) }
	/ senders$/ { put("senders", $1) }
	/ sending hosts\/domains$/ { put("sending_domains", $1) }
	/ recipients$/ { put("recipients", $1) }
	/ recipient hosts\/domains$/ { put("recipient_domains", $1) }'
}

PFREAL=$(ls "$CORPUS"/postfix-real/* 2>/dev/null)
if command -v pflogsumm >/dev/null 2>&1; then
	for f in $PFREAL; do
		b=${f##*/}
		tsum "$f" >"$TR/$b.t"
		pflog_totals "$f" >"$TR/$b.pf"
		eq "pflogsumm $b: 16 grand totals read" "$(wc -l <"$TR/$b.pf")" 16
		while read -r name want unit; do
			near "pflogsumm $b $name" "$(jq ".$name" "$TR/$b.t")" "$want" "$unit"
		done <"$TR/$b.pf"
	done
	# Where pflogsumm counts otherwise (postfix/grok-patterns-messages.log,
	# one made-up line per case; doc/output.md): its delivery pattern
	# wants to=<...> in angle brackets and delays= right before dsn= (a
	# bare address, or tls= between them, is not a delivery for it), and
	# it skips to= lines of smtpd; it counts no smtpd milter-reject or
	# proxy-reject.  smtplog counts all of them.
	G=$CORPUS/postfix/grok-patterns-messages.log
	if [ -f "$G" ]; then
		tsum "$G" >"$TR/grok.t"
		pflog_totals "$G" >"$TR/grok.pf"
		eq "pflogsumm grok: delivered + the 7 it does not read" \
		    "$(awk '$1 == "delivered" { print $2 + 7 }' "$TR/grok.pf")" "$(jq .delivered "$TR/grok.t")"
		eq "pflogsumm grok: rejected + milter-reject and 2 proxy-reject of smtpd" \
		    "$(awk '$1 == "rejected" { print $2 + 3 }' "$TR/grok.pf")" "$(jq .rejected "$TR/grok.t")"
	fi
else
	printf 'SKIP: traffic vs pflogsumm needs pflogsumm (sh .ci/deps test installs it)\n' >&2
fi

## eximstats: received (<= lines), delivered (its delivered "Addresses":
## => and ->, one per recipient as smtplog counts), rejects (lines with
## "rejected", "refused" or "dropped", temporary ones too).
EXIMSTATS=$(command -v eximstats 2>/dev/null || { [ -x /usr/sbin/eximstats ] && echo /usr/sbin/eximstats; })
exim_totals() {
	"$EXIMSTATS" -txt -nr -nt -t0 -h0 -ne -nvr "$1" 2>/dev/null | awk '
	/^  Received / { r = $3 } /^  Delivered / { d = $4 }
	/^  Rejects / { j = $2 } /^  Temp Rejects / { t = $3 }
	END { print r + 0, d + 0, j + t }'
}
# Known differences, each the count eximstats gives beyond smtplog's:
#   0227, 0376, 0578 (log and rejectlog): 1, a "sender verify defer" line
#     whose callout error says "Connection refused" (a note, no reject);
#   0453: 2, 0637: 1, "SMTP call ... dropped: too many syntax or protocol
#     errors" lines, after the rejects that led to them;
#   0536 (log and rejectlog): 2, "rejected by non-SMTP ACL": a local
#     submission, no SMTP reply;
#   0612: 2, a delivery failure (**) and an event line whose remote reply
#     says "rejected".
exim_known() {
	case ${1##*/} in
	*-0227|*-0376|*-0578|*-0637) echo 1 ;;
	*-0453|*-0536|*-0612) echo 2 ;;
	*) echo 0 ;;
	esac
}
if [ -n "$EXIMSTATS" ]; then
	for f in "$CORPUS"/exim-real/* "$CORPUS"/exim/*; do
		[ -f "$f" ] || continue
		b=${f##*/}
		# eximstats reads Exim's own date at the start of the line:
		# syslog'd lines without it are not read at all.
		if ! grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' "$f"; then
			printf 'SKIP: eximstats reads no line of %s (syslog lines without Exim'"'"'s own date)\n' "$b" >&2
			continue
		fi
		set -- $(exim_totals "$f")
		tsum "$f" >"$TR/$b.t"
		near "eximstats $b rejected" "$(($(jq .rejected "$TR/$b.t") + $(exim_known "$f")))" "$3" 1
		# eximstats takes the 16-character ids of Exim before 4.97 at
		# fixed columns: it counts no arrival or delivery of a log of
		# 4.97 ids (the test suite's 10HmaX-000000005vi-0000).
		grep -qE '^[0-9-]+ [0-9:]+ [0-9A-Za-z]{6}-[0-9A-Za-z]{11}-[0-9A-Za-z]{4} ' "$f" && continue
		near "eximstats $b received" "$(jq .received "$TR/$b.t")" "$1" 1
		near "eximstats $b delivered" "$(jq .delivered "$TR/$b.t")" "$2" 1
	done
	X=$CORPUS/exim-real/ddgrey-mainlog
	if [ -f "$X" ]; then
		# Volumes too: eximstats -nvr prints bytes.
		"$EXIMSTATS" -txt -nr -nt -t0 -h0 -ne -nvr "$X" 2>/dev/null |
		    awk '/^  Received / { print "bytes_received", $2 } /^  Delivered / { print "bytes_delivered", $2 }' >"$TR/ddgrey.vol"
		while read -r name want; do
			near "eximstats ddgrey $name" "$(jq ".$name" "$TR/ddgrey-mainlog.t")" "$want" 1
		done <"$TR/ddgrey.vol"
	fi
else
	printf 'SKIP: traffic vs eximstats needs eximstats (sh .ci/deps test extracts it from exim4-base)\n' >&2
fi

## The days and the hours add up to the totals (deferred per day is
## deferral lines), on every real log and the merge of two.
for f in $PFREAL "$CORPUS"/exim-real/*; do
	[ -f "$f" ] || continue
	b=${f##*/}
	tsum "$f" >"$TR/$b.sum"
	eq "by_day adds up: $b" "$(jq -c '[.received, .delivered, .deferrals, .bounced, .rejected] == ([.by_day[] | [.received, .delivered, .deferred, .bounced, .rejected]] | transpose | map(add // 0))' "$TR/$b.sum")" true
	eq "by_hour adds up: $b" "$(jq -c '[.received, .delivered, .deferrals, .bounced, .rejected] == ([.by_hour[] | [.received, .delivered, .deferred, .bounced, .rejected]] | transpose | map(add))' "$TR/$b.sum")" true
done
K=$CORPUS/postfix-real/kdent-mail.log
N=$CORPUS/postfix-real/nole-mail.log
if [ -f "$K" ] && [ -f "$N" ]; then
	# Two logs months apart: 2 days (the one of kdent, the two of nole)
	# or more, in order.
	tsum --year 2016 "$K" "$N" >"$TR/two.sum"
	eq "by_day of two logs: days in order" "$(jq '[.by_day[].day] | . == sort' "$TR/two.sum")" true
	eq "by_day of two logs adds up" "$(jq -c '[.received, .delivered] == ([.by_day[] | [.received, .delivered]] | transpose | map(add))' "$TR/two.sum")" true
	## -j: each file's counts merged in input order give the serial counts.
	"$BIN" scan -q -o summary-json -j 2 --year 2016 "$K" "$N" 2>/dev/null | jq -c '.traffic | del(.top)' >"$TR/j2.sum"
	jq -c 'del(.top)' "$TR/two.sum" >"$TR/j1.sum"
	cmp -s "$TR/j1.sum" "$TR/j2.sum"
	eq "-j 2 traffic = serial traffic" $? 0

	## --top: at most N items a list, none with 0; a bad N is refused.
	"$BIN" scan -q -o summary-json --top 3 "$K" | jq -c '[.traffic.top | .senders, .recipients, .sending_hosts, .recipient_domains, .deferral_reasons, .bounce_reasons | length] | max' >"$TR/top3"
	eq "--top 3" "$(cat "$TR/top3")" 3
	eq "--top 0: no lists" "$("$BIN" scan -q -o summary-json --top 0 "$K" | jq -c '[.traffic.top | .senders, .recipients, .sending_hosts | length] | add')" 0
	"$BIN" scan -q --top 1001 "$K" >/dev/null 2>&1; eq "--top 1001 is a usage error" $? 2
	"$BIN" scan -q --width 10 "$K" >/dev/null 2>&1; eq "--width 10 is a usage error" $? 2
	"$BIN" trace --top 3 x "$K" >/dev/null 2>&1; eq "--top outside scan" $? 2
	# kdent-mail.log: the recipients, by grep; the top recipient domain
	# is seaglass.com with 490 deliveries (of 504; 13 to
	# conch.seaglass.com, 1 to peek.org), 2 of them to SEAGLASS.COM: the
	# domain counts in lower case.
	eq "kdent: top recipient domain" "$(jq -r '.top.recipient_domains[0] | "\(.domain) \(.delivered)"' "$TR/kdent-mail.log.sum")" \
	    "seaglass.com $(grep 'status=sent' "$K" | grep -ic 'to=<[^>]*@seaglass.com>')"

	## The text report: the period first, then the traffic, then the
	## scan; fitted to --width, no line of the traffic part wider.
	# Its year: the file time says the year of the checkout, its own
	# Message-IDs (message-id=<20151022114109.68AF424356@conch...>, line
	# 520) say 2015.
	"$BIN" scan -q --width 60 "$K" >"$TR/k.txt" 2>"$TR/k.err"
	# 60 columns: the version goes to the second line.
	eq "text: period on the first line" "$(head -n 2 "$TR/k.txt" | tr '\n' ' ')" \
	    "Mail report, 2015-10-22 02:13:41 .. 2015-10-22 17:10:03 UTC (smtplog $("$BIN" --version | head -n 1 | cut -d' ' -f2)) "
	eq "text: the year's note" "$(sed -n 3p "$TR/k.txt")" "note: the year 2015 comes from the logs' own Message-IDs,"
	eq "text: the note is in the report, not on stderr" "$(cat "$TR/k.err")" ""
	eq "text: traffic before the scan" "$(grep -nE '^(Traffic|Scan)$' "$TR/k.txt" | cut -d: -f2 | tr '\n' ' ')" "Traffic Scan "
	eq "text: received as counted" "$(sed -n 's/^ *\([0-9]*\)  received$/\1/p' "$TR/k.txt")" "$(jq .received "$TR/kdent-mail.log.sum")"
	eq "text: a row per day" "$(grep -c '^  2015-10-22 ' "$TR/k.txt")" 1
	eq "text: traffic lines fit 60 columns" \
	    "$(sed -n '/^Traffic$/,/^Scan$/p' "$TR/k.txt" | awk 'length > 60' | wc -l)" 0
	COLUMNS=70 "$BIN" scan -q "$K" 2>/dev/null | sed -n '/^Deferral reasons$/,/^$/p' >"$TR/k70.txt"
	eq "text: COLUMNS sets the width off a terminal" "$(awk 'length > 70' "$TR/k70.txt" | wc -l)" 0
	eq "text: a long reason is wrapped, not cut" "$(grep -c 'drozta.us' "$TR/k70.txt")" 1
fi

## On a terminal, the progress line is erased before a warning, so that
## the warning starts its own line: a pipe that writes for over a second
## shows the line, then the missing second input is said.  The pipe is a
## FIFO named as the input, so that the writer's pauses start when the
## scan opens it, after its start-up (slow under valgrind): written into
## an anonymous pipe during a long start-up, the whole input was there at
## once and the scan never took a second.
if command -v script >/dev/null 2>&1 && command -v mkfifo >/dev/null; then
	S1=$TOP/samples/postfix/mail.log
	rm -f "$TR/tty.fifo"
	mkfifo "$TR/tty.fifo"
	script -qfec "sh -c '(cat $S1; sleep 1.3; cat $S1; sleep 1.1; cat $S1) >$TR/tty.fifo & $BIN scan -o json --year 2025 --keep-order $TR/tty.fifo $TR/nosuchfile >/dev/null'" /dev/null >"$TR/tty.out" 2>&1
	# A writer still waiting for a reader (the scan failed early) ends.
	: <>"$TR/tty.fifo"
	eq "progress shown on a terminal" "$(cat -v "$TR/tty.out" | grep -c 'lines/s')" 1
	eq "progress erased before a warning" "$(cat -v "$TR/tty.out" | grep -c '\^M\^\[\[Ksmtplog: [^ ]*nosuchfile: No such file')" 1
else
	printf 'SKIP: progress line test needs script(1) (util-linux) and mkfifo\n' >&2
fi
