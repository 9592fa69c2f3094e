// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for host tests: when SCTPCTL_FAKE_PORTID is set,
 * "sctp_ootb" resolves to a fixed family id and every generic netlink
 * socket sends to that port id (the fake peer, fake_ootb) instead of the
 * kernel.  Everything else in sctpctl runs unchanged, sockets included.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "fake_ootb.h"

int genl_connect(struct nl_sock *sk)
{
	static int (*real)(struct nl_sock *);
	const char *port = getenv(FAKE_OOTB_ENV);
	int ret;

	if (!real)
		real = (int (*)(struct nl_sock *))dlsym(RTLD_NEXT,
							 "genl_connect");
	ret = real(sk);
	if (ret == 0 && port)
		nl_socket_set_peer_port(sk, (uint32_t)strtoul(port, NULL, 0));
	return ret;
}

int genl_ctrl_resolve(struct nl_sock *sk, const char *name)
{
	static int (*real)(struct nl_sock *, const char *);

	if (getenv(FAKE_OOTB_ENV) && !strcmp(name, "sctp_ootb"))
		return FAKE_OOTB_FAMILY;
	if (!real)
		real = (int (*)(struct nl_sock *, const char *))
			dlsym(RTLD_NEXT, "genl_ctrl_resolve");
	return real(sk, name);
}
