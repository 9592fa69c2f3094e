#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The MAKE step of sctp-ootb's dkms.conf, run by dkms in its build directory
# (a fresh copy of /usr/src/sctp-ootb-VERSION):
#
#   sh kmod/dkms/make.sh KVER KDIR [KSRC]
#
# The same steps as the top-level Makefile's sctp and ootb targets, through
# the same scripts: kmod/sctp/prepare.sh lays out the patched net/sctp of
# KVER, kbuild builds sctp.ko + sctp_diag.ko, kmod/sctp/check-symvers.sh
# compares their exported CRCs with the stock module's, then kbuild builds
# sctp_ootb.ko against them.  Output in out/sctp and out/ootb.  On failure
# the last line is "sctp-ootb: build failed for KVER: REASON", which the
# kernel hook reports (dkms keeps this output in its make.log).
set -u

[ $# -ge 2 ] || { echo "usage: $0 KVER KDIR [KSRC]" >&2; exit 2; }
kver=$1 kdir=$2 ksrc=${3:-}
top=$(pwd)
out=$top/out
log=$out/step.log
jobs=$(nproc 2>/dev/null || echo 1)
mkdir -p "$out"

failed() {
	echo "sctp-ootb: build failed for $kver: $*" >&2
	exit 1
}

# step NAME head|tail PATTERN CMD...: run CMD with its output shown; on
# failure, the reason is the first or last line matching PATTERN (else the
# last line).
step() {
	_name=$1 _which=$2 _pat=$3
	shift 3
	"$@" >"$log" 2>&1
	_rc=$?
	cat "$log"
	[ "$_rc" = 0 ] && return 0
	_why=$(grep -E "$_pat" "$log" | "$_which" -n 1)
	[ -n "$_why" ] || _why=$(tail -n 1 "$log")
	failed "$_name: $_why"
}

echo "sctp-ootb: building for $kver against $kdir"
[ -f "$kdir/Makefile" ] || failed "no kbuild tree at $kdir: install linux-headers-$kver"

step "sctp source" tail '^prepare: [^w]' sh kmod/sctp/prepare.sh "$kver" "$out" "$ksrc"
step "sctp.ko" head ': error: |ERROR: ' make -j"$jobs" -C "$kdir" M="$out/sctp" \
	KCFLAGS="-I$top/include" modules
step "symbol versions" tail '^symvers: ' \
	sh kmod/sctp/check-symvers.sh "$kdir/Module.symvers" "$out/sctp/Module.symvers"

mkdir -p "$out/ootb"
cp kmod/ootb/Kbuild kmod/ootb/*.c kmod/ootb/*.h "$out/ootb/"
step "sctp_ootb.ko" head ': error: |ERROR: ' make -j"$jobs" -C "$kdir" M="$out/ootb" \
	OOTB_INCLUDE="$top/include" KBUILD_EXTRA_SYMBOLS="$out/sctp/Module.symvers" modules

for m in sctp/sctp sctp/sctp_diag ootb/sctp_ootb; do
	[ -f "$out/$m.ko" ] || failed "kbuild made no $m.ko"
done
echo "sctp-ootb: built $(modinfo -F version "$out/sctp/sctp.ko") from $(modinfo -F ootb_source "$out/sctp/sctp.ko")"
# A record of an earlier failure for this kernel is history now.
. kmod/dkms/record.sh
sctp_ootb_unbuilt_clear "$kver" 2>/dev/null
exit 0
