/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-namespace table of local port ranges and their policies.
 *
 * A table is immutable once built.  Every change builds a new table from the
 * old one (copy-on-write) and the caller publishes it; readers therefore need
 * no lock, and a lookup is three dependent loads whatever the number of
 * ranges: a 64 Ki entry index maps each port to the range that decides it.
 *
 * Memory: the index is 2^17 bytes, in an allocation of its own; the header
 * and the entries are another.  kmalloc rounds a large block up to a power
 * of two pages, so one block of the index plus anything else would take
 * 256 KiB for 128 KiB of use; two blocks waste nothing on the index and at
 * most the slab rounding of the entries.
 *
 * Ranges are [lo, hi] with 1 <= lo <= hi <= 65535.  Any two ranges are
 * disjoint or strictly nested, and the innermost range containing a port
 * decides it (the most specific range wins).  Entries are kept sorted by lo,
 * then widest first, which is also the order of a dump.
 *
 * An empty table is the NULL pointer: a namespace without ranges costs no
 * table memory, and every function here accepts NULL as "no ranges".
 *
 * Counters: each range has a packet counter in its own allocation.  A new
 * table built from an old one shares the counters of the ranges it keeps
 * (same lo and hi, whatever the policy), so no count is lost while readers
 * still use the old table; a counter's reset state lives in that same
 * allocation (counter.h) and so goes with it.  Who frees a counter is tracked per entry: a
 * built table owns only its fresh counters until ootb_table_commit() hands it
 * those of the old table; freeing an uncommitted table therefore never
 * touches the counters of the table in force.
 *
 * Claims: a range may be owned by the netlink socket that asked for it
 * (->owner, its port id; ->who, the record of the claim, see owner.h).
 * Owned ranges follow the rules of every range and count against a budget
 * of their own (OOTB_MAX_CLAIMS, beside OOTB_MAX_RANGES for the others).
 * Every builder keeps them unless told otherwise: a replace of the whole
 * table (ootb_table_build) and a flush keep them, only their owner or a
 * forced delete removes one, and ootb_table_drop() removes those of a
 * socket that is gone.
 *
 * Writers must be serialised by the caller; readers only need the table to
 * stay allocated (RCU in the kernel).
 */
#ifndef _SCTP_OOTB_TABLE_H
#define _SCTP_OOTB_TABLE_H

#include "counter.h"
#include "owner.h"
#include <uapi/linux/sctp_ootb.h>

#define OOTB_PORTS		65536
#define OOTB_MAX_RANGES		SCTP_OOTB_MAX_RANGES
#define OOTB_MAX_CLAIMS		SCTP_OOTB_MAX_CLAIMS
#define OOTB_BITMAP_BYTES	(OOTB_PORTS / 8)

/* A range as requested: wide fields so that 0 and 65536 can be refused. */
struct ootb_range_spec {
	u32 lo;
	u32 hi;
	u32 policy;	/* enum sctp_ootb_policy */
	bool reserve;	/* also in ip_local_reserved_ports */
	u32 owner;	/* a claim: the owning socket's port id; 0: none */
	struct ootb_owner *who;	/* a claim's record: the builder takes a ref */
};

/* Why a request was refused; see ootb_reason_str(). */
enum ootb_reason {
	OOTB_R_NONE,
	OOTB_R_PORT,		/* EINVAL: port 0 or above 65535 */
	OOTB_R_ORDER,		/* EINVAL: lo > hi */
	OOTB_R_POLICY,		/* EINVAL: unknown policy */
	OOTB_R_SYNTAX,		/* EINVAL: unparsable text (ootb_parse_ranges) */
	OOTB_R_EXISTS,		/* EEXIST: identical range in the table */
	OOTB_R_DUPLICATE,	/* EEXIST: identical range twice in a list */
	OOTB_R_OVERLAP,		/* EBUSY:  partial overlap with @with */
	OOTB_R_FULL,		/* ENOSPC: more than OOTB_MAX_RANGES */
	OOTB_R_NOENT,		/* ENOENT: no such range */
	OOTB_R_NOMEM,		/* ENOMEM */
	OOTB_R_OWNED,		/* EPERM:  a claim of another socket */
	OOTB_R_CLAIMED,		/* EEXIST: identical to a claim */
	OOTB_R_CLAIMS_FULL,	/* ENOSPC: more than OOTB_MAX_CLAIMS claims */
};

struct ootb_reject {
	enum ootb_reason reason;
	u32 pos;		/* item of the request at fault (list index) */
	u16 with_lo;		/* OVERLAP, EXISTS, DUPLICATE, CLAIMED, OWNED: */
	u16 with_hi;		/* the other range */
	u32 with_owner;		/* CLAIMED, OWNED: its owner's port id */
};

struct ootb_entry {
	/* read on the hot path */
	struct ootb_count __percpu *count;
	u8 policy;
	/* read by dumps and writers */
	u16 lo;
	u16 hi;
	u8 reserve;		/* RESERVE asked for this range */
	/* writer-side bookkeeping, never read by the hot path */
	u8 reserved;		/* this range or one around it has RESERVE */
	u8 own;			/* this table frees @count */
	u16 from;		/* 1 + index in the table built from, or 0 */
	u16 pos;		/* position in the request, for reject.pos */
	u16 parent;		/* 1 + index of the enclosing range, or 0 */
	u32 owner;		/* a claim: the owning socket's port id, or 0 */
	struct ootb_owner *who;	/* a claim: its record (a reference) */
};

struct ootb_table {
	u16 *index;		/* [OOTB_PORTS]: port -> 1 + entry index, 0: none */
	u32 n;
	u32 claims;		/* entries with an owner */
	struct rcu_head rcu;	/* for the publisher's deferred free */
	struct ootb_entry e[];
};

/* The range deciding @port, or NULL. */
static inline const struct ootb_entry *
ootb_table_lookup(const struct ootb_table *t, u16 port)
{
	u16 i;

	if (!t)
		return NULL;
	i = t->index[port];
	return i ? &t->e[i - 1] : NULL;
}

static inline u32 ootb_table_size(const struct ootb_table *t)
{
	return t ? t->n : 0;
}

/* Of those, the claims, and the ranges nobody owns. */
static inline u32 ootb_table_claims(const struct ootb_table *t)
{
	return t ? t->claims : 0;
}

static inline u32 ootb_table_ranges(const struct ootb_table *t)
{
	return ootb_table_size(t) - ootb_table_claims(t);
}

/* Entries in dump order; @i < ootb_table_size(t). */
static inline const struct ootb_entry *
ootb_table_entry(const struct ootb_table *t, u32 i)
{
	return &t->e[i];
}

static inline void ootb_entry_hit(const struct ootb_entry *e)
{
	ootb_count_inc(e->count);
}

static inline u64 ootb_entry_matched(const struct ootb_entry *e)
{
	return ootb_count_read(e->count);
}

/* Writers only: MATCHED read and zeroed in one step (counter.h). */
static inline u64 ootb_entry_reset(const struct ootb_entry *e)
{
	return ootb_count_take(e->count);
}

/* The range [lo, hi] exactly, or NULL. */
const struct ootb_entry *ootb_table_find(const struct ootb_table *t,
					 u32 lo, u32 hi);

/* Does any range of @t ask for RESERVE? */
bool ootb_table_reserves(const struct ootb_table *t);

/*
 * Bring @sys, a namespace's ip_local_reserved_ports, in line with @t: a
 * port is wanted when a RESERVE range covers it.  @ours records the bits
 * this module set: a wanted port whose bit was clear is set and recorded;
 * a recorded port no longer wanted is cleared in both; bits set by anyone
 * else are never touched.  A wanted port already recorded is set again,
 * so a change of the table repairs what a write of the sysctl undid.
 * Returns how many ports stay recorded (0: @ours may be freed).
 */
u32 ootb_reserve_sync(const struct ootb_table *t, unsigned long *sys,
		      unsigned long *ours);

/*
 * Builders.  Each returns 0 and a new table in *@newp (NULL when it has no
 * range), or a negative errno with *@why filled in; @old is never modified
 * and may be NULL.
 */

/*
 * Add @r, a claim of the socket @r->owner when that is not 0 (the table
 * takes its own reference on @r->who).  An identical range is -EEXIST
 * unless @replace (its policy and reserve flag change, its counter stays);
 * a replace never changes who owns a range: a claim replaces only the
 * same socket's claim, a request of nobody's only a range nobody owns,
 * and a range owned by another socket is OOTB_R_CLAIMED.
 */
int ootb_table_add(const struct ootb_table *old,
		   const struct ootb_range_spec *r, bool replace,
		   struct ootb_table **newp, struct ootb_reject *why);

/*
 * Remove exactly [lo, hi]; ranges nested inside it stay.  A claim goes
 * only at the request of its owner (@requester, a port id) or with
 * @force, else OOTB_R_OWNED.
 */
int ootb_table_del(const struct ootb_table *old, u32 lo, u32 hi,
		   u32 requester, bool force,
		   struct ootb_table **newp, struct ootb_reject *why);

/*
 * A whole new table from @n ranges (none of them claims) and the claims
 * of @old, validated as one set; why->pos indexes @list (a range at
 * fault with a claim is always the one of @list; identical to a claim,
 * the reason is OOTB_R_CLAIMED).  Ranges identical to one in @old keep
 * its counter.
 */
int ootb_table_build(const struct ootb_table *old,
		     const struct ootb_range_spec *list, u32 n,
		     struct ootb_table **newp, struct ootb_reject *why);

/*
 * @old without the ranges nobody owns: its claims only.  As
 * ootb_table_drop(): how many ranges went, and *@newp.
 */
int ootb_table_flush(const struct ootb_table *old,
		     struct ootb_table **newp, struct ootb_reject *why);

/*
 * @old without the entries for which @gone(@e, @arg) is true.  Returns how
 * many it left out (0: *@newp is NULL and @old may stay), or a negative
 * errno.
 */
int ootb_table_drop(const struct ootb_table *old,
		    bool (*gone)(const struct ootb_entry *e, void *arg),
		    void *arg, struct ootb_table **newp,
		    struct ootb_reject *why);

/*
 * @new, built from @old, is about to replace it: hand over the counters they
 * share.  Afterwards freeing @old frees only counters of ranges @new dropped.
 */
void ootb_table_commit(struct ootb_table *old, struct ootb_table *new);

/* Frees @t and the counters it owns; NULL is fine. */
void ootb_table_free(struct ootb_table *t);

/* The errno of a reason, and a short lowercase text for it. */
int ootb_reason_errno(enum ootb_reason reason);
const char *ootb_reason_str(enum ootb_reason reason);

/* Policy names used by the module parameter: "discard", "abort", "count". */
const char *ootb_policy_name(u32 policy);

/*
 * Parse "LO[-HI][:POLICY][,...]" (POLICY defaults to discard; "" is an empty
 * list) into @out, at most @max items.  Only the syntax is checked here:
 * port and order errors come from ootb_table_build(), so that text and
 * netlink are refused for the same reasons.  why->pos is the 0-based item.
 */
int ootb_parse_ranges(const char *s, struct ootb_range_spec *out, u32 max,
		      u32 *n, struct ootb_reject *why);

#endif /* _SCTP_OOTB_TABLE_H */
