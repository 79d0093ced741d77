#!/bin/sh
# The rig's end-to-end proof, run inside the guest by ../smoke.sh:
#   smoke.sh [PASSAGES] [DELAY_S]
# Creates a sim chip with lines SENSOR_A and SENSOR_B, starts gpiomon (libgpiod
# 1.6, v1 uAPI) on both, plays PASSAGES wheel passages through gpio-sim's
# `pull` (A rises, B rises, A falls, B falls: 4 edges each, DELAY_S apart), and
# checks that gpiomon got every edge, in order, with strictly increasing kernel
# timestamps. Prints `SMOKE: PASS` or `SMOKE: FAIL ...`; exits 0 only on PASS.
set -eu

passages=${1:-100}
delay=${2:-0.002}
label=rig-smoke
edges=$((4 * passages))
events=/tmp/smoke-events

fail() { echo "SMOKE: FAIL: $*"; exit 1; }

chip=$(sim_chip "$label" 8 SENSOR_A SENSOR_B)
# Line names must reach the kernel: gpiofind resolves them through the cdev.
[ "$(gpiofind SENSOR_A)" = "$chip 0" ] || fail "gpiofind SENSOR_A gave '$(gpiofind SENSOR_A)'"
[ "$(gpiofind SENSOR_B)" = "$chip 1" ] || fail "gpiofind SENSOR_B gave '$(gpiofind SENSOR_B)'"
a=$(sim_path "$label" SENSOR_A)
b=$(sim_path "$label" SENSOR_B)
echo "smoke: $label is $chip; $passages passages = $edges edges, ${delay} s apart"

# Open the chip by its label, as wagond's board profiles will.
gpiomon --num-events="$edges" --format='%o %e %s %n' "$label" 0 1 >"$events" &
mon=$!
# Inject nothing before gpiomon holds both lines: gpioinfo shows the consumer.
tries=0
until [ "$(gpioinfo "$label" | grep -c '"gpiomon"')" = 2 ]; do
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || fail "gpiomon did not request the lines"
  sleep 0.05
done

# Direct writes to `pull` (no helper process per edge) keep the pace even.
i=0
while [ "$i" -lt "$passages" ]; do
  echo pull-up >"$a/pull"; sleep "$delay"
  echo pull-up >"$b/pull"; sleep "$delay"
  echo pull-down >"$a/pull"; sleep "$delay"
  echo pull-down >"$b/pull"; sleep "$delay"
  i=$((i + 1))
done

# gpiomon exits by itself after the last expected edge; a lost edge would
# keep it waiting, so give it a few seconds, then stop it.
tries=0
while kill -0 "$mon" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 50 ]; then kill "$mon"; break; fi
  sleep 0.1
done
wait "$mon" || true
sim_teardown "$label"
[ ! -e "/dev/$chip" ] || fail "/dev/$chip still exists after sim_teardown"

# Edge k (from 0) must be line k%4 of: 0 rising, 1 rising, 0 falling, 1 falling.
# Timestamps: ns since boot on CLOCK_MONOTONIC; their step (the gcd of all
# gaps) shows the clock's resolution: 1 ns-ish with hpet/tsc, 4 ms on jiffies.
awk -v want="$edges" '
  function gcd(x, y,  t) { while (y > 0) { t = x % y; x = y; y = t } return x }
  BEGIN { split("0 1|1 1|0 0|1 0", expect, "|") }
  {
    n++
    if ($1 " " $2 != expect[(n - 1) % 4 + 1]) {
      if (!bad) printf "smoke: edge %d is \"%s %s\", expected \"%s\"\n", n, $1, $2, expect[(n - 1) % 4 + 1]
      bad++
    }
    t = $3 * 1000000000 + $4
    if (n > 1) {
      gap = t - prev
      if (gap <= 0) { if (!back) printf "smoke: edge %d timestamp does not increase (%d ns)\n", n, gap; back++ }
      else { step = gcd(step, gap); if (min == "" || gap < min) min = gap; if (gap > max) max = gap }
    }
    prev = t
  }
  END {
    printf "smoke: received %d of %d edges, %d out of order, %d timestamps not increasing\n", n, want, bad, back
    printf "smoke: timestamp step (gcd of gaps) %d ns; gaps %.1f us min, %.1f us max\n", step, min / 1000, max / 1000
    printf "SMOKE-RESOLUTION-NS: %d\n", step
    exit (n == want && bad == 0 && back == 0) ? 0 : 1
  }' "$events" || fail "see the lines above"
echo "smoke: clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "SMOKE: PASS"
