// SPDX-License-Identifier: GPL-2.0
/*
 * The sctp_ootb generic netlink family: the contract and its manual are in
 * include/uapi/linux/sctp_ootb.h.
 *
 * The policies below refuse what they can (unknown attributes, port 0, an
 * unknown policy); the handlers explain the rest in extack, on the attribute
 * at fault.  Writers of a namespace serialise on its own mutex, so the
 * family runs with parallel_ops.
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "hook.h"
#include "netlink.h"
#include "netns.h"

static struct genl_family ootb_genl_family;

static const struct nla_policy ootb_range_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, SCTP_OOTB_POLICY_MAX),
};

static const struct nla_policy ootb_add_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, SCTP_OOTB_POLICY_MAX),
	[SCTP_OOTB_A_REPLACE]	= { .type = NLA_FLAG },
};

static const struct nla_policy ootb_del_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
};

static const struct nla_policy ootb_replace_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_RANGE]	= NLA_POLICY_NESTED(ootb_range_policy),
};

/* Tell userspace why the table refused, on @attr (a port or a RANGE nest). */
static int ootb_nl_reject(struct netlink_ext_ack *extack,
			  const struct nlattr *attr,
			  const struct ootb_reject *why)
{
	switch (why->reason) {
	case OOTB_R_NONE:
	case OOTB_R_SYNTAX:
		break;
	case OOTB_R_PORT:
		NL_SET_ERR_MSG_ATTR(extack, attr, "port out of range");
		break;
	case OOTB_R_ORDER:
		NL_SET_ERR_MSG_ATTR(extack, attr, "start after end");
		break;
	case OOTB_R_POLICY:
		NL_SET_ERR_MSG_ATTR(extack, attr, "unknown policy");
		break;
	case OOTB_R_EXISTS:
		NL_SET_ERR_MSG_ATTR(extack, attr, "range already exists");
		break;
	case OOTB_R_DUPLICATE:
		NL_SET_ERR_MSG_ATTR(extack, attr, "duplicate range");
		break;
	case OOTB_R_OVERLAP:
#ifdef NL_SET_ERR_MSG_ATTR_FMT
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "overlaps %u-%u",
					why->with_lo, why->with_hi);
#else
		/* No formatted extack before 6.2. */
		NL_SET_ERR_MSG_ATTR(extack, attr, "overlaps an existing range");
#endif
		break;
	case OOTB_R_FULL:
		NL_SET_ERR_MSG_ATTR(extack, attr, "table is full");
		break;
	case OOTB_R_NOENT:
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such range");
		break;
	case OOTB_R_NOMEM:
		break;
	}
	return ootb_reason_errno(why->reason);
}

/* START, END, [POLICY] from @tb: top level (@nest NULL) or a RANGE nest. */
static int ootb_nl_spec(struct netlink_ext_ack *extack,
			const struct nlattr *nest, struct nlattr **tb,
			struct ootb_range_spec *r)
{
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, SCTP_OOTB_A_START)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing start");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, SCTP_OOTB_A_END)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing end");
		return -EINVAL;
	}
	r->lo = nla_get_u16(tb[SCTP_OOTB_A_START]);
	r->hi = nla_get_u16(tb[SCTP_OOTB_A_END]);
	r->policy = tb[SCTP_OOTB_A_POLICY] ?
		    nla_get_u8(tb[SCTP_OOTB_A_POLICY]) :
		    SCTP_OOTB_POLICY_DISCARD;
	return 0;
}

/* ADD_RANGE and DEL_RANGE: one change of the table, published whole. */
static int ootb_nl_edit(struct genl_info *info, bool del)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	bool replace = nla_get_flag(info->attrs[SCTP_OOTB_A_REPLACE]);
	struct ootb_range_spec r;
	struct ootb_reject why;
	struct ootb_table *new;
	int err;

	err = ootb_nl_spec(info->extack, NULL, info->attrs, &r);
	if (err)
		return err;

	mutex_lock(&on->lock);
	if (del)
		err = ootb_table_del(ootb_net_table(on), r.lo, r.hi, &new, &why);
	else
		err = ootb_table_add(ootb_net_table(on), &r, replace, &new, &why);
	if (!err)
		ootb_net_publish(on, new);
	mutex_unlock(&on->lock);

	if (err)
		return ootb_nl_reject(info->extack,
				      info->attrs[SCTP_OOTB_A_START], &why);
	return 0;
}

static int ootb_nl_add_range(struct sk_buff *skb, struct genl_info *info)
{
	return ootb_nl_edit(info, false);
}

static int ootb_nl_del_range(struct sk_buff *skb, struct genl_info *info)
{
	return ootb_nl_edit(info, true);
}

static int ootb_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));

	mutex_lock(&on->lock);
	ootb_net_flush(on);
	mutex_unlock(&on->lock);
	return 0;
}

static int ootb_nl_replace_table(struct sk_buff *skb, struct genl_info *info)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	const int hdrlen = GENL_HDRLEN + ootb_genl_family.hdrsize;
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];
	struct ootb_range_spec *list = NULL;
	const struct nlattr **nests = NULL;
	struct ootb_table *new;
	struct ootb_reject why;
	struct nlattr *attr;
	u32 n = 0, i = 0;
	int rem, err;

	/* The policy lets only RANGE nests through, each one validated. */
	nlmsg_for_each_attr(attr, info->nlhdr, hdrlen, rem) {
		if (nla_type(attr) != SCTP_OOTB_A_RANGE)
			continue;
		if (n == OOTB_MAX_RANGES) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr, "table is full");
			return -ENOSPC;
		}
		n++;
	}

	if (n) {
		list = kvmalloc_array(n, sizeof(*list), GFP_KERNEL);
		nests = kvmalloc_array(n, sizeof(*nests), GFP_KERNEL);
		if (!list || !nests) {
			err = -ENOMEM;
			goto out;
		}
	}

	nlmsg_for_each_attr(attr, info->nlhdr, hdrlen, rem) {
		if (nla_type(attr) != SCTP_OOTB_A_RANGE)
			continue;
		err = nla_parse_nested(tb, SCTP_OOTB_A_MAX, attr,
				       ootb_range_policy, info->extack);
		if (!err)
			err = ootb_nl_spec(info->extack, attr, tb, &list[i]);
		if (err)
			goto out;
		nests[i++] = attr;
	}

	mutex_lock(&on->lock);
	err = ootb_table_build(ootb_net_table(on), list, n, &new, &why);
	if (!err)
		ootb_net_publish(on, new);
	mutex_unlock(&on->lock);

	if (err)
		err = ootb_nl_reject(info->extack,
				     why.pos < n ? nests[why.pos] : NULL, &why);
out:
	kvfree(nests);
	kvfree(list);
	return err;
}

static int ootb_nl_put_range(struct sk_buff *skb, const struct ootb_entry *e)
{
	if (nla_put_u16(skb, SCTP_OOTB_A_START, e->lo) ||
	    nla_put_u16(skb, SCTP_OOTB_A_END, e->hi) ||
	    nla_put_u8(skb, SCTP_OOTB_A_POLICY, e->policy) ||
	    nla_put_u64_64bit(skb, SCTP_OOTB_A_MATCHED,
			      ootb_entry_matched(e), SCTP_OOTB_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * One message per range; cb->args[0] is the next entry.  A table replaced
 * between two parts of the dump sets NLM_F_DUMP_INTR on the later part.
 */
static int ootb_nl_get_range_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct ootb_net *on = ootb_net(sock_net(skb->sk));
	const struct ootb_table *t;
	u32 i = cb->args[0];

	rcu_read_lock();
	cb->seq = ootb_net_gen(on);
	t = rcu_dereference(on->table);
	for (; i < ootb_table_size(t); i++) {
		void *hdr;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ootb_genl_family,
				  NLM_F_MULTI, SCTP_OOTB_CMD_GET_RANGE);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (ootb_nl_put_range(skb, ootb_table_entry(t, i))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();

	cb->args[0] = i;
	return skb->len;
}

static int ootb_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	struct ootb_totals sum;
	struct sk_buff *msg;
	u32 ranges;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ootb_genl_family, 0,
				SCTP_OOTB_CMD_GET_STATS);
	if (!hdr)
		goto nomsg;

	rcu_read_lock();
	ranges = ootb_table_size(rcu_dereference(on->table));
	rcu_read_unlock();
	ootb_net_totals(on, &sum);

	if (nla_put_u32(msg, SCTP_OOTB_A_RANGES, ranges) ||
	    nla_put_u32(msg, SCTP_OOTB_A_MAX_RANGES, OOTB_MAX_RANGES) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_DISCARDED, sum.discarded,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_COUNTED, sum.counted,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_ABORTED, sum.aborted,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_UNMATCHED, sum.unmatched,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u8(msg, SCTP_OOTB_A_HOOKED, ootb_hook_active()))
		goto nomsg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nomsg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops ootb_genl_ops[] = {
	{
		.cmd		= SCTP_OOTB_CMD_ADD_RANGE,
		.doit		= ootb_nl_add_range,
		.policy		= ootb_add_policy,
		.maxattr	= SCTP_OOTB_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SCTP_OOTB_CMD_DEL_RANGE,
		.doit		= ootb_nl_del_range,
		.policy		= ootb_del_policy,
		.maxattr	= SCTP_OOTB_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		/* No policy: the core rejects any attribute. */
		.cmd		= SCTP_OOTB_CMD_FLUSH,
		.doit		= ootb_nl_flush,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SCTP_OOTB_CMD_REPLACE_TABLE,
		.doit		= ootb_nl_replace_table,
		.policy		= ootb_replace_policy,
		.maxattr	= SCTP_OOTB_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SCTP_OOTB_CMD_GET_RANGE,
		.dumpit		= ootb_nl_get_range_dump,
	},
	{
		.cmd		= SCTP_OOTB_CMD_GET_STATS,
		.doit		= ootb_nl_get_stats,
	},
};

static struct genl_family ootb_genl_family __ro_after_init = {
	.name		= SCTP_OOTB_GENL_NAME,
	.version	= SCTP_OOTB_GENL_VERSION,
	.maxattr	= SCTP_OOTB_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= ootb_genl_ops,
	.n_ops		= ARRAY_SIZE(ootb_genl_ops),
	/* resv_start_op 0: every command strictly validated, flags too. */
};

int __init ootb_genl_register(void)
{
	return genl_register_family(&ootb_genl_family);
}

void ootb_genl_unregister(void)
{
	genl_unregister_family(&ootb_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(SCTP_OOTB_GENL_NAME);
