#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a GPIO chip that goes
# away (a USB adapter unplugged) is reported, the reader keeps running, and
# edges are read again once the chip comes back under the same label.
set -eu
wagonctl=$1
fail() { echo "FAIL: $*"; exit 1; }

sim_chip wagond-usb 2 SENSOR_A SENSOR_B >/dev/null
"$wagonctl" gpio monitor -c wagond-usb --line A=SENSOR_A --line B=SENSOR_B -n 4 \
  > /tmp/edges.txt 2> /tmp/status.txt &
monitor=$!
waited=0
until grep -q '^wagonctl: monitoring' /tmp/status.txt 2>/dev/null; do
  [ $waited -lt 300 ] || fail "monitor did not start: $(cat /tmp/status.txt)"
  usleep 100000; waited=$((waited + 1))
done

a=$(sim_path wagond-usb SENSOR_A)
echo pull-up > "$a/pull"; usleep 50000; echo pull-down > "$a/pull"; usleep 200000

sim_teardown wagond-usb
waited=0
until grep -q 'went away' /tmp/status.txt; do
  [ $waited -lt 50 ] || fail "the chip's removal was not reported: $(cat /tmp/status.txt)"
  usleep 100000; waited=$((waited + 1))
done
kill -0 $monitor 2>/dev/null || fail "monitor died with its chip: $(cat /tmp/status.txt)"

sim_chip wagond-usb 2 SENSOR_A SENSOR_B >/dev/null
waited=0
until grep -q 'is back' /tmp/status.txt; do
  [ $waited -lt 50 ] || fail "the chip's return was not noticed: $(cat /tmp/status.txt)"
  usleep 100000; waited=$((waited + 1))
done
a=$(sim_path wagond-usb SENSOR_A)
echo pull-up > "$a/pull"; usleep 50000; echo pull-down > "$a/pull"

waited=0
while kill -0 $monitor 2>/dev/null && [ $waited -lt 50 ]; do usleep 100000; waited=$((waited + 1)); done
kill -0 $monitor 2>/dev/null && { kill $monitor; fail "edges after the return did not arrive: $(cat /tmp/edges.txt)"; }
wait $monitor || fail "monitor exited with $?"
[ "$(wc -l < /tmp/edges.txt)" -eq 4 ] || fail "expected 4 edges, got: $(cat /tmp/edges.txt)"
echo "PASS: chip removal reported, reader survived, 2 edges before and 2 after"
