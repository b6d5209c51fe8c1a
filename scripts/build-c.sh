#!/usr/bin/env bash
# Builds the C library in release mode and lays it out for C and C++ users:
#   build/c/include/sonoran.h
#   build/c/lib/libsonoran.so.X.Y.Z (soname libsonoran.so.X) with the links libsonoran.so.X
#   and libsonoran.so, build/c/lib/libsonoran.a
#   build/c/lib/pkgconfig/sonoran.pc   (Libs.private: the static link flags)
# Usage: scripts/build-c.sh [PREFIX]   (default: build/c; e.g. /usr/local to install)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-$root/build/c}
cd "$root"

# One build that also prints the native libraries a static link needs.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo rustc --release --quiet -p sonoran-c --lib -- --print native-static-libs 2>"$log" || { cat "$log" >&2; exit 1; }
static_libs=$(sed -n 's/.*native-static-libs: //p' "$log" | head -n1)
[ -n "$static_libs" ] || { echo "build-c.sh: rustc printed no native-static-libs" >&2; cat "$log" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' bindings/c/Cargo.toml | head -n1)
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
cp include/sonoran.h "$prefix/include/"
major=${version%%.*}
rm -f "$prefix/lib/libsonoran.so" "$prefix/lib/libsonoran.so.$major"
cp target/release/libsonoran.so "$prefix/lib/libsonoran.so.$version"
ln -s "libsonoran.so.$version" "$prefix/lib/libsonoran.so.$major"
ln -s "libsonoran.so.$major" "$prefix/lib/libsonoran.so"
cp target/release/libsonoran.a "$prefix/lib/"
cat > "$prefix/lib/pkgconfig/sonoran.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: sonoran
Description: Client of the Sonoran CAD web API (C ABI)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lsonoran
Libs.private: $static_libs
PC
echo "libsonoran $version in $prefix (PKG_CONFIG_PATH=$prefix/lib/pkgconfig)"
