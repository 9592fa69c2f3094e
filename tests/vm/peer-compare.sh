#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# After the boots: compare the peers' suites (tests/vm/peer.sh) test by test.
#
#   tests/vm/peer-compare.sh VMDIR ALLOWED BOOT...
#
# reads VMDIR/stock.results.txt (mode stock) and VMDIR/patched.results.txt
# (modes ours and covered) and prints, per suite, a table of every test's
# result in the three modes, then
#
#   ok peer-suite-NAME       every test has the same result with our sctp.ko
#                            and sctp_ootb (discard ranges around the suite's
#                            ports) as with the stock sctp.ko
#   ok peer-covered-NAME     with a discard range over all the suite's ports,
#                            only tests listed in ALLOWED changed (those that
#                            rely on an out-of-the-blue ABORT)
#
# or "not ok ..." with the tests that differ.  A suite that did not run in
# a mode, or did not reach its end there (no peer-end line, fewer results
# than it announced), fails.  Suites are those any boot was due to run
# (peer-due) or began.
set -u

vmdir=$1 allowed=$2
shift 2
boots=" $* "

# mode_table SUITE MODE: "TEST RESULT" lines, or the reason why there are none
# as a single line "! REASON".
mode_table() {
	local f boot=patched

	[ "$2" = stock ] && boot=stock
	f=$vmdir/$boot.results.txt
	case "$boots" in
	*" $boot "*) ;;
	*) echo "! the $boot boot did not run (VM_BOOTS)"; return ;;
	esac
	[ -r "$f" ] || { echo "! no results from the $boot boot"; return; }
	awk -v s="$1" -v m="$2" '
		$1 == "peer-begin" && $2 == s && $3 == m { begun = 1; due = $4; next }
		$1 == "peer" && $2 == s && $3 == m {
			if ($4 in r) dup = dup " " $4
			r[$4] = $5; order[++n] = $4; next }
		$1 == "peer-end" && $2 == s && $3 == m { ended = 1 }
		END {
			if (!begun) { print "! it did not run"; exit }
			if (!ended) { print "! it stopped after " n " of " due " tests"; exit }
			if (n != due) { print "! " n " results for " due " tests"; exit }
			if (dup != "") { print "! results twice for" dup; exit }
			for (i = 1; i <= n; i++) print order[i], r[order[i]]
		}' "$f"
}

suites=$(cat "$vmdir/stock.results.txt" "$vmdir/patched.results.txt" 2>/dev/null |
	awk '($1 == "peer-due" || $1 == "peer-begin") && !seen[$2]++ { print $2 }')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# why MODE: why MODE has no results, or nothing.
why() {
	sed -n 's/^! //p' "$tmp/$1"
}

for s in $suites; do
	for m in stock ours covered; do
		mode_table "$s" "$m" >"$tmp/$m"
	done
	# The table: every test any mode reported.
	echo "# $s: test | stock | ours | ours, covering discard range"
	awk '{ m = FILENAME; sub(/.*\//, "", m) }
		$1 != "!" { if (!seen[$1]++) order[++n] = $1; r[$1, m] = $2 }
		END { for (i = 1; i <= n; i++) { t = order[i]
			printf "#   %-36s %-22s %-22s %s\n", t, r[t, "stock"], r[t, "ours"], r[t, "covered"] } }' \
		"$tmp/stock" "$tmp/ours" "$tmp/covered"
	for m in stock ours covered; do
		if [ -n "$(why "$m")" ]; then
			echo "# $s $m: $(why "$m")"
		else
			echo "# $s $m: $(grep -c ' pass' "$tmp/$m") of $(wc -l <"$tmp/$m") passed"
		fi
	done

	# peer-suite-NAME: stock and ours alike.
	if [ -n "$(why stock)" ]; then
		echo "not ok peer-suite-$s: expected the suite's results from the stock boot, got none: $(why stock)"
	elif [ -n "$(why ours)" ]; then
		echo "not ok peer-suite-$s: expected the suite's results from the patched boot, got none: $(why ours)"
	else
		diff=$(awk 'NR == FNR { a[$1] = $2; next }
			!($1 in a) { printf " %s: stock none, ours %s;", $1, $2; next }
			a[$1] != $2 { printf " %s: stock %s, ours %s;", $1, a[$1], $2 }
			{ seen[$1] = 1 }
			END { for (t in a) if (!(t in seen)) printf " %s: stock %s, ours none;", t, a[t] }' \
			"$tmp/stock" "$tmp/ours")
		if [ -z "$diff" ]; then
			echo "ok peer-suite-$s"
		else
			echo "not ok peer-suite-$s: expected the stock results, got:$diff"
		fi
	fi

	# peer-covered-NAME: what a covering range changed is allowed to change.
	if [ -n "$(why covered)" ]; then
		echo "not ok peer-covered-$s: expected the suite's results under a covering range, got none: $(why covered)"
	elif [ -n "$(why ours)" ]; then
		echo "not ok peer-covered-$s: expected results of mode ours to compare with, got none"
	else
		awk 'NR == FNR { a[$1] = $2; next } a[$1] != $2 { print $1, a[$1], $2 }' \
			"$tmp/ours" "$tmp/covered" >"$tmp/changed"
		bad=
		while read -r t was now; do
			if awk -v s="$s" -v t="$t" '$1 == s && $2 == t { f = 1 } END { exit !f }' "$allowed"; then
				echo "# $s covered: $t changed, $was -> $now (relies on an out-of-the-blue ABORT: $(awk -v s="$s" -v t="$t" '$1 == s && $2 == t { $1 = $2 = ""; sub(/^ +/, ""); print }' "$allowed"))"
			else
				bad="$bad $t: $was -> $now;"
			fi
		done <"$tmp/changed"
		if [ -z "$bad" ]; then
			echo "ok peer-covered-$s"
		else
			echo "not ok peer-covered-$s: expected changes only in tests that rely on an out-of-the-blue ABORT ($allowed), got:$bad"
		fi
	fi
done
