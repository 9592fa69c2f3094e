# SPDX-License-Identifier: GPL-2.0
#
# bash completion, with sctpctl against the stand-in.

bc=/usr/share/bash-completion/bash_completion
have_completion() {
	[ -r "$bc" ] && command -v bash
}
# make deps installs bash-completion.
step completion have_completion || return 0
fake_start || return 0
sc flush
sc add-range 5000-5100
sc add-range 5050 policy abort
bin=$tmp/comp-bin
mkdir -p "$bin"
ln -sf "$SCTPCTL" "$bin/sctpctl"

# comp_is WANT WORDS...: the completions of the last of WORDS, sorted, on
# one line, are WANT.
comp_is() {
	local want=$1 got

	shift
	got=$(LD_PRELOAD=$FAKE_PRELOAD SCTPCTL_FAKE_PORTID=$fake_port \
		PATH="$bin:$PATH" bash -c '
		. "$1"; . "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_sctpctl sctpctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		[ ${#COMPREPLY[@]} -gt 0 ] &&
			printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		bash "$bc" "$top/tools/sctpctl/sctpctl.bash-completion" "$@" 2>&1)
	[ "$got" = "$want" ] || fail "'$want'" "'$got'"
}

cmp_comp() {
	local name=$1

	shift
	check "$name" comp_is "$@"
}

cmp_comp completion-commands 'del-range doctor ' sctpctl d
cmp_comp completion-del-range-ranges '5000-5100 5050-5050 ' \
	sctpctl del-range ''
cmp_comp completion-replace-range-ranges '5050-5050 ' \
	sctpctl -j replace-range 505
cmp_comp completion-reset-counters-ranges '5000-5100 5050-5050 ' \
	sctpctl reset-counters ''
cmp_comp completion-policy 'abort ' sctpctl add-range 5 policy a
cmp_comp completion-after-range 'policy reserve ' sctpctl add-range 5 ''
cmp_comp completion-no-command-after-batch '' sctpctl -b /dev/null ''
cmp_comp completion-options-after-batch '-f ' sctpctl -b /dev/null -f
cmp_comp completion-list-reset '--reset ' sctpctl list -
cmp_comp completion-restore-check '--check ' sctpctl restore --c
cmp_comp completion-doctor '--config ' sctpctl doctor -
cmp_comp completion-all-netns '--all-netns ' sctpctl --al
cmp_comp completion-del-range-force 'force ' sctpctl del-range 5000 ''
cmp_comp completion-run-options '--auto ' sctpctl run --a
cmp_comp completion-run-policy 'count ' sctpctl run -p c
cmp_comp completion-run-command 'dash ' sctpctl run --auto -- das
