# SPDX-License-Identifier: GPL-2.0
#
# Abuse: sctp_ootb under requests, writers, namespaces and reloads that no
# normal use makes, each check with its figures in its log.  The hot loops
# are compiled programs (tests/prog/ootbfuzz.c, ootbwriters.c,
# ootbchurn.c): a shell loop of sctpctl calls is far too slow under TCG.
#
#   genl-fuzz            100,000 random and mutated requests, from root in
#                        a namespace of its own and from an unprivileged
#                        user in a user namespace (on the initial namespace,
#                        then on one it owns); the initial table must come
#                        out byte-identical
#   concurrent-writers   4 writers x 10,000 add/replace/del on ranges of
#                        their own while a usrsctp association runs on a
#                        discard range: every answer and the final table as
#                        expected, no ABORT from the host, nothing lost
#   netns-churn          1,000 namespaces with ranges, each used by one OOTB
#                        packet, then destroyed: nothing left behind
#                        (kmemleak where the kernel has it, slab counters
#                        and module references otherwise)
#   unload-churn         100 rmmod/modprobe of sctp_ootb under an INIT flood
#                        and usrsctp traffic: every reload works, the kernel
#                        log stays clean
#
# The sizes are knobs on the kernel command line (VM_APPEND):
# ootbtest.fuzz=N, ootbtest.fuzzseed=SEED, ootbtest.writers_ops=N,
# ootbtest.netns=N, ootbtest.reloads=N, ootbtest.flood_pps=N (each of the
# two floods of unload-churn; a debug kernel under TCG cannot take 500/s
# and still run anything else).

USR_RANGE=${USR_RANGE:-5100-5199}
PEER_RANGE=${PEER_RANGE:-6100-6199}

abuse_table() {
	sctpctl flush && in_peer sctpctl flush &&
	sctpctl add-range "$USR_RANGE" &&
	sctpctl add-range 5155 policy abort &&
	sctpctl add-range 7100-7110 policy count &&
	in_peer sctpctl add-range "$PEER_RANGE"
}

# The kernel said something it should not have, since line $1 of dmesg.
dmesg_bad_since() {
	dmesg | tail -n +"$1" |
		grep -E -m 1 'BUG:|WARNING:|Oops|Call Trace|KASAN|UBSAN|lockdep|suspicious RCU|sleeping function'
}

dmesg_lines() {
	dmesg | wc -l
}

# ---- genl-fuzz ------------------------------------------------------------------

genl_fuzz() {
	local n seed w rc line

	w=$(t_workdir)
	n=$(knob fuzz 100000)
	seed=$(knob fuzzseed "")
	sctpctl list
	ootbfuzz -n "$n" ${seed:+-s "$seed"} >"$w/fuzz.log" 2>&1
	rc=$?
	cat "$w/fuzz.log"
	line=$(grep -m 1 'seed' "$w/fuzz.log")
	t_say "# genl-fuzz: ${line#ootbfuzz: }"
	grep -E ': (root|user|userns): ' "$w/fuzz.log" | sed 's/^ootbfuzz: /genl-fuzz: /' | check_say_lines
	[ "$rc" = 0 ] ||
		{ fail "ootbfuzz to finish with every request answered and the table unchanged" \
			"exit $rc: $(grep -E 'FAILED|stopped|CHANGED|cannot' "$w/fuzz.log" | head -n 2 | tr '\n' ' ')"; return; }
	grep -q 'byte-identical' "$w/fuzz.log" ||
		{ fail "the initial table byte-identical" "$(tail -n 1 "$w/fuzz.log")"; return; }
	# Every phase made its share of requests.
	[ "$(grep -c -E ': (root|user|userns): [0-9]+ requests' "$w/fuzz.log")" = 3 ] ||
		{ fail "3 phases (root, user, userns)" "$(grep -c requests "$w/fuzz.log")"; return; }
	# The user on a namespace it does not own changed nothing.
	grep -E ': user: ' "$w/fuzz.log" | grep -q 'EPERM=' ||
		{ fail "EPERM refusals for the unprivileged user" "$(grep ': user: ' "$w/fuzz.log")"; return; }
}

# ---- concurrent-writers ------------------------------------------------------------

# traffic_loop SIDE DADDR DPORT BADDR LPORT N STOP OUT: usrsctp associations
# one after the other, each of N messages, from SIDE (host or peer), bound
# to BADDR and local ports from LPORT on, to the echo server DADDR:DPORT,
# until the file STOP appears.  One line per association in OUT: its exit
# status and last line.
traffic_loop() {
	local side=$1 daddr=$2 dport=$3 baddr=$4 lport=$5 n=$6 stop=$7 out=$8 i=0 rc

	while [ ! -e "$stop" ]; do
		set -- usctp client -a "$daddr" -p "$dport" -b "$baddr" \
			-l $((lport + i % 20)) -n "$n" -t 120
		if [ "$side" = peer ]; then
			in_peer "$@" >"$out.last" 2>&1
		else
			"$@" >"$out.last" 2>&1
		fi
		rc=$?
		echo "$rc $(tail -n 1 "$out.last") lport=$((lport + i % 20))" >>"$out"
		[ "$rc" = 0 ] || cp "$out.last" "$out.fail.$i"
		i=$((i + 1))
	done
}

concurrent_writers() {
	local w ops rc assoc ok msgs aborts loop

	w=$(t_workdir)
	ops=$(knob writers_ops 10000)
	usrsctp_server host 4 5101 || return
	cap_start || return
	rm -f "$w/stop" "$w/assoc"
	bg_start "$w/loop.log" traffic_loop peer "$HOST4" 5101 "$PEER4" 6150 200 "$w/stop" "$w/assoc"
	loop=$!
	# The writers start once the traffic flows.
	wait_until 60 test -s "$w/assoc" ||
		{ fail "a first usrsctp association within 60 s" "none: $(cat "$w/assoc.last")"; return; }
	ootbwriters -w 4 -n "$ops" >"$w/writers.log" 2>&1
	rc=$?
	touch "$w/stop"
	# the association under way ends on its own
	wait_until 150 sh -c "! kill -0 $loop 2>/dev/null"
	cap_stop
	cat "$w/writers.log"
	echo "usrsctp associations during the writes:"
	cat "$w/assoc"
	assoc=$(wc -l <"$w/assoc")
	ok=$(grep -c '^0 .*OK 200/200 ' "$w/assoc")
	msgs=$((ok * 200))
	aborts=$(cap_from "$HOST4" | grep -c '^IP 10\.0\.0\.1\.5101 > .*\[ABORT\]')
	t_say "# concurrent-writers: $(grep 'operations in' "$w/writers.log" | sed 's/^ootbwriters: //'); $(grep 'final table' "$w/writers.log" | sed 's/^ootbwriters: //')"
	t_say "# concurrent-writers: meanwhile $ok/$assoc usrsctp associations echoed all their 200 messages ($msgs in all), $aborts ABORT from $HOST4:5101"
	[ "$rc" = 0 ] ||
		{ fail "every writer's answers and the final table as expected" "$(grep -E 'unexpected|missing|changed|cannot|[1-9][0-9]* unexpected answers' "$w/writers.log" | head -n 2 | tr '\n' ' ')"; return; }
	[ "$assoc" -ge 2 ] ||
		{ fail "usrsctp traffic for the whole of the writes (2 associations or more)" "$assoc"; return; }
	[ "$ok" = "$assoc" ] ||
		{ fail "every association to echo its 200 messages" "$(grep -v '^0 .*OK 200/200 ' "$w/assoc" | head -n 1)"; return; }
	[ "$aborts" = 0 ] ||
		{ fail "no ABORT from $HOST4:5101" "$aborts"; return; }
}

# ---- netns-churn ------------------------------------------------------------------

# Objects in use per slab cache, after every cache gave back its CPU slabs
# (slab_shrink), one "CACHE OBJECTS" line each; merged caches once.
slab_objects() {
	local d

	slab_shrink
	for d in /sys/kernel/slab/*; do
		[ -L "$d" ] && continue
		echo "${d##*/} $(cut -d' ' -f1 "$d/objects")"
	done
}

meminfo_kb() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

refcnt() {
	cat "/sys/module/$1/refcnt"
}

refcnt_is() {
	[ "$(refcnt "$1")" = "$2" ]
}

# kmemleak: how many objects it reports after two scans.
kmemleak_count() {
	echo scan >"$KMEMLEAK"
	sleep 6
	echo scan >"$KMEMLEAK"
	grep -c '^unreferenced object' "$KMEMLEAK"
}

# The namespaces of a churn are all gone once sctp's reference count is
# back where it was (each one held two: its control sockets) and, since the
# rest of a namespace's teardown goes on after sctp's part of it (other
# pernet exits, RCU callbacks, deferred work), once SUnreclaim is back
# within 8 MB of BASE kB, its value before the churn (2 minutes at most: a
# leak of a table per namespace never gets there, and the comparison that
# follows fails), then stops falling.
#   churn_gone REFCNT [BASE]
churn_gone() {
	local base=${2:-} prev=0 cur i

	wait_until 600 refcnt_is sctp "$1" ||
		{ fail "sctp's refcnt back to $1 once the namespaces are gone" "$(refcnt sctp)"; return; }
	if [ -n "$base" ]; then
		for i in $(seq 1 120); do
			slab_objects >/dev/null
			cur=$(meminfo_kb SUnreclaim)
			[ $((cur - base)) -lt 8192 ] && break
			sleep 1
		done
	fi
	for i in $(seq 1 60); do
		sleep 1
		slab_objects >/dev/null
		cur=$(meminfo_kb SUnreclaim)
		[ $((prev - cur)) -lt 256 ] && [ $((cur - prev)) -lt 256 ] && break
		prev=$cur
	done
	return 0
}

# churn_measure DIR NAME ARGS...: ootbchurn ARGS (20 namespaces first, so
# that caches reach their working size), with the counters before and
# after in DIR/NAME.{slab,mem}.{before,after}.
churn_measure() {
	local d=$1 name=$2 r0

	shift 2
	r0=$(refcnt sctp)
	ootbchurn -n 20 "$@" >/dev/null || { fail "20 namespaces of warm-up" "a failure"; return; }
	churn_gone "$r0" || return
	slab_objects >"$d/$name.slab.before"
	grep -E '^(Percpu|VmallocUsed|SUnreclaim):' /proc/meminfo >"$d/$name.mem.before"
	CHURN_T0=$(uptime_s)
	ootbchurn -n "$CHURN_N" "$@" >"$d/$name.log" 2>&1 ||
		{ cat "$d/$name.log"; fail "$CHURN_N namespaces, each counting its packet" "$(tail -n 1 "$d/$name.log")"; return; }
	cat "$d/$name.log"
	churn_gone "$r0" "$(awk '$1 == "SUnreclaim:" { print $2 }' "$d/$name.mem.before")" || return
	CHURN_SECS=$(secs_since "$CHURN_T0" 0)
	slab_objects >"$d/$name.slab.after"
	grep -E '^(Percpu|VmallocUsed|SUnreclaim):' /proc/meminfo >"$d/$name.mem.after"
}

# growth DIR NAME KIND: "KEY GROWTH" lines.
growth() {
	awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - b[$1] }' \
		"$1/$2.$3.before" "$1/$2.$3.after"
}

# churn_diff DIR NAME: "CACHE OBJECTS" for each slab cache, what the churn
# NAME grew it by minus what the control churn did.
churn_diff() {
	{ growth "$1" control slab; growth "$1" "$2" slab; } | awk '
		{ g[$1] = ($1 in g) ? $2 - g[$1] : $2; seen[$1]++ }
		END { for (c in g) if (seen[c] == 2) print c, g[c] }'
}

# churn_grown DIR NAME: "CACHE GROWTH LIMIT" for each slab cache that the
# churn NAME grew beyond the control churn by its limit: one object per
# namespace of ours would grow a cache by CHURN_N; the limit is half of
# that, plus one slab of slack.
churn_grown() {
	churn_diff "$1" "$2" |
	while read -r c g; do
		lim=$((CHURN_N / 2 + $(cat "/sys/kernel/slab/$c/objs_per_slab" 2>/dev/null || echo 0)))
		[ "$g" -ge "$lim" ] && echo "$c $g $lim"
	done
}

churn_grown_say() {
	echo "$1" | awk 'NF == 3 { printf "%s +%s (limit %s) ", $1, $2, $3 }'
}

netns_churn() {
	local w o0 leaks0 leaks grown mem secs

	w=$(t_workdir)
	CHURN_N=$(knob netns 1000)
	o0=$(refcnt sctp_ootb)
	if [ -n "$KMEMLEAK" ]; then
		# The debug kernel: kmemleak sees every object, per-CPU ones too.
		leaks0=$(kmemleak_count)
		churn_measure "$w" ootb -p 5000 || return
		leaks=$(kmemleak_count)
		t_say "# netns-churn: $(sed 's/^ootbchurn: //' "$w/ootb.log"); all destroyed ${CHURN_SECS} s after the first was made; kmemleak: $leaks0 unreferenced objects before, $leaks after"
		[ "$leaks" = "$leaks0" ] ||
			{ grep -A 20 '^unreferenced object' "$KMEMLEAK" | tail -n 40
			  fail "no new unreferenced object (kmemleak)" "$((leaks - leaks0)) new"; return; }
	else
		# A production kernel: slab and memory counters, against the same
		# churn with sctp_ootb unloaded, which is what the kernel itself
		# leaves behind (per-CPU and slab pages it keeps, lazily freed
		# objects).
		rmmod sctp_ootb || return
		churn_measure "$w" control -p 5000 -c || return
		secs=$CHURN_SECS
		modprobe sctp_ootb || return
		o0=$(refcnt sctp_ootb)
		churn_measure "$w" ootb -p 5000 || return
		grown=$(churn_grown "$w" ootb)
		if [ -n "$grown" ]; then
			# What the kernel frees lazily drifts by hundreds of objects
			# from one churn to the next; a leak of ours grows again
			# with every churn.  A second one tells them apart.
			t_say "# netns-churn: $(churn_grown_say "$grown") after one churn; a second churn"
			churn_measure "$w" ootb2 -p 5000 || return
			grown=$(churn_grown "$w" ootb2 | while read -r c g lim; do
				echo "$grown" | grep -q "^$c " && echo "$c $g $lim"
			done)
		fi
		grown=$(churn_grown_say "$grown")
		echo "slab growth, sctp_ootb churn minus control churn, largest:"
		churn_diff "$w" ootb | awk '{ print $2, $1 }' | sort -rn | head -n 5
		mem=$(paste "$w/control.mem.before" "$w/control.mem.after" "$w/ootb.mem.before" "$w/ootb.mem.after" |
			awk '{ printf "%s %+d kB (control %+d) ", $1, $11 - $8, $5 - $2 }')
		echo "memory: $mem"
		t_say "# netns-churn: $(sed 's/^ootbchurn: //' "$w/ootb.log"); all destroyed ${CHURN_SECS} s after the first was made (control without sctp_ootb: ${secs} s)"
		t_say "# netns-churn: $mem"
		[ -z "$grown" ] ||
			{ fail "no slab cache grown by the sctp_ootb churn beyond the control" "$grown"; return; }
		abuse_mem_check "$w" "$CHURN_N" || return
	fi
	[ "$(refcnt sctp_ootb)" = "$o0" ] ||
		{ fail "sctp_ootb's refcnt back to $o0" "$(refcnt sctp_ootb)"; return; }
}

# Memory outside the slab caches, sctp_ootb churn minus control.  A table
# left behind (kvmalloc: 128 kB and more of kmalloc_large pages, counted in
# SUnreclaim, or vmalloc) is 128 MB for 1,000 namespaces; the limit, 16 kB
# a namespace, is well above how far the kernel's own pages drift between
# two churns (about 5 MB for 1,000 namespaces, either way).  Per-CPU
# counters (some hundred bytes a namespace) are below that drift: kmemleak
# (make check-debug) is the check for them.
abuse_mem_check() {
	local w=$1 n=$2 bad

	bad=$(paste "$w/control.mem.before" "$w/control.mem.after" "$w/ootb.mem.before" "$w/ootb.mem.after" |
		awk -v lim=$((n * 16)) '(($11 - $8) - ($5 - $2)) >= lim {
			printf "%s %+d kB beyond the control (limit %d kB); ", $1, ($11 - $8) - ($5 - $2), lim }')
	[ -z "$bad" ] || { fail "no memory left behind by $n namespaces" "$bad"; return; }
}

# ---- unload-churn --------------------------------------------------------------------

# churn_stats: the kernel's and the companion's counters on one line.
churn_stats() {
	echo "SctpOutOfBlues=$(snmp SctpOutOfBlues) SctpInPktDiscards=$(snmp SctpInPktDiscards)" \
		"SctpOutCtrlChunks=$(snmp SctpOutCtrlChunks) SctpAborteds=$(snmp SctpAborteds)" \
		"SctpChecksumErrors=$(snmp SctpChecksumErrors);" \
		"$(ootbnl stats 2>&1 | grep -o 'stat-[a-z]*=[0-9]*' | tr '\n' ' ')"
}

# churn_diag DIR [LPORT]: what the failed association of client port LPORT
# went through, for the log: its client's output, its packets on lo (the
# capture's last ones, with the ABORTs, who sent them and their tags), the
# reloads around its last packet, the counters before and after.
churn_diag() {
	local w=$1 lport=${2:-$(grep -v '^0 ' "$1/assoc" | sed -n 's/.* lport=//p' | head -n 1)} f first last n

	f=$(grep -l -F "127.0.0.1:$lport " "$w"/assoc.fail.* 2>/dev/null | head -n 1)
	for f in ${f:-"$w"/assoc.fail.*}; do
		[ -e "$f" ] || continue
		t_say "# unload-churn: failed association, client 127.0.0.1:$lport -> 5101, its output:"
		tail -n 5 "$f" | t_say_lines
		tcpdump -tt -nn -r "$w/lo.pcap" "sctp and port $lport" >"$w/fail.txt" 2>/dev/null
		n=$(wc -l <"$w/fail.txt")
		t_say "# unload-churn: its packets on lo: $n, $(grep -c ABORT "$w/fail.txt") with an ABORT:"
		grep ABORT "$w/fail.txt" | head -n 5 | t_say_lines
		t_say "# unload-churn: its last 25 packets:"
		tail -n 25 "$w/fail.txt" | t_say_lines
		t_say "# unload-churn: its last 12 as TIME KIND FROM TO TAG (ports and tag in hex):"
		awk -v p="$(printf %04x "$lport")" '$3 == p || $4 == p' "$w/packets" |
			tail -n 12 | t_say_lines
		first=$(head -n 1 "$w/fail.txt" | cut -d' ' -f1)
		last=$(tail -n 1 "$w/fail.txt" | cut -d' ' -f1)
		t_say "# unload-churn: sctp_ootb absent (unloaded, loaded) from 2 s before its first packet (${first:-none}) to its last (${last:-none}), of $(wc -l <"$w/times") reloads from $(head -n 1 "$w/times" | cut -d' ' -f1) to $(tail -n 1 "$w/times" | cut -d' ' -f3):"
		awk -v a="${first:-0}" -v b="${last:-0}" '$3 >= a - 2 && $1 <= b { print $2, $3 }' "$w/times" | tail -n 8 | t_say_lines
		t_say "# unload-churn: the server's last lines:"
		tail -n 4 "$w/server.log" | t_say_lines
		break
	done
	t_say "# unload-churn: counters before: $(cat "$w/stats.before")"
	t_say "# unload-churn: counters after:  $(cat "$w/stats.after")"
}

# churn_packets DIR: the packets on lo (port 5101), one line each, "TIME
# KIND FROM TO TAG" (ports and tag in hex), KIND sctp.ko for sctp.ko's
# ABORTs, usrsctp for usrsctp's, - for any other packet.  sctp.ko's carry a
# zero checksum (lo takes the offload, so the kernel leaves the CRC32c
# out), usrsctp's their CRC32c (usctp computes it on lo too).  The SCTP
# header is the IPv4 packet's bytes 20-31: ports, tag and checksum are the
# last six words of tcpdump -x's second line; an INIT's tag is zero, and
# the initiate tag (bytes 36-39) stands for it, as an ABORT in answer
# carries it.
churn_packets() {
	tcpdump -tt -nn -x -r "$1/lo.pcap" 2>/dev/null | awk '
		function put(tag) { print t, k, from, to, tag; t = "" }
		/^[0-9]/ { t = $1; abort = ($0 ~ /ABORT/); next }
		t != "" && $1 == "0x0010:" {
			k = "-"
			if (abort) k = (($8 $9) == "00000000") ? "sctp.ko" : "usrsctp"
			from = $4; to = $5
			if (($6 $7) != "00000000" || abort) put($6 $7)
			next }
		t != "" && $1 == "0x0020:" { put($4 $5) }'
}

# churn_late_aborts DIR: sctp.ko's ABORTs that answer no packet sent while
# sctp_ootb was not hooked, from a cycle's delete_module to its
# finit_module's return (the times file's first and third columns);
# nothing when there is none.  An ABORT (T bit) answers a packet that came
# the other way with the same tag, sent before it: each packet sent in
# such a window may be answered once, then or after the window ends (a
# verdict taken before the hook was in force can be sent a little after;
# on the debug kernel under TCG, up to a few ms later), and every other
# ABORT of sctp.ko is late.
churn_late_aborts() {
	: >"$1/aborts.late"
	awk -v out="$1/aborts.late" 'NR == FNR { a[NR] = $1; b[NR] = $3; n = NR; j = 1; next }
	{
		while (j <= n && b[j] < $1) j++
		unhooked = (j <= n && $1 >= a[j])
		if ($2 == "-") { if (unhooked) sent[$3 " " $4 " " $5]++; next }
		if ($2 != "sctp.ko") next
		k = $4 " " $3 " " $5
		aborts++
		if (sent[k] > 0) { sent[k]--; next }
		if (unhooked) next
		print $1 >out
		if (++late <= 3)
			s = s sprintf(" %s (%s)", $1, j > 1 ? sprintf("%.6f s after reload %d was back", $1 - b[j - 1], j - 1) : "before the first reload")
	}
	END { if (late) printf "%d of %d ABORTs, the first:%s", late, aborts, s }' "$1/times" "$1/packets"
}

# churn_late_diag DIR: the packets on lo around the first late ABORTs.
churn_late_diag() {
	local t

	for t in $(head -n 3 "$1/aborts.late"); do
		t_say "# unload-churn: the packets on lo up to sctp.ko's ABORT at $t:"
		tcpdump -tt -nn -r "$1/lo.pcap" 2>/dev/null |
			awk -v t="$t" '$1 <= t' | tail -n 6 | t_say_lines
	done
}

# churn_stock_shutdown DIR LPORT: whether sctp.ko answered, as the stock
# module does while sctp_ootb is unloaded, a packet that the association of
# client port LPORT sent from its first SHUTDOWN on.
churn_stock_shutdown() {
	local s0

	s0=$(tcpdump -tt -nn -r "$1/lo.pcap" "sctp and port $2" 2>/dev/null |
		awk '/\[SHUTDOWN\]/ { print $1; exit }')
	[ -n "$s0" ] &&
		awk -v s0="$s0" -v to="$(printf %04x "$2")" '
			$2 == "sctp.ko" && $4 == to && $1 >= s0 { found = 1 }
			END { exit !found }' "$1/packets"
}

# churn_server DIR: the usrsctp echo server on 127.0.0.1:5101, started again
# at once whenever it exits, until DIR/stop exists or it is stopped
# (SIGTERM, bg_stop_all); each exit's status goes into DIR/deaths.
churn_server() {
	local rc

	while [ ! -e "$1/stop" ]; do
		usctp server -a 127.0.0.1 -p 5101 -t 3600
		rc=$?
		echo "$rc" >>"$1/deaths"
		[ "$rc" != 143 ] || break
	done
}

# churn_raw_drops: packets the open raw SCTP sockets (usrsctp's) dropped for
# want of room in their receive queue (/proc/net/raw*, last column).
churn_raw_drops() {
	awk '$2 ~ /:0084$/ { d += $NF; n++ } END { printf "%d in %d sockets", d, n }' \
		/proc/net/raw /proc/net/raw6
}

# The usrsctp traffic runs on lo, in the host's namespace, so that its
# associations need no range in the peer's namespace, whose table each
# reload loses for a moment.  While sctp_ootb is unloaded sctp.ko answers
# usrsctp's packets as the stock module does, with ABORTs (T bit, the
# packet's own tag reflected); on lo these carry no CRC32c (lo offloads
# it) and usctp verifies the checksum on lo too (usrsctp by default does
# not between loopback addresses, and once took such an ABORT, sent in
# answer to a server's INIT ACK during a reload, for the client's: the
# server's association reset, the client timed out while echoing).
# Those answers are the stock module's (told from usrsctp's own ABORTs by
# that missing checksum), and the check lays each of them against the
# reloads: none may answer a packet sent while sctp_ootb is loaded, from
# the moment finit_module returns (its table in force before its hook) to
# the next delete_module (churn_late_aborts).  Every message must come
# back, and every association must then shut down, with one exception.
# A usrsctp client (0.9.5) has been seen to take sctp.ko's ABORT to its
# SHUTDOWN (dropped for its checksum), then the server's SHUTDOWN ACK, to
# answer it with a SHUTDOWN COMPLETE and still to go on retransmitting its
# SHUTDOWN, which the server, its association gone, no longer answers: an
# association that echoed all and whose shutdown did not complete (usctp's
# exit 4) passes when sctp.ko answered one of its packets from its first
# SHUTDOWN on, and the summary counts it.  The server itself, usrsctp
# 0.9.5 under the floods, has been seen to crash in its receive thread
# (SIGSEGV, before the first reload): it is started again at once, and
# each crash (SIGSEGV or SIGABRT) may take one association with it, which
# the summary counts.  On failure the check
# shows, from a capture of lo (port 5101), the packets before the first
# late ABORTs, or the failed association and the reloads around its end.
#
# Every raw SCTP socket of the namespace gets a copy of every SCTP packet
# the namespace receives (raw delivery comes before sctp_rcv(), whatever
# sctp.ko decides), the two floods' 1,000 INITs a second included: the
# summary says what the server's sockets dropped for want of room (none in
# the runs measured, at the default 208 KiB queues), and how many ABORTs
# crossed lo, and whose.
unload_churn() {
	local w n d0 in0 in assoc ok line ko rc pps drops lo_aborts late arc lport unclean=0 bad= crashes lost=0

	w=$(t_workdir)
	n=$(knob reloads 100)
	pps=$(knob flood_pps 500)
	ko=$(modinfo -n sctp_ootb) || return
	d0=$(dmesg_lines)
	in0=$(snmp SctpInSCTPPacks)
	rm -f "$w/stop" "$w/deaths" "$w/assoc" "$w"/assoc.fail.*
	bg_start "$w/server.log" churn_server "$w"
	wait_until 10 file_has "$w/server.log" "listening on" ||
		{ fail "a usrsctp server on 127.0.0.1:5101" "$(cat "$w/server.log")"; return; }
	# the tables each reload restores, in force from the first packet
	# (netns-churn's control leaves sctp_ootb loaded with none)
	sctpctl flush && sctpctl add-range "$USR_RANGE" &&
		in_peer sctpctl flush && in_peer sctpctl add-range "$PEER_RANGE" ||
		{ fail "the tables of the reloads before the first" "$(sctpctl list | tr '\n' ';')"; return; }
	churn_stats >"$w/stats.before"
	bg_start "$w/tcpdump.log" tcpdump -i lo -nn -U -Z root -w "$w/lo.pcap" 'sctp and port 5101'
	wait_until 10 file_has "$w/tcpdump.log" "listening on" ||
		{ fail "a capture on lo" "$(cat "$w/tcpdump.log")"; return; }
	bg_start "$w/flood4.log" in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 5100-5199 -t 3600 -r "$pps" -l 6198
	bg_start "$w/flood6.log" in_peer ootbflood -s "$PEER6" -d "$HOST6" -p 9000-9010 -t 3600 -r "$pps" -l 6199
	bg_start "$w/loop.log" traffic_loop host 127.0.0.1 5101 127.0.0.1 5110 500 "$w/stop" "$w/assoc"
	wait_until 60 test -s "$w/assoc" ||
		{ fail "a first usrsctp association within 60 s" "none: $(cat "$w/assoc.last")"; return; }
	ootbreload -m "$ko" -n "$n" -r "$USR_RANGE" -N "/run/netns/$PEER_NS" -R "$PEER_RANGE" \
		-T "$w/times" >"$w/reload.log" 2>&1
	rc=$?
	touch "$w/stop"
	in=$(($(snmp SctpInSCTPPacks) - in0))
	cat "$w/reload.log"
	# the association under way ends on its own
	wait_until 150 sh -c "! kill -0 $(echo "$T_BG_PIDS" | awk '{ print $NF }') 2>/dev/null"
	churn_stats >"$w/stats.after"
	drops=$(churn_raw_drops)
	bg_stop_all
	churn_packets "$w" >"$w/packets"
	lo_aborts=$(grep -c -v ' - ' "$w/packets")
	assoc=$(wc -l <"$w/assoc")
	ok=$(grep -c '^0 .*OK 500/500 ' "$w/assoc")
	crashes=$(cat "$w/deaths" 2>/dev/null | grep -c -x -E '134|139')
	grep -v '^0 ' "$w/assoc" >"$w/assoc.bad"
	while read -r arc line; do
		lport=${line##*lport=}
		if [ "$arc" = 4 ] && churn_stock_shutdown "$w" "$lport"; then
			unclean=$((unclean + 1))
		elif [ "$lost" -lt "$crashes" ]; then
			lost=$((lost + 1))
		else
			bad=${bad:-$lport}
		fi
	done <"$w/assoc.bad"
	echo "SCTP packets in at the host: $in; usrsctp associations on lo: $ok of $assoc echoed all and shut down"
	cat "$w/assoc"
	t_say "# unload-churn: $(head -n 1 "$w/reload.log" | sed 's/^ootbreload: //')"
	t_say "# unload-churn: meanwhile $in SCTP packets reached the host (INIT floods over veth, 2 x $pps/s), and $((ok + unclean)) of $assoc usrsctp associations on lo echoed all their 500 messages ($unclean of them then left their SHUTDOWN unanswered after sctp.ko's ABORT to it)"
	[ "$crashes" = 0 ] ||
		t_say "# unload-churn: the usrsctp server crashed $crashes time(s) and was started again; $lost association(s) lost with it; the kernel's log: $(dmesg | tail -n +"$d0" | grep -m 1 -E 'usctp|SCTP/IP' | cut -c 1-160)"
	t_say "# unload-churn: the usrsctp server's raw sockets dropped $drops; $lo_aborts ABORTs crossed lo (port 5101), $(grep -c ' sctp.ko ' "$w/packets") of them sctp.ko's (a zero checksum), $(grep -c ' usrsctp ' "$w/packets") usrsctp's"
	[ "$rc" = 0 ] ||
		{ fail "$n reloads, each hooked" "$(tail -n 1 "$w/reload.log")"; return; }
	late=$(churn_late_aborts "$w")
	[ -z "$late" ] ||
		{ churn_late_diag "$w"; churn_diag "$w"
		  fail "sctp.ko's ABORTs on lo only in answer to packets sent while sctp_ootb was not hooked (from a delete_module to its finit_module's return)" "$late"; return; }
	[ "$(sctpctl list | awk '{ print $1, $2 }')" = "$USR_RANGE discard" ] ||
		{ fail "the parameter's table after the last reload" "$(sctpctl list | tr '\n' ';')"; return; }
	[ "$in" -gt $((n * 10)) ] ||
		{ fail "traffic during the reloads (more than $((n * 10)) packets)" "$in"; return; }
	[ $((ok + unclean)) -ge 2 ] && [ -z "$bad" ] ||
		{ churn_diag "$w" "$bad"
		  fail "every usrsctp association through the reloads to echo all and shut down (or meet sctp.ko's ABORT in its shutdown, or the server's crash), 2 or more" \
			"$((ok + unclean)) of $assoc${bad:+: $(grep " lport=$bad\$" "$w/assoc.bad" | head -n 1)}, $lost lost with the server's $crashes crash(es)"; return; }
	line=$(dmesg_bad_since "$d0") &&
		{ fail "a clean kernel log" "$line"; return; }
	return 0
}

# -------------------------------------------------------------------------

step setup-abuse-load modprobe sctp_ootb || return 0
step setup-abuse-table abuse_table || return 0

check genl-fuzz genl_fuzz
step setup-abuse-table abuse_table
check concurrent-writers concurrent_writers
check netns-churn netns_churn
# ootbtest.unload_repeat=N runs unload-churn N times (to catch a rare failure).
r=$(knob unload_repeat 1)
while [ "$r" -gt 0 ]; do
	check unload-churn unload_churn
	r=$((r - 1))
done
