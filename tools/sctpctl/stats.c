// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the namespace's totals (GET_STATS).
 */
#include "commands.h"
#include "print.h"
#include "query.h"

static int run_stats(struct ctx *c, const struct req *r)
{
	struct stats_rec s;

	(void)r;
	if (query_stats(c, &s))
		return EXIT_FAIL;
	print_stats(&s, c->all_netns ? "stats" : NULL);
	return EXIT_OK;
}

DEFINE_CMD(cmd_stats, "stats", "", CMD_ALL_NETNS,
	   cmd_parse_none, run_stats,
	   "show the totals of the network namespace");
