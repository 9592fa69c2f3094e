// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-the-blue hook, built into the patched sctp.ko.
 *
 * The core owns one RCU-protected pointer to a const ops struct, in the
 * manner of netfilter's nf_ct_hook: the companion sets it at init and, at
 * exit, clears it and waits for readers before its code can go away.  A
 * static key, enabled while the pointer is set, keeps sctp_rcv() from
 * calling in here at all when nothing is registered (see the inline
 * wrappers in net/sctp_ootb_hook.h); sctp_rcv() then goes on exactly as
 * the stock module does.  What each call means for a packet is in
 * net/sctp_ootb_hook.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jump_label.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/sctp/sctp.h>
#include <net/sctp_ootb_hook.h>

static const struct sctp_ootb_hook_ops __rcu *sctp_ootb_hook __read_mostly;
static DEFINE_MUTEX(sctp_ootb_hook_mutex);
DEFINE_STATIC_KEY_FALSE(sctp_ootb_hook_key);

int sctp_ootb_hook_register_v3(const struct sctp_ootb_hook_ops *ops)
{
	int err = 0;

	if (!ops || !ops->verdict || !ops->owned != !ops->early_drop)
		return -EINVAL;

	mutex_lock(&sctp_ootb_hook_mutex);
	if (rcu_dereference_protected(sctp_ootb_hook,
				      lockdep_is_held(&sctp_ootb_hook_mutex))) {
		err = -EBUSY;
	} else {
		rcu_assign_pointer(sctp_ootb_hook, ops);
		static_branch_enable(&sctp_ootb_hook_key);
	}
	mutex_unlock(&sctp_ootb_hook_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_register_v3);

void sctp_ootb_hook_unregister_v3(const struct sctp_ootb_hook_ops *ops)
{
	bool was_ours = false;

	mutex_lock(&sctp_ootb_hook_mutex);
	if (rcu_dereference_protected(sctp_ootb_hook,
				      lockdep_is_held(&sctp_ootb_hook_mutex)) == ops) {
		static_branch_disable(&sctp_ootb_hook_key);
		RCU_INIT_POINTER(sctp_ootb_hook, NULL);
		was_ours = true;
	}
	mutex_unlock(&sctp_ootb_hook_mutex);

	/* No reader may still be inside ops once we return. */
	if (was_ours)
		synchronize_rcu();
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_unregister_v3);

/*
 * The names of revisions 1 and 2.  A registrant that still calls them
 * passes an ops struct of another shape (revision 1 had only ->verdict,
 * revision 2 another ->owned and ->early_drop): refuse it, never read it,
 * and say who asked.
 */
int sctp_ootb_hook_register(const void *ops);
void sctp_ootb_hook_unregister(const void *ops);

int sctp_ootb_hook_register(const void *ops)
{
	pr_err("refused an out-of-the-blue hook of revision 1 or 2 (from %pS): this sctp.ko has hook revision %d only; load the companion built with it\n",
	       __builtin_return_address(0), SCTP_OOTB_HOOK_REV);
	return -EPROTONOSUPPORT;
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_register);

/* Nothing was registered through the old name: nothing to clear. */
void sctp_ootb_hook_unregister(const void *ops)
{
}
EXPORT_SYMBOL_GPL(sctp_ootb_hook_unregister);

/*
 * Is a socket of @net bound to @port?  Every kernel socket with a local port,
 * listening or not, and every association it holds keep a bind bucket for
 * that port until they are gone, so "no bucket" means "nothing in this
 * kernel can want the packet".
 *
 * Most ports a registrant owns have no bucket in their whole hash chain: an
 * empty chain is told without the lock.  A bind racing with that read is
 * the race the lock allows as well (the packet is decided one way or the
 * other, as if it came just before or just after the bind).  Only a chain
 * with buckets is walked, under the lock bind() takes (with BHs off, so
 * taking it here in softirq is safe): buckets are freed at once, not after
 * a grace period.  The walk is a function of its own so that it can be
 * counted (a kprobe on it) apart from the early path.
 */
static noinline __noclone bool sctp_ootb_port_walk(struct net *net,
					 struct sctp_bind_hashbucket *head,
					 unsigned short port)
{
	struct sctp_bind_bucket *pp;
	bool bound = false;

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

static bool sctp_ootb_port_bound(struct net *net, unsigned short port)
{
	struct sctp_bind_hashbucket *head;

	head = &sctp_port_hashtable[sctp_phashfn(net, port)];
	if (hlist_empty(&head->chain))
		return false;
	return sctp_ootb_port_walk(net, head, port);
}

/*
 * Before the checksum: the registrant's owned() first (it only consults its
 * table, so it is asked about the kernel's own traffic too), the bind hash
 * only for ports it claims.
 */
bool __sctp_ootb_hook_early_discard(struct net *net, const struct sk_buff *skb)
{
	const struct sctp_ootb_hook_ops *ops;
	__be16 lport = sctp_hdr(skb)->dest;
	bool discard = false;
	const void *owner;

	rcu_read_lock();
	ops = rcu_dereference(sctp_ootb_hook);
	if (ops && ops->owned) {
		owner = ops->owned(net, lport);
		if (owner && !sctp_ootb_port_bound(net, ntohs(lport))) {
			ops->early_drop(net, lport, owner);
			discard = true;
		}
	}
	rcu_read_unlock();
	return discard;
}

bool __sctp_ootb_hook_discard(struct net *net, const struct sk_buff *skb,
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
