# SPDX-License-Identifier: GPL-2.0
#
# status, every state of the modules faked in a sysfs tree (SCTPCTL_SYSFS),
# and against stand-ins: hooked, not hooked, no netlink family.

export SCTPCTL_SYSFS
SCTPCTL_SYSFS=$(sysfs none)
expect status-none 1 '' status-none.txt status
SCTPCTL_SYSFS=$(sysfs stock)
expect status-stock 1 '' status-stock.txt status
expect status-stock-json 1 '' status-stock.json -j status
SCTPCTL_SYSFS=$(sysfs other)
has status-other-version 1 'sctp: loaded, stock (version 1.2.3)' status
SCTPCTL_SYSFS=$(sysfs patched)
expect status-patched 1 '' status-patched.txt status

SCTPCTL_SYSFS=$(sysfs ready)
if fake_start; then
	expect status-ready 0 '' status-ready.txt status
	expect status-ready-json 0 '' status-ready.json -j status
	expect status-ready-pretty 0 '' status-ready-pretty.json -j -p status
fi
fake_start -H 0 && expect status-unhooked 1 '' status-unhooked.txt status
fake_start -N && has status-no-family 1 'sctp_ootb: loaded, hook state unknown' status
fake_start -N && has status-no-family-hint 1 'hint: sctp_ootb is loaded but has no netlink family: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)' status
