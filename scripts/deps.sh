#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install with apt-get every Debian package needed to build and test for
# kernel KVER.  Quiet and quick when everything is already there.
#   scripts/deps.sh KVER [bench]
# bench: also what make bench runs in and around the VM.
set -eu
kver=${1:?usage: deps.sh KVER [bench]}
xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')

pkgs="build-essential make gcc bc xz-utils patch
 kmod cpio busybox-static qemu-system-x86
 libnl-3-dev libnl-genl-3-dev pkg-config libusrsctp-dev libusrsctp-examples
 lksctp-tools tcpdump ethtool iproute2 valgrind
 linux-headers-$kver linux-image-$kver linux-source-$xy"
if [ "${2:-}" = bench ]; then
	pkgs="$pkgs nftables iperf3 linux-perf util-linux python3 gnuplot-nox"
fi

missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages for $kver are installed"
	exit 0
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The sctp source must be the kernel's own release: pin linux-source-X.Y
# to the image's version when the archive still carries it.
img_v=$(apt-cache show "linux-image-$kver" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
install=
for p in $missing; do
	if [ "$p" = "linux-source-$xy" ] && [ -n "$img_v" ] &&
	   apt-cache show "$p=$img_v" > /dev/null 2>&1; then
		p="$p=$img_v"
	fi
	install="$install $p"
done
apt-get install -y -qq --no-install-recommends $install > /tmp/sctp-ootb-deps.log 2>&1 || {
	tail -n 30 /tmp/sctp-ootb-deps.log >&2
	echo "deps: apt-get install failed (full log: /tmp/sctp-ootb-deps.log)" >&2
	exit 1
}
echo "deps: done"
