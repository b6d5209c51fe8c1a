#!/bin/sh
# The build step of sonoran-0.1.0-1.rockspec: the module for the Lua LuaRocks targets
# into build/luarocks/sonoran.so, in the same target directory as scripts/build-lua.sh.
# Usage: luarocks-build.sh INTERPRETER (the Lua LuaRocks builds for; its version is asked of it)
set -eu
version=$("$1" -e 'print(jit and "5.1" or _VERSION:sub(5))')
case "$version" in
  5.1) feature=luajit; flavour=jit ;;   # the LuaJIT build is PUC 5.1's too
  5.3) feature=lua53; flavour=5.3 ;;
  5.4) feature=lua54; flavour=5.4 ;;
  *) echo "luarocks-build.sh: Lua $version is not supported (5.1, LuaJIT, 5.3, 5.4)" >&2; exit 1 ;;
esac
# LuaRocks sets CC for C builds. The C dependencies' build scripts rerun when CC changes, so a
# plain CC=gcc would rebuild all of them where scripts/build-lua.sh already built them; cc-rs
# finds that compiler by itself. Another compiler is passed on.
case "${CC:-}" in gcc|cc) unset CC ;; esac
command -v cargo >/dev/null || { echo "luarocks-build.sh: cargo is needed (https://rustup.rs), or use the release package's lib/lua/" >&2; exit 1; }
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet -p sonoran-lua --features "$feature" --target-dir "$target_dir"
mkdir -p build/luarocks
cp "$target_dir/release/libsonoran_lua.so" build/luarocks/sonoran.so
