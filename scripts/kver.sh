#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release to build for when KVER is not given:
#  1. the running kernel, when its kbuild headers are installed;
#  2. else the newest installed Debian linux-headers-*-amd64 (generic flavour);
#  3. else (nothing installed yet: a fresh machine before `make deps`) the
#     release Debian's linux-headers-amd64 meta-package points at.
set -u
r=$(uname -r)
if [ -d "/lib/modules/$r/build" ]; then
	echo "$r"; exit 0
fi
newest=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's,^/usr/src/linux-headers-,,' | grep -v -e '-rt-amd64$' -e '-cloud-amd64$' |
	sort -V | tail -n 1)
if [ -n "$newest" ]; then
	echo "$newest"; exit 0
fi
meta() {
	apt-cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1
}
meta=$(meta)
# A fresh machine may have no package lists yet.
if [ -z "$meta" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -qq >&2 && meta=$(meta)
fi
if [ -n "$meta" ]; then
	echo "$meta"; exit 0
fi
echo "kver: cannot choose a kernel: no headers installed and apt knows no linux-headers-amd64 (run apt-get update, or pass KVER=)" >&2
exit 1
