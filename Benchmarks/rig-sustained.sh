#!/bin/sh
# Rig benchmark: sustained edges/s with zero loss through wagonctl's libgpiod
# reader, on the gpio-sim rig's real kernel (docs/gpio-rig.md). Steps the
# paced injection rate upward; for each step prints the edges injected,
# received and lost, and the rate the kernel actually stamped; then the
# highest rate with zero loss. A benchmark: it prints, it asserts nothing
# about loss (timing under emulation depends on the host's load).
#
#   Benchmarks/rig-sustained.sh [--v2] [--edges N] [--cpus N] [RATE...]
#
# --v2 builds wagonctl against libgpiod v2 (scripts/build-libgpiod-v2.sh),
# as Tests/Rig/run-wagonctl-gpio.sh does; default v1 (Debian's). RATEs are
# edges/s (default 1000 2000 4000 8000 16000 32000 64000), N edges per step
# (default 4000): wheel passages A1 B1 A0 B0, every edge 1/RATE after the
# last, played into two gpio-sim lines by Tests/Rig/pulse-player.c.
# Lost edges: v2 counts them from the kernel's sequence numbers; v1 has
# none, so injected - received, and whether each line's last level is the
# level the player left (the reader's level re-reads are shown too).
# Environment: RIG_CACHE_DIR (the cached kernel, see scripts/gpio-rig/).
set -eu

if [ "${1:-}" = --guest ]; then
  # --- guest side (runs inside scripts/gpio-rig/run.sh) ---
  shift
  wagonctl=$1 player=$2 lib=$3 api=$4 edges=$5
  shift 5
  . "$lib"
  best=0
  printf 'RESULT %-8s %-8s %-8s %-6s %-9s %-8s %-8s %-9s %-11s %s\n' asked injected received lost "v2-count" re-reads \
    reported achieved "late (ms)" "last levels"
  for rate in "$@"; do
    awk -v n="$edges" -v r="$rate" 'BEGIN {
      print "t_ns,channel,level"
      split("A,B,A,B", ch, ","); split("1,1,0,0", lv, ",")
      for (i = 0; i < n; i++) printf "%d,%s,%s\n", int(i * 1e9 / r), ch[i % 4 + 1], lv[i % 4 + 1]
    }' > /tmp/step.csv
    # A chip of its own per step, and no files from the last one: a
    # background job's redirections happen when it starts, so a stale
    # 'monitoring' line let the player start before the reader had its lines.
    rm -f /tmp/edges.txt /tmp/decoded.txt /tmp/player.txt
    sim_chip rig-sustained 2 SENSOR_A SENSOR_B >/dev/null
    a=$(sim_path rig-sustained SENSOR_A)
    b=$(sim_path rig-sustained SENSOR_B)
    # -n: done as soon as every edge is in. The idle timeout ends a step that
    # lost some; it counts from the start too, and a loaded host can make an
    # emulated guest take seconds to start the player: be generous.
    "$wagonctl" gpio monitor -c rig-sustained --line A=SENSOR_A --line B=SENSOR_B -n "$edges" --idle-timeout 30000 \
      > /tmp/edges.txt 2> /tmp/decoded.txt &
    monitor=$!
    wait_for /tmp/decoded.txt '^wagonctl: monitoring' 300
    "$player" /tmp/step.csv "$a" "$b" > /tmp/player.txt
    wait_exit $monitor 450 || { kill $monitor; fail "monitor did not stop at $rate edges/s"; }
    wait $monitor || fail "monitor exited with $? at $rate edges/s: $(tail -3 /tmp/decoded.txt)"
    summary=$(grep 'edges read; lost' /tmp/decoded.txt) || fail "no summary: $(cat /tmp/decoded.txt)"
    received=$(echo "$summary" | sed 's/^wagonctl: \([0-9]*\) edges read.*/\1/')
    kernel=$(echo "$summary" | sed 's/.*lost \([0-9]*\) in the kernel.*/\1/')
    rereads=$(echo "$summary" | sed 's/.* \([0-9]*\) level re-reads.*/\1/')
    lost=$((edges - received))
    # The player ends with both lines free: a reader that lost a line's
    # last edge shows it as a last level of 1 (or no edge at all).
    levels=$(awk -F'\t' '{ split($3, w, " "); last[w[2]] = $2 } END {
      printf "%s %s", (0 in last) ? last[0] : "none", (1 in last) ? last[1] : "none" }' /tmp/edges.txt)
    [ "$levels" = "falling falling" ] && levels=ok
    achieved=$(awk -F'\t' 'NR == 1 { first = $1 } { last = $1; n++ } END {
      if (n > 1 && last > first) printf "%.0f", (n - 1) / (last - first); else print "?" }' /tmp/edges.txt)
    [ "$api" = 2 ] || kernel=-
    # How far behind the log's timing the player fell, at worst.
    late=$(sed -n 's/.*worst lateness \([0-9.]*\) ms.*/\1/p' /tmp/player.txt)
    # What the monitor reported as lost: the core's lost_edge (a level
    # repeated: v1's only sign) and the reader's "N edges lost" lines.
    reported=$(grep -c 'lost_edge\|edges\? lost$' /tmp/decoded.txt || true)
    printf 'RESULT %-8s %-8s %-8s %-6s %-9s %-8s %-8s %-9s %-11s %s\n' "$rate" "$edges" "$received" "$lost" "$kernel" \
      "$rereads" "$reported" "$achieved" "$late" "$levels"
    [ "$lost" -eq 0 ] || { echo "step $rate: $(cat /tmp/player.txt)"; tail -3 /tmp/decoded.txt; }
    sim_teardown rig-sustained
    if [ "$lost" -eq 0 ] && [ "$levels" = ok ] && [ "$achieved" != "?" ] && [ "$achieved" -gt "$best" ]; then
      best=$achieved
    fi
  done
  echo "RESULT highest achieved rate with zero loss (libgpiod v$api): $best edges/s"
  exit 0
fi

# --- host side ---
cd "$(dirname "$0")/.."
api=1 edges=4000 cpus=1
while [ $# -gt 0 ]; do
  case $1 in
    --v2) api=2; shift ;;
    --edges) edges=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    -*) echo "usage: $0 [--v2] [--edges N] [--cpus N] [RATE...]" >&2; exit 64 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- 1000 2000 4000 8000 16000 32000 64000
rates="$*"
if [ "$api" = 2 ]; then
  scripts/build-libgpiod-v2.sh >&2
  export PKG_CONFIG_PATH=$PWD/.build-gpiod2/prefix/lib/pkgconfig
  # shellcheck disable=SC2046 # the flags are words on purpose
  set -- --scratch-path .build-gpiod2/swift $(scripts/build-libgpiod-v2.sh --flags)
else
  set --
fi
swift build --product wagonctl "$@" >&2
bin="$(swift build --show-bin-path "$@")/wagonctl"
mkdir -p .build-rig
player=$PWD/.build-rig/pulse-player
cc -O2 -static -Wall -Wextra -Werror -o "$player" Tests/Rig/pulse-player.c
log=${TMPDIR:-/tmp}/rig-sustained-v$api.log
status=0
# shellcheck disable=SC2086 # rates are words
scripts/gpio-rig/run.sh --cpus "$cpus" --timeout 900 \
  --files "$bin" "$player" "$PWD/Tests/Rig/lib.sh" "$PWD/Benchmarks/rig-sustained.sh" -- \
  sh "$PWD/Benchmarks/rig-sustained.sh" --guest "$bin" "$player" "$PWD/Tests/Rig/lib.sh" $api $edges $rates \
  > "$log" || status=$?
if [ "$status" -ne 0 ]; then
  tail -20 "$log" >&2
  echo "rig-sustained: the rig run failed ($status); the whole log is $log" >&2
  exit "$status"
fi
echo "rig-sustained (libgpiod v$api, $cpus guest CPU, $edges edges per step; log $log):"
sed -n 's/^RESULT //p' "$log"
