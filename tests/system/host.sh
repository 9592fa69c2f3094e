#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the packaging's scripts, in seconds and without a VM:
# check-symvers.sh, prepare.sh --check, kmod/dkms/make.sh's failure line,
# the records of kmod/dkms/record.sh and how dkms.conf reads them, and
# signing-notice, against fake inputs.  Nothing outside a temporary
# directory is touched (dkms itself runs only in the VM lane's chroot).
#
#   tests/system/host.sh
#
# One "ok NAME" / "not ok NAME: expected X, got Y" line per check, then
# "N passed, N failed"; exits non-zero on any failure.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() {
	echo "ok $1"
	passed=$((passed + 1))
}

not_ok() {
	echo "not ok $1: expected $2, got $3"
	failed=$((failed + 1))
}

# ---- check-symvers.sh ------------------------------------------------------------

symvers() {
	printf '%s\t%s\t%s\tEXPORT_SYMBOL_GPL\t\n' "$@"
}

stock=$tmp/stock.symvers
{
	symvers 0x11111111 sctp_do_peeloff net/sctp/sctp
	symvers 0x22222222 sctp_get_sctp_info net/sctp/sctp
	symvers 0x33333333 inet_diag_register net/ipv4/inet_diag
} >"$stock"

check_symvers() {
	sh "$top/kmod/sctp/check-symvers.sh" "$stock" "$1" >"$tmp/out" 2>&1
}

{
	symvers 0x11111111 sctp_do_peeloff /build/sctp/sctp
	symvers 0x22222222 sctp_get_sctp_info /build/sctp/sctp
	symvers 0x44444444 sctp_ootb_hook_register /build/sctp/sctp
} >"$tmp/same"
if check_symvers "$tmp/same" && grep -q 'ours only: sctp_ootb_hook_register' "$tmp/out"; then
	ok symvers-match
else
	not_ok symvers-match "exit 0, our extra export named" "$(cat "$tmp/out")"
fi

sed 's/^0x22222222/0x2222222f/' "$tmp/same" >"$tmp/crc"
if ! check_symvers "$tmp/crc" && grep -q 'sctp_get_sctp_info: CRC 0x2222222f, the stock sctp.ko has 0x22222222' "$tmp/out"; then
	ok symvers-crc-differs
else
	not_ok symvers-crc-differs "exit 1 naming sctp_get_sctp_info" "$(cat "$tmp/out")"
fi

grep -v sctp_do_peeloff "$tmp/same" >"$tmp/missing"
if ! check_symvers "$tmp/missing" && grep -q 'sctp_do_peeloff: exported by the stock sctp.ko, not by ours' "$tmp/out"; then
	ok symvers-export-missing
else
	not_ok symvers-export-missing "exit 1 naming sctp_do_peeloff" "$(cat "$tmp/out")"
fi

grep -v net/sctp "$stock" >"$tmp/nostock"
if ! sh "$top/kmod/sctp/check-symvers.sh" "$tmp/nostock" "$tmp/same" >"$tmp/out" 2>&1 &&
   grep -q 'lists no export of net/sctp/sctp' "$tmp/out"; then
	ok symvers-no-stock-exports
else
	not_ok symvers-no-stock-exports "exit 1: cannot check" "$(cat "$tmp/out")"
fi

# ---- prepare.sh --check, make.sh -----------------------------------------------------

if sh "$top/kmod/sctp/prepare.sh" --check 9.9.0-1-amd64 >"$tmp/out" 2>&1; then
	not_ok prepare-no-source "exit 1" "exit 0: $(cat "$tmp/out")"
elif grep -q 'the package linux-source-9.9 is not installed' "$tmp/out"; then
	ok prepare-no-source
else
	not_ok prepare-no-source "the missing linux-source-9.9 named" "$(cat "$tmp/out")"
fi

mkdir -p "$tmp/ksrc/net/sctp"
: >"$tmp/ksrc/net/sctp/input.c"
if sh "$top/kmod/sctp/prepare.sh" --check 9.9.0-1-amd64 "$tmp/ksrc" >"$tmp/out" 2>&1 &&
   grep -q "net/sctp for 9.9.0-1-amd64: kernel tree $tmp/ksrc" "$tmp/out"; then
	ok prepare-ksrc
else
	not_ok prepare-ksrc "exit 0, the tree named" "$(cat "$tmp/out")"
fi

# Debian keeps one linux-source per series, the newest: a kernel whose
# headers are of another release is built from it, and told so.
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | head -n 1)
if [ -z "$tarball" ]; then
	not_ok prepare-version-mismatch "a /usr/src/linux-source-X.Y.tar.xz to use" "none"
else
	xy=${tarball#/usr/src/linux-source-}
	xy=${xy%.tar.xz}
	mkdir -p "$tmp/bin"
	# dpkg-query: the source at 1.0-2, the headers of the kernel at 1.0-1.
	cat >"$tmp/bin/dpkg-query" <<-EOF
	#!/bin/sh
	case "\$*" in
	*linux-source-*) echo "ii  1.0-2" ;;
	*linux-headers-*) echo "ii  1.0-1" ;;
	*) exit 1 ;;
	esac
	EOF
	chmod +x "$tmp/bin/dpkg-query"
	if PATH="$tmp/bin:$PATH" sh "$top/kmod/sctp/prepare.sh" --check "$xy.0-99-amd64" >"$tmp/out" 2>&1 &&
	   grep -q "warning: linux-headers-$xy.0-99-amd64 is 1.0-1 but linux-source-$xy is 1.0-2" "$tmp/out" &&
	   grep -q "linux-source-$xy 1.0-2, not 1.0-1 like linux-headers-$xy.0-99-amd64" "$tmp/out"; then
		ok prepare-version-mismatch
	else
		not_ok prepare-version-mismatch "a warning, and the source used named" "$(cat "$tmp/out")"
	fi
fi

# dkms keeps make.sh's output in make.log; its last line is the reason.
"$top/scripts/dkms-source.sh" "$tmp/dkms-src" 0.0 || exit 2
kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | head -n 1)
(cd "$tmp/dkms-src" && sh kmod/dkms/make.sh 9.9.0-1-amd64 "${kdir:-/nonexistent}") >"$tmp/out" 2>&1
rc=$?
last=$(tail -n 1 "$tmp/out")
case $rc:$last in
1:"sctp-ootb: build failed for 9.9.0-1-amd64: "*linux-source-9.9*) ok dkms-make-reason ;;
*) not_ok dkms-make-reason "exit 1 and a last line naming linux-source-9.9" "exit $rc: $last" ;;
esac

# ---- records ------------------------------------------------------------------------

export SCTP_OOTB_STATE=$tmp/state SCTP_OOTB_ROOT=$tmp/root
mkdir -p "$tmp/root/usr/src" "$tmp/root/lib/modules/9.9.0-1-amd64/build"
: >"$tmp/root/lib/modules/9.9.0-1-amd64/build/Module.symvers"
. "$top/kmod/dkms/record.sh"

sctp_ootb_unbuilt_write 9.9.0-1-amd64 1.0 "no linux-source-9.9"
why=$(sctp_ootb_unbuilt 9.9.0-1-amd64 1.0)
if [ "$why" = "no linux-source-9.9" ]; then
	ok record-holds
else
	not_ok record-holds "the reason back" "'$why'"
fi
if sctp_ootb_unbuilt 9.9.0-1-amd64 1.1 >/dev/null; then
	not_ok record-new-version "no record for another version" "the record held"
else
	ok record-new-version
fi
echo x >"$tmp/root/usr/src/linux-source-9.9.tar.xz"
if sctp_ootb_unbuilt 9.9.0-1-amd64 1.0 >/dev/null; then
	not_ok record-source-installed "no record once a linux-source appears" "the record held"
else
	ok record-source-installed
fi

# dkms.conf, as dkms sources it: bash, in a subshell of the dkms process,
# whose command line names the kernel an autoinstall is for.
sctp_ootb_unbuilt_write 9.9.0-1-amd64 1.0 "no linux-source-9.9"
gate() {
	bash -c '. "$0"; AUTOINSTALL=yes; BUILD_EXCLUSIVE_KERNEL=
		kernelver=$1; shift
		sctp_ootb_dkms_gate "$kernelver" 1.0
		echo "AUTOINSTALL=$AUTOINSTALL BUILD_EXCLUSIVE_KERNEL=$BUILD_EXCLUSIVE_KERNEL"' \
		"$top/kmod/dkms/record.sh" "$@" 2>"$tmp/gate.err"
}
out=$(gate 6.1.0-1-amd64 autoinstall --kernelver 9.9.0-1-amd64)
if [ "$out" = "AUTOINSTALL= BUILD_EXCLUSIVE_KERNEL=" ] &&
   grep -q 'not building for kernel 9.9.0-1-amd64: no linux-source-9.9' "$tmp/gate.err"; then
	ok gate-autoinstall-skips
else
	not_ok gate-autoinstall-skips "AUTOINSTALL empty and the reason on stderr" "$out / $(cat "$tmp/gate.err")"
fi
out=$(gate 6.1.0-1-amd64 autoinstall -k 6.1.0-1-amd64/x86_64)
if [ "$out" = "AUTOINSTALL=yes BUILD_EXCLUSIVE_KERNEL=" ]; then
	ok gate-autoinstall-other-kernel
else
	not_ok gate-autoinstall-other-kernel "AUTOINSTALL=yes" "$out"
fi
out=$(gate 9.9.0-1-amd64 build -k 9.9.0-1-amd64)
if [ "$out" = "AUTOINSTALL= BUILD_EXCLUSIVE_KERNEL=^$" ]; then
	ok gate-build-excluded
else
	not_ok gate-build-excluded "the build excluded (dkms exits 77)" "$out"
fi

# ---- signing-notice -----------------------------------------------------------

k=9.9.0-1-amd64
sroot=$tmp/sroot
notice() {
	SCTP_OOTB_ROOT=$sroot sh "$top/kmod/dkms/signing-notice" "$k" 1.0 >"$tmp/out" 2>&1
}
mkdir -p "$sroot/boot" "$sroot/lib/modules/$k/updates"
echo '# CONFIG_MODULE_SIG_FORCE is not set' >"$sroot/boot/config-$k"
# Secure Boot off (tests/secureboot/host.sh has the other states).
mkdir -p "$sroot/sys/firmware/efi/efivars"
printf '\006\000\000\000\000' >"$sroot/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
if notice && [ ! -s "$tmp/out" ]; then
	ok signing-not-enforced
else
	not_ok signing-not-enforced "silence" "$(cat "$tmp/out")"
fi
echo 'CONFIG_MODULE_SIG_FORCE=y' >"$sroot/boot/config-$k"
if ! notice && grep -q 'only loads modules signed by a key it trusts (CONFIG_MODULE_SIG_FORCE=y), and dkms did not sign' "$tmp/out"; then
	ok signing-enforced-unsigned
else
	not_ok signing-enforced-unsigned "exit 1: not signed" "$(cat "$tmp/out")"
fi
# A module that is signed (Debian's own), and Secure Boot on instead.
# Debian 13's and 6.12's modules are xz-compressed, signed before that.
stockko=$(ls /lib/modules/*/kernel/net/sctp/sctp.ko /lib/modules/*/kernel/net/sctp/sctp.ko.xz \
	2>/dev/null | head -n 1)
echo '# CONFIG_MODULE_SIG_FORCE is not set' >"$sroot/boot/config-$k"
mkdir -p "$sroot/sys/firmware/efi/efivars"
printf '\006\000\000\000\001' >"$sroot/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
if [ -z "$stockko" ]; then
	not_ok signing-secure-boot "a signed module to copy (Debian's sctp.ko)" "none under /lib/modules"
else
	case "$stockko" in
	*.xz) xz -dc "$stockko" >"$sroot/lib/modules/$k/updates/sctp.ko" ;;
	*) cp "$stockko" "$sroot/lib/modules/$k/updates/sctp.ko" ;;
	esac
	depmod -b "$sroot" "$k" 2>/dev/null
	if notice && grep -q 'UEFI Secure Boot is enabled' "$tmp/out" &&
	   grep -q 'mokutil --import /var/lib/dkms/mok.pub' "$tmp/out"; then
		ok signing-secure-boot
	else
		not_ok signing-secure-boot "the key and mokutil --import" "$(cat "$tmp/out")"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
