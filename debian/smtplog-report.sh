#!/bin/sh
# smtplog-report - the daily report of smtplog-report.service.
#
#   smtplog-report        scan the mail logs over the range into the
#                         report directory, one file per format
#   smtplog-report mail   mail the text report of this run (the unit's
#                         ExecStopPost, outside the sandbox), or say that
#                         there is none
#
# Settings come from the environment (/etc/default/smtplog through the
# unit): SMTPLOG_REPORT_INPUTS, _RANGE, _FORMATS, _DIR, _KEEP_DAYS,
# _MAILTO, _MAIL_COMMAND, _OPTS and SMTPLOG_LANG; SMTPLOG names the binary.
# The report is named after the day before the run: smtplog-YYYY-MM-DD.
set -u

SMTPLOG=${SMTPLOG:-/usr/bin/smtplog}
inputs=${SMTPLOG_REPORT_INPUTS:-}
range=${SMTPLOG_REPORT_RANGE:---since yesterday --until today}
formats=${SMTPLOG_REPORT_FORMATS:-text html}
dir=${SMTPLOG_REPORT_DIR:-/var/lib/smtplog/reports}
keep=${SMTPLOG_REPORT_KEEP_DAYS:-30}
mailto=${SMTPLOG_REPORT_MAILTO:-}
mailcmd=${SMTPLOG_REPORT_MAIL_COMMAND:-/usr/sbin/sendmail -t -oi}
lang=${SMTPLOG_LANG:-}
opts=${SMTPLOG_REPORT_OPTS:-}
day=$(date -d yesterday +%F)
base=$dir/smtplog-$day

say() { printf 'smtplog-report: %s\n' "$*" >&2; }

# mail_report - the text report (and the run's messages) to $mailto.
mail_report() {
	[ -n "$mailto" ] || return 0
	host=$(hostname -f 2>/dev/null || hostname)
	if [ -s "$base.txt" ]; then
		subject="smtplog report for $host, $day"
	else
		subject="smtplog report for $host, $day: not made"
	fi
	[ "${SERVICE_RESULT:-success}" = success ] ||
	    subject="$subject (${SERVICE_RESULT:-}, see journalctl -u smtplog-report)"
	{
		printf 'To: %s\nSubject: %s\nMIME-Version: 1.0\n' "$mailto" "$subject"
		printf 'Content-Type: text/plain; charset=utf-8\n'
		printf 'Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n'
		if [ -s "$base.log" ]; then
			cat "$base.log"
			printf '\n'
		fi
		if [ -s "$base.txt" ]; then
			cat "$base.txt"
		else
			printf 'No report was written; see journalctl -u smtplog-report.\n'
		fi
	} | $mailcmd
}

if [ "${1:-}" = mail ]; then
	mail_report || { say "mail to $mailto failed ($mailcmd)"; exit 1; }
	exit 0
fi

mkdir -p "$dir" || exit 1
status=0
: >"$base.log"
for fmt in $formats; do
	case $fmt in
	text) ext=txt ;;
	html) ext=html ;;
	json) ext=json ;;
	*) say "unknown format '$fmt' in SMTPLOG_REPORT_FORMATS (text, html, json)"
	   status=1; continue ;;
	esac
	# The inputs and options stay unquoted: each a word (patterns are
	# expanded here, by the shell).
	# shellcheck disable=SC2086
	"$SMTPLOG" scan -o "$fmt" --color never ${lang:+--lang "$lang"} \
	    $range $opts $inputs >"$base.$ext.tmp" 2>>"$base.log" </dev/null
	rc=$?
	# A scan that had trouble (exit 1) still wrote its report.
	if [ "$rc" -le 1 ] && [ -s "$base.$ext.tmp" ]; then
		mv "$base.$ext.tmp" "$base.$ext"
	else
		rm -f "$base.$ext.tmp"
	fi
	[ "$rc" -eq 0 ] || status=1
done
# The messages of the scans (the inputs chosen, problems), each once:
# kept beside the report, and in the journal.
awk '!seen[$0]++' "$base.log" >"$base.log.tmp" && mv "$base.log.tmp" "$base.log"
cat "$base.log" >&2
[ -s "$base.log" ] || rm -f "$base.log"
if [ "$keep" -gt 0 ] 2>/dev/null; then
	find "$dir" -maxdepth 1 -type f -name 'smtplog-*' -mtime +"$keep" -delete
fi
exit "$status"
