#!/usr/bin/env bash
# bench_sim.sh - how fast `jamwatch sim` writes a corpus: messages (Beast
# frames as received) per CPU-second, CPU-seconds and peak memory, for a
# corpus of more than 10 million messages written to build/bench_sim/.
#
# There is no simulator among the peers, so the ratio printed is against the
# fastest consumer we have, dump1090-mutability, reading part of the same
# corpus through its Beast port (loopback): a corpus must be written much
# faster than the programs under test can read it.
set -euo pipefail
cd "$(dirname "$0")/.."
JW=${JW_BIN:-./jamwatch}
OUT=build/bench_sim
rm -rf "$OUT" && mkdir -p "$OUT"

/usr/bin/time -f '%U %S %M' -o "$OUT.time" "$JW" sim baltic --hours 1.5 --seed 1 --out "$OUT"
read -r u s m <"$OUT.time"
frames=$(grep -m1 '"adsb_frames"' "$OUT/truth.json" | tr -dc 0-9)
bytes=$(stat -c %s "$OUT/adsb.beast")
cpu=$(echo "$u + $s" | bc -l)
rate=$(echo "$frames / $cpu" | bc -l)
printf 'jamwatch sim: %d messages (%d MB Beast) in %.2f CPU-s (user %.2f, sys %.2f): %.2f M messages per CPU-second, peak %d MB\n' \
  "$frames" $((bytes >> 20)) "$cpu" "$u" "$s" "$(echo "$rate / 1000000" | bc -l)" $((m / 1024))

# Peer: dump1090-mutability reads the first 64 MB of the corpus.
if command -v dump1090-mutability >/dev/null; then
  part=$((64 << 20)); [ "$part" -gt "$bytes" ] && part=$bytes
  pframes=$(echo "$frames * $part / $bytes" | bc)
  BI=$((42000 + $$ % 8000))
  /usr/bin/time -f '%U %S %M' -o "$OUT.peer" timeout 300 dump1090-mutability --net-only \
    --net-bind-address 127.0.0.1 --net-bi-port $BI --net-sbs-port $((BI + 10001)) \
    --net-ro-port $((BI + 10002)) --net-bo-port $((BI + 10003)) --net-ri-port $((BI + 10004)) \
    --quiet >/dev/null 2>&1 &
  TP=$!
  for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$BI) 2>/dev/null && break; sleep 0.1; done
  head -c "$part" "$OUT/adsb.beast" >"$OUT/part.beast"
  timeout 300 bash -c "exec 3<>/dev/tcp/127.0.0.1/$BI; cat '$OUT/part.beast' >&3; sleep 1"
  # Stop the peer we started: the child of our /usr/bin/time.
  for c in $(cat /proc/$TP/task/$TP/children 2>/dev/null); do
    for g in $(cat /proc/$c/task/$c/children 2>/dev/null); do kill "$g" 2>/dev/null || true; done
  done
  wait "$TP" 2>/dev/null || true
  read -r pu ps pm <"$OUT.peer"
  pcpu=$(echo "$pu + $ps" | bc -l)
  prate=$(echo "$pframes / $pcpu" | bc -l)
  printf 'dump1090-mutability (reading): %d messages in %.2f CPU-s: %.2f M messages per CPU-second, peak %d MB\n' \
    "$pframes" "$pcpu" "$(echo "$prate / 1000000" | bc -l)" $((pm / 1024))
  printf 'ratio jamwatch sim writing / dump1090-mutability reading: %.1f\n' "$(echo "$rate / $prate" | bc -l)"
  rm -f "$OUT/part.beast"
fi
