#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM: load sctp.ko (the stock one or ours, whichever this
# image carries), build the two-namespace topology, run every suite file of
# this boot in order, and only then write the success token on the results
# channel.  A panic, an oops or a hang never reaches the token, so the host
# counts the boot as failed.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/netns

. /etc/ootbtest.conf	# BOOT, KVER

# A debug kernel (make check-debug) has kmemleak: forget what the kernel's
# own boot left unreferenced, so that the scan at the end of this boot
# reports only what the suites leaked.  Objects must be seen unreferenced
# by two scans before kmemleak reports them.
KMEMLEAK=/sys/kernel/debug/kmemleak
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -w "$KMEMLEAK" ]; then
	echo scan >"$KMEMLEAK"
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
else
	KMEMLEAK=
fi

# fd 3: the results channel (second serial port), read by the host.
stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1

. /tests/lib.sh

# run.sh's --demo, and the checks to run and how many times each
# (VM_CHECKS, VM_REPEAT): tests/lib/check.sh skips the others.
T_DEMO=$(knob demo 0) T_CHECKS=$(knob checks "") T_REPEAT=$(knob repeat 1)
export T_DEMO T_CHECKS T_REPEAT BOOT KVER

t_say "# boot $BOOT: kernel $(uname -r), $(nproc) cpus"

# The stock boot must run Debian's module, the patched one ours: the
# patched build carries a MODULE_VERSION, the stock one none.
sctp_identity() {
	if [ "$BOOT" = none ]; then	# make bench's ceiling: no sctp.ko at all
		! modprobe -q sctp 2>/dev/null && [ ! -d /sys/module/sctp ] ||
			{ echo "none boot, but sctp.ko is loaded"; return 1; }
		return 0
	fi
	modprobe sctp || return
	modprobe sctp_diag || return
	_v=$(cat /sys/module/sctp/version 2>/dev/null)
	case "$BOOT:$_v" in
	stock:) ;;
	stock:*) echo "stock boot, but sctp.ko has version '$_v'"; return 1 ;;
	*:) echo "patched boot, but sctp.ko has no version: the stock module was loaded"; return 1 ;;
	esac
}

if step "setup-$BOOT-sctp" sctp_identity &&
   t_say "# sctp.ko: $(modinfo -F filename sctp 2>/dev/null || echo none), version $(cat /sys/module/sctp/version 2>/dev/null || echo none)" &&
   step "setup-$BOOT-topology" topo_up; then
	for f in /tests/suites/$BOOT/*.sh; do
		[ -e "$f" ] || continue
		# A suite ends with "exit 0" unless it died on its way.
		(. "$f"; exit 0)
		rc=$?
		[ "$rc" = 0 ] ||
			result "not ok suite-${f##*/}: expected the suite to run to its end, got exit status $rc"
	done
fi

# kmemleak: whatever the suites left unreferenced.  Two scans, five seconds
# apart: kmemleak ignores objects younger than that and reports an object
# only when a second scan still finds no reference to it.
kmemleak_clean() {
	local n

	echo scan >"$KMEMLEAK"
	sleep 6
	echo scan >"$KMEMLEAK"
	cat "$KMEMLEAK" >/tmp/kmemleak.txt
	n=$(grep -c '^unreferenced object' /tmp/kmemleak.txt)
	echo "----- kmemleak: $n unreferenced objects -----"
	cat /tmp/kmemleak.txt
	[ "$n" = 0 ] || fail "no unreferenced object" \
		"$n, first: $(grep -m 1 -A 12 '^unreferenced object' /tmp/kmemleak.txt |
			sed -n 's/^ *\[<[0-9a-f]*>\] //p' | grep -v -e '^kmem' -e '^__kmem' -e '^slab' -e '^__kmalloc' -e '^kmalloc' |
			head -n 4 | tr '\n' ' ')"
}
[ -n "$KMEMLEAK" ] && check "kmemleak-$BOOT" kmemleak_clean

check_logs

# Everything the kernel said, for the host's scan for BUG/WARNING/Oops.
echo "----- dmesg -----"
dmesg
echo "----- end of dmesg -----"

t_say "# boot $BOOT: $(check_summary)"
check_token "$BOOT"
sync
poweroff -f
