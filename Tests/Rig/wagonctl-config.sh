#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): `wagonctl config check`
# against a real kernel's gpio-sim chip. The lines a site file names (through
# its board profile, or itself) are found on the chip; a missing line, a line
# named twice (by name and by offset) and an offset past the chip's end are
# errors at the key that named them, status 78.
#
#   tests: Tests/Rig/run-wagonctl-gpio.sh (host side)
set -eu
wagonctl=$1
. "$(dirname "$0")/lib.sh"

chip=$(sim_chip wagond-rig 4 SENSOR_A SENSOR_B)

cat > /tmp/rig-board.toml <<'PROFILE'
schema = 1
id = "rig-board"
name = "gpio-sim"
chip = "wagond-rig"
bias = "as-is"
active_low = true
wiring = "none"
[point1]
a = "SENSOR_A"
b = "SENSOR_B"
PROFILE

# site LINES...: /tmp/site.toml with one point and these lines after its name.
site() {
  { printf 'site = "rig"\nboard = "/tmp/rig-board.toml"\n[[point]]\nname = "east"\n'
    for line in "$@"; do printf '%s\n' "$line"; done
    printf 'sensor_spacing_m = 0.14\n'; } > /tmp/site.toml
}

# check WANT_STATUS [OPTION...]: runs the check, output in /tmp/out.txt and /tmp/err.txt.
check() {
  want=$1; shift
  status=0
  "$wagonctl" config check "$@" /tmp/site.toml > /tmp/out.txt 2> /tmp/err.txt || status=$?
  [ "$status" -eq "$want" ] || fail "status $status, want $want: $(cat /tmp/out.txt /tmp/err.txt)"
}

# The chip is here: the lines are checked without --hardware.
site
check 0
grep -qx "lines: 2 of 2 found on $chip \[wagond-rig\]" /tmp/out.txt || fail "$(cat /tmp/out.txt)"

site 'b = "SENSOR_X"'
check 78
grep -qx "/tmp/site.toml:5: line 'SENSOR_X' not found on chip wagond-rig" /tmp/err.txt || fail "$(cat /tmp/err.txt)"

site 'a = "SENSOR_A"' 'b = 0'
check 78
grep -qx "/tmp/site.toml:6: east.B uses line 0 of $chip, as east.A does (line 5)" /tmp/err.txt || fail "$(cat /tmp/err.txt)"

site "chip = \"/dev/$chip\"" 'a = 1' 'b = 9'
check 78 --hardware
grep -qx "/tmp/site.toml:7: line 9 not found on chip /dev/$chip (it has 4 lines)" /tmp/err.txt || fail "$(cat /tmp/err.txt)"

site
check 0 --no-hardware
grep -qx "lines: not checked (--no-hardware)" /tmp/out.txt || fail "$(cat /tmp/out.txt)"

echo "PASS: config check finds the lines on gpio-sim and reports what is not there"
