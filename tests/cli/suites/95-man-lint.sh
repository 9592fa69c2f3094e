# SPDX-License-Identifier: GPL-2.0
#
# Every man page formats without a warning, on paper (groff's default
# device) and as man(1) lays it out on an 80-column terminal: every
# warning on but line filling ("can't break line", "cannot adjust line":
# an example line wider than the page, which depends on the reader's width).

man_lint() {
	local out

	out=$({ groff -man -ww -Wbreak -z "$1"
		groff -man -Tutf8 -rLL=78n -rLT=78n -ww -Wbreak -z "$1"
	} 2>&1)
	[ -z "$out" ] ||
		fail "no warning" "'$(printf '%s' "$out" | head -c 300 | tr '\n' '|')'"
}

for page in "$top"/tools/sctpctl/*.[1-9] "$top"/tools/libsctpootb/*.[1-9]; do
	check "man-lint-$(basename "$page" | tr . -)" man_lint "$page"
done
