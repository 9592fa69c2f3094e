// SPDX-License-Identifier: GPL-2.0
/*
 * save: the table as a restore file, one add-range line per range; an
 * empty table is saved as a lone flush line, since restore refuses a file
 * with neither.  Claims are not saved: they belong to running programs,
 * and a restore leaves them alone.  A file format, not a report: -j does
 * not apply.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "parse.h"
#include "print.h"
#include "query.h"
#include "report.h"

static int run_save(struct ctx *c, const struct req *r)
{
	struct range_list l;
	size_t i, saved;

	(void)r;
	if (query_ranges(c, &l, false))
		return EXIT_FAIL;
	for (i = 0; i < l.n; i++) {
		if (!policy_name(l.v[i].policy)) {
			report_error("range %u-%u has policy %u, unknown to this %s: nothing saved",
				     l.v[i].start, l.v[i].end, l.v[i].policy,
				     PROG);
			free(l.v);
			return EXIT_FAIL;
		}
	}
	for (i = 0, saved = 0; i < l.n; i++) {
		if (l.v[i].owned)
			continue;
		print_save_line(&l.v[i]);
		saved++;
	}
	if (!saved)
		printf("flush\n");
	free(l.v);
	return EXIT_OK;
}

DEFINE_CMD(cmd_save, "save", "", CMD_ALL_NETNS | CMD_FILE_OUTPUT,
	   cmd_parse_none, run_save,
	   "print the table as lines that restore reads back");
