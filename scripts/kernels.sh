#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel releases of the test matrix, one per line, as Debian's
# archive offers them today (the patch levels move, so none is hard-coded):
#   the default series' generic kernel (what linux-headers-amd64 points at),
#   its PREEMPT_RT flavour (linux-headers-rt-amd64), and 6.12
#   (linux-headers-6.12-amd64, from bookworm's security/backports archive).
#   scripts/kernels.sh [generic|rt|6.12]...
set -eu
meta() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1
}
[ $# -gt 0 ] || set -- generic rt 6.12
if [ -z "$(meta linux-headers-amd64)" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -qq >&2
fi
for k in "$@"; do
	case "$k" in
	generic) m=linux-headers-amd64 ;;
	rt) m=linux-headers-rt-amd64 ;;
	6.12) m=linux-headers-6.12-amd64 ;;
	*) echo "kernels: unknown flavour $k (generic, rt, 6.12)" >&2; exit 2 ;;
	esac
	v=$(meta "$m")
	[ -n "$v" ] || { echo "kernels: apt knows no $m" >&2; exit 1; }
	echo "$v"
done
