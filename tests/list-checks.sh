#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make list-checks: the inventory of checks, lane by lane, read from the
# test files themselves (tests/lib/inventory.sh): no list of names or
# counts is kept anywhere else.
#
#   tests/list-checks.sh [LANE...]     LANE: unit cli packaging vm system bench
#
# One line per check: LANE SUITE CHECK SETS ("-" when in no set).  A name
# computed at run time shows "*" for its computed part (man-lint-*, a
# repeated bench round); a suite's program may print several checks under
# one such name (example-*, the peers' suites).  The last line counts them.
set -u

here=$(cd "$(dirname "$0")" && pwd)
inv=$here/lib/inventory.sh

# lane LANE FILE...: the checks of FILEs, each file a suite.
lane() {
	local l=$1 f s sets

	shift
	for f; do
		[ -e "$f" ] || continue
		s=${f#"$here"/}
		s=${s#vm/suites/}
		s=${s#cli/suites/}
		s=${s%.sh}
		s=${s%.c}
		s=${s%.py}
		sets=$(sed -n 's/^# sets://p' "$f" | xargs | tr ' ' ',')
		sh "$inv" "$f" | while read -r _ name; do
			printf '%-10s %-28s %-44s %s\n' "$l" "$s" "$name" "${sets:--}"
		done
	done
}

[ $# -gt 0 ] || set -- unit cli packaging vm system bench
for l; do
	case $l in
	unit) lane unit "$here"/unit/*.c "$here"/unit/*.py ;;
	cli) lane cli "$here"/cli/test_parse.c "$here"/cli/suites/*.sh ;;
	packaging) lane packaging "$here"/system/host.sh ;;
	vm) lane vm "$here"/vm/init.sh "$here"/vm/suites/*/*.sh ;;
	system) lane system "$here"/system/guest/checks.sh "$here"/system/run.sh ;;
	bench) lane bench "$here"/vm/bench/*.sh ;;
	*) echo "list-checks: unknown lane '$l'" >&2; exit 2 ;;
	esac
done | awk '{ print } END { print NR " checks" }'
