/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the range table needs from its environment, for the kernel and for
 * userspace (unit tests, micro-benchmark): memory, a sort, and one kind of
 * packet counter.  Nothing else in table.c may depend on where it runs.
 */
#ifndef _SCTP_OOTB_TABLE_SHIM_H
#define _SCTP_OOTB_TABLE_SHIM_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

/*
 * A table is 128 KiB of port index; vmalloc is fine for it.  The tables are
 * freed from an RCU callback: kvfree() copes with that context.
 */
static inline void *ootb_alloc(size_t size)
{
	return kvmalloc(size, GFP_KERNEL);
}

static inline void ootb_free(void *p)
{
	kvfree(p);
}

static inline void ootb_sort(void *base, size_t num, size_t size,
			     int (*cmp)(const void *, const void *))
{
	sort(base, num, size, cmp, NULL);
}

/*
 * One packet counter per range, per CPU so the hot path never bounces a
 * cache line between CPUs; u64_stats so 32-bit readers never see a torn sum.
 */
struct ootb_count {
	u64_stats_t packets;
	struct u64_stats_sync syncp;
};

static inline struct ootb_count __percpu *ootb_count_alloc(void)
{
	struct ootb_count __percpu *c;
	int cpu;

	c = alloc_percpu(struct ootb_count);
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

/* Softirq or BH-disabled context, like every caller of sctp_rcv(). */
static inline void ootb_count_inc(struct ootb_count __percpu *c)
{
	struct ootb_count *s = this_cpu_ptr(c);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_update_end(&s->syncp);
}

static inline u64 ootb_count_read(const struct ootb_count __percpu *c)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ootb_count *s = per_cpu_ptr(c, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->packets);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}

#else /* !__KERNEL__: userspace */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's names for fixed-size integers. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* Kernel annotations and types table.h uses, without their meaning. */
#define __percpu

struct rcu_head {
	void *next;
};

/*
 * Allocation accounting for the unit tests: ootb_shim_live counts blocks not
 * yet freed (leak checks), and a non-negative ootb_shim_fail_after makes the
 * allocation after that many more fail (error-path checks).
 */
extern long ootb_shim_live;
extern long ootb_shim_fail_after;

static inline void *ootb_alloc(size_t size)
{
	void *p;

	if (ootb_shim_fail_after == 0)
		return NULL;
	if (ootb_shim_fail_after > 0)
		ootb_shim_fail_after--;
	p = malloc(size);
	if (p)
		ootb_shim_live++;
	return p;
}

static inline void ootb_free(void *p)
{
	if (p)
		ootb_shim_live--;
	free(p);
}

static inline void ootb_sort(void *base, size_t num, size_t size,
			     int (*cmp)(const void *, const void *))
{
	qsort(base, num, size, cmp);
}

/* One shared counter; relaxed atomics keep a threaded benchmark honest. */
struct ootb_count {
	u64 packets;
};

static inline struct ootb_count *ootb_count_alloc(void)
{
	struct ootb_count *c = ootb_alloc(sizeof(*c));

	if (c)
		c->packets = 0;
	return c;
}

static inline void ootb_count_free(struct ootb_count *c)
{
	ootb_free(c);
}

static inline void ootb_count_inc(struct ootb_count *c)
{
	__atomic_fetch_add(&c->packets, 1, __ATOMIC_RELAXED);
}

static inline u64 ootb_count_read(const struct ootb_count *c)
{
	return __atomic_load_n(&c->packets, __ATOMIC_RELAXED);
}

#endif /* __KERNEL__ */

#endif /* _SCTP_OOTB_TABLE_SHIM_H */
