#!/usr/bin/env bash
# Where the game thread's microseconds go at tick cadence: callgrind (with its cache
# simulator) over bench/profile.lua, collecting only inside the submits or only inside the
# polls, after the game's other work has walked 16 MiB. Prints, per case and phase, the
# instructions and simulated cache misses per call and the functions that cost the most.
# Usage: bench/profile.sh [CASE ...]   (small medium large refused; default: all)
# Needs valgrind and LuaJIT's headers (scripts/test.sh installs both). Writes build/profile/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(small medium large refused)
out=build/profile
mkdir -p "$out/lua"
# The LuaJIT module with line tables (symbols for the profile), in a target directory of its own.
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release --quiet -p sonoran-lua --features luajit \
  --target-dir target/lua-jit-prof
cp target/lua-jit-prof/release/libsonoran_lua.so "$out/lua/sonoran.so"
gcc -O2 -g -std=c11 -DTICK_CALLGRIND -I/usr/include/luajit-2.1 -o "$out/tick_host" bench/tick_host.c -lluajit-5.1
cargo build --release --quiet -p sonoran-mock
target/release/sonoran-mock --port 0 --rate-limit 0 --extra-accounts 98 >"$out/mock.log" 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out/mock.log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on //p' "$out/mock.log")
iterations=20
for case in "${cases[@]}"; do
  for phase in submit poll; do
    file=$out/callgrind.$case.$phase
    LUA_CPATH="$out/lua/?.so" valgrind -q --fair-sched=yes --tool=callgrind --cache-sim=yes --collect-atstart=no \
      --callgrind-out-file="$file" "$out/tick_host" bench/profile.lua "$url" "$case" "$phase" $iterations 100 \
      2>"$file.log" || { cat "$file.log"; exit 1; }
    echo
    echo "== $case $phase (per call: totals / $iterations)"
    grep '^profile.lua' "$file.log"
    python3 bench/profile_summary.py "$file" $iterations
  done
done
