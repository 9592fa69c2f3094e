/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-the-blue hook of the patched sctp.ko.
 *
 * sctp_rcv() asks the registered hook for a verdict on every packet that
 * found no association and landed on the per-netns control socket, i.e. a
 * packet the kernel is about to answer as "out of the blue" (RFC 9260 §8.4:
 * ABORT, SHUTDOWN-COMPLETE...).  The hook runs in softirq context under
 * rcu_read_lock(); it must not sleep and must not keep the skb.
 *
 * One registrant at a time.  The registrant owns @ops: it must stay valid
 * until sctp_ootb_hook_unregister() returns, which waits for every reader.
 */
#ifndef _NET_SCTP_OOTB_HOOK_H
#define _NET_SCTP_OOTB_HOOK_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sctp/structs.h>

/* Bumped whenever the call site or the ops below change meaning. */
#define SCTP_OOTB_HOOK_REV	1

enum sctp_ootb_verdict {
	SCTP_OOTB_PASS,		/* stock §8.4 handling */
	SCTP_OOTB_DISCARD,	/* drop silently, no reply */
};

struct sctp_ootb_hook_ops {
	/*
	 * @laddr: our address and port (the packet's destination),
	 * @paddr: the peer's address and port (the packet's source);
	 * both in network byte order, sa_family AF_INET or AF_INET6.
	 */
	enum sctp_ootb_verdict (*verdict)(struct net *net,
					  const struct sk_buff *skb,
					  const union sctp_addr *laddr,
					  const union sctp_addr *paddr);
};

/* 0, or -EBUSY when another hook is registered, -EINVAL without ops. */
int sctp_ootb_hook_register(const struct sctp_ootb_hook_ops *ops);
/* Clears the hook if it is @ops and waits for readers (may sleep). */
void sctp_ootb_hook_unregister(const struct sctp_ootb_hook_ops *ops);

/* Called by sctp_rcv(); true when the packet must be dropped silently. */
bool sctp_ootb_hook_discard(struct net *net, const struct sk_buff *skb,
			    const union sctp_addr *laddr,
			    const union sctp_addr *paddr);

#endif /* _NET_SCTP_OOTB_HOOK_H */
