// SPDX-License-Identifier: GPL-2.0
/*
 * reset-counters [LO-HI|PORT]: one RESET_COUNTERS do (version 2): one
 * range's counter, or every range's and the namespace's totals.
 */
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "parse.h"

static int parse_reset(struct req *r, int argc, char **argv,
		       char *err, size_t len)
{
	if (argc == 0)
		return 0;
	if (parse_range(argv[0], &r->start, &r->end, err, len))
		return -1;
	r->has_range = true;
	return parse_no_args(r->cmd->name, argc - 1, argv + 1, err, len);
}

static int run_reset(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	if (fam_open(c) ||
	    fam_need(c, "reset-counters", SCTP_OOTB_CMD_RESET_COUNTERS))
		return EXIT_FAIL;
	msg = fam_request(c, SCTP_OOTB_CMD_RESET_COUNTERS, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (r->has_range &&
	    (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	     nla_put_u16(msg, SCTP_OOTB_A_END, r->end)))
		return fam_build_failed(msg);
	return fam_do(c, SCTP_OOTB_CMD_RESET_COUNTERS, msg, NULL, NULL);
}

DEFINE_CMD(cmd_reset_counters, "reset-counters", "[LO-HI|PORT]", 0,
	   parse_reset, run_reset,
	   "zero the counter of one range, or of every range and the namespace's totals");
