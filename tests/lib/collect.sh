#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One lane made of programs that print check lines of their own (the C
# unit tests, the python checkers): each program's lines counted through
# check_lines (tests/lib/check.sh), then one "N passed, N failed" for all.
#
#   collect.sh NAME CMD [ARGS...] [-- NAME CMD [ARGS...]]...
#
# NAME is the check that fails when CMD goes wrong without saying so (no
# line at all, a non-zero exit with no failed check, a count of its own
# that is not the lines it printed).  T_DIR as in check.sh.
set -u

# A lane's count starts from nothing.
T_DIR=${T_DIR:-${TMPDIR:-/tmp}/checks.$$}
rm -rf "$T_DIR"
. "$(dirname "$0")/check.sh"

# group N ARGS...: check_lines with the first N of ARGS.
group() {
	local n=$1 cmd='check_lines' j=1

	shift
	while [ "$j" -le "$n" ]; do
		cmd="$cmd \"\${$j}\""
		j=$((j + 1))
	done
	eval "$cmd"
}

while [ $# -gt 0 ]; do
	n=0
	for a; do
		[ "$a" = -- ] && break
		n=$((n + 1))
	done
	group "$n" "$@"
	shift "$n"
	[ $# -eq 0 ] || shift
done
check_summary
