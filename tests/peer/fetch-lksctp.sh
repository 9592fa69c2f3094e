#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the source of Debian's lksctp-tools (the version installed, or the
# candidate), for its functional tests (src/func_tests), which no binary
# package ships.  apt runs with a private sources list and private state
# under OUT: the host's own apt configuration is read (for the mirror) and
# never changed.
#
#   tests/peer/fetch-lksctp.sh OUT        (make peer: OUT=build/peer)
#
# The files are those the archive's Sources index names for that version,
# each checked against the SHA256 the index gives (apt-helper).  With the
# .dsc and the Debian tarball, the source is unpacked with Debian's patches
# applied (dpkg-source -x); an archive that has only the upstream ("orig")
# tarball (Debian 13's lksctp-tools 1.0.21+dfsg-1 here: 404 for the .dsc)
# gives the upstream source as it is.  Leaves OUT/src/lksctp-tools and
# OUT/src/lksctp-tools.version; quick when that version is already there.
# When nothing could be fetched: exit 1 and OUT/src/lksctp-tools.missing,
# the reason (tests/peer/build.sh: those suites are then not run).
set -eu

out=${1:?usage: fetch-lksctp.sh OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
pkg=lksctp-tools
say() { echo "peer-src: $*" >&2; }
die() {
	say "$*"
	mkdir -p "$out/src"
	echo "$*" >"$out/src/$pkg.missing"
	exit 1
}

# The version and the archive it comes from, as the host's apt sees them:
#  *** 1.0.19+dfsg-2 500
#         500 http://deb.debian.org/debian bookworm/main amd64 Packages
policy=$(apt-cache policy "$pkg")
ver=$(echo "$policy" | sed -n 's/^ *Installed: //p')
case "$ver" in
"" | "(none)") ver=$(echo "$policy" | sed -n 's/^ *Candidate: //p') ;;
esac
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "apt knows no $pkg (apt-get update?)"

if [ "$(cat "$out/src/$pkg.version" 2>/dev/null)" = "$ver" ] &&
   [ -d "$out/src/$pkg/src/func_tests" ]; then
	say "$pkg $ver source already in $out/src"
	exit 0
fi

origin=$(echo "$policy" | sed -n '/Version table:/,$p' | awk -v v="$ver" '
	{ i = $1 == "***" ? 2 : 1 }
	$i == v && $(i + 1) ~ /^[0-9]+$/ { f = 1; next }
	f && $2 ~ /^[a-z]+:\/\// && $3 ~ /\// { print $2, $3; exit }
	f && $2 !~ /^\// { f = 0 }')
[ -n "$origin" ] || die "cannot tell which archive $pkg $ver comes from (apt-cache policy $pkg)"
uri=${origin% *}
suite=${origin#* }
comp=${suite#*/}
suite=${suite%/*}

apt=$out/apt
rm -rf "$apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$out/src"
echo "deb-src $uri $suite $comp" >"$apt/sources.list"
set -- -o Dir::Etc::SourceList="$apt/sources.list" \
	-o Dir::Etc::SourceParts=/dev/null \
	-o Dir::State::Lists="$apt/lists" \
	-o Dir::Cache="$apt/cache" \
	-o APT::Sandbox::User=root -q
say "$pkg $ver from '$(cat "$apt/sources.list")'"
apt-get "$@" update >"$apt/log" 2>&1 ||
	{ cat "$apt/log" >&2; die "apt-get update of the private source list failed"; }
# The index's entry for this version: its directory and files' SHA256.
stanza=$(apt-cache "$@" showsrc "$pkg" 2>>"$apt/log" | awk -v v="$ver" '
	BEGIN { RS = ""; ORS = "\n" } index($0 "\n", "\nVersion: " v "\n") { print; exit }')
dir=$(echo "$stanza" | sed -n 's/^Directory: //p')
files=$(echo "$stanza" | sed -n '/^Checksums-Sha256:/,/^[A-Z]/p' | awk 'NF == 3 { print $1, $3 }')
if [ -z "$dir" ] || [ -z "$files" ]; then
	# apt-get update says why on its first W: or E: line, and may still
	# exit 0.
	why=$(grep -E '^(W|E): ' "$apt/log" | head -n 1)
	die "the Sources index of '$suite' has no $pkg $ver${why:+ ($why)}"
fi
rm -rf "$out/src/dl" "$out/src/$pkg"
mkdir -p "$out/src/dl"
echo "$files" | while read -r sum f; do
	if /usr/lib/apt/apt-helper "$@" download-file "$uri/$dir/$f" "$out/src/dl/$f" \
		"SHA256:$sum" >>"$apt/log" 2>&1; then
		say "$f: SHA256 as in the Sources index"
	else
		rm -f "$out/src/dl/$f"
		say "$f: not fetched ($uri/$dir/$f)"
	fi
done
upstream=${ver#*:}
upstream=${upstream%-*}
dsc=$out/src/dl/${pkg}_${ver#*:}.dsc
orig=$(ls "$out/src/dl/${pkg}_$upstream.orig.tar."* 2>/dev/null | head -n 1)
if [ -f "$dsc" ] && command -v dpkg-source >/dev/null && dpkg-source -x "$dsc" "$out/src/$pkg" >>"$apt/log" 2>&1; then
	how="Debian's patches applied"
elif [ -n "$orig" ]; then
	rm -rf "$out/src/$pkg" "$out/src/$pkg.tmp"
	mkdir -p "$out/src/$pkg.tmp"
	tar -xf "$orig" -C "$out/src/$pkg.tmp" --strip-components=1 >>"$apt/log" 2>&1 ||
		die "cannot unpack $orig"
	mv "$out/src/$pkg.tmp" "$out/src/$pkg"
	how="the upstream tarball alone: the archive has no .dsc for it"
else
	tail -n 20 "$apt/log" >&2
	die "$pkg $ver: neither the .dsc nor the orig tarball could be fetched from $uri/$dir"
fi
[ -d "$out/src/$pkg/src/func_tests" ] || die "$pkg $ver has no src/func_tests"
rm -f "$out/src/$pkg.missing"
echo "$ver" >"$out/src/$pkg.version"
say "$pkg $ver source in $out/src/$pkg ($how)"
