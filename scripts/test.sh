#!/usr/bin/env bash
# Runs every test of the project: Rust (cargo test), the C ABI (header alone as C11 and
# C++17; C tests linked dynamically and statically, under valgrind; the C and C++ examples),
# and the Lua module (lua5.4 and luajit, and a C host embedding Lua).
# Installs missing Debian packages when it can (root with apt-get), else names them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# --- prerequisites -------------------------------------------------------------------
# command or file that proves the package is there : Debian package
prereqs=(
  "gcc:gcc" "g++:g++" "cmake:cmake" "pkg-config:pkg-config" "valgrind:valgrind"
  "lua5.4:lua5.4" "luajit:luajit"
  "/usr/include/lua5.4/lua.h:liblua5.4-dev" "/usr/include/luajit-2.1/lua.h:libluajit-5.1-dev"
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
stage() { echo; echo "== $*"; }
ok() { stages_passed=$((stages_passed + 1)); }

# --- Rust ------------------------------------------------------------------------------
stage "cargo test (core, mock, C header check)"
cargo test --workspace 2>&1 | tee build/cargo-test.log | grep -E '^(test result|running|error|failures|---- )|panicked' || true
[ "${PIPESTATUS[0]}" = 0 ] || { echo "cargo test failed"; exit 1; }
ok

# --- C ABI -----------------------------------------------------------------------------
stage "build libsonoran and the mock (release)"
scripts/build-c.sh
cargo build --release --quiet -p sonoran-mock
export PKG_CONFIG_PATH=$root/build/c/lib/pkgconfig
ok

mock_log=$(mktemp)
target/release/sonoran-mock --port 0 --rate-limit 0 >"$mock_log" 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true; rm -f "$mock_log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$mock_log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$mock_log")
[ -n "$mock_url" ] || { echo "the mock did not start:"; cat "$mock_log"; exit 1; }
echo "mock at $mock_url"

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
  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite build/test_sonoran_$variant "$mock_url"
done
ok

stage "C and C++ examples"
gcc -std=c11 -Wall -Wextra -Werror examples/c/tick_loop.c $(pkg-config --cflags --libs sonoran) \
  -Wl,-rpath,"$root/build/c/lib" -o build/tick_loop
build/tick_loop "$mock_url" | tee build/tick_loop.out
grep -q 'tick .*get_account_units -> {"success":true' build/tick_loop.out
grep -q 'get_accounts (bad limit) -> {"success":false,"kind":"invalid_argument"' build/tick_loop.out
grep -q 'all results collected: yes' build/tick_loop.out
cmake -S examples/cpp -B build/cpp -DCMAKE_PREFIX_PATH="$root/build/c" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/cpp >/dev/null
build/cpp/sonoran_cpp_example "$mock_url" | tee build/cpp_example.out
grep -q 'request .* -> {"success":true,"status":200,"data":{"uuid":"00000000' build/cpp_example.out
grep -q 'all results collected: yes' build/cpp_example.out
ok

echo
echo "test.sh: $stages_passed passed, 0 failed"
