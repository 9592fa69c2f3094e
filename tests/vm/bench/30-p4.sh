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
# Per packet (see measure), from trace events with TSC timestamps (guest
# instructions: see bench-lib.sh), in two floods per case: the NET_RX
# softirq that receives the INIT (the host's whole receive path, and the
# ABORT it sends), and sctp_rcv() within it (kprobe and kretprobe: the
# host's SCTP input, ABORT built and sent included; their own cost is
# inside what they measure, which makes small figures look bigger).
# The flood comes from an address of the peer (BENCH_SRC) whose replies the
# host sends to a MAC nobody has: the ABORTs are built and leave veth0, but
# the peer's stack drops them on arrival (not for this host), so sctp_rcv()
# runs for the host's packets only.

BENCH_SRC=10.0.0.9		# the peer's flood source, its replies go nowhere
BENCH_NULL=10.0.0.7		# a destination the host's NIC drops
BENCH_PORT=4900			# in a discard range of discard and r1024-discard only
BENCH_SPORT=6199

bench_setup() {
	# The guest sees the TSC rate as "cpu MHz".
	bench_say "p4-cpu tsc_mhz=$(awk '/^cpu MHz/ { print $4; exit }' /proc/cpuinfo)" \
		"crc32c=$(crc32c_driver)"
	trace_setup || return
	echo 'vec == 3' >"$TR/events/irq/softirq_entry/filter" || return
	echo 'vec == 3' >"$TR/events/irq/softirq_exit/filter" || return
	in_peer ip addr add "$BENCH_SRC/32" dev "$PEER_IF" || return
	ip neigh replace "$BENCH_SRC" lladdr 02:00:00:00:00:09 dev "$HOST_IF" nud permanent || return
	in_peer ip neigh replace "$BENCH_NULL" lladdr 02:00:00:00:00:07 dev "$PEER_IF" nud permanent || return
	# sctp_ootb comes and goes in the rounds, always empty at first.
	rmmod sctp_ootb 2>/dev/null
	return 0
}

# table_one RANGE: sctp_ootb with one discard range.
table_one() {
	ootb_on && sctpctl flush && sctpctl add-range "$1"
}

# The host's counters: four of /proc/net/sctp/snmp, what veth0 sent, and
# sctp_ootb's totals.
counters() {
	echo "$(snmp SctpInSCTPPacks) $(snmp SctpOutCtrlChunks) $(snmp SctpOutOfBlues)" \
		"$(snmp SctpInPktDiscards) $(cat "/sys/class/net/$HOST_IF/statistics/tx_packets")" \
		"$(ootb_stat discarded) $(ootb_stat unmatched)"
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
	sirq=$(trace_stats 20)

	rcv="0 0 0"
	if [ "$case" != null ]; then	# no sctp_rcv() there
		trace_on bench || return
		flood "$dst" "$port" || return
		trace_off
		rcv=$(trace_stats 20 | cut -d' ' -f4-6)
	fi

	set -- $c0 $c1 $sirq $rcv
	# $1-$7 counters before, $8-$14 after; n, mean and median of S, R, G
	# from the first flood, then of R from the second
	bench_say "p4 round=$round case=$case port=$port sent=$BENCH_P4_COUNT" \
		"in=$(($8 - $1)) abort=$(($9 - $2)) ootb=$((${10} - $3))" \
		"discards=$((${11} - $4)) tx=$((${12} - $5))" \
		"hook_discarded=$((${13} - $6)) hook_unmatched=$((${14} - $7))" \
		"sirq_n=${15} sirq_cyc=${17} gap_n=${21} gap_cyc=${23}" \
		"rcv_n=${24} rcv_cyc=${26}"
}

p4_round() {
	local r=$1

	measure "$r" null "$BENCH_NULL" "$BENCH_PORT" || return
	conf_nohook || { fail "no hook registered" "one stays"; return; }
	measure "$r" stock "$HOST4" "$BENCH_PORT" || return
	nft "$NFT_RULES" || { fail "the nftables rule" "none"; return; }
	measure "$r" nft "$HOST4" "$BENCH_PORT" || return
	nft_off
	table_one 6000-6099 || return
	measure "$r" pass "$HOST4" "$BENCH_PORT" || return
	table_one 4800-4999 || return
	measure "$r" discard "$HOST4" "$BENCH_PORT" || return
	restore_1024 || return
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
trace_reset
in_peer ip addr del "$BENCH_SRC/32" dev "$PEER_IF"
ip neigh del "$BENCH_SRC" dev "$HOST_IF"
in_peer ip neigh del "$BENCH_NULL" dev "$PEER_IF"
exit 0
