// SPDX-License-Identifier: GPL-2.0
/*
 * ootbnl: talk raw generic netlink to the sctp_ootb family and show what
 * the kernel answers.  sctpctl checks its input before it asks the kernel,
 * so this is how the module's own validation (the strict attribute
 * policies of the core, the module's extack messages) gets exercised; it
 * also drives the family where the checks need more than sctpctl offers
 * (the monitor group, the policy the module really enforces).
 *
 *   ootbnl CASE                        a hand-built request (cases below)
 *   ootbnl [-w] REQUEST [ARGS...]      one well-formed request
 *   ootbnl monitor [-t SECONDS]
 *   ootbnl policy                      the family as the kernel reports it
 *   ootbnl ephemeral N ADDR PORT       N kernel SCTP clients: their ports
 *
 * CASE prints one line
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
 * REQUEST is one of
 *   add LO[-HI] [policy discard|abort|count] [reserve] [replace]
 *   del LO[-HI]
 *   flush
 *   replace-table [LO[-HI][:POLICY][:reserve]]...
 *   reset [LO[-HI]]          RESET_COUNTERS do
 *   reset-dump               RESET_COUNTERS dump
 *   dump                     GET_RANGE
 *   stats                    GET_STATS
 *   get-port PORT            (PORT may be 0 or above 65535: sent as given)
 * and prints one line per message the kernel sends back, then the same
 * status line as a CASE (named after REQUEST) with " portid=N", the
 * socket's netlink port id (what the monitor reports as PORTID).  A
 * message line is its command and attributes, e.g.
 *
 *   get-range start=5000 end=5100 policy=discard matched=7 reserve
 *
 * -w: once the socket is ready and the family resolved (and every buffer
 * touched), print "ready" and wait for a line on stdin before sending, so
 * that a test can change the conditions (e.g. a memory cgroup limit)
 * between the set-up and the request.
 *
 * monitor subscribes to the monitor group, prints "monitor ready", then
 * one line per announcement (as above, e.g. "add-range start=... netns-inum=N
 * portid=N") until SECONDS (default 10) pass without one.
 *
 * policy prints, from CTRL_CMD_GETFAMILY and CTRL_CMD_GETPOLICY:
 *   opflags CMD flags=FLAG[,FLAG...]     (admin-perm, do, dump, haspol,
 *                                          uns-admin-perm)
 *   mcgrp NAME id=N                       (N: for NETLINK_ADD_MEMBERSHIP)
 *   family name=NAME version=N maxattr=N
 *   op CMD[ do=IDX][ dump=IDX]            (the policy of each)
 *   policy IDX attr TYPE type=T[ min=N][ max=N][ policy=IDX]...
 *
 * ephemeral opens N SCTP sockets at once, each connecting (non-blocking)
 * to ADDR PORT, and prints "port N" for each: the ephemeral ports the
 * kernel chose (net.ipv4.ip_local_port_range minus ip_local_reserved_ports).
 *
 * Exit status: 0 when the kernel answered (whatever it said), 1 on a local
 * failure (no socket, no family, no answer), 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <unistd.h>

#include "../lib/nlm.h"
#include "prog.h"

#define USAGE "ootbnl CASE\n" \
	"       ootbnl [-w] REQUEST [ARGS...]\n" \
	"       ootbnl monitor [-t SECONDS]\n" \
	"       ootbnl policy\n" \
	"       ootbnl ephemeral N ADDR PORT\n" \
	"requests:\n" \
	"  add LO[-HI] [policy discard|abort|count] [reserve] [replace]\n" \
	"  del LO[-HI]\n" \
	"  flush\n" \
	"  replace-table [LO[-HI][:POLICY][:reserve]]...\n" \
	"  reset [LO[-HI]]\n" \
	"  reset-dump\n" \
	"  dump\n" \
	"  stats\n" \
	"  get-port PORT"

#define REQ_ACK		(NLM_F_REQUEST | NLM_F_ACK)

/* The request (1025 RANGE nests are 20520 bytes) and the socket. */
static struct nlm_msg req;
static struct nlm nl;

/* ---- the answer ---------------------------------------------------------- */

static unsigned int type_of(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static const char *const op_flag_names[] = {
	"admin-perm", "do", "dump", "haspol", "uns-admin-perm",
};

static void print_op(const struct nlattr *op)
{
	const struct nlattr *a;
	uint32_t id = 0, flags = 0;
	size_t i;
	int first = 1;

	nlm_for_each_attr(a, nlm_data(op), nlm_end(op)) {
		if (type_of(a) == CTRL_ATTR_OP_ID)
			id = nlm_uint(a);
		if (type_of(a) == CTRL_ATTR_OP_FLAGS)
			flags = nlm_uint(a);
	}
	printf("opflags %u flags=", id);
	for (i = 0; i < ARRAY_LEN(op_flag_names); i++) {
		if (flags & (1u << i)) {
			printf("%s%s", first ? "" : ",", op_flag_names[i]);
			first = 0;
		}
	}
	if (flags >> i)
		printf("%s0x%x", first ? "" : ",", flags >> i << i);
	putchar('\n');
}

/* ootbnl policy: the family's ops. */
static void print_ops(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *a, *op;

	(void)arg;
	nlm_for_each_attr(a, nlm_genl_attrs(h), nlm_msg_end(h))
		if (type_of(a) == CTRL_ATTR_OPS)
			nlm_for_each_attr(op, nlm_data(a), nlm_end(a))
				print_op(op);
}

/* A socket, and the family resolved (printed when @print); 0 or 1. */
static int open_family(int print)
{
	int err = nlm_open(&nl, 0);

	if (err) {
		fprintf(stderr, "ootbnl: netlink socket: %s\n", strerror(-err));
		return 1;
	}
	err = nlm_resolve_cb(&nl, print ? print_ops : NULL, NULL);
	if (err) {
		fprintf(stderr, "ootbnl: family %s: %s\n", SCTP_OOTB_GENL_NAME,
			err < 0 ? "no answer" : strerror(err));
		return 1;
	}
	/* The family's one group, after its ops as in the reply. */
	if (print && nl.mcgrp >= 0)
		printf("mcgrp %s id=%d\n", SCTP_OOTB_MCGRP_MONITOR, nl.mcgrp);
	return 0;
}

/* Send the request, print what comes back (with @on_msg) and the answer. */
static int ask(nlm_cb on_msg)
{
	uint32_t seq;

	if (req.full) {
		fprintf(stderr, "ootbnl: request larger than %zu bytes\n",
			sizeof(req.b) - 256);
		return 1;
	}
	seq = nlm_send(&nl, &req, req.len);
	if (!seq) {
		perror("ootbnl: sendto");
		return 1;
	}
	return nlm_read(&nl, seq, on_msg, NULL, NULL) < 0;
}

/* ---- printing messages of the family ---------------------------------------- */

/* By value, as the spec names them (the values are the ABI: they stay). */
static const char *const cmd_names[] = {
	"unspec", "add-range", "del-range", "flush", "replace-table",
	"get-range", "get-stats", "reset-counters", "get-port",
};
_Static_assert(ARRAY_LEN(cmd_names) == SCTP_OOTB_CMD_MAX + 1,
	       "a command without a name");

static const char *const attr_names[] = {
	"unspec", "pad", "start", "end", "policy", "matched", "range",
	"ranges", "max-ranges", "stat-discarded", "stat-counted",
	"stat-aborted", "stat-unmatched", "hooked", "replace", "reserve",
	"port", "netns-inum", "portid", "owned", "force", "released",
	"owner-portid", "owner-pid", "owner-comm", "owned-ranges",
	"max-owned-ranges",
};
_Static_assert(ARRAY_LEN(attr_names) == SCTP_OOTB_A_MAX + 1,
	       "an attribute without a name");

static const char *const policy_names[] = {
	[SCTP_OOTB_POLICY_DISCARD]	= "discard",
	[SCTP_OOTB_POLICY_ABORT]	= "abort",
	[SCTP_OOTB_POLICY_COUNT]	= "count",
};

/* "CMD name=value ..." in the order the kernel put them; flags bare. */
static void print_ootb_msg(const struct nlmsghdr *h, void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);
	const struct nlattr *a;

	(void)arg;
	if (h->nlmsg_type < NLMSG_MIN_TYPE)
		return;
	if (g->cmd < ARRAY_LEN(cmd_names))
		printf("%s", cmd_names[g->cmd]);
	else
		printf("cmd-%u", g->cmd);
	nlm_for_each_attr(a, nlm_genl_attrs(h), nlm_msg_end(h)) {
		unsigned int t = type_of(a);
		uint64_t v = nlm_uint(a);

		if (t == SCTP_OOTB_A_PAD)
			continue;
		if (t < ARRAY_LEN(attr_names))
			printf(" %s", attr_names[t]);
		else
			printf(" attr-%u", t);
		if (a->nla_len == NLA_HDRLEN)
			continue;			/* a flag */
		if (t == SCTP_OOTB_A_POLICY && v < ARRAY_LEN(policy_names))
			printf("=%s", policy_names[v]);
		else
			printf("=%" PRIu64, v);
	}
	putchar('\n');
}

/* ---- the cases ------------------------------------------------------------- */

/* An attribute of a case: type 0 ends the list; len 0 is a flag. */
struct attr {
	uint16_t type;
	uint8_t len;
	uint32_t v;
};

#define START(v)	{ SCTP_OOTB_A_START, 2, v }
#define END(v)		{ SCTP_OOTB_A_END, 2, v }
/* A RANGE nest of START and END (hi 0: no END). */
#define RANGE(lo, hi)	{ SCTP_OOTB_A_RANGE, 0, (lo) | (hi) << 16 }

static const struct nl_case {
	const char *name;
	uint8_t cmd;
	uint16_t flags;			/* with NLM_F_REQUEST | NLM_F_ACK */
	struct attr a[4];
	unsigned int ranges;		/* then nests of ports 10001, 10002... */
} cases[] = {
#define CASE(name, cmd, flags, ...) \
	{ name, SCTP_OOTB_CMD_##cmd, flags, { __VA_ARGS__ }, 0 }
	CASE("port0", ADD_RANGE, 0, START(0), END(5010)),
	CASE("start-after-end", ADD_RANGE, 0, START(5000), END(4000)),
	CASE("policy-high", ADD_RANGE, 0, START(5000), END(5010),
	     { SCTP_OOTB_A_POLICY, 1, 9 }),			/* at 36 */
	CASE("missing-end", ADD_RANGE, 0, START(5000)),
	CASE("unknown-attr", ADD_RANGE, 0, START(5000), END(5010),
	     { SCTP_OOTB_A_MATCHED, 8, 0 }),			/* at 36 */
	CASE("bad-len", ADD_RANGE, 0,
	     { SCTP_OOTB_A_START, 4, 5000 }, END(5010)),	/* a u32 */
	CASE("replace-nest-overlap", REPLACE_TABLE, 0,
	     RANGE(5000, 5100), RANGE(5050, 5200)),		/* at 20, 40 */
	CASE("replace-dup", REPLACE_TABLE, 0,
	     RANGE(5000, 5100), RANGE(5000, 5100)),		/* 2nd at 40 */
	CASE("nest-missing-end", REPLACE_TABLE, 0, RANGE(5000, 0)),
	/* Disjoint single ports 10001-11025: only their number is wrong. */
	{ "too-many", SCTP_OOTB_CMD_REPLACE_TABLE, 0, { { 0 } },
	  SCTP_OOTB_MAX_RANGES + 1 },				/* last at 20500 */
	CASE("flush-with-attr", FLUSH, 0, START(5000)),
	CASE("flush-pad", FLUSH, 0, { SCTP_OOTB_A_PAD, 0, 0 }),
	CASE("dump-with-attr", GET_RANGE, NLM_F_DUMP, START(5000)),
	CASE("nlmsg-flag", ADD_RANGE, NLM_F_REPLACE, START(5000), END(5010)),
	CASE("reset-dump-attr", RESET_COUNTERS, NLM_F_DUMP, START(5200)),
	/* ok-add and ok-del: 40000-40009, a range no suite uses. */
	CASE("ok-add", ADD_RANGE, 0, START(40000), END(40009)),
	CASE("ok-del", DEL_RANGE, 0, START(40000), END(40009)),
#undef CASE
};

/* A RANGE nest; hi 0 leaves END out. */
static void put_range(uint16_t lo, uint16_t hi)
{
	uint32_t n = nlm_nest(&req, SCTP_OOTB_A_RANGE);

	nlm_u16(&req, SCTP_OOTB_A_START, lo);
	if (hi)
		nlm_u16(&req, SCTP_OOTB_A_END, hi);
	nlm_nest_end(&req, n);
}

static void build_case(const struct nl_case *c)
{
	const struct attr *a;
	unsigned int i;

	nlm_ootb(&req, &nl, c->cmd, REQ_ACK | c->flags);
	for (a = c->a; a < c->a + ARRAY_LEN(c->a) && a->type; a++) {
		if (a->type == SCTP_OOTB_A_RANGE)
			put_range(a->v & 0xffff, a->v >> 16);
		else if (a->len == 0)
			nlm_attr(&req, a->type, NULL, 0);
		else if (a->len == 1)
			nlm_u8(&req, a->type, a->v);
		else if (a->len == 2)
			nlm_u16(&req, a->type, a->v);
		else if (a->len == 4)
			nlm_u32(&req, a->type, a->v);
		else
			nlm_u64(&req, a->type, a->v);
	}
	for (i = 1; i <= c->ranges; i++)
		put_range(10000 + i, 10000 + i);
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

/* ---- well-formed requests ------------------------------------------------ */

static __attribute__((noreturn)) void bad_usage(const char *fmt,
						 const char *arg)
{
	fprintf(stderr, "ootbnl: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(USAGE);
}

static unsigned long parse_num(const char *s, const char **end)
{
	char *e;
	unsigned long v;

	if (*s < '0' || *s > '9')
		bad_usage("not a number: '%s'", s);
	v = strtoul(s, &e, 10);
	*end = e;
	return v;
}

/* LO[-HI] into the request, then what follows it. */
static const char *put_lo_hi(const char *s)
{
	unsigned long lo, hi;

	lo = parse_num(s, &s);
	hi = lo;
	if (*s == '-')
		hi = parse_num(s + 1, &s);
	if (lo > 65535 || hi > 65535)
		bad_usage("port above 65535 in '%s'", s);
	nlm_ports(&req, lo, hi);
	return s;
}

static uint8_t parse_policy(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(policy_names); i++)
		if (!strcmp(s, policy_names[i]))
			return i;
	bad_usage("bad policy '%s'", s);
}

/* The request named argv[0]. */
static void build_request(int argc, char **argv)
{
	const char *w = argv[0];
	int i;

	if (!strcmp(w, "add") && argc >= 2) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
		if (*put_lo_hi(argv[1]))
			bad_usage("bad range '%s'", argv[1]);
		for (i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "policy") && i + 1 < argc)
				nlm_u8(&req, SCTP_OOTB_A_POLICY,
				       parse_policy(argv[++i]));
			else if (!strcmp(argv[i], "reserve"))
				nlm_attr(&req, SCTP_OOTB_A_RESERVE, NULL, 0);
			else if (!strcmp(argv[i], "replace"))
				nlm_attr(&req, SCTP_OOTB_A_REPLACE, NULL, 0);
			else
				bad_usage("unexpected '%s'", argv[i]);
		}
		return;
	}
	if (!strcmp(w, "del") && argc == 2) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_DEL_RANGE, REQ_ACK);
		if (*put_lo_hi(argv[1]))
			bad_usage("bad range '%s'", argv[1]);
		return;
	}
	if (!strcmp(w, "flush") && argc == 1) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_FLUSH, REQ_ACK);
		return;
	}
	if (!strcmp(w, "replace-table")) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
		for (i = 1; i < argc; i++) {
			uint32_t n = nlm_nest(&req, SCTP_OOTB_A_RANGE);
			const char *s = put_lo_hi(argv[i]);

			while (*s == ':') {
				char word[16];
				size_t len = strcspn(s + 1, ":");

				if (len >= sizeof(word))
					bad_usage("bad item '%s'", argv[i]);
				memcpy(word, s + 1, len);
				word[len] = '\0';
				if (!strcmp(word, "reserve"))
					nlm_attr(&req, SCTP_OOTB_A_RESERVE, NULL, 0);
				else
					nlm_u8(&req, SCTP_OOTB_A_POLICY,
					       parse_policy(word));
				s += 1 + len;
			}
			if (*s)
				bad_usage("bad item '%s'", argv[i]);
			nlm_nest_end(&req, n);
		}
		return;
	}
	if (!strcmp(w, "reset") && argc <= 2) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_RESET_COUNTERS, REQ_ACK);
		if (argc == 2 && *put_lo_hi(argv[1]))
			bad_usage("bad range '%s'", argv[1]);
		return;
	}
	if (!strcmp(w, "reset-dump") && argc == 1) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_RESET_COUNTERS, REQ_ACK | NLM_F_DUMP);
		return;
	}
	if (!strcmp(w, "dump") && argc == 1) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_GET_RANGE, REQ_ACK | NLM_F_DUMP);
		return;
	}
	if (!strcmp(w, "stats") && argc == 1) {
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_GET_STATS, REQ_ACK);
		return;
	}
	if (!strcmp(w, "get-port") && argc == 2) {
		const char *end;
		unsigned long port = parse_num(argv[1], &end);

		if (*end)
			bad_usage("bad port '%s'", argv[1]);
		nlm_ootb(&req, &nl, SCTP_OOTB_CMD_GET_PORT, REQ_ACK);
		if (port > 65535)
			nlm_u32(&req, SCTP_OOTB_A_PORT, port);	/* a bad length */
		else
			nlm_u16(&req, SCTP_OOTB_A_PORT, port);
		return;
	}
	bad_usage("unknown request or wrong arguments: '%s'", w);
}

/* The answer as one line (see the top of this file). */
static void print_status(const char *name, const struct nlm_answer *a)
{
	const char *ename = a->error ? strerrorname_np(a->error) : "0";

	if (ename)
		printf("%s errno=%s msg=", name, ename);
	else
		printf("%s errno=E%d msg=", name, a->error);
	print_quoted(a->msg);
	if (a->offs >= 0)
		printf(" offs=%ld", a->offs);
	else
		printf(" offs=-");
	if (a->miss_type >= 0)
		printf(" miss=%ld", a->miss_type);
	if (a->miss_nest >= 0)
		printf(" nest=%ld", a->miss_nest);
}

/* Wait for a line on stdin, with nothing left to allocate (see -w). */
static int wait_go(void)
{
	char c;

	printf("ready\n");
	if (fflush(stdout))
		return -1;
	do {
		if (read(0, &c, 1) != 1)
			return -1;
	} while (c != '\n');
	return 0;
}

/* ---- monitor ----------------------------------------------------------------- */

static int run_monitor(int argc, char **argv)
{
	long seen = 0;
	int secs = 10;
	const char *end;

	if (argc == 3 && !strcmp(argv[1], "-t"))
		secs = parse_num(argv[2], &end);
	else if (argc != 1)
		bad_usage("unexpected '%s'", argv[1]);
	if (open_family(0))
		return 1;
	if (nl.mcgrp < 0) {
		fprintf(stderr, "ootbnl: no group '%s' in the family\n",
			SCTP_OOTB_MCGRP_MONITOR);
		return 1;
	}
	if (setsockopt(nl.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &nl.mcgrp, sizeof(nl.mcgrp)) < 0) {
		perror("ootbnl: NETLINK_ADD_MEMBERSHIP");
		return 1;
	}
	printf("monitor ready\n");
	fflush(stdout);

	for (;;) {
		struct pollfd pfd = { .fd = nl.fd, .events = POLLIN };
		struct nlmsghdr *h;
		ssize_t n;

		n = poll(&pfd, 1, secs * 1000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		n = recv(nl.fd, nl.rsp, sizeof(nl.rsp), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* ENOBUFS: announcements were lost; say so. */
			printf("monitor error %s\n", strerror(errno));
			fflush(stdout);
			return 1;
		}
		for (h = (struct nlmsghdr *)nl.rsp; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != nl.fam)
				continue;
			print_ootb_msg(h, NULL);
			seen++;
		}
		fflush(stdout);
	}
	printf("monitor done %ld\n", seen);
	return fflush(stdout) ? 1 : 0;
}

/* ---- policy -------------------------------------------------------------------- */

static const char *const nl_attr_type_names[] = {
	"invalid", "flag", "u8", "u16", "u32", "u64", "s8", "s16", "s32",
	"s64", "binary", "string", "nul-string", "nested", "nested-array",
	"bitfield32", "sint", "uint",
};

static const char *const nl_policy_attr_names[] = {
	"unspec", "type", "min", "max", "min", "max", "min-len", "max-len",
	"policy", "policy-maxtype", "bitfield32-mask", "mask", "pad",
};

static void print_policy_attr(uint32_t idx, const struct nlattr *attr)
{
	const struct nlattr *a;

	printf("policy %u attr %u", idx, type_of(attr));
	nlm_for_each_attr(a, nlm_data(attr), nlm_end(attr)) {
		unsigned int t = type_of(a);
		uint64_t v = nlm_uint(a);

		if (t == NL_POLICY_TYPE_ATTR_PAD)
			continue;
		if (t == NL_POLICY_TYPE_ATTR_TYPE) {
			if (v < ARRAY_LEN(nl_attr_type_names))
				printf(" type=%s", nl_attr_type_names[v]);
			else
				printf(" type=%" PRIu64, v);
		} else if (t == NL_POLICY_TYPE_ATTR_MIN_VALUE_S ||
			   t == NL_POLICY_TYPE_ATTR_MAX_VALUE_S) {
			printf(" %s=%" PRId64, nl_policy_attr_names[t], (int64_t)v);
		} else if (t < ARRAY_LEN(nl_policy_attr_names)) {
			printf(" %s=%" PRIu64, nl_policy_attr_names[t], v);
		} else {
			printf(" attr-%u=%" PRIu64, t, v);
		}
	}
	putchar('\n');
}

static void policy_reply(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *a, *x, *y;

	(void)arg;
	if (h->nlmsg_type != GENL_ID_CTRL)
		return;
	nlm_for_each_attr(a, nlm_genl_attrs(h), nlm_msg_end(h)) {
		switch (type_of(a)) {
		case CTRL_ATTR_OP_POLICY:
			/* op CMD: { DO: idx, DUMP: idx } */
			nlm_for_each_attr(x, nlm_data(a), nlm_end(a)) {
				printf("op %u", type_of(x));
				nlm_for_each_attr(y, nlm_data(x), nlm_end(x)) {
					if (type_of(y) == CTRL_ATTR_POLICY_DO)
						printf(" do=%" PRIu64, nlm_uint(y));
					if (type_of(y) == CTRL_ATTR_POLICY_DUMP)
						printf(" dump=%" PRIu64, nlm_uint(y));
				}
				putchar('\n');
			}
			break;
		case CTRL_ATTR_POLICY:
			/* policy IDX: { ATTR: { type, min, max... } } */
			nlm_for_each_attr(x, nlm_data(a), nlm_end(a))
				nlm_for_each_attr(y, nlm_data(x), nlm_end(x))
					print_policy_attr(type_of(x), y);
			break;
		}
	}
}

static int run_policy(void)
{
	/* Ops and groups are printed while the family is resolved. */
	if (open_family(1))
		return 1;
	printf("family name=%s version=%u maxattr=%u\n", SCTP_OOTB_GENL_NAME,
	       nl.version, nl.maxattr);
	nlm_start(&req, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		  CTRL_CMD_GETPOLICY, 1);
	nlm_u16(&req, CTRL_ATTR_FAMILY_ID, nl.fam);
	if (ask(policy_reply))
		return 1;
	if (nl.answer.error) {
		fprintf(stderr, "ootbnl: CTRL_CMD_GETPOLICY: %s\n",
			strerror(nl.answer.error));
		return 1;
	}
	close(nl.fd);
	return fflush(stdout) ? 1 : 0;
}

/* ---- ephemeral ports ------------------------------------------------------------- */

static int run_ephemeral(int argc, char **argv)
{
	struct sockaddr_storage to;
	socklen_t tolen = 0;
	unsigned long n, i, port;
	const char *end;
	int bad = 0;

	if (argc != 4)
		bad_usage("ephemeral takes N ADDR PORT%s", "");
	n = parse_num(argv[1], &end);
	if (*end || !n || n > 1000)
		bad_usage("bad count '%s'", argv[1]);
	port = parse_num(argv[3], &end);
	if (!*end && port <= 65535)
		tolen = parse_addr(argv[2], port, AF_INET, &to);
	if (!tolen)
		bad_usage("bad address or port in '%s ...'", argv[2]);
	/* All stay open to the end, so that each needs a port of its own. */
	for (i = 0; i < n; i++) {
		struct sockaddr_storage me;
		socklen_t len = sizeof(me);
		int fd = socket(to.ss_family, SOCK_STREAM, IPPROTO_SCTP);

		if (fd < 0) {
			perror("ootbnl: SCTP socket");
			return 1;
		}
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (connect(fd, (struct sockaddr *)&to, tolen) < 0 &&
		    errno != EINPROGRESS) {
			printf("port error %s\n", strerror(errno));
			bad = 1;
			continue;
		}
		if (getsockname(fd, (struct sockaddr *)&me, &len) < 0) {
			perror("ootbnl: getsockname");
			return 1;
		}
		printf("port %u\n", ntohs(((struct sockaddr_in *)&me)->sin_port));
	}
	return fflush(stdout) || bad ? 1 : 0;
}

/* ---- main ---------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	int wait = argc > 2 && !strcmp(argv[1], "-w");
	size_t i;

	if (argc < 2)
		usage(USAGE);
	if (!strcmp(argv[1], "monitor"))
		return run_monitor(argc - 1, argv + 1);
	if (!strcmp(argv[1], "policy") && argc == 2)
		return run_policy();
	if (!strcmp(argv[1], "ephemeral"))
		return run_ephemeral(argc - 1, argv + 1);
	if (open_family(0))
		return 1;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		if (argc == 2 && !strcmp(argv[1], cases[i].name)) {
			build_case(&cases[i]);
			if (ask(NULL))
				return 1;
			print_status(cases[i].name, &nl.answer);
			putchar('\n');
			return fflush(stdout) ? 1 : 0;
		}
	}
	argc -= 1 + wait;
	argv += 1 + wait;
	build_request(argc, argv);
	if (wait) {
		/* Fault in everything the answer will use, then wait. */
		memset(nl.rsp, 0, sizeof(nl.rsp));
		if (wait_go())
			return 1;
	}
	if (ask(print_ootb_msg))
		return 1;
	print_status(argv[0], &nl.answer);
	printf(" portid=%u\n", nlm_portid(&nl));
	return fflush(stdout) ? 1 : 0;
}
