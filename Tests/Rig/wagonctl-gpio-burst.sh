#!/bin/sh
# Guest test (runs inside scripts/gpio-rig/run.sh): a burst of 400 edges on
# one line, written as fast as the player can (all stamped at the same time
# in the log), faster than the reader is meant to keep up with on an
# emulated CPU. Nothing may be lost silently: either every edge arrives,
# or the loss is reported (libgpiod v2: every lost edge is counted from the
# kernel's sequence numbers; v1 has none, so there it must show as a lost
# edge or a level re-read that changed a line).
set -eu
wagonctl=$1
player=$2
api=${3:-1}
. "$(dirname "$0")/lib.sh"

injected=400
awk -v n=$injected 'BEGIN { print "t_ns,channel,level"; for (i = 0; i < n; i++) print 0 ",A," (i % 2 == 0 ? 1 : 0) }' > /tmp/burst.csv

sim_chip wagond-burst 2 SENSOR_A SENSOR_B >/dev/null
"$wagonctl" gpio monitor -c wagond-burst --line A=SENSOR_A --line B=SENSOR_B -n $injected --idle-timeout 3000 \
  > /tmp/edges.txt 2> /tmp/decoded.txt &
monitor=$!
wait_for /tmp/decoded.txt '^wagonctl: monitoring' 300

"$player" /tmp/burst.csv "$(sim_path wagond-burst SENSOR_A)" "$(sim_path wagond-burst SENSOR_B)" > /tmp/player.txt
started=$(grep -m1 'rising' /tmp/edges.txt | cut -f1); ended=$(tail -1 /tmp/edges.txt | cut -f1)
wait_exit $monitor 100 || { kill $monitor; fail "monitor did not stop: $(tail -3 /tmp/decoded.txt)"; }
wait $monitor || fail "monitor exited with $?"

received=$(wc -l < /tmp/edges.txt)
summary=$(grep 'edges read; lost' /tmp/decoded.txt) || fail "no summary: $(cat /tmp/decoded.txt)"
kernel=$(echo "$summary" | sed 's/.*lost \([0-9]*\) in the kernel.*/\1/')
rereads=$(echo "$summary" | sed 's/.* \([0-9]*\) level re-reads.*/\1/')
flagged=$(grep -c 'lost_edge\|edges\? lost$' /tmp/decoded.txt || true)
rate=$(awk -v n="$received" -v a="$started" -v b="$ended" 'BEGIN { if (b > a) printf "%.0f", (n - 1) / (b - a); else print "?" }')
echo "burst (libgpiod v$api): $injected injected, $received received (~$rate edges/s), $kernel counted lost by the kernel, $rereads level re-reads, $flagged loss reports"

if [ "$received" -eq $injected ]; then
  echo "PASS: every edge of the burst arrived"
elif [ "$api" = 2 ]; then
  [ $((received + kernel)) -eq $injected ] || fail "v2: $received received + $kernel reported lost is not $injected"
  echo "PASS: every lost edge was counted from the sequence numbers"
else
  [ $((kernel + rereads + flagged)) -gt 0 ] || fail "v1: $((injected - received)) edges lost without any report"
  echo "PASS: the loss was reported"
fi
