# SPDX-License-Identifier: GPL-2.0
#
# The Debian roots the systemd lanes boot (tests/system, tests/secureboot):
# what they share in making the root and in configuring it as an operator
# would.  Sourced by their run.sh (bash); ROOT is the source tree.

# debroot_quiet DIR: a fresh debootstrapped DIR without documentation (not
# what the image is for) and with nothing started in the chroot.
debroot_quiet() {
	cat >"$1/etc/dpkg/dpkg.cfg.d/01-nodoc" <<-EOF2
	path-exclude=/usr/share/doc/*
	path-include=/usr/share/doc/*/copyright
	path-exclude=/usr/share/man/*
	path-exclude=/usr/share/locale/*
	path-exclude=/usr/share/info/*
	EOF2
	printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 755 "$1/usr/sbin/policy-rc.d"
}

# debroot_configure DIR RUNNER...: the operator's part in DIR: the ranges,
# the named namespace "peer"'s and its unit (enabled by RUNNER, a command
# that runs its arguments in DIR).
debroot_configure() {
	local dir=$1 g=$ROOT/tests/system/guest

	shift
	install -m 0644 "$g/ranges.conf" "$dir/etc/sctp-ootb/ranges.conf" &&
	install -m 0644 "$g/peer.conf" "$dir/etc/sctp-ootb/netns/peer.conf" &&
	install -D -m 0644 "$g/sctp-ootb-peer.conf" \
		"$dir/etc/systemd/system/sctp-ootb@peer.service.d/after-netns.conf" &&
	"$@" systemctl enable sctp-ootb@peer.service
}

# debroot_logged DIR NAME CMD...: CMD's output in $LOGS/NAME.log and, for
# the VM's checks, in DIR's $INSTALL_LOGS too; its status in NAME.rc.
debroot_logged() {
	local dir=$1 name=$2 rc

	shift 2
	"$@" >"$LOGS/$name.log" 2>&1
	rc=$?
	echo "$rc" >"$LOGS/$name.rc"
	mkdir -p "$dir$INSTALL_LOGS"
	cp "$LOGS/$name.log" "$LOGS/$name.rc" "$dir$INSTALL_LOGS/"
	return $rc
}
