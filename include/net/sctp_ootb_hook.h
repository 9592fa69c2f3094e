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
 * this host (usrsctp over a raw socket), by returning the registrant's own
 * record of that port (non-NULL) or NULL.  If it does, and no socket of
 * this network namespace is bound to that port (sctp.ko's bind hash has no
 * entry for it: no listener, no client, no association), the packet is
 * dropped silently, counted in SctpInPktDiscards only (even when its
 * checksum is wrong: it is never computed), and ops->early_drop() is told,
 * once, with the record owned() returned, in the same RCU read-side
 * section: the drop is credited to what decided it, whatever replaced it
 * meanwhile.  A port with a kernel socket bound to it is never dropped
 * here, whatever the hook says: those packets are checksummed, looked up
 * and counted exactly as by the stock sctp.ko (SctpChecksumErrors
 * included).
 *
 * The late path, for a packet that found no association and landed on the
 * per-netns control socket, i.e. one the kernel is about to answer as "out
 * of the blue" (RFC 9260 §8.4: ABORT, SHUTDOWN-COMPLETE...): ops->verdict()
 * decides; DISCARD drops it silently (SctpInPktDiscards, not
 * SctpOutOfBlues).  This is where a discard range still applies to a port
 * that a kernel socket holds without listening on it.
 *
 * With nothing registered, a static key keeps both calls out of sctp_rcv():
 * the packet pays neither a function call nor an RCU read-side section.
 *
 * One registrant at a time.  The registrant owns @ops: it must stay valid
 * until sctp_ootb_hook_unregister_v3() returns, which waits for every
 * reader.
 *
 * Revisions.  The API's symbols carry the revision in their names, so that
 * a registrant built for another revision cannot hand this sctp.ko an ops
 * struct of another shape: symbol_get() and symbol_request() resolve by
 * name only, without a CRC.  The names of revisions 1 and 2,
 * sctp_ootb_hook_register() and sctp_ootb_hook_unregister(), stay exported
 * as stubs that refuse (-EPROTONOSUPPORT) and say so in the kernel log.
 */
#ifndef _NET_SCTP_OOTB_HOOK_H
#define _NET_SCTP_OOTB_HOOK_H

#include <linux/jump_label.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sctp/structs.h>

/* Bumped whenever the call sites or the ops below change meaning. */
#define SCTP_OOTB_HOOK_REV	3

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
	 * The early path (optional: both or neither), @lport in network byte
	 * order.  owned(): the registrant's record of @lport when it belongs
	 * to another SCTP stack, else NULL.  It is asked about every packet,
	 * kernel sockets' included, so it must be cheap and count nothing.
	 * early_drop(): the packet for @lport was dropped on owned()'s word;
	 * @owner is what owned() returned, valid in the same RCU section.
	 */
	const void *(*owned)(struct net *net, __be16 lport);
	void (*early_drop)(struct net *net, __be16 lport, const void *owner);
};

/* 0, or -EBUSY when another hook is registered, -EINVAL without ops. */
int sctp_ootb_hook_register_v3(const struct sctp_ootb_hook_ops *ops);
/* Clears the hook if it is @ops and waits for readers (may sleep). */
void sctp_ootb_hook_unregister_v3(const struct sctp_ootb_hook_ops *ops);

/* sctp.ko's side: enabled while a hook is registered. */
DECLARE_STATIC_KEY_FALSE(sctp_ootb_hook_key);

bool __sctp_ootb_hook_early_discard(struct net *net,
				    const struct sk_buff *skb);
bool __sctp_ootb_hook_discard(struct net *net, const struct sk_buff *skb,
			      const union sctp_addr *laddr,
			      const union sctp_addr *paddr);

/* Called by sctp_rcv(); true when the packet must be dropped silently. */
static inline bool sctp_ootb_hook_early_discard(struct net *net,
						const struct sk_buff *skb)
{
	if (!static_branch_unlikely(&sctp_ootb_hook_key))
		return false;
	return __sctp_ootb_hook_early_discard(net, skb);
}

static inline bool sctp_ootb_hook_discard(struct net *net,
					  const struct sk_buff *skb,
					  const union sctp_addr *laddr,
					  const union sctp_addr *paddr)
{
	if (!static_branch_unlikely(&sctp_ootb_hook_key))
		return false;
	return __sctp_ootb_hook_discard(net, skb, laddr, paddr);
}

#endif /* _NET_SCTP_OOTB_HOOK_H */
