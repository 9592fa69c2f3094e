# SPDX-License-Identifier: GPL-2.0
#
# P1, usrsctp bulk throughput: BENCH_RUNS rounds of each case of
# BENCH_P1_CASES (this boot's share of a, b, c, d: see bench-lib.sh), each
# round every message size of BENCH_P1_SIZES under every scheduler of
# BENCH_P1_SCHEDS.

bench_say "cpu model=\"$(grep -m 1 '^model name' /proc/cpuinfo | sed 's/.*: //')\"" \
	"sse4_2=$(grep -q -w sse4_2 /proc/cpuinfo && echo yes || echo no)" \
	"crc32c=$(crc32c_driver)" "cpus=$(nproc)"
bench_rounds p1 "$BENCH_P1_SIZES" "$BENCH_P1_SCHEDS" $BENCH_P1_CASES
exit 0
