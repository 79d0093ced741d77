#!/bin/bash
# Runs one command inside a qemu guest whose kernel has gpio-sim, and exits
# with that command's exit status.
#
#   scripts/gpio-rig/run.sh [--files HOST_PATH...] [--timeout S] [--cpus N] -- GUEST_COMMAND...
#
# The guest boots the cached rig kernel (build-kernel.sh) with an initramfs of
# busybox, gpiod's tools and libgpiod, the gpio-sim helpers (sim_chip, sim_pull,
# sim_value, sim_path, sim_teardown: see guest/sim.sh) and every --files path
# (file or directory), each at the same absolute path as on the host, with the
# shared libraries that ldd says its ELF files need.
#
# Exit status: the guest command's, or 124 on timeout, 125 when the guest never
# reported a result (boot failure, kernel panic, qemu error).
# Environment: RIG_TIMEOUT (s, default 300), RIG_CPUS (default 1), RIG_MEM
# (guest memory, default 256M, raised for big initramfses), RIG_KERNEL (a
# bzImage to use instead of building one), RIG_VERBOSE=1 (kernel messages).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
usage() {
  echo "usage: $0 [--files HOST_PATH...] [--timeout SECONDS] [--cpus N] -- GUEST_COMMAND..." >&2
  exit 64
}
die() { echo "rig: $*" >&2; exit 125; }

files=()
timeout=${RIG_TIMEOUT:-300}
cpus=${RIG_CPUS:-1}
while [ $# -gt 0 ]; do
  case $1 in
    --files) shift
             while [ $# -gt 0 ] && [ "$1" != -- ] && [ "${1#--}" = "$1" ]; do
               files+=("$1"); shift
             done ;;
    --timeout) [ $# -ge 2 ] || usage; timeout=$2; shift 2 ;;
    --cpus) [ $# -ge 2 ] || usage; cpus=$2; shift 2 ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
[ $# -gt 0 ] || usage

for tool in qemu-system-x86_64 cpio ldd /bin/busybox /usr/bin/gpiomon; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing (apt-get install qemu-system-x86 cpio busybox-static gpiod libgpiod-dev)"
done
kernel=${RIG_KERNEL:-$(bash "$here/build-kernel.sh")}

work=$(mktemp -d "${TMPDIR:-/tmp}/gpio-rig.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,rig}

# Copy a host file to the same absolute path in the guest, following symlinks
# (the guest sees a plain file wherever the host had a link).
put() {
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}

# A file's shared libraries (and the dynamic loader), as ldd resolves them on
# this host: the guest gets the same files at the same paths, so RUNPATHs
# (the Swift runtime's, for one) resolve there too.
put_libs() {
  local out
  # ldd fails on static binaries: nothing to copy then.
  out=$(ldd "$1" 2>/dev/null) || return 0
  if grep -q 'not found' <<<"$out"; then
    die "$1 needs libraries this host cannot find: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')"
  fi
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out" |
    while IFS= read -r lib; do
      [ -e "$root$lib" ] || put "$lib"
    done
}

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }

cp /bin/busybox "$root/bin/busybox"
cp "$here/guest/init" "$root/init"
cp "$here/guest/sim.sh" "$root/rig/sim.sh"
for helper in sim_chip sim_pull sim_value sim_path sim_teardown; do
  ln -s /rig/sim.sh "$root/usr/bin/$helper"
done
for tool in gpiodetect gpiofind gpioget gpioinfo gpiomon gpioset; do
  put "/usr/bin/$tool"
  put_libs "/usr/bin/$tool"
done

for f in ${files[@]+"${files[@]}"}; do
  [ -e "$f" ] || die "--files: no such file or directory: $f"
  abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
  if [ -d "$abs" ]; then
    mkdir -p "$root$abs"
    cp -RL "$abs/." "$root$abs/"
  else
    put "$abs"
  fi
  while IFS= read -r -d '' g; do
    if is_elf "$g"; then put_libs "$g"; fi
  done < <(find "$abs" -type f -print0)
done

# The guest command, word by word in single quotes, for the guest's sh.
quoted=
for arg in "$@"; do
  quoted+="'${arg//\'/\'\\\'\'}' "
done
printf '%s\n' "$quoted" >"$root/rig/cmd"

# Plain cpio, not gzip'd: the emulated CPU inflates a 110 MB payload in ~2 s
# more than it takes to copy it. The guest holds the archive and its unpacked
# files at once, so give it room for both when the payload is large (Swift
# test binaries are).
payload_mb=$(( $(du -sk "$root" | cut -f1) / 1024 ))
mem=${RIG_MEM:-$(( payload_mb > 48 ? 256 + 3 * payload_mb : 256 ))M}
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$work/initramfs.cpio"

append="console=ttyS0 panic=-1"
[ "${RIG_VERBOSE:-0}" = 1 ] || append+=" quiet"
echo "rig: booting $(basename "$(dirname "$kernel")")/bzImage, initramfs ${payload_mb} MB, ${cpus} CPU, ${mem} RAM, timeout ${timeout} s" >&2

# qboot instead of SeaBIOS: it boots as fast and does not write terminal
# escapes to the serial console. It still passes qemu's ACPI tables (HPET).
# qemu's stdio is the guest's serial console: stream it, keep a copy, and
# note when /init starts. KVM is not available here, so TCG it is.
log=$work/console.log
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
start=$EPOCHREALTIME
init_at=
set +e
timeout -k 5 "$timeout" qemu-system-x86_64 -accel tcg -cpu max -smp "$cpus" -m "$mem" \
    -no-reboot -bios /usr/share/qemu/qboot.rom -nographic -serial stdio -monitor none -nic none \
    -kernel "$kernel" -initrd "$work/initramfs.cpio" -append "$append" \
    </dev/null 2>&1 |
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    printf '%s\n' "$line"
    printf '%s\n' "$line" >>"$log"
    if [ -z "$init_at" ] && [ "${line#RIG-INIT:}" != "$line" ]; then
      init_at=$EPOCHREALTIME
      echo "RIG-BOOT: /init started $(seconds "$start" "$init_at") s after qemu" >>"$log"
    fi
  done
qemu_status=${PIPESTATUS[0]}
set -e
end=$EPOCHREALTIME
total=$(seconds "$start" "$end")

boot=$(sed -n 's/^RIG-BOOT: //p' "$log" 2>/dev/null || true)
# Anywhere in a line: the guest command may have left its last line unended.
result=$(sed -n 's/^.*RIG-RESULT: \([0-9][0-9]*\)$/\1/p' "$log" 2>/dev/null | tail -n 1)
if [ -n "$result" ]; then
  echo "rig: ${boot:-/init start not seen}; guest command exited $result; ${total} s in all" >&2
  exit "$result"
fi
if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
  echo "rig: timed out after ${timeout} s (${boot:-/init never started}); raise --timeout or RIG_TIMEOUT" >&2
  exit 124
fi
if [ -z "$boot" ]; then
  echo "rig: the guest did not boot to /init (qemu exited $qemu_status after ${total} s); rerun with RIG_VERBOSE=1 to see the kernel's messages" >&2
else
  echo "rig: the guest printed no RIG-RESULT (qemu exited $qemu_status after ${total} s; $boot)" >&2
fi
exit 125
