#!/usr/bin/env bash
# browser.sh - the map's browser test: starts `jamwatch run --sim korea`
# (accelerated) on a free port and runs tests/browser/map.test.mjs in
# Debian's chromium. Screenshots go to tests/artifacts/. Without an
# analysis engine in the build, the store is seeded with the test's fixture
# products (tests/browser/fixture.py) and the test says so. Installs
# nothing: scripts/deps.sh (chromium) and `make web` do; skips visibly
# when they have not run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JW_BIN:-./jamwatch}
if [ ! -x /usr/bin/chromium ]; then echo "SKIP browser test: /usr/bin/chromium absent (scripts/deps.sh installs it)"; exit 0; fi
if [ ! -f web/node_modules/playwright-core/index.mjs ] || [ ! -f web/dist/index.html ]; then
  echo "SKIP browser test: web app not built (make web)"; exit 0; fi
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p tests/artifacts
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db=$tmp/jw.db
# Create the store (and learn whether this build has an analysis engine).
"$BIN" run --sim korea --db "$db" --no-http --exit-after 1 2>"$tmp/first.log"
mode=engine
if grep -q analysis_unavailable "$tmp/first.log"; then
  mode=fixture
  echo "NOTE: this build has no analysis engine: the map is tested on FIXTURE products (tests/browser/fixture.py)"
  python3 tests/browser/fixture.py "$BIN" 1728453600 | sqlite3 "$db"
fi
"$BIN" run --sim korea --speed ${JW_SIM_SPEED:-20} --db "$db" --http-port "$port" --web-dir web/dist \
  --window ${JW_WINDOW:-300} 2>"$tmp/run.log" &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done
rc=0
JW_URL="http://127.0.0.1:$port/" JW_MODE=$mode JW_ARTIFACTS=tests/artifacts node tests/browser/map.test.mjs || rc=$?
cp "$tmp/run.log" tests/artifacts/browser-service.log
exit $rc
