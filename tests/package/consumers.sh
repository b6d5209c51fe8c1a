#!/usr/bin/env bash
# Every consumer of the release package, built from the package alone (unpacked in a fresh
# directory, not the build tree) and run against the package's own bin/sonoran-mock: a C
# program with pkg-config (shared and --static), a C++ program with CMake find_package
# (sonoran::sonoran and sonoran::sonoran_static), require() in lua5.1, lua5.3, lua5.4 and
# luajit, a host embedding Lua 5.4 that registers luaopen_sonoran, hosts embedding LuaJIT and 5.4
# that link lib/lua/*/libsonoran_lua.a in, the game hosts' simulators on games/, bin/sonoran doctor; then
# scripts/install.sh into a prefix and the C program against that. Usage: consumers.sh TARBALL
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'kill $mock_pid 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
tar -xzf "$tarball"
pkg=$work/$(basename "$tarball" .tar.gz)
(cd "$pkg" && sha256sum --quiet -c SHA256SUMS) && echo "SHA256SUMS: every file matches"
readelf -d "$pkg/lib/libsonoran.so" | grep SONAME
"$pkg/bin/sonoran-mock" --port 0 >mock.log 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q 'listening on' mock.log && break; sleep 0.1; done
url=$(sed -n 's/.*listening on //p' mock.log)

echo "-- C, pkg-config, shared and static"
export PKG_CONFIG_PATH=$pkg/lib/pkgconfig
gcc -std=c11 -Wall -Wextra -Werror "$root/examples/c/tick_loop.c" $(pkg-config --cflags --libs sonoran) -Wl,-rpath,"$pkg/lib" -o c_shared
# Static: the archive itself, and what `--static` adds for it (the system libraries).
gcc -std=c11 -Wall -Wextra -Werror "$root/examples/c/tick_loop.c" $(pkg-config --cflags sonoran) "$pkg/lib/libsonoran.a" \
  $(pkg-config --libs --static sonoran | sed 's/-L[^ ]*//; s/-lsonoran//') -o c_static
ldd c_shared | grep -q "libsonoran.so.0 => $pkg/lib/libsonoran.so.0" && echo "c_shared loads the package's libsonoran.so.0"
! ldd c_static | grep -q libsonoran && echo "c_static holds the library itself"
for program in c_shared c_static; do
  ./$program "$url" >$program.out
  grep -q 'all results collected: yes' $program.out && echo "$program: ok"
done

printf '#include <stdio.h>\n#include "sonoran.h"\nint main(void) { puts(sonoran_version()); return 0; }\n' >version.c
gcc version.c $(pkg-config --cflags --libs sonoran) -Wl,-rpath,"$pkg/lib" -o version
[ "$(./version)" = "$(basename "$pkg" | sed 's/^sonoran-//; s/-x86_64-linux-gnu$//')" ] && echo "sonoran_version() is $(./version), as the file names say"

echo "-- C++, CMake find_package(sonoran CONFIG)"
cmake -S "$root/tests/package" -B cpp -DCMAKE_PREFIX_PATH="$pkg" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build cpp >/dev/null
for program in consumer_shared consumer_static; do
  cpp/$program "$url" >$program.out
  grep -q 'all results collected: yes' $program.out && echo "$program: ok"
done

echo "-- Lua, require from the package"
for pair in lua5.1:5.1 luajit:luajit lua5.3:5.3 lua5.4:5.4; do
  interpreter=${pair%%:*} dir=${pair#*:}
  LUA_CPATH="$pkg/lib/lua/$dir/?.so" $interpreter "$root/tests/package/require.lua" "$url"
done
gcc -std=c11 -Wall -Wextra -Werror -I/usr/include/lua5.4 "$root/tests/lua/embed_host.c" "$pkg/lib/lua/5.4/sonoran.so" -llua5.4 \
  -Wl,-rpath,"$pkg/lib/lua/5.4" -o embed_host
./embed_host "$root/tests/lua/embed_tick.lua" "$url" >embed.out && echo "embed_host (luaL_requiref of luaopen_sonoran): ok"
# Luanti-style hosts link the module in: the static archive, beside the host's own Lua.
static_libs=$(pkg-config --libs --static sonoran | sed 's/-L[^ ]*//; s/-lsonoran//')
for pair in 5.4:"-I/usr/include/lua5.4 -llua5.4" 5.1:"-I/usr/include/luajit-2.1 -lluajit-5.1"; do
  dir=${pair%%:*} flags=${pair#*:}
  # shellcheck disable=SC2086 # flags are words
  gcc -std=c11 -Wall -Wextra -Werror "$root/tests/lua/embed_host.c" "$pkg/lib/lua/$dir/libsonoran_lua.a" $flags $static_libs \
    -o embed_static_$dir
  ./embed_static_$dir "$root/tests/lua/embed_tick.lua" "$url" >embed_static_$dir.out \
    && echo "embed_host linking lib/lua/$dir/libsonoran_lua.a (preloads luaopen_sonoran): ok"
done

echo "-- game hosts, from the package's games/"
# Stripped, as shipped: valgrind runs on the build tree's (scripts/test.sh), these run natively.
SIM_VALGRIND=0 SONORAN_ARMA_NO_BUILD=1 SONORAN_ARMA_SO="$pkg/games/arma3/sonoran_x64.so" "$root/tests/arma/run.sh" | tail -1
SIM_VALGRIND=0 SKIP_BUILD=1 SONORAN_GMOD_MODULE="$pkg/games/garrysmod/gmsv_sonoran_linux64.dll" "$root/tests/gmod/run.sh" | tail -1

echo "-- the tool"
"$pkg/bin/sonoran" doctor --mock | tail -1

echo "-- scripts/install.sh into a prefix"
"$root/scripts/install.sh" --package "$pkg" --prefix "$work/prefix" >/dev/null
PKG_CONFIG_PATH=$work/prefix/lib/pkgconfig gcc -std=c11 "$root/examples/c/tick_loop.c" \
  $(PKG_CONFIG_PATH=$work/prefix/lib/pkgconfig pkg-config --cflags --libs sonoran) -Wl,-rpath,"$work/prefix/lib" -o c_installed
./c_installed "$url" | grep -q 'all results collected: yes' && echo "installed: ok"
echo "package consumers: all ok"
