// SPDX-License-Identifier: GPL-2.0
/*
 * The sctp_ootb generic netlink family: the contract and its manual are the
 * spec, kmod/ootb/sctp_ootb.yaml (include/uapi/linux/sctp_ootb.h is
 * generated from it).
 *
 * The policies below refuse what they can (unknown attributes, port 0, an
 * unknown policy); the handlers explain the rest in extack, on the attribute
 * at fault.  Writers of a namespace serialise on its own mutex, so the
 * family runs with parallel_ops.
 *
 * Every change is announced on the monitor group while the writer still
 * holds the lock, so listeners see the changes of a namespace in the order
 * they were made; the message is allocated before the change, so a change
 * that is made is always announced.
 */
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "hook.h"
#include "netlink.h"
#include "netns.h"

static struct genl_family ootb_genl_family;

/*
 * Written by hand, not generated from the spec: the kernel's generator
 * (ynl-gen-c.py --mode kernel, of 6.12 and of 7.3) writes either split
 * ops (struct genl_split_ops, which 6.1 does not have) with each op's
 * policy static beside them, or per-op struct genl_ops, a mode in which
 * it fails on an op without request attributes (FLUSH, GET_STATS) or
 * without a do (GET_RANGE); and each generated policy ends at its op's
 * last attribute, while the handlers share one attribute table up to
 * SCTP_OOTB_A_MAX.  The VM check spec-consistency compares these with the
 * spec, through what the running kernel reports (CTRL_CMD_GETPOLICY).
 */
static const struct nla_policy ootb_range_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, SCTP_OOTB_POLICY_MAX),
	[SCTP_OOTB_A_RESERVE]	= { .type = NLA_FLAG },
};

static const struct nla_policy ootb_add_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, SCTP_OOTB_POLICY_MAX),
	[SCTP_OOTB_A_REPLACE]	= { .type = NLA_FLAG },
	[SCTP_OOTB_A_RESERVE]	= { .type = NLA_FLAG },
	[SCTP_OOTB_A_OWNED]	= { .type = NLA_FLAG },
};

static const struct nla_policy ootb_del_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_FORCE]	= { .type = NLA_FLAG },
};

/* RESET_COUNTERS (whose dump shares it and refuses both). */
static const struct nla_policy ootb_reset_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
	[SCTP_OOTB_A_END]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
};

static const struct nla_policy ootb_replace_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_RANGE]	= NLA_POLICY_NESTED(ootb_range_policy),
};

static const struct nla_policy ootb_port_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_PORT]	= NLA_POLICY_MIN(NLA_U16, SCTP_OOTB_PORT_MIN),
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
	case OOTB_R_OWNED:
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "range is owned by another socket");
		break;
	case OOTB_R_CLAIMED:
		NL_SET_ERR_MSG_ATTR(extack, attr, "same range as a claim");
		break;
	case OOTB_R_CLAIMS_FULL:
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many claims");
		break;
	case OOTB_R_NOMEM:
		break;
	}
	return ootb_reason_errno(why->reason);
}

/*
 * START, END, [POLICY], [RESERVE] from @tb: top level (@nest NULL) or a
 * RANGE nest.
 */
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
	r->reserve = nla_get_flag(tb[SCTP_OOTB_A_RESERVE]);
	r->owner = 0;
	r->who = NULL;
	return 0;
}

/* ---- the monitor group ----------------------------------------------- */

/*
 * The announcements say who made a change (the requester's netlink port
 * id): only CAP_NET_ADMIN in the namespace's user namespace may subscribe,
 * where the kernel can tell (GENL_MCAST_CAP_NET_ADMIN: upstream 6.7, in
 * Debian's 6.1 and 6.12).  A kernel without it lets anyone subscribe, so
 * there the announcements leave the port id out.
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define OOTB_NTF_PORTID	1
static const struct genl_multicast_group ootb_mcgrps[] = {
	{ .name = SCTP_OOTB_MCGRP_MONITOR, .flags = GENL_MCAST_CAP_NET_ADMIN },
};
#else
#define OOTB_NTF_PORTID	0
static const struct genl_multicast_group ootb_mcgrps[] = {
	{ .name = SCTP_OOTB_MCGRP_MONITOR },
};
#endif

struct ootb_ntf {
	struct sk_buff *skb;
	void *hdr;
};

/* Room for the largest announcement: ADD_RANGE of a claim, all flags. */
static size_t ootb_ntf_size(void)
{
	return 2 * nla_total_size(sizeof(u16)) +	/* START, END */
	       nla_total_size(sizeof(u8)) +		/* POLICY */
	       3 * nla_total_size(0) +		/* RESERVE, REPLACE, OWNED */
	       2 * nla_total_size(0) +			/* FORCE, RELEASED */
	       4 * nla_total_size(sizeof(u32)) +	/* RANGES, INUM, PORTID, */
							/* OWNER_PORTID */
	       nla_total_size(TASK_COMM_LEN);		/* OWNER_COMM */
}

static int ootb_ntf_start(struct ootb_ntf *ntf, u8 cmd)
{
	ntf->skb = genlmsg_new(ootb_ntf_size(), GFP_KERNEL);
	if (!ntf->skb)
		return -ENOMEM;
	ntf->hdr = genlmsg_put(ntf->skb, 0, 0, &ootb_genl_family, 0, cmd);
	if (!ntf->hdr) {
		nlmsg_free(ntf->skb);
		return -EMSGSIZE;
	}
	return 0;
}

static void ootb_ntf_cancel(struct ootb_ntf *ntf)
{
	nlmsg_free(ntf->skb);
}

static int ootb_ntf_put_range(struct ootb_ntf *ntf, u16 lo, u16 hi)
{
	if (nla_put_u16(ntf->skb, SCTP_OOTB_A_START, lo) ||
	    nla_put_u16(ntf->skb, SCTP_OOTB_A_END, hi))
		return -EMSGSIZE;
	return 0;
}

/*
 * The command name of the process that made a claim: the one it has now
 * while it lives (after an exec, the program it runs), else the one it
 * had when it claimed.
 */
struct ootb_comm {
	char s[TASK_COMM_LEN];
};

static void ootb_owner_comm(const struct ootb_owner *who,
			    struct ootb_comm *comm)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(who->pid, PIDTYPE_TGID);
	if (task)
		get_task_comm(comm->s, task);
	else
		strscpy(comm->s, who->comm, sizeof(comm->s));
	rcu_read_unlock();
}

/*
 * OWNED, and who owns the claim @e: announcements carry the socket's port
 * id and the command name, never a pid (one message reaches every
 * listener, a pid means something in one pid namespace only), and only
 * where the group is for CAP_NET_ADMIN alone, as the requester's port id.
 */
static int ootb_ntf_put_owner(struct ootb_ntf *ntf, const struct ootb_entry *e)
{
	struct ootb_comm comm;

	if (!e->owner)
		return 0;
	if (nla_put_flag(ntf->skb, SCTP_OOTB_A_OWNED))
		return -EMSGSIZE;
	if (!OOTB_NTF_PORTID || !e->who)
		return 0;
	ootb_owner_comm(e->who, &comm);
	if (nla_put_u32(ntf->skb, SCTP_OOTB_A_OWNER_PORTID, e->owner) ||
	    nla_put_string(ntf->skb, SCTP_OOTB_A_OWNER_COMM, comm.s))
		return -EMSGSIZE;
	return 0;
}

/*
 * With the namespace's lock held, once the change is made.  The message
 * was sized for its attributes, so the puts cannot fail; no listener
 * (-ESRCH) is not an error.
 */
static void ootb_ntf_send(struct ootb_ntf *ntf, struct net *net, u32 portid)
{
	if (nla_put_u32(ntf->skb, SCTP_OOTB_A_NETNS_INUM, net->ns.inum) ||
	    (OOTB_NTF_PORTID &&
	     nla_put_u32(ntf->skb, SCTP_OOTB_A_PORTID, portid))) {
		nlmsg_free(ntf->skb);
		return;
	}
	genlmsg_end(ntf->skb, ntf->hdr);
	genlmsg_multicast_netns(&ootb_genl_family, net, ntf->skb, 0, 0,
				GFP_KERNEL);
}

/*
 * With the lock held: put @new in force (or give it up when what it needs
 * cannot be had) and announce it.  Returns 0 or a negative errno.
 */
static int ootb_nl_commit(struct genl_info *info, struct ootb_table *new,
			  struct ootb_ntf *ntf)
{
	struct net *net = genl_info_net(info);
	int err;

	err = ootb_net_prepare(net, new);
	if (err) {
		ootb_table_free(new);
		ootb_ntf_cancel(ntf);
		if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG(info->extack,
				       "reserved ports need a kernel with sysctl");
		return err;
	}
	ootb_net_publish(net, new);
	ootb_ntf_send(ntf, net, info->snd_portid);
	return 0;
}

/* ---- changes ------------------------------------------------------------ */

/*
 * ADD_RANGE and DEL_RANGE: one change of the table, published whole.
 * With OWNED, ADD_RANGE claims the range for the requesting socket; the
 * record of the claim is made before the lock, and the table takes its
 * own reference.  A claim's announcement says whose it is: the entry
 * that is put in force (add), or the one that goes (del), read before
 * the old table may be freed.
 */
static int ootb_nl_edit(struct genl_info *info, bool del)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	bool replace = nla_get_flag(info->attrs[SCTP_OOTB_A_REPLACE]);
	bool force = nla_get_flag(info->attrs[SCTP_OOTB_A_FORCE]);
	const struct ootb_entry *e;
	struct ootb_range_spec r;
	struct ootb_reject why;
	struct ootb_table *new;
	struct ootb_ntf ntf;
	bool replaced = false;
	int err;

	err = ootb_nl_spec(info->extack, NULL, info->attrs, &r);
	if (err)
		return err;
	if (!del && nla_get_flag(info->attrs[SCTP_OOTB_A_OWNED])) {
		r.owner = info->snd_portid;
		r.who = ootb_owner_new(r.owner);
		if (!r.who)
			return -ENOMEM;
	}
	err = ootb_ntf_start(&ntf, info->genlhdr->cmd);
	if (err)
		goto out;

	mutex_lock(&on->lock);
	if (del) {
		err = ootb_table_del(ootb_net_table(on), r.lo, r.hi,
				     info->snd_portid, force, &new, &why);
		e = ootb_table_find(ootb_net_table(on), r.lo, r.hi);
	} else {
		replaced = replace &&
			   ootb_table_find(ootb_net_table(on), r.lo, r.hi);
		err = ootb_table_add(ootb_net_table(on), &r, replace, &new,
				     &why);
		e = ootb_table_find(new, r.lo, r.hi);
	}
	if (err) {
		mutex_unlock(&on->lock);
		ootb_ntf_cancel(&ntf);
		err = ootb_nl_reject(info->extack,
				     info->attrs[SCTP_OOTB_A_START], &why);
		goto out;
	}

	err = ootb_ntf_put_range(&ntf, r.lo, r.hi);
	if (!err && !del &&
	    (nla_put_u8(ntf.skb, SCTP_OOTB_A_POLICY, r.policy) ||
	     (r.reserve && nla_put_flag(ntf.skb, SCTP_OOTB_A_RESERVE)) ||
	     (replaced && nla_put_flag(ntf.skb, SCTP_OOTB_A_REPLACE))))
		err = -EMSGSIZE;
	if (!err && e)
		err = ootb_ntf_put_owner(&ntf, e);
	if (!err && del && e && e->owner && e->owner != info->snd_portid &&
	    nla_put_flag(ntf.skb, SCTP_OOTB_A_FORCE))
		err = -EMSGSIZE;
	if (err) {
		ootb_table_free(new);
		ootb_ntf_cancel(&ntf);
	} else {
		err = ootb_nl_commit(info, new, &ntf);
	}
	mutex_unlock(&on->lock);
out:
	ootb_owner_put(r.who);
	return err;
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
	struct net *net = genl_info_net(info);
	struct ootb_net *on = ootb_net(net);
	struct ootb_reject why;
	struct ootb_table *new;
	struct ootb_ntf ntf;
	int err;

	err = ootb_ntf_start(&ntf, SCTP_OOTB_CMD_FLUSH);
	if (err)
		return err;
	mutex_lock(&on->lock);
	/* The claims stay: they belong to running programs. */
	err = ootb_table_flush(ootb_net_table(on), &new, &why);
	if (err > 0) {
		err = ootb_net_prepare(net, new);
		if (err)
			ootb_table_free(new);
		else
			ootb_net_publish(net, new);
	}
	if (err < 0) {
		mutex_unlock(&on->lock);
		ootb_ntf_cancel(&ntf);
		return err;
	}
	ootb_ntf_send(&ntf, net, info->snd_portid);
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
	struct ootb_ntf ntf;
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
		/* n <= OOTB_MAX_RANGES: no overflow. */
		list = ootb_alloc(n * sizeof(*list));
		nests = ootb_alloc(n * sizeof(*nests));
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

	err = ootb_ntf_start(&ntf, SCTP_OOTB_CMD_REPLACE_TABLE);
	if (err)
		goto out;

	mutex_lock(&on->lock);
	err = ootb_table_build(ootb_net_table(on), list, n, &new, &why);
	if (err) {
		ootb_ntf_cancel(&ntf);
		err = ootb_nl_reject(info->extack,
				     why.pos < n ? nests[why.pos] : NULL, &why);
	} else if (nla_put_u32(ntf.skb, SCTP_OOTB_A_RANGES,
			       ootb_table_ranges(new))) {
		ootb_table_free(new);
		ootb_ntf_cancel(&ntf);
		err = -EMSGSIZE;
	} else {
		err = ootb_nl_commit(info, new, &ntf);
	}
	mutex_unlock(&on->lock);
out:
	kvfree(nests);
	kvfree(list);
	return err;
}

/*
 * RESET_COUNTERS do: one range (START and END) or every range and the
 * namespace totals (neither).
 */
static int ootb_nl_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct ootb_net *on = ootb_net(net);
	const struct ootb_entry *e = NULL;
	const struct ootb_table *t;
	struct ootb_range_spec r;
	struct ootb_ntf ntf;
	bool one;
	u32 i;
	int err;

	one = info->attrs[SCTP_OOTB_A_START] || info->attrs[SCTP_OOTB_A_END];
	if (one) {
		err = ootb_nl_spec(info->extack, NULL, info->attrs, &r);
		if (err)
			return err;
		if (r.lo > r.hi) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[SCTP_OOTB_A_START],
					    "start after end");
			return -EINVAL;
		}
	}
	err = ootb_ntf_start(&ntf, SCTP_OOTB_CMD_RESET_COUNTERS);
	if (err)
		return err;

	mutex_lock(&on->lock);
	t = ootb_net_table(on);
	if (one) {
		e = ootb_table_find(t, r.lo, r.hi);
		if (!e) {
			mutex_unlock(&on->lock);
			ootb_ntf_cancel(&ntf);
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[SCTP_OOTB_A_START],
					    "no such range");
			return -ENOENT;
		}
		if (ootb_ntf_put_range(&ntf, r.lo, r.hi)) {
			mutex_unlock(&on->lock);
			ootb_ntf_cancel(&ntf);
			return -EMSGSIZE;
		}
		ootb_entry_reset(e);
	} else {
		for (i = 0; i < ootb_table_size(t); i++)
			ootb_entry_reset(ootb_table_entry(t, i));
		ootb_net_totals_reset(on);
	}
	ootb_ntf_send(&ntf, net, info->snd_portid);
	mutex_unlock(&on->lock);
	return 0;
}

/* ---- the release of claims -------------------------------------------- */

/*
 * A claim goes when its socket is released: the netlink notifier tells
 * every release of a bound netlink socket on the host, any protocol, any
 * namespace, in process context.  The common case costs a compare or
 * two: another protocol, or a namespace without claims (read without the
 * lock; a claim being made concurrently belongs to a socket still open).
 * Otherwise the claims of that port id are marked released, under the
 * namespace's lock, and a table without them is put in force, each one
 * announced as a DEL_RANGE with RELEASED.  When that table cannot be
 * allocated the marked claims stay in force, and the next release of a
 * generic netlink socket in the namespace tries again (any sctpctl run
 * there is one): a claim never outlives its socket for long, and is
 * never forgotten.
 */

static bool ootb_entry_released(const struct ootb_entry *e, void *arg)
{
	return e->owner && e->who && e->who->released;
}

/* With the lock held: drop the released claims of @net, announce each. */
static void ootb_nl_release(struct net *net)
{
	struct ootb_net *on = ootb_net(net);
	const struct ootb_table *old = ootb_net_table(on);
	struct ootb_ntf *ntfs = NULL;
	struct ootb_reject why;
	struct ootb_table *new;
	u32 i, n = 0, k = 0;
	int dropped;

	for (i = 0; i < ootb_table_size(old); i++)
		if (ootb_entry_released(ootb_table_entry(old, i), NULL))
			n++;
	if (!n) {
		on->zombies = false;
		return;
	}
	/* Announcements as far as memory goes; the release goes on anyway. */
	ntfs = kcalloc(n, sizeof(*ntfs), GFP_KERNEL);
	for (i = 0; ntfs && i < ootb_table_size(old); i++) {
		const struct ootb_entry *e = ootb_table_entry(old, i);

		if (!ootb_entry_released(e, NULL))
			continue;
		if (ootb_ntf_start(&ntfs[k], SCTP_OOTB_CMD_DEL_RANGE))
			break;
		if (ootb_ntf_put_range(&ntfs[k], e->lo, e->hi) ||
		    ootb_ntf_put_owner(&ntfs[k], e) ||
		    nla_put_flag(ntfs[k].skb, SCTP_OOTB_A_RELEASED)) {
			ootb_ntf_cancel(&ntfs[k]);
			break;
		}
		k++;
	}

	dropped = ootb_table_drop(old, ootb_entry_released, NULL, &new, &why);
	if (dropped > 0 && ootb_net_prepare(net, new)) {
		ootb_table_free(new);
		dropped = -ENOMEM;
	}
	if (dropped < 0) {
		on->zombies = true;
		for (i = 0; i < k; i++)
			ootb_ntf_cancel(&ntfs[i]);
		kfree(ntfs);
		return;
	}
	ootb_net_publish(net, new);
	on->zombies = false;
	/* The released socket is who caused it: its port id, as requester. */
	for (i = 0; i < k; i++) {
		u32 portid = 0;
		struct nlattr *a;

		a = nlmsg_find_attr(nlmsg_hdr(ntfs[i].skb), GENL_HDRLEN,
				    SCTP_OOTB_A_OWNER_PORTID);
		if (a)
			portid = nla_get_u32(a);
		ootb_ntf_send(&ntfs[i], net, portid);
	}
	kfree(ntfs);
}

static int ootb_nl_urelease(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct netlink_notify *n = ptr;
	const struct ootb_table *t;
	struct ootb_net *on;
	bool found = false;
	u32 i;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	on = ootb_net(n->net);
	if (!READ_ONCE(on->claims))
		return NOTIFY_DONE;

	mutex_lock(&on->lock);
	t = ootb_net_table(on);
	for (i = 0; i < ootb_table_size(t); i++) {
		const struct ootb_entry *e = ootb_table_entry(t, i);

		if (e->owner == n->portid && e->who && !e->who->released) {
			e->who->released = true;
			found = true;
		}
	}
	if (found || on->zombies)
		ootb_nl_release(n->net);
	mutex_unlock(&on->lock);
	return NOTIFY_DONE;
}

static struct notifier_block ootb_nl_notifier = {
	.notifier_call = ootb_nl_urelease,
};

/* ---- reading ------------------------------------------------------------ */

/*
 * A claim's OWNED flag, and to a reader with CAP_NET_ADMIN over the
 * namespace (@admin) its owner: the socket's port id, the process that
 * claimed in the reader's pid namespace (while it lives and is visible
 * there) and its command name.  Under RCU or the writer's lock: the entry
 * and its record stay.
 */
static int ootb_nl_put_owner(struct sk_buff *skb, const struct ootb_entry *e,
			     bool admin)
{
	struct ootb_comm comm;
	pid_t pid = 0;

	if (!e->owner)
		return 0;
	if (nla_put_flag(skb, SCTP_OOTB_A_OWNED))
		return -EMSGSIZE;
	if (!admin || !e->who)
		return 0;
	ootb_owner_comm(e->who, &comm);
	if (pid_has_task(e->who->pid, PIDTYPE_TGID))
		pid = pid_nr_ns(e->who->pid, task_active_pid_ns(current));
	if (nla_put_u32(skb, SCTP_OOTB_A_OWNER_PORTID, e->owner) ||
	    (pid > 0 && nla_put_u32(skb, SCTP_OOTB_A_OWNER_PID, pid)) ||
	    nla_put_string(skb, SCTP_OOTB_A_OWNER_COMM, comm.s))
		return -EMSGSIZE;
	return 0;
}

/*
 * START, END, POLICY, [RESERVE], [OWNED and its owner], MATCHED of @e.
 * With @reset (the writer's lock held), MATCHED is read and zeroed, and
 * only once the message is sure to hold it: a count taken must never be
 * dropped for want of room.
 */
static int ootb_nl_put_range(struct sk_buff *skb, const struct ootb_entry *e,
			     bool reset, bool admin)
{
	if (nla_put_u16(skb, SCTP_OOTB_A_START, e->lo) ||
	    nla_put_u16(skb, SCTP_OOTB_A_END, e->hi) ||
	    nla_put_u8(skb, SCTP_OOTB_A_POLICY, e->policy) ||
	    (e->reserve && nla_put_flag(skb, SCTP_OOTB_A_RESERVE)) ||
	    ootb_nl_put_owner(skb, e, admin))
		return -EMSGSIZE;
	if (reset && skb_tailroom(skb) < nla_total_size_64bit(sizeof(u64)))
		return -EMSGSIZE;
	return nla_put_u64_64bit(skb, SCTP_OOTB_A_MATCHED,
				 reset ? ootb_entry_reset(e) :
					 ootb_entry_matched(e),
				 SCTP_OOTB_A_PAD);
}

/*
 * cb->args of the dumps: [0] the next entry; for the reset dump, [1] the
 * announcement (a struct ootb_ntf, from .start), [2] the ranges reset.
 */
enum { OOTB_CB_NEXT, OOTB_CB_NTF, OOTB_CB_RESET };

#ifdef OOTB_TEST
/*
 * The test build only (OOTB_TEST, never the shipped module): each part of
 * a range dump waits test_dump_delay_us between reading the generation and
 * reading the table, so that a test can replace the table in between.
 */
#include <linux/delay.h>
static unsigned int test_dump_delay_us;
module_param(test_dump_delay_us, uint, 0644);

static void ootb_test_dump_delay(void)
{
	unsigned int us = READ_ONCE(test_dump_delay_us);

	if (us)
		udelay(us);
}
#else
static inline void ootb_test_dump_delay(void)
{
}
#endif

/*
 * One message per range.  A table replaced between two parts of the dump
 * sets NLM_F_DUMP_INTR on the later part; the cursor may then skip or
 * repeat a range, which for the reset dump means a count left for a later
 * read, or a second reset that reports only what came in between.
 *
 * Each part reads the generation first, then the table (the publisher
 * writes them in the other order, see ootb_net_publish()): a part that
 * sees a new table may still carry the old generation, and the next part
 * then carries the new one and is flagged; a part that carried the new
 * generation with the old table would go unflagged.
 */
static int ootb_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
			bool reset)
{
	struct net *net = sock_net(skb->sk);
	struct ootb_net *on = ootb_net(net);
	const struct ootb_table *t;
	u32 i = cb->args[OOTB_CB_NEXT];
	/* Who owns a claim: for those who may change the table. */
	bool admin = reset || netlink_net_capable(cb->skb, CAP_NET_ADMIN);
	u8 cmd;

	if (reset) {
		/* Counters are reset by writers only (counter.h). */
		mutex_lock(&on->lock);
		cb->seq = ootb_net_gen(on);
		t = ootb_net_table(on);
		cmd = SCTP_OOTB_CMD_RESET_COUNTERS;
	} else {
		rcu_read_lock();
		cb->seq = ootb_net_gen(on);
		ootb_test_dump_delay();
		t = rcu_dereference(on->table);
		cmd = SCTP_OOTB_CMD_GET_RANGE;
	}

	for (; i < ootb_table_size(t); i++) {
		void *hdr;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ootb_genl_family,
				  NLM_F_MULTI, cmd);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (ootb_nl_put_range(skb, ootb_table_entry(t, i), reset,
				      admin)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		if (reset)
			cb->args[OOTB_CB_RESET]++;
	}
	cb->args[OOTB_CB_NEXT] = i;

	if (!reset) {
		rcu_read_unlock();
		return skb->len;
	}
	if (i >= ootb_table_size(t) && cb->args[OOTB_CB_NTF]) {
		struct ootb_ntf *ntf = (void *)cb->args[OOTB_CB_NTF];

		/* The dump has read every range: announce it once. */
		if (!nla_put_u32(ntf->skb, SCTP_OOTB_A_RANGES,
				 cb->args[OOTB_CB_RESET]))
			ootb_ntf_send(ntf, net, NETLINK_CB(cb->skb).portid);
		else
			ootb_ntf_cancel(ntf);
		kfree(ntf);
		cb->args[OOTB_CB_NTF] = 0;
	}
	mutex_unlock(&on->lock);
	return skb->len;
}

static int ootb_nl_get_range_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return ootb_nl_dump(skb, cb, false);
}

/*
 * The reset dump takes no attribute, but shares the do's policy (one
 * struct genl_ops serves both on 6.1): refuse START and END here.  Its
 * announcement is allocated now, so that a reset made is announced.
 */
static int ootb_nl_reset_start(struct netlink_callback *cb)
{
	const int hdrlen = GENL_HDRLEN + ootb_genl_family.hdrsize;
	struct ootb_ntf *ntf;
	int err;

	if (nlmsg_attrlen(cb->nlh, hdrlen)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, nlmsg_attrdata(cb->nlh, hdrlen),
				    "the reset dump takes no attribute");
		return -EINVAL;
	}
	ntf = kmalloc(sizeof(*ntf), GFP_KERNEL);
	if (!ntf)
		return -ENOMEM;
	err = ootb_ntf_start(ntf, SCTP_OOTB_CMD_RESET_COUNTERS);
	if (err) {
		kfree(ntf);
		return err;
	}
	cb->args[OOTB_CB_NTF] = (unsigned long)ntf;
	return 0;
}

static int ootb_nl_reset_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ootb_nl_dump(skb, cb, true);
}

/* A dump given up before its end (its socket closed) announces nothing. */
static int ootb_nl_reset_done(struct netlink_callback *cb)
{
	struct ootb_ntf *ntf = (void *)cb->args[OOTB_CB_NTF];

	if (ntf) {
		ootb_ntf_cancel(ntf);
		kfree(ntf);
	}
	return 0;
}

/* A do's one reply, of command @cmd, filled by @fill. */
static int ootb_nl_reply(struct genl_info *info, u8 cmd, bool admin,
			 int (*fill)(struct sk_buff *msg,
				     struct genl_info *info, bool admin))
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ootb_genl_family, 0, cmd);
	if (!hdr || fill(msg, info, admin)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ootb_nl_fill_port(struct sk_buff *msg, struct genl_info *info,
			     bool admin)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	u16 port = nla_get_u16(info->attrs[SCTP_OOTB_A_PORT]);
	const struct ootb_entry *e;
	int err;

	/* The same lookup as the verdict's. */
	rcu_read_lock();
	e = ootb_table_lookup(rcu_dereference(on->table), port);
	err = nla_put_u16(msg, SCTP_OOTB_A_PORT, port);
	if (!err && e)
		err = ootb_nl_put_range(msg, e, false, admin);
	rcu_read_unlock();
	return err;
}

static int ootb_nl_get_port(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, SCTP_OOTB_A_PORT)) {
		NL_SET_ERR_MSG(info->extack, "missing port");
		return -EINVAL;
	}
	return ootb_nl_reply(info, SCTP_OOTB_CMD_GET_PORT,
			     netlink_net_capable(skb, CAP_NET_ADMIN),
			     ootb_nl_fill_port);
}

static int ootb_nl_fill_stats(struct sk_buff *msg, struct genl_info *info,
			      bool admin)
{
	struct ootb_net *on = ootb_net(genl_info_net(info));
	struct ootb_totals sum;
	u32 ranges, claims;

	/* The lock orders this read after any reset of the totals. */
	mutex_lock(&on->lock);
	ranges = ootb_table_ranges(ootb_net_table(on));
	claims = ootb_table_claims(ootb_net_table(on));
	ootb_net_totals(on, &sum);
	mutex_unlock(&on->lock);

	if (nla_put_u32(msg, SCTP_OOTB_A_RANGES, ranges) ||
	    nla_put_u32(msg, SCTP_OOTB_A_MAX_RANGES, OOTB_MAX_RANGES) ||
	    nla_put_u32(msg, SCTP_OOTB_A_OWNED_RANGES, claims) ||
	    nla_put_u32(msg, SCTP_OOTB_A_MAX_OWNED_RANGES, OOTB_MAX_CLAIMS) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_DISCARDED, sum.discarded,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_COUNTED, sum.counted,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_ABORTED, sum.aborted,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u64_64bit(msg, SCTP_OOTB_A_STAT_UNMATCHED, sum.unmatched,
			      SCTP_OOTB_A_PAD) ||
	    nla_put_u8(msg, SCTP_OOTB_A_HOOKED, ootb_hook_active()))
		return -EMSGSIZE;
	return 0;
}

static int ootb_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	return ootb_nl_reply(info, SCTP_OOTB_CMD_GET_STATS, false,
			     ootb_nl_fill_stats);
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
	{
		/* Zeroing counters is a change: the dump needs the perm too. */
		.cmd		= SCTP_OOTB_CMD_RESET_COUNTERS,
		.doit		= ootb_nl_reset,
		.start		= ootb_nl_reset_start,
		.dumpit		= ootb_nl_reset_dump,
		.done		= ootb_nl_reset_done,
		.policy		= ootb_reset_policy,
		.maxattr	= SCTP_OOTB_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= SCTP_OOTB_CMD_GET_PORT,
		.doit		= ootb_nl_get_port,
		.policy		= ootb_port_policy,
		.maxattr	= SCTP_OOTB_A_MAX,
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
	.mcgrps		= ootb_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ootb_mcgrps),
	/* resv_start_op 0: every command strictly validated, flags too. */
};

int __init ootb_genl_register(void)
{
	int err;

	err = genl_register_family(&ootb_genl_family);
	if (err)
		return err;
	err = netlink_register_notifier(&ootb_nl_notifier);
	if (err)
		genl_unregister_family(&ootb_genl_family);
	return err;
}

/* No release runs or starts once the notifier is gone. */
void ootb_genl_unregister(void)
{
	netlink_unregister_notifier(&ootb_nl_notifier);
	genl_unregister_family(&ootb_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(SCTP_OOTB_GENL_NAME);
