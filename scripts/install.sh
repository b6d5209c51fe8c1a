#!/usr/bin/env bash
# Installs an unpacked release package (or dist/'s newest) into a prefix, keeping its layout:
# bin/, include/, lib/ (the versioned library and its links, the static one, pkgconfig/,
# cmake/sonoran/, lua/<version>/). ldconfig-friendly: run `ldconfig` after a system prefix.
# Usage: scripts/install.sh --prefix DIR [--package DIR]
set -euo pipefail
prefix="" package=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --package) package=$2; shift 2 ;;
    *) echo "install.sh: unknown argument $1 (--prefix DIR [--package DIR])" >&2; exit 2 ;;
  esac
done
[ -n "$prefix" ] || { echo "install.sh: --prefix DIR is required" >&2; exit 2; }
if [ -z "$package" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  package=$(ls -d "$root"/dist/sonoran-*-x86_64-linux-gnu 2>/dev/null | sort -V | tail -1)
  [ -n "$package" ] || { echo "install.sh: no package: run scripts/package.sh, or give --package" >&2; exit 1; }
fi
mkdir -p "$prefix"
for dir in bin include lib; do
  mkdir -p "$prefix/$dir"
  cp -a "$package/$dir/." "$prefix/$dir/"
done
mkdir -p "$prefix/share/doc/sonoran"
cp "$package/README" "$package/LICENSE" "$package/THIRD-PARTY" "$prefix/share/doc/sonoran/"
echo "installed $(basename "$package") into $prefix"
[ -w /etc/ld.so.conf.d ] && [ "$prefix" = /usr/local ] && ldconfig || true
