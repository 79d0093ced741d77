#!/bin/sh
# Runs inside the booted Debian 12 guest (systemd as PID 1, udev running) as
# wagond-boot-test.service, output on the serial console; see run.sh.
# Installs the .deb the way an admin would and runs wagond.service for real.
exec >/dev/ttyS0 2>&1
trap '' HUP
set -u
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { # name, then a command that must succeed
  name=$1; shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}
show() { systemctl show -P "$1" wagond.service; }
wait_for() { # seconds, then a command to poll once a second
  seconds=$1; shift
  while [ "$seconds" -gt 0 ]; do "$@" && return 0; sleep 1; seconds=$((seconds - 1)); done
  return 1
}
section() { echo "== $*"; }

section "install"
check "dpkg -i succeeds with systemd and udev running" dpkg -i /root/wagond.deb
check "user wagond exists" getent passwd wagond
check "unit is enabled on install" systemctl -q is-enabled wagond.service
check "unit without /etc/wagond/wagond.toml is skipped, not failed" \
  sh -c '[ "$(systemctl show -P ConditionResult wagond.service)" = no ] && ! systemctl -q is-failed wagond.service'
stat -c '%A %U:%G %n' /etc/wagond /etc/wagond/credentials

section "device ACL: nodes with gpiochip's major (no chip behind: ENXIO when allowed) and mem's"
major=$(awk '$2 == "gpiochip" { print $1 }' /proc/devices)
echo "gpiochip major: ${major:-none}"
mknod -m 0666 /dev/wagond-test-gpiochip c "$major" 0
mknod -m 0666 /dev/wagond-test-mem c 1 1

section "the sandbox seen from inside (wagond.service with the probe as ExecStart)"
sed -e 's|^Type=notify|Type=oneshot|' -e '/^WatchdogSec=/d' -e '/^Restart/d' \
    -e '/^ConditionPathExists=/d' -e 's|^ExecStart=.*|ExecStart=/usr/local/sbin/wagond-probe.sh|' \
    /usr/lib/systemd/system/wagond.service > /etc/systemd/system/wagond-probe.service
install -d -o wagond -g wagond /srv/wagond-probe
echo token-for-the-boot-test > /etc/wagond/credentials/uplink-token
chmod 0600 /etc/wagond/credentials/uplink-token
systemctl daemon-reload
systemctl start wagond-probe.service
journalctl -q -o cat -u wagond-probe.service > /tmp/probe.txt
cat /tmp/probe.txt
has() { grep -qx "$1" /tmp/probe.txt; }
check "probe runs as wagond" grep -q '^uid=[0-9]*(wagond) gid=[0-9]*(wagond)' /tmp/probe.txt
check "no capabilities at all" has "CapEff:	0000000000000000"
check "seccomp filter on" has "Seccomp:	2"
check "mlockall allowed (LimitMEMLOCK=infinity)" has "mlockall: ok"
check "SCHED_FIFO 50 allowed (LimitRTPRIO=50, no CAP_SYS_NICE)" has "sched_fifo_50: ok"
check "SCHED_FIFO 60 refused" has "sched_fifo_60: Operation not permitted"
check "writable+executable mapping refused (MemoryDenyWriteExecute)" has "mmap_wx: Operation not permitted"
check "gpiochip major allowed (DeviceAllow=char-gpiochip rw)" has "gpiochip: No such device or address"
check "other devices refused (DevicePolicy=closed)" has "mem: Operation not permitted"
check "uplink-token credential readable" has "credential uplink-token: token-for-the-boot-test"
check "mqtt-password file missing: credential blank, start not failed" has "credential mqtt-password: blank"
check "a directory wagond owns outside its own is read-only (ProtectSystem=strict)" has "write outside its directories: Read-only file system"
check "state directory writable" has "write /var/lib/wagond: ok"
check "home directories hidden (ProtectHome=yes)" has "ls /root: Permission denied"

section "wagond.service running wagond --demo (site configuration not built yet)"
touch /etc/wagond/wagond.toml
mkdir -p /etc/systemd/system/wagond.service.d
# SystemCallErrorNumber= (empty) for the test: a syscall outside the filter
# kills wagond with SIGSYS instead of failing with EPERM, so none can hide.
cat > /etc/systemd/system/wagond.service.d/boot-test.conf <<'EOF'
[Service]
ExecStart=
ExecStart=/usr/bin/wagond --demo --data-dir /var/lib/wagond/demo --speedup 600 --seed 7
SystemCallErrorNumber=
EOF
systemctl daemon-reload
started=$(date +%s)
echo "SystemCallErrorNumber for the test: '$(show SystemCallErrorNumber)' (2147483646: systemd's kill)"
check "systemctl start returns (READY=1 reached)" systemctl start wagond.service
echo "start took $(( $(date +%s) - started )) s; status: $(show StatusText)"
check "active (running)" sh -c '[ "$(systemctl show -P SubState wagond.service)" = running ]'
echo "runtime dir: $(stat -c '%A %U:%G' /run/wagond); state dir: $(stat -c '%A %U:%G' /var/lib/wagond); logs dir: $(stat -c '%A %U:%G' /var/log/wagond)"
echo "waiting 45 s: longer than WatchdogSec=30s, so only WATCHDOG=1 keeps it alive"
sleep 45
check "still running after 45 s, no restart" sh -c '[ "$(systemctl show -P SubState wagond.service)" = running ] && [ "$(systemctl show -P NRestarts wagond.service)" = 0 ]'
echo "watchdog last pinged: $(show WatchdogTimestamp); status: $(show StatusText)"
check "trains reached the uplink file" sh -c 'test -s /var/lib/wagond/demo/uploaded.jsonl'
echo "uploaded events: $(wc -l < /var/lib/wagond/demo/uploaded.jsonl 2>/dev/null)"
started=$(date +%s)
check "systemctl stop returns" systemctl stop wagond.service
echo "stop took $(( $(date +%s) - started )) s"
check "stopped cleanly (Result=success, exit 0)" sh -c '[ "$(systemctl show -P Result wagond.service)" = success ] && [ "$(systemctl show -P ExecMainStatus wagond.service)" = 0 ]'
check "flushed on SIGTERM (journal says wagond stopped)" sh -c 'journalctl -q -o cat -u wagond.service | grep -q "wagond stopped"'
check "no seccomp kill in the kernel log (audit type 1326)" sh -c '! journalctl -q -k | grep -E "type=1326"'

section "watchdog: a frozen wagond is killed and restarted"
systemctl start wagond.service
pid=$(show MainPID)
kill -STOP "$pid"
echo "SIGSTOP to $pid; waiting for the watchdog (30 s) and the restart"
check "restarted after the watchdog fired" wait_for 90 sh -c '[ "$(systemctl show -P NRestarts wagond.service)" -ge 1 ] && [ "$(systemctl show -P SubState wagond.service)" = running ]'
journalctl -q -o cat -u wagond.service | grep -i -m 3 "watchdog" || true
systemctl stop wagond.service

section "bad configuration is not restarted in a loop"
cat > /etc/systemd/system/wagond.service.d/boot-test.conf <<'EOF'
[Service]
SystemCallErrorNumber=
EOF
systemctl daemon-reload
systemctl start wagond.service
sleep 8
check "wagond without a usable configuration exits 78 and stays failed" sh -c '[ "$(systemctl show -P ExecMainStatus wagond.service)" = 78 ] && [ "$(systemctl show -P NRestarts wagond.service)" = 0 ]'
rm -rf /etc/systemd/system/wagond.service.d /etc/systemd/system/wagond-probe.service
systemctl daemon-reload
systemctl reset-failed wagond.service

section "udev rule"
check "udevadm test parses the rules without complaint about ours" sh -c '! udevadm test /sys/class/mem/null 2>&1 | grep -i "60-wagond-gpio.rules.*\(invalid\|error\|unknown\)"'

section "remove and purge"
check "dpkg -r succeeds" dpkg -r wagond
check "binary gone" test ! -e /usr/bin/wagond
check "dpkg -P succeeds" dpkg -P wagond
check "state directory gone after purge" test ! -e /var/lib/wagond

echo "boot-test: $passed passed, $failed failed"
