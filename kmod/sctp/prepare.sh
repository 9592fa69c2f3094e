#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lay out a patched net/sctp tree for one kernel, ready for
#   make -C $KDIR M=$OUT/sctp modules
#
#   kmod/sctp/prepare.sh KVER OUT [KSRC]
#   kmod/sctp/prepare.sh --check KVER [KSRC]   only: is the source there?
#
# The one place that knows where the sctp source comes from and how it is
# patched: the top-level Makefile and the DKMS build (kmod/dkms/make.sh)
# both call it.
#
# The sctp source is the target kernel's own: KSRC/net/sctp when a kernel
# tree is given, otherwise Debian's /usr/src/linux-source-X.Y.tar.xz.  Debian
# keeps one such tarball per series, the newest, so its version is compared
# with the kernel's headers (or image) package and the source used is
# written into the modules (modinfo -F ootb_source).  Every patch in
# kmod/sctp/ is dry-run first; if one does not apply, nothing is built and
# the failing file is named.  Errors are one "prepare: ..." line on stderr.
set -eu

die() { echo "prepare: $*" >&2; exit 1; }

check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
	[ $# -ge 1 ] || die "usage: $0 --check KVER [KSRC]"
	kver=$1 out= ksrc=${2:-}
else
	[ $# -ge 2 ] || die "usage: $0 KVER OUT [KSRC]"
	kver=$1 out=$2 ksrc=${3:-}
fi
here=$(cd "$(dirname "$0")" && pwd)
pristine=$out/src/net/sctp
stamp=$out/src/.stamp

# The Debian package version of PKG, empty when it is not unpacked.
deb_version() {
	dpkg-query -W -f '${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null |
		awk '$1 ~ /^.[UHFWti]/ { print $2 }'
}

if [ -n "$ksrc" ]; then
	[ -f "$ksrc/net/sctp/input.c" ] || die "KSRC=$ksrc has no net/sctp/input.c"
	origin="$ksrc"
	key="ksrc:$(cd "$ksrc" && pwd)"
	used="kernel tree $(cd "$ksrc" && pwd)"
else
	xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	[ -n "$xy" ] || die "cannot tell the kernel series of '$kver'"
	tarball=/usr/src/linux-source-$xy.tar.xz
	[ -f "$tarball" ] ||
		die "kernel $kver needs the sctp source of its series: the package linux-source-$xy is not installed ($tarball is missing); install it (apt install linux-source-$xy) or give a kernel tree (KSRC=)"
	origin="$tarball"
	key="tar:$tarball:$(stat -c '%s:%Y' "$tarball")"
	src_v=$(deb_version "linux-source-$xy")
	kern_pkg=linux-headers-$kver
	kern_v=$(deb_version "$kern_pkg")
	if [ -z "$kern_v" ]; then
		kern_pkg=linux-image-$kver
		kern_v=$(deb_version "$kern_pkg")
	fi
	used="linux-source-$xy ${src_v:-(version unknown)}"
	if [ -n "$src_v" ] && [ -n "$kern_v" ] && [ "$src_v" != "$kern_v" ]; then
		# Debian keeps only the newest source of a series.  The headers
		# fix the structures the code is compiled against and the
		# symbol CRCs are checked after the build, so building goes on,
		# but the modules and this message say which source it was.
		used="$used, not $kern_v like $kern_pkg"
		echo "prepare: warning: $kern_pkg is $kern_v but linux-source-$xy is $src_v: building sctp.ko for $kver from the source of $src_v" >&2
	fi
fi
if [ -n "$check" ]; then
	echo "prepare: net/sctp for $kver: $used"
	exit 0
fi

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
	rm -rf "$out/src"
	mkdir -p "$out/src/net"
	if [ -n "$ksrc" ]; then
		cp -r "$ksrc/net/sctp" "$out/src/net/"
	else
		echo "prepare: extracting net/sctp from $tarball"
		tar -xJf "$tarball" -C "$out/src" --strip-components=1 --wildcards '*/net/sctp/*' ||
			die "cannot extract net/sctp from $tarball"
	fi
	echo "$key" > "$stamp"
fi

# A fresh copy each time, so the tree is always pristine + our patches.
rm -rf "$out/sctp.new"
cp -r "$pristine" "$out/sctp.new"
for p in "$here"/*.patch; do
	if ! patch -d "$out/sctp.new" -p3 --dry-run < "$p" > "$out/patch.log" 2>&1; then
		cat "$out/patch.log" >&2
		failing=$(awk '/^checking file /{f=$3} /FAILED|can.t find file|No file to patch/{print f; exit}' "$out/patch.log")
		die "$(basename "$p") does not apply to the sctp source of kernel $kver ($origin)${failing:+: failing file net/sctp/$failing}"
	fi
	patch -d "$out/sctp.new" -p3 --silent < "$p"
done
# Our own files: the hook, and what kbuild adds to the patched Makefile.
cp "$here/sctp_ootb_hook.c" "$here/Kbuild" "$here/sctp_ootb_info.c" \
	"$here/sctp_diag_ootb.c" "$out/sctp.new/"
printf '/* Written by kmod/sctp/prepare.sh. */\n#define SCTP_OOTB_SOURCE "%s"\n' \
	"$used" > "$out/sctp.new/sctp_ootb_source.h"

# Keep the previous build's objects when nothing changed, so make is quick.
if [ -d "$out/sctp" ] && diff -rq -x '*.o' -x '*.ko' -x '.*' -x '*.mod*' \
	-x modules.order -x Module.symvers "$out/sctp.new" "$out/sctp" > /dev/null 2>&1; then
	rm -rf "$out/sctp.new"
else
	rm -rf "$out/sctp"
	mv "$out/sctp.new" "$out/sctp"
fi
echo "prepare: $out/sctp ready (net/sctp from $used + $(ls "$here"/*.patch | wc -l) patch(es))"
