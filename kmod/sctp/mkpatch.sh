#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the sctp patch from a pristine and a patched kernel tree:
#   kmod/sctp/mkpatch.sh PRISTINE_TREE PATCHED_TREE > kmod/sctp/0001-sctp-out-of-the-blue-hook.patch
# Each tree is a kernel source tree (or a directory holding net/sctp); only
# net/sctp is compared.  The patch description is kept from the existing file.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 PRISTINE_TREE PATCHED_TREE" >&2; exit 2; }
here=$(dirname "$0")
old=$here/0001-sctp-out-of-the-blue-hook.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/net" "$tmp/b/net"
cp -r "$1/net/sctp" "$tmp/a/net/"
cp -r "$2/net/sctp" "$tmp/b/net/"
# The hook's own file lives in this directory, not in the patch.
rm -f "$tmp/b/net/sctp/sctp_ootb_hook.c"
find "$tmp" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \
	-o -name 'modules.order' -o -name 'Module.symvers' \) -exec rm -f {} +
# Description: everything above the first "diff" line of the current patch.
[ -f "$old" ] && sed '/^diff /,$d' "$old"
cd "$tmp"
diff -ruN a b | sed -e 's/^\(---\|+++\) \([^\t]*\)\t.*/\1 \2/' -e 's/^diff -ruN /diff -u /' || true
