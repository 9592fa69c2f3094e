# SPDX-License-Identifier: GPL-2.0
#
# The one way to write a check, for every shell runner: the host's (bash
# or dash), the test VM's (dash, busybox ash) and the systemd guest's.
# POSIX sh; `local` is the one extension used.
#
#   check NAME FN [ARGS...]   run FN ARGS (usually a shell function, in this
#                             shell) as the check NAME; its output goes to
#                             $T_DIR/NAME/check.log, whose tail is shown
#                             when it fails
#   fail EXPECTED GOT         in FN: say why it failed, and return 1:
#                               [ "$n" -gt 0 ] || { fail "an ABORT" "none"; return; }
#   step NAME CMD [ARGS...]   set-up, in this shell: silent when it works,
#                             the failed check NAME when it does not (a
#                             broken set-up never looks like a pass, and is
#                             never skipped)
#   check_lines NAME CMD...   CMD prints check lines of its own (a C unit
#                             test, a python checker): each is counted and
#                             shown; NAME fails when CMD printed none, exited
#                             non-zero with none failing, or counted its own
#                             "N passed, N failed" otherwise
#   result LINE               count and show a result line made elsewhere
#   check_summary             "N passed, N failed"; status 0 only when
#                             something passed and nothing failed
#   check_token KEY           on the results channel (fd 3): the token a
#                             guest writes last, "CHECKS-DONE KEY P F"
#
# The output contract, which CI and the lanes grep: one line "ok NAME" or
# "not ok NAME: expected X, got Y" per check, lines starting with "# " are
# comments, then "N passed, N failed".
#
# Settings (variables, before the first check):
#   T_DIR      the checks' work directories (default /tmp/checks.PID); the
#              runner removes it if it wants to
#   T_RESULTS  the file that counts: every result line is appended to it,
#              so that checks run in subshells count too (default
#              $T_DIR/results)
#   T_FD3      1: result and comment lines also go to fd 3 (a guest's
#              results channel, its second serial port)
#   T_CHECKS   the checks to run, shell patterns separated by blanks or
#              commas (default: all); the others are neither run nor
#              counted
#   T_REPEAT   each check run this many times, as NAME#1, NAME#2... (default 1)
#   T_TAIL     lines of a failed check's log shown (default 25)
#   check_cleanup  a function run after every check (default: nothing);
#              the VM's stops what the check left running

T_DIR=${T_DIR:-${TMPDIR:-/tmp}/checks.$$}
T_RESULTS=${T_RESULTS:-$T_DIR/results}
T_FD3=${T_FD3:-0}
T_CHECKS=${T_CHECKS:-}
T_REPEAT=${T_REPEAT:-1}
T_TAIL=${T_TAIL:-25}
T_NAME=
T_WHY=
mkdir -p "$T_DIR"

check_cleanup() {
	:
}

# A line for whoever reads: stdout, and the results channel when there is one.
check_say() {
	printf '%s\n' "$*"
	[ "$T_FD3" != 1 ] || printf '%s\n' "$*" >&3
}

# Each line of stdin as a comment.
check_say_lines() {
	local l

	while IFS= read -r l; do
		check_say "# $l"
	done
}

result() {
	printf '%s\n' "$1" >>"$T_RESULTS"
	check_say "$1"
}

fail() {
	T_WHY="expected $1, got $2"
	return 1
}

# The work directory of the running check.
t_workdir() {
	printf '%s/%s' "$T_DIR" "$T_NAME"
}

# Is check NAME selected by T_CHECKS?
check_selected() {
	local p rc=1

	[ -n "$T_CHECKS" ] || return 0
	set -f	# patterns of names, not of files
	for p in $(printf '%s' "$T_CHECKS" | tr ',' ' '); do
		case "$1" in
		$p) rc=0; break ;;
		esac
	done
	set +f
	return $rc
}

# One run of a check, as T_NAME.
check_once() {
	local rc

	T_WHY=
	mkdir -p "$(t_workdir)"
	if "$@" >"$(t_workdir)/check.log" 2>&1; then
		check_cleanup
		result "ok $T_NAME"
	else
		rc=$?
		check_cleanup
		[ -n "$T_WHY" ] || T_WHY="expected success, got exit status $rc from: $*"
		result "not ok $T_NAME: $T_WHY"
		tail -n "$T_TAIL" "$(t_workdir)/check.log" | check_say_lines
	fi
}

check() {
	local name=$1 i=1

	shift
	check_selected "$name" || return 0
	if [ "$T_REPEAT" -le 1 ]; then
		T_NAME=$name
		check_once "$@"
		return 0
	fi
	while [ "$i" -le "$T_REPEAT" ]; do
		T_NAME="$name#$i"
		check_once "$@"
		i=$((i + 1))
	done
}

step() {
	local name=$1

	shift
	mkdir -p "$T_DIR"
	if ! "$@" >"$T_DIR/step.log" 2>&1; then
		result "not ok $name: expected success, got failure of: $*"
		tail -n 15 "$T_DIR/step.log" | check_say_lines
		return 1
	fi
}

check_lines() {
	local name=$1 log rc n bad own want l

	shift
	log=$T_DIR/$name.lines
	mkdir -p "$T_DIR"
	"$@" >"$log" 2>&1
	rc=$?
	n=0
	bad=0
	own=
	while IFS= read -r l; do
		case "$l" in
		"ok "*) result "$l"; n=$((n + 1)) ;;
		"not ok "*) result "$l"; n=$((n + 1)); bad=$((bad + 1)) ;;
		"# "*) check_say "$l" ;;
		*" passed, "*" failed") own=$l ;;
		esac
	done <"$log"
	want="$((n - bad)) passed, $bad failed"
	if [ "$n" = 0 ]; then
		result "not ok $name: expected check lines from $*, got none (exit status $rc)"
		tail -n "$T_TAIL" "$log" | check_say_lines
	elif [ "$rc" != 0 ] && [ "$bad" = 0 ]; then
		result "not ok $name: expected exit status 0 with no check failing, got $rc"
		tail -n "$T_TAIL" "$log" | check_say_lines
	elif [ -n "$own" ] && [ "$own" != "$want" ]; then
		result "not ok $name: expected its count to be '$want', got '$own'"
	fi
}

# check_counts: how many passed and failed so far, "P F".
check_counts() {
	cat "$T_RESULTS" 2>/dev/null |
		awk '/^ok / { p++ } /^not ok / { f++ } END { print p + 0, f + 0 }'
}

check_summary() {
	set -- $(check_counts)
	echo "$1 passed, $2 failed"
	[ "$2" = 0 ] && [ "$1" -gt 0 ]
}

check_token() {
	printf 'CHECKS-DONE %s %s\n' "$1" "$(check_counts)" >&3
}

# check_logs: every check's log, each under its name (for a console log
# kept on the host).
check_logs() {
	local f

	for f in "$T_DIR"/*/check.log; do
		[ -e "$f" ] || continue
		echo "----- ${f#$T_DIR/} -----"
		cat "$f"
	done
}
