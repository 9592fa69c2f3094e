# SPDX-License-Identifier: GPL-2.0
#
# -a and -n over real network namespaces (unshare -n), each with a
# stand-in of its own.

two_namespaces() {
	ns_fake blue && ns_fake red
}

fake_start || return 0
step all-netns-setup two_namespaces || return 0
export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
sc flush
sc add-range 5000-5100
sc -n blue add-range 6000-6010 policy count
sc -n red add-range 7000 reserve
expect all-netns-list 0 '' all-list.txt -a list
expect all-netns-list-json 0 '' all-list.json -j -a list
expect all-netns-stats-json 0 '' all-stats.json --json --all-netns stats
expect all-netns-save 0 '' all-save.txt -a save
has all-netns-stats-header 0 'netns: blue' -a stats

# Run inside a named namespace: it comes first, once, by its name.
in_blue() {
	nsenter --net="$tmp/netns/blue" sh -c \
		"LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTDIR=$tmp/ports SCTPCTL_NETNS_DIR=$tmp/netns $SCTPCTL -a list" \
		>"$tmp/out" 2>"$tmp/err"
	[ $? = 0 ] && cmp -s "$golden/all-list-blue.txt" "$tmp/out" ||
		fail "golden/all-list-blue.txt" "'$(oneline "$tmp/out")' '$(oneline "$tmp/err")'"
}
check all-netns-current-named in_blue

: >"$tmp/netns/stale"
expect all-netns-stale 1 'cannot enter network namespace "stale": Invalid argument' \
	all-list.txt -a list
rm -f "$tmp/netns/stale"
has netns-by-name 0 '6000-6010 count matched 10' -n blue list
