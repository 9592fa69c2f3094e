# SPDX-License-Identifier: GPL-2.0
# sets: core
#
# Debian's own sctp.ko: the kernel answers usrsctp's packets as out of the
# blue and the association dies.  These checks prove the harness sees the
# bug; they fail if the association comes up or no ABORT is captured.

T_DEMO_CHECKS=stock-conflict-v4
demo "== stock sctp.ko: usrsctp echo server on the host ($HOST4:5001), usrsctp client on the peer ($PEER4:5002)"
check stock-conflict-v4 usrsctp_refused 4 5001 5002
check stock-conflict-v6 usrsctp_refused 6 5011 5012
