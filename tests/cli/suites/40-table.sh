# SPDX-License-Identifier: GPL-2.0
#
# Against the stand-in: changes at the port boundaries, the listings in
# every format against golden files, the kernel's refusals (with extack
# text), every usage error again with a module there, replace, delete,
# flush.

fake_start || return 0
succeeds add-port-1 add-range 1
succeeds add-port-65535 add-range 65535 policy discard
succeeds add-full-range add-range 1-65535
succeeds add-range add-range 5000-5100
succeeds add-nested add-range 5050 policy abort
succeeds add-count add-range 6000-6010 policy count
expect list-text 0 '' list.txt list
expect list-json 0 '' list.json -j list
expect list-json-pretty 0 '' list-pretty.json -j -p list
expect list-json-long-options 0 '' list.json --json list
expect list-json-single-dash 0 '' list.json -json list
expect list-json-abbreviated 0 '' list.json --js list
expect list-json-cluster 0 '' list-pretty.json -jp list
expect list-after-double-dash 0 '' list.json -j -- list
expect stats-text 0 '' stats.txt stats
expect stats-json 0 '' stats.json -j stats
expect save 0 '' save.txt save
expect save-ignores-json 0 '' save.txt -j save
check list-write-error write_error list

before=$(table)
fails add-identical 'Error: range already exists.' \
	add-range 5000-5100
fails add-partial-overlap \
	'Error: overlaps 5000-5100.' \
	add-range 5090-5200 policy abort
fails del-no-such 'Error: no such range.' del-range 7000
bad_inputs fake-
same_table bad-input-changes-nothing "$before"

expect replace-unchanged 0 'Warning: range unchanged.' /dev/null \
	replace-range 5050 policy abort
expect replace-unchanged-quiet 0 '' /dev/null \
	-q replace-range 5050 policy abort
succeeds replace-policy replace-range 5050 policy count
has replace-keeps-counter 0 '5050-5050 count matched 400' list
succeeds replace-creates replace-range 7000-7100 policy abort
has replace-created 0 '7000-7100 abort matched 100' list
succeeds del-range del-range 7000-7100
succeeds del-nested del-range 5050
has del-nested-keeps-outer 0 '5000-5100 discard matched 100' list

succeeds flush flush
expect list-empty 0 '' /dev/null list
expect list-empty-json 0 '' empty.json -j list
expect list-empty-pretty 0 '' empty.json -j -p list
expect save-empty-is-flush 0 '' "$tmp/flush.restore" save
