#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a chip label must name
# exactly one chip. Two gpio-sim chips with the same label (two identical USB
# GPIO adapters) make `-c LABEL` an error that names both, instead of the
# first one winning silently; by path each still opens.
#
#   tests: Tests/Rig/run-wagonctl-gpio.sh (host side)
set -eu
wagonctl=$1
. "$(dirname "$0")/lib.sh"

# sim_chip names the configfs directory after the label: make the twins by hand.
SIM=${CONFIGFS:-/sys/kernel/config}/gpio-sim
twin() {
  mkdir "$SIM/$1" "$SIM/$1/gpio-bank0"
  echo "usb-gpio" > "$SIM/$1/gpio-bank0/label"
  echo 2 > "$SIM/$1/gpio-bank0/num_lines"
  echo 1 > "$SIM/$1/live"
  cat "$SIM/$1/gpio-bank0/chip_name"
}
first=$(twin twin-one)
second=$(twin twin-two)

status=0
"$wagonctl" gpio monitor -c usb-gpio --line A=0 --line B=1 -n 1 --idle-timeout 100 \
  > /tmp/out.txt 2> /tmp/err.txt || status=$?
[ "$status" -ne 0 ] || fail "a label naming two chips was accepted"
grep -q "the label 'usb-gpio' names 2 chips" /tmp/err.txt || fail "unexpected message: $(cat /tmp/err.txt)"
grep -q "/dev/$first" /tmp/err.txt || fail "the message does not name /dev/$first: $(cat /tmp/err.txt)"
grep -q "/dev/$second" /tmp/err.txt || fail "the message does not name /dev/$second: $(cat /tmp/err.txt)"

# By path the first twin opens, and the monitor runs until its idle timeout.
"$wagonctl" gpio monitor -c "/dev/$first" --line A=0 --line B=1 --idle-timeout 200 \
  > /tmp/out.txt 2> /tmp/err.txt || fail "by path: $(cat /tmp/err.txt)"
echo "PASS: a label on two chips is refused with both paths; a path still opens"
