#!/usr/bin/env bash
# bench_service.sh - the live service under load on loopback: wrk on the
# cells endpoint while a --listen port ingests a simulated Beast file sent
# in a loop as fast as the service takes it; then a memory soak.
#   SERVICE_SECONDS  wrk duration (default 20)
#   SOAK_SECONDS     soak duration (default 60; the issue's soak is 600)
#   SOAK_STEP        seconds between memory samples (default 5)
#   SOAK_LIMIT_KB_MIN  the slope accepted as flat (default 8 kB/min; see below)
# Prints requests/s, latency percentiles, ingest messages/s, CPU-seconds,
# memory over the soak with a verdict on its flatness, and the same wrk run
# against a peer: Python's http.server serving the same answer as a static
# file. The wrk answer is a stored window of the browser test's fixture
# products (112 cells); the engine runs on the ingested feed with 60 s
# windows, so that windows close, are stored and invalidate the cache
# throughout the soak.
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
"$BIN" run --listen "$lp:beast" --db "$db" --http-port "$hp" --window 60 2>"$tmp/run.log" & pids+=($!)
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

# Soak: ingest, queries and a live-update client go on; memory sampled every
# SOAK_STEP seconds by owner (resident set, malloc heap in use, SQLite, the
# HTTP answer cache). The verdict is the least-squares slope over the second
# half of the soak (the first half is warm-up: tables, windows and caches
# filling) of the resident set less SQLite's memory, in kB/min, against
# SOAK_LIMIT_KB_MIN. SQLite's page cache grows with the database up to its
# explicit bound (PRAGMA cache_size: 1 MiB for the writer, 512 KiB for each
# of the 4 read handles; docs/api.md), so it is shown apart, with the plain
# RSS slope beside it.
step=${SOAK_STEP:-5}
limit=${SOAK_LIMIT_KB_MIN:-8}
curl -sN "http://127.0.0.1:$hp/api/stream" >/dev/null & pids+=($!)
echo "soak: ${SOAK}s, a sample every ${step}s (t s, RSS kB, heap in use kB, SQLite kB, answer cache kB, windows):"
t0=$(date +%s)
end=$(( t0 + SOAK ))
: >"$tmp/soak.txt"
while [ "$(date +%s)" -lt "$end" ]; do
  curl -s "$url" >/dev/null; curl -s "http://127.0.0.1:$hp/api/targets" >/dev/null
  curl -s "http://127.0.0.1:$hp/api/events" >/dev/null
  curl -s "http://127.0.0.1:$hp/metrics" | awk -v t=$(( $(date +%s) - t0 )) '
    $1 == "jamwatch_resident_memory_kilobytes" {r = $2}
    $1 == "jamwatch_heap_in_use_bytes" {h = $2 / 1024}
    $1 == "jamwatch_sqlite_memory_bytes" {q = $2 / 1024}
    $1 == "jamwatch_http_cache_bytes" {c = $2 / 1024}
    $1 == "jamwatch_windows_total" {w = $2}
    END {printf "%d %.0f %.0f %.0f %.0f %d\n", t, r, h, q, c, w}' >>"$tmp/soak.txt"
  sleep "$step"
done
awk '{printf "  %s", $0; printf (NR % 4 ? " |" : "\n")} END {print ""}' "$tmp/soak.txt"
python3 - "$tmp/soak.txt" "$limit" "$SOAK" <<'PY'
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
limit = float(sys.argv[2])
if float(sys.argv[3]) < 240 or len(rows) < 8:
    print(f"  RSS {rows[0][1]:.0f} -> {rows[-1][1]:.0f} kB")
    print("soak verdict: none (shorter than 240 s, about 4 windows of 60 s: too short to tell"
          " a trend from a window's steps; SOAK_SECONDS=600 is the issue's soak)")
    sys.exit(0)
half = rows[len(rows) // 2:]
def slope(f):
    xs = [r[0] / 60 for r in half]; ys = [f(r) for r in half]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
own = slope(lambda r: r[1] - r[3])
print(f"  RSS first {rows[0][1]:.0f} kB, max {max(r[1] for r in rows):.0f} kB, last {rows[-1][1]:.0f} kB;"
      f" windows closed {rows[-1][5] - rows[0][5]:.0f}")
print(f"  slopes over the second half ({half[0][0]:.0f}-{half[-1][0]:.0f} s, {len(half)} samples):"
      f" RSS {slope(lambda r: r[1]):+.1f} kB/min, RSS less SQLite {own:+.1f} kB/min,"
      f" heap in use {slope(lambda r: r[2]):+.1f} kB/min, SQLite {slope(lambda r: r[3]):+.1f} kB/min"
      f" (now {rows[-1][3]:.0f} kB, bound 3072 kB of page cache), answer cache {slope(lambda r: r[4]):+.1f} kB/min")
# Mean of RSS less SQLite over each window (the sawtooth of a window's
# tables filling then freed cancels out): a trend shows from window to window.
by = {}
for r in rows:
    by.setdefault(int(r[5]), []).append(r[1] - r[3])
print("  RSS less SQLite, mean kB per window: " +
      " ".join(f"{w}:{sum(v) / len(v):.0f}" for w, v in sorted(by.items())))
print(f"soak verdict: {'FLAT' if own <= limit else 'GROWING'} (RSS less SQLite {own:+.1f} kB/min,"
      f" limit {limit:g} kB/min)")
PY
echo "  ingested $(metric jamwatch_frames_total) frames in all"
