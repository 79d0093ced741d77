#!/bin/sh
# Builds the .deb, installs it with apt, checks what landed, the unit
# (systemd-analyze verify), its exposure (systemd-analyze security, at most
# 2.0), the static binaries' sizes and their --help, then purges the package.
#
#   sudo scripts/check-systemd.sh
#
# For a CI machine or a throwaway box: it installs and then purges wagond
# (a purge deletes /var/lib/wagond). Needs root, apt and systemd's tools; no
# running systemd (containers are fine: nothing is started).
set -eu
cd "$(dirname "$0")/.."

say() { printf 'check-systemd: %s\n' "$*"; }
fail() { printf 'check-systemd: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (it installs the package)"
command -v apt-get >/dev/null 2>&1 || fail "needs apt-get (Debian or Ubuntu)"

UNIT=/usr/lib/systemd/system/wagond.service
# The exposure score that must not be exceeded, times ten (--threshold's unit).
THRESHOLD=20
# Target for the stripped wagond (bytes): a box updated over a cellular link.
SIZE_TARGET=$((30 * 1024 * 1024))

DEB=$(sh scripts/build-deb.sh | tail -n 1)
[ -f "$DEB" ] || fail "scripts/build-deb.sh made no package"
say "built $DEB ($(stat -c %s "$DEB") bytes)"

export DEBIAN_FRONTEND=noninteractive
# apt takes a file when its name has a slash in it.
case $DEB in /*) ;; *) DEB=./$DEB ;; esac
apt-get install -y -qq --reinstall "$DEB" >/dev/null
say "installed: $(dpkg-query -W -f '${Package} ${Version} ${Status}' wagond)"

say "files:"
dpkg -L wagond | while read -r path; do [ -f "$path" ] && ls -l "$path"; done
for path in /usr/bin/wagond /usr/bin/wagonctl "$UNIT" \
    /usr/lib/sysusers.d/wagond.conf /usr/lib/tmpfiles.d/wagond.conf \
    /usr/lib/udev/rules.d/60-wagond-gpio.rules /usr/share/doc/wagond/copyright; do
  [ -f "$path" ] || fail "$path is not installed"
done
# Minimal images often tell dpkg to skip man pages (path-exclude).
man=--man=yes
if grep -qs '^path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/*; then
  man=--man=no
  say "dpkg here excludes /usr/share/man: the man pages are not checked"
else
  for path in /usr/share/man/man1/wagond.1.gz /usr/share/man/man1/wagonctl.1.gz; do
    [ -f "$path" ] || fail "$path is not installed"
  done
fi
ls /usr/share/wagond/boards/*.toml >/dev/null 2>&1 || fail "no board profiles in /usr/share/wagond/boards"
[ ! -e /etc/wagond/wagond.toml ] || say "note: /etc/wagond/wagond.toml exists (not from the package)"

say "postinst: user, group and directories"
getent passwd wagond || fail "no user wagond"
getent group wagond || fail "no group wagond"
stat -c '%A %U:%G %n' /etc/wagond /etc/wagond/credentials
[ "$(stat -c '%a %U:%G' /etc/wagond)" = "750 root:wagond" ] || fail "/etc/wagond is not 0750 root:wagond"
[ "$(stat -c '%a %U:%G' /etc/wagond/credentials)" = "700 root:root" ] || fail "/etc/wagond/credentials is not 0700 root:root"

# verify also looks up the man pages of Documentation= with man(1).
if [ "$man" = --man=yes ] && ! command -v man >/dev/null 2>&1; then
  man=--man=no
  say "no man(1) here (man-db): verify does not look up the man pages"
fi
say "systemd-analyze verify $man $UNIT"
systemd-analyze verify "$man" "$UNIT" || fail "systemd-analyze verify"

say "systemd-analyze security --offline=yes --threshold=$THRESHOLD $UNIT"
status=0
systemd-analyze security --offline=yes --threshold="$THRESHOLD" --no-pager "$UNIT" > /tmp/wagond-security.txt 2>&1 || status=$?
grep -E '✗|Overall' /tmp/wagond-security.txt || cat /tmp/wagond-security.txt
[ "$status" = 0 ] || fail "exposure above $THRESHOLD/10 (systemd-analyze exited $status)"

say "binaries (static Swift stdlib, stripped):"
for binary in /usr/bin/wagond /usr/bin/wagonctl; do
  size=$(stat -c %s "$binary")
  say "  $binary: $size bytes ($(awk "BEGIN { printf \"%.1f\", $size / 1048576 }") MiB)"
done
size=$(stat -c %s /usr/bin/wagond)
if [ "$size" -gt "$SIZE_TARGET" ]; then
  say "WARNING: /usr/bin/wagond is $(awk "BEGIN { printf \"%.1f\", $size / 1048576 }") MiB, over the 30 MiB target (not failing yet)"
fi
say "shared libraries of /usr/bin/wagond:"
ldd /usr/bin/wagond
if ldd /usr/bin/wagond /usr/bin/wagonctl | grep -q 'not found'; then
  fail "a library the binaries link is missing: the package's Depends is incomplete"
fi

say "/usr/bin/wagond --help"
/usr/bin/wagond --help || fail "wagond --help"
say "/usr/bin/wagonctl --help"
/usr/bin/wagonctl --help || fail "wagonctl --help"

apt-get remove -y -qq wagond >/dev/null
[ ! -e /usr/bin/wagond ] || fail "/usr/bin/wagond is still there after apt-get remove"
[ ! -e "$UNIT" ] || fail "$UNIT is still there after apt-get remove"
apt-get purge -y -qq wagond >/dev/null
say "removed and purged: $(dpkg-query -W -f '${Status}' wagond 2>/dev/null || echo 'not installed')"
say "OK"
