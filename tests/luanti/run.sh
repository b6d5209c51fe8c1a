#!/usr/bin/env bash
# The LuaJIT build of the Lua module inside a real, headless Luanti server (Debian's
# minetest-server), against the mock, with an empty game of its own (tests/luanti/games/).
# Three servers, each on a loopback port with a fresh world, each stopping by itself:
#   1. tests/luanti/mods/sonoran_test, trusted (secure.trusted_mods): it loads sonoran.so from
#      its own folder through minetest.request_insecure_environment() at load time; v2 calls
#      made at load time and from a callback each run their callback exactly once, on a later
#      step, inside client:poll() in a globalstep; misuse is a Lua error caught by pcall; a
#      request left in flight (to a port that never answers) does not hold up the shutdown
#      (minetest.request_shutdown()); the server exits with status 0.
#   2. docs/guides/luanti.md's init.lua block, copied as written into mods/cad (with mod.conf
#      and sonoran.so, and the guide's settings pointing at the mock), trusted, with
#      tests/luanti/mods/guide_probe running its /units command: it answers "2 units on duty".
#   3. the guide's mod not trusted: the server stops at load with the guide's message.
# Usage: tests/luanti/run.sh   (SKIP_BUILD=1: use build/lua/jit/sonoran.so and
#                              target/release/sonoran-mock as they are; KEEP_WORK=1: keep the
#                              temporary folder with the worlds and the server logs)
# Needs minetestserver (Debian: apt-get install minetest-server; installed when run as root).
# Prints one summary line (and the server's log of a failing run); exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
started=$(date +%s.%N)

server=$(command -v minetestserver || command -v luantiserver || true)
[ -n "$server" ] || for candidate in /usr/games/minetestserver /usr/games/luantiserver; do
  [ -x "$candidate" ] && server=$candidate && break
done
if [ -z "$server" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing minetest-server"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq minetest-server >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq minetest-server >/dev/null; }
    server=/usr/games/minetestserver
  else
    echo "tests/luanti/run.sh: minetestserver is missing (Debian package minetest-server)" >&2
    echo "install it with: sudo apt-get install -y minetest-server" >&2
    exit 1
  fi
fi
version=$("$server" --version 2>/dev/null || true)
version=${version%%$'\n'*}   # "Minetest 5.6.1 (Linux)" (no head: pipefail and SIGPIPE)

if [ -z "${SKIP_BUILD:-}" ]; then
  scripts/build-lua.sh jit >/dev/null
  cargo build --release --quiet -p sonoran-mock
fi
module=$root/build/lua/jit/sonoran.so
mock_bin=$root/target/release/sonoran-mock
for f in "$module" "$mock_bin"; do
  [ -e "$f" ] || { echo "tests/luanti/run.sh: $f is missing (scripts/build-lua.sh jit; cargo build --release -p sonoran-mock)" >&2; exit 1; }
done

work=$(mktemp -d)
mock_pid= silent_pid= server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null
  [ -n "$silent_pid" ] && kill "$silent_pid" 2>/dev/null
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$mock_bin" --port 0 --rate-limit 0 >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/mock.log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$work/mock.log")
[ -n "$mock_url" ] || { echo "FAIL: the mock did not start"; cat "$work/mock.log"; exit 1; }
# A port that accepts connections and never answers: a request to it is in flight at shutdown.
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True); time.sleep(3600)' >"$work/silent.port" &
silent_pid=$!
for _ in $(seq 100); do [ -s "$work/silent.port" ] && break; sleep 0.1; done
silent_url=http://127.0.0.1:$(cat "$work/silent.port")

# The server's user folder ($HOME/.minetest, as Debian's build has RUN_IN_PLACE=0) holds the
# test game (an empty game.conf) and the mods, each with sonoran.so in its folder if it loads it:
# sonoran_test, the guide's mod as mods/cad (its init.lua block, copied from the page as it is)
# and guide_probe, which runs the guide's /units command.
export HOME=$work/home
user_dir=$HOME/.minetest
mkdir -p "$user_dir/games" "$user_dir/mods/cad"
cp -r tests/luanti/games/sonoran_test_game "$user_dir/games/"
cp -r tests/luanti/mods/sonoran_test tests/luanti/mods/guide_probe "$user_dir/mods/"
cp "$module" "$user_dir/mods/sonoran_test/sonoran.so"
cp "$module" "$user_dir/mods/cad/sonoran.so"
echo "name = cad" >"$user_dir/mods/cad/mod.conf"
python3 - docs/guides/luanti.md "$user_dir/mods/cad/init.lua" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```lua norun\n(-- mods/cad/init\.lua\n.*?)^```", page, re.S | re.M)
if len(blocks) != 1:
    sys.exit(f"tests/luanti/run.sh: {sys.argv[1]} has {len(blocks)} blocks starting '-- mods/cad/init.lua', not 1")
open(sys.argv[2], "w", encoding="utf-8").write(blocks[0])
PY

free_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run NAME "MODS" TRUSTED: a fresh world enabling MODS and a minetest.conf trusting TRUSTED
# (none if empty), the server until it stops (45 s at most); NAME.rc holds its exit status.
run() {
  local name=$1 mods=$2 trusted=$3 world=$work/world-$1 conf=$work/$1.conf mod
  mkdir -p "$world"
  {
    echo "gameid = sonoran_test_game"
    for backend in backend player_backend auth_backend mod_storage_backend; do echo "$backend = sqlite3"; done
    for mod in $mods; do echo "load_mod_$mod = true"; done
  } >"$world/world.mt"
  {
    echo "bind_address = 127.0.0.1"
    echo "ipv6_server = false"
    echo "server_announce = false"
    echo "mg_name = singlenode"
    echo "enable_rollback_recording = false"
    echo "sonoran_test.api_url = $mock_url"
    echo "sonoran_test.silent_url = $silent_url"
    # the guide's settings (the mock's credentials, never a real key)
    echo "cad.community_id = demo-community"
    echo "cad.api_key = demo-api-key"
    echo "cad.api_url = $mock_url"
    [ -n "$trusted" ] && echo "secure.trusted_mods = $trusted"
  } >"$conf"
  local rc=0
  timeout 45 "$server" --world "$world" --config "$conf" --gameid sonoran_test_game \
    --port "$(free_udp_port)" --logfile "$work/$name.debug.txt" --color never >"$work/$name.out" 2>&1 &
  server_pid=$!
  wait "$server_pid" || rc=$?
  server_pid=
  echo "$rc" >"$work/$name.rc"
  date +%s.%N >"$work/$name.exited"
}

status=0
summary=()
fail() { status=1; echo "FAIL: $1 (server exit status $(cat "$work/$2.rc"))"; cat "$work/$2.out"; summary+=("$2: FAILED"); }

# 1. sonoran_test, trusted
run trusted sonoran_test sonoran_test
rc=$(cat "$work/trusted.rc")
line=$(sed -n 's/.*\[sonoran_test\] \(luanti: .*\)/\1/p' "$work/trusted.out" | tail -1)
result=$(cat "$work/world-trusted/sonoran_test.result" 2>/dev/null || true)
# Seconds from the result line (written just before request_shutdown) to the server's exit.
shutdown_s=$(python3 -c "import os, sys; print(f'{float(open(sys.argv[2]).read()) - os.stat(sys.argv[1]).st_mtime:.1f}')" \
  "$work/world-trusted/sonoran_test.result" "$work/trusted.exited" 2>/dev/null || echo 99)
if [ "$rc" = 0 ] && python3 -c "import sys; sys.exit(float(sys.argv[1]) >= 10)" "$shutdown_s" &&
   [[ $line == "luanti: "*" calls, every callback exactly once: yes"* ]] && [ "$result" = "$line" ]; then
  summary+=("$line; exit 0, ${shutdown_s} s after request_shutdown()")
else
  fail "sonoran_test, trusted: ${line:-no result line}, ${shutdown_s} s from the result to the exit" trusted
fi

# 2. the guide's mod, trusted, and the probe that runs its /units command
run guide "cad guide_probe" cad
rc=$(cat "$work/guide.rc")
line=$(sed -n 's/.*\[guide_probe\] \(guide: .*\)/\1/p' "$work/guide.out" | tail -1)
if [ "$rc" = 0 ] && [[ $line == "guide: /units returned (true, asking the CAD...), then its callback said \"2 units on duty\" (once): yes" ]]; then
  summary+=("${line/guide: /the guide\'s mod: }; exit 0")
else
  fail "the guide's mod: ${line:-no result line}" guide
fi

# 3. the guide's mod, not trusted: the server stops at load with the guide's message.
run untrusted cad ""
rc=$(cat "$work/untrusted.rc")
if [ "$rc" != 0 ] && [ "$rc" != 124 ] &&
   grep -qF "ERROR[Main]: ModError: Failed to load and run script from $user_dir/mods/cad/init.lua:" "$work/untrusted.out" &&
   grep -qF "ERROR[Main]: $user_dir/mods/cad/init.lua:3: cad: add cad to secure.trusted_mods in minetest.conf" "$work/untrusted.out"; then
  summary+=("untrusted: the server stops at load (exit $rc) with the guide's message")
else
  fail "the guide's mod, not trusted: no refusal with the guide's message" untrusted
fi

elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")
joined=$(printf '%s; ' "${summary[@]}")
if [ $status -eq 0 ]; then
  echo "$version, a real server: passed in ${elapsed} s: ${joined%; }"
else
  echo "$version, a real server: FAILED in ${elapsed} s: ${joined%; }"
fi
exit $status
