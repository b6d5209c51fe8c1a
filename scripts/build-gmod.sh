#!/usr/bin/env bash
# Builds the Garry's Mod binary module (64-bit Linux servers), named as the game looks for it:
#   target/release/gmsv_sonoran_linux64.dll   (an ELF shared object despite the suffix)
# Usage: scripts/build-gmod.sh [cargo options, e.g. --no-default-features]
# The module is bindings/lua built for LuaJIT, in the target directory of scripts/build-lua.sh,
# so the core and mlua built there for LuaJIT serve it as they are.
# Then checks the symbols: only gmod13_open and gmod13_close exported, no Lua C API symbol left
# for the process to provide (Garry's Mod's Lua is not in the global namespace).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet -p sonoran-gmod --target-dir "$target_dir" "$@"
built=$target_dir/release/libgmsv_sonoran_linux64.so
module=$target_dir/release/gmsv_sonoran_linux64.dll
cp "$built" "$module"
exports=$(nm -D --defined-only "$module" | awk '{print $3}' | sort | tr '\n' ' ')
if [ "$exports" != "gmod13_close gmod13_open " ]; then
  echo "build-gmod.sh: $module exports more or less than gmod13_open and gmod13_close: $exports" >&2
  exit 1
fi
if nm -D --undefined-only "$module" | grep -i ' lua'; then
  echo "build-gmod.sh: $module leaves the Lua C API symbols above undefined" >&2
  exit 1
fi
echo "$module"
