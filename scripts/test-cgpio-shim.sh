#!/bin/sh
# Compiles the CGPIOShim for libgpiod v1 (the system's libgpiod-dev) and v2
# (built by scripts/build-libgpiod-v2.sh) with -Wall -Wextra -Werror under
# gcc and clang, and runs scripts/cgpio-shim-test.c against each.
# No GPIO hardware needed. Exits non-zero on any failure.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/.build-gpiod2/shim-test"
mkdir -p "$out"
warn="-std=gnu11 -Wall -Wextra -Werror -Wshadow"
shim="Sources/CGPIOShim"

pkg-config --exists libgpiod || { echo "test-cgpio-shim: install libgpiod-dev (v1)" >&2; exit 1; }
scripts/build-libgpiod-v2.sh >/dev/null
v2="$root/.build-gpiod2/prefix"

compilers="cc"
command -v clang >/dev/null 2>&1 && compilers="cc clang"
for c in $compilers; do
  for f in cgpio_v1.c cgpio_v2.c; do
    $c $warn -I$shim/include -c $shim/$f -o "$out/v1-$c-$f.o"
    $c $warn -I$v2/include -I$shim/include -c $shim/$f -o "$out/v2-$c-$f.o"
  done
done

# Static libgpiod and wrapped allocators: the test counts what the read path allocates.
wrap="-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc"
cc $warn -DEXPECT_API=1 -I$shim/include scripts/cgpio-shim-test.c \
  $wrap -Wl,-Bstatic -lgpiod -Wl,-Bdynamic -o "$out/test-v1"
cc $warn -DEXPECT_API=2 -I$v2/include -I$shim/include scripts/cgpio-shim-test.c \
  $wrap -L$v2/lib -Wl,-Bstatic -lgpiod -Wl,-Bdynamic -o "$out/test-v2"
"$out/test-v1" "$@"
"$out/test-v2" "$@"

# The gpio-sim test needs a kernel with CONFIG_GPIO_SIM (the rig's guest):
# build it static, so the guest needs no libraries; run it here only if it can.
cc $warn -static -I$shim/include scripts/cgpio-shim-sim-test.c -lgpiod -o "$out/sim-test-v1"
cc $warn -static -I$v2/include -I$shim/include scripts/cgpio-shim-sim-test.c \
  -L$v2/lib -lgpiod -o "$out/sim-test-v2"
if [ -d /sys/kernel/config/gpio-sim ]; then
  "$out/sim-test-v1"
  "$out/sim-test-v2"
else
  echo "# no gpio-sim here: $out/sim-test-v1 and sim-test-v2 are for the rig's guest"
fi
