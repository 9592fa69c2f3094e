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
# and tests/vm/suites/all/*.sh in both, in name order with the boot's own.
#
# The peers' suites (tests/vm/peer.sh) report each test's result from both
# boots; after the boots, tests/vm/peer-compare.sh turns them into the
# checks peer-suite-NAME and peer-covered-NAME.
#   none     no sctp.ko in the image at all (make bench's ceiling)
#
# Prints one line per check ("ok NAME" / "not ok NAME: ..."), then
# "N passed, N failed" summed over the boots; exits non-zero on any failure.
# A boot that does not write its success token, or whose console shows a
# kernel BUG, WARNING, Oops, Call Trace, lockdep or KASAN report, counts as
# a failed check of its own.  --demo shows instead, in a few lines, the
# stock failure and the working association.

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

# What the console must never show (the dmesg dump at the end included).
KERNEL_ERRORS='BUG:|WARNING:|Oops|Call Trace|Kernel panic|general protection fault|KASAN|UBSAN|lockdep|possible recursive locking|possible circular locking|INFO: task .* blocked|rcu.*detected stall|kernel BUG'
# ...except the banners a debug kernel (make check-debug) prints at boot.
KERNEL_BANNERS='RCU lockdep checking is enabled'

die() {
	echo "run.sh: $*" >&2
	exit 2
}

[ -r "$KERNEL" ] || die "no kernel $KERNEL"
[ -d "$MODDIR" ] || die "no modules $MODDIR"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"
mkdir -p "$VMDIR" || exit 2

PASSED=0
FAILED=0

result() {
	case "$1" in
	"ok "*) PASSED=$((PASSED + 1)) ;;
	*) FAILED=$((FAILED + 1)) ;;
	esac
	echo "$1"
}

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

# add_tree DIR DEST: every file of DIR, ELF programs with their libraries.
add_tree() {
	local f
	[ -d "$1" ] || { echo "missing $1 (make peer)"; return 1; }
	find "$1" -type f | sort | while read -r f; do
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

# Is suite file FILE selected by VM_SUITES?  A demo runs by default only
# the suites that show something in it (they set T_DEMO_CHECKS).
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
	return $rc
}

make_manifest() {
	local boot=$1 f m mods suites
	: >"$MANIFEST"
	NEEDS_HOSTFS=0
	for f in $(suite_files "$boot"); do
		grep -q '^# needs: hostfs' "$f" && NEEDS_HOSTFS=1
	done
	manifest_add /usr/bin/busybox usr/bin/busybox
	for f in $(sed -e 's/#.*//' "$HERE/image.tools") $VM_EXTRA_TOOLS; do
		[ -x "$f" ] || { echo "missing $f (make deps)"; return 1; }
		add_elf "$(readlink -f "$f")" "usr/bin/${f##*/}"
	done
	[ -x "$BIN/usctp" ] || { echo "missing $BIN/usctp (build tests/prog first)"; return 1; }
	for f in "$BIN"/*; do
		[ -f "$f" ] && [ -x "$f" ] && add_elf "$f" "usr/bin/${f##*/}"
	done
	suites=$(suite_files "$boot")
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
	local accel=$1 opt=$1 cpu=max hostfs=
	if [ "$accel" = kvm ]; then
		cpu=host
	else
		opt="tcg,thread=$VM_TCG_THREAD"
	fi
	[ "$NEEDS_HOSTFS" = 1 ] &&
		hostfs="-virtfs local,path=/,mount_tag=hostfs,security_model=none,readonly=on,multidevs=remap"
	rm -f "$CONSOLE" "$RESULTS"
	: >"$RESULTS"
	timeout -k 10 "$VM_TIMEOUT" qemu-system-x86_64 \
		-accel "$opt" -cpu "$cpu" -m "$VM_MEM" -smp "$VM_SMP" $VM_QEMU_ARGS \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$KERNEL" -initrd "$IMAGE" $hostfs \
		-append "console=ttyS0 quiet panic=-1 panic_on_warn=1 oops=panic ootbtest.demo=$DEMO${VM_APPEND:+ $VM_APPEND}" \
		-serial "file:$CONSOLE" -serial "file:$RESULTS" \
		</dev/null >"$VMDIR/$BOOT.qemu.log" 2>&1 &
	QPID=$!
}

run_boot() {
	local accel=$VM_ACCEL rc start line tok n i
	BOOT=$1
	CONSOLE=$VMDIR/$BOOT.console.log
	RESULTS=$VMDIR/$BOOT.results

	start=$(date +%s)
	if ! build_image "$BOOT" >"$VMDIR/$BOOT.build.log" 2>&1; then
		result "not ok boot-$BOOT: expected an initramfs, got: $(tail -n 1 "$VMDIR/$BOOT.build.log")"
		return
	fi

	qemu_boot "$accel"
	if [ "$accel" = kvm ]; then
		# KVM is trusted only once init has spoken.
		for ((i = 0; i < VM_KVM_PROBE * 10; i++)); do
			grep -q '^# boot' "$RESULTS" 2>/dev/null && break
			kill -0 "$QPID" 2>/dev/null || break
			sleep 0.1
		done
		if ! grep -q '^# boot' "$RESULTS" 2>/dev/null; then
			kill "$QPID" 2>/dev/null
			wait "$QPID" 2>/dev/null
			[ "$DEMO" = 1 ] || echo "# $BOOT: kvm did not bring init up in ${VM_KVM_PROBE}s, using tcg"
			accel=tcg
			qemu_boot "$accel"
		fi
	fi

	tail -n +1 -s 0.2 -f --pid="$QPID" "$RESULTS" 2>/dev/null | show_live &
	local tailpid=$!
	wait "$QPID"
	rc=$?
	wait "$tailpid"

	# The host's own count, from the lines the VM sent.
	tr -d '\r' <"$RESULTS" >"$RESULTS.txt"
	n=$(grep -c -E '^(ok|not ok) ' "$RESULTS.txt")
	PASSED=$((PASSED + $(grep -c '^ok ' "$RESULTS.txt")))
	FAILED=$((FAILED + $(grep -c '^not ok ' "$RESULTS.txt")))

	tok=$(grep -m 1 "^OOTBTEST-TOKEN $BOOT " "$RESULTS.txt")
	if [ -z "$tok" ]; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			result "not ok boot-$BOOT: expected the success token, got a timeout after ${VM_TIMEOUT}s ($n checks reported; console: $CONSOLE)"
		else
			result "not ok boot-$BOOT: expected the success token, got none: the VM stopped early ($n checks reported; console: $CONSOLE)"
		fi
	elif [ "$(echo "$tok" | awk '{ print $3 + $4 }')" != "$n" ]; then
		result "not ok boot-$BOOT: expected the $n checks seen, got a token for: $tok"
	fi
	# Kernel lines only (printk timestamps): the check logs dumped on the
	# console are the tests' own words.
	line=$(tr -d '\r' <"$CONSOLE" 2>/dev/null |
		grep -E '^\[ *[0-9]+\.[0-9]+\]' | grep -E "$KERNEL_ERRORS" |
		grep -v -E "$KERNEL_BANNERS" | head -n 1)
	if [ -n "$line" ]; then
		result "not ok console-$BOOT: expected a clean kernel log, got: $line (see $CONSOLE)"
	fi
	[ "$DEMO" = 1 ] || echo "# boot $BOOT ($accel): $(($(date +%s) - start)) s"
}

# The peers' suites: identical results on both boots, and which tests a
# covering discard range changed (tests/vm/peer-compare.sh).
peer_compare() {
	local line
	grep -q -E '^peer-(due|begin) ' "$VMDIR"/*.results.txt 2>/dev/null || return 0
	: >"$VMDIR/peer.checks"
	"$HERE/peer-compare.sh" "$VMDIR" "$HERE/peer-ootb-abort.txt" $VM_BOOTS |
	while IFS= read -r line; do
		case "$line" in
		"ok "* | "not ok "*) echo "$line" >>"$VMDIR/peer.checks" ;;
		esac
		echo "$line"
	done
	while IFS= read -r line; do
		case "$line" in
		"ok "*) PASSED=$((PASSED + 1)) ;;
		*) FAILED=$((FAILED + 1)) ;;
		esac
	done <"$VMDIR/peer.checks"
}

T0=$(date +%s)
rm -f "$VMDIR"/*.results.txt "$VMDIR/peer.checks"
for b in $VM_BOOTS; do
	run_boot "$b"
done
[ "$DEMO" = 1 ] || peer_compare
[ "$DEMO" = 1 ] || echo "# total: $(($(date +%s) - T0)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
