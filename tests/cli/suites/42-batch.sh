# SPDX-License-Identifier: GPL-2.0
#
# batch: parsed whole first, then run line by line; -f goes on past
# errors, which come in line order; stdin.

fake_start || return 0
succeeds batch-flush-0 flush
printf '# provisioning\n\nadd-range 5000-5100   # usrsctp\nadd-range 5050 policy abort\n\tadd-range 6000-6010 policy count\nlist\n' \
	>"$tmp/batch-ok"
expect batch-ok 0 '' batch.txt -b "$tmp/batch-ok"
succeeds batch-flush-1 flush
expect batch-ok-long 0 '' batch.txt --batch "$tmp/batch-ok"
succeeds batch-flush flush

lines "$tmp/batch-syntax" 'add-range 10-20' 'add-range 30-40' \
	'add-range 5-3' 'add-range 50-60'
usage batch-syntax "$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
	-b "$tmp/batch-syntax"
same_table batch-syntax-changes-nothing "flush"
lines "$tmp/batch-syntax2" 'add-range 10-20' 'frob' 'add-range 30-40' \
	'add-range 1 policy x'
lines "$tmp/batch-syntax2.err" \
	"$tmp/batch-syntax2:2: unknown command \"frob\" (try \"sctpctl help\")" \
	"$tmp/batch-syntax2:4: bad policy \"x\": expected discard, abort or count"
expect batch-syntax-every-error 2 "file:$tmp/batch-syntax2.err" /dev/null \
	-b "$tmp/batch-syntax2"
same_table batch-syntax-every-error-changes-nothing "flush"
expect batch-syntax-force 1 \
	"$tmp/batch-syntax:3: bad range \"5-3\": start 5 is after end 3" \
	/dev/null -f -b "$tmp/batch-syntax"
has batch-syntax-force-went-on 0 '50-60 discard matched 410' list
succeeds batch-flush-2 flush

lines "$tmp/batch-kernel" 'add-range 10-20' 'add-range 10-20' \
	'add-range 30-40'
fails batch-kernel-error "$tmp/batch-kernel:2: Error: range already exists." \
	-b "$tmp/batch-kernel"
same_table batch-kernel-error-stops "add-range 10-20 policy discard"
succeeds batch-flush-3 flush
expect batch-kernel-error-force 1 \
	"$tmp/batch-kernel:2: Error: range already exists." /dev/null \
	-force -b "$tmp/batch-kernel"
has batch-kernel-force-went-on 0 '30-40 discard matched 250' list
succeeds batch-flush-4 flush

# -f: errors where they stand, in line order; exit 1 as lines ran.
lines "$tmp/mixed" 'add-range 10-20' 'add-range 5-3' 'add-range 10-20' \
	'bogus' 'add-range 30-40' 'del-range 99'
lines "$tmp/mixed.err" \
	"$tmp/mixed:2: bad range \"5-3\": start 5 is after end 3" \
	"$tmp/mixed:3: Error: range already exists." \
	"$tmp/mixed:4: unknown command \"bogus\" (try \"sctpctl help\")" \
	"$tmp/mixed:6: Error: no such range."
expect batch-force-line-order 1 "file:$tmp/mixed.err" /dev/null \
	-f -b "$tmp/mixed"
same_table batch-force-applied "$(printf 'add-range 10-20 policy discard\nadd-range 30-40 policy discard')"
succeeds batch-flush-5 flush
lines "$tmp/allbad" 'add-range 0' 'nope'
expect batch-force-nothing-ran 2 - /dev/null -f -b "$tmp/allbad"
same_table batch-force-nothing-ran-table "flush"
lines "$tmp/bmon" 'list' 'monitor'
usage batch-monitor "$tmp/bmon:2: monitor cannot run in a batch" \
	-b "$tmp/bmon"

lines "$tmp/batch-stdin" 'flush' 'add-range 7' 'frobnicate'
IN=$tmp/batch-stdin
usage batch-stdin '<stdin>:3: unknown command "frobnicate"' -b -
lines "$tmp/batch-stdin" 'restore'
usage batch-stdin-restore \
	'<stdin>:1: restore needs a FILE when the batch comes from stdin' -b -
lines "$tmp/batch-stdin" "restore $tmp/overlap"
fails batch-restore-line \
	"$tmp/overlap:3: range 150-300 overlaps 100-200 (line 2)" -b -
IN=/dev/null
expect batch-empty 0 '' /dev/null -b /dev/null
