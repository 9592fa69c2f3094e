// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for host tests: every generic netlink socket sctpctl
 * opens sends to the fake peer (fake_ootb) instead of the kernel, the
 * controller's family lookup included.  The peer is the one named for the
 * socket's network namespace in $SCTPCTL_FAKE_PORTDIR/INODE, else
 * $SCTPCTL_FAKE_PORTID, else none (the real kernel).  Joining a multicast
 * group becomes a SUBSCRIBE message to the peer, which then sends its
 * events to the socket's port.  A raw netlink socket connected to the
 * kernel (libsctpootb's claim socket, in sctpctl run and the programs it
 * runs) is connected to that peer instead.  Everything else in sctpctl
 * runs unchanged, sockets included.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/genetlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "fake_ootb.h"

/* The fake's port for the namespace the caller is in, or 0. */
static uint32_t fake_port(void)
{
	const char *dir = getenv(FAKE_OOTB_DIR_ENV);
	const char *port = getenv(FAKE_OOTB_ENV);
	char path[4096], buf[32];
	struct stat st;
	FILE *f;

	if (dir && stat("/proc/thread-self/ns/net", &st) == 0) {
		snprintf(path, sizeof(path), "%s/%lu", dir,
			 (unsigned long)st.st_ino);
		f = fopen(path, "re");
		if (f) {
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = '\0';
			fclose(f);
			return (uint32_t)strtoul(buf, NULL, 0);
		}
	}
	return port ? (uint32_t)strtoul(port, NULL, 0) : 0;
}

int genl_connect(struct nl_sock *sk)
{
	static int (*real)(struct nl_sock *);
	uint32_t port = fake_port();
	int ret;

	real = real ?: dlsym(RTLD_NEXT, "genl_connect");
	ret = real(sk);
	if (ret == 0 && port)
		nl_socket_set_peer_port(sk, port);
	return ret;
}

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	struct sockaddr_nl peer;
	uint32_t port;

	real = real ?: dlsym(RTLD_NEXT, "connect");
	if (sa && len >= sizeof(peer) && sa->sa_family == AF_NETLINK &&
	    ((const struct sockaddr_nl *)sa)->nl_pid == 0 &&
	    (port = fake_port())) {
		memcpy(&peer, sa, sizeof(peer));
		peer.nl_pid = port;
		return real(fd, (struct sockaddr *)&peer, sizeof(peer));
	}
	return real(fd, sa, len);
}

int nl_socket_add_membership(struct nl_sock *sk, int group)
{
	static int (*real)(struct nl_sock *, int);
	struct genlmsghdr hdr = { .cmd = FAKE_OOTB_CMD_SUBSCRIBE };
	int ret;

	if (!nl_socket_get_peer_port(sk)) {
		real = real ?: dlsym(RTLD_NEXT, "nl_socket_add_membership");
		return real(sk, group);
	}
	ret = nl_send_simple(sk, FAKE_OOTB_FAMILY, 0, &hdr, sizeof(hdr));
	return ret < 0 ? ret : 0;
}
