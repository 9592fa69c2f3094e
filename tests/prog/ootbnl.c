// SPDX-License-Identifier: GPL-2.0
/*
 * ootbnl: send one hand-built sctp_ootb generic netlink request and show
 * what the kernel answers.  sctpctl checks its input before it asks the
 * kernel, so this is how the module's own validation (the strict attribute
 * policies of the core, the module's extack messages) gets exercised.
 * Raw netlink only: resolve the family with CTRL_CMD_GETFAMILY, ask for
 * extended acks, send the request with NLM_F_ACK, read its answer.
 *
 *   ootbnl CASE
 *
 * prints one line
 *
 *   CASE errno=NAME msg="TEXT" offs=N[ miss=TYPE][ nest=N]
 *
 * errno=0 when the kernel accepted the request; msg="" when it gave no
 * extack text; offs=- when it named no attribute.  offs and nest are byte
 * offsets from the start of the request (its nlmsghdr): the nlmsghdr and
 * the genlmsghdr take 20 bytes, so the first attribute is at 20; a u16 or
 * u8 attribute takes 8 bytes, a RANGE nest of START and END 20 bytes.
 * miss is NLMSGERR_ATTR_MISS_TYPE, nest NLMSGERR_ATTR_MISS_NEST.
 *
 * Exit status: 0 when the kernel answered (whatever it said), 1 on a local
 * failure (no socket, no family, no answer), 2 on a usage error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../../include/uapi/linux/sctp_ootb.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* 1025 RANGE nests are 20520 bytes; an error echoes them back. */
#define REQ_MAX		65536
#define RSP_MAX		(4 * REQ_MAX)

static union {
	struct nlmsghdr h;
	unsigned char b[REQ_MAX];
} req;

static union {
	struct nlmsghdr h;
	unsigned char b[RSP_MAX];
} rsp;

static uint32_t seq;

/* ---- building a request ------------------------------------------------ */

static void req_overflow(void)
{
	fprintf(stderr, "ootbnl: request larger than %d bytes\n", REQ_MAX);
	exit(1);
}

static void req_start(uint16_t type, uint16_t flags, uint8_t cmd,
		      uint8_t version)
{
	struct genlmsghdr *g;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = flags;
	req.h.nlmsg_seq = ++seq;
	g = NLMSG_DATA(&req.h);
	g->cmd = cmd;
	g->version = version;
}

/* Append an attribute; returns its offset in the request. */
static uint32_t put(uint16_t type, const void *data, uint16_t len)
{
	uint32_t off = NLMSG_ALIGN(req.h.nlmsg_len);
	struct nlattr *a;

	if (off + NLA_ALIGN(NLA_HDRLEN + len) > REQ_MAX)
		req_overflow();
	a = (struct nlattr *)(req.b + off);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(req.b + off + NLA_HDRLEN, data, len);
	req.h.nlmsg_len = off + NLA_ALIGN(a->nla_len);
	return off;
}

static void put_u8(uint16_t type, uint8_t v)
{
	put(type, &v, sizeof(v));
}

static void put_u16(uint16_t type, uint16_t v)
{
	put(type, &v, sizeof(v));
}

static void put_u32(uint16_t type, uint32_t v)
{
	put(type, &v, sizeof(v));
}

static void put_u64(uint16_t type, uint64_t v)
{
	put(type, &v, sizeof(v));
}

static uint32_t nest_start(uint16_t type)
{
	return put(type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(uint32_t off)
{
	struct nlattr *a = (struct nlattr *)(req.b + off);

	a->nla_len = req.h.nlmsg_len - off;
}

/* A RANGE nest; with_end 0 leaves END out. */
static void put_range(uint16_t lo, uint16_t hi, int with_end)
{
	uint32_t n = nest_start(SCTP_OOTB_A_RANGE);

	put_u16(SCTP_OOTB_A_START, lo);
	if (with_end)
		put_u16(SCTP_OOTB_A_END, hi);
	nest_end(n);
}

/* ---- the answer ---------------------------------------------------------- */

struct answer {
	int error;		/* positive errno, 0 for an ACK */
	char msg[512];
	long offs;		/* -1: none */
	long miss_type;
	long miss_nest;
};

static const struct {
	int e;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
	{ ERANGE, "ERANGE" }, { ENOBUFS, "ENOBUFS" }, { EMSGSIZE, "EMSGSIZE" },
	{ EPROTO, "EPROTO" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ EBADMSG, "EBADMSG" }, { ENOTCONN, "ENOTCONN" },
};

static void errno_name(int e, char *buf, size_t len)
{
	size_t i;

	if (!e) {
		snprintf(buf, len, "0");
		return;
	}
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++) {
		if (errnames[i].e == e) {
			snprintf(buf, len, "%s", errnames[i].name);
			return;
		}
	}
	snprintf(buf, len, "E%d", e);
}

/* The extack TLVs of an NLMSG_ERROR (or NLMSG_DONE) message. */
static void parse_tlvs(const unsigned char *p, const unsigned char *end,
		       struct answer *a)
{
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *t = (const struct nlattr *)p;
		const unsigned char *v = p + NLA_HDRLEN;
		int vlen = t->nla_len - NLA_HDRLEN;
		uint32_t u = 0;

		if (t->nla_len < NLA_HDRLEN || p + t->nla_len > end)
			break;
		if (vlen == sizeof(u))
			memcpy(&u, v, sizeof(u));
		switch (t->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(a->msg, sizeof(a->msg), "%.*s",
				 (int)strnlen((const char *)v, vlen),
				 (const char *)v);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (vlen == sizeof(u))
				a->offs = u;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (vlen == sizeof(u))
				a->miss_type = u;
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (vlen == sizeof(u))
				a->miss_nest = u;
			break;
		}
		p += NLA_ALIGN(t->nla_len);
	}
}

/*
 * Read until the answer to request @want_seq: its ACK or error, or the
 * NLMSG_DONE of a dump.  Other messages (a family reply, dump parts) go to
 * @on_msg when given.  Returns 0 with @a filled, -1 on a local failure.
 */
static int read_answer(int fd, uint32_t want_seq, struct answer *a,
		       void (*on_msg)(const struct nlmsghdr *, void *),
		       void *arg)
{
	memset(a, 0, sizeof(*a));
	a->offs = a->miss_type = a->miss_nest = -1;

	for (;;) {
		struct iovec iov = { rsp.b, sizeof(rsp.b) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		struct nlmsghdr *h;
		ssize_t n;

		n = recvmsg(fd, &mh, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("ootbnl: recvmsg");
			return -1;
		}
		if (mh.msg_flags & MSG_TRUNC) {
			fprintf(stderr, "ootbnl: answer larger than %d bytes\n",
				RSP_MAX);
			return -1;
		}
		if (n == 0) {
			fprintf(stderr, "ootbnl: no answer\n");
			return -1;
		}
		for (h = &rsp.h; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			const unsigned char *end = (const unsigned char *)h +
						   h->nlmsg_len;

			if (h->nlmsg_seq != want_seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				const unsigned char *tlv;

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
					fprintf(stderr, "ootbnl: short error message\n");
					return -1;
				}
				a->error = -e->error;
				tlv = (const unsigned char *)(e + 1);
				if (!(h->nlmsg_flags & NLM_F_CAPPED))
					tlv += NLMSG_ALIGN(e->msg.nlmsg_len -
							   NLMSG_HDRLEN);
				if (h->nlmsg_flags & NLM_F_ACK_TLVS)
					parse_tlvs(tlv, end, a);
				return 0;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				const unsigned char *d = NLMSG_DATA(h);
				int err = 0;

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, d, sizeof(err));
				a->error = -err;
				if (h->nlmsg_flags & NLM_F_ACK_TLVS)
					parse_tlvs(d + NLMSG_ALIGN(sizeof(err)),
						   end, a);
				return 0;
			}
			if (on_msg)
				on_msg(h, arg);
		}
	}
}

static int send_req(int fd)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(fd, req.b, req.h.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel));
	if (n < 0) {
		perror("ootbnl: sendto");
		return -1;
	}
	if ((size_t)n != req.h.nlmsg_len) {
		fprintf(stderr, "ootbnl: short send\n");
		return -1;
	}
	return 0;
}

/* ---- the family ---------------------------------------------------------- */

static void family_reply(const struct nlmsghdr *h, void *arg)
{
	const unsigned char *p = (const unsigned char *)NLMSG_DATA(h) +
				 GENL_HDRLEN;
	const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;
	int *id = arg;

	if (h->nlmsg_type != GENL_ID_CTRL)
		return;
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *t = (const struct nlattr *)p;
		uint16_t v;

		if (t->nla_len < NLA_HDRLEN || p + t->nla_len > end)
			break;
		if ((t->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID &&
		    t->nla_len >= NLA_HDRLEN + sizeof(v)) {
			memcpy(&v, p + NLA_HDRLEN, sizeof(v));
			*id = v;
		}
		p += NLA_ALIGN(t->nla_len);
	}
}

static int resolve_family(int fd)
{
	struct answer a;
	int id = -1;

	req_start(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	put(CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
	    sizeof(SCTP_OOTB_GENL_NAME));
	if (send_req(fd) || read_answer(fd, req.h.nlmsg_seq, &a,
					family_reply, &id))
		return -1;
	if (a.error || id < 0) {
		fprintf(stderr, "ootbnl: family %s: %s\n", SCTP_OOTB_GENL_NAME,
			a.error ? strerror(a.error) : "no id in the reply");
		return -1;
	}
	return id;
}

/* ---- the cases ------------------------------------------------------------- */

#define REQ_ACK		(NLM_F_REQUEST | NLM_F_ACK)

static int family;

static void ootb_start(uint8_t cmd, uint16_t flags)
{
	req_start(family, flags, cmd, SCTP_OOTB_GENL_VERSION);
}

/* ADD_RANGE START END, the common prefix of the ADD_RANGE cases. */
static void add_range(uint16_t lo, uint16_t hi, uint16_t flags)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, flags);
	put_u16(SCTP_OOTB_A_START, lo);
	put_u16(SCTP_OOTB_A_END, hi);
}

static void case_port0(void)
{
	add_range(0, 5010, REQ_ACK);
}

static void case_start_after_end(void)
{
	add_range(5000, 4000, REQ_ACK);
}

static void case_policy_high(void)
{
	add_range(5000, 5010, REQ_ACK);
	put_u8(SCTP_OOTB_A_POLICY, 9);			/* at 36 */
}

static void case_missing_end(void)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
	put_u16(SCTP_OOTB_A_START, 5000);
}

static void case_unknown_attr(void)
{
	add_range(5000, 5010, REQ_ACK);
	put_u64(SCTP_OOTB_A_MATCHED, 0);		/* at 36 */
}

static void case_bad_len(void)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
	put_u32(SCTP_OOTB_A_START, 5000);		/* a u16 */
	put_u16(SCTP_OOTB_A_END, 5010);
}

static void case_replace_nest_overlap(void)
{
	ootb_start(SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
	put_range(5000, 5100, 1);			/* at 20 */
	put_range(5050, 5200, 1);			/* at 40 */
}

static void case_replace_dup(void)
{
	ootb_start(SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
	put_range(5000, 5100, 1);
	put_range(5000, 5100, 1);			/* at 40 */
}

static void case_nest_missing_end(void)
{
	ootb_start(SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
	put_range(5000, 0, 0);				/* at 20 */
}

static void case_too_many(void)
{
	int i;

	/* Disjoint single ports 10001-11025: only their number is wrong. */
	ootb_start(SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
	for (i = 1; i <= SCTP_OOTB_MAX_RANGES + 1; i++)
		put_range(10000 + i, 10000 + i, 1);	/* last at 20500 */
}

static void case_flush_with_attr(void)
{
	ootb_start(SCTP_OOTB_CMD_FLUSH, REQ_ACK);
	put_u16(SCTP_OOTB_A_START, 5000);
}

static void case_flush_pad(void)
{
	ootb_start(SCTP_OOTB_CMD_FLUSH, REQ_ACK);
	put(SCTP_OOTB_A_PAD, NULL, 0);
}

static void case_dump_with_attr(void)
{
	ootb_start(SCTP_OOTB_CMD_GET_RANGE, REQ_ACK | NLM_F_DUMP);
	put_u16(SCTP_OOTB_A_START, 5000);
}

static void case_nlmsg_flag(void)
{
	add_range(5000, 5010, REQ_ACK | NLM_F_REPLACE);
}

/* ok-add and ok-del: 40000-40009, a range no suite uses. */
static void case_ok_add(void)
{
	add_range(40000, 40009, REQ_ACK);
}

static void case_ok_del(void)
{
	ootb_start(SCTP_OOTB_CMD_DEL_RANGE, REQ_ACK);
	put_u16(SCTP_OOTB_A_START, 40000);
	put_u16(SCTP_OOTB_A_END, 40009);
}

static const struct {
	const char *name;
	void (*build)(void);
	const char *what;
} cases[] = {
	{ "port0", case_port0, "ADD_RANGE START=0 END=5010" },
	{ "start-after-end", case_start_after_end, "ADD_RANGE START=5000 END=4000" },
	{ "policy-high", case_policy_high, "ADD_RANGE 5000-5010 POLICY=9" },
	{ "missing-end", case_missing_end, "ADD_RANGE START=5000, no END" },
	{ "unknown-attr", case_unknown_attr, "ADD_RANGE 5000-5010 with MATCHED" },
	{ "bad-len", case_bad_len, "ADD_RANGE with START as a u32" },
	{ "replace-nest-overlap", case_replace_nest_overlap,
	  "REPLACE_TABLE 5000-5100, 5050-5200" },
	{ "replace-dup", case_replace_dup, "REPLACE_TABLE 5000-5100 twice" },
	{ "nest-missing-end", case_nest_missing_end,
	  "REPLACE_TABLE one RANGE with START=5000, no END" },
	{ "too-many", case_too_many, "REPLACE_TABLE with 1025 ranges" },
	{ "flush-with-attr", case_flush_with_attr, "FLUSH with START=5000" },
	{ "flush-pad", case_flush_pad, "FLUSH with an empty PAD attribute" },
	{ "dump-with-attr", case_dump_with_attr, "GET_RANGE dump with START=5000" },
	{ "nlmsg-flag", case_nlmsg_flag, "ADD_RANGE 5000-5010 with NLM_F_REPLACE" },
	{ "ok-add", case_ok_add, "ADD_RANGE 40000-40009 (valid)" },
	{ "ok-del", case_ok_del, "DEL_RANGE 40000-40009 (valid once added)" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: ootbnl CASE\ncases:\n");
	for (i = 0; i < N_CASES; i++)
		fprintf(f, "  %-22s %s\n", cases[i].name, cases[i].what);
}

/* The extack text as one quoted field: escape quotes and control bytes. */
static void print_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	struct answer a;
	char ename[32];
	int fd, one = 1;
	size_t i;

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < N_CASES; i++)
		if (!strcmp(argv[1], cases[i].name))
			break;
	if (i == N_CASES) {
		fprintf(stderr, "ootbnl: unknown case '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("ootbnl: socket");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		perror("ootbnl: bind");
		return 1;
	}
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0) {
		perror("ootbnl: NETLINK_EXT_ACK");
		return 1;
	}
	family = resolve_family(fd);
	if (family < 0)
		return 1;

	cases[i].build();
	if (send_req(fd) || read_answer(fd, req.h.nlmsg_seq, &a, NULL, NULL))
		return 1;

	errno_name(a.error, ename, sizeof(ename));
	printf("%s errno=%s msg=", cases[i].name, ename);
	print_quoted(a.msg);
	if (a.offs >= 0)
		printf(" offs=%ld", a.offs);
	else
		printf(" offs=-");
	if (a.miss_type >= 0)
		printf(" miss=%ld", a.miss_type);
	if (a.miss_nest >= 0)
		printf(" nest=%ld", a.miss_nest);
	putchar('\n');
	close(fd);
	return fflush(stdout) ? 1 : 0;
}
