# SPDX-License-Identifier: GPL-2.0
#
# Version 2 of the sctp_ootb family against the real module, driven with
# ootbnl (tests/prog/ootbnl.c: raw generic netlink), not sctpctl: the
# monitor group, counter resets under traffic, GET_PORT, reserved ports,
# the case a range cannot cover (a kernel listener), and the size of what
# a table allocates.
#
# Runs after 30-ootb.sh and 40-validation.sh and starts each check from a
# table it sets itself; the host's table is left empty.  Ports: 5000-5999
# on the host, the peer's table is left as it is (6100-6199).

# nl ARGS...: ootbnl, logged; its output stays on stdout.
nl() {
	echo "+ ootbnl $*" >&2
	ootbnl "$@"
}

# nl_ok ARGS...: ootbnl that must succeed; its output is logged, and kept
# in NL_OUT.
nl_ok() {
	NL_OUT=$(ootbnl "$@" 2>&1)
	printf '+ ootbnl %s\n%s\n' "$*" "$NL_OUT"
	case "$NL_OUT" in
	*"errno=0 "*) return 0 ;;
	esac
	fail "success of 'ootbnl $*'" "$(echo "$NL_OUT" | tail -n 1)"
}

# range_matched DUMP LO-HI: "matched" of a range in ootbnl dump output.
range_matched() {
	local lo=${2%-*} hi=${2#*-}

	echo "$1" | awk -v s="start=$lo" -v e="end=$hi" '
		$2 == s && $3 == e {
			for (i = 4; i <= NF; i++)
				if ($i ~ /^matched=/) { sub(/^matched=/, "", $i); print $i; f = 1 }
		}
		END { if (!f) print -1 }'
}

# dump_has LINE: `ootbnl dump` shows LINE (a whole range line).
dump_has() {
	ootbnl dump | grep -q -x -- "$1"
}

# ---- the monitor group ------------------------------------------------------

# mon_start NAME [peer]: a listener of the monitor group, output in
# $(t_workdir)/NAME.txt; returns once it is subscribed.
mon_start() {
	local out=$(t_workdir)/$1.txt

	: >"$out"
	bg_start "$out" on_side "${2:-host}" ootbnl monitor -t 120
	wait_until 30 file_has "$out" "monitor ready" ||
		{ fail "a listener of the monitor group ($1)" "$(tail -n 1 "$out")"; return; }
}

# mon_wait NAME PATTERN: wait until listener NAME printed PATTERN.
mon_wait() {
	wait_until 60 file_has "$(t_workdir)/$1.txt" "$2"
}

# The announcements of listener NAME, without its own lines.
mon_lines() {
	grep -v '^monitor ' "$(t_workdir)/$1.txt"
}

# Each kind of change seen once, in order, with its attributes, the
# namespace and the requester; refused requests not at all.  A last
# change (a sentinel) marks the end, so no fixed wait is needed.
monitor_events() {
	local w=$(t_workdir) inum=$(netns_inum) out p i

	nl_ok flush || return
	mon_start host || return

	: >"$w/want.txt"
	# want EXPECTED REQUEST...: run an accepted request, expect EXPECTED
	# with its portid.
	want() {
		local exp=$1

		shift
		nl_ok "$@" || return
		p=$(echo "$NL_OUT" | tail -n 1 | tr ' ' '\n' | sed -n 's/^portid=//p')
		echo "$exp netns-inum=$inum portid=$p" >>"$w/want.txt"
	}
	# refused REQUEST...: must fail, and not be announced.
	refused() {
		out=$(ootbnl "$@" 2>&1)
		echo "+ ootbnl $* -> $out (refused, not announced)"
		case "$out" in
		*"errno=0 "*) fail "'ootbnl $*' refused" "success"; return 1 ;;
		esac
	}

	want "add-range start=5000 end=5100 policy=discard reserve" add 5000-5100 reserve &&
	want "add-range start=5000 end=5100 policy=count replace" add 5000-5100 policy count replace &&
	want "add-range start=5050 end=5050 policy=abort" add 5050 policy abort &&
	refused add 5000-5100 &&
	refused del 7000-7001 &&
	refused add 5060-5200 &&
	want "del-range start=5050 end=5050" del 5050 &&
	want "reset-counters start=5000 end=5100" reset 5000-5100 &&
	refused reset 5001-5100 &&
	want "reset-counters" reset &&
	want "reset-counters ranges=1" reset-dump &&
	want "replace-table ranges=2" replace-table 6000-6010 7000:count &&
	refused replace-table 6000-6010 6005-6020 &&
	want "flush" flush &&
	want "flush" flush || return
	# Without CAP_NET_ADMIN: EPERM, not announced.
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups ootbnl add 5900 2>&1)
	echo "+ unprivileged ootbnl add 5900 -> $out"
	case "$out" in
	*"errno=EPERM "*) ;;
	*) fail "EPERM for an unprivileged add" "$out"; return ;;
	esac
	want "add-range start=5999 end=5999 policy=discard" add 5999 || return
	mon_wait host "add-range start=5999 " ||
		{ fail "the sentinel announced" "$(mon_lines host | tail -n 1)"; return; }

	mon_lines host >"$w/got.txt"
	echo "announced:"
	cat "$w/got.txt"
	if ! cmp -s "$w/want.txt" "$w/got.txt"; then
		diff "$w/want.txt" "$w/got.txt"
		i=$(diff "$w/want.txt" "$w/got.txt" | grep -m 1 '^[<>]')
		fail "the $(wc -l <"$w/want.txt") announcements in order" "a difference: $i"
		return
	fi
	nl_ok flush >/dev/null
}

# A listener in another namespace hears nothing of this one's changes.
monitor_netns() {
	local peer_inum

	mon_start host || return
	mon_start peer peer || return
	nl_ok add 5400-5410 reserve && nl_ok reset && nl_ok del 5400-5410 &&
		nl_ok flush || return
	mon_wait host "^flush " ||
		{ fail "the host's listener to hear the host's flush" "$(mon_lines host)"; return; }
	# The peer's own change, after the host's: its listener works, and
	# would have had the host's announcements before this one.
	peer_inum=$(netns_inum peer)
	echo "+ (peer) ootbnl add 6500"
	in_peer ootbnl add 6500 || return
	mon_wait peer "add-range start=6500 " ||
		{ fail "the peer's listener to hear the peer's add" "$(mon_lines peer)"; return; }
	in_peer ootbnl del 6500 >/dev/null
	echo "host listener:"; mon_lines host
	echo "peer listener:"; mon_lines peer
	[ "$(mon_lines peer | grep -c -v "netns-inum=$peer_inum ")" = 0 ] ||
		{ fail "only the peer's own announcements in the peer" "$(mon_lines peer | grep -v "netns-inum=$peer_inum " | head -n 1)"; return; }
	! mon_lines host | grep -q "netns-inum=$peer_inum " ||
		{ fail "none of the peer's announcements in the host" "$(mon_lines host | grep "netns-inum=$peer_inum ")"; return; }
}

# ---- counters --------------------------------------------------------------

# stat_of NAME: a namespace total of `ootbnl stats`.
stat_of() {
	ootbnl stats | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# Read-and-reset dumps under traffic lose nothing and count nothing twice;
# a reset of one range leaves the others; a reset of everything zeroes
# the namespace totals too.
reset_counters() {
	local w=$(t_workdir) d m sent taken=0 dumps=0 busy=0 d0 s0 dd ds final v

	nl_ok replace-table 5200-5299 5300-5309 5400:count && nl_ok reset || return

	# One range reset, the others left.
	flood 5300 40 >/dev/null && flood 5400 30 >/dev/null || return
	wait_until 30 dump_has "get-range start=5400 end=5400 policy=count matched=30"
	d=$(nl dump)
	echo "$d"
	[ "$(range_matched "$d" 5300-5309)" = 40 ] && [ "$(range_matched "$d" 5400-5400)" = 30 ] ||
		{ fail "5300-5309 matched 40 and 5400 matched 30" "$(range_matched "$d" 5300-5309) and $(range_matched "$d" 5400-5400)"; return; }
	nl_ok reset 5300-5309 || return
	d=$(nl dump)
	echo "$d"
	[ "$(range_matched "$d" 5300-5309)" = 0 ] && [ "$(range_matched "$d" 5400-5400)" = 30 ] ||
		{ fail "5300-5309 zeroed and 5400 left at 30" "$(range_matched "$d" 5300-5309) and $(range_matched "$d" 5400-5400)"; return; }

	# Under traffic: the dumps' takes plus the final read against
	# SctpInPktDiscards (sctp.ko's own count of the packets it dropped)
	# and the namespace's discarded total.
	cat /proc/net/sctp/snmp >"$w/snmp0"
	d0=$(snmp SctpInPktDiscards)
	s0=$(stat_of stat-discarded)
	(flood 5200-5299 3000 -t 120 -r 300 >"$w/sent"; echo done >>"$w/sent") 3>&- &
	T_BG_PIDS="$T_BG_PIDS $!"
	while ! grep -q done "$w/sent" 2>/dev/null; do
		m=$(ootbnl reset-dump | tee -a "$w/dumps.txt")
		v=$(range_matched "$m" 5200-5299)
		[ "$v" -ge 0 ] || { fail "5200-5299 in the reset dump" "$m"; return; }
		taken=$((taken + v))
		dumps=$((dumps + 1))
		[ "$v" -gt 0 ] && busy=$((busy + 1))
		sleep 0.5
	done
	sent=$(head -n 1 "$w/sent")
	# Let the link drain: the host has seen every packet sent.
	wait_until 30 discards_reached "$d0" "$sent"
	final=$(range_matched "$(nl dump)" 5200-5299)
	dd=$(($(snmp SctpInPktDiscards) - d0))
	ds=$(($(stat_of stat-discarded) - s0))
	cat /proc/net/sctp/snmp >"$w/snmp1"
	echo "the host's SCTP counters that moved meanwhile:"
	paste "$w/snmp0" "$w/snmp1" | awk '$2 != $4 { print "  " $1, "+" ($4 - $2) }'
	echo "sent $sent; $dumps reset dumps ($busy with counts) took $taken, final read $final;" \
		"SctpInPktDiscards +$dd, stat-discarded +$ds"
	[ "$busy" -ge 2 ] ||
		{ fail "at least 2 reset dumps with counts while the traffic flowed" "$busy of $dumps"; return; }
	[ $((taken + final)) = "$dd" ] && [ "$dd" = "$ds" ] ||
		{ fail "takes + final = SctpInPktDiscards delta = stat-discarded delta" "$taken + $final, $dd, $ds"; return; }
	[ "$dd" = "$sent" ] ||
		{ fail "every packet sent counted ($sent)" "$dd"; return; }

	# Everything: every range and the totals.
	nl_ok reset || return
	d=$(nl dump)
	m=$(nl stats)
	echo "$d"; echo "$m"
	[ "$(echo "$d" | grep -c 'matched=0$')" = 3 ] ||
		{ fail "every range at 0 after a reset of everything" "$d"; return; }
	echo "$m" | grep -q 'stat-discarded=0 stat-counted=0 stat-aborted=0 stat-unmatched=0 ' ||
		{ fail "the totals at 0 after a reset of everything" "$(echo "$m" | head -n 1)"; return; }
	# The reset dump refuses attributes (EINVAL; the text from 6.2 on).
	m=$(ootbnl reset-dump-attr)
	echo "ootbnl reset-dump-attr: $m"
	case "$m" in
	'reset-dump-attr errno=EINVAL msg="the reset dump takes no attribute" offs=20' | \
	'reset-dump-attr errno=EINVAL msg="" offs=-') ;;
	*) fail "EINVAL for a reset dump with START" "$m"; return ;;
	esac
	[ "$(range_matched "$(ootbnl dump)" 5200-5299)" = 0 ] ||
		{ fail "the refused reset dump to change nothing" "$(ootbnl dump | head -n 1)"; return; }
	nl_ok flush
}

# The range GET_PORT reports is the one the verdict uses.
get_port() {
	local out line

	nl_ok replace-table 1-65535:count 1-10 65000-65535:abort 65535 5000-5100 5050:abort || return
	port_is() {
		line=$(ootbnl get-port "$1" | head -n 1)
		echo "get-port $1: $line"
		[ "$line" = "$2" ] || { fail "'$2' for port $1" "'$line'"; return 1; }
	}
	port_is 1 "get-port port=1 start=1 end=10 policy=discard matched=0" &&
	port_is 10 "get-port port=10 start=1 end=10 policy=discard matched=0" &&
	port_is 11 "get-port port=11 start=1 end=65535 policy=count matched=0" &&
	port_is 5049 "get-port port=5049 start=5000 end=5100 policy=discard matched=0" &&
	port_is 5050 "get-port port=5050 start=5050 end=5050 policy=abort matched=0" &&
	port_is 5101 "get-port port=5101 start=1 end=65535 policy=count matched=0" &&
	port_is 64999 "get-port port=64999 start=1 end=65535 policy=count matched=0" &&
	port_is 65534 "get-port port=65534 start=65000 end=65535 policy=abort matched=0" &&
	port_is 65535 "get-port port=65535 start=65535 end=65535 policy=discard matched=0" || return

	# The verdict's range counts the packets GET_PORT's range shows.
	flood 5050 3 >/dev/null || return
	wait_until 20 dump_has "get-range start=5050 end=5050 policy=abort matched=3"
	ootbnl get-port 5050 | head -n 1 | grep -q "matched=3$" ||
		{ fail "5050's range matched 3 after 3 INITs" "$(ootbnl get-port 5050 | head -n 1)"; return; }

	# No range: the port alone.
	nl_ok replace-table 5000-5100 || return
	port_is 4999 "get-port port=4999" && port_is 5101 "get-port port=5101" &&
		port_is 1 "get-port port=1" && port_is 65535 "get-port port=65535" || return
	nl_ok flush || return
	port_is 5050 "get-port port=5050" || return

	# Bad input: the core's policy (65536: a u32).
	port_refused() {
		out=$(ootbnl get-port "$1" | tail -n 1)
		echo "get-port $1: $out"
		case "$out" in
		"get-port errno=$2 offs=20 "*) ;;
		*) fail "${2%% *} on port $1" "$out"; return 1 ;;
		esac
	}
	port_refused 0 'ERANGE msg="integer out of range"' &&
		port_refused 65536 'EINVAL msg="invalid attribute length"'
}

# ---- reserved ports ---------------------------------------------------------

# ephemeral_ports N: N kernel SCTP clients at once (connecting to the
# peer), the local ports the kernel gave them.
ephemeral_ports() {
	ootbnl ephemeral "$1" "$PEER4" 7009 | sed -n 's/^port \([0-9]*\)$/\1/p'
}

reserve_ports() {
	local saved_res saved_range ports inside p

	saved_res=$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)
	saved_range=$(cat /proc/sys/net/ipv4/ip_local_port_range)
	nl_ok flush || return
	# An admin's own reserved ports, one inside the range to come.
	echo 5150,5300 >/proc/sys/net/ipv4/ip_local_reserved_ports || return
	expect_reserved "the admin's write" "5150,5300" || return

	nl_ok add 5100-5199 reserve && expect_reserved "add reserve" "5100-5199,5300" || return
	dump_has "get-range start=5100 end=5199 policy=discard reserve matched=0" ||
		{ fail "the dump to show reserve" "$(ootbnl dump | head -n 1)"; return; }
	ootbnl get-port 5150 | head -n 1 | grep -q ' reserve ' ||
		{ fail "get-port to show reserve" "$(ootbnl get-port 5150 | head -n 1)"; return; }
	nl_ok add 5120 policy abort && expect_reserved "a plain range nested in it" "5100-5199,5300" &&
		nl_ok del 5100-5199 && expect_reserved "del" "5150,5300" || return
	nl_ok add 5100-5199 reserve && nl_ok flush && expect_reserved "flush" "5150,5300" || return
	nl_ok add 5100-5199 reserve && nl_ok replace-table 7000 &&
		expect_reserved "replace-table" "5150,5300" || return
	nl_ok add 5100-5199 reserve && nl_ok add 5100-5199 replace &&
		expect_reserved "replace without the flag" "5150,5300" || return
	nl_ok add 5100-5199 replace reserve &&
		expect_reserved "replace with the flag" "5100-5199,5300" || return
	nl_ok replace-table 5100-5199:reserve 5250-5260:count:reserve &&
		expect_reserved "replace-table with two" "5100-5199,5250-5260,5300" || return

	# Another namespace's table reserves in its own sysctl only, and
	# gives its bits back when the namespace goes.
	ip netns add rsv || return
	ip netns exec rsv ootbnl add 5500-5510 reserve | tail -n 1 | grep -q 'errno=0 ' ||
		{ ip netns del rsv; fail "an add in a new namespace" "failure"; return; }
	p=$(ip netns exec rsv cat /proc/sys/net/ipv4/ip_local_reserved_ports)
	ip netns del rsv
	[ "$p" = "5500-5510" ] || { fail "'5500-5510' in the new namespace" "'$p'"; return; }
	expect_reserved "a reserve in another namespace" "5100-5199,5250-5260,5300" || return

	# Unloading the module gives the bits back, and only those.
	rmmod sctp_ootb && expect_reserved "rmmod" "5150,5300" || return
	modprobe sctp_ootb || return

	# A kernel SCTP client with the ephemeral range narrowed onto a
	# discard range.  Baseline, without RESERVE: the kernel gives it
	# ports inside the range (5 of the 11 ports, so at least 4 inside).
	echo >/proc/sys/net/ipv4/ip_local_reserved_ports
	echo "5190 5200" >/proc/sys/net/ipv4/ip_local_port_range || return
	nl_ok add 5190-5199 || return
	ports=$(ephemeral_ports 5)
	inside=$(echo "$ports" | awk '$1 >= 5190 && $1 <= 5199' | wc -l)
	echo "without RESERVE, 5 clients got: $(echo $ports)"
	[ "$(echo "$ports" | wc -w)" = 5 ] && [ "$inside" -ge 4 ] ||
		{ fail "5 ports, at least 4 in 5190-5199 (no RESERVE)" "$(echo $ports)"; return; }
	# With RESERVE: only 5200 is left, whoever asks.
	nl_ok add 5190-5199 replace reserve || return
	for p in 1 2 3 4 5; do
		ports=$(ephemeral_ports 1)
		echo "with RESERVE, client $p got: $ports"
		[ "$ports" = 5200 ] || { fail "port 5200 (RESERVE)" "'$ports'"; return; }
	done
	nl_ok flush || return
	echo "$saved_range" >/proc/sys/net/ipv4/ip_local_port_range
	echo "$saved_res" >/proc/sys/net/ipv4/ip_local_reserved_ports
	expect_reserved "flush" "$saved_res"
}

# ---- what a range cannot cover --------------------------------------------

# A kernel listener on a port of a discard range answers what it refuses
# itself: here an INIT with a non-zero verification tag gets the
# endpoint's ABORT, and the range's counter does not move.  Without the
# listener the same INITs are discarded and counted.
listener_in_range() {
	local m0 m a

	nl_ok replace-table 5500-5599 || return

	m0=$(range_matched "$(ootbnl dump)" 5500-5599)
	cap_start "$T_NAME-nolistener" || return
	in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 5550 -n 5 -l 6191 -v 0x1234abcd
	cap_stop "$T_NAME-nolistener"
	wait_until 20 dump_has "get-range start=5500 end=5599 policy=discard matched=$((m0 + 5))"
	m=$(range_matched "$(ootbnl dump)" 5500-5599)
	a=$(cap_aborts_from "$HOST4" "$T_NAME-nolistener")
	echo "no listener: range matched +$((m - m0)), $a ABORT from the host"
	[ "$a" = 0 ] && [ $((m - m0)) = 5 ] ||
		{ fail "no ABORT and +5 without a listener" "$a ABORT, +$((m - m0))"; return; }

	sctp_server "$(t_workdir)/listener.log" "$HOST4" 5550 || return
	m0=$m
	cap_start || return
	in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 5550 -n 5 -l 6192 -v 0x1234abcd
	cap_stop
	m=$(range_matched "$(ootbnl dump)" 5500-5599)
	a=$(cap_aborts_from "$HOST4")
	echo "kernel listener on 5550: range matched +$((m - m0)), $a ABORT from the host"
	[ "$a" -ge 5 ] ||
		{ fail "the listener's ABORTs (5 or more)" "$a"; return; }
	[ "$m" = "$m0" ] ||
		{ fail "the range's counter unchanged" "+$((m - m0))"; return; }
	nl_ok flush
}

# ---- memory ----------------------------------------------------------------

# kmalloc_of_add FILTER: KMALLOC, the kmem:kmalloc trace events that
# match FILTER while ootbnl adds the first range of an empty table.
kmalloc_of_add() {
	local tr=/sys/kernel/tracing ev

	[ -d $tr/events ] || mount -t tracefs nodev $tr || return
	ev=$tr/events/kmem/kmalloc
	[ -d $ev ] || { fail "the kmem:kmalloc trace event" "none"; return; }
	nl_ok flush || return
	echo 0 >$tr/tracing_on
	: >$tr/trace
	echo "$1" >$ev/filter || return
	echo 1 >$ev/enable && echo 1 >$tr/tracing_on || return
	nl_ok add 5600-5699
	echo 0 >$tr/tracing_on
	echo 0 >$ev/enable
	echo 0 >$ev/filter
	KMALLOC=$(grep 'kmalloc:' $tr/trace | grep 'ootbnl')
	nl_ok flush
}

# What kvmalloc gave for the table of the first range of a namespace
# (kmem:kmalloc trace events of 64 KiB and more, the attempt kvmalloc
# makes first): one block of exactly 2^17 bytes, the port index; nothing
# rounded up to 256 KiB.
table_alloc_size() {
	local lines big

	kmalloc_of_add 'bytes_req >= 65536' || return
	lines=$KMALLOC
	echo "kmalloc of 64 KiB and more during the add:"
	echo "$lines"
	# 6.12 traces a large kmalloc twice (its two layers): count blocks.
	big=$(echo "$lines" | grep -o 'ptr=[0-9a-fx]*' | sort -u | wc -l)
	[ "$big" = 1 ] && echo "$lines" | grep -q 'bytes_req=131072 bytes_alloc=131072 ' ||
		{ fail "one block, bytes_req=131072 bytes_alloc=131072" "$big: $(echo "$lines" | sed -n 's/.*\(bytes_req=[0-9]* bytes_alloc=[0-9]*\).*/\1/p' | tr '\n' ' ')"; return; }
	echo "$lines" | grep -q 'accounted=true\|GFP_KERNEL_ACCOUNT' ||
		{ fail "the block charged to the requester (__GFP_ACCOUNT)" "$(echo "$lines" | head -n 1)"; return; }
	echo "its flags: $(echo "$lines" | grep -o 'gfp_flags=[^ ]*' | sort -u | tr '\n' ' ')"
}

# The flags of that attempt: a table change (which any user namespace's
# root may make) must not retry reclaim and compaction for 128 KiB of
# contiguous memory (__GFP_RETRY_MAYFAIL, which kvmalloc() keeps for its
# kmalloc attempt); one try (__GFP_NORETRY), then vmalloc, still charged
# to the requester.
alloc_flags() {
	local lines flags

	kmalloc_of_add 'bytes_req == 131072' || return
	lines=$KMALLOC
	echo "kmalloc of the port index during the add:"
	echo "$lines"
	flags=$(echo "$lines" | grep -o 'gfp_flags=[^ ]*' | sort -u | tr '\n' ' ')
	t_say "# alloc-flags: the port index's kmalloc: $flags"
	[ -n "$lines" ] ||
		{ fail "a kmalloc of 131072 bytes by ootbnl" "none"; return; }
	echo "$flags" | grep -q '__GFP_NORETRY' &&
	! echo "$flags" | grep -q '__GFP_RETRY_MAYFAIL' ||
		{ fail "__GFP_NORETRY without __GFP_RETRY_MAYFAIL" "$flags"; return; }
	echo "$flags" | grep -q 'GFP_KERNEL_ACCOUNT\|__GFP_ACCOUNT' ||
		{ fail "the block charged to the requester (__GFP_ACCOUNT)" "$flags"; return; }
}

# -------------------------------------------------------------------------

step setup-v2-load modprobe sctp_ootb || return 0

check monitor-events monitor_events
check monitor-netns monitor_netns
check reset-counters reset_counters
check get-port get_port
check reserve-ports reserve_ports
check listener-in-range listener_in_range
check table-alloc-size table_alloc_size
check alloc-flags alloc_flags
