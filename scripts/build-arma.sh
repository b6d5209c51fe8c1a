#!/usr/bin/env bash
# Builds the Arma 3 extension and gives it the name Arma loads: target/release/sonoran_x64.so
# (cargo names the cdylib libsonoran_x64.so). Copy that file into your mod folder,
# @sonoran/sonoran_x64.so, with sonoran.json next to it (docs/hosts/arma3.md).
# Extra arguments go to cargo (e.g. --no-default-features --features push).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p sonoran-arma "$@"
target_dir=${CARGO_TARGET_DIR:-$root/target}
cp -f "$target_dir/release/libsonoran_x64.so" "$target_dir/release/sonoran_x64.so"
echo "built $target_dir/release/sonoran_x64.so"
