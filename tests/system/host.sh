#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the packaging's scripts, in seconds and without a VM:
# check-symvers.sh, prepare.sh --check, kmod/dkms/make.sh's failure line,
# the records of kmod/dkms/record.sh and how dkms.conf reads them, and
# signing-notice, against fake inputs.  Nothing outside a temporary
# directory is touched (dkms itself runs only in the VM lane's chroot).
#
# Then the .debs as each release builds them (scripts/mkdeb.sh): Debian 12's
# and Debian 13's, each built and checked by that release's own tools, on
# this machine for its release, in a cached root of the other
# (scripts/root.sh, with ROOT_PACKAGES: made once, about 3.5 minutes,
# then about a minute for both builds and both lintian runs): lintian-clean,
# where each kind of unit goes, what the -dkms package depends on.
#
#   tests/system/host.sh
#
# One "ok NAME" / "not ok NAME: expected X, got Y" line per check
# (tests/lib/check.sh), then "N passed, N failed"; exits non-zero on any
# failure.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T_DIR=$tmp/checks
. "$top/tests/lib/check.sh"

out() {
	cat "$tmp/out"
}

# runs CMD...: CMD's output in $tmp/out; its status.
runs() {
	"$@" >"$tmp/out" 2>&1
}

# says STATUS TEXT CMD...: CMD exits STATUS and prints a line with TEXT
# (a grep pattern).
says() {
	local want=$1 text=$2 rc

	shift 2
	runs "$@"
	rc=$?
	[ "$rc" = "$want" ] && grep -q -- "$text" "$tmp/out" ||
		fail "exit $want and '$text'" "exit $rc: $(out)"
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
{
	symvers 0x11111111 sctp_do_peeloff /build/sctp/sctp
	symvers 0x22222222 sctp_get_sctp_info /build/sctp/sctp
	symvers 0x44444444 sctp_ootb_hook_register /build/sctp/sctp
} >"$tmp/same"
sed 's/^0x22222222/0x2222222f/' "$tmp/same" >"$tmp/crc"
grep -v sctp_do_peeloff "$tmp/same" >"$tmp/missing"
grep -v net/sctp "$stock" >"$tmp/nostock"

check symvers-match says 0 'ours only: sctp_ootb_hook_register' \
	sh "$top/kmod/sctp/check-symvers.sh" "$stock" "$tmp/same"
check symvers-crc-differs \
	says 1 'sctp_get_sctp_info: CRC 0x2222222f, the stock sctp.ko has 0x22222222' \
	sh "$top/kmod/sctp/check-symvers.sh" "$stock" "$tmp/crc"
check symvers-export-missing \
	says 1 'sctp_do_peeloff: exported by the stock sctp.ko, not by ours' \
	sh "$top/kmod/sctp/check-symvers.sh" "$stock" "$tmp/missing"
check symvers-no-stock-exports says 1 'lists no export of net/sctp/sctp' \
	sh "$top/kmod/sctp/check-symvers.sh" "$tmp/nostock" "$tmp/same"

# ---- prepare.sh --check, make.sh -----------------------------------------------------

check prepare-no-source says 1 'the package linux-source-9.9 is not installed' \
	sh "$top/kmod/sctp/prepare.sh" --check 9.9.0-1-amd64

mkdir -p "$tmp/ksrc/net/sctp"
: >"$tmp/ksrc/net/sctp/input.c"
check prepare-ksrc says 0 "net/sctp for 9.9.0-1-amd64: kernel tree $tmp/ksrc" \
	sh "$top/kmod/sctp/prepare.sh" --check 9.9.0-1-amd64 "$tmp/ksrc"

# Debian keeps one linux-source per series, the newest: a kernel whose
# headers are of another release is built from it, and told so.
version_mismatch() {
	local tarball xy

	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | head -n 1)
	[ -n "$tarball" ] ||
		{ fail "a /usr/src/linux-source-X.Y.tar.xz to use" "none"; return; }
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
	PATH="$tmp/bin:$PATH" runs sh "$top/kmod/sctp/prepare.sh" --check "$xy.0-99-amd64" &&
	grep -q "warning: linux-headers-$xy.0-99-amd64 is 1.0-1 but linux-source-$xy is 1.0-2" "$tmp/out" &&
	grep -q "linux-source-$xy 1.0-2, not 1.0-1 like linux-headers-$xy.0-99-amd64" "$tmp/out" ||
		fail "a warning, and the source used named" "$(out)"
}
check prepare-version-mismatch version_mismatch

# dkms keeps make.sh's output in make.log; its last line is the reason.
make_reason() {
	local kdir rc last

	"$top/scripts/dkms-source.sh" "$tmp/dkms-src" 0.0 || return
	kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | head -n 1)
	(cd "$tmp/dkms-src" && sh kmod/dkms/make.sh 9.9.0-1-amd64 "${kdir:-/nonexistent}") >"$tmp/out" 2>&1
	rc=$?
	last=$(tail -n 1 "$tmp/out")
	case $rc:$last in
	1:"sctp-ootb: build failed for 9.9.0-1-amd64: "*linux-source-9.9*) ;;
	*) fail "exit 1 and a last line naming linux-source-9.9" "exit $rc: $last" ;;
	esac
}
check dkms-make-reason make_reason

# ---- records ------------------------------------------------------------------------

export SCTP_OOTB_STATE=$tmp/state SCTP_OOTB_ROOT=$tmp/root
mkdir -p "$tmp/root/usr/src" "$tmp/root/lib/modules/9.9.0-1-amd64/build"
: >"$tmp/root/lib/modules/9.9.0-1-amd64/build/Module.symvers"
. "$top/kmod/dkms/record.sh"

# is_unbuilt VERSION [WHY]: the record for 9.9.0-1-amd64 and VERSION
# holds WHY; without WHY, there is none.
is_unbuilt() {
	local why

	if why=$(sctp_ootb_unbuilt 9.9.0-1-amd64 "$1"); then
		[ "$why" = "${2:-}" ] && [ $# = 2 ] ||
			fail "${2:+the record '$2'}${2:-no record}" "the record '$why'"
	else
		[ $# = 1 ] || fail "the record '$2'" "none"
	fi
}

sctp_ootb_unbuilt_write 9.9.0-1-amd64 1.0 "no linux-source-9.9"
check record-holds is_unbuilt 1.0 "no linux-source-9.9"
check record-new-version is_unbuilt 1.1
echo x >"$tmp/root/usr/src/linux-source-9.9.tar.xz"
check record-source-installed is_unbuilt 1.0

# dkms.conf, as dkms sources it: bash, in a subshell of the dkms process,
# whose command line names the kernel an autoinstall is for.
# gate WANT KVER ARGS...: what the gate leaves of AUTOINSTALL and
# BUILD_EXCLUSIVE_KERNEL, and its stderr in $tmp/gate.err.
gate() {
	local want=$1 got

	shift
	got=$(bash -c '. "$0"; AUTOINSTALL=yes; BUILD_EXCLUSIVE_KERNEL=
		kernelver=$1; shift
		sctp_ootb_dkms_gate "$kernelver" 1.0
		echo "AUTOINSTALL=$AUTOINSTALL BUILD_EXCLUSIVE_KERNEL=$BUILD_EXCLUSIVE_KERNEL"' \
		"$top/kmod/dkms/record.sh" "$@" 2>"$tmp/gate.err")
	[ "$got" = "$want" ] || fail "'$want'" "'$got' / $(cat "$tmp/gate.err")"
}

gate_skips() {
	gate "AUTOINSTALL= BUILD_EXCLUSIVE_KERNEL=" \
		6.1.0-1-amd64 autoinstall --kernelver 9.9.0-1-amd64 || return
	grep -q 'not building for kernel 9.9.0-1-amd64: no linux-source-9.9' "$tmp/gate.err" ||
		fail "the reason on stderr" "$(cat "$tmp/gate.err")"
}

sctp_ootb_unbuilt_write 9.9.0-1-amd64 1.0 "no linux-source-9.9"
check gate-autoinstall-skips gate_skips
check gate-autoinstall-other-kernel gate "AUTOINSTALL=yes BUILD_EXCLUSIVE_KERNEL=" \
	6.1.0-1-amd64 autoinstall -k 6.1.0-1-amd64/x86_64
# The build excluded: dkms exits 77.
check gate-build-excluded gate "AUTOINSTALL= BUILD_EXCLUSIVE_KERNEL=^$" \
	9.9.0-1-amd64 build -k 9.9.0-1-amd64

# ---- signing-notice -----------------------------------------------------------

k=9.9.0-1-amd64
sroot=$tmp/sroot
notice() {
	SCTP_OOTB_ROOT=$sroot runs sh "$top/kmod/dkms/signing-notice" "$k" 1.0
}
sb_var=$sroot/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
mkdir -p "$sroot/boot" "$sroot/lib/modules/$k/updates" "${sb_var%/*}"

not_enforced() {
	notice && [ ! -s "$tmp/out" ] || fail "silence" "$(out)"
}
echo '# CONFIG_MODULE_SIG_FORCE is not set' >"$sroot/boot/config-$k"
# Secure Boot off (tests/secureboot/host.sh has the other states).
printf '\006\000\000\000\000' >"$sb_var"
check signing-not-enforced not_enforced

enforced_unsigned() {
	! notice && grep -q 'only loads modules signed by a key it trusts (CONFIG_MODULE_SIG_FORCE=y), and dkms did not sign' "$tmp/out" ||
		fail "exit 1: not signed" "$(out)"
}
echo 'CONFIG_MODULE_SIG_FORCE=y' >"$sroot/boot/config-$k"
check signing-enforced-unsigned enforced_unsigned

# A module that is signed (Debian's own), and Secure Boot on instead.
# Debian 13's and 6.12's modules are xz-compressed, signed before that
# (xz -f passes the others through as they are).
secure_boot() {
	local stockko

	stockko=$(ls /lib/modules/*/kernel/net/sctp/sctp.ko \
		/lib/modules/*/kernel/net/sctp/sctp.ko.xz 2>/dev/null | head -n 1)
	[ -n "$stockko" ] ||
		{ fail "a signed module to copy (Debian's sctp.ko)" "none under /lib/modules"; return; }
	xz -dcf "$stockko" >"$sroot/lib/modules/$k/updates/sctp.ko"
	depmod -b "$sroot" "$k" 2>/dev/null
	notice && grep -q 'UEFI Secure Boot is enabled' "$tmp/out" &&
	grep -q 'mokutil --import /var/lib/dkms/mok.pub' "$tmp/out" ||
		fail "the key and mokutil --import" "$(out)"
}
echo '# CONFIG_MODULE_SIG_FORCE is not set' >"$sroot/boot/config-$k"
printf '\006\000\000\000\001' >"$sb_var"
check signing-secure-boot secure_boot

# ---- the .debs of each release ----------------------------------------------------

# What building the .debs in a root of another release takes: their
# Build-Depends (debian/control) and lintian.  scripts/root.sh keys the
# cached root on this list: a change makes a new root (about 3.5 minutes
# with apt's downloads cached).  It binds $tmp in.
export ROOT_PACKAGES="build-essential debhelper dh-dkms libnl-3-dev libnl-genl-3-dev
 libusrsctp-dev pkg-config lintian" ROOT_BIND="$tmp"
PKG_RELEASES=${PKG_RELEASES:-bookworm trixie}
host_rel=$(. "$top/scripts/debian.sh" && deb_host_release)

# The releases whose .debs are built and checked here: this machine's, and
# each other one whose root scripts/root.sh can run.  It runs a root in a
# mount namespace whose mounts it makes private; in a chroot (CI's
# newcomer run is one: a fresh Debian 13 root made by scripts/root.sh new)
# "/" is no mount point and cannot be, so that release's checks are
# reported as not run there (CI runs them in its Debian 12 jobs).
pkg_rels= pkg_not_run=
for rel in $PKG_RELEASES; do
	if [ "$rel" = "$host_rel" ] || unshare --mount --propagation private true 2>/dev/null; then
		pkg_rels="$pkg_rels $rel"
	else
		pkg_not_run="$pkg_not_run $rel"
	fi
done

# not_run WHAT REL: the line saying that WHAT (a check) did not run.
not_run() {
	check_say "# not run: $1: no root of Debian $2 can be made here (unshare --mount --propagation private fails: in a chroot, \"/\" is no mount point)"
}

# for_release NAME REL FN ARGS...: the check NAME, or a line saying why
# it did not run.
for_release() {
	local name=$1 rel=$2 fn=$3

	shift 3
	case " $pkg_rels " in
	*" $rel "*) check "$name" "$fn" "$rel" "$@" ;;
	*) check_selected "$name" && not_run "$name" "$rel" ;;
	esac
	return 0
}

# in_release REL CMD...: CMD with REL's tools: here when this machine is
# REL, else in the cached packaging root of REL (made when missing).
in_release() {
	local rel=$1

	shift
	if [ "$rel" = "$host_rel" ]; then
		"$@"
	else
		"$top/scripts/root.sh" make "$rel" >/dev/null &&
			"$top/scripts/root.sh" run "$rel" "$@"
	fi
}

# debs REL: the .debs of this tree built by REL's debhelper, once, in
# $tmp/deb-REL; fails (with the build's tail) when they cannot be.
debs() {
	local d=$tmp/deb-$1

	[ ! -e "$d.built" ] || return 0
	if [ ! -e "$d.failed" ] &&
		in_release "$1" sh "$top/scripts/mkdeb.sh" "$d" >"$d.log" 2>&1 &&
		ls "$d"/sctp-ootb-dkms_*_all.deb "$d"/sctpctl_*.deb >/dev/null 2>&1; then
		: >"$d.built"
		return 0
	fi
	: >"$d.failed"
	fail "the .debs of $1 built" "$(tail -n 5 "$d.log")"
}

# Each release's lintian on what it built: the binary packages and the
# .changes.  No error and no warning: each is fixed, or overridden with
# its reason in debian/*.lintian-overrides (docs/install.md lists them).
lintian_clean() {
	local rel tags rc bad=

	[ -n "$pkg_rels" ] || { fail "a release to build the .debs for" "none"; return; }
	for rel in $pkg_rels; do
		debs "$rel" || return
		in_release "$rel" sh -c 'lintian --version && lintian --fail-on error,warning "$1"/*.changes' \
			sh "$tmp/deb-$rel" >"$tmp/lintian-$rel" 2>&1
		rc=$?
		echo "$rel: exit $rc: $(head -n 1 "$tmp/lintian-$rel")"
		tags=$(grep -E '^[EW]: ' "$tmp/lintian-$rel" | sed 's/^\([EW]\): [^:]*: \([^ ]*\).*/\1:\2/' |
			sort -u | tr '\n' ' ')
		grep -q -i -E '^lintian v?[0-9]' "$tmp/lintian-$rel" ||
			tags="${tags}no lintian in $rel "
		# lintian exits 2 on a tag it fails on, 1 when it could not run.
		[ -n "$tags" ] || [ "$rc" = 0 ] || tags="lintian exit $rc "
		[ -z "$tags" ] || bad="$bad$rel: $tags"
		cat "$tmp/lintian-$rel"
	done
	[ -z "$bad" ] || fail "no error or warning from each release's lintian" "$bad"
}
check lintian-clean lintian_clean
for rel in $pkg_not_run; do
	check_selected lintian-clean && not_run "lintian-clean for Debian $rel" "$rel"
done

# deb_files REL PKG: the paths in REL's PKG .deb.
deb_files() {
	dpkg-deb -c "$tmp/deb-$1/$2"_*.deb | awk '{ print $6 }' | sed 's,^\./,/,'
}

# Units go where the release's debhelper puts them (dh_installsystemd):
# Debian 12 under /lib/systemd/system, Debian 13 under
# /usr/lib/systemd/system, its merged-/usr path (a directory of ours under
# /lib there is not empty on purge, and dpkg says so).  On Debian 13 no
# package of ours has a path under /lib, /bin or /sbin at all.
# units_in REL DIR: both units of sctpctl in DIR, and on a merged-/usr
# release, no aliased path.
units_in() {
	local rel=$1 dir=$2 u got p

	debs "$rel" || return
	for u in sctp-ootb.service sctp-ootb@.service; do
		got=$(deb_files "$rel" sctpctl | grep -E "/$u\$" | tr '\n' ' ')
		[ "$got" = "$dir/$u " ] ||
			{ fail "$rel's sctpctl with $dir/$u" "'$got'"; return; }
	done
	[ "$rel" != bookworm ] || return 0
	for p in sctp-ootb-dkms sctpctl libsctpootb1 libsctpootb-dev; do
		got=$(deb_files "$rel" "$p" | grep -E '^/(lib|lib64|bin|sbin)/' | head -n 3 | tr '\n' ' ')
		[ -z "$got" ] || { fail "no aliased path in $rel's $p" "$got"; return; }
	done
}
# checks: deb-units-bookworm deb-units-trixie
for_release deb-units-bookworm bookworm units_in /lib/systemd/system
for_release deb-units-trixie trixie units_in /usr/lib/systemd/system

# trixie's dkms depends on no compiler (it recommends gcc) and neither
# release's on kernel headers: the -dkms package brings a compiler itself,
# and recommends the default kernel's headers and source (a kernel of
# another flavour or series is told what it lacks when it is installed).
# dkms_depends REL: each group of alternatives below is one of its field's.
dkms_depends() {
	local rel=$1 deb f want

	debs "$rel" || return
	deb=$(ls "$tmp/deb-$rel"/sctp-ootb-dkms_*_all.deb)
	for f in "Depends:gcc | c-compiler" Depends:make Depends:patch Depends:kmod \
		Depends:xz-utils Depends:dkms \
		"Recommends:linux-headers-amd64 | linux-headers-generic" Recommends:linux-source; do
		want=${f#*:}
		dpkg-deb -f "$deb" "${f%%:*}" | tr ',' '\n' | sed 's/^ *//; s/ *$//' |
			grep -q -x -e "$want" -e "$want ([^)]*)" ||
			{ fail "${f%%:*}: $want" "$(dpkg-deb -f "$deb" "${f%%:*}")"; return; }
	done
	echo "Depends: $(dpkg-deb -f "$deb" Depends)"
	echo "Recommends: $(dpkg-deb -f "$deb" Recommends)"
}
# checks: dkms-depends-bookworm dkms-depends-trixie
for_release dkms-depends-bookworm bookworm dkms_depends
for_release dkms-depends-trixie trixie dkms_depends

check_summary
