#!/bin/bash
# Boots Debian 12 under qemu with systemd as PID 1 and udev, installs a wagond
# .deb the way an admin would, and runs wagond.service for real: READY=1,
# the watchdog, SIGTERM, credentials, and the sandbox seen from inside
# (no capabilities, SCHED_FIFO and mlockall through the resource limits, the
# gpiochip device ACL, MemoryDenyWriteExecute, the syscall filter).
# What a container without systemd (CI) cannot show; not run by .ci/run.
#
#   packaging/boot-test/run.sh wagond_<version>_<arch>.deb
#
# Root. Needs debootstrap, qemu-system-x86, e2fsprogs and a C compiler; the
# first run debootstraps bookworm with Debian's kernel from the Debian mirror
# into .build-boottest/ (a few minutes), later runs reuse it. Under TCG the
# whole run takes 5 to 10 minutes. Exit status 0 when every check passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${BOOTTEST_CACHE:-$repo/.build-boottest}
deb=$(realpath "${1:?usage: run.sh wagond_VERSION_ARCH.deb}")
say() { printf '[boot-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[ "$(id -u)" = 0 ] || { echo "boot-test: run as root (debootstrap, mkfs)" >&2; exit 1; }
for tool in debootstrap qemu-system-x86_64 mkfs.ext4 cc; do
  command -v "$tool" >/dev/null || { echo "boot-test: $tool is missing" >&2; exit 1; }
done

root=$cache/root
if [ ! -e "$cache/root.done" ]; then
  say "debootstrap bookworm with linux-image-amd64 into $root (once)"
  rm -rf "$root"
  mkdir -p "$cache"
  debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,udev,kmod,procps,linux-image-amd64,initramfs-tools,libgpiod2,zlib1g,libmosquitto1 \
    bookworm "$root" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  touch "$cache/root.done"
fi
kernel=$(ls "$root"/boot/vmlinuz-* | tail -n 1)
initrd=$(ls "$root"/boot/initrd.img-* | tail -n 1)

work=$cache/work
rm -rf "$work"
mkdir -p "$work"
say "guest root: copy, add the .deb and the test"
cp -a "$root" "$work/root"
g=$work/root
cp "$deb" "$g/root/wagond.deb"
cc -O2 -pthread -o "$g/usr/local/bin/wagond-probe" "$here/probe.c"
install -m 0755 "$here/probe.sh" "$g/usr/local/sbin/wagond-probe.sh"
install -m 0755 "$here/guest.sh" "$g/usr/local/sbin/wagond-boot-test"
cat > "$g/etc/systemd/system/wagond-boot-test.service" <<'EOF'
[Unit]
Description=wagond boot test
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/wagond-boot-test
SuccessAction=poweroff-force
FailureAction=poweroff-force
TimeoutStartSec=600
[Install]
WantedBy=default.target
EOF
ln -sf /etc/systemd/system/wagond-boot-test.service "$g/etc/systemd/system/default.target.wants/wagond-boot-test.service" 2>/dev/null \
  || { mkdir -p "$g/etc/systemd/system/default.target.wants"; ln -sf /etc/systemd/system/wagond-boot-test.service "$g/etc/systemd/system/default.target.wants/"; }
echo wagond-boot-test > "$g/etc/hostname"
# No login prompt on the serial console: its getty hangs up the tty the test
# writes to.
ln -sf /dev/null "$g/etc/systemd/system/serial-getty@ttyS0.service"
ln -sf /dev/null "$g/etc/systemd/system/getty@tty1.service"

say "disk image"
truncate -s 3G "$work/disk.img"
mkfs.ext4 -q -F -d "$g" "$work/disk.img"
rm -rf "$g"

# TCG by default: KVM inside a VM (nested) is often there but broken; set
# BOOTTEST_ACCEL=kvm where it works.
accel=${BOOTTEST_ACCEL:-tcg}
cpu=max
[ "$accel" = kvm ] && cpu=host
say "booting ($accel); console in $work/console.log"
timeout -k 5 1500 qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 2 -m 2048 \
  -kernel "$kernel" -initrd "$initrd" \
  -append "root=/dev/vda rw console=ttyS0 quiet systemd.show_status=0 systemd.firstboot=0" \
  -drive "file=$work/disk.img,if=virtio,format=raw" \
  -display none -nodefaults -serial "file:$work/console.log" -no-reboot &
qemu=$!
# The guest powers itself off after its summary; give a slow shutdown a
# minute, then end it.
while kill -0 "$qemu" 2>/dev/null && ! grep -aq '^boot-test: ' "$work/console.log" 2>/dev/null; do sleep 5; done
for _ in $(seq 12); do kill -0 "$qemu" 2>/dev/null || break; sleep 5; done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true

grep -aE '^(==|PASS|FAIL|boot-test:)' "$work/console.log" || true
summary=$(grep -a '^boot-test: ' "$work/console.log" | tail -n 1 || true)
[ -n "$summary" ] || { say "no summary: the guest did not finish (see $work/console.log)"; exit 1; }
case $summary in *" 0 failed"*) exit 0 ;; *) exit 1 ;; esac
