# Part of tests/e2e.sh (sourced): languages.  The coverage test of every
# shipped language (rules/lang-*.json: each rule's and pattern's texts and
# each message of the catalogue translated, no token of the English
# dropped), the work in progress (rules/wip/lang-*.json: valid, keeping
# every token, the catalogue's words complete; the rest counted), --lang
# auto from the locale, the text report's layout with wide characters, and
# the HTML report's lang and glyphs in Chromium.

L=$T/lang
mkdir -p "$L/rules"
# lang_of FILE: "pt" of .../lang-pt.json
lang_of() { l=${1##*/lang-}; printf '%s\n' "${l%.json}"; }
# width FILE: the widest line of FILE in terminal columns (East Asian
# wide and fullwidth 2, combining marks 0), as a terminal shows it.
width() {
	python3 -c 'import sys, unicodedata as u
def w(c):
	if u.combining(c) or u.category(c) in ("Mn", "Me", "Cf"): return 0
	return 2 if u.east_asian_width(c) in ("W", "F") else 1
print(max([sum(w(c) for c in l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")] or [0]))' "$1"
}

## Coverage: a shipped language lacks nothing and drops no token.
nship=0
for f in "$TOP"/rules/lang-*.json; do
	[ -f "$f" ] || continue
	l=$(lang_of "$f")
	"$BIN" rules --lang "$l" >"$L/cov-$l" 2>&1
	eq "shipped $l: complete ($(tail -n 1 "$L/cov-$l"))" $? 0
	grep -v 'to do$' "$L/cov-$l" | head -n 5 >&2
	nship=$((nship + 1))
done
[ "$nship" -gt 0 ] || printf 'SKIP: no language ships yet (rules/lang-*.json); rules/wip/ holds the translations under way\n' >&2

## Work in progress: a valid file whose translations keep every token,
## with every message of the report's words; what is left is counted.
for f in "$TOP"/rules/wip/lang-*.json; do
	[ -f "$f" ] || continue
	l=$(lang_of "$f")
	"$BIN" rules --check "$f" >/dev/null 2>"$L/wip-$l.err"
	eq "wip $l: a valid translation file" $? 0
	"$BIN" rules --lang "$l" --rules "$f" >"$L/wip-$l" 2>/dev/null
	eq "wip $l: no translation drops a token" "$(grep -c 'the translation lacks' "$L/wip-$l")" 0
	grep 'the translation lacks' "$L/wip-$l" | head -n 5 >&2
	eq "wip $l: the report's words all translated" "$(grep '^message ' "$L/wip-$l" | grep -v -c '^message pat_')" 0
	printf 'e2e 48-lang: wip %s\n' "$(tail -n 1 "$L/wip-$l")"
done

## The check fails where it must: a translation that drops a blocklist's
## name and a configuration name, a message whose conversions differ, a
## file that is not UTF-8.
"$BIN" rules --lang yy --rules "$TOP/tests/data/rules/lang-yy-drops.json" >"$L/yy" 2>&1
eq "rules --lang: a dropped token fails" $? 1
grep -q 'rule base-554-inbound: advice.fix: the translation lacks "IP"' "$L/yy"
eq "rules --lang: names the text and the token" $? 0
grep -q 'rule base-530-outbound: advice.fix_postfix: the translation lacks "smtp_sasl_auth_enable"' "$L/yy"
eq "rules --lang: a per-MTA fix is checked too" $? 0
grep -q '^message meaning: no translation in yy$' "$L/yy"
eq "rules --lang: lists an untranslated message" $? 0
grep -q 'rule base-554-inbound: title: no translation in yy' "$L/yy"
eq "rules --lang: lists an untranslated title" $? 0
"$BIN" rules --check "$TOP/tests/data/rules/lang-xx-bad-messages.json" >/dev/null 2>"$L/xx.err"
eq "rules --check: broken messages fail" $? 1
grep -q 'message "n_findings": the conversions' "$L/xx.err"
eq "rules --check: a message with other conversions" $? 0
"$BIN" rules --check "$TOP/tests/data/rules/lang-bad-utf8.json" >/dev/null 2>"$L/u8.err"
eq "rules --check: a file that is not UTF-8 fails" $? 1
grep -q 'lang-bad-utf8.json:4: unable to decode byte 0xdf' "$L/u8.err"
eq "rules --check: says where it is not UTF-8" $? 0

## A rules directory reads the translation file of the language in use
## only (lang-LL.json); rules --check reads every one.
mkdir -p "$L/lazy"
cp "$TOP"/rules/*.json "$L/lazy/"
cp "$TOP/tests/data/rules/lang-xx-bad-messages.json" "$L/lazy/lang-xx.json"
echo "554 5.7.1 Relay access denied" | "$BIN" explain --rules-dir "$L/lazy" - >/dev/null 2>"$L/lazy.err"
eq "a broken lang-xx.json is not read in English" "$?/$(wc -l <"$L/lazy.err")" "0/0"
echo "554 5.7.1 Relay access denied" | "$BIN" explain --lang xx --rules-dir "$L/lazy" - >/dev/null 2>"$L/lazy.err"
eq "a broken lang-xx.json is read for --lang xx" $? 1
grep -q 'lang-xx.json: rule messages: message "n_findings": the conversions' "$L/lazy.err"
eq "--lang xx: its problem said" $? 0
"$BIN" rules --rules-dir "$L/lazy" --check "$L/lazy/lang-xx.json" >/dev/null 2>"$L/lazy.err"
eq "rules --check reads every language file" $? 1
grep -q 'lang-xx.json: rule messages: message "n_findings": the conversions' "$L/lazy.err"
eq "rules --check: the unused language's problem said" $? 0

## --lang auto: the rules of the default directory with Portuguese,
## Chinese and Hindi (shipped, or from rules/wip/ for the test).
cp "$TOP"/rules/[0-9]*.json "$L/rules/"
for l in pt zh hi; do
	f=$TOP/rules/lang-$l.json
	[ -f "$f" ] || f=$TOP/rules/wip/lang-$l.json
	cp "$f" "$L/rules/"
done
# title554 LL: the title the language's file gives the fallback 554 rule.
title554() { jq -r '.rules[] | select(.id == "base-554-inbound") | .title' "$L/rules/lang-$1.json"; }
# A refusal only the fallback rule explains: its advice is translated.
printf '%s\n' \
    'Nov 22 09:00:01 mx postfix/smtpd[700]: connect from a[192.0.2.5]' \
    'Nov 22 09:00:02 mx postfix/smtpd[700]: NOQUEUE: reject: RCPT from a[192.0.2.5]: 554 5.7.1 Service unavailable; from=<s@example.org> to=<x@example.com> proto=ESMTP helo=<a>' \
    'Nov 22 09:00:03 mx postfix/smtpd[700]: disconnect from a[192.0.2.5]' >"$L/554.log"
lscan() { # lscan OUT ENV... -- ARGS...: scan with the languages' rules
	out=$1; shift
	env SMTPLOG_RULES="$L/rules" "$@" >"$out" 2>"$out.err"
}
lscan "$L/pt.txt" LANG=pt_BR.UTF-8 "$BIN" scan -q --year 2025 "$TOP/samples/postfix" "$L/554.log"
eq "auto pt_BR: exit" $? 0
eq "auto pt_BR: the report's first words" "$(head -n 1 "$L/pt.txt" | grep -c '^Relatório de e-mail, ')" 1
eq "auto pt_BR: headings" "$(grep -c -E '^(Tráfego|Leitura|Ocorrências por causa)$' "$L/pt.txt")" 3
grep -q '^    Quem deve agir: o cliente remetente$' "$L/pt.txt"
eq "auto pt_BR: who must act, in words" $? 0
grep -q -F "  base-554-inbound: $(title554 pt)  (" "$L/pt.txt"
eq "auto pt_BR: a translated rule" $? 0
grep -q '^    Como corrigir: ' "$L/pt.txt"
eq "auto pt_BR: the seeds' heading for the fix" $? 0
eq "auto pt_BR: no warning" "$(cat "$L/pt.txt.err")" ""
lscan "$L/pt.nd" LANG=pt_BR.UTF-8 "$BIN" scan -q -o ndjson --year 2025 "$L/554.log"
eq "auto pt_BR json: translated texts, lang pt" "$(jq -r 'select(.type == "finding") | [.lang, .title] | join(" ")' "$L/pt.nd")" \
    "pt $(title554 pt)"
eq "auto pt_BR json: keys and values stay English" "$(jq -r 'select(.type == "finding") | [.cause, .rule, .severity, .advice.who] | join(" ")' "$L/pt.nd")" \
    "other base-554-inbound warning sending-client"
lscan "$L/c.txt" LC_ALL=C LANG=pt_BR.UTF-8 "$BIN" scan -q --year 2025 "$L/554.log"
eq "auto: LC_ALL=C wins over LANG" "$(head -c 11 "$L/c.txt")" "Mail report"
lscan "$L/zh.txt" LC_ALL= LC_MESSAGES=zh_CN.UTF-8 LANG=pt_BR.UTF-8 "$BIN" scan -q --year 2025 "$L/554.log"
eq "auto: LC_MESSAGES wins over LANG" "$(head -n 1 "$L/zh.txt" | grep -c '^邮件报告，')" 1
lscan "$L/en.txt" LANG=pt_BR.UTF-8 "$BIN" scan -q --lang en --year 2025 "$L/554.log"
eq "--lang en wins over the locale" "$(head -c 11 "$L/en.txt")" "Mail report"
lscan "$L/de.txt" LANG=de_DE.UTF-8 "$BIN" scan -q --year 2025 "$L/554.log"
eq "auto de_DE: English, no translation" "$(head -c 11 "$L/de.txt")" "Mail report"
eq "auto de_DE: no warning" "$(cat "$L/de.txt.err")" ""
LANG=pt_BR.UTF-8 "$BIN" scan -q --year 2025 "$L/554.log" >"$L/ship.txt" 2>/dev/null
eq "auto pt_BR with the default rules: $( [ -f "$TOP/rules/lang-pt.json" ] && echo Portuguese || echo 'English until pt ships')" \
    "$(head -n 1 "$L/ship.txt" | grep -c -E "^$( [ -f "$TOP/rules/lang-pt.json" ] && echo 'Relatório de e-mail' || echo 'Mail report')")" 1
lscan "$L/ex.txt" LANG=zh_CN.UTF-8 "$BIN" explain 554
eq "explain in zh: labels" "$(grep -c -E '^  (原因|规则|依据|标题|描述|何时出现|如何修复) ' "$L/ex.txt")" 14

## Wide characters: CJK and Devanagari advice wrapped within --width.
for l in zh hi; do
	lscan "$L/w-$l.txt" LANG=${l}_IN.UTF-8 "$BIN" scan -q --width 40 --year 2025 "$L/554.log"
	# The rule's advice and reply lines, wrapped to the width (its title
	# and the example's first line are not wrapped, in any language).
	awk '/^  base-554-inbound: /{on=1; next} /^$/{on=0} on && !/^    2025-/' \
	    "$L/w-$l.txt" >"$L/w-$l.adv"
	eq "width 40 $l: advice lines" "$([ "$(wc -l <"$L/w-$l.adv")" -ge 8 ] && echo many)" many
	eq "width 40 $l: no line wider than 40 columns" "$(width "$L/w-$l.adv")" \
	    "$(w=$(width "$L/w-$l.adv"); [ "$w" -le 40 ] && echo "$w")"
	eq "width 40 $l: fills the lines (some reach 36 columns)" "$([ "$(width "$L/w-$l.adv")" -ge 36 ] && echo yes)" yes
done
grep -q -F "  base-554-inbound: $(title554 zh)" "$L/w-zh.txt"
eq "width zh: the translated title" $? 0

## HTML: the page says its language; Devanagari and CJK have glyphs.
for l in zh hi; do
	lscan "$L/$l.html" LANG=${l}_IN.UTF-8 "$BIN" scan -q -o html --year 2025 "$L/554.log"
	eq "html $l: <html lang=$l>" "$(grep -c "^<html lang=$l>$" "$L/$l.html")" 1
done
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ] || ! command -v fc-list >/dev/null 2>&1; then
	printf 'SKIP: HTML glyphs: chromium or fontconfig is not installed (make deps-test installs them)\n' >&2
else
	for l in zh hi; do
		if [ -z "$(fc-list ":lang=$l" family 2>/dev/null)" ]; then
			printf 'SKIP: HTML glyphs %s: no font for it (fonts-wqy-microhei, fonts-lohit-deva; or fonts-noto-cjk, fonts-noto-core)\n' "$l" >&2
			continue
		fi
		# The characters of the page as Chromium built it, each probed.
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		    --user-data-dir="$L/profile" --dump-dom "file://$L/$l.html" >"$L/$l.dom" 2>/dev/null
		python3 -c 'import json, re, sys
t = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]*>", " ", open(sys.argv[1], encoding="utf-8").read(), flags=re.S)
print(json.dumps("".join(sorted(set(c for c in t if ord(c) > 0x7f)))))' "$L/$l.dom" >"$L/$l.chars"
		sed "s|CHARS|$(cat "$L/$l.chars")|" "$TOP/tests/data/lang-probe.html" >"$L/probe-$l.html"
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		    --user-data-dir="$L/profile" --dump-dom "file://$L/probe-$l.html" 2>/dev/null |
		    sed -n 's/.*<pre id="out">\([^<]*\)<.*/\1/p' >"$L/probe-$l.out"
		eq "html glyphs $l: every character has one ($(cat "$L/probe-$l.out"))" \
		    "$(sed -n 's/^checked \([0-9]*\) tofu \([0-9]*\).*/\2/p' "$L/probe-$l.out")" 0
		eq "html glyphs $l: the page has its script's characters" \
		    "$([ "$(sed -n 's/^checked \([0-9]*\) .*/\1/p' "$L/probe-$l.out")" -ge 30 ] && echo yes)" yes
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --user-data-dir="$L/profile" \
		    --window-size=1000,1400 --screenshot="$L/$l.png" "file://$L/$l.html" >/dev/null 2>&1
		eq "html $l: screenshot taken" "$([ -s "$L/$l.png" ] && echo yes)" yes
	done
	# The probe tells a missing glyph: Gujarati has no font here (a
	# machine with fonts-noto-core has one: then this says nothing).
	if [ -z "$(fc-list ':lang=gu' family 2>/dev/null)" ]; then
		sed 's|CHARS|"\\u0A95\\u0A96"|' "$TOP/tests/data/lang-probe.html" >"$L/probe-gu.html"
		eq "html glyph probe: tells tofu" "$(timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		    --user-data-dir="$L/profile" --dump-dom "file://$L/probe-gu.html" 2>/dev/null |
		    sed -n 's/.*<pre id="out">\([^<]*\)<.*/\1/p')" "checked 2 tofu 2: U+A95 U+A96"
	fi
fi
