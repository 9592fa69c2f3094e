# SPDX-License-Identifier: GPL-2.0
# sets: core
#
# Our sctp.ko with nothing registered on the hook: exactly the stock
# behaviour, and kernel SCTP works as before.  Runs before any suite that
# registers on the hook.

check patched-nohook-v4 usrsctp_refused 4 5001 5002
check kernel-sctp kernel_sctp 4 6001 6002
