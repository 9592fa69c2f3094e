// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace tables.  Writers hold on->lock and replace the whole
 * table; readers (the verdict, dumps) take none and see either the old or
 * the new table, never a mix.  Old tables are freed after a grace period.
 *
 * Reserved ports.  net->ipv4.sysctl_local_reserved_ports is the bitmap
 * behind net.ipv4.ip_local_reserved_ports; inet_is_local_reserved_port()
 * tests it (with the same field and meaning on 6.1 and 6.12) when SCTP,
 * TCP or UDP pick an ephemeral port.  A RESERVE range sets the bits of its
 * ports that were clear, and the module clears only those again.  The
 * sysctl has no owner per bit: a write of it replaces the whole bitmap
 * (proc_do_large_bitmap() copies the new one over, without a lock this
 * module could take).  A write while RESERVE ranges exist may therefore
 * drop bits the module set (the ports are no longer reserved until the
 * next change of the table sets them again), and a bit the module set
 * stays the module's even if the write listed that port too: it is cleared
 * when no RESERVE range covers the port any more.  A write that races with
 * a change of the table may lose the module's update or the admin's.
 */
#include <linux/bitmap.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>

#include "netns.h"

unsigned int ootb_net_id __read_mostly;

static unsigned long *ootb_sysctl_reserved(struct net *net)
{
#ifdef CONFIG_SYSCTL
	return net->ipv4.sysctl_local_reserved_ports;
#else
	return NULL;
#endif
}

static void ootb_table_free_rcu(struct rcu_head *head)
{
	ootb_table_free(container_of(head, struct ootb_table, rcu));
}

int ootb_net_prepare(struct net *net, const struct ootb_table *new)
{
	struct ootb_net *on = ootb_net(net);

	lockdep_assert_held(&on->lock);
	if (on->reserved || !ootb_table_reserves(new))
		return 0;
	if (!ootb_sysctl_reserved(net))
		return -EOPNOTSUPP;
	on->reserved = ootb_alloc(OOTB_BITMAP_BYTES);
	if (!on->reserved)
		return -ENOMEM;
	bitmap_zero(on->reserved, OOTB_PORTS);
	return 0;
}

void ootb_net_publish(struct net *net, struct ootb_table *new)
{
	struct ootb_net *on = ootb_net(net);
	struct ootb_table *old = ootb_net_table(on);

	ootb_table_commit(old, new);
	rcu_assign_pointer(on->table, new);
	WRITE_ONCE(on->claims, ootb_table_claims(new));
	/* A dump that reads the new generation also reads the new table. */
	smp_wmb();
	WRITE_ONCE(on->gen, on->gen + 1);

	/* on->reserved exists once a table had a RESERVE range (prepare). */
	if (on->reserved &&
	    !ootb_reserve_sync(new, ootb_sysctl_reserved(net), on->reserved) &&
	    !ootb_table_reserves(new)) {
		kvfree(on->reserved);
		on->reserved = NULL;
	}

	if (old)
		call_rcu(&old->rcu, ootb_table_free_rcu);
}

/* FLUSH, namespace exit and module unload alike.  The totals stay. */
void ootb_net_flush(struct net *net)
{
	ootb_net_publish(net, NULL);
}

static void ootb_net_totals_raw(const struct ootb_net *on,
				struct ootb_totals *sum)
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

void ootb_net_totals(struct ootb_net *on, struct ootb_totals *sum)
{
	lockdep_assert_held(&on->lock);
	ootb_net_totals_raw(on, sum);
	sum->discarded -= on->base.discarded;
	sum->counted -= on->base.counted;
	sum->aborted -= on->base.aborted;
	sum->unmatched -= on->base.unmatched;
}

void ootb_net_totals_reset(struct ootb_net *on)
{
	lockdep_assert_held(&on->lock);
	ootb_net_totals_raw(on, &on->base);
}

static int __net_init ootb_net_init(struct net *net)
{
	struct ootb_net *on = ootb_net(net);
	int cpu;

	mutex_init(&on->lock);
	RCU_INIT_POINTER(on->table, NULL);
	on->gen = 1;	/* never 0: 0 means "no check" to a dump */
	memset(&on->base, 0, sizeof(on->base));
	on->reserved = NULL;
	on->claims = 0;
	on->zombies = false;
	/* Charged to whoever creates the namespace. */
	on->stats = alloc_percpu_gfp(struct ootb_net_stats, OOTB_GFP);
	if (!on->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(on->stats, cpu)->syncp);
	return 0;
}

/*
 * The namespace's devices are gone by now, so no packet of it can reach the
 * verdict; on module unload the hook was unregistered before this runs.
 * The flush also clears the reserved ports this module set: the ipv4
 * sysctls of the namespace, registered long before this module, are torn
 * down after it.
 */
static void __net_exit ootb_net_exit(struct net *net)
{
	struct ootb_net *on = ootb_net(net);

	mutex_lock(&on->lock);
	ootb_net_flush(net);
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
