#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The checks of one boot of the systemd test host (tests/system/run.sh),
# run by ootb-systemtest.service once the system is up.  The stage comes
# from the kernel command line (ootbsys.stage=):
#
#   installed     the packages installed (dpkg -i in the image, on the host)
#   upgraded      the same, booted on the kernel installed after them
#   distupgraded  the host upgraded to Debian 13 (apt full-upgrade), booted
#                 on the kernel that the upgrade brought
#   backports     the newest kernel of trixie-backports installed after that
#   purged        sctp-ootb-dkms purged again (sctpctl still installed)
#
# Each check prints one "ok NAME" / "not ok NAME: expected X, got Y" line
# on the results channel (fd 3, the second serial port) through
# tests/lib/check.sh; the success token comes last, after every check ran,
# so that a hung or crashed VM can never look like a pass.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

CONF=/etc/sctp-ootb/ranges.conf
NETNS_CONF=/etc/sctp-ootb/netns
UNIT=sctp-ootb.service
T_DIR=/run/ootb-test/t
SAVED=/run/ootb-test/saved	# /etc/sctp-ootb as it was before the checks
. /etc/ootb-test.conf	# UPGRADE_KVER, NEXT_SUITE, TRIXIE_KVER, BACKPORTS_KVER,
			# INSTALL_LOGS

STAGE=$(sed -n 's/.*ootbsys\.stage=\([a-z]*\).*/\1/p' /proc/cmdline)
KVER=$(uname -r)

stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1
T_LIB=/usr/local/lib/ootb-test
. "$T_LIB/lib.sh"
. "$T_LIB/sysd.sh"

t_say "# stage $STAGE: kernel $KVER"

# ---- helpers ------------------------------------------------------------------

# table NETNS: the ranges in force in NETNS ("" for this one).
table() {
	sctpctl ${1:+-n "$1"} save | ranges_of
}

# table_is CONFIG [NETNS]: are the ranges of CONFIG exactly those in force?
table_is() {
	local want have

	want=$(ranges_of "$1")
	have=$(table "${2:-}") || { fail "the table of ${2:-the host}" "sctpctl save failing"; return; }
	[ "$have" = "$want" ] ||
		{ fail "the ranges of $1 in force ($(echo $want))" "$(echo $have)"; return; }
}

# unit_is UNIT STATE: the unit's ActiveState is STATE, or the check fails.
unit_is() {
	local st

	st=$(unit_prop "$1" ActiveState)
	[ "$st" = "$2" ] || fail "$1 $2" "$st"
}

# run NAME FUNCTION: check NAME FUNCTION, then the config files and the
# tables as they were, whatever the check did or left undone.
run() {
	check "$@"
	rm -rf /etc/sctp-ootb
	cp -a "$SAVED" /etc/sctp-ootb
	[ "$STAGE" != purged ] || return 0
	systemctl is-active -q "$UNIT" && [ "$(table "")" = "$(ranges_of "$CONF")" ] ||
		unit_restart "$UNIT"
	[ "$(table peer)" = "$(ranges_of "$NETNS_CONF/peer.conf")" ] ||
		unit_restart sctp-ootb@peer.service
}

unit_restart() {
	systemctl reset-failed "$1" 2>/dev/null
	systemctl restart "$1" >/dev/null 2>&1
}

# ---- installed and upgraded ----------------------------------------------------

# dkms_installed: sctp-ootb installed by dkms for the running kernel.
dkms_installed() {
	local st

	st=$(dkms status -m sctp-ootb -k "$KVER")
	echo "dkms status: $st"
	case $st in
	*": installed"*) ;;
	*) fail "dkms status: installed for $KVER" "'$st'" ;;
	esac
}

# packages_built MODULE...: both packages installed (ii), sctp-ootb
# installed by dkms for this kernel, and each MODULE.ko in its updates/dkms.
packages_built() {
	local p st

	for p in sctp-ootb-dkms sctpctl; do
		st=$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null)
		[ "$st" = "ii " ] || { fail "$p installed (ii)" "'$st'"; return; }
	done
	dkms_installed || return
	for p; do
		ls /lib/modules/"$KVER"/updates/dkms/"$p".ko* >/dev/null 2>&1 ||
			{ fail "$p.ko in /lib/modules/$KVER/updates/dkms" "none"; return; }
	done
}

# The dpkg -i that run.sh did in the image, and what it left for this kernel.
check_pkg_installs() {
	local rc

	rc=$(cat "$INSTALL_LOGS/pkg-installs.rc")
	echo "dpkg -i in the image: exit $rc"
	tail -n 20 "$INSTALL_LOGS/pkg-installs.log"
	[ "$rc" = 0 ] || { fail "dpkg -i of both packages to succeed" "exit $rc"; return; }
	packages_built sctp sctp_diag sctp_ootb
}

# Is the sctp.ko that modprobe picks, and the one loaded, ours, with the
# companion hooked?  Also the probe of the baseline on a stock boot.
patched_probe() {
	local v f lv dv

	v=$(modinfo -F version sctp 2>/dev/null)
	f=$(modinfo -F filename sctp 2>/dev/null)
	lv=$(cat /sys/module/sctp/version 2>/dev/null)
	dv=$(modinfo -F version sctp_diag 2>/dev/null)
	echo "modinfo sctp: $f, version '$v', source '$(modinfo -F ootb_source sctp 2>/dev/null)'"
	echo "loaded sctp: version '$lv'; sctp_diag: version '$dv'"
	case $v in ootb.*) ;; *) fail "modinfo -F version sctp: ootb.*" "'$v'"; return ;; esac
	case $f in
	/lib/modules/$KVER/updates/dkms/sctp.ko*) ;;
	*) fail "sctp.ko from /lib/modules/$KVER/updates/dkms" "$f"; return ;;
	esac
	case $lv in ootb.*) ;; *) fail "the loaded sctp.ko to be ours (ootb.*)" "'$lv'"; return ;; esac
	case $dv in ootb.*) ;; *) fail "modinfo -F version sctp_diag: ootb.*" "'$dv'"; return ;; esac
	sctpctl status || { fail "sctpctl status: sctp_ootb loaded and hooked" "exit $?"; return; }
}

# The ranges of /etc were in force before the usrsctp echo_server, started
# by a unit after network-pre.target, took an association from the peer.
check_boot_restores() {
	local t0 t1

	unit_is "$UNIT" active || return
	table_is "$CONF" || return
	echo "in force when echo_server started:"
	cat /run/ootb-test/ranges-at-echo-start
	[ "$(ranges_of /run/ootb-test/ranges-at-echo-start)" = "$(ranges_of "$CONF")" ] ||
		{ fail "the ranges of $CONF in force when ootb-echo.service started" "$(ranges_of /run/ootb-test/ranges-at-echo-start | tr '\n' ' ')"; return; }
	t0=$(unit_prop "$UNIT" ActiveEnterTimestampMonotonic)
	t1=$(unit_prop ootb-echo.service ExecMainStartTimestampMonotonic)
	echo "$UNIT active at ${t0}us, echo_server started at ${t1}us"
	[ "$t0" -gt 0 ] && [ "$t1" -gt "$t0" ] ||
		{ fail "$UNIT active before echo_server started" "$t0 / $t1"; return; }
	sysd_echo_survives
}

# Any load of sctp.ko brings sctp_ootb (softdep), and the unit's restore
# works when sctp.ko was loaded before it (ootb-preload.service did that).
check_softdep() {
	cat /run/ootb-test/preload
	grep -q '^modprobe sctp: exit 0$' /run/ootb-test/preload ||
		{ fail "modprobe sctp before $UNIT to succeed" "$(head -n 1 /run/ootb-test/preload)"; return; }
	grep -q '^sctp_ootb: loaded$' /run/ootb-test/preload ||
		{ fail "sctp_ootb loaded with sctp.ko" "$(tail -n 1 /run/ootb-test/preload)"; return; }
	unit_is "$UNIT" active || return
	table_is "$CONF"
}

# reload_applies UNIT FILE LINE [NETNS]: LINE added to FILE, then FILE as
# it was: after each systemctl reload of UNIT, the ranges of FILE in force.
reload_applies() {
	echo "$3" >>"$2"
	systemctl reload "$1" || { fail "systemctl reload $1 to succeed" "exit $?"; return; }
	table_is "$2" "${4:-}" || return
	cp "$SAVED/${2#/etc/sctp-ootb/}" "$2"
	systemctl reload "$1" || { fail "the second reload of $1 to succeed" "exit $?"; return; }
	table_is "$2" "${4:-}"
}

check_reload_applies() {
	reload_applies "$UNIT" "$CONF" "add-range 9000-9010 policy count" &&
		unit_is "$UNIT" active
}

check_stop_keeps() {
	local before after

	before=$(table "")
	systemctl stop "$UNIT" || { fail "systemctl stop to succeed" "exit $?"; return; }
	after=$(table "")
	[ "$after" = "$before" ] ||
		{ fail "the table unchanged by stop ($(echo $before))" "$(echo $after)"; return; }
	systemctl start "$UNIT" || { fail "systemctl start to succeed" "exit $?"; return; }
	table_is "$CONF"
}

check_netns_template() {
	unit_is sctp-ootb@peer.service active || return
	table_is "$NETNS_CONF/peer.conf" peer || return
	table_is "$CONF" || return
	# One more namespace, made at run time.
	ip netns add other || return
	echo "add-range 4000-4010 policy count" >"$NETNS_CONF/other.conf"
	systemctl start sctp-ootb@other.service ||
		{ fail "systemctl start sctp-ootb@other to succeed" "exit $?"; ip netns del other; return; }
	table_is "$NETNS_CONF/other.conf" other || { ip netns del other; return; }
	table_is "$NETNS_CONF/peer.conf" peer || { ip netns del other; return; }
	systemctl stop sctp-ootb@other.service
	ip netns del other
	# reload of an instance applies its own file.
	reload_applies sctp-ootb@peer.service "$NETNS_CONF/peer.conf" "add-range 6500" peer
}

# A file with a bad line: the table in force stays exactly as it was
# (counters included), the unit fails, systemctl status says FILE:LINE.
bad_config() {
	local bad=$1 lineno=$2 before after st

	before=$(sctpctl list)
	echo "table before:"
	echo "$before"
	cp "$bad" "$CONF"
	! systemctl reload "$UNIT" || { fail "systemctl reload to fail" "exit 0"; return; }
	after=$(sctpctl list)
	[ "$after" = "$before" ] ||
		{ fail "the table unchanged by the failed reload" "$(echo $after)"; return; }
	! systemctl restart "$UNIT" || { fail "systemctl restart to fail" "exit 0"; return; }
	unit_is "$UNIT" failed || return
	st=$(systemctl status --no-pager -l -n 30 "$UNIT" 2>&1)
	echo "$st"
	echo "$st" | grep -q -F "$CONF:$lineno" ||
		{ fail "'$CONF:$lineno' in systemctl status" "$(echo "$st" | grep -m 1 sctpctl)"; return; }
	after=$(sctpctl list)
	[ "$after" = "$before" ] ||
		{ fail "the table unchanged by the failed restart" "$(echo $after)"; return; }
	cp "$SAVED/ranges.conf" "$CONF"
	systemctl restart "$UNIT" || { fail "restart with the good file" "exit $?"; return; }
	table_is "$CONF"
}

check_bad_config() {
	local f=/run/ootb-test/bad.conf

	# A line sctpctl refuses (port out of range) ...
	{ echo "# line 1"; echo "add-range 7"; echo "add-range 70000"; echo "add-range 5000-5100"; } >"$f"
	bad_config "$f" 3 || return
	# ... and one the kernel refuses (a partial overlap).
	{ echo "# line 1"; echo "add-range 7"; echo "add-range 5000-5100"; echo "add-range 5090-5200"; } >"$f"
	bad_config "$f" 4
}

# On this host, in the peer and in every namespace.
check_doctor_clean() {
	local o rc

	for o in "" "-n peer" "-a"; do
		sctpctl $o doctor
		rc=$?
		[ "$rc" = 0 ] || { fail "sctpctl ${o:+$o }doctor to exit 0" "exit $rc"; return; }
	done
}

check_doctor_finds_drift() {
	echo "add-range 9100-9110" >>"$CONF"
	doctor_finds "the config file edited and not applied" "$CONF" || return
	cp "$SAVED/ranges.conf" "$CONF"
	sctpctl doctor >/dev/null ||
		{ fail "sctpctl doctor to pass again with the file put back" "exit $?"; return; }
}

# installed_by NAME KVER: the boot is on KVER, which the host's step NAME
# (run.sh) installed, its patched modules built then, and it boots with
# them and the ranges in force, nobody having done anything.
installed_by() {
	local rc

	[ "$KVER" = "$2" ] || { fail "the boot on $2" "$KVER"; return; }
	rc=$(cat "$INSTALL_LOGS/$1.rc")
	echo "$1 in the image: exit $rc"
	grep 'sctp-ootb' "$INSTALL_LOGS/$1.log"
	[ "$rc" = 0 ] || { fail "$1 to succeed" "exit $rc"; return; }
	grep -q "sctp-ootb: installed for kernel $KVER" "$INSTALL_LOGS/$1.log" ||
		{ fail "sctp-ootb built for $KVER during $1" "no such line in its log"; return; }
	dkms_installed || return
	patched_probe || return
	unit_is "$UNIT" active || return
	table_is "$CONF"
}

# The host upgraded from Debian 12 to 13 with the packages installed: on
# the kernel that the upgrade brought, the patched module and the same
# ranges, and doctor finds nothing, with no step taken by anyone.
check_dist_upgrade() {
	grep -q "^VERSION_CODENAME=$NEXT_SUITE\$" /etc/os-release ||
		{ fail "$NEXT_SUITE in /etc/os-release" "$(grep CODENAME /etc/os-release)"; return; }
	installed_by dist-upgrade "$TRIXIE_KVER" || return
	sctpctl doctor || fail "sctpctl doctor to exit 0" "exit $?"
}

# On Debian 13, the packages are configured and trixie's dkms (3.2) built
# sctp-ootb for this kernel, archiving the stock sctp.ko and sctp_diag.ko
# that the patched ones replace (what purging puts back).
check_trixie_pkg_installs() {
	local p v a

	v=$(dkms --version)
	echo "dkms: $v; $(dkms status -m sctp-ootb -k "$KVER")"
	case $v in
	dkms-3.[2-9]* | dkms-[4-9].*) ;;
	*) fail "trixie's dkms, 3.2 or later" "'$v'"; return ;;
	esac
	packages_built sctp sctp_diag || return
	for p in sctp sctp_diag; do
		a=$(ls /var/lib/dkms/sctp-ootb/original_module/"$KVER"/*/"$p".ko* 2>/dev/null)
		echo "archived $p.ko: ${a:-none}"
		[ -n "$a" ] || { fail "the stock $p.ko archived by dkms" "none"; return; }
		! ls /lib/modules/"$KVER"/kernel/net/sctp/"$p".ko* >/dev/null 2>&1 ||
			{ fail "the stock $p.ko moved out of kernel/net/sctp" "it still there"; return; }
	done
}

# ---- claims: a usrsctp program nobody configured for ----------------------------

# usctp's server in the peer's namespace on CLAIM_PORT, which no range of
# ranges.conf or peer.conf covers; its client here on a port of usrsctp's
# choice (49152-65535: no range there either).
CLAIM_PORT=5400

# covers NETNS PORT: does a range in force in NETNS ("" for this one)
# cover PORT?
covers() {
	table "$1" | awk -v p="$2" '{ split($1, r, "-") }
		r[1] + 0 <= p + 0 && p + 0 <= r[2] + 0 { f = 1 } END { exit !f }'
}

# one LINES: LINES on one line, for a check's result.
one() {
	echo "$1" | tr '\n' '|' | sed 's/|$//'
}

# claims NETNS: the claims in NETNS ("" for this one), as sctpctl list
# shows them.
claims() {
	sctpctl ${1:+-n "$1"} list | grep ' owned '
}

no_claims() {
	[ -z "$(claims "$1")" ]
}

# The client's local port: the source of the first packet it sent.
client_port() {
	cap_from "$HOST4" |
		sed -n "s/^IP $(re_addr "$HOST4")\.\([0-9]*\) > $(re_addr "$PEER4")\.$CLAIM_PORT:.*/\1/p" |
		head -n 1
}

# owner_comm LINES: the command, in /proc, of the pid the claims LINES are
# listed with (nothing unless there is exactly one): read while they run.
owner_comm() {
	local pid

	[ -n "$1" ] && [ "$(echo "$1" | wc -l)" = 1 ] || return 0
	pid=$(echo "$1" | sed -n 's/.* owned pid \([0-9]*\) .*/\1/p')
	[ -n "$pid" ] && cat "/proc/$pid/comm" 2>/dev/null
}

# claim_by LINE PORT COMM: is LINE the claim of PORT alone, listed with
# its owner, a usctp process (whose command in /proc was COMM)?
claim_by() {
	[ "$(echo "$1" | wc -l)" = 1 ] &&
	echo "$1" | grep -q -E "^$2-$2 [a-z]+ matched [0-9]+ (reserved )?owned pid [0-9]+ comm usctp portid [0-9]+\$" &&
		[ "$3" = usctp ]
}

# aborted_from PCAP ADDR: does the capture PCAP, as written so far, hold an
# ABORT from ADDR?
aborted_from() {
	tcpdump -nn -r "$1" "sctp and src host $2" 2>/dev/null | grep -q '\[ABORT\]'
}

# The problem first: usctp's server in the peer, its client here, both as
# they come, with the packages installed and nothing configured for them:
# the client is refused and the host's kernel ABORTs its association (the
# INIT ACK to its port is out of the blue here).  The peer's kernel, with
# nothing configured there either, answers the INIT with an ABORT of its
# own; when that one comes first the client gives up at once, while the
# server's INIT ACK and the host's ABORT of it are still on their way:
# the capture waits (5 s at most) for the host's ABORT.
check_claim_auto_baseline() {
	local w rc cport

	w=$(t_workdir)
	no_claims "" && no_claims peer ||
		{ fail "no claim in either namespace" "$(one "$(claims ""; claims peer)")"; return; }
	! covers peer "$CLAIM_PORT" ||
		{ fail "no range of the peer covering $CLAIM_PORT" "$(table peer | tr '\n' ' ')"; return; }
	usrsctp_server peer 4 "$CLAIM_PORT" || return
	cap_start || return
	usctp client -a "$PEER4" -p "$CLAIM_PORT" -n 20 -t 20 >"$w/client.log" 2>&1
	rc=$?
	wait_until 5 aborted_from "$w/cap.pcap" "$HOST4"
	cap_stop
	cport=$(client_port)
	echo "usctp client exit status $rc, local port ${cport:-unknown}:"
	cat "$w/client.log"
	echo "ABORT from $HOST4: $(cap_aborts_from "$HOST4"), from $PEER4: $(cap_aborts_from "$PEER4")"
	[ "$rc" != 0 ] ||
		{ fail "the usctp client refused" "it came up: $(tail -n 1 "$w/client.log")"; return; }
	[ -n "$cport" ] ||
		{ fail "the client's INIT in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
	! covers "" "$cport" ||
		{ fail "no range here covering the client's port $cport" "$(table "" | tr '\n' ' ')"; return; }
	[ "$(cap_aborts_from "$HOST4")" -gt 0 ] ||
		{ fail "an ABORT from $HOST4 in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
}

# The same two programs, each under sctpctl run --auto (the server's with
# -n peer: it runs and claims in that namespace), nothing else configured:
# each claims its own port while it runs, listed with its owner, the
# association is up, every message echoed, no ABORT, no claim left after.
check_claim_auto_installed() {
	local w rc run_pid sline scomm cline ccomm cport left n=300

	w=$(t_workdir)
	bg_start "$w/server.log" sctpctl -n peer run --auto -- \
		usctp server -a "$PEER4" -p "$CLAIM_PORT" -t 600
	run_pid=${T_BG_PIDS##* }
	wait_until 30 file_has "$w/server.log" "listening on" ||
		{ cat "$w/server.log"; fail "the server listening" "nothing"; return; }
	sline=$(claims peer)
	scomm=$(owner_comm "$sline")
	echo "the peer's claims while the server runs: $sline (pid of ${scomm:-nothing})"
	cap_start || return
	(sctpctl run --auto -- usctp client -a "$PEER4" -p "$CLAIM_PORT" \
		-n "$n" -t 120 >"$w/client.log" 2>&1; echo $? >"$w/client.rc") 3>&- &
	T_BG_PIDS="$T_BG_PIDS $!"
	wait_until 60 file_has "$w/client.log" "associated," ||
		{ cat "$w/client.log"; fail "the client associated" "nothing"; return; }
	cline=$(claims "")
	ccomm=$(owner_comm "$cline")
	echo "the claims here while the client runs: $cline (pid of ${ccomm:-nothing})"
	wait_until 150 test -s "$w/client.rc"
	rc=$(cat "$w/client.rc" 2>/dev/null)
	cap_stop
	echo "client exit status ${rc:-none}:"
	cat "$w/client.log"
	cport=$(client_port)
	wait_until 5 no_claims ""
	left=$(claims "")
	echo "client's port $cport; claims here after it: ${left:-none}"
	kill_tree "$run_pid"
	wait "$run_pid" 2>/dev/null
	wait_until 5 no_claims peer
	echo "the peer's claims after the server: $(claims peer)"
	claim_by "$sline" "$CLAIM_PORT" "$scomm" ||
		{ fail "the peer's one claim $CLAIM_PORT-$CLAIM_PORT by usctp, listed with its pid" "'$(one "$sline")'"; return; }
	[ -n "$cport" ] ||
		{ fail "the client's INIT in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
	claim_by "$cline" "$cport" "$ccomm" ||
		{ fail "the one claim here $cport-$cport by usctp, listed with its pid" "'$(one "$cline")'"; return; }
	[ "$rc" = 0 ] && grep -q "OK $n/$n " "$w/client.log" ||
		{ fail "$n messages echoed intact" "'$(tail -n 1 "$w/client.log")'"; return; }
	[ "$(cap_aborts)" = 0 ] ||
		{ fail "no ABORT in the capture" "$(cap_aborts): $(grep -m 1 ABORT "$w/cap.txt")"; return; }
	[ -z "$left" ] ||
		{ fail "no claim left here after the client" "'$(one "$left")'"; return; }
	no_claims peer ||
		{ fail "no claim left in the peer after the server" "'$(one "$(claims peer)")'"; return; }
}

# ---- purged -----------------------------------------------------------------------

# stock_loaded: modprobe sctp loads the running kernel's own sctp.ko, the
# stock one (no version).
stock_loaded() {
	local f

	/sbin/modprobe sctp || { fail "modprobe sctp to succeed" "exit $?"; return; }
	[ -d /sys/module/sctp ] || { fail "sctp loaded" "no /sys/module/sctp"; return; }
	[ ! -e /sys/module/sctp/version ] ||
		{ fail "the loaded sctp.ko to be the stock one (no version)" "$(cat /sys/module/sctp/version)"; return; }
	f=$(modinfo -F filename sctp)
	echo "modprobe sctp picks $f"
	case $f in
	/lib/modules/$KVER/kernel/net/sctp/sctp.ko*) ;;
	*) fail "modprobe sctp to pick the stock sctp.ko of $KVER" "$f" ;;
	esac
}

check_purge_restores_stock() {
	local st f k v

	st=$(dpkg-query -W -f '${db:Status-Abbrev}' sctp-ootb-dkms 2>/dev/null)
	echo "sctp-ootb-dkms: '$st'"
	case $st in
	"" | "un "* | "pn "*) ;;
	*) fail "sctp-ootb-dkms purged" "'$st'"; return ;;
	esac
	f=$(ls /lib/modules/*/updates/dkms/sctp* /usr/src/sctp-ootb-* 2>/dev/null)
	[ -z "$f" ] || { fail "no module or source left" "$f"; return; }
	stock_loaded || return
	for k in $(ls /boot | sed -n 's/^vmlinuz-//p'); do
		f=$(modinfo -k "$k" -F filename sctp)
		v=$(modinfo -k "$k" -F version sctp)
		echo "$k: modprobe sctp picks $f, version '$v'"
		case $f in
		/lib/modules/$k/kernel/net/sctp/sctp.ko*) ;;
		*) fail "the stock sctp.ko for $k" "$f"; return ;;
		esac
		[ -z "$v" ] || { fail "no version for $k's sctp.ko" "'$v'"; return; }
	done
}

# What dkms archived on Debian 13 is back where the kernel's package put
# it, as that package shipped it (dpkg --verify), and it is what modprobe
# sctp loads.
check_trixie_purge_restores_stock() {
	local k m f pkg bad

	[ ! -e /var/lib/dkms/sctp-ootb ] ||
		{ fail "dkms's state of sctp-ootb gone" "$(ls -d /var/lib/dkms/sctp-ootb/*)"; return; }
	for k in "$TRIXIE_KVER" "$BACKPORTS_KVER"; do
		for m in sctp sctp_diag; do
			f=$(ls /lib/modules/"$k"/kernel/net/sctp/"$m".ko* 2>/dev/null)
			[ -n "$f" ] || { fail "the stock $m.ko of $k back" "none"; return; }
			# Debian 13's kernel packages name it under /usr.
			pkg=$({ dpkg -S "$f" || dpkg -S "/usr$f"; } 2>/dev/null | cut -d: -f1)
			bad=$(dpkg -V "$pkg" 2>&1 | grep -F "$f")
			echo "$f: from ${pkg:-no package}${bad:+, dpkg -V: $bad}"
			[ -n "$pkg" ] && [ -z "$bad" ] ||
				{ fail "$f as the kernel's package shipped it" "'${pkg:-no owner}' '$bad'"; return; }
		done
	done
	stock_loaded
}

check_baseline_boot_patched() {
	! patched_probe ||
		{ fail "the boot-patched probe to fail on the stock module" "it passed"; return; }
	echo "the probe fails as it must: $T_WHY"
	T_WHY=
}

# The field failure on this host with the stock sctp.ko: the association to
# the echo_server started at boot is refused, the host's kernel sends ABORT.
check_baseline_boot_restores() {
	wait_until 20 systemctl is-active -q ootb-echo.service ||
		{ fail "ootb-echo.service active" "$(unit_prop ootb-echo.service ActiveState)"; return; }
	cap_start || return
	usrsctp_client peer 4 7 6101 5
	rc=$?
	cap_stop
	[ "$rc" != 0 ] || { fail "the association refused" "it came up: $(client_line)"; return; }
	[ "$(cap_aborts_from "$HOST4")" -gt 0 ] ||
		{ fail "an ABORT from $HOST4 in the capture" "none in $(cap_lines | wc -l) SCTP packets"; return; }
}

check_doctor_finds_stock() {
	[ -d /sys/module/sctp ] || /sbin/modprobe sctp
	doctor_finds "the stock sctp.ko is loaded" "stock sctp.ko is loaded"
}

# ---- the stage ---------------------------------------------------------------

# This unit runs after multi-user.target (and is part of the boot: waiting
# for the boot to finish would wait for ourselves).
t_say "# failed units: $(systemctl --failed --plain --no-legend | awk '{ print $1 }' | tr '\n' ' ')"
rm -rf "$SAVED"
mkdir -p /run/ootb-test
cp -a /etc/sctp-ootb "$SAVED"

case $STAGE in
distupgraded | backports)
	if [ "$STAGE" = distupgraded ]; then
		run dist-upgrade-restores check_dist_upgrade
		run trixie-pkg-installs check_trixie_pkg_installs
	else
		run trixie-kernel-upgrade installed_by backports-kernel "$BACKPORTS_KVER"
	fi
	run boot-patched patched_probe
	run trixie-boot-restores check_boot_restores
	run doctor-clean check_doctor_clean
	;;
installed | upgraded)
	[ "$STAGE" = upgraded ] && run kernel-upgrade installed_by kernel-upgrade "$UPGRADE_KVER"
	run pkg-installs check_pkg_installs
	run boot-patched patched_probe
	run boot-restores check_boot_restores
	grep -q 'ootbsys.preload=1' /proc/cmdline && run softdep-loads-companion check_softdep
	run doctor-clean check_doctor_clean
	run doctor-finds check_doctor_finds_drift
	run reload-applies check_reload_applies
	run stop-keeps check_stop_keeps
	run netns-template check_netns_template
	run bad-config check_bad_config
	if [ "$STAGE" = installed ]; then
		run claim-auto-baseline check_claim_auto_baseline
		run claim-auto-installed check_claim_auto_installed
	fi
	;;
purged)
	run purge-restores-stock check_purge_restores_stock
	run trixie-purge-restores-stock check_trixie_purge_restores_stock
	run baseline-boot-patched check_baseline_boot_patched
	run baseline-boot-restores check_baseline_boot_restores
	run doctor-finds check_doctor_finds_stock
	;;
*)
	result "not ok stage: expected ootbsys.stage=installed|upgraded|distupgraded|backports|purged, got '$STAGE'"
	;;
esac

sysd_logs >/dev/console 2>&1

t_say "# stage $STAGE: $(check_summary)"
check_token "$STAGE"
sync
systemctl --force --force poweroff
