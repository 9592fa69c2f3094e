// SPDX-License-Identifier: GPL-2.0
/*
 * sctp_ootb_rev1: a registrant shaped like the first revision of the
 * out-of-the-blue hook, for the VM tests (hook-revision).
 *
 * Revision 1's ops had one member, .verdict, and were registered through
 * sctp_ootb_hook_register(), found by name with symbol_request() as the
 * companion of that revision did.  The struct below is that shape and no
 * more: an sctp.ko that read ->owned or ->early_drop from it would read
 * past its end.  The sctp.ko of this tree must refuse the registration,
 * log why, and keep whatever hook it had; this module then fails to load
 * with the error sctp.ko returned.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/sctp/structs.h>

struct rev1_ops {
	int (*verdict)(struct net *net, const struct sk_buff *skb,
		       const union sctp_addr *laddr,
		       const union sctp_addr *paddr);
};

/* The names revision 1 exported, with revision 1's prototypes. */
int sctp_ootb_hook_register(const struct rev1_ops *ops);
void sctp_ootb_hook_unregister(const struct rev1_ops *ops);

static int rev1_verdict(struct net *net, const struct sk_buff *skb,
			const union sctp_addr *laddr,
			const union sctp_addr *paddr)
{
	return 1;	/* revision 1's DISCARD: every packet */
}

static const struct rev1_ops rev1_ops = {
	.verdict = rev1_verdict,
};

static int (*rev1_register)(const struct rev1_ops *ops);
static void (*rev1_unregister)(const struct rev1_ops *ops);

static int __init rev1_init(void)
{
	int err;

	rev1_register = symbol_request(sctp_ootb_hook_register);
	if (!rev1_register) {
		pr_err("no sctp_ootb_hook_register in the loaded sctp.ko\n");
		return -EOPNOTSUPP;
	}
	rev1_unregister = symbol_get(sctp_ootb_hook_unregister);
	if (!rev1_unregister) {
		symbol_put(sctp_ootb_hook_register);
		pr_err("no sctp_ootb_hook_unregister in the loaded sctp.ko\n");
		return -EOPNOTSUPP;
	}
	err = rev1_register(&rev1_ops);
	if (err) {
		pr_err("registration refused: %d\n", err);
		symbol_put(sctp_ootb_hook_unregister);
		symbol_put(sctp_ootb_hook_register);
		return err;
	}
	pr_info("registered as a revision 1 hook\n");
	return 0;
}

static void __exit rev1_exit(void)
{
	rev1_unregister(&rev1_ops);
	symbol_put(sctp_ootb_hook_unregister);
	symbol_put(sctp_ootb_hook_register);
}

module_init(rev1_init);
module_exit(rev1_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A registrant shaped like hook revision 1, for the tests");
