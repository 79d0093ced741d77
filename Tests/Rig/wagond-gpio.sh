#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): the daemon on real GPIO
# lines. wagond starts from a site configuration whose board profile names
# the lines but no chip (A and B sit on two gpio-sim chips, as a BeagleBone's
# banks do, and are found by name), a simulated train is played into the lines, and the train
# appears in wagond's log, in `wagonctl status`, in the outbox's uploads and
# in the recorded pulse log; SIGTERM stops it cleanly.
#
#   tests: Tests/Rig/run-wagonctl-gpio.sh (host side)
set -eu
wagonctl=$1
player=$2
wagond=$4
. "$(dirname "$0")/lib.sh"

"$wagonctl" simulate --consist "TE116,8xgondola" --speed 30 -o /tmp/train.csv
chip_a=$(sim_chip wagond-bank-a 2 SENSOR_A SPARE_A)
chip_b=$(sim_chip wagond-bank-b 2 SPARE_B SENSOR_B)
[ "$chip_a" != "$chip_b" ] || fail "the two banks are one chip ($chip_a)"

cat > /tmp/rig-board.toml <<'PROFILE'
schema = 1
id = "rig-board"
name = "gpio-sim, two banks"
bias = "as-is"
active_low = false
wiring = "none"
[point1]
a = "SENSOR_A"
b = "SENSOR_B"
PROFILE
cat > /tmp/site.toml <<'SITE'
site = "rig"
board = "/tmp/rig-board.toml"
[[point]]
name = "east"
sensor_spacing_m = 0.14
[store]
path = "/tmp/outbox.db"
[uplink.file]
path = "/tmp/uploads.jsonl"
[recorder]
directory = "/tmp/pulses"
[metrics]
enabled = false
[control]
socket = "/tmp/control.sock"
SITE

"$wagond" --config /tmp/site.toml > /tmp/wagond.log 2>&1 &
daemon=$!
wait_for /tmp/wagond.log 'wagond ready' 300
grep -q "source=GPIO east.A=SENSOR_A@$chip_a east.B=SENSOR_B@$chip_b" /tmp/wagond.log || fail "unexpected source: $(cat /tmp/wagond.log)"
gpioinfo wagond-bank-a | grep -q '"SENSOR_A" *"wagon' || fail "SENSOR_A not held: $(gpioinfo wagond-bank-a)"
gpioinfo wagond-bank-b | grep -q '"SENSOR_B" *"wagon' || fail "SENSOR_B not held: $(gpioinfo wagond-bank-b)"

"$player" /tmp/train.csv "$(sim_path wagond-bank-a SENSOR_A)" "$(sim_path wagond-bank-b SENSOR_B)"
# The train closes after the core's idle time (at least 10 s).
wait_for /tmp/wagond.log 'train at east' 400

expected=$("$wagonctl" replay /tmp/train.csv | awk 'NR == 2 {print $3, $4}')
live=$(sed -n 's/.*train at east: \([AB]*\)[^,]*, \([0-9]*\) axles.*/\1 \2/p' /tmp/wagond.log | head -1)
[ -n "$live" ] || fail "no train in wagond's log: $(cat /tmp/wagond.log)"
# Under software emulation the player runs late and one CPU is shared with
# wagond's threads, so the edges on the lines can differ from the log's; the
# direction must still be the log's, and the axles are checked against the
# edges wagond itself recorded (below).
[ "${live% *}" = "${expected% *}" ] || fail "wagond counted '$live', the log says '$expected'"

"$wagonctl" status --socket /tmp/control.sock --json > /tmp/status.json || fail "status: $(cat /tmp/status.json)"
grep -q '"trains_total":1' /tmp/status.json || fail "status does not show the train: $(cat /tmp/status.json)"
wait_for /tmp/uploads.jsonl '"type":"org.wagond.train"' 100
# The reader promises time only up to its clock less the queueing allowance,
# and runs below the interrupt threads that queue the edges: no edge may
# come older than a promise already given (the core would report it).
! grep -q 'time_went_backwards' /tmp/uploads.jsonl \
  || fail "an edge came older than the reader's promise: $(grep time_went_backwards /tmp/uploads.jsonl | head -3)"

kill -TERM $daemon
wait_exit $daemon 200 || fail "wagond did not stop within 20 s of SIGTERM"
status=0; wait $daemon || status=$?
[ "$status" -eq 0 ] || fail "wagond exited $status after SIGTERM: $(tail -5 /tmp/wagond.log)"

recorded=$("$wagonctl" replay /tmp/pulses | awk 'NR == 2 {print $3, $4}')
[ "$recorded" = "$live" ] || fail "the recorded pulse log replays as '$recorded', live was '$live'"
echo "PASS: wagond counted $live on gpio-sim lines on two chips, found by name (the played log: $expected); status, uploads and the recorded log agree; no edge older than a promise; clean SIGTERM"
