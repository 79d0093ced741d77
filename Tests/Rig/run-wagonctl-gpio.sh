#!/bin/sh
# Host side: builds wagonctl against libgpiod v1 (Debian's) or, with --v2,
# against libgpiod v2 built from PyPI's sources, and runs the same guest test
# bodies (Tests/Rig/wagonctl-gpio*.sh) in the gpio-sim rig.
set -eu
cd "$(dirname "$0")/../.."
if [ "${1:-}" = --v2 ]; then
  scripts/build-libgpiod-v2.sh >&2
  scratch=.build-gpiod2/swift
  # shellcheck disable=SC2046 # the flags are words on purpose
  set -- --scratch-path "$scratch" $(scripts/build-libgpiod-v2.sh --flags)
else
  set --
fi
swift build --product wagonctl "$@" >&2
bin="$(swift build --show-bin-path "$@")/wagonctl"
for test in wagonctl-gpio wagonctl-gpio-unplug; do
  echo "rig test: $test" >&2
  scripts/gpio-rig/run.sh --files "$bin" "$PWD/Tests/Rig/$test.sh" -- sh "$PWD/Tests/Rig/$test.sh" "$bin"
done
