// SPDX-License-Identifier: GPL-2.0
/*
 * get PORT: the range that decides PORT (GET_PORT, version 2).
 *
 * Text "port P: RANGE" or "port P: no range: stock behaviour"; JSON
 * {"port":P,"silenced":B,"range":RANGE or null}.  Exit 0 only when a
 * discard range decides the port, so that a script can assert it.
 */
#include <inttypes.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "parse.h"
#include "print.h"
#include "query.h"
#include "report.h"

static int parse_get(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	if (argc < 1) {
		snprintf(err, len, "get: missing PORT");
		return -1;
	}
	if (parse_port(argv[0], &r->start, err, len))
		return -1;
	r->end = r->start;
	return parse_no_args(r->cmd->name, argc - 1, argv + 1, err, len);
}

struct port_answer {
	int have;		/* parse_range_msg(), or -2: no reply */
	struct range_rec rec;
};

static int on_port(struct nl_msg *msg, void *arg)
{
	struct port_answer *a = arg;

	a->have = parse_range_msg(msg, &a->rec);
	return NL_OK;
}

static int run_get(struct ctx *c, const struct req *r)
{
	struct port_answer a = { .have = -2 };
	struct nl_msg *msg;
	bool silenced;

	if (fam_open(c) || fam_need(c, "get", SCTP_OOTB_CMD_GET_PORT))
		return EXIT_FAIL;
	msg = fam_request(c, SCTP_OOTB_CMD_GET_PORT, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (nla_put_u16(msg, SCTP_OOTB_A_PORT, r->start))
		return fam_build_failed(msg);
	if (fam_do(c, SCTP_OOTB_CMD_GET_PORT, msg, on_port, &a))
		return EXIT_FAIL;
	if (a.have < 0) {
		report_error("malformed reply from the kernel (no port, or a range without end or policy)");
		return EXIT_FAIL;
	}
	silenced = a.have == 1 && a.rec.policy == SCTP_OOTB_POLICY_DISCARD;

	out_open_obj(NULL);
	out_uint(PRINT_ANY, "port", "port %" PRIu64 ": ", r->start);
	out_bool(PRINT_JSON, "silenced", NULL, NULL, silenced);
	if (a.have == 1) {
		out_open_obj("range");
		print_range_fields(&a.rec);
		out_close_obj();
	} else {
		out_null("range");
		out_text("no range: stock behaviour");
	}
	out_close_obj();
	out_text("\n");
	return silenced ? EXIT_OK : EXIT_FAIL;
}

DEFINE_CMD(cmd_get, "get", "PORT", 0,
	   parse_get, run_get,
	   "show the range that decides PORT; exit 0 only when PORT is silenced (discard)");
