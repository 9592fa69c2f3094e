# SPDX-License-Identifier: GPL-2.0
#
# P4, make bench in the patched boot: what out-of-the-blue INITs cost the
# host's kernel, with and without sctp_ootb deciding them.
#
# The peer floods BENCH_P4_COUNT INITs (tests/prog/ootbflood) to one port
# of the host in each case:
#   null           the host's NIC drops them (another MAC): sender and link
#   stock          no hook registered: RFC 9260 8.4, an ABORT built and sent
#   nft            no hook, and the nftables rule of case d (bench-lib.sh)
#                  drops each ABORT on its way out
#   pass           sctp_ootb, 1 range, the port in none: stock handling
#   discard        sctp_ootb, the port in a discard range (1 range): dropped
#                  on the early path, before the checksum
#   r1024-discard  1024 ranges nested three deep, the port in a discard one
#   r1024-pass     the same 1024 ranges, a port in none
# BENCH_P4_ROUNDS rounds, each of every case in that order.
#
# Per packet (see measure), from trace events with TSC timestamps (under
# -icount the TSC counts guest instructions: 1 cycle each at shift 0), in
# two floods per case: the NET_RX softirq that receives the INIT (the
# host's whole receive path, and the ABORT it sends), and sctp_rcv() within
# it (kprobe and kretprobe: the host's SCTP input, ABORT built and sent
# included; their own cost is inside what they measure, which makes small
# figures look bigger).
# The flood comes from an address of the peer (BENCH_SRC) whose replies the
# host sends to a MAC nobody has: the ABORTs are built and leave veth0, but
# the peer's stack drops them on arrival (not for this host), so sctp_rcv()
# runs for the host's packets only.

BENCH_SRC=10.0.0.9		# the peer's flood source, its replies go nowhere
BENCH_NULL=10.0.0.7		# a destination the host's NIC drops
BENCH_PORT=4900			# in a discard range of discard and r1024-discard only
BENCH_SPORT=6199

bench_setup() {
	local l

	# The guest sees the TSC rate as "cpu MHz".
	bench_say "p4-cpu tsc_mhz=$(awk '/^cpu MHz/ { print $4; exit }' /proc/cpuinfo)" \
		"crc32c=$(crc32c_driver)"
	[ -d "$TR/events" ] || mount -t tracefs nodev "$TR" || return
	echo 0 >"$TR/tracing_on"
	echo 'p:bench/rcv sctp_rcv' >>"$TR/kprobe_events" &&
		echo 'r:bench/rcv_ret sctp_rcv' >>"$TR/kprobe_events" ||
		{ fail "kprobe events on sctp_rcv" "$(cat "$TR/kprobe_events")"; return; }
	echo 'vec == 3' >"$TR/events/irq/softirq_entry/filter" || return
	echo 'vec == 3' >"$TR/events/irq/softirq_exit/filter" || return
	echo x86-tsc >"$TR/trace_clock" || return
	echo 16384 >"$TR/buffer_size_kb" || return
	in_peer ip addr add "$BENCH_SRC/32" dev "$PEER_IF" || return
	ip neigh replace "$BENCH_SRC" lladdr 02:00:00:00:00:09 dev "$HOST_IF" nud permanent || return
	in_peer ip neigh replace "$BENCH_NULL" lladdr 02:00:00:00:00:07 dev "$PEER_IF" nud permanent || return
	ranges_1024 >"$B/ranges-1024" || return
	l=$(wc -l <"$B/ranges-1024")
	[ "$l" = 1024 ] || { fail "1024 ranges" "$l"; return; }
	# sctp_ootb comes and goes in the rounds, always empty at first.
	rmmod sctp_ootb 2>/dev/null
	return 0
}

# Tables of the cases.
table_none() {
	nft_off
	hooks_off
}

table_nft() {
	table_none && nft "$NFT_RULES"
}

table_one() {
	[ -d /sys/module/sctp_ootb ] || modprobe sctp_ootb || return
	sctpctl flush && sctpctl add-range "$1"
}

table_1024() {
	[ -d /sys/module/sctp_ootb ] || modprobe sctp_ootb || return
	sctpctl restore "$B/ranges-1024" &&
		[ "$(sctpctl stats | awk '$1 == "ranges" { print $2 }')" = 1024 ]
}

host_counter() {	# NAME: a counter of /proc/net/sctp/snmp, or "stat:X" of veth0
	case "$1" in
	stat:*) cat "/sys/class/net/$HOST_IF/statistics/${1#stat:}" ;;
	*) snmp "$1" ;;
	esac
}

hook_stat() {	# NAME: a total of `sctpctl stats`, 0 without sctp_ootb
	[ -d /sys/module/sctp_ootb ] || { echo 0; return; }
	sctpctl stats | awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }'
}

COUNTERS="SctpInSCTPPacks SctpOutCtrlChunks SctpOutOfBlues SctpInPktDiscards stat:tx_packets"

counters() {
	local c

	for c in $COUNTERS; do
		printf '%s ' "$(host_counter "$c")"
	done
	printf '%s %s\n' "$(hook_stat discarded)" "$(hook_stat unmatched)"
}

# flood DST PORT: BENCH_P4_COUNT INITs from the peer; fails unless all were sent.
flood() {
	local out

	out=$(in_peer ootbflood -s "$BENCH_SRC" -d "$1" -p "$2" -n "$BENCH_P4_COUNT" \
		-l "$BENCH_SPORT" -t 600 2>&1)
	echo "$out"
	case "$out" in
	*"sent $BENCH_P4_COUNT INIT"*) return 0 ;;
	esac
	fail "$BENCH_P4_COUNT INITs sent" "$out"
}

# Per packet, in TSC cycles, from the trace (one CPU):
#   S  a NET_RX softirq, entry to exit;
#   R  sctp_rcv(), entry to return;
#   G  from the end of a NET_RX softirq to the start of the next.
# Prints "n median" of S, R and G; the medians from bins of 20 cycles (tens
# of thousands of values, and busybox awk has no sort).
#   <task>-<pid> [<cpu>] <flags> <cycles>: <event>: ...
trace_medians() {
	awk '
	function add(k, v,   b) {
		n[k]++; b = int(v / 20); h[k, b]++
		if (b > m[k]) m[k] = b
	}
	function med(k,   i, c) {
		for (i = 0; i <= m[k] && c < n[k] / 2; i++)
			c += h[k, i]
		return n[k] ? (i - 0.5) * 20 : 0
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
		printf "%d %.0f %d %.0f %d %.0f\n", n["S"], med("S"), n["R"], med("R"), n["G"], med("G")
	}' "$TR/trace"
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

trace_off() {
	echo 0 >"$TR/tracing_on"
	echo "trace: $(grep -m 1 entries-in-buffer "$TR/trace")"
}

# measure ROUND CASE DST PORT: two floods and one "# bench" line:
#   1. the NET_RX softirq events alone (S and G), and the host's counters;
#   2. the kprobe events on sctp_rcv() alone (R): they cost more than a
#      softirq event, and are kept out of S.
measure() {
	local round=$1 case=$2 dst=$3 port=$4 c0 c1 sirq rcv

	echo "case $case at $(uptime_s) s"
	c0=$(counters)
	trace_on irq/softirq_entry irq/softirq_exit || return
	flood "$dst" "$port" || return
	trace_off
	c1=$(counters)
	sirq=$(trace_medians)

	rcv="0 0 0 0 0 0"
	if [ "$case" != null ]; then	# no sctp_rcv() there
		trace_on bench || return
		flood "$dst" "$port" || return
		trace_off
		rcv=$(trace_medians)
	fi

	set -- $c0 $c1 $sirq
	# $1-$7 counters before, $8-$14 after; then n and median of S, R, G
	bench_say "p4 round=$round case=$case port=$port sent=$BENCH_P4_COUNT" \
		"in=$(($8 - $1)) abort=$(($9 - $2)) ootb=$((${10} - $3))" \
		"discards=$((${11} - $4)) tx=$((${12} - $5))" \
		"hook_discarded=$((${13} - $6)) hook_unmatched=$((${14} - $7))" \
		"sirq_n=${15} sirq_cyc=${16} gap_n=${19} gap_cyc=${20}" \
		"rcv_n=$(echo $rcv | cut -d' ' -f3) rcv_cyc=$(echo $rcv | cut -d' ' -f4)"
}

p4_round() {
	local r=$1

	measure "$r" null "$BENCH_NULL" "$BENCH_PORT" || return
	table_none || { fail "no hook registered" "one stays"; return; }
	measure "$r" stock "$HOST4" "$BENCH_PORT" || return
	table_nft || { fail "the nftables rule" "none"; return; }
	measure "$r" nft "$HOST4" "$BENCH_PORT" || return
	nft_off
	table_one 6000-6099 || return
	measure "$r" pass "$HOST4" "$BENCH_PORT" || return
	table_one 4800-4999 || return
	measure "$r" discard "$HOST4" "$BENCH_PORT" || return
	table_1024 || return
	measure "$r" r1024-discard "$HOST4" "$BENCH_PORT" || return
	measure "$r" r1024-pass "$HOST4" "$BENCH_FREE_PORT" || return
	rmmod sctp_ootb
}

bench_say "p4-setup count=$BENCH_P4_COUNT rounds=$BENCH_P4_ROUNDS"
check bench-p4-setup bench_setup
grep -q '^not ok bench-p4-setup' "$T_RESULTS" && exit 0
i=1
while [ "$i" -le "$BENCH_P4_ROUNDS" ]; do
	check "bench-p4-round-$i" p4_round "$i"
	i=$((i + 1))
done
# The kprobes and the flood's addresses go: later suites run as before.
echo 0 >"$TR/tracing_on"
echo 0 >"$TR/events/enable"
echo >"$TR/kprobe_events"
in_peer ip addr del "$BENCH_SRC/32" dev "$PEER_IF"
ip neigh del "$BENCH_SRC" dev "$HOST_IF"
in_peer ip neigh del "$BENCH_NULL" dev "$PEER_IF"
exit 0
