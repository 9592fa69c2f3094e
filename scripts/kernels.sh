#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel matrix, as Debian's archive offers it today: the patch levels
# move, so no version is written here, each is read from the meta-package
# that points at it (docs/kernels.md):
#
#   trixie    generic  linux-headers-amd64               Debian 13's default
#   trixie    rt       linux-headers-rt-amd64            its PREEMPT_RT flavour
#   trixie    newest   linux-headers-amd64 in trixie-backports
#   bookworm  generic  linux-headers-amd64               Debian 12's default
#   bookworm  rt       linux-headers-rt-amd64
#   bookworm  newest   linux-headers-6.12-amd64          (bookworm-security)
#
#   scripts/kernels.sh [-k] [RELEASE[/FLAVOUR]]...
#
# prints "RELEASE FLAVOUR KVER" per kernel (-k: KVER alone), for the whole
# matrix or the releases and flavours named, e.g. `kernels.sh -k trixie/rt`.
# Each release is read from its own package lists, kept apart from the
# host's (scripts/debian.sh), so the matrix is the same on any machine.
set -eu
. "$(dirname "$0")/debian.sh"

RELEASES="trixie bookworm"
FLAVOURS="generic rt newest"

only_kver=
if [ "${1:-}" = -k ]; then
	only_kver=1
	shift
fi
[ $# -gt 0 ] || set -- $RELEASES

# meta RELEASE PACKAGE[/SUITE]: the headers package that PACKAGE (apt's
# candidate: the newest of the release, its updates and security) or
# PACKAGE/SUITE (its version in SUITE) depends on.
meta() {
	local p=$2 v
	case "$p" in
	*/*) ;;
	*)	v=$(rel_apt_cache "$1" policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
		[ -n "$v" ] && [ "$v" != "(none)" ] || return 0
		p="$p=$v" ;;
	esac
	rel_apt_cache "$1" show "$p" 2>/dev/null |
		sed -n 's/^Depends: //p' | head -n 1 | tr ',' '\n' |
		sed -n 's/^ *linux-headers-\([0-9][^ ]*-amd64\)\( .*\)*$/\1/p' | head -n 1
}

# kernel RELEASE FLAVOUR: one kernel release.
kernel() {
	local m
	case "$1/$2" in
	*/generic) m=linux-headers-amd64 ;;
	*/rt) m=linux-headers-rt-amd64 ;;
	trixie/newest) m=linux-headers-amd64/trixie-backports ;;
	bookworm/newest) m=linux-headers-6.12-amd64 ;;
	*) echo "kernels: no kernel $1/$2 in the matrix (releases: $RELEASES; flavours: $FLAVOURS)" >&2
	   return 2 ;;
	esac
	k=$(meta "$1" "$m")
	[ -n "$k" ] || { echo "kernels: $1's archive has no $m" >&2; return 1; }
	# Never a kernel of another release under this one's name.
	[ "$(deb_kver_release "$k")" = "$1" ] ||
		{ echo "kernels: $m points at $k, not a kernel of $1" >&2; return 1; }
	if [ -n "$only_kver" ]; then
		echo "$k"
	else
		printf '%-9s %-8s %s\n' "$1" "$2" "$k"
	fi
}

for a in "$@"; do
	case "$a" in
	*/*) kernel "${a%%/*}" "${a#*/}" ;;
	*)
		for f in $FLAVOURS; do
			kernel "$a" "$f"
		done
		;;
	esac
done
