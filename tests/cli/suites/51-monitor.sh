# SPDX-License-Identifier: GPL-2.0
#
# monitor: one line per change, flushed at once, clean exit on signals;
# its JSON against the schema.

fake_start || return 0

two_flushes() {
	[ "$(grep -c 'flush$' "$tmp/mon.out")" -ge 2 ]
}

monitor_events() {
	mon_start
	sc add-range 5000-5100 reserve
	sc replace-range 5000-5100 policy count
	sc replace-range 6000 policy abort
	sc add-range 5000-5100 2>/dev/null	# refused: not announced
	sc del-range 6000
	sc reset-counters 5000-5100
	sc flush
	printf 'add-range 1-2\nadd-range 3\n' | sc restore
	sc list --reset >/dev/null
	sc flush
	# Flushed per event: everything is in the file before the monitor ends.
	wait_for two_flushes
	sed -e '/ reset-counters$/d' \
		-e 's/^netns [0-9]* portid [0-9]* /netns N portid P /' \
		"$tmp/mon.out" >"$tmp/mon.txt"
	cmp -s "$golden/monitor.txt" "$tmp/mon.txt" ||
		fail "golden/monitor.txt" "'$(oneline "$tmp/mon.txt")'"
}

monitor_sigint() {
	kill -INT "$mon_pid"
	wait "$mon_pid"
	rc=$?
	[ "$rc" = 0 ] && [ ! -s "$tmp/mon.err" ] ||
		fail "exit 0 and no stderr" "$rc '$(oneline "$tmp/mon.err")'"
}

monitor_portid() {
	inum=$(stat -L -c %i /proc/self/ns/net)
	grep -q "^netns $inum portid [1-9][0-9]* add-range" "$tmp/mon.out" ||
		fail "netns $inum and a port id" "'$(oneline "$tmp/mon.out")'"
}

monitor_json() {
	mon_start -j
	sc add-range 7000 reserve
	sc del-range 7000
	wait_for grep -q del-range "$tmp/mon.out"
	kill -TERM "$mon_pid"
	wait "$mon_pid"
	rc=$?
	cp "$tmp/mon.out" "$tmp/monitor-sample.json"
	grep -v '"reset-counters"' "$tmp/mon.out" |
		sed 's/"netns":[0-9]*,"portid":[0-9]*/"netns":N,"portid":P/' >"$tmp/mon.txt"
	[ "$rc" = 0 ] && cmp -s "$golden/monitor.json" "$tmp/mon.txt" ||
		fail "exit 0 and golden/monitor.json" "$rc '$(oneline "$tmp/mon.txt")'"
}

check monitor-events monitor_events
check monitor-sigint-exit-0 monitor_sigint
check monitor-netns-portid monitor_portid
check monitor-json-sigterm monitor_json
json_schema monitor "$tmp/monitor-sample.json"
