# SPDX-License-Identifier: GPL-2.0
# needs: hostfs
#
# The family's netlink spec (kmod/ootb/sctp_ootb.yaml) against the running
# module: spec-consistency compares it with the uapi header and with the
# policy the kernel really enforces, and checks that deliberate errors in
# the spec are caught; ynl-cli drives the module with the kernel's own
# generic netlink CLI (tools/net/ynl/cli.py from linux-source-6.12, which
# `make ynl` extracts into build/ynl) and nothing but the spec.
#
# python3 and its yaml and jsonschema modules are the host's, reached over
# virtio-9p (run.sh exports the host's root read-only for this file; see
# hostfs_up in lib.sh): the image stays as small for the other suites.

YNL_DIR=$HOST_ROOT/build/ynl
SPEC=$HOST_ROOT/kmod/ootb/sctp_ootb.yaml
HEADER=$HOST_ROOT/include/uapi/linux/sctp_ootb.h
SCHEMA=$YNL_DIR/Documentation/netlink/genetlink-legacy.yaml

spec_consistency() {
	local w=$(t_workdir)

	ootbnl policy >"$w/policy.txt" || { fail "ootbnl policy" "$(cat "$w/policy.txt")"; return; }
	cat "$w/policy.txt"
	on_host python3 "$HOST_ROOT/tests/unit/spec_check.py" --spec "$SPEC" \
		--header "$HEADER" --schema "$SCHEMA" --policy "$w/policy.txt" \
		--mutants >"$w/spec.txt" 2>&1
	cat "$w/spec.txt"
	grep -q '^ok spec-kernel$' "$w/spec.txt" ||
		{ fail "'ok spec-kernel'" "$(grep -m 1 -A 1 '^not ok\|Error' "$w/spec.txt" | tr '\n' ' ')"; return; }
	! grep -q '^not ok' "$w/spec.txt" ||
		{ fail "every spec check ok" "$(grep -m 1 -A 1 '^not ok' "$w/spec.txt" | tr '\n' ' ')"; return; }
	[ "$(grep -c '^ok spec-mutant-' "$w/spec.txt")" -ge 10 ] ||
		{ fail "the deliberate errors caught" "$(grep -c '^ok spec-mutant-' "$w/spec.txt") of them"; return; }
}

# ynl ARGS...: cli.py with the spec; JSON out.  ynl_cli validates the spec
# against the kernel's schema once; the other calls skip that (seconds
# each under emulation).
ynl() {
	on_host python3 "$YNL_DIR/tools/net/ynl/cli.py" --spec "$SPEC" \
		--no-schema --output-json "$@"
}

# ynl_is WHAT WANT ARGS...: cli.py ARGS must print exactly WANT.
ynl_is() {
	local what=$1 want=$2 got

	shift 2
	echo "+ cli.py $*"
	got=$(ynl "$@" 2>&1)
	echo "$got"
	[ "$got" = "$want" ] || { fail "$what: '$want'" "'$got'"; return 1; }
}

# Is a NETLINK_GENERIC socket of this namespace in multicast group $1?
# (/proc/net/netlink: protocol 16, Groups is the bitmap of groups 1-32).
mcast_member() {
	local sk eth pid groups rest

	while read -r sk eth pid groups rest; do
		[ "$eth" = 16 ] || continue
		[ $((0x$groups & (1 << ($1 - 1)))) != 0 ] && return 0
	done </proc/net/netlink
	return 1
}

ynl_cli() {
	local w=$(t_workdir) inum=$(netns_inum) gid out p1 p2 d0

	# The spec valid for the kernel's schema, and its operations.
	out=$(on_host python3 "$YNL_DIR/tools/net/ynl/cli.py" --spec "$SPEC" \
		--schema "$SCHEMA" --list-ops 2>&1)
	echo "$out"
	[ "$(echo "$out" | grep -c '\[')" = 8 ] ||
		{ fail "8 operations from cli.py --schema --list-ops" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"; return; }

	ynl_is "flush" null --do flush &&
	ynl_is "add" null --do add-range --json '{"start": 5000, "end": 5100, "reserve": true}' &&
	ynl_is "add nested" null --do add-range --json '{"start": 5050, "end": 5050, "policy": "abort"}' &&
	ynl_is "dump" '[{"start": 5000, "end": 5100, "policy": "discard", "reserve": true, "matched": 0}, {"start": 5050, "end": 5050, "policy": "abort", "matched": 0}]' \
		--dump get-range &&
	ynl_is "get-port" '{"port": 5050, "start": 5050, "end": 5050, "policy": "abort", "matched": 0}' \
		--do get-port --json '{"port": 5050}' &&
		expect_reserved "add reserve" 5000-5100 || return

	# Traffic, then the counters through the spec.
	d0=$(snmp SctpInPktDiscards)
	in_peer ootbflood -s "$PEER4" -d "$HOST4" -p 5010 -n 4 -l 6193 || return
	wait_until 20 discards_reached "$d0" 4
	ynl_is "get-port after 4 INITs" '{"port": 5010, "start": 5000, "end": 5100, "policy": "discard", "reserve": true, "matched": 4}' \
		--do get-port --json '{"port": 5010}' || return
	out=$(ynl --do get-stats)
	echo "$out"
	echo "$out" | grep -q '"ranges": 2, "max-ranges": 1024, .*"hooked": 1' ||
		{ fail "get-stats: 2 ranges, hooked" "$out"; return; }
	ynl_is "reset dump" '[{"start": 5000, "end": 5100, "policy": "discard", "reserve": true, "matched": 4}, {"start": 5050, "end": 5050, "policy": "abort", "matched": 0}]' \
		--dump reset-counters &&
	ynl_is "dump after the reset dump" '[{"start": 5000, "end": 5100, "policy": "discard", "reserve": true, "matched": 0}, {"start": 5050, "end": 5050, "policy": "abort", "matched": 0}]' \
		--dump get-range &&
	ynl_is "reset one" null --do reset-counters --json '{"start": 5050, "end": 5050}' &&
	ynl_is "reset all" null --do reset-counters &&
	ynl_is "delete" null --do del-range --json '{"start": 5050, "end": 5050}' &&
	ynl_is "replace-table" null --do replace-table \
		--json '{"range": [{"start": 6000, "end": 6010, "policy": "count"}, {"start": 7000, "end": 7000, "reserve": true}]}' &&
	ynl_is "dump after replace-table" '[{"start": 6000, "end": 6010, "policy": "count", "matched": 0}, {"start": 7000, "end": 7000, "policy": "discard", "reserve": true, "matched": 0}]' \
		--dump get-range &&
		expect_reserved replace-table 7000 || return

	# A refusal comes back with the module's extack text.
	out=$(ynl --do add-range --json '{"start": 7000, "end": 7000}' 2>&1)
	echo "$out"
	echo "$out" | grep -q 'range already exists' ||
		{ fail "'range already exists' from cli.py" "$(echo "$out" | head -n 2 | tr '\n' ' ')"; return; }

	# The monitor group, decoded with the spec's *-ntf entries.  cli.py
	# subscribes, sleeps, then prints what came; the changes are made with
	# ootbnl once the subscription shows in /proc/net/netlink.
	gid=$(ootbnl policy | sed -n 's/^mcgrp monitor id=//p')
	[ -n "$gid" ] || { fail "the monitor group's id" "none"; return; }
	bg_start "$w/monitor.json" ynl --subscribe monitor --sleep 30
	wait_until 60 mcast_member "$gid" ||
		{ fail "cli.py subscribed to group $gid" "no member"; return; }
	p1=$(ootbnl add 8000 reserve | tail -n 1 | sed -n 's/.*portid=//p')
	p2=$(ootbnl del 8000 | tail -n 1 | sed -n 's/.*portid=//p')
	wait_until 90 grep -q '^\[' "$w/monitor.json" ||
		{ fail "cli.py's notifications" "nothing: $(cat "$w/monitor.json")"; return; }
	cat "$w/monitor.json"
	out="[{\"name\": \"add-range-ntf\", \"msg\": {\"start\": 8000, \"end\": 8000, \"policy\": \"discard\", \"reserve\": true, \"netns-inum\": $inum, \"portid\": $p1}}, {\"name\": \"del-range-ntf\", \"msg\": {\"start\": 8000, \"end\": 8000, \"netns-inum\": $inum, \"portid\": $p2}}]"
	[ "$(cat "$w/monitor.json")" = "$out" ] ||
		{ fail "$out" "$(cat "$w/monitor.json")"; return; }
	ynl_is "flush" null --do flush
}

# -------------------------------------------------------------------------

step setup-ynl-load modprobe sctp_ootb || return 0
step setup-ynl-hostfs hostfs_up || return 0

check spec-consistency spec_consistency
check ynl-cli ynl_cli
