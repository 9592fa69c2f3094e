// SPDX-License-Identifier: GPL-2.0
/*
 * fake_ootb: a userspace stand-in for the generic netlink side of the
 * sctp_ootb module, so that sctpctl's socket code (family lookup, requests,
 * dumps, NLMSG_ERROR with extack, REPLACE_TABLE of tens of KB, monitor
 * events) can be tested on a host that cannot load modules.  sctpctl
 * reaches it through the fake_preload.so shim, which sends every generic
 * netlink message, the controller's included, to this process.
 *
 * It follows the contract in include/uapi/linux/sctp_ootb.h, version 2,
 * extack texts included: the controller's CTRL_CMD_GETFAMILY (id, version,
 * commands, the monitor group), strict attributes (NLA_F_NESTED required
 * on RANGE), nested-or-disjoint ranges, EEXIST/EBUSY/ENOSPC/ENOENT, atomic
 * REPLACE_TABLE with the offset of the offending nest (the later of two
 * that collide), dumps ordered by start then widest first, RESERVE,
 * GET_PORT (the innermost range), RESET_COUNTERS (do and dump), and one
 * monitor event per successful change, with NETNS_INUM and PORTID (a
 * reset dump's with RANGES, once it is read to its end).  It is
 * not a model of the module's internals; its counters are a deterministic
 * stand-in for traffic: a new range's "matched" is (7 * start + end) %
 * 1000 (0 with -z), added to the namespace totals of its policy.
 *
 * Monitor: the shim turns nl_socket_add_membership() into a SUBSCRIBE
 * message, and the events go to each subscriber's port (the host has no
 * multicast group of this family).
 *
 * Usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO]
 *                  [-I N] [-V 1|2] [-W] [-z] [-N]
 *   -o  write the port id to PORTFILE once ready
 *   -m  table capacity (default SCTP_OOTB_MAX_RANGES)
 *   -q  send no extack (bare errnos, as from an older kernel)
 *   -P  refuse every change with a bare EPERM (no CAP_NET_ADMIN)
 *   -e  echo the whole request in errors (a socket without NETLINK_CAP_ACK)
 *   -H  value of HOOKED in GET_STATS (default 1)
 *   -D  end every dump with -ERRNO instead of 0
 *   -I  mark the next N dumps inconsistent (NLM_F_DUMP_INTR)
 *   -V  family version 1: no RESET_COUNTERS, GET_PORT, RESERVE, monitor
 *   -W  version 2 claimed, without its commands and group (a module built
 *       from a tree whose header said 2 before the code did)
 *   -z  counters start at 0 (the documentation's examples)
 *   -N  no such family: the module is not loaded
 * It exits by itself after five minutes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <uapi/linux/sctp_ootb.h>

#include "fake_ootb.h"

struct range {
	uint16_t start, end;
	uint8_t policy;
	bool reserve;
	uint64_t matched;
};

static struct range tab[SCTP_OOTB_MAX_RANGES * 2];
static int ntab, max_ranges = SCTP_OOTB_MAX_RANGES;
static bool quiet, eperm, echo_req, zero, no_family, old_build;
static int hooked = 1, dump_err, dump_intr, version = 2;
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
	bool has_range, replaced;
	bool dump;		/* RESET_COUNTERS's dump: RANGES read */
	struct range r;
	uint32_t ranges;
} ev;

static _Alignas(4) char out[65536];
static size_t outlen;

static bool v2(void)
{
	return version >= 2 && !old_build;
}

static void flush_out(uint32_t dst)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = dst };

	if (outlen && sendto(sock, out, outlen, 0, (struct sockaddr *)&sa,
			     sizeof(sa)) < 0)
		perror("fake_ootb: sendto");
	outlen = 0;
}

static struct nlmsghdr *put_msg(uint16_t type, uint16_t flags,
				const struct nlmsghdr *req, size_t payload)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(out + outlen);
	size_t len = NLMSG_HDRLEN + payload;

	if (outlen + NLMSG_ALIGN(len) > sizeof(out)) {
		fprintf(stderr, "fake_ootb: reply too big\n");
		exit(1);
	}
	memset(nlh, 0, NLMSG_ALIGN(len));
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req ? req->nlmsg_seq : 0;
	nlh->nlmsg_pid = req ? req->nlmsg_pid : 0;
	outlen += NLMSG_ALIGN(len);
	return nlh;
}

/* A genetlink message of @family with command @cmd. */
static struct nlmsghdr *put_genl(uint16_t family, uint16_t flags,
				 const struct nlmsghdr *req, uint8_t cmd)
{
	struct nlmsghdr *nlh = put_msg(family, flags, req, GENL_HDRLEN);
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	g->cmd = cmd;
	g->version = (uint8_t)version;
	return nlh;
}

static struct nlattr *put_attr(struct nlmsghdr *nlh, uint16_t type,
			       const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(nlh->nlmsg_len);
	struct nlattr *a = (struct nlattr *)((char *)nlh + off);

	if ((size_t)((char *)a - out) + NLA_ALIGN(NLA_HDRLEN + len) >
	    sizeof(out)) {
		fprintf(stderr, "fake_ootb: reply too big\n");
		exit(1);
	}
	memset(a, 0, NLA_ALIGN(NLA_HDRLEN + len));
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = off + NLA_ALIGN(NLA_HDRLEN + len);
	outlen = (size_t)((char *)nlh - out) + nlh->nlmsg_len;
	return a;
}

static struct nlattr *nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	return put_attr(nlh, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	nest->nla_len = (uint16_t)((char *)nlh + nlh->nlmsg_len -
				   (char *)nest);
}

static void put_u8(struct nlmsghdr *n, uint16_t t, uint8_t v)
{
	put_attr(n, t, &v, 1);
}

static void put_u16(struct nlmsghdr *n, uint16_t t, uint16_t v)
{
	put_attr(n, t, &v, 2);
}

static void put_u32(struct nlmsghdr *n, uint16_t t, uint32_t v)
{
	put_attr(n, t, &v, 4);
}

static void put_u64(struct nlmsghdr *n, uint16_t t, uint64_t v)
{
	/* As nla_put_u64_64bit() where alignment matters: a PAD first. */
	put_attr(n, SCTP_OOTB_A_PAD, NULL, 0);
	put_attr(n, t, &v, 8);
}

/* NLMSG_ERROR: err 0 is an ACK; msg and offs become extack TLVs. */
static void reply_err(const struct nlmsghdr *req, int err, const char *msg,
		      long offs)
{
	bool echo = echo_req && err;
	bool tlv = !quiet && (msg || offs >= 0);
	size_t payload = sizeof(struct nlmsgerr) +
			 (echo ? req->nlmsg_len - NLMSG_HDRLEN : 0);
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	nlh = put_msg(NLMSG_ERROR, (echo ? 0 : NLM_F_CAPPED) |
		      (tlv ? NLM_F_ACK_TLVS : 0), req, payload);
	e = NLMSG_DATA(nlh);
	e->error = err;
	memcpy(&e->msg, req, echo ? req->nlmsg_len : NLMSG_HDRLEN);
	if (!tlv)
		return;
	if (msg)
		put_attr(nlh, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	if (offs >= 0)
		put_u32(nlh, NLMSGERR_ATTR_OFFS, (uint32_t)offs);
}

static void ack(const struct nlmsghdr *req, const char *warning)
{
	if (req->nlmsg_flags & NLM_F_ACK)
		reply_err(req, 0, warning, -1);
}

static uint16_t get_u16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, (const char *)a + NLA_HDRLEN, 2);
	return v;
}

static const struct nlattr *nla_next(const struct nlattr *a, int *rem)
{
	int len = NLA_ALIGN(a->nla_len);

	*rem -= len;
	return (const struct nlattr *)((const char *)a + len);
}

#define nla_for_each(a, head, len, rem)					\
	for (a = head, rem = len; rem >= (int)NLA_HDRLEN &&		\
	     a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;		\
	     a = nla_next(a, &rem))

struct verdict {
	int err;
	char msg[128];
	const struct nlattr *bad;
};

static int fail(struct verdict *v, int err, const struct nlattr *bad,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct verdict *v, int err, const struct nlattr *bad,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	v->err = err;
	v->bad = bad;
	return err;
}

/* Which attributes a request may carry, as the module's policies say. */
enum {
	TAKES_RANGE = 1 << 0,	/* START, END */
	TAKES_POLICY = 1 << 1,
	TAKES_REPLACE = 1 << 2,
	TAKES_RESERVE = 1 << 3,
	TAKES_PORT = 1 << 4,
	RANGE_OPTIONAL = 1 << 5,	/* RESET_COUNTERS: both or neither */
};

struct parsed {
	struct range r;
	bool replace, has_range;
	uint16_t port;
};

/* Strictly parse the attributes in head..len, as @takes allows. */
static int parse_attrs(const struct nlattr *head, int len,
		       const struct nlattr *parent, unsigned int takes,
		       struct parsed *p, struct verdict *v)
{
	const struct nlattr *tb[SCTP_OOTB_A_MAX + 1] = { 0 }, *a;
	int rem;

	memset(p, 0, sizeof(*p));
	nla_for_each(a, head, len, rem) {
		int type = a->nla_type & NLA_TYPE_MASK;
		int plen = a->nla_len - NLA_HDRLEN, want = -1;

		if (type > (v2() ? SCTP_OOTB_A_MAX : SCTP_OOTB_A_REPLACE))
			return fail(v, -EINVAL, a, "Unknown attribute type");
		if ((type == SCTP_OOTB_A_START || type == SCTP_OOTB_A_END) &&
		    (takes & TAKES_RANGE))
			want = 2;
		else if (type == SCTP_OOTB_A_POLICY && (takes & TAKES_POLICY))
			want = 1;
		else if (type == SCTP_OOTB_A_REPLACE && (takes & TAKES_REPLACE))
			want = 0;
		else if (type == SCTP_OOTB_A_RESERVE && (takes & TAKES_RESERVE))
			want = 0;
		else if (type == SCTP_OOTB_A_PORT && (takes & TAKES_PORT))
			want = 2;
		if (want < 0)
			return fail(v, -EINVAL, a, "Unsupported attribute");
		if (plen != want)
			return fail(v, -EINVAL, a, "invalid attribute length");
		tb[type] = a;
	}
	p->replace = tb[SCTP_OOTB_A_REPLACE] != NULL;
	p->r.reserve = tb[SCTP_OOTB_A_RESERVE] != NULL;
	p->r.policy = SCTP_OOTB_POLICY_DISCARD;
	if (takes & TAKES_PORT) {
		if (!tb[SCTP_OOTB_A_PORT])
			return fail(v, -EINVAL, parent, "missing port");
		p->port = get_u16(tb[SCTP_OOTB_A_PORT]);
		if (!p->port)
			return fail(v, -ERANGE, tb[SCTP_OOTB_A_PORT],
				    "integer out of range");
		return 0;
	}
	if (!(takes & TAKES_RANGE))
		return 0;
	if ((takes & RANGE_OPTIONAL) && !tb[SCTP_OOTB_A_START] &&
	    !tb[SCTP_OOTB_A_END])
		return 0;
	if (!tb[SCTP_OOTB_A_START])
		return fail(v, -EINVAL, parent, "missing start");
	if (!tb[SCTP_OOTB_A_END])
		return fail(v, -EINVAL, parent, "missing end");
	p->has_range = true;
	p->r.start = get_u16(tb[SCTP_OOTB_A_START]);
	p->r.end = get_u16(tb[SCTP_OOTB_A_END]);
	if (tb[SCTP_OOTB_A_POLICY])
		p->r.policy = *((const uint8_t *)tb[SCTP_OOTB_A_POLICY] +
				NLA_HDRLEN);
	if (p->r.start == 0)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_START],
			    "integer out of range");
	if (p->r.end == 0)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_END],
			    "integer out of range");
	if (p->r.policy > SCTP_OOTB_POLICY_MAX)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_POLICY],
			    "integer out of range");
	if (p->r.start > p->r.end)
		return fail(v, -EINVAL, tb[SCTP_OOTB_A_START],
			    "start after end");
	return 0;
}

/* A new range's stand-in count, added to its policy's total. */
static void count_new(struct range *r)
{
	r->matched = zero ? 0 : (7u * r->start + r->end) % 1000;
	totals[r->policy] += r->matched;
}

static int find(const struct range *t, int n, uint16_t start, uint16_t end)
{
	int i;

	for (i = 0; i < n; i++)
		if (t[i].start == start && t[i].end == end)
			return i;
	return -1;
}

/* whole: building a new table (REPLACE_TABLE), not editing one. */
static int insert(struct range *t, int *n, struct range *r, bool replace,
		  bool whole, const struct nlattr *bad, struct verdict *v)
{
	int i = find(t, *n, r->start, r->end);

	if (i >= 0) {
		if (!replace)
			return fail(v, -EEXIST, bad, whole ?
				    "duplicate range" :
				    "range already exists");
		t[i].policy = r->policy;
		t[i].reserve = r->reserve;
		return 0;
	}
	for (i = 0; i < *n; i++) {
		bool disjoint = r->end < t[i].start || r->start > t[i].end;
		bool nested = (r->start >= t[i].start && r->end <= t[i].end) ||
			      (t[i].start >= r->start && t[i].end <= r->end);

		if (!disjoint && !nested)
			return fail(v, -EBUSY, bad, "overlaps %u-%u",
				    t[i].start, t[i].end);
	}
	if (*n >= max_ranges)
		return fail(v, -ENOSPC, bad, "table is full");
	t[(*n)++] = *r;
	return 0;
}

static int by_start_widest(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

static void send_verdict(const struct nlmsghdr *req, struct verdict *v)
{
	long offs = v->bad ? (long)((const char *)v->bad -
				    (const char *)req) : -1;

	reply_err(req, v->err, v->msg, offs);
}

static void put_range(struct nlmsghdr *nlh, const struct range *r)
{
	put_u16(nlh, SCTP_OOTB_A_START, r->start);
	put_u16(nlh, SCTP_OOTB_A_END, r->end);
	put_u8(nlh, SCTP_OOTB_A_POLICY, r->policy);
	put_u64(nlh, SCTP_OOTB_A_MATCHED, r->matched);
	if (r->reserve)
		put_attr(nlh, SCTP_OOTB_A_RESERVE, NULL, 0);
}

/* GET_RANGE, or RESET_COUNTERS's dump when @reset. */
static void do_dump(const struct nlmsghdr *req, uint32_t dst, uint8_t cmd,
		    bool reset)
{
	struct nlmsghdr *nlh;
	int i, err = -dump_err;

	qsort(tab, (size_t)ntab, sizeof(tab[0]), by_start_widest);
	for (i = 0; i < ntab; i++) {
		nlh = put_genl(FAKE_OOTB_FAMILY, NLM_F_MULTI, req, cmd);
		put_range(nlh, &tab[i]);
		if (reset)
			tab[i].matched = 0;
		/* As if the table changed after the first part of the dump. */
		if (dump_intr > 0 && i > 0)
			nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
		/* Several messages per datagram, as the kernel does. */
		if (outlen > 16384)
			flush_out(dst);
	}
	nlh = put_msg(NLMSG_DONE, NLM_F_MULTI, req, sizeof(int));
	memcpy(NLMSG_DATA(nlh), &err, sizeof(err));
	if (dump_intr > 0) {
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
		dump_intr--;
	}
	if (err && !quiet) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		put_attr(nlh, NLMSGERR_ATTR_MSG, "dump failed",
			 sizeof("dump failed"));
	}
}

static void do_stats(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh;

	nlh = put_genl(FAKE_OOTB_FAMILY, 0, req, SCTP_OOTB_CMD_GET_STATS);
	put_u32(nlh, SCTP_OOTB_A_RANGES, (uint32_t)ntab);
	put_u32(nlh, SCTP_OOTB_A_MAX_RANGES, (uint32_t)max_ranges);
	put_u64(nlh, SCTP_OOTB_A_STAT_DISCARDED,
		totals[SCTP_OOTB_POLICY_DISCARD]);
	put_u64(nlh, SCTP_OOTB_A_STAT_COUNTED, totals[SCTP_OOTB_POLICY_COUNT]);
	put_u64(nlh, SCTP_OOTB_A_STAT_ABORTED, totals[SCTP_OOTB_POLICY_ABORT]);
	put_u64(nlh, SCTP_OOTB_A_STAT_UNMATCHED, unmatched);
	put_u8(nlh, SCTP_OOTB_A_HOOKED, (uint8_t)hooked);
	ack(req, NULL);
}

/* The innermost range containing @port: the narrowest. */
static void do_get_port(const struct nlmsghdr *req, uint16_t port)
{
	struct nlmsghdr *nlh;
	int i, best = -1;

	for (i = 0; i < ntab; i++)
		if (tab[i].start <= port && port <= tab[i].end &&
		    (best < 0 || tab[i].end - tab[i].start <
				 tab[best].end - tab[best].start))
			best = i;
	nlh = put_genl(FAKE_OOTB_FAMILY, 0, req, SCTP_OOTB_CMD_GET_PORT);
	put_u16(nlh, SCTP_OOTB_A_PORT, port);
	if (best >= 0)
		put_range(nlh, &tab[best]);
	ack(req, NULL);
}

/* The controller: CTRL_CMD_GETFAMILY for "sctp_ootb". */
static void do_ctrl(const struct nlmsghdr *req)
{
	static const uint8_t v1_cmds[] = {
		SCTP_OOTB_CMD_ADD_RANGE, SCTP_OOTB_CMD_DEL_RANGE,
		SCTP_OOTB_CMD_FLUSH, SCTP_OOTB_CMD_REPLACE_TABLE,
		SCTP_OOTB_CMD_GET_RANGE, SCTP_OOTB_CMD_GET_STATS,
	};
	static const uint8_t v2_cmds[] = {
		SCTP_OOTB_CMD_RESET_COUNTERS, SCTP_OOTB_CMD_GET_PORT,
	};
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *a, *name = NULL;
	struct nlattr *ops, *op, *grps, *grp;
	struct nlmsghdr *nlh;
	int rem, len, i, n = 0;

	len = (int)(req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	nla_for_each(a, (const struct nlattr *)((const char *)g + GENL_HDRLEN),
		     len, rem)
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_NAME)
			name = a;
	if (g->cmd != CTRL_CMD_GETFAMILY || !name || no_family ||
	    strcmp((const char *)name + NLA_HDRLEN, SCTP_OOTB_GENL_NAME)) {
		reply_err(req, -ENOENT, NULL, -1);
		return;
	}
	nlh = put_msg(GENL_ID_CTRL, 0, req, GENL_HDRLEN);
	((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd = CTRL_CMD_NEWFAMILY;
	put_attr(nlh, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
		 sizeof(SCTP_OOTB_GENL_NAME));
	put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_OOTB_FAMILY);
	put_u32(nlh, CTRL_ATTR_VERSION, (uint32_t)version);
	put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	put_u32(nlh, CTRL_ATTR_MAXATTR,
		v2() ? SCTP_OOTB_A_MAX : SCTP_OOTB_A_REPLACE);
	ops = nest_start(nlh, CTRL_ATTR_OPS);
	for (i = 0; i < (int)sizeof(v1_cmds) + (v2() ? 2 : 0); i++) {
		uint8_t cmd = i < (int)sizeof(v1_cmds) ? v1_cmds[i] :
			      v2_cmds[i - (int)sizeof(v1_cmds)];

		op = nest_start(nlh, (uint16_t)++n);
		put_u32(nlh, CTRL_ATTR_OP_ID, cmd);
		put_u32(nlh, CTRL_ATTR_OP_FLAGS, 0);
		nest_end(nlh, op);
	}
	nest_end(nlh, ops);
	if (v2()) {
		grps = nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		grp = nest_start(nlh, 1);
		put_attr(nlh, CTRL_ATTR_MCAST_GRP_NAME, SCTP_OOTB_MCGRP_MONITOR,
			 sizeof(SCTP_OOTB_MCGRP_MONITOR));
		put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, FAKE_OOTB_MCGRP);
		nest_end(nlh, grp);
		nest_end(nlh, grps);
	}
	ack(req, NULL);
}

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

static void send_event(void)
{
	struct nlmsghdr *nlh;
	int i;

	if (!ev.pending || !v2())
		return;
	ev.pending = false;
	for (i = 0; i < nsubs; i++) {
		nlh = put_genl(FAKE_OOTB_FAMILY, 0, NULL, ev.cmd);
		switch (ev.cmd) {
		case SCTP_OOTB_CMD_ADD_RANGE:
			put_u16(nlh, SCTP_OOTB_A_START, ev.r.start);
			put_u16(nlh, SCTP_OOTB_A_END, ev.r.end);
			put_u8(nlh, SCTP_OOTB_A_POLICY, ev.r.policy);
			if (ev.r.reserve)
				put_attr(nlh, SCTP_OOTB_A_RESERVE, NULL, 0);
			if (ev.replaced)
				put_attr(nlh, SCTP_OOTB_A_REPLACE, NULL, 0);
			break;
		case SCTP_OOTB_CMD_DEL_RANGE:
		case SCTP_OOTB_CMD_RESET_COUNTERS:
			if (ev.dump)
				put_u32(nlh, SCTP_OOTB_A_RANGES, ev.ranges);
			if (!ev.has_range)
				break;
			put_u16(nlh, SCTP_OOTB_A_START, ev.r.start);
			put_u16(nlh, SCTP_OOTB_A_END, ev.r.end);
			break;
		case SCTP_OOTB_CMD_REPLACE_TABLE:
			put_u32(nlh, SCTP_OOTB_A_RANGES, ev.ranges);
			break;
		}
		put_u32(nlh, SCTP_OOTB_A_NETNS_INUM, netns_inum);
		put_u32(nlh, SCTP_OOTB_A_PORTID, ev.portid);
		flush_out(subs[i]);
	}
}

static bool changes_table(uint8_t cmd)
{
	return (cmd >= SCTP_OOTB_CMD_ADD_RANGE &&
		cmd <= SCTP_OOTB_CMD_REPLACE_TABLE) ||
	       cmd == SCTP_OOTB_CMD_RESET_COUNTERS;
}

static void do_replace_table(const struct nlmsghdr *req, uint32_t from,
			     const struct nlattr *attrs, int len)
{
	static struct range nt[SCTP_OOTB_MAX_RANGES * 2];
	struct verdict v = { 0 };
	const struct nlattr *a;
	struct parsed p;
	int n = 0, i, rem;

	nla_for_each(a, attrs, len, rem) {
		if ((a->nla_type & NLA_TYPE_MASK) != SCTP_OOTB_A_RANGE) {
			fail(&v, -EINVAL, a, "Unsupported attribute");
			break;
		}
		if (!(a->nla_type & NLA_F_NESTED)) {
			fail(&v, -EINVAL, a, "NLA_F_NESTED is missing");
			break;
		}
		if (parse_attrs((const struct nlattr *)
				((const char *)a + NLA_HDRLEN),
				a->nla_len - NLA_HDRLEN, a,
				TAKES_RANGE | TAKES_POLICY |
				(v2() ? TAKES_RESERVE : 0), &p, &v))
			break;
		i = find(tab, ntab, p.r.start, p.r.end);
		if (i >= 0)
			p.r.matched = tab[i].matched;
		else
			p.r.matched = UINT64_MAX;	/* counted below */
		if (insert(nt, &n, &p.r, false, true, a, &v))
			break;
	}
	if (v.err) {
		send_verdict(req, &v);
		return;
	}
	for (i = 0; i < n; i++)
		if (nt[i].matched == UINT64_MAX)
			count_new(&nt[i]);
	memcpy(tab, nt, sizeof(nt[0]) * (size_t)n);
	ntab = n;
	announce(SCTP_OOTB_CMD_REPLACE_TABLE, from, NULL);
	ev.ranges = (uint32_t)n;
	ack(req, NULL);
}

static void handle(const struct nlmsghdr *req, uint32_t dst)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *attrs;
	struct verdict v = { 0 };
	struct parsed p;
	int len, i;

	if (req->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		reply_err(req, -EINVAL, NULL, -1);
		return;
	}
	if (req->nlmsg_type == GENL_ID_CTRL) {
		do_ctrl(req);
		return;
	}
	if (req->nlmsg_type != FAKE_OOTB_FAMILY || no_family) {
		reply_err(req, -EOPNOTSUPP, NULL, -1);
		return;
	}
	if (g->cmd == FAKE_OOTB_CMD_SUBSCRIBE) {
		if (nsubs < (int)(sizeof(subs) / sizeof(subs[0])))
			subs[nsubs++] = dst;
		return;
	}
	attrs = (const struct nlattr *)((const char *)g + GENL_HDRLEN);
	len = (int)(req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);

	if (!v2() && (g->cmd == SCTP_OOTB_CMD_RESET_COUNTERS ||
		      g->cmd == SCTP_OOTB_CMD_GET_PORT)) {
		reply_err(req, -EOPNOTSUPP, NULL, -1);
		return;
	}
	if (eperm && changes_table(g->cmd)) {
		bool q = quiet;

		/* GENL_UNS_ADMIN_PERM: genetlink says nothing more. */
		quiet = true;
		reply_err(req, -EPERM, NULL, -1);
		quiet = q;
		return;
	}

	switch (g->cmd) {
	case SCTP_OOTB_CMD_ADD_RANGE: {
		bool old_reserve;
		int old;

		if (parse_attrs(attrs, len, NULL, TAKES_RANGE | TAKES_POLICY |
				TAKES_REPLACE | (v2() ? TAKES_RESERVE : 0),
				&p, &v)) {
			send_verdict(req, &v);
			return;
		}
		i = find(tab, ntab, p.r.start, p.r.end);
		old = i >= 0 ? tab[i].policy : -1;
		old_reserve = i >= 0 && tab[i].reserve;
		if (insert(tab, &ntab, &p.r, p.replace, false, NULL, &v)) {
			send_verdict(req, &v);
			return;
		}
		if (i < 0)
			count_new(&tab[ntab - 1]);
		announce(SCTP_OOTB_CMD_ADD_RANGE, dst, &p);
		ev.replaced = i >= 0;
		/* Exercises sctpctl's "Warning: ..." path. */
		ack(req, i >= 0 && old == p.r.policy &&
			 old_reserve == p.r.reserve ? "range unchanged" : NULL);
		return;
	}
	case SCTP_OOTB_CMD_DEL_RANGE:
		if (parse_attrs(attrs, len, NULL, TAKES_RANGE, &p, &v)) {
			send_verdict(req, &v);
			return;
		}
		i = find(tab, ntab, p.r.start, p.r.end);
		if (i < 0) {
			fail(&v, -ENOENT, NULL, "no such range");
			send_verdict(req, &v);
			return;
		}
		tab[i] = tab[--ntab];
		announce(SCTP_OOTB_CMD_DEL_RANGE, dst, &p);
		ack(req, NULL);
		return;
	case SCTP_OOTB_CMD_FLUSH:
		if (len > 0) {
			fail(&v, -EINVAL, attrs, "Unsupported attribute");
			send_verdict(req, &v);
			return;
		}
		ntab = 0;
		announce(SCTP_OOTB_CMD_FLUSH, dst, NULL);
		ack(req, NULL);
		return;
	case SCTP_OOTB_CMD_REPLACE_TABLE:
		do_replace_table(req, dst, attrs, len);
		return;
	case SCTP_OOTB_CMD_GET_RANGE:
	case SCTP_OOTB_CMD_RESET_COUNTERS:
		if (req->nlmsg_flags & NLM_F_DUMP) {
			bool reset = g->cmd == SCTP_OOTB_CMD_RESET_COUNTERS;

			do_dump(req, dst, g->cmd, reset);
			if (reset) {
				announce(SCTP_OOTB_CMD_RESET_COUNTERS, dst,
					 NULL);
				ev.ranges = (uint32_t)ntab;
				ev.dump = true;
			}
			return;
		}
		if (g->cmd == SCTP_OOTB_CMD_GET_RANGE) {
			reply_err(req, -EOPNOTSUPP, NULL, -1);
			return;
		}
		if (parse_attrs(attrs, len, NULL, TAKES_RANGE | RANGE_OPTIONAL,
				&p, &v)) {
			send_verdict(req, &v);
			return;
		}
		if (p.has_range) {
			i = find(tab, ntab, p.r.start, p.r.end);
			if (i < 0) {
				fail(&v, -ENOENT, NULL, "no such range");
				send_verdict(req, &v);
				return;
			}
			tab[i].matched = 0;
		} else {
			for (i = 0; i < ntab; i++)
				tab[i].matched = 0;
			memset(totals, 0, sizeof(totals));
			unmatched = 0;
		}
		announce(SCTP_OOTB_CMD_RESET_COUNTERS, dst, &p);
		ack(req, NULL);
		return;
	case SCTP_OOTB_CMD_GET_STATS:
		do_stats(req);
		return;
	case SCTP_OOTB_CMD_GET_PORT:
		if (parse_attrs(attrs, len, NULL, TAKES_PORT, &p, &v)) {
			send_verdict(req, &v);
			return;
		}
		do_get_port(req, p.port);
		return;
	default:
		reply_err(req, -EOPNOTSUPP, NULL, -1);
	}
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
		case 'W': old_build = true; break;
		case 'z': zero = true; unmatched = 0; break;
		case 'N': no_family = true; break;
		default:
			fprintf(stderr, "usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO] [-I N] [-V 1|2] [-W] [-z] [-N]\n");
			return 2;
		}
	}
	if (!portfile || max_ranges < 0 || max_ranges > SCTP_OOTB_MAX_RANGES * 2)
		return 2;
	if (stat("/proc/self/ns/net", &st) == 0)
		netns_inum = (uint32_t)st.st_ino;

	alarm(300);
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
		struct nlmsghdr *nlh;
		ssize_t n;

		n = recvfrom(sock, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("fake_ootb: recvfrom");
			return 1;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			handle(nlh, from.nl_pid);
			flush_out(from.nl_pid);
			send_event();
		}
	}
}
