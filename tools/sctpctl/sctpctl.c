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
 *
 * This file holds the table of commands, the global options and help;
 * each command is one file.  A new command is a new file exporting its
 * struct cmd (DEFINE_CMD), declared in commands.h and listed in cmds[]
 * below; what it sends and reads is in the spec, kmod/ootb/sctp_ootb.yaml.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "commands.h"
#include "family.h"
#include "netns.h"
#include "parse.h"
#include "print.h"
#include "report.h"

static int parse_help(struct req *r, int argc, char **argv, char *err,
		      size_t len);
static int run_help(struct ctx *c, const struct req *r);

static DEFINE_CMD(cmd_help, "help", "[COMMAND]", 0,
	   parse_help, run_help,
	   "show this help, or the help of one command");

/* In the order of the usage. */
static const struct cmd *const cmds[] = {
	&cmd_add_range,
	&cmd_replace_range,
	&cmd_del_range,
	&cmd_get,
	&cmd_list,
	&cmd_reset_counters,
	&cmd_flush,
	&cmd_stats,
	&cmd_status,
	&cmd_save,
	&cmd_restore,
	&cmd_monitor,
	&cmd_run,
	&cmd_doctor,
	&cmd_help,
	NULL,
};

static int parse_help(struct req *r, int argc, char **argv,
		      char *err, size_t len)
{
	char q[64];

	if (argc > 0) {
		if (!cmd_find(cmds, argv[0])) {
			snprintf(err, len, "help: unknown command %s",
				 quote(q, sizeof(q), argv[0]));
			return -1;
		}
		r->topic = argv[0];
	}
	return parse_no_args(r->cmd->name, argc - 1 > 0 ? argc - 1 : 0,
			     argv + 1, err, len);
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
	for (i = 0; cmds[i]; i++)
		print_cmd(f, "  ", cmds[i]);
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

static int run_help(struct ctx *c, const struct req *r)
{
	(void)c;
	if (r->topic) {
		printf("Usage: %s [OPTIONS] ", PROG);
		print_cmd(stdout, "", cmd_find(cmds, r->topic));
	} else {
		usage(stdout);
	}
	return EXIT_OK;
}

/*
 * list, stats, save with -a: the command in every namespace.  Text: a
 * "netns: NAME" line before each namespace ("# netns: NAME" for a command
 * that prints a file, so that the output stays one), a blank line between
 * them.  JSON: an array of one object per namespace, {"netns": NAME or
 * null, KEY: what the command prints}.
 */
struct all_netns {
	struct ctx *c;
	const struct req *r;
	size_t i;		/* namespaces so far */
};

static int run_in(const char *name, const char *why, void *arg)
{
	struct all_netns *a = arg;
	bool file = a->r->cmd->flags & CMD_FILE_OUTPUT;
	const char *label = name ? name : "(current)";
	int ret;

	fam_close(a->c);	/* the previous namespace's socket */
	if (!a->i++ && !file)
		out_open_arr(NULL);
	report_netns(NULL);
	if (why) {
		report_error("%s", why);
		return EXIT_FAIL;
	}
	report_netns(label);
	if (file) {
		printf("%s# netns: %s\n", a->i > 1 ? "\n" : "", label);
		return a->r->cmd->run(a->c, a->r);
	}
	if (a->i > 1)
		out_text("\n");
	out_text("netns: ");
	out_text(label);
	out_text("\n");
	out_open_obj(NULL);
	if (name)
		out_str(PRINT_JSON, "netns", NULL, name);
	else
		out_null("netns");
	ret = a->r->cmd->run(a->c, a->r);
	out_close_obj();
	return ret;
}

static int run_all_netns(struct ctx *c, const struct req *r)
{
	struct all_netns a = { .c = c, .r = r };
	char why[ERRLEN];
	int ret;

	ret = for_each_netns(run_in, &a, why, sizeof(why));
	if (a.i && !(r->cmd->flags & CMD_FILE_OUTPUT))
		out_close_arr();
	report_netns(NULL);
	fam_close(c);
	if (ret < 0) {
		report_error("%s", why);
		return EXIT_FAIL;
	}
	return ret;
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
	struct ctx c = { .cmds = cmds, .fam = { .id = -1, .monitor_grp = -1 },
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
		if (cmd_parse(cmds, &r, argc, argv, err, sizeof(err))) {
			report_error("%s", err);
			return EXIT_USAGE;
		}
		if (c.all_netns && !(r.cmd->flags & CMD_ALL_NETNS)) {
			report_error("-a works with list, stats, save and doctor, not with %s",
				     r.cmd->name);
			return EXIT_USAGE;
		}
		if (c.all_netns && !(r.cmd->flags & CMD_OWN_NETNS))
			ret = run_all_netns(&c, &r);
		else
			ret = r.cmd->run(&c, &r);
	}

	fam_close(&c);
	return finish(ret);
}
