#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every example of sctpctl's documentation and compare what it prints
# with what the documentation shows.
#
#   examples.sh DOC...      (or sourced, with the documents in "$@")
#   examples.sh --docs      the documents whose examples the tests run
#
# An example is
#   - in a Markdown document (*.md), a fenced block marked ```console;
#   - in a man page, an .EX/.EE block whose first line starts with "$ ".
# In it, a line "$ COMMAND" is run with sh -c, in a fresh directory, its
# standard output and error together; the lines up to the next "$ " are
# what it must print, exactly.  The commands of one block run in order,
# after $EXAMPLES_RESET (shell code: an empty table, counters at zero).
# A block elsewhere that looks like an sctpctl command line (a line that
# starts with "sctpctl " or "$ sctpctl") is an error: every example must
# be one that runs.
#
# One line per example: "ok example-DOC-LINE" or "not ok example-DOC-LINE:
# expected 'X' got 'Y'" (the first line that differs); the exit status is
# 1 if any failed.  $EXAMPLES_CLEANUP runs at the end.
#
# POSIX sh and awk: it also runs in the test VM (busybox).

# The documents with examples, from the top of the tree: the host tests
# (tests/cli/run.sh) and the VM image (tests/vm/run.sh, as
# /tests/docs/BASENAME: basenames must differ) take the list from here.
# Each must hold at least one example.
EXAMPLE_DOCS="README.md docs/install.md tools/sctpctl/sctpctl.8
tools/sctpctl/sctp-ootb.7"

ex_extract() {
	awk -v doc="$1" -v sq="'" '
	function emit(s) { print s >> out }
	function unroff(s) {
		gsub(/\\-/, "-", s); gsub(/\\\(aq/, sq, s)
		gsub(/\\\(dq/, "\"", s); gsub(/\\f[BIRP]/, "", s)
		gsub(/\\&/, "", s); gsub(/\\e/, "\\", s); gsub(/\\ /, " ", s)
		return s
	}
	BEGIN { out = "/dev/stdout"; man = doc !~ /\.md$/ }
	# Markdown
	!man && /^```/ {
		if (!inb) { inb = 1; cons = ($0 ~ /^```console[ \t]*$/); start = NR
			if (cons) emit("#BLOCK " NR); next }
		if (cons) emit("#END")
		inb = 0; cons = 0; next
	}
	!man && inb && cons { emit($0); next }
	!man && inb && /^(\$ )?sctpctl / { emit("#BAD " NR) ; next }
	# man pages
	man && /^\.EX/ { inb = 1; first = 1; start = NR; next }
	man && /^\.EE/ { if (cons) emit("#END"); inb = 0; cons = 0; next }
	man && inb {
		line = unroff($0)
		if (first) { first = 0; cons = (line ~ /^\$ /)
			if (cons) emit("#BLOCK " start) }
		if (cons) { if (line ~ /^\./) emit("#BAD " NR); else emit(line) }
		else if (line ~ /^(\$ )?sctpctl /) emit("#BAD " NR)
	}
	END { if (cons) emit("#END") }
	' "$1"
}

ex_report() {
	if [ -z "$2" ]; then
		echo "ok $1"
	else
		ex_failed=$((ex_failed + 1))
		echo "not ok $1: $2"
	fi
}

# Run the block in $ex_dir/block; compare.
ex_run_block() {
	ex_name=$1
	: >"$ex_dir/want"
	: >"$ex_dir/got"
	# In this shell: the reset may export what the commands need.
	if ! eval "${EXAMPLES_RESET:-:}" </dev/null >"$ex_dir/reset" 2>&1; then
		ex_report "$ex_name" "expected the reset to work, got '$(head -c 200 "$ex_dir/reset" | tr '\n' '|')'"
		return
	fi
	ex_work=$(mktemp -d "${TMPDIR:-/tmp}/sctpctl-ex.XXXXXX") || return
	while IFS= read -r ex_cl; do
		printf '%s\n' "$ex_cl" >>"$ex_dir/want"
		case $ex_cl in
		'$ '*)
			printf '%s\n' "$ex_cl" >>"$ex_dir/got"
			(cd "$ex_work" && sh -c "${ex_cl#\$ }") </dev/null \
				>>"$ex_dir/got" 2>&1
			;;
		esac
	done <"$ex_dir/block"
	rm -rf "$ex_work"
	if cmp -s "$ex_dir/want" "$ex_dir/got"; then
		ex_report "$ex_name" ""
		return
	fi
	ex_n=$(awk 'NR == FNR { w[FNR] = $0; n = FNR; next }
		{ g[FNR] = $0; m = FNR }
		END { for (i = 1; i <= (n > m ? n : m); i++)
			if (w[i] != g[i] || i > n || i > m) { print i; exit } }' \
		"$ex_dir/want" "$ex_dir/got")
	ex_report "$ex_name" "expected '$(sed -n "${ex_n}p" "$ex_dir/want")', got '$(sed -n "${ex_n}p" "$ex_dir/got")' (line $ex_n of the example)"
}

examples_main() {
	ex_failed=0
	ex_dir=$(mktemp -d "${TMPDIR:-/tmp}/sctpctl-exd.XXXXXX") || return 1
	for ex_doc in "$@"; do
		ex_base=$(basename "$ex_doc" | tr 'A-Z.' 'a-z-')
		ex_found=0
		ex_extract "$ex_doc" >"$ex_dir/all" || {
			ex_report "example-$ex_base" "cannot read $ex_doc"
			continue
		}
		while IFS= read -r ex_l; do
			case $ex_l in
			'#BAD '*)
				ex_report "example-$ex_base-${ex_l#\#BAD }" \
					"expected a runnable example (\`\`\`console, or .EX starting with \"\$ \"), got an sctpctl command line outside one"
				;;
			'#BLOCK '*)
				ex_blk=${ex_l#\#BLOCK }
				ex_found=$((ex_found + 1))
				: >"$ex_dir/block"
				;;
			'#END') ex_run_block "example-$ex_base-$ex_blk" ;;
			*) printf '%s\n' "$ex_l" >>"$ex_dir/block" ;;
			esac
		done <"$ex_dir/all"
		[ "$ex_found" -gt 0 ] ||
			ex_report "example-$ex_base" "expected examples in $ex_doc, got none"
	done
	rm -rf "$ex_dir"
	eval "${EXAMPLES_CLEANUP:-:}"
	[ "$ex_failed" = 0 ]
}

case ${1-} in
--docs) printf '%s\n' $EXAMPLE_DOCS ;;
*) examples_main "$@" ;;
esac
