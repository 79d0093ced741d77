#!/bin/sh
# Static release binaries of wagond and wagonctl, stripped, with their man
# pages: what `make` builds and `make install` installs.
#
#   scripts/build-release.sh            # into .build-release/dist/{bin,man}
#   SCRATCH=.build-x scripts/build-release.sh
#
# The static build has its own scratch path (SWIFT-NOTES pitfall 9: switching
# --static-swift-stdlib on and off rebuilds everything). Prints the build time
# and the stripped sizes; the symbols go to dist/debug (see below).
set -eu
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-release}
DIST=$SCRATCH/dist
SWIFT=${SWIFT:-swift}
STRIP=${STRIP:-strip}
OBJCOPY=${OBJCOPY:-objcopy}
PRODUCTS="wagond wagonctl"
# Full RELRO: relocations resolved at start, the GOT then read-only. Linker
# flags only, so changing them relinks and recompiles nothing.
#
# --no-export-dynamic: Swift executables export every symbol for readable
# crash backtraces, and `strip` keeps that dynamic symbol table (2.6 MB of
# wagond, docs/performance.md). Not exported, the names go with the rest of
# the symbols into a separate debug file, dist/debug/PRODUCT.debug, linked by
# .gnu_debuglink and the build id: a backtrace from the box shows addresses,
# and `addr2line -e wagond.debug` or gdb with that file names them. Keep the
# debug file of every release that ships.
BUILD="build -c release --static-swift-stdlib --scratch-path $SCRATCH -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now -Xlinker --no-export-dynamic"

started=$(date +%s)
for product in $PRODUCTS; do
  echo "build-release: swift build -c release --static-swift-stdlib --product $product"
  "$SWIFT" $BUILD --product "$product"
done
built=$(date +%s)

binaries=$("$SWIFT" $BUILD --show-bin-path)
rm -rf "$DIST"
mkdir -p "$DIST/bin" "$DIST/debug" "$DIST/man/man1"
for product in $PRODUCTS; do
  "$OBJCOPY" --only-keep-debug "$binaries/$product" "$DIST/debug/$product.debug"
  "$STRIP" --strip-all --remove-section=.comment -o "$DIST/bin/$product" "$binaries/$product"
  "$OBJCOPY" --add-gnu-debuglink="$DIST/debug/$product.debug" "$DIST/bin/$product"
done

# Man pages from the commands' own help, by swift-argument-parser's
# generate-manual (the tool behind its GenerateManual plugin, built from the
# package's own dependency: no network). Built here with the same flags as
# the binaries, so it reuses their ArgumentParser: the plugin itself would
# rebuild the whole package with other flags. The date is the commit's, so
# the pages are reproducible.
"$SWIFT" $BUILD --product generate-manual
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)
for product in $PRODUCTS; do
  "$binaries/generate-manual" "$DIST/bin/$product" --date "$date" --section 1 --output-directory "$DIST/man/man1"
  # A blank line in a discussion is a paragraph break to us, a warning to groff.
  sed -i 's/^$/.Pp/' "$DIST/man/man1/$product.1"
done

echo "build-release: compiled in $((built - started)) s"
for product in $PRODUCTS; do
  size=$(stat -c %s "$DIST/bin/$product")
  unstripped=$(stat -c %s "$binaries/$product")
  echo "build-release: $DIST/bin/$product $size bytes, $(awk "BEGIN { printf \"%.1f MiB\", $size / 1048576 }") stripped ($(awk "BEGIN { printf \"%.1f MiB\", $unstripped / 1048576 }") before)"
done
