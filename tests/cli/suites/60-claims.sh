# SPDX-License-Identifier: GPL-2.0
#
# Claims (family version 3) against the stand-in, which decides them with
# the module's table.c: sctpctl run claims for COMMAND's life, list and
# stats show the claim and its owner, flush and restore leave it, del-range
# refuses it without force, save skips it, monitor tells its creation and
# release; a version-2 module gets a clear refusal.  COMMAND is sctpctl
# again (or sh running it), with the stand-in's environment inherited.

fake_start || return 0
succeeds claim-static-range add-range 5000-5100

# claimed CMD...: sctpctl run 5300 -- sh -c CMD "$SCTPCTL", output in
# $tmp/out, status in $rc.  The owner's command is sctpctl, or under
# VALGRIND the name valgrind's tool runs as (memcheck-amd64-).
claimed() {
	run_sc run 5300 -- sh -c "$1" "$SCTPCTL"
	rc=$?
}

claim_listed() {
	claimed '"$0" list'
	[ $rc = 0 ] || { fail "exit 0" "$rc '$(oneline "$tmp/err")'"; return; }
	holds "$tmp/out" "5300 listed as owned, with pid, comm and port id" -E \
		'^5300-5300 discard matched [0-9]+ reserved owned pid [0-9]+ comm [a-z0-9-]+ portid [0-9]+$'
}

claim_json() {
	claimed '"$0" -j list'
	holds "$tmp/out" "5300 owned, reserved, with its owner in JSON" \
		'"start":5300,"end":5300,"policy":"discard","matched":[0-9]*,"reserve":true,"owned":true,"owner":{"pid":[0-9]*,"comm":"[a-z0-9-]*","portid":[0-9]*}'
}

claim_gone() {
	claimed true
	sc list >"$tmp/out" 2>&1
	lacks "$tmp/out" "no claim once COMMAND ended" '^5300-5300 ' &&
		holds "$tmp/out" "the static range kept" '^5000-5100 '
}

claim_stats() {
	claimed '"$0" stats'
	grep -qx 'claims 1' "$tmp/out" && grep -qx 'ranges 1' "$tmp/out" ||
		fail "ranges 1, claims 1" "'$(oneline "$tmp/out")'"
}

claim_flush_keeps() {
	claimed '"$0" flush && "$0" list'
	sc add-range 5000-5100 2>/dev/null	# the static range, back
	holds "$tmp/out" "the claim kept by flush" '^5300-5300 .* owned' &&
		lacks "$tmp/out" "the static range flushed" '^5000-5100 '
}

claim_restore() {
	# A restore keeps the claim; one naming the claim's range is refused
	# whole.
	claimed 'printf "add-range 6000\n" | "$0" restore && "$0" list &&
		printf "add-range 7000\nadd-range 5300\n" | "$0" restore;
		echo "rc=$?"; "$0" save'
	holds "$tmp/out" "the claim kept by restore" '^5300-5300 .* owned' ||
		return
	grep -qx 'rc=1' "$tmp/out" && grep -q 'same range as a claim' "$tmp/err" ||
		{ fail "a restore naming the claim refused: same range as a claim" "'$(oneline "$tmp/out")' '$(oneline "$tmp/err")'"; return; }
	grep -qx 'add-range 6000-6000 policy discard' "$tmp/out" &&
		! grep -q 'add-range 7000' "$tmp/out" ||
		fail "the refused restore changed nothing" "'$(oneline "$tmp/out")'"
}

claim_delete() {
	claimed '"$0" del-range 5300; echo "rc=$?"; "$0" list;
		"$0" del-range 5300 force; echo "rc=$?"; "$0" list'
	holds "$tmp/err" "del-range refused: range is owned by another socket" \
		'range is owned by another socket' || return
	[ "$(grep -c '^rc=' "$tmp/out")" = 2 ] &&
		[ "$(sed -n 's/^rc=//p' "$tmp/out" | tr '\n' ' ')" = "1 0 " ] ||
		{ fail "exit 1 without force, 0 with" "'$(oneline "$tmp/out")'"; return; }
	[ "$(grep -c '^5300-5300 ' "$tmp/out")" = 1 ] ||
		fail "the claim there until the forced delete" "'$(oneline "$tmp/out")'"
}

claim_save_skips() {
	claimed '"$0" save'
	grep -q '^add-range 6000-6000 ' "$tmp/out" && ! grep -q 5300 "$tmp/out" ||
		fail "save without the claim" "'$(oneline "$tmp/out")'"
}

claim_monitor() {
	mon_start
	claimed true
	sc reset-counters	# the stand-in sees the release at the next request
	wait_for grep -q release-range "$tmp/mon.out"
	stop "$mon_pid"
	holds "$tmp/mon.out" "the claim's add-range, owned, with its owner" -E \
		'add-range 5300-5300 policy discard reserve owned owner [0-9]+ comm [a-z0-9-]+$' &&
		holds "$tmp/mon.out" "the claim's release-range" -E \
			'release-range 5300-5300 owned owner [0-9]+ comm [a-z0-9-]+$'
}

check claim-run-list claim_listed
check claim-run-list-json claim_json
check claim-run-gone claim_gone
check claim-run-stats claim_stats
check claim-run-flush-keeps claim_flush_keeps
check claim-run-restore claim_restore
check claim-run-delete claim_delete
check claim-run-save-skips claim_save_skips
check claim-run-monitor claim_monitor

# --auto serves programs that load libusrsctp: a static program (busybox,
# the harness's) is refused without RANGE, before anything is claimed.
fails claim-auto-static 'is statically linked: its usrsctp calls cannot be seen' \
	run --auto -- /bin/busybox true

# A version-2 module: run says it is too old, COMMAND does not run.
fake_start -V 2 || return 0
fails claim-run-v2-module 'too old' run 5300 -- sh -c 'echo ran'
