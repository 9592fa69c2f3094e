# SPDX-License-Identifier: GPL-2.0
#
# Other people's SCTP suites, unchanged, on both boots: lksctp-tools'
# functional tests and the kernel's own SCTP selftests (tests/vm/peer.sh).
# The stock boot runs them on Debian's sctp.ko; the patched boot on ours
# with sctp_ootb hooked, first with discard ranges around the suites' ports
# (mode ours), then with one over all of them (mode covered).  The host
# compares the boots test by test (tests/vm/peer-compare.sh): those checks
# are the host's, for each suite (sctp_vrf and ip_local_port_range where
# KVER's series has them):
# checks: peer-suite-lksctp-v4test peer-covered-lksctp-v4test
# checks: peer-suite-lksctp-v6test peer-covered-lksctp-v6test
# checks: peer-suite-sctp_vrf peer-covered-sctp_vrf
# checks: peer-suite-ip_local_port_range peer-covered-ip_local_port_range
#
# What only these suites need, in the images that carry this file:
#@image file peer.sh tests/peer.sh
#@image tree peer/lksctp tests/peer/lksctp
#@image tree peer/kselftest-SERIES tests/peer/kselftest
#@image tool /usr/bin/bash
# glibc loads libgcc_s for pthread_exit() (test_1_to_1_threads):
#@image lib /lib/x86_64-linux-gnu/libgcc_s.so.1
#@image tool /usr/bin/date
#@image tool /usr/bin/chrt
#@image tool /usr/bin/taskset
#@image tool /usr/bin/ss
#@image tool /usr/bin/pkill
#@image module vrf
#@image module dummy

. /tests/peer.sh

peer_ootb_ready() {
	modprobe sctp_ootb || return
	sctpctl status
}

case "$BOOT" in
stock)
	peer_all stock
	;;
patched)
	step setup-peer-ootb peer_ootb_ready || return 0
	peer_all ours
	peer_all covered
	;;
esac
