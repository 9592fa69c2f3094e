# SPDX-License-Identifier: GPL-2.0
# sets: core
#
# The companion module sctp_ootb and sctpctl, end to end: the user's flow
# (modprobe, sctpctl add-range, usrsctp owns those ports) next to kernel
# SCTP, the policies, counters, namespaces, bad input, permissions, the
# module parameter and unloading under traffic.
#
# Ports: the host's table gives usrsctp 5100-5199 (with 5155 kept as an
# RFC "abort" exception), the peer's table 6100-6199 (the usrsctp clients'
# local ports and a usrsctp server there); kernel SCTP uses 7001-7002;
# 7100-7110 is a dry-run "count" range and 8000-8010 an idle one.

USR_RANGE=5100-5199
PEER_RANGE=6100-6199

# The user's provisioning: both ends of the link give usrsctp its ports.
ootb_provision() {
	ctl flush && peer_ctl flush &&
	ctl add-range "$USR_RANGE" &&
	ctl add-range 5155 policy abort &&
	ctl add-range 7100-7110 policy count &&
	ctl add-range 8000-8010 &&
	peer_ctl add-range "$PEER_RANGE"
}

# flood_to FAMILY PORT COUNT: COUNT INIT packets from the peer to the
# host's PORT, over the link (out of the blue for the host's kernel).
flood_to() {
	in_peer ootbflood -s "$(addr_of peer "$1")" -d "$(addr_of host "$1")" \
		-p "$2" -n "$3" -l 6199
}

# -------------------------------------------------------------------------

# associated_or_done DIR: the usrsctp client of DIR is associated or gone.
associated_or_done() {
	file_has "$1/client.log" "associated," || test -s "$1/uclient.rc"
}

# mixed_deploy FAMILY SPORT CPORT KPORT KCPORT: on the host a usrsctp echo
# server (SPORT, in a discard range) and a kernel SCTP server (KPORT, in no
# range); from the peer both at once: 1000 messages echoed intact by
# usrsctp, data through the kernel association, no ABORT in the capture.
mixed_deploy() {
	local fam=$1 sport=$2 cport=$3 kport=$4 kcport=$5 rc krc msgs d0 d
	local host=$(addr_of host "$1") peer=$(addr_of peer "$1") w=$(t_workdir)

	d0=$(matched "$USR_RANGE")
	usrsctp_server host "$fam" "$sport" || return
	sctp_server "$w/kserver.log" "$host" "$kport" || return
	cap_start || return
	(usrsctp_client peer "$fam" "$sport" "$cport" 1000 -t 120 >"$w/uclient.out"
		echo $? >"$w/uclient.rc") 3>&- &
	T_BG_PIDS="$T_BG_PIDS $!"
	# The kernel association runs while usrsctp's does, from the moment
	# the usrsctp client is associated: until usrsctp_init() has returned
	# and the blackhole is set, usrsctp answers every SCTP packet on the
	# peer, the kernel's included, as out of the blue (see sctp-ootb(7)).
	wait_until 60 associated_or_done "$w"
	(in_peer timeout 60 sctp_test -H "$peer" -P "$kcport" -h "$host" -p "$kport" \
		-s -c 1 -x 1 >"$w/kclient.log" 2>&1; echo $? >"$w/kclient.rc") 3>&- &
	T_BG_PIDS="$T_BG_PIDS $!"
	wait_until 150 test -s "$w/uclient.rc"
	rc=$(cat "$w/uclient.rc" 2>/dev/null)
	cat "$w/uclient.out"
	wait_until 60 test -s "$w/kclient.rc"
	krc=$(cat "$w/kclient.rc" 2>/dev/null)
	wait_until 10 file_has "$w/kserver.log" SHUTDOWN_COMPLETE
	cap_stop
	msgs=$(grep -c 'recvmsg.*Data' "$w/kserver.log")
	d=$(($(matched "$USR_RANGE") - d0))
	echo "kernel client exit status ${krc:-none}, kernel server got $msgs messages;" \
		"range $USR_RANGE matched +$d"
	tail -n 3 "$w/kclient.log"
	if demo_this; then
		demo "  usrsctp client: $(client_line)"
		demo "  kernel  client: sctp_test exit ${krc:-none}, the kernel server got $msgs messages"
		demo "  capture: $(cap_lines | wc -l) SCTP packets, $(cap_aborts_from "$host") ABORT from the host; $USR_RANGE discarded +$d OOTB packets"
	fi
	[ "$rc" = 0 ] && grep -q "OK 1000/1000 " "$w/client.log" ||
		{ fail "1000 messages echoed intact by usrsctp" "'$(client_line)'"; return; }
	[ "$krc" = 0 ] && [ "$msgs" -ge 10 ] ||
		{ fail "the kernel association to deliver >= 10 messages" "exit ${krc:-none}, $msgs messages"; return; }
	[ "$(cap_aborts_from "$host")" = 0 ] ||
		{ fail "no ABORT from $host" "$(cap_from "$host" | grep -m 1 ABORT)"; return; }
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT from the peer either" "$(grep -m 1 ABORT "$w/cap.txt")"; return; }
	[ "$d" -gt 0 ] ||
		{ fail "the usrsctp range to count discarded packets" "+$d"; return; }
}

# A usrsctp client on the host, bound to a local port of a discard range,
# to a usrsctp server on the peer: without the range the host's kernel
# answers the server's packets to that port (INIT ACK, then the echoes)
# with ABORTs and the client fails; with the range it works.
usrsctp_client_out() {
	local w=$(t_workdir) rc

	usrsctp_server peer 4 6150 || return
	ctl del-range "$USR_RANGE" || return
	cap_start "$T_NAME-norange" || return
	usrsctp_client host 4 6150 5150 10 -t 10
	rc=$?
	cap_stop "$T_NAME-norange"
	cp "$w/client.log" "$w/client-norange.log"
	ctl add-range "$USR_RANGE" || return
	[ "$rc" != 0 ] ||
		{ fail "the client to fail without the range" "'$(tail -n 1 "$w/client-norange.log")'"; return; }
	[ "$(cap_aborts_from "$HOST4" "$T_NAME-norange")" -gt 0 ] ||
		{ fail "an ABORT from $HOST4 without the range" "none"; return; }
	# Another local port: the server may still hold the association the
	# host's ABORTs broke, and a restart is not what this check is about.
	usrsctp_echo "with the range" host 4 6150 5151 100
}

# aborts_for FAMILY PORT COUNT: INITs from the peer to PORT; prints how many
# ABORTs the host sent back.
aborts_for() {
	local name=$T_NAME-$2

	cap_start "$name" >&2 || return
	flood_to "$1" "$2" "$3" >&2
	cap_stop "$name" >&2
	echo "$(cap_aborts_from "$(addr_of host "$1")" "$name")"
}

# 5155 is an "abort" exception inside the discard range 5100-5199.
policy_abort() {
	local a154 a155 a156 m0 m

	m0=$(matched 5155-5155)
	a154=$(aborts_for 4 5154 5) || return
	a155=$(aborts_for 4 5155 5) || return
	a156=$(aborts_for 4 5156 5) || return
	m=$(($(matched 5155-5155) - m0))
	echo "ABORTs from the host: port 5154 $a154, 5155 $a155, 5156 $a156; 5155 matched +$m"
	[ "$a155" -ge 5 ] ||
		{ fail "5 ABORTs for 5 INITs to 5155 (policy abort)" "$a155"; return; }
	[ "$a154" = 0 ] && [ "$a156" = 0 ] ||
		{ fail "no ABORT for the discarded neighbours 5154 and 5156" "$a154 and $a156"; return; }
	[ "$m" = 5 ] ||
		{ fail "5155's counter +5" "+$m"; return; }
}

# A "count" range answers as stock and counts what it would have discarded.
policy_count() {
	local a m0 c0 m c

	m0=$(matched 7100-7110)
	c0=$(ootb_stat counted)
	a=$(aborts_for 4 7105 5) || return
	m=$(($(matched 7100-7110) - m0))
	c=$(($(ootb_stat counted) - c0))
	echo "ABORTs from the host for 7105: $a; 7100-7110 matched +$m; counted +$c"
	[ "$a" -ge 5 ] ||
		{ fail "5 ABORTs for 5 INITs to 7105 (policy count)" "$a"; return; }
	[ "$m" = 5 ] && [ "$c" = 5 ] ||
		{ fail "the range and the 'counted' total +5" "+$m and +$c"; return; }
}

# After del-range, and after flush, the stock failure is back.
del_range_restores() {
	local w=$(t_workdir) rc

	usrsctp_server host 4 5101 || return
	usrsctp_client peer 4 5101 6101 10 || return
	ctl del-range "$USR_RANGE" || return
	usrsctp_client peer 4 5101 6102 10 -t 20
	cp "$w/client.log" "$w/client-del.log"
	ctl add-range "$USR_RANGE" || return
	usrsctp_client peer 4 5101 6103 10 ||
		{ fail "the association back once the range is back" "'$(client_line)'"; return; }
	ctl flush || return
	cap_start || return
	usrsctp_client peer 4 5101 6104 10 -t 20
	rc=$?
	cap_stop
	[ -z "$(sctpctl list)" ] ||
		{ fail "an empty table after flush" "$(sctpctl list | head -n 1)"; return; }
	connect_refused "$w/client-del.log" ||
		{ fail "'Connection refused' after del-range" "'$(tail -n 1 "$w/client-del.log")'"; return; }
	[ "$rc" != 0 ] && connect_refused ||
		{ fail "'Connection refused' after flush" "'$(client_line)'"; return; }
	[ "$(cap_aborts_from "$HOST4")" -gt 0 ] ||
		{ fail "an ABORT from $HOST4 after flush" "none"; return; }
}

# The usrsctp range counts what it discards, the idle one nothing.  The
# traffic is the check's own (5 INITs to 5150), so that it passes or
# fails alone as in the whole suite.
usr_range_grew() {
	[ "$(($(matched "$USR_RANGE") - $1))" -ge 5 ]
}

counters() {
	local busy0 busy idle

	busy0=$(matched "$USR_RANGE")
	flood_to 4 5150 5 || return
	wait_until 10 usr_range_grew "$busy0"
	ctl list
	busy=$(($(matched "$USR_RANGE") - busy0))
	idle=$(matched 8000-8010)
	[ "$busy" -ge 5 ] ||
		{ fail "matched +5 or more on $USR_RANGE" "+$busy"; return; }
	[ "$idle" = 0 ] ||
		{ fail "matched 0 on the idle 8000-8010" "$idle"; return; }
	[ "$(ctl -j list | grep -c '"start":8000,"end":8010,"policy":"discard","matched":0')" = 1 ] ||
		{ fail "the idle range in the JSON list" "$(ctl -j list)"; return; }
}

# A range of the host's namespace does nothing for the peer's: a usrsctp
# server on the peer (port 6505, in no range of the peer) is refused by the
# peer's kernel although the host's table has 6500-6510; once the peer's
# own table has it, the association works.
netns_isolation() {
	local w=$(t_workdir)

	ctl add-range 6500-6510 || return
	# sctpctl -n enters the namespace itself, as ip -n does.
	sctpctl -n "$PEER_NS" list | grep -q '^6500-6510 ' &&
		{ fail "6500-6510 absent from the peer's table" "present"; return; }
	sctpctl -n "$PEER_NS" list | grep -q "^$PEER_RANGE " ||
		{ fail "sctpctl -n $PEER_NS to list the peer's table" "$(sctpctl -n "$PEER_NS" list 2>&1 | head -n 1)"; return; }
	usrsctp_server peer 4 6505 || return
	usrsctp_client host 4 6505 6501 10 -t 20
	cp "$w/client.log" "$w/client-hostonly.log"
	connect_refused "$w/client-hostonly.log" ||
		{ fail "'Connection refused' with the range in the host's table only" "'$(tail -n 1 "$w/client-hostonly.log")'"; return; }
	peer_ctl add-range 6500-6510 || return
	usrsctp_client host 4 6505 6502 10 ||
		{ fail "the association once the peer's table has the range" "'$(client_line)'"; return; }
	peer_ctl del-range 6500-6510 && ctl del-range 6500-6510
}

# bad_one EXPECTED_PATTERN ARGS...: sctpctl ARGS must exit 1 or 2 with one
# line on stderr matching the pattern, and nothing on stdout.
bad_one() {
	local pat=$1 rc lines

	shift
	sctpctl "$@" >"$T_DIR/bad.out" 2>"$T_DIR/bad.err"
	rc=$?
	lines=$(wc -l <"$T_DIR/bad.err")
	echo "sctpctl $* -> exit $rc: $(cat "$T_DIR/bad.err")"
	case "$rc" in
	1|2) ;;
	*) fail "exit 1 or 2 from 'sctpctl $*'" "$rc"; return ;;
	esac
	[ "$lines" = 1 ] && grep -qi -- "$pat" "$T_DIR/bad.err" ||
		{ fail "one line matching '$pat' from 'sctpctl $*'" "$lines: $(head -n 2 "$T_DIR/bad.err")"; return; }
}

bad_input() {
	local before after

	before=$(sctpctl list) || return
	bad_one 'port' add-range 0 || return
	bad_one 'port' add-range 65536 || return
	bad_one 'after' add-range 5-3 || return
	bad_one 'abc' add-range abc || return
	bad_one '5000-' add-range 5000- || return
	bad_one 'overlap' add-range 5150-5250 || return
	bad_one 'policy' add-range 9000 policy drop || return
	bad_one 'no such range' del-range 9100-9200 || return
	bad_one 'exists' add-range "$USR_RANGE" || return
	after=$(sctpctl list)
	[ "$before" = "$after" ] ||
		{ fail "the same list before and after" "a change: $(echo "$after" | tr '\n' ';')"; return; }
}

# Without CAP_NET_ADMIN: reading works, changing does not.
unprivileged() {
	local before after c rc

	before=$(sctpctl list) || return
	for c in "add-range 9300" "del-range $USR_RANGE" "flush"; do
		# shellcheck disable=SC2086
		setpriv --reuid=65534 --regid=65534 --clear-groups sctpctl $c \
			>/dev/null 2>"$T_DIR/unpriv.err"
		rc=$?
		echo "unprivileged sctpctl $c -> exit $rc: $(cat "$T_DIR/unpriv.err")"
		[ "$rc" = 1 ] && grep -qi 'permission' "$T_DIR/unpriv.err" ||
			{ fail "exit 1 and a permission error from '$c'" "exit $rc: $(cat "$T_DIR/unpriv.err")"; return; }
	done
	[ "$(setpriv --reuid=65534 --regid=65534 --clear-groups sctpctl list)" = "$before" ] ||
		{ fail "an unprivileged list to read the table" "something else"; return; }
	after=$(sctpctl list)
	[ "$before" = "$after" ] ||
		{ fail "the same list before and after" "a change"; return; }
}

# Ranges given to modprobe are in force at once.
param_init() {
	local want got a154 a155

	rmmod sctp_ootb || return
	modprobe sctp_ootb ranges=5100-5199,5155:abort || return
	want=$(printf '5100-5199 discard matched 0\n5155-5155 abort matched 0')
	got=$(sctpctl list)
	echo "$got"
	[ "$got" = "$want" ] ||
		{ fail "the parameter's two ranges" "$(echo "$got" | tr '\n' ';')"; return; }
	peer_ctl add-range "$PEER_RANGE" || return
	a154=$(aborts_for 4 5154 3) || return
	a155=$(aborts_for 4 5155 3) || return
	[ "$a154" = 0 ] && [ "$a155" -ge 3 ] ||
		{ fail "5154 discarded and 5155 aborted" "$a154 and $a155 ABORTs"; return; }
	rmmod sctp_ootb && modprobe sctp_ootb ranges=5000-4000 2>/dev/null &&
		{ fail "a bad parameter to fail the load" "it loaded"; return; }
	dmesg | tail -n 3 | grep -q 'ranges="5000-4000"' ||
		{ fail "the kernel log to name the bad parameter" "$(dmesg | tail -n 1)"; return; }
	modprobe sctp_ootb
}

# Remove and load the companion three times while INITs flow to discard
# and non-range ports; the table comes back empty each time.
unload_under_traffic() {
	local w=$(t_workdir) i in0 in

	in0=$(snmp SctpInSCTPPacks)
	bg_start "$w/flood1.log" in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 5100-5199 -t 60 -l 6198
	bg_start "$w/flood2.log" in_peer ootbflood -s "$PEER6" -d "$HOST6" -p 9000-9010 -t 60 -l 6199
	for i in 1 2 3; do
		sleep 1
		rmmod sctp_ootb || { fail "rmmod under traffic" "failure"; return; }
		sleep 1
		modprobe sctp_ootb || { fail "modprobe under traffic" "failure"; return; }
		[ -z "$(sctpctl list)" ] ||
			{ fail "an empty table after reload $i" "$(sctpctl list | head -n 1)"; return; }
		ctl add-range "$USR_RANGE" || return
	done
	in=$(($(snmp SctpInSCTPPacks) - in0))
	echo "host SctpInSCTPPacks +$in during the reloads"
	[ "$in" -gt 100 ] ||
		{ fail "OOTB traffic during the reloads" "+$in packets"; return; }
	dmesg | grep -E 'WARNING|BUG|Oops|Call Trace' &&
		{ fail "a clean kernel log" "the lines above"; return; }
	return 0
}

# -------------------------------------------------------------------------

step setup-ootb-load modprobe sctp_ootb || return 0
step setup-ootb-status sctpctl status || return 0
step setup-ootb-provision ootb_provision || return 0

T_DEMO_CHECKS=mixed-deploy-v4
demo "== patched sctp.ko + sctp_ootb: sctpctl add-range $USR_RANGE; usrsctp on $HOST4:5101 and kernel SCTP (sctp_test) on $HOST4:7001, both used at once"
check mixed-deploy-v4 mixed_deploy 4 5101 6101 7001 7002
check mixed-deploy-v6 mixed_deploy 6 5111 6111 7003 7004
check usrsctp-client usrsctp_client_out
check outside-range-abort ootb_abort 4 9001 6120
check policy-abort policy_abort
check policy-count policy_count
check counters counters
check netns-isolation netns_isolation
check bad-input bad_input
check unprivileged unprivileged
check del-range-restores del_range_restores
step setup-ootb-reprovision ootb_provision
check param-init param_init
check unload-under-traffic unload_under_traffic
