// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace tables.  Writers hold on->lock and replace the whole
 * table; readers (the verdict, dumps) take none and see either the old or
 * the new table, never a mix.  Old tables are freed after a grace period.
 */
#include <linux/percpu.h>
#include <linux/rcupdate.h>

#include "netns.h"

unsigned int ootb_net_id __read_mostly;

static void ootb_table_free_rcu(struct rcu_head *head)
{
	ootb_table_free(container_of(head, struct ootb_table, rcu));
}

void ootb_net_publish(struct ootb_net *on, struct ootb_table *new)
{
	struct ootb_table *old = ootb_net_table(on);

	ootb_table_commit(old, new);
	rcu_assign_pointer(on->table, new);
	/* A dump that reads the new generation also reads the new table. */
	smp_wmb();
	WRITE_ONCE(on->gen, on->gen + 1);
	if (old)
		call_rcu(&old->rcu, ootb_table_free_rcu);
}

/* FLUSH and namespace exit alike.  The namespace totals stay. */
void ootb_net_flush(struct ootb_net *on)
{
	ootb_net_publish(on, NULL);
}

void ootb_net_totals(const struct ootb_net *on, struct ootb_totals *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ootb_net_stats *s = per_cpu_ptr(on->stats, cpu);
		u64 discarded, counted, aborted, unmatched;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			discarded = u64_stats_read(&s->discarded);
			counted = u64_stats_read(&s->counted);
			aborted = u64_stats_read(&s->aborted);
			unmatched = u64_stats_read(&s->unmatched);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->discarded += discarded;
		sum->counted += counted;
		sum->aborted += aborted;
		sum->unmatched += unmatched;
	}
}

static int __net_init ootb_net_init(struct net *net)
{
	struct ootb_net *on = ootb_net(net);
	int cpu;

	mutex_init(&on->lock);
	RCU_INIT_POINTER(on->table, NULL);
	on->gen = 1;	/* never 0: 0 means "no check" to a dump */
	on->stats = alloc_percpu(struct ootb_net_stats);
	if (!on->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(on->stats, cpu)->syncp);
	return 0;
}

/*
 * The namespace's devices are gone by now, so no packet of it can reach the
 * verdict; on module unload the hook was unregistered before this runs.
 */
static void __net_exit ootb_net_exit(struct net *net)
{
	struct ootb_net *on = ootb_net(net);

	mutex_lock(&on->lock);
	ootb_net_flush(on);
	mutex_unlock(&on->lock);
	free_percpu(on->stats);
	mutex_destroy(&on->lock);
}

static struct pernet_operations ootb_net_ops = {
	.init	= ootb_net_init,
	.exit	= ootb_net_exit,
	.id	= &ootb_net_id,
	.size	= sizeof(struct ootb_net),
};

int ootb_netns_register(void)
{
	return register_pernet_subsys(&ootb_net_ops);
}

void ootb_netns_unregister(void)
{
	unregister_pernet_subsys(&ootb_net_ops);
	/* The tables the exits handed to call_rcu() are freed by our code. */
	rcu_barrier();
}
