#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make install: the modules go to /lib/modules/KVER/updates/sctp-ootb, where
# depmod makes them win over the distribution's sctp.ko; sctpctl and its man
# pages go under PREFIX.
#   scripts/install.sh KVER OUT BIN DESTDIR PREFIX
set -eu
kver=$1 out=$2 bin=$3 destdir=$4 prefix=$5
top=$(cd "$(dirname "$0")/.." && pwd)
moddir=$destdir/lib/modules/$kver/updates/sctp-ootb

install -d "$moddir"
for m in "$out/sctp/sctp.ko" "$out/sctp/sctp_diag.ko" "$out/ootb/sctp_ootb.ko"; do
	[ -f "$m" ] || continue
	install -m 0644 "$m" "$moddir/"
	echo "install: $moddir/$(basename "$m")"
done
if [ -x "$bin/sctpctl" ]; then
	install -D -m 0755 "$bin/sctpctl" "$destdir$prefix/sbin/sctpctl"
	install -D -m 0644 "$top/tools/sctpctl/sctpctl.8" "$destdir$prefix/share/man/man8/sctpctl.8"
	install -D -m 0644 "$top/tools/sctpctl/sctp-ootb.7" "$destdir$prefix/share/man/man7/sctp-ootb.7"
	echo "install: $destdir$prefix/sbin/sctpctl"
fi

if [ -n "$destdir" ]; then
	echo "install: staged under $destdir: run 'depmod $kver' on the target"
	exit 0
fi
depmod "$kver"

# Which sctp.ko will modprobe pick now?  And is one already loaded?
picked=$(modinfo -k "$kver" -F filename sctp 2>/dev/null || true)
case "$picked" in
*/updates/sctp-ootb/*) echo "install: modprobe sctp now loads $picked" ;;
*) echo "install: warning: modprobe sctp still picks ${picked:-nothing} for $kver; check depmod's search order (/etc/depmod.d)" >&2 ;;
esac
if [ "$(uname -r)" = "$kver" ] && [ -d /sys/module/sctp ]; then
	case "$(cat /sys/module/sctp/version 2>/dev/null)" in
	ootb.*) ;;
	*) echo "install: warning: the stock sctp.ko is loaded and cannot be unloaded while network namespaces hold it: reboot to use the patched one" >&2 ;;
	esac
fi
