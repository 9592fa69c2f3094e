#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install with apt-get every Debian package needed to build and test for
# kernel KVER (and the packages named after it), then fetch the source of
# the peers' test suites (tests/peer/fetch-lksctp.sh).  Quiet and quick when
# everything is already there.
#   scripts/deps.sh KVER [PACKAGE...|bench|secureboot...]
# bench: also what make bench runs in and around the VM.
# secureboot: the firmware and the ESP tools of make check-secureboot.
set -eu
kver=${1:?usage: deps.sh KVER [PACKAGE...]}
shift
xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
# sctpctl's host tests: its bash completion, the JSON Schema of its output.
cli_pkgs="bash-completion python3 python3-jsonschema"
top=$(cd "$(dirname "$0")/.." && pwd)

pkgs="build-essential make gcc bc xz-utils patch
 kmod cpio busybox-static qemu-system-x86
 debhelper dh-dkms dpkg-dev debootstrap e2fsprogs
 libnl-3-dev libnl-genl-3-dev pkg-config libusrsctp-dev libusrsctp-examples
 lksctp-tools tcpdump ethtool iproute2 valgrind
 linux-headers-$kver linux-image-$kver linux-source-$xy
 dpkg-dev autoconf automake libtool bash coreutils
 flex bison libelf-dev libssl-dev"
for a in "$@"; do
	case $a in
	bench)	pkgs="$pkgs nftables iperf3 linux-perf util-linux gnuplot-nox" ;;
	secureboot) pkgs="$pkgs ovmf mtools dosfstools fdisk" ;;
	*)	pkgs="$pkgs $a" ;;
	esac
done
# The kernel's netlink spec tools (make ynl) and what they run on: the
# spec checks on the host and the ynl checks in the VM (over virtio-9p).
pkgs="$pkgs python3 python3-yaml python3-jsonschema"
[ "$xy" = 6.12 ] || pkgs="$pkgs linux-source-6.12"

missing=
for p in $pkgs $cli_pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
# lksctp-tools' functional tests exist only in its source package.
peer_src() {
	"$top/tests/peer/fetch-lksctp.sh" "$top/build/peer"
}

if [ -z "$missing" ]; then
	echo "deps: all packages for $kver are installed"
	peer_src
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
peer_src
