# SPDX-License-Identifier: GPL-2.0
#
# The Debian 13 trees of the Secure Boot lane (sourced by run.sh, bash),
# each made with debootstrap from Debian's archive, with its own apt
# sources, and cached under $CACHE keyed on its suite, mirror, package list
# and recipe (made in a temporary directory, then renamed):
#
#   tools root   the build dependencies of the .debs (built there, with
#                trixie's compiler and debhelper) and python3-virt-firmware
#                (virt-fw-vars edits the VM's firmware variables)
#   base image   a systemd host booted by shim, grub and Debian's signed
#                kernel: what a Secure Boot machine runs; with
#                $SUITE-backports in its sources and the packages of the
#                newest kernel there (signed image, headers, source)
#                downloaded, not installed: the kernel upgrade that run.sh
#                installs after the packages, offline
#
# Needs: CACHE, LOGS, SUITE, MIRROR, SECMIRROR, say(), die().

ROOTS_RECIPE=1	# bump when make_root or a package list changes what it makes

TOOLS_PKGS="build-essential debhelper dh-dkms libnl-3-dev libnl-genl-3-dev
 libusrsctp-dev pkg-config python3-virt-firmware ca-certificates"

BASE_PKGS="systemd-sysv udev kmod iproute2 ethtool iputils-ping procps tcpdump
 libnl-genl-3-200 libusrsctp-examples lksctp-tools dkms openssl xz-utils
 gcc make initramfs-tools linux-image-amd64 linux-headers-amd64 linux-source
 shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed mokutil keyutils"

# The kernel upgrade: the meta packages, so the newest kernel of
# $SUITE-backports (linux-image-amd64 there depends on the signed image,
# linux-binary-KVER from linux-signed-amd64), its headers, and the source
# of its series, which the patched sctp.ko is built from.
UPGRADE_SUITE=$SUITE-backports
UPGRADE_KERNEL_PKGS="linux-image-amd64 linux-headers-amd64"
UPGRADE_SRC_PKGS="linux-source"
UPGRADE_PKGS="$UPGRADE_KERNEL_PKGS $UPGRADE_SRC_PKGS"

# chroot_run DIR CMD...: CMD in DIR with /proc, /sys and /dev mounted in a
# private mount namespace (nothing leaks when the caller dies) and extra
# bind mounts from CHROOT_BINDS ("HOSTDIR:DIR-IN-ROOT ...").
chroot_run() {
	unshare -m --propagation private -- /bin/sh -c '
		r=$1
		shift
		mount -t proc proc "$r/proc" && mount -t sysfs sysfs "$r/sys" &&
			mount --rbind /dev "$r/dev" || exit 90
		for b in $CHROOT_BINDS; do
			mkdir -p "$r${b#*:}" && mount --bind "${b%%:*}" "$r${b#*:}" || exit 90
		done
		exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' sh "$@"
}

apt_sources() {
	cat <<-EOF
	deb $MIRROR $SUITE main
	deb $MIRROR $SUITE-updates main
	deb $SECMIRROR $SUITE-security main
	EOF
}

# make_root DIR PACKAGES: debootstrap, its own sources, PACKAGES.
make_root() {
	local dir=$1 pkgs=$2

	rm -rf "$dir"
	debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" || return
	apt_sources >"$dir/etc/apt/sources.list"
	debroot_quiet "$dir"
	chroot_run "$dir" apt-get -q update || return
	chroot_run "$dir" apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends \
		install $pkgs || return
	chroot_run "$dir" apt-get clean
}

# The base image's system setup: what a host's installer would have done.
setup_base() {
	local dir=$1

	echo "LABEL=sbroot / ext4 defaults 0 1" >"$dir/etc/fstab"
	echo sb-host >"$dir/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 sb-host\n' >"$dir/etc/hosts"
	chroot_run "$dir" passwd -d root >/dev/null || return
	chroot_run "$dir" systemctl set-default multi-user.target || return
	chroot_run "$dir" systemctl mask apt-daily.timer apt-daily-upgrade.timer \
		e2scrub_all.timer fstrim.timer dpkg-db-backup.timer 2>/dev/null
	# The ESP's mount point (the image's first partition), as an installer
	# leaves it; the boot does not need it mounted.
	mkdir -p "$dir/boot/efi"
	# The upgrade's packages in apt's cache, for upgrade_kernel (run.sh).
	echo "deb $MIRROR $UPGRADE_SUITE main" >"$dir/etc/apt/sources.list.d/backports.list"
	chroot_run "$dir" apt-get -q update || return
	chroot_run "$dir" apt-get -y -q --no-install-recommends --download-only \
		-t "$UPGRADE_SUITE" install $UPGRADE_PKGS || return
	ls "$dir"/var/cache/apt/archives/linux-binary-*.deb || return
}

# cached_root NAME PACKAGES [SETUP [INPUTS]]: the cached tree's path on
# stdout.  INPUTS: what else SETUP depends on, for the key.
cached_root() {
	local name=$1 pkgs=$2 setup=${3:-} inputs=${4:-} key dir

	key=$({
		echo "recipe $ROOTS_RECIPE suite $SUITE $MIRROR $SECMIRROR"
		echo $pkgs
		[ -z "$setup" ] || declare -f "$setup"
		[ -z "$inputs" ] || echo "$inputs"
	} | sha256sum | cut -c 1-16)
	dir=$CACHE/$name-$SUITE-$key
	if [ -e "$dir/.complete" ]; then
		say "$name: $dir (cached)" >&2
	else
		say "$name: making $dir (debootstrap $SUITE; log $LOGS/$name.log)" >&2
		if ! { make_root "$dir.new" "$pkgs" && { [ -z "$setup" ] || "$setup" "$dir.new"; }; } \
			>"$LOGS/$name.log" 2>&1; then
			tail -n 20 "$LOGS/$name.log" >&2
			return 1
		fi
		rm -rf "$dir"
		mv "$dir.new" "$dir" && touch "$dir/.complete" || return
	fi
	echo "$dir"
}
