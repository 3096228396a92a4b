#!/usr/bin/env bash
# eval.sh - every built-in scenario through sim -> analyze -> score, one table.
# Usage: scripts/eval.sh [JAMWATCH_BINARY] [WORK_DIR]   (make eval)
set -euo pipefail
BIN=${1:-./jamwatch}
WORK=${2:-build/eval}
mkdir -p "$WORK"
printf '%-9s %7s %7s %7s %7s %8s %7s %7s %8s %8s %7s %8s\n' scenario jamP jamR spfP spfR onset_s tgtP tgtR emit_med emit_p95 inside fsp/10kh
for s in korea baltic levant blacksea clean; do
  d="$WORK/$s"
  [ -f "$d/truth.json" ] || "$BIN" sim "$s" --out "$d" >/dev/null 2>&1
  "$BIN" analyze --out "$d/res" "$d/adsb.beast" 2>/dev/null
  line=$("$BIN" score --truth "$d/truth.json" "$d/res")
  v() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  printf '%-9s %7s %7s %7s %7s %8s %7s %7s %8s %8s %7s %8s\n' "$s" "$(v jam_precision)" \
    "$(v jam_recall)" "$(v spoof_cell_precision)" "$(v spoof_cell_recall)" "$(v onset_median_s)" \
    "$(v spoof_tgt_precision)" "$(v spoof_tgt_recall)" "$(v emit_median_km)" "$(v emit_p95_km)" \
    "$(v emit_inside)" "$(v false_spoof_per_10k_h)"
done
