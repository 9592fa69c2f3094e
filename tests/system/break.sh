#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Can the system lane's checks fail?  Build the packages from a copy of the
# tree with known defects, run the lane on them, and say for each defect
# whether the checks that must catch it did.  Not part of CI (a whole lane
# run); the baselines of run.sh cover the rest (stock module, dkms alone).
#
#   KVER=... tests/system/break.sh        (after make deb progs)
#
# The defects, and the checks that must fail:
#   sctp_diag.ko without a version  pkg-installs, boot-patched (dkms keeps
#                                   Debian's unversioned sctp_diag.ko)
#   no ExecReload                   reload-applies
#   stop flushes the table          stop-keeps
#   the template reads another file netns-template, boot-restores (the
#                                   peer's kernel answers the client's port)
#   sctp loads no sctp_ootb         softdep-loads-companion
#   sctpctl without the preload     claim-auto-installed (run --auto has
#   library of run --auto           no library to preload)
#   the -dkms package's prerm drops trixie-purge-restores-stock,
#   dkms's archive of the stock     purge-restores-stock (nothing to put
#   modules                         back on Debian 13's kernels)
# and, with SYSTEM_FAULT=unbuilt (run.sh), the upgrade to Debian 13 with
#   its kernel's headers held back  dist-upgrade-restores,
#                                   trixie-pkg-installs
# (on the backports kernel, the defects above make trixie-kernel-upgrade
# and trixie-boot-restores fail: sctp_diag.ko, the template).
set -u
: "${KVER:?set KVER}"
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/system-break
tree=$work/tree

rm -rf "$work"
mkdir -p "$tree"
git -C "$top" ls-files -z --cached --others --exclude-standard |
	(cd "$top" && xargs -0 cp -P --parents -t "$tree" --)

sed -i '/^sctp_diag-y += sctp_diag_ootb.o$/d' "$tree/kmod/sctp/Kbuild"
sed -i -e '/^ExecReload=/d' \
	-e 's|^\[Install\]$|ExecStop=/usr/sbin/sctpctl flush\n\n[Install]|' \
	"$tree/host/systemd/sctp-ootb.service"
sed -i 's|/etc/sctp-ootb/netns/%i.conf|/etc/sctp-ootb/%i.conf|' \
	"$tree/host/systemd/sctp-ootb@.service"
sed -i 's| \&\& { /sbin/modprobe -q sctp_ootb; :; }||' "$tree/kmod/dkms/modprobe.conf"
sed -i '/libsctpootb-auto\.so/d' "$tree/debian/sctpctl.install"
echo 'usr/lib/*/sctpootb/libsctpootb-auto.so' >"$tree/debian/not-installed"
printf '#!/bin/sh\nset -e\nrm -rf /var/lib/dkms/sctp-ootb/original_module\n#DEBHELPER#\n' \
	>"$tree/debian/sctp-ootb-dkms.prerm"

"$tree/scripts/mkdeb.sh" "$work/deb" >/dev/null || exit 2
echo "# the lane on the broken packages (log: $work/lane.log)"
SYSTEM_DIR=$work/system SYSTEM_NOSRC_KVERS= SYSTEM_FAULT=unbuilt DEBS=$work/deb \
	BIN=${BIN:-$top/build/bin} "$top/tests/system/run.sh" >"$work/lane.log" 2>&1
grep -E '^(ok|not ok) ' "$work/lane.log" | sed 's/^/# lane: /'

T_DIR=$work/checks
. "$top/tests/lib/check.sh"
caught() {
	grep -q "^not ok $1:" "$work/lane.log" ||
		fail "'$1' to fail on the broken packages" "$(grep -m 1 " $1" "$work/lane.log")"
}
for name in pkg-installs boot-patched reload-applies stop-keeps \
	netns-template boot-restores softdep-loads-companion claim-auto-installed \
	dist-upgrade-restores trixie-pkg-installs trixie-kernel-upgrade \
	trixie-boot-restores trixie-purge-restores-stock purge-restores-stock; do
	check "caught-$name" caught "$name"
done
check_summary
