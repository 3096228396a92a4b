#!/usr/bin/env bash
# eval.sh - every built-in scenario through sim -> analyze -> score, one table
# per simulator seed, then the emitter statistics pooled over the seeds.
# Usage: [EVAL_SEEDS="1 2 3"] scripts/eval.sh [JAMWATCH_BINARY] [WORK_DIR]   (make eval)
# Columns (docs/analysis.md, "Scoring"): alarmed jamming cell-windows, their
# precision and recall (jamRs: over aircraft a monitor could have placed),
# spoofing cell-window precision/recall, median onset delay over the jammer
# on-periods scored, spoofed-aircraft precision/recall, emitter error median
# and 95th percentile (km), share of truths inside the 95 % ellipse, true
# emitters found (an estimate of their kind within 10 km) out of all, false
# spoofing alarms per 10,000 aircraft-hours. Seed 1 runs in WORK_DIR/<scenario>
# (as before), seed N in WORK_DIR/seedN/<scenario>; simulations are cached.
set -euo pipefail
BIN=${1:-./jamwatch}
WORK=${2:-build/eval}
SEEDS=${EVAL_SEEDS:-1 2 3}
mkdir -p "$WORK"
F='%-11s %6s %6s %6s %6s %6s %6s %8s %6s %6s %5s %8s %8s %6s %6s %8s\n'
printf "$F" scenario alarms jamP jamR jamRs spfP spfR onset_s onsets tgtP tgtR emit_med emit_p95 inside found fsp/10kh
pool=$(mktemp)
trap 'rm -f "$pool"' EXIT
for seed in $SEEDS; do
  for s in korea baltic levant blacksea clean; do
    if [ "$seed" = 1 ]; then d="$WORK/$s"; else d="$WORK/seed$seed/$s"; fi
    mkdir -p "$(dirname "$d")"
    [ -f "$d/truth.json" ] || "$BIN" sim "$s" --seed "$seed" --out "$d" >/dev/null 2>&1
    "$BIN" analyze --out "$d/res" "$d/adsb.beast" 2>/dev/null
    line=$("$BIN" score --truth "$d/truth.json" "$d/res" | tr '\n' ' ')
    v() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    printf "$F" "$s/$seed" "$(v jam_pred)" "$(v jam_precision)" "$(v jam_recall)" \
      "$(v jam_recall_seen)" "$(v spoof_cell_precision)" "$(v spoof_cell_recall)" \
      "$(v onset_median_s)" "$(v onsets)" "$(v spoof_tgt_precision)" "$(v spoof_tgt_recall)" \
      "$(v emit_median_km)" "$(v emit_p95_km)" "$(v emit_inside)" \
      "$(v emit_found)/$(v emit_truth)" "$(v false_spoof_per_10k_h)"
    echo "found $(v emit_found) $(v emit_truth)" >>"$pool"
    v emit_errs | tr ',' '\n' | sed -n 's/^\(.*\):\(.*\)$/err \1 \2/p' >>"$pool"
  done
done
# Pooled over every seed and scenario: estimates, error median and 95th
# percentile (nearest rank, as score.c), share inside, true emitters found.
sort -k2,2g "$pool" | awk '
  $1 == "found" { f += $2; t += $3 }
  $1 == "err" { e[n++] = $2; ins += $3 }
  END {
    i50 = int(0.5 * n + 0.999999) - 1; if (i50 < 0) i50 = 0
    i95 = int(0.95 * n + 0.999999) - 1; if (i95 < 0) i95 = 0
    printf "pooled emitters over seeds: estimates %d  median %s km  p95 %s km  inside %.2f  found %d/%d\n",
      n, n ? e[i50] : "nan", n ? e[i95] : "nan", n ? ins / n : 0, f, t
  }'
