# Part of tests/e2e.sh (sourced): load a scan's NDJSON into a real
# PostgreSQL (a throw-away cluster on a Unix socket in $T) with the files
# of examples/postgresql/, run the dashboard queries, and check their
# numbers against the scan's own summary and an independent jq count.
# .ci/deps test installs Debian's postgresql; without it the test is
# skipped with the reason.

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
	printf 'SKIP: PostgreSQL test: postgresql is not installed (make deps-test installs it)\n' >&2
elif [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
	printf 'SKIP: PostgreSQL test: no postgres user to run the server as\n' >&2
else
	PGD=$T/pg
	mkdir -p "$PGD"
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$T"
		chown postgres "$PGD"
		asdb() { runuser -u postgres -- "$@"; }
	else
		asdb() { "$@"; }
	fi
	EX=$TOP/examples/postgresql
	scan "$T/pg.nd" "$CORPUS/postfix-real/kdent-mail.log" "$CORPUS/postfix/grok-patterns-messages.log"
	chmod 644 "$T/pg.nd"
	asdb "$PGBIN/initdb" -D "$PGD/data" -A trust -U smtplog --no-sync >"$T/pg-init.log" 2>&1
	eq "postgres: initdb" $? 0
	asdb "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/server.log" -w \
	    -o "-k $PGD -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1
	eq "postgres: server started" $? 0
	# Stopped below; and by the exit trap if the tests are cut short.
	E2E_CLEANUP="$E2E_CLEANUP; asdb \"$PGBIN/pg_ctl\" -D \"$PGD/data\" -m immediate stop >/dev/null 2>&1"
	psqlq() { asdb "$PGBIN/psql" -X -q -h "$PGD" -U smtplog -d postgres -v ON_ERROR_STOP=1 "$@"; }
	psqlq -f "$EX/schema.sql" >"$T/pg-schema.out" 2>&1
	eq "postgres: schema.sql" $? 0
	psqlq -v file="$T/pg.nd" -f "$EX/load.sql" >"$T/pg-load.out" 2>&1
	eq "postgres: load.sql" $? 0
	cat "$T/pg-load.out" >&2
	sql() { psqlq -A -t -F ' ' "$@" 2>&1; }
	eq "postgres: every record loaded" "$(sql -c 'SELECT count(*) FROM smtplog')" "$(wc -l <"$T/pg.nd")"
	eq "postgres: findings = summary total" "$(sql -c "SELECT count(*) FROM smtplog WHERE type = 'finding'")" \
	    "$(q "$T/pg.nd" '.[-1].findings.total')"
	eq "postgres: top causes = summary by_cause" "$(sql -f "$EX/top_causes.sql" | awk '{ print $1, $2 }' | sort | tr '\n' ' ')" \
	    "$(q "$T/pg.nd" '.[-1].findings.by_cause[] | "\(.cause) \(.count)"' | sort | tr '\n' ' ')"
	eq "postgres: inferred = summary inferred" "$(sql -f "$EX/top_causes.sql" | awk '{ n += $3 } END { print n + 0 }')" \
	    "$(q "$T/pg.nd" '.[-1].findings.inferred')"
	eq "postgres: per hour by code = jq" "$(sql -f "$EX/findings_per_hour.sql" | awk '{ print substr($1, 1, 10) "T" substr($2, 1, 2), $3, $4 }' | sort | tr '\n' ' ')" \
	    "$(q "$T/pg.nd" '[.[] | select(.type == "finding")] | group_by([.timestamp[0:13], .code])[] | "\(.[0].timestamp[0:13]) \(.[0].code) \(length)"' | sort | tr '\n' ' ')"
	eq "postgres: per hour sums to the by_code total" "$(sql -f "$EX/findings_per_hour.sql" | awk '{ n += $4 } END { print n + 0 }')" \
	    "$(q "$T/pg.nd" '[.[-1].findings.by_code[].count] | add')"
	eq "postgres: top clients = jq" "$(sql -f "$EX/top_clients.sql" | awk '{ print $1, $2 }' | head -n 5 | tr '\n' ' ')" \
	    "$(q "$T/pg.nd" '[.[] | select(.type == "finding" and .direction == "inbound" and .peer_ip != null)] | group_by(.peer_ip) | map([.[0].peer_ip, length]) | sort_by(-.[1], .[0]) | .[0:5][] | "\(.[0]) \(.[1])"' | tr '\n' ' ')"
	asdb "$PGBIN/pg_ctl" -D "$PGD/data" -m fast -w stop >/dev/null 2>&1
	eq "postgres: server stopped" $? 0
	E2E_CLEANUP=:
fi
