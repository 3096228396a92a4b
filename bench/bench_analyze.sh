#!/usr/bin/env bash
# bench_analyze.sh - end-to-end analysis (decode, track, evidence, cells,
# events, emitters) of a simulated corpus: messages per CPU-second and peak
# memory, beside `jamwatch decode --count` of the same file as the peer.
# JW_BENCH_HOURS (default 3) sets the corpus length (baltic scenario).
set -euo pipefail
BIN=${JW_BIN:-./jamwatch}
DIR=${JW_BENCH_DIR:-build/bench}/analyze
HOURS=${JW_BENCH_HOURS:-3}
mkdir -p "$DIR"
[ -f "$DIR/adsb.beast" ] || "$BIN" sim baltic --hours "$HOURS" --out "$DIR" >/dev/null 2>&1
msgs=$("$BIN" decode --count "$DIR/adsb.beast" 2>&1 | sed -n 's/^messages \([0-9]*\).*/\1/p')
/usr/bin/time -o "$DIR/time.decode" -f '%U %S %M' "$BIN" decode --count "$DIR/adsb.beast" >/dev/null 2>&1
/usr/bin/time -o "$DIR/time.analyze" -f '%U %S %M' "$BIN" analyze --out "$DIR/res" "$DIR/adsb.beast" >/dev/null 2>&1
/usr/bin/time -o "$DIR/time.noloc" -f '%U %S %M' "$BIN" analyze --no-locate --out "$DIR/res" "$DIR/adsb.beast" >/dev/null 2>&1
read -r du ds dm < "$DIR/time.decode"
read -r au as am < "$DIR/time.analyze"
read -r nu ns nm < "$DIR/time.noloc"
awk -v m="$msgs" -v du="$du" -v ds="$ds" -v dm="$dm" -v au="$au" -v as="$as" -v am="$am" \
    -v nu="$nu" -v ns="$ns" -v nm="$nm" 'BEGIN {
  a = au + as; d = du + ds; n = nu + ns;
  printf "analyze: %d messages, %.2f CPU-s, %.2f M msg/CPU-s, peak %d MB\n", m, a, m / a / 1e6, am / 1024;
  printf "analyze --no-locate: %.2f CPU-s, %.2f M msg/CPU-s, peak %d MB\n", n, m / n / 1e6, nm / 1024;
  printf "decode --count (peer): %.2f CPU-s, %.2f M msg/CPU-s, peak %d MB; analyze/decode time %.2f\n", d, m / d / 1e6, dm / 1024, a / d }'
