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
  # shellcheck disable=SC2046 # the flags are words on purpose
  set -- --scratch-path "$scratch" $(scripts/build-libgpiod-v2.sh --flags)
else
  set --
fi
swift build --product wagonctl "$@" >&2
bin="$(swift build --show-bin-path "$@")/wagonctl"
# wagond on the rig with libgpiod v1 only, for now: linked against the v2
# build it picks up Debian's v1 libgpiod (undefined gpiod_chip_get_info and
# the other v2 symbols), a link-order problem not sorted out yet. The shim
# and reader it uses are wagonctl's, which runs every test on both.
tests="wagonctl-gpio wagonctl-gpio-unplug wagonctl-gpio-train wagonctl-gpio-burst wagonctl-gpio-label wagonctl-config"
daemon=
if [ "$api" = 1 ]; then
  swift build --product wagond "$@" >&2
  daemon="$(swift build --show-bin-path "$@")/wagond"
  tests="$tests wagond-gpio"
fi
# The player drives gpio-sim lines with a pulse log's timing (static: the
# guest has no compiler and only the libraries run.sh copies).
mkdir -p .build-rig
player=$PWD/.build-rig/pulse-player
cc -O2 -static -Wall -Wextra -Werror -o "$player" Tests/Rig/pulse-player.c
for test in $tests; do
  echo "rig test: $test" >&2
  # shellcheck disable=SC2086 # no daemon binary: no file to copy
  scripts/gpio-rig/run.sh --files "$bin" ${daemon:+"$daemon"} "$player" "$PWD/Tests/Rig/lib.sh" "$PWD/Tests/Rig/$test.sh" -- \
    sh "$PWD/Tests/Rig/$test.sh" "$bin" "$player" "$api" "$daemon"
done
