#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the source of Debian's lksctp-tools (the version installed, or the
# candidate) with apt's source support, for its functional tests
# (src/func_tests), which no binary package ships.  apt runs with a private
# sources list and private state under OUT: the host's own apt
# configuration is read (for the mirror) and never changed.
#
#   tests/peer/fetch-lksctp.sh OUT        (make deps: OUT=build/peer)
#
# Leaves OUT/src/lksctp-tools (unpacked, Debian patches applied) and
# OUT/src/lksctp-tools.version; quick when that version is already there.
set -eu

out=${1:?usage: fetch-lksctp.sh OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
pkg=lksctp-tools
say() { echo "peer-src: $*" >&2; }
die() { say "$*"; exit 1; }

command -v dpkg-source >/dev/null || die "dpkg-source missing (dpkg-dev)"

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
rm -rf "$out/src/dl"
mkdir -p "$out/src/dl"
(cd "$out/src/dl" && apt-get "$@" source --download-only "$pkg=$ver") >>"$apt/log" 2>&1 ||
	{ tail -n 20 "$apt/log" >&2; die "apt-get source $pkg=$ver failed"; }
rm -rf "$out/src/$pkg"
dpkg-source -x "$out/src/dl/${pkg}_${ver#*:}.dsc" "$out/src/$pkg" >>"$apt/log" 2>&1 ||
	{ tail -n 20 "$apt/log" >&2; die "dpkg-source -x failed"; }
echo "$ver" >"$out/src/$pkg.version"
say "$pkg $ver source in $out/src/$pkg"
