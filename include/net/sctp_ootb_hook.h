/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-the-blue hook of the patched sctp.ko.
 *
 * sctp_rcv() asks the registered hook twice about a packet, both times in
 * softirq context under rcu_read_lock(); the hook must not sleep and must
 * not keep the skb.
 *
 * The early path, for every SCTP packet, before its checksum is verified
 * and before any association or endpoint lookup: ops->owned() says whether
 * the packet's local (destination) port belongs to another SCTP stack on
 * this host (usrsctp over a raw socket).  If it does, and no socket of this
 * network namespace is bound to that port (sctp.ko's bind hash has no entry
 * for it: no listener, no client, no association), the packet is dropped
 * silently, counted in SctpInPktDiscards only (even when its checksum is
 * wrong: it is never computed), and ops->early_drop() is told, once.
 * A port with a kernel socket bound to it is never dropped here, whatever
 * the hook says: those packets are checksummed, looked up and counted
 * exactly as by the stock sctp.ko (SctpChecksumErrors included).
 *
 * The late path, for a packet that found no association and landed on the
 * per-netns control socket, i.e. one the kernel is about to answer as "out
 * of the blue" (RFC 9260 §8.4: ABORT, SHUTDOWN-COMPLETE...): ops->verdict()
 * decides; DISCARD drops it silently (SctpInPktDiscards, not
 * SctpOutOfBlues).  This is where a discard range still applies to a port
 * that a kernel socket holds without listening on it.
 *
 * One registrant at a time.  The registrant owns @ops: it must stay valid
 * until sctp_ootb_hook_unregister() returns, which waits for every reader.
 */
#ifndef _NET_SCTP_OOTB_HOOK_H
#define _NET_SCTP_OOTB_HOOK_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sctp/structs.h>

/* Bumped whenever the call sites or the ops below change meaning. */
#define SCTP_OOTB_HOOK_REV	2

enum sctp_ootb_verdict {
	SCTP_OOTB_PASS,		/* stock §8.4 handling */
	SCTP_OOTB_DISCARD,	/* drop silently, no reply */
};

struct sctp_ootb_hook_ops {
	/*
	 * The late path (required).
	 * @laddr: our address and port (the packet's destination),
	 * @paddr: the peer's address and port (the packet's source);
	 * both in network byte order, sa_family AF_INET or AF_INET6.
	 */
	enum sctp_ootb_verdict (*verdict)(struct net *net,
					  const struct sk_buff *skb,
					  const union sctp_addr *laddr,
					  const union sctp_addr *paddr);
	/*
	 * The early path (optional, rev 2), @lport in network byte order.
	 * owned(): DISCARD when @lport belongs to another SCTP stack.  It is
	 * asked about every packet, kernel sockets' included, so it must be
	 * cheap and must count nothing.
	 * early_drop(): the packet for @lport was dropped on owned()'s word.
	 */
	enum sctp_ootb_verdict (*owned)(struct net *net, __be16 lport);
	void (*early_drop)(struct net *net, __be16 lport);
};

/* 0, or -EBUSY when another hook is registered, -EINVAL without ops. */
int sctp_ootb_hook_register(const struct sctp_ootb_hook_ops *ops);
/* Clears the hook if it is @ops and waits for readers (may sleep). */
void sctp_ootb_hook_unregister(const struct sctp_ootb_hook_ops *ops);

/* Called by sctp_rcv(); true when the packet must be dropped silently. */
bool sctp_ootb_hook_early_discard(struct net *net, const struct sk_buff *skb);
bool sctp_ootb_hook_discard(struct net *net, const struct sk_buff *skb,
			    const union sctp_addr *laddr,
			    const union sctp_addr *paddr);

#endif /* _NET_SCTP_OOTB_HOOK_H */
