# Benchmarks: every bench/bench_<name>.sh runs one benchmark beside its peer
# and prints CPU-seconds, peak memory and the ratio. They need a built binary.
BENCH_SCRIPTS = $(sort $(wildcard bench/bench_*.sh))
BENCH_BINS = $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
bench: deps $(BIN) jamwatch $(BENCH_BINS) $(H3JS)
	@for s in $(BENCH_SCRIPTS); do echo "== $$s"; JW_BIN=$(abspath $(BIN)) JW_BENCH_DIR=$(abspath $(BUILD)/bench) bash $$s || exit 1; done

# C programs used by the bench scripts: bench/<name>.c -> $(BUILD)/bench/<name>.
$(BUILD)/bench/%: bench/%.c bench/bench_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lpthread
