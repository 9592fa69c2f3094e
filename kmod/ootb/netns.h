/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: the range table in force, the writers' lock,
 * the namespace totals and the reserved ports this module set.
 */
#ifndef _SCTP_OOTB_NETNS_H
#define _SCTP_OOTB_NETNS_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "table.h"

struct ootb_net_stats {
	u64_stats_t discarded;	/* DISCARD: dropped silently */
	u64_stats_t counted;	/* COUNT: passed on, would have been dropped */
	u64_stats_t aborted;	/* ABORT: passed on by an explicit exception */
	u64_stats_t unmatched;	/* in no range: passed on */
	struct u64_stats_sync syncp;
};

struct ootb_totals {
	u64 discarded;
	u64 counted;
	u64 aborted;
	u64 unmatched;
};

struct ootb_net {
	struct ootb_table __rcu *table;	/* NULL: no range */
	struct mutex lock;		/* serialises writers of @table */
	u32 gen;			/* bumped after each publish: dumps */
	/* Claims in @table: written under @lock, read without it. */
	u32 claims;
	/* Under @lock: released claims still in @table (see netlink.c). */
	bool zombies;
	struct ootb_net_stats __percpu *stats;
	/*
	 * Under @lock.  The totals read as the per-CPU sums minus @base, and
	 * a reset sets @base to the sums: the per-CPU counters are only ever
	 * written by their own CPU.
	 */
	struct ootb_totals base;
	/*
	 * Under @lock.  The bits of ip_local_reserved_ports this module set
	 * (see ootb_reserve_sync()); allocated while a RESERVE range exists.
	 */
	unsigned long *reserved;
};

extern unsigned int ootb_net_id;

static inline struct ootb_net *ootb_net(const struct net *net)
{
	return net_generic(net, ootb_net_id);
}

static inline struct ootb_table *ootb_net_table(struct ootb_net *on)
{
	return rcu_dereference_protected(on->table,
					 lockdep_is_held(&on->lock));
}

int ootb_netns_register(void);
void ootb_netns_unregister(void);

/*
 * With the lock held, before a change: what @new needs to be published
 * (the record of reserved ports when it has a RESERVE range).  0 or
 * -ENOMEM; nothing to undo if the change is then given up.
 */
int ootb_net_prepare(struct net *net, const struct ootb_table *new);
/* With the lock held: put @new (built from the table in force) in force. */
void ootb_net_publish(struct net *net, struct ootb_table *new);
/* With the lock held: remove every range. */
void ootb_net_flush(struct net *net);

/* Readers (under RCU): a generation, then the table it goes with. */
static inline u32 ootb_net_gen(const struct ootb_net *on)
{
	u32 gen = READ_ONCE(on->gen);

	smp_rmb();	/* pairs with smp_wmb() in ootb_net_publish() */
	return gen;
}

/* With the lock held: the totals since the last reset, or zero them. */
void ootb_net_totals(struct ootb_net *on, struct ootb_totals *sum);
void ootb_net_totals_reset(struct ootb_net *on);

#endif /* _SCTP_OOTB_NETNS_H */
