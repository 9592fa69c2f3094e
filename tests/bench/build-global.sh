#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build make bench's yardstick (c): the distribution's sctp.ko with
# tests/bench/global-discard.patch (every out-of-the-blue packet dropped, on
# every port, no companion).  Never installed, never packaged: it lives
# under OUT/bench-global/ only.
#
#   tests/bench/build-global.sh KDIR OUT
#
# OUT/src/net/sctp is the pristine source that kmod/sctp/prepare.sh
# extracted for the real build (make sctp runs first).
set -eu

die() { echo "build-global: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: $0 KDIR OUT"
kdir=$1 out=$(cd "$2" && pwd) || die "no directory $2"
here=$(cd "$(dirname "$0")" && pwd)
src=$out/src/net/sctp
dst=$out/bench-global/sctp

[ -f "$src/input.c" ] || die "no pristine sctp source in $src (run make sctp first)"
rm -rf "$dst.new"
mkdir -p "$(dirname "$dst")"
cp -r "$src" "$dst.new"
patch -d "$dst.new" -p3 --silent <"$here/global-discard.patch" ||
	die "global-discard.patch does not apply to $src"
# Keep the objects of the previous build when the source did not change.
if [ -d "$dst" ] && diff -rq -x '*.o' -x '*.ko' -x '.*' -x '*.mod*' \
	-x modules.order -x Module.symvers "$dst.new" "$dst" >/dev/null 2>&1; then
	rm -rf "$dst.new"
else
	rm -rf "$dst"
	mv "$dst.new" "$dst"
fi
make -s -C "$kdir" M="$dst" modules
echo "build-global: $dst/sctp.ko ($(modinfo -F version "$dst/sctp.ko"))"
