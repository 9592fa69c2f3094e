/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: the range table in force, the writers' lock
 * and the namespace totals.
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
	struct ootb_net_stats __percpu *stats;
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

/* With on->lock held: put @new (built from the table in force) in force. */
void ootb_net_publish(struct ootb_net *on, struct ootb_table *new);
/* With on->lock held: remove every range. */
void ootb_net_flush(struct ootb_net *on);

/* Readers (under RCU): a generation, then the table it goes with. */
static inline u32 ootb_net_gen(const struct ootb_net *on)
{
	u32 gen = READ_ONCE(on->gen);

	smp_rmb();	/* pairs with smp_wmb() in ootb_net_publish() */
	return gen;
}

void ootb_net_totals(const struct ootb_net *on, struct ootb_totals *sum);

#endif /* _SCTP_OOTB_NETNS_H */
