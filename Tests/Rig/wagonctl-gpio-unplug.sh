#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a GPIO chip that goes
# away (a USB adapter unplugged) is reported, the reader keeps running, and
# edges are read again once the chip comes back under the same label.
set -eu
wagonctl=$1
. "$(dirname "$0")/lib.sh"

sim_chip wagond-usb 2 SENSOR_A SENSOR_B >/dev/null
start_monitor wagond-usb 4

a=$(sim_path wagond-usb SENSOR_A)
echo pull-up > "$a/pull"; usleep 50000; echo pull-down > "$a/pull"; usleep 200000

sim_teardown wagond-usb
wait_for /tmp/decoded.txt 'went away' 50
kill -0 $monitor 2>/dev/null || fail "monitor died with its chip: $(cat /tmp/decoded.txt)"

sim_chip wagond-usb 2 SENSOR_A SENSOR_B >/dev/null
wait_for /tmp/decoded.txt 'is back' 50
a=$(sim_path wagond-usb SENSOR_A)
echo pull-up > "$a/pull"; usleep 50000; echo pull-down > "$a/pull"

wait_exit $monitor 50 || { kill $monitor; fail "edges after the return did not arrive: $(cat /tmp/edges.txt)"; }
wait $monitor || fail "monitor exited with $?"
[ "$(wc -l < /tmp/edges.txt)" -eq 4 ] || fail "expected 4 edges, got: $(cat /tmp/edges.txt)"
echo "PASS: chip removal reported, reader survived, 2 edges before and 2 after"
