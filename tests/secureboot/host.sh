#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the Secure Boot fail-safe's scripts, in seconds and
# without a VM: kmod/dkms/stock-fallback (what modprobe runs when the
# patched sctp.ko is refused) and the Secure Boot cases of signing-notice,
# against a fake root, with modinfo, modprobe and insmod replaced by
# recorders.  Nothing outside a temporary directory is touched.
#
#   tests/secureboot/host.sh
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

# The scripts as installed: side by side in one directory.
lib=$tmp/lib
mkdir -p "$lib"
cp "$top/kmod/dkms/stock-fallback" "$top/kmod/dkms/signing-notice" \
	"$top/kmod/dkms/secureboot.sh" "$lib/"

k=9.9.0-1-amd64
root=$tmp/root
bin=$tmp/bin
calls=$tmp/calls
mkdir -p "$bin"
# modinfo -F depends FILE, modprobe MOD, insmod FILE: recorded; a command
# named in $tmp/fail fails.
for c in modinfo modprobe insmod; do
	cat >"$bin/$c" <<-EOF
	#!/bin/sh
	echo "$c \$*" >>"$calls"
	grep -qx "$c" "$tmp/fail" 2>/dev/null && exit 1
	[ "$c" = modinfo ] && case "\$*" in *sctp_diag*) echo "inet_diag,sctp" ;; *) echo "udp_tunnel,ip6_udp_tunnel,libcrc32c" ;; esac
	exit 0
	EOF
	chmod 755 "$bin/$c"
done

# fallback MODULE: run stock-fallback as modprobe would, output in $tmp/out.
fallback() {
	: >"$calls"
	: >"$tmp/kmsg"
	PATH=$bin:$PATH SCTP_OOTB_ROOT=$root SCTP_OOTB_KVER=$k SCTP_OOTB_KMSG=$tmp/kmsg \
		sh "$lib/stock-fallback" "$@" >"$tmp/out" 2>&1
}

fresh_root() {
	rm -rf "$root" "$tmp/fail"
	mkdir -p "$root/lib/modules/$k/kernel/net/sctp" "$root/lib/modules/$k/updates/dkms"
}

# ---- stock-fallback ------------------------------------------------------------

# Debian 12's dkms: the stock module stays in the kernel's tree.
fresh_root
touch "$root/lib/modules/$k/kernel/net/sctp/sctp.ko.xz" "$root/lib/modules/$k/updates/dkms/sctp.ko.xz"
if fallback sctp &&
   [ "$(tail -n 1 "$calls")" = "insmod $root/lib/modules/$k/kernel/net/sctp/sctp.ko.xz" ] &&
   grep -q '^modprobe libcrc32c$' "$calls" &&
   grep -q "loaded the distribution's $root/lib/modules/$k/kernel/net/sctp/sctp.ko.xz" "$tmp/out"; then
	ok fallback-stock-in-tree
else
	not_ok fallback-stock-in-tree "exit 0, deps then insmod of the stock sctp.ko.xz" "$(cat "$calls" "$tmp/out" | tr '\n' ' ')"
fi

# Debian 13's dkms: the stock module archived, with its .origin record.
fresh_root
rm -rf "$root/lib/modules/$k/kernel"
a=$root/var/lib/dkms/sctp-ootb/original_module/$k/x86_64
mkdir -p "$a"
touch "$a/sctp.ko.xz" "$a/sctp_diag.ko.xz"
echo "/lib/modules/$k/kernel/net/sctp/sctp.ko.xz" >"$a/sctp.ko.xz.origin"
if fallback sctp_diag &&
   [ "$(tail -n 1 "$calls")" = "insmod $a/sctp_diag.ko.xz" ] &&
   grep -q '^modprobe sctp$' "$calls"; then
	ok fallback-stock-archived
else
	not_ok fallback-stock-archived "exit 0, modprobe sctp, then insmod of the archived sctp_diag.ko.xz" "$(cat "$calls" "$tmp/out" | tr '\n' ' ')"
fi

# Nothing to fall back to: a failure, said.
fresh_root
if ! fallback sctp && ! grep -q '^insmod' "$calls" &&
   grep -q 'no stock sctp.ko to fall back to' "$tmp/out"; then
	ok fallback-no-stock
else
	not_ok fallback-no-stock "a failure naming the missing stock module" "$(cat "$calls" "$tmp/out" | tr '\n' ' ')"
fi

# insmod fails: so does the fallback (modprobe reports the failure).
fresh_root
touch "$root/lib/modules/$k/kernel/net/sctp/sctp.ko"
echo insmod >"$tmp/fail"
if ! fallback sctp && ! grep -q "loaded the distribution's" "$tmp/out"; then
	ok fallback-insmod-fails
else
	not_ok fallback-insmod-fails "a failure and no claim of success" "$(cat "$tmp/out")"
fi

# Locked down: the kernel log says why and the enrolment steps.
fresh_root
touch "$root/lib/modules/$k/kernel/net/sctp/sctp.ko"
mkdir -p "$root/sys/kernel/security"
echo 'none [integrity] confidentiality' >"$root/sys/kernel/security/lockdown"
if SCTP_OOTB_KVER=$k fallback sctp &&
   grep -q '^<4>sctp-ootb: .*only loads modules signed by a key it trusts' "$tmp/kmsg" &&
   grep -q '^<4>sctp-ootb: .*mokutil --import /var/lib/dkms/mok.pub' "$tmp/kmsg" &&
   grep -q 'Enroll MOK' "$tmp/out"; then
	ok fallback-says-enrol
else
	not_ok fallback-says-enrol "the enrolment steps in the kernel log and on stderr" "$(cat "$tmp/kmsg" | tr '\n' ' ')"
fi

# ---- signing-notice: the Secure Boot states ---------------------------------------

sroot=$tmp/sroot
notice() {
	PATH=$bin:$PATH SCTP_OOTB_ROOT=$sroot sh "$lib/signing-notice" "$k" 1.0 >"$tmp/out" 2>&1
}
sb_var() {
	mkdir -p "$sroot/sys/firmware/efi/efivars"
	printf "\\006\\000\\000\\000\\$1" >"$sroot/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
}
rm -rf "$sroot"
mkdir -p "$sroot/boot"
echo '# CONFIG_MODULE_SIG_FORCE is not set' >"$sroot/boot/config-$k"
# modinfo -F signer: the fake prints a signer for every field.
sb_var 000
if notice && [ ! -s "$tmp/out" ]; then
	ok notice-secure-boot-off
else
	not_ok notice-secure-boot-off "silence" "$(cat "$tmp/out")"
fi
rm -rf "$sroot/sys"
if notice && grep -q 'if this system boots with UEFI Secure Boot' "$tmp/out" &&
   grep -q 'mokutil --import /var/lib/dkms/mok.pub' "$tmp/out"; then
	ok notice-firmware-unknown
else
	not_ok notice-firmware-unknown "the steps, for the case it boots with Secure Boot" "$(cat "$tmp/out")"
fi
sb_var 001
if notice && grep -q 'only loads modules signed by a key it trusts (UEFI Secure Boot is enabled)' "$tmp/out" &&
   grep -q 'Until then modprobe loads the stock sctp.ko' "$tmp/out" &&
   grep -q 'Enroll MOK' "$tmp/out"; then
	ok notice-secure-boot-on
else
	not_ok notice-secure-boot-on "the steps, Secure Boot named" "$(cat "$tmp/out")"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
