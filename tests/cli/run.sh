#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the sctpctl command line, on a machine without the
# sctp_ootb module.  One line per check, "ok NAME" or "not ok NAME: ...",
# then "N passed, N failed"; exit 1 if anything failed.
#
#   1. usage errors, boundaries first: exit 2, one line on stderr,
#      nothing on stdout;
#   2. well-formed commands with no module: exit 1, "not loaded";
#   3. status with each state faked under SCTPCTL_SYSFS;
#   4. against fake_ootb, a userspace stand-in for the module's netlink
#      side reached through fake_preload.so: listings against golden
#      files, kernel errors with and without extack text, restore and
#      batch with FILE:LINE.  Skipped when the stand-in cannot run
#      (it needs CAP_NET_ADMIN to exchange netlink messages with sctpctl).
#
# Environment: SCTPCTL, FAKE_OOTB, FAKE_PRELOAD (default: build/ next to
# this script); VALGRIND, a command prefix for every sctpctl run.

set -u

here=$(cd "$(dirname "$0")" && pwd)
SCTPCTL=${SCTPCTL:-$here/build/sctpctl}
FAKE_OOTB=${FAKE_OOTB:-$here/build/fake_ootb}
FAKE_PRELOAD=${FAKE_PRELOAD:-$here/build/fake_preload.so}
VALGRIND=${VALGRIND:-}
golden=$here/golden

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sctpctl-test.XXXXXX") || exit 1
fake_pid=
fake_port=
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

cleanup() {
	fake_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

mkdir "$tmp/vg"

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
	head -c 300 "$1" | tr '\n' '|'
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
		cmp -s "$golden/$4" "$tmp/out" ||
			echo "expected stdout of golden/$4 got '$(oneline "$tmp/out")'"
		;;
	esac
}

# expect NAME EXIT STDERR STDOUT ARGS...
#   STDERR: - anything, '' nothing, else one line containing this text
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
	usage "${p}range-missing" 'add-range: missing LO-HI or PORT' add-range
	usage "${p}extra-argument" 'add-range: unexpected argument "extra"' \
		add-range 5000 policy abort extra
	usage "${p}two-ranges" 'add-range: unexpected argument "6000"' \
		add-range 5000 6000
	usage "${p}replace-reversed" 'bad range "5-3": start 5 is after end 3' \
		replace-range 5-3 policy abort
	usage "${p}del-policy" 'del-range: unexpected argument "policy"' \
		del-range 5000 policy abort
	usage "${p}del-missing" 'del-range: missing LO-HI or PORT' del-range
	usage "${p}del-zero" 'bad port "0": must be 1-65535' del-range 0
	usage "${p}list-extra" 'list: unexpected argument "all"' list all
	usage "${p}flush-extra" 'flush: unexpected argument "now"' flush now
	usage "${p}stats-extra" 'stats: unexpected argument "x"' stats x
	usage "${p}status-extra" 'status: unexpected argument "x"' status x
	usage "${p}save-extra" 'save: unexpected argument "x"' save x
	usage "${p}restore-extra" 'restore: unexpected argument "b"' \
		restore a b
	usage "${p}unknown-command" 'unknown command "frobnicate"' frobnicate
	usage "${p}no-prefix-match" 'unknown command "add"' add 5000
	usage "${p}case-sensitive" 'unknown command "LIST"' LIST
	usage "${p}no-command" 'missing COMMAND' -j
	usage "${p}unknown-option" 'unknown option "-x"' -x list
	usage "${p}option-after-command" 'list: unexpected argument "-j"' \
		list -j
	usage "${p}netns-no-name" 'option -n needs a NAME' -n
	usage "${p}netns-empty-name" 'option -n needs a NAME' -n '' list
	usage "${p}batch-no-file" 'option -b needs a FILE' -b
	usage "${p}batch-and-command" '-b takes no command, found "list"' \
		-b /dev/null list
	usage "${p}help-unknown" 'help: unknown command "nope"' help nope
}

bad_inputs ""

has help-long 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' --help
has help-short 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' -h
has help-command 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' help
has help-topic 0 'Usage: sctpctl [OPTIONS] del-range LO-HI|PORT' \
	help del-range
has version 0 "sctpctl 1.0 (sctp_ootb generic netlink version 1)" --version

sc --help >/dev/full 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -qF 'cannot write the output' "$tmp/err"; then
	report help-write-error ""
else
	report help-write-error "expected exit 1 and a write error got $rc '$(oneline "$tmp/err")'"
fi

# ---------------------------------------------------------------------
# 2. Well-formed commands, no module.

notloaded='sctpctl: the sctp_ootb module is not loaded (modprobe sctp_ootb)'
printf 'add-range 5000-5100\n' >"$tmp/one.restore"
if [ -d /sys/module/sctp_ootb ]; then
	echo "# skipped: sctp_ootb is loaded on this host"
else
	fails nomod-add-range "$notloaded" add-range 5000-5100
	fails nomod-add-range-1 "$notloaded" add-range 1
	fails nomod-add-range-65535 "$notloaded" add-range 65535 policy count
	fails nomod-replace-range "$notloaded" replace-range 5000 policy abort
	fails nomod-del-range "$notloaded" del-range 5000-5100
	fails nomod-list "$notloaded" list
	fails nomod-list-json "$notloaded" -j list
	fails nomod-flush "$notloaded" flush
	fails nomod-stats "$notloaded" stats
	fails nomod-save "$notloaded" save
	fails nomod-restore "$notloaded" restore "$tmp/one.restore"
	fails nomod-batch \
		"$tmp/one.restore:1: the sctp_ootb module is not loaded (modprobe sctp_ootb)" \
		-b "$tmp/one.restore"
fi
fails netns-missing 'cannot open network namespace "sctpctl-no-such-ns"' \
	-n sctpctl-no-such-ns list
fails netns-missing-status 'cannot open network namespace "sctpctl-no-such-ns"' \
	-n sctpctl-no-such-ns status
fails restore-no-file 'cannot open "/nonexistent/ranges"' \
	restore /nonexistent/ranges
fails batch-no-file 'cannot open "/nonexistent/batch"' -b /nonexistent/batch

# ---------------------------------------------------------------------
# 3. status, every state faked in a sysfs tree.

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
		echo ootb.1 >"$tmp/sys-$1/module/sctp/version"
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
SCTPCTL_SYSFS=$tmp/sys-ready
has status-no-family 1 'sctp_ootb: loaded, hook state unknown' status
has status-no-family-hint 1 'hint: sctp_ootb is loaded but has no netlink family: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)' status
unset SCTPCTL_SYSFS

# ---------------------------------------------------------------------
# 4. Against the stand-in for the module.

# fake_start [fake_ootb options]: 0 once it answers.
fake_start() {
	fake_stop
	rm -f "$tmp/port"
	"$FAKE_OOTB" -o "$tmp/port" "$@" 2>>"$tmp/fake.err" &
	fake_pid=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$tmp/port" ] || return 1
	fake_port=$(cat "$tmp/port")
	sc list >/dev/null 2>&1
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
	expect stats-text 0 '' stats.txt stats
	expect stats-json 0 '' stats.json -j stats
	expect save 0 '' save.txt save
	expect save-ignores-json 0 '' save.txt -j save

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

	# restore: all or nothing, FILE:LINE on errors.
	expect restore-file 0 '' /dev/null restore "$golden/save.txt"
	expect restore-roundtrip 0 '' save.txt save
	sc save >"$tmp/saved"
	succeeds restore-flush-first flush
	IN=$tmp/saved
	expect restore-stdin 0 '' /dev/null restore
	expect restore-stdin-dash 0 '' /dev/null restore -
	IN=/dev/null
	expect restore-stdin-roundtrip 0 '' save.txt save

	before=$(table)
	printf '# two ranges that collide\nadd-range 100-200\nadd-range 150-300 policy abort\n' \
		>"$tmp/overlap"
	fails restore-overlap \
		"$tmp/overlap:3: Error: overlaps 100-200." \
		restore "$tmp/overlap"
	same_table restore-overlap-changes-nothing "$before"
	printf 'add-range 10-20\nadd-range 10-20 policy abort\n' >"$tmp/dup"
	fails restore-duplicate "$tmp/dup:2: Error: duplicate range." \
		restore "$tmp/dup"
	printf 'add-range 100-200\n\nadd-range 0\n' >"$tmp/syntax"
	usage restore-syntax "$tmp/syntax:3: bad port \"0\": must be 1-65535" \
		restore "$tmp/syntax"
	printf 'add-range 100-200\ndel-range 5\n' >"$tmp/notadd"
	usage restore-only-add-range \
		"$tmp/notadd:2: restore reads add-range lines only, not \"del-range\"" \
		restore "$tmp/notadd"
	printf 'add-range 100-200 policy maybe\n' >"$tmp/badpolicy"
	usage restore-bad-policy \
		"$tmp/badpolicy:1: bad policy \"maybe\": expected discard, abort or count" \
		restore "$tmp/badpolicy"
	same_table restore-errors-change-nothing "$before"

	i=1
	while [ $i -le 1024 ]; do
		echo "add-range $i policy count"
		i=$((i + 1))
	done >"$tmp/full"
	succeeds restore-1024-ranges restore "$tmp/full"
	has restore-1024-in-force 0 'ranges 1024' stats
	before=$(table)
	echo "add-range 2000" >>"$tmp/full"
	fails restore-1025-ranges "$tmp/full:1025: too many ranges (at most 1024)" \
		restore "$tmp/full"
	same_table restore-1025-changes-nothing "$before"
	expect restore-empty 0 '' /dev/null restore /dev/null
	expect restore-empty-empties 0 '' /dev/null list

	# batch: parsed whole first, then run line by line.
	printf '# provisioning\n\nadd-range 5000-5100   # usrsctp\nadd-range 5050 policy abort\n\tadd-range 6000-6010 policy count\nlist\n' \
		>"$tmp/batch-ok"
	expect batch-ok 0 '' batch.txt -b "$tmp/batch-ok"
	succeeds batch-flush flush

	printf 'add-range 10-20\nadd-range 30-40\nadd-range 5-3\nadd-range 50-60\n' \
		>"$tmp/batch-syntax"
	usage batch-syntax "$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
		-b "$tmp/batch-syntax"
	same_table batch-syntax-changes-nothing ""
	expect batch-syntax-force 2 \
		"$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
		/dev/null -f -b "$tmp/batch-syntax"
	has batch-syntax-force-went-on 0 '50-60 discard matched 410' list
	succeeds batch-flush-2 flush

	printf 'add-range 10-20\nadd-range 10-20\nadd-range 30-40\n' >"$tmp/batch-kernel"
	fails batch-kernel-error "$tmp/batch-kernel:2: Error: range already exists." \
		-b "$tmp/batch-kernel"
	same_table batch-kernel-error-stops "add-range 10-20 policy discard"
	succeeds batch-flush-3 flush
	expect batch-kernel-error-force 1 \
		"$tmp/batch-kernel:2: Error: range already exists." /dev/null \
		-force -b "$tmp/batch-kernel"
	has batch-kernel-force-went-on 0 '30-40 discard matched 250' list

	printf 'flush\nadd-range 7\nfrobnicate\n' >"$tmp/batch-stdin"
	IN=$tmp/batch-stdin
	usage batch-stdin '<stdin>:3: unknown command "frobnicate"' -b -
	printf 'restore\n' >"$tmp/batch-stdin"
	usage batch-stdin-restore \
		'<stdin>:1: restore needs a FILE when the batch comes from stdin' -b -
	printf 'restore %s\n' "$tmp/overlap" >"$tmp/batch-stdin"
	fails batch-restore-line \
		"$tmp/overlap:3: Error: overlaps 100-200." -b -
	IN=/dev/null

	sc list >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 1 ] && grep -qF 'cannot write the output' "$tmp/err"; then
		report list-write-error ""
	else
		report list-write-error "expected exit 1 got $rc '$(oneline "$tmp/err")'"
	fi
}

fake_quiet_tests() {
	succeeds quiet-add add-range 10-20
	fails quiet-identical 'Error: range already exists (use replace-range).' \
		add-range 10-20
	fails quiet-partial 'Error: range partially overlaps an existing range.' \
		add-range 15-30
	fails quiet-del-no-such 'Error: no such range.' del-range 30
	fails quiet-restore-overlap \
		'Error: two ranges of the new table partially overlap.' \
		restore "$tmp/overlap"
	fails quiet-restore-duplicate 'Error: the new table lists a range twice.' \
		restore "$tmp/dup"
	expect quiet-replace-no-warning 0 '' /dev/null replace-range 10-20
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

if [ ! -x "$FAKE_OOTB" ] || [ ! -f "$FAKE_PRELOAD" ]; then
	echo "# skipped: no fake_ootb/fake_preload.so (make -C tests/cli)"
elif ! fake_start; then
	echo "# skipped: fake_ootb cannot talk to sctpctl here: $(oneline "$tmp/fake.err")"
else
	fake_tests
	fake_status_tests 1

	fake_start -H 0 && fake_status_tests 0

	fake_start -q && fake_quiet_tests

	fake_start -m 2
	succeeds full-add-1 add-range 10
	succeeds full-add-2 add-range 20
	fails table-full 'Error: table is full.' add-range 30
	fake_start -q -m 2
	succeeds full-quiet-add-1 add-range 10
	succeeds full-quiet-add-2 add-range 20
	fails table-full-quiet 'Error: table full.' add-range 30

	fake_start -P
	perm='Error: permission denied: changing the table needs CAP_NET_ADMIN.'
	fails eperm-add "$perm" add-range 5000-5100
	fails eperm-replace "$perm" replace-range 5000-5100
	fails eperm-del "$perm" del-range 5000-5100
	fails eperm-flush "$perm" flush
	fails eperm-restore "$perm" restore "$golden/save.txt"
	expect eperm-list-still-works 0 '' /dev/null list

	fake_start -e
	succeeds echo-add add-range 10-20
	fails echo-identical 'Error: range already exists.' add-range 10-20
	fails echo-restore-overlap \
		"$tmp/overlap:3: Error: overlaps 100-200." \
		restore "$tmp/overlap"

	fake_start -I 2
	for a in "1" "65535 policy discard" "1-65535" "5000-5100" \
		"5050 policy abort" "6000-6010 policy count"; do
		# shellcheck disable=SC2086 # one range and its policy
		sc add-range $a
	done
	expect dump-intr-retried 0 '' list.txt list
	fake_start -I 1000
	sc add-range 10 && sc add-range 20
	fails dump-intr-gives-up \
		'the table kept changing while it was read; try again' list

	fake_start -D 5
	fails dump-error 'Error: dump failed.' list
	fails dump-error-save 'Error: dump failed.' save
	fake_start -q -D 5
	fails dump-error-quiet 'Error: Input/output error.' list
	fake_stop
fi

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
