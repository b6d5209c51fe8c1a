#!/usr/bin/env bash
# Rewrites every file generated from the operation tables (the C exports
# bindings/c/src/operations.rs, the operation tables of docs/reference/operations.md, the C header
# include/sonoran.h): the same as `cargo run -p xtask -- regenerate`. Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p xtask -- regenerate
git status --short bindings/c/src/operations.rs include/sonoran.h docs/reference/operations.md
