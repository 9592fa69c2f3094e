// SPDX-License-Identifier: GPL-2.0
/*
 * sctpctl: manage which SCTP "out of the blue" packets the kernel keeps
 * quiet about, per network namespace, through the sctp_ootb module.
 *
 * Options come first, then one command matched exactly (no prefixes: a
 * future command must never change what an existing script means).
 * Every argument is checked before the kernel is asked anything, so bad
 * input changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sctpctl.h"

#ifndef NETNS_RUN_DIR
#define NETNS_RUN_DIR "/var/run/netns"
#endif

static int parse_add(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	return parse_range_args(r, r->cmd->name, argc, argv, true, err, len);
}

static int parse_del(struct req *r, int argc, char **argv,
		     char *err, size_t len)
{
	return parse_range_args(r, r->cmd->name, argc, argv, false, err, len);
}

static int parse_none(struct req *r, int argc, char **argv,
		      char *err, size_t len)
{
	return parse_no_args(r->cmd->name, argc, argv, err, len);
}

static int parse_restore(struct req *r, int argc, char **argv,
			 char *err, size_t len)
{
	r->file = "-";
	if (argc > 0) {
		if (argv[0][0] == '\0') {
			snprintf(err, len, "restore: empty FILE name");
			return -1;
		}
		r->file = argv[0];
	}
	return parse_no_args(r->cmd->name, argc - 1 > 0 ? argc - 1 : 0,
			     argv + 1, err, len);
}

static int parse_help(struct req *r, int argc, char **argv,
		      char *err, size_t len)
{
	char q[64];

	if (argc > 0) {
		if (!cmd_find(argv[0])) {
			snprintf(err, len, "help: unknown command %s",
				 quote(q, sizeof(q), argv[0]));
			return -1;
		}
		r->topic = argv[0];
	}
	return parse_no_args(r->cmd->name, argc - 1 > 0 ? argc - 1 : 0,
			     argv + 1, err, len);
}

#define RANGE_ARGS "LO-HI|PORT [policy discard|abort|count]"

static const struct cmd cmds[] = {
	{ "add-range", RANGE_ARGS,
	  "add a range; the policy defaults to discard",
	  parse_add, cmd_add },
	{ "replace-range", RANGE_ARGS,
	  "set the policy of a range, adding it if it is not there",
	  parse_add, cmd_replace },
	{ "del-range", "LO-HI|PORT",
	  "delete a range exactly as added (ranges nested in it stay)",
	  parse_del, cmd_del },
	{ "list", "",
	  "list the ranges with their policy and matched packets",
	  parse_none, cmd_list },
	{ "flush", "",
	  "delete every range",
	  parse_none, cmd_flush },
	{ "stats", "",
	  "show the totals of the network namespace",
	  parse_none, cmd_stats },
	{ "status", "",
	  "check that the patched sctp.ko and sctp_ootb are loaded and hooked",
	  parse_none, cmd_status },
	{ "save", "",
	  "print the table as add-range lines that restore reads back",
	  parse_none, cmd_save },
	{ "restore", "[FILE|-]",
	  "replace the whole table with the add-range lines of FILE, atomically",
	  parse_restore, cmd_restore },
	{ "help", "[COMMAND]",
	  "show this help, or the help of one command",
	  parse_help, cmd_help },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

const struct cmd *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

/* argv[0] is the command name. */
int cmd_parse(struct req *r, int argc, char **argv, char *err, size_t len)
{
	char q[64];

	memset(r, 0, sizeof(*r));
	r->policy = SCTP_OOTB_POLICY_DISCARD;
	r->cmd = cmd_find(argv[0]);
	if (!r->cmd) {
		snprintf(err, len, "unknown command %s (try \"%s help\")",
			 quote(q, sizeof(q), argv[0]), PROG);
		return -1;
	}
	return r->cmd->parse(r, argc - 1, argv + 1, err, len);
}

static void print_cmd(FILE *f, const char *indent, const struct cmd *cmd)
{
	fprintf(f, "%s%s%s%s\n%s    %s\n", indent, cmd->name,
		cmd->args[0] ? " " : "", cmd->args, indent, cmd->help);
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGUMENTS]\n"
		"       %s [OPTIONS] -b FILE|-\n"
		"\n"
		"Commands:\n", PROG, PROG);
	for (i = 0; i < NCMDS; i++)
		print_cmd(f, "  ", &cmds[i]);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json          print JSON (the stable interface)\n"
		"  -p, --pretty        indent the JSON\n"
		"  -n, --netns NAME    work in network namespace NAME (%s/NAME)\n"
		"  -b, --batch FILE|-  run the commands of FILE, one per line\n"
		"  -f, --force         with -b, go on after a failing line\n"
		"  -h, --help          show this help\n"
		"  -V, --version       show the version\n"
		"\n"
		"Ports are decimal, 1-65535; PORT alone means PORT-PORT.\n"
		"Exit status: 0 success, 1 failed operation, 2 usage error.\n",
		NETNS_RUN_DIR);
}

int cmd_help(struct ctx *c, const struct req *r)
{
	(void)c;
	if (r->topic) {
		printf("Usage: %s [OPTIONS] ", PROG);
		print_cmd(stdout, "", cmd_find(r->topic));
	} else {
		usage(stdout);
	}
	return EXIT_OK;
}

/* Enter the namespace of -n, once, before any socket is opened. */
int enter_netns(struct ctx *c)
{
	const char *name = c->netns;
	char path[4096], q[64];
	int fd;

	if (!name || c->in_netns)
		return EXIT_OK;

	/* A name lives in NETNS_RUN_DIR, as for "ip -n"; a path is a path. */
	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		report_error("cannot open network namespace %s: %s",
			     quote(q, sizeof(q), name), strerror(errno));
		return EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		report_error("cannot enter network namespace %s: %s",
			     quote(q, sizeof(q), name), strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	close(fd);
	c->in_netns = true;
	return EXIT_OK;
}

/* Exact option names; the single-dash long forms are iproute2's. */
static bool opt_is(const char *arg, const char *s, const char *l1,
		   const char *l2)
{
	return !strcmp(arg, s) || !strcmp(arg, l1) || !strcmp(arg, l2);
}

/* Output that did not reach its destination is a failure. */
static int finish(int ret)
{
	if (out_flush()) {
		report_error("cannot write the output: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}

/* The value of the option at argv[*i], or NULL after reporting. */
static const char *opt_value(int argc, char **argv, int *i, const char *what)
{
	if (*i + 1 >= argc || argv[*i + 1][0] == '\0') {
		report_error("option %s needs %s", argv[*i], what);
		return NULL;
	}
	return argv[++*i];
}

int main(int argc, char **argv)
{
	struct ctx c = { .family = -1, .ext_offs = -1 };
	const char *batch = NULL;
	char err[ERRLEN], q[64];
	struct req r;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (opt_is(a, "-j", "--json", "-json")) {
			c.json = true;
		} else if (opt_is(a, "-p", "--pretty", "-pretty")) {
			c.pretty = true;
		} else if (opt_is(a, "-f", "--force", "-force")) {
			c.force = true;
		} else if (opt_is(a, "-n", "--netns", "-netns")) {
			c.netns = opt_value(argc, argv, &i, "a NAME");
			if (!c.netns)
				return EXIT_USAGE;
		} else if (opt_is(a, "-b", "--batch", "-batch")) {
			batch = opt_value(argc, argv, &i, "a FILE");
			if (!batch)
				return EXIT_USAGE;
		} else if (opt_is(a, "-h", "--help", "-help")) {
			usage(stdout);
			return finish(EXIT_OK);
		} else if (opt_is(a, "-V", "--version", "-version")) {
			printf("%s %s (%s generic netlink version %d)\n", PROG,
			       SCTPCTL_VERSION, SCTP_OOTB_GENL_NAME,
			       SCTP_OOTB_GENL_VERSION);
			return finish(EXIT_OK);
		} else {
			report_error("unknown option %s (try \"%s help\")",
				     quote(q, sizeof(q), a), PROG);
			return EXIT_USAGE;
		}
	}
	argc -= i;
	argv += i;

	out_init(c.json, c.pretty);

	if (batch) {
		if (argc > 0) {
			report_error("-b takes no command, found %s",
				     quote(q, sizeof(q), argv[0]));
			return EXIT_USAGE;
		}
		ret = run_batch(&c, batch);
	} else {
		if (argc == 0) {
			report_error("missing COMMAND (try \"%s help\")", PROG);
			return EXIT_USAGE;
		}
		if (cmd_parse(&r, argc, argv, err, sizeof(err))) {
			report_error("%s", err);
			return EXIT_USAGE;
		}
		ret = r.cmd->run(&c, &r);
	}

	nl_close_ctx(&c);
	return finish(ret);
}
