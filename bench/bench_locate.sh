#!/usr/bin/env bash
# bench_locate.sh - CPU time of one jammer estimate over 2,000 observations
# (bench/locate_bench.c: seeded synthetic events made with the simulator's
# physics, as tests/test_locate.c), beside the peer method of the
# literature run in the same script: an exhaustive hard-boundary grid search
# (5 km x 1 dB, source height fixed) on the first events of the same seed.
# Prints CPU-seconds per estimate, whole-process CPU and peak memory
# (/usr/bin/time), the location errors, and the speed ratio; also the
# multi-source fit (jw_locate_jammers, up to 3 sources) on the same events:
# its cost and how many sources it finds where there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${JW_BENCH_DIR:-build/bench}
EVENTS=${JW_LOCATE_BENCH_EVENTS:-20}
PEER_EVENTS=${JW_LOCATE_BENCH_PEER_EVENTS:-3}
N=${JW_LOCATE_BENCH_N:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/time -f '%U %S %M' -o "$tmp/ours.time" "$BENCH_DIR/locate_bench" "$EVENTS" "$N" ours >"$tmp/ours.out"
"$BENCH_DIR/locate_bench" "$PEER_EVENTS" "$N" ours >"$tmp/ours_few.out"
/usr/bin/time -f '%U %S %M' -o "$tmp/multi.time" "$BENCH_DIR/locate_bench" "$EVENTS" "$N" multi >"$tmp/multi.out"
/usr/bin/time -f '%U %S %M' -o "$tmp/grid.time" "$BENCH_DIR/locate_bench" "$PEER_EVENTS" "$N" grid >"$tmp/grid.out"

field() { awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' "$1"; }
read -r ou os om <"$tmp/ours.time"
read -r gu gs gm <"$tmp/grid.time"
read -r mu ms mm <"$tmp/multi.time"
printf 'locate: one jammer estimate over %s observations\n' "$N"
row() {
  awk -v n="$1" -v e="$2" -v c="$3" -v md="$4" -v p="$5" -v u="$6" -v s="$7" -v m="$8" \
    'BEGIN { printf "  %-34s %3d events  %.4f s/estimate  error median %5.2f km, max/p95 %5.2f km", n, e, c, md, p;
             if (m > 0) printf "  process CPU %5.2f s  peak %5.1f MB", u + s, m / 1024; printf "\n" }'
}
row "jw_locate_jammer" "$EVENTS" "$(field "$tmp/ours.out" cpu_per_estimate_s)" \
  "$(field "$tmp/ours.out" median_err_km)" "$(field "$tmp/ours.out" p95_err_km)" "$ou" "$os" "$om"
row "jw_locate_jammers (max 3 sources)" "$EVENTS" "$(field "$tmp/multi.out" cpu_per_estimate_s)" \
  "$(field "$tmp/multi.out" median_err_km)" "$(field "$tmp/multi.out" p95_err_km)" "$mu" "$ms" "$mm"
printf '    (single-source events: mean sources found %s)\n' "$(field "$tmp/multi.out" mean_sources)"
row "jw_locate_jammer (peer's events)" "$PEER_EVENTS" "$(field "$tmp/ours_few.out" cpu_per_estimate_s)" \
  "$(field "$tmp/ours_few.out" median_err_km)" "$(field "$tmp/ours_few.out" p95_err_km)" 0 0 0
row "peer: exhaustive grid 5 km x 1 dB" "$PEER_EVENTS" "$(field "$tmp/grid.out" cpu_per_estimate_s)" \
  "$(field "$tmp/grid.out" median_err_km)" "$(field "$tmp/grid.out" p95_err_km)" "$gu" "$gs" "$gm"
awk -v a="$(field "$tmp/ours.out" cpu_per_estimate_s)" -v b="$(field "$tmp/grid.out" cpu_per_estimate_s)" \
  'BEGIN { printf "  ratio (peer CPU / ours per estimate): %.1fx\n", b / a }'
