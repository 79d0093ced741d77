#!/bin/sh
# Builds libgpiod v2 (static) from the C sources that PyPI's `gpiod` sdist
# vendors, so the v2 path of the CGPIOShim can be built and tested on Debian 12
# (which ships libgpiod v1 only).
#
#   scripts/build-libgpiod-v2.sh          # download or reuse, build, install
#   scripts/build-libgpiod-v2.sh --flags  # the same, then print only the swift build flags
#
# Everything lives under .build-gpiod2/ (git-ignored by `.build-*/`):
#   dl/gpiod-VERSION.tar.gz   the sdist, checked against a pinned sha256
#   src/gpiod-VERSION/        unpacked: include/gpiod.h, lib/*.c, lib/uapi/gpio.h
#   obj/                      objects
#   prefix/include/gpiod.h, prefix/lib/libgpiod.a, prefix/lib/pkgconfig/libgpiod.pc
#
# Then build the package against it (see docs/libgpiod.md):
#   PKG_CONFIG_PATH=$PWD/.build-gpiod2/prefix/lib/pkgconfig \
#     swift build --scratch-path .build-gpiod2/swift \
#       -Xcc -I$PWD/.build-gpiod2/prefix/include -Xlinker -L$PWD/.build-gpiod2/prefix/lib
#
# Environment: GPIOD_PY_VERSION (default 2.5.0; another version needs
# GPIOD_PY_SHA256 too), CC (default cc).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.build-gpiod2"
version=${GPIOD_PY_VERSION:-2.5.0}
case "$version" in
  2.5.0) pinned=53ae5a1f14d6388c155b591ca0fc0cfa73b44d4f6d8d117e8a9e68f5902d187a ;;
  *) pinned=${GPIOD_PY_SHA256:-} ;;
esac
cc=${CC:-cc}
prefix="$cache/prefix"
tarball="$cache/dl/gpiod-$version.tar.gz"
src="$cache/src/gpiod-$version"

print_flags=0
[ "${1:-}" = "--flags" ] && print_flags=1
say() { [ "$print_flags" = 1 ] || echo "build-libgpiod-v2: $*"; }
die() { echo "build-libgpiod-v2: $*" >&2; exit 1; }

# 1. The sdist, from PyPI through pip (cached).
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache/dl"
  if command -v pip >/dev/null 2>&1; then pip=pip; else pip="python3 -m pip"; fi
  say "downloading gpiod==$version from PyPI"
  # pip prepares the sdist's metadata (pulling setuptools into an isolated
  # build environment) but installs nothing.
  $pip download --quiet --no-binary :all: --no-deps --dest "$cache/dl" "gpiod==$version" >&2 \
    || die "pip download gpiod==$version failed"
  [ -f "$tarball" ] || die "pip did not leave $tarball"
fi
if [ -n "$pinned" ]; then
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [ "$actual" != "$pinned" ]; then
    rm -f "$tarball"
    die "sha256 mismatch for gpiod-$version.tar.gz (got $actual); removed it, run again"
  fi
else
  say "warning: no pinned sha256 for gpiod $version (set GPIOD_PY_SHA256)"
fi

# 2. Unpack.
if [ ! -f "$src/include/gpiod.h" ]; then
  rm -rf "$src"
  mkdir -p "$cache/src"
  tar -xzf "$tarball" -C "$cache/src"
  [ -f "$src/include/gpiod.h" ] && [ -f "$src/lib/chip.c" ] \
    || die "gpiod-$version has no vendored libgpiod (include/gpiod.h, lib/*.c)"
fi
# The C library's own version (2.5.0 of the Python binding vendors libgpiod 2.3).
libversion=$(cat "$src/libgpiod-version.txt" 2>/dev/null || echo 2)

# 3. Compile lib/*.c into libgpiod.a, as libgpiod's own build does:
# lib/Makefile.am uses -std=gnu89 -fvisibility=hidden, config.h gives
# _GNU_SOURCE, and GPIOD_API_VERSION_STR is what gpiod_api_version() returns
# (the sdist's setup.py passes the same define). -fPIC so it links into PIE.
stamp="$prefix/lib/.built-$version"
if [ ! -f "$stamp" ] || [ ! -f "$prefix/lib/libgpiod.a" ]; then
  rm -rf "$cache/obj" "$prefix"
  mkdir -p "$cache/obj" "$prefix/include" "$prefix/lib/pkgconfig"
  say "compiling libgpiod $libversion with $cc"
  for c in "$src"/lib/*.c; do
    "$cc" -std=gnu89 -O2 -g -fPIC -fvisibility=hidden -Wall -Wextra \
      -D_GNU_SOURCE "-DGPIOD_API_VERSION_STR=\"$libversion\"" \
      -I"$src/include" -I"$src/lib" \
      -c "$c" -o "$cache/obj/$(basename "$c" .c).o"
  done
  ar rcs "$prefix/lib/libgpiod.a" "$cache"/obj/*.o
  cp "$src/include/gpiod.h" "$prefix/include/gpiod.h"
  cat >"$prefix/lib/pkgconfig/libgpiod.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: libgpiod
Description: Library for interacting with Linux GPIO character devices (v2, static, from PyPI gpiod $version)
Version: $libversion
Cflags: -I\${includedir}
Libs: -L\${libdir} -lgpiod
EOF
  touch "$stamp"
fi

# SwiftPM reads .pc files itself and keeps their system -L: Debian's zlib.pc
# and libmosquitto.pc would put /usr/lib/x86_64-linux-gnu before our prefix,
# where -lgpiod finds Debian's v1. These copies, first on PKG_CONFIG_PATH
# for the v2 build, name the libraries without a directory.
printf 'Name: zlib\nDescription: zlib without -L\nVersion: 1\nLibs: -lz\n' > "$prefix/lib/pkgconfig/zlib.pc"
printf 'Name: libmosquitto\nDescription: libmosquitto without -L\nVersion: 2\nLibs: -lmosquitto\n' \
  > "$prefix/lib/pkgconfig/libmosquitto.pc"

# 4. Check: the installed header is v2's (no GPIOD_LINE_BULK_MAX_LINES).
if grep -q GPIOD_LINE_BULK_MAX_LINES "$prefix/include/gpiod.h"; then
  die "$prefix/include/gpiod.h is a v1 header"
fi

flags="-Xcc -I$prefix/include -Xlinker -L$prefix/lib"
if [ "$print_flags" = 1 ]; then
  echo "$flags"
else
  say "libgpiod $libversion installed in $prefix"
  say "build the v2 variant with:"
  echo "  PKG_CONFIG_PATH=$prefix/lib/pkgconfig swift build --scratch-path $cache/swift $flags"
fi
