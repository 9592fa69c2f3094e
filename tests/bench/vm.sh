#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM half of make bench: one boot per configuration, since a loaded
# sctp.ko cannot be unloaded, each running its share of the benchmark
# suites of tests/vm/bench/, then tests/bench/report.py over all of them.
#
#   KVER=... [OUT=...] [BIN=...] tests/bench/vm.sh
#
# The configurations (BENCH_CONFIGS, in this order by default):
#   none     no sctp.ko in the image at all          P1 a
#   stock    Debian's sctp.ko, nftables rule         P1 d, P2 stock
#   global   the bench-only global-discard sctp.ko   P1 c
#   patched  ours: sctp.ko + sctp_ootb               P1 b c' d', P2, P4, P5, profile
#
# QEMU: TCG, -cpu max, one vCPU, -icount (BENCH_ICOUNT, default
# shift=0,sleep=off): the guest's clocks count guest instructions (1 ns
# each at shift 0) and skip idle time, so that a figure does not move with
# the host's load.  BENCH_LOAD=N runs N busy loops on the host meanwhile
# (to check exactly that).
#
# Environment (defaults in brackets): KVER, OUT, BIN as for tests/vm/run.sh;
# BENCH_RUNS [5] rounds of P1 and P2; BENCH_P1_MSGS [10000],
# BENCH_P1_SIZES ["1000 64"], BENCH_P1_SCHEDS ["fifo cfs"];
# BENCH_P2_BYTES [16M], BENCH_P2_WHERE ["free in"], BENCH_P2_SCHEDS [cfs];
# BENCH_P4_COUNT [5000], BENCH_P4_ROUNDS [3]; BENCH_P5_SIZES
# ["1 16 256 1024"], BENCH_P5_RUNS [5]; BENCH_PROF_CASES ["b c d"],
# BENCH_PROF_MSGS [4000], BENCH_PROF_FREQ [20000]; BENCH_SUITES (a subset
# of the suites, e.g. "10-p1"); VM_TIMEOUT [5400] per boot.  Everything goes
# to BENCH_DIR [$OUT/bench].

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

: "${KVER:?set KVER to the kernel release to boot}"
OUT=${OUT:-$ROOT/build/$KVER}
BIN=${BIN:-$ROOT/build/bin}
BENCH_CONFIGS=${BENCH_CONFIGS:-none stock global patched}
BENCH_ICOUNT=${BENCH_ICOUNT:-shift=0,sleep=off}
BENCH_LOAD=${BENCH_LOAD:-0}
BDIR=${BENCH_DIR:-$OUT/bench}

# The parameters every suite file gets in front of it.
params() {
	cat <<EOF
BENCH_RUNS="${BENCH_RUNS:-5}"
BENCH_P1_MSGS="${BENCH_P1_MSGS:-10000}"
BENCH_P1_SIZES="${BENCH_P1_SIZES:-1000 64}"
BENCH_P1_SCHEDS="${BENCH_P1_SCHEDS:-fifo cfs}"
BENCH_P2_BYTES="${BENCH_P2_BYTES:-16M}"
BENCH_P2_WHERE="${BENCH_P2_WHERE:-free in}"
BENCH_P2_SCHEDS="${BENCH_P2_SCHEDS:-cfs}"
BENCH_P4_COUNT="${BENCH_P4_COUNT:-5000}"
BENCH_P4_ROUNDS="${BENCH_P4_ROUNDS:-3}"
BENCH_P5_SIZES="${BENCH_P5_SIZES:-1 16 256 1024}"
BENCH_P5_RUNS="${BENCH_P5_RUNS:-5}"
BENCH_PROF_CASES="${BENCH_PROF_CASES:-b c d}"
BENCH_PROF_MSGS="${BENCH_PROF_MSGS:-4000}"
BENCH_PROF_FREQ="${BENCH_PROF_FREQ:-20000}"
EOF
}

# config NAME: BOOT, the suites it runs and what they run there.
config() {
	SCTP_DIR=$OUT/sctp TOOLS="/usr/bin/chrt /usr/sbin/nft /usr/bin/iperf3"
	case "$1" in
	none) BOOT=none SUITES="10-p1" P1="a" P2= ;;
	stock) BOOT=stock SUITES="10-p1 20-p2" P1="d" P2="stock" ;;
	global) BOOT=patched SUITES="10-p1" P1="c" P2=
		SCTP_DIR=$OUT/bench-global/sctp ;;
	patched) BOOT=patched SUITES="10-p1 20-p2 30-p4 40-p5 50-profile"
		P1="b c d" P2="nohook r1024" TOOLS="$TOOLS /usr/bin/perf" ;;
	*) echo "vm.sh: unknown configuration $1" >&2; return 1 ;;
	esac
}

# The suite files of a configuration, each with the bench helpers and the
# parameters in front (rewritten only when they change: the image cache).
suites() {
	local c=$1 dir=$BDIR/$1/suites/$BOOT s f
	mkdir -p "$dir" || return
	rm -f "$dir"/*.sh.new
	for s in $SUITES; do
		f=$dir/$s.sh
		{
			params
			printf 'BENCH_P1_CASES="%s"\nBENCH_P2_CASES="%s"\n' "$P1" "$P2"
			cat "$ROOT/tests/vm/bench/bench-lib.sh" "$ROOT/tests/vm/bench/$s.sh"
		} >"$f.new"
		if cmp -s "$f.new" "$f"; then rm -f "$f.new"; else mv "$f.new" "$f"; fi
	done
	for f in "$dir"/*.sh; do
		case " $SUITES " in *" $(basename "$f" .sh) "*) ;; *) rm -f "$f" ;; esac
	done
}

# Every line of the boot's results channel, stamped with the host's clock
# as it arrives: the wall-clock side of each transfer (report.py sets it
# against the guest's).  Read from the file QEMU writes, not from run.sh's
# output, which comes in late bursts through a pipe.
stamp() {
	local l
	while IFS= read -r l; do
		printf '%s %s\n' "$(date +%s.%N)" "${l%$'\r'}"
	done
}

LOAD_PIDS=
load_stop() {
	local p
	for p in $LOAD_PIDS; do kill "$p" 2>/dev/null; done
	LOAD_PIDS=
}
trap load_stop EXIT

mkdir -p "$BDIR" || exit 2
{
	# What was measured: the tree the modules and programs were built from.
	echo "commit=$("$ROOT/scripts/commit.sh" "$ROOT")"
	echo "kver=$KVER"
	echo "qemu=$(qemu-system-x86_64 --version | head -n 1)"
	echo "host_cpu=$(grep -m 1 '^model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "host_cpus=$(nproc)"
	echo "icount=$BENCH_ICOUNT"
	echo "load=$BENCH_LOAD"
	echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	params
} >"$BDIR/env.txt"

for _ in $(seq "$BENCH_LOAD"); do
	sh -c 'while :; do :; done' &
	LOAD_PIDS="$LOAD_PIDS $!"
done

rc=0
T0=$(date +%s)
for c in $BENCH_CONFIGS; do
	config "$c" || exit 2
	if [ -n "${BENCH_SUITES:-}" ]; then
		SUITES=$(for s in $SUITES; do
			case " $BENCH_SUITES " in *" $s "*) printf '%s ' "$s" ;; esac
		done)
		[ -n "$SUITES" ] || continue
	fi
	suites "$c" || exit 2
	start=$(date +%s)
	echo "VM benchmark: $KVER, configuration $c ($BOOT boot), QEMU TCG -cpu max -smp 1 -icount $BENCH_ICOUNT" \
		"(log: $BDIR/$c/harness.log)"
	rm -f "$BDIR/$c/$BOOT.results"
	(tail -n +1 -s 0.2 -F "$BDIR/$c/$BOOT.results" 2>/dev/null |
		stamp >"$BDIR/$c/run.log") &
	tailpid=$!
	KVER=$KVER OUT=$OUT BIN=$BIN VM_BOOTS=$BOOT VM_ACCEL=tcg VM_SMP=1 \
		VM_QEMU_ARGS="-icount $BENCH_ICOUNT" VM_SCTP_DIR=$SCTP_DIR \
		VM_SUITE_DIR=$BDIR/$c/suites VM_DIR=$BDIR/$c \
		VM_EXTRA_TOOLS="$TOOLS" VM_EXTRA_MODULES=nf_tables \
		VM_TIMEOUT=${VM_TIMEOUT:-5400} \
		"$ROOT/tests/vm/run.sh" >"$BDIR/$c/harness.log" 2>&1 || rc=1
	sleep 1
	pkill -P "$tailpid" 2>/dev/null
	kill "$tailpid" 2>/dev/null
	wait "$tailpid" 2>/dev/null
	grep -E '^(not ok|[0-9]+ passed)' "$BDIR/$c/harness.log" | sed 's/^/  /'
	echo "  $c: $(($(date +%s) - start)) s"
done
load_stop
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$BDIR/env.txt"
echo "total_s=$(($(date +%s) - T0))" >>"$BDIR/env.txt"

python3 "$HERE/report.py" "$BDIR" $BENCH_CONFIGS || rc=1
exit $rc
