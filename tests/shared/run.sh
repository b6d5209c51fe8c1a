#!/usr/bin/env bash
# Three game servers, one key: a C, a Lua and a Rust process burst get_units_v2 and
# set_unit_status_v2 at once through one shared limiter (a real redis-server on loopback)
# against the mock with every route's documented limit on (get_units_v2 3 a minute,
# set_unit_status_v2 30). Passes when every call of every process succeeded and the mock
# answered no 429. Each process alone would think it had the whole budget: 2 + 2 + 2
# get_units_v2 against 3 a minute is what the shared limiter must spread over two windows.
#
#   MOCK_BIN=... C_BURST=... RUST_BURST=... LUA=lua5.4 LUA_CPATH=... tests/shared/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/build/shared}
mkdir -p "$out"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 &
redis_pid=$!
"$MOCK_BIN" --port 0 >"$out/mock.log" 2>&1 &
mock_pid=$!
trap 'kill $redis_pid $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out/mock.log" && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$out/mock.log")
redis_url=redis://127.0.0.1:$redis_port/0
echo "mock at $mock_url, redis at $redis_url"

started=$(date +%s)
"$C_BURST" "$mock_url" "$redis_url" c >"$out/c.out" 2>&1 & c_pid=$!
LUA_CPATH=$LUA_CPATH "$LUA" "$root/tests/shared/burst.lua" "$mock_url" "$redis_url" lua >"$out/lua.out" 2>&1 & lua_pid=$!
"$RUST_BURST" "$mock_url" "$redis_url" rust >"$out/rust.out" 2>&1 & rust_pid=$!
status=0
for pid in $c_pid $lua_pid $rust_pid; do wait "$pid" || status=1; done
elapsed=$(( $(date +%s) - started ))
cat "$out/c.out" "$out/lua.out" "$out/rust.out"
stats=$(python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + \"/_mock/stats\").read().decode())" "$mock_url")
python3 - "$stats" "$elapsed" <<'PY'
import json, sys
stats, elapsed = json.loads(sys.argv[1]), int(sys.argv[2])
routes = stats["routes"]
units, status = routes.get("get_units_v2", {}), routes.get("set_unit_status_v2", {})
print(f"after {elapsed} s: get_units_v2 {units}, set_unit_status_v2 {status}")
assert units.get("requests") == 6, "every get_units_v2 call reached the mock once"
assert sum(r.get("limited", 0) for r in routes.values()) == 0, "the mock answered no 429"
assert 0 < status.get("requests", 0) <= 36, "the status changes reached the mock (merged or not)"
assert elapsed >= 55, "the second three get_units_v2 waited for the next window"
PY
[ $status = 0 ] || { echo "a process had failed calls"; exit 1; }
grep -q '^c: 14 ok, 0 failed$' "$out/c.out"
grep -q '^lua: 14 ok, 0 failed$' "$out/lua.out"
grep -q '^rust: 14 ok, 0 failed$' "$out/rust.out"
echo "three processes, one key: every call answered, no 429"
