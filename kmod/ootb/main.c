// SPDX-License-Identifier: GPL-2.0
/*
 * sctp_ootb: per network namespace policy for the SCTP packets the patched
 * sctp.ko would answer as "out of the blue" (RFC 9260 section 8.4), so that
 * a userspace SCTP stack (usrsctp) can own local ports next to kernel SCTP.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <net/sctp_ootb_hook.h>

#include "hook.h"
#include "netlink.h"
#include "netns.h"

static char *ranges;
module_param(ranges, charp, 0444);
MODULE_PARM_DESC(ranges,
		 "ranges of the initial network namespace, LO[-HI][:discard|abort|count][,...], e.g. \"5000-5100,5050:abort\" (default policy discard)");

/* The whole parameter or nothing: a bad item fails the module load. */
static int __init ootb_param_table(struct ootb_table **tp)
{
	struct ootb_range_spec *list;
	struct ootb_reject why;
	u32 n = 0;
	int err;

	*tp = NULL;
	if (!ranges || !*ranges)
		return 0;

	list = kvmalloc_array(OOTB_MAX_RANGES, sizeof(*list), GFP_KERNEL);
	if (!list)
		return -ENOMEM;

	err = ootb_parse_ranges(ranges, list, OOTB_MAX_RANGES, &n, &why);
	if (err) {
		pr_err("ranges=\"%s\": item %u: %s\n", ranges, why.pos + 1,
		       ootb_reason_str(why.reason));
		goto out;
	}
	err = ootb_table_build(NULL, list, n, tp, &why);
	if (err == -EBUSY || err == -EEXIST)
		pr_err("ranges=\"%s\": item %u, %u-%u: %s %u-%u\n", ranges,
		       why.pos + 1, list[why.pos].lo, list[why.pos].hi,
		       err == -EBUSY ? "overlaps" : "duplicates",
		       why.with_lo, why.with_hi);
	else if (err)
		pr_err("ranges=\"%s\": item %u: %s\n", ranges, why.pos + 1,
		       ootb_reason_str(why.reason));
out:
	kvfree(list);
	if (err && err != -ENOMEM)
		err = -EINVAL;
	return err;
}

static int __init ootb_init(void)
{
	struct ootb_table *initial;
	struct ootb_net *on;
	u32 n;
	int err;

	err = ootb_param_table(&initial);
	if (err)
		return err;

	err = ootb_hook_get();
	if (err)
		goto err_table;

	err = ootb_netns_register();
	if (err)
		goto err_hook_get;

	/* In force before the first verdict; freed with the namespace. */
	n = ootb_table_size(initial);
	on = ootb_net(&init_net);
	mutex_lock(&on->lock);
	ootb_net_publish(&init_net, initial);
	mutex_unlock(&on->lock);
	initial = NULL;

	err = ootb_genl_register();
	if (err)
		goto err_netns;

	err = ootb_hook_register();
	if (err)
		goto err_genl;

	pr_info("hooked into sctp (hook rev %d), %u initial ranges\n",
		SCTP_OOTB_HOOK_REV, n);
	return 0;

err_genl:
	ootb_genl_unregister();
err_netns:
	ootb_netns_unregister();
err_hook_get:
	ootb_hook_put();
err_table:
	ootb_table_free(initial);
	return err;
}

static void __exit ootb_exit(void)
{
	ootb_hook_unregister();
	ootb_genl_unregister();
	ootb_netns_unregister();
	ootb_hook_put();
}

module_init(ootb_init);
module_exit(ootb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SCTP out-of-the-blue policy per port range, for usrsctp coexistence");
MODULE_INFO(ootb_hook, "needs the patched sctp.ko, hook rev " __stringify(SCTP_OOTB_HOOK_REV));
