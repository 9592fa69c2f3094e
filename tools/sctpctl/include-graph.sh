#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# include-graph.sh CC [CFLAGS...]: which part of sctpctl includes which,
# from the compiler's own dependency lists (CC -MM), and whether that
# graph has a circle.  A part (a module) is X.c with its header X.h; a
# header with no .c of its own is a part too, and a header from outside
# this directory (the uapi header, the generated policies, the module's
# range table) is a leaf.
#
# Prints one line per part, "PART: the parts it includes directly", then
# the parts in an order where each comes after everything it includes
# (tsort), and "ok sctpctl-include-graph", or "not ok ..." with the parts
# of a circle and exit status 1.  `make graph` runs it with sctpctl's
# flags; make unit runs that.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 CC [CFLAGS...]" >&2; exit 2; }
cc=$1
shift
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

part() {
	case $1 in
	../../include/uapi/*) echo "uapi:${1##*/}" ;;
	*/*) b=${1##*/}; echo "${b%.*}" ;;
	*) echo "${1%.*}" ;;
	esac
}

# Every file's local dependencies (relative paths: not the system's), and
# those of the headers from elsewhere that they name.
deps() {
	"$cc" "$@" -MM -x c "$f" 2>"$tmp/err" |
		tr -d '\\' | tr ' ' '\n' | grep -v -e '^$' -e ':$' -e '^/' |
		grep -vx -- "$f" | sed "s|^|$f |" >>"$tmp/deps" ||
		{ cat "$tmp/err" >&2; exit 2; }
}
for f in *.c *.h; do
	deps "$@"
done
for f in $(awk '$2 ~ /\// { print $2 }' "$tmp/deps" | sort -u); do
	deps "$@"
done

# Direct includes: a dependency that no other dependency brings in.
awk '
	{ deps[$1] = deps[$1] " " $2; n[$1]++; d[$1, n[$1]] = $2 }
	END {
		for (f in n)
			for (i = 1; i <= n[f]; i++) {
				x = d[f, i]; via = 0
				for (j = 1; j <= n[f]; j++) {
					y = d[f, j]
					if (y != x && index(deps[y] " ", " " x " "))
						via = 1
				}
				if (!via)
					print f, x
			}
	}' "$tmp/deps" >"$tmp/direct"

while read -r from to; do
	a=$(part "$from")
	b=$(part "$to")
	[ "$a" = "$b" ] || echo "$a $b"
done <"$tmp/direct" | sort -u >"$tmp/edges"

# Every part, with what it includes.
{ awk '{ print $1; print $2 }' "$tmp/edges"; for f in *.c *.h; do part "$f"; done; } |
	sort -u >"$tmp/parts"
while read -r p; do
	printf '%s:%s\n' "$p" "$(awk -v p="$p" '$1 == p { printf " %s", $2 }' "$tmp/edges")"
done <"$tmp/parts"

# tsort prints a part before what it includes: reverse it, leaves first.
echo
{ cat "$tmp/edges"; awk '{ print $1, $1 }' "$tmp/parts"; } |
	tsort >"$tmp/order" 2>"$tmp/loop" || true
if [ -s "$tmp/loop" ]; then
	circle=$(grep -v 'input contains a loop' "$tmp/loop" | sed 's/^tsort: //' | tr '\n' ' ')
	echo "not ok sctpctl-include-graph: expected no circle, got a circle through ${circle% }"
	exit 1
fi
echo "leaves first: $(tac "$tmp/order" | tr '\n' ' ')"
echo "ok sctpctl-include-graph # $(wc -l <"$tmp/parts") parts, $(wc -l <"$tmp/edges") includes, no circle"
