# Part of tests/e2e.sh (sourced): the repository itself.  The root holds
# only the project's own files, and no tracked file over 2 MiB lives
# outside tests/corpus/ (real logs the tests read; large ones gzipped).
# README.md stays a newcomer's page (at most 16 KiB; the reference is in
# doc/), and no document is a work diary: no issue, session or commit
# references in README.md or doc/ (history lives in git).

ROOT_ALLOWED=' .ci .gitignore LICENSE Makefile README.md analyzer bench debian doc examples parsers rules samples schema tests '
if ! command -v git >/dev/null 2>&1 ||
    ! git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	printf 'SKIP: repository checks need git and a git checkout\n' >&2
else
	git -C "$TOP" ls-files >"$T/ls-files"
	stray=$(sed 's|/.*||' "$T/ls-files" | sort -u | while read -r f; do
		case $ROOT_ALLOWED in *" $f "*) ;; *) printf '%s ' "$f" ;; esac
	done)
	eq "root holds only project files" "$stray" ""
	big=$(cd "$TOP" && while read -r f; do
		case $f in tests/corpus/*) continue ;; esac
		[ -f "$f" ] && [ "$(wc -c <"$f")" -gt 2097152 ] && printf '%s ' "$f"
	done <"$T/ls-files")
	eq "no tracked file over 2 MiB outside tests/corpus" "$big" ""
	eq "licence file" "$(test -s "$TOP/LICENSE" && echo yes)" yes
fi

## The documents, with or without git.
eq "README.md at most 16384 bytes" "$(test "$(wc -c <"$TOP/README.md")" -le 16384 && echo yes)" yes
# "issue 7", "issues #7 and #9", "#12" (but not qmail's "(#5.7.1)" or an
# HTML "&#39;"), "session 5", "session-5", "commit 7ead353".
diary=$(grep -n -E -i -e 'issues? #?[0-9]' -e '(^|[^&(0-9a-z])#[0-9]+([^.0-9]|$)' \
    -e '(^|[^a-z])session[ -][0-9]+([^0-9]|$)' -e 'commit [0-9a-f]{7,}' \
    "$TOP/README.md" "$TOP"/doc/*.md "$TOP/doc/smtplog.1" | sed "s|^$TOP/||" | head -n 5)
eq "issue, session or commit references in README.md and doc/" "$diary" ""
