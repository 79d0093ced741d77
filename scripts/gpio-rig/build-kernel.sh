#!/bin/bash
# Builds the gpio-sim test rig's kernel (bzImage) from Debian's linux-source-6.1
# and caches it, so only the first run pays the ~5 minutes of compiling.
#
#   scripts/gpio-rig/build-kernel.sh        # prints the bzImage path on stdout
#
# The cache key is a hash of kernel.config, the linux-source-6.1 package version
# and RECIPE below: change any of them and the next run builds a new kernel.
# Progress goes to stderr; the full make log stays in the cache directory.
# RIG_CACHE_DIR overrides the cache location (default: <repo>/.build-kernel).
set -eu

# Bump when the build steps below change in a way that changes the kernel.
RECIPE=1

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${RIG_CACHE_DIR:-$repo/.build-kernel}
fragment=$here/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz

say() { printf '[build-kernel %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'build-kernel: %s\n' "$*" >&2; exit 1; }

version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || version=
if [ -z "$version" ] || [ ! -f "$tarball" ]; then
  die "linux-source-6.1 is not installed (apt-get install linux-source-6.1 build-essential bc flex bison libelf-dev)"
fi

# The fragment's settings, without its comments: rewording a comment must not
# cost a 5-minute rebuild. ("# CONFIG_X is not set" is a setting.)
settings() { grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$fragment"; }
key=$( { settings | sort; echo "linux-source-6.1 $version"; echo "recipe $RECIPE"; } \
       | sha256sum | cut -c1-16)
out=$cache/$key
if [ -f "$out/bzImage" ]; then
  say "cached kernel $key (linux-source-6.1 $version)"
  echo "$out/bzImage"
  exit 0
fi

start=$(date +%s)
mkdir -p "$cache"

# The unpacked source is shared by every key of the same package version; a
# stamp file marks a complete extraction so an interrupted one is redone.
src=$cache/src-$version/linux-source-6.1
if [ ! -f "$src/.rig-extracted" ]; then
  say "unpacking $tarball (about 15 s)"
  rm -rf "$cache/src-$version"
  mkdir -p "$cache/src-$version"
  tar -xJf "$tarball" -C "$cache/src-$version"
  touch "$src/.rig-extracted"
fi

# Build out of tree (O=) so the source stays clean and reusable.
obj=$out/obj
rm -rf "$out"
mkdir -p "$obj"
log=$out/build.log
say "configuring: tinyconfig + $(basename "$fragment") (log: $log)"
make -C "$src" O="$obj" tinyconfig >"$log" 2>&1
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >>"$log" 2>&1
make -C "$src" O="$obj" olddefconfig >>"$log" 2>&1

# merge_config.sh only warns when Kconfig drops an option whose dependencies
# are not met; a rig kernel without, say, GPIO_CDEV_V1 fails much later and
# much less clearly, so insist that every requested line made it.
missing=0
while IFS= read -r line; do
  case $line in
    CONFIG_*) grep -qx "$line" "$obj/.config" ;;
    *) option=${line#\# }; option=${option%% *}
       ! grep -q "^$option=" "$obj/.config" ;;
  esac || { say "error: '$line' from kernel.config did not survive olddefconfig"; missing=1; }
done < <(settings)
[ "$missing" = 0 ] || die "fix kernel.config (missing dependencies?); see $obj/.config"

jobs=$(nproc)
say "compiling bzImage with $jobs jobs (about 5 minutes on 2 cores)"
make -C "$src" O="$obj" -j"$jobs" bzImage >>"$log" 2>&1 &
pid=$!
# A line every 30 s so a CI log shows the build is alive and how far it got.
while kill -0 "$pid" 2>/dev/null; do
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    sleep 2
    kill -0 "$pid" 2>/dev/null || break
  done
  kill -0 "$pid" 2>/dev/null || break
  say "  ... $(grep -c '^  CC ' "$log" || true) files compiled, $(( $(date +%s) - start )) s"
done
if ! wait "$pid"; then
  tail -n 30 "$log" >&2
  die "kernel build failed; full log: $log"
fi

cp "$obj/.config" "$out/config"
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage.tmp"
mv "$out/bzImage.tmp" "$out/bzImage"
# The object tree is only needed for this build; the source stays for the next key.
rm -rf "$obj"
say "built $out/bzImage ($(stat -c %s "$out/bzImage") bytes) in $(( $(date +%s) - start )) s"
echo "$out/bzImage"
