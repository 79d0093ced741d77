#!/bin/sh
# Builds wagond_<version>_<arch>.deb (in $OUTDIR, default .build-release/,
# which git ignores) with the standard
# tools: `make install DESTDIR=` into a staging tree, a DEBIAN/ control
# directory (packaging/deb/), `dpkg-deb --build`; then lintian, if installed.
#
#   scripts/build-deb.sh               # prints the .deb's path last
#   VERSION=1.2.3 scripts/build-deb.sh
#
# The version: packaging/VERSION on a commit tagged v<that version>, else
# <VERSION>~git<commit date>.<commit> (sorts before the release it leads to).
# Depends: computed by dpkg-shlibdeps from what the binaries link (libgpiod2,
# zlib1g, libc6, libmosquitto1 once wagond links the MQTT uplink), plus systemd
# for the postinst's sysusers.
set -eu
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-release}
STAGE=$SCRATCH/deb
ROOT=$STAGE/root
MAINTAINER=${DEB_MAINTAINER:-wagond maintainers <maintainers@wagond.example.org>}

base=$(cat packaging/VERSION)
if [ -z "${VERSION:-}" ]; then
  if git describe --tags --exact-match --match "v$base" >/dev/null 2>&1; then
    VERSION=$base
  elif commit=$(git rev-parse --short=7 HEAD 2>/dev/null); then
    VERSION="$base~git$(git log -1 --format=%cd --date=format:%Y%m%d).$commit"
  else
    VERSION="$base~unknown"
  fi
fi
ARCH=$(dpkg --print-architecture)
OUTDIR=${OUTDIR:-$SCRATCH}
DEB="$OUTDIR/wagond_${VERSION}_${ARCH}.deb"
# Reproducible timestamps (man pages, the changelog, the archive).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

make --no-print-directory release SCRATCH="$SCRATCH"
rm -rf "$STAGE"
make --no-print-directory install SCRATCH="$SCRATCH" DESTDIR="$PWD/$ROOT" PREFIX=/usr

# Debian's own documentation files; man pages compressed, as policy asks.
doc=$ROOT/usr/share/doc/wagond
install -m 0644 packaging/deb/copyright "$doc/copyright"
date_rfc=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf 'wagond (%s) unstable; urgency=medium\n\n  * Built from %s.\n\n -- %s  %s\n' \
  "$VERSION" "$(git describe --always --dirty 2>/dev/null || echo 'a source tree')" "$MAINTAINER" "$date_rfc" \
  | gzip -9n > "$doc/changelog.gz"
gzip -9n "$ROOT"/usr/share/man/man1/*.1

# Control directory.
mkdir -p "$ROOT/DEBIAN"
for script in postinst prerm postrm; do
  install -m 0755 "packaging/deb/$script" "$ROOT/DEBIAN/$script"
done
# dpkg-shlibdeps wants a debian/control beside it: give it a throwaway one.
shlib=$STAGE/shlibdeps
mkdir -p "$shlib/debian"
printf 'Source: wagond\n\nPackage: wagond\nArchitecture: any\n' > "$shlib/debian/control"
( cd "$shlib" && dpkg-shlibdeps -O -e"$OLDPWD/$ROOT/usr/bin/wagond" -e"$OLDPWD/$ROOT/usr/bin/wagonctl" ) > "$STAGE/substvars"
shlibs=$(sed -n 's/^shlibs:Depends=//p' "$STAGE/substvars")
DEPENDS="$shlibs, systemd | systemd-sysusers"
size=$(du -k -s --exclude=DEBIAN "$ROOT" | cut -f1)
# '#' as the delimiter: Depends has '|' in it.
sed -e "s#@VERSION@#$VERSION#" -e "s#@ARCH@#$ARCH#" -e "s#@MAINTAINER@#$MAINTAINER#" \
    -e "s#@INSTALLED_SIZE@#$size#" -e "s#@DEPENDS@#$DEPENDS#" \
    packaging/deb/control.in > "$ROOT/DEBIAN/control"
# Nothing is installed under /etc, so there are no conffiles: the site
# configuration is the admin's (see the Makefile).
( cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum ) \
  > "$ROOT/DEBIAN/md5sums"
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/md5sums"
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$OUTDIR"
rm -f "$OUTDIR"/wagond_*.deb
dpkg-deb --root-owner-group --build "$ROOT" "$DEB" >/dev/null
echo "build-deb: Depends: $DEPENDS"
dpkg-deb --info "$DEB" | sed -n 's/^ *\(Package\|Version\|Architecture\|Installed-Size\):/build-deb: &/p'

if command -v lintian >/dev/null 2>&1; then
  echo "build-deb: lintian $DEB"
  # Findings are reported, not fatal.
  lintian "$DEB" || true
fi
echo "$DEB"
