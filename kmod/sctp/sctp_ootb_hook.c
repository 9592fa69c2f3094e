// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-the-blue hook, built into the patched sctp.ko.
 *
 * The core owns one RCU-protected pointer to a const ops struct, in the
 * manner of netfilter's nf_ct_hook: the companion sets it at init and, at
 * exit, clears it and waits for readers before its code can go away.  With
 * nothing registered sctp_ootb_hook_discard() is false and sctp_rcv() goes
 * on exactly as the stock module does.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/sctp_ootb_hook.h>

static const struct sctp_ootb_hook_ops __rcu *sctp_ootb_hook __read_mostly;
static DEFINE_MUTEX(sctp_ootb_hook_mutex);

int sctp_ootb_hook_register(const struct sctp_ootb_hook_ops *ops)
{
	int err = 0;

	if (!ops || !ops->verdict)
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
