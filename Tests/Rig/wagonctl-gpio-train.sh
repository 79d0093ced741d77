#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a simulated train played
# into gpio-sim lines with its own timing is counted live exactly as
# `wagonctl replay` counts the same log: same direction, axles, vehicles,
# locomotives and wagons.
set -eu
wagonctl=$1
player=$2
fail() { echo "FAIL: $*"; exit 1; }

"$wagonctl" simulate --consist "TE116,8xgondola" --speed 30 -o /tmp/train.csv
edges=$(grep -c '^[0-9]' /tmp/train.csv)

sim_chip wagond-train 2 SENSOR_A SENSOR_B >/dev/null
"$wagonctl" gpio monitor -c wagond-train --line A=SENSOR_A --line B=SENSOR_B -n "$edges" \
  > /tmp/edges.txt 2> /tmp/decoded.txt &
monitor=$!
waited=0
until grep -q '^wagonctl: monitoring' /tmp/decoded.txt 2>/dev/null; do
  [ $waited -lt 300 ] || fail "monitor did not start: $(cat /tmp/decoded.txt)"
  usleep 100000; waited=$((waited + 1))
done

"$player" /tmp/train.csv "$(sim_path wagond-train SENSOR_A)" "$(sim_path wagond-train SENSOR_B)"
waited=0
while kill -0 $monitor 2>/dev/null && [ $waited -lt 100 ]; do usleep 100000; waited=$((waited + 1)); done
kill -0 $monitor 2>/dev/null && { kill $monitor; fail "monitor saw $(wc -l < /tmp/edges.txt) of $edges edges"; }
wait $monitor || fail "monitor exited with $?"

# Columns 3-7 of a train row: direction, axles, vehicles, locomotives, wagons.
live=$(grep '^train ' /tmp/decoded.txt | awk '{print $4, $5, $6, $7, $8}')
replayed=$("$wagonctl" replay /tmp/train.csv | awk 'NR == 2 {print $3, $4, $5, $6, $7}')
[ -n "$live" ] || fail "no train decoded live: $(cat /tmp/decoded.txt)"
[ "$live" = "$replayed" ] || fail "live '$live' differs from replay '$replayed'"
echo "PASS: $edges edges played; live and replay agree: $live (direction axles vehicles locomotives wagons)"
