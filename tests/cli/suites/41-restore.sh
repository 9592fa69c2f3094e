# SPDX-License-Identifier: GPL-2.0
#
# restore: all or nothing, checked here first, FILE:LINE on every error;
# empty input changes nothing, a flush line empties on purpose; 1024 ranges
# and one too many.  The files are written in $tmp, the suite's working
# directory, and named from there, as sctpctl's messages then name them.

fake_start || return 0
cd "$tmp"
expect restore-file 0 '' /dev/null restore "$golden/save.txt"
expect restore-roundtrip 0 '' save.txt save
sc save >saved
succeeds restore-flush-first flush
IN=saved
expect restore-stdin 0 '' /dev/null restore
expect restore-stdin-dash 0 '' /dev/null restore -
IN=/dev/null
expect restore-stdin-roundtrip 0 '' save.txt save

# Empty input changes nothing: restore </dev/null used to flush.
before=$(table)
nothing='nothing to restore (no add-range or flush line): the table is left as it is; to empty it, run "sctpctl flush" or restore a file holding "flush"'
fails restore-empty-stdin "sctpctl: <stdin>: $nothing" restore
same_table restore-empty-stdin-changes-nothing "$before"
fails restore-empty-file "sctpctl: /dev/null: $nothing" restore /dev/null
lines comments '# only comments' '' '   # and blanks'
fails restore-comments-only "sctpctl: comments: $nothing" restore comments
fails restore-check-empty "sctpctl: comments: $nothing" restore --check comments
same_table restore-empty-changes-nothing "$before"

# Two bare restore lines in a batch: the second would read the
# stdin the first used up.
lines two-stdin 'restore' 'restore'
IN=saved
usage batch-second-stdin-restore \
	'two-stdin:2: restore needs a FILE: stdin is read by line 1 already' \
	-b two-stdin
IN=/dev/null
lines one-stdin 'restore'
fails batch-stdin-restore-empty "one-stdin:1: <stdin>: $nothing" -b one-stdin
same_table batch-stdin-restores-change-nothing "$before"

# On purpose: a file holding flush empties the table; so does the
# file save writes for an empty table.
lines flush-ranges '# replace everything' 'flush' 'add-range 10-20'
succeeds restore-flush-then-ranges restore flush-ranges
same_table restore-flush-then-ranges-table "add-range 10-20 policy discard"
succeeds restore-flush-line restore flush.restore
expect restore-flush-line-empties 0 '' /dev/null list
lines flush-late 'add-range 10-20' 'flush'
usage restore-flush-after-range \
	'flush-late:2: flush must come before the add-range lines' restore flush-late
lines flush-arg 'flush all'
usage restore-flush-argument 'flush-arg:1: flush: unexpected argument "all"' \
	restore flush-arg
succeeds restore-back restore saved

before=$(table)
fails restore-overlap 'overlap:3: range 150-300 overlaps 100-200 (line 2)' \
	restore overlap
same_table restore-overlap-changes-nothing "$before"
lines dup 'add-range 10-20' 'add-range 10-20 policy abort'
fails restore-duplicate 'dup:2: duplicate range 10-20 (line 1)' restore dup
lines syntax 'add-range 100-200' '' 'add-range 0'
usage restore-syntax 'syntax:3: bad port "0": must be 1-65535' restore syntax
lines notadd 'add-range 100-200' 'del-range 5'
usage restore-only-add-range \
	'notadd:2: restore reads add-range and flush lines only, not "del-range"' \
	restore notadd
lines badpolicy 'add-range 100-200 policy maybe'
usage restore-bad-policy \
	'badpolicy:1: bad policy "maybe": expected discard, abort or count' \
	restore badpolicy
same_table restore-errors-change-nothing "$before"

# Every error, in line order, syntax and rules alike.
lines many 'add-range 100-200' 'add-range 5-3' 'add-range 150-300' \
	'add-range 100-200 policy count' 'frob 1' 'add-range 110-120' \
	'add-range 115-130 policy abort'
lines many.err 'many:2: bad range "5-3": start 5 is after end 3' \
	'many:3: range 150-300 overlaps 100-200 (line 1)' \
	'many:4: duplicate range 100-200 (line 1)' \
	'many:5: restore reads add-range and flush lines only, not "frob"' \
	'many:7: range 115-130 overlaps 110-120 (line 6)'
expect restore-check-every-error 2 file:many.err /dev/null restore --check many
expect restore-every-error 2 file:many.err /dev/null restore many
lines rules 'add-range 1-10' 'add-range 5-15' 'add-range 20' 'add-range 20'
lines rules.err 'rules:2: range 5-15 overlaps 1-10 (line 1)' \
	'rules:4: duplicate range 20-20 (line 3)'
expect restore-check-rules 1 file:rules.err /dev/null restore -c rules
same_table restore-check-errors-change-nothing "$before"

lines nested 'add-range 1-65535 policy count' 'add-range 5000-5100' \
	'add-range 5049 policy abort' 'add-range 5050-5060 policy count' \
	'add-range 7000-7010 reserve'
succeeds restore-check-nested restore --check nested
same_table restore-check-changes-nothing "$before"
succeeds restore-nested restore nested

awk 'BEGIN { for (i = 1; i <= 1024; i++) print "add-range " i " policy count" }' \
	>full
succeeds restore-check-1024-ranges restore --check full
succeeds restore-1024-ranges restore full
has restore-1024-in-force 0 'ranges 1024' stats
before=$(table)
echo "add-range 2000" >>full
fails restore-check-1025-ranges 'full:1025: too many ranges (at most 1024)' \
	restore --check full
fails restore-1025-ranges 'full:1025: too many ranges (at most 1024)' \
	restore full
same_table restore-1025-changes-nothing "$before"
succeeds restore-back-2 restore saved
