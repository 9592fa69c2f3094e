#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the target kernel in QEMU and run the VM checks.
#
#   tests/vm/run.sh [--demo]
#
# Environment:
#   KVER        kernel release (required): /boot/vmlinuz-$KVER, /lib/modules/$KVER
#   OUT         build dir for that kernel (default build/$KVER): $OUT/sctp/sctp.ko,
#               $OUT/sctp/sctp_diag.ko (patched build), $OUT/testmod/*.ko,
#               $OUT/ootb/*.ko; images and logs go to $OUT/vm/
#   BIN         userspace binaries to ship in the image (default build/bin):
#               every executable in it, e.g. usctp, sctpctl
#   VM_BOOTS    boots to run, in order (default "stock patched")
#   VM_ACCEL    tcg (default) or kvm; kvm must bring init up within
#               VM_KVM_PROBE seconds (default 30) or the boot falls back to tcg
#   VM_TIMEOUT  hard limit for one boot, in seconds (default 1500: the
#               patched boot runs the peers' suites twice and the abuse
#               checks, minutes under TCG, more on a loaded host)
#   VM_TCG_THREAD  single (default) or multi: with multi-threaded TCG a
#               6.12 guest once died at boot, before init, on an int3 left
#               behind by kernel text patching (a stale translation on the
#               other vCPU; once in about 40 boots); single-threaded TCG runs
#               the two vCPUs in turn, which rules that race out, and costs
#               ~30% more time
#   VM_SUITES   suite files to run, as shell patterns (default "*", with
#               --demo the files that set T_DEMO_CHECKS), e.g. "10-* 20-*"
#   VM_SET      a named set of suite files: those with a line "# sets: NAME"
#               (e.g. VM_SET=core, what CI runs on the secondary kernels)
#   VM_CHECKS   checks to run, by name: shell patterns separated by blanks
#               or commas, e.g. "unload-churn" or "mixed-deploy-*" (what
#               else a selection does: tests/README.md, "One check alone")
#   VM_REPEAT   each selected check run N times in one boot, as NAME#1 to
#               NAME#N (default 1)
#   VM_SUITE_DIR  the directory of the suite dirs BOOT/ (default
#               tests/vm/suites; make bench: tests/vm/bench, see tests/bench/vm.sh)
#   VM_DIR      images and logs (default $OUT/vm)
#   VM_KERNEL   the kernel image to boot (default /boot/vmlinuz-$KVER)
#   VM_MODROOT  the root of its module tree, $VM_MODROOT/lib/modules/$KVER
#               (default /); make check-debug points both at its own kernel
#   VM_MEM      guest memory in MiB (default 512)
#   VM_APPEND   more kernel command line (default none)
#   VM_BUILD    where the peers' suites were built (default build/; see
#               tests/peer/build.sh)
#   VM_SMP      vCPUs (default 2)
#   VM_QEMU_ARGS  more qemu-system-x86_64 arguments (default none; make
#               bench: -icount, so that guest time counts guest instructions)
#   VM_SCTP_DIR the patched boot's sctp.ko and sctp_diag.ko (default
#               $OUT/sctp; make bench: a variant of the patch built apart)
#   VM_EXTRA_TOOLS, VM_EXTRA_MODULES  more host programs (as in image.tools)
#               and kernel modules (with their dependencies) for the image
#               (default none; make bench: nft, perf, iperf3, nf_tables)
#
# The image: busybox, the programs listed in tests/vm/image.tools and their
# libraries, the executables of $BIN, a depmod'ed module tree (Debian's
# modules that sctp.ko and veth need; ours under updates/), init.sh, lib.sh
# and the suite files of the boot.  A suite file may ask for more, only
# for the images that carry it, with lines
#   #@image tool PATH        a program and its libraries, as /usr/bin/NAME
#   #@image tree DIR DEST    every file of $VM_BUILD/DIR (SERIES in DIR is
#                            KVER's X.Y), ELF programs with their libraries
#   #@image file NAME DEST   tests/vm/NAME
#   #@image lib PATH         a shared library that programs open at run time
#                            (dlopen), not listed by ldd, at its own path
#   #@image module NAME      a kernel module and its dependencies
# The image is cached in $OUT/vm/ while its inputs do not change.
#
# A suite file with a line "# needs: hostfs" runs programs of the host
# (python3 and the kernel's ynl tools): when one is selected, the boot also
# gets the host's root filesystem, read-only over virtio-9p (mount tag
# "hostfs", see hostfs_up in lib.sh), and the 9p modules; other boots stay
# as they are.
#
# One boot per sctp.ko, since a loaded sctp.ko cannot be unloaded:
#   stock    Debian's own sctp.ko          tests/vm/suites/stock/*.sh
#   patched  ours, from updates/            tests/vm/suites/patched/*.sh
#   none     no sctp.ko in the image at all (make bench's ceiling)
# and tests/vm/suites/all/*.sh in both, in name order with the boot's own.
#
# The peers' suites (tests/vm/peer.sh) report each test's result from both
# boots; after the boots, tests/vm/peer-compare.sh turns them into the
# checks peer-suite-NAME and peer-covered-NAME.
#
# Prints one line per check, then "N passed, N failed" summed over the
# boots (tests/lib/check.sh); exits non-zero on any failure.  A boot
# without its success token, or with a kernel error on its console, is a
# failed check of its own (tests/lib/boot.sh).  --demo shows instead, in a
# few lines, the stock failure and the working association.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

DEMO=0
case "${1:-}" in
--demo) DEMO=1 ;;
"") ;;
*) echo "usage: $0 [--demo]" >&2; exit 2 ;;
esac

: "${KVER:?set KVER to the kernel release to boot, e.g. 6.1.0-56-amd64}"
OUT=${OUT:-$ROOT/build/$KVER}
BIN=${BIN:-$ROOT/build/bin}
VM_BOOTS=${VM_BOOTS:-stock patched}
VM_ACCEL=${VM_ACCEL:-tcg}
VM_KVM_PROBE=${VM_KVM_PROBE:-30}
VM_TIMEOUT=${VM_TIMEOUT:-1500}
VM_TCG_THREAD=${VM_TCG_THREAD:-single}
VM_SUITES_SET=${VM_SUITES:+1}
VM_SUITES=${VM_SUITES:-*}
VM_SET=${VM_SET:-}
VM_CHECKS=$(echo "${VM_CHECKS:-}" | tr ', ' '\n\n' | grep -v '^$' | tr '\n' ',' | sed 's/,$//')
VM_REPEAT=${VM_REPEAT:-1}
VM_SUITE_DIR=${VM_SUITE_DIR:-$HERE/suites}
VM_MEM=${VM_MEM:-512}
VM_APPEND=${VM_APPEND:-}
VM_MODROOT=${VM_MODROOT:-}
VM_BUILD=${VM_BUILD:-$ROOT/build}
SERIES=$(echo "$KVER" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
VM_SMP=${VM_SMP:-2}
VM_QEMU_ARGS=${VM_QEMU_ARGS:-}
VM_SCTP_DIR=${VM_SCTP_DIR:-$OUT/sctp}
VM_EXTRA_TOOLS=${VM_EXTRA_TOOLS:-}
VM_EXTRA_MODULES=${VM_EXTRA_MODULES:-}

KERNEL=${VM_KERNEL:-/boot/vmlinuz-$KVER}
MODDIR=$VM_MODROOT/lib/modules/$KVER
VMDIR=${VM_DIR:-$OUT/vm}

die() {
	echo "run.sh: $*" >&2
	exit 2
}

[ -r "$KERNEL" ] || die "no kernel $KERNEL"
[ -d "$MODDIR" ] || die "no modules $MODDIR"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"
mkdir -p "$VMDIR" || exit 2

# The host's own checks (boot-BOOT, console-BOOT, the peers') and the
# boots' lines are counted in $T_RESULTS (tests/lib/check.sh).
T_DIR=$VMDIR/host
rm -rf "$T_DIR"
. "$ROOT/tests/lib/check.sh"
. "$ROOT/tests/lib/boot.sh"
trap boot_kill_all EXIT

# ---- the image ---------------------------------------------------------------

# Lines "SRC DEST" (DEST relative to the image root) for everything copied.
manifest_add() {
	printf '%s %s\n' "$1" "$2" >>"$MANIFEST"
}

add_elf() {
	local src=$1 dest=$2 lib
	manifest_add "$src" "$dest"
	# Shared libraries at the paths the loader asks for.
	ldd "$src" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }' | while read -r lib; do
		manifest_add "$lib" "${lib#/}"
	done
}

# The modules a boot needs (sctp, sctp_diag, veth and those of
# $EXTRA_MODULES), by their path under lib/modules/$KVER.
module_closure() {
	local m extra=
	[ "$NEEDS_HOSTFS" = 1 ] && extra="virtio_pci 9pnet_virtio 9p"
	for m in sctp sctp_diag veth $EXTRA_MODULES $VM_EXTRA_MODULES $extra; do
		modprobe -d "${VM_MODROOT:-/}" -S "$KVER" --show-depends "$m" || return
	done | awk '$1 == "insmod" { print $2 }' | sed 's|//*|/|g' | sort -u |
		sed "s|^$(echo "$MODDIR" | sed 's|//*|/|g')/||"
}

# The suite files of a boot: its own and those of all/, in name order.
suite_files() {
	local f
	for f in "$VM_SUITE_DIR/$1"/*.sh "$VM_SUITE_DIR/all"/*.sh; do
		[ -e "$f" ] && suite_wanted "$f" && printf '%s %s\n' "${f##*/}" "$f"
	done | sort | cut -d' ' -f2-
}

# add_tree DIR DEST: every file of DIR, ELF programs with their libraries;
# a link to a file (a library's soname) as a copy of it.
add_tree() {
	local f
	[ -d "$1" ] || { echo "missing $1 (make peer)"; return 1; }
	find "$1" -xtype f | sort | while read -r f; do
		if [ -x "$f" ] && [ "$(head -c 4 "$f")" = "$(printf '\177ELF')" ]; then
			add_elf "$f" "$2/${f#"$1"/}"
		else
			manifest_add "$f" "$2/${f#"$1"/}"
		fi
	done
}

# The #@image lines of a suite file (see the head of this file).
suite_image() {
	local kind a b
	sed -n 's/^#@image //p' "$1" | while read -r kind a b; do
		case "$kind" in
		tool)	[ -x "$a" ] || { echo "missing $a, for ${1##*/} (make deps)"; return 1; }
			add_elf "$(readlink -f "$a")" "usr/bin/${a##*/}" ;;
		tree)	add_tree "$VM_BUILD/$(echo "$a" | sed "s/SERIES/$SERIES/g")" "$b" || return ;;
		file)	manifest_add "$HERE/$a" "$b" ;;
		lib)	[ -f "$a" ] || { echo "missing $a, for ${1##*/}"; return 1; }
			manifest_add "$(readlink -f "$a")" "${a#/}" ;;
		module)	;;	# see suite_modules
		*)	echo "${1##*/}: unknown '#@image $kind'"; return 1 ;;
		esac
	done
}

suite_modules() {
	[ $# -gt 0 ] || return 0
	sed -n 's/^#@image module //p' "$@" | tr '\n' ' '
}

# Is suite file FILE selected by VM_SUITES, VM_SET and VM_CHECKS?  A demo
# runs by default only the suites that show something in it (they set
# T_DEMO_CHECKS).
suite_wanted() {
	local m rc=1

	if [ "$DEMO" = 1 ] && [ -z "${VM_SUITES_SET:-}" ]; then
		grep -q '^T_DEMO_CHECKS=' "$1"
		return
	fi
	set -f	# the patterns are for suite names, not for this directory
	for m in $VM_SUITES; do
		case "${1##*/}" in
		$m) rc=0; break ;;
		esac
	done
	set +f
	[ "$rc" = 0 ] || return 1
	if [ -n "$VM_SET" ]; then
		sed -n 's/^# sets://p' "$1" | tr ' \t' '\n\n' | grep -q -x -F "$VM_SET" ||
			return 1
	fi
	[ -z "$VM_CHECKS" ] || suite_selects "$1"
}

# Does a name on stdin match a pattern of VM_CHECKS?  Either way: a
# computed name (kmemleak-*) is a pattern too.
named() {
	local n p rc=1

	set -f
	while read -r n; do
		for p in ${VM_CHECKS//,/ }; do
			[[ $n == $p || $p == $n ]] && rc=0
		done
	done
	set +f
	return $rc
}

# Does suite file FILE define a check VM_CHECKS names?
suite_selects() {
	sh "$ROOT/tests/lib/inventory.sh" "$1" | cut -d' ' -f2- | named
}

# Did the checks VM_CHECKS names run?  Their lines, repetitions included.
selected_ran() {
	sed -n -E 's/^(not )?ok ([^ :]*).*/\2/p' "$T_RESULTS" | sed 's/#[0-9]*$//' |
		named
}

make_manifest() {
	local boot=$1 f m mods suites
	: >"$MANIFEST"
	suites=$(suite_files "$boot")
	NEEDS_HOSTFS=0
	[ -n "$suites" ] && grep -q '^# needs: hostfs' $suites && NEEDS_HOSTFS=1
	manifest_add /usr/bin/busybox usr/bin/busybox
	for f in $(sed -e 's/#.*//' "$HERE/image.tools") $VM_EXTRA_TOOLS; do
		[ -x "$f" ] || { echo "missing $f (make deps)"; return 1; }
		add_elf "$(readlink -f "$f")" "usr/bin/${f##*/}"
	done
	[ -x "$BIN/usctp" ] || { echo "missing $BIN/usctp (build tests/prog first)"; return 1; }
	for f in "$BIN"/*; do
		[ -f "$f" ] && [ -x "$f" ] && add_elf "$f" "usr/bin/${f##*/}"
	done
	for f in $suites; do
		suite_image "$f" || return
	done
	EXTRA_MODULES=$(suite_modules $suites)
	mods=$(module_closure)
	[ -n "$mods" ] || { echo "no module closure for sctp $EXTRA_MODULES in $MODDIR"; return 1; }
	for m in $mods; do
		case "$boot:$m" in
		patched:kernel/net/sctp/*) continue ;;	# only ours in that image
		none:kernel/net/sctp/*) continue ;;
		esac
		manifest_add "$MODDIR/$m" "lib/modules/$KVER/$m"
	done
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -e "$MODDIR/$f" ] && manifest_add "$MODDIR/$f" "lib/modules/$KVER/$f"
	done
	if [ "$boot" = patched ]; then
		for f in "$VM_SCTP_DIR"/sctp.ko "$VM_SCTP_DIR"/sctp_diag.ko; do
			[ -e "$f" ] || { echo "missing $f (build the patched sctp.ko first)"; return 1; }
			manifest_add "$f" "lib/modules/$KVER/updates/${f##*/}"
		done
		for f in "$OUT"/testmod/*.ko "$OUT"/ootb/*.ko; do
			[ -e "$f" ] && manifest_add "$f" "lib/modules/$KVER/updates/${f##*/}"
		done
	elif [ "$boot" = stock ]; then
		# The companion next to the stock sctp.ko: it must refuse to load.
		for f in "$OUT"/ootb/*.ko; do
			[ -e "$f" ] && manifest_add "$f" "lib/modules/$KVER/updates/${f##*/}"
		done
	fi
	manifest_add "$HERE/init.sh" init
	manifest_add "$HERE/lib.sh" tests/lib.sh
	manifest_add "$ROOT/tests/lib/check.sh" tests/check.sh
	# The documentation whose examples 60-sctpctl.sh runs, and its runner.
	for f in $(sh "$ROOT/tests/cli/examples.sh" --docs); do
		manifest_add "$ROOT/$f" "tests/docs/${f##*/}"
	done
	manifest_add "$ROOT/tests/cli/examples.sh" tests/examples.sh
	for f in $suites; do
		manifest_add "$f" "tests/suites/$boot/${f##*/}"
	done
	return 0
}

build_image() {
	local boot=$1 img stage key src dest a
	img=$VMDIR/initramfs-$boot.cpio.gz
	MANIFEST=$VMDIR/manifest-$boot
	make_manifest "$boot" || return
	sort -u -o "$MANIFEST" "$MANIFEST"

	# Reuse the image while no input changed (path, size, mtime).
	key=$( {
		echo "$KVER $boot"
		stat -L -c '%n %s %Y' "$0" "$KERNEL"
		while read -r src dest; do
			stat -L -c "%n %s %Y $dest" "$src" || echo "missing $src"
		done <"$MANIFEST"
	} | sha256sum | cut -d' ' -f1)
	IMAGE=$img
	if [ -e "$img" ] && [ "$(cat "$img.key" 2>/dev/null)" = "$key" ]; then
		return 0
	fi

	stage=$VMDIR/root-$boot
	rm -rf "$stage"
	mkdir -p "$stage" || return
	(cd "$stage" && mkdir -p bin sbin usr/bin usr/sbin proc sys dev tmp run \
		root etc tests var "lib/modules/$KVER") || return
	ln -s ../run "$stage/var/run"
	while read -r src dest; do
		mkdir -p "$stage/$(dirname "$dest")" &&
			cp -L "$src" "$stage/$dest" || return
	done <"$MANIFEST"
	# Our modules come with debug info: a smaller image boots faster.
	find "$stage/lib/modules/$KVER/updates" -name '*.ko' \
		-exec strip --strip-debug {} + 2>/dev/null
	ln -s /usr/bin/dash "$stage/bin/sh"
	for a in modprobe depmod insmod rmmod lsmod modinfo; do
		ln -s /usr/bin/kmod "$stage/usr/sbin/$a"
	done
	ln -s /usr/bin/kmod "$stage/sbin/modprobe"	# the kernel's request_module()
	# busybox for everything no real tool is shipped for.
	for a in $(/usr/bin/busybox --list); do
		[ -e "$stage/usr/bin/$a" ] || [ -e "$stage/usr/sbin/$a" ] ||
			[ -e "$stage/bin/$a" ] || ln -s /usr/bin/busybox "$stage/bin/$a"
	done
	chmod 755 "$stage/init"
	printf 'root:x:0:0:root:/root:/bin/sh\ntcpdump:x:0:0::/:/bin/false\n' >"$stage/etc/passwd"
	printf 'root:x:0:\n' >"$stage/etc/group"
	printf 'BOOT=%s\nKVER=%s\nHOSTFS=%s\nHOST_ROOT=%s\n' "$boot" "$KVER" \
		"$NEEDS_HOSTFS" "$ROOT" >"$stage/etc/ootbtest.conf"
	depmod -b "$stage" "$KVER" || return
	(cd "$stage" && find . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$img.tmp" || return
	mv "$img.tmp" "$img" && echo "$key" >"$img.key"
	rm -rf "$stage"
}

# ---- one boot --------------------------------------------------------------------

# Print the results channel as it fills, as this mode wants it.
show_live() {
	local line
	tr -d '\r' | while IFS= read -r line; do
		case "$DEMO:$line" in
		1:"demo "*) echo "${line#demo }" ;;
		1:"not ok "*) echo "$line" ;;
		0:"ok "* | 0:"not ok "* | 0:"# "*) echo "$line" ;;
		esac
	done
}

qemu_boot() {
	local cpu=max hostfs=

	[ "$1" = kvm ] && cpu=host
	[ "$NEEDS_HOSTFS" = 1 ] &&
		hostfs="-virtfs local,path=/,mount_tag=hostfs,security_model=none,readonly=on,multidevs=remap"
	BOOT_ACCEL=$1 BOOT_CPU=$cpu
	[ "$1" = kvm ] || BOOT_ACCEL="tcg,thread=$VM_TCG_THREAD"
	boot_start "$BOOT" "$VMDIR" "$VM_TIMEOUT" "$KERNEL" "$IMAGE" \
		"ootbtest.demo=$DEMO${VM_CHECKS:+ ootbtest.checks=$VM_CHECKS} ootbtest.repeat=$VM_REPEAT${VM_APPEND:+ $VM_APPEND}" \
		-m "$VM_MEM" -smp "$VM_SMP" $VM_QEMU_ARGS $hostfs
}

run_boot() {
	local accel=$VM_ACCEL i results tailpid

	BOOT=$1
	results=$VMDIR/$BOOT.results
	if [ -n "$VM_CHECKS$VM_SET" ] && [ -z "$(suite_files "$BOOT")" ]; then
		echo "# boot $BOOT: no suite file selected (VM_SET, VM_CHECKS), not booted"
		return
	fi
	if ! build_image "$BOOT" >"$VMDIR/$BOOT.build.log" 2>&1; then
		result "not ok boot-$BOOT: expected an initramfs, got: $(tail -n 1 "$VMDIR/$BOOT.build.log")"
		return
	fi

	qemu_boot "$accel"
	if [ "$accel" = kvm ]; then
		# KVM is trusted only once init has spoken.
		for ((i = 0; i < VM_KVM_PROBE * 10; i++)); do
			grep -q '^# boot' "$results" 2>/dev/null && break
			kill -0 "${BOOT_PID[$BOOT]}" 2>/dev/null || break
			sleep 0.1
		done
		if ! grep -q '^# boot' "$results" 2>/dev/null; then
			boot_kill "$BOOT"
			[ "$DEMO" = 1 ] || echo "# $BOOT: kvm did not bring init up in ${VM_KVM_PROBE}s, using tcg"
			accel=tcg
			qemu_boot "$accel"
		fi
	fi

	tail -n +1 -s 0.2 -f --pid="${BOOT_PID[$BOOT]}" "$results" 2>/dev/null | show_live &
	tailpid=$!
	BOOT_SHOWN=1 boot_wait "$BOOT" "$BOOT"
	wait "$tailpid"
	[ "$DEMO" = 1 ] || echo "# boot $BOOT ($accel): $(boot_seconds "$BOOT") s"
}

# The peers' suites: identical results on both boots, and which tests a
# covering discard range changed (tests/vm/peer-compare.sh).
peer_compare() {
	local line

	grep -q -E '^peer-(due|begin) ' "$VMDIR"/*.results.txt 2>/dev/null || return 0
	"$HERE/peer-compare.sh" "$VMDIR" "$HERE/peer-ootb-abort.txt" $VM_BOOTS >"$T_DIR/peer.out"
	while IFS= read -r line; do
		case "$line" in
		"ok "* | "not ok "*) result "$line" ;;
		*) echo "$line" ;;
		esac
	done <"$T_DIR/peer.out"
}

T0=$(date +%s)
rm -f "$VMDIR"/*.results.txt
if [ -n "$VM_CHECKS" ] && [ -z "$(for b in $VM_BOOTS; do suite_files "$b"; done)" ]; then
	result "not ok select: expected a check named '$VM_CHECKS' in the suite files of the boots $VM_BOOTS, got none (make list-checks)"
	check_summary
	exit 1
fi
for b in $VM_BOOTS; do
	run_boot "$b"
done
[ "$DEMO" = 1 ] || peer_compare
[ -z "$VM_CHECKS" ] || selected_ran ||
	result "not ok select: expected the checks named '$VM_CHECKS' to run, got none of them"
[ "$DEMO" = 1 ] || echo "# total: $(($(date +%s) - T0)) s"
check_summary
