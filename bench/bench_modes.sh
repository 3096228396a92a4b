#!/usr/bin/env bash
# bench_modes.sh - micro-benchmark of the Mode S decoder alone: the 2,000
# real DF17 messages of sample_data_adsb.csv decoded 10 million times.
# Prints decodes per CPU-second, CPU-seconds and peak memory. No peer runs
# here: the end-to-end comparison with dump1090 is bench_pipeline's job.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/modes/sample_data_adsb.csv
if [ ! -r "$data" ]; then echo "SKIP: $data absent"; exit 0; fi
BUILD=${BUILD:-build}
make --no-print-directory -s "$BUILD/bench/modes_bench"
/usr/bin/time -f 'process: %U user-s %S sys-s, peak RSS %M KiB' \
  "$BUILD/bench/modes_bench" "$data" "${DECODES:-10000000}"
