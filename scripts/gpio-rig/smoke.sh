#!/bin/sh
# End-to-end check of the gpio-sim rig: boots the rig kernel and has gpiomon
# receive every edge that gpio-sim's `pull` injects, in order, with monotonic
# timestamps (guest/smoke.sh does the work). Exits 0 only if so.
#
#   scripts/gpio-rig/smoke.sh [PASSAGES] [DELAY_S]     (default 100 0.002)
#
# The first run builds the kernel (~5 minutes on 2 cores); later runs take ~5 s.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/run.sh" --timeout 300 --files "$here/guest/smoke.sh" -- \
  sh "$here/guest/smoke.sh" "${1:-100}" "${2:-0.002}"
