// SPDX-License-Identifier: GPL-2.0
/*
 * fake_ootb: a userspace stand-in for the generic netlink side of the
 * sctp_ootb module, so that sctpctl's socket code (family lookup, requests,
 * dumps, NLMSG_ERROR with extack, REPLACE_TABLE of tens of KB, monitor
 * events) can be tested on a host that cannot load modules.  sctpctl
 * reaches it through the fake_preload.so shim, which sends every generic
 * netlink message, the controller's included, to this process.
 *
 * The table is the module's own: kmod/ootb/table.c decides ranges,
 * nesting, overlaps, replace, reserve and lookups, and its refusals are
 * told in the module's extack texts (netlink.c), on the attribute the
 * module names.  The requests are validated with the family's own
 * attribute policies and operations (tools/lib/sctp_ootb_policy.c,
 * generated from the spec, which sctpctl shares).  What is the stand-in's
 * own: the netlink front (the controller's CTRL_CMD_GETFAMILY, dumps, one
 * monitor event per change, with NETNS_INUM and PORTID) and the counters,
 * a deterministic stand-in for traffic: a new range has matched
 * (7 * start + end) % 1000 packets (0 with -z), added to the namespace
 * total of its policy.
 *
 * Monitor: the shim turns nl_socket_add_membership() into a SUBSCRIBE
 * message, and the events go to each subscriber's port (the host has no
 * multicast group of this family).
 *
 * Claims (version 3): ADD_RANGE with OWNED claims the range for the
 * requesting socket, through table.c as in the module (owner, budget,
 * flush and replace keeping claims, forced delete).  The module drops a
 * socket's claims when the socket is released (NETLINK_URELEASE); the
 * stand-in sees no release, so before each request it drops the claims
 * of every port id no netlink socket of its namespace holds any more
 * (/proc/net/netlink), and announces each as the module does (DEL_RANGE
 * with RELEASED).  The owner's pid and command are those of the process
 * holding the socket now (found through /proc/PID/fd), where the module
 * keeps those of the process that claimed.
 *
 * Usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO]
 *                  [-I N] [-V 1|2|3] [-W] [-z] [-N]
 *   -o  write the port id to PORTFILE once ready
 *   -m  table capacity (default SCTP_OOTB_MAX_RANGES)
 *   -q  send no extack (bare errnos, as from an older kernel)
 *   -P  refuse every change with a bare EPERM (no CAP_NET_ADMIN)
 *   -e  echo the whole request in errors (a socket without NETLINK_CAP_ACK)
 *   -H  value of HOOKED in GET_STATS (default 1)
 *   -D  end every dump with -ERRNO instead of 0
 *   -I  mark the next N dumps inconsistent (NLM_F_DUMP_INTR)
 *   -V  family version 1: no RESET_COUNTERS, GET_PORT, RESERVE, monitor;
 *       2: no claims (default: 3)
 *   -W  version 2 claimed, without its commands and group (a module built
 *       from a tree whose header said 2 before the code did)
 *   -z  counters start at 0 (the documentation's examples)
 *   -N  no such family: the module is not loaded
 * It exits with the process that started it, or after an hour.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <glob.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "table.h"
#include "../lib/nlm.h"
#include "sctp_ootb_policy.h"
#include "fake_ootb.h"

static struct ootb_table *tab;		/* the table in force */
static int max_ranges = SCTP_OOTB_MAX_RANGES;
static bool quiet, eperm, echo_req, zero, no_family, old_build;
static int hooked = 1, dump_err, dump_intr, version = SCTP_OOTB_GENL_VERSION;
static uint64_t totals[SCTP_OOTB_POLICY_MAX + 1], unmatched = 5;
static uint32_t netns_inum;
static int sock;

static uint32_t subs[16];
static int nsubs;

/* The change a request made, announced once its reply is sent. */
static struct {
	bool pending;
	uint8_t cmd;
	uint32_t portid;
	bool has_range, replaced, owned, forced, released;
	bool dump;		/* RESET_COUNTERS's dump: RANGES read */
	struct ootb_range_spec r;
	uint32_t ranges;
} ev;

/* The replies of one request, sent together. */
static struct nlm_msg out;

/* Has the family what version @v brought?  Not with -W. */
static bool since(int v)
{
	return version >= v && !old_build;
}

/* The last attribute the version knows. */
static int max_attr(void)
{
	return since(3) ? SCTP_OOTB_A_MAX :
	       since(2) ? SCTP_OOTB_A_PORTID : SCTP_OOTB_A_REPLACE;
}

/* ---- replies ------------------------------------------------------------ */

static void too_big(void)
{
	fprintf(stderr, "fake_ootb: reply too big\n");
	exit(1);
}

static void flush_out(uint32_t dst)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = dst };

	if (out.full)
		too_big();
	if (out.len && sendto(sock, out.b, out.len, 0, (struct sockaddr *)&sa,
			      sizeof(sa)) < 0)
		perror("fake_ootb: sendto");
	out.len = out.start = 0;
}

static struct nlmsghdr *put_msg(uint16_t type, uint16_t flags,
				const struct nlmsghdr *req, size_t payload)
{
	struct nlmsghdr *h = nlm_next(&out, type, flags,
				      req ? req->nlmsg_seq : 0,
				      req ? req->nlmsg_pid : 0, payload);

	if (!h)
		too_big();
	return h;
}

/* A message of the family with command @cmd. */
static void put_genl(uint16_t flags, const struct nlmsghdr *req, uint8_t cmd)
{
	struct genlmsghdr *g = NLMSG_DATA(put_msg(FAKE_OOTB_FAMILY, flags, req,
						  GENL_HDRLEN));

	g->cmd = cmd;
	g->version = (uint8_t)version;
}

static void put_u64(uint16_t t, uint64_t v)
{
	/* As nla_put_u64_64bit() where alignment matters: a PAD first. */
	nlm_attr(&out, SCTP_OOTB_A_PAD, NULL, 0);
	nlm_u64(&out, t, v);
}

/* NLMSG_ERROR: err 0 is an ACK; msg and offs become extack TLVs. */
static void reply_err(const struct nlmsghdr *req, int err, const char *msg,
		      long offs)
{
	bool echo = echo_req && err;
	bool tlv = !quiet && (msg || offs >= 0);
	struct nlmsghdr *h;
	struct nlmsgerr *e;

	h = put_msg(NLMSG_ERROR, (echo ? 0 : NLM_F_CAPPED) |
		    (tlv ? NLM_F_ACK_TLVS : 0), req, sizeof(*e) +
		    (echo ? req->nlmsg_len - NLMSG_HDRLEN : 0));
	e = NLMSG_DATA(h);
	e->error = err;
	memcpy(&e->msg, req, echo ? req->nlmsg_len : NLMSG_HDRLEN);
	if (!tlv)
		return;
	if (msg)
		nlm_attr(&out, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	if (offs >= 0)
		nlm_u32(&out, NLMSGERR_ATTR_OFFS, (uint32_t)offs);
}

static void ack(const struct nlmsghdr *req, const char *warning)
{
	if (req->nlmsg_flags & NLM_F_ACK)
		reply_err(req, 0, warning, -1);
}

/* Refuse @req with @err, the extack text @fmt (none if empty) on @bad. */
static __attribute__((format(printf, 4, 5)))
int refuse(const struct nlmsghdr *req, int err, const struct nlattr *bad,
	   const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	reply_err(req, err, msg[0] ? msg : NULL,
		  bad ? (long)((const char *)bad - (const char *)req) : -1);
	return err;
}

/*
 * The table's refusal, in the module's words (netlink.c: table.c's own,
 * but for an overlap, which names the range), on @at.
 */
static int reject(const struct nlmsghdr *req, const struct ootb_reject *why,
		  const struct nlattr *at)
{
	int err = ootb_reason_errno(why->reason);

	switch (why->reason) {
	case OOTB_R_OVERLAP:
		return refuse(req, err, at, "overlaps %u-%u", why->with_lo,
			      why->with_hi);
	case OOTB_R_NONE:
	case OOTB_R_SYNTAX:
	case OOTB_R_NOMEM:
		return refuse(req, err, NULL, "%s", "");
	default:
		return refuse(req, err, at, "%s", ootb_reason_str(why->reason));
	}
}

/* ---- requests: the family's attribute policies ---------------------- */

/*
 * What a command needs beyond its attribute policy, which is the family's
 * own (tools/lib/sctp_ootb_policy.c, generated from the spec and shared
 * with sctpctl): START and END, or PORT.
 */
enum {
	NEEDS_RANGE = 1 << 0,		/* START and END */
	RANGE_OPTIONAL = 1 << 1,	/* RESET_COUNTERS: both or neither */
	NEEDS_PORT = 1 << 2,
	TAKES_NESTS = 1 << 3,		/* REPLACE_TABLE: RANGE nests */
};

struct parsed {
	struct ootb_range_spec r;
	bool replace, has_range, owned, force;
	uint16_t port;
	const struct nlattr *start;	/* where table refusals point */
};

/*
 * Strictly parse the attributes in [head, end) by @pol, as the kernel's
 * core does before the module sees a request: unknown and unlisted
 * attributes, sizes, the bounds of integers (sctp_ootb_bounds); then what
 * @needs says the command needs.
 */
static int parse_attrs(const struct nlmsghdr *req, const void *head,
		       const void *end, const struct nlattr *parent,
		       const struct nla_policy *pol, unsigned int needs,
		       struct parsed *p)
{
	const struct nlattr *tb[SCTP_OOTB_A_MAX + 1] = { 0 }, *a;

	memset(p, 0, sizeof(*p));
	nlm_for_each_attr(a, head, end) {
		int type = a->nla_type & NLA_TYPE_MASK;
		int len = a->nla_len - NLA_HDRLEN;
		const struct sctp_ootb_bounds *b = &sctp_ootb_bounds[type];

		if (type > max_attr())
			return refuse(req, -EINVAL, a, "Unknown attribute type");
		if (!pol || !pol[type].type)
			return refuse(req, -EINVAL, a, "Unsupported attribute");
		/* A flag is empty, an integer its maxlen, the rest any size. */
		if ((pol[type].type == NLA_FLAG || pol[type].maxlen) &&
		    len != pol[type].maxlen)
			return refuse(req, -EINVAL, a,
				      "invalid attribute length");
		if ((b->min || b->max) &&
		    (nlm_uint(a) < b->min || nlm_uint(a) > b->max))
			return refuse(req, -ERANGE, a, "integer out of range");
		tb[type] = a;
	}
	p->replace = tb[SCTP_OOTB_A_REPLACE] != NULL;
	p->r.reserve = tb[SCTP_OOTB_A_RESERVE] != NULL;
	p->owned = tb[SCTP_OOTB_A_OWNED] != NULL;
	p->force = tb[SCTP_OOTB_A_FORCE] != NULL;
	/* The values, their sizes checked above. */
	p->r.policy = SCTP_OOTB_POLICY_DISCARD;
	if (tb[SCTP_OOTB_A_POLICY])
		p->r.policy = nlm_uint(tb[SCTP_OOTB_A_POLICY]);
	if (needs & NEEDS_PORT) {
		if (!tb[SCTP_OOTB_A_PORT])
			return refuse(req, -EINVAL, parent, "missing port");
		p->port = nlm_uint(tb[SCTP_OOTB_A_PORT]);
		return 0;
	}
	if (!(needs & NEEDS_RANGE) ||
	    ((needs & RANGE_OPTIONAL) && !tb[SCTP_OOTB_A_START] &&
	     !tb[SCTP_OOTB_A_END]))
		return 0;
	if (!tb[SCTP_OOTB_A_START])
		return refuse(req, -EINVAL, parent, "missing start");
	if (!tb[SCTP_OOTB_A_END])
		return refuse(req, -EINVAL, parent, "missing end");
	p->has_range = true;
	p->start = tb[SCTP_OOTB_A_START];
	p->r.lo = nlm_uint(tb[SCTP_OOTB_A_START]);
	p->r.hi = nlm_uint(tb[SCTP_OOTB_A_END]);
	return 0;
}

/* ---- the table ---------------------------------------------------------- */

/*
 * Put @new in force as the module does (counters handed over, the old
 * table freed), after the stand-in's traffic to the ranges it adds.
 */
static void publish(struct ootb_table *new)
{
	u32 i;

	for (i = 0; i < ootb_table_size(new); i++) {
		const struct ootb_entry *e = ootb_table_entry(new, i);
		unsigned int n = zero ? 0 : (7u * e->lo + e->hi) % 1000;

		if (ootb_table_find(tab, e->lo, e->hi))
			continue;
		totals[e->policy] += n;
		while (n--)
			ootb_entry_hit(e);
	}
	ootb_table_commit(tab, new);
	ootb_table_free(tab);
	tab = new;
}

/* A table built for -m MAX holds at most MAX ranges besides its claims. */
static int over_capacity(struct ootb_table *new, struct ootb_reject *why)
{
	if (ootb_table_ranges(new) <= (u32)max_ranges)
		return 0;
	ootb_table_free(new);
	why->reason = OOTB_R_FULL;
	return ootb_reason_errno(OOTB_R_FULL);
}

/*
 * The inode of the netlink socket bound to @portid in this namespace, or
 * 0 when there is none (/proc/net/netlink: sk Eth Pid ... Inode).
 */
static unsigned long socket_inode(uint32_t portid)
{
	unsigned long inode = 0, ino;
	char line[256];
	unsigned int proto;
	uint32_t pid;
	FILE *f = fopen("/proc/net/netlink", "re");

	if (!f)
		return 0;
	while (!inode && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %u %u %*s %*s %*s %*s %*s %*s %lu",
			   &proto, &pid, &ino) == 3 &&
		    proto == NETLINK_GENERIC && pid == portid)
			inode = ino;
	fclose(f);
	return inode;
}

/* The process holding socket @inode, and its command; 0 if none. */
static pid_t socket_holder(unsigned long inode, char *comm, size_t len)
{
	char path[64], link[64], want[64];
	pid_t found = 0;
	glob_t fds;
	size_t i;
	FILE *f;

	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	if (!glob("/proc/[1-9]*/fd/*", GLOB_NOSORT, NULL, &fds)) {
		for (i = 0; i < fds.gl_pathc && !found; i++) {
			char *fd = fds.gl_pathv[i];
			ssize_t n = readlink(fd, link, sizeof(link) - 1);

			if (n > 0 && (link[n] = '\0', !strcmp(link, want)))
				found = atoi(fd + strlen("/proc/"));
		}
		globfree(&fds);
	}
	comm[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)found);
	if (found && (f = fopen(path, "re"))) {
		if (fgets(comm, (int)len, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	return found;
}

/*
 * A claim's OWNED flag and its owner, as the module shows them: the pid
 * when there is one (0: none, as in announcements), the command.
 */
static void put_owner(uint32_t portid, pid_t pid, const char *comm)
{
	nlm_attr(&out, SCTP_OOTB_A_OWNED, NULL, 0);
	nlm_u32(&out, SCTP_OOTB_A_OWNER_PORTID, portid);
	if (pid > 0)
		nlm_u32(&out, SCTP_OOTB_A_OWNER_PID, (uint32_t)pid);
	nlm_attr(&out, SCTP_OOTB_A_OWNER_COMM, comm, strlen(comm) + 1);
}

static void put_range(const struct ootb_entry *e, bool reset)
{
	char comm[16];
	pid_t pid;

	nlm_ports(&out, e->lo, e->hi);
	nlm_u8(&out, SCTP_OOTB_A_POLICY, e->policy);
	put_u64(SCTP_OOTB_A_MATCHED, reset ? ootb_entry_reset(e) :
					     ootb_entry_matched(e));
	if (e->reserve)
		nlm_attr(&out, SCTP_OOTB_A_RESERVE, NULL, 0);
	if (!e->owner)
		return;
	pid = socket_holder(socket_inode(e->owner), comm, sizeof(comm));
	put_owner(e->owner, pid, comm);
}

/* GET_RANGE, or RESET_COUNTERS's dump when @reset. */
static void do_dump(const struct nlmsghdr *req, uint32_t dst, uint8_t cmd,
		    bool reset)
{
	struct nlmsghdr *h;
	int err = -dump_err;
	u32 i;

	for (i = 0; i < ootb_table_size(tab); i++) {
		put_genl(NLM_F_MULTI, req, cmd);
		put_range(ootb_table_entry(tab, i), reset);
		/* As if the table changed after the first part of the dump. */
		if (dump_intr > 0 && i > 0)
			nlm_hdr(&out)->nlmsg_flags |= NLM_F_DUMP_INTR;
		/* Several messages per datagram, as the kernel does. */
		if (out.len > 16384)
			flush_out(dst);
	}
	h = put_msg(NLMSG_DONE, NLM_F_MULTI, req, sizeof(int));
	memcpy(NLMSG_DATA(h), &err, sizeof(err));
	if (dump_intr > 0) {
		h->nlmsg_flags |= NLM_F_DUMP_INTR;
		dump_intr--;
	}
	if (err && !quiet) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		nlm_attr(&out, NLMSGERR_ATTR_MSG, "dump failed",
			 sizeof("dump failed"));
	}
}

static int do_stats(const struct nlmsghdr *req, uint32_t from,
		    struct parsed *p)
{
	(void)from, (void)p;
	put_genl(0, req, SCTP_OOTB_CMD_GET_STATS);
	nlm_u32(&out, SCTP_OOTB_A_RANGES, ootb_table_ranges(tab));
	nlm_u32(&out, SCTP_OOTB_A_MAX_RANGES, (uint32_t)max_ranges);
	if (since(3)) {
		nlm_u32(&out, SCTP_OOTB_A_OWNED_RANGES, ootb_table_claims(tab));
		nlm_u32(&out, SCTP_OOTB_A_MAX_OWNED_RANGES, OOTB_MAX_CLAIMS);
	}
	put_u64(SCTP_OOTB_A_STAT_DISCARDED, totals[SCTP_OOTB_POLICY_DISCARD]);
	put_u64(SCTP_OOTB_A_STAT_COUNTED, totals[SCTP_OOTB_POLICY_COUNT]);
	put_u64(SCTP_OOTB_A_STAT_ABORTED, totals[SCTP_OOTB_POLICY_ABORT]);
	put_u64(SCTP_OOTB_A_STAT_UNMATCHED, unmatched);
	nlm_u8(&out, SCTP_OOTB_A_HOOKED, (uint8_t)hooked);
	ack(req, NULL);
	return 0;
}

static int do_get_port(const struct nlmsghdr *req, uint32_t from,
		       struct parsed *p)
{
	const struct ootb_entry *e = ootb_table_lookup(tab, p->port);

	(void)from;
	put_genl(0, req, SCTP_OOTB_CMD_GET_PORT);
	nlm_u16(&out, SCTP_OOTB_A_PORT, p->port);
	if (e)
		put_range(e, false);
	ack(req, NULL);
	return 0;
}

/* The controller: CTRL_CMD_GETFAMILY for "sctp_ootb". */
static void do_ctrl(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *a, *name = NULL;
	uint32_t ops, op, grps, grp;
	uint8_t cmd;

	nlm_for_each_attr(a, nlm_genl_attrs(req), nlm_msg_end(req))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_NAME)
			name = a;
	if (g->cmd != CTRL_CMD_GETFAMILY || !name || no_family ||
	    strcmp(nlm_data(name), SCTP_OOTB_GENL_NAME)) {
		reply_err(req, -ENOENT, NULL, -1);
		return;
	}
	((struct genlmsghdr *)NLMSG_DATA(put_msg(GENL_ID_CTRL, 0, req,
						  GENL_HDRLEN)))->cmd =
		CTRL_CMD_NEWFAMILY;
	nlm_attr(&out, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
		 sizeof(SCTP_OOTB_GENL_NAME));
	nlm_u16(&out, CTRL_ATTR_FAMILY_ID, FAKE_OOTB_FAMILY);
	nlm_u32(&out, CTRL_ATTR_VERSION, (uint32_t)version);
	nlm_u32(&out, CTRL_ATTR_HDRSIZE, 0);
	nlm_u32(&out, CTRL_ATTR_MAXATTR, (uint32_t)max_attr());
	ops = nlm_nest(&out, CTRL_ATTR_OPS);
	/* The family's operations; version 1 ends at GET_STATS. */
	for (cmd = 1; cmd <= (since(2) ? SCTP_OOTB_CMD_MAX :
			      SCTP_OOTB_CMD_GET_STATS); cmd++) {
		op = nlm_nest(&out, cmd);
		nlm_u32(&out, CTRL_ATTR_OP_ID, cmd);
		nlm_u32(&out, CTRL_ATTR_OP_FLAGS, 0);
		nlm_nest_end(&out, op);
	}
	nlm_nest_end(&out, ops);
	if (since(2)) {
		grps = nlm_nest(&out, CTRL_ATTR_MCAST_GROUPS);
		grp = nlm_nest(&out, 1);
		nlm_attr(&out, CTRL_ATTR_MCAST_GRP_NAME,
			 SCTP_OOTB_MCGRP_MONITOR,
			 sizeof(SCTP_OOTB_MCGRP_MONITOR));
		nlm_u32(&out, CTRL_ATTR_MCAST_GRP_ID, FAKE_OOTB_MCGRP);
		nlm_nest_end(&out, grp);
		nlm_nest_end(&out, grps);
	}
	ack(req, NULL);
}

/* ---- the monitor -------------------------------------------------------- */

/* Remember what to announce once the reply is out. */
static void announce(uint8_t cmd, uint32_t portid, const struct parsed *p)
{
	memset(&ev, 0, sizeof(ev));
	ev.pending = true;
	ev.cmd = cmd;
	ev.portid = portid;
	if (p) {
		ev.r = p->r;
		ev.has_range = p->has_range;
	}
}

/*
 * The command of each claiming socket, as it was when it claimed: what
 * announcements name, the release's included.
 */
static struct {
	uint32_t portid;
	char comm[16];
} claimers[64];

static const char *claimer_comm(uint32_t portid, bool now)
{
	unsigned int i, free_slot = 0;
	char comm[16];

	for (i = 0; i < sizeof(claimers) / sizeof(claimers[0]); i++) {
		if (claimers[i].portid == portid)
			return claimers[i].comm;
		if (!claimers[i].portid)
			free_slot = i;
	}
	if (!now || !socket_holder(socket_inode(portid), comm, sizeof(comm)))
		return "";
	claimers[free_slot].portid = portid;
	memcpy(claimers[free_slot].comm, comm, sizeof(comm));
	return claimers[free_slot].comm;
}

/*
 * The announcement: RANGES of a whole table (REPLACE_TABLE, RESET_COUNTERS's
 * dump), or the range with what the change did to it.  The owner is the
 * claiming socket's port id and command: this stand-in's listeners are
 * all as if they had CAP_NET_ADMIN.
 */
static void send_event(void)
{
	bool add = ev.cmd == SCTP_OOTB_CMD_ADD_RANGE;
	int i;

	if (!ev.pending || !since(2))
		return;
	ev.pending = false;
	for (i = 0; i < nsubs; i++) {
		put_genl(0, NULL, ev.cmd);
		if (ev.dump || ev.cmd == SCTP_OOTB_CMD_REPLACE_TABLE)
			nlm_u32(&out, SCTP_OOTB_A_RANGES, ev.ranges);
		if (ev.has_range)
			nlm_ports(&out, ev.r.lo, ev.r.hi);
		if (add)
			nlm_u8(&out, SCTP_OOTB_A_POLICY, ev.r.policy);
		if (add && ev.r.reserve)
			nlm_attr(&out, SCTP_OOTB_A_RESERVE, NULL, 0);
		if (ev.replaced)
			nlm_attr(&out, SCTP_OOTB_A_REPLACE, NULL, 0);
		if (ev.forced)
			nlm_attr(&out, SCTP_OOTB_A_FORCE, NULL, 0);
		if (ev.owned)
			put_owner(ev.r.owner, 0, claimer_comm(ev.r.owner, true));
		if (ev.released)
			nlm_attr(&out, SCTP_OOTB_A_RELEASED, NULL, 0);
		nlm_u32(&out, SCTP_OOTB_A_NETNS_INUM, netns_inum);
		nlm_u32(&out, SCTP_OOTB_A_PORTID, ev.portid);
		flush_out(subs[i]);
	}
}

/* ---- commands ----------------------------------------------------------- */

/*
 * The commands.  Each gets its request's attributes parsed as its policy
 * says (parse_attrs), and replies: 0 once it answered, or the errno it
 * refused the request with.
 */
typedef int (*handler)(const struct nlmsghdr *req, uint32_t from,
		       struct parsed *p);

static int do_add(const struct nlmsghdr *req, uint32_t from, struct parsed *p)
{
	const struct ootb_entry *old = ootb_table_find(tab, p->r.lo, p->r.hi);
	bool same = old && old->policy == p->r.policy &&
		    old->reserve == p->r.reserve;
	struct ootb_table *new;
	struct ootb_reject why;
	int err;

	if (p->owned) {
		p->r.owner = from;
		p->r.who = ootb_owner_new(from);
		if (!p->r.who)
			return refuse(req, -ENOMEM, NULL, "%s", "");
		claimer_comm(from, true);
	}
	err = ootb_table_add(tab, &p->r, p->replace, &new, &why) ||
	      over_capacity(new, &why);
	ootb_owner_put(p->r.who);	/* the table holds its own */
	p->r.who = NULL;
	if (err)
		return reject(req, &why, p->start);
	publish(new);
	announce(SCTP_OOTB_CMD_ADD_RANGE, from, p);
	ev.replaced = old != NULL;
	ev.owned = p->owned;
	/* Exercises sctpctl's "Warning: ..." path. */
	ack(req, same ? "range unchanged" : NULL);
	return 0;
}

static int do_del(const struct nlmsghdr *req, uint32_t from, struct parsed *p)
{
	const struct ootb_entry *old = ootb_table_find(tab, p->r.lo, p->r.hi);
	uint32_t owner = old ? old->owner : 0;
	struct ootb_table *new;
	struct ootb_reject why;

	if (ootb_table_del(tab, p->r.lo, p->r.hi, from, p->force, &new, &why))
		return reject(req, &why, p->start);
	publish(new);
	announce(SCTP_OOTB_CMD_DEL_RANGE, from, p);
	ev.owned = owner != 0;
	ev.r.owner = owner;
	ev.forced = owner && owner != from;
	ack(req, NULL);
	return 0;
}

static int do_flush(const struct nlmsghdr *req, uint32_t from,
		    struct parsed *p)
{
	struct ootb_table *new = NULL;
	struct ootb_reject why;
	int n;

	(void)p;
	/* Claims stay: they belong to running programs. */
	n = ootb_table_flush(tab, &new, &why);
	if (n < 0)
		return reject(req, &why, NULL);
	if (n > 0)
		publish(new);
	announce(SCTP_OOTB_CMD_FLUSH, from, NULL);
	ack(req, NULL);
	return 0;
}

/* Its RANGE nests are parsed here, each as a range's policy says. */
static int do_replace_table(const struct nlmsghdr *req, uint32_t from,
			    struct parsed *p)
{
	static struct ootb_range_spec list[SCTP_OOTB_MAX_RANGES];
	static const struct nlattr *nests[SCTP_OOTB_MAX_RANGES];
	struct ootb_table *new;
	struct ootb_reject why;
	const struct nlattr *a;
	u32 n = 0;
	int err;

	nlm_for_each_attr(a, nlm_genl_attrs(req), nlm_msg_end(req)) {
		if ((a->nla_type & NLA_TYPE_MASK) != SCTP_OOTB_A_RANGE)
			return refuse(req, -EINVAL, a, "Unsupported attribute");
		if (!(a->nla_type & NLA_F_NESTED))
			return refuse(req, -EINVAL, a, "NLA_F_NESTED is missing");
		/* As the module: too many ranges, before what they hold. */
		if (n == (u32)max_ranges)
			return refuse(req, -ENOSPC, a, "table is full");
		err = parse_attrs(req, nlm_data(a), nlm_end(a), a,
				  sctp_ootb_range_policy, NEEDS_RANGE, p);
		if (err)
			return err;
		nests[n] = a;
		list[n++] = p->r;
	}
	if (ootb_table_build(tab, list, n, &new, &why))
		return reject(req, &why, why.pos < n ? nests[why.pos] : NULL);
	publish(new);
	announce(SCTP_OOTB_CMD_REPLACE_TABLE, from, NULL);
	ev.ranges = n;
	ack(req, NULL);
	return 0;
}

static int do_reset(const struct nlmsghdr *req, uint32_t from,
		    struct parsed *p)
{
	const struct ootb_entry *e;
	u32 i;

	if (p->has_range) {
		e = ootb_table_find(tab, p->r.lo, p->r.hi);
		if (!e)
			return refuse(req, -ENOENT, p->start, "no such range");
		ootb_entry_reset(e);
	} else {
		for (i = 0; i < ootb_table_size(tab); i++)
			ootb_entry_reset(ootb_table_entry(tab, i));
		memset(totals, 0, sizeof(totals));
		unmatched = 0;
	}
	announce(SCTP_OOTB_CMD_RESET_COUNTERS, from, p);
	ack(req, NULL);
	return 0;
}

/* Each command's handler, and what it needs beyond its policy. */
static const struct {
	handler run;
	unsigned int needs;
} cmds[SCTP_OOTB_CMD_MAX + 1] = {
	[SCTP_OOTB_CMD_ADD_RANGE]	= { do_add, NEEDS_RANGE },
	[SCTP_OOTB_CMD_DEL_RANGE]	= { do_del, NEEDS_RANGE },
	[SCTP_OOTB_CMD_FLUSH]		= { do_flush, 0 },
	[SCTP_OOTB_CMD_REPLACE_TABLE]	= { do_replace_table, TAKES_NESTS },
	[SCTP_OOTB_CMD_GET_STATS]	= { do_stats, 0 },
	[SCTP_OOTB_CMD_RESET_COUNTERS]	= { do_reset,
					    NEEDS_RANGE | RANGE_OPTIONAL },
	[SCTP_OOTB_CMD_GET_PORT]	= { do_get_port, NEEDS_PORT },
};

static bool claim_released(const struct ootb_entry *e, void *arg)
{
	(void)arg;
	return e->owner && !socket_inode(e->owner);
}

/*
 * The module's release of claims (NETLINK_URELEASE), seen late: drop the
 * claims of sockets that are gone, each announced as a DEL_RANGE with
 * RELEASED, from the released socket's port id.
 */
static void sweep_released(void)
{
	struct ootb_table *new = NULL;
	struct ootb_reject why;
	u32 i;

	if (!ootb_table_claims(tab) ||
	    ootb_table_drop(tab, claim_released, NULL, &new, &why) <= 0)
		return;
	for (i = 0; since(3) && i < ootb_table_size(tab); i++) {
		const struct ootb_entry *e = ootb_table_entry(tab, i);

		if (!claim_released(e, NULL))
			continue;
		announce(SCTP_OOTB_CMD_DEL_RANGE, e->owner, NULL);
		ev.has_range = ev.owned = ev.released = true;
		ev.r = (struct ootb_range_spec){ .lo = e->lo, .hi = e->hi,
						 .owner = e->owner };
		send_event();
	}
	publish(new);
}

static void handle(const struct nlmsghdr *req, uint32_t dst)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct sctp_ootb_op *op;
	struct parsed p;
	bool dump;

	if (req->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		reply_err(req, -EINVAL, NULL, -1);
		return;
	}
	if (req->nlmsg_type == GENL_ID_CTRL) {
		do_ctrl(req);
		return;
	}
	sweep_released();
	if (req->nlmsg_type == FAKE_OOTB_FAMILY &&
	    g->cmd == FAKE_OOTB_CMD_SUBSCRIBE) {
		if (nsubs < (int)(sizeof(subs) / sizeof(subs[0])))
			subs[nsubs++] = dst;
		return;
	}
	/* The family's operations, as the module implements them. */
	op = g->cmd <= SCTP_OOTB_CMD_MAX ? &sctp_ootb_ops[g->cmd] : NULL;
	dump = req->nlmsg_flags & NLM_F_DUMP;
	if (req->nlmsg_type != FAKE_OOTB_FAMILY || no_family || !op ||
	    !(dump ? op->has_dump : op->has_do) ||
	    (!since(2) && g->cmd > SCTP_OOTB_CMD_GET_STATS)) {
		reply_err(req, -EOPNOTSUPP, NULL, -1);
		return;
	}
	if (eperm && op->admin) {
		/* GENL_UNS_ADMIN_PERM: genetlink says nothing more. */
		reply_err(req, -EPERM, NULL, -1);
		return;
	}
	if (dump) {
		do_dump(req, dst, g->cmd, g->cmd == SCTP_OOTB_CMD_RESET_COUNTERS);
		if (g->cmd == SCTP_OOTB_CMD_RESET_COUNTERS) {
			announce(SCTP_OOTB_CMD_RESET_COUNTERS, dst, NULL);
			ev.ranges = ootb_table_size(tab);
			ev.dump = true;
		}
		return;
	}
	if (cmds[g->cmd].needs & TAKES_NESTS ||
	    !parse_attrs(req, nlm_genl_attrs(req), nlm_msg_end(req), NULL,
			 op->request, cmds[g->cmd].needs, &p))
		cmds[g->cmd].run(req, dst, &p);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static _Alignas(4) char buf[1 << 17];
	const char *portfile = NULL;
	socklen_t salen = sizeof(sa);
	char tmp[4096];
	struct stat st;
	FILE *f;
	int opt;

	while ((opt = getopt(argc, argv, "o:m:qPeH:D:I:V:WzN")) != -1) {
		switch (opt) {
		case 'o': portfile = optarg; break;
		case 'm': max_ranges = atoi(optarg); break;
		case 'q': quiet = true; break;
		case 'P': eperm = true; break;
		case 'e': echo_req = true; break;
		case 'H': hooked = atoi(optarg); break;
		case 'D': dump_err = atoi(optarg); break;
		case 'I': dump_intr = atoi(optarg); break;
		case 'V': version = atoi(optarg); break;
		case 'W': old_build = true; version = 2; break;
		case 'z': zero = true; unmatched = 0; break;
		case 'N': no_family = true; break;
		default:
			fprintf(stderr, "usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO] [-I N] [-V 1|2|3] [-W] [-z] [-N]\n");
			return 2;
		}
	}
	if (!portfile || max_ranges < 0 || max_ranges > SCTP_OOTB_MAX_RANGES)
		return 2;
	if (stat("/proc/self/ns/net", &st) == 0)
		netns_inum = (uint32_t)st.st_ino;

	/* Never outlive the test that started it (nor an hour, if orphaned). */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		return 1;
	alarm(3600);
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(sock, (struct sockaddr *)&sa, &salen) < 0) {
		perror("fake_ootb: netlink socket");
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%u\n", sa.nl_pid) < 0 || fclose(f) ||
	    rename(tmp, portfile)) {
		perror("fake_ootb: port file");
		return 1;
	}

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		struct nlmsghdr *h;
		ssize_t n;

		n = recvfrom(sock, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("fake_ootb: recvfrom");
			return 1;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			handle(h, from.nl_pid);
			flush_out(from.nl_pid);
			send_event();
		}
	}
}
