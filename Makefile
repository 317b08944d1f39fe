# tierd — one readable Makefile.
#
#   make              build tierd and tierctl into build/
#   make test         install missing packages, build, run unit + integration tests,
#                     then the pages in headless Chromium (make browser, ~10 s)
#   make run          install, build, start the private MariaDB, migrate, start tierd
#   make SANITIZE=1 test   the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   make SANITIZE=thread integration   the same with ThreadSanitizer (races)
#   make test-hostile hostile clients against tierd, as a table of figures
#   make install PREFIX=/usr/local DESTDIR=   programs, data, systemd unit, /etc/tierd
#   make deb          a Debian package in build/ (dpkg-deb; see scripts/make-deb)
#   make test-deb     build the package and check what it holds (not part of `make test`)
#   make docs         remake the table of every rule in docs/criteria.md from src/rules
#
# Every .c under src/<module>/ goes into build/libtier.a; src/tierd.c and
# src/tierctl.c are the two programs; every tests/unit/test_*.c is a CUnit
# program of its own. Adding a file needs no edit here.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
DOCDIR     ?= $(PREFIX)/share/doc/tierd
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config

LIBS_PKG   := libxml-2.0 libxslt libcrypto libssl libmariadb libmicrohttpd libqrencode gnutls
TEST_PKG   := cunit

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Werror
CSTD    := -std=c17 -D_GNU_SOURCE
OPT     ?= -O2 -g
DEFS    := -DTIER_VERSION='"$(VERSION)"' -DTIER_DATADIR='"$(PREFIX)/share/tierd"'

ifeq ($(SANITIZE),1)
OPT     := -O1 -g -fno-omit-frame-pointer
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
BUILD   := build/sanitize
endif
ifeq ($(SANITIZE),thread)
OPT     := -O1 -g -fno-omit-frame-pointer
SAN     := -fsanitize=thread
BUILD   := build/tsan
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(LIBS_PKG) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(LIBS_PKG) 2>/dev/null)
TEST_LIBS  := $(shell $(PKG_CONFIG) --libs $(TEST_PKG) 2>/dev/null)

CFLAGS  += $(CSTD) $(OPT) $(WARN) $(SAN) $(DEFS) -Iinclude $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(SAN)
LDLIBS  := $(PKG_LIBS) -lpthread

LIB_SRC   := $(sort $(wildcard src/*/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/libtier.a
PROGS     := $(BUILD)/tierd $(BUILD)/tierctl
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
ITEST_SRC := $(sort $(wildcard tests/integration/test_*.c))
ITEST_BIN := $(ITEST_SRC:tests/integration/%.c=$(BUILD)/itests/%)
ITEST_LIB := $(BUILD)/tests/harness.o

BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps test unit integration browser test-browser run clean install valgrind \
        bench-ingest bench-validate bench-report bench-approve bench-log bench-web fuzz test-crash \
        test-hostile deb test-deb test-cluster bench-cluster docs FORCE
.SECONDARY:

all: $(PROGS)

deps:
	@scripts/install-deps

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# What PREFIX and SYSCONFDIR the build is for, recorded in a stamp that is
# rewritten only when they change: the objects that compile a path in
# (TIER_DATADIR) and the files generated from dist/*.in depend on it, so that
# `make install PREFIX=/opt/tierd` after a plain `make` rebuilds them instead
# of installing a tierd that looks in /usr/local.
PREFIX_STAMP := $(BUILD)/prefix.stamp
PREFIX_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(shell grep -l TIER_DATADIR src/*.c src/*/*.c))

$(PREFIX_STAMP): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' 'PREFIX=$(PREFIX)' 'SYSCONFDIR=$(SYSCONFDIR)' >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(PREFIX_OBJ): $(PREFIX_STAMP)

# The systemd unit and the example config, with the paths filled in.
DIST := $(BUILD)/dist/tierd.service $(BUILD)/dist/tierd.conf

$(BUILD)/dist/%: dist/%.in $(PREFIX_STAMP)
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< >$@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/tierd: $(BUILD)/src/tierd.o $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tierctl: $(BUILD)/src/tierctl.o $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(ITEST_LIB): tests/integration/harness.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/itests/%: $(BUILD)/tests/integration/%.o $(ITEST_LIB) $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Benchmarks print their figures and the baseline measured in the same run.
bench-ingest: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_ingest
	@BUILD=$(BUILD) scripts/bench-ingest

bench-report: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_report
	@BUILD=$(BUILD) scripts/bench-report

bench-approve: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_approve
	@BUILD=$(BUILD) scripts/bench-approve

# The transparency log: 10,000,000 appends in memory (MariaDB's layout) and
# proofs at that size, then appends and proofs in a private MariaDB
# (scripts/bench-log says which variables change the sizes).
bench-log: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_tlog $(BUILD)/bench/bench_tlog_db \
		$(BUILD)/bench/bench_approve
	@BUILD=$(BUILD) scripts/bench-log

# The public certificate check beside /healthz in the same run (scripts/bench-web),
# then the form check beside bench-validate's path for the same document.
bench-web: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_web $(BUILD)/bench/bench_form
	@BUILD=$(BUILD) scripts/bench-web
	@echo "== the form check (fields to XML + the offline path) beside the offline path alone"
	@$(BUILD)/bench/bench_form
	@echo "== the reviewers' pages: 32 signed-in sessions over 1,000,000 applications, each page"
	@echo "   beside the API's XML for the same data (scripts/bench-web-review)"
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench_report $(BUILD)/bench/bench_web_review
	@BUILD=$(BUILD) scripts/bench-web-review

bench-validate: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench_validate
	@$(BUILD)/bench/bench_validate

# Hostile clients as figures (not part of `make test`: ~1 minute, loopback only).
test-hostile: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_hostile
	@BUILD=$(BUILD) scripts/test-hostile

# Crash safety (not part of `make test`: it kills tierd and MariaDB under load, ~1 minute).
$(BUILD)/tests/loadgen: $(BUILD)/tests/crash/loadgen.o $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

test-crash: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tests/loadgen
	@BUILD=$(BUILD) scripts/test-crash

# Two tierd on a private three-node Galera cluster, a node and a tierd killed
# under load (scripts/test-cluster, ~2 minutes); the ingest rate there beside
# the single private server's (scripts/bench-cluster).
test-cluster: deps
	@$(MAKE) --no-print-directory all $(BUILD)/tests/loadgen
	@BUILD=$(BUILD) scripts/test-cluster

bench-cluster: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_ingest
	@BUILD=$(BUILD) scripts/bench-cluster

# `make test` is what CI runs: set-up included, so a bare machine passes too.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(ITEST_BIN)
	@$(MAKE) --no-print-directory unit integration browser

unit: $(UNIT_BIN) $(PROGS)
	@scripts/check-layers
	@scripts/check-tls $(PROGS)
	@scripts/run-tests unit $(UNIT_BIN)

integration: $(PROGS) $(ITEST_BIN)
	@BUILD=$(BUILD) scripts/run-tests integration $(ITEST_BIN)

# The reviewers' pages in headless Chromium (tests/browser/run.py): the views
# rendered over the API's XML into $(BUILD)/web-preview/, each opened, checked
# and screenshotted into $(BUILD)/screenshots/ — look at them.
browser: $(BUILD)/tests/test_web_view
	@echo "=== browser: rendering the pages"
	@WEB_PREVIEW_DIR=$(BUILD)/web-preview $(BUILD)/tests/test_web_view >$(BUILD)/web-preview.log 2>&1 \
	    || { cat $(BUILD)/web-preview.log; echo "browser: 0 passed, 1 failed"; exit 1; }
	@/usr/bin/python3 tests/browser/run.py $(BUILD)/web-preview $(BUILD)/screenshots

test-browser: deps
	@$(MAKE) --no-print-directory browser

# The unit tests under valgrind: no error and no definite or indirect leak.
valgrind: deps
	@$(MAKE) --no-print-directory $(UNIT_BIN)
	@RUNNER="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=1" scripts/run-tests unit $(UNIT_BIN)

# make run PORT=8081 serves on another port (written into var/tierd.conf).
run: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) PORT=$(PORT) scripts/run

clean:
	rm -rf build

# docs/criteria.md's table of every rule is made from the rule tables
# (src/rules/messages.c, sources.c, policy_*.c); test_criteria_doc fails when
# the committed table is stale.
docs: $(BUILD)/tests/test_criteria_doc
	@$(BUILD)/tests/test_criteria_doc --write docs/criteria.md

# The config file is installed only where none is (an operator's edits stay);
# the example always goes to DOCDIR. The key folder is 0700.
install: $(PROGS) $(DIST)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tierd/sql \
	           $(DESTDIR)$(PREFIX)/share/tierd/xsd $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR) \
	           $(DESTDIR)$(SYSCONFDIR)/tierd
	install -d -m 0700 $(DESTDIR)$(SYSCONFDIR)/tierd/keys
	chmod 0700 $(DESTDIR)$(SYSCONFDIR)/tierd/keys
	install -m 0755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 sql/*.sql sql/runtime.grants $(DESTDIR)$(PREFIX)/share/tierd/sql/
	install -m 0644 xsd/*.xsd $(DESTDIR)$(PREFIX)/share/tierd/xsd/
	install -d $(DESTDIR)$(PREFIX)/share/tierd/calendar
	install -m 0644 calendar/*.txt calendar/README.md $(DESTDIR)$(PREFIX)/share/tierd/calendar/
	install -d $(DESTDIR)$(PREFIX)/share/tierd/web
	install -m 0644 web/*.xsl web/*.css $(DESTDIR)$(PREFIX)/share/tierd/web/
	for f in tests/data/*/eligible*.xml; do \
	    d=$(DESTDIR)$(PREFIX)/share/tierd/samples/$$(basename $$(dirname $$f)); \
	    install -d $$d && install -m 0644 $$f $$d/; done
	install -m 0644 $(BUILD)/dist/tierd.service $(DESTDIR)$(UNITDIR)/tierd.service
	install -m 0644 $(BUILD)/dist/tierd.conf $(DESTDIR)$(DOCDIR)/tierd.conf.example
	install -m 0644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	test -e $(DESTDIR)$(SYSCONFDIR)/tierd/tierd.conf || \
	    install -m 0640 $(BUILD)/dist/tierd.conf $(DESTDIR)$(SYSCONFDIR)/tierd/tierd.conf

# The Debian package is built apart, in $(BUILD)/deb/ with PREFIX=/usr, so
# that it never swaps the paths compiled into the everyday build.
DEB_BUILD := $(BUILD)/deb/build
DEB_ROOT  := $(BUILD)/deb/root

deb: deps
	@rm -rf $(DEB_ROOT)
	@$(MAKE) --no-print-directory install BUILD=$(DEB_BUILD) PREFIX=/usr SYSCONFDIR=/etc \
	    UNITDIR=/lib/systemd/system DESTDIR=$(abspath $(DEB_ROOT))
	@scripts/make-deb $(DEB_ROOT) $(VERSION) $(BUILD)

test-deb: deb
	@scripts/test-deb $(BUILD)

# Header dependencies of every object, tests and benchmarks included, so a
# changed struct never leaves a stale test binary behind.
-include $(LIB_OBJ:.o=.d) $(BUILD)/src/tierd.d $(BUILD)/src/tierctl.d \
         $(UNIT_SRC:%.c=$(BUILD)/%.d) $(ITEST_SRC:%.c=$(BUILD)/%.d) \
         $(BENCH_SRC:%.c=$(BUILD)/%.d) $(BUILD)/tests/harness.d $(BUILD)/tests/crash/loadgen.d

# ---- fuzzing (clang + libFuzzer; not part of `make test`) -------------------
#
#   make fuzz FUZZ_SECONDS=60   build fuzz/fuzz_*.c into build/fuzz/ and run each
#                               target for N seconds, one after another
#
# The library sources are compiled again with the fuzz flags into
# build/fuzz/src/, apart from the normal build. Corpora (seeded from
# tests/data/) and crash artifacts stay under build/fuzz/; fuzz/run says how.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := $(CSTD) -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN) $(DEFS) -Iinclude \
                $(PKG_CFLAGS) -MMD -MP
FUZZ_SRC     := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_LIB     := $(FUZZ_DIR)/libtier.a

fuzz:
	@FUZZ_CC=$(FUZZ_CC) fuzz/run check
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@FUZZ_DIR=$(FUZZ_DIR) fuzz/run run $(FUZZ_SECONDS) $(FUZZ_BIN)

# Library objects: instrumented for coverage (fuzzer-no-link) and sanitized.
$(FUZZ_DIR)/src/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h fuzz/fuzz_check.h $(FUZZ_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

-include $(FUZZ_LIB_OBJ:.o=.d)
