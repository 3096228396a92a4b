#!/usr/bin/env bash
# bench_service.sh - the live service under load on loopback: wrk on the
# cells endpoint while a --listen port ingests a simulated Beast file sent
# in a loop as fast as the service takes it; then a memory soak.
#   SERVICE_SECONDS  wrk duration (default 20)
#   SOAK_SECONDS     soak duration (default 60; the issue's soak is 600)
# Prints requests/s, latency percentiles, ingest messages/s, CPU-seconds,
# RSS over the soak, and the same wrk run against a peer: Python's
# http.server serving the same answer as a static file.
# The cells come from the browser test's fixture products (112 cells per
# window) while the build has no analysis engine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JW_BIN:-./jamwatch}
SECS=${SERVICE_SECONDS:-20}
SOAK=${SOAK_SECONDS:-60}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metric() { curl -s "http://127.0.0.1:$hp/metrics" | awk -v m="$1" '$1 == m {printf "%.0f\n", $2}'; }

"$BIN" sim korea --hours 0.1 --out "$tmp/sim" >/dev/null
echo "feed: $(stat -c %s "$tmp/sim/adsb.beast") bytes of simulated Beast, sent in a loop"
db=$tmp/jw.db
"$BIN" run --sim korea --db "$db" --no-http --exit-after 1 2>/dev/null
python3 tests/browser/fixture.py "$BIN" 1728453600 | sqlite3 "$db"
hp=$(freeport); lp=$(freeport)
"$BIN" run --listen "$lp:beast" --db "$db" --http-port "$hp" 2>"$tmp/run.log" & pids+=($!)
spid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$hp/api/stats" >/dev/null && break; sleep 0.2; done
python3 - "$lp" "$tmp/sim/adsb.beast" <<'PY' & pids+=($!)
import socket, sys
data = open(sys.argv[2], 'rb').read()
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
while True:
    s.sendall(data)
PY
sleep 2
url="http://127.0.0.1:$hp/api/cells?window=1728454800"
curl -s "$url" >"$tmp/cells.json"
echo "cells answer: $(stat -c %s "$tmp/cells.json") bytes, $(grep -o '"Feature"' "$tmp/cells.json" | wc -l) cells"
a0=$(metric jamwatch_messages_total); m0=$(metric jamwatch_frames_total); c0=$(awk '{print $14 + $15}' /proc/$spid/stat)
wrk -t2 -c16 -d"${SECS}s" --latency "$url" >"$tmp/wrk.txt"
a1=$(metric jamwatch_messages_total); m1=$(metric jamwatch_frames_total); c1=$(awk '{print $14 + $15}' /proc/$spid/stat)
rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
echo "jamwatch: cells endpoint $rps requests/s, latency p50 $(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt") p99 $p99 (wrk -t2 -c16 ${SECS}s)"
echo "jamwatch: ingest $(( (m1 - m0) / SECS )) Mode S frames/s ($(( (a1 - a0) / SECS )) messages/s accepted by the aircraft table) during wrk; service CPU $(echo "scale=1; ($c1 - $c0) / $(getconf CLK_TCK)" | bc) s for ${SECS} s"
grep -E "Non-2xx|Socket errors" "$tmp/wrk.txt" || true

# Peer: the same bytes as a static file from Python's http.server (no ingest).
pp=$(freeport)
python3 -m http.server "$pp" --bind 127.0.0.1 --directory "$tmp" >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$pp/cells.json" >/dev/null && break; sleep 0.2; done
wrk -t2 -c16 -d"$(( SECS / 2 ))s" --latency "http://127.0.0.1:$pp/cells.json" >"$tmp/peer.txt" || true
prps=$(awk '/Requests\/sec/ {print $2}' "$tmp/peer.txt")
echo "peer python3 http.server (static file): $prps requests/s, p99 $(awk '$1 == "99%" {print $2}' "$tmp/peer.txt")"
echo "ratio jamwatch/peer requests/s: $(echo "scale=2; $rps / $prps" | bc)"

# Soak: ingest and queries go on; resident memory sampled every 5 s.
echo "soak: ${SOAK}s, RSS (kB) every 5 s:"
samples=()
end=$(( $(date +%s) + SOAK ))
while [ "$(date +%s)" -lt "$end" ]; do
  curl -s "$url" >/dev/null; curl -s "http://127.0.0.1:$hp/api/targets" >/dev/null
  samples+=("$(metric jamwatch_resident_memory_kilobytes)")
  sleep 5
done
echo "  ${samples[*]}"
echo "  first $(echo "${samples[0]}") kB, last ${samples[-1]} kB, ingested $(metric jamwatch_frames_total) frames in all"
