// SPDX-License-Identifier: GPL-2.0
/*
 * sctpctl: manage which SCTP "out of the blue" packets the kernel keeps
 * quiet about, per network namespace, through the sctp_ootb module.
 *
 * Options come first (getopt_long_only: short, GNU long and iproute2's
 * single-dash long forms), then one command matched exactly (no prefixes:
 * a future command must never change what an existing script means).
 * Every argument is checked before the kernel is asked anything, so bad
 * input changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sctpctl.h"

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

static int parse_reset(struct req *r, int argc, char **argv,
		       char *err, size_t len)
{
	if (argc == 0)
		return 0;
	if (parse_range(argv[0], &r->start, &r->end, err, len))
		return -1;
	r->has_range = true;
	return parse_no_args(r->cmd->name, argc - 1, argv + 1, err, len);
}

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

/* restore [-c|--check] [--] [FILE|-] */
static int parse_restore(struct req *r, int argc, char **argv,
			 char *err, size_t len)
{
	int i = 0;

	r->file = "-";
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--check")) {
			r->check = true;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			char q[64];

			snprintf(err, len, "restore: unknown option %s",
				 quote(q, sizeof(q), argv[i]));
			return -1;
		} else {
			break;
		}
	}
	if (i < argc) {
		if (argv[i][0] == '\0') {
			snprintf(err, len, "restore: empty FILE name");
			return -1;
		}
		r->file = argv[i++];
	}
	return parse_no_args(r->cmd->name, argc - i, argv + i, err, len);
}

/* doctor [--config FILE] */
static int parse_doctor(struct req *r, int argc, char **argv,
			char *err, size_t len)
{
	if (argc > 0 && !strncmp(argv[0], "--config=", 9)) {
		r->file = argv[0] + 9;
		argc--;
		argv++;
	} else if (argc > 0 && !strcmp(argv[0], "--config")) {
		if (argc < 2) {
			snprintf(err, len, "doctor: --config needs a FILE");
			return -1;
		}
		r->file = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (r->file && r->file[0] == '\0') {
		snprintf(err, len, "doctor: --config needs a FILE");
		return -1;
	}
	return parse_no_args(r->cmd->name, argc, argv, err, len);
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

#define RANGE_ARGS "LO-HI|PORT [policy discard|abort|count] [reserve]"

static const struct cmd cmds[] = {
	{ "add-range", RANGE_ARGS,
	  "add a range; the policy defaults to discard; reserve also keeps the ports out of the kernel's ephemeral ports",
	  0, parse_add, cmd_add },
	{ "replace-range", RANGE_ARGS,
	  "set the policy (and reserve) of a range, adding it if it is not there",
	  0, parse_add, cmd_replace },
	{ "del-range", "LO-HI|PORT",
	  "delete a range exactly as added (ranges nested in it stay)",
	  0, parse_del, cmd_del },
	{ "get", "PORT",
	  "show the range that decides PORT; exit 0 only when PORT is silenced (discard)",
	  0, parse_get, cmd_get },
	{ "list", "[--reset]",
	  "list the ranges with their policy and matched packets; --reset zeroes each counter as it is read",
	  CMD_ALL_NETNS, parse_list, cmd_list },
	{ "reset-counters", "[LO-HI|PORT]",
	  "zero the counter of one range, or of every range and the namespace's totals",
	  0, parse_reset, cmd_reset },
	{ "flush", "",
	  "delete every range",
	  0, parse_none, cmd_flush },
	{ "stats", "",
	  "show the totals of the network namespace",
	  CMD_ALL_NETNS, parse_none, cmd_stats },
	{ "status", "",
	  "check that the patched sctp.ko and sctp_ootb are loaded and hooked",
	  0, parse_none, cmd_status },
	{ "save", "",
	  "print the table as lines that restore reads back",
	  CMD_ALL_NETNS, parse_none, cmd_save },
	{ "restore", "[-c|--check] [FILE|-]",
	  "replace the whole table with the add-range lines of FILE, atomically; --check only validates",
	  0, parse_restore, cmd_restore },
	{ "monitor", "",
	  "print every change of the table as it happens, until interrupted",
	  CMD_NO_BATCH, parse_none, cmd_monitor },
	{ "doctor", "[--config FILE]",
	  "check the host and the namespace, and say how to fix what is wrong",
	  CMD_ALL_NETNS, parse_doctor, cmd_doctor },
	{ "help", "[COMMAND]",
	  "show this help, or the help of one command",
	  0, parse_help, cmd_help },
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

/* Does running @r read standard input? */
bool reads_stdin(const struct req *r)
{
	return r->cmd->run == cmd_restore && !strcmp(r->file, "-");
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
		"  -j, --json           print JSON (the stable interface)\n"
		"  -p, --pretty         indent the JSON\n"
		"  -q, --quiet          print no warnings\n"
		"  -n, --netns NAME     work in network namespace NAME (%s/NAME)\n"
		"  -a, --all-netns      list, stats, save, doctor: this namespace and every named one\n"
		"  -b, --batch FILE|-   run the commands of FILE, one per line\n"
		"  -f, --force          with -b, go on after a failing line\n"
		"  -h, --help           show this help\n"
		"  -V, --version        show the version\n"
		"  --                   end of the options\n"
		"\n"
		"Ports are decimal, 1-65535; PORT alone means PORT-PORT.\n"
		"Exit status: 0 success, 1 failed operation (get: PORT not silenced;\n"
		"-b: some lines failed), 2 usage error (nothing was run).\n",
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

/* Output that did not reach its destination is a failure. */
static int finish(int ret)
{
	if (out_flush()) {
		report_error("cannot write the output: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}

static const struct option long_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "force", no_argument, NULL, 'f' },
	{ "all-netns", no_argument, NULL, 'a' },
	{ "netns", required_argument, NULL, 'n' },
	{ "batch", required_argument, NULL, 'b' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The option as the user wrote it, for a message. */
static const char *opt_spelled(char **argv, int optind_now, int ch,
			       char *buf, size_t len)
{
	const char *a = argv[optind_now - 1];

	if (a && a[0] == '-' && a[1] == '-')
		return a;
	snprintf(buf, len, "-%c", ch);
	return buf;
}

int main(int argc, char **argv)
{
	struct ctx c = { .fam = { .id = -1, .monitor_grp = -1 },
			 .ext_offs = -1 };
	const char *batch = NULL, *only = NULL;
	char err[ERRLEN], q[64], o[64];
	struct req r;
	int ch, ret;

	opterr = 0;
	while ((ch = getopt_long_only(argc, argv, "+:jpqfan:b:hV", long_opts,
				      NULL)) != -1) {
		switch (ch) {
		case 'j':
			c.json = true;
			break;
		case 'p':
			c.pretty = true;
			break;
		case 'q':
			c.quiet = true;
			break;
		case 'f':
			c.force = true;
			break;
		case 'a':
			c.all_netns = true;
			break;
		case 'n':
		case 'b':
			if (optarg[0] == '\0') {
				report_error("option %s needs %s",
					     opt_spelled(argv, optind, ch, o,
							 sizeof(o)),
					     ch == 'n' ? "a NAME" : "a FILE");
				return EXIT_USAGE;
			}
			if (ch == 'n')
				c.netns = optarg;
			else
				batch = optarg;
			break;
		case 'h':
		case 'V':
			if (!only)
				only = ch == 'h' ? "-h" : "-V";
			break;
		case ':':
			report_error("option %s needs %s",
				     opt_spelled(argv, optind, optopt, o,
						 sizeof(o)),
				     optopt == 'n' ? "a NAME" : "a FILE");
			return EXIT_USAGE;
		default:
			if (optopt && optopt != '?') {
				snprintf(o, sizeof(o), "-%c", optopt);
				report_error("unknown option %s (try \"%s help\")",
					     quote(q, sizeof(q), o), PROG);
			} else {
				report_error("unknown option %s (try \"%s help\")",
					     quote(q, sizeof(q),
						   argv[optind - 1]), PROG);
			}
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (only) {
		if (argc > 0 || batch) {
			report_error("%s takes no command, found %s", only,
				     quote(q, sizeof(q),
					   argc > 0 ? argv[0] : "-b"));
			return EXIT_USAGE;
		}
		if (!strcmp(only, "-h"))
			usage(stdout);
		else
			printf("%s %s (%s generic netlink version %d)\n", PROG,
			       SCTPCTL_VERSION, SCTP_OOTB_GENL_NAME,
			       SCTP_OOTB_GENL_VERSION);
		return finish(EXIT_OK);
	}
	if (c.force && !batch) {
		report_error("-f works with -b only");
		return EXIT_USAGE;
	}
	if (c.all_netns && c.netns) {
		report_error("-a and -n exclude each other");
		return EXIT_USAGE;
	}

	out_init(c.json, c.pretty);

	if (batch) {
		if (argc > 0) {
			report_error("-b takes no command, found %s",
				     quote(q, sizeof(q), argv[0]));
			return EXIT_USAGE;
		}
		if (c.all_netns) {
			report_error("-a works with list, stats, save and doctor, not with -b");
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
		if (c.all_netns && !(r.cmd->flags & CMD_ALL_NETNS)) {
			report_error("-a works with list, stats, save and doctor, not with %s",
				     r.cmd->name);
			return EXIT_USAGE;
		}
		if (c.all_netns && r.cmd->run != cmd_doctor)
			ret = run_all_netns(&c, &r);
		else
			ret = r.cmd->run(&c, &r);
	}

	nl_close_ctx(&c);
	return finish(ret);
}
