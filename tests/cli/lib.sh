# SPDX-License-Identifier: GPL-2.0
#
# What the CLI suites (tests/cli/suites/*.sh) share: sctpctl run against
# fake_ootb, the userspace stand-in for the module's netlink side (reached
# through fake_preload.so), one check per expectation (tests/lib/check.sh),
# golden files, and fake sysfs, procfs and namespaces.  Sourced by
# tests/cli/run.sh; POSIX sh.
#
# The expectations, each one check:
#   expect NAME EXIT STDERR STDOUT ARGS...   sctpctl ARGS exits EXIT;
#       STDERR: - anything, '' nothing, file:FILE exactly that file's
#       text, else one line containing this text; STDOUT: - anything,
#       else a file (absolute, or under golden/)
#   usage NAME STDERR ARGS...      exit 2, that one line, nothing on stdout
#   fails NAME STDERR ARGS...      exit 1, that one line, nothing on stdout
#   succeeds NAME ARGS...          exit 0, nothing on stderr
#   has NAME EXIT TEXT ARGS...     exit EXIT and a stdout line equal to TEXT
#   same_table NAME TABLE          the table (as save prints it) is TABLE
#   finding NAME EXIT STATUS CHECK TEXT [ARGS...]   doctor's finding
# Every sctpctl run reads $IN (default /dev/null) and goes through sc.

golden=$here/golden
fake_pid=
fake_port=
fake_n=0
ns_pids=
IN=/dev/null

# ---- running sctpctl --------------------------------------------------------

# Every sctpctl run goes through here.  SC_EXEC=exec: sctpctl replaces
# the shell (a subshell in the background), so that signals reach it.
sc() {
	set -- "$SCTPCTL" "$@"
	# shellcheck disable=SC2086 # a command and its options
	[ -z "$VALGRIND" ] || set -- $VALGRIND --log-file="$tmp/vg/%p" "$@"
	[ -z "$fake_port" ] || set -- env LD_PRELOAD="$FAKE_PRELOAD" \
		SCTPCTL_FAKE_PORTID="$fake_port" "$@"
	${SC_EXEC:-} "$@"
}

# wait_for CMD...: until CMD holds, FAKE_WAIT seconds at most; 1 if it
# never did.
wait_for() {
	i=0
	until "$@"; do
		[ $i -lt $((FAKE_WAIT * 10)) ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

oneline() {
	head -c 400 "$1" | tr '\n' '|'
}

# holds FILE WHAT GREP-ARGS...: grep GREP-ARGS finds a line of FILE, else
# the check fails: expected WHAT, got FILE's first lines.  lacks: finds none.
holds() {
	local f=$1 what=$2

	shift 2
	grep -q "$@" "$f" || fail "$what" "'$(oneline "$f")'"
}

lacks() {
	local f=$1 what=$2

	shift 2
	! grep -q "$@" "$f" || fail "$what" "'$(oneline "$f")'"
}

# judge EXIT RC STDERR STDOUT: does the last run ($tmp/out, $tmp/err, its
# status RC) match?  See expect.
judge() {
	local lines want got

	[ "$2" = "$1" ] ||
		{ fail "exit $1" "$2 (stderr '$(oneline "$tmp/err")')"; return; }
	case $3 in
	-) ;;
	'')
		[ ! -s "$tmp/err" ] ||
			{ fail "no stderr" "'$(oneline "$tmp/err")'"; return; }
		;;
	file:*)
		cmp -s "${3#file:}" "$tmp/err" ||
			{ fail "stderr '$(oneline "${3#file:}")'" "'$(oneline "$tmp/err")'"; return; }
		;;
	*)
		lines=$(wc -l <"$tmp/err")
		[ "$lines" -eq 1 ] ||
			{ fail "one stderr line" "$lines: '$(oneline "$tmp/err")'"; return; }
		holds "$tmp/err" "stderr '$3'" -F -- "$3" || return
		;;
	esac
	case $4 in
	-) return 0 ;;
	/*) want=$4 got=$tmp/out ;;
	*)
		# Paths under the scratch directory read @TMP@ in golden files.
		sed "s|$tmp|@TMP@|g" "$tmp/out" >"$tmp/out.norm"
		want=$golden/$4 got=$tmp/out.norm
		;;
	esac
	cmp -s "$want" "$got" ||
		fail "stdout of ${want#"$here"/}" "'$(oneline "$got")'"
}

run_sc() {
	sc "$@" <"$IN" >"$tmp/out" 2>"$tmp/err"
}

expect_run() {
	local want=$1 err=$2 out=$3

	shift 3
	run_sc "$@"
	judge "$want" $? "$err" "$out"
}

# The expectations, as checks (see the top of this file).
expect() { n=$1; shift; check "$n" expect_run "$@"; }
usage() { n=$1 e=$2; shift 2; check "$n" expect_run 2 "$e" /dev/null "$@"; }
fails() { n=$1 e=$2; shift 2; check "$n" expect_run 1 "$e" /dev/null "$@"; }
succeeds() { n=$1; shift; check "$n" expect_run 0 '' - "$@"; }
has() { n=$1; shift; check "$n" has_run "$@"; }
finding() { n=$1; shift; check "$n" finding_run "$@"; }

has_run() {
	local want=$1 text=$2

	shift 2
	run_sc "$@"
	judge "$want" $? - - &&
		holds "$tmp/out" "a line '$text'" -xF -- "$text"
}

# What a command writing to a full disk says: exit 1, one line.
write_error() {
	sc "$@" >/dev/full 2>"$tmp/err"
	rc=$?
	[ "$rc" = 1 ] && grep -qF 'cannot write the output' "$tmp/err" ||
		fail "exit 1 and a write error" "$rc '$(oneline "$tmp/err")'"
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

table_is() {
	local now

	now=$(table)
	[ "$now" = "$1" ] ||
		fail "the table '$(printf '%s' "$1" | tr '\n' '|')'" "'$(printf '%s' "$now" | tr '\n' '|')'"
}

same_table() {
	check "$1" table_is "$2"
}

# ---- the stand-in -------------------------------------------------------------

# stop PID...: each killed, and waited for.
stop() {
	local p

	for p; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}

fake_stop() {
	stop $fake_pid
	fake_pid=
	fake_port=
}

port_or_gone() {
	[ -s "$1" ] || ! kill -0 "$2" 2>/dev/null
}

# spawn PORTFILE CMD...: CMD (fake_ootb, maybe behind unshare) in the
# background, its pid in $spawned; 0 once it wrote its port id to PORTFILE
# (within FAKE_WAIT seconds), 1 if it did not.
spawn() {
	local f=$1

	shift
	rm -f "$f"
	"$@" -o "$f" 2>>"$tmp/fake.err" &
	spawned=$!
	wait_for port_or_gone "$f" "$spawned"
	[ -s "$f" ]
}

fake_up() {
	fake_stop
	if ! spawn "$tmp/port" "$FAKE_OOTB" "$@"; then
		echo "fake_ootb $* did not start within ${FAKE_WAIT}s: $(oneline "$tmp/fake.err")"
		stop $spawned
		return 1
	fi
	fake_pid=$spawned
	fake_port=$(cat "$tmp/port")
	# The stand-in needs CAP_NET_ADMIN to exchange messages with sctpctl.
	if [ "${1:-}" != -N ] && ! sc stats >/dev/null 2>"$tmp/err"; then
		echo "sctpctl cannot reach fake_ootb $*: $(oneline "$tmp/err")"
		fake_stop
		return 1
	fi
}

# fake_start [fake_ootb options]: a new stand-in, 0 once it answers; when
# it cannot start, that is the failed check fake-start-SUITE-N (the checks
# that need it cannot run), never a skip.
fake_start() {
	fake_n=$((fake_n + 1))
	step "fake-start-$suite-$fake_n" fake_up "$@"
}

ns_stop() {
	stop $ns_pids
	ns_pids=
	rm -rf "$tmp/netns" "$tmp/ports"
}

# ns_fake NAME [options]: a network namespace NAME (unshare -n) with a
# stand-in of its own, for -n and -a.
ns_fake() {
	name=$1
	shift
	mkdir -p "$tmp/netns" "$tmp/ports"
	spawn "$tmp/port-$name" unshare -n "$FAKE_OOTB" "$@"
	ns_pids="$ns_pids $spawned"
	[ -s "$tmp/port-$name" ] || return 1
	cp "$tmp/port-$name" "$tmp/ports/$(stat -L -c %i "/proc/$spawned/ns/net")"
	ln -sfn "/proc/$spawned/ns/net" "$tmp/netns/$name"
}

# ---- fake sysfs, procfs and host -----------------------------------------------

# sysfs STATE: a sysfs tree where the modules are in STATE (none, stock,
# other, patched, ready); prints its path.
sysfs() {
	local s=$tmp/sys-$1

	if [ ! -d "$s" ]; then
		mkdir -p "$s/module"
		[ "$1" = none ] || mkdir "$s/module/sctp"
		case $1 in
		other) echo 1.2.3 >"$s/module/sctp/version" ;;
		patched | ready) echo ootb.3 >"$s/module/sctp/version" ;;
		esac
		[ "$1" != ready ] || mkdir "$s/module/sctp_ootb"
	fi
	echo "$s"
}

# doctor, each input faked under $d: sysfs, procfs, the config directory,
# /lib/modules, modinfo and dkms.
doctor_env() {
	d=$tmp/doc
	rm -rf "$d"
	mkdir -p "$d/proc/net/sctp" "$d/proc/sys/net/ipv4" "$d/etc/netns" \
		"$d/modules/6.1.0-57-amd64/kernel" "$d/modules/6.12.117+deb12-amd64/kernel" \
		"$d/modules/6.12.999-leftover" "$d/bin"
	cp -r "$(sysfs ready)" "$d/sys"
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

# finding NAME EXIT STATUS CHECK TEXT [ARGS...]: sctpctl ARGS (default:
# doctor) exits EXIT and prints a line "STATUS CHECK: ..." that contains
# TEXT.
finding_run() {
	local want=$1 st=$2 chk=$3 text=$4 line

	shift 4
	[ $# -gt 0 ] || set -- doctor
	run_sc "$@"
	judge "$want" $? '' - || return
	line=$(grep -E "^$st +$chk: " "$tmp/out" | grep -F -- "$text")
	[ -n "$line" ] ||
		fail "'$st $chk: ...$text...'" "'$(oneline "$tmp/out")'"
}

# ---- sctpctl's JSON against its schema -----------------------------------------

# json_schema NAME FILE [NAME FILE]...: each FILE checked as
# json-schema-NAME (NAME picks the schema's definition, see schema.py).
json_schema_run() {
	python3 "$here/schema.py" "$top/tools/sctpctl/sctpctl.schema.json" \
		<"$tmp/schema.list"
}

json_schema() {
	printf '%s %s\n' "$@" >"$tmp/schema.list"
	check_lines json-schema json_schema_run
}

# ---- usage errors ------------------------------------------------------------

# Rejected before the kernel is asked anything, so the same with no module
# (10-usage) and against one (40-table, as fake-NAME): exit 2, one line on
# stderr, nothing on stdout.  bad_inputs PREFIX
bad_inputs() {
	p=$1
	usage "${p}port-0" 'bad port "0": must be 1-65535' add-range 0
	usage "${p}port-65536" 'bad port "65536": must be 1-65535' add-range 65536
	usage "${p}range-start-0" 'bad range "0-5": start port "0": must be 1-65535' add-range 0-5
	usage "${p}range-end-65536" 'bad range "1-65536": end port "65536": must be 1-65535' add-range 1-65536
	usage "${p}range-reversed" 'bad range "5-3": start 5 is after end 3' add-range 5-3
	usage "${p}not-a-number" 'bad port "abc": not a decimal number' add-range abc
	usage "${p}open-end" 'bad range "5000-": missing end port' add-range 5000-
	usage "${p}open-start" 'bad range "-5": missing start port' add-range -5
	usage "${p}three-parts" 'bad range "5000-5100-6000": expected LO-HI or PORT' add-range 5000-5100-6000
	usage "${p}plus-sign" 'bad port "+5000": not a decimal number' add-range +5000
	usage "${p}space-inside" 'bad port " 5000": not a decimal number' add-range ' 5000'
	usage "${p}empty-port" 'bad port "": empty' add-range ''
	usage "${p}leading-zero" 'bad port "05000": leading zeros are not allowed' add-range 05000
	usage "${p}hex" 'bad port "0x1388": not a decimal number' add-range 0x1388
	usage "${p}policy-unknown" 'bad policy "drop": expected discard, abort or count' add-range 5000 policy drop
	usage "${p}policy-prefix" 'bad policy "disc": expected discard, abort or count' add-range 5000 policy disc
	usage "${p}policy-missing" 'add-range: policy needs a value' add-range 5000 policy
	usage "${p}policy-twice" 'add-range: policy given twice' add-range 5000 policy abort policy count
	usage "${p}reserve-twice" 'add-range: reserve given twice' add-range 5000 reserve --reserve
	usage "${p}range-missing" 'add-range: missing LO-HI or PORT' add-range
	usage "${p}extra-argument" 'add-range: unexpected argument "extra"' add-range 5000 policy abort extra
	usage "${p}two-ranges" 'add-range: unexpected argument "6000"' add-range 5000 6000
	usage "${p}replace-reversed" 'bad range "5-3": start 5 is after end 3' replace-range 5-3 policy abort
	usage "${p}del-policy" 'del-range: unexpected argument "policy"' del-range 5000 policy abort
	usage "${p}del-reserve" 'del-range: unexpected argument "reserve"' del-range 5000 reserve
	usage "${p}del-missing" 'del-range: missing LO-HI or PORT' del-range
	usage "${p}del-zero" 'bad port "0": must be 1-65535' del-range 0
	usage "${p}get-missing" 'get: missing PORT' get
	usage "${p}get-0" 'bad port "0": must be 1-65535' get 0
	usage "${p}get-65536" 'bad port "65536": must be 1-65535' get 65536
	usage "${p}get-range" 'bad port "5-6": not a decimal number' get 5-6
	usage "${p}get-extra" 'get: unexpected argument "6"' get 5 6
	usage "${p}reset-reversed" 'bad range "9-1": start 9 is after end 1' reset-counters 9-1
	usage "${p}reset-extra" 'reset-counters: unexpected argument "x"' reset-counters 5 x
	usage "${p}list-extra" 'list: unexpected argument "all"' list all
	usage "${p}list-reset-twice" 'list: unexpected argument "--reset"' list --reset --reset
	usage "${p}flush-extra" 'flush: unexpected argument "now"' flush now
	usage "${p}stats-extra" 'stats: unexpected argument "x"' stats x
	usage "${p}status-extra" 'status: unexpected argument "x"' status x
	usage "${p}save-extra" 'save: unexpected argument "x"' save x
	usage "${p}monitor-extra" 'monitor: unexpected argument "x"' monitor x
	usage "${p}restore-extra" 'restore: unexpected argument "b"' restore a b
	usage "${p}restore-option" 'restore: unknown option "--nope"' restore --nope a
	usage "${p}restore-check-extra" 'restore: unexpected argument "b"' restore --check a b
	usage "${p}doctor-config-missing" 'doctor: --config needs a FILE' doctor --config
	usage "${p}doctor-config-empty" 'doctor: --config needs a FILE' doctor --config=
	usage "${p}doctor-extra" 'doctor: unexpected argument "x"' doctor x
	usage "${p}doctor-config-all" 'doctor: --config works with one namespace, not with -a' -a doctor --config /dev/null
	usage "${p}unknown-command" 'unknown command "frobnicate"' frobnicate
	usage "${p}no-prefix-match" 'unknown command "add"' add 5000
	usage "${p}case-sensitive" 'unknown command "LIST"' LIST
	usage "${p}no-command" 'missing COMMAND' -j
	usage "${p}unknown-option" 'unknown option "-x"' -x list
	usage "${p}unknown-option-cluster" 'unknown option "-x"' -jx list
	usage "${p}unknown-long-option" 'unknown option "--nope"' --nope list
	usage "${p}option-after-command" 'list: unexpected argument "-j"' list -j
	usage "${p}netns-no-name" 'option -n needs a NAME' -n
	usage "${p}netns-long-no-name" 'option --netns needs a NAME' --netns
	usage "${p}netns-empty-name" 'option -n needs a NAME' -n '' list
	usage "${p}batch-no-file" 'option -b needs a FILE' -b
	usage "${p}batch-and-command" '-b takes no command, found "list"' -b /dev/null list
	usage "${p}force-without-batch" '-f works with -b only' -f list
	usage "${p}version-and-command" '-V takes no command, found "list"' -V list
	usage "${p}help-and-command" '-h takes no command, found "list"' -h list
	usage "${p}help-and-batch" '-h takes no command, found "-b"' --help -b /dev/null
	usage "${p}all-netns-add" '-a works with list, stats, save and doctor, not with add-range' -a add-range 5
	usage "${p}all-netns-and-netns" '-a and -n exclude each other' -a -n x list
	usage "${p}all-netns-batch" '-a works with list, stats, save and doctor, not with -b' -a -b /dev/null
	usage "${p}help-unknown" 'help: unknown command "nope"' help nope
}

# mon_start [OPTIONS]: sctpctl OPTIONS monitor in the background, output
# in mon.out; returns once it is subscribed.
mon_start() {
	rm -f "$tmp/mon.out"
	(SC_EXEC=exec; sc "$@" monitor) >"$tmp/mon.out" 2>"$tmp/mon.err" &
	mon_pid=$!
	# Subscribed once a change is seen (no sleep-and-hope).
	wait_for mon_subscribed
}

mon_subscribed() {
	[ -s "$tmp/mon.out" ] || { sc reset-counters 2>/dev/null; false; }
}

# Files several suites read: a table to restore whose ranges collide,
# and one that empties the table.
lines "$tmp/overlap" '# two ranges that collide' 'add-range 100-200' \
	'add-range 150-300 policy abort'
lines "$tmp/flush.restore" flush
