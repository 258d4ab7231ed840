# smtplog - SMTP session log analyzer.  See README.md.
#
#   make            build ./smtplog
#   make demo       install missing build deps, build, scan samples/
#   make check      install missing build and test deps, build, run every test
#   make asan       the same tests under AddressSanitizer + UBSan
#   make tsan       the threaded code under ThreadSanitizer
#   make ISAL=1     inflate gzip with ISA-L (libisal-dev); make check-isal
#   make valgrind   the end-to-end tests under valgrind (memcheck, leaks)
#   make install    PREFIX=/usr/local (DESTDIR=/tmp/stage to stage it)
#   make uninstall  the same PREFIX and DESTDIR
#   make deb        the Debian package, into build/deb/ (debian/; doc/install.md)
#   make bench      generate logs into build/bench/, time smtplog and baselines

VERSION	 = 0.1.0
PREFIX	?= /usr/local
MANDIR	?= $(PREFIX)/share/man
RULEDIR	 = $(PREFIX)/share/smtplog/rules
SCHEMADIR = $(PREFIX)/share/smtplog/schema
CC	?= cc
PKGS	 = libpcre2-8 jansson zlib
# make ISAL=1: inflate gzip with ISA-L's igzip (Debian: libisal-dev)
# instead of zlib, into build/isal/.  zlib stays the default.
ISAL	?= 0
ifeq ($(ISAL),1)
PKGS	+= libisal
ISAL_DEF = -DSMTPLOG_ISAL
B	?= build/isal
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

WARN	 = -std=c11 -Wall -Wextra -Werror
CFLAGS	?= -O2 -g
ALL_CFLAGS = $(WARN) $(CPPFLAGS) $(CFLAGS) -pthread -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DSMTPLOG_VERSION='"$(VERSION)"' -DSMTPLOG_RULEDIR='"$(RULEDIR)"' \
	$(ISAL_DEF) -Ianalyzer -Iparsers -Irules $(PKG_CFLAGS)

SRCS	 = $(sort $(wildcard analyzer/*/*.c parsers/*.c rules/*.c))
TSRCS	 = $(sort $(wildcard tests/check_*.c))
SUITES	 = $(patsubst tests/check_%.c,%,$(filter-out tests/check_main.c,$(TSRCS)))

B	?= build
OBJS	 = $(SRCS:%.c=$(B)/%.o)
LIBOBJS	 = $(filter-out $(B)/analyzer/cmd/main.o,$(OBJS))
TOBJS	 = $(TSRCS:%.c=$(B)/%.o)

all: smtplog

# Copied every time: ./smtplog is the build of this make's B and ISAL.
smtplog: $(B)/smtplog FORCE
	cp $(B)/smtplog $@

$(B)/smtplog: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS)

# Header dependencies come from the compiler (-MMD -MP: build/**/*.d).
$(B)/%.o: %.c | deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d) $(TOBJS:.o=.d)

# The test runner finds its suites by file name: tests/check_NAME.c
# exports Suite *NAME_suite(void).
$(B)/tests/suites.h: Makefile $(TSRCS)
	@mkdir -p $(dir $@)
	@printf '%s\n' $(foreach s,$(SUITES),'SUITE($(s))') > $@.tmp && mv $@.tmp $@

$(B)/tests/check_%.o: tests/check_%.c $(B)/tests/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -I$(B)/tests -MMD -MP -c -o $@ $<

$(B)/check_all: $(LIBOBJS) $(TOBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TOBJS) $(LIBOBJS) $(CHECK_LIBS) $(PKG_LIBS)

# deps: install what is missing (apt-get, as root) or say what to install.
deps:
	@sh .ci/deps

deps-test:
	@sh .ci/deps test

deps-ok:
	@pkg-config --exists $(PKGS) || { echo "smtplog: missing build dependencies; run 'make deps' (as root) or see README.md" >&2; exit 1; }

# The real logs the tests read (tests/corpus/MANIFEST.tsv says where each
# comes from); SMTPLOG_CORPUS=DIR points the tests at another copy.
SMTPLOG_CORPUS	?= $(CURDIR)/tests/corpus
export SMTPLOG_CORPUS

check: deps-test
	$(MAKE) smtplog $(B)/check_all $(B)/bench/gen $(B)/bench/partials
	$(B)/check_all
	$(MAKE) fuzz-replay
	$(MAKE) check-generic
	sh tests/e2e.sh ./smtplog

# The demo scans every sample log: each directory of samples/ and the
# rotated archives in samples/archive/*/.
DEMO_DIRS = $(filter-out samples/archive/,$(sort $(wildcard samples/*/))) \
	$(sort $(wildcard samples/archive/*/))

demo: deps
	$(MAKE) smtplog
	./smtplog scan --output text $(DEMO_DIRS)

asan:
	$(MAKE) B=build/asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' build/asan/smtplog build/asan/check_all
	@# e2e 10 runs the tree's own ./smtplog to find the rules beside it
	$(MAKE) smtplog build/bench/gen build/bench/partials
	ASAN_OPTIONS=detect_leaks=1 CK_FORK=no build/asan/check_all
	ASAN_OPTIONS=detect_leaks=1 $(MAKE) B=build/asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' fuzz-replay
	ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=exitcode=87 SMTPLOG_E2E_NO_RSS=1 SMTPLOG_E2E_NO_DEB=1 SMTPLOG_E2E_SESSIONS=1000000 SMTPLOG_E2E_HTML_FINDINGS=100000 sh tests/e2e.sh build/asan/smtplog

# check-isal: the gzip tests (unit and e2e) on a build that inflates with
# ISA-L (needs libisal-dev; not part of make check, whose dependencies
# are fixed).
check-isal:
	$(MAKE) ISAL=1 build/isal/smtplog build/isal/check_all
	CK_RUN_SUITE=input build/isal/check_all
	for p in 10 50 86; do E2E_ONLY=$$p sh tests/e2e.sh build/isal/smtplog || exit 1; done

# check-generic (part of make check): the unit tests on a build without
# the SSE2 and the little-endian word paths (-U__SSE2__ -U__BYTE_ORDER__),
# as every other architecture compiles and runs the scans.
GENERIC_CFLAGS = -O2 -g -U__SSE2__ -U__BYTE_ORDER__
check-generic:
	$(MAKE) B=build/generic CFLAGS='$(GENERIC_CFLAGS)' build/generic/smtplog build/generic/check_all
	$(MAKE) build/bench/gen build/bench/partials
	CK_FORK=no build/generic/check_all

# tsan: ThreadSanitizer on what runs threads: the gzip inflate thread
# (input), the pipelined scan (scan_queue, scan), -j workers (scan_jobs), trace,
# signals during a scan (57) and follow.  Any report fails the run (exit 66).
tsan:
	$(MAKE) B=build/tsan CFLAGS='-O1 -g -fsanitize=thread' \
	    LDFLAGS='-fsanitize=thread' build/tsan/smtplog build/tsan/check_all
	$(MAKE) build/bench/gen build/bench/partials
	TSAN_OPTIONS=exitcode=66 CK_FORK=no CK_RUN_SUITE=scan_queue build/tsan/check_all
	TSAN_OPTIONS=exitcode=66 CK_FORK=no CK_RUN_SUITE=input build/tsan/check_all
	for p in 42 8 57 90; do TSAN_OPTIONS=exitcode=66 SMTPLOG_E2E_NO_RSS=1 E2E_ONLY=$$p sh tests/e2e.sh build/tsan/smtplog || exit 1; done
	@# The tests set TZ; the time zone of a system is often only /etc/localtime.
	for a in '-j 2' '-j 3 samples/exim/mainlog.1.gz'; do \
	    env -u TZ SMTPLOG_RULES=$(CURDIR)/rules TSAN_OPTIONS=exitcode=66 build/tsan/smtplog scan -q $$a \
	        -o ndjson samples/postfix/mail.log samples/exim/mainlog samples/postfix/mail.log.1.gz >/dev/null || exit 1; done
	env -u TZ SMTPLOG_PIPELINE=1 SMTPLOG_RULES=$(CURDIR)/rules TSAN_OPTIONS=exitcode=66 build/tsan/smtplog scan -q \
	    -o ndjson samples/postfix/mail.log samples/exim/mainlog.1.gz >/dev/null

# valgrind: the end-to-end tests with every run of the binary under
# valgrind's memcheck; any error or definite/indirect leak fails the run.
# PCRE2's JIT reads words past the end of a subject, which memcheck
# flags: SMTPLOG_NO_JIT makes the rules use the interpreter here.
VALGRIND_OPTS	 = -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
valgrind: smtplog $(B)/bench/gen $(B)/bench/partials
	@command -v valgrind >/dev/null || { echo "make valgrind: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
	@mkdir -p $(B)/valgrind
	@# valgrind by its full name: some tests run the binary with a PATH of their own.
	@printf '#!/bin/sh\nexec %s $(VALGRIND_OPTS) "%s/smtplog" "$$@"\n' "$$(command -v valgrind)" "$(CURDIR)" >$(B)/valgrind/smtplog
	@chmod +x $(B)/valgrind/smtplog
	SMTPLOG_NO_JIT=1 SMTPLOG_E2E_NO_RSS=1 SMTPLOG_E2E_NO_DEB=1 SMTPLOG_E2E_SESSIONS=200000 SMTPLOG_E2E_HTML_FINDINGS=20000 sh tests/e2e.sh $(B)/valgrind/smtplog

# The rules directory is compiled in (--help shows it): rebuild what holds
# it when PREFIX changes, as in a plain `make` followed by `make install
# PREFIX=/usr`.
$(B)/.prefix: FORCE
	@mkdir -p $(B)
	@echo '$(RULEDIR)' | cmp -s - $@ || echo '$(RULEDIR)' >$@
# The objects rebuilt: those whose source names SMTPLOG_RULEDIR (found,
# not listed: a list missed cmd_rules.c when the code moved).
RULEDIR_OBJS	 = $(patsubst %.c,$(B)/%.o,$(shell grep -l SMTPLOG_RULEDIR analyzer/*/*.c))
$(RULEDIR_OBJS): $(B)/.prefix
FORCE:

# install: the binary, the default rules, the JSON schema of the output
# and the manual page.  The binary
# finds its rules in ../share/smtplog/rules beside itself before the
# compiled-in $(RULEDIR), so a tree staged under DESTDIR works in place too.
install: $(B)/smtplog
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(RULEDIR) $(DESTDIR)$(SCHEMADIR) \
	    $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/smtplog $(DESTDIR)$(PREFIX)/bin/smtplog
	install -m 644 rules/*.json $(DESTDIR)$(RULEDIR)/
	install -m 644 schema/*.json $(DESTDIR)$(SCHEMADIR)/
	sed -e '/^\.TH/s/smtplog [0-9][0-9.]*/smtplog $(VERSION)/' \
	    -e 's|/usr/local/share/smtplog/rules|$(RULEDIR)|g' \
	    -e 's|/usr/local/share/smtplog/schema|$(SCHEMADIR)|g' doc/smtplog.1 \
	    >$(DESTDIR)$(MANDIR)/man1/smtplog.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/smtplog.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/smtplog $(DESTDIR)$(MANDIR)/man1/smtplog.1
	rm -f $(addprefix $(DESTDIR)$(RULEDIR)/,$(notdir $(wildcard rules/*.json)))
	rm -f $(addprefix $(DESTDIR)$(SCHEMADIR)/,$(notdir $(wildcard schema/*.json)))
	rmdir $(DESTDIR)$(RULEDIR) $(DESTDIR)$(SCHEMADIR) $(DESTDIR)$(PREFIX)/share/smtplog 2>/dev/null || true

clean:
	rm -rf build smtplog

# deb: the Debian package, built by Debian's tools (dpkg-buildpackage -us
# -uc -b: debhelper, dpkg-dev, fakeroot; `make deps-test` installs them
# when root) from a copy of the project's files in $(DEB_B)/smtplog-VERSION,
# so that the tree stays clean; the .deb and its .buildinfo and .changes
# land in $(DEB_B)/.  DEB_BUILD_OPTIONS=nocheck skips the unit tests.
DEB_B	?= build/deb
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
	    { echo "make deb: needs dpkg-dev and debhelper (apt-get install debhelper dpkg-dev fakeroot)" >&2; exit 1; }
	rm -rf $(DEB_B)
	mkdir -p $(DEB_B)/smtplog-$(VERSION)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	    git ls-files -z --cached --others --exclude-standard | \
	        xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
	        xargs -0 cp --parents -t $(DEB_B)/smtplog-$(VERSION); \
	else \
	    tar -cf - --exclude=./build --exclude=./smtplog . | tar -xf - -C $(DEB_B)/smtplog-$(VERSION); \
	fi
	cd $(DEB_B)/smtplog-$(VERSION) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    dpkg-buildpackage -us -uc -b -J2

# bench: bench/gen.c writes seeded Postfix and Exim logs,
# bench/runstat.c times one command (wall, peak RSS), bench/bench.sh runs
# the table.  Never part of `make check`.  Sizes in MiB:
#   make bench BENCH_MB=256 BENCH_EXIM_MB=64 BENCH_SMALL_MB=32 BENCH_RUNS=5
BENCH_MB	?= 1024
BENCH_EXIM_MB	?= 256
BENCH_SMALL_MB	?= 128
BENCH_RUNS	?= 3
BENCH_SEED	?= 1

$(B)/bench/%: bench/%.c bench/splitmix.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -o $@ $<

bench-tools: $(B)/bench/gen $(B)/bench/runstat $(B)/bench/partials $(B)/bench/rewrap

# The ISA-L build's gzip rows run when libisal-dev is there (installed
# here with apt-get when root and missing).
bench: smtplog bench-tools
	@pkg-config --exists libisal 2>/dev/null || { [ "$$(id -u)" = 0 ] && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q libisal-dev \
	    >/dev/null 2>&1; } || true
	@if pkg-config --exists libisal 2>/dev/null; then \
	    $(MAKE) ISAL=1 build/isal/smtplog >/dev/null; fi
	BENCH_MB=$(BENCH_MB) BENCH_EXIM_MB=$(BENCH_EXIM_MB) \
	    BENCH_SMALL_MB=$(BENCH_SMALL_MB) BENCH_RUNS=$(BENCH_RUNS) \
	    BENCH_SEED=$(BENCH_SEED) sh bench/bench.sh $(CURDIR)/smtplog \
	    $(B)/bench/gen $(B)/bench/runstat $(B)/bench \
	    $$(test -x build/isal/smtplog && echo $(CURDIR)/build/isal/smtplog)

# bench-quick: the same rows on small inputs (32 MiB Postfix, 16 MiB Exim,
# 8 MiB small log, 2000 partials, 200,000 open-session lines, the replies
# 30 times), in under a minute; for ratios while working, not the figures.
bench-quick: smtplog bench-tools
	@if pkg-config --exists libisal 2>/dev/null; then \
	    $(MAKE) ISAL=1 build/isal/smtplog >/dev/null; fi
	BENCH_MB=32 BENCH_EXIM_MB=16 BENCH_SMALL_MB=8 BENCH_RUNS=3 \
	    BENCH_SEED=$(BENCH_SEED) BENCH_PARTIALS=2000 \
	    BENCH_OPEN_LINES=200000 BENCH_REPLIES_X=30 sh bench/bench.sh \
	    $(CURDIR)/smtplog $(B)/bench/gen $(B)/bench/runstat $(B)/bench \
	    $$(test -x build/isal/smtplog && echo $(CURDIR)/build/isal/smtplog)

.PHONY: all check check-isal check-generic demo asan tsan valgrind install uninstall FORCE clean deps deps-test deps-ok bench bench-quick bench-tools deb

# fuzz: the libFuzzer harnesses of tests/fuzz/, built with clang into
# build/fuzz/.  Needs clang and its fuzzer runtime (Debian: clang,
# libclang-rt-14-dev).  A harness is tests/fuzz/fuzz_NAME.c (found by
# name: a new file is a new harness); a line "fuzz-max-len: N" in it sets
# its -max_len (8192 without), tests/fuzz/NAME.dict its dictionary.
#   make fuzz           build, seed, run each harness FUZZ_SECONDS (60) in turn
#   make fuzz-long      each harness FUZZ_SECONDS (3600) from its kept corpus,
#                       which is then minimised back into tests/fuzz/corpus/
#   make fuzz-regress   replay tests/fuzz/regress/ with the libFuzzer builds
#   make fuzz-build     only build build/fuzz/fuzz_<harness>
#   make fuzz-replay    (part of make check) every harness built with $(CC)
#                       and tests/fuzz/replay.c: the kept corpus and
#                       tests/fuzz/regress/ replayed, without clang
# FUZZ_FLAGS adds libFuzzer options, e.g. FUZZ_FLAGS=-jobs=1.
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	?=
# The kept corpus, per harness: at most this many files and bytes.
FUZZ_KEEP_FILES	?= 400
FUZZ_KEEP_BYTES	?= 2000000
FUZZ_B		 = build/fuzz
FUZZ_NAMES	 = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_CFLAGS	 = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all -std=c11 -D_DEFAULT_SOURCE \
	-D_POSIX_C_SOURCE=200809L -DSMTPLOG_VERSION='"$(VERSION)"' \
	-DSMTPLOG_RULEDIR='"$(CURDIR)/rules"' -Ianalyzer -Iparsers -Irules \
	$(PKG_CFLAGS)
FUZZ_LIBOBJS	 = $(patsubst %.c,$(FUZZ_B)/obj/%.o,$(filter-out analyzer/cmd/main.c,$(SRCS)))
FUZZ_BINS	 = $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz_%)
FUZZ_DEPS	 = tests/fuzz/fuzz_postfix.c tests/fuzz/fuzz_util.h
# fuzz_maxlen H: the shell words that set $ml for harness $h.
FUZZ_MAXLEN_SH	 = ml=$$(sed -n 's/.*fuzz-max-len: *\([0-9][0-9]*\).*/\1/p' tests/fuzz/fuzz_$$h.c | head -n 1); ml=$${ml:-8192}

$(FUZZ_B)/obj/%.o: %.c | deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

-include $(FUZZ_LIBOBJS:.o=.d)

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) $(FUZZ_LIBOBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wall -Wextra -fsanitize=fuzzer \
	    -DFUZZ_RULEDIR='"$(CURDIR)/rules"' -o $@ $< $(FUZZ_LIBOBJS) $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

# The objects are intermediate files of the pattern rules: keep them.
.SECONDARY: $(FUZZ_LIBOBJS)

$(FUZZ_B)/seeds/.done: tests/fuzz/seed.sh
	sh tests/fuzz/seed.sh $(FUZZ_B)/seeds
	@touch $@

fuzz-seeds: $(FUZZ_B)/seeds/.done

fuzz: fuzz-build fuzz-seeds
	@for h in $(FUZZ_NAMES); do \
	    $(FUZZ_MAXLEN_SH); \
	    mkdir -p $(FUZZ_B)/corpus/$$h $(FUZZ_B)/artifacts/$$h $(FUZZ_B)/seeds/$$h; \
	    dict=; [ -f tests/fuzz/$$h.dict ] && dict=-dict=tests/fuzz/$$h.dict; \
	    echo "fuzz: $$h for $(FUZZ_SECONDS)s"; \
	    $(FUZZ_B)/fuzz_$$h -max_len=$$ml -max_total_time=$(FUZZ_SECONDS) \
	        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $$dict \
	        -artifact_prefix=$(FUZZ_B)/artifacts/$$h/ $(FUZZ_FLAGS) \
	        $(FUZZ_B)/corpus/$$h $(FUZZ_B)/seeds/$$h || exit 1; \
	done

# fuzz-long: tests/fuzz/long.sh runs each harness (niced) for FUZZ_SECONDS
# from tests/fuzz/corpus/<harness>/ and the seeds, minimises what it found
# together with the kept corpus (-merge=1) back into tests/fuzz/corpus/,
# bounded by FUZZ_KEEP_FILES and FUZZ_KEEP_BYTES, and prints the table of
# tests/fuzz/README.md (hours, executions, coverage, crashes); a crash
# fails it, its input kept in build/fuzz/long/<harness>/artifacts/.
fuzz-long: fuzz-build fuzz-seeds
	FUZZ_B=$(FUZZ_B) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FLAGS='$(FUZZ_FLAGS)' \
	    FUZZ_KEEP_FILES=$(FUZZ_KEEP_FILES) FUZZ_KEEP_BYTES=$(FUZZ_KEEP_BYTES) \
	    sh tests/fuzz/long.sh $(FUZZ_NAMES)

fuzz-regress: fuzz-build
	@for h in $(FUZZ_NAMES); do \
	    set -- tests/fuzz/regress/$$h/*; \
	    [ -f "$$1" ] || continue; \
	    echo "fuzz-regress: $$h: $$# inputs"; \
	    $(FUZZ_B)/fuzz_$$h "$$@" > $(FUZZ_B)/regress-$$h.log 2>&1 || \
	        { cat $(FUZZ_B)/regress-$$h.log; echo "fuzz-regress: $$h: FAILED" >&2; exit 1; }; \
	done

# fuzz-replay: the harnesses built with $(CC) (and the flags of this B:
# make asan replays under the sanitizers) around tests/fuzz/replay.c,
# run on the kept corpus and the regression inputs; one line each.
FUZZ_REPLAY	 = $(FUZZ_NAMES:%=$(B)/fuzz-replay/fuzz_%)

$(B)/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS) $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) \
	    -DFUZZ_RULEDIR='"$(CURDIR)/rules"' -o $@ $< tests/fuzz/replay.c \
	    $(LIBOBJS) $(PKG_LIBS)

fuzz-replay: $(FUZZ_REPLAY)
	@for h in $(FUZZ_NAMES); do \
	    set --; \
	    [ -d tests/fuzz/corpus/$$h ] && set -- "$$@" tests/fuzz/corpus/$$h; \
	    [ -d tests/fuzz/regress/$$h ] && set -- "$$@" tests/fuzz/regress/$$h; \
	    if [ $$# -eq 0 ]; then echo "fuzz-replay $$h: SKIP: no kept input"; continue; fi; \
	    out=$$($(B)/fuzz-replay/fuzz_$$h "$$@" 2>$(B)/fuzz-replay/$$h.err) || \
	        { cat $(B)/fuzz-replay/$$h.err; echo "fuzz-replay $$h: FAILED" >&2; exit 1; }; \
	    printf 'fuzz-replay %-12s %s\n' "$$h" "$$out"; \
	done

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-regress fuzz-long fuzz-replay
# end of fuzz block
