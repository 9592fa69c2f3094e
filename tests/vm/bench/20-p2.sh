# SPDX-License-Identifier: GPL-2.0
#
# P2, kernel SCTP bulk throughput (iperf3 --sctp): BENCH_RUNS rounds of
# each case of BENCH_P2_CASES (stock; nohook, r1024: see bench-lib.sh), each
# round the ports of BENCH_P2_WHERE under every scheduler of BENCH_P2_SCHEDS.

bench_rounds p2 "$BENCH_P2_WHERE" "$BENCH_P2_SCHEDS" $BENCH_P2_CASES
exit 0
