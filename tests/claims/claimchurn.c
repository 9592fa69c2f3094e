// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claimchurn: many processes claiming and releasing ports at once.
 *
 *   claimchurn -n TOTAL -j PROCS -b BASE [-k EVERY]
 *
 * PROCS workers share TOTAL claims.  Worker w claims, in turn, the ports
 * BASE + w * 16 .. BASE + w * 16 + 15 (one at a time, so that no two
 * claims collide) with libsctpootb, and releases each claim by closing its
 * descriptor; every EVERY-th claim (default 10; 0: none) is made instead
 * by a child process that is then killed with SIGKILL, so that the module
 * releases it when the process dies.  Prints
 *
 *   claimchurn: C claims (K by killed processes), E errors in S s
 *
 * and the first error of each worker; exits 0 when every claim and every
 * release succeeded.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sctpootb.h"

#define SLOT 16

struct tally {
	unsigned long claims, killed, errors;
};

/* A claim made by a child, which is killed while it holds it. */
static int claim_and_die(uint16_t port)
{
	int pipefd[2], status;
	char c = 'x';
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = sctpootb_claim(port, port, 0);

		if (fd < 0) {
			fprintf(stderr, "claimchurn: %s\n", sctpootb_error());
			_exit(1);
		}
		if (write(pipefd[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1) {
		close(pipefd[0]);
		waitpid(pid, &status, 0);
		return -1;
	}
	close(pipefd[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

static int worker(int w, unsigned long n, uint16_t base, unsigned long every,
		  int out)
{
	struct tally t = { 0 };
	unsigned long i;

	for (i = 0; i < n; i++) {
		uint16_t port = base + w * SLOT + i % SLOT;
		int fd;

		if (every && i % every == every - 1) {
			if (claim_and_die(port) < 0)
				t.errors++;
			else
				t.killed++;
			t.claims++;
			continue;
		}
		fd = sctpootb_claim(port, port, 0);
		t.claims++;
		if (fd < 0) {
			if (!t.errors)
				fprintf(stderr, "claimchurn: worker %d: %s\n",
					w, sctpootb_error());
			t.errors++;
			continue;
		}
		if (close(fd))
			t.errors++;
	}
	if (write(out, &t, sizeof(t)) != sizeof(t))
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long total = 10000, every = 10, per;
	struct tally sum = { 0 };
	struct timespec t0, t1;
	int procs = 8, opt, w, p[2], rc = 0;
	long base = 0;

	while ((opt = getopt(argc, argv, "n:j:b:k:")) != -1) {
		switch (opt) {
		case 'n':
			total = strtoul(optarg, NULL, 10);
			break;
		case 'j':
			procs = atoi(optarg);
			break;
		case 'b':
			base = atol(optarg);
			break;
		case 'k':
			every = strtoul(optarg, NULL, 10);
			break;
		default:
			return 2;
		}
	}
	if (procs < 1 || base < 1 || base + (long)procs * SLOT > 65536) {
		fprintf(stderr,
			"usage: claimchurn -n TOTAL -j PROCS -b BASE [-k EVERY]\n");
		return 2;
	}
	if (pipe(p))
		return 1;
	per = (total + procs - 1) / procs;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (w = 0; w < procs; w++) {
		unsigned long n = per;

		if ((unsigned long)w * per >= total)
			break;
		if ((unsigned long)(w + 1) * per > total)
			n = total - w * per;
		if (fork() == 0)
			_exit(worker(w, n, base, every, p[1]));
	}
	close(p[1]);
	for (;;) {
		struct tally t;
		ssize_t r = read(p[0], &t, sizeof(t));

		if (r != sizeof(t))
			break;
		sum.claims += t.claims;
		sum.killed += t.killed;
		sum.errors += t.errors;
	}
	while (wait(NULL) > 0)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (sum.claims != total)
		rc = 1;
	printf("claimchurn: %lu claims (%lu by killed processes), %lu errors in %.1f s\n",
	       sum.claims, sum.killed, sum.errors,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return rc || sum.errors;
}
