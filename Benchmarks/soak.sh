#!/bin/sh
# Soak run (a benchmark, not a test): wagond --demo on an accelerated clock
# until it has counted N trains; samples RSS and open file descriptors along
# the way (target: flat), then the RSS at idle (target <= 20 MB).
#   Benchmarks/soak.sh [TRAINS] [SPEEDUP]      defaults: 100000 100000
# Runs what ships: the stripped static binary of scripts/build-release.sh
# (built first), or WAGOND=path. Prints a table; asserts nothing.
set -eu
cd "$(dirname "$0")/.."
trains=${1:-100000}
speedup=${2:-100000}

if [ -n "${WAGOND:-}" ]; then
  binary=$WAGOND
else
  sh scripts/build-release.sh >/dev/null
  binary=${SCRATCH:-.build-release}/dist/bin/wagond
fi
echo "soak: $binary, $(stat -c %s "$binary") bytes"
work=$(mktemp -d /tmp/wagond-soak.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$binary" --demo --data-dir "$work/data" --speedup "$speedup" --seed 1 --log-level notice \
  2>"$work/log" &
pid=$!

sample() { # prints: trains rss_kib fds
  counted=$(grep -c "train at" "$work/log" 2>/dev/null || true)
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  echo "$counted $rss $fds"
}

start=$(date +%s)
printf '%8s %10s %9s %5s\n' seconds trains rss_MiB fds
while :; do
  set -- $(sample)
  now=$(($(date +%s) - start))
  printf '%8d %10d %9.1f %5d\n' "$now" "$1" "$(echo "$2/1024" | bc -l)" "$3"
  [ "$1" -ge "$trains" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "wagond exited early; log:"; tail -20 "$work/log"; exit 1; }
  sleep 10
done
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
kill -TERM "$pid"; wait "$pid" || true
echo "peak RSS during the run: $(echo "$hwm/1024" | bc -l | cut -c1-5) MiB"

# Idle: real time, no train for the first minutes of a quiet line.
"$binary" --demo --data-dir "$work/idle" --speedup 1 --seed 1 --log-level warning 2>/dev/null &
pid=$!
sleep 20
echo "idle RSS after 20 s: $(awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status") MiB," \
  "open fds: $(ls "/proc/$pid/fd" | wc -l)"
kill -TERM "$pid"; wait "$pid" || true
