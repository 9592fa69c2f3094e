# SPDX-License-Identifier: GPL-2.0
#
# An unprivileged user in a user namespace of its own: it may change only
# the table of a network namespace its user namespace owns, and what its
# requests make the module allocate is charged to its memory cgroup, so a
# small memory.max makes them fail cleanly with ENOMEM.
#
# The requests are ootbnl's, run as uid 1000 by `unshare -r -n` (busybox).
# Each request whose memory is measured starts with `ootbnl -w`: once it
# is set up it says "ready" and waits; only then is it moved into a fresh
# cgroup of its own (its own pages stay charged where they were: cgroup v2
# does not move charges) and the limit set, so that what that cgroup is
# charged from then on is what the kernel allocates for the request.  A
# fresh cgroup each time, because the kernel charges in batches and keeps
# the rest of a batch in a per-CPU stock of the cgroup: a cgroup that was
# charged before may pay for a request out of that stock, under any limit.

USERNS_UID=1000
CG_ROOT=/sys/fs/cgroup

as_user() {
	setpriv --reuid=$USERNS_UID --regid=$USERNS_UID --clear-groups "$@"
}

cg_up() {
	[ -e $CG_ROOT/cgroup.controllers ] ||
		mount -t cgroup2 none $CG_ROOT || return
	grep -qw memory $CG_ROOT/cgroup.controllers ||
		{ echo "no memory controller"; return 1; }
	echo +memory >$CG_ROOT/cgroup.subtree_control
}

# cg_event STEP NAME: a counter of memory.events of STEP's cgroup.
cg_event() {
	awk -v k="$2" '$1 == k { print $2 }' "$CG_ROOT/ootb-$1/memory.events"
}

# The script the user runs in its own user and network namespaces: one
# table, then each STEP of $STEPS as `ootbnl -w` (released through the
# fifo go-STEP by the check), each followed by a dump.
write_inner() {
	cat >"$1/inner.sh" <<EOF
cd $1 || exit 1
ootbnl add 5700-5799 >add0.txt 2>&1
ootbnl dump >dump0.txt 2>&1
while read -r step req; do
	ootbnl -w \$req 0<>go-\$step >out-\$step.txt 2>&1 &
	echo \$! >pid-\$step
	wait \$!
	ootbnl dump >dump-\$step.txt 2>&1
done <steps.txt
echo finished >done.txt
EOF
}

# run_step STEP LIMIT: release the waiting request STEP inside the test
# cgroup, with memory.max LIMIT bytes above what the cgroup holds ("max":
# none); prints how much the cgroup was charged for it.
run_step() {
	local w=$1 step=$2 limit=$3 cg=$CG_ROOT/ootb-$2 pid c0 c1 max=max

	mkdir "$cg" || return
	wait_until 60 file_has "$w/out-$step.txt" '^ready' ||
		{ echo "step $step: no ready"; return 1; }
	wait_until 10 test -s "$w/pid-$step" || return
	pid=$(cat "$w/pid-$step")
	echo "$pid" >"$cg/cgroup.procs" || return
	c0=$(cat "$cg/memory.current")
	[ "$limit" = max ] || max=$((c0 + limit))
	echo "$max" >"$cg/memory.max"
	echo go >"$w/go-$step"
	wait_until 60 file_has "$w/out-$step.txt" 'errno=' ||
		{ echo "step $step: no answer"; return 1; }
	c1=$(cat "$cg/memory.current")
	echo "step $step (memory.max +$limit): $(tail -n 1 "$w/out-$step.txt"); charged $((c1 - c0)) bytes;" \
		"memory.events: $(tr '\n' ' ' <"$cg/memory.events")" >&2
	echo $((c1 - c0))
}

# step_is DIR STEP ERRNO WHAT: the kernel answered request STEP with
# ERRNO (WHAT: the expectation, for the failure).
step_is() {
	[ "$(tail -n 1 "$1/out-$2.txt" | tr ' ' '\n' | sed -n 's/^errno=//p')" = "$3" ] ||
		{ fail "$4" "$(tail -n 1 "$1/out-$2.txt")"; return 1; }
}

userns_memory() {
	local w=$(t_workdir) before after out charged s dump0

	chmod 777 "$w"
	cg_up || return

	# The initial namespace's table: EPERM, even as root of a user
	# namespace, and nothing changes.
	before=$(ootbnl dump | grep -v 'errno=')
	out=$(as_user unshare -r ootbnl add 5700 2>&1)
	echo "uid $USERNS_UID, own user namespace, initial network namespace: $out"
	case "$out" in
	*"errno=EPERM "*) ;;
	*) fail "EPERM on the initial namespace's table" "$out"; return ;;
	esac
	after=$(ootbnl dump | grep -v 'errno=')
	[ "$before" = "$after" ] ||
		{ fail "the initial table unchanged" "$after"; return; }

	# Its own network namespace: allowed, charged, and limited.
	cat >"$w/steps.txt" <<EOF
base-add add 5800-5899
limit-add add 5900-5999
limit-replace replace-table 5700-5799:count 6000-6099
base-replace replace-table 5700-5799:count 6000-6099
EOF
	for s in base-add limit-add limit-replace base-replace; do
		mkfifo -m 666 "$w/go-$s" || return
	done
	write_inner "$w"
	bg_start "$w/inner.log" as_user unshare -r -n sh "$w/inner.sh"

	# Baseline: no limit, the request succeeds, and the cgroup pays for
	# at least the 128 KiB port index.
	charged=$(run_step "$w" base-add max) &&
		step_is "$w" base-add 0 "the add to succeed without a limit" || return
	[ "$charged" -ge 131072 ] ||
		{ fail "the requester's cgroup charged >= 131072 bytes for the add" "$charged"; return; }

	# 64 KiB under memory.max: less than a new table needs.
	run_step "$w" limit-add 65536 >/dev/null &&
		step_is "$w" limit-add ENOMEM "ENOMEM for the add under the limit" &&
		run_step "$w" limit-replace 65536 >/dev/null &&
		step_is "$w" limit-replace ENOMEM "ENOMEM for the replace-table under the limit" &&
		run_step "$w" base-replace max >/dev/null &&
		step_is "$w" base-replace 0 "the replace-table to succeed without a limit" || return
	wait_until 60 test -s "$w/done.txt" || { fail "the user's script to finish" "$(cat "$w/inner.log")"; return; }

	for s in add0 dump0 dump-base-add dump-limit-add dump-limit-replace dump-base-replace; do
		echo "--- $s"; cat "$w/$s.txt"
	done
	dump0=$(grep -v 'errno=' "$w/dump-base-add.txt")
	[ "$dump0" = "$(printf 'get-range start=5700 end=5799 policy=discard matched=0\nget-range start=5800 end=5899 policy=discard matched=0')" ] ||
		{ fail "the user's table after its add" "$dump0"; return; }
	[ "$(grep -v 'errno=' "$w/dump-limit-add.txt")" = "$dump0" ] &&
		[ "$(grep -v 'errno=' "$w/dump-limit-replace.txt")" = "$dump0" ] ||
		{ fail "the same table after the refused requests" "$(grep -v 'errno=' "$w/dump-limit-replace.txt" | tr '\n' ';')"; return; }
	[ "$(grep -v 'errno=' "$w/dump-base-replace.txt")" = "$(printf 'get-range start=5700 end=5799 policy=count matched=0\nget-range start=6000 end=6099 policy=discard matched=0')" ] ||
		{ fail "the replaced table" "$(grep -v 'errno=' "$w/dump-base-replace.txt" | tr '\n' ';')"; return; }

	# Clean: the limit was hit, nobody was OOM-killed, no warning.
	for s in limit-add limit-replace; do
		[ "$(cg_event $s max)" -gt 0 ] ||
			{ fail "$s: the cgroup's limit hit (memory.events max > 0)" "$(cg_event $s max)"; return; }
		[ "$(cg_event $s oom)" = 0 ] && [ "$(cg_event $s oom_kill)" = 0 ] ||
			{ fail "$s: no OOM in the cgroup" "oom $(cg_event $s oom), oom_kill $(cg_event $s oom_kill)"; return; }
	done
	! dmesg | grep -E -i 'oom-kill|out of memory|page allocation failure|vmalloc error|percpu: allocation failed' ||
		{ fail "a kernel log without allocation failures" "the lines above"; return; }
}

# -------------------------------------------------------------------------

step setup-userns-load modprobe sctp_ootb || return 0

check userns-memory userns_memory
