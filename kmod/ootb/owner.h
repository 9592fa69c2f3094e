/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who made a claim.  A claim is a range owned by the netlink socket that
 * asked for it (its port id, in the range's entry); the entry also points
 * to this record of the claim: the socket's port id again, the process
 * that asked and its command name then, and whether the socket is gone.
 *
 * Every entry that points to a record holds a reference on it: tables are
 * copied on every change and freed after a grace period, and the record
 * goes with the last of them.  The kernel's record pins the asking
 * process's struct pid (not the task), so that its number can be read in
 * any pid namespace for as long as the claim lasts and recognised as gone
 * once the process has exited.
 *
 * On the host (unit tests, sctpctl's copy of the table, the tests' fake
 * module) a record is a port id and a count, allocated through the shim
 * so that the leak checks see it.
 */
#ifndef _SCTP_OOTB_OWNER_H
#define _SCTP_OOTB_OWNER_H

#include "table_shim.h"

#ifdef __KERNEL__

#include <linux/pid.h>
#include <linux/refcount.h>
#include <linux/sched.h>

struct ootb_owner {
	refcount_t ref;
	u32 portid;		/* the owning socket */
	bool released;		/* under the namespace's lock: socket gone */
	struct pid *pid;	/* the process that made the claim */
	char comm[TASK_COMM_LEN];	/* its command name then */
};

/* A record for a claim @portid makes now (current is the asker). */
struct ootb_owner *ootb_owner_new(u32 portid);
void ootb_owner_put(struct ootb_owner *o);

static inline void ootb_owner_get(struct ootb_owner *o)
{
	if (o)
		refcount_inc(&o->ref);
}

#else /* !__KERNEL__ */

struct ootb_owner {
	long ref;
	u32 portid;
	bool released;
};

static inline struct ootb_owner *ootb_owner_new(u32 portid)
{
	struct ootb_owner *o = ootb_alloc(sizeof(*o));

	if (o) {
		o->ref = 1;
		o->portid = portid;
		o->released = false;
	}
	return o;
}

static inline void ootb_owner_get(struct ootb_owner *o)
{
	if (o)
		o->ref++;
}

static inline void ootb_owner_put(struct ootb_owner *o)
{
	if (o && !--o->ref)
		ootb_free(o);
}

#endif /* __KERNEL__ */

#endif /* _SCTP_OOTB_OWNER_H */
