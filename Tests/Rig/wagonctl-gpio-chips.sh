#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): detector lines named
# without a chip are found on whichever chip has them, as gpiofind does, and
# each may sit on a chip of its own (a BeagleBone's header spans four GPIO
# banks). A on one gpio-sim chip, B on another, at different offsets: a
# simulated train played into them is counted live as `wagonctl replay`
# counts the log (direction and axles) and exactly as it counts the captured
# edges (the whole train: emulation delays the player, which changes the
# spacings the core measures; see wagonctl-gpio-train.sh). A name on no chip,
# or on two, is an error that names what it found.
#
#   tests: Tests/Rig/run-wagonctl-gpio.sh (host side)
set -eu
wagonctl=$1
player=$2
. "$(dirname "$0")/lib.sh"

chip_a=$(sim_chip rig-bank-a 4 P8_7 P8_8 P8_14 P8_16)
chip_b=$(sim_chip rig-bank-b 4 P9_12 P9_15 P9_23 P9_27)
[ "$chip_a" != "$chip_b" ] || fail "the two banks are one chip ($chip_a)"

"$wagonctl" simulate --consist "TE116,8xgondola" --speed 30 -o /tmp/train.csv
edges=$(grep -c '^[0-9]' /tmp/train.csv)

# A = P8_14 (offset 2 of the first chip), B = P9_23 (offset 2 of the second).
"$wagonctl" gpio monitor --line A=P8_14 --line B=P9_23 -n "$edges" > /tmp/edges.txt 2> /tmp/decoded.txt &
monitor=$!
wait_for /tmp/decoded.txt '^wagonctl: monitoring' 300
grep -q "^wagonctl: monitoring A=P8_14 B=P9_23 on $chip_a, $chip_b\$" /tmp/decoded.txt \
  || fail "not monitoring on both chips: $(cat /tmp/decoded.txt)"
gpioinfo rig-bank-a | grep -q '"P8_14" *"wagon' || fail "P8_14 not held: $(gpioinfo rig-bank-a)"
gpioinfo rig-bank-b | grep -q '"P9_23" *"wagon' || fail "P9_23 not held: $(gpioinfo rig-bank-b)"

"$player" /tmp/train.csv "$(sim_path rig-bank-a P8_14)" "$(sim_path rig-bank-b P9_23)" > /tmp/player.txt
wait_exit $monitor 100 || { kill $monitor; fail "monitor saw $(wc -l < /tmp/edges.txt) of $edges edges"; }
wait $monitor || fail "monitor exited with $?"

# Every edge names its own chip and offset.
a_edges=$(grep -c "	$chip_a 2 \"P8_14\"\$" /tmp/edges.txt || true)
b_edges=$(grep -c "	$chip_b 2 \"P9_23\"\$" /tmp/edges.txt || true)
[ $((a_edges + b_edges)) -eq "$edges" ] && [ "$a_edges" -gt 0 ] && [ "$b_edges" -gt 0 ] \
  || fail "$a_edges edges from $chip_a and $b_edges from $chip_b, $edges played: $(head -3 /tmp/edges.txt)"

# Columns of a train row: direction, axles, vehicles, locomotives, wagons.
live=$(grep '^train ' /tmp/decoded.txt | awk '{print $4, $5, $6, $7, $8}')
[ -n "$live" ] || fail "no train decoded live: $(cat /tmp/decoded.txt)"
[ "$(echo "$live" | wc -l)" -eq 1 ] || fail "more than one train decoded live: $live"
logged=$("$wagonctl" replay /tmp/train.csv | awk 'NR == 2 {print $3, $4, $5, $6, $7}')
captured=$("$wagonctl" replay -m P8_14=A,P9_23=B /tmp/edges.txt | awk 'NR == 2 {print $3, $4, $5, $6, $7}')
[ "$live" = "$captured" ] || fail "live '$live' differs from the replay of the captured edges '$captured'"
[ "${live% * * *}" = "${logged% * * *}" ] \
  || fail "live '$live' and the log '$logged' differ in direction or axles (player: $(cat /tmp/player.txt))"
echo "train across two chips: $edges edges ($a_edges on $chip_a, $b_edges on $chip_b); live $live; the log replays $logged"

# A name on no chip.
status=0
"$wagonctl" gpio monitor --line A=P8_14 --line B=P8_99 -n 1 --idle-timeout 100 > /tmp/out.txt 2> /tmp/err.txt || status=$?
[ "$status" -ne 0 ] || fail "a line on no chip was accepted"
grep -q "no GPIO chip has a line named 'P8_99'" /tmp/err.txt || fail "unexpected message: $(cat /tmp/err.txt)"

# A name on two chips: a third bank that also calls a line P9_23.
chip_c=$(sim_chip rig-bank-c 1 P9_23)
status=0
"$wagonctl" gpio monitor --line A=P8_14 --line B=P9_23 -n 1 --idle-timeout 100 > /tmp/out.txt 2> /tmp/err.txt || status=$?
[ "$status" -ne 0 ] || fail "a line name on two chips was accepted"
grep -q "the line name 'P9_23' is on 2 chips ($chip_b \[rig-bank-b\], $chip_c \[rig-bank-c\])" /tmp/err.txt \
  || fail "the message does not name both chips: $(cat /tmp/err.txt)"
# Naming the chip settles it.
"$wagonctl" gpio monitor -c rig-bank-b --line A=P9_12 --line B=P9_23 --idle-timeout 200 > /tmp/out.txt 2> /tmp/err.txt \
  || fail "with its chip: $(cat /tmp/err.txt)"

sim_teardown rig-bank-a rig-bank-b rig-bank-c
echo "PASS: A and B found by name on two chips and counted as replay counts them; a name on no chip or on two is refused"
