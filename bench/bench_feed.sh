#!/usr/bin/env bash
# bench_feed.sh - feed reader throughput: 10 M Beast frames (and 2 M AVR
# lines) built in memory from sample_data_adsb.csv, parsed through jw_feed in
# 64 KiB pushes. Prints CPU-seconds, frames per CPU-second and peak memory
# (/usr/bin/time: user s, system s, max RSS KiB).
# There is no peer for parsing alone (dump1090/readsb parse inside their
# network loop); the end-to-end comparison with dump1090-mutability is the
# lead's bench. As a yardstick the script prints the frames/CPU-s budget of
# the end-to-end target (15 M messages per CPU-second).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make -s "$BUILD/bench/feed_bench" >/dev/null
data=${JW_SHARED_DATA:-../shared/data}/modes/sample_data_adsb.csv
if [ ! -r "$data" ]; then echo "SKIP: $data absent"; exit 0; fi
for spec in "beast 10000000" "avr 2000000"; do
  set -- $spec
  /usr/bin/time -f "  /usr/bin/time: %U s user, %S s system, %M KiB max RSS" \
    "$BUILD/bench/feed_bench" "$2" "$data" "$1" 2>&1
done
echo "  target: 15 M messages per CPU-second end to end = 66.7 ns per message for everything"
