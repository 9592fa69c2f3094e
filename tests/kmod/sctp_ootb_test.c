// SPDX-License-Identifier: GPL-2.0
/*
 * sctp_ootb_test: the smallest registrant of the patched sctp.ko's
 * out-of-the-blue hook, for the VM tests.
 *
 * OOTB packets whose local (destination) port is listed in ports= are
 * discarded, in every network namespace; all others get the stock RFC 9260
 * §8.4 handling.  The verdicts are counted in two read-only parameters,
 * /sys/module/sctp_ootb_test/parameters/{discarded,passed}, so a test can
 * tell "the hook dropped it" from "nothing was sent".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sctp_ootb_hook.h>

#define SCTP_OOTB_TEST_RANGES	16

struct port_range {
	u16 lo, hi;
};

static struct port_range ranges[SCTP_OOTB_TEST_RANGES];
static unsigned int nr_ranges;

static char *ports = "";
module_param(ports, charp, 0444);
MODULE_PARM_DESC(ports, "local ports to discard OOTB packets for: PORT or LO-HI, comma separated");

static atomic_long_t discarded = ATOMIC_LONG_INIT(0);
static atomic_long_t passed = ATOMIC_LONG_INIT(0);

static int counter_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static int counter_set(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops counter_ops = {
	.set = counter_set,
	.get = counter_get,
};

module_param_cb(discarded, &counter_ops, &discarded, 0444);
MODULE_PARM_DESC(discarded, "OOTB packets discarded (read only)");
module_param_cb(passed, &counter_ops, &passed, 0444);
MODULE_PARM_DESC(passed, "OOTB packets left to the stock handling (read only)");

static bool port_listed(u16 port)
{
	unsigned int i;

	for (i = 0; i < nr_ranges; i++)
		if (port >= ranges[i].lo && port <= ranges[i].hi)
			return true;
	return false;
}

static enum sctp_ootb_verdict sctp_ootb_test_verdict(struct net *net,
						     const struct sk_buff *skb,
						     const union sctp_addr *laddr,
						     const union sctp_addr *paddr)
{
	__be16 port = laddr->sa.sa_family == AF_INET6 ? laddr->v6.sin6_port :
							laddr->v4.sin_port;

	if (port_listed(ntohs(port))) {
		atomic_long_inc(&discarded);
		return SCTP_OOTB_DISCARD;
	}
	atomic_long_inc(&passed);
	return SCTP_OOTB_PASS;
}

static const struct sctp_ootb_hook_ops sctp_ootb_test_ops = {
	.verdict = sctp_ootb_test_verdict,
};

static int __init parse_ports(const char *spec)
{
	char *copy, *cur, *tok;
	int err = 0;

	copy = kstrdup(spec, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	while (!err && (tok = strsep(&cur, ","))) {
		char *hi = strchr(tok, '-');
		u16 lo_port, hi_port;

		if (!*tok)
			continue;
		if (hi)
			*hi++ = '\0';
		if (kstrtou16(tok, 10, &lo_port) ||
		    kstrtou16(hi ? hi : tok, 10, &hi_port) ||
		    !lo_port || lo_port > hi_port) {
			pr_err("bad port or range in ports=%s\n", spec);
			err = -EINVAL;
		} else if (nr_ranges == ARRAY_SIZE(ranges)) {
			pr_err("more than %zu ranges in ports=\n",
			       ARRAY_SIZE(ranges));
			err = -E2BIG;
		} else {
			ranges[nr_ranges].lo = lo_port;
			ranges[nr_ranges].hi = hi_port;
			nr_ranges++;
		}
	}
	kfree(copy);
	return err;
}

static int __init sctp_ootb_test_init(void)
{
	int err;

	err = parse_ports(ports);
	if (err)
		return err;
	err = sctp_ootb_hook_register_v3(&sctp_ootb_test_ops);
	if (err) {
		pr_err("cannot register the OOTB hook: %d\n", err);
		return err;
	}
	pr_info("discarding OOTB packets to local ports '%s'\n", ports);
	return 0;
}

static void __exit sctp_ootb_test_exit(void)
{
	sctp_ootb_hook_unregister_v3(&sctp_ootb_test_ops);
	pr_info("unregistered after %ld discarded, %ld passed\n",
		atomic_long_read(&discarded), atomic_long_read(&passed));
}

module_init(sctp_ootb_test_init);
module_exit(sctp_ootb_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test registrant of the SCTP out-of-the-blue hook");
