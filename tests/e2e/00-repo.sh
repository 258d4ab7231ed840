# Part of tests/e2e.sh (sourced): the repository itself.  The root holds
# only the project's own files, and no tracked file over 2 MiB lives
# outside tests/corpus/ (real logs the tests read; large ones gzipped).

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
