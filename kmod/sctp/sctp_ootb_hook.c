// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-the-blue hook, built into the patched sctp.ko.
 *
 * The core owns one RCU-protected pointer to a const ops struct, in the
 * manner of netfilter's nf_ct_hook: the companion sets it at init and, at
 * exit, clears it and waits for readers before its code can go away.  With
 * nothing registered both calls below are false and sctp_rcv() goes on
 * exactly as the stock module does.  What each call means for a packet is
 * in net/sctp_ootb_hook.h.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/sctp/sctp.h>
#include <net/sctp_ootb_hook.h>

static const struct sctp_ootb_hook_ops __rcu *sctp_ootb_hook __read_mostly;
static DEFINE_MUTEX(sctp_ootb_hook_mutex);

int sctp_ootb_hook_register(const struct sctp_ootb_hook_ops *ops)
{
	int err = 0;

	if (!ops || !ops->verdict || !ops->owned != !ops->early_drop)
		return -EINVAL;

	mutex_lock(&sctp_ootb_hook_mutex);
	if (rcu_dereference_protected(sctp_ootb_hook,
				      lockdep_is_held(&sctp_ootb_hook_mutex)))
		err = -EBUSY;
	else
		rcu_assign_pointer(sctp_ootb_hook, ops);
	mutex_unlock(&sctp_ootb_hook_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_register);

void sctp_ootb_hook_unregister(const struct sctp_ootb_hook_ops *ops)
{
	bool was_ours = false;

	mutex_lock(&sctp_ootb_hook_mutex);
	if (rcu_dereference_protected(sctp_ootb_hook,
				      lockdep_is_held(&sctp_ootb_hook_mutex)) == ops) {
		RCU_INIT_POINTER(sctp_ootb_hook, NULL);
		was_ours = true;
	}
	mutex_unlock(&sctp_ootb_hook_mutex);

	/* No reader may still be inside ops->verdict() once we return. */
	if (was_ours)
		synchronize_rcu();
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_unregister);

/*
 * Is a socket of @net bound to @port?  Every kernel socket with a local port,
 * listening or not, and every association it holds keep a bind bucket for
 * that port until they are gone, so "no bucket" means "nothing in this
 * kernel can want the packet".  The chain is short; the bucket lock is the
 * one bind() takes (with BHs off, so taking it here in softirq is safe).
 */
static bool sctp_ootb_port_bound(struct net *net, unsigned short port)
{
	struct sctp_bind_hashbucket *head;
	struct sctp_bind_bucket *pp;
	bool bound = false;

	head = &sctp_port_hashtable[sctp_phashfn(net, port)];
	spin_lock(&head->lock);
	sctp_for_each_hentry(pp, &head->chain) {
		if (pp->port == port && net_eq(pp->net, net)) {
			bound = true;
			break;
		}
	}
	spin_unlock(&head->lock);
	return bound;
}

/*
 * Before the checksum: the registrant's owned() first (lock-free, and false
 * for the kernel's own traffic), the bind bucket only for ports it claims.
 */
bool sctp_ootb_hook_early_discard(struct net *net, const struct sk_buff *skb)
{
	const struct sctp_ootb_hook_ops *ops;
	__be16 lport = sctp_hdr(skb)->dest;
	bool discard = false;

	rcu_read_lock();
	ops = rcu_dereference(sctp_ootb_hook);
	if (ops && ops->owned && ops->owned(net, lport) == SCTP_OOTB_DISCARD &&
	    !sctp_ootb_port_bound(net, ntohs(lport))) {
		ops->early_drop(net, lport);
		discard = true;
	}
	rcu_read_unlock();
	return discard;
}

bool sctp_ootb_hook_discard(struct net *net, const struct sk_buff *skb,
			    const union sctp_addr *laddr,
			    const union sctp_addr *paddr)
{
	const struct sctp_ootb_hook_ops *ops;
	bool discard = false;

	rcu_read_lock();
	ops = rcu_dereference(sctp_ootb_hook);
	if (ops)
		discard = ops->verdict(net, skb, laddr, paddr) ==
			  SCTP_OOTB_DISCARD;
	rcu_read_unlock();
	return discard;
}

/* What modinfo shows an operator: this is not the distribution's sctp.ko. */
MODULE_VERSION("ootb." __stringify(SCTP_OOTB_HOOK_REV));
MODULE_INFO(ootb_hook, "rev " __stringify(SCTP_OOTB_HOOK_REV)
	    " (out-of-the-blue hook for usrsctp coexistence)");
