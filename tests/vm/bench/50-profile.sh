# SPDX-License-Identifier: GPL-2.0
#
# Where P1's kernel time goes, for each case of BENCH_PROF_CASES (b, c, d
# of the patched boot), in one more P1 transfer of 1000-byte messages under
# SCHED_FIFO (not counted in P1's figures):
#   rcv   sctp_rcv() per call, from a kprobe and a kretprobe (TSC: guest
#         instructions under -icount), their own cost included: every
#         packet of the transfer, DATA to the host and SACK to the peer;
#   perf  perf record -a -g on the cpu-clock software event for as long as
#         the source runs (TCG has no PMU; under -icount the clock counts
#         guest instructions, so the samples do too): the top kernel symbols
#         by self time, and the inclusive share of each step of the
#         kernel's SCTP input.
# One "# bench prof ..." line per figure.

# The kernel's SCTP input and the steps inside it that the cases differ by.
PROF_SYMS="sctp_rcv sctp_ootb_hook_early_discard sctp_ootb_hook_discard
 __skb_checksum crc32c __sctp_rcv_lookup sctp_addrs_lookup_transport
 __sctp_rcv_lookup_endpoint sctp_rcv_ootb sctp_sf_ootb sctp_do_sm
 sctp_packet_transmit nft_do_chain_inet kfree_skb_reason raw_local_deliver
 ip_protocol_deliver_rcu"

prof_rcv() {	# CASE: the kprobe pass
	local c=$1 stats

	trace_on bench || return
	BENCH_P1_MSGS=$BENCH_PROF_MSGS p1_run "$c" 1000 fifo prof-rcv || return
	trace_off
	stats=$(trace_stats 50)
	# n, mean and median of S, R, G: R alone was traced
	set -- $stats
	bench_say "prof case=$c what=rcv calls=$4 mean_cyc=$5 median_cyc=$6"
}

prof_perf() {	# CASE: the perf pass, over the source's run
	local c=$1 d=$B/perf-$1.data total s

	P1_WRAP="perf record -o $d -a -g -e cpu-clock -F $BENCH_PROF_FREQ --" \
		BENCH_P1_MSGS=$BENCH_PROF_MSGS p1_run "$c" 1000 fifo prof-perf || return
	total=$(perf report -i "$d" --stdio 2>/dev/null |
		sed -n 's/^# Event count (approx.): //p' | head -n 1)
	bench_say "prof case=$c what=total event_count=${total:-0}" \
		"samples=$(perf report -i "$d" --stdio 2>/dev/null | sed -n 's/^# Samples: \([0-9.]*K*\).*/\1/p' | head -n 1)"
	# Top kernel symbols by self time.
	perf report -i "$d" --stdio --no-children --sort sym -g none 2>/dev/null |
		awk '/^ *[0-9.]+%/ && $2 == "[k]" && n++ < 10 { p = $1; sub(/%/, "", p); print p, $3 }' |
		while read -r p s; do
			bench_say "prof case=$c what=self pct=$p sym=$s"
		done
	# Inclusive shares of the SCTP input's steps.
	perf report -i "$d" --stdio --children --sort sym -g none 2>/dev/null >"$B/perf-$c.children"
	for s in $PROF_SYMS; do
		awk -v s="$s" '$NF == s && $1 ~ /%$/ { p = $1; sub(/%/, "", p); print p; exit }' \
			"$B/perf-$c.children" | while read -r p; do
			bench_say "prof case=$c what=incl pct=$p sym=$s"
		done
	done
}

prof_case() {
	local c=$1

	"conf_$c" || { fail "configuration $c" "failure"; return; }
	prof_rcv "$c" || return
	prof_perf "$c"
}

prof_setup() {
	trace_setup || return
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	# Emulated, a sample interrupt looks slow: keep the kernel from
	# lowering the sampling rate half-way.
	echo 0 >/proc/sys/kernel/perf_cpu_time_max_percent
	echo -1 >/proc/sys/kernel/sched_rt_runtime_us
}

check bench-prof-setup prof_setup
for c in $BENCH_PROF_CASES; do
	check "bench-prof-$c" prof_case "$c"
done
conf_nohook
trace_reset
exit 0
