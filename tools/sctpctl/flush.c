// SPDX-License-Identifier: GPL-2.0
/*
 * flush: one FLUSH request; every range goes, the totals stay.
 */
#include "commands.h"
#include "family.h"

static int run_flush(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	(void)r;
	msg = fam_start(c, SCTP_OOTB_CMD_FLUSH, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	return fam_do(c, SCTP_OOTB_CMD_FLUSH, msg, NULL, NULL);
}

DEFINE_CMD(cmd_flush, "flush", "", 0,
	   cmd_parse_none, run_flush,
	   "delete every range");
