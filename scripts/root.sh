#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A root filesystem of another Debian release, to build for that release's
# kernels on this machine: Debian 13's kernels need Debian 13's glibc and
# gcc-14 (their kbuild programs do not run on Debian 12), so their modules
# are built in a Debian 13 root, and the VM boots that root's kernel.
#
#   scripts/root.sh path RELEASE          the cached root's directory
#   scripts/root.sh make RELEASE          make it unless it is cached; print
#                                         its directory
#   scripts/root.sh install RELEASE [-t SUITE] PKG...
#                                         apt-get install in it; with no -t,
#                                         packages that only RELEASE-backports
#                                         has come from there
#   scripts/root.sh run RELEASE|DIR CMD...
#                                         CMD in it (or in the root at DIR),
#                                         as root, in the working directory
#                                         of the caller
#   scripts/root.sh new RELEASE DIR [PKG...]
#                                         a new root at DIR from the same
#                                         recipe and download cache, never
#                                         cached (a newcomer's machine)
#
# The recipe: `debootstrap --variant=minbase RELEASE`, the root's own apt
# sources (RELEASE, -updates, -security, -backports: the host's are never
# read nor changed), then ROOT_PACKAGES (by default what building a module
# needs: gcc, make, kmod, xz...).  The root is cached under
# $(deb_cache)/root/RELEASE-KEY, KEY a hash of the recipe (the section of
# this file so marked), the mirrors and the package list, made in a
# temporary directory and renamed into place, so a root is either whole or
# absent.  A system image (tests/system/) can be
# made from the same recipe with more packages in ROOT_PACKAGES: it gets
# its own key.  Kernels are installed into a root on demand (make deps,
# scripts/deps.sh), under the root's lock.
#
# While CMD runs, /proc, /sys and /dev are mounted in the root, and the
# source tree this script belongs to (ROOT_BIND: more directories) is bound
# at its own path, in a mount namespace of its own: nothing stays mounted
# after it, and two CMDs in one root do not see each other's mounts.
# apt's downloads go to $(deb_cache)/apt/RELEASE/archives, shared by every
# root of that release.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/debian.sh"
TOP=$(cd "$here/.." && pwd)

ROOT_PACKAGES=${ROOT_PACKAGES:-gcc make libc6-dev bc xz-utils zstd patch kmod cpio ca-certificates}

say() { echo "root: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
	sed -n 's/^#   scripts\/root.sh/  root.sh/p' "$0" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1 rel=$2
shift 2
dir=
case "$cmd:$rel" in
run:/*)	dir=$rel
	rel=$(. "$dir/etc/os-release" && echo "$VERSION_CODENAME") ||
		die "$dir is no Debian root" ;;
esac
case "$rel" in
*[!a-z]* | "") die "not a Debian release name: '$rel'" ;;
esac

cache=$(deb_cache)
archives=$cache/apt/$rel/archives
key=$( {
	sed -n '/^# ---- the recipe/,/^# ---- end of the recipe/p' "$0"
	echo "$rel $DEB_MIRROR $DEB_SECURITY"
	echo "$ROOT_PACKAGES" | tr ' ' '\n' | sed '/^$/d' | sort -u
} | sha256sum | cut -c1-12)
[ -n "$dir" ] || dir=$cache/root/$rel-$key

# in_root DIR CMD...: CMD chrooted in DIR, with /proc, /sys, /dev, the tree
# (and ROOT_BIND) bound in and the download cache as apt's archives.
in_root() {
	local r=$1
	shift
	mkdir -p "$archives/partial"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	unshare --mount --propagation private sh -eu -c '
		r=$1 top=$2 archives=$3 binds=$4
		shift 4
		mount -t proc proc "$r/proc"
		mount --rbind /sys "$r/sys"
		mount --rbind /dev "$r/dev"
		mount --bind "$archives" "$r/var/cache/apt/archives"
		for b in "$top" $binds; do
			mkdir -p "$r$b"
			mount --bind "$b" "$r$b"
		done
		cwd=$(pwd)
		[ -d "$r$cwd" ] || cwd=/
		exec chroot "$r" sh -c "cd \"\$1\" && shift && exec \"\$@\"" sh "$cwd" "$@"
	' sh "$r" "$TOP" "$archives" "${ROOT_BIND:-}" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive ${MAKEFLAGS:+MAKEFLAGS="$MAKEFLAGS"} "$@"
}

# ---- the recipe (the cache key is this section's text) ----

# The root's apt sources: the release, its updates, security, backports.
sources() {
	cat <<EOF
Types: deb
URIs: $DEB_MIRROR
Suites: $rel $rel-updates $rel-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEB_SECURITY
Suites: $rel-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# bootstrap DIR PKG...: the recipe, into DIR.
bootstrap() {
	local d=$1 t
	shift
	command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
	[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"
	mkdir -p "$archives/partial"
	t=$(date +%s)
	say "debootstrap --variant=minbase $rel $d"
	debootstrap --variant=minbase --cache-dir="$archives" "$rel" "$d" "$DEB_MIRROR" \
		>"$d.log" 2>&1 || { tail -n 20 "$d.log" >&2; die "debootstrap $rel failed (log: $d.log)"; }
	rm -f "$d/etc/apt/sources.list"
	sources >"$d/etc/apt/sources.list.d/debian.sources"
	# Kernels are installed for their files: no initramfs (the VM boots
	# an image of its own), no recommends.
	printf 'APT::Install-Recommends "false";\n' >"$d/etc/apt/apt.conf.d/50sctp-ootb"
	in_root "$d" dpkg-divert --local --rename --add /usr/sbin/update-initramfs >>"$d.log"
	printf '#!/bin/sh\necho "update-initramfs: not in a build root"\n' >"$d/usr/sbin/update-initramfs"
	chmod 755 "$d/usr/sbin/update-initramfs"
	in_root "$d" apt-get -q update >>"$d.log" 2>&1 ||
		{ tail -n 20 "$d.log" >&2; die "apt-get update in $d failed (log: $d.log)"; }
	if [ $# -gt 0 ]; then
		in_root "$d" apt-get -q -y install "$@" >>"$d.log" 2>&1 ||
			{ tail -n 20 "$d.log" >&2; die "apt-get install in $d failed (log: $d.log)"; }
	fi
	# Its downloads stay in the shared cache only.
	rm -f "$d"/var/cache/apt/archives/*.deb
	say "$rel root made in $(($(date +%s) - t)) s"
}

# ---- end of the recipe ----

make_root() {
	local tmp
	[ -d "$dir" ] && return 0
	mkdir -p "$cache/root"
	(
		flock 9
		[ -d "$dir" ] && exit 0
		tmp=$dir.tmp.$$
		rm -rf "$tmp"
		# shellcheck disable=SC2086
		bootstrap "$tmp" $ROOT_PACKAGES
		mv "$tmp.log" "$dir.log"
		mv "$tmp" "$dir"
		say "$dir"
	) 9>"$dir.lock"
}

# install [-t SUITE] PKG...
install_pkgs() {
	local t= p v bpo=
	if [ "${1:-}" = -t ]; then
		t=$2
		shift 2
	fi
	[ $# -gt 0 ] || usage
	make_root
	(
		flock 9
		missing=
		for p in "$@"; do
			in_root "$dir" dpkg-query -W -f '${db:Status-Abbrev}\n' "${p%%=*}" 2>/dev/null |
				grep -q '^ii' || missing="$missing $p"
		done
		[ -n "$missing" ] || { say "$rel root: installed already:$*"; exit 0; }
		log=$dir.install.log
		in_root "$dir" apt-get -q update >"$log" 2>&1 ||
			{ tail -n 20 "$log" >&2; die "apt-get update in the $rel root failed (log: $log)"; }
		if [ -z "$t" ]; then
			# A package whose every version comes from backports
			# (the newest kernels) brings its dependencies from there.
			for p in $missing; do
				v=$(in_root "$dir" apt-cache policy "${p%%=*}" 2>/dev/null |
					sed -n '/Version table:/,$p' | grep -E '^ +[0-9]+ [a-z]+://' || true)
				[ -n "$v" ] || die "the $rel archive has no package ${p%%=*}"
				echo "$v" | grep -q -v -e "-backports/" || bpo=1
			done
			[ -z "$bpo" ] || t=$rel-backports
		fi
		say "$rel root: apt-get install${t:+ -t $t}$missing"
		# shellcheck disable=SC2086
		in_root "$dir" apt-get -q -y ${t:+-t "$t"} install $missing >>"$log" 2>&1 ||
			{ tail -n 30 "$log" >&2; die "apt-get install in the $rel root failed (log: $log)"; }
	) 9>"$dir.lock"
}

case "$cmd" in
path)
	echo "$dir"
	;;
make)
	make_root
	echo "$dir"
	;;
install)
	install_pkgs "$@"
	;;
run)
	[ $# -gt 0 ] || usage
	[ -d "$dir" ] || die "no $rel root at $dir: run 'make deps KVER=...' (or $0 make $rel)"
	in_root "$dir" "$@"
	;;
new)
	[ $# -ge 1 ] || usage
	d=$1
	shift
	[ ! -e "$d" ] || die "$d exists: a new root needs a new directory"
	mkdir -p "$(dirname "$d")"
	bootstrap "$d" "$@"
	;;
*)
	usage
	;;
esac
