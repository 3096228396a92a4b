#!/usr/bin/env bash
# bench_ais.sh - AIS NMEA decoding speed: `jamwatch aisdecode` beside
# gpsdecode 3.22 (Debian gpsd-clients), both writing scaled JSON to
# /dev/null, in the same run. The corpus is the real AISHub sample from
# ../shared/data repeated to over 10 million lines, built under build/ (not
# committed). gpsdecode is about 15 times slower, so it runs on a 1-million-
# line slice; rates are per line, so they compare directly. Prints lines,
# CPU-seconds (user + system), peak memory and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JW_BIN:-./jamwatch}
SRC=../shared/data/ais/real/aishub-gpsd-contrib/ais-nmea-sample.log
OUT=build/bench
if [ ! -r "$SRC" ]; then
  echo "SKIP: $SRC absent (shared data folder)"
  exit 0
fi
mkdir -p "$OUT"
BIG=$OUT/ais_10m.nmea SLICE=$OUT/ais_1m.nmea
if [ ! -s "$BIG" ]; then
  for _ in $(seq 118); do cat "$SRC"; done > "$BIG"
fi
if [ ! -s "$SLICE" ]; then
  for _ in $(seq 12); do cat "$SRC"; done > "$SLICE"
fi
big_lines=$(wc -l < "$BIG")
slice_lines=$(wc -l < "$SLICE")

# run LABEL LINES CMD... : prints one line, sets RATE (lines per CPU-second).
run() {
  local label=$1 lines=$2; shift 2
  local tf=$OUT/time.txt
  /usr/bin/time -f '%U %S %M' -o "$tf" "$@" > /dev/null 2> /dev/null
  read -r u s m < "$tf"
  RATE=$(awk -v l="$lines" -v u="$u" -v s="$s" 'BEGIN { c = u + s; if (c <= 0) c = 0.005; printf "%.0f", l / c }')
  awk -v lab="$label" -v l="$lines" -v u="$u" -v s="$s" -v m="$m" -v r="$RATE" 'BEGIN {
    printf "%-44s %9d lines  %6.2f CPU-s  peak %6.1f MB  %6.3f M lines/CPU-s\n",
           lab, l, u + s, m / 1024, r / 1e6 }'
}

echo "corpus: $BIG ($big_lines lines = AISHub sample x118); slice: $SLICE ($slice_lines lines)"
run "jamwatch aisdecode (scaled JSON)" "$big_lines" "$BIN" aisdecode --no-summary "$BIG"
JW_RATE=$RATE
run "jamwatch aisdecode --unscaled" "$big_lines" "$BIN" aisdecode --no-summary --unscaled "$BIG"
run "jamwatch aisdecode --vessels (state table)" "$big_lines" "$BIN" aisdecode --no-summary --vessels "$BIG"
run "jamwatch aisdecode, slice" "$slice_lines" "$BIN" aisdecode --no-summary "$SLICE"
JW_SLICE_RATE=$RATE
if command -v gpsdecode > /dev/null; then
  run "gpsdecode -j ($(gpsdecode -V 2>&1 | awk '{print $NF}')), slice" "$slice_lines" sh -c "gpsdecode -j < '$SLICE'"
  GD_RATE=$RATE
  awk -v a="$JW_RATE" -v b="$JW_SLICE_RATE" -v g="$GD_RATE" 'BEGIN {
    printf "ratio jamwatch / gpsdecode, lines per CPU-second: %.1fx (10M corpus), %.1fx (same slice)\n", a / g, b / g }'
else
  echo "gpsdecode not installed (Debian gpsd-clients): no peer figure"
fi
