// SPDX-License-Identifier: GPL-2.0
/*
 * del-range LO-HI|PORT [force]: one DEL_RANGE request, the range exactly
 * as added.  A claim (version 3) goes only from the socket that owns it:
 * force says that an administrator means to delete it anyway.
 */
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "parse.h"

static int parse_del(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	if (argc > 1 && !strcmp(argv[argc - 1], "force")) {
		r->force = true;
		argc--;
	}
	return parse_range_args(r, r->cmd->name, argc, argv, false, err, len);
}

static int run_del(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	if (r->force && (fam_open(c) || fam_need_claims(c, "force")))
		return EXIT_FAIL;
	msg = fam_start(c, SCTP_OOTB_CMD_DEL_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end) ||
	    (r->force && nla_put_flag(msg, SCTP_OOTB_A_FORCE)))
		return fam_build_failed(msg);
	return fam_do(c, SCTP_OOTB_CMD_DEL_RANGE, msg, NULL, NULL);
}

DEFINE_CMD(cmd_del_range, "del-range", "LO-HI|PORT [force]", 0,
	   parse_del, run_del,
	   "delete a range exactly as added (ranges nested in it stay); force: a claim of a running program too");
