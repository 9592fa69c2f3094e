# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the systemd guests' checks (tests/system/guest/checks.sh and
# tests/secureboot/guest/checks.sh), sourced after lib.sh.

# ranges_of FILE...: the ranges of add-range lines (a config file or
# sctpctl save), one "LO-HI POLICY" per line, sorted.
ranges_of() {
	awk '$1 == "add-range" {
		r = $2; if (r !~ /-/) r = r "-" r
		p = "discard"
		for (i = 3; i < NF; i++) if ($i == "policy") p = $(i + 1)
		print r, p
	}' "$@" | sort
}

# unit_prop UNIT PROPERTY: its value, as systemctl shows it.
unit_prop() {
	systemctl show -p "$2" --value "$1"
}

# sysd_logs: for the console log the host keeps, every check's log, the
# units' journal and the kernel's.
sysd_logs() {
	check_logs
	echo "----- journal of sctp-ootb units -----"
	journalctl -b --no-pager -u 'sctp-ootb*' -u 'ootb-*'
	echo "----- dmesg -----"
	dmesg
	echo "----- end of dmesg -----"
}

# sysd_echo_survives: a usrsctp association from the peer to the
# echo_server started at boot (port 7, a discard range) echoes 20 messages
# next to the kernel's SCTP, with no ABORT, and the range counts packets.
sysd_echo_survives() {
	local before after rc

	wait_until 20 systemctl is-active -q ootb-echo.service ||
		{ fail "ootb-echo.service active" "$(unit_prop ootb-echo.service ActiveState)"; return; }
	before=$(sctpctl list | awk '$1 == "7-7" { print $NF }')
	usrsctp_echo "by echo_server" peer 4 7 6101 20
	rc=$?
	after=$(sctpctl list | awk '$1 == "7-7" { print $NF }')
	echo "range 7-7 matched: $before -> $after"
	if [ "$rc" != 0 ]; then
		ip -br link show "$HOST_IF"
		ip neigh show dev "$HOST_IF"
		in_peer ip neigh show dev "$PEER_IF"
		return 1
	fi
	[ "${after:-0}" -gt "${before:-0}" ] ||
		{ fail "range 7-7 to discard packets" "$before -> $after"; return; }
}

# doctor_finds WHAT PATTERN: doctor fails and its output matches PATTERN.
doctor_finds() {
	local out rc

	out=$(sctpctl doctor 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" != 0 ] || { fail "sctpctl doctor to fail when $1" "exit 0"; return; }
	echo "$out" | grep -q -i -e "$2" ||
		{ fail "sctpctl doctor to name $1 ($2)" "$(echo "$out" | head -n 1)"; return; }
}
