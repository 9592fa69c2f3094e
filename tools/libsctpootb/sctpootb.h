/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsctpootb: claim local SCTP ports for a usrsctp program, so that the
 * kernel's SCTP stack (the patched sctp.ko with the sctp_ootb module)
 * keeps quiet about them while the program runs.
 *
 * A claim is a port range in the sctp_ootb table of the caller's network
 * namespace, owned by a netlink socket: it lasts while that socket is open
 * in any process, and the module removes it when the socket is released
 * (close, exit, SIGKILL).  See sctpootb(3).
 *
 *   int fd = sctpootb_claim(5000, 5000, 0);
 *   if (fd < 0)
 *           fprintf(stderr, "%s\n", sctpootb_error());
 *
 * Every function returns -1 and sets errno on failure; sctpootb_error()
 * then says why in a sentence for the calling thread.
 */
#ifndef SCTPOOTB_H
#define SCTPOOTB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the kernel does with an out-of-the-blue packet to a claimed port. */
#define SCTPOOTB_DISCARD	0	/* drop it silently (the default) */
#define SCTPOOTB_ABORT		1	/* answer it as RFC 9260 §8.4 says */
#define SCTPOOTB_COUNT		2	/* answer it, counted as "would drop" */

/* sctpootb_open(), sctpootb_claim(): keep the socket across execve(). */
#define SCTPOOTB_INHERIT	0x1u
/*
 * sctpootb_add(), sctpootb_claim(): leave the ports among the kernel's
 * ephemeral ports (by default a claim also puts them in the namespace's
 * net.ipv4.ip_local_reserved_ports while it lasts).
 */
#define SCTPOOTB_NORESERVE	0x2u

/*
 * A claim socket: a generic netlink socket of the caller's network
 * namespace, close-on-exec unless SCTPOOTB_INHERIT.  Checks that the
 * sctp_ootb module is there and speaks claims.  Returns the descriptor.
 */
int sctpootb_open(unsigned int flags);

/*
 * Claim the ports FIRST to LAST on the claim socket FD, with POLICY
 * (SCTPOOTB_DISCARD...).  One socket may hold many claims; they all go
 * when it is released.  Returns 0.
 */
int sctpootb_add(int fd, uint16_t first, uint16_t last, int policy,
		 unsigned int flags);

/* Give up the claim FIRST to LAST made on FD.  Returns 0. */
int sctpootb_del(int fd, uint16_t first, uint16_t last);

/*
 * sctpootb_open() and sctpootb_add() with SCTPOOTB_DISCARD in one call:
 * close the returned descriptor to give the claim up.
 */
int sctpootb_claim(uint16_t first, uint16_t last, unsigned int flags);

/* Why the calling thread's last failed call failed: never NULL. */
const char *sctpootb_error(void);

#ifdef __cplusplus
}
#endif

#endif /* SCTPOOTB_H */
