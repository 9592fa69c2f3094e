# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the checks that run inside the test VM (sh: dash or busybox
# ash; `local` is the one extension used).
#
# The checks are written with tests/lib/check.sh, shipped next to this
# file; their lines go to the console and to the results channel (fd 3, the
# VM's second serial port).  Lines starting with "demo " are the excerpts
# that `run.sh --demo` shows.
#
# Topology (set up once per boot by init, see topo_up): this namespace is
# the "host" (HOST4/HOST6 on veth0), namespace "peer" is the other end of
# the link (PEER4/PEER6 on veth1).  SCTP checksum offload is off on both ends
# so that each stack sees the checksums the other computed, as on a wire
# (on loopback the kernel's ABORTs carry no valid CRC and usrsctp ignores
# them: a test there would pass with or without the fix).

T_DIR=${T_DIR:-/tmp/t}
T_FD3=1
T_DEMO=${T_DEMO:-0}
T_DEMO_CHECKS=${T_DEMO_CHECKS:-}
T_BG_PIDS=

HOST4=10.0.0.1
PEER4=10.0.0.2
HOST6=fd00::1
PEER6=fd00::2
HOST_IF=veth0
PEER_IF=veth1
PEER_NS=peer

. "${T_LIB:-/tests}/check.sh"

# Whatever a check started with bg_start or cap_start is stopped after it.
check_cleanup() {
	bg_stop_all
}

# knob NAME DEFAULT: the value of ootbtest.NAME=VALUE on the kernel command
# line (VM_APPEND), or DEFAULT: how a suite scales its work down.
knob() {
	local v=$(tr ' ' '\n' </proc/cmdline | sed -n "s/^ootbtest\.$1=//p")

	echo "${v:-$2}"
}

# ---- output ---------------------------------------------------------------

t_say() {
	check_say "$@"
}

t_say_lines() {
	check_say_lines
}

t_result() {
	result "$1"
}

# demo TEXT: a line for `run.sh --demo` (nothing in a normal run).
demo() {
	[ "$T_DEMO" = 1 ] || return 0
	t_say "demo $*"
}

# Does the running check show its details in the demo?  A suite names the
# checks it wants shown in T_DEMO_CHECKS.
demo_this() {
	[ "$T_DEMO" = 1 ] || return 1
	case " $T_DEMO_CHECKS " in
	*" $T_NAME "*) return 0 ;;
	esac
	return 1
}

# Capture lines cut down to addresses and chunk names.
demo_packets() {
	sed -e :a -e 's/\] \[[^]]*\]/]/' -e ta -e 's/ *$//'
}

# ---- waiting --------------------------------------------------------------

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds; 1 on timeout.
wait_until() {
	local left=$(($1 * 10))

	shift
	while ! "$@" >/dev/null 2>&1; do
		left=$((left - 1))
		[ "$left" -gt 0 ] || return 1
		sleep 0.1
	done
}

file_has() {
	grep -q -- "$2" "$1" 2>/dev/null
}

# uptime_s: seconds since boot; secs_since T [DIGITS]: seconds since T (an
# uptime_s), with DIGITS decimals (default 1).
uptime_s() {
	cut -d' ' -f1 /proc/uptime
}

secs_since() {
	awk -v a="$1" -v b="$(uptime_s)" -v d="${2:-1}" 'BEGIN { printf "%." d "f", b - a }'
}

# ---- background processes --------------------------------------------------

# bg_start LOG CMD...: start CMD in the background, output to LOG; it is
# stopped when the check ends.
bg_start() {
	local log=$1

	shift
	"$@" >"$log" 2>&1 3>&- &
	T_BG_PIDS="$T_BG_PIDS $!"
}

# The children of process $1, from /proc (busybox has no pkill).
children_of() {
	local parent=$1 s line

	for s in /proc/[0-9]*/stat; do
		{ read -r line <"$s"; } 2>/dev/null || continue
		# "PID (COMM) STATE PPID ...": COMM may hold spaces.
		set -- ${line##*) }
		[ "${2:-}" = "$parent" ] || continue
		s=${s#/proc/}
		echo "${s%/stat}"
	done
}

# kill_tree PID: PID and everything it started, children first.
kill_tree() {
	local c

	for c in $(children_of "$1"); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null
}

# bg_end SIGNAL PID: stop PID, started with bg_start, with SIGNAL; its
# exit status.
bg_end() {
	local rc

	kill -"$1" "$2" 2>/dev/null
	wait "$2" 2>/dev/null
	rc=$?
	T_BG_PIDS=$(echo " $T_BG_PIDS " | sed "s/ $2 / /")
	return $rc
}

bg_stop_all() {
	local p

	# A function run in the background (in_peer ...) is a subshell whose
	# child is the real program: stop the child too.
	for p in $T_BG_PIDS; do
		kill_tree "$p"
	done
	for p in $T_BG_PIDS; do
		wait "$p" 2>/dev/null
	done
	T_BG_PIDS=
}

# ---- memory ---------------------------------------------------------------

# Every slab cache gives back its CPU slabs (SLUB's shrink): until then a
# cache's "objects" counts each CPU slab as wholly in use, so that one new
# slab page (256 objects of kmalloc-16) reads as 256 allocations.
slab_shrink() {
	local d

	for d in /sys/kernel/slab/*; do
		[ -L "$d" ] && continue
		echo 1 >"$d/shrink" 2>/dev/null
	done
}

# ---- topology -------------------------------------------------------------

in_peer() {
	ip netns exec "$PEER_NS" "$@"
}

# netns_inum [peer]: the inode number of the network namespace here or in
# the peer (what the monitor group's announcements carry).
netns_inum() {
	on_side "${1:-host}" readlink /proc/self/ns/net | tr -cd '0-9'
}

# on_side SIDE CMD...: CMD on the host or in the peer.
on_side() {
	local side=$1

	shift
	if [ "$side" = peer ]; then
		in_peer "$@"
	else
		"$@"
	fi
}

# addr_of SIDE FAMILY: the address of host|peer for 4|6.
addr_of() {
	case "$1$2" in
	host4) echo "$HOST4" ;;
	host6) echo "$HOST6" ;;
	peer4) echo "$PEER4" ;;
	peer6) echo "$PEER6" ;;
	esac
}

topo_up() {
	modprobe veth || return
	ip link set lo up || return
	ip netns add "$PEER_NS" || return
	ip link add "$HOST_IF" type veth peer name "$PEER_IF" netns "$PEER_NS" || return
	ip addr add "$HOST4/24" dev "$HOST_IF" || return
	ip -6 addr add "$HOST6/64" dev "$HOST_IF" nodad || return
	in_peer ip link set lo up || return
	in_peer ip addr add "$PEER4/24" dev "$PEER_IF" || return
	in_peer ip -6 addr add "$PEER6/64" dev "$PEER_IF" nodad || return
	ethtool -K "$HOST_IF" tx-checksum-sctp off || return
	in_peer ethtool -K "$PEER_IF" tx-checksum-sctp off || return
	ip link set "$HOST_IF" up || return
	in_peer ip link set "$PEER_IF" up || return
	ethtool -k "$HOST_IF" | grep -q 'tx-checksum-sctp: off' || return
	in_peer ethtool -k "$PEER_IF" | grep -q 'tx-checksum-sctp: off' || return
	wait_until 10 ping -c 1 -W 1 "$PEER4" || { echo "no IPv4 path to $PEER4"; return 1; }
	wait_until 10 ping6 -c 1 -W 1 "$PEER6" || { echo "no IPv6 path to $PEER6"; return 1; }
}

# ---- SCTP counters ----------------------------------------------------------

# snmp NAME [peer]: a counter of /proc/net/sctp/snmp, here or in the peer.
snmp() {
	on_side "${2:-host}" cat /proc/net/sctp/snmp |
		awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }'
}

# discards_reached BASE N: SctpInPktDiscards has grown by N since BASE.
discards_reached() {
	[ $(($(snmp SctpInPktDiscards) - $1)) -ge "$2" ]
}

# Is a kernel SCTP endpoint listening on PORT here?  (/proc/net/sctp/eps, LPORT)
sctp_listening() {
	awk -v p="$1" 'NR > 1 && $6 == p { f = 1 } END { exit !f }' /proc/net/sctp/eps
}

# sctp_server LOG ADDR PORT: lksctp-tools' sctp_test listening on ADDR:PORT
# until the check ends.
sctp_server() {
	bg_start "$1" sctp_test -H "$2" -P "$3" -l
	wait_until 10 sctp_listening "$3" ||
		{ fail "sctp_test listening on $3" "no such endpoint"; return; }
}

# ---- packet capture ----------------------------------------------------------
#
# One capture per check, on the host's end of the link, which sees every
# packet in both directions.  Written with -U --immediate-mode so nothing
# waits in a buffer, read back as one line per SCTP packet:
#   IP 10.0.0.1.5001 > 10.0.0.2.5002: sctp (1) [ABORT]

link_pkts() {
	echo $(($(cat /sys/class/net/$HOST_IF/statistics/rx_packets) + \
		$(cat /sys/class/net/$HOST_IF/statistics/tx_packets)))
}

# cap_start [NAME]: NAME defaults to the running check's name.
cap_start() {
	local c=$T_DIR/${1:-$T_NAME}/cap

	mkdir -p "${c%/cap}"
	rm -f "$c.pcap" "$c.txt"
	link_pkts >"$c.base"
	tcpdump -i "$HOST_IF" -nn -U --immediate-mode -Z root -w "$c.pcap" \
		2>"$c.err" 3>&- &
	echo $! >"$c.pid"
	T_BG_PIDS="$T_BG_PIDS $!"	# stopped with the check, whatever happens
	wait_until 10 file_has "$c.err" "listening on" ||
		{ echo "tcpdump did not start:"; cat "$c.err"; return 1; }
}

# cap_stop [NAME]: wait (bounded) until the capture holds every packet the
# link counted since cap_start, stop it, and keep its SCTP packets as text.
cap_stop() {
	local c=$T_DIR/${1:-$T_NAME}/cap want left=30 n

	want=$(($(link_pkts) - $(cat "$c.base")))
	while [ "$(tcpdump -nn -r "$c.pcap" 2>/dev/null | wc -l)" -lt "$want" ] &&
	      [ "$left" -gt 0 ]; do
		sleep 0.1
		left=$((left - 1))
	done
	bg_end INT "$(cat "$c.pid")"
	tcpdump -t -nn -r "$c.pcap" sctp >"$c.txt" 2>/dev/null
	n=$(wc -l <"$c.txt")
	echo "capture ${1:-$T_NAME}: $n SCTP packets:"
	if [ "$n" -le 30 ]; then
		cat "$c.txt"
	else
		head -n 12 "$c.txt"
		echo "... $((n - 22)) more, $(grep -c '\[ABORT\]' "$c.txt") ABORT in all ..."
		tail -n 10 "$c.txt"
	fi
}

re_addr() {
	printf '%s' "$1" | sed 's/[.]/\\./g'
}

# cap_lines [NAME]: the SCTP packets of a stopped capture.
cap_lines() {
	cat "$T_DIR/${1:-$T_NAME}/cap.txt"
}

# cap_from ADDR [NAME]: the packets sent from ADDR.
cap_from() {
	grep -E "^IP6? $(re_addr "$1")\.[0-9]+ > " "$T_DIR/${2:-$T_NAME}/cap.txt"
}

# cap_aborts_from ADDR [NAME]: how many packets from ADDR carry an ABORT.
cap_aborts_from() {
	cap_from "$@" | grep -c '\[ABORT\]'
}

# cap_aborts [NAME]: how many packets carry an ABORT, whoever sent them.
cap_aborts() {
	grep -c '\[ABORT\]' "$T_DIR/${1:-$T_NAME}/cap.txt"
}

# ---- the usrsctp test program (tests/prog/usctp.c) ----------------------------

# usrsctp_server SIDE FAMILY PORT: start an echo server, wait until it listens.
usrsctp_server() {
	local addr=$(addr_of "$1" "$2") log=$(t_workdir)/server-$3.log

	bg_start "$log" on_side "$1" usctp server -a "$addr" -p "$3" -t 600
	wait_until 10 file_has "$log" "listening on" ||
		{ echo "usrsctp server did not start:"; cat "$log"; return 1; }
}

# usrsctp_client SIDE FAMILY DPORT LPORT COUNT [OPTIONS...]: run a client
# from SIDE to the other side's address, bound to local port LPORT; OPTIONS
# are more usctp client options (-s SIZE, -t SECONDS...) and override the
# defaults.  Output in $(t_workdir)/client.log; returns the client's status.
usrsctp_client() {
	local side=$1 fam=$2 dport=$3 lport=$4 n=$5 other=host rc

	shift 5
	[ "$side" = host ] && other=peer
	set -- -a "$(addr_of "$other" "$fam")" -p "$dport" \
		-b "$(addr_of "$side" "$fam")" -l "$lport" -n "$n" -t 30 "$@"
	on_side "$side" usctp client "$@" >"$(t_workdir)/client.log" 2>&1
	rc=$?
	echo "client exit status $rc:"
	cat "$(t_workdir)/client.log"
	return $rc
}

client_line() {
	tail -n 1 "$(t_workdir)/client.log"
}

# connect_refused [LOG]: the client's connect() failed (LOG: a copy of its
# client.log).  The kernel's ABORT usually overtakes usrsctp's INIT ACK
# (refused in COOKIE-WAIT); when the INIT ACK wins, the ABORT hits
# COOKIE-ECHOED and usrsctp reports a reset.
connect_refused() {
	grep -q -E 'connect .*: Connection (refused|reset by peer)' "${1:-$(t_workdir)/client.log}"
}

# usrsctp_echo WHAT SIDE FAMILY DPORT LPORT COUNT [OPTIONS...]: a client
# (usrsctp_client's arguments) under a capture: its COUNT messages come
# back intact (WHAT: how, for the failure) and nobody sent an ABORT.
usrsctp_echo() {
	local what=$1 n=$6 rc l

	shift
	cap_start || return
	usrsctp_client "$@"
	rc=$?
	cap_stop
	if demo_this; then
		demo "  client : $(client_line)"
		cap_lines | head -n 4 | demo_packets | while IFS= read -r l; do
			demo "  capture: $l"
		done
		demo "  capture: ... $(($(cap_lines | wc -l) - 4)) more SCTP packets, $(cap_aborts) ABORT"
	fi
	[ "$rc" = 0 ] && grep -q "OK $n/$n " "$(t_workdir)/client.log" ||
		{ fail "$n messages echoed $what" "'$(client_line)'"; return; }
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT in the capture" "$(cap_aborts): $(grep -m 1 ABORT "$(t_workdir)/cap.txt")"; return; }
}

# ---- sctpctl ------------------------------------------------------------------

# ctl ARGS..., peer_ctl ARGS...: sctpctl on the host or in the peer,
# logged.
ctl() {
	echo "+ sctpctl $*"
	sctpctl "$@"
}

peer_ctl() {
	echo "+ (peer) sctpctl $*"
	in_peer sctpctl "$@"
}

# matched LO-HI [peer]: the "matched" counter of one range in `sctpctl
# list`, -1 if absent.
matched() {
	if [ "${2:-}" = peer ]; then in_peer sctpctl list; else sctpctl list; fi |
		awk -v r="$1" '$1 == r { print $4; f = 1 } END { if (!f) print -1 }'
}

# flood PORTS COUNT [OPTIONS...]: the peer sends the host's PORTS COUNT
# INITs (ootbflood OPTIONS); prints how many it sent.
flood() {
	local ports=$1 n=$2

	shift 2
	in_peer ootbflood -s "$PEER4" -d "$HOST4" -p "$ports" -n "$n" -l 6190 "$@" |
		sed -n 's/^ootbflood: sent \([0-9]*\) .*/\1/p'
}

# ootb_stat NAME: one field of `sctpctl stats`.
ootb_stat() {
	sctpctl stats | awk -v k="$1" '$1 == k { print $2 }'
}

# ---- scenarios shared by the suites ------------------------------------------

# The field failure: a usrsctp client on the peer (local port CPORT) connects
# to a usrsctp echo server on the host (port SPORT).  Passes only when the
# client's connect fails AND the capture shows an ABORT sent by the host.
#   usrsctp_refused FAMILY SPORT CPORT
usrsctp_refused() {
	local fam=$1 sport=$2 cport=$3 host=$(addr_of host "$1") ootb0 rc aborts l

	ootb0=$(snmp SctpOutOfBlues)
	usrsctp_server host "$fam" "$sport" || return
	cap_start || return
	usrsctp_client peer "$fam" "$sport" "$cport" 10
	rc=$?
	cap_stop
	echo "host SctpOutOfBlues +$(($(snmp SctpOutOfBlues) - ootb0))"
	aborts=$(cap_aborts_from "$host")
	if demo_this; then
		demo "  client : $(client_line)"
		cap_lines | head -n 6 | demo_packets | while IFS= read -r l; do
			case "$l" in
			"IP $host."*ABORT*) demo "  capture: $l   <== from the host's kernel" ;;
			*ABORT*) demo "  capture: $l   <== from the peer's kernel (to the INIT ACK)" ;;
			*) demo "  capture: $l" ;;
			esac
		done
	fi
	[ "$rc" != 0 ] ||
		{ fail "the association refused" "it came up: $(client_line)"; return; }
	connect_refused ||
		{ fail "connect to fail with 'Connection refused'" "'$(client_line)'"; return; }
	[ "$aborts" -gt 0 ] ||
		{ fail "an ABORT from $host in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
}

# The working case: the same association comes up, COUNT messages come
# back intact, and nobody sent an ABORT.
#   usrsctp_echoes FAMILY SPORT CPORT COUNT [usctp client options...]
usrsctp_echoes() {
	usrsctp_server host "$1" "$2" || return
	usrsctp_echo intact peer "$@"
}

# Kernel SCTP between the namespaces: lksctp-tools' sctp_test server on the
# host, client on the peer (10 messages of 1452-4356 bytes, fragmented).
# Passes when the client is done, the server got every message, the host's
# counters show the association and its DATA, and nobody sent an ABORT.
#   kernel_sctp FAMILY SPORT CPORT
kernel_sctp() {
	local host=$(addr_of host "$1") peer=$(addr_of peer "$1") w=$(t_workdir)
	local sport=$2 cport=$3 in0 est0 rc msgs chunks est

	in0=$(($(snmp SctpInOrderChunks) + $(snmp SctpInUnorderChunks)))
	est0=$(snmp SctpPassiveEstabs)
	sctp_server "$w/server.log" "$host" "$sport" || return
	cap_start || return
	in_peer timeout 30 sctp_test -H "$peer" -P "$cport" -h "$host" -p "$sport" \
		-s -c 1 -x 1 >"$w/client.log" 2>&1
	rc=$?
	wait_until 10 file_has "$w/server.log" SHUTDOWN_COMPLETE
	cap_stop
	msgs=$(grep -c 'recvmsg.*Data' "$w/server.log")
	chunks=$(($(snmp SctpInOrderChunks) + $(snmp SctpInUnorderChunks) - in0))
	est=$(($(snmp SctpPassiveEstabs) - est0))
	echo "client exit status $rc; server got $msgs messages;" \
		"host SctpPassiveEstabs +$est, DATA chunks in +$chunks"
	tail -n 5 "$w/client.log"
	[ "$rc" = 0 ] ||
		{ fail "the sctp_test client to finish" "exit status $rc: $(tail -n 1 "$w/client.log")"; return; }
	[ "$msgs" = 10 ] ||
		{ fail "10 messages received by the server" "$msgs"; return; }
	[ "$est" = 1 ] && [ "$chunks" -ge 10 ] ||
		{ fail "1 association and >= 10 DATA chunks in the host's counters" "$est and $chunks"; return; }
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT in the capture" "$(grep -m 1 ABORT "$w/cap.txt")"; return; }
}

# An INIT to a port nobody listens on is answered with ABORT by the host's
# kernel (RFC 9260 §8.4 rule 8), and the client is refused.
#   ootb_abort FAMILY DPORT CPORT
ootb_abort() {
	local host=$(addr_of host "$1") ootb0 ootb

	ootb0=$(snmp SctpOutOfBlues)
	cap_start || return
	usrsctp_client peer "$1" "$2" "$3" 1
	cap_stop
	ootb=$(($(snmp SctpOutOfBlues) - ootb0))
	echo "host SctpOutOfBlues +$ootb"
	grep -q 'Connection refused' "$(t_workdir)/client.log" ||
		{ fail "'Connection refused'" "'$(client_line)'"; return; }
	[ "$(cap_aborts_from "$host")" -gt 0 ] ||
		{ fail "an ABORT from $host in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
	[ "$ootb" -gt 0 ] ||
		{ fail "the host's SctpOutOfBlues to grow" "+$ootb"; return; }
}

# expect_reserved WHEN WANT [among]: net.ipv4.ip_local_reserved_ports
# reads WANT after WHEN (with "among": holds the range WANT, among others).
expect_reserved() {
	local got=$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)

	echo "after $1: ip_local_reserved_ports '$got'"
	case "${3:-}:,$got," in
	among:*",$2,"* | ":,$2,") ;;
	*) fail "'$2' ${3:+among the ports }in ip_local_reserved_ports after $1" "'$got'"; return 1 ;;
	esac
}

# ootb_refused WHEN ERROR KLOG: `modprobe sctp_ootb` fails (WHEN: the
# situation, for the failure) with ERROR in its message, leaves no
# sctp_ootb loaded, and the kernel log says KLOG.
ootb_refused() {
	local out rc

	out=$(modprobe sctp_ootb 2>&1)
	rc=$?
	echo "modprobe sctp_ootb -> exit $rc: $out"
	dmesg | grep 'sctp_ootb' | tail -n 3
	[ "$rc" != 0 ] ||
		{ fail "modprobe sctp_ootb to fail $1" "it loaded"; return; }
	case "$out" in
	*"$2"*) ;;
	*) fail "modprobe to say '$2'" "'$out'"; return ;;
	esac
	[ ! -d /sys/module/sctp_ootb ] ||
		{ fail "no sctp_ootb module loaded" "/sys/module/sctp_ootb exists"; return; }
	dmesg | grep -q "sctp_ootb: $3" ||
		{ fail "the kernel log to say '$3'" "$(dmesg | tail -n 1)"; return; }
}

# ---- the host's programs (suites with "# needs: hostfs") ----------------------
#
# run.sh then exports the host's root filesystem read-only over virtio-9p;
# hostfs_up mounts it on /host, with this VM's /proc, /sys, /dev, /tmp and
# /run bound inside it, so that `on_host CMD...` runs the host's CMD (e.g.
# python3) by chroot, seeing this VM's kernel, namespaces and files.  The
# source tree is at $HOST_ROOT there (from /etc/ootbtest.conf).

hostfs_up() {
	local d tree=

	[ "${HOSTFS:-0}" = 1 ] || { echo "no hostfs in this boot (run.sh)"; return 1; }
	[ -d /host/usr/bin ] && return 0
	# virtio_pci is a module on 6.1 (built in on 6.12).
	modprobe virtio_pci && modprobe 9pnet_virtio && modprobe 9p || return
	wait_until 10 grep -qs hostfs /sys/bus/virtio/drivers/9pnet_virtio/virtio*/mount_tag ||
		{ echo "no 9p device 'hostfs'"; return 1; }
	mkdir -p /host &&
		mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 \
			hostfs /host || return
	# A source tree in the host's /tmp or /run would be hidden by this
	# VM's: it is bound back over, at its own path.
	case "$HOST_ROOT/" in
	/tmp/* | /run/*)
		mkdir -p /hosttree && mount -o bind "/host$HOST_ROOT" /hosttree || return
		tree=1 ;;
	esac
	for d in proc sys dev tmp run; do
		mount -o bind "/$d" "/host/$d" || return
	done
	[ -z "$tree" ] || { mkdir -p "$HOST_ROOT" && mount -o bind /hosttree "/host$HOST_ROOT"; }
}

on_host() {
	chroot /host "$@"
}
