// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict on out-of-the-blue packets, and how we reach sctp.ko.
 *
 * The hook API is looked up at load time with symbol_request() instead of
 * being linked against: modprobe then loads the sctp module that provides it
 * (ours, when installed), and on a stock sctp.ko this module refuses to load
 * with a message that says why, instead of "Unknown symbol" in dmesg.
 */
#include <linux/module.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <net/sctp_ootb_hook.h>

#include "hook.h"
#include "netns.h"

static int (*hook_register)(const struct sctp_ootb_hook_ops *ops);
static void (*hook_unregister)(const struct sctp_ootb_hook_ops *ops);
static bool hook_active;

#ifdef OOTB_TEST
/*
 * The test build only (OOTB_TEST, never the shipped module): ootb_owned()
 * waits test_owned_delay_ms after its lookup for a packet to
 * test_owned_delay_port, and counts the waits, so that a test can replace
 * the table between the early path's two calls.
 */
#include <linux/delay.h>
static unsigned int test_owned_delay_port;
module_param(test_owned_delay_port, uint, 0644);
static unsigned int test_owned_delay_ms;
module_param(test_owned_delay_ms, uint, 0644);
static atomic_t test_owned_delays = ATOMIC_INIT(0);
module_param_named(test_owned_delays, test_owned_delays.counter, int, 0444);

static void ootb_test_owned_delay(u16 port)
{
	unsigned int ms = READ_ONCE(test_owned_delay_ms);

	if (ms && port == READ_ONCE(test_owned_delay_port)) {
		atomic_inc(&test_owned_delays);
		mdelay(ms);
	}
}
#else
static inline void ootb_test_owned_delay(u16 port)
{
}
#endif

static void ootb_stat_inc(struct ootb_net_stats *s, u64_stats_t *stat)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(stat);
	u64_stats_update_end(&s->syncp);
}

/* Softirq, under rcu_read_lock() (see net/sctp_ootb_hook.h). */
static enum sctp_ootb_verdict ootb_verdict(struct net *net,
					   const struct sk_buff *skb,
					   const union sctp_addr *laddr,
					   const union sctp_addr *paddr)
{
	struct ootb_net *on = ootb_net(net);
	struct ootb_net_stats *s = this_cpu_ptr(on->stats);
	const struct ootb_entry *e;

	/* Only our own port decides; sin_port and sin6_port coincide. */
	BUILD_BUG_ON(offsetof(struct sockaddr_in, sin_port) !=
		     offsetof(struct sockaddr_in6, sin6_port));
	e = ootb_table_lookup(rcu_dereference(on->table),
			      ntohs(laddr->v4.sin_port));
	if (!e) {
		ootb_stat_inc(s, &s->unmatched);
		return SCTP_OOTB_PASS;
	}

	ootb_entry_hit(e);
	switch (e->policy) {
	case SCTP_OOTB_POLICY_DISCARD:
		ootb_stat_inc(s, &s->discarded);
		return SCTP_OOTB_DISCARD;
	case SCTP_OOTB_POLICY_COUNT:
		ootb_stat_inc(s, &s->counted);
		return SCTP_OOTB_PASS;
	default:
		ootb_stat_inc(s, &s->aborted);
		return SCTP_OOTB_PASS;
	}
}

/*
 * The early path: asked about every SCTP packet before its checksum, the
 * kernel's own traffic included, so it only looks.  It returns the range
 * that decides the port when that range discards.  sctp.ko drops the
 * packet only if no kernel socket is bound to the port, and then hands that
 * same range to ootb_early_drop() (in the same RCU section, so the table
 * it belongs to is still there), which counts it as ootb_verdict() would
 * have: one lookup per packet, and a table replaced in between cannot
 * credit the drop to another range.
 */
static const void *ootb_owned(struct net *net, __be16 lport)
{
	const struct ootb_entry *e;

	e = ootb_table_lookup(rcu_dereference(ootb_net(net)->table),
			      ntohs(lport));
	ootb_test_owned_delay(ntohs(lport));
	return e && e->policy == SCTP_OOTB_POLICY_DISCARD ? e : NULL;
}

static void ootb_early_drop(struct net *net, __be16 lport, const void *owner)
{
	struct ootb_net *on = ootb_net(net);
	struct ootb_net_stats *s = this_cpu_ptr(on->stats);

	ootb_entry_hit(owner);
	ootb_stat_inc(s, &s->discarded);
}

static const struct sctp_ootb_hook_ops ootb_hook_ops = {
	.verdict = ootb_verdict,
	.owned = ootb_owned,
	.early_drop = ootb_early_drop,
};

int ootb_hook_get(void)
{
	hook_register = symbol_request(sctp_ootb_hook_register_v3);
	if (hook_register)
		hook_unregister = symbol_get(sctp_ootb_hook_unregister_v3);
	if (hook_register && hook_unregister)
		return 0;

	if (hook_register)
		symbol_put(sctp_ootb_hook_register_v3);
	hook_register = NULL;
	pr_err("the loaded sctp module is the stock one, without the out-of-the-blue hook of revision %d (or no patched sctp.ko of that revision is installed): install the patched sctp.ko built with this module (make install) and reboot\n",
	       SCTP_OOTB_HOOK_REV);
	return -EOPNOTSUPP;
}

void ootb_hook_put(void)
{
	symbol_put(sctp_ootb_hook_unregister_v3);
	symbol_put(sctp_ootb_hook_register_v3);
}

int ootb_hook_register(void)
{
	int err = hook_register(&ootb_hook_ops);

	if (err == -EBUSY)
		pr_err("another module holds the sctp out-of-the-blue hook\n");
	else if (err)
		pr_err("cannot register the sctp out-of-the-blue hook: %d\n",
		       err);
	else
		WRITE_ONCE(hook_active, true);
	return err;
}

void ootb_hook_unregister(void)
{
	WRITE_ONCE(hook_active, false);
	/* Returns once no CPU can still be in ootb_verdict(). */
	hook_unregister(&ootb_hook_ops);
}

bool ootb_hook_active(void)
{
	return READ_ONCE(hook_active);
}
