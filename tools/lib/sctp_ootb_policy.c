// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly: generated from */
/*	kmod/ootb/sctp_ootb.yaml by tools/spec/gen.py */
#include "sctp_ootb_policy.h"

const struct nla_policy sctp_ootb_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_POLICY] = { .type = NLA_U8, .maxlen = 1 },
	[SCTP_OOTB_A_MATCHED] = { .type = NLA_U64, .maxlen = 8 },
	[SCTP_OOTB_A_RANGE] = { .type = NLA_NESTED },
	[SCTP_OOTB_A_RANGES] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_MAX_RANGES] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_STAT_DISCARDED] = { .type = NLA_U64, .maxlen = 8 },
	[SCTP_OOTB_A_STAT_COUNTED] = { .type = NLA_U64, .maxlen = 8 },
	[SCTP_OOTB_A_STAT_ABORTED] = { .type = NLA_U64, .maxlen = 8 },
	[SCTP_OOTB_A_STAT_UNMATCHED] = { .type = NLA_U64, .maxlen = 8 },
	[SCTP_OOTB_A_HOOKED] = { .type = NLA_U8, .maxlen = 1 },
	[SCTP_OOTB_A_REPLACE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_RESERVE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_PORT] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_NETNS_INUM] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_PORTID] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_OWNED] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_FORCE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_RELEASED] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_OWNER_PORTID] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_OWNER_PID] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_OWNER_COMM] = { .type = NLA_STRING },
	[SCTP_OOTB_A_OWNED_RANGES] = { .type = NLA_U32, .maxlen = 4 },
	[SCTP_OOTB_A_MAX_OWNED_RANGES] = { .type = NLA_U32, .maxlen = 4 },
};

const struct nla_policy sctp_ootb_range_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_POLICY] = { .type = NLA_U8, .maxlen = 1 },
	[SCTP_OOTB_A_RESERVE] = { .type = NLA_FLAG },
};

const struct sctp_ootb_bounds sctp_ootb_bounds[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { 1, 65535U },
	[SCTP_OOTB_A_END] = { 1, 65535U },
	[SCTP_OOTB_A_POLICY] = { 0, 2U },
	[SCTP_OOTB_A_PORT] = { 1, 65535U },
};

static const struct nla_policy add_range_request[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_POLICY] = { .type = NLA_U8, .maxlen = 1 },
	[SCTP_OOTB_A_REPLACE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_RESERVE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_OWNED] = { .type = NLA_FLAG },
};

static const struct nla_policy del_range_request[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_FORCE] = { .type = NLA_FLAG },
};

static const struct nla_policy replace_table_request[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_RANGE] = { .type = NLA_NESTED },
};

static const struct nla_policy reset_counters_request[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16, .maxlen = 2 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16, .maxlen = 2 },
};

static const struct nla_policy get_port_request[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_PORT] = { .type = NLA_U16, .maxlen = 2 },
};

const struct sctp_ootb_op sctp_ootb_ops[SCTP_OOTB_CMD_MAX + 1] = {
	[SCTP_OOTB_CMD_ADD_RANGE] = {
		.name = "add-range",
		.has_do = true,
		.admin = true,
		.request = add_range_request,
	},
	[SCTP_OOTB_CMD_DEL_RANGE] = {
		.name = "del-range",
		.has_do = true,
		.admin = true,
		.request = del_range_request,
	},
	[SCTP_OOTB_CMD_FLUSH] = {
		.name = "flush",
		.has_do = true,
		.admin = true,
	},
	[SCTP_OOTB_CMD_REPLACE_TABLE] = {
		.name = "replace-table",
		.has_do = true,
		.admin = true,
		.request = replace_table_request,
	},
	[SCTP_OOTB_CMD_GET_RANGE] = {
		.name = "get-range",
		.has_dump = true,
	},
	[SCTP_OOTB_CMD_GET_STATS] = {
		.name = "get-stats",
		.has_do = true,
	},
	[SCTP_OOTB_CMD_RESET_COUNTERS] = {
		.name = "reset-counters",
		.has_do = true,
		.has_dump = true,
		.admin = true,
		.request = reset_counters_request,
	},
	[SCTP_OOTB_CMD_GET_PORT] = {
		.name = "get-port",
		.has_do = true,
		.request = get_port_request,
	},
};
