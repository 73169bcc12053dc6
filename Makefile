# SPDX-License-Identifier: MIT
# Makefile - libsipstatus, the sipstatus CLI, and their tests.  See README.md.
#
#   make          build build/libsipstatus.{a,so} and build/sipstatus
#   make demo     install what is missing, build, run the CLI on a sipp capture
#   make check    install what is missing, build, run every test
#   make install  PREFIX=/usr/local DESTDIR=  (and make uninstall)
#   make bench    install what is missing, time the parser against its peers

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

RAGEL ?= ragel
RAGELFLAGS ?= -G2
CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
# Set by `make check` to -Werror; warnings are bugs.
WERROR ?=
SAN ?=
BUILD ?= build

VERSION := $(shell sed -n 's/^\#define SIPSTATUS_VERSION_STRING "\(.*\)"/\1/p' include/sipstatus.h)
SOVERSION := $(shell sed -n 's/^\#define SIPSTATUS_VERSION_MAJOR \([0-9]*\)/\1/p' include/sipstatus.h)
SONAME = libsipstatus.so.$(SOVERSION)

ALL_CFLAGS = $(WARNINGS) $(WERROR) -Iinclude -Isrc -fPIC -MMD -MP $(SAN) $(CFLAGS) $(CPPFLAGS)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

LIB_OBJS = $(BUILD)/parse.o $(BUILD)/registry.o $(BUILD)/format.o $(BUILD)/errors.o $(BUILD)/simd.o
# The capture decoder, stage by stage (src/capture.h lists them in order).
DECODER_OBJS = $(patsubst %,$(BUILD)/%.o,input file dissect link ip frag udp tcp hep sip capture)
CLI_OBJS = $(patsubst src/%.c,$(BUILD)/%.o,$(wildcard src/cli*.c src/report*.c)) $(DECODER_OBJS) $(BUILD)/gen.o $(BUILD)/gen_message.o
PCAP_LIBS := $(shell pkg-config --libs libpcap 2>/dev/null || echo -lpcap)
# sipstatus listen --metrics serves HTTP with libmicrohttpd, from a thread.
MHD_LIBS := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lpthread
TEST_OBJS = $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(wildcard tests/*.c)) \
            $(BUILD)/fuzz/reference.o

# Fuzzing (fuzz/README.md): one harness per file; the same harnesses also
# build without libFuzzer into one replayer that make check runs.
FUZZERS = fuzz_parse fuzz_roundtrip fuzz_format fuzz_differential fuzz_capture fuzz_file fuzz_resume fuzz_listen
# The differential harness compares the parser with the same grammar in
# another Ragel code style, without the shortcuts of tables.h.
RAGEL_ALT ?= -T0
ALT_NAMES = -DSIPSTATUS_NO_SHORTCUTS -Dsipstatus_parse=sipstatus_parse_alt \
            -Dsipstatus_reason_check=sipstatus_reason_check_alt \
            -Dsipstatus__utf8_valid=sipstatus__utf8_valid_alt \
            -Dsipstatus__utf8_char=sipstatus__utf8_char_alt \
            -Dsipstatus_parse_next=sipstatus_parse_next_alt -Dsipstatus_state_init=sipstatus_state_init_alt
FUZZ_SUPPORT = $(BUILD)/fuzz/fuzz_common.o $(BUILD)/fuzz/reference.o $(BUILD)/parse_alt.o \
               $(DECODER_OBJS) $(BUILD)/cli_hepin.o
REPLAY_OBJS = $(FUZZERS:%=$(BUILD)/replay/%.o) $(BUILD)/replay/fuzz_mutated.o $(BUILD)/replay/replay.o \
              $(FUZZ_SUPPORT) $(BUILD)/fuzz/mutator.o $(BUILD)/gen.o
# The grammar-aware mutator for other projects' fuzz targets (fuzz/README.md).
MUTATOR_OBJS = $(BUILD)/fuzz/mutator.o $(BUILD)/gen.o $(BUILD)/registry.o
# libFuzzer only refers to the mutator weakly, which pulls nothing from an
# archive: -u makes the linker take it.
MUTATOR_LINK = -Wl,-u,LLVMFuzzerCustomMutator -Wl,-u,LLVMFuzzerCustomCrossOver
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 512
FUZZ_BUILD = build/libfuzzer
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
MSAN_BUILD = build/libfuzzer-msan
MSAN_SAN = -fsanitize=fuzzer-no-link,memory -fsanitize-memory-track-origins
LLVM_VERSION ?= 14

# The benchmark (docs/performance.md): each peer is compiled in only when
# pkg-config finds it; its headers are system headers, outside -Werror.
BENCH_PEERS := $(foreach p,libosip2:OSIP sofia-sip-ua:SOFIA libre:RE,\
  $(if $(shell pkg-config --exists $(word 1,$(subst :, ,$(p))) 2>/dev/null && echo y),$(p)))
BENCH_PKGS = $(foreach p,$(BENCH_PEERS),$(word 1,$(subst :, ,$(p))))
BENCH_DEFS = $(foreach p,$(BENCH_PEERS),-DHAVE_$(word 2,$(subst :, ,$(p))))
BENCH_CFLAGS = $(BENCH_DEFS) $(patsubst -I%,-isystem %,$(if $(BENCH_PKGS),$(shell pkg-config --cflags $(BENCH_PKGS))))
BENCH_LIBS = $(if $(BENCH_PKGS),$(shell pkg-config --libs $(BENCH_PKGS)))
BENCH_REPS ?= 7
BENCH_LINES ?= 1000000
BENCH_INSTR_LINES ?= 100000

.PHONY: FORCE test-cmake deb test-deb test-debian test-licence bench-listen test-live test-listen test-kamailio test-cli-shared test-simd test-stream bench bench-instr deps-bench bench-capture test-gen test-capture test-encap test-data test-tunnels amalgamation test-amalgamation test-install test-minimal test-relay lint-man all demo check test-unit test-cli test-replay test-sanitize test-clang deps-build \
        deps-check deps-fuzz fuzz fuzz-msan fuzzers fuzz-run fuzz-msan-run fuzz-merge seeds coverage gen-coverage peers peers-report install uninstall clean
.PHONY: bench-diff bench-report
.PHONY: test-help test-progress test-farm test-report
.PHONY: wireshark-plugin install-wireshark-plugin uninstall-wireshark-plugin test-wireshark
.PHONY: test-sipreq test-fuzzuas test-genmsg test-afl

all: $(BUILD)/libsipstatus.a $(BUILD)/libsipstatus.so $(BUILD)/sipstatus

# Ragel output is generated, never edited, never committed.
$(BUILD)/%.c: src/%.rl grammar/sipstatus.rl
	mkdir -p $(@D)
	$(RAGEL) $(RAGELFLAGS) -I grammar $< -o $@

$(BUILD)/parse.o: $(BUILD)/parse.c $(BUILD)/tables.h
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c $< -o $@

# The parser's shortcut tables (which bytes stand for themselves in a
# reason; the state after "SIP/2.0 "), computed by running the grammar's own
# machine; the generator fails the build if a shortcut would differ from it.
# A build tool: built with its own flags, not the build's CFLAGS and SAN
# (a coverage or fuzzing build would instrument it).
GEN_CFLAGS = $(WARNINGS) $(WERROR) -Iinclude -Isrc -I$(BUILD) -O1 -g
$(BUILD)/tables.h: src/gen_tables.c src/registry.c src/simd.c src/internal.h include/sipstatus.h \
                   $(BUILD)/parse.c
	$(CC) $(GEN_CFLAGS) src/gen_tables.c src/registry.c src/simd.c -o $(BUILD)/gen_tables
	$(BUILD)/gen_tables > $@.tmp
	mv $@.tmp $@

$(BUILD)/parse_alt.c: src/parse.rl grammar/sipstatus.rl
	mkdir -p $(@D)
	$(RAGEL) $(RAGEL_ALT) -I grammar $< -o $@

$(BUILD)/parse_alt.o: $(BUILD)/parse_alt.c Makefile
	$(CC) $(ALL_CFLAGS) $(ALT_NAMES) -c $(BUILD)/parse_alt.c -o $@

$(BUILD)/%.o: src/%.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifuzz -Itests $(CHECK_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/%.o: fuzz/%.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifuzz -c $< -o $@

$(BUILD)/replay/%.o: fuzz/%.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifuzz -DSIPSTATUS_REPLAY -c $< -o $@

$(BUILD)/examples/%.o: examples/%.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/relay $(BUILD)/minimal $(BUILD)/stream: $(BUILD)/%: $(BUILD)/examples/%.o $(BUILD)/libsipstatus.a
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $^ -o $@

$(BUILD)/libsipstatus.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libsipstatus.so: $(LIB_OBJS) src/libsipstatus.map
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
	  -Wl,--version-script=src/libsipstatus.map $(LIB_OBJS) -o $@

$(BUILD)/sipstatus: $(CLI_OBJS) $(BUILD)/libsipstatus.a
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $(CLI_OBJS) $(BUILD)/libsipstatus.a $(PCAP_LIBS) $(MHD_LIBS) -lz -ldl -o $@

# The same CLI linked against libsipstatus.so, which exports only the
# public API: it links only if the CLI uses nothing else.  The soname's
# link sits beside the library, found through the rpath.
$(BUILD)/shared/sipstatus: $(CLI_OBJS) $(BUILD)/libsipstatus.so
	mkdir -p $(@D)
	ln -sf libsipstatus.so $(BUILD)/$(SONAME)
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $(CLI_OBJS) $(BUILD)/libsipstatus.so -Wl,-rpath,'$$ORIGIN/..' \
	  $(PCAP_LIBS) $(MHD_LIBS) -lz -ldl -o $@

# Writes the edge-case captures tests/capture.sh checks.
$(BUILD)/craft: tests/craft/craft.c tests/craft/bytes.h
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) tests/craft/craft.c $(PCAP_LIBS) -o $@

# Writes the hostile captures (budgets: flows, headers, reordering,
# fragments) and a baseline, at a size given to it; tests/hostile.sh.
$(BUILD)/hostile: tests/craft/hostile.c tests/craft/bytes.h
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) tests/craft/hostile.c $(PCAP_LIBS) -o $@

$(BUILD)/check_sipstatus: $(TEST_OBJS) $(BUILD)/libsipstatus.a
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $(TEST_OBJS) $(BUILD)/libsipstatus.a $(CHECK_LIBS) -o $@

$(BUILD)/replay/replay: $(REPLAY_OBJS) $(BUILD)/libsipstatus.a
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $(REPLAY_OBJS) $(BUILD)/libsipstatus.a -lz -o $@

$(FUZZERS:%=$(BUILD)/fuzz/%): $(BUILD)/fuzz/%: $(BUILD)/fuzz/%.o $(FUZZ_SUPPORT) $(BUILD)/libsipstatus.a
	$(CC) $(SAN) -fsanitize=fuzzer $(CFLAGS) $(LDFLAGS) $^ -lz -o $@

# The same mutator as an AFL++ custom mutator (AFL_CUSTOM_MUTATOR_LIBRARY).
$(BUILD)/afl_mutator.so: $(BUILD)/fuzz/afl_mutator.o $(MUTATOR_OBJS)
	$(CC) -shared $(SAN) $(CFLAGS) $(LDFLAGS) -Wl,--no-undefined $^ -o $@

# AFL++'s smoke target: fuzz/afl_target.c and the library, built with
# afl-cc into build/afl/ (tests/afl.sh).
AFL_BUILD = build/afl
$(BUILD)/fuzz/afl_target: fuzz/afl_target.c $(BUILD)/libsipstatus.a
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ -o $@

$(BUILD)/libsipstatus_mutator.a: $(MUTATOR_OBJS)
	rm -f $@
	ar rcs $@ $^

# The mutator's example harness: the parse invariants, on what it writes
# (fuzz_parse's body comes from its object without an entry point).
$(BUILD)/fuzz/fuzz_mutated: $(BUILD)/fuzz/fuzz_mutated.o $(BUILD)/replay/fuzz_parse.o $(FUZZ_SUPPORT) $(BUILD)/libsipstatus_mutator.a \
                            $(BUILD)/libsipstatus.a
	$(CC) $(SAN) -fsanitize=fuzzer $(CFLAGS) $(LDFLAGS) $(MUTATOR_LINK) $^ -lz -o $@

$(BUILD)/bench/bench.o: bench/bench.c Makefile
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(BENCH_CFLAGS) -c $< -o $@

$(BUILD)/bench/bench: $(BUILD)/bench/bench.o $(BUILD)/libsipstatus.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(BENCH_LIBS) -o $@

# The side-by-side table (ns/line, MB/s, ratios) on the corpora of bench.c.
# Then the library's contestants again under each reason path, forced.
bench:
	scripts/deps bench
	$(MAKE) $(BUILD)/bench/bench
	$(BUILD)/bench/bench -r $(BENCH_REPS) -n $(BENCH_LINES)
	for s in $(SIMD_PATHS); do \
	  SIPSTATUS_SIMD=$$s $(BUILD)/bench/bench -r $(BENCH_REPS) -n $(BENCH_LINES) \
	    -c memchr -c strict -c lenient -c strict_utf8 || exit 1; \
	done

# Instructions per line for each contestant, counted by callgrind.
bench-instr:
	scripts/deps bench
	$(MAKE) $(BUILD)/bench/bench
	scripts/bench-instr $(BUILD)/bench/bench $(BENCH_INSTR_LINES)

# The library in one source and one header, Ragel output inside: dist/.
amalgamation: dist/sipstatus.c dist/sipstatus.h

dist/sipstatus.c dist/sipstatus.h &: $(BUILD)/parse.c $(BUILD)/tables.h src/internal.h src/registry.c src/simd.c \
                                   src/format.c src/errors.c include/sipstatus.h scripts/amalgamate
	scripts/amalgamate $(BUILD)/parse.c $(BUILD)/tables.h dist

$(BUILD)/amalgamation/sipstatus.o: dist/sipstatus.c dist/sipstatus.h
	mkdir -p $(@D)
	$(CC) -std=c99 -Wall -Wextra -Wpedantic $(WERROR) -c dist/sipstatus.c -o $(BUILD)/amalgamation/c99.o
	$(CC) $(ALL_CFLAGS) -Idist -c dist/sipstatus.c -o $@

$(BUILD)/amalgamation/check_sipstatus: $(TEST_OBJS) $(BUILD)/amalgamation/sipstatus.o
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) $^ $(CHECK_LIBS) -o $@

$(BUILD)/amalgamation/cxx_header: tests/cxx_header.cpp $(BUILD)/amalgamation/sipstatus.o
	$(CXX) -std=c++11 -Wall -Wextra -Wpedantic $(WERROR) -Idist $^ -o $@

# The unit tests against dist/sipstatus.c, and its header from C++.
test-amalgamation: $(BUILD)/amalgamation/check_sipstatus $(BUILD)/amalgamation/cxx_header
	$(BUILD)/amalgamation/check_sipstatus
	$(BUILD)/amalgamation/cxx_header

test-install: all
	bash tests/install.sh

# tests/cmake-consumer built with find_package(sipstatus) against a DESTDIR
# install, shared and static, and from a moved copy; version requests.
test-cmake: all
	bash tests/cmake.sh

# The README's example must stay examples/minimal.c's function, byte for byte.
test-minimal: $(BUILD)/minimal
	$(BUILD)/minimal > $(BUILD)/minimal.out 2>&1
	grep -qxF 'SIP/2.0 486 [Busy], 18 bytes' $(BUILD)/minimal.out
	grep -qF '(E_REASON) at byte 36' $(BUILD)/minimal.out
	sed -n '/^void on_response/,/^}/p' README.md > $(BUILD)/readme-example.c
	sed -n '/^void on_response/,/^}/p' examples/minimal.c | diff -u $(BUILD)/readme-example.c -

# The README's read loop must stay examples/stream.c's function, and read
# a line written to it a byte at a time as one written at once.
test-stream: $(BUILD)/stream
	sed -n '/^int read_status_line/,/^}/p' README.md > $(BUILD)/readme-stream.c
	sed -n '/^int read_status_line/,/^}/p' examples/stream.c | diff -u $(BUILD)/readme-stream.c -
	printf '\r\nSIP/2.0 180 Ringing\r\nVia: x\r\n' | $(BUILD)/stream | grep -qxF '180 [Ringing] 23'
	line='SIP/2.0 200 caf\303\251 %%41\r\n'; \
	  for i in $$(seq 1 $$(printf "$$line" | wc -c)); do printf "$$line" | head -c $$i | tail -c 1; sleep 0.02; done | \
	  $(BUILD)/stream | grep -qxF '200 [café %41] 23'
	printf 'SIP/2.0 200 a"b\r\n' | $(BUILD)/stream | grep -qxF 'E_REASON at byte 13'

# examples/relay.c carries real sipp calls on 127.0.0.1 (tests/sipp/).
test-relay: $(BUILD)/relay
	bash tests/relay.sh $(BUILD)/relay

# libsipstatus0, libsipstatus-dev and sipstatus (debian/) with
# dpkg-buildpackage -us -uc -b in a copy of the tree (scripts/deb); the
# .debs are left in build/deb/.
deb:
	scripts/deps deb
	scripts/deb build/deb

# Builds the packages, lints them, installs them with dpkg -i, uses them
# (the CLI, pkg-config, CMake), compares dpkg-gensymbols with the symbols
# file, and purges them; refuses to run over a sipstatus installed already.
test-deb: deb
	bash tests/deb.sh build/deb

# debian/ against the tree, without building packages: the symbols file is
# what build/libsipstatus.so exports (src/libsipstatus.map) and what the
# header declares; debian/changelog has the header's version.
test-debian: $(BUILD)/libsipstatus.so
	bash tests/debian.sh $(BUILD)/libsipstatus.so

# The Wireshark and tshark plugin (wireshark/, README.md "Wireshark and
# tshark"): a separate product, built against the installed Wireshark
# (pkg-config wireshark), with libsipstatus linked in statically and kept
# private (--exclude-libs).  Nothing of Wireshark enters the library or the
# CLI.  Installed per user by default, or WIRESHARK_SCOPE=system for
# Wireshark's own plugin folder; WIRESHARK_EPAN_DIR overrides either.
comma := ,
WS_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags wireshark 2>/dev/null))
WS_LIBS = $(filter-out -Wl$(comma)--export-dynamic,$(shell pkg-config --libs wireshark 2>/dev/null))
WS_VERSION = $(shell pkg-config --modversion wireshark 2>/dev/null | cut -d. -f1,2)
WIRESHARK_SCOPE ?= user
WIRESHARK_EPAN_DIR ?= $(if $(filter system,$(WIRESHARK_SCOPE)),$(shell pkg-config --variable=plugindir wireshark 2>/dev/null)/epan,$(HOME)/.local/lib/wireshark/plugins/$(WS_VERSION)/epan)

wireshark-plugin:
	scripts/deps wireshark
	$(MAKE) $(BUILD)/wireshark/sipstatus.so

$(BUILD)/wireshark/sipstatus.so: wireshark/packet-sipstatus.c include/sipstatus.h $(BUILD)/libsipstatus.a
	mkdir -p $(@D)
	$(CC) $(WARNINGS) $(WERROR) -Iinclude $(WS_CFLAGS) -fPIC -shared $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) \
	  wireshark/packet-sipstatus.c $(BUILD)/libsipstatus.a -Wl,--exclude-libs,ALL $(WS_LIBS) -o $@

install-wireshark-plugin: wireshark-plugin
	test -n "$(WS_VERSION)"
	install -d $(DESTDIR)$(WIRESHARK_EPAN_DIR)
	install -m 755 $(BUILD)/wireshark/sipstatus.so $(DESTDIR)$(WIRESHARK_EPAN_DIR)/

uninstall-wireshark-plugin:
	rm -f $(DESTDIR)$(WIRESHARK_EPAN_DIR)/sipstatus.so

# tshark with the plugin against `sipstatus check --json` on every capture
# in tests/data and tests/craft's (tests/wireshark.sh); skipped, saying so, only when tshark
# or Wireshark's headers cannot be installed.
test-wireshark: $(BUILD)/sipstatus $(BUILD)/craft
	scripts/deps wireshark || echo 'test-wireshark: scripts/deps wireshark failed; going on if tshark is there'
	if command -v tshark >/dev/null && pkg-config --exists wireshark; then \
	  $(MAKE) $(BUILD)/wireshark/sipstatus.so && \
	  bash tests/wireshark.sh $(BUILD)/sipstatus $(BUILD)/wireshark/sipstatus.so $(BUILD)/craft; \
	else \
	  echo 'SKIP test-wireshark: tshark or libwireshark-dev is not installed and could not be (scripts/deps wireshark)'; \
	fi
# fuzz-uas's request reader (src/cli_sipreq.c), table-driven, at page ends.
$(BUILD)/check_sipreq: tests/sipreq/test_sipreq.c $(BUILD)/cli_sipreq.o
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(LDFLAGS) $^ $(CHECK_LIBS) -o $@

test-sipreq: $(BUILD)/check_sipreq
	$(BUILD)/check_sipreq

# sipstatus fuzz-uas answering real sipp UACs on 127.0.0.1 over UDP and
# TCP, then noticing one killed mid-run (tests/fuzzuas.sh).
test-fuzzuas: $(BUILD)/sipstatus
	bash tests/fuzzuas.sh $(BUILD)/sipstatus

# sipstatus gen --message: whole responses and their labelled corpus.
test-genmsg: $(BUILD)/sipstatus
	bash tests/genmsg.sh $(BUILD)/sipstatus

# Debian's afl-fuzz for AFL_SECONDS with the mutator of afl_mutator.so on
# fuzz/afl_target.c, then its queue checked (tests/afl.sh).
AFL_SECONDS ?= 20
test-afl: $(BUILD)/afl_mutator.so $(BUILD)/sipstatus
	$(MAKE) BUILD=$(AFL_BUILD) CC=afl-cc AFL_QUIET=1 $(AFL_BUILD)/fuzz/afl_target
	bash tests/afl.sh $(AFL_BUILD)/fuzz/afl_target $(BUILD)/afl_mutator.so $(BUILD)/sipstatus $(AFL_SECONDS)

# Every source file carries the MIT SPDX line; the check fails without one.
test-licence:
	bash tests/licence.sh

# The man pages lint clean (mandoc -T lint -W warning, else man --warnings with groff).
lint-man:
	scripts/lint-man man/sipstatus.1 man/sipstatus.3

# The two commands of README.md: each first installs what it needs.
demo:
	scripts/deps build
	$(MAKE) all
	# exit status 1 means findings, which the capture has on purpose: sipp
	# calls whose UAS sent malformed status lines (tests/data/README.md)
	$(BUILD)/sipstatus check -W tests/data/sipp-udp.pcap; test $$? -eq 1

check:
	scripts/deps check
	$(MAKE) WERROR=-Werror all $(BUILD)/libsipstatus_mutator.a $(BUILD)/check_sipstatus $(BUILD)/replay/replay $(BUILD)/relay $(BUILD)/minimal $(BUILD)/stream \
	  $(BUILD)/craft $(BUILD)/hostile
	$(MAKE) WERROR=-Werror test-unit test-replay test-simd test-cli test-cli-shared test-gen test-capture test-encap \
	  test-data test-tunnels test-live test-listen test-kamailio test-amalgamation test-install lint-man test-minimal \
	  test-stream test-relay test-licence test-cmake test-debian test-help test-progress test-farm test-wireshark test-sipreq test-fuzzuas test-genmsg test-afl test-report
	$(MAKE) test-sanitize
	$(MAKE) test-clang

test-unit: $(BUILD)/check_sipstatus
	$(BUILD)/check_sipstatus

test-replay: $(BUILD)/replay/replay
	$(BUILD)/replay/replay fuzz/corpus fuzz/regressions

# The unit tests and the corpus replay again with each reason path forced
# (SIPSTATUS_SIMD; a path the CPU lacks gives the best it has, and the
# tests say so).
SIMD_PATHS = scalar sse2 avx2
test-simd: $(BUILD)/check_sipstatus $(BUILD)/replay/replay
	for s in $(SIMD_PATHS); do \
	  SIPSTATUS_SIMD=$$s $(BUILD)/check_sipstatus || exit 1; \
	  SIPSTATUS_SIMD=$$s $(BUILD)/replay/replay fuzz/corpus fuzz/regressions || exit 1; \
	done

test-cli: $(BUILD)/sipstatus
	bash tests/cli.sh $(BUILD)/sipstatus

# The CLI tests again with the CLI linked against libsipstatus.so.
# The CLI's conventions: per-subcommand --help against man/sipstatus.1,
# one-line usage errors, --quiet with --summary.
test-help: $(BUILD)/sipstatus
	bash tests/help.sh $(BUILD)/sipstatus man/sipstatus.1

# Every output format of check read back by a real consumer: SARIF by the
# SARIF Multitool, JUnit by junitparser, CSV by Python, HTML by Chromium.
test-report: $(BUILD)/sipstatus $(BUILD)/craft
	scripts/deps report
	bash tests/report.sh $(BUILD)/sipstatus $(BUILD)/craft

# The progress line of check and the status line of live runs and listen,
# under a pseudo-terminal (script(1)).
test-progress: $(BUILD)/sipstatus
	bash tests/progress.sh $(BUILD)/sipstatus

# README's capture-farm recipe: xargs -P over files, JSON Lines merged.
test-farm: $(BUILD)/sipstatus
	bash tests/farm.sh $(BUILD)/sipstatus

test-cli-shared: $(BUILD)/shared/sipstatus
	readelf -d $(BUILD)/shared/sipstatus | grep -F 'Shared library: [$(SONAME)]'
	bash tests/cli.sh $(BUILD)/shared/sipstatus

test-capture: $(BUILD)/sipstatus $(BUILD)/craft
	bash tests/capture.sh $(BUILD)/sipstatus $(BUILD)/craft

# The hostile captures at a small size (tests/hostile.sh), then tunnels
# and encapsulations (tests/encap.sh).
test-encap: $(BUILD)/sipstatus $(BUILD)/craft $(BUILD)/hostile
	bash tests/hostile.sh $(BUILD)/sipstatus $(BUILD)/hostile
	bash tests/encap.sh $(BUILD)/sipstatus $(BUILD)/craft

# sipstatus gen and diff, with test peers built from tests/peers/.
test-gen: $(BUILD)/sipstatus $(BUILD)/libsipstatus.a
	bash tests/gen.sh $(BUILD)/sipstatus

test-data: $(BUILD)/sipstatus
	bash tests/data.sh $(BUILD)/sipstatus

# The VXLAN, merged pcapng and gzip captures; as root also a live vxlan
# between two network namespaces (skipped otherwise).
test-tunnels: $(BUILD)/sipstatus
	bash tests/tunnels.sh $(BUILD)/sipstatus

# Findings as packets come: check - on a pipe kept open, and (as root)
# check -i lo/any while sipp makes calls on 127.0.0.1.
test-live: $(BUILD)/sipstatus
	bash tests/live.sh $(BUILD)/sipstatus

# sipstatus listen on loopback: HEP from tests/listen/hep.py, hostile
# packets, limits, SIGHUP, /metrics with promtool and a Prometheus server.
test-listen: $(BUILD)/sipstatus
	bash tests/listen.sh $(BUILD)/sipstatus

# A real Kamailio (siptrace, HEP v3 and v2, UDP and TCP) mirroring sipp
# calls to listen, whose findings must be check's on a capture of them.
test-kamailio: $(BUILD)/sipstatus
	bash tests/kamailio.sh $(BUILD)/sipstatus

# The unit tests again with AddressSanitizer and UBSan (gcc), and with
# clang -Werror, each in its own build directory.
test-sanitize:
	$(MAKE) BUILD=build/sanitize WERROR=-Werror CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	  SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' test-unit test-replay test-simd test-cli test-gen \
	  test-capture test-encap test-data test-relay test-listen test-kamailio test-help test-progress test-sipreq test-fuzzuas test-genmsg

test-clang:
	$(MAKE) BUILD=build/clang CC=clang WERROR=-Werror test-unit test-replay test-simd test-capture test-encap build/clang/relay build/clang/stream \
	  build/clang/minimal

# `sipstatus check` on a large capture (CAPTURE_MB, and 4x that) against a
# floor program, on hostile captures, and on 10M lines; see bench/capture.sh.
CAPTURE_MB ?= 100
bench-capture:
	scripts/deps bench-capture
	$(MAKE) $(BUILD)/sipstatus $(BUILD)/bench/floor $(BUILD)/hostile
	bash bench/capture.sh $(BUILD)/sipstatus $(BUILD)/bench/floor $(BUILD)/hostile $(CAPTURE_MB)

# What each output format of the report layer costs (bench/report.sh): a
# capture and a generated line file, every format against --quiet.
REPORT_MB ?= 200
REPORT_LINES ?= 1000000
bench-report:
	scripts/deps bench-capture
	$(MAKE) $(BUILD)/sipstatus
	bash bench/report.sh $(BUILD)/sipstatus $(REPORT_MB) $(REPORT_LINES)

# `sipstatus diff` against persistent peers (bench/diff.sh): inputs/s for
# each npm stack through peers/node/peer.js, then each plugin built.
BENCH_DIFF_COUNT ?= 50000
bench-diff:
	scripts/deps peers
	$(MAKE) $(BUILD)/sipstatus peers
	bash bench/diff.sh $(BUILD)/sipstatus $(BENCH_DIFF_COUNT) $(PEERS:%=$(BUILD)/peers/%.so)

# sipstatus listen under loopback HEP floods (bench/listen.sh), for
# docs/performance.md: loss by rate, CPU per packet, RSS after 10M, TCP
# with 1,000 senders.
LISTEN_PACKETS ?= 2000000
bench-listen:
	scripts/deps build
	$(MAKE) $(BUILD)/sipstatus $(BUILD)/bench/hepflood
	bash bench/listen.sh $(BUILD)/sipstatus $(BUILD)/bench/hepflood $(LISTEN_PACKETS)

$(BUILD)/bench/hepflood: bench/hepflood.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) bench/hepflood.c -o $@

# The floor of bench/capture.sh: libpcap and memchr, nothing else.
$(BUILD)/bench/floor: bench/floor.c
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) bench/floor.c $(PCAP_LIBS) -o $@

# libFuzzer harnesses, built with clang and sanitizers into build/libfuzzer/fuzz/.
fuzz:
	scripts/deps fuzz
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS='-O1 -g' SAN='$(FUZZ_SAN)' fuzzers

fuzzers: $(FUZZERS:%=$(BUILD)/fuzz/%) $(BUILD)/fuzz/fuzz_mutated

# The same harnesses under MemorySanitizer (plain C needs no instrumented libc).
fuzz-msan:
	scripts/deps fuzz
	$(MAKE) BUILD=$(MSAN_BUILD) CC=clang CFLAGS='-O1 -g' SAN='$(MSAN_SAN)' fuzzers

# Runs each harness for FUZZ_SECONDS; new inputs go to build/fuzz-corpus/,
# crashes to build/fuzz-crashes/ (and the reproducer is printed).
fuzz-run: fuzz
	scripts/fuzz-run $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_MAX_LEN) $(FUZZERS) fuzz_mutated
	for s in $(SIMD_PATHS); do \
	  SIPSTATUS_SIMD=$$s scripts/fuzz-run $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_MAX_LEN) \
	    fuzz_differential fuzz_resume || exit 1; \
	done

fuzz-msan-run: fuzz-msan
	scripts/fuzz-run $(MSAN_BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_MAX_LEN) $(FUZZERS)

# Adds to fuzz/corpus/ the inputs of build/fuzz-corpus/ that reach new coverage.
fuzz-merge: fuzz
	for h in $(FUZZERS); do \
	  $(FUZZ_BUILD)/fuzz/$$h -merge=1 -max_len=$(FUZZ_MAX_LEN) fuzz/corpus/$$h build/fuzz-corpus/$$h; \
	done

# Refreshes fuzz/corpus/ with every unit-test input and the sample lines.
seeds: $(BUILD)/check_sipstatus
	scripts/make-seeds $(BUILD)

# Line and branch coverage of the library by the replayer over the corpus.
coverage:
	scripts/deps fuzz
	$(MAKE) BUILD=build/coverage CC=clang \
	  CFLAGS='-O0 -g -fprofile-instr-generate -fcoverage-mapping' build/coverage/replay/replay
	rm -f build/coverage/*.profraw
	LLVM_PROFILE_FILE=build/coverage/replay.profraw build/coverage/replay/replay fuzz/corpus fuzz/regressions
	llvm-profdata-$(LLVM_VERSION) merge -o build/coverage/replay.profdata build/coverage/replay.profraw
	llvm-cov-$(LLVM_VERSION) report build/coverage/replay/replay -instr-profile=build/coverage/replay.profdata \
	  build/coverage/parse.c src/parse.rl src/registry.c src/format.c src/errors.c

# Line and branch coverage of the parser over a corpus written by
# `sipstatus gen` under every flag set gen knows (scripts/gen-coverage).
GEN_COVERAGE_COUNT ?= 4000
gen-coverage:
	scripts/deps fuzz
	$(MAKE) BUILD=build/gen-coverage CC=clang \
	  CFLAGS='-O0 -g -fprofile-instr-generate -fcoverage-mapping' build/gen-coverage/sipstatus
	scripts/gen-coverage build/gen-coverage $(GEN_COVERAGE_COUNT) $(LLVM_VERSION)

# Peers for `sipstatus diff` (peers/): each built only when pkg-config
# finds its package (`scripts/deps peers` installs them).
peer_found = $(shell pkg-config --exists $(1) 2>/dev/null && echo $(2))
PEERS := $(call peer_found,libosip2,osip) $(call peer_found,sofia-sip-ua,sofia) \
         $(call peer_found,libre,libre) $(call peer_found,belle-sip,bellesip)
PEER_PKG_osip = libosip2
PEER_PKG_sofia = sofia-sip-ua
PEER_PKG_libre = libre
PEER_PKG_bellesip = belle-sip
PEER_CFLAGS_libre = -D_DEFAULT_SOURCE
# belle_sip_set_log_level is bctoolbox's, which belle-sip.pc leaves out
PEER_LIBS_bellesip = -lbctoolbox
PEER_COUNT ?= 20000

peers: $(PEERS:%=$(BUILD)/peers/%.so)

# Their headers are not ours: -isystem keeps their warnings out of -Werror.
$(BUILD)/peers/%.so: peers/%.c peers/sipstatus_peer.h
	mkdir -p $(@D)
	$(CC) $(WARNINGS) $(WERROR) -fPIC -shared $(PEER_CFLAGS_$*) -Ipeers \
	  $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PEER_PKG_$*))) $(CFLAGS) $(LDFLAGS) \
	  $< $(shell pkg-config --libs $(PEER_PKG_$*)) $(PEER_LIBS_$*) -o $@

# The hand check of docs/peers.md: the four C stacks called directly.
$(BUILD)/peers/handcheck: peers/handcheck.c peers/message.h
	mkdir -p $(@D)
	$(CC) $(WARNINGS) $(WERROR) -D_DEFAULT_SOURCE \
	  $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libosip2 sofia-sip-ua libre belle-sip)) $(CFLAGS) \
	  $(LDFLAGS) $< $(shell pkg-config --libs libosip2 sofia-sip-ua libre belle-sip) -lbctoolbox -o $@

# docs/peers.md: peers/FINDINGS.md (checked by hand), then `sipstatus diff`
# against each peer built and each npm stack of peers/node/.
NODE_PEERS = sip jssip drachtio-sip
peers-report: all peers
	scripts/deps peers
	scripts/peers-report $(BUILD)/sipstatus $(PEER_COUNT) $(PEERS:%=$(BUILD)/peers/%.so) \
	  $(NODE_PEERS:%=node:%) > docs/peers.md.tmp
	mv docs/peers.md.tmp docs/peers.md

deps-build:
	scripts/deps build

deps-check:
	scripts/deps check

deps-fuzz:
	scripts/deps fuzz

deps-bench:
	scripts/deps bench

# Written on every install, so that it always holds this PREFIX.
build/sipstatus.pc: FORCE
	mkdir -p $(@D)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: sipstatus' 'Description: SIP Status-Line parser, validator and formatter (RFC 3261)' \
	  'Version: $(VERSION)' 'Libs: -L$${libdir} -lsipstatus' 'Cflags: -I$${includedir}' > $@

# The CMake package (cmake/*.cmake.in), also written on every install: its
# paths are relative to CMAKEDIR, so DESTDIR installs and moved prefixes
# work; the version file refuses builds of another pointer size.
CMAKEDIR ?= $(LIBDIR)/cmake/sipstatus
CMAKE_FILES = sipstatusConfig.cmake sipstatusConfigVersion.cmake sipstatusTargets.cmake
SIZEOF_VOID_P = $(shell echo __SIZEOF_POINTER__ | $(CC) -E -P - 2>/dev/null | tr -d ' ')
$(CMAKE_FILES:%=build/cmake/%): build/cmake/%: cmake/%.in FORCE
	mkdir -p $(@D)
	sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@SOVERSION@|$(SOVERSION)|g' -e 's|@SIZEOF_VOID_P@|$(SIZEOF_VOID_P)|g' \
	  -e "s|@CMAKE_TO_LIB@|$$(realpath -m --relative-to='$(CMAKEDIR)' '$(LIBDIR)')|g" \
	  -e "s|@CMAKE_TO_INCLUDE@|$$(realpath -m --relative-to='$(CMAKEDIR)' '$(INCLUDEDIR)')|g" $< > $@

install: all build/sipstatus.pc $(CMAKE_FILES:%=build/cmake/%)
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR)
	install -m 644 build/libsipstatus.a $(DESTDIR)$(LIBDIR)/
	install -m 755 build/libsipstatus.so $(DESTDIR)$(LIBDIR)/libsipstatus.so.$(VERSION)
	ln -sf libsipstatus.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsipstatus.so
	install -m 644 include/sipstatus.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 build/sipstatus.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 755 build/sipstatus $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 man/sipstatus.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/sipstatus.3 $(DESTDIR)$(MANDIR)/man3/
	install -d $(DESTDIR)$(CMAKEDIR)
	install -m 644 $(CMAKE_FILES:%=build/cmake/%) $(DESTDIR)$(CMAKEDIR)/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libsipstatus.a $(DESTDIR)$(LIBDIR)/libsipstatus.so \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libsipstatus.so.$(VERSION) \
	  $(DESTDIR)$(INCLUDEDIR)/sipstatus.h $(DESTDIR)$(LIBDIR)/pkgconfig/sipstatus.pc \
	  $(DESTDIR)$(BINDIR)/sipstatus $(DESTDIR)$(MANDIR)/man1/sipstatus.1 \
	  $(DESTDIR)$(MANDIR)/man3/sipstatus.3
	rm -f $(CMAKE_FILES:%=$(DESTDIR)$(CMAKEDIR)/%)
	if [ -d $(DESTDIR)$(CMAKEDIR) ]; then rmdir --ignore-fail-on-non-empty $(DESTDIR)$(CMAKEDIR); fi

clean:
	rm -rf build dist

FORCE:

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d $(BUILD)/fuzz/*.d $(BUILD)/replay/*.d \
                    $(BUILD)/examples/*.d $(BUILD)/bench/*.d)
