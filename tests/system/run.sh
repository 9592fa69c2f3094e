#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-system: the Debian packages on a real Debian system with
# systemd, through its whole lifecycle, in QEMU.
#
#   tests/system/run.sh
#
# A bookworm root filesystem made with debootstrap from Debian's archive
# (the host's apt sources), with systemd and the kernel image, headers and
# linux-source of KVER: cached under $SYSTEM_CACHE, keyed on the suite, the
# mirrors, the package list and the recipe.  Everything that happens to the
# system is done in a chroot on the host, so that DKMS builds at native
# speed, then the tree becomes an ext4 image (mkfs.ext4 -d, no loop mount)
# that QEMU boots (TCG) with the image's own kernel and initramfs.  One
# host's life, from Debian 12 to 13:
#
#   dpkg -i of both packages                      (DKMS builds for KVER)
#   boot 1, KVER, stage "installed"               checks.sh
#     meanwhile: apt-get install of UPGRADE_KVER  (DKMS builds for it)
#   boot 2, UPGRADE_KVER, stage "upgraded"        sctp.ko preloaded at boot
#     meanwhile: kernels without their linux-source series
#                                                 upgrade-without-source
#                the sources switched to Debian 13, apt-get full-upgrade
#                                                 (DKMS builds for its kernel)
#   boot 3, TRIXIE_KVER, stage "distupgraded"
#     meanwhile: trixie-backports enabled, its newest kernel installed
#   boot 4, BACKPORTS_KVER, stage "backports"
#     meanwhile: apt-get purge sctp-ootb-dkms
#   boots 5 and 6 at once, BACKPORTS_KVER and TRIXIE_KVER, stage "purged"
#     meanwhile: apt-get purge sctpctl            purge-clean
#
# A boot runs on an image of the tree as it was (mkfs.ext4 -d, then QEMU's
# snapshot=on), so the chroot's next step runs at the same time.
# The VM's checks are tests/system/guest/checks.sh's, collected as the VM
# lane's are (tests/lib/boot.sh: no success token or a kernel error on the
# console is a failed check); the host's (the chroot's apt and dpkg) are
# made here.  Ends with "N passed, N failed"; exits non-zero on any failure.
#
# Environment:
#   KVER                 the default kernel (required)
#   SYSTEM_UPGRADE_KVER  the kernel installed after the packages (default:
#                        apt's newest generic amd64 kernel of another series)
#   SYSTEM_NOSRC_KVERS   kernels installed with no linux-source of their
#                        series (default: the -rt flavours of both)
#   SYSTEM_NEXT_SUITE    the release the host is upgraded to (default: the
#                        one after the host's, trixie on bookworm)
#   SYSTEM_BACKPORTS_KVER  the kernel installed from NEXT_SUITE's backports
#                        (default: the newest there)
#   SYSTEM_FAULT         unbuilt: the upgrade to the next release with
#                        linux-headers-amd64 held, so that its kernel comes
#                        without headers (tests/system/break.sh)
#   SYSTEM_BASELINES     1 (default): also show, with the first of them,
#                        that dkms alone would leave it unconfigured
#   DEBS, BIN            the .debs (build/deb) and usctp (build/bin)
#   SYSTEM_CACHE         the base images and the .deb cache
#                        (default /var/cache/sctp-ootb/system)
#   SYSTEM_DIR           image, logs and consoles (default build/system)
#   VM_TIMEOUT           limit for one boot, in seconds (default 900)
#   VM_TCG_THREAD        single (default, as tests/vm/run.sh) or multi

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

: "${KVER:?set KVER to the default kernel, e.g. 6.1.0-57-amd64}"
DEBS=${DEBS:-$ROOT/build/deb}
BIN=${BIN:-$ROOT/build/bin}
CACHE=${SYSTEM_CACHE:-/var/cache/sctp-ootb/system}
WORK=${SYSTEM_DIR:-$ROOT/build/system}
VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_TCG_THREAD=${VM_TCG_THREAD:-single}
SYSTEM_BASELINES=${SYSTEM_BASELINES:-1}

RECIPE=1	# bump when base_image() changes what it makes
SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
ROOTFS=$WORK/root
DEBCACHE=$WORK/debs
LOGS=$WORK/logs
INSTALL_LOGS=/var/log/ootb-test	# in the image

T0=$(date +%s)
# The host's checks and the boots' lines, counted in $T_RESULTS.
T_DIR=$WORK/host
rm -rf "$T_DIR"
. "$ROOT/tests/lib/check.sh"
. "$ROOT/tests/lib/debroot.sh"
. "$ROOT/tests/lib/boot.sh"
. "$ROOT/scripts/debian.sh"

die() {
	echo "system: $*" >&2
	exit 2
}

say() {
	echo "# $*"
}

series() {
	echo "$1" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p'
}

# ---- inputs ---------------------------------------------------------------------

# apt's newest generic amd64 kernel of a series other than KVER's.
default_upgrade() {
	apt-cache pkgnames linux-image- 2>/dev/null |
		grep -E '^linux-image-[0-9]+\.[0-9]+\.[0-9][^ ]*-amd64$' |
		grep -v -e '-rt-' -e '-cloud-' -e 'unsigned' -e 'dbg' |
		sed 's/^linux-image-//' | grep -v "^$(series "$KVER")\." |
		sort -V | tail -n 1
}

# The release after SUITE (bookworm -> trixie), or nothing.
next_suite() {
	local n

	for n in $(seq 10 20); do
		[ "$(deb_codename "$n" 2>/dev/null)" = "$SUITE" ] || continue
		deb_codename $((n + 1))
		return
	done
}

UPGRADE_KVER=${SYSTEM_UPGRADE_KVER:-$(default_upgrade)}
[ -n "$UPGRADE_KVER" ] || die "no second kernel in apt's lists: set SYSTEM_UPGRADE_KVER"
NOSRC_KVERS=${SYSTEM_NOSRC_KVERS-${KVER%-amd64}-rt-amd64 ${UPGRADE_KVER%-amd64}-rt-amd64}
NEXT_SUITE=${SYSTEM_NEXT_SUITE:-$(next_suite)}
[ -n "$NEXT_SUITE" ] || die "no Debian release after $SUITE: set SYSTEM_NEXT_SUITE"

# The host's apt sources, as "URI RELEASE COMPONENT" lines.
MIRRORS=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
	'Created-By: Packages' 2>/dev/null | sort -u)
MIRROR=$(echo "$MIRRORS" | awk -v s="$SUITE" '$2 == s { print $1; exit }')
[ -n "$MIRROR" ] || die "no apt source for $SUITE on this host"

for f in "$DEBS"/sctp-ootb-dkms_*_all.deb "$DEBS"/sctpctl_*_amd64.deb "$BIN/usctp"; do
	[ -e "$f" ] || die "missing $f (make deb progs)"
done
for c in debootstrap qemu-system-x86_64 mkfs.ext4 unshare; do
	command -v "$c" >/dev/null || die "$c missing (make deps)"
done
[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"

# ---- the chroot --------------------------------------------------------------

# in_root CMD...: CMD in the image tree, with /proc, /sys, /dev and the
# lane's .deb cache mounted in a private mount namespace (nothing leaks
# when this script dies).
in_root() {
	unshare -m --propagation private -- /bin/sh -c '
		r=$1 c=$2
		shift 2
		mount -t proc proc "$r/proc" && mount -t sysfs sysfs "$r/sys" &&
			mount --rbind /dev "$r/dev" &&
			mount --bind "$c" "$r/var/cache/apt/archives" || exit 90
		exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' sh "$ROOTFS" "$DEBCACHE" "$@"
}

apt_in_root() {
	in_root env INITRD="${INITRD:-}" apt-get -y -q -o Dpkg::Use-Pty=0 \
		--no-install-recommends "$@"
}

# .debs: what the host's apt already has, and what earlier runs fetched,
# linked into this run's own cache (no lock shared with the host's apt).
seed_debs() {
	mkdir -p "$DEBCACHE/partial" "$CACHE/debs"
	cp -ln /var/cache/apt/archives/*.deb "$CACHE"/debs/*.deb "$DEBCACHE/" 2>/dev/null || :
}

keep_debs() {
	cp -ln "$DEBCACHE"/*.deb "$CACHE/debs/" 2>/dev/null || :
}

# ---- the base image --------------------------------------------------------------

BASE_PKGS="systemd-sysv udev kmod iproute2 ethtool iputils-ping procps tcpdump
 libnl-genl-3-200 libusrsctp-examples dkms openssl xz-utils
 linux-image-$KVER linux-headers-$KVER linux-source-$(series "$KVER")"

base_key() {
	{
		echo "recipe $RECIPE suite $SUITE"
		echo "$MIRRORS"
		echo $BASE_PKGS
	} | sha256sum | cut -c 1-16
}

# debootstrap, the packages, a bootable systemd setup: the part that does
# not depend on this tree.
make_base() {
	local dir=$1
	local ROOTFS=$dir	# for in_root

	rm -rf "$dir"
	debootstrap --variant=minbase --cache-dir="$DEBCACHE" "$SUITE" "$dir" "$MIRROR" ||
		return
	echo "$MIRRORS" | sed 's/^/deb /' >"$dir/etc/apt/sources.list"
	debroot_quiet "$dir"
	apt_in_root update || return
	apt_in_root install $BASE_PKGS || return
	echo "/dev/vda / ext4 defaults 0 1" >"$dir/etc/fstab"
	echo ootb-host >"$dir/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 ootb-host\n' >"$dir/etc/hosts"
	in_root passwd -d root >/dev/null
	in_root systemctl set-default multi-user.target
	# Timers that would compete with the checks for the one emulated CPU.
	in_root systemctl mask apt-daily.timer apt-daily-upgrade.timer \
		e2scrub_all.timer fstrim.timer dpkg-db-backup.timer 2>/dev/null
	return 0
}

base_image() {
	local dir=$CACHE/base-$SUITE-$(base_key)

	if [ -e "$dir/.complete" ]; then
		say "base image: $dir (cached)"
	else
		say "base image: making $dir (debootstrap, $KVER)"
		if ! make_base "$dir.new" >"$LOGS/base.log" 2>&1; then
			tail -n 20 "$LOGS/base.log"
			return 1
		fi
		rm -rf "$dir"
		mv "$dir.new" "$dir" && touch "$dir/.complete" || return
		keep_debs
	fi
	BASE=$dir
}

# ---- what this run adds to it ---------------------------------------------------

install_fixtures() {
	local g=$HERE/guest lib=$ROOTFS/usr/local/lib/ootb-test

	mkdir -p "$lib" "$ROOTFS$INSTALL_LOGS"
	install -m 0644 "$ROOT/tests/vm/lib.sh" "$ROOT/tests/lib/check.sh" "$g/sysd.sh" "$lib/"
	install -m 0755 "$g/checks.sh" "$g/testnet.sh" "$lib/"
	install -m 0755 "$BIN/usctp" "$ROOTFS/usr/local/bin/usctp"
	install -m 0644 "$g"/ootb-*.service "$ROOTFS/etc/systemd/system/"
	printf 'UPGRADE_KVER=%s\nNEXT_SUITE=%s\nINSTALL_LOGS=%s\n' \
		"$UPGRADE_KVER" "$NEXT_SUITE" "$INSTALL_LOGS" >"$ROOTFS/etc/ootb-test.conf"
	in_root systemctl enable ootb-testnet.service ootb-echo.service \
		ootb-preload.service ootb-systemtest.service
}

# logged NAME CMD...: CMD's output in $LOGS/NAME.log, and in the image.
logged() {
	debroot_logged "$ROOTFS" "$@"
}

# ---- the host's checks ---------------------------------------------------------

dpkg_status() {
	in_root dpkg-query -W -f '${db:Status-Abbrev}' "$1" 2>/dev/null
}

install_packages() {
	local rc

	mkdir -p "$ROOTFS/tmp/debs"
	cp "$DEBS"/sctp-ootb-dkms_*_all.deb "$DEBS"/sctpctl_*_amd64.deb "$ROOTFS/tmp/debs/"
	logged pkg-installs in_root sh -c 'dpkg -i /tmp/debs/*.deb && dkms status'
	rc=$(cat "$LOGS/pkg-installs.rc")
	rm -rf "$ROOTFS/tmp/debs"
	say "dpkg -i sctp-ootb-dkms sctpctl: exit $rc; $(grep 'sctp-ootb/' "$LOGS/pkg-installs.log" | tail -n 1)"
	[ "$rc" = 0 ] && return
	result "not ok pkg-installs: expected dpkg -i of both packages to succeed, got exit $rc ($LOGS/pkg-installs.log)"
	return 1
}

# The second kernel, installed as apt upgrade would: DKMS builds for it
# in its postinst (the VM checks the rest at boot: kernel-upgrade).
install_upgrade() {
	logged kernel-upgrade apt_in_root install "linux-image-$UPGRADE_KVER" \
		"linux-headers-$UPGRADE_KVER" "linux-source-$(series "$UPGRADE_KVER")"
	say "apt-get install $UPGRADE_KVER: exit $(cat "$LOGS/kernel-upgrade.rc"); $(grep -m 1 "sctp-ootb: installed for kernel" "$LOGS/kernel-upgrade.log")"
}

# A kernel whose series has no linux-source: its packages still configure,
# and what is printed names the missing package.
upgrade_without_source() {
	local k=$1 src st why

	src=linux-source-$(series "$k")
	logged "nosrc-remove-$k" apt_in_root purge "$src" ||
		{ fail "apt-get purge $src to succeed" "exit $(cat "$LOGS/nosrc-remove-$k.rc")"; return; }
	# Never booted: no initramfs (INITRD=No, as the kernel's hooks read it).
	logged "nosrc-$k" apt_in_root install "linux-image-$k" "linux-headers-$k" ||
		{ fail "apt-get install of $k to succeed" "exit $(cat "$LOGS/nosrc-$k.rc") ($LOGS/nosrc-$k.log)"; return; }
	for p in "linux-image-$k" "linux-headers-$k"; do
		st=$(dpkg_status "$p")
		[ "$st" = "ii " ] || { fail "$p configured (ii)" "'$st'"; return; }
	done
	why=$(grep -m 1 "sctp-ootb: .*NOT built for kernel $k" "$LOGS/nosrc-$k.log")
	echo "$k: ${why:-no word from sctp-ootb}"
	echo "$why" | grep -q "$src" ||
		{ fail "the install to name $src" "'${why:-nothing}'"; return; }
	grep -q "$src" "$ROOTFS/var/lib/sctp-ootb/unbuilt/$k" 2>/dev/null ||
		{ fail "a record naming $src" "none"; return; }
	st=$(in_root dkms status -m sctp-ootb -k "$k")
	case $st in
	*installed*) fail "sctp-ootb not installed for $k" "'$st'"; return ;;
	esac
	logged "nosrc-purge-$k" apt_in_root purge "linux-image-$k" "linux-headers-$k" ||
		{ fail "the kernel $k to purge" "exit $(cat "$LOGS/nosrc-purge-$k.rc")"; return; }
	[ ! -e "$ROOTFS/var/lib/sctp-ootb/unbuilt/$k" ] ||
		fail "the record of $k gone with it" "it still there"
}

# The same kernel with dkms alone: no hook of ours, so nothing that leaves
# sctp-ootb out of dkms's autoinstall.  The kernel's postinst must fail:
# the problem the hook and the record solve.
baseline_upgrade_without_source() {
	local k=$1 st

	! logged "baseline-nosrc-$k" apt_in_root install "linux-image-$k" "linux-headers-$k" ||
		{ fail "apt-get install of $k to fail without our hook" "exit 0"; return; }
	st=$(dpkg_status "linux-image-$k")
	echo "without the hook: apt-get exit $(cat "$LOGS/baseline-nosrc-$k.rc"), linux-image-$k '$st'"
	[ "$st" != "ii " ] || fail "linux-image-$k left unconfigured" "'$st'"
}

# hooks_aside, hooks_back: our kernel hooks out of the way, and back.
hooks_aside() {
	mkdir -p "$ROOTFS/root/hooks-aside" &&
	mv "$ROOTFS/etc/kernel/header_postinst.d/00sctp-ootb" "$ROOTFS/root/hooks-aside/header" &&
	mv "$ROOTFS/etc/kernel/postinst.d/00sctp-ootb" "$ROOTFS/root/hooks-aside/postinst"
}

hooks_back() {
	mv "$ROOTFS/root/hooks-aside/header" "$ROOTFS/etc/kernel/header_postinst.d/00sctp-ootb"
	mv "$ROOTFS/root/hooks-aside/postinst" "$ROOTFS/etc/kernel/postinst.d/00sctp-ootb"
	rmdir "$ROOTFS/root/hooks-aside"
}

# tell_guest VAR VALUE: one more line of the guest's /etc/ootb-test.conf.
tell_guest() {
	echo "$1=$2" >>"$ROOTFS/etc/ootb-test.conf"
}

# The upgrade to NEXT_SUITE as Debian's release notes have an operator do
# it, on a host that follows its release's kernel and its source through
# the metapackages (sctp-ootb-dkms recommends them: apt installs them with
# it): the sources switched, then apt-get full-upgrade, which brings the
# new release's kernel and the source of its series (the checks without it
# removed this host's); DKMS builds for it then (the VM checks the rest:
# dist-upgrade-restores).  Sets TRIXIE_KVER.
dist_upgrade() {
	logged dist-upgrade-before apt_in_root install linux-image-amd64 \
		linux-headers-amd64 linux-source || return
	# The fault: the new kernel without headers, nothing built for it.
	[ "${SYSTEM_FAULT:-}" != unbuilt ] || in_root apt-mark hold linux-headers-amd64
	sed -i "s/ $SUITE\([ -]\)/ $NEXT_SUITE\1/" "$ROOTFS/etc/apt/sources.list"
	logged dist-upgrade in_root sh -c 'apt-get -q update &&
		apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
			full-upgrade && dkms status'
	TRIXIE_KVER=$(in_root dpkg-query -W -f '${Depends}' linux-image-amd64 |
		sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')
	tell_guest TRIXIE_KVER "$TRIXIE_KVER"
	say "apt-get full-upgrade to $NEXT_SUITE: exit $(cat "$LOGS/dist-upgrade.rc"), kernel ${TRIXIE_KVER:-none}; $(grep -m 1 "sctp-ootb: installed for kernel" "$LOGS/dist-upgrade.log")"
	[ "$(cat "$LOGS/dist-upgrade.rc")" = 0 ] && [ -e "$ROOTFS/boot/vmlinuz-$TRIXIE_KVER" ]
}

# The newest kernel of NEXT_SUITE's backports, as docs/install.md has an
# operator install one: backports enabled, the source of its series first,
# then its image and headers.  Sets BACKPORTS_KVER.
backports_kernel() {
	local apt="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends -t $NEXT_SUITE-backports"

	echo "deb $MIRROR $NEXT_SUITE-backports main" >>"$ROOTFS/etc/apt/sources.list"
	logged backports-update apt_in_root update || return
	BACKPORTS_KVER=${SYSTEM_BACKPORTS_KVER:-$(in_root apt-cache pkgnames linux-image- |
		grep -E '^linux-image-[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64$' |
		sed 's/^linux-image-//' | sort -V | tail -n 1)}
	tell_guest BACKPORTS_KVER "$BACKPORTS_KVER"
	logged backports-kernel in_root sh -c "$apt install linux-source-$(series "$BACKPORTS_KVER") &&
		$apt install linux-image-$BACKPORTS_KVER linux-headers-$BACKPORTS_KVER &&
		dkms status"
	say "apt-get -t $NEXT_SUITE-backports install $BACKPORTS_KVER: exit $(cat "$LOGS/backports-kernel.rc"); $(grep -m 1 "sctp-ootb: installed for kernel" "$LOGS/backports-kernel.log")"
	[ "$(cat "$LOGS/backports-kernel.rc")" = 0 ] && [ "$BACKPORTS_KVER" != "$TRIXIE_KVER" ]
}

purge_clean() {
	local left

	logged purge-sctpctl apt_in_root purge sctpctl ||
		{ fail "apt-get purge sctpctl to succeed" "exit $(cat "$LOGS/purge-sctpctl.rc")"; return; }
	# What the operator wrote (netns/peer.conf) is theirs: dpkg keeps it.
	left=$(cd "$ROOTFS" && {
		find etc/sctp-ootb ! -type d ! -path etc/sctp-ootb/netns/peer.conf
		ls -d etc/modprobe.d/sctp-ootb.conf lib/systemd/system/sctp-ootb* \
			etc/systemd/system/*/sctp-ootb.service etc/kernel/*/*sctp-ootb \
			var/lib/sctp-ootb usr/src/sctp-ootb-* usr/lib/sctp-ootb \
			usr/sbin/sctpctl
	} 2>/dev/null)
	[ -z "$left" ] ||
		{ fail "nothing of the packages left" "$(echo $left)"; return; }
	[ -e "$ROOTFS/etc/sctp-ootb/netns/peer.conf" ] ||
		fail "the operator's netns/peer.conf kept" "it removed"
}

# The kernels without their source, then the upgrade to the next release.
nosrc_then_dist_upgrade() {
	local k baseline=$SYSTEM_BASELINES

	export INITRD=No
	for k in $NOSRC_KVERS; do
		say "kernel without its source: $k"
		check upgrade-without-source upgrade_without_source "$k"
		if [ "$baseline" = 1 ] && step hooks-aside hooks_aside; then
			check baseline-upgrade-without-source \
				baseline_upgrade_without_source "$k"
			hooks_back
			logged "baseline-nosrc-purge-$k" apt_in_root purge \
				"linux-image-$k" "linux-headers-$k"
			baseline=0
		fi
	done
	unset INITRD
	dist_upgrade || result "not ok dist-upgrade: expected apt-get full-upgrade to $NEXT_SUITE to succeed and bring a kernel, got exit $(cat "$LOGS/dist-upgrade.rc"), kernel '${TRIXIE_KVER:-}' ($LOGS/dist-upgrade.log)"
}

backports_step() {
	backports_kernel || result "not ok backports-kernel: expected the newest kernel of $NEXT_SUITE-backports installed, got exit $(cat "$LOGS/backports-kernel.rc"), kernel '${BACKPORTS_KVER:-}' ($LOGS/backports-kernel.log)"
}

purge_dkms() {
	logged purge-dkms apt_in_root purge sctp-ootb-dkms
	say "apt-get purge sctp-ootb-dkms: exit $(cat "$LOGS/purge-dkms.rc")"
}

purge_sctpctl() {
	check purge-clean purge_clean
}

# ---- booting ---------------------------------------------------------------------

# make_disk NAME: the tree as it is now, as an ext4 image for while_booted.
make_disk() {
	local img=$WORK/disk-$1.img mb

	mb=$(du -sm "$ROOTFS" | cut -f 1)
	mb=$((mb + mb / 4 + 512))
	rm -f "$img"
	if ! mkfs.ext4 -q -F -L root -d "$ROOTFS" "$img" "${mb}M" >"$LOGS/mkfs-$1.log" 2>&1; then
		result "not ok image-$1: expected an ext4 image, got: $(tail -n 1 "$LOGS/mkfs-$1.log")"
		return 1
	fi
}

# while_booted STAGE KVERS APPEND NAME STEP...: the tree as it is now booted
# as STAGE on each of KVERS that is installed, while STEP changes the tree
# (its time said as NAME's, the .debs it fetched kept).  The boots share
# one image, their writes going to a temporary overlay (snapshot=on).  Then
# each boot's checks, and a boot without its token, or with kernel errors,
# as a failed check (tests/lib/boot.sh); and the image removed.
while_booted() {
	local stage=$1 kvers=$2 extra=$3 name=$4 booted= k t

	shift 4
	for k in $kvers; do
		[ -e "$ROOTFS/boot/vmlinuz-$k" ] && booted="$booted $k"
	done
	[ -z "$booted" ] || make_disk "$stage" || booted=
	for k in $booted; do
		say "boot: $k, stage $stage"
		boot_start "$stage-$k" "$WORK" "$VM_TIMEOUT" \
			"$ROOTFS/boot/vmlinuz-$k" "$ROOTFS/boot/initrd.img-$k" \
			"root=/dev/vda rw ootbsys.stage=$stage $extra" \
			-m 1024 -smp 2 \
			-drive "file=$WORK/disk-$stage.img,format=raw,if=virtio,snapshot=on"
	done
	t=$(date +%s)
	"$@"
	keep_debs
	say "$name: $(($(date +%s) - t)) s"
	for k in $booted; do
		boot_wait "$stage-$k" "$stage"
		say "boot $stage-$k: $(boot_seconds "$stage-$k") s"
	done
	rm -f "$WORK/disk-$stage.img"
}

# ---- the lane ----------------------------------------------------------------------

mkdir -p "$WORK" "$LOGS" "$CACHE" || exit 2
# A VM still running when this script ends (interrupted, or died) is stopped.
trap boot_kill_all EXIT
exec 9>"$CACHE/.lock"
flock 9 || die "cannot lock $CACHE"
say "kernels: $KVER, then $UPGRADE_KVER; without their source: ${NOSRC_KVERS:-none}; then $NEXT_SUITE"
seed_debs
base_image || die "cannot make the base image (log: $LOGS/base.log)"

t=$(date +%s)
rm -rf "$ROOTFS"
cp -a "$BASE" "$ROOTFS" || die "cannot copy $BASE"
rm -f "$ROOTFS/.complete"
logged apt-update apt_in_root update || die "apt-get update in the image failed ($LOGS/apt-update.log)"
install_fixtures >"$LOGS/fixtures.log" 2>&1 || die "cannot install the test fixtures ($LOGS/fixtures.log)"
install_packages || { check_summary; exit 1; }
# The operator's part: the config files, and the named namespace's unit.
debroot_configure "$ROOTFS" in_root >>"$LOGS/fixtures.log" 2>&1 || die "cannot configure the test host ($LOGS/fixtures.log)"
say "image ready: $(($(date +%s) - t)) s"

while_booted installed "$KVER" "" "kernel upgrade" install_upgrade
while_booted upgraded "$UPGRADE_KVER" ootbsys.preload=1 \
	"kernels without their source and dist-upgrade" nosrc_then_dist_upgrade
while_booted distupgraded "${TRIXIE_KVER:-}" "" "backports kernel" backports_step
while_booted backports "${BACKPORTS_KVER:-}" "" "purge of sctp-ootb-dkms" purge_dkms
# The host as purged: on both of the new release's kernels.
while_booted purged "${BACKPORTS_KVER:-} ${TRIXIE_KVER:-}" "" "purge of sctpctl" purge_sctpctl

say "total: $(($(date +%s) - T0)) s"
check_summary
