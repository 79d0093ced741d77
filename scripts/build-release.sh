#!/bin/sh
# Static release binaries of wagond and wagonctl, stripped, with their man
# pages: what `make` builds and `make install` installs.
#
#   scripts/build-release.sh            # into .build-release/dist/{bin,man}
#   SCRATCH=.build-x scripts/build-release.sh
#
# The static build has its own scratch path (SWIFT-NOTES pitfall 9: switching
# --static-swift-stdlib on and off rebuilds everything). Prints the build time
# and the stripped sizes.
set -eu
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-release}
DIST=$SCRATCH/dist
SWIFT=${SWIFT:-swift}
STRIP=${STRIP:-strip}
PRODUCTS="wagond wagonctl"

started=$(date +%s)
for product in $PRODUCTS; do
  echo "build-release: swift build -c release --static-swift-stdlib --product $product"
  "$SWIFT" build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$product"
done
built=$(date +%s)

binaries=$("$SWIFT" build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)
rm -rf "$DIST"
mkdir -p "$DIST/bin" "$DIST/man/man1"
for product in $PRODUCTS; do
  "$STRIP" --strip-all -o "$DIST/bin/$product" "$binaries/$product"
done

# Man pages from the commands' own help: swift-argument-parser's
# generate-manual plugin (from the package's own dependency, no network). It
# builds its tool in debug and asks for a release build of the package, which
# the build above already made: the same scratch path and the static stdlib,
# or it relinks everything. The date is the commit's, for reproducible pages.
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)
"$SWIFT" package --scratch-path "$SCRATCH" -Xswiftc -static-stdlib \
  plugin generate-manual --date "$date" --section 1 >"$SCRATCH/generate-manual.log" 2>&1 \
  || { tail -n 30 "$SCRATCH/generate-manual.log" >&2; echo "build-release: generate-manual failed" >&2; exit 1; }
for product in $PRODUCTS; do
  cp "$SCRATCH/plugins/GenerateManual/outputs/$product/$product.1" "$DIST/man/man1/$product.1"
done

echo "build-release: compiled in $((built - started)) s"
for product in $PRODUCTS; do
  size=$(stat -c %s "$DIST/bin/$product")
  unstripped=$(stat -c %s "$binaries/$product")
  echo "build-release: $DIST/bin/$product $size bytes ($((size / 1048576)) MiB stripped, $((unstripped / 1048576)) MiB before strip)"
done
