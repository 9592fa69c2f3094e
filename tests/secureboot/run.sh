#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-secureboot: the Debian packages on a UEFI Secure Boot host, in
# QEMU (TCG): q35 with SMM, OVMF's Secure Boot firmware with Microsoft's
# keys enrolled, a Debian 13 systemd root booted through Debian's signed
# shim, grub and kernel (tests/secureboot/disk.sh), locked down.
#
#   tests/secureboot/run.sh
#
# The trees come from Debian's archive and are cached (roots.sh): a tools
# root in which the .debs are built (trixie's toolchain and debhelper) and
# a base image.  The packages are installed in a copy of the base image in
# a chroot on this machine, as an image is built (DKMS builds at native
# speed and signs with a key it makes there), then a kernel upgrade: the
# newest signed kernel of trixie-backports with its headers and source,
# for which the kernel's hooks build and sign sctp-ootb in turn.  Then,
# each boot on the kernel named (grub's menu has that one entry):
#
#   boot 1, stage baseline     Debian 13's default kernel, the fail-safe
#                              taken out: the problem itself
#   boot 2, upgrade-unenrolled the upgrade's kernel (what grub boots: the
#                              newest), the key not enrolled
#   boot 3, stage unenrolled   the default kernel, the packages as they
#                              are; ends with mokutil --import of dkms's key
#   boot 4                     shim starts MokManager: mokmanager.py
#                              enrols the key as an operator would
#   boot 5, stage enrolled     the default kernel: the patched sctp.ko in
#                              force
#   boot 6, upgrade-enrolled   the upgrade's kernel: the same, with no step
#                              taken for that kernel since its installation
#
# One variable store (OVMF_VARS) goes through the six boots, as a
# machine's NVRAM would; each boot gets a fresh image of the tree.  Every
# check prints "ok NAME" or "not ok NAME: expected X, got Y" (the VM's on its
# second serial port, written by guest/checks.sh, which ends with a success
# token); a boot without the token, or whose console shows a kernel BUG,
# WARNING, Oops or Call Trace, is a failed check of its own.  Ends with
# "N passed, N failed"; exits non-zero on any failure.
#
# Environment:
#   BIN           usctp (build/bin)
#   SB_CACHE      the trees (default /var/cache/sctp-ootb/secureboot)
#   SB_DIR        images, logs and consoles (default build/secureboot)
#   SB_SUITE      the Debian release of the VM (default trixie)
#   VM_TIMEOUT    limit for one boot, in seconds (default 1200)
#   SB_ENROL      mokmanager (default): MokManager on the console; or vars:
#                 the key written into MokList by virt-fw-vars, no boot
#   SB_FAULT      a fault put back, to see the check that guards against it
#                 fail; only the boots concerned run:
#                   fallback  stock-fallback loads nothing (exit 1):
#                             sb-unenrolled-safe and
#                             sb-upgrade-unenrolled-safe fail (boots 3, 2)
#                   unbuilt   the kernel upgrade installed with the kernel
#                             hooks of sctp-ootb and dkms disabled: no
#                             patched module for it; the key enrolled by
#                             virt-fw-vars, boot 6 only:
#                             sb-upgrade-enrolled-loads fails

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

BIN=${BIN:-$ROOT/build/bin}
CACHE=${SB_CACHE:-/var/cache/sctp-ootb/secureboot}
WORK=${SB_DIR:-$ROOT/build/secureboot}
SUITE=${SB_SUITE:-trixie}
VM_TIMEOUT=${VM_TIMEOUT:-1200}
SB_ENROL=${SB_ENROL:-mokmanager}
LOGS=$WORK/logs
TREE=$WORK/root
VARS=$WORK/vars.fd
INSTALL_LOGS=/var/log/sb-test	# in the image
MOK_PASSWORD=sbtest-0000
KERNEL_ERRORS='BUG:|WARNING:|Oops|Call Trace|Kernel panic|general protection fault|KASAN|UBSAN|lockdep|possible recursive locking|possible circular locking|INFO: task .* blocked|rcu.*detected stall|kernel BUG'

PASSED=0
FAILED=0
T0=$(date +%s)

die() {
	echo "secureboot: $*" >&2
	exit 2
}

say() {
	echo "# $*"
}

result() {
	case "$1" in
	"ok "*) PASSED=$((PASSED + 1)) ;;
	*) FAILED=$((FAILED + 1)) ;;
	esac
	echo "$1"
}

# The host's Debian mirror, for the VM's release.
MIRROR=$(apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 2>/dev/null |
	grep -v security | grep -m 1 /debian)
MIRROR=${MIRROR%/}
[ -n "$MIRROR" ] || die "no Debian mirror in this host's apt sources"
SECMIRROR=${MIRROR%/debian}/debian-security

. "$ROOT/tests/lib/debroot.sh"
. "$HERE/roots.sh"
. "$HERE/disk.sh"

[ -e "$BIN/usctp" ] || die "missing $BIN/usctp (make progs)"
for c in debootstrap qemu-system-x86_64 mkfs.ext4 mkfs.vfat mcopy sfdisk unshare python3; do
	command -v "$c" >/dev/null || die "$c missing (make deps)"
done
[ -r "$OVMF_CODE" ] && [ -r "$OVMF_VARS" ] || die "no $OVMF_CODE or $OVMF_VARS (apt install ovmf)"
[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"

in_tree() {
	chroot_run "$TREE" "$@"
}

# logged NAME CMD...: CMD's output in $LOGS/NAME.log, and in the image.
logged() {
	debroot_logged "$TREE" "$@"
}

# ---- the packages ----------------------------------------------------------------

# The .debs, built in the tools root from the tree as it is.
build_debs() {
	rm -rf "$WORK/debs"
	mkdir -p "$WORK/debs"
	CHROOT_BINDS="$ROOT:/src $WORK/debs:/out" \
		chroot_run "$TOOLS" sh /src/scripts/mkdeb.sh /out/deb
}

install_fixtures() {
	local lib=$TREE/usr/local/lib/sb-test g=$HERE/guest s=$ROOT/tests/system/guest

	mkdir -p "$lib" "$TREE$INSTALL_LOGS"
	install -m 0644 "$ROOT/tests/vm/lib.sh" "$ROOT/tests/lib/check.sh" "$lib/"
	install -m 0755 "$g/checks.sh" "$lib/"
	install -m 0644 "$ROOT/tests/system/guest/sysd.sh" "$lib/"
	# The system lane's network namespace and usrsctp echo_server units.
	mkdir -p "$TREE/usr/local/lib/ootb-test"
	install -m 0644 "$ROOT/tests/vm/lib.sh" "$ROOT/tests/lib/check.sh" \
		"$TREE/usr/local/lib/ootb-test/"
	install -m 0755 "$s/testnet.sh" "$TREE/usr/local/lib/ootb-test/"
	install -m 0644 "$s/ootb-testnet.service" "$s/ootb-echo.service" "$TREE/etc/systemd/system/"
	install -m 0644 "$g/sb-test.service" "$TREE/etc/systemd/system/"
	install -m 0755 "$BIN/usctp" "$TREE/usr/local/bin/usctp"
	printf 'INSTALL_LOGS=%s\nMOK_PASSWORD=%s\n' "$INSTALL_LOGS" "$MOK_PASSWORD" \
		>"$TREE/etc/sb-test.conf"
	in_tree systemctl enable ootb-testnet.service ootb-echo.service sb-test.service
}

install_packages() {
	mkdir -p "$TREE/tmp/debs"
	cp "$WORK"/debs/deb/sctp-ootb-dkms_*_all.deb "$WORK"/debs/deb/sctpctl_*_amd64.deb "$TREE/tmp/debs/"
	logged pkg-installs in_tree sh -c 'dpkg -i /tmp/debs/*.deb && dkms status'
	rm -rf "$TREE/tmp/debs"
	say "dpkg -i: exit $(cat "$LOGS/pkg-installs.rc"); $(grep 'sctp-ootb/' "$LOGS/pkg-installs.log" | tail -n 1)"
	[ "$(cat "$LOGS/pkg-installs.rc")" = 0 ]
}

# The kernel upgrade after the packages, as docs/install.md has an operator
# do it: the newest kernel of $UPGRADE_SUITE (signed image, headers), the
# source of its series first (in one apt command, apt configures the
# headers, whose hook builds sctp-ootb, before it unpacks the source), from
# the packages the base image downloaded.  The kernel's hooks build
# sctp-ootb for it (dkms, signed with the same key) and say what to do.
# Sets UPGRADE_KVER and tells the guest.
upgrade_kernel() {
	local hooks= apt="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends --no-download -t $UPGRADE_SUITE"

	if [ "${SB_FAULT:-}" = unbuilt ]; then
		hooks=$(ls "$TREE"/etc/kernel/*postinst.d/00sctp-ootb "$TREE"/etc/kernel/*postinst.d/dkms)
		chmod -x $hooks
	fi
	logged kernel-upgrade in_tree sh -c "$apt install $UPGRADE_SRC_PKGS &&
		$apt install $UPGRADE_KERNEL_PKGS && apt-get clean && dkms status"
	[ -z "$hooks" ] || chmod +x $hooks
	UPGRADE_KVER=$(newest_kernel)
	say "kernel upgrade: $UPGRADE_KVER, exit $(cat "$LOGS/kernel-upgrade.rc"); $(grep "sctp-ootb/.*$UPGRADE_KVER" "$LOGS/kernel-upgrade.log" | tail -n 1)"
	echo "UPGRADE_KVER=$UPGRADE_KVER" >>"$TREE/etc/sb-test.conf"
	[ "$(cat "$LOGS/kernel-upgrade.rc")" = 0 ] && [ "$UPGRADE_KVER" != "$DEFAULT_KVER" ]
}

# The operator's part: the ranges, and the peer namespace's (for the
# usrsctp client's own ports there), as in the system lane.
configure_host() {
	debroot_configure "$TREE" in_tree
}

# ---- booting -----------------------------------------------------------------------

# The newest kernel of the tree: what grub's first entry boots.
newest_kernel() {
	(cd "$TREE/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
}

# boot STAGE KVER: a fresh image of the tree, booted on KVER through the
# firmware with $VARS; its checks' lines printed, a boot without its token
# or with kernel errors counted as a failed check.
boot() {
	local stage=$1 kver=$2 img t rc n tok line console results

	img=$WORK/disk-$stage.img
	t=$(date +%s)
	if ! make_disk "$TREE" "$img" "$kver" \
		"quiet panic=-1 panic_on_warn=1 oops=panic sbtest.stage=$stage" >"$LOGS/disk-$stage.log" 2>&1; then
		result "not ok image-$stage: expected a disk image, got: $(tail -n 1 "$LOGS/disk-$stage.log")"
		return 1
	fi
	say "boot: $kver, stage $stage (image: $(($(date +%s) - t)) s)"
	t=$(date +%s)
	boot_vm "$stage" "$img" "$VARS" >"$LOGS/qemu-$stage.log" 2>&1 &
	QPID=$!
	wait "$QPID"
	rc=$?
	QPID=
	rm -f "$img"
	console=$WORK/$stage.console.log
	results=$WORK/$stage.results
	tr -d '\r' <"$results" >"$results.txt"
	grep -E '^(ok |not ok |# )' "$results.txt"
	n=$(grep -c -E '^(ok|not ok) ' "$results.txt")
	PASSED=$((PASSED + $(grep -c '^ok ' "$results.txt")))
	FAILED=$((FAILED + $(grep -c '^not ok ' "$results.txt")))
	tok=$(grep -m 1 "^SBTEST-TOKEN $stage " "$results.txt")
	if [ -z "$tok" ]; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			result "not ok boot-$stage: expected the success token, got a timeout after ${VM_TIMEOUT}s ($n checks reported; console: $console)"
		else
			result "not ok boot-$stage: expected the success token, got none: the VM stopped early ($n checks reported; console: $console)"
		fi
	elif [ "$(echo "$tok" | awk '{ print $3 + $4 }')" != "$n" ]; then
		result "not ok boot-$stage: expected the $n checks seen, got a token for: $tok"
	fi
	line=$(tr -d '\r' <"$console" 2>/dev/null |
		grep -E '^\[ *[0-9]+\.[0-9]+\]' | grep -E -m 1 "$KERNEL_ERRORS")
	[ -z "$line" ] ||
		result "not ok console-$stage: expected a clean kernel log, got: $line (see $console)"
	say "boot $stage: $(($(date +%s) - t)) s"
}

# The key into MokList, as an operator does it: the unenrolled boot asked
# for it (mokutil --import: MokNew), shim starts MokManager at this boot,
# and mokmanager.py answers its screens on the console.
enrol_mokmanager() {
	local t=$(date +%s) img=$WORK/disk-mokmanager.img kver=$DEFAULT_KVER

	make_disk "$TREE" "$img" "$kver" "quiet panic=-1" >"$LOGS/disk-mokmanager.log" 2>&1 ||
		{ result "not ok sb-mokmanager: expected a disk image, got: $(tail -n 1 "$LOGS/disk-mokmanager.log")"; return 1; }
	# The console on two FIFOs (mokmanager.py says why not a socket).
	rm -f "$WORK/mokmanager.in" "$WORK/mokmanager.out"
	mkfifo "$WORK/mokmanager.in" "$WORK/mokmanager.out" ||
		{ result "not ok sb-mokmanager: expected the console's FIFOs, got none"; return 1; }
	boot_vm mokmanager "$img" "$VARS" "pipe:$WORK/mokmanager" \
		>"$LOGS/qemu-mokmanager.log" 2>&1 &
	QPID=$!
	python3 "$HERE/mokmanager.py" "$WORK/mokmanager" "$MOK_PASSWORD" \
		"$WORK/mokmanager.console.log" >"$LOGS/mokmanager.log" 2>&1
	local rc=$?
	# Done, or stuck: either way this boot is over.
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	QPID=
	rm -f "$img"
	say "MokManager: $(($(date +%s) - t)) s; $(tail -n 1 "$LOGS/mokmanager.log")"
	if [ "$rc" = 0 ]; then
		result "ok sb-mokmanager"
	else
		result "not ok sb-mokmanager: expected MokManager to enrol the key, got: $(tail -n 1 "$LOGS/mokmanager.log") (console: $WORK/mokmanager.console.log)"
		return 1
	fi
}

# Or the key straight into the variable store (no boot): virt-fw-vars,
# run in the tools root.
enrol_vars() {
	cp "$TREE/var/lib/dkms/mok.pub" "$WORK/mok.der"
	openssl x509 -inform DER -in "$WORK/mok.der" -out "$WORK/mok.pem" || return
	CHROOT_BINDS="$WORK:/work" chroot_run "$TOOLS" virt-fw-vars \
		--input /work/vars.fd --output /work/vars.fd \
		--add-mok 605dab50-e046-4300-abb6-3dd810dd8b23 /work/mok.pem \
		>"$LOGS/virt-fw-vars.log" 2>&1
}

# ---- the lane -----------------------------------------------------------------------

mkdir -p "$WORK" "$LOGS" "$CACHE" || exit 2
# A VM still running when this script ends (interrupted, or died) is stopped.
QPID=
trap '[ -z "$QPID" ] || kill "$QPID" 2>/dev/null' EXIT
exec 9>"$CACHE/.lock"
flock 9 || die "cannot lock $CACHE"
t=$(date +%s)
TOOLS=$(cached_root tools "$TOOLS_PKGS") || die "cannot make the tools root ($LOGS/tools.log)"
BASE=$(cached_root base "$BASE_PKGS" setup_base "$UPGRADE_SUITE $UPGRADE_PKGS") || die "cannot make the base image ($LOGS/base.log)"
flock -u 9
say "trees: $(($(date +%s) - t)) s"

finish() {
	say "total: $(($(date +%s) - T0)) s"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
	exit
}

t=$(date +%s)
build_debs >"$LOGS/debs.log" 2>&1 || { tail -n 20 "$LOGS/debs.log"; die "cannot build the .debs ($LOGS/debs.log)"; }
say "debs built in the $SUITE root: $(($(date +%s) - t)) s"

t=$(date +%s)
rm -rf "$TREE"
cp -a "$BASE" "$TREE" || die "cannot copy $BASE"
rm -f "$TREE/.complete"
install_fixtures >"$LOGS/fixtures.log" 2>&1 || die "cannot install the test fixtures ($LOGS/fixtures.log)"
DEFAULT_KVER=$(newest_kernel)
echo "DEFAULT_KVER=$DEFAULT_KVER" >>"$TREE/etc/sb-test.conf"
if ! install_packages; then
	result "not ok pkg-installs: expected dpkg -i of both packages to succeed, got exit $(cat "$LOGS/pkg-installs.rc") ($LOGS/pkg-installs.log)"
	finish
fi
say "packages installed: $(($(date +%s) - t)) s"
t=$(date +%s)
if ! upgrade_kernel; then
	result "not ok kernel-upgrade: expected the kernel of $UPGRADE_SUITE installed after the packages, got exit $(cat "$LOGS/kernel-upgrade.rc"), kernel '$UPGRADE_KVER' ($LOGS/kernel-upgrade.log)"
	finish
fi
say "kernel upgrade installed: $(($(date +%s) - t)) s"
t=$(date +%s)
configure_host >>"$LOGS/fixtures.log" 2>&1 || die "cannot configure the test host ($LOGS/fixtures.log)"
say "image ready: $(($(date +%s) - t)) s"

new_vars "$VARS"
case ${SB_FAULT:-} in
'') ;;
fallback)
	printf '#!/bin/sh\nexit 1\n' >"$TREE/usr/lib/sctp-ootb/stock-fallback"
	say "fault: $TREE/usr/lib/sctp-ootb/stock-fallback exits 1"
	boot upgrade-unenrolled "$UPGRADE_KVER"
	boot unenrolled "$DEFAULT_KVER"
	finish
	;;
unbuilt)
	say "fault: $UPGRADE_KVER installed with the kernel hooks disabled"
	if enrol_vars; then
		say "the key added to MokList by virt-fw-vars"
	else
		result "not ok sb-enrol-vars: expected virt-fw-vars to add the key to MokList, got: $(tail -n 1 "$LOGS/virt-fw-vars.log")"
	fi
	boot upgrade-enrolled "$UPGRADE_KVER"
	finish
	;;
*) die "SB_FAULT=$SB_FAULT: fallback or unbuilt" ;;
esac
# The baseline: the same host with the fail-safe taken out.
mv "$TREE/lib/modprobe.d/sctp-ootb-dkms.conf" "$WORK/failsafe.conf" || die "no fail-safe to take out"
boot baseline "$DEFAULT_KVER"
mv "$WORK/failsafe.conf" "$TREE/lib/modprobe.d/sctp-ootb-dkms.conf"
# The upgrade's kernel before the key is requested: once it is (the next
# stage's last check), the next boot is MokManager's.
boot upgrade-unenrolled "$UPGRADE_KVER"
boot unenrolled "$DEFAULT_KVER"
case $SB_ENROL in
mokmanager)
	# MokManager not done (sb-mokmanager failed the lane already): the key
	# by virt-fw-vars, so that the enrolled stage still tests the module.
	enrol_mokmanager || { enrol_vars && say "the key added to MokList by virt-fw-vars instead"; }
	;;
vars)
	if enrol_vars; then
		result "ok sb-enrol-vars"
	else
		result "not ok sb-enrol-vars: expected virt-fw-vars to add the key to MokList, got: $(tail -n 1 "$LOGS/virt-fw-vars.log")"
	fi
	;;
*) die "SB_ENROL=$SB_ENROL: mokmanager or vars" ;;
esac
boot enrolled "$DEFAULT_KVER"
boot upgrade-enrolled "$UPGRADE_KVER"
finish
