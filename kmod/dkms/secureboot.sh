# SPDX-License-Identifier: GPL-2.0
#
# Does a kernel load only modules signed by a key it trusts, and is dkms's
# signing key one of those?  Sourced (POSIX sh) by signing-notice and
# stock-fallback, installed as /usr/lib/sctp-ootb/secureboot.sh.
#
# What Debian's signed kernels do, as seen on an OVMF Secure Boot VM
# (Debian 13, shim 16.1, 6.12): booted with Secure Boot, the kernel locks
# itself down (integrity) and then loads only modules signed by a key in
# its builtin or secondary trusted keyrings; the keys an operator enrolled
# in MokList through shim and MokManager are in the .machine keyring,
# linked to the secondary one.  dkms signs what it builds with its own key,
# /var/lib/dkms/mok.key (made at first use), whose certificate
# /var/lib/dkms/mok.pub nothing trusts until it is enrolled.
#
# SCTP_OOTB_ROOT moves every path (tests); SCTP_OOTB_MOK names the
# certificate dkms signs with.

SCTP_OOTB_ROOT=${SCTP_OOTB_ROOT:-}
SCTP_OOTB_MOK=${SCTP_OOTB_MOK:-/var/lib/dkms/mok.pub}
SCTP_OOTB_EFIVARS=$SCTP_OOTB_ROOT/sys/firmware/efi/efivars

# sctp_ootb_secure_boot: "on", "off", or "unknown" when this machine shows
# no EFI variables (booted by a BIOS, or a chroot that does not show them:
# a package installed while an image is built sees the builder's firmware,
# not the target's).
sctp_ootb_secure_boot() {
	_v=$SCTP_OOTB_EFIVARS/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
	if [ ! -r "$_v" ]; then
		echo unknown
	elif [ "$(od -An -t u1 -j 4 -N 1 "$_v" 2>/dev/null | tr -d ' ')" = 1 ]; then
		# 4 bytes of attributes, then the value: 1 means enabled.
		echo on
	else
		echo off
	fi
}

# sctp_ootb_enforcing [KVER]: print why KVER (this running kernel when it
# is KVER or no KVER is given) loads only modules signed by a trusted key,
# and succeed; fail when it loads others too.
sctp_ootb_enforcing() {
	_k=${1:-}
	for _cfg in "$SCTP_OOTB_ROOT/boot/config-$_k" \
		"$SCTP_OOTB_ROOT/lib/modules/$_k/build/.config"; do
		[ -n "$_k" ] && [ -r "$_cfg" ] || continue
		grep -q '^CONFIG_MODULE_SIG_FORCE=y' "$_cfg" &&
			{ echo "CONFIG_MODULE_SIG_FORCE=y"; return 0; }
		break
	done
	# The running kernel's state says nothing about another kernel, but
	# the firmware's Secure Boot does: Debian's kernels lock down under it.
	if [ -z "$_k" ] || [ "$_k" = "$(uname -r)" ]; then
		[ "$(cat "$SCTP_OOTB_ROOT/sys/module/module/parameters/sig_enforce" 2>/dev/null)" = Y ] &&
			{ echo "module.sig_enforce is on"; return 0; }
		grep -q '\[\(integrity\|confidentiality\)\]' \
			"$SCTP_OOTB_ROOT/sys/kernel/security/lockdown" 2>/dev/null &&
			{ echo "the kernel is locked down"; return 0; }
	fi
	[ "$(sctp_ootb_secure_boot)" = on ] &&
		{ echo "UEFI Secure Boot is enabled"; return 0; }
	return 1
}

# sctp_ootb_key_enrolled: 0 when dkms's certificate is in MokList (shim
# hands it to the kernel at boot), 1 when it is not, 2 when that cannot be
# told (no mokutil, no certificate, no EFI variables).
sctp_ootb_key_enrolled() {
	[ -z "$SCTP_OOTB_ROOT" ] && [ -r "$SCTP_OOTB_MOK" ] &&
		command -v mokutil >/dev/null 2>&1 || return 2
	case $(mokutil --test-key "$SCTP_OOTB_MOK" 2>&1) in
	*"already enrolled"*) return 0 ;;
	*"not enrolled"*) return 1 ;;
	esac
	return 2
}

# What an operator does once per host, whatever the number of kernels:
# one line per step, for the package's output and the kernel log.
sctp_ootb_enrol_steps() {
	cat <<-EOF
	  1. mokutil --import $SCTP_OOTB_MOK   (asks for a one-time password)
	  2. reboot: shim starts MokManager ("Perform MOK management"); press a key, choose "Enroll MOK", "Continue", "Yes", type the password, then "Reboot"
	  3. from that boot on, the patched sctp.ko loads; check: mokutil --test-key $SCTP_OOTB_MOK; sctpctl doctor
	EOF
}
