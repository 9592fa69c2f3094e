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
 *   ootbnl monitor [-c COUNT] [-t SECONDS]
 *   ootbnl policy                      the family as the kernel reports it
 *   ootbnl ephemeral N [ADDR PORT]     N kernel SCTP sockets: their ports
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
 *   add LO[-HI] [policy discard|abort|count|N] [reserve] [replace]
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
 * portid=N") until COUNT announcements (default: no limit) or SECONDS
 * (default 10) without one.
 *
 * policy prints, from CTRL_CMD_GETFAMILY and CTRL_CMD_GETPOLICY:
 *   opflags CMD flags=FLAG[,FLAG...]     (admin-perm, do, dump, haspol,
 *                                          uns-admin-perm)
 *   mcgrp NAME id=N                       (N: for NETLINK_ADD_MEMBERSHIP)
 *   family name=NAME version=N maxattr=N
 *   op CMD[ do=IDX][ dump=IDX]            (the policy of each)
 *   policy IDX attr TYPE type=T[ min=N][ max=N][ policy=IDX]...
 *
 * ephemeral opens N SCTP sockets at once, each bound to port 0 (or
 * connecting, non-blocking, to ADDR PORT), and prints "port N" for each:
 * the ephemeral ports the kernel chose (net.ipv4.ip_local_port_range minus
 * ip_local_reserved_ports).
 *
 * Exit status: 0 when the kernel answered (whatever it said), 1 on a local
 * failure (no socket, no family, no answer), 2 on a usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../lib/nlm.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif

/* The request (1025 RANGE nests are 20520 bytes) and the socket. */
static struct nlm_msg req;
static struct nlm nl;

/* ---- building a request ------------------------------------------------ */

/* A RANGE nest; with_end 0 leaves END out. */
static void put_range(uint16_t lo, uint16_t hi, int with_end)
{
	uint32_t n = nlm_nest(&req, SCTP_OOTB_A_RANGE);

	nlm_u16(&req, SCTP_OOTB_A_START, lo);
	if (with_end)
		nlm_u16(&req, SCTP_OOTB_A_END, hi);
	nlm_nest_end(&req, n);
}

/* ---- the answer ---------------------------------------------------------- */

static void errno_name(int e, char *buf, size_t len)
{
	const char *name = e ? strerrorname_np(e) : "0";

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "E%d", e);
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
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_ID)
			id = nlm_uint(a);
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_FLAGS)
			flags = nlm_uint(a);
	}
	printf("opflags %u flags=", id);
	for (i = 0; i < sizeof(op_flag_names) / sizeof(op_flag_names[0]); i++) {
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
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OPS)
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

static const char *const cmd_names[] = {
	[SCTP_OOTB_CMD_UNSPEC]		= "unspec",
	[SCTP_OOTB_CMD_ADD_RANGE]	= "add-range",
	[SCTP_OOTB_CMD_DEL_RANGE]	= "del-range",
	[SCTP_OOTB_CMD_FLUSH]		= "flush",
	[SCTP_OOTB_CMD_REPLACE_TABLE]	= "replace-table",
	[SCTP_OOTB_CMD_GET_RANGE]	= "get-range",
	[SCTP_OOTB_CMD_GET_STATS]	= "get-stats",
	[SCTP_OOTB_CMD_RESET_COUNTERS]	= "reset-counters",
	[SCTP_OOTB_CMD_GET_PORT]	= "get-port",
};

static const char *const attr_names[] = {
	[SCTP_OOTB_A_UNSPEC]		= "unspec",
	[SCTP_OOTB_A_PAD]		= "pad",
	[SCTP_OOTB_A_START]		= "start",
	[SCTP_OOTB_A_END]		= "end",
	[SCTP_OOTB_A_POLICY]		= "policy",
	[SCTP_OOTB_A_MATCHED]		= "matched",
	[SCTP_OOTB_A_RANGE]		= "range",
	[SCTP_OOTB_A_RANGES]		= "ranges",
	[SCTP_OOTB_A_MAX_RANGES]	= "max-ranges",
	[SCTP_OOTB_A_STAT_DISCARDED]	= "stat-discarded",
	[SCTP_OOTB_A_STAT_COUNTED]	= "stat-counted",
	[SCTP_OOTB_A_STAT_ABORTED]	= "stat-aborted",
	[SCTP_OOTB_A_STAT_UNMATCHED]	= "stat-unmatched",
	[SCTP_OOTB_A_HOOKED]		= "hooked",
	[SCTP_OOTB_A_REPLACE]		= "replace",
	[SCTP_OOTB_A_RESERVE]		= "reserve",
	[SCTP_OOTB_A_PORT]		= "port",
	[SCTP_OOTB_A_NETNS_INUM]	= "netns-inum",
	[SCTP_OOTB_A_PORTID]		= "portid",
};

static const char *const policy_names[] = {
	[SCTP_OOTB_POLICY_DISCARD]	= "discard",
	[SCTP_OOTB_POLICY_ABORT]	= "abort",
	[SCTP_OOTB_POLICY_COUNT]	= "count",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "CMD name=value ..." in the order the kernel put them; flags bare. */
static void print_ootb_msg(const struct nlmsghdr *h, void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);
	const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;
	const struct nlattr *a;

	(void)arg;
	if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
		return;
	if (g->cmd < ARRAY_LEN(cmd_names))
		printf("%s", cmd_names[g->cmd]);
	else
		printf("cmd-%u", g->cmd);
	nlm_for_each_attr(a, (const unsigned char *)g + GENL_HDRLEN, end) {
		unsigned int t = a->nla_type & NLA_TYPE_MASK;
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
#define REQ_ACK		(NLM_F_REQUEST | NLM_F_ACK)

static void ootb_start(uint8_t cmd, uint16_t flags)
{
	nlm_start(&req, nl.fam, flags, cmd, SCTP_OOTB_GENL_VERSION);
}

/* ADD_RANGE START END, the common prefix of the ADD_RANGE cases. */
static void add_range(uint16_t lo, uint16_t hi, uint16_t flags)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, flags);
	nlm_u16(&req, SCTP_OOTB_A_START, lo);
	nlm_u16(&req, SCTP_OOTB_A_END, hi);
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
	nlm_u8(&req, SCTP_OOTB_A_POLICY, 9);			/* at 36 */
}

static void case_missing_end(void)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
	nlm_u16(&req, SCTP_OOTB_A_START, 5000);
}

static void case_unknown_attr(void)
{
	add_range(5000, 5010, REQ_ACK);
	nlm_u64(&req, SCTP_OOTB_A_MATCHED, 0);		/* at 36 */
}

static void case_bad_len(void)
{
	ootb_start(SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
	nlm_u32(&req, SCTP_OOTB_A_START, 5000);		/* a u16 */
	nlm_u16(&req, SCTP_OOTB_A_END, 5010);
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
	nlm_u16(&req, SCTP_OOTB_A_START, 5000);
}

static void case_flush_pad(void)
{
	ootb_start(SCTP_OOTB_CMD_FLUSH, REQ_ACK);
	nlm_attr(&req, SCTP_OOTB_A_PAD, NULL, 0);
}

static void case_dump_with_attr(void)
{
	ootb_start(SCTP_OOTB_CMD_GET_RANGE, REQ_ACK | NLM_F_DUMP);
	nlm_u16(&req, SCTP_OOTB_A_START, 5000);
}

static void case_nlmsg_flag(void)
{
	add_range(5000, 5010, REQ_ACK | NLM_F_REPLACE);
}

static void case_reset_dump_attr(void)
{
	ootb_start(SCTP_OOTB_CMD_RESET_COUNTERS, REQ_ACK | NLM_F_DUMP);
	nlm_u16(&req, SCTP_OOTB_A_START, 5200);		/* at 20 */
}

/* ok-add and ok-del: 40000-40009, a range no suite uses. */
static void case_ok_add(void)
{
	add_range(40000, 40009, REQ_ACK);
}

static void case_ok_del(void)
{
	ootb_start(SCTP_OOTB_CMD_DEL_RANGE, REQ_ACK);
	nlm_u16(&req, SCTP_OOTB_A_START, 40000);
	nlm_u16(&req, SCTP_OOTB_A_END, 40009);
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
	{ "reset-dump-attr", case_reset_dump_attr,
	  "RESET_COUNTERS dump with START=5200" },
	{ "ok-add", case_ok_add, "ADD_RANGE 40000-40009 (valid)" },
	{ "ok-del", case_ok_del, "DEL_RANGE 40000-40009 (valid once added)" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

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

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: ootbnl CASE\n"
		"       ootbnl [-w] REQUEST [ARGS...]\n"
		"       ootbnl monitor [-c COUNT] [-t SECONDS]\n"
		"       ootbnl policy\n"
		"       ootbnl ephemeral N [ADDR PORT]\n"
		"requests:\n"
		"  add LO[-HI] [policy discard|abort|count|N] [reserve] [replace]\n"
		"  del LO[-HI]\n"
		"  flush\n"
		"  replace-table [LO[-HI][:POLICY][:reserve]]...\n"
		"  reset [LO[-HI]]\n"
		"  reset-dump\n"
		"  dump\n"
		"  stats\n"
		"  get-port PORT\n"
		"cases:\n");
	for (i = 0; i < N_CASES; i++)
		fprintf(f, "  %-22s %s\n", cases[i].name, cases[i].what);
}

static void bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "ootbnl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	usage(stderr);
	exit(2);
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
	nlm_u16(&req, SCTP_OOTB_A_START, lo);
	nlm_u16(&req, SCTP_OOTB_A_END, hi);
	return s;
}

static uint8_t parse_policy(const char *s)
{
	size_t i;
	const char *end;

	for (i = 0; i < ARRAY_LEN(policy_names); i++)
		if (!strcmp(s, policy_names[i]))
			return i;
	i = parse_num(s, &end);
	if (*end || i > 255)
		bad_usage("bad policy '%s'", s);
	return i;
}

/* The request named argv[0]; returns its netlink flags' DUMP bit. */
static int build_request(int argc, char **argv)
{
	const char *w = argv[0];
	int i;

	if (!strcmp(w, "add") && argc >= 2) {
		ootb_start(SCTP_OOTB_CMD_ADD_RANGE, REQ_ACK);
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
		return 0;
	}
	if (!strcmp(w, "del") && argc == 2) {
		ootb_start(SCTP_OOTB_CMD_DEL_RANGE, REQ_ACK);
		if (*put_lo_hi(argv[1]))
			bad_usage("bad range '%s'", argv[1]);
		return 0;
	}
	if (!strcmp(w, "flush") && argc == 1) {
		ootb_start(SCTP_OOTB_CMD_FLUSH, REQ_ACK);
		return 0;
	}
	if (!strcmp(w, "replace-table")) {
		ootb_start(SCTP_OOTB_CMD_REPLACE_TABLE, REQ_ACK);
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
		return 0;
	}
	if (!strcmp(w, "reset") && argc <= 2) {
		ootb_start(SCTP_OOTB_CMD_RESET_COUNTERS, REQ_ACK);
		if (argc == 2 && *put_lo_hi(argv[1]))
			bad_usage("bad range '%s'", argv[1]);
		return 0;
	}
	if (!strcmp(w, "reset-dump") && argc == 1) {
		ootb_start(SCTP_OOTB_CMD_RESET_COUNTERS, REQ_ACK | NLM_F_DUMP);
		return NLM_F_DUMP;
	}
	if (!strcmp(w, "dump") && argc == 1) {
		ootb_start(SCTP_OOTB_CMD_GET_RANGE, REQ_ACK | NLM_F_DUMP);
		return NLM_F_DUMP;
	}
	if (!strcmp(w, "stats") && argc == 1) {
		ootb_start(SCTP_OOTB_CMD_GET_STATS, REQ_ACK);
		return 0;
	}
	if (!strcmp(w, "get-port") && argc == 2) {
		const char *end;
		unsigned long port = parse_num(argv[1], &end);

		if (*end)
			bad_usage("bad port '%s'", argv[1]);
		ootb_start(SCTP_OOTB_CMD_GET_PORT, REQ_ACK);
		if (port > 65535)
			nlm_u32(&req, SCTP_OOTB_A_PORT, port);	/* a bad length */
		else
			nlm_u16(&req, SCTP_OOTB_A_PORT, port);
		return 0;
	}
	bad_usage("unknown request or wrong arguments: '%s'", w);
	return 0;
}

/* The answer as one line (see the top of this file). */
static void print_status(const char *name, const struct nlm_answer *a)
{
	char ename[32];

	errno_name(a->error, ename, sizeof(ename));
	printf("%s errno=%s msg=", name, ename);
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

static int run_request(int argc, char **argv, int wait)
{
	if (open_family(0))
		return 1;
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
	close(nl.fd);
	return fflush(stdout) ? 1 : 0;
}

/* ---- monitor ----------------------------------------------------------------- */

static int run_monitor(int argc, char **argv)
{
	long count = -1, seen = 0;
	int secs = 10, i;

	for (i = 1; i < argc; i++) {
		const char *end;

		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			count = parse_num(argv[++i], &end);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			secs = parse_num(argv[++i], &end);
		else
			bad_usage("unexpected '%s'", argv[i]);
	}
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

	while (count < 0 || seen < count) {
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

	printf("policy %u attr %u", idx, attr->nla_type & NLA_TYPE_MASK);
	nlm_for_each_attr(a, nlm_data(attr), nlm_end(attr)) {
		unsigned int t = a->nla_type & NLA_TYPE_MASK;
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
	const unsigned char *p = (const unsigned char *)NLMSG_DATA(h) +
				 GENL_HDRLEN;
	const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;
	const struct nlattr *a, *x, *y;

	(void)arg;
	if (h->nlmsg_type != GENL_ID_CTRL)
		return;
	nlm_for_each_attr(a, p, end) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case CTRL_ATTR_OP_POLICY:
			/* op CMD: { DO: idx, DUMP: idx } */
			nlm_for_each_attr(x, nlm_data(a), nlm_end(a)) {
				printf("op %u", x->nla_type & NLA_TYPE_MASK);
				nlm_for_each_attr(y, nlm_data(x), nlm_end(x)) {
					if ((y->nla_type & NLA_TYPE_MASK) ==
					    CTRL_ATTR_POLICY_DO)
						printf(" do=%" PRIu64, nlm_uint(y));
					if ((y->nla_type & NLA_TYPE_MASK) ==
					    CTRL_ATTR_POLICY_DUMP)
						printf(" dump=%" PRIu64, nlm_uint(y));
				}
				putchar('\n');
			}
			break;
		case CTRL_ATTR_POLICY:
			/* policy IDX: { ATTR: { type, min, max... } } */
			nlm_for_each_attr(x, nlm_data(a), nlm_end(a))
				nlm_for_each_attr(y, nlm_data(x), nlm_end(x))
					print_policy_attr(x->nla_type & NLA_TYPE_MASK,
							  y);
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
	struct sockaddr_storage to = { 0 };
	socklen_t tolen = 0;
	const char *end;
	unsigned long n, i;
	int *fds, fam = AF_INET, bad = 0;

	if (argc != 2 && argc != 4)
		bad_usage("ephemeral takes N [ADDR PORT]%s", "");
	n = parse_num(argv[1], &end);
	if (*end || !n || n > 1000)
		bad_usage("bad count '%s'", argv[1]);
	if (argc == 4) {
		struct sockaddr_in *s4 = (void *)&to;
		struct sockaddr_in6 *s6 = (void *)&to;
		unsigned long port = parse_num(argv[3], &end);

		if (*end || port > 65535)
			bad_usage("bad port '%s'", argv[3]);
		if (inet_pton(AF_INET, argv[2], &s4->sin_addr) == 1) {
			s4->sin_family = AF_INET;
			s4->sin_port = htons(port);
			tolen = sizeof(*s4);
		} else if (inet_pton(AF_INET6, argv[2], &s6->sin6_addr) == 1) {
			s6->sin6_family = fam = AF_INET6;
			s6->sin6_port = htons(port);
			tolen = sizeof(*s6);
		} else {
			bad_usage("bad address '%s'", argv[2]);
		}
	}
	fds = calloc(n, sizeof(*fds));
	if (!fds)
		return 1;
	/* All open at once, so that each needs a port of its own. */
	for (i = 0; i < n; i++) {
		struct sockaddr_storage me = { 0 };
		socklen_t len = sizeof(me);
		int rc;

		fds[i] = socket(fam, SOCK_STREAM, IPPROTO_SCTP);
		if (fds[i] < 0) {
			perror("ootbnl: SCTP socket");
			return 1;
		}
		if (tolen) {
			fcntl(fds[i], F_SETFL, O_NONBLOCK);
			rc = connect(fds[i], (struct sockaddr *)&to, tolen);
			if (rc < 0 && errno == EINPROGRESS)
				rc = 0;
		} else {
			me.ss_family = fam;
			rc = bind(fds[i], (struct sockaddr *)&me,
				  fam == AF_INET ? sizeof(struct sockaddr_in) :
						   sizeof(struct sockaddr_in6));
		}
		if (rc < 0) {
			printf("port error %s\n", strerror(errno));
			bad = 1;
			continue;
		}
		if (getsockname(fds[i], (struct sockaddr *)&me, &len) < 0) {
			perror("ootbnl: getsockname");
			return 1;
		}
		printf("port %u\n", ntohs(((struct sockaddr_in *)&me)->sin_port));
	}
	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	return fflush(stdout) || bad ? 1 : 0;
}

/* ---- main ---------------------------------------------------------------------- */

static int run_case(size_t i)
{
	if (open_family(0))
		return 1;
	cases[i].build();
	if (ask(NULL))
		return 1;
	print_status(cases[i].name, &nl.answer);
	putchar('\n');
	close(nl.fd);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int wait = 0;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < N_CASES; i++)
		if (argc == 2 && !strcmp(argv[1], cases[i].name))
			return run_case(i);
	if (!strcmp(argv[1], "monitor"))
		return run_monitor(argc - 1, argv + 1);
	if (!strcmp(argv[1], "policy") && argc == 2)
		return run_policy();
	if (!strcmp(argv[1], "ephemeral"))
		return run_ephemeral(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-w")) {
		wait = 1;
		argc--;
		argv++;
		if (argc < 2)
			bad_usage("-w needs a request%s", "");
	}
	return run_request(argc - 1, argv + 1, wait);
}
