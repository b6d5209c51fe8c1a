#!/usr/bin/env bash
# Checks the documentation (README.md, docs/): relative links, every C, C++ and Lua example
# compiled and run against the mock, Rust examples found in tested files, the generated
# blocks current, and `mdbook build docs` when mdbook is on PATH. Builds what it needs when
# missing. Options: --update (rewrite generated blocks), --no-build, --keep, --links.
# The conventions (info-string attributes, SONORAN_API_URL): scripts/check-docs.py's docstring
# and docs/CONTRIBUTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/check-docs.py "$@"
