#!/usr/bin/env bash
# Builds the release package: dist/sonoran-<version>-x86_64-linux-gnu.tar.gz, for glibc 2.17
# and newer (cargo-zigbuild with zig from PyPI's `ziglang`; both installed here when missing):
#   lib/libsonoran.so.X.Y.Z (soname libsonoran.so.X) + links, lib/libsonoran.a
#   include/sonoran.h
#   lib/pkgconfig/sonoran.pc                        relocatable (${pcfiledir})
#   lib/cmake/sonoran/sonoranConfig.cmake (+Version) sonoran::sonoran, sonoran::sonoran_static
#   lib/lua/5.1/sonoran.so (LuaJIT and PUC 5.1), lib/lua/luajit -> 5.1, lib/lua/5.3, lib/lua/5.4
#   lib/lua/5.1/libsonoran_lua.a, lib/lua/5.4/libsonoran_lua.a  for hosts that link the module in
#   bin/sonoran, bin/sonoran-mock
#   games/arma3/sonoran_x64.so + games/arma3/sqf/ (the Arma 3 extension and its SQF functions)
#   games/garrysmod/gmsv_sonoran_linux64.dll      (the Garry's Mod binary module)
#   LICENSE, README, THIRD-PARTY (every crate linked in, with its licence, from cargo metadata),
#   SHA256SUMS
# Then checks it: only sonoran_* exported, the soname, no RUNPATH, and no binary needing a
# glibc newer than 2.17 (the highest version needed is printed).
# Usage: scripts/package.sh [--native]   (--native: this machine's glibc, no zig; for a quick try)
# SONORAN_TARGET=aarch64-unknown-linux-gnu.2.17 builds another Linux target (its Rust std needed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
native=false
[ "${1:-}" = --native ] && native=true
version=$(sed -n 's/^version = "\(.*\)"/\1/p' bindings/c/Cargo.toml | head -n1)
major=${version%%.*}
glibc=2.17
# Another Linux target (the release workflow's i686/aarch64, where their std is installed).
zig_target=${SONORAN_TARGET:-x86_64-unknown-linux-gnu.$glibc}
triple=$(echo "$zig_target" | sed 's/\.[0-9.]*$//')
arch=${zig_target%%-*}
name=sonoran-$version-$arch-linux-gnu
target_dir=$root/target/package
stage=$root/dist/$name
rm -rf "$stage" && mkdir -p "$stage"/{bin,include,lib/pkgconfig,lib/cmake/sonoran,lib/lua,games}

# module PACKAGE [FEATURES]: a library loaded into a host's process (the Lua modules, the game
# hosts' adapters), unwound through by the host: LuaJIT raises its errors with the system's
# unwinder (libgcc_s), through mlua's frames. zig links LLVM's libunwind in instead, whose
# personality routine cannot read libgcc_s's unwind context (a crash on the first Lua error
# that crosses a Rust frame): these link the system's libgcc_s.so.1 (present on every glibc
# system) so that one unwinder serves the host and the module.
if $native; then
  build() { cargo build --release --quiet --target-dir "$target_dir" "$@"; }
  module() { cargo rustc --release --quiet --target-dir "$target_dir" -p "$@"; }
  out=$target_dir/release
else
  if ! python3 -m ziglang version >/dev/null 2>&1; then
    python3 -m pip install -q ziglang 2>/dev/null || python3 -m pip install -q --break-system-packages ziglang
  fi
  command -v cargo-zigbuild >/dev/null || cargo install --quiet --locked cargo-zigbuild
  build() { cargo zigbuild --release --quiet --target-dir "$target_dir" --target "$zig_target" "$@"; }
  case $arch in i686) m32=-m32 ;; *) m32= ;; esac
  libgcc_s=${SONORAN_LIBGCC_S:-$(gcc $m32 -print-file-name=libgcc_s.so.1)}
  [ -f "$libgcc_s" ] || { echo "package.sh: no libgcc_s.so.1 for $arch (set SONORAN_LIBGCC_S)" >&2; exit 1; }
  module() { cargo-zigbuild rustc --release --quiet --target-dir "$target_dir" --target "$zig_target" -p "$@" -- -C link-arg="$libgcc_s"; }
  out=$target_dir/$triple/release
fi

echo "== C library" >&2
build -p sonoran-c
cp "$out/libsonoran.so" "$stage/lib/libsonoran.so.$version"
ln -s "libsonoran.so.$version" "$stage/lib/libsonoran.so.$major"
ln -s "libsonoran.so.$major" "$stage/lib/libsonoran.so"
cp "$out/libsonoran.a" "$stage/lib/"
cp include/sonoran.h "$stage/include/"
# What a static link needs besides the archive (as rustc prints it for this target).
static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

echo "== Lua modules" >&2
for flavour in jit 5.3 5.4; do
  case $flavour in jit) feature=luajit; dir=5.1 ;; 5.3) feature=lua53; dir=5.3 ;; 5.4) feature=lua54; dir=5.4 ;; esac
  module sonoran-lua --features "$feature"
  mkdir -p "$stage/lib/lua/$dir"
  cp "$out/libsonoran_lua.so" "$stage/lib/lua/$dir/sonoran.so"
  # For hosts that embed Lua and link the module in (Luanti-style: LuaJIT; or 5.4).
  case $dir in 5.1|5.4) cp "$out/libsonoran_lua.a" "$stage/lib/lua/$dir/" ;; esac
done
# The LuaJIT build is PUC 5.1's too (the same C API).
ln -s 5.1 "$stage/lib/lua/luajit"

echo "== game hosts: the Arma 3 extension" >&2
# Arma loads sonoran_x64.so on a 64-bit server, sonoran.so on a 32-bit one.
case $arch in x86_64) arma_name=sonoran_x64.so ;; *) arma_name=sonoran.so ;; esac
module sonoran-arma
mkdir -p "$stage/games/arma3/sqf"
cp "$out/libsonoran_x64.so" "$stage/games/arma3/$arma_name"
cp bindings/arma/sqf/* "$stage/games/arma3/sqf/"

echo "== game hosts: the Garry's Mod binary module" >&2
# 64-bit servers load gmsv_sonoran_linux64.dll, 32-bit ones gmsv_sonoran_linux.dll (ELF files).
case $arch in x86_64) gmod_name=gmsv_sonoran_linux64.dll ;; *) gmod_name=gmsv_sonoran_linux.dll ;; esac
module sonoran-gmod
mkdir -p "$stage/games/garrysmod"
cp "$out/libgmsv_sonoran_linux64.so" "$stage/games/garrysmod/$gmod_name"

echo "== the sonoran tool and the mock" >&2
build -p sonoran-cli -p sonoran-mock
cp "$out/sonoran" "$out/sonoran-mock" "$stage/bin/"
strip "$stage/bin/"* "$stage/lib/libsonoran.so.$version" "$stage/lib/lua/"*/sonoran.so "$stage/games/arma3/$arma_name" "$stage/games/garrysmod/$gmod_name" 2>/dev/null || true
# The archives keep their symbols (a host links them) but not the standard library's debug info.
strip --strip-debug "$stage/lib/libsonoran.a" "$stage/lib/lua/"*/libsonoran_lua.a

cat >"$stage/lib/pkgconfig/sonoran.pc" <<PC
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: sonoran
Description: Client of the Sonoran CAD web API (C ABI)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lsonoran
Libs.private: $static_libs
PC

cat >"$stage/lib/cmake/sonoran/sonoranConfig.cmake" <<CMAKE
# find_package(sonoran CONFIG): the imported targets sonoran::sonoran (the shared library) and
# sonoran::sonoran_static (the static one, with the system libraries it needs). Relocatable:
# every path is found from this file's own place.
get_filename_component(_sonoran_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET sonoran::sonoran)
  add_library(sonoran::sonoran SHARED IMPORTED)
  set_target_properties(sonoran::sonoran PROPERTIES
    IMPORTED_LOCATION "\${_sonoran_prefix}/lib/libsonoran.so.$version"
    IMPORTED_SONAME "libsonoran.so.$major"
    INTERFACE_INCLUDE_DIRECTORIES "\${_sonoran_prefix}/include")
endif()
if(NOT TARGET sonoran::sonoran_static)
  add_library(sonoran::sonoran_static STATIC IMPORTED)
  set_target_properties(sonoran::sonoran_static PROPERTIES
    IMPORTED_LOCATION "\${_sonoran_prefix}/lib/libsonoran.a"
    INTERFACE_INCLUDE_DIRECTORIES "\${_sonoran_prefix}/include"
    INTERFACE_LINK_LIBRARIES "gcc_s;util;rt;pthread;m;dl;c")
endif()
set(sonoran_VERSION "$version")
unset(_sonoran_prefix)
CMAKE

cat >"$stage/lib/cmake/sonoran/sonoranConfigVersion.cmake" <<CMAKE
# Compatible with a request for the same major version, not newer than this one.
set(PACKAGE_VERSION "$version")
if(PACKAGE_FIND_VERSION_MAJOR STREQUAL "$major" AND NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
elseif(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
else()
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
endif()
CMAKE

cp LICENSE "$stage/LICENSE"
cat >"$stage/README" <<README
sonoran $version: a client of the Sonoran CAD web API for C, C++ and Lua (glibc $glibc and newer, x86_64).

Try it offline:   bin/sonoran doctor --mock
Install:          scripts/install.sh --prefix /usr/local   (or copy lib/ include/ bin/ where you like)

C, pkg-config:    cc plugin.c \$(PKG_CONFIG_PATH=$name/lib/pkgconfig pkg-config --cflags --libs sonoran)
                  (--static for libsonoran.a)
CMake:            find_package(sonoran CONFIG REQUIRED)   # CMAKE_PREFIX_PATH=$name
                  target_link_libraries(plugin PRIVATE sonoran::sonoran)   # or sonoran::sonoran_static
Lua:              package.cpath = "$name/lib/lua/5.4/?.so;" .. package.cpath   -- 5.1 (also LuaJIT), 5.3, 5.4
                  local Sonoran = require("sonoran")
Lua, linked in:   a host embedding LuaJIT/5.1 or 5.4 links lib/lua/<version>/libsonoran_lua.a
                  (with $static_libs) and preloads luaopen_sonoran
Arma 3:           games/arma3/sonoran_x64.so into your server mod (@sonoran/), sonoran.json beside it,
                  the SQF functions of games/arma3/sqf/ in the mission or mod
Garry's Mod:      games/garrysmod/gmsv_sonoran_linux64.dll into garrysmod/lua/bin/, then
                  require("sonoran") in a server script, client:poll() from a Think hook
The mock server:  bin/sonoran-mock --port 8080

Documentation: the project's README (https://github.com/sonoran-rs/sonoran); THIRD-PARTY lists what is linked in.
README

# Every crate the shipped artifacts link, with its licence, as cargo knows them.
cargo metadata --format-version 1 --locked --filter-platform "$triple" 2>/dev/null | python3 -c '
import json, sys
meta = json.load(sys.stdin)
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
packages = {p["id"]: p for p in meta["packages"]}
roots = [p["id"] for p in meta["packages"] if p["name"] in ("sonoran-c", "sonoran-lua", "sonoran-cli", "sonoran-mock", "sonoran-arma", "sonoran-gmod")]
seen, todo = set(), list(roots)
while todo:
    node = nodes[todo.pop()]
    for dep in node["deps"]:
        if any(k["kind"] in (None, "normal") for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
            seen.add(dep["pkg"]); todo.append(dep["pkg"])
rows = sorted({(packages[i]["name"], packages[i]["version"], packages[i].get("license") or "see its repository") for i in seen if packages[i]["source"]})
print("Crates linked into the sonoran package (from cargo metadata of this release):\n")
for name, version, licence in rows:
    print(f"{name} {version}: {licence}")
' >"$stage/THIRD-PARTY"

echo "== checks" >&2
# Only sonoran_* exported; the soname; no RUNPATH.
exported=$(nm -D --defined-only "$stage/lib/libsonoran.so.$version" | awk '{print $3}' | grep -v '^sonoran_' || true)
[ -z "$exported" ] || { echo "package.sh: exports beyond sonoran_*: $exported" >&2; exit 1; }
readelf -d "$stage/lib/libsonoran.so.$version" | grep -q "SONAME.*\[libsonoran.so.$major\]" || { echo "package.sh: no soname libsonoran.so.$major" >&2; exit 1; }
# What the game hosts look up, and nothing else.
exported=$(nm -D --defined-only "$stage/games/arma3/$arma_name" | awk '{print $3}' | grep -v '^RVExtension' || true)
[ -z "$exported" ] || { echo "package.sh: the Arma extension exports beyond RVExtension*: $exported" >&2; exit 1; }
exported=$(nm -D --defined-only "$stage/games/garrysmod/$gmod_name" | awk '{print $3}' | grep -v '^gmod13_\(open\|close\)$' || true)
[ -z "$exported" ] || { echo "package.sh: the Garry's Mod module exports beyond gmod13_open/close: $exported" >&2; exit 1; }
for f in "$stage/lib/lua/"*/sonoran.so "$stage/games/arma3/$arma_name" "$stage/games/garrysmod/$gmod_name"; do
  [[ $(nm -D --undefined-only "$f") == *" _Unwind_RaiseException@"* ]] || { echo "package.sh: $f does not unwind with libgcc_s" >&2; exit 1; }
done
binaries=("$stage/lib/libsonoran.so.$version" "$stage/bin/"* "$stage/lib/lua/"*/sonoran.so
  "$stage/games/arma3/$arma_name" "$stage/games/garrysmod/$gmod_name")
if readelf -d "${binaries[@]}" 2>/dev/null | grep -q 'RUNPATH\|RPATH'; then
  echo "package.sh: a binary carries a RUNPATH" >&2; exit 1
fi
highest=$(for f in "${binaries[@]}"; do objdump -T "$f"; done \
  | grep -o 'GLIBC_[0-9.]*' | sort -V -u | tail -1)
echo "highest glibc version needed by the package: ${highest#GLIBC_}"
if ! $native && [ "$(printf '%s\n%s\n' "${highest#GLIBC_}" "$glibc" | sort -V | tail -1)" != "$glibc" ]; then
  echo "package.sh: the package needs glibc ${highest#GLIBC_}, above $glibc" >&2; exit 1
fi

(cd "$stage" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
mkdir -p dist
tar -C dist -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
