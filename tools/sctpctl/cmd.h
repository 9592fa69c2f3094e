/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command: its name, its synopsis, and how it parses and runs, in the one
 * file that implements it (commands.h lists them).  What sets one command's
 * handling apart from another's is said by its flags.
 */
#ifndef SCTPCTL_CMD_H
#define SCTPCTL_CMD_H

#include <stddef.h>

#include "ctx.h"
#include "req.h"

enum {
	CMD_ALL_NETNS = 1 << 0,	/* takes -a */
	CMD_NO_BATCH = 1 << 1,	/* cannot run in a batch */
	CMD_OWN_NETNS = 1 << 2,	/* with -a, goes through the namespaces itself */
	CMD_FILE_OUTPUT = 1 << 3, /* prints a file, not a report: -a marks each
				   * namespace with a comment, -j does not apply */
};

struct cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments */
	const char *help;	/* one line */
	unsigned int flags;	/* CMD_* */
	/* Parse argv (after the command name); 0 or -1 with err set. */
	int (*parse)(struct req *r, int argc, char **argv,
		     char *err, size_t len);
	/* Run a parsed request; returns an exit code. */
	int (*run)(struct ctx *c, const struct req *r);
};

/* What a command's file exports: struct cmd VAR. */
#define DEFINE_CMD(var, name_, args_, flags_, parse_, run_, help_)	\
	const struct cmd var = { .name = name_, .args = args_,		\
				 .flags = flags_, .parse = parse_,	\
				 .run = run_, .help = help_ }

/* In a NULL-terminated table: matched exactly, no prefixes. */
const struct cmd *cmd_find(const struct cmd *const *cmds, const char *name);

/* argv[0] is the command name; 0, or -1 with the reason in err. */
int cmd_parse(const struct cmd *const *cmds, struct req *r, int argc,
	      char **argv, char *err, size_t len);

/* Parsers that several commands share. */
int cmd_parse_none(struct req *r, int argc, char **argv, char *err,
		   size_t len);

#endif /* SCTPCTL_CMD_H */
