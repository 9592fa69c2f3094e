#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the sctpctl command line, on a machine without the
# sctp_ootb module.  One line per check, "ok NAME" or "not ok NAME: ...",
# then "N passed, N failed"; exit 1 if anything failed.
#
#   1. usage errors, boundaries first: exit 2, one line on stderr,
#      nothing on stdout; the options (getopt_long_only);
#   2. status with each state faked under SCTPCTL_SYSFS;
#   3. against fake_ootb, a userspace stand-in for the module's netlink
#      side reached through fake_preload.so: listings against golden
#      files, kernel errors with and without extack text, restore (empty
#      input, --check, local rules), batch (order, exit status), version 2
#      (get, reset-counters, list --reset, reserve, monitor), version
#      checks against an older module, -a over real network namespaces,
#      doctor with every input faked, the documentation's examples, the
#      JSON schema, bash completion.
#
# The stand-in needs CAP_NET_ADMIN to exchange netlink messages with
# sctpctl, and CAP_SYS_ADMIN for the namespaces of -a.  When it cannot
# start, that is a failed check, never a skipped one.
#
# Environment: SCTPCTL, FAKE_OOTB, FAKE_PRELOAD (default: build/ next to
# this script); VALGRIND, a command prefix for every sctpctl run;
# FAKE_WAIT, seconds to wait for the stand-in (default 60).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SCTPCTL=${SCTPCTL:-$here/build/sctpctl}
FAKE_OOTB=${FAKE_OOTB:-$here/build/fake_ootb}
FAKE_PRELOAD=${FAKE_PRELOAD:-$here/build/fake_preload.so}
VALGRIND=${VALGRIND:-}
FAKE_WAIT=${FAKE_WAIT:-60}
golden=$here/golden

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sctpctl-test.XXXXXX") || exit 1
fake_pid=
fake_port=
ns_pids=
IN=/dev/null
pass=0
fail=0

fake_stop() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null
		wait "$fake_pid" 2>/dev/null
	fi
	fake_pid=
	fake_port=
}

ns_stop() {
	for p in $ns_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ns_pids=
	rm -rf "$tmp/netns" "$tmp/ports"
}

cleanup() {
	fake_stop
	ns_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

mkdir "$tmp/vg" "$tmp/bin"

# Every sctpctl run goes through here.
sc() {
	if [ -n "$VALGRIND" ]; then
		# shellcheck disable=SC2086 # a command and its options
		set -- $VALGRIND --log-file="$tmp/vg/%p" "$SCTPCTL" "$@"
	else
		set -- "$SCTPCTL" "$@"
	fi
	if [ -n "$fake_port" ]; then
		LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTID=$fake_port "$@"
	else
		"$@"
	fi
}

report() {
	if [ -z "$2" ]; then
		pass=$((pass + 1))
		echo "ok $1"
	else
		fail=$((fail + 1))
		echo "not ok $1: $2"
	fi
}

oneline() {
	head -c 400 "$1" | tr '\n' '|'
}

# Why the last run does not match (nothing when it does).
judge() {
	if [ "$2" != "$1" ]; then
		echo "expected exit $1 got $2 (stderr '$(oneline "$tmp/err")')"
		return
	fi
	case $3 in
	-) ;;
	'')
		if [ -s "$tmp/err" ]; then
			echo "expected no stderr got '$(oneline "$tmp/err")'"
			return
		fi
		;;
	file:*)
		cmp -s "${3#file:}" "$tmp/err" ||
			echo "expected stderr '$(oneline "${3#file:}")' got '$(oneline "$tmp/err")'"
		;;
	*)
		lines=$(wc -l <"$tmp/err")
		if [ "$lines" -ne 1 ]; then
			echo "expected one stderr line got $lines: '$(oneline "$tmp/err")'"
			return
		fi
		if ! grep -qF -- "$3" "$tmp/err"; then
			echo "expected stderr '$3' got '$(oneline "$tmp/err")'"
			return
		fi
		;;
	esac
	case $4 in
	-) ;;
	/*)
		cmp -s "$4" "$tmp/out" ||
			echo "expected stdout of $4 got '$(oneline "$tmp/out")'"
		;;
	*)
		# Paths under the scratch directory read @TMP@ in golden files.
		sed "s|$tmp|@TMP@|g" "$tmp/out" >"$tmp/out.norm"
		# GOLDEN_NEW=1: write a golden file that does not exist yet
		# (to be read before it is committed).
		[ -n "${GOLDEN_NEW:-}" ] && [ ! -e "$golden/$4" ] &&
			cp "$tmp/out.norm" "$golden/$4"
		cmp -s "$golden/$4" "$tmp/out.norm" ||
			echo "expected stdout of golden/$4 got '$(oneline "$tmp/out.norm")'"
		;;
	esac
}

# expect NAME EXIT STDERR STDOUT ARGS...
#   STDERR: - anything, '' nothing, file:FILE exactly that file's text,
#           else one line containing this text
#   STDOUT: - anything, else a file (absolute, or under golden/)
expect() {
	name=$1 want=$2 err=$3 out=$4
	shift 4
	sc "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
	report "$name" "$(judge "$want" $? "$err" "$out")"
}

usage() {
	name=$1 err=$2
	shift 2
	expect "$name" 2 "$err" /dev/null "$@"
}

fails() {
	name=$1 err=$2
	shift 2
	expect "$name" 1 "$err" /dev/null "$@"
}

succeeds() {
	name=$1
	shift
	expect "$name" 0 '' - "$@"
}

# has NAME EXIT TEXT ARGS...: exit code, and a stdout line equal to TEXT.
has() {
	name=$1 want=$2 text=$3
	shift 3
	sc "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
	why=$(judge "$want" $? - -)
	if [ -z "$why" ] && ! grep -qxF -- "$text" "$tmp/out"; then
		why="expected a line '$text' got '$(oneline "$tmp/out")'"
	fi
	report "$name" "$why"
}

# lines FILE TEXT...: write each TEXT as a line of FILE.
lines() {
	f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# The table as save prints it, for "nothing changed" checks.
table() {
	sc save 2>&1
}

same_table() {
	now=$(table)
	if [ "$now" = "$2" ]; then
		report "$1" ""
	else
		report "$1" "table changed: '$(printf '%s' "$now" | tr '\n' '|')'"
	fi
}

# ---------------------------------------------------------------------
# 1. Usage errors: rejected before the kernel is asked anything.

bad_inputs() {
	p=$1
	usage "${p}port-0" 'bad port "0": must be 1-65535' add-range 0
	usage "${p}port-65536" 'bad port "65536": must be 1-65535' \
		add-range 65536
	usage "${p}range-start-0" 'bad range "0-5": start port "0": must be 1-65535' \
		add-range 0-5
	usage "${p}range-end-65536" 'bad range "1-65536": end port "65536": must be 1-65535' \
		add-range 1-65536
	usage "${p}range-reversed" 'bad range "5-3": start 5 is after end 3' \
		add-range 5-3
	usage "${p}not-a-number" 'bad port "abc": not a decimal number' \
		add-range abc
	usage "${p}open-end" 'bad range "5000-": missing end port' \
		add-range 5000-
	usage "${p}open-start" 'bad range "-5": missing start port' \
		add-range -5
	usage "${p}three-parts" 'bad range "5000-5100-6000": expected LO-HI or PORT' \
		add-range 5000-5100-6000
	usage "${p}plus-sign" 'bad port "+5000": not a decimal number' \
		add-range +5000
	usage "${p}space-inside" 'bad port " 5000": not a decimal number' \
		add-range ' 5000'
	usage "${p}empty-port" 'bad port "": empty' add-range ''
	usage "${p}leading-zero" 'bad port "05000": leading zeros are not allowed' \
		add-range 05000
	usage "${p}hex" 'bad port "0x1388": not a decimal number' \
		add-range 0x1388
	usage "${p}policy-unknown" 'bad policy "drop": expected discard, abort or count' \
		add-range 5000 policy drop
	usage "${p}policy-prefix" 'bad policy "disc": expected discard, abort or count' \
		add-range 5000 policy disc
	usage "${p}policy-missing" 'add-range: policy needs a value' \
		add-range 5000 policy
	usage "${p}policy-twice" 'add-range: policy given twice' \
		add-range 5000 policy abort policy count
	usage "${p}reserve-twice" 'add-range: reserve given twice' \
		add-range 5000 reserve --reserve
	usage "${p}range-missing" 'add-range: missing LO-HI or PORT' add-range
	usage "${p}extra-argument" 'add-range: unexpected argument "extra"' \
		add-range 5000 policy abort extra
	usage "${p}two-ranges" 'add-range: unexpected argument "6000"' \
		add-range 5000 6000
	usage "${p}replace-reversed" 'bad range "5-3": start 5 is after end 3' \
		replace-range 5-3 policy abort
	usage "${p}del-policy" 'del-range: unexpected argument "policy"' \
		del-range 5000 policy abort
	usage "${p}del-reserve" 'del-range: unexpected argument "reserve"' \
		del-range 5000 reserve
	usage "${p}del-missing" 'del-range: missing LO-HI or PORT' del-range
	usage "${p}del-zero" 'bad port "0": must be 1-65535' del-range 0
	usage "${p}get-missing" 'get: missing PORT' get
	usage "${p}get-0" 'bad port "0": must be 1-65535' get 0
	usage "${p}get-65536" 'bad port "65536": must be 1-65535' get 65536
	usage "${p}get-range" 'bad port "5-6": not a decimal number' get 5-6
	usage "${p}get-extra" 'get: unexpected argument "6"' get 5 6
	usage "${p}reset-reversed" 'bad range "9-1": start 9 is after end 1' \
		reset-counters 9-1
	usage "${p}reset-extra" 'reset-counters: unexpected argument "x"' \
		reset-counters 5 x
	usage "${p}list-extra" 'list: unexpected argument "all"' list all
	usage "${p}list-reset-twice" 'list: unexpected argument "--reset"' \
		list --reset --reset
	usage "${p}flush-extra" 'flush: unexpected argument "now"' flush now
	usage "${p}stats-extra" 'stats: unexpected argument "x"' stats x
	usage "${p}status-extra" 'status: unexpected argument "x"' status x
	usage "${p}save-extra" 'save: unexpected argument "x"' save x
	usage "${p}monitor-extra" 'monitor: unexpected argument "x"' monitor x
	usage "${p}restore-extra" 'restore: unexpected argument "b"' \
		restore a b
	usage "${p}restore-option" 'restore: unknown option "--nope"' \
		restore --nope a
	usage "${p}restore-check-extra" 'restore: unexpected argument "b"' \
		restore --check a b
	usage "${p}doctor-config-missing" 'doctor: --config needs a FILE' \
		doctor --config
	usage "${p}doctor-config-empty" 'doctor: --config needs a FILE' \
		doctor --config=
	usage "${p}doctor-extra" 'doctor: unexpected argument "x"' doctor x
	usage "${p}doctor-config-all" \
		'doctor: --config works with one namespace, not with -a' \
		-a doctor --config /dev/null
	usage "${p}unknown-command" 'unknown command "frobnicate"' frobnicate
	usage "${p}no-prefix-match" 'unknown command "add"' add 5000
	usage "${p}case-sensitive" 'unknown command "LIST"' LIST
	usage "${p}no-command" 'missing COMMAND' -j
	usage "${p}unknown-option" 'unknown option "-x"' -x list
	usage "${p}unknown-option-cluster" 'unknown option "-x"' -jx list
	usage "${p}unknown-long-option" 'unknown option "--nope"' --nope list
	usage "${p}option-after-command" 'list: unexpected argument "-j"' \
		list -j
	usage "${p}netns-no-name" 'option -n needs a NAME' -n
	usage "${p}netns-long-no-name" 'option --netns needs a NAME' --netns
	usage "${p}netns-empty-name" 'option -n needs a NAME' -n '' list
	usage "${p}batch-no-file" 'option -b needs a FILE' -b
	usage "${p}batch-and-command" '-b takes no command, found "list"' \
		-b /dev/null list
	usage "${p}force-without-batch" '-f works with -b only' -f list
	usage "${p}version-and-command" '-V takes no command, found "list"' \
		-V list
	usage "${p}help-and-command" '-h takes no command, found "list"' \
		-h list
	usage "${p}help-and-batch" '-h takes no command, found "-b"' \
		--help -b /dev/null
	usage "${p}all-netns-add" \
		'-a works with list, stats, save and doctor, not with add-range' \
		-a add-range 5
	usage "${p}all-netns-and-netns" '-a and -n exclude each other' \
		-a -n x list
	usage "${p}all-netns-batch" \
		'-a works with list, stats, save and doctor, not with -b' \
		-a -b /dev/null
	usage "${p}help-unknown" 'help: unknown command "nope"' help nope
}

bad_inputs ""

has help-long 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' --help
has help-short 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' -h
has help-single-dash-long 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' -help
has help-command 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' help
has help-topic 0 'Usage: sctpctl [OPTIONS] del-range LO-HI|PORT [force]' \
	help del-range
has help-topic-get 0 'Usage: sctpctl [OPTIONS] get PORT' help get
has version 0 "sctpctl 1.0 (sctp_ootb generic netlink version 3)" --version
has version-short 0 "sctpctl 1.0 (sctp_ootb generic netlink version 3)" -V

# GNU long options with "=", parsed as such: the namespace is looked up.
fails opt-netns-equals 'cannot open network namespace "sctpctl-no-such-ns"' \
	--netns=sctpctl-no-such-ns list
fails opt-netns-single-dash 'cannot open network namespace "sctpctl-no-such-ns"' \
	-netns sctpctl-no-such-ns list
fails opt-netns-attached 'cannot open network namespace "sctpctl-no-such-ns"' \
	-nsctpctl-no-such-ns list
fails opt-batch-equals 'cannot open "/nonexistent/batch"' \
	--batch=/nonexistent/batch
fails netns-missing 'cannot open network namespace "sctpctl-no-such-ns"' \
	-n sctpctl-no-such-ns list
fails netns-missing-status 'cannot open network namespace "sctpctl-no-such-ns"' \
	-n sctpctl-no-such-ns status
fails restore-no-file 'cannot open "/nonexistent/ranges": No such file or directory' \
	restore /nonexistent/ranges
fails restore-check-no-file 'cannot open "/nonexistent/ranges"' \
	restore --check /nonexistent/ranges
fails batch-no-file 'cannot open "/nonexistent/batch"' -b /nonexistent/batch

sc --help >/dev/full 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -qF 'cannot write the output' "$tmp/err"; then
	report help-write-error ""
else
	report help-write-error "expected exit 1 and a write error got $rc '$(oneline "$tmp/err")'"
fi

# ---------------------------------------------------------------------
# 2. status, every state faked in a sysfs tree.

mksys() {
	mkdir -p "$tmp/sys-$1/module"
	case $1 in
	none) ;;
	stock) mkdir "$tmp/sys-$1/module/sctp" ;;
	other)
		mkdir "$tmp/sys-$1/module/sctp"
		echo 1.2.3 >"$tmp/sys-$1/module/sctp/version"
		;;
	patched | ready)
		mkdir "$tmp/sys-$1/module/sctp"
		echo ootb.3 >"$tmp/sys-$1/module/sctp/version"
		;;
	esac
	if [ "$1" = ready ]; then
		mkdir "$tmp/sys-$1/module/sctp_ootb"
	fi
}
for s in none stock other patched ready; do
	mksys $s
done

export SCTPCTL_SYSFS
SCTPCTL_SYSFS=$tmp/sys-none
expect status-none 1 '' status-none.txt status
SCTPCTL_SYSFS=$tmp/sys-stock
expect status-stock 1 '' status-stock.txt status
expect status-stock-json 1 '' status-stock.json -j status
SCTPCTL_SYSFS=$tmp/sys-other
has status-other-version 1 'sctp: loaded, stock (version 1.2.3)' status
SCTPCTL_SYSFS=$tmp/sys-patched
expect status-patched 1 '' status-patched.txt status
unset SCTPCTL_SYSFS

# ---------------------------------------------------------------------
# 3. Against the stand-in for the module.

# wait_port FILE PID: until the stand-in PID wrote its port to FILE (at
# most FAKE_WAIT seconds); 1 if it did not.
wait_port() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt $((FAKE_WAIT * 10)) ] &&
		kill -0 "$2" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$1" ]
}

# fake_start [fake_ootb options]: start it, 0 once it answers; a failure
# is a failed check (the tests that need it cannot run).
fake_n=0
fake_start() {
	fake_stop
	fake_n=$((fake_n + 1))
	rm -f "$tmp/port"
	"$FAKE_OOTB" -o "$tmp/port" "$@" 2>>"$tmp/fake.err" &
	fake_pid=$!
	if ! wait_port "$tmp/port" "$fake_pid"; then
		report "fake-start-$fake_n" "expected fake_ootb $* to start within ${FAKE_WAIT}s, got: $(oneline "$tmp/fake.err")"
		fake_stop
		return 1
	fi
	fake_port=$(cat "$tmp/port")
	# The stand-in needs CAP_NET_ADMIN to exchange messages with sctpctl.
	if ! sc stats >/dev/null 2>"$tmp/err" && [ "${1:-}" != -N ]; then
		report "fake-start-$fake_n" "expected sctpctl to reach fake_ootb $*, got: $(oneline "$tmp/err")"
		fake_stop
		return 1
	fi
	return 0
}

notloaded_tests() {
	notloaded='sctpctl: the sctp_ootb module is not loaded (modprobe sctp_ootb)'
	printf 'add-range 5000-5100\n' >"$tmp/one.restore"
	fails nomod-add-range "$notloaded" add-range 5000-5100
	fails nomod-add-range-1 "$notloaded" add-range 1
	fails nomod-add-range-65535 "$notloaded" add-range 65535 policy count
	fails nomod-replace-range "$notloaded" replace-range 5000 policy abort
	fails nomod-del-range "$notloaded" del-range 5000-5100
	fails nomod-get "$notloaded" get 5000
	fails nomod-reset "$notloaded" reset-counters
	fails nomod-list "$notloaded" list
	fails nomod-list-json "$notloaded" -j list
	fails nomod-flush "$notloaded" flush
	fails nomod-stats "$notloaded" stats
	fails nomod-save "$notloaded" save
	fails nomod-monitor "$notloaded" monitor
	fails nomod-restore "$notloaded" restore "$tmp/one.restore"
	# --check needs no module.
	succeeds nomod-restore-check restore --check "$tmp/one.restore"
	fails nomod-batch \
		"$tmp/one.restore:1: the sctp_ootb module is not loaded (modprobe sctp_ootb)" \
		-b "$tmp/one.restore"
}

fake_tests() {
	succeeds add-port-1 add-range 1
	succeeds add-port-65535 add-range 65535 policy discard
	succeeds add-full-range add-range 1-65535
	succeeds add-range add-range 5000-5100
	succeeds add-nested add-range 5050 policy abort
	succeeds add-count add-range 6000-6010 policy count
	expect list-text 0 '' list.txt list
	expect list-json 0 '' list.json -j list
	expect list-json-pretty 0 '' list-pretty.json -j -p list
	expect list-json-long-options 0 '' list.json --json list
	expect list-json-single-dash 0 '' list.json -json list
	expect list-json-abbreviated 0 '' list.json --js list
	expect list-json-cluster 0 '' list-pretty.json -jp list
	expect list-after-double-dash 0 '' list.json -j -- list
	expect stats-text 0 '' stats.txt stats
	expect stats-json 0 '' stats.json -j stats
	expect save 0 '' save.txt save
	expect save-ignores-json 0 '' save.txt -j save
	sc list >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 1 ] && grep -qF 'cannot write the output' "$tmp/err"; then
		report list-write-error ""
	else
		report list-write-error "expected exit 1 got $rc '$(oneline "$tmp/err")'"
	fi

	before=$(table)
	fails add-identical 'Error: range already exists.' \
		add-range 5000-5100
	fails add-partial-overlap \
		'Error: overlaps 5000-5100.' \
		add-range 5090-5200 policy abort
	fails del-no-such 'Error: no such range.' del-range 7000
	bad_inputs fake-
	same_table bad-input-changes-nothing "$before"

	expect replace-unchanged 0 'Warning: range unchanged.' /dev/null \
		replace-range 5050 policy abort
	expect replace-unchanged-quiet 0 '' /dev/null \
		-q replace-range 5050 policy abort
	succeeds replace-policy replace-range 5050 policy count
	has replace-keeps-counter 0 '5050-5050 count matched 400' list
	succeeds replace-creates replace-range 7000-7100 policy abort
	has replace-created 0 '7000-7100 abort matched 100' list
	succeeds del-range del-range 7000-7100
	succeeds del-nested del-range 5050
	has del-nested-keeps-outer 0 '5000-5100 discard matched 100' list

	succeeds flush flush
	expect list-empty 0 '' /dev/null list
	expect list-empty-json 0 '' empty.json -j list
	expect list-empty-pretty 0 '' empty.json -j -p list
	printf 'flush\n' >"$tmp/flush.restore"
	expect save-empty-is-flush 0 '' "$tmp/flush.restore" save
}

# restore: all or nothing, checked here first, FILE:LINE on every error.
restore_tests() {
	expect restore-file 0 '' /dev/null restore "$golden/save.txt"
	expect restore-roundtrip 0 '' save.txt save
	sc save >"$tmp/saved"
	succeeds restore-flush-first flush
	IN=$tmp/saved
	expect restore-stdin 0 '' /dev/null restore
	expect restore-stdin-dash 0 '' /dev/null restore -
	IN=/dev/null
	expect restore-stdin-roundtrip 0 '' save.txt save

	# Empty input changes nothing: restore </dev/null used to flush.
	before=$(table)
	nothing='nothing to restore (no add-range or flush line): the table is left as it is; to empty it, run "sctpctl flush" or restore a file holding "flush"'
	fails restore-empty-stdin "sctpctl: <stdin>: $nothing" restore
	same_table restore-empty-stdin-changes-nothing "$before"
	fails restore-empty-file "sctpctl: /dev/null: $nothing" restore /dev/null
	lines "$tmp/comments" '# only comments' '' '   # and blanks'
	fails restore-comments-only "sctpctl: $tmp/comments: $nothing" \
		restore "$tmp/comments"
	fails restore-check-empty "sctpctl: $tmp/comments: $nothing" \
		restore --check "$tmp/comments"
	same_table restore-empty-changes-nothing "$before"

	# Two bare restore lines in a batch: the second would read the
	# stdin the first used up.
	lines "$tmp/two-stdin" 'restore' 'restore'
	IN=$tmp/saved
	usage batch-second-stdin-restore \
		"$tmp/two-stdin:2: restore needs a FILE: stdin is read by line 1 already" \
		-b "$tmp/two-stdin"
	IN=/dev/null
	lines "$tmp/one-stdin" 'restore'
	fails batch-stdin-restore-empty "$tmp/one-stdin:1: <stdin>: $nothing" \
		-b "$tmp/one-stdin"
	same_table batch-stdin-restores-change-nothing "$before"

	# On purpose: a file holding flush empties the table; so does the
	# file save writes for an empty table.
	lines "$tmp/flush-ranges" '# replace everything' 'flush' 'add-range 10-20'
	succeeds restore-flush-then-ranges restore "$tmp/flush-ranges"
	same_table restore-flush-then-ranges-table "add-range 10-20 policy discard"
	succeeds restore-flush-line restore "$tmp/flush.restore"
	expect restore-flush-line-empties 0 '' /dev/null list
	lines "$tmp/flush-late" 'add-range 10-20' 'flush'
	usage restore-flush-after-range \
		"$tmp/flush-late:2: flush must come before the add-range lines" \
		restore "$tmp/flush-late"
	lines "$tmp/flush-arg" 'flush all'
	usage restore-flush-argument "$tmp/flush-arg:1: flush: unexpected argument \"all\"" \
		restore "$tmp/flush-arg"
	succeeds restore-back restore "$tmp/saved"

	before=$(table)
	lines "$tmp/overlap" '# two ranges that collide' 'add-range 100-200' \
		'add-range 150-300 policy abort'
	fails restore-overlap \
		"$tmp/overlap:3: range 150-300 overlaps 100-200 (line 2)" \
		restore "$tmp/overlap"
	same_table restore-overlap-changes-nothing "$before"
	lines "$tmp/dup" 'add-range 10-20' 'add-range 10-20 policy abort'
	fails restore-duplicate "$tmp/dup:2: duplicate range 10-20 (line 1)" \
		restore "$tmp/dup"
	lines "$tmp/syntax" 'add-range 100-200' '' 'add-range 0'
	usage restore-syntax "$tmp/syntax:3: bad port \"0\": must be 1-65535" \
		restore "$tmp/syntax"
	lines "$tmp/notadd" 'add-range 100-200' 'del-range 5'
	usage restore-only-add-range \
		"$tmp/notadd:2: restore reads add-range and flush lines only, not \"del-range\"" \
		restore "$tmp/notadd"
	lines "$tmp/badpolicy" 'add-range 100-200 policy maybe'
	usage restore-bad-policy \
		"$tmp/badpolicy:1: bad policy \"maybe\": expected discard, abort or count" \
		restore "$tmp/badpolicy"
	same_table restore-errors-change-nothing "$before"

	# Every error, in line order, syntax and rules alike.
	lines "$tmp/many" 'add-range 100-200' 'add-range 5-3' \
		'add-range 150-300' 'add-range 100-200 policy count' \
		'frob 1' 'add-range 110-120' 'add-range 115-130 policy abort'
	lines "$tmp/many.err" \
		"$tmp/many:2: bad range \"5-3\": start 5 is after end 3" \
		"$tmp/many:3: range 150-300 overlaps 100-200 (line 1)" \
		"$tmp/many:4: duplicate range 100-200 (line 1)" \
		"$tmp/many:5: restore reads add-range and flush lines only, not \"frob\"" \
		"$tmp/many:7: range 115-130 overlaps 110-120 (line 6)"
	expect restore-check-every-error 2 "file:$tmp/many.err" /dev/null \
		restore --check "$tmp/many"
	expect restore-every-error 2 "file:$tmp/many.err" /dev/null \
		restore "$tmp/many"
	lines "$tmp/rules" 'add-range 1-10' 'add-range 5-15' 'add-range 20' \
		'add-range 20'
	lines "$tmp/rules.err" \
		"$tmp/rules:2: range 5-15 overlaps 1-10 (line 1)" \
		"$tmp/rules:4: duplicate range 20-20 (line 3)"
	expect restore-check-rules 1 "file:$tmp/rules.err" /dev/null \
		restore -c "$tmp/rules"
	same_table restore-check-errors-change-nothing "$before"

	lines "$tmp/nested" 'add-range 1-65535 policy count' \
		'add-range 5000-5100' 'add-range 5050 policy abort' \
		'add-range 5050-5060 policy count' 'add-range 7000-7010 reserve'
	# shellcheck disable=SC2016
	sed -i 's/5050 policy abort/5049 policy abort/' "$tmp/nested"
	succeeds restore-check-nested restore --check "$tmp/nested"
	same_table restore-check-changes-nothing "$before"
	succeeds restore-nested restore "$tmp/nested"

	i=1
	while [ $i -le 1024 ]; do
		echo "add-range $i policy count"
		i=$((i + 1))
	done >"$tmp/full"
	succeeds restore-check-1024-ranges restore --check "$tmp/full"
	succeeds restore-1024-ranges restore "$tmp/full"
	has restore-1024-in-force 0 'ranges 1024' stats
	before=$(table)
	echo "add-range 2000" >>"$tmp/full"
	fails restore-check-1025-ranges "$tmp/full:1025: too many ranges (at most 1024)" \
		restore --check "$tmp/full"
	fails restore-1025-ranges "$tmp/full:1025: too many ranges (at most 1024)" \
		restore "$tmp/full"
	same_table restore-1025-changes-nothing "$before"
	succeeds restore-back-2 restore "$tmp/saved"
}

# batch: parsed whole first, then run line by line.
batch_tests() {
	succeeds batch-flush-0 flush
	printf '# provisioning\n\nadd-range 5000-5100   # usrsctp\nadd-range 5050 policy abort\n\tadd-range 6000-6010 policy count\nlist\n' \
		>"$tmp/batch-ok"
	expect batch-ok 0 '' batch.txt -b "$tmp/batch-ok"
	succeeds batch-flush-1 flush
	expect batch-ok-long 0 '' batch.txt --batch "$tmp/batch-ok"
	succeeds batch-flush flush

	lines "$tmp/batch-syntax" 'add-range 10-20' 'add-range 30-40' \
		'add-range 5-3' 'add-range 50-60'
	usage batch-syntax "$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
		-b "$tmp/batch-syntax"
	same_table batch-syntax-changes-nothing "flush"
	lines "$tmp/batch-syntax2" 'add-range 10-20' 'frob' 'add-range 30-40' \
		'add-range 1 policy x'
	lines "$tmp/batch-syntax2.err" \
		"$tmp/batch-syntax2:2: unknown command \"frob\" (try \"sctpctl help\")" \
		"$tmp/batch-syntax2:4: bad policy \"x\": expected discard, abort or count"
	expect batch-syntax-every-error 2 "file:$tmp/batch-syntax2.err" /dev/null \
		-b "$tmp/batch-syntax2"
	same_table batch-syntax-every-error-changes-nothing "flush"
	expect batch-syntax-force 1 \
		"$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
		/dev/null -f -b "$tmp/batch-syntax"
	has batch-syntax-force-went-on 0 '50-60 discard matched 410' list
	succeeds batch-flush-2 flush

	lines "$tmp/batch-kernel" 'add-range 10-20' 'add-range 10-20' \
		'add-range 30-40'
	fails batch-kernel-error "$tmp/batch-kernel:2: Error: range already exists." \
		-b "$tmp/batch-kernel"
	same_table batch-kernel-error-stops "add-range 10-20 policy discard"
	succeeds batch-flush-3 flush
	expect batch-kernel-error-force 1 \
		"$tmp/batch-kernel:2: Error: range already exists." /dev/null \
		-force -b "$tmp/batch-kernel"
	has batch-kernel-force-went-on 0 '30-40 discard matched 250' list
	succeeds batch-flush-4 flush

	# -f: errors where they stand, in line order; exit 1 as lines ran.
	lines "$tmp/mixed" 'add-range 10-20' 'add-range 5-3' 'add-range 10-20' \
		'bogus' 'add-range 30-40' 'del-range 99'
	lines "$tmp/mixed.err" \
		"$tmp/mixed:2: bad range \"5-3\": start 5 is after end 3" \
		"$tmp/mixed:3: Error: range already exists." \
		"$tmp/mixed:4: unknown command \"bogus\" (try \"sctpctl help\")" \
		"$tmp/mixed:6: Error: no such range."
	expect batch-force-line-order 1 "file:$tmp/mixed.err" /dev/null \
		-f -b "$tmp/mixed"
	same_table batch-force-applied "$(printf 'add-range 10-20 policy discard\nadd-range 30-40 policy discard')"
	succeeds batch-flush-5 flush
	lines "$tmp/allbad" 'add-range 0' 'nope'
	expect batch-force-nothing-ran 2 - /dev/null -f -b "$tmp/allbad"
	same_table batch-force-nothing-ran-table "flush"
	lines "$tmp/bmon" 'list' 'monitor'
	usage batch-monitor "$tmp/bmon:2: monitor cannot run in a batch" \
		-b "$tmp/bmon"

	lines "$tmp/batch-stdin" 'flush' 'add-range 7' 'frobnicate'
	IN=$tmp/batch-stdin
	usage batch-stdin '<stdin>:3: unknown command "frobnicate"' -b -
	lines "$tmp/batch-stdin" 'restore'
	usage batch-stdin-restore \
		'<stdin>:1: restore needs a FILE when the batch comes from stdin' -b -
	lines "$tmp/batch-stdin" "restore $tmp/overlap"
	fails batch-restore-line \
		"$tmp/overlap:3: range 150-300 overlaps 100-200 (line 2)" -b -
	IN=/dev/null
	expect batch-empty 0 '' /dev/null -b /dev/null
}

# Version 2: get, reset-counters, list --reset, reserve.
v2_tests() {
	succeeds v2-flush flush
	lines "$tmp/v2" 'add-range 1-65535 policy count' 'add-range 5000-5100' \
		'add-range 5050 policy abort reserve' 'add-range 7000-7010 reserve'
	succeeds v2-restore-reserve restore "$tmp/v2"
	lines "$tmp/v2.save" 'add-range 1-65535 policy count' \
		'add-range 5000-5100 policy discard' \
		'add-range 5050-5050 policy abort reserve' \
		'add-range 7000-7010 policy discard reserve'
	expect save-reserve 0 '' "$tmp/v2.save" save
	has list-reserved 0 '7000-7010 discard matched 10 reserved' list
	has list-not-reserved 0 '5000-5100 discard matched 100' list
	succeeds add-reserve add-range 8000 --reserve
	has add-reserve-listed 0 '8000-8000 discard matched 0 reserved' list
	succeeds replace-drops-reserve replace-range 8000
	has replace-dropped-reserve 0 '8000-8000 discard matched 0' list

	has get-discard 0 'port 5001: 5000-5100 discard matched 100' get 5001
	has get-abort-innermost 1 'port 5050: 5050-5050 abort matched 400 reserved' \
		get 5050
	has get-count 1 'port 1: 1-65535 count matched 542' get 1
	has get-count-65535 1 'port 65535: 1-65535 count matched 542' get 65535
	has get-boundary-start 0 'port 5000: 5000-5100 discard matched 100' get 5000
	has get-boundary-end 0 'port 5100: 5000-5100 discard matched 100' get 5100
	has get-outside 1 'port 5101: 1-65535 count matched 542' get 5101
	expect get-json 0 '' get.json -j get 7005
	succeeds v2-flush-2 flush
	has get-no-range 1 'port 9: no range: stock behaviour' get 9
	expect get-no-range-json 1 '' get-none.json -j get 9

	succeeds v2-restore-again restore "$tmp/v2"
	succeeds reset-one reset-counters 5000-5100
	has reset-one-zeroed 0 '5000-5100 discard matched 0' list
	has reset-one-others 0 '1-65535 count matched 542' list
	fails reset-no-such 'Error: no such range.' reset-counters 5001
	expect list-reset 0 '' list-reset.txt list --reset
	expect list-reset-zeroed 0 '' list-zero.txt list
	succeeds reset-all reset-counters
	expect reset-all-stats 0 '' stats-zero.txt stats

	# Against a module of version 1, and one built before version 2's
	# commands: a sentence, not the kernel's "Unsupported attribute".
	fake_start -V 1 || return
	old='the loaded sctp_ootb module is too old for'
	fix='install a newer one and reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)'
	fails too-old-get "sctpctl: $old get (family version 1, get needs 2): $fix" get 5
	fails too-old-reset "$old reset-counters (family version 1" reset-counters
	fails too-old-list-reset "$old list --reset (family version 1" list --reset
	fails too-old-reserve "$old reserve (family version 1" add-range 5 reserve
	fails too-old-replace-reserve "$old reserve (family version 1" \
		replace-range 5 reserve
	fails too-old-monitor "$old monitor (family version 1" monitor
	fails too-old-restore-reserve "$old reserve (family version 1" \
		restore "$tmp/v2"
	export SCTPCTL_SYSFS=$tmp/sys-ready
	fails too-old-restore-check-reserve "$old reserve (family version 1" \
		restore --check "$tmp/v2"
	unset SCTPCTL_SYSFS
	succeeds v1-add add-range 5000-5100
	has v1-list 0 '5000-5100 discard matched 100' list
	succeeds v1-restore restore "$golden/save.txt"
	fake_start -W || return
	fails too-old-build-get "$old get (family version 2 without GET_PORT)" get 5
	fails too-old-build-monitor "$old monitor (family version 2 without" monitor
}

# monitor: one line per change, flushed at once, clean exit on signals.
monitor_tests() {
	fake_start || return
	mon_start() {
		rm -f "$tmp/mon.out"
		# Not through sc: the signals must reach sctpctl itself.
		if [ -n "$VALGRIND" ]; then
			# shellcheck disable=SC2086 # a command and its options
			set -- $VALGRIND --log-file="$tmp/vg/%p" "$SCTPCTL" "$@" monitor
		else
			set -- "$SCTPCTL" "$@" monitor
		fi
		LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTID=$fake_port "$@" \
			>"$tmp/mon.out" 2>"$tmp/mon.err" &
		mon_pid=$!
		# Subscribed once a change is seen (no sleep-and-hope).
		i=0
		until [ -s "$tmp/mon.out" ] || [ $i -ge $((FAKE_WAIT * 10)) ]; do
			sc reset-counters 2>/dev/null
			sleep 0.1
			i=$((i + 1))
		done
	}
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
	i=0
	until [ "$(grep -c 'flush$' "$tmp/mon.out")" -ge 2 ] ||
		[ $i -ge $((FAKE_WAIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sed -e '/ reset-counters$/d' \
		-e 's/^netns [0-9]* portid [0-9]* /netns N portid P /' \
		"$tmp/mon.out" >"$tmp/mon.txt"
	if cmp -s "$golden/monitor.txt" "$tmp/mon.txt"; then
		report monitor-events ""
	else
		report monitor-events "expected golden/monitor.txt got '$(oneline "$tmp/mon.txt")'"
	fi
	kill -INT "$mon_pid"
	wait "$mon_pid"
	rc=$?
	if [ "$rc" = 0 ] && [ ! -s "$tmp/mon.err" ]; then
		report monitor-sigint-exit-0 ""
	else
		report monitor-sigint-exit-0 "expected exit 0 and no stderr got $rc '$(oneline "$tmp/mon.err")'"
	fi
	inum=$(stat -L -c %i /proc/self/ns/net)
	if grep -q "^netns $inum portid [1-9][0-9]* add-range" "$tmp/mon.out"; then
		report monitor-netns-portid ""
	else
		report monitor-netns-portid "expected netns $inum and a port id got '$(oneline "$tmp/mon.out")'"
	fi

	mon_start -j
	sc add-range 7000 reserve
	sc del-range 7000
	i=0
	until grep -q del-range "$tmp/mon.out" || [ $i -ge $((FAKE_WAIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -TERM "$mon_pid"
	wait "$mon_pid"
	rc=$?
	grep -v '"reset-counters"' "$tmp/mon.out" |
		sed 's/"netns":[0-9]*,"portid":[0-9]*/"netns":N,"portid":P/' >"$tmp/mon.txt"
	if [ "$rc" = 0 ] && cmp -s "$golden/monitor.json" "$tmp/mon.txt"; then
		report monitor-json-sigterm ""
	else
		report monitor-json-sigterm "expected exit 0 and golden/monitor.json got $rc '$(oneline "$tmp/mon.txt")'"
	fi
	cp "$tmp/mon.out" "$tmp/monitor-sample.json"
}

# -a over real namespaces, each with its own stand-in.
ns_fake() {
	name=$1
	shift
	mkdir -p "$tmp/netns" "$tmp/ports"
	rm -f "$tmp/port-$name"
	unshare -n "$FAKE_OOTB" -o "$tmp/port-$name" "$@" 2>>"$tmp/fake.err" &
	p=$!
	ns_pids="$ns_pids $p"
	wait_port "$tmp/port-$name" "$p" || return 1
	cp "$tmp/port-$name" "$tmp/ports/$(stat -L -c %i "/proc/$p/ns/net")"
	ln -sfn "/proc/$p/ns/net" "$tmp/netns/$name"
}

all_netns_tests() {
	ns_stop
	fake_start || return
	if ! ns_fake blue || ! ns_fake red; then
		report all-netns-setup "expected two namespaces with a stand-in each (unshare -n), got: $(oneline "$tmp/fake.err")"
		return
	fi
	export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
	sc flush
	sc add-range 5000-5100
	sc -n blue add-range 6000-6010 policy count
	sc -n red add-range 7000 reserve
	expect all-netns-list 0 '' all-list.txt -a list
	expect all-netns-list-json 0 '' all-list.json -j -a list
	expect all-netns-stats-json 0 '' all-stats.json --json --all-netns stats
	expect all-netns-save 0 '' all-save.txt -a save
	has all-netns-stats-header 0 'netns: blue' -a stats
	# Run inside a named namespace: it comes first, once, by its name.
	nsenter --net="$tmp/netns/blue" sh -c \
		"LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTDIR=$tmp/ports SCTPCTL_NETNS_DIR=$tmp/netns $SCTPCTL -a list" \
		>"$tmp/out" 2>"$tmp/err"
	if [ $? = 0 ] && cmp -s "$golden/all-list-blue.txt" "$tmp/out"; then
		report all-netns-current-named ""
	else
		report all-netns-current-named "expected golden/all-list-blue.txt got '$(oneline "$tmp/out")' '$(oneline "$tmp/err")'"
	fi
	: >"$tmp/netns/stale"
	expect all-netns-stale 1 'cannot enter network namespace "stale": Invalid argument' \
		all-list.txt -a list
	rm -f "$tmp/netns/stale"
	has netns-by-name 0 '6000-6010 count matched 10' -n blue list
	unset SCTPCTL_NETNS_DIR SCTPCTL_FAKE_PORTDIR
}

# doctor, each input faked: sysfs, procfs, the config directory,
# /lib/modules, modinfo and dkms.
doctor_env() {
	d=$tmp/doc
	rm -rf "$d"
	mkdir -p "$d/proc/net/sctp" "$d/proc/sys/net/ipv4" "$d/etc/netns" \
		"$d/modules/6.1.0-57-amd64/kernel" "$d/modules/6.12.117+deb12-amd64/kernel" \
		"$d/modules/6.12.999-leftover" "$d/bin"
	cp -r "$tmp/sys-ready" "$d/sys"
	printf '32768\t60999\n' >"$d/proc/sys/net/ipv4/ip_local_port_range"
	: >"$d/proc/sys/net/ipv4/ip_local_reserved_ports"
	printf ' ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS\n' \
		>"$d/proc/net/sctp/eps"
	printf 'SctpCurrEstab\t0\nSctpOutOfBlues\t37\n' >"$d/proc/net/sctp/snmp"
	cat >"$d/bin/modinfo" <<-EOF
	#!/bin/sh
	[ "\$1 \$2 \$3" = "-k 6.1.0-57-amd64 sctp" ] || { echo "modinfo: ERROR: Module sctp not found." >&2; exit 1; }
	echo "filename:       /lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko"
	echo "version:        \$(cat $d/modinfo-version 2>/dev/null)"
	echo "license:        GPL"
	[ ! -r $d/modinfo-signer ] || echo "signer:         \$(cat $d/modinfo-signer)"
	EOF
	echo ootb.3 >"$d/modinfo-version"
	cat >"$d/bin/dkms" <<-EOF
	#!/bin/sh
	[ "\$*" = "status sctp-ootb" ] || exit 3
	cat $d/dkms-status
	EOF
	printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\nsctp-ootb/1.0, 6.12.117+deb12-amd64, x86_64: installed (WARNING! Diff between built and installed module!)\n' \
		>"$d/dkms-status"
	chmod +x "$d/bin/modinfo" "$d/bin/dkms"
	export SCTPCTL_SYSFS=$d/sys SCTPCTL_PROC=$d/proc SCTPCTL_CONFDIR=$d/etc \
		SCTPCTL_MODULES=$d/modules SCTPCTL_MODINFO=$d/bin/modinfo \
		SCTPCTL_DKMS=$d/bin/dkms SCTPCTL_KVER=6.1.0-57-amd64
}

doctor_unenv() {
	unset SCTPCTL_SYSFS SCTPCTL_PROC SCTPCTL_CONFDIR SCTPCTL_MODULES \
		SCTPCTL_MODINFO SCTPCTL_DKMS SCTPCTL_KVER
}

# finding NAME EXIT STATUS CHECK TEXT [ARGS...]: sctpctl ARGS (default:
# doctor) exits EXIT and prints a line "STATUS CHECK: ..." that contains
# TEXT.
finding() {
	name=$1 want=$2 st=$3 chk=$4 text=$5
	shift 5
	[ $# -gt 0 ] || set -- doctor
	sc "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
	why=$(judge "$want" $? '' -)
	line=$(grep -E "^$st +$chk: " "$tmp/out" | grep -F -- "$text")
	if [ -z "$why" ] && [ -z "$line" ]; then
		why="expected '$st $chk: ...$text...' got '$(oneline "$tmp/out")'"
	fi
	report "$name" "$why"
}

doctor_tests() {
	fake_start || return
	doctor_env
	d=$tmp/doc
	sc flush
	sc add-range 5000-5100
	sc add-range 5050 policy abort
	sc save >"$d/etc/ranges.conf"

	expect doctor-clean 0 '' doctor-clean.txt doctor
	expect doctor-clean-json 0 '' doctor-clean.json -j doctor
	sc -j doctor >"$tmp/doctor-sample.json" 2>/dev/null

	# sctp-loaded, sctp-installed
	rm "$d/sys/module/sctp/version"
	finding doctor-stock-loaded 1 FAIL sctp-loaded \
		'the stock sctp.ko is loaded (no version): it answers every out-of-the-blue packet'
	has doctor-stock-loaded-fix 1 \
		'     fix: reboot: a loaded sctp.ko cannot be unloaded, and the patched one is installed for this kernel' doctor
	: >"$d/modinfo-version"
	finding doctor-stock-installed 1 FAIL sctp-installed \
		'modprobe sctp would load the stock module for 6.1.0-57-amd64: /lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko'
	has doctor-stock-loaded-fix-install 1 \
		'     fix: install the patched module (apt install sctp-ootb-dkms, or make install), then reboot: a loaded sctp.ko cannot be unloaded' doctor
	echo ootb.3 >"$d/modinfo-version"
	echo ootb.3 >"$d/sys/module/sctp/version"
	SCTPCTL_KVER=9.9.9
	finding doctor-no-module-for-kernel 1 FAIL \
		sctp-installed 'modprobe sctp finds no sctp.ko for 9.9.9'
	SCTPCTL_KVER=6.1.0-57-amd64
	SCTPCTL_MODINFO=$d/bin/none
	finding doctor-no-modinfo 0 skip \
		sctp-installed 'cannot run modinfo (kmod): No such file or directory'
	SCTPCTL_MODINFO=$d/bin/modinfo
	finding doctor-installed-ok 0 ok sctp-installed \
		'modprobe sctp loads the patched module for 6.1.0-57-amd64: /lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko (version ootb.3)'

	# dkms
	finding doctor-dkms-ok 0 ok dkms 'sctp-ootb is installed for 6.12.117+deb12-amd64'
	printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\nsctp-ootb/1.0, 6.12.117+deb12-amd64, x86_64: built\n' \
		>"$d/dkms-status"
	finding doctor-dkms-built 1 FAIL dkms \
		'sctp-ootb is built for 6.12.117+deb12-amd64, not installed'
	printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\n' >"$d/dkms-status"
	finding doctor-dkms-missing-kernel 1 FAIL dkms \
		'sctp-ootb is not built for 6.12.117+deb12-amd64: that kernel would load the stock sctp.ko'
	: >"$d/dkms-status"
	finding doctor-dkms-not-used 0 skip dkms 'sctp-ootb is not a DKMS module on this host'
	SCTPCTL_DKMS=$d/bin/none
	finding doctor-no-dkms 0 skip dkms 'dkms is not installed: not checked'
	SCTPCTL_DKMS=$d/bin/dkms
	printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\nsctp-ootb/1.0, 6.12.117+deb12-amd64, x86_64: installed\n' \
		>"$d/dkms-status"

	# Secure Boot: nothing said while the kernel loads unsigned modules
	# (every finding above); with it, the state, the module's signer
	# against the kernel's keys, and dkms's key in MokList.
	sb=$d/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
	mkdir -p "${sb%/*}" "$d/sys/kernel/security"
	printf '\006\000\000\000\000' >"$sb"
	echo '[none] integrity confidentiality' >"$d/sys/kernel/security/lockdown"
	echo 'DKMS module signing key' >"$d/modinfo-signer"
	printf '#!/bin/sh\ncat %s/mokutil-out\n' "$d" >"$d/bin/mokutil"
	chmod +x "$d/bin/mokutil"
	echo '/var/lib/dkms/mok.pub is not enrolled' >"$d/mokutil-out"
	echo '2a5771c4 I------     1 perm 1f010000     0     0 asymmetri Debian Secure Boot CA: 6ccece7e4c6c0d1f6149f3dd27dfcc5cbb419ea1: X509.rsa bb419ea1 []' >"$d/keys"
	export SCTPCTL_MOKUTIL=$d/bin/mokutil SCTPCTL_KEYS=$d/keys
	expect doctor-sb-off 0 '' doctor-clean.txt doctor
	printf '\006\000\000\000\001' >"$sb"
	echo 'none [integrity] confidentiality' >"$d/sys/kernel/security/lockdown"
	finding doctor-sb-state 1 ok secure-boot \
		'UEFI Secure Boot is on, the kernel is locked down (integrity): this kernel loads only modules signed by a key it trusts'
	finding doctor-sb-untrusted 1 FAIL module-signature \
		'the patched sctp.ko for 6.1.0-57-amd64 is signed by "DKMS module signing key", a key this kernel does not trust'
	finding doctor-sb-not-enrolled 1 FAIL module-key \
		"dkms's key /var/lib/dkms/mok.pub is not enrolled in MokList"
	has doctor-sb-fix 1 \
		"     fix: enrol dkms's key once: mokutil --import /var/lib/dkms/mok.pub (a one-time password), reboot, and in MokManager choose Enroll MOK, Continue, Yes, type the password, Reboot" doctor
	has doctor-sb-json 1 '      "check": "module-key",' -j -p doctor
	echo '/var/lib/dkms/mok.pub is already in the enrollment request' >"$d/mokutil-out"
	finding doctor-sb-pending 1 FAIL module-key \
		"dkms's key /var/lib/dkms/mok.pub waits for its enrolment in MokManager at the next boot"
	echo '/var/lib/dkms/mok.pub is already enrolled' >"$d/mokutil-out"
	echo '1d2f3a4b I------     1 perm 1f010000     0     0 asymmetri DKMS module signing key: 86c2bf1cc4d6f1388f01b03b4ae00a1ae77ce9de: X509.rsa e77ce9de []' >>"$d/keys"
	finding doctor-sb-trusted 0 ok module-signature \
		'the patched sctp.ko for 6.1.0-57-amd64 is signed by "DKMS module signing key", a key this kernel holds'
	finding doctor-sb-enrolled 0 ok module-key \
		"dkms's key /var/lib/dkms/mok.pub is enrolled in MokList"
	rm -f "$d/modinfo-signer"
	finding doctor-sb-unsigned 1 FAIL module-signature \
		'the patched sctp.ko for 6.1.0-57-amd64 (/lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko) is not signed: this kernel refuses it'
	rm -rf "$d/sys/firmware" "$d/sys/kernel/security"
	unset SCTPCTL_MOKUTIL SCTPCTL_KEYS

	# companion
	rm -r "$d/sys/module/sctp_ootb"
	finding doctor-companion-not-loaded 1 FAIL companion \
		'sctp_ootb is not loaded: no range is in force'
	# Not loaded per sysfs: the module is not asked (asking would load it).
	finding doctor-never-loads 1 FAIL config \
		"$d/etc/ranges.conf is not applied: the table cannot be read (sctp_ootb is not loaded)"
	finding doctor-config-ranges-fallback 1 FAIL aborts \
		'nothing silences the discard ranges of the config: the kernel handled 37 out-of-the-blue packets in this namespace (SctpOutOfBlues)'
	mkdir "$d/sys/module/sctp_ootb"
	finding doctor-companion-ok 0 ok companion \
		'sctp_ootb is loaded and hooked (family version 2)'

	# config
	finding doctor-config-applied 0 ok config "the table matches $d/etc/ranges.conf (2 ranges)"
	sc add-range 7000-7010 policy count
	sc replace-range 5050 policy count
	finding doctor-config-drift 1 FAIL config \
		"$d/etc/ranges.conf is not applied: 5050-5050 abort in the file, 5050-5050 count in the table; 7000-7010 count is in the table, not in the file"
	has doctor-config-drift-fix 1 \
		"     fix: sctpctl restore $d/etc/ranges.conf (or systemctl reload sctp-ootb)" doctor
	sc restore "$d/etc/ranges.conf"
	lines "$d/bad.conf" 'add-range 5000-5100' 'add-range 5050-5200'
	finding doctor-config-bad-line 1 FAIL config \
		"$d/bad.conf:2: range 5050-5200 overlaps 5000-5100 (line 1)" \
		doctor --config "$d/bad.conf"
	: >"$d/empty.conf"
	finding doctor-config-empty 1 FAIL config \
		"$d/empty.conf: nothing to restore" doctor --config "$d/empty.conf"
	finding doctor-config-explicit-missing 1 FAIL config \
		"cannot open \"$d/none.conf\"" doctor --config "$d/none.conf"
	mv "$d/etc/ranges.conf" "$d/etc/ranges.conf.off"
	finding doctor-config-none 0 skip config \
		"no config file $d/etc/ranges.conf: the table is not managed by one"
	mv "$d/etc/ranges.conf.off" "$d/etc/ranges.conf"
	lines "$d/reserve.conf" 'add-range 5000-5100 reserve' 'add-range 5050 policy abort'
	finding doctor-config-reserve-drift 1 FAIL config \
		'5000-5100 discard reserve in the file, 5000-5100 discard in the table' \
		doctor --config "$d/reserve.conf"

	# listeners
	printf '%s\n' \
		' ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS' \
		'       0        0 2   10  4    5050      0 1111 10.0.0.1' \
		'       0        0 2   10  4    7001      0 2222 10.0.0.1' \
		>"$d/proc/net/sctp/eps"
	finding doctor-listener-abort-ok 0 ok listeners \
		'no kernel SCTP socket listens in a discard range'
	printf '       0        0 2   10  4    5001    100 3333 10.0.0.1\n' \
		>>"$d/proc/net/sctp/eps"
	finding doctor-listener-in-discard 1 FAIL listeners \
		'a kernel SCTP socket listens in a discard range, so its endpoint answers that port'"'"'s out-of-the-blue packets itself (ABORT): port 5001 (uid 100, socket inode 3333) in 5000-5100'
	rm "$d/proc/net/sctp/eps"
	finding doctor-listener-no-sctp 0 ok listeners 'no kernel SCTP socket'

	# ephemeral
	printf '5040\t5060\n' >"$d/proc/sys/net/ipv4/ip_local_port_range"
	finding doctor-ephemeral-overlap 1 FAIL ephemeral \
		'20 ports of the ephemeral range 5040-5060 (net.ipv4.ip_local_port_range) are in discard ranges and not reserved: 5040-5049, 5051-5060'
	printf '5040-5049,5051-5055,5056,5057-5060\n' \
		>"$d/proc/sys/net/ipv4/ip_local_reserved_ports"
	finding doctor-ephemeral-reserved 0 ok ephemeral \
		'no ephemeral port (5040-5060) is in a discard range, or each is reserved'
	printf '32768\t60999\n' >"$d/proc/sys/net/ipv4/ip_local_port_range"

	# aborts
	finding doctor-aborts-hooked 0 ok aborts \
		'the hook is active: out-of-the-blue packets to the discard ranges are dropped (100 so far)'
	fake_start -H 0 || return
	sc restore "$d/etc/ranges.conf"
	finding doctor-aborts-unhooked 1 FAIL aborts \
		'nothing silences the discard ranges of the table: the kernel handled 37 out-of-the-blue packets in this namespace (SctpOutOfBlues)'
	finding doctor-companion-unhooked 1 FAIL companion \
		'sctp_ootb is loaded but not hooked into sctp.ko'
	fake_start || return
	sc restore "$d/etc/ranges.conf"
	lines "$d/count.conf" 'add-range 5000-5100 policy count'
	sc restore "$d/count.conf"
	finding doctor-aborts-no-discard 1 ok aborts 'no discard range in the table'
	sc restore "$d/etc/ranges.conf"

	# namespaces: -n NAME reads netns/NAME.conf; -a checks each one.
	if ns_fake blue -z; then
		export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
		sc -n blue add-range 6000-6010
		lines "$d/etc/netns/blue.conf" 'add-range 6000-6010 policy discard'
		finding doctor-netns-config 0 ok config \
			"the table matches $d/etc/netns/blue.conf (1 range)" -n blue doctor
		sc -n blue add-range 6100
		has doctor-netns-config-fix 1 \
			"     fix: sctpctl -n blue restore $d/etc/netns/blue.conf (or systemctl reload sctp-ootb@blue)" \
			-n blue doctor
		expect doctor-all-netns 1 '' doctor-all.txt -a doctor
		unset SCTPCTL_NETNS_DIR SCTPCTL_FAKE_PORTDIR
	else
		report doctor-netns-setup "expected a namespace with a stand-in (unshare -n), got: $(oneline "$tmp/fake.err")"
	fi
	ns_stop
	doctor_unenv
}

fake_status_tests() {
	export SCTPCTL_SYSFS
	SCTPCTL_SYSFS=$tmp/sys-ready
	if [ "$1" = 1 ]; then
		expect status-ready 0 '' status-ready.txt status
		expect status-ready-json 0 '' status-ready.json -j status
		expect status-ready-pretty 0 '' status-ready-pretty.json -j -p status
	else
		expect status-unhooked 1 '' status-unhooked.txt status
	fi
	unset SCTPCTL_SYSFS
}

# The examples of the documentation (examples.sh --docs), against the stand-in
# (tests/cli/examples.sh; the VM runs them against the module too).
examples_tests() {
	bin=$tmp/ex-bin
	mkdir -p "$bin"
	if [ -n "$VALGRIND" ]; then
		printf '#!/bin/sh\nexec %s --log-file=%s/vg/%%p %s "$@"\n' \
			"$VALGRIND" "$tmp" "$SCTPCTL" >"$bin/sctpctl"
	else
		ln -sf "$SCTPCTL" "$bin/sctpctl"
	fi
	# modprobe: the module is "loaded" already.
	printf '#!/bin/sh\nexit 0\n' >"$bin/modprobe"
	chmod +x "$bin/modprobe" "$bin/sctpctl"
	doctor_env
	rm -f "$SCTPCTL_DKMS"
	cat >"$tmp/ex-reset" <<-EOF
	fake_start -z && ns_stop && ns_fake blue -z
	EOF
	# The examples run in sh subshells: they see the variables exported.
	export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
	EXAMPLES_RESET=". $tmp/ex-reset && export SCTPCTL_FAKE_PORTID=\$fake_port LD_PRELOAD=$FAKE_PRELOAD"
	EXAMPLES_CLEANUP="fake_stop; ns_stop"
	export EXAMPLES_RESET EXAMPLES_CLEANUP
	out=$(set --
		for d in $(sh "$here/examples.sh" --docs); do
			set -- "$@" "$top/$d"
		done
		PATH="$bin:$PATH"
		export PATH
		. "$here/examples.sh" 2>&1)
	printf '%s\n' "$out" | grep -E '^(ok|not ok) ' >"$tmp/ex.results"
	while IFS= read -r l; do
		case $l in
		"ok "*) report "${l#ok }" "" ;;
		"not ok "*) l=${l#not ok }; report "${l%%: *}" "${l#*: }" ;;
		esac
	done <"$tmp/ex.results"
	[ -s "$tmp/ex.results" ] || report examples "expected results from examples.sh, got '$(printf '%s' "$out" | head -c 300)'"
	unset SCTPCTL_NETNS_DIR SCTPCTL_FAKE_PORTDIR EXAMPLES_RESET EXAMPLES_CLEANUP
	unset LD_PRELOAD SCTPCTL_FAKE_PORTID
	ns_stop
	doctor_unenv
}

# Every man page formats without a warning, on paper (groff's default
# device) and as man(1) lays it out on an 80-column terminal: every
# warning on but line filling ("can't break line", "cannot adjust line":
# an example line wider than the page, which depends on the reader's width).
man_lint_tests() {
	for page in "$top"/tools/sctpctl/*.[1-9]; do
		out=$({ groff -man -ww -Wbreak -z "$page"
			groff -man -Tutf8 -rLL=78n -rLT=78n -ww -Wbreak -z "$page"
		} 2>&1)
		report "man-lint-$(basename "$page" | tr . -)" \
			"${out:+expected no warning, got '$(printf '%s' "$out" | head -c 300 | tr '\n' '|')'}"
	done
}

# Every JSON document sctpctl printed above against its schema.
schema_tests() {
	schema=$top/tools/sctpctl/sctpctl.schema.json
	for g in list.json list-pretty.json empty.json stats.json \
		status-ready.json status-stock.json get.json get-none.json \
		all-list.json all-stats.json doctor-clean.json; do
		printf '%s %s\n' "${g%.json}" "$golden/$g"
	done >"$tmp/schema.list"
	[ -s "$tmp/monitor-sample.json" ] &&
		echo "monitor $tmp/monitor-sample.json" >>"$tmp/schema.list"
	[ -s "$tmp/doctor-sample.json" ] &&
		echo "doctor $tmp/doctor-sample.json" >>"$tmp/schema.list"
	python3 "$here/schema.py" "$schema" <"$tmp/schema.list" >"$tmp/schema.out" 2>&1
	while IFS= read -r l; do
		case $l in
		"ok "*) report "${l#ok }" "" ;;
		"not ok "*) l=${l#not ok }; report "${l%%: *}" "${l#*: }" ;;
		*) report json-schema "$l" ;;
		esac
	done <"$tmp/schema.out"
	[ -s "$tmp/schema.out" ] || report json-schema "expected results from schema.py, got none"
}

# bash completion, with sctpctl against the stand-in.
completion_tests() {
	bc=/usr/share/bash-completion/bash_completion
	if [ ! -r "$bc" ] || ! command -v bash >/dev/null; then
		report completion "expected bash and $bc (make deps installs bash-completion)"
		return
	fi
	fake_start || return
	sc flush
	sc add-range 5000-5100
	sc add-range 5050 policy abort
	bin=$tmp/ex-bin
	# comp WORDS...: the completions of the last word, sorted, one line.
	comp() {
		LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTID=$fake_port \
			PATH="$bin:$PATH" bash -c '
			. "$1"; . "$2"; shift 2
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_sctpctl sctpctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			[ ${#COMPREPLY[@]} -gt 0 ] &&
				printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
			bash "$bc" "$top/tools/sctpctl/sctpctl.bash-completion" "$@" 2>&1
	}
	cmp_comp() {
		name=$1 want=$2
		shift 2
		got=$(comp "$@")
		if [ "$got" = "$want" ]; then
			report "$name" ""
		else
			report "$name" "expected '$want' got '$got'"
		fi
	}
	cmp_comp completion-commands 'del-range doctor ' sctpctl d
	cmp_comp completion-del-range-ranges '5000-5100 5050-5050 ' \
		sctpctl del-range ''
	cmp_comp completion-replace-range-ranges '5050-5050 ' \
		sctpctl -j replace-range 505
	cmp_comp completion-reset-counters-ranges '5000-5100 5050-5050 ' \
		sctpctl reset-counters ''
	cmp_comp completion-policy 'abort ' sctpctl add-range 5 policy a
	cmp_comp completion-after-range 'policy reserve ' sctpctl add-range 5 ''
	cmp_comp completion-no-command-after-batch '' sctpctl -b /dev/null ''
	cmp_comp completion-options-after-batch '-f ' sctpctl -b /dev/null -f
	cmp_comp completion-list-reset '--reset ' sctpctl list -
	cmp_comp completion-restore-check '--check ' sctpctl restore --c
	cmp_comp completion-doctor '--config ' sctpctl doctor -
	cmp_comp completion-all-netns '--all-netns ' sctpctl --al
	cmp_comp completion-del-range-force 'force ' sctpctl del-range 5000 ''
	cmp_comp completion-run-options '--auto ' sctpctl run --a
	cmp_comp completion-run-policy 'count ' sctpctl run -p c
	cmp_comp completion-run-command 'dash ' sctpctl run --auto -- das
}

# ---------------------------------------------------------------------

if [ ! -x "$FAKE_OOTB" ] || [ ! -f "$FAKE_PRELOAD" ]; then
	report fake-peer "expected $FAKE_OOTB and $FAKE_PRELOAD (make -C tests/cli)"
else
	if fake_start -N; then
		notloaded_tests
	fi
	if fake_start; then
		fake_tests
		restore_tests
		batch_tests
		fake_status_tests 1
	fi
	fake_start && v2_tests
	monitor_tests

	fake_start -H 0 && fake_status_tests 0
	SCTPCTL_SYSFS=$tmp/sys-ready
	export SCTPCTL_SYSFS
	fake_start -N && has status-no-family 1 'sctp_ootb: loaded, hook state unknown' status
	fake_start -N && has status-no-family-hint 1 'hint: sctp_ootb is loaded but has no netlink family: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)' status
	unset SCTPCTL_SYSFS

	if fake_start -q; then
		succeeds quiet-add add-range 10-20
		fails quiet-identical 'Error: range already exists (use replace-range).' \
			add-range 10-20
		fails quiet-partial 'Error: overlaps 10-20.' add-range 15-30
		fails quiet-del-no-such 'Error: no such range.' del-range 30
		fails quiet-restore-overlap \
			"$tmp/overlap:3: range 150-300 overlaps 100-200 (line 2)" \
			restore "$tmp/overlap"
		expect quiet-replace-no-warning 0 '' /dev/null replace-range 10-20
	fi

	if fake_start -m 2; then
		succeeds full-add-1 add-range 10
		succeeds full-add-2 add-range 20
		fails table-full 'Error: table is full.' add-range 30
		lines "$tmp/three" 'add-range 1' '# the third one is too many' \
			'add-range 2' 'add-range 3'
		fails restore-kernel-offset "$tmp/three:4: Error: table is full." \
			restore "$tmp/three"
	fi
	if fake_start -q -m 2; then
		succeeds full-quiet-add-1 add-range 10
		succeeds full-quiet-add-2 add-range 20
		fails table-full-quiet 'Error: table full.' add-range 30
		fails restore-kernel-no-offset \
			'Error: the new table has more ranges than the table can hold.' \
			restore "$tmp/three"
	fi

	if fake_start -P; then
		perm='Error: permission denied: changing the table needs CAP_NET_ADMIN.'
		fails eperm-add "$perm" add-range 5000-5100
		fails eperm-replace "$perm" replace-range 5000-5100
		fails eperm-del "$perm" del-range 5000-5100
		fails eperm-flush "$perm" flush
		fails eperm-reset "$perm" reset-counters
		fails eperm-restore "$perm" restore "$golden/save.txt"
		expect eperm-list-still-works 0 '' /dev/null list
		has eperm-get-still-works 1 'port 5: no range: stock behaviour' get 5
	fi

	if fake_start -e -m 2; then
		succeeds echo-add add-range 10-20
		fails echo-identical 'Error: range already exists.' add-range 10-20
		fails echo-restore-kernel "$tmp/three:4: Error: table is full." \
			restore "$tmp/three"
	fi

	if fake_start -I 2; then
		for a in "1" "65535 policy discard" "1-65535" "5000-5100" \
			"5050 policy abort" "6000-6010 policy count"; do
			# shellcheck disable=SC2086 # one range and its policy
			sc add-range $a
		done
		expect dump-intr-retried 0 '' list.txt list
	fi
	if fake_start -I 1000; then
		sc add-range 10 && sc add-range 20
		fails dump-intr-gives-up \
			'the table kept changing while it was read; try again' list
		expect dump-intr-reset-not-retried 0 \
			'Warning: the table changed while it was read' - list --reset
	fi

	if fake_start -D 5; then
		fails dump-error 'Error: dump failed.' list
		fails dump-error-save 'Error: dump failed.' save
	fi
	fake_start -q -D 5 && fails dump-error-quiet 'Error: Input/output error.' list

	all_netns_tests
	doctor_tests
	examples_tests
	completion_tests
	fake_stop
	schema_tests
fi
man_lint_tests

# ---------------------------------------------------------------------

if [ -n "$VALGRIND" ]; then
	if [ -n "$(find "$tmp/vg" -type f -size +0c)" ]; then
		report valgrind-clean "$(cat "$tmp"/vg/* | head -c 600 | tr '\n' '|')"
	else
		report valgrind-clean ""
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
