# SPDX-License-Identifier: GPL-2.0
#
# Other people's SCTP test suites, run unchanged in the VM (sourced by
# suites/all/70-peer.sh after lib.sh):
#
#   lksctp-v4test, lksctp-v6test   lksctp-tools' functional tests (the
#                                  programs of upstream's `make v4test` and
#                                  `make v6test`), each program in a fresh
#                                  network namespace with lo up
#   sctp_vrf                       the kernel's selftest (6.12 source)
#   ip_local_port_range            the kernel's selftest, its SCTP variants
#                                  (ip4_stcp, ip6_stcp), in a namespace
#                                  whose ip_local_port_range is 40000-49999
#                                  as its .sh wrapper sets it
#
# Modes (MODE):
#   stock     the stock boot: Debian's sctp.ko, no sctp_ootb
#   ours      the patched boot: our sctp.ko, sctp_ootb loaded and hooked,
#             and in every namespace the suite uses, discard ranges for
#             every port the suite does not use (PEER_*_AROUND)
#   covered   the patched boot, one discard range 1-65535 in every namespace
#             the suite uses: only tests that rely on an out-of-the-blue
#             ABORT may change
#
# Nothing is decided here: each test's result goes to the host on the
# results channel, and the host compares the boots (tests/vm/peer-compare.sh):
#   peer-due SUITE MODE          the suite is to run in this mode
#   peer-begin SUITE MODE N      N tests are due
#   peer SUITE MODE TEST RESULT SECONDS   one per test (SECONDS: for the log)
#   peer-end SUITE MODE          the suite ran to its end
# RESULT is pass(P=n), fail(rc=r,P=n[,BROK]) or timeout(P=n): the exit
# status and how many subtests said PASS.  A suite that stops early never
# writes its peer-end line, and one that never begins leaves its peer-due
# line alone: the host fails both.

PEER_BIN=/tests/peer
PEER_WRAP=/tmp/peer-wrap
# Per test program: generous for a loaded TCG host; a test that waits for a
# peer that never answers (covered mode) ends here.
PEER_TIMEOUT=${PEER_TIMEOUT:-90}
PEER_COVERED_TIMEOUT=${PEER_COVERED_TIMEOUT:-45}
# Runs in all of an lksctp program that crashed, or of sctp_vrf.sh after a
# failure (see peer_lksctp and peer_vrf).
PEER_TRIES=${PEER_TRIES:-4}

# The ports each suite uses, as the discard ranges around them (mode ours).
# lksctp: SCTP_TESTPORT_1/2 (1024, 1025), port 7 (a bind test), and the
# ephemeral range 32768-60999 of a fresh namespace.
PEER_LKSCTP_AROUND="1-6 8-1023 1026-32767 61000-65535"
# sctp_vrf.sh: client and server both on 1234.
PEER_VRF_AROUND="1-1233 1235-65535"
# ip_local_port_range: sockets bound within 30000-59999.
PEER_PORTRANGE_AROUND="1-29999 60000-65535"

peer_say() {
	printf '%s\n' "$*" >&3
	printf '%s\n' "$*" >>"$T_DIR/peer.log"
}

# peer_show LOG WHAT: the tail of a test's output on the console (the host
# keeps it in BOOT.console.log), when it did not pass.
peer_show() {
	echo "----- $2 -----"
	tail -n 30 "$1"
}

# peer_ranges MODE AROUND: the discard ranges of MODE, one per word.
peer_ranges() {
	case "$1" in
	ours) echo "$2" ;;
	covered) echo "1-65535" ;;
	esac
}

# peer_netns NETNS MODE AROUND: a new namespace, lo up, with the discard
# ranges of MODE.
peer_netns() {
	local r

	ip netns add "$1" && ip -n "$1" link set lo up || return
	for r in $(peer_ranges "$2" "$3"); do
		sctpctl -n "$1" add-range "$r" || return
	done
}

# The suite's own scripts create their namespaces with `ip netns add`: this
# `ip`, first on their PATH, provisions each one as it is created.
peer_wrap_ip() {
	mkdir -p "$PEER_WRAP"
	{
		echo '#!/bin/sh'
		echo "$(command -v ip)"' "$@" || exit'
		cat <<'EOF'
if [ $# = 3 ] && [ "$1" = netns ] && [ "$2" = add ] && [ -n "$PEER_RANGES" ]; then
	for r in $PEER_RANGES; do
		sctpctl -n "$3" add-range "$r" >/dev/null 2>>"$PEER_WRAP_ERR" || {
			echo "ip: provisioning $3 with $r failed" >>"$PEER_WRAP_ERR"
			exit 1
		}
	done
	echo "$3" >>"$PEER_WRAP_LOG"
fi
exit 0
EOF
	} >"$PEER_WRAP/ip"
	chmod 755 "$PEER_WRAP/ip"
}

# peer_result LOG RC: the result word of one test from its output and status.
peer_result() {
	local p brok=

	# tst_resm(): "TCID  n PASS : text"
	p=$(grep -c ' PASS : ' "$1")
	grep -q ' BROK : ' "$1" && brok=,BROK
	case "$2" in
	0) echo "pass(P=$p)" ;;
	124 | 137) echo "timeout(P=$p$brok)" ;;
	*) echo "fail(rc=$2,P=$p$brok)" ;;
	esac
}

# peer_exit SUITE MODE RC T0 LOG: the suite's own exit status RC as one more
# test (T0: when it began; LOG: its output, shown when RC is not 0).
peer_exit() {
	local res=pass

	[ "$3" = 0 ] || res=fail
	peer_say "peer $1 $2 exit $res(rc=$3) $(secs_since "$4")"
	[ "$3" = 0 ] || peer_show "$5" "$1 $2: exit status $3"
}

# ---- lksctp-tools ----------------------------------------------------------

# peer_ksoftirqd POLICY PRIO: every ksoftirqd thread's scheduling policy
# (chrt's -f or -o).
#
# Some of lksctp's programs assume that the loopback packets a system call
# sent have been processed when it returns: test_connect and test_connectx
# call connect() again right after a non-blocking one and expect EISCONN.
# Once ksoftirqd is runnable on a CPU, the kernel leaves all softirq work
# there to it, and a program that runs on gets EALREADY instead (measured
# on the KASAN kernel under TCG, on stock as on ours, with the odds rising
# with the cost of each packet).  While lksctp runs, in every mode alike,
# ksoftirqd is SCHED_FIFO and each program is pinned to CPU 0, so that the
# deferred work runs before the program's next system call.
peer_ksoftirqd() {
	local f c

	for f in /proc/[0-9]*/comm; do
		read -r c <"$f" 2>/dev/null || continue
		case "$c" in
		ksoftirqd/*)
			f=${f%/comm}
			chrt "$1" -p "$2" "${f#/proc/}" >/dev/null || return
			;;
		esac
	done
}

# peer_lksctp MODE LIST: every program of v4test or v6test, each in a fresh
# namespace (upstream's Makefile sleeps 1 s between programs instead).
peer_lksctp() {
	local mode=$1 list=$2 suite=lksctp-$2 w=$T_DIR/peer/lksctp-$2-$1
	local t try ns=lk-$1 rc res tmo=$PEER_TIMEOUT t0

	[ "$mode" = covered ] && tmo=$PEER_COVERED_TIMEOUT
	mkdir -p "$w"
	peer_say "peer-begin $suite $mode $(wc -l <"$PEER_BIN/lksctp/$list.list")"
	peer_ksoftirqd -f 1 ||
		{ t_say "# $suite $mode: cannot make ksoftirqd SCHED_FIFO"; peer_ksoftirqd -o 0; return 1; }
	for t in $(cat "$PEER_BIN/lksctp/$list.list"); do
		# A program that dies of SIGABRT or SIGSEGV (lksctp's tst_brkm()
		# dumps core on purpose) is run again, up to PEER_TRIES times in
		# all, in every mode alike; the result is the last run's, and
		# every earlier one is printed.  A crash of ours would crash
		# every run.
		for try in $(seq "$PEER_TRIES"); do
			[ "$try" = 1 ] || ip netns del "$ns"
			peer_netns "$ns" "$mode" "$PEER_LKSCTP_AROUND" ||
				{ t_say "# $suite $mode: cannot set up namespace $ns"; peer_ksoftirqd -o 0; return 1; }
			t0=$(uptime_s)
			(cd "$w" && ip netns exec "$ns" timeout -s KILL "$tmo" \
				taskset -c 0 "$PEER_BIN/lksctp/$t") >"$w/$t.log" 2>&1 3>&-
			rc=$?
			res=$(peer_result "$w/$t.log" "$rc")
			case $rc in 134 | 139) ;; *) break ;; esac
			[ "$try" = "$PEER_TRIES" ] && break
			t_say "# $suite $mode $t: $res, run again"
			peer_show "$w/$t.log" "$suite $mode $t, run $try: $res"
		done
		[ "$mode" = stock ] || sctpctl -n "$ns" stats >"$w/$t.stats"
		ip netns del "$ns"
		peer_say "peer $suite $mode $t $res $(secs_since "$t0")"
		[ "$rc" = 0 ] || peer_show "$w/$t.log" "$suite $mode $t: $res"
	done
	peer_say "peer-end $suite $mode"
	peer_ksoftirqd -o 0
	[ "$mode" = stock ] || t_say "# $suite $mode: out-of-the-blue packets: $(cat "$w"/*.stats |
		awk '$1 == "discarded" { d += $2 } $1 == "unmatched" { u += $2 }
		END { print d + 0 " discarded, " u + 0 " in no range" }')"
}

# ---- the kernel's selftests ------------------------------------------------

# sctp_vrf.sh stops at its first failure; the tests it did not reach are
# reported as notrun, on both boots alike.  Each of its clients has 3 s
# (`timeout 3`) to complete a handshake, and its servers and clients 3 s to
# appear in or leave `ss`, which a TCG guest on a loaded host now and then
# misses (twice in a row once, under a KASAN guest's load): a run that
# fails is run again, up to PEER_TRIES runs in all, in every mode alike; the
# result is the last run's, and every earlier one is printed.
peer_vrf() {
	local mode=$1 w=$T_DIR/peer/sctp_vrf-$1 rc n res t0 try

	mkdir -p "$w"
	peer_wrap_ip
	peer_say "peer-begin sctp_vrf $mode 25"
	t0=$(uptime_s)
	for try in $(seq "$PEER_TRIES"); do
		: >"$w/wrap.err"
		: >"$w/wrap.log"
		(
			cd "$PEER_BIN/kselftest" &&
			PATH=$PEER_WRAP:$PATH PEER_RANGES=$(peer_ranges "$mode" "$PEER_VRF_AROUND") \
			PEER_WRAP_ERR=$w/wrap.err PEER_WRAP_LOG=$w/wrap.log \
				timeout -s KILL 600 bash ./sctp_vrf.sh
		) >"$w/out.log" 2>&1 3>&-
		rc=$?
		[ "$rc" = 0 ] && break
		[ "$try" = "$PEER_TRIES" ] && break
		t_say "# sctp_vrf $mode: exit status $rc after $(grep -a -c '\[PASS\]' "$w/out.log") tests passed; run again"
		peer_show "$w/out.log" "sctp_vrf $mode, run $try: exit status $rc"
	done
	[ -s "$w/wrap.err" ] && t_say "# sctp_vrf $mode: $(head -n 1 "$w/wrap.err")"
	[ "$mode" = stock ] ||
		t_say "# sctp_vrf $mode: namespaces provisioned: $(tr '\n' ' ' <"$w/wrap.log")"
	# The output as records that start at "TEST ": a client's own message
	# may come between a test's title and its [PASS].  Then v4-01 to
	# v6-12 in order, each as first seen.
	awk 'BEGIN { RS = "TEST "; fam = "v4" }
	NR > 1 {
		r = "notrun"
		p = index($0, "[PASS]"); f = index($0, "[FAIL]")
		if (p && (!f || p < f)) r = "pass"; else if (f) r = "fail"
		t = fam "-" substr($0, 1, 2)
		if (!(t in res)) res[t] = r
	}
	index($0, "***v4 Tests Done***") { fam = "v6" }
	END {
		for (i = 0; i < 24; i++) {
			t = sprintf("v%d-%02d", i < 12 ? 4 : 6, i % 12 + 1)
			print t, (t in res) ? res[t] : "notrun"
		}
	}' "$w/out.log" >"$w/results"
	while read -r n res; do
		peer_say "peer sctp_vrf $mode $n $res"
	done <"$w/results"
	peer_exit sctp_vrf "$mode" "$rc" "$t0" "$w/out.log"
	# A test not reached is the script's own doing only after a failure;
	# otherwise the suite did not run (no peer-end: the host fails it).
	if awk '$2 == "fail" { f = 1 } $2 == "notrun" && !f { bad = 1 } END { exit !bad }' "$w/results"; then
		t_say "# sctp_vrf $mode: tests not reached without a failure before them: the suite did not run"
		return 1
	fi
	peer_say "peer-end sctp_vrf $mode"
}

# The SCTP variants of ip_local_port_range, as ip_local_port_range.sh runs
# the whole program: in a new namespace whose range is 40000-49999.
peer_portrange() {
	local mode=$1 w=$T_DIR/peer/ip_local_port_range-$1 rc ns=pr-$1 tests t res t0

	mkdir -p "$w"
	# -l lists fixtures, variants and tests as three independent columns.
	tests=$("$PEER_BIN/kselftest/ip_local_port_range" -l 2>&1 |
		awk '/^---/ { f = 1; next } f { print $NF }' |
		grep -v -e '_tcp$' -e '_udp$' -e '_stcp$' -e '_mptcp$' -e '^ip_local_port_range$' |
		while read -r t; do echo "ip4_stcp.$t ip6_stcp.$t"; done)
	# and the program's exit status
	peer_say "peer-begin ip_local_port_range $mode $(($(echo "$tests" | wc -w) + 1))"
	t0=$(uptime_s)
	peer_netns "$ns" "$mode" "$PEER_PORTRANGE_AROUND" &&
		ip netns exec "$ns" sysctl -q -w net.ipv4.ip_local_port_range="40000 49999" ||
		{ t_say "# ip_local_port_range $mode: cannot set up namespace $ns"; return 1; }
	(cd "$PEER_BIN/kselftest" && ip netns exec "$ns" timeout -s KILL 300 \
		./ip_local_port_range -v ip4_stcp -v ip6_stcp) >"$w/out.log" 2>&1 3>&-
	rc=$?
	ip netns del "$ns"
	for t in $tests; do
		# TAP: "ok 3 ip_local_port_range.ip4_stcp.single_port_range # XFAIL ..."
		res=$(awk -v t="ip_local_port_range.$t" '
			($1 == "ok" || ($1 == "not" && $2 == "ok")) {
				n = $1 == "ok" ? 3 : 4
				if ($n != t) next
				r = $1 == "ok" ? "pass" : "fail"
				if ($0 ~ /# XFAIL/) r = r "-xfail"
				if ($0 ~ /# SKIP/) r = r "-skip"
				print r; exit }' "$w/out.log")
		peer_say "peer ip_local_port_range $mode $t ${res:-notrun}"
	done
	peer_exit ip_local_port_range "$mode" "$rc" "$t0" "$w/out.log"
	peer_say "peer-end ip_local_port_range $mode"
}

# ---- all of them -------------------------------------------------------------

# peer_all MODE: every suite this image carries, or those named by
# ootbtest.peer=NAME[,NAME...] on the kernel command line (VM_APPEND).
peer_all() {
	local s lk="lksctp-v4test lksctp-v6test" only

	only=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^ootbtest.peer=//p' | tr ',' ' ')
	# Built without lksctp-tools' source (tests/peer/build.sh): said,
	# neither passed nor failed.
	if [ -r "$PEER_BIN/lksctp/NOT-RUN" ]; then
		t_say "# not run: $lk ($1): $(cat "$PEER_BIN/lksctp/NOT-RUN")"
		lk=
	fi
	for s in $lk $(cat "$PEER_BIN/kselftest/SUITES" 2>/dev/null); do
		case " ${only:-$s} " in
		*" $s "*) ;;
		*) continue ;;
		esac
		peer_say "peer-due $s $1"
		case "$s" in
		lksctp-*) peer_lksctp "$1" "${s#lksctp-}" ;;
		sctp_vrf) peer_vrf "$1" ;;
		ip_local_port_range) peer_portrange "$1" ;;
		esac
	done
}
