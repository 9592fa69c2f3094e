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
#include "prog.h"

static unsigned int nranges = 1000, ndumps = 200, base = 10000;

/* REPLACE_TABLE with the table @which (0: A, 1: B). */
static int replace(struct nlm *n, struct nlm_msg *m, int which)
{
	unsigned int i;

	nlm_ootb(m, n, SCTP_OOTB_CMD_REPLACE_TABLE, NLM_F_REQUEST | NLM_F_ACK);
	for (i = 0; i < nranges; i++) {
		uint16_t port = base + 2 * i + which;
		uint32_t nest = nlm_nest(m, SCTP_OOTB_A_RANGE);

		if (!nest)
			return EMSGSIZE;
		nlm_ports(m, port, port);
		nlm_nest_end(m, nest);
	}
	return nlm_ask(n, m, NULL, NULL);
}

/* The child: A, B, A... with a socket of its own, until it is killed. */
static void writer(struct nlm_msg *m)
{
	static struct nlm n;
	int which, err;

	if (nlm_open(&n, 10) || nlm_resolve(&n))
		_exit(1);
	for (which = 0;; which ^= 1) {
		err = replace(&n, m, which);
		if (err) {
			fprintf(stderr, "ootbdumpintr: replace: %s\n",
				err < 0 ? "no answer" : strerror(err));
			_exit(1);
		}
	}
}

struct dump {
	unsigned int seen;		/* range messages */
	unsigned int in[2];		/* of them, ports of table A / B */
	unsigned int other;		/* neither */
	unsigned int repeats;		/* a port seen twice */
	unsigned char hit[65536];
};

static void range_msg(const struct nlmsghdr *h, void *arg)
{
	struct dump *d = arg;
	struct nlm_range r;
	unsigned int k;

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

#define USAGE "ootbdumpintr [-n RANGES] [-d DUMPS] [-b BASE]"

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
		default: usage(USAGE);
		}
	}
	if (optind != argc || !nranges || nranges > SCTP_OOTB_MAX_RANGES ||
	    !ndumps || !base || base + 2 * nranges > 65535)
		usage(USAGE);
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
		writer(m);

	for (i = 0; i < ndumps; i++) {
		memset(&d, 0, sizeof(d));
		err = nlm_dump(&n, range_msg, &d);
		if (err) {
			fprintf(stderr, "ootbdumpintr: dump %u: %d\n", i, err);
			break;
		}
		if (n.answer.intr) {
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
