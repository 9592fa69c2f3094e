# SPDX-License-Identifier: GPL-2.0
#
# P5, the control plane: how long sctpctl takes, end to end (start-up,
# generic netlink, the module's work), for a table of N ranges of
# BENCH_P5_SIZES (the first N of ranges_1024; 1024 is a full table):
#   restore  replace the whole table by the N ranges (from the table
#            of N: the same work, counters kept)
#   dump     list the N ranges with their counters (sctpctl -j list)
#   add      add one range to a table of N - 1, which makes it N
#   stats    one request, no table work: the fixed cost of the tool
# each the median of BENCH_P5_RUNS runs (tests/prog/nstime), in guest time.

p5_measure() {	# OP SIZE CMD...: one "# bench p5" line
	local op=$1 size=$2 out

	shift 2
	out=$(nstime -n "$BENCH_P5_RUNS" "$@") ||
		{ fail "$op of $size ranges to work" "$out"; return; }
	# nstime: R runs: min MIN median MED max MAX us
	set -- $out
	bench_say "p5 op=$op size=$size runs=$2 min_us=$5 median_us=$7 max_us=$9"
}

p5_size() {
	local n=$1 f=$B/p5-ranges-$1 last

	ranges_1024 | head -n "$n" >"$f"
	sctpctl restore "$f" || { fail "restore of $n ranges" "failure"; return; }
	[ "$(ootb_stat ranges)" = "$n" ] ||
		{ fail "$n ranges in the table" "$(sctpctl stats | head -n 3)"; return; }
	p5_measure restore "$n" sctpctl restore "$f" || return
	p5_measure dump "$n" sctpctl -j list || return
	p5_measure stats "$n" sctpctl stats || return
	# The last range of the N goes and comes back: added to N - 1.
	last=$(tail -n 1 "$f" | awk '{ print $2 }')
	p5_measure add "$n" -b "sctpctl del-range $last" \
		sctpctl add-range $(tail -n 1 "$f" | cut -d' ' -f2-) || return
	[ "$(ootb_stat ranges)" = "$n" ] ||
		{ fail "$n ranges after the adds" "$(sctpctl stats | head -n 3)"; return; }
}

p5_suite() {
	local n

	conf_nohook
	modprobe sctp_ootb || { fail "sctp_ootb loaded" "failure"; return; }
	for n in $BENCH_P5_SIZES; do
		p5_size "$n" || return
	done
	sctpctl flush
	rmmod sctp_ootb
}

check bench-p5 p5_suite
exit 0
