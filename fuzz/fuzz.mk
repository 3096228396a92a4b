# Fuzz targets: every fuzz/fuzz_<name>.c is one libFuzzer program built with
# clang, linked against the library sources compiled with the fuzzer's
# instrumentation. Corpora live in fuzz/corpus/<name>/.
FUZZ_CC      ?= clang
FUZZ_BUILD    = build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Iinclude -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
FUZZ_SRC      = $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS     = $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC) $(wildcard include/jamwatch/*.h src/*.h)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

# The command line's value parsers live with the CLI, not in the library.
$(FUZZ_BUILD)/fuzz_cli_values: fuzz/fuzz_cli_values.c cli/cli_util.c cli/cli_util.h
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< cli/cli_util.c -lm

.PHONY: fuzz-build
fuzz-build: deps $(FUZZ_BINS)

# Fuzz each target for FUZZ_SECONDS, growing its corpus (kept out of git:
# fuzz/corpus/<name>/ holds the checked-in seeds, new finds go to the build).
fuzz: fuzz-build
	@for b in $(FUZZ_BINS); do n=$${b##*/fuzz_}; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$n fuzz/corpus/$$n; \
	  echo "fuzzing $$n for $(FUZZ_SECONDS)s"; \
	  $$b -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
	      $(FUZZ_BUILD)/corpus/$$n fuzz/corpus/$$n >$(FUZZ_BUILD)/$$n.log 2>&1 \
	      || { tail -40 $(FUZZ_BUILD)/$$n.log; exit 1; }; \
	  tail -1 $(FUZZ_BUILD)/$$n.log; done

# Replay the checked-in corpus of every target (a regression test).
fuzz-replay: fuzz-build
	@for b in $(FUZZ_BINS); do n=$${b##*/fuzz_}; mkdir -p fuzz/corpus/$$n; \
	  echo "replaying $$n ($$(ls fuzz/corpus/$$n | wc -l) inputs)"; \
	  $$b -runs=0 -rss_limit_mb=2048 -timeout=10 fuzz/corpus/$$n >$(FUZZ_BUILD)/$$n.replay.log 2>&1 \
	      || { tail -40 $(FUZZ_BUILD)/$$n.replay.log; exit 1; }; done
