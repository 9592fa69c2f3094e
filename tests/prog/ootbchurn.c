// SPDX-License-Identifier: GPL-2.0
/*
 * ootbchurn: network namespaces that come and go, each with a sctp_ootb
 * table that is used once.
 *
 *   ootbchurn [-n COUNT] [-p PORT] [-c]
 *
 * COUNT times (default 1000): enter a new network namespace, bring lo up,
 * give the namespace the ranges PORT-(PORT+99) discard and PORT+50 abort
 * (default PORT 5000), send one out-of-the-blue INIT over lo to PORT+1
 * (IPv4 and IPv6 in turn), wait until the namespace's statistics count it
 * as discarded, and leave the namespace: with nothing holding it any more,
 * the kernel destroys it (asynchronously).
 *
 * -c (control): the same namespaces, lo and INIT, without sctp_ootb (no
 * ranges, no statistics): what the kernel itself leaves behind, if
 * anything, to compare with.
 *
 * Whether anything of the namespaces stays behind is for the caller to
 * see (kmemleak, slab counters, module reference counts) once the kernel
 * is done destroying them.  Prints what it did and how fast; exit 0 when
 * every namespace counted its packet, 1 otherwise, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>

#include "../lib/nlm.h"
#include "prog.h"
#include "sctppkt.h"

static int lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -1;
	strcpy(ifr.ifr_name, "lo");
	rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!rc) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

/* The netlink socket of the namespace, and its request. */
static struct nlm n;
static struct nlm_msg m;

static int add_range(uint16_t lo, uint16_t hi, uint8_t policy)
{
	nlm_ootb(&m, &n, SCTP_OOTB_CMD_ADD_RANGE, NLM_F_REQUEST | NLM_F_ACK);
	nlm_ports(&m, lo, hi);
	nlm_u8(&m, SCTP_OOTB_A_POLICY, policy);
	return nlm_ask(&n, &m, NULL, NULL);
}

/* One INIT over lo, to @port of this namespace. */
static int send_init(int v6, uint16_t port)
{
	struct sockaddr_storage to;
	socklen_t len = parse_addr(v6 ? "::1" : "127.0.0.1", 0, 0, &to);
	struct init_pkt p;
	int fd, rc;

	fd = socket(to.ss_family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_SCTP);
	if (fd < 0)
		return -1;
	init_pkt_make(&p, 40000, port, (uint32_t)rand(), (uint32_t)rand());
	rc = sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&to, len);
	close(fd);
	return rc < 0 ? -1 : 0;
}

#define USAGE "ootbchurn [-n COUNT] [-p PORT] [-c]"

static unsigned long done;
static int control;
static double t0;

/* What was done, and how fast. */
static void summary(void)
{
	double secs = now() - t0;

	printf(control ? "ootbchurn: %lu network namespaces, each with 1 out-of-the-blue INIT, no sctp_ootb, in %.1f s (%.0f/s)\n" :
			 "ootbchurn: %lu network namespaces, each with 2 ranges and 1 out-of-the-blue INIT discarded, in %.1f s (%.0f/s)\n",
	       done, secs, secs > 0 ? done / secs : 0.0);
}

/* The summary, then the step that failed, and why (0: no answer): exit 1. */
static __attribute__((noreturn)) void failed(const char *what, int err)
{
	summary();
	printf("ootbchurn: namespace %lu failed at %s: %s\n", done, what,
	       err > 0 ? strerror(err) : "no answer");
	exit(1);
}

int main(int argc, char **argv)
{
	unsigned long count = 1000;
	unsigned int port = 5000;
	int home, c, tries, err = 0;
	uint64_t d;

	while ((c = getopt(argc, argv, "n:p:c")) != -1) {
		switch (c) {
		case 'c': control = 1; break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'p': port = strtoul(optarg, NULL, 0); break;
		default: usage(USAGE);
		}
	}
	if (optind != argc || !count || !port || port + 99 > 65535)
		usage(USAGE);
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		perror("ootbchurn: /proc/self/ns/net");
		return 1;
	}
	crc32c_init();
	srand(getpid());

	t0 = now();
	for (done = 0; done < count; done++) {
		if (unshare(CLONE_NEWNET) < 0)
			failed("unshare(CLONE_NEWNET)", errno);
		if (lo_up() < 0)
			failed("lo up", errno);
		if (!control) {
			if (nlm_open(&n, 30) || (err = nlm_resolve(&n)))
				failed("the sctp_ootb family", err);
			if ((err = add_range(port, port + 99, SCTP_OOTB_POLICY_DISCARD)) ||
			    (err = add_range(port + 50, port + 50, SCTP_OOTB_POLICY_ABORT)))
				failed("add-range", err);
		}
		if (send_init(done & 1, port + 1) < 0)
			failed("sending the INIT", errno);
		if (!control) {
			/* lo delivers in the sender's softirq: no wait, normally */
			for (tries = 0; tries < 500; tries++) {
				err = nlm_stat(&n, SCTP_OOTB_A_STAT_DISCARDED, &d);
				if (err || d)
					break;
				usleep(10000);
			}
			close(n.fd);
			if (err || d != 1) {
				fprintf(stderr, "ootbchurn: namespace %lu: discarded %llu, expected 1\n",
					done, (unsigned long long)d);
				failed("the namespace's discarded counter",
				       err ? err : EPROTO);
			}
		}
		if (setns(home, CLONE_NEWNET) < 0)
			failed("setns back", errno);
	}
	summary();
	return 0;
}
