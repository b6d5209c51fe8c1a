#!/usr/bin/env bash
# The benchmark (see BENCHMARKS.md): builds what it needs, starts the mock on loopback,
# measures, prints the table and writes BENCHMARKS.md. --quick: few iterations, written to
# build/bench/BENCHMARKS.quick.md (what CI runs so the benchmark cannot rot).
# Needs wrk (Debian package `wrk`; installed here when run as root) and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "bench.sh: wrk is missing: sudo apt-get install -y wrk" >&2; exit 1
  fi
fi
exec python3 "$root/bench/run.py" "$@"
