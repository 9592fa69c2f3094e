# SPDX-License-Identifier: GPL-2.0
#
# The early path (hook rev 2): sctp_rcv() drops a packet before its
# checksum and lookups only when its port is in a discard range AND no
# kernel socket of the namespace is bound to that port.  What kernel
# sockets see must not change:
#   early-listener-v4/v6   a kernel listener inside a discard range gets its
#                          association and its data, and sctp_ootb decides
#                          none of its packets;
#   early-bad-crc-listener a packet with a wrong CRC32c to that listener is
#                          counted in SctpChecksumErrors, as by the stock
#                          module;
#   early-bound-port       the same for a kernel socket bound to a port of
#                          the range without listening, whose out-of-the-
#                          blue INITs the late path still silences;
# and what the early path does to a port that only usrsctp uses:
#   early-unbound-v4/v6    INITs are dropped silently and counted by
#                          sctp_ootb, no ABORT, and a wrong CRC32c is not
#                          even looked at (SctpChecksumErrors stays, the
#                          packets show in SctpInPktDiscards).
#
# Ports: the host's discard range 7100-7199 holds a kernel listener (7101,
# 7111 for IPv6), a kernel socket bound without listening (7102) and a port
# nobody in the kernel holds (7150).  The peer's kernel clients use
# 7201-7211, in no range.

EARLY_RANGE=7100-7199
EARLY_N=20

early_provision() {
	sctpctl flush && in_peer sctpctl flush && sctpctl add-range "$EARLY_RANGE"
}

# counters_now: SctpChecksumErrors SctpInPktDiscards SctpOutOfBlues
# SctpOutCtrlChunks and the range's matched counter, on one line.
counters_now() {
	echo "$(snmp SctpChecksumErrors) $(snmp SctpInPktDiscards)" \
		"$(snmp SctpOutOfBlues) $(snmp SctpOutCtrlChunks) $(matched "$EARLY_RANGE")"
}

# early_flood FAMILY PORT [-x]: EARLY_N INITs from the peer to the host's PORT.
early_flood() {
	in_peer ootbflood -s "$(addr_of peer "$1")" -d "$(addr_of host "$1")" \
		-p "$2" -n "$EARLY_N" -l 7299 ${3:-} || return
	sleep 1	# the last INITs still crossing the link
}

EARLY_COUNTERS="SctpChecksumErrors SctpInPktDiscards SctpOutOfBlues SctpOutCtrlChunks matched"

# expect_deltas BEFORE AFTER NAME=WANT...: each counter NAME (one of
# EARLY_COUNTERS, in the order of counters_now) grew by WANT.
expect_deltas() {
	local b=$1 a=$2 arg name i got

	shift 2
	for arg; do
		name=${arg%=*}
		i=$(echo $EARLY_COUNTERS | tr ' ' '\n' | grep -n -x "$name" | cut -d: -f1)
		got=$(( $(echo "$a" | cut -d' ' -f"$i") - $(echo "$b" | cut -d' ' -f"$i") ))
		[ "$name" = matched ] && name="$EARLY_RANGE matched"
		echo "$name +$got (expected +${arg#*=})"
		[ "$got" = "${arg#*=}" ] || { fail "$name +${arg#*=}" "+$got"; return; }
	done
}

# early_floods FAMILY PORT: the counters in C0, after EARLY_N INITs with
# a wrong CRC32c in C1, after EARLY_N valid ones (captured) in C2.
early_floods() {
	C0=$(counters_now)
	early_flood "$1" "$2" -x || return
	C1=$(counters_now)
	cap_start || return
	early_flood "$1" "$2" || return
	cap_stop
	C2=$(counters_now)
	echo "counters: $C0 / after wrong CRCs: $C1 / after valid INITs: $C2"
}

early_listener() {
	local fam=$1 sport=$2 cport=$3 m0 m1

	m0=$(matched "$EARLY_RANGE")
	kernel_sctp "$fam" "$sport" "$cport" || return
	m1=$(matched "$EARLY_RANGE")
	echo "range $EARLY_RANGE matched $m0 -> $m1"
	[ "$m0" = "$m1" ] ||
		{ fail "sctp_ootb to decide none of the association's packets" "matched $m0 -> $m1"; return; }
}

early_bad_crc_listener() {
	local c0 c1

	sctp_server "$(t_workdir)/server.log" "$HOST4" 7101 || return
	c0=$(counters_now)
	early_flood 4 7101 -x || return
	c1=$(counters_now)
	echo "counters before: $c0"
	echo "counters after:  $c1"
	expect_deltas "$c0" "$c1" SctpChecksumErrors="$EARLY_N" matched=0
}

early_bound_port() {
	local w=$(t_workdir)

	bg_start "$w/kbind.log" kbind -a "$HOST4" -p 7102
	wait_until 10 file_has "$w/kbind.log" "bound" ||
		{ fail "a kernel socket bound to 7102" "$(cat "$w/kbind.log")"; return; }
	early_floods 4 7102 || return
	expect_deltas "$C0" "$C1" SctpChecksumErrors="$EARLY_N" || return
	# The valid INITs: out of the blue, silenced by the late path.
	expect_deltas "$C1" "$C2" matched="$EARLY_N" SctpOutOfBlues=0 || return
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT in the capture" "$(cap_aborts)"; return; }
}

early_unbound() {
	early_floods "$1" 7150 || return
	expect_deltas "$C0" "$C1" SctpChecksumErrors=0 SctpInPktDiscards="$EARLY_N" \
		matched="$EARLY_N" || return
	expect_deltas "$C1" "$C2" SctpInPktDiscards="$EARLY_N" matched="$EARLY_N" \
		SctpOutOfBlues=0 SctpOutCtrlChunks=0 || return
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT in the capture" "$(cap_aborts)"; return; }
}

# -------------------------------------------------------------------------

# A flood of an earlier suite may still be running out its time bound; its
# packets would land in these checks' captures and counters.
no_flood() {
	! pidof ootbflood >/dev/null
}

step setup-early-quiet wait_until 90 no_flood || return 0
step setup-early-load modprobe sctp_ootb || return 0
step setup-early-provision early_provision || return 0

check early-listener-v4 early_listener 4 7101 7201
check early-listener-v6 early_listener 6 7111 7211
check early-bad-crc-listener early_bad_crc_listener
check early-bound-port early_bound_port
check early-unbound-v4 early_unbound 4
check early-unbound-v6 early_unbound 6
sctpctl flush
