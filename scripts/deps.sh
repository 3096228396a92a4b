#!/usr/bin/env bash
# deps.sh - make sure the Debian packages jamwatch builds, tests and
# benchmarks with are installed. As root it installs what is missing; as
# another user it prints the exact command to run and fails.
#
# Usage: scripts/deps.sh [extra-package ...]
set -euo pipefail

pkgs=(
  make gcc pkg-config clang clang-format libclang-rt-14-dev  # build, fuzz, format
  zlib1g-dev libzstd-dev libjansson-dev                     # recordings, JSON (scenarios, truth)
  libcriterion-dev                                          # unit tests
  libsqlite3-dev libmicrohttpd-dev                          # the live service's store and HTTP
  nodejs npm                                                # h3-js oracle, web app build
  dump1090-mutability gpsd-clients wrk time                 # peers and measurement for benchmarks
  python3 bc                                                # sim round-trip comparisons, bench arithmetic
  chromium sqlite3 curl                                     # the map's browser test, store checks, service tests
  "$@"
)

missing=()
for p in "${pkgs[@]}"; do
  # nodejs/npm may come from elsewhere (e.g. NodeSource, which bundles npm).
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "jamwatch needs these Debian packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
