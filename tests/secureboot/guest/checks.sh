#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The checks of one boot of the Secure Boot test host (tests/secureboot/
# run.sh), run by sb-test.service once the system is up.  The stage comes
# from the kernel command line (sbtest.stage=):
#
#   baseline    the packages installed, dkms's key not enrolled, and the
#               fail-safe taken out (no /lib/modprobe.d/sctp-ootb-dkms.conf):
#               what dkms alone leaves on a Secure Boot host
#   unenrolled  the packages as they are, the key still not enrolled; ends
#               with "mokutil --import" of the key, as an operator would
#   enrolled    the key enrolled (MokManager, between the two boots)
#   upgrade-unenrolled, upgrade-enrolled
#               the same two states on the kernel installed after the
#               packages (a kernel upgrade: the newest of the release's
#               backports), booted as grub boots the newest kernel
#
# Each check prints one "ok NAME" / "not ok NAME: expected X, got Y" line
# on the results channel (fd 3, the second serial port) through
# tests/vm/lib.sh; the success token comes last, after every check ran, so
# that a hung or crashed VM can never look like a pass.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

CONF=/etc/sctp-ootb/ranges.conf
UNIT=sctp-ootb.service
MOK=/var/lib/dkms/mok.pub
T_DIR=/run/sb-test/t
. /etc/sb-test.conf	# INSTALL_LOGS, MOK_PASSWORD, DEFAULT_KVER, UPGRADE_KVER

STAGE=$(sed -n 's/.*sbtest\.stage=\([a-z-]*\).*/\1/p' /proc/cmdline)
KVER=$(uname -r)

stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1
T_LIB=/usr/local/lib/sb-test	# lib.sh's check.sh is there
. "$T_LIB/lib.sh"
. "$T_LIB/sysd.sh"

t_say "# stage $STAGE: kernel $KVER"

# ---- helpers ------------------------------------------------------------------

# What makes this host a Secure Boot host in lockdown, whose firmware does
# not (or does) trust dkms's key: every check depends on it, or it proves
# nothing.
secure_boot_on() {
	local sb ld

	sb=$(mokutil --sb-state 2>&1)
	ld=$(cat /sys/kernel/security/lockdown 2>&1)
	echo "mokutil --sb-state: $sb"
	echo "lockdown: $ld"
	echo "sig_enforce: $(cat /sys/module/module/parameters/sig_enforce 2>&1)"
	dmesg | grep -i -E 'secure ?boot|lockdown' | head -n 5
	case $sb in
	*"SecureBoot enabled"*) ;;
	*) fail "mokutil --sb-state: SecureBoot enabled" "'$sb'"; return ;;
	esac
	case $ld in
	*"[integrity]"* | *"[confidentiality]"*) ;;
	*) fail "the kernel locked down" "'$ld'"; return ;;
	esac
}

# key_is enrolled|"not enrolled"
key_is() {
	local out

	out=$(mokutil --test-key "$MOK" 2>&1)
	echo "mokutil --test-key $MOK: $out"
	case $out in
	*"is already enrolled"*) [ "$1" = enrolled ] ;;
	*"is not enrolled"*) [ "$1" = "not enrolled" ] ;;
	*) false ;;
	esac || fail "dkms's key $1" "'$out'"
}

# booted KVER: the kernel the stage is about, not the other one.
booted() {
	[ "$KVER" = "$1" ] || fail "kernel $1" "$KVER"
}

# The kernel SCTP of a host whose firmware does not trust dkms's key: the
# stock sctp.ko and sctp_diag.ko, taken by stock-fallback from where dkms
# left this kernel's, which say what to do in the kernel log, and a kernel
# SCTP client and server over veth.
stock_serves() {
	local lv line

	# sctp.ko was loaded at boot (sctp-ootb.service's modprobe): the stock one.
	[ -d /sys/module/sctp ] || modprobe sctp
	[ -d /sys/module/sctp ] || { fail "sctp loaded" "no /sys/module/sctp"; return; }
	lv=$(cat /sys/module/sctp/version 2>/dev/null)
	echo "loaded sctp: version '$lv', taint '$(cat /sys/module/sctp/taint)'"
	[ -z "$lv" ] || { fail "the stock sctp.ko loaded (no version)" "version '$lv'"; return; }
	dmesg | grep 'sctp-ootb:'
	line=$(dmesg | grep -m 1 "sctp-ootb: .*loaded the distribution's")
	case $line in
	*"/$KVER/"*) ;;
	*) fail "the kernel log to name the stock sctp.ko of $KVER" "'$line'"; return ;;
	esac
	dmesg | grep -q "sctp-ootb: .*mokutil --import $MOK" ||
		{ fail "the kernel log to say 'mokutil --import $MOK'" "$(dmesg | grep -m 1 'sctp-ootb:')"; return; }
	# sctp_diag (ss --sctp) the same way, next to the stock sctp.ko.
	modprobe sctp_diag || { fail "modprobe sctp_diag to succeed" "exit $?"; return; }
	lv=$(cat /sys/module/sctp_diag/version 2>/dev/null)
	[ -d /sys/module/sctp_diag ] && [ -z "$lv" ] ||
		{ fail "the stock sctp_diag.ko loaded" "'$lv'"; return; }
	kernel_sctp 4 5000 5001
}

# The keys the kernel trusts for modules, and where MokList's ended up.
show_keyrings() {
	local k

	for k in .builtin_trusted_keys .secondary_trusted_keys .machine .platform; do
		echo "keyring $k:"
		keyctl show "%:$k" 2>&1 | sed 1d
	done
}

# ---- baseline ---------------------------------------------------------------------

# dkms alone on a Secure Boot host whose firmware does not trust its key:
# modprobe takes updates/dkms/sctp.ko, the kernel refuses it, and (Debian
# 13's dkms archived the stock one) nothing else loads: no kernel SCTP.
check_baseline_refused() {
	local out rc

	secure_boot_on || return
	key_is "not enrolled" || return
	booted "$DEFAULT_KVER" || return
	[ ! -e /lib/modprobe.d/sctp-ootb-dkms.conf ] ||
		{ fail "the fail-safe taken out for the baseline" "/lib/modprobe.d/sctp-ootb-dkms.conf there"; return; }
	echo "modprobe picks: $(modinfo -F filename sctp)"
	ls -l "/lib/modules/$KVER/kernel/net/sctp/" 2>&1
	out=$(modprobe sctp 2>&1)
	rc=$?
	echo "modprobe sctp: exit $rc: $out"
	dmesg | grep -i -E 'sctp|module.*(key|reject|sign)' | tail -n 5
	[ "$rc" != 0 ] || { fail "modprobe sctp refused" "exit 0"; return; }
	[ ! -d /sys/module/sctp ] ||
		{ fail "no sctp module loaded" "$(cat /sys/module/sctp/version 2>/dev/null || echo stock) loaded"; return; }
	out=$(sctp_test -H 127.0.0.1 -P 5000 -l 2>&1 & p=$!; sleep 2; kill $p 2>/dev/null)
	echo "sctp_test -l: $out"
	echo "$out" | grep -q 'failed to create socket: .*not supported' ||
		{ fail "kernel SCTP unavailable (socket(..., IPPROTO_SCTP) not supported)" "'$(echo "$out" | grep -m 1 socket)'"; return; }
}

# ---- unenrolled -------------------------------------------------------------------

check_unenrolled_safe() {
	secure_boot_on || return
	key_is "not enrolled" || return
	booted "$DEFAULT_KVER" || return
	[ -e /lib/modprobe.d/sctp-ootb-dkms.conf ] ||
		{ fail "/lib/modprobe.d/sctp-ootb-dkms.conf installed" "none"; return; }
	# The packages' configuration said what to do.
	echo "dpkg -i in the image: exit $(cat "$INSTALL_LOGS/pkg-installs.rc")"
	grep 'sctp-ootb:\|^  [0-9]\.' "$INSTALL_LOGS/pkg-installs.log"
	grep -q "mokutil --import $MOK" "$INSTALL_LOGS/pkg-installs.log" ||
		{ fail "the package's configuration to say 'mokutil --import $MOK'" "no such line"; return; }
	stock_serves
}

# A kernel installed after the packages, the key still not enrolled: its
# installation built ours for it (the kernel's hooks, dkms), signed with
# dkms's key, and said what to do; booted, it refuses ours and the stock
# module of that kernel serves.
check_upgrade_unenrolled_safe() {
	local st f signer cn

	secure_boot_on || return
	key_is "not enrolled" || return
	booted "$UPGRADE_KVER" || return
	echo "kernel upgrade in the image: exit $(cat "$INSTALL_LOGS/kernel-upgrade.rc")"
	grep 'sctp-ootb:\|^  [0-9]\.\|^Setting up linux-\(image\|headers\)' "$INSTALL_LOGS/kernel-upgrade.log"
	grep -q "mokutil --import $MOK" "$INSTALL_LOGS/kernel-upgrade.log" ||
		{ fail "the kernel's installation to say 'mokutil --import $MOK'" "no such line"; return; }
	st=$(dkms status -m sctp-ootb -k "$KVER" 2>&1)
	echo "dkms status -k $KVER: $st"
	case $st in
	*": installed"*) ;;
	*) fail "sctp-ootb installed by dkms for $KVER" "'$st'"; return ;;
	esac
	ls -l "/lib/modules/$KVER/kernel/net/sctp/" "/var/lib/dkms/sctp-ootb/original_module/$KVER/"* 2>&1
	f=$(modinfo -F filename sctp)
	case $f in
	"/lib/modules/$KVER/updates/dkms/"*) ;;
	*) fail "modprobe to pick updates/dkms/sctp.ko of $KVER" "'$f'"; return ;;
	esac
	signer=$(modinfo -F signer sctp)
	cn=$(openssl x509 -inform DER -in "$MOK" -noout -subject -nameopt multiline |
		sed -n 's/^ *commonName *= *//p')
	echo "$f: signer '$signer', version '$(modinfo -F version sctp)'; $MOK: '$cn'"
	[ -n "$signer" ] && [ "$signer" = "$cn" ] ||
		{ fail "$f signed with $MOK ('$cn')" "signer '$signer'"; return; }
	stock_serves
}

check_doctor_names_key() {
	doctor_finds "the fix" "mokutil --import $MOK" &&
		doctor_finds "the key not enrolled" "not enrolled"
}

# The operator's step: MokNew for shim, which starts MokManager at the next
# boot (run.sh drives it on the console).
enrol_request() {
	local h=/run/sb-test/mok.hash

	mokutil --generate-hash="$MOK_PASSWORD" >"$h" &&
		mokutil --import "$MOK" --hash-file "$h" &&
		mokutil --list-new | grep -E 'Subject:|Issuer:'
}

# ---- enrolled ---------------------------------------------------------------------

# The patched module on the running kernel, under lockdown, with the key
# enrolled: the ranges in force, a usrsctp association survives.
patched_loads() {
	local v signer

	secure_boot_on || return
	key_is enrolled || return
	show_keyrings
	v=$(cat /sys/module/sctp/version 2>/dev/null)
	echo "loaded sctp: version '$v', from $(modinfo -F filename sctp), signer '$(modinfo -F signer sctp)'"
	case $v in ootb.*) ;; *) fail "the patched sctp.ko loaded (ootb.*)" "'$v'"; return ;; esac
	# The kernel took the key from MokList into .machine (which
	# .secondary_trusted_keys links): what it checks modules against.
	signer=$(modinfo -F signer sctp)
	keyctl show %:.machine | grep -q "asymmetric: $signer:" ||
		{ fail "the signer '$signer' in the .machine keyring" "$(keyctl show %:.machine | sed 1d | tr -s ' ' | tr '\n' ';')"; return; }
	[ -d /sys/module/sctp_ootb ] || { fail "sctp_ootb loaded" "not loaded"; return; }
	! dmesg | grep -q 'sctp-ootb: the patched' ||
		{ fail "no fallback" "$(dmesg | grep -m 1 'sctp-ootb: the patched')"; return; }
	sctpctl status || { fail "sctpctl status: sctp_ootb loaded and hooked" "exit $?"; return; }
	[ "$(unit_prop "$UNIT" ActiveState)" = active ] ||
		{ fail "$UNIT active" "$(unit_prop "$UNIT" ActiveState)"; return; }
	[ "$(sctpctl save | ranges_of)" = "$(ranges_of "$CONF")" ] ||
		{ fail "the ranges of $CONF in force" "$(sctpctl save | ranges_of | tr '\n' ' ')"; return; }
	sysd_echo_survives
}

check_enrolled_loads() {
	booted "$DEFAULT_KVER" && patched_loads
}

# The same on the upgrade's kernel, with nothing done since its
# installation but the key's enrolment.
check_upgrade_enrolled_loads() {
	booted "$UPGRADE_KVER" && patched_loads
}

# ---- the stage -------------------------------------------------------------------

t_say "# failed units: $(systemctl --failed --plain --no-legend | awk '{ print $1 }' | tr '\n' ' ')"

case $STAGE in
baseline)
	check sb-baseline-refused check_baseline_refused
	;;
unenrolled)
	check sb-unenrolled-safe check_unenrolled_safe
	check sb-doctor check_doctor_names_key
	check sb-enrol-request enrol_request
	;;
enrolled)
	check sb-enrolled-loads check_enrolled_loads
	;;
upgrade-unenrolled)
	check sb-upgrade-unenrolled-safe check_upgrade_unenrolled_safe
	;;
upgrade-enrolled)
	check sb-upgrade-enrolled-loads check_upgrade_enrolled_loads
	;;
*)
	t_result "not ok stage: expected sbtest.stage=baseline|unenrolled|enrolled|upgrade-unenrolled|upgrade-enrolled, got '$STAGE'"
	;;
esac

sysd_logs >/dev/console 2>&1

passed=$(grep -c '^ok ' "$T_RESULTS" 2>/dev/null)
failed=$(grep -c '^not ok ' "$T_RESULTS" 2>/dev/null)
t_say "# stage $STAGE: ${passed:-0} passed, ${failed:-0} failed"
printf 'SBTEST-TOKEN %s %s %s\n' "$STAGE" "${passed:-0}" "${failed:-0}" >&3
sync
systemctl --force --force poweroff
