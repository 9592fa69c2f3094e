#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install with apt-get every Debian package needed to build and test for
# kernel KVER (and the packages named after it).  Quiet and quick when
# everything is already there.
#   scripts/deps.sh KVER [PACKAGE...|bench|secureboot...]
# bench: also what make bench runs in and around the VM.
#
# KVER's own packages (headers, image, linux-source of its series) come
# from KVER's Debian release: on this machine when it is of that release
# (a backports kernel with `-t RELEASE-backports`), else into the cached
# root of that release (scripts/root.sh: Debian 13's kernels on a Debian 12
# machine), where its modules are built.  Everything else is this
# machine's.  The peers' test sources are not fetched here (make peer).
# secureboot: the firmware and the ESP tools of make check-secureboot.
set -eu
kver=${1:?usage: deps.sh KVER [PACKAGE...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian.sh"
xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
rel=$(deb_kver_release "$kver")
host=$(deb_host_release)
# sctpctl's host tests: its bash completion, the JSON Schema of its output.
cli_pkgs="bash-completion python3 python3-jsonschema"

pkgs="build-essential make gcc bc xz-utils patch
 kmod cpio busybox-static qemu-system-x86
 debhelper dh-dkms dpkg-dev debootstrap e2fsprogs lintian
 libnl-3-dev libnl-genl-3-dev pkg-config libusrsctp-dev libusrsctp-examples
 lksctp-tools tcpdump ethtool iproute2 valgrind procps util-linux
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
# The kernel's own packages, and linux-source-6.12 of its release: the
# netlink spec tools come from it (make ynl, scripts/ynl.sh).
kpkgs="linux-headers-$kver linux-image-$kver linux-source-$xy"
[ "$xy" = 6.12 ] || kpkgs="$kpkgs linux-source-6.12"
if [ "$rel" = "$host" ]; then
	pkgs="$pkgs $kpkgs"
	kpkgs=
fi

installed() {
	dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# pin_source APT-CACHE...: linux-source-X.Y=V when the archive still has
# the image's version V (the sctp source must be the kernel's own release).
pin_source() {
	local p=$1 img_v
	shift
	case "$p" in
	"linux-source-$xy") ;;
	*) echo "$p"; return ;;
	esac
	img_v=$("$@" show "linux-image-$kver" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
	if [ -n "$img_v" ] && "$@" show "$p=$img_v" >/dev/null 2>&1; then
		echo "$p=$img_v"
	else
		echo "$p"
	fi
}

missing=
for p in $pkgs $cli_pkgs; do
	installed "$p" || missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	install= bpo=
	for p in $missing; do
		install="$install $(pin_source "$p" apt-cache)"
	done
	# A backports kernel (trixie-backports' 7.x) brings its
	# dependencies from backports.
	if [ -n "$(echo "$missing" | tr ' ' '\n' | grep -x -F "linux-image-$kver")" ]; then
		v=$(apt-cache policy "linux-image-$kver" | sed -n '/Version table:/,$p' |
			grep -E '^ +[0-9]+ [a-z]+://' || true)
		[ -n "$v" ] || {
			echo "deps: apt knows no linux-image-$kver: is it a kernel of $rel? (scripts/kernels.sh lists the matrix; a backports kernel needs $rel-backports in apt's sources)" >&2
			exit 1
		}
		echo "$v" | grep -q -v -e "-backports/" || bpo="-t $rel-backports"
	fi
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $bpo $install >/tmp/sctp-ootb-deps.log 2>&1 || {
		tail -n 30 /tmp/sctp-ootb-deps.log >&2
		echo "deps: apt-get install failed (full log: /tmp/sctp-ootb-deps.log)" >&2
		exit 1
	}
	echo "deps: done"
else
	echo "deps: all packages for $kver are installed"
fi

if [ -n "$kpkgs" ]; then
	# Kernel $kver is Debian $rel's: its packages go into that root.
	root=$("$here/root.sh" make "$rel")
	install=
	for p in $kpkgs; do
		install="$install $(pin_source "$p" "$here/root.sh" run "$rel" apt-cache)"
	done
	# shellcheck disable=SC2086
	"$here/root.sh" install "$rel" $install
	echo "deps: kernel $kver (Debian $rel) in $root"
fi
