// SPDX-License-Identifier: GPL-2.0
/*
 * nstime: run a command several times and print how long each run took,
 * for the control-plane figures of make bench (busybox has no clock finer
 * than 10 ms).
 *
 *   nstime [-n RUNS] [-b SHELL_CMD] CMD [ARG...]
 *
 * Each run forks and executes CMD with its output sent to /dev/null, and is
 * timed on CLOCK_MONOTONIC from fork to exit.  With -b, SHELL_CMD runs
 * (sh -c, untimed, its exit status ignored) before each run: to put the
 * state back, e.g. delete the range the timed command adds.  Prints
 *
 *   nstime: RUNS runs: min MIN median MED max MAX us
 *
 * and exits 0 when every run exited 0, 1 otherwise (saying which), 2 on a
 * usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "prog.h"

#define RUNS_MAX	1000

/* Run argv with its output discarded; its exit status, -1 if it died. */
static int run(char **argv)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static double t[RUNS_MAX];
	char *sh[] = { "sh", "-c", NULL, NULL };	/* -b */
	int runs = 5, i, rc, opt;
	double t0;

	while ((opt = getopt(argc, argv, "+n:b:")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'b':
			sh[2] = optarg;
			break;
		default:
			runs = 0;
		}
	}
	if (runs < 1 || runs > RUNS_MAX || optind == argc)
		usage("nstime [-n RUNS] [-b SHELL_CMD] CMD [ARG...]");
	for (i = 0; i < runs; i++) {
		if (sh[2])
			run(sh);
		t0 = now();
		rc = run(argv + optind);
		t[i] = (now() - t0) * 1e6;
		if (rc) {
			fprintf(stderr, "nstime: run %d of %s: exit status %d\n",
				i + 1, argv[optind], rc);
			return 1;
		}
	}
	qsort(t, runs, sizeof(t[0]), cmp_double);
	printf("nstime: %d runs: min %.0f median %.0f max %.0f us\n", runs,
	       t[0], runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
	       t[runs - 1]);
	return 0;
}
