#!/usr/bin/env bash
# eval.sh - every built-in scenario through sim -> analyze -> score, one table.
# Usage: scripts/eval.sh [JAMWATCH_BINARY] [WORK_DIR]   (make eval)
# Columns (docs/analysis.md, "Scoring"): alarmed jamming cell-windows, their
# precision and recall (jamRs: over aircraft a monitor could have placed),
# spoofing cell-window precision/recall, median onset delay over the jammer
# on-periods scored, spoofed-aircraft precision/recall, emitter error median
# and 95th percentile (km), share of truths inside the 95 % ellipse, false
# spoofing alarms per 10,000 aircraft-hours.
set -euo pipefail
BIN=${1:-./jamwatch}
WORK=${2:-build/eval}
mkdir -p "$WORK"
F='%-9s %6s %6s %6s %6s %6s %6s %8s %6s %6s %5s %8s %8s %6s %8s\n'
printf "$F" scenario alarms jamP jamR jamRs spfP spfR onset_s onsets tgtP tgtR emit_med emit_p95 inside fsp/10kh
for s in korea baltic levant blacksea clean; do
  d="$WORK/$s"
  [ -f "$d/truth.json" ] || "$BIN" sim "$s" --out "$d" >/dev/null 2>&1
  "$BIN" analyze --out "$d/res" "$d/adsb.beast" 2>/dev/null
  line=$("$BIN" score --truth "$d/truth.json" "$d/res")
  v() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  printf "$F" "$s" "$(v jam_pred)" "$(v jam_precision)" "$(v jam_recall)" "$(v jam_recall_seen)" \
    "$(v spoof_cell_precision)" "$(v spoof_cell_recall)" "$(v onset_median_s)" "$(v onsets)" \
    "$(v spoof_tgt_precision)" "$(v spoof_tgt_recall)" "$(v emit_median_km)" "$(v emit_p95_km)" \
    "$(v emit_inside)" "$(v false_spoof_per_10k_h)"
done
