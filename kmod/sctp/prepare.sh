#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lay out a patched net/sctp tree for one kernel, ready for
#   make -C $KDIR M=$OUT/sctp modules
#
#   kmod/sctp/prepare.sh KVER OUT [KSRC]
#
# The sctp source is the target kernel's own: KSRC/net/sctp when a kernel
# tree is given, otherwise Debian's /usr/src/linux-source-X.Y.tar.xz.  Every
# patch in kmod/sctp/ is dry-run first; if one does not apply, nothing is
# built and the failing file is named.
set -eu

die() { echo "prepare: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 KVER OUT [KSRC]"
kver=$1 out=$2 ksrc=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
pristine=$out/src/net/sctp
stamp=$out/src/.stamp

if [ -n "$ksrc" ]; then
	[ -f "$ksrc/net/sctp/input.c" ] || die "KSRC=$ksrc has no net/sctp/input.c"
	origin="$ksrc"
	key="ksrc:$(cd "$ksrc" && pwd)"
else
	xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	tarball=/usr/src/linux-source-$xy.tar.xz
	[ -f "$tarball" ] || die "no $tarball for kernel $kver: run 'make deps KVER=$kver' or pass KSRC=/path/to/kernel/tree"
	origin="$tarball"
	key="tar:$tarball:$(stat -c %Y "$tarball")"
	# The tarball is one upstream release; say so when it is not the
	# running image's, since sctp may differ between the two.
	src_v=$(dpkg-query -W -f '${Version}' "linux-source-$xy" 2>/dev/null || true)
	img_v=$(dpkg-query -W -f '${Version}' "linux-image-$kver" 2>/dev/null || true)
	if [ -n "$src_v" ] && [ -n "$img_v" ] && [ "$src_v" != "$img_v" ]; then
		echo "prepare: warning: linux-source-$xy is $src_v but linux-image-$kver is $img_v" >&2
	fi
fi

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
	rm -rf "$out/src"
	mkdir -p "$out/src/net"
	if [ -n "$ksrc" ]; then
		cp -r "$ksrc/net/sctp" "$out/src/net/"
	else
		echo "prepare: extracting net/sctp from $tarball"
		tar -xJf "$tarball" -C "$out/src" --strip-components=1 --wildcards '*/net/sctp/*'
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
cp "$here/sctp_ootb_hook.c" "$out/sctp.new/"

# Keep the previous build's objects when nothing changed, so make is quick.
if [ -d "$out/sctp" ] && diff -rq -x '*.o' -x '*.ko' -x '.*' -x '*.mod*' \
	-x modules.order -x Module.symvers "$out/sctp.new" "$out/sctp" > /dev/null 2>&1; then
	rm -rf "$out/sctp.new"
else
	rm -rf "$out/sctp"
	mv "$out/sctp.new" "$out/sctp"
fi
echo "prepare: $out/sctp ready (net/sctp from $origin + $(ls "$here"/*.patch | wc -l) patch(es))"
