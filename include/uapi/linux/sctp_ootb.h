/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	kmod/ootb/sctp_ootb.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_SCTP_OOTB_H
#define _UAPI_LINUX_SCTP_OOTB_H

#define SCTP_OOTB_GENL_NAME	"sctp_ootb"
#define SCTP_OOTB_GENL_VERSION	2

#define SCTP_OOTB_PORT_MIN	1
#define SCTP_OOTB_PORT_MAX	65535
#define SCTP_OOTB_MAX_RANGES	1024

/**
 * enum sctp_ootb_policy - What happens to an out-of-the-blue packet to a port
 *   of the range.
 * @SCTP_OOTB_POLICY_DISCARD: Drop it silently (a userspace SCTP stack owns the
 *   port).
 * @SCTP_OOTB_POLICY_ABORT: Stock RFC behaviour; an exception inside a wider
 *   range.
 * @SCTP_OOTB_POLICY_COUNT: Stock RFC behaviour, counted as "would discard"
 *   (dry run).
 */
enum sctp_ootb_policy {
	SCTP_OOTB_POLICY_DISCARD,
	SCTP_OOTB_POLICY_ABORT,
	SCTP_OOTB_POLICY_COUNT,

	/* private: */
	__SCTP_OOTB_POLICY_MAX,
	SCTP_OOTB_POLICY_MAX = (__SCTP_OOTB_POLICY_MAX - 1)
};

enum sctp_ootb_attr {
	SCTP_OOTB_A_UNSPEC,
	SCTP_OOTB_A_PAD,
	SCTP_OOTB_A_START,
	SCTP_OOTB_A_END,
	SCTP_OOTB_A_POLICY,
	SCTP_OOTB_A_MATCHED,
	SCTP_OOTB_A_RANGE,
	SCTP_OOTB_A_RANGES,
	SCTP_OOTB_A_MAX_RANGES,
	SCTP_OOTB_A_STAT_DISCARDED,
	SCTP_OOTB_A_STAT_COUNTED,
	SCTP_OOTB_A_STAT_ABORTED,
	SCTP_OOTB_A_STAT_UNMATCHED,
	SCTP_OOTB_A_HOOKED,
	SCTP_OOTB_A_REPLACE,
	SCTP_OOTB_A_RESERVE,
	SCTP_OOTB_A_PORT,
	SCTP_OOTB_A_NETNS_INUM,
	SCTP_OOTB_A_PORTID,

	__SCTP_OOTB_A_MAX,
	SCTP_OOTB_A_MAX = (__SCTP_OOTB_A_MAX - 1)
};

enum sctp_ootb_cmd {
	SCTP_OOTB_CMD_UNSPEC,
	SCTP_OOTB_CMD_ADD_RANGE,
	SCTP_OOTB_CMD_DEL_RANGE,
	SCTP_OOTB_CMD_FLUSH,
	SCTP_OOTB_CMD_REPLACE_TABLE,
	SCTP_OOTB_CMD_GET_RANGE,
	SCTP_OOTB_CMD_GET_STATS,
	SCTP_OOTB_CMD_RESET_COUNTERS,
	SCTP_OOTB_CMD_GET_PORT,

	__SCTP_OOTB_CMD_MAX,
	SCTP_OOTB_CMD_MAX = (__SCTP_OOTB_CMD_MAX - 1)
};

enum sctp_ootb_ntf {
	SCTP_OOTB_CMD_ADD_RANGE_NTF = 1,
	SCTP_OOTB_CMD_DEL_RANGE_NTF = 2,
	SCTP_OOTB_CMD_FLUSH_NTF = 3,
	SCTP_OOTB_CMD_REPLACE_TABLE_NTF = 4,
	SCTP_OOTB_CMD_RESET_COUNTERS_NTF = 7,
};

#define SCTP_OOTB_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_SCTP_OOTB_H */
