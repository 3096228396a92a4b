#!/usr/bin/env bash
# garbage_stream.sh - the full 1 GiB random-garbage run through the Beast,
# AVR and SBS readers (64 KiB pushes), checking no crash, every byte counted
# and peak RSS growth under 4 MiB. The unit suite runs 256 MiB of the same.
# Usage: tests/garbage_stream.sh [MiB]   (from the top of the tree; builds the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/jamwatch-tests >/dev/null
JW_GARBAGE_MB=${1:-1024} ./build/jamwatch-tests --filter 'garbage/*' --verbose 2>&1 |
  grep -E '^\[(----|PASS|FAIL|====)\]'
