# SPDX-License-Identifier: GPL-2.0
#
# No netlink family (the module is not loaded): every command that needs
# it says so, and what does not need it (restore --check) works.

fake_start -N || return 0
notloaded='sctpctl: the sctp_ootb module is not loaded (modprobe sctp_ootb)'
printf 'add-range 5000-5100\n' >"$tmp/one.restore"
fails nomod-add-range "$notloaded" add-range 5000-5100
fails nomod-add-range-1 "$notloaded" add-range 1
fails nomod-add-range-65535 "$notloaded" add-range 65535 policy count
fails nomod-replace-range "$notloaded" replace-range 5000 policy abort
fails nomod-del-range "$notloaded" del-range 5000-5100
fails nomod-get "$notloaded" get 5000
fails nomod-reset "$notloaded" reset-counters
fails nomod-list "$notloaded" list
fails nomod-list-json "$notloaded" -j list
fails nomod-flush "$notloaded" flush
fails nomod-stats "$notloaded" stats
fails nomod-save "$notloaded" save
fails nomod-monitor "$notloaded" monitor
fails nomod-restore "$notloaded" restore "$tmp/one.restore"
# --check needs no module.
succeeds nomod-restore-check restore --check "$tmp/one.restore"
fails nomod-batch \
	"$tmp/one.restore:1: the sctp_ootb module is not loaded (modprobe sctp_ootb)" \
	-b "$tmp/one.restore"
