# SPDX-License-Identifier: GPL-2.0
#
# P1, usrsctp bulk throughput: BENCH_RUNS rounds of each case of
# BENCH_P1_CASES (this boot's share of a, b, c, d: see bench-lib.sh), each
# round every message size of BENCH_P1_SIZES under every scheduler of
# BENCH_P1_SCHEDS.

p1_suite $BENCH_P1_CASES
exit 0
