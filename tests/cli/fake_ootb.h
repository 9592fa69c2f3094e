/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fake sctp_ootb netlink peer and the LD_PRELOAD shim that
 * points sctpctl at it.
 */
#ifndef FAKE_OOTB_H
#define FAKE_OOTB_H

/* The family id the shim hands out for "sctp_ootb". */
#define FAKE_OOTB_FAMILY	0x7eed

/* Environment: the netlink port id of the running fake peer. */
#define FAKE_OOTB_ENV		"SCTPCTL_FAKE_PORTID"

#endif
