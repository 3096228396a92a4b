#!/usr/bin/env bash
# study_build.sh - the compile-time study knobs (docs/locate.md, Limits;
# JW_EV_OBS, JW_LOC_MAX_OBS and JW_REACQ_S) still build and run: a build of
# its own (build-study/) analyses half an hour of korea keeping up to 8,192
# observations per event, with lost labels taken 45 s earlier, and its
# locator input must hold more than the default's 2,048 for the event, and
# the event a located source. The default build's products are what make
# check tests; this keeps the study paths from rotting.
# Usage: tests/study_build.sh   (from the top of the tree)
set -euo pipefail
cd "$(dirname "$0")/.."
CPPFLAGS="-DJW_EV_OBS=8192 -DJW_LOC_MAX_OBS=4096 -DJW_REACQ_S=45" \
    make -s BUILD=build-study build-study/jamwatch
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
./build-study/jamwatch sim korea --hours 0.5 --seed 1 --out "$d/sim" >/dev/null
./build-study/jamwatch analyze --locate-obs --out "$d" "$d/sim/adsb.beast" 2>/dev/null
n=$(awk -F, 'NR > 1 && $1 == 1' "$d/locate_obs.csv" | wc -l)
src=$(grep -o '"part": *"source"' "$d/emitters.geojson" | wc -l)
echo "study build: event 1 gave the locator $n observations; $src source(s) located"
if [ "$n" -le 2048 ] || [ "$src" -lt 1 ]; then
    echo "study build: expected more than 2048 observations and a source" >&2
    exit 1
fi
