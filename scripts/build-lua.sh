#!/usr/bin/env bash
# Builds the Lua module once per Lua flavour, installable as sonoran.so:
#   build/lua/5.4/sonoran.so   (Lua 5.4)
#   build/lua/jit/sonoran.so   (LuaJIT 2.1, and PUC Lua 5.1)
#   build/lua/5.3/sonoran.so   (Lua 5.3)
# Usage: scripts/build-lua.sh [5.4|5.3|jit ...]   (default: all three)
# Each flavour is its own cargo build (mlua takes exactly one Lua version per build), all in
# the workspace's target directory: the core and every dependency but mlua are the same
# artifacts for each flavour, so a flavour after the first builds only mlua and the module
# (seconds, where a target directory per flavour rebuilt everything: minutes). Each flavour
# overwrites the one artifact, target/release/libsonoran_lua.so, so it is copied out at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
flavours=("$@")
[ ${#flavours[@]} -gt 0 ] || flavours=(5.4 jit 5.3)
for flavour in "${flavours[@]}"; do
  case $flavour in
    5.4) feature=lua54 ;;
    5.3) feature=lua53 ;;
    5.1) feature=lua51 ;;
    jit) feature=luajit ;;
    *) echo "build-lua.sh: unknown flavour $flavour (5.4, 5.3, 5.1, jit)" >&2; exit 1 ;;
  esac
  target_dir=${CARGO_TARGET_DIR:-target}
  cargo build --release --quiet -p sonoran-lua --features "$feature" --target-dir "$target_dir"
  mkdir -p "build/lua/$flavour"
  cp "$target_dir/release/libsonoran_lua.so" "build/lua/$flavour/sonoran.so"
  echo "build/lua/$flavour/sonoran.so"
done
