#!/usr/bin/env bash
# Rewrites every file generated from the operation table, then checks them:
#   bindings/c/src/operations.rs  the C exports sonoran_<operation> with their doc comments
#   include/sonoran.h             the C header (cbindgen, from bindings/c/src)
#   README.md                     the operation tables between their marks
# Run it after changing the operation table (src/operations/) or the C exports; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
# The exports first: the header is made from them at the next build.
SONORAN_REGENERATE=1 cargo test --quiet -p sonoran-c --lib generated_exports_are_current >/dev/null
SONORAN_REGENERATE=1 cargo test --quiet -p sonoran-c --lib -- readme_tables_are_current header_is_current >/dev/null
cargo test --quiet -p sonoran-c --lib
git status --short bindings/c/src/operations.rs include/sonoran.h README.md
