// SPDX-License-Identifier: GPL-2.0
/*
 * list [--reset]: the table, one range a line; --reset reads and zeroes
 * each counter in one step (the RESET_COUNTERS dump, version 2).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "parse.h"
#include "print.h"
#include "query.h"

static int parse_list(struct req *r, int argc, char **argv,
		      char *err, size_t len)
{
	if (argc > 0 && !strcmp(argv[0], "--reset")) {
		r->reset = true;
		argc--;
		argv++;
	}
	return parse_no_args(r->cmd->name, argc, argv, err, len);
}

static int run_list(struct ctx *c, const struct req *r)
{
	struct range_list l;
	size_t i;

	if (query_ranges(c, &l, r->reset))
		return EXIT_FAIL;
	out_open_arr(c->all_netns ? "ranges" : NULL);
	for (i = 0; i < l.n; i++)
		print_range(&l.v[i]);
	out_close_arr();
	free(l.v);
	return EXIT_OK;
}

DEFINE_CMD(cmd_list, "list", "[--reset]", CMD_ALL_NETNS,
	   parse_list, run_list,
	   "list the ranges with their policy and matched packets; --reset zeroes each counter as it is read");
