#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the sctpctl command line, on a machine without the
# sctp_ootb module: the suites of tests/cli/suites/, one file per subject,
# in name order, each in a subshell of its own with its own stand-ins for
# the module (fake_ootb, see lib.sh).  One line per check, "ok NAME" or
# "not ok NAME: expected X, got Y", then "N passed, N failed"; exit 1 if
# anything failed.
#
#   tests/cli/run.sh [SUITE...]     SUITE: a pattern of suite file names,
#                                   e.g. '*doctor*' (default: all)
#
# The stand-in needs CAP_NET_ADMIN to exchange netlink messages with
# sctpctl, and CAP_SYS_ADMIN for the namespaces of -a.  When it cannot
# start, that is a failed check, never a skipped one.
#
# Environment: SCTPCTL, FAKE_OOTB, FAKE_PRELOAD (default: build/ next to
# this script); VALGRIND, a command prefix for every sctpctl run;
# FAKE_WAIT, seconds to wait for the stand-in (default 60).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SCTPCTL=${SCTPCTL:-$here/build/sctpctl}
FAKE_OOTB=${FAKE_OOTB:-$here/build/fake_ootb}
FAKE_PRELOAD=${FAKE_PRELOAD:-$here/build/fake_preload.so}
VALGRIND=${VALGRIND:-}
FAKE_WAIT=${FAKE_WAIT:-60}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sctpctl-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
mkdir "$tmp/vg" "$tmp/bin"

T_DIR=$tmp/checks
. "$top/tests/lib/check.sh"
. "$here/lib.sh"

if [ ! -x "$FAKE_OOTB" ] || [ ! -f "$FAKE_PRELOAD" ]; then
	result "not ok fake-peer: expected $FAKE_OOTB and $FAKE_PRELOAD, got none (make -C tests/cli)"
	check_summary
	exit 1
fi

[ $# -gt 0 ] || set -- '*'
for f in "$here"/suites/*.sh; do
	for p; do
		case ${f##*/} in
		$p)
			suite=${f##*/}
			suite=${suite%.sh}
			(. "$f"; fake_stop; ns_stop)
			break
			;;
		esac
	done
done

if [ -n "$VALGRIND" ]; then
	vg_clean() {
		[ -z "$(find "$tmp/vg" -type f -size +0c)" ] ||
			fail "no valgrind report" "$(cat "$tmp"/vg/* | head -c 600 | tr '\n' '|')"
	}
	check valgrind-clean vg_clean
fi

check_summary
