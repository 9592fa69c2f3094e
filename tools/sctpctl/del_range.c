// SPDX-License-Identifier: GPL-2.0
/*
 * del-range LO-HI|PORT: one DEL_RANGE request, the range exactly as added.
 */
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "parse.h"

static int parse_del(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	return parse_range_args(r, r->cmd->name, argc, argv, false, err, len);
}

static int run_del(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	msg = fam_start(c, SCTP_OOTB_CMD_DEL_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end))
		return fam_build_failed(msg);
	return fam_do(c, SCTP_OOTB_CMD_DEL_RANGE, msg, NULL, NULL);
}

DEFINE_CMD(cmd_del_range, "del-range", "LO-HI|PORT", 0,
	   parse_del, run_del,
	   "delete a range exactly as added (ranges nested in it stay)");
