#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Can the checks fail?  Each fault below is put back into a copy of the
# tree, the checks that guard against it run there, and the fault counts as
# caught only when every one of them fails.  A sample of every kind of
# check: the unit tests (C), the counter's, sctpctl's against fake_ootb,
# and the VM suites (a check, and a boot's token and console).  Not part
# of make check: a VM fault is a module build and a boot.  The system lane
# has its own, tests/system/break.sh.
#
#   KVER=... tests/break.sh [FAULT...]      (make break [BREAK="FAULT..."])
#
# FAULT          put back                          must fail (run)
# table-overlap  table.c takes a partial overlap   unit overlap-right,
#                for a nesting                     overlap-left; cli (the
#                                                  stand-in decides with
#                                                  table.c) add-partial-overlap
# counter-take   a reset sets the base from a      unit count-window-left,
#                second read of the packets        count-window-sum
# counter-read   a read ignores the base           unit count-take-zeroes;
#                                                  vm reset-counters,
#                                                  sctpctl-reset-counters
# fake-monitor   fake_ootb announces nothing       cli monitor-events,
#                                                  monitor-json-sigterm
# hook-pass      neither the early path nor the    vm mixed-deploy-v4
#                verdict ever discards
# ootb-warn      sctp_ootb WARNs when it loads     vm boot-patched,
#                                                  console-patched (counters)
# claim-flush    table.c's flush drops claims      cli claim-run-flush-keeps;
#                                                  vm claim-flush-keeps
# claim-delete   table.c deletes another socket's  cli claim-run-delete;
#                claim without force               vm claim-admin-delete
# claim-release  no NETLINK_URELEASE notifier      vm claim-release
# fake-release   fake_ootb never drops a gone      cli claim-run-gone
#                socket's claims
# claim-leak     a claim's record is never freed   vm claim-churn
# param-ignored  sctp_ootb loads without its       vm param-init,
#                ranges= table                     unload-churn (sctp.ko
#                                                  answers on lo while it
#                                                  is loaded)
# lintian-warning  debian/copyright without its    packaging lintian-clean
#                year (a lintian warning)
# unit-path      the units moved to /lib/systemd/  packaging lintian-clean,
#                system, no dh_movetousr           deb-units-trixie
# dkms-compiler  no compiler in sctp-ootb-dkms's   packaging
#                Depends                           dkms-depends-bookworm,
#                                                  dkms-depends-trixie
#
# One "ok caught-FAULT" or "not ok caught-FAULT: expected ..., got ..."
# per fault (tests/lib/check.sh), then "N passed, N failed".  The logs
# stay in build/break/FAULT/.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/break
KVER=${KVER:-$("$top/scripts/kver.sh")}
T_DIR=$work/checks
rm -rf "$T_DIR"
. "$top/tests/lib/check.sh"

# The faults: FAULT => FILE => SED SCRIPT.
FAULTS='table-overlap => kmod/ootb/table.c => s/else if (e->hi > c->hi)/else if (0 \&\& e->hi > c->hi)/
counter-take => kmod/ootb/counter.h => s/ootb_count_set_base(s, now);/ootb_count_set_base(s, ootb_count_packets(s));/
counter-read => kmod/ootb/counter.h => s/sum += ootb_count_packets(s) - base;/sum += ootb_count_packets(s) - 0 * base;/
fake-monitor => tests/cli/fake_ootb.c => s/if (!ev.pending || !v2())/if (1)/
hook-pass => kmod/ootb/hook.c => s/return e \&\& e->policy == SCTP_OOTB_POLICY_DISCARD ? e : NULL;/return NULL;/; s/return SCTP_OOTB_DISCARD;/return SCTP_OOTB_PASS;/
ootb-warn => kmod/ootb/main.c => s/^\terr = ootb_param_table(&initial);$/\tWARN_ON(1);\n&/
claim-flush => kmod/ootb/table.c => s/^\treturn !e->owner;$/\treturn true;/
claim-delete => kmod/ootb/table.c => s/owner != requester \&\& !force)/owner != requester \&\& 0)/
claim-release => kmod/ootb/netlink.c => s/err = netlink_register_notifier(&ootb_nl_notifier);/err = 0;/
fake-release => tests/cli/fake_ootb.c => s/^\tsweep_released();$/\t(void)sweep_released;/
claim-leak => kmod/ootb/owner.c => s/^\t\tkfree(o);$/\t\t(void)0;/
param-ignored => kmod/ootb/main.c => s/^\tif (!ranges || !\*ranges)$/\tif (1)/
lintian-warning => debian/copyright => s/^Copyright: [0-9]* sctp-ootb contributors$/Copyright: sctp-ootb contributors/
unit-path => debian/rules => s|^\tdh_installsystemd -psctpctl --name=sctp-ootb@$|&\n\tif [ -d debian/sctpctl/usr/lib/systemd/system ]; then mkdir -p debian/sctpctl/lib/systemd \&\& mv debian/sctpctl/usr/lib/systemd/system debian/sctpctl/lib/systemd/; fi|; s/then dh_movetousr; fi/then :; fi/
dkms-compiler => debian/control => /^ *gcc | c-compiler,$/d'

# put_back FAULT: edit the copy; 1 when nothing changed (the code moved:
# the fault must be written again).
put_back() {
	local f e

	f=$(printf '%s\n' "$FAULTS" | awk -F' => ' -v n="$1" '$1 == n { print $2 }')
	e=$(printf '%s\n' "$FAULTS" | awk -F' => ' -v n="$1" '$1 == n { print $3 }')
	[ -n "$f" ] || return 1
	cp "$tree/$f" "$tree/$f.orig"
	sed -i "$e" "$tree/$f"
	! cmp -s "$tree/$f" "$tree/$f.orig"
}

# The lanes, in the copy; each writes its output to $log.
unit() {
	make -C "$tree/tests/unit" O="$tree/build/unit" YNL="$top/build/ynl" \
		run >>"$log" 2>&1
}

cli() {
	make -C "$tree/tests/cli" O="$tree/build/cli" check >>"$log" 2>&1
}

# packaging CHECK...: those checks of tests/system/host.sh.
packaging() {
	T_CHECKS="$*" "$tree/tests/system/host.sh" >>"$log" 2>&1
}

# vm CHECK...: those checks alone on the patched boot, or the checks of
# $run when it is set.
vm() {
	make -C "$tree" KVER="$KVER" modules progs tools lib >>"$log" 2>&1 || return
	KVER=$KVER OUT=$tree/build/$KVER BIN=$tree/build/bin VM_BOOTS=patched \
		VM_CHECKS=${run:-$*} "$tree/tests/vm/run.sh" >>"$log" 2>&1
}

# caught FAULT LANE CHECK... [-- LANE CHECK...]: put FAULT back, run each
# lane, and see each CHECK fail there.
caught() {
	local fault=$1 missed= l c

	tree=$work/$fault/tree
	log=$work/$fault/log
	rm -rf "$work/$fault"
	mkdir -p "$tree"
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		(cd "$top" && xargs -0 cp -P --parents -t "$tree" --) || return
	put_back "$fault" ||
		{ fail "the fault put back into the code" "no change: the code moved"; return; }
	shift
	while [ $# -gt 0 ]; do
		l=$1
		shift
		set -f
		# shellcheck disable=SC2046 # the lane's checks, up to --
		"$l" $(for c; do [ "$c" = -- ] && break; echo "$c"; done)
		set +f
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			grep -q -E "^not ok $1(#[0-9]+)?:" "$log" || missed="$missed $1"
			shift
		done
		[ $# -eq 0 ] || shift
	done
	[ -z "$missed" ] ||
		fail "every check named to fail (see $log)" "these passed or did not run:$missed"
}

[ $# -gt 0 ] || set -- table-overlap counter-take counter-read fake-monitor \
	hook-pass ootb-warn claim-flush claim-delete claim-release fake-release \
	claim-leak param-ignored lintian-warning unit-path dkms-compiler
for f; do
	case $f in
	table-overlap)
		check caught-$f caught $f unit overlap-right overlap-left \
			-- cli add-partial-overlap ;;
	counter-take)
		check caught-$f caught $f unit count-window-left count-window-sum ;;
	counter-read)
		check caught-$f caught $f unit count-take-zeroes \
			-- vm reset-counters sctpctl-reset-counters ;;
	fake-monitor)
		check caught-$f caught $f cli monitor-events monitor-json-sigterm ;;
	hook-pass)
		check caught-$f caught $f vm mixed-deploy-v4 ;;
	ootb-warn)
		# Any check that loads the module.
		run=counters check caught-$f caught $f vm boot-patched console-patched
		run= ;;
	claim-flush)
		check caught-$f caught $f cli claim-run-flush-keeps \
			-- vm claim-flush-keeps ;;
	claim-delete)
		check caught-$f caught $f cli claim-run-delete \
			-- vm claim-admin-delete ;;
	claim-release)
		check caught-$f caught $f vm claim-release ;;
	fake-release)
		check caught-$f caught $f cli claim-run-gone ;;
	claim-leak)
		check caught-$f caught $f vm claim-churn ;;
	param-ignored)
		check caught-$f caught $f vm param-init unload-churn ;;
	lintian-warning)
		check caught-$f caught $f packaging lintian-clean ;;
	unit-path)
		check caught-$f caught $f packaging lintian-clean deb-units-trixie ;;
	dkms-compiler)
		check caught-$f caught $f packaging dkms-depends-bookworm \
			dkms-depends-trixie ;;
	*)
		result "not ok caught-$f: expected a fault of this script, got '$f'" ;;
	esac
done
check_summary
