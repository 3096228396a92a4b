# jamwatch - build, test, fuzz and benchmark.
#
#   make demo         install, build, simulate the korea scenario and decode it
#   make              library (build/libjamwatch.a) and the ./jamwatch binary
#   make check        install missing Debian packages (as root), build, run every test
#   make SAN=1 check  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz         build the libFuzzer targets and fuzz each for FUZZ_SECONDS
#   make fuzz-replay  replay every fuzz corpus as a regression test
#   make bench        benchmarks beside their peers (see bench/)
#   make format       clang-format in place; make format-check fails on drift
#
# BUILD=dir puts objects elsewhere (parallel work trees, sanitizer builds).

CC      ?= cc
SAN     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
else
BUILD   ?= build
SANFLAGS =
OPT      = -O2 -g
endif

PKGS     = zlib libzstd jansson
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wvla -Wcast-qual -Wundef
CPPFLAGS += -Iinclude -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -fno-strict-aliasing
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lz -lzstd -ljansson) -lm
TEST_CFLAGS = -std=gnu11 $(OPT) -Wall -Wextra -Werror $(SANFLAGS)

LIB_SRC  = $(wildcard src/*.c)
CLI_SRC  = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)
LIB      = $(BUILD)/libjamwatch.a
BIN      = $(BUILD)/jamwatch
TESTBIN  = $(BUILD)/jamwatch-tests

.PHONY: all demo check test deps format format-check fuzz fuzz-replay bench clean
all: $(BIN) jamwatch

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS) -lpthread

# The binary at the top of the tree is the one the README uses.
jamwatch: $(BIN)
	ln -sf $(BIN) jamwatch

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS) -lcriterion -lpthread

deps:
	@scripts/deps.sh

# The main job on its built-in default: a simulated hour over Korea with
# jamming from the north, written as real feeds with ground truth, then
# decoded. (The live service with the map replaces this with issue 7.)
DEMO_SCENARIO ?= korea
demo: deps
	@$(MAKE) --no-print-directory all
	./jamwatch sim $(DEMO_SCENARIO) --hours 1 --out $(BUILD)/demo
	./jamwatch decode --count $(BUILD)/demo/adsb.beast
	./jamwatch decode --format nmea $(BUILD)/demo/ais.nmea > $(BUILD)/demo/ais.jsonl
	./jamwatch decode $(BUILD)/demo/adsb.beast 2>/dev/null | head -c 2000000 > $(BUILD)/demo/adsb-head.jsonl
	@echo "demo: feeds, truth and decoded samples in $(BUILD)/demo/ (see docs/sim.md)"

# Tests run from the top of the tree so that ../shared/data resolves; every
# suite that needs reference data skips visibly when it is absent.
check: deps
	@$(MAKE) --no-print-directory test

test: $(TESTBIN) $(BIN)
	JW_BIN=$(abspath $(BIN)) ./$(TESTBIN) --jobs 2 $(TEST_ARGS)

FORMAT_FILES = $(wildcard include/jamwatch/*.h src/*.c src/*.h cli/*.c cli/*.h tests/*.c tests/*.h fuzz/*.c bench/*.c)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

include fuzz/fuzz.mk
include bench/bench.mk

clean:
	rm -rf build build-san build-fuzz jamwatch

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
