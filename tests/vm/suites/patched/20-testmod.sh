# SPDX-License-Identifier: GPL-2.0
# sets: core
#
# The hook at work, through the test module sctp_ootb_test: it discards OOTB
# packets to local ports 5020-5039 in every namespace, which covers the
# usrsctp servers on the host and the clients' local ports on the peer.

TESTMOD_PORTS=5020-5039
TESTMOD_PARAMS=/sys/module/sctp_ootb_test/parameters

# hook_discard FAMILY SPORT CPORT: the association works and the module's
# verdicts account for it.
hook_discard() {
	local d0 d

	[ -d "$TESTMOD_PARAMS" ] ||
		{ fail "sctp_ootb_test loaded" "it is not"; return; }
	d0=$(cat "$TESTMOD_PARAMS/discarded")
	usrsctp_echoes "$1" "$2" "$3" 100 || return
	d=$(($(cat "$TESTMOD_PARAMS/discarded") - d0))
	echo "sctp_ootb_test discarded +$d"
	[ "$d" -gt 0 ] ||
		{ fail "the test module to discard packets" "+$d"; return; }
}

step setup-testmod-load modprobe sctp_ootb_test ports=$TESTMOD_PORTS

# With a hook registered, ports outside its list keep the RFC behaviour.
check rfc-ootb-abort ootb_abort 4 5099 5098

T_DEMO_CHECKS=hook-discard-v4
demo "== patched sctp.ko, a hook module discarding OOTB packets to ports $TESTMOD_PORTS: same programs, ports 5021/5022"
check hook-discard-v4 hook_discard 4 5021 5022
check hook-discard-v6 hook_discard 6 5031 5032

# One registrant at a time: with the test module on the hook, sctp_ootb
# gets -EBUSY and says who is in the way; the test module keeps working.
hook_busy() {
	ootb_refused "while sctp_ootb_test holds the hook" "Device or resource busy" \
		"another module holds the sctp out-of-the-blue hook" || return
	hook_discard 4 5023 5024
}

check hook-busy hook_busy

# Leave the hook free for the suites that follow.
step setup-testmod-unload rmmod sctp_ootb_test
