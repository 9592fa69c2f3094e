/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sctp_ootb generic netlink family (include/uapi/linux/sctp_ootb.h).
 */
#ifndef _SCTP_OOTB_NETLINK_H
#define _SCTP_OOTB_NETLINK_H

int ootb_genl_register(void);
void ootb_genl_unregister(void);

#endif /* _SCTP_OOTB_NETLINK_H */
