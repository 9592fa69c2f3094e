/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet counter of a range: one slot per CPU, so the hot path never
 * bounces a cache line between CPUs; u64_stats so 32-bit readers never see
 * a torn sum.
 *
 * Resetting: a per-CPU counter cannot be zeroed from another CPU without
 * losing the increments that race with the write, so it is never written
 * by anyone but its CPU.  Each CPU's slot keeps instead a baseline, @base,
 * written only by the namespace's writers (under its lock): the counter
 * reads as the sum over CPUs of (packets - base), and a reset sets each
 * CPU's base to the packets it read there.  The base lives in the same
 * per-CPU allocation as the counter, so it follows the counter from table
 * to table; and a reset reports exactly what it took away from each CPU,
 * so that successive read-and-reset steps plus a final read add up to
 * every packet counted, none twice, whatever the other CPUs do meanwhile.
 *
 * The algorithm (ootb_count_read, ootb_count_take, ootb_count_inc) is
 * written once, over a few primitives: the kernel's per-CPU slots, and on
 * the host (unit tests, benchmark) OOTB_COUNT_CPUS slots in one block, the
 * running thread's slot chosen by ootb_count_this_cpu, with C11 atomics of
 * the same orderings.  So the host's unit tests run the module's reset
 * exactly, several CPUs interleaved or racing.
 */
#ifndef _SCTP_OOTB_COUNTER_H
#define _SCTP_OOTB_COUNTER_H

#include "table_shim.h"

#ifdef __KERNEL__

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

struct ootb_count {
	u64_stats_t packets;
	atomic64_t base;
	struct u64_stats_sync syncp;
};

static inline struct ootb_count __percpu *ootb_count_alloc(void)
{
	struct ootb_count __percpu *c;
	int cpu;

	c = alloc_percpu_gfp(struct ootb_count, OOTB_GFP);
	if (!c)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c, cpu)->syncp);
	return c;
}

static inline void ootb_count_free(struct ootb_count __percpu *c)
{
	free_percpu(c);
}

#define ootb_count_for_each_cpu(cpu)	for_each_possible_cpu(cpu)
#define ootb_count_cpu(c, cpu)		per_cpu_ptr(c, cpu)
#define ootb_count_this(c)		this_cpu_ptr(c)

static inline void ootb_count_add_one(struct ootb_count *s)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_update_end(&s->syncp);
}

static inline u64 ootb_count_packets(const struct ootb_count *s)
{
	unsigned int start;
	u64 v;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		v = u64_stats_read(&s->packets);
	} while (u64_stats_fetch_retry(&s->syncp, start));
	return v;
}

#define ootb_count_base_acquire(s)	atomic64_read_acquire(&(s)->base)
#define ootb_count_base(s)		atomic64_read(&(s)->base)
#define ootb_count_set_base(s, v)	atomic64_set_release(&(s)->base, v)

#else /* !__KERNEL__: the host */

/* One CPU's slot; a counter is OOTB_COUNT_CPUS of them in one block. */
struct ootb_count {
	u64 packets;
	u64 base;
};

/* The CPUs a host build models, and the one the running thread is on. */
#define OOTB_COUNT_CPUS	4
extern __thread unsigned int ootb_count_this_cpu;

/*
 * Unit tests only: called each time a slot's packets have been read, so
 * that a test can make CPUs count right there, between a reset's read of
 * a slot and its write of the base: the race, every time.
 */
extern void (*ootb_count_on_read)(const struct ootb_count *s);

static inline struct ootb_count *ootb_count_alloc(void)
{
	struct ootb_count *c = ootb_alloc(OOTB_COUNT_CPUS * sizeof(*c));

	if (c)
		memset(c, 0, OOTB_COUNT_CPUS * sizeof(*c));
	return c;
}

static inline void ootb_count_free(struct ootb_count *c)
{
	ootb_free(c);
}

#define ootb_count_for_each_cpu(cpu)	\
	for ((cpu) = 0; (cpu) < OOTB_COUNT_CPUS; (cpu)++)
#define ootb_count_cpu(c, cpu)		(&(c)[cpu])
#define ootb_count_this(c)		(&(c)[ootb_count_this_cpu])

/* Only the slot's own CPU (thread) writes @packets, as in the kernel. */
static inline void ootb_count_add_one(struct ootb_count *s)
{
	__atomic_store_n(&s->packets,
			 __atomic_load_n(&s->packets, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELAXED);
}

static inline u64 ootb_count_packets(const struct ootb_count *s)
{
	u64 v = __atomic_load_n(&s->packets, __ATOMIC_RELAXED);

	if (ootb_count_on_read)
		ootb_count_on_read(s);
	return v;
}

#define ootb_count_base_acquire(s)	\
	__atomic_load_n(&(s)->base, __ATOMIC_ACQUIRE)
#define ootb_count_base(s)		\
	__atomic_load_n(&(s)->base, __ATOMIC_RELAXED)
#define ootb_count_set_base(s, v)	\
	__atomic_store_n(&(s)->base, v, __ATOMIC_RELEASE)

#endif /* __KERNEL__ */

/* Softirq or BH-disabled context, like every caller of sctp_rcv(). */
static inline void ootb_count_inc(struct ootb_count __percpu *c)
{
	ootb_count_add_one(ootb_count_this(c));
}

/*
 * Any context.  The base is read first: once a reset's base is seen, the
 * packets read after it are at least the ones that base was taken from.
 */
static inline u64 ootb_count_read(const struct ootb_count __percpu *c)
{
	u64 sum = 0;
	int cpu;

	ootb_count_for_each_cpu(cpu) {
		const struct ootb_count *s = ootb_count_cpu(c, cpu);
		u64 base = ootb_count_base_acquire(s);

		sum += ootb_count_packets(s) - base;
	}
	return sum;
}

/* Writers only (serialised): read the counter and zero it in one step. */
static inline u64 ootb_count_take(struct ootb_count __percpu *c)
{
	u64 sum = 0;
	int cpu;

	ootb_count_for_each_cpu(cpu) {
		struct ootb_count *s = ootb_count_cpu(c, cpu);
		u64 now = ootb_count_packets(s);

		sum += now - ootb_count_base(s);
		ootb_count_set_base(s, now);
	}
	return sum;
}

#endif /* _SCTP_OOTB_COUNTER_H */
