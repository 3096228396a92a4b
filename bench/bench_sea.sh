#!/usr/bin/env bash
# bench_sea.sh - cost of the sea evidence generator: `jamwatch aisdecode`
# with and without --evidence on the real AISHub sample from ../shared/data,
# repeated 24 times (2 million lines, under build/, not committed). The
# sample has no times, so each line gets a trailing ",<epoch>" spreading it
# over its 3 minutes (and each repetition over the next 3), as a feed
# stamped on arrival would; the repetitions send every ship back to its
# start, so the jump rules are exercised too. Prints lines, CPU-seconds,
# peak memory and the rates: decode to JSON (the peer), decode with the
# vessel table (--vessels), and decode + vessel table + generator
# (--evidence, which prints evidence instead of the messages' JSON).
# Then bench/sea_bench.c isolates the generator: the same 24 repetitions,
# each report stamped with a time that agrees with its own UTC second (as a
# receiver stamps on reception), decoded into the vessel table with and
# without the generator.
# The CLI corpus's stamps do not agree with the reports' seconds, so the
# generator sets most of its reports aside as late (counted on stderr):
# the CLI figures show the command's cost, sea_bench the generator's.
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
BIG=$OUT/ais_timed_2m.nmea
if [ ! -s "$BIG" ]; then
  n=$(wc -l < "$SRC")
  for i in $(seq 0 23); do
    awk -v base=$((1700000000 + i * 180)) -v n="$n" '{ sub(/\r$/, ""); printf "%s,%.3f\n", $0, base + 180 * NR / n }' "$SRC"
  done > "$BIG"
fi
lines=$(wc -l < "$BIG")
LAND=${JW_LANDMASK:-build/landmask.bin}
[ -r "$LAND" ] || LAND=

# run LABEL CMD... : prints one line, sets RATE (lines per CPU-second).
run() {
  local label=$1; shift
  local tf=$OUT/time.txt
  /usr/bin/time -f '%U %S %M' -o "$tf" "$@" > /dev/null 2> /dev/null
  read -r u s m < "$tf"
  RATE=$(awk -v l="$lines" -v u="$u" -v s="$s" 'BEGIN { c = u + s; if (c <= 0) c = 0.005; printf "%.0f", l / c }')
  awk -v lab="$label" -v l="$lines" -v u="$u" -v s="$s" -v m="$m" -v r="$RATE" 'BEGIN {
    printf "%-40s %9d lines  %6.2f CPU-s  peak %6.1f MB  %6.3f M lines/CPU-s\n",
           lab, l, u + s, m / 1024, r / 1e6 }'
}

echo "corpus: $BIG ($lines lines = AISHub sample x24, arrival-stamped); land raster: ${LAND:-none}"
run "aisdecode (JSON, peer)" "$BIN" aisdecode --no-summary "$BIG"
J=$RATE
run "aisdecode --vessels (JSON + table)" "$BIN" aisdecode --no-summary --vessels "$BIG"
V=$RATE
run "aisdecode --evidence (table + generator)" "$BIN" aisdecode --no-summary --evidence ${LAND:+--landmask "$LAND"} "$BIG"
E=$RATE
awk -v j="$J" -v v="$V" -v e="$E" 'BEGIN {
  printf "ratio --evidence / plain decode: %.2f (rate); --evidence / --vessels: %.2f\n", e / j, e / v }'
"$BIN" aisdecode --evidence ${LAND:+--landmask "$LAND"} "$BIG" 2>&1 >/dev/null | tail -1
SEA_BENCH=${JW_BENCH_DIR:-build/bench}/sea_bench
if [ -x "$SEA_BENCH" ]; then
  echo "generator alone (bench/sea_bench.c, reception-stamped, AISHub x24):"
  "$SEA_BENCH" "$SRC" 24 ${LAND:+"$LAND"}
else
  echo "SKIP: $SEA_BENCH not built (make bench builds it)"
fi
