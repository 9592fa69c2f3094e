// SPDX-License-Identifier: GPL-2.0
/*
 * ootbdumpintr: dump the sctp_ootb table of this network namespace again
 * and again while another process replaces it, and check that every dump
 * is either one whole table or flagged NLM_F_DUMP_INTR.
 *
 *   ootbdumpintr [-n RANGES] [-d DUMPS] [-b BASE]
 *
 * The writer (a child process) replaces the table without pause, turn
 * about, with table A (the single ports BASE, BASE + 2, ... RANGES of
 * them; default 1000 from 10000) and table B (the same ports plus one).
 * Such a table takes many parts of a dump (one message per range).  The
 * reader dumps DUMPS times (default 200) and sorts each dump: "a" or "b"
 * (every range of that table, each once, no flag), "flagged" (some part
 * carried NLM_F_DUMP_INTR: the reader would dump again), or "mixed" (not
 * flagged and not one table: ranges missed, repeated or from both).
 * Prints one line "dumps=N a=N b=N flagged=N mixed=N" and, for
 * the first mixed dump, what was wrong with it.  Exit 0 when no dump was
 * mixed, 1 otherwise (or on a netlink error), 2 on usage errors.
 */
#include <signal.h>
#include <sys/wait.h>

#include "../lib/nlm.h"

#define MAX_RANGES	SCTP_OOTB_MAX_RANGES

static unsigned int nranges = 1000, ndumps = 200, base = 10000;

/* REPLACE_TABLE with the table @which (0: A, 1: B). */
static int replace(struct nlm *n, struct nlm_msg *m, int which)
{
	unsigned int i;

	nlm_start(m, n->fam, NLM_F_REQUEST | NLM_F_ACK,
		  SCTP_OOTB_CMD_REPLACE_TABLE, SCTP_OOTB_GENL_VERSION);
	for (i = 0; i < nranges; i++) {
		uint16_t port = base + 2 * i + which;
		uint32_t nest = nlm_nest(m, SCTP_OOTB_A_RANGE);

		if (!nest)
			return EMSGSIZE;
		nlm_u16(m, SCTP_OOTB_A_START, port);
		nlm_u16(m, SCTP_OOTB_A_END, port);
		nlm_nest_end(m, nest);
	}
	return nlm_ask(n, m, NULL, NULL);
}

static void writer(void)
{
	static struct nlm n;
	struct nlm_msg *m = malloc(sizeof(*m));
	unsigned long done = 0;
	int err;

	if (!m || nlm_open(&n, 10) || nlm_resolve(&n))
		_exit(1);
	for (;;) {
		err = replace(&n, m, done & 1);
		if (err) {
			fprintf(stderr, "ootbdumpintr: replace: %s\n",
				err < 0 ? "no answer" : strerror(err));
			_exit(1);
		}
		done++;
	}
}

struct dump {
	unsigned int seen;		/* range messages */
	unsigned int in[2];		/* of them, ports of table A / B */
	unsigned int other;		/* neither */
	unsigned int repeats;		/* a port seen twice */
	int flagged;
	unsigned char hit[65536];
};

/* One dump; 0, an errno, or -1 when nothing came in time. */
static int dump_once(struct nlm *n, struct nlm_msg *m, struct dump *d)
{
	uint32_t seq;

	memset(d, 0, sizeof(*d));
	nlm_start(m, n->fam, NLM_F_REQUEST | NLM_F_DUMP,
		  SCTP_OOTB_CMD_GET_RANGE, SCTP_OOTB_GENL_VERSION);
	seq = nlm_send(n, m, m->len);
	if (!seq)
		return errno;
	for (;;) {
		ssize_t len = recv(n->fd, n->rsp, sizeof(n->rsp), 0);
		struct nlmsghdr *h;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (h = (struct nlmsghdr *)n->rsp; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			struct nlm_range r;
			unsigned int k;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				d->flagged = 1;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -((const struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			nlm_range_of(h, &r);
			d->seen++;
			if (d->hit[r.lo]++)
				d->repeats++;
			k = r.lo - base;
			if (r.lo != r.hi || r.lo < base || k / 2 >= nranges)
				d->other++;
			else
				d->in[k & 1]++;
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: ootbdumpintr [-n RANGES] [-d DUMPS] [-b BASE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct nlm n;
	static struct dump d;
	struct nlm_msg *m = malloc(sizeof(*m));
	unsigned int i, a = 0, b = 0, flagged = 0, mixed = 0;
	int c, err, status;
	pid_t pid;

	while ((c = getopt(argc, argv, "n:d:b:")) != -1) {
		switch (c) {
		case 'n': nranges = strtoul(optarg, NULL, 10); break;
		case 'd': ndumps = strtoul(optarg, NULL, 10); break;
		case 'b': base = strtoul(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (optind != argc || !nranges || nranges > MAX_RANGES || !ndumps ||
	    !base || base + 2 * nranges > 65535)
		usage();
	if (!m || nlm_open(&n, 10) || nlm_resolve(&n)) {
		fprintf(stderr, "ootbdumpintr: no sctp_ootb family\n");
		return 1;
	}
	err = replace(&n, m, 0);
	if (err) {
		fprintf(stderr, "ootbdumpintr: first replace: %d\n", err);
		return 1;
	}

	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid)
		writer();

	for (i = 0; i < ndumps; i++) {
		err = dump_once(&n, m, &d);
		if (err) {
			fprintf(stderr, "ootbdumpintr: dump %u: %d\n", i, err);
			break;
		}
		if (d.flagged) {
			flagged++;
		} else if (!d.other && !d.repeats && d.seen == nranges &&
			   (d.in[0] == nranges || d.in[1] == nranges)) {
			if (d.in[0])
				a++;
			else
				b++;
		} else {
			if (!mixed)
				printf("mixed dump %u: %u ranges (table size %u), %u of A, %u of B, %u of neither, %u repeated, none flagged\n",
				       i, d.seen, nranges, d.in[0], d.in[1],
				       d.other, d.repeats);
			mixed++;
		}
	}

	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status)) {
		fprintf(stderr, "ootbdumpintr: the writer failed\n");
		err = 1;
	}
	printf("dumps=%u a=%u b=%u flagged=%u mixed=%u\n", i, a, b, flagged,
	       mixed);
	return err || mixed ? 1 : 0;
}
