#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release to build for when KVER is not given:
#  1. the running kernel, when its kbuild headers are installed;
#  2. else the newest installed Debian linux-headers-*-amd64 (generic flavour)
#     of this machine's release;
#  3. else (nothing installed yet: a fresh machine before `make deps`) the
#     release this machine's linux-headers-amd64 meta-package points at:
#     Debian 13's default kernel on Debian 13, Debian 12's on Debian 12.
#
#   scripts/kver.sh --release [KVER]
# prints the Debian release (bookworm, trixie...) of KVER, or of this
# machine without one (scripts/debian.sh).
set -u
. "$(dirname "$0")/debian.sh"

if [ "${1:-}" = --release ]; then
	if [ -n "${2:-}" ]; then
		deb_kver_release "$2"
	else
		deb_host_release
	fi
	exit
fi

host=$(deb_host_release) || exit 1
r=$(uname -r)
if [ -d "/lib/modules/$r/build" ]; then
	echo "$r"; exit 0
fi
newest=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's,^/usr/src/linux-headers-,,' | grep -v -e '-rt-amd64$' -e '-cloud-amd64$' |
	while read -r k; do
		[ "$(deb_kver_release "$k")" = "$host" ] && echo "$k"
	done | sort -V | tail -n 1)
if [ -n "$newest" ]; then
	echo "$newest"; exit 0
fi
# The candidate's dependency (not a backports version of the meta-package).
meta() {
	local v
	v=$(apt-cache policy linux-headers-amd64 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ -n "$v" ] && [ "$v" != "(none)" ] || return 0
	apt-cache show "linux-headers-amd64=$v" 2>/dev/null | sed -n 's/^Depends: //p' |
		head -n 1 | tr ',' '\n' |
		sed -n 's/^ *linux-headers-\([0-9][^ ]*-amd64\)\( .*\)*$/\1/p' | head -n 1
}
meta=$(meta)
# A fresh machine may have no package lists yet.
if [ -z "$meta" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -qq >&2 && meta=$(meta)
fi
if [ -n "$meta" ]; then
	echo "$meta"; exit 0
fi
echo "kver: cannot choose a kernel: no headers of $host installed and apt knows no linux-headers-amd64 (run apt-get update, or pass KVER=)" >&2
exit 1
