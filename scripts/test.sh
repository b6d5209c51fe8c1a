#!/usr/bin/env bash
# Runs every test of the project: Rust (cargo test), the C ABI (header alone as C11 and
# C++17; C tests linked dynamically and statically, under valgrind; the C and C++ examples),
# the Lua module (lua5.4, luajit, lua5.1 and lua5.3, a C host embedding Lua, a real Luanti
# server), the game hosts' adapters in simulated hosts (tests/arma, tests/gmod), the docs'
# examples (scripts/check-docs.sh), the release package and its consumers, three processes sharing one
# key through redis-server (tests/shared/run.sh), the gateway with the official Sonoran.py, and
# the benchmark in its quick mode.
# Installs missing Debian packages when it can (root with apt-get), else names them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# --- prerequisites -------------------------------------------------------------------
# command or file that proves the package is there : Debian package
prereqs=(
  "gcc:gcc" "g++:g++" "cmake:cmake" "pkg-config:pkg-config" "valgrind:valgrind" "wrk:wrk"
  "lua5.4:lua5.4" "luajit:luajit" "lua5.1:lua5.1" "lua5.3:lua5.3" "luarocks:luarocks"
  "/usr/include/lua5.1/lua.h:liblua5.1-0-dev" "/usr/include/lua5.3/lua.h:liblua5.3-dev"
  "/usr/include/lua5.4/lua.h:liblua5.4-dev" "/usr/include/luajit-2.1/lua.h:libluajit-5.1-dev"
  "redis-server:redis-server" "/usr/games/minetestserver:minetest-server"
)
missing=()
for entry in "${prereqs[@]}"; do
  probe=${entry%%:*} package=${entry#*:}
  if [[ $probe == /* ]]; then [ -e "$probe" ] || missing+=("$package")
  else command -v "$probe" >/dev/null || missing+=("$package"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

stages_passed=0
# Each stage says when it began (seconds since the start), so a slow stage shows in the log.
stage() { echo; echo "== $* [at ${SECONDS}s]"; }
ok() { stages_passed=$((stages_passed + 1)); }

# --- Rust ------------------------------------------------------------------------------
mkdir -p build
stage "formatting (cargo fmt --check), lints (cargo clippy -D warnings), generated files (xtask check)"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo run --quiet -p xtask -- check
ok

stage "cargo test (core, mock, C skin and header, generated files up to date)"
# pipefail: a failing cargo test fails the pipeline, and set -e stops here.
cargo test 2>&1 | tee build/cargo-test.log
ok

stage "the core without its optional parts (--no-default-features: no push transports, no Redis)"
cargo test -p sonoran --no-default-features 2>&1 | tee build/cargo-test-minimal.log
ok

# --- C ABI -----------------------------------------------------------------------------
stage "build libsonoran and the mock (release)"
scripts/build-c.sh
cargo build --release --quiet -p sonoran-mock
export PKG_CONFIG_PATH=$root/build/c/lib/pkgconfig
ok

# The mock (v2 rate limit off, so tests do not pace each other) and a port that accepts
# connections and never answers (for cancel and in-flight tests).
mock_log=build/mock.log silent_log=build/silent.log hostile_log=build/hostile.log
target/release/sonoran-mock --port 0 --rate-limit 0 >"$mock_log" 2>&1 &
mock_pid=$!
# A mock whose v2 reads answer JSON that is valid syntax but that no face can represent.
deep=$(python3 -c 'print("[" * 200 + "]" * 200)')
target/release/sonoran-mock --port 0 --rate-limit 0 \
  --fault 'get_account_v2=status:200,json:{"account":[1e400]}' \
  --fault "get_accounts_v2=status:200,json:{\"accounts\":[$(printf '9%.0s' $(seq 400))]}" \
  --fault 'get_identifiers_v2=status:200,json:{"identifiers":["\ud800"]}' \
  --fault "get_units_v2=status:200,json:{\"units\":$deep}" >"$hostile_log" 2>&1 &
hostile_pid=$!
# A mock of its own for the CAD plugin examples, whose players move the units other tests read.
plugin_log=build/plugin_mock.log
target/release/sonoran-mock --port 0 --rate-limit 0 >"$plugin_log" 2>&1 &
plugin_pid=$!
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(512)
print(s.getsockname()[1], flush=True); time.sleep(3600)' >"$silent_log" &
silent_pid=$!
trap 'kill $mock_pid $silent_pid $hostile_pid $plugin_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$mock_log" && grep -q 'listening on' "$hostile_log" && grep -q 'listening on' "$plugin_log" && [ -s "$silent_log" ] && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$mock_log")
hostile_url=$(sed -n 's/.*listening on //p' "$hostile_log")
plugin_url=$(sed -n 's/.*listening on //p' "$plugin_log")
silent_url=http://127.0.0.1:$(cat "$silent_log")
[ -n "$mock_url" ] && [ -n "$plugin_url" ] || { echo "a mock did not start:"; cat "$mock_log" "$plugin_log"; exit 1; }
echo "mock at $mock_url, silent server at $silent_url"

# A fresh mock with the documented rate limits for each mirror test: they seed units, and the
# 3 reads a minute of get_units_v2 are the budget they prove they keep to.
mirror_pids=()
fresh_mirror_mock() {
  local log=build/mirror_mock_$1.log
  target/release/sonoran-mock --port 0 >"$log" 2>&1 &
  mirror_pids+=($!)
  for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  mirror_url=$(sed -n 's/.*listening on //p' "$log")
  [ -n "$mirror_url" ] || { echo "the mirror mock did not start:"; cat "$log"; exit 1; }
}
trap 'kill $mock_pid $silent_pid $hostile_pid $plugin_pid ${mirror_pids[*]} 2>/dev/null || true' EXIT

stage "header compiles alone as C11 and C++17"
cflags="-Wall -Wextra -Werror -pedantic -I$root/build/c/include"
gcc -std=c11 $cflags -fsyntax-only tests/c/header_alone.c
g++ -std=c++17 -x c++ $cflags -fsyntax-only tests/c/header_alone.c
ok

stage "C tests, linked against libsonoran.so and libsonoran.a, under valgrind"
static_libs=$(sed -n 's/^Libs.private: //p' build/c/lib/pkgconfig/sonoran.pc)
gcc -std=c11 -Wall -Wextra -Werror -g -O1 tests/c/test_sonoran.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -lpthread -o build/test_sonoran_shared
gcc -std=c11 -Wall -Wextra -Werror -g -O1 tests/c/test_sonoran.c $(pkg-config --cflags sonoran) \
  build/c/lib/libsonoran.a $static_libs -o build/test_sonoran_static
for variant in shared static; do
  echo "-- $variant"
  valgrind -q --suppressions=tests/c/valgrind.supp --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite build/test_sonoran_$variant "$mock_url" "$root/target/release/sonoran-mock" 2>&1 | tee build/c_test_$variant.out
done
ok

stage "C tests under AddressSanitizer and UndefinedBehaviorSanitizer (static library)"
gcc -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_sonoran.c \
  $(pkg-config --cflags sonoran) build/c/lib/libsonoran.a $static_libs -o build/test_sonoran_asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build/test_sonoran_asan "$mock_url" "$root/target/release/sonoran-mock" 2>&1 | tee build/c_test_asan.out
ok

stage "C panel helper: the pages' four example panels end to end, under valgrind and AddressSanitizer"
scripts/panel-fixtures.py build/panels
gcc -std=c11 -Wall -Wextra -Werror -g -O1 tests/c/test_panels.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/test_panels
valgrind -q --suppressions=tests/c/valgrind.supp --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite build/test_panels "$mock_url" "$root/target/release/sonoran-mock" build/panels 2>&1 | tee build/c_panels.out
gcc -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_panels.c \
  $(pkg-config --cflags sonoran) build/c/lib/libsonoran.a $static_libs -o build/test_panels_asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build/test_panels_asan "$mock_url" "$root/target/release/sonoran-mock" build/panels 2>&1 | tee build/c_panels_asan.out
ok

stage "C live mirror: CAD-side changes and own writes without a request, under valgrind and AddressSanitizer"
gcc -std=c11 -Wall -Wextra -Werror -g -O1 tests/c/test_mirror.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/test_mirror
fresh_mirror_mock c
valgrind -q --suppressions=tests/c/valgrind.supp --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite build/test_mirror "$mirror_url" "$root/target/release/sonoran-mock" 2>&1 | tee build/c_mirror.out
gcc -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_mirror.c \
  $(pkg-config --cflags sonoran) build/c/lib/libsonoran.a $static_libs -o build/test_mirror_asan
fresh_mirror_mock c_asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build/test_mirror_asan "$mirror_url" "$root/target/release/sonoran-mock" 2>&1 | tee build/c_mirror_asan.out
ok

stage "C and C++ examples"
gcc -std=c11 -Wall -Wextra -Werror examples/c/tick_loop.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/tick_loop
build/tick_loop "$mock_url" | tee build/tick_loop.out
grep -q 'tick .*get_account_units -> {"success":true' build/tick_loop.out
grep -q 'get_accounts (bad limit) -> {"success":false,"kind":"invalid_argument"' build/tick_loop.out
grep -q 'all results collected: yes' build/tick_loop.out
gcc -std=c11 -Wall -Wextra -Werror examples/c/cad_plugin.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/cad_plugin
build/cad_plugin "$plugin_url" --demo | tee build/cad_plugin.out
grep -q '^/status -> {"success":true,"status":200,"data":{"updated":1,"status":"ON_SCENE"}' build/cad_plugin.out
grep -q '^panic -> {"success":true,"status":200,"data":{"updated":1,"isPanic":true}' build/cad_plugin.out
grep -q '^911 call -> {"success":true,"status":200,"data":{"callId":[0-9]*,"isEmergency":true,"caller":"John","location":"Mission Row"' build/cad_plugin.out
[ "$(grep -c '^locations -> {"success":true,"status":200,"data":{"updated":2}' build/cad_plugin.out)" -eq 27 ]
[ "$(grep -c '^call list -> {"success":true' build/cad_plugin.out)" -eq 3 ]
grep -q '^call list: [0-9]* dispatch, [1-9][0-9]* 911$' build/cad_plugin.out
gcc -std=c11 -Wall -Wextra -Werror examples/c/plate_reader.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/plate_reader
build/plate_reader "$mock_url" | tee build/plate_reader.out
grep -q '^plate ABC123: Vehicle Registration 501, Black Buffalo, owner John Doe$' build/plate_reader.out
grep -q '^plate XYZ 999: no record$' build/plate_reader.out
grep -q '^done: 400 sightings, 4 lookups, 396 from cache, 0 dropped$' build/plate_reader.out
gcc -std=c11 -Wall -Wextra -Werror examples/c/server_startup.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/server_startup
build/server_startup "$plugin_url" --demo | tee build/server_startup.out
grep -q '^plan: PRO$' build/server_startup.out
grep -q '^servers: 2 configured, this one among them$' build/server_startup.out
grep -q '^postals -> {"success":true,"status":200,"data":{"updated":3}}$' build/server_startup.out
[ "$(grep -c '^heartbeat -> {"success":true,"status":200,"data":{"serverId":1,"playerCount":1[0-6],' build/server_startup.out)" -eq 3 ]
grep -q '^heartbeats sent: 3$' build/server_startup.out
cmake -S examples/cpp -B build/cpp -DCMAKE_PREFIX_PATH="$root/build/c" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/cpp >/dev/null
build/cpp/sonoran_cpp_example "$mock_url" | tee build/cpp_example.out
grep -q 'request .* -> {"success":true,"status":200,"data":{"uuid":"00000000' build/cpp_example.out
grep -q 'all results collected: yes' build/cpp_example.out
ok

# --- Lua -------------------------------------------------------------------------------
stage "build the Lua module (5.4, LuaJIT and 5.3)"
scripts/build-lua.sh
ok

# The LuaJIT build also serves PUC Lua 5.1 (the same C API): tested with the stock lua5.1.
for interpreter in lua5.4 luajit lua5.1 lua5.3; do
  case $interpreter in lua5.4) flavour=5.4 ;; lua5.3) flavour=5.3 ;; *) flavour=jit ;; esac
  stage "Lua tests with the stock $interpreter ($flavour build)"
  MOCK_URL=$mock_url SILENT_URL=$silent_url HOSTILE_URL=$hostile_url MOCK_BIN=$root/target/release/sonoran-mock LUA_CPATH="$root/build/lua/$flavour/?.so" \
    $interpreter tests/lua/test_sonoran.lua 2>&1 | tee build/lua_test_$interpreter.out
  # The panel helper: the pages' four example panels (build/panels from the C panel stage).
  MOCK_URL=$mock_url MOCK_BIN=$root/target/release/sonoran-mock PANELS_DIR=$root/build/panels LUA_CPATH="$root/build/lua/$flavour/?.so" \
    $interpreter tests/lua/test_panels.lua 2>&1 | tee build/lua_panels_$interpreter.out
  # The live mirror, on a mock of its own with the documented limits.
  fresh_mirror_mock lua_$interpreter
  MOCK_URL=$mirror_url MOCK_BIN=$root/target/release/sonoran-mock LUA_CPATH="$root/build/lua/$flavour/?.so" \
    $interpreter tests/lua/test_mirror.lua 2>&1 | tee build/lua_mirror_$interpreter.out
  LUA_CPATH="$root/build/lua/$flavour/?.so" $interpreter examples/lua/tick_loop.lua "$mock_url" | tee build/lua_example_$interpreter.out
  grep -q '^removed: Identifier [0-9]* removed!' build/lua_example_$interpreter.out
  LUA_CPATH="$root/build/lua/$flavour/?.so" $interpreter examples/lua/cad_plugin.lua "$plugin_url" --demo | tee build/lua_cad_plugin_$interpreter.out
  grep -q '^/status 4: ok$' build/lua_cad_plugin_$interpreter.out
  grep -q '^panic: ok$' build/lua_cad_plugin_$interpreter.out
  grep -q '^911 call [0-9]* opened for John$' build/lua_cad_plugin_$interpreter.out
  [ "$(grep -c '^locations: 2 units moved$' build/lua_cad_plugin_$interpreter.out)" -eq 27 ]
  [ "$(grep -c '^call list: [0-9]* dispatch, [0-9]* 911$' build/lua_cad_plugin_$interpreter.out)" -eq 3 ]
  grep -q '^done after 131 ticks, 0 requests left$' build/lua_cad_plugin_$interpreter.out
  LUA_CPATH="$root/build/lua/$flavour/?.so" $interpreter examples/lua/plate_reader.lua "$mock_url" | tee build/lua_plate_reader_$interpreter.out
  grep -q '^plate ABC123: Vehicle Registration 501, Black Buffalo, owner John Doe$' build/lua_plate_reader_$interpreter.out
  grep -q '^plate XYZ 999: no record$' build/lua_plate_reader_$interpreter.out
  grep -q '^done: 400 sightings, 4 lookups, 396 from cache, 0 dropped$' build/lua_plate_reader_$interpreter.out
  LUA_CPATH="$root/build/lua/$flavour/?.so" $interpreter examples/lua/server_startup.lua "$plugin_url" --demo | tee build/lua_server_startup_$interpreter.out
  grep -q '^plan: PRO$' build/lua_server_startup_$interpreter.out
  grep -q '^servers: 2 configured, this one among them$' build/lua_server_startup_$interpreter.out
  grep -q '^postals: 3 stored$' build/lua_server_startup_$interpreter.out
  [ "$(grep -c '^heartbeat: server 1, 1[0-6] players$' build/lua_server_startup_$interpreter.out)" -eq 3 ]
  grep -q '^heartbeats sent: 3$' build/lua_server_startup_$interpreter.out
  ok
done

stage "every built page's Sonoran.lua example runs unchanged (only apiUrl added), lua5.4 and luajit"
# The copies are checked against the pages when the API reference sits beside the repository.
if [ -d ../shared/api ]; then scripts/lua-page-examples.py --check; fi
: >build/lua_page_examples.out
# The examples run in a directory of their own, holding the clip the bodycam example reads.
page_cwd=$root/build/page_examples_cwd
mkdir -p "$page_cwd"
printf '\x1a\x45\xdf\xa3 a webm clip' >"$page_cwd/bodycam-clip.webm"
for example in tests/lua/page_examples/*.lua; do
  # A fresh mock per example and interpreter (what one run deletes, the next still finds),
  # with the credentials the pages' examples use. The mock is seeded with the ids the examples
  # name, so each example's last call must succeed: the harness exits 1 when it does not
  # (EXPECTED_FAILURES there lists the examples whose page says they fail).
  for flavour in 5.4 jit; do
    interpreter=lua5.4; [ $flavour = jit ] && interpreter=luajit
    # A log of its own: the mock's shell opens it in the background, so a reused file could
    # still show the previous mock's address.
    example_log=build/page_example_mock_$flavour.log
    rm -f "$example_log"
    target/release/sonoran-mock --port 0 --rate-limit 0 --community-id YOUR_COMMUNITY_ID --api-key YOUR_API_KEY >"$example_log" 2>&1 &
    example_pid=$!
    for _ in $(seq 200); do grep -q 'listening on' "$example_log" 2>/dev/null && break; sleep 0.05; done
    example_url=$(sed -n 's/.*listening on //p' "$example_log")
    [ -n "$example_url" ] || { echo "the mock for $example did not start:"; cat "$example_log"; exit 1; }
    output=$(cd "$page_cwd" && SONORAN_API_URL=$example_url LUA_CPATH="$root/build/lua/$flavour/?.so" $interpreter "$root/tests/lua/page_harness.lua" "$root/$example" 2>&1) \
      || { echo "$interpreter $example failed:"; echo "$output"; kill $example_pid; exit 1; }
    echo "$interpreter $(basename "$example" .lua): ${output##*$'\n'}" | tee -a build/lua_page_examples.out
    kill $example_pid 2>/dev/null || true
    wait $example_pid 2>/dev/null || true
  done
done
ok

stage "a C host embedding Lua 5.4 registers the module with luaL_requiref"
gcc -std=c11 -Wall -Wextra -Werror -I/usr/include/lua5.4 tests/lua/embed_host.c "$root/build/lua/5.4/sonoran.so" \
  -llua5.4 -o build/embed_host
build/embed_host tests/lua/embed_tick.lua "$mock_url" | tee build/embed_host.out
ok

stage "documentation: every C, C++ and Lua example compiled and run against the mock, links, the book (mdbook), the API docs"
# mdbook from the crate registry when missing (a few minutes, once); the book is checked with it.
command -v mdbook >/dev/null || cargo install --quiet --locked mdbook || echo "mdbook could not be installed: the book's build is skipped"
scripts/check-docs.sh --no-build 2>&1 | tee build/check-docs.out
RUSTDOCFLAGS=-Dwarnings cargo doc --quiet --no-deps -p sonoran
ok

stage "game hosts without the games: the Arma 3 extension in a simulated engine, under valgrind"
scripts/build-arma.sh
SONORAN_ARMA_NO_BUILD=1 tests/arma/run.sh | tee build/arma_sim.out
ok

stage "game hosts without the games: the Garry's Mod module in a simulated server (LuaJIT RTLD_LOCAL), under valgrind"
scripts/build-gmod.sh
SKIP_BUILD=1 tests/gmod/run.sh | tee build/gmod_sim.out
ok

stage "a real Luanti server: Debian's minetestserver loads the LuaJIT module in a trusted mod, runs the guide's mod as written, refuses it untrusted"
SKIP_BUILD=1 tests/luanti/run.sh | tee build/luanti.out
ok

stage "three game servers, one key: C, Lua and Rust processes share one budget through redis-server"
gcc -std=c11 -Wall -Wextra -Werror tests/shared/burst.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/shared_burst_c
cargo build --release --quiet -p sonoran-bench --bin shared_burst
MOCK_BIN=$root/target/release/sonoran-mock C_BURST=$root/build/shared_burst_c \
  RUST_BURST=$root/target/release/shared_burst LUA=lua5.4 LUA_CPATH="$root/build/lua/5.4/?.so" \
  tests/shared/run.sh 2>&1 | tee build/shared.out
ok

stage "the gateway with the official Sonoran.py (PyPI): a burst beyond the budget, zero 429s reach the SDK"
cargo build --release --quiet -p sonoran-cli
[ -x build/sdk-venv/bin/python ] || { python3 -m venv build/sdk-venv && build/sdk-venv/bin/pip install -q "Sonoran.py==0.1.25"; }
fresh_tight_log=build/gateway_mock.log
target/release/sonoran-mock --port 0 --rate-limit 5 --rate-window-ms 2000 >"$fresh_tight_log" 2>&1 &
mirror_pids+=($!)
for _ in $(seq 100); do grep -q 'listening on' "$fresh_tight_log" && break; sleep 0.1; done
tight_url=$(sed -n 's/.*listening on //p' "$fresh_tight_log")
# The gateway's client paced a little under the mock's 5 per 2 s (time between send and arrival).
printf '{"communityId":"demo-community","apiKey":"demo-api-key","apiUrl":"%s","rateLimits":{"v2":{"requests":5,"periodMs":3000}}}' \
  "$tight_url" >build/gateway.json
target/release/sonoran --config build/gateway.json gateway --listen 127.0.0.1:0 --quiet >build/gateway.log 2>&1 &
mirror_pids+=($!)
for _ in $(seq 100); do grep -q 'gateway listening on' build/gateway.log && break; sleep 0.1; done
gateway_url=$(sed -n 's/.*gateway listening on \(http[^ ]*\).*/\1/p' build/gateway.log)
MOCK_URL=$tight_url GATEWAY_URL=$gateway_url build/sdk-venv/bin/python tests/sdk/sonoran_py.py 2>&1 | tee build/gateway_sdk.out
ok

stage "the release package (glibc 2.17 baseline) and every consumer of it, built from the package alone"
scripts/package.sh 2>&1 | tee build/package.out
tests/package/consumers.sh dist/sonoran-*-x86_64-linux-gnu.tar.gz 2>&1 | tee build/package_consumers.out
# LuaRocks: `luarocks make` into a local tree for 5.4, 5.3 and 5.1, then require from that tree.
for version in 5.4 5.3 5.1; do
  rm -rf "build/rocks-$version"
  luarocks --lua-version $version --tree "build/rocks-$version" make sonoran-*.rockspec >/dev/null
  (eval "$(luarocks --lua-version $version --tree "build/rocks-$version" path)" && lua$version -e \
    'local S = require("sonoran")
      for t in package.cpath:gmatch("[^;]+") do  -- package.searchpath, which 5.1 lacks
        local f = io.open((t:gsub("%?", "sonoran"))); if f then f:close(); print("luarocks " .. _VERSION .. ": sonoran " .. S.version .. " from " .. t:gsub("%?", "sonoran")); break end
      end') \
    | tee -a build/package_consumers.out
done
ok

stage "benchmark, quick mode (so it cannot rot; figures are not checked here)"
scripts/bench.sh --quick > build/bench-quick.out 2>&1 || { cat build/bench-quick.out; exit 1; }
grep '^| ' build/bench-quick.out
ok

stage "the API key appears in none of the outputs collected above"
if grep -l 'demo-api-key' build/cargo-test.log build/cargo-test-minimal.log build/*.out; then
  echo "the API key leaked into the files above"; exit 1
fi
ok

echo
echo "test.sh: $stages_passed passed, 0 failed, in ${SECONDS}s"
