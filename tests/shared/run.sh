#!/usr/bin/env bash
# Three game servers, one key: a C, a Lua and a Rust process burst get_units_v2 and
# set_unit_status_v2 at once through one shared limiter (a real redis-server on loopback)
# against the mock with every route's documented limit on (get_units_v2 3 a minute,
# set_unit_status_v2 30). Passes when every call of every process succeeded and the mock
# answered no 429. Each process alone would think it had the whole budget: 2 + 2 + 2
# get_units_v2 against 3 a minute is what the shared limiter must spread over two windows.
# Then, on a fresh mock, Redis goes away mid-run and comes back: the three processes make one
# status change a second for 10 s; Redis is killed after 2.5 s and started again 2 s later.
# Passes when every call still succeeds, each process warned exactly once and said when
# pacing was shared again, and Redis holds the calls made after it came back.
#
#   MOCK_BIN=... C_BURST=... RUST_BURST=... LUA=lua5.4 LUA_CPATH=... tests/shared/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/build/shared}
mkdir -p "$out"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

redis_port=$(free_port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >>"$out/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start"; cat "$out/redis.log"; exit 1
}
: >"$out/redis.log"
start_redis
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

# --- Redis goes away mid-run, and comes back -------------------------------------------------
kill $mock_pid; wait $mock_pid 2>/dev/null || true
"$MOCK_BIN" --port 0 >"$out/mock2.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$out/mock2.log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$out/mock2.log")
redis-cli -p "$redis_port" flushall >/dev/null
"$C_BURST" "$mock_url" "$redis_url" c 0 10 1000 >"$out/c2.out" 2>&1 & c_pid=$!
LUA_CPATH=$LUA_CPATH "$LUA" "$root/tests/shared/burst.lua" "$mock_url" "$redis_url" lua 0 10 1000 >"$out/lua2.out" 2>&1 & lua_pid=$!
"$RUST_BURST" "$mock_url" "$redis_url" rust 0 10 1000 >"$out/rust2.out" 2>&1 & rust_pid=$!
sleep 2.5
kill -9 $redis_pid; wait $redis_pid 2>/dev/null || true
echo "redis killed"
sleep 2
start_redis
echo "redis back"
status=0
for pid in $c_pid $lua_pid $rust_pid; do wait "$pid" || status=1; done
for who in c lua rust; do
  file=$out/${who}2.out
  grep -v 'HTTP 200\|queued by client-side pacing' "$file" || true
  grep -q "^$who: 10 ok, 0 failed$" "$file" || { echo "$who lost calls while Redis was away"; status=1; }
  warnings=$(grep -c 'pacing locally until it is back' "$file" || true)
  [ "$warnings" = 1 ] || { echo "$who warned $warnings times, not once"; status=1; }
  grep -q 'pacing shared again' "$file" || { echo "$who never shared again"; status=1; }
done
shared_again=$(redis-cli -p "$redis_port" --scan --pattern 'sonoran:limit:*:set_unit_status_v2' | head -1)
count=$(redis-cli -p "$redis_port" zcard "$shared_again" 2>/dev/null || echo 0)
echo "after Redis came back it holds $count set_unit_status_v2 send times"
[ "${count:-0}" -ge 1 ] || { echo "no call went through Redis after it came back"; status=1; }
limited=$(python3 -c "import json, sys, urllib.request; r = json.loads(urllib.request.urlopen(sys.argv[1] + '/_mock/stats').read())['routes']; print(sum(v['limited'] for v in r.values()))" "$mock_url")
[ "$limited" = 0 ] || { echo "the mock answered $limited 429s"; status=1; }
[ $status = 0 ] || exit 1
echo "Redis away and back: every call answered, no 429, one warning per process, shared again"
