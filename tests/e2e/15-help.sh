# Part of tests/e2e.sh (sourced): the help texts and the manual page
# agree with the code and with each other.  Options come from cli.c's
# longopts table and getopt string, commands from the overview's COMMANDS
# list, record fields from schema/*.schema.json: a new option, command or
# field that is not documented fails here.  doc/smtplog.1 is the reference;
# each command's --help is a one-screen synopsis that lists exactly the
# options the man page gives that command.  Then make install (DESTDIR,
# PREFIX=/usr) and make uninstall.

H=$T/e2e15
mkdir -p "$H"
MAN=$TOP/doc/smtplog.1
# The man page's text with the escapes that matter here removed: \- is a
# hyphen, \fB \fI \fR \fP change the font, \(dq is a double quote.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(dq/"/g' "$MAN" >"$H/man.txt"

## The overview: smtplog --help, smtplog help and smtplog help help agree.
"$BIN" --help >"$H/overview" 2>"$H/overview.err"
eq "--help exit" $? 0
"$BIN" help >"$H/help0" 2>&1
eq "help exit" $? 0
"$BIN" help help >"$H/help1" 2>&1
eq "help help exit" $? 0
cmp -s "$H/overview" "$H/help0"; eq "help is --help" $? 0
cmp -s "$H/overview" "$H/help1"; eq "help help is --help" $? 0
cmds=$(sed -n '/^COMMANDS$/,/^$/p' "$H/overview" | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
for c in scan explain rules merge help; do
	case " $(echo $cmds) " in
	*" $c "*) ok ;;
	*) ko "overview COMMANDS lacks $c (has: $(echo $cmds))" ;;
	esac
done

# help_opts FILE: the options a synopsis lists: from each line that starts
# with a dash, the option column (up to two spaces), e.g. "-o, --output FMT"
# or "--since TIME, --until TIME".
help_opts() {
	sed -n '/^ *-/{s/^ *//;s/  .*//;p;}' "$1" |
	    grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[ ,]*//' | sort -u
}
# man_opts SECTION: the options of the man page's ".SS SECTION": the
# words starting with a dash on each .TP heading line.
man_opts() {
	awk -v sec="$1" '/^\.S[SH] / { on = ($0 == ".SS " sec); next }
	    on && tp { print; tp = 0; next }
	    on && /^\.TP/ { tp = 1 }' "$H/man.txt" |
	    grep -oE '(^|[ "])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[ "]*//' | sort -u
}

## Each command: COMMAND --help and help COMMAND, the same text: a synopsis
## that fits one screen (24 lines of 80 columns), starts with its usage
## line, ends with a pointer to the man page, and lists exactly the options
## of the man page's "Options of COMMAND" and "Options of every command";
## and a place in the man page's COMMANDS.
sed -n '/^\.SH COMMANDS/,/^\.SH OPTIONS/p' "$H/man.txt" >"$H/man.cmds"
man_opts "Options of every command" >"$H/man.every"
eq "man page: options of every command parsed (-h, --help, -V, --version)" "$(wc -l <"$H/man.every")" 4
: >"$H/all"
for c in $cmds; do
	"$BIN" "$c" --help >"$H/$c.a" 2>"$H/$c.a.err"
	eq "$c --help exit" $? 0
	"$BIN" help "$c" >"$H/$c.b" 2>"$H/$c.b.err"
	eq "help $c exit" $? 0
	cmp -s "$H/$c.a" "$H/$c.b"; eq "$c --help is help $c" $? 0
	eq "$c help: nothing on stderr" "$(cat "$H/$c.a.err" "$H/$c.b.err")" ""
	grep -q "^usage: smtplog $c" "$H/$c.a" ||
	    [ "$c" = help ]; eq "$c help starts with its usage" $? 0
	eq "$c help fits 24 lines" "$(awk 'END { print (NR <= 24) }' "$H/$c.a")" 1
	eq "$c help lines over 80 columns" "$(awk 'length > 80' "$H/$c.a")" ""
	tail -n 1 "$H/$c.a" | grep -q 'smtplog(1)'; eq "$c help ends pointing at smtplog(1)" $? 0
	grep -q "^\.B $c\$" "$H/man.cmds"; eq "man page COMMANDS has $c" $? 0
	help_opts "$H/$c.a" >"$H/$c.hopts"
	if [ "$c" = help ]; then
		cp "$H/man.every" "$H/$c.mopts"
	else
		man_opts "Options of $c" | sort -u - "$H/man.every" >"$H/$c.mopts"
		eq "man page has options of $c" "$([ "$(wc -l <"$H/$c.mopts")" -gt 4 ] && echo yes)" yes
	fi
	eq "$c: options in --help, not in the man page's" \
	    "$(echo $(comm -23 "$H/$c.hopts" "$H/$c.mopts"))" ""
	eq "$c: options in the man page, not in --help" \
	    "$(echo $(comm -13 "$H/$c.hopts" "$H/$c.mopts"))" ""
	cat "$H/$c.a" >>"$H/all"
done

## Every long option of cli.c's table is in the man page and in the help
## of at least one command (cli.c has 21 today: the parse must find many).
longs=$(sed -n '/longopts\[\] = {/,/{ NULL, 0, NULL, 0 }/p' "$TOP/analyzer/cmd/cli.c" |
    sed -n 's/^[[:space:]]*{ "\([a-z0-9-]*\)",.*/\1/p')
eq "longopts parsed from cli.c" "$([ "$(echo $longs | wc -w)" -ge 20 ] && echo yes)" yes
miss_help= miss_man=
for o in $longs; do
	grep -q -e "--$o\([^a-z0-9-]\|\$\)" "$H/all" || miss_help="$miss_help --$o"
	grep -q -e "--$o\([^a-z0-9-]\|\$\)" "$H/man.txt" || miss_man="$miss_man --$o"
done
eq "long options missing from every help text" "$miss_help" ""
eq "long options missing from the man page" "$miss_man" ""
# The short options of the getopt string, as "-x, --long" in both.
shorts=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$TOP/analyzer/cmd/cli.c" | tr -d ':')
eq "getopt string parsed from cli.c" "$([ ${#shorts} -ge 5 ] && echo yes)" yes
miss_help= miss_man=
for s in $(printf '%s' "$shorts" | sed 's/./& /g'); do
	grep -q -e "\(^ *\|, \)-$s, --" "$H/all" || miss_help="$miss_help -$s"
	grep -q -e "-$s \", \" --" "$H/man.txt" || miss_man="$miss_man -$s"
done
eq "short options missing from every help text" "$miss_help" ""
eq "short options missing from the man page" "$miss_man" ""

## The environment the code reads (getenv in analyzer/ and rules/) is in
## the man page, and the user-facing variables in scan's help.
envs=$(grep -ho 'getenv("[A-Z_]*")' "$TOP"/analyzer/*/*.c "$TOP"/rules/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u)
miss_man=
for v in $envs; do
	sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$H/man.txt" | grep -q "^\.B $v\$" || miss_man="$miss_man $v"
done
eq "getenv variables missing from the man page's ENVIRONMENT" "$miss_man" ""

## Every field of the finding and summary records (schema/) is in the man
## page's OUTPUT section.
sed -n '/^\.SH OUTPUT/,/^\.SH RULE FILES/p' "$H/man.txt" >"$H/man.out"
fields=$(jq -r '[.. | objects | .properties? // empty | keys[]] | unique[]' \
    "$TOP/schema/finding.schema.json" "$TOP/schema/summary.schema.json" | sort -u)
eq "schema fields parsed" "$([ "$(echo $fields | wc -w)" -ge 40 ] && echo yes)" yes
miss=
for f in $fields; do
	grep -q "\(^\|[^a-z_]\)$f\([^a-z_]\|\$\)" "$H/man.out" || miss="$miss $f"
done
eq "schema fields missing from the man page's OUTPUT" "$miss" ""

## The man page's sections.
for sec in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS OUTPUT "RULE FILES" \
    "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	grep -q "^\.SH \"*$sec\"*\$" "$MAN"; eq "man page has $sec" $? 0
done

## An unknown command's help: exit 2, said, nothing on stdout.
"$BIN" help nosuch >"$H/nosuch" 2>"$H/nosuch.err"
eq "help nosuch exit" $? 2
eq "help nosuch message" "$(sed -n 1p "$H/nosuch.err" | sed 's/ (.*//')" "smtplog: no help for 'nosuch'"
eq "help nosuch: nothing on stdout" "$(wc -c <"$H/nosuch")" 0

## The man page lints clean.
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T lint -W warning "$MAN" >"$H/lint" 2>&1
	eq "man page lint (mandoc): $(head -n 3 "$H/lint")" "$(wc -c <"$H/lint")" 0
elif command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$MAN" >"$H/lint" 2>&1
	eq "man page lint (groff -ww) exit" $? 0
	eq "man page lint (groff -ww): $(head -n 3 "$H/lint")" "$(wc -c <"$H/lint")" 0
else
	printf 'SKIP: man page lint needs groff or mandoc (make deps-test installs groff-base)\n' >&2
fi

## make install into a staging DESTDIR with PREFIX=/usr: the binary, every
## rule file and the man page.  A plain `make` of the tree, in its own
## environment (not this run's MAKEFLAGS), building into a directory of
## its own (B): built in the tree's build/, the objects that hold the
## rules directory became PREFIX's, and a later `make` in the tree could
## link a binary of both prefixes.
I=$H/stage
VERSION=$(sed -n 's/^VERSION[[:space:]]*=[[:space:]]*//p' "$TOP/Makefile")
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -C "$TOP" install B="$H/build" \
    DESTDIR="$I" PREFIX=/usr >"$H/install.out" 2>&1
rc=$?
eq "make install exit ($(tail -n 3 "$H/install.out"))" $rc 0
[ -x "$I/usr/bin/smtplog" ]; eq "installed bin/smtplog" $? 0
[ -f "$I/usr/share/man/man1/smtplog.1" ]; eq "installed share/man/man1/smtplog.1" $? 0
eq "installed rule files" "$(cd "$I/usr/share/smtplog/rules" 2>/dev/null && ls *.json | tr '\n' ' ')" \
    "$(cd "$TOP/rules" && ls *.json | tr '\n' ' ')"
eq "installed man page: version" "$(sed -n 's/^\.TH SMTPLOG 1 "[^"]*" "\([^"]*\)".*/\1/p' "$I/usr/share/man/man1/smtplog.1")" "smtplog $VERSION"
grep -q '^\.I /usr/share/smtplog/rules/\*\.json$' "$I/usr/share/man/man1/smtplog.1"
eq "installed man page: FILES names PREFIX's rules" $? 0
eq "installed binary --version" "$(env -u SMTPLOG_RULES "$I/usr/bin/smtplog" --version)" "smtplog $VERSION"
# The rules directory compiled in is PREFIX's (rules --help prints it) ...
"$I/usr/bin/smtplog" rules --help | grep -q '^/usr/share/smtplog/rules\.$'
eq "installed binary: compiled-in rules dir is /usr/share/smtplog/rules" $? 0
# ... but under DESTDIR that one does not exist yet: the binary finds the
# staged rules as ../share/smtplog/rules beside itself.
env -u SMTPLOG_RULES "$I/usr/bin/smtplog" rules >"$H/irules" 2>"$H/irules.err"
eq "installed binary finds its rules (SMTPLOG_RULES unset)" $? 0
eq "installed binary's rules come from the staged tree" \
    "$(awk 'NR > 1 && NF >= 5 { print $NF }' "$H/irules" | sed 's|/[^/]*$||' | sort -u)" \
    "$I/usr/bin/../share/smtplog/rules"
env -u SMTPLOG_RULES "$I/usr/bin/smtplog" explain --json 554 >"$H/iexpl" 2>&1
eq "installed binary explains" "$(jq -r '.rule_file | sub(".*/"; "")' "$H/iexpl")" 00-base.json
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" uninstall DESTDIR="$I" PREFIX=/usr \
    >"$H/uninstall.out" 2>&1
eq "make uninstall exit" $? 0
eq "make uninstall leaves no file" "$(find "$I" -type f | wc -l)" 0
