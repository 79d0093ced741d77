#!/bin/sh
# Host side: builds wagonctl against libgpiod v1 (Debian's) or, with --v2,
# against libgpiod v2 built from PyPI's sources, and runs the same guest test
# bodies (Tests/Rig/wagonctl-*.sh, wagond-gpio.sh) in the gpio-sim rig.
set -eu
cd "$(dirname "$0")/../.."
api=1
if [ "${1:-}" = --v2 ]; then
  api=2
  scripts/build-libgpiod-v2.sh >&2
  scratch=.build-gpiod2/swift
  # Our .pc files first (see build-libgpiod-v2.sh): no system -L before ours.
  export PKG_CONFIG_PATH=$PWD/.build-gpiod2/prefix/lib/pkgconfig
  # shellcheck disable=SC2046 # the flags are words on purpose
  set -- --scratch-path "$scratch" $(scripts/build-libgpiod-v2.sh --flags)
else
  set --
fi
swift build --product wagonctl "$@" >&2
bin="$(swift build --show-bin-path "$@")/wagonctl"
swift build --product wagond "$@" >&2
daemon="$(swift build --show-bin-path "$@")/wagond"
tests="wagonctl-gpio wagonctl-gpio-unplug wagonctl-gpio-train wagonctl-gpio-burst wagonctl-gpio-label wagonctl-gpio-chips wagonctl-config wagond-gpio"
# The player drives gpio-sim lines with a pulse log's timing (static: the
# guest has no compiler and only the libraries run.sh copies).
mkdir -p .build-rig
player=$PWD/.build-rig/pulse-player
cc -O2 -static -Wall -Wextra -Werror -o "$player" Tests/Rig/pulse-player.c
for test in $tests; do
  echo "rig test: $test" >&2
  scripts/gpio-rig/run.sh --files "$bin" "$daemon" "$player" "$PWD/Tests/Rig/lib.sh" "$PWD/Tests/Rig/$test.sh" -- \
    sh "$PWD/Tests/Rig/$test.sh" "$bin" "$player" "$api" "$daemon"
done
