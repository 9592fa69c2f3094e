/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fake sctp_ootb netlink peer and the LD_PRELOAD shim that
 * points sctpctl at it.
 */
#ifndef FAKE_OOTB_H
#define FAKE_OOTB_H

/* The family id and monitor group id the fake hands out for "sctp_ootb". */
#define FAKE_OOTB_FAMILY	0x7eed
#define FAKE_OOTB_MCGRP		0x7eef

/* Private command: the shim's stand-in for joining the monitor group. */
#define FAKE_OOTB_CMD_SUBSCRIBE	0x7f

/* Environment: the netlink port id of the running fake peer. */
#define FAKE_OOTB_ENV		"SCTPCTL_FAKE_PORTID"

/*
 * Environment: a directory holding, for a network namespace, a file named
 * after its inode number with the port id of the fake peer running there
 * (sctpctl -n / -a enter real namespaces).
 */
#define FAKE_OOTB_DIR_ENV	"SCTPCTL_FAKE_PORTDIR"

#endif
