// SPDX-License-Identifier: GPL-2.0
/*
 * The records of claims (owner.h).  A record is made in the context of
 * the ADD_RANGE request that claims (current is the asker) and freed with
 * the last table entry pointing to it, possibly from an RCU callback:
 * put_pid() and kfree() are fine there.
 */
#include <linux/sched.h>
#include <linux/slab.h>

#include "owner.h"

struct ootb_owner *ootb_owner_new(u32 portid)
{
	struct ootb_owner *o;

	/* Charged to the asker's memory cgroup, as the table is. */
	o = kzalloc(sizeof(*o), OOTB_GFP);
	if (!o)
		return NULL;
	refcount_set(&o->ref, 1);
	o->portid = portid;
	o->pid = get_task_pid(current, PIDTYPE_TGID);
	get_task_comm(o->comm, current);
	return o;
}

void ootb_owner_put(struct ootb_owner *o)
{
	if (o && refcount_dec_and_test(&o->ref)) {
		put_pid(o->pid);
		kfree(o);
	}
}
