#!/bin/sh
# gpio-sim helpers for guest tests (busybox sh). run.sh installs this file as
# /rig/sim.sh with one command per helper in /usr/bin, so any guest program
# can call them:
#
#   sim_chip LABEL NUM_LINES [NAME...]  create a chip labelled LABEL whose lines
#                                       0, 1, ... are named NAME...; prints its
#                                       device name (gpiochipN)
#   sim_pull LABEL LINE up|down         set the simulated pull of a line (given
#                                       by name or offset): the line's input
#                                       level follows, so a consumer sees an edge
#   sim_value LABEL LINE                print the line's current value (0 or 1)
#   sim_path LABEL LINE                 print the line's sysfs directory (holds
#                                       `pull` and `value`), for tight loops that
#                                       should not fork a helper per edge
#   sim_teardown [LABEL...]             remove the chips (all when none given)
#
# Layout (Linux 6.1, Documentation/admin-guide/gpio/gpio-sim.rst and
# drivers/gpio/gpio-sim.c): one configfs group per simulated device,
#   $CONFIGFS/gpio-sim/LABEL/              live (0/1), dev_name (gpio-sim.N)
#   $CONFIGFS/gpio-sim/LABEL/gpio-bank0/   label, num_lines, chip_name (gpiochipN)
#   $CONFIGFS/gpio-sim/LABEL/gpio-bank0/lineY/name
# and, once live, per line a sysfs group
#   /sys/devices/platform/gpio-sim.N/gpiochipM/sim_gpioY/{pull,value}
# where `pull` accepts "pull-up" and "pull-down". Settings can only be written
# while the device is not live, so a chip is fully described, then switched on.
set -eu

CONFIGFS=${CONFIGFS:-/sys/kernel/config}
SIM=$CONFIGFS/gpio-sim

die() { echo "$cmd: $*" >&2; exit 1; }

bank_dir() {
  [ -d "$SIM/$1/gpio-bank0" ] || die "no simulated chip labelled '$1'"
  echo "$SIM/$1/gpio-bank0"
}

# Offset of a line given by offset or by the name sim_chip gave it.
line_offset() {
  bank=$(bank_dir "$1")
  case $2 in
    *[!0-9]*|'') ;;
    *) [ "$2" -lt "$(cat "$bank/num_lines")" ] || die "$1 has no line $2"
       echo "$2"; return ;;
  esac
  for d in "$bank"/line*; do
    [ -f "$d/name" ] || continue
    if [ "$(cat "$d/name")" = "$2" ]; then echo "${d##*/line}"; return; fi
  done
  die "$1 has no line named '$2'"
}

line_path() {
  offset=$(line_offset "$1" "$2")
  bank=$(bank_dir "$1")
  echo "/sys/devices/platform/$(cat "$SIM/$1/dev_name")/$(cat "$bank/chip_name")/sim_gpio$offset"
}

sim_chip() {
  [ $# -ge 2 ] || die "usage: sim_chip LABEL NUM_LINES [NAME...]"
  label=$1 lines=$2; shift 2
  [ $# -le "$lines" ] || die "more names than lines"
  [ -d "$SIM" ] || die "$SIM missing (kernel without CONFIG_GPIO_SIM, or configfs not mounted)"
  [ ! -e "$SIM/$label" ] || die "a chip labelled '$label' exists already"
  mkdir "$SIM/$label" "$SIM/$label/gpio-bank0"
  bank=$SIM/$label/gpio-bank0
  echo "$label" >"$bank/label"
  echo "$lines" >"$bank/num_lines"
  offset=0
  for name in "$@"; do
    mkdir "$bank/line$offset"
    echo "$name" >"$bank/line$offset/name"
    offset=$((offset + 1))
  done
  # Writing live=1 returns once the device has probed (or fails).
  echo 1 >"$SIM/$label/live"
  cat "$bank/chip_name"
}

sim_pull() {
  [ $# -eq 3 ] || die "usage: sim_pull LABEL LINE up|down"
  case $3 in
    up|pull-up) pull='pull-up' ;;
    down|pull-down) pull='pull-down' ;;
    *) die "pull must be up or down, not '$3'" ;;
  esac
  echo "$pull" >"$(line_path "$1" "$2")/pull"
}

sim_value() {
  [ $# -eq 2 ] || die "usage: sim_value LABEL LINE"
  cat "$(line_path "$1" "$2")/value"
}

sim_path() {
  [ $# -eq 2 ] || die "usage: sim_path LABEL LINE"
  line_path "$1" "$2"
}

sim_teardown() {
  [ -d "$SIM" ] || return 0
  if [ $# -eq 0 ]; then
    for d in "$SIM"/*; do
      if [ -d "$d" ]; then set -- "$@" "${d##*/}"; fi
    done
  fi
  for label in "$@"; do
    dev=$SIM/$label
    [ -d "$dev" ] || die "no simulated chip labelled '$label'"
    # live=0 removes the gpiochip (its requested lines go away with it);
    # configfs then needs every group removed bottom-up.
    [ "$(cat "$dev/live")" = 0 ] || echo 0 >"$dev/live"
    for bank in "$dev"/gpio-bank*; do
      [ -d "$bank" ] || continue
      for line in "$bank"/line*; do
        [ -d "$line" ] || continue
        if [ -d "$line/hog" ]; then rmdir "$line/hog"; fi
        rmdir "$line"
      done
      rmdir "$bank"
    done
    rmdir "$dev"
  done
}

cmd=${0##*/}
case $cmd in
  sim_chip|sim_pull|sim_value|sim_path|sim_teardown) ;;
  *) [ $# -ge 1 ] || { echo "usage: $cmd sim_chip|sim_pull|sim_value|sim_path|sim_teardown ..." >&2; exit 64; }
     cmd=$1; shift ;;
esac
case $cmd in
  sim_chip|sim_pull|sim_value|sim_path|sim_teardown) "$cmd" "$@" ;;
  *) echo "sim.sh: unknown helper '$cmd'" >&2; exit 64 ;;
esac
