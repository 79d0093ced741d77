# Shared helpers of the rig's guest tests (busybox sh); each test sources it
# from its own directory.

fail() { echo "FAIL: $*"; exit 1; }

# wait_for FILE PATTERN TENTHS: until a line of FILE matches PATTERN, polling
# every 0.1 s; fails after TENTHS tries with FILE's contents.
wait_for() {
  tries=0
  until grep -q "$2" "$1" 2>/dev/null; do
    [ $tries -lt "$3" ] || fail "no '$2' in $1 after $(($3 / 10)) s: $(cat "$1" 2>/dev/null)"
    usleep 100000; tries=$((tries + 1))
  done
}

# wait_exit PID TENTHS: waits for a background process to end; returns 1
# (leaving it running) if it is still there after TENTHS tries.
wait_exit() {
  tries=0
  while kill -0 "$1" 2>/dev/null; do
    [ $tries -lt "$2" ] || return 1
    usleep 100000; tries=$((tries + 1))
  done
}

# start_monitor LABEL EDGES: runs `wagonctl gpio monitor` on the chip's
# SENSOR_A/SENSOR_B lines for EDGES edges, edges into /tmp/edges.txt, the
# rest into /tmp/decoded.txt; returns once the lines are requested (software
# emulation starts slowly) and leaves the process id in $monitor.
start_monitor() {
  # A background job truncates its files only once it starts: a stale
  # 'monitoring' line must not be what wait_for finds.
  rm -f /tmp/edges.txt /tmp/decoded.txt
  "$wagonctl" gpio monitor -c "$1" --line A=SENSOR_A --line B=SENSOR_B -n "$2" \
    > /tmp/edges.txt 2> /tmp/decoded.txt &
  monitor=$!
  wait_for /tmp/decoded.txt '^wagonctl: monitoring' 300
}
