// SPDX-License-Identifier: GPL-2.0
/*
 * Finding a command by name and parsing its arguments: for the command
 * line and for every line of a batch alike.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "parse.h"

const struct cmd *cmd_find(const struct cmd *const *cmds, const char *name)
{
	for (; *cmds; cmds++)
		if (!strcmp((*cmds)->name, name))
			return *cmds;
	return NULL;
}

int cmd_parse(const struct cmd *const *cmds, struct req *r, int argc,
	      char **argv, char *err, size_t len)
{
	char q[64];

	memset(r, 0, sizeof(*r));
	r->policy = SCTP_OOTB_POLICY_DISCARD;
	r->cmd = cmd_find(cmds, argv[0]);
	if (!r->cmd) {
		snprintf(err, len, "unknown command %s (try \"%s help\")",
			 quote(q, sizeof(q), argv[0]), PROG);
		return -1;
	}
	return r->cmd->parse(r, argc - 1, argv + 1, err, len);
}

int cmd_parse_none(struct req *r, int argc, char **argv, char *err,
		   size_t len)
{
	return parse_no_args(r->cmd->name, argc, argv, err, len);
}
