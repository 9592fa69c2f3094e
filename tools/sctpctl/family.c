// SPDX-License-Identifier: GPL-2.0
/*
 * The sctp_ootb family over generic netlink, on libnl-genl-3, in the manner
 * of iw: connect, ask for extended acks, resolve the family, send one
 * request and read until its ACK, error or NLMSG_DONE, keeping the kernel's
 * extack text.  Everything here is named fam_*: nl_* is libnl's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "family.h"
#include "netns.h"
#include "report.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
	[CTRL_ATTR_VERSION] = { .type = NLA_U32 },
	[CTRL_ATTR_OPS] = { .type = NLA_NESTED },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

/* The reply to CTRL_CMD_GETFAMILY: id, version, commands, groups. */
static int on_family(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *a;
	struct family_info *fam = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX,
			  ctrl_policy) < 0 || !tb[CTRL_ATTR_FAMILY_ID])
		return NL_SKIP;
	fam->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		fam->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_OPS]) {
		nla_for_each_nested(a, tb[CTRL_ATTR_OPS], rem) {
			struct nlattr *op[CTRL_ATTR_OP_MAX + 1];
			uint32_t id;

			if (nla_parse_nested(op, CTRL_ATTR_OP_MAX, a, NULL) ||
			    !op[CTRL_ATTR_OP_ID] ||
			    nla_len(op[CTRL_ATTR_OP_ID]) < 4)
				continue;
			id = nla_get_u32(op[CTRL_ATTR_OP_ID]);
			if (id < 64)
				fam->ops |= 1ULL << id;
		}
	}
	if (tb[CTRL_ATTR_MCAST_GROUPS]) {
		nla_for_each_nested(a, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
			struct nlattr *g[CTRL_ATTR_MCAST_GRP_MAX + 1];

			if (nla_parse_nested(g, CTRL_ATTR_MCAST_GRP_MAX, a,
					     NULL) ||
			    !g[CTRL_ATTR_MCAST_GRP_NAME] ||
			    !g[CTRL_ATTR_MCAST_GRP_ID] ||
			    nla_len(g[CTRL_ATTR_MCAST_GRP_ID]) < 4)
				continue;
			if (!strncmp(nla_data(g[CTRL_ATTR_MCAST_GRP_NAME]),
				     SCTP_OOTB_MCGRP_MONITOR,
				     (size_t)nla_len(g[CTRL_ATTR_MCAST_GRP_NAME])))
				fam->monitor_grp =
					(int)nla_get_u32(g[CTRL_ATTR_MCAST_GRP_ID]);
		}
	}
	return NL_OK;
}

/*
 * Ask the controller for the family, as genl_ctrl_resolve() does, but
 * keep its version, commands and multicast groups: a command the loaded
 * module lacks is refused here with a sentence, not by the kernel with
 * "Unsupported attribute".  0, or a positive errno (ENOENT: no family).
 */
static int resolve_family(struct ctx *c, char *why, size_t len)
{
	struct family_info fam = { .id = -1, .monitor_grp = -1 };
	struct nl_msg *msg;
	int ret;

	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				 0, 0, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME)) {
		nlmsg_free(msg);
		snprintf(why, len, "out of memory");
		return ENOMEM;
	}
	ret = fam_talk(c, msg, on_family, &fam);
	if (ret < 0) {
		snprintf(why, len, "cannot look up the %s netlink family",
			 SCTP_OOTB_GENL_NAME);
		return EIO;
	}
	if (ret == 0 && fam.id < 0)
		ret = ENOENT;
	if (ret == ENOENT) {
		snprintf(why, len, "the %s module is not loaded (modprobe %s)",
			 SCTP_OOTB_GENL_NAME, SCTP_OOTB_GENL_NAME);
		return ret;
	}
	if (ret) {
		snprintf(why, len, "cannot look up the %s netlink family: %s",
			 SCTP_OOTB_GENL_NAME, strerror(ret));
		return ret;
	}
	c->fam = fam;
	return 0;
}

/*
 * Open the socket and resolve the family; on failure, say why in why and
 * set *missing when the family does not exist (the module is not loaded).
 * The caller has entered the network namespace of -n already.
 */
int fam_open_quiet(struct ctx *c, char *why, size_t len, bool *missing)
{
	struct nl_sock *sk;
	int one = 1, err;

	if (missing)
		*missing = false;
	if (c->sk)
		return 0;

	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(why, len, "out of memory");
		return EXIT_FAIL;
	}
	err = genl_connect(sk);
	if (err < 0) {
		snprintf(why, len, "cannot open a generic netlink socket: %s",
			 nl_geterror(err));
		nl_socket_free(sk);
		return EXIT_FAIL;
	}
	/* Replies can exceed a page (a dump, an error about a big request). */
	nl_socket_enable_msg_peek(sk);
	/*
	 * Ask for the kernel's error text and the offset of the attribute
	 * at fault; do not echo a failed request back (REPLACE_TABLE is
	 * tens of KB).  Best effort: without them we map errnos ourselves.
	 */
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
			 &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
			 &one, sizeof(one));

	c->sk = sk;
	err = resolve_family(c, why, len);
	if (err) {
		if (missing)
			*missing = err == ENOENT;
		fam_close(c);
		return EXIT_FAIL;
	}
	return 0;
}

/* Enter the namespace of -n, once, before any socket is opened. */
int fam_netns(struct ctx *c)
{
	char why[ERRLEN];

	if (!c->netns || c->in_netns)
		return EXIT_OK;
	if (netns_enter(c->netns, why, sizeof(why))) {
		report_error("%s", why);
		return EXIT_FAIL;
	}
	c->in_netns = true;
	return EXIT_OK;
}

int fam_open(struct ctx *c)
{
	char why[ERRLEN];

	/* -n: the socket must be born in the target namespace. */
	if (fam_netns(c))
		return EXIT_FAIL;
	if (fam_open_quiet(c, why, sizeof(why), NULL)) {
		report_error("%s", why);
		return EXIT_FAIL;
	}
	return 0;
}

void fam_close(struct ctx *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
	c->fam = (struct family_info){ .id = -1, .monitor_grp = -1 };
}

static const char *const cmd_names[] = {
	[SCTP_OOTB_CMD_RESET_COUNTERS] = "RESET_COUNTERS",
	[SCTP_OOTB_CMD_GET_PORT] = "GET_PORT",
};

/*
 * Version 2 of the family: its version number and its new commands (a
 * module built from an earlier tree may claim the number without them).
 * @cmd: the command @what needs, or 0 for any feature of version 2 (the
 * RESERVE flag, the monitor group).  0, or EXIT_FAIL after saying so.
 */
int fam_need(struct ctx *c, const char *what, int cmd)
{
	static const int v2_cmds[] = {
		SCTP_OOTB_CMD_RESET_COUNTERS, SCTP_OOTB_CMD_GET_PORT,
	};
	const char *lacks = NULL;
	char detail[96];
	size_t i;

	for (i = 0; i < sizeof(v2_cmds) / sizeof(v2_cmds[0]); i++)
		if ((!cmd || cmd == v2_cmds[i]) &&
		    !(c->fam.ops & (1ULL << v2_cmds[i])))
			lacks = cmd_names[v2_cmds[i]];
	if (c->fam.version < 2)
		snprintf(detail, sizeof(detail), "family version %u, %s needs 2",
			 c->fam.version, what);
	else if (lacks)
		snprintf(detail, sizeof(detail),
			 "family version %u without %s", c->fam.version, lacks);
	else if (!strcmp(what, "monitor") && c->fam.monitor_grp < 0)
		snprintf(detail, sizeof(detail),
			 "family version %u without the %s group",
			 c->fam.version, SCTP_OOTB_MCGRP_MONITOR);
	else
		return 0;
	report_error("the loaded %s module is too old for %s (%s): install a newer one and reload it (modprobe -r %s; modprobe %s)",
		     SCTP_OOTB_GENL_NAME, what, detail, SCTP_OOTB_GENL_NAME,
		     SCTP_OOTB_GENL_NAME);
	return EXIT_FAIL;
}

/*
 * Version 3 of the family: claims (owned ranges, force, sctpctl run).
 * 0, or EXIT_FAIL after saying so, as fam_need() does.
 */
int fam_need_claims(struct ctx *c, const char *what)
{
	if (c->fam.version >= 3)
		return 0;
	report_error("the loaded %s module is too old for %s (family version %u, %s needs 3): install a newer one and reload it (modprobe -r %s; modprobe %s)",
		     SCTP_OOTB_GENL_NAME, what, c->fam.version, what,
		     SCTP_OOTB_GENL_NAME, SCTP_OOTB_GENL_NAME);
	return EXIT_FAIL;
}

/* fam_open() then fam_request(): NULL after saying why. */
struct nl_msg *fam_start(struct ctx *c, uint8_t cmd, int flags, size_t size)
{
	if (fam_open(c))
		return NULL;
	return fam_request(c, cmd, flags, size);
}

/* A message that could not be filled: free it and say so. */
int fam_build_failed(struct nl_msg *msg)
{
	nlmsg_free(msg);
	report_error("cannot build the request");
	return EXIT_FAIL;
}

/* size: room for the attributes; 0 for the default (one page). */
struct nl_msg *fam_request(struct ctx *c, uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg;

	msg = size ? nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size) :
		     nlmsg_alloc();
	if (!msg) {
		report_error("out of memory");
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->fam.id, 0, flags,
			 cmd, SCTP_OOTB_GENL_VERSION)) {
		report_error("cannot build the request");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct talk {
	struct ctx *c;
	bool done;
	int err;		/* positive errno from the kernel */
};

/* The table changed while a dump was under way: the caller may retry. */
static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	(void)msg;
	t->c->dump_intr = true;
	return NL_OK;
}

/*
 * Keep the extack TLVs of an NLMSG_ERROR or NLMSG_DONE; off is where
 * they start.  The text is made printable and loses a final period, as
 * the report adds its own.
 */
static void take_extack(struct ctx *c, const struct nlmsghdr *nlh,
			size_t off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t i, n;
	char *m = c->ext_msg;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	if (nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      (int)(nlh->nlmsg_len - off), NULL) < 0)
		return;

	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);

		n = strnlen(s, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));
		if (n > sizeof(c->ext_msg) - 1)
			n = sizeof(c->ext_msg) - 1;
		for (i = 0; i < n; i++)
			m[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : ' ';
		while (n > 0 && (m[n - 1] == '.' || m[n - 1] == ' '))
			n--;
		m[n] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_len(tb[NLMSGERR_ATTR_OFFS]) >= (int)sizeof(uint32_t))
		c->ext_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/* Where the TLVs of an NLMSG_ERROR start, or 0 if it is malformed. */
static size_t error_tlv_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (nlh->nlmsg_len < off)
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	return off;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct talk *t = arg;
	size_t off = error_tlv_offset(nlh);

	(void)nla;
	if (off)
		take_extack(t->c, nlh, off);
	t->err = e->error < 0 ? -e->error : e->error;
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;
	size_t off = error_tlv_offset(nlh);

	/* A success can carry a warning in its extack. */
	if (off)
		take_extack(t->c, nlh, off);
	t->done = true;
	return NL_STOP;
}

/* The end of a dump: its payload is the dump's error code. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int err;

		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			t->err = -err;
			take_extack(t->c, nlh, NLMSG_HDRLEN + sizeof(int));
		}
	}
	t->done = true;
	return NL_STOP;
}

/*
 * Send msg (consumed) and read replies up to the end of the exchange;
 * valid() sees each data message.  Returns 0, a positive errno when the
 * kernel refused (its text in c->ext_msg), or -1 after reporting a local
 * failure.  c->dump_intr tells whether a dump saw the table change.
 */
int fam_talk(struct ctx *c, struct nl_msg *msg, fam_valid_fn valid, void *arg)
{
	struct talk t = { .c = c };
	struct nl_cb *cb;
	int ret;

	c->ext_msg[0] = '\0';
	c->ext_offs = -1;
	c->dump_intr = false;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		report_error("out of memory");
		return -1;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);

	ret = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		report_error("cannot send the request: %s", nl_geterror(ret));
		ret = -1;
		goto out;
	}

	ret = 0;
	while (!t.done) {
		int r = nl_recvmsgs(c->sk, cb);

		/* An error callback's NL_STOP also makes r negative. */
		if (t.done)
			break;
		if (r < 0) {
			report_error("cannot read the reply: %s",
				     nl_geterror(r));
			ret = -1;
			goto out;
		}
	}
	if (t.err) {
		ret = t.err;
	} else if (c->ext_msg[0]) {
		report_warning(c, c->ext_msg);
		c->ext_msg[0] = '\0';
	}
out:
	nl_cb_put(cb);
	return ret;
}

/* fam_talk() and report a refusal; returns an exit code. */
int fam_do(struct ctx *c, uint8_t cmd, struct nl_msg *msg,
	  fam_valid_fn valid, void *arg)
{
	int ret = fam_talk(c, msg, valid, arg);

	if (ret > 0)
		report_kernel(c, cmd, ret);
	return ret ? EXIT_FAIL : EXIT_OK;
}
