# SPDX-License-Identifier: GPL-2.0
#
# make bench, in the VM: helpers of the benchmark suites of this directory.
# tests/bench/vm.sh puts this file, then the run's parameters, in front of
# every suite file it ships (the harness ships suite files only).
#
# Measurements go out as "# bench KIND key=value..." lines on the results
# channel; tests/bench/report.py turns them into tables and ratios.  The
# checks (ok / not ok) only say that a measurement could be taken: a failed
# transfer is a failed check, never a missing figure.
#
# Time is the guest's (CLOCK_MONOTONIC): QEMU runs with -icount, so a
# guest nanosecond is a fixed number of guest instructions whatever the
# host is doing, and "cpu busy" says the transfer kept the CPU busy (idle
# time would be skipped to the next timer, not measured).

BENCH_SINK_PORT=5001		# usrsctp sink on the host
BENCH_SOURCE_PORT=6001		# usrsctp source on the peer, bound there
BENCH_FREE_PORT=5060		# in none of the 1024 ranges of ranges_1024
BENCH_IN_PORT=4900		# in a discard range of ranges_1024 (4897-4905)
BENCH_PEER_IN_PORT=4902		# the same range, on the peer
BENCH_PEER_FREE_PORT=5061
TR=/sys/kernel/tracing
B=$T_DIR/bench
mkdir -p "$B"

bench_say() {
	t_say "# bench $*"
}

ctxt_switches() {
	awk '$1 == "ctxt" { print $2 }' /proc/stat
}

rx_packets() {	# SIDE: host or peer
	local dev=$HOST_IF

	[ "$1" = peer ] && dev=$PEER_IF
	on_side "$1" cat "/sys/class/net/$dev/statistics/rx_packets"
}

# The 1024 ranges of tests/bench/table_bench.c (gen_ranges): 256 blocks of
# 256 ports, each a discard range over its first half holding an abort
# exception that holds a discard range, and a count range.  4900 is in the
# innermost discard range of block 19 (4897-4905), 5060 in no range.
# The first N lines are a valid table of N ranges.
ranges_1024() {
	awk 'BEGIN {
		for (b = 0; b < 256; b++) {
			base = 1 + b * 256
			printf "add-range %d-%d policy discard\n", base, base + 127
			printf "add-range %d-%d policy abort\n", base + 16, base + 64
			printf "add-range %d-%d policy discard\n", base + 32, base + 40
			printf "add-range %d-%d policy count\n", base + 80, base + 112
		}
	}'
}

# ---- the configurations -----------------------------------------------------
#
# conf_NAME: put this boot in configuration NAME (every one undoes the
# others, so that a boot can interleave them):
#   a  no sctp.ko (the none boot: nothing to do)
#   b  ours: sctp_ootb, the usrsctp ports in discard ranges on both ends
#   c  the global hack: every out-of-the-blue packet dropped, on every port;
#      the global boot's sctp.ko does it itself, the patched boot's
#      (written c') through the hook's late path (tests/kmod's
#      sctp_ootb_test, which has no early path)
#   d  the kernel answers with ABORT and nftables drops it on its way out:
#      the stock boot's sctp.ko (d), the patched one with no hook (d')

# The rule that keeps the kernel's own replies off the wire, in one
# namespace: the kernel's control socket has no owner, usrsctp's raw one has.
# (nft 1.0.6 wants the "; " before the table's closing brace too.)
NFT_RULES='table inet t { chain o { type filter hook output priority 0; sctp chunk abort exists meta skuid 0-4294967295 accept; sctp chunk abort exists drop; }; }'

nft_off() {
	nft delete table inet t 2>/dev/null
	in_peer nft delete table inet t 2>/dev/null
	return 0
}

hooks_off() {
	rmmod sctp_ootb 2>/dev/null
	rmmod sctp_ootb_test 2>/dev/null
	[ ! -d /sys/module/sctp_ootb ] && [ ! -d /sys/module/sctp_ootb_test ]
}

# sctp_ootb loaded (its table as it was), the test hook not.
ootb_on() {
	rmmod sctp_ootb_test 2>/dev/null
	[ -d /sys/module/sctp_ootb ] || modprobe sctp_ootb
}

# ootb_stat NAME: a total of `sctpctl stats` (ranges, discarded...), 0
# without sctp_ootb.
ootb_stat() {
	[ -d /sys/module/sctp_ootb ] || { echo 0; return; }
	sctpctl stats | awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }'
}

# sctp_ootb with the 1024 ranges of ranges_1024 on this host.
restore_1024() {
	ootb_on || return
	[ -f "$B/ranges-1024" ] || ranges_1024 >"$B/ranges-1024"
	sctpctl restore "$B/ranges-1024" && [ "$(ootb_stat ranges)" = 1024 ]
}

# No hook registered, no nftables rule: every configuration undone.
conf_nohook() {
	nft_off
	hooks_off
}

conf_a() {
	[ ! -d /sys/module/sctp ] || { echo "sctp.ko is loaded"; return 1; }
}

conf_b() {
	nft_off
	ootb_on || return
	sctpctl flush && in_peer sctpctl flush &&
		sctpctl add-range 5000-5099 && in_peer sctpctl add-range 6000-6099
}

conf_c() {
	nft_off
	[ "$(cat /sys/module/sctp/version)" = bench.global ] && return 0
	rmmod sctp_ootb 2>/dev/null
	[ -d /sys/module/sctp_ootb_test ] || modprobe sctp_ootb_test ports=1-65535
}

conf_d() {
	conf_nohook || return
	nft "$NFT_RULES" && in_peer nft "$NFT_RULES"
}

# ---- P1: usrsctp bulk ---------------------------------------------------------

# p1_run CASE SIZE SCHED RUN: one transfer of BENCH_P1_MSGS messages of
# SIZE bytes from a usrsctp source on the peer to a usrsctp sink on the
# host, both run under SCHED (fifo: SCHED_FIFO 10, so that a wakeup never
# preempts; cfs: the default policy).  One "# bench p1" line.  P1_WRAP, if
# set, is a command line the source runs under (perf record ... --).
p1_run() {
	local c=$1 size=$2 sched=$3 run=$4 chrt= log h0 p0 x0 a0 a1 d0 d1 n line

	[ "$sched" = fifo ] && chrt="chrt -f 10"
	log=$B/p1-sink.log
	rm -f "$log"
	bg_start "$log" $chrt usctp sink -a "$HOST4" -p "$BENCH_SINK_PORT" \
		-n "$BENCH_P1_MSGS" -t 900
	wait_until 10 file_has "$log" "listening on" ||
		{ fail "the sink listening" "$(cat "$log")"; return; }
	h0=$(rx_packets host)
	p0=$(rx_packets peer)
	x0=$(ctxt_switches)
	a0="$(snmp SctpOutCtrlChunks) $(snmp SctpOutCtrlChunks peer)"
	d0="$(snmp SctpInPktDiscards) $(snmp SctpInPktDiscards peer)"
	bench_say "p1-start case=$c size=$size sched=$sched run=$run"
	in_peer ${P1_WRAP:-} $chrt usctp source -a "$HOST4" -p "$BENCH_SINK_PORT" -b "$PEER4" \
		-l "$BENCH_SOURCE_PORT" -n "$BENCH_P1_MSGS" -s "$size" -t 900 \
		>"$B/p1-source.log" 2>&1 ||
		{ fail "the transfer to complete" "$(tail -n 1 "$B/p1-source.log")"; return; }
	wait_until 60 file_has "$log" "bytes/s" ||
		{ fail "the sink's figures" "$(tail -n 1 "$log")"; return; }
	a1="$(snmp SctpOutCtrlChunks) $(snmp SctpOutCtrlChunks peer)"
	d1="$(snmp SctpInPktDiscards) $(snmp SctpInPktDiscards peer)"
	# usctp sink: M messages, B bytes in S s: R bytes/s, cpu busy P%
	line=$(grep 'bytes/s' "$log")
	set -- $line $a0 $a1 $d0 $d1
	n=$3
	[ "$n" = "$BENCH_P1_MSGS" ] || { fail "$BENCH_P1_MSGS messages" "$line"; return; }
	bench_say "p1 case=$c size=$size sched=$sched run=$run msgs=$n bytes=$5" \
		"secs=$8 bps=${10} busy=${14%\%}" \
		"rx_host=$(($(rx_packets host) - h0)) rx_peer=$(($(rx_packets peer) - p0))" \
		"ctxt=$(($(ctxt_switches) - x0))" \
		"ctrl_host=$((${17} - ${15})) ctrl_peer=$((${18} - ${16}))" \
		"discards_host=$((${21} - ${19})) discards_peer=$((${22} - ${20}))"
	bg_stop_all
}

# bench_round KIND XS SCHEDS CASE RUN: the configuration conf_CASE, then
# KIND_run CASE X SCHED RUN for every X of XS and every scheduler of SCHEDS.
bench_round() {
	local kind=$1 xs=$2 scheds=$3 c=$4 run=$5 x sched

	"conf_$c" || { fail "configuration $c" "failure"; return; }
	for x in $xs; do
		for sched in $scheds; do
			"${kind}_run" "$c" "$x" "$sched" "$run" || return
		done
	done
}

# bench_rounds KIND XS SCHEDS CASES...: BENCH_RUNS rounds, each of every
# case in turn, one check per case and round (bench_round).
bench_rounds() {
	local kind=$1 xs=$2 scheds=$3 r=1 c

	shift 3
	echo -1 >/proc/sys/kernel/sched_rt_runtime_us	# no RT throttling: no idle
	while [ "$r" -le "$BENCH_RUNS" ]; do
		for c in "$@"; do
			check "bench-$kind-$c-round-$r" bench_round "$kind" "$xs" "$scheds" "$c" "$r"
		done
		r=$((r + 1))
	done
	conf_nohook
}

# The crc32c implementation the kernel uses (highest priority), or none.
crc32c_driver() {
	awk '/^name/ { n = $3 } /^driver/ { d = $3 }
	     /^priority/ && n == "crc32c" && $3 > p { p = $3; best = d }
	     END { print best ? best : "none" }' /proc/crypto
}

# ---- P2: kernel SCTP bulk -----------------------------------------------------

# P2's configurations besides conf_nohook: sctp_ootb with 1024 ranges on
# both ends; the stock boot as it is.
conf_r1024() {
	nft_off
	restore_1024 && in_peer sctpctl restore "$B/ranges-1024"
}

conf_stock() {
	nft_off
	[ -z "$(cat /sys/module/sctp/version 2>/dev/null)" ]
}

# p2_run CASE WHERE SCHED RUN: iperf3 --sctp from the peer to the host,
# (fifo hangs the guest: iperf3 polls, and starves the softirq thread),
# BENCH_P2_BYTES bytes; WHERE is free (ports 5060/5061, in no range) or in
# (4900/4902: kernel sockets inside discard ranges, the early path's worst
# case).  One "# bench p2" line, from iperf3's own JSON figures.
p2_run() {
	local c=$1 where=$2 sched=$3 run=$4 chrt= sport cport log x0 h0 j

	[ "$sched" = fifo ] && chrt="chrt -f 10"
	case "$where" in
	free) sport=$BENCH_FREE_PORT cport=$BENCH_PEER_FREE_PORT ;;
	*) sport=$BENCH_IN_PORT cport=$BENCH_PEER_IN_PORT ;;
	esac
	log=$B/p2-server.log
	bg_start "$log" $chrt iperf3 -s -1 -B "$HOST4" -p "$sport"
	wait_until 10 sctp_tcp_listening "$sport" ||
		{ fail "iperf3 listening on $sport" "$(cat "$log")"; return; }
	x0=$(ctxt_switches)
	h0=$(rx_packets host)
	bench_say "p2-start case=$c where=$where sched=$sched run=$run"
	in_peer timeout 900 $chrt iperf3 --sctp -c "$HOST4" -p "$sport" -B "$PEER4" \
		--cport "$cport" -n "$BENCH_P2_BYTES" -J >"$B/p2.json" 2>&1 ||
		{ fail "iperf3 to complete" "$(grep -m 1 error "$B/p2.json")"; return; }
	# The receiver's sum: "sum_received": { ... "seconds": S, "bytes": B,
	# "bits_per_second": R ... }
	j=$(awk '/"sum_received"/ { f = 1 } f && /"seconds"|"bytes"|"bits_per_second"/ {
		gsub(/[",:]/, " "); printf "%s=%s ", $1, $2 } f && /}/ { exit }' "$B/p2.json")
	case "$j" in
	*bits_per_second=*) ;;
	*) fail "iperf3's receiver figures" "$(head -c 300 "$B/p2.json")"; return ;;
	esac
	bench_say "p2 case=$c where=$where sched=$sched run=$run $j" \
		"rx_host=$(($(rx_packets host) - h0)) ctxt=$(($(ctxt_switches) - x0))"
	bg_stop_all
}

# iperf3's control connection is TCP, on the same port as its SCTP listener.
sctp_tcp_listening() {
	netstat -ltn 2>/dev/null | grep -q ":$1 "
}

# ---- tracing (P4, the profile) -----------------------------------------------
#
# Trace events with TSC timestamps: under -icount the TSC counts guest
# instructions (1 cycle each at shift 0).

# tracefs, and kprobes on sctp_rcv() (bench/rcv and bench/rcv_ret), off.
trace_setup() {
	[ -d "$TR/events" ] || mount -t tracefs nodev "$TR" || return
	trace_reset
	echo 'p:bench/rcv sctp_rcv' >>"$TR/kprobe_events" &&
		echo 'r:bench/rcv_ret sctp_rcv' >>"$TR/kprobe_events" ||
		{ fail "kprobe events on sctp_rcv" "$(cat "$TR/kprobe_events")"; return; }
	echo x86-tsc >"$TR/trace_clock" &&
		echo 16384 >"$TR/buffer_size_kb"
}

# Tracing off, the kprobes gone: later suites run as before.
trace_reset() {
	echo 0 >"$TR/tracing_on"
	echo 0 >"$TR/events/enable"
	echo >"$TR/kprobe_events"
}

# trace_on EVENTS...: trace these events (under events/) alone from now on.
trace_on() {
	local e

	echo 0 >"$TR/events/enable"
	echo >"$TR/trace"
	for e in "$@"; do
		echo 1 >"$TR/events/$e/enable" || return
	done
	echo 1 >"$TR/tracing_on"
}

# Tracing off, and the events (a kprobe costs even then).
trace_off() {
	echo 0 >"$TR/tracing_on"
	echo 0 >"$TR/events/enable"
	echo "trace: $(grep -m 1 entries-in-buffer "$TR/trace")"
}

# trace_stats WIDTH: per packet, in TSC cycles, from the trace (one CPU):
#   S  a NET_RX softirq, entry to exit;
#   R  sctp_rcv(), entry to return;
#   G  from the end of a NET_RX softirq to the start of the next.
# Prints "n mean median" of S, R and G, in that order; the medians from
# bins of WIDTH cycles (tens of thousands of values, and busybox awk has
# no sort).
#   <task>-<pid> [<cpu>] <flags> <cycles>: <event>: ...
trace_stats() {
	awk -v w="$1" '
	function add(k, v,   b) {
		n[k]++; sum[k] += v; b = int(v / w); h[k, b]++
		if (b > m[k]) m[k] = b
	}
	function stats(k,   i, c) {
		for (i = 0; i <= m[k] && c < n[k] / 2; i++)
			c += h[k, i]
		if (!n[k])
			return "0 0 0"
		return sprintf("%d %.0f %.0f", n[k], sum[k] / n[k], (i - 0.5) * w)
	}
	{
		for (k = 2; k <= NF; k++)
			if ($k ~ /^(softirq_entry|softirq_exit|rcv|rcv_ret):$/)
				break
		if (k > NF)
			next
		ts = $(k - 1) + 0
		if ($k == "softirq_entry:") {
			if (last) add("G", ts - last)
			se = ts
		} else if ($k == "softirq_exit:") {
			if (se) add("S", ts - se)
			se = 0; last = ts
		} else if ($k == "rcv:") {
			re = ts
		} else if (re) {
			add("R", ts - re); re = 0
		}
	}
	END {
		print stats("S"), stats("R"), stats("G")
	}' "$TR/trace"
}
