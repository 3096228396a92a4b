#!/usr/bin/env bash
# bench_h3.sh - H3 latLngToCell at resolution 4 on 10 million seeded random
# points over the sphere: jamwatch's C (bench/h3_bench.c) beside h3-js in
# Node (tools/h3/bench_peer.js) on the very same points, in one run.
# Prints cells per second of each (timed loop, CPU time), the ratio, the
# whole-process CPU-seconds and peak memory (/usr/bin/time), and checks
# that both produced the same cells (XOR checksum).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${JW_H3_BENCH_N:-10000000}
RES=${JW_H3_BENCH_RES:-4}
BENCH_DIR=${JW_BENCH_DIR:-build/bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/time -f '%U %S %M' -o "$tmp/c.time" "$BENCH_DIR/h3_bench" "$N" "$RES" "$tmp/points.bin" >"$tmp/c.out"
/usr/bin/time -f '%U %S %M' -o "$tmp/js.time" node tools/h3/bench_peer.js "$tmp/points.bin" "$RES" >"$tmp/js.out"

field() { awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' "$1"; }
c_rate=$(field "$tmp/c.out" cells_per_s)
js_rate=$(field "$tmp/js.out" cells_per_s)
read -r cu cs cm <"$tmp/c.time"
read -r ju js jm <"$tmp/js.time"
h3js=$(node -p 'require("./tools/h3/node_modules/h3-js/package.json").version')
printf 'h3 latLngToCell, res %s, %s points (same points for both)\n' "$RES" "$N"
row() { awk -v n="$1" -v r="$2" -v u="$3" -v s="$4" -v m="$5" \
  'BEGIN { printf "  %-22s %12d cells/s  process CPU %5.2f s  peak %6.1f MB\n", n, r, u + s, m / 1024 }'; }
row "jamwatch C" "$c_rate" "$cu" "$cs" "$cm"
row "h3-js $h3js (node)" "$js_rate" "$ju" "$js" "$jm"
awk -v c="$c_rate" -v j="$js_rate" 'BEGIN { printf "  ratio C / h3-js: %.1fx\n", c / j }'
printf '  (process figures include making/reading the points: %s MB of doubles)\n' \
  "$((N * 16 / 1000000))"
cc=$(field "$tmp/c.out" checksum)
jc=$(field "$tmp/js.out" checksum)
if [ "$cc" != "$jc" ]; then
  echo "  CELLS DIFFER: checksum C $cc, h3-js $jc" >&2
  exit 1
fi
echo "  same cells: checksum $cc"
