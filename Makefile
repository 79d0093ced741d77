# wagond: build static release binaries and install them with their systemd
# files. DESTDIR-aware; see docs/install.md.
#
#   make                        # = make release: .build-release/dist/{bin,man}
#   make install DESTDIR=/tmp/root PREFIX=/usr
#   make uninstall PREFIX=/usr
#   make deb                    # scripts/build-deb.sh: .build-release/wagond_<version>_<arch>.deb
#   make check-systemd          # scripts/check-systemd.sh (root: installs the .deb)
#
# The site configuration /etc/wagond/wagond.toml is not installed: it names
# the site's own lines and geometry, which no default fits, and its presence
# is what lets the service start (ConditionPathExists=). The example goes to
# $(DOCDIR)/wagond.example.toml.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/wagond
DOCDIR ?= $(PREFIX)/share/doc/wagond
MANDIR ?= $(PREFIX)/share/man
# systemd, sysusers, tmpfiles and udev all read their vendor files from
# $(PREFIX)/lib/... for PREFIX /usr and /usr/local alike.
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d

SCRATCH ?= .build-release
DIST = $(SCRATCH)/dist
INSTALL ?= install

BINARIES = $(DIST)/bin/wagond $(DIST)/bin/wagonctl
SOURCES = Package.swift $(shell find Sources -type f 2>/dev/null)
BOARDS = $(wildcard boards/*.toml)
EXAMPLE = $(wildcard systemd/wagond.example.toml)

.PHONY: all release install uninstall deb check-systemd clean

all: release

release: $(BINARIES)

# One rule makes both binaries and the man pages (scripts/build-release.sh);
# it runs again only when a source changed.
$(BINARIES) &: $(SOURCES) scripts/build-release.sh
	SCRATCH=$(SCRATCH) sh scripts/build-release.sh

install: $(BINARIES)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	  $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(DATADIR)/boards \
	  $(DESTDIR)$(DOCDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 0755 $(BINARIES) $(DESTDIR)$(BINDIR)/
	sed -e 's|/usr/bin/wagond|$(BINDIR)/wagond|g' -e 's|/usr/share/doc/wagond|$(DOCDIR)|g' systemd/wagond.service > $(DESTDIR)$(UNITDIR)/wagond.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/wagond.service
	$(INSTALL) -m 0644 systemd/wagond.sysusers $(DESTDIR)$(SYSUSERSDIR)/wagond.conf
	$(INSTALL) -m 0644 systemd/wagond.tmpfiles $(DESTDIR)$(TMPFILESDIR)/wagond.conf
	$(INSTALL) -m 0644 systemd/60-wagond-gpio.rules $(DESTDIR)$(UDEVRULESDIR)/60-wagond-gpio.rules
	$(if $(BOARDS),$(INSTALL) -m 0644 $(BOARDS) $(DESTDIR)$(DATADIR)/boards/)
	$(if $(EXAMPLE),$(INSTALL) -m 0644 $(EXAMPLE) $(DESTDIR)$(DOCDIR)/wagond.example.toml)
	$(INSTALL) -m 0644 docs/install.md $(DESTDIR)$(DOCDIR)/install.md
	$(INSTALL) -m 0644 $(DIST)/man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wagond $(DESTDIR)$(BINDIR)/wagonctl
	rm -f $(DESTDIR)$(UNITDIR)/wagond.service $(DESTDIR)$(SYSUSERSDIR)/wagond.conf \
	  $(DESTDIR)$(TMPFILESDIR)/wagond.conf $(DESTDIR)$(UDEVRULESDIR)/60-wagond-gpio.rules
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(MANDIR)/man1/wagond.1 $(DESTDIR)$(MANDIR)/man1/wagonctl.1 \
	  $(DESTDIR)$(MANDIR)/man1/wagonctl.*.1

deb:
	SCRATCH=$(SCRATCH) sh scripts/build-deb.sh

check-systemd:
	SCRATCH=$(SCRATCH) sh scripts/check-systemd.sh

clean:
	rm -rf $(DIST) $(SCRATCH)/deb $(SCRATCH)/wagond_*.deb
