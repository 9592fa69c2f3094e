# SPDX-License-Identifier: GPL-2.0
#
# Version 2 of the family: get, reset-counters, list --reset, reserve; and
# what sctpctl says against a module of version 1, or one built before
# version 2's commands.

fake_start || return 0
succeeds v2-flush flush
lines "$tmp/v2" 'add-range 1-65535 policy count' 'add-range 5000-5100' \
	'add-range 5050 policy abort reserve' 'add-range 7000-7010 reserve'
succeeds v2-restore-reserve restore "$tmp/v2"
lines "$tmp/v2.save" 'add-range 1-65535 policy count' \
	'add-range 5000-5100 policy discard' \
	'add-range 5050-5050 policy abort reserve' \
	'add-range 7000-7010 policy discard reserve'
expect save-reserve 0 '' "$tmp/v2.save" save
has list-reserved 0 '7000-7010 discard matched 10 reserved' list
has list-not-reserved 0 '5000-5100 discard matched 100' list
succeeds add-reserve add-range 8000 --reserve
has add-reserve-listed 0 '8000-8000 discard matched 0 reserved' list
succeeds replace-drops-reserve replace-range 8000
has replace-dropped-reserve 0 '8000-8000 discard matched 0' list

has get-discard 0 'port 5001: 5000-5100 discard matched 100' get 5001
has get-abort-innermost 1 'port 5050: 5050-5050 abort matched 400 reserved' \
	get 5050
has get-count 1 'port 1: 1-65535 count matched 542' get 1
has get-count-65535 1 'port 65535: 1-65535 count matched 542' get 65535
has get-boundary-start 0 'port 5000: 5000-5100 discard matched 100' get 5000
has get-boundary-end 0 'port 5100: 5000-5100 discard matched 100' get 5100
has get-outside 1 'port 5101: 1-65535 count matched 542' get 5101
expect get-json 0 '' get.json -j get 7005
succeeds v2-flush-2 flush
has get-no-range 1 'port 9: no range: stock behaviour' get 9
expect get-no-range-json 1 '' get-none.json -j get 9

succeeds v2-restore-again restore "$tmp/v2"
succeeds reset-one reset-counters 5000-5100
has reset-one-zeroed 0 '5000-5100 discard matched 0' list
has reset-one-others 0 '1-65535 count matched 542' list
fails reset-no-such 'Error: no such range.' reset-counters 5001
expect list-reset 0 '' list-reset.txt list --reset
expect list-reset-zeroed 0 '' list-zero.txt list
succeeds reset-all reset-counters
expect reset-all-stats 0 '' stats-zero.txt stats

# Against a module of version 1, and one built before version 2's
# commands: a sentence, not the kernel's "Unsupported attribute".
fake_start -V 1 || return 0
old='the loaded sctp_ootb module is too old for'
fix='install a newer one and reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)'
fails too-old-get "sctpctl: $old get (family version 1, get needs 2): $fix" get 5
fails too-old-reset "$old reset-counters (family version 1" reset-counters
fails too-old-list-reset "$old list --reset (family version 1" list --reset
fails too-old-reserve "$old reserve (family version 1" add-range 5 reserve
fails too-old-replace-reserve "$old reserve (family version 1" \
	replace-range 5 reserve
fails too-old-monitor "$old monitor (family version 1" monitor
fails too-old-restore-reserve "$old reserve (family version 1" \
	restore "$tmp/v2"
SCTPCTL_SYSFS=$(sysfs ready)
export SCTPCTL_SYSFS
fails too-old-restore-check-reserve "$old reserve (family version 1" \
	restore --check "$tmp/v2"
unset SCTPCTL_SYSFS
succeeds v1-add add-range 5000-5100
has v1-list 0 '5000-5100 discard matched 100' list
succeeds v1-restore restore "$golden/save.txt"
fake_start -W || return 0
fails too-old-build-get "$old get (family version 2 without GET_PORT)" get 5
fails too-old-build-monitor "$old monitor (family version 2 without" monitor
