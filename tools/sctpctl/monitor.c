// SPDX-License-Identifier: GPL-2.0
/*
 * monitor: print every change of the namespace's table as the module
 * announces it on its multicast group, one line per change, until
 * SIGINT or SIGTERM.
 *
 * Text:  netns INUM portid PORTID EVENT [ARGUMENTS]
 *        EVENT ARGUMENTS as a restore or batch line would say it:
 *          add-range LO-HI policy POLICY [reserve]
 *          replace-range LO-HI policy POLICY [reserve]  (an identical
 *                                             range was there)
 *          del-range LO-HI
 *          release-range LO-HI              (a claim whose socket went)
 *          flush
 *          replace-table ranges N
 *          reset-counters [LO-HI]           (a range, or every one)
 *          reset-counters ranges N          (list --reset read N ranges)
 *        a claim's add-range, del-range and release-range go on with
 *          owned [force] [owner PORTID comm COMM]
 *        (force: another socket deleted it; the owner when the module
 *        tells, which it does to CAP_NET_ADMIN listeners only).
 * JSON:  one object per line, see sctpctl(8).
 *
 * Output is flushed after every event, so a pipe sees it at once.  The
 * signals are blocked except inside ppoll(), so one that arrives while an
 * event is printed is seen at the next wait, and the exit is clean (0).
 * libnl retries a read interrupted by a signal, hence the poll first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "sctp_ootb_policy.h"

#include "commands.h"
#include "family.h"
#include "parse.h"
#include "print.h"
#include "report.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

struct mon {
	struct ctx *c;
	int write_err;		/* errno of a failed write, or 0 */
};

static void print_lohi(struct nlattr **tb)
{
	out_uint(PRINT_ANY, "start", " %" PRIu64,
		 nla_get_u16(tb[SCTP_OOTB_A_START]));
	out_uint(PRINT_ANY, "end", "-%" PRIu64,
		 nla_get_u16(tb[SCTP_OOTB_A_END]));
}

/* A claim's add-range, del-range or release-range: whose it is. */
static void print_claim(struct nlattr **tb)
{
	char comm[17] = "";

	out_bool(PRINT_ANY, "owned", " owned", NULL, tb[SCTP_OOTB_A_OWNED]);
	out_bool(PRINT_ANY, "force", " force", NULL, tb[SCTP_OOTB_A_FORCE]);
	if (!tb[SCTP_OOTB_A_OWNED] || !tb[SCTP_OOTB_A_OWNER_PORTID]) {
		out_null("owner");
		return;
	}
	if (tb[SCTP_OOTB_A_OWNER_COMM])
		nla_strlcpy(comm, tb[SCTP_OOTB_A_OWNER_COMM], sizeof(comm));
	out_open_obj("owner");
	out_uint(PRINT_ANY, "portid", " owner %" PRIu64,
		 nla_get_u32(tb[SCTP_OOTB_A_OWNER_PORTID]));
	out_str(PRINT_ANY, "comm", " comm %s", comm);
	out_close_obj();
}

/* "LABELVALUE", or "LABEL?" (null in JSON) when the module left it out. */
static void print_u32(const struct nlattr *a, const char *key,
		      const char *label)
{
	out_text(label);
	if (a) {
		out_uint(PRINT_ANY, key, "%" PRIu64, nla_get_u32(a));
	} else {
		out_null(key);
		out_text("?");
	}
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];
	struct mon *m = arg;
	bool range, replaced;
	const char *ev, *pol;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SCTP_OOTB_A_MAX,
			  sctp_ootb_policy) < 0)
		return NL_SKIP;
	range = tb[SCTP_OOTB_A_START] && tb[SCTP_OOTB_A_END];
	replaced = tb[SCTP_OOTB_A_REPLACE] != NULL;
	switch (g->cmd) {
	case SCTP_OOTB_CMD_ADD_RANGE:
		if (!range || !tb[SCTP_OOTB_A_POLICY])
			return NL_SKIP;
		ev = replaced ? "replace-range" : "add-range";
		break;
	case SCTP_OOTB_CMD_DEL_RANGE:
		if (!range)
			return NL_SKIP;
		ev = tb[SCTP_OOTB_A_RELEASED] ? "release-range" : "del-range";
		break;
	case SCTP_OOTB_CMD_FLUSH:
		ev = "flush";
		break;
	case SCTP_OOTB_CMD_REPLACE_TABLE:
		ev = "replace-table";
		break;
	case SCTP_OOTB_CMD_RESET_COUNTERS:
		ev = "reset-counters";
		break;
	default:
		return NL_SKIP;	/* a later version's event */
	}

	out_open_obj(NULL);
	print_u32(tb[SCTP_OOTB_A_NETNS_INUM], "netns", "netns ");
	print_u32(tb[SCTP_OOTB_A_PORTID], "portid", " portid ");
	out_str(PRINT_ANY, "event", " %s", ev);
	switch (g->cmd) {
	case SCTP_OOTB_CMD_ADD_RANGE:
		print_lohi(tb);
		pol = policy_name(nla_get_u8(tb[SCTP_OOTB_A_POLICY]));
		out_str(PRINT_ANY, "policy", " policy %s", pol ? pol : "?");
		out_bool(PRINT_ANY, "reserve", " reserve", NULL,
			 tb[SCTP_OOTB_A_RESERVE] != NULL);
		print_claim(tb);
		break;
	case SCTP_OOTB_CMD_DEL_RANGE:
		print_lohi(tb);
		print_claim(tb);
		break;
	case SCTP_OOTB_CMD_REPLACE_TABLE:
		if (tb[SCTP_OOTB_A_RANGES])
			out_uint(PRINT_ANY, "ranges", " ranges %" PRIu64,
				 nla_get_u32(tb[SCTP_OOTB_A_RANGES]));
		else
			out_null("ranges");
		break;
	case SCTP_OOTB_CMD_RESET_COUNTERS:
		if (range) {
			print_lohi(tb);
		} else {
			out_null("start");
			out_null("end");
		}
		/* A read-and-zero dump (list --reset): how many it read. */
		if (tb[SCTP_OOTB_A_RANGES])
			out_uint(PRINT_ANY, "ranges", " ranges %" PRIu64,
				 nla_get_u32(tb[SCTP_OOTB_A_RANGES]));
		break;
	}
	out_close_obj();
	out_text("\n");
	if (out_flush() && !m->write_err)
		m->write_err = errno ? errno : EIO;
	return NL_OK;
}

static int run_monitor(struct ctx *c, const struct req *r)
{
	struct mon m = { .c = c };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, old;
	struct nl_cb *cb;
	int ret = EXIT_OK, err;

	(void)r;
	if (fam_open(c) || fam_need(c, "monitor", 0))
		return EXIT_FAIL;

	nl_socket_set_buffer_size(c->sk, 1 << 20, 0);
	err = nl_socket_add_membership(c->sk, c->fam.monitor_grp);
	if (err < 0) {
		report_error("cannot join the %s group: %s",
			     SCTP_OOTB_MCGRP_MONITOR, nl_geterror(err));
		return EXIT_FAIL;
	}
	if (nl_socket_set_nonblocking(c->sk) < 0) {
		report_error("cannot make the socket non-blocking");
		return EXIT_FAIL;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		report_error("out of memory");
		return EXIT_FAIL;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	/* Events carry sequence number 0: they answer no request of ours. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!stop && !m.write_err) {
		struct pollfd p = { .fd = nl_socket_get_fd(c->sk),
				    .events = POLLIN };
		sigset_t wait = old;

		sigdelset(&wait, SIGINT);
		sigdelset(&wait, SIGTERM);
		if (ppoll(&p, 1, NULL, &wait) < 0) {
			if (errno == EINTR)
				continue;
			report_error("cannot wait for events: %s",
				     strerror(errno));
			ret = EXIT_FAIL;
			break;
		}
		err = nl_recvmsgs(c->sk, cb);
		if (err == -NLE_AGAIN || err >= 0)
			continue;
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket's buffer overflowed. */
			report_warning(c, "events were lost: the receive buffer overflowed");
			continue;
		}
		report_error("cannot read events: %s", nl_geterror(err));
		ret = EXIT_FAIL;
		break;
	}
	if (m.write_err) {
		report_error("cannot write the output: %s",
			     strerror(m.write_err));
		ret = EXIT_FAIL;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	nl_cb_put(cb);
	return ret;
}

DEFINE_CMD(cmd_monitor, "monitor", "", CMD_NO_BATCH,
	   cmd_parse_none, run_monitor,
	   "print every change of the table as it happens, until interrupted");
