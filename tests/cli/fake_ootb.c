// SPDX-License-Identifier: GPL-2.0
/*
 * fake_ootb: a userspace stand-in for the generic netlink side of the
 * sctp_ootb module, so that sctpctl's socket code (requests, dumps,
 * NLMSG_ERROR with extack, REPLACE_TABLE of tens of KB) can be tested on a
 * host that cannot load modules.  sctpctl reaches it through the
 * fake_preload.so shim.
 *
 * It follows the contract in include/uapi/linux/sctp_ootb.h, extack texts
 * included: strict attributes (NLA_F_NESTED required on RANGE),
 * nested-or-disjoint ranges, EEXIST/EBUSY/ENOSPC/ENOENT, atomic
 * REPLACE_TABLE with the offset of the offending nest (the later of two
 * that collide), dumps ordered by start then widest first.  It is not a
 * model of the module's internals; its counters are a deterministic
 * stand-in for traffic: a range's "matched" is (7 * start + end) % 1000.
 *
 * Usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO]
 *                  [-I N]
 *   -o  write the port id to PORTFILE once ready
 *   -m  table capacity (default SCTP_OOTB_MAX_RANGES)
 *   -q  send no extack (bare errnos, as from an older kernel)
 *   -P  refuse every change with a bare EPERM (no CAP_NET_ADMIN)
 *   -e  echo the whole request in errors (a socket without NETLINK_CAP_ACK)
 *   -H  value of HOOKED in GET_STATS (default 1)
 *   -D  end every dump with -ERRNO instead of 0
 *   -I  mark the next N dumps inconsistent (NLM_F_DUMP_INTR)
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
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <uapi/linux/sctp_ootb.h>

#include "fake_ootb.h"

struct range {
	uint16_t start, end;
	uint8_t policy;
	uint64_t matched;
};

static struct range tab[SCTP_OOTB_MAX_RANGES * 2];
static int ntab, max_ranges = SCTP_OOTB_MAX_RANGES;
static bool quiet, eperm, echo_req;
static int hooked = 1, dump_err, dump_intr;
static int sock;

static _Alignas(4) char out[65536];
static size_t outlen;

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
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = req->nlmsg_pid;
	outlen += NLMSG_ALIGN(len);
	return nlh;
}

static void put_attr(struct nlmsghdr *nlh, uint16_t type, const void *data,
		     size_t len)
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

/* Strictly parse START, END, [POLICY] (and REPLACE where @replace) out of head..len. */
static int parse_range(const struct nlattr *head, int len,
		       const struct nlattr *parent, struct range *r,
		       bool *replace, struct verdict *v)
{
	const struct nlattr *tb[SCTP_OOTB_A_MAX + 1] = { 0 }, *a;
	int rem;

	nla_for_each(a, head, len, rem) {
		int type = a->nla_type & NLA_TYPE_MASK;
		int plen = a->nla_len - NLA_HDRLEN;

		if (type == SCTP_OOTB_A_START || type == SCTP_OOTB_A_END) {
			if (plen != 2)
				return fail(v, -EINVAL, a, "bad attribute length");
		} else if (type == SCTP_OOTB_A_POLICY) {
			if (plen != 1)
				return fail(v, -EINVAL, a, "bad attribute length");
		} else if (type == SCTP_OOTB_A_REPLACE && replace) {
			if (plen != 0)
				return fail(v, -EINVAL, a, "bad attribute length");
			*replace = true;
		} else {
			return fail(v, -EINVAL, a, "Unsupported attribute");
		}
		tb[type] = a;
	}
	if (!tb[SCTP_OOTB_A_START])
		return fail(v, -EINVAL, parent, "missing start");
	if (!tb[SCTP_OOTB_A_END])
		return fail(v, -EINVAL, parent, "missing end");
	r->start = get_u16(tb[SCTP_OOTB_A_START]);
	r->end = get_u16(tb[SCTP_OOTB_A_END]);
	r->policy = SCTP_OOTB_POLICY_DISCARD;
	if (tb[SCTP_OOTB_A_POLICY])
		r->policy = *((const uint8_t *)tb[SCTP_OOTB_A_POLICY] +
			      NLA_HDRLEN);
	if (r->start == 0)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_START],
			    "integer out of range");
	if (r->end == 0)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_END],
			    "integer out of range");
	if (r->start > r->end)
		return fail(v, -EINVAL, tb[SCTP_OOTB_A_START],
			    "start after end");
	if (r->policy > SCTP_OOTB_POLICY_MAX)
		return fail(v, -ERANGE, tb[SCTP_OOTB_A_POLICY],
			    "integer out of range");
	r->matched = (7u * r->start + r->end) % 1000;
	return 0;
}

/* whole: building a new table (REPLACE_TABLE), not editing one. */
static int insert(struct range *t, int *n, const struct range *r,
		  bool replace, bool whole, const struct nlattr *bad,
		  struct verdict *v)
{
	int i;

	for (i = 0; i < *n; i++) {
		if (t[i].start == r->start && t[i].end == r->end) {
			if (!replace)
				return fail(v, -EEXIST, bad, whole ?
					    "duplicate range" :
					    "range already exists");
			t[i].policy = r->policy;
			return 0;
		}
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

static void do_dump(const struct nlmsghdr *req, uint32_t dst)
{
	struct nlmsghdr *nlh;
	int i, err = -dump_err;

	qsort(tab, (size_t)ntab, sizeof(tab[0]), by_start_widest);
	for (i = 0; i < ntab; i++) {
		struct genlmsghdr *g;

		nlh = put_msg(FAKE_OOTB_FAMILY, NLM_F_MULTI, req, GENL_HDRLEN);
		g = NLMSG_DATA(nlh);
		g->cmd = SCTP_OOTB_CMD_GET_RANGE;
		g->version = SCTP_OOTB_GENL_VERSION;
		put_u16(nlh, SCTP_OOTB_A_START, tab[i].start);
		put_u16(nlh, SCTP_OOTB_A_END, tab[i].end);
		put_u8(nlh, SCTP_OOTB_A_POLICY, tab[i].policy);
		put_u64(nlh, SCTP_OOTB_A_MATCHED, tab[i].matched);
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
	uint64_t sum[SCTP_OOTB_POLICY_MAX + 1] = { 0 };
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	int i;

	for (i = 0; i < ntab; i++)
		sum[tab[i].policy] += tab[i].matched;
	nlh = put_msg(FAKE_OOTB_FAMILY, 0, req, GENL_HDRLEN);
	g = NLMSG_DATA(nlh);
	g->cmd = SCTP_OOTB_CMD_GET_STATS;
	g->version = SCTP_OOTB_GENL_VERSION;
	put_u32(nlh, SCTP_OOTB_A_RANGES, (uint32_t)ntab);
	put_u32(nlh, SCTP_OOTB_A_MAX_RANGES, (uint32_t)max_ranges);
	put_u64(nlh, SCTP_OOTB_A_STAT_DISCARDED,
		sum[SCTP_OOTB_POLICY_DISCARD]);
	put_u64(nlh, SCTP_OOTB_A_STAT_COUNTED, sum[SCTP_OOTB_POLICY_COUNT]);
	put_u64(nlh, SCTP_OOTB_A_STAT_ABORTED, sum[SCTP_OOTB_POLICY_ABORT]);
	put_u64(nlh, SCTP_OOTB_A_STAT_UNMATCHED, 5);
	put_u8(nlh, SCTP_OOTB_A_HOOKED, (uint8_t)hooked);
	ack(req, NULL);
}

static void handle(const struct nlmsghdr *req, uint32_t dst)
{
	const struct genlmsghdr *g = NLMSG_DATA(req);
	const struct nlattr *attrs, *a;
	struct verdict v = { 0 };
	int len, rem;
	struct range r;

	if (req->nlmsg_type != FAKE_OOTB_FAMILY ||
	    req->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		reply_err(req, -EOPNOTSUPP, NULL, -1);
		return;
	}
	if (g->version != SCTP_OOTB_GENL_VERSION) {
		reply_err(req, -EINVAL, "unexpected family version", -1);
		return;
	}
	attrs = (const struct nlattr *)((const char *)g + GENL_HDRLEN);
	len = (int)(req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);

	if (eperm && g->cmd >= SCTP_OOTB_CMD_ADD_RANGE &&
	    g->cmd <= SCTP_OOTB_CMD_REPLACE_TABLE) {
		bool q = quiet;

		/* GENL_UNS_ADMIN_PERM: genetlink says nothing more. */
		quiet = true;
		reply_err(req, -EPERM, NULL, -1);
		quiet = q;
		return;
	}

	switch (g->cmd) {
	case SCTP_OOTB_CMD_ADD_RANGE: {
		bool replace = false;
		int old = -1, i;

		if (parse_range(attrs, len, NULL, &r, &replace, &v)) {
			send_verdict(req, &v);
			return;
		}
		for (i = 0; i < ntab; i++)
			if (tab[i].start == r.start && tab[i].end == r.end)
				old = tab[i].policy;
		if (insert(tab, &ntab, &r, replace, false, NULL, &v)) {
			send_verdict(req, &v);
			return;
		}
		/* Exercises sctpctl's "Warning: ..." path. */
		ack(req, replace && old == r.policy ? "range unchanged" : NULL);
		return;
	}
	case SCTP_OOTB_CMD_DEL_RANGE: {
		int i;

		if (parse_range(attrs, len, NULL, &r, NULL, &v)) {
			send_verdict(req, &v);
			return;
		}
		for (i = 0; i < ntab; i++)
			if (tab[i].start == r.start && tab[i].end == r.end)
				break;
		if (i == ntab) {
			fail(&v, -ENOENT, NULL, "no such range");
			send_verdict(req, &v);
			return;
		}
		tab[i] = tab[--ntab];
		ack(req, NULL);
		return;
	}
	case SCTP_OOTB_CMD_FLUSH:
		if (len > 0) {
			fail(&v, -EINVAL, attrs, "Unsupported attribute");
			send_verdict(req, &v);
			return;
		}
		ntab = 0;
		ack(req, NULL);
		return;
	case SCTP_OOTB_CMD_REPLACE_TABLE: {
		static struct range nt[SCTP_OOTB_MAX_RANGES * 2];
		int n = 0, i;

		nla_for_each(a, attrs, len, rem) {
			if ((a->nla_type & NLA_TYPE_MASK) != SCTP_OOTB_A_RANGE) {
				fail(&v, -EINVAL, a, "Unsupported attribute");
				break;
			}
			if (!(a->nla_type & NLA_F_NESTED)) {
				fail(&v, -EINVAL, a, "NLA_F_NESTED is missing");
				break;
			}
			if (parse_range((const struct nlattr *)
					((const char *)a + NLA_HDRLEN),
					a->nla_len - NLA_HDRLEN, a, &r, NULL, &v))
				break;
			for (i = 0; i < ntab; i++)
				if (tab[i].start == r.start &&
				    tab[i].end == r.end)
					r.matched = tab[i].matched;
			if (insert(nt, &n, &r, false, true, a, &v))
				break;
		}
		if (v.err) {
			send_verdict(req, &v);
			return;
		}
		memcpy(tab, nt, sizeof(nt[0]) * (size_t)n);
		ntab = n;
		ack(req, NULL);
		return;
	}
	case SCTP_OOTB_CMD_GET_RANGE:
		if (!(req->nlmsg_flags & NLM_F_DUMP)) {
			reply_err(req, -EOPNOTSUPP, NULL, -1);
			return;
		}
		do_dump(req, dst);
		return;
	case SCTP_OOTB_CMD_GET_STATS:
		do_stats(req);
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
	FILE *f;
	int opt;

	while ((opt = getopt(argc, argv, "o:m:qPeH:D:I:")) != -1) {
		switch (opt) {
		case 'o': portfile = optarg; break;
		case 'm': max_ranges = atoi(optarg); break;
		case 'q': quiet = true; break;
		case 'P': eperm = true; break;
		case 'e': echo_req = true; break;
		case 'H': hooked = atoi(optarg); break;
		case 'D': dump_err = atoi(optarg); break;
		case 'I': dump_intr = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: fake_ootb -o PORTFILE [-m MAX] [-q] [-P] [-e] [-H 0|1] [-D ERRNO] [-I N]\n");
			return 2;
		}
	}
	if (!portfile || max_ranges < 0 || max_ranges > SCTP_OOTB_MAX_RANGES * 2)
		return 2;

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
		}
	}
}
