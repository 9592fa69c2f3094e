#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lay out the DKMS source of sctp-ootb: what sctp-ootb-dkms installs as
# /usr/src/sctp-ootb-VERSION, and what a distribution without our .debs
# copies there before "dkms add sctp-ootb/VERSION" (docs/install.md: RHEL).
#   scripts/dkms-source.sh DIR VERSION
set -eu
dir=${1:?usage: $0 DIR VERSION}
version=${2:?usage: $0 DIR VERSION}
top=$(cd "$(dirname "$0")/.." && pwd)

install -d "$dir/kmod/sctp" "$dir/kmod/ootb" "$dir/kmod/dkms" \
	"$dir/include/net" "$dir/include/uapi/linux"
cd "$top"
install -m 0644 kmod/sctp/*.patch kmod/sctp/*.c kmod/sctp/Kbuild "$dir/kmod/sctp/"
install -m 0755 kmod/sctp/prepare.sh kmod/sctp/check-symvers.sh "$dir/kmod/sctp/"
install -m 0644 kmod/ootb/Kbuild kmod/ootb/*.c kmod/ootb/*.h "$dir/kmod/ootb/"
install -m 0644 kmod/dkms/record.sh "$dir/kmod/dkms/"
install -m 0755 kmod/dkms/make.sh "$dir/kmod/dkms/"
install -m 0644 include/net/*.h "$dir/include/net/"
install -m 0644 include/uapi/linux/*.h "$dir/include/uapi/linux/"
sed "s/#MODULE_VERSION#/$version/" kmod/dkms/dkms.conf >"$dir/dkms.conf"
