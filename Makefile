# newskg: plain Makefile.  `make help` lists the targets.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/newskg
MANDIR   = $(PREFIX)/share/man/man1
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include
PCDIR    = $(LIBDIR)/pkgconfig
VERSION := $(shell sed -n 's/^\#define NK_VERSION "\(.*\)"/\1/p' src/cli/cli.h)
SOMAJOR  = 0

CC      ?= cc
PKGS     = redland raptor2 rasqal libgvc libcgraph sqlite3 libcurl
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wconversion -Wformat=2 -Wundef
OPT     ?= -O2 -g
CFLAGS  ?=
# WERROR=1 (set by CI) turns warnings into errors.
ifeq ($(WERROR),1)
WARN += -Werror
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
ALL_CFLAGS = -std=c17 $(WARN) $(OPT) $(PKG_CFLAGS) -Isrc -I$(B)/gen -DNK_DATADIR='"$(DATADIR)"' \
             -D_POSIX_C_SOURCE=200809L -pthread $(CFLAGS)
LDLIBS   = $(PKG_LIBS) -lm -pthread

B       ?= build
LIB_SRC  = $(sort $(wildcard src/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
PIC_OBJ  = $(LIB_SRC:src/%.c=$(B)/pic/%.o)
PUB_HDR  = $(filter-out %_internal.h,$(sort $(wildcard src/*.h)))
SONAME   = libnewskg.so.$(SOMAJOR)
CLI_OBJ  = $(CLI_SRC:src/cli/%.c=$(B)/obj/cli/%.o)
TESTS    = $(TEST_SRC:tests/%.c=$(B)/tests/%)
HEADERS  = $(wildcard src/*.h src/cli/*.h tests/*.h tests/fuzz/*.h)
# Fuzz targets (tests/fuzz/fuzz_NAME.c): replayed over their corpora by
# plain builds in `make test`, fuzzed with libFuzzer by `make fuzz`.
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
REPLAYS    = $(FUZZ_NAMES:%=$(B)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
# FUZZ_RUNS=N stops each target after N executions instead (0: no limit).
FUZZ_RUNS ?= 0

.PHONY: all deps test check run-tests asan tsan valgrind install uninstall clean help demo \
        graphs check-graphs shared check-install demo-store browser-test fuzz fuzz-fast fuzz-run valgrind-golden
all: $(B)/newskg $(B)/libnewskg.a

# Missing Debian packages are installed first (idempotent; a no-op when all
# are there), then the real work runs in a sub-make that sees pkg-config.
deps:
	@scripts/install-deps

$(B)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c $< -o $@

# The story view's stylesheet and script, compiled into html.o.
$(B)/gen/html_assets.h: src/html/page.css src/html/page.js scripts/embed
	@mkdir -p $(dir $@)
	@sh scripts/embed $@ src/html/page.css:nk_html_css src/html/page.js:nk_html_js
$(B)/obj/html.o: $(B)/gen/html_assets.h

$(B)/obj/cli/%.o: src/cli/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libnewskg.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The shared library, from position-independent objects of its own.
$(B)/pic/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "CC -fPIC $<"; $(CC) $(ALL_CFLAGS) -fPIC -c $< -o $@

$(B)/libnewskg.so.$(VERSION): $(PIC_OBJ)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(LDLIBS)

shared: $(B)/libnewskg.so.$(VERSION)
FORCE:

$(B)/newskg.pc: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCDIR)' '' \
	  'Name: newskg' \
	  'Description: English news articles to a knowledge graph of actors and actions' \
	  'Version: $(VERSION)' \
	  'Requires.private: $(PKGS)' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${libdir} -lnewskg' \
	  'Libs.private: -lm -pthread' >$@

$(B)/newskg: $(CLI_OBJ) $(B)/libnewskg.a
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(B)/libnewskg.a $(LDLIBS)

$(B)/tests/%: tests/%.c $(B)/libnewskg.a $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(B)/libnewskg.a $(LDLIBS) $(CMOCKA_LIBS)

$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/common.c $(B)/libnewskg.a $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/driver.c tests/fuzz/common.c \
	  $(B)/libnewskg.a $(LDLIBS)

# Tests run from the repository root (they read tests/data, ontology/,
# src/models) with the binary they may call in NEWSKG_BIN.
test check: deps
	@$(MAKE) --no-print-directory run-tests
	@$(MAKE) --no-print-directory check-install
	@if [ -x "$(CHROMIUM)" ] && command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory browser-test; \
	else echo "browser tests skipped: no $(CHROMIUM) or npm (scripts/install-deps --browser)"; \
	  [ "$(REQUIRE_BROWSER)" != 1 ]; fi

# The story view in Debian's Chromium, headless (tests/browser/run.sh):
# pages, clicks, filters, hostile text, load time; screenshots in $(B)/browser/shots.
CHROMIUM ?= /usr/bin/chromium
browser-test: $(B)/newskg
	@B=$(B) NEWSKG_BIN=$(B)/newskg CHROMIUM=$(CHROMIUM) sh tests/browser/run.sh

run-tests: $(TESTS) $(B)/newskg $(REPLAYS)
	@set -e; fail=0; for t in $(TESTS); do \
	  echo "== $$t"; \
	  NEWSKG_BIN=$(B)/newskg NEWSKG_DATA=. $(TEST_ENV) $$t || fail=1; \
	done; \
	for t in $(FUZZ_NAMES); do \
	  printf '== fuzz corpus %s: ' $$t; \
	  NEWSKG_DATA=. $(TEST_ENV) $(B)/fuzz/replay_$$t tests/fuzz/corpus/$$t || fail=1; \
	done; \
	NEWSKG_BIN=$(B)/newskg NEWSKG_DATA=. B=$(B) $(TEST_ENV) sh tests/cli.sh || fail=1; \
	NEWSKG_BIN=$(B)/newskg NEWSKG_DATA=. B=$(B) $(TEST_ENV) sh tests/jsonld.sh || fail=1; \
	NEWSKG_BIN=$(B)/newskg $(TEST_ENV) $(HOSTILE_ENV) python3 tests/hostile.py || fail=1; \
	exit $$fail

# The tests again under AddressSanitizer and UBSan, in their own build dir.
asan: deps
	$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  TEST_ENV="ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1" \
	  HOSTILE_ENV="HOSTILE_SKIP_BIG=1" run-tests

# The corpus tests (many articles on several threads) under ThreadSanitizer.
tsan: deps
	$(MAKE) --no-print-directory B=build-tsan OPT="-O1 -g -fsanitize=thread" build-tsan/newskg build-tsan/tests/test_corpus
	NEWSKG_DATA=. TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" build-tsan/tests/test_corpus
	NEWSKG_BIN=build-tsan/newskg NEWSKG_DATA=. CLI_TESTS=corpus \
	  TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" sh tests/cli.sh

# `make install` into a temporary prefix, then the README's C example built
# against it with pkg-config and run (tests/install.sh).
check-install: all
	@B=$(B) sh tests/install.sh

# The unit tests under valgrind's memcheck.
valgrind: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; \
	  NEWSKG_BIN=$(B)/newskg NEWSKG_DATA=. valgrind -q --error-exitcode=3 --leak-check=full \
	    --errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp $$t; done

# The golden tests under valgrind (CI): the golden article's unit test, and
# graphs/ regenerated by the binary under valgrind and compared
# (make-graphs --check through tests/valgrind-newskg).
valgrind-golden: $(B)/tests/test_extract $(B)/newskg
	NEWSKG_DATA=. valgrind -q --error-exitcode=3 --leak-check=full --show-leak-kinds=definite \
	  --errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp $(B)/tests/test_extract
	NEWSKG_DATA=. NEWSKG_BIN=tests/valgrind-newskg VALGRIND_BIN=$(B)/newskg sh scripts/make-graphs --check graphs

# libFuzzer (clang, installed on demand by scripts/install-deps --fuzz) with
# ASan + UBSan: each target for FUZZ_SECONDS, its corpus growing in
# build-fuzz/corpus/NAME from the seeds in tests/fuzz/corpus/NAME; crashes
# go to build-fuzz/artifacts/, logs to build-fuzz/logs/.  FUZZ_TARGETS
# picks some targets (default: all); one at a time, niced.  Leaks are
# checked on every input, except for the RDF readers and the store's
# targets: raptor makes a world per input, so every input looks like a leak
# to libFuzzer and its check (with the full stacks raptor's and rasqal's
# suppressions need, tests/lsan.supp) cost them 90 % of their speed; their
# grown corpus is checked for leaks once at the end instead.  The store
# loader's dictionary is the RDF and JSONL ones together.
#
# `make fuzz-fast` is the campaign build: ASan alone at -O2, objects and
# binaries in build-fuzz-fast/ (the corpus, logs and artifacts still in
# build-fuzz/), about twice the executions per CPU-second of the default
# for fuzz_extract (README, "Fuzzing"), but no UBSan checks.  FUZZ_OPT,
# FUZZ_SAN and FUZZ_B (the build directory) set other builds by hand: give
# each set of flags its own FUZZ_B, as objects are not rebuilt when only
# the flags change.
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_OPT ?= -O1
FUZZ_SAN ?= -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_B ?= build-fuzz
fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory B=$(FUZZ_B) FUZZ_B=$(FUZZ_B) CC=clang \
	  OPT="$(FUZZ_OPT) -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
	       -fsanitize-coverage-ignorelist=$(CURDIR)/tests/fuzz/coverage.ignore" fuzz-run

fuzz-fast:
	@$(MAKE) --no-print-directory FUZZ_B=build-fuzz-fast FUZZ_OPT=-O2 \
	  FUZZ_SAN=-fsanitize=address fuzz

$(FUZZ_B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/common.c $(B)/libnewskg.a $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< tests/fuzz/common.c \
	  $(B)/libnewskg.a $(LDLIBS)

fuzz-run: $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz/fuzz_%)
	@mkdir -p build-fuzz/artifacts build-fuzz/logs
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  case $$t in turtle|ntriples|nquads) d=rdf;; load) d="rdf jsonl";; *) d=$$t;; esac; \
	  for x in $$d; do [ ! -f tests/fuzz/$$x.dict ] || cat tests/fuzz/$$x.dict; done \
	    >build-fuzz/logs/$$t.dict; \
	  dict=; [ ! -s build-fuzz/logs/$$t.dict ] || dict=-dict=build-fuzz/logs/$$t.dict; \
	  maxlen=8192; [ $$t != extract ] || maxlen=16384; \
	  echo "== fuzz $$t (log: build-fuzz/logs/$$t.log)"; \
	  limit=-max_total_time=$(FUZZ_SECONDS); [ "$(FUZZ_RUNS)" = 0 ] || limit=-runs=$(FUZZ_RUNS); \
	  leaks=1; case $$t in turtle|ntriples|nquads|load|query) leaks=0;; esac; \
	  NEWSKG_DATA=$(CURDIR) ASAN_OPTIONS=detect_leaks=$$leaks \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	  nice -n 10 $(FUZZ_B)/fuzz/fuzz_$$t $$limit -max_len=$$maxlen \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 $$dict \
	    -artifact_prefix=build-fuzz/artifacts/$$t- \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t >build-fuzz/logs/$$t.log 2>&1 || \
	    { tail -60 build-fuzz/logs/$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' build-fuzz/logs/$$t.log || true; \
	  [ $$leaks = 1 ] || { echo "== leaks: $$t's corpus once more, with full stacks"; \
	    NEWSKG_DATA=$(CURDIR) ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    nice -n 10 $(FUZZ_B)/fuzz/fuzz_$$t -runs=0 -artifact_prefix=build-fuzz/artifacts/$$t- \
	      build-fuzz/corpus/$$t >build-fuzz/logs/$$t-leaks.log 2>&1 || \
	      { tail -60 build-fuzz/logs/$$t-leaks.log; exit 1; }; }; \
	done

install: all shared $(B)/newskg.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/ontology $(DESTDIR)$(DATADIR)/models $(DESTDIR)$(MANDIR)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/newskg $(DESTDIR)$(PCDIR)
	install -m 755 $(B)/newskg $(DESTDIR)$(BINDIR)/newskg
	install -m 644 $(B)/libnewskg.a $(DESTDIR)$(LIBDIR)/libnewskg.a
	install -m 755 $(B)/libnewskg.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libnewskg.so.$(VERSION)
	ln -sf libnewskg.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libnewskg.so
	install -m 644 $(PUB_HDR) $(DESTDIR)$(INCDIR)/newskg/
	install -m 644 $(B)/newskg.pc $(DESTDIR)$(PCDIR)/newskg.pc
	install -m 644 ontology/*.ttl ontology/*.tsv ontology/*.jsonld $(DESTDIR)$(DATADIR)/ontology/
	if ls src/models/*.bin >/dev/null 2>&1; then install -m 644 src/models/*.bin $(DESTDIR)$(DATADIR)/models/; fi
	install -m 644 src/cli/newskg.1 $(DESTDIR)$(MANDIR)/newskg.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newskg $(DESTDIR)$(MANDIR)/newskg.1
	rm -f $(DESTDIR)$(LIBDIR)/libnewskg.a $(DESTDIR)$(LIBDIR)/libnewskg.so* $(DESTDIR)$(PCDIR)/newskg.pc
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(INCDIR)/newskg

# The project's own example articles -> graphs/ (Turtle, JSONL, DOT, PNG),
# plus the seed fixture's facts drawn by render when ../shared is beside us.
ARTICLES = $(sort $(wildcard graphs/articles/*.txt))
SEED_FACTS ?= ../shared/eval/fixtures/seed-facts.jsonl
demo: deps
	@$(MAKE) --no-print-directory graphs
	@$(MAKE) --no-print-directory demo-store

# The example graphs loaded into an embedded store, and one ready query.
DEMO_STORE = $(B)/demo.db
demo-store: $(B)/newskg
	@rm -f $(DEMO_STORE) $(DEMO_STORE)-wal $(DEMO_STORE)-shm
	@$(B)/newskg load --store $(DEMO_STORE) $(ARTICLES:graphs/articles/%.txt=graphs/%.ttl)
	@echo "newskg query --store $(DEMO_STORE) -q scripts/queries/who-acted-against-whom.rq"
	@$(B)/newskg query --store $(DEMO_STORE) -f table -q scripts/queries/who-acted-against-whom.rq

graphs: $(B)/newskg
	@sh scripts/make-graphs graphs

# CI: regenerate into a temporary directory and compare with graphs/.
check-graphs: $(B)/newskg
	@sh scripts/make-graphs --check graphs

clean:
	rm -rf build build-asan build-tsan build-fuzz build-fuzz-fast

help:
	@echo "make            build build/newskg and build/libnewskg.a"
	@echo "make test       unit, golden and CLI tests (cmocka)"
	@echo "make asan       the tests under AddressSanitizer + UBSan"
	@echo "make tsan       the corpus tests (threads) under ThreadSanitizer"
	@echo "make valgrind   the unit tests under valgrind memcheck"
	@echo "make browser-test  the story view in headless Chromium (screenshots in build/browser/shots)"
	@echo "make valgrind-golden  the golden tests and graphs/ under valgrind (CI)"
	@echo "make fuzz       libFuzzer on every target in tests/fuzz (FUZZ_SECONDS=$(FUZZ_SECONDS) each)"
	@echo "make fuzz-fast  the same with ASan alone at -O2 (campaigns; no UBSan)"
	@echo "make demo       install deps, build, extract the example articles into graphs/,"
	@echo "                load them into an embedded store and run a ready query"
	@echo "make check-graphs  fail when graphs/ is not what the code produces"
	@echo "make install    install binary, library (static, shared), headers, newskg.pc"
	@echo "                (PREFIX=$(PREFIX), DESTDIR=...)"
