#!/usr/bin/env bash
# The Garry's Mod binary module in a simulated game host (tests/gmod/sim.c), under valgrind,
# against the mock: LuaJIT loaded as the game loads lua_shared.so (a copy of Debian's
# libluajit-5.1.so.2 by that name, dlopen'ed RTLD_LOCAL), the module loaded and opened with
# gmod13_open, tests/gmod/sim.lua run in Think frames, gmod13_close, a second map.
# Usage: tests/gmod/run.sh   (SKIP_BUILD=1: use the module and the mock already built;
#                            SONORAN_GMOD_MODULE=PATH: test that build of the module)
# Needs gcc, valgrind, nm and Debian's libluajit-5.1-2. Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
luajit_so=${LUAJIT_SO:-/usr/lib/x86_64-linux-gnu/libluajit-5.1.so.2}
[ -e "$luajit_so" ] || { echo "run.sh: $luajit_so is missing (apt-get install libluajit-5.1-2)" >&2; exit 1; }
summary=()

if [ -z "${SKIP_BUILD:-}" ]; then
  scripts/build-gmod.sh >/dev/null
  cargo build --release --quiet -p sonoran-mock
fi
# SONORAN_GMOD_MODULE: another build of the module (the release package's), tested as it is.
module=${SONORAN_GMOD_MODULE:-$root/target/release/gmsv_sonoran_linux64.dll}
mock_bin=$root/target/release/sonoran-mock

# The module exports its two entry points and nothing else, and needs no Lua from the process.
exports=$(nm -D --defined-only "$module" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exports" = "gmod13_close gmod13_open " ] || { echo "FAIL: the module exports: $exports"; exit 1; }
if nm -D --undefined-only "$module" | grep -i ' lua'; then echo "FAIL: Lua symbols left undefined (above)"; exit 1; fi
summary+=("symbols: exports gmod13_open and gmod13_close only, no Lua symbol undefined")

work=$(mktemp -d)
mock_pid=
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp "$luajit_so" "$work/lua_shared.so"
# CC: another compiler (the release workflow's 32-bit build: "gcc -m32").
${CC:-gcc} -Wall -Werror -std=c11 -g -o "$work/sim" tests/gmod/sim.c -ldl
# The host must not link any Lua: the module would find it in the global namespace otherwise.
if readelf -d "$work/sim" | grep NEEDED | grep -i lua; then echo "FAIL: the simulator links Lua"; exit 1; fi

"$mock_bin" --port 0 --rate-limit 0 >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/mock.log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$work/mock.log")
[ -n "$mock_url" ] || { echo "FAIL: the mock did not start"; cat "$work/mock.log"; exit 1; }

# SIM_VALGRIND=0: without valgrind (a stripped build, such as the release package's, has no
# symbols for tests/c/valgrind.supp's suppressions of aws-lc's constant-time code to match).
valgrind="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
  --suppressions=tests/c/valgrind.supp"
under="under valgrind"
[ "${SIM_VALGRIND:-1}" = 0 ] && valgrind= under="without valgrind"
status=0
# Twice: with the library named as the game names it, and under another name (the module then
# finds it as the loaded library that defines luaL_newstate).
cp "$luajit_so" "$work/libgame_lua.so"
for lib in lua_shared.so libgame_lua.so; do
  echo "== the simulator, Lua as $lib"
  $valgrind "$work/sim" "$work/$lib" "$module" tests/gmod/sim.lua "$mock_url" "$mock_bin" >"$work/sim.out" 2>&1 || status=$?
  cat "$work/sim.out"
  grep -q '^simulated Garry.s Mod host: every cycle passed$' "$work/sim.out" || status=1
  grep -q '^a failing open is a Lua error: yes' "$work/sim.out" || status=1
  [ "$(grep -c '^cycle [12]: [0-9]* checks passed, 0 failed$' "$work/sim.out")" -eq 2 ] || status=1
  [ "$(grep -c '^after gmod13_close: clients freed$' "$work/sim.out")" -eq 2 ] || status=1
  summary+=("Lua as $lib: $(grep -E '^cycle [12]: [0-9]+ checks' "$work/sim.out" | tr '\n' ';' | sed 's/;$//; s/;/; /')")
done
echo
echo "== tests/gmod/run.sh"
for line in "${summary[@]}"; do echo "$line"; done
if [ $status -eq 0 ]; then
  echo "simulated Garry's Mod host $under: passed (2 Lua library names x 2 maps${valgrind:+, no memory errors, no definite leaks})"
else
  echo "simulated Garry's Mod host $under: FAILED"
fi
exit $status
