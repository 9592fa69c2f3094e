#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's netlink spec tools (cli.py, ynl-gen-c.py and their lib) and
# the spec schemas, from a kernel source tarball, never committed (make ynl):
#
#   scripts/ynl.sh TARBALL DIR LINK [ROOT]
#
# extracts them into DIR (again only when TARBALL changed) and points the
# symbolic link LINK at DIR, so that the unit tests and the VM's ynl checks
# find them at one path (build/ynl) whichever kernel is built for.  DIR is
# named by the release and series of the source (build/ynl.d/trixie-6.12):
# Debian 12 and 13 both have a 6.12 source.  Since 6.14 the tools live in
# tools/net/ynl/pyynl/; DIR/tools/net/ynl/cli.py is then a link to
# pyynl/cli.py, which finds its lib next to itself.  DIR/SOURCE names the
# Debian package and version TARBALL belongs to (tools/spec/gen.py records
# which generator wrote the uapi header), asked of ROOT's dpkg when TARBALL
# is in ROOT, a root of another release (scripts/root.sh).
set -eu
usage="usage: ynl.sh TARBALL DIR LINK [ROOT]"
tar=${1:?$usage}
dir=${2:?$usage}
link=${3:?$usage}
root=${4:-}
die() { echo "ynl: $*" >&2; exit 1; }

[ -r "$tar" ] || die "no $tar: run 'make deps' or pass YNL_TAR="
key="$(stat -L -c '%n %s %Y' "$tar") $(sha256sum <"$0")"
if [ "$(cat "$dir/.key" 2>/dev/null)" != "$key" ]; then
	echo "  YNL     $dir (from $tar)"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	# Members one layout has and the other has not are simply absent.
	tar -C "$dir.tmp" --strip-components=1 --wildcards -xJf "$tar" \
		'*/tools/net/ynl/cli.py' '*/tools/net/ynl/lib/*.py' \
		'*/tools/net/ynl/ynl-gen-c.py' \
		'*/tools/net/ynl/pyynl/cli.py' '*/tools/net/ynl/pyynl/lib/*.py' \
		'*/tools/net/ynl/pyynl/ynl_gen_c.py' \
		'*/Documentation/netlink/*.yaml' 2>/dev/null || true
	y=$dir.tmp/tools/net/ynl
	if [ ! -f "$y/cli.py" ] && [ -f "$y/pyynl/cli.py" ]; then
		ln -s pyynl/cli.py "$y/cli.py"
	fi
	[ -f "$y/cli.py" ] || die "$tar has no tools/net/ynl/cli.py nor pyynl/cli.py"
	[ -f "$dir.tmp/Documentation/netlink/genetlink-legacy.yaml" ] ||
		die "$tar has no Documentation/netlink/genetlink-legacy.yaml"
	p=$(dpkg-query ${root:+--admindir="$root/var/lib/dpkg"} -S "${tar#"$root"}" \
		2>/dev/null | cut -d: -f1)
	if [ -n "$p" ]; then
		dpkg-query ${root:+--admindir="$root/var/lib/dpkg"} \
			-W -f '${Package} ${Version}\n' "$p" >"$dir.tmp/SOURCE"
	else
		echo "$tar" >"$dir.tmp/SOURCE"
	fi
	echo "$key" >"$dir.tmp/.key"
	mv "$dir.tmp" "$dir"
fi
mkdir -p "$(dirname "$link")"
rel=$(realpath --relative-to="$(dirname "$link")" "$dir")
[ "$(readlink "$link" 2>/dev/null)" = "$rel" ] && exit 0
# An older tree kept a directory here, not a link.
[ -L "$link" ] || rm -rf "$link"
ln -sfn "$rel" "$link"
