#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a simulated train played
# into gpio-sim lines with its own timing is counted live as `wagonctl replay`
# counts the same log. Direction and axles must match the log whatever the
# emulated machine's timing; the whole train (vehicles, locomotives, wagons)
# must match the replay of the edges the live run captured, since a player
# running late under emulation changes the spacings the core measures.
set -eu
wagonctl=$1
player=$2
. "$(dirname "$0")/lib.sh"

"$wagonctl" simulate --consist "TE116,8xgondola" --speed 30 -o /tmp/train.csv
edges=$(grep -c '^[0-9]' /tmp/train.csv)

sim_chip wagond-train 2 SENSOR_A SENSOR_B >/dev/null
start_monitor wagond-train "$edges"

"$player" /tmp/train.csv "$(sim_path wagond-train SENSOR_A)" "$(sim_path wagond-train SENSOR_B)"
wait_exit $monitor 100 || { kill $monitor; fail "monitor saw $(wc -l < /tmp/edges.txt) of $edges edges"; }
wait $monitor || fail "monitor exited with $?"

# Columns of a train row: direction, axles, vehicles, locomotives, wagons.
live=$(grep '^train ' /tmp/decoded.txt | awk '{print $4, $5, $6, $7, $8}')
[ -n "$live" ] || fail "no train decoded live: $(cat /tmp/decoded.txt)"
logged=$("$wagonctl" replay /tmp/train.csv | awk 'NR == 2 {print $3, $4, $5, $6, $7}')
captured=$("$wagonctl" replay -m SENSOR_A=A,SENSOR_B=B /tmp/edges.txt \
  | awk 'NR == 2 {print $3, $4, $5, $6, $7}')
[ "${live% * * *}" = "${logged% * * *}" ] || fail "live '$live' and the log '$logged' differ in direction or axles"
[ "$live" = "$captured" ] || fail "live '$live' differs from the replay of the captured edges '$captured'"
echo "PASS: $edges edges played; live $live, captured edges replay the same, the log replays $logged"
