#!/usr/bin/env bash
# Fuzzes the TOML parser, the site configuration and the board profiles with
# libFuzzer and AddressSanitizer.
#
#   scripts/fuzz-toml.sh [SECONDS]
#
# The corpus grows under .build-fuzz/corpus-toml, seeded from the example
# configuration and boards/; crashes are saved as .build-fuzz/crash-toml-*.
# Exits non-zero if the run found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

build=.build-fuzz
mkdir -p "$build"
flags=(-parse-as-library -O -g -sanitize=fuzzer,address)
# gold warns about every ASan helper symbol: keep the log, show it on failure.
if ! { swiftc "${flags[@]}" -module-name WagonCore -emit-module -emit-module-path "$build/WagonCore.swiftmodule" \
        -wmo -emit-object -o "$build/WagonCore.o" Sources/WagonCore/*.swift &&
    swiftc "${flags[@]}" -module-name TOMLFuzz -I "$build" \
        Sources/WagonConfig/*.swift Tests/Fuzz/TOMLFuzz/*.swift "$build/WagonCore.o" -o "$build/toml-fuzz"
} > "$build/build-toml.log" 2>&1; then
    grep -v "Cannot export local symbol" "$build/build-toml.log" >&2
    exit 2
fi

corpus="$build/corpus-toml"
mkdir -p "$corpus"
cp systemd/wagond.example.toml boards/*.toml "$corpus/"
echo "== toml: ${seconds}s"
"$build/toml-fuzz" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=5 -print_final_stats=1 \
    -dict=scripts/toml.dict -artifact_prefix="$build/crash-toml-" 2>&1 |
    grep -E "^(#[0-9]+ +DONE|==|SUMMARY|stat::number_of_executed_units|.*ERROR)" || true
if ls "$build"/crash-toml-* >/dev/null 2>&1; then
    echo "crash found:"; ls "$build"/crash-toml-*
    exit 1
fi
