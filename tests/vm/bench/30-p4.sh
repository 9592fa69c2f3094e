# SPDX-License-Identifier: GPL-2.0
#
# make bench, in the VM (patched boot): what out-of-the-blue INITs cost the
# host's kernel, with and without sctp_ootb deciding them.  Not a test: it
# reports measurements, as "# bench ..." lines that tests/bench/vm.sh turns
# into ratios; its checks only say that a measurement could be taken.
#
# The peer floods BENCH_COUNT INITs (tests/prog/ootbflood) to one port of
# the host in each case:
#   null  the host's NIC drops them (another MAC): sender and link alone
#   a     no hook registered: stock RFC 9260 8.4, one ABORT built and sent per INIT
#   d     sctp_ootb, 1 range, the port in none: stock handling through the hook
#   b     sctp_ootb, the port in a discard range (1 range)
#   c     sctp_ootb, 1024 ranges nested three deep, the port in a discard one
#   e     sctp_ootb, the same 1024 ranges, a port in none
# BENCH_ROUNDS rounds, each of every case in that order, "a" after rmmod
# sctp_ootb (sctp.ko itself cannot be unloaded).
#
# Per packet (see measure), from trace events with TSC timestamps, in two
# floods per case: the NET_RX softirq that receives the INIT (the host's
# whole receive path, and the ABORT it sends), and sctp_rcv() within it
# (kprobe and kretprobe: the host's SCTP input, ABORT built and sent
# included; their own cost is partly inside what they measure, which makes
# small figures look bigger).  tests/bench/vm.sh keeps each case's best
# round: the emulation's speed changes from one flood to the next.
# The second vCPU is taken offline: under single-threaded TCG the vCPUs
# take turns on one host thread while the guest's clock runs on.
# The flood comes from an address of the peer (BENCH_SRC) whose replies the
# host sends to a MAC nobody has: the ABORTs are built and leave veth0, but
# the peer's stack drops them on arrival (not for this host), so sctp_rcv()
# runs for the host's packets only.

BENCH_COUNT=${BENCH_COUNT:-10000}
BENCH_ROUNDS=${BENCH_ROUNDS:-7}
BENCH_SRC=10.0.0.9		# the peer's flood source, its replies go nowhere
BENCH_NULL=10.0.0.7		# a destination the host's NIC drops
BENCH_PORT=4900			# a, b, c, d: in a discard range of b and c only
BENCH_FREE_PORT=5060		# e: in no range of the 1024
BENCH_SPORT=6199
TR=/sys/kernel/tracing
B=$T_DIR/bench

# The 1024 ranges of tests/bench/table_bench.c (gen_ranges): 256 blocks of
# 256 ports, each a discard range over its first half holding an abort
# exception that holds a discard range, and a count range.  4900 is in the
# innermost discard range of block 19 (4897-4905), 5060 in no range.
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

bench_setup() {
	local l c

	mkdir -p "$B"
	# One vCPU (see above); the guest sees the TSC rate as "cpu MHz".
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$c" ] && { echo 0 >"$c" || return; }
	done
	t_say "# bench cpu: $(grep -m 1 '^model name' /proc/cpuinfo | sed 's/.*: //')," \
		"sse4_2 $(grep -q -w sse4_2 /proc/cpuinfo && echo yes || echo no)," \
		"tsc $(awk '/^cpu MHz/ { print $4; exit }' /proc/cpuinfo) MHz," \
		"crc32c $(awk '/^name/ { n = $3 } /^driver/ && n == "crc32c" { d = $3 } /^priority/ && n == "crc32c" && $3 > p { p = $3; best = d } END { print best }' /proc/crypto)"
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
	rmmod sctp_ootb 2>/dev/null
	[ ! -d /sys/module/sctp_ootb ]
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

# flood DST PORT: BENCH_COUNT INITs from the peer; fails unless all were sent.
flood() {
	local out

	out=$(in_peer ootbflood -s "$BENCH_SRC" -d "$1" -p "$2" -n "$BENCH_COUNT" \
		-l "$BENCH_SPORT" -t 600 2>&1)
	echo "$out"
	case "$out" in
	*"sent $BENCH_COUNT INIT"*) return 0 ;;
	esac
	fail "$BENCH_COUNT INITs sent" "$out"
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

uptime_s() {
	cut -d' ' -f1 /proc/uptime
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
	t_say "# bench round=$round case=$case port=$port sent=$BENCH_COUNT" \
		"in=$(($8 - $1)) abort=$(($9 - $2)) ootb=$((${10} - $3))" \
		"discards=$((${11} - $4)) tx=$((${12} - $5))" \
		"hook_discarded=$((${13} - $6)) hook_unmatched=$((${14} - $7))" \
		"sirq_n=${15} sirq_cyc=${16} gap_n=${19} gap_cyc=${20}" \
		"rcv_n=$(echo $rcv | cut -d' ' -f3) rcv_cyc=$(echo $rcv | cut -d' ' -f4)"
}

bench_round() {
	local r=$1

	measure "$r" null "$BENCH_NULL" "$BENCH_PORT" || return
	table_none || { fail "sctp_ootb unloaded" "it stays"; return; }
	measure "$r" a "$HOST4" "$BENCH_PORT" || return
	table_one 6000-6099 || return
	measure "$r" d "$HOST4" "$BENCH_PORT" || return
	table_one 4800-4999 || return
	measure "$r" b "$HOST4" "$BENCH_PORT" || return
	table_1024 || return
	measure "$r" c "$HOST4" "$BENCH_PORT" || return
	measure "$r" e "$HOST4" "$BENCH_FREE_PORT" || return
	rmmod sctp_ootb
}

t_say "# bench count=$BENCH_COUNT rounds=$BENCH_ROUNDS"
check bench-setup bench_setup
grep -q '^not ok bench-setup' "$T_RESULTS" && exit 0
i=1
while [ "$i" -le "$BENCH_ROUNDS" ]; do
	check "bench-round-$i" bench_round "$i"
	i=$((i + 1))
done
exit 0
