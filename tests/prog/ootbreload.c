// SPDX-License-Identifier: GPL-2.0
/*
 * ootbreload: unload and load sctp_ootb COUNT times, with the system calls
 * that rmmod and modprobe make, and check after each load that the module
 * is hooked and its family answers.
 *
 *   ootbreload -m MODULE.ko -n COUNT [-r RANGES] [-N NETNS -R RANGE] [-T FILE]
 *
 * Each cycle: delete_module("sctp_ootb") (non-blocking: a module still in
 * use is a failure), finit_module(MODULE.ko, "ranges=RANGES"), then over
 * netlink: GET_STATS must say HOOKED, and with -N the namespace NETNS
 * (a path such as /run/netns/peer) gets its range RANGE (LO-HI) back,
 * since a namespace's table goes with the module.  In C rather than a
 * shell loop: under TCG, starting processes costs more than the reload.
 *
 * -T FILE: one line per cycle, "UNLOADING UNLOADED LOADED", the
 * wall-clock times (seconds since the epoch, as tcpdump -tt prints them)
 * at which delete_module was called, the module was gone, and it was back
 * (finit_module returned: its table and its hook in force): what a
 * capture can be laid against.  From UNLOADING to LOADED the host's
 * namespace has no hook; outside those windows it has its ranges.
 *
 * Prints the cycles done and the time per step; exit 0 when every cycle
 * worked, 1 otherwise (naming the cycle and the step), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>

#include "../lib/nlm.h"
#include "prog.h"

#define USAGE "ootbreload -m MODULE.ko -n COUNT [-r RANGES] [-N NETNS -R LO-HI] [-T FILE]"

/* The module's family (a new id at each load) says it is hooked. */
static int check_hooked(struct nlm *n)
{
	uint64_t hooked = 0;
	int err;

	if (nlm_open(n, 30))
		return errno;
	err = nlm_resolve(n);
	if (!err)
		err = nlm_stat(n, SCTP_OOTB_A_HOOKED, &hooked);
	close(n->fd);
	if (!err && hooked != 1)
		err = ENOLINK;
	return err;
}

/* Add LO-HI to the table of the namespace @nsfd, from the namespace @home. */
static int add_in(int nsfd, int home, struct nlm *n, struct nlm_msg *m,
		  unsigned int lo, unsigned int hi)
{
	int err;

	if (setns(nsfd, CLONE_NEWNET) < 0)
		return errno;
	err = nlm_open(n, 30) ? errno : nlm_resolve(n);
	if (!err) {
		nlm_ootb(m, n, SCTP_OOTB_CMD_ADD_RANGE, NLM_F_REQUEST | NLM_F_ACK);
		nlm_ports(m, lo, hi);
		err = nlm_ask(n, m, NULL, NULL);
		close(n->fd);
	}
	if (setns(home, CLONE_NEWNET) < 0 && !err)
		err = errno;
	return err;
}

int main(int argc, char **argv)
{
	const char *ko = NULL, *netns = NULL, *step = "";
	char params[512] = "";
	unsigned long count = 0, i;
	unsigned int lo = 0, hi = 0;
	double t_del = 0, t_load = 0, t_check = 0, t0, t, going = 0, gone = 0;
	FILE *times = NULL;
	struct nlm *n = malloc(sizeof(*n));
	struct nlm_msg *m = malloc(sizeof(*m));
	int c, home = -1, nsfd = -1, err = 0;

	while ((c = getopt(argc, argv, "m:n:r:N:R:T:")) != -1) {
		switch (c) {
		case 'm': ko = optarg; break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'r': snprintf(params, sizeof(params), "ranges=%s", optarg); break;
		case 'N': netns = optarg; break;
		case 'T':
			times = fopen(optarg, "w");
			if (!times) {
				perror(optarg);
				return 1;
			}
			break;
		case 'R':
			if (parse_ports(optarg, &lo, &hi))
				usage(USAGE);
			break;
		default: usage(USAGE);
		}
	}
	if (optind != argc || !ko || !count || !n || !m || (netns && !lo))
		usage(USAGE);
	if (netns) {
		home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		nsfd = open(netns, O_RDONLY | O_CLOEXEC);
		if (home < 0 || nsfd < 0) {
			perror("ootbreload: network namespace");
			return 1;
		}
	}

	t0 = now();
	for (i = 0; i < count; i++) {
		int fd;

		t = now();
		going = clock_secs(CLOCK_REALTIME);
		step = "delete_module";
		if (syscall(SYS_delete_module, "sctp_ootb", O_NONBLOCK) < 0) {
			err = errno;
			break;
		}
		t_del += now() - t;
		gone = clock_secs(CLOCK_REALTIME);
		t = now();
		step = "finit_module";
		fd = open(ko, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, params, 0) < 0) {
			err = errno;
			break;
		}
		close(fd);
		if (times)
			fprintf(times, "%.6f %.6f %.6f\n", going, gone,
				clock_secs(CLOCK_REALTIME));
		t_load += now() - t;
		t = now();
		step = "GET_STATS says hooked";
		err = check_hooked(n);
		if (!err && netns) {
			step = "the namespace's range";
			err = add_in(nsfd, home, n, m, lo, hi);
		}
		if (err)
			break;
		t_check += now() - t;
	}
	t = now() - t0;
	if (times)
		fclose(times);
	printf("ootbreload: %lu of %lu reloads in %.1f s; per reload: unload %.3f s, load %.3f s, check%s %.3f s\n",
	       i, count, t, i ? t_del / i : 0, i ? t_load / i : 0,
	       netns ? " and namespace range" : "", i ? t_check / i : 0);
	if (i != count) {
		printf("ootbreload: reload %lu failed at %s: %s\n", i + 1, step,
		       err > 0 ? strerror(err) : "no answer");
		return 1;
	}
	return 0;
}
