# Part of tests/e2e.sh (sourced): the Debian package.  make deb builds it
# with Debian's tools (outside the tree: the tree stays as it was), then
# its files, lintian, the units (systemd-analyze verify in a scratch root
# holding the package), and the commands of the units run once from that
# root: the report over sample logs dated yesterday (then its mail), and
# the follower until its textfile and state file are written.  Each tool
# that is missing gives a SKIP line.  The unit tests are not run again in
# the package build (nocheck: make check ran them).

DB=$T/e2e95
mkdir -p "$DB"
VERSION=$(sed -n 's/^VERSION[[:space:]]*=[[:space:]]*//p' "$TOP/Makefile")

if [ -n "${SMTPLOG_E2E_NO_DEB:-}" ]; then
	printf 'SKIP: the package test (SMTPLOG_E2E_NO_DEB is set: an instrumented build)\n' >&2
elif ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! command -v dh >/dev/null 2>&1 ||
    ! command -v fakeroot >/dev/null 2>&1; then
	printf 'SKIP: the package test needs dpkg-dev, debhelper and fakeroot (make deps-test installs them as root)\n' >&2
else
	## The version of the package is the Makefile's.
	eq "debian/changelog version" "$(cd "$TOP" && dpkg-parsechangelog -S Version)" "$VERSION"

	## make deb, outside the tree; the tree's files are left as they were.
	state() { git -C "$TOP" status --porcelain --ignored 2>/dev/null | grep -v '^!! build/$' ; }
	git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1 && state >"$DB/before"
	t0=$(date +%s)
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL DEB_BUILD_OPTIONS="nocheck noddebs" \
	    make -s -C "$TOP" deb DEB_B="$DB/build" >"$DB/build.log" 2>&1
	rc=$?
	eq "make deb exit ($(grep -i 'error' "$DB/build.log" | head -n 3))" $rc 0
	printf 'e2e 95-deb: the package built in %ds\n' $(($(date +%s) - t0)) >&2
	DEB=$DB/build/smtplog_${VERSION}_$(dpkg --print-architecture).deb
	eq "the package" "$(test -s "$DEB" && echo yes)" yes
	if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		state >"$DB/after"
		eq "make deb leaves the tree as it was" "$(diff "$DB/before" "$DB/after" | grep '^[<>]' | head -n 3)" ""
	fi

	## Its files: the binary, the rules, the schema, the manual page, the
	## units, the report script, the settings, and the docs.
	dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort >"$DB/files"
	{
		printf '%s\n' /usr/bin/smtplog /usr/lib/smtplog/smtplog-report \
		    /etc/default/smtplog /usr/share/man/man1/smtplog.1.gz \
		    /lib/systemd/system/smtplog-follow.service \
		    /lib/systemd/system/smtplog-report.service \
		    /lib/systemd/system/smtplog-report.timer \
		    /usr/share/doc/smtplog/changelog.gz /usr/share/doc/smtplog/copyright \
		    /usr/share/doc/smtplog/install.md \
		    /usr/share/lintian/overrides/smtplog
		(cd "$TOP/rules" && ls *.json) | sed 's|^|/usr/share/smtplog/rules/|'
		(cd "$TOP/schema" && ls *.json) | sed 's|^|/usr/share/smtplog/schema/|'
	} | sort >"$DB/want"
	eq "package files ($(diff "$DB/want" "$DB/files" | grep '^[<>]' | head -n 4 | tr '\n' ' '))" \
	    "$(cmp -s "$DB/want" "$DB/files" && echo same)" same
	dpkg-deb -e "$DEB" "$DB/ctl"
	eq "conffiles" "$(cat "$DB/ctl/conffiles")" /etc/default/smtplog
	eq "depends" "$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/ *(.*//; s/^ *//' | sort | tr '\n' ' ')" \
	    "libc6 libjansson4 libpcre2-8-0 zlib1g "

	## lintian: no tag (the one kept is explained in the overrides file).
	if ! command -v lintian >/dev/null 2>&1; then
		printf 'SKIP: lintian is not installed (make deps-test installs it as root)\n' >&2
	else
		lintian --pedantic -I "$DB"/build/*.changes 2>&1 |
		    grep -v 'running with root privileges is not recommended' >"$DB/lintian"
		eq "lintian: $(head -n 5 "$DB/lintian" | tr '\n' ' ')" "$(wc -l <"$DB/lintian")" 0
	fi

	## Installed into a scratch root (no maintainer scripts run: dpkg -x).
	R=$DB/root
	dpkg -x "$DEB" "$R"
	eq "installed binary runs" "$(env -u SMTPLOG_RULES "$R/usr/bin/smtplog" --version)" "smtplog $VERSION"
	env -u SMTPLOG_RULES "$R/usr/bin/smtplog" rules >"$DB/rules" 2>&1
	eq "installed binary finds the installed rules" \
	    "$(awk 'NR > 1 && NF >= 5 { print $NF }' "$DB/rules" | sed 's|/[^/]*$||' | sort -u)" \
	    "$R/usr/bin/../share/smtplog/rules"

	## The units, checked by systemd against the scratch root (with the
	## host's own units beside them for the targets they name).
	if ! command -v systemd-analyze >/dev/null 2>&1 || [ ! -d /lib/systemd/system ]; then
		printf 'SKIP: systemd-analyze verify needs systemd\n' >&2
	else
		mkdir -p "$R/usr/lib/systemd"
		cp -R /lib/systemd/system "$R/usr/lib/systemd/"
		systemd-analyze verify --man=no --root="$R" "$R"/lib/systemd/system/smtplog-* \
		    >"$DB/verify" 2>&1
		eq "systemd-analyze verify exit" $? 0
		eq "systemd-analyze verify: $(head -n 3 "$DB/verify" | tr '\n' ' ')" "$(wc -c <"$DB/verify")" 0
	fi
	# unit_val UNIT KEY: a key's value in an installed unit.
	unit_val() { sed -n "s/^$2=//p" "$R/lib/systemd/system/$1"; }
	eq "report unit: daily timer" "$(unit_val smtplog-report.timer OnCalendar)" "*-*-* 01:30:00"
	eq "units: hardened" "$(for u in smtplog-report.service smtplog-follow.service; do
	    printf '%s %s %s %s|' "$(unit_val $u DynamicUser)" "$(unit_val $u ProtectSystem)" \
		"$(unit_val $u NoNewPrivileges)" "$(unit_val $u SupplementaryGroups)"; done)" \
	    "yes strict yes adm|yes strict yes adm|"

	## The report unit's command, with the settings of /etc/default/smtplog
	## (the values it documents, uncommented), over sample logs dated
	## yesterday and the day before; the report directory and the mail
	## command are this test's.
	mkdir -p "$DB/log" "$DB/reports"
	sed "s/^Nov 21/$(date -d '2 days ago' '+%b %e')/" "$TOP/samples/postfix/mail.log" >"$DB/log/mail.log.1"
	sed "s/^Nov 21/$(date -d yesterday '+%b %e')/" "$TOP/samples/postfix/mail.log" >"$DB/log/mail.log"
	printf '#!/bin/sh\ncat >"%s/mail.out"\n' "$DB" >"$DB/sendmail"
	chmod +x "$DB/sendmail"
	sed -n 's/^#\{0,1\}\(SMTPLOG_[A-Z_]*=.*\)$/\1/p' "$R/etc/default/smtplog" >"$DB/settings"
	eq "settings documented" "$(cut -d= -f1 "$DB/settings" | sort -u | tr '\n' ' ')" \
	    "SMTPLOG_FOLLOW_LOG SMTPLOG_FOLLOW_OPTS SMTPLOG_LANG SMTPLOG_REPORT_DIR SMTPLOG_REPORT_FORMATS SMTPLOG_REPORT_INPUTS SMTPLOG_REPORT_KEEP_DAYS SMTPLOG_REPORT_MAILTO SMTPLOG_REPORT_MAIL_COMMAND SMTPLOG_REPORT_OPTS SMTPLOG_REPORT_RANGE "
	# run_unit_cmd [VAR=VALUE]... CMD...: CMD with the settings in the
	# environment (as EnvironmentFile= reads them: VAR=value, quotes
	# around removed), then this test's and the VAR=VALUE given; the
	# binary is the scratch root's.
	run_unit_cmd() (
		while IFS= read -r kv; do
			v=${kv#*=}
			case $v in \"*\") v=${v#\"}; v=${v%\"} ;; esac
			export "${kv%%=*}=$v"
		done <"$DB/settings"
		export SMTPLOG_REPORT_INPUTS="$DB/log/mail.log*" SMTPLOG_REPORT_DIR="$DB/reports" \
		    SMTPLOG_REPORT_MAIL_COMMAND="$DB/sendmail -t -oi" SMTPLOG="$R/usr/bin/smtplog"
		unset SMTPLOG_RULES
		env "$@"
	)
	cmd=$(unit_val smtplog-report.service ExecStart)
	eq "report unit: ExecStart" "$cmd" /usr/lib/smtplog/smtplog-report
	run_unit_cmd "$R$cmd" </dev/null >"$DB/report.out" 2>"$DB/report.err"
	rc=$?
	eq "report command exit ($(head -n 3 "$DB/report.err" | tr '\n' ' '))" $rc 0
	DAY=$(date -d yesterday +%F)
	# (No smtplog-DAY.log: the scans had nothing to say.)
	eq "report files" "$(ls "$DB/reports" | tr '\n' ' ')" \
	    "smtplog-$DAY.html smtplog-$DAY.txt "
	# Yesterday's 7 findings of the sample; the day before's out of range.
	eq "report: yesterday's findings" \
	    "$(sed -n 's/^  findings *\([0-9]*\) .*/\1/p' "$DB/reports/smtplog-$DAY.txt")" 7
	eq "report: both files read" "$(sed -n 's/^  inputs *//p' "$DB/reports/smtplog-$DAY.txt")" 2
	eq "report: html" "$(grep -c '</html>' "$DB/reports/smtplog-$DAY.html")" 1
	eq "report: no colour" "$(grep -c "$(printf '\033')" "$DB/reports/smtplog-$DAY.txt")" 0
	# The mail step (ExecStopPost, "+": outside the sandbox).
	cmd=$(unit_val smtplog-report.service ExecStopPost)
	eq "report unit: ExecStopPost" "$cmd" "+/usr/lib/smtplog/smtplog-report mail"
	run_unit_cmd SMTPLOG_REPORT_MAILTO= $R${cmd#+} >/dev/null 2>&1
	eq "no mail without SMTPLOG_REPORT_MAILTO" "$(test -e "$DB/mail.out" && echo sent)" ""
	run_unit_cmd SERVICE_RESULT=success SMTPLOG_REPORT_MAILTO=postmaster $R${cmd#+} \
	    >/dev/null 2>"$DB/mail.err"
	eq "mail step exit" $? 0
	eq "mail headers" "$(sed -n '/^To:/p; /^Subject:/p' "$DB/mail.out" | sed 's/report for [^,]*,/report for HOST,/')" \
	    "$(printf 'To: postmaster\nSubject: smtplog report for HOST, %s' "$DAY")"
	eq "mail body is the report" "$(grep -c '^Mail report' "$DB/mail.out")" 1

	## The follower unit's command, its paths in the scratch root: it
	## writes the textfile at once and the position at the stop.
	cmd=$(unit_val smtplog-follow.service ExecStart)
	eq "follow unit: ExecStart" "$cmd" \
	    '/usr/bin/smtplog scan -F -q --state /var/lib/smtplog/follow.state --prom-file /run/smtplog/smtplog.prom $SMTPLOG_FOLLOW_OPTS ${SMTPLOG_FOLLOW_LOG}'
	mkdir -p "$R/var/lib/smtplog" "$R/run/smtplog"
	# shellcheck disable=SC2086
	set -- $(printf '%s\n' "$cmd" | sed -e "s|/var/lib/smtplog|$R/var/lib/smtplog|; s|/run/smtplog|$R/run/smtplog|" \
	    -e "s|^/|$R/|" -e 's|\$SMTPLOG_FOLLOW_OPTS|--format postfix|' -e "s|\${SMTPLOG_FOLLOW_LOG}|$DB/log/mail.log|")
	env -u SMTPLOG_RULES "$@" >/dev/null 2>"$DB/follow.err" &
	FPID=$!
	saved=$E2E_CLEANUP
	E2E_CLEANUP="kill $FPID 2>/dev/null; $E2E_CLEANUP"
	n=0
	while [ ! -s "$R/run/smtplog/smtplog.prom" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	eq "follower: textfile written" "$(grep -c '^smtplog_info{version="'"$VERSION"'"} 1$' "$R/run/smtplog/smtplog.prom")" 1
	kill -TERM "$FPID"
	wait "$FPID"
	rc=$?
	E2E_CLEANUP=$saved
	eq "follower: exit after SIGTERM ($(head -n 2 "$DB/follow.err"))" $rc 0
	eq "follower: position at the end of the log" \
	    "$(sed -n 's/^offset //p' "$R/var/lib/smtplog/follow.state")" "$(wc -c <"$DB/log/mail.log")"
fi
