# SPDX-License-Identifier: GPL-2.0
#
# batch: parsed whole first, then run line by line; -f goes on past
# errors, which come in line order; stdin.  The files are written in $tmp,
# the suite's working directory, and named from there, as sctpctl's
# messages then name them.

fake_start || return 0
cd "$tmp"
succeeds batch-flush-0 flush
printf '# provisioning\n\nadd-range 5000-5100   # usrsctp\nadd-range 5050 policy abort\n\tadd-range 6000-6010 policy count\nlist\n' \
	>batch-ok
expect batch-ok 0 '' batch.txt -b batch-ok
succeeds batch-flush-1 flush
expect batch-ok-long 0 '' batch.txt --batch batch-ok
succeeds batch-flush flush

lines batch-syntax 'add-range 10-20' 'add-range 30-40' 'add-range 5-3' \
	'add-range 50-60'
reversed='batch-syntax:3: bad range "5-3": start 5 is after end 3'
usage batch-syntax "$reversed" -b batch-syntax
same_table batch-syntax-changes-nothing "flush"
lines batch-syntax2 'add-range 10-20' 'frob' 'add-range 30-40' \
	'add-range 1 policy x'
lines batch-syntax2.err \
	'batch-syntax2:2: unknown command "frob" (try "sctpctl help")' \
	'batch-syntax2:4: bad policy "x": expected discard, abort or count'
expect batch-syntax-every-error 2 file:batch-syntax2.err /dev/null \
	-b batch-syntax2
same_table batch-syntax-every-error-changes-nothing "flush"
expect batch-syntax-force 1 "$reversed" /dev/null -f -b batch-syntax
has batch-syntax-force-went-on 0 '50-60 discard matched 410' list
succeeds batch-flush-2 flush

lines batch-kernel 'add-range 10-20' 'add-range 10-20' 'add-range 30-40'
exists='batch-kernel:2: Error: range already exists.'
fails batch-kernel-error "$exists" -b batch-kernel
same_table batch-kernel-error-stops "add-range 10-20 policy discard"
succeeds batch-flush-3 flush
expect batch-kernel-error-force 1 "$exists" /dev/null -force -b batch-kernel
has batch-kernel-force-went-on 0 '30-40 discard matched 250' list
succeeds batch-flush-4 flush

# -f: errors where they stand, in line order; exit 1 as lines ran.
lines mixed 'add-range 10-20' 'add-range 5-3' 'add-range 10-20' 'bogus' \
	'add-range 30-40' 'del-range 99'
lines mixed.err 'mixed:2: bad range "5-3": start 5 is after end 3' \
	'mixed:3: Error: range already exists.' \
	'mixed:4: unknown command "bogus" (try "sctpctl help")' \
	'mixed:6: Error: no such range.'
expect batch-force-line-order 1 file:mixed.err /dev/null -f -b mixed
same_table batch-force-applied "$(printf 'add-range 10-20 policy discard\nadd-range 30-40 policy discard')"
succeeds batch-flush-5 flush
lines allbad 'add-range 0' 'nope'
expect batch-force-nothing-ran 2 - /dev/null -f -b allbad
same_table batch-force-nothing-ran-table "flush"
lines bmon 'list' 'monitor'
usage batch-monitor 'bmon:2: monitor cannot run in a batch' -b bmon

lines batch-stdin 'flush' 'add-range 7' 'frobnicate'
IN=batch-stdin
usage batch-stdin '<stdin>:3: unknown command "frobnicate"' -b -
lines batch-stdin 'restore'
usage batch-stdin-restore \
	'<stdin>:1: restore needs a FILE when the batch comes from stdin' -b -
lines batch-stdin "restore overlap"
fails batch-restore-line 'overlap:3: range 150-300 overlaps 100-200 (line 2)' \
	-b -
IN=/dev/null
expect batch-empty 0 '' /dev/null -b /dev/null
