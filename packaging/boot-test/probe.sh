#!/bin/sh
# ExecStart of wagond-probe.service: wagond.service's sandbox with this
# script in wagond's place (packaging/boot-test/guest.sh reads the lines).
try() { # name, command...: "name: ok" or "name: <why not>"
  name=$1; shift
  if out=$("$@" 2>&1); then echo "$name: ok"; else echo "$name: ${out##*: }"; fi
}
id
grep -E '^(Cap(Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status
echo "rlimits: rtprio $(ulimit -r), memlock $(ulimit -l)"
/usr/local/bin/wagond-probe 50
/usr/local/bin/wagond-probe 60 nolock | grep sched
try gpiochip sh -c 'exec 3<>/dev/wagond-test-gpiochip'
try mem sh -c 'exec 3<>/dev/wagond-test-mem'
for name in uplink-token mqtt-password; do
  if [ -e "${CREDENTIALS_DIRECTORY:-/nonexistent}/$name" ]; then
    value=$(cat "$CREDENTIALS_DIRECTORY/$name")
    echo "credential $name: ${value:-blank}"
  else
    echo "credential $name: missing"
  fi
done
ls -l "${CREDENTIALS_DIRECTORY:-/nonexistent}" 2>&1
try "write outside its directories" sh -c 'echo x > /srv/wagond-probe/probe'
try "write /var/lib/wagond" sh -c 'echo x > /var/lib/wagond/probe && rm /var/lib/wagond/probe'
try "ls /root" ls /root
