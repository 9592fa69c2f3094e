#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# abi.sh HEADER...: print every #define and enum constant of each uapi
# header as the C compiler sees it ("NAME VALUE", sorted), by compiling a
# small program against the header.  With two headers, print the
# difference of the second from the first (diff -u) and exit 1 when a
# name the first defines is missing from the second or has another value;
# names only the second defines are listed, not refused.
#
#   git show HEAD~1:include/uapi/linux/sctp_ootb.h >/tmp/old.h
#   tools/spec/abi.sh /tmp/old.h include/uapi/linux/sctp_ootb.h
set -eu

CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

values() {
	# The names: #define NAME VALUE and the members of every enum.
	sed 's|/\*.*\*/||' "$1" | awk '
		/^#define[ \t]+[A-Z_][A-Z0-9_]*[ \t]+[^ \t]/ && $2 !~ /_H$/ {
			print ($3 ~ /^"/ ? "s " : "d ") $2
		}
		/^enum/ { inenum = 1; next }
		inenum && /^}/ { inenum = 0 }
		inenum {
			gsub(/[ \t,]/, "")
			sub(/=.*/, "")
			if ($0 ~ /^[A-Za-z_]/)
				print "d " $0
		}' >"$tmp/names"
	{
		echo '#include <stdio.h>'
		printf '#include "%s"\n' "$1"
		echo 'int main(void)'
		echo '{'
		while read -r kind name; do
			if [ "$kind" = s ]; then
				printf '\tprintf("%s %%s\\n", %s);\n' "$name" "$name"
			else
				printf '\tprintf("%s %%lld\\n", (long long)%s);\n' "$name" "$name"
			fi
		done <"$tmp/names"
		echo '	return 0;'
		echo '}'
	} >"$tmp/abi.c"
	"$CC" -o "$tmp/abi" "$tmp/abi.c"
	"$tmp/abi" | LC_ALL=C sort
}

if [ $# = 2 ]; then
	values "$(realpath "$1")" >"$tmp/a"
	values "$(realpath "$2")" >"$tmp/b"
	diff -u "$tmp/a" "$tmp/b" || true
	# Every name of the first, with its value, in the second.
	! LC_ALL=C comm -23 "$tmp/a" "$tmp/b" | grep -q .
	exit
fi
for h in "$@"; do
	values "$(realpath "$h")"
done
