# jamwatch - build, test, fuzz and benchmark.
#
#   make demo         install, build (with the web map), run the live monitor on the
#                     simulated korea scenario and print the map's URL
#   make web          the web app in web/dist (npm ci + build)
#   make              library (build/libjamwatch.a) and the ./jamwatch binary
#   make check        install missing Debian packages (as root), build, run every test
#   make SAN=1 check  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz         build the libFuzzer targets and fuzz each for FUZZ_SECONDS
#   make fuzz-replay  replay every fuzz corpus as a regression test
#   make bench        benchmarks beside their peers (see bench/)
#   make landmask     build the land raster build/landmask.bin (Natural Earth, npm)
#   make h3-tables    regenerate src/h3_tables.h, src/h3_face_lut.h from h3-js (h3-tables-check: diff)
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

PKGS     = zlib libzstd jansson sqlite3 libmicrohttpd
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wvla -Wcast-qual -Wundef
CPPFLAGS += -Iinclude -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -fno-strict-aliasing
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lz -lzstd -ljansson -lsqlite3 -lmicrohttpd) -lm
TEST_CFLAGS = -std=gnu11 $(OPT) -Wall -Wextra -Werror $(SANFLAGS)

# The live service's engine seam: the real engine when src/analysis.c is in
# the tree, otherwise the "no engine in this build" stand-in.
ifeq ($(wildcard src/analysis.c),)
LIB_SRC  = $(filter-out src/service_analysis.c,$(wildcard src/*.c))
else
LIB_SRC  = $(filter-out src/service_noengine.c,$(wildcard src/*.c))
endif
CLI_SRC  = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)
LIB      = $(BUILD)/libjamwatch.a
BIN      = $(BUILD)/jamwatch
TESTBIN  = $(BUILD)/jamwatch-tests

.PHONY: all demo check test deps format format-check fuzz fuzz-replay bench clean web eval
# The binary at the top of the tree (what the README uses) is the normal build's.
ifeq ($(SAN),1)
TOPBIN   =
else
TOPBIN   = jamwatch
endif
all: $(BIN) $(TOPBIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The decode path (feed readers -> Mode S decoder -> aircraft table) is built
# at -O3: it inlines the small per-message helpers (bench/bench_decode.sh).
# With GCC its objects also carry link-time-optimisation code (fat objects,
# so that any link still works), which lets the link inline across these
# modules (decoder -> table -> CPR and integrity).
HOT_OBJ = $(addprefix $(BUILD)/src/,beast.o feed.o modes.o modes_es.o modes_alt.o crc.o cpr.o \
          aircraft.o aircraft_pos.o integrity.o pipeline.o)
CC_IS_GCC := $(shell $(CC) --version 2>/dev/null | grep -q 'Free Software Foundation' && echo 1)
ifneq ($(SAN),1)
$(HOT_OBJ): OPT = -O3 -g $(if $(CC_IS_GCC),-flto=auto -ffat-lto-objects)
endif

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS) -lpthread

jamwatch: $(BIN)
	ln -sf $(BIN) jamwatch

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS) -lcriterion -lpthread

deps:
	@scripts/deps.sh

# The live monitor on the simulated korea scenario (jamming from the north),
# with the map: install what is missing, build (with the web app), run, and
# print the map's URL. DEMO_SPEED simulated seconds per second.
DEMO_SCENARIO ?= korea
DEMO_SPEED ?= 10
DEMO_PORT ?= 8080
demo: deps
	@$(MAKE) --no-print-directory all web
	@echo "demo: open http://127.0.0.1:$(DEMO_PORT)/ for the map (Ctrl-C stops; store in $(BUILD)/demo.db)"
	./jamwatch run --sim $(DEMO_SCENARIO) --speed $(DEMO_SPEED) --db $(BUILD)/demo.db \
	  --http-port $(DEMO_PORT) --web-dir web/dist

# The web app: npm packages from the lock file, then web/dist/ (app files,
# MapLibre GL JS, the Natural Earth basemap as GeoJSON).
WEBJS = web/node_modules/maplibre-gl/package.json
$(WEBJS): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	@touch $@
web: $(WEBJS)
	cd web && node build.mjs

# Tests run from the top of the tree so that ../shared/data resolves; every
# suite that needs reference data skips visibly when it is absent.
check: deps h3-node landmask
	@$(MAKE) --no-print-directory test

test: $(TESTBIN) $(BIN) $(TOPBIN)
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp) \
	JW_BIN=$(abspath $(BIN)) JW_LANDMASK=$(abspath $(LANDMASK)) ./$(TESTBIN) --jobs 2 $(TEST_ARGS)

FORMAT_FILES = $(wildcard include/jamwatch/*.h src/*.c src/*.h cli/*.c cli/*.h tests/*.c tests/*.h fuzz/*.c bench/*.c bench/*.h)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

# h3-js from npm: the H3 oracle test, the table generator, the bench peer.
H3JS = tools/h3/node_modules/h3-js/package.json
$(H3JS): tools/h3/package.json tools/h3/package-lock.json
	npm ci --prefix tools/h3
	@touch $@
.PHONY: h3-node h3-tables h3-tables-check
h3-node: $(H3JS)
# Regenerate src/h3_tables.h and src/h3_face_lut.h from h3-js (h3-tables-check: diff only).
h3-tables: $(H3JS)
	@mkdir -p $(BUILD)/h3gen
	node tools/h3/gen_tables.js $(BUILD)/h3gen && mv $(BUILD)/h3gen/h3_tables.h $(BUILD)/h3gen/h3_face_lut.h src/
h3-tables-check: $(H3JS)
	@mkdir -p $(BUILD)/h3gen
	node tools/h3/gen_tables.js $(BUILD)/h3gen
	diff -u src/h3_tables.h $(BUILD)/h3gen/h3_tables.h && diff -u src/h3_face_lut.h $(BUILD)/h3gen/h3_face_lut.h && echo "src/h3_tables.h, src/h3_face_lut.h match h3-js"

# The land raster of the sea evidence (src/landmask.c): derived data, built
# from the world-atlas npm package's Natural Earth polygons, never committed.
LANDMASK_NODE = tools/landmask/node_modules/world-atlas/package.json
$(LANDMASK_NODE): tools/landmask/package.json tools/landmask/package-lock.json
	npm ci --prefix tools/landmask
	@touch $@
LANDMASK = build/landmask.bin
$(LANDMASK): tools/landmask/gen_landmask.js $(LANDMASK_NODE)
	@mkdir -p $(dir $@)
	node tools/landmask/gen_landmask.js $@
.PHONY: landmask
landmask: $(LANDMASK)

# Every built-in scenario: simulate, analyze, score; one table (docs/analysis.md).
eval: $(BIN) $(TOPBIN)
	scripts/eval.sh ./jamwatch $(BUILD)/eval

include fuzz/fuzz.mk
include bench/bench.mk

clean:
	rm -rf build build-san build-fuzz jamwatch

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
