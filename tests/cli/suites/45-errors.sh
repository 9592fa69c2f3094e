# SPDX-License-Identifier: GPL-2.0
#
# What the kernel may answer besides yes, as stand-ins of other kinds send
# it: bare errnos with no extack text (-q), a full table (-m 2), no
# CAP_NET_ADMIN (-P), errors that echo the request (-e), dumps
# interrupted by a change (-I) or failing (-D).

lines "$tmp/three" 'add-range 1' '# the third one is too many' \
	'add-range 2' 'add-range 3'

if fake_start -q; then
	succeeds quiet-add add-range 10-20
	fails quiet-identical 'Error: range already exists (use replace-range).' \
		add-range 10-20
	fails quiet-partial 'Error: overlaps 10-20.' add-range 15-30
	fails quiet-del-no-such 'Error: no such range.' del-range 30
	fails quiet-restore-overlap \
		"$tmp/overlap:3: range 150-300 overlaps 100-200 (line 2)" \
		restore "$tmp/overlap"
	expect quiet-replace-no-warning 0 '' /dev/null replace-range 10-20
fi

if fake_start -m 2; then
	succeeds full-add-1 add-range 10
	succeeds full-add-2 add-range 20
	fails table-full 'Error: table is full.' add-range 30
	fails restore-kernel-offset "$tmp/three:4: Error: table is full." \
		restore "$tmp/three"
fi
if fake_start -q -m 2; then
	succeeds full-quiet-add-1 add-range 10
	succeeds full-quiet-add-2 add-range 20
	fails table-full-quiet 'Error: table full.' add-range 30
	fails restore-kernel-no-offset \
		'Error: the new table has more ranges than the table can hold.' \
		restore "$tmp/three"
fi

if fake_start -P; then
	perm='Error: permission denied: changing the table needs CAP_NET_ADMIN.'
	fails eperm-add "$perm" add-range 5000-5100
	fails eperm-replace "$perm" replace-range 5000-5100
	fails eperm-del "$perm" del-range 5000-5100
	fails eperm-flush "$perm" flush
	fails eperm-reset "$perm" reset-counters
	fails eperm-restore "$perm" restore "$golden/save.txt"
	expect eperm-list-still-works 0 '' /dev/null list
	has eperm-get-still-works 1 'port 5: no range: stock behaviour' get 5
fi

if fake_start -e -m 2; then
	succeeds echo-add add-range 10-20
	fails echo-identical 'Error: range already exists.' add-range 10-20
	fails echo-restore-kernel "$tmp/three:4: Error: table is full." \
		restore "$tmp/three"
fi

if fake_start -I 2; then
	for a in "1" "65535 policy discard" "1-65535" "5000-5100" \
		"5050 policy abort" "6000-6010 policy count"; do
		# shellcheck disable=SC2086 # one range and its policy
		sc add-range $a
	done
	expect dump-intr-retried 0 '' list.txt list
fi
if fake_start -I 1000; then
	sc add-range 10 && sc add-range 20
	fails dump-intr-gives-up \
		'the table kept changing while it was read; try again' list
	expect dump-intr-reset-not-retried 0 \
		'Warning: the table changed while it was read' - list --reset
fi

if fake_start -D 5; then
	fails dump-error 'Error: dump failed.' list
	fails dump-error-save 'Error: dump failed.' save
fi
fake_start -q -D 5 && fails dump-error-quiet 'Error: Input/output error.' list
