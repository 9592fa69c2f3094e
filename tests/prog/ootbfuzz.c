// SPDX-License-Identifier: GPL-2.0
/*
 * ootbfuzz: random and mutated sctp_ootb generic netlink requests.
 *
 *   ootbfuzz [-s SEED] [-n COUNT] [-p PHASES] [-u UID]
 *
 * COUNT requests (default 100000) are shared out between the phases
 * (default "root,user,userns"):
 *
 *   root     root, in a network namespace of its own: most requests that
 *            parse are accepted, so the table is built, edited and emptied
 *            all the time
 *   user     uid UID (default 65534) in a user namespace of its own, on the
 *            initial network namespace, which it does not own: every change
 *            must be refused (EPERM), reads allowed
 *   userns   the same user in a network namespace its user namespace owns:
 *            changes allowed again
 *
 * Requests are random (command, version, nlmsg flags, attribute types and
 * lengths, nesting) or a well-formed request mutated (a length cut short or
 * made too long, bytes flipped, the message truncated, attributes repeated,
 * nests deepened).  Each one is followed by a GET_STATS with NLM_F_ACK, the
 * sentinel: everything read before the sentinel's answer belongs to the
 * request, so a request the kernel answers with nothing (no NLM_F_REQUEST,
 * no NLM_F_ACK, a length it drops) costs no timeout.  The sentinel must be
 * answered every time: a family that stopped answering fails the run.
 *
 * Before and after, the initial namespace's table is dumped by root and
 * the two dumps (every attribute byte of every message) must be identical.
 *
 * Prints the seed first, then per phase: requests, requests/s, accepted,
 * refused by errno, not answered; exit 0 when every sentinel was answered
 * and the table is unchanged, 1 otherwise, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "../lib/nlm.h"
#include "prog.h"

#define MAX_ERRNO	160

/* ---- the generator: splitmix64, so a seed replays a run exactly --------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return splitmix64(&rng_state);
}

/* 0 <= r < n */
static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(uint32_t percent)
{
	return below(100) < percent;
}

/* ---- what to put in a request ---------------------------------------------- */

static struct nlm_msg req;

/* An attribute of @len random bytes; see nlm_attr(). */
static uint32_t attr_random(uint16_t type, uint16_t len)
{
	uint32_t off = nlm_attr(&req, type, NULL, len);
	uint16_t i;

	for (i = 0; off && i < len; i++)
		req.b[off + NLA_HDRLEN + i] = rnd();
	return off;
}

/* A port: the boundaries more often than chance would pick them. */
static uint16_t port(void)
{
	static const uint16_t edge[] = { 0, 1, 2, 1023, 1024, 5000, 5100,
					 32767, 32768, 65534, 65535 };

	if (chance(30))
		return edge[below(ARRAY_LEN(edge))];
	if (chance(50))
		return 20000 + below(200);	/* a small area, so ranges meet */
	return rnd();
}

static void range_attrs(int in_nest)
{
	uint16_t lo = port(), hi = chance(70) ? lo + below(50) : port();

	if (!chance(5))
		nlm_u16(&req, SCTP_OOTB_A_START, lo);
	if (!chance(5))
		nlm_u16(&req, SCTP_OOTB_A_END, hi);
	if (chance(50))
		nlm_u8(&req, SCTP_OOTB_A_POLICY, chance(90) ? below(3) : rnd());
	if (!in_nest && chance(20))
		nlm_attr(&req, SCTP_OOTB_A_REPLACE, NULL, 0);
	if (chance(10))
		nlm_attr(&req, SCTP_OOTB_A_RESERVE, NULL, 0);
}

/* Anything: any type, any length, sometimes nested, up to @depth deep. */
static void random_attrs(int depth)
{
	int n = below(6), i;

	for (i = 0; i < n; i++) {
		uint16_t type = chance(80) ? below(SCTP_OOTB_A_MAX + 4) : rnd();

		if (depth < 4 && chance(15)) {
			uint32_t o = nlm_nest(&req, type & NLA_TYPE_MASK);

			random_attrs(depth + 1);
			nlm_nest_end(&req, o);
		} else {
			attr_random(type, chance(80) ? below(13) : below(300));
		}
	}
}

/* A well-formed request of a random command. */
static void valid_request(uint8_t cmd)
{
	int i, n;

	switch (cmd) {
	case SCTP_OOTB_CMD_ADD_RANGE:
	case SCTP_OOTB_CMD_DEL_RANGE:
		range_attrs(0);
		break;
	case SCTP_OOTB_CMD_REPLACE_TABLE:
		/* now and then more nests than the table holds */
		n = chance(3) ? SCTP_OOTB_MAX_RANGES + below(10) : below(8);
		for (i = 0; i < n; i++) {
			uint32_t o = nlm_nest(&req, SCTP_OOTB_A_RANGE);

			range_attrs(1);
			nlm_nest_end(&req, o);
		}
		break;
	case SCTP_OOTB_CMD_RESET_COUNTERS:
		if (chance(50))
			range_attrs(1);
		break;
	case SCTP_OOTB_CMD_GET_PORT:
		nlm_u16(&req, SCTP_OOTB_A_PORT, port());
		break;
	}
}

/* Break a well-formed request in one of several ways. */
static void mutate(void)
{
	struct nlmsghdr *h = nlm_hdr(&req);
	uint32_t first = NLMSG_LENGTH(GENL_HDRLEN), room = sizeof(req.b) - 512;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct nlattr *a;
	int i, n;

	switch (below(7)) {
	case 0:		/* flip bytes anywhere after the nlmsghdr */
		n = 1 + below(4);
		for (i = 0; i < n; i++)
			req.b[NLMSG_HDRLEN + below(req.len - NLMSG_HDRLEN)] ^= 1 << below(8);
		break;
	case 1:		/* the first attribute's length cut short or made too long */
		if (req.len <= first)
			break;
		a = (struct nlattr *)(req.b + first);
		a->nla_len = chance(50) ? below(a->nla_len + 1) : a->nla_len + 1 + below(64);
		break;
	case 2:		/* the message cut short */
		if (req.len > first)
			req.len = first + below(req.len - first);
		break;
	case 3:		/* an nlmsg_len that disagrees with what is sent */
		h->nlmsg_len = chance(50) ? below(req.len + 1) : req.len + 1 + below(64);
		return;
	case 4:		/* the attributes twice */
		if (req.len > first && 2 * req.len < room) {
			memcpy(req.b + req.len, req.b + first, req.len - first);
			req.len += req.len - first;
		}
		break;
	case 5:		/* the whole attribute area nested one level deeper */
		if (req.len > first && req.len + NLA_HDRLEN < room) {
			memmove(req.b + first + NLA_HDRLEN, req.b + first, req.len - first);
			a = (struct nlattr *)(req.b + first);
			a->nla_type = NLA_F_NESTED | below(SCTP_OOTB_A_MAX + 2);
			a->nla_len = req.len - first + NLA_HDRLEN;
			req.len += NLA_HDRLEN;
		}
		break;
	case 6:		/* the header's command and version */
		g->cmd = below(SCTP_OOTB_CMD_MAX + 4);
		g->version = below(4);
		break;
	}
	h->nlmsg_len = req.len;
}

static uint16_t random_flags(void)
{
	static const uint16_t common[] = {
		NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		NLM_F_REQUEST,
		NLM_F_REQUEST | NLM_F_DUMP,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO,
		NLM_F_ACK,
		0,
	};

	if (chance(10))
		return rnd();
	if (chance(10))
		return NLM_F_REQUEST | NLM_F_ACK | (1 << (4 + below(12)));
	return common[below(ARRAY_LEN(common))];
}

/* The next request; the family id is @fam. */
static void make_request(uint16_t fam)
{
	uint8_t cmd = chance(90) ? below(SCTP_OOTB_CMD_MAX + 1) : rnd();
	uint8_t ver = chance(90) ? SCTP_OOTB_GENL_VERSION - below(2) : rnd();
	/* now and then a control type (below NLMSG_MIN_TYPE); never another
	 * family, whose bugs are not ours to find */
	uint16_t type = chance(97) ? fam : below(NLMSG_MIN_TYPE);

	nlm_start(&req, type, random_flags(), cmd, ver);
	if (chance(30)) {
		random_attrs(0);
	} else {
		valid_request(cmd);
		if (chance(60))
			mutate();
	}
}

/* ---- the initial namespace's table, byte for byte ------------------------- */

/* Each message after its nlmsghdr, into the stream @arg. */
static void dump_msg(const struct nlmsghdr *h, void *arg)
{
	fwrite(NLMSG_DATA(h), h->nlmsg_len - NLMSG_HDRLEN, 1, arg);
}

/* ---- one phase ------------------------------------------------------------------ */

/* A phase's counts, in memory shared with the child that runs it. */
static struct tally {
	unsigned long sent, accepted, silent;
	unsigned long by_errno[MAX_ERRNO];
	double secs;
} *cur;

/* The fuzzed request (sequence number req_seq): answered, in parts so far. */
static int req_answered, req_parts;
static uint32_t req_seq;

/* Its answer: errno @err, 0 when accepted. */
static void count_answer(int err)
{
	if (err == 0)
		cur->accepted++;
	else
		cur->by_errno[err > 0 && err < MAX_ERRNO ? err : 0]++;
	req_answered = 1;
}

/* A message for the fuzzed request: an error or ack decides it, so does
 * NLMSG_DONE or a reply without NLM_F_ACK; other messages (dump parts) are
 * just read, and so are late acks of earlier sentinels. */
static void request_msg(const struct nlmsghdr *h, void *arg)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	(void)arg;
	if (h->nlmsg_seq != req_seq)
		return;
	if (h->nlmsg_type == NLMSG_ERROR)
		count_answer(-e->error);
	else if ((h->nlmsg_flags & NLM_F_MULTI) && h->nlmsg_type != NLMSG_DONE)
		req_parts++;
	else if (!req_answered)
		count_answer(0);
}

static struct nlm nl;
static struct nlm_msg sentinel;

/* COUNT requests; returns 0 when every sentinel was answered. */
static int fuzz(unsigned long count)
{
	struct tally *t = cur;
	uint32_t sseq;
	double t0;
	int err;

	if (nlm_open(&nl, 30) || nlm_resolve(&nl)) {
		fprintf(stderr, "ootbfuzz: no %s family\n", SCTP_OOTB_GENL_NAME);
		return 1;
	}
	nlm_ootb(&sentinel, &nl, SCTP_OOTB_CMD_GET_STATS,
		 NLM_F_REQUEST | NLM_F_ACK);
	t0 = now();
	while (t->sent < count) {
		make_request(nl.fam);
		req_answered = req_parts = 0;
		/* nlmsg_len may lie on purpose: req.len bytes go out */
		req_seq = nlm_send(&nl, &req, req.len);
		t->sent++;
		if (!req_seq) {
			t->by_errno[errno < MAX_ERRNO ? errno : 0]++;
			continue;
		}
		sseq = nlm_send(&nl, &sentinel, sentinel.len);
		if (!sseq || nlm_read(&nl, sseq, NULL, request_msg, NULL) != 0) {
			fprintf(stderr, "ootbfuzz: request %lu: the family stopped answering (the seed replays it)\n",
				t->sent);
			close(nl.fd);
			return 1;
		}
		/* A dump goes on as we read: to its NLMSG_DONE. */
		if (!req_answered && req_parts) {
			err = nlm_read(&nl, req_seq, NULL, NULL, NULL);
			if (err < 0) {
				fprintf(stderr, "ootbfuzz: request %lu: a dump did not end\n",
					t->sent);
				close(nl.fd);
				return 1;
			}
			count_answer(err);
		}
		if (!req_answered)
			t->silent++;
	}
	t->secs = now() - t0;
	close(nl.fd);
	return 0;
}

static void report(const char *phase, const struct tally *t)
{
	unsigned long refused = 0;
	int e;

	for (e = 0; e < MAX_ERRNO; e++)
		refused += t->by_errno[e];
	printf("ootbfuzz: %s: %lu requests in %.1f s (%.0f/s): %lu accepted, %lu refused",
	       phase, t->sent, t->secs, t->secs > 0 ? t->sent / t->secs : 0.0,
	       t->accepted, refused);
	for (e = 0; e < MAX_ERRNO; e++) {
		const char *n = e ? strerrorname_np(e) : NULL;

		if (!t->by_errno[e])
			continue;
		if (n)
			printf(" %s=%lu", n, t->by_errno[e]);
		else
			printf(" E%d=%lu", e, t->by_errno[e]);
	}
	printf(", %lu not answered\n", t->silent);
	fflush(stdout);
}

/* Run a phase in a child with its own privileges and namespaces. */
static int run_phase(const char *phase, unsigned long count, uid_t uid)
{
	const char *failed = NULL;
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return 1;
	if (pid > 0)
		return waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ? 1 :
		       WEXITSTATUS(st);
	if (!strcmp(phase, "root"))
		failed = unshare(CLONE_NEWNET) < 0 ? "root: unshare(CLONE_NEWNET)" : NULL;
	else if (setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0)
		failed = "dropping root";
	else if (unshare(CLONE_NEWUSER) < 0)
		failed = "unshare(CLONE_NEWUSER)";
	else if (!strcmp(phase, "userns") && unshare(CLONE_NEWNET) < 0)
		failed = "userns: unshare(CLONE_NEWNET)";
	if (failed) {
		fprintf(stderr, "ootbfuzz: %s: %s\n", failed, strerror(errno));
		_exit(1);
	}
	_exit(fuzz(count));
}

#define USAGE "ootbfuzz [-s SEED] [-n COUNT] [-p root,user,userns] [-u UID]"

int main(int argc, char **argv)
{
	const char *phases = "root,user,userns";
	unsigned long count = 100000, seed;
	uid_t uid = 65534;
	char *before, *after, *list, *ph, *save;
	size_t before_len, after_len;
	FILE *dump = open_memstream(&before, &before_len);
	int nphases = 1, rc = 0, c, i;
	static struct nlm root;

	seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
	while ((c = getopt(argc, argv, "s:n:p:u:")) != -1) {
		switch (c) {
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'p': phases = optarg; break;
		case 'u': uid = strtoul(optarg, NULL, 0); break;
		default: usage(USAGE);
		}
	}
	if (optind != argc || !count)
		usage(USAGE);
	printf("ootbfuzz: seed %lu (replay: ootbfuzz -s %lu -n %lu -p %s)\n",
	       seed, seed, count, phases);
	fflush(stdout);

	cur = mmap(NULL, sizeof(*cur), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cur == MAP_FAILED || !dump || nlm_open(&root, 30) ||
	    nlm_resolve(&root) || nlm_dump(&root, dump_msg, dump) != 0 ||
	    fclose(dump)) {
		fprintf(stderr, "ootbfuzz: cannot dump the initial namespace's table\n");
		return 1;
	}

	for (ph = (char *)phases; *ph; ph++)
		nphases += *ph == ',';
	list = strdup(phases);
	i = 0;
	for (ph = strtok_r(list, ",", &save); ph; ph = strtok_r(NULL, ",", &save), i++) {
		unsigned long n = count / nphases + (i < (int)(count % nphases));

		if (strcmp(ph, "root") && strcmp(ph, "user") && strcmp(ph, "userns"))
			usage(USAGE);
		memset(cur, 0, sizeof(*cur));
		/* each phase its own stream, so a phase replays alone */
		rng_state = seed * 31 + i;
		if (run_phase(ph, n, uid)) {
			printf("ootbfuzz: %s: FAILED after %lu requests\n", ph, cur->sent);
			rc = 1;
		}
		report(ph, cur);
	}
	free(list);

	dump = open_memstream(&after, &after_len);
	if (!dump || nlm_dump(&root, dump_msg, dump) != 0 || fclose(dump)) {
		fprintf(stderr, "ootbfuzz: cannot dump the initial namespace's table afterwards\n");
		return 1;
	}
	if (before_len != after_len || memcmp(before, after, before_len)) {
		printf("ootbfuzz: the initial namespace's table CHANGED: %zu bytes of dump before, %zu after\n",
		       before_len, after_len);
		rc = 1;
	} else {
		printf("ootbfuzz: the initial namespace's table is byte-identical (%zu bytes of dump)\n",
		       before_len);
	}
	return rc;
}
