#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The checks a test file defines, read from the file itself: one line
# "FILE NAME" per check, in the file's order.  A part of a name computed at
# run time ($i, ${p}, %u) reads "*".  Used by `make list-checks`
# (tests/list-checks.sh) and by the VM runner to choose suite files
# (VM_CHECKS).
#
#   inventory.sh FILE...
#
# What counts as a check:
#   shell   check NAME ...; the CLI suites' expectations (expect, usage,
#           fails, succeeds, has, same_table, finding, cmp_comp NAME ...);
#           the system guest's run NAME ...; json_schema NAME FILE
#           [NAME FILE]... (json-schema-NAME); result "ok NAME"; and a
#           comment line "# checks: NAME..." for checks a program of the
#           suite prints (examples, the peers' comparisons); and in the
#           CLI suites, bad_inputs PREFIX: the usage checks of that
#           function in tests/cli/lib.sh, named PREFIX-less or with it
#   python  only the "# checks:" lines
#   C       the first argument of check(), check_int(), check_str() and
#           the other helpers named check_*, or the test helpers range(),
#           args(), split() and output() of test_parse.c, when it is a
#           string; snprintf(name, ..., "FORMAT", ...) for a computed name
# Commands are found at the start of a line or after &&, ||, ;, then, do,
# else; set-up steps (step NAME) are not checks.

for f; do
	case $f in
	*.c) lang=c ;;
	*.py) lang=py ;;
	*) lang=sh ;;
	esac
	awk -v file="$f" -v lang="$lang" -v cli_lib="$(dirname "$0")/../cli/lib.sh" '
	function dyn(s) {
		gsub(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_@0-9][A-Za-z_0-9]*|%[0-9]*[a-z]+/, "*", s)
		gsub(/["\047]/, "", s)
		return s
	}
	function emit(n) {
		n = dyn(n)
		if (n != "" && n !~ /^\*+$/)
			print file, n
	}
	# The usage checks of bad_inputs() in the CLI library, named PREFIX...
	function bad_inputs(prefix,    l, inside, a) {
		gsub(/"/, "", prefix)
		while ((getline l < cli_lib) > 0) {
			if (l ~ /^bad_inputs\(\) \{/)
				inside = 1
			else if (inside && l ~ /^}/)
				inside = 0
			else if (inside && l ~ /^[ \t]*usage "\$\{p\}/) {
				split(l, a, /"/)
				sub(/^\$\{p\}/, prefix, a[2])
				emit(a[2])
			}
		}
		close(cli_lib)
	}
	# The first shell word of @s: quotes and $(...) kept whole.
	function word(s,    i, c, q, d, out) {
		sub(/^[ \t]+/, "", s)
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (!q && !d && (c == " " || c == "\t"))
				break
			if (c == "(" && substr(s, i - 1, 1) == "$")
				d++
			else if (c == ")" && d)
				d--
			else if (c == "\"" && !d)
				q = !q
			out = out c
		}
		return out
	}
	lang == "c" {
		line = $0
		while (match(line, /(check[a-z_]*|range|args|split|output)\("[^"]+"/)) {
			s = substr(line, RSTART, RLENGTH)
			sub(/^[a-z_]+\("/, "", s)
			sub(/"$/, "", s)
			emit(s)
			line = substr(line, RSTART + RLENGTH)
		}
		if (match($0, /snprintf\(name, [^,]+, "[^"]+"/)) {
			s = substr($0, RSTART, RLENGTH)
			sub(/^.*, "/, "", s)
			sub(/"$/, "", s)
			emit(s)
		}
		next
	}
	/^[ \t]*# checks:/ {
		sub(/^[ \t]*# checks:/, "")
		for (i = 1; i <= NF; i++)
			emit($i)
		next
	}
	/^[ \t]*#/ || lang == "py" { next }
	# A command continued on the next lines is read as one.
	/\\$/ { cont = cont substr($0, 1, length($0) - 1) " "; next }
	{
		line = cont $0
		cont = ""
		n = split(line, seg, /&&|\|\||;/)
		for (k = 1; k <= n; k++) {
			s = seg[k]
			sub(/^[ \t]*/, "", s)
			sub(/^(then|do|else|if|!)[ \t]+/, "", s)
			sub(/^[^ \t()]*\)[ \t]+/, "", s)	# a case arm
			split(s, w, /[ \t]+/)
			if (w[1] ~ /^(check|expect|usage|fails|succeeds|has|same_table|finding|cmp_comp|run)$/ && w[2] != "")
				emit(word(substr(s, length(w[1]) + 1)))
			else if (w[1] == "bad_inputs")
				bad_inputs(w[2])
			else if (w[1] == "json_schema")
				for (i = 2; w[i] != ""; i += 2)
					emit("json-schema-" w[i])
			else if (s ~ /^result "ok [^ "]+"/) {
				split(s, r, /[ "]+/)
				emit(r[3])
			}
		}
	}' "$f"
done
