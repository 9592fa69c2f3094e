// SPDX-License-Identifier: GPL-2.0
/*
 * doctor [--config FILE]: what an operator runs when usrsctp breaks.  Each
 * check gives a finding (ok, FAIL or skip), and every FAIL says how to fix
 * it.  Exit 0 only when nothing failed.  Nothing is changed, and
 * sctp_ootb is asked over netlink only when sysfs shows it loaded (a
 * netlink lookup would load it).
 *
 * The host's checks are in doctor_host.c, those of each namespace in
 * doctor_netns.c, the findings in findings.c; every input can be moved
 * for tests: see env.c.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "doctor_host.h"
#include "doctor_netns.h"
#include "family.h"
#include "findings.h"
#include "netns.h"
#include "parse.h"
#include "report.h"

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

struct walk {
	struct ctx *c;
	struct findings *fs;
	const struct host_view *h;
	bool started;
};

/* -a: the checks of one namespace, with for_each_netns(). */
static int doctor_in(const char *name, const char *why, void *arg)
{
	struct walk *w = arg;

	w->started = true;
	fam_close(w->c);	/* the previous namespace's socket */
	w->fs->ns = name;
	report_netns(NULL);
	if (why) {
		report_error("%s", why);
		finding(w->fs, "netns", D_FAIL,
			"remove the stale name (ip netns delete NAME) or fix its mount",
			"cannot enter the namespace");
		return EXIT_OK;
	}
	report_netns(name ? name : "(current)");
	doctor_netns(w->c, w->fs, w->h, NULL);
	return EXIT_OK;
}

static int run_doctor(struct ctx *c, const struct req *r)
{
	struct findings fs = { 0 };
	struct host_view h;
	struct walk w = { .c = c, .fs = &fs, .h = &h };
	char why[ERRLEN];

	if (c->all_netns && r->file) {
		report_error("doctor: --config works with one namespace, not with -a");
		return EXIT_USAGE;
	}
	if (fam_netns(c))
		return EXIT_FAIL;

	doctor_host(c, &fs, &h);
	fs.in_ns = true;
	if (!c->all_netns) {
		fs.ns = c->netns;
		doctor_netns(c, &fs, &h, r->file);
	} else {
		int ret = for_each_netns(doctor_in, &w, why, sizeof(why));

		report_netns(NULL);
		fam_close(c);
		if (ret < 0) {
			report_error("%s", why);
			if (!w.started) {
				findings_free(&fs);
				return EXIT_FAIL;
			}
		}
	}

	findings_print(&fs, c->all_netns);
	findings_free(&fs);
	return fs.fails ? EXIT_FAIL : EXIT_OK;
}

DEFINE_CMD(cmd_doctor, "doctor", "[--config FILE]", CMD_ALL_NETNS | CMD_OWN_NETNS,
	   parse_doctor, run_doctor,
	   "check the host and the namespace, and say how to fix what is wrong");
