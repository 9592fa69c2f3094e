#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The commit that a run or a report comes from, for every place that
# writes figures (the CI summary, make bench's report).
#
#   scripts/commit.sh [DIR]
#
# prints "HASH" when the tree at DIR (default: this tree) is exactly its
# commit, "HASH dirty" when a tracked file differs from it or an untracked
# file is there (ignored files, such as build/, do not count), and
# "unknown" when DIR is not the top of a git checkout (a copy of the tree,
# like CI's lane trees under build/, which sit inside the checkout).
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
dir=$(cd "$dir" 2>/dev/null && pwd -P) || { echo unknown; exit 0; }
top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null)
hash=$(git -C "$dir" rev-parse --verify -q HEAD 2>/dev/null)
if [ -z "$hash" ] || [ "$top" != "$dir" ]; then
	echo unknown
	exit 0
fi
if [ -n "$(git -C "$dir" status --porcelain --untracked-files=normal)" ]; then
	echo "$hash dirty"
else
	echo "$hash"
fi
