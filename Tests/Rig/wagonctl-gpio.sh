#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): wagonctl's libgpiod
# reader against a real kernel's gpio-sim. Ten wheels are driven through two
# simulated lines; every edge must arrive in order with non-decreasing kernel
# timestamps, the live core must decode ten AB axles, and replaying the
# captured edges must count the same ten axles.
#
#   tests: Tests/Rig/run-wagonctl-gpio.sh (host side)
set -eu
wagonctl=$1
. "$(dirname "$0")/lib.sh"

sim_chip wagond-rig 2 SENSOR_A SENSOR_B >/dev/null
a=$(sim_path wagond-rig SENSOR_A)
b=$(sim_path wagond-rig SENSOR_B)

start_monitor wagond-rig 40

# One wheel over overlapping zones: A1 B1 A0 B0, 20 ms apart (7 m/s at 0.14 m).
i=0
while [ $i -lt 10 ]; do
  echo pull-up > "$a/pull"; usleep 20000
  echo pull-up > "$b/pull"; usleep 20000
  echo pull-down > "$a/pull"; usleep 20000
  echo pull-down > "$b/pull"; usleep 200000
  i=$((i + 1))
done
# The monitor exits after 40 edges; give it a few seconds, no more.
if ! wait_exit $monitor 50; then
  kill $monitor
  fail "monitor still waiting after 5 s; it saw $(wc -l < /tmp/edges.txt) edges:
$(cat /tmp/edges.txt)
$(cat /tmp/decoded.txt)"
fi
wait $monitor || fail "monitor exited with $?: $(cat /tmp/decoded.txt)"

[ "$(wc -l < /tmp/edges.txt)" -eq 40 ] || fail "expected 40 edges, got $(wc -l < /tmp/edges.txt)"
awk -F'\t' '
  { split($3, where, " "); got = $2 " " where[3] }
  NR % 4 == 1 { want = "rising \"SENSOR_A\"" }
  NR % 4 == 2 { want = "rising \"SENSOR_B\"" }
  NR % 4 == 3 { want = "falling \"SENSOR_A\"" }
  NR % 4 == 0 { want = "falling \"SENSOR_B\"" }
  got != want { print "edge " NR ": got " got ", want " want; bad = 1 }
  $1 + 0 < last { print "edge " NR ": time went backwards"; bad = 1 }
  { last = $1 + 0 }
  END { exit bad }' /tmp/edges.txt || fail "edges out of order"

axles=$(grep -c '^axle .* AB ' /tmp/decoded.txt || true)
[ "$axles" -eq 10 ] || fail "live core decoded $axles AB axles, want 10: $(cat /tmp/decoded.txt)"

"$wagonctl" replay --json --spacing 0.14 -m SENSOR_A=A,SENSOR_B=B /tmp/edges.txt > /tmp/trains.json
grep -q '"direction":"AB","axles":10,' /tmp/trains.json || fail "replay: $(cat /tmp/trains.json)"

echo "PASS: 40 edges in order, 10 axles live and in replay"
