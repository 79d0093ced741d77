#!/usr/bin/env bash
# Fuzzes the PulseLog readers with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz-pulselog.sh [SECONDS_PER_FORMAT] [FORMAT...]
#
# FORMAT is native, gpiomon or vcd (default: all three, plus format
# detection as "auto"). Corpora grow under .build-fuzz/corpus-FORMAT, seeded
# from Tests/Fixtures/pulselog; crashes are saved as .build-fuzz/crash-*.
# Exits non-zero if any run found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(native gpiomon vcd auto)

build=.build-fuzz
mkdir -p "$build"
flags=(-parse-as-library -O -g -sanitize=fuzzer,address)
# gold warns about every ASan helper symbol: keep the log, show it on failure.
if ! { swiftc "${flags[@]}" -module-name WagonCore -emit-module -emit-module-path "$build/WagonCore.swiftmodule" \
        -wmo -emit-object -o "$build/WagonCore.o" Sources/WagonCore/*.swift &&
    swiftc "${flags[@]}" -module-name PulseLogFuzz -I "$build" -I Sources/CZlib -lz \
        Sources/PulseLog/*.swift Tests/Fuzz/PulseLogFuzz/*.swift "$build/WagonCore.o" -o "$build/pulselog-fuzz"
} > "$build/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$build/build.log" >&2
    exit 2
fi

status=0
for format in "${formats[@]}"; do
    corpus="$build/corpus-$format"
    mkdir -p "$corpus"
    # Seeds: each fixture behind a first byte that selects a 16-byte buffer.
    for fixture in Tests/Fixtures/pulselog/*; do
        case "$format:$fixture" in
            native:*.csv | gpiomon:*.txt | vcd:*.vcd | auto:*) ;;
            *) continue ;;
        esac
        { printf '\x0f'; cat "$fixture"; } > "$corpus/seed-$(basename "$fixture")"
    done
    echo "== $format: ${seconds}s"
    fuzz_format="$format"
    [ "$format" = auto ] && fuzz_format=""
    if ! PULSELOG_FUZZ_FORMAT="$fuzz_format" "$build/pulselog-fuzz" "$corpus" \
        -max_total_time="$seconds" -max_len=4096 -timeout=5 -print_final_stats=1 \
        -artifact_prefix="$build/crash-$format-" 2>&1 | grep -E "^(#[0-9]+ +DONE|==|SUMMARY|stat::number_of_executed_units|.*ERROR)"; then
        :
    fi
    if ls "$build"/crash-"$format"-* >/dev/null 2>&1; then
        echo "crash found for $format:"; ls "$build"/crash-"$format"-*
        status=1
    fi
done
exit $status
