/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly: generated from */
/*	kmod/ootb/sctp_ootb.yaml by tools/spec/gen.py */
/*
 * The attributes of the sctp_ootb family as libnl policies, for the
 * programs that speak it from userspace: sctpctl, and the host tests'
 * stand-in of the module.  Needs libnl-3 and the uapi header only.
 */
#ifndef SCTP_OOTB_POLICY_H
#define SCTP_OOTB_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/attr.h>

#include <uapi/linux/sctp_ootb.h>

/* Every attribute by its type: to parse any message of the family. */
extern const struct nla_policy sctp_ootb_policy[SCTP_OOTB_A_MAX + 1];

/* The attributes of a range nest. */
extern const struct nla_policy sctp_ootb_range_policy[SCTP_OOTB_A_MAX + 1];

/* The bounds the module puts on an integer attribute (checks:); */
/* { 0, 0 }: none but its type's. */
struct sctp_ootb_bounds {
	uint64_t min, max;
};

extern const struct sctp_ootb_bounds sctp_ootb_bounds[SCTP_OOTB_A_MAX + 1];

/* An operation a request can name, as the module implements it. */
struct sctp_ootb_op {
	const char *name;		/* as in the spec: "add-range"... */
	bool has_do, has_dump;
	bool admin;			/* needs CAP_NET_ADMIN (uns-admin-perm) */
	/* The attributes its do takes (the dump shares it); NULL: none. */
	const struct nla_policy *request;
};

extern const struct sctp_ootb_op sctp_ootb_ops[SCTP_OOTB_CMD_MAX + 1];

#endif /* SCTP_OOTB_POLICY_H */
