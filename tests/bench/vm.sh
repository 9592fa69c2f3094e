#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM half of make bench: one boot of the patched kernel (QEMU TCG,
# -cpu max, as tests/vm/run.sh boots it) runs tests/vm/bench/patched/*.sh,
# which floods the host with out-of-the-blue INITs in several cases; this
# script prints the per-packet costs as ratios to the stock handling.
#
#   KVER=... [OUT=...] [BIN=...] tests/bench/vm.sh
#
# Environment: KVER, OUT, BIN as for tests/vm/run.sh; BENCH_COUNT INITs
# per flood (default 10000), BENCH_ROUNDS (default 7); VM_TIMEOUT (default
# 1200).  Images and logs go to $OUT/vm-bench/, apart from make check's.
#
# Costs are TCG costs: emulation skews them (no cache model, some
# instructions far dearer than on hardware), and another VM on the machine
# slows this one unevenly.  Only the ratios within one boot mean something,
# and their spread over the rounds says how much.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

: "${KVER:?set KVER to the kernel release to boot}"
OUT=${OUT:-$ROOT/build/$KVER}
BIN=${BIN:-$ROOT/build/bin}
BENCH_COUNT=${BENCH_COUNT:-10000}
BENCH_ROUNDS=${BENCH_ROUNDS:-7}
VMDIR=$OUT/vm-bench
SUITES=$VMDIR/suites

# The suite files with their parameters in front (only rewritten when they
# change, so the cached image stays valid).
mkdir -p "$SUITES/patched" || exit 2
for f in "$SUITES"/patched/*.sh; do
	[ -e "$ROOT/tests/vm/bench/patched/${f##*/}" ] || rm -f "$f"
done
for f in "$ROOT"/tests/vm/bench/patched/*.sh; do
	{
		echo "BENCH_COUNT=$BENCH_COUNT"
		echo "BENCH_ROUNDS=$BENCH_ROUNDS"
		cat "$f"
	} >"$SUITES/patched/${f##*/}.new"
	if cmp -s "$SUITES/patched/${f##*/}.new" "$SUITES/patched/${f##*/}"; then
		rm -f "$SUITES/patched/${f##*/}.new"
	else
		mv "$SUITES/patched/${f##*/}.new" "$SUITES/patched/${f##*/}"
	fi
done

# Always TCG (run.sh gives it -cpu max), whatever VM_ACCEL says.
echo "VM benchmark: $KVER, patched sctp.ko, QEMU TCG -cpu max (thread=${VM_TCG_THREAD:-single}), 2 vCPUs," \
	"$BENCH_ROUNDS rounds of $BENCH_COUNT INITs per case (log: $VMDIR/run.log)"
KVER=$KVER OUT=$OUT BIN=$BIN VM_BOOTS=patched VM_ACCEL=tcg VM_SUITE_DIR=$SUITES \
	VM_DIR=$VMDIR VM_TIMEOUT=${VM_TIMEOUT:-1200} \
	"$ROOT/tests/vm/run.sh" >"$VMDIR/run.log" 2>&1
rc=$?
RESULTS=$VMDIR/patched.results.txt
grep -E '^not ok|^# boot patched \(' "$VMDIR/run.log"
if [ "$rc" != 0 ] || ! grep -q '^# bench round=' "$RESULTS" 2>/dev/null; then
	echo "vm.sh: the VM benchmark did not run through (exit status $rc); see $VMDIR/run.log" >&2
	tail -n 5 "$VMDIR/run.log" >&2
	exit 1
fi
grep '^# bench cpu:' "$RESULTS" | sed 's/^# bench /guest /'

# One "# bench round=R case=C k=v..." line per case and round, with the
# medians over the flood's packets, in TSC cycles, of:
#   rcv   sctp_rcv(): the host's SCTP input, ABORT built and sent included;
#   sirq  the NET_RX softirq: the host's whole receive path (one INIT each),
#         counted above the null case's (the host's NIC drops the INIT).
# The emulation runs at one of two speeds, about 1.8x apart, from one flood
# to the next on a shared machine (the medians of a flood at the fast
# speed agree within a few per cent).  So each case keeps its best round
# (the lowest median), the ratio is best to best, and "fast" counts the
# rounds within 10% of the best: how many floods agree with it.
MHZ=$(sed -n 's/^# bench cpu: .*tsc \([0-9.]*\) MHz.*/\1/p' "$RESULTS")
awk -v count="$BENCH_COUNT" -v mhz="${MHZ:-0}" '
function kv(line, key,   re) {
	re = " " key "=[^ ]*"
	if (!match(line, re))
		return ""
	return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
}
function sort(a, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
}
function med(a, n) {
	sort(a, n)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# The best (lowest) per-flood median of key k for case c, in cycles;
# fast[c, k]: how many rounds are within 10% of it.
function best(c, k,   r, b, n) {
	b = -1
	for (r = 1; r <= rounds; r++)
		if (cnt[r, c, k] > 0 && (b < 0 || cnt[r, c, k] < b))
			b = cnt[r, c, k]
	for (r = 1; r <= rounds; r++)
		if (cnt[r, c, k] > 0 && cnt[r, c, k] <= 1.1 * b)
			n++
	fast[c, k] = n " of " rounds
	return b
}
function cell(v, ref, f) {
	if (v < 0 || ref <= 0)
		return sprintf("%6s %5s %-8s", "-", "-", "")
	return sprintf("%6.1f %5.2f %-8s", v / mhz, v / ref, f)
}
function counter(c, key,   r, n, v) {
	n = 0
	for (r = 1; r <= rounds; r++)
		if ((r, c, key) in cnt)
			v[++n] = cnt[r, c, key]
	return n ? sprintf("%.0f", med(v, n)) : "-"
}
/^# bench round=/ {
	r = kv($0, "round"); c = kv($0, "case")
	if (r + 0 > rounds) rounds = r + 0
	nk = split("in abort ootb discards tx hook_discarded hook_unmatched sirq_n sirq_cyc rcv_n rcv_cyc gap_n gap_cyc", K, " ")
	for (i = 1; i <= nk; i++)
		cnt[r, c, K[i]] = kv($0, K[i]) + 0
}
END {
	if (mhz <= 0) {
		print "vm.sh: no TSC frequency from the guest" > "/dev/stderr"
		exit 1
	}
	name["a"] = "(a) no hook: stock 8.4, ABORT"
	name["d"] = "(d) sctp_ootb, 1 range, port in none"
	name["b"] = "(b) sctp_ootb, port in a discard range"
	name["c"] = "(c) 1024 ranges, port in a discard one"
	name["e"] = "(e) 1024 ranges, port in none"
	nc = split("a d b c e", C, " ")
	null = best("null", "sirq_cyc")
	for (i = 1; i <= nc; i++) {
		c = C[i]
		rcv[c] = best(c, "rcv_cyc")
		sirq[c] = best(c, "sirq_cyc")
		if (sirq[c] > 0 && null > 0)
			sirq[c] -= null
	}
	printf "\nhost cost per INIT: the best of %d rounds of the median over a flood, in us, and its ratio to (a)\n", rounds
	printf "%-39s  %-21s %-21s\n", "", "sctp_rcv()", "NET_RX softirq - null"
	printf "%-39s", "case"
	for (i = 0; i < 2; i++)
		printf " %6s %5s %-8s", "us", "ratio", "fast"
	printf "\n"
	for (i = 1; i <= nc; i++) {
		c = C[i]
		printf "%-39s %s %s\n", name[c], cell(rcv[c], rcv["a"], fast[c, "rcv_cyc"]),
			cell(sirq[c], sirq["a"], fast[c, "sirq_cyc"])
	}
	printf "fast: rounds within 10%% of the best; null (NIC drop) %.1f us, fast %s\n",
		null / mhz, fast["null", "sirq_cyc"]
	printf "\nhost counters per flood of %d INITs (median over the rounds): SCTP MIB, veth0, sctpctl stats\n", count
	printf "%-39s %8s %7s %8s %10s %13s %9s %9s\n", "", "", "", "", "", "", "hook", "hook"
	printf "%-39s %8s %7s %8s %10s %13s %9s %9s\n", "case", "received", "ABORTs", "veth0 tx",
		"OutOfBlues", "InPktDiscards", "discarded", "unmatched"
	for (i = 1; i <= nc; i++) {
		c = C[i]
		printf "%-39s %8s %7s %8s %10s %13s %9s %9s\n", name[c], counter(c, "in"), counter(c, "abort"),
			counter(c, "tx"), counter(c, "ootb"), counter(c, "discards"),
			counter(c, "hook_discarded"), counter(c, "hook_unmatched")
	}
	printf "ABORTs: SctpOutCtrlChunks (the host has no association: every control chunk it sends is one)\n"
}' "$RESULTS"
