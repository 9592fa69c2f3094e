// SPDX-License-Identifier: GPL-2.0
/*
 * add-range LO-HI|PORT [policy POLICY] [reserve]
 * replace-range LO-HI|PORT [policy POLICY] [reserve]
 *
 * One ADD_RANGE request; replace-range sets its REPLACE flag (change an
 * identical range's policy, or add it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "parse.h"
#include "query.h"
#include "report.h"

#define RANGE_ARGS "LO-HI|PORT [policy discard|abort|count] [reserve]"

static int parse_add(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	return parse_range_args(r, r->cmd->name, argc, argv, true, err, len);
}

/*
 * Kernels before 6.2 cannot format an extack message, so the module says
 * "overlaps an existing range" there; name the range ourselves, from the
 * table, so that every kernel gives the same message.
 */
static void explain_overlap(struct ctx *c, const struct req *r)
{
	char msg[ERRLEN];
	struct range_list l;
	size_t i;

	if (!strncmp(c->ext_msg, "overlaps ", 9) &&
	    c->ext_msg[9] >= '0' && c->ext_msg[9] <= '9')
		return;
	snprintf(msg, sizeof(msg), "%s", c->ext_msg);
	if (query_ranges(c, &l, false))
		return;
	for (i = 0; i < l.n; i++) {
		const struct range_rec *o = &l.v[i];
		bool disjoint = r->end < o->start || r->start > o->end;
		bool nested = (r->start >= o->start && r->end <= o->end) ||
			      (o->start >= r->start && o->end <= r->end);

		if (!disjoint && !nested) {
			snprintf(msg, sizeof(msg), "overlaps %u-%u", o->start,
				 o->end);
			break;
		}
	}
	free(l.v);
	snprintf(c->ext_msg, sizeof(c->ext_msg), "%s", msg);
}

static int add_range(struct ctx *c, const struct req *r, bool replace)
{
	struct nl_msg *msg;
	int ret;

	/* Version 2 of the family is asked for only when the request uses it. */
	if (fam_open(c) || (r->reserve && fam_need(c, "reserve", 0)))
		return EXIT_FAIL;
	msg = fam_request(c, SCTP_OOTB_CMD_ADD_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	/* The policy always travels, so the module's default never matters. */
	if (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end) ||
	    nla_put_u8(msg, SCTP_OOTB_A_POLICY, r->policy) ||
	    (r->reserve && nla_put_flag(msg, SCTP_OOTB_A_RESERVE)) ||
	    (replace && nla_put_flag(msg, SCTP_OOTB_A_REPLACE)))
		return fam_build_failed(msg);
	ret = fam_talk(c, msg, NULL, NULL);
	if (ret == EBUSY)
		explain_overlap(c, r);
	if (ret > 0)
		report_kernel(c, SCTP_OOTB_CMD_ADD_RANGE, ret);
	return ret ? EXIT_FAIL : EXIT_OK;
}

static int run_add(struct ctx *c, const struct req *r)
{
	return add_range(c, r, false);
}

static int run_replace(struct ctx *c, const struct req *r)
{
	return add_range(c, r, true);
}

DEFINE_CMD(cmd_add_range, "add-range", RANGE_ARGS, 0,
	   parse_add, run_add,
	   "add a range; the policy defaults to discard; reserve also keeps the ports out of the kernel's ephemeral ports");

DEFINE_CMD(cmd_replace_range, "replace-range", RANGE_ARGS, 0,
	   parse_add, run_replace,
	   "set the policy (and reserve) of a range, adding it if it is not there");
