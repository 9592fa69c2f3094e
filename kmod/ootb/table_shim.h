/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the range table needs from its environment, for the kernel and for
 * userspace (unit tests, micro-benchmark): memory, a sort and a few bit
 * operations; the packet counter, per CPU, is counter.h's.  Nothing else in
 * table.c may depend on where it runs.
 */
#ifndef _SCTP_OOTB_TABLE_SHIM_H
#define _SCTP_OOTB_TABLE_SHIM_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/vmalloc.h>

#include <linux/bitops.h>
#include <linux/find.h>

/*
 * Every allocation is made on behalf of a netlink request and charged to
 * the requester's memory cgroup (__GFP_ACCOUNT).  A request that would
 * take the cgroup over its limit, or that the system cannot serve, fails
 * with ENOMEM: __GFP_RETRY_MAYFAIL keeps the OOM killer (the cgroup's and
 * the system's) out of it and __GFP_NOWARN keeps the console quiet, since
 * the requester asked for too much and the kernel did nothing wrong.
 *
 * A block larger than a page (the 128 KiB port index, a list of ranges)
 * is not worth reclaim and compaction to be contiguous: one kmalloc
 * attempt with __GFP_NORETRY (no retries, no OOM killer), then vmalloc,
 * page by page, with OOTB_GFP.  This is what kvmalloc() does for plain
 * GFP_KERNEL; given __GFP_RETRY_MAYFAIL it would keep that flag for the
 * contiguous attempt too, and any user namespace's root could make every
 * table change retry reclaim and compaction for 128 KiB.  Tables are
 * freed from an RCU callback, where kvfree() is fine.
 */
#define OOTB_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)
#define OOTB_GFP_TRY	(GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN)

static inline void *ootb_alloc(size_t size)
{
	void *p;

	if (size <= PAGE_SIZE)
		return kmalloc(size, OOTB_GFP);
	p = kmalloc(size, OOTB_GFP_TRY);
	return p ? p : __vmalloc(size, OOTB_GFP);
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
 * Bitmaps of 65536 ports: the namespace's ip_local_reserved_ports (read
 * by every socket that picks an ephemeral port, so the bits are changed
 * atomically) and the module's own record of the bits it set.
 */
static inline bool ootb_bit_test(u32 nr, const unsigned long *map)
{
	return test_bit(nr, map);
}

static inline void ootb_bit_set(u32 nr, unsigned long *map)
{
	set_bit(nr, map);
}

static inline void ootb_bit_clear(u32 nr, unsigned long *map)
{
	clear_bit(nr, map);
}

static inline bool ootb_bit_test_and_set(u32 nr, unsigned long *map)
{
	return test_and_set_bit(nr, map);
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
 * yet freed (leak checks), a non-negative ootb_shim_fail_after makes the
 * allocation after that many more fail (error-path checks), and
 * ootb_shim_on_alloc, when set, sees the size of every block asked for
 * (layout checks).
 */
extern long ootb_shim_live;
extern long ootb_shim_fail_after;
extern void (*ootb_shim_on_alloc)(size_t size);

static inline void *ootb_alloc(size_t size)
{
	void *p;

	if (ootb_shim_fail_after == 0)
		return NULL;
	if (ootb_shim_fail_after > 0)
		ootb_shim_fail_after--;
	if (ootb_shim_on_alloc)
		ootb_shim_on_alloc(size);
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

#define OOTB_BITS_PER_LONG	(8 * sizeof(unsigned long))

static inline bool ootb_bit_test(u32 nr, const unsigned long *map)
{
	return (map[nr / OOTB_BITS_PER_LONG] >> (nr % OOTB_BITS_PER_LONG)) & 1;
}

static inline void ootb_bit_set(u32 nr, unsigned long *map)
{
	map[nr / OOTB_BITS_PER_LONG] |= 1UL << (nr % OOTB_BITS_PER_LONG);
}

static inline void ootb_bit_clear(u32 nr, unsigned long *map)
{
	map[nr / OOTB_BITS_PER_LONG] &= ~(1UL << (nr % OOTB_BITS_PER_LONG));
}

static inline bool ootb_bit_test_and_set(u32 nr, unsigned long *map)
{
	bool was = ootb_bit_test(nr, map);

	ootb_bit_set(nr, map);
	return was;
}

#endif /* __KERNEL__ */

#endif /* _SCTP_OOTB_TABLE_SHIM_H */
