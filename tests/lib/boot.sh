# SPDX-License-Identifier: GPL-2.0
#
# Boot a test guest in QEMU and collect what it reports: the one way the
# VM lane (tests/vm/run.sh) and the system lane (tests/system/run.sh) do
# it.  bash, on the host, sourced after tests/lib/check.sh.
#
# The guest prints its checks through tests/lib/check.sh on its second
# serial port (the results channel, T_FD3=1) and, last, once every check
# ran, the token "CHECKS-DONE KEY PASSED FAILED" (check_token).  The host
# counts the lines it sees; a boot whose channel has no token (a panic, an
# oops with panic_on_warn, a hang until the timeout, a guest that stopped
# early), whose token does not count those lines, or whose console shows a
# kernel BUG, WARNING, Oops, Call Trace, lockdep or KASAN report, is a
# failed check of its own, boot-NAME or console-NAME: a guest can only pass
# by saying so.
#
#   boot_start NAME DIR TIMEOUT KERNEL INITRD APPEND [QEMU-ARGS...]
#       start QEMU in the background: the console in DIR/NAME.console.log,
#       the results channel in DIR/NAME.results, QEMU's own output in
#       DIR/NAME.qemu.log; killed after TIMEOUT seconds.  APPEND comes
#       after "console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic".
#   boot_wait NAME KEY
#       wait for it to end, count its check lines (and show them, unless
#       BOOT_SHOWN=1: the caller followed the channel itself), then fail
#       boot-NAME or console-NAME as above.  Returns 1 when it failed.
#   boot_kill NAME, boot_kill_all
#       stop one boot, or every boot still running (an EXIT trap).
#   boot_seconds NAME
#       how long it ran.
#
# Settings: BOOT_ACCEL (default tcg,thread=$VM_TCG_THREAD, single-threaded
# unless VM_TCG_THREAD=multi), BOOT_CPU (default max), BOOT_SHOWN (0).

declare -A BOOT_PID BOOT_T0 BOOT_DIR BOOT_TIMEOUT

# What the console must never show (the dmesg dump at the end included),
# except the banners a debug kernel (make check-debug) prints at boot.
BOOT_KERNEL_ERRORS='BUG:|WARNING:|Oops|Call Trace|Kernel panic|general protection fault|KASAN|UBSAN|lockdep|possible recursive locking|possible circular locking|INFO: task .* blocked|rcu.*detected stall|kernel BUG'
BOOT_KERNEL_BANNERS='RCU lockdep checking is enabled'

boot_start() {
	local name=$1 dir=$2 limit=$3 kernel=$4 initrd=$5 append=$6

	shift 6
	BOOT_DIR[$name]=$dir
	BOOT_TIMEOUT[$name]=$limit
	BOOT_T0[$name]=$(date +%s)
	rm -f "$dir/$name.console.log" "$dir/$name.results.txt"
	: >"$dir/$name.results"
	timeout -k 10 "$limit" qemu-system-x86_64 \
		-accel "${BOOT_ACCEL:-tcg,thread=${VM_TCG_THREAD:-single}}" \
		-cpu "${BOOT_CPU:-max}" \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic $append" \
		-serial "file:$dir/$name.console.log" -serial "file:$dir/$name.results" \
		"$@" </dev/null >"$dir/$name.qemu.log" 2>&1 &
	BOOT_PID[$name]=$!
}

boot_kill() {
	[ -n "${BOOT_PID[$1]:-}" ] || return 0
	kill "${BOOT_PID[$1]}" 2>/dev/null
	wait "${BOOT_PID[$1]}" 2>/dev/null
	unset "BOOT_PID[$1]"
}

boot_kill_all() {
	local n

	for n in "${!BOOT_PID[@]}"; do
		boot_kill "$n"
	done
}

# The first kernel error of a console log (kernel lines only, those with
# a printk timestamp: the checks' logs dumped there are the tests' words).
boot_console_error() {
	tr -d '\r' <"$1" 2>/dev/null |
		grep -a -E '^\[ *[0-9]+\.[0-9]+\]' | grep -a -E "$BOOT_KERNEL_ERRORS" |
		grep -a -v -E "$BOOT_KERNEL_BANNERS" | head -n 1
}

boot_wait() {
	local name=$1 key=$2 dir=${BOOT_DIR[$1]} rc n tok line ret=0

	wait "${BOOT_PID[$name]}"
	rc=$?
	unset "BOOT_PID[$name]"
	tr -d '\r' <"$dir/$name.results" >"$dir/$name.results.txt"
	[ "${BOOT_SHOWN:-0}" = 1 ] ||
		grep -a -E '^(ok |not ok |# )' "$dir/$name.results.txt"
	grep -a -E '^(ok|not ok) ' "$dir/$name.results.txt" >>"$T_RESULTS"
	n=$(grep -a -c -E '^(ok|not ok) ' "$dir/$name.results.txt")
	tok=$(grep -a -m 1 "^CHECKS-DONE $key " "$dir/$name.results.txt")
	if [ -z "$tok" ]; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			result "not ok boot-$name: expected the success token, got a timeout after ${BOOT_TIMEOUT[$name]}s ($n checks reported; console: $dir/$name.console.log)"
		else
			result "not ok boot-$name: expected the success token, got none: the guest stopped early ($n checks reported; console: $dir/$name.console.log)"
		fi
		ret=1
	elif [ "$(echo "$tok" | awk '{ print $3 + $4 }')" != "$n" ]; then
		result "not ok boot-$name: expected a token for the $n checks seen, got: $tok"
		ret=1
	fi
	line=$(boot_console_error "$dir/$name.console.log")
	if [ -n "$line" ]; then
		result "not ok console-$name: expected a clean kernel log, got: $line (see $dir/$name.console.log)"
		ret=1
	fi
	return $ret
}

# How long boot NAME has run, in seconds.
boot_seconds() {
	echo $(($(date +%s) - BOOT_T0[$1]))
}
