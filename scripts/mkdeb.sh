#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages sctp-ootb-dkms and sctpctl, built offline
# with dpkg-buildpackage -us -uc -b from a copy of the tree (dpkg-buildpackage
# writes next to the source directory, so the copy keeps it inside OUTDIR).
#   scripts/mkdeb.sh OUTDIR
set -eu
out=${1:?usage: $0 OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src=$out/sctp-ootb-$version

rm -rf "$out"
mkdir -p "$src"
# The files of the tree as it is (committed or not), without build output.
if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		(cd "$top" && xargs -0 cp -P --parents -t "$src" --)
else
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
fi

echo "deb: dpkg-buildpackage in $src (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
fi
ls "$out"/*.deb
