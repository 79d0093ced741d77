#!/bin/sh
# Replay throughput beside `wc -l` on the same file, and peak RSS, on a large
# native pulse log made of simulated trains repeated with shifted times.
# Usage: Benchmarks/replay-throughput.sh [size-MB]   (default 1024)
set -eu
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
work=${TMPDIR:-/tmp}/wagond-replay-bench
mkdir -p "$work"
swift build -c release --product wagonctl >&2
bin="$(swift build -c release --show-bin-path)/wagonctl"

if [ ! -s "$work/big.csv" ] || [ "$(du -m "$work/big.csv" | cut -f1)" -lt "$size_mb" ]; then
  echo "generating a ${size_mb} MB log in $work..." >&2
  "$bin" simulate --random 60 --noise --seed 3 --gap 40 -o "$work/seed.csv"
  # Times are 19 digits: keep the first 3 as text and do arithmetic on the
  # last 16 (below 2^53), which awk's doubles hold exactly.
  awk -v target=$((size_mb * 1024 * 1024)) -F, '
    BEGIN { n = 0 }
    /^#/ || /^t_ns/ { print; next }
    { prefix = substr($1, 1, 3); t[n] = substr($1, 4) + 0; ch[n] = $2; lv[n] = $3; n++ }
    END {
      span = t[n-1] - t[0] + 60000000000; shift = 0; bytes = 0
      while (bytes < target) {
        for (i = 0; i < n; i++) {
          line = sprintf("%s%016.0f,%s,%s", prefix, t[i] + shift, ch[i], lv[i]); print line; bytes += length(line) + 1
        }
        shift += span
      }
    }' "$work/seed.csv" > "$work/big.csv"
fi
file="$work/big.csv"
mb=$(du -m "$file" | cut -f1)
cat "$file" > /dev/null  # warm the page cache for both readers

now() { date +%s.%N; }
t0=$(now); lines=$(wc -l < "$file"); t1=$(now)
"$bin" replay --json "$file" > "$work/trains.jsonl"; t2=$(now)
if [ -x /usr/bin/time ]; then
  rss=$(/usr/bin/time -f %M "$bin" replay --json "$file" 2>&1 >/dev/null | tail -n 1)
else
  rss="(install GNU time for peak RSS)"
fi
awk -v mb="$mb" -v lines="$lines" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v rss="$rss" -v trains="$(wc -l < "$work/trains.jsonl")" 'BEGIN {
  wc = t1 - t0; rp = t2 - t1
  printf "file: %d MB, %d lines, %d trains\n", mb, lines, trains
  printf "wc -l:            %6.2f s  %7.0f MB/s\n", wc, mb / wc
  printf "wagonctl replay:  %6.2f s  %7.0f MB/s  %5.1f M edges/s  (%.1f%% of wc -l)\n", rp, mb / rp, lines / rp / 1e6, 100 * wc / rp
  printf "peak RSS of replay: %s KB\n", rss
}'
