#!/usr/bin/env bash
# The Arma 3 extension on a host without the game: tests/arma/sim.c loads sonoran_x64.so as
# the engine does and drives it against the mock, under valgrind. Builds the extension
# (scripts/build-arma.sh) and the mock unless SONORAN_ARMA_NO_BUILD=1 (SONORAN_ARMA_SO names
# another build to test); exits non-zero on any
# failure and prints one summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ "${SONORAN_ARMA_NO_BUILD:-0}" != 1 ]; then
  scripts/build-arma.sh >/dev/null 2>&1 || scripts/build-arma.sh
  cargo build --release --quiet -p sonoran-mock
fi
# SONORAN_ARMA_SO: another build of the extension (the release package's), tested as it is.
so=${SONORAN_ARMA_SO:-target/release/sonoran_x64.so}
[ -f "$so" ] || { echo "run.sh: $so is missing (scripts/build-arma.sh builds it)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "run.sh: valgrind is missing (apt-get install -y valgrind)" >&2; exit 1; }

work=$(mktemp -d)
mock_pid=
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

target/release/sonoran-mock --port 0 --rate-limit 0 >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/mock.log" && break; sleep 0.1; done
mock_url=$(sed -n 's/.*listening on //p' "$work/mock.log")
[ -n "$mock_url" ] || { echo "run.sh: the mock did not start:"; cat "$work/mock.log"; exit 1; }

# Three mod folders, as on a server: one with a good sonoran.json next to the .so (found
# through dladdr), one with none, one with a bad field. The simulator runs from a fourth
# directory, the "server's working directory", which has no sonoran.json.
mkdir -p "$work/@sonoran" "$work/@noconfig" "$work/@badconfig" "$work/server"
for mod in @sonoran @noconfig @badconfig; do cp "$so" "$work/$mod/sonoran_x64.so"; done
cat >"$work/@sonoran/sonoran.json" <<JSON
{"communityId": "demo-community", "apiKey": "demo-api-key", "apiUrl": "$mock_url", "defaultServerId": 1, "rateLimits": "off"}
JSON
cat >"$work/@badconfig/sonoran.json" <<JSON
{"communityId": "demo-community", "apiKey": "bad-config-key", "apiUrl": "$mock_url", "timeoutMs": "soon"}
JSON

valgrind="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
  --suppressions=$root/tests/c/valgrind.supp"
[ "${SIM_VALGRIND:-1}" = 0 ] && valgrind=
gcc -Wall -Wextra -Werror -std=c11 -g -O1 tests/arma/sim.c -o "$work/sim" -ldl -lpthread
cd "$work/server"
set +e
# SIM_VALGRIND=0: without valgrind (a stripped build, such as the release package's, has no
# symbols for tests/c/valgrind.supp's suppressions of aws-lc's constant-time code to match).
$valgrind "$work/sim" "$work/@sonoran/sonoran_x64.so" "$work/@noconfig/sonoran_x64.so" "$work/@badconfig/sonoran_x64.so" \
  "$mock_url" "$root/target/release/sonoran-mock" 2>&1 | tee "$work/sim.out"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "arma sim: FAILED (exit $status)"
  exit 1
fi
grep -q '^arma sim: .* 0 failed' "$work/sim.out"
# Once more without valgrind, for the times the game thread waits (valgrind slows them ~50x).
"$work/sim" "$work/@sonoran/sonoran_x64.so" "$work/@noconfig/sonoran_x64.so" "$work/@badconfig/sonoran_x64.so" \
  "$mock_url" "$root/target/release/sonoran-mock" >"$work/sim-native.out" 2>&1 || { cat "$work/sim-native.out"; echo "arma sim: FAILED without valgrind"; exit 1; }
sed -n 's/^arma sim: time/arma sim (native): time/p' "$work/sim-native.out"
