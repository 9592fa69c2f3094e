# SPDX-License-Identifier: GPL-2.0
#
# Hook revision 3 and what came with it, each check against the fault it
# guards against:
#
#   no-hook-static-key   with nothing registered, sctp_rcv() does not even
#                        call into the hook (a kprobe on the out-of-line
#                        early path counts 0 for a flood), with a hook it
#                        does, and after the unload it does not again
#   hook-revision        a module shaped like revision 1 (ops with only
#                        .verdict, the old symbol name) is refused with a
#                        clear kernel log line; the hook stays as it was,
#                        free or ours, and traffic goes on as before
#   dump-intr            range dumps of a table larger than one message
#                        while another process replaces the table: every
#                        dump is one whole table or flagged NLM_F_DUMP_INTR
#   one-lookup           a table replaced between the early path's owned()
#                        and early_drop() (a range turned into an abort
#                        one): the drop is credited to the range that
#                        decided it
#   early-path-lockless  a usrsctp association on a discard range no kernel
#                        socket's hash chain shares: the early path never
#                        walks the bind hash under its lock; a port with a
#                        kernel socket bound to it does
#   monitor-audience     only CAP_NET_ADMIN may subscribe to the monitor
#                        group; an admin gets the requester's port id
#
# Each check fails with its fault put back (measured on 6.12.118+deb12):
#   no-hook-static-key   wrappers without the static branch: 100 calls
#                        into the hook for 50 INITs with nothing registered
#   hook-revision        the old name registering: the module loads
#   dump-intr            the table read before the generation: 5 of 150
#                        dumps mixed (e.g. 579 ranges of A, 421 of B) and
#                        not flagged
#   one-lookup           early_drop() looking the port up again: the abort
#                        range 7450 matched 1, 7400-7499 matched 0
#   early-path-lockless  no empty-chain test: 575 locked walks for 575
#                        packets
#   monitor-audience     the group without GENL_MCAST_CAP_NET_ADMIN: uid
#                        1000 subscribes
#
# dump-intr and one-lookup need the test build of the companion,
# sctp_ootb_t (tests/kmod/Kbuild: kmod/ootb built with OOTB_TEST), whose
# only difference is a delay at the race each check widens.  The suite
# unloads sctp_ootb first and loads it again at the end.

R3_TRACE=/sys/kernel/tracing
R3_T=/sys/module/sctp_ootb_t/parameters
R3_HAD_OOTB=0

# ---- kprobes on sctp.ko (tracefs) --------------------------------------------

r3_trace_up() {
	[ -d $R3_TRACE/events ] || mount -t tracefs nodev $R3_TRACE
}

# kp_add NAME SYMBOL: an enabled kprobe event ootbr3/NAME on sctp.ko's SYMBOL.
kp_add() {
	r3_trace_up || return
	grep -q " $2	\[sctp\]\$" /proc/kallsyms ||
		{ echo "no symbol $2 in sctp.ko (inlined?)"; return 1; }
	echo "p:ootbr3/$1 sctp:$2" >>$R3_TRACE/kprobe_events ||
		{ echo "kprobe on $2 refused"; return 1; }
	echo 1 >"$R3_TRACE/events/ootbr3/$1/enable"
}

kp_del() {
	echo 0 >"$R3_TRACE/events/ootbr3/$1/enable" 2>/dev/null
	echo "-:ootbr3/$1" >>$R3_TRACE/kprobe_events 2>/dev/null
	return 0
}

# kp_hits NAME: how often the kprobe NAME fired since it was added.
kp_hits() {
	awk -v n="$1" '$1 == n { print $2; f = 1 } END { if (!f) print -1 }' \
		$R3_TRACE/kprobe_profile
}

# r3_flood PORT N: N INITs from the peer to the host's PORT, then a pause
# for the last of them to land.
r3_flood() {
	in_peer ootbflood -s "$PEER4" -d "$HOST4" -p "$1" -n "$2" -l 7299 ||
		return
	sleep 1
}

hook_free() {
	[ ! -d /sys/module/sctp_ootb ] && [ ! -d /sys/module/sctp_ootb_t ] &&
	[ ! -d /sys/module/sctp_ootb_test ]
}

# ---- no-hook-static-key ----------------------------------------------------------

# r3_phase NAME: INITs to a port in no range; the kprobe's hits for them.
r3_phase() {
	local h0 h

	h0=$(kp_hits early)
	r3_flood 7390 50 || return
	h=$(kp_hits early)
	echo "$1: __sctp_ootb_hook_early_discard ran $((h - h0)) times for 50 INITs"
	echo "$((h - h0))" >"$(t_workdir)/$1.hits"
}

no_hook_static_key() {
	local w off on off2

	w=$(t_workdir)
	hook_free || { fail "the hook free" "$(lsmod | grep sctp_ootb)"; return; }
	kp_add early __sctp_ootb_hook_early_discard || return
	r3_phase nohook || return
	modprobe sctp_ootb_test ports=7390 || return
	r3_phase hooked
	rmmod sctp_ootb_test || return
	r3_phase unhooked || return
	kp_del early
	off=$(cat "$w/nohook.hits")
	on=$(cat "$w/hooked.hits")
	off2=$(cat "$w/unhooked.hits")
	t_say "# no-hook-static-key: calls into the hook for 50 INITs: $off before any hook, $on with one, $off2 after its unload"
	[ "$off" = 0 ] && [ "$off2" = 0 ] ||
		{ fail "no call into the hook without a registrant" "$off before the first, $off2 after the unload"; return; }
	[ "$on" -ge 50 ] ||
		{ fail "a call for each of 50 INITs with a registrant" "$on"; return; }
}

# ---- hook-revision ------------------------------------------------------------

REV1_LOG='sctp: refused an out-of-the-blue hook of revision 1 or 2 (from rev1_init'

# rev1_refused: loading sctp_ootb_rev1 fails with EPROTONOSUPPORT and one
# more refusal line, naming the module, is in the kernel log.
rev1_refused() {
	local n0 n out rc

	n0=$(dmesg | grep -c -F "$REV1_LOG")
	out=$(modprobe sctp_ootb_rev1 2>&1)
	rc=$?
	n=$(dmesg | grep -c -F "$REV1_LOG")
	echo "modprobe sctp_ootb_rev1 -> exit $rc: $out"
	dmesg | grep -e 'sctp_ootb_rev1' -e 'out-of-the-blue hook' | tail -n 3
	[ "$rc" != 0 ] && [ ! -d /sys/module/sctp_ootb_rev1 ] ||
		{ rmmod sctp_ootb_rev1 2>/dev/null
		  fail "the revision 1 module refused" "it loaded: $(dmesg | grep sctp_ootb_rev1 | tail -n 1)"; return; }
	case "$out" in
	*"Protocol not supported"*) ;;
	*) fail "modprobe to say 'Protocol not supported'" "'$out'"; return ;;
	esac
	[ "$n" = $((n0 + 1)) ] ||
		{ fail "one more kernel log line '$REV1_LOG...'" "$((n - n0)): $(dmesg | tail -n 1)"; return; }
	dmesg | grep -F "$REV1_LOG" | tail -n 1 | grep -q '\[sctp_ootb_rev1\]' ||
		{ fail "the refusal to name sctp_ootb_rev1" "$(dmesg | grep -F "$REV1_LOG" | tail -n 1)"; return; }
}

hook_revision() {
	local h0 h d0 d

	hook_free || { fail "the hook free" "$(lsmod | grep sctp_ootb)"; return; }
	# The hook free: refused, and it stays free (no call into it).
	rev1_refused || return
	kp_add early __sctp_ootb_hook_early_discard || return
	h0=$(kp_hits early)
	usrsctp_refused 4 7381 7382 || return
	h=$(kp_hits early)
	kp_del early
	echo "hook free after the refusal: $((h - h0)) calls into it"
	[ "$h" = "$h0" ] ||
		{ fail "the hook still free after the refusal" "$((h - h0)) calls into it"; return; }
	# The hook ours: refused, and ours keeps deciding.
	modprobe sctp_ootb_test ports=7380-7389 || return
	rev1_refused || { rmmod sctp_ootb_test; return 1; }
	d0=$(cat /sys/module/sctp_ootb_test/parameters/discarded)
	usrsctp_echoes 4 7383 7384 100 || { rmmod sctp_ootb_test; return 1; }
	d=$(($(cat /sys/module/sctp_ootb_test/parameters/discarded) - d0))
	rmmod sctp_ootb_test || return
	echo "the hook ours after the refusal: sctp_ootb_test discarded +$d"
	[ "$d" -gt 0 ] ||
		{ fail "sctp_ootb_test still deciding after the refusal" "+$d discarded"; return; }
	t_say "# hook-revision: refused twice (hook free, hook held); then $((h - h0)) calls into the free hook, +$d discards by the held one"
}

# ---- dump-intr ----------------------------------------------------------------

dump_intr() {
	local w rc line flagged

	w=$(t_workdir)
	echo 3000 >$R3_T/test_dump_delay_us || return
	ootbdumpintr -n 1000 -d 150 >"$w/dumps.log" 2>&1
	rc=$?
	echo 0 >$R3_T/test_dump_delay_us
	ootbnl flush >/dev/null
	cat "$w/dumps.log"
	line=$(grep '^dumps=' "$w/dumps.log")
	t_say "# dump-intr: 1000 ranges, a replace at any time, 3 ms between a part's two reads: $line"
	[ "$rc" = 0 ] ||
		{ fail "every dump one table or flagged" "exit $rc: $(grep -m 1 -e '^mixed' -e 'ootbdumpintr:' "$w/dumps.log") ($line)"; return; }
	flagged=$(echo "$line" | sed -n 's/.*flagged=\([0-9]*\).*/\1/p')
	[ "${flagged:-0}" -gt 0 ] ||
		{ fail "some dumps flagged (the replaces met the dumps)" "none: $line"; return; }
}

# ---- one-lookup -----------------------------------------------------------------

# r3_matched LO-HI: the matched counter of that range (-1: not in the table).
r3_matched() {
	ootbnl dump | awk -v lo="${1%-*}" -v hi="${1#*-}" '
		{ s = e = m = ""
		  for (i = 1; i <= NF; i++) {
			if ($i ~ /^start=/) s = substr($i, 7)
			if ($i ~ /^end=/) e = substr($i, 5)
			if ($i ~ /^matched=/) m = substr($i, 9) } }
		s == lo && e == hi { print m; f = 1 }
		END { if (!f) print -1 }'
}

# r3_stat NAME: a namespace total of ootbnl stats (stat-discarded...).
r3_stat() {
	ootbnl stats | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# r3_delayed N: owned() has held more than N packets.
r3_delayed() {
	[ "$(cat $R3_T/test_owned_delays)" -gt "$1" ]
}

one_lookup() {
	local w d0 a0 n0 wide narrow disc abrt aborts

	w=$(t_workdir)
	ootbnl replace-table 7400-7499:discard >/dev/null || return
	d0=$(r3_stat stat-discarded)
	a0=$(r3_stat stat-aborted)
	n0=$(cat $R3_T/test_owned_delays)
	echo 7450 >$R3_T/test_owned_delay_port
	echo 1500 >$R3_T/test_owned_delay_ms
	cap_start || return
	bg_start "$w/flood.log" in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 7450 -n 1 -l 7299
	wait_until 30 r3_delayed "$n0" ||
		{ echo 0 >$R3_T/test_owned_delay_ms
		  fail "the INIT held in owned()" "no delay in 30 s"; return; }
	# owned() has found 7400-7499 (discard); before early_drop(), the port
	# goes to an abort range of its own.
	ootbnl replace-table 7400-7499:discard 7450:abort >"$w/replace.log" 2>&1 ||
		{ echo 0 >$R3_T/test_owned_delay_ms; cat "$w/replace.log"; return 1; }
	sleep 3
	echo 0 >$R3_T/test_owned_delay_ms
	cap_stop
	wide=$(r3_matched 7400-7499)
	narrow=$(r3_matched 7450-7450)
	disc=$(($(r3_stat stat-discarded) - d0))
	abrt=$(($(r3_stat stat-aborted) - a0))
	aborts=$(cap_aborts_from "$HOST4")
	ootbnl dump
	echo "7400-7499 matched $wide, 7450 (abort) matched $narrow; discarded +$disc, aborted +$abrt; $aborts ABORT from the host"
	t_say "# one-lookup: an INIT held 1.5 s in owned() while 7450 became an abort range: 7400-7499 matched $wide, 7450 matched $narrow, discarded +$disc, aborted +$abrt, $aborts ABORT"
	ootbnl flush >/dev/null
	[ "$wide" = 1 ] && [ "$narrow" = 0 ] ||
		{ fail "the drop credited to 7400-7499 (matched 1), none to the new abort range 7450 (matched 0)" "7400-7499 matched $wide, 7450 matched $narrow"; return; }
	[ "$disc" = 1 ] && [ "$abrt" = 0 ] && [ "$aborts" = 0 ] ||
		{ fail "one discard, no abort, no ABORT sent" "discarded +$disc, aborted +$abrt, $aborts ABORT"; return; }
}

# ---- early-path-lockless ----------------------------------------------------------

early_path_lockless() {
	local w e0 walk0 e walk m0 m k0 k rc

	w=$(t_workdir)
	ootbnl replace-table 7500-7599 >/dev/null && in_peer ootbnl replace-table 7500-7599 >/dev/null || return
	kp_add walk sctp_ootb_port_walk || return
	kp_add early __sctp_ootb_hook_early_discard || return
	m0=$(r3_matched 7500-7599)
	e0=$(kp_hits early)
	walk0=$(kp_hits walk)
	usrsctp_echoes 4 7501 7502 200
	rc=$?
	e=$(($(kp_hits early) - e0))
	walk=$(($(kp_hits walk) - walk0))
	m=$(($(r3_matched 7500-7599) - m0))
	echo "usrsctp on 7501/7502: early path $e times, bind hash walked $walk times, range matched +$m"
	[ "$rc" = 0 ] || return
	# The control: a kernel socket bound to 7510 (not listening) puts a
	# bucket in that chain, and INITs to 7510 walk it under the lock.
	bg_start "$w/kbind.log" kbind -a "$HOST4" -p 7510
	wait_until 10 file_has "$w/kbind.log" "bound" ||
		{ fail "a kernel socket bound to 7510" "$(cat "$w/kbind.log")"; return; }
	k0=$(kp_hits walk)
	r3_flood 7510 50 || return
	k=$(($(kp_hits walk) - k0))
	kp_del walk
	kp_del early
	echo "50 INITs to 7510 with a kernel socket bound: bind hash walked $k times"
	t_say "# early-path-lockless: a usrsctp association of 200 messages on 7501/7502: $e early-path calls, $walk bind-hash walks (locked), range matched +$m; 50 INITs to a port with a kernel socket bound: $k walks"
	ootbnl flush >/dev/null
	in_peer ootbnl flush >/dev/null
	[ "$e" -ge 200 ] && [ "$m" -ge 200 ] ||
		{ fail "200 or more packets dropped on the early path" "$e calls, matched +$m"; return; }
	[ "$walk" = 0 ] ||
		{ cat /proc/net/sctp/eps; in_peer cat /proc/net/sctp/eps
		  fail "no locked walk of the bind hash for the usrsctp packets" "$walk walks for $e packets"; return; }
	[ "$k" -ge 50 ] ||
		{ fail "a walk per INIT to the port with a kernel socket bound (50)" "$k"; return; }
}

# ---- monitor-audience -----------------------------------------------------------

monitor_audience() {
	local w out rc pid line

	w=$(t_workdir)
	: >"$w/admin.txt"
	bg_start "$w/admin.txt" ootbnl monitor -t 60
	wait_until 30 file_has "$w/admin.txt" "monitor ready" ||
		{ fail "an admin listener of the monitor group" "$(tail -n 1 "$w/admin.txt")"; return; }
	out=$(setpriv --reuid=1000 --regid=1000 --clear-groups ootbnl monitor -t 2 2>&1)
	rc=$?
	echo "uid 1000: ootbnl monitor -> exit $rc: $out"
	ootbnl add 7600-7609 >"$w/add.txt" 2>&1 || { cat "$w/add.txt"; return 1; }
	pid=$(sed -n 's/.* portid=\([0-9]*\).*/\1/p' "$w/add.txt" | tail -n 1)
	wait_until 30 file_has "$w/admin.txt" "^add-range " ||
		{ fail "the admin to see the change" "$(cat "$w/admin.txt" | tr '\n' ';')"; return; }
	line=$(grep '^add-range ' "$w/admin.txt" | head -n 1)
	echo "admin: $line (requester's portid $pid)"
	t_say "# monitor-audience: uid 1000: $(echo "$out" | tail -n 1); admin: $line"
	ootbnl flush >/dev/null
	[ "$rc" != 0 ] ||
		{ fail "the unprivileged subscriber refused" "it subscribed: $(echo "$out" | tr '\n' ';')"; return; }
	case "$out" in
	*"NETLINK_ADD_MEMBERSHIP: Operation not permitted"*) ;;
	*) fail "NETLINK_ADD_MEMBERSHIP: Operation not permitted" "'$out'"; return ;;
	esac
	echo "$line" | grep -q " portid=$pid\( \|\$\)" ||
		{ fail "the admin to get portid=$pid" "'$line'"; return; }
}

# -------------------------------------------------------------------------

r3_setup() {
	if [ -d /sys/module/sctp_ootb ]; then
		R3_HAD_OOTB=1
		rmmod sctp_ootb || return
	fi
	hook_free
}

step setup-rev3-free r3_setup || return 0
check no-hook-static-key no_hook_static_key
check hook-revision hook_revision
step setup-rev3-testbuild modprobe sctp_ootb_t || return 0
check dump-intr dump_intr
check one-lookup one_lookup
check early-path-lockless early_path_lockless
check monitor-audience monitor_audience
step setup-rev3-testbuild-unload rmmod sctp_ootb_t
[ "$R3_HAD_OOTB" = 0 ] || step setup-rev3-reload modprobe sctp_ootb
