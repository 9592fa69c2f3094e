# SPDX-License-Identifier: GPL-2.0
#
# sctpctl against the real module, where the kernel's answers matter:
# version 2 of the family (get, reset-counters and list --reset under
# traffic, reserve as the sysctl shows it, monitor events as the kernel
# sends them), restore --check agreeing with the kernel, safe restores and
# batches, -a over the namespaces of this boot, doctor on a real host, and
# every example of the documentation (examples.sh --docs).
#
# Against a module without version 2 these checks fail (sctpctl says the
# module is too old); none of them is skipped.
#
# Ports: 41000-44999 on the host.  The host's and the peer's tables are
# saved first and put back at the end.

SAVED=$T_DIR/sctpctl-saved

# expect_out RC TEXT ARGS...: `sctpctl ARGS` exits RC and prints TEXT
# (standard output and error together).
expect_out() {
	local want_rc=$1 want=$2 got rc

	shift 2
	got=$(sctpctl "$@" 2>&1)
	rc=$?
	printf '+ sctpctl %s -> exit %s:\n%s\n' "$*" "$rc" "$got"
	[ "$rc" = "$want_rc" ] && [ "$got" = "$want" ] ||
		{ fail "exit $want_rc and '$want' from 'sctpctl $*'" "exit $rc and '$got'"; return 1; }
}

save_tables() {
	mkdir -p "$SAVED"
	sctpctl save >"$SAVED/host" && sctpctl -n "$PEER_NS" save >"$SAVED/peer"
}

restore_tables() {
	sctpctl restore "$SAVED/host" && sctpctl -n "$PEER_NS" restore "$SAVED/peer"
}

# -------------------------------------------------------------------------

sctpctl_get() {
	ctl flush || return
	ctl add-range 41000-41999 || return
	ctl add-range 41500 policy abort || return
	ctl add-range 42000-42010 policy count reserve || return
	expect_out 0 'port 41001: 41000-41999 discard matched 0' get 41001 || return
	expect_out 0 'port 41000: 41000-41999 discard matched 0' get 41000 || return
	expect_out 0 'port 41999: 41000-41999 discard matched 0' get 41999 || return
	expect_out 1 'port 41500: 41500-41500 abort matched 0' get 41500 || return
	expect_out 1 'port 42005: 42000-42010 count matched 0 reserved' get 42005 || return
	expect_out 1 'port 43000: no range: stock behaviour' get 43000 || return
	expect_out 1 'port 1: no range: stock behaviour' get 1 || return
	expect_out 1 'port 65535: no range: stock behaviour' get 65535 || return
	expect_out 0 '{"port":41001,"silenced":true,"range":{"start":41000,"end":41999,"policy":"discard","matched":0,"reserve":false,"owned":false,"owner":null}}' \
		-j get 41001 || return
	expect_out 1 '{"port":43000,"silenced":false,"range":null}' -j get 43000 || return
	# Traffic moves the counter get shows, as list shows it.
	flood 41001 5
	m=$(matched 41000-41999)
	[ "$m" -gt 0 ] || { fail "41000-41999 to count the flood" "$m"; return; }
	expect_out 0 "port 41001: 41000-41999 discard matched $m" get 41001
}

sctpctl_reset() {
	local a b
	ctl flush || return
	ctl add-range 41000-41999 || return
	ctl add-range 42000-42999 policy count || return
	flood 41000-41099 20
	flood 42000-42009 10
	a=$(matched 41000-41999)
	b=$(matched 42000-42999)
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ] ||
		{ fail "both ranges to count traffic" "$a and $b"; return; }
	ctl reset-counters 41000-41999 || return
	[ "$(matched 41000-41999)" = 0 ] && [ "$(matched 42000-42999)" = "$b" ] ||
		{ fail "41000-41999 zeroed and 42000-42999 at $b" "$(matched 41000-41999) and $(matched 42000-42999)"; return; }
	expect_out 1 'Error: no such range.' reset-counters 41000 || return
	ctl reset-counters || return
	[ "$(matched 42000-42999)" = 0 ] && [ "$(ootb_stat discarded)" = 0 ] &&
		[ "$(ootb_stat counted)" = 0 ] ||
		{ fail "every counter and total at 0" "$(sctpctl stats | tr '\n' ' ')"; return; }
}

# list --reset while the peer floods: what the listings read adds up to
# what the namespace total (which the dump does not zero) counted.
sctpctl_list_reset() {
	local w=$(t_workdir) sum=0 n nz=0 i=0 d
	ctl flush || return
	ctl reset-counters || return
	ctl add-range 41000-41999 || return
	bg_start "$w/flood.log" in_peer ootbflood -s "$PEER4" -d "$HOST4" \
		-p 41000-41999 -n 4000 -r 1000 -l 6190
	until grep -q sent "$w/flood.log" || [ $i -ge 2000 ]; do
		n=$(sctpctl list --reset | awk '$1 == "41000-41999" { print $4 }')
		[ -n "$n" ] || { fail "a list --reset line for 41000-41999" "none"; return; }
		sum=$((sum + n))
		[ "$n" -gt 0 ] && nz=$((nz + 1))
		i=$((i + 1))
	done
	wait_until 60 grep -q sent "$w/flood.log"
	n=$(sctpctl list --reset | awk '$1 == "41000-41999" { print $4 }')
	sum=$((sum + n))
	d=$(ootb_stat discarded)
	echo "list --reset: $i readings during the flood, $nz non-zero, $sum in all; stats discarded $d; $(cat "$w/flood.log")"
	[ "$sum" -gt 0 ] && [ "$sum" = "$d" ] ||
		{ fail "the readings to add up to the discarded total $d" "$sum"; return; }
	[ "$(matched 41000-41999)" = 0 ] ||
		{ fail "the counter at 0 after the last list --reset" "$(matched 41000-41999)"; return; }
}

sctpctl_reserve() {
	local base
	ctl flush || return
	base=$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)
	ctl add-range 43000-43099 reserve || return
	expect_reserved "add-range reserve" 43000-43099 among || return
	expect_out 0 '43000-43099 discard matched 0 reserved' list || return
	expect_out 0 'add-range 43000-43099 policy discard reserve' save || return
	ctl replace-range 43000-43099 || return
	expect_reserved "replace-range without reserve" "$base" || return
	printf 'add-range 43000-43099 reserve\nadd-range 43050 policy abort\n' >"$(t_workdir)/r.conf"
	ctl restore "$(t_workdir)/r.conf" &&
		expect_reserved restore 43000-43099 among &&
		ctl flush && expect_reserved flush "$base"
}

# monitor_start LOG [OPTIONS]: sctpctl OPTIONS monitor in the background,
# its pid in $pid, once it is subscribed: it has shown a change (no
# sleep-and-hope).
monitor_start() {
	local log=$1

	shift
	bg_start "$log" sctpctl "$@" monitor
	pid=${T_BG_PIDS##* }
	wait_until 30 monitor_shows "$log"
}

# monitor_shows LOG: the monitor has written LOG; if not, a change for it.
monitor_shows() {
	[ -s "$1" ] || { sctpctl reset-counters; return 1; }
}

sctpctl_monitor() {
	local w=$(t_workdir) pid rc inum
	ctl flush || return
	monitor_start "$w/mon.out"
	ctl add-range 43000-43010 reserve
	ctl replace-range 43000-43010 policy count
	ctl replace-range 43500 policy abort
	ctl add-range 43000-43010 2>/dev/null	# refused: not announced
	ctl del-range 43500
	ctl reset-counters 43000-43010
	ctl flush
	printf 'add-range 44000-44010\nadd-range 44020\n' | ctl restore
	ctl list --reset >/dev/null
	ctl flush
	wait_until 30 sh -c "[ \$(grep -c 'flush\$' '$w/mon.out') -ge 2 ]"
	bg_end INT "$pid"
	rc=$?
	echo "monitor exit $rc:"
	cat "$w/mon.out"
	sed -e '/ reset-counters$/d' -e 's/^netns [0-9]* portid [0-9]* //' \
		"$w/mon.out" >"$w/mon.txt"
	printf '%s\n' 'add-range 43000-43010 policy discard reserve' \
		'replace-range 43000-43010 policy count' \
		'add-range 43500-43500 policy abort' 'del-range 43500-43500' \
		'reset-counters 43000-43010' 'flush' 'replace-table ranges 2' \
		'reset-counters ranges 2' 'flush' >"$w/mon.want"
	cmp -s "$w/mon.want" "$w/mon.txt" ||
		{ fail "the events '$(tr '\n' '|' <"$w/mon.want")'" "'$(tr '\n' '|' <"$w/mon.txt")'"; return; }
	[ "$rc" = 0 ] || { fail "exit 0 on SIGINT" "$rc"; return; }
	inum=$(netns_inum)
	grep -q "^netns $inum portid [1-9][0-9]* add-range" "$w/mon.out" ||
		{ fail "netns $inum and a port id" "$(head -n 1 "$w/mon.out")"; return; }

	monitor_start "$w/monj.out" -j
	ctl add-range 43000 reserve
	ctl del-range 43000
	wait_until 30 grep -q del-range "$w/monj.out"
	bg_end TERM "$pid"
	rc=$?
	grep -v '"reset-counters"' "$w/monj.out" |
		sed 's/"netns":[0-9]*,"portid":[0-9]*/"netns":N,"portid":P/' >"$w/monj.txt"
	printf '%s\n' \
		'{"netns":N,"portid":P,"event":"add-range","start":43000,"end":43000,"policy":"discard","reserve":true,"owned":false,"force":false,"owner":null}' \
		'{"netns":N,"portid":P,"event":"del-range","start":43000,"end":43000,"owned":false,"force":false,"owner":null}' >"$w/monj.want"
	[ "$rc" = 0 ] && cmp -s "$w/monj.want" "$w/monj.txt" ||
		{ fail "exit 0 on SIGTERM and '$(tr '\n' '|' <"$w/monj.want")'" "exit $rc and '$(tr '\n' '|' <"$w/monj.txt")'"; return; }
}

sctpctl_all_netns() {
	local w=$(t_workdir) n
	ctl flush || return
	ctl add-range 41000-41010 || return
	{
		echo "netns: (current)"
		sctpctl list
		for n in $(ls /run/netns); do
			echo
			echo "netns: $n"
			sctpctl -n "$n" list
		done
	} >"$w/want"
	sctpctl -a list >"$w/got" 2>&1
	cat "$w/got"
	cmp -s "$w/want" "$w/got" ||
		{ fail "'$(tr '\n' '|' <"$w/want")'" "'$(tr '\n' '|' <"$w/got")'"; return; }
	sctpctl -j -a list >"$w/json" || return
	grep -q '^\[{"netns":null,"ranges":\[{"start":41000,"end":41010,' "$w/json" &&
		grep -q "{\"netns\":\"$PEER_NS\",\"ranges\":\[" "$w/json" ||
		{ fail "the current namespace and $PEER_NS in -j -a list" "$(cat "$w/json")"; return; }
	sctpctl -a save >"$w/save" || return
	grep -qx "# netns: $PEER_NS" "$w/save" ||
		{ fail "a '# netns: $PEER_NS' section in -a save" "$(tr '\n' '|' <"$w/save")"; return; }
	[ "$(sctpctl -j -a stats | grep -o '"netns":' | wc -l)" -ge 2 ] ||
		{ fail "two namespaces in -j -a stats" "$(sctpctl -j -a stats)"; return; }
}

# restore --check exits as the restore does, and a refused restore
# changes nothing.
sctpctl_restore_check() {
	local w=$(t_workdir) f before after c r
	printf 'add-range 1-65535 policy count\nadd-range 41000-41999\nadd-range 41500 policy abort\nadd-range 41510-41520 policy count reserve\n' >"$w/nested"
	printf 'add-range 41000-41999\nadd-range 41900-42100\n' >"$w/overlap"
	printf 'add-range 41000-41999\nadd-range 41000-41999 policy abort\n' >"$w/dup"
	printf 'flush\n' >"$w/flush"
	printf '# nothing\n' >"$w/empty"
	printf 'add-range 41000\nflush\n' >"$w/lateflush"
	seq 40001 41024 | sed 's/^/add-range /' >"$w/full"
	cp "$w/full" "$w/over"
	echo "add-range 45000" >>"$w/over"
	for f in nested overlap dup flush empty lateflush full over; do
		ctl restore "$w/nested" >/dev/null || return
		before=$(sctpctl save)
		sctpctl restore --check "$w/$f" 2>"$w/$f.check"
		c=$?
		after=$(sctpctl save)
		[ "$before" = "$after" ] ||
			{ fail "restore --check $f to change nothing" "a change"; return; }
		sctpctl restore "$w/$f" 2>"$w/$f.real"
		r=$?
		echo "$f: --check exit $c ($(cat "$w/$f.check")), restore exit $r ($(cat "$w/$f.real"))"
		[ "$c" = "$r" ] ||
			{ fail "the same exit from --check and restore for $f" "$c and $r"; return; }
		if [ "$r" != 0 ]; then
			[ "$(sctpctl save)" = "$before" ] ||
				{ fail "a refused restore of $f to change nothing" "a change"; return; }
		fi
	done
	[ "$(grep -c . "$w/overlap.real")" = 1 ] &&
		grep -qx "$w/overlap:2: range 41900-42100 overlaps 41000-41999 (line 1)" "$w/overlap.real" ||
		{ fail "the overlap at line 2" "$(cat "$w/overlap.real")"; return; }
	grep -qx "$w/over:1025: too many ranges (at most 1024)" "$w/over.real" ||
		{ fail "1025 ranges refused at line 1025" "$(cat "$w/over.real")"; return; }
}

sctpctl_safe_restore() {
	local w=$(t_workdir) before
	ctl flush || return
	ctl add-range 41000-41999 || return
	before=$(sctpctl save)
	expect_out 1 'sctpctl: <stdin>: nothing to restore (no add-range or flush line): the table is left as it is; to empty it, run "sctpctl flush" or restore a file holding "flush"' \
		restore </dev/null || return
	printf 'restore\nrestore\n' >"$w/b"
	sctpctl -b "$w/b" <"$w/b" >"$w/b.out" 2>&1
	[ $? = 2 ] && grep -q "$w/b:2: restore needs a FILE: stdin is read by line 1 already" "$w/b.out" ||
		{ fail "the second bare restore refused" "$(cat "$w/b.out")"; return; }
	[ "$(sctpctl save)" = "$before" ] ||
		{ fail "the table untouched" "$(sctpctl save | tr '\n' '|')"; return; }
	# A batch with -f: errors in line order, exit 1, the good lines applied.
	printf 'add-range 42000\nadd-range 5-3\nadd-range 42000\nadd-range 42100\nadd-range 41900-42050\n' >"$w/f"
	printf '%s\n' "$w/f:2: bad range \"5-3\": start 5 is after end 3" \
		"$w/f:3: Error: range already exists." \
		"$w/f:5: Error: overlaps 41000-41999." >"$w/f.want"
	sctpctl -f -b "$w/f" >"$w/f.out" 2>"$w/f.err"
	[ $? = 1 ] && cmp -s "$w/f.want" "$w/f.err" ||
		{ fail "exit 1 and '$(tr '\n' '|' <"$w/f.want")'" "'$(tr '\n' '|' <"$w/f.err")'"; return; }
	expect_out 0 "$(printf '%s\n' 'add-range 41000-41999 policy discard' \
		'add-range 42000-42000 policy discard' 'add-range 42100-42100 policy discard')" save
}

# On this host the doctor finds nothing wrong with a config it applied...
sctpctl_doctor_clean() {
	mkdir -p /etc/sctp-ootb/netns
	ctl flush || return
	# Reserved: 41000-41999 lies in the default ephemeral ports.
	ctl add-range 41000-41999 reserve || return
	sctpctl save >/etc/sctp-ootb/ranges.conf
	sctpctl -n "$PEER_NS" save >"/etc/sctp-ootb/netns/$PEER_NS.conf"
	ctl -a doctor
	[ $? = 0 ] || { fail "doctor -a to exit 0" "$(sctpctl -a doctor | grep -A 1 FAIL | head -n 2)"; return; }
	sctpctl -j doctor | grep -q '^{"ok":true,"problems":0,' ||
		{ fail "ok true in doctor -j" "$(sctpctl -j doctor)"; return; }
}

# finds FINDING_TEXT: doctor exits 1 and prints a line containing it.
finds() {
	local out rc
	out=$(sctpctl doctor 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ "$rc" = 1 ] && printf '%s\n' "$out" | grep -qF -- "$1" ||
		{ fail "exit 1 and '$1'" "exit $rc: $(printf '%s\n' "$out" | grep -m 1 FAIL)"; return 1; }
}

# ...and each problem once made real.
sctpctl_doctor_finds() {
	local f=/proc/sys/net/ipv4/ip_local_port_range range
	ctl add-range 44000 || return
	finds 'FAIL config: /etc/sctp-ootb/ranges.conf is not applied: 44000-44000 discard is in the table, not in the file' || return
	ctl restore /etc/sctp-ootb/ranges.conf || return
	sctp_server "$(t_workdir)/listener.log" "$HOST4" 41005 || return
	finds 'FAIL listeners: a kernel SCTP socket listens in a discard range' || return
	finds 'port 41005 (uid 0, socket inode ' || return
	bg_stop_all
	# A discard range in the ephemeral ports that does not reserve them.
	range=$(cat $f)
	ctl add-range 43000-43099 || return
	finds "FAIL ephemeral: 100 ports of the ephemeral range $(echo $range | tr ' ' '-') (net.ipv4.ip_local_port_range) are in discard ranges and not reserved: 43000-43099" || return
	ctl replace-range 43000-43099 reserve || return
	sctpctl doctor | grep '^ok   ephemeral: ' ||
		{ fail "ephemeral ok once the range reserves its ports" "$(sctpctl doctor | grep ephemeral)"; return; }
	ctl restore /etc/sctp-ootb/ranges.conf || return
	# Without the companion: nothing silences the discard range any more.
	rmmod sctp_ootb || return
	finds 'FAIL companion: sctp_ootb is not loaded' &&
		finds 'FAIL aborts: nothing silences the discard ranges of the config: the kernel handled ' ||
		{ modprobe sctp_ootb; return 1; }
	modprobe sctp_ootb || return
	ctl restore /etc/sctp-ootb/ranges.conf && sctpctl -n "$PEER_NS" restore "$SAVED/peer"
}

# Every example of the documentation, in a namespace of its own
# (with only "blue" named), so that the other suites' tables do not show.
sctpctl_examples() {
	local w=$(t_workdir) ok bad
	# Full paths: busybox's unshare would run its own sh, and that its ip.
	EXAMPLES_RESET='sctpctl flush && sctpctl reset-counters && sctpctl -n blue flush && sctpctl -n blue reset-counters' \
		unshare -m -n /usr/bin/dash -c '
		mount -t tmpfs tmpfs /run/netns || exit 1
		/usr/bin/ip netns add blue || exit 1
		cd /tmp && /usr/bin/dash /tests/examples.sh /tests/docs/*
	' >"$w/examples.log" 2>&1
	cat "$w/examples.log"
	ok=$(grep -c '^ok example-' "$w/examples.log")
	bad=$(grep -c '^not ok ' "$w/examples.log")
	[ "$bad" = 0 ] && [ "$ok" -ge 12 ] ||
		{ fail "at least 12 examples ok and none failing" "$ok ok, $bad failing: $(grep -m 1 '^not ok' "$w/examples.log")"; return; }
}

# -------------------------------------------------------------------------

step setup-sctpctl-load modprobe sctp_ootb || return 0
step setup-sctpctl-save save_tables || return 0

check sctpctl-get-port sctpctl_get
check sctpctl-reset-counters sctpctl_reset
check sctpctl-list-reset-traffic sctpctl_list_reset
check sctpctl-reserve sctpctl_reserve
check sctpctl-monitor sctpctl_monitor
check sctpctl-all-netns sctpctl_all_netns
check sctpctl-restore-check sctpctl_restore_check
check sctpctl-safe-restore sctpctl_safe_restore
check sctpctl-doctor-clean sctpctl_doctor_clean
check sctpctl-doctor-finds sctpctl_doctor_finds
check sctpctl-examples sctpctl_examples

step setup-sctpctl-restore restore_tables
